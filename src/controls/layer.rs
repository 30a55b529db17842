//! Control layers as plain data: what each layer is for (its role), its features with the attributes the review
//! reads, and an R-tree per layer.

use geo::{Area as _, BoundingRect, MultiPolygon, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree, RTreeObject};
use serde::{Deserialize, Serialize};

/// What a control layer is used for. Readers recognise the standard layer names; the officer may assign any layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// 地类图斑 DLTB (三调 / 年度变更调查, or the 二调 layout).
    LandSurvey,
    /// 永久基本农田保护图斑 YJJBNTBHTB.
    PermanentFarmland,
    /// 生态保护红线 STBHHX.
    EcologicalRedline,
    /// 城镇开发边界 CZKFBJ, zoned by GHFQMC.
    DevelopmentBoundary,
    /// 村庄建设边界 (optional).
    VillageBoundary,
    /// 林地 from a forest-resource layer (optional).
    Forest,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::LandSurvey,
        Role::PermanentFarmland,
        Role::EcologicalRedline,
        Role::DevelopmentBoundary,
        Role::VillageBoundary,
        Role::Forest,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            Role::LandSurvey => "地类图斑",
            Role::PermanentFarmland => "永久基本农田",
            Role::EcologicalRedline => "生态保护红线",
            Role::DevelopmentBoundary => "城镇开发边界",
            Role::VillageBoundary => "村庄建设边界",
            Role::Forest => "林地",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Role::LandSurvey => "land survey patches (DLTB)",
            Role::PermanentFarmland => "permanent basic farmland",
            Role::EcologicalRedline => "ecological protection red line",
            Role::DevelopmentBoundary => "urban development boundary",
            Role::VillageBoundary => "village construction boundary",
            Role::Forest => "forest land",
        }
    }
    /// The standard layer name of the national databases.
    pub fn standard_name(self) -> &'static str {
        match self {
            Role::LandSurvey => "DLTB",
            Role::PermanentFarmland => "YJJBNTBHTB",
            Role::EcologicalRedline => "STBHHX",
            Role::DevelopmentBoundary => "CZKFBJ",
            Role::VillageBoundary => "CZJSBJ",
            Role::Forest => "LDTB",
        }
    }
}

/// Which survey a DLTB layer comes from: the field names differ (KCXS/KCMJ/GDPDJB against TKXS/TKMJ/GDPDJ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Survey {
    /// 第三次全国国土调查 or a 年度变更调查 on its basis.
    Third,
    /// 第二次全国土地调查 layout.
    Second,
}

impl Survey {
    pub fn zh(self) -> &'static str {
        match self {
            Survey::Third => "三调（含年度变更调查）",
            Survey::Second => "二调",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Survey::Third => "third national land survey (or an annual update)",
            Survey::Second => "second national land survey",
        }
    }
}

/// 权属 of a 图斑: shown on identify, carried into the draft.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ownership {
    /// QSXZ 权属性质.
    pub qsxz: String,
    /// QSDWDM / QSDWMC 权属单位代码 / 名称.
    pub qsdwdm: String,
    pub qsdwmc: String,
    /// ZLDWDM / ZLDWMC 坐落单位代码 / 名称.
    pub zldwdm: String,
    pub zldwmc: String,
}

/// One feature of a control layer. The attributes a role does not have stay empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlFeature {
    /// BSM (or YJJBNTTBBH …), else `FID n`: how messages name the feature.
    pub id: String,
    /// DLBM for survey and farmland layers, GHFQDM for the development boundary, LXDM for the red line.
    pub code: String,
    /// DLMC, GHFQMC or MC.
    pub name: String,
    /// KCXS (TKXS in 二调): the 田坎 share of a cultivated 图斑, in [0, 1).
    pub kcxs: Option<f64>,
    pub ownership: Ownership,
    /// The area the source states (TBMJ, YJJBNTMJ, MJ), m²: an ellipsoidal area in 三调.
    pub stated_m2: Option<f64>,
    /// Working CRS (EPSG:4526), repaired.
    pub geometry: MultiPolygon<f64>,
}

impl ControlFeature {
    /// A feature with geometry and id only; set the other fields as the layer has them.
    pub fn new(id: impl Into<String>, geometry: MultiPolygon<f64>) -> Self {
        Self {
            id: id.into(),
            code: String::new(),
            name: String::new(),
            kcxs: None,
            ownership: Ownership::default(),
            stated_m2: None,
            geometry,
        }
    }

    pub fn with_code(mut self, code: impl Into<String>, name: impl Into<String>) -> Self {
        self.code = code.into();
        self.name = name.into();
        self
    }

    pub fn with_kcxs(mut self, kcxs: f64) -> Self {
        self.kcxs = Some(kcxs);
        self
    }

    /// Planar area, m².
    pub fn planar_m2(&self) -> f64 {
        self.geometry.unsigned_area()
    }
}

type Entry = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// One layer in one role, with its R-tree (bulk-loaded once).
#[derive(Debug, Clone)]
pub struct ControlLayer {
    pub role: Role,
    /// Where it came from, for messages: `file.gdb:DLTB`.
    pub source: String,
    /// For a survey layer: which survey its fields say it is.
    pub survey: Option<Survey>,
    features: Vec<ControlFeature>,
    index: RTree<Entry>,
}

impl ControlLayer {
    /// Indexes `features` (already repaired and in the working CRS; see [`super::check_layer`]).
    pub fn new(role: Role, source: impl Into<String>, features: Vec<ControlFeature>) -> Self {
        let entries: Vec<Entry> = features
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let r = f.geometry.bounding_rect()?;
                Some(GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i as u32,
                ))
            })
            .collect();
        Self {
            role,
            source: source.into(),
            survey: None,
            features,
            index: RTree::bulk_load(entries),
        }
    }

    pub fn with_survey(mut self, survey: Survey) -> Self {
        self.survey = Some(survey);
        self
    }

    pub fn features(&self) -> &[ControlFeature] {
        &self.features
    }

    pub fn feature(&self, i: u32) -> Option<&ControlFeature> {
        self.features.get(i as usize)
    }

    pub fn len(&self) -> usize {
        self.features.len()
    }

    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// Features whose bounding box meets `rect` (for drawing, identify and the overlay).
    pub fn query_rect(&self, rect: Rect<f64>) -> impl Iterator<Item = u32> + '_ {
        let env = AABB::from_corners([rect.min().x, rect.min().y], [rect.max().x, rect.max().y]);
        self.index.locate_in_envelope_intersecting(env).map(|e| e.data)
    }

    /// [`Self::query_rect`] with each feature's bounding box, as the index holds it.
    pub fn query_rect_boxes(&self, rect: Rect<f64>) -> impl Iterator<Item = (u32, Rect<f64>)> + '_ {
        let env = AABB::from_corners([rect.min().x, rect.min().y], [rect.max().x, rect.max().y]);
        self.index.locate_in_envelope_intersecting(env).map(|e| {
            let b = e.geom().envelope();
            let r = Rect::new(
                geo::coord! { x: b.lower()[0], y: b.lower()[1] },
                geo::coord! { x: b.upper()[0], y: b.upper()[1] },
            );
            (e.data, r)
        })
    }

    pub fn extent(&self) -> Option<Rect<f64>> {
        if self.index.size() == 0 {
            return None;
        }
        let e = self.index.root().envelope();
        Some(Rect::new(
            geo::coord! { x: e.lower()[0], y: e.lower()[1] },
            geo::coord! { x: e.upper()[0], y: e.upper()[1] },
        ))
    }
}

/// All control layers of a review. Several layers may share a role (two counties' DLTB): all are used.
#[derive(Debug, Clone, Default)]
pub struct ControlLayers {
    pub layers: Vec<ControlLayer>,
}

impl ControlLayers {
    pub fn new(layers: Vec<ControlLayer>) -> Self {
        Self { layers }
    }

    pub fn push(&mut self, layer: ControlLayer) {
        self.layers.push(layer);
    }

    pub fn of(&self, role: Role) -> impl Iterator<Item = &ControlLayer> + '_ {
        self.layers.iter().filter(move |l| l.role == role)
    }

    pub fn has(&self, role: Role) -> bool {
        self.of(role).next().is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{coord, polygon};

    #[test]
    fn the_index_finds_features_by_box() {
        let sq = |x: f64| {
            MultiPolygon(vec![
                polygon![(x: x, y: 0.0), (x: x + 10.0, y: 0.0), (x: x + 10.0, y: 10.0), (x: x, y: 10.0)],
            ])
        };
        let l = ControlLayer::new(
            Role::LandSurvey,
            "t:DLTB",
            vec![ControlFeature::new("1", sq(0.0)), ControlFeature::new("2", sq(100.0))],
        );
        let hits: Vec<_> = l
            .query_rect(Rect::new(coord! { x: 95.0, y: 1.0 }, coord! { x: 96.0, y: 2.0 }))
            .collect();
        assert!(hits.is_empty());
        let hits: Vec<_> = l
            .query_rect(Rect::new(coord! { x: 105.0, y: 1.0 }, coord! { x: 106.0, y: 2.0 }))
            .collect();
        assert_eq!(hits, vec![1]);
        assert_eq!(l.extent().unwrap().max().x, 110.0);
    }
}
