//! The chargeback intake from the cases view, through the shipped loop:
//! the path typed, the list read into cases against the sandbox, and an
//! ambiguous row resolved by choosing its candidate.

mod common;

use common::harness::Harness;
use crossterm::event::{Event, KeyCode};
use epay_status::case::Change;
use epay_status::intake::Outcome;
use epay_status::tui::keymap::Where;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/intake/chargebacks-sample.csv");

#[tokio::test]
async fn i_in_the_cases_reads_the_list_and_an_ambiguous_row_is_resolved_by_choosing() {
    let mut h = Harness::new((80, 24)).await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('C')).await;
    h.key(KeyCode::Char('I')).await;
    assert_eq!(h.app.keys_land(), Where::IntakePath);
    assert!(h.screen().contains("The acquirer's chargeback list"), "{}", h.screen());
    // A path dropped on the terminal arrives as a paste, quoted.
    h.events(vec![Event::Paste(format!("'{SAMPLE}'"))]).await;
    h.key(KeyCode::Enter).await;
    assert_eq!(h.app.keys_land(), Where::Intake);
    let said = h.app.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert_eq!(said, "opened 3, already open 0, ambiguous 1, not found 1, not read 0");
    let screen = h.screen();
    assert!(screen.contains("Intake: 2 to resolve"), "{screen}");
    assert!(screen.contains("ambiguous") && screen.contains("not found"), "{screen}");
    assert!(screen.contains("Which payment is it?"), "{screen}");
    let store = h.workers.store();
    assert!(store.case(&common::invoice("100000016")).await.unwrap().is_some(), "the rows found have cases");

    // The ambiguous row: the second candidate, then Enter.
    let Outcome::Ambiguous(candidates) = &h.app.intaking.rows[0].outcome else { panic!("{:?}", h.app.intaking.rows) };
    let second = candidates[1].clone();
    h.key(KeyCode::Right).await;
    h.key(KeyCode::Enter).await;
    let file = h.workers.store().case(&common::invoice(&second)).await.unwrap().expect("the chosen payment's case");
    assert_eq!(file.case.tags, ["4853"]);
    assert!(file.entries.iter().any(
        |e| matches!(&e.change, Change::Note(t) if t.starts_with("Chargeback notice ARN 74567890123456789099999"))
    ));
    assert_eq!(h.app.intaking.rows.len(), 1, "the resolved row left the list");
    assert!(h.screen().contains(&format!("row 4: the case of {second} has the notice")), "{}", h.screen());
    // Esc gives the cases view back; I shows the row left.
    h.key(KeyCode::Esc).await;
    assert_eq!(h.app.keys_land(), Where::Cases);
    assert!(h.screen().contains("Cases (4 open)"), "{}", h.screen());
    h.key(KeyCode::Char('I')).await;
    assert_eq!(h.app.keys_land(), Where::Intake);
}

#[tokio::test]
async fn a_file_that_cannot_be_read_is_said_and_nothing_is_opened() {
    let mut h = Harness::new((80, 24)).await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('C')).await;
    h.key(KeyCode::Char('I')).await;
    h.type_text("/nonexistent/list.csv").await;
    h.key(KeyCode::Enter).await;
    let said = h.app.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(said.starts_with("the intake did not run: cannot read /nonexistent/list.csv"), "{said}");
    assert!(h.app.cases.all.is_empty());
    assert_eq!(h.app.keys_land(), Where::Cases);
}

#[tokio::test]
async fn x_ticks_an_item_of_the_reason_codes_checklist_and_each_tick_is_in_the_trail() {
    let mut h = Harness::new((80, 24)).await;
    // A case opened by hand, with no reason code: first by its deadline.
    let who = epay_status::checker::Checker { operator: "aigerim".into(), ..Default::default() };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let opening = epay_status::case::Opening::new("aigerim", Some(1), today);
    let note = vec![Change::Note("Customer called".into())];
    h.workers
        .store()
        .change_case(&common::invoice("100000002"), &who, common::harness::now(), &note, &opening)
        .await
        .unwrap();
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('C')).await;
    h.key(KeyCode::Char('I')).await;
    h.type_text(SAMPLE).await;
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Esc).await;
    assert_eq!(h.app.keys_land(), Where::Cases);
    assert_eq!(h.app.cases.selected_case().map(|c| c.invoice.to_string()).as_deref(), Some("100000002"));
    h.key(KeyCode::Char('x')).await;
    let said = h.app.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    assert!(said.contains("case 100000002 has no reason code: tag it (T)"), "{said}");
    assert_eq!(h.app.keys_land(), Where::Cases);

    h.key(KeyCode::Char('j')).await;
    assert_eq!(h.app.cases.selected_case().map(|c| c.invoice.to_string()).as_deref(), Some("100000016"));
    h.key(KeyCode::Char('x')).await;
    assert_eq!(h.app.keys_land(), Where::Picker);
    let screen = h.screen();
    assert!(screen.contains("Evidence for 100000016") && screen.contains("[ ] delivery"), "{screen}");
    h.key(KeyCode::Char('4')).await;
    let file = h.workers.store().case(&common::invoice("100000016")).await.unwrap().unwrap();
    assert!(matches!(&file.entries.last().unwrap().change, Change::Done(item) if item == "delivery"));
    // Again: the tick is taken back, as a new entry.
    h.key(KeyCode::Char('x')).await;
    assert!(h.screen().contains("[x] delivery"), "{}", h.screen());
    h.key(KeyCode::Char('4')).await;
    let file = h.workers.store().case(&common::invoice("100000016")).await.unwrap().unwrap();
    assert!(matches!(&file.entries.last().unwrap().change, Change::Undone(item) if item == "delivery"));
    // The cases view's details show the checklist whole.
    assert!(h.screen().contains("Evidence for Visa 10.4"), "{}", h.screen());
}
