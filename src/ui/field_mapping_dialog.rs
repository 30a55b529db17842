//! The field-mapping dialog's own state (what the officer has chosen, the preview running or shown); the app's side
//! of it — opening, applying, driving the preview — is in `field_mapping.rs`.

use std::path::Path;
use std::sync::mpsc::Receiver;

use super::i18n::t;
use crate::io::field_preview::{MappingPreview, SourceFields};
use crate::io::field_profiles::{Attribute, FieldChoices, FieldProfile, load_profiles, offer_for};

/// Preview rows shown.
pub const PREVIEW_ROWS: usize = 5;

/// The open dialog.
pub struct FieldMappingDialog {
    pub source: SourceFields,
    /// The mapping being edited; its `name` is the profile name typed.
    pub profile: FieldProfile,
    /// Attributes more than one field could feed by the default names.
    pub ambiguous: Vec<Attribute>,
    /// Why the dialog opened (the loader's error, a saved profile that no longer fits).
    pub why: Option<String>,
    /// A saved profile offered for this field set, preselected.
    pub offered: Option<String>,
    /// The saved profiles, for the 已保存的方案 drop-down.
    pub saved: Vec<FieldProfile>,
    /// Save the mapping as a named profile on 应用.
    pub save: bool,
    pub preview: Option<MappingPreview>,
    /// The mapping the preview was made for (the preview is stale while they differ).
    pub preview_of: Option<FieldProfile>,
    pub(super) pending: Option<Receiver<(FieldProfile, MappingPreview)>>,
    /// Message from the last profile pick (a profile that does not fit this file).
    pub note: Option<String>,
}

impl FieldMappingDialog {
    /// A dialog for `source`: a saved profile with the same field set is offered (preselected), else the detected
    /// choices.
    pub fn new(source: SourceFields, profiles_dir: &Path, why: Option<String>) -> Self {
        let (saved, bad) = load_profiles(profiles_dir);
        let offered = offer_for(&saved, &source.fields).cloned();
        let profile = offered.clone().unwrap_or_else(|| FieldProfile {
            name: source
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            fields: source.fields.clone(),
            choices: FieldChoices::detect(&source.fields),
            area_unit: None,
            default_kind: source.kind_in_name,
            encoding: None,
        });
        Self {
            ambiguous: FieldChoices::ambiguous(&source.fields),
            why,
            offered: offered.map(|p| p.name),
            saved,
            save: true,
            preview: None,
            preview_of: None,
            pending: None,
            note: (!bad.is_empty()).then(|| bad.join("\n")),
            source,
            profile,
        }
    }

    /// The preview answers the mapping as it is now.
    pub fn preview_current(&self) -> bool {
        self.preview_of.as_ref().is_some_and(|p| p.same_mapping(&self.profile)) && self.preview.is_some()
    }

    /// Takes a saved profile when it fits this file; otherwise says which of its fields are gone and keeps the
    /// current choices (a profile is never half-applied).
    pub fn pick_saved(&mut self, i: usize, lang: crate::model::Lang) {
        let Some(p) = self.saved.get(i).cloned() else { return };
        let missing = p.missing_in(&self.source.fields);
        if missing.is_empty() {
            self.profile = FieldProfile {
                fields: self.source.fields.clone(),
                ..p
            };
            self.note = None;
        } else {
            self.note = Some(format!("{}: {}", t::PROFILE_MISFIT.get(lang), missing.join(", ")));
        }
    }
}
