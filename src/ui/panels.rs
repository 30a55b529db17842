//! Menu, status bar, layers/legend panel and the right-hand tabs.

use egui::{Color32, RichText, Ui};

use super::app::{PathPurpose, SideTab, StockApp};
use super::i18n::{mu_ha, t};
use super::loader::{LibrarySource, Stage};
use super::map::sketch::{rectangle_of_area, scaled_to_area};
use super::map::style::{USE_GROUPS, kind_color};
use super::map::{Detail, FillMode, Tool};
use crate::model::Lang;
use crate::model::{Area, StockKind};

impl StockApp {
    pub(super) fn menu_bar(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(t::MENU_FILE.get(lang), |ui| {
                if ui.button(t::LOAD_SAMPLE.get(lang)).clicked() {
                    self.start_load(LibrarySource::default_start());
                }
                if ui.button(t::OPEN_LIBRARY.get(lang)).clicked() {
                    self.open_dialog(PathPurpose::OpenLibrary);
                }
                ui.separator();
                if ui.button(t::OPEN_PROJECT.get(lang)).clicked() {
                    self.open_dialog(PathPurpose::OpenProject);
                }
                if ui.button(t::SAVE_PROJECT.get(lang)).clicked() {
                    match self.project_path.clone() {
                        Some(p) => self.run_path_action(PathPurpose::SaveProject, p),
                        None => self.open_dialog(PathPurpose::SaveProject),
                    }
                }
                if ui.button(t::SAVE_PROJECT_AS.get(lang)).clicked() {
                    self.open_dialog(PathPurpose::SaveProject);
                }
                ui.separator();
                if ui.button(t::EXPORT_HTML.get(lang)).clicked() {
                    self.open_dialog(PathPurpose::ExportHtml);
                }
                if ui.button(t::EXPORT_CSV.get(lang)).clicked() {
                    self.open_dialog(PathPurpose::ExportCsv);
                }
                if ui.button(t::IMPORT_FOOTPRINT.get(lang)).clicked() {
                    self.open_dialog(PathPurpose::ImportFootprint);
                }
                if ui.button(t::EXPORT_SKETCH.get(lang)).clicked() {
                    self.open_dialog(PathPurpose::ExportSketch);
                }
                ui.separator();
                if ui.button(t::QUIT.get(lang)).clicked() {
                    ui.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button(t::MENU_VIEW.get(lang), |ui| {
                if ui.button(t::ZOOM_EXTENT.get(lang)).clicked() {
                    self.map.pending_fit = self.library().and_then(|l| l.extent());
                }
                if ui.button(t::ZOOM_SELECTION.get(lang)).clicked() {
                    self.zoom_to_selection();
                }
                ui.separator();
                ui.checkbox(&mut self.show_layers, t::SHOW_LAYERS.get(lang));
                ui.checkbox(&mut self.show_side, t::SHOW_SIDE.get(lang));
                ui.checkbox(&mut self.show_ledger, t::SHOW_LEDGER.get(lang));
                ui.separator();
                ui.label(t::LANGUAGE.get(lang));
                ui.radio_value(&mut self.lang, Lang::Zh, t::LANG_ZH.get(lang));
                ui.radio_value(&mut self.lang, Lang::En, t::LANG_EN.get(lang));
            });
            ui.menu_button(t::MENU_TOOLS.get(lang), |ui| {
                ui.radio_value(&mut self.map.tool, Tool::Navigate, t::TOOL_NAVIGATE.get(lang));
                ui.radio_value(&mut self.map.tool, Tool::Sketch, t::TOOL_SKETCH.get(lang));
                ui.checkbox(&mut self.map.snap, t::SNAP.get(lang));
            });
            ui.menu_button(t::MENU_HELP.get(lang), |ui| {
                if ui.button(t::ABOUT.get(lang)).clicked() {
                    self.show_about = true;
                }
            });
            ui.separator();
            // Quick tool switches and the language toggle, always visible.
            ui.selectable_value(&mut self.map.tool, Tool::Navigate, t::TOOL_NAVIGATE.get(lang));
            ui.selectable_value(&mut self.map.tool, Tool::Sketch, t::TOOL_SKETCH.get(lang));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let other = if lang == Lang::Zh {
                    (Lang::En, t::LANG_EN)
                } else {
                    (Lang::Zh, t::LANG_ZH)
                };
                if ui.button(other.1.get(lang)).clicked() {
                    self.lang = other.0;
                }
            });
        });
    }

    pub fn zoom_to_selection(&mut self) {
        let sketch_box = (self.sketch.vertices.len() >= 2).then(|| {
            let xs = self.sketch.vertices.iter().map(|c| c.x);
            let ys = self.sketch.vertices.iter().map(|c| c.y);
            let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
            let (y0, y1) = ys.fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
            geo::Rect::new(geo::Coord { x: x0, y: y0 }, geo::Coord { x: x1, y: y1 })
        });
        if let Some(i) = self.map.selected {
            self.select_parcel(i, true);
        } else if let Some(b) = sketch_box {
            self.map.pending_fit = Some(b);
        }
    }

    pub(super) fn status_bar(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.horizontal(|ui| {
            match self.map.cursor_world {
                Some(c) => ui.monospace(format!("{} X {:.2}  Y {:.2}", t::STATUS_CURSOR.get(lang), c.x, c.y)),
                None => ui.monospace(format!("{} X —  Y —", t::STATUS_CURSOR.get(lang))),
            };
            ui.label(t::STATUS_ZONE.get(lang));
            ui.separator();
            ui.label(format!(
                "{} 1:{:.0}",
                t::STATUS_SCALE.get(lang),
                self.map.view.scale_denominator()
            ));
            ui.separator();
            ui.label(format!(
                "{} {}",
                t::STATUS_PARCELS.get(lang),
                self.library().map(|l| l.len()).unwrap_or(0)
            ));
            ui.separator();
            let sel = self
                .map
                .selected
                .and_then(|i| self.library().and_then(|l| l.parcel(i)))
                .map(|p| format!("{} {}", p.id, mu_ha(lang, p.area)))
                .unwrap_or_else(|| t::NONE.get(lang).to_string());
            ui.label(format!("{} {sel}", t::STATUS_SELECTION.get(lang)));
            ui.separator();
            let detail = match self.map.detail {
                Detail::Density => "LOD",
                Detail::Parcels => "",
                Detail::Empty => "",
            };
            ui.weak(format!(
                "{} {:.1} ms {detail}",
                t::FRAME_MS.get(lang),
                self.map.frame_ms
            ));
            if let Some(m) = &self.message {
                ui.separator();
                ui.label(m);
            }
        });
    }

    pub(super) fn layers_panel(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.heading(t::LAYERS.get(lang));
        ui.checkbox(&mut self.map.show_parcels, t::LAYER_PARCELS.get(lang));
        ui.checkbox(&mut self.map.show_labels, t::LAYER_LABELS.get(lang));
        ui.checkbox(&mut self.map.show_sketch, t::LAYER_SKETCH.get(lang));
        ui.checkbox(&mut self.map.show_candidates, t::LAYER_CANDIDATES.get(lang));
        ui.separator();
        ui.label(t::FILL_BY.get(lang));
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.map.fill, FillMode::Kind, t::FILL_KIND.get(lang));
            ui.selectable_value(&mut self.map.fill, FillMode::Use, t::FILL_USE.get(lang));
        });
        ui.separator();
        ui.heading(t::LEGEND.get(lang));
        let swatch = |ui: &mut Ui, c: Color32, text: &str| {
            ui.horizontal(|ui| {
                let (r, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                ui.painter().rect_filled(r, 2.0, c);
                ui.label(text);
            });
        };
        match self.map.fill {
            FillMode::Kind => {
                for k in StockKind::ALL {
                    swatch(
                        ui,
                        kind_color(k),
                        &format!("{} {}", lang.pick(k.zh(), k.en()), k.clause()),
                    );
                }
            }
            FillMode::Use => {
                for (_, zh, en, c) in USE_GROUPS {
                    swatch(ui, c, lang.pick(zh, en));
                }
            }
        }
        swatch(ui, super::map::style::CANDIDATE, t::LAYER_CANDIDATES.get(lang));
        swatch(ui, super::map::style::SKETCH, t::LAYER_SKETCH.get(lang));
        if let Some(lib) = self.library() {
            ui.separator();
            ui.label(format!(
                "{}: {} {}",
                t::STOCK_SUMMARY.get(lang),
                lib.len(),
                t::PARCELS_UNIT.get(lang)
            ));
            if let Some(l) = &self.loaded {
                ui.label(mu_ha(lang, l.total_area));
            }
        }
        self.identify_panel(ui);
        if let Some(job) = &self.load_job {
            ui.separator();
            ui.label(t::LOADING.get(lang));
            let stage = match job.stage() {
                Stage::Reading => "…",
                Stage::Indexing => "R-tree",
                Stage::Triangulating => "earcut",
                Stage::Done => "OK",
            };
            ui.add(egui::ProgressBar::new(job.fraction()).text(stage));
        }
        if let Some(e) = &self.load_error {
            ui.separator();
            ui.colored_label(Color32::RED, format!("{}: {e}", t::LOAD_FAILED.get(lang)));
        }
    }

    /// Attributes of the identified (clicked) parcel.
    fn identify_panel(&self, ui: &mut Ui) {
        let lang = self.lang;
        let Some(p) = self.map.selected.and_then(|i| self.library().and_then(|l| l.parcel(i))) else {
            return;
        };
        ui.separator();
        ui.heading(t::IDENTIFY.get(lang));
        let use_name = if lang == Lang::Zh {
            self.catalog.name_zh(&p.planned_use)
        } else {
            self.catalog.name_en(&p.planned_use)
        };
        let county = self
            .counties
            .by_id(&p.county)
            .map(|c| lang.pick(&c.name, &c.name_en).to_string())
            .unwrap_or(p.county.clone());
        let rows: Vec<(&str, String)> = vec![
            (t::COL_ID.get(lang), p.id.clone()),
            (t::COL_NAME.get(lang), p.name.clone()),
            (t::COUNTY.get(lang), county),
            (
                t::COL_KIND.get(lang),
                format!("{} {}", lang.pick(p.kind.zh(), p.kind.en()), p.kind.clause()),
            ),
            (t::COL_USE.get(lang), format!("{} {use_name}", p.planned_use.code)),
            (
                t::COL_STATUS.get(lang),
                lang.pick(p.status.zh(), p.status.en()).to_string(),
            ),
            (t::COL_MU.get(lang), mu_ha(lang, p.area)),
            (
                t::APPROVAL.get(lang),
                p.approval_no.as_deref().unwrap_or_default().to_string(),
            ),
            (
                t::IDLE_SINCE.get(lang),
                p.idle_since.as_deref().unwrap_or_default().to_string(),
            ),
            (
                t::REMARKS.get(lang),
                p.remarks.as_deref().unwrap_or_default().to_string(),
            ),
        ];
        egui::Grid::new("identify").num_columns(2).striped(true).show(ui, |ui| {
            for (k, v) in rows {
                if v.is_empty() {
                    continue;
                }
                ui.weak(k);
                ui.add(egui::Label::new(v).wrap());
                ui.end_row();
            }
        });
    }

    pub(super) fn side_panel(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.tab, SideTab::Project, t::TAB_PROJECT.get(lang));
            ui.selectable_value(&mut self.tab, SideTab::Candidates, t::TAB_CANDIDATES.get(lang));
            ui.selectable_value(&mut self.tab, SideTab::Quota, t::TAB_QUOTA.get(lang));
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| match self.tab {
                SideTab::Project => self.project_tab(ui),
                SideTab::Candidates => self.candidates_tab(ui),
                SideTab::Quota => self.quota_tab(ui),
            });
    }

    /// The county id from the sketch's location (nearest parcels' county), asked of the library.
    pub fn county_from_location(&self) -> Option<String> {
        let c = super::map::sketch::centroid(&self.sketch.vertices)?;
        self.library()?.county_near(c, 15)
    }

    /// The required area: the typed one, else the sketch's.
    pub fn required_area(&self) -> Area {
        self.requirement
            .area_mu
            .map(Area::from_mu)
            .unwrap_or_else(|| self.sketch.area())
    }

    fn project_tab(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        egui::Grid::new("req")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                ui.label(t::PROJECT_NAME.get(lang));
                ui.text_edit_singleline(&mut self.requirement.name)
                    .accessible_name(t::PROJECT_NAME.get(lang));
                ui.end_row();

                ui.label(t::USE.get(lang));
                let current = self
                    .catalog
                    .class(&self.requirement.use_code)
                    .map(|c| format!("{} {}", c.code, lang.pick(&c.zh, &c.en)))
                    .unwrap_or(self.requirement.use_code.clone());
                ui.strong(current);
                ui.end_row();
            });
        ui.add(egui::TextEdit::singleline(&mut self.use_search).hint_text(t::SEARCH_USE.get(lang)));
        let q = self.use_search.trim().to_lowercase();
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
                    if ui.selectable_label(self.requirement.use_code == c.code, text).clicked() {
                        picked = Some(c.code.clone());
                    }
                }
            });
        if let Some(code) = picked {
            self.requirement.use_code = code;
            self.sketch_changed();
        }
        ui.separator();
        let sketch_area = self.sketch.area();
        ui.label(format!("{}: {}", t::SKETCH_AREA.get(lang), mu_ha(lang, sketch_area)));
        if self.sketch.closed && super::map::sketch::self_crossing(&self.sketch.vertices) {
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
                self.requirement.area_mu = Some(mu);
                self.sketch_changed();
            }
            if ui.button(t::USE_SKETCH_AREA.get(lang)).clicked() {
                self.requirement.area_mu = None;
                self.sketch_changed();
            }
        });
        ui.horizontal(|ui| {
            ui.label(t::COUNTY.get(lang));
            let before = self.requirement.county.clone();
            let auto = self.county_from_location();
            let shown = self.requirement.county.clone().or(auto.clone());
            let name = shown
                .as_deref()
                .map(|id| match self.counties.by_id(id) {
                    Some(c) if lang == Lang::En => c.name_en.clone(),
                    _ => self.counties.name_of(id),
                })
                .unwrap_or_else(|| "—".into());
            let suffix = if self.requirement.county.is_none() {
                t::COUNTY_AUTO.get(lang)
            } else {
                ""
            };
            egui::ComboBox::from_id_salt("county")
                .selected_text(format!("{name} {suffix}"))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.requirement.county, None, t::COUNTY_AUTO.get(lang));
                    for c in self.counties.iter() {
                        ui.selectable_value(
                            &mut self.requirement.county,
                            Some(c.id.clone()),
                            lang.pick(&c.name, &c.name_en),
                        );
                    }
                })
                .response
                .accessible_name(t::COUNTY.get(lang));
            if self.requirement.county != before {
                self.sketch_changed();
            }
        });
        let mut changed = false;
        ui.horizontal(|ui| {
            ui.label(t::TIER.get(lang));
            let tier = self.requirement.tier;
            let cur = lang.pick(tier.zh(), tier.en());
            egui::ComboBox::from_id_salt("tier")
                .selected_text(cur)
                .show_ui(ui, |ui| {
                    for k in crate::model::ProjectTier::ALL {
                        if ui
                            .selectable_value(&mut self.requirement.tier, k, lang.pick(k.zh(), k.en()))
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
            self.sketch_changed();
        }
        ui.separator();
        ui.label(RichText::new(t::SKETCH.get(lang)).strong());
        if self.sketch.vertices.is_empty() {
            ui.label(t::NO_SKETCH.get(lang));
        }
        ui.horizontal_wrapped(|ui| {
            if ui
                .add_enabled(self.sketch.can_undo(), egui::Button::new(t::UNDO.get(lang)))
                .clicked()
            {
                self.sketch.undo();
                self.sketch_changed();
            }
            if ui
                .add_enabled(self.sketch.can_redo(), egui::Button::new(t::REDO.get(lang)))
                .clicked()
            {
                self.sketch.redo();
                self.sketch_changed();
            }
            if ui.button(t::FINISH_SKETCH.get(lang)).clicked() && self.sketch.finish() {
                self.sketch_changed();
            }
            if ui.button(t::CLEAR_SKETCH.get(lang)).clicked() {
                self.sketch.clear();
                self.sketch_changed();
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
                egui::DragValue::new(&mut self.target_mu)
                    .range(0.1..=100_000.0)
                    .speed(1.0),
            )
            .accessible_name(t::TARGET_MU.get(lang));
            if ui.button(t::TARGET_RECT.get(lang)).clicked() {
                let center = super::map::sketch::centroid(&self.sketch.vertices)
                    .or(self.map.cursor_world)
                    .unwrap_or(self.map.view.center);
                self.sketch
                    .set(rectangle_of_area(center, Area::from_mu(self.target_mu), 1.5), true);
                self.sketch_changed();
            }
            if ui
                .add_enabled(
                    self.sketch.vertices.len() >= 3,
                    egui::Button::new(t::TARGET_SCALE.get(lang)),
                )
                .clicked()
                && let Some(v) = scaled_to_area(&self.sketch.vertices, Area::from_mu(self.target_mu))
            {
                self.sketch.set(v, true);
                self.sketch_changed();
            }
        });
    }
}
