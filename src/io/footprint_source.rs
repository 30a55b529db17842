//! Footprint polygons from a GDAL source: the union of all polygon features of the first polygon layer.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use gdal::Dataset;
use gdal::vector::LayerAccess;
use geo::{Coord, MultiPolygon};

use super::crs::{Reprojector, WorkingCrs, resolve_source_crs};
use crate::geometry::repair;

/// Reads every polygon of the first polygon layer, reprojected and validated.
pub fn read_polygons(ds: &Dataset, path: &Path) -> Result<MultiPolygon<f64>> {
    let file = path.display().to_string();
    let mut out = Vec::new();
    for mut layer in ds.layers() {
        let srs = layer.spatial_ref();
        let code = srs.as_ref().and_then(|s| {
            let mut s = s.clone();
            s.auto_identify_epsg().ok();
            s.auth_code().ok().map(|c| c as u32)
        });
        let mut reproject: Option<Reprojector> = None;
        for (n, f) in layer.features().enumerate() {
            let Some(g) = f.geometry() else { continue };
            let geo = g.to_geo().map_err(|e| anyhow!("{file}: 要素 {}: {e}", n + 1))?;
            let mp: MultiPolygon<f64> = match geo {
                geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
                geo::Geometry::MultiPolygon(mp) => mp,
                other => bail!(
                    "{file}: 要素 {} 不是面（{}）/ feature {} is not a polygon",
                    n + 1,
                    geometry_name(&other),
                    n + 1
                ),
            };
            if reproject.is_none() {
                let sample =
                    mp.0.first()
                        .and_then(|p| p.exterior().0.first().copied())
                        .unwrap_or(Coord { x: 0.0, y: 0.0 });
                let (def, _) = resolve_source_crs(code, None, Some(sample)).map_err(|e| anyhow!("{file}: {e}"))?;
                reproject = Some(Reprojector::new(&def, WorkingCrs::Zone38)?);
            }
            let Some(r) = &reproject else { continue };
            let mp = r.multipolygon(&mp)?;
            let fixed = repair(&mp).map_err(|e| anyhow!("{file}: 要素 {}: {e}", n + 1))?;
            out.extend(fixed.geometry.0);
        }
        if !out.is_empty() {
            break;
        }
    }
    Ok(MultiPolygon(out))
}

fn geometry_name(g: &geo::Geometry<f64>) -> &'static str {
    match g {
        geo::Geometry::Point(_) | geo::Geometry::MultiPoint(_) => "点 point",
        geo::Geometry::LineString(_) | geo::Geometry::MultiLineString(_) | geo::Geometry::Line(_) => "线 line",
        _ => "其他 other",
    }
}
