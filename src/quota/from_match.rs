//! Which 亩 a matched project brings to the quota (clause 二 需补足增量): the rule the app and `stockfirst match
//! --quota-project` share.
//!
//! The order: the chosen candidate's shortfall (stock covers the rest), else the 套核 remainder (the footprint off
//! stock), else the whole requirement. Cultivated land is clamped into [0, new land]; the project is linked to the
//! chosen candidate, or to the footprint when none was chosen.

use super::{Date, Project, QuotaError};
use crate::matching::{Candidate, MatchResult};
use crate::model::Area;

/// The link name used when no candidate was chosen: the increment belongs to the footprint itself.
pub const FOOTPRINT_MATCH_ID: &str = "footprint";

/// The project's new construction land for `res`: the chosen candidate's shortfall (需补足增量), else the 套核
/// remainder, else the whole requirement.
pub fn new_land_of(res: &MatchResult, chosen: Option<&Candidate>) -> Area {
    if let Some(c) = chosen {
        return c.size.shortfall;
    }
    if let Some(o) = &res.overlay {
        return o.new_land;
    }
    res.required
}

/// The candidate of `res` named `key` (its 地块编号 joined by "+", [`Candidate::key`]).
pub fn chosen_in<'a>(res: &'a MatchResult, key: Option<&str>) -> Option<&'a Candidate> {
    let key = key?;
    res.candidates.iter().find(|c| c.key() == key)
}

/// Default project date when the officer gives none: the middle of the plan year (30 June).
///
/// ```
/// assert_eq!(stockfirst::quota::default_project_date(2026).to_string(), "2026-06-30");
/// ```
pub fn default_project_date(plan_year: i32) -> Date {
    Date {
        year: plan_year,
        month: 6,
        day: 30,
    }
}

impl Project {
    /// The quota project for a match: new land by [`new_land_of`], cultivated land clamped to it, linked to the
    /// chosen candidate (or [`FOOTPRINT_MATCH_ID`]). Fails when the match found no county or the date is bad.
    pub fn from_match(
        res: &MatchResult,
        chosen: Option<&Candidate>,
        name: impl Into<String>,
        date: &str,
        cultivated: Area,
    ) -> Result<Project, QuotaError> {
        let name = name.into();
        let county = res
            .county
            .clone()
            .ok_or(QuotaError::NoCounty { project: name.clone() })?;
        let new_land = new_land_of(res, chosen);
        let cultivated = Area::from_mu(cultivated.mu().min(new_land.mu()).max(0.0));
        let match_id = chosen.map(Candidate::key).unwrap_or_else(|| FOOTPRINT_MATCH_ID.into());
        Project::from_shortfall(match_id, name, county, res.tier, date, new_land, cultivated)
    }
}

#[cfg(test)]
mod tests {
    use geo::{MultiPolygon, polygon};

    use super::*;
    use crate::library::StockLibrary;
    use crate::matching::{MatchOptions, Requirement, match_project};
    use crate::model::{LandUse, Parcel, ProjectTier, StockKind};

    /// An axis-aligned rectangle in a plane CRS (metres).
    fn rect(x: f64, y: f64, w: f64, h: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: x, y: y), (x: x + w, y: y), (x: x + w, y: y + h), (x: x, y: y + h)],
        ])
    }

    /// A 20 000 m² (30 亩) footprint, half of it (15 亩) on parcel ON; parcel NEAR (10 000 m² = 15 亩) beside it.
    fn matched() -> MatchResult {
        let lib = StockLibrary::new(vec![
            Parcel::new(
                "ON",
                StockKind::Idle,
                LandUse::ydyh("1001"),
                "410821",
                rect(0.0, 0.0, 100.0, 100.0),
            ),
            Parcel::new(
                "NEAR",
                StockKind::ApprovedUnsupplied,
                LandUse::ydyh("1001"),
                "410821",
                rect(300.0, 0.0, 100.0, 100.0),
            ),
        ]);
        let req = Requirement::on_footprint(rect(0.0, 0.0, 200.0, 100.0), LandUse::ydyh("1001"))
            .unwrap()
            .with_county("410821")
            .with_tier(ProjectTier::MunicipalKey);
        let rules = crate::matching::weights_fixture();
        match_project(&lib, &req, &rules, &MatchOptions::default())
    }

    #[test]
    fn chosen_candidate_brings_its_shortfall() {
        let res = matched();
        // Required 30 亩; NEAR holds 15 亩, so 15 亩 is short (需补足增量).
        let near = chosen_in(&res, Some("NEAR")).unwrap();
        let p = Project::from_match(&res, Some(near), "扩区", "2026-05-01", Area::from_mu(4.0)).unwrap();
        assert!((p.new_land_mu - 15.0).abs() < 1e-6, "{}", p.new_land_mu);
        assert!((p.cultivated_mu - 4.0).abs() < 1e-9);
        assert_eq!(p.county, "410821");
        assert_eq!(p.tier, ProjectTier::MunicipalKey);
        let link = p.stock_match.unwrap();
        assert_eq!(link.match_id, "NEAR");
        assert!((link.shortfall_mu - 15.0).abs() < 1e-6);
    }

    #[test]
    fn without_a_choice_the_overlay_remainder_is_new_land() {
        let res = matched();
        // 20 000 m² footprint − 10 000 m² on ON = 10 000 m² = 15 亩 off stock.
        let p = Project::from_match(&res, None, "扩区", "2026-05-01", Area::from_mu(100.0)).unwrap();
        assert!((p.new_land_mu - 15.0).abs() < 1e-6, "{}", p.new_land_mu);
        // Cultivated land asked 100 亩, clamped to the 15 亩 of new land.
        assert!((p.cultivated_mu - p.new_land_mu).abs() < 1e-9);
        assert_eq!(p.stock_match.unwrap().match_id, FOOTPRINT_MATCH_ID);
    }

    #[test]
    fn without_overlay_the_whole_requirement_is_new_land() {
        let mut res = matched();
        res.overlay = None;
        // 200 m × 100 m = 20 000 m² × 0.0015 = 30 亩.
        let p = Project::from_match(&res, None, "扩区", "2026-05-01", Area::from_mu(-3.0)).unwrap();
        assert!((p.new_land_mu - 30.0).abs() < 1e-6, "{}", p.new_land_mu);
        assert_eq!(p.cultivated_mu, 0.0, "negative cultivated land is clamped to 0");
    }

    #[test]
    fn no_county_and_bad_date_are_refused() {
        let mut res = matched();
        assert!(matches!(
            Project::from_match(&res, None, "扩区", "2026-13-01", Area::ZERO),
            Err(QuotaError::InvalidDate { .. })
        ));
        res.county = None;
        assert!(matches!(
            Project::from_match(&res, None, "扩区", "2026-05-01", Area::ZERO),
            Err(QuotaError::NoCounty { .. })
        ));
    }
}
