//! What `propose` answers: the proposals, best first, how they were found, or why there are none.

use geo::MultiPolygon;
use thiserror::Error;

use super::combination::{Method, Route};
use crate::matching::Reason;
use crate::model::Area;

/// Why nothing can be proposed.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ProposeError {
    #[error(
        "{county_zh}搜索半径 {radius_m:.0} 米内没有可供且用途相符的存量地块，需求 {required_mu:.2} 亩需全部使用新增建设用地 / no available, use-fitting stock parcel within {radius_m:.0} m{county_en}: all {required_mu:.2} mu would be new land"
    )]
    NoCandidates {
        radius_m: f64,
        required_mu: f64,
        county_zh: String,
        county_en: String,
    },
    /// Larger than the whole search circle: no red line around stock within the radius can hold it.
    #[error(
        "需求 {required_mu:.2} 亩大于搜索半径 {radius_m:.0} 米的圆（{circle_mu:.2} 亩），超出 {missing_mu:.2} 亩，无法在范围内组合；请核对面积单位，或分期、分片选址 / the requirement of {required_mu:.2} mu is larger than the {radius_m:.0} m search circle ({circle_mu:.2} mu) by {missing_mu:.2} mu: no set within the radius can hold it; check the unit, or split the project"
    )]
    TooLargeForRadius {
        required_mu: f64,
        radius_m: f64,
        circle_mu: f64,
        missing_mu: f64,
    },
    #[error(
        "{n} 块相符地块都大于需求的 {top_ratio} 倍（{top_mu:.2} 亩），请用 match 查看 / all {n} fitting parcels exceed {top_ratio} × the requirement ({top_mu:.2} mu); see match"
    )]
    AllTooLarge { n: usize, top_ratio: f64, top_mu: f64 },
}

/// One proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// Parcel ids, largest first.
    pub parcels: Vec<String>,
    pub route: Route,
    /// The red line (working CRS).
    pub footprint: MultiPolygon<f64>,
    /// 套核 of the red line: the part on stock, and the new land (新增建设用地).
    pub on_stock: Area,
    pub increment: Area,
    /// The stock of the set and the increment the search counted (before the red line was drawn).
    pub stock: Area,
    pub planned_increment: Area,
    pub oversize: Area,
    /// 耕地 in the increment; `None` without control layers.
    pub cultivated_in_increment: Option<Area>,
    /// Its distance to the point, compactness and the 地类 of its increment (the 地类 only with control layers).
    pub site: Option<SiteFacts>,
    /// A red line grown on the grid (智能选址), not drawn around a combination.
    pub grown: bool,
    pub reasons: Vec<Reason>,
    /// The review's blocking findings on the red line (with control layers; also among `reasons`): it cannot be
    /// approved as drawn.
    pub blocking: Vec<Reason>,
}

/// What a grown red line shows besides the numbers every proposal has.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteFacts {
    /// From the point to the red line (0 when the point lies in it).
    pub distance_m: f64,
    /// Area ÷ the convex hull's area.
    pub compactness: f64,
    /// The increment's 地类: code, name, area.
    pub land_classes: Vec<(String, String, Area)>,
}

/// The proposals, best first, and how they were found.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposals {
    pub proposals: Vec<Proposal>,
    pub method: Method,
    pub county: Option<String>,
    /// Parcels looked at, and those that could take part.
    pub examined: usize,
    pub candidates: usize,
    /// Branch-and-bound nodes.
    pub nodes: usize,
    /// The least increment of any single parcel, for comparison.
    pub best_single_increment: Option<Area>,
    /// Notes on the whole answer (no control layers, checks capped).
    pub notes: Vec<Reason>,
}
