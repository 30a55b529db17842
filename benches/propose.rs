//! 存量组合 benchmark (issue 15): one `propose` (pool on a 5 km radius, branch and bound, ranking, the red lines and
//! their 套核, top 3, no control layers) at 40 points on generated libraries of 100k and 1M parcels. Target: p95 ≤ 50 ms.
//! Then 智能选址: `propose_sites` (3 red lines grown on the 20 m grid, their 套核 and increment overlay) at 20 points of
//! the bundled sample with its control layers (sample-data/). Target: ≤ 1 s.
//! Results: docs/benchmarks.md, section "存量组合".

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use geo::Centroid;
use stockfirst::library::StockLibrary;
use stockfirst::matching::Requirement;
use stockfirst::model::{Area, LandUse};
use stockfirst::propose::propose;
use stockfirst::sample::SplitMix64;

mod common;

/// Points on stock (every parcel's centroid is a fair place to ask), uses and sizes drawn from the common ones.
fn requirements(lib: &StockLibrary, n: usize, seed: u64) -> Vec<Requirement> {
    let uses = ["1001", "100101", "0901", "1101", "070102"];
    let mut rng = SplitMix64::new(seed);
    (0..n)
        .filter_map(|_| {
            let p = lib.parcel(rng.below(lib.len()) as u32)?;
            let at = p.geometry.centroid()?.0;
            let mu = 50.0 + rng.below(750) as f64;
            Requirement::at_point(at, LandUse::ydyh(uses[rng.below(uses.len())]), Area::from_mu(mu)).ok()
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let rules = stockfirst::io::match_rules().expect("built-in rules");
    for (label, n) in [("100k", 100_000usize), ("1M", 1_000_000)] {
        let lib = StockLibrary::new(common::parcels(n));
        let reqs = requirements(&lib, 40, 15);
        // p50/p95 across the points, each the median of 5 runs.
        let mut per: Vec<f64> = Vec::new();
        let (mut exact, mut pieces) = (0usize, 0usize);
        for r in &reqs {
            let mut t: Vec<f64> = (0..5)
                .map(|_| {
                    let s = Instant::now();
                    let a = propose(&lib, r, &rules, 3, None);
                    let dt = s.elapsed().as_secs_f64() * 1e3;
                    if let Ok(a) = black_box(a) {
                        pieces = pieces.max(a.candidates);
                        exact += usize::from(a.method == stockfirst::propose::Method::Exact);
                    }
                    dt
                })
                .collect();
            t.sort_by(f64::total_cmp);
            per.push(t[2]);
        }
        per.sort_by(f64::total_cmp);
        eprintln!(
            "propose_{label}: p50 {:.2} ms, p95 {:.2} ms over {} points; exact {}/{}; largest pool {pieces}",
            common::percentile(&per, 0.5),
            common::percentile(&per, 0.95),
            per.len(),
            exact / 5,
            reqs.len()
        );
        let mut g = c.benchmark_group(format!("propose_{label}"));
        g.sample_size(20);
        let mut k = 0;
        g.bench_function("combination_5km", |b| {
            b.iter(|| {
                k = (k + 1) % reqs.len();
                black_box(propose(&lib, &reqs[k], &rules, 3, None).map(|a| a.proposals.len()).ok())
            })
        });
        g.finish();
    }
}

/// 智能选址 on the bundled sample (3000 parcels, 5 581 DLTB 图斑, 永久基本农田, 生态保护红线, 城镇开发边界).
fn bench_site(c: &mut Criterion) {
    use stockfirst::controls::GaussKruger;
    use stockfirst::io::control_layers::{ControlReadOptions, read_control_sources};
    use stockfirst::propose::{Controls, propose_sites};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let (Ok(lib), Ok(crules)) = (
        stockfirst::io::load_library(&root.join("jiaozuo-stock-sample.gpkg")),
        stockfirst::io::control_rules::builtin_control_rules(),
    ) else {
        eprintln!("site: the bundled sample is missing; skipped");
        return;
    };
    let gk = GaussKruger::working();
    let Ok(loaded) = read_control_sources(
        &[root.join("jiaozuo-controls-sample.gpkg")],
        &ControlReadOptions::default(),
        &crules,
        Some(&gk),
    ) else {
        eprintln!("site: the sample control layers cannot be read; skipped");
        return;
    };
    let rules = stockfirst::io::match_rules().expect("built-in rules");
    let ctl = Controls {
        layers: &loaded.layers,
        rules: &crules,
        inv: &gk,
    };
    let reqs = requirements(&lib, 20, 16);
    let mut per: Vec<f64> = Vec::new();
    let mut grown = 0usize;
    for r in &reqs {
        let mut t: Vec<f64> = (0..3)
            .map(|_| {
                let s = Instant::now();
                let a = black_box(propose_sites(&lib, r, &rules, 3, &ctl));
                grown += a.map(|v| v.len()).unwrap_or(0);
                s.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        t.sort_by(f64::total_cmp);
        per.push(t[1]);
    }
    per.sort_by(f64::total_cmp);
    eprintln!(
        "site_sample: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms over {} points; {} red lines",
        common::percentile(&per, 0.5),
        common::percentile(&per, 0.95),
        per.last().copied().unwrap_or(0.0),
        per.len(),
        grown / 3
    );
    let mut g = c.benchmark_group("propose_site");
    g.sample_size(10);
    let mut k = 0;
    g.bench_function("site_3_red_lines", |b| {
        b.iter(|| {
            k = (k + 1) % reqs.len();
            black_box(propose_sites(&lib, &reqs[k], &rules, 3, &ctl).map(|v| v.len()).ok())
        })
    });
    g.finish();
}

criterion_group!(benches, bench_site, bench);
criterion_main!(benches);
