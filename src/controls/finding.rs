//! Findings of the 合规性审查: `{rule, clause_or_source, severity, zh, en}`, from the overlay and the rules.

use serde::Serialize;

use super::layer::Role;
use super::overlay::ControlOverlay;
use super::rules::{ControlRules, RuleEntry, Severity};
use crate::model::{Area, ProjectCategory, ProjectTier};

/// One finding. `clause_or_source` is a clause （十一）, or a national rule or 常规做法 marked “本意见未载”.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub clause_or_source: String,
    pub severity: Severity,
    pub zh: String,
    pub en: String,
}

impl Finding {
    fn from_entry(e: &RuleEntry, mu: Option<f64>, extra_zh: &str, extra_en: &str) -> Self {
        let fill = |s: &str| match mu {
            Some(m) => s.replace("{mu}", &format!("{m:.2}")),
            None => s.to_string(),
        };
        Finding {
            rule: e.rule.clone(),
            clause_or_source: e.basis.to_string(),
            severity: e.severity,
            zh: format!("{}{extra_zh}", fill(&e.zh)),
            en: format!("{}{extra_en}", fill(&e.en)),
        }
    }
}

/// What the review needs to know about the project beyond its polygon.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ProjectContext {
    pub tier: ProjectTier,
    pub category: Option<ProjectCategory>,
}

/// The findings for `o`, most severe first (then in rule order).
///
/// ```
/// use stockfirst::controls::{findings, ControlOverlay, ProjectContext, Role, Severity};
/// use stockfirst::model::Area;
/// let rules = stockfirst::io::control_rules::builtin_control_rules().unwrap();
/// let mut o = ControlOverlay { roles: vec![Role::PermanentFarmland], permanent_farmland: Area::from_mu(3.0), ..Default::default() };
/// let f = findings(&o, &rules, &ProjectContext::default());
/// assert_eq!(f[0].severity, Severity::Blocking);
/// assert!(f[0].clause_or_source.contains("土地管理法"));
/// ```
pub fn findings(o: &ControlOverlay, rules: &ControlRules, ctx: &ProjectContext) -> Vec<Finding> {
    let min = rules.min_finding_mu;
    let big = |a: Area| a.mu() > min;
    let mut out = Vec::new();
    let has = |r: Role| o.roles.contains(&r);

    if has(Role::LandSurvey) && big(o.cultivated) {
        let extra_zh = if o.tiankan.mu() > 0.0 {
            format!("（已扣除田坎 {:.2} 亩）", o.tiankan.mu())
        } else {
            String::new()
        };
        let extra_en = if o.tiankan.mu() > 0.0 {
            format!(" (田坎 {:.2} mu deducted)", o.tiankan.mu())
        } else {
            String::new()
        };
        out.push(Finding::from_entry(
            &rules.cultivated,
            Some(o.cultivated.mu()),
            &extra_zh,
            &extra_en,
        ));
        out.push(Finding::from_entry(
            &rules.compensation,
            Some(o.cultivated.mu()),
            "",
            "",
        ));
    }
    for (role, area, rule) in [
        (Role::PermanentFarmland, o.permanent_farmland, &rules.permanent_farmland),
        (Role::EcologicalRedline, o.ecological_redline, &rules.ecological_redline),
    ] {
        if !has(role) || !big(area) {
            continue;
        }
        let entry = if rule.major_tiers.contains(&ctx.tier) {
            &rule.major
        } else {
            &rule.hit
        };
        out.push(Finding::from_entry(entry, Some(area.mu()), "", ""));
    }
    if let Some(outside) = o.outside_development_boundary
        && big(outside)
    {
        let r = &rules.outside_boundary;
        let f = match ctx.category {
            None => Finding::from_entry(&r.unknown, Some(outside.mu()), "", ""),
            Some(c) if r.allowed.contains(&c) => Finding::from_entry(
                &r.listed,
                Some(outside.mu()),
                &format!("（项目类别：{}）", c.zh()),
                &format!(" (category: {})", c.en()),
            ),
            Some(c) => Finding::from_entry(
                &r.mismatch,
                Some(outside.mu()),
                &format!("（项目类别：{}）", c.zh()),
                &format!(" (category: {})", c.en()),
            ),
        };
        out.push(f);
    }
    if big(o.forest) {
        out.push(Finding::from_entry(&rules.forest, Some(o.forest.mu()), "", ""));
    }
    for role in [
        Role::LandSurvey,
        Role::PermanentFarmland,
        Role::EcologicalRedline,
        Role::DevelopmentBoundary,
    ] {
        if !has(role) {
            out.push(Finding::from_entry(
                &rules.missing_layer,
                None,
                &format!("：{}", role.zh()),
                &format!(": {}", role.en()),
            ));
        }
    }
    let data = |zh: String, en: String| Finding::from_entry(&rules.data, None, &zh, &en);
    if has(Role::LandSurvey) && big(o.unsurveyed) {
        out.push(data(
            format!("：范围内 {:.2} 亩无地类图斑覆盖", o.unsurveyed.mu()),
            format!(": {:.2} mu of the polygon lies on no survey patch", o.unsurveyed.mu()),
        ));
    }
    for n in &o.overlaps {
        out.push(data(
            format!(
                "：{} 图层要素 {} 与 {} 重叠 {:.2} 亩，只计一次（计入 {}）",
                n.layer,
                n.first,
                n.second,
                n.area.mu(),
                n.first
            ),
            format!(
                ": in {} features {} and {} overlap by {:.2} mu, counted once (for {})",
                n.layer,
                n.first,
                n.second,
                n.area.mu(),
                n.first
            ),
        ));
    }
    for p in &o.problems {
        out.push(data(format!("：{}", p.line_zh()), format!(": {}", p.line_en())));
    }
    // Most severe first; the order of the rules within a severity is kept.
    out.sort_by_key(|f| f.severity);
    out
}
