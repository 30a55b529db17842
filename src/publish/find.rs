//! "为我的项目找地": the public finder ranks the catalogue by the core's own rules. The page cannot carry the Rust
//! matcher, so the use half is precomputed here with `matching::use_fit` (every 2023 code a visitor may pick ×
//! every planned use in the catalogue), and the page does only the size arithmetic of `matching::size_fit` with
//! the weights, band and kind credits of `assets/matching.ron` (see docs/publish.md). [`rank_public`] is the same
//! ranking done entirely by the core, for `stockfirst publish --rank-use` and the tests that compare the two.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::matching::{
    Candidate, CandidateClass, Facts, MatchRules, ScoreParts, UseFit, classify, kind_credit, rank, score, size_fit,
    use_fit,
};
use crate::model::{Area, LandUse, LandUseCatalog, LandUseSystem, MU_PER_M2, Parcel, StockKind};

/// The key a planned use has in the page's data: the code for 2023 codes, the system and the code for older ones
/// (which never fit a 2023 request, domain notes §5).
pub fn use_key(lu: &LandUse) -> String {
    match lu.system {
        LandUseSystem::Ydyh2023 => lu.code.clone(),
        other => format!("{}:{}", other.en(), lu.code),
    }
}

/// One precomputed use fit: what the page needs to score and to say why.
#[derive(Debug, Clone, Serialize)]
pub struct FitEntry {
    /// Fraction of the use weight earned.
    pub credit: f64,
    /// Counts as the same use for the clause (二) class.
    pub direct: bool,
    pub zh: String,
    pub en: String,
}

/// Everything the page's finder needs, from the core and `assets/matching.ron`.
#[derive(Debug, Clone, Serialize)]
pub struct Finder {
    pub use_weight: f64,
    pub size_weight: f64,
    pub kind_weight: f64,
    pub band_min: f64,
    pub band_max: f64,
    pub class_first: bool,
    pub mu_per_m2: f64,
    /// Kind code (PEWG …) → clause (一) preference credit.
    pub kind_credit: BTreeMap<String, f64>,
    /// Requested 2023 code → planned-use key → fit; unfit pairs are left out.
    pub fit: BTreeMap<String, BTreeMap<String, FitEntry>>,
    /// Class names in the core's order (index = class rank).
    pub classes: Vec<[String; 2]>,
}

fn fit_words(f: UseFit, rules: &MatchRules) -> (String, String) {
    let note = |zh: bool| match f {
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
    let clause = f.clause(rules);
    (
        format!(
            "{}{}{}",
            f.zh(),
            note(true).map(|n| format!("：{n}")).unwrap_or_default(),
            if clause.is_empty() {
                String::new()
            } else {
                format!("（条款{clause}）")
            }
        ),
        format!(
            "{}{}{}",
            f.en(),
            note(false).map(|n| format!(": {n}")).unwrap_or_default(),
            if clause.is_empty() {
                String::new()
            } else {
                format!(" (clause {clause})")
            }
        ),
    )
}

pub fn finder(parcels: &[&Parcel], catalog: &LandUseCatalog, rules: &MatchRules) -> Finder {
    let planned: BTreeMap<String, &LandUse> = parcels
        .iter()
        .map(|p| (use_key(&p.planned_use), &p.planned_use))
        .collect();
    let mut fit = BTreeMap::new();
    for class in &catalog.ydyh2023 {
        let req = LandUse::ydyh(&class.code);
        let row: BTreeMap<String, FitEntry> = planned
            .iter()
            .filter_map(|(key, lu)| {
                let f = use_fit(&req, lu, rules);
                (f != UseFit::Unfit).then(|| {
                    let (zh, en) = fit_words(f, rules);
                    (
                        key.clone(),
                        FitEntry {
                            credit: f.credit(rules),
                            direct: f.is_direct(rules),
                            zh,
                            en,
                        },
                    )
                })
            })
            .collect();
        if !row.is_empty() {
            fit.insert(class.code.clone(), row);
        }
    }
    Finder {
        use_weight: rules.weights.use_fit,
        size_weight: rules.weights.size_fit,
        kind_weight: rules.weights.stock_kind,
        band_min: rules.size_band.min_ratio,
        band_max: rules.size_band.max_ratio,
        class_first: rules.class_first,
        mu_per_m2: MU_PER_M2,
        kind_credit: StockKind::ALL
            .iter()
            .map(|k| (k.code().to_string(), kind_credit(*k)))
            .collect(),
        fit,
        classes: [
            CandidateClass::DirectFirstChoice,
            CandidateClass::AdjustPlanningConditions,
            CandidateClass::TopUpIncrement,
        ]
        .iter()
        .map(|c| [c.zh().to_string(), c.en().to_string()])
        .collect(),
    }
}

/// The core's ranking of public parcels for a project with a use and a size and no location: use, size and stock
/// kind score; distance and county earn nothing for anyone (the visitor gave no place). Unfit uses are left out,
/// as `stockfirst match` leaves them out.
pub fn rank_public(
    parcels: &[&Parcel],
    required_use: &LandUse,
    required_mu: f64,
    rules: &MatchRules,
) -> Vec<Candidate> {
    let required = Area::from_mu(required_mu);
    let mut out: Vec<Candidate> = parcels
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let uf = use_fit(required_use, &p.planned_use, rules);
            if uf == UseFit::Unfit {
                return None;
            }
            let size = size_fit(p.area, required, rules.size_band);
            let facts = Facts {
                use_fit: uf,
                size,
                kind_credit: kind_credit(p.kind),
                // At the search radius the distance part is zero: no location was given.
                distance_m: rules.search.radius_m,
                same_county: false,
                available: true,
                parcels: 1,
            };
            let parts: ScoreParts = score(&facts, rules);
            Some(Candidate {
                parcels: vec![i as u32],
                ids: vec![p.id.clone()],
                area: p.area,
                kind: p.kind,
                planned_use: p.planned_use.clone(),
                county: p.county.clone(),
                status: p.status,
                use_fit: uf,
                size,
                distance_m: rules.search.radius_m,
                same_county: false,
                parts,
                score: parts.total(),
                class: classify(uf, &size, rules),
                reasons: Vec::new(),
            })
        })
        .collect();
    rank(&mut out, rules);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{MultiPolygon, polygon};

    fn parcel(id: &str, kind: StockKind, code: &str, mu: f64) -> Parcel {
        // A square of `mu` 亩: side √(mu / 0.0015) m.
        let s = (mu / MU_PER_M2).sqrt();
        let sq = polygon![(x: 0.0, y: 0.0), (x: s, y: 0.0), (x: s, y: s), (x: 0.0, y: s)];
        Parcel::new(id, kind, LandUse::ydyh(code), "410821", MultiPolygon(vec![sq]))
    }

    #[test]
    fn public_ranking_is_use_size_and_kind_by_hand() {
        let rules: MatchRules = crate::io::match_rules().unwrap();
        let a = parcel("A", StockKind::Idle, "1001", 100.0);
        let b = parcel("B", StockKind::ApprovedUnsupplied, "1101", 100.0);
        let c = parcel("C", StockKind::ApprovedUnsupplied, "1001", 50.0);
        let d = parcel("D", StockKind::ApprovedUnsupplied, "0701", 100.0);
        let ps = vec![&a, &b, &c, &d];
        let r = rank_public(&ps, &LandUse::ydyh("1001"), 100.0, &rules);
        let ids: Vec<&str> = r.iter().map(|c| c.ids[0].as_str()).collect();
        // assets/matching.ron: use 40, size 30, kind 12; 1001 ↔ 1101 compatible (0.8, direct); 0701 unfit.
        // A: 40 + 30 + 12 × 0.75 = 79, direct. B: 32 + 30 + 12 = 74, direct.
        // C: 50 亩 of 100 → ratio 0.5 < 0.9, too small: 需补足增量, after the direct ones.
        assert_eq!(ids, vec!["A", "B", "C"]);
        assert!((r[0].score - 79.0).abs() < 1e-6, "{}", r[0].score);
        assert!((r[1].score - 74.0).abs() < 1e-6, "{}", r[1].score);
        assert_eq!(r[2].class, CandidateClass::TopUpIncrement);
        // 40 + 30 × 0.5 / 0.9 + 12 = 68.666…
        assert!((r[2].score - (52.0 + 30.0 * 0.5 / 0.9)).abs() < 1e-6, "{}", r[2].score);
    }

    #[test]
    fn finder_table_leaves_out_unfit_pairs() {
        let rules: MatchRules = crate::io::match_rules().unwrap();
        let catalog = crate::io::assets::land_use_catalog().unwrap();
        let a = parcel("A", StockKind::Idle, "1001", 10.0);
        let f = finder(&[&a], &catalog, &rules);
        assert!(f.fit["1001"]["1001"].direct);
        assert_eq!(f.fit["1101"]["1001"].credit, 0.8);
        assert!(!f.fit.contains_key("0701"));
        assert_eq!(f.kind_credit["PEWG"], 1.0);
    }
}
