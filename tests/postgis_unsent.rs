//! Changes sent to the shared library but not seen confirmed survive closing the app: they are kept beside the
//! autosave (`io::unsent_changes`), and the next session on the same library and login sends them again under their
//! own entry ids (issue 12: "keeps the change in the outbox if it is unsure"). The first test needs no server; the
//! second needs STOCKFIRST_TEST_PG (`tests/pg/with-cluster.sh`).

#[path = "pg/support.rs"]
mod support;

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use stockfirst::io::postgis::StatusRequest;
use stockfirst::io::unsent_changes;
use stockfirst::model::{Counties, Lang, ParcelStatus};
use stockfirst::ui::{LibrarySource, Queued, SharedSession, StockApp, load_now};
use support::{TestDb, dead_port, two_counties};

fn engage(parcel: &str, version: i64) -> StatusRequest {
    StatusRequest {
        parcel: parcel.into(),
        expected_version: version,
        to: ParcelStatus::Engaged,
        note: "选址会审通过".into(),
        correction: false,
    }
}

/// A server that is not there: the change sent stays unconfirmed, is written beside the autosave, and a new session
/// of the same login takes it back; another login's session does not.
#[test]
fn an_unconfirmed_change_outlives_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let file = unsent_changes::path_beside(&dir.path().join("autosave.ron"));
    let port = dead_port();
    let url = format!("postgresql://officer_xiuwu@127.0.0.1:{port}/stock");
    let mut s = SharedSession::start(&url, Counties::default(), Some(file.clone()), || {});
    s.send("entry-1".into(), engage("XW-000", 1));
    s.keep_unsent().unwrap();
    assert!(file.exists(), "the change in flight is on disk before any answer");
    drop(s);

    let again = SharedSession::start(&url, Counties::default(), Some(file.clone()), || {});
    assert_eq!(
        again.outbox,
        vec![Queued {
            entry: "entry-1".into(),
            req: engage("XW-000", 1)
        }]
    );
    let other = format!("postgresql://officer_boai@127.0.0.1:{port}/stock");
    let theirs = SharedSession::start(&other, Counties::default(), Some(file.clone()), || {});
    assert!(theirs.outbox.is_empty(), "another officer's session must not send it");
}

/// A change left unconfirmed by a session that ended (the file as that session wrote it) is applied once when the
/// app opens the library again, and the file empties.
#[test]
fn the_app_sends_what_a_closed_session_left() {
    let Some(db) = TestDb::new("unsent") else { return };
    db.import(&two_counties(2));
    let (xiuwu, _) = db.officers();
    let dir = tempfile::tempdir().unwrap();
    let recovery = dir.path().join("autosave.ron");
    let file = unsent_changes::path_beside(&recovery);
    unsent_changes::save(
        &file,
        &xiuwu,
        "officer_xiuwu",
        &[("left-1".into(), engage("XW-001", 1))],
    )
    .unwrap();

    let mut app = StockApp::new(Lang::Zh, recovery);
    app.set_library(load_now(&LibrarySource::Path(xiuwu.clone().into())).unwrap());
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut StockApp| app.ui(ui), app);
    let start = Instant::now();
    let mut done = false;
    while start.elapsed() < Duration::from_secs(20) {
        h.step();
        let row = db
            .admin()
            .query_one(
                "SELECT status, version FROM stockfirst.parcels WHERE id = 'XW-001'",
                &[],
            )
            .unwrap();
        let (status, version): (String, i64) = (row.get(0), row.get(1));
        if status == "engaged" && !file.exists() {
            assert_eq!(version, 2);
            done = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(done, "the left change was not applied; {:?}", h.state().shell.message);
    let audit: i64 = db
        .admin()
        .query_one(
            "SELECT count(*) FROM stockfirst.audit WHERE parcel = 'XW-001' AND new_status = 'engaged'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(audit, 1, "applied exactly once");
}
