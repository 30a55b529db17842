//! Status changes from the 台账: queued until the matching thread releases the library, checked by the core
//! ([`crate::model::check_transition`]), written back to the library file where it can take them
//! ([`crate::io::gpkg_status::write_back`]; an offline copy queues it in its outbox, `io::outbox`) and recorded in the document's audit log.

use super::app::StockApp;
use super::i18n::t;
use super::register::PendingStatus;
use crate::model::StatusChange;

impl StockApp {
    /// Changes a parcel's status if the core allows it ([`crate::model::check_transition`]), writes it back to the
    /// library file when that can take it ([`crate::io::gpkg_status::write_back`]) and records it in the audit log.
    /// Returns false when the change was refused or could not be made now (the reason is in the status bar).
    pub fn change_status(&mut self, change: &PendingStatus) -> bool {
        // A shared library: the server decides, on the worker thread (ui/shared_app.rs).
        if let Some(sent) = self.change_shared_status(change) {
            return sent;
        }
        let lang = self.lang;
        let Some(loaded) = self.doc.library.as_mut() else {
            return false;
        };
        let Some((from, id)) = loaded.library.parcel(change.parcel).map(|p| (p.status, p.id.clone())) else {
            return false;
        };
        let record = match StatusChange::new(
            id,
            from,
            change.to,
            change.note.clone(),
            change.correction,
            officer_name(),
            iso_utc_now(),
        ) {
            Ok(r) => r,
            Err(e) => {
                self.shell.message = Some(format!("{}: {e}", t::ERROR.get(lang)));
                return false;
            }
        };
        // A matching worker holds the library only for the length of one match; try again then.
        let Some(lib) = std::sync::Arc::get_mut(&mut loaded.library) else {
            return false;
        };
        if let super::loader::LibrarySource::Path(path) = &loaded.source
            && let Err(e) = crate::io::outbox::write_back_or_queue(path, &record, &crate::io::postgis::new_entry_id())
        {
            self.shell.message = Some(format!("{}: {e:#}", t::ERROR.get(lang)));
            return false;
        }
        lib.set_status(change.parcel, change.to);
        self.doc.audit.push(record);
        self.register.invalidate();
        // Availability feeds the ranking: match again.
        self.edited();
        true
    }

    /// Applies queued status changes; one that cannot be made now (a match is reading the library) waits for the
    /// next frame, one that fails (e.g. the GeoPackage is read-only) is dropped with its error in the status bar.
    pub fn apply_pending_status(&mut self) {
        let queued = std::mem::take(&mut self.pending_status);
        for change in queued {
            let busy = self
                .doc
                .library
                .as_ref()
                .is_some_and(|l| std::sync::Arc::strong_count(&l.library) > 1);
            if busy {
                self.pending_status.push(change);
            } else {
                self.change_status(&change);
            }
        }
        if !self.pending_status.is_empty()
            && let Some(c) = &self.ctx
        {
            c.request_repaint_after(std::time::Duration::from_millis(20));
        }
    }
}

/// Now as an RFC 3339 UTC timestamp (for the audit log).
pub fn iso_utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    crate::model::rfc3339_utc(secs)
}

/// The officer's login name, kept with each status change ("" when the system does not say).
pub fn officer_name() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default()
}
