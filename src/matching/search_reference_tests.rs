//! The pruned search against the plain one: every parcel of the library assessed at its exact distance, merged,
//! ranked. The search skips parcels by bounds and stops early; the ranked list must not change.

use geo::{Coord, LineString, MultiPolygon, Polygon};

use super::context::{Context, SiteGeom};
use super::merge::merge_groups;
use super::prepared::PreparedFootprint;
use super::rank::{Candidate, rank};
use super::requirement::Site;
use super::search::{candidate, match_project};
use super::size_fit::SizeClass;
use super::{MatchOptions, MatchRules, Requirement};
use crate::library::StockLibrary;
use crate::model::{Area, LandUse, Parcel, ParcelStatus, StockKind};
use crate::sample::SplitMix64;

const X0: f64 = 38_400_000.0;
const Y0: f64 = 3_880_000.0;

fn square(x: f64, y: f64, w: f64, h: f64) -> MultiPolygon<f64> {
    let ring = vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)];
    MultiPolygon(vec![Polygon::new(LineString::from(ring), vec![])])
}

/// 50 × 50 cells of 160 m, one parcel each of 20–155 m a side (neighbours often within the merge gap), mixed uses,
/// kinds, counties and statuses.
fn library(seed: u64) -> StockLibrary {
    let uses = ["1001", "100101", "1101", "0901", "0902", "070102", "0802", "16"];
    let mut rng = SplitMix64::new(seed);
    let mut ps = Vec::new();
    for i in 0..50 {
        for j in 0..50 {
            let (w, h) = (rng.uniform(20.0, 155.0), rng.uniform(20.0, 155.0));
            let g = square(X0 + i as f64 * 160.0, Y0 + j as f64 * 160.0, w, h);
            let kind = StockKind::ALL[rng.below(StockKind::ALL.len())];
            let county = if i < 25 { "410821" } else { "410822" };
            let mut p = Parcel::new(
                format!("P{i:02}{j:02}"),
                kind,
                LandUse::ydyh(uses[rng.below(uses.len())]),
                county,
                g,
            );
            if rng.unit() < 0.1 {
                p.status = ParcelStatus::Engaged;
            }
            ps.push(p);
        }
    }
    StockLibrary::new(ps)
}

/// Every parcel at its exact distance: no bound, no early stop.
fn plain(lib: &StockLibrary, req: &Requirement, rules: &MatchRules, opts: &MatchOptions) -> Vec<Candidate> {
    let (county, _) = req.county_and_source(lib, rules);
    let site = match &req.site {
        Site::Footprint(f) => SiteGeom::Footprint(PreparedFootprint::new(f)),
        Site::Point(p) => SiteGeom::Point(*p),
    };
    let ctx = Context::new(lib, req, rules, opts, county.as_deref(), &site);
    let mut pool = Vec::new();
    for (i, p) in lib.parcels().iter().enumerate() {
        let Some(uf) = ctx.admit(i as u32, p) else { continue };
        let d = site.distance(p);
        if d <= rules.search.radius_m {
            pool.push(ctx.single(i as u32, p, ctx.facts(p, uf, ctx.size(p), d)));
        }
    }
    let big_enough = pool.iter().any(|a| a.facts.size.class != SizeClass::TooSmall);
    if opts.merge && !(rules.merge.only_when_no_single_fits && big_enough) {
        let groups = merge_groups(&ctx, &pool);
        pool.extend(groups);
    }
    let mut cands: Vec<Candidate> = pool.into_iter().map(|a| candidate(lib, a)).collect();
    rank(&mut cands, rules);
    cands.truncate(opts.top);
    cands
}

fn requirement(rng: &mut SplitMix64) -> Requirement {
    let uses = ["1001", "0901", "100101", "1101", "0802"];
    let u = LandUse::ydyh(uses[rng.below(uses.len())]);
    let at = Coord {
        x: X0 + rng.uniform(-500.0, 8500.0),
        y: Y0 + rng.uniform(-500.0, 8500.0),
    };
    if rng.unit() < 0.5 {
        Requirement::at_point(at, u, Area::from_mu(rng.uniform(3.0, 300.0))).expect("a positive area")
    } else {
        let (w, h) = (rng.uniform(50.0, 900.0), rng.uniform(50.0, 900.0));
        Requirement::on_footprint(square(at.x, at.y, w, h), u).expect("a valid footprint")
    }
}

#[test]
fn the_pruned_search_ranks_as_the_plain_one() {
    let base: MatchRules = super::weights_fixture();
    let mut near = base.clone();
    near.search.radius_m = 1500.0;
    let mut by_score = base.clone();
    by_score.class_first = false;
    let mut rng = SplitMix64::new(7);
    let (mut compared, mut merged, mut early) = (0, 0, 0);
    for seed in [1, 2] {
        let lib = library(seed);
        for _ in 0..40 {
            let req = requirement(&mut rng);
            for rules in [&base, &near, &by_score] {
                for top in [1, 10] {
                    let opts = MatchOptions {
                        top,
                        ..Default::default()
                    };
                    let got = match_project(&lib, &req, rules, &opts);
                    let want = plain(&lib, &req, rules, &opts);
                    let key = |c: &Candidate| (c.ids.clone(), c.class, c.score.to_bits());
                    assert_eq!(
                        got.candidates.iter().map(key).collect::<Vec<_>>(),
                        want.iter().map(key).collect::<Vec<_>>(),
                        "library {seed}, {:?} {} 亩, top {top}",
                        req.anchor(),
                        req.area.mu()
                    );
                    compared += 1;
                    merged += usize::from(got.candidates.iter().any(|c| c.ids.len() > 1));
                    early += usize::from(got.stopped_early);
                }
            }
        }
    }
    // The cases must reach both paths the bounds change: merged groups, and the early stop.
    assert!(
        merged > 10 && early > 10,
        "{compared} compared, {merged} with groups, {early} stopped early"
    );
}
