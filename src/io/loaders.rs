//! Temporary stubs: the lead's readers (GDAL sources, boundary TXT) replace this file.

use std::path::Path;

use anyhow::{Result, bail};

use crate::library::StockLibrary;

/// Reads a stock library from any supported source.
pub fn load_library(path: &Path) -> Result<StockLibrary> {
    bail!(
        "读取存量图库尚未实现 / library reader not built yet: {}",
        path.display()
    )
}

/// Reads a project footprint (boundary TXT or a GDAL polygon source) in the working CRS.
pub fn load_footprint(path: &Path) -> Result<geo::MultiPolygon<f64>> {
    bail!(
        "读取项目红线尚未实现 / footprint reader not built yet: {}",
        path.display()
    )
}
