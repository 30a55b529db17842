//! `stockfirst propose` (issue 15): the JSON contract, the text, the sample draft's 700 亩 case with and without
//! control layers, and bad input. The library and layers are the app's sample (400 parcels, seed 11), generated.

use std::path::Path;
use std::process::{Command, Output};

use geo::{Centroid, polygon};
use serde_json::Value;
use stockfirst::model::Area;

mod samples;
use samples::generated_sample as sample;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stockfirst"))
}

fn ok(o: Output) -> String {
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// The centre of the sample draft's red line: the centroid of 410804-XZ-00014 (see tests/propose_sample_draft.rs).
fn draft_point(lib: &Path) -> String {
    let l = stockfirst::io::load_library(lib).unwrap();
    let c = l
        .parcel(l.index_of("410804-XZ-00014").unwrap())
        .unwrap()
        .geometry
        .centroid()
        .unwrap();
    // The red line is a square centred there; its centroid is the point.
    let h = Area::from_mu(702.63).m2().sqrt() / 2.0;
    let sq = polygon![(x: c.x() - h, y: c.y() - h), (x: c.x() + h, y: c.y() - h), (x: c.x() + h, y: c.y() + h), (x: c.x() - h, y: c.y() + h)];
    let at = sq.centroid().unwrap();
    format!("{},{}", at.x(), at.y())
}

/// 永久基本农田 under a GeoJSON red line, by GDAL: each feature's intersection × (1 − KCXS), in 亩.
fn farmland_mu(ctl: &Path, footprint: &Value) -> f64 {
    let ds = gdal::Dataset::open(ctl).unwrap();
    let mut layer = ds.layer_by_name("YJJBNTBHTB").unwrap();
    use gdal::vector::LayerAccess;
    let fp = gdal::vector::Geometry::from_geojson(&footprint.to_string()).unwrap();
    let mut m2 = 0.0;
    for f in layer.features() {
        let Some(g) = f.geometry() else { continue };
        let Some(i) = g.intersection(&fp) else { continue };
        let k = f
            .field_index("KCXS")
            .ok()
            .and_then(|k| f.field(k).ok().flatten())
            .and_then(|v| v.into_real())
            .unwrap_or(0.0);
        m2 += i.area() * (1.0 - k);
    }
    Area::from_m2(m2).mu()
}

fn m2(v: &Value) -> f64 {
    v.get("m2")
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("an area {{\"m2\": …}}, got {v}"))
}

fn propose(lib: &Path, at: &str, extra: &[&str]) -> Output {
    bin()
        .args(["propose", "--library"])
        .arg(lib)
        .args(["--at", at, "--use", "100101", "--area", "702.63", "--county", "马村区"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn the_700_mu_case_in_json_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, ctl) = sample(dir.path());
    let at = draft_point(&lib);

    // Without layers: stock only, and said so.
    let v: Value = serde_json::from_str(&ok(propose(&lib, &at, &["--json"]))).unwrap();
    let ps = v["proposals"].as_array().expect("proposals is a list");
    assert!(!ps.is_empty());
    for p in ps {
        assert!(p["parcels"].as_array().unwrap().iter().all(Value::is_string));
        assert!(p["cultivated_in_increment"].is_null(), "no layers: null");
        assert!(matches!(p["method"].as_str(), Some("exact" | "heuristic")));
        assert_eq!(p["footprint"]["type"], "MultiPolygon");
        let ring = &p["footprint"]["coordinates"][0][0];
        assert!(
            ring[0][0].as_f64().unwrap() > 38_000_000.0,
            "working CRS eastings with the zone"
        );
        let reasons = p["reasons"].as_array().unwrap();
        assert!(reasons.iter().all(|r| r["zh"].is_string() && r["en"].is_string()));
        // 套核 of the red line: stock plus increment is the red line, at least the requirement.
        let total = Area::from_m2(m2(&p["on_stock"]) + m2(&p["increment"])).mu();
        assert!(total >= 702.63 - 0.01, "{total}");
    }
    let best = &ps[0];
    let inc = Area::from_m2(m2(&best["increment"])).mu();
    // The draft's best single parcel leaves 399.10 亩 of new land.
    assert!(inc < 399.10, "{inc}");
    assert!(best["parcels"].as_array().unwrap().len() > 1);
    assert!(v["notes"].to_string().contains("未加载管控图层"), "{}", v["notes"]);

    // With the layers: the 耕地 of each increment, no more than the increment.
    let v: Value =
        serde_json::from_str(&ok(propose(&lib, &at, &["--json", "--layers", ctl.to_str().unwrap()]))).unwrap();
    for p in v["proposals"].as_array().unwrap() {
        let c = m2(&p["cultivated_in_increment"]);
        assert!(c >= 0.0 && c <= m2(&p["increment"]) + 1.0, "{c}");
        assert!(p["reasons"].to_string().contains("增量占用耕地"));
    }
    assert!(Area::from_m2(m2(&v["proposals"][0]["increment"])).mu() < 399.10);
    // A red line drawn around stock may take 永久基本农田: the review would block it, so it says so, with the 亩
    // GDAL finds (intersection with each YJJBNTBHTB feature × (1 − KCXS)), and ranks after the red lines that take
    // none (法 第三十五条).
    let mut blocked_seen = false;
    for p in v["proposals"].as_array().unwrap() {
        let gdal_mu = farmland_mu(&ctl, &p["footprint"]);
        let reasons = p["reasons"].to_string();
        let blocked = reasons.contains("管控（不可直接批准）：占用永久基本农田");
        if gdal_mu > 0.05 {
            assert!(
                blocked && reasons.contains(&format!("占用永久基本农田 {gdal_mu:.2} 亩")),
                "{gdal_mu} {reasons}"
            );
        } else if gdal_mu < 0.005 {
            assert!(!blocked, "{gdal_mu} {reasons}");
        }
        assert!(
            blocked || !blocked_seen,
            "a blocked red line ranks after every clear one"
        );
        blocked_seen |= blocked;
    }
    assert!(
        blocked_seen,
        "the sample's 700 亩 case has sets whose red line takes 永久基本农田"
    );
    assert!(!v["proposals"][0]["reasons"].to_string().contains("不可直接批准"));

    // Grown red lines (智能选址) join the list as kind "site": about the size, with distance and compactness.
    let v: Value = serde_json::from_str(&ok(propose(
        &lib,
        &at,
        &["--json", "--site", "--layers", ctl.to_str().unwrap()],
    )))
    .unwrap();
    let sites: Vec<&Value> = v["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "site")
        .collect();
    assert!(!sites.is_empty(), "{v}");
    for p in sites {
        assert_eq!(p["method"], "heuristic");
        let total = Area::from_m2(m2(&p["on_stock"]) + m2(&p["increment"])).mu();
        // At least the requirement, and less than one 20 m cell (0.6 亩) more.
        assert!((702.63 - 0.01..702.63 + 0.61).contains(&total), "{total}");
        assert!(p["distance_m"].as_f64().unwrap() >= 0.0);
        assert!(p["compactness"].as_f64().unwrap() > 0.0);
        assert!(p["reasons"].to_string().contains("不占永久基本农田"));
    }

    // The text: one block per proposal, numbers in 亩, reasons.
    let text = ok(propose(&lib, &at, &[]));
    assert!(
        text.contains("#1 ") && text.contains("新增建设用地") && text.contains("条款（二）"),
        "{text}"
    );
}

/// `stockfirst propose` at the draft point in 马村区 with a use, an area and any further arguments.
fn ask(lib: &Path, at: &str, use_code: &str, area: &str, extra: &[&str]) -> Output {
    bin()
        .args(["propose", "--library"])
        .arg(lib)
        .args(["--at", at, "--use", use_code, "--area", area, "--county", "马村区"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn bad_input_is_said_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let (lib, ctl) = sample(dir.path());
    let ctl = ctl.to_str().unwrap();
    let at = draft_point(&lib);
    // No parcel of this use (2023 code 1501 军事设施; nothing converts to it) within the radius: which constraint,
    // in words.
    let o = ask(&lib, &at, "1501", "50", &[]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("没有可供且用途相符的存量地块"), "{err}");
    // With --site the point still gets grown red lines (they need no stock), and the combination's reason is said.
    let o = ask(&lib, &at, "1501", "50", &["--json", "--site", "--layers", ctl]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        v["combination_error"]
            .as_str()
            .is_some_and(|e| e.contains("没有可供且用途相符的存量地块")),
        "{v}"
    );
    let sites = v["proposals"].as_array().unwrap();
    assert!(!sites.is_empty() && sites.iter().all(|p| p["kind"] == "site"));
    // Larger than the whole 5 km search circle (π × 5 000² m² = 117 809.72 亩): which constraint, and by how much
    // (200 000 − 117 809.72 = 82 190.28 亩).
    let o = ask(&lib, &at, "100101", "200000", &[]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("大于搜索半径 5000 米的圆（117809.72 亩），超出 82190.28 亩"),
        "{err}"
    );
    // With --site too: neither the combination nor a grown red line can hold it (how many 亩 are missing, and what
    // blocks); both say why, and the command fails.
    let o = ask(&lib, &at, "100101", "200000", &["--site", "--layers", ctl]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("还差") && err.contains("永久基本农田"), "{err}");
    assert!(err.contains("超出 82190.28 亩"), "{err}");
    // A zero area is refused.
    let o = ask(&lib, &at, "100101", "0", &[]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("需求面积须为正数"));
}
