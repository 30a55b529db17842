//! Quota pools and the draw-down simulation — clauses (五)–(九), (十六), (十七).
//!
//! The increment that stock cannot cover becomes new construction land. Each project's new land draws on
//! quota pools in the order its tier allows; its cultivated part draws on compensation quota (clause 九).
//! At year end each county is rewarded or penalised (clauses 十六, 十七) and next year's table is produced.
//!
//! Every policy number lives in the rules file (`assets/rules/jiaozuo-2026.ron`), never in this code.
//! Reading the RON files (with line numbers in errors) is the job of `crate::io::quota_files`.
//!
//! ```
//! use stockfirst::quota::{simulate, CountyInput, Project, Scenario, Tier};
//! let rules = stockfirst::io::quota_files::builtin_rules().unwrap();
//! let mut scenario = Scenario::new("示例", 2026);
//! scenario.counties.push(CountyInput::new("410823", 50.0, 10.0));
//! scenario.projects.push(Project::new("示例道路", "410823", Tier::Ordinary, "2026-05-01", 30.0, 0.0).unwrap());
//! let outcome = simulate(&rules, &scenario).unwrap();
//! // 武陟县 plan quota: 50 − 30 = 20 亩 left, nothing short.
//! assert!(outcome.shortfalls.is_empty());
//! assert_eq!(outcome.closing_mu(stockfirst::quota::PoolId::CountyPlan, Some("410823")), Some(20.0));
//! ```

mod allocate;
mod clause;
mod error;
mod from_match;
mod ledger;
mod pool;
mod rules;
mod scenario;
mod scenario_check;
mod tier;
mod what_if;
mod year_end;

pub use allocate::{Outcome, ProjectResult, simulate};
pub use clause::{Basis, Clause};
pub use error::QuotaError;
pub use from_match::{FOOTPRINT_MATCH_ID, chosen_in, default_project_date, new_land_of};
pub use ledger::{LedgerLine, Purpose, Shortfall};
pub use pool::{PoolAccount, PoolId, PoolKey};
pub use rules::{
    AdjustmentPoolRule, AdvanceRule, CultivatedShareRule, IllegalOccupationRule, OldAreaRule, PoolRule, RuleProblem,
    Rules, Step, TierRule,
};
pub use scenario::{CityOpening, CountyFacts, CountyInput, Date, Project, Revitalisation, Scenario, StockMatchLink};
pub use scenario_check::{ScenarioItem, ScenarioProblem};
pub use tier::Tier;
pub use what_if::{CountyDiff, PoolDiff, ProjectChange, ProjectDiff, WhatIf, what_if};
pub use year_end::{Adjustment, CountyYearEnd, Eligibility, YearEnd, year_end};

/// Amounts below this many 亩 are rounding noise, not demand (a ten-thousandth of a square metre is far smaller).
pub const MU_EPSILON: f64 = 1e-9;
