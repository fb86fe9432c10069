//! A task that waits on the team history's notifications (LISTEN/NOTIFY)
//! and reports them. It waits on its socket: an idle dashboard costs
//! nothing. When the connection drops it reconnects with backoff and jitter,
//! and says so, so the status bar can.

use tokio_postgres::{AsyncMessage, Notification};

use super::{CHANNEL, TeamUrl, backoff};

/// What the team history's watcher reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeamEvent {
    /// Connected (again): whatever waits in the spool can be sent, and
    /// the list read afresh.
    Connected,
    /// The connection dropped; trying again.
    Lost,
    /// Someone (a teammate, or this dashboard) recorded lookups.
    Recorded,
    /// Someone changed a dispute case.
    CaseChanged,
}

/// The watcher stops when `report` returns false (nobody listens any
/// more) or the runtime ends; it holds one connection of its own, outside
/// the pool.
pub fn spawn(url: TeamUrl, report: impl Fn(TeamEvent) -> bool + Send + Sync + 'static) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
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
            if !report(TeamEvent::Lost) {
                return;
            }
            tokio::time::sleep(backoff(failures.max(1))).await;
        }
    })
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
    Ok(Ended::Dropped)
}

/// Stops the connection's task when its watcher returns.
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
