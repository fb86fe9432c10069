//! Runs the dashboard's commands the way the event loop does (real sandbox
//! lookups, a real SQLite file, real exports) but without a terminal, so
//! state and render tests see what an operator would.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use epay_status::epay::EpayClient;
use epay_status::sandbox::Sandbox;
use epay_status::store::Store;
use epay_status::tui::app::{App, Command, Context, Msg, TokenView};
use epay_status::tui::work::{self, Recording};

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 5, 30, 0).unwrap()
}

pub fn context() -> Context {
    Context {
        profile: "sandbox".into(),
        production: false,
        api_host: "127.0.0.1:8080".into(),
        config_path: "/home/op/.config/epay-status/config.toml".into(),
        log_path: "/home/op/.local/share/epay-status/epay-status.log".into(),
    }
}

pub fn app(size: (u16, u16)) -> App {
    let mut a = App::new(context(), size, FixedOffset::east_opt(5 * 3600).unwrap());
    a.update(Msg::Token(TokenView::Valid { until: now() + chrono::Duration::hours(2) }), now());
    a
}

pub struct Harness {
    pub app: App,
    pub store: Store,
    pub dir: tempfile::TempDir,
    pub client: EpayClient,
    pub sandbox: Sandbox,
    /// What Copy commands put on the clipboard, and how often the bell rang.
    pub copied: Vec<String>,
    pub bells: usize,
}

impl Harness {
    pub async fn new(size: (u16, u16)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("history.sqlite3")).store;
        Self::with_store(size, store, dir).await
    }

    pub async fn with_store(size: (u16, u16), store: Store, dir: tempfile::TempDir) -> Self {
        let sandbox = super::sandbox().await;
        let client = super::test_client(&sandbox);
        let mut h = Self { app: app(size), store, dir, client, sandbox, copied: Vec::new(), bells: 0 };
        let init = h.app.init();
        h.run(init).await;
        h
    }

    /// Carries out commands, and the commands their answers lead to.
    pub async fn run(&mut self, mut commands: Vec<Command>) {
        while let Some(command) = commands.pop() {
            let msg = match command {
                Command::LoadHistory => {
                    let mut msgs = Vec::new();
                    work::load_history(&self.store, &mut |m| msgs.push(m));
                    for m in msgs {
                        commands.extend(self.app.update(m, now()));
                    }
                    continue;
                }
                Command::Lookup { id, invoice, lookup_type } => {
                    let result = self.client.lookup(lookup_type, &invoice).await;
                    let who = Recording { profile: "sandbox".into(), api_host: "127.0.0.1:8080".into() };
                    work::record(&self.store, &who, id, &invoice, lookup_type, now(), result)
                }
                Command::LoadDetail { entry_id, store_id } => work::load_detail(&self.store, entry_id, store_id, now()),
                Command::Search(filter) => work::search(&self.store, filter),
                Command::ExportOne { store_id, invoice } => {
                    work::export_one(&self.store, &self.dir.path().join("exports"), store_id, &invoice)
                }
                Command::ExportList(filter) => {
                    work::export_list(&self.store, &self.dir.path().join("exports"), &filter)
                }
                Command::Report { store_id } => {
                    let tz = FixedOffset::east_opt(5 * 3600).unwrap();
                    work::report(&self.store, &self.dir.path().join("reports"), store_id, now(), &tz)
                }
                Command::Copy(text) => {
                    self.copied.push(text);
                    continue;
                }
                Command::Bell => {
                    self.bells += 1;
                    continue;
                }
            };
            commands.extend(self.app.update(msg, now()));
        }
    }

    pub async fn key(&mut self, code: KeyCode) {
        let cmds = self.app.update(Msg::Terminal(Event::Key(KeyEvent::new(code, KeyModifiers::NONE))), now());
        self.run(cmds).await;
    }

    pub async fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c)).await;
        }
    }

    /// Types the IDs and presses Enter; the answers arrive before it returns.
    pub async fn submit(&mut self, text: &str) {
        self.type_text(text).await;
        self.key(KeyCode::Enter).await;
    }
}
