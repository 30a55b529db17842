//! The app's File → 报告 exports: the decision document (.docx) and the print map (PNG) written off the UI thread,
//! and the HTML draft's legend and its title when the project has no name.

use egui::{Event, Key, Modifiers, PointerButton, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stockfirst::model::Lang;
use stockfirst::ui::{LibrarySource, PathPurpose, StockApp, load_now};

fn click_at(h: &mut Harness<'_, StockApp>, p: Pos2) {
    h.event(Event::PointerMoved(p));
    for pressed in [true, false] {
        h.event(Event::PointerButton {
            pos: p,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        h.step();
    }
    for _ in 0..25 {
        h.step();
    }
}

/// Waits (frames keep coming) until `path` exists and the export's message is in the status bar.
fn wait_for_file(h: &mut Harness<'_, StockApp>, path: &std::path::Path) {
    let t0 = std::time::Instant::now();
    while h.state().print_job.is_some() && t0.elapsed() < std::time::Duration::from_secs(120) {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let msg = h.state().shell.message.clone().unwrap_or_default();
    assert!(path.is_file(), "{} not written: {msg}", path.display());
    assert!(msg.contains(&path.display().to_string()), "{msg}");
}

#[test]
fn app_exports_the_print_map_and_the_decision_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = StockApp::new(Lang::Zh, dir.path().join("recovery.ron"));
    app.set_library(load_now(&LibrarySource::Sample { parcels: 400, seed: 11 }).unwrap());
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app);
    h.run_steps(3);
    h.get_by_label("绘制项目用地").click();
    h.run_steps(3);
    h.state_mut().map.snap = false;
    let c = h.state().map.rect.center();
    for p in [
        pos2(c.x - 60.0, c.y - 60.0),
        pos2(c.x + 60.0, c.y - 60.0),
        pos2(c.x + 60.0, c.y + 60.0),
    ] {
        click_at(&mut h, p);
    }
    h.key_press(Key::Enter);
    h.run_steps(3);
    assert!(h.state_mut().wait_for_match(std::time::Duration::from_secs(20)));
    h.run_steps(2);

    // The HTML draft: a title although the project has no name, and the legend of its map.
    let html = dir.path().join("draft.html");
    h.state_mut().run_path_action(PathPurpose::ExportHtml, html.clone());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("<title>存量优先用地决策稿 — 未命名项目</title>"), "title");
    assert!(
        page.contains("class=\"legend\"") && page.contains("项目用地红线"),
        "legend"
    );

    // The print map, rendered on the worker thread: A4 at 300 dpi, either way round.
    let png = dir.path().join("map.png");
    h.state_mut().run_path_action(PathPurpose::ExportReport, png.clone());
    wait_for_file(&mut h, &png);
    let dec = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let info = dec.read_info().unwrap().info().clone();
    let mut size = [info.width, info.height];
    size.sort();
    assert_eq!(size, [2480, 3508]);

    // The decision document, with the map in it.
    let docx = dir.path().join("draft.docx");
    h.state_mut().run_path_action(PathPurpose::ExportReport, docx.clone());
    wait_for_file(&mut h, &docx);
    let mut z = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    assert!(z.by_name("word/media/image1.png").unwrap().size() > 10_000);
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut z.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("未命名项目") && xml.contains("界址点坐标表") && xml.contains("J3"));
}
