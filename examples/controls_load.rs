//! Time of loading a control layer through the CLI's reader (GDAL read, checks, R-tree), for profiling:
//! `cargo run --release --example controls_load -- FILE.gpkg [RUNS]`.

/// The allocator the app ships with (src/main.rs), so the numbers are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use stockfirst::controls::GaussKruger;
use stockfirst::io::control_layers::{ControlReadOptions, read_control_sources};
use stockfirst::io::control_rules::builtin_control_rules;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: controls_load FILE [RUNS]"))?;
    let runs: usize = std::env::args().nth(2).and_then(|r| r.parse().ok()).unwrap_or(1);
    let rules = builtin_control_rules()?;
    let gk = GaussKruger::working();
    for _ in 0..runs {
        let t = std::time::Instant::now();
        let loaded = read_control_sources(
            &[std::path::PathBuf::from(&path)],
            &ControlReadOptions::default(),
            &rules,
            Some(&gk),
        )?;
        let n: usize = loaded.layers.layers.iter().map(|l| l.len()).sum();
        println!(
            "{n} features, {} problems in {:.3} s",
            loaded.problems.len(),
            t.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
