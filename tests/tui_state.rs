//! The dashboard's `update` without a terminal: messages in, state and
//! commands out. Lookups go to the real sandbox, history to a real SQLite file.

mod common;

use common::harness::{Harness, app, history_of, now, read_from, stored};
use common::*;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use epay_status::epay::{Failure, Kind, LookupError, LookupType, ResultCode, Status};
use epay_status::store::{Count, Filter, NewLookup};
use epay_status::tui::app::{App, Command, Focus, Msg};

fn key(app: &mut App, code: KeyCode) -> Vec<Command> {
    app.update(Msg::Terminal(Event::Key(KeyEvent::new(code, KeyModifiers::NONE))), now())
}

fn ctrl(app: &mut App, c: char) -> Vec<Command> {
    app.update(Msg::Terminal(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))), now())
}

fn submit(app: &mut App, text: &str) -> Vec<Command> {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
    key(app, KeyCode::Enter)
}

fn lookup_id(commands: &[Command]) -> u64 {
    match commands {
        [Command::Lookup { id, .. }] => *id,
        other => panic!("expected one lookup, got {other:?}"),
    }
}

/// A history file holding `n` checks of 100000001, a minute apart.
async fn filled_store(n: i64) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    let store = epay_status::store::Store::open(&path).store;
    let sb = sandbox().await;
    let result = test_client(&sb).lookup(LookupType::Auto, &invoice("100000001")).await;
    let inv = invoice("100000001");
    let who = common::harness::context().who;
    let lookups = (0..n).map(|i| NewLookup {
        checked_at: now() - chrono::Duration::minutes(i),
        who: &who,
        invoice: &inv,
        requested: LookupType::Auto,
        result: &result,
    });
    store.record_many(lookups).await.unwrap();
    (dir, path)
}

fn small() -> App {
    app((80, 24))
}

#[test]
fn enter_looks_up_clears_the_box_and_keeps_focus() {
    let mut a = small();
    assert_eq!(a.focus, Focus::Input);
    let cmds = submit(&mut a, "205218074");
    assert_eq!(cmds, [Command::Lookup { id: 1, invoice: invoice("205218074"), lookup_type: LookupType::Auto }]);
    assert_eq!(a.input.invoice.value(), "");
    assert_eq!(a.focus, Focus::Input);
    assert!(a.lookups.get(0).unwrap().is_pending());
    assert_eq!(a.pending(), 1);
}

#[test]
fn invalid_id_sends_nothing_and_says_why() {
    let mut a = small();
    assert!(submit(&mut a, "2052180740000000").is_empty());
    let n = a.notice.clone().unwrap();
    let (is_error, text) = (n.is_problem(), n.text);
    assert!(is_error && text.contains("2052180740000000") && text.contains("6 to 15 digits"), "{text}");
    assert_eq!(a.input.invoice.value(), "2052180740000000", "the typo stays to be fixed");
    assert!(a.lookups.is_empty());
    key(&mut a, KeyCode::Backspace);
    assert!(a.notice.is_none(), "typing again clears the message");
}

#[test]
fn pasted_id_with_whitespace_and_pasted_batches() {
    let mut a = small();
    a.update(Msg::Terminal(Event::Paste("  205218074\r\n".into())), now());
    assert_eq!(lookup_id(&key(&mut a, KeyCode::Enter)), 1);
    assert_eq!(a.lookups.get(0).unwrap().invoice, invoice("205218074"));

    a.update(Msg::Terminal(Event::Paste("100000001\n100000002, oops 200000001".into())), now());
    let cmds = key(&mut a, KeyCode::Enter);
    assert_eq!(cmds.len(), 3);
    assert!(a.notice.as_ref().unwrap().text.contains("oops"), "invalid IDs are listed, not dropped");
    let order: Vec<String> = a.lookups.iter().map(|e| e.invoice.to_string()).collect();
    assert_eq!(order, ["200000001", "100000002", "100000001", "205218074"], "the last pasted on top");
    assert_eq!(a.pending(), 4);
}

#[test]
fn paste_is_cleaned() {
    let mut a = small();
    a.update(Msg::Terminal(Event::Paste("\u{1b}[31m205218074\u{7}".into())), now());
    assert!(!a.input.invoice.value().contains('\u{1b}'));
}

#[test]
fn lookup_type_toggle_is_used() {
    let mut a = small();
    ctrl(&mut a, 't');
    assert_eq!(a.input.lookup_type, LookupType::Payment);
    ctrl(&mut a, 't');
    assert_eq!(a.input.lookup_type, LookupType::P2p);
    match submit(&mut a, "200000001").as_slice() {
        [Command::Lookup { lookup_type, .. }] => assert_eq!(*lookup_type, LookupType::P2p),
        other => panic!("{other:?}"),
    }
    ctrl(&mut a, 't');
    assert_eq!(a.input.lookup_type, LookupType::Auto);
}

#[tokio::test]
async fn a_late_answer_never_replaces_a_newer_lookup() {
    let sb = sandbox().await;
    let client = test_client(&sb);
    let mut a = small();
    let first = lookup_id(&submit(&mut a, "205218074"));
    let second = lookup_id(&submit(&mut a, "100000001"));
    assert!(second > first);
    let newer = client.lookup(LookupType::Auto, &invoice("100000001")).await.map(Box::new);
    let older = client.lookup(LookupType::Auto, &invoice("205218074")).await.map(Box::new);
    a.update(Msg::LookupDone { id: second, result: newer, recorded: stored(1) }, now());
    a.update(Msg::LookupDone { id: first, result: older, recorded: stored(2) }, now());
    // The selection and its details stay on the newer lookup.
    assert_eq!(a.lookups.selected, 0);
    assert_eq!(a.selected_entry().unwrap().invoice, invoice("100000001"));
    let shown = a.selected_detail().unwrap().answer().unwrap();
    assert_eq!(shown.status(), Some(&Status::Charge));
    // The older answer filled only its own row.
    assert_eq!(a.lookups.get(1).unwrap().row.as_ref().unwrap().status, Some(Status::Refund));
    // A duplicate or unknown generation changes nothing.
    let failure = Failure::new(Kind::Payment, LookupError::Timeout("late".into()));
    a.update(Msg::LookupDone { id: first, result: Err(failure.clone()), recorded: stored(3) }, now());
    a.update(Msg::LookupDone { id: 999, result: Err(failure), recorded: stored(4) }, now());
    assert!(a.lookups.get(1).unwrap().row.as_ref().unwrap().code.is_some());
    assert_eq!(a.lookups.len(), 2);
    assert_eq!(a.pending(), 0);
}

#[tokio::test]
async fn a_slow_detail_load_never_replaces_the_current_selection() {
    let mut h = Harness::new((80, 24)).await;
    h.submit("205218074").await;
    h.submit("100000001").await;
    // Load the details of the older one, then move away before they "arrive".
    let older = h.app.lookups.get(1).unwrap().clone();
    let msg = epay_status::tui::work::load_detail(
        h.workers.store(),
        older.id,
        older.store_id.unwrap(),
        now(),
        epay_status::i18n::Language::En,
    )
    .await;
    h.send(msg).await;
    assert_eq!(h.app.selected_detail().unwrap().answer().unwrap().invoice, invoice("100000001"));
}

#[tokio::test]
async fn a_failure_keeps_the_last_good_details() {
    let mut h = Harness::new((80, 24)).await;
    h.submit("205218074").await;
    // The same invoice again, and this time the network fails.
    let id = lookup_id(&submit(&mut h.app, "205218074"));
    let failure = Failure::new(Kind::Payment, LookupError::Network("connection refused".into()));
    let who = common::harness::context().who;
    let msg = epay_status::tui::work::record(
        h.workers.store(),
        &who,
        id,
        &invoice("205218074"),
        LookupType::Auto,
        now(),
        Err(failure),
    )
    .await;
    h.send(msg).await;
    let detail = h.app.selected_detail().unwrap();
    assert!(detail.result.is_err());
    let (_, good) = detail.last_good.as_ref().expect("the earlier answer is still at hand");
    assert_eq!(good.status(), Some(&Status::Refund));
    assert_eq!(detail.timeline.len(), 2);
}

#[tokio::test]
async fn history_from_an_earlier_run_is_shown_and_timelines_mark_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.sqlite3");
    {
        // An earlier run checked 100000041 twice: held, then charged.
        let store = epay_status::store::Store::open(&path).store;
        let sb = sandbox().await;
        let client = test_client(&sb);
        for minutes_ago in [60, 30] {
            let result = client.lookup(LookupType::Auto, &invoice("100000041")).await;
            let new = NewLookup {
                checked_at: now() - chrono::Duration::minutes(minutes_ago),
                who: &common::harness::context().who,
                invoice: &invoice("100000041"),
                requested: LookupType::Auto,
                result: &result,
            };
            store.record(&new).await.unwrap();
        }
    }
    let store = epay_status::store::Store::open(&path).store;
    let mut h = Harness::with_store((80, 24), store, dir).await;
    assert!(!h.app.lookups.loading);
    assert_eq!(h.app.lookups.len(), 2, "both checks from the earlier run are listed");
    let newest = &h.app.lookups.get(0).unwrap();
    assert_eq!(newest.row.as_ref().unwrap().status, Some(Status::Charge));
    assert!(newest.changed, "AUTH → CHARGE is marked");
    assert!(!h.app.lookups.get(1).unwrap().changed);
    // Selecting loads the details with the timeline, with no new request.
    let before = h.sandbox().status_requests();
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('G')).await;
    h.key(KeyCode::Char('g')).await;
    let detail = h.app.selected_detail().expect("details loaded from the store");
    let statuses: Vec<_> = detail.timeline.iter().map(|p| p.status.clone().unwrap()).collect();
    assert_eq!(statuses, ["AUTH", "CHARGE"]);
    assert!(detail.timeline[1].changed);
    assert_eq!(h.sandbox().status_requests(), before);
    // Checking it again now (a new sandbox: AUTH again) marks the change back.
    h.key(KeyCode::Char('r')).await;
    assert_eq!(h.app.lookups.len(), 3);
    assert!(h.app.lookups.get(0).unwrap().changed);
    assert_eq!(h.app.selected_detail().unwrap().timeline.len(), 3);
}

#[tokio::test]
async fn filter_by_text_card_and_ip() {
    let mut h = Harness::new((80, 24)).await;
    h.submit("205218074 100000011 100000021 100000001").await;
    assert_eq!(h.app.lookups.len(), 4);
    h.key(KeyCode::Char('/')).await;
    assert!(h.app.input.filter.is_some());
    h.type_text("шымкент").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.lookups.filter, Filter::Text("шымкент".into()));
    let found: Vec<&str> = h.app.list().iter().map(|e| e.invoice.as_str()).collect();
    assert_eq!(found, ["100000021"]);
    // Esc shows everything again.
    h.key(KeyCode::Esc).await;
    assert_eq!(h.app.lookups.filter, Filter::All);
    assert_eq!(h.app.list().len(), 4);

    // 100000001 and 100000021 share a card: the details say so, c lists them.
    let pos = h.app.list().iter().position(|e| e.invoice.as_str() == "100000001").unwrap();
    h.app.lookups.selected = pos;
    h.send(Msg::Tick).await;
    assert_eq!(h.app.selected_detail().unwrap().same_card, Some(1));
    let screen = h.screen();
    assert!(screen.contains("(c lists them)"), "the dashboard names its key:\n{screen}");
    // Checking 100000001 again adds its own row; c still lists only the other invoice.
    h.key(KeyCode::Char('r')).await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('c')).await;
    let found: Vec<&str> = h.app.list().iter().map(|e| e.invoice.as_str()).collect();
    assert_eq!(found, ["100000021"], "other invoices only, as the hint says");
    assert!(
        h.screen().contains("card 440563...1234, other invoices"),
        "the title names the card mask:\n{}",
        h.screen()
    );
    h.key(KeyCode::Esc).await;
    let pos = h.app.list().iter().position(|e| e.invoice.as_str() == "100000011").unwrap();
    h.app.lookups.selected = pos;
    h.send(Msg::Tick).await;
    h.key(KeyCode::Char('i')).await;
    assert!(h.app.list().is_empty(), "nobody else used that IP");
    assert!(h.screen().contains("No matches"), "the details say so, not the welcome:\n{}", h.screen());
}

#[tokio::test]
async fn export_writes_csv_and_json_and_says_where() {
    let mut h = Harness::new((80, 24)).await;
    h.submit("205218074 100000022").await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('e')).await;
    let n = h.app.notice.clone().unwrap();
    let (error, text) = (n.is_problem(), n.text);
    assert!(!error, "{text}");
    let exports = h.dir.path().join("exports");
    let files: Vec<_> = std::fs::read_dir(&exports).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 2);
    for f in &files {
        assert!(text.contains(&f.display().to_string()), "the path is shown: {text}");
        let body = std::fs::read_to_string(f).unwrap();
        assert!(!body.contains('\u{1b}'), "exports are cleaned");
    }
    let json = files.iter().find(|f| f.extension().unwrap() == "json").unwrap();
    let line: serde_json::Value = serde_json::from_str(std::fs::read_to_string(json).unwrap().trim()).unwrap();
    assert_eq!(line["invoiceId"], "100000022");
    assert!(line["checkedAt"].is_string() && line["profile"] == "sandbox");

    // E exports the whole list.
    h.key(KeyCode::Char('E')).await;
    assert!(h.app.notice.as_ref().unwrap().text.contains("2 lookups"));
    assert!(!std::fs::read_dir(&exports).unwrap().any(|e| e.unwrap().path().to_string_lossy().ends_with(".partial")));
}

#[test]
fn history_is_newest_first_and_navigable() {
    let mut a = small();
    for id in ["100000001", "100000002", "100000003"] {
        submit(&mut a, id);
    }
    let order: Vec<&str> = a.lookups.iter().map(|e| e.invoice.as_str()).collect();
    assert_eq!(order, ["100000003", "100000002", "100000001"]);
    assert_eq!(a.lookups.selected, 0);
    key(&mut a, KeyCode::Down);
    assert_eq!(a.lookups.selected, 1, "arrows work from the box");
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.focus, Focus::History);
    key(&mut a, KeyCode::Char('j'));
    key(&mut a, KeyCode::Char('j'));
    assert_eq!(a.lookups.selected, 2, "stops at the end");
    key(&mut a, KeyCode::Char('k'));
    assert_eq!(a.lookups.selected, 1);
    key(&mut a, KeyCode::Char('g'));
    assert_eq!(a.lookups.selected, 0);
    key(&mut a, KeyCode::Char('G'));
    assert_eq!(a.lookups.selected, 2);
    match key(&mut a, KeyCode::Char('r')).as_slice() {
        [Command::Lookup { invoice: inv, .. }] => assert_eq!(inv, &invoice("100000001")),
        other => panic!("{other:?}"),
    }
    assert_eq!(a.lookups.selected, 0, "the re-check is selected");
}

#[test]
fn focus_moves_and_quitting() {
    let mut a = small();
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

    key(&mut a, KeyCode::Char('q'));
    assert!(!a.quit, "q does not quit from the box");
    assert_eq!(a.input.invoice.value(), "", "nor is it kept there for later");
    assert!(a.notice.as_ref().unwrap().text.contains("Esc leaves the box"), "{:?}", a.notice);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('q'));
    assert!(a.quit);

    let mut b = small();
    ctrl(&mut b, 'c');
    assert!(b.quit, "Ctrl-C quits from the box");
}

#[test]
fn key_releases_do_nothing() {
    let mut a = small();
    let mut release = KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    let msg = Msg::Terminal(Event::Key(release));
    assert!(App::is_noise(&msg));
    a.update(msg, now());
    assert_eq!(a.input.invoice.value(), "");
}

#[test]
fn help_opens_and_closes() {
    let mut a = small();
    key(&mut a, KeyCode::Char('?'));
    assert!(a.help);
    key(&mut a, KeyCode::Char('5'));
    assert_eq!(a.input.invoice.value(), "", "keys do not leak through the overlay");
    key(&mut a, KeyCode::Esc);
    assert!(!a.help);
    assert_eq!(a.focus, Focus::Input, "Esc closed the overlay only");
}

#[test]
fn raw_json_toggles_and_details_scroll() {
    let mut a = small();
    submit(&mut a, "205218074");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('v'));
    assert!(a.details.raw_json);
    key(&mut a, KeyCode::Esc);
    assert!(!a.details.raw_json, "Esc leaves the raw view");
    key(&mut a, KeyCode::Tab);
    assert_eq!(a.focus, Focus::Details);
    // A pending lookup's details fit: the pane does not scroll past them
    // (the renderer measures how far it can while it draws).
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(a.size.0, a.size.1)).unwrap();
    terminal.draw(|frame| epay_status::tui::ui::draw(frame, &a)).unwrap();
    let end = a.drawn.details_scroll_max();
    for _ in 0..10 {
        key(&mut a, KeyCode::Down);
    }
    assert_eq!(a.details.scroll, end, "scrolling stops at the end of the content");
}

#[test]
fn mouse_click_focuses_and_selects() {
    let mut a = small();
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
    // At 80x24 the list sits above the details: row 5 is its first data row
    // (box 3 rows, border, header), row 7 the third, row 12 the details
    // (the list is 8 rows: five of lookups).
    a.update(click(3, 7), now());
    assert_eq!(a.focus, Focus::History);
    assert_eq!(a.lookups.selected, 2);
    a.update(click(70, 12), now());
    assert_eq!(a.focus, Focus::Details);
    let wheel = Msg::Terminal(Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollUp,
        column: 3,
        row: 6,
        modifiers: KeyModifiers::NONE,
    }));
    a.update(wheel, now());
    assert_eq!(a.lookups.selected, 1, "the wheel moves the list under the pointer");
    assert_eq!(a.focus, Focus::Details, "without taking focus");
}

#[test]
fn result_codes_show_in_rows() {
    let mut a = small();
    let id = lookup_id(&submit(&mut a, "100000101"));
    let failure = Failure::new(Kind::P2p, LookupError::Network("x".into()));
    let full = epay_status::store::StoreError::Private {
        location: "history database h.sqlite3".into(),
        source: std::io::Error::other("disk full"),
    };
    a.update(Msg::LookupDone { id, result: Err(failure), recorded: Err(full) }, now());
    let row = a.lookups.get(0).unwrap().row.as_ref().unwrap();
    assert_eq!((row.kind, row.code.clone()), (Kind::P2p, None::<ResultCode>));
    let notice = &a.notice.as_ref().unwrap().text;
    assert!(
        notice.contains("not saved to history: history database h.sqlite3: cannot make it private: disk full"),
        "{notice}"
    );
}

#[tokio::test]
async fn a_recorded_lookup_is_listed_once() {
    let mut h = Harness::new((80, 24)).await;
    h.submit("205218074").await;
    // Answered, recorded, and read back as a stored row: one row, not two.
    assert_eq!(h.app.lookups.len(), 1);
    assert!(h.app.lookups.get(0).unwrap().store_id.is_some());
    assert_eq!(h.app.lookups.count, Some(Count::Exact(1)));
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('r')).await;
    assert_eq!(h.app.lookups.len(), 2);
    assert_eq!(h.app.lookups.count, Some(Count::Exact(2)));
}

#[test]
fn details_are_asked_for_once_while_the_history_is_read() {
    let store = history_of(&["100000005", "100000006", "100000007"]);
    let mut a = small();
    let asked = |cmds: &[Command]| cmds.iter().filter(|c| matches!(c, Command::LoadDetail { .. })).count();
    let init = a.init();
    let after_read = read_from(&mut a, &store, init);
    assert_eq!(asked(&after_read), 1, "the selected row's details");
    // The window is read again (an answer came): the details are not asked again.
    let refresh = a.lookups.refresh().into_iter().collect();
    let again = read_from(&mut a, &store, refresh);
    assert_eq!(asked(&again), 0, "asked already");
    key(&mut a, KeyCode::Esc);
    assert_eq!(asked(&key(&mut a, KeyCode::Char('j'))), 1, "another row");
    assert_eq!(asked(&key(&mut a, KeyCode::Char('k'))), 1, "and back");
}

#[tokio::test]
async fn a_page_is_what_the_list_shows_with_the_map_or_without() {
    let (_filled, path) = filled_store(120).await;
    for size in [(80, 24), (120, 40), (160, 48)] {
        let store = epay_status::store::Store::open(&path).store;
        let dir = tempfile::tempdir().unwrap();
        let mut h = Harness::with_store(size, store, dir).await;
        let shown = epay_status::tui::layout::Areas::new(size.0, size.1).history_rows();
        h.key(KeyCode::Esc).await;
        assert_eq!(h.app.lookups.selected, 0);
        h.key(KeyCode::PageDown).await;
        assert_eq!(h.app.lookups.selected, shown, "{size:?}: one page is the {shown} rows the list shows");
        h.key(KeyCode::PageUp).await;
        assert_eq!(h.app.lookups.selected, 0, "{size:?}");
    }
}

#[test]
fn a_key_that_cannot_run_now_says_why() {
    let mut a = small();
    let init = a.init();
    read_from(&mut a, &history_of(&[]), init);
    submit(&mut a, "205218074");
    key(&mut a, KeyCode::Esc);
    for k in ['e', 'w', 'c', 'y'] {
        a.notice = None;
        assert!(key(&mut a, KeyCode::Char(k)).is_empty(), "{k}: nothing to run yet");
        let n = a.notice.clone().unwrap_or_else(|| panic!("{k} says why it did nothing"));
        let (error, text) = (n.is_problem(), n.text);
        assert!(error && text.contains("still being checked"), "{k}: {text}");
    }
    // A stored row whose details have not arrived yet.
    let mut a = small();
    let init = a.init();
    read_from(&mut a, &history_of(&["100000001"]), init);
    key(&mut a, KeyCode::Esc);
    assert!(key(&mut a, KeyCode::Char('c')).is_empty());
    assert!(a.notice.clone().unwrap().text.contains("details are still loading"), "{:?}", a.notice);
    // Export needs only the stored row.
    assert!(matches!(key(&mut a, KeyCode::Char('e')).as_slice(), [Command::ExportOne { store_id: 1, .. }]));
}

#[test]
fn the_filter_line_takes_text_until_enter_or_esc() {
    let store = history_of(&["100000001", "100000002"]);
    let mut a = small();
    let init = a.init();
    read_from(&mut a, &store, init);
    key(&mut a, KeyCode::Char('/'));
    for c in "q?9".chars() {
        assert!(key(&mut a, KeyCode::Char(c)).is_empty());
    }
    assert!(!a.quit && !a.help, "q and ? are text in the filter line");
    assert_eq!(a.input.filter.as_ref().unwrap().value(), "q?9");
    let first = key(&mut a, KeyCode::Enter);
    assert!(
        matches!(first.as_slice(), [Command::ReadWindow(r)] if r.filter == Filter::Text("q?9".into())),
        "{first:?}"
    );
    key(&mut a, KeyCode::Char('/'));
    for c in "100000002".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    let second = key(&mut a, KeyCode::Enter);
    // The answer for the earlier text comes too late to be shown.
    read_from(&mut a, &store, first);
    assert_eq!(a.lookups.filter, Filter::All, "a stale search is dropped");
    assert_eq!(a.list().len(), 2);
    read_from(&mut a, &store, second);
    assert_eq!(a.lookups.filter, Filter::Text("100000002".into()));
    assert_eq!(a.list().len(), 1, "the search for what the line said last is shown");
    key(&mut a, KeyCode::Char('/'));
    key(&mut a, KeyCode::Esc);
    assert!(a.input.filter.is_none(), "Esc cancels the line");
}

#[tokio::test]
async fn a_long_history_is_a_window_that_scrolls_to_both_ends() {
    let (dir, path) = filled_store(5_000).await;
    let store = epay_status::store::Store::open(&path).store;
    let newest_first: Vec<i64> =
        store.summaries(&Filter::All, None).await.unwrap().into_iter().map(|s| s.store_id).collect();
    let mut h = Harness::with_store((80, 24), store, dir).await;
    assert!(!h.app.lookups.loading);
    assert!(h.app.lookups.len() < 1_000, "a window, not the history: {}", h.app.lookups.len());
    assert!(h.screen().contains("History (5 000)"), "the count comes from the store:\n{}", h.screen());
    h.key(KeyCode::Esc).await;
    // Page down past several windows: every row comes once, in order.
    let mut seen = vec![h.app.selected_entry().unwrap().store_id.unwrap()];
    for _ in 0..60 {
        h.key(KeyCode::PageDown).await;
        seen.push(h.app.selected_entry().unwrap().store_id.unwrap());
    }
    let page = epay_status::tui::layout::Areas::new(80, 24).history_rows();
    let expected: Vec<i64> = newest_first.iter().step_by(page).take(61).copied().collect();
    assert_eq!(seen, expected, "one page at a time, through the window's reads");
    assert!(h.app.lookups.len() <= 768, "the window stays small: {}", h.app.lookups.len());
    // G: the oldest lookup, read from the store's other end.
    h.key(KeyCode::Char('G')).await;
    assert_eq!(h.app.selected_entry().unwrap().store_id, newest_first.last().copied());
    assert!(h.app.lookups.at_end);
    h.key(KeyCode::Up).await;
    assert_eq!(h.app.selected_entry().unwrap().store_id, newest_first.iter().rev().nth(1).copied());
    // g: the newest again.
    h.key(KeyCode::Char('g')).await;
    assert_eq!(h.app.selected_entry().unwrap().store_id, newest_first.first().copied());
    // Upwards from the bottom reads on before the window too.
    h.key(KeyCode::Char('G')).await;
    for _ in 0..30 {
        h.key(KeyCode::PageUp).await;
    }
    let at = newest_first.len() - 1 - 30 * page;
    assert_eq!(h.app.selected_entry().unwrap().store_id, Some(newest_first[at]));
}

#[test]
fn a_paste_is_its_own_ids_whatever_the_line_breaks() {
    let mut a = small();
    for c in "12".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    // tmux and most terminals send a pasted line break as CR.
    a.update(
        Msg::Terminal(Event::Paste("100000007\r100000008\n100000009\r\n100000010\t100000011,100000012".into())),
        now(),
    );
    assert_eq!(a.input.invoice.value(), "12 100000007 100000008 100000009 100000010 100000011,100000012");
    let cmds = key(&mut a, KeyCode::Enter);
    let sent: Vec<String> = cmds
        .iter()
        .filter_map(|c| if let Command::Lookup { invoice, .. } = c { Some(invoice.to_string()) } else { None })
        .collect();
    assert_eq!(sent, ["100000007", "100000008", "100000009", "100000010", "100000011", "100000012"]);
    assert!(a.notice.as_ref().unwrap().text.contains("\"12\""), "what was typed stays its own item: {:?}", a.notice);
}

#[test]
fn a_paste_too_long_for_the_box_points_to_lookup_file() {
    let mut a = small();
    let many = "100000001\n".repeat(100_001);
    a.update(Msg::Terminal(Event::Paste(many)), now());
    assert_eq!(a.input.invoice.value(), "", "nothing half-pasted");
    assert!(a.notice.as_ref().unwrap().text.contains("lookup --file"), "{:?}", a.notice);
    // Just under the limits it is taken whole, in one step.
    let fine = "100000001\n".repeat(50_000);
    a.update(Msg::Terminal(Event::Paste(fine)), now());
    assert_eq!(a.input.invoice.value().len(), 50_000 * 10 - 1);
}

#[test]
fn enter_in_the_list_reads_and_ctrl_u_clears_the_box() {
    let mut a = small();
    submit(&mut a, "205218074");
    for c in "1000".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.focus, Focus::History);
    assert!(key(&mut a, KeyCode::Enter).is_empty(), "Enter in the list sends nothing");
    assert_eq!(a.focus, Focus::Details);
    ctrl(&mut a, 'u');
    assert_eq!((a.focus, a.input.invoice.value()), (Focus::Input, ""));
}

#[tokio::test(start_paused = true)]
async fn the_list_follows_the_filter_as_it_is_typed() {
    let mut h = Harness::new((80, 24)).await;
    h.submit("205218074 100000011 100000021 100000001").await;
    h.key(KeyCode::Char('/')).await;
    h.type_text("шым").await;
    assert_eq!(h.app.lookups.filter, Filter::All, "nothing is searched while typing goes on");
    h.wait(std::time::Duration::from_millis(200)).await;
    let found: Vec<&str> = h.app.list().iter().map(|e| e.invoice.as_str()).collect();
    assert_eq!(found, ["100000021"], "the pause searched what the line says");
    assert!(h.app.input.filter.is_some(), "the line stays open for more typing");
    // Emptying the line shows everything again, still without Enter.
    for _ in 0..3 {
        h.key(KeyCode::Backspace).await;
    }
    h.wait(std::time::Duration::from_millis(200)).await;
    assert_eq!(h.app.lookups.filter, Filter::All);
    assert_eq!(h.app.list().len(), 4);
    // One or two characters would scan every row: only Enter searches them.
    h.type_text("ш").await;
    h.wait(std::time::Duration::from_millis(200)).await;
    assert_eq!(h.app.lookups.filter, Filter::All, "no live search below three characters");
    // A paste is typing too; Esc cancels the line and what it showed.
    h.key(KeyCode::Backspace).await;
    h.events(vec![Event::Paste("алматы".into())]).await;
    h.wait(std::time::Duration::from_millis(200)).await;
    assert_ne!(h.app.lookups.filter, Filter::All, "the pasted text was searched");
    h.key(KeyCode::Esc).await;
    assert!(h.app.input.filter.is_none() && h.app.lookups.filter == Filter::All, "Esc cancels");
    assert_eq!(h.app.list().len(), 4);
}

#[tokio::test]
async fn a_notice_too_long_for_its_line_is_whole_under_m() {
    let mut h = Harness::new((80, 24)).await;
    h.submit("205218074").await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('e')).await;
    let full = h.app.notice.clone().unwrap().text;
    let screen = h.screen();
    assert!(!screen.contains(&full) && screen.contains("(M shows all)"), "{screen}");
    let csv = full.rsplit(' ').next().unwrap().to_owned();
    let name = csv.rsplit('/').next().unwrap();
    assert!(screen.contains(name), "the line keeps the file name {name}:\n{screen}");
    h.key(KeyCode::Char('M')).await;
    let overlay = h.screen();
    assert!(overlay.contains("Messages") && overlay.contains(name), "{overlay}");
    h.key(KeyCode::Esc).await;
    assert!(!h.app.messages_open);
}

/// 600 stored charges, 100000000 the oldest, as another process wrote them.
fn six_hundred() -> epay_status::store::Store {
    let ids: Vec<String> = (0..600).map(|i| (100_000_000 + i).to_string()).collect();
    history_of(&ids.iter().map(String::as_str).collect::<Vec<_>>())
}

#[tokio::test]
async fn the_selection_stays_on_its_lookup_while_rows_arrive_on_top() {
    let store = six_hundred();
    let mut a = small();
    let init = a.init();
    read_from(&mut a, &store, init);
    key(&mut a, KeyCode::Esc);
    // Far down: the window has read on past its first rows.
    for _ in 0..300 {
        let moved = key(&mut a, KeyCode::Down);
        read_from(&mut a, &store, moved);
    }
    let chosen = a.selected_entry().unwrap().store_id;
    assert_eq!(a.selected_entry().unwrap().invoice.as_str(), "100000299");
    // Three lookups recorded elsewhere, then the list is read again.
    let more = history_of(&["100000901", "100000902", "100000903"]);
    let who = common::harness::context().who;
    for s in more.summaries(&Filter::All, None).await.unwrap().into_iter().rev() {
        let l = more.load(s.store_id).await.unwrap().unwrap();
        let new =
            NewLookup { checked_at: now(), who: &who, invoice: &l.invoice, requested: l.requested, result: &l.result };
        store.record(&new).await.unwrap();
    }
    let refresh = a.lookups.refresh().into_iter().collect();
    read_from(&mut a, &store, refresh);
    assert_eq!(a.selected_entry().unwrap().store_id, chosen, "the same lookup");
    assert_eq!(a.lookups.total(), Some(Count::Exact(603)));
    // Near the top, the new rows are listed above it.
    let top = key(&mut a, KeyCode::Char('g'));
    read_from(&mut a, &store, top);
    assert_eq!(a.lookups.get(0).unwrap().invoice.as_str(), "100000903", "the newest on top");
    for _ in 0..10 {
        key(&mut a, KeyCode::Down);
    }
    let chosen = a.selected_entry().unwrap().store_id;
    let more = history_of(&["100000904"]);
    let l = more.load(1).await.unwrap().unwrap();
    let new =
        NewLookup { checked_at: now(), who: &who, invoice: &l.invoice, requested: l.requested, result: &l.result };
    store.record(&new).await.unwrap();
    let refresh = a.lookups.refresh().into_iter().collect();
    read_from(&mut a, &store, refresh);
    assert_eq!(a.selected_entry().unwrap().store_id, chosen);
    assert_eq!(a.lookups.selected, 11, "one row further down");
    assert_eq!(a.lookups.get(0).unwrap().invoice.as_str(), "100000904");
}

#[tokio::test]
async fn sorting_reads_the_store_around_the_selected_lookup() {
    let store = history_of(&["100000001", "100000002", "100000003"]);
    // Refunds and failures sort apart from charges.
    let who = common::harness::context().who;
    let refund = serde_json::json!({"resultCode": "100", "resultMessage": "SUCCESS",
        "transaction": {"invoiceID": "100000009", "statusName": "REFUND", "amount": 5, "currency": "USD"}});
    let result = epay_status::epay::Answer::decode(invoice("100000009"), Kind::Payment, 200, refund).unwrap();
    let inv = invoice("100000009");
    store
        .record(&NewLookup {
            checked_at: now(),
            who: &who,
            invoice: &inv,
            requested: LookupType::Payment,
            result: &Ok(result),
        })
        .await
        .unwrap();
    let mut a = small();
    let init = a.init();
    read_from(&mut a, &store, init);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Down);
    assert_eq!(a.selected_entry().unwrap().invoice.as_str(), "100000003");
    let order = |a: &App| a.list().iter().map(|e| e.invoice.to_string()).collect::<Vec<_>>();
    let sorted = key(&mut a, KeyCode::Char('s'));
    read_from(&mut a, &store, sorted);
    assert_eq!(order(&a), ["100000003", "100000002", "100000001", "100000009"], "CHARGE before REFUND");
    assert_eq!(a.selected_entry().unwrap().invoice.as_str(), "100000003", "still selected");
    let sorted = key(&mut a, KeyCode::Char('s'));
    read_from(&mut a, &store, sorted);
    assert_eq!(order(&a), ["100000003", "100000002", "100000001", "100000009"], "KZT before USD, largest first");
    key(&mut a, KeyCode::Char('G'));
    assert_eq!(a.selected_entry().unwrap().invoice.as_str(), "100000009");
}

#[test]
fn a_filter_is_a_window_of_its_own_that_scrolls_and_counts() {
    let store = six_hundred();
    let mut a = small();
    let init = a.init();
    read_from(&mut a, &store, init);
    key(&mut a, KeyCode::Char('/'));
    for c in "1000004".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    let search = key(&mut a, KeyCode::Enter);
    read_from(&mut a, &store, search);
    // 100000400 to 100000499: invoices that begin with the digits.
    assert_eq!(a.lookups.total(), Some(Count::Exact(100)));
    assert_eq!(a.notice.as_ref().unwrap().text, "100 lookups match “1000004”");
    assert_eq!(a.list().len(), 100);
    let all = key(&mut a, KeyCode::Esc);
    read_from(&mut a, &store, all);
    assert_eq!(a.lookups.filter, Filter::All);
    // A filter that matches every row: the window holds part, scrolling reads on.
    key(&mut a, KeyCode::Char('/'));
    for c in "charge".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    let search = key(&mut a, KeyCode::Enter);
    read_from(&mut a, &store, search);
    assert_eq!(a.lookups.total(), Some(Count::Exact(600)));
    assert!(a.list().len() < 600 && !a.lookups.at_end, "a window: {}", a.list().len());
    for _ in 0..599 {
        let moved = key(&mut a, KeyCode::Down);
        read_from(&mut a, &store, moved);
    }
    assert_eq!(a.selected_entry().unwrap().invoice.as_str(), "100000000", "the oldest charge");
    assert!(a.lookups.at_end);
}

#[test]
fn an_empty_history_shows_an_empty_list_and_every_key_copes() {
    let store = history_of(&[]);
    let mut a = small();
    let init = a.init();
    read_from(&mut a, &store, init);
    assert!(a.list().is_empty());
    assert_eq!(a.lookups.total(), Some(Count::Exact(0)));
    key(&mut a, KeyCode::Esc);
    for k in [KeyCode::Char('G'), KeyCode::Char('g'), KeyCode::PageDown, KeyCode::Down, KeyCode::Char('s')] {
        let commands = key(&mut a, k);
        read_from(&mut a, &store, commands);
        assert!(a.selected_entry().is_none(), "{k:?}");
    }
}

#[tokio::test]
async fn a_sorted_filtered_list_names_both_and_how_to_leave_in_one_title() {
    let mut h = Harness::new((80, 24)).await;
    h.submit("205218074 100000011 100000021 100000001").await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('s')).await;
    h.key(KeyCode::Char('/')).await;
    h.type_text("1000000").await;
    h.key(KeyCode::Enter).await;
    let screen = h.screen();
    assert!(screen.contains("History — “1000000” (3) · by status (s) · Esc shows all"), "{screen}");
}

/// While the team history is away, this run's lookups wait in the spool
/// (negative store ids): they stay on the list through reads, a watched
/// invoice that changed still rings, and once the spool is sent they give
/// way to the team history's rows.
#[test]
fn spooled_lookups_stay_listed_ring_when_changed_and_give_way_once_sent() {
    use epay_status::store::{Health, Reach};
    let mut a = small();
    let init = a.init();
    let store = history_of(&[]);
    read_from(&mut a, &store, init);
    a.update(Msg::History(Health::Team { reach: Reach::Connected, spooled: 0 }), now());
    let answer = |status: &str| {
        let raw = serde_json::json!({"resultCode": "100", "resultMessage": "SUCCESS",
            "transaction": {"invoiceID": "100000002", "statusName": status, "amount": 100, "currency": "KZT"}});
        Ok(Box::new(epay_status::epay::Answer::decode(invoice("100000002"), Kind::Payment, 200, raw).unwrap()))
    };
    let first = lookup_id(&submit(&mut a, "100000002"));
    a.update(Msg::History(Health::Team { reach: Reach::Reconnecting, spooled: 1 }), now());
    let done = a.update(Msg::LookupDone { id: first, result: answer("AUTH"), recorded: stored(-1) }, now());
    read_from(&mut a, &store, done);
    // A read of the list succeeds (here, from another history): the row stays.
    let refresh = a.lookups.refresh().into_iter().collect();
    read_from(&mut a, &store, refresh);
    assert_eq!(a.lookups.len(), 1, "the spooled lookup is still listed");
    // Checked again while away: the change is decided from the list.
    let commands = submit(&mut a, "100000002");
    let second = commands.iter().find_map(|c| if let Command::Lookup { id, .. } = c { Some(*id) } else { None });
    let second = second.expect("a lookup");
    read_from(&mut a, &store, commands);
    a.update(Msg::History(Health::Team { reach: Reach::Reconnecting, spooled: 2 }), now());
    let done = a.update(Msg::LookupDone { id: second, result: answer("CHARGE"), recorded: stored(-2) }, now());
    read_from(&mut a, &store, done);
    let newest = a.lookups.iter().find(|e| e.store_id == Some(-2)).unwrap();
    assert!(newest.changed, "AUTH → CHARGE is a change, spooled or not");
    // Sent: the spooled rows give way, and the list is read again.
    let commands = a.update(Msg::History(Health::Team { reach: Reach::Connected, spooled: 0 }), now());
    assert!(commands.iter().any(|c| matches!(c, Command::ReadWindow(_))), "{commands:?}");
    assert!(a.lookups.iter().all(|e| e.store_id.is_none_or(|id| id >= 0)), "no spooled row is left");
}

/// Going back to a stored lookup after a new answer showed reads its
/// details again (they were asked for once, then replaced by the answer,
/// and the pane waited for them for ever).
#[tokio::test]
async fn going_back_to_a_stored_lookup_after_a_new_answer_reads_it_again() {
    let sb = sandbox().await;
    let client = test_client(&sb);
    let store = history_of(&["100000001"]);
    let mut a = small();
    let init = a.init();
    let rest = read_from(&mut a, &store, init);
    assert!(rest.iter().any(|c| matches!(c, Command::LoadDetail { .. })), "the stored row's details: {rest:?}");
    let id = lookup_id(&submit(&mut a, "100000002"));
    let answer = client.lookup(LookupType::Auto, &invoice("100000002")).await.map(Box::new);
    a.update(Msg::LookupDone { id, result: answer, recorded: stored(2) }, now());
    key(&mut a, KeyCode::Tab);
    let commands = key(&mut a, KeyCode::Down);
    assert_eq!(a.selected_entry().unwrap().invoice, invoice("100000001"));
    assert!(
        commands.iter().any(|c| matches!(c, Command::LoadDetail { store_id: 1, .. })),
        "its details are asked for again: {commands:?}"
    );
}

#[test]
fn a_burst_of_case_news_costs_two_reads_not_one_each() {
    use epay_status::store::TeamEvent;
    let mut a = app((80, 24));
    let reads = |commands: &[Command]| commands.iter().filter(|c| matches!(c, Command::ReadCases)).count();
    let first = a.update(Msg::Team(TeamEvent::CaseChanged), now());
    assert_eq!(reads(&first), 1);
    let mut meanwhile = 0;
    for _ in 0..10_000 {
        meanwhile += reads(&a.update(Msg::Team(TeamEvent::CaseChanged), now()));
    }
    assert_eq!(meanwhile, 0, "news while a read is on its way waits for it");
    let after = a.update(Msg::Cases(Ok(Vec::new())), now());
    assert_eq!(reads(&after), 1, "one more read for all the news that came meanwhile");
    assert_eq!(reads(&a.update(Msg::Cases(Ok(Vec::new())), now())), 0, "and then quiet");
    // A read that failed lets the next news read again.
    a.update(Msg::Team(TeamEvent::CaseChanged), now());
    a.update(Msg::Team(TeamEvent::CaseChanged), now());
    assert_eq!(
        reads(&a.update(
            Msg::Cases(Err(epay_status::store::StoreError::Away {
                location: "team history".into(),
                why: "away".into()
            })),
            now()
        )),
        1
    );
}

#[test]
fn esc_closing_help_gives_the_keys_back_to_the_pane_that_had_them() {
    use epay_status::tui::keymap::Where;
    // The box, the list, the details, and the cases view in the list's place.
    for (tabs, cases, at) in
        [(0, false, Where::Box), (1, false, Where::List), (2, false, Where::Details), (1, true, Where::Cases)]
    {
        let mut a = small();
        let init = a.init();
        read_from(&mut a, &history_of(&["100000001"]), init);
        for _ in 0..tabs {
            key(&mut a, KeyCode::Tab);
        }
        if cases {
            key(&mut a, KeyCode::Char('C'));
        }
        assert_eq!(a.keys_land(), at);
        key(&mut a, KeyCode::Char('?'));
        assert_eq!(a.keys_land(), Where::Help);
        key(&mut a, KeyCode::Esc);
        assert_eq!(a.keys_land(), at, "Esc closed help and the keys went back");
        assert!(!a.help);
    }
}

#[test]
fn with_the_box_empty_a_lookups_key_acts_on_the_selected_one_and_digits_still_type() {
    let mut a = small();
    let init = a.init();
    read_from(&mut a, &history_of(&["100000001"]), init);
    assert_eq!(a.focus, Focus::Input);
    let store_id = a.selected_entry().unwrap().store_id.unwrap();
    assert_eq!(key(&mut a, KeyCode::Char('w')), vec![Command::Report { store_id }]);
    assert!(matches!(key(&mut a, KeyCode::Char('e')).as_slice(), [Command::ExportOne { .. }]));
    assert!(matches!(key(&mut a, KeyCode::Char('r')).as_slice(), [Command::Lookup { .. }]), "r checks it again");
    assert_eq!(a.focus, Focus::Input, "the box keeps the keys");
    // Typing an ID: digits go in, and a letter is not part of it.
    key(&mut a, KeyCode::Char('1'));
    assert_eq!(a.input.invoice.value(), "1");
    assert!(key(&mut a, KeyCode::Char('w')).is_empty());
    assert!(a.notice.as_ref().unwrap().text.contains("not part of an invoice ID"));
    // Nothing selected: nothing to act on.
    let mut empty = small();
    assert!(key(&mut empty, KeyCode::Char('w')).is_empty());
}
