//! Where things sit on the sheet (mm) and the map's scale: the red line's area fitted into the map frame at a round
//! ratio (1:500, 1:1000, 1:2000, 1:2500, 1:5000 …), centred.

use geo::{Coord, Rect};

use super::paper::Paper;

/// Page margin, title band and the band below the map for the legend and notes (mm).
const MARGIN: f64 = 12.0;
const TITLE_BAND: f64 = 14.0;
const FOOT_BAND: f64 = 44.0;

/// The sheet's plan: the paper, the map frame in mm from the top-left corner, the world window and the ratio.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetLayout {
    pub paper: Paper,
    /// Map frame: x, y, width, height in mm.
    pub frame: [f64; 4],
    /// The world window drawn in the frame (working CRS, metres), centred on the area of interest.
    pub window: Rect<f64>,
    /// The ratio's denominator N of 1:N: one mm on paper is N mm on the ground.
    pub scale: u32,
}

/// The smallest round denominator ≥ `n`: 1, 2, 2.5 or 5 × 10^k.
///
/// ```
/// assert_eq!(stockfirst::print::layout::round_scale(1730.0), 2000);
/// assert_eq!(stockfirst::print::layout::round_scale(2100.0), 2500);
/// assert_eq!(stockfirst::print::layout::round_scale(500.0), 500);
/// ```
pub fn round_scale(n: f64) -> u32 {
    let n = n.max(1.0);
    let p = 10f64.powf(n.log10().floor());
    let k = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .find(|k| k * p >= n - 1e-9)
        .unwrap_or(10.0);
    (k * p).round() as u32
}

impl SheetLayout {
    /// Fits `area` (working CRS) into the map frame of `paper` at a round ratio.
    pub fn plan(paper: Paper, area: Rect<f64>) -> Self {
        let (w, h) = paper.mm();
        let frame = [
            MARGIN,
            MARGIN + TITLE_BAND,
            w - 2.0 * MARGIN,
            h - 2.0 * MARGIN - TITLE_BAND - FOOT_BAND,
        ];
        let (ew, eh) = (area.width().max(1.0), area.height().max(1.0));
        // mm of paper per metre of ground; N = 1000 / that.
        let mm_per_m = (frame[2] / ew).min(frame[3] / eh);
        let scale = round_scale(1000.0 / mm_per_m);
        let mm_per_m = 1000.0 / scale as f64;
        let (hw, hh) = (frame[2] / mm_per_m / 2.0, frame[3] / mm_per_m / 2.0);
        let c = area.center();
        let window = Rect::new(
            Coord {
                x: c.x - hw,
                y: c.y - hh,
            },
            Coord {
                x: c.x + hw,
                y: c.y + hh,
            },
        );
        Self {
            paper,
            frame,
            window,
            scale,
        }
    }

    /// mm on paper per metre on the ground.
    pub fn mm_per_m(&self) -> f64 {
        1000.0 / self.scale as f64
    }

    /// A world point's place on the sheet, mm from the top-left corner (north up).
    pub fn to_mm(&self, c: Coord<f64>) -> (f64, f64) {
        let s = self.mm_per_m();
        (
            self.frame[0] + (c.x - self.window.min().x) * s,
            self.frame[1] + (self.window.max().y - c.y) * s,
        )
    }

    /// Top of the band under the map (legend, scale bar, notes), mm.
    pub fn foot_top(&self) -> f64 {
        self.frame[1] + self.frame[3] + 4.0
    }

    pub fn margin(&self) -> f64 {
        MARGIN
    }
}

/// A round length for a scale bar no longer than `max_mm` on paper: 1, 2 or 5 × 10^k metres.
///
/// ```
/// // At 1:2000 a 40 mm bar is 80 m on the ground: the bar is 50 m.
/// assert_eq!(stockfirst::print::layout::scale_bar_metres(0.5, 40.0), 50.0);
/// ```
pub fn scale_bar_metres(mm_per_m: f64, max_mm: f64) -> f64 {
    let max_m = max_mm / mm_per_m;
    let p = 10f64.powf(max_m.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * p)
        .find(|m| *m <= max_m)
        .unwrap_or(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::PaperSize;

    #[test]
    fn a_300_m_square_on_a4_portrait() {
        let area = Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 300.0, y: 300.0 });
        let l = SheetLayout::plan(Paper::new(PaperSize::A4, false), area);
        // Frame 186 mm wide: 300 m needs ≥ 1:1613 → 1:2000; the window is 186 mm × 2 m/mm = 372 m wide.
        assert_eq!(l.frame[2], 186.0);
        assert_eq!(l.scale, 2000);
        assert!((l.window.width() - 372.0).abs() < 1e-9);
        let (x, y) = l.to_mm(Coord { x: 150.0, y: 150.0 });
        assert!((x - (12.0 + 93.0)).abs() < 1e-9 && (y - (l.frame[1] + l.frame[3] / 2.0)).abs() < 1e-9);
    }
}
