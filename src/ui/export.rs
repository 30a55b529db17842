//! Exports: the sketch as GeoJSON (working CRS), written atomically.

use std::path::Path;

use anyhow::Result;

use super::map::sketch::Sketch;
use super::project_file::write_atomic;

/// The sketch as a GeoJSON FeatureCollection with its area in 亩 (coordinates in EPSG:4526).
pub fn sketch_geojson(s: &Sketch) -> serde_json::Value {
    let mut ring: Vec<[f64; 2]> = s.vertices.iter().map(|c| [c.x, c.y]).collect();
    if let Some(f) = ring.first().copied() {
        ring.push(f);
    }
    serde_json::json!({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4526"}},
        "features": [{
            "type": "Feature",
            "properties": {"area_mu": s.area().mu(), "area_m2": s.area().m2()},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }],
    })
}

pub fn write_sketch_geojson(path: &Path, s: &Sketch) -> Result<()> {
    anyhow::ensure!(
        s.vertices.len() >= 3,
        "草图不足三个顶点 / the sketch needs three vertices"
    );
    write_atomic(path, serde_json::to_string_pretty(&sketch_geojson(s))?.as_bytes())
}
