//! The dashboard: one task owns the state; terminal events, finished
//! lookups and token news arrive as messages; the screen is redrawn only
//! when something changed, and a spinner ticks only while work is pending.

pub mod app;
pub mod clipboard;
pub mod keymap;
pub mod model;
pub mod terminal;
pub mod ui;
pub mod work;

use std::path::PathBuf;
use std::pin::pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{Local, Utc};
use crossterm::event::EventStream;
use futures_util::StreamExt;
use tokio::sync::mpsc;

use crate::cli::Exit;
use crate::config::Settings;
use crate::epay::{EpayClient, TokenState};
use crate::session::Session;
use crate::store::Store;
use app::{App, Command, Context, Msg, TokenView};
use work::Recording;

const SPINNER_INTERVAL: Duration = Duration::from_millis(100);

pub async fn run(settings: Settings) -> Exit {
    let bench_start = std::env::var_os("EPAY_STATUS_BENCH_FIRST_FRAME").map(|_| std::time::Instant::now());
    // Everything that can fail plainly fails before the screen is taken.
    let session = match Session::open(&settings, settings.timeout).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Usage;
        }
    };
    let (store, store_notice) = crate::session::open_history(&settings);
    let context = Context {
        profile: settings.profile.clone(),
        production: settings.is_production(),
        api_host: session.api_host.clone(),
        config_path: settings.config_path.display().to_string(),
        log_path: settings.log_path().display().to_string(),
    };
    let workers = Workers {
        client: session.client.clone(),
        store: Arc::new(Mutex::new(store)),
        who: Recording { profile: settings.profile.clone(), api_host: session.api_host.clone() },
        exports: settings.data_dir.join("exports"),
        reports: settings.data_dir.join("reports"),
        tz: *Local::now().offset(),
        slots: Arc::new(tokio::sync::Semaphore::new(settings.concurrency.max(1))),
        page_taken: Mutex::new(None),
    };
    let (_guard, mut terminal) = match terminal::Guard::enter() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot use this terminal: {e}");
            return Exit::Usage;
        }
    };
    let size = terminal.size().map(|s| (s.width, s.height)).unwrap_or((80, 24));
    let mut app = App::new(context, size, workers.tz);
    app.watch_every = chrono::Duration::from_std(settings.watch_every).unwrap_or(app.watch_every);
    if let Some(notice) = store_notice {
        app.notice = Some((true, notice));
    }
    let result = event_loop(&mut terminal, app, &workers, bench_start).await;
    drop(_guard);
    match result {
        Ok(bench) => {
            if let Some(FirstFrames { first, history, rows }) = bench {
                eprintln!(
                    "first frame {:.1} ms; first frame with history ({rows} rows) {:.1} ms",
                    first.as_secs_f64() * 1e3,
                    history.as_secs_f64() * 1e3
                );
            }
            Exit::Ok
        }
        Err(e) => {
            terminal::restore();
            eprintln!("error: the terminal failed: {e}");
            Exit::NoAnswer
        }
    }
}

/// What commands need: the API client, the history, where exports go.
struct Workers {
    client: EpayClient,
    store: Arc<Mutex<Store>>,
    who: Recording,
    exports: PathBuf,
    reports: PathBuf,
    tz: chrono::FixedOffset,
    /// Bounds the lookups in flight, so a pasted batch of thousands is polite.
    slots: Arc<tokio::sync::Semaphore>,
    /// Tells the history reader the UI took its last page: at most one page
    /// waits in the queue, so a long history is never in memory twice.
    page_taken: Mutex<Option<std::sync::mpsc::SyncSender<()>>>,
}

impl Workers {
    /// Runs blocking store work off the UI task and sends back its message.
    fn blocking(&self, tx: &mpsc::UnboundedSender<Msg>, work: impl FnOnce(&Store) -> Msg + Send + 'static) {
        let (store, tx) = (self.store.clone(), tx.clone());
        tokio::task::spawn_blocking(move || {
            let msg = work(&store.lock().unwrap_or_else(PoisonError::into_inner));
            let _ = tx.send(msg);
        });
    }

    fn execute(&self, command: Command, tx: &mpsc::UnboundedSender<Msg>) {
        match command {
            Command::LoadHistory => {
                let (store, tx) = (self.store.clone(), tx.clone());
                let (taken_tx, taken_rx) = std::sync::mpsc::sync_channel::<()>(1);
                *self.page_taken.lock().unwrap_or_else(PoisonError::into_inner) = Some(taken_tx);
                tokio::task::spawn_blocking(move || {
                    let store = store.lock().unwrap_or_else(PoisonError::into_inner);
                    work::load_history(&store, &mut |msg| {
                        let page = matches!(msg, Msg::HistoryPage { .. });
                        // Wait for the UI to take a page before reading the next.
                        if tx.send(msg).is_ok() && page {
                            let _ = taken_rx.recv();
                        }
                    });
                });
            }
            Command::Lookup { id, invoice, lookup_type } => {
                let (client, store, who, tx) = (self.client.clone(), self.store.clone(), self.who.clone(), tx.clone());
                let started = Utc::now();
                let slots = self.slots.clone();
                tokio::spawn(async move {
                    let _slot = slots.acquire_owned().await;
                    let progress = tx.clone();
                    let observe = move |retrying| {
                        let _ = progress.send(Msg::Retrying { id, retrying });
                    };
                    let result = client.lookup_observed(lookup_type, &invoice, &observe).await;
                    let recorded = tokio::task::spawn_blocking(move || {
                        let store = store.lock().unwrap_or_else(PoisonError::into_inner);
                        work::record(&store, &who, id, &invoice, lookup_type, started, result)
                    });
                    if let Ok(msg) = recorded.await {
                        let _ = tx.send(msg);
                    }
                });
            }
            Command::LoadDetail { entry_id, store_id } => {
                self.blocking(tx, move |s| work::load_detail(s, entry_id, store_id, Utc::now()));
            }
            Command::Search(filter) => self.blocking(tx, move |s| work::search(s, filter)),
            Command::ExportOne { store_id, invoice } => {
                let dir = self.exports.clone();
                self.blocking(tx, move |s| work::export_one(s, &dir, store_id, &invoice));
            }
            Command::Report { store_id } => {
                let (dir, tz) = (self.reports.clone(), self.tz);
                self.blocking(tx, move |s| work::report(s, &dir, store_id, Utc::now(), &tz));
            }
            Command::Copy(text) => write_now(clipboard::osc52(&text).as_bytes()),
            Command::Bell => write_now(b"\x07"),
            Command::ExportList(filter) => {
                let dir = self.exports.clone();
                self.blocking(tx, move |s| work::export_list(s, &dir, &filter));
            }
        }
    }
}

async fn event_loop(
    terminal: &mut terminal::Term,
    mut app: App,
    workers: &Workers,
    bench_start: Option<std::time::Instant>,
) -> std::io::Result<Option<FirstFrames>> {
    let mut events = EventStream::new();
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<Msg>();
    let client = &workers.client;
    let mut token_rx = client.tokens().watch();
    let renewer = client.tokens().spawn_renewer();
    let mut termination = pin!(crate::signals::wait_for_termination());
    for command in app.init() {
        workers.execute(command, &done_tx);
    }
    let mut dirty = true;
    let mut first_frame = None;
    let result = loop {
        if dirty && let Some(Err(e)) = terminal::while_active(|| terminal.draw(|frame| ui::draw(frame, &mut app))) {
            break Err(e);
        }
        // For scripts/bench.sh: time to the first frame, and to the first
        // frame that shows the stored history; then leave.
        if let Some(start) = bench_start {
            let first = *first_frame.get_or_insert_with(|| start.elapsed());
            if !app.history_loading {
                break Ok(Some(FirstFrames { first, history: start.elapsed(), rows: app.history.len() }));
            }
        }
        let pending = app.pending() > 0;
        // Armed only while something is watched: an idle dashboard sleeps.
        let watch_due = app.next_watch_due().map(|due| {
            let wait = (due - Utc::now()).to_std().unwrap_or_default();
            tokio::time::Instant::now() + wait
        });
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => Msg::Terminal(event),
                Some(Err(e)) => break Err(e),
                None => break Ok(None),
            },
            Some(msg) = done_rx.recv() => msg,
            Ok(()) = token_rx.changed() => Msg::Token(token_view(&token_rx.borrow_and_update())),
            () = tokio::time::sleep(SPINNER_INTERVAL), if pending => Msg::Tick,
            () = sleep_until_or_forever(watch_due) => Msg::WatchDue,
            () = &mut termination => break Ok(None),
        };
        dirty = !App::is_noise(&msg);
        let page = matches!(msg, Msg::HistoryPage { .. });
        let was_loading = app.history_loading;
        for command in app.update(msg, Utc::now()) {
            workers.execute(command, &done_tx);
        }
        if page && let Some(taken) = workers.page_taken.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            let _ = taken.try_send(());
        }
        if was_loading && !app.history_loading {
            work::release_freed_memory();
        }
        if app.quit {
            break Ok(None);
        }
    };
    renewer.abort();
    result
}

/// What the first-frame benchmark measured, printed once the terminal is restored.
struct FirstFrames {
    first: Duration,
    history: Duration,
    rows: usize,
}

/// Straight to the terminal, between frames (the clipboard, the bell).
fn write_now(bytes: &[u8]) {
    use std::io::Write;
    terminal::while_active(|| {
        let mut out = std::io::stdout();
        let _ = out.write_all(bytes).and_then(|()| out.flush());
    });
}

async fn sleep_until_or_forever(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// The token's deadline as wall-clock time, for display.
fn token_view(state: &TokenState) -> TokenView {
    match state {
        TokenState::None => TokenView::None,
        TokenState::Renewing => TokenView::Renewing,
        TokenState::Valid { expires_at } => {
            let left = expires_at.saturating_duration_since(tokio::time::Instant::now());
            // Lifetimes are clamped to a day when the token arrives; the sum is
            // checked all the same, since a panic here would take the screen.
            let until = chrono::Duration::from_std(left)
                .ok()
                .and_then(|d| Utc::now().checked_add_signed(d))
                .unwrap_or(chrono::DateTime::<Utc>::MAX_UTC);
            TokenView::Valid { until }
        }
        TokenState::Failed(why) => TokenView::Failed(why.clone()),
    }
}
