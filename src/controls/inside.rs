//! Whether a box lies wholly inside a polygon, proven cheaply: no edge of the polygon comes near the box, and one
//! corner of the box is inside. The overlay uses it to skip the boolean operation for a 图斑 wholly inside a
//! footprint (its share is the 图斑 itself); whatever it cannot prove goes to the boolean operation as before.

use geo::{Contains, Coord, MultiPolygon, Point, Rect};

/// A polygon prepared for box-inside tests: its box and its edges.
pub struct Inside<'a> {
    polygon: &'a MultiPolygon<f64>,
    bbox: Option<Rect<f64>>,
    edges: Vec<(Coord<f64>, Coord<f64>)>,
}

impl<'a> Inside<'a> {
    pub fn new(polygon: &'a MultiPolygon<f64>) -> Self {
        use geo::BoundingRect;
        let edges = polygon
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .flat_map(|r| r.lines().map(|l| (l.start, l.end)))
            .collect();
        Self {
            polygon,
            bbox: polygon.bounding_rect(),
            edges,
        }
    }

    /// True only when `r` is certainly inside the polygon's interior; `false` means "not proven".
    pub fn holds(&self, r: Option<Rect<f64>>) -> bool {
        let (Some(r), Some(b)) = (r, self.bbox) else {
            return false;
        };
        if r.min().x <= b.min().x || r.min().y <= b.min().y || r.max().x >= b.max().x || r.max().y >= b.max().y {
            return false;
        }
        if self.edges.iter().any(|&(a, c)| near(a, c, r)) {
            return false;
        }
        // No edge meets the box, so the box is wholly inside or wholly outside: one corner decides.
        self.polygon.contains(&Point(r.min()))
    }
}

/// Whether segment a–c may meet the closed box `r` (conservative: "may" when in doubt).
fn near(a: Coord<f64>, c: Coord<f64>, r: Rect<f64>) -> bool {
    if a.x.max(c.x) < r.min().x || a.x.min(c.x) > r.max().x || a.y.max(c.y) < r.min().y || a.y.min(c.y) > r.max().y {
        return false;
    }
    let (dx, dy) = (c.x - a.x, c.y - a.y);
    let len = dx.hypot(dy);
    let corners = [
        r.min(),
        Coord {
            x: r.max().x,
            y: r.min().y,
        },
        r.max(),
        Coord {
            x: r.min().x,
            y: r.max().y,
        },
    ];
    let side = |p: Coord<f64>| {
        let (px, py) = (p.x - a.x, p.y - a.y);
        let cross = dx * py - dy * px;
        // Generous slack for rounding at zone-prefixed eastings: doubt means "near".
        let eps = 1e-9 * len * (px.hypot(py) + 1.0) + 1e-6;
        if cross > eps {
            1
        } else if cross < -eps {
            -1
        } else {
            0
        }
    };
    let s = corners.map(side);
    !(s.iter().all(|&v| v == 1) || s.iter().all(|&v| v == -1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, Polygon, coord};

    fn l_shape() -> MultiPolygon<f64> {
        let (x, y) = (38_420_000.0, 3_905_000.0);
        MultiPolygon(vec![Polygon::new(
            LineString::from(vec![
                (x, y),
                (x + 200.0, y),
                (x + 200.0, y + 100.0),
                (x + 100.0, y + 100.0),
                (x + 100.0, y + 200.0),
                (x, y + 200.0),
                (x, y),
            ]),
            vec![],
        )])
    }

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Option<Rect<f64>> {
        let (x, y) = (38_420_000.0, 3_905_000.0);
        Some(Rect::new(
            coord! { x: x + x0, y: y + y0 },
            coord! { x: x + x1, y: y + y1 },
        ))
    }

    #[test]
    fn boxes_inside_an_l_and_not() {
        let l = l_shape();
        let inside = Inside::new(&l);
        assert!(inside.holds(rect(10.0, 10.0, 90.0, 90.0)));
        assert!(inside.holds(rect(110.0, 10.0, 190.0, 90.0)));
        // In the L's notch (outside), across its inner corner, touching its edge, or beyond it.
        assert!(!inside.holds(rect(110.0, 110.0, 190.0, 190.0)));
        assert!(!inside.holds(rect(90.0, 90.0, 110.0, 110.0)));
        assert!(!inside.holds(rect(0.0, 10.0, 50.0, 50.0)));
        assert!(!inside.holds(rect(-10.0, 10.0, 50.0, 50.0)));
        assert!(!inside.holds(None));
    }
}
