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

/// Exports the sketch by the file's extension: `.txt` boundary TXT (部标界址点坐标); `.shp`, `.gpkg`, `.geojson` and
/// the other GDAL formats of `io::gdal_write` with id, name, use and area; anything else as plain GeoJSON.
pub fn write_sketch(path: &Path, s: &Sketch, name: &str, use_code: &str) -> Result<()> {
    anyhow::ensure!(
        s.vertices.len() >= 3,
        "草图不足三个顶点 / the sketch needs three vertices"
    );
    let geom = geo::MultiPolygon(vec![super::map::sketch::to_polygon(&s.vertices)]);
    let name = if name.trim().is_empty() { "项目用地" } else { name };
    let is_txt = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    if is_txt {
        use crate::io::boundary_txt::{BoundaryHeader, BoundaryParcel, WriteOptions, write_boundary_txt};
        let mut parcel = BoundaryParcel::from_geometry("1", name, geom);
        parcel.use_code = use_code.to_string();
        write_boundary_txt(path, &BoundaryHeader::standard(38), &[parcel], &WriteOptions::default())?;
        return Ok(());
    }
    if crate::io::gdal_write::VectorFormat::from_path(path).is_some() {
        let feature = crate::io::footprint_source::FootprintFeature {
            id: "1".into(),
            name: name.to_string(),
            use_code: use_code.to_string(),
            geometry: geom,
            notes: Vec::new(),
        };
        return crate::io::gdal_write::write_footprints(path, &[feature], crate::io::crs::WorkingCrs::Zone38);
    }
    write_sketch_geojson(path, s)
}

/// The outer ring of the first polygon of an imported footprint (TXT or any GDAL source), without its closing vertex,
/// and the reader's warnings for the officer.
pub fn read_footprint_ring(path: &Path) -> Result<(Vec<geo::Coord<f64>>, Vec<String>)> {
    let read = crate::io::read_footprint(path)?;
    let mp = read.polygons;
    let poly =
        mp.0.first()
            .ok_or_else(|| anyhow::anyhow!("{}: 没有面 / no polygons", path.display()))?;
    let mut ring = poly.exterior().0.clone();
    if ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    let mut warnings = read.warnings;
    // The sketch holds one ring until it becomes a multipolygon: say what was left out rather than drop it silently.
    let parts = mp.0.len();
    let holes: usize = mp.0.iter().map(|p| p.interiors().len()).sum();
    if parts > 1 || holes > 0 {
        warnings.push(format!(
            "{}: 草图只取第一个面的外环，另有 {} 个面、{} 个洞未导入 / the sketch keeps the outer ring of the first \
             polygon; {} more part(s) and {} hole(s) were not imported",
            path.display(),
            parts - 1,
            holes,
            parts - 1,
            holes
        ));
    }
    Ok((ring, warnings))
}
