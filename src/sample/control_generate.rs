//! The synthetic control layers in one call: the 地类图斑 tiling first, then the planning lines drawn over it.

use geo::Polygon;

use super::SplitMix64;
use super::control_layers::{ControlLayers, ControlSpec, dltb_patches};
use super::control_zones::{permanent_farmland, zones};
use crate::model::Parcel;

/// Generates the control layers; `ellipsoidal_m2` gives a polygon's 椭球面积 (the edge knows the projection).
pub fn generate_controls(
    spec: &ControlSpec,
    parcels: &[Parcel],
    ellipsoidal_m2: &dyn Fn(&Polygon<f64>) -> f64,
) -> ControlLayers {
    let mut rng = SplitMix64::new(spec.seed ^ 0xD17B_0000);
    let (land, dltb) = dltb_patches(spec, parcels, ellipsoidal_m2, &mut rng);
    let zones = zones(spec, &land, &mut rng);
    let farmland = permanent_farmland(&dltb, &zones, parcels, &mut rng);
    ControlLayers {
        dltb,
        farmland,
        redline: zones.redline,
        boundary: zones.boundary,
        villages: zones.villages,
    }
}
