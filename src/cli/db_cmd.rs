//! `stockfirst db …`: set up and use the shared library on PostgreSQL + PostGIS (docs/shared-library.md).
//! URLs are `postgresql://ROLE@HOST:PORT/DB`; the password comes from PGPASSFILE / ~/.pgpass, PGPASSWORD or a
//! prompt, never from a file of ours.

use std::path::PathBuf;

use anyhow::{Result, bail};

use crate::io::gdal_write::{WriteMeta, write_parcels};
use crate::io::postgis::{self, StatusRequest, migrate};
use crate::io::{assets, crs::WorkingCrs};
use crate::model::{Lang, ParcelStatus};

#[derive(clap::Subcommand, Debug)]
pub enum DbCommand {
    /// Create the schema, roles and row-level security in a database with PostGIS (as its owner or a superuser).
    Init { url: String },
    /// Bring an older schema up to this program's version.
    Migrate { url: String },
    /// Copy a stock library (any file source, or another shared library) into the shared library.
    Import {
        url: String,
        source: PathBuf,
        /// Replace every parcel already there (each deletion is audited).
        #[arg(long)]
        replace: bool,
    },
    /// Let an officer's login role change the parcels of these counties (names or adcodes).
    Grant {
        url: String,
        role: String,
        #[arg(required = true)]
        counties: Vec<String>,
    },
    /// Change one parcel's status, decided on version N: refused if someone changed it since.
    Status {
        url: String,
        parcel: String,
        /// 可供 / 已对接 / 拟供应 / 已供应 (or available, engaged, to be supplied, supplied).
        new: String,
        #[arg(long)]
        expect_version: i64,
        /// Why (needed to step back).
        #[arg(long, default_value = "")]
        note: String,
        /// Record as a correction of a wrong record (the only way out of 已供应).
        #[arg(long)]
        correction: bool,
    },
    /// Write the shared library to a GeoPackage (or any format `convert` writes).
    Export { url: String, out: PathBuf },
    /// One parcel as the shared library has it now (its status and version), and the counties you may change.
    Show { url: String, parcel: String },
    /// Check the shared library out to a GeoPackage for offline work: each parcel's version and an empty outbox.
    Checkout { url: String, out: PathBuf },
    /// Change a status on an offline copy: written to the copy and queued in its outbox for `db sync`.
    Queue {
        copy: PathBuf,
        parcel: String,
        /// 可供 / 已对接 / 拟供应 / 已供应.
        new: String,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        correction: bool,
    },
    /// Replay an offline copy's outbox on the shared library; conflicts and refusals are listed and kept (exit 1).
    Sync { url: String, copy: PathBuf },
    /// Settle a conflict of an outbox entry: keep mine (sent again on the server's version) or theirs (dropped from
    /// the outbox, the copy takes the server's status).
    Resolve {
        url: String,
        copy: PathBuf,
        entry: String,
        #[arg(long, value_parser = ["mine", "theirs"])]
        keep: String,
    },
}

pub fn run(cmd: DbCommand, lang: Lang) -> Result<()> {
    match cmd {
        DbCommand::Init { url } | DbCommand::Migrate { url } => {
            let mut client = postgis::connect(&url)?;
            let applied = migrate::migrate(&mut client)?;
            if applied.is_empty() {
                println!(
                    "{}",
                    lang.pick("架构已是最新，无需迁移", "the schema is up to date: nothing to do")
                );
            } else {
                let list: Vec<String> = applied.iter().map(i32::to_string).collect();
                println!(
                    "{} {}（{}）",
                    lang.pick("已应用迁移", "applied migrations"),
                    list.join(", "),
                    postgis::redacted(&url)
                );
            }
        }
        DbCommand::Import { url, source, replace } => {
            let lib = crate::io::load_library(&source)?;
            if !lib.duplicate_ids().is_empty() {
                bail!(
                    "{}: 地块编号重复，无法导入 / duplicate ids, cannot import: {}",
                    source.display(),
                    lib.duplicate_ids().join(", ")
                );
            }
            let mut client = postgis::open(&url)?;
            let n = postgis::import(&mut client, lib.parcels(), replace)?;
            println!(
                "{} {n} {}（{:.2} 亩）",
                lang.pick("已导入", "imported"),
                lang.pick("宗地块", "parcels"),
                lib.total_area().mu()
            );
        }
        DbCommand::Grant { url, role, counties } => {
            let known = assets::counties()?;
            let mut client = postgis::open(&url)?;
            let ids = postgis::grant(&mut client, &role, &counties, &known)?;
            let names: Vec<String> = ids.iter().map(|c| known.name_of(c)).collect();
            println!("{role}: {} {}", lang.pick("可修改", "may change"), names.join("、"));
        }
        DbCommand::Status {
            url,
            parcel,
            new,
            expect_version,
            note,
            correction,
        } => {
            let Some(to) = ParcelStatus::parse(&new) else {
                bail!("未知状态 / unknown status “{new}” (可供 | 已对接 | 拟供应 | 已供应)");
            };
            let known = assets::counties()?;
            let mut client = postgis::open(&url)?;
            let req = StatusRequest {
                parcel: parcel.clone(),
                expected_version: expect_version,
                to,
                note,
                correction,
            };
            let outcome = postgis::change_status(&mut client, &req, &known)?;
            if !outcome.is_applied() {
                bail!(outcome.message(&parcel));
            }
            println!("{}", outcome.message(&parcel));
        }
        DbCommand::Export { url, out } => {
            // Written by 地块编号, as a checkout is.
            let parcels: Vec<_> = postgis::read_all_by_id(&mut postgis::open(&url)?)?
                .into_iter()
                .map(|s| s.parcel)
                .collect();
            let meta = WriteMeta {
                layer: "stock_parcels".into(),
                description: String::new(),
            };
            write_parcels(&out, &parcels, &assets::counties()?, WorkingCrs::default(), &meta)?;
            println!(
                "{} {} {} → {}",
                lang.pick("已导出", "exported"),
                parcels.len(),
                lang.pick("宗地块", "parcels"),
                out.display()
            );
        }
        DbCommand::Show { url, parcel } => {
            let known = assets::counties()?;
            let mut client = postgis::open(&url)?;
            let Some(p) = postgis::read_some(&mut client, std::slice::from_ref(&parcel))?.pop() else {
                bail!("没有地块{parcel} / no parcel {parcel}");
            };
            let status = lang.pick(p.parcel.status.zh(), p.parcel.status.en());
            println!(
                "{parcel}  {}  {status}  {} {}  {:.2} {}",
                known.name_of(&p.parcel.county),
                lang.pick("版本", "version"),
                p.version,
                p.parcel.area.mu(),
                lang.pick("亩", "mu")
            );
            let mine: Vec<String> = postgis::my_counties(&mut client)
                .iter()
                .map(|c| known.name_of(c))
                .collect();
            let none = lang.pick("（无）", "(none)").to_string();
            println!(
                "{}{}",
                lang.pick("您可修改：", "you may change: "),
                if mine.is_empty() { none } else { mine.join("、") }
            );
        }
        DbCommand::Checkout { url, out } => {
            let n = postgis::sync::checkout(&url, &out, &super::db_offline::now())?;
            println!(
                "{} {n} {} → {}",
                lang.pick("已签出", "checked out"),
                lang.pick("宗地块", "parcels"),
                out.display()
            );
        }
        DbCommand::Queue {
            copy,
            parcel,
            new,
            note,
            correction,
        } => super::db_offline::queue(&copy, &parcel, &new, &note, correction, lang)?,
        DbCommand::Sync { url, copy } => super::db_offline::sync(&url, &copy, lang)?,
        DbCommand::Resolve { url, copy, entry, keep } => {
            super::db_offline::resolve(&url, &copy, &entry, keep == "mine", lang)?
        }
    }
    Ok(())
}
