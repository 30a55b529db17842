//! Project tiers: which list a project is on decides which pools it may draw (clauses 五–八).

use serde::{Deserialize, Serialize};

/// The five tiers of the opinions, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tier {
    /// 纳入国家重大项目清单的项目 (e.g. 焦平高铁) — clause (五).
    NationalMajor,
    /// 纳入省级人民政府重大项目清单的单独选址项目 (e.g. 九渡水库、六股涧水库) — clause (五).
    ProvincialMajor,
    /// 省重点项目清单、“两重两新”、超长期国债、中央预算内投资、“双百工程” — clause (六).
    ProvincialKey,
    /// “三十工程”等市级重点项目 — clause (八).
    MunicipalKey,
    /// Everything else: the county's own plan quota.
    Ordinary,
}

impl Tier {
    pub const ALL: [Tier; 5] = [
        Tier::NationalMajor,
        Tier::ProvincialMajor,
        Tier::ProvincialKey,
        Tier::MunicipalKey,
        Tier::Ordinary,
    ];

    /// ```
    /// use stockfirst::quota::Tier;
    /// assert_eq!(Tier::MunicipalKey.zh(), "市级重点项目（三十工程等）");
    /// ```
    pub fn zh(self) -> &'static str {
        match self {
            Tier::NationalMajor => "国家重大项目",
            Tier::ProvincialMajor => "省政府重大单独选址项目",
            Tier::ProvincialKey => "省级重点项目",
            Tier::MunicipalKey => "市级重点项目（三十工程等）",
            Tier::Ordinary => "一般项目",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Tier::NationalMajor => "national major",
            Tier::ProvincialMajor => "provincial-government major single-site",
            Tier::ProvincialKey => "provincial key",
            Tier::MunicipalKey => "municipal key (三十工程)",
            Tier::Ordinary => "ordinary",
        }
    }

    /// The identifier written in RON files (`MunicipalKey`).
    pub fn ident(self) -> &'static str {
        match self {
            Tier::NationalMajor => "NationalMajor",
            Tier::ProvincialMajor => "ProvincialMajor",
            Tier::ProvincialKey => "ProvincialKey",
            Tier::MunicipalKey => "MunicipalKey",
            Tier::Ordinary => "Ordinary",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_tiers_with_distinct_names() {
        let mut zh: Vec<_> = Tier::ALL.iter().map(|t| t.zh()).collect();
        zh.dedup();
        assert_eq!(zh.len(), 5);
        assert!(
            Tier::ALL.windows(2).all(|w| w[0] < w[1]),
            "ALL is ordered highest first"
        );
        assert_eq!(Tier::ProvincialKey.ident(), "ProvincialKey");
        assert_eq!(Tier::NationalMajor.en(), "national major");
    }
}
