//! `stockfirst db queue | sync | resolve`: status changes on an offline copy, and their way to the shared library
//! (docs/shared-library.md, "Offline, then sync"). Nothing is dropped: an entry leaves the outbox only when the
//! server has it or the officer keeps the server's side.

use std::path::Path;

use anyhow::{Result, anyhow, bail};

use crate::io::outbox;
use crate::io::postgis::{self, sync::SyncReport};
use crate::model::{Lang, ParcelStatus, SharedOutcome, StatusChange};

/// Now, RFC 3339 UTC.
pub fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    crate::model::rfc3339_utc(secs)
}

fn who() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default()
}

fn status_of(copy: &Path, parcel: &str) -> Result<ParcelStatus> {
    let lib = crate::io::load_library(copy)?;
    let i = lib
        .index_of(parcel)
        .ok_or_else(|| anyhow!("{}: 没有地块{parcel} / no parcel {parcel}", copy.display()))?;
    Ok(lib.parcel(i).map(|p| p.status).unwrap_or_default())
}

pub fn queue(copy: &Path, parcel: &str, new: &str, note: &str, correction: bool, lang: Lang) -> Result<()> {
    if !outbox::is_checkout(copy) {
        bail!(
            "{}: 不是共享图库的离线副本（先 stockfirst db checkout）/ not an offline copy of a shared library (run \
             stockfirst db checkout first)",
            copy.display()
        );
    }
    let Some(to) = ParcelStatus::parse(new) else {
        bail!("未知状态 / unknown status “{new}” (可供 | 已对接 | 拟供应 | 已供应)");
    };
    let from = status_of(copy, parcel)?;
    let change = StatusChange::new(parcel, from, to, note, correction, who(), now())
        .map_err(|e| anyhow!("地块{parcel}：{e}"))?;
    let entry = outbox::queue(copy, &change, &postgis::new_entry_id())?;
    println!(
        "{} {parcel} → {}（{} {}，{} {}）",
        lang.pick("已记入待同步", "queued"),
        lang.pick(to.zh(), to.en()),
        lang.pick("基于版本", "on version"),
        entry.base_version,
        lang.pick("条目", "entry"),
        entry.entry_id
    );
    Ok(())
}

pub fn sync(url: &str, copy: &Path, lang: Lang) -> Result<()> {
    let counties = crate::io::assets::counties()?;
    let report = postgis::sync::sync(url, copy, &counties, &mut |_| std::ops::ControlFlow::Continue(()))?;
    print_report(&report, lang);
    if !report.is_clean() {
        bail!(
            "{} {} {}",
            lang.pick("未同步的条目仍在待同步表中：", "entries not synced stay in the outbox:"),
            report.conflicts.len() + report.refused.len() + report.kept.len(),
            lang.pick(
                "（用 db resolve 处理冲突后再同步）",
                "(settle conflicts with db resolve, then sync again)"
            )
        );
    }
    Ok(())
}

fn print_report(r: &SyncReport, lang: Lang) {
    for (e, v) in &r.applied {
        println!("{} {} {} → {}", lang.pick("已同步", "synced"), e.entry_id, e.parcel, v);
    }
    for (e, v) in &r.already {
        println!(
            "{} {} {} → {}",
            lang.pick("此前已同步", "synced before"),
            e.entry_id,
            e.parcel,
            v
        );
    }
    for (e, o) in r.conflicts.iter().chain(&r.refused) {
        println!(
            "{} {}: {}",
            lang.pick("未同步", "not synced"),
            e.entry_id,
            o.message(&e.parcel)
        );
    }
    for (e, why) in &r.kept {
        println!("{} {} {}: {why}", lang.pick("保留", "kept"), e.entry_id, e.parcel);
    }
}

pub fn resolve(url: &str, copy: &Path, entry_id: &str, keep_mine: bool, lang: Lang) -> Result<()> {
    let entry = outbox::entries(copy)?
        .into_iter()
        .find(|e| e.entry_id == entry_id)
        .ok_or_else(|| {
            anyhow!(
                "{}: 待同步表中没有条目 {entry_id} / no such outbox entry",
                copy.display()
            )
        })?;
    let mut client = postgis::open(url)?;
    let theirs = postgis::read_some(&mut client, std::slice::from_ref(&entry.parcel))?
        .pop()
        .ok_or_else(|| anyhow!("{}", SharedOutcome::NotFound.message(&entry.parcel)))?;
    if keep_mine {
        outbox::rebase(copy, &entry, theirs.version)?;
        println!(
            "{} {entry_id}: {} {}",
            lang.pick("保留我的修改", "keeping mine"),
            lang.pick("下次同步基于版本", "the next sync sends it on version"),
            theirs.version
        );
    } else if status_of(copy, &entry.parcel)? == theirs.parcel.status {
        outbox::settle(copy, &entry, theirs.version)?;
        println!("{} {entry_id}", lang.pick("保留对方的修改", "keeping theirs"));
    } else {
        let from = status_of(copy, &entry.parcel)?;
        // The server's side as a correction of the copy: any move is allowed, and the audit says why.
        let change = StatusChange::new(
            entry.parcel.clone(),
            from,
            theirs.parcel.status,
            format!("采用服务器版本 {} / kept the server's version", theirs.version),
            true,
            who(),
            now(),
        )
        .map_err(|e| anyhow!("{e}"))?;
        outbox::take_theirs(copy, &entry, &change, theirs.version)?;
        println!(
            "{} {entry_id}: {} {}",
            lang.pick("保留对方的修改", "keeping theirs"),
            lang.pick(theirs.parcel.status.zh(), theirs.parcel.status.en()),
            theirs.version
        );
    }
    Ok(())
}
