//! The desktop app. Draws and dispatches; every policy question goes to the core.

mod app;
mod candidates;
mod compliance_draft;
mod control_roles_dialog;
mod controls_live;
mod controls_state;
mod controls_tab;
mod document;
mod draft;
mod export;
mod field_mapping;
mod field_mapping_dialog;
mod field_mapping_roles;
mod field_mapping_ui;
mod files;
mod fonts;
mod i18n;
mod layer_form;
mod layer_panel;
mod layers;
mod live_match;
mod loader;
mod map;
mod match_worker;
mod menu;
mod offline_copy;
mod offline_state;
mod print_export;
mod print_job;
mod problems;
mod project_file;
mod proposals;
mod proposals_ui;
mod quota_state;
mod quota_tab;
mod quota_tables;
mod register;
mod register_ui;
mod report;
mod scene;
mod scene_basemap;
mod scene_proposals;
mod shared_app;
mod shared_session;
mod shared_ui;
mod shell;
mod side;
mod sketch_parts_ui;
mod status;

// What tests, the fuzzers and doc examples reach from outside.
pub use app::{EframeApp, StockApp};
pub use control_roles_dialog::{ControlRolesDialog, RolesCheck};
pub use controls_state::{ControlsDoc, ControlsWork, ReadControls, ReviewAnswer, SAMPLE_CONTROLS, read_controls};
pub use document::Document;
pub use field_mapping_dialog::FieldMappingDialog;
pub use i18n::{Text, t};
pub use layer_form::LayerForm;
pub use loader::{LibrarySource, LoadedLibrary, load_now};
pub use map::sketch::{Sketch, rectangle_of_area};
pub use map::view::{MapView, ScreenFromWorld, scale_bar_metres};
pub use map::{LayerEntry, LayerSource, LayerStack, Live, MapMemory, Tool};
pub use offline_state::OfflineCopy;
pub use project_file::{
    FootprintPart, ProjectBrief, ProjectFile, parse as parse_project_file, read as read_project_file,
    write as write_project_file,
};
pub use proposals::{ProposalAnswer, ProposalRequest, ProposalsPanel, run_proposals};
pub use quota_state::QuotaState;
pub use register::{PendingStatus, Register};
pub use report::{Table, csv};
pub use shared_session::{ConflictView, Link, PasswordPrompt, Queued, SharedSession, SharedState};
pub use shell::ProblemsPanel;
pub use shell::{PathPurpose, Shell, SideTab};

use std::path::PathBuf;

use crate::model::Lang;

/// A file given on the command line (or by the desktop's "Open with"): a 界址点 boundary TXT becomes the project
/// footprint; anything else is read as a project file (.ron).
fn open_given(app: &mut StockApp, path: &std::path::Path) -> anyhow::Result<()> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")) {
        app.run_path_action(PathPurpose::ImportFootprint, path.to_path_buf());
        Ok(())
    } else {
        app.open_project(path)
    }
}

/// Opens the app window: the library from `library` (or the bundled sample), then `project` if given (a project
/// file, or a boundary TXT to use as the footprint).
pub fn run(library: Option<PathBuf>, project: Option<PathBuf>, lang: Lang) -> anyhow::Result<()> {
    let mut app = StockApp::new(lang, StockApp::default_recovery_path());
    let title = i18n::t::APP_TITLE.get(lang).to_string();
    let mut native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1500.0, 950.0])
            .with_title(title.clone()),
        // glow runs on llvmpipe software GL (Xvfb, VMs, remote desktops); wgpu is the fallback below.
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    native.system_font_fallback = false;
    let source = library
        .map(LibrarySource::Path)
        .unwrap_or_else(LibrarySource::default_start);
    let project = project.clone();
    let make = move |app: StockApp| -> eframe::AppCreator<'static> {
        Box::new(move |_cc| Ok(Box::new(app::EframeApp { app })))
    };
    app.scene = std::env::var("STOCKFIRST_SCENE").ok();
    app.start_load(source.clone());
    // The synthetic sample control layers come with the sample library.
    let sample_controls = ControlsDoc::sample_sources();
    if matches!(source, LibrarySource::Path(ref p) if p.ends_with(loader::SAMPLE_GPKG)) && !sample_controls.is_empty() {
        app.start_controls_load(sample_controls);
    }
    if let Some(p) = &project {
        app.shell.recovery_offer = None;
        open_given(&mut app, p)?;
    }
    match eframe::run_native(&title, native, make(app)) {
        Ok(()) => Ok(()),
        Err(glow_err) => {
            eprintln!("OpenGL (glow) failed: {glow_err}; trying wgpu");
            let mut app = StockApp::new(lang, StockApp::default_recovery_path());
            app.start_load(source);
            if let Some(p) = &project {
                app.shell.recovery_offer = None;
                open_given(&mut app, p)?;
            }
            let native = eframe::NativeOptions {
                viewport: egui::ViewportBuilder::default()
                    .with_inner_size([1500.0, 950.0])
                    .with_title(title.clone()),
                renderer: eframe::Renderer::Wgpu,
                ..Default::default()
            };
            eframe::run_native(&title, native, make(app)).map_err(|e| anyhow::anyhow!("{e}"))
        }
    }
}
