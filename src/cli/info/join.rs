//! `stockfirst info SOURCE --join register.xlsx --key DZJGH`: a 台账 joined to the source's features.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use super::InfoArgs;
use crate::io::text_encoding::TextEncoding;
use crate::io::xlsx_register::{self, RegisterOptions};
use crate::model::Lang;

/// The join as `info` reports it.
#[derive(Serialize)]
pub struct JoinSummary {
    register: String,
    sheet: String,
    header_row: u32,
    key_column: String,
    key_field: String,
    rows: usize,
    features: usize,
    matched: usize,
    /// (row, key)
    rows_without_geometry: Vec<(u32, String)>,
    /// (FID, key)
    geometry_without_row: Vec<(u64, String)>,
    notes: Vec<String>,
    /// Each names its sheet, row and column.
    problems: Vec<String>,
}

/// Reads the register and joins it to the features of `layer`.
pub fn join_register(
    args: &InfoArgs,
    register: &Path,
    layer: &str,
    encoding: Option<TextEncoding>,
) -> Result<JoinSummary> {
    let reg = xlsx_register::read_register(
        register,
        &RegisterOptions {
            sheet: args.sheet.clone(),
            key: args.key.clone(),
        },
    )?;
    let mut notes = Vec::new();
    let ds = crate::io::gdal_source::open(&args.source, encoding, &mut notes)?;
    let (key_field, features) =
        xlsx_register::geometry_keys(&ds, layer, &args.key).with_context(|| format!("{}", args.source.display()))?;
    let j = xlsx_register::join(&reg, &features);
    notes.extend(reg.notes.iter().cloned());
    Ok(JoinSummary {
        register: reg.source.clone(),
        sheet: reg.sheet.clone(),
        header_row: reg.header_row,
        key_column: reg.headers.get(reg.key_column).cloned().unwrap_or_default(),
        key_field,
        rows: reg.rows.len(),
        features: features.len(),
        matched: j.matched.len(),
        rows_without_geometry: j.rows_without_geometry,
        geometry_without_row: j.geometry_without_row,
        notes,
        problems: reg.problems.iter().map(|p| p.to_string()).collect(),
    })
}

pub fn print_join(j: &JoinSummary, lang: Lang, max: usize) {
    let t = |zh, en| lang.pick(zh, en);
    println!();
    println!(
        "{} {} [{}] {} {}, {} “{}” ↔ {} “{}”",
        t("台账：", "Register:"),
        j.register,
        j.sheet,
        t("表头第", "header row"),
        j.header_row,
        t("列", "column"),
        j.key_column,
        t("字段", "field"),
        j.key_field
    );
    for n in &j.notes {
        println!("  ! {n}");
    }
    println!(
        "{} {} / {} {}    {} {}    {} {}",
        t("已连接：", "Matched:"),
        j.matched,
        j.rows,
        t("行", "rows"),
        t("台账有、图形无：", "rows with no geometry:"),
        j.rows_without_geometry.len(),
        t("图形有、台账无：", "features with no row:"),
        j.geometry_without_row.len()
    );
    for (row, key) in j.rows_without_geometry.iter().take(max) {
        println!("  {} {row}: {key} — {}", t("行", "row"), t("无图形", "no geometry"));
    }
    for (fid, key) in j.geometry_without_row.iter().take(max) {
        let key = if key.is_empty() { t("（空）", "(empty)") } else { key };
        println!("  FID {fid}: {key} — {}", t("台账无此行", "no register row"));
    }
    println!("{} {}", t("台账问题：", "Register problems:"), j.problems.len());
    for p in j.problems.iter().take(max) {
        println!("  {p}");
    }
    if j.problems.len() > max {
        println!("  … {} {}", j.problems.len() - max, t("条未列出", "more"));
    }
}
