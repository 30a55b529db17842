//! XLSX for officers who live in Excel: numbers stay numbers (亩 as `0.00`), the header row is bold and frozen, and
//! each column is as wide as its widest text. Moved here from `publish::export` so every table shares one writer.

use anyhow::{Result, anyhow};
use rust_xlsxwriter::{Format, Workbook, Worksheet};

use super::{Cell, Table, text};

/// One table on one sheet named `sheet`, as the bytes of an .xlsx file.
pub fn xlsx(t: &Table, sheet: &str) -> Result<Vec<u8>> {
    xlsx_sheets(&[(t, sheet)])
}

/// Several tables, one a sheet (the quota report's ledger, balances, shortfalls and next year's table; a
/// match's candidates and 套核). Sheet names are made legal ([`sheet_name`]).
pub fn xlsx_sheets(sheets: &[(&Table, &str)]) -> Result<Vec<u8>> {
    let e = |e: rust_xlsxwriter::XlsxError| anyhow!("XLSX: {e}");
    let mut wb = Workbook::new();
    let mut taken: Vec<String> = Vec::new();
    for (t, name) in sheets {
        let name = sheet_name(name, &taken);
        let ws = wb.add_worksheet();
        ws.set_name(&name).map_err(e)?;
        taken.push(name);
        write_sheet(ws, t).map_err(e)?;
    }
    wb.save_to_buffer().map_err(e)
}

/// A legal, unique sheet name: Excel allows 31 characters, none of `[]:*?/\`, not blank, and no two alike
/// (compared without case).
///
/// ```
/// use stockfirst::report::xlsx::sheet_name;
/// assert_eq!(sheet_name("2027年度/县级:计划", &[]), "2027年度_县级_计划");
/// assert_eq!(sheet_name("台账", &["台账".to_string()]), "台账 (2)");
/// assert_eq!(sheet_name("  ", &[]), "Sheet1");
/// assert_eq!(sheet_name(&"长".repeat(40), &[]).chars().count(), 31);
/// ```
pub fn sheet_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted
        .trim()
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').to_string();
    let base = if clean.trim().is_empty() {
        format!("Sheet{}", taken.len() + 1)
    } else {
        clean
    };
    let is_taken = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    let cut = |s: &str, max: usize| s.chars().take(max).collect::<String>();
    let mut name = cut(&base, 31);
    let mut k = 2;
    while is_taken(&name) {
        let suffix = format!(" ({k})");
        name = cut(&base, 31 - suffix.chars().count()) + &suffix;
        k += 1;
    }
    name
}

fn write_sheet(ws: &mut Worksheet, t: &Table) -> std::result::Result<(), rust_xlsxwriter::XlsxError> {
    let bold = Format::new().set_bold();
    let mu = Format::new().set_num_format("0.00");
    let signed_mu = Format::new().set_num_format("+0.00;-0.00;0.00");
    let percent = Format::new().set_num_format("0.0%");
    let formats: Vec<Format> = (0..=6u8)
        .map(|d| {
            let pattern = if d == 0 {
                "0".to_string()
            } else {
                format!("0.{}", "0".repeat(usize::from(d)))
            };
            Format::new().set_num_format(pattern)
        })
        .collect();
    let mut widths: Vec<usize> = t.columns.iter().map(|c| text::width(&c.header)).collect();
    for (col, h) in t.headers().iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *h, &bold)?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let r = (r + 1) as u32;
        for (col, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(text::width(&cell.to_text()));
            }
            let col = col as u16;
            match cell {
                Cell::Mu(x) => ws.write_number_with_format(r, col, *x, &mu)?,
                Cell::MuChange(x) => ws.write_number_with_format(r, col, *x, &signed_mu)?,
                Cell::Int(n) => ws.write_number(r, col, *n as f64)?,
                Cell::Number { value, decimals } => {
                    let f = &formats[usize::from(*decimals).min(6)];
                    ws.write_number_with_format(r, col, *value, f)?
                }
                Cell::Percent(Some(x)) => ws.write_number_with_format(r, col, *x, &percent)?,
                Cell::Empty | Cell::Percent(None) => ws,
                Cell::Text(s) => ws.write_string(r, col, s)?,
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    for (col, w) in widths.iter().enumerate() {
        // Text width counts a Chinese character as two columns, as Excel's width unit does.
        ws.set_column_width(col as u16, (*w as f64 + 2.0).min(60.0))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn part(bytes: &[u8], name: &str) -> String {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn mu_stays_a_number_with_two_decimals_under_a_frozen_header() {
        let mut t = Table::new("t", &["地块编号", "面积（亩）", "宗数"], &[1, 2]);
        t.rows.push(vec![Cell::text("A-1"), Cell::Mu(12.345), Cell::Int(3)]);
        let bytes = xlsx(&t, "问题列表").unwrap();
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        let styles = part(&bytes, "xl/styles.xml");
        let book = part(&bytes, "xl/workbook.xml");
        assert!(sheet.contains(r#"ySplit="1""#) && sheet.contains(r#"state="frozen""#));
        assert!(sheet.contains("customWidth=\"1\""));
        assert!(styles.contains(r#"formatCode="0.00""#));
        assert!(book.contains("问题列表"));
        // B2 is the unrounded number (the format rounds on screen only), not a string.
        let at = sheet.find(r#"<c r="B2""#).unwrap();
        let cell = &sheet[at..at + sheet[at..].find("</c>").unwrap()];
        assert!(!cell.contains("t=\"s\"") && cell.contains("<v>12.345</v>"), "{cell}");
    }
}
