//! The desktop app driven through egui_kittest by its accessible labels: load, sketch, language, save/reopen/recover.

use egui::{Event, Key, Modifiers, PointerButton, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stockfirst::model::Lang;
use stockfirst::ui::PathPurpose;
use stockfirst::ui::StockApp;
use stockfirst::ui::{LibrarySource, load_now};

fn harness(app: StockApp) -> Harness<'static, StockApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app)
}

fn app_with_sample(dir: &std::path::Path) -> StockApp {
    let mut app = StockApp::new(Lang::Zh, dir.join("recovery.ron"));
    app.set_library(load_now(&LibrarySource::Sample { parcels: 400, seed: 11 }).unwrap());
    app
}

fn click_at(h: &mut Harness<'_, StockApp>, p: Pos2) {
    h.event(Event::PointerMoved(p));
    h.event(Event::PointerButton {
        pos: p,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.step();
    h.event(Event::PointerButton {
        pos: p,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.step();
    // Past the double-click window, so the next click is a single one.
    for _ in 0..25 {
        h.step();
    }
}

/// Sketches a square of `half` points around the map centre and finishes it with Enter; returns the corners.
fn sketch_square(h: &mut Harness<'_, StockApp>, half: f32) -> Vec<Pos2> {
    h.get_by_label("绘制项目用地").click();
    h.run_steps(3);
    h.state_mut().map.snap = false;
    let c = h.state().map.rect.center();
    let corners = vec![
        pos2(c.x - half, c.y - half),
        pos2(c.x + half, c.y - half),
        pos2(c.x + half, c.y + half),
        pos2(c.x - half, c.y + half),
    ];
    for p in &corners {
        click_at(h, *p);
    }
    h.key_press(Key::Enter);
    h.run_steps(2);
    corners
}

#[test]
fn loads_the_sample_library_and_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_with_sample(dir.path()));
    h.run_steps(3);
    assert_eq!(h.state().library().map(|l| l.len()), Some(400));
    // The legend summary and the ledger's statistics row name the parcel count.
    h.get_by_label_contains("存量合计: 400");
    h.get_by_label_contains("合计: 400 宗 ·");
    assert!(h.state().map.drawn > 0, "parcels drawn");
}

#[test]
fn background_load_shows_progress_then_the_library() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = StockApp::new(Lang::Zh, dir.path().join("r.ron"));
    app.start_load(LibrarySource::Sample { parcels: 300, seed: 3 });
    let mut h = harness(app);
    let start = std::time::Instant::now();
    while h.state().library().is_none() && start.elapsed().as_secs() < 60 {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(h.state().library().map(|l| l.len()), Some(300));
}

#[test]
fn sketch_a_footprint_with_pointer_events() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_with_sample(dir.path()));
    h.run_steps(3);
    let corners = sketch_square(&mut h, 50.0);
    let app = h.state();
    assert_eq!(app.doc.footprint.vertices.len(), 4, "{:?}", app.doc.footprint.vertices);
    assert!(app.doc.footprint.closed);
    // 100 × 100 points at px_per_m points per metre: (100 / px_per_m)² m².
    let side_m = 100.0 / app.map.view.px_per_m;
    let expected = side_m * side_m;
    assert!(
        (app.doc.footprint.area().m2() - expected).abs() / expected < 1e-3,
        "{} vs {expected}",
        app.doc.footprint.area().m2()
    );
    // Screen corners map back to the sketch's world vertices.
    let tf = app.map.transform();
    let back = tf.to_screen(app.doc.footprint.vertices[0]);
    assert!((back - corners[0]).length() < 0.5);
    // The live area shows in 亩 in the 项目 tab.
    h.get_by_label_contains("草图面积:");
    // Backspace removes a vertex, undo brings it back.
    h.key_press(Key::Backspace);
    h.run_steps(2);
    assert_eq!(h.state().doc.footprint.vertices.len(), 3);
    h.get_by_label("撤销").click();
    h.run_steps(2);
    assert_eq!(h.state().doc.footprint.vertices.len(), 4);
}

#[test]
fn draw_to_a_target_area() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_with_sample(dir.path()));
    h.run_steps(3);
    h.state_mut().shell.target_mu = 120.0;
    h.get_by_label("画矩形").click();
    h.run_steps(2);
    // Clause-free arithmetic: 120 亩 = 80 000 m².
    assert!((h.state().doc.footprint.area().m2() - 80_000.0).abs() < 1e-6);
    h.state_mut().shell.target_mu = 30.0;
    h.get_by_label("缩放草图").click();
    h.run_steps(2);
    // Scaling is exact up to f64 rounding at zone-prefixed eastings (~1e-8 m per coordinate).
    assert!((h.state().doc.footprint.area().mu() - 30.0).abs() < 1e-6);
}

#[test]
fn switch_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_with_sample(dir.path()));
    h.run_steps(2);
    h.get_by_label("文件");
    h.get_by_label("English").click();
    h.run_steps(2);
    assert_eq!(h.state().lang, Lang::En);
    h.get_by_label("File");
    h.get_by_label("Candidates");
    h.get_by_label("中文").click();
    h.run_steps(2);
    assert_eq!(h.state().lang, Lang::Zh);
    h.get_by_label("候选");
}

#[test]
fn save_reopen_and_recover_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_with_sample(dir.path()));
    h.run_steps(3);
    sketch_square(&mut h, 40.0);
    let sketch = h.state().doc.footprint.vertices.clone();
    let path = dir.path().join("p.ron");
    h.state_mut().doc.brief.name = "测试项目".into();
    // Through the menu and the dialog's path field (no desktop portal needed).
    h.get_by_label("文件").click();
    h.run_steps(2);
    h.get_by_label("项目另存为…").click();
    h.run_steps(2);
    h.get_by_label("文件路径").focus();
    h.run_steps(1);
    h.get_by_label("文件路径").type_text(&path.display().to_string());
    h.run_steps(1);
    h.get_by_label("保存").click();
    h.run_steps(2);
    assert!(path.is_file(), "{:?}", h.state().shell.message);
    assert!(h.state().shell.dialog.is_none());

    // Reopen in a fresh app.
    let mut other = StockApp::new(Lang::Zh, dir.path().join("other-recovery.ron"));
    other.open_project(&path).unwrap();
    assert_eq!(other.doc.footprint.vertices, sketch);
    assert_eq!(other.doc.brief.name, "测试项目");

    // Recover: an autosave is offered at the next start and restores the sketch.
    h.state_mut().doc.footprint.pop();
    h.state_mut().edited();
    h.state().write_recovery().unwrap();
    let recovery = dir.path().join("recovery.ron");
    assert!(recovery.is_file());
    let mut h2 = harness(StockApp::new(Lang::Zh, recovery.clone()));
    h2.run_steps(2);
    assert!(h2.state().shell.recovery_offer.is_some());
    h2.get_by_label("恢复").click();
    h2.run_steps(2);
    assert_eq!(h2.state().doc.footprint.vertices.len(), 3);
    assert!(h2.state().shell.recovery_offer.is_none());
}

#[test]
fn export_and_reimport_the_footprint_as_boundary_txt() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = StockApp::new(Lang::Zh, dir.path().join("r.ron"));
    let ring = stockfirst::ui::rectangle_of_area(
        geo::Coord {
            x: 38_420_000.0,
            y: 3_890_000.0,
        },
        stockfirst::model::Area::from_mu(30.0),
        2.0,
    );
    app.doc.footprint.set(ring, true);
    let txt = dir.path().join("footprint.txt");
    app.run_path_action(PathPurpose::ExportSketch, txt.clone());
    assert!(txt.is_file(), "{:?}", app.shell.message);
    let geojson = dir.path().join("footprint.geojson");
    app.run_path_action(PathPurpose::ExportSketch, geojson.clone());
    assert!(std::fs::read_to_string(&geojson).unwrap().contains("Polygon"));

    // Shapefile through GDAL; reading it back gives the same 30 亩.
    let shp = dir.path().join("footprint.shp");
    app.run_path_action(PathPurpose::ExportSketch, shp.clone());
    assert!(shp.is_file(), "{:?}", app.shell.message);
    let mut from_shp = StockApp::new(Lang::Zh, dir.path().join("r3.ron"));
    from_shp.run_path_action(PathPurpose::ImportFootprint, shp);
    assert!(
        (from_shp.doc.footprint.area().m2() - 20_000.0).abs() < 0.01,
        "{:?}",
        from_shp.shell.message
    );

    let mut other = StockApp::new(Lang::Zh, dir.path().join("r2.ron"));
    other.run_path_action(PathPurpose::ImportFootprint, txt);
    // 30 亩 = 20 000 m²; TXT keeps millimetres, so the area survives to well under 0.01 m².
    assert!(
        (other.doc.footprint.area().m2() - 20_000.0).abs() < 0.01,
        "{:?} {:?}",
        other.doc.footprint.area(),
        other.shell.message
    );
    assert!(other.doc.footprint.closed);
}

#[test]
fn ledger_selects_a_row_and_writes_a_status_change_back_to_the_geopackage() {
    let dir = tempfile::tempdir().unwrap();
    let gpkg = dir.path().join("stock.gpkg");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/sample-data/jiaozuo-stock-sample.gpkg"),
        &gpkg,
    )
    .unwrap();
    let mut app = StockApp::new(Lang::Zh, dir.path().join("r.ron"));
    app.set_library(load_now(&LibrarySource::Path(gpkg.clone())).unwrap());
    let mut h = harness(app);
    h.run_steps(3);
    // Search by number, then click the row: it becomes the map's selection.
    let first_id = h.state().library().unwrap().parcels()[0].id.clone();
    h.get_by_label("按编号搜索").focus();
    h.run_steps(1);
    h.get_by_label("按编号搜索").type_text(&first_id);
    h.run_steps(3);
    assert_eq!(h.state().register.rows().len(), 1);
    h.get_by_label(&first_id).click();
    h.run_steps(3);
    let idx = h.state().library().unwrap().index_of(&first_id).unwrap();
    assert_eq!(h.state().map.selected, Some(idx));
    // Change its status to 已对接 with a note.
    h.get_by_label("备注").focus();
    h.run_steps(1);
    h.get_by_label("备注").type_text("已与企业对接");
    h.run_steps(1);
    h.get_by_label("应用").click();
    h.run_steps(3);
    let app = h.state();
    assert_eq!(
        app.library().unwrap().parcel(idx).unwrap().status,
        stockfirst::model::ParcelStatus::Engaged,
        "{:?}",
        app.shell.message
    );
    assert_eq!(app.doc.audit.len(), 1, "{:?}", app.shell.message);
    assert_eq!(app.doc.audit[0].note, "已与企业对接");
    // Written back: a fresh load of the file sees it, and the GeoPackage's audit table has the line.
    let again = stockfirst::io::load_library(&gpkg).unwrap();
    let i = again.index_of(&first_id).unwrap();
    assert_eq!(
        again.parcel(i).unwrap().status,
        stockfirst::model::ParcelStatus::Engaged
    );
    assert_eq!(stockfirst::io::gpkg_status::read_audit(&gpkg).unwrap().len(), 1);
}

#[test]
fn candidates_update_from_the_sketch_then_pick_one_and_add_it_to_the_quota_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_sample(dir.path());
    // Zoom onto the largest parcel so the pointer sketch lands on stock.
    let lib = app.library().unwrap();
    let big = (0..lib.len() as u32).max_by(|&a, &b| {
        lib.parcel(a)
            .unwrap()
            .area
            .m2()
            .total_cmp(&lib.parcel(b).unwrap().area.m2())
    });
    app.select_parcel(big.unwrap(), true);
    app.map.selected = None;
    let mut h = harness(app);
    h.run_steps(3);
    sketch_square(&mut h, 60.0);
    // Matching runs off the UI thread after the debounce; the frames keep coming meanwhile.
    assert!(h.state_mut().wait_for_match(std::time::Duration::from_secs(20)));
    h.run_steps(2);
    h.get_by_label("候选").click();
    h.run_steps(3);
    let n = h.state().match_result().unwrap().candidates.len();
    assert!(n > 0, "candidates for a footprint on stock");
    let overlay = h.state().match_result().unwrap().overlay.clone().unwrap();
    assert!(!overlay.hits.is_empty(), "the footprint lies on the largest parcel");
    h.get_by_label("#1");
    // Pick the first candidate.
    h.get_all_by_label("选用").next().unwrap().click();
    h.run_steps(3);
    let chosen = h.state().chosen().cloned().expect("a chosen candidate");
    assert!(h.state().candidate_highlights().iter().any(|c| c.chosen));
    // 指标: add the project; its new land is the chosen candidate's shortfall as the core reports it.
    h.get_by_label("指标").click();
    h.run_steps(3);
    assert!(
        h.state().doc.quota.scenario.is_some(),
        "sample scenario opened: {:?}",
        h.state().doc.quota.error
    );
    h.get_by_label("加入本项目").click();
    h.run_steps(3);
    let app = h.state();
    let (variant, _) = app.doc.quota.with_project.as_ref().expect("simulated with the project");
    let added = variant.projects.last().unwrap();
    assert!((added.new_land_mu - chosen.size.shortfall.mu()).abs() < 1e-9);
    h.get_by_label("下一年度县区计划指标");
    // The decision draft and the CSV export carry the answer.
    let html = dir.path().join("draft.html");
    let csv = dir.path().join("cands.csv");
    h.state_mut().run_path_action(PathPurpose::ExportHtml, html.clone());
    h.state_mut().run_path_action(PathPurpose::ExportCsv, csv.clone());
    let page = std::fs::read_to_string(&html).unwrap();
    // `STOCKFIRST_KEEP_DRAFT=/tmp/draft.html` keeps a copy to look at.
    if let Ok(keep) = std::env::var("STOCKFIRST_KEEP_DRAFT") {
        std::fs::copy(&html, keep).unwrap();
    }
    assert!(page.contains("<svg") && page.contains(&chosen.ids[0]));
    let rows = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(rows.lines().count(), n + 1, "header + one line per candidate");
}

fn drag(h: &mut Harness<'_, StockApp>, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    h.step();
    h.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.step();
    for k in 1..=5 {
        let t = k as f32 / 5.0;
        h.event(Event::PointerMoved(from + (to - from) * t));
        h.step();
    }
    h.event(Event::PointerButton {
        pos: to,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.step();
    for _ in 0..25 {
        h.step();
    }
}

#[test]
fn drag_a_vertex_and_insert_one_on_an_edge() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_with_sample(dir.path()));
    h.run_steps(3);
    let corners = sketch_square(&mut h, 50.0);
    let area_before = h.state().doc.footprint.area().m2();
    // Drag the first corner 30 points left: the square grows by a triangle of 30 × 100 / 2 points².
    drag(&mut h, corners[0], corners[0] + egui::vec2(-30.0, 0.0));
    let app = h.state();
    assert_eq!(app.doc.footprint.vertices.len(), 4);
    let tf = app.map.transform();
    let moved = tf.to_screen(app.doc.footprint.vertices[0]);
    assert!(
        (moved - (corners[0] + egui::vec2(-30.0, 0.0))).length() < 1.0,
        "{moved:?}"
    );
    let px2 = (1.0 / app.map.view.px_per_m).powi(2);
    let expected = area_before + 30.0 * 100.0 / 2.0 * px2;
    assert!((app.doc.footprint.area().m2() - expected).abs() / expected < 1e-3);
    // Dragging from the middle of the east edge inserts a vertex there and moves it out.
    let mid = corners[1] + (corners[2] - corners[1]) * 0.5;
    drag(&mut h, mid, mid + egui::vec2(40.0, 0.0));
    assert_eq!(h.state().doc.footprint.vertices.len(), 5);
    // Undo twice restores the square.
    h.get_by_label("撤销").click();
    h.run_steps(2);
    h.get_by_label("撤销").click();
    h.run_steps(2);
    assert!((h.state().doc.footprint.area().m2() - area_before).abs() / area_before < 1e-6);
}

#[test]
fn edit_the_scenario_and_the_balances_follow() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_with_sample(dir.path()));
    h.run_steps(2);
    h.get_by_label("指标").click();
    h.run_steps(2);
    h.get_by_label("编辑情景").click();
    h.run_steps(3);
    h.get_by_label("修武县 计划指标 (亩)").set_value_accesskit(999.0);
    h.run_steps(3);
    let q = &h.state().doc.quota;
    let sc = q.scenario.as_ref().unwrap();
    assert_eq!(
        sc.counties.iter().find(|c| c.county == "410821").unwrap().plan_quota_mu,
        999.0
    );
    // The re-simulated baseline opens 修武县's plan account at the edited 999 亩.
    let acc = q
        .base
        .as_ref()
        .unwrap()
        .account(stockfirst::quota::PoolId::CountyPlan, Some("410821"))
        .unwrap();
    assert_eq!(acc.opening, 999.0);
}

#[test]
fn unsaved_edits_are_autosaved_to_the_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_sample(dir.path());
    app.autosave_every = std::time::Duration::ZERO;
    let mut h = harness(app);
    h.run_steps(2);
    let recovery = dir.path().join("recovery.ron");
    assert!(!recovery.exists(), "nothing to save yet");
    h.state_mut().shell.target_mu = 45.0;
    h.get_by_label("画矩形").click();
    h.run_steps(3);
    assert!(recovery.is_file(), "autosaved after the edit");
    let saved = stockfirst::ui::read_project_file(&recovery).unwrap();
    assert_eq!(saved.footprint.len(), 4);
    // Saving the project clears the recovery file.
    let path = dir.path().join("p.ron");
    h.state_mut().run_path_action(PathPurpose::SaveProject, path);
    assert!(!recovery.exists());
}

#[test]
fn double_click_finishes_and_escape_cancels() {
    let dir = tempfile::tempdir().unwrap();
    // Real frames are ~16 ms apart; kittest's default 0.25 s step would put two clicks outside egui's 0.3 s window.
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app_with_sample(dir.path()));
    h.run_steps(3);
    h.get_by_label("绘制项目用地").click();
    h.run_steps(3);
    h.state_mut().map.snap = false;
    let c = h.state().map.rect.center();
    for p in [
        pos2(c.x - 40.0, c.y - 40.0),
        pos2(c.x + 40.0, c.y - 40.0),
        pos2(c.x + 40.0, c.y + 40.0),
    ] {
        click_at(&mut h, p);
    }
    // Double-click the fourth corner: its first click adds it, the second finishes.
    let last = pos2(c.x - 40.0, c.y + 40.0);
    h.event(Event::PointerMoved(last));
    for pressed in [true, false, true, false] {
        h.event(Event::PointerButton {
            pos: last,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    h.run_steps(2);
    assert_eq!(
        h.state().doc.footprint.vertices.len(),
        4,
        "{:?}",
        h.state().doc.footprint.vertices
    );
    assert!(h.state().doc.footprint.closed);
    // A new open sketch is cancelled by Esc.
    click_at(&mut h, pos2(c.x + 100.0, c.y));
    click_at(&mut h, pos2(c.x + 150.0, c.y));
    assert!(!h.state().doc.footprint.closed);
    h.key_press(Key::Escape);
    h.run_steps(2);
    assert!(h.state().doc.footprint.vertices.is_empty());
}

/// Issue 6: a broken library and a broken project file each give a clear message naming the file, and the app keeps
/// its library, its sketch and its controls.
#[test]
fn stays_usable_after_a_broken_library_and_a_broken_project() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app_with_sample(dir.path()));
    h.run_steps(3);
    sketch_square(&mut h, 40.0);
    let parcels = h.state().library().unwrap().len();
    let sketch = h.state().doc.footprint.vertices.clone();

    // A GeoPackage cut off after 3 000 bytes.
    let whole = std::fs::read("sample-data/jiaozuo-stock-sample.gpkg").unwrap();
    let bad = dir.path().join("truncated.gpkg");
    std::fs::write(&bad, &whole[..3000]).unwrap();
    h.state_mut().start_load(LibrarySource::Path(bad.clone()));
    for _ in 0..200 {
        h.run_steps(1);
        if h.state().shell.load_error.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let err = h.state().shell.load_error.clone().expect("the load reports an error");
    assert!(err.contains("truncated.gpkg"), "{err}");
    assert_eq!(h.state().library().unwrap().len(), parcels, "the open library stays");
    assert_eq!(h.state().doc.footprint.vertices, sketch, "the sketch stays");

    // A project file with a wrong type.
    let bad_project = dir.path().join("bad.ron");
    std::fs::write(&bad_project, "ProjectFile(version: \"one\")").unwrap();
    let e = format!("{:#}", h.state_mut().open_project(&bad_project).unwrap_err());
    assert!(e.contains("bad.ron"), "{e}");
    assert_eq!(h.state().doc.footprint.vertices, sketch);

    // Still usable: the language switch and the candidates tab answer.
    h.get_by_label("English").click();
    h.run_steps(3);
    assert_eq!(h.state().lang, Lang::En);
    h.get_by_label("Candidates").click();
    h.run_steps(3);
}

/// The 台账 asks the core which status changes are allowed: a supplied parcel does not go back to 可供 (the Apply
/// button is disabled and says why, and a direct call is refused), unless recorded as a correction with its reason.
#[test]
fn supplied_parcel_goes_back_only_as_a_correction() {
    use stockfirst::model::ParcelStatus;
    use stockfirst::ui::PendingStatus;
    let dir = tempfile::tempdir().unwrap();
    let gpkg = dir.path().join("stock.gpkg");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/sample-data/jiaozuo-stock-sample.gpkg"),
        &gpkg,
    )
    .unwrap();
    let mut app = StockApp::new(Lang::Zh, dir.path().join("r.ron"));
    app.set_library(load_now(&LibrarySource::Path(gpkg.clone())).unwrap());
    let idx = 0;
    let change = |to, note: &str, correction| PendingStatus {
        parcel: idx,
        to,
        note: note.into(),
        correction,
    };
    // Forward steps need no note.
    assert!(app.change_status(&change(ParcelStatus::ToBeSupplied, "", false)));
    assert!(app.change_status(&change(ParcelStatus::Supplied, "", false)));
    // Back to 可供 without a correction: refused, nothing changes, the reason is shown.
    assert!(!app.change_status(&change(ParcelStatus::Available, "合同解除", false)));
    assert_eq!(
        app.library().unwrap().parcel(idx).unwrap().status,
        ParcelStatus::Supplied
    );
    assert_eq!(app.doc.audit.len(), 2);
    assert!(
        app.shell.message.as_deref().unwrap_or("").contains("更正"),
        "{:?}",
        app.shell.message
    );

    // In the drawer: select the parcel, pick 可供; Apply stays disabled until 更正 is ticked and a note given.
    let id = app.library().unwrap().parcel(idx).unwrap().id.clone();
    app.select_parcel(idx, false);
    app.register.new_status = ParcelStatus::Available;
    let mut h = harness(app);
    h.run_steps(3);
    {
        use egui_kittest::kittest::NodeT;
        assert!(
            h.get_by_label("应用").accesskit_node().is_disabled(),
            "a refused change cannot be applied"
        );
    }
    h.get_by_label("更正").click();
    h.run_steps(2);
    h.get_by_label("备注").focus();
    h.run_steps(1);
    h.get_by_label("备注").type_text("误录为已供应");
    h.run_steps(2);
    h.get_by_label("应用").click();
    h.run_steps(3);
    let app = h.state();
    assert_eq!(
        app.library().unwrap().parcel(idx).unwrap().status,
        ParcelStatus::Available,
        "{:?}",
        app.shell.message
    );
    let last = app.doc.audit.last().unwrap();
    assert!(last.correction && last.note == "误录为已供应" && last.parcel == id);
    // The GeoPackage has the three changes in its audit table.
    assert_eq!(stockfirst::io::gpkg_status::read_audit(&gpkg).unwrap().len(), 3);
}

/// A GeoPackage of control layers covering `r` (EPSG:4526): one 旱地 图斑 (KCXS 0.1) in DLTB and one
/// 永久基本农田 图斑 (no KCXS) in YJJBNTBHTB, both over the whole rectangle.
fn controls_gpkg(path: &std::path::Path, r: geo::Rect<f64>) {
    use gdal::vector::{FieldValue, LayerAccess, LayerOptions, OGRFieldType, ToGdal};
    let mut ds = gdal::DriverManager::get_driver_by_name("GPKG")
        .unwrap()
        .create_vector_only(path)
        .unwrap();
    let mut srs = gdal::spatial_ref::SpatialRef::from_epsg(4526).unwrap();
    srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
    let poly = geo::MultiPolygon(vec![r.to_polygon()]);
    type Fields = Vec<(&'static str, OGRFieldType::Type, FieldValue)>;
    let layers: [(&str, Fields); 2] = [
        (
            "DLTB",
            vec![
                ("BSM", OGRFieldType::OFTString, FieldValue::StringValue("T1".into())),
                ("DLBM", OGRFieldType::OFTString, FieldValue::StringValue("0103".into())),
                ("DLMC", OGRFieldType::OFTString, FieldValue::StringValue("旱地".into())),
                ("KCXS", OGRFieldType::OFTReal, FieldValue::RealValue(0.1)),
                ("QSXZ", OGRFieldType::OFTString, FieldValue::StringValue("30".into())),
            ],
        ),
        (
            "YJJBNTBHTB",
            vec![
                (
                    "YJJBNTTBBH",
                    OGRFieldType::OFTString,
                    FieldValue::StringValue("J1".into()),
                ),
                ("DLBM", OGRFieldType::OFTString, FieldValue::StringValue("0103".into())),
            ],
        ),
    ];
    for (name, fields) in layers {
        let layer = ds
            .create_layer(LayerOptions {
                name,
                srs: Some(&srs),
                ty: gdal::vector::OGRwkbGeometryType::wkbMultiPolygon,
                options: None,
            })
            .unwrap();
        let defs: Vec<(&str, OGRFieldType::Type)> = fields.iter().map(|(n, t, _)| (*n, *t)).collect();
        layer.create_defn_fields(&defs).unwrap();
        let mut f = gdal::vector::Feature::new(layer.defn()).unwrap();
        f.set_geometry(poly.to_gdal().unwrap()).unwrap();
        for (i, (_, _, v)) in fields.iter().enumerate() {
            f.set_field(i, v).unwrap();
        }
        f.create(&layer).unwrap();
    }
}

/// Issue 10 in the app: control layers opened (off the UI thread), listed with a toggle, drawn; a footprint on
/// 永久基本农田 gets its blocking finding in the 合规性审查 section; 加入本项目 takes the increment's cultivated 亩
/// from the overlay, and an override shows both numbers and reaches the draft.
#[test]
fn control_layers_review_and_the_cultivated_override() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_sample(dir.path());
    let lib = app.library().unwrap();
    let ext = lib.extent().unwrap();
    let big = (0..lib.len() as u32).max_by(|&a, &b| {
        lib.parcel(a)
            .unwrap()
            .area
            .m2()
            .total_cmp(&lib.parcel(b).unwrap().area.m2())
    });
    let grow = 2_000.0;
    let cover = geo::Rect::new(
        geo::coord! { x: ext.min().x - grow, y: ext.min().y - grow },
        geo::coord! { x: ext.max().x + grow, y: ext.max().y + grow },
    );
    let gpkg = dir.path().join("controls.gpkg");
    controls_gpkg(&gpkg, cover);
    app.select_parcel(big.unwrap(), true);
    app.map.selected = None;
    // 文件 → 打开管控图层: read on a worker thread.
    app.run_path_action(PathPurpose::OpenControls, gpkg.clone());
    assert!(app.wait_for_controls(std::time::Duration::from_secs(30)));
    assert!(app.controls_work.error.is_none(), "{:?}", app.controls_work.error);
    let mut h = harness(app);
    h.run_steps(3);
    // The layers panel lists both layers with a toggle each.
    h.get_by_label_contains("地类图斑 (");
    h.get_by_label_contains("永久基本农田 (").click();
    h.run_steps(2);
    assert_eq!(
        h.state().doc.controls.visible,
        vec![true, false],
        "the toggle hides the farmland layer"
    );
    h.get_by_label_contains("永久基本农田 (").click();
    h.run_steps(2);
    assert_eq!(h.state().doc.controls.visible, vec![true, true]);
    h.get_by_label("合规性审查");
    // A footprint partly off stock, all of it on 旱地 and 永久基本农田.
    sketch_square(&mut h, 250.0);
    assert!(h.state_mut().wait_for_controls(std::time::Duration::from_secs(30)));
    assert!(h.state_mut().wait_for_match(std::time::Duration::from_secs(30)));
    h.run_steps(3);
    let fp_mu = h.state().doc.footprint.area().mu();
    let a = h.state().controls_work.answer.as_ref().expect("reviewed");
    let r = &a.footprint_report;
    // Hand-worked: the whole red line is 旱地 with KCXS 0.1 and 永久基本农田 (no KCXS on that layer).
    assert!(
        (r.cultivated_mu.unwrap() - 0.9 * fp_mu).abs() < 1e-3 * fp_mu,
        "{r:?} vs {fp_mu}"
    );
    assert!((r.tiankan_mu.unwrap() - 0.1 * fp_mu).abs() < 1e-3 * fp_mu);
    assert!((r.permanent_basic_farmland_mu.unwrap() - fp_mu).abs() < 1e-3 * fp_mu);
    assert!(
        r.findings
            .iter()
            .any(|f| f.severity == stockfirst::controls::Severity::Blocking && f.zh.contains("永久基本农田")),
        "{:?}",
        r.findings
    );
    h.get_by_label_contains("【禁止】");
    h.get_by_label("地类面积汇总表");
    // The increment (red line minus stock) is what the quota counts: 0.9 × the new land matching reports.
    let new_land = h
        .state()
        .match_result()
        .unwrap()
        .overlay
        .as_ref()
        .unwrap()
        .new_land
        .mu();
    assert!(new_land > 1.0, "the square reaches off stock: {new_land}");
    let inc = h.state().increment_cultivated_mu().unwrap();
    assert!(
        (inc - 0.9 * new_land).abs() < 1e-3 * new_land,
        "{inc} vs 0.9 × {new_land}"
    );
    h.get_by_label("指标").click();
    h.run_steps(3);
    h.get_by_label_contains("叠加分析值");
    h.get_by_label("加入本项目").click();
    h.run_steps(3);
    let added = h
        .state()
        .doc
        .quota
        .with_project
        .as_ref()
        .unwrap()
        .0
        .projects
        .last()
        .unwrap()
        .clone();
    assert!(
        (added.cultivated_mu - inc).abs() < 1e-9,
        "{} vs {inc}",
        added.cultivated_mu
    );
    // The officer overrides the overlay: both numbers shown, and the draft says so.
    h.state_mut().doc.quota.cultivated_overridden = true;
    h.state_mut().doc.quota.cultivated_mu = 1.0;
    h.run_steps(3);
    h.get_by_label_contains("已人工修改");
    h.get_by_label("加入本项目").click();
    h.run_steps(3);
    let added = h
        .state()
        .doc
        .quota
        .with_project
        .as_ref()
        .unwrap()
        .0
        .projects
        .last()
        .unwrap()
        .clone();
    assert!((added.cultivated_mu - 1.0).abs() < 1e-9);
    assert_eq!(h.state().doc.quota.added_override, Some((inc, 1.0)));
    let html = dir.path().join("draft.html");
    h.state_mut().run_path_action(PathPurpose::ExportHtml, html.clone());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("合规性审查 — 地类面积汇总表") && page.contains("0103"),
        "the 地类 table"
    );
    assert!(page.contains("已人工修改"), "the override in the draft");
    assert!(
        page.contains("class=\"control\""),
        "the control layers on the draft's map"
    );
    // The project file keeps the control sources; an old file without them still opens (project_file tests).
    let proj = dir.path().join("p.ron");
    h.state_mut().run_path_action(PathPurpose::SaveProject, proj.clone());
    let f = stockfirst::ui::read_project_file(&proj).unwrap();
    assert_eq!(f.control_layers, vec![gpkg]);
}

/// Issue 13: the 县界 layer is drawn and toggled from the layers panel, and a footprint across two counties gets
/// the clause (十二) warning (不跨行政界线 → 属地参与选址) with the 亩 in each county in the candidates tab.
#[test]
fn county_lines_toggle_and_a_footprint_across_two_counties_warns() {
    use geo::Coord;
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_sample(dir.path());
    // A 20 m wide strip from 解放区's seat to 山阳区's (assets/counties.ron, CGCS2000 lon/lat → EPSG:4526).
    let rp = stockfirst::io::crs::Reprojector::new("EPSG:4490", stockfirst::io::crs::WorkingCrs::Zone38).unwrap();
    let a = rp.point(Coord { x: 113.226, y: 35.240 }).unwrap();
    let b = rp.point(Coord { x: 113.255, y: 35.214 }).unwrap();
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let n = (dx * dx + dy * dy).sqrt();
    let (px, py) = (-dy / n * 10.0, dx / n * 10.0);
    let ring = vec![
        Coord {
            x: a.x + px,
            y: a.y + py,
        },
        Coord {
            x: b.x + px,
            y: b.y + py,
        },
        Coord {
            x: b.x - px,
            y: b.y - py,
        },
        Coord {
            x: a.x - px,
            y: a.y - py,
        },
    ];
    app.doc.footprint.set(ring, true);
    app.edited();
    let mut h = harness(app);
    h.run_steps(3);
    assert!(h.state().map.show_counties);
    assert!(h.state().map.counties_drawn > 0, "county lines drawn");
    h.get_by_label("县界").click();
    h.run_steps(2);
    assert!(!h.state().map.show_counties);
    assert_eq!(h.state().map.counties_drawn, 0, "hidden");
    h.get_by_label("县界").click();
    h.run_steps(2);
    assert!(h.state().map.counties_drawn > 0, "shown again");

    assert!(h.state_mut().wait_for_match(std::time::Duration::from_secs(30)));
    h.run_steps(2);
    let parts = h.state().match_result().unwrap().crosses_counties.clone();
    let ids: Vec<&str> = parts.iter().map(|p| p.county.as_str()).collect();
    assert!(ids.contains(&"410802") && ids.contains(&"410811"), "{ids:?}");
    h.get_by_label("候选").click();
    h.run_steps(3);
    let w = h.get_by_label_contains("红线跨县级行政界线");
    let text = format!("{w:?}");
    assert!(
        text.contains("解放区") && text.contains("山阳区") && text.contains("（十二）"),
        "{text}"
    );
}
