//! The parcels a combination may take: available (可供), use-fitting (clause 二, 一, 十), in the project's county
//! (属地), within the search radius of the site; with their hulls and which of them lie within the merge gap.

use std::collections::HashMap;

use geo::{BoundingRect, Coord, Rect};

use super::combination::{Piece, Problem};
use super::hull::hull_area;
use crate::library::{ParcelIdx, StockLibrary};
use crate::matching::{MatchRules, Requirement, UseFit, parcel_gap, point_distance, use_fit};
use crate::model::ParcelStatus;

/// The search's input and what it came from.
#[derive(Debug, Clone)]
pub struct Pool {
    pub problem: Problem,
    /// Library index of each piece.
    pub parcels: Vec<ParcelIdx>,
    pub fits: Vec<UseFit>,
    /// The project's county (given or found from the site), to which the pool is kept.
    pub county: Option<String>,
    /// The frame the hulls are in: world = local + origin.
    pub origin: Coord<f64>,
    /// Parcels looked at.
    pub examined: usize,
}

/// Gathers the pool for `req`.
pub fn pool(lib: &StockLibrary, req: &Requirement, rules: &MatchRules) -> Pool {
    let (county, _) = req.county_and_source(lib, rules);
    let anchor = req.anchor();
    let origin = Coord {
        x: anchor.x.floor(),
        y: anchor.y.floor(),
    };
    let radius = rules.search.radius_m;
    let mut parcels = Vec::new();
    let mut fits = Vec::new();
    let mut pieces = Vec::new();
    let mut examined = 0usize;
    for (i, d_bbox) in lib.nearest_by_bbox(anchor) {
        if d_bbox > radius || examined >= rules.search.max_examined {
            break;
        }
        examined += 1;
        let Some(p) = lib.parcel(i) else { continue };
        if p.status != ParcelStatus::Available {
            continue;
        }
        if county.as_deref().is_some_and(|c| c != p.county) {
            continue;
        }
        let fit = use_fit(&req.land_use, &p.planned_use, rules);
        if fit == UseFit::Unfit || point_distance(anchor, &p.geometry) > radius {
            continue;
        }
        let mut hull: Vec<Coord<f64>> = p
            .geometry
            .0
            .iter()
            .flat_map(|poly| poly.exterior().0.iter())
            .map(|c| Coord {
                x: c.x - origin.x,
                y: c.y - origin.y,
            })
            .collect();
        hull_area(&mut hull);
        parcels.push(i);
        fits.push(fit);
        pieces.push(Piece {
            id: p.id.clone(),
            area_m2: p.area.m2(),
            hull,
        });
    }
    let adjacent = adjacent_pairs(lib, &parcels, rules.merge.max_gap_m);
    Pool {
        problem: Problem {
            required_m2: req.area.m2(),
            top_m2: req.area.m2() * rules.size_band.max_ratio,
            pieces,
            adjacent,
        },
        parcels,
        fits,
        county,
        origin,
        examined,
    }
}

/// Pairs of the pool within `gap` metres, edge to edge (clause 四), each once as (smaller, larger) index.
fn adjacent_pairs(lib: &StockLibrary, parcels: &[ParcelIdx], gap: f64) -> Vec<(usize, usize)> {
    let at: HashMap<ParcelIdx, usize> = parcels.iter().enumerate().map(|(k, i)| (*i, k)).collect();
    let mut out = Vec::new();
    for (a, &i) in parcels.iter().enumerate() {
        let Some(p) = lib.parcel(i) else { continue };
        let Some(b) = p.geometry.bounding_rect() else { continue };
        let grown = Rect::new(
            Coord {
                x: b.min().x - gap,
                y: b.min().y - gap,
            },
            Coord {
                x: b.max().x + gap,
                y: b.max().y + gap,
            },
        );
        for j in lib.query_rect(grown) {
            let Some(&bk) = at.get(&j) else { continue };
            if bk <= a {
                continue;
            }
            if let Some(q) = lib.parcel(j)
                && parcel_gap(&p.geometry, &q.geometry) <= gap
            {
                out.push((a, bk));
            }
        }
    }
    out.sort_unstable();
    out
}
