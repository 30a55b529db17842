//! One feature's share of a polygon and what the overlay tells about it: shared by the overlay (`overlay.rs`)
//! and the count-once pass (`count_once.rs`), so neither imports the other.

use geo::{MultiPolygon, Rect};
use serde::Serialize;

use super::layer::{ControlFeature, Role};
use super::problem::{LayerProblem, Outcome};
use crate::geometry::GeometryError;
use crate::model::Area;

/// Overlaps and leftovers smaller than this are arithmetic noise along shared edges, not land.
pub const NOISE_M2: f64 = 0.01;

/// Two features of one role that overlap under the polygon; the overlap was counted once, for `first`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverlapNote {
    pub role: Role,
    pub layer: String,
    pub first: String,
    pub second: String,
    pub area: Area,
}

/// One feature's share of the polygon, in the polygon's local frame.
pub(super) struct Piece<'a> {
    pub layer: usize,
    pub index: u32,
    pub feature: &'a ControlFeature,
    /// The whole feature lies inside the polygon (its share is itself).
    pub whole: bool,
    /// The share's shape: only made when overlaps must be taken out (see `count_once`).
    pub geom: Option<MultiPolygon<f64>>,
    pub bbox: Option<Rect<f64>>,
    pub m2: f64,
}

pub(super) fn overlay_failure(source: &str, f: &ControlFeature, e: GeometryError) -> LayerProblem {
    LayerProblem::new(
        source,
        Some(f.id.clone()),
        Outcome::Refused,
        format!("叠加计算失败，未计入：{e}"),
        format!("overlay failed, not counted: {e}"),
    )
}
