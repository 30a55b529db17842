//! Exports: the sketch as GeoJSON (working CRS), written atomically.

use std::path::Path;

use anyhow::Result;

use super::map::sketch::Sketch;
use super::project_file::write_atomic;

/// The sketch as a GeoJSON FeatureCollection with its area in 亩 (coordinates in EPSG:4526).
pub fn sketch_geojson(s: &Sketch) -> serde_json::Value {
    let closed = |r: &geo::LineString<f64>| -> Vec<[f64; 2]> { r.0.iter().map(|c| [c.x, c.y]).collect() };
    // geo closes every ring; each polygon is its outer ring then its holes (RFC 7946 §3.1.6).
    let coordinates: Vec<Vec<Vec<[f64; 2]>>> = s
        .multipolygon()
        .0
        .iter()
        .map(|p| std::iter::once(p.exterior()).chain(p.interiors()).map(closed).collect())
        .collect();
    serde_json::json!({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4526"}},
        "features": [{
            "type": "Feature",
            "properties": {"area_mu": s.area().mu(), "area_m2": s.area().m2()},
            "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
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
    let geom = s.multipolygon();
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

/// An imported footprint (TXT or any GDAL source): every part and hole, and the reader's warnings for the officer.
pub fn read_footprint(path: &Path) -> Result<crate::io::FootprintRead> {
    let read = crate::io::read_footprint(path)?;
    anyhow::ensure!(!read.polygons.0.is_empty(), "{}: 没有面 / no polygons", path.display());
    Ok(read)
}

/// The candidates to `path`: XLSX when it ends in .xlsx (the typed table of `report::candidates`: 亩 as numbers
/// shown 0.00, a frozen header, column widths), else the table as shown, as CSV with a BOM.
pub fn write_candidates(
    path: &Path,
    shown: &super::report::Table,
    result: Option<&crate::matching::MatchResult>,
    lang: crate::model::Lang,
) -> Result<()> {
    if !crate::report::file::is_xlsx(path) {
        return write_atomic(path, super::report::csv(shown).as_bytes());
    }
    let counties = crate::io::assets::counties()?;
    let candidates = result.map_or(&[][..], |r| &r.candidates[..]);
    let t = crate::report::candidates::candidates_table(candidates, &counties, lang);
    write_atomic(path, &crate::report::xlsx::xlsx(&t, &t.title)?)
}

impl super::app::StockApp {
    /// 导出报表: the tables an officer takes to Excel, a sheet each — the 存量地块台账, the candidates, the quota
    /// tables of the last simulation (with this project once it is added) and the 问题列表. Built by `report`, as
    /// the CLI's `info --out`, `match --out` and `quota run --out` build them.
    pub fn report_tables(&self) -> Vec<crate::report::Table> {
        let lang = self.lang;
        let mut out = Vec::new();
        if let Some(lib) = self.library() {
            out.push(crate::report::register::register_table(
                lib,
                &self.counties,
                &self.catalog,
                lang,
            ));
        }
        if let Some(r) = self.match_result() {
            out.push(crate::report::candidates::candidates_table(
                &r.candidates,
                &self.counties,
                lang,
            ));
        }
        let quota = &self.doc.quota;
        let outcome = quota.with_project.as_ref().map(|(_, o)| o).or(quota.base.as_ref());
        if let (Some(o), Some(rules)) = (outcome, quota.rules.as_ref()) {
            let namer = crate::report::quota::Namer {
                rules,
                counties: &self.counties,
                lang,
            };
            out.extend(crate::report::quota::quota_tables(o, &namer).all().map(Clone::clone));
        }
        out.push(self.problems_export_table());
        out
    }

    /// Writes [`Self::report_tables`] to `path`: XLSX (a sheet each) or CSV (with a BOM), by its extension.
    pub fn export_tables(&self, path: &Path) -> Result<()> {
        let tables = self.report_tables();
        let refs: Vec<&crate::report::Table> = tables.iter().collect();
        crate::report::file::write_tables(path, &refs)
    }
}
