//! A proof that a ring is simple in one pass, for the star-shaped rings most 图斑 have.
//!
//! Take a point `c` (the mean of the vertices). If every edge turns the same strict way around `c` (each triangle
//! `c, a, b` has the same non-zero orientation, by exact predicates), the vertices' angles around `c` strictly grow
//! (or strictly fall) edge by edge; if the ring also goes round `c` exactly once, each edge sweeps its own wedge of
//! angles, and two edges can meet only where their wedges meet: at the vertex they share. So the ring is simple, and
//! `c` lies inside it. The winding number is a count of edges crossing the line through `c`, exact as well. A ring
//! that is not star-shaped from `c` is simply not proven here, and goes to the general sweep
//! ([`super::simple_ring`]).

use geo::Coord;
use geo::kernels::{Kernel, Orientation, RobustKernel};

/// True when the closed ring (≥ 4 points, last = first) is proven simple by the star test above; `false` means
/// "not proven", not "not simple". Either orientation.
///
/// ```
/// use geo::coord;
/// use stockfirst::geometry::proven_star_ring;
/// let square = [coord! {x: 0.0, y: 0.0}, coord! {x: 4.0, y: 0.0}, coord! {x: 4.0, y: 4.0}, coord! {x: 0.0, y: 4.0}, coord! {x: 0.0, y: 0.0}];
/// assert!(proven_star_ring(&square));
/// let mut clockwise = square;
/// clockwise.reverse();
/// assert!(proven_star_ring(&clockwise));
/// // A bow-tie crosses itself at (2, 2): not proven.
/// let bow_tie = [coord! {x: 0.0, y: 0.0}, coord! {x: 4.0, y: 4.0}, coord! {x: 4.0, y: 0.0}, coord! {x: 0.0, y: 4.0}, coord! {x: 0.0, y: 0.0}];
/// assert!(!proven_star_ring(&bow_tie));
/// ```
pub fn proven_star_ring(ring: &[Coord<f64>]) -> bool {
    let n = ring.len();
    if n < 4 || ring[0] != ring[n - 1] {
        return false;
    }
    let open = &ring[..n - 1];
    let inv = 1.0 / open.len() as f64;
    // Any point will do for the proof; the mean of the vertices is inside a star-shaped 图斑's kernel more often than
    // not. Summed relative to the first vertex, so large projected coordinates keep their precision.
    let o = open[0];
    let (sx, sy) = open
        .iter()
        .fold((0.0, 0.0), |(sx, sy), p| (sx + (p.x - o.x), sy + (p.y - o.y)));
    let c = Coord {
        x: o.x + sx * inv,
        y: o.y + sy * inv,
    };
    let turn = match RobustKernel::orient2d(c, ring[0], ring[1]) {
        Orientation::Collinear => return false,
        t => t,
    };
    let mut crossings = 0u32;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        if RobustKernel::orient2d(c, a, b) != turn {
            return false;
        }
        // With `c` on the same side of every edge, only edges going one way cross the ray from `c` towards +x:
        // upwards when the ring turns counter-clockwise, downwards when clockwise (half-open in y, as a winding
        // number counts them).
        let crosses = match turn {
            Orientation::CounterClockwise => a.y <= c.y && b.y > c.y,
            _ => b.y <= c.y && a.y > c.y,
        };
        crossings += u32::from(crosses);
    }
    crossings == 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, Polygon, Validation};

    fn ring(pts: &[(f64, f64)]) -> Vec<Coord<f64>> {
        let mut r: Vec<Coord<f64>> = pts.iter().map(|&(x, y)| Coord { x, y }).collect();
        r.push(r[0]);
        r
    }

    #[test]
    fn hand_cases() {
        // A notched shell, star-shaped from its vertices' mean.
        assert!(proven_star_ring(&ring(&[
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 10.0),
            (6.0, 10.0),
            (5.0, 7.0),
            (4.0, 10.0),
            (0.0, 10.0)
        ])));
        // A vertex in the middle of a straight side is still simple.
        assert!(proven_star_ring(&ring(&[
            (0.0, 0.0),
            (5.0, 0.0),
            (10.0, 0.0),
            (10.0, 10.0),
            (0.0, 10.0)
        ])));
        // A pentagram goes round its centre twice: every turn is left, but it crosses itself.
        let star: Vec<(f64, f64)> = (0..5)
            .map(|k| {
                let a = std::f64::consts::TAU * (2 * k) as f64 / 5.0;
                (100.0 * a.cos(), 100.0 * a.sin())
            })
            .collect();
        assert!(!proven_star_ring(&ring(&star)));
        // A repeated point, a spike back along an edge, a degenerate sliver: not proven.
        assert!(!proven_star_ring(&ring(&[
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 0.0),
            (4.0, 4.0),
            (0.0, 4.0)
        ])));
        assert!(!proven_star_ring(&ring(&[
            (0.0, 0.0),
            (4.0, 0.0),
            (8.0, 0.0),
            (4.0, 0.0),
            (4.0, 4.0),
            (0.0, 4.0)
        ])));
        assert!(!proven_star_ring(&ring(&[(0.0, 0.0), (4.0, 0.0), (8.0, 0.0)])));
        // A U whose vertices' mean lies in the gap: simple, but not proven here (the sweep proves it).
        assert!(!proven_star_ring(&ring(&[
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 10.0),
            (8.0, 10.0),
            (8.0, 1.0),
            (2.0, 1.0),
            (2.0, 10.0),
            (0.0, 10.0)
        ])));
        // Unclosed or too short.
        assert!(!proven_star_ring(&[Coord { x: 0.0, y: 0.0 }, Coord { x: 1.0, y: 0.0 }]));
    }

    /// Zone-prefixed CGCS2000 eastings (8 digits) on a coarse grid: touches, repeats, spikes and crossings are
    /// common, so both answers are reached; a proven ring is always valid to geo.
    #[test]
    fn random_rings_proven_only_when_geo_agrees() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        let (mut proven, mut refused) = (0, 0);
        for round in 0..6000 {
            let n = 3 + next(14) as usize;
            let pts: Vec<(f64, f64)> = if round % 2 == 0 {
                // Angles around a centre with random radii: star-shaped from the centre, often from the mean too.
                let mut angles: Vec<f64> = (0..n).map(|_| next(360) as f64).collect();
                angles.sort_by(f64::total_cmp);
                if round % 4 == 0 {
                    angles.reverse();
                }
                angles
                    .iter()
                    .map(|a| {
                        let r = 2.0 + next(8) as f64;
                        let a = a.to_radians();
                        (
                            (38_500_000.0 + r * a.cos()).round(),
                            (3_900_000.0 + r * a.sin()).round(),
                        )
                    })
                    .collect()
            } else {
                (0..n)
                    .map(|_| (38_500_000.0 + next(6) as f64, 3_900_000.0 + next(6) as f64))
                    .collect()
            };
            let r = ring(&pts);
            if proven_star_ring(&r) {
                proven += 1;
                let poly = Polygon::new(LineString(r.clone()), vec![]);
                assert!(poly.is_valid(), "proven but invalid to geo: {r:?}");
            } else {
                refused += 1;
            }
        }
        assert!(
            proven > 500 && refused > 500,
            "both answers reached: {proven} proven, {refused} not"
        );
    }
}
