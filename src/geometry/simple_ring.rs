//! A cheap proof that a one-ring polygon is valid: its ring is simple (no two edges meet except neighbours at their
//! shared point). geo's `is_valid` builds a full topology graph per polygon, which dominated loading a million
//! 图斑; most real 图斑 are one ring, and for them this sweep gives the same answer far faster. Anything it cannot
//! prove (touching or collinear edges, holes, several parts) is left to geo's check, so the result never changes.

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::{Coord, MultiPolygon};

/// True when `mp` is one polygon without holes whose closed ring has ≥ 4 points and no two edges meeting other
/// than consecutive edges at their common point. `false` means "not proven", not "invalid".
pub fn proven_simple(mp: &MultiPolygon<f64>) -> bool {
    let [p] = mp.0.as_slice() else { return false };
    if !p.interiors().is_empty() {
        return false;
    }
    let pts = &p.exterior().0;
    let n = pts.len();
    if n < 4 || pts[0] != pts[n - 1] {
        return false;
    }
    let edges = n - 1;
    // Edges sorted by their smallest x: a sweep only compares edges whose x ranges overlap.
    let mut order: Vec<(f64, f64, usize)> = (0..edges)
        .map(|i| {
            let (a, b) = (pts[i], pts[i + 1]);
            (a.x.min(b.x), a.x.max(b.x), i)
        })
        .collect();
    order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    for (k, &(_, max_x, i)) in order.iter().enumerate() {
        for &(min_x2, _, j) in &order[k + 1..] {
            if min_x2 > max_x {
                break;
            }
            if !edges_apart(pts, edges, i, j) {
                return false;
            }
        }
    }
    true
}

/// Whether edges `i` and `j` of the ring are provably apart (or, for neighbours, meet only at their shared point).
fn edges_apart(pts: &[Coord<f64>], edges: usize, i: usize, j: usize) -> bool {
    let (a, b) = (pts[i], pts[i + 1]);
    let (c, d) = (pts[j], pts[j + 1]);
    let (lo, hi) = if i < j { (i, j) } else { (j, i) };
    let neighbours = hi == lo + 1 || (lo == 0 && hi == edges - 1);
    if neighbours {
        // They share one point; they meet elsewhere only if they fold back along one line.
        let (p, q, r) = if hi == lo + 1 {
            (pts[lo], pts[lo + 1], pts[hi + 1])
        } else {
            (pts[hi], pts[hi + 1], pts[lo + 1])
        };
        return RobustKernel::orient2d(p, q, r) != Orientation::Collinear;
    }
    // Boxes apart in y: cannot meet (x overlap was established by the sweep, or is tested here).
    if a.y.max(b.y) < c.y.min(d.y) || c.y.max(d.y) < a.y.min(b.y) {
        return true;
    }
    if a.x.max(b.x) < c.x.min(d.x) || c.x.max(d.x) < a.x.min(b.x) {
        return true;
    }
    let o1 = RobustKernel::orient2d(a, b, c);
    let o2 = RobustKernel::orient2d(a, b, d);
    let o3 = RobustKernel::orient2d(c, d, a);
    let o4 = RobustKernel::orient2d(c, d, b);
    let collinear = Orientation::Collinear;
    if o1 == collinear || o2 == collinear || o3 == collinear || o4 == collinear {
        return false; // a touch or an overlap: not proven
    }
    // Both straddle: a proper crossing.
    !(o1 != o2 && o3 != o4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, Polygon, Validation, polygon};

    fn mp(ring: Vec<(f64, f64)>) -> MultiPolygon<f64> {
        MultiPolygon(vec![Polygon::new(LineString::from(ring), vec![])])
    }

    #[test]
    fn agrees_with_geo_where_it_proves() {
        let cases = vec![
            mp(vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]),
            // bow-tie
            mp(vec![(0.0, 0.0), (10.0, 10.0), (10.0, 0.0), (0.0, 10.0)]),
            // a ring touching itself at a vertex
            mp(vec![
                (0.0, 0.0),
                (10.0, 0.0),
                (5.0, 5.0),
                (10.0, 10.0),
                (0.0, 10.0),
                (5.0, 5.0),
            ]),
            // a spike folding back along an edge
            mp(vec![
                (0.0, 0.0),
                (10.0, 0.0),
                (20.0, 0.0),
                (10.0, 0.0),
                (10.0, 10.0),
                (0.0, 10.0),
            ]),
            // collinear points on a straight edge (valid)
            mp(vec![(0.0, 0.0), (5.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]),
            // an L, zone-prefixed eastings
            mp(vec![
                (38_420_000.0, 3_905_000.0),
                (38_420_300.0, 3_905_000.0),
                (38_420_300.0, 3_905_100.0),
                (38_420_100.0, 3_905_100.0),
                (38_420_100.0, 3_905_300.0),
                (38_420_000.0, 3_905_300.0),
            ]),
        ];
        let mut proven = 0;
        for c in &cases {
            if proven_simple(c) {
                proven += 1;
                assert!(c.is_valid(), "proved simple but geo says invalid: {c:?}");
            }
        }
        // The square and the L are proven; the three broken ones are not, nor (by design: a straight run of
        // neighbouring edges is left to geo) the one with a point in the middle of an edge.
        assert_eq!(proven, 2);
        let holed = MultiPolygon(vec![polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
            interiors: [[(x: 2.0, y: 2.0), (x: 4.0, y: 2.0), (x: 4.0, y: 4.0)]],
        )]);
        assert!(!proven_simple(&holed));
    }

    #[test]
    fn random_rings_never_disagree_with_geo() {
        // Star-shaped and scrambled rings from a fixed LCG: whenever proven simple, geo agrees.
        let mut s = 0x2545_f491_4f6c_dd1du64;
        let mut rnd = || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let (mut proven, mut total) = (0, 0);
        for k in 0..400 {
            let n = 4 + (rnd() * 40.0) as usize;
            let ring: Vec<(f64, f64)> = (0..n)
                .map(|i| {
                    let t = (if k % 2 == 0 { i as f64 / n as f64 } else { rnd() }) * std::f64::consts::TAU;
                    let r = 50.0 + 50.0 * rnd();
                    ((r * t.cos() * 4.0).round() / 4.0, (r * t.sin() * 4.0).round() / 4.0)
                })
                .collect();
            let g = mp(ring);
            total += 1;
            if proven_simple(&g) {
                proven += 1;
                assert!(g.is_valid(), "{g:?}");
            }
        }
        assert!(proven > total / 3, "{proven} of {total}");
    }
}
