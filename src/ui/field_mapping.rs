//! The field-mapping dialog's state and what it dispatches: opened when a library source lacks a required field
//! (instead of an error), or from 文件 → 字段映射…; the preview runs off the UI thread through the library reader
//! (`io::field_preview`); 应用 saves the named profile (`io::field_profiles`) and loads the library with it. Which
//! field fits which attribute and how many problems a mapping gives are the io's answers; this file only moves them.

use std::path::{Path, PathBuf};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use super::app::StockApp;
use super::field_mapping_dialog::{FieldMappingDialog, PREVIEW_ROWS};
use super::i18n::t;
use super::loader::LibrarySource;
use crate::io::field_preview::{preview, source_fields};
use crate::io::field_profiles::{FieldChoices, FieldProfile, save_profile};

impl StockApp {
    /// Opens the field-mapping dialog for the library file at `path` (文件 → 字段映射…, or after a failed load).
    pub fn open_field_mapping(&mut self, path: &Path, why: Option<String>) -> anyhow::Result<()> {
        let current = self
            .doc
            .library
            .as_ref()
            .filter(|l| l.source == LibrarySource::Path(path.to_path_buf()))
            .and_then(|l| l.mapping.clone());
        let source = source_fields(path, current.as_ref().and_then(|m| m.text_encoding()))?;
        let mut d = FieldMappingDialog::new(source, &self.profiles_dir, why);
        // The mapping the library was read with, when it still fits.
        if let Some(m) = current.filter(|m| m.missing_in(&d.source.fields).is_empty()) {
            d.profile = m;
        }
        self.field_mapping = Some(d);
        Ok(())
    }

    /// Loads a library file with a saved mapping, or asks again when the mapping no longer fits the file.
    pub fn start_load_mapped(&mut self, source: LibrarySource, mapping: Option<FieldProfile>) {
        let (LibrarySource::Path(path), Some(profile)) = (&source, &mapping) else {
            self.start_load(source);
            return;
        };
        let missing = source_fields(path, profile.text_encoding())
            .map(|s| profile.missing_in(&s.fields))
            .unwrap_or_default();
        if missing.is_empty() {
            self.start_load_with(source, mapping);
            return;
        }
        let why = format!(
            "{} “{}”: {}",
            t::PROFILE_MISFIT.get(self.lang),
            profile.name,
            missing.join(", ")
        );
        if let Err(e) = self.open_field_mapping(&path.clone(), Some(why)) {
            self.shell.load_error = Some(format!("{e:#}"));
        }
    }

    /// After a load failed: a source whose fields the default names cannot map opens the dialog instead of the
    /// error. Returns true when it did.
    pub(super) fn offer_mapping_after(&mut self, source: &LibrarySource, error: &str) -> bool {
        let LibrarySource::Path(path) = source else {
            return false;
        };
        match source_fields(path, None) {
            Ok(s) if !s.unmapped_required().is_empty() => {
                self.field_mapping = Some(FieldMappingDialog::new(s, &self.profiles_dir, Some(error.to_string())));
                true
            }
            _ => false,
        }
    }

    /// Re-reads the field list in another encoding (a GBK shapefile's field names change with it).
    pub(super) fn reread_fields(&mut self) {
        let Some(d) = self.field_mapping.as_mut() else { return };
        if let Ok(s) = source_fields(&d.source.path, d.profile.text_encoding())
            && s.fields != d.source.fields
        {
            d.profile.fields = s.fields.clone();
            d.profile.choices = FieldChoices::detect(&s.fields);
            d.ambiguous = FieldChoices::ambiguous(&s.fields);
            d.source = s;
        }
    }

    /// Takes in a preview answer; starts one for the mapping as it is now when none is running.
    pub(super) fn drive_field_mapping(&mut self) {
        let Some(d) = self.field_mapping.as_mut() else { return };
        if let Some(rx) = &d.pending
            && let Ok((of, p)) = rx.try_recv()
        {
            d.pending = None;
            d.preview = Some(p);
            d.preview_of = Some(of);
        }
        if d.pending.is_some() || d.preview_of.as_ref().is_some_and(|p| p.same_mapping(&d.profile)) {
            return;
        }
        let profile = d.profile.clone();
        let path: PathBuf = d.source.path.clone();
        let layer = d.source.layer.clone();
        let (tx, rx) = channel();
        let repaint = self.ctx.clone();
        std::thread::spawn(move || {
            let p = preview(&path, &profile, Some(&layer), PREVIEW_ROWS);
            let _ = tx.send((profile, p));
            if let Some(c) = repaint {
                c.request_repaint();
            }
        });
        d.pending = Some(rx);
        if let Some(c) = &self.ctx {
            c.request_repaint_after(Duration::from_millis(50));
        }
    }

    /// Waits (up to `timeout`) for the preview of the mapping as it is now; for tests.
    pub fn wait_for_field_mapping(&mut self, timeout: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < timeout {
            self.drive_field_mapping();
            match &self.field_mapping {
                Some(d) if d.preview_current() => return true,
                Some(_) => std::thread::sleep(Duration::from_millis(5)),
                None => return false,
            }
        }
        false
    }

    /// 应用: saves the profile when asked, closes the dialog and loads the library with the mapping.
    pub fn apply_field_mapping(&mut self) {
        let Some(d) = self.field_mapping.take() else { return };
        let lang = self.lang;
        let mut profile = d.profile;
        profile.fields = d.source.fields.clone();
        if d.save && !profile.name.trim().is_empty() {
            match save_profile(&self.profiles_dir, &profile) {
                Ok(p) => self.shell.message = Some(format!("{} {}", t::PROFILE_SAVED.get(lang), p.display())),
                Err(e) => self.shell.message = Some(format!("{}: {e:#}", t::ERROR.get(lang))),
            }
        }
        self.start_load_with(LibrarySource::Path(d.source.path), Some(profile));
    }
}
