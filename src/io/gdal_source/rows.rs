//! One row of a stock layer into one parcel, or into the problems that keep it out. The same code runs on each
//! thread that reads part of a batch; what a thread remembers between rows (memos, its PROJ transform) is its own.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use anyhow::Result;
use geo::BoundingRect;

use super::{FeatureProblem, is_yes};
use crate::geometry::repair_owned;
use crate::io::arrow_stream::{RowBatch, Value};
use crate::io::crs::{Reprojector, WorkingCrs};
use crate::io::field_map::Resolved;
use crate::io::two_threads::RowChunk;
use crate::io::wkb;
use crate::library::Prepared;
use crate::model::{
    Counties, CountyCheck, CountyFindings, Interpretation, LandUseCatalog, LandUseSystem, Parcel, ParcelStatus,
    StockKind,
};

/// What every row of the layer is read with; shared read-only by the threads.
pub(super) struct RowContext<'a> {
    pub resolved: Resolved,
    pub geom_col: usize,
    pub fid_col: Option<usize>,
    pub default_kind: Option<StockKind>,
    pub counties: &'a Counties,
    pub catalog: &'a LandUseCatalog,
    /// The ledger's county check, made on each parcel as it is read (its points are still in the cache).
    pub county_check: Option<&'a CountyCheck<'a>>,
}

/// What one thread remembers between rows.
pub(super) struct RowState {
    reproject: Reprojector,
    /// A library holds a few dozen distinct codes: each is interpreted once per classification.
    use_memo: [HashMap<String, Option<Interpretation>>; 4],
    county_code_memo: HashMap<String, Option<String>>,
    county_name_memo: HashMap<String, Option<String>>,
    /// Stock kinds, classifications and statuses as written (a handful of distinct values each): parsed once each.
    kind_memo: ParsedOnce<StockKind>,
    system_memo: ParsedOnce<LandUseSystem>,
    status_memo: ParsedOnce<ParcelStatus>,
}

/// A column's distinct values as written and what each means, for columns with a handful of them.
struct ParsedOnce<T>(Vec<(String, Option<T>)>);

impl<T> Default for ParsedOnce<T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<T: Copy> ParsedOnce<T> {
    /// Values past this many are parsed each time (a free-text column would make the search the cost).
    const MAX: usize = 64;

    fn get(&mut self, raw: &str, parse: impl FnOnce(&str) -> Option<T>) -> Option<T> {
        if let Some((_, parsed)) = self.0.iter().find(|(s, _)| s == raw) {
            return *parsed;
        }
        let parsed = parse(raw);
        if self.0.len() < Self::MAX {
            self.0.push((raw.to_string(), parsed));
        }
        parsed
    }
}

impl RowState {
    pub fn new(reproject: Reprojector) -> Self {
        Self {
            reproject,
            use_memo: Default::default(),
            county_code_memo: HashMap::new(),
            county_name_memo: HashMap::new(),
            kind_memo: ParsedOnce::default(),
            system_memo: ParsedOnce::default(),
            status_memo: ParsedOnce::default(),
        }
    }

    /// A state for another thread, with its own PROJ transform (a transform is not shared between threads).
    pub fn from_crs(source: &str, to: WorkingCrs) -> Result<Self> {
        Ok(Self::new(Reprojector::new(source, to)?))
    }
}

/// The outcome of a run of rows, in row order.
#[derive(Default)]
pub(super) struct Chunk {
    pub parcels: Vec<Parcel>,
    /// Each parcel's bounding box and id key, made while it is in the cache (the county check and the library's
    /// R-tree need the box, the library's order by id the key).
    pub prepared: Prepared,
    pub fids: Vec<u64>,
    pub stated: Vec<Option<f64>>,
    pub problems: Vec<FeatureProblem>,
    /// The county check's findings, in row order.
    pub county: CountyFindings,
    /// Use-code warnings and on how many features each was given.
    pub use_warnings: BTreeMap<String, usize>,
    /// Rows read, kept or not.
    pub rows: usize,
}

impl RowChunk for Chunk {
    /// Sized for its rows: a parcel is 200 bytes, and growing by doubling copies them again and again.
    fn with_room(rows: usize) -> Self {
        Self {
            parcels: Vec::with_capacity(rows),
            prepared: Prepared {
                boxes: Vec::with_capacity(rows),
                id_keys: Vec::with_capacity(rows),
            },
            fids: Vec::with_capacity(rows),
            stated: Vec::with_capacity(rows),
            ..Self::default()
        }
    }

    fn append(&mut self, mut other: Chunk) {
        self.rows += other.rows;
        self.parcels.append(&mut other.parcels);
        self.prepared.append(&mut other.prepared);
        self.fids.append(&mut other.fids);
        self.stated.append(&mut other.stated);
        self.problems.append(&mut other.problems);
        self.county.append(other.county);
        for (w, n) in other.use_warnings {
            *self.use_warnings.entry(w).or_insert(0) += n;
        }
    }
}

/// Reads `rows` of `batch` into `out`.
pub(super) fn read_rows(ctx: &RowContext, st: &mut RowState, batch: &RowBatch, rows: Range<usize>, out: &mut Chunk) {
    let mut values: Vec<Value> = Vec::with_capacity(ctx.resolved.remarks.unwrap_or(0) + 16);
    out.rows += rows.len();
    for row in rows {
        batch.values(row, &mut values);
        read_row(ctx, st, (batch.first_row + row + 1) as u64, &values, out);
    }
}

/// One row; `seq` is its 1-based place in the layer, the FID when the source has none.
fn read_row(ctx: &RowContext, st: &mut RowState, seq: u64, values: &[Value<'_>], out: &mut Chunk) {
    let r = &ctx.resolved;
    let fid: u64 = ctx
        .fid_col
        .and_then(|i| values.get(i))
        .and_then(|v| match v {
            Value::Int(n) => Some(*n as u64),
            _ => None,
        })
        .unwrap_or(seq);
    let text = |i: Option<usize>| {
        i.and_then(|i| values.get(i))
            .and_then(|v| v.to_text())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    // Borrowed and trimmed, for values only looked up (kind, use, county, status): no allocation per feature.
    let raw = |i: Option<usize>| -> Option<Cow<'_, str>> {
        match i.and_then(|i| values.get(i))? {
            Value::Text(t) => Some(Cow::Borrowed(t.trim())),
            v => v.to_text().map(|s| Cow::Owned(s.trim().to_string())),
        }
        .filter(|s| !s.is_empty())
    };
    let (id, id_missing) = match text(r.id) {
        Some(id) => (id, false),
        None => (format!("FID-{fid}"), true),
    };
    // The feature's label is built only when there is something to say about it.
    let problems = &mut out.problems;
    let mut problem = |message: String, skipped: bool| {
        let feature = if id_missing {
            format!("FID {fid}")
        } else {
            format!("FID {fid} ({id})")
        };
        problems.push(FeatureProblem {
            feature,
            message,
            skipped,
        })
    };
    let wkb_bytes = match values.get(ctx.geom_col) {
        Some(Value::Bytes(b)) => *b,
        _ => {
            problem("没有几何 / no geometry".into(), true);
            return;
        }
    };
    let geometry = match wkb::read_polygons(wkb_bytes) {
        Ok(g) => g,
        Err(e) => {
            problem(e.to_string(), true);
            return;
        }
    };
    let geometry = match st.reproject.into_working(geometry) {
        Ok(g) => g,
        Err(e) => {
            problem(format!("坐标转换失败 / reprojection failed: {e:#}"), true);
            return;
        }
    };
    let geometry = match repair_owned(geometry) {
        Ok(rep) => {
            for f in &rep.fixes {
                problem(format!("几何已修复 / geometry repaired: {f}"), false);
            }
            rep.geometry
        }
        Err(e) => {
            problem(format!("几何无效，已拒绝 / invalid geometry refused: {e}"), true);
            return;
        }
    };
    let kind = match raw(r.kind) {
        Some(k) => match st.kind_memo.get(&k, StockKind::parse) {
            Some(k) => k,
            None => {
                problem(format!("存量类型无法识别 / unknown stock kind “{k}”"), true);
                return;
            }
        },
        None if raw(r.idle_flag).is_some_and(|f| is_yes(&f)) => StockKind::Idle,
        None => match ctx.default_kind {
            Some(k) => k,
            None => {
                problem("缺少存量类型 / no stock kind".into(), true);
                return;
            }
        },
    };
    let use_raw = raw(r.planned_use).unwrap_or_default();
    let system = raw(r.use_system)
        .and_then(|s| st.system_memo.get(&s, LandUseSystem::parse))
        .or(r.use_system_in_name);
    let memo = &mut st.use_memo[system.map(|s| s as usize + 1).unwrap_or(0)];
    if !memo.contains_key(use_raw.as_ref()) {
        memo.insert(use_raw.to_string(), ctx.catalog.interpret(&use_raw, system));
    }
    let planned_use = match memo.get(use_raw.as_ref()).and_then(|i| i.as_ref()) {
        Some(i) => {
            // The same code warns the same way on every feature: count it once per layer.
            if let Some(w) = &i.warning {
                match out.use_warnings.get_mut(w) {
                    Some(n) => *n += 1,
                    None => {
                        out.use_warnings.insert(w.clone(), 1);
                    }
                }
            }
            i.land_use.clone()
        }
        None => {
            problem(
                format!("规划用途代码无法识别 / unknown land-use code “{use_raw}”"),
                true,
            );
            return;
        }
    };
    let counties = ctx.counties;
    let county_of = |memo: &mut HashMap<String, Option<String>>, key: Option<Cow<'_, str>>| {
        let key = key?;
        if !memo.contains_key(key.as_ref()) {
            memo.insert(key.to_string(), counties.find(&key).map(|c| c.id.clone()));
        }
        memo.get(key.as_ref()).cloned().flatten()
    };
    let county = county_of(&mut st.county_code_memo, raw(r.county_code))
        .or_else(|| county_of(&mut st.county_name_memo, raw(r.county_name)));
    let county = match county {
        Some(c) => c,
        None => {
            let raw = text(r.county_code).or_else(|| text(r.county_name)).unwrap_or_default();
            problem(format!("行政区无法识别 / unknown county “{raw}”"), false);
            String::new()
        }
    };
    if id_missing {
        problem("缺少地块编号，用 FID 代替 / no parcel id; FID used".into(), false);
    }
    let status = raw(r.status).and_then(|s| {
        let parsed = st.status_memo.get(&s, ParcelStatus::parse);
        if parsed.is_none() {
            problem(
                format!("状态无法识别，按可供 / unknown status “{s}”, taken as available"),
                false,
            );
        }
        parsed
    });
    out.fids.push(fid);
    let mut p = Parcel::new(id, kind, planned_use, county, geometry);
    p.name = text(r.name).unwrap_or_default();
    if let Some(st) = status {
        p.status = st;
    }
    p.approval_no = text(r.approval_no).map(Into::into);
    p.approval_year = text(r.approval_year).and_then(|y| y.get(..4).and_then(|y| y.parse().ok()));
    p.idle_since = text(r.idle_since).map(Into::into);
    p.remarks = text(r.remarks).map(Into::into);
    out.stated
        .push(r.area.and_then(|i| values.get(i)).and_then(|v| v.to_f64()));
    let bbox = p.geometry.bounding_rect();
    if let Some(check) = ctx.county_check {
        out.county.add(check.check_boxed(&p, bbox));
    }
    out.prepared.push(&p, bbox);
    out.parcels.push(p);
}
