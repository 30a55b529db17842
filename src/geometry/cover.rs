//! A cheap proof that valid polygons do not overlap (no point lies inside two of them), without a union.
//!
//! Orient every exterior counter-clockwise and every hole clockwise. Then, for a point p off every edge, the winding
//! number of all the rings together is the number of polygons containing p. An edge shared by two neighbours runs
//! once each way and adds nothing to any winding number, so it can be dropped: what remains is the outline of the
//! group. If that outline is made of simple rings, with at most one counter-clockwise ring in any place (their
//! boxes apart), no point is inside two polygons. A clean tiling such as a DLTB, whose neighbours list the same
//! vertices along a shared edge, passes; anything else (an overlap, a neighbour with different vertices, a
//! touching corner) is "not proven" and the caller falls back to the union.

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::{Coord, MultiPolygon};

use super::simple_ring::proven_simple_ring;

type Key = (u64, u64);

fn key(c: Coord<f64>) -> Key {
    // `+ 0.0` turns −0 into +0, so equal coordinates have equal bits.
    ((c.x + 0.0).to_bits(), (c.y + 0.0).to_bits())
}

fn point(k: Key) -> Coord<f64> {
    Coord {
        x: f64::from_bits(k.0),
        y: f64::from_bits(k.1),
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn hash(a: Key, b: Key) -> u64 {
    mix(a.0 ^ mix(a.1 ^ mix(b.0 ^ mix(b.1))))
}

/// One directed edge, stored with its ends in canonical order and `dir` +1 (lo → hi) or −1 (hi → lo).
#[derive(Clone, Copy)]
struct Edge {
    h: u64,
    lo: Key,
    hi: Key,
    dir: i32,
}

/// Orientation of a closed ring, decided robustly at its lowest-leftmost vertex (always a convex corner).
fn ccw(ring: &[Coord<f64>]) -> Option<bool> {
    let n = ring.len().checked_sub(1).filter(|n| *n >= 3)?;
    let i = (0..n).min_by(|&a, &b| {
        let (p, q) = (ring[a], ring[b]);
        p.y.total_cmp(&q.y).then(p.x.total_cmp(&q.x))
    })?;
    let (prev, next) = (ring[(i + n - 1) % n], ring[(i + 1) % n]);
    match RobustKernel::orient2d(prev, ring[i], next) {
        Orientation::CounterClockwise => Some(true),
        Orientation::Clockwise => Some(false),
        Orientation::Collinear => None,
    }
}

/// True when no point lies inside two of `polygons` (each must be valid, as the layer check leaves them).
/// `false` means "not proven".
pub fn proven_apart<'a>(polygons: impl IntoIterator<Item = &'a MultiPolygon<f64>>) -> bool {
    let mut edges: Vec<Edge> = Vec::new();
    for mp in polygons {
        for p in &mp.0 {
            for (k, ring) in std::iter::once(p.exterior()).chain(p.interiors()).enumerate() {
                let r = &ring.0;
                let Some(is_ccw) = ccw(r) else { return false };
                // Exteriors counter-clockwise, holes clockwise.
                let flip = is_ccw != (k == 0);
                for w in r.windows(2) {
                    let (a, b) = if flip {
                        (key(w[1]), key(w[0]))
                    } else {
                        (key(w[0]), key(w[1]))
                    };
                    if a == b {
                        continue;
                    }
                    let (lo, hi, dir) = if a < b { (a, b, 1) } else { (b, a, -1) };
                    edges.push(Edge {
                        h: hash(lo, hi),
                        lo,
                        hi,
                        dir,
                    });
                }
            }
        }
    }
    edges.sort_unstable_by_key(|e| e.h);
    // What is left after shared edges cancel: (from, to).
    let mut outline: Vec<(u64, Key, Key)> = Vec::new();
    let mut i = 0;
    while i < edges.len() {
        let mut j = i + 1;
        while j < edges.len() && edges[j].h == edges[i].h {
            j += 1;
        }
        let run = &mut edges[i..j];
        // A run of one hash almost always holds one edge; sorting by ends separates the rare collision.
        run.sort_unstable_by_key(|e| (e.lo, e.hi));
        let mut s = 0;
        while s < run.len() {
            let mut t = s;
            let mut net = 0;
            while t < run.len() && (run[t].lo, run[t].hi) == (run[s].lo, run[s].hi) {
                net += run[t].dir;
                t += 1;
            }
            let (lo, hi) = (run[s].lo, run[s].hi);
            match net {
                0 => {}
                1 => outline.push((hash(lo, lo), lo, hi)),
                -1 => outline.push((hash(hi, hi), hi, lo)),
                _ => return false, // two polygons on the same side of one edge
            }
            s = t;
        }
        i = j;
    }
    rings_wind_once(outline)
}

/// Whether the outline edges form simple rings with at most one counter-clockwise ring over any point.
fn rings_wind_once(mut outline: Vec<(u64, Key, Key)>) -> bool {
    outline.sort_unstable_by_key(|e| (e.0, e.1));
    if outline.windows(2).any(|w| w[0].1 == w[1].1) {
        return false; // the outline passes a vertex twice (touching corners): not proven
    }
    let next = |from: Key| -> Option<usize> {
        let h = hash(from, from);
        let i = outline.partition_point(|e| (e.0, e.1) < (h, from));
        (i < outline.len() && outline[i].1 == from).then_some(i)
    };
    let mut used = vec![false; outline.len()];
    let mut ccw_boxes: Vec<(Coord<f64>, Coord<f64>)> = Vec::new();
    for start in 0..outline.len() {
        if used[start] {
            continue;
        }
        let mut pts = vec![point(outline[start].1)];
        let mut at = start;
        loop {
            used[at] = true;
            let to = outline[at].2;
            pts.push(point(to));
            if to == outline[start].1 {
                break;
            }
            match next(to) {
                Some(n) if !used[n] => at = n,
                _ => return false,
            }
        }
        if !proven_simple_ring(&pts, true) {
            return false;
        }
        let r = &pts;
        match ccw(r) {
            Some(true) => {
                let mut lo = r[0];
                let mut hi = r[0];
                for c in r {
                    lo = Coord {
                        x: lo.x.min(c.x),
                        y: lo.y.min(c.y),
                    };
                    hi = Coord {
                        x: hi.x.max(c.x),
                        y: hi.y.max(c.y),
                    };
                }
                ccw_boxes.push((lo, hi));
            }
            Some(false) => {}
            None => return false,
        }
    }
    // Counter-clockwise rings add one inside themselves, clockwise ones take one away: with the counter-clockwise
    // rings' boxes apart, no point is counted twice.
    ccw_boxes.iter().enumerate().all(|(i, a)| {
        ccw_boxes[i + 1..]
            .iter()
            .all(|b| a.1.x < b.0.x || b.1.x < a.0.x || a.1.y < b.0.y || b.1.y < a.0.y)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, BooleanOps, Polygon, polygon};

    fn sq(x: f64, y: f64, w: f64, h: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: x, y: y), (x: x + w, y: y), (x: x + w, y: y + h), (x: x, y: y + h)],
        ])
    }

    #[test]
    fn a_clean_tiling_is_proven_and_overlaps_are_not() {
        // A 3 × 3 grid of lots (every other one clockwise), one lot with an island that fills its hole.
        let mut tiles: Vec<MultiPolygon<f64>> = Vec::new();
        for i in 0..3 {
            for j in 0..3 {
                let mut t = sq(
                    38_420_000.0 + 10.0 * i as f64,
                    3_905_000.0 + 10.0 * j as f64,
                    10.0,
                    10.0,
                );
                if (i + j) % 2 == 1 {
                    t.0[0].exterior_mut(|r| r.0.reverse());
                }
                tiles.push(t);
            }
        }
        assert!(proven_apart(&tiles));
        let (x, y) = (38_420_010.0, 3_905_010.0);
        let island = sq(x + 3.0, y + 3.0, 4.0, 4.0);
        tiles[4] = MultiPolygon(vec![Polygon::new(
            tiles[4].0[0].exterior().clone(),
            vec![island.0[0].exterior().clone()],
        )]);
        tiles.push(island.clone());
        assert!(proven_apart(&tiles));
        // Two groups far apart; an overlapping copy; a lot shifted half-way; a duplicate lot.
        let far = sq(38_500_000.0, 3_905_000.0, 10.0, 10.0);
        assert!(proven_apart(tiles.iter().chain([&far])));
        assert!(!proven_apart(tiles.iter().chain([&island])));
        let shifted = sq(38_420_005.0, 3_905_000.0, 10.0, 10.0);
        assert!(!proven_apart(tiles.iter().chain([&shifted])));
        // Where it proves, the union agrees (in a local frame, where the boolean operation is exact): no overlap.
        let frame = crate::geometry::LocalFrame::new(geo::coord! { x: 38_420_000.0, y: 3_905_000.0 });
        // (geo's union reads a clockwise exterior as a hole: orient first.)
        use geo::orient::{Direction, Orient};
        let local: Vec<MultiPolygon<f64>> = tiles
            .iter()
            .map(|t| frame.to_local(t).orient(Direction::Default))
            .collect();
        let sum: f64 = local.iter().map(|t| t.unsigned_area()).sum();
        let union = geo::unary_union(local.iter()).unsigned_area();
        assert!((sum - union).abs() < 1e-6, "{sum} vs {union}");
        // A square inside a bigger one: the outline is two counter-clockwise rings, nested.
        let big = sq(0.0, 0.0, 100.0, 100.0);
        let small = sq(10.0, 10.0, 5.0, 5.0);
        assert!(!proven_apart([&big, &small]));
        assert!(big.intersection(&small).unsigned_area() > 0.0);
    }
}
