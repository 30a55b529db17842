//! A tile-reading thread: it opens its own source (a GDAL dataset is `Send` but not `Sync`, so each worker owns
//! one), then reads the tiles the map wants, newest view first. The map replaces the wanted list every frame, so a
//! fast pan never leaves a backlog; answers come back through a channel the UI drains without waiting.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};

use anyhow::Result;

/// What a worker sends back.
#[derive(Debug)]
pub enum WorkerMsg<K, I, T> {
    /// The source opened: what it is.
    Opened(I),
    /// The source could not be opened; the worker has stopped.
    Failed(String),
    /// One tile, or why it could not be read.
    Tile(K, Result<T, String>),
}

struct Queue<K> {
    wanted: VecDeque<K>,
    in_flight: Option<K>,
    stop: bool,
}

struct Shared<K> {
    queue: Mutex<Queue<K>>,
    wake: Condvar,
}

/// The UI's handle on one worker thread.
pub struct TileWorker<K, I, T> {
    shared: Arc<Shared<K>>,
    results: Receiver<WorkerMsg<K, I, T>>,
}

impl<K, I, T> TileWorker<K, I, T>
where
    K: Clone + PartialEq + Send + 'static,
    I: Send + 'static,
    T: Send + 'static,
{
    /// Starts a worker: `open` runs on the new thread and makes the reader and its info; `read` reads one tile;
    /// `notify` is called after each message (a repaint request).
    pub fn spawn<R, O, F, N>(name: &str, open: O, mut read: F, notify: N) -> Result<Self>
    where
        O: FnOnce() -> Result<(R, I)> + Send + 'static,
        F: FnMut(&mut R, &K) -> Result<T> + Send + 'static,
        N: Fn() + Send + 'static,
    {
        let shared = Arc::new(Shared {
            queue: Mutex::new(Queue {
                wanted: VecDeque::new(),
                in_flight: None,
                stop: false,
            }),
            wake: Condvar::new(),
        });
        let (tx, results) = channel();
        let inner = shared.clone();
        std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || run(inner, tx, open, &mut read, notify))?;
        Ok(Self { shared, results })
    }

    /// Replaces the wanted tiles (most wanted first); the tile being read now is not asked for twice.
    pub fn want(&self, keys: Vec<K>) {
        if let Ok(mut q) = self.shared.queue.lock() {
            let busy = q.in_flight.clone();
            q.wanted = keys.into_iter().filter(|k| Some(k) != busy.as_ref()).collect();
            self.shared.wake.notify_one();
        }
    }

    /// Everything the worker sent since the last call, without waiting.
    pub fn poll(&self) -> Vec<WorkerMsg<K, I, T>> {
        self.results.try_iter().collect()
    }

    /// Tiles still queued or being read.
    pub fn busy(&self) -> bool {
        self.shared
            .queue
            .lock()
            .map(|q| !q.wanted.is_empty() || q.in_flight.is_some())
            .unwrap_or(false)
    }
}

impl<K, I, T> Drop for TileWorker<K, I, T> {
    fn drop(&mut self) {
        // The thread ends after its current tile; nobody waits for it.
        if let Ok(mut q) = self.shared.queue.lock() {
            q.stop = true;
            q.wanted.clear();
        }
        self.shared.wake.notify_all();
    }
}

fn run<K, I, T, R, O, F, N>(shared: Arc<Shared<K>>, tx: Sender<WorkerMsg<K, I, T>>, open: O, read: &mut F, notify: N)
where
    K: Clone,
    O: FnOnce() -> Result<(R, I)>,
    F: FnMut(&mut R, &K) -> Result<T>,
    N: Fn(),
{
    let mut reader = match open() {
        Ok((r, info)) => {
            let _ = tx.send(WorkerMsg::Opened(info));
            notify();
            r
        }
        Err(e) => {
            let _ = tx.send(WorkerMsg::Failed(format!("{e:#}")));
            notify();
            return;
        }
    };
    loop {
        let key = {
            let Ok(mut q) = shared.queue.lock() else { return };
            loop {
                if q.stop {
                    return;
                }
                if let Some(k) = q.wanted.pop_front() {
                    q.in_flight = Some(k.clone());
                    break k;
                }
                q = match shared.wake.wait(q) {
                    Ok(q) => q,
                    Err(_) => return,
                };
            }
        };
        let answer = read(&mut reader, &key).map_err(|e| format!("{e:#}"));
        if tx.send(WorkerMsg::Tile(key, answer)).is_err() {
            return;
        }
        if let Ok(mut q) = shared.queue.lock() {
            q.in_flight = None;
        }
        notify();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn reads_what_is_wanted_and_reports_a_failed_open() {
        let w: TileWorker<u32, &str, u32> =
            TileWorker::spawn("t", || Ok((10u32, "ok")), |r, k| Ok(*r + *k), || {}).unwrap();
        w.want(vec![1, 2, 3]);
        let mut got = Vec::new();
        let t0 = Instant::now();
        while got.len() < 4 && t0.elapsed() < Duration::from_secs(10) {
            got.extend(w.poll());
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(matches!(got[0], WorkerMsg::Opened("ok")));
        let tiles: Vec<(u32, u32)> = got
            .iter()
            .filter_map(|m| match m {
                WorkerMsg::Tile(k, Ok(v)) => Some((*k, *v)),
                _ => None,
            })
            .collect();
        assert_eq!(tiles, vec![(1, 11), (2, 12), (3, 13)]);

        let bad: TileWorker<u32, (), u32> = TileWorker::spawn(
            "t",
            || -> Result<((), ())> { anyhow::bail!("no such file") },
            |_, _| Ok(0),
            || {},
        )
        .unwrap();
        let t0 = Instant::now();
        let mut msgs = Vec::new();
        while msgs.is_empty() && t0.elapsed() < Duration::from_secs(10) {
            msgs = bad.poll();
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(matches!(&msgs[0], WorkerMsg::Failed(m) if m.contains("no such file")));
    }
}
