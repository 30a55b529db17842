//! What the map draws besides its own memory, handed to the widget each frame: the library with its meshes and
//! density pyramid, candidate highlights, the 套核 hits and the footprint's part off stock.

use geo::MultiPolygon;

use super::lod::DensityPyramid;
use super::mesh_cache::MeshCache;
use crate::library::{ParcelIdx, StockLibrary};
use crate::model::Lang;

/// A highlighted candidate: parcels and the rank label.
#[derive(Debug, Clone)]
pub struct Highlight {
    pub parcels: Vec<ParcelIdx>,
    pub label: String,
    pub chosen: bool,
}

/// A proposed red line (选址建议), drawn over the parcels with its label; the focused one strongest.
#[derive(Debug, Clone)]
pub struct ProposalOutline {
    pub footprint: MultiPolygon<f64>,
    pub label: String,
    pub focused: bool,
}

/// Everything the map draws besides its own state.
pub struct MapLayers<'a> {
    pub lang: Lang,
    pub library: Option<&'a StockLibrary>,
    pub meshes: Option<&'a MeshCache>,
    pub pyramid: Option<&'a DensityPyramid>,
    pub catalog: Option<&'a crate::model::LandUseCatalog>,
    pub highlights: &'a [Highlight],
    /// Parcels the footprint hits (hatched).
    pub overlay_hits: &'a [ParcelIdx],
    /// The footprint's part off stock (outlined dashed).
    pub remainder: Option<&'a MultiPolygon<f64>>,
    /// Proposed red lines (选址建议).
    pub proposals: &'a [ProposalOutline],
    /// Planning control layers (drawn under the parcels), and which are shown.
    pub controls: Option<&'a crate::ui::ReadControls>,
    pub control_visible: &'a [bool],
    /// County outlines (县界) and the table that names them in the chosen language.
    pub counties: Option<&'a crate::model::CountyBoundaries>,
    pub county_names: Option<&'a crate::model::Counties>,
    /// The layers in drawing order with the basemaps and reference vectors; `None` draws the built-in ones.
    pub stack: Option<&'a super::layer_stack::LayerStack>,
}
