//! The schema of the shared library as numbered migrations the program applies, each once, in order, in one
//! transaction, recorded in `stockfirst.schema_version`. A database newer than the program is refused by name.

use anyhow::{Context, Result, bail};
use postgres::Client;

/// Every migration, oldest first; the number is the schema version it brings the database to.
pub const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("migrations/001_schema.sql")),
    (2, include_str!("migrations/002_applied_outbox.sql")),
    (3, include_str!("migrations/003_row_image.sql")),
];

/// The schema version this program reads and writes.
pub fn latest() -> i32 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}

/// The database's schema version (0: none yet).
pub fn current_version(client: &mut Client) -> Result<i32> {
    let exists: bool = client
        .query_one("SELECT to_regclass('stockfirst.schema_version') IS NOT NULL", &[])?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let v: Option<i32> = client
        .query_one("SELECT max(version) FROM stockfirst.schema_version", &[])?
        .get(0);
    Ok(v.unwrap_or(0))
}

/// Applies the migrations the database lacks; returns the versions applied. Concurrent runs wait for each other.
pub fn migrate(client: &mut Client) -> Result<Vec<i32>> {
    let mut tx = client.transaction()?;
    // One migrator at a time on this database (a transaction-scoped advisory lock, released at commit).
    tx.execute("SELECT pg_advisory_xact_lock(hashtext('stockfirst.migrate'))", &[])?;
    tx.batch_execute(
        "CREATE SCHEMA IF NOT EXISTS stockfirst;
         CREATE TABLE IF NOT EXISTS stockfirst.schema_version (
             version integer PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now(),
             applied_by text NOT NULL DEFAULT session_user
         );",
    )
    .context("建立架构 / creating the schema (需要数据库所有者或超级用户 / needs the database owner or a superuser)")?;
    let have: i32 = tx
        .query_one("SELECT coalesce(max(version), 0) FROM stockfirst.schema_version", &[])?
        .get(0);
    if have > latest() {
        bail!(newer_message(have));
    }
    let mut applied = Vec::new();
    for (version, sql) in MIGRATIONS.iter().filter(|m| m.0 > have) {
        tx.batch_execute(sql)
            .with_context(|| format!("迁移 {version} 失败 / migration {version} failed"))?;
        tx.execute(
            "INSERT INTO stockfirst.schema_version (version) VALUES ($1)",
            &[version],
        )?;
        applied.push(*version);
    }
    tx.commit()?;
    Ok(applied)
}

fn newer_message(have: i32) -> String {
    format!(
        "数据库架构为第{have}版，比本程序（第{}版）新，请升级 stockfirst / the database schema is version {have}, newer \
         than this program's {}: upgrade stockfirst",
        latest(),
        latest()
    )
}

/// Refuses a database whose schema this program cannot use, saying what to do.
pub fn check(client: &mut Client) -> Result<()> {
    let have = current_version(client)?;
    if have == 0 {
        bail!(
            "数据库中没有存量图库，请先运行 stockfirst db init / no stock library in this database: run stockfirst db init"
        );
    }
    if have < latest() {
        bail!(
            "数据库架构为第{have}版，本程序需要第{}版，请运行 stockfirst db migrate / the database schema is version \
             {have}, this program needs {}: run stockfirst db migrate",
            latest(),
            latest()
        );
    }
    if have > latest() {
        bail!(newer_message(have));
    }
    Ok(())
}
