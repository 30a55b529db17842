//! Shared by the fuzz targets.

use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

static CAUGHT: AtomicUsize = AtomicUsize::new(0);

/// libfuzzer-sys installs a panic hook that aborts on *every* panic, even one that `geometry::guarded` catches on
/// purpose (its last resort against i_overlay's internal assertions, which the app reports as an error). This hook
/// only prints the first few; a panic that escapes the target still reaches libfuzzer-sys's `catch_unwind`, which
/// aborts, so it is still a crash with its input saved.
pub fn allow_guarded_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let n = CAUGHT.fetch_add(1, Ordering::Relaxed);
            if n < 5 {
                eprintln!("panic (a guarded one is caught and becomes an error): {info}");
            }
            // When replaying a crash: STOCKFIRST_FUZZ_BACKTRACE=1 shows where each panic came from.
            if std::env::var_os("STOCKFIRST_FUZZ_BACKTRACE").is_some() {
                eprintln!("{}", std::backtrace::Backtrace::force_capture());
            }
        }));
    });
}
