//! Issue 11, done-when: a 批而未供 export as a county sends it — GBK shapefile, EPSG:4490 lon/lat, the national
//! field names (XZQDM, XZQMC, DZJGH, XMMC, PZWH, PZZMJ in 公顷, YDYHFLDM), no kind field — opens in
//! `stockfirst info` with no field map. GDAL is the oracle for the area: its own transform to EPSG:4526 and its
//! own area, × 0.0015 (domain notes §3: 亩 = m² × 0.0015).

use std::path::{Path, PathBuf};
use std::process::Command;

use gdal::spatial_ref::{AxisMappingStrategy, CoordTransform, SpatialRef};
use gdal::vector::{FieldValue, Geometry, LayerAccess, LayerOptions, OGRFieldType, OGRwkbGeometryType};
use gdal::{Dataset, DriverManager};

fn stockfirst(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args(args)
        .output()
        .expect("run stockfirst")
}

/// One feature of the export: corner in lon/lat, size in degrees, use code, county, and its approval number.
struct Feat {
    lon: f64,
    lat: f64,
    dlon: f64,
    dlat: f64,
    code: &'static str,
    xzqdm: &'static str,
    xzqmc: &'static str,
}

const FEATS: [Feat; 4] = [
    // 修武县: 1001 is 工业 in 2023 and 铁路 in GB/T 21010 — the code that warned on every feature.
    Feat {
        lon: 113.4400,
        lat: 35.2200,
        dlon: 0.0021,
        dlat: 0.0013,
        code: "1001",
        xzqdm: "410821",
        xzqmc: "修武县",
    },
    Feat {
        lon: 113.4450,
        lat: 35.2230,
        dlon: 0.0011,
        dlat: 0.0017,
        code: "100102",
        xzqdm: "410821",
        xzqmc: "修武县",
    },
    // 博爱县, with a 12-digit 行政区代码.
    Feat {
        lon: 113.0600,
        lat: 35.1700,
        dlon: 0.0030,
        dlat: 0.0020,
        code: "0901",
        xzqdm: "410822000000",
        xzqmc: "博爱县",
    },
    Feat {
        lon: 113.0700,
        lat: 35.1750,
        dlon: 0.0008,
        dlat: 0.0009,
        code: "1101",
        xzqdm: "410822000000",
        xzqmc: "博爱县",
    },
];

fn rect_wkt(f: &Feat) -> String {
    let (x0, y0, x1, y1) = (f.lon, f.lat, f.lon + f.dlon, f.lat + f.dlat);
    format!("POLYGON (({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))")
}

fn lon_lat_4490() -> SpatialRef {
    let mut s = SpatialRef::from_epsg(4490).unwrap();
    s.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    s
}

/// GDAL's own planar area in EPSG:4526, m², of a lon/lat WKT.
fn gdal_area_4526(wkt: &str) -> f64 {
    let mut zone38 = SpatialRef::from_epsg(4526).unwrap();
    zone38.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let ct = CoordTransform::new(&lon_lat_4490(), &zone38).unwrap();
    let g = Geometry::from_wkt(wkt).unwrap();
    g.transform(&ct).unwrap().area()
}

/// Writes the export as a GBK (CP936) shapefile with no .cpg, named `name`.shp; the use field is `use_field`.
/// Returns the path and GDAL's 亩 total.
fn write_export(dir: &Path, name: &str, use_field: &str) -> (PathBuf, f64) {
    let path = dir.join(format!("{name}.shp"));
    let drv = DriverManager::get_driver_by_name("ESRI Shapefile").unwrap();
    let mut ds = drv.create_vector_only(&path).unwrap();
    let srs = lon_lat_4490();
    let layer = ds
        .create_layer(LayerOptions {
            name,
            srs: Some(&srs),
            ty: OGRwkbGeometryType::wkbPolygon,
            options: Some(&["ENCODING=CP936"]),
        })
        .unwrap();
    layer
        .create_defn_fields(&[
            ("XZQDM", OGRFieldType::OFTString),
            ("XZQMC", OGRFieldType::OFTString),
            ("DZJGH", OGRFieldType::OFTString),
            ("XMMC", OGRFieldType::OFTString),
            ("PZWH", OGRFieldType::OFTString),
            ("PZZMJ", OGRFieldType::OFTReal),
            (use_field, OGRFieldType::OFTString),
        ])
        .unwrap();
    let mut total_m2 = 0.0;
    for (i, f) in FEATS.iter().enumerate() {
        let wkt = rect_wkt(f);
        let m2 = gdal_area_4526(&wkt);
        total_m2 += m2;
        let mut feat = gdal::vector::Feature::new(layer.defn()).unwrap();
        feat.set_geometry(Geometry::from_wkt(&wkt).unwrap()).unwrap();
        let s = |v: &str| FieldValue::StringValue(v.to_string());
        let values = [
            s(f.xzqdm),
            s(f.xzqmc),
            // 电子监管号: 19 characters.
            s(&format!("41082120250000{:05}", i + 1)),
            s(&format!("焦作市{}第{}批次城镇建设用地", f.xzqmc, i + 1)),
            s(&format!("豫政土〔2025〕{}号", 100 + i)),
            // 批准总面积 in 公顷, to four decimals as the approval tables write it.
            FieldValue::RealValue(m2.round() / 10_000.0),
            s(f.code),
        ];
        for (k, v) in values.iter().enumerate() {
            feat.set_field(k, v).unwrap();
        }
        feat.create(&layer).unwrap();
    }
    drop(ds);
    // Counties often send no .cpg: the DBF's language-driver byte is all that says CP936.
    let cpg = path.with_extension("cpg");
    if cpg.exists() {
        std::fs::remove_file(cpg).unwrap();
    }
    (path, total_m2 * 0.0015)
}

fn info_json(path: &Path) -> serde_json::Value {
    let out = stockfirst(&["info", path.to_str().unwrap(), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn notes(v: &serde_json::Value) -> Vec<String> {
    v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_national_pewg_export_opens_with_no_field_map() {
    let dir = tempfile::tempdir().unwrap();
    let (path, gdal_mu) = write_export(dir.path(), "XQ_PEWG", "YDYHFLDM");
    // The test file really is GBK: 修武县 is in the DBF as its CP936 bytes.
    let dbf = std::fs::read(path.with_extension("dbf")).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode("修武县");
    assert!(dbf.windows(gbk.len()).any(|w| w == &gbk[..]), "DBF is not GBK");
    assert!(!path.with_extension("cpg").exists());

    let v = info_json(&path);
    let notes = notes(&v);
    assert_eq!(
        v["parcels"].as_u64(),
        Some(FEATS.len() as u64),
        "{notes:?}\n{}",
        v["problems"]
    );
    assert_eq!(v["source_crs"].as_str(), Some("EPSG:4490"));
    let ours = v["total_mu"].as_f64().unwrap();
    assert!(
        (ours - gdal_mu).abs() / gdal_mu < 1e-6,
        "ours {ours} 亩, GDAL {gdal_mu} 亩"
    );
    // The encoding was seen, the 公顷 unit detected, the kind taken from the layer name — and said.
    assert!(notes.iter().any(|n| n.contains("GBK")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("公顷")), "{notes:?}");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("XQ_PEWG") && n.contains("批而未供") && n.contains("kind taken from")),
        "{notes:?}"
    );
    // YDYHFLDM holds 2023 codes: no "might be GB/T 21010" warning for 1001.
    assert!(!notes.iter().any(|n| n.contains("GB/T 21010")), "{notes:?}");
    // Every parcel is 批而未供, in the county its XZQDM names, with no problem.
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.iter().all(|r| r["kind"] == "批而未供"), "{rows:?}");
    let counties: Vec<&str> = rows.iter().map(|r| r["county"].as_str().unwrap()).collect();
    assert!(
        counties.contains(&"修武县") && counties.contains(&"博爱县"),
        "{counties:?}"
    );
    assert_eq!(v["problems"].as_array().unwrap().len(), 0, "{}", v["problems"]);
}

/// The same export with the use codes under a name that does not declare their system still warns: the
/// silence above comes from the field name, not from the warning being gone.
#[test]
fn an_undeclared_use_field_still_warns_about_gbt_21010() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = write_export(dir.path(), "XQ_PEWG", "GHYT");
    let notes = notes(&info_json(&path));
    assert!(
        notes.iter().any(|n| n.contains("1001") && n.contains("GB/T 21010")),
        "{notes:?}"
    );
}

/// A Chinese file name states the kind too; a name that states none, with no kind field, is refused with the
/// way out named.
#[test]
fn the_kind_comes_from_a_chinese_file_name_or_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = write_export(dir.path(), "修武县闲置土地", "YDYHFLDM");
    let v = info_json(&path);
    let rows = v["rows"].as_array().unwrap();
    assert!(rows.iter().all(|r| r["kind"] == "闲置土地"), "{rows:?}");
    assert!(
        notes(&v).iter().any(|n| n.contains("修武县闲置土地")),
        "{:?}",
        notes(&v)
    );

    let (path, _) = write_export(dir.path(), "export_2025", "YDYHFLDM");
    let out = stockfirst(&["info", path.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("存量类型") && err.contains("default_kind"), "{err}");
}

/// 公顷 stated in a field whose name says so is read as 公顷 without detection.
#[test]
fn an_area_field_named_with_its_unit_is_read_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = write_export(dir.path(), "XQ_PEWG", "YDYHFLDM");
    // Rename PZZMJ to PZZMJ_GQ with GDAL's own SQL, into a GeoPackage.
    let gpkg = dir.path().join("renamed.gpkg");
    let src = Dataset::open(&path).unwrap();
    let drv = DriverManager::get_driver_by_name("GPKG").unwrap();
    let mut out = drv.create_vector_only(&gpkg).unwrap();
    let mut layer = src.layer(0).unwrap();
    let defn_names: Vec<String> = layer.defn().fields().map(|f| f.name()).collect();
    let srs = layer.spatial_ref().unwrap();
    let dst = out
        .create_layer(LayerOptions {
            name: "XQ_PEWG",
            srs: Some(&srs),
            ty: OGRwkbGeometryType::wkbPolygon,
            options: None,
        })
        .unwrap();
    let fields: Vec<(String, OGRFieldType::Type)> = defn_names
        .iter()
        .map(|n| {
            let t = if n == "PZZMJ" {
                OGRFieldType::OFTReal
            } else {
                OGRFieldType::OFTString
            };
            (
                if n == "PZZMJ" {
                    "PZZMJ_GQ".to_string()
                } else {
                    n.clone()
                },
                t,
            )
        })
        .collect();
    let refs: Vec<(&str, OGRFieldType::Type)> = fields.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    dst.create_defn_fields(&refs).unwrap();
    for f in layer.features() {
        let mut g = gdal::vector::Feature::new(dst.defn()).unwrap();
        g.set_geometry(f.geometry().unwrap().clone()).unwrap();
        for k in 0..defn_names.len() {
            if let Some(v) = f.field(k).unwrap() {
                g.set_field(k, &v).unwrap();
            }
        }
        g.create(&dst).unwrap();
    }
    drop(out);
    let v = info_json(&gpkg);
    let notes = notes(&v);
    assert!(
        notes.iter().any(|n| n.contains("PZZMJ_GQ") && n.contains("公顷")),
        "{notes:?}"
    );
    assert!(!notes.iter().any(|n| n.contains("unit detected")), "{notes:?}");
    assert_eq!(v["problems"].as_array().unwrap().len(), 0, "{}", v["problems"]);
}
