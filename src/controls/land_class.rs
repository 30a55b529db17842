//! The 地类 catalogue of the land survey (三调 工作分类) and how a DLBM as written in the wild is read: letter
//! suffixes (1104A 养殖坑塘, 0201K 可调整果园), five-character codes, and codes the catalogue does not know.

use serde::{Deserialize, Serialize};

/// The three top classes every 用地报批 table groups by (土地管理法 第四条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LandGroup {
    /// 农用地.
    Agricultural,
    /// 建设用地.
    Construction,
    /// 未利用地.
    Unused,
}

impl LandGroup {
    pub const ALL: [LandGroup; 3] = [LandGroup::Agricultural, LandGroup::Construction, LandGroup::Unused];

    pub fn zh(self) -> &'static str {
        match self {
            LandGroup::Agricultural => "农用地",
            LandGroup::Construction => "建设用地",
            LandGroup::Unused => "未利用地",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            LandGroup::Agricultural => "agricultural land",
            LandGroup::Construction => "construction land",
            LandGroup::Unused => "unused land",
        }
    }
}

/// One 地类 of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LandClass {
    pub code: String,
    pub name: String,
    pub group: LandGroup,
}

/// The catalogue a DLTB layer is read against (`assets/controls.ron`, with its source).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LandCatalogue {
    /// Where the classes and their grouping come from.
    pub source: String,
    /// 耕地 codes (水田, 水浇地, 旱地): the only classes the 田坎 deduction applies to.
    pub cultivated: Vec<String>,
    /// The class the deducted 田坎 share goes to (1203 田坎).
    pub tiankan: String,
    /// Prefixes of forest land (林地, 03): a footprint on them needs 用地用林 (clause 十四).
    pub forest_prefixes: Vec<String>,
    pub classes: Vec<LandClass>,
}

/// How a DLBM was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved<'a> {
    pub class: &'a LandClass,
    /// Set when the code was not in the catalogue as written and was read as `class` (suffix or fifth character
    /// dropped, or a parent class): the officer is told.
    pub note: Option<String>,
}

impl LandCatalogue {
    pub fn class(&self, code: &str) -> Option<&LandClass> {
        self.classes.iter().find(|c| c.code == code)
    }

    /// Reads a DLBM as written: exact first (1104A, 08H2A and 0201K are classes of their own), then without trailing
    /// letters, then its first four characters, then its level-1 code. `None` when nothing matches.
    ///
    /// ```
    /// use stockfirst::controls::{LandCatalogue, LandClass, LandGroup};
    /// let c = |code: &str, name: &str, group| LandClass { code: code.into(), name: name.into(), group };
    /// let cat = LandCatalogue {
    ///     source: "test".into(), cultivated: vec!["0103".into()], tiankan: "1203".into(), forest_prefixes: vec!["03".into()],
    ///     classes: vec![c("0103", "旱地", LandGroup::Agricultural), c("1104", "坑塘水面", LandGroup::Agricultural),
    ///                   c("1104A", "养殖坑塘", LandGroup::Agricultural)],
    /// };
    /// assert_eq!(cat.resolve("1104A").unwrap().class.name, "养殖坑塘");
    /// let r = cat.resolve("1104B").unwrap();      // an unknown suffix: read as 1104, and said so
    /// assert_eq!((r.class.code.as_str(), r.note.is_some()), ("1104", true));
    /// assert_eq!(cat.resolve("01031").unwrap().class.code, "0103"); // five characters
    /// assert_eq!(cat.resolve(" 0103 ").unwrap().note, None);
    /// assert!(cat.resolve("9999").is_none());
    /// ```
    pub fn resolve(&self, dlbm: &str) -> Option<Resolved<'_>> {
        let code = dlbm.trim().to_ascii_uppercase();
        if let Some(class) = self.class(&code) {
            return Some(Resolved { class, note: None });
        }
        let stripped = code.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let four: String = code.chars().take(4).collect();
        let two: String = code.chars().take(2).collect();
        for candidate in [stripped, four.as_str(), two.as_str()] {
            if candidate.is_empty() || candidate == code {
                continue;
            }
            if let Some(class) = self.class(candidate) {
                return Some(Resolved {
                    class,
                    note: Some(format!(
                        "地类编码 {dlbm} 不在地类表中，按 {} {} 统计 / DLBM {dlbm} is not in the catalogue; counted as {}",
                        class.code, class.name, class.code
                    )),
                });
            }
        }
        None
    }

    /// Whether `code` (a catalogue code) is 耕地.
    pub fn is_cultivated(&self, code: &str) -> bool {
        self.cultivated.iter().any(|c| c == code)
    }

    /// Whether `code` is forest land (林地).
    pub fn is_forest(&self, code: &str) -> bool {
        self.forest_prefixes.iter().any(|p| code.starts_with(p.as_str()))
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    use super::*;

    /// A small catalogue for unit tests (the shipped one is in `assets/controls.ron`).
    pub fn catalogue() -> LandCatalogue {
        let c = |code: &str, name: &str, group| LandClass {
            code: code.into(),
            name: name.into(),
            group,
        };
        use LandGroup::*;
        LandCatalogue {
            source: "fixture".into(),
            cultivated: vec!["0101".into(), "0102".into(), "0103".into()],
            tiankan: "1203".into(),
            forest_prefixes: vec!["03".into()],
            classes: vec![
                c("0101", "水田", Agricultural),
                c("0102", "水浇地", Agricultural),
                c("0103", "旱地", Agricultural),
                c("0301", "乔木林地", Agricultural),
                c("0601", "工业用地", Construction),
                c("0702", "农村宅基地", Construction),
                c("1104", "坑塘水面", Agricultural),
                c("1104A", "养殖坑塘", Agricultural),
                c("1107", "沟渠", Agricultural),
                c("1107A", "干渠", Construction),
                c("1203", "田坎", Agricultural),
                c("1206", "裸土地", Unused),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixed_codes_are_classes_of_their_own_when_listed() {
        let cat = fixture::catalogue();
        // 1107A 干渠 is listed: it is not read as 1107 沟渠.
        let r = cat.resolve("1107A").unwrap();
        assert_eq!(
            (r.class.name.as_str(), r.class.group),
            ("干渠", LandGroup::Construction)
        );
        assert!(r.note.is_none());
        // Lower case is read too.
        assert_eq!(cat.resolve("1104a").unwrap().class.code, "1104A");
    }

    #[test]
    fn unknown_level_two_falls_back_to_nothing_without_a_parent() {
        let cat = fixture::catalogue();
        assert!(cat.resolve("0999").is_none());
        assert!(cat.resolve("").is_none());
    }

    #[test]
    fn cultivated_and_forest() {
        let cat = fixture::catalogue();
        assert!(cat.is_cultivated("0102") && !cat.is_cultivated("1203"));
        assert!(cat.is_forest("0301") && !cat.is_forest("0103"));
    }
}
