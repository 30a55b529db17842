//! The edge: files in and out. GDAL, PROJ, boundary TXT and RON live here and nowhere else.

pub mod assets;
pub mod quota_files;
