//! The sheet's SVG to pixels with resvg (pure Rust: no browser, no window, no GPU), at 300 dpi, with the bundled CJK
//! font so Chinese renders on a bare machine; then PNG (with its 300 dpi mark) or an image PDF.

use std::sync::{Arc, OnceLock};

use anyhow::{Context, Result, anyhow};
use resvg::{tiny_skia, usvg};

use super::fonts;
use super::paper::{DPI, MM_PER_INCH, Paper};

/// A rendered sheet: RGB rows, top first.
#[derive(Debug, Clone)]
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

/// The font database, built once: the bundled Noto Sans SC subset, then the system's Noto CJK when present for any
/// character outside the subset.
fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(fonts::EMBEDDED_CJK.to_vec());
        let family = db
            .faces()
            .next()
            .and_then(|f| f.families.first().map(|(n, _)| n.clone()));
        for path in fonts::SYSTEM_CJK {
            if let Ok(bytes) = std::fs::read(path) {
                db.load_font_data(bytes);
                break;
            }
        }
        if let Some(family) = family {
            db.set_sans_serif_family(family.clone());
            db.set_serif_family(family);
        }
        Arc::new(db)
    })
    .clone()
}

/// Renders an SVG whose size is in mm (the sheet) to `paper`'s pixels at 300 dpi on white.
pub fn render(svg: &str, paper: Paper) -> Result<Raster> {
    let opt = usvg::Options {
        fontdb: fontdb(),
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_str(svg, &opt).map_err(|e| anyhow!("地图 SVG 无法解析 / the map SVG does not parse: {e}"))?;
    let (w, h) = paper.pixels();
    let mut pixmap =
        tiny_skia::Pixmap::new(w, h).ok_or_else(|| anyhow!("无法分配 {w}×{h} 像素 / cannot allocate {w}×{h}"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    // The tree's size is in CSS px (96 per inch): scale to the sheet's pixels.
    let size = tree.size();
    let (sx, sy) = (w as f32 / size.width(), h as f32 / size.height());
    resvg::render(&tree, tiny_skia::Transform::from_scale(sx, sy), &mut pixmap.as_mut());
    // Opaque white below everything, so premultiplied equals straight RGB.
    let rgb = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    Ok(Raster {
        width: w,
        height: h,
        rgb,
    })
}

impl Raster {
    /// PNG with a pHYs chunk saying 300 dpi, so Word, WPS and printers place it at paper size.
    pub fn png(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, self.width, self.height);
            enc.set_color(png::ColorType::Rgb);
            enc.set_depth(png::BitDepth::Eight);
            let ppm = (DPI / MM_PER_INCH * 1000.0).round() as u32;
            enc.set_pixel_dims(Some(png::PixelDimensions {
                xppu: ppm,
                yppu: ppm,
                unit: png::Unit::Meter,
            }));
            let mut w = enc.write_header().context("PNG")?;
            w.write_image_data(&self.rgb).context("PNG")?;
        }
        Ok(out)
    }

    /// The colour at pixel (x, y).
    pub fn pixel(&self, x: u32, y: u32) -> Option<(u8, u8, u8)> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let i = (y as usize * self.width as usize + x as usize) * 3;
        Some((self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]))
    }
}
