//! Where the clusters go: a town at each county seat, one or two industrial parks and a handful of villages around
//! it, more clusters for benchmark libraries, and how many parcels each one holds.

use geo::{Coord, Rect};

use super::SplitMix64;
use super::profile::{ClusterKind, VILLAGES};
use super::spec::SampleSpec;

/// A town, park or village: its centre, street-grid angle, county (index into the seats) and parcel target.
pub(super) struct Cluster {
    pub kind: ClusterKind,
    pub center: Coord<f64>,
    pub angle: f64,
    pub county: usize,
    pub name: String,
    pub target: usize,
}

/// The city holds a few thousand parcels; a benchmark library of a million needs a province-sized square.
pub(super) fn grown_extent(spec: &SampleSpec) -> Rect<f64> {
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

pub(super) fn plan_clusters(spec: &SampleSpec, extent: Rect<f64>, rng: &mut SplitMix64) -> Vec<Cluster> {
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

pub(super) fn nearest_seat(spec: &SampleSpec, p: Coord<f64>) -> usize {
    let mut best = (0, f64::INFINITY);
    for (i, (_, _, s)) in spec.seats.iter().enumerate() {
        let d = (s.x - p.x).powi(2) + (s.y - p.y).powi(2);
        if d < best.1 {
            best = (i, d);
        }
    }
    best.0
}
