//! The synthetic stock library and its planning control layers: deterministic, documented, and clearly not real
//! data.
//!
//! Parcels come from town, industrial-park and village clusters around each county seat. Each cluster is a street
//! grid of blocks; a block is cut into lots (guillotine cuts), and some lots are stock. So parcels never overlap,
//! neighbours often share an edge (as merged candidates need), sizes follow a skewed (log-normal) law clipped to
//! 2–400 亩, and a few parcels are L-shaped or have a hole.
//!
//! The control layers (`generate_controls`) tile the same area into 地类图斑 around that stock and draw the
//! planning lines over them.

mod clusters;
mod control_generate;
mod control_layers;
mod control_zones;
mod dltb_classes;
mod generator;
mod lots;
mod profile;
mod rng;
mod spec;
mod tiling;

pub use control_generate::generate_controls;
pub use control_layers::{BOUNDARY_ZONES, ControlLayers, ControlSpec, DltbPatch, FarmlandPatch, River, Zone};
pub use dltb_classes::{CODES as DLTB_CODES, is_cultivated};
pub use generator::generate;
pub use profile::ClusterKind;
pub use rng::SplitMix64;
pub use spec::SampleSpec;
