//! Reference data shipped in `assets/`, embedded so the app works offline from any directory.

use anyhow::{Context, Result};

use crate::model::{Counties, LandUseCatalog};

pub const COUNTIES_RON: &str = include_str!("../../assets/counties.ron");
pub const LAND_USE_RON: &str = include_str!("../../assets/land_use/ydyh-2023.ron");

/// Parses a RON text, naming the file and position on error, and quoting the line.
pub fn parse_ron<T: serde::de::DeserializeOwned>(text: &str, file: &str) -> Result<T> {
    ron::from_str(text).map_err(|e| {
        anyhow::anyhow!(
            "{file}:{}: {}{}",
            e.span.start,
            e.code,
            quote_line(text, e.span.start.line)
        )
    })
}

/// ` — “the line”` for an error message (1-based line), or nothing past the end: a type error is easier to
/// see with the offending text in front of the officer.
pub(crate) fn quote_line(text: &str, line: usize) -> String {
    match text.lines().nth(line.saturating_sub(1)).map(str::trim) {
        Some(l) if !l.is_empty() => {
            let short: String = l.chars().take(120).collect();
            format!(" — “{short}”")
        }
        _ => String::new(),
    }
}

pub fn counties() -> Result<Counties> {
    parse_ron(COUNTIES_RON, "assets/counties.ron").context("内置县区表 / built-in county table")
}

pub fn land_use_catalog() -> Result<LandUseCatalog> {
    parse_ron(LAND_USE_RON, "assets/land_use/ydyh-2023.ron").context("内置用地用海分类 / built-in land-use catalogue")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LandUseSystem;

    #[test]
    fn counties_load_with_three_old_areas() {
        let c = counties().unwrap();
        assert_eq!(c.counties.len(), 11);
        let old: Vec<_> = c
            .iter()
            .filter(|c| c.revolutionary_old_area)
            .map(|c| c.name.as_str())
            .collect();
        // Clause (七): 修武县、博爱县、沁阳市.
        assert_eq!(old, vec!["修武县", "博爱县", "沁阳市"]);
    }

    #[test]
    fn catalogue_flags_the_gbt_trap() {
        let cat = land_use_catalog().unwrap();
        for lvl1 in ["07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "23"] {
            assert!(cat.class(lvl1).is_some(), "{lvl1}");
        }
        // 1001 is 工业 in 2023 but 铁路 in GB/T 21010: read as 2023, and warned.
        let i = cat.interpret("1001", None).unwrap();
        assert_eq!(i.land_use.code, "1001");
        assert!(i.warning.unwrap().contains("铁路"));
        // Declared GB/T 21010: converted to 2023 railway.
        let i = cat.interpret("1001", Some(LandUseSystem::Gbt21010)).unwrap();
        assert_eq!(i.land_use.code, "1201");
        // 0601 is no construction code in 2023 here: it is GB/T 工业.
        assert_eq!(cat.interpret("0601", None).unwrap().land_use.code, "1001");
        // Letters are GB 50137.
        assert_eq!(cat.interpret("M2", None).unwrap().land_use.code, "100102");
        // Ambiguous mappings warn.
        assert!(cat.interpret("A3", None).unwrap().warning.unwrap().contains("多个"));
    }
}
