//! One-call loading for the CLI and the app: a stock library or a project footprint from any supported file.

use std::path::Path;
use std::sync::OnceLock;

use anyhow::{Result, anyhow, bail};
use geo::MultiPolygon;

use super::gdal_source::{LoadReport, ReadOptions, read_parcels_checked, report_repeated_ids};
use super::{assets, boundary_txt};
use crate::library::StockLibrary;
use crate::model::{Counties, CountyBoundaries, CountyCheck, CountyFindings, LandUseCatalog};

/// The bundled county table, land-use catalogue and county lines with the county check's grid, made once per
/// process: parsing them and building the grid again cost every load (and every reload in the app) 6 ms.
struct BuiltIn {
    counties: Counties,
    catalog: LandUseCatalog,
    check: CountyCheck<'static>,
}

fn built_in() -> Result<&'static BuiltIn> {
    static BOUNDS: OnceLock<std::result::Result<CountyBoundaries, String>> = OnceLock::new();
    static BUILT: OnceLock<std::result::Result<BuiltIn, String>> = OnceLock::new();
    let text = |e: anyhow::Error| format!("{e:#}");
    let made = BUILT.get_or_init(|| {
        let bounds = BOUNDS
            .get_or_init(|| super::county_boundaries::county_boundaries().map_err(text))
            .as_ref()
            .map_err(Clone::clone)?;
        Ok(BuiltIn {
            counties: assets::counties().map_err(text)?,
            catalog: assets::land_use_catalog().map_err(text)?,
            check: bounds.county_check(),
        })
    });
    made.as_ref().map_err(|e| anyhow!("{e}"))
}

/// Loads a stock library with default field mapping into the working CRS (EPSG:4526).
pub fn load_library(path: &Path) -> Result<StockLibrary> {
    Ok(load_library_with(path, &ReadOptions::default())?.0)
}

/// Loads a stock library and says what happened. A `postgresql://` URL opens the shared library (PostGIS) instead
/// of a file; the read options of a file do not apply to it.
pub fn load_library_with(path: &Path, opts: &ReadOptions) -> Result<(StockLibrary, LoadReport)> {
    if let Some(url) = path.to_str().filter(|s| super::postgis::is_database_url(s)) {
        let built = built_in()?;
        let (parcels, prepared, mut report, county) = super::postgis::load_parcels(url, &built.check)?;
        report_counties(&built.counties, county, &mut report);
        // In the server's order: the library sorts by 地块编号 on a second thread while it builds its R-tree.
        return Ok((StockLibrary::with_prepared(parcels, prepared), report));
    }
    let built = built_in()?;
    let loaded = read_parcels_checked(path, opts, &built.counties, &built.catalog, &built.check)?;
    let mut report = loaded.report;
    report_counties(&built.counties, loaded.county, &mut report);
    // The library sorts the ids on a second thread while it builds its R-tree; repeated ones are reported after.
    let lib = StockLibrary::with_prepared(loaded.parcels, loaded.prepared);
    report_repeated_ids(lib.parcels(), &loaded.fids, lib.duplicate_ids(), &mut report);
    Ok((lib, report))
}

/// The county check's findings in the report: a parcel whose county attribute disagrees with the county outline its
/// inside point lies in is a problem named by its 地块编号 (kept in the library: the officer decides which is
/// right); parcels of a county with no outline are counted in a note.
fn report_counties(counties: &Counties, found: CountyFindings, report: &mut LoadReport) {
    let unjudged = found.unjudged;
    for m in &found.mismatches {
        report.problems.push(super::gdal_source::FeatureProblem {
            feature: m.parcel.clone(),
            message: format!(
                "县区属性为{}，但地块位于{}县界内 / county attribute {} but the parcel lies inside {}",
                counties.name_of(&m.stated),
                counties.name_of(&m.found),
                m.stated,
                m.found
            ),
            skipped: false,
        });
    }
    if unjudged > 0 {
        report.notes.push(format!(
            "县界核对：{unjudged} 宗地块所属县区无县界数据（如高新区），未核对 / county check: {unjudged} parcels of a county with no outline (e.g. the high-tech zone) not checked"
        ));
    }
}

/// A project footprint as read, with everything the reader detected, assumed or repaired.
#[derive(Debug, Clone, PartialEq)]
pub struct FootprintRead {
    /// Every part and hole of every parcel or feature, in the working CRS.
    pub polygons: MultiPolygon<f64>,
    /// Each names the file and the line (TXT) or feature (GDAL): encoding, swapped columns, closed rings,
    /// repairs, stated areas that disagree. The caller shows them; none is an error.
    pub warnings: Vec<String>,
}

/// Reads a project footprint: all polygons of the first polygon layer of a GDAL source, or all parcels of a
/// boundary TXT file, as one multipolygon in the working CRS, with the reader's warnings.
pub fn read_footprint(path: &Path) -> Result<FootprintRead> {
    let is_txt = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    if is_txt {
        let file = boundary_txt::read_boundary_txt(path, &boundary_txt::ReadOptions::default())?;
        return Ok(FootprintRead {
            polygons: MultiPolygon(file.parcels.into_iter().flat_map(|p| p.geometry.0).collect()),
            warnings: file.warnings,
        });
    }
    let mut warnings = Vec::new();
    let ds = super::gdal_source::open(path, None, &mut warnings)?;
    let features = super::footprint_source::read_features(&ds, path)?;
    let mut polygons = Vec::new();
    for f in features {
        warnings.extend(f.notes);
        polygons.extend(f.geometry.0);
    }
    if polygons.is_empty() {
        bail!("{}: 没有面 / no polygons", path.display());
    }
    Ok(FootprintRead {
        polygons: MultiPolygon(polygons),
        warnings,
    })
}

/// The footprint alone, for callers that have nowhere to show warnings yet; prefer [`read_footprint`].
pub fn load_footprint(path: &Path) -> Result<MultiPolygon<f64>> {
    Ok(read_footprint(path)?.polygons)
}
