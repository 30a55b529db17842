//! The boundary TXT as scanned, before its rings are built: points with their line numbers, grouped by parcel.

use super::header::BoundaryHeader;

#[derive(Debug)]
pub(super) struct RawPoint {
    pub(super) line: usize,
    pub(super) ring: u32,
    pub(super) x: f64,
    pub(super) y: f64,
}

#[derive(Debug)]
pub(super) struct RawParcel {
    pub(super) line: usize,
    pub(super) fields: Vec<String>,
    pub(super) points: Vec<RawPoint>,
}

pub(super) struct Raw {
    pub(super) header: BoundaryHeader,
    pub(super) parcels: Vec<RawParcel>,
}
