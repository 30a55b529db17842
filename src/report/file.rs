//! Tables to a file, by its extension: `.xlsx` one sheet a table ([`super::xlsx`]); `.csv` the tables one after
//! another with a BOM ([`super::csv`]). Written atomically.

use std::path::Path;

use anyhow::{Result, bail};

use super::Table;

/// Whether `path` names an .xlsx.
pub fn is_xlsx(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// The bytes of `tables` as the file `path` names: XLSX (sheets named by the tables' titles) or CSV.
pub fn table_bytes(path: &Path, tables: &[&Table]) -> Result<Vec<u8>> {
    if is_xlsx(path) {
        let sheets: Vec<(&Table, &str)> = tables.iter().map(|t| (*t, t.title.as_str())).collect();
        return super::xlsx::xlsx_sheets(&sheets);
    }
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
        let owned: Vec<Table> = tables.iter().map(|t| (*t).clone()).collect();
        return Ok(super::csv::csv_many(&owned).into_bytes());
    }
    bail!(
        "{}: 须以 .xlsx 或 .csv 结尾 / must end in .xlsx or .csv",
        path.display()
    )
}

/// Writes `tables` to `path` (see [`table_bytes`]).
pub fn write_tables(path: &Path, tables: &[&Table]) -> Result<()> {
    crate::io::atomic::write_bytes(path, &table_bytes(path, tables)?)
}
