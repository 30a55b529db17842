//! Named field-mapping profiles: which field of a source feeds which parcel attribute, the area unit, the default
//! kind and the text encoding, chosen once by the officer (the app's field-mapping dialog) and offered again for any
//! source with the same field set. Saved as RON in the user's config dir (`~/.config/stockfirst/field_profiles/`).
//!
//! A profile is applied whole or not at all: one whose fields are no longer all in the file does not fit, and the
//! caller asks again instead of loading half a mapping.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::field_map::{FieldMap, Resolved};
use super::field_names::unit_in_name;
use super::text_encoding::TextEncoding;
use crate::model::{AreaUnit, StockKind};

/// A parcel attribute the officer can map a field to, in the order the dialog lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attribute {
    Id,
    Name,
    Kind,
    PlannedUse,
    CountyCode,
    CountyName,
    Area,
    Status,
    ApprovalNo,
    ApprovalYear,
}

impl Attribute {
    pub const ALL: [Attribute; 10] = [
        Attribute::Id,
        Attribute::Name,
        Attribute::Kind,
        Attribute::PlannedUse,
        Attribute::CountyCode,
        Attribute::CountyName,
        Attribute::Area,
        Attribute::Status,
        Attribute::ApprovalNo,
        Attribute::ApprovalYear,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            Attribute::Id => "地块编号",
            Attribute::Name => "地块名称",
            Attribute::Kind => "存量类型",
            Attribute::PlannedUse => "规划用途",
            Attribute::CountyCode => "行政区代码",
            Attribute::CountyName => "行政区名称",
            Attribute::Area => "面积",
            Attribute::Status => "供应状态",
            Attribute::ApprovalNo => "批准文号",
            Attribute::ApprovalYear => "批准年份",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Attribute::Id => "Parcel id",
            Attribute::Name => "Parcel name",
            Attribute::Kind => "Stock kind",
            Attribute::PlannedUse => "Planned use",
            Attribute::CountyCode => "County code",
            Attribute::CountyName => "County name",
            Attribute::Area => "Area",
            Attribute::Status => "Status",
            Attribute::ApprovalNo => "Approval no.",
            Attribute::ApprovalYear => "Approval year",
        }
    }

    /// The library cannot load without it (the kind may come from the default kind instead).
    pub fn required(self) -> bool {
        matches!(self, Attribute::Kind | Attribute::PlannedUse)
    }
}

/// The field chosen for each attribute (`None`: not in this source).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FieldChoices {
    pub id: Option<String>,
    pub name: Option<String>,
    pub kind: Option<String>,
    pub planned_use: Option<String>,
    pub county_code: Option<String>,
    pub county_name: Option<String>,
    pub area: Option<String>,
    pub status: Option<String>,
    pub approval_no: Option<String>,
    pub approval_year: Option<String>,
}

impl FieldChoices {
    pub fn get(&self, a: Attribute) -> Option<&String> {
        self.slot(a).as_ref()
    }

    pub fn set(&mut self, a: Attribute, field: Option<String>) {
        *self.slot_mut(a) = field;
    }

    fn slot(&self, a: Attribute) -> &Option<String> {
        match a {
            Attribute::Id => &self.id,
            Attribute::Name => &self.name,
            Attribute::Kind => &self.kind,
            Attribute::PlannedUse => &self.planned_use,
            Attribute::CountyCode => &self.county_code,
            Attribute::CountyName => &self.county_name,
            Attribute::Area => &self.area,
            Attribute::Status => &self.status,
            Attribute::ApprovalNo => &self.approval_no,
            Attribute::ApprovalYear => &self.approval_year,
        }
    }

    fn slot_mut(&mut self, a: Attribute) -> &mut Option<String> {
        match a {
            Attribute::Id => &mut self.id,
            Attribute::Name => &mut self.name,
            Attribute::Kind => &mut self.kind,
            Attribute::PlannedUse => &mut self.planned_use,
            Attribute::CountyCode => &mut self.county_code,
            Attribute::CountyName => &mut self.county_name,
            Attribute::Area => &mut self.area,
            Attribute::Status => &mut self.status,
            Attribute::ApprovalNo => &mut self.approval_no,
            Attribute::ApprovalYear => &mut self.approval_year,
        }
    }

    /// What the default names (national names, Chinese labels, pinyin initials) find in `fields`: the dialog's
    /// preselection.
    ///
    /// ```
    /// use stockfirst::io::field_profiles::{Attribute, FieldChoices};
    /// let fields: Vec<String> = ["A_ID", "YT", "MJ_M2"].iter().map(|s| s.to_string()).collect();
    /// let c = FieldChoices::detect(&fields);
    /// assert_eq!(c.get(Attribute::PlannedUse).map(String::as_str), Some("YT"));
    /// assert_eq!(c.get(Attribute::Area).map(String::as_str), Some("MJ_M2"));
    /// assert_eq!(c.get(Attribute::Id), None);
    /// ```
    pub fn detect(fields: &[String]) -> FieldChoices {
        let r: Resolved = FieldMap::default().resolve(fields);
        let f = |i: Option<usize>| i.and_then(|i| fields.get(i)).cloned();
        FieldChoices {
            id: f(r.id),
            name: f(r.name),
            kind: f(r.kind),
            planned_use: f(r.planned_use),
            county_code: f(r.county_code),
            county_name: f(r.county_name),
            area: f(r.area),
            status: f(r.status),
            approval_no: f(r.approval_no),
            approval_year: f(r.approval_year),
        }
    }

    /// Attributes more than one field of `fields` could feed by the default names: the officer should look.
    pub fn ambiguous(fields: &[String]) -> Vec<Attribute> {
        let map = FieldMap::default();
        let names = |a: Attribute| -> &[String] {
            match a {
                Attribute::Id => &map.id,
                Attribute::Name => &map.name,
                Attribute::Kind => &map.kind,
                Attribute::PlannedUse => &map.planned_use,
                Attribute::CountyCode => &map.county_code,
                Attribute::CountyName => &map.county_name,
                Attribute::Area => &map.area,
                Attribute::Status => &map.status,
                Attribute::ApprovalNo => &map.approval_no,
                Attribute::ApprovalYear => &map.approval_year,
            }
        };
        Attribute::ALL
            .into_iter()
            .filter(|&a| {
                // A field matches by its name, or by its name without a unit (MJ_M2 is MJ in m²).
                let fits = |f: &str, c: &str| {
                    f.trim().eq_ignore_ascii_case(c.trim())
                        || unit_in_name(f).is_some_and(|(base, _)| base.eq_ignore_ascii_case(c.trim()))
                };
                let n = fields.iter().filter(|f| names(a).iter().any(|c| fits(f, c))).count();
                n > 1
            })
            .collect()
    }
}

/// A named mapping for one field set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldProfile {
    pub name: String,
    /// The source's fields when the profile was made: offered again for a source with the same set.
    pub fields: Vec<String>,
    pub choices: FieldChoices,
    /// `None`: detected by comparing the stated areas with the geometry.
    #[serde(default)]
    pub area_unit: Option<AreaUnit>,
    /// The kind of every parcel when no kind field is chosen (存量类型 in Chinese, e.g. "批而未供").
    #[serde(default)]
    pub default_kind: Option<StockKind>,
    /// "UTF-8" or "GBK"; `None`: detected.
    #[serde(default)]
    pub encoding: Option<String>,
}

impl FieldProfile {
    /// The field map this profile means: exactly the chosen fields, no fallback names (nothing half-applied).
    pub fn field_map(&self) -> FieldMap {
        let one = |f: &Option<String>| f.iter().cloned().collect::<Vec<_>>();
        let c = &self.choices;
        FieldMap {
            id: one(&c.id),
            name: one(&c.name),
            county_code: one(&c.county_code),
            county_name: one(&c.county_name),
            kind: one(&c.kind),
            idle_flag: Vec::new(),
            planned_use: one(&c.planned_use),
            use_system: FieldMap::default().use_system,
            status: one(&c.status),
            area: one(&c.area),
            area_unit: self.area_unit,
            approval_no: one(&c.approval_no),
            approval_year: one(&c.approval_year),
            idle_since: Vec::new(),
            remarks: FieldMap::default().remarks,
            default_kind: self.default_kind.map(|k| k.zh().to_string()),
        }
    }

    pub fn text_encoding(&self) -> Option<TextEncoding> {
        self.encoding.as_deref().and_then(TextEncoding::from_label)
    }

    /// The chosen fields missing from `fields`: empty when the profile fits the source.
    ///
    /// ```
    /// use stockfirst::io::field_profiles::{FieldChoices, FieldProfile};
    /// let p = FieldProfile {
    ///     name: "县局导出".into(),
    ///     fields: vec!["A_ID".into(), "YT".into()],
    ///     choices: FieldChoices { id: Some("A_ID".into()), planned_use: Some("YT".into()), ..Default::default() },
    ///     area_unit: None,
    ///     default_kind: None,
    ///     encoding: None,
    /// };
    /// assert!(p.missing_in(&["a_id".to_string(), "YT".to_string()]).is_empty());
    /// assert_eq!(p.missing_in(&["ID".to_string(), "YT".to_string()]), vec!["A_ID".to_string()]);
    /// ```
    pub fn missing_in(&self, fields: &[String]) -> Vec<String> {
        Attribute::ALL
            .iter()
            .filter_map(|&a| self.choices.get(a))
            .filter(|f| !fields.iter().any(|g| g.trim().eq_ignore_ascii_case(f.trim())))
            .cloned()
            .collect()
    }

    /// The same mapping, whatever the profile is called (a new name needs no new preview).
    pub fn same_mapping(&self, other: &FieldProfile) -> bool {
        self.choices == other.choices
            && self.area_unit == other.area_unit
            && self.default_kind == other.default_kind
            && self.encoding == other.encoding
    }

    /// The same field set (order and case aside): a profile to offer for this source.
    pub fn same_fields(&self, fields: &[String]) -> bool {
        let norm = |v: &[String]| {
            let mut v: Vec<String> = v.iter().map(|s| s.trim().to_uppercase()).collect();
            v.sort();
            v.dedup();
            v
        };
        norm(&self.fields) == norm(fields)
    }
}

/// Where profiles live: `$XDG_CONFIG_HOME/stockfirst/field_profiles`, else `~/.config/…`, else `%APPDATA%\…`.
pub fn profiles_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
        .unwrap_or_else(std::env::temp_dir);
    base.join("stockfirst").join("field_profiles")
}

/// A file name for a profile name: path separators and other awkward characters become `_`.
fn file_name(name: &str) -> String {
    let clean: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let clean = clean.trim_start_matches('.');
    format!("{}.ron", if clean.is_empty() { "profile" } else { clean })
}

/// Saves `profile` atomically as `dir/NAME.ron`, replacing one of the same name.
pub fn save_profile(dir: &Path, profile: &FieldProfile) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
    let path = dir.join(file_name(&profile.name));
    let text = ron::ser::to_string_pretty(profile, ron::ser::PrettyConfig::default())
        .context("字段映射方案序列化 / serialising the field profile")?;
    super::atomic::write_bytes(&path, text.as_bytes())?;
    Ok(path)
}

/// Every profile in `dir`, by name; a file that does not parse is named in the second list (file:line).
pub fn load_profiles(dir: &Path) -> (Vec<FieldProfile>, Vec<String>) {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (out, bad);
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")))
        .collect();
    paths.sort();
    for p in paths {
        let name = p.display().to_string();
        match std::fs::read_to_string(&p)
            .map_err(anyhow::Error::from)
            .and_then(|t| super::assets::parse_ron::<FieldProfile>(&t, &name))
        {
            Ok(profile) => out.push(profile),
            Err(e) => bad.push(format!("{name}: {e:#}")),
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    (out, bad)
}

/// The profile to offer for a source with `fields`: the first with the same field set.
pub fn offer_for<'a>(profiles: &'a [FieldProfile], fields: &[String]) -> Option<&'a FieldProfile> {
    profiles.iter().find(|p| p.same_fields(fields))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn profile() -> FieldProfile {
        FieldProfile {
            name: "县局/导出".into(),
            fields: names(&["A_ID", "YT", "MJ_M2"]),
            choices: FieldChoices {
                id: Some("A_ID".into()),
                planned_use: Some("YT".into()),
                area: Some("MJ_M2".into()),
                ..Default::default()
            },
            area_unit: Some(AreaUnit::SquareMetre),
            default_kind: Some(StockKind::ApprovedUnsupplied),
            encoding: Some("GBK".into()),
        }
    }

    #[test]
    fn saved_profiles_load_back_and_are_offered_for_the_same_fields_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = save_profile(dir.path(), &profile()).unwrap();
        // The slash in the name does not make a sub-folder.
        assert_eq!(path.file_name().unwrap().to_string_lossy(), "县局_导出.ron");
        std::fs::write(dir.path().join("broken.ron"), "FieldProfile(name: ").unwrap();
        let (all, bad) = load_profiles(dir.path());
        assert_eq!(all, vec![profile()]);
        assert_eq!(bad.len(), 1, "{bad:?}");
        assert!(bad[0].contains("broken.ron"));
        assert!(offer_for(&all, &names(&["mj_m2", "yt", "a_id"])).is_some());
        assert!(offer_for(&all, &names(&["A_ID", "YT"])).is_none());
        assert!(offer_for(&all, &names(&["A_ID", "YT", "MJ_M2", "BZ"])).is_none());
    }

    #[test]
    fn the_field_map_is_exactly_the_choices() {
        let p = profile();
        let m = p.field_map();
        assert_eq!(m.id, names(&["A_ID"]));
        assert!(m.kind.is_empty() && m.county_code.is_empty());
        assert_eq!(m.default_kind.as_deref(), Some("批而未供"));
        assert_eq!(StockKind::parse("批而未供"), Some(StockKind::ApprovedUnsupplied));
        assert_eq!(p.text_encoding(), Some(TextEncoding::Gbk));
        // A renamed field: the profile does not fit, and says which field is gone.
        assert_eq!(p.missing_in(&names(&["ID", "YT", "MJ_M2"])), names(&["A_ID"]));
    }

    #[test]
    fn two_fields_for_one_attribute_are_ambiguous() {
        let a = FieldChoices::ambiguous(&names(&["DKBH", "BSM", "GHYT"]));
        assert_eq!(a, vec![Attribute::Id]);
        // An area field with its unit in its name counts too.
        let a = FieldChoices::ambiguous(&names(&["A_ID", "MJ_M2", "TBMJ"]));
        assert_eq!(a, vec![Attribute::Area]);
        assert!(FieldChoices::ambiguous(&names(&["DKBH", "GHYT"])).is_empty());
    }
}
