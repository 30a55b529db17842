//! The app on a shared library: a status change goes to the session's worker (the frame never waits), answers come
//! back each frame, notifications refresh the changed parcels, a conflict opens the dialog with both sides, a refusal
//! says which counties are yours, and a server that wants a password gets the password dialog. Drawn by
//! `shared_ui.rs`; the session itself is `shared_session.rs`.

use super::app::StockApp;
use super::i18n::shared_t;
use super::loader::LibrarySource;
use super::register::PendingStatus;
use super::shared_session::{ConflictView, Link, PasswordPrompt, SharedSession};
use crate::io::postgis::worker::Reply;
use crate::io::postgis::{self, StatusRequest};
use crate::model::{SharedOutcome, StatusChange, check_transition};

impl StockApp {
    /// Opens the session when the library just loaded is a shared one; closes any other.
    pub(super) fn start_shared(&mut self, source: &LibrarySource) {
        self.shared.conflict = None;
        self.shared.refusal = None;
        let url = match source {
            LibrarySource::Path(p) => p.to_str().filter(|s| postgis::is_database_url(s)),
            LibrarySource::Sample { .. } => None,
        };
        let unsent = crate::io::unsent_changes::path_beside(&self.recovery_path);
        self.shared.session =
            url.map(|u| SharedSession::start(u, self.counties.clone(), Some(unsent), self.repainter()));
    }

    fn repainter(&self) -> impl Fn() + Send + Clone + 'static {
        let ctx = self.ctx.clone();
        move || {
            if let Some(c) = &ctx {
                c.request_repaint();
            }
        }
    }

    /// A status change on a shared library: checked by the core on what the officer sees, then sent on the worker.
    /// `None` when the library is not a shared one.
    pub(super) fn change_shared_status(&mut self, change: &PendingStatus) -> Option<bool> {
        let lang = self.lang;
        let (id, from) = {
            let lib = self.library()?;
            let p = lib.parcel(change.parcel)?;
            (p.id.clone(), p.status)
        };
        let session = self.shared.session.as_mut()?;
        let decided = session.decided_on.as_ref().filter(|(d, _)| *d == id).map(|(_, v)| *v);
        let Some(version) = decided.or_else(|| session.versions.get(&id).copied()) else {
            self.shell.message = Some(format!("{}: {id}", shared_t::SHARED_CONNECTING.get(lang)));
            return Some(false);
        };
        if let Err(e) = check_transition(from, change.to, &change.note, change.correction) {
            self.shell.message = Some(format!("{id}: {e}"));
            return Some(false);
        }
        session.send(
            postgis::new_entry_id(),
            StatusRequest {
                parcel: id,
                expected_version: version,
                to: change.to,
                note: change.note.clone(),
                correction: change.correction,
            },
        );
        self.shell.message = Some(shared_t::SENDING.get(lang).to_string());
        Some(true)
    }

    /// Each frame: the worker's answers, the listener's news, and the statuses waiting for the library.
    pub(super) fn drive_shared(&mut self) {
        let repaint = self.repainter();
        let selected = self
            .register
            .selected
            .and_then(|i| self.library().and_then(|l| l.parcel(i)).map(|p| p.id.clone()));
        let Some(session) = self.shared.session.as_mut() else {
            return;
        };
        // The base of the officer's decision is what they saw when they selected the parcel (before this frame's
        // news).
        match selected {
            Some(id) if session.decided_on.as_ref().is_none_or(|(d, _)| *d != id) => {
                session.decided_on = session.versions.get(&id).map(|v| (id, *v));
            }
            Some(_) => {}
            None => session.decided_on = None,
        }
        let replies = session.poll(repaint);
        for r in replies {
            self.take_reply(r);
        }
        self.apply_shared_statuses();
        if let Some(s) = self.shared.session.as_mut()
            && let Err(e) = s.keep_unsent()
        {
            self.shell.message = Some(format!("{e:#}"));
        }
        if let Some(s) = &self.shared.session
            && !s.in_flight.is_empty()
            && let Some(c) = &self.ctx
        {
            c.request_repaint_after(std::time::Duration::from_millis(30));
        }
    }

    fn take_reply(&mut self, r: Reply) {
        let lang = self.lang;
        let Some(session) = self.shared.session.as_mut() else {
            return;
        };
        if let Reply::Sent { req, .. } = &r
            && session.decided_on.as_ref().is_some_and(|(d, _)| *d == req.parcel)
        {
            // Answered (applied, conflict or refused): the next decision starts from what the server says now.
            session.decided_on = None;
        }
        match r {
            Reply::Snapshot { rows, mine, .. } => {
                session.mine = Some(mine);
                if session.link == Link::Connecting {
                    session.link = Link::Connected;
                }
                session.learn(rows);
            }
            Reply::Refreshed(rows) => session.learn(rows),
            Reply::Failed(e) => {
                session.link = Link::Lost(e.clone());
                self.shell.message = Some(e);
            }
            Reply::NotSent {
                entry,
                req,
                error,
                committed,
            } => {
                session.in_flight.retain(|q| q.entry != entry);
                let what = match committed {
                    Some(false) => shared_t::NOT_COMMITTED,
                    _ => shared_t::UNSURE,
                };
                self.shell.message = Some(format!("{}: {} ({error})", req.parcel, what.get(lang)));
                session.link = Link::Lost(error);
                session.outbox.push(super::shared_session::Queued { entry, req });
            }
            Reply::Sent { entry, req, sent } => {
                session.in_flight.retain(|q| q.entry != entry);
                self.shell.message = Some(sent.outcome.message(&req.parcel));
                match sent.outcome {
                    SharedOutcome::Applied { version } => {
                        if session.versions.get(&req.parcel).is_none_or(|v| *v < version) {
                            session.versions.insert(req.parcel.clone(), version);
                            session.to_apply.push((req.parcel.clone(), req.to));
                        }
                        let who = session.role.clone();
                        self.record_audit(&req, who);
                    }
                    SharedOutcome::Conflict { theirs, .. } => {
                        // The library shows the server's state; the dialog shows both.
                        if session.versions.get(&req.parcel).is_none_or(|v| *v < theirs.version) {
                            session.versions.insert(req.parcel.clone(), theirs.version);
                            session.to_apply.push((req.parcel.clone(), theirs.status));
                        }
                        self.shared.conflict = Some(ConflictView {
                            parcel: req.parcel.clone(),
                            mine: req,
                            mine_at: super::status::iso_utc_now(),
                            theirs,
                            entry: None,
                        });
                    }
                    SharedOutcome::Denied { .. } => {
                        self.shared.refusal = Some(sent.outcome.message(&req.parcel));
                    }
                    SharedOutcome::NotFound | SharedOutcome::Refused(_) => {}
                }
            }
        }
    }

    /// The applied change in the document's audit log (the server keeps its own, authoritative one).
    fn record_audit(&mut self, req: &StatusRequest, who: String) {
        let from = self
            .library()
            .and_then(|l| l.index_of(&req.parcel).and_then(|i| l.parcel(i)))
            .map(|p| p.status);
        if let Some(from) = from
            && let Ok(rec) = StatusChange::new(
                req.parcel.clone(),
                from,
                req.to,
                req.note.clone(),
                req.correction,
                who,
                super::status::iso_utc_now(),
            )
        {
            self.doc.audit.push(rec);
        }
    }

    /// Puts the statuses the server gave into the library, once no match is reading it.
    fn apply_shared_statuses(&mut self) {
        let Some(session) = self.shared.session.as_mut() else {
            return;
        };
        if session.to_apply.is_empty() {
            return;
        }
        let Some(loaded) = self.doc.library.as_mut() else {
            return;
        };
        let Some(lib) = std::sync::Arc::get_mut(&mut loaded.library) else {
            if let Some(c) = &self.ctx {
                c.request_repaint_after(std::time::Duration::from_millis(20));
            }
            return;
        };
        let mut changed = false;
        for (id, status) in std::mem::take(&mut session.to_apply) {
            if let Some(i) = lib.index_of(&id)
                && lib.parcel(i).is_some_and(|p| p.status != status)
            {
                changed |= lib.set_status(i, status);
            }
        }
        if changed {
            self.register.invalidate();
            // Availability feeds the ranking: match again.
            self.edited();
        }
    }

    /// Keep theirs: the library shows theirs already; an offline copy takes them into the file.
    pub(super) fn keep_theirs(&mut self) {
        let Some(c) = self.shared.conflict.take() else { return };
        if c.entry.is_some() {
            self.settle_offline(c, false);
        }
    }

    /// Keep the officer's side: send it again on the version the server has now.
    pub(super) fn keep_mine(&mut self) {
        let Some(c) = self.shared.conflict.take() else { return };
        if c.entry.is_some() {
            self.settle_offline(c, true);
            return;
        }
        let Some(session) = self.shared.session.as_mut() else {
            return;
        };
        let req = StatusRequest {
            expected_version: c.theirs.version,
            ..c.mine
        };
        session.send(postgis::new_entry_id(), req);
        self.shell.message = Some(shared_t::SENDING.get(self.lang).to_string());
    }

    /// A load that failed because the server wants a password opens the password dialog instead of an error.
    pub(super) fn offer_password_after(&mut self, source: &LibrarySource, message: &str) -> bool {
        let LibrarySource::Path(p) = source else { return false };
        let Some(url) = p.to_str().filter(|s| postgis::is_database_url(s)) else {
            return false;
        };
        let Some(trouble) = postgis::wants_password(message) else {
            return false;
        };
        self.shared.password = Some(PasswordPrompt {
            url: url.to_string(),
            text: String::new(),
            wrong: trouble == postgis::PasswordTrouble::Wrong,
        });
        true
    }

    /// The password typed: kept in memory for this login, and the library loaded again.
    pub(super) fn connect_with_password(&mut self) {
        let Some(p) = self.shared.password.take() else { return };
        if let Err(e) = postgis::remember_password(&p.url, &p.text) {
            self.shell.load_error = Some(format!("{e:#}"));
            return;
        }
        self.start_load(LibrarySource::Path(p.url.into()));
    }
}
