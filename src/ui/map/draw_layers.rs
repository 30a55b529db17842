//! Drawing the layers in the stack's order ([`super::layer_stack`]): basemaps, controls, parcels with their 套核
//! overlay, reference vectors and county lines, each when shown.

use super::layer_stack::{LayerSource, Live};
use super::layers::MapLayers;
use super::memory::MapMemory;

impl MapMemory {
    /// Draws the layers in the stack's order (the built-in ones as before when there is no stack).
    pub(super) fn draw_layers(&mut self, painter: &egui::Painter, layers: &MapLayers<'_>) {
        let Some(stack) = layers.stack else {
            self.draw_controls(painter, layers);
            self.draw_parcels(painter, layers);
            self.draw_overlay(painter, layers);
            self.draw_counties(painter, layers);
            return;
        };
        let tf = self.transform();
        let mut counties_drawn = false;
        for l in &stack.layers {
            match (&l.entry.source, &l.live) {
                (LayerSource::Parcels, _) => {
                    self.draw_parcels(painter, layers);
                    self.draw_overlay(painter, layers);
                }
                (LayerSource::Controls, _) if l.entry.visible => self.draw_controls(painter, layers),
                (LayerSource::Counties, _) => {
                    self.draw_counties(painter, layers);
                    counties_drawn = true;
                }
                (_, Live::Raster(r)) if l.entry.visible => r.draw(painter, &tf, l.entry.opacity),
                (_, Live::Xyz(x)) if l.entry.visible => x.draw(painter, &tf, l.entry.opacity),
                (_, Live::Reference(r)) if l.entry.visible => r.draw(painter, &tf, self.show_labels),
                (_, Live::Raster(r)) => r.drawn.set(0),
                (_, Live::Xyz(x)) => x.drawn.set(0),
                (_, Live::Reference(r)) => r.drawn.set(0),
                _ => {}
            }
        }
        if !counties_drawn {
            self.counties_drawn = 0;
        }
    }
}
