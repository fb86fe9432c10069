//! Logs go to a file under the data dir, never to the terminal the
//! dashboard draws on.

use std::path::Path;
use std::sync::Mutex;

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};

/// The log writer's guard: dropping it writes out every queued line. Kept
/// here, not on `main`'s stack, so a panic hook can flush before it exits.
static GUARD: Mutex<Option<WorkerGuard>> = Mutex::new(None);

/// Writes out every queued log line and stops logging to the file. Called
/// on the way out of the process.
pub fn flush() {
    let guard = crate::sync::lock(&GUARD).take();
    drop(guard);
}

/// Every command ends a panic the same way: the terminal given back
/// (`restore`; a no-op when the dashboard is not running), the panic and
/// its backtrace (function names: the release build keeps symbols, not line
/// tables) in the log and flushed to disk, the message on stderr, and exit
/// status 101.
/// Without the flush the non-blocking writer lost the panic line about
/// half the time.
pub fn install_panic_hook(restore: fn()) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        let backtrace = std::backtrace::Backtrace::force_capture();
        tracing::error!("panic: {info}\n{backtrace}");
        flush();
        previous(info);
        std::process::exit(101);
    }));
}

/// Creates the data dir (private to the user) and starts logging into it.
/// Lines are queued and written by a thread; [`flush`] writes out the rest.
pub fn init(data_dir: &Path, log_file: &Path) -> Result<(), String> {
    crate::files::create_private_dir(data_dir)
        .map_err(|e| format!("cannot create data dir {}: {e}", data_dir.display()))?;
    let file = crate::files::open_private_append(log_file)
        .map_err(|e| format!("cannot open log file {}: {e}", log_file.display()))?;
    // The default queue preallocates 128,000 line slots (4 MB) for a program
    // that logs a few lines per lookup; 1,024 is plenty, and if it ever
    // fills the writer drops lines rather than stalling the dashboard.
    let (writer, guard) = NonBlockingBuilder::default().buffered_lines_limit(1024).finish(file);
    let filter = tracing_subscriber::EnvFilter::try_from_env("EPAY_STATUS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .map_err(|e| format!("cannot start logging: {e}"))?;
    *crate::sync::lock(&GUARD) = Some(guard);
    Ok(())
}
