//! Each part of a proposal's objective in words, citing its clause: the increment (二), the 耕地 it takes (一), how
//! the parcels go together (四, or the compactness rule), the size (一), the uses, and how it was found.

use super::answer::Proposal;
use super::combination::{Combination, Method, Route};
use super::pool::Pool;
use crate::matching::{MatchRules, Reason};
use crate::model::Area;

/// What the words need besides the proposal.
pub(crate) struct Words<'a> {
    pub pool: &'a Pool,
    pub required: Area,
    pub rules: &'a MatchRules,
    pub best_single: Option<Area>,
    pub method: &'a Method,
    pub with_layers: bool,
}

fn r(zh: String, en: String) -> Reason {
    Reason { zh, en }
}

pub(crate) fn reasons(p: &Proposal, set: &Combination, w: &Words<'_>) -> Vec<Reason> {
    let mut out = Vec::new();
    let between = match set.route {
        Route::Compact { hull_m2 } => Area::from_m2((hull_m2 - set.stock_m2).max(0.0)),
        Route::Contiguous => Area::ZERO,
    };
    out.push(r(
        format!(
            "增量：新增建设用地 {:.2} 亩（需求 {:.2} 亩，压占存量 {:.2} 亩{}），存量优先、增量补充（条款（二））",
            p.increment.mu(),
            w.required.mu(),
            p.on_stock.mu(),
            if between.m2() > 0.0 { format!("，含地块之间 {:.2} 亩", between.mu()) } else { String::new() }
        ),
        format!(
            "increment: {:.2} mu of new construction land (required {:.2} mu, on stock {:.2} mu{}): stock first, increment to make up (clause 二)",
            p.increment.mu(),
            w.required.mu(),
            p.on_stock.mu(),
            if between.m2() > 0.0 { format!(", {:.2} mu between the parcels", between.mu()) } else { String::new() }
        ),
    ));
    if let Some(best) = w.best_single
        && set.members.len() > 1
        && best.m2() > p.increment.m2()
    {
        out.push(r(
            format!(
                "较最佳单块地块（增量 {:.2} 亩）少新增 {:.2} 亩",
                best.mu(),
                (best - p.increment).mu()
            ),
            format!(
                "{:.2} mu less new land than the best single parcel ({:.2} mu)",
                (best - p.increment).mu(),
                best.mu()
            ),
        ));
    }
    out.push(match (w.with_layers, p.cultivated_in_increment) {
        (true, Some(c)) => r(
            format!("耕地：增量占用耕地 {:.2} 亩；确需新增建设用地的，优先引导选址向非耕地资源倾斜（条款（一））", c.mu()),
            format!("cultivated: the increment takes {:.2} mu of cultivated land; new land should be steered to non-cultivated land (clause 一)", c.mu()),
        ),
        (true, None) => r(
            "耕地：本组合未做增量耕地叠加（增量相近的组合过多）（条款（一））".into(),
            "cultivated: not overlaid for this set (too many sets tie on the increment) (clause 一)".into(),
        ),
        (false, _) => r(
            "耕地：未加载管控图层，未计算增量占用耕地（条款（一））".into(),
            "cultivated: no control layers loaded, not computed (clause 一)".into(),
        ),
    });
    let n = set.members.len();
    out.push(match set.route {
        Route::Contiguous if n == 1 => r("地块：单块地块".into(), "parcels: one parcel".into()),
        Route::Contiguous => r(
            format!("地块：{n} 块，相互间距不超过 {:.0} 米，整合归并使用（条款（四））", w.rules.merge.max_gap_m),
            format!("parcels: {n}, each within {:.0} m of the next, merged (clause 四)", w.rules.merge.max_gap_m),
        ),
        Route::Compact { hull_m2 } => r(
            format!(
                "地块：{n} 块，凸包 {:.2} 亩，为地块面积的 {:.2} 倍（不超过 {:.2} 倍，规则 combination.hull_ratio，常规做法），整合归并使用（条款（四））",
                Area::from_m2(hull_m2).mu(),
                hull_m2 / set.stock_m2.max(f64::MIN_POSITIVE),
                w.rules.combination.hull_ratio
            ),
            format!(
                "parcels: {n}, convex hull {:.2} mu, {:.2} × their area (at most {:.2}, rule combination.hull_ratio, common practice), merged (clause 四)",
                Area::from_m2(hull_m2).mu(),
                hull_m2 / set.stock_m2.max(f64::MIN_POSITIVE),
                w.rules.combination.hull_ratio
            ),
        ),
    });
    out.push(if p.oversize.m2() > 0.0 {
        r(
            format!(
                "规模：存量 {:.2} 亩，超出需求 {:.2} 亩；用地规模与建设规模相适配（条款（一））",
                p.stock.mu(),
                p.oversize.mu()
            ),
            format!(
                "size: {:.2} mu of stock, {:.2} mu beyond the requirement; land to match the project (clause 一)",
                p.stock.mu(),
                p.oversize.mu()
            ),
        )
    } else {
        r(
            format!(
                "规模：存量 {:.2} 亩，不超出需求；用地规模与建设规模相适配（条款（一））",
                p.stock.mu()
            ),
            format!(
                "size: {:.2} mu of stock, none beyond the requirement; land to match the project (clause 一)",
                p.stock.mu()
            ),
        )
    });
    let uses: Vec<(String, String)> = set
        .members
        .iter()
        .filter_map(|&m| {
            let piece = w.pool.problem.pieces.get(m)?;
            let fit = *w.pool.fits.get(m)?;
            let clause = fit.clause(w.rules);
            Some((
                format!("{} {}{}", piece.id, fit.zh(), clause),
                format!("{} {} {}", piece.id, fit.en(), clause),
            ))
        })
        .collect();
    out.push(r(
        format!(
            "用途：{}",
            uses.iter().map(|u| u.0.as_str()).collect::<Vec<_>>().join("；")
        ),
        format!(
            "use: {}",
            uses.iter().map(|u| u.1.as_str()).collect::<Vec<_>>().join("; ")
        ),
    ));
    out.push(match w.method {
        Method::Exact => r(
            "方法：分支定界，精确求解（exact）".into(),
            "method: branch and bound, exact".into(),
        ),
        Method::Heuristic { zh, en } => r(
            format!("方法：启发式（heuristic）——{zh}"),
            format!("method: heuristic — {en}"),
        ),
    });
    out
}
