//! The edge: files in and out. GDAL, PROJ, boundary TXT and RON live here and nowhere else.

pub mod arrow_stream;
pub mod assets;
pub mod atomic;
pub mod crs;
pub mod field_map;
pub mod footprint_source;
pub mod gdal_source;
pub mod gdal_write;
mod loaders;
pub mod shapefile_encoding;
pub mod wkb;

pub use loaders::{load_footprint, load_library, load_library_with};

/// Boundary TXT footprints, until the TXT reader lands.
fn footprint_txt(path: &std::path::Path) -> anyhow::Result<geo::MultiPolygon<f64>> {
    anyhow::bail!("{}: 界址点 TXT 读取尚未接入 / boundary TXT not wired yet", path.display())
}
