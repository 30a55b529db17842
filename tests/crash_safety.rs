//! Issue 6, crash safety: a child process writes in a loop and is killed with SIGKILL after a random delay, 100 times
//! per kind of write. Afterwards the file must open and hold either the old state or the new one, never a mix.
//!
//! The child is this test binary itself, run with `STOCKFIRST_CRASH_CHILD=<kind>:<path>`; its only test
//! (`crash_child`) then writes until it is killed. Without the variable `crash_child` does nothing.
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use geo::{LineString, MultiPolygon, Polygon};
use stockfirst::io::gdal_write::{WriteMeta, write_parcels};
use stockfirst::io::gpkg_status::{StatusChange, read_audit, write_status};
use stockfirst::io::{assets, atomic, crs::WorkingCrs, load_library};
use stockfirst::model::{LandUse, Parcel, ParcelStatus, StockKind};
use stockfirst::ui::{ProjectBrief, ProjectFile, read_project_file, write_project_file};

const CHILD_ENV: &str = "STOCKFIRST_CRASH_CHILD";
const ITERATIONS: usize = 100;

// ---------------------------------------------------------------------------------------------------------------
// The two states of each kind.

/// Contents for `atomic::write_bytes`: 4 MiB, so a kill often lands mid-write.
fn bytes_state(which: u8) -> Vec<u8> {
    let mut v = format!("state {}\n", which as char).into_bytes();
    v.resize(4 << 20, which);
    v
}

fn rect(x: f64, y: f64, s: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![Polygon::new(
        LineString::from(vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)]),
        vec![],
    )])
}

fn library(n: usize) -> Vec<Parcel> {
    (0..n)
        .map(|i| {
            Parcel::new(
                format!("P{i}"),
                StockKind::Idle,
                LandUse::ydyh("1001"),
                "410821",
                rect(38_452_000.0 + 60.0 * i as f64, 3_905_000.0, 50.0),
            )
        })
        .collect()
}

/// The two libraries `write_parcels` alternates between: 40 or 70 parcels.
const LIB_OLD: usize = 40;
const LIB_NEW: usize = 70;

fn write_library(path: &Path, n: usize) {
    let counties = assets::counties().unwrap();
    write_parcels(path, &library(n), &counties, WorkingCrs::Zone38, &WriteMeta::default()).unwrap();
}

/// The status of P1 after `n` audited changes: each change toggles 可供 ↔ 已对接.
fn status_after(n: usize) -> (ParcelStatus, ParcelStatus) {
    if n.is_multiple_of(2) {
        (ParcelStatus::Available, ParcelStatus::Engaged)
    } else {
        (ParcelStatus::Engaged, ParcelStatus::Available)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The child.

/// Two states of an app project file (.ron): they differ in the sketch, the requirement and the chosen candidate.
/// A long sketch makes the file large enough for kills to land mid-write.
fn project_state(old: bool) -> ProjectFile {
    let n = if old { 4000 } else { 4001 };
    ProjectFile {
        version: 1,
        library: None,
        footprint: (0..n)
            .map(|k| (38_452_000.0 + k as f64, 3_905_000.0 + (k % 7) as f64))
            .collect(),
        footprint_closed: old,
        footprint_holes: vec![],
        footprint_parts: vec![],
        brief: ProjectBrief {
            area_mu: Some(if old { 15.0 } else { 30.0 }),
            ..Default::default()
        },
        chosen_candidate: Some(if old { "OLD".into() } else { "NEW".into() }),
        scenario: None,
        view: None,
        audit: vec![],
        control_layers: vec![],
        control_roles: Default::default(),
        library_mapping: None,
        layers: vec![],
    }
}

#[test]
fn crash_child() {
    let Ok(spec) = std::env::var(CHILD_ENV) else { return };
    let (kind, path) = spec.split_once(':').unwrap();
    let path = PathBuf::from(path);
    // Start-up (GDAL, PROJ) is done: tell the parent, whose random delay starts now.
    assets::counties().unwrap();
    println!("ready");
    let mut i = 0usize;
    loop {
        i += 1;
        match kind {
            "bytes" => atomic::write_bytes(&path, &bytes_state(if i.is_multiple_of(2) { b'A' } else { b'B' })).unwrap(),
            "gpkg" => write_library(&path, if i.is_multiple_of(2) { LIB_OLD } else { LIB_NEW }),
            "status" => {
                let n = read_audit(&path).unwrap().len();
                let (from, to) = status_after(n);
                let change = StatusChange {
                    parcel: "P1".into(),
                    who: String::new(),
                    from,
                    to,
                    note: format!("crash test change {n}"),
                    at: "2026-03-01T09:00:00".into(),
                    correction: false,
                };
                write_status(&path, "stock_parcels", &change).unwrap();
            }
            "project" => write_project_file(&path, &project_state(i.is_multiple_of(2))).unwrap(),
            other => panic!("unknown kind {other}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// The parent.

/// A small xorshift: the delays need no quality, only spread. Seeded from the clock; the seed is printed.
struct Rng(u64);
impl Rng {
    fn new() -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1)
            | 1;
        println!("seed {seed}");
        Rng(seed)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Runs the child writing `kind` to `path`, kills it after a random delay in `0..max_ms` ms, then calls `verify`.
/// Returns how many iterations changed the file (proof the kills landed among real writes).
fn kill_loop(kind: &str, path: &Path, max_ms: u64, mut verify: impl FnMut(usize) -> bool) -> usize {
    let exe = std::env::current_exe().unwrap();
    let mut rng = Rng::new();
    let mut changed = 0;
    let mut mid_write = 0;
    let started = Instant::now();
    // On a loaded machine the child may not reach its first write within `max_ms`: while no kill has yet landed
    // after a write, the window doubles every ten kills (up to 64×), so the kills still fall among real writes.
    let mut window_ms = max_ms;
    for i in 0..ITERATIONS {
        if changed == 0 && i > 0 && i % 10 == 0 {
            window_ms = (window_ms * 2).min(max_ms * 64);
        }
        let mut child = Command::new(&exe)
            .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, format!("{kind}:{}", path.display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while out.read_line(&mut line).unwrap() > 0 && !line.contains("ready") {
            line.clear();
        }
        std::thread::sleep(Duration::from_micros(rng.below(window_ms * 1000)));
        child.kill().unwrap(); // SIGKILL: no destructor, no flush, no rollback in the child
        child.wait().unwrap();
        // A temp file or a hot SQLite journal left behind means the kill landed in the middle of a write.
        let interrupted = std::fs::read_dir(path.parent().unwrap()).unwrap().any(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.starts_with('.') || name.ends_with("-journal")
        });
        if verify(i) {
            changed += 1;
        }
        if interrupted {
            mid_write += 1;
        }
        // Temp files of killed writers (".name.tmp-PID") are left behind; clear them so the next count is fresh.
        for e in std::fs::read_dir(path.parent().unwrap()).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().unwrap().to_string_lossy().starts_with('.') {
                std::fs::remove_file(p).unwrap();
            }
        }
    }
    println!(
        "{kind}: {ITERATIONS} kills in {:.1} s (window {window_ms} ms); {changed} changed the file, {mid_write} landed mid-write",
        started.elapsed().as_secs_f64()
    );
    changed
}

#[test]
fn killed_atomic_write_leaves_old_or_new_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.ron");
    atomic::write_bytes(&path, &bytes_state(b'A')).unwrap();
    let (a, b) = (bytes_state(b'A'), bytes_state(b'B'));
    let mut last = a.clone();
    let changed = kill_loop("bytes", &path, 30, |i| {
        let now = std::fs::read(&path).unwrap();
        assert!(
            now == a || now == b,
            "iteration {i}: the file holds neither state ({} bytes)",
            now.len()
        );
        let c = now != last;
        last = now;
        c
    });
    assert!(changed > 0, "the child never got to write: the test proves nothing");
}

#[test]
fn killed_geopackage_write_leaves_old_or_new_library() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.gpkg");
    write_library(&path, LIB_OLD);
    let mut last = LIB_OLD;
    let changed = kill_loop("gpkg", &path, 100, |i| {
        let lib = load_library(&path).unwrap_or_else(|e| panic!("iteration {i}: does not open: {e:#}"));
        assert!(
            lib.len() == LIB_OLD || lib.len() == LIB_NEW,
            "iteration {i}: {} parcels",
            lib.len()
        );
        let c = lib.len() != last;
        last = lib.len();
        c
    });
    assert!(changed > 0, "the child never got to write: the test proves nothing");
}

#[test]
fn killed_status_update_leaves_status_and_audit_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.gpkg");
    write_library(&path, 3);
    let mut last = 0;
    let changed = kill_loop("status", &path, 40, |i| {
        // The library must open (read-only, as the app does) and agree with its own audit log: n changes so
        // far means P1 toggled n times from 可供.
        let lib = load_library(&path).unwrap_or_else(|e| panic!("iteration {i}: does not open: {e:#}"));
        let n = read_audit(&path).unwrap().len();
        let p1 = lib.parcel(lib.index_of("P1").unwrap()).unwrap();
        assert_eq!(
            p1.status,
            status_after(n).0,
            "iteration {i}: status and audit log disagree after {n} changes"
        );
        assert!(n >= last, "iteration {i}: the audit log lost lines ({last} → {n})");
        let c = n != last;
        last = n;
        c
    });
    assert!(changed > 0, "the child never got to write: the test proves nothing");
}

#[test]
fn killed_project_file_save_leaves_old_or_new_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.ron");
    write_project_file(&path, &project_state(true)).unwrap();
    let (old, new) = (project_state(true), project_state(false));
    let mut last = old.clone();
    let changed = kill_loop("project", &path, 40, |i| {
        let now =
            read_project_file(&path).unwrap_or_else(|e| panic!("iteration {i}: the project does not open: {e:#}"));
        assert!(
            now == old || now == new,
            "iteration {i}: the project holds neither state"
        );
        let c = now != last;
        last = now;
        c
    });
    assert!(changed > 0, "the child never got to write: the test proves nothing");
}
