//! Planning control layers in the app (合规性审查): which sources the project uses and their role map (saved in the
//! project file), reading them off the UI thread, and the review of the footprint and of its increment, re-run off
//! the UI thread after the same debounce as matching. The answers come from `controls::review` and
//! `controls::increment_overlay`; this file only moves them between threads.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Instant;

use geo::MultiPolygon;

use super::app::StockApp;
use super::i18n::t;
use super::map::mesh_cache::MeshCache;
use super::map::sketch::to_polygon;
use crate::controls::{
    ControlOverlay, ControlReport, ControlRules, Finding, GaussKruger, ProjectContext, findings, increment_overlay,
    review,
};
use crate::io::control_layers::{ControlReadOptions, LoadedControls, read_control_sources};
use crate::io::control_roles::RoleMap;
use crate::library::StockLibrary;

/// The bundled synthetic sample control layers, relative to the repository.
pub const SAMPLE_CONTROLS: &str = "sample-data/jiaozuo-controls-sample.gpkg";

/// The control layers of the document.
#[derive(Default)]
pub struct ControlsDoc {
    /// The sources (FileGDB, GeoPackage, Shapefile) the project uses.
    pub sources: Vec<PathBuf>,
    /// Which layer is which role when the names differ.
    pub roles: RoleMap,
    /// The layers read from `sources`, with their rules.
    pub loaded: Option<Arc<ReadControls>>,
    /// Drawn on the map, one flag per loaded layer.
    pub visible: Vec<bool>,
}

/// Layers read, and the rules they are reviewed with.
pub struct ReadControls {
    pub controls: LoadedControls,
    pub rules: ControlRules,
    /// One mesh cache per layer (the parcels' triangulation, reused), built on the loading thread.
    pub meshes: Vec<MeshCache>,
}

impl ControlsDoc {
    /// The bundled sample control layers when found (next to the sample library), else none.
    pub fn sample_sources() -> Vec<PathBuf> {
        [
            PathBuf::from(SAMPLE_CONTROLS),
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(SAMPLE_CONTROLS),
        ]
        .into_iter()
        .find(|p| p.is_file())
        .into_iter()
        .collect()
    }
}

/// Reads `sources` with the built-in rules (what the loader thread runs; tests call it directly).
pub fn read_controls(sources: &[PathBuf], roles: &RoleMap) -> anyhow::Result<ReadControls> {
    let rules = crate::io::control_rules::builtin_control_rules()?;
    let opts = ControlReadOptions {
        roles: roles.clone(),
        ..Default::default()
    };
    let controls = read_control_sources(sources, &opts, &rules, Some(&GaussKruger::working()))?;
    let meshes = controls
        .layers
        .layers
        .iter()
        .map(|l| {
            let origin = l.extent().map(|r| r.min()).unwrap_or(geo::Coord { x: 0.0, y: 0.0 });
            MeshCache::build_shapes(origin, l.features().iter().map(|f| &f.geometry), None)
        })
        .collect();
    Ok(ReadControls {
        controls,
        rules,
        meshes,
    })
}

/// The review of the footprint and of its increment.
pub struct ReviewAnswer {
    pub rev: u64,
    pub footprint: ControlOverlay,
    pub footprint_report: ControlReport,
    /// The increment (red line minus stock): what clause (九) and 占耕比 count.
    pub increment: Option<ControlReport>,
}

/// Loading and reviewing in the background.
#[derive(Default)]
pub struct ControlsWork {
    load: Option<Receiver<anyhow::Result<ReadControls>>>,
    review: Option<Receiver<ReviewAnswer>>,
    /// When the next review is due (debounced like matching).
    pub due: Option<Instant>,
    pub answer: Option<ReviewAnswer>,
    pub error: Option<String>,
}

impl ControlsWork {
    /// A load or a review is running.
    pub fn busy(&self) -> bool {
        self.load.is_some() || self.review.is_some()
    }
}

/// The overlay of `fp` and of its increment over `lib` (the worker's job).
fn run_review(
    rev: u64,
    fp: &MultiPolygon<f64>,
    lib: Option<&StockLibrary>,
    read: &ReadControls,
    ctx: &ProjectContext,
) -> ReviewAnswer {
    let gk = GaussKruger::working();
    let (mut o, _) = review(&read.controls.layers, &read.rules, fp, ctx, &gk);
    // Problems met while reading are findings too: nothing the officer gave is dropped silently.
    o.problems.splice(0..0, read.controls.problems.iter().cloned());
    let f: Vec<Finding> = findings(&o, &read.rules, ctx);
    let footprint_report = ControlReport::new(&o, f);
    let increment = lib.and_then(|lib| {
        let inc = increment_overlay(fp, lib, &read.controls.layers, &read.rules.catalogue, &gk).ok()?;
        let f = findings(&inc, &read.rules, ctx);
        Some(ControlReport::new(&inc, f))
    });
    ReviewAnswer {
        rev,
        footprint: o,
        footprint_report,
        increment,
    }
}

impl StockApp {
    /// Starts reading the control sources off the UI thread.
    pub fn start_controls_load(&mut self, sources: Vec<PathBuf>) {
        self.doc.controls.sources = sources.clone();
        let roles = self.doc.controls.roles.clone();
        let (tx, rx) = channel();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(read_controls(&sources, &roles));
            if let Some(c) = ctx {
                c.request_repaint();
            }
        });
        self.controls_work.load = Some(rx);
        self.controls_work.error = None;
    }

    /// Reads the control sources now (tests, and callers that can wait).
    pub fn load_controls_now(&mut self, sources: Vec<PathBuf>) -> anyhow::Result<()> {
        let read = read_controls(&sources, &self.doc.controls.roles)?;
        self.doc.controls.sources = sources;
        self.set_controls(read);
        Ok(())
    }

    /// Installs read control layers and asks for a review.
    pub fn set_controls(&mut self, read: ReadControls) {
        self.doc.controls.visible = vec![true; read.controls.layers.layers.len()];
        self.doc.controls.loaded = Some(Arc::new(read));
        self.controls_work.answer = None;
        self.controls_work.due = Some(Instant::now());
    }

    /// Takes in loaded layers and review answers; sends a due review.
    pub(super) fn drive_controls(&mut self) {
        if let Some(rx) = &self.controls_work.load
            && let Ok(r) = rx.try_recv()
        {
            self.controls_work.load = None;
            match r {
                Ok(read) => self.set_controls(read),
                Err(e) => {
                    self.controls_work.error = Some(format!("{}: {e:#}", t::ERROR.get(self.lang)));
                }
            }
        }
        if let Some(rx) = &self.controls_work.review
            && let Ok(a) = rx.try_recv()
        {
            self.controls_work.review = None;
            self.controls_work.answer = Some(a);
        }
        let Some(due) = self.controls_work.due else { return };
        let now = Instant::now();
        if now < due {
            if let Some(c) = &self.ctx {
                c.request_repaint_after(due - now);
            }
            return;
        }
        // One review at a time: the next one starts when this answer is in (the due time stays set).
        if self.controls_work.review.is_some() {
            return;
        }
        self.controls_work.due = None;
        let Some(read) = self.doc.controls.loaded.clone() else {
            return;
        };
        if !self.doc.footprint.closed || self.doc.footprint.vertices.len() < 3 {
            self.controls_work.answer = None;
            return;
        }
        let fp = MultiPolygon(vec![to_polygon(&self.doc.footprint.vertices)]);
        let lib = self.doc.library.as_ref().map(|l| l.library.clone());
        let ctx = ProjectContext {
            tier: self.doc.brief.tier,
            category: None,
        };
        let rev = self.doc.rev;
        let (tx, rx) = channel();
        let repaint = self.ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(run_review(rev, &fp, lib.as_deref(), &read, &ctx));
            if let Some(c) = repaint {
                c.request_repaint();
            }
        });
        self.controls_work.review = Some(rx);
    }

    /// Waits (up to `timeout`) for loading and the review of the current footprint; for tests and exports.
    pub fn wait_for_controls(&mut self, timeout: std::time::Duration) -> bool {
        let start = Instant::now();
        self.controls_work.due = self.controls_work.due.map(|_| Instant::now());
        while start.elapsed() < timeout {
            self.drive_controls();
            if !self.controls_work.busy() && self.controls_work.due.is_none() {
                return true;
            }
            if self.controls_work.due.is_some() {
                self.controls_work.due = Some(Instant::now());
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        false
    }

    /// The cultivated 亩 of the project's increment from the overlay (net of 田坎), when reviewed.
    pub fn increment_cultivated_mu(&self) -> Option<f64> {
        self.controls_work
            .answer
            .as_ref()
            .and_then(|a| a.increment.as_ref())
            .and_then(|r| r.cultivated_mu)
    }
}
