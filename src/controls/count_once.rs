//! Counting each square metre once where features of one role overlap under the polygon. A clean layer (the usual
//! case) is recognised without a boolean operation: `geometry::proven_apart` on the features' own rings, whose
//! shared edges cancel. Only when that proof fails are the shares made as shapes, and the overlap taken out as
//! before: one union to confirm, then pair by pair, each overlap reported.

use geo::{Area as _, BooleanOps, BoundingRect, MultiPolygon, Rect};

use super::layer::{ControlLayers, Role};
use super::piece::{NOISE_M2, OverlapNote, Piece, overlay_failure};
use super::problem::{LayerProblem, Outcome};
use crate::geometry::{GeometryError, LocalFrame, guarded, guarded_intersection, proven_apart};
use crate::model::Area;

/// Takes out of each piece what earlier pieces of the same role already cover, and notes each overlap.
pub(super) fn count_once<'a>(
    layers: &ControlLayers,
    role: Role,
    pieces: Vec<Piece<'a>>,
    frame: &LocalFrame,
    local: &MultiPolygon<f64>,
    notes: &mut Vec<OverlapNote>,
    problems: &mut Vec<LayerProblem>,
) -> Vec<Piece<'a>> {
    if pieces.len() < 2 || proven_apart(pieces.iter().map(|p| &p.feature.geometry)) {
        return pieces;
    }
    let source = |li: usize| layers.layers.get(li).map(|l| l.source.clone()).unwrap_or_default();
    // The shares as shapes: what the pieces would have been from a boolean intersection.
    let mut pieces: Vec<Piece<'a>> = pieces
        .into_iter()
        .filter_map(|mut p| {
            if p.geom.is_none() {
                let world = frame.to_local(&p.feature.geometry);
                let g = if p.whole {
                    world
                } else {
                    match guarded_intersection(&world, local) {
                        Ok(g) => g,
                        Err(e) => {
                            problems.push(overlay_failure(&source(p.layer), p.feature, e));
                            return None;
                        }
                    }
                };
                p.m2 = g.unsigned_area();
                p.bbox = g.bounding_rect();
                p.geom = Some(g);
            }
            (p.m2 > NOISE_M2).then_some(p)
        })
        .collect();
    if pieces.len() < 2 {
        return pieces;
    }
    let shape = |p: &Piece<'_>| p.geom.clone().unwrap_or_else(|| MultiPolygon(Vec::new()));
    let sum: f64 = pieces.iter().map(|p| p.m2).sum();
    let union = guarded(|| geo::unary_union(pieces.iter().filter_map(|p| p.geom.as_ref())).unsigned_area());
    match union {
        Ok(u) if sum - u <= NOISE_M2 => return pieces,
        Ok(_) => {}
        Err(e) => problems.push(LayerProblem::new(
            role.zh(),
            None,
            Outcome::Kept,
            format!("合并检查失败，逐对检查重叠：{e}"),
            format!("union check failed, overlaps checked pair by pair: {e}"),
        )),
    }
    let originals: Vec<(MultiPolygon<f64>, Option<Rect<f64>>)> = pieces.iter().map(|p| (shape(p), p.bbox)).collect();
    for i in 1..pieces.len() {
        for j in 0..i {
            let (gj, bj) = &originals[j];
            if !boxes_meet(pieces[i].bbox, *bj) {
                continue;
            }
            let shared = match guarded_intersection(&originals[i].0, gj) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(overlap_failure(&source(pieces[i].layer), &pieces[i], e));
                    continue;
                }
            };
            let a = shared.unsigned_area();
            if a <= NOISE_M2 {
                continue;
            }
            notes.push(OverlapNote {
                role,
                layer: source(pieces[i].layer),
                first: pieces[j].feature.id.clone(),
                second: pieces[i].feature.id.clone(),
                area: Area::from_m2(a),
            });
            let current = shape(&pieces[i]);
            let rest = guarded(|| current.difference(gj));
            match rest {
                Ok(r) => {
                    pieces[i].m2 = r.unsigned_area();
                    pieces[i].bbox = r.bounding_rect();
                    pieces[i].geom = Some(r);
                }
                Err(e) => problems.push(overlap_failure(&source(pieces[i].layer), &pieces[i], e)),
            }
        }
    }
    pieces.retain(|p| p.m2 > NOISE_M2);
    pieces
}

fn overlap_failure(layer: &str, p: &Piece<'_>, e: GeometryError) -> LayerProblem {
    LayerProblem::new(
        layer,
        Some(p.feature.id.clone()),
        Outcome::Kept,
        format!("重叠部分无法扣除，可能重复计算：{e}"),
        format!("the overlap could not be taken out and may count twice: {e}"),
    )
}

fn boxes_meet(a: Option<Rect<f64>>, b: Option<Rect<f64>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.min().x <= b.max().x && b.min().x <= a.max().x && a.min().y <= b.max().y && b.min().y <= a.max().y
        }
        _ => false,
    }
}
