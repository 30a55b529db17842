//! A cheap proof of validity for polygons with holes or several parts, the companion of `simple_ring` (one ring).
//! Libraries from outside generators have holes in one parcel of five; sending each to geo's `is_valid` (a full
//! topology graph) was most of the cost of loading them. When no two edges of any rings meet (except neighbours of
//! one ring at their shared point), every ring is simple and any two rings are disjoint, so one vertex decides
//! where a ring lies: a polygon is valid when each hole's vertex is inside its shell and outside its other holes,
//! and a multipolygon when no part's vertex is inside another part's shell. Anything else (a touch, a collinear
//! run, a hole outside or nested, parts inside parts) is "not proven" and goes to geo's check as before.

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::{Coord, MultiPolygon};

/// Holes and parts beyond these are left to geo (the pairwise placement checks grow with their square).
const MAX_RINGS: usize = 64;

/// True when `mp` is proven valid by the sweep described above; `false` means "not proven", not "invalid".
pub fn proven_valid(mp: &MultiPolygon<f64>) -> bool {
    if super::simple_ring::proven_simple(mp) {
        return true;
    }
    let rings: Vec<&[Coord<f64>]> =
        mp.0.iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .map(|r| r.0.as_slice())
            .collect();
    if rings.len() < 2 || rings.len() > MAX_RINGS {
        return false;
    }
    if rings.iter().any(|r| r.len() < 4 || r[0] != r[r.len() - 1]) {
        return false;
    }
    // No two edges of all the rings meet, except consecutive edges of one ring at their shared point.
    super::simple_ring::rings_apart(&rings, false) && placed_right(mp)
}

/// Holes inside their shell and outside each other; parts outside each other's shells.
fn placed_right(mp: &MultiPolygon<f64>) -> bool {
    for p in &mp.0 {
        let shell = &p.exterior().0;
        for (i, h) in p.interiors().iter().enumerate() {
            if inside(shell, h.0[0]) != Some(true) {
                return false;
            }
            for (j, other) in p.interiors().iter().enumerate() {
                if i != j && inside(&other.0, h.0[0]) != Some(false) {
                    return false;
                }
            }
        }
    }
    for (i, a) in mp.0.iter().enumerate() {
        for b in &mp.0[i + 1..] {
            let (sa, sb) = (&a.exterior().0, &b.exterior().0);
            if inside(sa, sb[0]) != Some(false) || inside(sb, sa[0]) != Some(false) {
                return false;
            }
        }
    }
    true
}

/// Whether `p` is inside the closed `ring` (crossing number with robust orientation); `None` when `p` is on the
/// line of an edge it straddles, which cannot happen for disjoint rings but is then not decided here.
fn inside(ring: &[Coord<f64>], p: Coord<f64>) -> Option<bool> {
    let mut odd = false;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a.y > p.y) != (b.y > p.y) {
            let left = match RobustKernel::orient2d(a, b, p) {
                Orientation::Collinear => return None,
                o => (o == Orientation::CounterClockwise) == (b.y > a.y),
            };
            // A ray from p towards +x crosses the edge exactly when p is left of it, going up.
            if left {
                odd = !odd;
            }
        }
    }
    Some(odd)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{LineString, Polygon, Validation};

    fn ring(pts: &[(f64, f64)]) -> LineString<f64> {
        LineString::from(pts.to_vec())
    }

    fn square(x: f64, y: f64, s: f64) -> Vec<(f64, f64)> {
        vec![(x, y), (x + s, y), (x + s, y + s), (x, y + s), (x, y)]
    }

    fn holed(shell: Vec<(f64, f64)>, holes: Vec<Vec<(f64, f64)>>) -> Polygon<f64> {
        Polygon::new(ring(&shell), holes.iter().map(|h| ring(h)).collect())
    }

    #[test]
    fn hand_cases_agree_with_geo() {
        let shell = square(0.0, 0.0, 10.0);
        let mut cw_shell = shell.clone();
        cw_shell.reverse();
        let cases: Vec<(MultiPolygon<f64>, bool)> = vec![
            // a hole well inside, either orientation of the shell: proven
            (
                MultiPolygon(vec![holed(shell.clone(), vec![square(2.0, 2.0, 2.0)])]),
                true,
            ),
            (
                MultiPolygon(vec![holed(cw_shell.clone(), vec![square(2.0, 2.0, 2.0)])]),
                true,
            ),
            // two holes apart: proven
            (
                MultiPolygon(vec![holed(
                    shell.clone(),
                    vec![square(1.0, 1.0, 2.0), square(6.0, 6.0, 2.0)],
                )]),
                true,
            ),
            // a hole outside its shell (invalid)
            (
                MultiPolygon(vec![holed(shell.clone(), vec![square(20.0, 20.0, 2.0)])]),
                false,
            ),
            // a hole inside another hole (invalid)
            (
                MultiPolygon(vec![holed(
                    shell.clone(),
                    vec![square(1.0, 1.0, 8.0), square(3.0, 3.0, 2.0)],
                )]),
                false,
            ),
            // a hole crossing its shell (invalid)
            (
                MultiPolygon(vec![holed(shell.clone(), vec![square(8.0, 8.0, 4.0)])]),
                false,
            ),
            // a hole touching its shell at a vertex (valid, but left to geo)
            (
                MultiPolygon(vec![holed(
                    shell.clone(),
                    vec![vec![(0.0, 5.0), (3.0, 4.0), (3.0, 6.0), (0.0, 5.0)]],
                )]),
                false,
            ),
            // two parts apart: proven; one part inside the other (invalid); two parts overlapping (invalid)
            (
                MultiPolygon(vec![
                    holed(shell.clone(), vec![]),
                    holed(square(20.0, 0.0, 5.0), vec![]),
                ]),
                true,
            ),
            (
                MultiPolygon(vec![holed(shell.clone(), vec![]), holed(square(2.0, 2.0, 2.0), vec![])]),
                false,
            ),
            (
                MultiPolygon(vec![
                    holed(shell.clone(), vec![]),
                    holed(square(5.0, 5.0, 10.0), vec![]),
                ]),
                false,
            ),
            // a part inside the other's hole (valid, but left to geo)
            (
                MultiPolygon(vec![
                    holed(shell.clone(), vec![square(2.0, 2.0, 6.0)]),
                    holed(square(4.0, 4.0, 2.0), vec![]),
                ]),
                false,
            ),
        ];
        for (i, (mp, expect)) in cases.iter().enumerate() {
            assert_eq!(proven_valid(mp), *expect, "case {i}: {mp:?}");
            if *expect {
                assert!(mp.is_valid(), "case {i} proven but geo says invalid");
            }
        }
        // The invalid ones really are invalid for geo (so "not proven" sends them to the repair).
        for i in [3, 4, 5, 8, 9] {
            assert!(!cases[i].0.is_valid(), "case {i}");
        }
    }

    #[test]
    fn random_holed_and_multipart_never_disagree_with_geo() {
        // Star-shaped shells with a random hole and sometimes a second part, on a coarse grid so touches, crossings
        // and collinear runs happen: whenever proven, geo agrees.
        struct Lcg(u64);
        impl Lcg {
            fn next(&mut self) -> f64 {
                self.0 = self
                    .0
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                (self.0 >> 11) as f64 / (1u64 << 53) as f64
            }
            fn star(&mut self, cx: f64, cy: f64, r0: f64, n: usize) -> Vec<(f64, f64)> {
                let mut pts: Vec<(f64, f64)> = (0..n)
                    .map(|i| {
                        let t = (i as f64 + self.next()) / n as f64 * std::f64::consts::TAU;
                        let r = r0 * (0.4 + 0.6 * self.next());
                        ((cx + r * t.cos()).round(), (cy + r * t.sin()).round())
                    })
                    .collect();
                if self.next() < 0.5 {
                    pts.reverse();
                }
                pts.push(pts[0]);
                pts
            }
        }
        let mut g = Lcg(0x9e37_79b9_7f4a_7c15);
        let (mut proven, mut total) = (0, 0);
        for _ in 0..600 {
            // 8–37 shell vertices: both the pair-by-pair check (≤ 24 edges in all) and the sweep are used.
            let n = 8 + (g.next() * 30.0) as usize;
            let shell = g.star(0.0, 0.0, 40.0, n);
            let (hx, hy, hr, hn) = (
                g.next() * 30.0 - 15.0,
                g.next() * 30.0 - 15.0,
                4.0 + g.next() * 20.0,
                4 + (g.next() * 4.0) as usize,
            );
            let hole = g.star(hx, hy, hr, hn);
            let mut parts = vec![Polygon::new(ring(&shell), vec![ring(&hole)])];
            if g.next() < 0.4 {
                let (ox, oy, or) = (g.next() * 120.0 - 60.0, g.next() * 120.0 - 60.0, 5.0 + g.next() * 30.0);
                let other = g.star(ox, oy, or, 6);
                parts.push(Polygon::new(ring(&other), vec![]));
            }
            let mp = MultiPolygon(parts);
            total += 1;
            if proven_valid(&mp) {
                proven += 1;
                assert!(mp.is_valid(), "{mp:?}");
            }
        }
        assert!(proven > total / 10, "{proven} of {total}");
        assert!(proven < total, "{proven} of {total}: nothing was left to geo");
    }
}
