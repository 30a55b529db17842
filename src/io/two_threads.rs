//! Reads the rows of a layer's Arrow batches on two threads. GDAL makes the batches on this thread; while it reads
//! the first half of a large batch, a second thread reads the other half, and the halves are joined in row order —
//! so what comes out (features, problems, warnings) is exactly what one pass gives. What a thread remembers between
//! rows (its PROJ transform, memos) is its own: a PROJ transform is not shared between threads.
//!
//! The control layers are read this way (`control_layers`); a 三调 DLTB layer has a million features or more.

use std::ops::Range;
use std::sync::{Arc, mpsc};

use anyhow::{Result, anyhow};
use gdal::vector::LayerAccess;

use super::arrow_stream::{self, Columns, RowBatch};

/// What a run of rows gives.
pub trait RowChunk: Default + Send {
    /// Appends `later`, which holds the rows after this chunk's.
    fn append(&mut self, later: Self);
}

/// Batches with fewer rows are read on this thread alone: handing them over costs more than it saves.
pub const SPLIT_MIN_ROWS: usize = 1024;

/// Streams every batch of `layer` and reads its rows with `read(state, columns, batch, rows, out)` into `into` (made
/// with room for the layer's features), the second half of each batch of at least `split_min_rows` rows on a second
/// thread (`usize::MAX`: everything on this one). Each thread makes its own state with `new_state`, the second only
/// when it gets its first rows.
pub fn read_rows_on_two_threads<L, S, C, N, R>(
    layer: &mut L,
    split_min_rows: usize,
    into: C,
    new_state: N,
    read: R,
) -> Result<C>
where
    L: LayerAccess,
    C: RowChunk,
    N: Fn() -> Result<S> + Sync,
    R: Fn(&mut S, &Columns, &RowBatch, Range<usize>, &mut C) + Sync,
{
    let mut state = new_state()?;
    let mut all = into;
    type Job = (Arc<Columns>, Arc<RowBatch>, Range<usize>);
    std::thread::scope(|scope| {
        let (job_tx, job_rx) = mpsc::sync_channel::<Job>(1);
        let (done_tx, done_rx) = mpsc::sync_channel::<Result<C>>(1);
        let (new_state, read) = (&new_state, &read);
        scope.spawn(move || {
            let mut worker: Option<S> = None;
            for (cols, batch, rows) in job_rx {
                let st = match &mut worker {
                    Some(st) => st,
                    None => match new_state() {
                        Ok(st) => worker.insert(st),
                        Err(e) => {
                            let _ = done_tx.send(Err(e));
                            break;
                        }
                    },
                };
                let mut chunk = C::default();
                read(st, &cols, &batch, rows, &mut chunk);
                drop(batch);
                if done_tx.send(Ok(chunk)).is_err() {
                    break;
                }
            }
        });
        let mut shared_cols: Option<Arc<Columns>> = None;
        let stopped = || anyhow!("读取线程已退出 / the reading thread stopped");
        let result = arrow_stream::for_each_batch(layer, |cols, batch| {
            let n = batch.len();
            if n >= split_min_rows.max(2) {
                let mid = n / 2;
                let c = shared_cols.get_or_insert_with(|| Arc::new(cols.clone())).clone();
                job_tx.send((c, batch.clone(), mid..n)).map_err(|_| stopped())?;
                read(&mut state, cols, &batch, 0..mid, &mut all);
                let second = done_rx.recv().map_err(|_| stopped())??;
                all.append(second);
            } else {
                read(&mut state, cols, &batch, 0..n, &mut all);
            }
            Ok(())
        });
        // The worker ends when the jobs channel closes.
        drop(job_tx);
        result
    })?;
    Ok(all)
}
