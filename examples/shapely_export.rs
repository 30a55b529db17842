//! Writes the 1M-parcel benchmark library and a set of footprints (1–50 hits) for `benches/shapely_compare.py`,
//! with this crate's own overlay results and per-footprint timings, so the two can be compared side by side.
//!
//! `cargo run --release --example shapely_export -- OUT_DIR [PARCELS]`

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use geo::MultiPolygon;
use stockfirst::library::StockLibrary;
use stockfirst::matching::{MatchOptions, Requirement, match_project, overlay};

#[path = "../benches/common/mod.rs"]
mod common;

fn wkb(mp: &MultiPolygon<f64>, out: &mut Vec<u8>) {
    out.push(1);
    out.extend_from_slice(&6u32.to_le_bytes());
    out.extend_from_slice(&(mp.0.len() as u32).to_le_bytes());
    for p in &mp.0 {
        out.push(1);
        out.extend_from_slice(&3u32.to_le_bytes());
        out.extend_from_slice(&(1 + p.interiors().len() as u32).to_le_bytes());
        for r in std::iter::once(p.exterior()).chain(p.interiors()) {
            out.extend_from_slice(&(r.0.len() as u32).to_le_bytes());
            for c in &r.0 {
                out.extend_from_slice(&c.x.to_le_bytes());
                out.extend_from_slice(&c.y.to_le_bytes());
            }
        }
    }
}

fn wkt(mp: &MultiPolygon<f64>) -> String {
    let polys: Vec<String> =
        mp.0.iter()
            .map(|p| {
                let rings: Vec<String> = std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .map(|r| {
                        format!(
                            "({})",
                            r.0.iter()
                                .map(|c| format!("{} {}", c.x, c.y))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })
                    .collect();
                format!("({})", rings.join(", "))
            })
            .collect();
    format!("MULTIPOLYGON ({})", polys.join(", "))
}

/// Median of `reps` timings of `f`, in microseconds.
fn median_us(reps: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[t.len() / 2]
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/shapely".into()));
    let n: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(1_000_000);
    std::fs::create_dir_all(&out)?;

    let t = Instant::now();
    let parcels = common::parcels(n);
    let gen_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let lib = StockLibrary::new(parcels);
    let load_s = t.elapsed().as_secs_f64();
    eprintln!(
        "generated {} parcels in {gen_s:.1} s, R-tree bulk load {load_s:.2} s",
        lib.len()
    );

    let mut w = BufWriter::new(std::fs::File::create(out.join("parcels.wkb"))?);
    let mut buf = Vec::with_capacity(256);
    for p in lib.parcels() {
        buf.clear();
        wkb(&p.geometry, &mut buf);
        w.write_all(&(buf.len() as u32).to_le_bytes())?;
        w.write_all(&buf)?;
    }
    w.flush()?;

    let fps = common::footprints(&lib, 100, 7);
    let mut w = BufWriter::new(std::fs::File::create(out.join("footprints.wkt"))?);
    for (k, (f, hits)) in fps.iter().enumerate() {
        writeln!(w, "{k};{hits};{}", wkt(f))?;
    }
    w.flush()?;

    let rules = stockfirst::io::match_rules()?;
    let reqs = common::requirements(&fps, 11);
    // Warm up caches the way a running app would be.
    for (f, _) in &fps {
        std::hint::black_box(overlay(&lib, f));
    }
    let mut res = BufWriter::new(std::fs::File::create(out.join("rust_overlay.csv"))?);
    let mut tim = BufWriter::new(std::fs::File::create(out.join("rust_timings.csv"))?);
    writeln!(res, "footprint,parcel,area_m2")?;
    writeln!(tim, "footprint,hits,overlay_us,full_match_us")?;
    let (mut ov, mut fm) = (Vec::new(), Vec::new());
    for (k, ((f, hits), req)) in fps.iter().zip(&reqs).enumerate() {
        let o = overlay(&lib, f);
        for h in &o.hits {
            writeln!(res, "{k},{},{:.17e}", h.parcel, h.overlap.m2())?;
        }
        let us = median_us(21, || {
            std::hint::black_box(overlay(&lib, f));
        });
        let full = median_us(7, || {
            std::hint::black_box(match_project(&lib, req, &rules, &MatchOptions::default()));
        });
        writeln!(tim, "{k},{hits},{us:.3},{full:.3}")?;
        ov.push(us);
        fm.push(full);
    }
    res.flush()?;
    tim.flush()?;
    ov.sort_by(f64::total_cmp);
    fm.sort_by(f64::total_cmp);
    let f50 = common::footprint_with_hits(&lib, 50, 3);
    let o50 = median_us(101, || {
        std::hint::black_box(overlay(&lib, &f50));
    });
    let summary = format!(
        "parcels={}\nfootprints={}\ngenerate_s={gen_s:.2}\nbulk_load_s={load_s:.3}\noverlay_p50_us={:.2}\noverlay_p95_us={:.2}\nfull_match_p50_us={:.1}\nfull_match_p95_us={:.1}\noverlay_50_hits_us={o50:.1}\n",
        lib.len(),
        fps.len(),
        common::percentile(&ov, 0.5),
        common::percentile(&ov, 0.95),
        common::percentile(&fm, 0.5),
        common::percentile(&fm, 0.95),
    );
    std::fs::write(out.join("rust_summary.txt"), &summary)?;
    print!("{summary}");
    let _ = Requirement::on_footprint;
    Ok(())
}
