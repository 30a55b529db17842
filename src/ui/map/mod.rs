//! The map: its memory kept between frames ([`MapMemory`]: view, tool, hover, selection) apart from the widget drawn
//! each frame ([`MapMemory::show_ui`] with [`MapLayers`]), the drawing, and the footprint editor ([`sketch`]).

pub mod basemap;
pub mod basemap_xyz;
pub mod control_style;
mod county_layer;
mod draw;
mod draw_controls;
mod draw_layers;
mod draw_proposals;
pub mod layer_stack;
mod layers;
pub mod lod;
mod memory;
pub mod mesh_cache;
pub mod reference_view;
mod screen_path;
pub mod sketch;
pub mod sketch_rings;
pub mod style;
pub mod tile_cache;
pub mod view;
mod widget;

pub use county_layer::COUNTY_LINE;
pub use draw::hatch_segments;
pub use layer_stack::{LayerEntry, LayerSource, LayerStack, Live};
pub use layers::{Highlight, MapLayers, ProposalOutline};
pub use memory::{Detail, FillMode, MapMemory, Tool};
