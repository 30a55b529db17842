//! Loading a library off the UI thread: read (or generate), index, triangulate, and build the density pyramid, with
//! progress the window can show while it stays responsive.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex};

use anyhow::{Context as _, Result};
use geo::{Coord, Rect};

use super::map::lod::DensityPyramid;
use super::map::mesh_cache::MeshCache;
use crate::library::StockLibrary;
use crate::sample::{SampleSpec, generate};

/// Parcels in the bundled sample library.
pub const SAMPLE_PARCELS: usize = 3_000;

/// Where a library comes from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum LibrarySource {
    /// The synthetic sample (`stockfirst::sample`), regenerated from its seed.
    Sample { parcels: usize, seed: u64 },
    /// Any GDAL polygon source.
    Path(PathBuf),
}

impl LibrarySource {
    pub fn sample() -> Self {
        LibrarySource::Sample { parcels: SAMPLE_PARCELS, seed: 2026 }
    }
    pub fn label(&self) -> String {
        match self {
            LibrarySource::Sample { parcels, .. } => format!("sample ({parcels})"),
            LibrarySource::Path(p) => p.display().to_string(),
        }
    }
}

/// A library ready to draw.
pub struct Loaded {
    pub source: LibrarySource,
    pub library: Arc<StockLibrary>,
    pub meshes: MeshCache,
    pub pyramid: DensityPyramid,
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
    pub done: Arc<AtomicUsize>,
    pub total: Arc<AtomicUsize>,
    pub stage: Arc<Mutex<Stage>>,
    rx: Receiver<Result<Loaded>>,
}

impl LoadJob {
    /// Starts loading on a worker thread; `repaint` is called when done.
    pub fn start(source: LibrarySource, repaint: impl Fn() + Send + 'static) -> Self {
        let (tx, rx) = channel();
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let stage = Arc::new(Mutex::new(Stage::Reading));
        let job = LoadJob { source: source.clone(), done: done.clone(), total: total.clone(), stage: stage.clone(), rx };
        std::thread::spawn(move || {
            let r = load(&source, &done, &total, &stage);
            let _ = tx.send(r);
            repaint();
        });
        job
    }

    /// The result, once there is one.
    pub fn poll(&self) -> Option<Result<Loaded>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(anyhow::anyhow!("loader thread ended"))),
        }
    }

    /// 0…1, for the progress bar.
    pub fn fraction(&self) -> f32 {
        let t = self.total.load(Ordering::Relaxed);
        if t == 0 { 0.0 } else { self.done.load(Ordering::Relaxed) as f32 / t as f32 }
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
pub fn load(source: &LibrarySource, done: &AtomicUsize, total: &AtomicUsize, stage: &Mutex<Stage>) -> Result<Loaded> {
    set(stage, Stage::Reading);
    let parcels = match source {
        LibrarySource::Sample { parcels, seed } => generate(&sample_spec(*parcels, *seed)?),
        LibrarySource::Path(p) => read_path(p).with_context(|| format!("{}", p.display()))?,
    };
    total.store(parcels.len(), Ordering::Relaxed);
    set(stage, Stage::Indexing);
    let library = StockLibrary::new(parcels);
    set(stage, Stage::Triangulating);
    let meshes = MeshCache::build(&library, Some(done));
    let pyramid = DensityPyramid::build(&library);
    done.store(library.len(), Ordering::Relaxed);
    set(stage, Stage::Done);
    Ok(Loaded { source: source.clone(), library: Arc::new(library), meshes, pyramid })
}

/// Loads synchronously, for tests.
pub fn load_now(source: &LibrarySource) -> Result<Loaded> {
    load(source, &AtomicUsize::new(0), &AtomicUsize::new(0), &Mutex::new(Stage::Reading))
}

fn read_path(path: &std::path::Path) -> Result<Vec<crate::model::Parcel>> {
    // The GDAL loader (io::loaders) is the lead's; until it lands only the sample can be opened.
    anyhow::bail!("暂不支持打开此格式 / opening files needs the GDAL loader (io::load_library): {}", path.display())
}

/// The sample spec: one seat per county, projected from the built-in lon/lat.
pub fn sample_spec(parcels: usize, seed: u64) -> Result<SampleSpec> {
    let counties = crate::io::assets::counties()?;
    let seats: Vec<(String, String, Coord<f64>)> = counties
        .iter()
        .map(|c| (c.id.clone(), c.name.clone(), gauss_kruger_zone38(c.seat_lon_lat.0, c.seat_lon_lat.1)))
        .collect();
    let (mut min, mut max) = (seats[0].2, seats[0].2);
    for (_, _, s) in &seats {
        min = Coord { x: min.x.min(s.x), y: min.y.min(s.y) };
        max = Coord { x: max.x.max(s.x), y: max.y.max(s.y) };
    }
    let grow = 12_000.0;
    let extent = Rect::new(Coord { x: min.x - grow, y: min.y - grow }, Coord { x: max.x + grow, y: max.y + grow });
    Ok(SampleSpec { parcels, seed, seats, extent })
}

/// CGCS2000 lon/lat to Gauss-Krüger 3° zone 38 (central meridian 114°E, false easting 38 500 000 m), by the
/// transverse-Mercator series (Snyder 1987, eq. 8-9…8-10); good to centimetres this close to the meridian. Only used
/// to place the synthetic sample's county seats.
///
/// ```
/// // On the central meridian the easting is the false easting.
/// let c = stockfirst::ui::loader::gauss_kruger_zone38(114.0, 35.0);
/// assert!((c.x - 38_500_000.0).abs() < 1e-6);
/// // 35°N is about 3 874 km from the equator on the CGCS2000 ellipsoid.
/// assert!((c.y - 3_874_000.0).abs() < 2_000.0);
/// ```
pub fn gauss_kruger_zone38(lon: f64, lat: f64) -> Coord<f64> {
    let a = 6_378_137.0_f64;
    let f = 1.0 / 298.257_222_101;
    let e2 = f * (2.0 - f);
    let ep2 = e2 / (1.0 - e2);
    let phi = lat.to_radians();
    let dl = (lon - 114.0).to_radians();
    let (s, c) = phi.sin_cos();
    let n = a / (1.0 - e2 * s * s).sqrt();
    let t = (s / c).powi(2);
    let cc = ep2 * c * c;
    let aa = dl * c;
    let (e4, e6) = (e2 * e2, e2 * e2 * e2);
    let m = a
        * ((1.0 - e2 / 4.0 - 3.0 * e4 / 64.0 - 5.0 * e6 / 256.0) * phi
            - (3.0 * e2 / 8.0 + 3.0 * e4 / 32.0 + 45.0 * e6 / 1024.0) * (2.0 * phi).sin()
            + (15.0 * e4 / 256.0 + 45.0 * e6 / 1024.0) * (4.0 * phi).sin()
            - (35.0 * e6 / 3072.0) * (6.0 * phi).sin());
    let x = n * (aa + (1.0 - t + cc) * aa.powi(3) / 6.0 + (5.0 - 18.0 * t + t * t) * aa.powi(5) / 120.0);
    let y = m + n * (s / c) * (aa * aa / 2.0 + (5.0 - t + 9.0 * cc + 4.0 * cc * cc) * aa.powi(4) / 24.0);
    Coord { x: 38_500_000.0 + x, y }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seats_fall_in_jiaozuo() {
        let spec = sample_spec(100, 1).unwrap();
        assert_eq!(spec.seats.len(), 11);
        for (_, name, s) in &spec.seats {
            // Jiaozuo spans about 112.6–113.6°E, 34.8–35.5°N: eastings 38.40–38.47e6 and northings 3.86–3.93e6.
            assert!(s.x > 38_380_000.0 && s.x < 38_480_000.0, "{name} {s:?}");
            assert!(s.y > 3_850_000.0 && s.y < 3_935_000.0, "{name} {s:?}");
        }
    }
}
