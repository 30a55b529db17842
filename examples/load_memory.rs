//! Resident memory and time of loading a library: `cargo run --release --example load_memory -- FILE`.
//! Prints bytes per parcel beyond the coordinates themselves (16 bytes a point).

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Counts live heap bytes, so the library's own footprint is measured exactly (RSS also counts the allocator's slack);
/// the allocations themselves go to mimalloc, the allocator the app ships with (src/main.rs).
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Ordering::Relaxed);
        unsafe { mimalloc::MiMalloc.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { mimalloc::MiMalloc.dealloc(p, l) }
    }
}
#[global_allocator]
static GLOBAL: Counting = Counting;

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

fn count_points(lib: &stockfirst::library::StockLibrary) -> usize {
    lib.parcels()
        .iter()
        .flat_map(|p| p.geometry.0.iter())
        .map(|poly| poly.exterior().0.len() + poly.interiors().iter().map(|r| r.0.len()).sum::<usize>())
        .sum()
}

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: load_memory FILE"))?;
    // Register GDAL's drivers and warm the file cache, so only the load itself is counted.
    let p = std::path::Path::new(&path);
    stockfirst::io::gdal_source::list_layers(p, None)?;
    drop(std::fs::read(p)?);
    let counties = stockfirst::io::assets::counties()?;
    let catalog = stockfirst::io::assets::land_use_catalog()?;
    let before = rss_bytes();
    let live_before = LIVE.load(Ordering::Relaxed);
    let t = Instant::now();
    let loaded = stockfirst::io::gdal_source::read_parcels(p, &Default::default(), &counties, &catalog)?;
    let read = t.elapsed().as_secs_f64();
    let before_index = LIVE.load(Ordering::Relaxed);
    let lib = stockfirst::library::StockLibrary::new(loaded.parcels);
    println!(
        "index (R-tree + id order) heap per parcel: {:.0} B",
        (LIVE.load(Ordering::Relaxed) - before_index) as f64 / lib.len().max(1) as f64
    );
    let secs = t.elapsed().as_secs_f64();
    // Hand freed transient buffers (GDAL's batches, parse scratch) back to the OS: count what the library keeps.
    unsafe extern "C" {
        fn malloc_trim(pad: usize) -> i32;
    }
    unsafe { malloc_trim(0) };
    let live = LIVE.load(Ordering::Relaxed) - live_before;
    println!(
        "Rust heap kept: {:.1} MB; size_of Parcel {} B; heap bytes per parcel beyond coordinates: {:.0}",
        live as f64 / 1e6,
        std::mem::size_of::<stockfirst::model::Parcel>(),
        (live as f64 - 16.0 * count_points(&lib) as f64) / lib.len().max(1) as f64
    );
    println!("read: {read:.3} s, index: {:.3} s", secs - read);
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
