//! A footprint of several parts with holes: the rings of a [`Sketch`] by id, the multipolygon it stands for, and
//! edits on any ring (move, insert and delete a vertex; delete a part). An imported red line keeps every part and
//! hole, so the app's 套核 is the CLI's.

use geo::{Coord, MultiPolygon, Polygon};

use super::sketch::{Sketch, SketchPart, hit_edge, hit_vertex, to_polygon_with_holes};

/// A ring of the sketch: `part` 0 is the drawn one (`vertices`); `ring` 0 is a part's outer ring, `ring` k its
/// hole k − 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RingId {
    pub part: usize,
    pub ring: usize,
}

/// The ring without its closing vertex.
fn open_ring(ls: &geo::LineString<f64>) -> Vec<Coord<f64>> {
    let mut r = ls.0.clone();
    if r.len() > 1 && r.first() == r.last() {
        r.pop();
    }
    r
}

impl Sketch {
    /// Every ring with its id, first part first.
    pub fn rings(&self) -> Vec<(RingId, &[Coord<f64>])> {
        let mut out = vec![(RingId { part: 0, ring: 0 }, self.vertices.as_slice())];
        out.extend(
            self.holes
                .iter()
                .enumerate()
                .map(|(k, h)| (RingId { part: 0, ring: k + 1 }, h.as_slice())),
        );
        for (p, part) in self.parts.iter().enumerate() {
            out.push((RingId { part: p + 1, ring: 0 }, part.outer.as_slice()));
            out.extend(part.holes.iter().enumerate().map(|(k, h)| {
                (
                    RingId {
                        part: p + 1,
                        ring: k + 1,
                    },
                    h.as_slice(),
                )
            }));
        }
        out
    }

    fn ring_mut(&mut self, id: RingId) -> Option<&mut Vec<Coord<f64>>> {
        let (outer, holes) = if id.part == 0 {
            (&mut self.vertices, &mut self.holes)
        } else {
            let p = self.parts.get_mut(id.part - 1)?;
            (&mut p.outer, &mut p.holes)
        };
        if id.ring == 0 {
            Some(outer)
        } else {
            holes.get_mut(id.ring - 1)
        }
    }

    /// Number of parts (0 for an empty sketch).
    pub fn part_count(&self) -> usize {
        usize::from(!self.vertices.is_empty()) + self.parts.len()
    }

    /// The footprint as the core reads it: every part with its holes. The first part counts while still open
    /// (the live match runs while drawing); rings of fewer than three vertices are left out.
    pub fn multipolygon(&self) -> MultiPolygon<f64> {
        let keep = |h: &Vec<Coord<f64>>| h.len() >= 3;
        let mut polys: Vec<Polygon<f64>> = Vec::new();
        if self.vertices.len() >= 3 {
            let holes: Vec<_> = self.holes.iter().filter(|h| keep(h)).cloned().collect();
            polys.push(to_polygon_with_holes(&self.vertices, &holes));
        }
        for p in self.parts.iter().filter(|p| p.outer.len() >= 3) {
            let holes: Vec<_> = p.holes.iter().filter(|h| keep(h)).cloned().collect();
            polys.push(to_polygon_with_holes(&p.outer, &holes));
        }
        MultiPolygon(polys)
    }

    /// Replaces the sketch by every part and hole of `mp` (an imported red line), closed.
    pub fn set_multipolygon(&mut self, mp: &MultiPolygon<f64>) {
        self.checkpoint();
        let mut parts = mp.0.iter().map(|p| SketchPart {
            outer: open_ring(p.exterior()),
            holes: p.interiors().iter().map(open_ring).collect(),
        });
        let first = parts.next().unwrap_or_default();
        self.vertices = first.outer;
        self.holes = first.holes;
        self.parts = parts.collect();
        self.closed = self.vertices.len() >= 3;
    }

    /// The vertex within `tol` of `p` on any ring, nearest first.
    pub fn hit_any_vertex(&self, p: Coord<f64>, tol: f64) -> Option<(RingId, usize)> {
        self.rings()
            .into_iter()
            .filter_map(|(id, r)| hit_vertex(r, p, tol).map(|i| (id, i, r[i])))
            .min_by(|a, b| dist(a.2, p).total_cmp(&dist(b.2, p)))
            .map(|(id, i, _)| (id, i))
    }

    /// The edge within `tol` of `p` on any ring (an open first ring has no closing edge): ring, index for the new
    /// vertex, and the point on the edge.
    pub fn hit_any_edge(&self, p: Coord<f64>, tol: f64) -> Option<(RingId, usize, Coord<f64>)> {
        self.rings()
            .into_iter()
            .filter_map(|(id, r)| {
                let closed = id != RingId { part: 0, ring: 0 } || self.closed;
                hit_edge(r, closed, p, tol).map(|(i, q)| (id, i, q))
            })
            .min_by(|a, b| dist(a.2, p).total_cmp(&dist(b.2, p)))
    }

    /// Moves vertex `i` of ring `id` without a checkpoint (the drag's start made one).
    pub fn move_ring_vertex(&mut self, id: RingId, i: usize, c: Coord<f64>) {
        if let Some(v) = self.ring_mut(id).and_then(|r| r.get_mut(i)) {
            *v = c;
        }
    }

    /// Inserts `c` as vertex `i` of ring `id`.
    pub fn insert_in_ring(&mut self, id: RingId, i: usize, c: Coord<f64>) {
        self.checkpoint();
        if let Some(r) = self.ring_mut(id) {
            let i = i.min(r.len());
            r.insert(i, c);
        }
    }

    /// Deletes vertex `i` of ring `id`. A hole or a further part left with fewer than three vertices goes; the
    /// first part's outer ring reopens below three, as Backspace leaves it.
    pub fn delete_vertex(&mut self, id: RingId, i: usize) -> bool {
        if self.ring_mut(id).is_none_or(|r| i >= r.len()) {
            return false;
        }
        self.checkpoint();
        let left = self.ring_mut(id).map(|r| {
            r.remove(i);
            r.len()
        });
        if left.unwrap_or(0) < 3 {
            match id {
                RingId { part: 0, ring: 0 } => self.closed = false,
                RingId { part, ring: 0 } => {
                    self.parts.remove(part - 1);
                }
                RingId { part: 0, ring } => {
                    self.holes.remove(ring - 1);
                }
                RingId { part, ring } => {
                    if let Some(p) = self.parts.get_mut(part - 1) {
                        p.holes.remove(ring - 1);
                    }
                }
            }
        }
        true
    }

    /// Deletes part `part` (0 is the first); the next part becomes the first when the first goes.
    pub fn delete_part(&mut self, part: usize) -> bool {
        if part >= self.part_count() {
            return false;
        }
        self.checkpoint();
        if part == 0 {
            let next = if self.parts.is_empty() {
                SketchPart::default()
            } else {
                self.parts.remove(0)
            };
            self.vertices = next.outer;
            self.holes = next.holes;
            self.closed = self.vertices.len() >= 3;
        } else {
            self.parts.remove(part - 1);
        }
        true
    }
}

fn dist(a: Coord<f64>, b: Coord<f64>) -> f64 {
    (a.x - b.x).hypot(a.y - b.y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, coord, polygon};

    /// Two parts: a 100 m square with a 20 m square hole, and a 50 m square 200 m east.
    fn two_parts() -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon!(
                exterior: [(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0), (x: 0.0, y: 0.0)],
                interiors: [[(x: 40.0, y: 40.0), (x: 60.0, y: 40.0), (x: 60.0, y: 60.0), (x: 40.0, y: 60.0), (x: 40.0, y: 40.0)]],
            ),
            polygon![(x: 300.0, y: 0.0), (x: 350.0, y: 0.0), (x: 350.0, y: 50.0), (x: 300.0, y: 50.0), (x: 300.0, y: 0.0)],
        ])
    }

    #[test]
    fn an_imported_multipolygon_keeps_every_part_and_hole() {
        let mut s = Sketch::default();
        s.set_multipolygon(&two_parts());
        assert_eq!((s.part_count(), s.holes.len(), s.rings().len()), (2, 1, 3));
        // 100² − 20² + 50² = 10 000 − 400 + 2 500 = 12 100 m².
        assert!((s.area().m2() - 12_100.0).abs() < 1e-9);
        assert!((s.multipolygon().unsigned_area() - 12_100.0).abs() < 1e-9);
        assert!(s.closed);
    }

    #[test]
    fn edits_reach_holes_and_further_parts_and_undo() {
        let mut s = Sketch::default();
        s.set_multipolygon(&two_parts());
        // The hole's corner (60, 60), grabbed 1 m off: moved to (70, 60) the hole is 30 × 20 = 600 m².
        let (id, i) = s.hit_any_vertex(coord! {x: 61.0, y: 60.5}, 2.0).unwrap();
        assert_eq!(id, RingId { part: 0, ring: 1 });
        s.checkpoint();
        s.move_ring_vertex(id, i, coord! {x: 70.0, y: 60.0});
        // The hole is now (40,40) (60,40) (70,60) (40,60): a trapezoid of (20 + 30) / 2 × 20 = 500 m².
        assert!((s.area().m2() - (10_000.0 - 500.0 + 2_500.0)).abs() < 1e-9);
        // A vertex inserted on the second part's south edge, 10 m out: +½ × 50 × 10 = 250 m².
        let (id, i, q) = s.hit_any_edge(coord! {x: 325.0, y: -0.5}, 1.0).unwrap();
        assert_eq!((id, q), (RingId { part: 1, ring: 0 }, coord! {x: 325.0, y: 0.0}));
        s.insert_in_ring(id, i, coord! {x: 325.0, y: -10.0});
        assert!((s.area().m2() - (10_000.0 - 500.0 + 2_750.0)).abs() < 1e-9);
        // Deleting a hole vertex leaves three (a triangle hole); a second delete removes the hole.
        assert!(s.delete_vertex(RingId { part: 0, ring: 1 }, 0));
        assert_eq!(s.holes[0].len(), 3);
        assert!(s.delete_vertex(RingId { part: 0, ring: 1 }, 0));
        assert!(s.holes.is_empty());
        assert!(s.delete_part(1));
        assert_eq!(s.part_count(), 1);
        assert!((s.area().m2() - 10_000.0).abs() < 1e-9);
        for _ in 0..5 {
            s.undo();
        }
        assert_eq!(s.multipolygon(), {
            let mut t = Sketch::default();
            t.set_multipolygon(&two_parts());
            t.multipolygon()
        });
    }

    #[test]
    fn deleting_the_first_part_promotes_the_next() {
        let mut s = Sketch::default();
        s.set_multipolygon(&two_parts());
        assert!(s.delete_part(0));
        assert_eq!(s.part_count(), 1);
        assert!(s.holes.is_empty() && s.closed);
        assert!((s.area().m2() - 2_500.0).abs() < 1e-9);
    }
}
