//! The decision draft (决策稿): a self-contained HTML page with an SVG map drawn here from the library, plus CSV.
//! Pure formatting: the tables come filled from the core's answers.

use std::fmt::Write as _;

use geo::{Coord, Rect};

use super::map::control_style;
use super::map::style::kind_color;
use crate::controls::{ControlLayers, Role};
use crate::library::{ParcelIdx, StockLibrary};

/// A table: header and rows of text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A candidate on the map: its parcels, rank label, and whether it is the chosen one.
#[derive(Debug, Clone, PartialEq)]
pub struct MapCandidate {
    pub parcels: Vec<ParcelIdx>,
    pub label: String,
    pub chosen: bool,
}

/// Everything on the page.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub title: String,
    pub subtitle: String,
    /// (heading, table) sections in order.
    pub sections: Vec<(String, Table)>,
    /// The SVG map, drawn by [`svg_map`].
    pub svg: String,
    pub footer: String,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page. Prints on A4 (tables do not split rows, the map keeps its aspect).
pub fn html(d: &Draft) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title><style>\
         body{{font-family:'Noto Sans CJK SC','Noto Sans SC','Microsoft YaHei',sans-serif;margin:2em;color:#222}}\
         h1{{font-size:1.5em;margin-bottom:0}} h2{{font-size:1.15em;border-bottom:1px solid #999;margin-top:1.4em}}\
         table{{border-collapse:collapse;width:100%;font-size:0.9em}} th,td{{border:1px solid #bbb;padding:3px 6px;text-align:left}}\
         th{{background:#eee}} tr{{page-break-inside:avoid}} .sub{{color:#666}} svg{{max-width:100%;height:auto;border:1px solid #999}}\
         @page{{size:A4;margin:15mm}} @media print{{body{{margin:0}}}}</style></head><body>",
        esc(&d.title)
    );
    let _ = write!(o, "<h1>{}</h1><p class=\"sub\">{}</p>", esc(&d.title), esc(&d.subtitle));
    o.push_str(&d.svg);
    for (h, t) in &d.sections {
        let _ = write!(o, "<h2>{}</h2><table><thead><tr>", esc(h));
        for c in &t.header {
            let _ = write!(o, "<th>{}</th>", esc(c));
        }
        o.push_str("</tr></thead><tbody>");
        for r in &t.rows {
            o.push_str("<tr>");
            for c in r {
                let _ = write!(o, "<td>{}</td>", esc(c));
            }
            o.push_str("</tr>");
        }
        o.push_str("</tbody></table>");
    }
    let _ = write!(o, "<p class=\"sub\">{}</p></body></html>", esc(&d.footer));
    o
}

/// RFC 4180 CSV with a UTF-8 BOM so spreadsheet programs read the Chinese correctly (`crate::report::csv`).
///
/// ```
/// use stockfirst::ui::{csv, Table};
/// let t = Table { header: vec!["编号".into(), "理由".into()], rows: vec![vec!["A".into(), "用途相符, 规模\"适中\"".into()]] };
/// assert_eq!(csv(&t), "\u{feff}编号,理由\r\nA,\"用途相符, 规模\"\"适中\"\"\"\r\n");
/// ```
pub fn csv(t: &Table) -> String {
    let mut shared = crate::report::Table::new("", &t.header.iter().map(String::as_str).collect::<Vec<_>>(), &[]);
    shared.rows = t
        .rows
        .iter()
        .map(|r| r.iter().map(crate::report::Cell::text).collect())
        .collect();
    crate::report::csv::csv(&shared)
}

fn grow(r: Rect<f64>, by: f64) -> Rect<f64> {
    Rect::new(
        Coord {
            x: r.min().x - by,
            y: r.min().y - by,
        },
        Coord {
            x: r.max().x + by,
            y: r.max().y + by,
        },
    )
}

fn union(a: Option<Rect<f64>>, b: Rect<f64>) -> Rect<f64> {
    match a {
        None => b,
        Some(a) => Rect::new(
            Coord {
                x: a.min().x.min(b.min().x),
                y: a.min().y.min(b.min().y),
            },
            Coord {
                x: a.max().x.max(b.max().x),
                y: a.max().y.max(b.max().y),
            },
        ),
    }
}

/// An SVG map of the footprint, the stock around it (coloured by kind), the 套核 hits (hatched) and the candidates
/// (outlined, with rank labels). `footprint` is every ring of the red line (parts and holes). `width` in px; the
/// height follows the area's aspect.
#[cfg(test)]
pub fn svg_map(
    lib: &StockLibrary,
    footprint: &[&[Coord<f64>]],
    hits: &[ParcelIdx],
    candidates: &[MapCandidate],
    width: f64,
) -> String {
    svg_map_with_controls(lib, None, footprint, hits, candidates, width)
}

/// [`svg_map`] with the planning control layers drawn under the parcels (合规性审查), in the map's palette.
pub fn svg_map_with_controls(
    lib: &StockLibrary,
    controls: Option<&ControlLayers>,
    footprint: &[&[Coord<f64>]],
    hits: &[ParcelIdx],
    candidates: &[MapCandidate],
    width: f64,
) -> String {
    let mut area: Option<Rect<f64>> = None;
    for c in footprint.iter().flat_map(|r| r.iter()) {
        area = Some(union(area, Rect::new(*c, *c)));
    }
    for i in candidates.iter().flat_map(|c| &c.parcels).chain(hits) {
        if let Some(b) = lib.parcel(*i).and_then(|p| p.bbox()) {
            area = Some(union(area, b));
        }
    }
    let Some(area) = area else { return String::new() };
    let area = grow(area, area.width().max(area.height()) * 0.08 + 50.0);
    let s = width / area.width();
    let height = (area.height() * s).ceil();
    let pt = |c: &Coord<f64>| format!("{:.1},{:.1}", (c.x - area.min().x) * s, (area.max().y - c.y) * s);
    let path = |rings: &mut dyn Iterator<Item = &geo::LineString<f64>>| {
        let mut d = String::new();
        for r in rings {
            for (k, c) in r.0.iter().enumerate() {
                d.push(if k == 0 { 'M' } else { 'L' });
                d.push_str(&pt(c));
            }
            d.push('Z');
        }
        d
    };
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#f4f2ec\"/>"
    );
    for layer in controls.map(|c| c.layers.as_slice()).unwrap_or_default() {
        let st = control_style::layer_swatch(layer.role);
        for i in layer.query_rect(area) {
            let Some(f) = layer.feature(i) else { continue };
            let d = path(
                &mut f
                    .geometry
                    .0
                    .iter()
                    .flat_map(|g| std::iter::once(g.exterior()).chain(g.interiors())),
            );
            let fill = match layer.role {
                Role::LandSurvey | Role::Forest => control_style::hex(control_style::land_fill(&f.code)),
                _ => "none".to_string(),
            };
            let dash = if st.dashed { " stroke-dasharray=\"6 3\"" } else { "" };
            let _ = write!(
                o,
                "<path class=\"control\" d=\"{d}\" fill=\"{fill}\" fill-rule=\"evenodd\" stroke=\"{}\" stroke-width=\"{}\"{dash}/>",
                control_style::hex(st.stroke.color),
                st.stroke.width
            );
        }
    }
    for i in lib.query_rect(area) {
        let Some(p) = lib.parcel(i) else { continue };
        let c = kind_color(p.kind);
        let d = path(
            &mut p
                .geometry
                .0
                .iter()
                .flat_map(|g| std::iter::once(g.exterior()).chain(g.interiors())),
        );
        let _ = write!(
            o,
            "<path d=\"{d}\" fill=\"rgb({},{},{})\" fill-opacity=\"0.75\" fill-rule=\"evenodd\" stroke=\"#555\" stroke-width=\"0.5\"/>",
            c.r(),
            c.g(),
            c.b()
        );
    }
    // Hatching as plain line segments (not an SVG pattern), so every renderer and printer draws it.
    let to_px = |c: &Coord<f64>| egui::pos2(((c.x - area.min().x) * s) as f32, ((area.max().y - c.y) * s) as f32);
    for i in hits {
        if let Some(p) = lib.parcel(*i) {
            for poly in &p.geometry.0 {
                let rings: Vec<Vec<egui::Pos2>> = std::iter::once(poly.exterior())
                    .chain(poly.interiors())
                    .map(|r| r.0.iter().map(to_px).collect())
                    .collect();
                for [a, b] in super::map::hatch_segments(&rings, 6.0) {
                    let _ = write!(
                        o,
                        "<line class=\"hatch\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#b00\" stroke-width=\"1.2\"/>",
                        a.x, a.y, b.x, b.y
                    );
                }
            }
        }
    }
    for c in candidates {
        let w = if c.chosen { 4 } else { 2 };
        let mut label_at = None;
        for i in &c.parcels {
            if let Some(p) = lib.parcel(*i) {
                let d = path(
                    &mut p
                        .geometry
                        .0
                        .iter()
                        .flat_map(|g| std::iter::once(g.exterior()).chain(g.interiors())),
                );
                let _ = write!(
                    o,
                    "<path d=\"{d}\" fill=\"none\" stroke=\"#ff00c8\" stroke-width=\"{w}\"/>"
                );
                label_at = label_at.or(p.bbox().map(|b| b.center()));
            }
        }
        if let Some(at) = label_at {
            let xy = pt(&at);
            let (x, y) = xy.split_once(',').unwrap_or(("0", "0"));
            let _ = write!(
                o,
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"10\" fill=\"#ff00c8\"/><text x=\"{x}\" y=\"{y}\" dy=\"4\" font-size=\"12\" text-anchor=\"middle\" fill=\"#fff\">{}</text>",
                esc(&c.label)
            );
        }
    }
    for ring in footprint.iter().filter(|r| r.len() >= 3) {
        let pts: Vec<String> = ring.iter().map(pt).collect();
        let _ = write!(
            o,
            "<polygon points=\"{}\" fill=\"none\" stroke=\"#dc0000\" stroke-width=\"3\" stroke-dasharray=\"8 4\"/>",
            pts.join(" ")
        );
    }
    // Scale bar (a round length near a fifth of the width) and north arrow.
    let bar_m = super::map::view::scale_bar_metres(s, width / 5.0);
    let bar_px = bar_m * s;
    let label = if bar_m >= 1000.0 {
        format!("{} km", bar_m / 1000.0)
    } else {
        format!("{bar_m} m")
    };
    let _ = write!(
        o,
        "<g stroke=\"#000\" stroke-width=\"2\"><line x1=\"16\" y1=\"{y}\" x2=\"{x2:.1}\" y2=\"{y}\"/></g>\
         <text x=\"{tx:.1}\" y=\"{ty}\" font-size=\"12\" text-anchor=\"middle\">{label}</text>\
         <text x=\"{nx:.0}\" y=\"24\" font-size=\"16\" text-anchor=\"middle\">N ↑</text></svg>",
        y = height - 16.0,
        x2 = 16.0 + bar_px,
        tx = 16.0 + bar_px / 2.0,
        ty = height - 22.0,
        nx = width - 24.0
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LandUse, Parcel, StockKind};
    use geo::{MultiPolygon, polygon};

    #[test]
    fn svg_shows_parcels_hits_candidates_and_footprint() {
        let sq = |x: f64| {
            MultiPolygon(vec![
                polygon![(x: x, y: 0.0), (x: x + 100.0, y: 0.0), (x: x + 100.0, y: 100.0), (x: x, y: 100.0)],
            ])
        };
        let lib = StockLibrary::new(vec![
            Parcel::new("A", StockKind::Idle, LandUse::ydyh("1001"), "410821", sq(0.0)),
            Parcel::new("B", StockKind::Idle, LandUse::ydyh("1001"), "410821", sq(300.0)),
        ]);
        let fp = [
            Coord { x: 50.0, y: 10.0 },
            Coord { x: 150.0, y: 10.0 },
            Coord { x: 150.0, y: 90.0 },
        ];
        let svg = svg_map(
            &lib,
            &[&fp],
            &[0],
            &[MapCandidate {
                parcels: vec![1],
                label: "1".into(),
                chosen: true,
            }],
            600.0,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        // A's 100 m square at 600 px / 500 m … hatched every 6 px: many segments, all inside A's columns.
        assert!(svg.matches("class=\"hatch\"").count() > 10);
        assert!(svg.contains("stroke-width=\"4\""), "chosen candidate is thick");
        assert!(svg.contains("<polygon"));
        let page = html(&Draft {
            title: "决策稿 <1>".into(),
            svg,
            ..Draft::default()
        });
        assert!(page.contains("决策稿 &lt;1&gt;"));
    }
}
