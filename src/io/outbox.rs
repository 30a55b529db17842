//! The offline copy of a shared library (a GeoPackage checked out by `stockfirst db checkout`): each parcel's version
//! on the server (`stockfirst_versions`), where it came from (`stockfirst_checkout`), and the outbox
//! (`stockfirst_outbox`) of status changes made offline, each with its entry id, parcel, base version, new status,
//! note and time. A change made on the copy writes the parcel's status, the audit line and the outbox entry in one
//! SQLite transaction; `db sync` replays the entries (docs/shared-library.md). No server type lives here.

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use gdal::vector::LayerAccess;
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};

use super::gpkg_status::{StatusChange, polygon_layer, write_status_with};
use crate::model::ParcelStatus;

pub const VERSIONS: &str = "stockfirst_versions";
pub const OUTBOX: &str = "stockfirst_outbox";
pub const CHECKOUT: &str = "stockfirst_checkout";

/// One status change waiting to be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub entry_id: String,
    pub parcel: String,
    /// The server version the change was decided on.
    pub base_version: i64,
    pub to: ParcelStatus,
    pub note: String,
    pub correction: bool,
    /// RFC 3339 UTC.
    pub created_at: String,
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn exec(ds: &Dataset, sql: &str) -> Result<()> {
    ds.execute_sql(sql, None, gdal::vector::sql::Dialect::SQLITE)
        .map(|_| ())
        .with_context(|| sql.chars().take(200).collect::<String>())
}

fn open_update(path: &Path) -> Result<Dataset> {
    Dataset::open_ex(
        path,
        DatasetOptions {
            open_flags: GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_UPDATE,
            ..Default::default()
        },
    )
    .map_err(|e| anyhow!("{}: 无法以写方式打开 / cannot open for update: {e}", path.display()))
}

fn is_gpkg(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gpkg"))
}

/// Rows of a query as strings (NULL as "").
fn rows(ds: &Dataset, sql: &str) -> Result<Vec<Vec<String>>> {
    let rs = ds
        .execute_sql(sql, None, gdal::vector::sql::Dialect::SQLITE)
        .with_context(|| sql.to_string())?;
    let Some(mut rs) = rs else { return Ok(vec![]) };
    let n = rs.defn().fields().count();
    Ok(rs
        .features()
        .map(|f| {
            (0..n)
                .map(|i| f.field_as_string(i).ok().flatten().unwrap_or_default())
                .collect()
        })
        .collect())
}

/// Makes `path` (a GeoPackage just written from the server) an offline copy: its source and every parcel's version.
pub fn init_checkout(path: &Path, source: &str, at: &str, versions: &[(String, i64)]) -> Result<()> {
    let mut ds = open_update(path)?;
    let txn = ds.start_transaction()?;
    for (table, ddl, what) in [
        (
            CHECKOUT,
            "key TEXT PRIMARY KEY, value TEXT NOT NULL",
            "离线副本来源 / where this offline copy came from",
        ),
        (
            VERSIONS,
            "parcel_id TEXT PRIMARY KEY, version INTEGER NOT NULL",
            "地块在服务器上的版本 / server versions",
        ),
        (
            OUTBOX,
            "fid INTEGER PRIMARY KEY AUTOINCREMENT, entry_id TEXT NOT NULL UNIQUE, parcel_id TEXT NOT NULL, \
             base_version INTEGER NOT NULL, new_status TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', \
             correction INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL",
            "待同步的状态修改 / status changes waiting to be synced",
        ),
    ] {
        exec(&txn, &format!("CREATE TABLE IF NOT EXISTS {table} ({ddl})"))?;
        exec(
            &txn,
            &format!(
                "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description) \
                 VALUES ('{table}', 'attributes', '{table}', {})",
                quote(what)
            ),
        )?;
    }
    exec(
        &txn,
        &format!(
            "INSERT OR REPLACE INTO {CHECKOUT} (key, value) VALUES ('source', {}), ('checked_out_at', {})",
            quote(source),
            quote(at)
        ),
    )?;
    for chunk in versions.chunks(500) {
        let values: Vec<String> = chunk.iter().map(|(id, v)| format!("({}, {v})", quote(id))).collect();
        exec(
            &txn,
            &format!(
                "INSERT OR REPLACE INTO {VERSIONS} (parcel_id, version) VALUES {}",
                values.join(", ")
            ),
        )?;
    }
    txn.commit().context("提交 / commit")?;
    Ok(())
}

/// True for a GeoPackage checked out from a shared library.
pub fn is_checkout(path: &Path) -> bool {
    is_gpkg(path) && source_of(path).is_ok_and(|s| s.is_some())
}

/// The shared library a copy came from (its URL, password never kept).
pub fn source_of(path: &Path) -> Result<Option<String>> {
    let ds = super::gdal_source::open(path, None, &mut Vec::new())?;
    if ds.layer_by_name(CHECKOUT).is_err() {
        return Ok(None);
    }
    Ok(
        rows(&ds, &format!("SELECT value FROM {CHECKOUT} WHERE key = 'source'"))?
            .into_iter()
            .next()
            .and_then(|r| r.into_iter().next()),
    )
}

/// The server version the next change of `parcel` is decided on: the checked-out version, plus one for each
/// change of it already waiting (they apply in order).
fn base_version(ds: &Dataset, parcel: &str) -> Result<i64> {
    let q = quote(parcel);
    let r = rows(
        ds,
        &format!(
            "SELECT (SELECT version FROM {VERSIONS} WHERE parcel_id = {q}), \
             (SELECT count(*) FROM {OUTBOX} WHERE parcel_id = {q})"
        ),
    )?;
    let row = r.into_iter().next().unwrap_or_default();
    let version: i64 = row
        .first()
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| anyhow!("离线副本中没有地块{parcel}的版本 / no version of parcel {parcel} in the copy"))?;
    let waiting: i64 = row.get(1).and_then(|v| v.parse().ok()).unwrap_or(0);
    Ok(version + waiting)
}

/// A status change on an offline copy: the parcel's status and audit line as for any GeoPackage, and the outbox
/// entry, in one transaction. Returns the entry.
pub fn queue(path: &Path, change: &StatusChange, entry_id: &str) -> Result<OutboxEntry> {
    let layer = polygon_layer(path)?;
    let base = {
        let ds = super::gdal_source::open(path, None, &mut Vec::new())?;
        base_version(&ds, &change.parcel)?
    };
    let entry = OutboxEntry {
        entry_id: entry_id.to_string(),
        parcel: change.parcel.clone(),
        base_version: base,
        to: change.to,
        note: change.note.clone(),
        correction: change.correction,
        created_at: change.at.clone(),
    };
    let insert = format!(
        "INSERT INTO {OUTBOX} (entry_id, parcel_id, base_version, new_status, note, correction, created_at) \
         VALUES ({}, {}, {base}, {}, {}, {}, {})",
        quote(&entry.entry_id),
        quote(&entry.parcel),
        quote(entry.to.zh()),
        quote(&entry.note),
        i32::from(entry.correction),
        quote(&entry.created_at)
    );
    write_status_with(path, &layer, change, &[insert])?;
    Ok(entry)
}

/// The waiting entries, oldest first.
pub fn entries(path: &Path) -> Result<Vec<OutboxEntry>> {
    let ds = super::gdal_source::open(path, None, &mut Vec::new())?;
    let sql = format!(
        "SELECT entry_id, parcel_id, base_version, new_status, note, correction, created_at FROM {OUTBOX} ORDER BY fid"
    );
    rows(&ds, &sql)?
        .into_iter()
        .map(|r| {
            Ok(OutboxEntry {
                entry_id: r[0].clone(),
                parcel: r[1].clone(),
                base_version: r[2].parse().context("base_version")?,
                to: ParcelStatus::parse(&r[3])
                    .ok_or_else(|| anyhow!("{}: 未知状态 / unknown status {}", r[0], r[3]))?,
                note: r[4].clone(),
                correction: r[5] == "1",
                created_at: r[6].clone(),
            })
        })
        .collect()
}

/// The entry reached the server at `version`: out of the outbox, and the copy knows the parcel's new version.
pub fn settle(path: &Path, entry: &OutboxEntry, version: i64) -> Result<()> {
    let mut ds = open_update(path)?;
    let txn = ds.start_transaction()?;
    exec(
        &txn,
        &format!("DELETE FROM {OUTBOX} WHERE entry_id = {}", quote(&entry.entry_id)),
    )?;
    exec(
        &txn,
        &format!(
            "UPDATE {VERSIONS} SET version = max(version, {version}) WHERE parcel_id = {}",
            quote(&entry.parcel)
        ),
    )?;
    txn.commit().context("提交 / commit")?;
    Ok(())
}

/// Keep mine: the entry is sent again on the server's version `theirs`.
pub fn rebase(path: &Path, entry: &OutboxEntry, theirs: i64) -> Result<()> {
    let ds = open_update(path)?;
    exec(
        &ds,
        &format!(
            "UPDATE {OUTBOX} SET base_version = {theirs} WHERE entry_id = {}",
            quote(&entry.entry_id)
        ),
    )
}

/// Keep theirs: the entry leaves the outbox and the copy takes the server's status and version, with an audit line.
pub fn take_theirs(path: &Path, entry: &OutboxEntry, theirs: &StatusChange, version: i64) -> Result<()> {
    let layer = polygon_layer(path)?;
    write_status_with(
        path,
        &layer,
        theirs,
        &[
            format!("DELETE FROM {OUTBOX} WHERE entry_id = {}", quote(&entry.entry_id)),
            format!(
                "UPDATE {VERSIONS} SET version = {version} WHERE parcel_id = {}",
                quote(&entry.parcel)
            ),
        ],
    )
}

/// Where the app writes a status change made on a GeoPackage: an offline copy queues it in its outbox; any other
/// GeoPackage takes it directly ([`super::gpkg_status::write_back`]). False for sources that cannot take it.
pub fn write_back_or_queue(path: &Path, change: &StatusChange, entry_id: &str) -> Result<bool> {
    if is_checkout(path) {
        queue(path, change, entry_id)?;
        return Ok(true);
    }
    super::gpkg_status::write_back(path, change)
}

/// Every parcel's server version as the copy knows it, by 地块编号.
pub fn versions(path: &Path) -> Result<Vec<(String, i64)>> {
    let ds = super::gdal_source::open(path, None, &mut Vec::new())?;
    rows(
        &ds,
        &format!("SELECT parcel_id, version FROM {VERSIONS} ORDER BY parcel_id"),
    )?
    .into_iter()
    .map(|r| Ok((r[0].clone(), r[1].parse().context("version")?)))
    .collect()
}
