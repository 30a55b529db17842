//! The print sheet as SVG in millimetres: title, the map (control layers, stock parcels, 套核 hatch, candidates,
//! county lines, red line) clipped to its frame, north arrow, scale bar and ratio, legend, coordinate system note,
//! date and data source. The same SVG is rasterised for the PNG, the PDF and the .docx.

use std::fmt::Write as _;

use geo::{Coord, Intersects as _, LineString, Polygon};

use super::layout::{SheetLayout, scale_bar_metres};
use super::legend::{self, LegendItem};
use super::palette::{self, hex};
use super::scene::MapScene;

/// The words on the sheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetText {
    pub title: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// 数据来源 (the library file and its date).
    pub source: String,
    /// Further lines under the map: the synthetic-data note, the county lines' source …
    pub notes: Vec<String>,
}

/// The coordinate system note every sheet carries (the working CRS, EPSG:4526).
pub const CRS_NOTE: &str =
    "坐标系：2000国家大地坐标系（CGCS2000），高斯-克吕格投影 3°分带 第38带（中央经线114°E，EPSG:4526）";

/// Fonts named in the SVG; the rasteriser maps them to the bundled Noto Sans SC.
pub const FONT_FAMILY: &str = "Noto Sans SC, Noto Sans CJK SC, sans-serif";

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn path_d(l: &SheetLayout, rings: &mut dyn Iterator<Item = &LineString<f64>>) -> String {
    let mut d = String::new();
    for r in rings {
        for (k, c) in r.0.iter().enumerate() {
            let (x, y) = l.to_mm(*c);
            let _ = write!(d, "{}{x:.2},{y:.2}", if k == 0 { 'M' } else { 'L' });
        }
        d.push('Z');
    }
    d
}

fn rings_of(p: &Polygon<f64>) -> impl Iterator<Item = &LineString<f64>> {
    std::iter::once(p.exterior()).chain(p.interiors())
}

/// The whole sheet. `legend` is usually [`legend::items`] of the scene in the layout's window.
pub fn sheet_svg(scene: &MapScene<'_>, text: &SheetText, l: &SheetLayout, legend: &[LegendItem]) -> String {
    let (w, h) = l.paper.mm();
    let [fx, fy, fw, fh] = l.frame;
    let win = l.window;
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}mm\" height=\"{h}mm\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FONT_FAMILY}\"><defs>{}<clipPath id=\"frame\"><rect x=\"{fx}\" y=\"{fy}\" width=\"{fw}\" height=\"{fh}\"/></clipPath></defs>\
         <rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\
         <rect x=\"{fx}\" y=\"{fy}\" width=\"{fw}\" height=\"{fh}\" fill=\"{}\"/><g clip-path=\"url(#frame)\">",
        legend::hatch_def(),
        hex(palette::BACKGROUND)
    );
    // Control layers under everything: 地类 fills, then the planning lines.
    for layer in scene.controls.map(|c| c.layers.as_slice()).unwrap_or_default() {
        let (stroke, sw, dashed) = palette::control_stroke(layer.role);
        for i in layer.query_rect(win) {
            let Some(f) = layer.feature(i) else { continue };
            let d = path_d(l, &mut f.geometry.0.iter().flat_map(rings_of));
            let fill = if palette::control_filled(layer.role) {
                hex(palette::LAND_LEGEND[palette::land_group(&f.code)].1)
            } else {
                "none".into()
            };
            let _ = write!(
                o,
                "<path d=\"{d}\" fill=\"{fill}\" fill-opacity=\"0.8\" fill-rule=\"evenodd\" stroke=\"{}\" stroke-width=\"{sw}\"{}/>",
                hex(stroke),
                if dashed { " stroke-dasharray=\"2 1\"" } else { "" }
            );
        }
    }
    if let Some(lib) = scene.lib {
        for i in lib.query_rect(win) {
            let Some(p) = lib.parcel(i) else { continue };
            let d = path_d(l, &mut p.geometry.0.iter().flat_map(rings_of));
            let _ = write!(
                o,
                "<path d=\"{d}\" fill=\"{}\" fill-opacity=\"0.75\" fill-rule=\"evenodd\" stroke=\"{}\" stroke-width=\"0.12\"/>",
                hex(palette::kind(p.kind)),
                hex(palette::OUTLINE)
            );
        }
        for i in &scene.hits {
            if let Some(p) = lib.parcel(*i) {
                let d = path_d(l, &mut p.geometry.0.iter().flat_map(rings_of));
                let _ = write!(
                    o,
                    "<path class=\"hit\" d=\"{d}\" fill=\"url(#hatch)\" fill-rule=\"evenodd\"/>"
                );
            }
        }
        for c in &scene.candidates {
            let sw = if c.chosen { 0.7 } else { 0.3 };
            let mut at = None;
            for i in &c.parcels {
                if let Some(p) = lib.parcel(*i) {
                    let d = path_d(l, &mut p.geometry.0.iter().flat_map(rings_of));
                    let _ = write!(
                        o,
                        "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{sw}\"/>",
                        hex(palette::CANDIDATE)
                    );
                    at = at.or(p.bbox().map(|b| b.center()));
                }
            }
            if let Some(at) = at {
                let (x, y) = l.to_mm(at);
                let _ = write!(
                    o,
                    "<circle cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"2.2\" fill=\"{}\"/><text x=\"{x:.2}\" y=\"{:.2}\" font-size=\"2.8\" \
                     text-anchor=\"middle\" fill=\"#ffffff\">{}</text>",
                    hex(palette::CANDIDATE),
                    y + 1.0,
                    esc(&c.label)
                );
            }
        }
    }
    county_lines(&mut o, scene, l);
    for ring in scene.footprint.iter().filter(|r| r.len() >= 3) {
        let pts: Vec<String> = ring
            .iter()
            .map(|c| {
                let (x, y) = l.to_mm(*c);
                format!("{x:.2},{y:.2}")
            })
            .collect();
        let _ = write!(
            o,
            "<polygon class=\"redline\" points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"0.6\" stroke-dasharray=\"2.4 1.2\"/>",
            pts.join(" "),
            hex(palette::RED_LINE)
        );
    }
    o.push_str("</g>");
    let _ = write!(
        o,
        "<rect x=\"{fx}\" y=\"{fy}\" width=\"{fw}\" height=\"{fh}\" fill=\"none\" stroke=\"#000\" stroke-width=\"0.4\"/>"
    );
    north_arrow(&mut o, fx + fw - 10.0, fy + 4.0);
    let _ = write!(
        o,
        "<text x=\"{:.2}\" y=\"{:.2}\" font-size=\"6\" font-weight=\"bold\" text-anchor=\"middle\">{}</text>",
        w / 2.0,
        l.margin() + 8.0,
        esc(&text.title)
    );
    foot(&mut o, text, l, legend);
    o.push_str("</svg>");
    o
}

fn north_arrow(o: &mut String, cx: f64, top: f64) {
    let _ = write!(
        o,
        "<g><polygon points=\"{cx:.2},{top:.2} {:.2},{:.2} {cx:.2},{:.2}\" fill=\"#000\"/>\
         <polygon points=\"{cx:.2},{top:.2} {:.2},{:.2} {cx:.2},{:.2}\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"0.2\"/>\
         <text x=\"{cx:.2}\" y=\"{:.2}\" font-size=\"3.5\" text-anchor=\"middle\" font-weight=\"bold\">北 N</text></g>",
        cx - 2.5,
        top + 10.0,
        top + 7.5,
        cx + 2.5,
        top + 10.0,
        top + 7.5,
        top + 14.0
    );
}

/// County outlines that cross the window (dash-dot), each named at points of the window inside it.
fn county_lines(o: &mut String, scene: &MapScene<'_>, l: &SheetLayout) {
    let Some(b) = scene.counties else { return };
    let win = l.window;
    let win_poly = Polygon::from(win);
    for c in b.counties.iter().filter(|c| c.shape.intersects(&win_poly)) {
        let d = path_d(l, &mut c.shape.0.iter().flat_map(rings_of));
        let _ = write!(
            o,
            "<path class=\"county\" d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"0.5\" stroke-dasharray=\"3 1 0.6 1\"/>",
            hex(palette::COUNTY_LINE)
        );
        // The label sits at the grid point inside the county farthest from the window's centre, so it keeps off
        // the red line and the candidates in the middle.
        let mut inside = Vec::new();
        for i in 1..8 {
            for j in 1..8 {
                let p = Coord {
                    x: win.min().x + win.width() * i as f64 / 8.0,
                    y: win.min().y + win.height() * j as f64 / 8.0,
                };
                if c.contains(p) {
                    inside.push(geo::Point::from(p));
                }
            }
        }
        let centre = win.center();
        let far = |p: &geo::Point<f64>| (p.x() - centre.x).hypot(p.y() - centre.y);
        let Some(at) = inside
            .iter()
            .copied()
            .reduce(|a, b| if far(&b) > far(&a) { b } else { a })
        else {
            continue;
        };
        let (x, y) = l.to_mm(at.0);
        let _ = write!(
            o,
            "<text x=\"{x:.2}\" y=\"{y:.2}\" font-size=\"4.5\" text-anchor=\"middle\" fill=\"#555\" fill-opacity=\"0.8\" \
             stroke=\"#fff\" stroke-width=\"0.6\" paint-order=\"stroke\">{}</text>",
            esc(&c.name)
        );
    }
}

/// The band under the map: legend on the left; ratio, scale bar, coordinate note, date and source on the right.
fn foot(o: &mut String, text: &SheetText, l: &SheetLayout, items: &[LegendItem]) {
    let (w, h) = l.paper.mm();
    let m = l.margin();
    let top = l.foot_top();
    let usable = w - 2.0 * m;
    let right_x = m + usable * 0.58;
    let _ = write!(
        o,
        "<text x=\"{m}\" y=\"{:.2}\" font-size=\"3.6\" font-weight=\"bold\">图例</text>",
        top + 3.0
    );
    let col_w = 42.0;
    let cols = ((right_x - m - 2.0) / col_w).floor().max(1.0) as usize;
    let rows = items.len().div_ceil(cols).max(1);
    let row_h = (26.0 / rows as f64).min(4.8);
    for (k, it) in items.iter().enumerate() {
        let (c, r) = (k / rows, k % rows);
        let x = m + c as f64 * col_w;
        let y = top + 5.0 + r as f64 * row_h;
        o.push_str(&legend::swatch_svg(&it.swatch, x, y, 7.0, row_h * 0.7));
        let _ = write!(
            o,
            "<text x=\"{:.2}\" y=\"{:.2}\" font-size=\"{:.2}\">{}</text>",
            x + 8.5,
            y + row_h * 0.6,
            (row_h * 0.62).min(2.9),
            esc(&it.label)
        );
    }
    // Ratio and a bar of four alternating segments.
    let bar_m = scale_bar_metres(l.mm_per_m(), (w - m - right_x - 12.0).min(50.0));
    let bar_mm = bar_m * l.mm_per_m();
    let by = top + 8.0;
    let _ = write!(
        o,
        "<text x=\"{right_x:.2}\" y=\"{:.2}\" font-size=\"3.6\" font-weight=\"bold\">比例尺 1:{}</text>",
        top + 3.0,
        l.scale
    );
    for k in 0..4 {
        let _ = write!(
            o,
            "<rect x=\"{:.2}\" y=\"{by:.2}\" width=\"{:.2}\" height=\"1.4\" fill=\"{}\" stroke=\"#000\" stroke-width=\"0.2\"/>",
            right_x + bar_mm * k as f64 / 4.0,
            bar_mm / 4.0,
            if k % 2 == 0 { "#000" } else { "#fff" }
        );
    }
    let label = if bar_m >= 1000.0 {
        format!("{} km", bar_m / 1000.0)
    } else {
        format!("{bar_m} m")
    };
    let _ = write!(
        o,
        "<text x=\"{right_x:.2}\" y=\"{:.2}\" font-size=\"2.6\">0</text><text x=\"{:.2}\" y=\"{:.2}\" font-size=\"2.6\" \
         text-anchor=\"middle\">{label}</text>",
        by + 4.6,
        right_x + bar_mm,
        by + 4.6
    );
    let lines = [
        CRS_NOTE.to_string(),
        format!("制图日期：{}", text.date),
        format!("数据来源：{}", text.source),
    ];
    let mut y = by + 9.5;
    for line in lines.iter().chain(&text.notes) {
        let size = 2.4;
        let chars_per_line = ((w - m - right_x) / (size * 0.95)).floor().max(8.0) as usize;
        for chunk in wrap(line, chars_per_line) {
            if y > h - m + 4.0 {
                break;
            }
            let _ = write!(
                o,
                "<text x=\"{right_x:.2}\" y=\"{y:.2}\" font-size=\"{size}\">{}</text>",
                esc(&chunk)
            );
            y += size * 1.35;
        }
    }
}

/// Splits a line into pieces of at most `n` display columns (a CJK character counts two, ASCII one, halved here so
/// `n` counts CJK characters).
fn wrap(s: &str, n: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut width = 0.0;
    for ch in s.chars() {
        let cw = if ch.is_ascii() { 0.55 } else { 1.0 };
        if width + cw > n as f64 && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            width = 0.0;
        }
        cur.push(ch);
        width += cw;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_display_width() {
        assert_eq!(wrap("一二三四五", 2), vec!["一二", "三四", "五"]);
        assert_eq!(wrap("abcd", 2), vec!["abc", "d"]);
    }
}
