//! The synthetic stock library: deterministic, documented, and clearly not real data.
//!
//! Parcels come from town, industrial-park and village clusters around each county seat. Each cluster is a street
//! grid of blocks; a block is cut into lots (guillotine cuts), and some lots are stock. So parcels never overlap,
//! neighbours often share an edge (as merged candidates need), sizes follow a skewed (log-normal) law clipped to
//! 2–400 亩, and a few parcels are L-shaped or have a hole.

mod clusters;
mod generator;
mod lots;
mod profile;
mod rng;
mod spec;

pub use generator::generate;
pub use profile::ClusterKind;
pub use rng::SplitMix64;
pub use spec::SampleSpec;
