//! The shared library's numbers for docs/benchmarks.md ("Shared library (issue 12)"), in one run:
//! loading a library from PostGIS (binary COPY → parcels → R-tree) vs from the GeoPackage it was imported from
//! (`io::load_library`), a status update's round trip on loopback, and how long a change takes to reach another
//! client's listener.
//!
//! `cargo run --release --example pg_bench -- ADMIN_URL OFFICER_URL FILE.gpkg [RUNS]`
//! ADMIN_URL: a database with the schema (imported into when empty); OFFICER_URL: a login role granted the county of
//! the first parcel (the bench grants it).

/// The allocator the app ships with (src/main.rs), so the numbers are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use stockfirst::io::postgis::{self, LibraryEvent, Listener, StatusRequest};
use stockfirst::model::ParcelStatus;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [admin, officer, file, rest @ ..] = args.as_slice() else {
        anyhow::bail!("usage: pg_bench ADMIN_URL OFFICER_URL FILE.gpkg [RUNS]");
    };
    let runs: usize = rest.first().and_then(|r| r.parse().ok()).unwrap_or(5);
    let path = std::path::Path::new(file);
    let counties = stockfirst::io::assets::counties()?;

    let mut a = postgis::open(admin)?;
    let have: i64 = a.query_one("SELECT count(*) FROM stockfirst.parcels", &[])?.get(0);
    let lib = stockfirst::io::load_library(path)?;
    if have == 0 {
        let t = Instant::now();
        postgis::import(&mut a, lib.parcels(), false)?;
        println!(
            "import {} parcels (binary COPY FROM, then VACUUM ANALYZE): {:.2} s",
            lib.len(),
            t.elapsed().as_secs_f64()
        );
    }
    let first = lib.parcels().first().context("empty library")?.clone();
    drop(lib);

    // Loading, alternated so both see the same machine load.
    let (mut pg, mut gpkg) = (Vec::new(), Vec::new());
    for _ in 0..runs + 1 {
        let t = Instant::now();
        let l = stockfirst::io::load_library(path)?;
        gpkg.push(t.elapsed().as_secs_f64());
        let n_file = l.len();
        drop(l);
        let t = Instant::now();
        // The same loader as the file, as the app and the CLI use it (county check and R-tree included).
        let l = stockfirst::io::load_library(std::path::Path::new(admin.as_str()))?;
        pg.push(t.elapsed().as_secs_f64());
        assert_eq!(l.len(), n_file);
    }
    // The first of each warms caches.
    let (pg, gpkg) = (pg[1..].to_vec(), gpkg[1..].to_vec());
    println!(
        "load {} parcels: PostGIS load_library (binary COPY, county check, R-tree) median {:.3} s (min {:.3}); GeoPackage load_library median {:.3} s (min {:.3}); ratio {:.2}",
        n_of(admin)?,
        median(pg.clone()),
        pg.iter().cloned().fold(f64::MAX, f64::min),
        median(gpkg.clone()),
        gpkg.iter().cloned().fold(f64::MAX, f64::min),
        median(pg.clone()) / median(gpkg.clone())
    );

    // Status round trips: one officer flips the first parcel back and forth.
    let role = postgis::config(officer)?.get_user().unwrap_or_default().to_string();
    let _ = a.batch_execute(&format!("CREATE ROLE {role} LOGIN"));
    postgis::grant(&mut a, &role, std::slice::from_ref(&first.county), &counties)?;
    let mut c = postgis::open(officer)?;
    let (tx, rx) = channel();
    let listener = Listener::start(admin, 1, tx)?;
    while !matches!(rx.recv_timeout(Duration::from_secs(10))?, LibraryEvent::Connected) {}
    let mut round = Vec::new();
    let mut seen = Vec::new();
    let mut version: i64 = c
        .query_one("SELECT version FROM stockfirst.parcels WHERE id = $1", &[&first.id])?
        .get(0);
    let mut status: ParcelStatus = postgis::read_some(&mut c, std::slice::from_ref(&first.id))?
        .pop()
        .map(|s| s.parcel.status)
        .context("first parcel")?;
    for i in 0..1000 {
        let to = if status == ParcelStatus::Engaged {
            ParcelStatus::Available
        } else {
            ParcelStatus::Engaged
        };
        let req = StatusRequest {
            parcel: first.id.clone(),
            expected_version: version,
            to,
            note: "bench".into(),
            correction: false,
        };
        let t = Instant::now();
        let out = postgis::change_status(&mut c, &req, &counties)?;
        round.push(t.elapsed().as_secs_f64() * 1e3);
        let stockfirst::model::SharedOutcome::Applied { version: v } = out else {
            anyhow::bail!("not applied: {out:?}");
        };
        version = v;
        status = to;
        // Notify latency on every 5th change: until the other connection hears this version.
        if i % 5 == 0 {
            loop {
                match rx.recv_timeout(Duration::from_secs(5))? {
                    LibraryEvent::Changed { version: got, .. } if got == v => break,
                    _ => {}
                }
            }
            seen.push(t.elapsed().as_secs_f64() * 1e3);
        } else {
            while rx.try_recv().is_ok() {}
        }
    }
    listener.stop();
    println!(
        "status round trip ({} updates, loopback): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        round.len(),
        pct(&mut round, 0.5),
        pct(&mut round, 0.95),
        pct(&mut round, 1.0)
    );
    println!(
        "change seen by another client's listener ({} samples, from send): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        seen.len(),
        pct(&mut seen, 0.5),
        pct(&mut seen, 0.95),
        pct(&mut seen, 1.0)
    );
    Ok(())
}

fn n_of(url: &str) -> Result<usize> {
    let mut c = postgis::open(url)?;
    let n: i64 = c.query_one("SELECT count(*) FROM stockfirst.parcels", &[])?.get(0);
    Ok(n as usize)
}
