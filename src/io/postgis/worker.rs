//! The shared library's worker thread for the app: it owns one connection, opened when needed, and does one job at
//! a time (a snapshot of versions, a refresh of changed parcels, a status change sent at most once), so no frame
//! ever waits for the server. A change whose connection fails on the way is looked up by its entry id on a new
//! connection: committed, not committed, or unknown (the server cannot be asked: it stays queued).

use std::sync::mpsc::{Receiver, Sender, channel};

use super::codes::status_from_code;
use super::{Sent, StatusRequest};
use crate::model::{Counties, ParcelStatus, SharedOutcome};

/// Starts the worker; `repaint` is called after every answer.
pub fn spawn(url: &str, counties: Counties, repaint: impl Fn() + Send + 'static) -> (Sender<Job>, Receiver<Reply>) {
    let (jobs, job_rx) = channel();
    let (reply_tx, replies) = channel();
    let url = url.to_string();
    let _ = std::thread::Builder::new()
        .name("stockfirst-shared".into())
        .spawn(move || work(&url, &counties, &job_rx, &reply_tx, &repaint));
    (jobs, replies)
}

/// What the UI asks the worker.
pub enum Job {
    /// Every parcel's version and status, the officer's counties and the last change number.
    Snapshot,
    /// One status change, sent at most once under its entry id.
    Change { entry: String, req: StatusRequest },
    /// These parcels as they are now (a notification said they changed).
    Refresh(Vec<String>),
}

/// A parcel's place in the library's history, as the worker read it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParcelVersion {
    pub id: String,
    pub version: i64,
    pub status: ParcelStatus,
}

/// What the worker answers.
pub enum Reply {
    Snapshot {
        rows: Vec<ParcelVersion>,
        mine: Vec<String>,
        last_seq: i64,
    },
    Sent {
        entry: String,
        req: StatusRequest,
        sent: Sent,
    },
    /// The change's fate: `committed == Some(false)` not written (safe to send again); `None` unknown (the server
    /// could not be asked). Either way the change stays queued under its entry id.
    NotSent {
        entry: String,
        req: StatusRequest,
        error: String,
        committed: Option<bool>,
    },
    Refreshed(Vec<ParcelVersion>),
    Failed(String),
}

/// The worker: one connection, opened when needed, one job at a time.
fn work(url: &str, counties: &Counties, jobs: &Receiver<Job>, replies: &Sender<Reply>, repaint: &impl Fn()) {
    let mut client: Option<postgres::Client> = None;
    while let Ok(job) = jobs.recv() {
        let reply = match job {
            Job::Snapshot => with_client(url, &mut client, snapshot).unwrap_or_else(Reply::Failed),
            Job::Refresh(ids) => with_client(url, &mut client, |c| refresh(c, &ids)).unwrap_or_else(Reply::Failed),
            Job::Change { entry, req } => change(url, &mut client, counties, entry, req),
        };
        if replies.send(reply).is_err() {
            return;
        }
        repaint();
    }
}

fn with_client(
    url: &str,
    client: &mut Option<postgres::Client>,
    f: impl FnOnce(&mut postgres::Client) -> anyhow::Result<Reply>,
) -> Result<Reply, String> {
    if client.as_ref().is_none_or(|c| c.is_closed()) {
        *client = Some(super::open(url).map_err(|e| format!("{e:#}"))?);
    }
    let Some(c) = client.as_mut() else {
        return Err("no connection".into());
    };
    f(c).map_err(|e| {
        *client = None;
        format!("{e:#}")
    })
}

fn snapshot(c: &mut postgres::Client) -> anyhow::Result<Reply> {
    let rows = c.query(
        "SELECT id, version, status, change_seq FROM stockfirst.parcels ORDER BY id",
        &[],
    )?;
    let mut last_seq = 0;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        last_seq = last_seq.max(r.try_get::<_, i64>(3)?);
        out.push(version_of(r)?);
    }
    Ok(Reply::Snapshot {
        rows: out,
        mine: super::my_counties(c),
        last_seq,
    })
}

fn refresh(c: &mut postgres::Client, ids: &[String]) -> anyhow::Result<Reply> {
    let rows = c.query(
        "SELECT id, version, status FROM stockfirst.parcels WHERE id = ANY($1)",
        &[&ids],
    )?;
    Ok(Reply::Refreshed(
        rows.iter().map(version_of).collect::<anyhow::Result<_>>()?,
    ))
}

fn version_of(r: &postgres::Row) -> anyhow::Result<ParcelVersion> {
    let code: String = r.try_get(2)?;
    Ok(ParcelVersion {
        id: r.try_get(0)?,
        version: r.try_get(1)?,
        status: status_from_code(&code).unwrap_or_default(),
    })
}

/// Sends one change; when the connection fails on the way, asks a new connection whether the entry committed.
fn change(
    url: &str,
    client: &mut Option<postgres::Client>,
    counties: &Counties,
    entry: String,
    req: StatusRequest,
) -> Reply {
    // Not connected and cannot connect: nothing was sent.
    if client.as_ref().is_none_or(|c| c.is_closed()) {
        match super::open(url) {
            Ok(c) => *client = Some(c),
            Err(e) => {
                return Reply::NotSent {
                    entry,
                    req,
                    error: format!("{e:#}"),
                    committed: Some(false),
                };
            }
        }
    }
    let sent = with_client(url, client, |c| {
        Ok(Reply::Sent {
            entry: entry.clone(),
            req: req.clone(),
            sent: super::change_status_once(c, &entry, &req, counties)?,
        })
    });
    let error = match sent {
        Ok(r) => return r,
        Err(e) => e,
    };
    *client = None;
    let committed = super::open(url)
        .and_then(|mut c| {
            let v = super::applied_version(&mut c, &entry)?;
            *client = Some(c);
            Ok(v)
        })
        .ok();
    match committed {
        Some(Some(version)) => Reply::Sent {
            entry,
            req,
            sent: Sent {
                outcome: SharedOutcome::Applied { version },
                already: true,
            },
        },
        Some(None) => Reply::NotSent {
            entry,
            req,
            error,
            committed: Some(false),
        },
        None => Reply::NotSent {
            entry,
            req,
            error,
            committed: None,
        },
    }
}
