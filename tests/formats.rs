//! Every input format is read from a file the test builds: GeoPackage, Shapefile (UTF-8 and GBK without .cpg),
//! GeoJSON, FileGDB, KML (lon/lat, reprojected) and DXF. Areas are checked against hand-worked values.

use std::path::Path;

use geo::{LineString, MultiPolygon, Polygon};
use stockfirst::io::gdal_source::{ReadOptions, read_parcels};
use stockfirst::io::gdal_write::{WriteMeta, write_parcels};
use stockfirst::io::{assets, crs::WorkingCrs, load_footprint};
use stockfirst::model::{LandUse, Parcel, StockKind};

const X0: f64 = 38_452_000.0;
const Y0: f64 = 3_905_000.0;

fn rect(x: f64, y: f64, w: f64, h: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![Polygon::new(
        LineString::from(vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)]),
        vec![],
    )])
}

/// Three parcels: 100 m × 150 m = 15 000 m² = 22.5 亩; 200 m × 200 m = 40 000 m² = 60 亩;
/// and 100 m × 100 m with a 20 m × 20 m hole = 9 600 m² = 14.4 亩.
fn parcels() -> Vec<Parcel> {
    let mut a = Parcel::new(
        "410821-PEWG-1",
        StockKind::ApprovedUnsupplied,
        LandUse::ydyh("100101"),
        "410821",
        rect(X0, Y0, 100.0, 150.0),
    );
    a.name = "修武县产业集聚区一号地".into();
    let b = Parcel::new(
        "410822-XZ-2",
        StockKind::Idle,
        LandUse::ydyh("0901"),
        "410822",
        rect(X0 + 500.0, Y0, 200.0, 200.0),
    );
    let holed = MultiPolygon(vec![Polygon::new(
        LineString::from(vec![
            (X0, Y0 + 500.0),
            (X0 + 100.0, Y0 + 500.0),
            (X0 + 100.0, Y0 + 600.0),
            (X0, Y0 + 600.0),
            (X0, Y0 + 500.0),
        ]),
        vec![LineString::from(vec![
            (X0 + 40.0, Y0 + 540.0),
            (X0 + 40.0, Y0 + 560.0),
            (X0 + 60.0, Y0 + 560.0),
            (X0 + 60.0, Y0 + 540.0),
            (X0 + 40.0, Y0 + 540.0),
        ])],
    )]);
    let mut c = Parcel::new(
        "gaoxin-JT-3",
        StockKind::Collective,
        LandUse::ydyh("1101"),
        "gaoxin",
        holed,
    );
    c.name = "高新区集体建设用地".into();
    vec![a, b, c]
}

fn write(path: &Path) {
    let counties = assets::counties().unwrap();
    write_parcels(path, &parcels(), &counties, WorkingCrs::Zone38, &WriteMeta::default()).unwrap();
}

fn read(path: &Path, opts: &ReadOptions) -> stockfirst::io::gdal_source::Loaded {
    read_parcels(
        path,
        opts,
        &assets::counties().unwrap(),
        &assets::land_use_catalog().unwrap(),
    )
    .unwrap()
}

fn check_areas(ps: &[Parcel], rel_tol: f64) {
    let expect = [("410821-PEWG-1", 22.5), ("410822-XZ-2", 60.0), ("gaoxin-JT-3", 14.4)];
    for (id, mu) in expect {
        let p = ps.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(
            (p.area.mu() - mu).abs() / mu < rel_tol,
            "{id}: {} 亩, expected {mu}",
            p.area.mu()
        );
    }
}

#[test]
fn geopackage_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("lib.gpkg");
    write(&p);
    let l = read(&p, &ReadOptions::default());
    assert_eq!(l.parcels.len(), 3);
    check_areas(&l.parcels, 1e-9);
    let a = l.parcels.iter().find(|p| p.id == "410821-PEWG-1").unwrap();
    assert_eq!(a.name, "修武县产业集聚区一号地");
    assert_eq!(a.kind, StockKind::ApprovedUnsupplied);
    assert_eq!(a.planned_use, LandUse::ydyh("100101"));
    assert_eq!(a.county, "410821");
    // The gaoxin zone has no adcode: its id travels instead.
    assert!(l.parcels.iter().any(|p| p.county == "gaoxin"));
    assert_eq!(l.report.source_crs, "EPSG:4526");
}

#[test]
fn geojson_and_filegdb() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["lib.geojson", "lib.gdb"] {
        let p = dir.path().join(name);
        write(&p);
        let l = read(&p, &ReadOptions::default());
        assert_eq!(l.parcels.len(), 3, "{name}");
        check_areas(&l.parcels, 1e-9);
    }
}

/// KML as Google Earth writes it: lon/lat on WGS 84, attributes in ExtendedData.
#[test]
fn kml_in_lon_lat_is_reprojected_to_zone_38() {
    // The corners of a 100 m × 150 m rectangle in zone 38, taken to lon/lat by PROJ itself (the oracle).
    let to_ll = proj::Proj::new_known_crs("EPSG:4526", "EPSG:4326", None).unwrap();
    let corners = [
        (X0, Y0),
        (X0 + 100.0, Y0),
        (X0 + 100.0, Y0 + 150.0),
        (X0, Y0 + 150.0),
        (X0, Y0),
    ];
    let coords: Vec<String> = corners
        .iter()
        .map(|&(x, y)| {
            let (lon, lat) = to_ll.convert((x, y)).unwrap();
            format!("{lon:.10},{lat:.10},0")
        })
        .collect();
    let kml = format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>存量地块</name>
<Placemark><name>修武一号地</name>
<ExtendedData>
<Data name="DKBH"><value>410821-PEWG-1</value></Data><Data name="XZQMC"><value>修武县</value></Data>
<Data name="CLLX"><value>批而未供</value></Data><Data name="GHYT"><value>100101</value></Data>
</ExtendedData>
<Polygon><outerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></outerBoundaryIs></Polygon>
</Placemark></Folder></Document></kml>"##,
        coords.join(" ")
    );
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("lib.kml");
    std::fs::write(&p, kml).unwrap();
    let l = read(&p, &ReadOptions::default());
    assert_eq!(l.report.source_crs, "EPSG:4326");
    let a = &l.parcels[0];
    assert_eq!(a.id, "410821-PEWG-1");
    assert_eq!(a.county, "410821");
    // 100 m × 150 m = 15 000 m² = 22.5 亩, kept to 1e-6 through ten decimals of a degree.
    assert!((a.area.mu() - 22.5).abs() / 22.5 < 1e-6, "{}", a.area.mu());
    let first = a.geometry.0[0].exterior().0[0];
    assert!((first.x - X0).abs() < 0.01 && (first.y - Y0).abs() < 0.01, "{first:?}");
}

#[test]
fn shapefile_utf8_with_cpg() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("lib.shp");
    write(&p);
    assert!(dir.path().join("lib.cpg").exists());
    let l = read(&p, &ReadOptions::default());
    check_areas(&l.parcels, 1e-9);
    assert!(l.parcels.iter().any(|p| p.name == "高新区集体建设用地"));
}

/// A GBK shapefile with no .cpg and no language-driver byte, as counties often send.
#[test]
fn shapefile_gbk_without_cpg_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("gbk.shp");
    write(&p);
    // Re-encode the DBF text to GBK in place: the strings are fixed-width fields, so rewrite the record area.
    let dbf_path = dir.path().join("gbk.dbf");
    let mut dbf = std::fs::read(&dbf_path).unwrap();
    let header_len = u16::from_le_bytes([dbf[8], dbf[9]]) as usize;
    let record_len = u16::from_le_bytes([dbf[10], dbf[11]]) as usize;
    let n_fields = (header_len - 33) / 32;
    let mut fields = Vec::new();
    let mut off = 1;
    for i in 0..n_fields {
        let len = dbf[32 + i * 32 + 16] as usize;
        fields.push((off, len));
        off += len;
    }
    let n_records = u32::from_le_bytes([dbf[4], dbf[5], dbf[6], dbf[7]]) as usize;
    for r in 0..n_records {
        let base = header_len + r * record_len;
        for &(o, len) in &fields {
            let cell = &dbf[base + o..base + o + len];
            let text = String::from_utf8(cell.to_vec()).unwrap();
            let (gbk, _, _) = encoding_rs::GBK.encode(text.trim_end());
            let mut new = gbk.into_owned();
            new.resize(len, b' ');
            dbf[base + o..base + o + len].copy_from_slice(&new);
        }
    }
    dbf[29] = 0; // no language driver
    std::fs::write(&dbf_path, &dbf).unwrap();
    std::fs::remove_file(dir.path().join("gbk.cpg")).unwrap();

    let l = read(&p, &ReadOptions::default());
    assert!(
        l.report.notes.iter().any(|n| n.contains("CP936") && n.contains("GBK")),
        "{:?}",
        l.report.notes
    );
    assert!(
        l.parcels.iter().any(|p| p.name == "修武县产业集聚区一号地"),
        "{:?}",
        l.parcels.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
    check_areas(&l.parcels, 1e-9);
}

/// CAD drawings carry no attribute table: DXF serves as a footprint source, or as a library with a field map.
#[test]
fn dxf_footprint_and_library_with_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("site.dxf");
    write(&p);
    let fp = load_footprint(&p).unwrap();
    // 15 000 + 40 000 + 9 600 m².
    let area: f64 = geo::Area::unsigned_area(&fp);
    assert!((area - 64_600.0).abs() < 1e-3, "{area}");

    let mut opts = ReadOptions::default();
    opts.field_map.id = vec!["EntityHandle".into()];
    opts.field_map.planned_use = vec!["Text".into(), "Layer".into()];
    opts.field_map.default_kind = Some("批而未供".into());
    let err = read_parcels(
        &p,
        &opts,
        &assets::counties().unwrap(),
        &assets::land_use_catalog().unwrap(),
    );
    // Layer "0" is no land-use code: every feature is left out, and the message says so.
    let msg = format!("{:#}", err.unwrap_err());
    assert!(msg.contains("site.dxf"), "{msg}");
}

#[test]
fn multi_layer_sources_list_their_layers() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("two.gpkg");
    write(&p);
    // Add a point layer beside the parcels.
    {
        let mut ds = gdal::Dataset::open_ex(
            &p,
            gdal::DatasetOptions {
                open_flags: gdal::GdalOpenFlags::GDAL_OF_UPDATE | gdal::GdalOpenFlags::GDAL_OF_VECTOR,
                ..Default::default()
            },
        )
        .unwrap();
        ds.create_layer(gdal::vector::LayerOptions {
            name: "wells",
            ty: gdal::vector::OGRwkbGeometryType::wkbPoint,
            ..Default::default()
        })
        .unwrap();
    }
    let layers = stockfirst::io::gdal_source::list_layers(&p, None).unwrap();
    let names: Vec<_> = layers.iter().map(|l| (l.name.as_str(), l.is_polygon)).collect();
    assert!(
        names.contains(&("stock_parcels", true)) && names.contains(&("wells", false)),
        "{names:?}"
    );
    let l = read(&p, &ReadOptions::default());
    assert_eq!(l.report.layer, "stock_parcels");
    let err = read_parcels(
        &p,
        &ReadOptions {
            layer: Some("wells".into()),
            ..Default::default()
        },
        &assets::counties().unwrap(),
        &assets::land_use_catalog().unwrap(),
    )
    .unwrap_err();
    assert!(format!("{err:#}").contains("不是面"), "{err:#}");
}

/// A row that fails stops the stream at once: the GDAL thread is told, frees what it made, and nothing hangs.
#[test]
fn a_failing_row_stops_the_arrow_stream_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("many.gpkg");
    let spec = stockfirst::io::sample_spec::sample_spec(20_000, 7).unwrap();
    let parcels = stockfirst::sample::generate(&spec);
    write_parcels(
        &p,
        &parcels,
        &assets::counties().unwrap(),
        WorkingCrs::Zone38,
        &WriteMeta::default(),
    )
    .unwrap();
    let ds = gdal::Dataset::open(&p).unwrap();
    let mut layer = ds.layer(0).unwrap();
    let mut seen = 0;
    let err = stockfirst::io::arrow_stream::for_each_row(&mut layer, |_, _| {
        seen += 1;
        if seen == 9_000 {
            anyhow::bail!("stop at row 9000")
        } else {
            Ok(())
        }
    })
    .unwrap_err();
    assert_eq!(seen, 9_000);
    assert!(err.to_string().contains("9000"));
    // The layer is still usable afterwards: a full pass sees every feature.
    let mut all = 0;
    stockfirst::io::arrow_stream::for_each_row(&mut layer, |_, _| {
        all += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(all, 20_000);
}
