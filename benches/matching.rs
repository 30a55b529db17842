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
        // p50/p95 as an officer meets them: each requirement once per round, so the library's pages are as cold as
        // the previous match left them (a median of repeats on one requirement would be warm).
        let mut each: Vec<f64> = Vec::new();
        for _ in 0..10 {
            for r in &reqs {
                let s = std::time::Instant::now();
                black_box(common::full_match(&lib, r, &rules));
                each.push(s.elapsed().as_secs_f64() * 1e3);
            }
        }
        each.sort_by(f64::total_cmp);
        eprintln!(
            "full_match_{label}: p50 {:.3} ms, p95 {:.3} ms, max {:.3} ms over {} matches ({} requirements, 10 rounds)",
            common::percentile(&each, 0.5),
            common::percentile(&each, 0.95),
            each.last().copied().unwrap_or(f64::NAN),
            each.len(),
            reqs.len()
        );
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
