//! Issues 2 and 11: load a stock library (`io::load_library`: read the GeoPackage, build the parcels, the county
//! check, the R-tree), release build. Two shapes: our own generator's library (`lib-N.gpkg`, as
//! `stockfirst generate-sample --parcels N`) and an outside generator's (`outside-N.gpkg`, benches/outside_library.py:
//! 8–20 vertices, notches, holes, clockwise shells, multi-part parcels). Sizes from `LOAD_BENCH_SIZES`
//! (default "100000"); shapes from `LOAD_BENCH_SHAPES` (default "lib,outside"). The peer, geopandas via pyogrio with
//! Arrow, runs on the same files in benches/geopandas_load.sh, which also runs this bench: see docs/benchmarks.md.

/// The allocator the app ships with (src/main.rs), so the numbers are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, criterion_group, criterion_main};
use stockfirst::io::load_library;

mod support;

fn list(var: &str, default: &str) -> Vec<String> {
    std::env::var(var)
        .unwrap_or_else(|_| default.into())
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    for n in list("LOAD_BENCH_SIZES", "100000") {
        let n: usize = n.parse().expect("LOAD_BENCH_SIZES: numbers");
        for shape in list("LOAD_BENCH_SHAPES", "lib,outside") {
            let path = match shape.as_str() {
                "lib" => support::library_gpkg(n),
                "outside" => support::outside_gpkg(n),
                other => panic!("LOAD_BENCH_SHAPES: lib or outside, not {other}"),
            };
            g.bench_function(format!("{shape}_{n}"), |b| {
                // The library is freed outside the timing, as the peer's `del df` is.
                b.iter_with_large_drop(|| {
                    let lib = load_library(&path).expect("load");
                    assert_eq!(lib.len(), n);
                    lib
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
