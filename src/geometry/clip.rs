//! The area of a valid polygon's overlap with a footprint, without a boolean operation: the footprint is cut into
//! convex pieces once (its triangles), and each ring of the polygon is clipped against each piece
//! (Sutherland–Hodgman). For a convex clipper the clipped ring's shoelace area is exactly the overlap's, even where
//! the clipped ring runs along the clipper's edge, so `area(P ∩ F) = Σ_T (|ext ∩ T| − Σ |hole ∩ T|)`. This is what
//! the overlay needs for a 图斑 crossing a red line: its area, not its shape.

use geo::{Area, Coord, MultiPolygon, TriangulateEarcut};

/// A footprint cut into convex pieces (counter-clockwise triangles, or the footprint itself when it is one convex
/// ring), in the caller's frame.
pub struct ConvexCover {
    pieces: Vec<Vec<Coord<f64>>>,
}

impl ConvexCover {
    /// `None` when the pieces do not add up to the footprint's area (earcut gave up on a degenerate ring): the
    /// caller then uses a boolean operation.
    pub fn new(footprint: &MultiPolygon<f64>) -> Option<Self> {
        let mut pieces = Vec::new();
        for p in &footprint.0 {
            let ring = &p.exterior().0;
            if p.interiors().is_empty() && is_convex(ring) {
                let mut r: Vec<Coord<f64>> = ring[..ring.len().saturating_sub(1)].to_vec();
                if signed_area2(&r) < 0.0 {
                    r.reverse();
                }
                pieces.push(r);
                continue;
            }
            for t in p.earcut_triangles() {
                let mut r = vec![t.v1(), t.v2(), t.v3()];
                let a = signed_area2(&r);
                if a == 0.0 {
                    continue; // covers nothing (and would let everything through the clip)
                }
                if a < 0.0 {
                    r.reverse();
                }
                pieces.push(r);
            }
        }
        let sum: f64 = pieces.iter().map(|r| signed_area2(r) / 2.0).sum();
        let want = footprint.unsigned_area();
        ((sum - want).abs() <= 1e-9 * want.max(1.0) && !pieces.is_empty()).then_some(Self { pieces })
    }

    /// The area of `g ∩ footprint`, for a valid `g` (rings simple, holes inside their exterior, parts apart) given
    /// in the same frame, shifted by `-shift` on the way (the world-to-local step, without a copy).
    pub fn overlap_area(&self, g: &MultiPolygon<f64>, shift: Coord<f64>) -> f64 {
        let mut buf_a = Vec::new();
        let mut buf_b = Vec::new();
        let mut total = 0.0;
        for piece in &self.pieces {
            for p in &g.0 {
                let mut a = clipped_area(&p.exterior().0, shift, piece, &mut buf_a, &mut buf_b);
                for h in p.interiors() {
                    a -= clipped_area(&h.0, shift, piece, &mut buf_a, &mut buf_b);
                }
                total += a;
            }
        }
        total.max(0.0)
    }
}

/// `frame.to_local(g).unsigned_area()` without the copy: the same arithmetic as geo's shoelace (shifted to the
/// ring's first point) on the same shifted coordinates, so the same bits.
pub fn local_area(g: &MultiPolygon<f64>, origin: Coord<f64>) -> f64 {
    let ring = |r: &[Coord<f64>]| -> f64 {
        let n = r.len();
        let at = |i: usize| Coord {
            x: r[i].x - origin.x,
            y: r[i].y - origin.y,
        };
        if n < 3 || at(0) != at(n - 1) {
            return 0.0;
        }
        let shift = at(0);
        let mut prev = at(1) - shift;
        let mut sum = 0.0;
        for i in 2..n {
            let p = at(i) - shift;
            sum += prev.x * p.y - prev.y * p.x;
            prev = p;
        }
        sum / 2.0
    };
    g.0.iter().fold(0.0, |total, p| {
        let ext = ring(&p.exterior().0);
        let a = p.interiors().iter().fold(ext.abs(), |t, h| t - ring(&h.0).abs());
        let signed = if ext < 0.0 { -a } else { a };
        total + signed.abs()
    })
}

/// Twice the signed area of an open ring (last point not repeated).
fn signed_area2(r: &[Coord<f64>]) -> f64 {
    let n = r.len();
    if n < 3 {
        return 0.0;
    }
    let o = r[0];
    let mut s = 0.0;
    for i in 1..n - 1 {
        let (a, b) = (r[i], r[i + 1]);
        s += (a.x - o.x) * (b.y - o.y) - (b.x - o.x) * (a.y - o.y);
    }
    s
}

/// Whether a closed ring turns one way only (collinear steps allowed) and is not degenerate.
fn is_convex(ring: &[Coord<f64>]) -> bool {
    let n = ring.len().saturating_sub(1);
    if n < 3 {
        return false;
    }
    let (mut pos, mut neg) = (false, false);
    for i in 0..n {
        let (a, b, c) = (ring[i], ring[(i + 1) % n], ring[(i + 2) % n]);
        let cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
        pos |= cross > 0.0;
        neg |= cross < 0.0;
    }
    // A ring that winds twice turns one way too: its turning adds up to more than one full turn.
    let mut turn = 0.0;
    for i in 0..n {
        let (a, b, c) = (ring[i], ring[(i + 1) % n], ring[(i + 2) % n]);
        let (u, v) = ((b.x - a.x, b.y - a.y), (c.x - b.x, c.y - b.y));
        turn += (u.0 * v.1 - u.1 * v.0).atan2(u.0 * v.0 + u.1 * v.1);
    }
    pos != neg && (turn.abs() - std::f64::consts::TAU).abs() < 1e-6
}

/// |area| of a closed ring (shifted by `-shift`) clipped to the convex counter-clockwise `clip`.
fn clipped_area(
    ring: &[Coord<f64>],
    shift: Coord<f64>,
    clip: &[Coord<f64>],
    a: &mut Vec<Coord<f64>>,
    b: &mut Vec<Coord<f64>>,
) -> f64 {
    a.clear();
    let n = ring.len();
    let open = if n > 1 && ring[0] == ring[n - 1] { n - 1 } else { n };
    a.extend(ring[..open].iter().map(|c| Coord {
        x: c.x - shift.x,
        y: c.y - shift.y,
    }));
    for k in 0..clip.len() {
        let (p, q) = (clip[k], clip[(k + 1) % clip.len()]);
        let side = |c: Coord<f64>| (q.x - p.x) * (c.y - p.y) - (q.y - p.y) * (c.x - p.x);
        b.clear();
        let m = a.len();
        for i in 0..m {
            let (s, e) = (a[i], a[(i + 1) % m]);
            let (ds, de) = (side(s), side(e));
            if ds >= 0.0 {
                b.push(s);
            }
            if (ds >= 0.0) != (de >= 0.0) {
                let t = ds / (ds - de);
                b.push(Coord {
                    x: s.x + t * (e.x - s.x),
                    y: s.y + t * (e.y - s.y),
                });
            }
        }
        std::mem::swap(a, b);
        if a.len() < 3 {
            return 0.0;
        }
    }
    (signed_area2(a) / 2.0).abs()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{BooleanOps, LineString, Polygon, polygon};

    fn star(cx: f64, cy: f64, n: usize, seed: u64) -> Polygon<f64> {
        let mut s = seed;
        let pts: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                s = s
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let r = 20.0 + 30.0 * ((s >> 11) as f64 / (1u64 << 53) as f64);
                let t = i as f64 / n as f64 * std::f64::consts::TAU;
                (cx + r * t.cos(), cy + r * t.sin())
            })
            .collect();
        Polygon::new(LineString::from(pts), vec![])
    }

    #[test]
    fn clipped_areas_match_the_boolean_intersection() {
        // A rectangle, an L (earcut) and a rectangle with a hole, against stars with and without holes, some
        // clockwise: the clipped area equals i_overlay's intersection area.
        let rect = MultiPolygon(vec![
            polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 60.0), (x: 0.0, y: 60.0)],
        ]);
        let l = MultiPolygon(vec![
            polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0),
            (x: 50.0, y: 100.0), (x: 50.0, y: 50.0), (x: 0.0, y: 50.0)],
        ]);
        let holed = MultiPolygon(vec![polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)],
            interiors: [[(x: 40.0, y: 40.0), (x: 60.0, y: 40.0), (x: 60.0, y: 60.0), (x: 40.0, y: 60.0)]],
        )]);
        let shift = Coord {
            x: 38_420_000.0,
            y: 3_905_000.0,
        };
        let mut checked = 0;
        for fp in [&rect, &l, &holed] {
            let cover = ConvexCover::new(fp).unwrap();
            for k in 0..40u64 {
                let (cx, cy) = ((k % 7) as f64 * 20.0 - 10.0, (k / 7) as f64 * 20.0 - 10.0);
                let mut p = star(cx, cy, 12 + (k as usize % 30), k + 1);
                if k % 3 == 0 {
                    let hole = star(cx, cy, 8, k + 99)
                        .exterior()
                        .0
                        .iter()
                        .map(|c| (cx + (c.x - cx) * 0.3, cy + (c.y - cy) * 0.3))
                        .collect::<Vec<_>>();
                    p = Polygon::new(p.exterior().clone(), vec![LineString::from(hole)]);
                }
                if k % 4 == 1 {
                    p.exterior_mut(|r| r.0.reverse());
                }
                let g = MultiPolygon(vec![p]);
                let want = g.intersection(fp).unsigned_area();
                let world = MultiPolygon(vec![Polygon::new(
                    LineString::from(
                        g.0[0]
                            .exterior()
                            .0
                            .iter()
                            .map(|c| (c.x + shift.x, c.y + shift.y))
                            .collect::<Vec<_>>(),
                    ),
                    g.0[0]
                        .interiors()
                        .iter()
                        .map(|h| {
                            LineString::from(h.0.iter().map(|c| (c.x + shift.x, c.y + shift.y)).collect::<Vec<_>>())
                        })
                        .collect(),
                )]);
                let got = cover.overlap_area(&world, shift);
                assert!((got - want).abs() < 1e-6 * want.max(1.0), "{got} vs {want} (case {k})");
                checked += 1;
            }
        }
        assert_eq!(checked, 120);
    }

    #[test]
    fn local_area_is_geos_area_of_the_local_copy() {
        let o = Coord {
            x: 38_420_000.0,
            y: 3_905_000.0,
        };
        let frame = crate::geometry::LocalFrame::new(o);
        for k in 0..20u64 {
            let mut p = star(38_420_123.456 + k as f64, 3_905_321.5, 9 + k as usize, k + 7);
            if k % 2 == 0 {
                p.exterior_mut(|r| r.0.reverse());
            }
            let g = MultiPolygon(vec![p]);
            assert_eq!(local_area(&g, o), frame.to_local(&g).unsigned_area());
        }
    }
}
