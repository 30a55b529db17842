//! The project file (.ron): library, sketch, requirement, chosen candidate, scenario, view and audit log. Written
//! atomically (temp file in the same directory, then rename) so a crash never leaves half a file.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::loader::LibrarySource;
use super::map::view::MapView;

/// What the officer asked for (the 项目 tab).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Requirement {
    pub name: String,
    /// 用地用海 2023 code.
    pub use_code: String,
    /// Required 亩; `None` means "the sketch's area".
    pub area_mu: Option<f64>,
    /// County id; `None` means "found from the location".
    pub county: Option<String>,
    pub tier: crate::model::ProjectTier,
}

impl Default for Requirement {
    fn default() -> Self {
        Self {
            name: String::new(),
            use_code: "100101".into(),
            area_mu: None,
            county: None,
            tier: crate::model::ProjectTier::Ordinary,
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProjectFile {
    pub version: u32,
    pub library: Option<LibrarySource>,
    /// Footprint vertices in the working CRS (EPSG:4526).
    pub sketch: Vec<(f64, f64)>,
    #[serde(default)]
    pub sketch_closed: bool,
    pub requirement: Requirement,
    #[serde(default)]
    pub chosen_candidate: Option<String>,
    /// Path of the quota scenario (RON).
    #[serde(default)]
    pub scenario: Option<PathBuf>,
    #[serde(default)]
    pub view: Option<MapView>,
    #[serde(default)]
    /// Status changes (变更记录); files from the first release kept `at` as seconds and still load.
    pub audit: Vec<crate::model::StatusChange>,
}

/// Reads a project file, naming the file and position on error.
pub fn read(path: &Path) -> Result<ProjectFile> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    parse(&text, &path.display().to_string())
}

/// Parses project-file text; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<ProjectFile> {
    crate::io::assets::parse_ron(text, file)
}

/// Writes a project file atomically.
pub fn write(path: &Path, f: &ProjectFile) -> Result<()> {
    let text = ron::ser::to_string_pretty(f, ron::ser::PrettyConfig::default())?;
    write_atomic(path, text.as_bytes())
}

/// Writes `bytes` to a temp file beside `path`, then renames it over `path` (creating the directory).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
    crate::io::atomic::write_bytes(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_atomic_write() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        let f = ProjectFile {
            version: 1,
            library: Some(LibrarySource::sample()),
            sketch: vec![
                (38_400_000.0, 3_900_000.0),
                (38_400_100.0, 3_900_000.0),
                (38_400_100.0, 3_900_100.0),
            ],
            sketch_closed: true,
            requirement: Requirement {
                area_mu: Some(15.0),
                ..Requirement::default()
            },
            chosen_candidate: Some("XW-001".into()),
            scenario: None,
            view: None,
            audit: vec![],
        };
        write(&p, &f).unwrap();
        assert_eq!(read(&p).unwrap(), f);
        // No temp file left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn bad_file_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("bad.ron");
        std::fs::write(&p, "ProjectFile(version: x)").unwrap();
        let e = format!("{:#}", read(&p).unwrap_err());
        assert!(e.contains("bad.ron"), "{e}");
    }
}
