//! The dashboard: one task owns the state; terminal events, finished
//! lookups and token news arrive as messages; the screen is redrawn only
//! when something changed, and a spinner ticks only while work is pending.
//! The loop itself is in `runner`; this file runs it on the real terminal.

pub mod app;
mod bench;
pub mod clipboard;
pub mod keymap;
pub mod layout;
pub mod model;
pub mod runner;
pub mod terminal;
pub mod ui;
pub mod words;
pub mod work;

use std::time::Instant;

use futures_util::StreamExt;

use crate::cli::Exit;
use crate::config::Settings;
use crate::i18n;
use crate::session::Session;
use app::{App, Context, Notice};
use runner::{Clock, Runner, Workers};

/// The shipped dashboard: opens what can fail plainly before the screen is
/// taken, then runs the loop on the real terminal until the operator quits
/// or a signal asks it to end.
pub async fn run(settings: Settings) -> Exit {
    let lang = settings.language.language;
    let session = match Session::open(&settings, settings.timeout).await {
        Ok(s) => s,
        Err(e) => {
            crate::cli::error(lang, e);
            return Exit::Usage;
        }
    };
    let (store, store_notice) = match crate::session::open_history(&settings).await {
        Ok(opened) => opened,
        Err(e) => {
            crate::cli::error(lang, e);
            return Exit::Usage;
        }
    };
    let context = Context {
        who: session.checker.clone(),
        production: settings.is_production(),
        colour: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        config_path: settings.config_path.display().to_string(),
        log_path: settings.log_path().display().to_string(),
        history: store.location(),
        spool: store.spool_path().map(|p| p.display().to_string()),
        case_deadline_days: settings.case_deadline_days,
        language: settings.language.language,
        statement_missing: session.statement.as_ref().err().cloned(),
    };
    let clock = Clock::system();
    let workers = Workers::new(&session, store, &settings, clock, Box::new(write_now));
    let signalled = crate::signals::termination();
    // Whichever comes first: a signal, or the terminal going away without
    // one. Watched from the start, before the screen is taken.
    let hung_up = terminal::gone();
    let termination = async move {
        tokio::select! {
            () = signalled => {}
            () = hung_up => {}
        }
    };
    let (guard, mut terminal) = match terminal::Guard::enter() {
        Ok(t) => t,
        Err(e) => {
            crate::cli::error(lang, i18n::text(lang, "cli-no-terminal", &[("error", e.to_string().into())]));
            return Exit::Usage;
        }
    };
    let bench_start = std::env::var_os("EPAY_STATUS_BENCH_FIRST_FRAME").map(|_| Instant::now());
    let size = terminal.size().map(|s| (s.width, s.height)).unwrap_or((80, 24));
    let mut app = App::new(context, size, clock.tz);
    app.watches.every = chrono::Duration::from_std(settings.watch_every).unwrap_or(app.watches.every);
    if let Some(notice) = store_notice {
        app.notice = Some(Notice::problem(notice));
    }
    let mut runner = Runner::new(app, workers);
    let result = match bench_start {
        Some(start) => bench::frames(&mut runner, &mut terminal, start).await.map(Some),
        None => runner.run(&mut terminal, terminal::events().take_until(Box::pin(termination))).await.map(|()| None),
    };
    drop(guard);
    match result {
        Ok(bench) => {
            if let Some(report) = bench {
                eprintln!("{report}");
            }
            Exit::Ok
        }
        // A frame that failed because the terminal hung up ends the
        // dashboard as the hang-up would have: there is nobody to tell.
        Err(e) if terminal::is_gone() => {
            tracing::warn!("the terminal went away ({e}): ending the dashboard");
            Exit::Ok
        }
        Err(e) => {
            crate::cli::error(lang, i18n::text(lang, "cli-terminal-failed", &[("error", e.to_string().into())]));
            Exit::Local
        }
    }
}

/// Straight to the terminal, between frames (the clipboard, the bell).
fn write_now(bytes: &[u8]) {
    use std::io::Write;
    terminal::while_active(|| {
        let mut out = std::io::stdout();
        let _ = out.write_all(bytes).and_then(|()| out.flush());
    });
}
