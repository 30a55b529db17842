//! The map widget, drawn each frame from the map memory and the layers it is given: navigation, the footprint
//! editor's input (the sketch tool), then the drawing ([`super::draw`]).

use std::time::Instant;

use egui::{Key, Pos2, Rect, Sense, Ui};
use geo::Coord;

use super::draw::{draw_footprint, draw_scale_bar};
use super::layers::MapLayers;
use super::memory::{MapMemory, Tool};
use super::sketch::{self, Sketch};
use super::style;
use crate::library::ParcelIdx;
use crate::ui::i18n::t;

/// What happened on the map this frame.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MapEvents {
    /// A parcel was clicked (identify).
    pub identified: Option<ParcelIdx>,
    pub footprint_changed: bool,
    /// A click that found no parcel: the 图斑 (layer, feature) of the topmost control layer under it.
    pub identified_control: Option<(usize, u32)>,
    /// The map was clicked (identify): what was identified replaces the last answer, even when nothing was.
    pub clicked: bool,
}

impl MapMemory {
    /// Draws the map and handles its input.
    pub fn show_ui(&mut self, ui: &mut Ui, layers: &MapLayers<'_>, footprint: &mut Sketch) -> MapEvents {
        let started = Instant::now();
        let mut ev = MapEvents::default();
        let (rect, resp) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
        let label = t::MAP.get(layers.lang);
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Canvas, true, label));
        self.rect = rect;
        if let Some(w) = self.pending_fit.take() {
            self.view.fit(rect, w);
        }

        // Sketch input first: a drag that grabs a vertex must not also pan the map.
        if self.tool == Tool::Sketch {
            ev.footprint_changed |= self.footprint_input(ui, &resp, layers, footprint);
        }
        self.handle_navigation(ui, &resp, rect);
        let tf = self.transform();
        let pointer = resp.hover_pos();
        self.cursor_world = pointer.map(|p| tf.to_world(p));
        self.hover = match (layers.library, self.cursor_world) {
            (Some(lib), Some(w)) if self.drag_vertex.is_none() => Self::parcel_at(lib, w),
            _ => None,
        };

        match self.tool {
            Tool::Navigate => {
                if resp.clicked() {
                    ev.clicked = true;
                    self.selected = self.hover;
                    ev.identified = self.hover;
                    if self.hover.is_none()
                        && let Some(w) = self.cursor_world
                    {
                        ev.identified_control = super::draw_controls::control_at(layers, w);
                    }
                }
            }
            Tool::Sketch => {}
        }

        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, style::BACKGROUND);
        self.draw_layers(&painter, layers);
        if self.show_sketch {
            draw_footprint(
                &painter,
                &tf,
                footprint,
                self.tool == Tool::Sketch,
                pointer,
                layers.lang,
            );
        }
        self.draw_hover_tooltip(&painter, layers, pointer);
        draw_scale_bar(&painter, rect, self.view.px_per_m);
        self.frame_ms = started.elapsed().as_secs_f32() * 1000.0;
        ev
    }

    fn handle_navigation(&mut self, ui: &Ui, resp: &egui::Response, rect: Rect) {
        let dragging_vertex = self.drag_vertex.is_some();
        if resp.dragged() && !dragging_vertex && !(self.tool == Tool::Sketch && self.sketch_drag_claimed(resp)) {
            self.view.pan(resp.drag_delta());
        }
        if resp.hovered() {
            let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let anchor = resp.hover_pos().unwrap_or(rect.center());
            if scroll != 0.0 {
                self.view.zoom_at(rect, anchor, f64::from((scroll * 0.0025).exp()));
            }
            if zoom != 1.0 {
                self.view.zoom_at(rect, anchor, f64::from(zoom));
            }
        }
        if !ui.ctx().egui_wants_keyboard_input() {
            let (plus, minus) = ui.input(|i| {
                (
                    i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals),
                    i.key_pressed(Key::Minus),
                )
            });
            if plus {
                self.view.zoom_at(rect, rect.center(), 1.5);
            }
            if minus {
                self.view.zoom_at(rect, rect.center(), 1.0 / 1.5);
            }
        }
    }

    fn sketch_drag_claimed(&self, _resp: &egui::Response) -> bool {
        self.drag_vertex.is_some()
    }

    /// Snaps a screen position to parcel vertices/edges within `snap_px`, when snapping is on.
    fn snapped(&self, layers: &MapLayers<'_>, p: Pos2) -> Coord<f64> {
        let tf = self.transform();
        let w = tf.to_world(p);
        let Some(lib) = layers.library.filter(|_| self.snap) else {
            return w;
        };
        let tol = f64::from(self.snap_px) / self.view.px_per_m;
        let r = geo::Rect::new(
            Coord {
                x: w.x - tol,
                y: w.y - tol,
            },
            Coord {
                x: w.x + tol,
                y: w.y + tol,
            },
        );
        let rings: Vec<&[Coord<f64>]> = lib
            .query_rect(r)
            .take(64)
            .filter_map(|i| lib.parcel(i))
            .flat_map(|p| p.geometry.0.iter())
            .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
            .map(|ls| ls.0.as_slice())
            .collect();
        sketch::snap(w, tol, rings).map(|(c, _)| c).unwrap_or(w)
    }

    /// The sketch tool editing the footprint: add, drag, insert, finish, undo. True when the footprint changed.
    fn footprint_input(&mut self, ui: &Ui, resp: &egui::Response, layers: &MapLayers<'_>, s: &mut Sketch) -> bool {
        let tf = self.transform();
        let mut changed = false;
        let handle_m = 8.0 / self.view.px_per_m;
        if resp.drag_started()
            && let Some(p) = resp.interact_pointer_pos()
        {
            let w = tf.to_world(p);
            // Press-drag origin is where the press began.
            let origin = ui
                .input(|i| i.pointer.press_origin())
                .map(|o| tf.to_world(o))
                .unwrap_or(w);
            // Any ring: the drawn one, a hole, or a further part of an imported red line.
            if let Some(hit) = s.hit_any_vertex(origin, handle_m) {
                s.checkpoint();
                self.drag_vertex = Some(hit);
            } else if let Some((id, i, q)) = s.hit_any_edge(origin, handle_m) {
                s.insert_in_ring(id, i, q);
                self.drag_vertex = Some((id, i));
                changed = true;
            }
        }
        // A right-click on a vertex deletes it (a hole or part left with fewer than three vertices goes).
        if resp.secondary_clicked()
            && let Some(p) = resp.interact_pointer_pos()
            && let Some((id, i)) = s.hit_any_vertex(tf.to_world(p), handle_m)
        {
            changed |= s.delete_vertex(id, i);
        }
        if let Some((id, i)) = self.drag_vertex {
            if let Some(p) = resp.interact_pointer_pos()
                && resp.dragged()
            {
                let w = self.snapped(layers, p);
                s.move_ring_vertex(id, i, w);
                changed = true;
            }
            if resp.drag_stopped() || !ui.input(|i| i.pointer.any_down()) {
                self.drag_vertex = None;
                changed = true;
            }
        }
        if resp.double_clicked() {
            // The double-click's first click added a vertex already.
            changed |= s.finish();
        } else if resp.clicked()
            && let Some(p) = resp.interact_pointer_pos()
        {
            // A click on the last vertex adds nothing (the second click of a double-click lands here too).
            let on_last = !s.closed && s.vertices.last().is_some_and(|v| (tf.to_screen(*v) - p).length() < 4.0);
            if !on_last {
                s.push(self.snapped(layers, p));
                changed = true;
            }
        }
        if !ui.ctx().egui_wants_keyboard_input() {
            let (enter, esc, back, undo, redo) = ui.input(|i| {
                let cmd = i.modifiers.command;
                (
                    i.key_pressed(Key::Enter),
                    i.key_pressed(Key::Escape),
                    i.key_pressed(Key::Backspace),
                    cmd && !i.modifiers.shift && i.key_pressed(Key::Z),
                    cmd && (i.key_pressed(Key::Y) || (i.modifiers.shift && i.key_pressed(Key::Z))),
                )
            });
            if enter {
                changed |= s.finish();
            }
            if esc && !s.closed {
                s.clear();
                changed = true;
            }
            if back {
                s.pop();
                changed = true;
            }
            if undo {
                s.undo();
                changed = true;
            }
            if redo {
                s.redo();
                changed = true;
            }
        }
        changed
    }
}
