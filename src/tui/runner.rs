//! The event loop and the workers it hands commands to. The loop is generic
//! over the ratatui backend and the stream of terminal events, so the tests
//! drive this very code on a `TestBackend` with scripted keys, and the
//! shipped binary drives it on the real terminal.

use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::Event;
use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::{mpsc, watch};

use super::app::{App, Command, Msg, TokenView};
use super::work;
use super::{clipboard, ui};
use crate::checker::Checker;
use crate::config::Settings;
use crate::epay::{EpayClient, StatementClient, TokenState};
use crate::session::Session;
use crate::store::{Health, Store, TeamEvent};

const SPINNER_INTERVAL: Duration = Duration::from_millis(100);

/// Wall-clock time for the dashboard. The shipped program reads the system
/// clock; tests start it at a fixed moment and let it run with tokio's
/// clock (paused or not), so screens with times in them are reproducible.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    start: Option<(DateTime<Utc>, tokio::time::Instant)>,
    /// The operator's offset, for times in reports.
    pub tz: crate::zone::Zone,
}

impl Clock {
    pub fn system() -> Self {
        Self { start: None, tz: crate::zone::Zone::operators() }
    }

    pub fn starting_at(at: DateTime<Utc>, tz: crate::zone::Zone) -> Self {
        Self { start: Some((at, tokio::time::Instant::now())), tz }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self.start {
            None => Utc::now(),
            Some((at, since)) => {
                let elapsed = chrono::Duration::from_std(since.elapsed()).unwrap_or_default();
                at.checked_add_signed(elapsed).unwrap_or(at)
            }
        }
    }
}

/// Where the bytes that bypass the frame go (OSC 52 copies, the bell).
pub type RawOutput = Box<dyn Fn(&[u8]) + Send + Sync>;

/// Counts work in flight. Each task holds one, and its last message carries
/// it to the loop, so "nothing in flight" means every answer was handled.
struct InFlight(Arc<watch::Sender<usize>>);

impl InFlight {
    fn new() -> Self {
        Self(Arc::new(watch::Sender::new(0)))
    }
}

impl Clone for InFlight {
    fn clone(&self) -> Self {
        self.0.send_modify(|n| *n += 1);
        Self(self.0.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.send_modify(|n| *n = n.saturating_sub(1));
    }
}

struct Done {
    msg: Msg,
    _work: InFlight,
}

/// What commands need: the API client, the history, where files go.
pub struct Workers {
    client: EpayClient,
    /// The statement search (`None`: the profile has no cabinet login, and
    /// the app never asks).
    statement: Option<StatementClient>,
    store: Arc<Store>,
    who: Checker,
    exports: PathBuf,
    reports: PathBuf,
    /// The deadline proposed for a new case, in days.
    case_deadline_days: Option<u32>,
    /// The language of the notices the work sends back.
    lang: crate::i18n::Language,
    clock: Clock,
    raw_output: RawOutput,
    /// Bounds the lookups in flight, so a pasted batch of thousands is polite.
    slots: Arc<tokio::sync::Semaphore>,
    in_flight: InFlight,
    /// The team history's watcher (`None` for the embedded history).
    watch: Option<crate::store::TeamWatch>,
}

impl Workers {
    pub fn new(session: &Session, store: Store, settings: &Settings, clock: Clock, raw_output: RawOutput) -> Self {
        Self {
            client: session.client.clone(),
            statement: session.statement.as_ref().ok().cloned(),
            store: Arc::new(store),
            who: session.checker.clone(),
            exports: settings.data_dir.join("exports"),
            reports: settings.data_dir.join("reports"),
            case_deadline_days: settings.case_deadline_days,
            lang: settings.language.language,
            clock,
            raw_output,
            slots: Arc::new(tokio::sync::Semaphore::new(settings.concurrency.max(1))),
            in_flight: InFlight::new(),
            watch: None,
        }
    }

    /// The history, for tests that look behind the screen.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Runs store work as a task of its own and sends back its message.
    /// Rows of the history it could not read are told of in a notice.
    fn store_task<F>(&self, tx: &mpsc::UnboundedSender<Done>, work: impl FnOnce(Arc<Store>) -> F)
    where
        F: std::future::Future<Output = Msg> + Send + 'static,
    {
        let (store, lang) = (self.store.clone(), self.lang);
        let (tx, held) = (tx.clone(), self.in_flight.clone());
        let work = work(store.clone());
        tokio::spawn(async move {
            let msg = work.await;
            if let Some(notice) = work::skipped_notice(&store, lang) {
                let _ = tx.send(Done { msg: Msg::Notice(notice), _work: held.clone() });
            }
            let _ = tx.send(Done { msg, _work: held });
        });
    }

    /// Runs blocking work off the UI task and sends back its message.
    fn off_ui(&self, tx: &mpsc::UnboundedSender<Done>, work: impl FnOnce() -> Msg + Send + 'static) {
        let (tx, held) = (tx.clone(), self.in_flight.clone());
        tokio::task::spawn_blocking(move || {
            let msg = work();
            let _ = tx.send(Done { msg, _work: held });
        });
    }

    fn execute(&self, command: Command, tx: &mpsc::UnboundedSender<Done>) {
        let (now, lang) = (self.clock.now(), self.lang);
        match command {
            Command::ReadWindow(read) => self.store_task(tx, |s| async move { work::read_window(&s, read).await }),
            Command::Lookup { id, invoice, lookup_type } => {
                let (client, store, who, tx) = (self.client.clone(), self.store.clone(), self.who.clone(), tx.clone());
                let (slots, held) = (self.slots.clone(), self.in_flight.clone());
                tokio::spawn(async move {
                    let _slot = slots.acquire_owned().await;
                    let progress = tx.clone();
                    let observe = |retrying| {
                        let _ = progress.send(Done { msg: Msg::Retrying { id, retrying }, _work: held.clone() });
                    };
                    let result = client.lookup_observed(lookup_type, &invoice, &observe).await;
                    let msg = work::record(&store, &who, id, &invoice, lookup_type, now, result).await;
                    let health = store.health();
                    if health != Health::Embedded {
                        let _ = tx.send(Done { msg: Msg::History(health), _work: held.clone() });
                    }
                    let _ = tx.send(Done { msg, _work: held });
                });
            }
            Command::LoadDetail { entry_id, store_id } => {
                self.store_task(tx, |s| async move { work::load_detail(&s, entry_id, store_id, now, lang).await });
            }
            Command::ExportOne { store_id, invoice } => {
                let dir = self.exports.clone();
                self.store_task(tx, |s| async move { work::export_one(&s, &dir, store_id, &invoice, now, lang).await });
            }
            Command::ExportList(filter) => {
                let dir = self.exports.clone();
                // The whole history may take minutes: it is read on a
                // connection of its own (SQLite's reader, a pooled one),
                // so the list and recording go on, and written on a thread
                // that may block.
                let store = self.store.clone();
                self.off_ui(tx, move || match store.reader() {
                    Ok(Some(reader)) => work::export_list(&reader, &dir, &filter, now, lang),
                    _ => work::export_list(&store, &dir, &filter, now, lang),
                });
            }
            Command::Report { store_id } => {
                let (dir, tz, who) = (self.reports.clone(), self.clock.tz, self.who.clone());
                self.store_task(tx, |s| async move { work::report(&s, &dir, store_id, now, &who, &tz, lang).await });
            }
            Command::Copy(text) => (self.raw_output)(clipboard::osc52(&text).as_bytes()),
            Command::Bell => (self.raw_output)(b"\x07"),
            Command::ReadCases => self.store_task(tx, |s| async move { work::read_cases(&s).await }),
            Command::LoadCase(invoice) => self.store_task(tx, |s| async move { work::load_case(&s, invoice).await }),
            Command::ChangeCase { invoice, changes, today } => {
                let who = self.who.clone();
                let opening = crate::case::Opening::new(&who.operator, self.case_deadline_days, today);
                self.store_task(
                    tx,
                    |s| async move { work::change_case(&s, &who, invoice, &changes, &opening, now).await },
                );
            }
            Command::Reconnect => {
                if let Some(watch) = &self.watch {
                    watch.try_now();
                }
                self.store_task(tx, send_spool);
            }
            Command::SendSpool => self.store_task(tx, send_spool),
            Command::Intake(path) => {
                let (tx, held) = (tx.clone(), self.in_flight.clone());
                let parts = self.intake_parts();
                tokio::spawn(async move {
                    let intake = parts.intake(lang);
                    let progress = |done, total| {
                        let msg = Msg::IntakeProgress { done, total };
                        let _ = tx.send(Done { msg, _work: held.clone() });
                    };
                    let result = intake.run(&path, &progress).await.map_err(|e| e.describe(lang));
                    let _ = tx.send(Done { msg: Msg::IntakeDone(result), _work: held.clone() });
                });
            }
            Command::ResolveIntake { row, invoice } => {
                let (tx, held) = (tx.clone(), self.in_flight.clone());
                let parts = self.intake_parts();
                tokio::spawn(async move {
                    let outcome = parts.intake(lang).resolve(&row, invoice).await;
                    let msg = Msg::IntakeResolved { line: row.line, invoice, outcome };
                    let _ = tx.send(Done { msg, _work: held });
                });
            }
            Command::Find { generation, search } => {
                let Some(statement) = self.statement.clone() else { return };
                let (tx, held) = (tx.clone(), self.in_flight.clone());
                tokio::spawn(async move {
                    let result = statement.search(&search, &|_| {}).await;
                    let _ = tx.send(Done { msg: Msg::Found { generation, result }, _work: held });
                });
            }
        }
    }
}

/// What an intake task owns, to lend its [`crate::intake::Intake`].
struct IntakeParts {
    store: Arc<Store>,
    client: EpayClient,
    statement: Option<StatementClient>,
    who: Checker,
    case_deadline_days: Option<u32>,
}

impl IntakeParts {
    fn intake(&self, lang: crate::i18n::Language) -> crate::intake::Intake<'_> {
        crate::intake::Intake {
            store: &self.store,
            client: &self.client,
            statement: self.statement.as_ref(),
            who: &self.who,
            case_deadline_days: self.case_deadline_days,
            dry_run: false,
            lang,
        }
    }
}

impl Workers {
    fn intake_parts(&self) -> IntakeParts {
        IntakeParts {
            store: self.store.clone(),
            client: self.client.clone(),
            statement: self.statement.clone(),
            who: self.who.clone(),
            case_deadline_days: self.case_deadline_days,
        }
    }
}

/// The dashboard's state with the loop that feeds it. It outlives one call
/// of [`Runner::run`], so work started in one call is answered in the next.
pub struct Runner {
    pub app: App,
    pub workers: Workers,
    tx: mpsc::UnboundedSender<Done>,
    rx: mpsc::UnboundedReceiver<Done>,
    tokens: watch::Receiver<TokenState>,
    renewer: tokio::task::JoinHandle<()>,
    /// The team history's news (nothing comes for the embedded one).
    team: mpsc::UnboundedReceiver<TeamEvent>,
}

impl Drop for Runner {
    fn drop(&mut self) {
        self.renewer.abort();
    }
}

impl Runner {
    /// Starts the token renewer and the history read.
    pub fn new(mut app: App, mut workers: Workers) -> Self {
        let (tx, rx) = mpsc::unbounded_channel();
        let mut tokens = workers.client.tokens().watch();
        let renewer = workers.client.tokens().spawn_renewer();
        app.update(Msg::Token(token_view(&tokens.borrow_and_update(), &workers.clock)), workers.clock.now());
        let (team_tx, team) = mpsc::unbounded_channel();
        // The watcher ends with the workers, or at its next event after the
        // loop is gone.
        workers.watch = workers.store().watch_team(move |event| team_tx.send(event).is_ok());
        app.update(Msg::History(workers.store().health()), workers.clock.now());
        let mut runner = Self { app, workers, tx, rx, tokens, renewer, team };
        let init = runner.app.init();
        runner.execute(init);
        runner
    }

    /// Resolves once nothing the dashboard started is running or waiting
    /// to be handled; for scripted event streams that should end only after
    /// the work they started is answered.
    pub fn until_idle(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut count = self.workers.in_flight.0.subscribe();
        async move {
            let _ = count.wait_for(|n| *n == 0).await;
        }
    }

    /// Hands one message to the state and its commands to the workers, as
    /// the loop does with every message.
    pub fn handle(&mut self, msg: Msg) {
        let notices_seen = self.app.notices_seen;
        let commands = self.app.update(msg, self.workers.clock.now());
        // Every notice goes to the log too, whole (help names the log).
        if self.app.notices_seen != notices_seen
            && let Some((_, notice)) = self.app.messages.back()
        {
            tracing::info!(problem = notice.is_problem(), "notice: {}", notice.text);
        }
        self.execute(commands);
    }

    fn execute(&self, commands: Vec<Command>) {
        for command in commands {
            self.workers.execute(command, &self.tx);
        }
    }

    /// Draws when something changed and handles terminal events, answers
    /// and timers until the operator quits or `events` ends.
    pub async fn run<B, E>(&mut self, terminal: &mut Terminal<B>, events: E) -> io::Result<()>
    where
        B: Backend,
        B::Error: std::error::Error + Send + Sync + 'static,
        E: Stream<Item = io::Result<Event>> + Unpin,
    {
        let mut events = events;
        let mut dirty = true;
        loop {
            if dirty {
                let app = &mut self.app;
                if let Some(Err(e)) = super::terminal::unless_given_back(|| terminal.draw(|frame| ui::draw(frame, app)))
                {
                    return Err(io::Error::other(e));
                }
            }
            let pending = self.app.pending() > 0;
            // Armed only while something is watched: an idle dashboard sleeps.
            let timer = self.app.next_timer().map(|due| {
                let wait = (due - self.workers.clock.now()).to_std().unwrap_or_default();
                tokio::time::Instant::now() + wait
            });
            let msg = tokio::select! {
                event = events.next() => match event {
                    Some(Ok(event)) => Msg::Terminal(event),
                    Some(Err(e)) => return Err(e),
                    None => return Ok(()),
                },
                Some(done) = self.rx.recv() => done.msg,
                Some(event) = self.team.recv() => Msg::Team(event),
                Ok(()) = self.tokens.changed() => {
                    Msg::Token(token_view(&self.tokens.borrow_and_update(), &self.workers.clock))
                }
                () = tokio::time::sleep(SPINNER_INTERVAL), if pending => Msg::Tick,
                () = sleep_until_or_forever(timer) => Msg::TimerDue,
            };
            dirty = !App::is_noise(&msg);
            self.handle(msg);
            if self.app.quit {
                return Ok(());
            }
        }
    }
}

/// Sends what waits in the spool, and says how the history stands.
async fn send_spool(store: Arc<Store>) -> Msg {
    let sent = store.flush_spool().await;
    Msg::SpoolSent { sent, health: store.health() }
}

async fn sleep_until_or_forever(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// The token's deadline as wall-clock time, for display.
fn token_view(state: &TokenState, clock: &Clock) -> TokenView {
    match state {
        TokenState::None => TokenView::None,
        TokenState::Renewing => TokenView::Renewing,
        TokenState::Valid { expires_at } => {
            let left = expires_at.saturating_duration_since(tokio::time::Instant::now());
            // Lifetimes are clamped to a day when the token arrives; the sum is
            // checked all the same, since a panic here would take the screen.
            let until = chrono::Duration::from_std(left)
                .ok()
                .and_then(|d| clock.now().checked_add_signed(d))
                .unwrap_or(DateTime::<Utc>::MAX_UTC);
            TokenView::Valid { until }
        }
        TokenState::Failed(why) => TokenView::Failed(why.clone()),
    }
}
