//! A task that waits on the team history's notifications (LISTEN/NOTIFY)
//! and reports them. It waits on its socket: an idle dashboard costs
//! nothing. When the connection drops it reconnects with backoff and jitter,
//! and says so, so the status bar can.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;
use tokio_postgres::{AsyncMessage, Notification};

use super::{CHANNEL, TeamUrl};
use crate::backoff::Backoff;

/// The watcher's pause between tries: short, so that every open dashboard
/// is live within five seconds of the server answering again (jittered,
/// so a team's dashboards do not knock at once).
const WATCH_BACKOFF: Backoff = Backoff { first: Duration::from_millis(500), most: Duration::from_secs(4) };

/// What the team history's watcher reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeamEvent {
    /// Connected (again): whatever waits in the spool can be sent, and
    /// the list read afresh.
    Connected,
    /// The connection dropped, or could not be made; the next try is in
    /// `retry_in` (or sooner, when asked: [`TeamWatch::try_now`]).
    Lost { retry_in: Duration },
    /// Someone (a teammate, or this dashboard) recorded lookups.
    Recorded,
    /// Someone changed a dispute case.
    CaseChanged,
}

/// The watcher stops when `report` returns false (nobody listens any
/// more) or the runtime ends; it holds one connection of its own, outside
/// the pool.
pub fn spawn(url: TeamUrl, report: impl Fn(TeamEvent) -> bool + Send + Sync + 'static) -> TeamWatch {
    let again = Arc::new(Notify::new());
    let asked = again.clone();
    let task = tokio::spawn(async move {
        let mut failures = 0;
        loop {
            match watch(&url, &report).await {
                Ok(Ended::Unheard) => return,
                Ok(Ended::Dropped) => failures = 0,
                Err(why) => {
                    failures += 1;
                    tracing::warn!("watching {}: {why}", url.location());
                }
            }
            let retry_in = WATCH_BACKOFF.jittered(failures.max(1));
            if !report(TeamEvent::Lost { retry_in }) {
                return;
            }
            tokio::select! {
                () = tokio::time::sleep(retry_in) => {}
                () = asked.notified() => {}
            }
        }
    });
    TeamWatch { task, again }
}

/// A running watcher: it can be asked to try now rather than when its
/// pause ends.
pub struct TeamWatch {
    task: tokio::task::JoinHandle<()>,
    again: Arc<Notify>,
}

impl TeamWatch {
    /// Ends the pause before the next try (kept if none is under way: the
    /// next pause then ends at once).
    pub fn try_now(&self) {
        self.again.notify_one();
    }
}

impl Drop for TeamWatch {
    fn drop(&mut self) {
        self.task.abort();
    }
}

enum Ended {
    /// The connection dropped.
    Dropped,
    /// Nobody listens to the reports any more.
    Unheard,
}

/// One connection's life: listens, reports, returns when it drops. The
/// driver hands notifications out of the connection's own message stream.
async fn watch(url: &TeamUrl, report: &impl Fn(TeamEvent) -> bool) -> Result<Ended, String> {
    let (client, mut connection) = url.connect().await.map_err(|e| e.to_string())?;
    let (sent, mut notifications) = tokio::sync::mpsc::unbounded_channel();
    // The connection runs while the client lives; its messages come out here.
    let driven = tokio::spawn(async move {
        while let Some(message) = std::future::poll_fn(|cx| connection.poll_message(cx)).await {
            match message {
                Ok(AsyncMessage::Notification(n)) => drop(sent.send(n)),
                Ok(_) => {}
                Err(e) => return Err(super::url::describe(&e)),
            }
        }
        Ok(())
    });
    let _stop = AbortOnDrop(driven.abort_handle());
    let listen = format!("LISTEN {CHANNEL}");
    let listening = tokio::time::timeout(url.deadlines().query, client.batch_execute(&listen));
    match listening.await {
        Ok(done) => done.map_err(|e| super::url::describe(&e))?,
        Err(_) => return Err("the server did not answer LISTEN".into()),
    }
    if !report(TeamEvent::Connected) {
        return Ok(Ended::Unheard);
    }
    // A batch is one notification; a burst of them (anyone may NOTIFY the
    // channel ten thousand times) is one report of each kind, since each
    // report costs the dashboard a read.
    while let Some(first) = notifications.recv().await {
        let (mut recorded, mut cases) = (false, false);
        let mut note = |n: &Notification| match n.payload() {
            super::cases::CASE_CHANGED => cases = true,
            _ => recorded = true,
        };
        note(&first);
        while let Ok(n) = notifications.try_recv() {
            note(&n);
        }
        let events = [(recorded, TeamEvent::Recorded), (cases, TeamEvent::CaseChanged)];
        for (_, event) in events.into_iter().filter(|(happened, _)| *happened) {
            if !report(event) {
                return Ok(Ended::Unheard);
            }
        }
    }
    drop(client);
    // The connection ended: with an error (told, and the pause grows), or
    // closed by the server.
    match driven.await {
        Ok(Err(why)) => Err(why),
        _ => Ok(Ended::Dropped),
    }
}

/// Stops the connection's task when its watcher returns.
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
