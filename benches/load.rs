//! Issue 2: load the 100k-parcel GeoPackage and build the R-tree (release). Peer: geopandas via pyogrio
//! (see benches/geopandas_load.sh and docs/benchmarks.md).

use criterion::{Criterion, criterion_group, criterion_main};
use stockfirst::io::load_library;

mod support;

fn load(c: &mut Criterion) {
    let path = support::library_gpkg(100_000);
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.bench_function("gpkg_100k_read_and_index", |b| {
        b.iter(|| {
            let lib = load_library(&path).expect("load");
            assert_eq!(lib.len(), 100_000);
            lib
        })
    });
    g.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
