//! Level of detail. Close in, parcels are meshes; further out, parcels smaller than a few points are quads; when more
//! parcels are in view than a frame can afford, a density pyramid of grid cells (count and dominant kind/use) stands in
//! for them, so a 1M-parcel library costs at most a screenful of cells.

use std::collections::HashMap;

use geo::{Coord, Rect};

use super::style::{USE_GROUPS, use_group};
use crate::library::StockLibrary;
use crate::model::StockKind;

/// Above this many parcels in view, draw the density grid instead of parcels.
pub const MAX_PARCELS_PER_FRAME: usize = 25_000;
/// Parcels whose bounding box is smaller than this many points are drawn as quads, not meshes.
pub const QUAD_BELOW_PX: f32 = 4.0;
/// Smallest cell drawn, in points.
const MIN_CELL_PX: f64 = 3.0;
/// Finest cell size in metres; each level is 4× coarser.
const BASE_CELL_M: f64 = 100.0;
const LEVELS: usize = 8;

/// One grid cell's parcels.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub count: u32,
    pub kinds: [u32; 5],
    pub uses: [u32; USE_GROUPS.len()],
}

impl Cell {
    pub fn dominant_kind(&self) -> StockKind {
        let i = (0..5).max_by_key(|&i| self.kinds[i]).unwrap_or(0);
        StockKind::ALL[i]
    }
    pub fn dominant_use_group(&self) -> usize {
        (0..self.uses.len()).max_by_key(|&i| self.uses[i]).unwrap_or(0)
    }
}

/// A pyramid of grids over a library, built once.
#[derive(Debug, Default)]
pub struct DensityPyramid {
    origin: Coord<f64>,
    levels: Vec<HashMap<(i32, i32), Cell>>,
}

impl DensityPyramid {
    pub fn build(lib: &StockLibrary) -> Self {
        let origin = lib.extent().map(|r| r.min()).unwrap_or(Coord { x: 0.0, y: 0.0 });
        let mut levels = vec![HashMap::new(); LEVELS];
        for p in lib.parcels() {
            let Some(b) = p.bbox() else { continue };
            let c = b.center();
            let k = StockKind::ALL.iter().position(|x| *x == p.kind).unwrap_or(0);
            let u = use_group(&p.planned_use);
            for (l, level) in levels.iter_mut().enumerate() {
                let size = cell_size(l);
                let key = (
                    ((c.x - origin.x) / size).floor() as i32,
                    ((c.y - origin.y) / size).floor() as i32,
                );
                let cell: &mut Cell = level.entry(key).or_default();
                cell.count += 1;
                cell.kinds[k] += 1;
                cell.uses[u] += 1;
            }
        }
        Self { origin, levels }
    }

    /// The finest level whose cells are at least a few points wide at `px_per_m`.
    pub fn level_for(&self, px_per_m: f64) -> usize {
        (0..LEVELS)
            .find(|&l| cell_size(l) * px_per_m >= MIN_CELL_PX)
            .unwrap_or(LEVELS - 1)
    }

    /// Cells of `level` meeting `view`, with their world rectangles.
    pub fn cells_in(&self, level: usize, view: Rect<f64>) -> impl Iterator<Item = (Rect<f64>, &Cell)> {
        let size = cell_size(level);
        let o = self.origin;
        let (x0, y0) = (
            ((view.min().x - o.x) / size).floor() as i32,
            ((view.min().y - o.y) / size).floor() as i32,
        );
        let (x1, y1) = (
            ((view.max().x - o.x) / size).floor() as i32,
            ((view.max().y - o.y) / size).floor() as i32,
        );
        self.levels.get(level).into_iter().flat_map(move |m| {
            m.iter()
                .filter(move |((x, y), _)| *x >= x0 && *x <= x1 && *y >= y0 && *y <= y1)
                .map(move |(&(x, y), c)| {
                    let min = Coord {
                        x: o.x + f64::from(x) * size,
                        y: o.y + f64::from(y) * size,
                    };
                    (
                        Rect::new(
                            min,
                            Coord {
                                x: min.x + size,
                                y: min.y + size,
                            },
                        ),
                        c,
                    )
                })
        })
    }

    pub fn cell_size(&self, level: usize) -> f64 {
        cell_size(level)
    }
}

fn cell_size(level: usize) -> f64 {
    BASE_CELL_M * 4f64.powi(level as i32)
}

/// Whether more than `limit` parcels are in `view` (stops counting at limit + 1).
pub fn too_many_in_view(lib: &StockLibrary, view: Rect<f64>, limit: usize) -> bool {
    lib.query_rect(view).take(limit + 1).count() > limit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LandUse, Parcel};
    use geo::{MultiPolygon, polygon};

    #[test]
    fn pyramid_counts_each_parcel_once_per_level() {
        let sq = |x: f64| {
            MultiPolygon(vec![
                polygon![(x: x, y: 0.0), (x: x + 10.0, y: 0.0), (x: x + 10.0, y: 10.0), (x: x, y: 10.0)],
            ])
        };
        let lib = StockLibrary::new(vec![
            Parcel::new("A", StockKind::Idle, LandUse::ydyh("1001"), "1", sq(0.0)),
            Parcel::new("B", StockKind::Idle, LandUse::ydyh("0701"), "1", sq(50.0)),
            Parcel::new("C", StockKind::Collective, LandUse::ydyh("1001"), "1", sq(250.0)),
        ]);
        let p = DensityPyramid::build(&lib);
        let all = Rect::new(Coord { x: -1e6, y: -1e6 }, Coord { x: 1e6, y: 1e6 });
        // Level 0 (100 m cells): A and B share cell (0,0), C is in cell (2,0).
        let mut c0: Vec<u32> = p.cells_in(0, all).map(|(_, c)| c.count).collect();
        c0.sort();
        assert_eq!(c0, vec![1, 2]);
        // Level 1 (400 m cells): all three in one cell, mostly idle and industrial.
        let c1: Vec<_> = p.cells_in(1, all).collect();
        assert_eq!(c1.len(), 1);
        assert_eq!(c1[0].1.count, 3);
        assert_eq!(c1[0].1.dominant_kind(), StockKind::Idle);
        assert_eq!(USE_GROUPS[c1[0].1.dominant_use_group()].1, "工矿用地");
        // At 0.01 pt/m a 100 m cell is 1 pt; 400 m is 4 pt ≥ 3: level 1.
        assert_eq!(p.level_for(0.01), 1);
    }
}
