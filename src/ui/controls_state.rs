//! Planning control layers in the app (合规性审查): which sources the project uses and their role map (saved in the
//! project file), reading them off the UI thread, and the review of the footprint and of its increment, re-run off
//! the UI thread after the same debounce as matching. The answers come from `controls::review` and
//! `controls::increment_overlay`; this file only moves them between threads.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::Instant;

use geo::MultiPolygon;

use super::map::mesh_cache::MeshCache;
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
    pub(super) load: Option<Receiver<anyhow::Result<ReadControls>>>,
    pub(super) review: Option<Receiver<ReviewAnswer>>,
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
pub(super) fn run_review(
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
