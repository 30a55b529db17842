//! Issue 11, bad input in an Excel 台账: merged key cells, merged header cells, a number column known only by its
//! content, an empty key, on a sheet that is not the first and with its header on row 1. Each is reported with
//! its sheet, row and column, and every other row still joins. The file is built with rust_xlsxwriter, an
//! independent writer.

use rust_xlsxwriter::{Format, Workbook};
use stockfirst::io::xlsx_register::{RegisterOptions, join, read_register};

/// Sheet “二期”, rows as Excel numbers them:
///  1 header: DKBH | 县区 | 用地规模 | 备注 (merged D1:E1)
///  2 K-1   3–4 K-2 typed once in the merged A3:A4   5 K-3 with 用地规模 “待定”   6 no key   7 K-4
fn write_book(path: &std::path::Path) {
    let mut book = Workbook::new();
    let first = book.add_worksheet();
    first.set_name("说明").unwrap();
    first.write_string(0, 0, "本表为二期台账 / see the next sheet").unwrap();
    let s = book.add_worksheet();
    s.set_name("二期").unwrap();
    let plain = Format::new();
    for (c, h) in ["DKBH", "县区", "用地规模"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.merge_range(0, 3, 0, 4, "备注", &plain).unwrap();
    s.write_string(1, 0, "K-1").unwrap();
    s.merge_range(2, 0, 3, 0, "K-2", &plain).unwrap();
    s.write_string(4, 0, "K-3").unwrap();
    s.write_string(6, 0, "K-4").unwrap();
    for r in 1..=6 {
        s.write_string(r, 1, "武陟县").unwrap();
    }
    // 用地规模 has no number word in its name: it is a number column because its cells are numbers.
    for (r, v) in [(1, 1.5), (2, 2.0), (3, 3.0), (5, 4.0), (6, 5.0)] {
        s.write_number(r, 2, v).unwrap();
    }
    s.write_string(4, 2, "待定").unwrap();
    s.write_string(5, 3, "无编号").unwrap();
    book.save(path).unwrap();
}

fn has(problems: &[String], needles: &[&str]) -> bool {
    problems.iter().any(|p| needles.iter().all(|n| p.contains(n)))
}

#[test]
fn each_bad_cell_is_named_by_sheet_row_and_column_and_the_rest_joins() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("二期台账.xlsx");
    write_book(&path);
    let reg = read_register(
        &path,
        &RegisterOptions {
            sheet: Some("二期".into()),
            key: "地块编号".into(),
        },
    )
    .unwrap();
    assert_eq!((reg.sheet.as_str(), reg.header_row, reg.key_column), ("二期", 1, 0));
    // The header is on row 1: no title rows to mention.
    assert!(!reg.notes.iter().any(|n| n.contains("header found")), "{:?}", reg.notes);
    let problems: Vec<String> = reg.problems.iter().map(|p| p.to_string()).collect();
    let sheet = "工作表 “二期”";
    assert!(
        has(&problems, &[sheet, "D1", "merged header cells D1:E1"]),
        "{problems:#?}"
    );
    assert!(has(&problems, &[sheet, "A3", "merged cells A3:A4"]), "{problems:#?}");
    // The merged key reads as K-2 on row 4 too: the same key twice, and row 3 is the one that joins.
    assert!(
        has(&problems, &[sheet, "A4", "duplicate key “K-2”", "row 3"]),
        "{problems:#?}"
    );
    assert!(has(&problems, &[sheet, "C5", "待定", "用地规模"]), "{problems:#?}");
    assert!(has(&problems, &[sheet, "A6", "empty key"]), "{problems:#?}");
    assert_eq!(problems.len(), 5, "{problems:#?}");
    let keys: Vec<(u32, &str)> = reg.rows.iter().map(|r| (r.row, r.key.as_str())).collect();
    assert_eq!(keys, [(2, "K-1"), (3, "K-2"), (5, "K-3"), (7, "K-4")]);

    let features: Vec<(u64, String)> = ["K-1", "K-2", "K-3", "K-4", "K-9"]
        .iter()
        .enumerate()
        .map(|(i, k)| (i as u64 + 1, k.to_string()))
        .collect();
    let j = join(&reg, &features);
    let matched: Vec<(u32, u64)> = j.matched.iter().map(|m| (m.row, m.fid)).collect();
    assert_eq!(matched, [(2, 1), (3, 2), (5, 3), (7, 4)]);
    assert!(j.rows_without_geometry.is_empty());
    assert_eq!(j.geometry_without_row, [(5, "K-9".to_string())]);
}

#[test]
fn a_sheet_that_is_not_there_is_named_with_the_sheets_that_are() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    write_book(&path);
    let err = read_register(
        &path,
        &RegisterOptions {
            sheet: Some("三期".into()),
            key: "DKBH".into(),
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("三期") && err.contains("二期") && err.contains("说明"),
        "{err}"
    );
}
