//! Tables as aligned text for a terminal: CJK characters take two columns.

use super::{Align, Table};

/// Terminal width of a string: CJK and full-width characters take two columns.
pub fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if c >= '\u{2E80}' && !('\u{FF61}'..='\u{FFDC}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Lays out the table's header and rows as aligned columns (no title).
pub fn aligned(t: &Table) -> String {
    let rows = t.text_rows();
    let n = t.columns.len();
    let mut w: Vec<usize> = t.columns.iter().map(|c| width(&c.header)).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate().take(n) {
            w[i] = w[i].max(width(c));
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate().take(n) {
            let pad = " ".repeat(w[i].saturating_sub(width(c)));
            if i > 0 {
                s.push_str("  ");
            }
            if t.columns[i].align == Align::Right {
                s.push_str(&pad);
                s.push_str(c);
            } else {
                s.push_str(c);
                if i + 1 < cells.len() {
                    s.push_str(&pad);
                }
            }
        }
        s
    };
    let mut out = line(t.headers());
    for r in &rows {
        out.push('\n');
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Cell;

    #[test]
    fn cjk_is_two_columns() {
        assert_eq!(width("焦作ab"), 6);
        assert_eq!(width("（五）"), 6);
    }

    #[test]
    fn numbers_align_right_under_a_cjk_heading() {
        let mut t = Table::new("", &["县区", "亩"], &[1]);
        t.rows.push(vec![Cell::text("温县"), Cell::Mu(5.0)]);
        // "县区" is 4 wide, "亩" 2 wide but "5.00" is 4: the number column is 4 wide.
        assert_eq!(aligned(&t), "县区    亩\n温县  5.00");
    }
}
