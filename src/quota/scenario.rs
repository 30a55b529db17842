//! A scenario: the plan year, the opening balances, the projects and each county's year-end facts.

use serde::{Deserialize, Serialize};

use super::{PoolId, QuotaError, Tier};
use crate::model::Area;

/// A simulation input. County ids are the adcode text or `gaoxin` (io resolves names to ids).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    pub plan_year: i32,
    /// 全省平均占耕比 for the year, as a fraction (0.35 = 35%) — clause (十六).
    #[serde(default)]
    pub provincial_average_cultivated_share: f64,
    /// City-level pools the scenario opens itself: national, provincial basic, city coordination.
    #[serde(default)]
    pub city_pools: Vec<CityOpening>,
    /// The revitalisation quota (盘活指标) the province issued to the city — clause (八) advances a share of it.
    #[serde(default)]
    pub revitalisation: Option<Revitalisation>,
    #[serde(default)]
    pub counties: Vec<CountyInput>,
    #[serde(default)]
    pub projects: Vec<Project>,
}

/// The opening balance of a city-level pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CityOpening {
    pub pool: PoolId,
    pub mu: f64,
    /// Tracked, not capped: every project on the list gets its quota (clause 五, “全要素、全流程保障”).
    #[serde(default)]
    pub guaranteed_per_project: bool,
}

/// The revitalisation quota issued to the city for a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revitalisation {
    pub year: i32,
    pub mu: f64,
}

/// A county's own quotas and its year-end facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyInput {
    pub county: String,
    /// 县级新增建设用地计划指标 for the plan year.
    pub plan_quota_mu: f64,
    /// 补充耕地指标 before the city takes its share for the adjustment pool (clause 九).
    pub compensation_quota_mu: f64,
    /// Next year's base plan quota before (十六)/(十七); defaults to this year's.
    #[serde(default)]
    pub next_year_base_mu: Option<f64>,
    #[serde(default)]
    pub facts: CountyFacts,
}

impl CountyInput {
    pub fn new(county: impl Into<String>, plan_quota_mu: f64, compensation_quota_mu: f64) -> Self {
        Self {
            county: county.into(),
            plan_quota_mu,
            compensation_quota_mu,
            next_year_base_mu: None,
            facts: CountyFacts::default(),
        }
    }
}

/// What happened in a county this year, for clauses (十六) and (十七).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyFacts {
    /// 年度新增违法违规占用耕地, 亩.
    #[serde(default)]
    pub illegal_occupation_mu: f64,
    /// Whether this year's new illegal occupation was rectified within the year.
    #[serde(default = "yes")]
    pub rectified: bool,
    /// 被省级以上通报批评、警示约谈、挂牌督办.
    #[serde(default)]
    pub criticised: bool,
    /// Whether last year's 占耕比 was above the provincial average.
    #[serde(default)]
    pub above_average_last_year: bool,
}

fn yes() -> bool {
    true
}

/// A calendar date `YYYY-MM-DD`; projects are allocated in date order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl std::str::FromStr for Date {
    type Err = QuotaError;
    /// ```
    /// use stockfirst::quota::Date;
    /// let d: Date = "2026-03-01".parse().unwrap();
    /// assert_eq!((d.year, d.month, d.day), (2026, 3, 1));
    /// assert!("2026-02-30".parse::<Date>().is_err());
    /// assert!("2026/03/01".parse::<Date>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || QuotaError::InvalidDate { text: s.to_string() };
        let mut it = s.trim().split('-');
        let (Some(y), Some(m), Some(d), None) = (it.next(), it.next(), it.next(), it.next()) else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        let day: u8 = d.parse().map_err(|_| bad())?;
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return Err(bad()),
        };
        if day == 0 || day > days {
            return Err(bad());
        }
        Ok(Date { year, month, day })
    }
}

impl TryFrom<String> for Date {
    type Error = QuotaError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Where a project's new land came from when the stock library could not cover it (clause 二, 需补足增量).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StockMatchLink {
    /// The match or requirement this increment belongs to (as the matching engine names it).
    pub match_id: String,
    /// The shortfall 需补足增量 in 亩, as the match reported it.
    pub shortfall_mu: f64,
}

/// A project's demand for new construction land.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    pub name: String,
    pub county: String,
    pub tier: Tier,
    pub date: Date,
    /// 新增建设用地, 亩.
    pub new_land_mu: f64,
    /// Of which cultivated land (耕地), 亩.
    #[serde(default)]
    pub cultivated_mu: f64,
    #[serde(default)]
    pub stock_match: Option<StockMatchLink>,
}

impl Project {
    /// ```
    /// use stockfirst::quota::{Project, Tier};
    /// let p = Project::new("温县产业园", "410825", Tier::Ordinary, "2026-04-01", 40.0, 10.0).unwrap();
    /// assert_eq!(p.new_land_mu, 40.0);
    /// assert!(Project::new("x", "410825", Tier::Ordinary, "2026-04-01", 5.0, 6.0).is_err());
    /// ```
    pub fn new(
        name: impl Into<String>,
        county: impl Into<String>,
        tier: Tier,
        date: &str,
        new_land_mu: f64,
        cultivated_mu: f64,
    ) -> Result<Project, QuotaError> {
        let p = Project {
            name: name.into(),
            county: county.into(),
            tier,
            date: date.parse()?,
            new_land_mu,
            cultivated_mu,
            stock_match: None,
        };
        p.validate()?;
        Ok(p)
    }

    /// A project whose new land is the shortfall a stock match left (需补足增量), linked back to that match.
    ///
    /// ```
    /// use stockfirst::model::Area;
    /// use stockfirst::quota::{Project, Tier};
    /// let p = Project::from_shortfall("m-17", "新材料产业园扩区", "410821", Tier::MunicipalKey, "2026-06-01",
    ///     Area::from_mu(45.0), Area::from_mu(12.0)).unwrap();
    /// assert!((p.new_land_mu - 45.0).abs() < 1e-9);
    /// assert_eq!(p.stock_match.unwrap().match_id, "m-17");
    /// ```
    pub fn from_shortfall(
        match_id: impl Into<String>,
        name: impl Into<String>,
        county: impl Into<String>,
        tier: Tier,
        date: &str,
        shortfall: Area,
        cultivated: Area,
    ) -> Result<Project, QuotaError> {
        let mut p = Project::new(name, county, tier, date, shortfall.mu(), cultivated.mu())?;
        p.stock_match = Some(StockMatchLink {
            match_id: match_id.into(),
            shortfall_mu: shortfall.mu(),
        });
        Ok(p)
    }

    /// Areas are finite and non-negative, and cultivated land fits inside the new land.
    pub fn validate(&self) -> Result<(), QuotaError> {
        for (field, mu) in [("new_land_mu", self.new_land_mu), ("cultivated_mu", self.cultivated_mu)] {
            if !mu.is_finite() || mu < 0.0 {
                return Err(QuotaError::NegativeArea {
                    project: self.name.clone(),
                    field,
                    mu,
                });
            }
        }
        if self.cultivated_mu > self.new_land_mu {
            return Err(QuotaError::CultivatedExceedsNewLand {
                project: self.name.clone(),
                cultivated: self.cultivated_mu,
                new_land: self.new_land_mu,
            });
        }
        Ok(())
    }
}

impl Scenario {
    pub fn new(name: impl Into<String>, plan_year: i32) -> Self {
        Self {
            name: name.into(),
            plan_year,
            provincial_average_cultivated_share: 0.0,
            city_pools: Vec::new(),
            revitalisation: None,
            counties: Vec::new(),
            projects: Vec::new(),
        }
    }

    pub fn county(&self, id: &str) -> Option<&CountyInput> {
        self.counties.iter().find(|c| c.county == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_sort_by_calendar() {
        let a: Date = "2026-02-28".parse().unwrap();
        let b: Date = "2026-10-01".parse().unwrap();
        assert!(a < b);
        assert_eq!(b.to_string(), "2026-10-01");
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("2026-02-29".parse::<Date>().is_err());
        assert!("2026-13-01".parse::<Date>().is_err());
    }

    #[test]
    fn scenario_rejects_duplicates_negatives_and_foreign_years() {
        let mut s = Scenario::new("t", 2026);
        s.projects
            .push(Project::new("A", "410821", Tier::Ordinary, "2026-01-02", 1.0, 0.0).unwrap());
        assert!(s.validate().is_ok());
        s.projects.push(s.projects[0].clone());
        assert!(matches!(s.validate(), Err(QuotaError::DuplicateProject { .. })));
        s.projects.pop();
        s.projects[0].new_land_mu = -1.0;
        assert!(matches!(s.validate(), Err(QuotaError::NegativeArea { .. })));
        s.projects[0].new_land_mu = 1.0;
        s.projects[0].date = "2025-12-31".parse().unwrap();
        assert!(matches!(s.validate(), Err(QuotaError::DateOutsidePlanYear { .. })));
        s.projects[0].date = "2026-12-31".parse().unwrap();
        s.city_pools.push(CityOpening {
            pool: PoolId::MunicipalAdvance,
            mu: 1.0,
            guaranteed_per_project: false,
        });
        assert!(matches!(s.validate(), Err(QuotaError::DerivedPoolOpened { .. })));
        s.city_pools[0].pool = PoolId::ProvincialBasic;
        s.city_pools.push(s.city_pools[0].clone());
        assert!(matches!(s.validate(), Err(QuotaError::PoolOpenedTwice { .. })));
        s.city_pools.pop();
        s.counties.push(CountyInput::new("410821", 1.0, 1.0));
        s.counties.push(CountyInput::new("410821", 1.0, 1.0));
        assert!(matches!(s.validate(), Err(QuotaError::DuplicateCounty { .. })));
    }

    #[test]
    fn cultivated_must_fit_inside_new_land() {
        let e = Project::new("B", "410823", Tier::Ordinary, "2026-01-02", 10.0, 10.5).unwrap_err();
        assert!(matches!(e, QuotaError::CultivatedExceedsNewLand { .. }));
        assert!(Project::new("B", "410823", Tier::Ordinary, "2026-01-02", 10.0, 10.0).is_ok());
        assert!(Project::new("B", "410823", Tier::Ordinary, "2026-01-02", f64::NAN, 0.0).is_err());
    }
}
