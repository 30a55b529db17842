//! The headless commands on the bundled sample data, checked against GDAL's own area computation.

use std::process::Command;

use gdal::vector::LayerAccess;

const SAMPLE: &str = "sample-data/jiaozuo-stock-sample.gpkg";

fn stockfirst(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args(args)
        .output()
        .expect("run stockfirst")
}

/// Σ of OGR_G_Area over the layer, × 0.0015 — GDAL is the oracle, not our code.
fn gdal_total_mu(path: &str) -> (usize, f64) {
    let ds = gdal::Dataset::open(path).unwrap();
    let mut layer = ds.layer(0).unwrap();
    let mut n = 0;
    let mut m2 = 0.0;
    for f in layer.features() {
        n += 1;
        m2 += f.geometry().unwrap().area();
    }
    (n, m2 * 0.0015)
}

#[test]
fn info_json_totals_match_gdal() {
    let out = stockfirst(&["info", SAMPLE, "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (n, mu) = gdal_total_mu(SAMPLE);
    assert_eq!(v["parcels"].as_u64().unwrap() as usize, n);
    let ours = v["total_mu"].as_f64().unwrap();
    assert!((ours - mu).abs() / mu < 1e-9, "{ours} vs GDAL {mu}");
    let rows_mu: f64 = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["mu"].as_f64().unwrap())
        .sum();
    assert!((rows_mu - mu).abs() / mu < 1e-9);
    assert_eq!(v["source_crs"], "EPSG:4526");
}

#[test]
fn info_prints_the_county_table_in_chinese_and_english() {
    let out = stockfirst(&["info", SAMPLE]);
    let text = String::from_utf8(out.stdout).unwrap();
    for word in [
        "县区",
        "存量类型",
        "修武县",
        "博爱县",
        "沁阳市",
        "高新区",
        "批而未供",
        "集体建设用地",
        "小计",
    ] {
        assert!(text.contains(word), "missing {word}");
    }
    let out = stockfirst(&["--lang", "en", "info", SAMPLE]);
    let text = String::from_utf8(out.stdout).unwrap();
    for word in ["County", "Stock kind", "Xiuwu", "approved, unsupplied", "subtotal"] {
        assert!(text.contains(word), "missing {word}");
    }
}

#[test]
fn sample_library_says_it_is_synthetic() {
    let out = Command::new("ogrinfo").args(["-so", SAMPLE, "stock_parcels"]).output();
    // ogrinfo is optional on a developer machine; the GPKG contents table is read directly too.
    if let Ok(o) = out {
        assert!(String::from_utf8_lossy(&o.stdout).contains("SYNTHETIC"));
    }
    let ds = gdal::Dataset::open(SAMPLE).unwrap();
    let rs = ds
        .execute_sql(
            "SELECT description FROM gpkg_contents",
            None,
            gdal::vector::sql::Dialect::DEFAULT,
        )
        .unwrap()
        .unwrap();
    let mut rs = rs;
    let d = rs.features().next().unwrap().field_as_string(0).unwrap().unwrap();
    assert!(d.contains("合成") && d.contains("SYNTHETIC"), "{d}");
}

#[test]
fn convert_txt_to_geopackage_and_back_keeps_the_area() {
    let dir = tempfile::tempdir().unwrap();
    let gpkg = dir.path().join("f.gpkg");
    let txt = dir.path().join("f.txt");
    let src = "sample-data/footprints/boai-logistics-gbk.txt";
    assert!(stockfirst(&["convert", src, gpkg.to_str().unwrap()]).status.success());
    let out = stockfirst(&[
        "convert",
        gpkg.to_str().unwrap(),
        txt.to_str().unwrap(),
        "--encoding",
        "gbk",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (_, mu) = gdal_total_mu(gpkg.to_str().unwrap());
    // The TXT header carries hectares to 4 decimals: compare with GDAL's area of the GeoPackage.
    let bytes = std::fs::read(&txt).unwrap();
    let (text, _, _) = encoding_rs::GBK.decode(&bytes);
    let header = text.lines().find(|l| l.ends_with('@')).unwrap();
    let ha: f64 = header.split(',').nth(1).unwrap().parse().unwrap();
    assert!((ha * 15.0 - mu).abs() < 0.0001 * 15.0, "{ha} ha vs {mu} 亩");
    assert!(
        header.contains("博爱县冷链物流园项目") && header.contains("1101"),
        "{header}"
    );
}

#[test]
fn a_point_layer_is_refused_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("wells.geojson");
    std::fs::write(&p, r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"DKBH":"1"},"geometry":{"type":"Point","coordinates":[38452000.0,3905000.0]}}]}"#).unwrap();
    let out = stockfirst(&["info", p.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("wells.geojson") && err.contains("面"), "{err}");
}

/// `match --quota-project` writes the project's quota entry (clause 二 需补足增量): with no candidate chosen its new land
/// is the 套核 remainder the same match reports, with one chosen it is that candidate's shortfall; pasted into a
/// scenario's project list, `quota run` takes it.
#[test]
fn match_writes_a_quota_project_the_scenario_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let fp = "sample-data/footprints/xiuwu-industrial.txt";
    let base = ["match", "--library", SAMPLE, "--footprint", fp, "--use", "1001"];
    let out = stockfirst(&[&base[..], &["--json"]].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let remainder_mu = v["overlay"]["new_land"]["m2"].as_f64().unwrap() * 0.0015;
    let first = &v["candidates"][0];
    let key = first["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("+");
    let shortfall_mu = first["size"]["shortfall"]["m2"].as_f64().unwrap() * 0.0015;

    let read = |p: &std::path::Path| -> stockfirst::quota::Project {
        ron::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    let plain = dir.path().join("plain.ron");
    let out = stockfirst(
        &[
            &base[..],
            &[
                "--quota-project",
                plain.to_str().unwrap(),
                "--date",
                "2026-07-01",
                "--name",
                "修武新材料扩区",
            ],
            &["--cultivated", "1e9"],
        ]
        .concat(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let p = read(&plain);
    assert!(
        (p.new_land_mu - remainder_mu).abs() < 1e-6,
        "{} vs {remainder_mu}",
        p.new_land_mu
    );
    assert_eq!(
        p.cultivated_mu, p.new_land_mu,
        "cultivated land is clamped to the new land"
    );
    assert_eq!(p.county, "410821", "the footprint lies in 修武县");
    assert_eq!(p.stock_match.as_ref().unwrap().match_id, "footprint");

    let chosen = dir.path().join("chosen.ron");
    let out = stockfirst(
        &[
            &base[..],
            &[
                "--quota-project",
                chosen.to_str().unwrap(),
                "--date",
                "2026-07-01",
                "--choose",
                &key,
            ],
        ]
        .concat(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let c = read(&chosen);
    assert!(
        (c.new_land_mu - shortfall_mu).abs() < 1e-6,
        "{} vs {shortfall_mu}",
        c.new_land_mu
    );
    assert_eq!(c.stock_match.as_ref().unwrap().match_id, key);

    // An unknown candidate is refused, naming it.
    let out = stockfirst(
        &[
            &base[..],
            &[
                "--quota-project",
                chosen.to_str().unwrap(),
                "--date",
                "2026-07-01",
                "--choose",
                "NO-SUCH",
            ],
        ]
        .concat(),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("NO-SUCH"));

    // Pasted into the sample scenario, the quota simulation draws for it.
    let scenario = std::fs::read_to_string("sample-data/scenario-2026.ron").unwrap();
    let entry = std::fs::read_to_string(&plain).unwrap();
    let scenario = scenario.replacen("projects: [", &format!("projects: [\n{entry},"), 1);
    let sc_path = dir.path().join("with-project.ron");
    std::fs::write(&sc_path, scenario).unwrap();
    let out = stockfirst(&["quota", "run", sc_path.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("修武新材料扩区"));
}

/// `stockfirst mach …` is a typo, not a project to open: clap's own "did you mean" error, and no app window.
#[test]
fn a_mistyped_subcommand_is_not_opened_as_a_project() {
    let out = stockfirst(&["mach", "--library", SAMPLE]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unrecognized subcommand 'mach'"), "{err}");
    assert!(err.contains("match"), "{err}");
    // An existing path that is not a .ron project is refused the same way.
    let out = stockfirst(&["Cargo.toml"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Cargo.toml"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Issue 13, clause (十二) “不跨行政界线” → 属地参与选址: a red line from 解放区's seat to 山阳区's crosses the county line;
/// `match` says so in text and JSON with the 亩 in each county, and says the county came from the outline.
#[test]
fn match_reports_a_red_line_across_a_county_line() {
    let rp = stockfirst::io::crs::Reprojector::new("EPSG:4490", stockfirst::io::crs::WorkingCrs::Zone38).unwrap();
    let a = rp.point(geo::Coord { x: 113.226, y: 35.240 }).unwrap();
    let b = rp.point(geo::Coord { x: 113.255, y: 35.214 }).unwrap();
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let n = (dx * dx + dy * dy).sqrt();
    let (px, py) = (-dy / n * 10.0, dx / n * 10.0);
    let ring = [
        (a.x + px, a.y + py),
        (b.x + px, b.y + py),
        (b.x - px, b.y - py),
        (a.x - px, a.y - py),
        (a.x + px, a.y + py),
    ];
    let coords: Vec<String> = ring.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
    let gj = format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::4526"}}}},"features":[{{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[[{}]]}}}}]}}"#,
        coords.join(",")
    );
    let dir = tempfile::tempdir().unwrap();
    let fp = dir.path().join("strip.geojson");
    std::fs::write(&fp, gj).unwrap();
    let fp = fp.to_str().unwrap();
    let base = ["match", "--library", SAMPLE, "--footprint", fp, "--use", "1001"];
    let out = stockfirst(&base);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("⚠ 跨县界") && text.contains("解放区") && text.contains("山阳区"),
        "{text}"
    );
    assert!(text.contains("县区来源: 按县界判定"), "{text}");
    let out = stockfirst(&[&base[..], &["--json"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["county_source"], "boundary");
    let parts = v["crosses_counties"].as_array().unwrap();
    assert_eq!(parts.len(), 2, "{parts:?}");
    // The parts add up to the strip: 20 m × its length, in 亩 (× 0.0015).
    let total_mu: f64 = parts.iter().map(|p| p["mu"].as_f64().unwrap()).sum();
    assert!((total_mu - 20.0 * n * 0.0015).abs() < 0.01, "{total_mu}");
    assert!(v["county_warning"].as_str().unwrap().contains("（十二）"));
}
