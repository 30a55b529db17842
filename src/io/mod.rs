//! The edge: files in and out. GDAL, PROJ, boundary TXT and RON live here and nowhere else.

pub mod arrow_stream;
pub mod assets;
pub mod atomic;
pub mod boundary_txt;
pub mod control_layers;
pub mod control_roles;
pub mod control_rules;
pub mod crs;
pub mod field_map;
pub mod footprint_source;
pub mod gdal_source;
pub mod gdal_write;
pub mod gpkg_status;
mod loaders;
pub mod match_rules;
pub mod quota_files;
pub mod sample_spec;
pub mod shapefile_encoding;
pub mod text_encoding;
pub mod wkb;

pub use loaders::{load_footprint, load_library, load_library_with};
pub use match_rules::{load_match_rules, match_rules, parse_match_rules};

/// Boundary TXT footprints: every part of every parcel of the file, validated, in the working CRS.
fn footprint_txt(path: &std::path::Path) -> anyhow::Result<geo::MultiPolygon<f64>> {
    let file = boundary_txt::read_boundary_txt(path, &boundary_txt::ReadOptions::default())?;
    Ok(geo::MultiPolygon(
        file.parcels.into_iter().flat_map(|p| p.geometry.0).collect(),
    ))
}
