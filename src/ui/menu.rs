//! The menu bar and the status bar.

use egui::Ui;

use super::app::StockApp;
use super::i18n::{mu_ha, t};
use super::loader::LibrarySource;
use super::map::{Detail, Tool};
use super::shell::PathPurpose;
use crate::model::Lang;

impl StockApp {
    pub(super) fn menu_bar_ui(&mut self, ui: &mut Ui) {
        let lang = self.lang;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(t::MENU_FILE.get(lang), |ui| {
                if ui.button(t::LOAD_SAMPLE.get(lang)).clicked() {
                    self.start_load(LibrarySource::default_start());
                }
                if ui.button(t::OPEN_LIBRARY.get(lang)).clicked() {
                    self.open_dialog(PathPurpose::OpenLibrary);
                }
                // A shared library is a URL typed into the same dialog (docs/shared-library.md).
                if ui.button(t::OPEN_SHARED.get(lang)).clicked() {
                    self.shell.dialog = Some(super::shell::PathDialog {
                        purpose: PathPurpose::OpenLibrary,
                        text: "postgresql://".into(),
                    });
                }
                if ui.button(t::OPEN_CONTROLS.get(lang)).clicked() {
                    self.open_dialog(PathPurpose::OpenControls);
                }
                let control_sources = self.doc.controls.sources.clone();
                if ui
                    .add_enabled(
                        !control_sources.is_empty(),
                        egui::Button::new(t::CONTROL_ROLES_MENU.get(lang)),
                    )
                    .clicked()
                    && let Err(e) = self.open_control_roles(control_sources, None)
                {
                    self.shell.message = Some(format!("{}: {e:#}", t::ERROR.get(lang)));
                }
                // The loaded library file's fields, mapped by hand (the same dialog a failed load opens).
                let library_file = match self.doc.library.as_ref().map(|l| &l.source) {
                    Some(LibrarySource::Path(p)) => Some(p.clone()),
                    _ => None,
                };
                if ui
                    .add_enabled(
                        library_file.is_some(),
                        egui::Button::new(t::FIELD_MAPPING_MENU.get(lang)),
                    )
                    .clicked()
                    && let Some(p) = library_file
                    && let Err(e) = self.open_field_mapping(&p, None)
                {
                    self.shell.message = Some(format!("{}: {e:#}", t::ERROR.get(lang)));
                }
                ui.separator();
                if ui.button(t::OPEN_PROJECT.get(lang)).clicked() {
                    self.open_dialog(PathPurpose::OpenProject);
                }
                if ui.button(t::SAVE_PROJECT.get(lang)).clicked() {
                    match self.doc.project_path.clone() {
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
                if ui.button(t::EXPORT_REPORT.get(lang)).clicked() {
                    self.open_dialog(PathPurpose::ExportReport);
                }
                if ui.button(t::EXPORT_CSV.get(lang)).clicked() {
                    self.open_dialog(PathPurpose::ExportCsv);
                }
                if ui.button(t::EXPORT_TABLES.get(lang)).clicked() {
                    self.open_dialog(PathPurpose::ExportTables);
                }
                if ui.button(t::PUBLISH_SITE.get(lang)).clicked() {
                    self.open_dialog(PathPurpose::PublishSite);
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
                ui.checkbox(&mut self.shell.show_layers, t::SHOW_LAYERS.get(lang));
                ui.checkbox(&mut self.shell.show_side, t::SHOW_SIDE.get(lang));
                ui.checkbox(&mut self.shell.show_register, t::SHOW_LEDGER.get(lang));
                ui.checkbox(&mut self.problems.open, lang.pick("问题列表", "Load problems"));
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
                    self.shell.show_about = true;
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
        let sketch_box = (self.doc.footprint.vertices.len() >= 2).then(|| {
            let xs = self.doc.footprint.vertices.iter().map(|c| c.x);
            let ys = self.doc.footprint.vertices.iter().map(|c| c.y);
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

    pub(super) fn status_bar_ui(&mut self, ui: &mut Ui) {
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
            if let Some(m) = &self.shell.message {
                ui.separator();
                ui.label(m);
            }
        });
    }
}
