//! Paper for the print map: A4 or A3, portrait or landscape, and its size in pixels at the print resolution.

use std::fmt;

/// The print resolution: 300 dpi, what a bureau's laser printer and the 报批 packages use.
pub const DPI: f64 = 300.0;

/// Millimetres in an inch.
pub const MM_PER_INCH: f64 = 25.4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PaperSize {
    #[default]
    A4,
    A3,
}

impl PaperSize {
    /// Parses `a4` / `a3` (any case).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Some(Self::A4),
            "a3" => Some(Self::A3),
            _ => None,
        }
    }

    /// Portrait width and height in mm (ISO 216).
    pub fn portrait_mm(self) -> (f64, f64) {
        match self {
            Self::A4 => (210.0, 297.0),
            Self::A3 => (297.0, 420.0),
        }
    }
}

/// A sheet: size and orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Paper {
    pub size: PaperSize,
    pub landscape: bool,
}

impl Paper {
    pub fn new(size: PaperSize, landscape: bool) -> Self {
        Self { size, landscape }
    }

    /// Width and height in mm, as the sheet lies.
    ///
    /// ```
    /// use stockfirst::print::{Paper, PaperSize};
    /// assert_eq!(Paper::new(PaperSize::A4, true).mm(), (297.0, 210.0));
    /// ```
    pub fn mm(self) -> (f64, f64) {
        let (w, h) = self.size.portrait_mm();
        if self.landscape { (h, w) } else { (w, h) }
    }

    /// Width and height in pixels at [`DPI`]: mm ÷ 25.4 × 300, rounded.
    ///
    /// ```
    /// use stockfirst::print::{Paper, PaperSize};
    /// assert_eq!(Paper::new(PaperSize::A4, false).pixels(), (2480, 3508));
    /// ```
    pub fn pixels(self) -> (u32, u32) {
        let (w, h) = self.mm();
        (mm_to_px(w).round() as u32, mm_to_px(h).round() as u32)
    }

    /// Width and height in PDF points (1/72 inch).
    pub fn points(self) -> (f64, f64) {
        let (w, h) = self.mm();
        (w / MM_PER_INCH * 72.0, h / MM_PER_INCH * 72.0)
    }
}

/// Millimetres on paper to pixels at [`DPI`].
pub fn mm_to_px(mm: f64) -> f64 {
    mm / MM_PER_INCH * DPI
}

impl fmt::Display for Paper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let size = match self.size {
            PaperSize::A4 => "A4",
            PaperSize::A3 => "A3",
        };
        write!(f, "{size} {}", if self.landscape { "横向" } else { "纵向" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a3_landscape_at_300_dpi() {
        // 420 mm / 25.4 × 300 = 4960.6; 297 mm → 3507.9.
        assert_eq!(Paper::new(PaperSize::A3, true).pixels(), (4961, 3508));
        assert_eq!(PaperSize::parse(" A3 "), Some(PaperSize::A3));
        assert_eq!(PaperSize::parse("letter"), None);
    }
}
