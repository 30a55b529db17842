//! The project's actual increment (新增建设用地): the red line minus the stock it lies on. Its cultivated 亩, not the
//! whole red line's, go into clause (九) and the year-end 占耕比 (十六).

use geo::{BooleanOps, BoundingRect, MultiPolygon};

use super::ellipsoid::ToLonLat;
use super::land_class::LandCatalogue;
use super::layer::ControlLayers;
use super::overlay::{ControlOverlay, overlay};
use crate::geometry::{GeometryError, LocalFrame, guarded, guarded_union};
use crate::library::StockLibrary;

/// `footprint` minus every stock parcel of `lib` (working CRS).
///
/// ```
/// use stockfirst::controls::increment_polygon;
/// use stockfirst::library::StockLibrary;
/// use stockfirst::model::{LandUse, Parcel, StockKind};
/// use geo::{polygon, Area, MultiPolygon};
/// let sq = |x: f64, s: f64| MultiPolygon(vec![polygon![(x: x, y: 0.0), (x: x + s, y: 0.0), (x: x + s, y: s), (x: x, y: s)]]);
/// let lib = StockLibrary::new(vec![Parcel::new("A", StockKind::Idle, LandUse::ydyh("1001"), "410821", sq(0.0, 100.0))]);
/// // A 100 m square shifted 50 m east of the parcel: half of it is stock, the other 5 000 m² is the increment.
/// let inc = increment_polygon(&sq(50.0, 100.0), &lib).unwrap();
/// assert!((inc.unsigned_area() - 5_000.0).abs() < 1e-6);
/// ```
pub fn increment_polygon(
    footprint: &MultiPolygon<f64>,
    lib: &StockLibrary,
) -> Result<MultiPolygon<f64>, GeometryError> {
    let Some(bbox) = footprint.bounding_rect() else {
        return Ok(MultiPolygon(vec![]));
    };
    let frame = LocalFrame::around(footprint);
    let mut stock = MultiPolygon::<f64>(vec![]);
    for i in lib.query_rect(bbox) {
        if let Some(p) = lib.parcel(i) {
            stock = guarded_union(&stock, &frame.to_local(&p.geometry))?;
        }
    }
    let local = frame.to_local(footprint);
    let rest = guarded(|| local.difference(&stock))?;
    Ok(frame.to_world(&rest))
}

/// The control overlay of the increment of `footprint` over `lib`.
pub fn increment_overlay(
    footprint: &MultiPolygon<f64>,
    lib: &StockLibrary,
    layers: &ControlLayers,
    catalogue: &LandCatalogue,
    inv: &dyn ToLonLat,
) -> Result<ControlOverlay, GeometryError> {
    let inc = increment_polygon(footprint, lib)?;
    Ok(overlay(layers, catalogue, &inc, inv))
}

/// The cultivated 亩 (net of 田坎) of the project's actual increment: what goes into `quota::Project`'s
/// `cultivated_mu` for clause (九) and the county's 占耕比 (十六).
pub fn increment_cultivated_mu(
    footprint: &MultiPolygon<f64>,
    lib: &StockLibrary,
    layers: &ControlLayers,
    catalogue: &LandCatalogue,
    inv: &dyn ToLonLat,
) -> Result<f64, GeometryError> {
    Ok(increment_overlay(footprint, lib, layers, catalogue, inv)?
        .cultivated
        .mu())
}
