//! The app: the document, the map memory, the transient UI and the live match, and one frame of panels around the
//! map. Tests drive [`StockApp::ui`] directly through egui_kittest.
//!
//! Where the rest lives: the document ([`super::document`]) is what the project file saves; the map keeps its own
//! memory ([`super::map::MapMemory`]); dialogs and messages are in [`super::shell`]; matching runs off the UI thread
//! ([`super::live_match`]); files are opened and saved in [`super::files`].

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{Panel, Ui};

use super::document::Document;
use super::i18n::t;
use super::loader::{LibrarySource, LoadJob, LoadedLibrary};
use super::map::{MapLayers, MapMemory};
use super::match_worker::LiveMatch;
use super::project_file;
use super::quota_state::{QuotaState, SAMPLE_SCENARIO};
use super::register::{PendingStatus, Register};
use super::register_ui::register_ui;
use super::shell::Shell;
use crate::library::ParcelIdx;
use crate::model::Lang;
use crate::model::{Counties, LandUseCatalog};

/// The whole app state. Public so tests can inspect it.
pub struct StockApp {
    pub lang: Lang,
    /// What the officer works on; what the project file saves.
    pub doc: Document,
    /// The map's memory between frames (view, hover, selection).
    pub map: MapMemory,
    /// Transient UI: tabs, panels, dialogs, messages.
    pub shell: Shell,
    /// The 台账 drawer's filters, sort and selection.
    pub register: Register,
    /// Matching off the UI thread, and its latest answer.
    pub live: LiveMatch,
    /// 问题列表: what the last load and footprint import skipped, repaired or doubted.
    pub problems: super::shell::ProblemsPanel,
    /// Control layers loading and the 合规性审查 off the UI thread.
    pub controls_work: super::controls_state::ControlsWork,
    /// The field-mapping dialog, when open.
    pub field_mapping: Option<super::field_mapping_dialog::FieldMappingDialog>,
    /// The control-layer role dialog, when open.
    pub control_roles: Option<super::control_roles_dialog::ControlRolesDialog>,
    /// Where named field-mapping profiles are saved (tests point it at a temp dir).
    pub profiles_dir: PathBuf,
    pub load_job: Option<LoadJob>,
    /// A print map or decision document being written (File → 报告).
    pub print_job: Option<super::print_job::PrintJob>,
    pub catalog: LandUseCatalog,
    pub counties: Counties,
    /// The matching rules (built in), also asked for the county of a location.
    pub match_rules: Option<crate::matching::MatchRules>,
    /// Status changes waiting for the matching thread to release the library.
    pub pending_status: Vec<PendingStatus>,
    /// Where the autosave goes.
    pub recovery_path: PathBuf,
    pub autosave_every: Duration,
    last_autosave: Instant,
    /// A demo scene to apply once the library is loaded (`STOCKFIRST_SCENE`).
    pub scene: Option<String>,
    /// 选址建议: the proposals search off the UI thread and its answer.
    pub proposals: super::proposals::ProposalsPanel,
    /// The layer panel's add-layer form.
    pub layer_form: super::layer_form::LayerForm,
    fonts_installed: bool,
    /// The shared library (PostGIS) when one is open: its session, conflict, refusal and password dialogs.
    pub shared: super::shared_session::SharedState,
    /// The offline copy (a checked-out GeoPackage) when one is open: its outbox and sync.
    pub offline: Option<super::offline_state::OfflineCopy>,
    /// Repaint hook for background threads (set on the first frame).
    pub(super) ctx: Option<egui::Context>,
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
            doc: Document::new(quota),
            map: MapMemory::default(),
            shell: Shell::new(recovery_offer),
            register: Register::default(),
            live: LiveMatch::default(),
            problems: Default::default(),
            controls_work: Default::default(),
            field_mapping: None,
            control_roles: None,
            profiles_dir: crate::io::field_profiles::profiles_dir(),
            load_job: None,
            print_job: None,
            catalog,
            counties,
            match_rules: crate::io::match_rules().ok(),
            pending_status: Vec::new(),
            recovery_path,
            autosave_every: Duration::from_secs(30),
            last_autosave: Instant::now(),
            scene: None,
            layer_form: Default::default(),
            proposals: Default::default(),
            fonts_installed: false,
            shared: Default::default(),
            offline: None,
            ctx: None,
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
        self.start_load_with(source, None);
    }

    /// Starts loading a library in the background, a file read with the officer's field mapping when given.
    pub fn start_load_with(&mut self, source: LibrarySource, mapping: Option<crate::io::field_profiles::FieldProfile>) {
        let ctx = self.ctx.clone();
        self.shell.load_error = None;
        self.load_job = Some(LoadJob::start_mapped(source, mapping, move || {
            if let Some(c) = &ctx {
                c.request_repaint();
            }
        }));
    }

    /// Installs a loaded library (also used by tests, which load synchronously).
    pub fn set_library(&mut self, loaded: LoadedLibrary) {
        self.map.pending_fit = loaded.library.extent();
        self.map.hover = None;
        self.map.selected = None;
        self.register.invalidate();
        self.start_shared(&loaded.source);
        self.start_offline(&loaded.source);
        self.doc.library = Some(loaded);
        self.announce_load_problems();
        // Answers about the previous library name its parcels by index: drop them and match again.
        self.live.answer = None;
        if self.doc.footprint.vertices.len() >= 3 {
            self.edited();
        }
        // The increment is the footprint minus this library's stock: review again.
        self.controls_work.due = Some(Instant::now());
    }

    pub fn library(&self) -> Option<&crate::library::StockLibrary> {
        self.doc.library()
    }

    /// Edited since the last save.
    pub fn is_dirty(&self) -> bool {
        self.doc.is_dirty()
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
        self.poll_print_export();
        self.drive_matching();
        self.poll_proposals();
        self.drive_controls();
        self.drive_field_mapping();
        self.drive_control_roles();
        self.apply_pending_status();
        self.drive_shared();
        self.drive_offline();
        self.autosave();
        self.prepare_layers(&ctx);

        Panel::top("menu").show(ui, |ui| self.menu_bar_ui(ui));
        Panel::bottom("status").show(ui, |ui| self.status_bar_ui(ui));
        if self.shell.show_register {
            Panel::bottom("ledger")
                .resizable(true)
                .default_size(270.0)
                .show(ui, |ui| self.register_panel_ui(ui));
        }
        if self.shell.show_layers {
            Panel::left("layers")
                .resizable(true)
                .default_size(250.0)
                .show(ui, |ui| self.layers_ui(ui));
        }
        if self.shell.show_side {
            Panel::right("side")
                .resizable(true)
                .default_size(430.0)
                .show(ui, |ui| self.side_ui(ui));
        }
        egui::CentralPanel::no_frame().show(ui, |ui| self.map_ui(ui));

        self.show_dialogs(&ctx);
        self.field_mapping_ui(&ctx);
        self.control_roles_ui(&ctx);
        self.problems_window_ui(&ctx);
        self.shared_ui(&ctx);
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
                let job = self.load_job.take();
                let msg = format!("{e:#}");
                if let Some(j) = &job
                    && self.offer_password_after(&j.source, &msg)
                {
                    return;
                }
                // A file whose fields the default names cannot map opens the field-mapping dialog instead.
                let mapped = job
                    .filter(|j| j.mapping.is_none())
                    .is_some_and(|j| self.offer_mapping_after(&j.source, &msg));
                if !mapped {
                    self.shell.load_error = Some(msg);
                }
            }
            None => {
                if let Some(c) = &self.ctx {
                    c.request_repaint_after(Duration::from_millis(100));
                }
            }
        }
    }

    fn autosave(&mut self) {
        if self.last_autosave.elapsed() < self.autosave_every || !self.doc.is_dirty() {
            return;
        }
        self.last_autosave = Instant::now();
        if let Err(e) = self.write_recovery() {
            self.shell.message = Some(format!("{}: {e:#}", t::ERROR.get(self.lang)));
        }
    }

    /// Writes the recovery file now.
    pub fn write_recovery(&self) -> anyhow::Result<()> {
        project_file::write(&self.recovery_path, &self.to_project_file())
    }

    /// The 台账 drawer, and what the officer did in it.
    fn register_panel_ui(&mut self, ui: &mut Ui) {
        let Some(loaded) = self.doc.library.as_ref() else {
            ui.label(t::NO_LIBRARY.get(self.lang));
            return;
        };
        let lib = loaded.library.clone();
        let action = register_ui(ui, &mut self.register, &lib, &self.catalog, &self.counties, self.lang);
        // Release the library before changing it (a status change needs the only reference).
        drop(lib);
        if let Some(i) = action.select {
            self.select_parcel(i, true);
        }
        if let Some(change) = action.status_change {
            self.pending_status.push(change);
            self.apply_pending_status();
        }
    }

    /// Selects a parcel on the map (and in the ledger), optionally zooming to it.
    pub fn select_parcel(&mut self, i: ParcelIdx, zoom: bool) {
        self.register.selected = Some(i);
        self.register.scroll_to = Some(i);
        self.map.selected = Some(i);
        if zoom && let Some(b) = self.library().and_then(|l| l.parcel(i)).and_then(|p| p.bbox()) {
            let pad = b.width().max(b.height()) * 1.5 + 50.0;
            self.map.pending_fit = Some(geo::Rect::new(
                geo::Coord {
                    x: b.min().x - pad,
                    y: b.min().y - pad,
                },
                geo::Coord {
                    x: b.max().x + pad,
                    y: b.max().y + pad,
                },
            ));
        }
    }

    fn map_ui(&mut self, ui: &mut Ui) {
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
        let remainder = self.live.answer.as_ref().and_then(|a| a.remainder.clone());
        let proposals = self.proposal_outlines();
        let loaded = self.doc.library.as_ref();
        let layers = MapLayers {
            lang: self.lang,
            library: loaded.map(|l| l.library.as_ref()),
            meshes: loaded.map(|l| &l.meshes),
            pyramid: loaded.map(|l| &l.pyramid),
            catalog: Some(&self.catalog),
            highlights: &highlights,
            overlay_hits: &hits,
            remainder: remainder.as_ref(),
            proposals: &proposals,
            controls: self.doc.controls.loaded.as_deref(),
            control_visible: &self.doc.controls.visible,
            counties: self.match_rules.as_ref().and_then(|r| r.boundaries.as_deref()),
            county_names: Some(&self.counties),
            stack: Some(&self.doc.layers),
        };
        let ev = self.map.show_ui(ui, &layers, &mut self.doc.footprint);
        if ev.footprint_changed {
            self.edited();
        }
        // The identified 图斑 stays until the next click.
        if ev.clicked {
            self.shell.identified_control = ev.identified_control;
        }
        if let Some(i) = ev.identified {
            self.register.selected = Some(i);
            self.register.scroll_to = Some(i);
        }
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
