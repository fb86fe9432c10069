//! The statement search on the dashboard, through the shipped loop: the
//! form, the results in the list's place, a lookup and a case from one,
//! against the real sandbox's `/operations` and a real SQLite file.

mod common;

use common::harness::{Harness, app, now};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use epay_status::case::Change;
use epay_status::tui::app::{Command, Msg, Results};
use epay_status::tui::keymap::Where;

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// The RRN of sandbox invoice 100000016 (4 200 KZT, card 440563...1234).
const RRN: &str = "000001675664";

/// A dashboard with the list focused and the find form open.
async fn form() -> Harness {
    let mut h = Harness::new((80, 24)).await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('f')).await;
    assert_eq!(h.app.keys_land(), Where::Find);
    h
}

#[tokio::test]
async fn the_form_finds_a_payment_by_rrn_and_enter_checks_it() {
    let mut h = form().await;
    assert!(h.screen().contains("Find in ePay's statement"), "{}", h.screen());
    // Letters are text in the form: q and f do not act.
    h.type_text(RRN).await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.keys_land(), Where::Found);
    let screen = h.screen();
    assert!(screen.contains("Statement 2026-07-30 – 2026-11-27: 1"), "the default period, 120 days: {screen}");
    let row = screen.lines().find(|l| l.contains("100000016")).expect(&screen);
    assert!(row.contains("4 200.00") && row.contains("4405…1234") && row.contains("CHARGE"), "{row}");
    assert!(screen.contains("In the statement: CHARGE") && screen.contains("Halyk Bank"), "{screen}");
    assert_eq!(h.sandbox().statement_requests(), 1);
    // Enter: the invoice is checked and recorded, and the history shows it.
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.keys_land(), Where::List);
    assert!(h.screen().contains("History (1)"), "{}", h.screen());
    let recorded = h.workers.store().timeline(&common::invoice("100000016"), None).await.unwrap();
    assert_eq!(recorded.len(), 1, "the lookup is in the history");
    assert_eq!(h.sandbox().mixed_tokens(), 0);
    // f brings the form back over the last results, with what was typed.
    h.key(KeyCode::Char('f')).await;
    assert_eq!(h.app.finding.form.as_ref().unwrap().fields[0].value(), RRN);
    h.key(KeyCode::Esc).await;
    assert_eq!(h.app.keys_land(), Where::Found, "the results are under the form");
    h.key(KeyCode::Esc).await;
    assert_eq!(h.app.keys_land(), Where::List, "Esc gives the list back");
}

#[tokio::test]
async fn a_pasted_card_and_an_amount_find_it_and_a_bad_amount_sends_nothing() {
    let mut h = form().await;
    h.key(KeyCode::Tab).await;
    // Terminals send a pasted line break as CR.
    h.events(vec![Event::Paste("4405 63** **** 1234\r".into())]).await;
    h.key(KeyCode::Tab).await;
    h.type_text("15,000").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.keys_land(), Where::Find, "the form stays open to mend");
    let said = h.app.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(said.contains("amount 15,000") && said.contains("nothing was sent"), "{said}");
    assert_eq!(h.sandbox().statement_requests(), 0);
    for _ in 0..6 {
        h.key(KeyCode::Backspace).await;
    }
    h.type_text("4 200,00").await;
    h.key(KeyCode::Enter).await;
    let found: Vec<String> =
        h.app.finding.operations().iter().filter_map(|o| o.transaction.invoice_id.clone()).collect();
    assert_eq!(found, ["100000016"]);
    assert_eq!(h.app.finding.form.as_ref().map(|f| f.fields[1].value().to_owned()), None);
}

#[tokio::test]
async fn n_opens_a_case_that_starts_with_what_the_statement_says() {
    let mut h = form().await;
    h.type_text(RRN).await;
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Char('n')).await;
    assert_eq!(h.app.keys_land(), Where::Note);
    h.type_text("Cardholder says it never arrived").await;
    h.press(ctrl('s')).await;
    let file = h.workers.store().case(&common::invoice("100000016")).await.unwrap().expect("a case");
    let notes: Vec<&Change> = file.latest_notes().map(|e| &e.change).collect();
    let [Change::Note(note)] = notes[..] else { panic!("{notes:?}") };
    assert!(note.starts_with("Found in ePay's statement:"), "{note}");
    assert!(note.contains(&format!("RRN {RRN}")) && note.contains("4 200.00 KZT · CHARGE"), "{note}");
    assert!(note.ends_with("\nCardholder says it never arrived"), "{note}");
    // The results mark the invoice, as the history does.
    assert!(h.screen().contains("100000016 ⚑"), "{}", h.screen());
    // A key for a lookup has none here; C shows the cases.
    h.key(KeyCode::Char('v')).await;
    assert!(h.app.notice.as_ref().is_some_and(|n| n.is_problem()), "{:?}", h.app.notice);
    h.key(KeyCode::Char('C')).await;
    assert_eq!(h.app.keys_land(), Where::Cases);
    assert!(h.screen().contains("Cases (1 open)"), "{}", h.screen());
}

#[tokio::test]
async fn an_answer_the_statement_cannot_give_is_said_in_the_list() {
    let mut h = Harness::configured((80, 24), "", "ops-shape=nolist").await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('f')).await;
    h.type_text(RRN).await;
    h.key(KeyCode::Enter).await;
    let screen = h.screen();
    assert!(screen.contains("no answer") && screen.contains("no list of operations"), "{screen}");
    assert!(matches!(h.app.finding.results, Results::Failed(..)));
}

#[test]
fn without_a_login_f_says_what_to_set_and_opens_nothing() {
    let mut a = app((80, 24));
    a.context.statement_missing = Some("set username (EPAY_USERNAME)".into());
    a.update(Msg::Terminal(Event::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE))), now());
    let commands = a.update(Msg::Terminal(Event::Key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::NONE))), now());
    assert!(commands.is_empty());
    assert!(a.finding.form.is_none());
    assert_eq!(a.notice.as_ref().map(|n| n.text.as_str()), Some("set username (EPAY_USERNAME)"));
}

#[test]
fn an_answer_for_an_older_search_is_dropped() {
    let mut a = app((80, 24));
    let press = |a: &mut epay_status::tui::app::App, code| {
        a.update(Msg::Terminal(Event::Key(KeyEvent::new(code, KeyModifiers::NONE))), now())
    };
    press(&mut a, KeyCode::Esc);
    let mut generations = Vec::new();
    for _ in 0..2 {
        press(&mut a, KeyCode::Char('f'));
        for command in press(&mut a, KeyCode::Enter) {
            if let Command::Find { generation, .. } = command {
                generations.push(generation);
            }
        }
    }
    assert_eq!(generations.len(), 2);
    let found = epay_status::epay::Found {
        operations: Vec::new(),
        received: 0,
        unread: Vec::new(),
        total: Some(0),
        end: epay_status::epay::End::Complete,
        pages: Vec::new(),
    };
    a.update(Msg::Found { generation: generations[0], result: Ok(found.clone()) }, now());
    assert!(a.finding.is_searching(), "the older answer is not the one on screen");
    a.update(Msg::Found { generation: generations[1], result: Ok(found) }, now());
    assert!(matches!(a.finding.results, Results::Found(..)));
}
