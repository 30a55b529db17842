//! A reference vector layer on the map (roads, rivers, village points): read on a thread of its own
//! ([`crate::io::reference_layer`]), drawn simply — points as dots, lines as lines, polygons as outlines — with
//! labels from one field where there is room for them.

use std::cell::Cell;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

use egui::{Align2, Color32, FontId, Painter, Shape, Stroke};
use geo::{Geometry, InteriorPoint};

use super::view::ScreenFromWorld;
use crate::io::crs::WorkingCrs;
use crate::io::reference_layer::{ReferenceLayer, read_reference_layer};

/// Colours given to reference layers in turn: road brown, river blue, village purple, grey.
pub const REFERENCE_COLOURS: [Color32; 4] = [
    Color32::from_rgb(170, 105, 40),
    Color32::from_rgb(40, 110, 200),
    Color32::from_rgb(130, 60, 150),
    Color32::from_rgb(90, 90, 90),
];

/// Features drawn per frame at most; a city-wide road net zoomed out shows the first ones.
const MAX_FEATURES_PER_FRAME: usize = 20_000;
/// Labels need a free cell of this many points (wide, high).
const LABEL_CELL: (f32, f32) = (90.0, 22.0);

pub struct ReferenceView {
    pub path: PathBuf,
    pub layer: Option<String>,
    pub label_field: Option<String>,
    pub colour: Color32,
    pub loaded: Option<ReferenceLayer>,
    pub error: Option<String>,
    job: Option<Receiver<anyhow::Result<ReferenceLayer>>>,
    pub drawn: Cell<usize>,
    pub labels_drawn: Cell<usize>,
}

impl ReferenceView {
    pub fn new(path: PathBuf, layer: Option<String>, label_field: Option<String>, colour: Color32) -> Self {
        Self {
            path,
            layer,
            label_field,
            colour,
            loaded: None,
            error: None,
            job: None,
            drawn: Cell::new(0),
            labels_drawn: Cell::new(0),
        }
    }

    /// Starts the read once; takes in its answer.
    pub fn prepare(&mut self, ctx: &egui::Context, working: WorkingCrs) {
        if self.loaded.is_none() && self.error.is_none() && self.job.is_none() {
            let (tx, rx) = channel();
            let (path, layer, field, repaint) = (
                self.path.clone(),
                self.layer.clone(),
                self.label_field.clone(),
                ctx.clone(),
            );
            let started = std::thread::Builder::new()
                .name("reference-layer".into())
                .spawn(move || {
                    let _ = tx.send(read_reference_layer(&path, layer.as_deref(), field.as_deref(), working));
                    repaint.request_repaint();
                });
            match started {
                Ok(_) => self.job = Some(rx),
                Err(e) => self.error = Some(e.to_string()),
            }
        }
        if let Some(rx) = &self.job
            && let Ok(r) = rx.try_recv()
        {
            self.job = None;
            match r {
                Ok(l) => {
                    self.label_field = l.label_field.clone();
                    self.loaded = Some(l);
                }
                Err(e) => self.error = Some(format!("{e:#}")),
            }
        }
    }

    /// Reads it again (after the label field changed).
    pub fn reload(&mut self) {
        self.loaded = None;
        self.error = None;
        self.job = None;
    }

    pub fn draw(&self, painter: &Painter, tf: &ScreenFromWorld, show_labels: bool) {
        self.drawn.set(0);
        self.labels_drawn.set(0);
        let Some(l) = &self.loaded else { return };
        let view = tf.visible_world();
        let stroke = Stroke::new(1.5, self.colour);
        let mut taken: std::collections::HashSet<(i32, i32)> = Default::default();
        let (mut n, mut labels) = (0, 0);
        for f in &l.features {
            if n >= MAX_FEATURES_PER_FRAME {
                break;
            }
            let Some(b) = f.bbox else { continue };
            if b.max().x < view.min().x
                || b.min().x > view.max().x
                || b.max().y < view.min().y
                || b.min().y > view.max().y
            {
                continue;
            }
            draw_geometry(painter, tf, &f.geometry, stroke);
            n += 1;
            let (Some(text), true) = (&f.label, show_labels) else {
                continue;
            };
            let at = match &f.geometry {
                Geometry::LineString(ls) => middle(&ls.0),
                Geometry::MultiLineString(m) => m.0.first().and_then(|ls| middle(&ls.0)),
                g => g.interior_point().map(|p| p.0),
            };
            let Some(at) = at else { continue };
            let p = tf.to_screen(at);
            if !tf.screen.contains(p) {
                continue;
            }
            let cell = ((p.x / LABEL_CELL.0) as i32, (p.y / LABEL_CELL.1) as i32);
            if !taken.insert(cell) {
                continue;
            }
            painter.text(
                p + egui::vec2(4.0, -4.0),
                Align2::LEFT_BOTTOM,
                text,
                FontId::proportional(12.0),
                self.colour,
            );
            labels += 1;
        }
        self.drawn.set(n);
        self.labels_drawn.set(labels);
    }
}

/// The middle of a line's middle segment (a two-point road is labelled half-way).
fn middle(pts: &[geo::Coord<f64>]) -> Option<geo::Coord<f64>> {
    let i = (pts.len() / 2).max(1);
    let (a, b) = (pts.get(i - 1)?, pts.get(i)?);
    Some(geo::Coord {
        x: (a.x + b.x) / 2.0,
        y: (a.y + b.y) / 2.0,
    })
}

fn draw_geometry(painter: &Painter, tf: &ScreenFromWorld, g: &Geometry<f64>, stroke: Stroke) {
    let line = |pts: &[geo::Coord<f64>]| Shape::line(pts.iter().map(|c| tf.to_screen(*c)).collect(), stroke);
    match g {
        Geometry::Point(p) => {
            painter.circle(tf.to_screen(p.0), 3.5, stroke.color, Stroke::new(1.0, Color32::WHITE));
        }
        Geometry::MultiPoint(m) => {
            for p in &m.0 {
                painter.circle(tf.to_screen(p.0), 3.5, stroke.color, Stroke::new(1.0, Color32::WHITE));
            }
        }
        Geometry::LineString(ls) => {
            painter.add(line(&ls.0));
        }
        Geometry::MultiLineString(m) => {
            for ls in &m.0 {
                painter.add(line(&ls.0));
            }
        }
        Geometry::Polygon(p) => {
            for r in std::iter::once(p.exterior()).chain(p.interiors()) {
                painter.add(line(&r.0));
            }
        }
        Geometry::MultiPolygon(m) => {
            for p in &m.0 {
                for r in std::iter::once(p.exterior()).chain(p.interiors()) {
                    painter.add(line(&r.0));
                }
            }
        }
        Geometry::GeometryCollection(c) => {
            for g in &c.0 {
                draw_geometry(painter, tf, g, stroke);
            }
        }
        Geometry::Line(l) => {
            painter.add(line(&[l.start, l.end]));
        }
        Geometry::Rect(r) => {
            painter.add(line(&r.to_polygon().exterior().0));
        }
        Geometry::Triangle(t) => {
            painter.add(line(&t.to_polygon().exterior().0));
        }
    }
}
