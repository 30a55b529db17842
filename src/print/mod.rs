//! Print: the map sheet (A4/A3, 300 dpi PNG and PDF) and the site-selection decision document (.docx).
//!
//! An edge room like `report`: it takes the core's answers and lays them out; it decides nothing. The sheet is one
//! SVG in millimetres (`sheet`), rasterised off-screen by resvg with the bundled CJK font (`raster`); the PDF is that
//! raster on a page of the paper's size (`pdf`); the decision document is built as plain blocks (`decision`) and
//! written as WordprocessingML (`docx`). CLI (`stockfirst report`) and app (File → 报告) share all of it.

pub mod boundary_points;
pub mod date;
pub mod decision;
mod decision_review;
mod document;
pub mod docx;
mod docx_parts;
pub mod fonts;
pub mod layout;
pub mod legend;
pub mod palette;
pub mod paper;
pub mod pdf;
pub mod raster;
pub mod scene;
pub mod sheet;

pub use decision::{Block, DecisionDoc, DecisionInput, DocTable, Review};
pub use layout::SheetLayout;
pub use paper::{Paper, PaperSize};
pub use raster::Raster;
pub use scene::{MapCandidate, MapScene};
pub use sheet::SheetText;

use anyhow::{Result, anyhow};

/// The sheet of `scene` on `paper`: its layout (scale, window) and its SVG.
pub fn sheet(scene: &MapScene<'_>, text: &SheetText, paper: Paper) -> Result<(SheetLayout, String)> {
    let area = scene
        .extent()
        .ok_or_else(|| anyhow!("没有红线或候选地块可制图 / nothing to map: no red line or candidates"))?;
    let layout = SheetLayout::plan(paper, area);
    let items = legend::items(scene, layout.window);
    let svg = sheet::sheet_svg(scene, text, &layout, &items);
    Ok((layout, svg))
}

/// The sheet rendered at 300 dpi.
pub fn render_sheet(scene: &MapScene<'_>, text: &SheetText, paper: Paper) -> Result<(SheetLayout, Raster)> {
    let (layout, svg) = sheet(scene, text, paper)?;
    Ok((layout, raster::render(&svg, paper)?))
}

/// Which file a print export writes, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    Png,
    Pdf,
    Docx,
}

impl OutputKind {
    pub fn of(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "png" => Some(Self::Png),
            "pdf" => Some(Self::Pdf),
            "docx" => Some(Self::Docx),
            _ => None,
        }
    }
}
