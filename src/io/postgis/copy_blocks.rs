//! Binary COPY output cut into blocks of whole rows, and the cells of each row.
//!
//! The format (PostgreSQL docs, "COPY … Binary Format"): a header (`PGCOPY\n\xff\r\n\0`, flags, extension), then per
//! row an `i16` field count and per field an `i32` length (−1 for NULL) and that many bytes, then an `i16` −1. The
//! reading thread only copies bytes and finds where rows end; the cells are read on the thread that makes parcels,
//! without a buffer and a list of ranges allocated for each row as `BinaryCopyOutIter` does.

use std::io::BufRead;

use anyhow::{Result, bail};

const MAGIC: &[u8] = b"PGCOPY\n\xff\r\n\0";

/// Bytes gathered before a block is handed on: large enough that the hand-over costs nothing, small enough that the
/// parcel maker starts early.
const BLOCK_BYTES: usize = 256 * 1024;

/// Cuts a binary COPY stream into blocks of whole rows.
pub struct CopyBlocks<R> {
    reader: R,
    /// Bytes of a row not yet complete, carried into the next block.
    carry: Vec<u8>,
    header_read: bool,
    ended: bool,
    /// Blocks the parcel maker is done with, filled again rather than a fresh one allocated (and its pages faulted
    /// in) for every 256 kB.
    spare: Vec<Vec<u8>>,
}

impl<R: BufRead> CopyBlocks<R> {
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            carry: Vec::new(),
            header_read: false,
            ended: false,
            spare: Vec::new(),
        }
    }

    /// Hands back a block whose rows have been read, to be filled again.
    pub fn recycle(&mut self, block: Vec<u8>) {
        // As many as the hand-over queue holds, and one being read.
        if self.spare.len() < 8 {
            self.spare.push(block);
        }
    }

    /// The next block of whole rows, or `None` after the trailer.
    pub fn next_block(&mut self) -> Result<Option<Vec<u8>>> {
        if self.ended {
            return Ok(None);
        }
        let mut buf = self.spare.pop().unwrap_or_default();
        buf.clear();
        buf.reserve(BLOCK_BYTES + 64 * 1024);
        buf.extend_from_slice(&self.carry);
        self.carry.clear();
        let mut eof = false;
        // The header's bytes at the front of the first block.
        let mut at = 0;
        loop {
            while buf.len() < BLOCK_BYTES {
                let chunk = self.reader.fill_buf()?;
                if chunk.is_empty() {
                    eof = true;
                    break;
                }
                let n = chunk.len();
                buf.extend_from_slice(chunk);
                self.reader.consume(n);
            }
            if !self.header_read {
                match header_len(&buf)? {
                    Some(n) => {
                        at = n;
                        self.header_read = true;
                    }
                    None if eof => bail!("COPY 数据头不完整 / the COPY stream ended inside its header"),
                    None => continue,
                }
            }
            let (cut, trailer) = whole_rows(&buf, at)?;
            if trailer {
                self.ended = true;
                buf.truncate(cut);
                buf.drain(..at);
                return Ok(Some(buf));
            }
            if eof {
                bail!("COPY 数据在行中途结束 / the COPY stream ended inside a row (no trailer)");
            }
            if cut > at {
                self.carry.extend_from_slice(&buf[cut..]);
                buf.truncate(cut);
                buf.drain(..at);
                return Ok(Some(buf));
            }
            // One row larger than a block: read on.
            if buf.len() >= BLOCK_BYTES {
                let more = self.reader.fill_buf()?;
                if more.is_empty() {
                    bail!("COPY 数据在行中途结束 / the COPY stream ended inside a row");
                }
                let n = more.len();
                buf.extend_from_slice(more);
                self.reader.consume(n);
            }
        }
    }
}

/// The header's length, or `None` when `b` does not hold all of it yet.
fn header_len(b: &[u8]) -> Result<Option<usize>> {
    let fixed = MAGIC.len() + 8;
    if b.len() < fixed {
        return Ok(None);
    }
    if &b[..MAGIC.len()] != MAGIC {
        bail!("不是二进制 COPY 数据 / not a binary COPY stream");
    }
    let ext = i32::from_be_bytes([b[15], b[16], b[17], b[18]]);
    let Ok(ext) = usize::try_from(ext) else {
        bail!("COPY 数据头损坏 / bad COPY header extension length {ext}");
    };
    Ok((b.len() >= fixed + ext).then_some(fixed + ext))
}

/// Where the whole rows from `at` end, and whether the trailer follows them.
fn whole_rows(b: &[u8], mut at: usize) -> Result<(usize, bool)> {
    loop {
        let Some(count) = b.get(at..at + 2) else {
            return Ok((at, false));
        };
        let count = i16::from_be_bytes([count[0], count[1]]);
        if count == -1 {
            return Ok((at, true));
        }
        if count < 0 {
            bail!("COPY 行的字段数无效 / bad field count {count}");
        }
        let mut p = at + 2;
        let mut whole = true;
        for _ in 0..count {
            let Some(len) = b.get(p..p + 4) else {
                whole = false;
                break;
            };
            let len = i32::from_be_bytes([len[0], len[1], len[2], len[3]]);
            p += 4 + usize::try_from(len.max(0)).unwrap_or(0);
            if p > b.len() {
                whole = false;
                break;
            }
        }
        if !whole {
            return Ok((at, false));
        }
        at = p;
    }
}

/// The rows of one block, each as its cells (`None` for NULL).
pub struct Rows<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Rows<'a> {
    pub fn new(block: &'a [u8]) -> Self {
        Self { b: block, at: 0 }
    }

    /// Reads the next row's cells into `cells`; `false` after the last. A row with another number of fields than
    /// `cells` holds is an error (the query and the reader disagree).
    pub fn next_into(&mut self, cells: &mut [Option<&'a [u8]>]) -> Result<bool> {
        let b = self.b;
        if self.at >= b.len() {
            return Ok(false);
        }
        // Whole rows only: `CopyBlocks` checked every length.
        let count = i16::from_be_bytes([b[self.at], b[self.at + 1]]);
        if usize::try_from(count).ok() != Some(cells.len()) {
            bail!(
                "COPY 行有 {count} 个字段，应为 {} / a row has {count} fields, expected {}",
                cells.len(),
                cells.len()
            );
        }
        let mut p = self.at + 2;
        for cell in cells.iter_mut() {
            let len = i32::from_be_bytes([b[p], b[p + 1], b[p + 2], b[p + 3]]);
            p += 4;
            *cell = match usize::try_from(len) {
                Ok(n) => {
                    let v = &b[p..p + n];
                    p += n;
                    Some(v)
                }
                Err(_) => None,
            };
        }
        self.at = p;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A binary COPY stream of `rows`, each a list of cells.
    fn stream(rows: &[Vec<Option<&[u8]>>]) -> Vec<u8> {
        let mut s = MAGIC.to_vec();
        s.extend(0i32.to_be_bytes());
        s.extend(0i32.to_be_bytes());
        for row in rows {
            s.extend((row.len() as i16).to_be_bytes());
            for cell in row {
                match cell {
                    Some(v) => {
                        s.extend((v.len() as i32).to_be_bytes());
                        s.extend(*v);
                    }
                    None => s.extend((-1i32).to_be_bytes()),
                }
            }
        }
        s.extend((-1i16).to_be_bytes());
        s
    }

    /// A reader that hands out `step` bytes at a time, as messages arrive.
    struct Trickle {
        data: Vec<u8>,
        at: usize,
        step: usize,
    }
    impl std::io::Read for Trickle {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let b = self.fill_buf()?;
            let n = b.len().min(buf.len());
            buf[..n].copy_from_slice(&b[..n]);
            self.consume(n);
            Ok(n)
        }
    }
    impl BufRead for Trickle {
        fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
            let end = (self.at + self.step).min(self.data.len());
            Ok(&self.data[self.at..end])
        }
        fn consume(&mut self, n: usize) {
            self.at += n;
        }
    }

    fn all_rows(data: Vec<u8>, step: usize) -> Result<Vec<Vec<Option<Vec<u8>>>>> {
        let mut blocks = CopyBlocks::new(Trickle { data, at: 0, step });
        let mut out = Vec::new();
        while let Some(block) = blocks.next_block()? {
            let mut rows = Rows::new(&block);
            let mut cells = [None; 3];
            while rows.next_into(&mut cells)? {
                out.push(cells.iter().map(|c| c.map(<[u8]>::to_vec)).collect());
            }
        }
        Ok(out)
    }

    #[test]
    fn rows_come_back_whole_whatever_the_message_size() {
        let big = vec![7u8; 300 * 1024];
        let rows: Vec<Vec<Option<&[u8]>>> = (0..2000)
            .map(|i| match i % 3 {
                0 => vec![Some(&b"410804-XZ-00001"[..]), None, Some(&b"x"[..])],
                1 => vec![Some(&b""[..]), Some(&b"\xff\xff\xff\xff"[..]), None],
                // A row larger than a block.
                _ if i == 1001 => vec![Some(&big[..]), None, None],
                _ => vec![None, None, None],
            })
            .collect();
        let want: Vec<Vec<Option<Vec<u8>>>> = rows
            .iter()
            .map(|r| r.iter().map(|c| c.map(<[u8]>::to_vec)).collect())
            .collect();
        for step in [1, 7, 19, 8192, 1 << 20] {
            assert_eq!(all_rows(stream(&rows), step).unwrap(), want, "step {step}");
        }
    }

    #[test]
    fn a_cut_stream_or_a_foreign_one_is_an_error_not_fewer_rows() {
        let rows = vec![vec![Some(&b"abc"[..]), None, Some(&b"def"[..])]; 10];
        let full = stream(&rows);
        for cut in [5, 25, full.len() - 10, full.len() - 2] {
            let err = all_rows(full[..cut].to_vec(), 4).unwrap_err().to_string();
            assert!(err.contains("COPY"), "cut at {cut}: {err}");
        }
        assert!(all_rows(b"id,name\n1,a\n".to_vec(), 4).is_err());
        // Rows of two fields read as three: refused.
        let two = stream(&[vec![Some(&b"a"[..]), None]]);
        assert!(all_rows(two, 64).unwrap_err().to_string().contains("expected 3"));
    }
}
