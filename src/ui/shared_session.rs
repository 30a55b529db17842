//! The app's side of a shared library (PostGIS, docs/shared-library.md): one worker thread that owns the connection
//! and sends status changes (never on the UI thread), a [`Listener`] whose notifications refresh the changed parcels,
//! the version of every parcel the officer's decisions are based on, and the counties the officer may change.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};

use crate::io::postgis::worker::{self, Job, ParcelVersion, Reply};
use crate::io::postgis::{self, LibraryEvent, Listener, StatusRequest};
use crate::io::unsent_changes;
use crate::model::{Counties, ParcelStatus, TheirChange};

/// The connection state shown in the permission view.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    Connecting,
    Connected,
    Lost(String),
}

/// A change the officer made that is not confirmed yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Queued {
    pub entry: String,
    pub req: StatusRequest,
}

/// The shared library the app has open.
pub struct SharedSession {
    pub url: String,
    /// The login role (who the audit will name).
    pub role: String,
    pub link: Link,
    /// Parcel id → the version the officer sees.
    pub versions: HashMap<String, i64>,
    /// The selected parcel and the version it had when the officer selected it: a change is sent on that version,
    /// so another officer's change that arrives while this one decides comes back as a conflict to look at, not
    /// as a silent new base.
    pub decided_on: Option<(String, i64)>,
    /// County ids this officer may change (the server's mapping); `None` until the first answer.
    pub mine: Option<Vec<String>>,
    /// Sent and not answered yet.
    pub in_flight: Vec<Queued>,
    /// Not confirmed (connection lost while sending): sent again, under the same entry id, once the link is back.
    pub outbox: Vec<Queued>,
    /// Statuses to put into the library once the matching thread lets go of it.
    pub to_apply: Vec<(String, ParcelStatus)>,
    pub(super) listener: Option<Listener>,
    /// The listener has said LISTEN is in place (and its catch-up is done).
    listening: bool,
    events: Option<Receiver<LibraryEvent>>,
    jobs: Sender<Job>,
    replies: Receiver<Reply>,
    last_seq: i64,
    /// Where the unconfirmed changes (`in_flight` and `outbox`) are kept across a restart, and the entry ids last
    /// written there.
    unsent_file: Option<PathBuf>,
    unsent_saved: Vec<String>,
}

impl SharedSession {
    /// Starts the worker and asks for the snapshot; the listener starts once the snapshot says where to catch up
    /// from. `repaint` wakes the UI when an answer arrives. Changes a previous session left unconfirmed in
    /// `unsent_file` (same library, same login) go into the outbox, sent again once the link is up.
    pub fn start(
        url: &str,
        counties: Counties,
        unsent_file: Option<PathBuf>,
        repaint: impl Fn() + Send + 'static,
    ) -> SharedSession {
        let (jobs, replies) = worker::spawn(url, counties, repaint);
        let _ = jobs.send(Job::Snapshot);
        let role = postgis::config(url)
            .ok()
            .and_then(|c| c.get_user().map(str::to_string))
            .unwrap_or_default();
        let left: Vec<Queued> = unsent_file
            .as_deref()
            .and_then(|f| unsent_changes::load(f, url, &role).ok())
            .unwrap_or_default()
            .into_iter()
            .map(|(entry, req)| Queued { entry, req })
            .collect();
        let unsent_saved = left.iter().map(|q| q.entry.clone()).collect();
        SharedSession {
            url: url.to_string(),
            role,
            link: Link::Connecting,
            versions: HashMap::new(),
            decided_on: None,
            mine: None,
            in_flight: Vec::new(),
            outbox: left,
            to_apply: Vec::new(),
            listener: None,
            listening: false,
            events: None,
            jobs,
            replies,
            last_seq: 0,
            unsent_file,
            unsent_saved,
        }
    }

    /// Writes the unconfirmed changes to the unsent file when they differ from what it holds. An error is for the
    /// officer to see: the changes stay in memory and the next change tries again.
    pub fn keep_unsent(&mut self) -> anyhow::Result<()> {
        let Some(file) = &self.unsent_file else { return Ok(()) };
        // Called every frame: nothing is allocated unless the set changed.
        let unchanged = self
            .in_flight
            .iter()
            .chain(&self.outbox)
            .map(|q| &q.entry)
            .eq(self.unsent_saved.iter());
        if unchanged {
            return Ok(());
        }
        let waiting: Vec<(String, StatusRequest)> = self
            .in_flight
            .iter()
            .chain(&self.outbox)
            .map(|q| (q.entry.clone(), q.req.clone()))
            .collect();
        let ids: Vec<String> = waiting.iter().map(|(e, _)| e.clone()).collect();
        unsent_changes::save(file, &self.url, &self.role, &waiting)?;
        self.unsent_saved = ids;
        Ok(())
    }

    /// Sends a change on the worker; the answer comes back through [`Self::poll`].
    pub fn send(&mut self, entry: String, req: StatusRequest) {
        self.in_flight.push(Queued {
            entry: entry.clone(),
            req: req.clone(),
        });
        let _ = self.jobs.send(Job::Change { entry, req });
    }

    /// Sends again every change that is not confirmed, each under its own entry id (applied at most once).
    pub fn resend(&mut self) {
        for q in std::mem::take(&mut self.outbox) {
            self.send(q.entry, q.req);
        }
    }

    /// The answers that arrived since the last frame, with the listener's events turned into refresh jobs.
    pub(super) fn poll(&mut self, repaint: impl Fn() + Send + 'static) -> Vec<Reply> {
        let mut out = Vec::new();
        loop {
            match self.replies.try_recv() {
                Ok(r) => out.push(r),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    out.push(Reply::Failed(
                        "共享图库线程已结束 / the shared-library worker ended".into(),
                    ));
                    break;
                }
            }
        }
        for r in &out {
            if let Reply::Snapshot { last_seq, .. } = r {
                self.last_seq = *last_seq;
                if self.listener.is_none() {
                    self.start_listener(repaint);
                    break;
                }
            }
        }
        self.drain_events();
        out
    }

    fn start_listener(&mut self, repaint: impl Fn() + Send + 'static) {
        let (tx, rx) = channel();
        // Wake the UI for every event: a forwarding thread keeps the listener free of egui.
        let (fwd_tx, fwd_rx) = channel();
        match Listener::start(&self.url, self.last_seq.max(1), fwd_tx) {
            Ok(l) => {
                self.listener = Some(l);
                self.events = Some(rx);
                let _ = std::thread::Builder::new()
                    .name("stockfirst-listen-wake".into())
                    .spawn(move || {
                        while let Ok(ev) = fwd_rx.recv() {
                            if tx.send(ev).is_err() {
                                break;
                            }
                            repaint();
                        }
                    });
            }
            Err(e) => self.link = Link::Lost(format!("{e:#}")),
        }
    }

    fn drain_events(&mut self) {
        let Some(rx) = &self.events else { return };
        let mut stale = Vec::new();
        let mut back = false;
        while let Ok(ev) = rx.try_recv() {
            match ev {
                LibraryEvent::Changed { id, version, .. } => {
                    if self.versions.get(&id).is_none_or(|v| *v < version) && !stale.contains(&id) {
                        stale.push(id);
                    }
                }
                LibraryEvent::Reload => {
                    let _ = self.jobs.send(Job::Snapshot);
                }
                LibraryEvent::Connected => {
                    self.listening = true;
                    back = !self.outbox.is_empty();
                    self.link = Link::Connected;
                }
                LibraryEvent::Lost(e) => self.link = Link::Lost(e),
            }
        }
        if !stale.is_empty() {
            let _ = self.jobs.send(Job::Refresh(stale));
        }
        if back {
            self.resend();
        }
    }

    /// Takes in what the server says about parcels: newer versions win, their statuses go to the library.
    pub(super) fn learn(&mut self, rows: Vec<ParcelVersion>) {
        for r in rows {
            let known = self.versions.get(&r.id).copied();
            if known.is_none_or(|v| v < r.version) {
                self.versions.insert(r.id.clone(), r.version);
                self.to_apply.push((r.id, r.status));
            }
        }
    }

    /// True once the listener hears the server's notifications.
    pub fn listener_running(&self) -> bool {
        self.listening
    }

    /// Whether this officer may change parcels of `county` (as far as the server said).
    pub fn may_change(&self, county: &str) -> Option<bool> {
        self.mine.as_ref().map(|m| m.iter().any(|c| c == county))
    }
}

/// Everything about the open shared library, with its dialogs.
#[derive(Default)]
pub struct SharedState {
    pub session: Option<SharedSession>,
    /// A change the server refused because someone else changed the parcel first.
    pub conflict: Option<ConflictView>,
    /// The last refusal (county not yours), shown until closed.
    pub refusal: Option<String>,
    /// The password dialog, when the server wants one.
    pub password: Option<PasswordPrompt>,
}

/// Both sides of a conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictView {
    pub parcel: String,
    pub mine: StatusRequest,
    /// When the officer decided.
    pub mine_at: String,
    pub theirs: TheirChange,
    /// The outbox entry, for a conflict found by syncing an offline copy.
    pub entry: Option<crate::io::outbox::OutboxEntry>,
}

/// The password dialog's state; the text lives in memory only.
#[derive(Debug, Clone, Default)]
pub struct PasswordPrompt {
    pub url: String,
    pub text: String,
    /// The server refused the password it was given (typed, or from PGPASSFILE): the dialog says so.
    pub wrong: bool,
}
