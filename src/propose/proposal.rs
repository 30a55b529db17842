//! 存量组合 · 建议方案: the best combinations of stock parcels for a requirement, each as an ordinary red line with
//! its numbers and its reasons in words.

use std::collections::HashMap;

use geo::MultiPolygon;

use super::answer::{Proposal, Proposals, ProposeError, SiteFacts};
use super::combination::{Combination, Route, search};
use super::footprint::combination_footprint;
use super::hull::compactness;
use super::objective::{CultivatedOf, rank};
use super::pool::{Pool, pool};
use super::reasons::{Words, reasons};
use crate::controls::{
    ControlLayers, ControlRules, ProjectContext, Severity, ToLonLat, findings, increment_overlay,
    overlay as control_overlay,
};
use crate::library::StockLibrary;
use crate::matching::{MatchRules, Reason, Requirement, overlay, point_distance};
use crate::model::Area;

/// The control layers, when loaded: the 耕地 key of the objective needs them.
pub struct Controls<'a> {
    pub layers: &'a ControlLayers,
    pub rules: &'a ControlRules,
    pub inv: &'a dyn ToLonLat,
}

/// Proposes up to `k` combinations of stock parcels for `req`.
pub fn propose(
    lib: &StockLibrary,
    req: &Requirement,
    rules: &MatchRules,
    k: usize,
    controls: Option<&Controls<'_>>,
) -> Result<Proposals, ProposeError> {
    let radius_m = rules.search.radius_m;
    let circle = Area::from_m2(std::f64::consts::PI * radius_m * radius_m);
    if req.area.m2() > circle.m2() {
        return Err(ProposeError::TooLargeForRadius {
            required_mu: req.area.mu(),
            radius_m,
            circle_mu: circle.mu(),
            missing_mu: req.area.mu() - circle.mu(),
        });
    }
    let pool = pool(lib, req, rules);
    if pool.problem.pieces.is_empty() {
        let c = pool.county.as_deref();
        return Err(ProposeError::NoCandidates {
            radius_m,
            required_mu: req.area.mu(),
            county_zh: c.map(|c| format!("县区 {c} 内、")).unwrap_or_default(),
            county_en: c.map(|c| format!(" in county {c}")).unwrap_or_default(),
        });
    }
    let cr = &rules.combination;
    let found = search(&pool.problem, cr, k);
    if found.kept.is_empty() {
        return Err(ProposeError::AllTooLarge {
            n: pool.problem.pieces.len(),
            top_ratio: rules.size_band.max_ratio,
            top_mu: Area::from_m2(pool.problem.top_m2).mu(),
        });
    }
    let required = req.area.m2();
    let target = |s: &Combination| match s.route {
        Route::Contiguous => required.max(s.stock_m2),
        Route::Compact { hull_m2 } => required.max(hull_m2),
    };
    let mut drawn: HashMap<Vec<usize>, Option<MultiPolygon<f64>>> = HashMap::new();
    let mut draw = |s: &Combination| -> Option<MultiPolygon<f64>> {
        drawn
            .entry(s.members.clone())
            .or_insert_with(|| combination_footprint(lib, &pool.parcels, s, target(s)).ok())
            .clone()
    };
    let ranking = match controls {
        Some(c) => {
            let mut cultivated = |s: &Combination| -> f64 {
                draw(s)
                    .and_then(|f| increment_overlay(&f, lib, c.layers, &c.rules.catalogue, c.inv).ok())
                    .map(|o| o.cultivated.mu())
                    .unwrap_or(f64::INFINITY)
            };
            let f: &mut CultivatedOf<'_> = &mut cultivated;
            rank(found.kept, &pool.problem.pieces, cr, k, Some(f))
        }
        None => rank(found.kept, &pool.problem.pieces, cr, k, None),
    };
    let best_single_increment = pool
        .problem
        .pieces
        .iter()
        .map(|p| p.area_m2)
        .filter(|a| *a <= pool.problem.top_m2)
        .max_by(f64::total_cmp)
        .map(|a| Area::from_m2((required - a).max(0.0)));
    let mut proposals = Vec::new();
    for r in &ranking.ranked {
        let Some(footprint) = draw(&r.set) else { continue };
        let o = overlay(lib, &footprint);
        let inc = controls.and_then(|c| increment_overlay(&footprint, lib, c.layers, &c.rules.catalogue, c.inv).ok());
        let facts = SiteFacts {
            distance_m: point_distance(req.anchor(), &footprint),
            compactness: compactness(&footprint),
            land_classes: inc
                .map(|i| i.land_classes.into_iter().map(|l| (l.code, l.name, l.area)).collect())
                .unwrap_or_default(),
        };
        let p = Proposal {
            parcels: r
                .set
                .members
                .iter()
                .filter_map(|&m| pool.problem.pieces.get(m))
                .map(|p| p.id.clone())
                .collect(),
            route: r.set.route,
            footprint,
            on_stock: o.on_stock,
            increment: o.new_land,
            stock: Area::from_m2(r.set.stock_m2),
            planned_increment: Area::from_m2(r.set.increment_m2),
            oversize: Area::from_m2(r.set.oversize_m2),
            cultivated_in_increment: r.cultivated_mu.filter(|c| c.is_finite()).map(Area::from_mu),
            site: Some(facts),
            grown: false,
            reasons: Vec::new(),
            blocking: Vec::new(),
        };
        let words = reasons(
            &p,
            &r.set,
            &Words {
                pool: &pool,
                required: req.area,
                rules,
                best_single: best_single_increment,
                method: &found.method,
                with_layers: controls.is_some(),
            },
        );
        let mut words = words;
        let blocked = controls.map(|c| blocking(&p.footprint, req, c)).unwrap_or_default();
        words.extend(blocked.iter().cloned());
        proposals.push(Proposal {
            reasons: words,
            blocking: blocked,
            ..p
        });
    }
    // A red line the review would block ranks after every one it would not, whatever its increment.
    proposals.sort_by_key(|p| !p.blocking.is_empty());
    let mut notes = Vec::new();
    if controls.is_none() {
        notes.push(Reason {
            zh: "未加载管控图层：只按存量比较，未比较增量占用耕地（条款（一））".into(),
            en: "no control layers: stock only; the cultivated land of the increment was not compared (clause 一)"
                .into(),
        });
    }
    if ranking.cultivated_capped {
        notes.push(Reason {
            zh: format!(
                "增量相近的组合较多，只比较了其中 {} 个的耕地",
                ranking.cultivated_checked
            ),
            en: format!(
                "many sets tie on the increment; the cultivated land of {} was compared",
                ranking.cultivated_checked
            ),
        });
    }
    Ok(Proposals {
        proposals,
        method: found.method,
        county: pool.county.clone(),
        examined: pool.examined,
        candidates: pool.problem.pieces.len(),
        nodes: found.nodes,
        best_single_increment,
        notes,
    })
}

/// What stops a combination's red line being approved as drawn (永久基本农田, 生态保护红线, outside the 城镇开发边界
/// where clause 十一 does not allow the project): the review's blocking findings, said with the proposal. The red line
/// is drawn around stock and cannot step round them; the grown red lines (智能选址) do.
fn blocking(footprint: &MultiPolygon<f64>, req: &Requirement, c: &Controls<'_>) -> Vec<Reason> {
    let o = control_overlay(c.layers, &c.rules.catalogue, footprint, c.inv);
    let ctx = ProjectContext {
        tier: req.tier,
        category: req.category,
    };
    findings(&o, c.rules, &ctx)
        .into_iter()
        .filter(|f| f.severity == Severity::Blocking)
        .map(|f| Reason {
            zh: format!("管控（不可直接批准）：{}（{}）", f.zh, f.clause_or_source),
            en: format!(
                "controls (cannot be approved as drawn): {} ({})",
                f.en, f.clause_or_source
            ),
        })
        .collect()
}

/// The pool a requirement would search, for tools that want to look at it (benches, the app).
pub fn candidate_pool(lib: &StockLibrary, req: &Requirement, rules: &MatchRules) -> Pool {
    pool(lib, req, rules)
}
