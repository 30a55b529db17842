//! Issue 11, nothing dropped between the file and the screen: the app keeps the load report and shows it as
//! 问题列表 (skipped, repaired and area-mismatch features with FID and 地块编号), a row's 定位 zooms to the feature,
//! and the list exports as CSV (BOM) and XLSX. A footprint TXT's warnings reach the officer on import.

use calamine::{Reader, Xlsx};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use serde_json::json;
use stockfirst::model::Lang;
use stockfirst::ui::{LibrarySource, PathPurpose, StockApp, load_now};

fn harness(app: StockApp) -> Harness<'static, StockApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app)
}

fn square(x: f64, y: f64, side: f64) -> serde_json::Value {
    json!({"type": "Polygon", "coordinates": [[[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]]})
}

/// Five features in EPSG:4526: a good one, a bow-tie (repaired), one without geometry and one of an unknown kind
/// (both skipped), and one whose stated 面积（亩） is twice its drawn 15 亩 (100 m × 100 m = 10 000 m² × 0.0015).
fn library_with_problems(dir: &std::path::Path) -> std::path::PathBuf {
    let feature = |id: i64, dkbh: &str, kind: &str, mu: Option<f64>, geometry: serde_json::Value| {
        json!({"type": "Feature", "id": id,
               "properties": {"DKBH": dkbh, "CLLX": kind, "GHYT": "1001", "XZQDM": "410821", "面积（亩）": mu},
               "geometry": geometry})
    };
    let bowtie = json!({"type": "Polygon", "coordinates": [[[38452500.0, 3905000.0], [38452600.0, 3905100.0],
        [38452600.0, 3905000.0], [38452500.0, 3905100.0], [38452500.0, 3905000.0]]]});
    let fc = json!({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4526"}},
        "features": [
            feature(1, "410821-XZ-1", "闲置土地", Some(15.0), square(38452000.0, 3905000.0, 100.0)),
            feature(2, "410821-XZ-bowtie", "闲置土地", None, bowtie),
            feature(3, "410821-XZ-nogeom", "闲置土地", None, serde_json::Value::Null),
            feature(4, "410821-XZ-odd", "什么地", None, square(38453000.0, 3905000.0, 100.0)),
            feature(5, "410821-XZ-big", "闲置土地", Some(30.0), square(38454000.0, 3905000.0, 100.0)),
        ],
    });
    let path = dir.join("problems.geojson");
    std::fs::write(&path, serde_json::to_string_pretty(&fc).unwrap()).unwrap();
    path
}

#[test]
fn the_problems_panel_lists_zooms_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let src = library_with_problems(dir.path());
    let mut app = StockApp::new(Lang::Zh, dir.path().join("recovery.ron"));
    app.set_library(load_now(&LibrarySource::Path(src.clone())).unwrap());
    let mut h = harness(app);
    h.run_steps(3);
    // Three of five features loaded: the no-geometry one and the unknown kind are left out.
    assert_eq!(h.state().library().map(|l| l.len()), Some(3));
    h.get_by_label_contains("条载入问题");

    h.get_by_label("视图").click();
    h.run_steps(2);
    h.get_by_label("问题列表").click();
    h.run_steps(3);
    assert!(h.state().problems.open);
    // The skipped ones appear only here; the loaded ones also in the 台账 drawer.
    for id in ["410821-XZ-nogeom", "410821-XZ-odd"] {
        h.get_by_label(id);
    }
    for id in ["410821-XZ-bowtie", "410821-XZ-big"] {
        assert!(h.get_all_by_label(id).count() >= 2, "{id} in the list and the ledger");
    }
    h.get_by_label("已修复");
    assert_eq!(h.get_all_by_label("已跳过").count(), 2);
    h.get_by_label("面积不符");

    // 定位 only on loaded features: the bow-tie (FID 2) comes first.
    let buttons: Vec<_> = h.get_all_by_label("定位").collect();
    assert_eq!(buttons.len(), 2, "bow-tie and the area mismatch");
    buttons[0].click();
    h.run_steps(3);
    let lib = h.state().library().unwrap();
    let bowtie = lib.index_of("410821-XZ-bowtie").unwrap();
    assert_eq!(h.state().map.selected, Some(bowtie));

    // CSV with a BOM, and XLSX, both with every row.
    let base = dir.path().join("problems-out.csv");
    h.state_mut().problems.export_path = base.display().to_string();
    h.run_steps(1);
    h.get_by_label("导出 CSV").click();
    h.run_steps(2);
    h.get_by_label("导出 XLSX").click();
    h.run_steps(2);
    let csv = std::fs::read_to_string(&base).unwrap();
    assert!(csv.starts_with('\u{feff}'), "BOM");
    assert!(csv.contains("已跳过,3,410821-XZ-nogeom,"), "{csv}");
    assert!(csv.contains("已修复,2,410821-XZ-bowtie,"), "{csv}");
    let mut book: Xlsx<_> = calamine::open_workbook(dir.path().join("problems-out.xlsx")).unwrap();
    let range = book.worksheet_range("问题列表").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][..3], ["处理", "FID", "地块编号"]);
    assert!(
        rows.iter().any(|r| r[..3] == ["面积不符", "", "410821-XZ-big"]),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|r| r[..3] == ["已跳过", "4", "410821-XZ-odd"]),
        "{rows:?}"
    );
}

#[test]
fn footprint_txt_warnings_reach_the_officer() {
    let dir = tempfile::tempdir().unwrap();
    let app = StockApp::new(Lang::Zh, dir.path().join("recovery.ron"));
    let mut h = harness(app);
    h.state_mut()
        .set_library(load_now(&LibrarySource::Sample { parcels: 200, seed: 3 }).unwrap());
    h.run_steps(2);
    let txt = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad/txt_unclosed_ring.txt");
    h.state_mut().run_path_action(PathPurpose::ImportFootprint, txt);
    h.run_steps(3);
    let warnings = h.state().problems.footprint_warnings.clone();
    assert!(!warnings.is_empty(), "the unclosed ring is closed with a warning");
    assert!(h.state().problems.open);
    assert!(warnings[0].contains("txt_unclosed_ring.txt:10:"), "{warnings:?}");
    assert!(
        h.get_all_by_label_contains(&warnings[0]).count() >= 1,
        "shown in the list"
    );
}
