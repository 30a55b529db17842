//! Zone-prefixed eastings are about 3.8e7 m: subtracting a nearby origin before a boolean operation
//! keeps the low bits of the coordinates where the arithmetic happens.

use geo::{Coord, MapCoords, MultiPolygon, Polygon};

/// A translation to a local origin and back.
///
/// ```
/// use stockfirst::geometry::LocalFrame;
/// use geo::{coord, polygon};
/// let p = polygon![(x: 38_452_316.0, y: 3_905_221.0), (x: 38_452_416.0, y: 3_905_221.0), (x: 38_452_416.0, y: 3_905_321.0)];
/// let frame = LocalFrame::new(coord! { x: 38_452_000.0, y: 3_905_000.0 });
/// let local = frame.polygon_to_local(&p);
/// assert_eq!(local.exterior().0[0], coord! { x: 316.0, y: 221.0 });
/// assert_eq!(frame.polygon_to_world(&local), p);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LocalFrame {
    pub origin: Coord<f64>,
}

impl LocalFrame {
    pub fn new(origin: Coord<f64>) -> Self {
        Self { origin }
    }

    /// An origin at a rounded corner of `geom`'s bounding box, or zero for an empty geometry.
    pub fn around(geom: &MultiPolygon<f64>) -> Self {
        use geo::BoundingRect;
        let origin = geom
            .bounding_rect()
            .map(|r| Coord {
                x: r.min().x.floor(),
                y: r.min().y.floor(),
            })
            .unwrap_or(Coord { x: 0.0, y: 0.0 });
        Self { origin }
    }

    pub fn to_local(&self, g: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        let o = self.origin;
        g.map_coords(|c| Coord {
            x: c.x - o.x,
            y: c.y - o.y,
        })
    }

    pub fn polygon_to_local(&self, g: &Polygon<f64>) -> Polygon<f64> {
        let o = self.origin;
        g.map_coords(|c| Coord {
            x: c.x - o.x,
            y: c.y - o.y,
        })
    }

    pub fn to_world(&self, g: &MultiPolygon<f64>) -> MultiPolygon<f64> {
        let o = self.origin;
        g.map_coords(|c| Coord {
            x: c.x + o.x,
            y: c.y + o.y,
        })
    }

    pub fn polygon_to_world(&self, g: &Polygon<f64>) -> Polygon<f64> {
        let o = self.origin;
        g.map_coords(|c| Coord {
            x: c.x + o.x,
            y: c.y + o.y,
        })
    }
}
