//! The public catalogue from the app (clause 二, 主动向社会公开): 文件 → 发布公开目录 writes the same site as
//! `stockfirst publish`, with only the 可供 parcels.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stockfirst::model::{Lang, ParcelStatus};
use stockfirst::ui::StockApp;
use stockfirst::ui::{LibrarySource, load_now};

#[test]
fn the_file_menu_publishes_the_available_parcels() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = StockApp::new(Lang::Zh, dir.path().join("recovery.ron"));
    app.set_library(load_now(&LibrarySource::Sample { parcels: 300, seed: 5 }).unwrap());
    let lib = app.library().unwrap();
    let available: Vec<String> = (0..lib.len() as u32)
        .map(|i| lib.parcel(i).unwrap())
        .filter(|p| p.status == ParcelStatus::Available)
        .map(|p| p.id.clone())
        .collect();
    let withheld: Vec<String> = (0..lib.len() as u32)
        .map(|i| lib.parcel(i).unwrap())
        .filter(|p| p.status != ParcelStatus::Available)
        .map(|p| p.id.clone())
        .collect();
    assert!(!available.is_empty() && !withheld.is_empty(), "the sample has both");

    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app);
    h.run_steps(3);
    let out = dir.path().join("site");
    h.get_by_label("文件").click();
    h.run_steps(2);
    h.get_by_label("发布公开目录（网页）…").click();
    h.run_steps(2);
    h.get_by_label("文件路径").focus();
    h.run_steps(1);
    h.get_by_label("文件路径").type_text(&out.display().to_string());
    h.run_steps(1);
    h.get_by_label("保存").click();
    h.run_steps(2);
    let msg = h.state().shell.message.clone().unwrap_or_default();
    assert!(out.join("index.html").is_file(), "{msg}");
    assert!(msg.contains(&available.len().to_string()), "{msg}");
    let data = std::fs::read_to_string(out.join("data.js")).unwrap();
    for id in &available {
        assert!(data.contains(id.as_str()), "{id} published");
    }
    for id in &withheld {
        assert!(
            !data.contains(id.as_str()),
            "{id} is not 可供 and must not be published"
        );
    }
}
