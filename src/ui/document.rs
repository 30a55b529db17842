//! The document the officer works on: the parcel library, the project brief and its footprint (red line), the
//! chosen candidate, the quota scenario and the status-change log. This is what the project file saves.

use std::path::PathBuf;

use super::loader::{LibrarySource, LoadedLibrary};
use super::map::sketch::{Sketch, SketchPart};
use super::map::view::MapView;
use super::project_file::{FootprintPart, ProjectBrief, ProjectFile};
use super::quota_state::QuotaState;
use crate::library::StockLibrary;
use crate::model::StatusChange;

/// The open project.
pub struct Document {
    /// The parcel library (台账) on the map, once loaded.
    pub library: Option<LoadedLibrary>,
    /// The project's red line, as the sketch tool edits it.
    pub footprint: Sketch,
    pub brief: ProjectBrief,
    /// The candidate the officer chose ([`crate::matching::Candidate::key`]).
    pub chosen_candidate: Option<String>,
    pub quota: QuotaState,
    /// Planning control layers (合规性审查) and their role map.
    pub controls: super::controls_state::ControlsDoc,
    /// Status changes (变更记录), oldest first.
    pub audit: Vec<StatusChange>,
    /// The map's layers in order: basemaps, controls, parcels, reference vectors, county lines.
    pub layers: super::map::LayerStack,
    /// Where the project was last opened from or saved to.
    pub project_path: Option<PathBuf>,
    /// Edit counter: bumped by every change, compared with `saved_rev` for "unsaved changes".
    pub(super) rev: u64,
    pub(super) saved_rev: u64,
}

impl Document {
    pub fn new(quota: QuotaState) -> Self {
        Self {
            library: None,
            footprint: Sketch::default(),
            brief: ProjectBrief::default(),
            chosen_candidate: None,
            quota,
            controls: Default::default(),
            audit: Vec::new(),
            layers: Default::default(),
            project_path: None,
            rev: 0,
            saved_rev: 0,
        }
    }

    pub fn library(&self) -> Option<&StockLibrary> {
        self.library.as_ref().map(|l| l.library.as_ref())
    }

    /// Edited since the last save.
    pub fn is_dirty(&self) -> bool {
        self.rev != self.saved_rev
    }

    /// Marks the document changed.
    pub fn touch(&mut self) {
        self.rev += 1;
    }

    /// Marks the document saved as it is now.
    pub fn mark_saved(&mut self) {
        self.saved_rev = self.rev;
    }

    /// The project as a file. `loading` is the source of a library still loading; `view` the map's view.
    pub fn to_file(&self, loading: Option<&LibrarySource>, view: MapView) -> ProjectFile {
        ProjectFile {
            version: 1,
            library: self
                .library
                .as_ref()
                .map(|l| l.source.clone())
                .or_else(|| loading.cloned()),
            footprint: pairs(&self.footprint.vertices),
            footprint_closed: self.footprint.closed,
            footprint_holes: self.footprint.holes.iter().map(|h| pairs(h)).collect(),
            footprint_parts: self
                .footprint
                .parts
                .iter()
                .map(|p| FootprintPart {
                    outer: pairs(&p.outer),
                    holes: p.holes.iter().map(|h| pairs(h)).collect(),
                })
                .collect(),
            brief: self.brief.clone(),
            chosen_candidate: self.chosen_candidate.clone(),
            scenario: self
                .quota
                .scenario
                .as_ref()
                .map(|_| PathBuf::from(&self.quota.scenario_path)),
            view: Some(view),
            audit: self.audit.clone(),
            control_layers: self.controls.sources.clone(),
            control_roles: self.controls.roles.clone(),
            library_mapping: self.library.as_ref().and_then(|l| l.mapping.clone()),
            layers: self.layers.entries(),
        }
    }

    /// Takes in a project file (open or recover). Returns the library source to load when it is not the one
    /// already loaded; a scenario that cannot be opened leaves its error on the quota tab.
    pub fn apply_file(&mut self, f: ProjectFile, path: Option<PathBuf>) -> Option<LibrarySource> {
        self.footprint.set(coords(&f.footprint), f.footprint_closed);
        self.footprint.holes = f.footprint_holes.iter().map(|h| coords(h)).collect();
        self.footprint.parts = f
            .footprint_parts
            .iter()
            .map(|p| SketchPart {
                outer: coords(&p.outer),
                holes: p.holes.iter().map(|h| coords(h)).collect(),
            })
            .collect();
        self.brief = f.brief;
        self.chosen_candidate = f.chosen_candidate;
        self.audit = f.audit;
        self.controls.roles = f.control_roles;
        self.layers.set_entries(f.layers);
        if let Some(sc) = &f.scenario
            && let Err(e) = self.quota.open(sc)
        {
            self.quota.error = Some(format!("{e:#}"));
        }
        self.project_path = path;
        let current = self.library.as_ref().map(|l| &l.source);
        f.library.filter(|src| current != Some(src))
    }
}

fn pairs(ring: &[geo::Coord<f64>]) -> Vec<(f64, f64)> {
    ring.iter().map(|c| (c.x, c.y)).collect()
}

fn coords(ring: &[(f64, f64)]) -> Vec<geo::Coord<f64>> {
    ring.iter().map(|&(x, y)| geo::Coord { x, y }).collect()
}
