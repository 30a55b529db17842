//! A cluster's street grid cut into lots (guillotine cuts), the lots made parcels: shape, attributes, status.

use geo::{Area as _, Coord, Intersects, LineString, MultiPolygon, Polygon, Rect};

use super::SplitMix64;
use super::clusters::Cluster;
use super::profile::profile;
use super::spec::{MU_MAX, MU_MIN, SampleSpec};
use crate::model::{Area, LandUse, Parcel, ParcelStatus, StockKind};

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

pub(super) fn fill_cluster(
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
