//! A small reader of GDAL's columnar Arrow stream (GDAL ≥ 3.6), the fast path for whole layers:
//! one call per batch of 65 536 features instead of several OGR calls per feature.
//!
//! Only the Arrow C Data Interface is used, so no Arrow crate is needed. All `unsafe` of the reader lives here and in
//! `column.rs` (what one cell of a batch holds).

use std::ffi::{CStr, c_char};

use anyhow::{Result, anyhow, bail};
use gdal::vector::LayerAccess;
use gdal_sys::{ArrowArray, ArrowArrayStream, ArrowSchema};

mod column;
use column::{Column, Kind, kind_of};
pub use column::{Columns, Value};

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
}
