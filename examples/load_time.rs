//! Time of `io::load_library` (what the app and the CLI call), for profiling:
//! `cargo run --release --example load_time -- FILE [RUNS]`; `perf record -g target/release/examples/load_time FILE`.

/// The allocator the app ships with (src/main.rs), so the numbers are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: load_time FILE [RUNS]"))?;
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    for _ in 0..runs {
        let t = std::time::Instant::now();
        let lib = stockfirst::io::load_library(std::path::Path::new(&path))?;
        println!("{} parcels in {:.3} s", lib.len(), t.elapsed().as_secs_f64());
    }
    Ok(())
}
