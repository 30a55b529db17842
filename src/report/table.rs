//! A table whose cells keep their type (text, 亩, integer, percent) until they are written out, so every writer
//! (CSV, terminal, HTML, a spreadsheet) formats a number the same way, and a spreadsheet can keep it a number.

/// One cell. Numbers stay numbers; [`Cell::text`] is the one place they become text.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// An area in 亩, shown with two decimals (the officers' convention).
    Mu(f64),
    /// A change in 亩, shown with its sign: `+200.00`, `-100.00`.
    MuChange(f64),
    Int(i64),
    /// Any other number, with a fixed number of decimals (ratios, metres, scores).
    Number {
        value: f64,
        decimals: u8,
    },
    /// A fraction shown as a percent with one decimal (0.375 → `37.5%`); `None` is shown as `—`.
    Percent(Option<f64>),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn number(value: f64, decimals: u8) -> Cell {
        Cell::Number { value, decimals }
    }

    /// The cell as people read it.
    ///
    /// ```
    /// use stockfirst::report::Cell;
    /// assert_eq!(Cell::Mu(420.0).to_text(), "420.00");
    /// assert_eq!(Cell::Mu(-0.0001).to_text(), "0.00");
    /// assert_eq!(Cell::MuChange(200.0).to_text(), "+200.00");
    /// assert_eq!(Cell::MuChange(-100.0).to_text(), "-100.00");
    /// assert_eq!(Cell::Percent(Some(0.375)).to_text(), "37.5%");
    /// assert_eq!(Cell::Percent(None).to_text(), "—");
    /// assert_eq!(Cell::Percent(Some(-1e-12)).to_text(), "0.0%");
    /// ```
    pub fn to_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Mu(x) => mu_text(*x),
            Cell::MuChange(x) => {
                let s = mu_text(*x);
                if s.starts_with('-') || s == "0.00" {
                    s
                } else {
                    format!("+{s}")
                }
            }
            Cell::Int(n) => n.to_string(),
            Cell::Number { value, decimals } => format!("{value:.*}", usize::from(*decimals)),
            // A share that rounds to zero from below (−1e-12 of float noise) is shown as 0.0%, not −0.0%.
            Cell::Percent(Some(x)) => match format!("{:.1}%", x * 100.0) {
                s if s == "-0.0%" => "0.0%".to_string(),
                s => s,
            },
            Cell::Percent(None) => "—".to_string(),
            Cell::Empty => String::new(),
        }
    }

    /// Numbers line up on the right.
    pub fn is_number(&self) -> bool {
        matches!(
            self,
            Cell::Mu(_) | Cell::MuChange(_) | Cell::Int(_) | Cell::Number { .. } | Cell::Percent(_)
        )
    }
}

/// 亩 to two decimals, the one rounding every report uses; a rounded −0 is shown as 0.
pub fn mu_text(x: f64) -> String {
    let s = format!("{x:.2}");
    if s == "-0.00" { "0.00".to_string() } else { s }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A column: its heading and how it lines up.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub align: Align,
}

/// A titled table of typed cells. Every row has one cell per column.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table with these headings; a heading's column is right-aligned when `right` names its index.
    pub fn new(title: impl Into<String>, headers: &[&str], right: &[usize]) -> Table {
        Table {
            title: title.into(),
            columns: headers
                .iter()
                .enumerate()
                .map(|(i, h)| Column {
                    header: h.to_string(),
                    align: if right.contains(&i) { Align::Right } else { Align::Left },
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    pub fn headers(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.header.as_str()).collect()
    }

    /// Every row as text, for drawing.
    pub fn text_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|r| r.iter().map(Cell::to_text).collect())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mu_has_two_decimals() {
        // Was `mu_trims_zeros` in cli/quota_cmd.rs ("420", "12.5", "0", "1.23"): issue 9 makes every report show
        // 亩 to two decimals, the officers' convention, in one place.
        assert_eq!(mu_text(420.0), "420.00");
        assert_eq!(mu_text(12.5), "12.50");
        assert_eq!(mu_text(-0.0001), "0.00");
        assert_eq!(mu_text(1.234), "1.23");
    }

    #[test]
    fn numbers_keep_their_decimals() {
        assert_eq!(Cell::number(1.0, 4).to_text(), "1.0000");
        assert_eq!(Cell::number(99.95, 1).to_text(), "100.0");
        assert_eq!(Cell::Int(-3).to_text(), "-3");
        assert!(Cell::Mu(1.0).is_number() && !Cell::text("1").is_number());
    }
}
