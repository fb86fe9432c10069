//! Timings for `scripts/bench.sh` (`EPAY_STATUS_BENCH_FIRST_FRAME=1`): the
//! shipped loop on the real terminal, driven by scripted keys instead of
//! the operator, each step timed until its work is answered and drawn.

use std::time::Instant;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use futures_util::StreamExt;

use super::runner::Runner;
use super::terminal;

/// Runs `events`, then waits for everything they started; returns the
/// milliseconds until the last frame was drawn.
async fn timed(runner: &mut Runner, terminal: &mut terminal::Term, events: Vec<Event>) -> std::io::Result<f64> {
    let start = Instant::now();
    let events = futures_util::stream::iter(events.into_iter().map(Ok));
    runner.run(terminal, events).await?;
    let idle = futures_util::stream::once(runner.until_idle()).filter_map(|()| async { None });
    runner.run(terminal, Box::pin(idle)).await?;
    Ok(start.elapsed().as_secs_f64() * 1e3)
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The first frame, the first frame with history rows, `G` (the oldest
/// row), and each filter in `EPAY_STATUS_BENCH_FILTERS` (`|` between them).
pub async fn frames(runner: &mut Runner, terminal: &mut terminal::Term, start: Instant) -> std::io::Result<String> {
    runner.run(terminal, futures_util::stream::empty()).await?;
    let first = start.elapsed().as_secs_f64() * 1e3;
    let history = first + timed(runner, terminal, Vec::new()).await?;
    let mut report = format!(
        "first frame {first:.1} ms; first frame with history ({} rows shown) {history:.1} ms",
        runner.app.lookups.len()
    );
    let bottom = timed(runner, terminal, vec![key(KeyCode::Esc), key(KeyCode::Char('G'))]).await?;
    report += &format!("\nG to frame {bottom:.1} ms");
    let filters = std::env::var("EPAY_STATUS_BENCH_FILTERS").unwrap_or_default();
    for text in filters.split('|').filter(|t| !t.is_empty()) {
        let mut events = vec![key(KeyCode::Char('/'))];
        events.extend(text.chars().map(|c| key(KeyCode::Char(c))));
        events.push(key(KeyCode::Enter));
        let took = timed(runner, terminal, events).await?;
        let found = runner.app.lookups.total();
        report += &format!("\nfilter {text} to frame {took:.1} ms ({found:?})");
        timed(runner, terminal, vec![key(KeyCode::Esc)]).await?;
    }
    if let Ok(invoice) = std::env::var("EPAY_STATUS_BENCH_TEAMMATE") {
        report += &teammate(runner, terminal, &invoice).await?;
    }
    Ok(report)
}

/// Says it is ready (a file, `EPAY_STATUS_BENCH_READY`), then lets the loop
/// run until a teammate's lookup of `invoice` is on screen; reports the
/// wall-clock moment it was drawn, for the script to compare with when the
/// teammate's command began.
async fn teammate(runner: &mut Runner, terminal: &mut terminal::Term, invoice: &str) -> std::io::Result<String> {
    // Back to the newest rows, where a new lookup shows.
    timed(runner, terminal, vec![key(KeyCode::Esc), key(KeyCode::Char('g'))]).await?;
    if let Some(ready) = std::env::var_os("EPAY_STATUS_BENCH_READY") {
        std::fs::write(ready, b"ready")?;
    }
    let on_screen = |runner: &Runner| runner.app.lookups.iter().any(|e| e.invoice.as_str() == invoice);
    while !on_screen(runner) {
        let tick = futures_util::stream::once(tokio::time::sleep(std::time::Duration::from_millis(2)));
        runner.run(terminal, Box::pin(tick.filter_map(|()| async { None }))).await?;
    }
    // The frame with the row: the loop draws first thing.
    runner.run(terminal, futures_util::stream::empty()).await?;
    let drawn = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    Ok(format!("\nteammate's lookup drawn at {} ms since the epoch", drawn.as_millis()))
}
