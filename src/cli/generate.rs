//! `stockfirst generate-sample`: the synthetic library (and the 100k / 1M benchmark libraries).

use std::path::PathBuf;

use anyhow::Result;
use geo::{Coord, Rect};

use crate::io::{assets, crs::Reprojector, crs::WorkingCrs, gdal_write};
use crate::sample::{SampleSpec, generate};

#[derive(clap::Args, Debug)]
pub struct GenerateArgs {
    /// Number of parcels (3000 for the sample; 100000 or 1000000 for benchmarks).
    #[arg(long, default_value_t = 3000)]
    pub parcels: usize,
    /// Seed; the same seed gives the same library.
    #[arg(long, default_value_t = 20260116)]
    pub seed: u64,
    /// Output file (.gpkg, .geojson or .shp).
    #[arg(long, default_value = "sample-data/jiaozuo-stock-sample.gpkg")]
    pub out: PathBuf,
}

/// Jiaozuo's extent (112.57–113.65°E, 34.81–35.50°N) in zone 38, rounded outwards.
pub const CITY_EXTENT: ([f64; 2], [f64; 2]) = ([38_369_000.0, 3_853_000.0], [38_470_000.0, 3_931_000.0]);

/// The generator's input: county seats projected to zone 38 with PROJ.
pub fn sample_spec(parcels: usize, seed: u64) -> Result<SampleSpec> {
    let counties = assets::counties()?;
    let to_gk = Reprojector::new("EPSG:4490", WorkingCrs::Zone38)?;
    let mut seats = Vec::new();
    for c in counties.iter() {
        let (lon, lat) = c.seat_lon_lat;
        seats.push((c.id.clone(), c.name.clone(), to_gk.point(Coord { x: lon, y: lat })?));
    }
    let (lo, hi) = CITY_EXTENT;
    Ok(SampleSpec {
        parcels,
        seed,
        seats,
        extent: Rect::new(Coord { x: lo[0], y: lo[1] }, Coord { x: hi[0], y: hi[1] }),
    })
}

pub fn run(args: GenerateArgs) -> Result<()> {
    let spec = sample_spec(args.parcels, args.seed)?;
    let parcels = generate(&spec);
    let counties = assets::counties()?;
    let meta = gdal_write::WriteMeta {
        layer: "stock_parcels".into(),
        description: format!(
            "合成样例数据，非真实地块 / SYNTHETIC sample data, not real parcels. stockfirst generate-sample --parcels {} --seed {}",
            args.parcels, args.seed
        ),
    };
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir).ok();
    }
    gdal_write::write_parcels(&args.out, &parcels, &counties, WorkingCrs::Zone38, &meta)?;
    println!("{} parcels → {}", parcels.len(), args.out.display());
    Ok(())
}
