//! The edge: files in and out. GDAL, PROJ, boundary TXT and RON live here and nowhere else.

pub mod assets;
pub mod loaders;
pub mod match_rules;

pub use loaders::{load_footprint, load_library};
pub use match_rules::{load_match_rules, match_rules};
