//! The parcel register (台账) the drawer shows: filters, sort, the rows they leave (cached) and the selection, plus
//! the status change the officer is typing. Drawn by `register_ui`.

use crate::library::{ParcelIdx, StockLibrary};
use crate::model::{Area, ParcelStatus, StockKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Id,
    County,
    Kind,
    Use,
    Status,
    Area,
}

/// Filters, sort, cached rows and the selection.
#[derive(Debug, Clone)]
pub struct Register {
    pub county: Option<String>,
    pub kind: Option<StockKind>,
    /// Use code prefix (first level).
    pub use_prefix: Option<String>,
    pub status: Option<ParcelStatus>,
    pub search: String,
    pub sort: SortKey,
    pub ascending: bool,
    pub selected: Option<ParcelIdx>,
    pub scroll_to: Option<ParcelIdx>,
    pub new_status: ParcelStatus,
    pub note: String,
    /// The change is recorded as a correction (needed to leave 已供应).
    pub correction: bool,
    pub(super) rows: Vec<ParcelIdx>,
    /// Area of `rows`, summed when they are rebuilt (not every frame: a 1M library would cost milliseconds).
    pub(super) total: Area,
    stale: bool,
    signature: String,
}

impl Default for Register {
    fn default() -> Self {
        Self {
            county: None,
            kind: None,
            use_prefix: None,
            status: None,
            search: String::new(),
            sort: SortKey::Id,
            ascending: true,
            selected: None,
            scroll_to: None,
            new_status: ParcelStatus::Engaged,
            note: String::new(),
            correction: false,
            rows: Vec::new(),
            total: Area::ZERO,
            stale: true,
            signature: String::new(),
        }
    }
}

impl Register {
    pub fn invalidate(&mut self) {
        self.stale = true;
    }

    /// The rows shown, after filters and sort.
    pub fn rows(&self) -> &[ParcelIdx] {
        &self.rows
    }

    pub(super) fn refresh(&mut self, lib: &StockLibrary) {
        let sig = format!(
            "{:?}{:?}{:?}{:?}{}{:?}{}",
            self.county, self.kind, self.use_prefix, self.status, self.search, self.sort, self.ascending
        );
        if !self.stale && sig == self.signature {
            return;
        }
        self.signature = sig;
        self.stale = false;
        let q = self.search.trim().to_lowercase();
        let ps = lib.parcels();
        let mut rows: Vec<ParcelIdx> = (0..ps.len() as ParcelIdx)
            .filter(|&i| {
                let p = &ps[i as usize];
                self.county.as_ref().is_none_or(|c| &p.county == c)
                    && self.kind.is_none_or(|k| p.kind == k)
                    && self
                        .use_prefix
                        .as_ref()
                        .is_none_or(|u| p.planned_use.code.starts_with(u.as_str()))
                    && self.status.is_none_or(|s| p.status == s)
                    && (q.is_empty() || p.id.to_lowercase().contains(&q))
            })
            .collect();
        let key = self.sort;
        rows.sort_by(|&a, &b| {
            let (pa, pb) = (&ps[a as usize], &ps[b as usize]);
            let o = match key {
                SortKey::Id => pa.id.cmp(&pb.id),
                SortKey::County => pa.county.cmp(&pb.county),
                SortKey::Kind => pa.kind.preference().cmp(&pb.kind.preference()),
                SortKey::Use => pa.planned_use.code.cmp(&pb.planned_use.code),
                SortKey::Status => (pa.status as u8).cmp(&(pb.status as u8)),
                SortKey::Area => pa.area.m2().total_cmp(&pb.area.m2()),
            };
            o.then(a.cmp(&b))
        });
        if !self.ascending {
            rows.reverse();
        }
        self.total = rows.iter().filter_map(|&i| lib.parcel(i)).map(|p| p.area).sum();
        self.rows = rows;
    }
}

/// A status change the officer asked for, waiting for the matching thread to release the library.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingStatus {
    pub parcel: ParcelIdx,
    pub to: ParcelStatus,
    pub note: String,
    /// Recorded as a correction (the only way out of 已供应).
    pub correction: bool,
}
