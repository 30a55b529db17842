//! The policy as data: every number and order of clauses (五)–(九), (十六), (十七), each with its clause and the
//! Chinese words it comes from. Loaded from `assets/rules/jiaozuo-2026.ron` by `crate::io::quota_files`.

use serde::{Deserialize, Serialize};

use super::{Basis, Clause, PoolId, QuotaError, Tier};
use crate::model::Lang;

/// All the rules the engine applies. The engine holds no policy number of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// A title for people.
    pub name: String,
    /// The document the words are quoted from.
    pub document: String,
    pub pools: Vec<PoolRule>,
    pub tiers: Vec<TierRule>,
    pub old_area: OldAreaRule,
    pub municipal_advance: AdvanceRule,
    pub municipal_adjustment: AdjustmentPoolRule,
    pub cultivated_share: CultivatedShareRule,
    pub illegal_occupation: IllegalOccupationRule,
}

/// What a pool is called and where the opinions create it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolRule {
    pub pool: PoolId,
    pub name_zh: String,
    pub name_en: String,
    /// The clause that creates the pool, or the national rule it rests on when the opinions do not create it.
    #[serde(alias = "basis")]
    pub clause: Basis,
    pub words: String,
}

/// One place a tier may draw from, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub pool: PoolId,
    /// The clause that allows this draw, or — when the opinions do not state it — its national or practical basis.
    #[serde(alias = "basis")]
    pub clause: Basis,
    pub words: String,
    /// Only projects in the revolutionary old areas (clause 七) take this step.
    #[serde(default)]
    pub only_old_area: bool,
}

/// Which pools a tier may use, in what order: for its new construction land and for its cultivated part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierRule {
    pub tier: Tier,
    /// The clause that lists the tier; an ordinary project is listed nowhere, so its basis is ordinary practice.
    #[serde(alias = "basis")]
    pub clause: Basis,
    pub words: String,
    pub new_land: Vec<Step>,
    pub cultivated: Vec<Step>,
}

/// Clause (七): so many 亩 of provincial special subsidy quota for each listed county.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OldAreaRule {
    pub clause: Clause,
    pub words: String,
    /// County ids once loaded (the file may use names; io resolves them).
    pub counties: Vec<String>,
    pub mu_each: f64,
}

/// Clause (八): the city advances a share of the revitalisation quota the province issued for a given year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdvanceRule {
    pub clause: Clause,
    pub words: String,
    pub source_year: i32,
    pub share: f64,
}

/// Clause (九): the municipal adjustment pool is this share of every county's compensation quota.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdjustmentPoolRule {
    pub clause: Clause,
    pub words: String,
    pub share: f64,
}

/// Clause (十六): 占耕比 against the provincial average.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CultivatedShareRule {
    pub clause: Clause,
    /// Added to next year's plan quota when the county is below the average.
    pub reward_mu: f64,
    pub reward_words: String,
    pub advanced_priority_words: String,
    /// Taken from next year's plan quota when the county is above the average.
    pub deduction_mu: f64,
    pub deduction_words: String,
    pub score_deduction_words: String,
    /// Above the average this many times in a row: no longer recommended as a demonstration county.
    pub consecutive_times: u32,
    pub consecutive_words: String,
}

/// Clause (十七): illegal occupation of cultivated land.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IllegalOccupationRule {
    pub clause: Clause,
    /// New illegal occupation strictly above this many 亩 in the year triggers the deduction.
    pub threshold_mu: f64,
    pub threshold_words: String,
    pub unrectified_words: String,
    pub criticised_words: String,
    /// Taken from next year's plan quota, once, if any trigger holds.
    pub deduction_mu: f64,
    pub deduction_words: String,
}

/// What is wrong with a rules file, and the field (a RON key path such as `old_area.mu_each`) it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleProblem {
    pub key: &'static str,
    pub error: QuotaError,
}

impl Rules {
    /// Checks that every pool and tier has exactly one rule and that every number makes sense.
    pub fn validate(&self) -> Result<(), QuotaError> {
        self.check().map_err(|p| p.error)
    }

    /// As [`Rules::validate`], naming the field of the rules file that is wrong, so the edge can point at its line.
    pub fn check(&self) -> Result<(), RuleProblem> {
        let at = |key: &'static str, error: QuotaError| RuleProblem { key, error };
        for id in PoolId::ALL {
            match self.pools.iter().filter(|p| p.pool == id).count() {
                0 => {
                    return Err(at(
                        "pools",
                        QuotaError::MissingRule {
                            what: format!("pools: {}", id.ident()),
                        },
                    ));
                }
                1 => {}
                _ => {
                    return Err(at(
                        "pools",
                        QuotaError::DuplicateRule {
                            what: format!("pools: {}", id.ident()),
                        },
                    ));
                }
            }
        }
        for t in Tier::ALL {
            match self.tiers.iter().filter(|r| r.tier == t).count() {
                0 => {
                    return Err(at(
                        "tiers",
                        QuotaError::MissingRule {
                            what: format!("tiers: {}", t.ident()),
                        },
                    ));
                }
                1 => {}
                _ => {
                    return Err(at(
                        "tiers",
                        QuotaError::DuplicateRule {
                            what: format!("tiers: {}", t.ident()),
                        },
                    ));
                }
            }
        }
        for r in &self.tiers {
            if r.new_land.is_empty() {
                return Err(at(
                    "tiers",
                    QuotaError::MissingRule {
                        what: format!("tiers: {}: new_land", r.tier.ident()),
                    },
                ));
            }
            for s in r.new_land.iter().chain(&r.cultivated) {
                if self.pool(s.pool).is_none() {
                    return Err(at(
                        "tiers",
                        QuotaError::UndefinedPool {
                            tier: r.tier,
                            pool: s.pool,
                        },
                    ));
                }
            }
            if let Some(s) = r.new_land.iter().find(|s| s.pool.is_compensation()) {
                return Err(at(
                    "tiers",
                    QuotaError::InvalidRule {
                        what: format!(
                            "tiers: {}: new_land draws on compensation pool {}",
                            r.tier.ident(),
                            s.pool.ident()
                        ),
                    },
                ));
            }
            if let Some(s) = r.cultivated.iter().find(|s| !s.pool.is_compensation()) {
                return Err(at(
                    "tiers",
                    QuotaError::InvalidRule {
                        what: format!(
                            "tiers: {}: cultivated draws on plan pool {}",
                            r.tier.ident(),
                            s.pool.ident()
                        ),
                    },
                ));
            }
        }
        let non_negative = |what: &'static str, v: f64| {
            if v.is_finite() && v >= 0.0 {
                Ok(())
            } else {
                let error = QuotaError::InvalidRule {
                    what: format!("{what} = {v}"),
                };
                Err(at(what, error))
            }
        };
        let share = |what: &'static str, v: f64| {
            if v.is_finite() && v > 0.0 && v <= 1.0 {
                Ok(())
            } else {
                let error = QuotaError::InvalidRule {
                    what: format!("{what} = {v} (must be in (0, 1])"),
                };
                Err(at(what, error))
            }
        };
        non_negative("old_area.mu_each", self.old_area.mu_each)?;
        if self.old_area.counties.is_empty() {
            return Err(at(
                "old_area.counties",
                QuotaError::MissingRule {
                    what: "old_area.counties".into(),
                },
            ));
        }
        share("municipal_advance.share", self.municipal_advance.share)?;
        share("municipal_adjustment.share", self.municipal_adjustment.share)?;
        non_negative("cultivated_share.reward_mu", self.cultivated_share.reward_mu)?;
        non_negative("cultivated_share.deduction_mu", self.cultivated_share.deduction_mu)?;
        non_negative("illegal_occupation.threshold_mu", self.illegal_occupation.threshold_mu)?;
        non_negative("illegal_occupation.deduction_mu", self.illegal_occupation.deduction_mu)?;
        // The scenario records only last year, so a run longer than two cannot be judged.
        if !(1..=2).contains(&self.cultivated_share.consecutive_times) {
            return Err(at(
                "cultivated_share.consecutive_times",
                QuotaError::InvalidRule {
                    what: format!(
                        "cultivated_share.consecutive_times = {} (1 or 2: scenarios record last year only)",
                        self.cultivated_share.consecutive_times
                    ),
                },
            ));
        }
        Ok(())
    }

    pub fn pool(&self, id: PoolId) -> Option<&PoolRule> {
        self.pools.iter().find(|p| p.pool == id)
    }

    pub fn tier(&self, t: Tier) -> Option<&TierRule> {
        self.tiers.iter().find(|r| r.tier == t)
    }

    /// Whether a county (by id) is a revolutionary old area under clause (七).
    pub fn is_old_area(&self, county: &str) -> bool {
        self.old_area.counties.iter().any(|c| c == county)
    }

    /// The pool's name in the language asked for, falling back to its identifier.
    pub fn pool_name(&self, id: PoolId, lang: Lang) -> &str {
        match self.pool(id) {
            Some(p) => lang.pick(&p.name_zh, &p.name_en),
            None => id.ident(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Rules {
        match ron::from_str(include_str!("../../assets/rules/jiaozuo-2026.ron")) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn a_wrong_number_names_its_field() {
        let mut r = shipped();
        assert_eq!(r.check(), Ok(()));
        // Clause (八) advances 70 %: a share above 1 is refused and the field named.
        r.municipal_advance.share = 1.7;
        let p = r.check().unwrap_err();
        assert_eq!(p.key, "municipal_advance.share");
        assert!(matches!(p.error, QuotaError::InvalidRule { .. }));
        assert_eq!(r.validate(), Err(p.error));
    }

    #[test]
    fn a_missing_tier_names_the_tier_list() {
        let mut r = shipped();
        r.tiers.retain(|t| t.tier != Tier::Ordinary);
        let p = r.check().unwrap_err();
        assert_eq!(p.key, "tiers");
        assert!(matches!(p.error, QuotaError::MissingRule { .. }));
    }

    #[test]
    fn pool_names_follow_the_language() {
        let r = shipped();
        let zh = r.pool_name(PoolId::National, Lang::Zh);
        let en = r.pool_name(PoolId::National, Lang::En);
        assert_eq!(zh, "国家用地计划指标");
        assert_ne!(zh, en);
    }
}
