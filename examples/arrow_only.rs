//! Time of GDAL's Arrow stream alone (no parcel building): `cargo run --release --example arrow_only -- FILE`.
fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: arrow_only FILE"))?;
    let ds = gdal::Dataset::open(&path)?;
    let mut layer = ds.layer(0)?;
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let mut n = 0usize;
        stockfirst::io::arrow_stream::for_each_row(&mut layer, |_, v| {
            n += v.len();
            Ok(())
        })?;
        println!("{n} values in {:.3} s", t.elapsed().as_secs_f64());
    }
    Ok(())
}
