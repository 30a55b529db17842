//! The machine contract of `stockfirst controls --json` (and each candidate of `match --layers`): exactly these
//! keys, areas in 亩. A value is `null` when the layer it needs was not given: unknown is not zero.

use serde::Serialize;

use super::finding::Finding;
use super::layer::Role;
use super::overlay::ControlOverlay;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LandClassMu {
    pub code: String,
    pub name: String,
    pub mu: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneMu {
    pub zone: String,
    pub mu: f64,
}

/// The review of one polygon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ControlReport {
    pub land_classes: Vec<LandClassMu>,
    pub cultivated_mu: Option<f64>,
    pub tiankan_mu: Option<f64>,
    pub permanent_basic_farmland_mu: Option<f64>,
    pub ecological_redline_mu: Option<f64>,
    pub development_boundary: Vec<ZoneMu>,
    pub outside_development_boundary_mu: Option<f64>,
    pub ellipsoidal_mu: f64,
    pub findings: Vec<Finding>,
}

/// 亩 of an area, with the negative zero of an empty sum made plain zero.
fn mu(a: crate::model::Area) -> f64 {
    a.mu() + 0.0
}

impl ControlReport {
    /// ```
    /// use stockfirst::controls::{ControlOverlay, ControlReport, Role};
    /// use stockfirst::model::Area;
    /// let o = ControlOverlay { roles: vec![Role::LandSurvey], cultivated: Area::from_mu(6.75), ..Default::default() };
    /// let r = ControlReport::new(&o, vec![]);
    /// assert_eq!(r.cultivated_mu, Some(6.75));
    /// assert_eq!(r.permanent_basic_farmland_mu, None); // no 永久基本农田 layer: unknown
    /// ```
    pub fn new(o: &ControlOverlay, findings: Vec<Finding>) -> Self {
        let has = |r: Role| o.roles.contains(&r);
        let when = |r: Role, mu: f64| has(r).then_some(mu);
        Self {
            land_classes: o
                .land_classes
                .iter()
                .map(|c| LandClassMu {
                    code: c.code.clone(),
                    name: c.name.clone(),
                    mu: mu(c.area),
                })
                .collect(),
            cultivated_mu: when(Role::LandSurvey, mu(o.cultivated)),
            tiankan_mu: when(Role::LandSurvey, mu(o.tiankan)),
            permanent_basic_farmland_mu: when(Role::PermanentFarmland, mu(o.permanent_farmland)),
            ecological_redline_mu: when(Role::EcologicalRedline, mu(o.ecological_redline)),
            development_boundary: o
                .development_boundary
                .iter()
                .map(|z| ZoneMu {
                    zone: z.zone.clone(),
                    mu: mu(z.area),
                })
                .collect(),
            outside_development_boundary_mu: o.outside_development_boundary.map(mu),
            ellipsoidal_mu: mu(o.ellipsoidal),
            findings,
        }
    }
}
