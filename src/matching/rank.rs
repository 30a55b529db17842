//! Scoring, the clause (二) class, the reasons in words, and the order of candidates.

use serde::Serialize;

use super::MatchRules;
use super::size_fit::{SizeClass, SizeFit};
use super::use_fit::UseFit;
use crate::library::ParcelIdx;
use crate::model::{Area, LandUse, ParcelStatus, StockKind};

/// The clause (二) outcome for a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum CandidateClass {
    /// 用途、规模符合 → 直接确定为用地保障首选.
    DirectFirstChoice,
    /// 需调整规划条件 (use conversion, or a parcel too large to supply whole) → 简易审批程序.
    AdjustPlanningConditions,
    /// 需补足增量用地规模 → 简易审批程序; the shortfall draws on new-land quotas.
    TopUpIncrement,
}

impl CandidateClass {
    pub fn zh(self) -> &'static str {
        match self {
            CandidateClass::DirectFirstChoice => "直接首选",
            CandidateClass::AdjustPlanningConditions => "需调整规划条件",
            CandidateClass::TopUpIncrement => "需补足增量",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            CandidateClass::DirectFirstChoice => "direct first choice",
            CandidateClass::AdjustPlanningConditions => "needs planning-condition adjustment",
            CandidateClass::TopUpIncrement => "needs a top-up of new land",
        }
    }
}

/// The parts of a score, each already multiplied by its weight.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct ScoreParts {
    pub use_fit: f64,
    pub size_fit: f64,
    pub stock_kind: f64,
    pub distance: f64,
    pub same_county: f64,
    /// Negative.
    pub not_available: f64,
    /// Negative.
    pub merge: f64,
    /// Negative: the increment takes cultivated land (clause 一); zero without control layers.
    pub cultivated: f64,
}

impl ScoreParts {
    pub fn total(&self) -> f64 {
        self.use_fit
            + self.size_fit
            + self.stock_kind
            + self.distance
            + self.same_county
            + self.not_available
            + self.merge
            + self.cultivated
    }
}

/// One line of explanation, in both languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub zh: String,
    pub en: String,
}

/// A ranked answer: one parcel, or a merged group (clause 四).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// One index for a single parcel; several for a merged group (largest first).
    pub parcels: Vec<ParcelIdx>,
    pub ids: Vec<String>,
    pub area: Area,
    /// Kind of the (largest) parcel.
    pub kind: StockKind,
    pub planned_use: LandUse,
    pub county: String,
    pub status: ParcelStatus,
    pub use_fit: UseFit,
    pub size: SizeFit,
    /// Edge-to-edge from the footprint, or from the location, metres.
    pub distance_m: f64,
    pub same_county: bool,
    pub parts: ScoreParts,
    pub score: f64,
    pub class: CandidateClass,
    pub reasons: Vec<Reason>,
}

impl Candidate {
    pub fn is_merged(&self) -> bool {
        self.parcels.len() > 1
    }

    /// The name a chosen candidate is kept under (project file, quota link): its 地块编号 joined by "+".
    pub fn key(&self) -> String {
        self.ids.join("+")
    }
}

/// The facts a score is made of.
#[derive(Debug, Clone, Copy)]
pub struct Facts {
    pub use_fit: UseFit,
    pub size: SizeFit,
    /// Clause (一) preference credit: 1 for 批而未供 … 0 for 集体.
    pub kind_credit: f64,
    pub distance_m: f64,
    pub same_county: bool,
    pub available: bool,
    pub parcels: usize,
}

/// Clause (一) preference as a credit (the fraction of the kind weight earned): 批而未供 1, 闲置 0.75, 低效 0.5, 废弃 0.25, 集体 0.
pub fn kind_credit(k: StockKind) -> f64 {
    let last = StockKind::ALL.iter().map(|k| k.preference()).max().unwrap_or(1).max(1) as f64;
    1.0 - k.preference() as f64 / last
}

pub fn score(f: &Facts, rules: &MatchRules) -> ScoreParts {
    let w = &rules.weights;
    ScoreParts {
        use_fit: w.use_fit * f.use_fit.credit(rules),
        size_fit: w.size_fit * f.size.credit(rules.size_band),
        stock_kind: w.stock_kind * f.kind_credit,
        distance: w.distance * (1.0 - f.distance_m / rules.search.radius_m).clamp(0.0, 1.0),
        same_county: if f.same_county { w.same_county } else { 0.0 },
        not_available: if f.available { 0.0 } else { -w.not_available },
        merge: -w.merge_per_extra_parcel * f.parcels.saturating_sub(1) as f64,
        cultivated: 0.0,
    }
}

/// Clause (二): short of area → 需补足增量; use to convert, or too large to supply whole → 需调整规划条件;
/// otherwise 直接首选.
pub fn classify(use_fit: UseFit, size: &SizeFit, rules: &MatchRules) -> CandidateClass {
    if size.class == SizeClass::TooSmall {
        CandidateClass::TopUpIncrement
    } else if !use_fit.is_direct(rules) || size.class == SizeClass::TooLarge {
        CandidateClass::AdjustPlanningConditions
    } else {
        CandidateClass::DirectFirstChoice
    }
}

/// The reasons behind a candidate's class and score, with the numbers.
pub fn reasons(c: &Candidate, required: Area, rules: &MatchRules) -> Vec<Reason> {
    let p = &c.parts;
    let mut out = Vec::new();
    let clause = c.use_fit.clause(rules);
    let rule_note = |zh: bool| match c.use_fit {
        UseFit::Compatible(i) => rules
            .compatible
            .get(i)
            .map(|r| if zh { r.zh.clone() } else { r.en.clone() }),
        UseFit::Convertible(i) => rules
            .conversions
            .get(i)
            .map(|r| if zh { r.zh.clone() } else { r.en.clone() }),
        _ => None,
    };
    out.push(Reason {
        zh: format!(
            "用途：规划用途 {} — {}{}{}（{:+.1}）",
            c.planned_use.code,
            c.use_fit.zh(),
            rule_note(true).map(|n| format!("，{n}")).unwrap_or_default(),
            if clause.is_empty() {
                String::new()
            } else {
                format!("，条款{clause}")
            },
            p.use_fit
        ),
        en: format!(
            "use: planned {} — {}{}{} ({:+.1})",
            c.planned_use.code,
            c.use_fit.en(),
            rule_note(false).map(|n| format!(", {n}")).unwrap_or_default(),
            if clause.is_empty() {
                String::new()
            } else {
                format!(", clause {clause}")
            },
            p.use_fit
        ),
    });
    let s = &c.size;
    let band = rules.size_band;
    let (size_zh, size_en) = match s.class {
        SizeClass::Fits => (
            format!(
                "在 {:.2}–{:.2} 区间内，规模适配（条款（一））",
                band.min_ratio, band.max_ratio
            ),
            format!(
                "inside {:.2}–{:.2}, size fits (clause 一)",
                band.min_ratio, band.max_ratio
            ),
        ),
        SizeClass::TooSmall => (
            format!("不足，需补足增量 {:.2} 亩（条款（二））", s.shortfall.mu()),
            format!("too small: top up {:.2} mu of new land (clause 二)", s.shortfall.mu()),
        ),
        SizeClass::TooLarge => (
            format!(
                "偏大，多出 {:.2} 亩，用地规模应与建设规模相适配（条款（一）），宜分割供应或调整规划条件",
                s.surplus.mu()
            ),
            format!(
                "wastefully large by {:.2} mu; scale must fit the project (clause 一): split or adjust",
                s.surplus.mu()
            ),
        ),
    };
    out.push(Reason {
        zh: format!(
            "规模：{:.2} 亩 ÷ 需求 {:.2} 亩 = {:.2}，{}（{:+.1}）",
            c.area.mu(),
            required.mu(),
            s.ratio,
            size_zh,
            p.size_fit
        ),
        en: format!(
            "size: {:.2} mu ÷ required {:.2} mu = {:.2}, {} ({:+.1})",
            c.area.mu(),
            required.mu(),
            s.ratio,
            size_en,
            p.size_fit
        ),
    });
    out.push(Reason {
        zh: format!(
            "存量类型：{}，按条款（一）顺序 第 {} 位（{:+.1}）",
            c.kind.zh(),
            c.kind.preference() + 1,
            p.stock_kind
        ),
        en: format!(
            "stock kind: {}, rank {} in the clause (一) order ({:+.1})",
            c.kind.en(),
            c.kind.preference() + 1,
            p.stock_kind
        ),
    });
    out.push(Reason {
        zh: format!(
            "距离：{:.0} 米（{:+.1}）{}",
            c.distance_m,
            p.distance,
            if c.same_county {
                format!("；同一县区（{:+.1}）", p.same_county)
            } else {
                "；不在项目所在县区".into()
            }
        ),
        en: format!(
            "distance: {:.0} m ({:+.1}){}",
            c.distance_m,
            p.distance,
            if c.same_county {
                format!("; same county ({:+.1})", p.same_county)
            } else {
                "; another county".into()
            }
        ),
    });
    if p.not_available != 0.0 {
        out.push(Reason {
            zh: format!("状态：{}，非可供（{:+.1}）", c.status.zh(), p.not_available),
            en: format!("status: {}, not available ({:+.1})", c.status.en(), p.not_available),
        });
    }
    if c.is_merged() {
        out.push(Reason {
            zh: format!(
                "整合归并（条款（四））：{} 块相邻或间距不超过 {:.0} 米，合计 {:.2} 亩（{:+.1}）",
                c.parcels.len(),
                rules.merge.max_gap_m,
                c.area.mu(),
                p.merge
            ),
            en: format!(
                "merged (clause 四): {} parcels adjacent or within {:.0} m, {:.2} mu together ({:+.1})",
                c.parcels.len(),
                rules.merge.max_gap_m,
                c.area.mu(),
                p.merge
            ),
        });
    }
    out.push(Reason {
        zh: format!("结论：{}，得分 {:.1}", c.class.zh(), c.score),
        en: format!("verdict: {}, score {:.1}", c.class.en(), c.score),
    });
    out
}

/// Orders candidates: by class first when the rules say so (clause 二), then score, then the first parcel id —
/// so the same library and requirement always give the same list.
pub fn rank(cands: &mut [Candidate], rules: &MatchRules) {
    cands.sort_by(|a, b| rank_order(a.class, a.score, b.class, b.score, rules).then_with(|| a.ids.cmp(&b.ids)));
}

/// The ranking before ids break ties: class first when `class_first` (clause 二), then the higher score.
pub(crate) fn rank_order(
    class_a: CandidateClass,
    score_a: f64,
    class_b: CandidateClass,
    score_b: f64,
    rules: &MatchRules,
) -> std::cmp::Ordering {
    let class = if rules.class_first {
        class_a.cmp(&class_b)
    } else {
        std::cmp::Ordering::Equal
    };
    class.then_with(|| score_b.total_cmp(&score_a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::size_fit::size_fit;
    use crate::matching::weights::fixture;

    fn facts(use_fit: UseFit, avail_mu: f64) -> Facts {
        let band = fixture::rules().size_band;
        Facts {
            use_fit,
            size: size_fit(Area::from_mu(avail_mu), Area::from_mu(100.0), band),
            kind_credit: kind_credit(StockKind::ApprovedUnsupplied),
            distance_m: 1000.0,
            same_county: true,
            available: true,
            parcels: 1,
        }
    }

    #[test]
    fn kind_credits_follow_clause_one() {
        // Clause (一): 批而未供 → 闲置 → 低效 → (废弃) → 集体, evenly spaced over preference ranks 0..4.
        assert_eq!(kind_credit(StockKind::ApprovedUnsupplied), 1.0);
        assert_eq!(kind_credit(StockKind::Idle), 0.75);
        assert_eq!(kind_credit(StockKind::Inefficient), 0.5);
        assert_eq!(kind_credit(StockKind::Collective), 0.0);
    }

    #[test]
    fn score_adds_the_weighted_parts() {
        // Fixture weights: use 40 × 1, size 30 × 1 (100 亩 for 100), kind 12 × 1, distance 12 × (1 − 1000/5000) = 9.6,
        // county 6: total 97.6.
        let s = score(&facts(UseFit::Exact, 100.0), &fixture::rules());
        assert!((s.distance - 9.6).abs() < 1e-12);
        assert!((s.total() - 97.6).abs() < 1e-9);
    }

    #[test]
    fn clause_two_classes() {
        let r = fixture::rules();
        let f = facts(UseFit::Exact, 100.0);
        assert_eq!(classify(f.use_fit, &f.size, &r), CandidateClass::DirectFirstChoice);
        let f = facts(UseFit::Convertible(0), 100.0);
        assert_eq!(
            classify(f.use_fit, &f.size, &r),
            CandidateClass::AdjustPlanningConditions
        );
        // 200 亩 for 100: ratio 2 > 1.3, too large → planning conditions (split the parcel), clause (一).
        let f = facts(UseFit::Exact, 200.0);
        assert_eq!(
            classify(f.use_fit, &f.size, &r),
            CandidateClass::AdjustPlanningConditions
        );
        // 60 亩 for 100: too small → top up 40 亩.
        let f = facts(UseFit::Convertible(0), 60.0);
        assert_eq!(classify(f.use_fit, &f.size, &r), CandidateClass::TopUpIncrement);
    }
}
