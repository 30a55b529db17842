//! The ledger: one line per draw, and the shortfalls the pools could not cover.

use serde::{Deserialize, Serialize};

use super::{Basis, PoolId};

/// What a draw pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Purpose {
    /// New construction land: plan quota (clauses 五–八).
    NewLand,
    /// The cultivated part of it: compensation quota (clause 九, 占补平衡).
    Cultivated,
}

impl Purpose {
    pub fn zh(self) -> &'static str {
        match self {
            Purpose::NewLand => "新增建设用地",
            Purpose::Cultivated => "占用耕地",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Purpose::NewLand => "new land",
            Purpose::Cultivated => "cultivated",
        }
    }
}

/// One draw. `project` indexes `Outcome::projects`, `account` indexes `Outcome::accounts`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub project: usize,
    pub account: usize,
    pub purpose: Purpose,
    /// 亩 drawn (for a guaranteed pool, including what was granted for this project).
    pub mu: f64,
    /// The clause of the step that allowed the draw, or its basis (national rule, 常规做法) shown as such when the
    /// opinions do not state the step.
    pub clause: Basis,
    /// The account's balance after the draw, 亩.
    pub balance_after: f64,
}

/// Demand no pool in the tier's order could cover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shortfall {
    pub project: usize,
    pub purpose: Purpose,
    /// 亩 not covered.
    pub mu: f64,
    /// The last pool the order tried (None if the order offered no pool to this county at all).
    pub pool: Option<PoolId>,
    /// The clause (or basis) of that step, or of the tier when no step applied.
    pub clause: Basis,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_are_named_in_both_languages() {
        assert_eq!(Purpose::NewLand.zh(), "新增建设用地");
        assert_eq!(Purpose::Cultivated.en(), "cultivated");
    }
}
