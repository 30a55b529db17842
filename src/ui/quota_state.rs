//! The quota scenario the document holds: rules, the scenario, and the simulated outcomes without and with this
//! project. Every number comes from `quota::simulate`.

use crate::quota::{Outcome, Project, Rules, Scenario, simulate};

/// The bundled sample scenario, relative to the repository.
pub const SAMPLE_SCENARIO: &str = "sample-data/scenario-2026.ron";

/// Quota state: rules, the scenario, and the simulated outcomes without and with the project.
#[derive(Default)]
pub struct QuotaState {
    pub rules: Option<Rules>,
    pub scenario_path: String,
    pub scenario: Option<Scenario>,
    pub base: Option<Outcome>,
    /// The scenario with this project added, and its outcome.
    pub with_project: Option<(Scenario, Outcome)>,
    /// 亩 of the project's new land that is cultivated land (耕地).
    pub cultivated_mu: f64,
    /// The officer typed `cultivated_mu` instead of taking the increment overlay's value.
    pub cultivated_overridden: bool,
    /// When the project was added with an override: (overlay 亩, typed 亩), for the draft.
    pub added_override: Option<(f64, f64)>,
    /// Project date (YYYY-MM-DD) in the plan year.
    pub date: String,
    pub error: Option<String>,
    /// Show only the pools the project changes.
    pub only_changed: bool,
}

impl QuotaState {
    /// Loads rules (built in) and a scenario file, and simulates the baseline.
    pub fn open(&mut self, path: &std::path::Path) -> anyhow::Result<()> {
        let rules = match self.rules.take() {
            Some(r) => r,
            None => crate::io::quota_files::builtin_rules()?,
        };
        let result = crate::io::quota_files::load_scenario(path, &rules).and_then(|sc| {
            let base = simulate(&rules, &sc).map_err(|e| anyhow::anyhow!("{e}"))?;
            Ok((sc, base))
        });
        self.rules = Some(rules);
        let (sc, base) = result?;
        if self.date.is_empty() {
            self.date = crate::quota::default_project_date(sc.plan_year).to_string();
        }
        self.scenario_path = path.display().to_string();
        self.scenario = Some(sc);
        self.base = Some(base);
        self.with_project = None;
        self.error = None;
        Ok(())
    }

    /// Index in the variant outcome's projects of the project added here.
    pub fn added_index(&self) -> Option<usize> {
        let (sc, out) = self.with_project.as_ref()?;
        let name = &sc.projects.last()?.name;
        out.projects.iter().position(|p| &p.project.name == name)
    }

    /// Re-simulates the baseline (and the variant with the project) after the scenario was edited.
    pub fn resimulate(&mut self) {
        let (Some(rules), Some(sc)) = (&self.rules, &self.scenario) else {
            return;
        };
        match simulate(rules, sc) {
            Ok(base) => {
                self.base = Some(base);
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
        if let Some((variant, _)) = self.with_project.take()
            && let Some(p) = variant.projects.last().cloned()
            && let Err(e) = self.add_project(p)
        {
            self.error = Some(format!("{e:#}"));
        }
    }

    /// Adds `project` to the scenario and simulates the variant.
    pub fn add_project(&mut self, project: Project) -> anyhow::Result<()> {
        let (Some(rules), Some(sc)) = (&self.rules, &self.scenario) else {
            anyhow::bail!("没有情景 / no scenario loaded");
        };
        let mut variant = sc.clone();
        variant.projects.retain(|p| p.name != project.name);
        variant.projects.push(project);
        let out = simulate(rules, &variant).map_err(|e| anyhow::anyhow!("{e}"))?;
        self.with_project = Some((variant, out));
        self.only_changed = true;
        Ok(())
    }
}
