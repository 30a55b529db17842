//! The 指标 tab: a quota scenario, "add this project" with its new land after the chosen candidate, pool balances
//! before and after (each line with its clause), balances over the year (egui_plot), and next year's county table.
//! Every number comes from `quota::simulate`; this file only lays the answers out.

use std::path::PathBuf;

use egui::{Color32, RichText, Ui};
use egui_plot::{Legend, Line, Plot, PlotPoints};

use super::app::StockApp;
use super::i18n::{mu_ha, t};
use super::report::Table;
use crate::model::Area;
use crate::model::Lang;
use crate::quota::{Outcome, PoolKey, Project, Rules, Scenario, simulate};
use crate::report::Cell;
use crate::report::quota::{Namer, quota_tables};
use crate::report::table::mu_text;

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
            self.date = format!("{}-06-30", sc.plan_year);
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

fn pool_label(rules: Option<&Rules>, key: &PoolKey, lang: Lang, counties: &crate::model::Counties) -> String {
    let name = rules
        .map(|r| r.pool_name(key.pool, lang).to_string())
        .unwrap_or(key.pool.ident().into());
    match &key.county {
        Some(c) => format!("{name} · {}", counties.name_of(c)),
        None => name,
    }
}

impl StockApp {
    /// The project's new land: the chosen candidate's shortfall (需补足增量), else the 套核 remainder, else the
    /// whole requirement — as the matching core reports them.
    pub fn project_new_land(&self) -> Area {
        if let Some(c) = self.chosen() {
            return c.size.shortfall;
        }
        if let Some(o) = self.match_result().and_then(|r| r.overlay.as_ref()) {
            return o.new_land;
        }
        self.required_area()
    }

    /// Builds the quota project for the current requirement and adds it to the scenario.
    pub fn add_project_to_scenario(&mut self) -> anyhow::Result<()> {
        let res = self
            .match_result()
            .ok_or_else(|| anyhow::anyhow!("{}", t::NO_CANDIDATES.get(self.lang)))?;
        let county = res
            .county
            .clone()
            .ok_or_else(|| anyhow::anyhow!("{}", t::COUNTY.get(self.lang)))?;
        let tier = res.tier;
        let name = if self.requirement.name.trim().is_empty() {
            t::UNNAMED_PROJECT.get(self.lang).to_string()
        } else {
            self.requirement.name.clone()
        };
        let match_id = self.chosen_candidate.clone().unwrap_or_else(|| "footprint".into());
        let new_land = self.project_new_land();
        let cultivated = Area::from_mu(self.quota.cultivated_mu.min(new_land.mu()).max(0.0));
        let p = Project::from_shortfall(match_id, name, county, tier, &self.quota.date, new_land, cultivated)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        self.quota.add_project(p)
    }

    /// Editing the scenario: county quotas and the project list (remove), re-simulated on every change.
    fn scenario_editor(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        let Some(sc) = self.quota.scenario.as_mut() else { return };
        let mut changed = false;
        egui::CollapsingHeader::new(t::EDIT_SCENARIO.get(lang)).show(ui, |ui| {
            egui::Grid::new("sc_counties").striped(true).show(ui, |ui| {
                ui.weak(t::COUNTY.get(lang));
                ui.weak(t::PLAN_QUOTA.get(lang));
                ui.weak(t::COMPENSATION_QUOTA.get(lang));
                ui.end_row();
                for c in &mut sc.counties {
                    let name = self.counties.name_of(&c.county);
                    ui.label(&name);
                    changed |= ui
                        .add(egui::DragValue::new(&mut c.plan_quota_mu).range(0.0..=1e6))
                        .accessible_name(format!("{name} {}", t::PLAN_QUOTA.get(lang)))
                        .changed();
                    changed |= ui
                        .add(egui::DragValue::new(&mut c.compensation_quota_mu).range(0.0..=1e6))
                        .accessible_name(format!("{name} {}", t::COMPENSATION_QUOTA.get(lang)))
                        .changed();
                    ui.end_row();
                }
            });
            ui.separator();
            let mut remove = None;
            for (i, p) in sc.projects.iter().enumerate() {
                ui.horizontal(|ui| {
                    if ui.small_button("×").on_hover_text(t::REMOVE.get(lang)).clicked() {
                        remove = Some(i);
                    }
                    ui.label(format!(
                        "{} · {} · {} · {} · {:.1} 亩",
                        p.date,
                        p.name,
                        self.counties.name_of(&p.county),
                        lang.pick(p.tier.zh(), p.tier.en()),
                        p.new_land_mu
                    ));
                });
            }
            if let Some(i) = remove {
                sc.projects.remove(i);
                changed = true;
            }
        });
        if changed {
            self.quota.resimulate();
        }
    }

    pub(super) fn quota_tab(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.horizontal(|ui| {
            ui.label(t::SCENARIO.get(lang));
            ui.add(egui::TextEdit::singleline(&mut self.quota.scenario_path).desired_width(200.0))
                .accessible_name(t::SCENARIO.get(lang));
            if ui.button(t::OPEN_SCENARIO.get(lang)).clicked() {
                let p = PathBuf::from(self.quota.scenario_path.trim());
                if let Err(e) = self.quota.open(&p) {
                    self.quota.error = Some(format!("{e:#}"));
                }
            }
        });
        if let Some(e) = &self.quota.error {
            ui.colored_label(Color32::RED, e);
        }
        let Some(sc) = &self.quota.scenario else {
            ui.label(t::NO_SCENARIO.get(lang));
            return;
        };
        ui.label(format!(
            "{} · {} · {} {}",
            sc.name,
            sc.plan_year,
            sc.projects.len(),
            t::PROJECTS_UNIT.get(lang)
        ));
        self.scenario_editor(ui);
        ui.separator();
        let new_land = self.project_new_land();
        ui.label(RichText::new(format!("{}: {}", t::PROJECT_NEW_LAND.get(lang), mu_ha(lang, new_land))).strong());
        if let Some(c) = self.chosen() {
            ui.label(format!(
                "{} {} ({})",
                t::CHOSEN.get(lang),
                c.ids.join("+"),
                lang.pick(c.class.zh(), c.class.en())
            ));
        }
        ui.horizontal(|ui| {
            ui.label(t::CULTIVATED_MU.get(lang));
            ui.add(
                egui::DragValue::new(&mut self.quota.cultivated_mu)
                    .range(0.0..=new_land.mu())
                    .speed(0.5),
            )
            .accessible_name(t::CULTIVATED_MU.get(lang));
            ui.label(t::DATE.get(lang));
            ui.add(egui::TextEdit::singleline(&mut self.quota.date).desired_width(90.0))
                .accessible_name(t::DATE.get(lang));
        });
        if ui.button(t::ADD_PROJECT.get(lang)).clicked()
            && let Err(e) = self.add_project_to_scenario()
        {
            self.quota.error = Some(format!("{e:#}"));
        }
        self.quota_results(ui);
    }

    fn quota_results(&mut self, ui: &mut Ui) {
        let mut toggle = false;
        self.quota_results_inner(ui, &mut toggle);
        if toggle {
            self.quota.only_changed = !self.quota.only_changed;
        }
    }

    fn quota_results_inner(&self, ui: &mut Ui, toggle: &mut bool) {
        let lang = self.lang;
        let Some(base) = &self.quota.base else { return };
        let after = self.quota.with_project.as_ref().map(|(_, o)| o);
        let rules = self.quota.rules.as_ref();
        // This project's draws and shortfalls, each with its clause.
        if let Some((_, out)) = &self.quota.with_project
            && let Some(idx) = self.quota.added_index()
        {
            ui.separator();
            ui.strong(t::PROJECT_DRAWS.get(lang));
            egui::Grid::new("draws").striped(true).show(ui, |ui| {
                for h in [t::POOL, t::COL_MU, t::BALANCE_AFTER, t::CLAUSE] {
                    ui.weak(h.get(lang));
                }
                ui.end_row();
                for l in out.ledger.iter().filter(|l| l.project == idx) {
                    let key = out.accounts.get(l.account).map(|a| a.key.clone());
                    let name = key
                        .map(|k| pool_label(rules, &k, lang, &self.counties))
                        .unwrap_or_default();
                    ui.label(format!("{name} ({})", lang.pick(l.purpose.zh(), l.purpose.en())));
                    ui.label(format!("{:.2}", l.mu));
                    ui.label(format!("{:.2}", l.balance_after));
                    ui.label(l.clause.to_string());
                    ui.end_row();
                }
                for s in out.shortfalls.iter().filter(|s| s.project == idx) {
                    ui.colored_label(
                        Color32::RED,
                        format!("{} ({})", t::SHORT.get(lang), lang.pick(s.purpose.zh(), s.purpose.en())),
                    );
                    ui.colored_label(Color32::RED, format!("{:.2}", s.mu));
                    ui.label("");
                    ui.label(s.clause.to_string());
                    ui.end_row();
                }
            });
        }
        ui.separator();
        ui.strong(t::BALANCES_OVER_YEAR.get(lang));
        let out = after.unwrap_or(base);
        Plot::new("balances")
            .height(200.0)
            .x_axis_label(t::MONTH.get(lang))
            .y_axis_label(t::MU.get(lang))
            .legend(Legend::default())
            .allow_scroll(false)
            .show(ui, |plot| {
                // Each account's balance after each draw, in the engine's (date) order; the busiest accounts only.
                let mut by_account: Vec<(usize, Vec<[f64; 2]>)> = Vec::new();
                // x: the month (1 = 1 January, 13 = year end) of the drawing project's date.
                for l in &out.ledger {
                    let Some(acc) = out.accounts.get(l.account) else {
                        continue;
                    };
                    let Some(date) = out.projects.get(l.project).map(|p| p.project.date) else {
                        continue;
                    };
                    let x = f64::from(date.month) + (f64::from(date.day) - 1.0) / 31.0;
                    let entry = match by_account.iter_mut().find(|(a, _)| *a == l.account) {
                        Some(e) => e,
                        None => {
                            by_account.push((l.account, vec![[1.0, acc.opening]]));
                            let last = by_account.len() - 1;
                            &mut by_account[last]
                        }
                    };
                    entry.1.push([x, l.balance_after]);
                }
                by_account.sort_by_key(|(_, pts)| std::cmp::Reverse(pts.len()));
                for (acc, mut pts) in by_account.into_iter().take(8) {
                    if let Some(&[_, y]) = pts.last() {
                        pts.push([13.0, y]);
                    }
                    // Repeated points make degenerate joints in the line mesh.
                    pts.dedup_by(|a, b| (a[0] - b[0]).abs() < 1e-9 && (a[1] - b[1]).abs() < 1e-9);
                    let name = out
                        .accounts
                        .get(acc)
                        .map(|a| pool_label(rules, &a.key, lang, &self.counties))
                        .unwrap_or_default();
                    plot.line(Line::new(name, PlotPoints::from(pts)));
                }
            });
        ui.separator();
        ui.strong(format!(
            "{} — {} / {}",
            t::POOL.get(lang),
            t::BEFORE.get(lang),
            t::AFTER.get(lang)
        ));
        let only_changed = self.quota.only_changed && after.is_some();
        if after.is_some()
            && ui
                .checkbox(&mut only_changed.clone(), t::ONLY_CHANGED.get(lang))
                .clicked()
        {
            *toggle = true;
        }
        egui::Grid::new("pools").striped(true).show(ui, |ui| {
            for h in [t::POOL, t::OPENING, t::BEFORE, t::AFTER, t::CLAUSE] {
                ui.weak(h.get(lang));
            }
            ui.end_row();
            for a in &base.accounts {
                let after_closing = after
                    .and_then(|o| o.account(a.key.pool, a.key.county.as_deref()))
                    .map(|x| x.closing);
                let changed = after_closing.is_some_and(|c| (c - a.closing).abs() > 1e-9);
                if only_changed && !changed {
                    continue;
                }
                ui.label(pool_label(rules, &a.key, lang, &self.counties));
                ui.label(mu_text(a.opening));
                ui.label(mu_text(a.closing));
                let text = after_closing.map(mu_text).unwrap_or("—".into());
                if changed {
                    ui.strong(text)
                } else {
                    ui.label(text)
                };
                ui.label(
                    rules
                        .and_then(|r| r.pool(a.key.pool))
                        .map(|p| p.clause.to_string())
                        .unwrap_or_default(),
                );
                ui.end_row();
            }
        });
        ui.separator();
        ui.strong(t::NEXT_YEAR.get(lang));
        let out = after.unwrap_or(base);
        for c in &out.year_end.counties {
            let e = &c.eligibility;
            let mut flags = Vec::new();
            if e.advanced_unit_priority {
                flags.push(t::FLAG_ADVANCED.get(lang));
            }
            if e.demonstration_recommendable {
                flags.push(t::FLAG_DEMO.get(lang));
            }
            if !e.advanced_eligible {
                flags.push(t::FLAG_NOT_ADVANCED.get(lang));
            }
            let share = Cell::Percent(c.share).to_text();
            ui.horizontal_wrapped(|ui| {
                ui.strong(self.counties.name_of(&c.county));
                ui.label(format!(
                    "{} {share}{}",
                    t::CULTIVATED_SHARE.get(lang),
                    if c.above_average { " ↑" } else { "" }
                ));
                ui.label(format!(
                    "{} {} → {} {}",
                    t::BASE.get(lang),
                    mu_text(c.base_mu),
                    t::NEXT_YEAR_MU.get(lang),
                    mu_text(c.next_year_mu)
                ));
                if !flags.is_empty() {
                    ui.weak(flags.join(", "));
                }
            });
            for a in &c.adjustments {
                let change = Cell::MuChange(a.mu).to_text();
                ui.label(RichText::new(format!("   {} {change} 亩 {}", a.clause, lang.pick(&a.zh, &a.en))).small());
            }
        }
    }

    /// This project's ledger lines and shortfalls, each with its clause.
    pub fn project_draws_table(&self) -> Table {
        let lang = self.lang;
        let header = [t::POOL, t::COL_MU, t::BALANCE_AFTER, t::CLAUSE];
        let mut table = Table {
            header: header.iter().map(|h| h.get(lang).to_string()).collect(),
            rows: Vec::new(),
        };
        let Some((_, out)) = &self.quota.with_project else {
            return table;
        };
        let Some(idx) = self.quota.added_index() else {
            return table;
        };
        let rules = self.quota.rules.as_ref();
        for l in out.ledger.iter().filter(|l| l.project == idx) {
            let name = out
                .accounts
                .get(l.account)
                .map(|a| pool_label(rules, &a.key, lang, &self.counties))
                .unwrap_or_default();
            table.rows.push(vec![
                format!("{name} ({})", lang.pick(l.purpose.zh(), l.purpose.en())),
                format!("{:.2}", l.mu),
                format!("{:.2}", l.balance_after),
                l.clause.to_string(),
            ]);
        }
        for s in out.shortfalls.iter().filter(|s| s.project == idx) {
            table.rows.push(vec![
                format!("{} ({})", t::SHORT.get(lang), lang.pick(s.purpose.zh(), s.purpose.en())),
                format!("{:.2}", s.mu),
                String::new(),
                s.clause.to_string(),
            ]);
        }
        table
    }

    /// Next year's county plan-quota table (after the project, if added): the report's table, as the CLI shows it.
    pub fn next_year_table(&self) -> Table {
        let out = self
            .quota
            .with_project
            .as_ref()
            .map(|(_, o)| o)
            .or(self.quota.base.as_ref());
        let (Some(out), Some(rules)) = (out, self.quota.rules.as_ref()) else {
            return Table::default();
        };
        let namer = Namer {
            rules,
            counties: &self.counties,
            lang: self.lang,
        };
        let t = quota_tables(out, &namer).next_year;
        Table {
            header: t.headers().iter().map(|h| h.to_string()).collect(),
            rows: t.text_rows(),
        }
    }
}
