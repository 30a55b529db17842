//! Which source field feeds which parcel attribute. Defaults cover the Chinese names, their pinyin-initial
//! abbreviations and English names; a RON file can override any of them.

use serde::{Deserialize, Serialize};

use super::field_names::{unit_in_name, use_system_of_field};
use crate::model::{AreaUnit, LandUseSystem};

/// Candidate field names per attribute, tried in order, case-insensitively.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FieldMap {
    pub id: Vec<String>,
    pub name: Vec<String>,
    pub county_code: Vec<String>,
    pub county_name: Vec<String>,
    pub kind: Vec<String>,
    /// A yes/no 是否闲置 field: "是" makes the parcel idle land (闲置土地); "否" leaves the kind to the rest.
    pub idle_flag: Vec<String>,
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
    /// The names of the national databases come with their Chinese labels (domain notes §7): 用途管制 layers
    /// (DZJGH, XMMC, PCMC, PZWH, PZRQ, PZZMJ), 用地用海 2023 (YDYHFLDM), 三调 (DLBM, ZLDWDM, TBMJ). Names a
    /// parcel has of its own (地块编号, 地块面积) come before the project- or batch-level ones.
    fn default() -> Self {
        Self {
            id: v(&[
                "地块编号",
                "DKBH",
                "电子监管号",
                "DZJGH",
                "BH",
                "编号",
                "DKDM",
                "标识码",
                "BSM",
                "id",
                "parcel_id",
                "code",
            ]),
            name: v(&[
                "地块名称",
                "DKMC",
                "项目名称",
                "XMMC",
                "批次名称",
                "PCMC",
                "MC",
                "名称",
                "name",
            ]),
            county_code: v(&[
                "行政区代码",
                "XZQDM",
                "XZQHDM",
                "行政区划代码",
                "坐落单位代码",
                "ZLDWDM",
                "adcode",
                "county_code",
            ]),
            county_name: v(&[
                "行政区",
                "XZQMC",
                "行政区名称",
                "县区",
                "所在县区",
                "XZQ",
                "坐落单位名称",
                "ZLDWMC",
                "county",
            ]),
            kind: v(&[
                "存量类型",
                "CLLX",
                "存量土地类型",
                "土地类型",
                "TDLX",
                "类型",
                "LX",
                "kind",
                "stock_kind",
            ]),
            idle_flag: v(&["是否闲置", "SFXZ"]),
            planned_use: v(&[
                "规划用途",
                "GHYT",
                "用地用海分类代码",
                "YDYHFLDM",
                "GHYDFLDM",
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
            area: v(&[
                "面积",
                "MJ",
                "地块面积",
                "DKMJ",
                "图斑面积",
                "TBMJ",
                "批准面积",
                "PZMJ",
                "批准总面积",
                "PZZMJ",
                "area",
            ]),
            area_unit: None,
            approval_no: v(&["批准文号", "PZWH", "批复文号", "approval_no"]),
            approval_year: v(&[
                "批准年份",
                "PZNF",
                "批准年度",
                "PZND",
                "批准日期",
                "PZRQ",
                "批准时间",
                "PZSJ",
                "approval_year",
                "year",
            ]),
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
    pub idle_flag: Option<usize>,
    pub planned_use: Option<usize>,
    pub use_system: Option<usize>,
    pub status: Option<usize>,
    pub area: Option<usize>,
    pub approval_no: Option<usize>,
    pub approval_year: Option<usize>,
    pub idle_since: Option<usize>,
    pub remarks: Option<usize>,
    /// The unit the area field's own name states (`PZZMJ_GQ`, `面积（亩）`).
    pub area_unit_in_name: Option<AreaUnit>,
    /// The classification the use field's own name states (`YDYHFLDM` is 2023 用地用海).
    pub use_system_in_name: Option<LandUseSystem>,
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
        // An area field may carry its unit in its name (PZZMJ_GQ, 面积（亩）): matched on the name without it.
        let (area, area_unit_in_name) = match find(&self.area) {
            Some(i) => (Some(i), unit_in_name(&fields[i]).map(|(_, u)| u)),
            None => self
                .area
                .iter()
                .find_map(|c| {
                    fields.iter().enumerate().find_map(|(i, f)| {
                        let (base, unit) = unit_in_name(f)?;
                        base.eq_ignore_ascii_case(c.trim()).then_some((Some(i), Some(unit)))
                    })
                })
                .unwrap_or((None, None)),
        };
        let planned_use = find(&self.planned_use);
        Resolved {
            id: find(&self.id),
            name: find(&self.name),
            county_code: find(&self.county_code),
            county_name: find(&self.county_name),
            kind: find(&self.kind),
            idle_flag: find(&self.idle_flag),
            planned_use,
            use_system: find(&self.use_system),
            status: find(&self.status),
            area,
            approval_no: find(&self.approval_no),
            approval_year: find(&self.approval_year),
            idle_since: find(&self.idle_since),
            remarks: find(&self.remarks),
            area_unit_in_name,
            use_system_in_name: planned_use.and_then(|i| use_system_of_field(&fields[i])),
        }
    }
}

impl Resolved {
    /// Attributes the library cannot work without, when missing: named for the report.
    /// `kind_elsewhere`: the kind comes from somewhere else (the layer or file name, a 是否闲置 field).
    pub fn missing_required(&self, map: &FieldMap, kind_elsewhere: bool) -> Vec<String> {
        let mut out = Vec::new();
        if self.id.is_none() {
            out.push(format!("地块编号 / parcel id (tried {:?})", map.id));
        }
        if self.planned_use.is_none() {
            out.push(format!("规划用途 / planned use (tried {:?})", map.planned_use));
        }
        if self.kind.is_none() && map.default_kind.is_none() && !kind_elsewhere {
            out.push(format!(
                "存量类型 / stock kind (tried {:?}; or set default_kind, or name the layer or file after the kind, e.g. 批而未供 / PEWG)",
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names(f: &[&str]) -> Vec<String> {
        f.iter().map(|s| s.to_string()).collect()
    }

    /// The file `--help` names parses, and says what its comments say.
    #[test]
    fn the_example_field_map_parses() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/field_map.example.ron");
        let map = FieldMap::load(&path).unwrap();
        assert_eq!(map.area_unit, Some(AreaUnit::Hectare));
        assert_eq!(map.default_kind.as_deref(), Some("批而未供"));
        assert_eq!(map.id[..4], names(&["地块编号", "DKBH", "电子监管号", "DZJGH"])[..]);
        let fields = names(&[
            "FID", "XZQDM", "XZQMC", "DZJGH", "XMMC", "PZWH", "PZZMJ", "YDYHFLDM", "PZRQ",
        ]);
        let r = map.resolve(&fields);
        assert_eq!(
            (r.id, r.name, r.county_code, r.county_name, r.area, r.planned_use),
            (Some(3), Some(4), Some(1), Some(2), Some(6), Some(7))
        );
        assert_eq!((r.approval_no, r.approval_year, r.kind), (Some(5), Some(8), None));
        assert!(r.missing_required(&map, false).is_empty());
    }

    /// The national names resolve with no map at all (domain notes §7).
    #[test]
    fn national_names_resolve_by_default() {
        let map = FieldMap::default();
        let fields = names(&[
            "XZQDM", "XZQMC", "DZJGH", "XMMC", "PZWH", "PZZMJ", "YDYHFLDM", "TDLX", "ZT", "SFXZ",
        ]);
        let r = map.resolve(&fields);
        assert_eq!(r.county_code, Some(0));
        assert_eq!(r.county_name, Some(1));
        assert_eq!(r.id, Some(2));
        assert_eq!(r.name, Some(3));
        assert_eq!(r.approval_no, Some(4));
        assert_eq!(r.area, Some(5));
        assert_eq!(r.planned_use, Some(6));
        assert_eq!(r.use_system_in_name, Some(LandUseSystem::Ydyh2023));
        assert_eq!(r.kind, Some(7));
        assert_eq!(r.status, Some(8));
        assert_eq!(r.idle_flag, Some(9));
        // 三调 names: DLBM, ZLDWDM, TBMJ, BSM.
        let r = map.resolve(&names(&["BSM", "DLBM", "ZLDWDM", "TBMJ"]));
        assert_eq!(
            (r.id, r.planned_use, r.county_code, r.area),
            (Some(0), Some(1), Some(2), Some(3))
        );
        assert_eq!(r.use_system_in_name, None);
    }

    #[test]
    fn a_unit_in_the_area_field_name_is_found_and_kept() {
        let map = FieldMap::default();
        let r = map.resolve(&names(&["DKBH", "PZZMJ_GQ"]));
        assert_eq!((r.area, r.area_unit_in_name), (Some(1), Some(AreaUnit::Hectare)));
        let r = map.resolve(&names(&["DKBH", "面积（亩）"]));
        assert_eq!((r.area, r.area_unit_in_name), (Some(1), Some(AreaUnit::Mu)));
        // A plain name says nothing about its unit.
        let r = map.resolve(&names(&["MJ"]));
        assert_eq!((r.area, r.area_unit_in_name), (Some(0), None));
        // The parcel's own area comes before the batch's approved total.
        let r = map.resolve(&names(&["PZZMJ", "MJ"]));
        assert_eq!(r.area, Some(1));
    }

    #[test]
    fn a_kind_from_elsewhere_makes_the_kind_field_optional() {
        let map = FieldMap::default();
        let r = map.resolve(&names(&["DKBH", "YDYHFLDM", "XZQDM"]));
        assert_eq!(r.missing_required(&map, false).len(), 1);
        assert!(r.missing_required(&map, true).is_empty());
    }
}
