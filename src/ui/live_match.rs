//! The live match: every edit of the footprint or the brief asks the matching core again after a short debounce,
//! off the UI thread ([`super::match_worker`]); the latest answer is kept here.

use std::time::{Duration, Instant};

use super::app::StockApp;
use super::i18n::t;
use super::match_worker::{MatchRequest, MatchWorker};

impl StockApp {
    /// Marks the footprint or the brief as edited: dirty for autosave, and a match is due after the debounce.
    pub fn edited(&mut self) {
        self.doc.touch();
        self.live.due = Some(Instant::now() + self.live.debounce);
        self.controls_work.due = Some(Instant::now() + self.live.debounce);
    }

    /// Marks the project dirty without asking for a new match (e.g. choosing a candidate).
    pub fn edited_no_rematch(&mut self) {
        self.doc.touch();
    }

    /// The request for the current sketch and requirement, if there is enough to match.
    pub fn match_request(&self) -> Option<MatchRequest> {
        if self.doc.footprint.vertices.len() < 3 {
            return None;
        }
        Some(MatchRequest {
            rev: self.doc.rev,
            footprint: self.doc.footprint.multipolygon(),
            at: self.doc.footprint.vertices.first().copied(),
            use_code: self.doc.brief.use_code.clone(),
            area: self.doc.brief.area_mu.map(crate::model::Area::from_mu),
            county: self.doc.brief.county.clone(),
            tier: self.doc.brief.tier,
            top: 10,
        })
    }

    /// Sends the due match to the worker and takes in answers.
    pub(super) fn drive_matching(&mut self) {
        if let Some(w) = self.live.worker.as_mut()
            && let Some(a) = w.poll()
        {
            self.live.answer = Some(a);
        }
        let Some(due) = self.live.due else { return };
        let now = Instant::now();
        if now < due {
            if let Some(c) = &self.ctx {
                c.request_repaint_after(due - now);
            }
            return;
        }
        self.live.due = None;
        let (Some(lib), Some(req)) = (
            self.doc.library.as_ref().map(|l| l.library.clone()),
            self.match_request(),
        ) else {
            return;
        };
        if self.live.worker.is_none() {
            let rules = match self.match_rules.clone() {
                Some(r) => Ok(r),
                None => crate::io::match_rules(),
            };
            match rules {
                Ok(rules) => {
                    let ctx = self.ctx.clone();
                    self.live.worker = Some(MatchWorker::start(rules, move || {
                        if let Some(c) = &ctx {
                            c.request_repaint();
                        }
                    }));
                }
                Err(e) => {
                    self.shell.message = Some(format!("{}: {e:#}", t::ERROR.get(self.lang)));
                    return;
                }
            }
        }
        let controls = self.doc.controls.loaded.clone();
        if let Some(w) = self.live.worker.as_mut() {
            w.send(lib, req, controls);
        }
    }

    /// Waits (up to `timeout`) for the matching worker to answer the current sketch; for tests and exports.
    pub fn wait_for_match(&mut self, timeout: Duration) -> bool {
        let start = Instant::now();
        self.live.due = self.live.due.map(|_| Instant::now());
        self.drive_matching();
        while start.elapsed() < timeout {
            if let Some(w) = self.live.worker.as_mut() {
                if let Some(a) = w.poll() {
                    self.live.answer = Some(a);
                }
                if w.pending.is_none() {
                    return self.live.answer.is_some();
                }
            } else {
                return self.live.answer.is_some();
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }
}
