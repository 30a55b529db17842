//! The 指标 tab: a quota scenario, "add this project" with its new land after the chosen candidate (the core's
//! `quota::Project::from_match`), and a small scenario editor. The result tables are drawn by `quota_tables`.

use std::path::PathBuf;

use egui::{Color32, RichText, Ui};

use super::app::StockApp;
use super::i18n::{mu_ha, t};
use crate::model::Area;
use crate::quota::Project;

impl StockApp {
    /// The project's new land as the core counts it ([`crate::quota::new_land_of`]); before any match, the
    /// whole requirement.
    pub fn project_new_land(&self) -> Area {
        match self.match_result() {
            Some(res) => crate::quota::new_land_of(res, self.chosen()),
            None => self.required_area(),
        }
    }

    /// Builds the quota project for the current match ([`Project::from_match`]) and adds it to the scenario.
    pub fn add_project_to_scenario(&mut self) -> anyhow::Result<()> {
        let res = self
            .match_result()
            .ok_or_else(|| anyhow::anyhow!("{}", t::NO_CANDIDATES.get(self.lang)))?;
        if res.county.is_none() {
            anyhow::bail!("{}", t::COUNTY.get(self.lang));
        }
        let name = if self.doc.brief.name.trim().is_empty() {
            t::UNNAMED_PROJECT.get(self.lang).to_string()
        } else {
            self.doc.brief.name.clone()
        };
        // The increment overlay's cultivated 亩 (footprint minus stock, net of 田坎) unless the officer overrode it.
        let overlay = self.increment_cultivated_mu();
        let cultivated = match overlay {
            Some(o) if !self.doc.quota.cultivated_overridden => o,
            _ => self.doc.quota.cultivated_mu,
        };
        let p = Project::from_match(
            res,
            self.chosen(),
            name,
            &self.doc.quota.date,
            Area::from_mu(cultivated),
        )
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        self.doc.quota.added_override = match overlay {
            Some(o) if self.doc.quota.cultivated_overridden => Some((o, p.cultivated_mu)),
            _ => None,
        };
        self.doc.quota.add_project(p)
    }

    /// Editing the scenario: county quotas and the project list (remove), re-simulated on every change.
    fn scenario_editor_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        let Some(sc) = self.doc.quota.scenario.as_mut() else {
            return;
        };
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
            self.doc.quota.resimulate();
        }
    }

    pub(super) fn quota_tab_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.horizontal(|ui| {
            ui.label(t::SCENARIO.get(lang));
            ui.add(egui::TextEdit::singleline(&mut self.doc.quota.scenario_path).desired_width(200.0))
                .accessible_name(t::SCENARIO.get(lang));
            if ui.button(t::OPEN_SCENARIO.get(lang)).clicked() {
                let p = PathBuf::from(self.doc.quota.scenario_path.trim());
                if let Err(e) = self.doc.quota.open(&p) {
                    self.doc.quota.error = Some(format!("{e:#}"));
                }
            }
        });
        if let Some(e) = &self.doc.quota.error {
            ui.colored_label(Color32::RED, e);
        }
        let Some(sc) = &self.doc.quota.scenario else {
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
        self.scenario_editor_ui(ui);
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
        let overlay = self.increment_cultivated_mu();
        if let Some(o) = overlay
            && !self.doc.quota.cultivated_overridden
        {
            self.doc.quota.cultivated_mu = o.min(new_land.mu());
        }
        ui.horizontal(|ui| {
            ui.label(t::CULTIVATED_MU.get(lang));
            if ui
                .add(
                    egui::DragValue::new(&mut self.doc.quota.cultivated_mu)
                        .range(0.0..=new_land.mu())
                        .speed(0.5),
                )
                .accessible_name(t::CULTIVATED_MU.get(lang))
                .changed()
                && overlay.is_some()
            {
                self.doc.quota.cultivated_overridden = true;
            }
            ui.label(t::DATE.get(lang));
            ui.add(egui::TextEdit::singleline(&mut self.doc.quota.date).desired_width(90.0))
                .accessible_name(t::DATE.get(lang));
        });
        if let Some(o) = overlay {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "{}: {o:.2} {}",
                    t::FROM_OVERLAY.get(lang),
                    lang.pick("亩", "mu")
                ));
                if self.doc.quota.cultivated_overridden {
                    ui.colored_label(
                        Color32::from_rgb(190, 120, 0),
                        format!(
                            "{} ({:.2} {})",
                            t::OVERRIDDEN.get(lang),
                            self.doc.quota.cultivated_mu,
                            lang.pick("亩", "mu")
                        ),
                    );
                    if ui.button(t::USE_OVERLAY.get(lang)).clicked() {
                        self.doc.quota.cultivated_overridden = false;
                    }
                }
            });
        }
        if ui.button(t::ADD_PROJECT.get(lang)).clicked()
            && let Err(e) = self.add_project_to_scenario()
        {
            self.doc.quota.error = Some(format!("{e:#}"));
        }
        self.quota_results_ui(ui);
    }
}
