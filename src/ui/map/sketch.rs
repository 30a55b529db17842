//! The project footprint an officer sketches: vertices with undo/redo, plus the pure geometry behind it (area,
//! scaling to N 亩, a rectangle of N 亩, snapping). Everything here is world metres; the map turns pixels into
//! metres before calling in.

use geo::{Coord, LineString, Polygon};

use crate::model::Area;

/// A sketched footprint. Open while drawing, closed when finished. `vertices` is the outer ring of the first part
/// (the one the click-to-draw tool extends); an imported red line keeps its holes and further parts beside it
/// (see [`super::sketch_rings`]).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sketch {
    pub vertices: Vec<Coord<f64>>,
    pub closed: bool,
    /// Holes of the first part, each without its closing vertex.
    #[serde(default)]
    pub holes: Vec<Vec<Coord<f64>>>,
    /// The second and later parts.
    #[serde(default)]
    pub parts: Vec<SketchPart>,
    #[serde(skip)]
    undo: Vec<Snapshot>,
    #[serde(skip)]
    redo: Vec<Snapshot>,
}

/// A further part of a multi-part footprint: its outer ring and holes, without closing vertices.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SketchPart {
    pub outer: Vec<Coord<f64>>,
    pub holes: Vec<Vec<Coord<f64>>>,
}

/// Everything undo restores.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    vertices: Vec<Coord<f64>>,
    closed: bool,
    holes: Vec<Vec<Coord<f64>>>,
    parts: Vec<SketchPart>,
}

impl Sketch {
    pub fn from_vertices(vertices: Vec<Coord<f64>>, closed: bool) -> Self {
        Self {
            vertices,
            closed,
            ..Self::default()
        }
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            vertices: self.vertices.clone(),
            closed: self.closed,
            holes: self.holes.clone(),
            parts: self.parts.clone(),
        }
    }

    fn restore(&mut self, s: Snapshot) {
        self.vertices = s.vertices;
        self.closed = s.closed;
        self.holes = s.holes;
        self.parts = s.parts;
    }

    /// Records the current state for undo; call before every edit (once per drag).
    pub fn checkpoint(&mut self) {
        let s = self.snapshot();
        self.undo.push(s);
        self.redo.clear();
    }

    pub fn push(&mut self, c: Coord<f64>) {
        self.checkpoint();
        if self.closed {
            // A click after finishing starts a new sketch.
            self.vertices.clear();
            self.holes.clear();
            self.parts.clear();
            self.closed = false;
        }
        self.vertices.push(c);
    }

    pub fn pop(&mut self) {
        if self.vertices.is_empty() {
            return;
        }
        self.checkpoint();
        self.vertices.pop();
        if self.vertices.len() < 3 {
            self.closed = false;
        }
    }

    /// Moves vertex `i` without a checkpoint (the drag's start made one).
    pub fn move_vertex(&mut self, i: usize, c: Coord<f64>) {
        if let Some(v) = self.vertices.get_mut(i) {
            *v = c;
        }
    }

    /// Inserts `c` as the new vertex `i` (between `i − 1` and the old `i`).
    pub fn insert(&mut self, i: usize, c: Coord<f64>) {
        self.checkpoint();
        let i = i.min(self.vertices.len());
        self.vertices.insert(i, c);
    }

    /// Closes the ring; needs three vertices.
    pub fn finish(&mut self) -> bool {
        if self.vertices.len() < 3 || self.closed {
            return self.closed;
        }
        self.checkpoint();
        self.closed = true;
        true
    }

    pub fn clear(&mut self) {
        if self.vertices.is_empty() {
            return;
        }
        self.checkpoint();
        self.vertices.clear();
        self.holes.clear();
        self.parts.clear();
        self.closed = false;
    }

    /// Replaces the sketch by one ring (drawn, scaled, or a rectangle of N 亩).
    pub fn set(&mut self, vertices: Vec<Coord<f64>>, closed: bool) {
        self.checkpoint();
        self.vertices = vertices;
        self.closed = closed;
        self.holes.clear();
        self.parts.clear();
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo(&mut self) {
        if let Some(s) = self.undo.pop() {
            self.redo.push(self.snapshot());
            self.restore(s);
        }
    }

    pub fn redo(&mut self) {
        if let Some(s) = self.redo.pop() {
            self.undo.push(self.snapshot());
            self.restore(s);
        }
    }

    /// The area enclosed so far, holes taken out and further parts added (an open sketch counts as if closed,
    /// for the live read-out).
    pub fn area(&self) -> Area {
        let part = |outer: &[Coord<f64>], holes: &[Vec<Coord<f64>>]| {
            ring_area(outer) - holes.iter().map(|h| ring_area(h)).sum::<f64>()
        };
        let rest: f64 = self.parts.iter().map(|p| part(&p.outer, &p.holes)).sum();
        Area::from_m2(part(&self.vertices, &self.holes) + rest)
    }

    /// The first part's polygon (with its holes), once finished.
    pub fn polygon(&self) -> Option<Polygon<f64>> {
        (self.closed && self.vertices.len() >= 3).then(|| to_polygon_with_holes(&self.vertices, &self.holes))
    }
}

/// A polygon from an outer ring and holes given without closing vertices (geo closes them).
pub fn to_polygon_with_holes(outer: &[Coord<f64>], holes: &[Vec<Coord<f64>>]) -> Polygon<f64> {
    Polygon::new(
        LineString::from(outer.to_vec()),
        holes.iter().map(|h| LineString::from(h.clone())).collect(),
    )
}

pub use crate::geometry::ring::{area as ring_area, centroid, nearest_on_segment};

/// The ring scaled about its centroid so it encloses exactly `target`: lengths scale by √(target / current).
/// `None` for a ring with no area.
pub fn scaled_to_area(ring: &[Coord<f64>], target: Area) -> Option<Vec<Coord<f64>>> {
    let current = ring_area(ring);
    if current <= 0.0 || target.m2() <= 0.0 {
        return None;
    }
    let k = (target.m2() / current).sqrt();
    let c = centroid(ring)?;
    Some(
        ring.iter()
            .map(|p| Coord {
                x: c.x + (p.x - c.x) * k,
                y: c.y + (p.y - c.y) * k,
            })
            .collect(),
    )
}

/// An axis-aligned rectangle of exactly `target` centred on `center`, `aspect` = width ÷ height.
pub fn rectangle_of_area(center: Coord<f64>, target: Area, aspect: f64) -> Vec<Coord<f64>> {
    let aspect = if aspect > 0.0 { aspect } else { 1.0 };
    let h = (target.m2().max(0.0) / aspect).sqrt();
    let w = h * aspect;
    let (hw, hh) = (w / 2.0, h / 2.0);
    vec![
        Coord {
            x: center.x - hw,
            y: center.y - hh,
        },
        Coord {
            x: center.x + hw,
            y: center.y - hh,
        },
        Coord {
            x: center.x + hw,
            y: center.y + hh,
        },
        Coord {
            x: center.x - hw,
            y: center.y + hh,
        },
    ]
}

fn dist(a: Coord<f64>, b: Coord<f64>) -> f64 {
    (a.x - b.x).hypot(a.y - b.y)
}

/// What a snapped point landed on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SnapKind {
    Vertex,
    Edge,
}

/// Snaps `p` to the nearest ring vertex within `tol` metres, else to the nearest point on a ring edge within `tol`.
/// Vertices win over edges so corners are easy to hit.
pub fn snap<'a>(
    p: Coord<f64>,
    tol: f64,
    rings: impl IntoIterator<Item = &'a [Coord<f64>]>,
) -> Option<(Coord<f64>, SnapKind)> {
    let mut best_v: Option<(f64, Coord<f64>)> = None;
    let mut best_e: Option<(f64, Coord<f64>)> = None;
    for ring in rings {
        for (i, &a) in ring.iter().enumerate() {
            let d = dist(p, a);
            if d <= tol && best_v.is_none_or(|(bd, _)| d < bd) {
                best_v = Some((d, a));
            }
            if let Some(&b) = ring.get(i + 1) {
                let q = nearest_on_segment(p, a, b);
                let d = dist(p, q);
                if d <= tol && best_e.is_none_or(|(bd, _)| d < bd) {
                    best_e = Some((d, q));
                }
            }
        }
    }
    best_v
        .map(|(_, c)| (c, SnapKind::Vertex))
        .or(best_e.map(|(_, c)| (c, SnapKind::Edge)))
}

/// Index of the vertex within `tol` of `p`, nearest first.
pub fn hit_vertex(ring: &[Coord<f64>], p: Coord<f64>, tol: f64) -> Option<usize> {
    ring.iter()
        .enumerate()
        .map(|(i, &v)| (i, dist(p, v)))
        .filter(|(_, d)| *d <= tol)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// The edge (index of its second vertex, for [`Sketch::insert`]) whose interior is within `tol` of `p`.
pub fn hit_edge(ring: &[Coord<f64>], closed: bool, p: Coord<f64>, tol: f64) -> Option<(usize, Coord<f64>)> {
    let n = ring.len();
    let edges = if closed { n } else { n.saturating_sub(1) };
    (0..edges)
        .map(|i| {
            let q = nearest_on_segment(p, ring[i], ring[(i + 1) % n]);
            (i + 1, q, dist(p, q))
        })
        .filter(|(_, _, d)| *d <= tol)
        .min_by(|a, b| a.2.total_cmp(&b.2))
        .map(|(i, q, _)| (i, q))
}

/// Whether two non-adjacent edges of the closed ring cross (turns within 1e-9 of straight count as straight).
pub fn self_crossing(ring: &[Coord<f64>]) -> bool {
    crate::geometry::ring::first_crossing(ring, 1e-9).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::coord;

    fn square(x: f64, y: f64, s: f64) -> Vec<Coord<f64>> {
        vec![
            coord! {x: x, y: y},
            coord! {x: x + s, y: y},
            coord! {x: x + s, y: y + s},
            coord! {x: x, y: y + s},
        ]
    }

    #[test]
    fn area_of_an_l_shape_in_mu() {
        // L: 200×100 m plus 100×100 m = 30 000 m² = 45 亩 (× 0.0015).
        let l = [
            coord! {x: 38_400_000.0, y: 3_900_000.0},
            coord! {x: 38_400_200.0, y: 3_900_000.0},
            coord! {x: 38_400_200.0, y: 3_900_100.0},
            coord! {x: 38_400_100.0, y: 3_900_100.0},
            coord! {x: 38_400_100.0, y: 3_900_200.0},
            coord! {x: 38_400_000.0, y: 3_900_200.0},
        ];
        let s = Sketch::from_vertices(l.to_vec(), true);
        assert!((s.area().mu() - 45.0).abs() < 1e-9);
        assert!((s.area().hectares() - 3.0).abs() < 1e-12);
    }

    #[test]
    fn scaling_to_a_target_area_is_exact_and_keeps_the_centroid() {
        // 100 m square = 15 亩; scaled to 60 亩 = 4× the area, so sides double to 200 m.
        let sq = square(38_400_000.0, 3_900_000.0, 100.0);
        let big = scaled_to_area(&sq, Area::from_mu(60.0)).unwrap();
        assert!((ring_area(&big) - 40_000.0).abs() < 1e-6);
        assert!((big[1].x - big[0].x - 200.0).abs() < 1e-6);
        let c = centroid(&big).unwrap();
        assert!((c.x - 38_400_050.0).abs() < 1e-6 && (c.y - 3_900_050.0).abs() < 1e-6);
    }

    #[test]
    fn rectangle_of_exactly_n_mu() {
        // 30 亩 = 20 000 m²; aspect 2 ⇒ height 100 m, width 200 m.
        let r = rectangle_of_area(coord! {x: 0.0, y: 0.0}, Area::from_mu(30.0), 2.0);
        assert!((ring_area(&r) - 20_000.0).abs() < 1e-6);
        assert!((r[1].x - r[0].x - 200.0).abs() < 1e-9);
        assert!((r[2].y - r[1].y - 100.0).abs() < 1e-9);
    }

    #[test]
    fn snapping_prefers_vertices_then_edges() {
        let parcel = square(0.0, 0.0, 100.0);
        let mut closed = parcel.clone();
        closed.push(parcel[0]);
        let rings = [closed.as_slice()];
        // 3 m from corner (100, 0): snaps to it with tolerance 5.
        let (c, k) = snap(coord! {x: 102.0, y: 2.0}, 5.0, rings).unwrap();
        assert_eq!((c, k), (coord! {x: 100.0, y: 0.0}, SnapKind::Vertex));
        // Mid-edge, 4 m outside the east edge: snaps onto x = 100.
        let (c, k) = snap(coord! {x: 104.0, y: 50.0}, 5.0, rings).unwrap();
        assert_eq!((c, k), (coord! {x: 100.0, y: 50.0}, SnapKind::Edge));
        // 6 m away: nothing.
        assert!(snap(coord! {x: 106.0, y: 50.0}, 5.0, rings).is_none());
    }

    #[test]
    fn undo_redo_and_edits() {
        let mut s = Sketch::default();
        for c in square(0.0, 0.0, 10.0) {
            s.push(c);
        }
        assert!(s.finish());
        assert!((s.area().m2() - 100.0).abs() < 1e-12);
        s.insert(1, coord! {x: 5.0, y: -5.0}); // a notch outward on the south edge: +25 m²
        assert!((s.area().m2() - 125.0).abs() < 1e-12);
        s.undo();
        assert!((s.area().m2() - 100.0).abs() < 1e-12);
        s.redo();
        assert_eq!(s.vertices.len(), 5);
        s.pop();
        s.pop();
        s.pop();
        assert!(!s.closed, "fewer than 3 vertices cannot stay closed");
        assert_eq!(
            hit_vertex(&square(0.0, 0.0, 10.0), coord! {x: 9.0, y: 9.5}, 2.0),
            Some(2)
        );
        assert_eq!(
            hit_edge(&square(0.0, 0.0, 10.0), true, coord! {x: 0.5, y: 5.0}, 1.0),
            Some((4, coord! {x: 0.0, y: 5.0}))
        );
    }

    #[test]
    fn bow_tie_crosses_itself() {
        let bow = [
            coord! {x: 0.0, y: 0.0},
            coord! {x: 10.0, y: 10.0},
            coord! {x: 10.0, y: 0.0},
            coord! {x: 0.0, y: 10.0},
        ];
        assert!(self_crossing(&bow));
        assert!(!self_crossing(&square(0.0, 0.0, 10.0)));
    }
}
