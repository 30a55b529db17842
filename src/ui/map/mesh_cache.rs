//! Parcel fills triangulated once (earcut handles concave rings and holes), kept in flat f32 arrays relative to a
//! local origin so the frame only has to scale and offset them.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use geo::{Coord, MapCoords, MultiPolygon, Polygon, TriangulateEarcut};

use crate::library::{ParcelIdx, StockLibrary};

/// One parcel's slice of the cache.
#[derive(Debug, Clone, Default)]
struct Entry {
    verts: Range<u32>,
    tris: Range<u32>,
    rings: Range<u32>,
}

/// Triangles and outline rings of every parcel of one library.
#[derive(Debug, Default)]
pub struct MeshCache {
    /// World coordinate of local (0, 0).
    pub origin: Coord<f64>,
    verts: Vec<[f32; 2]>,
    /// Indices relative to the parcel's first vertex.
    tris: Vec<u32>,
    /// Each ring is a range into `verts` (no closing vertex).
    rings: Vec<Range<u32>>,
    entries: Vec<Entry>,
}

/// A parcel's mesh, borrowed from the cache.
pub struct ParcelMesh<'a> {
    pub verts: &'a [[f32; 2]],
    pub tris: &'a [u32],
    rings: &'a [Range<u32>],
    all: &'a [[f32; 2]],
}

impl<'a> ParcelMesh<'a> {
    /// The outline rings (exterior and holes), each without its closing vertex.
    pub fn rings(&self) -> impl Iterator<Item = &'a [[f32; 2]]> + '_ {
        self.rings.iter().map(|r| &self.all[r.start as usize..r.end as usize])
    }
}

impl MeshCache {
    /// Triangulates every parcel; `progress` counts parcels done (for the loading bar).
    pub fn build(lib: &StockLibrary, progress: Option<&AtomicUsize>) -> Self {
        let origin = lib.extent().map(|r| r.min()).unwrap_or(Coord { x: 0.0, y: 0.0 });
        Self::build_shapes(origin, lib.parcels().iter().map(|p| &p.geometry), progress)
    }

    /// Triangulates any polygons (a control layer's features), entry `i` being the `i`-th shape.
    pub fn build_shapes<'a>(
        origin: Coord<f64>,
        shapes: impl ExactSizeIterator<Item = &'a MultiPolygon<f64>>,
        progress: Option<&AtomicUsize>,
    ) -> Self {
        let mut c = MeshCache {
            origin,
            ..Default::default()
        };
        c.entries.reserve(shapes.len());
        for (i, g) in shapes.enumerate() {
            let v0 = c.verts.len() as u32;
            let t0 = c.tris.len() as u32;
            let r0 = c.rings.len() as u32;
            for poly in &g.0 {
                c.push_polygon(poly);
            }
            c.entries.push(Entry {
                verts: v0..c.verts.len() as u32,
                tris: t0..c.tris.len() as u32,
                rings: r0..c.rings.len() as u32,
            });
            if let Some(pr) = progress
                && i % 1024 == 0
            {
                pr.store(i, Ordering::Relaxed);
            }
        }
        c
    }

    fn push_polygon(&mut self, poly: &Polygon<f64>) {
        // earcut needs closed rings of ≥ 4 coordinates; skip degenerate rings rather than panic.
        if poly.exterior().0.len() < 4 {
            return;
        }
        let o = self.origin;
        let interiors: Vec<_> = poly.interiors().iter().filter(|r| r.0.len() >= 4).cloned().collect();
        let local = Polygon::new(poly.exterior().clone(), interiors).map_coords(|c| c - o);
        let raw = local.earcut_triangles_raw();
        let first = self.verts.len() as u32;
        let entry_first = self.entries_first_vertex();
        self.verts
            .extend(raw.vertices.iter().map(|v| [v[0] as f32, v[1] as f32]));
        self.tris
            .extend(raw.triangle_indices.iter().map(|&i| first - entry_first + i as u32));
        // Rings in the order earcut flattened them: exterior, then holes, each without the closing vertex.
        let mut at = first;
        for ring in std::iter::once(local.exterior()).chain(local.interiors()) {
            let n = ring.0.len().saturating_sub(1) as u32;
            self.rings.push(at..at + n);
            at += n;
        }
    }

    /// First vertex of the parcel being built (triangle indices are relative to it).
    fn entries_first_vertex(&self) -> u32 {
        // The entry for the parcel being built is not pushed yet: its first vertex follows the previous entry.
        self.entries.last().map(|e| e.verts.end).unwrap_or(0)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, i: ParcelIdx) -> Option<ParcelMesh<'_>> {
        let e = self.entries.get(i as usize)?;
        Some(ParcelMesh {
            verts: &self.verts[e.verts.start as usize..e.verts.end as usize],
            tris: &self.tris[e.tris.start as usize..e.tris.end as usize],
            rings: &self.rings[e.rings.start as usize..e.rings.end as usize],
            all: &self.verts,
        })
    }

    /// Local coordinates of a world point.
    pub fn to_local(&self, c: Coord<f64>) -> [f32; 2] {
        [(c.x - self.origin.x) as f32, (c.y - self.origin.y) as f32]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LandUse, Parcel, StockKind};
    use geo::{LineString, polygon};

    fn tri_area(m: &ParcelMesh<'_>) -> f64 {
        m.tris
            .chunks(3)
            .map(|t| {
                let [a, b, c] = [m.verts[t[0] as usize], m.verts[t[1] as usize], m.verts[t[2] as usize]];
                let cross = (b[0] - a[0]) as f64 * (c[1] - a[1]) as f64 - (c[0] - a[0]) as f64 * (b[1] - a[1]) as f64;
                cross.abs() / 2.0
            })
            .sum()
    }

    #[test]
    fn concave_l_and_square_with_hole_triangulate_to_their_area() {
        let x0 = 38_400_000.0;
        let y0 = 3_900_000.0;
        // L-shape: 200×100 + 100×100 = 30 000 m².
        let l = polygon![(x: x0, y: y0), (x: x0 + 200.0, y: y0), (x: x0 + 200.0, y: y0 + 100.0),
            (x: x0 + 100.0, y: y0 + 100.0), (x: x0 + 100.0, y: y0 + 200.0), (x: x0, y: y0 + 200.0)];
        // 100 m square with a 20 m hole: 10 000 − 400 = 9 600 m².
        let outer = LineString::from(vec![
            (x0 + 300.0, y0),
            (x0 + 400.0, y0),
            (x0 + 400.0, y0 + 100.0),
            (x0 + 300.0, y0 + 100.0),
            (x0 + 300.0, y0),
        ]);
        let hole = LineString::from(vec![
            (x0 + 340.0, y0 + 40.0),
            (x0 + 360.0, y0 + 40.0),
            (x0 + 360.0, y0 + 60.0),
            (x0 + 340.0, y0 + 60.0),
            (x0 + 340.0, y0 + 40.0),
        ]);
        let holed = Polygon::new(outer, vec![hole]);
        let lib = StockLibrary::new(vec![
            Parcel::new(
                "L",
                StockKind::Idle,
                LandUse::ydyh("1001"),
                "410821",
                MultiPolygon(vec![l]),
            ),
            Parcel::new(
                "H",
                StockKind::Idle,
                LandUse::ydyh("1001"),
                "410821",
                MultiPolygon(vec![holed]),
            ),
        ]);
        let cache = MeshCache::build(&lib, None);
        let l = cache.get(0).unwrap();
        assert!((tri_area(&l) - 30_000.0).abs() < 1e-3);
        assert_eq!(l.rings().count(), 1);
        let h = cache.get(1).unwrap();
        assert!((tri_area(&h) - 9_600.0).abs() < 1e-3);
        assert_eq!(h.rings().map(|r| r.len()).collect::<Vec<_>>(), vec![4, 4]);
    }
}

#[cfg(test)]
mod sample_controls_tests {
    use std::path::PathBuf;

    /// Every 图斑 of the bundled control layers triangulates to its own area, with indices inside its own vertices
    /// (an index past them would draw a triangle to another feature's corner, across the map).
    #[test]
    fn sample_control_layers_triangulate_to_their_areas() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data/jiaozuo-controls-sample.gpkg");
        let read = crate::ui::read_controls(&[path], &Default::default()).unwrap();
        for (layer, mesh) in read.controls.layers.layers.iter().zip(&read.meshes) {
            for (i, f) in layer.features().iter().enumerate() {
                let m = mesh.get(i as u32).unwrap();
                assert!(
                    m.tris.iter().all(|&t| (t as usize) < m.verts.len()),
                    "{} #{i}: index past its vertices",
                    f.id
                );
                let tri: f64 = m
                    .tris
                    .chunks(3)
                    .map(|t| {
                        let [a, b, c] = [m.verts[t[0] as usize], m.verts[t[1] as usize], m.verts[t[2] as usize]];
                        ((b[0] - a[0]) as f64 * (c[1] - a[1]) as f64 - (c[0] - a[0]) as f64 * (b[1] - a[1]) as f64)
                            .abs()
                            / 2.0
                    })
                    .sum();
                let b = geo::BoundingRect::bounding_rect(&f.geometry).unwrap();
                for ring in m.rings() {
                    for v in ring {
                        let (x, y) = (v[0] as f64 + mesh.origin.x, v[1] as f64 + mesh.origin.y);
                        assert!(
                            x >= b.min().x - 1.0
                                && x <= b.max().x + 1.0
                                && y >= b.min().y - 1.0
                                && y <= b.max().y + 1.0,
                            "{} #{i}: outline point ({x}, {y}) outside its box",
                            f.id
                        );
                    }
                }
                let area = geo::Area::unsigned_area(&f.geometry);
                assert!(
                    (tri - area).abs() <= 1e-3 * area.max(1.0),
                    "{} #{i}: triangles {tri} m², polygon {area} m²",
                    f.id
                );
            }
        }
    }
}

#[cfg(test)]
mod zoomed_out_outline_tests {
    use std::path::PathBuf;

    use egui::epaint::Stroke;
    use egui::{Color32, pos2};

    /// Zoomed out (1 px = 80 m), every control feature's outline tessellates to points near its own box: a point
    /// far outside draws a line across the map.
    #[test]
    fn zoomed_out_outlines_stay_near_their_features() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample-data/jiaozuo-controls-sample.gpkg");
        let read = crate::ui::read_controls(&[path], &Default::default()).unwrap();
        let mut bad = Vec::new();
        for scale in [1.0 / 80.0_f32, 1.0 / 20.0, 1.0 / 300.0] {
            for (layer, mesh) in read.controls.layers.layers.iter().zip(&read.meshes) {
                for i in 0..layer.features().len() {
                    let m = mesh.get(i as u32).unwrap();
                    for ring in m.rings() {
                        let pts: Vec<_> = ring
                            .iter()
                            .map(|v| pos2(100.0 + v[0] * scale, 900.0 - v[1] * scale))
                            .collect();
                        let (mut lo, mut hi) = (pts[0], pts[0]);
                        for p in &pts {
                            lo = lo.min(*p);
                            hi = hi.max(*p);
                        }
                        let mut out = egui::epaint::Mesh::default();
                        super::super::screen_path::add_outline_quads(&mut out, &pts, Stroke::new(1.0, Color32::RED));
                        if out.vertices.iter().any(|v| {
                            !v.pos.is_finite()
                                || v.pos.x < lo.x - 20.0
                                || v.pos.x > hi.x + 20.0
                                || v.pos.y < lo.y - 20.0
                                || v.pos.y > hi.y + 20.0
                        }) {
                            bad.push(format!(
                                "{} {} (1/{})",
                                layer.source,
                                layer.features()[i].id,
                                1.0 / scale
                            ));
                        }
                    }
                }
            }
        }
        assert!(
            bad.is_empty(),
            "{} outlines reach far: {:?}",
            bad.len(),
            &bad[..bad.len().min(10)]
        );
    }
}
