//! The cluster → block → lot generator behind [`generate`].

use geo::{Area as _, Coord, Intersects, LineString, MultiPolygon, Polygon, Rect};

use super::SplitMix64;
use crate::model::{Area, LandUse, Parcel, ParcelStatus, StockKind};

/// What to generate. Seats are in the working CRS (the caller projects them).
#[derive(Debug, Clone)]
pub struct SampleSpec {
    pub parcels: usize,
    pub seed: u64,
    /// (county id, county name, seat in the working CRS).
    pub seats: Vec<(String, String, Coord<f64>)>,
    /// Where parcels may lie. Libraries larger than the city's are spread over a wider square around it.
    pub extent: Rect<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterKind {
    Town,
    IndustrialPark,
    Village,
}

struct Cluster {
    kind: ClusterKind,
    center: Coord<f64>,
    angle: f64,
    county: usize,
    name: String,
    target: usize,
}

struct Profile {
    block: f64,
    median_mu: f64,
    stock_share: f64,
    kinds: [f64; 5],
    uses: &'static [(&'static str, f64)],
}

fn profile(kind: ClusterKind) -> Profile {
    match kind {
        ClusterKind::Town => Profile {
            block: 320.0,
            median_mu: 14.0,
            stock_share: 0.3,
            kinds: [0.30, 0.15, 0.35, 0.05, 0.15],
            uses: &[
                ("070102", 0.22),
                ("0701", 0.05),
                ("0901", 0.16),
                ("090104", 0.04),
                ("0902", 0.07),
                ("0804", 0.06),
                ("0806", 0.04),
                ("0801", 0.03),
                ("0805", 0.02),
                ("1208", 0.04),
                ("1401", 0.05),
                ("1101", 0.06),
                ("100101", 0.12),
                ("1303", 0.02),
                ("16", 0.02),
            ],
        },
        ClusterKind::IndustrialPark => Profile {
            block: 620.0,
            median_mu: 55.0,
            stock_share: 0.45,
            kinds: [0.45, 0.30, 0.18, 0.05, 0.02],
            uses: &[
                ("100101", 0.28),
                ("100102", 0.28),
                ("1001", 0.10),
                ("100103", 0.04),
                ("110101", 0.14),
                ("1101", 0.08),
                ("1303", 0.03),
                ("1208", 0.03),
                ("0902", 0.02),
            ],
        },
        ClusterKind::Village => Profile {
            block: 220.0,
            median_mu: 6.0,
            stock_share: 0.3,
            kinds: [0.0, 0.0, 0.05, 0.2, 0.75],
            uses: &[
                ("0704", 0.18),
                ("1001", 0.24),
                ("0901", 0.16),
                ("1101", 0.18),
                ("0703", 0.08),
                ("2301", 0.10),
                ("090104", 0.06),
            ],
        },
    }
}

const VILLAGES: [&str; 16] = [
    "东王庄",
    "西李村",
    "南张寨",
    "北刘庄",
    "大郭村",
    "小营",
    "马庄",
    "杨楼",
    "后屯",
    "前进村",
    "孙窑",
    "赵堡",
    "周庄",
    "吴村",
    "许河",
    "陈沟",
];

const MU_MIN: f64 = 2.0;
const MU_MAX: f64 = 400.0;

/// Generates `spec.parcels` parcels, the same ones for the same spec.
///
/// ```
/// use stockfirst::sample::{generate, SampleSpec};
/// use geo::{coord, Rect};
/// let spec = SampleSpec {
///     parcels: 200,
///     seed: 1,
///     seats: vec![("410821".into(), "修武县".into(), coord! { x: 38_450_000.0, y: 3_900_000.0 })],
///     extent: Rect::new(coord! { x: 38_400_000.0, y: 3_850_000.0 }, coord! { x: 38_500_000.0, y: 3_950_000.0 }),
/// };
/// let a = generate(&spec);
/// assert_eq!(a.len(), 200);
/// assert!(a.iter().all(|p| p.area.mu() >= 2.0 && p.area.mu() <= 400.0));
/// assert_eq!(a, generate(&spec));
/// ```
pub fn generate(spec: &SampleSpec) -> Vec<Parcel> {
    let mut rng = SplitMix64::new(spec.seed);
    if spec.seats.is_empty() || spec.parcels == 0 {
        return Vec::new();
    }
    let extent = grown_extent(spec);
    let clusters = plan_clusters(spec, extent, &mut rng);
    let mut out = Vec::with_capacity(spec.parcels);
    let mut seq = vec![0usize; spec.seats.len()];
    for c in &clusters {
        fill_cluster(c, spec, extent, &mut rng, &mut seq, &mut out);
    }
    // Clusters cut by the extent's edge fall short: top up with clusters further in.
    for k in 0..1000 {
        if out.len() >= spec.parcels {
            break;
        }
        let center = Coord {
            x: rng.uniform(extent.min().x + 3000.0, extent.max().x - 3000.0),
            y: rng.uniform(extent.min().y + 3000.0, extent.max().y - 3000.0),
        };
        let c = Cluster {
            kind: ClusterKind::Town,
            center,
            angle: rng.uniform(-0.5, 0.5),
            county: nearest_seat(spec, center),
            name: format!("补充片区{k}"),
            target: spec.parcels - out.len(),
        };
        fill_cluster(&c, spec, extent, &mut rng, &mut seq, &mut out);
    }
    out.truncate(spec.parcels);
    out
}

/// The city holds a few thousand parcels; a benchmark library of a million needs a province-sized square.
fn grown_extent(spec: &SampleSpec) -> Rect<f64> {
    let e = spec.extent;
    let need = (spec.parcels as f64 * 40_000.0).sqrt();
    let (w, h) = (e.width(), e.height());
    if need <= w.max(h) {
        return e;
    }
    let c = e.center();
    Rect::new(
        Coord {
            x: c.x - need / 2.0,
            y: c.y - need / 2.0,
        },
        Coord {
            x: c.x + need / 2.0,
            y: c.y + need / 2.0,
        },
    )
}

fn plan_clusters(spec: &SampleSpec, extent: Rect<f64>, rng: &mut SplitMix64) -> Vec<Cluster> {
    let mut cs = Vec::new();
    let clamp = |p: Coord<f64>| Coord {
        x: p.x.clamp(extent.min().x + 3000.0, extent.max().x - 3000.0),
        y: p.y.clamp(extent.min().y + 3000.0, extent.max().y - 3000.0),
    };
    for (ci, (_, name, seat)) in spec.seats.iter().enumerate() {
        let angle = rng.uniform(-0.3, 0.3);
        cs.push(Cluster {
            kind: ClusterKind::Town,
            center: clamp(*seat),
            angle,
            county: ci,
            name: format!("{name}城区"),
            target: 0,
        });
        let parks = 1 + rng.below(2);
        for k in 0..parks {
            let dir = rng.uniform(0.0, std::f64::consts::TAU);
            let d = rng.uniform(4000.0, 8000.0);
            let center = clamp(Coord {
                x: seat.x + d * dir.cos(),
                y: seat.y + d * dir.sin(),
            });
            let suffix = if k == 0 { "产业集聚区" } else { "产业园二区" };
            cs.push(Cluster {
                kind: ClusterKind::IndustrialPark,
                center,
                angle: rng.uniform(-0.5, 0.5),
                county: ci,
                name: format!("{name}{suffix}"),
                target: 0,
            });
        }
        let villages = 4 + rng.below(4);
        for _ in 0..villages {
            let dir = rng.uniform(0.0, std::f64::consts::TAU);
            let d = rng.uniform(6000.0, 15000.0);
            let center = clamp(Coord {
                x: seat.x + d * dir.cos(),
                y: seat.y + d * dir.sin(),
            });
            let v = VILLAGES[rng.below(VILLAGES.len())];
            cs.push(Cluster {
                kind: ClusterKind::Village,
                center,
                angle: rng.uniform(-0.8, 0.8),
                county: ci,
                name: format!("{name}{v}"),
                target: 0,
            });
        }
    }
    // Benchmark libraries: more clusters spread over the grown square, each in the nearest seat's county.
    let base = cs.len();
    let extra = (spec.parcels / 400).saturating_sub(base);
    for k in 0..extra {
        let center = Coord {
            x: rng.uniform(extent.min().x + 3000.0, extent.max().x - 3000.0),
            y: rng.uniform(extent.min().y + 3000.0, extent.max().y - 3000.0),
        };
        let county = nearest_seat(spec, center);
        let kind = match rng.weighted(&[0.3, 0.3, 0.4]) {
            0 => ClusterKind::Town,
            1 => ClusterKind::IndustrialPark,
            _ => ClusterKind::Village,
        };
        cs.push(Cluster {
            kind,
            center,
            angle: rng.uniform(-0.8, 0.8),
            county,
            name: format!("合成片区{k}"),
            target: 0,
        });
    }
    // Share the parcels out: towns and parks hold most stock, villages the scattered collective land.
    let weight = |k: ClusterKind| match k {
        ClusterKind::Town => 5.0,
        ClusterKind::IndustrialPark => 4.0,
        ClusterKind::Village => 1.0,
    };
    let total: f64 = cs.iter().map(|c| weight(c.kind)).sum();
    let mut given = 0;
    for c in cs.iter_mut() {
        c.target = ((spec.parcels as f64) * weight(c.kind) / total).floor() as usize;
        given += c.target;
    }
    let n = cs.len();
    for i in 0..spec.parcels.saturating_sub(given) {
        cs[i % n].target += 1;
    }
    cs
}

fn nearest_seat(spec: &SampleSpec, p: Coord<f64>) -> usize {
    let mut best = (0, f64::INFINITY);
    for (i, (_, _, s)) in spec.seats.iter().enumerate() {
        let d = (s.x - p.x).powi(2) + (s.y - p.y).powi(2);
        if d < best.1 {
            best = (i, d);
        }
    }
    best.0
}

/// A lot in the cluster's own axes (metres from the centre, before rotation).
#[derive(Clone, Copy)]
struct Lot {
    u0: f64,
    v0: f64,
    u1: f64,
    v1: f64,
}

impl Lot {
    fn area(&self) -> f64 {
        (self.u1 - self.u0) * (self.v1 - self.v0)
    }
}

fn split(lot: Lot, target: f64, rng: &mut SplitMix64, out: &mut Vec<Lot>) {
    let (w, h) = (lot.u1 - lot.u0, lot.v1 - lot.v0);
    if lot.area() < target * 1.6 || w.min(h) < 30.0 {
        out.push(lot);
        return;
    }
    let f = rng.uniform(0.35, 0.65);
    if w >= h {
        let m = lot.u0 + w * f;
        split(Lot { u1: m, ..lot }, target, rng, out);
        split(Lot { u0: m, ..lot }, target, rng, out);
    } else {
        let m = lot.v0 + h * f;
        split(Lot { v1: m, ..lot }, target, rng, out);
        split(Lot { v0: m, ..lot }, target, rng, out);
    }
}

fn fill_cluster(
    c: &Cluster,
    spec: &SampleSpec,
    extent: Rect<f64>,
    rng: &mut SplitMix64,
    seq: &mut [usize],
    out: &mut Vec<Parcel>,
) {
    let prof = profile(c.kind);
    let road = 30.0;
    let pitch = prof.block + road;
    let (sin, cos) = c.angle.sin_cos();
    let to_world = |u: f64, v: f64| Coord {
        x: c.center.x + u * cos - v * sin,
        y: c.center.y + u * sin + v * cos,
    };
    let mut made = 0usize;
    // Blocks in rings around the centre; outer rings thin out.
    let mut ring = 0i64;
    while made < c.target && ring < 400 {
        let mut cells = Vec::new();
        for i in -ring..=ring {
            for j in -ring..=ring {
                if i.abs().max(j.abs()) == ring {
                    cells.push((i, j));
                }
            }
        }
        for (i, j) in cells {
            if made >= c.target {
                break;
            }
            if ring > 0 && rng.unit() < (0.15 + 0.04 * ring as f64).min(0.7) {
                continue;
            }
            let (u0, v0) = (i as f64 * pitch, j as f64 * pitch);
            if !extent.intersects(&to_world(u0, v0)) {
                continue;
            }
            let bh = prof.block * rng.uniform(0.6, 1.0);
            let block = Lot {
                u0,
                v0,
                u1: u0 + prof.block,
                v1: v0 + bh,
            };
            let target_mu = (prof.median_mu * (0.8 * rng.normal()).exp()).clamp(MU_MIN, MU_MAX);
            let mut lots = Vec::new();
            split(block, Area::from_mu(target_mu).m2(), rng, &mut lots);
            for lot in lots {
                if made >= c.target {
                    break;
                }
                if rng.unit() >= prof.stock_share {
                    continue;
                }
                let Some(geometry) = lot_geometry(lot, rng, &to_world) else {
                    continue;
                };
                let area = Area::from_m2(geometry.unsigned_area());
                if area.mu() < MU_MIN || area.mu() > MU_MAX {
                    continue;
                }
                if !geometry.0.iter().flat_map(|p| p.exterior().0.iter()).all(|p| {
                    extent.min().x <= p.x && p.x <= extent.max().x && extent.min().y <= p.y && p.y <= extent.max().y
                }) {
                    continue;
                }
                out.push(attributes(c, spec, geometry, area, rng, seq));
                made += 1;
            }
        }
        ring += 1;
    }
}

fn lot_geometry(
    lot: Lot,
    rng: &mut SplitMix64,
    to_world: &dyn Fn(f64, f64) -> Coord<f64>,
) -> Option<MultiPolygon<f64>> {
    // Some neighbours touch (no setback): they are what 整合归并 (clause 四) merges.
    let s = if rng.unit() < 0.35 { 0.0 } else { rng.uniform(2.0, 8.0) };
    let (u0, v0, u1, v1) = (lot.u0 + s, lot.v0 + s, lot.u1 - s, lot.v1 - s);
    if u1 - u0 < 10.0 || v1 - v0 < 10.0 {
        return None;
    }
    let ring = |pts: &[(f64, f64)]| LineString::new(pts.iter().map(|&(u, v)| to_world(u, v)).collect());
    let shape = rng.unit();
    let poly = if shape < 0.06 {
        // L-shape: a corner taken out (a concave parcel).
        let (cu, cv) = (
            u1 - (u1 - u0) * rng.uniform(0.25, 0.45),
            v1 - (v1 - v0) * rng.uniform(0.25, 0.45),
        );
        Polygon::new(
            ring(&[(u0, v0), (u1, v0), (u1, cv), (cu, cv), (cu, v1), (u0, v1), (u0, v0)]),
            vec![],
        )
    } else if shape < 0.08 {
        // A hole: land kept out of the parcel in its middle.
        let (mu, mv) = ((u0 + u1) / 2.0, (v0 + v1) / 2.0);
        let (hu, hv) = ((u1 - u0) * 0.12, (v1 - v0) * 0.12);
        let hole = ring(&[
            (mu - hu, mv - hv),
            (mu - hu, mv + hv),
            (mu + hu, mv + hv),
            (mu + hu, mv - hv),
            (mu - hu, mv - hv),
        ]);
        Polygon::new(ring(&[(u0, v0), (u1, v0), (u1, v1), (u0, v1), (u0, v0)]), vec![hole])
    } else {
        // A slightly irregular quadrilateral, as surveyed parcels are.
        let j = |r: &mut SplitMix64| if s > 0.0 { r.uniform(-s, s) * 0.8 } else { 0.0 };
        let pts = [
            (u0 + j(rng), v0 + j(rng)),
            (u1 + j(rng), v0 + j(rng)),
            (u1 + j(rng), v1 + j(rng)),
            (u0 + j(rng), v1 + j(rng)),
        ];
        Polygon::new(ring(&[pts[0], pts[1], pts[2], pts[3], pts[0]]), vec![])
    };
    Some(MultiPolygon(vec![poly]))
}

fn attributes(
    c: &Cluster,
    spec: &SampleSpec,
    geometry: MultiPolygon<f64>,
    area: Area,
    rng: &mut SplitMix64,
    seq: &mut [usize],
) -> Parcel {
    let prof = profile(c.kind);
    let kind = StockKind::ALL[rng.weighted(&prof.kinds)];
    let weights: Vec<f64> = prof.uses.iter().map(|(_, w)| *w).collect();
    let code = prof.uses[rng.weighted(&weights)].0;
    let (county_id, _, _) = &spec.seats[c.county];
    seq[c.county] += 1;
    let n = seq[c.county];
    let mut p = Parcel::new(
        format!("{county_id}-{}-{n:05}", kind.code()),
        kind,
        LandUse::ydyh(code),
        county_id.clone(),
        geometry,
    );
    p.area = area;
    p.name = format!("{}{}地块{n}", c.name, kind.zh());
    p.status = ParcelStatus::ALL[rng.weighted(&[0.8, 0.1, 0.05, 0.05])];
    // Sources round their own area; about one in seventy disagrees by more than the 1% that is reported.
    let factor = if rng.unit() < 0.015 {
        rng.uniform(1.03, 1.10)
    } else {
        1.0
    };
    p.stated_area = Some(Area::from_m2((area.m2() * factor * 100.0).round() / 100.0));
    if matches!(kind, StockKind::ApprovedUnsupplied | StockKind::Idle) {
        let year = 2009 + rng.below(14) as u16;
        p.approval_year = Some(year);
        p.approval_no = Some(format!("豫政土〔{year}〕{}号", 100 + rng.below(900)).into());
    }
    if kind == StockKind::Idle {
        p.idle_since = Some(format!("{}-{:02}-01", 2015 + rng.below(10), 1 + rng.below(12)).into());
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{BoundingRect, Intersects, coord};
    use rstar::{AABB, RTree, primitives::GeomWithData, primitives::Rectangle};

    fn spec(n: usize) -> SampleSpec {
        SampleSpec {
            parcels: n,
            seed: 42,
            seats: vec![
                (
                    "410821".into(),
                    "修武县".into(),
                    coord! { x: 38_440_000.0, y: 3_900_000.0 },
                ),
                (
                    "410822".into(),
                    "博爱县".into(),
                    coord! { x: 38_405_000.0, y: 3_892_000.0 },
                ),
            ],
            extent: Rect::new(
                coord! { x: 38_369_000.0, y: 3_853_000.0 },
                coord! { x: 38_470_000.0, y: 3_931_000.0 },
            ),
        }
    }

    #[test]
    fn parcels_do_not_overlap() {
        let ps = generate(&spec(1500));
        let tree = RTree::bulk_load(
            ps.iter()
                .enumerate()
                .map(|(i, p)| {
                    let r = p.geometry.bounding_rect().unwrap();
                    GeomWithData::new(
                        Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                        i,
                    )
                })
                .collect(),
        );
        for (i, p) in ps.iter().enumerate() {
            let r = p.geometry.bounding_rect().unwrap();
            for e in tree.locate_in_envelope_intersecting(AABB::from_corners(
                [r.min().x + 0.5, r.min().y + 0.5],
                [r.max().x - 0.5, r.max().y - 0.5],
            )) {
                if e.data != i {
                    let inter = geo::BooleanOps::intersection(&p.geometry, &ps[e.data].geometry);
                    assert!(inter.unsigned_area() < 1.0, "{} overlaps {}", p.id, ps[e.data].id);
                }
            }
        }
        // Some neighbours share an edge, so merging has something to merge.
        let touching = ps
            .windows(2)
            .filter(|w| w[0].geometry.intersects(&w[1].geometry))
            .count();
        assert!(touching > 0);
    }

    #[test]
    fn every_kind_and_county_occurs_and_sizes_are_skewed() {
        let ps = generate(&spec(1500));
        for k in StockKind::ALL {
            assert!(ps.iter().any(|p| p.kind == k), "{k:?}");
        }
        assert!(ps.iter().any(|p| p.county == "410821") && ps.iter().any(|p| p.county == "410822"));
        let mut mu: Vec<f64> = ps.iter().map(|p| p.area.mu()).collect();
        mu.sort_by(f64::total_cmp);
        let median = mu[mu.len() / 2];
        let mean = mu.iter().sum::<f64>() / mu.len() as f64;
        assert!(mean > median, "right-skewed: mean {mean} > median {median}");
        assert!(mu[0] >= 2.0 && mu[mu.len() - 1] <= 400.0);
    }

    #[test]
    fn large_libraries_spread_beyond_the_city() {
        let mut s = spec(20_000);
        // 20k parcels need ~800 km² at 40 000 m² each: more than this 20 km square holds.
        s.extent = Rect::new(
            coord! { x: 38_435_000.0, y: 3_895_000.0 },
            coord! { x: 38_445_000.0, y: 3_905_000.0 },
        );
        let ps = generate(&s);
        assert_eq!(ps.len(), 20_000);
        let outside = ps
            .iter()
            .filter(|p| {
                let c = p.geometry.bounding_rect().unwrap().center();
                !(s.extent.min().x..s.extent.max().x).contains(&c.x)
                    || !(s.extent.min().y..s.extent.max().y).contains(&c.y)
            })
            .count();
        assert!(outside > 0);
    }
}
