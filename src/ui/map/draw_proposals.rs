//! Proposed red lines (选址建议) on the map: the outline (dashed unless focused) and the label.

use egui::{Color32, Pos2, Shape, Stroke};
use geo::BoundingRect;

use super::layers::ProposalOutline;
use super::style::PROPOSAL;
use super::view::ScreenFromWorld;

pub(super) fn draw_proposals(painter: &egui::Painter, tf: &ScreenFromWorld, proposals: &[ProposalOutline]) {
    // The focused one last, on top.
    let order = proposals
        .iter()
        .filter(|p| !p.focused)
        .chain(proposals.iter().filter(|p| p.focused));
    for p in order {
        let width = if p.focused { 3.0 } else { 1.5 };
        for poly in &p.footprint.0 {
            for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                let pts: Vec<Pos2> = ring.0.iter().map(|c| tf.to_screen(*c)).collect();
                if p.focused {
                    painter.add(Shape::line(pts, Stroke::new(width, PROPOSAL)));
                } else {
                    painter.extend(Shape::dashed_line(&pts, Stroke::new(width, PROPOSAL), 8.0, 5.0));
                }
            }
        }
        if let Some(b) = p.footprint.bounding_rect() {
            let at = tf.to_screen(geo::Coord {
                x: b.center().x,
                y: b.max().y,
            });
            let text_color = if p.focused { Color32::WHITE } else { PROPOSAL };
            let galley = painter.layout_no_wrap(p.label.clone(), egui::FontId::proportional(13.0), text_color);
            let rect = egui::Align2::CENTER_BOTTOM.anchor_size(at, galley.size()).expand(3.0);
            if p.focused {
                painter.rect_filled(rect, 3.0, PROPOSAL);
            } else {
                painter.rect_filled(rect, 3.0, Color32::from_white_alpha(220));
            }
            painter.galley(rect.min + egui::vec2(3.0, 3.0), galley, text_color);
        }
    }
}
