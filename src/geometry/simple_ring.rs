//! A cheap proof that a polygon is valid: its rings are simple and apart (no two edges meet except neighbours in
//! one ring at their shared point), and every hole lies inside the exterior and outside the other holes. geo's
//! `is_valid` builds a full topology graph per polygon, which dominated loading a million 图斑; for most real 图斑
//! this sweep gives the same answer far faster. Anything it cannot prove (touching or collinear edges, several
//! parts) is left to geo's check, so the result never changes.

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::{Coord, MultiPolygon};

/// True when `mp` is one polygon whose closed rings (≥ 4 points each) are simple and pairwise apart (no contact
/// at all), with every hole strictly inside the exterior and no hole inside another. `false` means "not proven",
/// not "invalid".
pub fn proven_simple(mp: &MultiPolygon<f64>) -> bool {
    let [p] = mp.0.as_slice() else { return false };
    // Most 图斑 are one star-shaped ring: one pass proves them, without comparing edges.
    if p.interiors().is_empty() && super::star_ring::proven_star_ring(&p.exterior().0) {
        return true;
    }
    let rings: Vec<&[Coord<f64>]> = std::iter::once(p.exterior())
        .chain(p.interiors())
        .map(|r| r.0.as_slice())
        .collect();
    if !rings_apart(&rings, false) {
        return false;
    }
    // No ring touches another, so each hole is wholly inside or wholly outside any other ring: one vertex decides.
    let holes = &rings[1..];
    holes.iter().enumerate().all(|(i, h)| {
        inside_ring(h[0], rings[0]) && holes.iter().enumerate().all(|(j, o)| i == j || !inside_ring(h[0], o))
    })
}

/// [`proven_simple`] for one closed ring, where `straight_ok` also accepts neighbouring edges that continue along
/// one line (a vertex in the middle of a straight side), as the outline of a group of 图斑 has.
pub(crate) fn proven_simple_ring(ring: &[Coord<f64>], straight_ok: bool) -> bool {
    rings_apart(&[ring], straight_ok)
}

/// Whether every ring is closed with ≥ 4 points and simple, and no two rings meet.
pub(crate) fn rings_apart(rings: &[&[Coord<f64>]], straight_ok: bool) -> bool {
    if rings.iter().any(|r| r.len() < 4 || r[0] != r[r.len() - 1]) {
        return false;
    }
    let edges: usize = rings.iter().map(|r| r.len() - 1).sum();
    let apart = |ka: u32, i: u32, kb: u32, j: u32| {
        if ka == kb {
            edges_apart(rings[ka as usize], i as usize, j as usize, straight_ok)
        } else {
            segments_apart(rings[ka as usize], i as usize, rings[kb as usize], j as usize)
        }
    };
    // Every edge with its x range: `(min x, max x, ring, edge)`. Only edges whose x ranges overlap can meet.
    let spans = rings.iter().enumerate().flat_map(|(k, r)| {
        r.windows(2)
            .enumerate()
            .map(move |(i, w)| (w[0].x.min(w[1].x), w[0].x.max(w[1].x), k as u32, i as u32))
    });
    if edges <= SMALL {
        // A typical 图斑: every pair, on the stack. Sorting for a sweep costs more than it saves here.
        let mut all = [(0.0, 0.0, 0, 0); SMALL];
        for (slot, e) in all.iter_mut().zip(spans) {
            *slot = e;
        }
        let all = &all[..edges];
        return all.iter().enumerate().all(|(n, &(lo, hi, ka, i))| {
            all[n + 1..]
                .iter()
                .all(|&(lo2, hi2, kb, j)| lo2 > hi || hi2 < lo || apart(ka, i, kb, j))
        });
    }
    // Edges sorted by their smallest x: a sweep only compares edges whose x ranges overlap.
    let mut order: Vec<(f64, f64, u32, u32)> = Vec::with_capacity(edges);
    order.extend(spans);
    order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    for (n, &(_, max_x, ka, i)) in order.iter().enumerate() {
        for &(min_x2, _, kb, j) in &order[n + 1..] {
            if min_x2 > max_x {
                break;
            }
            if !apart(ka, i, kb, j) {
                return false;
            }
        }
    }
    true
}

/// Rings with at most this many edges in all are checked pair by pair.
const SMALL: usize = 24;

/// Whether edges `i` and `j` of one ring are provably apart (or, for neighbours, meet only at their shared point).
fn edges_apart(pts: &[Coord<f64>], i: usize, j: usize, straight_ok: bool) -> bool {
    let edges = pts.len() - 1;
    let (lo, hi) = if i < j { (i, j) } else { (j, i) };
    let neighbours = hi == lo + 1 || (lo == 0 && hi == edges - 1);
    if neighbours {
        // They share one point; they meet elsewhere only if they fold back along one line.
        let (p, q, r) = if hi == lo + 1 {
            (pts[lo], pts[lo + 1], pts[hi + 1])
        } else {
            (pts[hi], pts[hi + 1], pts[lo + 1])
        };
        if RobustKernel::orient2d(p, q, r) != Orientation::Collinear {
            return true;
        }
        // On one line: apart only if the second edge goes on the way the first went (the signs of coordinate
        // differences are exact), not back over it.
        let same = |u: f64, v: f64| (u > 0.0 && v > 0.0) || (u < 0.0 && v < 0.0) || (u == 0.0 && v == 0.0);
        return straight_ok && same(q.x - p.x, r.x - q.x) && same(q.y - p.y, r.y - q.y);
    }
    segments_apart(pts, i, pts, j)
}

/// Whether edge `i` of ring `r` and edge `j` of ring `s` have no point in common (a touch is "not apart").
fn segments_apart(r: &[Coord<f64>], i: usize, s: &[Coord<f64>], j: usize) -> bool {
    let (a, b) = (r[i], r[i + 1]);
    let (c, d) = (s[j], s[j + 1]);
    // Boxes apart: cannot meet (x overlap was established by the sweep, or is tested here).
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

/// Whether `p`, known to lie on no edge of the closed `ring`, is inside it (winding number, exact predicates).
pub(crate) fn inside_ring(p: Coord<f64>, ring: &[Coord<f64>]) -> bool {
    let mut wn = 0i32;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a.y <= p.y {
            if b.y > p.y && RobustKernel::orient2d(a, b, p) == Orientation::CounterClockwise {
                wn += 1;
            }
        } else if b.y <= p.y && RobustKernel::orient2d(a, b, p) == Orientation::Clockwise {
            wn -= 1;
        }
    }
    wn != 0
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
        // The square, the L and the one with a point in the middle of an edge are proven (the last by the star test:
        // the edge sweep leaves a straight run of neighbouring edges to geo); the three broken ones are not.
        assert_eq!(proven, 3);
        let holed = MultiPolygon(vec![polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
            interiors: [[(x: 2.0, y: 2.0), (x: 4.0, y: 2.0), (x: 4.0, y: 4.0)]],
        )]);
        // A hole strictly inside its exterior is proven now (holes joined the proof), and geo agrees.
        assert!(proven_simple(&holed) && holed.is_valid());
    }

    #[test]
    fn holes_are_proven_only_inside_and_apart() {
        let sq = |x: f64, y: f64, s: f64| vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)];
        let holed = |holes: Vec<Vec<(f64, f64)>>| {
            MultiPolygon(vec![Polygon::new(
                LineString::from(sq(0.0, 0.0, 100.0)),
                holes.into_iter().map(LineString::from).collect(),
            )])
        };
        let cases = [
            (holed(vec![sq(10.0, 10.0, 20.0), sq(50.0, 50.0, 20.0)]), true),
            // hole outside the shell, hole inside another hole, hole touching the shell, holes sharing an edge
            (holed(vec![sq(200.0, 10.0, 20.0)]), false),
            (holed(vec![sq(10.0, 10.0, 50.0), sq(20.0, 20.0, 10.0)]), false),
            (holed(vec![sq(0.0, 10.0, 20.0)]), false),
            (holed(vec![sq(10.0, 10.0, 20.0), sq(30.0, 10.0, 20.0)]), false),
            // a hole crossing the shell
            (holed(vec![sq(90.0, 40.0, 20.0)]), false),
        ];
        for (g, want) in &cases {
            assert_eq!(proven_simple(g), *want, "{g:?}");
            if *want {
                assert!(g.is_valid());
            }
        }
        // Random holes in a star: whenever proven, geo agrees; some are proven.
        let mut s = 0x9E37_79B9_7F4A_7C15u64;
        let mut rnd = || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut proven = 0;
        for _ in 0..300 {
            let holes: Vec<Vec<(f64, f64)>> = (0..1 + (rnd() * 3.0) as usize)
                .map(|_| {
                    let (cx, cy, r) = (rnd() * 120.0 - 10.0, rnd() * 120.0 - 10.0, 2.0 + rnd() * 25.0);
                    (0..5 + (rnd() * 8.0) as usize)
                        .map(|i| {
                            let t = i as f64 / 8.0 * std::f64::consts::TAU;
                            ((cx + r * t.cos()).round(), (cy + r * t.sin()).round())
                        })
                        .collect()
                })
                .collect();
            let g = holed(holes);
            if proven_simple(&g) {
                proven += 1;
                assert!(g.is_valid(), "{g:?}");
            }
        }
        assert!(proven > 20, "{proven}");
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
