//! The map's layers in drawing order, bottom first: basemaps (rasters, the online layer), the planning controls,
//! the parcels, reference vectors and the county lines. The officer orders, shows and hides them in the layer
//! panel; the project file keeps them as paths, order and visibility (never a tile key).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::basemap::RasterView;
use super::basemap_xyz::XyzView;
use super::reference_view::{REFERENCE_COLOURS, ReferenceView};
use crate::io::crs::WorkingCrs;

fn yes() -> bool {
    true
}
fn one() -> f32 {
    1.0
}
fn default_max_zoom() -> u8 {
    18
}

/// What a layer shows, as the project file stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum LayerSource {
    Parcels,
    Controls,
    Counties,
    /// A GDAL raster (DOM GeoTIFF, MBTiles, GeoPackage tiles).
    Raster {
        path: PathBuf,
        #[serde(default)]
        assume_working_crs: bool,
    },
    /// An online XYZ / WMTS template; `{key}` stands for the officer's key, kept outside the project.
    Xyz {
        template: String,
        #[serde(default = "default_max_zoom")]
        max_zoom: u8,
    },
    /// A GDAL vector layer shown for reference, labelled from one field.
    Reference {
        path: PathBuf,
        #[serde(default)]
        layer: Option<String>,
        #[serde(default)]
        label_field: Option<String>,
    },
}

impl LayerSource {
    pub fn is_builtin(&self) -> bool {
        matches!(
            self,
            LayerSource::Parcels | LayerSource::Controls | LayerSource::Counties
        )
    }
}

/// One layer in the project file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerEntry {
    pub source: LayerSource,
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default = "one")]
    pub opacity: f32,
}

impl LayerEntry {
    pub fn new(source: LayerSource) -> Self {
        Self {
            source,
            visible: true,
            opacity: 1.0,
        }
    }
}

/// What draws a layer that is not built in.
pub enum Live {
    Builtin,
    Raster(RasterView),
    Xyz(XyzView),
    Reference(ReferenceView),
}

pub struct MapLayer {
    pub entry: LayerEntry,
    pub live: Live,
}

impl MapLayer {
    fn new(entry: LayerEntry, colour_index: usize) -> Self {
        let live = match &entry.source {
            LayerSource::Raster {
                path,
                assume_working_crs,
            } => Live::Raster(RasterView::new(path.clone(), *assume_working_crs)),
            LayerSource::Xyz { template, max_zoom } => Live::Xyz(XyzView::new(template.clone(), *max_zoom)),
            LayerSource::Reference {
                path,
                layer,
                label_field,
            } => Live::Reference(ReferenceView::new(
                path.clone(),
                layer.clone(),
                label_field.clone(),
                REFERENCE_COLOURS[colour_index % REFERENCE_COLOURS.len()],
            )),
            _ => Live::Builtin,
        };
        Self { entry, live }
    }
}

/// The layers, bottom first.
pub struct LayerStack {
    pub layers: Vec<MapLayer>,
    /// Parcels and county-line visibility read from a project file, for the map memory to take.
    pub restored_flags: Option<(bool, bool)>,
    pub working: WorkingCrs,
}

impl Default for LayerStack {
    fn default() -> Self {
        Self {
            layers: [LayerSource::Controls, LayerSource::Parcels, LayerSource::Counties]
                .into_iter()
                .map(|s| MapLayer::new(LayerEntry::new(s), 0))
                .collect(),
            restored_flags: None,
            working: WorkingCrs::Zone38,
        }
    }
}

impl LayerStack {
    /// The layers as the project file keeps them.
    pub fn entries(&self) -> Vec<LayerEntry> {
        self.layers.iter().map(|l| l.entry.clone()).collect()
    }

    /// Takes the layers of a project file; a built-in layer it lacks goes where it is by default.
    pub fn set_entries(&mut self, entries: Vec<LayerEntry>) {
        if entries.is_empty() {
            return;
        }
        let flag = |s: &LayerSource| {
            entries
                .iter()
                .find(|e| &e.source == s)
                .map(|e| e.visible)
                .unwrap_or(true)
        };
        self.restored_flags = Some((flag(&LayerSource::Parcels), flag(&LayerSource::Counties)));
        let mut old: Vec<MapLayer> = std::mem::take(&mut self.layers);
        let mut colour = 0;
        for e in entries {
            // A layer already open with the same source keeps its tiles.
            let kept = old
                .iter()
                .position(|l| l.entry.source == e.source)
                .map(|i| old.remove(i));
            let layer = match kept {
                Some(mut l) => {
                    l.entry = e;
                    l
                }
                None => MapLayer::new(e, colour),
            };
            if matches!(layer.live, Live::Reference(_)) {
                colour += 1;
            }
            if !self.layers.iter().any(|l| l.entry.source == layer.entry.source) {
                self.layers.push(layer);
            }
        }
        for (i, b) in [LayerSource::Controls, LayerSource::Parcels, LayerSource::Counties]
            .into_iter()
            .enumerate()
        {
            if !self.layers.iter().any(|l| l.entry.source == b) {
                let at = if i == 2 { self.layers.len() } else { 0 };
                self.layers.insert(at, MapLayer::new(LayerEntry::new(b), 0));
            }
        }
    }

    /// Adds a layer: basemaps at the bottom, reference vectors just under the county lines. Returns its index, or
    /// `None` when the same source is there already.
    pub fn add(&mut self, source: LayerSource) -> Option<usize> {
        if self.layers.iter().any(|l| l.entry.source == source) {
            return None;
        }
        let refs = self
            .layers
            .iter()
            .filter(|l| matches!(l.live, Live::Reference(_)))
            .count();
        let at = match source {
            LayerSource::Reference { .. } => self
                .layers
                .iter()
                .position(|l| l.entry.source == LayerSource::Counties)
                .unwrap_or(self.layers.len()),
            _ => 0,
        };
        self.layers.insert(at, MapLayer::new(LayerEntry::new(source), refs));
        Some(at)
    }

    /// Removes an added layer (built-in ones stay).
    pub fn remove(&mut self, i: usize) {
        if self.layers.get(i).is_some_and(|l| !l.entry.source.is_builtin()) {
            self.layers.remove(i);
        }
    }

    /// Moves layer `i` one place up (drawn later, over its neighbour).
    pub fn raise(&mut self, i: usize) {
        if i + 1 < self.layers.len() {
            self.layers.swap(i, i + 1);
        }
    }

    pub fn lower(&mut self, i: usize) {
        if i > 0 && i < self.layers.len() {
            self.layers.swap(i, i - 1);
        }
    }

    /// Keeps the built-in entries' visibility in step with the map memory (which owns those flags).
    pub fn sync_flags(&mut self, parcels: bool, counties: bool) {
        for l in &mut self.layers {
            match l.entry.source {
                LayerSource::Parcels => l.entry.visible = parcels,
                LayerSource::Counties => l.entry.visible = counties,
                _ => {}
            }
        }
    }

    /// Once a frame: workers started, tiles taken in and uploaded. Hidden layers do no work.
    pub fn prepare(&mut self, ctx: &egui::Context) {
        let working = self.working;
        for l in &mut self.layers {
            if !l.entry.visible {
                continue;
            }
            match &mut l.live {
                Live::Raster(r) => r.prepare(ctx, working),
                Live::Xyz(x) => x.prepare(ctx, working),
                Live::Reference(r) => r.prepare(ctx, working),
                Live::Builtin => {}
            }
        }
    }

    /// The raster basemaps.
    pub fn rasters(&self) -> impl Iterator<Item = &RasterView> {
        self.layers.iter().filter_map(|l| match &l.live {
            Live::Raster(r) => Some(r),
            _ => None,
        })
    }

    /// Basemap tiles drawn in the last frame (rasters and online).
    pub fn tiles_drawn(&self) -> usize {
        self.layers
            .iter()
            .map(|l| match &l.live {
                Live::Raster(r) => r.drawn.get(),
                Live::Xyz(x) => x.drawn.get(),
                _ => 0,
            })
            .sum()
    }

    pub fn controls_visible(&self) -> bool {
        self.layers
            .iter()
            .find(|l| l.entry.source == LayerSource::Controls)
            .is_none_or(|l| l.entry.visible)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basemaps_go_to_the_bottom_references_under_the_county_lines_and_order_round_trips() {
        let mut s = LayerStack::default();
        let raster = LayerSource::Raster {
            path: "dom.tif".into(),
            assume_working_crs: false,
        };
        let roads = LayerSource::Reference {
            path: "roads.gpkg".into(),
            layer: None,
            label_field: Some("NAME".into()),
        };
        assert_eq!(s.add(raster.clone()), Some(0));
        assert_eq!(s.add(raster.clone()), None, "the same raster twice");
        s.add(roads.clone());
        let order: Vec<LayerSource> = s.entries().into_iter().map(|e| e.source).collect();
        assert_eq!(
            order,
            vec![
                raster.clone(),
                LayerSource::Controls,
                LayerSource::Parcels,
                roads.clone(),
                LayerSource::Counties
            ]
        );
        s.raise(0);
        s.layers[1].entry.visible = false;
        let saved = s.entries();
        let mut t = LayerStack::default();
        t.set_entries(saved.clone());
        assert_eq!(t.entries(), saved);
        assert_eq!(t.entries()[1].source, raster);
        // Built-in layers cannot be removed; added ones can.
        t.remove(0);
        t.remove(1);
        assert_eq!(t.layers.len(), 4);
        assert!(!t.entries().iter().any(|e| e.source == raster));
    }
}
