//! The dashboard: one task owns the state; terminal events, finished
//! lookups and token news arrive as messages; the screen is redrawn only
//! when something changed, and a spinner ticks only while work is pending.

pub mod app;
pub mod keymap;
mod terminal;
pub mod ui;

use std::pin::pin;
use std::time::Duration;

use chrono::{Local, Utc};
use crossterm::event::EventStream;
use futures_util::StreamExt;
use tokio::sync::mpsc;

use crate::cli::Exit;
use crate::config::Settings;
use crate::epay::{EpayClient, TokenState};
use crate::session::Session;
use app::{App, Command, Context, Msg, TokenView};

const SPINNER_INTERVAL: Duration = Duration::from_millis(100);

pub async fn run(settings: Settings) -> Exit {
    // Everything that can fail plainly fails before the screen is taken.
    let session = match Session::open(&settings, settings.timeout).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Usage;
        }
    };
    let context = Context {
        profile: settings.profile.clone(),
        production: settings.is_production(),
        api_host: session.api_host.clone(),
        config_path: settings.config_path.display().to_string(),
        log_path: settings.log_path().display().to_string(),
    };
    let (_guard, mut terminal) = match terminal::Guard::enter() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot use this terminal: {e}");
            return Exit::Usage;
        }
    };
    let size = terminal.size().map(|s| (s.width, s.height)).unwrap_or((80, 24));
    let tz = *Local::now().offset();
    let app = App::new(context, size, tz);
    match event_loop(&mut terminal, app, &session.client).await {
        Ok(()) => Exit::Ok,
        Err(e) => {
            terminal::restore();
            eprintln!("error: the terminal failed: {e}");
            Exit::NoAnswer
        }
    }
}

async fn event_loop(terminal: &mut terminal::Term, mut app: App, client: &EpayClient) -> std::io::Result<()> {
    let mut events = EventStream::new();
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<Msg>();
    let mut token_rx = client.tokens().watch();
    let renewer = client.tokens().spawn_renewer();
    let mut termination = pin!(crate::signals::wait_for_termination());
    let mut dirty = true;
    let result = loop {
        if dirty && let Err(e) = terminal.draw(|frame| ui::draw(frame, &mut app)) {
            break Err(e);
        }
        let pending = app.pending() > 0;
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => Msg::Terminal(event),
                Some(Err(e)) => break Err(e),
                None => break Ok(()),
            },
            Some(msg) = done_rx.recv() => msg,
            Ok(()) = token_rx.changed() => Msg::Token(token_view(&token_rx.borrow_and_update())),
            () = tokio::time::sleep(SPINNER_INTERVAL), if pending => Msg::Tick,
            () = &mut termination => break Ok(()),
        };
        dirty = !App::is_noise(&msg);
        for command in app.update(msg, Utc::now()) {
            match command {
                Command::Lookup { id, invoice, lookup_type } => {
                    let (client, tx) = (client.clone(), done_tx.clone());
                    tokio::spawn(async move {
                        let result = client.lookup(lookup_type, &invoice).await.map(Box::new);
                        let _ = tx.send(Msg::LookupDone { id, result });
                    });
                }
            }
        }
        if app.quit {
            break Ok(());
        }
    };
    renewer.abort();
    result
}

/// The token's deadline as wall-clock time, for display.
fn token_view(state: &TokenState) -> TokenView {
    match state {
        TokenState::None => TokenView::None,
        TokenState::Renewing => TokenView::Renewing,
        TokenState::Valid { expires_at } => {
            let left = expires_at.saturating_duration_since(tokio::time::Instant::now());
            TokenView::Valid { until: Utc::now() + chrono::Duration::from_std(left).unwrap_or_default() }
        }
        TokenState::Failed(why) => TokenView::Failed(why.clone()),
    }
}
