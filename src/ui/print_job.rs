//! A print export running on its worker thread (File → 报告); `print_export` starts and polls it.

use std::sync::mpsc::Receiver;

/// The message for the status bar when done: the path written, or the error.
pub struct PrintJob {
    pub(super) rx: Receiver<anyhow::Result<String>>,
}
