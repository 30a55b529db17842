//! `stockfirst controls --json` against an oracle that shares no code with it (issue 10).
//!
//! The layers are built in a temp dir: the synthetic generator's layers as a GeoPackage and as a FileGDB
//! (OpenFileGDB writer), a DLTB as a GBK Shapefile without .cpg, and a 二调-layout DLTB (TKXS, not KCXS). The
//! binary is run on footprints; the oracle reads the same files with GDAL and computes every number with GEOS
//! (`Geometry::intersection` / `area`, GEOS-backed in Debian's GDAL):
//! - 地类 table: overlap per DLBM; on 耕地 the overlap × (1 − KCXS) is cultivated and the rest goes to 1203 田坎;
//! - 永久基本农田, 生态保护红线, each 城镇开发边界 zone and the part outside the boundary;
//! - 椭球面积: the footprint densified to 1 m and projected by GDAL/PROJ to a Lambert azimuthal equal-area
//!   projection on the CGCS2000 (GRS80) ellipsoid, whose planar area is the ellipsoidal area.
//!
//! 亩 = m² × 0.0015. Agreement: 0.001 亩 plus 1e-6 relative (the two engines round differently at 1e-9 m).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use gdal::spatial_ref::{AxisMappingStrategy, SpatialRef};
use gdal::vector::{FieldValue, Geometry, LayerAccess, LayerOptions, OGRFieldType, ToGdal};
use gdal::{Dataset, DriverManager};
use geo::{BoundingRect, Coord, InteriorPoint, LineString, MultiPolygon, Polygon, Rect};
use serde_json::Value;
use stockfirst::io::control_write::write_control_layers;
use stockfirst::io::crs::WorkingCrs;
use stockfirst::sample::{ControlLayers, ControlSpec, River, SampleSpec, generate, generate_controls};

const MU_PER_M2: f64 = 0.0015;

fn srs() -> SpatialRef {
    let mut s = SpatialRef::from_epsg(4526).unwrap();
    s.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    s
}

/// A 12 km × 9 km piece of the city around 修武: town, park, villages, the hill foot, a river with a red line.
fn layers() -> (ControlLayers, Vec<stockfirst::model::Parcel>) {
    let (x0, y0) = (38_434_000.0, 3_893_000.0);
    let seat = Coord {
        x: x0 + 6_000.0,
        y: y0 + 4_000.0,
    };
    let extent = Rect::new(
        Coord { x: x0, y: y0 },
        Coord {
            x: x0 + 12_000.0,
            y: y0 + 9_000.0,
        },
    );
    let parcels = generate(&SampleSpec {
        parcels: 300,
        seed: 7,
        seats: vec![("410821".into(), "修武县".into(), seat)],
        extent,
    });
    let spec = ControlSpec {
        seed: 7,
        extent,
        patches: 3_000,
        vertices_per_side: 6,
        counties: vec![("410821".into(), "修武县".into(), seat)],
        hill_foot: LineString::from(vec![(x0, y0 + 6_500.0), (x0 + 12_000.0, y0 + 7_200.0)]),
        rivers: vec![River {
            name: "大沙河".into(),
            line: LineString::from(vec![
                (x0, y0 + 900.0),
                (x0 + 5_000.0, y0 + 1_400.0),
                (x0 + 12_000.0, y0 + 700.0),
            ]),
            half_width: 60.0,
            floodplain: 300.0,
            redline: 500.0,
        }],
        year: 2023,
    };
    // TBMJ is data here, not under test: the planar area stands in.
    let layers = generate_controls(&spec, &parcels, &|p| geo::Area::unsigned_area(p));
    (layers, parcels)
}

fn run_controls(footprint: &Path, sources: &[&Path]) -> Value {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stockfirst"));
    cmd.arg("controls").arg("--footprint").arg(footprint);
    for s in sources {
        cmd.arg("--layers").arg(s);
    }
    let out = cmd.arg("--json").output().unwrap();
    assert!(
        out.status.success(),
        "controls failed: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn write_footprint(path: &Path, g: &MultiPolygon<f64>) {
    let drv = DriverManager::get_driver_by_name("GPKG").unwrap();
    let mut ds = drv.create_vector_only(path).unwrap();
    let srs = srs();
    let layer = ds
        .create_layer(LayerOptions {
            name: "footprint",
            srs: Some(&srs),
            ty: gdal::vector::OGRwkbGeometryType::wkbMultiPolygon,
            options: None,
        })
        .unwrap();
    layer.create_defn_fields(&[("DKBH", OGRFieldType::OFTString)]).unwrap();
    let mut f = gdal::vector::Feature::new(layer.defn()).unwrap();
    f.set_geometry(g.to_gdal().unwrap()).unwrap();
    f.set_field_string(0, "FP-1").unwrap();
    f.create(&layer).unwrap();
}

/// What the oracle computes, in m².
#[derive(Debug, Default)]
struct Oracle {
    land: BTreeMap<String, f64>,
    cultivated: f64,
    tiankan: f64,
    farmland: f64,
    redline: f64,
    zones: BTreeMap<String, f64>,
    outside: f64,
    ellipsoidal: f64,
}

fn field_str(f: &gdal::vector::Feature, name: &str) -> Option<String> {
    let i = f.field_index(name).ok()?;
    match f.field(i).ok()?? {
        FieldValue::StringValue(s) => Some(s),
        FieldValue::IntegerValue(v) => Some(v.to_string()),
        FieldValue::Integer64Value(v) => Some(v.to_string()),
        FieldValue::RealValue(v) => Some(v.to_string()),
        _ => None,
    }
}

fn field_f64(f: &gdal::vector::Feature, name: &str) -> Option<f64> {
    let i = f.field_index(name).ok()?;
    match f.field(i).ok()?? {
        FieldValue::RealValue(v) => Some(v),
        FieldValue::IntegerValue(v) => Some(v as f64),
        FieldValue::StringValue(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn overlap(g: &Geometry, fp: &Geometry) -> f64 {
    g.intersection(fp).map(|i| i.area()).unwrap_or(0.0)
}

fn is_cultivated(code: &str) -> bool {
    ["0101", "0102", "0103", "011", "012", "013"].iter().any(|c| {
        code.starts_with(c) && (code.len() == c.len() || !code[c.len()..].starts_with(|x: char| x.is_ascii_digit()))
    })
}

/// The role of a layer by its name (a shapefile's layer is named after the file).
fn role(name: &str) -> &'static str {
    match name.to_ascii_uppercase().as_str() {
        n if n.contains("DLTB") => "DLTB",
        n if n.contains("YJJBNT") => "YJJBNT",
        n if n.contains("STBHHX") => "STBHHX",
        n if n.contains("CZKFBJ") => "CZKFBJ",
        _ => "",
    }
}

fn oracle(sources: &[&Path], fp: &MultiPolygon<f64>) -> Oracle {
    let fpg = fp.to_gdal().unwrap();
    let mut o = Oracle::default();
    let mut boundary: Option<Geometry> = None;
    for src in sources {
        let ds = Dataset::open(src).unwrap();
        for mut layer in ds.layers() {
            let r = role(&layer.name());
            if r.is_empty() {
                continue;
            }
            for f in layer.features() {
                let Some(g) = f.geometry() else { continue };
                let a = overlap(g, &fpg);
                if r == "CZKFBJ" {
                    boundary = Some(match boundary.take() {
                        None => g.clone(),
                        Some(b) => b.union(g).unwrap(),
                    });
                }
                if a <= 0.0 {
                    continue;
                }
                match r {
                    "DLTB" => {
                        let code = field_str(&f, "DLBM").unwrap();
                        let k = field_f64(&f, "KCXS").or_else(|| field_f64(&f, "TKXS")).unwrap_or(0.0);
                        if is_cultivated(&code) {
                            *o.land.entry(code).or_default() += a * (1.0 - k);
                            *o.land.entry("1203".into()).or_default() += a * k;
                            o.cultivated += a * (1.0 - k);
                            o.tiankan += a * k;
                        } else {
                            *o.land.entry(code).or_default() += a;
                        }
                    }
                    // Net of the farmland layer's own 田坎 coefficient, as on the DLTB.
                    "YJJBNT" => o.farmland += a * (1.0 - field_f64(&f, "KCXS").unwrap_or(0.0)),
                    "STBHHX" => o.redline += a,
                    "CZKFBJ" => *o.zones.entry(field_str(&f, "GHFQMC").unwrap()).or_default() += a,
                    _ => {}
                }
            }
        }
    }
    let total = fpg.area();
    o.outside = total - boundary.map(|b| overlap(&b, &fpg)).unwrap_or(0.0);
    o.ellipsoidal = ellipsoidal_m2(&fpg);
    o
}

/// GDAL/PROJ: densify to 1 m in the GK plane, project to an equal-area LAEA on GRS80 (= CGCS2000's ellipsoid).
fn ellipsoidal_m2(g: &Geometry) -> f64 {
    let mut g = g.clone();
    // SAFETY: a valid owned geometry handle; OGR_G_Segmentize modifies it in place.
    unsafe { gdal_sys::OGR_G_Segmentize(g.c_geometry(), 1.0) };
    g.set_spatial_ref(srs());
    let c = g.envelope();
    let mut to_ll = SpatialRef::from_epsg(4490).unwrap();
    to_ll.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let centre = Geometry::from_wkt(&format!(
        "POINT ({} {})",
        (c.MinX + c.MaxX) / 2.0,
        (c.MinY + c.MaxY) / 2.0
    ))
    .and_then(|mut p| {
        p.set_spatial_ref(srs());
        p.transform_to(&to_ll)
    })
    .unwrap();
    let (lon, lat, _) = centre.get_point(0);
    let laea = SpatialRef::from_proj4(&format!(
        "+proj=laea +lat_0={lat} +lon_0={lon} +ellps=GRS80 +units=m +no_defs"
    ))
    .unwrap();
    g.transform_to(&laea).unwrap().area()
}

fn close(what: &str, got: f64, want_m2: f64) {
    let want = want_m2 * MU_PER_M2;
    assert!(
        (got - want).abs() <= 1e-3 + 1e-6 * want.abs(),
        "{what}: stockfirst {got} 亩, oracle {want} 亩"
    );
}

fn num(v: &Value, key: &str) -> f64 {
    v[key].as_f64().unwrap_or_else(|| panic!("missing number {key} in {v}"))
}

/// Compares every number of the answer with the oracle.
fn check(v: &Value, o: &Oracle) {
    check_land(v, o);
    close(
        "permanent_basic_farmland_mu",
        num(v, "permanent_basic_farmland_mu"),
        o.farmland,
    );
    close("ecological_redline_mu", num(v, "ecological_redline_mu"), o.redline);
    let mut zones: BTreeMap<String, f64> = BTreeMap::new();
    for e in v["development_boundary"].as_array().expect("development_boundary") {
        *zones.entry(e["zone"].as_str().expect("zone").to_string()).or_default() += e["mu"].as_f64().expect("mu");
    }
    for (zone, m2) in &o.zones {
        close(
            &format!("城镇开发边界 {zone}"),
            zones.get(zone).copied().unwrap_or(0.0),
            *m2,
        );
    }
    for (zone, mu) in &zones {
        if !o.zones.contains_key(zone) {
            close(&format!("城镇开发边界 {zone} (not in the oracle)"), *mu, 0.0);
        }
    }
    close(
        "outside_development_boundary_mu",
        num(v, "outside_development_boundary_mu"),
        o.outside,
    );
}

/// The DLTB numbers and the ellipsoidal area only (for a source that holds a DLTB and nothing else).
fn check_land(v: &Value, o: &Oracle) {
    let mut got: BTreeMap<String, f64> = BTreeMap::new();
    for e in v["land_classes"].as_array().expect("land_classes") {
        let code = e["code"].as_str().expect("code").to_string();
        assert!(e["name"].as_str().is_some_and(|n| !n.is_empty()), "{e}");
        *got.entry(code).or_default() += e["mu"].as_f64().expect("mu");
    }
    for (code, m2) in &o.land {
        close(&format!("地类 {code}"), got.get(code).copied().unwrap_or(0.0), *m2);
    }
    for (code, mu) in &got {
        if !o.land.contains_key(code) {
            close(&format!("地类 {code} (not in the oracle)"), *mu, 0.0);
        }
    }
    close("cultivated_mu", num(v, "cultivated_mu"), o.cultivated);
    close("tiankan_mu", num(v, "tiankan_mu"), o.tiankan);
    close("ellipsoidal_mu", num(v, "ellipsoidal_mu"), o.ellipsoidal);
}

fn has_blocking_farmland_finding(v: &Value) -> bool {
    v["findings"].as_array().is_some_and(|fs| {
        fs.iter().any(|f| {
            let text = format!("{} {} {}", f["rule"], f["zh"], f["clause_or_source"]);
            f["severity"]
                .as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case("blocking"))
                && text.contains("永久基本农田")
        })
    })
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon<f64> {
    Rect::new(Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 }).to_polygon()
}

/// Footprints chosen by rule on the generated layers: one on a 永久基本农田 patch, one across the edge of the
/// 城镇开发边界 (on stock), one in the hills on the red line, one concave with a hole over the town centre.
fn footprints(l: &ControlLayers, parcels: &[stockfirst::model::Parcel]) -> Vec<(&'static str, MultiPolygon<f64>)> {
    let mut out = Vec::new();
    let farm = l
        .farmland
        .iter()
        .max_by(|a, b| a.yjjbntmj.total_cmp(&b.yjjbntmj))
        .unwrap();
    let p = farm.geometry.interior_point().unwrap();
    out.push((
        "on 永久基本农田",
        MultiPolygon(vec![rect(p.x() - 60.0, p.y() - 40.0, p.x() + 60.0, p.y() + 40.0)]),
    ));
    let core = l.boundary.iter().find(|z| z.name == "城镇集中建设区").unwrap();
    let b = core.geometry.bounding_rect().unwrap();
    let c = b.center();
    out.push((
        "across the 城镇开发边界",
        MultiPolygon(vec![rect(
            b.max().x - 400.0,
            c.y - 300.0,
            b.max().x + 600.0,
            c.y + 200.0,
        )]),
    ));
    let red = l.redline.iter().max_by(|a, b| a.mj.total_cmp(&b.mj)).unwrap();
    let q = red.geometry.interior_point().unwrap();
    out.push((
        "on the 生态保护红线",
        MultiPolygon(vec![rect(q.x() - 300.0, q.y() - 700.0, q.x() + 300.0, q.y() + 200.0)]),
    ));
    let s = parcels[0].geometry.interior_point().unwrap();
    let concave = Polygon::new(
        LineString::from(vec![
            (s.x() - 500.0, s.y() - 400.0),
            (s.x() + 500.0, s.y() - 400.0),
            (s.x() + 500.0, s.y() + 400.0),
            (s.x() + 100.0, s.y() + 400.0),
            (s.x() + 100.0, s.y()),
            (s.x() - 100.0, s.y()),
            (s.x() - 100.0, s.y() + 400.0),
            (s.x() - 500.0, s.y() + 400.0),
            (s.x() - 500.0, s.y() - 400.0),
        ]),
        vec![LineString::from(vec![
            (s.x() - 300.0, s.y() - 300.0),
            (s.x() - 300.0, s.y() - 100.0),
            (s.x() + 300.0, s.y() - 100.0),
            (s.x() + 300.0, s.y() - 300.0),
            (s.x() - 300.0, s.y() - 300.0),
        ])],
    );
    out.push(("concave with a hole", MultiPolygon(vec![concave])));
    out
}

#[test]
fn geopackage_layers_match_the_oracle() {
    let dir = tempfile::tempdir().unwrap();
    let (l, parcels) = layers();
    let gpkg = dir.path().join("controls.gpkg");
    write_control_layers(&gpkg, &l, WorkingCrs::Zone38, "test").unwrap();
    for (i, (what, fp)) in footprints(&l, &parcels).into_iter().enumerate() {
        let fp_path = dir.path().join(format!("fp{i}.gpkg"));
        write_footprint(&fp_path, &fp);
        let v = run_controls(&fp_path, &[&gpkg]);
        let o = oracle(&[&gpkg], &fp);
        eprintln!("{what}: {o:?}");
        check(&v, &o);
        // Each footprint exercises what it was placed for (so no comparison above is 0 against 0 only).
        match i {
            0 => assert!(o.farmland > 1.0 && o.cultivated > 0.0, "{what}"),
            1 => assert!(o.outside > 1.0 && !o.zones.is_empty(), "{what}"),
            2 => assert!(o.redline > 1.0, "{what}"),
            _ => assert!(o.land.len() >= 3, "{what}"),
        }
        // The footprint put on 永久基本农田 is blocked (土地管理法 第三十五条); the ones off it are not.
        assert_eq!(
            has_blocking_farmland_finding(&v),
            o.farmland > 1.0,
            "{what}: {}",
            v["findings"]
        );
    }
}

#[test]
fn filegdb_layers_match_the_oracle() {
    let dir = tempfile::tempdir().unwrap();
    let (l, parcels) = layers();
    let gdb = dir.path().join("controls.gdb");
    write_control_layers(&gdb, &l, WorkingCrs::Zone38, "test").unwrap();
    assert!(gdb.is_dir());
    let fps = footprints(&l, &parcels);
    for (i, (what, fp)) in fps.iter().enumerate().take(2) {
        let fp_path = dir.path().join(format!("fp{i}.gpkg"));
        write_footprint(&fp_path, fp);
        let v = run_controls(&fp_path, &[&gdb]);
        eprintln!("{what}");
        check(&v, &oracle(&[&gdb], fp));
    }
}

/// Writes the DLTB 图斑 within `window` as a Shapefile; `erdiao` writes the 二调 layout (TKXS, 3-digit 耕地 codes).
fn write_dltb_shapefile(path: &Path, l: &ControlLayers, window: Rect<f64>, erdiao: bool, gbk: bool) -> usize {
    let drv = DriverManager::get_driver_by_name("ESRI Shapefile").unwrap();
    let mut ds = drv.create_vector_only(path).unwrap();
    let srs = srs();
    let enc = if gbk { "ENCODING=CP936" } else { "ENCODING=UTF-8" };
    let layer = ds
        .create_layer(LayerOptions {
            name: path.file_stem().unwrap().to_str().unwrap(),
            srs: Some(&srs),
            ty: gdal::vector::OGRwkbGeometryType::wkbPolygon,
            options: Some(&[enc]),
        })
        .unwrap();
    let k = if erdiao { "TKXS" } else { "KCXS" };
    layer
        .create_defn_fields(&[
            ("BSM", OGRFieldType::OFTString),
            ("DLBM", OGRFieldType::OFTString),
            ("DLMC", OGRFieldType::OFTString),
            ("QSDWMC", OGRFieldType::OFTString),
            ("TBMJ", OGRFieldType::OFTReal),
            (k, OGRFieldType::OFTReal),
        ])
        .unwrap();
    let mut n = 0;
    for d in &l.dltb {
        let b = d.geometry.bounding_rect().unwrap();
        if b.max().x < window.min().x
            || b.min().x > window.max().x
            || b.max().y < window.min().y
            || b.min().y > window.max().y
        {
            continue;
        }
        // 二调 wrote 耕地 as 011/012/013.
        let code = match (erdiao, d.dlbm.as_str()) {
            (true, "0101") => "011".to_string(),
            (true, "0102") => "012".to_string(),
            (true, "0103") => "013".to_string(),
            (_, c) => c.to_string(),
        };
        let mut f = gdal::vector::Feature::new(layer.defn()).unwrap();
        f.set_geometry(d.geometry.to_gdal().unwrap()).unwrap();
        f.set_field_string(0, &d.bsm).unwrap();
        f.set_field_string(1, &code).unwrap();
        f.set_field_string(2, &d.dlmc).unwrap();
        f.set_field_string(3, &d.qsdwmc).unwrap();
        f.set_field_double(4, d.tbmj).unwrap();
        f.set_field_double(5, d.kcxs).unwrap();
        f.create(&layer).unwrap();
        n += 1;
    }
    n
}

/// A 300 m square centred on a small 旱地 图斑 (KCXS > 0), so it takes 耕地, 田坎 and its neighbours.
fn dry_land_footprint(l: &ControlLayers) -> MultiPolygon<f64> {
    let d = l
        .dltb
        .iter()
        .filter(|d| d.dlbm == "0103" && d.kcxs > 0.0 && geo::Area::unsigned_area(&d.geometry) > 20_000.0)
        .min_by(|a, b| geo::Area::unsigned_area(&a.geometry).total_cmp(&geo::Area::unsigned_area(&b.geometry)))
        .unwrap();
    let p = d.geometry.interior_point().unwrap();
    MultiPolygon(vec![rect(p.x() - 150.0, p.y() - 150.0, p.x() + 150.0, p.y() + 150.0)])
}

fn window_of(fp: &MultiPolygon<f64>, margin: f64) -> Rect<f64> {
    let b = fp.bounding_rect().unwrap();
    Rect::new(
        Coord {
            x: b.min().x - margin,
            y: b.min().y - margin,
        },
        Coord {
            x: b.max().x + margin,
            y: b.max().y + margin,
        },
    )
}

#[test]
fn gbk_shapefile_without_cpg_matches_the_oracle() {
    let dir = tempfile::tempdir().unwrap();
    let (l, _) = layers();
    let (what, fp) = ("旱地", &dry_land_footprint(&l));
    let shp: PathBuf = dir.path().join("DLTB.shp");
    assert!(write_dltb_shapefile(&shp, &l, window_of(fp, 800.0), false, true) > 10);
    std::fs::remove_file(shp.with_extension("cpg")).ok();
    let dbf = std::fs::read(shp.with_extension("dbf")).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode("水浇地");
    assert!(dbf.windows(gbk.len()).any(|w| w == &gbk[..]), "the DBF really is GBK");
    let fp_path = dir.path().join("fp.gpkg");
    write_footprint(&fp_path, fp);
    let v = run_controls(&fp_path, &[&shp]);
    eprintln!("{what}");
    let o = oracle(&[&shp], fp);
    assert!(o.tiankan > 0.0, "the footprint lies on 耕地 with 田坎");
    check_land(&v, &o);
    // The roles this source lacks are unknown, not zero.
    assert!(
        v["permanent_basic_farmland_mu"].is_null() && v["ecological_redline_mu"].is_null(),
        "{v}"
    );
    // Names come from the GBK DBF, decoded: no mojibake.
    for e in v["land_classes"].as_array().unwrap() {
        let name = e["name"].as_str().unwrap();
        assert!(
            !name.contains('\u{FFFD}') && name.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
            "{e}"
        );
    }
}

#[test]
fn erdiao_layout_with_tkxs_matches_the_oracle() {
    let dir = tempfile::tempdir().unwrap();
    let (l, _) = layers();
    let (what, fp) = ("旱地", &dry_land_footprint(&l));
    let shp = dir.path().join("DLTB_2009.shp");
    assert!(write_dltb_shapefile(&shp, &l, window_of(fp, 800.0), true, false) > 10);
    let fp_path = dir.path().join("fp.gpkg");
    write_footprint(&fp_path, fp);
    let v = run_controls(&fp_path, &[&shp]);
    let o = oracle(&[&shp], fp);
    eprintln!("{what}: {o:?}");
    assert!(
        o.tiankan > 0.0 && o.cultivated > 0.0,
        "the footprint lies on 耕地 with 田坎"
    );
    // The 二调 codes (011/012/013) may be shown as they are or as the 三调 codes; the totals must agree.
    close("cultivated_mu", num(&v, "cultivated_mu"), o.cultivated);
    close("tiankan_mu", num(&v, "tiankan_mu"), o.tiankan);
    let sum: f64 = v["land_classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["mu"].as_f64().unwrap())
        .sum();
    close("地类 total", sum, o.land.values().sum());
}
