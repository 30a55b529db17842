//! The right-hand panel: its tabs, and the 项目 tab (the project brief and the footprint tools).

use egui::{Color32, RichText, Ui};

use super::app::StockApp;
use super::i18n::{mu_ha, t};
use super::map::sketch::{rectangle_of_area, scaled_to_area};
use super::shell::SideTab;
use crate::model::Area;

impl StockApp {
    pub(super) fn side_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.shell.tab, SideTab::Project, t::TAB_PROJECT.get(lang));
            ui.selectable_value(&mut self.shell.tab, SideTab::Candidates, t::TAB_CANDIDATES.get(lang));
            ui.selectable_value(&mut self.shell.tab, SideTab::Quota, t::TAB_QUOTA.get(lang));
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| match self.shell.tab {
                SideTab::Project => self.project_tab_ui(ui),
                SideTab::Candidates => self.candidates_tab_ui(ui),
                SideTab::Quota => self.quota_tab_ui(ui),
            });
    }

    /// The county id from the sketch's location, by the matching rules' 属地 rule ([`MatchRules::county_at`]).
    ///
    /// [`MatchRules::county_at`]: crate::matching::MatchRules::county_at
    pub fn county_from_location(&self) -> Option<String> {
        let c = super::map::sketch::centroid(&self.doc.footprint.vertices)?;
        self.match_rules.as_ref()?.county_at(self.library()?, c)
    }

    /// The required area: the typed one, else the sketch's.
    pub fn required_area(&self) -> Area {
        self.doc
            .brief
            .area_mu
            .map(Area::from_mu)
            .unwrap_or_else(|| self.doc.footprint.area())
    }

    fn project_tab_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        egui::Grid::new("req")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                ui.label(t::PROJECT_NAME.get(lang));
                ui.text_edit_singleline(&mut self.doc.brief.name)
                    .accessible_name(t::PROJECT_NAME.get(lang));
                ui.end_row();

                ui.label(t::USE.get(lang));
                let current = self
                    .catalog
                    .class(&self.doc.brief.use_code)
                    .map(|c| format!("{} {}", c.code, lang.pick(&c.zh, &c.en)))
                    .unwrap_or(self.doc.brief.use_code.clone());
                ui.strong(current);
                ui.end_row();
            });
        ui.add(egui::TextEdit::singleline(&mut self.shell.use_search).hint_text(t::SEARCH_USE.get(lang)));
        let q = self.shell.use_search.trim().to_lowercase();
        let mut picked: Option<String> = None;
        egui::ScrollArea::vertical()
            .id_salt("uses")
            .max_height(150.0)
            .show(ui, |ui| {
                for c in &self.catalog.ydyh2023 {
                    let hit = c.code.starts_with(&q) || c.zh.contains(&q) || c.en.to_lowercase().contains(&q);
                    if !q.is_empty() && !hit {
                        continue;
                    }
                    let indent = "  ".repeat(c.code.len() / 2 - 1);
                    let text = format!("{indent}{} {}", c.code, lang.pick(&c.zh, &c.en));
                    if ui.selectable_label(self.doc.brief.use_code == c.code, text).clicked() {
                        picked = Some(c.code.clone());
                    }
                }
            });
        if let Some(code) = picked {
            self.doc.brief.use_code = code;
            self.edited();
        }
        ui.separator();
        let sketch_area = self.doc.footprint.area();
        ui.label(format!("{}: {}", t::SKETCH_AREA.get(lang), mu_ha(lang, sketch_area)));
        if self.doc.footprint.closed && super::map::sketch::self_crossing(&self.doc.footprint.vertices) {
            ui.colored_label(Color32::RED, t::SELF_CROSSING.get(lang));
        }
        ui.horizontal(|ui| {
            ui.label(t::REQUIRED_MU.get(lang));
            let mut mu = self.required_area().mu();
            if ui
                .add(
                    egui::DragValue::new(&mut mu)
                        .range(0.0..=100_000.0)
                        .speed(1.0)
                        .max_decimals(2),
                )
                .accessible_name(t::REQUIRED_MU.get(lang))
                .changed()
            {
                self.doc.brief.area_mu = Some(mu);
                self.edited();
            }
            if ui.button(t::USE_SKETCH_AREA.get(lang)).clicked() {
                self.doc.brief.area_mu = None;
                self.edited();
            }
        });
        ui.horizontal(|ui| {
            ui.label(t::COUNTY.get(lang));
            let before = self.doc.brief.county.clone();
            let auto = self.county_from_location();
            let shown = self.doc.brief.county.clone().or(auto.clone());
            let name = shown
                .as_deref()
                .map(|id| match self.counties.by_id(id) {
                    Some(c) if lang == crate::model::Lang::En => c.name_en.clone(),
                    _ => self.counties.name_of(id),
                })
                .unwrap_or_else(|| "—".into());
            let suffix = if self.doc.brief.county.is_none() {
                t::COUNTY_AUTO.get(lang)
            } else {
                ""
            };
            egui::ComboBox::from_id_salt("county")
                .selected_text(format!("{name} {suffix}"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.doc.brief.county, None, t::COUNTY_AUTO.get(lang));
                    for c in self.counties.iter() {
                        ui.selectable_value(
                            &mut self.doc.brief.county,
                            Some(c.id.clone()),
                            lang.pick(&c.name, &c.name_en),
                        );
                    }
                })
                .response
                .accessible_name(t::COUNTY.get(lang));
            if self.doc.brief.county != before {
                self.edited();
            }
        });
        let mut changed = false;
        ui.horizontal(|ui| {
            ui.label(t::TIER.get(lang));
            let tier = self.doc.brief.tier;
            let cur = lang.pick(tier.zh(), tier.en());
            egui::ComboBox::from_id_salt("tier")
                .selected_text(cur)
                .show_ui(ui, |ui| {
                    for k in crate::model::ProjectTier::ALL {
                        if ui
                            .selectable_value(&mut self.doc.brief.tier, k, lang.pick(k.zh(), k.en()))
                            .changed()
                        {
                            changed = true;
                        }
                    }
                })
                .response
                .accessible_name(t::TIER.get(lang));
        });
        if changed {
            self.edited();
        }
        ui.separator();
        ui.label(RichText::new(t::SKETCH.get(lang)).strong());
        if self.doc.footprint.vertices.is_empty() {
            ui.label(t::NO_SKETCH.get(lang));
        }
        self.sketch_parts_ui(ui);
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(self.doc.footprint.can_undo(), egui::Button::new(t::UNDO.get(lang)))
                .clicked()
            {
                self.doc.footprint.undo();
                self.edited();
            }
            if ui
                .add_enabled(self.doc.footprint.can_redo(), egui::Button::new(t::REDO.get(lang)))
                .clicked()
            {
                self.doc.footprint.redo();
                self.edited();
            }
            if ui.button(t::FINISH_SKETCH.get(lang)).clicked() && self.doc.footprint.finish() {
                self.edited();
            }
            if ui.button(t::CLEAR_SKETCH.get(lang)).clicked() {
                self.doc.footprint.clear();
                self.edited();
            }
            ui.checkbox(&mut self.map.snap, t::SNAP.get(lang));
            ui.add(
                egui::DragValue::new(&mut self.map.snap_px)
                    .range(1.0..=50.0)
                    .suffix(" px"),
            )
            .accessible_name(t::SNAP_PX.get(lang));
        });
        ui.label(RichText::new(t::TARGET_AREA.get(lang)).strong());
        ui.horizontal_wrapped(|ui| {
            ui.label(t::TARGET_MU.get(lang));
            ui.add(
                egui::DragValue::new(&mut self.shell.target_mu)
                    .range(0.1..=100_000.0)
                    .speed(1.0),
            )
            .accessible_name(t::TARGET_MU.get(lang));
            if ui.button(t::TARGET_RECT.get(lang)).clicked() {
                let center = super::map::sketch::centroid(&self.doc.footprint.vertices)
                    .or(self.map.cursor_world)
                    .unwrap_or(self.map.view.center);
                self.doc.footprint.set(
                    rectangle_of_area(center, Area::from_mu(self.shell.target_mu), 1.5),
                    true,
                );
                self.edited();
            }
            if ui
                .add_enabled(
                    self.doc.footprint.vertices.len() >= 3,
                    egui::Button::new(t::TARGET_SCALE.get(lang)),
                )
                .clicked()
                && let Some(v) = scaled_to_area(&self.doc.footprint.vertices, Area::from_mu(self.shell.target_mu))
            {
                self.doc.footprint.set(v, true);
                self.edited();
            }
        });
        ui.separator();
        self.compliance_ui(ui);
    }
}
