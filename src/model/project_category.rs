//! What kind of project it is, for clause (十一): which kinds may be sited outside the 城镇开发边界.

use serde::{Deserialize, Serialize};

/// 项目类别. Optional on a requirement; the 合规性审查 asks for it when a red line leaves the 城镇开发边界.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ProjectCategory {
    /// 战略物资储备.
    StrategicReserve,
    /// 文旅设施.
    CulturalTourism,
    /// 防灾减灾设施.
    DisasterPrevention,
    /// 有特定选址需求的其他基础设施.
    Infrastructure,
    /// 有特定选址需求的公共服务设施.
    PublicService,
    /// 乡村产业项目及其配套基础设施 (outside the 村庄建设边界).
    RuralIndustry,
    /// 单独选址建设项目目录内的项目 (文物保护利用设施、新型基础设施、未来产业).
    SingleSite,
    /// 城镇建设项目 (工业、居住、商业等).
    Urban,
}

impl ProjectCategory {
    pub const ALL: [ProjectCategory; 8] = [
        ProjectCategory::StrategicReserve,
        ProjectCategory::CulturalTourism,
        ProjectCategory::DisasterPrevention,
        ProjectCategory::Infrastructure,
        ProjectCategory::PublicService,
        ProjectCategory::RuralIndustry,
        ProjectCategory::SingleSite,
        ProjectCategory::Urban,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            ProjectCategory::StrategicReserve => "战略物资储备",
            ProjectCategory::CulturalTourism => "文旅设施",
            ProjectCategory::DisasterPrevention => "防灾减灾设施",
            ProjectCategory::Infrastructure => "有特定选址需求的基础设施",
            ProjectCategory::PublicService => "有特定选址需求的公共服务设施",
            ProjectCategory::RuralIndustry => "乡村产业项目及配套基础设施",
            ProjectCategory::SingleSite => "单独选址建设项目",
            ProjectCategory::Urban => "城镇建设项目",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            ProjectCategory::StrategicReserve => "strategic reserve",
            ProjectCategory::CulturalTourism => "culture and tourism facility",
            ProjectCategory::DisasterPrevention => "disaster prevention facility",
            ProjectCategory::Infrastructure => "infrastructure with a specific site need",
            ProjectCategory::PublicService => "public service facility with a specific site need",
            ProjectCategory::RuralIndustry => "rural industry and its infrastructure",
            ProjectCategory::SingleSite => "single-site project (catalogue)",
            ProjectCategory::Urban => "urban construction project",
        }
    }

    /// Short code for the command line.
    pub fn code(self) -> &'static str {
        match self {
            ProjectCategory::StrategicReserve => "strategic-reserve",
            ProjectCategory::CulturalTourism => "culture-tourism",
            ProjectCategory::DisasterPrevention => "disaster-prevention",
            ProjectCategory::Infrastructure => "infrastructure",
            ProjectCategory::PublicService => "public-service",
            ProjectCategory::RuralIndustry => "rural-industry",
            ProjectCategory::SingleSite => "single-site",
            ProjectCategory::Urban => "urban",
        }
    }

    /// From the short code, the variant name or the Chinese name.
    ///
    /// ```
    /// use stockfirst::model::ProjectCategory;
    /// assert_eq!(ProjectCategory::parse("文旅设施"), Some(ProjectCategory::CulturalTourism));
    /// assert_eq!(ProjectCategory::parse("rural-industry"), Some(ProjectCategory::RuralIndustry));
    /// assert_eq!(ProjectCategory::parse("x"), None);
    /// ```
    pub fn parse(s: &str) -> Option<ProjectCategory> {
        let t = s.trim();
        ProjectCategory::ALL
            .into_iter()
            .find(|c| c.code() == t || c.zh() == t || format!("{c:?}") == t)
    }
}
