//! The ledger's county check for a whole library, fast: a grid over the county outlines says, for most parcels,
//! which county holds them without computing a point inside them (`geometry::inside_point`; geo's `interior_point`
//! alone was 40 % of loading a library). The answer is always the one [`CountyBoundaries::check_parcels`] gives.
//!
//! Why it is the same: a cell that no outline edge comes near (one cell of margin around the cells an edge crosses)
//! contains no outline boundary, and two such cells side by side share no boundary either, so every point of a
//! connected region of them lies in the same outlines: one `county_of` per region answers for all its points. A parcel whose
//! box lies in cells of one region gets that answer, wherever its inside point is; any other parcel (near a
//! county line, outside the grid) is checked exactly as before.

use geo::{BoundingRect, Coord, Rect};

use super::{CountyBoundaries, CountyMismatch, Parcel};

/// Cell side in metres: most parcels fall in one to four cells, and the band along the county lines where the
/// grid cannot decide is a few hundred metres wide.
const CELL_M: f64 = 125.0;
/// Cells in the grid at most (the city is ~100 × 80 km: 520 000 cells of 125 m).
const MAX_CELLS: usize = 4_000_000;
/// A cell near an outline edge.
const NEAR_EDGE: u16 = u16::MAX;

struct Grid {
    origin: Coord<f64>,
    cols: usize,
    rows: usize,
    /// Per cell: `NEAR_EDGE`, or the region's answer: 0 for no county, else 1 + the index in `counties`.
    answer: Vec<u16>,
}

impl Grid {
    fn build(b: &CountyBoundaries) -> Option<Grid> {
        let rects: Vec<Rect<f64>> = b.counties.iter().filter_map(|c| c.shape.bounding_rect()).collect();
        let first = rects.first()?;
        let (mut lo, mut hi) = (first.min(), first.max());
        for r in &rects {
            lo = Coord {
                x: lo.x.min(r.min().x),
                y: lo.y.min(r.min().y),
            };
            hi = Coord {
                x: hi.x.max(r.max().x),
                y: hi.y.max(r.max().y),
            };
        }
        // Two cells of margin all round, so cells on the grid's rim are outside every outline.
        let origin = Coord {
            x: lo.x - 2.0 * CELL_M,
            y: lo.y - 2.0 * CELL_M,
        };
        let cols = ((hi.x - origin.x) / CELL_M).ceil() as usize + 2;
        let rows = ((hi.y - origin.y) / CELL_M).ceil() as usize + 2;
        if !(origin.x.is_finite() && origin.y.is_finite()) || cols.saturating_mul(rows) > MAX_CELLS {
            return None;
        }
        let mut grid = Grid {
            origin,
            cols,
            rows,
            answer: vec![0; cols * rows],
        };
        let mut near = vec![false; cols * rows];
        for c in &b.counties {
            for p in &c.shape.0 {
                for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                    for w in ring.0.windows(2) {
                        // Points along the edge a quarter cell apart: every cell the edge passes through holds one
                        // of them or is next to one that does, and the one-cell margin covers it.
                        let (a, b) = (w[0], w[1]);
                        let steps = ((a.x - b.x).hypot(a.y - b.y) / (CELL_M / 4.0)).ceil().min(1e6) as usize;
                        for k in 0..=steps {
                            let t = if steps == 0 { 0.0 } else { k as f64 / steps as f64 };
                            let (i, j) = grid.cell_of(Coord {
                                x: a.x + (b.x - a.x) * t,
                                y: a.y + (b.y - a.y) * t,
                            });
                            for j in j.saturating_sub(1)..=(j + 1).min(rows - 1) {
                                for i in i.saturating_sub(1)..=(i + 1).min(cols - 1) {
                                    near[j * cols + i] = true;
                                }
                            }
                        }
                    }
                }
            }
        }
        // Label each connected region of cells away from the outlines with the county its first cell's centre is in.
        let mut seen = near.clone();
        let mut stack = Vec::new();
        for start in 0..cols * rows {
            if seen[start] {
                if near[start] {
                    grid.answer[start] = NEAR_EDGE;
                }
                continue;
            }
            let centre = Coord {
                x: origin.x + ((start % cols) as f64 + 0.5) * CELL_M,
                y: origin.y + ((start / cols) as f64 + 0.5) * CELL_M,
            };
            let answer = b
                .counties
                .iter()
                .position(|c| c.contains(centre))
                .map_or(0, |k| k as u16 + 1);
            seen[start] = true;
            stack.push(start);
            while let Some(cell) = stack.pop() {
                grid.answer[cell] = answer;
                let (i, j) = (cell % cols, cell / cols);
                let mut visit = |n: usize| {
                    if !seen[n] {
                        seen[n] = true;
                        stack.push(n);
                    }
                };
                if i > 0 {
                    visit(cell - 1);
                }
                if i + 1 < cols {
                    visit(cell + 1);
                }
                if j > 0 {
                    visit(cell - cols);
                }
                if j + 1 < rows {
                    visit(cell + cols);
                }
            }
        }
        Some(grid)
    }

    /// The cell holding `c`, clamped to the grid (only ever used with a margin of one cell).
    fn cell_of(&self, c: Coord<f64>) -> (usize, usize) {
        let i = ((c.x - self.origin.x) / CELL_M).floor();
        let j = ((c.y - self.origin.y) / CELL_M).floor();
        (
            i.clamp(0.0, (self.cols - 1) as f64) as usize,
            j.clamp(0.0, (self.rows - 1) as f64) as usize,
        )
    }

    /// The answer for every point of `r`, when the cells it covers agree and are away from the outlines.
    fn answer_for(&self, r: Rect<f64>) -> Option<u16> {
        let inside = |c: Coord<f64>| {
            let (x, y) = ((c.x - self.origin.x) / CELL_M, (c.y - self.origin.y) / CELL_M);
            x >= 1.0 && y >= 1.0 && x < (self.cols - 1) as f64 && y < (self.rows - 1) as f64
        };
        if !inside(r.min()) || !inside(r.max()) {
            return None;
        }
        let (i0, j0) = self.cell_of(r.min());
        let (i1, j1) = self.cell_of(r.max());
        if (i1 - i0 + 1) * (j1 - j0 + 1) > 64 {
            return None;
        }
        let first = self.answer[j0 * self.cols + i0];
        for j in j0..=j1 {
            for i in i0..=i1 {
                if self.answer[j * self.cols + i] != first {
                    return None;
                }
            }
        }
        (first != NEAR_EDGE).then_some(first)
    }
}

/// The ledger's county check one parcel at a time, for a reader that checks each parcel while it is still in the
/// cache: the grid is built once, then [`CountyCheck::check`] gives what [`CountyBoundaries::check_parcels`] gives.
pub struct CountyCheck<'a> {
    bounds: &'a CountyBoundaries,
    grid: Option<Grid>,
}

/// What the county check says of one parcel.
#[derive(Debug, Clone, PartialEq)]
pub enum CountyVerdict {
    /// It lies in the outline of the county it names.
    Agrees,
    /// It lies in another county's outline.
    Disagrees(CountyMismatch),
    /// Its county has no outline (the high-tech zone): not judged.
    NoOutline,
    /// It lies outside every outline: not judged.
    OutsideOutlines,
}

/// What the county check found over many parcels, in their order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountyFindings {
    pub mismatches: Vec<CountyMismatch>,
    /// Parcels whose county has no outline, not judged.
    pub unjudged: usize,
}

impl CountyFindings {
    pub fn add(&mut self, verdict: CountyVerdict) {
        match verdict {
            CountyVerdict::Disagrees(m) => self.mismatches.push(m),
            CountyVerdict::NoOutline => self.unjudged += 1,
            CountyVerdict::Agrees | CountyVerdict::OutsideOutlines => {}
        }
    }

    /// Appends the findings of the parcels after these.
    pub fn append(&mut self, mut later: CountyFindings) {
        self.mismatches.append(&mut later.mismatches);
        self.unjudged += later.unjudged;
    }
}

impl CountyCheck<'_> {
    /// What the check says of `p`; [`CountyVerdict::Disagrees`] for exactly the parcels
    /// [`CountyBoundaries::check_parcels`] lists.
    pub fn check(&self, p: &Parcel) -> CountyVerdict {
        self.check_boxed(p, p.bbox())
    }

    /// [`CountyCheck::check`] given the parcel's bounding box (a reader has it already).
    pub fn check_boxed(&self, p: &Parcel, bbox: Option<Rect<f64>>) -> CountyVerdict {
        if self.bounds.by_id(&p.county).is_none() {
            return CountyVerdict::NoOutline;
        }
        let fast = match &self.grid {
            Some(grid) => bbox.and_then(|r| grid.answer_for(r)),
            None => None,
        };
        let found = match fast {
            Some(0) => None,
            Some(k) => self.bounds.counties.get(k as usize - 1),
            None => crate::geometry::inside_point(&p.geometry).and_then(|at| self.bounds.county_of(at)),
        };
        match found {
            None => CountyVerdict::OutsideOutlines,
            Some(c) if c.id == p.county => CountyVerdict::Agrees,
            Some(c) => CountyVerdict::Disagrees(CountyMismatch {
                parcel: p.id.clone(),
                stated: p.county.clone(),
                found: c.id.clone(),
            }),
        }
    }
}

impl CountyBoundaries {
    /// The check of [`CountyCheck`], its grid built.
    pub fn county_check(&self) -> CountyCheck<'_> {
        CountyCheck {
            bounds: self,
            grid: Grid::build(self),
        }
    }

    /// The same as [`CountyBoundaries::check_parcels`] (in the same order), for a whole library: a grid decides
    /// most parcels, the rest are checked one by one. The loaders check each parcel as they read it instead.
    pub fn check_library(&self, parcels: &[Parcel]) -> Vec<CountyMismatch> {
        let checker = self.county_check();
        parcels
            .iter()
            .filter_map(|p| match checker.check(p) {
                CountyVerdict::Disagrees(m) => Some(m),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CountyBoundary, LandUse, StockKind};
    use geo::{MultiPolygon, polygon};

    fn square(x0: f64, y0: f64, side: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![polygon![
            (x: x0, y: y0), (x: x0 + side, y: y0), (x: x0 + side, y: y0 + side), (x: x0, y: y0 + side)
        ]])
    }

    #[test]
    fn the_grid_gives_what_the_inside_point_gives() {
        // Two 10 km counties side by side and a notched third one; parcels of 40–390 m everywhere, many across the
        // lines, some claiming the wrong county, some outside every outline.
        let notched = MultiPolygon(vec![polygon![
            (x: 0.0, y: 10_000.0), (x: 20_000.0, y: 10_000.0), (x: 20_000.0, y: 16_000.0),
            (x: 12_000.0, y: 16_000.0), (x: 11_000.0, y: 12_500.0), (x: 9_000.0, y: 16_000.0), (x: 0.0, y: 16_000.0)
        ]]);
        let b = CountyBoundaries::new(
            vec![
                CountyBoundary::new("A", "甲", square(0.0, 0.0, 10_000.0)),
                CountyBoundary::new("B", "乙", square(10_000.0, 0.0, 10_000.0)),
                CountyBoundary::new("C", "丙", notched),
            ],
            "test",
        );
        let mut s = 12_345u64;
        let mut rnd = || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let ids = ["A", "B", "C", "Z"];
        let parcels: Vec<Parcel> = (0..6_000)
            .map(|i| {
                let (x, y, side) = (
                    rnd() * 22_000.0 - 1_000.0,
                    rnd() * 18_000.0 - 1_000.0,
                    40.0 + rnd() * 350.0,
                );
                let county = ids[(rnd() * 4.0) as usize % 4];
                Parcel::new(
                    format!("P{i}"),
                    StockKind::Idle,
                    LandUse::ydyh("1001"),
                    county,
                    square(x, y, side),
                )
            })
            .collect();
        let slow = b.check_parcels(&parcels);
        assert!(slow.len() > 1_000, "{}", slow.len());
        assert_eq!(b.check_library(&parcels), slow);
        // Most parcels were decided by the grid.
        let grid = Grid::build(&b).unwrap();
        let fast = parcels
            .iter()
            .filter(|p| grid.answer_for(p.bbox().unwrap()).is_some())
            .count();
        assert!(fast > parcels.len() / 2, "{fast}");
    }
}
