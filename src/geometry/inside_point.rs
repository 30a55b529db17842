//! A point inside a parcel, found cheaply: what decides which county outline holds it.

use geo::{Centroid, Coord, CoordinatePosition, InteriorPoint, MultiPolygon, Polygon, coordinate_position::CoordPos};

/// A point strictly inside `mp`: its centroid when that lies inside (most parcels: one pass over the points), else
/// the middle of the widest stretch of a horizontal line across it ([`scan_line_point`]), checked. Only when that
/// check fails (a broken geometry) is geo's interior point asked, which runs a relate and costs a hundred times more.
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
    if let Some(p) = scan_line_point(mp)
        && mp.coordinate_position(&p) == CoordPos::Inside
    {
        return Some(p);
    }
    mp.interior_point().map(|p| p.0)
}

/// The middle of the widest stretch inside `mp` along a horizontal line, as JTS's `InteriorPointArea` finds it: for
/// each part, the line runs halfway between the two vertex heights nearest the middle of its box, so it passes
/// through no vertex and crosses each edge cleanly. Its crossings with the shell and the holes, in order along the
/// line, bound stretches that are in and out of the part by turns (even–odd). One pass over the points and a sort of
/// a few crossings, no allocation but the crossings'; `None` for a part with no height.
///
/// A parcel that is not a valid polygon (self-crossing rings) may get a point that is not inside it, which is why
/// [`inside_point`] checks the answer.
///
/// ```
/// use geo::{MultiPolygon, coord, polygon};
/// use stockfirst::geometry::scan_line_point;
/// // A ring-shaped parcel: its centroid is in the hole; the line y = 5 crosses at x = 0, 2, 8, 10.
/// let ring = MultiPolygon(vec![polygon!(
///     exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
///     interiors: [[(x: 2.0, y: 2.0), (x: 8.0, y: 2.0), (x: 8.0, y: 8.0), (x: 2.0, y: 8.0)]],
/// )]);
/// assert_eq!(scan_line_point(&ring), Some(coord! { x: 1.0, y: 5.0 }));
/// ```
pub fn scan_line_point(mp: &MultiPolygon<f64>) -> Option<Coord<f64>> {
    let mut best: Option<(f64, Coord<f64>)> = None;
    let mut crossings = Vec::new();
    for part in mp {
        let Some(y) = scan_height(part) else {
            continue;
        };
        crossings.clear();
        for ring in std::iter::once(part.exterior()).chain(part.interiors()) {
            for edge in ring.0.windows(2) {
                let (a, b) = (edge[0], edge[1]);
                if (a.y > y) != (b.y > y) {
                    crossings.push(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
                }
            }
        }
        crossings.sort_unstable_by(f64::total_cmp);
        for stretch in crossings.chunks_exact(2) {
            let width = stretch[1] - stretch[0];
            if width > best.map_or(0.0, |(w, _)| w) {
                let x = (stretch[0] + stretch[1]) / 2.0;
                best = Some((width, Coord { x, y }));
            }
        }
    }
    best.map(|(_, at)| at)
}

/// Halfway between the highest vertex at or below the middle of `part`'s height and the lowest above it: no vertex
/// lies strictly between the two, so none lies on the line.
fn scan_height(part: &Polygon<f64>) -> Option<f64> {
    let points = || {
        part.exterior()
            .0
            .iter()
            .chain(part.interiors().iter().flat_map(|r| r.0.iter()))
    };
    let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
    for c in points() {
        low = low.min(c.y);
        high = high.max(c.y);
    }
    let middle = (low + high) / 2.0;
    if !(middle > low && middle < high) {
        return None; // no height, or not a number
    }
    let (mut below, mut above) = (low, high);
    for c in points() {
        if c.y <= middle {
            below = below.max(c.y);
        } else {
            above = above.min(c.y);
        }
    }
    Some((below + above) / 2.0)
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

    #[test]
    fn the_scan_line_alone_lands_inside_the_shapes_whose_centroid_does_not() {
        let u = MultiPolygon(vec![polygon![
            (x: 0.0, y: 0.0), (x: 6.0, y: 0.0), (x: 6.0, y: 6.0), (x: 4.0, y: 6.0),
            (x: 4.0, y: 2.0), (x: 2.0, y: 2.0), (x: 2.0, y: 6.0), (x: 0.0, y: 6.0),
        ]]);
        // Hand-worked: heights 0, 2, 6; the middle 3 lies between 2 and 6, so the line is y = 4, crossing the U at
        // x = 0, 2, 4, 6; the stretches in are [0, 2] and [4, 6], equally wide, and the first is kept.
        assert_eq!(scan_line_point(&u), Some(Coord { x: 1.0, y: 4.0 }));
        // Two parts: the wider stretch wins (the 3-wide part at x 10..13).
        let two = MultiPolygon(vec![
            polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)],
            polygon![(x: 10.0, y: 0.0), (x: 13.0, y: 0.0), (x: 13.0, y: 1.0), (x: 10.0, y: 1.0)],
        ]);
        assert_eq!(scan_line_point(&two), Some(Coord { x: 11.5, y: 0.5 }));
        // A part with no height has no stretch.
        let flat = MultiPolygon(vec![polygon![(x: 0.0, y: 1.0), (x: 5.0, y: 1.0), (x: 9.0, y: 1.0)]]);
        assert_eq!(scan_line_point(&flat), None);
    }

    /// Star-shaped shells with random radii around a centre (often not convex, so the centroid is often outside),
    /// either winding, some with a star-shaped hole around the centre and some with a second part: wherever geo
    /// calls the parcel valid, the scan line's point is strictly inside it by geo's own test.
    #[test]
    fn random_parcels_get_a_point_strictly_inside() {
        use geo::{LineString, Polygon, Validation};
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        let mut star = |cx: f64, cy: f64, n: usize, r0: f64, spread: u64, clockwise: bool| {
            let mut angles: Vec<f64> = (0..n).map(|_| next(3600) as f64 / 10.0).collect();
            angles.sort_by(f64::total_cmp);
            angles.dedup();
            if clockwise {
                angles.reverse();
            }
            let pts: Vec<Coord<f64>> = angles
                .iter()
                .map(|a| {
                    let r = r0 + next(spread) as f64;
                    let a = a.to_radians();
                    Coord {
                        x: 38_500_000.0 + cx + r * a.cos(),
                        y: 3_900_000.0 + cy + r * a.sin(),
                    }
                })
                .collect();
            LineString::from(pts)
        };
        let (mut checked, mut centroid_outside) = (0, 0);
        for round in 0..6000 {
            let n = 3 + round % 17;
            let shell = star(0.0, 0.0, n, 20.0, 80, round % 2 == 1);
            // The hole's radii (≤ 12) stay inside the shell's (≥ 20).
            let holes = if round % 3 == 0 {
                vec![star(0.0, 0.0, 3 + round % 7, 4.0, 8, round % 4 == 0)]
            } else {
                vec![]
            };
            let mut parts = vec![Polygon::new(shell, holes)];
            if round % 5 == 0 {
                parts.push(Polygon::new(star(500.0, 0.0, n, 10.0, 40, false), vec![]));
            }
            let mp = MultiPolygon(parts);
            if !mp.is_valid() {
                continue;
            }
            checked += 1;
            if let Some(c) = mp.centroid()
                && mp.coordinate_position(&c.0) != CoordPos::Inside
            {
                centroid_outside += 1;
            }
            let p = scan_line_point(&mp).unwrap_or_else(|| panic!("no point for {mp:?}"));
            assert_eq!(mp.coordinate_position(&p), CoordPos::Inside, "{mp:?}: {p:?}");
            assert_eq!(mp.coordinate_position(&inside_point(&mp).unwrap()), CoordPos::Inside);
        }
        assert!(
            checked > 4000 && centroid_outside > 300,
            "{checked} valid, {centroid_outside} with the centroid outside"
        );
    }
}
