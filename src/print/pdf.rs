//! A one-page PDF holding the rendered sheet as an image at the paper's size. Written by hand: the format needs five
//! objects here, and an image page is the honest route for a 300 dpi raster (no text layer is claimed).

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::{Context, Result};

use super::paper::Paper;

/// The PDF bytes of one page of `paper` filled by an RGB image (`rgb`: width × height × 3 bytes, rows top first).
pub fn image_pdf(paper: Paper, width: u32, height: u32, rgb: &[u8], title: &str) -> Result<Vec<u8>> {
    anyhow::ensure!(
        rgb.len() == width as usize * height as usize * 3,
        "图像大小不符 / image size mismatch"
    );
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(rgb).context("压缩图像 / compressing the image")?;
    let image = z.finish().context("压缩图像 / compressing the image")?;
    let (pw, ph) = paper.points();
    let content = format!("q {pw:.3} 0 0 {ph:.3} 0 0 cm /Im0 Do Q\n");
    let mut title_hex = String::from("FEFF");
    for u in title.encode_utf16() {
        let _ = write!(title_hex, "{u:04X}");
    }

    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    let mut obj = |out: &mut Vec<u8>, head: &str, stream: Option<&[u8]>| {
        offsets.push(out.len());
        let n = offsets.len();
        out.extend_from_slice(format!("{n} 0 obj\n{head}\n").as_bytes());
        if let Some(s) = stream {
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(s);
            out.extend_from_slice(b"\nendstream\n");
        }
        out.extend_from_slice(b"endobj\n");
    };
    obj(&mut out, "<< /Type /Catalog /Pages 2 0 R >>", None);
    obj(&mut out, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", None);
    obj(
        &mut out,
        &format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {pw:.3} {ph:.3}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>"
        ),
        None,
    );
    obj(
        &mut out,
        &format!(
            "<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceRGB /BitsPerComponent 8 \
             /Filter /FlateDecode /Length {} >>",
            image.len()
        ),
        Some(&image),
    );
    obj(
        &mut out,
        &format!("<< /Length {} >>", content.len()),
        Some(content.as_bytes()),
    );
    obj(
        &mut out,
        &format!("<< /Title <{title_hex}> /Producer (stockfirst) >>"),
        None,
    );
    let xref = out.len();
    let mut tail = format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
    for o in &offsets {
        let _ = writeln!(tail, "{o:010} 00000 n ");
    }
    let _ = write!(
        tail,
        "trailer\n<< /Size {} /Root 1 0 R /Info {} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        offsets.len() + 1,
        offsets.len()
    );
    out.extend_from_slice(tail.as_bytes());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::PaperSize;

    #[test]
    fn xref_points_at_each_object() {
        let pdf = image_pdf(Paper::new(PaperSize::A4, false), 2, 1, &[255, 0, 0, 0, 0, 255], "地图").unwrap();
        // Offsets are in bytes: search the bytes, not a lossy text (the image stream is binary).
        let find = |needle: &[u8]| pdf.windows(needle.len()).rposition(|w| w == needle).unwrap();
        let head = String::from_utf8_lossy(&pdf[..find(b"stream\n")]);
        assert!(
            head.contains("/MediaBox [0 0 595.276 841.890]"),
            "A4 = 595.276 × 841.890 pt"
        );
        // The table's own line (not the "xref" inside "startxref").
        let tail = std::str::from_utf8(&pdf[find(b"\nxref\n") + 1..]).unwrap();
        let xref_at: usize = tail
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(pdf[xref_at..].starts_with(b"xref"));
        for (n, line) in tail.lines().skip(3).take(6).enumerate() {
            let off: usize = line[..10].parse().unwrap();
            assert!(
                pdf[off..].starts_with(format!("{} 0 obj", n + 1).as_bytes()),
                "object {}",
                n + 1
            );
        }
    }
}
