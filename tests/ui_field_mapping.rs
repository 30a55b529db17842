//! Issue 11's field-mapping dialog, driven through egui_kittest by its accessible labels: a GeoPackage with an
//! unknown schema (A_ID, YT, MJ_M2, QX, no kind) opens the dialog instead of an error; the officer picks fields in
//! the drop-downs, sets the default kind, watches the live problem count and applies; the library loads with the 亩
//! of the test's own geometry. The profile is offered again for the same field set, and a profile that no longer
//! fits the file asks again instead of loading half a mapping.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use geo::Area as _;
use stockfirst::model::{Lang, StockKind};
use stockfirst::ui::{LibrarySource, StockApp, load_now};

fn harness(app: StockApp) -> Harness<'static, StockApp> {
    Harness::builder()
        .with_size([1400.0, 950.0])
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app)
}

/// Parcels of the generated sample written with fields no default name knows for the id, and no kind field.
/// Returns the polygons written (the oracle for the 亩 total).
fn unknown_schema_gpkg(path: &Path, id_field: &str) -> Vec<geo::MultiPolygon<f64>> {
    use gdal::vector::{FieldValue, LayerAccess, LayerOptions, OGRFieldType, ToGdal};
    let sample = load_now(&LibrarySource::Sample { parcels: 40, seed: 9 }).unwrap();
    let mut ds = gdal::DriverManager::get_driver_by_name("GPKG")
        .unwrap()
        .create_vector_only(path)
        .unwrap();
    let mut srs = gdal::spatial_ref::SpatialRef::from_epsg(4526).unwrap();
    srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
    let layer = ds
        .create_layer(LayerOptions {
            name: "export_2025",
            srs: Some(&srs),
            ty: gdal::vector::OGRwkbGeometryType::wkbMultiPolygon,
            options: None,
        })
        .unwrap();
    layer
        .create_defn_fields(&[
            (id_field, OGRFieldType::OFTString),
            ("YT", OGRFieldType::OFTString),
            ("MJ_M2", OGRFieldType::OFTReal),
            ("QX", OGRFieldType::OFTString),
        ])
        .unwrap();
    let mut written = Vec::new();
    for p in sample.library.parcels().iter().take(12) {
        let mut f = gdal::vector::Feature::new(layer.defn()).unwrap();
        f.set_geometry(p.geometry.to_gdal().unwrap()).unwrap();
        f.set_field(0, &FieldValue::StringValue(format!("A-{}", p.id))).unwrap();
        f.set_field(1, &FieldValue::StringValue(p.planned_use.code.clone()))
            .unwrap();
        f.set_field(2, &FieldValue::RealValue(p.geometry.unsigned_area()))
            .unwrap();
        f.set_field(3, &FieldValue::StringValue(p.county.clone())).unwrap();
        f.create(&layer).unwrap();
        written.push(p.geometry.clone());
    }
    written
}

fn wait_loaded(h: &mut Harness<'_, StockApp>) {
    let start = Instant::now();
    while h.state().load_job.is_some() && start.elapsed() < Duration::from_secs(60) {
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run_steps(2);
}

/// Picks `option` in the drop-down labelled `label`.
fn pick(h: &mut Harness<'_, StockApp>, label: &str, option: &str) {
    h.get_by_role_and_label(Role::ComboBox, label).click();
    h.run_steps(2);
    h.get_by_role(Role::ListBox).get_by_label(option).click();
    h.run_steps(2);
}

fn preview_in(h: &mut Harness<'_, StockApp>) {
    assert!(h.state_mut().wait_for_field_mapping(Duration::from_secs(60)));
    h.run_steps(2);
}

#[test]
fn an_unknown_schema_is_mapped_in_the_dialog_and_loads_with_the_right_area() {
    let dir = tempfile::tempdir().unwrap();
    let gpkg = dir.path().join("county_export.gpkg");
    let polygons = unknown_schema_gpkg(&gpkg, "A_ID");
    // The oracle: the test's own geometry, m² × 0.0015 (EPSG:4526 is the working CRS: no reprojection).
    let expected_mu: f64 = polygons.iter().map(|g| g.unsigned_area()).sum::<f64>() * 0.0015;
    let profiles: PathBuf = dir.path().join("profiles");
    let mut app = StockApp::new(Lang::Zh, dir.path().join("recovery.ron"));
    app.profiles_dir = profiles.clone();
    app.start_load(LibrarySource::Path(gpkg.clone()));
    let mut h = harness(app);
    wait_loaded(&mut h);
    // No error: the dialog, with the source's fields.
    assert!(h.state().library().is_none());
    assert!(h.state().shell.load_error.is_none(), "{:?}", h.state().shell.load_error);
    assert!(
        h.state().field_mapping.is_some(),
        "the dialog opened instead of an error"
    );
    preview_in(&mut h);
    // The detected choices are preselected (YT is a use field by its name, MJ_M2 an area in m²) …
    h.get_by_role_and_label(Role::ComboBox, "规划用途");
    let d = h.state().field_mapping.as_ref().unwrap();
    assert_eq!(d.profile.choices.planned_use.as_deref(), Some("YT"));
    assert_eq!(d.profile.choices.area.as_deref(), Some("MJ_M2"));
    // … and without a kind the mapping cannot load: the live count says so.
    assert!(d.preview.as_ref().unwrap().error.is_some());
    h.get_by_label_contains("问题: 1 · 无法载入");

    pick(&mut h, "地块编号", "A_ID");
    pick(&mut h, "行政区代码", "QX");
    pick(&mut h, "面积单位", "平方米");
    pick(&mut h, "默认存量类型", "批而未供");
    preview_in(&mut h);
    let p = h.state().field_mapping.as_ref().unwrap().preview.clone().unwrap();
    assert!(p.error.is_none(), "{:?}", p.error);
    assert_eq!(p.parcels, polygons.len());
    assert_eq!(p.rows.len(), 5, "five preview rows");
    assert_eq!(p.skipped(), 0);
    // The preview shows the rows as they would load: the mapped id, the default kind.
    h.get_by_label(&p.rows[0].id);
    assert!(p.rows[0].id.starts_with("A-"));
    assert!(
        h.get_all_by_label("批而未供").count() >= 2,
        "combo text and preview rows"
    );
    h.get_by_label_contains(&format!("问题: {} (跳过 0)", p.problem_count()));

    // The officer names the profile (the field starts with the file's name).
    h.state_mut().field_mapping.as_mut().unwrap().profile.name.clear();
    h.get_by_role_and_label(Role::TextInput, "方案名称").focus();
    h.run_steps(1);
    h.get_by_role_and_label(Role::TextInput, "方案名称")
        .type_text("县局导出");
    h.run_steps(2);
    assert!(
        !h.get_by_label("应用映射").accesskit_node().is_disabled(),
        "a mapping that loads can be applied"
    );
    h.get_by_label("应用映射").click();
    h.run_steps(2);
    wait_loaded(&mut h);
    assert!(h.state().field_mapping.is_none());
    let lib = h.state().library().expect("the library loaded with the mapping");
    assert_eq!(lib.len(), polygons.len());
    assert!(lib.parcels().iter().all(|p| p.kind == StockKind::ApprovedUnsupplied));
    assert!(lib.parcels().iter().all(|p| p.id.starts_with("A-")));
    let got_mu = lib.total_area().mu();
    assert!(
        (got_mu - expected_mu).abs() < 1e-6 * expected_mu,
        "{got_mu} 亩 vs {expected_mu} 亩 from the geometry"
    );

    // The profile was saved under its name, and the project file keeps the mapping.
    let saved = profiles.join("县局导出.ron");
    assert!(saved.is_file(), "{:?}", std::fs::read_dir(&profiles).map(|d| d.count()));
    let proj = dir.path().join("p.ron");
    h.state_mut()
        .run_path_action(stockfirst::ui::PathPurpose::SaveProject, proj.clone());
    let f = stockfirst::ui::read_project_file(&proj).unwrap();
    assert_eq!(f.library_mapping.as_ref().map(|m| m.name.as_str()), Some("县局导出"));

    // Another file with the same field set: the saved profile is offered, preselected.
    let other = dir.path().join("another.gpkg");
    unknown_schema_gpkg(&other, "A_ID");
    let mut app = StockApp::new(Lang::Zh, dir.path().join("r2.ron"));
    app.profiles_dir = profiles.clone();
    app.start_load(LibrarySource::Path(other));
    let mut h2 = harness(app);
    wait_loaded(&mut h2);
    let d = h2.state().field_mapping.as_ref().expect("dialog");
    assert_eq!(d.offered.as_deref(), Some("县局导出"));
    assert_eq!(d.profile.choices.id.as_deref(), Some("A_ID"));
    h2.get_by_label_contains("已保存的方案与此文件字段相同");
}

/// A project whose saved mapping names a field the file no longer has asks again (the dialog, with the missing
/// field named); nothing is loaded with half the mapping.
#[test]
fn a_profile_that_no_longer_fits_asks_again() {
    let dir = tempfile::tempdir().unwrap();
    let gpkg = dir.path().join("renamed.gpkg");
    unknown_schema_gpkg(&gpkg, "B_ID");
    let profile = stockfirst::io::field_profiles::FieldProfile {
        name: "old".into(),
        fields: ["A_ID", "YT", "MJ_M2", "QX"].iter().map(|s| s.to_string()).collect(),
        choices: stockfirst::io::field_profiles::FieldChoices {
            id: Some("A_ID".into()),
            planned_use: Some("YT".into()),
            area: Some("MJ_M2".into()),
            county_code: Some("QX".into()),
            ..Default::default()
        },
        area_unit: None,
        default_kind: Some(StockKind::Idle),
        encoding: None,
    };
    let mut app = StockApp::new(Lang::Zh, dir.path().join("recovery.ron"));
    app.profiles_dir = dir.path().join("profiles");
    app.start_load_mapped(LibrarySource::Path(gpkg), Some(profile));
    assert!(app.load_job.is_none(), "not loaded with half a mapping");
    let mut h = harness(app);
    h.run_steps(3);
    let d = h.state().field_mapping.as_ref().expect("asked again");
    assert!(d.why.as_deref().unwrap().contains("A_ID"));
    h.get_by_label_contains("字段映射方案不再适用于此文件");
    // The dialog starts from what the default names find in the renamed file.
    assert_eq!(d.profile.choices.id, None);
    assert!(d.source.fields.iter().any(|f| f == "B_ID"));
}

/// The same dialog for control layers: a layer no name or field explains (tuban_2023 with CODE, NAME, COEF) opens
/// it instead of an error; the officer makes it the 地类图斑 and maps DLBM, DLMC and KCXS; the layer then loads as
/// DLTB with the right KCXS, and the choice is in the role RON and the project file.
#[test]
fn a_control_layer_with_unknown_names_is_assigned_a_role_and_its_fields() {
    use gdal::vector::{FieldValue, LayerAccess, LayerOptions, OGRFieldType, ToGdal};
    let dir = tempfile::tempdir().unwrap();
    let gpkg = dir.path().join("survey.gpkg");
    {
        let mut ds = gdal::DriverManager::get_driver_by_name("GPKG")
            .unwrap()
            .create_vector_only(&gpkg)
            .unwrap();
        let mut srs = gdal::spatial_ref::SpatialRef::from_epsg(4526).unwrap();
        srs.set_axis_mapping_strategy(gdal::spatial_ref::AxisMappingStrategy::TraditionalGisOrder);
        let layer = ds
            .create_layer(LayerOptions {
                name: "tuban_2023",
                srs: Some(&srs),
                ty: gdal::vector::OGRwkbGeometryType::wkbMultiPolygon,
                options: None,
            })
            .unwrap();
        layer
            .create_defn_fields(&[
                ("CODE", OGRFieldType::OFTString),
                ("NAME", OGRFieldType::OFTString),
                ("COEF", OGRFieldType::OFTReal),
            ])
            .unwrap();
        let r = geo::Rect::new(
            geo::coord! { x: 38_450_000.0, y: 3_900_000.0 },
            geo::coord! { x: 38_451_000.0, y: 3_901_000.0 },
        );
        let mut f = gdal::vector::Feature::new(layer.defn()).unwrap();
        f.set_geometry(geo::MultiPolygon(vec![r.to_polygon()]).to_gdal().unwrap())
            .unwrap();
        f.set_field(0, &FieldValue::StringValue("0103".into())).unwrap();
        f.set_field(1, &FieldValue::StringValue("旱地".into())).unwrap();
        f.set_field(2, &FieldValue::RealValue(0.125)).unwrap();
        f.create(&layer).unwrap();
    }
    let mut app = StockApp::new(Lang::Zh, dir.path().join("recovery.ron"));
    app.profiles_dir = dir.path().join("cfg").join("field_profiles");
    app.run_path_action(stockfirst::ui::PathPurpose::OpenControls, gpkg.clone());
    let start = Instant::now();
    while app.controls_work.busy() && start.elapsed() < Duration::from_secs(30) {
        app.wait_for_controls(Duration::from_millis(50));
    }
    assert!(app.controls_work.error.is_none(), "{:?}", app.controls_work.error);
    assert!(
        app.control_roles.is_some(),
        "the role dialog opened instead of an error"
    );
    let mut h = harness(app);
    h.run_steps(3);
    h.get_by_label_contains("survey.gpkg : tuban_2023");
    pick(&mut h, "tuban_2023 · 角色", "地类图斑");
    pick(&mut h, "tuban_2023 · DLBM", "CODE");
    pick(&mut h, "tuban_2023 · DLMC", "NAME");
    pick(&mut h, "tuban_2023 · KCXS", "COEF");
    assert!(h.state_mut().wait_for_control_roles(Duration::from_secs(60)));
    h.run_steps(2);
    let c = h.state().control_roles.as_ref().unwrap().check.clone().unwrap();
    assert_eq!((c.layers, c.error.as_deref()), (1, None));
    h.get_by_label_contains("可读图层 1");
    h.get_by_label("应用映射").click();
    h.run_steps(2);
    assert!(h.state_mut().wait_for_controls(Duration::from_secs(60)));
    h.run_steps(2);
    let read = h
        .state()
        .doc
        .controls
        .loaded
        .clone()
        .expect("layers read with the roles");
    let layer = &read.controls.layers.layers[0];
    assert_eq!(layer.role, stockfirst::controls::Role::LandSurvey);
    let f = layer.feature(0).unwrap();
    assert_eq!(
        (f.code.as_str(), f.name.as_str(), f.kcxs),
        ("0103", "旱地", Some(0.125))
    );
    // Saved in the role RON beside the profiles, and in the project file.
    let ron = dir.path().join("cfg").join("control_roles.ron");
    let saved = stockfirst::io::control_roles::load_role_map(&ron).unwrap();
    assert_eq!(saved.layers.len(), 1);
    assert_eq!(saved.layers[0].layer, "survey.gpkg:tuban_2023");
    assert_eq!(saved.layers[0].fields.get("KCXS").map(String::as_str), Some("COEF"));
    let proj = dir.path().join("p.ron");
    h.state_mut()
        .run_path_action(stockfirst::ui::PathPurpose::SaveProject, proj.clone());
    assert_eq!(stockfirst::ui::read_project_file(&proj).unwrap().control_roles, saved);

    // A new project opening the same source takes the saved role map: no dialog, the layer read as DLTB.
    let mut app = StockApp::new(Lang::Zh, dir.path().join("r2.ron"));
    app.profiles_dir = dir.path().join("cfg").join("field_profiles");
    app.run_path_action(stockfirst::ui::PathPurpose::OpenControls, gpkg);
    assert!(app.wait_for_controls(Duration::from_secs(60)));
    assert!(app.control_roles.is_none());
    let read = app.doc.controls.loaded.clone().expect("read with the saved roles");
    assert_eq!(
        read.controls.layers.layers[0].role,
        stockfirst::controls::Role::LandSurvey
    );
}
