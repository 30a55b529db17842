//! Reads the rows of a layer's Arrow batches on two threads. GDAL makes the batches on a thread of its own; this
//! thread and a second one take pieces of them (a few thousand rows each) from one queue, whichever is free, so
//! neither waits for the other while GDAL makes the next batch. The pieces are joined in row order, so what comes
//! out (features, problems, warnings) is exactly what one pass gives. What a thread remembers between rows (its
//! PROJ transform, memos) is its own: a PROJ transform is not shared between threads.
//!
//! The stock library (`gdal_source`) and the control layers (`control_layers`) are read this way; a 三调 DLTB
//! layer has a million features or more.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use anyhow::{Result, anyhow, bail};
use gdal::vector::LayerAccess;

use super::arrow_stream::{self, Batches, Columns, RowBatch};

/// What a run of rows gives.
pub trait RowChunk: Send {
    /// An empty chunk with room for `rows` rows.
    fn with_room(rows: usize) -> Self;
    /// Appends `later`, which holds the rows after this chunk's.
    fn append(&mut self, later: Self);
}

/// How the rows are shared out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threads {
    /// Everything on the calling thread (the tests' reference).
    One,
    /// The calling thread and a second one, in pieces of this many rows. A piece is a unit of work: small enough
    /// that neither thread is left with a long tail at the end, large enough that handing it over costs nothing.
    Two { piece_rows: usize },
}

/// The pieces both threads share.
pub const TWO: Threads = Threads::Two { piece_rows: 2048 };

/// Streams every batch of `layer`; `start(columns)` runs once before any row is read (it may refuse the layer),
/// then the rows are read with `read(state, columns, batch, rows, out)`. This thread reads with `state`; the second,
/// if any, makes its own with `new_state` when it gets its first rows. The chunks come back joined in row order
/// into `into` (made with room for the layer's features).
pub fn read_rows_on_two_threads<L, S, C, St, N, R>(
    layer: &mut L,
    threads: Threads,
    start: St,
    (into, state): (C, S),
    new_state: N,
    read: R,
) -> Result<C>
where
    L: LayerAccess,
    C: RowChunk,
    St: FnOnce(&Columns) -> Result<()>,
    N: Fn() -> Result<S> + Sync,
    R: Fn(&mut S, &Columns, &RowBatch, Range<usize>, &mut C) + Sync,
{
    arrow_stream::with_batches(layer, |cols, batches| {
        start(cols)?;
        let piece_rows = match threads {
            Threads::One => usize::MAX,
            Threads::Two { piece_rows } => piece_rows.max(1),
        };
        let queue = Pieces::new(batches, piece_rows);
        let joined = Mutex::new(Joined {
            all: into,
            next: 0,
            waiting: BTreeMap::new(),
        });
        let (queue, read, new_state, shared) = (&queue, &read, &new_state, &joined);
        let (mine, theirs) = std::thread::scope(|scope| {
            let second = (threads != Threads::One).then(|| {
                scope.spawn(move || -> Result<()> {
                    // Nothing is made before there is work: a one-batch layer may be read by this thread alone.
                    let Some(first) = queue.take()? else {
                        return Ok(());
                    };
                    let mut st = new_state()?;
                    read_pieces(queue, Some(first), &mut st, cols, read, shared)
                })
            });
            let mut st = state;
            let mine = read_pieces(queue, None, &mut st, cols, read, shared);
            let theirs = second.map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow!("读取线程异常退出 / the reading thread panicked")))
            });
            (mine, theirs)
        });
        mine?;
        theirs.transpose()?;
        let joined = joined
            .into_inner()
            .map_err(|_| anyhow!("读取线程异常退出 / a reading thread panicked"))?;
        // Every piece was read by one thread or the other, so none can be left waiting for an earlier one.
        if !joined.waiting.is_empty() {
            bail!("读取线程未读完 / a piece of the layer was not read");
        }
        Ok(joined.all)
    })
}

/// The chunks read so far: those in row order already appended to `all`, the others waiting for the ones before
/// them. Each is appended as soon as it can be, so the pieces' memory is used again instead of a second copy of
/// the whole layer waiting to be joined at the end.
struct Joined<C> {
    all: C,
    /// The place of the next piece to append.
    next: usize,
    waiting: BTreeMap<usize, C>,
}

impl<C: RowChunk> Joined<C> {
    fn put(&mut self, seq: usize, chunk: C) {
        if seq != self.next {
            self.waiting.insert(seq, chunk);
            return;
        }
        self.all.append(chunk);
        self.next += 1;
        while let Some(c) = self.waiting.remove(&self.next) {
            self.all.append(c);
            self.next += 1;
        }
    }
}

/// One run of rows of one batch; `seq` is its place in the layer.
struct Piece {
    seq: usize,
    batch: Arc<RowBatch>,
    rows: Range<usize>,
}

/// Takes pieces until the stream ends, each read into a chunk of its own and put with the others in row order.
fn read_pieces<S, C, R>(
    queue: &Pieces,
    mut next: Option<Piece>,
    st: &mut S,
    cols: &Columns,
    read: &R,
    joined: &Mutex<Joined<C>>,
) -> Result<()>
where
    C: RowChunk,
    R: Fn(&mut S, &Columns, &RowBatch, Range<usize>, &mut C),
{
    loop {
        let piece = match next.take() {
            Some(p) => p,
            None => match queue.take()? {
                Some(p) => p,
                None => return Ok(()),
            },
        };
        let mut chunk = C::with_room(piece.rows.len());
        read(st, cols, &piece.batch, piece.rows, &mut chunk);
        drop(piece.batch);
        joined
            .lock()
            .map_err(|_| anyhow!("读取线程异常退出 / a reading thread panicked"))?
            .put(piece.seq, chunk);
    }
}

/// The queue of pieces, refilled from the stream by whichever thread finds it empty.
struct Pieces<'a> {
    state: Mutex<Queue<'a>>,
    piece_rows: usize,
}

struct Queue<'a> {
    batches: &'a mut Batches,
    waiting: VecDeque<Piece>,
    next_seq: usize,
    /// The stream ended or failed: no more pieces for anyone.
    done: bool,
}

impl<'a> Pieces<'a> {
    fn new(batches: &'a mut Batches, piece_rows: usize) -> Self {
        Self {
            state: Mutex::new(Queue {
                batches,
                waiting: VecDeque::new(),
                next_seq: 0,
                done: false,
            }),
            piece_rows,
        }
    }

    /// The next piece in row order; `None` when the stream has ended. A failed batch is an error for the thread
    /// that met it; the other then finds the queue done.
    fn take(&self) -> Result<Option<Piece>> {
        let mut q = self
            .state
            .lock()
            .map_err(|_| anyhow!("读取线程异常退出 / a reading thread panicked"))?;
        loop {
            if let Some(p) = q.waiting.pop_front() {
                return Ok(Some(p));
            }
            if q.done {
                return Ok(None);
            }
            // Waiting for GDAL while holding the lock is right: the other thread has nothing to do either.
            match q.batches.next() {
                Ok(Some(batch)) => {
                    let n = batch.len();
                    let mut at = 0;
                    while at < n {
                        let end = n.min(at.saturating_add(self.piece_rows));
                        let seq = q.next_seq;
                        q.next_seq += 1;
                        q.waiting.push_back(Piece {
                            seq,
                            batch: batch.clone(),
                            rows: at..end,
                        });
                        at = end;
                    }
                }
                Ok(None) => q.done = true,
                Err(e) => {
                    q.done = true;
                    return Err(e);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl RowChunk for Vec<usize> {
        fn with_room(rows: usize) -> Self {
            Vec::with_capacity(rows)
        }
        fn append(&mut self, mut later: Self) {
            Vec::append(self, &mut later);
        }
    }

    #[test]
    fn pieces_put_in_any_order_are_joined_in_row_order_as_soon_as_they_can_be() {
        let mut j = Joined {
            all: Vec::new(),
            next: 0,
            waiting: BTreeMap::new(),
        };
        j.put(1, vec![10, 11]);
        j.put(3, vec![30]);
        assert!(j.all.is_empty(), "nothing before piece 0");
        j.put(0, vec![0, 1]);
        assert_eq!(j.all, vec![0, 1, 10, 11], "0 and the waiting 1, not yet 3");
        assert_eq!(j.waiting.len(), 1);
        j.put(2, vec![20]);
        assert_eq!(j.all, vec![0, 1, 10, 11, 20, 30]);
        assert!(j.waiting.is_empty());
    }
}
