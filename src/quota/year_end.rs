//! Year end: each county's 占耕比 against the provincial average (clause 十六), illegal occupation (clause 十七),
//! and next year's county plan-quota table with its eligibility flags, each explained in words.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Clause, Rules, Scenario};

/// A share within this distance of the average counts as equal to it (neither reward nor deduction).
const SHARE_EPSILON: f64 = 1e-12;

/// One change to next year's plan quota.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Adjustment {
    pub clause: Clause,
    /// Signed 亩: positive adds to next year's quota.
    pub mu: f64,
    pub zh: String,
    pub en: String,
    /// The words of the opinions it applies.
    pub words: String,
}

/// What the year's results make a county eligible for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligibility {
    /// (十六) below the average: priority when choosing advanced units (同等条件下优先评选为先进单位).
    pub advanced_unit_priority: bool,
    /// (十七) lost when any trigger holds (取消当年考核先进资格).
    pub advanced_eligible: bool,
    /// (十六) above the average: points deducted in this year's assessment.
    pub score_deduction: bool,
    /// (十六) above the average twice in a row: no longer recommended as a demonstration county.
    pub demonstration_recommendable: bool,
}

/// One row of next year's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountyYearEnd {
    pub county: String,
    /// This year's new construction land and cultivated land in the county, 亩 (all its projects).
    pub new_land_mu: f64,
    pub cultivated_mu: f64,
    /// 占耕比 = cultivated ÷ new land; None when the county used no new land.
    pub share: Option<f64>,
    pub above_average: bool,
    /// Next year's plan quota before adjustments.
    pub base_mu: f64,
    pub adjustments: Vec<Adjustment>,
    /// base + adjustments, never below zero.
    pub next_year_mu: f64,
    pub eligibility: Eligibility,
    /// Why each flag is what it is, in Chinese and English.
    pub reasons_zh: Vec<String>,
    pub reasons_en: Vec<String>,
}

impl CountyYearEnd {
    /// Sum of the adjustments, 亩 — (十六) and (十七) add up.
    pub fn adjustment_mu(&self) -> f64 {
        self.adjustments.iter().map(|a| a.mu).sum()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearEnd {
    pub provincial_average: f64,
    pub counties: Vec<CountyYearEnd>,
}

impl YearEnd {
    pub fn county(&self, id: &str) -> Option<&CountyYearEnd> {
        self.counties.iter().find(|c| c.county == id)
    }
}

/// Applies (十六) and (十七) to every county the scenario lists or has projects in.
///
/// 占耕比 counts all the year's projects in the county, as the scenario plans them.
pub fn year_end(rules: &Rules, scenario: &Scenario) -> YearEnd {
    let mut totals: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for c in &scenario.counties {
        totals.entry(c.county.as_str()).or_default();
    }
    for p in &scenario.projects {
        let t = totals.entry(p.county.as_str()).or_default();
        t.0 += p.new_land_mu;
        t.1 += p.cultivated_mu;
    }
    let avg = scenario.provincial_average_cultivated_share;
    let counties = totals
        .into_iter()
        .map(|(id, (new_land, cultivated))| county_row(rules, scenario, id, new_land, cultivated, avg))
        .collect();
    YearEnd {
        provincial_average: avg,
        counties,
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn county_row(rules: &Rules, scenario: &Scenario, id: &str, new_land: f64, cultivated: f64, avg: f64) -> CountyYearEnd {
    let input = scenario.county(id);
    let facts = input.map(|c| c.facts.clone()).unwrap_or_default();
    let base = input.map_or(0.0, |c| c.next_year_base_mu.unwrap_or(c.plan_quota_mu));
    let r16 = &rules.cultivated_share;
    let r17 = &rules.illegal_occupation;
    let mut adjustments = Vec::new();
    let mut zh = Vec::new();
    let mut en = Vec::new();

    // Clause (十六): 占耕比 against the provincial average.
    let share = (new_land > 0.0).then(|| cultivated / new_land);
    let (below, above) = match share {
        Some(s) => (s < avg - SHARE_EPSILON, s > avg + SHARE_EPSILON),
        None => (false, false),
    };
    match share {
        None => {
            zh.push(format!("{}本年无新增建设用地，不计占耕比", r16.clause));
            en.push(format!(
                "{} no new construction land this year: no 占耕比 to judge",
                r16.clause
            ));
        }
        Some(s) if below => {
            adjustments.push(Adjustment {
                clause: r16.clause,
                mu: r16.reward_mu,
                zh: format!("占耕比 {} 低于全省平均 {}，奖励 {} 亩", pct(s), pct(avg), r16.reward_mu),
                en: format!(
                    "占耕比 {} below the provincial average {}: +{} mu",
                    pct(s),
                    pct(avg),
                    r16.reward_mu
                ),
                words: r16.reward_words.clone(),
            });
        }
        Some(s) if above => {
            adjustments.push(Adjustment {
                clause: r16.clause,
                mu: -r16.deduction_mu,
                zh: format!(
                    "占耕比 {} 高于全省平均 {}，扣减 {} 亩",
                    pct(s),
                    pct(avg),
                    r16.deduction_mu
                ),
                en: format!(
                    "占耕比 {} above the provincial average {}: −{} mu",
                    pct(s),
                    pct(avg),
                    r16.deduction_mu
                ),
                words: r16.deduction_words.clone(),
            });
            zh.push(format!("{}高于全省平均：当年考核扣减相应分数", r16.clause));
            en.push(format!(
                "{} above the average: points deducted in this year's assessment",
                r16.clause
            ));
        }
        Some(s) => {
            zh.push(format!("{}占耕比 {} 等于全省平均，不奖不扣", r16.clause, pct(s)));
            en.push(format!(
                "{} 占耕比 {} equals the provincial average: no reward, no deduction",
                r16.clause,
                pct(s)
            ));
        }
    }
    let run = if above {
        1 + u32::from(facts.above_average_last_year)
    } else {
        0
    };
    let demonstration_recommendable = run < r16.consecutive_times;
    if !demonstration_recommendable {
        zh.push(format!(
            "{}连续{}次高于全省平均，今后不再推荐为节约集约示范县（市）",
            r16.clause, r16.consecutive_times
        ));
        en.push(format!(
            "{} above the average {} times in a row: no longer recommended as a demonstration county",
            r16.clause, r16.consecutive_times
        ));
    } else if above {
        zh.push(format!("{}上年未高于全省平均，仍可推荐为示范县（市）", r16.clause));
        en.push(format!(
            "{} not above the average last year: still recommendable as a demonstration county",
            r16.clause
        ));
    }

    // Clause (十七): any trigger takes the deduction once and the advanced eligibility.
    let mut triggers_zh = Vec::new();
    let mut triggers_en = Vec::new();
    if facts.illegal_occupation_mu > r17.threshold_mu {
        triggers_zh.push(format!(
            "新增违法违规占用耕地 {} 亩超过 {} 亩",
            facts.illegal_occupation_mu, r17.threshold_mu
        ));
        triggers_en.push(format!(
            "new illegal occupation {} mu exceeds {} mu",
            facts.illegal_occupation_mu, r17.threshold_mu
        ));
    }
    if facts.illegal_occupation_mu > 0.0 && !facts.rectified {
        triggers_zh.push("新增违法违规占用耕地问题本年度内未完成整改".to_string());
        triggers_en.push("new illegal occupation not rectified within the year".to_string());
    }
    if facts.criticised {
        triggers_zh.push("被省级以上通报批评、警示约谈或挂牌督办".to_string());
        triggers_en.push("criticised, interviewed or supervised at provincial level or above".to_string());
    }
    let advanced_eligible = triggers_zh.is_empty();
    if !advanced_eligible {
        adjustments.push(Adjustment {
            clause: r17.clause,
            mu: -r17.deduction_mu,
            zh: format!("{}，扣除 {} 亩", triggers_zh.join("；"), r17.deduction_mu),
            en: format!("{}: −{} mu", triggers_en.join("; "), r17.deduction_mu),
            words: r17.deduction_words.clone(),
        });
        zh.push(format!("{}取消当年考核先进资格", r17.clause));
        en.push(format!("{} loses this year's advanced-unit eligibility", r17.clause));
    }
    let advanced_unit_priority = below && advanced_eligible;
    if below && advanced_eligible {
        zh.push(format!("{}同等条件下当年优先评选为先进单位", r16.clause));
        en.push(format!(
            "{} priority when choosing this year's advanced units",
            r16.clause
        ));
    } else if below {
        zh.push(format!(
            "{}占耕比虽低于平均，但已因{}失去先进资格",
            r16.clause, r17.clause
        ));
        en.push(format!(
            "{} below the average, but {} removed advanced eligibility",
            r16.clause, r17.clause
        ));
    }

    let sum: f64 = adjustments.iter().map(|a| a.mu).sum();
    let raw = base + sum;
    let next_year_mu = raw.max(0.0);
    if raw < 0.0 {
        zh.push(format!("调整后为 {raw} 亩，按 0 亩计"));
        en.push(format!("adjusted quota {raw} mu is negative: shown as 0"));
    }
    CountyYearEnd {
        county: id.to_string(),
        new_land_mu: new_land,
        cultivated_mu: cultivated,
        share,
        above_average: above,
        base_mu: base,
        adjustments,
        next_year_mu,
        eligibility: Eligibility {
            advanced_unit_priority,
            advanced_eligible,
            score_deduction: above,
            demonstration_recommendable,
        },
        reasons_zh: zh,
        reasons_en: en,
    }
}
