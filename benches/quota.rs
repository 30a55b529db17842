//! 10 000 projects through the quota engine. Target: ≤ 10 ms per simulation (issue 4).

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use stockfirst::io::quota_files::builtin_rules;
use stockfirst::quota::{CityOpening, CountyInput, PoolId, Project, Revitalisation, Scenario, Tier, simulate};

const COUNTIES: [&str; 11] = [
    "410802", "410803", "410804", "410811", "410821", "410822", "410823", "410825", "410882", "410883", "gaoxin",
];

/// A deterministic scenario of `n` projects spread over the year, tiers and counties.
fn scenario(n: usize) -> Scenario {
    let mut s = Scenario::new("bench", 2026);
    s.provincial_average_cultivated_share = 0.3;
    s.city_pools.push(CityOpening {
        pool: PoolId::National,
        mu: 20_000.0,
        guaranteed_per_project: true,
    });
    s.city_pools.push(CityOpening {
        pool: PoolId::ProvincialBasic,
        mu: 60_000.0,
        guaranteed_per_project: false,
    });
    s.city_pools.push(CityOpening {
        pool: PoolId::CityCoordination,
        mu: 5_000.0,
        guaranteed_per_project: false,
    });
    s.revitalisation = Some(Revitalisation {
        year: 2025,
        mu: 30_000.0,
    });
    for c in COUNTIES {
        s.counties.push(CountyInput::new(c, 8_000.0, 3_000.0));
    }
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..n {
        let r = next();
        let county = COUNTIES[(r % 11) as usize];
        let tier = Tier::ALL[((r >> 8) % 5) as usize];
        let date = format!("2026-{:02}-{:02}", 1 + (r >> 16) % 12, 1 + (r >> 24) % 28);
        let new = 1.0 + ((r >> 32) % 40_000) as f64 / 100.0;
        let cult = new * ((r >> 48) % 100) as f64 / 100.0;
        if let Ok(p) = Project::new(format!("P{i}"), county, tier, &date, new, cult) {
            s.projects.push(p);
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let Ok(rules) = builtin_rules() else { return };
    let s = scenario(10_000);
    c.bench_function("quota simulate 10k projects", |b| {
        b.iter(|| simulate(black_box(&rules), black_box(&s)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
