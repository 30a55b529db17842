//! The rules of 存量组合 (issue 15): which sets of stock parcels may be combined for one project, and the order of
//! the objective. The values live in `assets/matching.ron` under `combination`; the search is `crate::propose`.

use serde::{Deserialize, Serialize};

/// One key of the objective. The search bounds on the increment, so `Increment` comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ObjectiveKey {
    /// Least 新增建设用地 (clause 二: 存量优先、增量补充).
    Increment,
    /// Least 耕地 in the increment (clause 一: 优先引导选址向非耕地资源倾斜); needs control layers.
    Cultivated,
    /// Fewest parcels (clause 四: every parcel merged is consolidation work).
    Parcels,
    /// Least stock beyond the requirement (clause 一: 用地规模与建设规模相适配).
    Oversize,
}

/// 存量组合.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CombinationRules {
    /// At most this many parcels in one set.
    pub max_parcels: usize,
    /// A set that is not contiguous within the merge gap still qualifies when the convex hull of its parcels is at
    /// most this many times their area; the land between them then counts as increment.
    pub hull_ratio: f64,
    /// The objective, most important first. `Increment` must be first.
    pub objective: Vec<ObjectiveKey>,
    /// Increments within this many 亩 of each other count as equal, so the next key decides.
    pub increment_tie_mu: f64,
    /// Exact search (branch and bound) over a cluster of at most this many parcels; beyond, the largest this many.
    pub exact_max_candidates: usize,
    /// Branch-and-bound nodes at most per search; when reached the best found so far is given as heuristic.
    pub max_nodes: usize,
    /// At most this many sets get the 耕地 overlay of their increment when their increments tie.
    pub max_cultivated_checks: usize,
    /// Site proposal (智能选址): the grid's cell side, metres.
    #[serde(default = "default_site_cell_m")]
    pub site_cell_m: f64,
    /// Site proposal: a cell of 耕地 costs this many times a cell of other new land (stock costs nothing).
    #[serde(default = "default_site_cultivated_cost")]
    pub site_cultivated_cost: f64,
}

fn default_site_cell_m() -> f64 {
    20.0
}

fn default_site_cultivated_cost() -> f64 {
    10.0
}

impl Default for CombinationRules {
    /// The shipped values (`assets/matching.ron`), for rule files written before the key existed.
    fn default() -> Self {
        Self {
            max_parcels: 6,
            hull_ratio: 2.0,
            objective: vec![
                ObjectiveKey::Increment,
                ObjectiveKey::Cultivated,
                ObjectiveKey::Parcels,
                ObjectiveKey::Oversize,
            ],
            increment_tie_mu: 5.0,
            exact_max_candidates: 48,
            max_nodes: 200_000,
            max_cultivated_checks: 40,
            site_cell_m: default_site_cell_m(),
            site_cultivated_cost: default_site_cultivated_cost(),
        }
    }
}

impl CombinationRules {
    /// What is wrong with the numbers, named by key.
    pub fn check(&self) -> Result<(), &'static str> {
        if self.max_parcels == 0 || self.max_parcels > 16 {
            return Err("combination.max_parcels (1–16)");
        }
        if !(self.hull_ratio.is_finite() && self.hull_ratio >= 1.0) {
            return Err("combination.hull_ratio (≥ 1)");
        }
        if self.objective.first() != Some(&ObjectiveKey::Increment) {
            return Err("combination.objective (Increment first)");
        }
        for (i, k) in self.objective.iter().enumerate() {
            if self.objective[..i].contains(k) {
                return Err("combination.objective (each key once)");
            }
        }
        if !(self.increment_tie_mu.is_finite() && self.increment_tie_mu >= 0.0) {
            return Err("combination.increment_tie_mu (≥ 0)");
        }
        if self.exact_max_candidates == 0 || self.exact_max_candidates > 64 {
            return Err("combination.exact_max_candidates (1–64)");
        }
        if self.max_nodes == 0 {
            return Err("combination.max_nodes");
        }
        if !(self.site_cell_m.is_finite() && self.site_cell_m >= 1.0) {
            return Err("combination.site_cell_m (≥ 1 m)");
        }
        if !(self.site_cultivated_cost.is_finite() && self.site_cultivated_cost >= 1.0) {
            return Err("combination.site_cultivated_cost (≥ 1)");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid_and_increment_must_lead() {
        assert_eq!(CombinationRules::default().check(), Ok(()));
        let mut r = CombinationRules::default();
        r.objective.swap(0, 2);
        assert!(r.check().is_err());
        let mut r = CombinationRules::default();
        r.objective.push(ObjectiveKey::Parcels);
        assert!(r.check().is_err());
    }
}
