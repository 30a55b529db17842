//! Issue 11: the reader turns the batches into parcels on two threads, piece by piece. Whatever the pieces, the parcels, the
//! problems (their order too), the notes and the counts must be those of one thread reading every row in order.

use std::path::Path;

use gdal::vector::{FieldValue, Geometry, LayerAccess, LayerOptions, OGRFieldType, ToGdal};
use geo::{LineString, MultiPolygon, Polygon};
use stockfirst::io::assets;
use stockfirst::io::gdal_source::{Loaded, ReadOptions, Threads, read_parcels_split, report_duplicate_ids};
use stockfirst::model::CountyCheck;

const X0: f64 = 38_452_000.0;
const Y0: f64 = 3_905_000.0;

fn ring(pts: &[(f64, f64)]) -> LineString<f64> {
    LineString::from(pts.to_vec())
}

fn square(x: f64, y: f64, s: f64) -> Vec<(f64, f64)> {
    vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)]
}

/// The geometry of feature `i`: mostly plain squares, with every kind of trouble and shape the reader handles.
fn geometry(i: usize) -> Option<MultiPolygon<f64>> {
    let (x, y) = (X0 + (i % 100) as f64 * 50.0, Y0 + (i / 100) as f64 * 50.0);
    let sq = square(x, y, 30.0);
    let poly = |shell: Vec<(f64, f64)>, holes: Vec<Vec<(f64, f64)>>| {
        Polygon::new(ring(&shell), holes.iter().map(|h| ring(h)).collect())
    };
    let g = match i {
        _ if i.is_multiple_of(101) => return None,
        _ if i.is_multiple_of(97) => poly(
            vec![(x, y), (x + 30.0, y + 30.0), (x + 30.0, y), (x, y + 30.0), (x, y)],
            vec![],
        ),
        _ if i.is_multiple_of(89) => poly(
            vec![
                (x, y),
                (x + 30.0, y),
                (x + 30.0, y),
                (x + 30.0, y + 30.0),
                (x, y + 30.0),
                (x, y),
            ],
            vec![],
        ),
        _ if i.is_multiple_of(53) => poly(sq, vec![square(x + 10.0, y + 10.0, 5.0)]),
        _ if i.is_multiple_of(47) => {
            return Some(MultiPolygon(vec![
                poly(sq, vec![]),
                poly(square(x + 35.0, y, 10.0), vec![]),
            ]));
        }
        _ if i.is_multiple_of(43) => poly(sq, vec![square(x + 40.0, y + 40.0, 5.0)]),
        _ if i.is_multiple_of(41) => {
            let mut cw = sq;
            cw.reverse();
            poly(cw, vec![])
        }
        _ if i.is_multiple_of(37) => poly(vec![(x, y), (x + 10.0, y), (x + 20.0, y), (x, y)], vec![]),
        _ => poly(sq, vec![]),
    };
    Some(MultiPolygon(vec![g]))
}

fn write(path: &Path, n: usize) {
    let driver = gdal::DriverManager::get_driver_by_name("GPKG").unwrap();
    let mut ds = driver.create_vector_only(path).unwrap();
    let srs = gdal::spatial_ref::SpatialRef::from_epsg(4526).unwrap();
    let mut tx = ds.start_transaction().unwrap();
    let layer = tx
        .create_layer(LayerOptions {
            name: "stock",
            srs: Some(&srs),
            ty: gdal::vector::OGRwkbGeometryType::wkbMultiPolygon,
            options: None,
        })
        .unwrap();
    let fields = [
        ("DKBH", OGRFieldType::OFTString),
        ("DKMC", OGRFieldType::OFTString),
        ("CLLX", OGRFieldType::OFTString),
        ("GHYT", OGRFieldType::OFTString),
        ("XZQDM", OGRFieldType::OFTString),
        ("ZT", OGRFieldType::OFTString),
        ("MJ", OGRFieldType::OFTReal),
        ("PZWH", OGRFieldType::OFTString),
    ];
    layer.create_defn_fields(&fields).unwrap();
    let kinds = ["闲置土地", "批而未供", "低效用地", "废弃地", "集体建设用地"];
    let uses = ["1001", "0701", "080101", "1101", "0901"];
    for i in 0..n {
        let mut f = gdal::vector::Feature::new(layer.defn()).unwrap();
        if let Some(g) = geometry(i) {
            let g: Geometry = g.to_gdal().unwrap();
            f.set_geometry(g).unwrap();
        }
        let s = |v: String| FieldValue::StringValue(v);
        let id = if i > 0 && i % 61 == 0 {
            format!("P{}", i - 1)
        } else {
            format!("P{i}")
        };
        if i % 73 != 0 {
            f.set_field(0, &s(id)).unwrap();
        }
        f.set_field(1, &s(format!("地块{i}"))).unwrap();
        let kind = if i % 83 == 0 {
            "外星地"
        } else {
            kinds[i % kinds.len()]
        };
        f.set_field(2, &s(kind.into())).unwrap();
        let use_code = if i % 79 == 0 { "9999" } else { uses[i % uses.len()] };
        f.set_field(3, &s(use_code.into())).unwrap();
        // Three real counties in turn: the parcels lie in one outline, so two in three name another county.
        let county = if i % 71 == 0 {
            "火星县"
        } else {
            ["410821", "410822", "410883"][i % 3]
        };
        f.set_field(4, &s(county.into())).unwrap();
        let status = if i % 67 == 0 { "某状态" } else { "可供" };
        f.set_field(5, &s(status.into())).unwrap();
        let mj = if i % 59 == 0 { 1234.0 } else { 900.0 };
        f.set_field(6, &FieldValue::RealValue(mj)).unwrap();
        if i % 3 == 0 {
            f.set_field(7, &s(format!("豫政土〔2020〕{i}号"))).unwrap();
        }
        f.create(&layer).unwrap();
    }
    tx.commit().unwrap();
}

fn read(path: &Path, threads: Threads) -> Loaded {
    read_checked(path, threads, None)
}

fn read_checked(path: &Path, threads: Threads, check: Option<&CountyCheck>) -> Loaded {
    let counties = assets::counties().unwrap();
    let catalog = assets::land_use_catalog().unwrap();
    let mut loaded = read_parcels_split(path, &ReadOptions::default(), &counties, &catalog, check, threads).unwrap();
    // As `read_parcels` does after the split reader.
    report_duplicate_ids(&loaded.parcels, &loaded.fids, &mut loaded.report);
    loaded
}

#[test]
fn two_threads_read_exactly_what_one_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.gpkg");
    // Two batches of the Arrow stream (8 192 rows each), so both the split and the join across batches are used.
    let n = 10_000;
    write(&path, n);
    let one = read(&path, Threads::One);
    // Hand-counted from `geometry` and the attributes above: every kind of problem is present.
    let count = |needle: &str| {
        one.report
            .problems
            .iter()
            .filter(|p| p.message.contains(needle))
            .count()
    };
    assert_eq!(one.report.features_read, n);
    assert_eq!(count("没有几何"), (0..n).filter(|i| i % 101 == 0).count());
    assert!(count("几何已修复") > 0 && count("几何无效") > 0 && count("存量类型无法识别") > 0);
    assert!(count("规划用途代码无法识别") > 0 && count("行政区无法识别") > 0 && count("状态无法识别") > 0);
    assert!(count("缺少地块编号") > 0 && count("重复") > 0 && count("面积属性") > 0);
    for piece_rows in [1, 3_000, 8_192] {
        let split = Threads::Two { piece_rows };
        let two = read(&path, split);
        assert_eq!(two.report.features_read, one.report.features_read, "{split:?}");
        assert_eq!(two.report.problems, one.report.problems, "{split:?}");
        assert_eq!(two.report.notes, one.report.notes, "{split:?}");
        assert_eq!(two.parcels.len(), one.parcels.len(), "{split:?}");
        assert!(two.parcels == one.parcels, "{split:?}: parcels differ");
    }
}

/// The county check made on each parcel as it is read gives what the check over the finished library gives
/// (`CountyBoundaries::check_library`), whatever the split; parcels of a county with no outline are counted.
#[test]
fn the_county_check_while_reading_is_the_check_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("counties.gpkg");
    write(&path, 10_000);
    let bounds = stockfirst::io::county_boundaries::county_boundaries().unwrap();
    let check = bounds.county_check();
    let one = read_checked(&path, Threads::One, Some(&check));
    let after = bounds.check_library(&one.parcels);
    // Two in three of the parcels inside an outline name another county: thousands of findings, not none.
    assert!(after.len() > 1_000, "{} findings", after.len());
    assert_eq!(one.county.mismatches, after);
    let no_outline = one.parcels.iter().filter(|p| bounds.by_id(&p.county).is_none()).count();
    assert_eq!(one.county.unjudged, no_outline);
    for piece_rows in [1, 3_000, 8_192] {
        let split = Threads::Two { piece_rows };
        let two = read_checked(&path, split, Some(&check));
        assert_eq!(two.county, one.county, "{split:?}");
    }
    // Without a check, nothing is said.
    assert!(read(&path, Threads::One).county == Default::default());
}
