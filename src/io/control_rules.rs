//! Reads the review rules (`assets/controls.ron`): the built-in copy, or an edited file, with file:line errors.

use std::path::Path;

use anyhow::{Context, Result};

use super::assets::parse_ron;
use crate::controls::ControlRules;

pub const CONTROLS_RON: &str = include_str!("../../assets/controls.ron");

/// Parses and checks rules from text; `file` names them in messages.
pub fn parse_control_rules(text: &str, file: &str) -> Result<ControlRules> {
    let rules: ControlRules = parse_ron(text, file)?;
    rules
        .validate()
        .with_context(|| format!("{file}: 规则无效 / invalid rules"))?;
    Ok(rules)
}

/// The built-in rules.
pub fn builtin_control_rules() -> Result<ControlRules> {
    parse_control_rules(CONTROLS_RON, "assets/controls.ron").context("内置合规性审查规则 / built-in review rules")
}

/// Rules from an edited file.
pub fn load_control_rules(path: &Path) -> Result<ControlRules> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| format!("读取 / reading {name}"))?;
    parse_control_rules(&text, &name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quota::Basis;

    #[test]
    fn built_in_rules_cite_their_sources() {
        let r = builtin_control_rules().unwrap();
        assert_eq!(r.cultivated.basis.clause().map(|c| c.number()), Some(1));
        assert_eq!(r.compensation.basis.clause().map(|c| c.number()), Some(9));
        assert_eq!(r.outside_boundary.mismatch.basis.clause().map(|c| c.number()), Some(11));
        assert_eq!(r.forest.basis.clause().map(|c| c.number()), Some(14));
        // The opinions are silent on the hard constraints: national sources, marked as such.
        for h in [&r.permanent_farmland, &r.ecological_redline] {
            assert!(matches!(h.hit.basis, Basis::National(_)));
            assert!(h.hit.basis.to_string().contains("本意见未载"));
            assert!(h.major.zh.contains("需国务院批准、论证不可避让"));
        }
        assert!(r.catalogue.is_cultivated("0103") && r.catalogue.class("1203").is_some());
    }

    #[test]
    fn a_typo_names_the_file_and_line() {
        let bad = CONTROLS_RON.replacen("severity: Warning", "severity: Warn", 1);
        let e = format!("{:#}", parse_control_rules(&bad, "controls.ron").unwrap_err());
        assert!(e.contains("controls.ron:"), "{e}");
    }
}
