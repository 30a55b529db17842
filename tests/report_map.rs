//! `stockfirst report --out map.png`: the print map's size in pixels is the paper at 300 dpi, and the red line sits
//! where the printed ratio says (its width in pixels = metres × 1000 / N mm × 300 / 25.4).

use std::path::Path;
use std::process::Command;

const SAMPLE: &str = "sample-data/jiaozuo-stock-sample.gpkg";
const FOOTPRINT: &str = "sample-data/footprints/xiuwu-industrial.txt";

fn report(args: &[&str]) -> (String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .arg("report")
        .args(args)
        .output()
        .expect("run stockfirst");
    (String::from_utf8_lossy(&out.stderr).to_string(), out.status.success())
}

/// The red line converted by `stockfirst convert` into a one-parcel library named after its kind (批而未供).
fn one_parcel_library(dir: &Path) -> String {
    let lib = dir.join("PEWG.gpkg");
    let o = Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args(["convert", FOOTPRINT, lib.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    lib.to_str().unwrap().to_string()
}

/// The TXT's own points (X northing, Y easting), read here, not by stockfirst.
fn txt_points(path: &str) -> Vec<(f64, f64)> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with('J'))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[2].trim().parse().unwrap(), f[3].trim().parse().unwrap())
        })
        .collect()
}

/// (width, height, RGB rows) of a PNG, decoded by the png crate's reader.
fn decode(path: &Path) -> (u32, u32, Vec<u8>, Option<png::PixelDimensions>) {
    let dec = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut r = dec.read_info().unwrap();
    let dims = r.info().pixel_dims;
    let mut buf = vec![0; r.output_buffer_size().unwrap()];
    let info = r.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf, dims)
}

/// The map frame in pixels (x0, y0, x1, y1) of a sheet `paper_mm` wide and high: 12 mm margins, a 14 mm title band
/// above and a 44 mm band below (docs/print.md).
fn frame_px(paper_mm: (f64, f64)) -> (u32, u32, u32, u32) {
    let px = |mm: f64| (mm / 25.4 * 300.0) as u32;
    (px(12.0), px(26.0), px(paper_mm.0 - 12.0), px(paper_mm.1 - 12.0 - 44.0))
}

/// Bounding box (x0, y0, x1, y1) of the red line's pixels inside the map frame (the legend has a red swatch too):
/// pure red (220, 0, 0) and its antialiased edges; the 套核 hatch (187, 0, 0) blended with the background can never
/// be this red and this clean.
fn red_box(w: u32, rgb: &[u8], frame: (u32, u32, u32, u32)) -> Option<(u32, u32, u32, u32)> {
    let mut b: Option<(u32, u32, u32, u32)> = None;
    for (i, p) in rgb.chunks_exact(3).enumerate() {
        let (x, y) = (i as u32 % w, i as u32 / w);
        if x <= frame.0 || x >= frame.2 || y <= frame.1 || y >= frame.3 {
            continue;
        }
        if p[0] >= 200 && p[1] <= 40 && p[2] <= 40 {
            b = Some(match b {
                None => (x, y, x, y),
                Some((a, c, d, e)) => (a.min(x), c.min(y), d.max(x), e.max(y)),
            });
        }
    }
    b
}

fn scale_of(stderr: &str) -> f64 {
    let at = stderr.find("1:").expect("the scale is printed");
    stderr[at + 2..].split_whitespace().next().unwrap().parse().unwrap()
}

#[test]
fn a4_map_png_is_300_dpi_and_the_red_line_is_to_scale() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.png");
    let (err, ok) = report(&[
        "--library",
        SAMPLE,
        "--footprint",
        FOOTPRINT,
        "--use",
        "100101",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let (w, h, rgb, dims) = decode(&out);
    // A4 portrait: 210 × 297 mm ÷ 25.4 × 300 = 2480.3 × 3507.9.
    assert_eq!((w, h), (2480, 3508));
    let dims = dims.expect("pHYs");
    assert_eq!(
        (dims.xppu, dims.unit),
        (11811, png::Unit::Meter),
        "300 dpi = 11811 px/m"
    );
    let n = scale_of(&err);
    let pts = txt_points(FOOTPRINT);
    let (ys, xs): (Vec<f64>, Vec<f64>) = pts.iter().copied().unzip();
    let span = |v: &[f64]| v.iter().cloned().fold(f64::MIN, f64::max) - v.iter().cloned().fold(f64::MAX, f64::min);
    let px_per_m = 1000.0 / n / 25.4 * 300.0;
    // The 0.6 mm stroke is centred on the line: the box is one stroke width (7.1 px) wider than the red line.
    let stroke = 0.6 / 25.4 * 300.0;
    let (x0, y0, x1, y1) = red_box(w, &rgb, frame_px((210.0, 297.0))).expect("red line drawn");
    let (bw, bh) = ((x1 - x0 + 1) as f64, (y1 - y0 + 1) as f64);
    let (ew, eh) = (span(&xs) * px_per_m + stroke, span(&ys) * px_per_m + stroke);
    assert!((bw - ew).abs() <= 3.0, "width {bw} px, expected {ew:.1} at 1:{n}");
    assert!((bh - eh).abs() <= 3.0, "height {bh} px, expected {eh:.1} at 1:{n}");
}

#[test]
fn a3_landscape_centres_a_lone_red_line_in_the_frame() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.png");
    // The red line is its own one-parcel library: the area of interest is the red line, centred in the frame.
    let lib = one_parcel_library(dir.path());
    let (err, ok) = report(&[
        "--library",
        &lib,
        "--footprint",
        FOOTPRINT,
        "--use",
        "100101",
        "--paper",
        "a3",
        "--landscape",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let (w, h, rgb, _) = decode(&out);
    assert_eq!((w, h), (4961, 3508), "A3 landscape: 420 × 297 mm at 300 dpi");
    let (x0, y0, x1, y1) = red_box(w, &rgb, frame_px((420.0, 297.0))).expect("red line drawn");
    let mm = |v: f64| v / 25.4 * 300.0;
    let (cx, cy) = (mm(420.0 / 2.0), mm(12.0 + 14.0 + (297.0 - 24.0 - 14.0 - 44.0) / 2.0));
    let (bx, by) = ((x0 + x1) as f64 / 2.0, (y0 + y1) as f64 / 2.0);
    assert!(
        (bx - cx).abs() < 3.0 && (by - cy).abs() < 3.0,
        "centre ({bx}, {by}) vs ({cx:.1}, {cy:.1})"
    );
}

#[test]
fn map_pdf_is_one_page_of_the_paper_size() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map.pdf");
    let lib = one_parcel_library(dir.path());
    let (err, ok) = report(&[
        "--library",
        &lib,
        "--footprint",
        FOOTPRINT,
        "--use",
        "100101",
        "--map",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.4"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/MediaBox [0 0 595.276 841.890]"), "A4 in points");
    assert!(text.contains("/Width 2480 /Height 3508"));
    // poppler, when installed, reads it as one A4 page.
    if let Ok(o) = Command::new("pdfinfo").arg(&out).output() {
        let info = String::from_utf8_lossy(&o.stdout);
        let field = |k: &str| {
            info.lines()
                .find_map(|l| l.strip_prefix(k))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        assert_eq!(field("Pages:"), "1", "{info}");
        assert!(field("Page size:").starts_with("595.276 x 841.89 pts"), "{info}");
    }
}
