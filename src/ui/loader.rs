//! Loading a library off the UI thread: read (or generate), index, triangulate, and build the density pyramid, with
//! progress the window can show while it stays responsive.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};

use anyhow::Result;

use super::map::lod::DensityPyramid;
use super::map::mesh_cache::MeshCache;
use crate::io::field_profiles::FieldProfile;
use crate::library::StockLibrary;
use crate::sample::generate;

/// Parcels in the bundled sample library.
pub const SAMPLE_PARCELS: usize = 3_000;
/// The bundled sample GeoPackage, relative to the repository.
pub const SAMPLE_GPKG: &str = "sample-data/jiaozuo-stock-sample.gpkg";

/// Where a library comes from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum LibrarySource {
    /// The synthetic sample (`stockfirst::sample`), regenerated from its seed.
    Sample { parcels: usize, seed: u64 },
    /// Any GDAL polygon source.
    Path(PathBuf),
}

impl LibrarySource {
    /// The generated sample (no files needed).
    pub fn sample() -> Self {
        LibrarySource::Sample {
            parcels: SAMPLE_PARCELS,
            seed: 2026,
        }
    }

    /// The bundled sample GeoPackage when it is found (the tree, beside the binary, or /usr/share/stockfirst: see
    /// `io::assets::data_dirs`), else the generated sample.
    pub fn default_start() -> Self {
        crate::io::assets::find_data(SAMPLE_GPKG)
            .map(LibrarySource::Path)
            .unwrap_or_else(Self::sample)
    }
    pub fn label(&self) -> String {
        match self {
            LibrarySource::Sample { parcels, .. } => format!("sample ({parcels})"),
            LibrarySource::Path(p) => p.display().to_string(),
        }
    }
}

/// A library ready to draw.
pub struct LoadedLibrary {
    pub source: LibrarySource,
    pub library: Arc<StockLibrary>,
    pub meshes: MeshCache,
    pub pyramid: DensityPyramid,
    /// Sum of parcel areas, computed once.
    pub total_area: crate::model::Area,
    /// What the reader skipped, repaired or doubted (none for the generated sample): the 问题列表.
    pub report: Option<crate::io::gdal_source::LoadReport>,
    /// The officer's field mapping the file was read with (the field-mapping dialog), saved in the project file.
    pub mapping: Option<FieldProfile>,
}

/// What the loader is doing, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Reading,
    Indexing,
    Triangulating,
    Done,
}

/// A load in progress.
pub struct LoadJob {
    pub source: LibrarySource,
    pub mapping: Option<FieldProfile>,
    pub done: Arc<AtomicUsize>,
    pub total: Arc<AtomicUsize>,
    pub stage: Arc<Mutex<Stage>>,
    rx: Receiver<Result<LoadedLibrary>>,
}

impl LoadJob {
    /// Starts loading on a worker thread; `repaint` is called when done.
    pub fn start(source: LibrarySource, repaint: impl Fn() + Send + 'static) -> Self {
        Self::start_mapped(source, None, repaint)
    }

    /// Starts loading a file with the officer's field mapping.
    pub fn start_mapped(
        source: LibrarySource,
        mapping: Option<FieldProfile>,
        repaint: impl Fn() + Send + 'static,
    ) -> Self {
        let (tx, rx) = channel();
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let stage = Arc::new(Mutex::new(Stage::Reading));
        let job = LoadJob {
            source: source.clone(),
            mapping: mapping.clone(),
            done: done.clone(),
            total: total.clone(),
            stage: stage.clone(),
            rx,
        };
        std::thread::spawn(move || {
            let r = load_mapped(&source, mapping.as_ref(), &done, &total, &stage);
            let _ = tx.send(r);
            repaint();
        });
        job
    }

    /// The result, once there is one.
    pub fn poll(&self) -> Option<Result<LoadedLibrary>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(anyhow::anyhow!("loader thread ended"))),
        }
    }

    /// 0…1, for the progress bar.
    pub fn fraction(&self) -> f32 {
        let t = self.total.load(Ordering::Relaxed);
        if t == 0 {
            0.0
        } else {
            self.done.load(Ordering::Relaxed) as f32 / t as f32
        }
    }

    pub fn stage(&self) -> Stage {
        self.stage.lock().map(|s| *s).unwrap_or(Stage::Reading)
    }
}

fn set(stage: &Mutex<Stage>, s: Stage) {
    if let Ok(mut g) = stage.lock() {
        *g = s;
    }
}

/// Loads on the calling thread (tests, and the worker).
pub fn load(
    source: &LibrarySource,
    done: &AtomicUsize,
    total: &AtomicUsize,
    stage: &Mutex<Stage>,
) -> Result<LoadedLibrary> {
    load_mapped(source, None, done, total, stage)
}

/// Loads on the calling thread, a file read with `mapping` when given.
pub fn load_mapped(
    source: &LibrarySource,
    mapping: Option<&FieldProfile>,
    done: &AtomicUsize,
    total: &AtomicUsize,
    stage: &Mutex<Stage>,
) -> Result<LoadedLibrary> {
    set(stage, Stage::Reading);
    let (library, report) = match source {
        LibrarySource::Sample { parcels, seed } => {
            let parcels = generate(&crate::io::sample_spec::sample_spec(*parcels, *seed)?);
            total.store(parcels.len(), Ordering::Relaxed);
            set(stage, Stage::Indexing);
            (StockLibrary::new(parcels), None)
        }
        LibrarySource::Path(p) => {
            let opts = match mapping {
                Some(m) => crate::io::gdal_source::ReadOptions {
                    field_map: m.field_map(),
                    encoding: m.text_encoding(),
                    ..Default::default()
                },
                None => crate::io::gdal_source::ReadOptions::default(),
            };
            // The readers name the file in their own messages; say it here only when they did not.
            let shown = p.display().to_string();
            let (library, report) = crate::io::load_library_with(p, &opts).map_err(|e| {
                if format!("{e:#}").contains(&shown) {
                    e
                } else {
                    e.context(shown.clone())
                }
            })?;
            (library, Some(report))
        }
    };
    total.store(library.len(), Ordering::Relaxed);
    set(stage, Stage::Triangulating);
    let meshes = MeshCache::build(&library, Some(done));
    let pyramid = DensityPyramid::build(&library);
    done.store(library.len(), Ordering::Relaxed);
    set(stage, Stage::Done);
    let total_area = library.total_area();
    Ok(LoadedLibrary {
        source: source.clone(),
        library: Arc::new(library),
        meshes,
        pyramid,
        total_area,
        report,
        mapping: mapping.cloned(),
    })
}

/// Loads synchronously, for tests.
pub fn load_now(source: &LibrarySource) -> Result<LoadedLibrary> {
    load(
        source,
        &AtomicUsize::new(0),
        &AtomicUsize::new(0),
        &Mutex::new(Stage::Reading),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_sample_loads_with_meshes_for_every_parcel() {
        let l = load_now(&LibrarySource::Sample { parcels: 300, seed: 7 }).unwrap();
        assert_eq!(l.library.len(), 300);
        assert_eq!(l.meshes.len(), 300);
    }
}
