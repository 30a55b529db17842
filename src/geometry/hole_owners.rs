//! Gives each hole of a boolean operation's result back to the shell it lies in.
//!
//! i_overlay (geo's boolean operations) can hand a hole to the wrong polygon of a multipolygon: the rings are right,
//! the ownership is not. Found by the repair property test: two valid polygons whose union came back with a hole
//! outside its shell, so geo's `unsigned_area` counted the hole as positive area (shapely's union of the same
//! inputs agrees with the reassigned answer, 2 835.67 against 3 046.82).

use geo::{Contains, InteriorPoint, LineString, MultiPolygon, Polygon};

/// Moves every hole that does not lie in its own shell to the smallest shell that contains it. A result whose holes
/// all sit in their shells (the usual case, and any result without holes) is returned as it is.
///
/// ```
/// use geo::{polygon, LineString, MultiPolygon, Polygon};
/// use stockfirst::geometry::give_holes_to_their_shells;
/// let big = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)];
/// let small = polygon![(x: 20.0, y: 0.0), (x: 22.0, y: 0.0), (x: 22.0, y: 2.0), (x: 20.0, y: 2.0)];
/// let hole = LineString::from(vec![(4.0, 4.0), (6.0, 4.0), (6.0, 6.0), (4.0, 6.0), (4.0, 4.0)]);
/// // The hole of the big square, handed to the small one:
/// let wrong = MultiPolygon(vec![big.clone(), Polygon::new(small.exterior().clone(), vec![hole.clone()])]);
/// let right = give_holes_to_their_shells(wrong);
/// assert_eq!(right.0[0].interiors(), &[hole][..]);
/// assert!(right.0[1].interiors().is_empty());
/// ```
pub fn give_holes_to_their_shells(mp: MultiPolygon<f64>) -> MultiPolygon<f64> {
    let misplaced = mp.0.iter().any(|p| {
        let shell = Polygon::new(p.exterior().clone(), vec![]);
        p.interiors().iter().any(|h| !lies_in(&shell, h))
    });
    if !misplaced {
        return mp;
    }
    let shells: Vec<Polygon<f64>> =
        mp.0.iter()
            .map(|p| Polygon::new(p.exterior().clone(), vec![]))
            .collect();
    let areas: Vec<f64> = shells.iter().map(geo::Area::unsigned_area).collect();
    let mut holes: Vec<Vec<LineString<f64>>> = vec![Vec::new(); shells.len()];
    for (own, h) in
        mp.0.iter()
            .enumerate()
            .flat_map(|(i, p)| p.interiors().iter().map(move |h| (i, h)))
    {
        let owner = shells
            .iter()
            .enumerate()
            .filter(|(_, s)| lies_in(s, h))
            .min_by(|a, b| areas[a.0].total_cmp(&areas[b.0]))
            .map_or(own, |(i, _)| i);
        holes[owner].push(h.clone());
    }
    MultiPolygon(
        shells
            .into_iter()
            .zip(holes)
            .map(|(s, h)| Polygon::new(s.into_inner().0, h))
            .collect(),
    )
}

/// Whether a hole ring lies in a shell: a point strictly inside the hole is inside the shell (a hole may touch its
/// shell at a vertex, so a vertex test would not do).
fn lies_in(shell: &Polygon<f64>, hole: &LineString<f64>) -> bool {
    match Polygon::new(hole.clone(), vec![]).interior_point() {
        Some(pt) => shell.contains(&pt),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, BooleanOps, Validation};

    fn ring(v: &[(f64, f64)]) -> MultiPolygon<f64> {
        MultiPolygon(vec![Polygon::new(LineString::from(v.to_vec()), vec![])])
    }

    /// The case the repair property test found: each bow-tie ring resolved on its own, then the two unioned.
    /// shapely's union of the two resolved inputs: 2 835.6717 m² (i_overlay snaps to its integer grid: 5e-6 m² apart).
    #[test]
    fn the_union_that_lost_its_holes_is_made_whole() {
        let a = ring(&[
            (0.0, 45.0),
            (25.0, 0.0),
            (45.0, 70.0),
            (75.0, 0.0),
            (25.0, 70.0),
            (10.0, 95.0),
            (90.0, 40.0),
            (0.0, 45.0),
        ]);
        let b = ring(&[
            (55.0, 50.0),
            (0.0, 55.0),
            (10.0, 0.0),
            (75.0, 45.0),
            (30.0, 0.0),
            (25.0, 50.0),
            (55.0, 50.0),
        ]);
        let empty = MultiPolygon::<f64>(vec![]);
        let (ua, ub) = (a.union(&empty), b.union(&empty));
        let u = give_holes_to_their_shells(ua.union(&ub));
        assert!(u.is_valid(), "{:?}", u.validation_errors());
        assert!(
            (u.unsigned_area() - 2835.6717219278116).abs() < 1e-4,
            "{}",
            u.unsigned_area()
        );
    }

    #[test]
    fn a_result_whose_holes_are_home_is_untouched() {
        let sq = ring(&[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]);
        let hole = ring(&[(2.0, 2.0), (4.0, 2.0), (4.0, 4.0), (2.0, 4.0), (2.0, 2.0)]);
        let d = sq.difference(&hole);
        assert_eq!(give_holes_to_their_shells(d.clone()), d);
    }
}
