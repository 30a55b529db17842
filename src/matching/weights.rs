//! Every number the matcher uses: weights, the size band, the merge gap, the search radius, and the use lists.
//! The values live in `assets/matching.ron` (read by `crate::io::match_rules`); this file only says what they mean.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Score weights. A candidate's score is the sum of the parts, each part its weight × a credit in 0..=1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// Use fit (clause 二 "用途…符合").
    pub use_fit: f64,
    /// Credit: the fraction of `use_fit` earned by a compatible mixed use (clause 一). Was `compatible_share`;
    /// rule files with the old key still load.
    #[serde(alias = "compatible_share")]
    pub compatible_credit: f64,
    /// Credit: the fraction of `use_fit` earned by a use convertible under the positive list (clause 十).
    #[serde(alias = "convertible_share")]
    pub convertible_credit: f64,
    /// Size fit (clause 一 "用地规模与建设规模相适配").
    pub size_fit: f64,
    /// Stock-kind preference, clause (一) order: full weight for the most preferred kind, none for the last.
    pub stock_kind: f64,
    /// Nearness: full weight at distance 0, none at `Search::radius_m`.
    pub distance: f64,
    /// Bonus for a parcel in the project's county.
    pub same_county: f64,
    /// Penalty for a parcel not available (可供), when those are asked for.
    pub not_available: f64,
    /// Penalty for each parcel beyond the first in a merged group (clause 四: merging costs consolidation work).
    pub merge_per_extra_parcel: f64,
    /// Clause (一) “确需新增建设用地的，优先引导选址向非耕地资源倾斜”: penalty when the increment takes 耕地, scaled by
    /// the cultivated 亩 of the increment ÷ the required 亩. Applied only when control layers are loaded.
    #[serde(default)]
    pub cultivated_increment: f64,
}

/// Where parcel area ÷ required area fits (clause 一).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SizeBand {
    pub min_ratio: f64,
    pub max_ratio: f64,
}

/// How far and how long to look.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Search {
    /// Candidates farther than this from the footprint or location are not considered (metres).
    pub radius_m: f64,
    /// Safety stop: at most this many parcels are examined per match.
    pub max_examined: usize,
    /// With no county given, the project's county is the one most of this many nearest parcels belong to.
    pub county_from_nearest: usize,
}

/// 整合归并 (clause 四).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeRules {
    /// Parcels closer than this (metres, edge to edge) may be merged.
    pub max_gap_m: f64,
    /// At most this many parcels in one group.
    pub max_parcels: usize,
    /// Look for groups only when no single candidate is big enough.
    pub only_when_no_single_fits: bool,
    /// At most this many groups are returned.
    pub max_groups: usize,
}

/// How codes of the same line (parent / child) count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinealRule {
    /// A parcel planned for a child code of the project's use (project 1001, parcel 100101) is exact.
    pub child_is_exact: bool,
    /// A parcel planned for a parent code (project 100101, parcel 1001) is exact.
    pub parent_is_exact: bool,
    /// Only codes at least this long take part (4 = level 2): "10" and "1002" are not the same use.
    pub min_code_len: usize,
}

/// One entry of the positive conversion list (正面清单, clause 十): stock planned for `from` may be turned to `to`.
/// Codes match by prefix ("09" covers 0901 and 090104).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conversion {
    pub from: Vec<String>,
    pub to: Vec<String>,
    pub clause: String,
    pub zh: String,
    pub en: String,
}

/// A pair of uses that may share a parcel (土地用途兼容复合利用, clause 一). Symmetric; prefix match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compatible {
    pub a: Vec<String>,
    pub b: Vec<String>,
    pub clause: String,
    pub zh: String,
    pub en: String,
}

/// The whole rule set (`assets/matching.ron`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MatchRules {
    pub weights: Weights,
    pub size_band: SizeBand,
    pub search: Search,
    pub merge: MergeRules,
    pub lineal: LinealRule,
    /// A compatible mixed use needs no change of planning conditions, so it may be a direct first choice.
    pub compatible_is_direct: bool,
    /// 直接首选 before 需调整规划条件 before 需补足增量, then score (clause 二 names the first choice first).
    pub class_first: bool,
    pub conversions: Vec<Conversion>,
    pub compatible: Vec<Compatible>,
    /// 存量组合 (issue 15): sets of parcels for one project. Absent in older rule files: the shipped values.
    #[serde(default)]
    pub combination: super::combination_rules::CombinationRules,
    /// The real county outlines, attached by the loader (not part of the rule file). With them the county of a
    /// site is found by point-in-polygon and a red line across a county line is reported (clause 十二).
    #[serde(skip)]
    pub boundaries: Option<std::sync::Arc<crate::model::CountyBoundaries>>,
}

/// How the project's county was known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountySource {
    /// The officer gave it.
    Given,
    /// The site's point lies in the county's outline.
    Boundary,
    /// Outside every outline (or none loaded): the county most of the nearest parcels belong to.
    NearestParcels,
    /// Not found.
    Unknown,
}

impl CountySource {
    pub fn label_zh(self) -> &'static str {
        match self {
            CountySource::Given => "指定",
            CountySource::Boundary => "按县界判定",
            CountySource::NearestParcels => "按邻近地块推定（不在县界内）",
            CountySource::Unknown => "未能判定",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Error)]
pub enum RulesError {
    #[error("规模区间无效 {0}–{1}：须 0 < 下限 ≤ 1 ≤ 上限 / size band {0}–{1} invalid: need 0 < min ≤ 1 ≤ max")]
    SizeBand(f64, f64),
    #[error("权重 {0} 为负或不是有限数 / weight {0} is negative or not finite")]
    Weight(&'static str),
    #[error("{0} 必须为正 / {0} must be positive")]
    NotPositive(&'static str),
    #[error("存量组合规则无效：{0} / invalid combination rule: {0}")]
    Combination(&'static str),
    #[error("清单第 {0} 条为空 / list entry {0} has an empty code list")]
    EmptyEntry(usize),
}

impl MatchRules {
    /// Checks the numbers make sense, so a typo in the RON file is caught on load, not in a ranking.
    pub fn validate(&self) -> Result<(), RulesError> {
        let b = self.size_band;
        if !(b.min_ratio > 0.0 && b.min_ratio <= 1.0 && b.max_ratio >= 1.0 && b.max_ratio.is_finite()) {
            return Err(RulesError::SizeBand(b.min_ratio, b.max_ratio));
        }
        let w = &self.weights;
        for (name, v) in [
            ("use_fit", w.use_fit),
            ("compatible_credit", w.compatible_credit),
            ("convertible_credit", w.convertible_credit),
            ("size_fit", w.size_fit),
            ("stock_kind", w.stock_kind),
            ("distance", w.distance),
            ("same_county", w.same_county),
            ("not_available", w.not_available),
            ("merge_per_extra_parcel", w.merge_per_extra_parcel),
            ("cultivated_increment", w.cultivated_increment),
        ] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(RulesError::Weight(name));
            }
        }
        if !(self.search.radius_m > 0.0 && self.search.radius_m.is_finite()) {
            return Err(RulesError::NotPositive("search.radius_m"));
        }
        if self.search.max_examined == 0 {
            return Err(RulesError::NotPositive("search.max_examined"));
        }
        if self.search.county_from_nearest == 0 {
            return Err(RulesError::NotPositive("search.county_from_nearest"));
        }
        if !(self.merge.max_gap_m >= 0.0 && self.merge.max_gap_m.is_finite()) {
            return Err(RulesError::NotPositive("merge.max_gap_m"));
        }
        for (i, c) in self.conversions.iter().enumerate() {
            if c.from.is_empty() || c.to.is_empty() {
                return Err(RulesError::EmptyEntry(i + 1));
            }
        }
        for (i, c) in self.compatible.iter().enumerate() {
            if c.a.is_empty() || c.b.is_empty() {
                return Err(RulesError::EmptyEntry(i + 1));
            }
        }
        self.combination.check().map_err(RulesError::Combination)?;
        Ok(())
    }

    /// The county of a site with no county given (属地): the county whose outline holds `at`; outside every
    /// outline (or with none loaded), the one most of the `search.county_from_nearest` parcels nearest to `at`
    /// belong to.
    pub fn county_at(&self, lib: &crate::library::StockLibrary, at: geo::Coord<f64>) -> Option<String> {
        self.county_and_source_at(lib, at).0
    }

    /// [`Self::county_at`], saying which rule gave the answer.
    pub fn county_and_source_at(
        &self,
        lib: &crate::library::StockLibrary,
        at: geo::Coord<f64>,
    ) -> (Option<String>, CountySource) {
        if let Some(c) = self.boundaries.as_ref().and_then(|b| b.county_of(at)) {
            return (Some(c.id.clone()), CountySource::Boundary);
        }
        match lib.county_near(at, self.search.county_from_nearest) {
            Some(c) => (Some(c), CountySource::NearestParcels),
            None => (None, CountySource::Unknown),
        }
    }

    /// The most a candidate can score apart from distance: the bound that lets the search stop early.
    pub fn max_score_without_distance(&self) -> f64 {
        let w = &self.weights;
        w.use_fit + w.size_fit + w.stock_kind + w.same_county
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    use super::*;

    /// A small rule set for unit tests, written out here so the tests do not depend on the shipped file.
    pub fn rules() -> MatchRules {
        MatchRules {
            weights: Weights {
                use_fit: 40.0,
                compatible_credit: 0.8,
                convertible_credit: 0.5,
                size_fit: 30.0,
                stock_kind: 12.0,
                distance: 12.0,
                same_county: 6.0,
                not_available: 20.0,
                merge_per_extra_parcel: 2.0,
                cultivated_increment: 10.0,
            },
            size_band: SizeBand {
                min_ratio: 0.9,
                max_ratio: 1.3,
            },
            search: Search {
                radius_m: 5000.0,
                max_examined: 20_000,
                county_from_nearest: 15,
            },
            merge: MergeRules {
                max_gap_m: 30.0,
                max_parcels: 5,
                only_when_no_single_fits: true,
                max_groups: 5,
            },
            lineal: LinealRule {
                child_is_exact: true,
                parent_is_exact: true,
                min_code_len: 4,
            },
            compatible_is_direct: true,
            class_first: true,
            conversions: vec![Conversion {
                from: vec!["1001".into()],
                to: vec!["1101".into(), "0802".into()],
                clause: "（十）".into(),
                zh: "工业转仓储、科研".into(),
                en: "industrial to storage or research".into(),
            }],
            compatible: vec![Compatible {
                a: vec!["0901".into()],
                b: vec!["0902".into()],
                clause: "（一）".into(),
                zh: "商业与商务金融兼容".into(),
                en: "retail with business and finance".into(),
            }],
            combination: Default::default(),
            boundaries: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_is_valid() {
        assert_eq!(fixture::rules().validate(), Ok(()));
    }

    #[test]
    fn inverted_band_is_refused() {
        let mut r = fixture::rules();
        r.size_band = SizeBand {
            min_ratio: 1.3,
            max_ratio: 0.9,
        };
        assert_eq!(r.validate(), Err(RulesError::SizeBand(1.3, 0.9)));
    }

    #[test]
    fn negative_weight_is_refused() {
        let mut r = fixture::rules();
        r.weights.distance = -1.0;
        assert_eq!(r.validate(), Err(RulesError::Weight("distance")));
    }

    #[test]
    fn bound_sums_the_non_distance_weights() {
        // 40 + 30 + 12 + 6 = 88.
        assert_eq!(fixture::rules().max_score_without_distance(), 88.0);
    }
}
