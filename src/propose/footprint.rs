//! The red line of a combination: its parcels, and the increment placed around them to make up the size.
//!
//! Contiguous sets: the union of the parcels grown outwards evenly until the red line holds the requirement (the
//! gaps between them, at most the merge gap, fill first). Compact sets: their convex hull, grown the same way when
//! it is smaller than the requirement. The growth is solved on the true buffered area, so the red line's area is
//! the requirement (or the hull, or the stock, when larger) to well under a square metre.

use std::f64::consts::PI;

use geo::{Area as _, Buffer, Coord, Euclidean, Length, LineString, MultiPolygon, Polygon};

use super::combination::{Combination, Route};
use crate::geometry::{GeometryError, LocalFrame, guarded, guarded_union};
use crate::library::{ParcelIdx, StockLibrary};

/// How close the red line's area comes to its target, m².
const AREA_TOLERANCE_M2: f64 = 0.5;

/// The red line of `set` (its members are `parcels[members]`), in the working CRS, holding `target_m2`.
pub fn combination_footprint(
    lib: &StockLibrary,
    parcels: &[ParcelIdx],
    set: &Combination,
    target_m2: f64,
) -> Result<MultiPolygon<f64>, GeometryError> {
    let mut union = MultiPolygon::<f64>(vec![]);
    let members: Vec<&MultiPolygon<f64>> = set
        .members
        .iter()
        .filter_map(|&m| parcels.get(m).and_then(|i| lib.parcel(*i)).map(|p| &p.geometry))
        .collect();
    let Some(first) = members.first() else {
        return Ok(union);
    };
    let frame = LocalFrame::around(first);
    for g in &members {
        union = guarded_union(&union, &frame.to_local(g))?;
    }
    let base = match set.route {
        Route::Contiguous => union,
        Route::Compact { .. } => hull_of(&union),
    };
    let grown = grow_to(&base, target_m2)?;
    Ok(frame.to_world(&grown))
}

fn hull_of(g: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    let mut pts: Vec<Coord<f64>> = g.0.iter().flat_map(|p| p.exterior().0.iter().copied()).collect();
    super::hull::hull_area(&mut pts);
    if pts.len() < 3 {
        return g.clone();
    }
    MultiPolygon(vec![Polygon::new(LineString::from(pts), vec![])])
}

/// `base` grown outwards by one width until its area is `target_m2`; `base` itself when already as large.
fn grow_to(base: &MultiPolygon<f64>, target_m2: f64) -> Result<MultiPolygon<f64>, GeometryError> {
    let a0 = base.unsigned_area();
    if a0 + AREA_TOLERANCE_M2 >= target_m2 {
        return Ok(base.clone());
    }
    // A convex shape of perimeter P grown by w gains P·w + π·w²: the first guess, then the secant on the true area.
    let perimeter: f64 = base.0.iter().map(|p| Euclidean.length(p.exterior())).sum();
    let need = target_m2 - a0;
    let mut w1 = (-perimeter + (perimeter * perimeter + 4.0 * PI * need).sqrt()) / (2.0 * PI);
    if !(w1.is_finite() && w1 > 0.0) {
        w1 = need.sqrt();
    }
    let area_at = |w: f64| -> Result<(MultiPolygon<f64>, f64), GeometryError> {
        let g = guarded(|| base.buffer(w))?;
        let a = g.unsigned_area();
        Ok((g, a))
    };
    let (mut w0, mut f0) = (0.0, a0 - target_m2);
    let (mut g1, a1) = area_at(w1)?;
    let mut f1 = a1 - target_m2;
    for _ in 0..12 {
        if f1.abs() <= AREA_TOLERANCE_M2 {
            break;
        }
        let w2 = if (f1 - f0).abs() > 1e-12 {
            w1 - f1 * (w1 - w0) / (f1 - f0)
        } else {
            w1 * 1.01
        };
        let w2 = if w2.is_finite() && w2 > 0.0 { w2 } else { w1 / 2.0 };
        let (g2, a2) = area_at(w2)?;
        (w0, f0) = (w1, f1);
        (w1, f1, g1) = (w2, a2 - target_m2, g2);
    }
    Ok(g1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn a_square_grows_to_the_target() {
        // 100 m square (10 000 m²) grown to 20 000 m²: 400·w + π·w² = 10 000 gives w ≈ 21.9 m.
        let sq = MultiPolygon(vec![
            polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)],
        ]);
        let g = grow_to(&sq, 20_000.0).unwrap();
        assert!(
            (g.unsigned_area() - 20_000.0).abs() <= AREA_TOLERANCE_M2,
            "{}",
            g.unsigned_area()
        );
        // Already large enough: unchanged.
        assert_eq!(grow_to(&sq, 9_000.0).unwrap(), sq);
    }
}
