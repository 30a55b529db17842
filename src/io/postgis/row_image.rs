//! A parcel's row image: its fifteen cells as binary COPY would send them, kept by the server's triggers in the table
//! `stockfirst.parcel_images` (migration 3), so that a full load asks for one cell a row instead of fifteen.
//!
//! The image is the cells of one COPY row without the row's field count: per cell an `i32` length (−1 for NULL) and
//! that many bytes. The server writes it, but it is still read with every length checked: a damaged or foreign
//! image is an error, never a panic or a shifted cell.

use anyhow::{Result, bail};

/// Reads the cells of `image` into `cells`, which must be exactly as many as the image holds.
pub fn cells_into<'a>(image: &'a [u8], cells: &mut [Option<&'a [u8]>]) -> Result<()> {
    let mut rest = image;
    for (i, cell) in cells.iter_mut().enumerate() {
        let Some((len, after)) = rest.split_first_chunk::<4>() else {
            bail!(
                "行影像在第 {i} 个字段前结束 / the row image ends before cell {i} of {}",
                image.len()
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
    if !rest.is_empty() {
        bail!(
            "行影像多出 {} 字节 / the row image has {} bytes after its {} cells",
            rest.len(),
            rest.len(),
            cells.len()
        );
    }
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
    fn cells_come_back_as_written() {
        let want: [Option<&[u8]>; 4] = [Some(b"410821-XZ-1"), None, Some(b""), Some(&[0xff; 9])];
        let img = image(&want);
        let mut got = [None; 4];
        cells_into(&img, &mut got).unwrap();
        assert_eq!(got, want);
    }

    #[test]
    fn a_cut_long_or_foreign_image_is_an_error() {
        let img = image(&[Some(b"abc"), None, Some(b"defg")]);
        let mut cells = [None; 3];
        for cut in 0..img.len() {
            assert!(cells_into(&img[..cut], &mut cells).is_err(), "cut at {cut}");
        }
        let mut long = img.clone();
        long.push(0);
        assert!(
            cells_into(&long, &mut cells)
                .unwrap_err()
                .to_string()
                .contains("1 bytes after")
        );
        // Fewer cells expected than the image holds, and a negative length other than NULL's.
        assert!(cells_into(&img, &mut [None; 2]).is_err());
        let mut bad = img.clone();
        bad[..4].copy_from_slice(&(-2i32).to_be_bytes());
        assert!(cells_into(&bad, &mut cells).unwrap_err().to_string().contains("-2"));
    }
}
