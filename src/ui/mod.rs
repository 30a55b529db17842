//! The desktop app. Draws and dispatches; every policy question goes to the core.

pub mod app;
pub mod candidates;
mod draft;
pub mod export;
pub mod fonts;
pub mod i18n;
pub mod ledger;
pub mod loader;
pub mod map;
pub mod match_worker;
mod panels;
pub mod project_file;
pub mod quota_tab;
pub mod report;
mod scene;

use std::path::PathBuf;

pub use app::StockApp;

use crate::model::Lang;
use loader::LibrarySource;

/// A file given on the command line (or by the desktop's "Open with"): a 界址点 boundary TXT becomes the project
/// footprint; anything else is read as a project file (.ron).
fn open_given(app: &mut StockApp, path: &std::path::Path) -> anyhow::Result<()> {
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")) {
        app.run_path_action(app::PathPurpose::ImportFootprint, path.to_path_buf());
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
    if let Some(p) = &project {
        app.recovery_offer = None;
        open_given(&mut app, p)?;
    }
    match eframe::run_native(&title, native, make(app)) {
        Ok(()) => Ok(()),
        Err(glow_err) => {
            eprintln!("OpenGL (glow) failed: {glow_err}; trying wgpu");
            let mut app = StockApp::new(lang, StockApp::default_recovery_path());
            app.start_load(source);
            if let Some(p) = &project {
                app.recovery_offer = None;
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
