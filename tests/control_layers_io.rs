//! Issue 10, the io edge: control layers read through GDAL from a GeoPackage (三调 DLTB, 城镇开发边界, an unrelated
//! layer) and a Shapefile in the 二调 layout, roles recognised by name and by role map, problems named by layer and
//! feature, and the CLI's JSON contract.

use std::path::Path;

use gdal::vector::{FieldValue, LayerAccess, LayerOptions, OGRFieldType, ToGdal};
use gdal::{DriverManager, spatial_ref::SpatialRef};
use geo::{MultiPolygon, polygon};
use stockfirst::controls::{GaussKruger, Role, Survey, ToLonLat, overlay};
use stockfirst::io::control_layers::{ControlReadOptions, ProjLonLat, read_control_sources};
use stockfirst::io::control_roles::{LayerRole, RoleMap};
use stockfirst::io::control_rules::builtin_control_rules;
use stockfirst::io::crs::WorkingCrs;

const X0: f64 = 38_452_000.0;
const Y0: f64 = 3_905_000.0;

fn rect(x: f64, y: f64, w: f64, h: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![
        polygon![(x: X0 + x, y: Y0 + y), (x: X0 + x + w, y: Y0 + y), (x: X0 + x + w, y: Y0 + y + h), (x: X0 + x, y: Y0 + y + h)],
    ])
}

type Row = (MultiPolygon<f64>, Vec<FieldValue>);

fn write_layer(
    ds: &mut gdal::Dataset,
    name: &str,
    epsg: Option<u32>,
    fields: &[(&str, OGRFieldType::Type)],
    rows: Vec<Row>,
) {
    let srs = epsg.map(|e| {
        let mut s = SpatialRef::from_epsg(e).unwrap();
        s.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
        s
    });
    let layer = ds
        .create_layer(LayerOptions {
            name,
            srs: srs.as_ref(),
            ty: gdal::vector::OGRwkbGeometryType::wkbMultiPolygon,
            options: None,
        })
        .unwrap();
    layer.create_defn_fields(fields).unwrap();
    for (g, vals) in rows {
        let mut f = gdal::vector::Feature::new(layer.defn()).unwrap();
        f.set_geometry(g.to_gdal().unwrap()).unwrap();
        for (i, v) in vals.iter().enumerate() {
            f.set_field(i, v).unwrap();
        }
        f.create(&layer).unwrap();
    }
}

fn s(v: &str) -> FieldValue {
    FieldValue::StringValue(v.into())
}
fn r(v: f64) -> FieldValue {
    FieldValue::RealValue(v)
}

const DLTB_FIELDS: [(&str, OGRFieldType::Type); 5] = [
    ("BSM", OGRFieldType::OFTString),
    ("DLBM", OGRFieldType::OFTString),
    ("DLMC", OGRFieldType::OFTString),
    ("KCXS", OGRFieldType::OFTReal),
    ("TBMJ", OGRFieldType::OFTReal),
];

fn gpkg(path: &Path) {
    source(path, "GPKG");
}

fn source(path: &Path, driver: &str) {
    let mut ds = DriverManager::get_driver_by_name(driver)
        .unwrap()
        .create_vector_only(path)
        .unwrap();
    let gk = GaussKruger::working();
    let e = |g: &MultiPolygon<f64>| stockfirst::controls::ellipsoidal_m2(g, &gk).unwrap();
    let d1 = rect(0.0, 0.0, 100.0, 100.0);
    let d2 = rect(100.0, 0.0, 100.0, 100.0);
    let d3 = rect(200.0, 0.0, 100.0, 100.0);
    write_layer(
        &mut ds,
        "DLTB",
        Some(4526),
        &DLTB_FIELDS,
        vec![
            (d1.clone(), vec![s("T1"), s("0103"), s("旱地"), r(0.1), r(e(&d1))]),
            // TBMJ 20 % off the geometry: reported, geometry used.
            (
                d2.clone(),
                vec![s("T2"), s("0601"), s("工业用地"), r(0.0), r(e(&d2) * 1.2)],
            ),
            // KCXS 1.2: reported, taken as 0.
            (d3.clone(), vec![s("T3"), s("0102"), s("水浇地"), r(1.2), r(e(&d3))]),
        ],
    );
    write_layer(
        &mut ds,
        "KFBJ_2023",
        Some(4526),
        &[("BSM", OGRFieldType::OFTString), ("FQMC", OGRFieldType::OFTString)],
        vec![(rect(0.0, 0.0, 150.0, 100.0), vec![s("K1"), s("城镇集中建设区")])],
    );
    write_layer(
        &mut ds,
        "roads",
        Some(4526),
        &[("NAME", OGRFieldType::OFTString)],
        vec![],
    );
}

#[test]
fn a_geopackage_is_read_by_standard_names_and_a_role_map() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("controls.gpkg");
    gpkg(&p);
    let rules = builtin_control_rules().unwrap();
    let gk = GaussKruger::working();
    // Without a role map: DLTB by name; KFBJ_2023 and roads are not recognised (the notes say so).
    let loaded = read_control_sources(
        std::slice::from_ref(&p),
        &ControlReadOptions::default(),
        &rules,
        Some(&gk),
    )
    .unwrap();
    assert_eq!(loaded.layers.layers.len(), 1);
    assert_eq!(loaded.layers.layers[0].survey, Some(Survey::Third));
    assert!(
        loaded
            .notes
            .iter()
            .any(|n| n.contains("KFBJ_2023") && n.contains("未识别")),
        "{:?}",
        loaded.notes
    );
    let feature = |id: &str| {
        loaded
            .problems
            .iter()
            .filter(|p| p.feature.as_deref() == Some(id))
            .count()
    };
    assert_eq!(feature("T2"), 1, "{:?}", loaded.problems);
    assert_eq!(feature("T3"), 1);
    assert_eq!(feature("T1"), 0);
    // With a role map: KFBJ_2023 is the development boundary, its zone field renamed.
    let mut roles = RoleMap::default();
    roles.layers.push(LayerRole {
        layer: "controls.gpkg:KFBJ_2023".into(),
        role: Role::DevelopmentBoundary,
        fields: [("GHFQMC".to_string(), "FQMC".to_string())].into(),
    });
    let opts = ControlReadOptions {
        roles,
        ..Default::default()
    };
    let loaded = read_control_sources(&[p], &opts, &rules, Some(&gk)).unwrap();
    assert_eq!(loaded.layers.layers.len(), 2);
    // Red line x 50..250: 旱地 50 m (7.5 亩 × 0.9 = 6.75 耕地), 工业 15 亩, 水浇地 (KCXS taken as 0) 7.5 亩.
    // Boundary 0..150: inside 100 m = 15 亩 城镇集中建设区, outside 100 m = 15 亩.
    let o = overlay(&loaded.layers, &rules.catalogue, &rect(50.0, 0.0, 200.0, 100.0), &gk);
    assert!((o.cultivated.mu() - (6.75 + 7.5)).abs() < 1e-6, "{}", o.cultivated.mu());
    assert!((o.tiankan.mu() - 0.75).abs() < 1e-6);
    assert_eq!(o.development_boundary[0].zone, "城镇集中建设区");
    assert!((o.development_boundary[0].area.mu() - 15.0).abs() < 1e-6);
    assert!((o.outside_development_boundary.unwrap().mu() - 15.0).abs() < 1e-6);
}

#[test]
fn a_second_survey_shapefile_in_another_zone_is_named_and_reprojected() {
    // A 二调 layout (TKXS) in CGCS2000 3° zone 38 without prefix (EPSG:4547): same place, read as zone 38.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("DLTB_2009.shp");
    let mut ds = DriverManager::get_driver_by_name("ESRI Shapefile")
        .unwrap()
        .create_vector_only(&p)
        .unwrap();
    let g = geo::MapCoords::map_coords(
        &rect(0.0, 0.0, 100.0, 100.0),
        |c| geo::coord! { x: c.x - 38_000_000.0, y: c.y },
    );
    write_layer(
        &mut ds,
        "DLTB_2009",
        Some(4547),
        &[
            ("BSM", OGRFieldType::OFTString),
            ("DLBM", OGRFieldType::OFTString),
            ("TKXS", OGRFieldType::OFTReal),
        ],
        vec![(g, vec![s("E1"), s("013"), r(0.2)])],
    );
    drop(ds);
    let rules = builtin_control_rules().unwrap();
    let loaded = read_control_sources(&[p], &ControlReadOptions::default(), &rules, None).unwrap();
    let l = &loaded.layers.layers[0];
    assert_eq!((l.role, l.survey), (Role::LandSurvey, Some(Survey::Second)));
    assert!(loaded.notes.iter().any(|n| n.contains("二调")), "{:?}", loaded.notes);
    // 100 × 100 m of 013 旱地 with TKXS 0.2: 15 亩 × 0.8 = 12 亩 耕地.
    let o = overlay(
        &loaded.layers,
        &rules.catalogue,
        &rect(0.0, 0.0, 100.0, 100.0),
        &GaussKruger::working(),
    );
    assert!((o.cultivated.mu() - 12.0).abs() < 1e-3, "{}", o.cultivated.mu());
}

#[test]
fn a_source_with_no_control_layer_says_what_it_found() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("other.gpkg");
    let mut ds = DriverManager::get_driver_by_name("GPKG")
        .unwrap()
        .create_vector_only(&p)
        .unwrap();
    write_layer(
        &mut ds,
        "roads",
        Some(4526),
        &[("NAME", OGRFieldType::OFTString)],
        vec![],
    );
    drop(ds);
    let rules = builtin_control_rules().unwrap();
    let e = read_control_sources(&[p], &ControlReadOptions::default(), &rules, None).unwrap_err();
    let m = format!("{e:#}");
    assert!(m.contains("other.gpkg") && m.contains("roads"), "{m}");
}

#[test]
fn the_analytic_gauss_kruger_inverse_agrees_with_proj() {
    // The core's series against PROJ (EPSG:4526 → EPSG:4490) across Jiaozuo: within 1e-8° (about 1 mm).
    let proj = ProjLonLat::new(WorkingCrs::Zone38).unwrap();
    let gk = GaussKruger::working();
    for (x, y) in [
        (38_369_000.0, 3_853_000.0),
        (38_470_000.0, 3_931_000.0),
        (38_420_000.0, 3_900_000.0),
    ] {
        let c = geo::coord! { x: x, y: y };
        let (a, b) = (gk.lon_lat(c).unwrap(), proj.lon_lat(c).unwrap());
        assert!((a.x - b.x).abs() < 1e-8 && (a.y - b.y).abs() < 1e-8, "{a:?} vs {b:?}");
    }
}

#[test]
fn the_cli_prints_the_json_contract() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("controls.gpkg");
    gpkg(&p);
    let fp = dir.path().join("fp.gpkg");
    let mut ds = DriverManager::get_driver_by_name("GPKG")
        .unwrap()
        .create_vector_only(&fp)
        .unwrap();
    write_layer(
        &mut ds,
        "fp",
        Some(4526),
        &[("NAME", OGRFieldType::OFTString)],
        vec![(rect(50.0, 0.0, 100.0, 100.0), vec![s("x")])],
    );
    drop(ds);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args(["controls", "--json", "--footprint"])
        .arg(&fp)
        .arg("--layers")
        .arg(&p)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "cultivated_mu",
            "development_boundary",
            "ecological_redline_mu",
            "ellipsoidal_mu",
            "findings",
            "land_classes",
            "outside_development_boundary_mu",
            "permanent_basic_farmland_mu",
            "tiankan_mu"
        ]
    );
    // Red line x 50..150: 旱地 50 m → 6.75 耕地 + 0.75 田坎; 工业 7.5 亩.
    assert!((v["cultivated_mu"].as_f64().unwrap() - 6.75).abs() < 1e-6);
    assert!((v["tiankan_mu"].as_f64().unwrap() - 0.75).abs() < 1e-6);
    assert!(v["permanent_basic_farmland_mu"].is_null());
    let codes: Vec<&str> = v["land_classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["0103", "1203", "0601"]);
    let f = &v["findings"][0];
    for k in ["rule", "clause_or_source", "severity", "zh", "en"] {
        assert!(f.get(k).is_some(), "{f}");
    }
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["clause_or_source"] == "（一）")
    );
}

#[test]
fn a_filegdb_reads_like_a_geopackage() {
    // How 三调 and planning databases are delivered: a FileGDB folder (GDAL's OpenFileGDB driver writes one).
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("三调.gdb");
    source(&p, "OpenFileGDB");
    let rules = builtin_control_rules().unwrap();
    let gk = GaussKruger::working();
    let loaded = read_control_sources(
        std::slice::from_ref(&p),
        &ControlReadOptions::default(),
        &rules,
        Some(&gk),
    )
    .unwrap();
    assert_eq!(loaded.layers.layers.len(), 1);
    let o = overlay(&loaded.layers, &rules.catalogue, &rect(0.0, 0.0, 100.0, 100.0), &gk);
    // 旱地 100 × 100 m with KCXS 0.1: 15 × 0.9 = 13.5 亩.
    assert!((o.cultivated.mu() - 13.5).abs() < 1e-6, "{}", o.cultivated.mu());
    assert!(
        loaded
            .problems
            .iter()
            .any(|p| p.feature.as_deref() == Some("T3") && p.layer.contains("三调.gdb"))
    );
}

#[test]
fn a_role_map_round_trips_through_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("roles.ron");
    let mut m = RoleMap::default();
    m.layers.push(LayerRole {
        layer: "hongxian".into(),
        role: Role::EcologicalRedline,
        fields: [("MC".to_string(), "NAME".to_string())].into(),
    });
    stockfirst::io::control_roles::save_role_map(&p, &m).unwrap();
    assert_eq!(stockfirst::io::control_roles::load_role_map(&p).unwrap(), m);
    std::fs::write(&p, "RoleMap(layers: [LayerRole(layer: \"x\", role: Road)])").unwrap();
    let e = format!("{:#}", stockfirst::io::control_roles::load_role_map(&p).unwrap_err());
    assert!(e.contains("roles.ron:1:"), "{e}");
}

#[test]
fn match_with_layers_adds_each_candidates_increment_review() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("controls.gpkg");
    gpkg(&p);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args(["match", "--json", "--library"])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-data/jiaozuo-stock-sample.gpkg"
        ))
        .arg("--footprint")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample-data/footprints/wenxian-school.txt"
        ))
        .args(["--use", "0804", "--top", "3", "--layers"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The red line's own increment (red line minus the stock it lies on), reviewed with the same keys.
    assert!(
        v["increment_controls"]["cultivated_mu"].is_f64(),
        "{}",
        v["increment_controls"]
    );
    assert!(v["increment_controls"]["findings"].is_array());
    let cands = v["candidates"].as_array().unwrap();
    assert!(!cands.is_empty());
    for c in cands {
        let cc = &c["controls"];
        assert!(cc["cultivated_mu"].is_f64() && cc["increment_mu"].is_f64(), "{c}");
        assert!(
            c["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["zh"].as_str().unwrap().contains("条款（一）"))
        );
    }
}

#[test]
fn match_quota_project_takes_the_increments_cultivated_mu_unless_overridden() {
    // One 旱地 图斑 (KCXS 0.1) under the whole red line: the increment (red line minus stock) is all 旱地, so its
    // cultivated 亩 is 0.9 × the new land 亩 that matching reports (the 田坎 share 0.1 is not 耕地).
    let dir = tempfile::tempdir().unwrap();
    let layers = dir.path().join("dltb.gpkg");
    let mut ds = DriverManager::get_driver_by_name("GPKG")
        .unwrap()
        .create_vector_only(&layers)
        .unwrap();
    write_layer(
        &mut ds,
        "DLTB",
        Some(4526),
        &DLTB_FIELDS,
        vec![(
            rect(-39_000.0, -35_000.0, 2_000.0, 3_000.0),
            vec![s("1"), s("0103"), s("旱地"), r(0.1), r(9_000.0)],
        )],
    );
    drop(ds);
    let run = |extra: &[&str], out_path: &Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_stockfirst"))
            .args(["match", "--json", "--library"])
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/sample-data/jiaozuo-stock-sample.gpkg"
            ))
            .arg("--footprint")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/sample-data/footprints/wenxian-school.txt"
            ))
            .args(["--use", "0804", "--top", "3", "--layers"])
            .arg(&layers)
            .args(["--date", "2026-07-01", "--quota-project"])
            .arg(out_path)
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let p: stockfirst::quota::Project = ron::from_str(&std::fs::read_to_string(out_path).unwrap()).unwrap();
        (v, p)
    };
    let (v, p) = run(&[], &dir.path().join("auto.ron"));
    let new_land_mu = v["overlay"]["new_land"]["m2"].as_f64().unwrap() * 0.0015;
    assert!(new_land_mu > 1.0, "the school footprint needs new land: {new_land_mu}");
    assert!((p.new_land_mu - new_land_mu).abs() < 1e-6);
    assert!(
        (p.cultivated_mu - 0.9 * new_land_mu).abs() < 1e-3,
        "{} vs 0.9 × {new_land_mu}",
        p.cultivated_mu
    );
    // --cultivated still overrides the overlay.
    let (_, p) = run(&["--cultivated", "1.5"], &dir.path().join("manual.ron"));
    assert!((p.cultivated_mu - 1.5).abs() < 1e-9, "{}", p.cultivated_mu);
}
