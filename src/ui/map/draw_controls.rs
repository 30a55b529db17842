//! Drawing the planning control layers under the parcels, with the parcels' machinery: the mesh cache for fills
//! and outlines, a bounding quad for a 图斑 smaller than [`QUAD_BELOW_PX`], and at most
//! [`MAX_PARCELS_PER_FRAME`] features a layer per frame (a city-wide DLTB zoomed out shows the quads it has room
//! for and says so in the frame count). Colours from [`super::control_style`].

use egui::{Mesh, Rect, Shape, Stroke};
use geo::{Contains, Coord, Point};

use super::control_style::{self, FILL_ALPHA};
use super::layers::MapLayers;
use super::lod::{MAX_PARCELS_PER_FRAME, QUAD_BELOW_PX};
use super::memory::MapMemory;
use super::screen_path::{add_outline_quads, drawable_ring};
use crate::controls::Role;

impl MapMemory {
    pub(super) fn draw_controls(&mut self, painter: &egui::Painter, layers: &MapLayers<'_>) {
        let Some(read) = layers.controls else { return };
        let tf = self.transform();
        let world = tf.visible_world();
        for (li, layer) in read.controls.layers.layers.iter().enumerate() {
            if !layers.control_visible.get(li).copied().unwrap_or(false) {
                continue;
            }
            let Some(meshes) = read.meshes.get(li) else { continue };
            let st = control_style::layer_swatch(layer.role);
            let filled = matches!(layer.role, Role::LandSurvey | Role::Forest);
            let local = tf.local(meshes.origin);
            let mut fill = Mesh::default();
            let mut lines: Vec<Shape> = Vec::new();
            let mut outline = Mesh::default();
            for i in layer.query_rect(world).take(MAX_PARCELS_PER_FRAME) {
                let (Some(f), Some(m)) = (layer.feature(i), meshes.get(i)) else {
                    continue;
                };
                let Some(b) = geo::BoundingRect::bounding_rect(&f.geometry) else {
                    continue;
                };
                let a = tf.to_screen(Coord {
                    x: b.min().x,
                    y: b.max().y,
                });
                let z = tf.to_screen(Coord {
                    x: b.max().x,
                    y: b.min().y,
                });
                let sr = Rect::from_min_max(a, z);
                let col = control_style::land_fill(&f.code).gamma_multiply_u8(FILL_ALPHA);
                if sr.width().max(sr.height()) < QUAD_BELOW_PX {
                    if filled {
                        fill.add_colored_rect(sr.expand(0.5), col);
                    }
                    continue;
                }
                if filled {
                    let base = fill.vertices.len() as u32;
                    for v in m.verts {
                        fill.colored_vertex(local.apply(*v), col);
                    }
                    fill.indices.extend(m.tris.iter().map(|t| base + t));
                }
                if !filled || sr.width() > 20.0 {
                    for ring in m.rings() {
                        let pts = drawable_ring(ring.iter().map(|v| local.apply(*v)));
                        if pts.is_empty() {
                            continue;
                        }
                        if st.dashed {
                            let mut closed = pts.clone();
                            closed.extend(pts.first().copied());
                            lines.extend(Shape::dashed_line(&closed, st.stroke, 8.0, 5.0));
                        } else {
                            let stroke = if filled {
                                Stroke::new(0.4, st.stroke.color)
                            } else {
                                st.stroke
                            };
                            add_outline_quads(&mut outline, &pts, stroke);
                        }
                    }
                }
            }
            painter.add(Shape::mesh(fill));
            painter.add(Shape::mesh(outline));
            painter.extend(lines);
        }
    }
}

/// The topmost shown control feature under `w`: survey layers last drawn first.
pub(super) fn control_at(layers: &MapLayers<'_>, w: Coord<f64>) -> Option<(usize, u32)> {
    let read = layers.controls?;
    let pt = Point(w);
    read.controls
        .layers
        .layers
        .iter()
        .enumerate()
        .rev()
        .filter(|(li, _)| layers.control_visible.get(*li).copied().unwrap_or(false))
        .find_map(|(li, l)| {
            l.query_rect(geo::Rect::new(w, w))
                .find(|&i| l.feature(i).is_some_and(|f| f.geometry.contains(&pt)))
                .map(|i| (li, i))
        })
}
