//! The tier a project is listed in. It decides which quota pool pays for new land (clauses (五)–(八)); matching
//! records it so the quota engine can pick the answer up.

use serde::{Deserialize, Serialize};

/// 项目层级.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub enum ProjectTier {
    /// 国家重大项目 — clause (五), e.g. 焦平高铁.
    NationalMajor,
    /// 省政府重大项目清单单独选址项目 — clause (五), e.g. 九渡水库.
    #[serde(alias = "ProvincialMajor")]
    ProvincialMajorSingleSite,
    /// 省重点项目 — clause (六).
    ProvincialKey,
    /// 市重点项目 (三十工程) — clause (八).
    MunicipalKey,
    /// 一般项目.
    #[default]
    Ordinary,
}

impl ProjectTier {
    pub const ALL: [ProjectTier; 5] = [
        ProjectTier::NationalMajor,
        ProjectTier::ProvincialMajorSingleSite,
        ProjectTier::ProvincialKey,
        ProjectTier::MunicipalKey,
        ProjectTier::Ordinary,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            ProjectTier::NationalMajor => "国家重大项目",
            ProjectTier::ProvincialMajorSingleSite => "省政府重大单独选址项目",
            ProjectTier::ProvincialKey => "省重点项目",
            ProjectTier::MunicipalKey => "市重点项目(三十工程)",
            ProjectTier::Ordinary => "一般项目",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            ProjectTier::NationalMajor => "national major project",
            ProjectTier::ProvincialMajorSingleSite => "provincial-government major single-site project",
            ProjectTier::ProvincialKey => "provincial key project",
            ProjectTier::MunicipalKey => "municipal key project (三十工程)",
            ProjectTier::Ordinary => "ordinary project",
        }
    }

    /// The clause whose quota pool serves this tier first.
    pub fn clause(self) -> &'static str {
        match self {
            ProjectTier::NationalMajor | ProjectTier::ProvincialMajorSingleSite => "（五）",
            ProjectTier::ProvincialKey => "（六）",
            ProjectTier::MunicipalKey => "（八）",
            ProjectTier::Ordinary => "",
        }
    }

    /// The variant's name as written in RON files.
    pub fn ident(self) -> &'static str {
        match self {
            ProjectTier::NationalMajor => "NationalMajor",
            ProjectTier::ProvincialMajorSingleSite => "ProvincialMajorSingleSite",
            ProjectTier::ProvincialKey => "ProvincialKey",
            ProjectTier::MunicipalKey => "MunicipalKey",
            ProjectTier::Ordinary => "Ordinary",
        }
    }

    /// Short code for files and the command line.
    pub fn code(self) -> &'static str {
        match self {
            ProjectTier::NationalMajor => "national",
            ProjectTier::ProvincialMajorSingleSite => "provincial-single-site",
            ProjectTier::ProvincialKey => "provincial-key",
            ProjectTier::MunicipalKey => "municipal-key",
            ProjectTier::Ordinary => "ordinary",
        }
    }

    /// Reads Chinese or English names and their usual short forms.
    ///
    /// ```
    /// use stockfirst::model::ProjectTier;
    /// assert_eq!(ProjectTier::parse("三十工程"), Some(ProjectTier::MunicipalKey));
    /// assert_eq!(ProjectTier::parse("省重点"), Some(ProjectTier::ProvincialKey));
    /// assert_eq!(ProjectTier::parse("national"), Some(ProjectTier::NationalMajor));
    /// assert_eq!(ProjectTier::parse("单独选址"), Some(ProjectTier::ProvincialMajorSingleSite));
    /// assert_eq!(ProjectTier::parse("郑州"), None);
    /// ```
    pub fn parse(s: &str) -> Option<ProjectTier> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase().replace(['_', ' '], "-");
        let by_word = match lower.as_str() {
            "national" | "national-major" | "nationalmajor" => Some(ProjectTier::NationalMajor),
            "provincial-single-site"
            | "provincial-major"
            | "provincial-major-single-site"
            | "provincialmajorsinglesite" => Some(ProjectTier::ProvincialMajorSingleSite),
            "provincial-key" | "provincial" | "provincialkey" => Some(ProjectTier::ProvincialKey),
            "municipal-key" | "municipal" | "municipalkey" | "city-key" => Some(ProjectTier::MunicipalKey),
            "ordinary" | "general" | "normal" => Some(ProjectTier::Ordinary),
            _ => None,
        };
        if by_word.is_some() {
            return by_word;
        }
        // Order matters: "省政府重大" before "省重点", "国家" before everything.
        if t.contains("国家") || lower.contains("national") {
            Some(ProjectTier::NationalMajor)
        } else if t.contains("单独选址")
            || t.contains("省政府")
            || t.contains("省级人民政府")
            || lower.contains("single-site")
        {
            Some(ProjectTier::ProvincialMajorSingleSite)
        } else if t.contains("省重点") || t.contains("省级重点") || lower.contains("provincial") {
            Some(ProjectTier::ProvincialKey)
        } else if t.contains("三十工程")
            || t.contains("市重点")
            || t.contains("市级重点")
            || lower.contains("municipal")
        {
            Some(ProjectTier::MunicipalKey)
        } else if t.contains("一般") || t.contains("普通") || lower.contains("ordinary") {
            Some(ProjectTier::Ordinary)
        } else {
            None
        }
    }
}

impl std::fmt::Display for ProjectTier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.zh())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_round_trip() {
        for t in ProjectTier::ALL {
            assert_eq!(ProjectTier::parse(t.zh()), Some(t), "{t:?}");
            assert_eq!(ProjectTier::parse(t.en()), Some(t), "{t:?}");
            assert_eq!(ProjectTier::parse(t.code()), Some(t), "{t:?}");
        }
    }

    #[test]
    fn clauses_follow_the_policy() {
        // Clause (五): national list and provincial-government single-site projects; (六) provincial key; (八) 三十工程.
        assert_eq!(ProjectTier::NationalMajor.clause(), "（五）");
        assert_eq!(ProjectTier::ProvincialMajorSingleSite.clause(), "（五）");
        assert_eq!(ProjectTier::ProvincialKey.clause(), "（六）");
        assert_eq!(ProjectTier::MunicipalKey.clause(), "（八）");
    }
}
