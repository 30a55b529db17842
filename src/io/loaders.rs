//! One-call loading for the CLI and the app: a stock library or a project footprint from any supported file.

use std::path::Path;

use anyhow::{Result, bail};
use geo::MultiPolygon;

use super::assets;
use super::gdal_source::{LoadReport, ReadOptions, read_parcels};
use crate::library::StockLibrary;

/// Loads a stock library with default field mapping into the working CRS (EPSG:4526).
pub fn load_library(path: &Path) -> Result<StockLibrary> {
    Ok(load_library_with(path, &ReadOptions::default())?.0)
}

/// Loads a stock library and says what happened.
pub fn load_library_with(path: &Path, opts: &ReadOptions) -> Result<(StockLibrary, LoadReport)> {
    let counties = assets::counties()?;
    let catalog = assets::land_use_catalog()?;
    let loaded = read_parcels(path, opts, &counties, &catalog)?;
    Ok((StockLibrary::new(loaded.parcels), loaded.report))
}

/// Loads a project footprint: all polygons of the first polygon layer of a GDAL source, or all parcels of a
/// boundary TXT file, as one multipolygon in the working CRS.
pub fn load_footprint(path: &Path) -> Result<MultiPolygon<f64>> {
    let is_txt = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    if is_txt {
        return super::footprint_txt(path);
    }
    let mut notes = Vec::new();
    let ds = super::gdal_source::open(path, None, &mut notes)?;
    let polys = super::footprint_source::read_polygons(&ds, path)?;
    if polys.0.is_empty() {
        bail!("{}: 没有面 / no polygons", path.display());
    }
    Ok(polys)
}
