//! An offline copy (a GeoPackage from `stockfirst db checkout`) open in the app: status changes go to its outbox
//! (`io::outbox`), the 离线副本 window shows how many wait, and 同步 replays them on a worker thread
//! (`io::postgis::sync`). Each conflict opens the conflict dialog; the officer keeps theirs (the entry leaves the
//! outbox, the copy takes the server's status) or mine (sent again on their version). Nothing is dropped silently.

use std::sync::mpsc::{TryRecvError, channel};

use super::app::StockApp;
use super::i18n::shared_t;
use super::loader::LibrarySource;
use super::offline_state::OfflineCopy;
use super::shared_session::ConflictView;
use crate::io::outbox::{self, OutboxEntry};
use crate::io::postgis::StatusRequest;
use crate::model::{SharedOutcome, StatusChange};

impl StockApp {
    /// Notes an offline copy when the library just loaded is one.
    pub(super) fn start_offline(&mut self, source: &LibrarySource) {
        self.offline = match source {
            LibrarySource::Path(p) if outbox::is_checkout(p) => {
                outbox::source_of(p).ok().flatten().map(|url| OfflineCopy {
                    path: p.clone(),
                    source: url,
                    waiting: outbox::entries(p).map(|e| e.len()).unwrap_or(0),
                    job: None,
                    conflicts: Vec::new(),
                    counted_at: self.doc.audit.len(),
                })
            }
            _ => None,
        };
    }

    /// Counts the outbox again (after a change was queued).
    pub(super) fn recount_outbox(&mut self) {
        if let Some(o) = self.offline.as_mut() {
            o.waiting = outbox::entries(&o.path).map(|e| e.len()).unwrap_or(o.waiting);
        }
    }

    /// 同步: replays the outbox on a worker thread.
    pub fn start_sync(&mut self) {
        let counties = self.counties.clone();
        let ctx = self.ctx.clone();
        let Some(o) = self.offline.as_mut() else { return };
        if o.job.is_some() {
            return;
        }
        let (tx, rx) = channel();
        let (url, path) = (o.source.clone(), o.path.clone());
        std::thread::spawn(move || {
            let r =
                crate::io::postgis::sync::sync(&url, &path, &counties, &mut |_| std::ops::ControlFlow::Continue(()));
            let _ = tx.send(r);
            if let Some(c) = ctx {
                c.request_repaint();
            }
        });
        o.job = Some(rx);
        self.shell.message = Some(shared_t::SYNCING.get(self.lang).to_string());
    }

    /// Each frame: the sync's answer, and the next conflict into the dialog.
    pub(super) fn drive_offline(&mut self) {
        let lang = self.lang;
        let Some(o) = self.offline.as_mut() else { return };
        if let Some(rx) = &o.job {
            match rx.try_recv() {
                Ok(Ok(report)) => {
                    o.job = None;
                    let kept = report.refused.len() + report.kept.len();
                    self.shell.message = Some(format!(
                        "{}: {} · {}: {} · {}: {}{}",
                        shared_t::SYNCED.get(lang),
                        report.applied.len() + report.already.len(),
                        shared_t::CONFLICT_TITLE.get(lang),
                        report.conflicts.len(),
                        shared_t::WAITING_TO_SEND.get(lang),
                        kept,
                        report
                            .refused
                            .iter()
                            .map(|(e, why)| format!(" · {}", why.message(&e.parcel)))
                            .chain(report.kept.iter().map(|(e, why)| format!(" · {}: {why}", e.parcel)))
                            .collect::<String>()
                    ));
                    o.conflicts = report
                        .conflicts
                        .into_iter()
                        .filter_map(|(e, c)| conflict_view(e, c))
                        .collect();
                    // Count the outbox again below.
                    o.counted_at = usize::MAX;
                }
                Ok(Err(e)) => {
                    o.job = None;
                    self.shell.message = Some(format!("{}: {e:#}", super::i18n::t::ERROR.get(lang)));
                }
                Err(TryRecvError::Empty) => {
                    if let Some(c) = &self.ctx {
                        c.request_repaint_after(std::time::Duration::from_millis(50));
                    }
                }
                Err(TryRecvError::Disconnected) => o.job = None,
            }
        }
        if self.shared.conflict.is_none()
            && let Some(o) = self.offline.as_mut()
            && !o.conflicts.is_empty()
        {
            self.shared.conflict = Some(o.conflicts.remove(0));
        }
        let audit = self.doc.audit.len();
        if self.offline.as_ref().is_some_and(|o| o.counted_at != audit) {
            self.recount_outbox();
            if let Some(o) = self.offline.as_mut() {
                o.counted_at = audit;
            }
        }
    }

    /// Settles an offline conflict: theirs into the copy, or mine rebased on their version and synced again.
    pub(super) fn settle_offline(&mut self, c: ConflictView, keep_mine: bool) {
        let lang = self.lang;
        let Some(entry) = c.entry.clone() else { return };
        let Some(path) = self.offline.as_ref().map(|o| o.path.clone()) else {
            return;
        };
        let done = if keep_mine {
            outbox::rebase(&path, &entry, c.theirs.version).map(|_| self.start_sync())
        } else {
            self.take_theirs_offline(&path, &entry, &c)
        };
        if let Err(e) = done {
            self.shell.message = Some(format!("{}: {e:#}", super::i18n::t::ERROR.get(lang)));
        }
        self.recount_outbox();
    }

    fn take_theirs_offline(
        &mut self,
        path: &std::path::Path,
        entry: &OutboxEntry,
        c: &ConflictView,
    ) -> anyhow::Result<()> {
        let idx = self.library().and_then(|l| l.index_of(&entry.parcel));
        let from = idx
            .and_then(|i| self.library().and_then(|l| l.parcel(i)))
            .map(|p| p.status);
        let Some((i, from)) = idx.zip(from) else {
            anyhow::bail!("{}", SharedOutcome::NotFound.message(&entry.parcel));
        };
        if from == c.theirs.status {
            return outbox::settle(path, entry, c.theirs.version);
        }
        let change = StatusChange::new(
            entry.parcel.clone(),
            from,
            c.theirs.status,
            format!("采用服务器版本 {} / kept the server's version", c.theirs.version),
            true,
            super::status::officer_name(),
            super::status::iso_utc_now(),
        )?;
        outbox::take_theirs(path, entry, &change, c.theirs.version)?;
        if let Some(lib) = self
            .doc
            .library
            .as_mut()
            .and_then(|l| std::sync::Arc::get_mut(&mut l.library))
        {
            lib.set_status(i, c.theirs.status);
        }
        self.doc.audit.push(change);
        self.register.invalidate();
        self.edited();
        Ok(())
    }

    pub(super) fn offline_ui(&mut self, ctx: &egui::Context) {
        let lang = self.lang;
        let Some(o) = &self.offline else { return };
        let mut sync = false;
        egui::Window::new(shared_t::OFFLINE_COPY.get(lang))
            .anchor(egui::Align2::RIGHT_BOTTOM, [-10.0, -40.0])
            .collapsible(true)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label(format!("{}：{}", shared_t::CHECKED_OUT_FROM.get(lang), o.source));
                ui.label(format!("{}：{}", shared_t::WAITING_TO_SEND.get(lang), o.waiting));
                if o.is_syncing() {
                    ui.label(shared_t::SYNCING.get(lang));
                } else {
                    sync = ui.button(shared_t::SYNC.get(lang)).clicked();
                }
            });
        if sync {
            self.start_sync();
        }
    }
}

fn conflict_view(entry: OutboxEntry, outcome: SharedOutcome) -> Option<ConflictView> {
    let SharedOutcome::Conflict { theirs, .. } = outcome else {
        return None;
    };
    Some(ConflictView {
        parcel: entry.parcel.clone(),
        mine: StatusRequest {
            parcel: entry.parcel.clone(),
            expected_version: entry.base_version,
            to: entry.to,
            note: entry.note.clone(),
            correction: entry.correction,
        },
        mine_at: entry.created_at.clone(),
        theirs,
        entry: Some(entry),
    })
}
