//! A status change sent at most once, named by an entry id (an offline outbox entry, or a change the app could not
//! confirm). The update and the record of its entry id in `stockfirst.applied_outbox` commit in one transaction, so
//! after a lost connection the entry id alone says whether the write happened: sending it again never applies it
//! twice, and an entry whose fate is unknown stays queued until the server answers.

use anyhow::Result;
use postgres::Client;
use postgres::error::SqlState;

use super::codes::status_code;
use super::status::{StatusRequest, denied, note_of, pre_check, why_not};
use crate::model::{Counties, SharedOutcome};

/// What became of one entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Sent {
    pub outcome: SharedOutcome,
    /// Applied by an earlier run (this run changed nothing).
    pub already: bool,
}

/// The version an entry left its parcel at, if the entry was applied.
pub fn applied_version(client: &mut Client, entry_id: &str) -> Result<Option<i64>> {
    let row = client.query_opt(
        "SELECT new_version FROM stockfirst.applied_outbox WHERE entry_id = $1",
        &[&entry_id],
    )?;
    Ok(match row {
        Some(r) => Some(r.try_get(0)?),
        None => None,
    })
}

/// Sends `req` as entry `entry_id` unless it was applied already. `Err` means the connection or a query failed:
/// whether the write committed is then unknown until [`applied_version`] is asked on a new connection.
pub fn change_status_once(
    client: &mut Client,
    entry_id: &str,
    req: &StatusRequest,
    counties: &Counties,
) -> Result<Sent> {
    let done = |outcome| Sent {
        outcome,
        already: false,
    };
    if let Some(version) = applied_version(client, entry_id)? {
        return Ok(Sent {
            outcome: SharedOutcome::Applied { version },
            already: true,
        });
    }
    let now = match pre_check(client, req)? {
        Ok(now) => now,
        Err(decided) => return Ok(done(decided)),
    };
    let mut tx = client.transaction()?;
    let updated = tx.query(
        "UPDATE stockfirst.parcels SET status = $2, change_note = $4 WHERE id = $1 AND version = $3 RETURNING version",
        &[&req.parcel, &status_code(req.to), &req.expected_version, &note_of(req)],
    );
    let rows = match updated {
        Ok(rows) => rows,
        Err(e) if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) => {
            drop(tx);
            return Ok(done(denied(client, &now.county, counties)));
        }
        Err(e) => return Err(e.into()),
    };
    let Some(row) = rows.first() else {
        drop(tx);
        // Another run of the same entry may have won the race for this version.
        if let Some(version) = applied_version(client, entry_id)? {
            return Ok(Sent {
                outcome: SharedOutcome::Applied { version },
                already: true,
            });
        }
        return Ok(done(why_not(client, req, counties)?));
    };
    let version: i64 = row.try_get(0)?;
    let recorded = tx.execute(
        "INSERT INTO stockfirst.applied_outbox (entry_id, parcel, base_version, new_version) VALUES ($1, $2, $3, $4)",
        &[&entry_id, &req.parcel, &req.expected_version, &version],
    );
    match recorded {
        Ok(_) => {
            tx.commit()?;
            Ok(done(SharedOutcome::Applied { version }))
        }
        // The same entry committed by another run meanwhile: ours rolls back whole.
        Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
            drop(tx);
            match applied_version(client, entry_id)? {
                Some(version) => Ok(Sent {
                    outcome: SharedOutcome::Applied { version },
                    already: true,
                }),
                None => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// A fresh entry id: time, process and a counter, unique enough across laptops with the host name in front.
pub fn new_entry_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_default();
    let host: String = host
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(16)
        .collect();
    format!(
        "{host}-{nanos:x}-{:x}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}
