//! Waiting for the signals that should end the program cleanly.

use std::future::Future;

/// Resolves on Ctrl-C (SIGINT), SIGTERM or SIGHUP. The handlers are in place
/// when this returns, not at the first poll: a signal that arrives before
/// the caller first waits is still caught, instead of killing the process
/// with work unsaved.
pub fn termination() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let streams = (signal(SignalKind::interrupt()), signal(SignalKind::terminate()), signal(SignalKind::hangup()));
        async move {
            let (Ok(mut int), Ok(mut term), Ok(mut hup)) = streams else {
                let _ = tokio::signal::ctrl_c().await;
                return;
            };
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
                _ = hup.recv() => {}
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// [`termination`], as an async function for callers that wait at once.
pub async fn wait_for_termination() {
    termination().await
}
