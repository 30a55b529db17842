//! A gap-free, overlap-free tiling of an area into 图斑, as a 三调 DLTB layer is.
//!
//! Lots are cut from the area by guillotine cuts on a one-metre lattice, so every edge lies on a horizontal or
//! vertical lattice line. Every vertex any lot puts on a line is put into one shared point set, and every lot reads
//! its sides back from that set: neighbours therefore list the same vertices along a shared edge, T-junctions
//! included. The lattice is then bent by a smooth shear (`Warp`), the same for everyone, so edges wiggle like
//! field boundaries while the tiling stays exact.

use geo::{Coord, LineString, Polygon};

use super::SplitMix64;

/// A lot on the lattice: metres from the tiling's origin, `x0 < x1`, `y0 < y1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub x0: u32,
    pub y0: u32,
    pub x1: u32,
    pub y1: u32,
}

impl Cell {
    pub fn width(&self) -> u32 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> u32 {
        self.y1 - self.y0
    }
    pub fn center(&self) -> (f64, f64) {
        (
            (self.x0 as f64 + self.x1 as f64) / 2.0,
            (self.y0 as f64 + self.y1 as f64) / 2.0,
        )
    }
}

/// One tile: its cell, and optionally an inner cell cut out of it (a hole that is itself another tile).
#[derive(Debug, Clone, Copy)]
pub struct Tile {
    pub cell: Cell,
    pub hole: Option<Cell>,
    /// True for the tile that fills another tile's hole.
    pub island: bool,
}

/// How to cut.
pub struct TilingOptions {
    /// No side shorter than this (metres); keeps lots valid after warping.
    pub min_side: u32,
    /// No side longer than this: hills and fields far from anything still get several 图斑.
    pub max_side: u32,
    /// About this many vertices per side of a lot (before neighbours' T-junctions are added).
    pub vertices_per_side: u32,
    /// Share of large lots that get an island (a pond or a farmstead inside a field).
    pub island_share: f64,
}

/// Cuts `root` into tiles; `expected(cell)` is how many tiles the cell should hold.
pub fn cut(root: Cell, opts: &TilingOptions, rng: &mut SplitMix64, expected: &dyn Fn(Cell) -> f64) -> Vec<Tile> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(c) = stack.pop() {
        let (w, h) = (c.width(), c.height());
        // Leaves end up with 0.3–1 × the threshold; 1.6 makes them average about one expected tile.
        let small = expected(c) < 1.6 && w.max(h) <= opts.max_side;
        let can_x = w >= 2 * opts.min_side;
        let can_y = h >= 2 * opts.min_side;
        if small || (!can_x && !can_y) {
            out.push(c);
            continue;
        }
        // Fields are strips: cut across the long side, at random when the lot is squarish.
        let along_x = if !can_y {
            true
        } else if !can_x {
            false
        } else if w as f64 > 1.6 * h as f64 {
            true
        } else if h as f64 > 1.6 * w as f64 {
            false
        } else {
            rng.unit() < 0.5
        };
        let f = rng.uniform(0.3, 0.7);
        let (lo, len) = if along_x { (c.x0, w) } else { (c.y0, h) };
        let m = (lo + (len as f64 * f).round() as u32).clamp(lo + opts.min_side, lo + len - opts.min_side);
        let (a, b) = if along_x {
            (Cell { x1: m, ..c }, Cell { x0: m, ..c })
        } else {
            (Cell { y1: m, ..c }, Cell { y0: m, ..c })
        };
        // Pushed in reverse so leaves come out west-to-east, south-to-north within each cut.
        stack.push(b);
        stack.push(a);
    }
    let mut tiles = Vec::with_capacity(out.len() + out.len() / 20);
    for c in out {
        let big = c.width() >= 6 * opts.min_side && c.height() >= 6 * opts.min_side;
        if big && rng.unit() < opts.island_share {
            let (w, h) = (c.width() as f64, c.height() as f64);
            let (iw, ih) = ((w * rng.uniform(0.2, 0.35)) as u32, (h * rng.uniform(0.2, 0.35)) as u32);
            let ix = c.x0 + opts.min_side + (rng.unit() * (c.width() - iw - 2 * opts.min_side) as f64) as u32;
            let iy = c.y0 + opts.min_side + (rng.unit() * (c.height() - ih - 2 * opts.min_side) as f64) as u32;
            let inner = Cell {
                x0: ix,
                y0: iy,
                x1: ix + iw.max(opts.min_side),
                y1: iy + ih.max(opts.min_side),
            };
            tiles.push(Tile {
                cell: c,
                hole: Some(inner),
                island: false,
            });
            tiles.push(Tile {
                cell: inner,
                hole: None,
                island: true,
            });
        } else {
            tiles.push(Tile {
                cell: c,
                hole: None,
                island: false,
            });
        }
    }
    tiles
}

/// The smooth shear that bends the lattice: x' = x + f(y), y' = y + g(x). Its Jacobian is 1 − f′g′, kept above
/// 0.5 by the amplitudes, so it is one-to-one and the tiling survives it.
#[derive(Debug, Clone)]
pub struct Warp {
    pub origin: Coord<f64>,
    fx: [(f64, f64, f64); 3],
    gy: [(f64, f64, f64); 3],
}

impl Warp {
    pub fn new(origin: Coord<f64>, rng: &mut SplitMix64) -> Self {
        let mut wave = |amp: f64, len: f64| {
            (
                amp,
                std::f64::consts::TAU / len,
                rng.uniform(0.0, std::f64::consts::TAU),
            )
        };
        // (amplitude m, wavelength m): slopes 0.12 + 0.19 + 0.25 < 0.6 in each direction.
        let fx = [wave(120.0, 6_400.0), wave(3.0, 97.0), wave(1.0, 25.0)];
        let gy = [wave(110.0, 5_900.0), wave(3.0, 101.0), wave(1.0, 27.0)];
        Self { origin, fx, gy }
    }

    /// Lattice point → world coordinates, rounded to the millimetre so neighbours store identical numbers.
    pub fn apply(&self, x: f64, y: f64) -> Coord<f64> {
        let s = |w: &[(f64, f64, f64); 3], t: f64| w.iter().map(|(a, k, p)| a * (k * t + p).sin()).sum::<f64>();
        let r = |v: f64| (v * 1000.0).round() / 1000.0;
        Coord {
            x: r(self.origin.x + x + s(&self.fx, y)),
            y: r(self.origin.y + y + s(&self.gy, x)),
        }
    }
}

/// The shared vertex set: for every lattice line, the positions any tile put on it.
pub struct Vertices {
    keys: Vec<u64>,
}

const VERTICAL: u64 = 1 << 63;

fn key(vertical: bool, line: u32, pos: u32) -> u64 {
    (if vertical { VERTICAL } else { 0 }) | ((line as u64) << 32) | pos as u64
}

/// Vertex spacing for a side of this length: a power of two, so neighbours of similar size share most points.
fn step(len: u32, per_side: u32) -> u32 {
    let want = (len / per_side.max(1)).max(4);
    let mut s = 4u32;
    while s * 2 <= want {
        s *= 2;
    }
    s
}

impl Vertices {
    pub fn collect(tiles: &[Tile], per_side: u32) -> Self {
        let mut keys = Vec::with_capacity(tiles.len() * (4 * per_side as usize + 4));
        let mut side = |vertical: bool, line: u32, a: u32, b: u32| {
            keys.push(key(vertical, line, a));
            keys.push(key(vertical, line, b));
            let s = step(b - a, per_side);
            let mut p = (a / s + 1) * s;
            while p < b {
                keys.push(key(vertical, line, p));
                p += s;
            }
        };
        for t in tiles {
            // An island's sides are registered by its own tile; the holed tile reads them.
            let c = t.cell;
            side(false, c.y0, c.x0, c.x1);
            side(false, c.y1, c.x0, c.x1);
            side(true, c.x0, c.y0, c.y1);
            side(true, c.x1, c.y0, c.y1);
        }
        keys.sort_unstable();
        keys.dedup();
        Self { keys }
    }

    /// Positions on a line in [a, b], ascending.
    fn on(&self, vertical: bool, line: u32, a: u32, b: u32) -> impl Iterator<Item = u32> + '_ {
        let lo = self.keys.partition_point(|k| *k < key(vertical, line, a));
        let hi = self.keys.partition_point(|k| *k <= key(vertical, line, b));
        self.keys[lo..hi].iter().map(|k| (*k & 0xFFFF_FFFF) as u32)
    }

    /// The counter-clockwise ring of a cell (on the lattice), with every shared vertex on its sides.
    pub fn ring(&self, c: Cell, warp: &Warp) -> LineString<f64> {
        let mut pts: Vec<Coord<f64>> = Vec::new();
        let f = |x: u32, y: u32| warp.apply(x as f64, y as f64);
        // South side west→east, east side south→north, north side east→west, west side north→south.
        for x in self.on(false, c.y0, c.x0, c.x1).filter(|x| *x < c.x1) {
            pts.push(f(x, c.y0));
        }
        for y in self.on(true, c.x1, c.y0, c.y1).filter(|y| *y < c.y1) {
            pts.push(f(c.x1, y));
        }
        let north: Vec<u32> = self.on(false, c.y1, c.x0, c.x1).filter(|x| *x > c.x0).collect();
        for x in north.into_iter().rev() {
            pts.push(f(x, c.y1));
        }
        let west: Vec<u32> = self.on(true, c.x0, c.y0, c.y1).filter(|y| *y > c.y0).collect();
        for y in west.into_iter().rev() {
            pts.push(f(c.x0, y));
        }
        if let Some(first) = pts.first().copied() {
            pts.push(first);
        }
        LineString::new(pts)
    }

    /// The tile's polygon. `clockwise` flips the exterior (as some exports write it); holes get the opposite
    /// orientation unless `odd_hole` asks for the same one, as sloppy writers do.
    pub fn polygon(&self, t: &Tile, warp: &Warp, clockwise: bool, odd_hole: bool) -> Polygon<f64> {
        let mut outer = self.ring(t.cell, warp);
        if clockwise {
            outer.0.reverse();
        }
        let holes = t
            .hole
            .map(|h| {
                let mut r = self.ring(h, warp);
                if clockwise == odd_hole {
                    r.0.reverse();
                }
                vec![r]
            })
            .unwrap_or_default();
        Polygon::new(outer, holes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, BooleanOps, BoundingRect, Validation};

    #[test]
    fn tiles_cover_the_root_exactly_and_do_not_overlap() {
        let root = Cell {
            x0: 0,
            y0: 0,
            x1: 3000,
            y1: 2000,
        };
        let opts = TilingOptions {
            min_side: 30,
            max_side: 800,
            vertices_per_side: 6,
            island_share: 0.2,
        };
        let mut rng = SplitMix64::new(9);
        let tiles = cut(root, &opts, &mut rng, &|c: Cell| {
            (c.width() as f64 * c.height() as f64) / 40_000.0
        });
        assert!(tiles.len() > 100 && tiles.iter().any(|t| t.hole.is_some()));
        let v = Vertices::collect(&tiles, opts.vertices_per_side);
        let warp = Warp::new(Coord { x: 0.0, y: 0.0 }, &mut rng);
        let polys: Vec<Polygon<f64>> = tiles
            .iter()
            .enumerate()
            .map(|(i, t)| v.polygon(t, &warp, i % 7 == 0, i % 11 == 0))
            .collect();
        for p in &polys {
            assert!(p.is_valid(), "{:?}", p.validation_errors());
        }
        // The warped root's area, from its own ring, equals the sum of the tiles.
        let whole = Polygon::new(v.ring(root, &warp), vec![]);
        let sum: f64 = polys.iter().map(|p| p.unsigned_area()).sum();
        assert!(
            (sum - whole.unsigned_area()).abs() < 1e-6 * whole.unsigned_area(),
            "{sum}"
        );
        // No two tiles overlap by more than rounding.
        for (i, a) in polys.iter().enumerate() {
            let ra = a.bounding_rect().unwrap();
            for b in polys.iter().skip(i + 1) {
                let rb = b.bounding_rect().unwrap();
                if ra.max().x < rb.min().x
                    || rb.max().x < ra.min().x
                    || ra.max().y < rb.min().y
                    || rb.max().y < ra.min().y
                {
                    continue;
                }
                assert!(a.intersection(b).unsigned_area() < 1e-3);
            }
        }
    }
}
