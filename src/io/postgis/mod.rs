//! The shared library (共享图库) on PostgreSQL + PostGIS: the edge to the server (docs/shared-library.md). The core
//! gets no postgres type: parcels come out as [`crate::model::Parcel`], status changes as
//! [`crate::model::SharedOutcome`].

mod codes;
mod connect;
mod copy_blocks;
mod grant;
mod import;
mod listen;
pub mod migrate;
mod once;
pub mod pgpass;
mod read;
mod row_image;
mod status;
pub mod sync;
pub mod worker;

use anyhow::Result;

pub use connect::{PasswordTrouble, config, connect, is_database_url, redacted, remember_password, wants_password};
pub use grant::{grant, quote_ident};
pub use import::import;
pub use listen::{CATCH_UP_MARGIN, CHANNEL, LibraryEvent, Listener, parse_payload};
pub use once::{Sent, applied_version, change_status_once, new_entry_id};
pub use read::{SharedParcel, read_all, read_all_by_id, read_each, read_some, row_estimate};
pub use status::{StatusRequest, change_status, my_counties};

use super::gdal_source::LoadReport;
use crate::library::Prepared;
use crate::model::{CountyCheck, CountyFindings, Parcel};

/// Connects and checks the schema version: the one call before reading or writing a shared library.
pub fn open(url: &str) -> Result<postgres::Client> {
    let mut client = connect(url)?;
    migrate::check(&mut client)?;
    Ok(client)
}

/// Every parcel of the shared library at `url`, in the order the server sends them, with the report a file load
/// gives and the ledger's county check, made on each parcel as it arrives on the thread that makes it.
pub fn load_parcels(url: &str, check: &CountyCheck) -> Result<(Vec<Parcel>, Prepared, LoadReport, CountyFindings)> {
    let mut client = open(url)?;
    let mut county = CountyFindings::default();
    // The same doubts a file load raises about the stated areas.
    let mut doubts = Vec::new();
    let expected = row_estimate(&mut client);
    // Made while the parcel maker waits for the server: the library need not pass over every point again.
    let mut prepared = Prepared::with_capacity(expected);
    let mut parcels = Vec::with_capacity(expected);
    read_each(&mut client, |s| {
        let bbox = s.parcel.bbox();
        county.add(check.check_boxed(&s.parcel, bbox));
        doubts.extend(super::gdal_source::mismatch_problem(&s.parcel));
        prepared.push(&s.parcel, bbox);
        parcels.push(s.parcel);
    })?;
    let report = LoadReport {
        source: redacted(url).into(),
        layer: "stockfirst.parcels".into(),
        source_crs: "EPSG:4526".into(),
        features_read: parcels.len(),
        notes: vec![format!(
            "共享图库（PostGIS，架构第{}版）/ shared library (PostGIS, schema version {})",
            migrate::latest(),
            migrate::latest()
        )],
        problems: doubts,
        ..LoadReport::default()
    };
    Ok((parcels, prepared, report, county))
}
