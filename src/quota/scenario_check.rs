//! Checking a scenario: every problem, each tied to the item it is about. The core decides what is wrong; the io
//! edge only turns the item into a file:line:col (`crate::io::quota_files`).

use super::{QuotaError, Rules, Scenario};
use crate::model::Counties;

/// The part of a scenario a problem is about, in the order the scenario file lists them.
///
/// `field` is the RON key inside the item (`"new_land_mu"`), when the problem is about one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ScenarioItem {
    /// `counties[index]`.
    County { index: usize, field: Option<&'static str> },
    /// `city_pools[index]`.
    CityPool { index: usize },
    /// `revitalisation`.
    Revitalisation,
    /// A field of the scenario itself, e.g. `provincial_average_cultivated_share`.
    Field(&'static str),
    /// `projects[index]`.
    Project { index: usize, field: Option<&'static str> },
}

impl ScenarioItem {
    /// Where the item sits in the file's order, ignoring the field: problems of one item stay together.
    pub fn order(&self) -> (u8, usize) {
        match *self {
            ScenarioItem::County { index, .. } => (0, index),
            ScenarioItem::CityPool { index } => (1, index),
            ScenarioItem::Revitalisation => (2, 0),
            ScenarioItem::Field(_) => (3, 0),
            ScenarioItem::Project { index, .. } => (4, index),
        }
    }
}

/// One thing wrong with a scenario, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioProblem {
    pub item: ScenarioItem,
    pub error: QuotaError,
}

impl Scenario {
    /// Replaces county names (温县, 410825, 410825000000) by ids, in the county table and in every project. A name
    /// that is no county is left as written and reported.
    pub fn resolve_counties(&mut self, counties: &Counties) -> Vec<ScenarioProblem> {
        let mut out = Vec::new();
        let unknown = |county: &str| QuotaError::UnknownCounty {
            county: county.to_string(),
        };
        for (index, c) in self.counties.iter_mut().enumerate() {
            match counties.find(&c.county) {
                Some(found) => c.county = found.id.clone(),
                None => out.push(ScenarioProblem {
                    item: ScenarioItem::County { index, field: None },
                    error: unknown(&c.county),
                }),
            }
        }
        for (index, p) in self.projects.iter_mut().enumerate() {
            match counties.find(&p.county) {
                Some(found) => p.county = found.id.clone(),
                None => out.push(ScenarioProblem {
                    item: ScenarioItem::Project {
                        index,
                        field: Some("county"),
                    },
                    error: unknown(&p.county),
                }),
            }
        }
        out
    }

    /// Every problem the scenario has on its own, in file order: duplicates, negative or missing amounts, pools a
    /// scenario may not open, project dates outside the plan year.
    pub fn problems(&self) -> Vec<ScenarioProblem> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (index, c) in self.counties.iter().enumerate() {
            let at = |field| ScenarioItem::County { index, field };
            if !seen.insert(c.county.as_str()) {
                out.push(ScenarioProblem {
                    item: at(None),
                    error: QuotaError::DuplicateCounty {
                        county: c.county.clone(),
                    },
                });
            }
            for (field, what, mu) in [
                ("plan_quota_mu", "plan_quota_mu", Some(c.plan_quota_mu)),
                (
                    "compensation_quota_mu",
                    "compensation_quota_mu",
                    Some(c.compensation_quota_mu),
                ),
                ("next_year_base_mu", "next_year_base_mu", c.next_year_base_mu),
                (
                    "illegal_occupation_mu",
                    "facts.illegal_occupation_mu",
                    Some(c.facts.illegal_occupation_mu),
                ),
            ] {
                if let Some(e) = mu.and_then(|mu| negative(format!("{}: {what}", c.county), mu)) {
                    out.push(ScenarioProblem {
                        item: at(Some(field)),
                        error: e,
                    });
                }
            }
        }
        let mut opened = std::collections::HashSet::new();
        for (index, o) in self.city_pools.iter().enumerate() {
            let item = ScenarioItem::CityPool { index };
            if !o.pool.opened_by_scenario() {
                out.push(ScenarioProblem {
                    item,
                    error: QuotaError::DerivedPoolOpened { pool: o.pool },
                });
            } else if !opened.insert(o.pool) {
                out.push(ScenarioProblem {
                    item,
                    error: QuotaError::PoolOpenedTwice { pool: o.pool },
                });
            }
            if let Some(error) = negative(format!("city_pools: {}", o.pool.ident()), o.mu) {
                out.push(ScenarioProblem { item, error });
            }
        }
        if let Some(error) = self
            .revitalisation
            .as_ref()
            .and_then(|r| negative("revitalisation.mu".into(), r.mu))
        {
            out.push(ScenarioProblem {
                item: ScenarioItem::Revitalisation,
                error,
            });
        }
        let avg = self.provincial_average_cultivated_share;
        if !(avg.is_finite() && (0.0..=1.0).contains(&avg)) {
            out.push(ScenarioProblem {
                item: ScenarioItem::Field("provincial_average_cultivated_share"),
                error: QuotaError::FractionOutOfRange {
                    what: "全省平均占耕比 provincial_average_cultivated_share".into(),
                    value: avg,
                },
            });
        }
        let mut names = std::collections::HashSet::new();
        for (index, p) in self.projects.iter().enumerate() {
            let at = |field| ScenarioItem::Project { index, field };
            if !names.insert(p.name.as_str()) {
                out.push(ScenarioProblem {
                    item: at(None),
                    error: QuotaError::DuplicateProject { name: p.name.clone() },
                });
            }
            if let Err(e) = p.validate() {
                let field = match &e {
                    QuotaError::NegativeArea { field, .. } => *field,
                    _ => "cultivated_mu",
                };
                out.push(ScenarioProblem {
                    item: at(Some(field)),
                    error: e,
                });
            }
            if p.date.year != self.plan_year {
                out.push(ScenarioProblem {
                    item: at(Some("date")),
                    error: QuotaError::DateOutsidePlanYear {
                        project: p.name.clone(),
                        date: p.date.to_string(),
                        plan_year: self.plan_year,
                    },
                });
            }
        }
        out
    }

    /// The problems that only the rules can tell: the revitalisation quota must be of the year clause (八) names.
    pub fn problems_under(&self, rules: &Rules) -> Vec<ScenarioProblem> {
        let expected = rules.municipal_advance.source_year;
        match &self.revitalisation {
            Some(r) if r.year != expected => vec![ScenarioProblem {
                item: ScenarioItem::Revitalisation,
                error: QuotaError::RevitalisationYear {
                    given: r.year,
                    expected,
                },
            }],
            _ => Vec::new(),
        }
    }

    /// The first problem of the scenario on its own, if any.
    pub fn validate(&self) -> Result<(), QuotaError> {
        match self.problems().into_iter().next() {
            Some(p) => Err(p.error),
            None => Ok(()),
        }
    }

    /// The first problem of the scenario on its own or under the rules, if any: what `simulate` refuses.
    pub fn validate_under(&self, rules: &Rules) -> Result<(), QuotaError> {
        self.validate()?;
        match self.problems_under(rules).into_iter().next() {
            Some(p) => Err(p.error),
            None => Ok(()),
        }
    }
}

fn negative(what: String, mu: f64) -> Option<QuotaError> {
    (!(mu.is_finite() && mu >= 0.0)).then_some(QuotaError::NegativeBalance { what, mu })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quota::{CityOpening, CountyInput, PoolId, Project, Revitalisation, Tier};

    #[test]
    fn each_problem_names_its_item_and_field() {
        let mut s = Scenario::new("t", 2026);
        s.counties.push(CountyInput::new("410821", 1.0, -2.0));
        s.city_pools.push(CityOpening {
            pool: PoolId::MunicipalAdvance,
            mu: 1.0,
            guaranteed_per_project: false,
        });
        s.provincial_average_cultivated_share = 35.0;
        s.projects
            .push(Project::new("A", "410821", Tier::Ordinary, "2026-01-02", 1.0, 0.0).unwrap());
        s.projects
            .push(Project::new("A", "410821", Tier::Ordinary, "2025-01-02", 1.0, 0.0).unwrap());
        s.projects[1].new_land_mu = -1.0;
        let items: Vec<ScenarioItem> = s.problems().into_iter().map(|p| p.item).collect();
        assert_eq!(
            items,
            vec![
                ScenarioItem::County {
                    index: 0,
                    field: Some("compensation_quota_mu")
                },
                ScenarioItem::CityPool { index: 0 },
                ScenarioItem::Field("provincial_average_cultivated_share"),
                ScenarioItem::Project { index: 1, field: None },
                ScenarioItem::Project {
                    index: 1,
                    field: Some("new_land_mu")
                },
                ScenarioItem::Project {
                    index: 1,
                    field: Some("date")
                },
            ]
        );
    }

    #[test]
    fn county_names_become_ids_and_unknown_ones_are_named() {
        let counties = Counties::new(vec![crate::model::County {
            id: "410825".into(),
            name: "温县".into(),
            name_en: "Wenxian".into(),
            adcode: Some(410825),
            aliases: vec![],
            revolutionary_old_area: false,
            seat_lon_lat: (113.08, 34.94),
        }]);
        let mut s = Scenario::new("t", 2026);
        s.counties.push(CountyInput::new("温县", 1.0, 1.0));
        s.projects
            .push(Project::new("A", "郑州市", Tier::Ordinary, "2026-01-02", 1.0, 0.0).unwrap());
        let problems = s.resolve_counties(&counties);
        assert_eq!(s.counties[0].county, "410825");
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].item,
            ScenarioItem::Project {
                index: 0,
                field: Some("county")
            }
        );
        assert!(matches!(&problems[0].error, QuotaError::UnknownCounty { county } if county == "郑州市"));
    }

    #[test]
    fn revitalisation_of_another_year_is_refused_under_the_rules() {
        let rules: Rules = match ron::from_str(include_str!("../../assets/rules/jiaozuo-2026.ron")) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        let mut s = Scenario::new("t", 2026);
        // Clause (八) advances the 2025 revitalisation quota.
        s.revitalisation = Some(Revitalisation { year: 2024, mu: 10.0 });
        assert!(matches!(
            s.validate_under(&rules),
            Err(QuotaError::RevitalisationYear {
                given: 2024,
                expected: 2025
            })
        ));
        s.revitalisation = Some(Revitalisation { year: 2025, mu: 10.0 });
        assert_eq!(s.validate_under(&rules), Ok(()));
    }
}
