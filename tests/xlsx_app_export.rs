//! Issue 11, Excel out from the app: 文件 → 导出报表 writes the 存量地块台账, the quota tables of the last
//! simulation and the 问题列表 as one workbook, a sheet each, with 亩 as numbers. Read back with calamine and
//! compared with what the app holds.

use calamine::{Data, Reader, Xlsx, open_workbook};
use stockfirst::model::Lang;
use stockfirst::ui::{LibrarySource, PathPurpose, StockApp, load_now};

fn float(v: Option<&Data>) -> f64 {
    match v {
        Some(Data::Float(x)) => *x,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn the_app_exports_register_quota_and_problems_to_one_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = StockApp::new(Lang::Zh, dir.path().join("recovery.ron"));
    app.set_library(load_now(&LibrarySource::Sample { parcels: 400, seed: 11 }).unwrap());
    app.doc
        .quota
        .open(std::path::Path::new("sample-data/scenario-2026.ron"))
        .unwrap();
    let path = dir.path().join("报表.xlsx");
    app.run_path_action(PathPurpose::ExportTables, path.clone());
    assert!(path.exists(), "{:?}", app.shell.message);

    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[..4], ["存量地块台账", "台账", "期末余额", "缺口"], "{names:?}");
    assert!(names.last().unwrap().starts_with("问题列表"), "{names:?}");

    let lib = app.library().unwrap();
    let reg = book.worksheet_range("存量地块台账").unwrap();
    assert_eq!(reg.height(), lib.len() + 1);
    for (i, p) in lib.parcels().iter().enumerate() {
        let row = i as u32 + 1;
        assert_eq!(reg.get_value((row, 0)), Some(&Data::String(p.id.clone())));
        assert!((float(reg.get_value((row, 7))) - p.area.mu()).abs() < 1e-9);
    }

    let base = app.doc.quota.base.as_ref().unwrap();
    let ledger = book.worksheet_range("台账").unwrap();
    assert!(!base.ledger.is_empty());
    assert_eq!(ledger.height(), base.ledger.len() + 1);
    for (i, l) in base.ledger.iter().enumerate() {
        assert!((float(ledger.get_value((i as u32 + 1, 5))) - l.mu).abs() < 1e-9);
    }
}
