//! 合规性审查: what lies under a polygon. Control layers as plain data (地类图斑 DLTB, 永久基本农田, 生态保护红线,
//! 城镇开发边界, 村庄建设边界, 林地) with an R-tree each; the overlay of a red line, a candidate's increment or a merged
//! group giving the 地类 table with the 田坎 deduction and the areas under each control; findings from the rules
//! in `assets/controls.ron`, each with its clause or, where the opinions are silent, its national source.
//! Pure: reading the layers is `crate::io::control_layers`.

mod candidates;
mod check;
mod count_once;
mod ellipsoid;
mod finding;
mod increment;
mod inside;
mod land_class;
mod layer;
mod overlay;
#[cfg(test)]
mod overlay_tests;
mod piece;
mod problem;
mod report;
mod rules;

pub use candidates::{CandidateControls, apply_penalty, candidate_controls, match_with_controls};
pub use check::{CheckOptions, check_layer};
pub use ellipsoid::{CGCS2000_A, CGCS2000_F, GaussKruger, ToLonLat, ellipsoidal_m2};
pub use finding::{Finding, ProjectContext, findings};
pub use increment::{increment_cultivated_mu, increment_overlay, increment_polygon};
pub use land_class::{LandCatalogue, LandClass, LandGroup, Resolved};
pub use layer::{ControlFeature, ControlLayer, ControlLayers, Ownership, Role, Survey};
pub use overlay::{ClassArea, ControlOverlay, PatchHit, ZoneArea, overlay};
pub use piece::{NOISE_M2, OverlapNote};
pub use problem::{LayerProblem, Outcome};
pub use report::{ControlReport, LandClassMu, ZoneMu};
pub use rules::{ControlRules, ControlRulesError, HardConstraint, OutsideBoundaryRule, RuleEntry, Severity};

/// Overlay and findings in one call: what the CLI and the app show for one polygon.
pub fn review(
    layers: &ControlLayers,
    rules: &ControlRules,
    polygon: &geo::MultiPolygon<f64>,
    ctx: &ProjectContext,
    inv: &dyn ToLonLat,
) -> (ControlOverlay, Vec<Finding>) {
    let o = overlay(layers, &rules.catalogue, polygon, inv);
    let f = findings(&o, rules, ctx);
    (o, f)
}
