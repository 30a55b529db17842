//! The offline copy the app has open (a GeoPackage from `stockfirst db checkout`): where it came from, how many
//! changes wait in its outbox, a sync under way, and the conflicts still to show. What the app does with it is in
//! `offline_copy.rs`.

use std::path::PathBuf;
use std::sync::mpsc::Receiver;

use super::shared_session::ConflictView;
use crate::io::postgis::sync::SyncReport;

/// The open offline copy.
pub struct OfflineCopy {
    pub path: PathBuf,
    /// The shared library it came from (no password).
    pub source: String,
    /// Entries in the outbox, as last counted.
    pub waiting: usize,
    pub(super) job: Option<Receiver<anyhow::Result<SyncReport>>>,
    /// Conflicts of the last sync still to be shown, one dialog at a time.
    pub conflicts: Vec<ConflictView>,
    /// The document's audit length when the outbox was last counted: a new change is counted once, not each frame.
    pub(super) counted_at: usize,
}

impl OfflineCopy {
    pub fn is_syncing(&self) -> bool {
        self.job.is_some()
    }
}
