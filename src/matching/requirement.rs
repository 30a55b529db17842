//! What a project asks for: a site (footprint or location), a use, an area, a county and a tier.

use geo::{Area as _, BoundingRect, Centroid, Coord, MultiPolygon, Rect};
use thiserror::Error;

use super::CountySource;
use super::MatchRules;
use crate::geometry::{Fix, GeometryError, repair};
use crate::library::StockLibrary;
use crate::model::{Area, LandUse, ProjectCategory, ProjectTier};

/// Why a requirement cannot be matched.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum MatchError {
    #[error("项目红线为空 / the footprint is empty")]
    EmptyFootprint,
    #[error("项目红线面积为零 / the footprint has zero area")]
    ZeroAreaFootprint,
    #[error("项目红线自相交，请修正边界后再套核 / the footprint crosses itself; fix the boundary before matching{0}")]
    SelfCrossingFootprint(String),
    #[error("项目红线有不是有限数的坐标 / the footprint has a coordinate that is not a finite number")]
    NonFiniteFootprint,
    #[error("项目红线的内环在外环之外 / a hole of the footprint lies outside its shell")]
    HoleOutsideFootprint,
    #[error("位置坐标不是有限数 / the location is not a finite point")]
    NonFiniteLocation,
    #[error("需求面积须为正数，得到 {0} 亩 / the required area must be positive, got {0} mu")]
    AreaNotPositive(f64),
    #[error("按位置匹配时须给出面积 / a location-only requirement needs an area")]
    AreaMissing,
    #[error(transparent)]
    Geometry(#[from] GeometryError),
}

/// Where the project would go.
#[derive(Debug, Clone, PartialEq)]
pub enum Site {
    /// A drawn or imported red line (项目红线), in the working CRS. Checked by [`Requirement::on_footprint`].
    Footprint(MultiPolygon<f64>),
    /// Just a location (选址意向点).
    Point(Coord<f64>),
}

/// 项目用地需求.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub site: Site,
    pub land_use: LandUse,
    /// Required area; defaults to the footprint's area.
    pub area: Area,
    /// County id; when `None` it is found from the location (see [`Requirement::county_in`]).
    pub county: Option<String>,
    pub tier: ProjectTier,
    /// What kind of project it is, for clause (十一) outside the 城镇开发边界; optional.
    pub category: Option<ProjectCategory>,
    /// Repairs made to the footprint (repeated points removed, zero-area parts dropped), to show the officer.
    pub fixes: Vec<Fix>,
}

impl Requirement {
    /// A requirement on a footprint. The footprint must be a proper polygon: one that crosses itself or has no
    /// area is refused with a clear error, not silently repaired — the officer must fix the red line.
    ///
    /// ```
    /// use stockfirst::matching::Requirement;
    /// use stockfirst::model::LandUse;
    /// use geo::{polygon, MultiPolygon};
    /// let sq = polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)];
    /// let r = Requirement::on_footprint(MultiPolygon(vec![sq]), LandUse::ydyh("1001")).unwrap();
    /// assert_eq!(r.area.mu(), 15.0); // 10 000 m² × 0.0015
    /// let bowtie = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 10.0), (x: 10.0, y: 0.0), (x: 0.0, y: 10.0)];
    /// assert!(Requirement::on_footprint(MultiPolygon(vec![bowtie]), LandUse::ydyh("1001")).is_err());
    /// ```
    pub fn on_footprint(footprint: MultiPolygon<f64>, land_use: LandUse) -> Result<Self, MatchError> {
        // A bow-tie's two halves cancel out to zero signed area, so look for the crossing before anything else.
        if let Some(at) = first_self_crossing(&footprint) {
            return Err(MatchError::SelfCrossingFootprint(format!(
                " @ ({:.3}, {:.3})",
                at.x, at.y
            )));
        }
        let repaired = repair(&footprint).map_err(|e| match e {
            GeometryError::Empty | GeometryError::TooFewPoints => MatchError::EmptyFootprint,
            GeometryError::ZeroArea => MatchError::ZeroAreaFootprint,
            GeometryError::NonFinite => MatchError::NonFiniteFootprint,
            other => MatchError::Geometry(other),
        })?;
        if repaired.fixes.contains(&Fix::SelfIntersectionResolved) {
            let at = self_crossing_hint(&footprint);
            return Err(MatchError::SelfCrossingFootprint(at));
        }
        if repaired.fixes.contains(&Fix::HoleOutsideShellDropped) {
            return Err(MatchError::HoleOutsideFootprint);
        }
        let area = Area::from_m2(repaired.geometry.unsigned_area());
        if area.m2() <= 0.0 {
            return Err(MatchError::ZeroAreaFootprint);
        }
        Ok(Self {
            site: Site::Footprint(repaired.geometry),
            land_use,
            area,
            county: None,
            tier: ProjectTier::Ordinary,
            category: None,
            fixes: repaired.fixes,
        })
    }

    /// A requirement at a location, with the area it needs.
    pub fn at_point(point: Coord<f64>, land_use: LandUse, area: Area) -> Result<Self, MatchError> {
        if !(point.x.is_finite() && point.y.is_finite()) {
            return Err(MatchError::NonFiniteLocation);
        }
        check_area(area)?;
        Ok(Self {
            site: Site::Point(point),
            land_use,
            area,
            county: None,
            tier: ProjectTier::Ordinary,
            category: None,
            fixes: Vec::new(),
        })
    }

    /// Overrides the required area (e.g. the project needs more than the sketched red line).
    pub fn with_area(mut self, area: Area) -> Result<Self, MatchError> {
        check_area(area)?;
        self.area = area;
        Ok(self)
    }

    pub fn with_county(mut self, county: impl Into<String>) -> Self {
        self.county = Some(county.into());
        self
    }

    pub fn with_tier(mut self, tier: ProjectTier) -> Self {
        self.tier = tier;
        self
    }

    pub fn with_category(mut self, category: ProjectCategory) -> Self {
        self.category = Some(category);
        self
    }

    pub fn footprint(&self) -> Option<&MultiPolygon<f64>> {
        match &self.site {
            Site::Footprint(f) => Some(f),
            Site::Point(_) => None,
        }
    }

    /// The point distances are measured from when there is no footprint, and where the search starts.
    pub fn anchor(&self) -> Coord<f64> {
        match &self.site {
            Site::Point(p) => *p,
            Site::Footprint(f) => f
                .centroid()
                .map(|c| c.0)
                .or_else(|| f.bounding_rect().map(|r| r.center()))
                .unwrap_or(Coord { x: 0.0, y: 0.0 }),
        }
    }

    /// The site's bounding box (a point's is degenerate).
    pub fn bbox(&self) -> Rect<f64> {
        match &self.site {
            Site::Point(p) => Rect::new(*p, *p),
            Site::Footprint(f) => f
                .bounding_rect()
                .unwrap_or_else(|| Rect::new(self.anchor(), self.anchor())),
        }
    }

    /// The county given, or the one most nearby parcels belong to ([`MatchRules::county_at`]).
    pub fn county_in(&self, lib: &StockLibrary, rules: &MatchRules) -> Option<String> {
        self.county_and_source(lib, rules).0
    }

    /// [`Self::county_in`], saying which rule gave it: given, the county outline, or the nearest parcels.
    pub fn county_and_source(&self, lib: &StockLibrary, rules: &MatchRules) -> (Option<String>, CountySource) {
        match &self.county {
            Some(c) => (Some(c.clone()), CountySource::Given),
            None => rules.county_and_source_at(lib, self.anchor()),
        }
    }
}

fn check_area(area: Area) -> Result<(), MatchError> {
    if area.m2() > 0.0 && area.m2().is_finite() {
        Ok(())
    } else {
        Err(MatchError::AreaNotPositive(area.mu()))
    }
}

/// The first point where a ring of `f` properly crosses itself (non-adjacent edges crossing), world coordinates.
fn first_self_crossing(f: &MultiPolygon<f64>) -> Option<Coord<f64>> {
    f.0.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .find_map(|ring| crate::geometry::ring::first_crossing(&ring.0, 0.0))
}

/// Names where the red line crosses itself, when geo's validation says so.
fn self_crossing_hint(f: &MultiPolygon<f64>) -> String {
    use geo::Validation;
    // Validation runs geo's relate, which can panic on a broken red line (found by fuzzing): then no hint.
    match crate::geometry::guarded(|| f.check_validation()) {
        Ok(Err(e)) => format!(" ({e})"),
        Ok(Ok(())) | Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{coord, polygon};

    fn square(x: f64, y: f64, s: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: x, y: y), (x: x + s, y: y), (x: x + s, y: y + s), (x: x, y: y + s)],
        ])
    }

    #[test]
    fn footprint_area_is_the_default_requirement() {
        // 200 m × 200 m = 40 000 m² = 60 亩.
        let r = Requirement::on_footprint(square(38_450_000.0, 3_900_000.0, 200.0), LandUse::ydyh("1001")).unwrap();
        assert!((r.area.mu() - 60.0).abs() < 1e-9);
        assert_eq!(r.tier, ProjectTier::Ordinary);
    }

    #[test]
    fn self_crossing_footprint_is_refused() {
        let bowtie = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 10.0), (x: 10.0, y: 0.0), (x: 0.0, y: 10.0)];
        let e = Requirement::on_footprint(MultiPolygon(vec![bowtie]), LandUse::ydyh("1001")).unwrap_err();
        assert!(matches!(e, MatchError::SelfCrossingFootprint(_)), "{e:?}");
        assert!(e.to_string().contains("自相交"));
    }

    #[test]
    fn zero_area_and_empty_footprints_are_refused() {
        let flat = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 20.0, y: 0.0)];
        assert_eq!(
            Requirement::on_footprint(MultiPolygon(vec![flat]), LandUse::ydyh("1001")),
            Err(MatchError::ZeroAreaFootprint)
        );
        assert_eq!(
            Requirement::on_footprint(MultiPolygon(vec![]), LandUse::ydyh("1001")),
            Err(MatchError::EmptyFootprint)
        );
    }

    #[test]
    fn location_needs_a_positive_area() {
        let p = coord! { x: 38_450_000.0, y: 3_900_000.0 };
        assert_eq!(
            Requirement::at_point(p, LandUse::ydyh("1001"), Area::ZERO),
            Err(MatchError::AreaNotPositive(0.0))
        );
        let r = Requirement::at_point(p, LandUse::ydyh("1001"), Area::from_mu(30.0)).unwrap();
        assert_eq!(r.anchor(), p);
        assert_eq!(r.bbox(), Rect::new(p, p));
    }

    #[test]
    fn repeated_points_are_repaired_and_reported() {
        let p = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)];
        let r = Requirement::on_footprint(MultiPolygon(vec![p]), LandUse::ydyh("1001")).unwrap();
        assert_eq!(r.fixes, vec![Fix::RepeatedPointsRemoved(1)]);
    }
}
