//! A raster basemap on the map (正射影像 DOM, MBTiles, GeoPackage tiles): one worker thread reads tiles of the
//! overview that fits the zoom ([`crate::geometry::tiles`], [`crate::io::raster`]); the UI thread only turns ready
//! tiles into textures (a few a frame) and draws what it has, with a coarser tile under a missing one. It never
//! waits for a read.

use std::cell::Cell;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::{Color32, ColorImage, Painter, TextureHandle, TextureOptions, pos2};

use super::tile_cache::{TILE_CACHE_CAPACITY, TileCache};
use super::view::ScreenFromWorld;
use crate::geometry::tiles::{TileKey, choose_level, tile_bounds, tiles_in_view};
use crate::io::crs::WorkingCrs;
use crate::io::raster::{RasterInfo, RasterOptions, RasterReader, TileImage};
use crate::io::tile_worker::{TileWorker, WorkerMsg};

/// Textures made per frame at most (each is a 256² upload).
pub const UPLOADS_PER_FRAME: usize = 16;

/// A tile as the map keeps it.
pub enum Tile {
    Ready {
        texture: TextureHandle,
        bounds: geo::Rect<f64>,
    },
    /// Could not be read: not asked for again while cached.
    Failed,
}

/// One raster basemap: its source, its worker and its tiles.
pub struct RasterView {
    pub path: PathBuf,
    /// The officer said a raster without a CRS is in the working CRS.
    pub assume_working_crs: bool,
    worker: Option<TileWorker<TileKey, RasterInfo, TileImage>>,
    pub info: Option<RasterInfo>,
    /// Why it cannot be shown (no CRS, not a raster …).
    pub error: Option<String>,
    cache: TileCache<TileKey, Tile>,
    uploads: VecDeque<(TileKey, TileImage)>,
    /// Tiles drawn in the last frame.
    pub drawn: Cell<usize>,
    /// Tiles read so far (test and status line).
    pub tiles_received: usize,
    overview_job: Option<Receiver<Result<usize, String>>>,
    pub overview_message: Option<String>,
    serial: u64,
}

static SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl RasterView {
    pub fn new(path: PathBuf, assume_working_crs: bool) -> Self {
        Self {
            path,
            assume_working_crs,
            worker: None,
            info: None,
            error: None,
            cache: TileCache::new(TILE_CACHE_CAPACITY),
            uploads: VecDeque::new(),
            drawn: Cell::new(0),
            tiles_received: 0,
            overview_job: None,
            overview_message: None,
            serial: SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Starts the worker if needed, takes in what it read and uploads a few ready tiles. Called once a frame.
    pub fn prepare(&mut self, ctx: &egui::Context, working: WorkingCrs) {
        self.poll_overview_job();
        if self.worker.is_none() && self.error.is_none() {
            let path = self.path.clone();
            let opts = RasterOptions {
                assume_working_crs: self.assume_working_crs,
            };
            let repaint = ctx.clone();
            let spawned = TileWorker::spawn(
                "basemap-raster",
                move || {
                    let r = RasterReader::open(&path, working, opts)?;
                    let info = r.info().clone();
                    Ok((r, info))
                },
                |r: &mut RasterReader, k: &TileKey| r.read_tile(*k),
                move || repaint.request_repaint(),
            );
            match spawned {
                Ok(w) => self.worker = Some(w),
                Err(e) => self.error = Some(format!("{e:#}")),
            }
        }
        if let Some(w) = &self.worker {
            for m in w.poll() {
                match m {
                    WorkerMsg::Opened(info) => self.info = Some(info),
                    WorkerMsg::Failed(e) => self.error = Some(e),
                    WorkerMsg::Tile(k, Ok(img)) => {
                        self.tiles_received += 1;
                        self.uploads.push_back((k, img));
                    }
                    WorkerMsg::Tile(k, Err(_)) => self.cache.insert(k, Tile::Failed),
                }
            }
        }
        if self.error.is_some() {
            self.worker = None;
        }
        let Some(info) = &self.info else { return };
        for _ in 0..UPLOADS_PER_FRAME {
            let Some((k, img)) = self.uploads.pop_front() else {
                break;
            };
            let Some(level) = info.levels.levels.get(k.level) else {
                continue;
            };
            let bounds = tile_bounds(&info.grid, level, k);
            let image = ColorImage::from_rgba_unmultiplied(img.size, &img.rgba);
            let texture = ctx.load_texture(
                format!("basemap-{}-{}-{}-{}", self.serial, k.level, k.col, k.row),
                image,
                TextureOptions::LINEAR,
            );
            self.cache.insert(k, Tile::Ready { texture, bounds });
        }
        if !self.uploads.is_empty() {
            ctx.request_repaint();
        }
    }

    /// Draws the tiles it has for the view and asks the worker for the missing ones, nearest the centre first.
    pub fn draw(&self, painter: &Painter, tf: &ScreenFromWorld, opacity: f32) {
        self.drawn.set(0);
        let (Some(info), Some(worker)) = (&self.info, &self.worker) else {
            return;
        };
        let levels = &info.levels.levels;
        let ppp = f64::from(painter.ctx().pixels_per_point());
        let m_per_px = 1.0 / (tf.px_per_m * ppp);
        let mut li = choose_level(&info.grid, levels, m_per_px);
        // Large without overviews: full-resolution tiles only when zoomed in close, else the one coarse level.
        if info.levels.needs_overviews && li == 0 && info.grid.pixel.0 * 2.0 < m_per_px {
            li = levels.len() - 1;
        }
        let Some(level) = levels.get(li) else { return };
        let view = tf.visible_world();
        let keys = tiles_in_view(&info.grid, level, li, view);
        let mut missing = Vec::new();
        let mut under: Vec<TileKey> = Vec::new();
        let mut ready = Vec::new();
        for k in &keys {
            match self.cache.get(k) {
                Some(Tile::Ready { .. }) => ready.push(*k),
                Some(Tile::Failed) => {}
                None => {
                    missing.push(*k);
                    // A coarser tile already read stands in until this one comes.
                    let c = tile_bounds(&info.grid, level, *k).center();
                    let dot = geo::Rect::new(c, c);
                    let coarser = (li + 1..levels.len()).find_map(|l2| {
                        tiles_in_view(&info.grid, &levels[l2], l2, dot)
                            .into_iter()
                            .next()
                            .filter(|k2| matches!(self.cache.get(k2), Some(Tile::Ready { .. })))
                    });
                    if let Some(k2) = coarser
                        && !under.contains(&k2)
                    {
                        under.push(k2);
                    }
                }
            }
        }
        // Until the coarsest level is in, ask for it too: a few tiles that cover everything.
        if !missing.is_empty() && li + 1 < levels.len() {
            let top = levels.len() - 1;
            for k in tiles_in_view(&info.grid, &levels[top], top, view) {
                if !self.cache.contains(&k) {
                    missing.insert(0, k);
                }
            }
        }
        worker.want(missing);
        let tint = Color32::WHITE.gamma_multiply(opacity.clamp(0.0, 1.0));
        let uv = egui::Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
        let mut n = 0;
        for k in under.iter().chain(ready.iter()) {
            if let Some(Tile::Ready { texture, bounds }) = self.cache.get(k) {
                let a = tf.to_screen(geo::Coord {
                    x: bounds.min().x,
                    y: bounds.max().y,
                });
                let b = tf.to_screen(geo::Coord {
                    x: bounds.max().x,
                    y: bounds.min().y,
                });
                painter.image(texture.id(), egui::Rect::from_min_max(a, b), uv, tint);
                n += 1;
            }
        }
        self.drawn.set(n);
    }

    /// The world extent, once open.
    pub fn extent(&self) -> Option<geo::Rect<f64>> {
        self.info.as_ref().map(|i| i.grid.extent())
    }

    /// Tiles being read.
    pub fn busy(&self) -> bool {
        self.worker.as_ref().is_some_and(|w| w.busy()) || !self.uploads.is_empty()
    }

    /// Opens it again (after the officer said "treat as working CRS", or after overviews were built).
    pub fn reopen(&mut self) {
        self.worker = None;
        self.info = None;
        self.error = None;
        self.cache.clear();
        self.uploads.clear();
    }

    /// Builds GDAL overviews on a thread of its own; the raster is reopened when they are done.
    pub fn start_build_overviews(&mut self, ctx: &egui::Context) {
        if self.overview_job.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let path = self.path.clone();
        let repaint = ctx.clone();
        let started = std::thread::Builder::new()
            .name("build-overviews".into())
            .spawn(move || {
                let r = crate::io::raster::build_overviews(&path).map_err(|e| format!("{e:#}"));
                let _ = tx.send(r);
                repaint.request_repaint();
            });
        match started {
            Ok(_) => self.overview_job = Some(rx),
            Err(e) => self.overview_message = Some(format!("{e}")),
        }
    }

    pub fn building_overviews(&self) -> bool {
        self.overview_job.is_some()
    }

    fn poll_overview_job(&mut self) {
        let Some(rx) = &self.overview_job else { return };
        match rx.try_recv() {
            Ok(Ok(n)) => {
                self.overview_job = None;
                self.overview_message = Some(format!("{n}"));
                self.reopen();
            }
            Ok(Err(e)) => {
                self.overview_job = None;
                self.overview_message = Some(e);
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.overview_job = None,
        }
    }
}
