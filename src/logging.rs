//! Logs go to a file under the data dir, never to the terminal the
//! dashboard draws on.

use std::path::Path;

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};

/// Creates the data dir (private to the user) and starts logging into it.
/// Keep the guard alive until exit so buffered lines are written.
pub fn init(data_dir: &Path, log_file: &Path) -> Result<WorkerGuard, String> {
    create_private_dir(data_dir)?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log_file)
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
    Ok(guard)
}

pub fn create_private_dir(dir: &Path) -> Result<(), String> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| format!("cannot create data dir {}: {e}", dir.display()))
}
