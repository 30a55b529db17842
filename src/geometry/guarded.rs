//! Boolean operations that turn a panic deep in the overlay code into an error.

use std::panic::{AssertUnwindSafe, catch_unwind};

use geo::{BooleanOps, MultiPolygon};
use thiserror::Error;

use super::give_holes_to_their_shells;

#[derive(Debug, Clone, Error, PartialEq)]
pub enum GeometryError {
    #[error("几何为空 / geometry is empty")]
    Empty,
    #[error("坐标不是有限数 / a coordinate is not a finite number")]
    NonFinite,
    #[error(
        "坐标 {0:e} 超出范围（平面坐标应在 ±1e9 米以内）/ coordinate {0:e} is out of range (plane coordinates stay within ±1e9 m)"
    )]
    OutOfRange(f64),
    #[error("面积为零 / polygon has zero area")]
    ZeroArea,
    #[error("多边形自相交 / polygon crosses itself{0}")]
    SelfIntersection(String),
    #[error("环的点数不足 / a ring has fewer than 3 distinct points")]
    TooFewPoints,
    #[error("叠加运算失败 / overlay failed: {0}")]
    OverlayFailed(String),
}

/// Runs a geometry computation, turning a panic inside it into [`GeometryError::OverlayFailed`].
///
/// ```
/// use stockfirst::geometry::{guarded, GeometryError};
/// let r: Result<geo::MultiPolygon<f64>, _> = guarded(|| panic!("i_overlay gave up"));
/// assert_eq!(r, Err(GeometryError::OverlayFailed("i_overlay gave up".into())));
/// ```
pub fn guarded<T, F>(f: F) -> Result<T, GeometryError>
where
    F: FnOnce() -> T,
{
    // A panic inside i_overlay must not take the app down; the default hook would still print it once.
    catch_unwind(AssertUnwindSafe(f)).map_err(|e| {
        let msg = e
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        GeometryError::OverlayFailed(msg)
    })
}

/// Intersection of two multipolygons, assumed already in a local frame.
pub fn guarded_intersection(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> Result<MultiPolygon<f64>, GeometryError> {
    guarded(|| give_holes_to_their_shells(a.intersection(b)))
}

/// Union of two multipolygons, assumed already in a local frame.
pub fn guarded_union(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> Result<MultiPolygon<f64>, GeometryError> {
    guarded(|| give_holes_to_their_shells(a.union(b)))
}
