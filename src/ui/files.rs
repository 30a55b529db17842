//! Files the officer opens and saves from the app: the path dialog (with the recovery offer and About beside it),
//! projects, exports, footprint import and scenarios.

use std::path::PathBuf;

use super::app::StockApp;
use super::i18n::t;
use super::loader::LibrarySource;
use super::project_file::{self, ProjectFile};
use super::shell::{PathDialog, PathPurpose};

impl StockApp {
    /// The recovery offer, About, and the path dialog (windows over the frame).
    pub(super) fn show_dialogs(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        if let Some(offer) = self.shell.recovery_offer.clone() {
            let mut choice = None;
            egui::Window::new(t::RECOVER_TITLE.get(lang))
                .collapsible(false)
                .resizable(false)
                .show(ctx, |ui| {
                    ui.label(t::RECOVER_TEXT.get(lang));
                    ui.horizontal(|ui| {
                        if ui.button(t::RECOVER.get(lang)).clicked() {
                            choice = Some(true);
                        }
                        if ui.button(t::DISCARD.get(lang)).clicked() {
                            choice = Some(false);
                        }
                    });
                });
            match choice {
                Some(true) => {
                    self.shell.recovery_offer = None;
                    self.apply_project_file(offer, None);
                }
                Some(false) => {
                    self.shell.recovery_offer = None;
                    let _ = std::fs::remove_file(&self.recovery_path);
                }
                None => {}
            }
        }
        if self.shell.show_about {
            let mut open = true;
            egui::Window::new(t::ABOUT.get(lang)).open(&mut open).show(ctx, |ui| {
                ui.label(t::ABOUT_TEXT.get(lang));
                ui.separator();
                ui.label(t::SHORTCUTS.get(lang));
                ui.label(t::SHORTCUTS_TEXT.get(lang));
            });
            self.shell.show_about = open;
        }
        let Some(mut d) = self.shell.dialog.take() else { return };
        let mut keep = true;
        let mut go = false;
        egui::Window::new(d.purpose.title().get(lang))
            .collapsible(false)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.label(t::PATH.get(lang));
                    ui.add(egui::TextEdit::singleline(&mut d.text).desired_width(360.0))
                        .accessible_name(t::PATH_FIELD.get(lang));
                    if ui.button(t::BROWSE.get(lang)).clicked() {
                        let dlg = rfd::FileDialog::new();
                        let picked = if d.purpose.saves() {
                            dlg.save_file()
                        } else {
                            dlg.pick_file()
                        };
                        // No desktop portal: rfd returns None and the text field stays the way in.
                        if let Some(p) = picked {
                            d.text = p.display().to_string();
                        }
                    }
                });
                ui.horizontal(|ui| {
                    let ok = if d.purpose.saves() { t::SAVE } else { t::OPEN };
                    if ui.button(ok.get(lang)).clicked() {
                        go = true;
                    }
                    if ui.button(t::CANCEL.get(lang)).clicked() {
                        keep = false;
                    }
                });
            });
        if go && !d.text.trim().is_empty() {
            let path = PathBuf::from(d.text.trim());
            self.run_path_action(d.purpose, path);
            keep = false;
        }
        if keep {
            self.shell.dialog = Some(d);
        }
    }

    /// Performs a file action (what the path dialog's button does; tests call it directly).
    pub fn run_path_action(&mut self, purpose: PathPurpose, path: PathBuf) {
        let lang = self.lang;
        let result: anyhow::Result<String> = match purpose {
            PathPurpose::OpenLibrary => {
                self.start_load(LibrarySource::Path(path.clone()));
                Ok(path.display().to_string())
            }
            PathPurpose::OpenControls => {
                // Several sources: separated by ';' in the path field.
                let paths: Vec<PathBuf> = path
                    .to_string_lossy()
                    .split(';')
                    .map(|s| PathBuf::from(s.trim()))
                    .filter(|p| !p.as_os_str().is_empty())
                    .collect();
                self.start_controls_load(paths);
                Ok(path.display().to_string())
            }
            PathPurpose::OpenProject => self.open_project(&path).map(|_| path.display().to_string()),
            PathPurpose::SaveProject => self
                .save_project(&path)
                .map(|_| format!("{} {}", t::SAVED.get(lang), path.display())),
            PathPurpose::ExportSketch => super::export::write_sketch(
                &path,
                &self.doc.footprint,
                &self.doc.brief.name,
                &self.doc.brief.use_code,
            )
            .map(|_| format!("{} {}", t::EXPORTED.get(lang), path.display())),
            PathPurpose::ImportFootprint => super::export::read_footprint(&path).map(|read| {
                self.show_footprint_warnings(read.warnings);
                self.doc.footprint.set_multipolygon(&read.polygons);
                self.edited();
                self.zoom_to_selection();
                path.display().to_string()
            }),
            PathPurpose::ExportHtml => super::project_file::write_atomic(&path, self.decision_draft_html().as_bytes())
                .map(|_| format!("{} {}", t::EXPORTED.get(lang), path.display())),
            PathPurpose::ExportReport => self.start_print_export(path),
            PathPurpose::ExportCsv => {
                super::export::write_candidates(&path, &self.candidates_table(), self.match_result(), lang)
                    .map(|_| format!("{} {}", t::EXPORTED.get(lang), path.display()))
            }
            PathPurpose::ExportTables => self
                .export_tables(&path)
                .map(|_| format!("{} {}", t::EXPORTED.get(lang), path.display())),
            PathPurpose::OpenScenario => self.doc.quota.open(&path).map(|_| path.display().to_string()),
            PathPurpose::PublishSite => self.publish_site(&path).map(|r| {
                format!(
                    "{} {} → {}",
                    t::PUBLISHED.get(lang),
                    r.published,
                    r.out_dir.join("index.html").display()
                )
            }),
        };
        self.shell.message = Some(match result {
            Ok(m) => m,
            Err(e) => format!("{}: {e:#}", t::ERROR.get(lang)),
        });
    }

    /// The project as a file.
    pub fn to_project_file(&self) -> ProjectFile {
        self.doc
            .to_file(self.load_job.as_ref().map(|j| &j.source), self.map.view)
    }

    pub fn save_project(&mut self, path: &std::path::Path) -> anyhow::Result<()> {
        project_file::write(path, &self.to_project_file())?;
        self.doc.project_path = Some(path.to_path_buf());
        self.doc.mark_saved();
        let _ = std::fs::remove_file(&self.recovery_path);
        Ok(())
    }

    /// Writes the public catalogue of the loaded library's 可供 parcels (the same as `stockfirst publish`), with the
    /// bureau's `publish.ron` when one sits beside the library file, else the default allow-list.
    pub fn publish_site(&self, out_dir: &std::path::Path) -> anyhow::Result<crate::publish::PublishReport> {
        let library = self
            .library()
            .ok_or_else(|| anyhow::anyhow!("{}", t::NO_LIBRARY.get(self.lang)))?;
        let beside = match self.doc.library.as_ref().map(|l| &l.source) {
            Some(LibrarySource::Path(p)) => p.parent().map(|d| d.join("publish.ron")).filter(|c| c.is_file()),
            _ => None,
        };
        let config = match beside {
            Some(c) => crate::publish::PublishConfig::load(&c)?,
            None => crate::publish::PublishConfig::default(),
        };
        crate::publish::write_site(library, &config, out_dir)
    }

    pub fn open_project(&mut self, path: &std::path::Path) -> anyhow::Result<()> {
        let f = project_file::read(path)?;
        self.apply_project_file(f, Some(path.to_path_buf()));
        Ok(())
    }

    /// Replaces the project with `f` (open or recover).
    pub fn apply_project_file(&mut self, f: ProjectFile, path: Option<PathBuf>) {
        let view = f.view;
        let controls = f.control_layers.clone();
        let mapping = f.library_mapping.clone();
        if let Some(src) = self.doc.apply_file(f, path) {
            self.start_load_mapped(src, mapping);
        }
        if let Some(v) = view {
            self.map.view = v;
        }
        if !controls.is_empty() && controls != self.doc.controls.sources {
            self.start_controls_load(controls);
        }
        self.edited();
    }

    pub fn open_dialog(&mut self, purpose: PathPurpose) {
        let text = match (purpose, &self.doc.project_path) {
            (PathPurpose::SaveProject | PathPurpose::OpenProject, Some(p)) => p.display().to_string(),
            _ => String::new(),
        };
        self.shell.dialog = Some(PathDialog { purpose, text });
    }
}
