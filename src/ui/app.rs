//! The app's state and frame: panels around the map. Tests drive [`StockApp::ui`] directly through egui_kittest.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{Panel, Ui};

use super::i18n::t;
use super::ledger::LedgerState;
use super::loader::{LibrarySource, LoadJob, Loaded};
use super::map::sketch::Sketch;
use super::map::{MapLayers, MapState};
use super::match_worker::{MatchAnswer, MatchRequest, MatchWorker};
use super::project_file::{self, ProjectFile, Requirement};
use super::quota_tab::{QuotaState, SAMPLE_SCENARIO};
use crate::model::Lang;
use crate::model::{Counties, LandUseCatalog, ParcelStatus};

/// The tabs of the right-hand panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideTab {
    Project,
    Candidates,
    Quota,
}

/// What a path dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    OpenLibrary,
    OpenProject,
    SaveProject,
    ExportHtml,
    ExportCsv,
    ExportSketch,
    ImportFootprint,
    OpenScenario,
}

impl PathPurpose {
    fn title(self) -> super::i18n::Text {
        match self {
            PathPurpose::OpenLibrary => t::OPEN_LIBRARY,
            PathPurpose::OpenProject => t::OPEN_PROJECT,
            PathPurpose::SaveProject => t::SAVE_PROJECT_AS,
            PathPurpose::ExportHtml => t::EXPORT_HTML,
            PathPurpose::ExportCsv => t::EXPORT_CSV,
            PathPurpose::ExportSketch => t::EXPORT_SKETCH,
            PathPurpose::ImportFootprint => t::IMPORT_FOOTPRINT,
            PathPurpose::OpenScenario => t::OPEN_SCENARIO,
        }
    }
    fn saves(self) -> bool {
        matches!(
            self,
            PathPurpose::SaveProject | PathPurpose::ExportHtml | PathPurpose::ExportCsv | PathPurpose::ExportSketch
        )
    }
}

/// A path prompt: a text field (always works) plus an rfd "Browse…" (needs a desktop portal).
#[derive(Debug, Clone)]
pub struct PathDialog {
    pub purpose: PathPurpose,
    pub text: String,
}

/// A status change recorded in the audit log (变更记录).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AuditEntry {
    /// Seconds since the Unix epoch.
    pub at: u64,
    pub parcel: String,
    pub from: ParcelStatus,
    pub to: ParcelStatus,
    pub note: String,
}

/// The whole app state. Public so tests can inspect it.
pub struct StockApp {
    pub lang: Lang,
    pub map: MapState,
    pub sketch: Sketch,
    pub loaded: Option<Loaded>,
    pub load_job: Option<LoadJob>,
    pub load_error: Option<String>,
    pub tab: SideTab,
    pub show_ledger: bool,
    pub show_layers: bool,
    pub show_side: bool,
    pub requirement: Requirement,
    pub use_search: String,
    pub catalog: LandUseCatalog,
    pub counties: Counties,
    pub ledger: LedgerState,
    pub audit: Vec<AuditEntry>,
    pub project_path: Option<PathBuf>,
    pub dialog: Option<PathDialog>,
    /// An autosave found at start, offered for recovery.
    pub recovery_offer: Option<ProjectFile>,
    /// Where the autosave goes.
    pub recovery_path: PathBuf,
    pub autosave_every: Duration,
    last_autosave: Instant,
    /// The last message for the status bar (saved, exported, errors).
    pub message: Option<String>,
    pub target_mu: f64,
    pub chosen_candidate: Option<String>,
    pub show_about: bool,
    /// Matching runs here, off the UI thread.
    pub match_worker: Option<MatchWorker>,
    /// The latest answer from the matching core.
    pub match_answer: Option<MatchAnswer>,
    /// When the debounced match is due (set by every edit).
    pub match_due: Option<Instant>,
    /// Debounce delay between the last edit and the match.
    pub match_debounce: Duration,
    pub quota: QuotaState,
    /// Status changes waiting for the matching thread to release the library.
    pub pending_status: Vec<(crate::library::ParcelIdx, ParcelStatus, String)>,
    /// A demo scene to apply once the library is loaded (`STOCKFIRST_SCENE`).
    pub scene: Option<String>,
    fonts_installed: bool,
    /// Repaint hook for background threads (set on the first frame).
    pub(super) ctx: Option<egui::Context>,
    sketch_rev: u64,
    saved_rev: u64,
}

impl StockApp {
    /// A fresh app. `recovery_path` is where autosaves go (tests pass a temp dir).
    pub fn new(lang: Lang, recovery_path: PathBuf) -> Self {
        let catalog = crate::io::assets::land_use_catalog().unwrap_or_default();
        let counties = crate::io::assets::counties().unwrap_or_default();
        let recovery_offer = project_file::read(&recovery_path).ok();
        let mut quota = QuotaState::default();
        // The bundled sample scenario, when it is found, so 指标 works out of the box.
        if let Some(p) = crate::io::assets::find_data(SAMPLE_SCENARIO) {
            let _ = quota.open(&p);
        }
        Self {
            lang,
            map: MapState::default(),
            sketch: Sketch::default(),
            loaded: None,
            load_job: None,
            load_error: None,
            tab: SideTab::Project,
            show_ledger: true,
            show_layers: true,
            show_side: true,
            requirement: Requirement::default(),
            use_search: String::new(),
            catalog,
            counties,
            ledger: LedgerState::default(),
            audit: Vec::new(),
            project_path: None,
            dialog: None,
            recovery_offer,
            recovery_path,
            autosave_every: Duration::from_secs(30),
            last_autosave: Instant::now(),
            message: None,
            target_mu: 100.0,
            chosen_candidate: None,
            show_about: false,
            match_worker: None,
            match_answer: None,
            match_due: None,
            match_debounce: Duration::from_millis(250),
            quota,
            pending_status: Vec::new(),
            scene: None,
            fonts_installed: false,
            ctx: None,
            sketch_rev: 0,
            saved_rev: 0,
        }
    }

    /// The default recovery file: in the user's data directory, else the temp directory.
    pub fn default_recovery_path() -> PathBuf {
        let base = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
            .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
            .unwrap_or_else(std::env::temp_dir);
        base.join("stockfirst").join("recovery.ron")
    }

    /// Starts loading a library in the background.
    pub fn start_load(&mut self, source: LibrarySource) {
        let ctx = self.ctx.clone();
        self.load_error = None;
        self.load_job = Some(LoadJob::start(source, move || {
            if let Some(c) = &ctx {
                c.request_repaint();
            }
        }));
    }

    /// Installs a loaded library (also used by tests, which load synchronously).
    pub fn set_library(&mut self, loaded: Loaded) {
        self.map.pending_fit = loaded.library.extent();
        self.map.hover = None;
        self.map.selected = None;
        self.ledger.invalidate();
        self.loaded = Some(loaded);
        // Answers about the previous library name its parcels by index: drop them and match again.
        self.match_answer = None;
        if self.sketch.vertices.len() >= 3 {
            self.sketch_changed();
        }
    }

    pub fn library(&self) -> Option<&crate::library::StockLibrary> {
        self.loaded.as_ref().map(|l| l.library.as_ref())
    }

    /// Marks the sketch or requirement as changed: dirty for autosave, and a match is due after the debounce.
    pub fn sketch_changed(&mut self) {
        self.sketch_rev += 1;
        self.match_due = Some(Instant::now() + self.match_debounce);
    }

    /// Marks the project dirty without asking for a new match (e.g. choosing a candidate).
    pub fn sketch_changed_no_rematch(&mut self) {
        self.sketch_rev += 1;
    }

    /// The request for the current sketch and requirement, if there is enough to match.
    pub fn match_request(&self) -> Option<MatchRequest> {
        if self.sketch.vertices.len() < 3 {
            return None;
        }
        Some(MatchRequest {
            rev: self.sketch_rev,
            footprint: self.sketch.vertices.clone(),
            use_code: self.requirement.use_code.clone(),
            area: self.requirement.area_mu.map(crate::model::Area::from_mu),
            county: self.requirement.county.clone(),
            tier: self.requirement.tier,
            top: 10,
        })
    }

    /// Sends the due match to the worker and takes in answers.
    fn drive_matching(&mut self) {
        if let Some(w) = self.match_worker.as_mut()
            && let Some(a) = w.poll()
        {
            self.match_answer = Some(a);
        }
        let Some(due) = self.match_due else { return };
        let now = Instant::now();
        if now < due {
            if let Some(c) = &self.ctx {
                c.request_repaint_after(due - now);
            }
            return;
        }
        self.match_due = None;
        let (Some(lib), Some(req)) = (self.loaded.as_ref().map(|l| l.library.clone()), self.match_request()) else {
            return;
        };
        if self.match_worker.is_none() {
            match crate::io::match_rules() {
                Ok(rules) => {
                    let ctx = self.ctx.clone();
                    self.match_worker = Some(MatchWorker::start(rules, move || {
                        if let Some(c) = &ctx {
                            c.request_repaint();
                        }
                    }));
                }
                Err(e) => {
                    self.message = Some(format!("{}: {e:#}", t::ERROR.get(self.lang)));
                    return;
                }
            }
        }
        if let Some(w) = self.match_worker.as_mut() {
            w.send(lib, req);
        }
    }

    /// Waits (up to `timeout`) for the matching worker to answer the current sketch; for tests and exports.
    pub fn wait_for_match(&mut self, timeout: Duration) -> bool {
        let start = Instant::now();
        self.match_due = self.match_due.map(|_| Instant::now());
        self.drive_matching();
        while start.elapsed() < timeout {
            if let Some(w) = self.match_worker.as_mut() {
                if let Some(a) = w.poll() {
                    self.match_answer = Some(a);
                }
                if w.pending.is_none() {
                    return self.match_answer.is_some();
                }
            } else {
                return self.match_answer.is_some();
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }

    pub fn is_dirty(&self) -> bool {
        self.sketch_rev != self.saved_rev
    }

    /// Changes a parcel's status, records it in the audit log, and writes it back to the GeoPackage the library came
    /// from (with the GeoPackage's own audit table). Returns false when the change could not be made now.
    pub fn change_status(&mut self, idx: crate::library::ParcelIdx, to: ParcelStatus, note: &str) -> bool {
        let Some(loaded) = self.loaded.as_mut() else {
            return false;
        };
        let Some((from, id)) = loaded.library.parcel(idx).map(|p| (p.status, p.id.clone())) else {
            return false;
        };
        // A matching worker holds the library only for the length of one match; try again then.
        let Some(lib) = std::sync::Arc::get_mut(&mut loaded.library) else {
            return false;
        };
        let at_iso = iso_utc_now();
        if let super::loader::LibrarySource::Path(path) = &loaded.source
            && path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gpkg"))
        {
            let layer = crate::io::gdal_source::list_layers(path, None)
                .ok()
                .and_then(|ls| ls.into_iter().find(|l| l.is_polygon).map(|l| l.name));
            let change = crate::io::gpkg_status::StatusChange {
                parcel_id: id.clone(),
                from,
                to,
                note: note.to_string(),
                at: at_iso.clone(),
            };
            let written = layer
                .ok_or_else(|| anyhow::anyhow!("{}: 没有面图层 / no polygon layer", path.display()))
                .and_then(|layer| crate::io::gpkg_status::write_status(path, &layer, &change));
            if let Err(e) = written {
                self.message = Some(format!("{}: {e:#}", t::ERROR.get(self.lang)));
                return false;
            }
        }
        lib.set_status(idx, to);
        let at = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        self.audit.push(AuditEntry {
            at,
            parcel: id,
            from,
            to,
            note: note.to_string(),
        });
        self.ledger.invalidate();
        // Availability feeds the ranking: match again.
        self.sketch_changed();
        true
    }

    /// One frame. eframe and the tests both call this.
    pub fn ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            super::fonts::install(&ctx);
            self.fonts_installed = true;
        }
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
        self.poll_load();
        self.drive_matching();
        self.apply_pending_status();
        self.autosave();

        Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        if self.show_ledger {
            Panel::bottom("ledger")
                .resizable(true)
                .default_size(270.0)
                .show(ui, |ui| self.ledger_panel(ui));
        }
        if self.show_layers {
            Panel::left("layers")
                .resizable(true)
                .default_size(250.0)
                .show(ui, |ui| self.layers_panel(ui));
        }
        if self.show_side {
            Panel::right("side")
                .resizable(true)
                .default_size(430.0)
                .show(ui, |ui| self.side_panel(ui));
        }
        egui::CentralPanel::no_frame().show(ui, |ui| self.map_panel(ui));

        self.dialogs(&ctx);
    }

    fn poll_load(&mut self) {
        let Some(job) = &self.load_job else { return };
        match job.poll() {
            Some(Ok(loaded)) => {
                self.load_job = None;
                self.set_library(loaded);
                if let Some(s) = self.scene.take() {
                    self.apply_scene(&s);
                }
            }
            Some(Err(e)) => {
                self.load_job = None;
                self.load_error = Some(format!("{e:#}"));
            }
            None => {
                if let Some(c) = &self.ctx {
                    c.request_repaint_after(Duration::from_millis(100));
                }
            }
        }
    }

    fn autosave(&mut self) {
        if self.last_autosave.elapsed() < self.autosave_every || !self.is_dirty() {
            return;
        }
        self.last_autosave = Instant::now();
        if let Err(e) = self.write_recovery() {
            self.message = Some(format!("{}: {e:#}", t::ERROR.get(self.lang)));
        }
    }

    /// Writes the recovery file now.
    pub fn write_recovery(&self) -> anyhow::Result<()> {
        project_file::write(&self.recovery_path, &self.to_project_file())
    }

    fn map_panel(&mut self, ui: &mut Ui) {
        if let Some(job) = &self.load_job {
            ui.vertical_centered(|ui| {
                ui.add_space(ui.available_height() / 2.0 - 30.0);
                ui.label(t::LOADING.get(self.lang));
                ui.add(
                    egui::ProgressBar::new(job.fraction())
                        .show_percentage()
                        .desired_width(300.0),
                );
            });
            return;
        }
        let highlights = self.candidate_highlights();
        let hits: Vec<crate::library::ParcelIdx> = self
            .match_result()
            .and_then(|r| r.overlay.as_ref())
            .map(|o| o.hits.iter().map(|h| h.parcel).collect())
            .unwrap_or_default();
        let remainder = self.match_answer.as_ref().and_then(|a| a.remainder.clone());
        let loaded = self.loaded.as_ref();
        let layers = MapLayers {
            lang: self.lang,
            library: loaded.map(|l| l.library.as_ref()),
            meshes: loaded.map(|l| &l.meshes),
            pyramid: loaded.map(|l| &l.pyramid),
            catalog: Some(&self.catalog),
            highlights: &highlights,
            overlay_hits: &hits,
            remainder: remainder.as_ref(),
        };
        let ev = self.map.show(ui, &layers, &mut self.sketch);
        if ev.sketch_changed {
            self.sketch_changed();
        }
        if let Some(i) = ev.identified {
            self.ledger.selected = Some(i);
            self.ledger.scroll_to = Some(i);
        }
    }

    fn dialogs(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        if let Some(offer) = self.recovery_offer.clone() {
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
                    self.recovery_offer = None;
                    self.apply_project_file(offer, None);
                }
                Some(false) => {
                    self.recovery_offer = None;
                    let _ = std::fs::remove_file(&self.recovery_path);
                }
                None => {}
            }
        }
        if self.show_about {
            let mut open = true;
            egui::Window::new(t::ABOUT.get(lang)).open(&mut open).show(ctx, |ui| {
                ui.label(t::ABOUT_TEXT.get(lang));
                ui.separator();
                ui.label(t::SHORTCUTS.get(lang));
                ui.label(t::SHORTCUTS_TEXT.get(lang));
            });
            self.show_about = open;
        }
        let Some(mut d) = self.dialog.take() else { return };
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
            self.dialog = Some(d);
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
            PathPurpose::OpenProject => self.open_project(&path).map(|_| path.display().to_string()),
            PathPurpose::SaveProject => self
                .save_project(&path)
                .map(|_| format!("{} {}", t::SAVED.get(lang), path.display())),
            PathPurpose::ExportSketch => {
                super::export::write_sketch(&path, &self.sketch, &self.requirement.name, &self.requirement.use_code)
                    .map(|_| format!("{} {}", t::EXPORTED.get(lang), path.display()))
            }
            PathPurpose::ImportFootprint => super::export::read_footprint_ring(&path).map(|ring| {
                self.sketch.set(ring, true);
                self.sketch_changed();
                self.zoom_to_selection();
                path.display().to_string()
            }),
            PathPurpose::ExportHtml => super::project_file::write_atomic(&path, self.decision_draft_html().as_bytes())
                .map(|_| format!("{} {}", t::EXPORTED.get(lang), path.display())),
            PathPurpose::ExportCsv => {
                super::project_file::write_atomic(&path, super::report::csv(&self.candidates_table()).as_bytes())
                    .map(|_| format!("{} {}", t::EXPORTED.get(lang), path.display()))
            }
            PathPurpose::OpenScenario => self.quota.open(&path).map(|_| path.display().to_string()),
        };
        self.message = Some(match result {
            Ok(m) => m,
            Err(e) => format!("{}: {e:#}", t::ERROR.get(lang)),
        });
    }

    /// The project as a file.
    pub fn to_project_file(&self) -> ProjectFile {
        ProjectFile {
            version: 1,
            library: self
                .loaded
                .as_ref()
                .map(|l| l.source.clone())
                .or_else(|| self.load_job.as_ref().map(|j| j.source.clone())),
            sketch: self.sketch.vertices.iter().map(|c| (c.x, c.y)).collect(),
            sketch_closed: self.sketch.closed,
            requirement: self.requirement.clone(),
            chosen_candidate: self.chosen_candidate.clone(),
            scenario: self
                .quota
                .scenario
                .as_ref()
                .map(|_| PathBuf::from(&self.quota.scenario_path)),
            view: Some(self.map.view),
            audit: self.audit.clone(),
        }
    }

    pub fn save_project(&mut self, path: &std::path::Path) -> anyhow::Result<()> {
        project_file::write(path, &self.to_project_file())?;
        self.project_path = Some(path.to_path_buf());
        self.saved_rev = self.sketch_rev;
        let _ = std::fs::remove_file(&self.recovery_path);
        Ok(())
    }

    pub fn open_project(&mut self, path: &std::path::Path) -> anyhow::Result<()> {
        let f = project_file::read(path)?;
        self.apply_project_file(f, Some(path.to_path_buf()));
        Ok(())
    }

    /// Replaces the project with `f` (open or recover).
    pub fn apply_project_file(&mut self, f: ProjectFile, path: Option<PathBuf>) {
        let verts = f.sketch.iter().map(|&(x, y)| geo::Coord { x, y }).collect();
        self.sketch.set(verts, f.sketch_closed);
        self.requirement = f.requirement;
        self.chosen_candidate = f.chosen_candidate;
        self.audit = f.audit;
        if let Some(sc) = &f.scenario
            && let Err(e) = self.quota.open(sc)
        {
            self.quota.error = Some(format!("{e:#}"));
        }
        if let Some(v) = f.view {
            self.map.view = v;
        }
        let current = self.loaded.as_ref().map(|l| &l.source);
        if let Some(src) = f.library
            && current != Some(&src)
        {
            self.start_load(src);
        }
        self.project_path = path;
        self.sketch_changed();
    }

    pub fn open_dialog(&mut self, purpose: PathPurpose) {
        let text = match (purpose, &self.project_path) {
            (PathPurpose::SaveProject | PathPurpose::OpenProject, Some(p)) => p.display().to_string(),
            _ => String::new(),
        };
        self.dialog = Some(PathDialog { purpose, text });
    }
}

/// The eframe wrapper.
pub struct EframeApp {
    pub app: StockApp,
}

impl eframe::App for EframeApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.app.ui(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // A clean exit with unsaved edits still leaves a recovery file; a saved project leaves none.
        if self.app.is_dirty() {
            let _ = self.app.write_recovery();
        }
    }
}

/// Now as an ISO 8601 UTC timestamp (for the audit table).
pub fn iso_utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    iso_utc(secs)
}

/// Seconds since 1970 as "YYYY-MM-DDThh:mm:ssZ" (civil-from-days, proleptic Gregorian).
///
/// ```
/// assert_eq!(stockfirst::ui::app::iso_utc(0), "1970-01-01T00:00:00Z");
/// // 2026-11-26 is day 20 783 since 1970.
/// assert_eq!(stockfirst::ui::app::iso_utc(20_783 * 86_400 + 3_661), "2026-11-26T01:01:01Z");
/// ```
pub fn iso_utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
