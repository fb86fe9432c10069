//! The shipped event loop on a `TestBackend`: keys go in as terminal events,
//! lookups go over real HTTP to the embedded sandbox of a real session, and
//! answers are recorded in a real SQLite file. Each step runs the loop until
//! the work it started is answered; time starts at [`now`] and runs with
//! tokio's clock (paused in tests that say so).

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use epay_status::checker::Checker;
use epay_status::config::{Overrides, Settings};
use epay_status::sandbox::Sandbox;
use epay_status::session::Session;
use epay_status::store::Store;
use epay_status::tui::app::{App, Command, Context, Msg, TokenView};
use epay_status::tui::runner::{Clock, Runner, Workers};
use futures_util::StreamExt;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 5, 30, 0).unwrap()
}

/// Almaty: UTC+5 now, UTC+6 before 1 March 2024 (ePay's sandbox answers
/// are from 2022 and 2023).
pub fn tz() -> epay_status::zone::Zone {
    epay_status::zone::Zone::named("Asia/Almaty").unwrap()
}

pub fn context() -> Context {
    Context {
        who: Checker {
            profile: "sandbox".into(),
            api_host: "127.0.0.1:8080".into(),
            operator: "aigerim".into(),
            machine: "desk-3".into(),
        },
        production: false,
        colour: true,
        config_path: "/home/op/.config/epay-status/config.toml".into(),
        log_path: "/home/op/.local/share/epay-status/epay-status.log".into(),
        history: "/home/op/.local/share/epay-status/history.sqlite3".into(),
        spool: None,
        case_deadline_days: Some(7),
        language: epay_status::i18n::Language::En,
        statement_missing: None,
    }
}

/// A bare state, for tests of `update` alone.
pub fn app(size: (u16, u16)) -> App {
    let mut a = App::new(context(), size, tz());
    a.update(Msg::Token(TokenView::Valid { until: now() + chrono::Duration::hours(2) }), now());
    a
}

/// Carries out the history reads among `commands` against `store`, as the
/// loop's worker does, and hands what they found to the state; returns the
/// commands that came back (reads among them are carried out too). For
/// SQLite stores, whose reads answer at once.
pub fn read_from(app: &mut App, store: &Store, commands: Vec<Command>) -> Vec<Command> {
    let mut rest = Vec::new();
    let mut queue = commands;
    while !queue.is_empty() {
        for command in std::mem::take(&mut queue) {
            match command {
                Command::ReadWindow(read) => {
                    queue.extend(app.update(at_once(epay_status::tui::work::read_window(store, read)), now()))
                }
                other => rest.push(other),
            }
        }
    }
    rest
}

/// An in-memory history holding a charged payment for each invoice, the
/// first one oldest.
pub fn history_of(invoices: &[&str]) -> Store {
    let store = Store::open_in_memory();
    let who = context().who;
    for (i, id) in invoices.iter().enumerate() {
        let invoice = epay_status::epay::InvoiceId::parse(id).unwrap();
        let raw = serde_json::json!({"resultCode": "100", "resultMessage": "SUCCESS",
            "transaction": {"invoiceID": id, "statusName": "CHARGE", "amount": 100, "currency": "KZT"}});
        let answer = epay_status::epay::Answer::decode(invoice, epay_status::epay::Kind::Payment, 200, raw).unwrap();
        let at = now() - chrono::Duration::minutes((invoices.len() - i) as i64);
        let new = epay_status::store::NewLookup {
            checked_at: at,
            who: &who,
            invoice: &invoice,
            requested: epay_status::epay::LookupType::Payment,
            result: &Ok(answer),
        };
        at_once(store.record(&new)).unwrap();
    }
    store
}

/// What a SQLite store's call returns: it never waits.
pub fn at_once<T>(work: impl std::future::Future<Output = T>) -> T {
    futures_util::FutureExt::now_or_never(work).expect("a SQLite store answers at once")
}

/// A lookup the store recorded with this id, no status change.
pub fn stored(store_id: i64) -> Result<epay_status::store::Recorded, epay_status::store::StoreError> {
    Ok(epay_status::store::Recorded { store_id, changed_from: None })
}

/// Settings from this config file text and sandbox faults, with the data
/// under `dir`; ("", "") is a fresh install.
pub fn settings(dir: &std::path::Path, config_text: &str, faults: &str) -> Settings {
    let config = dir.join("config.toml");
    std::fs::write(&config, config_text).unwrap();
    let flags = Overrides { config: Some(config), data_dir: Some(dir.to_path_buf()), ..Overrides::default() };
    let env = |k: &str| (k == "EPAY_SANDBOX_FAULTS").then(|| faults.to_owned());
    epay_status::config::resolve(&flags, &env).expect("the test settings resolve")
}

pub struct Harness {
    pub runner: Runner,
    pub terminal: Terminal<TestBackend>,
    pub dir: tempfile::TempDir,
    pub session: Session,
    /// What went to the terminal beside the frames (OSC 52 copies, bells).
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Deref for Harness {
    type Target = Runner;
    fn deref(&self) -> &Runner {
        &self.runner
    }
}

impl DerefMut for Harness {
    fn deref_mut(&mut self) -> &mut Runner {
        &mut self.runner
    }
}

impl Harness {
    pub async fn new(size: (u16, u16)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("history.sqlite3")).store;
        Self::with_store(size, store, dir).await
    }

    pub async fn with_store(size: (u16, u16), store: Store, dir: tempfile::TempDir) -> Self {
        let settings = settings(dir.path(), "", "");
        Self::with_settings(size, store, dir, settings).await
    }

    /// A dashboard with its own config file text and sandbox faults.
    pub async fn configured(size: (u16, u16), config_text: &str, faults: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("history.sqlite3")).store;
        let settings = settings(dir.path(), config_text, faults);
        Self::with_settings(size, store, dir, settings).await
    }

    async fn with_settings(size: (u16, u16), store: Store, dir: tempfile::TempDir, settings: Settings) -> Self {
        let clock = Clock::starting_at(now(), tz());
        let mut session = Session::open(&settings, settings.timeout).await.expect("the embedded sandbox starts");
        // Screens show who checked: the same operator on every machine.
        (session.checker.operator, session.checker.machine) = ("aigerim".into(), "desk-3".into());
        // The token first, so every screen shows the same token line.
        session.client.tokens().get().await.expect("the sandbox grants a token");
        let raw = Arc::new(Mutex::new(Vec::new()));
        let sink = raw.clone();
        let output = Box::new(move |bytes: &[u8]| sink.lock().unwrap().extend_from_slice(bytes));
        let workers = Workers::new(&session, store, &settings, clock, output);
        let context = Context { language: settings.language.language, ..context() };
        let runner = Runner::new(App::new(context, size, tz()), workers);
        let terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
        let mut h = Self { runner, terminal, dir, session, raw };
        h.settle().await;
        h
    }

    pub fn sandbox(&self) -> &Sandbox {
        self.session.sandbox().expect("the default profile embeds the sandbox")
    }

    /// Runs the loop over these events, then until their work is answered.
    pub async fn events(&mut self, events: Vec<Event>) {
        let idle = futures_util::stream::once(self.runner.until_idle()).filter_map(|()| async { None });
        let stream = futures_util::stream::iter(events.into_iter().map(Ok)).chain(idle);
        self.runner.run(&mut self.terminal, Box::pin(stream)).await.expect("the loop runs");
    }

    /// Lets the loop run until nothing is in flight.
    pub async fn settle(&mut self) {
        self.events(Vec::new()).await;
    }

    /// Lets time pass (tokio's clock: paused in the test, it jumps), with the
    /// loop running timers and answers meanwhile.
    pub async fn wait(&mut self, how_long: Duration) {
        let pause = futures_util::stream::once(tokio::time::sleep(how_long)).filter_map(|()| async { None });
        self.runner.run(&mut self.terminal, Box::pin(pause)).await.expect("the loop runs");
        self.settle().await;
    }

    /// Hands a message to the loop's own handler, then settles.
    pub async fn send(&mut self, msg: Msg) {
        self.runner.handle(msg);
        self.settle().await;
    }

    pub async fn key(&mut self, code: KeyCode) {
        self.press(KeyEvent::new(code, KeyModifiers::NONE)).await;
    }

    pub async fn press(&mut self, key: KeyEvent) {
        self.events(vec![Event::Key(key)]).await;
    }

    pub async fn type_text(&mut self, text: &str) {
        let keys = text.chars().map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
        self.events(keys.collect()).await;
    }

    /// Types the IDs and presses Enter; the answers arrive before it returns.
    pub async fn submit(&mut self, text: &str) {
        let mut keys: Vec<Event> =
            text.chars().map(|c| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))).collect();
        keys.push(Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        self.events(keys).await;
    }

    /// The screen as the loop last drew it.
    pub fn screen(&self) -> String {
        self.terminal.backend().to_string()
    }

    /// Texts put on the clipboard, oldest first, decoded from their OSC 52.
    pub fn copied(&self) -> Vec<String> {
        let raw = String::from_utf8(self.raw.lock().unwrap().clone()).unwrap();
        raw.split("\u{1b}]52;c;")
            .skip(1)
            .map(|rest| {
                let b64 = rest.split("\u{1b}\\").next().unwrap();
                String::from_utf8(data_encoding::BASE64.decode(b64.as_bytes()).unwrap()).unwrap()
            })
            .collect()
    }

    /// Bells rung.
    pub fn bells(&self) -> usize {
        self.raw.lock().unwrap().iter().filter(|&&b| b == 0x07).count()
    }
}
