//! The offline copy's round trip: `checkout` writes the shared library to a GeoPackage with each parcel's version;
//! `sync` replays the copy's outbox, entry by entry, as the optimistic update, each sent at most once by its entry id
//! ([`super::change_status_once`]). An entry leaves the outbox only once the server has it; a conflict or a refusal
//! stays, reported; a connection lost mid-entry is resolved by asking a new connection whether the entry committed,
//! and when that cannot be asked the entry stays (sent again, it applies once).

use std::ops::ControlFlow;
use std::path::Path;

use anyhow::{Context, Result};

use super::{StatusRequest, applied_version, change_status_once, open, read_all_by_id, redacted};
use crate::io::gdal_write::{WriteMeta, write_parcels};
use crate::io::outbox::{self, OutboxEntry};
use crate::io::{assets, crs::WorkingCrs};
use crate::model::{Counties, SharedOutcome};

/// Writes the shared library at `url` to the GeoPackage `out`, with each parcel's version and an empty outbox.
pub fn checkout(url: &str, out: &Path, at: &str) -> Result<usize> {
    let mut client = open(url)?;
    let shared = read_all_by_id(&mut client)?;
    let versions: Vec<(String, i64)> = shared.iter().map(|s| (s.parcel.id.clone(), s.version)).collect();
    let parcels: Vec<_> = shared.into_iter().map(|s| s.parcel).collect();
    let meta = WriteMeta {
        layer: "stock_parcels".into(),
        description: format!("离线副本 / offline copy of {}", redacted(url)),
    };
    write_parcels(out, &parcels, &assets::counties()?, WorkingCrs::default(), &meta)?;
    outbox::init_checkout(out, &redacted(url), at, &versions)
        .with_context(|| format!("{}: 离线副本表 / offline copy tables", out.display()))?;
    Ok(parcels.len())
}

/// Where a sync stands, for a test's hook (stop the server, or stop the run as if the process died).
#[derive(Debug)]
pub enum SyncPoint<'a> {
    BeforeSend(&'a OutboxEntry),
    /// The server has committed the entry; the copy's outbox still holds it.
    AfterCommit(&'a OutboxEntry),
}

/// What a sync did with each entry.
#[derive(Debug, Default)]
pub struct SyncReport {
    /// Applied now, at this version.
    pub applied: Vec<(OutboxEntry, i64)>,
    /// Applied by an earlier run that did not get to clear the outbox.
    pub already: Vec<(OutboxEntry, i64)>,
    /// Someone changed the parcel since the entry's base version: kept for the officer to decide.
    pub conflicts: Vec<(OutboxEntry, SharedOutcome)>,
    /// Refused (county not yours, the core rule, the parcel gone): kept.
    pub refused: Vec<(OutboxEntry, SharedOutcome)>,
    /// Not sent or not known to be committed (the server went away): kept, to be sent again.
    pub kept: Vec<(OutboxEntry, String)>,
}

impl SyncReport {
    /// True when every entry reached the server.
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty() && self.refused.is_empty() && self.kept.is_empty()
    }
}

/// Replays the outbox of `copy` on the shared library at `url`. `hook` sees each step; `Break` stops the run there
/// as if the program died.
pub fn sync(
    url: &str,
    copy: &Path,
    counties: &Counties,
    hook: &mut dyn FnMut(SyncPoint) -> ControlFlow<()>,
) -> Result<SyncReport> {
    let entries = outbox::entries(copy)?;
    let mut report = SyncReport::default();
    if entries.is_empty() {
        return Ok(report);
    }
    let mut client = open(url)?;
    let mut rest = entries.into_iter();
    while let Some(e) = rest.next() {
        if hook(SyncPoint::BeforeSend(&e)).is_break() {
            return Ok(report);
        }
        let req = StatusRequest {
            parcel: e.parcel.clone(),
            expected_version: e.base_version,
            to: e.to,
            note: e.note.clone(),
            correction: e.correction,
        };
        let sent = match change_status_once(&mut client, &e.entry_id, &req, counties) {
            Ok(sent) => sent,
            Err(err) => {
                // Committed or not? Only a new connection can say; if none, keep this and every later entry.
                let err = format!("{err:#}");
                match open(url).and_then(|mut c| Ok((applied_version(&mut c, &e.entry_id)?, c))) {
                    Ok((Some(version), c)) => {
                        client = c;
                        outbox::settle(copy, &e, version)?;
                        report.already.push((e, version));
                        continue;
                    }
                    Ok((None, c)) => {
                        client = c;
                        report.kept.push((e, format!("未提交 / not committed: {err}")));
                        continue;
                    }
                    Err(_) => {
                        report
                            .kept
                            .push((e, format!("无法确认是否已提交 / unsure whether committed: {err}")));
                        report.kept.extend(rest.map(|e| (e, "未发送 / not sent".to_string())));
                        return Ok(report);
                    }
                }
            }
        };
        match sent.outcome {
            SharedOutcome::Applied { version } => {
                if hook(SyncPoint::AfterCommit(&e)).is_break() {
                    return Ok(report);
                }
                outbox::settle(copy, &e, version)?;
                if sent.already {
                    report.already.push((e, version));
                } else {
                    report.applied.push((e, version));
                }
            }
            c @ SharedOutcome::Conflict { .. } => report.conflicts.push((e, c)),
            other => report.refused.push((e, other)),
        }
    }
    Ok(report)
}
