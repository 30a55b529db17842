//! The convex hull of a few points (Andrew's monotone chain) and its area: parcels' hulls, a set's hull, the
//! compactness bound of 存量组合.

use geo::{Area as _, Coord, MultiPolygon};

/// Area of the convex hull of `pts` (Andrew's monotone chain); the hull's corners come back in `pts`.
///
/// ```
/// use geo::Coord;
/// use stockfirst::propose::hull_area;
/// // Two 100 m squares 40 m apart, one above the other: the hull is 100 × 240 m.
/// let mut pts: Vec<Coord<f64>> = [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0),
///     (0.0, 140.0), (100.0, 140.0), (100.0, 240.0), (0.0, 240.0)]
///     .iter().map(|&(x, y)| Coord { x, y }).collect();
/// assert_eq!(hull_area(&mut pts), 24_000.0);
/// assert_eq!(pts.len(), 4);
/// ```
pub fn hull_area(pts: &mut Vec<Coord<f64>>) -> f64 {
    pts.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    pts.dedup();
    if pts.len() < 3 {
        return 0.0;
    }
    let cross = |o: Coord<f64>, a: Coord<f64>, b: Coord<f64>| (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    let mut h: Vec<Coord<f64>> = Vec::with_capacity(pts.len() + 1);
    for pass in 0..2 {
        let start = h.len();
        let iter: Box<dyn Iterator<Item = &Coord<f64>>> = if pass == 0 {
            Box::new(pts.iter())
        } else {
            Box::new(pts.iter().rev())
        };
        for &p in iter {
            while h.len() >= start + 2 && cross(h[h.len() - 2], h[h.len() - 1], p) <= 0.0 {
                h.pop();
            }
            h.push(p);
        }
        h.pop();
    }
    let n = h.len();
    let twice: f64 = (0..n)
        .map(|i| {
            let (a, b) = (h[i], h[(i + 1) % n]);
            a.x * b.y - b.x * a.y
        })
        .sum();
    *pts = h;
    twice.abs() / 2.0
}

/// Convex hull area ÷ area, inverted: 1 for a convex red line, less for a ragged one.
pub fn compactness(f: &MultiPolygon<f64>) -> f64 {
    let Some(o) = f.0.first().and_then(|p| p.exterior().0.first()).copied() else {
        return 0.0;
    };
    let mut pts: Vec<Coord<f64>> =
        f.0.iter()
            .flat_map(|p| p.exterior().0.iter())
            .map(|c| Coord {
                x: c.x - o.x,
                y: c.y - o.y,
            })
            .collect();
    let h = hull_area(&mut pts);
    if h > 0.0 { f.unsigned_area() / h } else { 0.0 }
}
