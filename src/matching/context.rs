//! What the search and the merge share: the site ready for distances, the filters and facts of one match, and a
//! candidate before it is put in words. Its own room so that `search` and `merge` both use it and neither uses
//! the other back.

use std::cell::RefCell;

use geo::Coord;

use super::MatchRules;
use super::options::MatchOptions;
use super::prepared::{PreparedFootprint, point_distance};
use super::rank::{CandidateClass, Facts, ScoreParts, classify, kind_credit, score};
use super::requirement::Requirement;
use super::size_fit::{SizeFit, size_fit};
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
    /// Use fit by the library's planned uses (`StockLibrary::use_of`): a library holds a few dozen, and the rule
    /// lists are walked once for each.
    fits: RefCell<Vec<Option<UseFit>>>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        lib: &'a StockLibrary,
        req: &'a Requirement,
        rules: &'a MatchRules,
        opts: &'a MatchOptions,
        county: Option<&'a str>,
        site: &'a SiteGeom,
    ) -> Self {
        Self {
            lib,
            req,
            rules,
            opts,
            county,
            site,
            fits: RefCell::new(vec![None; lib.planned_uses().len()]),
        }
    }

    /// Parcel `i`'s use fit, or `None` when the use filter keeps it out; the parcel itself is not read.
    pub(crate) fn use_fit_of(&self, i: ParcelIdx) -> Option<UseFit> {
        let lib = self.lib;
        let u = lib.use_of(i)?;
        let known = self.fits.borrow().get(u as usize).copied().flatten();
        let uf = match known {
            Some(uf) => uf,
            None => {
                let planned = lib.planned_uses().get(u as usize)?;
                let uf = use_fit(&self.req.land_use, planned, self.rules);
                if let Some(slot) = self.fits.borrow_mut().get_mut(u as usize) {
                    *slot = Some(uf);
                }
                uf
            }
        };
        (uf != UseFit::Unfit || self.opts.include_unfit).then_some(uf)
    }

    /// Whether the status filter lets the parcel in.
    pub(crate) fn status_admits(&self, p: &Parcel) -> bool {
        self.opts.include_unavailable || p.status == ParcelStatus::Available
    }

    /// Parcel `i`'s use fit, or `None` when the filters keep it out.
    pub(crate) fn admit(&self, i: ParcelIdx, p: &Parcel) -> Option<UseFit> {
        if !self.status_admits(p) {
            return None;
        }
        self.use_fit_of(i)
    }

    /// A single parcel's facts at distance `distance_m`.
    pub(crate) fn facts(&self, p: &Parcel, uf: UseFit, size: SizeFit, distance_m: f64) -> Facts {
        Facts {
            use_fit: uf,
            size,
            kind_credit: kind_credit(p.kind),
            distance_m,
            same_county: self.county == Some(p.county.as_str()),
            available: p.status == ParcelStatus::Available,
            parcels: 1,
        }
    }

    /// The size fit of one parcel against the requirement.
    pub(crate) fn size(&self, p: &Parcel) -> SizeFit {
        size_fit(p.area, self.req.area, self.rules.size_band)
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

    /// Where a candidate with these facts would stand, without making it.
    pub(crate) fn assess_parts(&self, facts: Facts) -> super::shortlist::Standing {
        super::shortlist::Standing {
            class: classify(facts.use_fit, &facts.size, self.rules),
            score: score(&facts, self.rules).total(),
        }
    }

    pub(crate) fn single(&self, i: ParcelIdx, p: &Parcel, facts: Facts) -> Assessed {
        self.assess(vec![i], p.area, facts)
    }
}
