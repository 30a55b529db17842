//! The optional online basemap (XYZ / WMTS tiles such as 天地图), off until the officer adds it. Tiles are fetched
//! on a worker with a short timeout ([`crate::io::xyz_tiles`]) and drawn as meshes bent from Web Mercator onto the
//! working CRS. A server that does not answer leaves tiles missing and one quiet note; the map never waits.

use std::cell::Cell;
use std::collections::VecDeque;

use egui::{Color32, ColorImage, Mesh, Painter, TextureHandle, TextureOptions, pos2};

use super::tile_cache::{TILE_CACHE_CAPACITY, TileCache};
use super::view::ScreenFromWorld;
use crate::geometry::tiles::{XyzKey, xyz_tiles, xyz_zoom};
use crate::io::crs::WorkingCrs;
use crate::io::tile_worker::{TileWorker, WorkerMsg};
use crate::io::xyz_tiles::{MESH_SIDE, ToMercator, XyzFetcher, XyzTile, tile_key};

enum Tile {
    Ready {
        texture: TextureHandle,
        mesh: Vec<geo::Coord<f64>>,
    },
    Failed,
}

/// One online tile layer.
pub struct XyzView {
    /// URL template with `{z}/{x}/{y}`, `{s}` and `{key}` (the key itself is never in it).
    pub template: String,
    pub max_zoom: u8,
    /// A key typed in this session (not saved); else the environment or the user's config file.
    pub session_key: Option<String>,
    worker: Option<TileWorker<XyzKey, (), XyzTile>>,
    to_mercator: Option<ToMercator>,
    cache: TileCache<XyzKey, Tile>,
    uploads: VecDeque<(XyzKey, XyzTile)>,
    pub drawn: Cell<usize>,
    pub tiles_received: usize,
    pub tiles_failed: usize,
    /// One quiet note when tiles fail (unreachable server, wrong key …).
    pub note: Option<String>,
    pub error: Option<String>,
    serial: u64,
}

static SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl XyzView {
    pub fn new(template: String, max_zoom: u8) -> Self {
        Self {
            template,
            max_zoom,
            session_key: None,
            worker: None,
            to_mercator: None,
            cache: TileCache::new(TILE_CACHE_CAPACITY),
            uploads: VecDeque::new(),
            drawn: Cell::new(0),
            tiles_received: 0,
            tiles_failed: 0,
            note: None,
            error: None,
            serial: SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    pub fn prepare(&mut self, ctx: &egui::Context, working: WorkingCrs) {
        if self.worker.is_none() && self.error.is_none() {
            let template = self.template.clone();
            let key = self.session_key.clone().or_else(tile_key);
            let repaint = ctx.clone();
            let spawned = TileWorker::spawn(
                "basemap-xyz",
                move || Ok((XyzFetcher::new(&template, key, working)?, ())),
                |f: &mut XyzFetcher, k: &XyzKey| f.fetch(*k),
                move || repaint.request_repaint(),
            );
            match (spawned, ToMercator::new(working)) {
                (Ok(w), Ok(m)) => {
                    self.worker = Some(w);
                    self.to_mercator = Some(m);
                }
                (Err(e), _) | (_, Err(e)) => self.error = Some(format!("{e:#}")),
            }
        }
        if let Some(w) = &self.worker {
            for m in w.poll() {
                match m {
                    WorkerMsg::Opened(()) => {}
                    WorkerMsg::Failed(e) => self.error = Some(e),
                    WorkerMsg::Tile(k, Ok(t)) => {
                        self.tiles_received += 1;
                        self.uploads.push_back((k, t));
                    }
                    WorkerMsg::Tile(k, Err(e)) => {
                        self.tiles_failed += 1;
                        if self.note.is_none() {
                            self.note = Some(e);
                        }
                        self.cache.insert(k, Tile::Failed);
                    }
                }
            }
        }
        for _ in 0..super::basemap::UPLOADS_PER_FRAME {
            let Some((k, t)) = self.uploads.pop_front() else { break };
            let image = ColorImage::from_rgba_unmultiplied(t.image.size, &t.image.rgba);
            let texture = ctx.load_texture(
                format!("xyz-{}-{}-{}-{}", self.serial, k.z, k.x, k.y),
                image,
                TextureOptions::LINEAR,
            );
            self.cache.insert(k, Tile::Ready { texture, mesh: t.mesh });
        }
        if !self.uploads.is_empty() {
            ctx.request_repaint();
        }
    }

    pub fn draw(&self, painter: &Painter, tf: &ScreenFromWorld, opacity: f32) {
        self.drawn.set(0);
        let (Some(worker), Some(merc)) = (&self.worker, &self.to_mercator) else {
            return;
        };
        let view = tf.visible_world();
        let Some(mv) = merc.rect(view) else { return };
        // Mercator metres per screen pixel: the view's width in Mercator over its width in pixels.
        let ppp = f64::from(painter.ctx().pixels_per_point());
        let px = f64::from(tf.screen.width()) * ppp;
        let z = xyz_zoom(mv.width() / px.max(1.0), self.max_zoom);
        let keys = xyz_tiles(mv, z);
        let mut missing = Vec::new();
        let tint = Color32::WHITE.gamma_multiply(opacity.clamp(0.0, 1.0));
        let mut n = 0;
        for k in &keys {
            match self.cache.get(k) {
                Some(Tile::Ready { texture, mesh }) => {
                    painter.add(bent_mesh(texture, mesh, tf, tint));
                    n += 1;
                }
                Some(Tile::Failed) => {}
                None => missing.push(*k),
            }
        }
        worker.want(missing);
        self.drawn.set(n);
    }
}

/// A tile as a mesh of MESH_SIDE² points at their working-CRS positions, so Web Mercator bends onto the map.
fn bent_mesh(texture: &TextureHandle, mesh: &[geo::Coord<f64>], tf: &ScreenFromWorld, tint: Color32) -> Mesh {
    let mut m = Mesh::with_texture(texture.id());
    let side = MESH_SIDE;
    for (i, c) in mesh.iter().enumerate() {
        let (r, col) = (i / side, i % side);
        let uv = pos2(col as f32 / (side - 1) as f32, 1.0 - r as f32 / (side - 1) as f32);
        m.vertices.push(egui::epaint::Vertex {
            pos: tf.to_screen(*c),
            uv,
            color: tint,
        });
    }
    for r in 0..side - 1 {
        for c in 0..side - 1 {
            let a = (r * side + c) as u32;
            let b = a + 1;
            let d = a + side as u32;
            let e = d + 1;
            m.add_triangle(a, b, e);
            m.add_triangle(a, e, d);
        }
    }
    m
}
