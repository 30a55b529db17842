//! Resident memory and time of loading a library: `cargo run --release --example load_memory -- FILE`.
//! Prints bytes per parcel beyond the coordinates themselves (16 bytes a point).

use std::time::Instant;

fn rss_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .unwrap_or(0)
        * 1024
}

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: load_memory FILE"))?;
    // Warm GDAL's driver registry and the file cache, so only the load itself is counted.
    drop(stockfirst::io::load_library(std::path::Path::new(&path))?);
    let before = rss_bytes();
    let t = Instant::now();
    let lib = stockfirst::io::load_library(std::path::Path::new(&path))?;
    let secs = t.elapsed().as_secs_f64();
    let after = rss_bytes();
    let points: usize = lib
        .parcels()
        .iter()
        .flat_map(|p| p.geometry.0.iter())
        .map(|poly| poly.exterior().0.len() + poly.interiors().iter().map(|r| r.0.len()).sum::<usize>())
        .sum();
    let n = lib.len().max(1);
    let delta = after.saturating_sub(before) as f64;
    let coords = (points * 16) as f64;
    println!(
        "parcels: {n}\nload + index: {secs:.3} s\nresident delta: {:.1} MB\ncoordinates: {:.1} MB ({points} points)\nbytes per parcel beyond coordinates: {:.0}",
        delta / 1e6,
        coords / 1e6,
        (delta - coords) / n as f64
    );
    Ok(())
}
