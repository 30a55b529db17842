//! Live updates: a worker thread listens on its own connection to channel `stockfirst_parcels` and passes each
//! change on. After a reconnect it first LISTENs again, then catches up with every parcel whose `change_seq` is
//! above the last one seen minus a margin — sequence numbers are taken in one order and committed in another, so a
//! change with a lower number can become visible after a higher one was seen. Duplicates are harmless: the
//! receiver compares versions.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::Result;
use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, NoTls};
use serde::Deserialize;

/// The NOTIFY channel the schema's triggers send on.
pub const CHANNEL: &str = "stockfirst_parcels";
/// How far below the last seen `change_seq` a catch-up starts.
pub const CATCH_UP_MARGIN: i64 = 1_000;

/// What the listener tells its owner.
#[derive(Debug, Clone, PartialEq)]
pub enum LibraryEvent {
    /// A parcel changed; it is at `version` now.
    Changed { id: String, version: i64, change_seq: i64 },
    /// Many parcels changed at once (an import): read the library again.
    Reload,
    /// Listening (again); catch-up done.
    Connected,
    /// The connection is gone; the listener retries by itself.
    Lost(String),
}

#[derive(Deserialize)]
struct Payload {
    id: Option<String>,
    version: Option<i64>,
    change_seq: Option<i64>,
    #[serde(default)]
    reload: bool,
}

/// A NOTIFY payload as an event; `None` for one this program did not write.
///
/// ```
/// use stockfirst::io::postgis::{LibraryEvent, parse_payload};
/// assert_eq!(
///     parse_payload(r#"{"id" : "XW-001", "version" : 3, "change_seq" : 57}"#),
///     Some(LibraryEvent::Changed { id: "XW-001".into(), version: 3, change_seq: 57 })
/// );
/// assert_eq!(parse_payload(r#"{"reload" : true}"#), Some(LibraryEvent::Reload));
/// assert_eq!(parse_payload("hello"), None);
/// ```
pub fn parse_payload(text: &str) -> Option<LibraryEvent> {
    let p: Payload = serde_json::from_str(text).ok()?;
    if p.reload {
        return Some(LibraryEvent::Reload);
    }
    Some(LibraryEvent::Changed {
        id: p.id?,
        version: p.version?,
        change_seq: p.change_seq?,
    })
}

/// The running listener; dropping it stops the thread.
pub struct Listener {
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Listener {
    /// Starts listening; `since` is the highest `change_seq` the caller has (0: catch-up from the start is skipped).
    pub fn start(url: &str, since: i64, events: Sender<LibraryEvent>) -> Result<Listener> {
        let config = super::connect::config(url)?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = std::thread::Builder::new()
            .name("stockfirst-listen".into())
            .spawn(move || run(&config, since, &events, &flag))?;
        Ok(Listener {
            stop,
            handle: Some(handle),
        })
    }

    pub fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.halt();
    }
}

fn run(config: &postgres::Config, since: i64, events: &Sender<LibraryEvent>, stop: &AtomicBool) {
    let mut last = since;
    let mut first = true;
    let mut backoff = Duration::from_millis(100);
    while !stop.load(Ordering::Relaxed) {
        let outcome = config
            .connect(NoTls)
            .map_err(anyhow::Error::from)
            .and_then(|mut client| {
                client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
                if !first || since > 0 {
                    catch_up(&mut client, &mut last, events)?;
                }
                first = false;
                backoff = Duration::from_millis(100);
                if events.send(LibraryEvent::Connected).is_err() {
                    stop.store(true, Ordering::Relaxed);
                }
                listen(&mut client, &mut last, events, stop)
            });
        if let Err(e) = outcome {
            if stop.load(Ordering::Relaxed) || events.send(LibraryEvent::Lost(format!("{e:#}"))).is_err() {
                return;
            }
            std::thread::sleep(backoff);
            backoff = (backoff * 2).min(Duration::from_secs(5));
        }
    }
}

/// Every parcel changed since `last − margin`, in change order.
fn catch_up(client: &mut Client, last: &mut i64, events: &Sender<LibraryEvent>) -> Result<()> {
    let rows = client.query(
        "SELECT id, version, change_seq FROM stockfirst.parcels WHERE change_seq > $1 ORDER BY change_seq",
        &[&(*last - CATCH_UP_MARGIN)],
    )?;
    for r in rows {
        let change_seq: i64 = r.try_get(2)?;
        *last = (*last).max(change_seq);
        let _ = events.send(LibraryEvent::Changed {
            id: r.try_get(0)?,
            version: r.try_get(1)?,
            change_seq,
        });
    }
    Ok(())
}

/// Passes notifications on until the connection fails (an error: the caller reconnects) or `stop` is set.
fn listen(client: &mut Client, last: &mut i64, events: &Sender<LibraryEvent>, stop: &AtomicBool) -> Result<()> {
    let mut checked = Instant::now();
    while !stop.load(Ordering::Relaxed) {
        // Each notification is passed on as it arrives; the timeout only bounds how long `stop` goes unchecked.
        {
            let mut notes = client.notifications();
            let mut it = notes.timeout_iter(Duration::from_millis(200));
            while let Some(n) = it.next()? {
                if let Some(ev) = parse_payload(n.payload()) {
                    if let LibraryEvent::Changed { change_seq, .. } = &ev {
                        *last = (*last).max(*change_seq);
                    }
                    if events.send(ev).is_err() {
                        stop.store(true, Ordering::Relaxed);
                        return Ok(());
                    }
                }
                if stop.load(Ordering::Relaxed) {
                    return Ok(());
                }
            }
        }
        // A socket can stay open after the server is gone (a pulled cable): ask now and then.
        if client.is_closed()
            || (checked.elapsed() > Duration::from_secs(5) && client.is_valid(Duration::from_secs(2)).is_err())
        {
            anyhow::bail!("与服务器的连接已断开 / the connection to the server was lost");
        }
        if checked.elapsed() > Duration::from_secs(5) {
            checked = Instant::now();
        }
    }
    Ok(())
}
