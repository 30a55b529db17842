//! The review rules as data (`assets/controls.ron`, read by `crate::io::control_rules`): each with its source — a
//! clause of the opinions, or, where the opinions are silent, the national rule it rests on, marked as such.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::land_class::LandCatalogue;
use crate::model::{ProjectCategory, ProjectTier};
use crate::quota::Basis;

/// How much a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all(serialize = "lowercase"))]
pub enum Severity {
    /// The site cannot be approved as it is.
    Blocking,
    /// Needs the officer's attention or a further procedure.
    Warning,
    /// For the record.
    Note,
}

impl Severity {
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Blocking => "禁止",
            Severity::Warning => "注意",
            Severity::Note => "提示",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Severity::Blocking => "blocking",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One rule: an id, its source, its weight and its words. `{mu}` in the words is replaced by the 亩 concerned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleEntry {
    pub rule: String,
    pub basis: Basis,
    pub severity: Severity,
    pub zh: String,
    pub en: String,
}

/// A hard constraint (永久基本农田, 生态保护红线): a hit blocks, except for the listed tiers, which are told what
/// they need instead of passing silently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HardConstraint {
    pub hit: RuleEntry,
    pub major_tiers: Vec<ProjectTier>,
    pub major: RuleEntry,
}

/// Clause (十一): what may be sited outside the 城镇开发边界.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutsideBoundaryRule {
    pub allowed: Vec<ProjectCategory>,
    /// The red line leaves the boundary and no category is given.
    pub unknown: RuleEntry,
    /// The category is one the clause lists.
    pub listed: RuleEntry,
    /// The category is not one the clause lists.
    pub mismatch: RuleEntry,
}

/// The whole rule set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ControlRules {
    pub catalogue: LandCatalogue,
    /// Findings smaller than this many 亩 are left out (shared-edge slivers); data quality, not policy.
    pub min_finding_mu: f64,
    /// A stated area (TBMJ) differing from the geometry's ellipsoidal area by more than this share is reported.
    pub stated_area_tolerance: f64,
    /// Clause (一): the increment takes cultivated land.
    pub cultivated: RuleEntry,
    /// Clause (九): cultivated land taken must be compensated.
    pub compensation: RuleEntry,
    pub permanent_farmland: HardConstraint,
    pub ecological_redline: HardConstraint,
    pub outside_boundary: OutsideBoundaryRule,
    /// Clause (十四): forest land under the footprint.
    pub forest: RuleEntry,
    /// A control layer the review needs is missing: its zero means unknown.
    pub missing_layer: RuleEntry,
    /// Data checks (overlapping 图斑, land no 图斑 covers, repaired features).
    pub data: RuleEntry,
}

#[derive(Debug, Clone, PartialEq, Error)]
pub enum ControlRulesError {
    #[error("{0} 须为非负有限数 / {0} must be a non-negative finite number")]
    NotNonNegative(&'static str),
    #[error("地类表为空或缺少耕地、田坎编码 / the catalogue is empty or lacks the cultivated or 田坎 codes")]
    Catalogue,
    #[error("地类编码 {0} 重复 / class {0} is listed twice")]
    DuplicateClass(String),
    #[error("规则 {0}：国家重大项目的规则须列出项目层级 / rule {0}: the major-project rule lists no tier")]
    NoMajorTier(String),
}

impl ControlRules {
    /// Checks the numbers and the catalogue, so a typo is caught on load.
    pub fn validate(&self) -> Result<(), ControlRulesError> {
        for (name, v) in [
            ("min_finding_mu", self.min_finding_mu),
            ("stated_area_tolerance", self.stated_area_tolerance),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(ControlRulesError::NotNonNegative(name));
            }
        }
        let c = &self.catalogue;
        if c.classes.is_empty()
            || c.cultivated.is_empty()
            || c.cultivated.iter().any(|k| c.class(k).is_none())
            || c.class(&c.tiankan).is_none()
        {
            return Err(ControlRulesError::Catalogue);
        }
        let mut codes: Vec<&str> = c.classes.iter().map(|k| k.code.as_str()).collect();
        codes.sort_unstable();
        if let Some(w) = codes.windows(2).find(|w| w[0] == w[1]) {
            return Err(ControlRulesError::DuplicateClass(w[0].to_string()));
        }
        for h in [&self.permanent_farmland, &self.ecological_redline] {
            if h.major_tiers.is_empty() {
                return Err(ControlRulesError::NoMajorTier(h.hit.rule.clone()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests_fixture {
    use super::*;

    /// The shipped rules, for unit tests of the findings (the loader with file:line errors is `io::control_rules`).
    pub fn rules() -> ControlRules {
        match ron::from_str::<ControlRules>(include_str!("../../assets/controls.ron")) {
            Ok(r) => r,
            Err(e) => panic!("assets/controls.ron: {e}"),
        }
    }

    #[test]
    fn shipped_rules_validate() {
        assert_eq!(rules().validate(), Ok(()));
    }

    #[test]
    fn a_duplicate_class_is_refused() {
        let mut r = rules();
        let first = r.catalogue.classes[0].clone();
        r.catalogue.classes.push(first);
        assert_eq!(r.validate(), Err(ControlRulesError::DuplicateClass("0101".into())));
    }
}
