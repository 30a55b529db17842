//! Does a parcel's planned use fit the project's use? Exact, parent/child, compatible (clause 一),
//! convertible under the positive list (clause 十), or unfit.

use serde::Serialize;

use super::MatchRules;
use crate::model::LandUse;

/// 用途符合情况. Ordered best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum UseFit {
    /// Same code.
    Exact,
    /// Parent or child code of the same line, where the rules allow it.
    Lineal,
    /// Compatible mixed use (土地用途兼容复合利用, clause 一); index into `MatchRules::compatible`.
    Compatible(usize),
    /// Convertible under the positive list (正面清单, clause 十); index into `MatchRules::conversions`.
    Convertible(usize),
    Unfit,
}

fn matches_any(code: &str, prefixes: &[String]) -> bool {
    prefixes.iter().any(|p| code.starts_with(p.as_str()))
}

/// Classifies `planned` (the parcel's use) against `required` (the project's use).
///
/// ```
/// use stockfirst::matching::{use_fit, UseFit};
/// use stockfirst::model::LandUse;
/// let rules = stockfirst::io::match_rules().unwrap();
/// assert_eq!(use_fit(&LandUse::ydyh("1001"), &LandUse::ydyh("100101"), &rules), UseFit::Lineal);
/// // Clause (十): class-2 industrial stock may be turned to research (0802) under the positive list.
/// assert!(matches!(use_fit(&LandUse::ydyh("0802"), &LandUse::ydyh("100102"), &rules), UseFit::Convertible(_)));
/// assert_eq!(use_fit(&LandUse::ydyh("0701"), &LandUse::ydyh("100101"), &rules), UseFit::Unfit);
/// ```
pub fn use_fit(required: &LandUse, planned: &LandUse, rules: &MatchRules) -> UseFit {
    // Codes of different systems mean different things (domain notes §5): never compare them.
    if required.system != planned.system {
        return UseFit::Unfit;
    }
    let (r, p) = (required.code.as_str(), planned.code.as_str());
    if r == p {
        return UseFit::Exact;
    }
    let l = rules.lineal;
    if r.len().min(p.len()) >= l.min_code_len
        && ((l.child_is_exact && p.starts_with(r)) || (l.parent_is_exact && r.starts_with(p)))
    {
        return UseFit::Lineal;
    }
    for (i, c) in rules.compatible.iter().enumerate() {
        if (matches_any(r, &c.a) && matches_any(p, &c.b)) || (matches_any(r, &c.b) && matches_any(p, &c.a)) {
            return UseFit::Compatible(i);
        }
    }
    for (i, c) in rules.conversions.iter().enumerate() {
        if matches_any(p, &c.from) && matches_any(r, &c.to) {
            return UseFit::Convertible(i);
        }
    }
    UseFit::Unfit
}

impl UseFit {
    /// Credit: the fraction of the use weight this fit earns.
    pub fn credit(self, rules: &MatchRules) -> f64 {
        match self {
            UseFit::Exact | UseFit::Lineal => 1.0,
            UseFit::Compatible(_) => rules.weights.compatible_credit,
            UseFit::Convertible(_) => rules.weights.convertible_credit,
            UseFit::Unfit => 0.0,
        }
    }

    /// The use fits as planned, with no change of planning conditions.
    pub fn is_direct(self, rules: &MatchRules) -> bool {
        match self {
            UseFit::Exact | UseFit::Lineal => true,
            UseFit::Compatible(_) => rules.compatible_is_direct,
            UseFit::Convertible(_) | UseFit::Unfit => false,
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            UseFit::Exact => "用途一致",
            UseFit::Lineal => "用途同类(上下级代码)",
            UseFit::Compatible(_) => "兼容复合利用",
            UseFit::Convertible(_) => "可按正面清单转换",
            UseFit::Unfit => "用途不符",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            UseFit::Exact => "same use",
            UseFit::Lineal => "same use line (parent/child code)",
            UseFit::Compatible(_) => "compatible mixed use",
            UseFit::Convertible(_) => "convertible (positive list)",
            UseFit::Unfit => "use does not fit",
        }
    }

    /// The clause that allows this fit.
    pub fn clause(self, rules: &MatchRules) -> String {
        match self {
            UseFit::Exact | UseFit::Lineal => "（二）".into(),
            UseFit::Compatible(i) => rules.compatible.get(i).map(|c| c.clause.clone()).unwrap_or_default(),
            UseFit::Convertible(i) => rules.conversions.get(i).map(|c| c.clause.clone()).unwrap_or_default(),
            UseFit::Unfit => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::weights::fixture;
    use crate::model::LandUseSystem;

    fn fit(r: &str, p: &str) -> UseFit {
        use_fit(&LandUse::ydyh(r), &LandUse::ydyh(p), &fixture::rules())
    }

    #[test]
    fn same_code_is_exact() {
        assert_eq!(fit("0901", "0901"), UseFit::Exact);
    }

    #[test]
    fn parent_and_child_from_level_two() {
        assert_eq!(fit("1001", "100101"), UseFit::Lineal);
        assert_eq!(fit("100101", "1001"), UseFit::Lineal);
        // "10" is level 1 (工矿): 1002 采矿 is not the same use as a "10" request under min_code_len 4.
        assert_eq!(fit("10", "1002"), UseFit::Unfit);
    }

    #[test]
    fn parent_child_can_be_switched_off() {
        let mut r = fixture::rules();
        r.lineal.parent_is_exact = false;
        assert_eq!(
            use_fit(&LandUse::ydyh("100101"), &LandUse::ydyh("1001"), &r),
            UseFit::Unfit
        );
        assert_eq!(
            use_fit(&LandUse::ydyh("1001"), &LandUse::ydyh("100101"), &r),
            UseFit::Lineal
        );
    }

    #[test]
    fn compatible_is_symmetric() {
        // Clause (一) 土地用途兼容复合利用: fixture pairs 0901 with 0902.
        assert_eq!(fit("0901", "0902"), UseFit::Compatible(0));
        assert_eq!(fit("0902", "090104"), UseFit::Compatible(0));
    }

    #[test]
    fn conversion_is_directional() {
        // Clause (十) 正面清单: fixture lets 1001 stock turn to 1101 or 0802, not the other way.
        assert_eq!(fit("1101", "100102"), UseFit::Convertible(0));
        assert_eq!(fit("0802", "1001"), UseFit::Convertible(0));
        assert_eq!(fit("1001", "1101"), UseFit::Unfit);
    }

    #[test]
    fn other_systems_never_fit() {
        let old = LandUse {
            system: LandUseSystem::Gbt21010,
            code: "1001".into(),
        };
        assert_eq!(use_fit(&LandUse::ydyh("1001"), &old, &fixture::rules()), UseFit::Unfit);
    }

    #[test]
    fn credits_follow_the_weights() {
        let r = fixture::rules();
        assert_eq!(UseFit::Exact.credit(&r), 1.0);
        assert_eq!(UseFit::Compatible(0).credit(&r), 0.8);
        assert_eq!(UseFit::Convertible(0).credit(&r), 0.5);
        assert!(UseFit::Compatible(0).is_direct(&r));
        assert!(!UseFit::Convertible(0).is_direct(&r));
    }
}
