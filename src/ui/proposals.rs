//! 选址建议 in the app (issue 15): the core's 存量组合 and 智能选址 for the current requirement, on a worker thread
//! with progress and a cancel. An answer is shown whole or not at all (a cancelled search hands back nothing), and
//! one proposal can become the project's red line (采用为红线), to be edited and matched like a drawn one.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use geo::Coord;

use super::controls_state::ReadControls;
use crate::controls::GaussKruger;
use crate::library::StockLibrary;
use crate::matching::{MatchRules, Requirement};
use crate::model::{Area, LandUse, ProjectTier};
use crate::propose::{Controls, Proposal, Proposals, propose, propose_sites_with};

/// What to propose for: the point, the use, the 亩, county and tier of the project page.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposalRequest {
    pub at: Coord<f64>,
    pub use_code: String,
    pub area: Area,
    pub county: Option<String>,
    pub tier: ProjectTier,
    /// How many of each kind.
    pub top: usize,
}

/// A whole answer: the combinations (or why none) and the grown red lines (or why none).
#[derive(Debug, Clone)]
pub struct ProposalAnswer {
    pub request: ProposalRequest,
    pub combinations: Result<Proposals, String>,
    pub sites: Vec<Proposal>,
    /// Why no red line was grown: boxed in (which constraint, how much is missing), or no control layers.
    pub site_note: Option<String>,
    pub millis: f64,
}

impl ProposalAnswer {
    /// Every proposal, combinations first, in the order the panel lists them.
    pub fn all(&self) -> Vec<&Proposal> {
        let combos = self.combinations.iter().flat_map(|p| p.proposals.iter());
        combos.chain(self.sites.iter()).collect()
    }
}

/// A search under way.
pub struct ProposalJob {
    cancel: Arc<AtomicBool>,
    /// Done, in thousandths.
    progress: Arc<AtomicU32>,
    rx: Receiver<Option<ProposalAnswer>>,
    pub started: Instant,
}

impl ProposalJob {
    pub fn fraction(&self) -> f32 {
        self.progress.load(Ordering::Relaxed) as f32 / 1000.0
    }
}

/// The 选址建议 panel's state.
#[derive(Default)]
pub struct ProposalsPanel {
    pub job: Option<ProposalJob>,
    pub answer: Option<ProposalAnswer>,
    /// The listed proposal drawn strongest on the map.
    pub focused: Option<usize>,
    /// The last search was cancelled (said once, until the next search).
    pub cancelled: bool,
    pub error: Option<String>,
}

impl ProposalsPanel {
    /// Starts a search; a running one is cancelled first (its answer never shows).
    pub fn start(
        &mut self,
        lib: Arc<StockLibrary>,
        req: ProposalRequest,
        rules: MatchRules,
        controls: Option<Arc<ReadControls>>,
        repaint: impl Fn() + Send + 'static,
    ) {
        self.cancel();
        self.cancelled = false;
        self.error = None;
        let cancel = Arc::new(AtomicBool::new(false));
        let progress = Arc::new(AtomicU32::new(0));
        let (tx, rx) = channel();
        let (c, p) = (cancel.clone(), progress.clone());
        std::thread::spawn(move || {
            let answer = run_proposals(&lib, &req, &rules, controls.as_deref(), &c, &p);
            let _ = tx.send(answer);
            repaint();
        });
        self.job = Some(ProposalJob {
            cancel,
            progress,
            rx,
            started: Instant::now(),
        });
    }

    /// Stops the search under way; whatever it found so far is dropped.
    pub fn cancel(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel.store(true, Ordering::Relaxed);
            self.cancelled = true;
        }
    }

    /// Takes in a finished answer. Returns true when one arrived.
    pub fn poll(&mut self) -> bool {
        let Some(job) = &self.job else { return false };
        match job.rx.try_recv() {
            Ok(Some(a)) => {
                self.job = None;
                self.answer = Some(a);
                self.focused = Some(0);
                true
            }
            Ok(None) | Err(TryRecvError::Disconnected) => {
                self.job = None;
                self.cancelled = true;
                false
            }
            Err(TryRecvError::Empty) => false,
        }
    }

    /// Waits (up to `timeout`) for the search under way; for tests and scenes.
    pub fn wait(&mut self, timeout: Duration) -> bool {
        let start = Instant::now();
        while self.job.is_some() && start.elapsed() < timeout {
            if self.poll() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        self.answer.is_some() && self.job.is_none()
    }
}

/// Runs the combination, then the site proposal (with control layers), checking `cancel` between the steps and
/// before each grown red line. `None` when cancelled.
pub fn run_proposals(
    lib: &StockLibrary,
    req: &ProposalRequest,
    rules: &MatchRules,
    controls: Option<&ReadControls>,
    cancel: &AtomicBool,
    progress: &AtomicU32,
) -> Option<ProposalAnswer> {
    let started = Instant::now();
    let stop = || cancel.load(Ordering::Relaxed);
    let mut r = match Requirement::at_point(req.at, LandUse::ydyh(&req.use_code), req.area) {
        Ok(r) => r.with_tier(req.tier),
        Err(e) => {
            return Some(ProposalAnswer {
                request: req.clone(),
                combinations: Err(e.to_string()),
                sites: Vec::new(),
                site_note: None,
                millis: 0.0,
            });
        }
    };
    if let Some(c) = &req.county {
        r = r.with_county(c.clone());
    }
    let gk = GaussKruger::working();
    let ctl = controls.map(|read| Controls {
        layers: &read.controls.layers,
        rules: &read.rules,
        inv: &gk,
    });
    if stop() {
        return None;
    }
    let combinations = propose(lib, &r, rules, req.top, ctl.as_ref()).map_err(|e| e.to_string());
    progress.store(300, Ordering::Relaxed);
    if stop() {
        return None;
    }
    let (sites, site_note) = match &ctl {
        Some(c) => {
            let mut keep_going = |done: usize, of: usize| {
                progress.store(300 + (700 * done / of.max(1)) as u32, Ordering::Relaxed);
                !stop()
            };
            match propose_sites_with(lib, &r, rules, req.top, c, &mut keep_going) {
                Ok(Some(v)) => (v, None),
                Ok(None) => return None,
                Err(e) => (Vec::new(), Some(e.to_string())),
            }
        }
        None => (
            Vec::new(),
            Some("未加载管控图层，未做智能选址（需永久基本农田、生态保护红线、城镇开发边界、地类图斑） / no control layers: no site proposal (it needs the permanent farmland, ecological red line, development boundary and land survey layers)".into()),
        ),
    };
    progress.store(1000, Ordering::Relaxed);
    (!stop()).then(|| ProposalAnswer {
        request: req.clone(),
        combinations,
        sites,
        site_note,
        millis: started.elapsed().as_secs_f64() * 1000.0,
    })
}
