//! 界址点坐标表: the red line's points as every 用地报批 package lists them — J1, J2 … numbered through the rings,
//! each ring closed by repeating its first point, X = northing, Y = zone-prefixed easting (metres, three
//! decimals), 圈号 1 for the first ring — with the parcel's area in 亩 and 公顷. The numbering is the one
//! `io::boundary_txt` writes, so the table and the TXT agree.

use geo::{Area as _, MultiPolygon};

use crate::model::Area;

/// One row of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryPoint {
    /// J1, J2 …
    pub name: String,
    /// 圈号: 1 for the first ring, then 2, 3 … for holes and further parts.
    pub ring: usize,
    /// X: northing (m).
    pub x: f64,
    /// Y: easting with the zone prefix (m).
    pub y: f64,
}

/// The table of one red line: its points and its planar area.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryTable {
    pub points: Vec<BoundaryPoint>,
    pub area: Area,
}

/// The points of `footprint` (working CRS: x = zone-prefixed easting, y = northing).
///
/// ```
/// use geo::{MultiPolygon, polygon};
/// let sq = MultiPolygon(vec![polygon![(x: 38_400_000.0, y: 3_900_000.0), (x: 38_400_100.0, y: 3_900_000.0),
///     (x: 38_400_100.0, y: 3_900_100.0), (x: 38_400_000.0, y: 3_900_100.0)]]);
/// let t = stockfirst::print::boundary_points::table(&sq);
/// assert_eq!(t.points.len(), 5); // four corners and J1 again
/// assert_eq!((t.points[0].x, t.points[0].y), (3_900_000.0, 38_400_000.0));
/// assert_eq!(t.points[4].name, "J1");
/// assert_eq!(format!("{:.2}", t.area.mu()), "15.00"); // 10 000 m² × 0.0015
/// ```
pub fn table(footprint: &MultiPolygon<f64>) -> BoundaryTable {
    let mut points = Vec::new();
    let mut n = 0usize;
    let rings = footprint
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
    for (k, ring) in rings.enumerate() {
        let mut pts = ring.0.clone();
        if pts.len() > 1 && pts.first() == pts.last() {
            pts.pop();
        }
        if pts.len() < 3 {
            continue;
        }
        let first = n + 1;
        for c in &pts {
            n += 1;
            points.push(BoundaryPoint {
                name: format!("J{n}"),
                ring: k + 1,
                x: c.y,
                y: c.x,
            });
        }
        points.push(BoundaryPoint {
            name: format!("J{first}"),
            ring: k + 1,
            x: pts[0].y,
            y: pts[0].x,
        });
    }
    BoundaryTable {
        points,
        area: Area::from_m2(footprint.unsigned_area()),
    }
}
