//! Quota pools (指标库) and the accounts the engine keeps for them.

use serde::{Deserialize, Serialize};

/// The kinds of pool the opinions name. Per-county pools get one account per county.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PoolId {
    /// 国家用地计划指标 — clause (五).
    National,
    /// 省级基础用地计划指标 — clauses (六), (八).
    ProvincialBasic,
    /// 省级专项补助计划指标 for the revolutionary old areas — clause (七), one account per old-area county.
    OldAreaSpecial,
    /// 市级统筹调剂 beyond the old-area subsidy — clause (七).
    CityCoordination,
    /// 市级预支的 2025 年度盘活指标 — clause (八).
    MunicipalAdvance,
    /// Each county's own new-construction-land plan quota (县级新增建设用地计划指标).
    CountyPlan,
    /// Each county's cultivated-land compensation quota (补充耕地指标) — clause (九), after the city's share.
    CountyCompensation,
    /// 市级调剂库 of compensation quota, pooled from every county — clause (九).
    MunicipalAdjustment,
}

impl PoolId {
    pub const ALL: [PoolId; 8] = [
        PoolId::National,
        PoolId::ProvincialBasic,
        PoolId::OldAreaSpecial,
        PoolId::CityCoordination,
        PoolId::MunicipalAdvance,
        PoolId::CountyPlan,
        PoolId::CountyCompensation,
        PoolId::MunicipalAdjustment,
    ];

    /// Whether each county has its own account of this pool.
    ///
    /// ```
    /// use stockfirst::quota::PoolId;
    /// assert!(PoolId::CountyPlan.per_county());
    /// assert!(!PoolId::National.per_county());
    /// ```
    pub fn per_county(self) -> bool {
        matches!(
            self,
            PoolId::OldAreaSpecial | PoolId::CountyPlan | PoolId::CountyCompensation
        )
    }

    /// Whether the pool holds cultivated-land compensation quota rather than new-construction-land quota.
    pub fn is_compensation(self) -> bool {
        matches!(self, PoolId::CountyCompensation | PoolId::MunicipalAdjustment)
    }

    /// Whether a scenario states the opening balance itself; the others are derived from rules (七, 八, 九).
    pub fn opened_by_scenario(self) -> bool {
        matches!(
            self,
            PoolId::National | PoolId::ProvincialBasic | PoolId::CityCoordination
        )
    }

    /// The identifier written in RON files (`ProvincialBasic`).
    pub fn ident(self) -> &'static str {
        match self {
            PoolId::National => "National",
            PoolId::ProvincialBasic => "ProvincialBasic",
            PoolId::OldAreaSpecial => "OldAreaSpecial",
            PoolId::CityCoordination => "CityCoordination",
            PoolId::MunicipalAdvance => "MunicipalAdvance",
            PoolId::CountyPlan => "CountyPlan",
            PoolId::CountyCompensation => "CountyCompensation",
            PoolId::MunicipalAdjustment => "MunicipalAdjustment",
        }
    }
}

/// One account: a pool, and for per-county pools the county id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PoolKey {
    pub pool: PoolId,
    pub county: Option<String>,
}

impl PoolKey {
    pub fn city(pool: PoolId) -> Self {
        Self { pool, county: None }
    }
    pub fn county(pool: PoolId, county: impl Into<String>) -> Self {
        Self {
            pool,
            county: Some(county.into()),
        }
    }
}

/// The running state of one account, all in 亩.
///
/// Invariant: `opening + granted − drawn = closing`, and `closing ≥ 0`.
/// `granted` is non-zero only for a pool guaranteed per project (clause 五: the national list is
/// "全要素、全流程保障"), which is tracked rather than capped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoolAccount {
    pub key: PoolKey,
    pub opening: f64,
    pub granted: f64,
    pub drawn: f64,
    pub closing: f64,
    pub guaranteed_per_project: bool,
}

impl PoolAccount {
    pub fn new(key: PoolKey, opening: f64, guaranteed_per_project: bool) -> Self {
        Self {
            key,
            opening,
            granted: 0.0,
            drawn: 0.0,
            closing: opening,
            guaranteed_per_project,
        }
    }

    /// Draws up to `want` 亩 and returns what was drawn. Never takes the balance below zero; a guaranteed pool
    /// first spends its balance, then grants the rest for this project.
    ///
    /// ```
    /// use stockfirst::quota::{PoolAccount, PoolId, PoolKey};
    /// let mut a = PoolAccount::new(PoolKey::city(PoolId::ProvincialBasic), 100.0, false);
    /// assert_eq!(a.draw(60.0), 60.0);
    /// assert_eq!(a.draw(60.0), 40.0); // only 40 left
    /// assert_eq!(a.closing, 0.0);
    /// let mut n = PoolAccount::new(PoolKey::city(PoolId::National), 10.0, true);
    /// assert_eq!(n.draw(25.0), 25.0); // 10 from balance, 15 granted
    /// assert_eq!((n.granted, n.closing), (15.0, 0.0));
    /// ```
    pub fn draw(&mut self, want: f64) -> f64 {
        if want <= 0.0 {
            return 0.0;
        }
        let from_balance = want.min(self.closing);
        let granted = if self.guaranteed_per_project {
            want - from_balance
        } else {
            0.0
        };
        self.closing -= from_balance;
        self.granted += granted;
        // A guaranteed pool covers the whole demand; adding the parts back could be off by one ulp.
        let took = if self.guaranteed_per_project {
            want
        } else {
            from_balance
        };
        self.drawn += took;
        took
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_pool_never_goes_negative() {
        let mut a = PoolAccount::new(PoolKey::county(PoolId::CountyPlan, "410821"), 0.3, false);
        assert_eq!(a.draw(0.1), 0.1);
        let got = a.draw(1.0);
        assert!(a.closing >= 0.0);
        assert!((a.opening + a.granted - a.drawn - a.closing).abs() < 1e-12);
        assert!((got - 0.2).abs() < 1e-12);
        assert_eq!(a.draw(-5.0), 0.0);
    }

    #[test]
    fn scopes() {
        let per: Vec<_> = PoolId::ALL.iter().filter(|p| p.per_county()).collect();
        assert_eq!(per.len(), 3);
        assert!(PoolId::MunicipalAdjustment.is_compensation() && !PoolId::CountyPlan.is_compensation());
        assert!(PoolId::National.opened_by_scenario() && !PoolId::MunicipalAdvance.opened_by_scenario());
        assert_eq!(PoolId::OldAreaSpecial.ident(), "OldAreaSpecial");
    }
}
