//! A 台账 (register) kept in Excel: attributes with no geometry, joined to a geometry source by a key the officer
//! chooses (电子监管号, 地块编号). Read with calamine (see docs/excel.md).
//!
//! Registers are made by hand, so the reader expects what hands do: a title above the header (the header row is
//! the first row that has the key column), merged cells (read as their first cell's value, and said), keys
//! typed twice or left empty, text in a number column, a 19-digit 电子监管号 typed as a number (Excel keeps 15
//! digits). Each is reported with its sheet, row and column, and every other row still joins.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use calamine::{Data, Reader, Xlsx, open_workbook};

/// How many rows from the top the header may be in.
const HEADER_SEARCH_ROWS: u32 = 30;
/// Excel keeps 15 significant digits of a number.
const EXCEL_DIGITS: usize = 15;

/// Names of one key as registers and the national databases write it; `--key` may give any of them.
const KEY_ALIASES: [&[&str]; 4] = [
    &["电子监管号", "DZJGH", "监管号"],
    &["地块编号", "DKBH", "地块代码", "DKDM"],
    &["标识码", "BSM"],
    &["项目名称", "XMMC"],
];

/// Words in a header that make a column a number column.
const NUMBER_WORDS: [&str; 8] = ["面积", "MJ", "亩", "公顷", "平方米", "金额", "价款", "年份"];

/// Which sheet and key.
#[derive(Debug, Clone, Default)]
pub struct RegisterOptions {
    /// Sheet name; the first sheet when `None`.
    pub sheet: Option<String>,
    /// The key column: 电子监管号 / DZJGH, 地块编号 / DKBH, or any header text.
    pub key: String,
}

/// A problem in one cell (or row), named as Excel names it.
#[derive(Debug, Clone, PartialEq)]
pub struct CellProblem {
    pub sheet: String,
    /// 1-based row, as Excel shows it.
    pub row: u32,
    /// Column letter (A, B, … AA).
    pub column: String,
    pub message: String,
}

impl std::fmt::Display for CellProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "工作表 “{}” 第 {} 行 {} 列 / sheet {} {}{}: {}",
            self.sheet, self.row, self.column, self.sheet, self.column, self.row, self.message
        )
    }
}

/// One data row of the register.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterRow {
    /// 1-based Excel row.
    pub row: u32,
    /// The key, trimmed; never empty (rows without a key are problems, not rows).
    pub key: String,
    /// Every cell as text, in header order; merged cells carry their first cell's value.
    pub cells: Vec<String>,
}

/// A register as read.
#[derive(Debug, Clone, Default)]
pub struct Register {
    pub source: String,
    pub sheet: String,
    /// 1-based row of the header.
    pub header_row: u32,
    pub headers: Vec<String>,
    pub key_column: usize,
    /// Rows with a key, first of each key only (repeats are problems).
    pub rows: Vec<RegisterRow>,
    pub problems: Vec<CellProblem>,
    /// What was decided rather than wrong: title rows skipped, totals rows left out.
    pub notes: Vec<String>,
}

/// The Excel name of a 0-based column: 0 → A, 26 → AA.
pub fn column_letter(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8_lossy(&s).into_owned()
}

/// Header text compared without spaces, line breaks or case: "电子\n监管号" is 电子监管号.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase()
}

/// Every name the chosen key goes by.
pub fn key_names(key: &str) -> Vec<String> {
    let k = norm(key);
    KEY_ALIASES
        .iter()
        .find(|g| g.iter().any(|a| norm(a) == k))
        .map(|g| g.iter().map(|a| norm(a)).collect())
        .unwrap_or_else(|| vec![k])
}

/// A cell as an officer reads it; numbers without a fraction lose the ".0" Excel never showed.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Reads the register sheet. Fails only when the file cannot be read or has no key column; everything else is
/// a problem in [`Register::problems`].
pub fn read_register(path: &Path, opts: &RegisterOptions) -> Result<Register> {
    let source = path.display().to_string();
    let mut book: Xlsx<_> =
        open_workbook(path).map_err(|e| anyhow!("{source}: 无法读取 Excel / cannot read the .xlsx: {e}"))?;
    let sheets = book.sheet_names();
    let sheet = match &opts.sheet {
        Some(s) if sheets.contains(s) => s.clone(),
        Some(s) => bail!("{source}: 没有工作表 “{s}”；现有 / no sheet named “{s}”; sheets: {sheets:?}"),
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| anyhow!("{source}: 没有工作表 / the workbook has no sheets"))?,
    };
    let range = book
        .worksheet_range(&sheet)
        .with_context(|| format!("{source}: 工作表 / sheet “{sheet}”"))?;
    let merged = book
        .merge_cells_by_sheet_name(&sheet)
        .with_context(|| format!("{source}: 工作表 / sheet “{sheet}”: 合并单元格 / merged cells"))?;
    let Some((r0, c0)) = range.start() else {
        bail!("{source}: 工作表 “{sheet}” 为空 / sheet “{sheet}” is empty");
    };
    let (r1, c1) = range.end().unwrap_or((r0, c0));
    // A cell inside a merged region reads as the region's first cell.
    let mut owner: HashMap<(u32, u32), (u32, u32)> = HashMap::new();
    for m in &merged {
        for r in m.start.0..=m.end.0 {
            for c in m.start.1..=m.end.1 {
                owner.insert((r, c), m.start);
            }
        }
    }
    let at = |r: u32, c: u32| -> String {
        let (r, c) = owner.get(&(r, c)).copied().unwrap_or((r, c));
        range.get_value((r, c)).map(cell_text).unwrap_or_default()
    };
    let names = key_names(&opts.key);
    let header = (r0..=r1.min(r0 + HEADER_SEARCH_ROWS))
        .find_map(|r| (c0..=c1).find(|&c| names.contains(&norm(&at(r, c)))).map(|c| (r, c)));
    let Some((hr, kc)) = header else {
        bail!(
            "{source}: 工作表 “{sheet}” 前 {HEADER_SEARCH_ROWS} 行中没有 “{}” 列（可用名称 {names:?}）/ no key column \
             “{}” in the first {HEADER_SEARCH_ROWS} rows of sheet “{sheet}” (names tried: {names:?})",
            opts.key,
            opts.key
        );
    };
    let mut reg = Register {
        source: source.clone(),
        sheet: sheet.clone(),
        header_row: hr + 1,
        headers: (c0..=c1).map(|c| at(hr, c)).collect(),
        key_column: (kc - c0) as usize,
        ..Default::default()
    };
    if hr > r0 {
        reg.notes.push(format!(
            "工作表 “{sheet}” 的表头在第 {} 行，其上 {} 行（标题）未作数据 / header found on row {}; the {} row(s) above \
             (titles) are not data",
            hr + 1,
            hr,
            hr + 1,
            hr
        ));
    }
    let problem = |reg: &mut Register, r: u32, c: u32, message: String| {
        reg.problems.push(CellProblem {
            sheet: sheet.clone(),
            row: r + 1,
            column: column_letter(c),
            message,
        })
    };
    for m in merged.iter().filter(|m| m.end.0 >= hr) {
        let span = format!(
            "{}{}:{}{}",
            column_letter(m.start.1),
            m.start.0 + 1,
            column_letter(m.end.1),
            m.end.0 + 1
        );
        let msg = if m.start.0 <= hr {
            format!("表头中有合并单元格 {span}，按首格读取 / merged header cells {span}: read as the first cell")
        } else {
            format!(
                "合并单元格 {span}，其中每格按首格的值 “{}” 读取 / merged cells {span}: each cell read as the first \
                 one's value",
                at(m.start.0, m.start.1)
            )
        };
        problem(&mut reg, m.start.0, m.start.1, msg);
    }
    let number_cols = number_columns(&range, &at, hr, r1, c0, c1);
    let mut first_row: HashMap<String, u32> = HashMap::new();
    for r in hr + 1..=r1 {
        let cells: Vec<String> = (c0..=c1).map(|c| at(r, c)).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        let key = cells[(kc - c0) as usize].clone();
        let totals = ["合计", "总计", "小计"];
        if key.is_empty() && cells.iter().any(|t| totals.iter().any(|w| t.starts_with(w))) {
            reg.notes.push(format!(
                "第 {} 行是合计行，不参与连接 / row {} is a totals row, not joined",
                r + 1,
                r + 1
            ));
            continue;
        }
        for &c in &number_cols {
            let text = &cells[(c - c0) as usize];
            let is_text = matches!(range.get_value((r, c)), Some(Data::String(_))) && !owner.contains_key(&(r, c));
            if is_text && !text.is_empty() && text.replace(',', "").parse::<f64>().is_err() {
                let head = reg.headers[(c - c0) as usize].clone();
                problem(
                    &mut reg,
                    r,
                    c,
                    format!("数字列 “{head}” 中是文本 “{text}” / text “{text}” in the number column “{head}”"),
                );
            }
        }
        if key.is_empty() {
            let name = reg.headers[(kc - c0) as usize].clone();
            problem(
                &mut reg,
                r,
                kc,
                format!("“{name}” 为空，此行无法连接 / empty key: the row cannot be joined"),
            );
            continue;
        }
        if let Some(Data::Float(f)) = range.get_value((r, kc))
            && key.trim_start_matches('-').len() > EXCEL_DIGITS
        {
            problem(
                &mut reg,
                r,
                kc,
                format!(
                    "编号以数字保存（{f}），Excel 只保留 {EXCEL_DIGITS} 位，后几位已失真；请将该列设为文本后重新输入 / the key \
                     is stored as a number and Excel keeps {EXCEL_DIGITS} digits: the last ones are lost; format the column \
                     as text and type it again"
                ),
            );
        }
        if let Some(first) = first_row.get(&key) {
            problem(
                &mut reg,
                r,
                kc,
                format!(
                    "“{key}” 与第 {first} 行重复，按第 {first} 行连接，此行未连接 / duplicate key “{key}” (also row \
                     {first}): row {first} is joined, this one is not"
                ),
            );
            continue;
        }
        first_row.insert(key.clone(), r + 1);
        reg.rows.push(RegisterRow { row: r + 1, key, cells });
    }
    Ok(reg)
}

/// Columns whose header names a number (面积, MJ, 亩 …) or whose cells are mostly numbers.
fn number_columns(
    range: &calamine::Range<Data>,
    at: &dyn Fn(u32, u32) -> String,
    hr: u32,
    r1: u32,
    c0: u32,
    c1: u32,
) -> Vec<u32> {
    (c0..=c1)
        .filter(|&c| {
            let head = norm(&at(hr, c));
            if NUMBER_WORDS.iter().any(|w| head.contains(w)) {
                return true;
            }
            let (mut numbers, mut filled) = (0usize, 0usize);
            for r in hr + 1..=r1 {
                match range.get_value((r, c)) {
                    Some(Data::Int(_) | Data::Float(_)) => {
                        numbers += 1;
                        filled += 1;
                    }
                    Some(Data::Empty) | None => {}
                    Some(_) => filled += 1,
                }
            }
            numbers >= 2 && numbers * 2 > filled
        })
        .collect()
}

/// A register row that found its feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub row: u32,
    pub fid: u64,
    pub key: String,
}

/// The outcome of a join: nothing is left out of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JoinReport {
    pub matched: Vec<Match>,
    /// Register rows (row, key) whose key no feature has.
    pub rows_without_geometry: Vec<(u32, String)>,
    /// Features (FID, key) whose key no register row has; an empty key is listed too.
    pub geometry_without_row: Vec<(u64, String)>,
}

/// Joins register rows to features `(fid, key)` by key. A key two features share matches both.
///
/// ```
/// use stockfirst::io::xlsx_register::{join, Register, RegisterRow};
/// let row = |row: u32, key: &str| RegisterRow { row, key: key.into(), cells: vec![] };
/// let reg = Register { rows: vec![row(2, "A"), row(3, "B")], ..Default::default() };
/// let j = join(&reg, &[(1, "B".into()), (2, "C".into())]);
/// assert_eq!(j.matched.len(), 1);
/// assert_eq!((j.matched[0].row, j.matched[0].fid), (3, 1));
/// assert_eq!(j.rows_without_geometry, vec![(2, "A".to_string())]);
/// assert_eq!(j.geometry_without_row, vec![(2, "C".to_string())]);
/// ```
pub fn join(register: &Register, features: &[(u64, String)]) -> JoinReport {
    let by_key: HashMap<&str, &RegisterRow> = register.rows.iter().map(|r| (r.key.as_str(), r)).collect();
    let mut out = JoinReport::default();
    let mut used: std::collections::HashSet<&str> = Default::default();
    for (fid, key) in features {
        match by_key.get(key.trim()) {
            Some(r) => {
                used.insert(r.key.as_str());
                out.matched.push(Match {
                    row: r.row,
                    fid: *fid,
                    key: r.key.clone(),
                });
            }
            None => out.geometry_without_row.push((*fid, key.clone())),
        }
    }
    for r in &register.rows {
        if !used.contains(r.key.as_str()) {
            out.rows_without_geometry.push((r.row, r.key.clone()));
        }
    }
    out
}

/// The key of every feature of a layer: (FID, key text), and the field's name. The key field is found by the
/// same names as the register's.
pub fn geometry_keys(ds: &gdal::Dataset, layer: &str, key: &str) -> Result<(String, Vec<(u64, String)>)> {
    use gdal::vector::LayerAccess;
    let mut layer = ds
        .layer_by_name(layer)
        .with_context(|| format!("图层 / layer {layer}"))?;
    let names = key_names(key);
    let fields: Vec<String> = layer.defn().fields().map(|f| f.name()).collect();
    let Some(i) = fields.iter().position(|f| names.contains(&norm(f))) else {
        bail!("图层没有 “{key}” 字段（可用名称 {names:?}）/ the layer has no “{key}” field; fields: {fields:?}");
    };
    let mut out = Vec::new();
    for f in layer.features() {
        let fid = f.fid().unwrap_or(0);
        let v = f.field_as_string(i).ok().flatten().unwrap_or_default();
        out.push((fid, v.trim().to_string()));
    }
    Ok((fields[i].clone(), out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_as_excel_names_them() {
        let got: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702].map(column_letter).to_vec();
        assert_eq!(got, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn key_names_cover_the_aliases() {
        assert!(key_names("dzjgh").contains(&"电子监管号".to_string()));
        assert!(key_names("地块 编号").contains(&"DKBH".to_string()));
        assert_eq!(key_names("宗地号"), vec!["宗地号".to_string()]);
    }
}
