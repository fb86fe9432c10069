//! Dispute cases on the dashboard, through the shipped loop: keys in,
//! changes written to a real SQLite file, the screen read back.

mod common;

use common::harness::Harness;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use epay_status::case::{Change, State};
use epay_status::store::{CaseError, StoreError};
use epay_status::tui::app::{Command, EditorKind, Msg};
use epay_status::tui::keymap::Where;

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// A dashboard with one lookup of 205218074, the list focused on it.
async fn looked_up() -> Harness {
    let mut h = Harness::new((80, 24)).await;
    h.submit("205218074").await;
    h.key(KeyCode::Esc).await;
    h
}

async fn case_of(h: &Harness, invoice: &str) -> Option<epay_status::case::CaseFile> {
    h.workers.store().case(&common::invoice(invoice)).await.unwrap()
}

#[tokio::test]
async fn a_note_typed_on_several_lines_opens_the_case_and_shows_above_the_hints() {
    let mut h = looked_up().await;
    h.key(KeyCode::Char('n')).await;
    assert_eq!(h.app.keys_land(), Where::Note);
    assert!(h.screen().contains("Note on 205218074"), "{}", h.screen());
    // Letters are text in the editor, not keys: q does not quit.
    h.type_text("q: customer says").await;
    h.key(KeyCode::Enter).await;
    h.type_text("the card was stolen").await;
    assert!(!h.app.quit);
    h.press(ctrl('s')).await;

    let file = case_of(&h, "205218074").await.expect("the note opened a case");
    let notes: Vec<&Change> = file.latest_notes().map(|e| &e.change).collect();
    assert_eq!(notes, [&Change::Note("q: customer says\nthe card was stolen".into())]);
    assert_eq!(file.case.owner, "aigerim", "the opener owns it");
    assert_eq!(file.case.deadline, chrono::NaiveDate::from_ymd_opt(2026, 12, 4), "case_deadline_days from today");
    assert!(h.app.cases.editor.is_none(), "saved: the editor closed");
    let screen = h.screen();
    assert!(screen.contains("Case open · 7 days left (12-04) · aigerim"), "{screen}");
    // Every line of the note, the second under the first one's text.
    let first = screen.lines().find(|l| l.contains("aigerim: q: customer says")).expect(&screen).to_owned();
    let column = first.find("q: customer says").unwrap();
    let second = screen.lines().find(|l| l.contains("the card was stolen")).expect(&screen).to_owned();
    assert_eq!(second.find("the card was stolen"), Some(column), "{screen}");
    assert!(!screen.contains("customer says …"), "{screen}");
    assert!(screen.contains("205218074 ⚑"), "the list marks the invoice: {screen}");
}

#[tokio::test]
async fn esc_keeps_the_note_as_a_draft_and_a_paste_keeps_its_line_breaks() {
    let mut h = looked_up().await;
    h.key(KeyCode::Char('n')).await;
    h.events(vec![Event::Paste("first line\r\nsecond line".into())]).await;
    h.key(KeyCode::Esc).await;
    assert!(h.app.cases.editor.is_none());
    assert!(case_of(&h, "205218074").await.is_none(), "nothing was written");
    assert!(h.app.notice.as_ref().unwrap().text.contains("kept as a draft"));
    h.key(KeyCode::Char('n')).await;
    h.type_text(" and more").await;
    h.press(ctrl('s')).await;
    let file = case_of(&h, "205218074").await.unwrap();
    assert_eq!(file.latest_notes().next().unwrap().change, Change::Note("first line\nsecond line and more".into()));
}

#[tokio::test]
async fn state_deadline_tags_and_ownership_from_their_keys() {
    let mut h = looked_up().await;
    // Ownership alone cannot open a case: said, nothing written.
    h.key(KeyCode::Char('o')).await;
    assert!(h.app.notice.as_ref().unwrap().text.contains("has no case yet"), "{:?}", h.app.notice);
    assert!(case_of(&h, "205218074").await.is_none());

    h.key(KeyCode::Char('S')).await;
    assert_eq!(h.app.keys_land(), Where::Picker);
    h.key(KeyCode::Char('3')).await;
    assert_eq!(case_of(&h, "205218074").await.unwrap().case.state, State::WaitingBank);

    // A bad date is refused in the editor, which stays open with the text.
    h.key(KeyCode::Char('D')).await;
    h.press(ctrl('u')).await;
    h.type_text("31.02.2026").await;
    h.key(KeyCode::Enter).await;
    assert!(h.app.notice.as_ref().unwrap().text.contains("is not a date"), "{:?}", h.app.notice);
    assert_eq!(h.app.keys_land(), Where::Line);
    h.press(ctrl('u')).await;
    h.type_text("-1 ").await;
    for _ in 0..3 {
        h.key(KeyCode::Backspace).await;
    }
    h.type_text("26.11.2026").await;
    h.key(KeyCode::Enter).await;
    assert_eq!(case_of(&h, "205218074").await.unwrap().case.deadline, chrono::NaiveDate::from_ymd_opt(2026, 11, 26));

    h.key(KeyCode::Char('T')).await;
    h.type_text("Chargeback fraud").await;
    h.key(KeyCode::Enter).await;
    h.key(KeyCode::Char('T')).await;
    h.type_text("-fraud").await;
    h.key(KeyCode::Enter).await;
    let case = case_of(&h, "205218074").await.unwrap().case;
    assert_eq!(case.tags, ["chargeback"]);

    // Overdue: in words and with a marker, in the details and the status bar.
    let screen = h.screen();
    assert!(screen.contains("▲ 1 day overdue (11-26)"), "{screen}");
    assert!(screen.lines().last().unwrap().contains("▲ 1 due"), "{screen}");
}

#[tokio::test]
async fn the_cases_view_lists_open_cases_by_deadline_and_enter_lists_the_lookups() {
    let mut h = looked_up().await;
    h.submit("100000001").await;
    h.key(KeyCode::Esc).await;
    let store = async |h: &Harness, invoice: &str, changes: &[Change]| {
        let opening = epay_status::case::Opening { owner: "daniyar".into(), deadline: None };
        let who = epay_status::checker::Checker { operator: "daniyar".into(), ..Default::default() };
        let at = common::harness::now();
        h.workers.store().change_case(&common::invoice(invoice), &who, at, changes, &opening).await.unwrap();
    };
    let date = |d| Change::Deadline(chrono::NaiveDate::from_ymd_opt(2026, 12, d));
    store(&h, "100000001", &[Change::Note("later".into()), date(9)]).await;
    store(&h, "205218074", &[Change::Note("sooner".into()), date(1)]).await;
    store(&h, "200000001", &[Change::State(State::Won)]).await;

    h.key(KeyCode::Char('C')).await;
    assert_eq!(h.app.keys_land(), Where::Cases);
    let order: Vec<&str> = h.app.cases.visible().map(|c| c.invoice.as_str()).collect();
    assert_eq!(order, ["205218074", "100000001", "200000001"], "open by deadline, closed last");
    let screen = h.screen();
    assert!(screen.contains("Cases (2 open)") && screen.contains("Case — 205218074"), "{screen}");
    assert!(screen.contains("sooner"), "the selected case's trail: {screen}");

    h.key(KeyCode::Down).await;
    assert!(h.screen().contains("later"), "{}", h.screen());
    // Filtered like the history.
    h.key(KeyCode::Char('/')).await;
    h.type_text("won").await;
    h.key(KeyCode::Enter).await;
    let order: Vec<&str> = h.app.cases.visible().map(|c| c.invoice.as_str()).collect();
    assert_eq!(order, ["200000001"]);
    h.key(KeyCode::Esc).await;
    assert_eq!(h.app.cases.visible().count(), 3);

    h.key(KeyCode::Enter).await;
    assert!(!h.app.cases.shown);
    assert_eq!(h.app.lookups.filter, epay_status::store::Filter::Invoice(common::invoice("205218074")));
}

#[tokio::test]
async fn a_failed_save_keeps_the_editor_and_its_text() {
    let mut h = looked_up().await;
    h.key(KeyCode::Char('n')).await;
    h.type_text("keep me").await;
    // As the loop hands the state a refusal from the store.
    let invoice = common::invoice("205218074");
    h.app.cases.editor.as_mut().unwrap().saving = true;
    let away =
        StoreError::Away { location: "team history postgresql://ops@db/epay".into(), why: "connection refused".into() };
    h.send(Msg::CaseChanged { invoice, result: Err(CaseError::Store(away)) }).await;
    let editor = h.app.cases.editor.as_ref().expect("still open");
    assert!(!editor.saving);
    match &editor.kind {
        epay_status::tui::app::EditorKind::Note(text) => assert_eq!(text.lines(), ["keep me"]),
        _ => panic!("a note editor"),
    }
    let notice = &h.app.notice.as_ref().unwrap().text;
    assert!(
        notice.contains("not changed: team history postgresql://ops@db/epay: connection refused; nothing was written"),
        "{notice}"
    );
}

#[tokio::test]
async fn a_teammates_case_change_reads_the_cases_and_the_case_on_screen() {
    let mut h = looked_up().await;
    let cmds = h.app.update(Msg::Team(epay_status::store::TeamEvent::CaseChanged), common::harness::now());
    assert_eq!(cmds, [Command::ReadCases, Command::LoadCase(common::invoice("205218074"))]);
}

#[tokio::test]
async fn quitting_with_an_unsaved_note_asks_twice_and_ctrl_c_works_in_the_editor() {
    let mut h = looked_up().await;
    h.key(KeyCode::Char('n')).await;
    h.type_text("half a thought").await;
    h.press(ctrl('c')).await;
    assert!(!h.app.quit, "the note would be lost");
    assert!(h.app.cases.editor.is_none(), "Ctrl-C leaves the editor, keeping the text");
    assert!(h.app.notice.as_ref().unwrap().text.contains("unsaved note for 205218074"), "{:?}", h.app.notice);
    // Another key in between: the next q asks again.
    h.key(KeyCode::Down).await;
    h.key(KeyCode::Char('q')).await;
    assert!(!h.app.quit);
    h.key(KeyCode::Char('q')).await;
    assert!(h.app.quit, "asked twice: quits");
}

#[tokio::test]
async fn keys_for_a_lookup_do_nothing_in_the_cases_view_and_say_why() {
    let mut h = looked_up().await;
    h.key(KeyCode::Char('S')).await;
    h.key(KeyCode::Char('1')).await;
    h.key(KeyCode::Char('C')).await;
    // In the list and in the details pane (which shows the case), w would
    // report on a lookup out of sight.
    for pane in ["list", "details"] {
        h.app.notice = None;
        h.key(KeyCode::Char('w')).await;
        assert!(h.app.notice.as_ref().unwrap().text.contains("no lookup here"), "{pane}: {:?}", h.app.notice);
        h.key(KeyCode::Tab).await;
    }
    assert!(!h.dir.path().join("reports").exists(), "no report of a lookup out of sight");
}

#[tokio::test]
async fn a_case_changed_by_another_process_is_flagged_once_its_lookup_is_read() {
    let mut h = Harness::new((80, 24)).await;
    h.submit("205218074").await;
    h.submit("100000001").await;
    h.key(KeyCode::Esc).await;
    let who = epay_status::checker::Checker { operator: "daniyar".into(), ..Default::default() };
    let tomorrow = chrono::NaiveDate::from_ymd_opt(2026, 11, 28);
    let opening = epay_status::case::Opening::default();
    let changes = [Change::Deadline(tomorrow)];
    let at = common::harness::now();
    // As another process on the same file: this dashboard is not told.
    epay_status::store::Store::open(&h.dir.path().join("history.sqlite3"))
        .store
        .change_case(&common::invoice("205218074"), &who, at, &changes, &opening)
        .await
        .unwrap();
    assert!(h.app.cases.of(&common::invoice("205218074")).is_none());
    h.key(KeyCode::Down).await;
    assert!(h.app.cases.of(&common::invoice("205218074")).is_some(), "read with the lookup's details");
    assert!(h.screen().contains("205218074 ⚑"), "{}", h.screen());
    assert!(h.screen().lines().last().unwrap().contains("▲ 1 due"), "{}", h.screen());
}

#[tokio::test]
async fn a_click_in_the_cases_view_picks_the_case_under_it_on_a_large_screen() {
    use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
    let mut h = Harness::new((160, 48)).await;
    let who = epay_status::checker::Checker { operator: "daniyar".into(), ..Default::default() };
    for i in 0..30 {
        let invoice = common::invoice(&format!("3000000{i:02}"));
        let deadline = chrono::NaiveDate::from_ymd_opt(2026, 12, 1 + i);
        let changes = [Change::Deadline(deadline)];
        let opening = epay_status::case::Opening::default();
        h.workers.store().change_case(&invoice, &who, common::harness::now(), &changes, &opening).await.unwrap();
    }
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('C')).await;
    // The list has the map's room: its 25th row is below where the
    // history list would end.
    let screen = h.screen();
    let row = screen.lines().position(|l| l.contains("300000024")).expect("row 25 is on screen") as u16;
    let click =
        MouseEvent { kind: MouseEventKind::Down(MouseButton::Left), column: 3, row, modifiers: KeyModifiers::NONE };
    h.events(vec![Event::Mouse(click)]).await;
    assert_eq!(h.app.cases.selected_case().unwrap().invoice.as_str(), "300000024");
    assert!(h.screen().contains("Case — 300000024"), "{}", h.screen());
}

#[tokio::test]
async fn the_deadline_editor_shows_the_deadline_selected_and_typing_replaces_it() {
    let mut h = looked_up().await;
    h.key(KeyCode::Char('S')).await;
    h.key(KeyCode::Char('1')).await;
    let proposed = case_of(&h, "205218074").await.unwrap().case.deadline.expect("proposed on opening");
    h.key(KeyCode::Char('D')).await;
    assert!(h.app.cases.editor.as_ref().unwrap().proposed);
    let screen = h.screen();
    assert!(screen.contains("Ctrl-U clears"), "the hint names Ctrl-U: {screen}");
    h.type_text("+3").await;
    h.key(KeyCode::Enter).await;
    let today = common::harness::now().with_timezone(&common::harness::tz()).date_naive();
    assert_eq!(
        case_of(&h, "205218074").await.unwrap().case.deadline,
        Some(today + chrono::Days::new(3)),
        "not {proposed}+3"
    );
    // Moving along it first keeps it, to be edited.
    h.key(KeyCode::Char('D')).await;
    h.key(KeyCode::End).await;
    assert!(!h.app.cases.editor.as_ref().unwrap().proposed);
    h.key(KeyCode::Backspace).await;
    h.type_text("9").await;
    let EditorKind::Deadline(line) = &h.app.cases.editor.as_ref().unwrap().kind else { panic!("the deadline editor") };
    assert_eq!(line.value().len(), 10, "the date edited in place: {}", line.value());
    assert!(line.value().ends_with('9'), "{}", line.value());
}

#[tokio::test]
async fn a_teammates_change_to_the_case_on_screen_is_said_and_o_on_mine_says_so() {
    let mut h = looked_up().await;
    h.key(KeyCode::Char('n')).await;
    h.type_text("customer disputes").await;
    h.press(ctrl('s')).await;
    // Mine already: o says so and sends nothing.
    let commands = h.app.update(
        Msg::Terminal(Event::Key(crossterm::event::KeyEvent::from(KeyCode::Char('o')))),
        common::harness::now(),
    );
    assert!(commands.is_empty(), "{commands:?}");
    assert!(h.app.notice.as_ref().unwrap().text.contains("case 205218074 is yours already"), "{:?}", h.app.notice);
    // dana takes it, from her own dashboard.
    let dana = epay_status::checker::Checker { operator: "dana".into(), ..h.session.checker.clone() };
    let opening = epay_status::case::Opening { owner: "dana".into(), deadline: None };
    let invoice = common::invoice("205218074");
    let take = [Change::Owner("dana".into())];
    h.workers.store().change_case(&invoice, &dana, common::harness::now(), &take, &opening).await.unwrap();
    h.send(Msg::Team(epay_status::store::TeamEvent::CaseChanged)).await;
    assert!(h.screen().contains("dana took case 205218074"), "{}", h.screen());
    // Then she notes something.
    let note = [Change::Note("bank asked for the receipt".into())];
    h.workers.store().change_case(&invoice, &dana, common::harness::now(), &note, &opening).await.unwrap();
    h.send(Msg::Team(epay_status::store::TeamEvent::CaseChanged)).await;
    assert!(h.screen().contains("dana added a note to case 205218074"), "{}", h.screen());
    // My own change raises no such notice.
    h.key(KeyCode::Char('o')).await;
    assert!(!h.screen().contains("aigerim took case"), "{}", h.screen());
}
