//! A thread that waits on the team history's notifications (LISTEN/NOTIFY)
//! and reports them. It blocks on its socket: an idle dashboard costs
//! nothing. When the connection drops it reconnects with backoff and jitter,
//! and says so, so the status bar can.

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
/// more) or the process ends; it holds one connection.
pub fn spawn(url: TeamUrl, report: impl Fn(TeamEvent) -> bool + Send + 'static) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name("team-history-watch".into())
        .spawn(move || {
            let mut failures = 0;
            loop {
                match watch(&url, &report) {
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
                std::thread::sleep(backoff(failures.max(1)));
            }
        })
        .expect("a thread starts")
}

enum Ended {
    /// The connection dropped.
    Dropped,
    /// Nobody listens to the reports any more.
    Unheard,
}

/// One connection's life: listens, reports, returns when it drops.
fn watch(url: &TeamUrl, report: &impl Fn(TeamEvent) -> bool) -> Result<Ended, String> {
    let mut db = url.connect().map_err(|e| e.to_string())?;
    db.batch_execute(&format!("LISTEN {CHANNEL}")).map_err(|e| e.to_string())?;
    if !report(TeamEvent::Connected) {
        return Ok(Ended::Unheard);
    }
    loop {
        // A batch is one notification; a burst of them (anyone may NOTIFY
        // the channel ten thousand times) is one report of each kind, since
        // each report costs the dashboard a read.
        let Some(first) = db.next_notification().map_err(|e| e.to_string())? else {
            return Ok(Ended::Dropped);
        };
        let (mut recorded, mut cases) = (false, false);
        let mut note = |n: &tokio_postgres::Notification| match n.payload() {
            super::cases::CASE_CHANGED => cases = true,
            _ => recorded = true,
        };
        note(&first);
        while let Some(n) = db.pending_notification() {
            note(&n);
        }
        let events = [(recorded, TeamEvent::Recorded), (cases, TeamEvent::CaseChanged)];
        for (_, event) in events.into_iter().filter(|(happened, _)| *happened) {
            if !report(event) {
                return Ok(Ended::Unheard);
            }
        }
    }
}
