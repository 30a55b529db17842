//! Which source field feeds which parcel attribute. Defaults cover the Chinese names, their pinyin-initial
//! abbreviations and English names; a RON file can override any of them.

use serde::{Deserialize, Serialize};

use crate::model::AreaUnit;

/// Candidate field names per attribute, tried in order, case-insensitively.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FieldMap {
    pub id: Vec<String>,
    pub name: Vec<String>,
    pub county_code: Vec<String>,
    pub county_name: Vec<String>,
    pub kind: Vec<String>,
    pub planned_use: Vec<String>,
    /// The classification system of the use codes (2023 用地用海, 三调/GB/T 21010, GB 50137).
    pub use_system: Vec<String>,
    pub status: Vec<String>,
    pub area: Vec<String>,
    /// Unit of the area field; `None` lets the reader detect it by comparing with the geometry.
    pub area_unit: Option<AreaUnit>,
    pub approval_no: Vec<String>,
    pub approval_year: Vec<String>,
    pub idle_since: Vec<String>,
    pub remarks: Vec<String>,
    /// Kind to assume when the source has no kind field (a layer of only idle land, say).
    pub default_kind: Option<String>,
}

fn v(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

impl Default for FieldMap {
    fn default() -> Self {
        Self {
            id: v(&["地块编号", "DKBH", "BH", "编号", "DKDM", "id", "parcel_id", "code"]),
            name: v(&["地块名称", "DKMC", "MC", "名称", "XMMC", "name"]),
            county_code: v(&["行政区代码", "XZQDM", "XZQHDM", "行政区划代码", "adcode", "county_code"]),
            county_name: v(&["行政区", "XZQMC", "行政区名称", "县区", "所在县区", "XZQ", "county"]),
            kind: v(&[
                "存量类型",
                "CLLX",
                "存量土地类型",
                "土地类型",
                "类型",
                "LX",
                "kind",
                "stock_kind",
            ]),
            planned_use: v(&[
                "规划用途",
                "GHYT",
                "地块用途",
                "DKYT",
                "用地用海",
                "YDYH",
                "YDYHFL",
                "用途",
                "YT",
                "DLBM",
                "地类编码",
                "land_use",
                "use_code",
                "use",
            ]),
            use_system: v(&[
                "用地分类体系",
                "分类体系",
                "YDFL",
                "FLTX",
                "land_use_system",
                "use_system",
            ]),
            status: v(&["状态", "ZT", "供应状态", "GYZT", "status"]),
            area: v(&["面积", "MJ", "地块面积", "DKMJ", "TBMJ", "area"]),
            area_unit: None,
            approval_no: v(&["批准文号", "PZWH", "批复文号", "approval_no"]),
            approval_year: v(&["批准年份", "PZNF", "批准年度", "PZND", "approval_year", "year"]),
            idle_since: v(&["闲置日期", "闲置起始日期", "XZRQ", "idle_since"]),
            remarks: v(&["备注", "BZ", "remarks", "note"]),
            default_kind: None,
        }
    }
}

impl FieldMap {
    /// Reads a field-map RON file; errors name the file and line:column. A field left out keeps its default names.
    pub fn load(path: &std::path::Path) -> anyhow::Result<FieldMap> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| anyhow::anyhow!("{name}: 无法读取 / cannot read: {e}"))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        super::assets::parse_ron(text, &name)
    }
}

/// Column positions found for each attribute in one source.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolved {
    pub id: Option<usize>,
    pub name: Option<usize>,
    pub county_code: Option<usize>,
    pub county_name: Option<usize>,
    pub kind: Option<usize>,
    pub planned_use: Option<usize>,
    pub use_system: Option<usize>,
    pub status: Option<usize>,
    pub area: Option<usize>,
    pub approval_no: Option<usize>,
    pub approval_year: Option<usize>,
    pub idle_since: Option<usize>,
    pub remarks: Option<usize>,
}

impl FieldMap {
    /// Finds each attribute's column among `fields`.
    ///
    /// ```
    /// use stockfirst::io::field_map::FieldMap;
    /// let fields: Vec<String> = ["OBJECTID", "dkbh", "GHYT", "MJ"].iter().map(|s| s.to_string()).collect();
    /// let r = FieldMap::default().resolve(&fields);
    /// assert_eq!(r.id, Some(1));
    /// assert_eq!(r.planned_use, Some(2));
    /// assert_eq!(r.area, Some(3));
    /// assert_eq!(r.kind, None);
    /// ```
    pub fn resolve(&self, fields: &[String]) -> Resolved {
        let find = |cands: &[String]| {
            cands
                .iter()
                .find_map(|c| fields.iter().position(|f| f.trim().eq_ignore_ascii_case(c.trim())))
        };
        Resolved {
            id: find(&self.id),
            name: find(&self.name),
            county_code: find(&self.county_code),
            county_name: find(&self.county_name),
            kind: find(&self.kind),
            planned_use: find(&self.planned_use),
            use_system: find(&self.use_system),
            status: find(&self.status),
            area: find(&self.area),
            approval_no: find(&self.approval_no),
            approval_year: find(&self.approval_year),
            idle_since: find(&self.idle_since),
            remarks: find(&self.remarks),
        }
    }
}

impl Resolved {
    /// Attributes the library cannot work without, when missing: named for the report.
    pub fn missing_required(&self, map: &FieldMap) -> Vec<String> {
        let mut out = Vec::new();
        if self.id.is_none() {
            out.push(format!("地块编号 / parcel id (tried {:?})", map.id));
        }
        if self.planned_use.is_none() {
            out.push(format!("规划用途 / planned use (tried {:?})", map.planned_use));
        }
        if self.kind.is_none() && map.default_kind.is_none() {
            out.push(format!(
                "存量类型 / stock kind (tried {:?}; or set default_kind)",
                map.kind
            ));
        }
        if self.county_code.is_none() && self.county_name.is_none() {
            out.push(format!(
                "行政区 / county (tried {:?} and {:?})",
                map.county_code, map.county_name
            ));
        }
        out
    }
}
