//! Reading a text file line by line with a cap, so a 100 MB "line" is refused after 64 KiB, not buffered.

use std::io::{self, BufRead};

/// The longest line we accept. Real lines are under 200 bytes; a parcel header with a long name stays far below.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// Why reading lines stopped early.
#[derive(Debug)]
pub(crate) enum LineError {
    Io { line: usize, error: io::Error },
    TooLong { line: usize },
}

/// Reads all of `reader` into one buffer, line by line, refusing any line longer than `cap` bytes
/// (line ending excluded). Line endings are kept, so byte offsets and line numbers stay those of the file.
pub(crate) fn read_capped<R: BufRead>(mut reader: R, cap: usize) -> Result<Vec<u8>, LineError> {
    let mut out = Vec::new();
    let mut line = 1usize;
    let mut current = 0usize; // bytes of the current line so far
    loop {
        let chunk = match reader.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(LineError::Io { line, error }),
        };
        if chunk.is_empty() {
            return Ok(out);
        }
        let (take, newline) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let content = if newline { take - 1 } else { take };
        // A CR before the LF belongs to the line ending, but counting it is harmless at this cap.
        if current + content > cap {
            return Err(LineError::TooLong { line });
        }
        out.extend_from_slice(&chunk[..take]);
        reader.consume(take);
        if newline {
            line += 1;
            current = 0;
        } else {
            current += content;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Read};

    #[test]
    fn keeps_bytes_and_stops_at_long_line() {
        let data = b"a\r\nbb\nccc".to_vec();
        assert_eq!(read_capped(&data[..], 3).unwrap(), data);
        let long = b"a\nbbbb\n";
        assert!(matches!(read_capped(&long[..], 3), Err(LineError::TooLong { line: 2 })));
    }

    #[test]
    fn endless_line_is_refused_without_reading_it_all() {
        let endless = BufReader::new(std::io::repeat(b'7').take(100 * 1024 * 1024));
        assert!(matches!(
            read_capped(endless, MAX_LINE_BYTES),
            Err(LineError::TooLong { line: 1 })
        ));
    }
}
