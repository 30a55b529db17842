//! The whole match for one requirement: 套核, the single candidates found by an expanding search from the site,
//! merged groups (clause 四), ranked together.

use geo::Coord;
use serde::Serialize;

use super::context::{Assessed, Context, SiteGeom};
use super::merge::merge_groups;
use super::options::MatchOptions;
use super::overlay::{Overlay, overlay_prepared};
use super::prepared::PreparedFootprint;
use super::rank::{Candidate, CandidateClass, rank_order, reasons};
use super::requirement::{Requirement, Site};
use super::shortlist::{Shortlist, Standing};
use super::size_fit::SizeClass;
use super::{CountySource, MatchRules};
use crate::library::{ParcelIdx, StockLibrary};
use crate::model::{Area, CountyShare, Parcel, ProjectTier};

/// The answer to one requirement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchResult {
    /// The project's county, given or found from the location.
    pub county: Option<String>,
    /// How `county` was known (given, by the county outline, or by the nearest parcels).
    pub county_source: CountySource,
    /// When the red line crosses a county line: the part in each county, largest first (clause 十二: a site
    /// that does not cross 行政界线 is chosen with the local bureau, 属地参与选址; one that crosses is not).
    /// Empty when it lies in one county, or with no outlines.
    pub crosses_counties: Vec<CountyShare>,
    pub tier: ProjectTier,
    pub required: Area,
    /// 套核, when the requirement has a footprint.
    pub overlay: Option<Overlay>,
    /// Ranked, at most `MatchOptions::top`.
    pub candidates: Vec<Candidate>,
    /// Parcels looked at.
    pub examined: usize,
    /// The search stopped before its radius because no farther parcel could enter the list.
    pub stopped_early: bool,
}

/// Runs 套核 and ranks the candidates.
///
/// The search walks parcels outward from the site (`StockLibrary::nearest_boxes`) and stops as soon as `top`
/// candidates are certain: no parcel farther out can score more, because its nearness part can only be smaller.
/// On the way, a parcel whose best case (its score at its box's distance) could not enter the ranked list, the merge
/// seeds or the early stop's count is passed over without its exact distance.
pub fn match_project(lib: &StockLibrary, req: &Requirement, rules: &MatchRules, opts: &MatchOptions) -> MatchResult {
    let (county, county_source) = req.county_and_source(lib, rules);
    let crosses_counties = match (&req.site, &rules.boundaries) {
        (Site::Footprint(f), Some(b)) => b.crossing(f).unwrap_or_default(),
        _ => Vec::new(),
    };
    let (site, overlay) = match &req.site {
        Site::Footprint(f) => {
            let prep = PreparedFootprint::new(f);
            let o = overlay_prepared(lib, &prep, f);
            (SiteGeom::Footprint(prep), Some(o))
        }
        Site::Point(p) => (SiteGeom::Point(*p), None),
    };
    let anchor = req.anchor();
    let bb = req.bbox();
    // Farthest the site reaches from its anchor: bbox distance from the anchor minus this bounds the true distance.
    let reach = [
        bb.min(),
        bb.max(),
        Coord {
            x: bb.min().x,
            y: bb.max().y,
        },
        Coord {
            x: bb.max().x,
            y: bb.min().y,
        },
    ]
    .iter()
    .map(|c| ((c.x - anchor.x).powi(2) + (c.y - anchor.y).powi(2)).sqrt())
    .fold(0.0, f64::max);
    let ctx = Context::new(lib, req, rules, opts, county.as_deref(), &site);
    let radius = rules.search.radius_m;
    let best_possible = rules.max_score_without_distance();
    // Only parcels that could still enter one of these lists get their exact distance and a place in the pool:
    // the ranked list, the merge seeds (the best too-small singles, `merge_groups`), and the early stop's count.
    let mut ranked = Shortlist::new(opts.top, rules.class_first);
    let mut seeds = Shortlist::new(if opts.merge { rules.merge.max_groups * 4 } else { 0 }, false);
    let mut sure = Shortlist::new(opts.top.max(1), false);
    let mut any_single_big_enough = false;
    let mut pool: Vec<Assessed> = Vec::new();
    let mut examined = 0usize;
    let mut stopped_early = false;
    for (i, d_bbox, parcel_box) in lib.nearest_boxes(anchor) {
        let d_lb = (d_bbox - reach).max(0.0);
        if d_lb > radius || examined >= rules.search.max_examined {
            break;
        }
        if examined.is_multiple_of(32)
            && let Some(last) = sure.full_last()
            && last.score > best_possible + rules.weights.distance * (1.0 - d_lb / radius)
        {
            stopped_early = true;
            break;
        }
        examined += 1;
        // The use first: most parcels are ruled out without reading them.
        let Some(uf) = ctx.use_fit_of(i) else { continue };
        let Some(p) = lib.parcel(i).filter(|p| ctx.status_admits(p)) else {
            continue;
        };
        let size = ctx.size(p);
        let too_small = size.class == SizeClass::TooSmall;
        // The nearest the parcel can be: its box's distance from the site's box, or from the anchor less the reach.
        let near = d_lb.max(rect_gap(&bb, &parcel_box));
        let best_case = ctx.assess_parts(ctx.facts(p, uf, size, near));
        let needed = ranked.admits(best_case) || (too_small && seeds.admits(best_case));
        // `any_single_big_enough` needs the true distance of the first big-enough parcel inside the radius.
        if !needed && (too_small || any_single_big_enough) {
            continue;
        }
        let d = site.distance(p);
        if d > radius {
            continue;
        }
        any_single_big_enough |= !too_small;
        if !needed {
            continue;
        }
        let a = ctx.single(i, p, ctx.facts(p, uf, size, d));
        let standing = Standing {
            class: a.class,
            score: a.score,
        };
        ranked.add(standing);
        if too_small {
            seeds.add(standing);
        }
        if !rules.class_first || a.class == CandidateClass::DirectFirstChoice {
            sure.add(standing);
        }
        pool.push(a);
    }
    if opts.merge && !(rules.merge.only_when_no_single_fits && any_single_big_enough) {
        let groups = merge_groups(&ctx, &pool);
        pool.extend(groups);
    }
    // Rank before the candidates are made: only the top ones need their ids and words.
    let id = |i: &ParcelIdx| lib.parcel(*i).map_or("", |p| p.id.as_str());
    pool.sort_by(|a, b| {
        rank_order(a.class, a.score, b.class, b.score, rules)
            .then_with(|| a.parcels.iter().map(id).cmp(b.parcels.iter().map(id)))
    });
    pool.truncate(opts.top);
    let mut cands: Vec<Candidate> = pool.into_iter().map(|a| candidate(lib, a)).collect();
    for c in &mut cands {
        c.reasons = reasons(c, req.area, rules);
    }
    MatchResult {
        county,
        county_source,
        crosses_counties,
        tier: req.tier,
        required: req.area,
        overlay,
        candidates: cands,
        examined,
        stopped_early,
    }
}

pub(super) fn candidate(lib: &StockLibrary, a: Assessed) -> Candidate {
    let members: Vec<&Parcel> = a.parcels.iter().filter_map(|i| lib.parcel(*i)).collect();
    let lead = members
        .iter()
        .copied()
        .max_by(|x, y| x.area.m2().total_cmp(&y.area.m2()).then_with(|| y.id.cmp(&x.id)));
    Candidate {
        ids: members.iter().map(|p| p.id.clone()).collect(),
        parcels: a.parcels,
        area: a.area,
        kind: lead.map(|p| p.kind).unwrap_or(crate::model::StockKind::Collective),
        planned_use: lead
            .map(|p| p.planned_use.clone())
            .unwrap_or_else(|| crate::model::LandUse::ydyh("")),
        county: lead.map(|p| p.county.clone()).unwrap_or_default(),
        status: lead.map(|p| p.status).unwrap_or_default(),
        use_fit: a.facts.use_fit,
        size: a.facts.size,
        distance_m: a.facts.distance_m,
        same_county: a.facts.same_county,
        parts: a.parts,
        score: a.score,
        class: a.class,
        reasons: Vec::new(),
    }
}

/// Distance between two boxes (0 when they meet): a lower bound of the distance between anything inside them.
fn rect_gap(a: &geo::Rect<f64>, b: &geo::Rect<f64>) -> f64 {
    let dx = (b.min().x - a.max().x).max(a.min().x - b.max().x).max(0.0);
    let dy = (b.min().y - a.max().y).max(a.min().y - b.max().y).max(0.0);
    dx.hypot(dy)
}
