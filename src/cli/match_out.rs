//! `stockfirst match --out FILE`: the answer written for a spreadsheet or a program, by the file's extension —
//! .xlsx (the candidates and the 套核, one sheet each, 亩 as 0.00, frozen header), .csv (the candidates, with a
//! BOM) or .json (as `--json` prints it). Written atomically.

use std::path::Path;

use anyhow::{Result, bail};

use super::match_one::{Answer, result_json};
use super::match_report::render_csv;
use crate::io;
use crate::library::StockLibrary;
use crate::model::Lang;
use crate::report::candidates::{candidates_table, overlay_table};
use crate::report::xlsx::xlsx_sheets;

/// The file's kind, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OutKind {
    Xlsx,
    Csv,
    Json,
}

impl OutKind {
    pub fn of(path: &Path) -> Option<OutKind> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" => Some(OutKind::Xlsx),
            "csv" => Some(OutKind::Csv),
            "json" | "jsonl" | "ndjson" => Some(OutKind::Json),
            _ => None,
        }
    }
}

pub(super) fn write_out(path: &Path, a: &Answer, lib: &StockLibrary, lang: Lang) -> Result<()> {
    let counties = io::assets::counties()?;
    let bytes = match OutKind::of(path) {
        Some(OutKind::Xlsx) => {
            let cands = candidates_table(&a.result.candidates, &counties, lang);
            let hits = overlay_table(&a.result, lib, lang);
            let mut sheets = vec![(&cands, cands.title.as_str())];
            if a.result.overlay.is_some() {
                sheets.push((&hits, hits.title.as_str()));
            }
            xlsx_sheets(&sheets)?
        }
        Some(OutKind::Csv) => render_csv(&a.result).into_bytes(),
        Some(OutKind::Json) => (serde_json::to_string_pretty(&result_json(a, lib, lang)?)? + "\n").into_bytes(),
        None => bail!(
            "{}: --out 须以 .xlsx、.csv 或 .json 结尾 / --out must end in .xlsx, .csv or .json",
            path.display()
        ),
    };
    io::atomic::write_bytes(path, &bytes)?;
    eprintln!("{}: {}", lang.pick("已写入", "written to"), path.display());
    Ok(())
}
