//! The edge: files in and out. GDAL, PROJ, boundary TXT and RON live here and nowhere else.

pub mod arrow_stream;
pub mod assets;
pub mod atomic;
pub mod boundary_txt;
pub mod control_layers;
pub mod control_roles;
pub mod control_rules;
pub mod control_write;
pub mod county_boundaries;
pub mod crs;
pub mod field_map;
pub mod field_names;
pub mod field_preview;
pub mod field_profiles;
pub mod footprint_source;
pub mod gdal_source;
pub mod gdal_write;
pub mod gpkg_status;
mod loaders;
pub mod match_rules;
pub mod outbox;
pub mod postgis;
pub mod project_source;
pub mod quota_files;
pub mod raster;
pub mod raster_demo;
pub mod reference_layer;
pub mod sample_spec;
pub mod shapefile_encoding;
pub mod text_encoding;
pub mod tile_worker;
pub mod wkb;
pub mod xlsx_register;
pub mod xyz_tiles;

pub use loaders::{FootprintRead, load_footprint, load_library, load_library_with, read_footprint};
pub use match_rules::{load_match_rules, match_rules, parse_match_rules};
