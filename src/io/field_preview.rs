//! What a field mapping would load, before it is applied: the source's layer and fields (the dialog's drop-downs),
//! whether the default names leave a required attribute unmapped, and a trial read with a mapping through the same
//! reader the library uses, so the preview rows and the problem count are what applying it would give.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use gdal::vector::LayerAccess;

use super::field_map::FieldMap;
use super::field_names::kind_in_name;
use super::field_profiles::FieldProfile;
use super::gdal_source::{FeatureProblem, ReadOptions, layers_of, open};
use super::text_encoding::TextEncoding;
use crate::model::StockKind;

/// The layer the library would read and its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFields {
    pub path: PathBuf,
    pub layer: String,
    pub fields: Vec<String>,
    pub features: Option<u64>,
    /// The kind the layer or file name states (批而未供 / PEWG …), when it states one.
    pub kind_in_name: Option<StockKind>,
}

impl SourceFields {
    /// Required attributes the default names do not find (and no layer or file name makes up for): the source
    /// needs the officer's mapping. Empty when it loads as it is.
    pub fn unmapped_required(&self) -> Vec<String> {
        let map = FieldMap::default();
        let r = map.resolve(&self.fields);
        let elsewhere = self.kind_in_name.is_some() || r.idle_flag.is_some();
        // The reader loads without an id (FID) or a county (a note); these two stop it.
        r.missing_required(&map, elsewhere)
            .into_iter()
            .filter(|m| !m.starts_with("地块编号") && !m.starts_with("行政区"))
            .collect()
    }
}

/// Reads the field list of the polygon layer the library reader would choose (the first polygon layer).
pub fn source_fields(path: &Path, encoding: Option<TextEncoding>) -> Result<SourceFields> {
    let mut notes = Vec::new();
    let ds = open(path, encoding, &mut notes)?;
    let infos = layers_of(&ds);
    let info = infos
        .iter()
        .find(|l| l.is_polygon)
        .or_else(|| infos.first())
        .ok_or_else(|| anyhow!("{}: 没有图层 / no layers", path.display()))?;
    let layer = ds
        .layer_by_name(&info.name)
        .map_err(|e| anyhow!("{}: 图层 {}: {e}", path.display(), info.name))?;
    let fields: Vec<String> = layer.defn().fields().map(|f| f.name()).collect();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(SourceFields {
        path: path.to_path_buf(),
        layer: info.name.clone(),
        features: info.features,
        kind_in_name: kind_in_name(&info.name).or_else(|| kind_in_name(&stem)),
        fields,
    })
}

/// One parcel as the mapping would load it.
#[derive(Debug, Clone, PartialEq)]
pub struct PreviewRow {
    pub id: String,
    pub name: String,
    pub kind: StockKind,
    pub use_code: String,
    pub county: String,
    pub area_mu: f64,
}

/// What applying a mapping would give.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MappingPreview {
    /// The first rows as they would load.
    pub rows: Vec<PreviewRow>,
    pub parcels: usize,
    pub total_mu: f64,
    /// Every feature problem the read reports (skipped, repaired, doubted).
    pub problems: Vec<FeatureProblem>,
    /// Why the source would not load at all with this mapping (a required field unmapped, …).
    pub error: Option<String>,
    pub notes: Vec<String>,
}

impl MappingPreview {
    /// Features the mapping would leave out of the library.
    pub fn skipped(&self) -> usize {
        self.problems.iter().filter(|p| p.skipped).count()
    }

    /// The live count the dialog shows: each feature problem, and a source that would not load counts as one.
    pub fn problem_count(&self) -> usize {
        self.problems.len() + usize::from(self.error.is_some())
    }
}

/// Reads `path` with `profile` as the library loader would, keeping the first `rows` parcels.
pub fn preview(path: &Path, profile: &FieldProfile, layer: Option<&str>, rows: usize) -> MappingPreview {
    let opts = ReadOptions {
        layer: layer.map(str::to_string),
        field_map: profile.field_map(),
        encoding: profile.text_encoding(),
        ..Default::default()
    };
    match super::load_library_with(path, &opts) {
        Ok((lib, report)) => MappingPreview {
            rows: lib
                .parcels()
                .iter()
                .take(rows)
                .map(|p| PreviewRow {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    kind: p.kind,
                    use_code: p.planned_use.code.clone(),
                    county: p.county.clone(),
                    area_mu: p.area.mu(),
                })
                .collect(),
            parcels: lib.len(),
            total_mu: lib.total_area().mu(),
            problems: report.problems,
            error: None,
            notes: report.notes,
        },
        Err(e) => MappingPreview {
            error: Some(format!("{e:#}")),
            ..Default::default()
        },
    }
}

/// One polygon layer of a control source, and the role the officer's role map, its name or its fields give it.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlLayerGuess {
    pub source: PathBuf,
    pub layer: String,
    pub fields: Vec<String>,
    pub features: Option<u64>,
    pub role: Option<crate::controls::Role>,
}

/// The polygon layers of `paths`, each with the role the reader would give it (`None`: it would be skipped).
pub fn control_layer_guesses(
    paths: &[PathBuf],
    roles: &super::control_roles::RoleMap,
) -> Result<Vec<ControlLayerGuess>> {
    use super::control_roles::{role_by_fields, role_by_name};
    let mut out = Vec::new();
    for path in paths {
        let mut notes = Vec::new();
        let ds = open(path, None, &mut notes)?;
        for info in layers_of(&ds) {
            if !info.is_polygon && !info.geometry_type.starts_with("Unknown") {
                continue;
            }
            let Ok(layer) = ds.layer_by_name(&info.name) else {
                continue;
            };
            let fields: Vec<String> = layer.defn().fields().map(|f| f.name()).collect();
            let role = roles
                .entry(path, &info.name)
                .map(|e| e.role)
                .or_else(|| role_by_name(&info.name))
                .or_else(|| role_by_fields(&fields));
            out.push(ControlLayerGuess {
                source: path.clone(),
                layer: info.name,
                fields,
                features: info.features,
                role,
            });
        }
    }
    Ok(out)
}

/// The standard fields a role is read by (the first name the control reader tries), which the officer maps when
/// a layer names them otherwise (the role map's `fields`).
pub fn role_key_fields(role: crate::controls::Role) -> &'static [&'static str] {
    use crate::controls::Role;
    match role {
        Role::LandSurvey | Role::Forest => &["DLBM", "DLMC", "KCXS", "BSM"],
        Role::PermanentFarmland => &["DLBM", "KCXS"],
        Role::EcologicalRedline => &["LXDM", "MC"],
        Role::DevelopmentBoundary | Role::VillageBoundary => &["GHFQMC", "GHFQDM"],
    }
}
