//! The sample generator's input for Jiaozuo: the county seats from the bundled table, projected with PROJ.
//! Here at the edge because it reads an asset and needs PROJ; the generator itself (`crate::sample`) is pure.

use anyhow::Result;
use geo::{Coord, Rect};

use super::{assets, crs::Reprojector, crs::WorkingCrs};
use crate::sample::SampleSpec;

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
