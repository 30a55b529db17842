//! What the search and the merge share: the site ready for distances, the filters and facts of one match, and a
//! candidate before it is put in words. Its own room so that `search` and `merge` both use it and neither uses
//! the other back.

use geo::Coord;

use super::MatchRules;
use super::options::MatchOptions;
use super::prepared::{PreparedFootprint, point_distance};
use super::rank::{CandidateClass, Facts, ScoreParts, classify, kind_credit, score};
use super::requirement::Requirement;
use super::size_fit::size_fit;
use super::use_fit::{UseFit, use_fit};
use crate::library::{ParcelIdx, StockLibrary};
use crate::model::{Area, Parcel, ParcelStatus};

/// Geometry of the site, ready for distances.
pub(crate) enum SiteGeom {
    Footprint(PreparedFootprint),
    Point(Coord<f64>),
}

impl SiteGeom {
    pub(crate) fn distance(&self, p: &Parcel) -> f64 {
        match self {
            SiteGeom::Footprint(f) => f.distance_to(&p.geometry),
            SiteGeom::Point(c) => point_distance(*c, &p.geometry),
        }
    }
}

/// A candidate before it is put in words: cheap to make for every parcel looked at.
#[derive(Debug, Clone)]
pub(crate) struct Assessed {
    pub parcels: Vec<ParcelIdx>,
    pub area: Area,
    pub facts: Facts,
    pub parts: ScoreParts,
    pub score: f64,
    pub class: CandidateClass,
}

/// The filters and facts shared by single parcels and merge members.
pub(crate) struct Context<'a> {
    pub lib: &'a StockLibrary,
    pub req: &'a Requirement,
    pub rules: &'a MatchRules,
    pub opts: &'a MatchOptions,
    pub county: Option<&'a str>,
    pub site: &'a SiteGeom,
}

impl Context<'_> {
    /// The parcel's use fit, or `None` when the filters keep it out.
    pub(crate) fn admit(&self, p: &Parcel) -> Option<UseFit> {
        if !self.opts.include_unavailable && p.status != ParcelStatus::Available {
            return None;
        }
        let uf = use_fit(&self.req.land_use, &p.planned_use, self.rules);
        (uf != UseFit::Unfit || self.opts.include_unfit).then_some(uf)
    }

    pub(crate) fn assess(&self, parcels: Vec<ParcelIdx>, area: Area, facts: Facts) -> Assessed {
        let parts = score(&facts, self.rules);
        let class = classify(facts.use_fit, &facts.size, self.rules);
        Assessed {
            parcels,
            area,
            facts,
            score: parts.total(),
            parts,
            class,
        }
    }

    pub(crate) fn single(&self, i: ParcelIdx, p: &Parcel, uf: UseFit, distance_m: f64) -> Assessed {
        let facts = Facts {
            use_fit: uf,
            size: size_fit(p.area, self.req.area, self.rules.size_band),
            kind_credit: kind_credit(p.kind),
            distance_m,
            same_county: self.county == Some(p.county.as_str()),
            available: p.status == ParcelStatus::Available,
            parcels: 1,
        };
        self.assess(vec![i], p.area, facts)
    }
}
