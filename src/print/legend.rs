//! The legend of what a map shows: stock kinds present, the red line, 套核, candidates, control layers and their
//! 地类, county lines. One list for the print sheet and the HTML draft.

use std::fmt::Write as _;

use geo::Rect;

use super::palette::{self, Rgb, hex};
use super::scene::MapScene;
use crate::model::StockKind;

/// How a legend entry is drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum Swatch {
    Fill(Rgb),
    /// A line: colour, width (mm), dashed.
    Line(Rgb, f64, bool),
    /// The 套核 hatch.
    Hatch,
    /// A county line (dash-dot).
    CountyLine,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegendItem {
    pub label: String,
    pub swatch: Swatch,
}

fn item(label: impl Into<String>, swatch: Swatch) -> LegendItem {
    LegendItem {
        label: label.into(),
        swatch,
    }
}

/// The entries for what `scene` shows inside `area`, in reading order.
pub fn items(scene: &MapScene<'_>, area: Rect<f64>) -> Vec<LegendItem> {
    let mut out = Vec::new();
    if let Some(lib) = scene.lib {
        let mut seen = [false; 5];
        for i in lib.query_rect(area) {
            if let Some(p) = lib.parcel(i)
                && let Some(k) = StockKind::ALL.iter().position(|k| *k == p.kind)
            {
                seen[k] = true;
            }
        }
        for (_, kind) in StockKind::ALL.iter().enumerate().filter(|(k, _)| seen[*k]) {
            out.push(item(kind.zh(), Swatch::Fill(palette::kind(*kind))));
        }
    }
    if !scene.footprint.is_empty() {
        out.push(item("项目用地红线", Swatch::Line(palette::RED_LINE, 0.6, true)));
    }
    if !scene.hits.is_empty() {
        out.push(item("套核压占存量", Swatch::Hatch));
    }
    if scene.candidates.iter().any(|c| !c.chosen) {
        out.push(item(
            "存量候选（编号为排名）",
            Swatch::Line(palette::CANDIDATE, 0.3, false),
        ));
    }
    if scene.candidates.iter().any(|c| c.chosen) {
        out.push(item("选定方案", Swatch::Line(palette::CANDIDATE, 0.7, false)));
    }
    if let Some(c) = scene.controls {
        let mut groups = [false; palette::LAND_LEGEND.len()];
        for layer in &c.layers {
            let mut any = false;
            for i in layer.query_rect(area) {
                any = true;
                if palette::control_filled(layer.role)
                    && let Some(f) = layer.feature(i)
                {
                    groups[palette::land_group(&f.code)] = true;
                }
            }
            if any && !palette::control_filled(layer.role) {
                let (c, w, d) = palette::control_stroke(layer.role);
                out.push(item(layer.role.zh(), Swatch::Line(c, w, d)));
            }
        }
        for (g, (name, c)) in palette::LAND_LEGEND.iter().enumerate() {
            if groups[g] {
                out.push(item(format!("地类：{name}"), Swatch::Fill(*c)));
            }
        }
    }
    // A county line is shown only where an outline crosses the window (not when the window lies inside one).
    let window = geo::Polygon::from(area);
    let crosses = |c: &crate::model::CountyBoundary| {
        c.shape
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .any(|r| geo::Intersects::intersects(r, &window))
    };
    if scene.counties.is_some_and(|b| b.counties.iter().any(crosses)) {
        out.push(item("县界", Swatch::CountyLine));
    }
    out
}

/// One swatch as SVG, drawn in the box (x, y, w, h) in the caller's units (mm on the sheet).
pub fn swatch_svg(s: &Swatch, x: f64, y: f64, w: f64, h: f64) -> String {
    let mid = y + h / 2.0;
    match s {
        Swatch::Fill(c) => format!(
            "<rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"0.15\"/>",
            hex(*c),
            hex(palette::OUTLINE)
        ),
        Swatch::Line(c, width, dashed) => format!(
            "<line x1=\"{x:.2}\" y1=\"{mid:.2}\" x2=\"{:.2}\" y2=\"{mid:.2}\" stroke=\"{}\" stroke-width=\"{width:.2}\"{}/>",
            x + w,
            hex(*c),
            if *dashed { " stroke-dasharray=\"1.6 0.8\"" } else { "" }
        ),
        Swatch::Hatch => format!(
            "<rect x=\"{x:.2}\" y=\"{y:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"url(#hatch)\" stroke=\"{}\" stroke-width=\"0.15\"/>",
            hex(palette::HIT)
        ),
        Swatch::CountyLine => format!(
            "<line x1=\"{x:.2}\" y1=\"{mid:.2}\" x2=\"{:.2}\" y2=\"{mid:.2}\" stroke=\"{}\" stroke-width=\"0.5\" stroke-dasharray=\"3 1 0.6 1\"/>",
            x + w,
            hex(palette::COUNTY_LINE)
        ),
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The legend as an HTML block for the decision draft: each swatch a small inline SVG.
pub fn html(items: &[LegendItem]) -> String {
    let mut o = String::from("<div class=\"legend\"><b>图例</b> ");
    for it in items {
        let _ = write!(
            o,
            "<span style=\"display:inline-block;margin:2px 12px 2px 0\"><svg width=\"28\" height=\"14\" viewBox=\"0 0 8 4\" \
             style=\"vertical-align:middle;border:none\"><defs>{}</defs>{}</svg> {}</span>",
            hatch_def(),
            swatch_svg(&it.swatch, 0.2, 0.2, 7.6, 3.6),
            esc(&it.label)
        );
    }
    o.push_str("</div>");
    o
}

/// The hatch pattern used for the 套核 hits (SVG `<pattern id="hatch">`), in mm.
pub fn hatch_def() -> String {
    format!(
        "<pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" width=\"1.2\" height=\"1.2\" patternTransform=\"rotate(45)\">\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1.2\" stroke=\"{}\" stroke-width=\"0.25\"/></pattern>",
        hex(palette::HIT)
    )
}
