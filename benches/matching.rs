//! Matching benchmarks (issue 3): R-tree bulk load, one full match, an overlay with 50 hits, on generated
//! libraries of 100k and 1M parcels. Results: docs/benchmarks.md, section "Matching".

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use stockfirst::library::StockLibrary;
use stockfirst::matching::overlay;

mod common;

fn matching(c: &mut Criterion) {
    let rules = stockfirst::io::match_rules().expect("built-in rules");
    for (label, n) in [("100k", 100_000usize), ("1M", 1_000_000)] {
        let parcels = common::parcels(n);
        let mut g = c.benchmark_group(format!("matching_{label}"));
        g.sample_size(10);
        g.bench_function("rtree_bulk_load", |b| {
            b.iter_batched(
                || parcels.clone(),
                |ps| black_box(StockLibrary::new(ps)),
                BatchSize::LargeInput,
            )
        });
        g.finish();
        let lib = StockLibrary::new(parcels);

        let mut g = c.benchmark_group(format!("matching_{label}"));
        g.sample_size(50);
        let fps = common::footprints(&lib, 10, 7);
        let reqs = common::requirements(&fps, 11);
        let mut k = 0;
        g.bench_function("full_match", |b| {
            b.iter(|| {
                k = (k + 1) % reqs.len();
                black_box(common::full_match(&lib, &reqs[k], &rules))
            })
        });
        let f50 = common::footprint_with_hits(&lib, 50, 3);
        g.bench_function("overlay_50_hits", |b| {
            b.iter(|| black_box(overlay(&lib, &f50).hits.len()))
        });
        g.finish();
    }
}

criterion_group!(benches, matching);
criterion_main!(benches);
