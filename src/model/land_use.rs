//! Land-use codes and the classification system each belongs to.
//!
//! The same digits mean different things in different systems (0601 is 工业 in 三调 / GB/T 21010 but
//! 农业设施建设用地 in 2023 用地用海), so a code never travels without its system.

use serde::{Deserialize, Serialize};

/// 用地分类体系.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub enum LandUseSystem {
    /// 《国土空间调查、规划、用途管制用地用海分类指南》(2023) — the working system.
    #[default]
    Ydyh2023,
    /// 三调 / GB/T 21010 土地利用现状分类.
    Gbt21010,
    /// GB 50137 城市用地分类 (letters R/B/M/W…), still in control-plan data.
    Gb50137,
}

impl LandUseSystem {
    pub fn zh(self) -> &'static str {
        match self {
            LandUseSystem::Ydyh2023 => "用地用海分类(2023)",
            LandUseSystem::Gbt21010 => "三调/GB/T 21010",
            LandUseSystem::Gb50137 => "GB 50137",
        }
    }
    /// Reads a system tag as written in data ("YDYH2023", "三调", "GB50137"…).
    ///
    /// ```
    /// use stockfirst::model::LandUseSystem;
    /// assert_eq!(LandUseSystem::parse("YDYH2023"), Some(LandUseSystem::Ydyh2023));
    /// assert_eq!(LandUseSystem::parse("三调"), Some(LandUseSystem::Gbt21010));
    /// assert_eq!(LandUseSystem::parse("GB 50137-2011"), Some(LandUseSystem::Gb50137));
    /// ```
    pub fn parse(s: &str) -> Option<LandUseSystem> {
        let t = s.trim().to_ascii_uppercase().replace([' ', '/', '-', '_'], "");
        if t.contains("YDYH") || t.contains("用地用海") || t.contains("2023") {
            Some(LandUseSystem::Ydyh2023)
        } else if t.contains("21010") || t.contains("三调") || t.contains("现状") {
            Some(LandUseSystem::Gbt21010)
        } else if t.contains("50137") || t.contains("城市用地") {
            Some(LandUseSystem::Gb50137)
        } else {
            None
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            LandUseSystem::Ydyh2023 => "YDYH 2023",
            LandUseSystem::Gbt21010 => "GB/T 21010 (3rd survey)",
            LandUseSystem::Gb50137 => "GB 50137",
        }
    }
}

/// A land-use code in its system.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LandUse {
    pub system: LandUseSystem,
    pub code: String,
}

impl LandUse {
    pub fn ydyh(code: &str) -> Self {
        Self {
            system: LandUseSystem::Ydyh2023,
            code: code.to_string(),
        }
    }

    /// The level-1 (two-character) group: "100101" → "10".
    pub fn level1(&self) -> &str {
        self.code.get(..2).unwrap_or(&self.code)
    }

    /// True when `other` is this code or one of its descendants or ancestors in the same system.
    ///
    /// ```
    /// use stockfirst::model::LandUse;
    /// assert!(LandUse::ydyh("1001").is_lineal(&LandUse::ydyh("100101")));
    /// assert!(LandUse::ydyh("100102").is_lineal(&LandUse::ydyh("10")));
    /// assert!(!LandUse::ydyh("1001").is_lineal(&LandUse::ydyh("1101")));
    /// ```
    pub fn is_lineal(&self, other: &LandUse) -> bool {
        self.system == other.system && (self.code.starts_with(&other.code) || other.code.starts_with(&self.code))
    }
}

/// One entry of a classification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LandUseClass {
    pub code: String,
    pub zh: String,
    #[serde(default)]
    pub en: String,
}

/// A mapping of an older code to 2023 codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Crosswalk {
    pub from: LandUseSystem,
    pub code: String,
    #[serde(default)]
    pub zh: String,
    /// Candidate 2023 codes; more than one means the mapping is ambiguous.
    pub to: Vec<String>,
    #[serde(default)]
    pub note: String,
}

/// The 2023 catalogue plus crosswalks from the older systems (`assets/land_use/*.ron`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LandUseCatalog {
    pub ydyh2023: Vec<LandUseClass>,
    pub crosswalk: Vec<Crosswalk>,
}

/// What a raw code from a source means in the working system.
#[derive(Debug, Clone, PartialEq)]
pub struct Interpretation {
    pub land_use: LandUse,
    /// Set when the code was converted or is ambiguous: the officer must see it.
    pub warning: Option<String>,
}

impl LandUseCatalog {
    pub fn class(&self, code: &str) -> Option<&LandUseClass> {
        self.ydyh2023.iter().find(|c| c.code == code)
    }

    pub fn name_zh(&self, lu: &LandUse) -> String {
        match lu.system {
            LandUseSystem::Ydyh2023 => self
                .class(&lu.code)
                .map(|c| c.zh.clone())
                .unwrap_or_else(|| lu.code.clone()),
            _ => format!("{} ({})", lu.code, lu.system.zh()),
        }
    }

    pub fn name_en(&self, lu: &LandUse) -> String {
        match lu.system {
            LandUseSystem::Ydyh2023 => self
                .class(&lu.code)
                .map(|c| if c.en.is_empty() { c.zh.clone() } else { c.en.clone() })
                .unwrap_or_else(|| lu.code.clone()),
            _ => format!("{} ({})", lu.code, lu.system.en()),
        }
    }

    /// The parent code in the 2023 system, if it is in the catalogue.
    pub fn parent(&self, code: &str) -> Option<&LandUseClass> {
        let n = code.len();
        let p = if n > 4 {
            &code[..4]
        } else if n > 2 {
            &code[..2]
        } else {
            return None;
        };
        self.class(p)
    }

    /// Interprets a raw code. `hint` is the system the source declares, if it declares one.
    /// A 2023 code is taken as is; a letter code is GB 50137; a code known only to the crosswalk is converted
    /// with a warning; a code whose digits exist in both systems is taken as 2023 unless the source says otherwise,
    /// and the officer is told.
    pub fn interpret(&self, raw: &str, hint: Option<LandUseSystem>) -> Option<Interpretation> {
        let code = raw
            .trim()
            .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
            .to_string();
        if code.is_empty() {
            return None;
        }
        let cross = |sys: LandUseSystem| {
            self.crosswalk
                .iter()
                .find(|c| c.from == sys && c.code.eq_ignore_ascii_case(&code))
        };
        let is_letter = code.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        let system = match hint {
            Some(s) => s,
            None if is_letter => LandUseSystem::Gb50137,
            None => LandUseSystem::Ydyh2023,
        };
        if system == LandUseSystem::Ydyh2023 {
            if self.class(&code).is_some() {
                let same_name = |c: &&Crosswalk| self.class(&code).is_some_and(|k| k.zh == c.zh);
                // Only a code of undeclared system can be the other system's digits.
                let undeclared = hint.is_none();
                let warning = cross(LandUseSystem::Gbt21010).filter(|c| undeclared && !same_name(c)).map(|c| {
                    format!(
                        "代码 {code} 按 2023 用地用海分类读作“{}”；若来源为三调/GB/T 21010，则为“{}” / read as 2023 code; in GB/T 21010 it means {}",
                        self.class(&code).map(|c| c.zh.as_str()).unwrap_or(""),
                        c.zh,
                        c.zh
                    )
                });
                return Some(Interpretation {
                    land_use: LandUse::ydyh(&code),
                    warning,
                });
            }
            if hint.is_some() {
                return None;
            }
            // Not a 2023 code: maybe an older one.
            return self.convert(cross(LandUseSystem::Gbt21010)?);
        }
        self.convert(cross(system)?)
    }

    fn convert(&self, c: &Crosswalk) -> Option<Interpretation> {
        let first = c.to.first()?;
        let warning = if c.to.len() > 1 {
            format!(
                "{} 代码 {}（{}）对应多个 2023 代码 {:?}，暂取 {}，请核实 / ambiguous: maps to {:?}, took {}",
                c.from.zh(),
                c.code,
                c.zh,
                c.to,
                first,
                c.to,
                first
            )
        } else {
            format!(
                "{} 代码 {}（{}）已转换为 2023 代码 {} / converted from {} to 2023 code {}",
                c.from.zh(),
                c.code,
                c.zh,
                first,
                c.from.en(),
                first
            )
        };
        Some(Interpretation {
            land_use: LandUse::ydyh(first),
            warning: Some(warning),
        })
    }
}
