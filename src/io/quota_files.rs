//! Reading the quota rules and scenarios (RON). Every error names the file and the line:column, and a file with
//! any error is refused as a whole: nothing half-runs.

use std::path::Path;

use crate::model::Counties;
use crate::quota::{QuotaError, Rules, Scenario, ScenarioItem, simulate};

/// The rules shipped with the program: clauses (五)–(九), (十六), (十七) of the 2026 opinions.
pub const RULES_RON: &str = include_str!("../../assets/rules/jiaozuo-2026.ron");
pub const RULES_FILE: &str = "assets/rules/jiaozuo-2026.ron";

/// One problem at one place in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// Everything wrong with one file, each problem with its line:column.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct QuotaFileError {
    pub file: String,
    pub problems: Vec<Problem>,
}

impl std::fmt::Display for QuotaFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}:{}: {}", self.file, p.line, p.col, p.message)?;
        }
        Ok(())
    }
}

/// Line and column (1-based, in characters) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = 1 + before.matches('\n').count();
    let col = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, col)
}

/// Finds things in the source text, to put line numbers on problems found after parsing.
struct Locator<'a> {
    text: &'a str,
}

impl<'a> Locator<'a> {
    /// Byte offset of `needle` at or after `from`, skipping `//` comments.
    fn find(&self, needle: &str, from: usize) -> Option<usize> {
        let mut at = from;
        while let Some(rel) = self.text.get(at..).and_then(|t| t.find(needle)) {
            let off = at + rel;
            let line_start = self.text[..off].rfind('\n').map_or(0, |i| i + 1);
            if !self.text[line_start..off].contains("//") {
                return Some(off);
            }
            at = off + needle.len();
        }
        None
    }

    /// Offset of the quoted string `"s"` at or after `from`.
    fn find_quoted(&self, s: &str, from: usize) -> Option<usize> {
        self.find(&format!("\"{s}\""), from)
    }

    fn problem(&self, offset: Option<usize>, message: String) -> Problem {
        let (line, col) = position(self.text, offset.unwrap_or(0));
        Problem { line, col, message }
    }
}

fn ron_error(file: &str, text: &str, e: ron::error::SpannedError) -> QuotaFileError {
    QuotaFileError {
        file: file.to_string(),
        problems: vec![Problem {
            line: e.span.start.line,
            col: e.span.start.col,
            message: format!("{}{}", e.code, super::assets::quote_line(text, e.span.start.line)),
        }],
    }
}

fn fail(file: &str, problems: Vec<Problem>) -> Result<(), QuotaFileError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(QuotaFileError {
            file: file.to_string(),
            problems,
        })
    }
}

/// Parses and checks a rules file. Old-area counties may be named by name or adcode; they come back as ids.
pub fn parse_rules(text: &str, file: &str, counties: &Counties) -> Result<Rules, QuotaFileError> {
    let mut rules: Rules = ron::from_str(text).map_err(|e| ron_error(file, text, e))?;
    let loc = Locator { text };
    let mut problems = Vec::new();
    let old_at = loc.find("old_area:", 0).unwrap_or(0);
    let mut from = old_at;
    for name in &mut rules.old_area.counties {
        let at = loc.find_quoted(name, from);
        from = at.unwrap_or(from);
        match counties.find(name) {
            Some(c) => *name = c.id.clone(),
            None => problems.push(loc.problem(at, QuotaError::UnknownCounty { county: name.clone() }.to_string())),
        }
    }
    if let Err(p) = rules.check() {
        // The key's last part is the RON field the problem is about: `old_area.mu_each` → `mu_each:`.
        let field = p.key.rsplit('.').next().unwrap_or(p.key);
        problems.push(loc.problem(loc.find(&format!("{field}:"), 0), p.error.to_string()));
    }
    fail(file, problems)?;
    Ok(rules)
}

/// The built-in rules, checked.
pub fn builtin_rules() -> anyhow::Result<Rules> {
    let counties = super::assets::counties()?;
    Ok(parse_rules(RULES_RON, RULES_FILE, &counties)?)
}

/// Reads a rules file from disk.
pub fn load_rules(path: &Path) -> anyhow::Result<Rules> {
    let text = read(path)?;
    let counties = super::assets::counties()?;
    Ok(parse_rules(&text, &path.display().to_string(), &counties)?)
}

/// Parses and checks a scenario against the rules: counties resolved to ids, areas, duplicates, dates, pools.
/// The core finds the problems (`Scenario::problems`); this only points each at its place in the file. On success
/// the scenario is known to simulate without error.
pub fn parse_scenario(text: &str, file: &str, rules: &Rules, counties: &Counties) -> Result<Scenario, QuotaFileError> {
    let mut sc: Scenario = ron::from_str(text).map_err(|e| ron_error(file, text, e))?;
    let loc = Locator { text };
    // Found before the names are resolved: the file says "温县", not "410825".
    let spans = ItemSpans::find(&loc, &sc);
    let mut found = sc.resolve_counties(counties);
    found.extend(sc.problems());
    found.extend(sc.problems_under(rules));
    // File order; a stable sort keeps each item's own problems in the order they were found.
    found.sort_by_key(|p| p.item.order());
    let problems: Vec<Problem> = found
        .iter()
        .map(|p| loc.problem(spans.offset(&loc, p.item), p.error.to_string()))
        .collect();
    fail(file, problems)?;

    // Backstop: the engine's own checks, so that a scenario that loads also runs.
    if let Err(e) = simulate(rules, &sc) {
        return Err(QuotaFileError {
            file: file.to_string(),
            problems: vec![loc.problem(None, e.to_string())],
        });
    }
    Ok(sc)
}

/// Where each item of a scenario starts in its file, and where the next one starts (a field is looked for only
/// between the two, so a field left out is never found in the next item).
struct ItemSpans {
    counties: Vec<Option<usize>>,
    city_pools: Vec<Option<usize>>,
    revitalisation: Option<usize>,
    projects: Vec<Option<usize>>,
}

impl ItemSpans {
    fn find(loc: &Locator<'_>, sc: &Scenario) -> ItemSpans {
        let walk = |section: &str, keys: Vec<String>| {
            let mut from = loc.find(section, 0).unwrap_or(0);
            keys.iter()
                .map(|k| {
                    let at = loc.find(k, from);
                    from = at.map_or(from, |a| a + 1);
                    at
                })
                .collect::<Vec<_>>()
        };
        ItemSpans {
            counties: walk(
                "counties:",
                sc.counties.iter().map(|c| format!("\"{}\"", c.county)).collect(),
            ),
            city_pools: walk(
                "city_pools:",
                sc.city_pools.iter().map(|o| o.pool.ident().to_string()).collect(),
            ),
            revitalisation: loc.find("revitalisation:", 0),
            projects: walk(
                "projects:",
                sc.projects.iter().map(|p| format!("\"{}\"", p.name)).collect(),
            ),
        }
    }

    /// The byte offset to report for a problem with `item`.
    fn offset(&self, loc: &Locator<'_>, item: ScenarioItem) -> Option<usize> {
        let in_list = |list: &[Option<usize>], index: usize, field: Option<&str>| {
            let start = list.get(index).copied().flatten()?;
            let Some(field) = field else { return Some(start) };
            let end = list
                .get(index + 1..)
                .and_then(|rest| rest.iter().flatten().next().copied());
            match loc.find(field, start) {
                Some(at) if end.is_none_or(|e| at < e) => Some(at),
                _ => Some(start),
            }
        };
        match item {
            ScenarioItem::County { index, field } => in_list(&self.counties, index, field),
            ScenarioItem::CityPool { index } => in_list(&self.city_pools, index, None),
            ScenarioItem::Revitalisation => self.revitalisation,
            ScenarioItem::Field(key) => loc.find(key, 0),
            ScenarioItem::Project { index, field } => in_list(&self.projects, index, field),
        }
    }
}

/// Reads a scenario file from disk and checks it against the rules.
pub fn load_scenario(path: &Path, rules: &Rules) -> anyhow::Result<Scenario> {
    let text = read(path)?;
    let counties = super::assets::counties()?;
    Ok(parse_scenario(&text, &path.display().to_string(), rules, &counties)?)
}

fn read(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: 无法读取 / cannot read: {e}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| anyhow::anyhow!("{}: 不是 UTF-8 文本 / not UTF-8 text: {e}", path.display()))?;
    // A UTF-8 byte-order mark is common from Windows editors; RON does not expect it.
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_load_and_resolve_old_areas() {
        let r = builtin_rules().unwrap();
        // Clause (七): 修武县 410821, 博爱县 410822, 沁阳市 410882.
        assert_eq!(r.old_area.counties, vec!["410821", "410822", "410882"]);
    }

    #[test]
    fn positions_are_one_based_chars() {
        assert_eq!(position("ab\n焦作x", 0), (1, 1));
        let off = "ab\n焦作".len();
        assert_eq!(position("ab\n焦作x", off), (2, 3));
    }

    #[test]
    fn locator_skips_comments() {
        let t = "// name: \"A\"\n(name: \"A\")";
        let loc = Locator { text: t };
        let at = loc.find_quoted("A", 0).unwrap();
        assert_eq!(position(t, at).0, 2);
    }
}
