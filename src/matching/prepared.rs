//! A footprint prepared once for many parcel queries: intersection areas and distances, near a local origin.
//!
//! Why not a boolean operation per parcel: parcels and most footprints are convex or nearly so, and the area of a
//! polygon clipped by a convex polygon (Sutherland–Hodgman) is exact and allocation-light. Boolean operations
//! (guarded) are kept for the pairs where neither side is convex.

use geo::{Area as _, BoundingRect, Coord, LineString, MultiPolygon, Polygon, Rect};

use crate::geometry::ring::{
    bbox as ring_bbox, clipped_area, inside_convex, is_convex_ccw, point_in_rings, point_segment_d2, rings_distance,
    to_ccw as ccw,
};
use crate::geometry::{GeometryError, LocalFrame, guarded_intersection};

type Ring = Vec<Coord<f64>>;

/// One polygon of the footprint, local coordinates, rings open (last point ≠ first).
#[derive(Debug, Clone)]
struct Part {
    exterior: Ring,
    holes: Vec<Ring>,
    /// Exterior is convex (and wound counter-clockwise, for the inside test) and there are no holes.
    convex: bool,
    bbox: Rect<f64>,
    polygon: Polygon<f64>,
}

/// A footprint ready for queries.
#[derive(Debug, Clone)]
pub struct PreparedFootprint {
    frame: LocalFrame,
    parts: Vec<Part>,
    /// World bounding box.
    pub bbox: Rect<f64>,
    /// Planar area, m².
    pub area_m2: f64,
}

/// Area below which an overlap is taken as a touch, not a hit (1 mm²): shared edges leave round-off slivers.
pub const HIT_MIN_M2: f64 = 1e-6;

fn open_ring(ls: &LineString<f64>, o: Coord<f64>) -> Ring {
    let n = ls.0.len();
    let n = if n > 1 && ls.0[0] == ls.0[n - 1] { n - 1 } else { n };
    ls.0[..n]
        .iter()
        .map(|c| Coord {
            x: c.x - o.x,
            y: c.y - o.y,
        })
        .collect()
}

fn bbox_disjoint(a: &Rect<f64>, b: &Rect<f64>) -> bool {
    a.max().x < b.min().x || b.max().x < a.min().x || a.max().y < b.min().y || b.max().y < a.min().y
}

fn bbox_within(inner: &Rect<f64>, outer: &Rect<f64>) -> bool {
    inner.min().x >= outer.min().x
        && inner.min().y >= outer.min().y
        && inner.max().x <= outer.max().x
        && inner.max().y <= outer.max().y
}

/// A parcel part in the local frame.
struct LocalPart {
    exterior: Ring,
    holes: Vec<Ring>,
    bbox: Rect<f64>,
}

impl LocalPart {
    fn new(p: &Polygon<f64>, o: Coord<f64>) -> Option<Self> {
        let exterior = open_ring(p.exterior(), o);
        if exterior.len() < 3 {
            return None;
        }
        let holes = p
            .interiors()
            .iter()
            .map(|h| open_ring(h, o))
            .filter(|h| h.len() >= 3)
            .collect();
        let bbox = ring_bbox(&exterior);
        Some(Self { exterior, holes, bbox })
    }

    fn rings(&self) -> Vec<&[Coord<f64>]> {
        std::iter::once(self.exterior.as_slice())
            .chain(self.holes.iter().map(|h| h.as_slice()))
            .collect()
    }

    fn polygon(&self) -> Polygon<f64> {
        let close = |r: &Ring| {
            let mut v = r.clone();
            v.push(r[0]);
            LineString::new(v)
        };
        Polygon::new(close(&self.exterior), self.holes.iter().map(close).collect())
    }
}

impl PreparedFootprint {
    /// Prepares `footprint` (world coordinates). Parts with fewer than three points are ignored.
    pub fn new(footprint: &MultiPolygon<f64>) -> Self {
        let frame = LocalFrame::around(footprint);
        let o = frame.origin;
        let mut parts = Vec::with_capacity(footprint.0.len());
        for p in &footprint.0 {
            let Some(lp) = LocalPart::new(p, o) else {
                continue;
            };
            let exterior = ccw(lp.exterior.clone());
            let convex = lp.holes.is_empty() && is_convex_ccw(&exterior);
            let polygon = lp.polygon();
            parts.push(Part {
                exterior,
                holes: lp.holes,
                convex,
                bbox: lp.bbox,
                polygon,
            });
        }
        let bbox = footprint.bounding_rect().unwrap_or(Rect::new(o, o));
        Self {
            frame,
            parts,
            bbox,
            area_m2: footprint.unsigned_area(),
        }
    }

    pub fn origin(&self) -> Coord<f64> {
        self.frame.origin
    }

    /// Area of the overlap of `parcel` (world coordinates) with the footprint, in m².
    /// `parcel_area_m2` is the parcel's own area, used when a parcel lies wholly inside a convex footprint part.
    pub fn overlap_m2(&self, parcel: &MultiPolygon<f64>, parcel_area_m2: f64) -> Result<f64, GeometryError> {
        let o = self.frame.origin;
        let mut total = 0.0;
        let mut buf = (Vec::with_capacity(16), Vec::with_capacity(16));
        let single = parcel.0.len() == 1;
        for pp in &parcel.0 {
            let Some(lp) = LocalPart::new(pp, o) else {
                continue;
            };
            for fp in &self.parts {
                if bbox_disjoint(&lp.bbox, &fp.bbox) {
                    continue;
                }
                if fp.convex {
                    // Wholly inside: no clipping needed.
                    if single
                        && self.parts.len() == 1
                        && bbox_within(&lp.bbox, &fp.bbox)
                        && lp.exterior.iter().all(|c| inside_convex(*c, &fp.exterior))
                    {
                        total += parcel_area_m2;
                        continue;
                    }
                    let mut a = clipped_area(&lp.exterior, &fp.exterior, &mut buf);
                    for h in &lp.holes {
                        a -= clipped_area(h, &fp.exterior, &mut buf);
                    }
                    total += a.max(0.0);
                    continue;
                }
                let parcel_ext = ccw(lp.exterior.clone());
                if lp.holes.is_empty() && is_convex_ccw(&parcel_ext) {
                    let mut a = clipped_area(&fp.exterior, &parcel_ext, &mut buf);
                    for h in &fp.holes {
                        a -= clipped_area(h, &parcel_ext, &mut buf);
                    }
                    total += a.max(0.0);
                    continue;
                }
                // Neither side convex: a guarded boolean operation.
                let inter = guarded_intersection(
                    &MultiPolygon(vec![fp.polygon.clone()]),
                    &MultiPolygon(vec![lp.polygon()]),
                )?;
                total += inter.unsigned_area();
            }
        }
        Ok(total)
    }

    /// Edge-to-edge distance from the footprint to `parcel` (0 when they overlap or touch), metres.
    pub fn distance_to(&self, parcel: &MultiPolygon<f64>) -> f64 {
        let o = self.frame.origin;
        let mut best = f64::INFINITY;
        let fp_rings: Vec<&[Coord<f64>]> = self
            .parts
            .iter()
            .flat_map(|p| std::iter::once(p.exterior.as_slice()).chain(p.holes.iter().map(|h| h.as_slice())))
            .collect();
        for pp in &parcel.0 {
            let Some(lp) = LocalPart::new(pp, o) else {
                continue;
            };
            let pr = lp.rings();
            // One inside the other: no edge meets, yet the distance is 0.
            if point_in_rings(lp.exterior[0], &fp_rings) {
                return 0.0;
            }
            if let Some(f0) = fp_rings.first().and_then(|r| r.first())
                && point_in_rings(*f0, &pr)
            {
                return 0.0;
            }
            best = best.min(rings_distance(&fp_rings, &pr));
        }
        best
    }
}

/// Distance from a point to a parcel (0 inside), metres. Computed near the point.
pub fn point_distance(p: Coord<f64>, parcel: &MultiPolygon<f64>) -> f64 {
    let mut best = f64::INFINITY;
    let origin = Coord {
        x: p.x.floor(),
        y: p.y.floor(),
    };
    let lp0 = Coord {
        x: p.x - origin.x,
        y: p.y - origin.y,
    };
    for pp in &parcel.0 {
        let Some(lp) = LocalPart::new(pp, origin) else {
            continue;
        };
        let rings = lp.rings();
        if point_in_rings(lp0, &rings) {
            return 0.0;
        }
        for r in &rings {
            let n = r.len();
            for i in 0..n {
                best = best.min(point_segment_d2(lp0, r[i], r[(i + 1) % n]));
            }
        }
    }
    best.sqrt()
}

/// Edge-to-edge distance between two parcels (0 when they touch or overlap), metres.
pub fn parcel_gap(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> f64 {
    let Some(r) = a.bounding_rect() else {
        return f64::INFINITY;
    };
    let o = Coord {
        x: r.min().x.floor(),
        y: r.min().y.floor(),
    };
    let pa: Vec<LocalPart> = a.0.iter().filter_map(|p| LocalPart::new(p, o)).collect();
    let pb: Vec<LocalPart> = b.0.iter().filter_map(|p| LocalPart::new(p, o)).collect();
    let ra: Vec<&[Coord<f64>]> = pa.iter().flat_map(|p| p.rings()).collect();
    let rb: Vec<&[Coord<f64>]> = pb.iter().flat_map(|p| p.rings()).collect();
    if let (Some(x), Some(y)) = (ra.first().and_then(|r| r.first()), rb.first().and_then(|r| r.first()))
        && (point_in_rings(*x, &rb) || point_in_rings(*y, &ra))
    {
        return 0.0;
    }
    rings_distance(&ra, &rb)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{BooleanOps, polygon};

    const X0: f64 = 38_452_000.0;
    const Y0: f64 = 3_905_000.0;

    fn rect(x: f64, y: f64, w: f64, h: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: X0 + x, y: Y0 + y), (x: X0 + x + w, y: Y0 + y), (x: X0 + x + w, y: Y0 + y + h), (x: X0 + x, y: Y0 + y + h)],
        ])
    }

    #[test]
    fn half_covered_square() {
        // Footprint 0..100 × 0..100, parcel 50..150 × 0..100: overlap 50 × 100 = 5 000 m².
        let f = PreparedFootprint::new(&rect(0.0, 0.0, 100.0, 100.0));
        let p = rect(50.0, 0.0, 100.0, 100.0);
        assert!((f.overlap_m2(&p, 10_000.0).unwrap() - 5_000.0).abs() < 1e-6);
    }

    #[test]
    fn inside_parcel_uses_its_own_area() {
        let f = PreparedFootprint::new(&rect(0.0, 0.0, 100.0, 100.0));
        // 20 × 30 = 600 m²; the passed area is what comes back, so it is the shortcut that answered.
        assert_eq!(f.overlap_m2(&rect(10.0, 10.0, 20.0, 30.0), 600.0).unwrap(), 600.0);
    }

    #[test]
    fn concave_footprint_against_convex_parcel() {
        // L-shaped footprint: 100 × 100 square minus its top-right 50 × 50 quarter = 7 500 m².
        let l = MultiPolygon(vec![polygon![
            (x: X0, y: Y0), (x: X0 + 100.0, y: Y0), (x: X0 + 100.0, y: Y0 + 50.0), (x: X0 + 50.0, y: Y0 + 50.0),
            (x: X0 + 50.0, y: Y0 + 100.0), (x: X0, y: Y0 + 100.0)
        ]]);
        let f = PreparedFootprint::new(&l);
        // Parcel 25..75 × 25..75 (2 500 m²): the top-right quarter 50..75 × 50..75 (625 m²) is outside → 1 875 m².
        let a = f.overlap_m2(&rect(25.0, 25.0, 50.0, 50.0), 2_500.0).unwrap();
        assert!((a - 1_875.0).abs() < 1e-6, "{a}");
    }

    #[test]
    fn both_concave_fall_back_to_boolean_ops() {
        let l = |dx: f64| {
            MultiPolygon(vec![polygon![
                (x: X0 + dx, y: Y0), (x: X0 + dx + 100.0, y: Y0), (x: X0 + dx + 100.0, y: Y0 + 50.0),
                (x: X0 + dx + 50.0, y: Y0 + 50.0), (x: X0 + dx + 50.0, y: Y0 + 100.0), (x: X0 + dx, y: Y0 + 100.0)
            ]])
        };
        let f = PreparedFootprint::new(&l(0.0));
        let p = l(50.0);
        let expected = l(0.0).intersection(&p).unsigned_area();
        // By hand: the shift-50 L covers 50..100 × 0..50 of the first L (2 500 m²) and nothing of its upper arm.
        assert!((expected - 2_500.0).abs() < 1e-6);
        assert!((f.overlap_m2(&p, 7_500.0).unwrap() - 2_500.0).abs() < 1e-6);
    }

    #[test]
    fn parcel_with_hole_subtracts_the_hole() {
        // Parcel 0..100 square with hole 40..60 square (400 m²); footprint is the left half 0..50.
        // Overlap = 50 × 100 − 10 × 20 (hole part in the left half) = 5 000 − 200 = 4 800 m².
        let p = MultiPolygon(vec![Polygon::new(
            LineString::from(vec![
                (X0, Y0),
                (X0 + 100.0, Y0),
                (X0 + 100.0, Y0 + 100.0),
                (X0, Y0 + 100.0),
                (X0, Y0),
            ]),
            vec![LineString::from(vec![
                (X0 + 40.0, Y0 + 40.0),
                (X0 + 60.0, Y0 + 40.0),
                (X0 + 60.0, Y0 + 60.0),
                (X0 + 40.0, Y0 + 60.0),
                (X0 + 40.0, Y0 + 40.0),
            ])],
        )]);
        let f = PreparedFootprint::new(&rect(0.0, 0.0, 50.0, 100.0));
        assert!((f.overlap_m2(&p, 9_600.0).unwrap() - 4_800.0).abs() < 1e-6);
    }

    #[test]
    fn star_is_not_convex() {
        // A pentagram turns left at every vertex but winds twice.
        let star: Ring = (0..5)
            .map(|k| {
                let a = std::f64::consts::FRAC_PI_2 + k as f64 * 4.0 * std::f64::consts::PI / 5.0;
                Coord { x: a.cos(), y: a.sin() }
            })
            .collect();
        assert!(!is_convex_ccw(&ccw(star)));
        let square = vec![
            Coord { x: 0.0, y: 0.0 },
            Coord { x: 1.0, y: 0.0 },
            Coord { x: 1.0, y: 1.0 },
            Coord { x: 0.0, y: 1.0 },
        ];
        assert!(is_convex_ccw(&square));
    }

    #[test]
    fn distances() {
        let f = PreparedFootprint::new(&rect(0.0, 0.0, 100.0, 100.0));
        // Parcel starting 30 m to the right of the footprint.
        assert!((f.distance_to(&rect(130.0, 0.0, 10.0, 10.0)) - 30.0).abs() < 1e-9);
        // A parcel inside the footprint is at distance 0.
        assert_eq!(f.distance_to(&rect(10.0, 10.0, 10.0, 10.0)), 0.0);
        // 3-4-5: point (X0-30, Y0-40) to the corner (X0, Y0).
        assert!(
            (point_distance(
                Coord {
                    x: X0 - 30.0,
                    y: Y0 - 40.0
                },
                &rect(0.0, 0.0, 10.0, 10.0)
            ) - 50.0)
                .abs()
                < 1e-9
        );
        assert_eq!(
            point_distance(
                Coord {
                    x: X0 + 5.0,
                    y: Y0 + 5.0
                },
                &rect(0.0, 0.0, 10.0, 10.0)
            ),
            0.0
        );
        // Touching neighbours have gap 0; a 20 m road between them gives 20.
        assert_eq!(
            parcel_gap(&rect(0.0, 0.0, 10.0, 10.0), &rect(10.0, 0.0, 10.0, 10.0)),
            0.0
        );
        assert!((parcel_gap(&rect(0.0, 0.0, 10.0, 10.0), &rect(30.0, 0.0, 10.0, 10.0)) - 20.0).abs() < 1e-9);
    }
}
