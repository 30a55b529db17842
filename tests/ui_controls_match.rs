//! Issue 10 in the app, driven through egui_kittest by accessible labels: with control layers loaded the live match
//! applies clause (一) (each candidate shows the cultivated 亩 its increment takes, and its reason cites (一)), the
//! same answer `stockfirst match --layers` gives; and a click on a 图斑 where no parcel is identifies it.

use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use stockfirst::model::{Area, LandUse, Lang, StockKind};
use stockfirst::ui::{LibrarySource, StockApp, load_now, rectangle_of_area};

fn harness(app: StockApp) -> Harness<'static, StockApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app)
}

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
    h.run_steps(3);
}

/// A label's text (egui puts a label's text in its value).
fn text_of(n: &egui_kittest::Node<'_>) -> String {
    let a = n.accesskit_node();
    a.label().or_else(|| a.value()).unwrap_or_default()
}

fn repo(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The sample library and the sample control layers (both in sample-data/), a 80 亩 footprint beside the largest
/// 批而未供 industrial parcel (the `controls` demo scene): the candidates list shows each candidate's cultivated 亩
/// and the clause (一) reason, and they are what the core's `match_with_controls` gives for the same requirement.
#[test]
fn candidates_show_the_cultivated_mu_of_their_increment_and_cite_clause_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = StockApp::new(Lang::Zh, dir.path().join("recovery.ron"));
    app.set_library(load_now(&LibrarySource::Path(repo("sample-data/jiaozuo-stock-sample.gpkg"))).unwrap());
    app.load_controls_now(vec![repo("sample-data/jiaozuo-controls-sample.gpkg")])
        .unwrap();
    let lib = app.doc.library.as_ref().unwrap().library.clone();
    let (_, anchor) = lib
        .parcels()
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == StockKind::ApprovedUnsupplied && p.planned_use.code.starts_with("10"))
        .max_by(|a, b| a.1.area.m2().total_cmp(&b.1.area.m2()))
        .unwrap();
    let b = anchor.bbox().unwrap();
    let at = geo::coord! { x: b.max().x, y: b.center().y };
    app.doc
        .footprint
        .set(rectangle_of_area(at, Area::from_mu(80.0), 1.4), true);
    app.doc.brief.use_code = "100101".into();
    // More than most parcels hold, so candidates need an increment (需补足增量) beside them.
    app.doc.brief.area_mu = Some(300.0);
    app.edited();
    assert!(app.wait_for_match(std::time::Duration::from_secs(120)));
    let answer = app.live.answer.as_ref().unwrap();
    let res = answer.result.as_ref().unwrap().clone();
    assert!(!res.candidates.is_empty());
    assert_eq!(answer.controls.len(), res.candidates.len(), "one review per candidate");

    // The core, asked directly as `stockfirst match --layers` asks it.
    let read = app.doc.controls.loaded.clone().unwrap();
    let req =
        stockfirst::matching::Requirement::on_footprint(app.doc.footprint.multipolygon(), LandUse::ydyh("100101"))
            .unwrap()
            .with_area(Area::from_mu(300.0))
            .unwrap()
            .with_tier(app.doc.brief.tier);
    let rules = stockfirst::io::match_rules().unwrap();
    let opts = stockfirst::matching::MatchOptions {
        top: 10,
        ..Default::default()
    };
    let gk = stockfirst::controls::GaussKruger::working();
    let (core, core_cc) =
        stockfirst::controls::match_with_controls(&lib, &req, &rules, &opts, &read.controls.layers, &read.rules, &gk);
    let ids = |r: &stockfirst::matching::MatchResult| r.candidates.iter().map(|c| c.key()).collect::<Vec<_>>();
    assert_eq!(ids(&res), ids(&core), "the app ranks as the core does");
    for (a, c) in answer.controls.iter().zip(&core_cc) {
        assert!((a.cultivated_mu - c.cultivated_mu).abs() < 1e-9);
    }
    // Some candidate's increment takes 耕地 in the sample (the plain is mostly cultivated).
    let (k, cc) = answer
        .controls
        .iter()
        .cloned()
        .enumerate()
        .find(|(_, cc)| cc.cultivated_mu > 0.005)
        .unwrap_or_else(|| {
            panic!(
                "a candidate whose increment takes cultivated land: {:?}",
                answer
                    .controls
                    .iter()
                    .map(|c| (c.increment_mu, c.cultivated_mu))
                    .collect::<Vec<_>>()
            )
        });

    let mut h = harness(app);
    h.run_steps(3);
    h.get_by_label("候选").click();
    h.run_steps(3);
    // The list shows its cultivated 亩 (two decimals) and the reason citing clause (一) with the same number.
    let shown = format!("增量占用耕地: {:.2} 亩", cc.cultivated_mu);
    assert!(
        h.get_all_by_label_contains(&shown).next().is_some(),
        "candidate #{} shows “{shown}”",
        k + 1
    );
    let reason = format!("占用耕地 {:.2} 亩", cc.cultivated_mu);
    let cited = h
        .get_all_by_label_contains(&reason)
        .filter(|n| text_of(n).contains("条款（一）"))
        .count();
    assert!(
        cited >= 1,
        "a reason with “{reason}” citing （一）: {:?}",
        h.get_all_by_label_contains("耕地")
            .map(|n| text_of(&n))
            .collect::<Vec<_>>()
    );
    // English too.
    h.get_by_label("English").click();
    h.run_steps(3);
    assert!(h.get_all_by_label_contains("clause 一").next().is_some());
    assert!(
        h.get_all_by_label_contains("Cultivated land its increment takes: ")
            .next()
            .is_some()
    );
}

/// A GeoPackage with one DLTB 图斑 over `r`, with the 权属 fields filled.
fn dltb_gpkg(path: &std::path::Path, r: geo::Rect<f64>) {
    use gdal::vector::{FieldValue, LayerAccess, LayerOptions, OGRFieldType, ToGdal};
    let mut ds = gdal::DriverManager::get_driver_by_name("GPKG")
        .unwrap()
        .create_vector_only(path)
        .unwrap();
    let mut srs = gdal::spatial_ref::SpatialRef::from_epsg(4526).unwrap();
    srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
    let layer = ds
        .create_layer(LayerOptions {
            name: "DLTB",
            srs: Some(&srs),
            ty: gdal::vector::OGRwkbGeometryType::wkbMultiPolygon,
            options: None,
        })
        .unwrap();
    let s = |v: &str| FieldValue::StringValue(v.into());
    let fields = [
        ("BSM", OGRFieldType::OFTString, s("410800DLTB0000042")),
        ("DLBM", OGRFieldType::OFTString, s("0103")),
        ("DLMC", OGRFieldType::OFTString, s("旱地")),
        ("KCXS", OGRFieldType::OFTReal, FieldValue::RealValue(0.0825)),
        ("QSXZ", OGRFieldType::OFTString, s("30")),
        ("QSDWDM", OGRFieldType::OFTString, s("4108210010010000000")),
        ("QSDWMC", OGRFieldType::OFTString, s("东王村村民委员会")),
    ];
    let defs: Vec<(&str, OGRFieldType::Type)> = fields.iter().map(|(n, t, _)| (*n, *t)).collect();
    layer.create_defn_fields(&defs).unwrap();
    let mut f = gdal::vector::Feature::new(layer.defn()).unwrap();
    f.set_geometry(geo::MultiPolygon(vec![r.to_polygon()]).to_gdal().unwrap())
        .unwrap();
    for (i, (_, _, v)) in fields.iter().enumerate() {
        f.set_field(i, v).unwrap();
    }
    f.create(&layer).unwrap();
}

/// Identify on a 图斑: a click where no parcel is shows the DLTB feature's DLBM, DLMC, KCXS and 权属.
#[test]
fn a_click_on_a_patch_with_no_parcel_shows_its_land_class_and_ownership() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = StockApp::new(Lang::Zh, dir.path().join("recovery.ron"));
    app.set_library(load_now(&LibrarySource::Sample { parcels: 300, seed: 5 }).unwrap());
    let ext = app.library().unwrap().extent().unwrap();
    // The 图斑 lies west of every parcel, so a click on it finds no parcel.
    let patch = geo::Rect::new(
        geo::coord! { x: ext.min().x - 3_000.0, y: ext.min().y },
        geo::coord! { x: ext.min().x - 500.0, y: ext.max().y },
    );
    let gpkg = dir.path().join("dltb.gpkg");
    dltb_gpkg(&gpkg, patch);
    app.load_controls_now(vec![gpkg]).unwrap();
    let c = patch.center();
    app.map.pending_fit = Some(geo::Rect::new(
        geo::coord! { x: c.x - 400.0, y: c.y - 400.0 },
        geo::coord! { x: c.x + 400.0, y: c.y + 400.0 },
    ));
    let mut h = harness(app);
    h.run_steps(3);
    assert!(h.state().shell.identified_control.is_none());
    let centre = h.state().map.rect.center();
    click_at(&mut h, centre);
    assert_eq!(h.state().map.selected, None, "no parcel there");
    assert_eq!(h.state().shell.identified_control, Some((0, 0)));
    // The identify box, by the labels and values an officer reads.
    h.get_by_label_contains("地块属性 · 地类图斑");
    for (key, value) in [
        ("DLBM", "0103"),
        ("DLMC", "旱地"),
        ("KCXS", "0.0825"),
        ("权属性质", "30"),
        ("权属单位", "4108210010010000000 东王村村民委员会"),
    ] {
        h.get_by_label(key);
        h.get_by_label(value);
    }
}
