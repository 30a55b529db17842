//! A parcel's row image: its fifteen cells as binary COPY would send them, kept by the server's triggers in the table
//! `stockfirst.parcel_images` (migration 3), so that a full load asks for one cell a row instead of fifteen, and gets
//! the images of a stretch of pages laid end to end in one cell.
//!
//! The image is the cells of one COPY row without the row's field count: per cell an `i32` length (−1 for NULL) and
//! that many bytes. The server writes it, but it is still read with every length checked: a damaged or foreign
//! image is an error, never a panic or a shifted cell.

use anyhow::{Result, bail};

/// Reads the cells of the first image in `images` (images laid end to end, as a load receives them) into `cells`,
/// and moves `images` past it.
pub fn next_image<'a>(images: &mut &'a [u8], cells: &mut [Option<&'a [u8]>]) -> Result<()> {
    let mut rest = *images;
    for (i, cell) in cells.iter_mut().enumerate() {
        let Some((len, after)) = rest.split_first_chunk::<4>() else {
            bail!(
                "行影像在第 {i} 个字段前结束（余 {left} 字节）/ the row image ends before cell {i} ({left} bytes left)",
                left = rest.len()
            );
        };
        let len = i32::from_be_bytes(*len);
        *cell = match usize::try_from(len) {
            Ok(n) if n <= after.len() => {
                let (v, tail) = after.split_at(n);
                rest = tail;
                Some(v)
            }
            Ok(n) => bail!("行影像第 {i} 个字段长 {n}，超出影像 / cell {i} of the row image runs past its end"),
            Err(_) if len == -1 => {
                rest = after;
                None
            }
            Err(_) => bail!("行影像第 {i} 个字段长度无效 / cell {i} of the row image has length {len}"),
        };
    }
    *images = rest;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(cells: &[Option<&[u8]>]) -> Vec<u8> {
        let mut out = Vec::new();
        for c in cells {
            match c {
                Some(v) => {
                    out.extend(i32::try_from(v.len()).unwrap().to_be_bytes());
                    out.extend(*v);
                }
                None => out.extend((-1i32).to_be_bytes()),
            }
        }
        out
    }

    #[test]
    fn images_laid_end_to_end_come_back_as_written() {
        let first: [Option<&[u8]>; 4] = [Some(b"410821-XZ-1"), None, Some(b""), Some(&[0xff; 9])];
        let second: [Option<&[u8]>; 4] = [None, Some("焦作".as_bytes()), Some(&[0; 300]), None];
        let both = [image(&first), image(&second)].concat();
        let (mut rest, mut got) = (both.as_slice(), [None; 4]);
        next_image(&mut rest, &mut got).unwrap();
        assert_eq!(got, first);
        next_image(&mut rest, &mut got).unwrap();
        assert_eq!(got, second);
        assert!(rest.is_empty());
    }

    #[test]
    fn a_cut_or_foreign_image_is_an_error() {
        let img = image(&[Some(b"abc"), None, Some(b"defg")]);
        let mut cells = [None; 3];
        for cut in 0..img.len() {
            assert!(next_image(&mut &img[..cut], &mut cells).is_err(), "cut at {cut}");
        }
        // A byte after the image is the start of a next one, which is cut.
        let mut long = img.clone();
        long.push(0);
        let mut rest = long.as_slice();
        next_image(&mut rest, &mut cells).unwrap();
        assert_eq!(rest, [0]);
        let e = next_image(&mut rest, &mut cells).unwrap_err().to_string();
        assert!(e.contains("before cell 0"), "{e}");
        // A negative length other than NULL's.
        let mut bad = img.clone();
        bad[..4].copy_from_slice(&(-2i32).to_be_bytes());
        assert!(
            next_image(&mut bad.as_slice(), &mut cells)
                .unwrap_err()
                .to_string()
                .contains("-2")
        );
        // A length past the end.
        let mut over = img.clone();
        over[..4].copy_from_slice(&100i32.to_be_bytes());
        assert!(
            next_image(&mut over.as_slice(), &mut cells)
                .unwrap_err()
                .to_string()
                .contains("runs past")
        );
    }
}
