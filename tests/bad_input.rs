//! Issue 6: the bad-input corpus. Every file in `tests/data/bad/` is listed here with what it must give: an error, or
//! (where the reader repairs or assumes) a warning. Either way the message names the problem and its place — the
//! file and a line (`file:line:`) or a feature (`FID n`). Nothing may panic.
//!
//! Binary sources (GeoPackage, shapefile) are built by the tests themselves into a temp dir: committing them would
//! be silly (a GeoPackage is ~100 KB of mostly empty pages) and a script-built fixture is easier to read here.

use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gdal::vector::{LayerAccess, LayerOptions, OGRFieldType, ToGdal};
use geo::{LineString, MultiPolygon, Polygon};
use stockfirst::io::boundary_txt::{ReadOptions as TxtOptions, read_boundary_txt};
use stockfirst::io::field_map::FieldMap;
use stockfirst::io::gdal_source::ReadOptions;
use stockfirst::io::gdal_write::{WriteMeta, write_parcels};
use stockfirst::io::{assets, crs::WorkingCrs, load_library_with, load_match_rules, quota_files};
use stockfirst::model::{LandUse, Parcel, StockKind};

const X0: f64 = 38_452_000.0;
const Y0: f64 = 3_905_000.0;

fn bad(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad").join(name)
}

/// What reading a file gave: the error (alternate form, with its causes) or the warnings of a success.
#[derive(Debug)]
enum Outcome {
    Error(String),
    Read(Vec<String>),
}

/// Reads a file with the loader its name calls for. A panic is caught and reported as such.
fn read_any(path: &Path) -> Result<Outcome, String> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let run = || -> anyhow::Result<Vec<String>> {
        if name.starts_with("txt_") {
            let f = read_boundary_txt(path, &TxtOptions::default())?;
            Ok(f.warnings)
        } else if name.starts_with("rules_") {
            quota_files::load_rules(path)?;
            Ok(vec![])
        } else if name.starts_with("scenario_") {
            let rules = quota_files::builtin_rules()?;
            quota_files::load_scenario(path, &rules)?;
            Ok(vec![])
        } else if name.starts_with("match_rules_") {
            load_match_rules(path)?;
            Ok(vec![])
        } else if name.starts_with("field_map_") {
            FieldMap::load(path)?;
            Ok(vec![])
        } else {
            let (_, report) = load_library_with(path, &ReadOptions::default())?;
            let mut msgs: Vec<String> = report.notes.clone();
            msgs.extend(report.problems.iter().map(|p| format!("{}: {}", p.feature, p.message)));
            Ok(msgs)
        }
    };
    match catch_unwind(AssertUnwindSafe(run)) {
        Ok(Ok(w)) => Ok(Outcome::Read(w)),
        Ok(Err(e)) => Ok(Outcome::Error(format!("{e:#}"))),
        Err(_) => Err(format!("{name}: PANIC")),
    }
}

/// Expected outcome: `E` an error, `W` a successful read with a warning; each needle must be in the same message.
enum Want {
    E(&'static [&'static str]),
    W(&'static [&'static str]),
}
use Want::{E, W};

/// Every committed bad file. Line numbers were counted in the files: the TXT fixtures have a 5-line header, so the
/// first parcel header is line 6 and its points lines 7–11.
const CORPUS: &[(&str, Want)] = &[
    // Boundary TXT.
    ("txt_unclosed_ring.txt", W(&["txt_unclosed_ring.txt:10:", "not closed"])),
    (
        "txt_two_point_ring.txt",
        E(&["txt_two_point_ring.txt:7:", "at least 3"]),
    ),
    (
        "txt_non_numeric_x.txt",
        E(&["txt_non_numeric_x.txt:9:", "“3905l50.0” is not a number"]),
    ),
    (
        "txt_non_numeric_ring.txt",
        E(&["txt_non_numeric_ring.txt:8:", "ring number “一”"]),
    ),
    (
        "txt_nan_coordinate.txt",
        E(&["txt_nan_coordinate.txt:9:", "“NaN” is not a number"]),
    ),
    (
        "txt_too_few_fields.txt",
        E(&["txt_too_few_fields.txt:9:", "found 3 field"]),
    ),
    (
        "txt_point_before_parcel.txt",
        E(&["txt_point_before_parcel.txt:6:", "before any parcel header"]),
    ),
    ("txt_no_parcels.txt", E(&["txt_no_parcels.txt", "no parcels"])),
    ("txt_empty.txt", E(&["txt_empty.txt", "no parcels"])),
    (
        "txt_parcel_without_points.txt",
        E(&["txt_parcel_without_points.txt:6:", "no points"]),
    ),
    ("txt_degrees.txt", E(&["txt_degrees.txt:7:", "geographic degrees"])),
    ("txt_swapped_xy.txt", W(&["txt_swapped_xy.txt:7:", "swapped"])),
    (
        "txt_giant_coordinates.txt",
        E(&["txt_giant_coordinates.txt:7:", "not Gauss-Krüger"]),
    ),
    ("txt_mixed_zones.txt", E(&["txt_mixed_zones.txt:9:", "zone prefix 39"])),
    (
        "txt_no_zone_prefix_no_zone.txt",
        E(&["txt_no_zone_prefix_no_zone.txt", "zone"]),
    ),
    (
        "txt_self_intersecting.txt",
        W(&["txt_self_intersecting.txt:6:", "parcel D1", "crosses itself"]),
    ),
    (
        "txt_zero_area.txt",
        E(&["txt_zero_area.txt:6:", "parcel D1", "encloses no area"]),
    ),
    (
        "txt_duplicate_parcel_ids.txt",
        W(&["txt_duplicate_parcel_ids.txt:12:", "“D1” repeats the parcel at line 6"]),
    ),
    ("txt_undecodable.txt", E(&["txt_undecodable.txt:6:", "cannot decode"])),
    (
        "txt_utf8_bom_with_gbk_bytes.txt",
        E(&["txt_utf8_bom_with_gbk_bytes.txt:6:", "UTF-8"]),
    ),
    // Quota rules (mu_each is on line 88 of the built-in rules).
    (
        "rules_wrong_type.ron",
        E(&["rules_wrong_type.ron:88:", "Expected float", "mu_each: \"三百亩\""]),
    ),
    (
        "rules_unknown_field.ron",
        E(&["rules_unknown_field.ron:89:", "mu_bonus"]),
    ),
    ("rules_missing_field.ron", E(&["rules_missing_field.ron:", "mu_each"])),
    // Scenarios.
    (
        "scenario_wrong_type.ron",
        E(&["scenario_wrong_type.ron:7:", "Expected integer", "plan_year"]),
    ),
    (
        "scenario_unknown_field.ron",
        E(&[
            "scenario_unknown_field.ron:23:",
            "`next_year_base`",
            "next_year_base_mu",
        ]),
    ),
    (
        "scenario_missing_field.ron",
        E(&["scenario_missing_field.ron:", "plan_year"]),
    ),
    (
        "scenario_unknown_county.ron",
        E(&["scenario_unknown_county.ron:", "焦作县"]),
    ),
    ("scenario_gbk.ron", E(&["scenario_gbk.ron", "not UTF-8"])),
    // Matching rules.
    (
        "match_rules_wrong_type.ron",
        E(&["match_rules_wrong_type.ron:47:", "bool"]),
    ),
    (
        "match_rules_unknown_field.ron",
        E(&["match_rules_unknown_field.ron:48:", "prefer_near"]),
    ),
    (
        "match_rules_missing_field.ron",
        E(&["match_rules_missing_field.ron:", "lineal"]),
    ),
    (
        "match_rules_invalid_band.ron",
        E(&["match_rules_invalid_band.ron", "invalid rules"]),
    ),
    // Field maps.
    (
        "field_map_wrong_type.ron",
        E(&["field_map_wrong_type.ron:2:", "Expected opening `[`", "id: \"DKBH\""]),
    ),
    (
        "field_map_unknown_field.ron",
        E(&["field_map_unknown_field.ron:3:", "parcel_number"]),
    ),
    (
        "field_map_unclosed.ron",
        E(&["field_map_unclosed.ron:3:", "Expected comma"]),
    ),
    ("field_map_bad_unit.ron", E(&["field_map_bad_unit.ron:2:", "Acre"])),
    // GeoJSON sources (GDAL).
    ("gj_points.geojson", E(&["gj_points.geojson", "no polygon layer"])),
    ("gj_lines.geojson", E(&["gj_lines.geojson", "no polygon layer"])),
    ("gj_empty.geojson", E(&["gj_empty.geojson", "empty"])),
    (
        "gj_projected_labelled_wgs84.geojson",
        W(&["EPSG:4326", "read as EPSG:4526"]),
    ),
    (
        "gj_plain_eastings_no_crs.geojson",
        E(&["gj_plain_eastings_no_crs.geojson", "not degrees"]),
    ),
    (
        "gj_degrees_as_gk.geojson",
        E(&["gj_degrees_as_gk.geojson", "coordinates are degrees"]),
    ),
    ("gj_swapped_xy.geojson", E(&["gj_swapped_xy.geojson", "swapped"])),
    (
        "gj_giant_coordinates.geojson",
        E(&["gj_giant_coordinates.geojson", "out of any sensible range"]),
    ),
    (
        "gj_self_intersecting.geojson",
        W(&["FID 2 (410821-XZ-bowtie)", "self-intersection resolved"]),
    ),
    ("gj_zero_area.geojson", W(&["FID 2 (410821-XZ-flat)", "zero area"])),
    (
        "gj_all_zero_area.geojson",
        E(&["gj_all_zero_area.geojson", "no usable polygons", "FID 1", "zero area"]),
    ),
    (
        "gj_duplicate_ids.geojson",
        W(&["FID 3 (410821-XZ-7)", "duplicate parcel id", "FID 1 (410821-XZ-7)"]),
    ),
    (
        "gj_missing_fields.geojson",
        E(&["gj_missing_fields.geojson", "missing fields"]),
    ),
    ("gj_truncated.geojson", E(&["gj_truncated.geojson", "cannot open"])),
];

fn check(name: &str, got: &Outcome, want: &Want) -> Result<(), String> {
    let fits = |msg: &str, needles: &[&str]| needles.iter().all(|n| msg.contains(n));
    match (got, want) {
        (Outcome::Error(e), E(n)) if fits(e, n) => Ok(()),
        (Outcome::Read(w), W(n)) if w.iter().any(|m| fits(m, n)) => Ok(()),
        _ => Err(format!("{name}: got {got:#?}")),
    }
}

#[test]
fn every_bad_file_gives_a_clear_message_naming_its_place() {
    let mut failures = Vec::new();
    for (name, want) in CORPUS {
        match read_any(&bad(name)) {
            Ok(got) => {
                if let Err(e) = check(name, &got, want) {
                    failures.push(e);
                }
            }
            Err(panic) => failures.push(panic),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files:\n{}",
        failures.len(),
        CORPUS.len(),
        failures.join("\n")
    );
}

#[test]
fn the_corpus_table_lists_every_committed_file() {
    let mut on_disk: Vec<String> = std::fs::read_dir(bad(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "README.md")
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CORPUS.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(listed.len() >= 30);
}

// ---------------------------------------------------------------------------------------------------------------
// Binary sources, built here.

fn rect(x: f64, y: f64, w: f64, h: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![Polygon::new(
        LineString::from(vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]),
        vec![],
    )])
}

/// `n` 50 m × 50 m parcels in a row, named in Chinese so encodings matter.
fn parcels(n: usize) -> Vec<Parcel> {
    parcels_at(n, X0)
}

fn parcels_at(n: usize, x0: f64) -> Vec<Parcel> {
    (0..n)
        .map(|i| {
            let mut p = Parcel::new(
                format!("410821-XZ-{i}"),
                StockKind::Idle,
                LandUse::ydyh("1001"),
                "410821",
                rect(x0 + 60.0 * i as f64, Y0, 50.0, 50.0),
            );
            p.name = format!("修武县闲置地{i}号");
            p
        })
        .collect()
}

fn write(path: &Path, n: usize) {
    let counties = assets::counties().unwrap();
    write_parcels(path, &parcels(n), &counties, WorkingCrs::Zone38, &WriteMeta::default()).unwrap();
}

fn load(path: &Path) -> Result<(Vec<Parcel>, Vec<String>), String> {
    match catch_unwind(AssertUnwindSafe(|| load_library_with(path, &ReadOptions::default()))) {
        Ok(Ok((lib, report))) => {
            let mut msgs = report.notes.clone();
            msgs.extend(report.problems.iter().map(|p| format!("{}: {}", p.feature, p.message)));
            Ok((lib.parcels().to_vec(), msgs))
        }
        Ok(Err(e)) => Err(format!("{e:#}")),
        Err(_) => panic!("{}: the reader panicked", path.display()),
    }
}

fn truncate(path: &Path, keep: f64) {
    let bytes = std::fs::read(path).unwrap();
    let n = (bytes.len() as f64 * keep) as usize;
    std::fs::write(path, &bytes[..n]).unwrap();
}

#[test]
fn truncated_geopackage_is_refused_or_reports_lost_features() {
    let dir = tempfile::tempdir().unwrap();
    for keep in [0.02, 0.3, 0.6, 0.9] {
        let p = dir.path().join(format!("cut-{}.gpkg", (keep * 100.0) as u32));
        write(&p, 40);
        truncate(&p, keep);
        match load(&p) {
            Err(e) => assert!(e.contains(&p.display().to_string()), "{e}"),
            // SQLite may still read the pages before the cut: then nothing invented, and fewer parcels.
            Ok((got, _)) => assert!(got.len() < 40, "{keep}: {} parcels from a truncated file", got.len()),
        }
    }
}

#[test]
fn truncated_shapefile_is_refused_or_reports_lost_features() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cut.shp");
    write(&p, 40);
    truncate(&p, 0.5);
    match load(&p) {
        Err(e) => assert!(e.contains("cut.shp"), "{e}"),
        Ok((got, msgs)) => {
            assert!(got.len() < 40, "{}", got.len());
            assert!(msgs.iter().any(|m| m.contains("FID")), "{msgs:?}");
        }
    }
}

#[test]
fn shapefile_missing_shx_or_dbf_names_the_missing_part() {
    for ext in ["shx", "dbf"] {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("parts.shp");
        write(&p, 3);
        std::fs::remove_file(p.with_extension(ext)).unwrap();
        let e = load(&p).unwrap_err();
        assert!(e.contains("parts.shp") && e.contains(&format!("missing .{ext}")), "{e}");
    }
}

/// A GeoPackage with one layer of the given type and the given features, written with GDAL directly.
fn gpkg_with(path: &Path, ty: u32, geoms: &[gdal::vector::Geometry]) {
    let driver = gdal::DriverManager::get_driver_by_name("GPKG").unwrap();
    let mut ds = driver.create_vector_only(path).unwrap();
    let srs = gdal::spatial_ref::SpatialRef::from_epsg(4526).unwrap();
    let layer = ds
        .create_layer(LayerOptions {
            name: "stock",
            srs: Some(&srs),
            ty,
            options: None,
        })
        .unwrap();
    layer
        .create_defn_fields(&[
            ("DKBH", OGRFieldType::OFTString),
            ("CLLX", OGRFieldType::OFTString),
            ("GHYT", OGRFieldType::OFTString),
        ])
        .unwrap();
    for (i, g) in geoms.iter().enumerate() {
        let mut f = gdal::vector::Feature::new(layer.defn()).unwrap();
        f.set_geometry(g.clone()).unwrap();
        f.set_field_string(0, &format!("P{i}")).unwrap();
        f.set_field_string(1, "闲置").unwrap();
        f.set_field_string(2, "1001").unwrap();
        f.create(&layer).unwrap();
    }
}

#[test]
fn empty_polygon_layer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("empty.gpkg");
    gpkg_with(&p, gdal::vector::OGRwkbGeometryType::wkbMultiPolygon, &[]);
    let e = load(&p).unwrap_err();
    assert!(e.contains("empty.gpkg") && e.contains("layer stock is empty"), "{e}");
}

#[test]
fn point_and_line_layers_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("points.gpkg");
    let pt = geo::Point::new(X0, Y0).to_gdal().unwrap();
    gpkg_with(&p, gdal::vector::OGRwkbGeometryType::wkbPoint, &[pt]);
    let e = load(&p).unwrap_err();
    assert!(
        e.contains("points.gpkg") && e.contains("no polygon layer") && e.contains("Point"),
        "{e}"
    );
    let l = dir.path().join("lines.gpkg");
    let line = LineString::from(vec![(X0, Y0), (X0 + 10.0, Y0)]).to_gdal().unwrap();
    gpkg_with(&l, gdal::vector::OGRwkbGeometryType::wkbLineString, &[line]);
    let e = load(&l).unwrap_err();
    assert!(
        e.contains("lines.gpkg") && e.contains("no polygon layer") && e.contains("Line String"),
        "{e}"
    );
}

/// A shapefile whose DBF is GBK (CP936), written by GDAL; the .cpg is then removed or replaced.
fn gbk_shapefile(path: &Path) {
    let driver = gdal::DriverManager::get_driver_by_name("ESRI Shapefile").unwrap();
    let mut ds = driver.create_vector_only(path).unwrap();
    let srs = gdal::spatial_ref::SpatialRef::from_epsg(4526).unwrap();
    let layer = ds
        .create_layer(LayerOptions {
            name: "gbk",
            srs: Some(&srs),
            ty: gdal::vector::OGRwkbGeometryType::wkbPolygon,
            options: Some(&["ENCODING=CP936"]),
        })
        .unwrap();
    layer
        .create_defn_fields(&[
            ("DKBH", OGRFieldType::OFTString),
            ("DKMC", OGRFieldType::OFTString),
            ("CLLX", OGRFieldType::OFTString),
            ("GHYT", OGRFieldType::OFTString),
        ])
        .unwrap();
    let mut f = gdal::vector::Feature::new(layer.defn()).unwrap();
    f.set_geometry(rect(X0, Y0, 100.0, 100.0).0[0].to_gdal().unwrap())
        .unwrap();
    for (i, v) in ["410822-XZ-1", "博爱县月山镇闲置地", "闲置土地", "1001"]
        .iter()
        .enumerate()
    {
        f.set_field_string(i, v).unwrap();
    }
    f.create(&layer).unwrap();
}

#[test]
fn gbk_shapefile_without_cpg_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("gbk.shp");
    gbk_shapefile(&p);
    std::fs::remove_file(p.with_extension("cpg")).ok();
    let dbf = std::fs::read(p.with_extension("dbf")).unwrap();
    assert!(
        std::str::from_utf8(&dbf[dbf.len() / 2..]).is_err(),
        "the DBF really holds GBK bytes"
    );
    let (got, notes) = load(&p).unwrap();
    assert_eq!(got[0].name, "博爱县月山镇闲置地");
    assert!(notes.iter().any(|n| n.contains("CP936")), "{notes:?}");
}

#[test]
fn gbk_shapefile_labelled_utf8_is_read_as_gbk_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("liar.shp");
    gbk_shapefile(&p);
    std::fs::write(p.with_extension("cpg"), "UTF-8").unwrap();
    let (got, notes) = load(&p).unwrap();
    assert_eq!(got[0].name, "博爱县月山镇闲置地");
    assert!(notes.iter().any(|n| n.contains("labelled UTF-8 by .cpg")), "{notes:?}");
}

#[test]
fn shapefile_without_crs() {
    let dir = tempfile::tempdir().unwrap();
    // Zone-prefixed eastings: EPSG:4526 is assumed and said so.
    let p = dir.path().join("noprj.shp");
    write(&p, 3);
    std::fs::remove_file(p.with_extension("prj")).unwrap();
    let (got, notes) = load(&p).unwrap();
    assert_eq!(got.len(), 3);
    assert!(
        notes.iter().any(|n| n.contains("no CRS") && n.contains("EPSG:4526")),
        "{notes:?}"
    );
    // Eastings without the zone prefix cannot be placed: refused.
    let q = dir.path().join("plain.shp");
    let counties = assets::counties().unwrap();
    // 38 452 000 − 38 000 000 = 452 000: the same place without the zone prefix.
    write_parcels(
        &q,
        &parcels_at(3, X0 - 38_000_000.0),
        &counties,
        WorkingCrs::Cm114,
        &WriteMeta::default(),
    )
    .unwrap();
    std::fs::remove_file(q.with_extension("prj")).unwrap();
    let e = load(&q).unwrap_err();
    assert!(e.contains("plain.shp") && e.contains("no CRS"), "{e}");
}

#[test]
fn a_100_mb_single_line_is_refused_quickly_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("one-line.txt");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
    f.write_all("[属性描述]\n带号=38\n".as_bytes()).unwrap();
    let chunk = vec![b'7'; 1 << 20];
    for _ in 0..100 {
        f.write_all(&chunk).unwrap();
    }
    drop(f);
    let t = Instant::now();
    let e = format!("{:#}", read_boundary_txt(&p, &TxtOptions::default()).unwrap_err());
    assert!(e.contains("one-line.txt:3:") && e.contains("longer than"), "{e}");
    // Refused after the 64 KiB cap, not after reading 100 MB.
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
}

/// Found by the `boundary_txt` fuzz target: a garbled file whose rings made i_overlay fail an internal assertion
/// (`extract_ogc.rs: overlay_rule.is_fill_top`) inside the repair's union. The guard must turn that into an answer —
/// an error naming the parcel, or a repaired read — and never let the panic out.
#[test]
fn fuzz_found_overlay_assertion_is_contained() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz/boundary_txt_i_overlay_assert.txt");
    let got = read_any_txt(&path);
    println!("{got:?}");
    match got {
        Outcome::Error(e) => assert!(e.contains("boundary_txt_i_overlay_assert.txt:"), "{e}"),
        Outcome::Read(w) => assert!(!w.is_empty()),
    }
}

fn read_any_txt(path: &Path) -> Outcome {
    let r = catch_unwind(AssertUnwindSafe(|| read_boundary_txt(path, &TxtOptions::default())))
        .unwrap_or_else(|_| panic!("{}: a panic escaped the reader", path.display()));
    match r {
        Ok(f) => Outcome::Read(f.warnings),
        Err(e) => Outcome::Error(format!("{e:#}")),
    }
}

/// Found by the `wkb` fuzz target: a polygon with a coordinate of −2.46e301 made geo's relate panic inside
/// `is_valid()` during repair, outside any guard (the fuzz build even aborted). Now refused before any geometry code.
#[test]
fn fuzz_found_wkb_with_absurd_coordinate_is_refused() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz/wkb_non_unwinding_panic.wkb");
    let bytes = std::fs::read(path).unwrap();
    let mp = stockfirst::io::wkb::read_polygons(&bytes).unwrap();
    let r = catch_unwind(AssertUnwindSafe(|| stockfirst::geometry::repair(&mp))).expect("repair panicked");
    assert!(
        matches!(r, Err(stockfirst::geometry::GeometryError::OutOfRange(v)) if v < -1e301),
        "{r:?}"
    );
}
