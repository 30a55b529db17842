//! The map memory: what the map keeps between frames (view, tool, hover, selection, what is shown). The widget
//! that draws it each frame is [`super::widget`].

use egui::Rect;
use geo::{Contains, Coord, Point};

use super::view::{MapView, ScreenFromWorld};
use crate::library::{ParcelIdx, StockLibrary};

/// What a click on the map does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Tool {
    Navigate,
    Sketch,
}

/// What parcel fills show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FillMode {
    Kind,
    Use,
}

/// How the map was last drawn, for the status bar and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    #[default]
    Empty,
    Density,
    Parcels,
}

/// The map's own state kept between frames (view, tool, hover, selection).
#[derive(Debug, Clone)]
pub struct MapMemory {
    pub view: MapView,
    pub tool: Tool,
    pub fill: FillMode,
    pub show_parcels: bool,
    pub show_labels: bool,
    pub show_sketch: bool,
    pub show_candidates: bool,
    /// County lines and labels (县界).
    pub show_counties: bool,
    /// County outlines drawn in the last frame.
    pub counties_drawn: usize,
    pub snap: bool,
    /// Snap tolerance in screen points.
    pub snap_px: f32,
    pub hover: Option<ParcelIdx>,
    pub selected: Option<ParcelIdx>,
    pub cursor_world: Option<Coord<f64>>,
    /// Screen rectangle of the map in the last frame.
    pub rect: Rect,
    /// A world rectangle to fit at the next frame (zoom to extent / selection).
    pub pending_fit: Option<geo::Rect<f64>>,
    pub detail: Detail,
    /// Parcels (or cells) drawn in the last frame.
    pub drawn: usize,
    /// CPU time of the last map frame (ms).
    pub frame_ms: f32,
    /// The footprint vertex being dragged.
    pub(super) drag_vertex: Option<(super::sketch_rings::RingId, usize)>,
}

impl Default for MapMemory {
    fn default() -> Self {
        Self {
            view: MapView::default(),
            tool: Tool::Navigate,
            fill: FillMode::Kind,
            show_parcels: true,
            show_labels: true,
            show_sketch: true,
            show_candidates: true,
            show_counties: true,
            counties_drawn: 0,
            snap: true,
            snap_px: 10.0,
            hover: None,
            selected: None,
            cursor_world: None,
            rect: Rect::NOTHING,
            pending_fit: None,
            detail: Detail::Empty,
            drawn: 0,
            frame_ms: 0.0,
            drag_vertex: None,
        }
    }
}

impl MapMemory {
    /// The transform of the last frame.
    pub fn transform(&self) -> ScreenFromWorld {
        ScreenFromWorld::new(&self.view, self.rect)
    }

    /// Parcel under a world point: bounding boxes from the R-tree, then point-in-polygon.
    pub fn parcel_at(lib: &StockLibrary, w: Coord<f64>) -> Option<ParcelIdx> {
        let r = geo::Rect::new(w, w);
        let pt = Point(w);
        lib.query_rect(r)
            .find(|&i| lib.parcel(i).is_some_and(|p| p.geometry.contains(&pt)))
    }
}
