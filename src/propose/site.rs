//! 智能选址: a red line of about the required size grown from a point, taking in as much stock as it can, never
//! 永久基本农田 or 生态保护红线, never the outside of the 城镇开发边界 unless clause (十一) allows the project there, and
//! 耕地 as little as it can (clause 一).
//!
//! A raster method (docs/propose.md says why): the window around the point is cut into square cells; each cell's
//! centre is classified once (blocked, stock, 耕地, other); the red line grows from the free cell nearest the point,
//! always taking the cheapest cell on its edge, where the price is the cell's cost plus its distance from the seed in
//! units of the red line's own radius (so cheap land a little farther out wins over dear land next door, but the
//! shape stays compact). The cells are then joined into one polygon.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use geo::{Contains, Coord, MultiPolygon, Point, Rect, polygon};
use thiserror::Error;

use crate::controls::{ControlLayer, ControlLayers, LandCatalogue, Role};
use crate::geometry::{GeometryError, guarded_union};
use crate::library::StockLibrary;
use crate::model::{Area, ParcelStatus};

/// Cells per side at most: bounds the work of one proposal.
const MAX_SIDE: usize = 240;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Farmland,
    Redline,
    OutsideBoundary,
    Stock,
    Cultivated,
    Other,
}

/// What the site may and may not take.
pub struct SiteGround<'a> {
    pub lib: &'a StockLibrary,
    pub layers: &'a ControlLayers,
    pub catalogue: &'a LandCatalogue,
    /// Clause (十一) allows the project's category outside the 城镇开发边界.
    pub outside_boundary_allowed: bool,
    pub cell_m: f64,
    pub cultivated_cost: f64,
}

/// Why no red line of the size fits.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SiteError {
    #[error(
        "从该点最多可连片选址 {reachable_mu:.2} 亩，还差 {missing_mu:.2} 亩：周边被永久基本农田 {farmland_mu:.2} 亩、生态保护红线 {redline_mu:.2} 亩、城镇开发边界外 {outside_mu:.2} 亩挡住 / at most {reachable_mu:.2} mu can be reached from the point, {missing_mu:.2} mu short: blocked by permanent farmland {farmland_mu:.2} mu, the ecological red line {redline_mu:.2} mu, outside the development boundary {outside_mu:.2} mu"
    )]
    NoRoom {
        reachable_mu: f64,
        missing_mu: f64,
        farmland_mu: f64,
        redline_mu: f64,
        outside_mu: f64,
    },
    #[error(transparent)]
    Geometry(#[from] GeometryError),
}

/// A grown red line and what its cells were.
#[derive(Debug, Clone, PartialEq)]
pub struct GrownSite {
    pub footprint: MultiPolygon<f64>,
    /// The cell the growth started from (its centre).
    pub seed: Coord<f64>,
    pub cells: usize,
    pub stock_cells: usize,
    pub cultivated_cells: usize,
}

fn in_layer(layer: &ControlLayer, p: Coord<f64>) -> Option<&str> {
    let pt = Point::from(p);
    layer
        .query_rect(Rect::new(p, p))
        .filter_map(|i| layer.feature(i))
        .find(|f| f.geometry.contains(&pt))
        .map(|f| f.code.as_str())
}

fn classify(g: &SiteGround<'_>, p: Coord<f64>) -> Cell {
    let any = |role: Role| g.layers.of(role).any(|l| in_layer(l, p).is_some());
    if any(Role::PermanentFarmland) {
        return Cell::Farmland;
    }
    if any(Role::EcologicalRedline) {
        return Cell::Redline;
    }
    if !g.outside_boundary_allowed && g.layers.has(Role::DevelopmentBoundary) && !any(Role::DevelopmentBoundary) {
        return Cell::OutsideBoundary;
    }
    let pt = Point::from(p);
    let on_stock = g.lib.query_rect(Rect::new(p, p)).any(|i| {
        g.lib
            .parcel(i)
            .is_some_and(|q| q.status == ParcelStatus::Available && q.geometry.contains(&pt))
    });
    if on_stock {
        return Cell::Stock;
    }
    let cultivated = g
        .layers
        .of(Role::LandSurvey)
        .any(|l| in_layer(l, p).is_some_and(|code| g.catalogue.is_cultivated(code)));
    if cultivated { Cell::Cultivated } else { Cell::Other }
}

/// Grows a red line of at least `required_m2` (less than one cell more) from `at`.
pub fn grow_site(g: &SiteGround<'_>, at: Coord<f64>, required_m2: f64) -> Result<GrownSite, SiteError> {
    let c = g.cell_m;
    let need = (required_m2 / (c * c)).ceil().max(1.0) as usize;
    // Room for the red line and some choice around it.
    let side = (((need as f64).sqrt() * 4.0).ceil() as usize).clamp(8, MAX_SIDE);
    let half = side as f64 * c / 2.0;
    let origin = Coord {
        x: at.x - half,
        y: at.y - half,
    };
    let centre = |i: usize, j: usize| Coord {
        x: origin.x + (i as f64 + 0.5) * c,
        y: origin.y + (j as f64 + 0.5) * c,
    };
    let cells: Vec<Cell> = (0..side * side)
        .map(|k| classify(g, centre(k % side, k / side)))
        .collect();
    let blocked = |k: usize| matches!(cells[k], Cell::Farmland | Cell::Redline | Cell::OutsideBoundary);
    let d2 = |k: usize| {
        let p = centre(k % side, k / side);
        (p.x - at.x).powi(2) + (p.y - at.y).powi(2)
    };
    let Some(seed) = (0..cells.len())
        .filter(|&k| !blocked(k))
        .min_by(|&a, &b| d2(a).total_cmp(&d2(b)))
    else {
        return Err(no_room(&cells, 0, need, c));
    };
    let radius_cells = ((need as f64) / std::f64::consts::PI).sqrt().max(1.0);
    let (si, sj) = ((seed % side) as f64, (seed / side) as f64);
    let price = |k: usize| {
        let cost = match cells[k] {
            Cell::Stock => 0.0,
            Cell::Cultivated => g.cultivated_cost,
            _ => 1.0,
        };
        let dist = (((k % side) as f64 - si).powi(2) + ((k / side) as f64 - sj).powi(2)).sqrt() / radius_cells;
        // Whole micro-units keep the heap's order total and the same on every machine.
        ((cost + dist) * 1e6) as u64
    };
    let mut taken = vec![false; cells.len()];
    let mut queued = vec![false; cells.len()];
    let mut heap = BinaryHeap::from([Reverse((price(seed), seed))]);
    queued[seed] = true;
    let mut chosen = Vec::with_capacity(need);
    while chosen.len() < need {
        let Some(Reverse((_, k))) = heap.pop() else { break };
        taken[k] = true;
        chosen.push(k);
        let (i, j) = (k % side, k / side);
        let around = [
            (i > 0).then(|| k - 1),
            (i + 1 < side).then(|| k + 1),
            (j > 0).then(|| k - side),
            (j + 1 < side).then(|| k + side),
        ];
        for n in around.into_iter().flatten() {
            if !queued[n] && !blocked(n) {
                queued[n] = true;
                heap.push(Reverse((price(n), n)));
            }
        }
    }
    if chosen.len() < need {
        return Err(no_room(&cells, chosen.len(), need, c));
    }
    let footprint = join(&taken, side, origin, c)?;
    Ok(GrownSite {
        footprint,
        seed: centre(seed % side, seed / side),
        cells: chosen.len(),
        stock_cells: chosen.iter().filter(|&&k| cells[k] == Cell::Stock).count(),
        cultivated_cells: chosen.iter().filter(|&&k| cells[k] == Cell::Cultivated).count(),
    })
}

fn no_room(cells: &[Cell], reached: usize, need: usize, c: f64) -> SiteError {
    let mu = |n: usize| Area::from_m2(n as f64 * c * c).mu();
    let count = |x: Cell| cells.iter().filter(|&&k| k == x).count();
    SiteError::NoRoom {
        reachable_mu: mu(reached),
        missing_mu: mu(need - reached.min(need)),
        farmland_mu: mu(count(Cell::Farmland)),
        redline_mu: mu(count(Cell::Redline)),
        outside_mu: mu(count(Cell::OutsideBoundary)),
    }
}

/// The taken cells as one polygon: runs of each row as rectangles, the rows joined.
fn join(taken: &[bool], side: usize, origin: Coord<f64>, c: f64) -> Result<MultiPolygon<f64>, GeometryError> {
    let mut out = MultiPolygon::<f64>(vec![]);
    for j in 0..side {
        let mut row = Vec::new();
        let mut i = 0;
        while i < side {
            if !taken[j * side + i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < side && taken[j * side + i] {
                i += 1;
            }
            // Local coordinates keep the union's arithmetic exact on the cell grid.
            let (x0, x1) = (start as f64 * c, i as f64 * c);
            let (y0, y1) = (j as f64 * c, (j + 1) as f64 * c);
            row.push(polygon![(x: x0, y: y0), (x: x1, y: y0), (x: x1, y: y1), (x: x0, y: y1)]);
        }
        if !row.is_empty() {
            out = guarded_union(&out, &MultiPolygon(row))?;
        }
    }
    Ok(crate::geometry::LocalFrame::new(origin).to_world(&out))
}
