//! Reference data shipped in `assets/`, embedded so the app works offline from any directory; and where the files
//! that are not embedded (the sample library and scenario) are found: in the tree, beside the binary, or installed.

use std::path::{Path, PathBuf};

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

/// Where the Debian package puts the assets and the sample data.
pub const INSTALLED_DATA_DIR: &str = "/usr/share/stockfirst";
/// Overrides every other place (a copy of the data somewhere else, or a test).
pub const DATA_DIR_ENV: &str = "STOCKFIRST_DATA_DIR";

/// The directories a data path such as `sample-data/jiaozuo-stock-sample.gpkg` is looked up under, first wins:
/// `$STOCKFIRST_DATA_DIR`; the working directory (a run from the tree); beside the binary and up to the tree it was
/// built in (`target/release/stockfirst` → the tree); `<prefix>/share/stockfirst` for a binary in `<prefix>/bin`;
/// `/usr/share/stockfirst` (the package); the tree this binary was compiled from.
pub fn data_dirs() -> Vec<PathBuf> {
    let env = std::env::var_os(DATA_DIR_ENV).map(PathBuf::from);
    let exe = std::env::current_exe().ok();
    data_dirs_for(env, exe.as_deref())
}

/// [`data_dirs`] for a given override and executable path (what the tests drive).
pub fn data_dirs_for(env: Option<PathBuf>, exe: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = env.into_iter().collect();
    dirs.push(PathBuf::new());
    if let Some(bin_dir) = exe.and_then(Path::parent) {
        // The binary's own directory, then two levels up: `target/<profile>/` and `target/<triple>/<profile>/`.
        dirs.extend(bin_dir.ancestors().take(4).map(Path::to_path_buf));
        if let Some(prefix) = bin_dir.parent() {
            dirs.push(prefix.join("share/stockfirst"));
        }
    }
    dirs.push(PathBuf::from(INSTALLED_DATA_DIR));
    dirs.push(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    dirs
}

/// The first existing file `relative` (e.g. `sample-data/scenario-2026.ron`) under [`data_dirs`].
pub fn find_data(relative: &str) -> Option<PathBuf> {
    find_data_in(relative, &data_dirs())
}

/// The first existing file `relative` under `dirs`.
pub fn find_data_in(relative: &str, dirs: &[PathBuf]) -> Option<PathBuf> {
    dirs.iter().map(|d| d.join(relative)).find(|p| p.is_file())
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
    fn data_is_found_beside_an_installed_binary_and_in_the_tree() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        // A package layout under a prefix: <prefix>/bin/stockfirst and <prefix>/share/stockfirst/sample-data/x.gpkg.
        let prefix = root.join("usr");
        std::fs::create_dir_all(prefix.join("bin")).unwrap();
        std::fs::create_dir_all(prefix.join("share/stockfirst/sample-data")).unwrap();
        std::fs::write(prefix.join("share/stockfirst/sample-data/x.gpkg"), b"x").unwrap();
        let dirs = data_dirs_for(None, Some(&prefix.join("bin/stockfirst")));
        assert_eq!(
            find_data_in("sample-data/x.gpkg", &dirs),
            Some(prefix.join("share/stockfirst/sample-data/x.gpkg"))
        );
        // A tree layout: <tree>/target/release/stockfirst finds <tree>/sample-data/y.gpkg.
        let tree = root.join("tree");
        std::fs::create_dir_all(tree.join("target/release")).unwrap();
        std::fs::create_dir_all(tree.join("sample-data")).unwrap();
        std::fs::write(tree.join("sample-data/y.gpkg"), b"y").unwrap();
        let dirs = data_dirs_for(None, Some(&tree.join("target/release/stockfirst")));
        assert_eq!(
            find_data_in("sample-data/y.gpkg", &dirs),
            Some(tree.join("sample-data/y.gpkg"))
        );
        // The override comes first, before the package directory and the tree.
        let over = root.join("over");
        std::fs::create_dir_all(over.join("sample-data")).unwrap();
        std::fs::write(over.join("sample-data/y.gpkg"), b"o").unwrap();
        let dirs = data_dirs_for(Some(over.clone()), Some(&tree.join("target/release/stockfirst")));
        assert_eq!(
            find_data_in("sample-data/y.gpkg", &dirs),
            Some(over.join("sample-data/y.gpkg"))
        );
        assert_eq!(find_data_in("sample-data/none.gpkg", &dirs), None);
        assert!(dirs.contains(&PathBuf::from(INSTALLED_DATA_DIR)));
    }

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
