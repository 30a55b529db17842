//! Footprints (项目用地范围) from a GDAL source: each polygon feature with whatever id, name and use it carries.
//! Footprint files are small, so plain per-feature OGR reading is enough here.

use std::path::Path;

use anyhow::{Result, anyhow, bail};
use gdal::Dataset;
use gdal::vector::LayerAccess;
use geo::{Coord, MultiPolygon};

use super::crs::{Reprojector, WorkingCrs, resolve_source_crs};
use super::field_map::FieldMap;
use crate::geometry::repair;

/// One footprint polygon and its labels.
#[derive(Debug, Clone, PartialEq)]
pub struct FootprintFeature {
    pub id: String,
    pub name: String,
    pub use_code: String,
    pub geometry: MultiPolygon<f64>,
    /// Repairs and assumptions, each naming the feature.
    pub notes: Vec<String>,
}

/// Reads the polygon features of the first layer that has any, reprojected to zone 38 and validated.
pub fn read_features(ds: &Dataset, path: &Path) -> Result<Vec<FootprintFeature>> {
    let file = path.display().to_string();
    let map = FieldMap::default();
    let mut out = Vec::new();
    for mut layer in ds.layers() {
        let srs = layer.spatial_ref();
        let code = srs.as_ref().and_then(|s| {
            let mut s = s.clone();
            s.auto_identify_epsg().ok();
            s.auth_code().ok().map(|c| c as u32)
        });
        let field_names: Vec<String> = layer.defn().fields().map(|f| f.name()).collect();
        let cols = map.resolve(&field_names);
        let mut reproject: Option<Reprojector> = None;
        for (n, f) in layer.features().enumerate() {
            let label = format!("{file}: 要素 / feature {}", n + 1);
            let Some(g) = f.geometry() else { continue };
            let geo = g.to_geo().map_err(|e| anyhow!("{label}: {e}"))?;
            let mp: MultiPolygon<f64> = match geo {
                geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
                geo::Geometry::MultiPolygon(mp) => mp,
                other => bail!("{label} 不是面（{}）/ is not a polygon", geometry_name(&other)),
            };
            let mut notes = Vec::new();
            if reproject.is_none() {
                let sample =
                    mp.0.first()
                        .and_then(|p| p.exterior().0.first().copied())
                        .unwrap_or(Coord { x: 0.0, y: 0.0 });
                let (def, note) = resolve_source_crs(code, None, Some(sample)).map_err(|e| anyhow!("{file}: {e}"))?;
                notes.extend(note);
                reproject = Some(Reprojector::new(&def, WorkingCrs::Zone38)?);
            }
            let Some(r) = &reproject else { continue };
            let mp = r.multipolygon(&mp)?;
            let fixed = repair(&mp).map_err(|e| anyhow!("{label}: {e}"))?;
            notes.extend(fixed.fixes.iter().map(|fx| format!("{label}: {fx}")));
            let text = |i: Option<usize>| {
                i.and_then(|i| f.field_as_string(i).ok().flatten())
                    .map(|s| s.trim().to_string())
                    .unwrap_or_default()
            };
            out.push(FootprintFeature {
                id: text(cols.id),
                name: text(cols.name),
                use_code: text(cols.planned_use),
                geometry: fixed.geometry,
                notes,
            });
        }
        if !out.is_empty() {
            break;
        }
    }
    if out.is_empty() {
        bail!("{file}: 没有面要素 / no polygon features");
    }
    Ok(out)
}

/// All footprint polygons of a source as one multipolygon.
pub fn read_polygons(ds: &Dataset, path: &Path) -> Result<MultiPolygon<f64>> {
    Ok(MultiPolygon(
        read_features(ds, path)?
            .into_iter()
            .flat_map(|f| f.geometry.0)
            .collect(),
    ))
}

fn geometry_name(g: &geo::Geometry<f64>) -> &'static str {
    match g {
        geo::Geometry::Point(_) | geo::Geometry::MultiPoint(_) => "点 point",
        geo::Geometry::LineString(_) | geo::Geometry::MultiLineString(_) | geo::Geometry::Line(_) => "线 line",
        _ => "其他 other",
    }
}
