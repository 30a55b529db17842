//! The app's side of the 合规性审查: opening control layers off the UI thread, and re-running the review after the
//! footprint changes (the same debounce as matching). The answers come from the core; this file only dispatches.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::Instant;

use super::app::StockApp;
use super::controls_state::{ReadControls, read_controls, run_review};
use super::i18n::t;
use crate::controls::ProjectContext;

impl StockApp {
    /// Starts reading the control sources off the UI thread.
    pub fn start_controls_load(&mut self, sources: Vec<PathBuf>) {
        self.doc.controls.sources = sources.clone();
        // A project with no role map of its own takes the one the officer saved (管控图层角色).
        if self.doc.controls.roles.layers.is_empty()
            && let Ok(saved) = crate::io::control_roles::load_role_map(&self.control_roles_path())
        {
            self.doc.controls.roles = saved;
        }
        let roles = self.doc.controls.roles.clone();
        let (tx, rx) = channel();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(read_controls(&sources, &roles));
            if let Some(c) = ctx {
                c.request_repaint();
            }
        });
        self.controls_work.load = Some(rx);
        self.controls_work.error = None;
    }

    /// Reads the control sources now (tests, and callers that can wait).
    pub fn load_controls_now(&mut self, sources: Vec<PathBuf>) -> anyhow::Result<()> {
        let read = read_controls(&sources, &self.doc.controls.roles)?;
        self.doc.controls.sources = sources;
        self.set_controls(read);
        Ok(())
    }

    /// Installs read control layers and asks for a review.
    pub fn set_controls(&mut self, read: ReadControls) {
        self.doc.controls.visible = vec![true; read.controls.layers.layers.len()];
        self.doc.controls.loaded = Some(Arc::new(read));
        self.controls_work.answer = None;
        self.controls_work.due = Some(Instant::now());
        // Clause (一) now weighs each candidate's increment: match again with the layers.
        if self.doc.footprint.vertices.len() >= 3 {
            self.live.due = Some(Instant::now());
        }
    }

    /// Takes in loaded layers and review answers; sends a due review.
    pub(super) fn drive_controls(&mut self) {
        if let Some(rx) = &self.controls_work.load
            && let Ok(r) = rx.try_recv()
        {
            self.controls_work.load = None;
            match r {
                Ok(read) => self.set_controls(read),
                Err(e) => {
                    let msg = format!("{}: {e:#}", t::ERROR.get(self.lang));
                    // Layers no name or field explains: the officer assigns their roles instead of reading an error.
                    if !self.offer_roles_after(&msg) {
                        self.controls_work.error = Some(msg);
                    }
                }
            }
        }
        if let Some(rx) = &self.controls_work.review
            && let Ok(a) = rx.try_recv()
        {
            self.controls_work.review = None;
            self.controls_work.answer = Some(a);
        }
        let Some(due) = self.controls_work.due else { return };
        let now = Instant::now();
        if now < due {
            if let Some(c) = &self.ctx {
                c.request_repaint_after(due - now);
            }
            return;
        }
        // One review at a time: the next one starts when this answer is in (the due time stays set).
        if self.controls_work.review.is_some() {
            return;
        }
        self.controls_work.due = None;
        let Some(read) = self.doc.controls.loaded.clone() else {
            return;
        };
        if !self.doc.footprint.closed || self.doc.footprint.vertices.len() < 3 {
            self.controls_work.answer = None;
            return;
        }
        let fp = self.doc.footprint.multipolygon();
        let lib = self.doc.library.as_ref().map(|l| l.library.clone());
        let ctx = ProjectContext {
            tier: self.doc.brief.tier,
            category: None,
        };
        let rev = self.doc.rev;
        let (tx, rx) = channel();
        let repaint = self.ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(run_review(rev, &fp, lib.as_deref(), &read, &ctx));
            if let Some(c) = repaint {
                c.request_repaint();
            }
        });
        self.controls_work.review = Some(rx);
    }

    /// Waits (up to `timeout`) for loading and the review of the current footprint; for tests and exports.
    pub fn wait_for_controls(&mut self, timeout: std::time::Duration) -> bool {
        let start = Instant::now();
        self.controls_work.due = self.controls_work.due.map(|_| Instant::now());
        while start.elapsed() < timeout {
            self.drive_controls();
            if !self.controls_work.busy() && self.controls_work.due.is_none() {
                return true;
            }
            if self.controls_work.due.is_some() {
                self.controls_work.due = Some(Instant::now());
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        false
    }

    /// The cultivated 亩 of the project's increment from the overlay (net of 田坎), when reviewed.
    pub fn increment_cultivated_mu(&self) -> Option<f64> {
        self.controls_work
            .answer
            .as_ref()
            .and_then(|a| a.increment.as_ref())
            .and_then(|r| r.cultivated_mu)
    }
}
