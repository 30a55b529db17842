//! A stock parcel (存量地块): plain data, geometry in the working CRS.

use geo::{Area as _, BoundingRect, MultiPolygon, Rect};
use serde::{Deserialize, Serialize};

use super::{Area, LandUse, ParcelStatus, StockKind};

/// Share of disagreement between the recomputed area and the source's own area attribute that is reported.
pub const AREA_MISMATCH_TOLERANCE: f64 = 0.01;

/// The area a source states for a parcel, kept beside the recomputed one.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StatedArea {
    pub area: Area,
}

/// Rarely-set text is kept as `Box<str>` (16 bytes, no spare capacity): a million parcels carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parcel {
    /// 地块编号.
    pub id: String,
    /// 地块名称.
    pub name: String,
    /// County id (adcode text, see [`super::Counties`]).
    pub county: String,
    pub kind: StockKind,
    pub planned_use: LandUse,
    pub status: ParcelStatus,
    /// In the working CRS (metres, zone-prefixed eastings by default).
    pub geometry: MultiPolygon<f64>,
    /// Planar area of `geometry`, computed once.
    pub area: Area,
    /// The source's own area attribute, if it had one.
    pub stated_area: Option<Area>,
    /// 批准文号.
    pub approval_no: Option<Box<str>>,
    pub approval_year: Option<u16>,
    /// 闲置起始日期 (ISO date), for idle land.
    pub idle_since: Option<Box<str>>,
    pub remarks: Option<Box<str>>,
}

impl Parcel {
    /// Builds a parcel and computes its area from the geometry.
    pub fn new(
        id: impl Into<String>,
        kind: StockKind,
        planned_use: LandUse,
        county: impl Into<String>,
        geometry: MultiPolygon<f64>,
    ) -> Self {
        let area = Area::from_m2(geometry.unsigned_area());
        Self {
            id: id.into(),
            name: String::new(),
            county: county.into(),
            kind,
            planned_use,
            status: ParcelStatus::Available,
            geometry,
            area,
            stated_area: None,
            approval_no: None,
            approval_year: None,
            idle_since: None,
            remarks: None,
        }
    }

    pub fn bbox(&self) -> Option<Rect<f64>> {
        self.geometry.bounding_rect()
    }

    /// Relative disagreement between the stated and the computed area, when it exceeds 1%.
    ///
    /// ```
    /// use stockfirst::model::{Area, LandUse, Parcel, StockKind};
    /// use geo::{polygon, MultiPolygon};
    /// let square = polygon![(x: 0.0, y: 0.0), (x: 100.0, y: 0.0), (x: 100.0, y: 100.0), (x: 0.0, y: 100.0)];
    /// let mut p = Parcel::new("A1", StockKind::Idle, LandUse::ydyh("1001"), "410821", MultiPolygon(vec![square]));
    /// p.stated_area = Some(Area::from_hectares(1.0));
    /// assert_eq!(p.area_mismatch(), None);
    /// p.stated_area = Some(Area::from_mu(16.0)); // 1 ha is 15 亩
    /// assert!((p.area_mismatch().unwrap() - 1.0 / 15.0).abs() < 1e-9);
    /// ```
    pub fn area_mismatch(&self) -> Option<f64> {
        let stated = self.stated_area?.m2();
        let computed = self.area.m2();
        if computed <= 0.0 {
            return None;
        }
        let rel = (stated - computed).abs() / computed;
        (rel > AREA_MISMATCH_TOLERANCE).then_some(rel)
    }
}
