//! 智能选址 · 建议红线: up to `k` red lines grown from the point and from the largest stock near it (`site.rs`), each
//! with its 套核, the 地类 and 耕地 of its increment, its distance to the point and its compactness.

use geo::Coord;

use super::answer::{Proposal, SiteFacts};
use super::combination::Route;
use super::hull::compactness;
use super::pool::pool;
use super::proposal::Controls;
use super::site::{SiteError, SiteGround, grow_site};
use crate::controls::increment_overlay;
use crate::library::StockLibrary;
use crate::matching::{MatchRules, Reason, Requirement, overlay, point_distance};
use crate::model::Area;

fn r(zh: String, en: String) -> Reason {
    Reason { zh, en }
}

/// Proposes up to `k` grown red lines for `req` (a point). The first seed is the point itself; the others are the
/// centres of the largest use-fitting stock parcels of the pool. Fails only when not even the first can be grown.
pub fn propose_sites(
    lib: &StockLibrary,
    req: &Requirement,
    rules: &MatchRules,
    k: usize,
    c: &Controls<'_>,
) -> Result<Vec<Proposal>, SiteError> {
    propose_sites_with(lib, req, rules, k, c, &mut |_, _| true).map(Option::unwrap_or_default)
}

/// [`propose_sites`], telling `keep_going(done, of)` before each seed is grown; when it answers `false` the search
/// stops and gives `None`: a cancelled search hands back nothing half-made.
pub fn propose_sites_with(
    lib: &StockLibrary,
    req: &Requirement,
    rules: &MatchRules,
    k: usize,
    c: &Controls<'_>,
    keep_going: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Option<Vec<Proposal>>, SiteError> {
    let at = req.anchor();
    let allowed = req
        .category
        .is_some_and(|cat| c.rules.outside_boundary.allowed.contains(&cat));
    let ground = SiteGround {
        lib,
        layers: c.layers,
        catalogue: &c.rules.catalogue,
        outside_boundary_allowed: allowed,
        cell_m: rules.combination.site_cell_m,
        cultivated_cost: rules.combination.site_cultivated_cost,
    };
    let p = pool(lib, req, rules);
    let mut order: Vec<usize> = (0..p.problem.pieces.len()).collect();
    order.sort_by(|&a, &b| p.problem.pieces[b].area_m2.total_cmp(&p.problem.pieces[a].area_m2));
    let mut seeds = vec![at];
    for i in order.into_iter().take(k.saturating_sub(1)) {
        let h = &p.problem.pieces[i].hull;
        let n = h.len().max(1) as f64;
        let (x, y) = h.iter().fold((0.0, 0.0), |(x, y), q| (x + q.x, y + q.y));
        seeds.push(Coord {
            x: p.origin.x + x / n,
            y: p.origin.y + y / n,
        });
    }
    let mut out: Vec<Proposal> = Vec::new();
    let of = seeds.len();
    for (n, seed) in seeds.into_iter().enumerate() {
        if !keep_going(n, of) {
            return Ok(None);
        }
        let grown = match grow_site(&ground, seed, req.area.m2()) {
            Ok(g) => g,
            Err(e) if n == 0 => return Err(e),
            Err(_) => continue,
        };
        if out.iter().any(|q| q.footprint == grown.footprint) {
            continue;
        }
        let fp = grown.footprint;
        let o = overlay(lib, &fp);
        let inc = increment_overlay(&fp, lib, c.layers, &c.rules.catalogue, c.inv).ok();
        let facts = SiteFacts {
            distance_m: point_distance(at, &fp),
            compactness: compactness(&fp),
            land_classes: inc
                .as_ref()
                .map(|i| {
                    i.land_classes
                        .iter()
                        .map(|l| (l.code.clone(), l.name.clone(), l.area))
                        .collect()
                })
                .unwrap_or_default(),
        };
        let cultivated = inc.as_ref().map(|i| i.cultivated);
        let parcels = o
            .hits
            .iter()
            .filter_map(|h| lib.parcel(h.parcel).map(|q| q.id.clone()))
            .collect();
        let reasons = words(
            o.on_stock,
            o.new_land,
            cultivated,
            &facts,
            allowed,
            rules.combination.site_cell_m,
        );
        out.push(Proposal {
            parcels,
            route: Route::Contiguous,
            footprint: fp,
            on_stock: o.on_stock,
            increment: o.new_land,
            stock: o.on_stock,
            planned_increment: o.new_land,
            oversize: Area::ZERO,
            cultivated_in_increment: cultivated,
            site: Some(facts),
            grown: true,
            reasons,
            // Grown on the cells the constraints leave free: nothing to block (按格网中心, said in its reasons).
            blocking: Vec::new(),
        });
    }
    Ok(keep_going(of, of).then_some(out))
}

fn words(on_stock: Area, inc: Area, cultivated: Option<Area>, f: &SiteFacts, allowed: bool, cell: f64) -> Vec<Reason> {
    let classes_zh: Vec<String> = f
        .land_classes
        .iter()
        .map(|(c, n, a)| format!("{c} {n} {:.2} 亩", a.mu()))
        .collect();
    let classes_en: Vec<String> = f
        .land_classes
        .iter()
        .map(|(c, _, a)| format!("{c} {:.2} mu", a.mu()))
        .collect();
    let cult = cultivated.map(|a| a.mu()).unwrap_or(0.0);
    vec![
        r(
            format!(
                "增量：压占存量 {:.2} 亩，新增建设用地 {:.2} 亩，存量优先、增量补充（条款（二））",
                on_stock.mu(),
                inc.mu()
            ),
            format!(
                "increment: {:.2} mu on stock, {:.2} mu new land: stock first (clause 二)",
                on_stock.mu(),
                inc.mu()
            ),
        ),
        r(
            format!("增量地类：{}", classes_zh.join("；")),
            format!("increment land classes: {}", classes_en.join("; ")),
        ),
        r(
            format!("耕地：增量占用耕地 {cult:.2} 亩；优先引导选址向非耕地资源倾斜（条款（一））"),
            format!(
                "cultivated: {cult:.2} mu in the increment; new land steered away from cultivated land (clause 一)"
            ),
        ),
        r(
            "不占永久基本农田、生态保护红线（国家规定，按格网中心判断）".into(),
            "no permanent basic farmland, no ecological red line (national rules; judged at the grid's cell centres)"
                .into(),
        ),
        if allowed {
            r(
                "项目类别属条款（十一）支持在城镇开发边界外布局的，可用边界外土地".into(),
                "the project's category may lie outside the development boundary (clause 十一)".into(),
            )
        } else {
            r(
                "位于城镇开发边界内（条款（十一）未列该类项目在边界外布局）".into(),
                "inside the urban development boundary (clause 十一 does not list the project outside it)".into(),
            )
        },
        r(
            format!(
                "距选址点 {:.0} 米，紧凑度 {:.2}（面积 ÷ 凸包面积）",
                f.distance_m, f.compactness
            ),
            format!(
                "{:.0} m from the point, compactness {:.2} (area ÷ convex hull)",
                f.distance_m, f.compactness
            ),
        ),
        r(
            format!("方法：启发式（heuristic）——{cell:.0} 米格网区域生长"),
            format!("method: heuristic — region growing on a {cell:.0} m grid"),
        ),
    ]
}
