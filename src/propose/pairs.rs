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

fn centre(h: &[Coord<f64>]) -> Coord<f64> {
    let n = h.len().max(1) as f64;
    let (x, y) = h.iter().fold((0.0, 0.0), |(x, y), c| (x + c.x, y + c.y));
    Coord { x: x / n, y: y / n }
}

/// Pairs (i < j) whose hull is at most `limit` m².
pub(crate) fn pairable(hulls: &[&[Coord<f64>]], limit: f64) -> Vec<(usize, usize)> {
    let n = hulls.len();
    let w: Vec<f64> = hulls.iter().map(|h| width(h)).collect();
    let c: Vec<Coord<f64>> = hulls.iter().map(|h| centre(h)).collect();
    let mut by_x: Vec<usize> = (0..n).collect();
    by_x.sort_by(|&a, &b| c[a].x.total_cmp(&c[b].x));
    let mut out = Vec::new();
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
            let mut pts: Vec<Coord<f64>> = hulls[i].iter().chain(hulls[j]).copied().collect();
            if hull_area(&mut pts) <= limit {
                out.push((i.min(j), i.max(j)));
            }
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
