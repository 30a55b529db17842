//! The planning lines over the synthetic DLTB: 生态保护红线 in the hills and along the rivers, 城镇开发边界
//! around the towns and parks, 村庄建设边界 around villages, and 永久基本农田 on most remaining 耕地.
//! As in a real 三区三线 plan, the three lines do not overlap one another.

use geo::{Area, BooleanOps, BoundingRect, Coord, Intersects, LineString, MultiPolygon, Polygon, Rect};
use rstar::{RTree, primitives::GeomWithData, primitives::Rectangle};

use super::SplitMix64;
use super::control_layers::{
    BOUNDARY_ZONES, ControlSpec, DltbPatch, FarmlandPatch, GRID, Landscape, Zone, cells_where, county_at, envelope,
    line_y,
};
use super::dltb_classes::is_cultivated;
use crate::model::Parcel;

pub(super) struct Zones {
    pub redline: Vec<Zone>,
    pub boundary: Vec<Zone>,
    pub villages: Vec<Zone>,
}

/// Connected groups (8-neighbours) of the grid cells `pick` selects.
fn components(land: &Landscape, pick: impl Fn(usize) -> bool) -> Vec<Vec<(usize, usize)>> {
    let mut seen = vec![false; land.nx * land.ny];
    let mut out = Vec::new();
    for (i, j) in cells_where(land, &pick) {
        if seen[j * land.nx + i] {
            continue;
        }
        let mut comp = Vec::new();
        let mut stack = vec![(i, j)];
        seen[j * land.nx + i] = true;
        while let Some((a, b)) = stack.pop() {
            comp.push((a, b));
            for db in -1i64..=1 {
                for da in -1i64..=1 {
                    let (x, y) = (a as i64 + da, b as i64 + db);
                    if x < 0 || y < 0 || x as usize >= land.nx || y as usize >= land.ny {
                        continue;
                    }
                    let k = y as usize * land.nx + x as usize;
                    if !seen[k] && pick(k) {
                        seen[k] = true;
                        stack.push((x as usize, y as usize));
                    }
                }
            }
        }
        out.push(comp);
    }
    out
}

const SECTORS: usize = 72;

/// Centre and per-sector reach of a group of cells.
fn reach(land: &Landscape, comp: &[(usize, usize)]) -> (Coord<f64>, [f64; SECTORS]) {
    let centre = |&(i, j): &(usize, usize)| Coord {
        x: land.origin.x + (i as f64 + 0.5) * GRID,
        y: land.origin.y + (j as f64 + 0.5) * GRID,
    };
    let n = comp.len().max(1) as f64;
    let c = comp.iter().map(centre).fold(Coord { x: 0.0, y: 0.0 }, |a, b| a + b) / n;
    let mut r = [0.0f64; SECTORS];
    for cell in comp {
        let p = centre(cell);
        let (dx, dy) = (p.x - c.x, p.y - c.y);
        let k = ((dy.atan2(dx) + std::f64::consts::PI) / std::f64::consts::TAU * SECTORS as f64) as usize % SECTORS;
        r[k] = r[k].max(dx.hypot(dy) + 0.6 * GRID);
    }
    // Sectors no cell fell in borrow from their neighbours, so the outline stays round.
    for _ in 0..6 {
        let prev = r;
        for k in 0..SECTORS {
            let nb = prev[(k + SECTORS - 1) % SECTORS].max(prev[(k + 1) % SECTORS]);
            r[k] = r[k].max(0.8 * nb).max(0.6 * GRID);
        }
    }
    (c, r)
}

/// A star-shaped outline with many vertices: radius per sector, linearly interpolated, with a little noise.
fn blob(c: Coord<f64>, r: &[f64; SECTORS], scale: f64, add: f64, rng: &mut SplitMix64) -> MultiPolygon<f64> {
    let steps = SECTORS * 2;
    let mut pts = Vec::with_capacity(steps + 1);
    for s in 0..steps {
        let t = s as f64 / 2.0;
        let (k, f) = (t.floor() as usize, t.fract());
        let rad = (r[k] * (1.0 - f) + r[(k + 1) % SECTORS] * f) * scale + add;
        let rad = rad * rng.uniform(0.97, 1.03);
        let a = (k as f64 + f + 0.5) / SECTORS as f64 * std::f64::consts::TAU - std::f64::consts::PI;
        pts.push(Coord {
            x: c.x + rad * a.cos(),
            y: c.y + rad * a.sin(),
        });
    }
    pts.push(pts[0]);
    MultiPolygon(vec![Polygon::new(LineString::new(pts), vec![])])
}

fn round_blob(c: Coord<f64>, radius: f64, rng: &mut SplitMix64) -> MultiPolygon<f64> {
    blob(c, &[radius; SECTORS], 1.0, 0.0, rng)
}

fn rect(r: Rect<f64>) -> MultiPolygon<f64> {
    MultiPolygon(vec![r.to_polygon()])
}

/// A band of half-width `w` along a line, as one polygon.
fn band(line: &LineString<f64>, w: f64) -> MultiPolygon<f64> {
    let mut pts: Vec<Coord<f64>> = Vec::new();
    for seg in line.0.windows(2) {
        let n = ((seg[1] - seg[0]).x.hypot((seg[1] - seg[0]).y) / 200.0).ceil().max(1.0) as usize;
        for s in 0..n {
            pts.push(seg[0] + (seg[1] - seg[0]) * (s as f64 / n as f64));
        }
    }
    if let Some(l) = line.0.last() {
        pts.push(*l);
    }
    let normal = |i: usize| {
        let (a, b) = (pts[i.saturating_sub(1)], pts[(i + 1).min(pts.len() - 1)]);
        let d = b - a;
        let len = d.x.hypot(d.y).max(1e-9);
        Coord {
            x: -d.y / len,
            y: d.x / len,
        }
    };
    let left: Vec<Coord<f64>> = (0..pts.len()).map(|i| pts[i] + normal(i) * w).collect();
    let mut ring = left;
    ring.extend((0..pts.len()).rev().map(|i| pts[i] - normal(i) * w));
    if let Some(f) = ring.first().copied() {
        ring.push(f);
    }
    MultiPolygon(vec![Polygon::new(LineString::new(ring), vec![])])
}

fn zone(bsm: String, code: &str, name: &str, geometry: MultiPolygon<f64>) -> Option<Zone> {
    // Slivers left by the differences are dropped: a real plan has none.
    let geometry = MultiPolygon(geometry.0.into_iter().filter(|p| p.unsigned_area() > 200.0).collect());
    let mj = geometry.unsigned_area();
    (mj > 0.0).then(|| Zone {
        bsm,
        code: code.into(),
        name: name.into(),
        mj: (mj * 100.0).round() / 100.0,
        geometry,
    })
}

pub(super) fn zones(spec: &ControlSpec, land: &Landscape, rng: &mut SplitMix64) -> Zones {
    let ext = spec.extent;
    let whole = rect(ext);
    // 生态保护红线 in the hills: from a wavy line 2.5 km above the hill foot to the top, in three pieces.
    let phase = rng.uniform(0.0, std::f64::consts::TAU);
    let mut bottom = Vec::new();
    let mut x = ext.min().x;
    while x <= ext.max().x + 1.0 {
        let y = line_y(&spec.hill_foot, x) + 2_500.0 + 900.0 * (x / 6_000.0 + phase).sin();
        bottom.push(Coord {
            x,
            y: y.min(ext.max().y - 500.0),
        });
        x += 250.0;
    }
    bottom.push(Coord {
        x: ext.max().x,
        y: ext.max().y,
    });
    bottom.push(Coord {
        x: ext.min().x,
        y: ext.max().y,
    });
    bottom.push(bottom[0]);
    let mut hills = MultiPolygon(vec![Polygon::new(LineString::new(bottom), vec![])]);
    for _ in 0..4 {
        // Hill villages and a quarry stay out of the red line.
        let c = Coord {
            x: rng.uniform(ext.min().x, ext.max().x),
            y: rng.uniform(ext.max().y - 12_000.0, ext.max().y - 1_000.0),
        };
        hills = hills.difference(&round_blob(c, rng.uniform(400.0, 900.0), rng));
    }
    let mut red: Vec<Zone> = Vec::new();
    let third = ext.width() / 3.0;
    let hill_names = [
        "太行山水源涵养生态保护红线",
        "太行山生物多样性维护生态保护红线",
        "太行山水土保持生态保护红线",
    ];
    for (k, name) in hill_names.iter().enumerate() {
        let strip = Rect::new(
            Coord {
                x: ext.min().x + k as f64 * third,
                y: ext.min().y,
            },
            Coord {
                x: ext.min().x + (k + 1) as f64 * third,
                y: ext.max().y,
            },
        );
        if let Some(z) = zone(
            format!("STBHHX{:04}", red.len() + 1),
            "",
            name,
            hills.intersection(&rect(strip)),
        ) {
            red.push(z);
        }
    }
    for r in spec.rivers.iter().filter(|r| r.redline > 0.0) {
        let g = band(&r.line, r.redline).intersection(&whole);
        if let Some(z) = zone(
            format!("STBHHX{:04}", red.len() + 1),
            "",
            &format!("{}湿地生态保护红线", r.name),
            g,
        ) {
            red.push(z);
        }
    }
    // Each new zone gives way to every earlier one it touches (bounding boxes first), so none overlap.
    let mut taken: Vec<MultiPolygon<f64>> = red.iter().map(|z| z.geometry.clone()).collect();
    let cut_out = |g: MultiPolygon<f64>, taken: &[MultiPolygon<f64>]| {
        let mut g = g.intersection(&whole);
        for t in taken {
            if boxes_meet(&g, t) {
                g = g.difference(t);
            }
        }
        g
    };

    // 城镇开发边界 around each town or park: 集中建设区 inside, 弹性发展区 as a ring, a 特别用途区 at the edge.
    let towns = components(land, |k| land.town[k]);
    let (mut core, mut ring, mut special) = (Vec::new(), Vec::new(), Vec::new());
    for comp in towns.iter().filter(|c| c.len() >= 3) {
        let (c, r) = reach(land, comp);
        core.push((c, blob(c, &r, 0.93, 0.0, rng)));
        ring.push(blob(c, &r, 1.1, 300.0, rng));
        let k = rng.below(SECTORS);
        let a = (k as f64 + 0.5) / SECTORS as f64 * std::f64::consts::TAU - std::f64::consts::PI;
        let d = r[k] * 1.15 + 200.0;
        special.push(round_blob(
            c + Coord { x: a.cos(), y: a.sin() } * d,
            rng.uniform(250.0, 450.0),
            rng,
        ));
    }
    let mut boundary = Vec::new();
    let mut push = |g: MultiPolygon<f64>, zone_ix: usize, at: Coord<f64>, taken: &mut Vec<MultiPolygon<f64>>| {
        let g = cut_out(g, taken);
        let (county, _) = county_at(spec, at);
        let (code, name) = BOUNDARY_ZONES[zone_ix];
        if let Some(z) = zone(format!("{county}CZKFBJ{:04}", boundary.len() + 1), code, name, g) {
            taken.push(z.geometry.clone());
            boundary.push(z);
        }
    };
    for (c, g) in &core {
        push(g.clone(), 0, *c, &mut taken);
    }
    for ((c, _), g) in core.iter().zip(ring) {
        push(g, 1, *c, &mut taken);
    }
    for ((c, _), g) in core.iter().zip(special) {
        push(g, 2, *c, &mut taken);
    }

    // 村庄建设边界 around the villages that lie outside the towns' boundary.
    let mut villages = Vec::new();
    for comp in components(land, |k| land.village[k]) {
        let (c, r) = reach(land, &comp);
        let g = cut_out(blob(c, &r, 1.0, 120.0, rng), &taken);
        let (_, county_name) = county_at(spec, c);
        let name = format!("{county_name}{}号村庄", villages.len() + 1);
        if let Some(z) = zone(format!("CZJSBJ{:05}", villages.len() + 1), "", &name, g) {
            taken.push(z.geometry.clone());
            villages.push(z);
        }
    }
    Zones {
        redline: red,
        boundary,
        villages,
    }
}

fn boxes_meet(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> bool {
    match (a.bounding_rect(), b.bounding_rect()) {
        (Some(a), Some(b)) => a.intersects(&b),
        _ => false,
    }
}

/// 永久基本农田: most 耕地 图斑 outside the three other lines and off the stock, cut where a line crosses them.
pub(super) fn permanent_farmland(
    dltb: &[DltbPatch],
    zones: &Zones,
    parcels: &[Parcel],
    rng: &mut SplitMix64,
) -> Vec<FarmlandPatch> {
    let keep_out: Vec<&MultiPolygon<f64>> = zones
        .redline
        .iter()
        .chain(&zones.boundary)
        .chain(&zones.villages)
        .map(|z| &z.geometry)
        .chain(parcels.iter().map(|p| &p.geometry))
        .collect();
    let tree = RTree::bulk_load(
        keep_out
            .iter()
            .enumerate()
            .filter_map(|(i, g)| {
                let e = envelope(g)?;
                Some(GeomWithData::new(Rectangle::from_corners(e.lower(), e.upper()), i))
            })
            .collect(),
    );
    let mut out = Vec::new();
    for d in dltb.iter().filter(|d| is_cultivated(&d.dlbm)) {
        if rng.unit() >= 0.85 {
            continue; // 一般耕地
        }
        let mut g = MultiPolygon(vec![d.geometry.clone()]);
        let Some(e) = envelope(&g) else { continue };
        let full = g.unsigned_area();
        for hit in tree.locate_in_envelope_intersecting(e) {
            let other = keep_out[hit.data];
            if g.intersects(other) {
                g = g.difference(other);
            }
        }
        let a = g.unsigned_area();
        if a < 100.0 || full <= 0.0 {
            continue;
        }
        let r2 = |v: f64| (v * 100.0).round() / 100.0;
        let ellipsoidal = d.tbmj * a / full;
        out.push(FarmlandPatch {
            yjjbnttbbh: format!("{}{:06}", d.zldwdm.get(..6).unwrap_or("410800"), out.len() + 1),
            dlbm: d.dlbm.clone(),
            dlmc: d.dlmc.clone(),
            yjjbntmj: r2(ellipsoidal),
            kcxs: d.kcxs,
            kcmj: r2(ellipsoidal * d.kcxs),
            geometry: g,
        });
    }
    out
}
