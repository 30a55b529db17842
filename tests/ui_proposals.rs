//! Issue 15 in the app, driven through egui_kittest by accessible labels: the 选址建议 panel runs the 700 亩 马村区
//! case on the bundled sample (library and control layers), shows the proposals the core gives for the same
//! requirement, and 采用为红线 makes one the project's footprint, which the live match then runs on.

use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use geo::Area as _;
use stockfirst::controls::GaussKruger;
use stockfirst::matching::{Requirement, overlay};
use stockfirst::model::{Area, LandUse, Lang, ParcelStatus};
use stockfirst::propose::{Controls, Proposal, Proposals, propose, propose_sites};
use stockfirst::ui::{LibrarySource, StockApp, load_now};

mod samples;

const MACUN: &str = "410804";

fn repo(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn harness(app: StockApp) -> Harness<'static, StockApp> {
    Harness::builder()
        .with_size([1500.0, 1000.0])
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app)
}

fn text_of(n: &egui_kittest::Node<'_>) -> String {
    let a = n.accesskit_node();
    a.label().or_else(|| a.value()).unwrap_or_default()
}

/// What the core gives for `area_mu` of 100101 in 马村区 at `at`, with the app's loaded control layers, asked as
/// `stockfirst propose --site --layers …` asks: the combinations, then the grown red lines.
fn core_proposals(app: &StockApp, at: geo::Coord<f64>, area_mu: f64) -> (Proposals, Vec<Proposal>) {
    let lib = app.doc.library.as_ref().unwrap().library.clone();
    let read = app.doc.controls.loaded.clone().unwrap();
    let rules = stockfirst::io::match_rules().unwrap();
    let req = Requirement::at_point(at, LandUse::ydyh("100101"), Area::from_mu(area_mu))
        .unwrap()
        .with_county(MACUN);
    let gk = GaussKruger::working();
    let ctl = Controls {
        layers: &read.controls.layers,
        rules: &read.rules,
        inv: &gk,
    };
    let combinations = propose(&lib, &req, &rules, 3, Some(&ctl)).unwrap();
    let sites = propose_sites(&lib, &req, &rules, 3, &ctl).unwrap();
    (combinations, sites)
}

/// Opens 候选, asks for 生成选址建议 and waits until the proposals are in.
fn ask_the_app(h: &mut Harness<'static, StockApp>) {
    h.run_steps(3);
    h.get_by_label("候选").click();
    h.run_steps(3);
    h.get_by_label("生成选址建议").click();
    h.run_steps(2);
    assert!(
        h.state_mut().proposals.wait(Duration::from_secs(600)),
        "the proposals finish"
    );
    h.run_steps(3);
}

/// The bundled sample with its control layers; the project: 100101, 700 亩, 马村区, at the centre of the largest
/// available industrial parcel of 马村区, given as a point (one vertex), not a red line.
fn app_with_the_case(dir: &std::path::Path) -> (StockApp, geo::Coord<f64>) {
    let mut app = StockApp::new(Lang::Zh, dir.join("recovery.ron"));
    app.set_library(load_now(&LibrarySource::Path(repo("sample-data/jiaozuo-stock-sample.gpkg"))).unwrap());
    app.load_controls_now(vec![repo("sample-data/jiaozuo-controls-sample.gpkg")])
        .unwrap();
    let lib = app.library().unwrap();
    let at = lib
        .parcels()
        .iter()
        .filter(|p| p.county == MACUN && p.status == ParcelStatus::Available && p.planned_use.code.starts_with("10"))
        .max_by(|a, b| a.area.m2().total_cmp(&b.area.m2()))
        .and_then(|p| p.bbox())
        .map(|b| b.center())
        .expect("an available industrial parcel in 马村区");
    app.doc.brief.use_code = "100101".into();
    app.doc.brief.area_mu = Some(700.0);
    app.doc.brief.county = Some(MACUN.into());
    app.doc.footprint.set(vec![at], false);
    (app, at)
}

#[test]
fn proposals_for_the_700_mu_case_can_be_accepted_as_the_red_line() {
    let dir = tempfile::tempdir().unwrap();
    let (app, at) = app_with_the_case(dir.path());

    // The core, asked directly as `stockfirst propose --site --layers …` asks it.
    let lib = app.doc.library.as_ref().unwrap().library.clone();
    let (core, core_sites) = core_proposals(&app, at, 700.0);
    assert!(!core.proposals.is_empty() && !core_sites.is_empty());

    let mut h = harness(app);
    ask_the_app(&mut h);

    // The app lists what the core gives: the combinations first, then the grown red lines, same order, same numbers.
    let shown = h.state().proposals.answer.clone().unwrap();
    let listed = shown.all();
    assert_eq!(listed.len(), core.proposals.len() + core_sites.len());
    for (a, c) in listed.iter().zip(core.proposals.iter().chain(&core_sites)) {
        assert_eq!(a.parcels, c.parcels);
        assert!((a.increment.mu() - c.increment.mu()).abs() < 1e-9);
    }
    let best = &core.proposals[0];
    // Each proposal's numbers are on screen: its increment (two decimals) and the method.
    let line = format!("新增建设用地（增量）: {:.2} 亩", best.increment.mu());
    assert!(
        h.get_all_by_label_contains(&line).next().is_some(),
        "“{line}” shown: {:?}",
        h.get_all_by_label_contains("增量")
            .map(|n| text_of(&n))
            .collect::<Vec<_>>()
    );
    assert!(h.get_all_by_label_contains("增量占用耕地: ").next().is_some());
    assert!(h.get_all_by_label_contains("距选址点").next().is_some());
    assert!(h.get_all_by_label_contains("方法: ").next().is_some());
    // A red line the review would block says so on its card, not only under 理由; it ranks after the clear ones.
    for c in &core.proposals {
        for b in &c.blocking {
            assert!(
                h.get_all_by_label_contains(&b.zh).next().is_some(),
                "“{}” on the card",
                b.zh
            );
        }
    }
    let clear = core.proposals.iter().take_while(|c| c.blocking.is_empty()).count();
    assert!(core.proposals[clear..].iter().all(|c| !c.blocking.is_empty()));
    // The 700 亩 case: a combination with less increment than the best single parcel (issue 15, done-when).
    let single = core.best_single_increment.unwrap();
    assert!(
        best.increment.mu() < single.mu(),
        "{} vs {}",
        best.increment.mu(),
        single.mu()
    );

    // 采用为红线 on the first proposal.
    let buttons: Vec<_> = h.get_all_by_label("采用为红线").collect();
    assert_eq!(buttons.len(), listed.len());
    buttons[0].click();
    h.run_steps(3);
    let app = h.state_mut();
    let fp = app.doc.footprint.multipolygon();
    assert!(app.doc.footprint.closed);
    assert!(
        (fp.unsigned_area() - best.footprint.unsigned_area()).abs() < 1.0,
        "the red line is the proposal's: {} vs {} m²",
        fp.unsigned_area(),
        best.footprint.unsigned_area()
    );
    // The live match runs on it: its 套核 is the proposal's, computed again here on the proposal's red line.
    assert!(app.wait_for_match(Duration::from_secs(300)));
    let res = app.match_result().expect("a match on the accepted red line").clone();
    let o = res.overlay.expect("a footprint match has a 套核");
    let again = overlay(&lib, &best.footprint);
    assert!(
        (o.new_land.mu() - again.new_land.mu()).abs() < 0.01,
        "{} vs {}",
        o.new_land.mu(),
        again.new_land.mu()
    );
    assert!((o.on_stock.mu() - best.on_stock.mu()).abs() < 0.01);
    assert!((res.required.mu() - 700.0).abs() < 1e-9, "the requirement keeps its 亩");
}

#[test]
fn a_cancelled_search_shows_nothing_half_made() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, at) = app_with_the_case(dir.path());
    // Cancelled as soon as started (what 取消 does): whatever the worker finds is dropped.
    app.start_proposals();
    assert!(app.proposals.job.is_some());
    app.proposals.cancel();
    let mut h = harness(app);
    h.run_steps(3);
    h.get_by_label("候选").click();
    std::thread::sleep(Duration::from_millis(500));
    h.run_steps(3);
    let app = h.state();
    assert!(app.proposals.job.is_none());
    assert!(app.proposals.answer.is_none(), "no answer after a cancel");
    assert!(h.query_all_by_label("采用为红线").next().is_none());
    assert!(h.get_all_by_label_contains("已取消").next().is_some());
    // The worker's own check: a search told to stop hands back nothing, not a part.
    let lib = h.state().doc.library.as_ref().unwrap().library.clone();
    let read = h.state().doc.controls.loaded.clone();
    let rules = stockfirst::io::match_rules().unwrap();
    let req = stockfirst::ui::ProposalRequest {
        at,
        use_code: "100101".into(),
        area: Area::from_mu(700.0),
        county: Some(MACUN.into()),
        tier: stockfirst::model::ProjectTier::Ordinary,
        top: 3,
    };
    let stop = std::sync::atomic::AtomicBool::new(true);
    let progress = std::sync::atomic::AtomicU32::new(0);
    assert!(stockfirst::ui::run_proposals(&lib, &req, &rules, read.as_deref(), &stop, &progress).is_none());
    let go = std::sync::atomic::AtomicBool::new(false);
    let whole = stockfirst::ui::run_proposals(&lib, &req, &rules, read.as_deref(), &go, &progress).unwrap();
    assert_eq!(progress.load(std::sync::atomic::Ordering::Relaxed), 1000);
    assert!(!whole.sites.is_empty());
}

#[test]
fn too_large_a_requirement_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = app_with_the_case(dir.path());
    // 马村区 has no room for 200 000 亩 inside its development boundary and beside its farmland.
    app.doc.brief.area_mu = Some(200_000.0);
    app.start_proposals();
    assert!(app.proposals.wait(Duration::from_secs(600)));
    let a = app.proposals.answer.as_ref().unwrap();
    let note = a.site_note.as_deref().unwrap_or_default();
    assert!(note.contains("还差"), "{note}");
    assert!(a.sites.is_empty());
}

/// The app's sample generated as `stockfirst propose` is tested on (tests/propose_cli.rs: 400 parcels, seed 11,
/// 1 500 图斑), where the sample draft's 700 亩 case has sets whose red line takes 永久基本农田. The bundled sample
/// has none, so this is the case where the card's warning can be checked on proposals that carry one.
#[test]
fn a_blocked_red_line_says_so_on_its_card_and_comes_last() {
    let dir = tempfile::tempdir().unwrap();
    let (lib_path, ctl_path) = samples::generated_sample(dir.path());
    let mut app = StockApp::new(Lang::Zh, dir.path().join("recovery.ron"));
    app.set_library(load_now(&LibrarySource::Path(lib_path)).unwrap());
    app.load_controls_now(vec![ctl_path]).unwrap();
    let lib = app.doc.library.as_ref().unwrap().library.clone();
    // The draft's red line is a square centred on 410804-XZ-00014's centroid: its point.
    let at = {
        use geo::Centroid as _;
        let p = lib.parcel(lib.index_of("410804-XZ-00014").unwrap()).unwrap();
        p.geometry.centroid().unwrap().0
    };
    app.doc.brief.use_code = "100101".into();
    app.doc.brief.area_mu = Some(702.63);
    app.doc.brief.county = Some(MACUN.into());
    app.doc.footprint.set(vec![at], false);

    let (core, _) = core_proposals(&app, at, 702.63);
    let blocked = core.proposals.iter().filter(|c| !c.blocking.is_empty()).count();
    assert!(blocked > 0, "the case has blocked red lines: {:?}", core.proposals);
    assert!(core.proposals[0].blocking.is_empty(), "a clear one comes first");

    let mut h = harness(app);
    ask_the_app(&mut h);

    // The app's combinations are the core's, blocked ones last, each with its finding on the card.
    let shown = h.state().proposals.answer.clone().unwrap();
    let listed = shown.all();
    let combos = &listed[..core.proposals.len()];
    for (a, c) in combos.iter().zip(&core.proposals) {
        assert_eq!(a.parcels, c.parcels);
        assert_eq!(a.blocking.len(), c.blocking.len());
    }
    let clear = combos.iter().take_while(|c| c.blocking.is_empty()).count();
    assert_eq!(
        clear,
        core.proposals.len() - blocked,
        "blocked red lines rank after every clear one"
    );
    for c in &core.proposals[clear..] {
        for b in &c.blocking {
            assert!(b.zh.contains("永久基本农田"), "{}", b.zh);
            assert!(
                h.get_all_by_label_contains(&b.zh).next().is_some(),
                "“{}” on the card",
                b.zh
            );
        }
    }
}
