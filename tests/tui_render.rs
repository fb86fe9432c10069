//! Whole-dashboard render snapshots on a TestBackend, at 80x24 and 160x48.
//! Answers come from the real sandbox; time and zone are fixed.

mod common;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use common::*;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use epay_status::epay::{Failure, Kind, LookupError, LookupType};
use epay_status::tui::app::{App, Command, Context, Msg, TokenView};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 5, 30, 0).unwrap()
}

fn app(size: (u16, u16)) -> App {
    let context = Context {
        profile: "sandbox".into(),
        production: false,
        api_host: "127.0.0.1:8080".into(),
        config_path: "/home/op/.config/epay-status/config.toml".into(),
        log_path: "/home/op/.local/share/epay-status/epay-status.log".into(),
    };
    let mut a = App::new(context, size, FixedOffset::east_opt(5 * 3600).unwrap());
    a.update(Msg::Token(TokenView::Valid { until: now() + chrono::Duration::hours(2) }), now());
    a
}

fn key(a: &mut App, code: KeyCode) -> Vec<Command> {
    a.update(Msg::Terminal(Event::Key(KeyEvent::new(code, KeyModifiers::NONE))), now())
}

fn submit(a: &mut App, text: &str) -> Vec<Command> {
    for c in text.chars() {
        key(a, KeyCode::Char(c));
    }
    key(a, KeyCode::Enter)
}

/// Types the IDs and delivers the sandbox's answers.
async fn looked_up(size: (u16, u16), ids: &[&str]) -> App {
    let sb = sandbox().await;
    let client = test_client(&sb);
    let mut a = app(size);
    for id in ids {
        for cmd in submit(&mut a, id) {
            let Command::Lookup { id, invoice, lookup_type } = cmd;
            let result = client.lookup(lookup_type, &invoice).await.map(Box::new);
            a.update(Msg::LookupDone { id, result }, now());
        }
    }
    a
}

fn render(a: &mut App) -> String {
    let (w, h) = a.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| epay_status::tui::ui::draw(f, a)).unwrap();
    terminal.backend().to_string()
}

fn snap(name: &str, a: &mut App) -> String {
    let screen = render(a);
    let (w, h) = a.size;
    insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    screen
}

#[test]
fn empty() {
    for size in SIZES {
        let screen = snap("empty", &mut app(size));
        assert!(screen.contains("205218074"), "the welcome suggests an invoice to try");
    }
}

#[test]
fn loading() {
    for size in SIZES {
        let mut a = app(size);
        submit(&mut a, "205218074");
        let screen = snap("loading", &mut a);
        assert!(screen.contains("1 in flight"));
    }
}

#[tokio::test]
async fn loaded() {
    for size in SIZES {
        let mut a = looked_up(size, &["205218074"]).await;
        let screen = snap("loaded", &mut a);
        for needle in ["REFUND", "400303...9821", "Казкоммерцбанк", "12.22 KZT", "22.22 KZT"] {
            assert!(screen.contains(needle), "{needle} missing at {size:?}");
        }
    }
}

#[tokio::test]
async fn loaded_large_shows_every_section_without_scrolling() {
    let mut a = looked_up((160, 48), &["205218074"]).await;
    let screen = render(&mut a);
    for needle in ["Kazakhstan", "55.7386, 37.6068", "no (F)", "231951411351", "deal_number"] {
        assert!(screen.contains(needle), "{needle} missing");
    }
    assert_eq!(a.details_max_scroll, 0);
}

#[tokio::test]
async fn small_terminal_scrolls_the_details() {
    let mut a = looked_up((80, 24), &["205218074"]).await;
    render(&mut a);
    assert!(a.details_max_scroll > 0);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    for _ in 0..200 {
        key(&mut a, KeyCode::Down);
    }
    let screen = render(&mut a);
    assert!(screen.contains("deal_number"), "the end of the details is reachable:\n{screen}");
}

#[test]
fn error() {
    for size in SIZES {
        let mut a = app(size);
        let Command::Lookup { id, .. } = submit(&mut a, "205218074").remove(0);
        let error = LookupError::Protocol {
            message: "HTTP 502 (text/html): the answer is not JSON".into(),
            body_head: "<html><body>Bad Gateway</body></html>".into(),
        };
        a.update(Msg::LookupDone { id, result: Err(Failure { kind: Kind::Payment, error }) }, now());
        let screen = snap("error", &mut a);
        assert!(screen.contains("NO ANSWER") && screen.contains("Bad Gateway"));
    }
}

#[tokio::test]
async fn non_success_answer() {
    let mut a = looked_up((80, 24), &["100000101"]).await;
    let screen = snap("reject", &mut a);
    assert!(screen.contains("rejected by ePay") && screen.contains("What to do"));
}

#[tokio::test]
async fn help() {
    for size in SIZES {
        let mut a = looked_up(size, &["205218074"]).await;
        key(&mut a, KeyCode::Char('?'));
        let screen = snap("help", &mut a);
        assert!(screen.contains("Ctrl-C") && screen.contains("epay-status.log"));
    }
}

#[tokio::test]
async fn p2p() {
    for size in SIZES {
        let mut a = looked_up(size, &["200000002"]).await;
        let screen = snap("p2p", &mut a);
        assert!(screen.contains("p2p") && screen.contains("partial"));
    }
}

#[tokio::test]
async fn raw_json() {
    for size in SIZES {
        let mut a = looked_up(size, &["205218074"]).await;
        key(&mut a, KeyCode::Esc);
        key(&mut a, KeyCode::Char('v'));
        let screen = snap("raw_json", &mut a);
        assert!(screen.contains("\"resultCode\": \"100\""), "{screen}");
    }
}

#[tokio::test]
async fn long_cyrillic_text() {
    for size in SIZES {
        let mut a = looked_up(size, &["100000023"]).await;
        let screen = snap("cyrillic", &mut a);
        assert!(screen.contains("Қазақстан Халық Банкі"));
        if size.1 >= 48 {
            assert!(screen.contains("Александра") && screen.contains("Сарыагаш"), "{screen}");
        }
    }
}

#[tokio::test]
async fn hostile_text_is_not_drawn() {
    let mut a = looked_up((160, 48), &["100000022"]).await;
    let screen = render(&mut a);
    assert!(screen.contains("Evil"));
    assert!(!screen.chars().any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'));
}

#[tokio::test]
async fn production_is_unmistakable() {
    let mut a = looked_up((80, 24), &["100000001"]).await;
    a.context.production = true;
    a.context.profile = "prod".into();
    let screen = render(&mut a);
    assert!(screen.lines().last().unwrap().contains(" PROD "));
}

#[tokio::test]
async fn many_lookups_and_resizing() {
    let ids: Vec<String> = (1..=30).map(|n| format!("1000000{n:02}")).collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut a = looked_up((80, 24), &refs).await;
    render(&mut a);
    // Select the oldest; the list scrolls to keep it in view.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('G'));
    let screen = render(&mut a);
    assert!(screen.contains("100000001"));
    for (w, h) in [(40, 10), (200, 60), (10, 3), (80, 24)] {
        a.update(Msg::Terminal(Event::Resize(w, h)), now());
        render(&mut a);
    }
    let _ = LookupType::Auto;
}
