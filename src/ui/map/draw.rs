//! Drawing the map: parcels (meshes, quads or density cells by zoom), the 套核 overlay, candidates, the footprint
//! and the scale bar.

use egui::{Align2, Color32, FontId, Mesh, Pos2, Rect, Shape, Stroke, Vec2, pos2};
use geo::Coord;

use super::layers::MapLayers;
use super::lod::{MAX_PARCELS_PER_FRAME, QUAD_BELOW_PX, too_many_in_view};
use super::memory::{Detail, FillMode, MapMemory};
use super::screen_path::drawable_ring;
use super::sketch::{self, Sketch};
use super::style::{self, USE_GROUPS, kind_color, use_color};
use super::view::{ScreenFromWorld, scale_bar_metres};
use crate::library::ParcelIdx;
use crate::model::Lang;
use crate::ui::i18n::{mu_ha, t};

impl MapMemory {
    fn fill_of(&self, p: &crate::model::Parcel) -> Color32 {
        match self.fill {
            FillMode::Kind => kind_color(p.kind),
            FillMode::Use => use_color(&p.planned_use),
        }
    }

    pub(super) fn draw_parcels(&mut self, painter: &egui::Painter, layers: &MapLayers<'_>) {
        self.detail = Detail::Empty;
        self.drawn = 0;
        let (Some(lib), Some(meshes)) = (layers.library, layers.meshes) else {
            return;
        };
        if !self.show_parcels {
            return;
        }
        let tf = self.transform();
        let world = tf.visible_world();
        if let Some(pyr) = layers.pyramid
            && too_many_in_view(lib, world, MAX_PARCELS_PER_FRAME)
        {
            self.detail = Detail::Density;
            let level = pyr.level_for(self.view.px_per_m);
            let mut mesh = Mesh::default();
            for (r, cell) in pyr.cells_in(level, world) {
                let col = match self.fill {
                    FillMode::Kind => kind_color(cell.dominant_kind()),
                    FillMode::Use => USE_GROUPS[cell.dominant_use_group()].3,
                };
                let a = tf.to_screen(Coord {
                    x: r.min().x,
                    y: r.max().y,
                });
                let b = tf.to_screen(Coord {
                    x: r.max().x,
                    y: r.min().y,
                });
                mesh.add_colored_rect(Rect::from_min_max(a, b), col);
                self.drawn += 1;
            }
            painter.add(Shape::mesh(mesh));
            return;
        }
        self.detail = Detail::Parcels;
        let local = tf.local(meshes.origin);
        let mut fill = Mesh::default();
        let mut outlines: Vec<Shape> = Vec::new();
        let mut labels: Vec<(Pos2, String)> = Vec::new();
        let outline_stroke = Stroke::new(0.6, style::OUTLINE);
        for i in lib.query_rect(world) {
            let (Some(p), Some(m)) = (lib.parcel(i), meshes.get(i)) else {
                continue;
            };
            self.drawn += 1;
            let col = self.fill_of(p);
            let Some(b) = p.bbox() else { continue };
            let a = tf.to_screen(Coord {
                x: b.min().x,
                y: b.max().y,
            });
            let z = tf.to_screen(Coord {
                x: b.max().x,
                y: b.min().y,
            });
            let sr = Rect::from_min_max(a, z);
            if sr.width().max(sr.height()) < QUAD_BELOW_PX {
                fill.add_colored_rect(sr.expand(0.5), col);
                continue;
            }
            let base = fill.vertices.len() as u32;
            for v in m.verts {
                fill.colored_vertex(local.apply(*v), col);
            }
            fill.indices.extend(m.tris.iter().map(|t| base + t));
            if sr.width() > 12.0 {
                for ring in m.rings() {
                    let pts = drawable_ring(ring.iter().map(|v| local.apply(*v)));
                    if !pts.is_empty() {
                        outlines.push(Shape::closed_line(pts, outline_stroke));
                    }
                }
            }
            if self.show_labels && sr.width() > 60.0 {
                labels.push((sr.center(), p.id.clone()));
            }
        }
        painter.add(Shape::mesh(fill));
        painter.extend(outlines);
        if labels.len() <= 400 {
            for (pos, text) in labels {
                painter.text(
                    pos,
                    Align2::CENTER_CENTER,
                    text,
                    FontId::proportional(11.0),
                    Color32::BLACK,
                );
            }
        }
    }

    fn outline_parcel(&self, painter: &egui::Painter, layers: &MapLayers<'_>, i: ParcelIdx, stroke: Stroke) {
        let Some(m) = layers.meshes.and_then(|c| c.get(i)) else {
            return;
        };
        let Some(origin) = layers.meshes.map(|c| c.origin) else {
            return;
        };
        let local = self.transform().local(origin);
        for ring in m.rings() {
            let pts = drawable_ring(ring.iter().map(|v| local.apply(*v)));
            if pts.is_empty() {
                continue;
            }
            painter.add(Shape::closed_line(pts, stroke));
        }
    }

    pub(super) fn draw_overlay(&self, painter: &egui::Painter, layers: &MapLayers<'_>) {
        let tf = self.transform();
        if let Some(meshes) = layers.meshes {
            let local = tf.local(meshes.origin);
            for &i in layers.overlay_hits {
                if let Some(m) = meshes.get(i) {
                    let rings: Vec<Vec<Pos2>> =
                        m.rings().map(|r| r.iter().map(|v| local.apply(*v)).collect()).collect();
                    for [a, b] in hatch_segments(&rings, 7.0) {
                        painter.line_segment([a, b], Stroke::new(1.0, Color32::from_rgb(180, 0, 0)));
                    }
                }
            }
        }
        if let Some(rem) = layers.remainder {
            for poly in &rem.0 {
                for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                    let pts: Vec<Pos2> = ring.0.iter().map(|c| tf.to_screen(*c)).collect();
                    painter.extend(Shape::dashed_line(
                        &pts,
                        Stroke::new(2.0, Color32::from_rgb(200, 0, 0)),
                        6.0,
                        4.0,
                    ));
                }
            }
        }
        super::draw_proposals::draw_proposals(painter, &tf, layers.proposals);
        if self.show_candidates {
            for h in layers.highlights {
                let stroke = Stroke::new(if h.chosen { 4.0 } else { 2.5 }, style::CANDIDATE);
                let mut label_at: Option<Pos2> = None;
                for &i in &h.parcels {
                    self.outline_parcel(painter, layers, i, stroke);
                    if let Some(b) = layers.library.and_then(|l| l.parcel(i)).and_then(|p| p.bbox()) {
                        label_at.get_or_insert(tf.to_screen(b.center()));
                    }
                }
                if let Some(pos) = label_at {
                    painter.circle_filled(pos, 10.0, style::CANDIDATE);
                    painter.text(
                        pos,
                        Align2::CENTER_CENTER,
                        &h.label,
                        FontId::proportional(12.0),
                        Color32::WHITE,
                    );
                }
            }
        }
        if let Some(i) = self.selected {
            self.outline_parcel(painter, layers, i, Stroke::new(3.0, style::SELECTED));
        }
        if let Some(i) = self.hover {
            self.outline_parcel(painter, layers, i, Stroke::new(2.0, style::HOVER));
        }
    }

    pub(super) fn draw_hover_tooltip(&self, painter: &egui::Painter, layers: &MapLayers<'_>, pointer: Option<Pos2>) {
        let (Some(i), Some(lib), Some(pos)) = (self.hover, layers.library, pointer) else {
            return;
        };
        let Some(p) = lib.parcel(i) else { return };
        let lang = layers.lang;
        let use_name = layers
            .catalog
            .map(|c| {
                if lang == Lang::Zh {
                    c.name_zh(&p.planned_use)
                } else {
                    c.name_en(&p.planned_use)
                }
            })
            .unwrap_or_else(|| p.planned_use.code.clone());
        let text = format!(
            "{}: {}\n{}: {}\n{}: {} {}\n{}",
            t::COL_ID.get(lang),
            p.id,
            t::COL_KIND.get(lang),
            lang.pick(p.kind.zh(), p.kind.en()),
            t::COL_USE.get(lang),
            p.planned_use.code,
            use_name,
            mu_ha(lang, p.area),
        );
        let galley = painter.layout_no_wrap(text, FontId::proportional(12.0), Color32::BLACK);
        let at = pos + Vec2::new(14.0, 14.0);
        let r = Rect::from_min_size(at, galley.size()).expand(4.0);
        painter.rect_filled(r, 3.0, Color32::from_rgba_unmultiplied(255, 255, 240, 235));
        painter.rect_stroke(r, 3.0, Stroke::new(1.0, Color32::GRAY), egui::StrokeKind::Inside);
        painter.galley(at, galley, Color32::BLACK);
    }
}

/// The footprint (red line) as the sketch tool edits it: filled, outlined, vertices, its area at the centroid.
pub(super) fn draw_footprint(
    painter: &egui::Painter,
    tf: &ScreenFromWorld,
    s: &Sketch,
    active: bool,
    pointer: Option<Pos2>,
    lang: Lang,
) {
    if s.vertices.is_empty() {
        return;
    }
    let pts: Vec<Pos2> = s.vertices.iter().map(|c| tf.to_screen(*c)).collect();
    // Every part, holes left open. Concave sketches need triangles, not a convex fan.
    for poly in &s.multipolygon().0 {
        let o = poly.exterior().0[0];
        use geo::{MapCoords, TriangulateEarcut};
        let raw = poly.map_coords(|c| c - o).earcut_triangles_raw();
        let mut mesh = Mesh::default();
        let fill = Color32::from_rgba_unmultiplied(220, 0, 0, 50);
        for v in &raw.vertices {
            mesh.colored_vertex(
                tf.to_screen(Coord {
                    x: v[0] + o.x,
                    y: v[1] + o.y,
                }),
                fill,
            );
        }
        mesh.indices.extend(raw.triangle_indices.iter().map(|&i| i as u32));
        painter.add(Shape::mesh(mesh));
    }
    let stroke = Stroke::new(2.0, style::SKETCH);
    // Holes and further parts are closed rings with their own vertex handles.
    for (id, ring) in s.rings() {
        if id.part == 0 && id.ring == 0 {
            continue;
        }
        let ring_pts: Vec<Pos2> = ring.iter().map(|c| tf.to_screen(*c)).collect();
        painter.add(Shape::closed_line(ring_pts.clone(), stroke));
        for p in &ring_pts {
            painter.circle(*p, 4.0, Color32::WHITE, stroke);
        }
    }
    if s.closed {
        painter.add(Shape::closed_line(pts.clone(), stroke));
    } else {
        painter.add(Shape::line(pts.clone(), stroke));
        if let (true, Some(p), Some(last)) = (active, pointer, pts.last()) {
            painter.extend(Shape::dashed_line(
                &[*last, p, pts[0]],
                Stroke::new(1.0, style::SKETCH),
                5.0,
                4.0,
            ));
        }
    }
    for p in &pts {
        painter.circle(*p, 4.0, Color32::WHITE, stroke);
    }
    if pts.len() >= 3
        && let Some(c) = sketch::centroid(&s.vertices)
    {
        // The whole footprint's area (holes out, parts in), at the first part's centroid.
        let text = mu_ha(lang, s.area());
        painter.text(
            tf.to_screen(c),
            Align2::CENTER_CENTER,
            text,
            FontId::proportional(13.0),
            style::SKETCH,
        );
    }
}

pub(super) fn draw_scale_bar(painter: &egui::Painter, rect: Rect, px_per_m: f64) {
    let m = scale_bar_metres(px_per_m, 120.0);
    let len = (m * px_per_m) as f32;
    let y = rect.bottom() - 16.0;
    let x = rect.left() + 16.0;
    let s = Stroke::new(2.0, Color32::BLACK);
    painter.line_segment([pos2(x, y), pos2(x + len, y)], s);
    painter.line_segment([pos2(x, y - 5.0), pos2(x, y)], s);
    painter.line_segment([pos2(x + len, y - 5.0), pos2(x + len, y)], s);
    let text = if m >= 1000.0 {
        format!("{} km", m / 1000.0)
    } else {
        format!("{m} m")
    };
    painter.text(
        pos2(x + len / 2.0, y - 4.0),
        Align2::CENTER_BOTTOM,
        text,
        FontId::proportional(11.0),
        Color32::BLACK,
    );
}

/// Diagonal hatch segments (lines x − y = k every `spacing` points) inside the rings (even-odd, so holes stay open).
pub fn hatch_segments(rings: &[Vec<Pos2>], spacing: f32) -> Vec<[Pos2; 2]> {
    // Rotate 45° so hatch lines are horizontal: u = x − y is constant on a line, v = x + y runs along it.
    let uv = |p: Pos2| (p.x - p.y, p.x + p.y);
    let (mut umin, mut umax) = (f32::INFINITY, f32::NEG_INFINITY);
    for r in rings {
        for p in r {
            let (u, _) = uv(*p);
            umin = umin.min(u);
            umax = umax.max(u);
        }
    }
    let mut out = Vec::new();
    if !umin.is_finite() || umax - umin > 20_000.0 {
        return out;
    }
    let mut k = (umin / spacing).ceil() * spacing;
    while k <= umax {
        let mut vs: Vec<f32> = Vec::new();
        for r in rings {
            for i in 0..r.len() {
                let (u1, v1) = uv(r[i]);
                let (u2, v2) = uv(r[(i + 1) % r.len()]);
                if (u1 <= k) != (u2 <= k) {
                    vs.push(v1 + (k - u1) / (u2 - u1) * (v2 - v1));
                }
            }
        }
        vs.sort_by(f32::total_cmp);
        for pair in vs.chunks_exact(2) {
            // Back from (u, v): x = (u + v)/2, y = (v − u)/2.
            let a = pos2((k + pair[0]) / 2.0, (pair[0] - k) / 2.0);
            let b = pos2((k + pair[1]) / 2.0, (pair[1] - k) / 2.0);
            out.push([a, b]);
        }
        k += spacing;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hatching_a_square_stays_inside_it() {
        let sq = vec![pos2(0.0, 0.0), pos2(10.0, 0.0), pos2(10.0, 10.0), pos2(0.0, 10.0)];
        let segs = hatch_segments(&[sq], 5.0);
        // u = x − y spans −10…10: lines at −10, −5, 0, 5, 10; the corner lines ±10 touch a single point.
        assert!(segs.len() >= 3);
        for [a, b] in segs {
            for p in [a, b] {
                assert!(
                    p.x >= -1e-4 && p.x <= 10.0001 && p.y >= -1e-4 && p.y <= 10.0001,
                    "{p:?}"
                );
            }
            assert!(((a.x - a.y) - (b.x - b.y)).abs() < 1e-4, "on one hatch line");
        }
    }
}
