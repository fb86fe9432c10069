//! The dashboard's `update` without a terminal: messages in, state and
//! commands out. Answers come from the real sandbox.

mod common;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use common::*;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use epay_status::epay::{Failure, Kind, LookupError, LookupType, Status};
use epay_status::tui::app::{App, Command, Context, Focus, Msg, Outcome};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 10, 0, 0).unwrap()
}

fn app() -> App {
    App::new(Context::default(), (80, 24), FixedOffset::east_opt(5 * 3600).unwrap())
}

fn key(app: &mut App, code: KeyCode) -> Vec<Command> {
    app.update(Msg::Terminal(Event::Key(KeyEvent::new(code, KeyModifiers::NONE))), now())
}

fn ctrl(app: &mut App, c: char) -> Vec<Command> {
    app.update(Msg::Terminal(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))), now())
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

fn submit(app: &mut App, text: &str) -> Vec<Command> {
    type_text(app, text);
    key(app, KeyCode::Enter)
}

fn lookup_id(commands: &[Command]) -> u64 {
    match commands {
        [Command::Lookup { id, .. }] => *id,
        other => panic!("expected one lookup, got {other:?}"),
    }
}

#[test]
fn enter_looks_up_clears_the_box_and_keeps_focus() {
    let mut a = app();
    assert_eq!(a.focus, Focus::Input);
    let cmds = submit(&mut a, "205218074");
    assert_eq!(cmds, [Command::Lookup { id: 1, invoice: invoice("205218074"), lookup_type: LookupType::Auto }]);
    assert_eq!(a.input.value(), "");
    assert_eq!(a.focus, Focus::Input);
    assert!(matches!(a.history[0].outcome, Outcome::Pending));
    assert_eq!(a.pending(), 1);
}

#[test]
fn invalid_id_sends_nothing_and_says_why() {
    let mut a = app();
    assert!(submit(&mut a, "20521807x").is_empty());
    let (is_error, text) = a.notice.clone().unwrap();
    assert!(is_error && text.contains("20521807x") && text.contains("6 to 15 digits"), "{text}");
    assert_eq!(a.input.value(), "20521807x", "the typo stays to be fixed");
    assert!(a.history.is_empty());
    // Typing again clears the message.
    key(&mut a, KeyCode::Backspace);
    assert!(a.notice.is_none());
}

#[test]
fn pasted_id_with_whitespace_and_pasted_batches() {
    let mut a = app();
    a.update(Msg::Terminal(Event::Paste("  205218074\r\n".into())), now());
    assert_eq!(lookup_id(&key(&mut a, KeyCode::Enter)), 1);
    assert_eq!(a.history[0].invoice, invoice("205218074"));

    a.update(Msg::Terminal(Event::Paste("100000001\n100000002, oops 200000001".into())), now());
    let cmds = key(&mut a, KeyCode::Enter);
    assert_eq!(cmds.len(), 3);
    assert!(a.notice.as_ref().unwrap().1.contains("oops"), "invalid IDs are listed, not dropped");
}

#[test]
fn paste_is_cleaned() {
    let mut a = app();
    a.update(Msg::Terminal(Event::Paste("\u{1b}[31m205218074\u{7}".into())), now());
    assert!(!a.input.value().contains('\u{1b}'));
}

#[test]
fn lookup_type_toggle_is_used() {
    let mut a = app();
    ctrl(&mut a, 't');
    assert_eq!(a.lookup_type, LookupType::Payment);
    ctrl(&mut a, 't');
    assert_eq!(a.lookup_type, LookupType::P2p);
    match submit(&mut a, "200000001").as_slice() {
        [Command::Lookup { lookup_type, .. }] => assert_eq!(*lookup_type, LookupType::P2p),
        other => panic!("{other:?}"),
    }
    ctrl(&mut a, 't');
    assert_eq!(a.lookup_type, LookupType::Auto);
}

#[tokio::test]
async fn a_late_answer_never_replaces_a_newer_lookup() {
    let sb = sandbox().await;
    let client = test_client(&sb);
    let mut a = app();
    let first = lookup_id(&submit(&mut a, "205218074"));
    let second = lookup_id(&submit(&mut a, "100000001"));
    assert!(second > first);
    let newer = client.lookup(LookupType::Auto, &invoice("100000001")).await.map(Box::new);
    let older = client.lookup(LookupType::Auto, &invoice("205218074")).await.map(Box::new);
    a.update(Msg::LookupDone { id: second, result: newer }, now());
    a.update(Msg::LookupDone { id: first, result: older.clone() }, now());
    // The selection and its details stay on the newer lookup.
    assert_eq!(a.selected, 0);
    let shown = a.selected_entry().unwrap();
    assert_eq!(shown.invoice, invoice("100000001"));
    assert!(matches!(&shown.outcome, Outcome::Answered(x) if x.status() == Some(&Status::Charge)));
    // The older answer filled only its own row.
    assert!(matches!(&a.history[1].outcome, Outcome::Answered(x) if x.status() == Some(&Status::Refund)));
    // A duplicate or unknown generation changes nothing.
    let failure = Failure { kind: Kind::Payment, error: LookupError::Timeout("late".into()) };
    a.update(Msg::LookupDone { id: first, result: Err(failure.clone()) }, now());
    a.update(Msg::LookupDone { id: 999, result: Err(failure) }, now());
    assert!(matches!(&a.history[1].outcome, Outcome::Answered(_)));
    assert_eq!(a.history.len(), 2);
    assert_eq!(a.pending(), 0);
}

#[tokio::test]
async fn a_failure_keeps_the_last_good_details() {
    let sb = sandbox().await;
    let client = test_client(&sb);
    let mut a = app();
    let first = lookup_id(&submit(&mut a, "205218074"));
    let answer = client.lookup(LookupType::Auto, &invoice("205218074")).await.map(Box::new);
    a.update(Msg::LookupDone { id: first, result: answer }, now());
    // Re-check from the history list; this time the network fails.
    key(&mut a, KeyCode::Tab);
    let again = lookup_id(&key(&mut a, KeyCode::Char('r')));
    let failure = Failure { kind: Kind::Payment, error: LookupError::Network("connection refused".into()) };
    a.update(Msg::LookupDone { id: again, result: Err(failure) }, now());
    let failed = a.selected_entry().unwrap();
    assert!(matches!(failed.outcome, Outcome::Failed(_)));
    let good = a.last_good(failed).expect("the earlier answer is still at hand");
    assert_eq!(good.id, first);
}

#[test]
fn history_is_newest_first_and_navigable() {
    let mut a = app();
    for id in ["100000001", "100000002", "100000003"] {
        submit(&mut a, id);
    }
    let order: Vec<&str> = a.history.iter().map(|e| e.invoice.as_str()).collect();
    assert_eq!(order, ["100000003", "100000002", "100000001"]);
    assert_eq!(a.selected, 0);
    // Arrows work from the box; j/k outside it.
    key(&mut a, KeyCode::Down);
    assert_eq!(a.selected, 1);
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.focus, Focus::History);
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Char('j'));
    assert_eq!(a.selected, 2, "stops at the end");
    key(&mut a, KeyCode::Char('k'));
    assert_eq!(a.selected, 1);
    key(&mut a, KeyCode::Char('g'));
    assert_eq!(a.selected, 0);
    key(&mut a, KeyCode::Char('G'));
    assert_eq!(a.selected, 2);
    // A re-check of the selected invoice starts a new lookup of it.
    match key(&mut a, KeyCode::Char('r')).as_slice() {
        [Command::Lookup { invoice: inv, .. }] => assert_eq!(inv, &invoice("100000001")),
        other => panic!("{other:?}"),
    }
    assert_eq!(a.selected, 0);
}

#[test]
fn focus_moves_and_quitting() {
    let mut a = app();
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Focus::History);
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Focus::Details);
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Focus::Input);
    key(&mut a, KeyCode::BackTab);
    assert_eq!(a.focus, Focus::Details);
    key(&mut a, KeyCode::BackTab);
    key(&mut a, KeyCode::BackTab);
    assert_eq!(a.focus, Focus::Input);

    // q is text in the box, a quit outside it.
    key(&mut a, KeyCode::Char('q'));
    assert!(!a.quit);
    assert_eq!(a.input.value(), "q");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('q'));
    assert!(a.quit);

    let mut b = app();
    ctrl(&mut b, 'c');
    assert!(b.quit, "Ctrl-C quits from the box");
}

#[test]
fn key_releases_do_nothing() {
    let mut a = app();
    let mut release = KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    let msg = Msg::Terminal(Event::Key(release));
    assert!(App::is_noise(&msg));
    a.update(msg, now());
    assert_eq!(a.input.value(), "");
}

#[test]
fn help_opens_and_closes() {
    let mut a = app();
    key(&mut a, KeyCode::Char('?'));
    assert!(a.help);
    key(&mut a, KeyCode::Char('5'));
    assert_eq!(a.input.value(), "", "keys do not leak through the overlay");
    key(&mut a, KeyCode::Esc);
    assert!(!a.help);
    assert_eq!(a.focus, Focus::Input, "Esc closed the overlay only");
}

#[test]
fn raw_json_toggles_and_details_scroll() {
    let mut a = app();
    submit(&mut a, "205218074");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('v'));
    assert!(a.raw_json);
    key(&mut a, KeyCode::Esc);
    assert!(!a.raw_json, "Esc leaves the raw view");
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Focus::Details);
    a.details_max_scroll = 5;
    for _ in 0..10 {
        key(&mut a, KeyCode::Down);
    }
    assert_eq!(a.details_scroll, 5, "scrolling stops at the end of the content");
    key(&mut a, KeyCode::Up);
    assert_eq!(a.details_scroll, 4);
}

#[test]
fn mouse_click_focuses_and_selects() {
    let mut a = app();
    for id in ["100000001", "100000002", "100000003"] {
        submit(&mut a, id);
    }
    let click = |column, row| {
        Msg::Terminal(Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }))
    };
    // Row 5 is the first data row (box 3 rows, border, header); row 7 the third.
    a.update(click(3, 7), now());
    assert_eq!(a.focus, Focus::History);
    assert_eq!(a.selected, 2);
    a.update(click(70, 10), now());
    assert_eq!(a.focus, Focus::Details);
    let wheel = Msg::Terminal(Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollUp,
        column: 3,
        row: 10,
        modifiers: KeyModifiers::NONE,
    }));
    a.update(wheel, now());
    assert_eq!(a.selected, 1, "the wheel moves the list under the pointer");
    assert_eq!(a.focus, Focus::Details, "without taking focus");
}
