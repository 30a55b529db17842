//! A status change on the shared library, optimistic: the change names the version it was decided on and the update
//! applies only if the parcel is still at it (`… WHERE id = $1 AND version = $3 RETURNING version`). No row lock is
//! held while a person decides. When no row comes back, the parcel is read again to tell a conflict from a refusal
//! (row-level security hides the row from the update) from a parcel that does not exist.

use anyhow::Result;
use postgres::Client;
use postgres::error::SqlState;

use super::codes::{status_code, status_from_code};
use crate::model::{Counties, ParcelStatus, SharedOutcome, TheirChange, check_transition};

/// One officer's decision: this parcel, seen at this version, goes to this status.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusRequest {
    pub parcel: String,
    pub expected_version: i64,
    pub to: ParcelStatus,
    pub note: String,
    /// Recorded as a correction of a wrong record (the only way out of 已供应).
    pub correction: bool,
}

/// The parcel as it stands on the server.
pub(super) struct Current {
    pub(super) status: ParcelStatus,
    pub(super) county: String,
    pub(super) theirs: TheirChange,
}

pub(super) fn current(client: &mut Client, id: &str) -> Result<Option<Current>> {
    let row = client.query_opt(
        "SELECT status, version, county, updated_by,
                to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
         FROM stockfirst.parcels WHERE id = $1",
        &[&id],
    )?;
    let Some(row) = row else { return Ok(None) };
    let code: String = row.try_get(0)?;
    let status = status_from_code(&code).unwrap_or_default();
    Ok(Some(Current {
        status,
        county: row.try_get(2)?,
        theirs: TheirChange {
            version: row.try_get(1)?,
            status,
            by: row.try_get(3)?,
            at: row.try_get(4)?,
        },
    }))
}

/// Whether the logged-in officer may change parcels of `county`, by the server's own mapping (session_user).
pub(super) fn may_change(client: &mut Client, county: &str) -> bool {
    client
        .query_one("SELECT stockfirst.may_change($1)", &[&county])
        .and_then(|r| r.try_get::<_, bool>(0))
        .unwrap_or(false)
}

/// The counties the logged-in officer may change (ids); none when the role is not an officer at all.
pub fn my_counties(client: &mut Client) -> Vec<String> {
    client
        .query("SELECT stockfirst.my_counties()", &[])
        .map(|rows| rows.iter().filter_map(|r| r.try_get(0).ok()).collect())
        .unwrap_or_default()
}

pub(super) fn denied(client: &mut Client, county: &str, counties: &Counties) -> SharedOutcome {
    SharedOutcome::Denied {
        county: counties.name_of(county),
        yours: my_counties(client).iter().map(|c| counties.name_of(c)).collect(),
    }
}

/// Sends one status change. `Err` only for a failed connection or query; every decided outcome is `Ok`.
pub fn change_status(client: &mut Client, req: &StatusRequest, counties: &Counties) -> Result<SharedOutcome> {
    let now = match pre_check(client, req)? {
        Ok(now) => now,
        Err(decided) => return Ok(decided),
    };
    let note = note_of(req);
    let updated = client.query(
        "UPDATE stockfirst.parcels SET status = $2, change_note = $4 WHERE id = $1 AND version = $3 RETURNING version",
        &[&req.parcel, &status_code(req.to), &req.expected_version, &note],
    );
    let rows = match updated {
        Ok(rows) => rows,
        // Not an officer at all: no UPDATE privilege on the table.
        Err(e) if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) => {
            return Ok(denied(client, &now.county, counties));
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(row) = rows.first() {
        return Ok(SharedOutcome::Applied {
            version: row.try_get(0)?,
        });
    }
    why_not(client, req, counties)
}

/// The parcel now, if the change may be sent on it; else the outcome already decided (gone, moved on, or refused
/// by the core rule on the status the officer decided from).
pub(super) fn pre_check(client: &mut Client, req: &StatusRequest) -> Result<Result<Current, SharedOutcome>> {
    let Some(now) = current(client, &req.parcel)? else {
        return Ok(Err(SharedOutcome::NotFound));
    };
    if now.theirs.version != req.expected_version {
        return Ok(Err(SharedOutcome::Conflict {
            expected: req.expected_version,
            theirs: now.theirs,
        }));
    }
    if let Err(e) = check_transition(now.status, req.to, &req.note, req.correction) {
        return Ok(Err(SharedOutcome::Refused(e)));
    }
    Ok(Ok(now))
}

/// The note the audit keeps: a correction says so.
pub(super) fn note_of(req: &StatusRequest) -> Option<String> {
    match (req.correction, req.note.trim()) {
        (_, "") => None,
        (true, n) => Some(format!("更正 / correction: {n}")),
        (false, n) => Some(n.to_string()),
    }
}

/// The update touched no row: gone, refused by the county mapping, or changed by someone else meanwhile.
pub(super) fn why_not(client: &mut Client, req: &StatusRequest, counties: &Counties) -> Result<SharedOutcome> {
    let Some(after) = current(client, &req.parcel)? else {
        return Ok(SharedOutcome::NotFound);
    };
    if !may_change(client, &after.county) {
        return Ok(denied(client, &after.county, counties));
    }
    if after.theirs.version != req.expected_version {
        return Ok(SharedOutcome::Conflict {
            expected: req.expected_version,
            theirs: after.theirs,
        });
    }
    // Visible, at our version, in our county, yet not updated: only a policy we do not know of refuses like this.
    Ok(denied(client, &after.county, counties))
}
