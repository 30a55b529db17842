//! Live updates through LISTEN/NOTIFY between two clients, and the catch-up by change_seq after a reconnect.
//! Needs STOCKFIRST_TEST_PG (`make test` sets it).

#[path = "pg/support.rs"]
mod support;

use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use stockfirst::io::postgis::{self, LibraryEvent, Listener, StatusRequest};
use stockfirst::model::ParcelStatus;
use support::{TestDb, two_counties};

/// Waits for the change of `id` to `version`, skipping other events; returns how long it took.
fn wait_for(rx: &Receiver<LibraryEvent>, id: &str, version: i64, limit: Duration) -> Duration {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Ok(LibraryEvent::Changed {
            id: got, version: v, ..
        }) = rx.recv_timeout(Duration::from_millis(50))
            && got == id
            && v == version
        {
            return start.elapsed();
        }
    }
    panic!("no change of {id} to version {version} within {limit:?}");
}

fn wait_connected(rx: &Receiver<LibraryEvent>) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if let Ok(LibraryEvent::Connected) = rx.recv_timeout(Duration::from_millis(50)) {
            return;
        }
    }
    panic!("the listener did not connect");
}

fn change(url: &str, id: &str, expected: i64, to: ParcelStatus) {
    let counties = stockfirst::io::assets::counties().unwrap();
    let mut c = postgis::open(url).unwrap();
    let r = StatusRequest {
        parcel: id.into(),
        expected_version: expected,
        to,
        note: String::new(),
        correction: false,
    };
    assert!(postgis::change_status(&mut c, &r, &counties).unwrap().is_applied());
}

#[test]
fn a_change_by_one_client_reaches_another() {
    let Some(db) = TestDb::new("notify") else { return };
    db.import(&two_counties(3));
    let (xiuwu, boai) = db.officers();
    // The 博爱 officer's app listens; the 修武 officer changes a 修武 parcel.
    let (tx, rx) = channel();
    let listener = Listener::start(&boai, 0, tx).unwrap();
    wait_connected(&rx);
    change(&xiuwu, "XW-002", 1, ParcelStatus::Engaged);
    let took = wait_for(&rx, "XW-002", 2, Duration::from_secs(5));
    // The target is 1 s on loopback; the limit above only keeps a slow CI machine from failing spuriously.
    eprintln!("change seen after {took:?}");

    // The server drops the listener's connection; it reconnects by itself and hears the next change.
    let mut admin = db.admin();
    let killed: i64 = admin
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE usename = 'officer_boai' AND datname = current_database() AND query LIKE 'LISTEN%'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(killed, 1);
    let mut lost = false;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(LibraryEvent::Lost(_)) => lost = true,
            Ok(LibraryEvent::Connected) if lost => break,
            _ => {}
        }
    }
    assert!(lost, "the listener did not notice the lost connection");
    change(&xiuwu, "XW-002", 2, ParcelStatus::ToBeSupplied);
    wait_for(&rx, "XW-002", 3, Duration::from_secs(5));
    listener.stop();
}

#[test]
fn a_listener_catches_up_on_what_it_missed() {
    let Some(db) = TestDb::new("catch_up") else { return };
    db.import(&two_counties(3));
    let (xiuwu, boai) = db.officers();
    let mut admin = db.admin();
    let seen: i64 = admin
        .query_one("SELECT max(change_seq) FROM stockfirst.parcels", &[])
        .unwrap()
        .get(0);
    // Changes made while no one listens (a laptop asleep, a dropped network)…
    change(&xiuwu, "XW-000", 1, ParcelStatus::Engaged);
    change(&xiuwu, "XW-001", 1, ParcelStatus::Supplied);
    // …arrive when the listener starts from the last change_seq it saw.
    let (tx, rx) = channel();
    let listener = Listener::start(&boai, seen, tx).unwrap();
    wait_for(&rx, "XW-000", 2, Duration::from_secs(5));
    wait_for(&rx, "XW-001", 2, Duration::from_secs(5));
    listener.stop();
}
