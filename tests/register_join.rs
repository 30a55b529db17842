//! Issue 11: a 台账 (.xlsx, no geometry) joins to a shapefile by 电子监管号. The register is built by an independent
//! writer (rust_xlsxwriter) the way registers are made by hand: a title above the header, merged cells, a key
//! typed twice, one left empty, text in the area column, a totals row. Each is reported with sheet, row and
//! column, and the rest joins.

use std::path::{Path, PathBuf};
use std::process::Command;

use gdal::spatial_ref::SpatialRef;
use gdal::vector::{FieldValue, Geometry, LayerAccess, LayerOptions, OGRFieldType, OGRwkbGeometryType};
use gdal::{Dataset, DriverManager};
use rust_xlsxwriter::{Format, Workbook};
use stockfirst::io::xlsx_register::{RegisterOptions, geometry_keys, join, read_register};

/// 电子监管号 of the four features; the register has rows for the first three and one more.
const KEYS: [&str; 4] = [
    "4108212025000000001",
    "4108212025000000002",
    "4108212025000000003",
    "4108212025000000004",
];
const ORPHAN: &str = "4108212025000000099";

/// Four 100 m squares in zone 38 (EPSG:4526), a 批而未供 layer with the national field names.
fn write_shapefile(dir: &Path) -> PathBuf {
    let path = dir.join("XQ_PEWG.shp");
    let drv = DriverManager::get_driver_by_name("ESRI Shapefile").unwrap();
    let mut ds = drv.create_vector_only(&path).unwrap();
    let srs = SpatialRef::from_epsg(4526).unwrap();
    let layer = ds
        .create_layer(LayerOptions {
            name: "XQ_PEWG",
            srs: Some(&srs),
            ty: OGRwkbGeometryType::wkbPolygon,
            options: Some(&["ENCODING=UTF-8"]),
        })
        .unwrap();
    layer
        .create_defn_fields(&[
            ("DZJGH", OGRFieldType::OFTString),
            ("XZQDM", OGRFieldType::OFTString),
            ("YDYHFLDM", OGRFieldType::OFTString),
        ])
        .unwrap();
    for (i, key) in KEYS.iter().enumerate() {
        let x = 38_452_000.0 + 300.0 * i as f64;
        let y = 3_905_000.0;
        let wkt = format!(
            "POLYGON (({x} {y},{} {y},{} {},{x} {},{x} {y}))",
            x + 100.0,
            x + 100.0,
            y + 100.0,
            y + 100.0
        );
        let mut f = gdal::vector::Feature::new(layer.defn()).unwrap();
        f.set_geometry(Geometry::from_wkt(&wkt).unwrap()).unwrap();
        f.set_field(0, &FieldValue::StringValue(key.to_string())).unwrap();
        f.set_field(1, &FieldValue::StringValue("410821".into())).unwrap();
        f.set_field(2, &FieldValue::StringValue("1001".into())).unwrap();
        f.create(&layer).unwrap();
    }
    path
}

/// The register, rows as Excel numbers them (1-based):
///  1 title (merged A1:E1)   2 填报单位   3 header
///  4 key 1, 县区 merged D4:D5   5 key 2   6 key 3, area "约0.9"   7 ORPHAN   8 empty key   9 key 1 again
/// 10 合计   11 key 4 typed as a number (digits lost)
fn write_register(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("批而未供台账").unwrap();
    let plain = Format::new();
    sheet
        .merge_range(0, 0, 0, 4, "焦作市修武县批而未供土地台账（2025年）", &plain)
        .unwrap();
    sheet.write_string(1, 0, "填报单位：修武县自然资源局").unwrap();
    for (c, h) in ["序号", "电子\n监管号", "项目名称", "县区", "批准面积（公顷）"]
        .iter()
        .enumerate()
    {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let rows: [(u32, &str, &str); 4] = [
        (3, KEYS[0], "一号地"),
        (4, KEYS[1], "二号地"),
        (5, KEYS[2], "三号地"),
        (6, ORPHAN, "已撤回"),
    ];
    for (i, (r, key, name)) in rows.iter().enumerate() {
        sheet.write_number(*r, 0, (i + 1) as f64).unwrap();
        sheet.write_string(*r, 1, *key).unwrap();
        sheet.write_string(*r, 2, *name).unwrap();
        if *r != 4 {
            sheet.write_number(*r, 4, 1.0).unwrap();
        }
    }
    sheet.merge_range(3, 3, 4, 3, "修武县", &plain).unwrap();
    sheet.write_string(5, 3, "修武县").unwrap();
    sheet.write_number(4, 4, 1.0).unwrap();
    sheet.write_string(5, 4, "约0.9").unwrap();
    // Row 8: no key.
    sheet.write_number(7, 0, 5.0).unwrap();
    sheet.write_string(7, 2, "无监管号地块").unwrap();
    sheet.write_number(7, 4, 2.0).unwrap();
    // Row 9: key 1 again.
    sheet.write_number(8, 0, 6.0).unwrap();
    sheet.write_string(8, 1, KEYS[0]).unwrap();
    sheet.write_string(8, 2, "一号地（重复录入）").unwrap();
    // Row 10: totals.
    sheet.write_string(9, 0, "合计").unwrap();
    sheet.write_number(9, 4, 5.0).unwrap();
    // Row 11: key 4 typed as a number: Excel keeps 15 digits.
    sheet.write_number(10, 0, 7.0).unwrap();
    sheet.write_number(10, 1, 4108212025000000004.0).unwrap();
    sheet.write_string(10, 2, "四号地").unwrap();
    book.save(path).unwrap();
}

fn has(problems: &[String], needles: &[&str]) -> bool {
    problems.iter().any(|p| needles.iter().all(|n| p.contains(n)))
}

#[test]
fn a_register_joins_to_a_shapefile_and_says_what_did_not() {
    let dir = tempfile::tempdir().unwrap();
    let shp = write_shapefile(dir.path());
    let xlsx = dir.path().join("台账.xlsx");
    write_register(&xlsx);

    let reg = read_register(
        &xlsx,
        &RegisterOptions {
            sheet: None,
            key: "DZJGH".into(),
        },
    )
    .unwrap();
    assert_eq!(reg.sheet, "批而未供台账");
    // The header is found under the title, by the key's Chinese name with a line break in it.
    assert_eq!(reg.header_row, 3);
    assert_eq!(reg.key_column, 1);
    assert!(reg.notes.iter().any(|n| n.contains("row 3")), "{:?}", reg.notes);
    assert!(
        reg.notes.iter().any(|n| n.contains("row 10") && n.contains("totals")),
        "{:?}",
        reg.notes
    );
    let problems: Vec<String> = reg.problems.iter().map(|p| p.to_string()).collect();
    // Each problem names sheet, row and column.
    assert!(
        has(&problems, &["批而未供台账", "D4", "merged cells D4:D5"]),
        "{problems:#?}"
    );
    assert!(has(&problems, &["B8", "empty key"]), "{problems:#?}");
    assert!(has(&problems, &["B9", "duplicate key", "row 4"]), "{problems:#?}");
    assert!(has(&problems, &["E6", "约0.9", "number column"]), "{problems:#?}");
    assert!(has(&problems, &["B11", "15 digits"]), "{problems:#?}");
    assert_eq!(problems.len(), 5, "{problems:#?}");
    // The merged 县区 reads on row 5 as on row 4.
    let row5 = reg.rows.iter().find(|r| r.row == 5).unwrap();
    assert_eq!(row5.cells[3], "修武县");

    let ds = Dataset::open(&shp).unwrap();
    let (field, features) = geometry_keys(&ds, "XQ_PEWG", "电子监管号").unwrap();
    assert_eq!(field, "DZJGH");
    assert_eq!(features.len(), 4);
    let j = join(&reg, &features);
    let matched: Vec<(u32, &str)> = j.matched.iter().map(|m| (m.row, m.key.as_str())).collect();
    assert_eq!(matched, vec![(4, KEYS[0]), (5, KEYS[1]), (6, KEYS[2])]);
    // The orphan row and the number-typed key (its digits lost) have no geometry; feature 4 has no row.
    let orphan_rows: Vec<u32> = j.rows_without_geometry.iter().map(|(r, _)| *r).collect();
    assert_eq!(orphan_rows, vec![7, 11]);
    assert_eq!(j.geometry_without_row.len(), 1);
    assert_eq!(j.geometry_without_row[0].1, KEYS[3]);
}

#[test]
fn info_joins_a_register_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let shp = write_shapefile(dir.path());
    let xlsx = dir.path().join("台账.xlsx");
    write_register(&xlsx);
    let out = Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args([
            "info",
            shp.to_str().unwrap(),
            "--join",
            xlsx.to_str().unwrap(),
            "--key",
            "电子监管号",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let j = &v["join"];
    assert_eq!(j["matched"].as_u64(), Some(3), "{j}");
    assert_eq!(j["features"].as_u64(), Some(4), "{j}");
    assert_eq!(j["rows_without_geometry"].as_array().unwrap().len(), 2, "{j}");
    assert_eq!(j["geometry_without_row"][0][1].as_str(), Some(KEYS[3]), "{j}");
    assert_eq!(j["problems"].as_array().unwrap().len(), 5, "{j}");
    // A key the register does not have is refused with the sheet and the names tried.
    let out = Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args([
            "info",
            shp.to_str().unwrap(),
            "--join",
            xlsx.to_str().unwrap(),
            "--key",
            "宗地号",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("批而未供台账") && err.contains("宗地号"), "{err}");
}
