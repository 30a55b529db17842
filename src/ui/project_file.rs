//! The project file (.ron): library, footprint, project brief, chosen candidate, scenario, view and audit log.
//! Written atomically (temp file in the same directory, then rename) so a crash never leaves half a file. The file
//! keeps the first release's key names (`sketch`, `requirement`) so old projects still open.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::loader::LibrarySource;
use super::map::view::MapView;

/// What the officer asked for (the 项目 tab): the form the matcher's [`crate::matching::Requirement`] is built from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProjectBrief {
    pub name: String,
    /// 用地用海 2023 code.
    pub use_code: String,
    /// Required 亩; `None` means "the sketch's area".
    pub area_mu: Option<f64>,
    /// County id; `None` means "found from the location".
    pub county: Option<String>,
    pub tier: crate::model::ProjectTier,
}

impl Default for ProjectBrief {
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

/// A further part of the red line: outer ring and holes, without closing vertices.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FootprintPart {
    pub outer: Vec<(f64, f64)>,
    #[serde(default)]
    pub holes: Vec<Vec<(f64, f64)>>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProjectFile {
    pub version: u32,
    pub library: Option<LibrarySource>,
    /// Footprint (red line) vertices in the working CRS (EPSG:4526).
    #[serde(rename = "sketch")]
    pub footprint: Vec<(f64, f64)>,
    #[serde(rename = "sketch_closed", default)]
    pub footprint_closed: bool,
    /// Holes of the first part and the further parts of a multi-part red line (absent in single-ring files, which
    /// still load).
    #[serde(rename = "sketch_holes", default, skip_serializing_if = "Vec::is_empty")]
    pub footprint_holes: Vec<Vec<(f64, f64)>>,
    #[serde(rename = "sketch_parts", default, skip_serializing_if = "Vec::is_empty")]
    pub footprint_parts: Vec<FootprintPart>,
    #[serde(rename = "requirement")]
    pub brief: ProjectBrief,
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
    /// Planning control sources (合规性审查); older files have none.
    #[serde(default)]
    pub control_layers: Vec<PathBuf>,
    /// Which layer is which control when the names differ.
    #[serde(default)]
    pub control_roles: crate::io::control_roles::RoleMap,
    /// The field mapping the library file was read with (the field-mapping dialog); reopening checks it still fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library_mapping: Option<crate::io::field_profiles::FieldProfile>,
    /// The map's layers, bottom first: paths, order and visibility (an online layer's key is never stored).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<super::map::LayerEntry>,
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
            footprint: vec![
                (38_400_000.0, 3_900_000.0),
                (38_400_100.0, 3_900_000.0),
                (38_400_100.0, 3_900_100.0),
            ],
            footprint_closed: true,
            footprint_holes: vec![vec![
                (38_400_060.0, 3_900_010.0),
                (38_400_090.0, 3_900_010.0),
                (38_400_090.0, 3_900_040.0),
            ]],
            footprint_parts: vec![FootprintPart {
                outer: vec![
                    (38_401_000.0, 3_900_000.0),
                    (38_401_050.0, 3_900_000.0),
                    (38_401_050.0, 3_900_050.0),
                ],
                holes: vec![],
            }],
            brief: ProjectBrief {
                area_mu: Some(15.0),
                ..ProjectBrief::default()
            },
            chosen_candidate: Some("XW-001".into()),
            scenario: None,
            view: None,
            audit: vec![],
            control_layers: vec![PathBuf::from("三调.gdb")],
            control_roles: Default::default(),
            library_mapping: None,
            layers: vec![super::super::map::LayerEntry::new(
                super::super::map::LayerSource::Raster {
                    path: PathBuf::from("DOM.tif"),
                    assume_working_crs: false,
                },
            )],
        };
        write(&p, &f).unwrap();
        assert_eq!(read(&p).unwrap(), f);
        // No temp file left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn first_release_file_with_seconds_in_its_audit_still_opens() {
        // As the first release wrote it: `at` in seconds since 1970, no `who`.
        let text = r#"(version: 1, library: None, sketch: [(1.0, 2.0)], requirement: (name: "x", use_code: "1001",
            area_mu: None, county: None, tier: Ordinary),
            audit: [(at: 1772355600, parcel: "XW-001", from: Available, to: Engaged, note: "已对接")])"#;
        let f = parse(text, "old.ron").unwrap();
        assert_eq!(f.footprint, vec![(1.0, 2.0)]);
        assert_eq!(f.brief.name, "x");
        assert_eq!(f.audit[0].at, "2026-03-01T09:00:00Z");
        assert_eq!(f.audit[0].parcel, "XW-001");
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
