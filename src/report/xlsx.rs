//! XLSX for officers who live in Excel: numbers stay numbers (亩 as `0.00`), the header row is bold and frozen, and
//! each column is as wide as its widest text. Moved here from `publish::export` so every table shares one writer.

use anyhow::{Result, anyhow};
use rust_xlsxwriter::{Format, Workbook};

use super::{Cell, Table, text};

/// One table on one sheet named `sheet` (Excel allows 31 characters, no `[]:*?/\`), as the bytes of an .xlsx file.
pub fn xlsx(t: &Table, sheet: &str) -> Result<Vec<u8>> {
    let e = |e: rust_xlsxwriter::XlsxError| anyhow!("XLSX: {e}");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).map_err(e)?;
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
        ws.write_string_with_format(0, col as u16, *h, &bold).map_err(e)?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let r = (r + 1) as u32;
        for (col, cell) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(text::width(&cell.to_text()));
            }
            let col = col as u16;
            match cell {
                Cell::Mu(x) => ws.write_number_with_format(r, col, *x, &mu).map_err(e)?,
                Cell::MuChange(x) => ws.write_number_with_format(r, col, *x, &signed_mu).map_err(e)?,
                Cell::Int(n) => ws.write_number(r, col, *n as f64).map_err(e)?,
                Cell::Number { value, decimals } => {
                    let f = &formats[usize::from(*decimals).min(6)];
                    ws.write_number_with_format(r, col, *value, f).map_err(e)?
                }
                Cell::Percent(Some(x)) => ws.write_number_with_format(r, col, *x, &percent).map_err(e)?,
                Cell::Empty | Cell::Percent(None) => ws,
                Cell::Text(s) => ws.write_string(r, col, s).map_err(e)?,
            };
        }
    }
    ws.set_freeze_panes(1, 0).map_err(e)?;
    for (col, w) in widths.iter().enumerate() {
        // Text width counts a Chinese character as two columns, as Excel's width unit does.
        ws.set_column_width(col as u16, (*w as f64 + 2.0).min(60.0))
            .map_err(e)?;
    }
    wb.save_to_buffer().map_err(e)
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
