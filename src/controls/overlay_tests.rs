//! Hand-worked overlays: the 田坎 deduction, overlapping 图斑 counted once, zones, suffixed codes, hard
//! constraints and clause (十一).

use geo::{MultiPolygon, polygon};

use super::land_class::fixture;
use super::*;
use crate::model::{Area, ProjectCategory, ProjectTier};

const X0: f64 = 38_452_000.0;
const Y0: f64 = 3_905_000.0;

fn rect(x: f64, y: f64, w: f64, h: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![
        polygon![(x: X0 + x, y: Y0 + y), (x: X0 + x + w, y: Y0 + y), (x: X0 + x + w, y: Y0 + y + h), (x: X0 + x, y: Y0 + y + h)],
    ])
}

fn patch(id: &str, code: &str, kcxs: f64, g: MultiPolygon<f64>) -> ControlFeature {
    ControlFeature::new(id, g).with_code(code, "").with_kcxs(kcxs)
}

fn layers(v: Vec<ControlLayer>) -> ControlLayers {
    ControlLayers::new(v)
}

fn run(ls: &ControlLayers, fp: &MultiPolygon<f64>) -> ControlOverlay {
    overlay(ls, &fixture::catalogue(), fp, &GaussKruger::working())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn half_a_dry_field_under_the_red_line() {
    // 100 m × 100 m 旱地 (0103), KCXS 0.1; red line 100 × 100 shifted 50 m east.
    // Overlap 5 000 m² = 7.5 亩 → 耕地 7.5 × 0.9 = 6.75 亩, 田坎 7.5 × 0.1 = 0.75 亩.
    let dltb = ControlLayer::new(
        Role::LandSurvey,
        "t:DLTB",
        vec![patch("1", "0103", 0.1, rect(0.0, 0.0, 100.0, 100.0))],
    );
    let o = run(&layers(vec![dltb]), &rect(50.0, 0.0, 100.0, 100.0));
    assert!(close(o.cultivated.mu(), 6.75) && close(o.tiankan.mu(), 0.75));
    let rows: Vec<(&str, f64)> = o.land_classes.iter().map(|r| (r.code.as_str(), r.area.mu())).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].0, "0103");
    assert!(close(rows[0].1, 6.75));
    assert_eq!(rows[1].0, "1203");
    assert!(close(rows[1].1, 0.75));
    // 农用地 = 7.5 亩; the other half lies on no 图斑: 7.5 亩 reported.
    assert!(close(o.group_total(LandGroup::Agricultural).mu(), 7.5));
    assert!(close(o.unsurveyed.mu(), 7.5));
    assert!(close(o.footprint.mu(), 15.0));
}

#[test]
fn overlapping_patches_are_counted_once_and_reported() {
    // Two 旱地 patches, KCXS 0, 100 × 100 each, the second shifted 40 m east: they overlap by 60 × 100 = 6 000 m².
    // Red line 0..140: the union is 140 × 100 = 14 000 m² = 21 亩 — not 20 000 m².
    let dltb = ControlLayer::new(
        Role::LandSurvey,
        "t:DLTB",
        vec![
            patch("A", "0103", 0.0, rect(0.0, 0.0, 100.0, 100.0)),
            patch("B", "0102", 0.0, rect(40.0, 0.0, 100.0, 100.0)),
        ],
    );
    let o = run(&layers(vec![dltb]), &rect(0.0, 0.0, 140.0, 100.0));
    assert!(close(o.cultivated.mu(), 21.0), "{}", o.cultivated.mu());
    assert_eq!(o.overlaps.len(), 1);
    let n = &o.overlaps[0];
    assert_eq!((n.first.as_str(), n.second.as_str()), ("A", "B"));
    assert!(close(n.area.m2(), 6_000.0));
    // The overlap went to A (0103, 15 亩); B keeps 40 × 100 = 4 000 m² = 6 亩 of 0102.
    let r = |c: &str| o.land_classes.iter().find(|r| r.code == c).map(|r| r.area.mu());
    assert!(close(r("0103").unwrap(), 15.0) && close(r("0102").unwrap(), 6.0));
    // The findings say so.
    let rules = crate::controls::rules::tests_fixture::rules();
    let f = findings(&o, &rules, &ProjectContext::default());
    assert!(
        f.iter()
            .any(|f| f.rule == "data_quality" && f.zh.contains("A") && f.zh.contains("重叠"))
    );
}

#[test]
fn suffixed_and_unknown_codes_and_bad_kcxs() {
    // 1104A 养殖坑塘 is its own class; 0103X is read as 0103 (reported); ZZ99 stays unknown (reported);
    // KCXS given only on a non-cultivated class changes nothing.
    let dltb = ControlLayer::new(
        Role::LandSurvey,
        "t:DLTB",
        vec![
            patch("1", "1104A", 0.2, rect(0.0, 0.0, 100.0, 100.0)),
            patch("2", "0103X", 0.5, rect(100.0, 0.0, 100.0, 100.0)),
            patch("3", "ZZ99", 0.0, rect(200.0, 0.0, 100.0, 100.0)),
        ],
    );
    let o = run(&layers(vec![dltb]), &rect(0.0, 0.0, 300.0, 100.0));
    let r = |c: &str| o.land_classes.iter().find(|r| r.code == c).map(|r| r.area.mu());
    assert!(close(r("1104A").unwrap(), 15.0));
    // 0103X → 0103 with KCXS 0.5: 7.5 耕地, 7.5 田坎.
    assert!(close(r("0103").unwrap(), 7.5) && close(r("1203").unwrap(), 7.5));
    assert!(close(r("ZZ99").unwrap(), 15.0));
    assert_eq!(o.land_classes.last().map(|r| r.group), Some(None));
    assert!(o.problems.iter().any(|p| p.zh.contains("ZZ99")));
}

#[test]
fn controls_zones_and_forest() {
    // Red line 0..200 × 0..100 = 30 亩.
    //   永久基本农田 0..50, KCXS 0.1: 5 000 m² × 0.9 = 4 500 m² = 6.75 亩.
    //   生态保护红线 150..250: 50 × 100 = 7.5 亩.
    //   城镇开发边界: 城镇集中建设区 0..80 (12 亩), 特别用途区 80..120 (6 亩); outside 120..200 = 12 亩.
    //   DLTB 林地 0301 on 100..200: 15 亩.
    let fp = rect(0.0, 0.0, 200.0, 100.0);
    let pf = ControlLayer::new(
        Role::PermanentFarmland,
        "t:YJJBNTBHTB",
        vec![patch("P1", "0103", 0.1, rect(0.0, 0.0, 50.0, 100.0))],
    );
    let er = ControlLayer::new(
        Role::EcologicalRedline,
        "t:STBHHX",
        vec![ControlFeature::new("E1", rect(150.0, 0.0, 100.0, 100.0))],
    );
    let zone = |id: &str, name: &str, g| ControlFeature::new(id, g).with_code("", name);
    let db = ControlLayer::new(
        Role::DevelopmentBoundary,
        "t:CZKFBJ",
        vec![
            zone("Z1", "城镇集中建设区", rect(0.0, 0.0, 80.0, 100.0)),
            zone("Z2", "特别用途区", rect(80.0, 0.0, 40.0, 100.0)),
        ],
    );
    let dltb = ControlLayer::new(
        Role::LandSurvey,
        "t:DLTB",
        vec![patch("F", "0301", 0.0, rect(100.0, 0.0, 100.0, 100.0))],
    );
    let o = run(&layers(vec![pf, er, db, dltb]), &fp);
    assert!(close(o.permanent_farmland.mu(), 6.75));
    assert!(close(o.ecological_redline.mu(), 7.5));
    let z: Vec<(&str, f64)> = o
        .development_boundary
        .iter()
        .map(|z| (z.zone.as_str(), z.area.mu()))
        .collect();
    assert_eq!(z.len(), 2);
    assert!(z.iter().any(|(n, m)| *n == "城镇集中建设区" && close(*m, 12.0)));
    assert!(z.iter().any(|(n, m)| *n == "特别用途区" && close(*m, 6.0)));
    assert!(close(o.outside_development_boundary.unwrap().mu(), 12.0));
    assert!(close(o.forest.mu(), 15.0));

    let rules = crate::controls::rules::tests_fixture::rules();
    // An ordinary project: 永久基本农田 and 生态保护红线 block; outside the boundary with no category → (十一) asks.
    let f = findings(&o, &rules, &ProjectContext::default());
    let blocking: Vec<_> = f
        .iter()
        .filter(|f| f.severity == Severity::Blocking)
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(blocking, ["permanent_basic_farmland", "ecological_redline"]);
    assert!(f[0].zh.contains("6.75"));
    assert!(
        f.iter()
            .any(|f| f.rule == "outside_development_boundary" && f.clause_or_source == "（十一）")
    );
    assert!(
        f.iter()
            .any(|f| f.rule == "forest_land" && f.clause_or_source == "（十四）")
    );
    // A national major project is told what it needs instead of passing silently.
    let ctx = ProjectContext {
        tier: ProjectTier::NationalMajor,
        category: Some(ProjectCategory::Urban),
    };
    let f = findings(&o, &rules, &ctx);
    assert!(f.iter().all(|f| f.severity != Severity::Blocking));
    assert!(f.iter().filter(|f| f.zh.contains("需国务院批准、论证不可避让")).count() == 2);
    // An urban project outside the boundary: a mismatch citing (十一).
    let m = f.iter().find(|f| f.rule == "outside_development_boundary").unwrap();
    assert_eq!(
        (m.severity, m.clause_or_source.as_str()),
        (Severity::Warning, "（十一）")
    );
    assert!(m.zh.contains("不属"));
    // A culture and tourism facility is one the clause lists.
    let ctx = ProjectContext {
        tier: ProjectTier::Ordinary,
        category: Some(ProjectCategory::CulturalTourism),
    };
    let m = findings(&o, &rules, &ctx)
        .into_iter()
        .find(|f| f.rule == "outside_development_boundary")
        .unwrap();
    assert_eq!(m.severity, Severity::Note);
}

#[test]
fn missing_layers_are_unknown_not_zero() {
    let o = run(&layers(vec![]), &rect(0.0, 0.0, 10.0, 10.0));
    let rules = crate::controls::rules::tests_fixture::rules();
    let f = findings(&o, &rules, &ProjectContext::default());
    assert_eq!(f.iter().filter(|f| f.rule == "missing_layer").count(), 4);
    let r = ControlReport::new(&o, f);
    assert_eq!(
        (
            r.cultivated_mu,
            r.permanent_basic_farmland_mu,
            r.outside_development_boundary_mu
        ),
        (None, None, None)
    );
    assert!(close(r.ellipsoidal_mu, o.ellipsoidal.mu()) && o.ellipsoidal.mu() > 0.0);
}

#[test]
fn a_broken_patch_never_panics() {
    let bow = MultiPolygon(vec![
        polygon![(x: X0, y: Y0), (x: X0 + 10.0, y: Y0 + 10.0), (x: X0 + 10.0, y: Y0), (x: X0, y: Y0 + 10.0)],
    ]);
    let dltb = ControlLayer::new(Role::LandSurvey, "t:DLTB", vec![patch("BOW", "0103", 0.0, bow)]);
    let o = run(&layers(vec![dltb]), &rect(-5.0, -5.0, 30.0, 30.0));
    assert!(o.cultivated.mu() >= 0.0 && o.footprint.mu() > 0.0);
    let _ = Area::ZERO;
}
