//! The objective of 存量组合, in the order `assets/matching.ron` gives: least increment (clause 二), then least 耕地 in
//! the increment (clause 一), then fewest parcels (clause 四), then least oversize (clause 一).
//!
//! Increments within `increment_tie_mu` of each other count as equal: the increments are cut into steps of that
//! width from the least one, and within a step the next keys decide. The 耕地 of an increment needs an overlay on the
//! control layers, so it is asked only for the sets of the steps that reach the best `k`.

use std::cmp::Ordering;

use super::combination::{Combination, Piece};
use crate::matching::{CombinationRules, ObjectiveKey};
use crate::model::Area;

/// A set with the 耕地 of its increment, when it was looked at.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub set: Combination,
    /// 亩 of 耕地 (net of 田坎) in the increment; `None` without control layers or beyond the checks allowed.
    pub cultivated_mu: Option<f64>,
}

/// The best sets, best first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ranking {
    pub ranked: Vec<Ranked>,
    /// Sets whose 耕地 was looked at.
    pub cultivated_checked: usize,
    /// True when a step held more tied sets than `max_cultivated_checks`: the rest were ranked after them.
    pub cultivated_capped: bool,
}

/// The cultivated 亩 of a set's increment (the control layers' overlay), asked by [`rank`].
pub type CultivatedOf<'a> = dyn FnMut(&Combination) -> f64 + 'a;

fn step(inc: f64, least: f64, tie_m2: f64) -> f64 {
    if tie_m2 > 0.0 {
        ((inc - least) / tie_m2 + 1e-9).floor()
    } else {
        inc
    }
}

fn ids<'a>(s: &Combination, pieces: &'a [Piece]) -> Vec<&'a str> {
    s.members
        .iter()
        .filter_map(|&i| pieces.get(i).map(|p| p.id.as_str()))
        .collect()
}

/// Compares two sets of the same step by the keys after the increment, then the increment, then the ids.
fn compare(a: &Ranked, b: &Ranked, keys: &[ObjectiveKey], pieces: &[Piece]) -> Ordering {
    let mut o = Ordering::Equal;
    for k in keys {
        o = o.then_with(|| match k {
            ObjectiveKey::Increment => Ordering::Equal,
            // Not looked at ranks after looked at; with no layers at all every set is `None` and ties.
            ObjectiveKey::Cultivated => a
                .cultivated_mu
                .unwrap_or(f64::INFINITY)
                .total_cmp(&b.cultivated_mu.unwrap_or(f64::INFINITY)),
            ObjectiveKey::Parcels => a.set.members.len().cmp(&b.set.members.len()),
            ObjectiveKey::Oversize => a.set.oversize_m2.total_cmp(&b.set.oversize_m2),
        });
    }
    o.then_with(|| a.set.increment_m2.total_cmp(&b.set.increment_m2))
        .then_with(|| ids(&a.set, pieces).cmp(&ids(&b.set, pieces)))
}

/// The best `k` of `kept` by the whole objective. `cultivated` is `None` without control layers: the 耕地 key is then
/// left out (and the caller says so).
pub fn rank(
    kept: Vec<Combination>,
    pieces: &[Piece],
    rules: &CombinationRules,
    k: usize,
    mut cultivated: Option<&mut CultivatedOf<'_>>,
) -> Ranking {
    let Some(least) = kept.iter().map(|s| s.increment_m2).min_by(f64::total_cmp) else {
        return Ranking::default();
    };
    let tie_m2 = Area::from_mu(rules.increment_tie_mu).m2();
    let keys: Vec<ObjectiveKey> = rules.objective.iter().skip(1).copied().collect();
    let without_cultivated: Vec<ObjectiveKey> = keys
        .iter()
        .copied()
        .filter(|k| *k != ObjectiveKey::Cultivated)
        .collect();
    let mut all: Vec<(f64, Ranked)> = kept
        .into_iter()
        .map(|set| {
            (
                step(set.increment_m2, least, tie_m2),
                Ranked {
                    set,
                    cultivated_mu: None,
                },
            )
        })
        .collect();
    all.sort_by(|(sa, a), (sb, b)| {
        sa.total_cmp(sb)
            .then_with(|| compare(a, b, &without_cultivated, pieces))
    });
    let use_cultivated = keys.contains(&ObjectiveKey::Cultivated);
    let mut out = Ranking::default();
    let mut rest = all.into_iter().peekable();
    while out.ranked.len() < k.max(1) {
        let Some((s, first)) = rest.next() else { break };
        let mut group = vec![first];
        while let Some((t, _)) = rest.peek() {
            if *t != s {
                break;
            }
            if let Some((_, r)) = rest.next() {
                group.push(r);
            }
        }
        if let (true, Some(f)) = (use_cultivated, cultivated.as_mut()) {
            for (n, r) in group.iter_mut().enumerate() {
                if n >= rules.max_cultivated_checks {
                    out.cultivated_capped = true;
                    break;
                }
                r.cultivated_mu = Some(if r.set.increment_m2 > 0.0 { f(&r.set) } else { 0.0 });
                out.cultivated_checked += 1;
            }
        }
        group.sort_by(|a, b| compare(a, b, &keys, pieces));
        out.ranked.extend(group);
    }
    out.ranked.truncate(k.max(1));
    out
}
