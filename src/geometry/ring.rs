//! Plane geometry of one ring (a polygon boundary as a list of points): area, centroid, winding, convexity,
//! clipping, distances and self-crossings. Shared by the matcher's prepared footprint, the requirement check and
//! the app's red-line editor, so all three measure a ring the same way.
//!
//! Rings may be open (last point ≠ first) or closed; functions that care say so. Callers working near zone-prefixed
//! eastings (~3.8e7 m) either shift to a local origin first or use the functions that do it themselves.

use geo::{Coord, Rect};

/// Twice the signed area of triangle o-a-b: positive when o → a → b turns left.
///
/// ```
/// use geo::coord;
/// use stockfirst::geometry::ring::cross;
/// assert_eq!(cross(coord! {x: 0.0, y: 0.0}, coord! {x: 1.0, y: 0.0}, coord! {x: 0.0, y: 1.0}), 1.0);
/// ```
pub fn cross(o: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
}

/// Signed shoelace area of an open ring: positive counter-clockwise. Use near a local origin.
///
/// ```
/// use geo::coord;
/// use stockfirst::geometry::ring::signed_area;
/// let ccw = [coord! {x: 0.0, y: 0.0}, coord! {x: 2.0, y: 0.0}, coord! {x: 2.0, y: 3.0}, coord! {x: 0.0, y: 3.0}];
/// assert_eq!(signed_area(&ccw), 6.0);
/// let cw: Vec<_> = ccw.iter().rev().copied().collect();
/// assert_eq!(signed_area(&cw), -6.0);
/// ```
pub fn signed_area(r: &[Coord<f64>]) -> f64 {
    let n = r.len();
    if n < 3 {
        return 0.0;
    }
    let mut s = 0.0;
    let mut j = n - 1;
    for i in 0..n {
        s += (r[j].x + r[i].x) * (r[j].y - r[i].y);
        j = i;
    }
    -s / 2.0
}

/// Unsigned area of a ring (open or closed), computed relative to its first vertex so zone-prefixed eastings
/// (~3.8e7) do not eat the precision.
///
/// ```
/// use geo::coord;
/// let sq = [coord! {x: 38_400_000.0, y: 3_900_000.0}, coord! {x: 38_400_100.0, y: 3_900_000.0},
///           coord! {x: 38_400_100.0, y: 3_900_100.0}, coord! {x: 38_400_000.0, y: 3_900_100.0}];
/// assert_eq!(stockfirst::geometry::ring::area(&sq), 10_000.0);
/// ```
pub fn area(ring: &[Coord<f64>]) -> f64 {
    if ring.len() < 3 {
        return 0.0;
    }
    let o = ring[0];
    let mut twice = 0.0;
    for i in 0..ring.len() {
        let a = ring[i] - o;
        let b = ring[(i + 1) % ring.len()] - o;
        twice += a.x * b.y - b.x * a.y;
    }
    (twice / 2.0).abs()
}

/// Area centroid of a ring (the vertex mean for a ring with no area), computed relative to its first vertex.
///
/// ```
/// use geo::coord;
/// use stockfirst::geometry::ring::centroid;
/// // An L of two unit squares side by side plus one on top of the left: centroid at (5/6, 5/6).
/// let l = [coord! {x: 0.0, y: 0.0}, coord! {x: 2.0, y: 0.0}, coord! {x: 2.0, y: 1.0},
///          coord! {x: 1.0, y: 1.0}, coord! {x: 1.0, y: 2.0}, coord! {x: 0.0, y: 2.0}];
/// let c = centroid(&l).unwrap();
/// assert!((c.x - 5.0 / 6.0).abs() < 1e-12 && (c.y - 5.0 / 6.0).abs() < 1e-12);
/// assert_eq!(centroid(&[]), None);
/// ```
pub fn centroid(ring: &[Coord<f64>]) -> Option<Coord<f64>> {
    let first = *ring.first()?;
    let mut a2 = 0.0;
    let (mut cx, mut cy) = (0.0, 0.0);
    for i in 0..ring.len() {
        let p = ring[i] - first;
        let q = ring[(i + 1) % ring.len()] - first;
        let cross = p.x * q.y - q.x * p.y;
        a2 += cross;
        cx += (p.x + q.x) * cross;
        cy += (p.y + q.y) * cross;
    }
    if a2.abs() < 1e-12 {
        let n = ring.len() as f64;
        let sx: f64 = ring.iter().map(|c| c.x - first.x).sum();
        let sy: f64 = ring.iter().map(|c| c.y - first.y).sum();
        return Some(Coord {
            x: first.x + sx / n,
            y: first.y + sy / n,
        });
    }
    Some(Coord {
        x: first.x + cx / (3.0 * a2),
        y: first.y + cy / (3.0 * a2),
    })
}

/// True when the open ring (counter-clockwise) is convex and simple: all turns left, and the edge directions change
/// their x and y sign at most twice each (this rules out a star that turns left all the way round twice).
///
/// ```
/// use geo::coord;
/// use stockfirst::geometry::ring::is_convex_ccw;
/// let sq = [coord! {x: 0.0, y: 0.0}, coord! {x: 1.0, y: 0.0}, coord! {x: 1.0, y: 1.0}, coord! {x: 0.0, y: 1.0}];
/// assert!(is_convex_ccw(&sq));
/// let dent = [coord! {x: 0.0, y: 0.0}, coord! {x: 2.0, y: 0.0}, coord! {x: 1.0, y: 0.5}, coord! {x: 2.0, y: 2.0},
///             coord! {x: 0.0, y: 2.0}];
/// assert!(!is_convex_ccw(&dent));
/// ```
pub fn is_convex_ccw(r: &[Coord<f64>]) -> bool {
    let n = r.len();
    if n < 3 {
        return false;
    }
    let mut x_changes = 0;
    let mut y_changes = 0;
    let (mut last_dx, mut last_dy) = (0.0f64, 0.0f64);
    for i in 0..n {
        let a = r[i];
        let b = r[(i + 1) % n];
        let c = r[(i + 2) % n];
        if cross(a, b, c) < 0.0 {
            return false;
        }
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        if dx != 0.0 {
            if last_dx != 0.0 && dx.signum() != last_dx.signum() {
                x_changes += 1;
            }
            last_dx = dx;
        }
        if dy != 0.0 {
            if last_dy != 0.0 && dy.signum() != last_dy.signum() {
                y_changes += 1;
            }
            last_dy = dy;
        }
    }
    // Counted along the ring, not round it: a convex ring changes at most twice, a twice-winding star at least 3.
    x_changes <= 2 && y_changes <= 2
}

/// The ring wound counter-clockwise.
pub fn to_ccw(mut r: Vec<Coord<f64>>) -> Vec<Coord<f64>> {
    if signed_area(&r) < 0.0 {
        r.reverse();
    }
    r
}

/// Bounding box of the ring's points.
pub fn bbox(r: &[Coord<f64>]) -> Rect<f64> {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for c in r {
        x0 = x0.min(c.x);
        y0 = y0.min(c.y);
        x1 = x1.max(c.x);
        y1 = y1.max(c.y);
    }
    Rect::new(Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 })
}

/// Area of `subject` (any simple open ring, either winding) clipped by `clip` (convex, counter-clockwise).
/// Sutherland–Hodgman; for a concave subject the output may hold zero-width bridges, which add no area. `buf` is
/// scratch space reused between calls.
///
/// ```
/// use geo::coord;
/// use stockfirst::geometry::ring::clipped_area;
/// let a = [coord! {x: 0.0, y: 0.0}, coord! {x: 2.0, y: 0.0}, coord! {x: 2.0, y: 2.0}, coord! {x: 0.0, y: 2.0}];
/// let b = [coord! {x: 1.0, y: 1.0}, coord! {x: 3.0, y: 1.0}, coord! {x: 3.0, y: 3.0}, coord! {x: 1.0, y: 3.0}];
/// assert_eq!(clipped_area(&a, &b, &mut (Vec::new(), Vec::new())), 1.0);
/// ```
pub fn clipped_area(subject: &[Coord<f64>], clip: &[Coord<f64>], buf: &mut (Vec<Coord<f64>>, Vec<Coord<f64>>)) -> f64 {
    let (input, output) = (&mut buf.0, &mut buf.1);
    output.clear();
    output.extend_from_slice(subject);
    let m = clip.len();
    for k in 0..m {
        if output.is_empty() {
            return 0.0;
        }
        std::mem::swap(input, output);
        output.clear();
        let a = clip[k];
        let b = clip[(k + 1) % m];
        let n = input.len();
        let mut s = input[n - 1];
        let mut s_in = cross(a, b, s) >= 0.0;
        for &e in input.iter() {
            let e_in = cross(a, b, e) >= 0.0;
            if e_in != s_in {
                // Intersection of segment s–e with the clip line a–b.
                let ds = cross(a, b, s);
                let de = cross(a, b, e);
                let t = ds / (ds - de);
                output.push(Coord {
                    x: s.x + t * (e.x - s.x),
                    y: s.y + t * (e.y - s.y),
                });
            }
            if e_in {
                output.push(e);
            }
            s = e;
            s_in = e_in;
        }
    }
    signed_area(output).abs()
}

/// Whether `p` is inside (or on) the convex counter-clockwise ring `clip`.
pub fn inside_convex(p: Coord<f64>, clip: &[Coord<f64>]) -> bool {
    let m = clip.len();
    (0..m).all(|k| cross(clip[k], clip[(k + 1) % m], p) >= 0.0)
}

/// The point of segment a–b nearest to p.
///
/// ```
/// use geo::coord;
/// use stockfirst::geometry::ring::nearest_on_segment;
/// let q = nearest_on_segment(coord! {x: 5.0, y: 3.0}, coord! {x: 0.0, y: 0.0}, coord! {x: 10.0, y: 0.0});
/// assert_eq!(q, coord! {x: 5.0, y: 0.0});
/// ```
pub fn nearest_on_segment(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> Coord<f64> {
    let d = b - a;
    let len2 = d.x * d.x + d.y * d.y;
    if len2 <= 0.0 {
        return a;
    }
    let t = (((p.x - a.x) * d.x + (p.y - a.y) * d.y) / len2).clamp(0.0, 1.0);
    Coord {
        x: a.x + d.x * t,
        y: a.y + d.y * t,
    }
}

/// Squared distance from `p` to segment a–b.
pub fn point_segment_d2(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (qx, qy) = (a.x + t * dx - p.x, a.y + t * dy - p.y);
    qx * qx + qy * qy
}

/// Whether segments a–b and c–d properly cross (touching does not count).
pub fn segments_cross(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: Coord<f64>) -> bool {
    let d1 = cross(a, b, c);
    let d2 = cross(a, b, d);
    let d3 = cross(c, d, a);
    let d4 = cross(c, d, b);
    ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0)) && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
}

/// Smallest distance between the edges of two sets of open rings (0 when edges cross).
pub fn rings_distance(a: &[&[Coord<f64>]], b: &[&[Coord<f64>]]) -> f64 {
    let mut best = f64::INFINITY;
    for ra in a {
        let na = ra.len();
        for i in 0..na {
            let (p, q) = (ra[i], ra[(i + 1) % na]);
            for rb in b {
                let nb = rb.len();
                for j in 0..nb {
                    let (r, s) = (rb[j], rb[(j + 1) % nb]);
                    if segments_cross(p, q, r, s) {
                        return 0.0;
                    }
                    let d = point_segment_d2(p, r, s)
                        .min(point_segment_d2(q, r, s))
                        .min(point_segment_d2(r, p, q))
                        .min(point_segment_d2(s, p, q));
                    best = best.min(d);
                }
            }
        }
    }
    best.sqrt()
}

/// Even-odd point in polygon over all (open) rings.
///
/// ```
/// use geo::coord;
/// use stockfirst::geometry::ring::point_in_rings;
/// let outer = [coord! {x: 0.0, y: 0.0}, coord! {x: 4.0, y: 0.0}, coord! {x: 4.0, y: 4.0}, coord! {x: 0.0, y: 4.0}];
/// let hole = [coord! {x: 1.0, y: 1.0}, coord! {x: 3.0, y: 1.0}, coord! {x: 3.0, y: 3.0}, coord! {x: 1.0, y: 3.0}];
/// assert!(point_in_rings(coord! {x: 0.5, y: 0.5}, &[&outer, &hole]));
/// assert!(!point_in_rings(coord! {x: 2.0, y: 2.0}, &[&outer, &hole]));
/// ```
pub fn point_in_rings(p: Coord<f64>, rings: &[&[Coord<f64>]]) -> bool {
    let mut inside = false;
    for r in rings {
        let n = r.len();
        if n == 0 {
            continue;
        }
        let mut j = n - 1;
        for i in 0..n {
            let (a, b) = (r[i], r[j]);
            if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
                inside = !inside;
            }
            j = i;
        }
    }
    inside
}

/// The first point where two non-adjacent edges of the ring (open or closed) properly cross, in the ring's own
/// coordinates. Turns within `eps` (twice a triangle's area, m²) of straight count as straight, so an editor can
/// ignore round-off; pass 0 for an exact answer. Computed relative to the first vertex.
///
/// ```
/// use geo::coord;
/// use stockfirst::geometry::ring::first_crossing;
/// let bow_tie = [coord! {x: 0.0, y: 0.0}, coord! {x: 10.0, y: 10.0}, coord! {x: 10.0, y: 0.0}, coord! {x: 0.0, y: 10.0}];
/// assert_eq!(first_crossing(&bow_tie, 0.0), Some(coord! {x: 5.0, y: 5.0}));
/// let square = [coord! {x: 0.0, y: 0.0}, coord! {x: 10.0, y: 0.0}, coord! {x: 10.0, y: 10.0}, coord! {x: 0.0, y: 10.0}];
/// assert_eq!(first_crossing(&square, 1e-9), None);
/// ```
pub fn first_crossing(ring: &[Coord<f64>], eps: f64) -> Option<Coord<f64>> {
    let o = *ring.first()?;
    let mut pts: Vec<Coord<f64>> = ring.iter().map(|&c| c - o).collect();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    let n = pts.len();
    if n < 4 {
        return None;
    }
    let side = |v: f64| {
        if v > eps {
            1
        } else if v < -eps {
            -1
        } else {
            0
        }
    };
    for i in 0..n {
        let (a, b) = (pts[i], pts[(i + 1) % n]);
        for j in i + 2..n {
            if (j + 1) % n == i {
                continue; // adjacent through the closing edge
            }
            let (c, d) = (pts[j], pts[(j + 1) % n]);
            let (d1, d2, d3, d4) = (cross(a, b, c), cross(a, b, d), cross(c, d, a), cross(c, d, b));
            if side(d1) * side(d2) < 0 && side(d3) * side(d4) < 0 {
                let t = d3 / (d3 - d4);
                return Some(Coord {
                    x: a.x + t * (b.x - a.x) + o.x,
                    y: a.y + t * (b.y - a.y) + o.y,
                });
            }
        }
    }
    None
}
