//! Clause (一) in the ranking: “确需新增建设用地的，优先引导选址向非耕地资源倾斜”. With control layers loaded, each
//! candidate shows the cultivated 亩 its increment would take, and an increment on 耕地 ranks lower by the weight
//! `cultivated_increment` of `assets/matching.ron`.
//!
//! Where is a candidate's increment? A candidate that covers the requirement has none. One that falls short
//! (需补足增量, clause 二) is topped up next to itself: the increment is estimated as the ring around the candidate
//! whose area equals the shortfall, and its cultivated 亩 as the shortfall times the cultivated share of that ring.

use std::f64::consts::PI;

use geo::{Area as _, BooleanOps, Buffer, MultiPolygon};
use serde::Serialize;

use super::ellipsoid::ToLonLat;
use super::finding::{Finding, ProjectContext, findings};
use super::layer::ControlLayers;
use super::overlay::{ControlOverlay, overlay};
use super::report::ControlReport;
use super::rules::ControlRules;
use crate::geometry::{LocalFrame, guarded, guarded_union};
use crate::library::StockLibrary;
use crate::matching::{Candidate, MatchOptions, MatchResult, MatchRules, Reason, Requirement, match_project, rank};
use crate::model::Area;

/// What the control layers say about one candidate's increment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateControls {
    /// The increment the candidate needs (its shortfall), 亩.
    pub increment_mu: f64,
    /// Cultivated 亩 (net of 田坎) the increment would take.
    pub cultivated_mu: f64,
    /// True when the increment's place is estimated (the ring around the candidate).
    pub estimated: bool,
    /// The review of the ring (or nothing, when there is no increment).
    pub report: Option<ControlReport>,
}

/// The ring around `parcels` whose area is `need_m2` (a round buffer of width w has area P·w + π·w² outside a
/// convex shape of perimeter P), in world coordinates.
fn ring(parcels: &MultiPolygon<f64>, need_m2: f64) -> Option<MultiPolygon<f64>> {
    use geo::{Euclidean, Length};
    let frame = LocalFrame::around(parcels);
    let local = frame.to_local(parcels);
    let perimeter: f64 = local.0.iter().map(|p| Euclidean.length(p.exterior())).sum();
    let w = (-perimeter + (perimeter * perimeter + 4.0 * PI * need_m2).sqrt()) / (2.0 * PI);
    if !(w.is_finite() && w > 0.0) {
        return None;
    }
    let grown = guarded(|| local.buffer(w)).ok()?;
    let r = guarded(|| grown.difference(&local)).ok()?;
    (r.unsigned_area() > 0.0).then(|| frame.to_world(&r))
}

/// The controls of one candidate.
pub fn candidate_controls(
    lib: &StockLibrary,
    c: &Candidate,
    layers: &ControlLayers,
    rules: &ControlRules,
    ctx: &ProjectContext,
    inv: &dyn ToLonLat,
) -> CandidateControls {
    let need = c.size.shortfall;
    if need.m2() <= 0.0 {
        return CandidateControls {
            increment_mu: 0.0,
            cultivated_mu: 0.0,
            estimated: false,
            report: None,
        };
    }
    let mut parcels = MultiPolygon::<f64>(vec![]);
    for i in &c.parcels {
        if let Some(p) = lib.parcel(*i) {
            parcels = match guarded_union(&parcels, &p.geometry) {
                Ok(u) => u,
                Err(_) => MultiPolygon(parcels.0.iter().chain(&p.geometry.0).cloned().collect()),
            };
        }
    }
    let Some(r) = ring(&parcels, need.m2()) else {
        return CandidateControls {
            increment_mu: need.mu(),
            cultivated_mu: 0.0,
            estimated: true,
            report: None,
        };
    };
    let o: ControlOverlay = overlay(layers, &rules.catalogue, &r, inv);
    let share = if o.footprint.m2() > 0.0 {
        o.cultivated.m2() / o.footprint.m2()
    } else {
        0.0
    };
    let f: Vec<Finding> = findings(&o, rules, ctx);
    CandidateControls {
        increment_mu: need.mu(),
        cultivated_mu: need.mu() * share,
        estimated: true,
        report: Some(ControlReport::new(&o, f)),
    }
}

/// Matches with clause (一) applied: candidates are looked at three times deeper than `opts.top`, each gets the
/// cultivated 亩 of its increment, the penalty and a reason citing (一), and the list is ranked again and cut to
/// `opts.top`. The controls come back in the order of the candidates.
pub fn match_with_controls(
    lib: &StockLibrary,
    req: &Requirement,
    match_rules: &MatchRules,
    opts: &MatchOptions,
    layers: &ControlLayers,
    rules: &ControlRules,
    inv: &dyn ToLonLat,
) -> (MatchResult, Vec<CandidateControls>) {
    let deeper = MatchOptions {
        top: opts.top.saturating_mul(3).max(opts.top + 5),
        ..*opts
    };
    let mut result = match_project(lib, req, match_rules, &deeper);
    let ctx = ProjectContext {
        tier: req.tier,
        category: req.category,
    };
    let mut with: Vec<(Candidate, CandidateControls)> = result
        .candidates
        .drain(..)
        .map(|mut c| {
            let cc = candidate_controls(lib, &c, layers, rules, &ctx, inv);
            apply_penalty(&mut c, &cc, req.area, match_rules);
            (c, cc)
        })
        .collect();
    let mut cands: Vec<Candidate> = with.iter().map(|(c, _)| c.clone()).collect();
    rank(&mut cands, match_rules);
    cands.truncate(opts.top);
    let mut controls = Vec::with_capacity(cands.len());
    for c in &cands {
        if let Some(k) = with.iter().position(|(w, _)| w.ids == c.ids) {
            controls.push(with.swap_remove(k).1);
        }
    }
    result.candidates = cands;
    (result, controls)
}

/// Subtracts the clause (一) part from the score and says why, with the numbers.
pub fn apply_penalty(c: &mut Candidate, cc: &CandidateControls, required: Area, rules: &MatchRules) {
    let share = if required.mu() > 0.0 {
        (cc.cultivated_mu / required.mu()).clamp(0.0, 1.0)
    } else {
        0.0
    };
    // No cultivated land, no penalty (and no “−0.0” in the reason).
    let p = if share > 0.0 {
        -rules.weights.cultivated_increment * share
    } else {
        0.0
    };
    c.parts.cultivated = p;
    c.score = c.parts.total();
    let est_zh = if cc.estimated {
        "（按地块周边估算）"
    } else {
        ""
    };
    let est_en = if cc.estimated {
        " (estimated around the parcel)"
    } else {
        ""
    };
    let reason = if cc.increment_mu <= 0.0 {
        Reason {
            zh: "增量：无需新增建设用地，不占用耕地（条款（一））".into(),
            en: "increment: none, no cultivated land taken (clause 一)".into(),
        }
    } else {
        Reason {
            zh: format!(
                "增量 {:.2} 亩中占用耕地 {:.2} 亩{est_zh}：确需新增建设用地的，优先引导选址向非耕地资源倾斜（条款（一））（{:+.1}）",
                cc.increment_mu, cc.cultivated_mu, p
            ),
            en: format!(
                "increment {:.2} mu of which {:.2} mu cultivated{est_en}: new land should be steered to non-cultivated land (clause 一) ({:+.1})",
                cc.increment_mu, cc.cultivated_mu, p
            ),
        }
    };
    // Before the verdict line, which stays last.
    let at = c.reasons.len().saturating_sub(1);
    c.reasons.insert(at, reason);
    if let Some(last) = c.reasons.last_mut() {
        last.zh = format!("结论：{}，得分 {:.1}", c.class.zh(), c.score);
        last.en = format!("verdict: {}, score {:.1}", c.class.en(), c.score);
    }
}
