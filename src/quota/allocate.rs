//! The engine: each project's new land, in date order, through the pools its tier may use (clauses 五–八),
//! and its cultivated part through compensation quota (clause 九). Balances never go negative.

use std::collections::BTreeSet;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::{
    Basis, LedgerLine, MU_EPSILON, PoolAccount, PoolId, PoolKey, Project, Purpose, QuotaError, Rules, Scenario,
    Shortfall, Step, YearEnd, year_end,
};

/// A project and what it got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectResult {
    pub project: Project,
    pub allocated_new_mu: f64,
    pub allocated_cultivated_mu: f64,
    pub short_new_mu: f64,
    pub short_cultivated_mu: f64,
}

impl ProjectResult {
    /// Whether every 亩 of the project's demand was covered.
    pub fn fully_covered(&self) -> bool {
        self.short_new_mu <= MU_EPSILON && self.short_cultivated_mu <= MU_EPSILON
    }
}

/// Everything one simulation produces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub scenario: String,
    pub plan_year: i32,
    /// Projects in the order they were allocated (date, then file order).
    pub projects: Vec<ProjectResult>,
    /// Accounts sorted by pool, then county.
    pub accounts: Vec<PoolAccount>,
    pub ledger: Vec<LedgerLine>,
    pub shortfalls: Vec<Shortfall>,
    pub year_end: YearEnd,
}

impl Outcome {
    pub fn account(&self, pool: PoolId, county: Option<&str>) -> Option<&PoolAccount> {
        self.accounts
            .iter()
            .find(|a| a.key.pool == pool && a.key.county.as_deref() == county)
    }

    /// The closing balance of one account, 亩.
    pub fn closing_mu(&self, pool: PoolId, county: Option<&str>) -> Option<f64> {
        self.account(pool, county).map(|a| a.closing)
    }

    pub fn project(&self, name: &str) -> Option<&ProjectResult> {
        self.projects.iter().find(|p| p.project.name == name)
    }

    /// The ledger lines of one project (by name).
    pub fn lines_of<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a LedgerLine> + 'a {
        self.ledger
            .iter()
            .filter(move |l| self.projects.get(l.project).is_some_and(|p| p.project.name == name))
    }
}

/// Runs the scenario under the rules. Validates everything first: nothing half-runs.
pub fn simulate(rules: &Rules, scenario: &Scenario) -> Result<Outcome, QuotaError> {
    rules.validate()?;
    scenario.validate_under(rules)?;

    // Counties: those the scenario lists, those with projects, and the old areas of clause (七).
    let county_ids: BTreeSet<&str> = scenario
        .counties
        .iter()
        .map(|c| c.county.as_str())
        .chain(scenario.projects.iter().map(|p| p.county.as_str()))
        .chain(rules.old_area.counties.iter().map(String::as_str))
        .collect();
    let county_ids: Vec<&str> = county_ids.into_iter().collect();
    let county_index: HashMap<&str, usize> = county_ids.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let old_area: Vec<bool> = county_ids.iter().map(|c| rules.is_old_area(c)).collect();

    let (accounts, city_slot, county_slot) = open_accounts(rules, scenario, &county_ids, &old_area);
    let mut engine = Engine {
        accounts,
        ledger: Vec::new(),
        shortfalls: Vec::new(),
    };

    // Tier rules, looked up once.
    let tier_rules: Vec<_> = super::Tier::ALL.iter().map(|t| rules.tier(*t)).collect();

    let mut order: Vec<usize> = (0..scenario.projects.len()).collect();
    order.sort_by_key(|&i| scenario.projects[i].date); // stable: file order breaks ties
    let mut results = Vec::with_capacity(order.len());
    for (slot, &i) in order.iter().enumerate() {
        let p = &scenario.projects[i];
        let ci = county_index.get(p.county.as_str()).copied().unwrap_or(0);
        let Some(Some(tr)) = tier_rules.get(p.tier as usize) else {
            return Err(QuotaError::MissingRule {
                what: format!("tiers: {}", p.tier.ident()),
            });
        };
        let lookup = |pool: PoolId| {
            if pool.per_county() {
                county_slot.get(ci).and_then(|s| s[pool as usize])
            } else {
                city_slot[pool as usize]
            }
        };
        let ctx = Ctx {
            project: slot,
            old_area: old_area.get(ci).copied().unwrap_or(false),
            tier_clause: tr.clause.clone(),
        };
        let (got_new, short_new) = engine.draw(&ctx, &tr.new_land, p.new_land_mu, Purpose::NewLand, &lookup);
        let (got_cult, short_cult) = engine.draw(&ctx, &tr.cultivated, p.cultivated_mu, Purpose::Cultivated, &lookup);
        results.push(ProjectResult {
            project: p.clone(),
            allocated_new_mu: got_new,
            allocated_cultivated_mu: got_cult,
            short_new_mu: short_new,
            short_cultivated_mu: short_cult,
        });
    }

    let year_end = year_end(rules, scenario);
    Ok(Outcome {
        scenario: scenario.name.clone(),
        plan_year: scenario.plan_year,
        projects: results,
        accounts: engine.accounts,
        ledger: engine.ledger,
        shortfalls: engine.shortfalls,
        year_end,
    })
}

type Slots = [Option<usize>; PoolId::ALL.len()];

/// Opens every account with its balance: the scenario's own numbers, and the derived ones of (七), (八), (九).
fn open_accounts(
    rules: &Rules,
    scenario: &Scenario,
    county_ids: &[&str],
    old_area: &[bool],
) -> (Vec<PoolAccount>, Slots, Vec<Slots>) {
    let mut accounts = Vec::new();
    let mut city: Slots = [None; PoolId::ALL.len()];
    let mut county: Vec<Slots> = vec![[None; PoolId::ALL.len()]; county_ids.len()];
    let adj_share = rules.municipal_adjustment.share;
    for pool in PoolId::ALL {
        if pool.per_county() {
            for (ci, id) in county_ids.iter().enumerate() {
                let input = scenario.county(id);
                let opening = match pool {
                    // Clause (七): a fixed amount for each old-area county.
                    PoolId::OldAreaSpecial if old_area[ci] => rules.old_area.mu_each,
                    PoolId::OldAreaSpecial => continue,
                    PoolId::CountyPlan => input.map_or(0.0, |c| c.plan_quota_mu),
                    // Clause (九): the city keeps its share of every county's compensation quota.
                    PoolId::CountyCompensation => input.map_or(0.0, |c| c.compensation_quota_mu * (1.0 - adj_share)),
                    _ => 0.0,
                };
                county[ci][pool as usize] = Some(accounts.len());
                accounts.push(PoolAccount::new(PoolKey::county(pool, *id), opening, false));
            }
        } else {
            let stated = scenario.city_pools.iter().find(|o| o.pool == pool);
            let opening = match pool {
                // Clause (八): the city advances a share of the revitalisation quota.
                PoolId::MunicipalAdvance => scenario
                    .revitalisation
                    .as_ref()
                    .map_or(0.0, |r| r.mu * rules.municipal_advance.share),
                // Clause (九): the adjustment pool is the city's share of every county's compensation quota.
                PoolId::MunicipalAdjustment => scenario
                    .counties
                    .iter()
                    .map(|c| c.compensation_quota_mu * adj_share)
                    .sum(),
                _ => stated.map_or(0.0, |o| o.mu),
            };
            let guaranteed = stated.is_some_and(|o| o.guaranteed_per_project);
            city[pool as usize] = Some(accounts.len());
            accounts.push(PoolAccount::new(PoolKey::city(pool), opening, guaranteed));
        }
    }
    (accounts, city, county)
}

struct Engine {
    accounts: Vec<PoolAccount>,
    ledger: Vec<LedgerLine>,
    shortfalls: Vec<Shortfall>,
}

struct Ctx {
    project: usize,
    old_area: bool,
    tier_clause: Basis,
}

impl Engine {
    /// Draws `want` 亩 through `steps` in order; returns (drawn, short).
    fn draw(
        &mut self,
        ctx: &Ctx,
        steps: &[Step],
        want: f64,
        purpose: Purpose,
        lookup: &impl Fn(PoolId) -> Option<usize>,
    ) -> (f64, f64) {
        if want <= MU_EPSILON {
            return (0.0, 0.0);
        }
        let mut remaining = want;
        let mut last: Option<&Step> = None;
        for step in steps {
            if step.only_old_area && !ctx.old_area {
                continue;
            }
            let Some(acc) = lookup(step.pool) else {
                continue;
            };
            last = Some(step);
            let Some(account) = self.accounts.get_mut(acc) else {
                continue;
            };
            let took = account.draw(remaining);
            if took > 0.0 {
                self.ledger.push(LedgerLine {
                    project: ctx.project,
                    account: acc,
                    purpose,
                    mu: took,
                    clause: step.clause.clone(),
                    balance_after: account.closing,
                });
                remaining -= took;
            }
            if remaining <= MU_EPSILON {
                return (want, 0.0);
            }
        }
        self.shortfalls.push(Shortfall {
            project: ctx.project,
            purpose,
            mu: remaining,
            pool: last.map(|s| s.pool),
            clause: last.map_or_else(|| ctx.tier_clause.clone(), |s| s.clause.clone()),
        });
        (want - remaining, remaining)
    }
}
