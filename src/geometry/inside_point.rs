//! A point inside a parcel, found cheaply: what decides which county outline holds it.

use geo::{Centroid, Coord, CoordinatePosition, InteriorPoint, MultiPolygon, coordinate_position::CoordPos};

/// A point strictly inside `mp`: its centroid when that lies inside (most parcels: one pass over the points), else
/// geo's interior point (a notched or ring-shaped parcel), which runs a relate and costs a hundred times more.
///
/// ```
/// use geo::{MultiPolygon, coord, polygon};
/// use stockfirst::geometry::inside_point;
/// let square = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 4.0), (x: 0.0, y: 4.0)]]);
/// assert_eq!(inside_point(&square), Some(coord! { x: 2.0, y: 2.0 }));
/// // A U shape: its centroid lies in the gap, so a point of the parcel itself is given.
/// let u = MultiPolygon(vec![polygon![
///     (x: 0.0, y: 0.0), (x: 6.0, y: 0.0), (x: 6.0, y: 6.0), (x: 4.0, y: 6.0),
///     (x: 4.0, y: 2.0), (x: 2.0, y: 2.0), (x: 2.0, y: 6.0), (x: 0.0, y: 6.0),
/// ]]);
/// let p = inside_point(&u).unwrap();
/// assert!(!(p.x > 2.0 && p.x < 4.0 && p.y > 2.0));
/// ```
pub fn inside_point(mp: &MultiPolygon<f64>) -> Option<Coord<f64>> {
    if let Some(c) = mp.centroid()
        && mp.coordinate_position(&c.0) == CoordPos::Inside
    {
        return Some(c.0);
    }
    mp.interior_point().map(|p| p.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn always_strictly_inside() {
        let shapes = [
            // A ring-shaped parcel: the centroid is in the hole.
            MultiPolygon(vec![polygon!(
                exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
                interiors: [[(x: 2.0, y: 2.0), (x: 8.0, y: 2.0), (x: 8.0, y: 8.0), (x: 2.0, y: 8.0)]],
            )]),
            // Two parts far apart: the centroid is between them.
            MultiPolygon(vec![
                polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)],
                polygon![(x: 100.0, y: 0.0), (x: 101.0, y: 0.0), (x: 101.0, y: 1.0), (x: 100.0, y: 1.0)],
            ]),
            // A clockwise triangle.
            MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 0.0, y: 3.0), (x: 3.0, y: 0.0)]]),
        ];
        for mp in &shapes {
            let p = inside_point(mp).unwrap();
            assert_eq!(mp.coordinate_position(&p), CoordPos::Inside, "{mp:?}: {p:?}");
        }
        assert_eq!(inside_point(&MultiPolygon::<f64>(vec![])), None);
    }
}
