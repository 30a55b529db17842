//! Which pairs of parcels could lie in one compact set: the convex hull of the pair is at most the limit
//! (`hull_ratio` × the band's top), since a compact set's hull holds every pair's hull.
//!
//! Most pairs of a 5 km pool are far apart; they are ruled out without computing their hull by a bound: a convex set
//! of diameter D and width w has area at least D·w / 2, the pair's hull is at least as wide as either parcel's, and its
//! diameter is at least the distance between the two parcels' hull centres.

use geo::Coord;

use super::hull::hull_area;

/// The least width of a convex polygon given by its corners (rotating the edges).
fn width(h: &[Coord<f64>]) -> f64 {
    let n = h.len();
    if n < 3 {
        return 0.0;
    }
    (0..n)
        .map(|i| {
            let (a, b) = (h[i], h[(i + 1) % n]);
            let len = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
            if len <= 0.0 {
                return f64::INFINITY;
            }
            h.iter()
                .map(|v| ((b.x - a.x) * (v.y - a.y) - (b.y - a.y) * (v.x - a.x)).abs() / len)
                .fold(0.0, f64::max)
        })
        .fold(f64::INFINITY, f64::min)
}

/// min x, min y, max x, max y.
fn bounds(h: &[Coord<f64>]) -> [f64; 4] {
    h.iter().fold(
        [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY],
        |b, c| [b[0].min(c.x), b[1].min(c.y), b[2].max(c.x), b[3].max(c.y)],
    )
}

fn centre(h: &[Coord<f64>]) -> Coord<f64> {
    let n = h.len().max(1) as f64;
    let (x, y) = h.iter().fold((0.0, 0.0), |(x, y), c| (x + c.x, y + c.y));
    Coord { x: x / n, y: y / n }
}

/// The pairs that pass the cheap bounds: `sure` ones (their bounding box is already small enough) and `maybe` ones,
/// whose hull decides. Hulls are computed only when asked ([`Pairs::check`]): a large pool forms one cluster cut to
/// its largest parcels, and most of its pairs never need theirs.
pub(crate) struct Pairs<'h> {
    hulls: &'h [&'h [Coord<f64>]],
    limit: f64,
    pub sure: Vec<(usize, usize)>,
    pub maybe: Vec<(usize, usize)>,
    /// The hull's verdict on each `maybe` pair, once computed.
    verdict: Vec<Option<bool>>,
    pts: Vec<Coord<f64>>,
}

impl<'h> Pairs<'h> {
    pub(crate) fn new(hulls: &'h [&'h [Coord<f64>]], limit: f64) -> Self {
        let n = hulls.len();
        let w: Vec<f64> = hulls.iter().map(|h| width(h)).collect();
        let c: Vec<Coord<f64>> = hulls.iter().map(|h| centre(h)).collect();
        let b: Vec<[f64; 4]> = hulls.iter().map(|h| bounds(h)).collect();
        let mut by_x: Vec<usize> = (0..n).collect();
        by_x.sort_by(|&a, &b| c[a].x.total_cmp(&c[b].x));
        let (mut sure, mut maybe) = (Vec::new(), Vec::new());
        for (k, &i) in by_x.iter().enumerate() {
            // Beyond this distance along x, even the distance alone rules a pair out (D·w_i / 2 > limit).
            let reach = if w[i] > 0.0 { 2.0 * limit / w[i] } else { f64::INFINITY };
            for &j in &by_x[k + 1..] {
                let dx = c[j].x - c[i].x;
                if dx > reach {
                    break;
                }
                let d = (dx * dx + (c[j].y - c[i].y).powi(2)).sqrt();
                if d * w[i].max(w[j]) / 2.0 > limit {
                    continue;
                }
                // The hull lies inside the pair's bounding box: when the box is small enough, so is the hull.
                let (bi, bj) = (b[i], b[j]);
                let boxed = (bi[2].max(bj[2]) - bi[0].min(bj[0])) * (bi[3].max(bj[3]) - bi[1].min(bj[1]));
                let pair = (i.min(j), i.max(j));
                if boxed <= limit {
                    sure.push(pair);
                } else {
                    maybe.push(pair);
                }
            }
        }
        let verdict = vec![None; maybe.len()];
        Self {
            hulls,
            limit,
            sure,
            maybe,
            verdict,
            pts: Vec::new(),
        }
    }

    /// Whether `maybe[k]` is pairable: its hull, computed once.
    pub(crate) fn check(&mut self, k: usize) -> bool {
        if let Some(v) = self.verdict.get(k).copied().flatten() {
            return v;
        }
        let Some(&(i, j)) = self.maybe.get(k) else {
            return false;
        };
        self.pts.clear();
        self.pts.extend(self.hulls[i].iter().chain(self.hulls[j]).copied());
        let v = hull_area(&mut self.pts) <= self.limit;
        self.verdict[k] = Some(v);
        v
    }
}

/// Every pair whose hull is at most `limit`, sorted.
#[cfg(test)]
pub(crate) fn pairable(hulls: &[&[Coord<f64>]], limit: f64) -> Vec<(usize, usize)> {
    let mut p = Pairs::new(hulls, limit);
    let mut out = p.sure.clone();
    for k in 0..p.maybe.len() {
        if p.check(k) {
            out.push(p.maybe[k]);
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f64, y: f64, w: f64, h: f64) -> Vec<Coord<f64>> {
        vec![
            Coord { x, y },
            Coord { x: x + w, y },
            Coord { x: x + w, y: y + h },
            Coord { x, y: y + h },
        ]
    }

    #[test]
    fn width_of_a_rectangle_is_its_short_side() {
        assert!((width(&rect(0.0, 0.0, 100.0, 30.0)) - 30.0).abs() < 1e-9);
    }

    #[test]
    fn the_bound_agrees_with_computing_every_hull() {
        let mut rng = crate::sample::SplitMix64::new(3);
        let pieces: Vec<Vec<Coord<f64>>> = (0..80)
            .map(|_| {
                let mut h = rect(
                    rng.below(3000) as f64,
                    rng.below(3000) as f64,
                    5.0 + rng.below(200) as f64,
                    5.0 + rng.below(200) as f64,
                );
                hull_area(&mut h);
                h
            })
            .collect();
        let hulls: Vec<&[Coord<f64>]> = pieces.iter().map(|h| h.as_slice()).collect();
        let limit = 150_000.0;
        let mut all = Vec::new();
        for i in 0..pieces.len() {
            for j in i + 1..pieces.len() {
                let mut pts: Vec<Coord<f64>> = pieces[i].iter().chain(&pieces[j]).copied().collect();
                if hull_area(&mut pts) <= limit {
                    all.push((i, j));
                }
            }
        }
        assert!(!all.is_empty());
        assert_eq!(pairable(&hulls, limit), all);
    }
}
