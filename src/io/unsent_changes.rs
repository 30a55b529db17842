//! The shared library's changes the app has sent but not seen confirmed (in flight, or unsure after the connection
//! went): kept in a small RON file beside the app's autosave, written atomically each time the set changes. If the
//! app is closed or dies before they are confirmed, the next session on the same library and login sends them again
//! under their own entry ids, which the server applies at most once (`applied_outbox`, docs/shared-library.md).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::atomic;
use super::postgis::{StatusRequest, redacted};
use crate::model::ParcelStatus;

/// One change waiting, as the file keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Saved {
    /// The library's URL without a password.
    library: String,
    role: String,
    entry: String,
    parcel: String,
    expected_version: i64,
    to: ParcelStatus,
    note: String,
    correction: bool,
}

/// Where the app keeps its unsent changes: beside its autosave (`recovery` is that file).
pub fn path_beside(recovery: &Path) -> PathBuf {
    let stem = recovery
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stockfirst".into());
    recovery.with_file_name(format!("{stem}.unsent.ron"))
}

fn read_all(path: &Path) -> Result<Vec<Saved>> {
    match std::fs::read_to_string(path) {
        Ok(text) => ron::from_str(&text).with_context(|| format!("{}: 无法读取待发修改 / unreadable", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(e).with_context(|| format!("{}: 无法读取 / cannot read", path.display())),
    }
}

/// The changes waiting for `library` under `role`, in the order they were made: (entry id, change).
///
/// ```
/// use stockfirst::io::unsent_changes::{load, save};
/// use stockfirst::io::postgis::StatusRequest;
/// use stockfirst::model::ParcelStatus;
/// let dir = tempfile::tempdir().unwrap();
/// let file = dir.path().join("autosave.unsent.ron");
/// let req = StatusRequest { parcel: "XW-1".into(), expected_version: 3, to: ParcelStatus::Engaged,
///     note: String::new(), correction: false };
/// let url = "postgresql://officer_xiuwu:secret@db/stock";
/// save(&file, url, "officer_xiuwu", &[("e1".to_string(), req.clone())]).unwrap();
/// assert_eq!(load(&file, url, "officer_xiuwu").unwrap(), vec![("e1".to_string(), req)]);
/// assert!(load(&file, url, "officer_boai").unwrap().is_empty()); // another login's changes are not ours
/// assert!(!std::fs::read_to_string(&file).unwrap().contains("secret")); // never the password
/// ```
pub fn load(path: &Path, library: &str, role: &str) -> Result<Vec<(String, StatusRequest)>> {
    let library = redacted(library);
    Ok(read_all(path)?
        .into_iter()
        .filter(|s| s.library == library && s.role == role)
        .map(|s| {
            (
                s.entry,
                StatusRequest {
                    parcel: s.parcel,
                    expected_version: s.expected_version,
                    to: s.to,
                    note: s.note,
                    correction: s.correction,
                },
            )
        })
        .collect())
}

/// Replaces the changes waiting for `library` under `role` with `waiting`; other libraries' and logins' stay.
/// Nothing waiting anywhere removes the file.
pub fn save(path: &Path, library: &str, role: &str, waiting: &[(String, StatusRequest)]) -> Result<()> {
    let library = redacted(library);
    let mut all: Vec<Saved> = read_all(path)
        .unwrap_or_default()
        .into_iter()
        .filter(|s| !(s.library == library && s.role == role))
        .collect();
    all.extend(waiting.iter().map(|(entry, r)| Saved {
        library: library.clone(),
        role: role.to_string(),
        entry: entry.clone(),
        parcel: r.parcel.clone(),
        expected_version: r.expected_version,
        to: r.to,
        note: r.note.clone(),
        correction: r.correction,
    }));
    if all.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(e).with_context(|| format!("{}: 无法删除 / cannot remove", path.display()))
            }
            _ => Ok(()),
        };
    }
    let text = ron::ser::to_string_pretty(&all, ron::ser::PrettyConfig::default())
        .context("待发修改无法写成 RON / cannot write the unsent changes")?;
    atomic::write_bytes(path, text.as_bytes())
}
