//! `generate-sample --controls`: the synthetic planning control layers over the sample library.
//!
//! The landscape is sketched in CGCS2000 lon/lat (approximate, from public small-scale maps: where the Taihang
//! hills begin, where the Yellow River and the 沁河 run) and projected to zone 38 with PROJ, like the county seats.

use std::path::Path;

use anyhow::{Context, Result};
use geo::orient::{Direction, Orient};
use geo::{Coord, GeodesicArea, LineString, MapCoords, Polygon, Rect};

use crate::io::sample_spec::CITY_EXTENT;
use crate::io::{assets, control_write, crs::Reprojector, crs::WorkingCrs};
use crate::model::Parcel;
use crate::sample::{ControlSpec, River, generate_controls};

/// The foot of the Taihang hills, west to east (lon, lat).
const HILL_FOOT: [(f64, f64); 8] = [
    (112.50, 35.12),
    (112.80, 35.15),
    (112.95, 35.18),
    (113.10, 35.25),
    (113.25, 35.285),
    (113.40, 35.29),
    (113.55, 35.31),
    (113.70, 35.35),
];
/// The Yellow River along the city's southern edge (lon, lat).
const YELLOW_RIVER: [(f64, f64); 8] = [
    (112.50, 34.90),
    (112.75, 34.865),
    (112.95, 34.86),
    (113.10, 34.88),
    (113.30, 34.91),
    (113.45, 34.95),
    (113.55, 34.975),
    (113.70, 35.00),
];
/// The 沁河 from the hills at 沁阳 to its mouth at 武陟 (lon, lat).
const QIN_RIVER: [(f64, f64); 6] = [
    (112.78, 35.17),
    (112.95, 35.07),
    (113.10, 35.02),
    (113.25, 35.03),
    (113.38, 35.00),
    (113.46, 34.965),
];

fn projected(to_gk: &Reprojector, pts: &[(f64, f64)]) -> Result<LineString<f64>> {
    let mut out = Vec::with_capacity(pts.len());
    for &(x, y) in pts {
        out.push(to_gk.point(Coord { x, y })?);
    }
    Ok(LineString::new(out))
}

/// The generator's input for the city: counties with an adcode, hills, rivers.
pub fn control_spec(seed: u64, patches: usize) -> Result<ControlSpec> {
    let to_gk = Reprojector::new("EPSG:4490", WorkingCrs::Zone38)?;
    let mut counties = Vec::new();
    for c in assets::counties()?.iter() {
        if let Some(code) = c.adcode {
            let (lon, lat) = c.seat_lon_lat;
            counties.push((code.to_string(), c.name.clone(), to_gk.point(Coord { x: lon, y: lat })?));
        }
    }
    let (lo, hi) = CITY_EXTENT;
    Ok(ControlSpec {
        seed,
        extent: Rect::new(Coord { x: lo[0], y: lo[1] }, Coord { x: hi[0], y: hi[1] }),
        patches,
        // "Dozens of vertices" for benchmark layers; fewer for the small committed sample.
        vertices_per_side: match patches {
            0..=20_000 => 2,
            20_001..=50_000 => 4,
            _ => 8,
        },
        counties,
        hill_foot: projected(&to_gk, &HILL_FOOT)?,
        rivers: vec![
            River {
                name: "黄河".into(),
                line: projected(&to_gk, &YELLOW_RIVER)?,
                half_width: 500.0,
                floodplain: 2_500.0,
                redline: 3_000.0,
            },
            River {
                name: "沁河".into(),
                line: projected(&to_gk, &QIN_RIVER)?,
                half_width: 90.0,
                floodplain: 400.0,
                redline: 0.0,
            },
        ],
        year: 2023,
    })
}

/// 椭球面积 of a zone-38 polygon: back to CGCS2000 lon/lat with PROJ, then the geodesic area (Karney) in geo.
fn ellipsoidal_m2(to_geo: &proj::Proj, p: &Polygon<f64>) -> f64 {
    // Counter-clockwise first: geo reads a clockwise ring as the rest of the globe.
    let p = p.orient(Direction::Default);
    let g = p.try_map_coords(|c| to_geo.convert((c.x, c.y)).map(|(x, y)| Coord { x, y }));
    g.map(|g| g.geodesic_area_unsigned()).unwrap_or(f64::NAN)
}

/// Generates the control layers over `parcels` and writes them to `out` (.gpkg or .gdb).
pub fn write(out: &Path, parcels: &[Parcel], seed: u64, patches: usize, parcel_count: usize) -> Result<()> {
    let spec = control_spec(seed, patches)?;
    let to_geo = proj::Proj::new_known_crs("EPSG:4526", "EPSG:4490", None)
        .context("PROJ 无法从 EPSG:4526 转换到 EPSG:4490 / PROJ cannot transform")?;
    let layers = generate_controls(&spec, parcels, &|p| ellipsoidal_m2(&to_geo, p));
    let description = format!(
        "合成样例数据，非真实调查或规划成果 / SYNTHETIC sample data, not a real survey or plan. stockfirst generate-sample \
         --parcels {parcel_count} --seed {seed} --dltb {patches}"
    );
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).ok();
    }
    control_write::write_control_layers(out, &layers, WorkingCrs::Zone38, &description)?;
    println!(
        "{} 地类图斑, {} 永久基本农田, {} 生态保护红线, {} 城镇开发边界, {} 村庄建设边界 → {}",
        layers.dltb.len(),
        layers.farmland.len(),
        layers.redline.len(),
        layers.boundary.len(),
        layers.villages.len(),
        out.display()
    );
    Ok(())
}
