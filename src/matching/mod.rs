//! 套核 and stock-first candidates (clause 二): overlay a project on the stock library, rank the parcels that could
//! host it by use, size, stock kind, distance and county, and merge small neighbours (clause 四). Pure: no files.

mod combination_rules;
mod context;
mod county_line;
mod merge;
mod options;
mod overlay;
mod prepared;
mod rank;
mod requirement;
mod search;
#[cfg(test)]
mod search_reference_tests;
mod shortlist;
mod size_fit;
mod use_fit;
mod weights;

pub use combination_rules::{CombinationRules, ObjectiveKey};
pub use county_line::crossing_warning;
pub use options::MatchOptions;
pub use overlay::{Overlay, OverlayHit, overlay};
pub use prepared::{HIT_MIN_M2, PreparedFootprint, parcel_gap, point_distance};
pub use rank::{Candidate, CandidateClass, Facts, Reason, ScoreParts, classify, kind_credit, rank, score};
pub use requirement::{MatchError, Requirement, Site};
pub use search::{MatchResult, match_project};
pub use size_fit::{SizeClass, SizeFit, size_fit};
pub use use_fit::{UseFit, use_fit};
#[cfg(test)]
pub(crate) use weights::fixture::rules as weights_fixture;
pub use weights::{
    Compatible, Conversion, CountySource, LinealRule, MatchRules, MergeRules, RulesError, Search, SizeBand, Weights,
};
