//! 整合归并 (clause 四): when no single parcel is big enough, groups of adjacent or near parcels whose total fits.

use std::collections::HashSet;

use geo::{Coord, Rect};

use super::context::{Assessed, Context};
use super::prepared::parcel_gap;
use super::rank::Facts;
use super::size_fit::{SizeClass, size_fit};
use crate::library::ParcelIdx;
use crate::model::Area;

/// Grows a group from each of the best too-small candidates: repeatedly add the admitted neighbour (gap ≤
/// `max_gap_m`) that brings the total nearest the requirement without passing the band's top, until the total
/// reaches the band. Groups that reach it are returned, each once.
pub(crate) fn merge_groups(ctx: &Context<'_>, pool: &[Assessed]) -> Vec<Assessed> {
    let rules = ctx.rules;
    let m = rules.merge;
    if m.max_parcels < 2 || m.max_groups == 0 {
        return Vec::new();
    }
    let required = ctx.req.area;
    let lo = required.m2() * rules.size_band.min_ratio;
    let hi = required.m2() * rules.size_band.max_ratio;
    let mut seeds: Vec<&Assessed> = pool
        .iter()
        .filter(|a| a.parcels.len() == 1 && a.facts.size.class == SizeClass::TooSmall)
        .collect();
    // Ids, not library positions, break ties: the same parcels loaded in another order give the same groups.
    let id = |a: &Assessed| ctx.lib.parcel(a.parcels[0]).map(|p| p.id.as_str()).unwrap_or("");
    seeds.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| id(a).cmp(id(b))));
    let mut seen: HashSet<Vec<ParcelIdx>> = HashSet::new();
    let mut out = Vec::new();
    for seed in seeds.into_iter().take(m.max_groups * 4) {
        if out.len() >= m.max_groups {
            break;
        }
        let Some(group) = grow(ctx, seed.parcels[0], lo, hi) else {
            continue;
        };
        let mut key = group.clone();
        key.sort_unstable();
        if !seen.insert(key) {
            continue;
        }
        out.push(assess_group(ctx, group, required));
    }
    out
}

fn grow(ctx: &Context<'_>, seed: ParcelIdx, lo: f64, hi: f64) -> Option<Vec<ParcelIdx>> {
    let lib = ctx.lib;
    let gap = ctx.rules.merge.max_gap_m;
    let mut group = vec![seed];
    let mut total = lib.parcel(seed)?.area.m2();
    let mut frontier: Vec<(ParcelIdx, f64)> = Vec::new();
    let mut known: HashSet<ParcelIdx> = HashSet::from([seed]);
    let mut newest = seed;
    while total < lo && group.len() < ctx.rules.merge.max_parcels {
        let member = lib.parcel(newest)?;
        if let Some(b) = member.bbox() {
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
                if !known.insert(j) {
                    continue;
                }
                let Some(p) = lib.parcel(j) else { continue };
                // Only parcels that could host the project's use themselves (clause 四 merges compatible land).
                if ctx.admit(j, p).is_none_or(|uf| uf == super::UseFit::Unfit) {
                    continue;
                }
                if parcel_gap(&member.geometry, &p.geometry) <= gap {
                    frontier.push((j, p.area.m2()));
                }
            }
        }
        // The neighbour that brings the total closest to the requirement without passing the top of the band;
        // ties by id so the result depends neither on hash order nor on the library's order.
        let target = (lo + hi) / 2.0;
        let id = |i: &ParcelIdx| lib.parcel(*i).map(|p| p.id.as_str()).unwrap_or("");
        let pick = frontier
            .iter()
            .enumerate()
            .filter(|(_, (_, a))| total + a <= hi)
            .min_by(|(_, (i, a)), (_, (j, b))| {
                ((total + a) - target)
                    .abs()
                    .total_cmp(&((total + b) - target).abs())
                    .then_with(|| id(i).cmp(id(j)))
            })
            .map(|(k, _)| k)?;
        let (j, a) = frontier.swap_remove(pick);
        group.push(j);
        total += a;
        newest = j;
    }
    (total >= lo && total <= hi && group.len() > 1).then_some(group)
}

fn assess_group(ctx: &Context<'_>, mut group: Vec<ParcelIdx>, required: Area) -> Assessed {
    let lib = ctx.lib;
    let members: Vec<_> = group.iter().filter_map(|i| lib.parcel(*i).map(|p| (*i, p))).collect();
    let area: Area = members.iter().map(|(_, p)| p.area).sum();
    let use_fit = members
        .iter()
        .filter_map(|(i, p)| ctx.admit(*i, p))
        .max()
        .unwrap_or(super::UseFit::Unfit);
    let kind = if area.m2() > 0.0 {
        members
            .iter()
            .map(|(_, p)| super::rank::kind_credit(p.kind) * p.area.m2())
            .sum::<f64>()
            / area.m2()
    } else {
        0.0
    };
    let distance_m = members
        .iter()
        .map(|(_, p)| ctx.site.distance(p))
        .fold(f64::INFINITY, f64::min);
    let same_county = members.iter().all(|(_, p)| ctx.county == Some(p.county.as_str()));
    let available = members
        .iter()
        .all(|(_, p)| p.status == crate::model::ParcelStatus::Available);
    // Largest first, then id: the order the candidate shows its parcels in.
    group.sort_by(|a, b| match (lib.parcel(*a), lib.parcel(*b)) {
        (Some(pa), Some(pb)) => pb.area.m2().total_cmp(&pa.area.m2()).then_with(|| pa.id.cmp(&pb.id)),
        _ => a.cmp(b),
    });
    let facts = Facts {
        use_fit,
        size: size_fit(area, required, ctx.rules.size_band),
        kind_credit: kind,
        distance_m,
        same_county,
        available,
        parcels: group.len(),
    };
    ctx.assess(group, area, facts)
}
