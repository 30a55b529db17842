//! Synthetic planning control layers for the sample area: 地类图斑 (DLTB), 永久基本农田, 生态保护红线,
//! 城镇开发边界 and 村庄建设边界 — plain geometry and attributes; `io` writes them with the national names.
//!
//! The landscape follows the sample library: towns, parks and villages where the stock parcels cluster, the
//! Taihang hills north of `hill_foot`, rivers with floodplains, the plain between them. The DLTB tiles the
//! extent exactly (see `tiling`), finely around the stock and coarsely far from it.

use geo::{BoundingRect, Contains, Coord, Distance, Euclidean, LineString, MultiPolygon, Point, Polygon, Rect};
use rstar::{AABB, RTree, primitives::GeomWithData, primitives::Rectangle};

use super::SplitMix64;
use super::dltb_classes::{self, Setting};
use super::tiling::{self, Cell, TilingOptions, Vertices, Warp};
use crate::model::Parcel;

/// A river: its centre line, channel half-width, floodplain half-width and 生态保护红线 half-width (0: none).
#[derive(Debug, Clone)]
pub struct River {
    pub name: String,
    pub line: LineString<f64>,
    pub half_width: f64,
    pub floodplain: f64,
    pub redline: f64,
}

/// What to generate. All coordinates in the working CRS.
#[derive(Debug, Clone)]
pub struct ControlSpec {
    pub seed: u64,
    /// The area the DLTB tiles.
    pub extent: Rect<f64>,
    /// About this many DLTB 图斑.
    pub patches: usize,
    /// Vertices per lot side before T-junctions (4 for the small committed file, 8 for "dozens").
    pub vertices_per_side: u32,
    /// (行政区代码, name, seat) of each county with an adcode.
    pub counties: Vec<(String, String, Coord<f64>)>,
    /// The foot of the hills, west to east: land north of it is hill country.
    pub hill_foot: LineString<f64>,
    /// The first river is the one paddy grows beside (the Yellow River here).
    pub rivers: Vec<River>,
    /// 数据年份 SJNF.
    pub year: i32,
}

/// One 地类图斑 with the 三调 fields.
#[derive(Debug, Clone, PartialEq)]
pub struct DltbPatch {
    pub bsm: String,
    pub dlbm: String,
    pub dlmc: String,
    pub qsxz: String,
    pub qsdwdm: String,
    pub qsdwmc: String,
    pub zldwdm: String,
    pub zldwmc: String,
    /// 图斑面积, ellipsoidal m².
    pub tbmj: f64,
    pub kcdlbm: String,
    pub kcxs: f64,
    pub kcmj: f64,
    pub tbdlmj: f64,
    pub gdlx: String,
    pub gdpdjb: String,
    pub zzsxdm: String,
    pub sjnf: i32,
    pub geometry: Polygon<f64>,
}

/// 永久基本农田保护图斑.
#[derive(Debug, Clone, PartialEq)]
pub struct FarmlandPatch {
    pub yjjbnttbbh: String,
    pub dlbm: String,
    pub dlmc: String,
    /// The patch's ellipsoidal m² (gross; KCMJ = YJJBNTMJ × KCXS is its 田坎).
    pub yjjbntmj: f64,
    pub kcxs: f64,
    pub kcmj: f64,
    pub geometry: MultiPolygon<f64>,
}

/// A 生态保护红线, 城镇开发边界 zone or 村庄建设边界 polygon.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub bsm: String,
    /// GHFQDM for 城镇开发边界; empty otherwise.
    pub code: String,
    /// GHFQMC, the red line's name, or the village's name.
    pub name: String,
    /// Planar m².
    pub mj: f64,
    pub geometry: MultiPolygon<f64>,
}

/// Everything the generator makes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ControlLayers {
    pub dltb: Vec<DltbPatch>,
    pub farmland: Vec<FarmlandPatch>,
    pub redline: Vec<Zone>,
    pub boundary: Vec<Zone>,
    pub villages: Vec<Zone>,
}

/// The 城镇开发边界 zones (GHFQDM, GHFQMC). The codes follow the zone order of the planning database standard;
/// the sample marks them synthetic.
pub const BOUNDARY_ZONES: [(&str, &str); 3] =
    [("31", "城镇集中建设区"), ("32", "城镇弹性发展区"), ("33", "特别用途区")];

/// Grid of 250 m cells telling town, village and stock apart, and weighting where 图斑 are small.
pub(super) struct Landscape {
    pub origin: Coord<f64>,
    pub nx: usize,
    pub ny: usize,
    /// Stock parcel centroids per cell.
    pub count: Vec<u32>,
    pub town: Vec<bool>,
    pub village: Vec<bool>,
}

pub(super) const GRID: f64 = 250.0;

impl Landscape {
    fn new(spec: &ControlSpec, parcels: &[Parcel]) -> Self {
        let origin = spec.extent.min();
        let nx = (spec.extent.width() / GRID).ceil().max(1.0) as usize;
        let ny = (spec.extent.height() / GRID).ceil().max(1.0) as usize;
        let mut count = vec![0u32; nx * ny];
        for p in parcels {
            if let Some(b) = p.bbox() {
                let c = b.center();
                if let Some(i) = Self::index(origin, nx, ny, c) {
                    count[i] += 1;
                }
            }
        }
        let mut town = vec![false; nx * ny];
        let mut village = vec![false; nx * ny];
        for j in 0..ny {
            for i in 0..nx {
                let mut n = 0;
                for dj in -1i64..=1 {
                    for di in -1i64..=1 {
                        let (a, b) = (i as i64 + di, j as i64 + dj);
                        if a >= 0 && b >= 0 && (a as usize) < nx && (b as usize) < ny {
                            n += count[b as usize * nx + a as usize];
                        }
                    }
                }
                let c = Coord {
                    x: origin.x + (i as f64 + 0.5) * GRID,
                    y: origin.y + (j as f64 + 0.5) * GRID,
                };
                let near_seat = spec
                    .counties
                    .iter()
                    .any(|(_, _, s)| (s.x - c.x).hypot(s.y - c.y) < 1_800.0);
                town[j * nx + i] = n >= 4 || near_seat;
                village[j * nx + i] = !town[j * nx + i] && n >= 1;
            }
        }
        Self {
            origin,
            nx,
            ny,
            count,
            town,
            village,
        }
    }

    pub fn index(origin: Coord<f64>, nx: usize, ny: usize, p: Coord<f64>) -> Option<usize> {
        let (i, j) = ((p.x - origin.x) / GRID, (p.y - origin.y) / GRID);
        (i >= 0.0 && j >= 0.0 && (i as usize) < nx && (j as usize) < ny).then(|| j as usize * nx + i as usize)
    }

    fn at(&self, p: Coord<f64>) -> Option<usize> {
        Self::index(self.origin, self.nx, self.ny, p)
    }
}

/// Northing of a west-to-east line at easting `x` (held flat beyond its ends).
pub(super) fn line_y(line: &LineString<f64>, x: f64) -> f64 {
    let pts = &line.0;
    match (pts.first(), pts.last()) {
        (Some(a), _) if x <= a.x => a.y,
        (_, Some(b)) if x >= b.x => b.y,
        _ => pts
            .windows(2)
            .find(|w| w[0].x <= x && x <= w[1].x)
            .map(|w| w[0].y + (w[1].y - w[0].y) * (x - w[0].x) / (w[1].x - w[0].x).max(1e-9))
            .unwrap_or(0.0),
    }
}

fn setting(spec: &ControlSpec, land: &Landscape, c: Coord<f64>) -> (Setting, u8) {
    let p = Point(c);
    let mut near_first = false;
    for (k, r) in spec.rivers.iter().enumerate() {
        let d = Euclidean.distance(&p, &r.line);
        if d < r.half_width {
            return (Setting::River, 1);
        }
        if d < r.floodplain {
            return (Setting::Floodplain, 1);
        }
        near_first |= k == 0 && d < 10_000.0;
    }
    if let Some(i) = land.at(c) {
        if land.town[i] {
            return (Setting::Town, 1);
        }
        if land.village[i] {
            return (Setting::Village, 1);
        }
    }
    let h = c.y - line_y(&spec.hill_foot, c.x);
    match h {
        h if h > 6_000.0 => (Setting::Hills(5), 5),
        h if h > 3_000.0 => (Setting::Hills(4), 4),
        h if h > 1_000.0 => (Setting::Hills(3), 3),
        h if h > 0.0 => (Setting::Hills(2), 2),
        h if h > -2_500.0 => (Setting::Plain { near_river: near_first }, 2),
        _ => (Setting::Plain { near_river: near_first }, 1),
    }
}

/// How many 图斑 a cell should hold: fine where the stock is, in towns and along rivers, coarse elsewhere.
/// A benchmark layer of a million 图斑 is fine everywhere, as a real city's is, so the extra weight fades as the count
/// grows (the committed few thousand keep all of it).
fn density(spec: &ControlSpec, land: &Landscape) -> Vec<f64> {
    let detail = (30_000.0 / spec.patches.max(1) as f64).clamp(0.02, 1.0);
    let mut w = vec![1.0; land.nx * land.ny];
    for j in 0..land.ny {
        for i in 0..land.nx {
            let k = j * land.nx + i;
            let c = Coord {
                x: land.origin.x + (i as f64 + 0.5) * GRID,
                y: land.origin.y + (j as f64 + 0.5) * GRID,
            };
            let river = spec
                .rivers
                .iter()
                .any(|r| Euclidean.distance(&Point(c), &r.line) < r.floodplain + 500.0);
            let foot = (c.y - line_y(&spec.hill_foot, c.x)).abs() < 1_500.0;
            w[k] += detail
                * if land.count[k] > 0 {
                    150.0
                } else if land.town[k] {
                    40.0
                } else if land.village[k] {
                    25.0
                } else if river {
                    6.0
                } else if foot {
                    3.0
                } else {
                    0.0
                };
        }
    }
    w
}

/// The 地类图斑 that tile the extent, and the landscape they were drawn from (the planning lines follow it).
pub(super) fn dltb_patches(
    spec: &ControlSpec,
    parcels: &[Parcel],
    ellipsoidal_m2: &dyn Fn(&Polygon<f64>) -> f64,
    rng: &mut SplitMix64,
) -> (Landscape, Vec<DltbPatch>) {
    let land = Landscape::new(spec, parcels);
    let weights = density(spec, &land);
    // Integral image of the weights: the exact integral over any rectangle, bilinear inside a cell.
    let (nx, ny) = (land.nx, land.ny);
    let mut sum = vec![0.0; (nx + 1) * (ny + 1)];
    for j in 0..ny {
        for i in 0..nx {
            sum[(j + 1) * (nx + 1) + i + 1] =
                weights[j * nx + i] + sum[j * (nx + 1) + i + 1] + sum[(j + 1) * (nx + 1) + i] - sum[j * (nx + 1) + i];
        }
    }
    let total = sum[ny * (nx + 1) + nx].max(1e-9);
    let per_unit = spec.patches as f64 / total;
    let integral = |x: f64, y: f64| {
        let (gx, gy) = ((x / GRID).clamp(0.0, nx as f64), (y / GRID).clamp(0.0, ny as f64));
        let (i, j) = ((gx.floor() as usize).min(nx - 1), (gy.floor() as usize).min(ny - 1));
        let (fx, fy) = (gx - i as f64, gy - j as f64);
        let s = |a: usize, b: usize| sum[b * (nx + 1) + a];
        s(i, j) * (1.0 - fx) * (1.0 - fy)
            + s(i + 1, j) * fx * (1.0 - fy)
            + s(i, j + 1) * (1.0 - fx) * fy
            + s(i + 1, j + 1) * fx * fy
    };
    let expected = |c: Cell| {
        let (x0, y0, x1, y1) = (c.x0 as f64, c.y0 as f64, c.x1 as f64, c.y1 as f64);
        (integral(x1, y1) - integral(x0, y1) - integral(x1, y0) + integral(x0, y0)) * per_unit
    };
    let root = Cell {
        x0: 0,
        y0: 0,
        x1: spec.extent.width().max(1.0) as u32,
        y1: spec.extent.height().max(1.0) as u32,
    };
    let opts = TilingOptions {
        min_side: 30,
        max_side: 3_000,
        vertices_per_side: spec.vertices_per_side,
        island_share: 0.04,
    };
    let tiles = tiling::cut(root, &opts, rng, &expected);
    let vertices = Vertices::collect(&tiles, opts.vertices_per_side);
    let warp = Warp::new(spec.extent.min(), rng);
    let stock = stock_index(parcels);
    let on_farmland: Vec<bool> = (0..parcels.len())
        .map(|i| SplitMix64::new(spec.seed ^ (i as u64).wrapping_mul(0x9E37)).unit() < 0.12)
        .collect();
    let mut dltb = Vec::with_capacity(tiles.len());
    for (n, t) in tiles.iter().enumerate() {
        let (cx, cy) = t.cell.center();
        let c = warp.apply(cx, cy);
        let (mut here, slope) = setting(spec, &land, c);
        let under = stock
            .locate_all_at_point([c.x, c.y])
            .find(|e| parcels[e.data].geometry.contains(&Point(c)))
            .map(|e| e.data);
        let mut code = match under {
            Some(i) if on_farmland[i] => {
                here = Setting::Plain { near_river: false };
                if rng.unit() < 0.7 { "0102" } else { "0103" }
            }
            Some(i) => {
                here = Setting::Town;
                dltb_classes::built_class_for_use(&parcels[i].planned_use.code)
            }
            None => dltb_classes::class_for(here, rng),
        };
        if t.island && !matches!(here, Setting::River) {
            // Whatever sits inside another 图斑: a pond, a farmstead, a greenhouse yard.
            code = *["1104", "0702", "1202"].get(rng.below(3)).unwrap_or(&"1104");
        }
        let clockwise = rng.unit() < 0.12;
        let odd_hole = rng.unit() < 0.5;
        let geometry = vertices.polygon(t, &warp, clockwise, odd_hole);
        dltb.push(patch(spec, n, code, here, slope, geometry, c, rng, ellipsoidal_m2));
    }
    (land, dltb)
}

fn stock_index(parcels: &[Parcel]) -> RTree<GeomWithData<Rectangle<[f64; 2]>, usize>> {
    RTree::bulk_load(
        parcels
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let r = p.geometry.bounding_rect()?;
                Some(GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i,
                ))
            })
            .collect(),
    )
}

/// Nearest county (by seat) of a point.
pub(super) fn county_at(spec: &ControlSpec, c: Coord<f64>) -> (&str, &str) {
    spec.counties
        .iter()
        .min_by(|a, b| {
            let d = |s: &Coord<f64>| (s.x - c.x).powi(2) + (s.y - c.y).powi(2);
            d(&a.2).total_cmp(&d(&b.2))
        })
        .map(|(code, name, _)| (code.as_str(), name.as_str()))
        .unwrap_or(("410800", "焦作市"))
}

/// Township and village names for the 权属 fields (space-separated, so the list stays one line).
const TOWNSHIPS: &str = "城关镇 西陶镇 周庄镇 郇封镇 五里源乡 七贤镇 北冯镇 阳庙镇 许良镇 柏山镇 磨头镇 孝敬镇";
const VILLAGES: &str =
    "东王庄 西李村 南张寨 北刘庄 大郭村 小营 马庄 杨楼 后屯 前进 孙窑 赵堡 周庄 吴村 许河 陈沟 高村 岳庄 宋寨 韩营";

/// The `i`-th name of a space-separated list, cycling.
fn nth_name(list: &str, i: u64) -> &str {
    let n = list.split(' ').count() as u64;
    list.split(' ').nth((i % n.max(1)) as usize).unwrap_or(list)
}

/// A stable small number for a grid cell, so a village keeps its name and code everywhere it is used.
fn cell_hash(seed: u64, c: Coord<f64>, size: f64) -> u64 {
    let (i, j) = ((c.x / size).floor() as i64, (c.y / size).floor() as i64);
    SplitMix64::new(seed ^ (i as u64).wrapping_mul(0x1F1F_1F1F) ^ (j as u64).wrapping_mul(0x7A3B_9C5D)).next_u64()
}

#[allow(clippy::too_many_arguments)]
fn patch(
    spec: &ControlSpec,
    n: usize,
    code: &str,
    here: Setting,
    slope: u8,
    geometry: Polygon<f64>,
    c: Coord<f64>,
    rng: &mut SplitMix64,
    ellipsoidal_m2: &dyn Fn(&Polygon<f64>) -> f64,
) -> DltbPatch {
    let (county, county_name) = county_at(spec, c);
    let t = cell_hash(spec.seed, c, 6_000.0);
    let v = cell_hash(spec.seed, c, 1_500.0);
    let village_code = format!("{county}{:03}{:03}0000000", 100 + t, 200 + v);
    let village_name = format!(
        "{}{}村",
        nth_name(TOWNSHIPS, t).trim_end_matches(['镇', '乡']),
        nth_name(VILLAGES, v)
    );
    let qsxz = dltb_classes::ownership(code, here, rng);
    let (qsdwdm, qsdwmc) = if qsxz.starts_with('1') || qsxz.starts_with('2') {
        (format!("{county}0000000000000"), format!("{county_name}国有土地"))
    } else {
        (village_code.clone(), format!("{village_name}民委员会"))
    };
    let cult = dltb_classes::cultivation(code, slope, rng);
    let r2 = |v: f64| (v * 100.0).round() / 100.0;
    let tbmj = r2(ellipsoidal_m2(&geometry));
    let kcxs = cult.as_ref().map(|k| k.kcxs).unwrap_or(0.0);
    let kcmj = r2(tbmj * kcxs);
    DltbPatch {
        bsm: format!("{county}{:010}", n + 1),
        dlbm: code.to_string(),
        dlmc: dltb_classes::name_of(code).to_string(),
        qsxz: qsxz.to_string(),
        qsdwdm,
        qsdwmc,
        zldwdm: village_code,
        zldwmc: village_name,
        tbmj,
        kcdlbm: if kcxs > 0.0 { "1203".into() } else { String::new() },
        kcxs,
        kcmj,
        tbdlmj: r2(tbmj - kcmj),
        gdlx: cult.as_ref().map(|k| k.gdlx.clone()).unwrap_or_default(),
        gdpdjb: cult.as_ref().map(|k| k.gdpdjb.clone()).unwrap_or_default(),
        zzsxdm: cult.map(|k| k.zzsxdm).unwrap_or_default(),
        sjnf: spec.year,
        geometry,
    }
}

/// The grid query the zones need: is this cell town or village, and where are the cells.
pub(super) fn cells_where(land: &Landscape, pick: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for j in 0..land.ny {
        for i in 0..land.nx {
            if pick(j * land.nx + i) {
                out.push((i, j));
            }
        }
    }
    out
}

/// A stable envelope for the R-tree of zone polygons.
pub(super) fn envelope(g: &MultiPolygon<f64>) -> Option<AABB<[f64; 2]>> {
    let r = g.bounding_rect()?;
    Some(AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]))
}

#[cfg(test)]
#[path = "control_layers_tests.rs"]
mod tests;
