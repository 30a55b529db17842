//! CSV for spreadsheets: UTF-8 with a byte-order mark (Excel on a Chinese Windows machine reads the Chinese right
//! only with it), CRLF line ends, and RFC 4180 quoting.

use super::Table;

/// A field, quoted when it holds `,` `"` CR or LF (RFC 4180 §2.6), inner quotes doubled (§2.7).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn push_table(out: &mut String, t: &Table) {
    let header = t.headers().iter().map(|h| field(h)).collect::<Vec<_>>().join(",");
    out.push_str(&header);
    out.push_str("\r\n");
    for row in &t.rows {
        out.push_str(&row.iter().map(|c| field(&c.to_text())).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
}

/// One table: BOM, header line, one line per row, each line ended by CRLF.
pub fn csv(t: &Table) -> String {
    csv_many(std::slice::from_ref(t))
}

/// Several tables in one file, each with its header, separated by an empty line.
pub fn csv_many(tables: &[Table]) -> String {
    let mut out = String::from("\u{feff}");
    for (i, t) in tables.iter().enumerate() {
        if i > 0 {
            out.push_str("\r\n");
        }
        push_table(&mut out, t);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Cell;

    fn table(rows: Vec<Vec<Cell>>) -> Table {
        let mut t = Table::new("t", &["编号", "理由"], &[]);
        t.rows = rows;
        t
    }

    #[test]
    fn bom_crlf_and_plain_fields() {
        let t = table(vec![vec![Cell::text("A"), Cell::Mu(12.5)]]);
        assert_eq!(
            csv(&t).as_bytes(),
            b"\xEF\xBB\xBF\xE7\xBC\x96\xE5\x8F\xB7,\xE7\x90\x86\xE7\x94\xB1\r\nA,12.50\r\n"
        );
    }

    #[test]
    fn commas_quotes_cr_and_lf_are_quoted() {
        let t = table(vec![
            vec![Cell::text("a,b"), Cell::text("say \"hi\"")],
            vec![Cell::text("line\rone"), Cell::text("line\ntwo")],
        ]);
        let got = csv(&t);
        let body = got.split_once("\r\n").unwrap().1;
        assert_eq!(
            body.as_bytes(),
            b"\"a,b\",\"say \"\"hi\"\"\"\r\n\"line\rone\",\"line\ntwo\"\r\n"
        );
    }

    #[test]
    fn tables_are_separated_by_an_empty_line() {
        let a = table(vec![vec![Cell::text("A"), Cell::Empty]]);
        let got = csv_many(&[a.clone(), a]);
        let once = "\u{7f16}\u{53f7},\u{7406}\u{7531}\r\nA,\r\n";
        assert_eq!(got, format!("\u{feff}{once}\r\n{once}"));
    }
}
