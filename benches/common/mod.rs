//! Shared by `benches/matching.rs` and `examples/shapely_export.rs`: the generated libraries and footprints.
#![allow(dead_code)]

use geo::{Coord, LineString, MultiPolygon, Polygon, Rect};
use stockfirst::library::StockLibrary;
use stockfirst::matching::{MatchOptions, MatchRules, Requirement, match_project, overlay};
use stockfirst::model::{LandUse, Parcel};
use stockfirst::sample::{SampleSpec, SplitMix64, generate};

/// Lon/lat (CGCS2000) to zone-38 Gauss-Krüger metres (CM 114°E, false easting 38 500 000): the usual
/// transverse-Mercator series, good to well under a metre here — plenty for placing synthetic county seats.
pub fn gk38(lon: f64, lat: f64) -> Coord<f64> {
    let a = 6_378_137.0f64;
    let f = 1.0 / 298.257_222_101;
    let e2 = f * (2.0 - f);
    let ep2 = e2 / (1.0 - e2);
    let phi = lat.to_radians();
    let dl = (lon - 114.0).to_radians();
    let (s, c) = phi.sin_cos();
    let n = a / (1.0 - e2 * s * s).sqrt();
    let t = phi.tan().powi(2);
    let cc = ep2 * c * c;
    let aa = c * dl;
    let (e4, e6) = (e2 * e2, e2 * e2 * e2);
    let m = a
        * ((1.0 - e2 / 4.0 - 3.0 * e4 / 64.0 - 5.0 * e6 / 256.0) * phi
            - (3.0 * e2 / 8.0 + 3.0 * e4 / 32.0 + 45.0 * e6 / 1024.0) * (2.0 * phi).sin()
            + (15.0 * e4 / 256.0 + 45.0 * e6 / 1024.0) * (4.0 * phi).sin()
            - (35.0 * e6 / 3072.0) * (6.0 * phi).sin());
    let x = n * (aa + (1.0 - t + cc) * aa.powi(3) / 6.0 + (5.0 - 18.0 * t + t * t) * aa.powi(5) / 120.0);
    let y = m + n * phi.tan() * (aa * aa / 2.0 + (5.0 - t + 9.0 * cc + 4.0 * cc * cc) * aa.powi(4) / 24.0);
    Coord { x: 38_500_000.0 + x, y }
}

pub fn spec(parcels: usize) -> SampleSpec {
    let counties = stockfirst::io::assets::counties().expect("built-in counties");
    let seats = counties
        .iter()
        .map(|c| (c.id.clone(), c.name.clone(), gk38(c.seat_lon_lat.0, c.seat_lon_lat.1)))
        .collect();
    SampleSpec {
        parcels,
        seed: 2026,
        seats,
        extent: Rect::new(
            Coord {
                x: 38_369_000.0,
                y: 3_853_000.0,
            },
            Coord {
                x: 38_470_000.0,
                y: 3_931_000.0,
            },
        ),
    }
}

pub fn parcels(n: usize) -> Vec<Parcel> {
    generate(&spec(n))
}

/// A footprint around `c`: a rotated rectangle, or (one in five) an L-shape, so both the convex clipping path and
/// the concave paths are exercised.
pub fn footprint(rng: &mut SplitMix64, c: Coord<f64>, size: f64) -> MultiPolygon<f64> {
    let angle = rng.uniform(0.0, std::f64::consts::PI);
    let (s, co) = angle.sin_cos();
    let w = size * rng.uniform(0.6, 1.4);
    let h = size * rng.uniform(0.6, 1.4);
    let pts: Vec<(f64, f64)> = if rng.unit() < 0.2 {
        let (cw, ch) = (w * rng.uniform(0.3, 0.6), h * rng.uniform(0.3, 0.6));
        vec![(0.0, 0.0), (w, 0.0), (w, ch), (cw, ch), (cw, h), (0.0, h)]
    } else {
        vec![(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]
    };
    let mut ring: Vec<Coord<f64>> = pts
        .iter()
        .map(|&(u, v)| {
            let (u, v) = (u - w / 2.0, v - h / 2.0);
            Coord {
                x: c.x + u * co - v * s,
                y: c.y + u * s + v * co,
            }
        })
        .collect();
    ring.push(ring[0]);
    MultiPolygon(vec![Polygon::new(LineString::new(ring), vec![])])
}

fn centre(p: &Parcel) -> Coord<f64> {
    p.bbox().map(|r| r.center()).unwrap_or(Coord { x: 0.0, y: 0.0 })
}

/// `per_bucket` footprints in each of the hit-count buckets 1–5, 6–15, 16–30, 31–50 (with their hit counts).
pub fn footprints(lib: &StockLibrary, per_bucket: usize, seed: u64) -> Vec<(MultiPolygon<f64>, usize)> {
    let mut rng = SplitMix64::new(seed);
    let buckets = [(1, 5), (6, 15), (16, 30), (31, 50)];
    let mut filled = [0usize; 4];
    let mut out = Vec::new();
    let mut tries = 0;
    while filled.iter().any(|&f| f < per_bucket) && tries < 200_000 {
        tries += 1;
        let p = &lib.parcels()[rng.below(lib.len())];
        let size = [80.0, 200.0, 400.0, 650.0, 900.0, 1300.0][rng.below(6)];
        let f = footprint(&mut rng, centre(p), size);
        let hits = overlay(lib, &f).hits.len();
        if let Some(b) = buckets.iter().position(|&(lo, hi)| hits >= lo && hits <= hi)
            && filled[b] < per_bucket
        {
            filled[b] += 1;
            out.push((f, hits));
        }
    }
    out
}

/// A footprint with exactly `n` hits.
pub fn footprint_with_hits(lib: &StockLibrary, n: usize, seed: u64) -> MultiPolygon<f64> {
    let mut rng = SplitMix64::new(seed);
    loop {
        let p = &lib.parcels()[rng.below(lib.len())];
        let size = rng.uniform(300.0, 1500.0);
        let f = footprint(&mut rng, centre(p), size);
        if overlay(lib, &f).hits.len() == n {
            return f;
        }
    }
}

/// Requirements for full matches: the footprints, with a use drawn from the common stock uses.
pub fn requirements(fps: &[(MultiPolygon<f64>, usize)], seed: u64) -> Vec<Requirement> {
    let uses = ["1001", "100101", "0901", "1101", "070102", "0804"];
    let mut rng = SplitMix64::new(seed);
    fps.iter()
        .filter_map(|(f, _)| Requirement::on_footprint(f.clone(), LandUse::ydyh(uses[rng.below(uses.len())])).ok())
        .collect()
}

pub fn full_match(lib: &StockLibrary, req: &Requirement, rules: &MatchRules) -> usize {
    match_project(lib, req, rules, &MatchOptions::default())
        .candidates
        .len()
}

pub fn percentile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let k = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[k]
}
