//! The boundary-point TXT exchange file (界址点坐标文件) of 建设用地报批 and 勘测定界: read and write.
//!
//! Layout (domain notes §4): an optional `[项目信息]` section, a `[属性描述]` section of `key=value` lines,
//! then `[地块坐标]` with, for each parcel, a header line ending in `@`
//! (`界址点数,地块面积,地块编号,地块名称,记录图形属性,图幅号,地块用途,地类编码,@`) followed by point lines
//! `点号,圈号,X,Y` where X is the northing and Y the easting, normally zone-prefixed (8 digits).
//!
//! Decisions, each reported to the officer as a warning naming the line:
//! - **Encoding**: UTF-8 (BOM or not) or GBK, detected or given ([`crate::io::text_encoding`]).
//! - **Columns**: X northing / Y zone-prefixed easting is expected. An 8-digit value in the X column means the
//!   columns are swapped; it is read swapped and said so. Eastings without the zone prefix (6 digits) take the
//!   zone from the header's 带号 (or [`ReadOptions::default_zone`]); with neither, the file is refused.
//!   Values that look like degrees are refused: they must be projected first. The working CRS has
//!   x = zone-prefixed easting, y = northing.
//! - **Rings**: consecutive points with the same 圈号 form a ring. 圈号 1 is the outer ring; a further ring
//!   inside an earlier shell is a hole of it, one outside every shell is a further part. A ring closes by
//!   repeating its first point (within 1 mm); an unclosed ring is closed and reported. A ring with fewer than
//!   3 distinct points is an error.
//! - **Stated values**: 界址点数 and 地块面积 are kept but not trusted. The area is recomputed (planar, m²;
//!   亩 = m² × 0.0015) and a difference over 1 % from the stated hectares is reported.
//! - **Geometry**: validated with [`crate::geometry::repair`]; each fix becomes a warning; a footprint with no
//!   area left is an error.
//! - **Limits**: lines are read as a stream and a line longer than [`MAX_LINE_BYTES`] is refused before it is
//!   held in memory.
//!
//! The writer emits the common layout: CRLF, full `[属性描述]`, `[地块坐标]`, a parcel header with the
//! total number of point lines (closing points included) and the area in hectares to 4 decimals, then
//! `J1,1,X,Y` lines with 3 decimals, point names running on through the parcel, each ring closed by
//! repeating its first point's name and coordinates. The file is written atomically.

mod coords;
mod header;
mod layout;
mod lines;
mod raw;
mod read;
mod rings;
mod write;

use geo::MultiPolygon;

use crate::io::text_encoding::{ChosenBy, TextEncoding};
use crate::model::Area;

pub use coords::{ColumnOrder, CoordinateForm};
pub use header::BoundaryHeader;
pub use lines::MAX_LINE_BYTES;
pub use read::{parse_boundary_txt, read_boundary_txt, read_boundary_txt_from};
pub use write::{WriteOptions, boundary_txt_bytes, write_boundary_txt};

/// How to read a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadOptions {
    /// Force an encoding instead of detecting it.
    pub encoding: Option<TextEncoding>,
    /// Zone to assume for eastings without the zone prefix when the header has no 带号.
    pub default_zone: Option<u32>,
}

/// One parcel (地块) of a boundary file.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryParcel {
    /// 地块编号.
    pub id: String,
    /// 地块名称.
    pub name: String,
    /// 记录图形属性 (点、线、面), usually 面.
    pub shape_kind: String,
    /// 图幅号.
    pub sheet: String,
    /// 地块用途.
    pub use_code: String,
    /// 地类编码.
    pub land_class: String,
    /// 地块面积 as written, read as hectares (公顷); not trusted.
    pub stated_area_ha: Option<f64>,
    /// 界址点数 as written; not trusted.
    pub point_count_declared: Option<usize>,
    /// Point lines actually read for this parcel, closing points included.
    pub point_count_read: usize,
    /// Validated footprint in the working CRS: x = zone-prefixed easting, y = northing (metres).
    pub geometry: MultiPolygon<f64>,
    /// Planar area recomputed from `geometry`.
    pub area: Area,
    /// 1-based line of the parcel's header line (0 for parcels built in code).
    pub line: usize,
}

impl BoundaryParcel {
    /// A parcel to write, built from a footprint in the working CRS. The area is computed here.
    pub fn from_geometry(id: impl Into<String>, name: impl Into<String>, geometry: MultiPolygon<f64>) -> Self {
        use geo::Area as _;
        let area = Area::from_m2(geometry.unsigned_area());
        BoundaryParcel {
            id: id.into(),
            name: name.into(),
            shape_kind: "面".into(),
            sheet: String::new(),
            use_code: String::new(),
            land_class: String::new(),
            stated_area_ha: None,
            point_count_declared: None,
            point_count_read: 0,
            geometry,
            area,
            line: 0,
        }
    }

    /// Relative difference between the stated hectares and the recomputed area, when over 1 %.
    pub fn area_mismatch(&self) -> Option<f64> {
        let stated = self.stated_area_ha?;
        let computed = self.area.hectares();
        if computed <= 0.0 {
            return None;
        }
        let rel = (stated - computed).abs() / computed;
        (rel > crate::model::AREA_MISMATCH_TOLERANCE).then_some(rel)
    }
}

/// A whole boundary file as read.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryFile {
    /// The name used in messages (usually the path).
    pub source: String,
    pub header: BoundaryHeader,
    pub parcels: Vec<BoundaryParcel>,
    pub encoding: TextEncoding,
    /// How the encoding was chosen (given, BOM, detected…).
    pub encoding_chosen_by: ChosenBy,
    /// How the coordinate columns were read (see the module notes).
    pub column_order: ColumnOrder,
    pub coordinate_form: CoordinateForm,
    /// The GK zone the eastings belong to (from their prefix, or assumed).
    pub zone: u32,
    /// Everything detected, assumed or repaired, each naming the file and line.
    pub warnings: Vec<String>,
}

impl BoundaryFile {
    /// Total recomputed area of all parcels.
    pub fn total_area(&self) -> Area {
        self.parcels.iter().map(|p| p.area).sum()
    }
}
