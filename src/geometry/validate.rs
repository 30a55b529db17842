//! Validate a polygon geometry and repair what can be repaired safely. What cannot is refused, never kept.

use geo::{Area, BooleanOps, Contains, Coord, LineString, MultiPolygon, Polygon, Validation};

use super::{GeometryError, LocalFrame, guarded, guarded_intersection, guarded_union};

/// The largest coordinate magnitude accepted, in metres.
pub const MAX_COORDINATE: f64 = 1e9;

/// A repair that was made; the officer is told about each.
#[derive(Debug, Clone, PartialEq)]
pub enum Fix {
    RepeatedPointsRemoved(usize),
    SelfIntersectionResolved,
    HoleOutsideShellDropped,
    DegeneratePartDropped,
}

impl Fix {
    pub fn zh(&self) -> String {
        match self {
            Fix::RepeatedPointsRemoved(n) => format!("删除重复点 {n} 个"),
            Fix::SelfIntersectionResolved => "自相交已按奇偶规则拆分修复".into(),
            Fix::HoleOutsideShellDropped => "外环之外的内环已删除".into(),
            Fix::DegeneratePartDropped => "删除退化(零面积)部件".into(),
        }
    }
    pub fn en(&self) -> String {
        match self {
            Fix::RepeatedPointsRemoved(n) => format!("removed {n} repeated point(s)"),
            Fix::SelfIntersectionResolved => "self-intersection resolved (even-odd split)".into(),
            Fix::HoleOutsideShellDropped => "dropped a hole lying outside its shell".into(),
            Fix::DegeneratePartDropped => "dropped a zero-area part".into(),
        }
    }
}

impl std::fmt::Display for Fix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.zh(), self.en())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Repaired {
    pub geometry: MultiPolygon<f64>,
    pub fixes: Vec<Fix>,
}

fn dedup_ring(ring: &LineString<f64>, removed: &mut usize) -> LineString<f64> {
    let mut out: Vec<Coord<f64>> = Vec::with_capacity(ring.0.len());
    for c in &ring.0 {
        if out.last() != Some(c) {
            out.push(*c);
        } else {
            *removed += 1;
        }
    }
    LineString::new(out)
}

fn distinct_points(ring: &LineString<f64>) -> usize {
    let n = ring.0.len();
    if n > 1 && ring.0[0] == ring.0[n - 1] { n - 1 } else { n }
}

/// Checks `geom` and repairs it where that is safe.
///
/// - non-finite coordinates, coordinates beyond ±[`MAX_COORDINATE`], or nothing left with an area: refused;
/// - repeated consecutive points: removed;
/// - a ring crossing itself: split by the even-odd rule (as GEOS MakeValid's linework method does);
/// - a hole outside its shell: dropped;
/// - zero-area parts of a multipolygon: dropped.
///
/// ```
/// use stockfirst::geometry::{repair, Fix};
/// use geo::{polygon, Area, MultiPolygon};
/// // A bow-tie: two triangles of 50 m² each meeting at (5,5).
/// let bowtie = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 10.0), (x: 10.0, y: 0.0), (x: 0.0, y: 10.0)];
/// let r = repair(&MultiPolygon(vec![bowtie])).unwrap();
/// assert!(r.fixes.contains(&Fix::SelfIntersectionResolved));
/// assert!((r.geometry.unsigned_area() - 50.0).abs() < 1e-9);
/// ```
pub fn repair(geom: &MultiPolygon<f64>) -> Result<Repaired, GeometryError> {
    repair_checked(geom)
}

/// [`repair`] taking ownership: a geometry that needs nothing comes back as it is, without a copy (the common
/// case when a library of a million parcels is loaded).
pub fn repair_owned(geom: MultiPolygon<f64>) -> Result<Repaired, GeometryError> {
    let clean_ring = |r: &LineString<f64>| {
        r.0.iter()
            .all(|c| c.x.abs() <= MAX_COORDINATE && c.y.abs() <= MAX_COORDINATE)
            && r.0.windows(2).all(|w| w[0] != w[1])
            && distinct_points(r) >= 3
    };
    let clean = !geom.0.is_empty()
        && geom
            .0
            .iter()
            .all(|p| clean_ring(p.exterior()) && p.interiors().iter().all(clean_ring))
        && geom.0.iter().all(|p| p.unsigned_area() > 0.0)
        // A polygon whose rings provably never meet and lie where they should is valid (a cheap sweep, also for
        // holes and parts); anything else goes to geo's check, with the same guard as the checked path: geo's
        // relate can panic on extreme input.
        && (super::proven_rings::proven_valid(&geom) || guarded(|| geom.is_valid()).unwrap_or(false));
    if clean {
        return Ok(Repaired {
            geometry: geom,
            fixes: Vec::new(),
        });
    }
    repair_checked(&geom)
}

fn repair_checked(geom: &MultiPolygon<f64>) -> Result<Repaired, GeometryError> {
    if geom.0.is_empty() {
        return Err(GeometryError::Empty);
    }
    let finite = geom
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|r| r.0.iter())
        .all(|c| c.x.is_finite() && c.y.is_finite());
    if !finite {
        return Err(GeometryError::NonFinite);
    }
    // Far beyond any plane CRS in metres (zone-prefixed eastings are ~3.8e7). Such values overflow the overlay's
    // integer grid and made geo's relate panic in fuzzing: refuse them before any geometry code sees them.
    let out_of_range = geom
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|r| r.0.iter())
        .flat_map(|c| [c.x, c.y])
        .find(|v| v.abs() > MAX_COORDINATE);
    if let Some(v) = out_of_range {
        return Err(GeometryError::OutOfRange(v));
    }
    let mut fixes = Vec::new();
    let mut removed = 0usize;
    let mut parts = Vec::with_capacity(geom.0.len());
    let mut degenerate = false;
    for p in &geom.0 {
        let ext = dedup_ring(p.exterior(), &mut removed);
        if distinct_points(&ext) < 3 {
            degenerate = true;
            continue;
        }
        let holes: Vec<_> = p
            .interiors()
            .iter()
            .map(|r| dedup_ring(r, &mut removed))
            .filter(|r| distinct_points(r) >= 3)
            .collect();
        // A zero shoelace area may be a bow-tie whose halves cancel: the repair below decides.
        parts.push(Polygon::new(ext, holes));
    }
    if removed > 0 {
        fixes.push(Fix::RepeatedPointsRemoved(removed));
    }
    if parts.is_empty() {
        return Err(if degenerate {
            GeometryError::ZeroArea
        } else {
            GeometryError::TooFewPoints
        });
    }
    if degenerate {
        fixes.push(Fix::DegeneratePartDropped);
    }
    let mp = MultiPolygon(parts);
    // Validation runs geo's relate, which can panic on broken input: a panic means "not valid", and the guarded
    // repair below takes over.
    if guarded(|| mp.is_valid()).unwrap_or(false) {
        // geo calls a collinear ring valid; it still encloses nothing.
        let before = mp.0.len();
        let kept: Vec<_> = mp.0.into_iter().filter(|p| p.unsigned_area() > 0.0).collect();
        if kept.is_empty() {
            return Err(GeometryError::ZeroArea);
        }
        if kept.len() < before && !fixes.contains(&Fix::DegeneratePartDropped) {
            fixes.push(Fix::DegeneratePartDropped);
        }
        return Ok(Repaired {
            geometry: MultiPolygon(kept),
            fixes,
        });
    }

    let frame = LocalFrame::around(&mp);
    let local = frame.to_local(&mp);
    let mut result = MultiPolygon::<f64>(vec![]);
    let mut crossed = false;
    for p in &local.0 {
        let shell = MultiPolygon(vec![Polygon::new(p.exterior().clone(), vec![])]);
        let shell_ok = guarded(|| shell.is_valid()).unwrap_or(false);
        let shell = if shell_ok {
            shell
        } else {
            crossed = true;
            guarded_union(&shell, &MultiPolygon(vec![]))?
        };
        let mut piece = shell;
        for h in p.interiors() {
            let hole = MultiPolygon(vec![Polygon::new(h.clone(), vec![])]);
            // Every boolean step is guarded: a fuzzed boundary made i_overlay assert inside the shell union.
            let inside = guarded(|| piece.contains(&hole))?;
            if !inside && guarded_intersection(&piece, &hole)?.unsigned_area() <= 0.0 {
                fixes.push(Fix::HoleOutsideShellDropped);
                continue;
            }
            piece = guarded(|| super::give_holes_to_their_shells(piece.difference(&hole)))?;
        }
        result = guarded_union(&result, &piece)?;
    }
    if crossed {
        fixes.push(Fix::SelfIntersectionResolved);
    }
    if result.unsigned_area() <= 0.0 {
        return Err(GeometryError::ZeroArea);
    }
    // The promise of a repair is a valid geometry: one the overlay could not make valid is refused (and reported by
    // the caller), never kept.
    if !guarded(|| result.is_valid()).unwrap_or(false) {
        return Err(GeometryError::OverlayFailed(
            "修复后的几何仍无效 / the repaired geometry is still invalid".into(),
        ));
    }
    Ok(Repaired {
        geometry: frame.to_world(&result),
        fixes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    /// Found by tests/geometry_props.rs: two bow-tie rings whose resolved halves i_overlay unioned with a hole in
    /// the wrong shell. The repair is valid and its area is shapely's union of the two resolved rings.
    #[test]
    fn two_crossed_rings_repair_to_a_valid_union() {
        let a = polygon![(x: 0.0, y: 45.0), (x: 25.0, y: 0.0), (x: 45.0, y: 70.0), (x: 75.0, y: 0.0), (x: 25.0, y: 70.0), (x: 10.0, y: 95.0), (x: 90.0, y: 40.0)];
        let b = polygon![(x: 55.0, y: 50.0), (x: 0.0, y: 55.0), (x: 10.0, y: 0.0), (x: 75.0, y: 45.0), (x: 30.0, y: 0.0), (x: 25.0, y: 50.0)];
        let r = repair(&MultiPolygon(vec![a, b])).unwrap();
        assert!(r.geometry.is_valid(), "{:?}", r.geometry);
        assert!(
            (r.geometry.unsigned_area() - 2835.6717219278116).abs() < 1e-3,
            "{}",
            r.geometry.unsigned_area()
        );
    }

    #[test]
    fn valid_square_passes_unchanged() {
        let sq = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)];
        let r = repair(&MultiPolygon(vec![sq.clone()])).unwrap();
        assert!(r.fixes.is_empty());
        assert_eq!(r.geometry, MultiPolygon(vec![sq]));
    }

    #[test]
    fn repeated_points_are_removed_and_counted() {
        let p = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)];
        let r = repair(&MultiPolygon(vec![p])).unwrap();
        assert_eq!(r.fixes, vec![Fix::RepeatedPointsRemoved(1)]);
        assert!((r.geometry.unsigned_area() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn owned_and_borrowed_repairs_agree() {
        let cases = [
            polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
            polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)],
            polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 10.0), (x: 10.0, y: 0.0), (x: 0.0, y: 10.0)],
            polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 20.0, y: 0.0)],
            // Beyond MAX_COORDINATE: refused by both paths, never handed to geo's relate.
            polygon![(x: 0.0, y: 0.0), (x: 2e9, y: 0.0), (x: 2e9, y: 2e9), (x: 0.0, y: 2e9)],
        ];
        for c in cases {
            let mp = MultiPolygon(vec![c]);
            assert_eq!(repair(&mp), repair_owned(mp.clone()));
        }
    }

    #[test]
    fn zero_area_is_refused() {
        let flat = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 20.0, y: 0.0)];
        assert_eq!(repair(&MultiPolygon(vec![flat])), Err(GeometryError::ZeroArea));
    }

    #[test]
    fn non_finite_is_refused() {
        let p = polygon![(x: 0.0, y: 0.0), (x: f64::NAN, y: 0.0), (x: 10.0, y: 10.0)];
        assert_eq!(repair(&MultiPolygon(vec![p])), Err(GeometryError::NonFinite));
    }

    #[test]
    fn absurd_coordinates_are_refused() {
        // From the wkb fuzz target: -2.46e301 made geo's relate panic inside is_valid().
        let p = polygon![(x: 0.0, y: 0.0), (x: -2.4558096506313295e301, y: 3_820_520.0), (x: 10.0, y: 10.0)];
        assert_eq!(
            repair(&MultiPolygon(vec![p])),
            Err(GeometryError::OutOfRange(-2.4558096506313295e301))
        );
    }

    #[test]
    fn hole_outside_shell_is_dropped() {
        let p = Polygon::new(
            LineString::from(vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0)]),
            vec![LineString::from(vec![
                (20.0, 20.0),
                (21.0, 20.0),
                (21.0, 21.0),
                (20.0, 21.0),
                (20.0, 20.0),
            ])],
        );
        let r = repair(&MultiPolygon(vec![p])).unwrap();
        assert!(r.fixes.contains(&Fix::HoleOutsideShellDropped));
        assert!((r.geometry.unsigned_area() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn bowtie_at_zone_prefixed_coordinates() {
        let (x0, y0) = (38_452_000.0, 3_905_000.0);
        let b = polygon![(x: x0, y: y0), (x: x0 + 10.0, y: y0 + 10.0), (x: x0 + 10.0, y: y0), (x: x0, y: y0 + 10.0)];
        let r = repair(&MultiPolygon(vec![b])).unwrap();
        assert_eq!(r.geometry.0.len(), 2);
        assert!((r.geometry.unsigned_area() - 50.0).abs() < 1e-6);
    }
}
