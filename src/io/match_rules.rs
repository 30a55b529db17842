//! Reads the matching rules (`assets/matching.ron`): the built-in copy, or an edited file.

use std::path::Path;

use anyhow::{Context, Result};

use super::assets::parse_ron;
use crate::matching::MatchRules;

pub const MATCHING_RON: &str = include_str!("../../assets/matching.ron");

/// Validates, and attaches the built-in county outlines (they are reference data, not rules).
fn checked(mut rules: MatchRules, file: &str) -> Result<MatchRules> {
    rules
        .validate()
        .with_context(|| format!("{file}: 规则无效 / invalid rules"))?;
    rules.boundaries = Some(std::sync::Arc::new(super::county_boundaries::county_boundaries()?));
    Ok(rules)
}

/// Parses and checks rules from text; `file` names them in messages.
pub fn parse_match_rules(text: &str, file: &str) -> Result<MatchRules> {
    checked(parse_ron(text, file)?, file)
}

/// The built-in rules.
pub fn match_rules() -> Result<MatchRules> {
    parse_match_rules(MATCHING_RON, "assets/matching.ron").context("内置匹配规则 / built-in matching rules")
}

/// Rules from an edited file.
pub fn load_match_rules(path: &Path) -> Result<MatchRules> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| format!("读取 / reading {name}"))?;
    parse_match_rules(&text, &name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_rules_load_and_cite_clauses() {
        let r = match_rules().unwrap();
        // Clause (一): default band 0.9–1.3 as the issue asks.
        assert_eq!((r.size_band.min_ratio, r.size_band.max_ratio), (0.9, 1.3));
        assert!(r.conversions.iter().all(|c| c.clause.contains("（十）")));
        assert!(r.compatible.iter().all(|c| c.clause.contains("（一）")));
        assert!(r.merge.max_gap_m > 0.0);
    }

    #[test]
    fn a_broken_file_names_itself() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.ron");
        std::fs::write(&p, "MatchRules(weights: 3)").unwrap();
        let e = format!("{:#}", load_match_rules(&p).unwrap_err());
        assert!(e.contains("bad.ron"), "{e}");
    }
}
