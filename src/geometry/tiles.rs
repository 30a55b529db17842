//! Which tiles cover the view, and at which resolution level: the pure geometry of the basemaps. A raster (a DOM
//! GeoTIFF, MBTiles, GeoPackage tiles, once warped to the working CRS) is a north-up pixel grid with its GDAL
//! overviews; the map asks for the coarsest level that still gives at least one raster pixel per screen point, and
//! for the 256-pixel tiles of that level that meet the view. The online XYZ layer uses the Web-Mercator tile
//! pyramid. Reading and drawing live at the edges (`io::raster`, `ui::map::basemap`).

use geo::{Coord, Rect};

/// Tile side in raster pixels.
pub const TILE_PX: u32 = 256;
/// A raster without overviews larger than this (pixels) is "large": drawn from one coarse level until the officer
/// builds overviews, since reading it decimated on the fly for every tile would be slow.
pub const LARGE_PIXELS: u64 = 8192 * 8192;
/// The longest side of the coarse level of a large raster without overviews.
pub const COARSE_SIDE: u32 = 1024;
/// At most this many tiles are asked for in one view (a very wide window at a fine level asks for fewer, nearest
/// the centre first).
pub const MAX_TILES_IN_VIEW: usize = 160;

/// A north-up raster in the working CRS: the top-left corner, the pixel size in metres and the pixel count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RasterGrid {
    /// World coordinate of the top-left corner of the top-left pixel.
    pub origin: Coord<f64>,
    /// Metres per pixel, east and south (both positive).
    pub pixel: (f64, f64),
    pub width: u32,
    pub height: u32,
}

impl RasterGrid {
    /// The raster's world extent.
    pub fn extent(&self) -> Rect<f64> {
        Rect::new(
            self.origin,
            Coord {
                x: self.origin.x + f64::from(self.width) * self.pixel.0,
                y: self.origin.y - f64::from(self.height) * self.pixel.1,
            },
        )
    }
}

/// One resolution level: full resolution, a GDAL overview, or a level GDAL decimates on read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Level {
    pub width: u32,
    pub height: u32,
    /// The GDAL overview index; `None` reads the full-resolution band (decimated to this level's size).
    pub overview: Option<usize>,
}

/// The levels of a raster, finest first, and whether it is large without overviews (then there are two levels:
/// full resolution and one coarse level, and the app offers to build overviews).
#[derive(Debug, Clone, PartialEq)]
pub struct Levels {
    pub levels: Vec<Level>,
    pub needs_overviews: bool,
}

/// The resolution levels of a `width` × `height` raster with GDAL overviews of the given sizes.
///
/// ```
/// use stockfirst::geometry::tiles::levels_of;
/// // With overviews: full resolution then the overviews, finest first.
/// let l = levels_of(4000, 2000, &[(1000, 500), (2000, 1000)]);
/// assert_eq!(l.levels.iter().map(|l| l.width).collect::<Vec<_>>(), vec![4000, 2000, 1000]);
/// assert_eq!(l.levels[1].overview, Some(1));
/// // Small, without overviews: halvings GDAL makes on read, down to one tile.
/// let l = levels_of(1000, 600, &[]);
/// assert_eq!(l.levels.iter().map(|l| l.width).collect::<Vec<_>>(), vec![1000, 500, 250]);
/// assert!(!l.needs_overviews);
/// // Large, without overviews: full resolution and one coarse level of at most 1024 pixels a side.
/// let l = levels_of(40_000, 30_000, &[]);
/// assert_eq!((l.levels[1].width, l.levels[1].height), (1024, 768));
/// assert!(l.needs_overviews);
/// ```
pub fn levels_of(width: u32, height: u32, overviews: &[(u32, u32)]) -> Levels {
    let full = Level {
        width,
        height,
        overview: None,
    };
    let mut levels = vec![full];
    if !overviews.is_empty() {
        let mut ovs: Vec<Level> = overviews
            .iter()
            .enumerate()
            .filter(|(_, (w, h))| *w > 0 && *h > 0 && *w < width)
            .map(|(i, &(w, h))| Level {
                width: w,
                height: h,
                overview: Some(i),
            })
            .collect();
        ovs.sort_by_key(|l| std::cmp::Reverse(l.width));
        levels.extend(ovs);
        return Levels {
            levels,
            needs_overviews: false,
        };
    }
    let large = u64::from(width) * u64::from(height) > LARGE_PIXELS;
    if large {
        let k = f64::from(width.max(height)) / f64::from(COARSE_SIDE);
        levels.push(Level {
            width: ((f64::from(width) / k).round() as u32).max(1),
            height: ((f64::from(height) / k).round() as u32).max(1),
            overview: None,
        });
    } else {
        let (mut w, mut h) = (width, height);
        while w.max(h) > TILE_PX {
            w = w.div_ceil(2);
            h = h.div_ceil(2);
            levels.push(Level {
                width: w,
                height: h,
                overview: None,
            });
        }
    }
    Levels {
        levels,
        needs_overviews: large,
    }
}

/// The level to draw: the coarsest whose pixels are no larger than a screen point (`m_per_point` metres), so the
/// image is never blurred by more than 2×; the finest level when zoomed in past full resolution.
///
/// ```
/// use stockfirst::geometry::tiles::{choose_level, levels_of, RasterGrid};
/// let grid = RasterGrid { origin: geo::coord! { x: 0.0, y: 0.0 }, pixel: (0.5, 0.5), width: 8000, height: 8000 };
/// let levels = levels_of(8000, 8000, &[(4000, 4000), (2000, 2000), (1000, 1000)]).levels;
/// // Pixels of 0.5, 1, 2 and 4 m: at 3 m a point the 2 m level is the coarsest that is not coarser than the screen.
/// assert_eq!(choose_level(&grid, &levels, 3.0), 2);
/// assert_eq!(choose_level(&grid, &levels, 0.1), 0);
/// assert_eq!(choose_level(&grid, &levels, 100.0), 3);
/// ```
pub fn choose_level(grid: &RasterGrid, levels: &[Level], m_per_point: f64) -> usize {
    let extent_w = f64::from(grid.width) * grid.pixel.0;
    let mut best = 0;
    for (i, l) in levels.iter().enumerate() {
        let px = extent_w / f64::from(l.width.max(1));
        // A hair of tolerance so an exact match picks the coarser level.
        if px <= m_per_point * (1.0 + 1e-9) {
            best = i;
        }
    }
    best
}

/// A tile of one level: its column and row of 256-pixel squares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileKey {
    pub level: usize,
    pub col: u32,
    pub row: u32,
}

/// The pixel window of a tile in its level: (x, y, width, height), cut at the raster's edge.
pub fn tile_window(level: &Level, key: TileKey) -> (u32, u32, u32, u32) {
    let x = key.col * TILE_PX;
    let y = key.row * TILE_PX;
    (
        x,
        y,
        TILE_PX.min(level.width.saturating_sub(x)),
        TILE_PX.min(level.height.saturating_sub(y)),
    )
}

/// The world rectangle a tile covers.
pub fn tile_bounds(grid: &RasterGrid, level: &Level, key: TileKey) -> Rect<f64> {
    let sx = f64::from(grid.width) * grid.pixel.0 / f64::from(level.width.max(1));
    let sy = f64::from(grid.height) * grid.pixel.1 / f64::from(level.height.max(1));
    let (x, y, w, h) = tile_window(level, key);
    Rect::new(
        Coord {
            x: grid.origin.x + f64::from(x) * sx,
            y: grid.origin.y - f64::from(y) * sy,
        },
        Coord {
            x: grid.origin.x + f64::from(x + w) * sx,
            y: grid.origin.y - f64::from(y + h) * sy,
        },
    )
}

/// The tiles of `level` that meet the world rectangle `view`, nearest the view's centre first, at most
/// [`MAX_TILES_IN_VIEW`].
///
/// ```
/// use stockfirst::geometry::tiles::{tiles_in_view, RasterGrid, Level};
/// // 1000 × 1000 pixels of 1 m from (0, 1000): four tiles a side (256, 256, 256, 232 pixels).
/// let grid = RasterGrid { origin: geo::coord! { x: 0.0, y: 1000.0 }, pixel: (1.0, 1.0), width: 1000, height: 1000 };
/// let level = Level { width: 1000, height: 1000, overview: None };
/// // A view of x 300..600, y 900..950 (near the top): columns 1 and 2 of row 0.
/// let view = geo::Rect::new(geo::coord! { x: 300.0, y: 900.0 }, geo::coord! { x: 600.0, y: 950.0 });
/// let mut cols: Vec<(u32, u32)> = tiles_in_view(&grid, &level, 0, view).iter().map(|k| (k.col, k.row)).collect();
/// cols.sort();
/// assert_eq!(cols, vec![(1, 0), (2, 0)]);
/// ```
pub fn tiles_in_view(grid: &RasterGrid, level: &Level, level_index: usize, view: Rect<f64>) -> Vec<TileKey> {
    let sx = f64::from(grid.width) * grid.pixel.0 / f64::from(level.width.max(1));
    let sy = f64::from(grid.height) * grid.pixel.1 / f64::from(level.height.max(1));
    let tile_w = sx * f64::from(TILE_PX);
    let tile_h = sy * f64::from(TILE_PX);
    let cols = level.width.div_ceil(TILE_PX);
    let rows = level.height.div_ceil(TILE_PX);
    let span = |lo: f64, hi: f64, n: u32| -> Option<(u32, u32)> {
        if hi <= 0.0 || lo >= f64::from(n) || n == 0 {
            return None;
        }
        let a = lo.max(0.0).floor() as u32;
        let b = (hi.ceil() as u32).min(n).max(a + 1) - 1;
        Some((a, b))
    };
    let Some((c0, c1)) = span(
        (view.min().x - grid.origin.x) / tile_w,
        (view.max().x - grid.origin.x) / tile_w,
        cols,
    ) else {
        return Vec::new();
    };
    let Some((r0, r1)) = span(
        (grid.origin.y - view.max().y) / tile_h,
        (grid.origin.y - view.min().y) / tile_h,
        rows,
    ) else {
        return Vec::new();
    };
    let centre_c = ((view.center().x - grid.origin.x) / tile_w).clamp(0.0, f64::from(cols));
    let centre_r = ((grid.origin.y - view.center().y) / tile_h).clamp(0.0, f64::from(rows));
    let mut keys: Vec<TileKey> = (r0..=r1)
        .flat_map(|row| {
            (c0..=c1).map(move |col| TileKey {
                level: level_index,
                col,
                row,
            })
        })
        .collect();
    let dist = |k: &TileKey| (f64::from(k.col) + 0.5 - centre_c).powi(2) + (f64::from(k.row) + 0.5 - centre_r).powi(2);
    keys.sort_by(|a, b| dist(a).total_cmp(&dist(b)));
    keys.truncate(MAX_TILES_IN_VIEW);
    keys
}

/// Half the width of the Web-Mercator world (EPSG:3857), metres.
pub const MERCATOR_HALF: f64 = 20_037_508.342_789_244;

/// An XYZ (slippy-map) tile: zoom, column from the west, row from the north.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct XyzKey {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

/// The zoom whose 256-pixel tiles have pixels no larger than `m_per_point` Web-Mercator metres, within 0..=max_z.
///
/// ```
/// use stockfirst::geometry::tiles::xyz_zoom;
/// // Zoom 0 has 156 543 m pixels; zoom 10 has 152.9 m.
/// assert_eq!(xyz_zoom(152.9, 18), 10);
/// assert_eq!(xyz_zoom(200.0, 18), 10);
/// assert_eq!(xyz_zoom(0.01, 18), 18);
/// ```
pub fn xyz_zoom(m_per_point: f64, max_z: u8) -> u8 {
    let z0 = 2.0 * MERCATOR_HALF / f64::from(TILE_PX);
    let z = (z0 / m_per_point.max(1e-9)).log2().ceil();
    z.clamp(0.0, f64::from(max_z)) as u8
}

/// The Web-Mercator rectangle of an XYZ tile.
pub fn xyz_bounds(k: XyzKey) -> Rect<f64> {
    let n = f64::from(1u32 << k.z.min(31));
    let size = 2.0 * MERCATOR_HALF / n;
    let x0 = -MERCATOR_HALF + f64::from(k.x) * size;
    let y0 = MERCATOR_HALF - f64::from(k.y) * size;
    Rect::new(
        Coord { x: x0, y: y0 },
        Coord {
            x: x0 + size,
            y: y0 - size,
        },
    )
}

/// The XYZ tiles of zoom `z` meeting a Web-Mercator rectangle, nearest its centre first, at most
/// [`MAX_TILES_IN_VIEW`].
///
/// ```
/// use stockfirst::geometry::tiles::{xyz_tiles, XyzKey};
/// // Zoom 1 has four tiles; a small box just north-east of (0, 0) lies in x 1, y 0.
/// let r = geo::Rect::new(geo::coord! { x: 10.0, y: 10.0 }, geo::coord! { x: 20.0, y: 20.0 });
/// assert_eq!(xyz_tiles(r, 1), vec![XyzKey { z: 1, x: 1, y: 0 }]);
/// ```
pub fn xyz_tiles(view: Rect<f64>, z: u8) -> Vec<XyzKey> {
    let z = z.min(30);
    let n = 1u32 << z;
    let size = 2.0 * MERCATOR_HALF / f64::from(n);
    let col = |x: f64| (((x + MERCATOR_HALF) / size).floor().max(0.0) as u32).min(n - 1);
    let row = |y: f64| (((MERCATOR_HALF - y) / size).floor().max(0.0) as u32).min(n - 1);
    let (c0, c1) = (col(view.min().x), col(view.max().x));
    let (r0, r1) = (row(view.max().y), row(view.min().y));
    let cc = (view.center().x + MERCATOR_HALF) / size;
    let cr = (MERCATOR_HALF - view.center().y) / size;
    let mut keys: Vec<XyzKey> = (r0..=r1)
        .flat_map(|y| (c0..=c1).map(move |x| XyzKey { z, x, y }))
        .collect();
    let dist = |k: &XyzKey| (f64::from(k.x) + 0.5 - cc).powi(2) + (f64::from(k.y) + 0.5 - cr).powi(2);
    keys.sort_by(|a, b| dist(a).total_cmp(&dist(b)));
    keys.truncate(MAX_TILES_IN_VIEW);
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> RasterGrid {
        RasterGrid {
            origin: Coord {
                x: 38_450_000.0,
                y: 3_900_000.0,
            },
            pixel: (0.5, 0.5),
            width: 6000,
            height: 4000,
        }
    }

    #[test]
    fn tiles_cover_the_view_without_gaps_and_stay_inside_the_raster() {
        let g = grid();
        let level = Level {
            width: 6000,
            height: 4000,
            overview: None,
        };
        // 1000 m × 600 m in the middle of the 3000 m × 2000 m raster.
        let view = Rect::new(
            Coord {
                x: 38_451_000.0,
                y: 3_898_800.0,
            },
            Coord {
                x: 38_452_000.0,
                y: 3_899_400.0,
            },
        );
        let keys = tiles_in_view(&g, &level, 0, view);
        // 128 m tiles: columns 7..=15 (1000/128 → 896..2048 m), rows 4..=9 (600..1200 m south of the top).
        assert_eq!(keys.len(), 9 * 6);
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for k in &keys {
            let b = tile_bounds(&g, &level, *k);
            x0 = x0.min(b.min().x);
            y0 = y0.min(b.min().y);
            x1 = x1.max(b.max().x);
            y1 = y1.max(b.max().y);
        }
        assert!(x0 <= view.min().x && y0 <= view.min().y && x1 >= view.max().x && y1 >= view.max().y);
        // Nearest the centre first: the first tile contains the view's centre.
        let first = tile_bounds(&g, &level, keys[0]);
        let c = view.center();
        assert!(first.min().x <= c.x && c.x <= first.max().x && first.min().y <= c.y && c.y <= first.max().y);
    }

    #[test]
    fn a_view_beside_the_raster_asks_for_nothing_and_edge_tiles_are_cut() {
        let g = grid();
        let level = Level {
            width: 6000,
            height: 4000,
            overview: None,
        };
        let east = Rect::new(
            Coord {
                x: 38_460_000.0,
                y: 3_899_000.0,
            },
            Coord {
                x: 38_461_000.0,
                y: 3_899_500.0,
            },
        );
        assert!(tiles_in_view(&g, &level, 0, east).is_empty());
        // 6000 = 23 × 256 + 112: the last column is 112 pixels wide; 4000 = 15 × 256 + 160.
        assert_eq!(
            tile_window(
                &level,
                TileKey {
                    level: 0,
                    col: 23,
                    row: 15
                }
            ),
            (5888, 3840, 112, 160)
        );
        let b = tile_bounds(
            &g,
            &level,
            TileKey {
                level: 0,
                col: 23,
                row: 15,
            },
        );
        assert_eq!(b.max().x, g.extent().max().x);
        assert_eq!(b.min().y, g.extent().min().y);
    }

    #[test]
    fn overview_tiles_are_larger_on_the_ground() {
        let g = grid();
        let ov = Level {
            width: 1500,
            height: 1000,
            overview: Some(1),
        };
        // Factor 4: 2 m pixels, 512 m tiles.
        let b = tile_bounds(
            &g,
            &ov,
            TileKey {
                level: 2,
                col: 1,
                row: 1,
            },
        );
        assert_eq!(b.min().x - g.origin.x, 512.0);
        assert_eq!(b.width(), 512.0);
        assert_eq!(g.origin.y - b.max().y, 512.0);
    }

    #[test]
    fn xyz_tiles_of_jiaozuo_at_zoom_12() {
        // Jiaozuo 113.24°E 35.22°N in Web Mercator (x = R·λ, y = R·ln tan(π/4 + φ/2), R = 6 378 137 m).
        let r = 6_378_137.0_f64;
        let x = r * 113.24_f64.to_radians();
        let y = r * (std::f64::consts::FRAC_PI_4 + 35.22_f64.to_radians() / 2.0).tan().ln();
        let view = Rect::new(Coord { x: x - 1.0, y: y - 1.0 }, Coord { x: x + 1.0, y: y + 1.0 });
        let k = xyz_tiles(view, 12)[0];
        // Standard slippy-map formulas: x = ⌊(λ+180)/360·2^z⌋, y = ⌊(1 − ln(tan φ + sec φ)/π)/2·2^z⌋.
        let n = 4096.0_f64;
        let lat = 35.22_f64.to_radians();
        let ex = ((113.24 + 180.0) / 360.0 * n).floor() as u32;
        let ey = ((1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * n).floor() as u32;
        assert_eq!((k.x, k.y), (ex, ey));
        let b = xyz_bounds(k);
        assert!(b.min().x <= x && x <= b.max().x && b.min().y <= y && y <= b.max().y);
    }
}
