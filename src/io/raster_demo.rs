//! A synthetic orthophoto for demos and screenshots (the `basemap` scene): a patchwork of fields, village blocks,
//! a road grid and a river over any working-CRS rectangle, written as a tiled GeoTIFF in the working CRS with
//! overviews. It only looks like land; it is not a survey.

use std::path::Path;

use anyhow::{Context, Result};
use gdal::DriverManager;
use gdal::raster::{Buffer, RasterCreationOptions};
use gdal::spatial_ref::SpatialRef;
use geo::Rect;

use super::crs::WorkingCrs;

/// Writes the demo orthophoto over `extent` at `pixel_m` metres a pixel; returns its size in pixels.
pub fn write_demo_orthophoto(
    path: &Path,
    extent: Rect<f64>,
    pixel_m: f64,
    working: WorkingCrs,
) -> Result<(usize, usize)> {
    let w = (extent.width() / pixel_m).ceil().max(1.0) as usize;
    let h = (extent.height() / pixel_m).ceil().max(1.0) as usize;
    let driver = DriverManager::get_driver_by_name("GTiff")?;
    let opts = RasterCreationOptions::from_iter(["TILED=YES", "COMPRESS=DEFLATE", "PHOTOMETRIC=RGB"]);
    let mut ds = driver
        .create_with_band_type_with_options::<u8, _>(path, w, h, 3, &opts)
        .with_context(|| format!("{}", path.display()))?;
    ds.set_geo_transform(&[extent.min().x, pixel_m, 0.0, extent.max().y, 0.0, -pixel_m])?;
    ds.set_spatial_ref(&SpatialRef::from_epsg(working.epsg())?)?;
    let mut planes = vec![vec![0u8; w * h]; 3];
    for row in 0..h {
        let y = extent.max().y - (row as f64 + 0.5) * pixel_m;
        for col in 0..w {
            let x = extent.min().x + (col as f64 + 0.5) * pixel_m;
            let rgb = colour_at(x, y);
            for (b, v) in rgb.into_iter().enumerate() {
                planes[b][row * w + col] = v;
            }
        }
    }
    for (b, p) in planes.into_iter().enumerate() {
        let mut buf = Buffer::new((w, h), p);
        ds.rasterband(b + 1)?.write((0, 0), (w, h), &mut buf)?;
    }
    ds.build_overviews("AVERAGE", &[2, 4, 8, 16], &[])?;
    Ok((w, h))
}

/// A deterministic hash of a cell, for field colours.
fn hash(a: i64, b: i64) -> u64 {
    let mut z = (a as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (b as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z ^ (z >> 31)
}

fn colour_at(x: f64, y: f64) -> [u8; 3] {
    // A river winding east–west.
    let river = y - 3_900_000.0 - 900.0 * (x / 2300.0).sin();
    if (river % 9000.0).abs() < 35.0 {
        return [70, 110, 140];
    }
    // Roads every 1.2 km, 10 m wide.
    let (rx, ry) = (x.rem_euclid(1200.0), y.rem_euclid(1200.0));
    if rx < 10.0 || ry < 10.0 {
        return [205, 200, 190];
    }
    // Fields: strips of 60 × 240 m in 1.2 km blocks; some blocks are villages.
    let (bx, by) = ((x / 1200.0).floor() as i64, (y / 1200.0).floor() as i64);
    let block = hash(bx, by);
    if block.is_multiple_of(7) {
        let (hx, hy) = ((x / 25.0).floor() as i64, (y / 25.0).floor() as i64);
        let roof = hash(hx, hy) % 5;
        return match roof {
            0 => [150, 150, 150],
            1 => [185, 120, 95],
            _ => [175, 170, 160],
        };
    }
    let horizontal = block.is_multiple_of(2);
    let (sx, sy) = if horizontal {
        ((x / 240.0).floor() as i64, (y / 60.0).floor() as i64)
    } else {
        ((x / 60.0).floor() as i64, (y / 240.0).floor() as i64)
    };
    let f = hash(sx, sy);
    let shade = (f % 30) as u8;
    match f % 5 {
        0 | 1 => [70 + shade, 120 + shade, 55],
        2 => [120 + shade, 145 + shade, 70],
        3 => [165 + shade, 150, 105],
        _ => [95 + shade, 130, 60 + shade],
    }
}
