//! What-if: a variant run against the baseline, reported per pool, project and county. Only differences are listed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Eligibility, MU_EPSILON, Outcome, PoolKey, ProjectResult};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoolDiff {
    pub key: PoolKey,
    /// Closing balances, 亩; None where the run has no such account.
    pub base_closing: Option<f64>,
    pub variant_closing: Option<f64>,
    pub base_drawn: Option<f64>,
    pub variant_drawn: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProjectChange {
    Added,
    Removed,
    /// In both runs, but its input or its allocation differs.
    Changed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectDiff {
    pub name: String,
    pub change: ProjectChange,
    /// Allocated (new land + cultivated) and short, 亩, in each run (0 where absent).
    pub base_allocated_mu: f64,
    pub variant_allocated_mu: f64,
    pub base_short_mu: f64,
    pub variant_short_mu: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountyDiff {
    pub county: String,
    pub base_share: Option<f64>,
    pub variant_share: Option<f64>,
    pub base_next_year_mu: Option<f64>,
    pub variant_next_year_mu: Option<f64>,
    pub base_eligibility: Option<Eligibility>,
    pub variant_eligibility: Option<Eligibility>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    pub pools: Vec<PoolDiff>,
    pub projects: Vec<ProjectDiff>,
    pub counties: Vec<CountyDiff>,
}

impl WhatIf {
    pub fn is_empty(&self) -> bool {
        self.pools.is_empty() && self.projects.is_empty() && self.counties.is_empty()
    }
}

fn differs(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() > MU_EPSILON,
        (None, None) => false,
        _ => true,
    }
}

fn allocated(p: &ProjectResult) -> f64 {
    p.allocated_new_mu + p.allocated_cultivated_mu
}

fn short(p: &ProjectResult) -> f64 {
    p.short_new_mu + p.short_cultivated_mu
}

/// Compares two runs. Pools by account, projects by name, counties by id.
///
/// ```
/// use stockfirst::quota::{simulate, what_if, CountyInput, Project, Scenario, Tier};
/// let rules = stockfirst::io::quota_files::builtin_rules().unwrap();
/// let mut base = Scenario::new("base", 2026);
/// base.counties.push(CountyInput::new("410825", 100.0, 0.0));
/// let mut variant = base.clone();
/// variant.projects.push(Project::new("新路", "410825", Tier::Ordinary, "2026-03-01", 30.0, 0.0).unwrap());
/// let d = what_if(&simulate(&rules, &base).unwrap(), &simulate(&rules, &variant).unwrap());
/// assert_eq!(d.projects.len(), 1);
/// // 温县 plan quota closes at 100 in the base and 100 − 30 = 70 in the variant.
/// assert_eq!(d.pools[0].variant_closing, Some(70.0));
/// ```
pub fn what_if(base: &Outcome, variant: &Outcome) -> WhatIf {
    let mut out = WhatIf::default();

    // (closing, drawn) in each run.
    type Balances = Option<(f64, f64)>;
    let mut pools: BTreeMap<&PoolKey, (Balances, Balances)> = BTreeMap::new();
    for a in &base.accounts {
        pools.entry(&a.key).or_default().0 = Some((a.closing, a.drawn));
    }
    for a in &variant.accounts {
        pools.entry(&a.key).or_default().1 = Some((a.closing, a.drawn));
    }
    for (key, (b, v)) in pools {
        let (bc, bd) = (b.map(|x| x.0), b.map(|x| x.1));
        let (vc, vd) = (v.map(|x| x.0), v.map(|x| x.1));
        if differs(bc, vc) || differs(bd, vd) {
            out.pools.push(PoolDiff {
                key: key.clone(),
                base_closing: bc,
                variant_closing: vc,
                base_drawn: bd,
                variant_drawn: vd,
            });
        }
    }

    let mut projects: BTreeMap<&str, (Option<&ProjectResult>, Option<&ProjectResult>)> = BTreeMap::new();
    for p in &base.projects {
        projects.entry(p.project.name.as_str()).or_default().0 = Some(p);
    }
    for p in &variant.projects {
        projects.entry(p.project.name.as_str()).or_default().1 = Some(p);
    }
    for (name, (b, v)) in projects {
        let change = match (b, v) {
            (None, Some(_)) => ProjectChange::Added,
            (Some(_), None) => ProjectChange::Removed,
            (Some(x), Some(y))
                if x.project != y.project
                    || differs(Some(allocated(x)), Some(allocated(y)))
                    || differs(Some(short(x)), Some(short(y))) =>
            {
                ProjectChange::Changed
            }
            _ => continue,
        };
        out.projects.push(ProjectDiff {
            name: name.to_string(),
            change,
            base_allocated_mu: b.map_or(0.0, allocated),
            variant_allocated_mu: v.map_or(0.0, allocated),
            base_short_mu: b.map_or(0.0, short),
            variant_short_mu: v.map_or(0.0, short),
        });
    }

    type Side<'a> = Option<&'a super::CountyYearEnd>;
    let mut counties: BTreeMap<&str, (Side, Side)> = BTreeMap::new();
    for c in &base.year_end.counties {
        counties.entry(c.county.as_str()).or_default().0 = Some(c);
    }
    for c in &variant.year_end.counties {
        counties.entry(c.county.as_str()).or_default().1 = Some(c);
    }
    for (id, (b, v)) in counties {
        let d = CountyDiff {
            county: id.to_string(),
            base_share: b.and_then(|c| c.share),
            variant_share: v.and_then(|c| c.share),
            base_next_year_mu: b.map(|c| c.next_year_mu),
            variant_next_year_mu: v.map(|c| c.next_year_mu),
            base_eligibility: b.map(|c| c.eligibility),
            variant_eligibility: v.map(|c| c.eligibility),
        };
        if differs(d.base_share, d.variant_share)
            || differs(d.base_next_year_mu, d.variant_next_year_mu)
            || d.base_eligibility != d.variant_eligibility
        {
            out.counties.push(d);
        }
    }
    out
}
