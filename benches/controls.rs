//! Issue 10: planning-control overlay of project footprints on a generated 1M-图斑 DLTB (release).
//!
//! Generates the DLTB once (target/controls-bench/dltb-<n>.gpkg, `sample::generate_controls` with 8 vertices a side,
//! as `stockfirst generate-sample --controls … --dltb <n>`), times loading it through the same reader the CLI uses
//! (`io::control_layers::read_control_sources`: GDAL read, checks, R-tree), then times `controls::overlay` of each
//! footprint (median of 21 runs each, as the shapely script does) and writes footprints.wkt and rust.json for
//! `benches/shapely_controls.py`, which does the same overlay with shapely in the same run
//! (`benches/shapely_controls.sh`). Criterion then measures the overlay round-robin over the footprints.
//! `CONTROLS_BENCH_N` sets the number of 图斑 (default 1 000 000).

use std::path::PathBuf;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use geo::{BoundingRect, Coord, LineString, MultiPolygon, Polygon};
use stockfirst::cli::generate_controls::control_spec;
use stockfirst::controls::GaussKruger;
use stockfirst::controls::{ControlLayers, Role, overlay};
use stockfirst::io::control_layers::{ControlReadOptions, read_control_sources};
use stockfirst::io::control_rules::builtin_control_rules;
use stockfirst::io::control_write::write_control_layers;
use stockfirst::io::crs::WorkingCrs;
use stockfirst::io::sample_spec::sample_spec;
use stockfirst::sample::{generate, generate_controls};

const REPS: usize = 21;

fn dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/controls-bench");
    std::fs::create_dir_all(&d).ok();
    d
}

fn n() -> usize {
    std::env::var("CONTROLS_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

/// Fifty footprints of 5–300 亩 by rule on the sample library: every 60th parcel's box, grown and shifted so it
/// takes the parcel, its neighbours and the 耕地 around it, as a real site selection does; every fifth is an L.
fn footprints() -> Vec<MultiPolygon<f64>> {
    let parcels = generate(&sample_spec(3000, 20260116).expect("seats"));
    let mut out = Vec::new();
    for (k, p) in parcels.iter().step_by(60).enumerate() {
        let Some(b) = p.geometry.bounding_rect() else { continue };
        let (w, h) = (b.width().clamp(60.0, 700.0), b.height().clamp(60.0, 700.0));
        let (x0, y0) = (b.min().x + 0.3 * w, b.min().y - 0.2 * h);
        let (x1, y1) = (x0 + 1.3 * w, y0 + 1.3 * h);
        let ring = if k % 5 == 0 {
            vec![
                (x0, y0),
                (x1, y0),
                (x1, y1),
                ((x0 + x1) / 2.0, y1),
                ((x0 + x1) / 2.0, (y0 + y1) / 2.0),
                (x0, (y0 + y1) / 2.0),
                (x0, y0),
            ]
        } else {
            vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        };
        out.push(MultiPolygon(vec![Polygon::new(LineString::from(ring), vec![])]));
    }
    out
}

fn dltb_gpkg(n: usize) -> PathBuf {
    let path = dir().join(format!("dltb-{n}.gpkg"));
    if !path.exists() {
        let t = Instant::now();
        let parcels = generate(&sample_spec(3000, 20260116).expect("seats"));
        let spec = control_spec(20260116, n).expect("spec");
        // TBMJ by the planar area: within 0.05 % of the ellipsoidal one here, and not what is measured.
        let mut layers = generate_controls(&spec, &parcels, &|p| geo::Area::unsigned_area(p));
        // The DLTB alone: what is timed on both sides is loading that one layer.
        layers.farmland.clear();
        layers.redline.clear();
        layers.boundary.clear();
        layers.villages.clear();
        write_control_layers(&path, &layers, WorkingCrs::Zone38, "benchmark").expect("write");
        eprintln!(
            "generated {} 图斑 in {:.1} s → {}",
            layers.dltb.len(),
            t.elapsed().as_secs_f64(),
            path.display()
        );
    }
    path
}

fn bench(c: &mut Criterion) {
    let n = n();
    let path = dltb_gpkg(n);
    let rules = builtin_control_rules().expect("rules");
    let inv = GaussKruger::working();
    let (t, cpu0) = (Instant::now(), cpu_s());
    let loaded = read_control_sources(
        std::slice::from_ref(&path),
        &ControlReadOptions::default(),
        &rules,
        Some(&inv),
    )
    .expect("load");
    let load_s = t.elapsed().as_secs_f64();
    // CPU seconds of every thread: on a shared machine the wall time also measures the neighbours.
    let load_cpu_s = cpu_s() - cpu0;
    // The DLTB alone, as the shapely side overlays it.
    let layers = ControlLayers::new(loaded.layers.of(Role::LandSurvey).cloned().collect());
    let features: usize = layers.of(Role::LandSurvey).map(|l| l.len()).sum();
    eprintln!(
        "loaded {features} 图斑 in {load_s:.2} s wall, {load_cpu_s:.2} s CPU ({} problems)",
        loaded.problems.len()
    );
    drop(loaded);

    let fps = footprints();
    let mut wkt = String::new();
    let mut rows = Vec::new();
    for fp in &fps {
        overlay(&layers, &rules.catalogue, fp, &inv); // warm-up
    }
    for fp in &fps {
        let mut times = Vec::with_capacity(REPS);
        let mut last = None;
        for _ in 0..REPS {
            let t = Instant::now();
            let o = overlay(&layers, &rules.catalogue, fp, &inv);
            times.push(t.elapsed().as_secs_f64() * 1e6);
            last = Some(o);
        }
        times.sort_by(f64::total_cmp);
        let o = last.expect("ran");
        rows.push(format!(
            "{{\"median_us\":{},\"cultivated_mu\":{},\"tiankan_mu\":{}}}",
            times[REPS / 2],
            o.cultivated.mu(),
            o.tiankan.mu()
        ));
        wkt.push_str(&wkt_of(fp));
        wkt.push('\n');
    }
    std::fs::write(dir().join("footprints.wkt"), wkt).expect("write footprints");
    std::fs::write(
        dir().join("rust.json"),
        format!(
            "{{\"features\":{features},\"load_s\":{load_s},\"load_cpu_s\":{load_cpu_s},\"footprints\":[{}]}}",
            rows.join(",")
        ),
    )
    .expect("write rust.json");

    let mut g = c.benchmark_group("controls");
    g.sample_size(50);
    let mut i = 0;
    g.bench_function(format!("overlay_dltb_{n}"), |b| {
        b.iter(|| {
            i = (i + 1) % fps.len();
            overlay(&layers, &rules.catalogue, &fps[i], &inv)
        })
    });
    g.finish();
}

/// User + system CPU seconds of this process so far (all threads).
fn cpu_s() -> f64 {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct it is given.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
        return f64::NAN;
    }
    let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 * 1e-6;
    t(u.ru_utime) + t(u.ru_stime)
}

fn wkt_of(g: &MultiPolygon<f64>) -> String {
    let ring = |l: &LineString<f64>| {
        let pts: Vec<String> = l.0.iter().map(|c: &Coord<f64>| format!("{} {}", c.x, c.y)).collect();
        format!("({})", pts.join(", "))
    };
    let polys: Vec<String> =
        g.0.iter()
            .map(|p| {
                let rings: Vec<String> = std::iter::once(p.exterior()).chain(p.interiors()).map(ring).collect();
                format!("({})", rings.join(", "))
            })
            .collect();
    format!("MULTIPOLYGON ({})", polys.join(", "))
}

criterion_group!(benches, bench);
criterion_main!(benches);
