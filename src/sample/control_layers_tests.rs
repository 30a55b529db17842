//! Tests of the synthetic control layers: they tile, and the landscape looks like Jiaozuo's.

use super::*;
use crate::sample::{SampleSpec, generate, generate_controls};
use geo::{Area, BooleanOps, Intersects};

/// A 16 km × 12 km piece: a county seat, hills in the north, a river with a red line in the south.
fn sample() -> (ControlSpec, Vec<Parcel>, ControlLayers) {
    let (x0, y0) = (38_430_000.0, 3_890_000.0);
    let seat = Coord {
        x: x0 + 8_000.0,
        y: y0 + 5_000.0,
    };
    let extent = Rect::new(
        Coord { x: x0, y: y0 },
        Coord {
            x: x0 + 16_000.0,
            y: y0 + 12_000.0,
        },
    );
    let parcels = generate(&SampleSpec {
        parcels: 400,
        seed: 5,
        seats: vec![("410821".into(), "修武县".into(), seat)],
        extent,
    });
    let spec = ControlSpec {
        seed: 5,
        extent,
        patches: 4_000,
        vertices_per_side: 4,
        counties: vec![("410821".into(), "修武县".into(), seat)],
        hill_foot: LineString::from(vec![(x0, y0 + 8_500.0), (x0 + 16_000.0, y0 + 9_000.0)]),
        rivers: vec![River {
            name: "黄河".into(),
            line: LineString::from(vec![(x0, y0 + 800.0), (x0 + 16_000.0, y0 + 1_200.0)]),
            half_width: 300.0,
            floodplain: 1_200.0,
            redline: 1_500.0,
        }],
        year: 2023,
    };
    let layers = generate_controls(&spec, &parcels, &|p| p.unsigned_area());
    (spec, parcels, layers)
}

fn share(ps: &[&DltbPatch], f: impl Fn(&str) -> bool) -> f64 {
    let all: f64 = ps.iter().map(|p| p.geometry.unsigned_area()).sum();
    ps.iter()
        .filter(|p| f(&p.dlbm))
        .map(|p| p.geometry.unsigned_area())
        .sum::<f64>()
        / all.max(1.0)
}

#[test]
fn the_landscape_looks_like_a_city() {
    let (spec, parcels, l) = sample();
    assert_eq!(
        l,
        generate_controls(&spec, &parcels, &|p| p.unsigned_area()),
        "deterministic"
    );
    let centre = |p: &DltbPatch| p.geometry.exterior().0[0];
    let foot = |c: Coord<f64>| line_y(&spec.hill_foot, c.x);
    let hills: Vec<&DltbPatch> = l
        .dltb
        .iter()
        .filter(|p| centre(p).y > foot(centre(p)) + 1_000.0)
        .collect();
    let plain: Vec<&DltbPatch> = l
        .dltb
        .iter()
        .filter(|p| {
            let c = centre(p);
            c.y < foot(c) - 500.0 && c.y > spec.extent.min().y + 2_500.0 && (c.x - 38_438_000.0).abs() > 4_000.0
        })
        .collect();
    let forest_grass = share(&hills, |c| c.starts_with("03") || c.starts_with("04"));
    let cultivated_plain = share(&plain, dltb_classes::is_cultivated);
    assert!(forest_grass > 0.6, "hills: {forest_grass}");
    assert!(cultivated_plain > 0.5, "plain: {cultivated_plain}");
    // KCXS: 0–0.15 on 旱地, at most 0.03 on 水田/水浇地, none elsewhere; KCMJ + TBDLMJ = TBMJ.
    for p in &l.dltb {
        match p.dlbm.as_str() {
            "0103" => assert!((0.02..=0.15).contains(&p.kcxs), "{p:?}"),
            "0101" | "0102" => assert!(p.kcxs <= 0.03),
            _ => assert_eq!(p.kcxs, 0.0),
        }
        assert!((p.kcmj + p.tbdlmj - p.tbmj).abs() < 0.02);
    }
    // Stock stands mostly on 建设用地 (05–10, 12 classes of 三调), some on 耕地.
    let (mut built, mut farm, mut total) = (0.0, 0.0, 0.0);
    for p in &parcels {
        for d in l.dltb.iter().filter(|d| d.geometry.intersects(&p.geometry)) {
            let a = d.geometry.intersection(&p.geometry).unsigned_area();
            total += a;
            let two = d.dlbm.get(..2).unwrap_or("");
            if matches!(two, "05" | "06" | "07" | "08" | "09" | "10" | "12") {
                built += a;
            }
            if dltb_classes::is_cultivated(&d.dlbm) {
                farm += a;
            }
        }
    }
    assert!(
        built / total > 0.6 && farm / total > 0.02,
        "built {} farm {}",
        built / total,
        farm / total
    );
    // 城镇开发边界 covers most stock, not all.
    let inside = parcels
        .iter()
        .filter(|p| {
            let c = p.bbox().map(|b| Point(b.center()));
            c.is_some_and(|c| l.boundary.iter().any(|z| z.geometry.contains(&c)))
        })
        .count() as f64
        / parcels.len() as f64;
    assert!((0.5..0.98).contains(&inside), "inside the boundary: {inside}");
    // 永久基本农田: on 耕地 only, a large share of it, and clear of the other lines.
    let cultivated: f64 = l
        .dltb
        .iter()
        .filter(|d| dltb_classes::is_cultivated(&d.dlbm))
        .map(|d| d.geometry.unsigned_area())
        .sum();
    let farmland: f64 = l.farmland.iter().map(|f| f.geometry.unsigned_area()).sum();
    assert!(
        farmland > 0.4 * cultivated && farmland < cultivated,
        "{farmland} of {cultivated}"
    );
    assert!(l.farmland.iter().all(|f| dltb_classes::is_cultivated(&f.dlbm)));
    eprintln!(
        "hills 林草 {forest_grass:.2}, plain 耕地 {cultivated_plain:.2}, stock on 建设用地 {:.2} / 耕地 {:.2}, \
         in 城镇开发边界 {inside:.2}, 永久基本农田/耕地 {:.2}",
        built / total,
        farm / total,
        farmland / cultivated
    );
    for f in l.farmland.iter().step_by(7) {
        for z in l.boundary.iter().chain(&l.redline) {
            assert!(
                f.geometry.intersection(&z.geometry).unsigned_area() < 1.0,
                "{} overlaps {}",
                f.yjjbnttbbh,
                z.bsm
            );
        }
    }
    assert!(!l.redline.is_empty() && l.boundary.iter().any(|z| z.code == "32"));
}
