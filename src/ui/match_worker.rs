//! Matching off the UI thread. The app sends the latest requirement (debounced while sketching); the worker skips
//! stale requests, asks the core (`matching::match_project`, or `controls::match_with_controls` when control layers
//! are loaded, as `stockfirst match --layers` does) and sends the answer back with the revision it answers.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

use geo::{BooleanOps, Coord, MultiPolygon};

use super::controls_state::ReadControls;
use crate::controls::{CandidateControls, GaussKruger, match_with_controls};
use crate::geometry::LocalFrame;
use crate::library::StockLibrary;
use crate::matching::{MatchOptions, MatchResult, MatchRules, Requirement, match_project};
use crate::model::{Area, LandUse, ProjectTier};

/// What to match: the sketch (or only its centre), the use, the required area, county and tier.
#[derive(Debug, Clone, PartialEq)]
pub struct MatchRequest {
    /// The app's sketch revision this request was made from.
    pub rev: u64,
    /// Every part and hole of the red line ([`super::map::sketch::Sketch::multipolygon`]); empty when there is
    /// only a point.
    pub footprint: MultiPolygon<f64>,
    /// Where the project is when the footprint has no area yet (the first vertex).
    pub at: Option<Coord<f64>>,
    pub use_code: String,
    /// `None`: the footprint's area.
    pub area: Option<Area>,
    pub county: Option<String>,
    pub tier: ProjectTier,
    pub top: usize,
}

/// The core's answer, with the footprint's part off stock for drawing.
#[derive(Debug, Clone)]
pub struct MatchAnswer {
    pub rev: u64,
    pub result: Result<MatchResult, String>,
    /// Footprint minus the parcels it hits (the new land), outlined on the map.
    pub remainder: Option<MultiPolygon<f64>>,
    /// With control layers loaded: what each candidate's increment would take (clause 一), in the candidates'
    /// order; empty without them.
    pub controls: Vec<CandidateControls>,
    pub millis: f64,
}

type Job = (Arc<StockLibrary>, MatchRequest, Option<Arc<ReadControls>>);

/// A matching thread.
pub struct MatchWorker {
    tx: Sender<Job>,
    rx: Receiver<MatchAnswer>,
    /// Revision of the last request sent.
    pub pending: Option<u64>,
}

impl MatchWorker {
    pub fn start(rules: MatchRules, repaint: impl Fn() + Send + 'static) -> Self {
        let (tx, jobs) = channel::<Job>();
        let (answers, rx) = channel();
        std::thread::spawn(move || {
            while let Ok(mut job) = jobs.recv() {
                // Only the newest request matters.
                loop {
                    match jobs.try_recv() {
                        Ok(newer) => job = newer,
                        Err(TryRecvError::Empty) => break,
                        Err(TryRecvError::Disconnected) => return,
                    }
                }
                let (lib, req, controls) = job;
                let answer = run(&lib, &req, &rules, controls.as_deref());
                drop(lib);
                if answers.send(answer).is_err() {
                    return;
                }
                repaint();
            }
        });
        Self { tx, rx, pending: None }
    }

    /// Asks for a match; with `controls`, clause (一) ranks each candidate by the cultivated land its increment takes.
    pub fn send(&mut self, lib: Arc<StockLibrary>, req: MatchRequest, controls: Option<Arc<ReadControls>>) {
        self.pending = Some(req.rev);
        let _ = self.tx.send((lib, req, controls));
    }

    /// The newest answer, if any arrived.
    pub fn poll(&mut self) -> Option<MatchAnswer> {
        let mut last = None;
        while let Ok(a) = self.rx.try_recv() {
            last = Some(a);
        }
        if let Some(a) = &last
            && self.pending == Some(a.rev)
        {
            self.pending = None;
        }
        last
    }
}

/// Runs one match on the calling thread (the worker, and tests). With control layers, the core applies clause (一)
/// (`controls::match_with_controls`); the UI only shows what comes back.
pub fn run(lib: &StockLibrary, req: &MatchRequest, rules: &MatchRules, controls: Option<&ReadControls>) -> MatchAnswer {
    let started = Instant::now();
    let opts = MatchOptions {
        top: req.top,
        ..MatchOptions::default()
    };
    let mut per_candidate = Vec::new();
    let result = requirement(req).map(|r| match controls {
        Some(read) => {
            let gk = GaussKruger::working();
            let (res, cc) = match_with_controls(lib, &r, rules, &opts, &read.controls.layers, &read.rules, &gk);
            per_candidate = cc;
            res
        }
        None => match_project(lib, &r, rules, &opts),
    });

    let remainder = match &result {
        Ok(res) if !req.footprint.0.is_empty() => remainder(lib, &req.footprint, res),
        _ => None,
    };
    MatchAnswer {
        rev: req.rev,
        result,
        remainder,
        controls: per_candidate,
        millis: started.elapsed().as_secs_f64() * 1000.0,
    }
}

fn requirement(req: &MatchRequest) -> Result<Requirement, String> {
    let land_use = LandUse::ydyh(&req.use_code);
    let mut r = if !req.footprint.0.is_empty() {
        let r = Requirement::on_footprint(req.footprint.clone(), land_use).map_err(|e| e.to_string())?;
        match req.area {
            Some(a) => r.with_area(a).map_err(|e| e.to_string())?,
            None => r,
        }
    } else {
        let at = req.at.ok_or("没有草图 / no sketch")?;
        Requirement::at_point(at, land_use, req.area.unwrap_or(Area::ZERO)).map_err(|e| e.to_string())?
    };
    if let Some(c) = &req.county {
        r = r.with_county(c.clone());
    }
    Ok(r.with_tier(req.tier))
}

/// The footprint minus the parcels the overlay hit, computed near a local origin; `None` if the boolean op fails.
fn remainder(lib: &StockLibrary, fp: &MultiPolygon<f64>, res: &MatchResult) -> Option<MultiPolygon<f64>> {
    let overlay = res.overlay.as_ref()?;
    let frame = LocalFrame::around(fp);
    let mut rest = frame.to_local(fp);
    for h in &overlay.hits {
        let p = lib.parcel(h.parcel)?;
        let local = frame.to_local(&p.geometry);
        rest = crate::geometry::guarded(|| rest.difference(&local)).ok()?;
    }
    Some(frame.to_world(&rest))
}

/// The matching worker and its latest answer.
pub struct LiveMatch {
    /// Matching runs here, off the UI thread (started with the first match).
    pub worker: Option<MatchWorker>,
    /// The latest answer from the matching core.
    pub answer: Option<MatchAnswer>,
    /// When the debounced match is due (set by every edit).
    pub due: Option<Instant>,
    /// Debounce delay between the last edit and the match.
    pub debounce: Duration,
}

impl Default for LiveMatch {
    fn default() -> Self {
        Self {
            worker: None,
            answer: None,
            due: None,
            debounce: Duration::from_millis(250),
        }
    }
}
