//! Issue 11: a footprint import keeps every part and hole, so the app's 套核 is the CLI's. A boundary TXT with two
//! parts, the first with a hole, is imported into the app (文件 → 导入项目红线) and matched on the matching thread;
//! `stockfirst match --json` reads the same TXT. The overlays agree, and the footprint's area is geo's area of the
//! written multipolygon (hole out, second part in).

use std::process::Command;
use std::time::Duration;

use geo::{Area as _, BoundingRect, Centroid, Contains, Intersects, LineString, MultiPolygon, Polygon, Rect};
use stockfirst::io::boundary_txt::{BoundaryHeader, BoundaryParcel, WriteOptions, write_boundary_txt};
use stockfirst::model::Lang;
use stockfirst::ui::{LibrarySource, PathPurpose, StockApp, load_now};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-data/jiaozuo-stock-sample.gpkg");
const FOOTPRINT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-data/footprints/xiuwu-industrial.txt"
);

fn square(cx: f64, cy: f64, half: f64) -> LineString<f64> {
    LineString::from(vec![
        (cx - half, cy - half),
        (cx + half, cy - half),
        (cx + half, cy + half),
        (cx - half, cy + half),
        (cx - half, cy - half),
    ])
}

#[test]
fn app_and_cli_give_the_same_overlay_for_a_multi_part_txt_with_a_hole() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = load_now(&LibrarySource::Path(SAMPLE.into())).unwrap();
    // Part 1: the sample red line with a 30 m square hole at its centroid.
    let base = stockfirst::io::read_footprint(std::path::Path::new(FOOTPRINT)).unwrap();
    let outer = base.polygons.0[0].exterior().clone();
    let c = base.polygons.0[0].centroid().unwrap();
    let hole = square(c.x(), c.y(), 15.0);
    let first = Polygon::new(outer.clone(), vec![hole.clone()]);
    assert!(
        Polygon::new(outer, vec![]).contains(&Polygon::new(hole, vec![])),
        "the hole lies inside"
    );
    // Part 2: an 80 m square on a parcel away from part 1.
    let far: Rect<f64> = first.bounding_rect().unwrap();
    let other = loaded
        .library
        .parcels()
        .iter()
        .filter_map(|p| p.bbox())
        .find(|b| !b.intersects(&far) && (b.center().x - far.center().x).abs() < 3_000.0)
        .expect("a parcel near the red line");
    let second = Polygon::new(square(other.center().x, other.center().y, 40.0), vec![]);
    assert!(!second.intersects(&first));
    let mp = MultiPolygon(vec![first, second]);
    let txt = dir.path().join("two-parts.txt");
    write_boundary_txt(
        &txt,
        &BoundaryHeader::standard(38),
        &[BoundaryParcel::from_geometry("1", "两块带洞", mp.clone())],
        &WriteOptions::default(),
    )
    .unwrap();

    // The CLI.
    let out = Command::new(env!("CARGO_BIN_EXE_stockfirst"))
        .args([
            "match",
            "--library",
            SAMPLE,
            "--footprint",
            txt.to_str().unwrap(),
            "--use",
            "1001",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cli = &v["overlay"];

    // The app: import, then wait for the matching thread.
    let mut app = StockApp::new(Lang::Zh, dir.path().join("recovery.ron"));
    app.set_library(loaded);
    app.doc.brief.use_code = "1001".into();
    app.run_path_action(PathPurpose::ImportFootprint, txt.clone());
    assert_eq!((app.doc.footprint.part_count(), app.doc.footprint.holes.len()), (2, 1));
    assert!(app.wait_for_match(Duration::from_secs(60)));
    let r = app.match_result().expect("a match");
    let o = r.overlay.as_ref().expect("an overlay");
    let lib = app.library().unwrap();

    // The footprint is geo's area of what was written: the hole out, the second part in.
    let written = mp.unsigned_area();
    assert!(
        (o.footprint.m2() - written).abs() < 1e-3,
        "{} vs {written}",
        o.footprint.m2()
    );
    let close = |a: f64, b: &serde_json::Value| (a - b.as_f64().unwrap()).abs() < 1e-3;
    assert!(
        close(o.footprint.m2(), &cli["footprint"]["m2"]),
        "{} vs {}",
        o.footprint.m2(),
        cli["footprint"]
    );
    assert!(
        close(o.on_stock.m2(), &cli["on_stock"]["m2"]),
        "{} vs {}",
        o.on_stock.m2(),
        cli["on_stock"]
    );
    assert!(
        close(o.new_land.m2(), &cli["new_land"]["m2"]),
        "{} vs {}",
        o.new_land.m2(),
        cli["new_land"]
    );
    let cli_hits = cli["hits"].as_array().unwrap();
    assert_eq!(o.hits.len(), cli_hits.len());
    assert!(!o.hits.is_empty(), "the red line lies on stock");
    for (a, b) in o.hits.iter().zip(cli_hits) {
        assert_eq!(lib.parcel(a.parcel).unwrap().id, b["parcel_id"].as_str().unwrap());
        assert!(close(a.overlap.m2(), &b["overlap"]["m2"]));
    }
    // Both parts lie on stock: some hit lies in each.
    let parts_hit =
        mp.0.iter()
            .filter(|part| {
                o.hits
                    .iter()
                    .any(|h| lib.parcel(h.parcel).unwrap().geometry.intersects(*part))
            })
            .count();
    assert_eq!(parts_hit, 2, "both parts are matched");
}

fn right_click(h: &mut egui_kittest::Harness<'_, StockApp>, p: egui::Pos2) {
    h.event(egui::Event::PointerMoved(p));
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: p,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.step();
    }
    h.run_steps(2);
}

/// On the map: a right-click on a hole's vertex deletes it (a hole of three goes with the next), and
/// 删除第 2 部分 in the 项目 tab deletes the second part.
#[test]
fn holes_and_parts_are_edited_on_the_map() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    let mut app = StockApp::new(Lang::Zh, dir.path().join("recovery.ron"));
    app.set_library(load_now(&LibrarySource::Sample { parcels: 300, seed: 5 }).unwrap());
    let mut h = egui_kittest::Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app);
    h.run_steps(3);
    h.get_by_label("绘制项目用地").click();
    h.run_steps(3);
    h.state_mut().map.snap = false;
    let tf = h.state().map.transform();
    let c = tf.to_world(h.state().map.rect.center());
    let m = 100.0 / h.state().map.view.px_per_m; // 100 px in metres
    let first = Polygon::new(square(c.x, c.y, m), vec![square(c.x, c.y, m / 2.0)]);
    let second = Polygon::new(square(c.x + 3.0 * m, c.y, m / 2.0), vec![]);
    h.state_mut()
        .doc
        .footprint
        .set_multipolygon(&MultiPolygon(vec![first, second]));
    h.run_steps(2);
    assert_eq!(h.state().doc.footprint.holes[0].len(), 4);
    let corner = |dx: f64, dy: f64| {
        tf.to_screen(geo::Coord {
            x: c.x + dx,
            y: c.y + dy,
        })
    };
    // The hole's corners are 50 px from the centre.
    right_click(&mut h, corner(m / 2.0, m / 2.0));
    assert_eq!(h.state().doc.footprint.holes[0].len(), 3);
    right_click(&mut h, corner(-m / 2.0, -m / 2.0));
    assert!(
        h.state().doc.footprint.holes.is_empty(),
        "{:?}",
        h.state().doc.footprint.holes
    );
    h.get_by_label("删除第 2 部分").click();
    h.run_steps(2);
    assert_eq!(h.state().doc.footprint.part_count(), 1);
    // 200 px square in metres: (2m)².
    assert!((h.state().doc.footprint.area().m2() - 4.0 * m * m).abs() < 1e-6 * m * m);
}
