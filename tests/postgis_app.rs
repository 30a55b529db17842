//! Two app instances on one shared library (PostGIS), driven by kittest through their accessible labels: under
//! different officers one changes a status and the other sees it without a restart; a change decided on an old
//! version opens the conflict dialog with both sides; a parcel of another county is refused with a clear message.
//! Needs STOCKFIRST_TEST_PG (`tests/pg/with-cluster.sh cargo test --test postgis_app`).

#[path = "pg/support.rs"]
mod support;

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use stockfirst::io::postgis::{self, StatusRequest};
use stockfirst::model::{Lang, ParcelStatus};
use stockfirst::ui::{LibrarySource, Link, StockApp, load_now};
use support::{TestDb, dead_port, step_until, two_counties};

fn app_on(url: &str, dir: &std::path::Path, tag: &str) -> Harness<'static, StockApp> {
    let mut app = StockApp::new(Lang::Zh, dir.join(format!("{tag}.ron")));
    app.set_library(load_now(&LibrarySource::Path(url.into())).unwrap());
    Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app)
}

fn live(app: &StockApp) -> bool {
    app.shared
        .session
        .as_ref()
        .is_some_and(|s| s.mine.is_some() && s.link == Link::Connected && s.listener_running())
}

fn status_in(app: &StockApp, id: &str) -> ParcelStatus {
    let lib = app.library().unwrap();
    lib.parcel(lib.index_of(id).unwrap()).unwrap().status
}

/// The server's own record: (status code, version).
fn on_server(db: &TestDb, id: &str) -> (String, i64) {
    let row = db
        .admin()
        .query_one("SELECT status, version FROM stockfirst.parcels WHERE id = $1", &[&id])
        .unwrap();
    (row.get(0), row.get(1))
}

/// Selects a parcel in the 台账 by its number, as an officer does.
fn select(h: &mut Harness<'_, StockApp>, id: &str) {
    h.get_by_label("按编号搜索").focus();
    h.run_steps(1);
    h.get_by_label("按编号搜索").type_text(id);
    h.run_steps(3);
    h.get_by_label(id).click();
    h.run_steps(3);
}

#[test]
fn two_officers_one_changes_the_other_sees_it() {
    let Some(db) = TestDb::new("app_live") else { return };
    db.import(&two_counties(3));
    let (xiuwu, boai) = db.officers();
    let dir = tempfile::tempdir().unwrap();
    let mut a = app_on(&xiuwu, dir.path(), "a");
    let mut b = app_on(&boai, dir.path(), "b");
    assert!(
        step_until(&mut a, Duration::from_secs(15), live),
        "app a did not connect"
    );
    assert!(
        step_until(&mut b, Duration::from_secs(15), live),
        "app b did not connect"
    );
    // Each sees what they may change.
    a.get_by_label("您可修改的县区：修武县");
    b.get_by_label("您可修改的县区：博爱县");
    a.get_by_label("登录角色：officer_xiuwu");

    select(&mut a, "XW-000");
    a.get_by_label("应用").click();
    assert!(
        step_until(&mut a, Duration::from_secs(10), |s| status_in(s, "XW-000")
            == ParcelStatus::Engaged),
        "{:?}",
        a.state().shell.message
    );
    assert_eq!(on_server(&db, "XW-000"), ("engaged".into(), 2));
    assert_eq!(a.state().shared.session.as_ref().unwrap().versions["XW-000"], 2);
    // The other officer's app sees it without a restart.
    let seen = Instant::now();
    assert!(
        step_until(&mut b, Duration::from_secs(10), |s| status_in(s, "XW-000")
            == ParcelStatus::Engaged),
        "app b never saw the change"
    );
    eprintln!("app b saw the change {:?} after it was applied", seen.elapsed());
    assert_eq!(b.state().shared.session.as_ref().unwrap().versions["XW-000"], 2);
    // Nothing else moved.
    assert_eq!(status_in(b.state(), "XW-001"), ParcelStatus::Available);
}

#[test]
fn a_change_on_an_old_version_opens_the_conflict_dialog() {
    let Some(db) = TestDb::new("app_conflict") else { return };
    db.import(&two_counties(3));
    let (xiuwu, _) = db.officers();
    // A second 修武县 officer on another laptop.
    let other = db.login_role("officer_xiuwu_b");
    let counties = stockfirst::io::assets::counties().unwrap();
    postgis::grant(&mut db.admin(), "officer_xiuwu_b", &["修武县".into()], &counties).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut a = app_on(&xiuwu, dir.path(), "a");
    assert!(
        step_until(&mut a, Duration::from_secs(15), live),
        "app a did not connect"
    );
    select(&mut a, "XW-001");
    a.state_mut().register.new_status = ParcelStatus::ToBeSupplied;
    a.run_steps(2);
    // While officer a decides (no frame runs), the other officer changes the same parcel.
    let mut c = postgis::open(&other).unwrap();
    let theirs = StatusRequest {
        parcel: "XW-001".into(),
        expected_version: 1,
        to: ParcelStatus::Engaged,
        note: String::new(),
        correction: false,
    };
    assert!(postgis::change_status(&mut c, &theirs, &counties).unwrap().is_applied());
    a.get_by_label("应用").click();
    assert!(
        step_until(&mut a, Duration::from_secs(10), |s| s.shared.conflict.is_some()),
        "{:?}",
        a.state().shell.message
    );
    a.run_steps(2);
    // Both sides, by label: theirs (status, version, who) and mine.
    a.get_by_label("修改冲突");
    a.get_by_label("对方（服务器上）: 已对接");
    a.get_by_label("我的: 拟供应");
    a.get_by_label("officer_xiuwu_b");
    a.get_by_label("1 → ?");
    a.get_by_label("2");
    // Nothing of a's was written; the library shows theirs meanwhile.
    assert_eq!(on_server(&db, "XW-001"), ("engaged".into(), 2));
    assert!(step_until(&mut a, Duration::from_secs(5), |s| status_in(s, "XW-001")
        == ParcelStatus::Engaged));
    // The officer keeps theirs... no: keeps mine, sent again on version 2.
    a.get_by_label("保留我的修改").click();
    assert!(
        step_until(&mut a, Duration::from_secs(10), |s| status_in(s, "XW-001")
            == ParcelStatus::ToBeSupplied),
        "{:?}",
        a.state().shell.message
    );
    assert!(a.state().shared.conflict.is_none());
    assert_eq!(on_server(&db, "XW-001"), ("to_be_supplied".into(), 3));
    let audit: i64 = db
        .admin()
        .query_one(
            "SELECT count(*) FROM stockfirst.audit WHERE parcel = 'XW-001' AND op = 'UPDATE'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(audit, 2, "one row for theirs, one for mine");
}

#[test]
fn a_parcel_of_another_county_is_refused_with_a_clear_message() {
    let Some(db) = TestDb::new("app_refused") else { return };
    db.import(&two_counties(2));
    let (xiuwu, _) = db.officers();
    let dir = tempfile::tempdir().unwrap();
    let mut a = app_on(&xiuwu, dir.path(), "a");
    assert!(
        step_until(&mut a, Duration::from_secs(15), live),
        "app a did not connect"
    );
    select(&mut a, "BA-001");
    a.get_by_label("应用").click();
    assert!(
        step_until(&mut a, Duration::from_secs(10), |s| s.shared.refusal.is_some()),
        "{:?}",
        a.state().shell.message
    );
    a.run_steps(2);
    a.get_by_label("无权修改");
    let text = a.state().shared.refusal.clone().unwrap();
    assert!(
        text.contains("BA-001") && text.contains("博爱县") && text.contains("修武县"),
        "{text}"
    );
    // In the window and in the status bar.
    assert!(a.query_all_by_label(&text).count() >= 1);
    assert_eq!(on_server(&db, "BA-001"), ("available".into(), 1));
    assert_eq!(status_in(a.state(), "BA-001"), ParcelStatus::Available);
    a.get_by_label("关闭").click();
    a.run_steps(2);
    assert!(a.state().shared.refusal.is_none());
}

/// No cluster needed: a server that is not there gives a clear message and the app keeps the library it had.
#[test]
fn an_unreachable_server_leaves_the_app_usable() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = StockApp::new(Lang::Zh, dir.path().join("r.ron"));
    app.set_library(load_now(&LibrarySource::Sample { parcels: 50, seed: 3 }).unwrap());
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app);
    h.run_steps(2);
    // A port nothing listens on.
    let port = dead_port();
    let url = format!("postgresql://officer_xiuwu@127.0.0.1:{port}/stock");
    h.state_mut().start_load(LibrarySource::Path(url.into()));
    assert!(
        step_until(&mut h, Duration::from_secs(15), |s| s.shell.load_error.is_some()),
        "no error shown"
    );
    let e = h.state().shell.load_error.clone().unwrap();
    assert!(e.contains("无法连接服务器") && e.contains("本地图库仍可使用"), "{e}");
    assert_eq!(h.state().library().unwrap().len(), 50, "the library it had stays");
    assert!(h.state().shared.session.is_none());
    h.run_steps(2);
}

/// An offline copy opened in the app: changes go to its outbox, 同步 sends them, and a conflict opens the dialog;
/// keeping theirs takes the server's status into the copy and empties the outbox.
#[test]
fn an_offline_copy_syncs_from_the_app_and_a_conflict_opens_the_dialog() {
    let Some(db) = TestDb::new("app_offline") else { return };
    db.import(&two_counties(2));
    let (xiuwu, _) = db.officers();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("field.gpkg");
    postgis::sync::checkout(&xiuwu, &copy, "2026-12-02T03:00:00Z").unwrap();
    let mut app = StockApp::new(Lang::Zh, dir.path().join("r.ron"));
    app.set_library(load_now(&LibrarySource::Path(copy.clone())).unwrap());
    let mut a = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app);
    a.run_steps(3);
    a.get_by_label("离线副本");
    a.get_by_label("待重发的修改：0");
    for id in ["XW-000", "XW-001"] {
        select(&mut a, id);
        a.get_by_label("应用").click();
        a.run_steps(3);
        h_clear_search(&mut a);
    }
    assert_eq!(
        stockfirst::io::outbox::entries(&copy).unwrap().len(),
        2,
        "{:?}",
        a.state().shell.message
    );
    a.get_by_label("待重发的修改：2");
    // Meanwhile, online, XW-001 moves on.
    let counties = stockfirst::io::assets::counties().unwrap();
    let mut c = postgis::open(&xiuwu).unwrap();
    let online = StatusRequest {
        parcel: "XW-001".into(),
        expected_version: 1,
        to: ParcelStatus::ToBeSupplied,
        note: String::new(),
        correction: false,
    };
    assert!(postgis::change_status(&mut c, &online, &counties).unwrap().is_applied());
    a.get_by_label("同步").click();
    assert!(
        step_until(&mut a, Duration::from_secs(15), |s| s.shared.conflict.is_some()),
        "{:?}",
        a.state().shell.message
    );
    a.run_steps(2);
    a.get_by_label("修改冲突");
    a.get_by_label("对方（服务器上）: 拟供应");
    a.get_by_label("我的: 已对接");
    assert_eq!(
        on_server(&db, "XW-000"),
        ("engaged".into(), 2),
        "the other entry went through"
    );
    assert_eq!(on_server(&db, "XW-001"), ("to_be_supplied".into(), 2));
    assert_eq!(
        stockfirst::io::outbox::entries(&copy).unwrap().len(),
        1,
        "the conflict is kept"
    );
    a.get_by_label("保留对方的修改").click();
    a.run_steps(3);
    assert!(a.state().shared.conflict.is_none());
    assert!(stockfirst::io::outbox::entries(&copy).unwrap().is_empty());
    assert_eq!(status_in(a.state(), "XW-001"), ParcelStatus::ToBeSupplied);
    let lib = stockfirst::io::load_library(&copy).unwrap();
    assert_eq!(
        lib.parcel(lib.index_of("XW-001").unwrap()).unwrap().status,
        ParcelStatus::ToBeSupplied
    );
    a.get_by_label("待重发的修改：0");
    let applied: i64 = db
        .admin()
        .query_one("SELECT count(*) FROM stockfirst.applied_outbox", &[])
        .unwrap()
        .get(0);
    assert_eq!(applied, 1);
}

fn h_clear_search(h: &mut Harness<'_, StockApp>) {
    h.state_mut().register.search.clear();
    h.state_mut().register.invalidate();
    h.run_steps(2);
}
