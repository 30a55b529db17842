//! A small reader of GDAL's columnar Arrow stream (GDAL ≥ 3.6), the fast path for whole layers:
//! one call per batch of 65 536 features instead of several OGR calls per feature.
//!
//! Only the Arrow C Data Interface is used, so no Arrow crate is needed. All `unsafe` of the reader lives here.

use std::ffi::{CStr, c_char};

use anyhow::{Result, anyhow, bail};
use gdal::vector::LayerAccess;
use gdal_sys::{ArrowArray, ArrowArrayStream, ArrowSchema};

/// One attribute value of one row, borrowed from the batch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Bytes(&'a [u8]),
    /// Days since 1970-01-01.
    Date(i32),
}

impl Value<'_> {
    /// The value as text, as an officer would read it in the attribute table.
    pub fn to_text(&self) -> Option<String> {
        match *self {
            Value::Null => None,
            Value::Int(i) => Some(i.to_string()),
            Value::Real(f) => Some(if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", f as i64)
            } else {
                f.to_string()
            }),
            Value::Text(s) => Some(s.to_string()),
            Value::Bytes(_) => None,
            Value::Date(d) => Some(date_from_days(d)),
        }
    }

    pub fn to_f64(&self) -> Option<f64> {
        match *self {
            Value::Int(i) => Some(i as f64),
            Value::Real(f) => Some(f),
            Value::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// Civil date from days since the epoch (Howard Hinnant's algorithm).
fn date_from_days(z: i32) -> String {
    let z = z as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    Bool,
    Utf8,
    LargeUtf8,
    Binary,
    LargeBinary,
    Date32,
    Unsupported,
}

fn kind_of(format: &str) -> Kind {
    match format {
        "c" => Kind::I8,
        "s" => Kind::I16,
        "i" => Kind::I32,
        "l" => Kind::I64,
        "C" => Kind::U8,
        "S" => Kind::U16,
        "I" => Kind::U32,
        "L" => Kind::U64,
        "f" => Kind::F32,
        "g" => Kind::F64,
        "b" => Kind::Bool,
        "u" => Kind::Utf8,
        "U" => Kind::LargeUtf8,
        "z" => Kind::Binary,
        "Z" => Kind::LargeBinary,
        "tdD" => Kind::Date32,
        _ => Kind::Unsupported,
    }
}

/// Column names of the stream, in order, with whether each is binary (geometry candidates).
#[derive(Debug, Clone)]
pub struct Columns {
    pub names: Vec<String>,
    kinds: Vec<Kind>,
}

impl Columns {
    pub fn is_binary(&self, i: usize) -> bool {
        matches!(self.kinds.get(i), Some(Kind::Binary | Kind::LargeBinary))
    }
}

struct Column {
    kind: Kind,
    offset: usize,
    len: usize,
    validity: *const u8,
    b1: *const u8,
    b2: *const u8,
    /// The span of a text column's data buffer that holds all its rows, when it is valid UTF-8 (checked once per
    /// batch): a value inside it that starts and ends on a character boundary is then valid without a check.
    utf8: Option<(usize, usize)>,
}

impl Column {
    /// # Safety
    /// `a` must be a live child array of the batch whose schema gave `kind`.
    unsafe fn new(a: &ArrowArray, kind: Kind) -> Column {
        let buf = |i: i64| -> *const u8 {
            if i < a.n_buffers && !a.buffers.is_null() {
                unsafe { *a.buffers.add(i as usize) as *const u8 }
            } else {
                std::ptr::null()
            }
        };
        let mut c = Column {
            kind,
            offset: a.offset.max(0) as usize,
            len: a.length.max(0) as usize,
            validity: if a.null_count == 0 { std::ptr::null() } else { buf(0) },
            b1: buf(1),
            b2: buf(2),
            utf8: None,
        };
        if matches!(kind, Kind::Utf8 | Kind::LargeUtf8) && !c.b1.is_null() && !c.b2.is_null() {
            // SAFETY: an Arrow string array has `offset + len + 1` offsets into its data buffer.
            let (start, end) = unsafe { (c.offset_at(c.offset), c.offset_at(c.offset + c.len)) };
            let all = unsafe { std::slice::from_raw_parts(c.b2.add(start), end.saturating_sub(start)) };
            c.utf8 = std::str::from_utf8(all).is_ok().then_some((start, end));
        }
        c
    }

    /// Where value `i` (offset included) starts and ends in the data buffer of a string or binary column.
    ///
    /// # Safety
    /// Offsets `i` and `i + 1` must exist.
    unsafe fn bounds(&self, i: usize) -> (usize, usize) {
        unsafe { (self.offset_at(i), self.offset_at(i + 1)) }
    }

    /// # Safety
    /// Offset `i` must exist.
    unsafe fn offset_at(&self, i: usize) -> usize {
        unsafe {
            if matches!(self.kind, Kind::Utf8 | Kind::Binary) {
                (self.b1 as *const i32).add(i).read_unaligned().max(0) as usize
            } else {
                (self.b1 as *const i64).add(i).read_unaligned().max(0) as usize
            }
        }
    }

    /// # Safety
    /// `row < self.len`, and the buffers are those of a valid Arrow array.
    unsafe fn get<'a>(&self, row: usize) -> Value<'a> {
        let i = row + self.offset;
        unsafe {
            if !self.validity.is_null() && (*self.validity.add(i / 8) >> (i % 8)) & 1 == 0 {
                return Value::Null;
            }
            if self.b1.is_null() {
                return Value::Null;
            }
            match self.kind {
                Kind::I8 => Value::Int(*(self.b1 as *const i8).add(i) as i64),
                Kind::I16 => Value::Int((self.b1 as *const i16).add(i).read_unaligned() as i64),
                Kind::I32 => Value::Int((self.b1 as *const i32).add(i).read_unaligned() as i64),
                Kind::I64 => Value::Int((self.b1 as *const i64).add(i).read_unaligned()),
                Kind::U8 => Value::Int(*self.b1.add(i) as i64),
                Kind::U16 => Value::Int((self.b1 as *const u16).add(i).read_unaligned() as i64),
                Kind::U32 => Value::Int((self.b1 as *const u32).add(i).read_unaligned() as i64),
                Kind::U64 => Value::Int((self.b1 as *const u64).add(i).read_unaligned() as i64),
                Kind::F32 => Value::Real((self.b1 as *const f32).add(i).read_unaligned() as f64),
                Kind::F64 => Value::Real((self.b1 as *const f64).add(i).read_unaligned()),
                Kind::Bool => Value::Int(((*self.b1.add(i / 8) >> (i % 8)) & 1) as i64),
                Kind::Date32 => Value::Date((self.b1 as *const i32).add(i).read_unaligned()),
                Kind::Utf8 | Kind::Binary | Kind::LargeUtf8 | Kind::LargeBinary => {
                    if self.b2.is_null() {
                        return Value::Null;
                    }
                    let (start, end) = self.bounds(i);
                    let bytes = std::slice::from_raw_parts(self.b2.add(start), end.saturating_sub(start));
                    // A continuation byte (10xxxxxx) is inside a character; the span's end is a boundary.
                    let boundary = |at: usize, span_end: usize| at == span_end || *self.b2.add(at) & 0xC0 != 0x80;
                    let checked = self.utf8.is_some_and(|(lo, hi)| {
                        lo <= start && start <= end && end <= hi && boundary(start, hi) && boundary(end, hi)
                    });
                    match self.kind {
                        Kind::Utf8 | Kind::LargeUtf8 if checked => Value::Text(std::str::from_utf8_unchecked(bytes)),
                        Kind::Utf8 | Kind::LargeUtf8 => match std::str::from_utf8(bytes) {
                            Ok(s) => Value::Text(s),
                            // GDAL promises UTF-8; if a driver breaks that, keep the bytes for the caller to report.
                            Err(_) => Value::Bytes(bytes),
                        },
                        _ => Value::Bytes(bytes),
                    }
                }
                Kind::Unsupported => Value::Null,
            }
        }
    }
}

/// One batch of rows as GDAL made it. Its buffers are plain memory, read-only once made: any thread may read them
/// (the Arrow C Data Interface allows moving, reading and releasing a batch on another thread), so the rows of one
/// batch can be turned into parcels on both cores. Released when dropped.
pub struct RowBatch {
    array: ArrowArray,
    cols: Vec<Column>,
    /// Rows of the batches before this one: row `i` here is row `first_row + i` of the layer.
    pub first_row: usize,
}

// SAFETY: see the type's comment; the raw pointers in `cols` point into `array`'s buffers, which live until drop and
// are never written.
unsafe impl Send for RowBatch {}
unsafe impl Sync for RowBatch {}

impl RowBatch {
    pub fn len(&self) -> usize {
        self.array.length.max(0) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values of `row` (< `len()`), one per column, into `out` (cleared first).
    pub fn values<'a>(&'a self, row: usize, out: &mut Vec<Value<'a>>) {
        out.clear();
        for c in &self.cols {
            // SAFETY: `row < c.len` and the buffers live as long as `self`.
            out.push(if row < c.len {
                unsafe { c.get(row) }
            } else {
                Value::Null
            });
        }
    }
}

impl Drop for RowBatch {
    fn drop(&mut self) {
        if let Some(release) = self.array.release {
            unsafe { release(&mut self.array) };
        }
    }
}

/// A batch handed from the GDAL thread to the reading thread; released if dropped unread.
struct Batch(ArrowArray);

// SAFETY: an ArrowArray owns plain buffers; the C Data Interface allows moving it to, reading it on and releasing it
// from another thread.
unsafe impl Send for Batch {}

impl Batch {
    fn release(&mut self) {
        if let Some(release) = self.0.release {
            unsafe { release(&mut self.0) };
        }
        self.0.release = None;
    }

    /// The array, now owned by the caller (who releases it).
    fn into_array(self) -> ArrowArray {
        let me = std::mem::ManuallyDrop::new(self);
        // SAFETY: `me` is never dropped, so the array is moved out exactly once.
        unsafe { std::ptr::read(&me.0) }
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        self.release();
    }
}

/// The stream, used by the GDAL thread alone while batches flow.
struct StreamPtr(*mut ArrowArrayStream);

// SAFETY: only one thread uses the stream at a time: the producer while it runs, the owner after `scope` ends.
unsafe impl Send for StreamPtr {}

impl StreamPtr {
    fn get(&self) -> *mut ArrowArrayStream {
        self.0
    }
}

fn cstr(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// Streams every feature of `layer` to `on_row(columns, values)`. Rows arrive in layer order.
pub fn for_each_row<L, F>(layer: &mut L, mut on_row: F) -> Result<Columns>
where
    L: LayerAccess,
    F: FnMut(&Columns, &[Value<'_>]) -> Result<()>,
{
    for_each_batch(layer, |columns, batch| {
        let mut values: Vec<Value> = Vec::with_capacity(columns.names.len());
        for row in 0..batch.len() {
            batch.values(row, &mut values);
            on_row(columns, &values)?;
        }
        Ok(())
    })
}

/// Streams every batch of `layer` to `on_batch(columns, batch)`, in layer order. The batch may be shared with other
/// threads (hence the `Arc`); it is released when the last holder drops it.
pub fn for_each_batch<L, F>(layer: &mut L, mut on_batch: F) -> Result<Columns>
where
    L: LayerAccess,
    F: FnMut(&Columns, std::sync::Arc<RowBatch>) -> Result<()>,
{
    with_batches(layer, |columns, batches| {
        while let Some(batch) = batches.next()? {
            on_batch(columns, batch)?;
        }
        Ok(columns.clone())
    })
}

/// Opens an Arrow stream on `layer` and gives its columns and its batches, in layer order, to `read`. GDAL builds
/// the batches on a thread of its own, a few ahead of the reader; the [`Batches`] may be handed to other threads.
pub fn with_batches<L, T, F>(layer: &mut L, read: F) -> Result<T>
where
    L: LayerAccess,
    F: FnOnce(&Columns, &mut Batches) -> Result<T>,
{
    keep_batch_memory();
    let mut stream: ArrowArrayStream = unsafe { std::mem::zeroed() };
    let mut options = gdal::cpl::CslStringList::new();
    options.set_name_value("INCLUDE_FID", "YES")?;
    options.set_name_value("MAX_FEATURES_IN_BATCH", "8192")?;
    layer.reset_feature_reading();
    let ok = unsafe { gdal_sys::OGR_L_GetArrowStream(layer.c_layer(), &mut stream, options.as_ptr()) };
    if !ok {
        bail!("GDAL 无法为该图层建立 Arrow 流 / GDAL could not open an Arrow stream on this layer");
    }
    let result = unsafe { drain(&mut stream, read) };
    if let Some(release) = stream.release {
        unsafe { release(&mut stream) };
    }
    result
}

/// GDAL allocates each batch's buffers (megabytes) with the C library's malloc and frees them once read. Above
/// glibc's mmap threshold every one is a fresh mapping whose pages fault in again: two thirds of a load's page
/// faults, a tenth of its time. With the threshold at its maximum and trimming rarer, freed buffers are reused.
fn keep_batch_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            // glibc's ceiling for M_MMAP_THRESHOLD on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX).
            const MMAP_MAX: libc::c_int = 32 << 20;
            // SAFETY: mallopt only sets allocator parameters; a refused value leaves the default.
            unsafe {
                libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_MAX);
                libc::mallopt(libc::M_TRIM_THRESHOLD, 4 * MMAP_MAX);
            }
        });
    }
}

/// The batches of a stream as GDAL's thread makes them.
pub struct Batches {
    rx: std::sync::mpsc::Receiver<std::result::Result<Batch, String>>,
    kinds: Vec<Kind>,
    first_row: usize,
    ended: bool,
}

impl Batches {
    /// The next batch, `None` after the last; an error once if GDAL failed to make one (and `None` after it).
    #[allow(clippy::should_implement_trait)] // fallible and shared: not an Iterator
    pub fn next(&mut self) -> Result<Option<std::sync::Arc<RowBatch>>> {
        if self.ended {
            return Ok(None);
        }
        let batch = match self.rx.recv() {
            Ok(Ok(b)) => b,
            Ok(Err(e)) => {
                self.ended = true;
                bail!("读取要素批次失败 / reading a batch failed: {e}");
            }
            Err(_) => {
                self.ended = true;
                return Ok(None);
            }
        };
        let array = batch.into_array();
        let n_children = (array.n_children.max(0) as usize).min(self.kinds.len());
        let cols: Vec<Column> = (0..n_children)
            .map(|i| unsafe { Column::new(&**array.children.add(i), self.kinds[i]) })
            .collect();
        let rows = RowBatch {
            array,
            cols,
            first_row: self.first_row,
        };
        self.first_row += rows.len();
        Ok(Some(std::sync::Arc::new(rows)))
    }
}

unsafe fn drain<T, F>(stream: &mut ArrowArrayStream, read: F) -> Result<T>
where
    F: FnOnce(&Columns, &mut Batches) -> Result<T>,
{
    let last_error = |s: &mut ArrowArrayStream| -> String {
        match s.get_last_error {
            Some(f) => cstr(unsafe { f(s) }),
            None => String::new(),
        }
    };
    let mut schema: ArrowSchema = unsafe { std::mem::zeroed() };
    let get_schema = stream
        .get_schema
        .ok_or_else(|| anyhow!("Arrow stream without get_schema"))?;
    if unsafe { get_schema(stream, &mut schema) } != 0 {
        bail!(
            "读取 Arrow 结构失败 / reading the Arrow schema failed: {}",
            last_error(stream)
        );
    }
    let mut names = Vec::new();
    let mut kinds = Vec::new();
    for i in 0..schema.n_children.max(0) as usize {
        let child = unsafe { &**schema.children.add(i) };
        names.push(cstr(child.name));
        kinds.push(kind_of(&cstr(child.format)));
    }
    if let Some(release) = schema.release {
        unsafe { release(&mut schema) };
    }
    let columns = Columns {
        names,
        kinds: kinds.clone(),
    };
    let get_next = stream
        .get_next
        .ok_or_else(|| anyhow!("Arrow stream without get_next"))?;
    // GDAL builds the next batch on a second thread while this one turns the current batch into rows: the two
    // halves of the work overlap. Only that thread touches the stream until it ends; batches are plain memory
    // that the Arrow C interface lets any thread read and release.
    let (tx, rx) = std::sync::mpsc::sync_channel::<std::result::Result<Batch, String>>(2);
    let producer = StreamPtr(stream as *mut ArrowArrayStream);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let stream = producer.get();
            loop {
                let mut batch: ArrowArray = unsafe { std::mem::zeroed() };
                if unsafe { get_next(stream, &mut batch) } != 0 {
                    let _ = tx.send(Err(last_error(unsafe { &mut *stream })));
                    break;
                }
                if batch.release.is_none() {
                    break; // end of stream
                }
                if let Err(std::sync::mpsc::SendError(Ok(mut unsent))) = tx.send(Ok(Batch(batch))) {
                    // The reader stopped (an error in a row): free what it will never see.
                    unsent.release();
                    break;
                }
            }
        });
        let mut batches = Batches {
            rx,
            kinds,
            first_row: 0,
            ended: false,
        };
        // Dropping the batches (and their receiver) when `read` returns makes the producer's next send fail, so it
        // stops; batches still queued are released with the channel.
        read(&columns, &mut batches)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values of a hand-made Arrow string column (`values`' bytes, from row `offset` on).
    fn texts(values: &[&[u8]], offset: usize) -> Vec<Option<String>> {
        let mut data = Vec::new();
        let mut offsets = vec![0i32];
        for v in values {
            data.extend_from_slice(v);
            offsets.push(data.len() as i32);
        }
        let mut buffers: Vec<*const std::ffi::c_void> =
            vec![std::ptr::null(), offsets.as_ptr().cast(), data.as_ptr().cast()];
        let array = ArrowArray {
            length: (values.len() - offset) as i64,
            null_count: 0,
            offset: offset as i64,
            n_buffers: 3,
            n_children: 0,
            buffers: buffers.as_mut_ptr(),
            children: std::ptr::null_mut(),
            dictionary: std::ptr::null_mut(),
            release: None,
            private_data: std::ptr::null_mut(),
        };
        // SAFETY: the buffers above outlive the column, and the offsets fit the data.
        let col = unsafe { Column::new(&array, Kind::Utf8) };
        (0..col.len)
            .map(|row| match unsafe { col.get(row) } {
                Value::Text(t) => Some(t.to_string()),
                Value::Bytes(_) => None,
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn text_is_checked_once_per_column_and_broken_values_stay_bytes() {
        let good: [&[u8]; 5] = [b"ab", "焦作".as_bytes(), b"", "修武县".as_bytes(), b"x"];
        let want = |from: usize| {
            good[from..]
                .iter()
                .map(|v| Some(String::from_utf8(v.to_vec()).unwrap()))
                .collect::<Vec<_>>()
        };
        assert_eq!(texts(&good, 0), want(0));
        assert_eq!(texts(&good, 2), want(2));
        // One broken value (a GBK 县 read as UTF-8) makes the column unchecked: each value is then checked alone,
        // and only that one is handed back as bytes.
        let broken: [&[u8]; 4] = [b"ok", &[0xcf, 0xd8], "温县".as_bytes(), b""];
        assert_eq!(
            texts(&broken, 0),
            vec![Some("ok".into()), None, Some("温县".into()), Some(String::new())]
        );
        assert_eq!(texts(&broken, 2), vec![Some("温县".into()), Some(String::new())]);
        // A valid column cut inside a character: neither half is text (the boundary check, not the column's).
        let jz = "焦作".as_bytes();
        assert_eq!(texts(&[&jz[..1], &jz[1..4], &jz[4..]], 0), vec![None, None, None]);
        assert_eq!(
            texts(&[&jz[..3], &jz[3..]], 0),
            vec![Some("焦".into()), Some("作".into())]
        );
    }

    #[test]
    fn dates_from_epoch_days() {
        assert_eq!(date_from_days(0), "1970-01-01");
        // 2026-01-16 is 20469 days after the epoch: 56 years incl. 14 leap days = 20454, + 15.
        assert_eq!(date_from_days(20_469), "2026-01-16");
    }
}
