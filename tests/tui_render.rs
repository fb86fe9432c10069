//! Whole-dashboard render snapshots on a TestBackend, at 80x24 and 160x48.
//! Answers come from the real sandbox; time and zone are fixed.

mod common;

use common::harness::{Harness, app, at_once, history_of, now, read_from, stored};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use epay_status::epay::{Failure, Kind, LookupError};
use epay_status::tui::app::{App, Command, Msg};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn key(a: &mut App, code: KeyCode) -> Vec<Command> {
    a.update(Msg::Terminal(Event::Key(KeyEvent::new(code, KeyModifiers::NONE))), now())
}

fn submit(a: &mut App, text: &str) -> Vec<Command> {
    for c in text.chars() {
        key(a, KeyCode::Char(c));
    }
    key(a, KeyCode::Enter)
}

/// Types the IDs and delivers the sandbox's answers, recorded in a real store.
async fn looked_up(size: (u16, u16), ids: &[&str]) -> Harness {
    let mut h = Harness::new(size).await;
    for id in ids {
        h.submit(id).await;
    }
    h
}

/// The details pane given the whole body (`+` twice with it focused).
fn full_details(a: &mut App) -> String {
    while a.focus != epay_status::tui::app::Focus::Details {
        key(a, KeyCode::Tab);
    }
    while a.zoom != epay_status::tui::layout::Zoom::Full {
        key(a, KeyCode::Char('+'));
    }
    render(a)
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
        let mut a = app(size);
        let init = a.init();
        read_from(&mut a, &history_of(&[]), init);
        let screen = snap("empty", &mut a);
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
        let mut h = looked_up(size, &["205218074"]).await;
        let screen = snap("loaded", &mut h.app);
        for needle in ["REFUND", "No 3-D Secure", "IP location outside its country", "12.22 KZT of 22.22 KZT"] {
            assert!(screen.contains(needle), "{needle} missing at {size:?}");
        }
        // What a dispute needs first is on screen without a key press, even
        // at 80x24: amount of amount, card, issuer, IP and country, 3-DS, created.
        for needle in ["400303...9821", "VISA", "Казкоммерцбанк", "46.148.239.182", "Kazakhstan", "no (F)", "2022-11-"]
        {
            assert!(screen.contains(needle), "{needle} missing at {size:?}:\n{screen}");
        }
        if size == (80, 24) {
            assert!(screen.contains("400303...9821 · VISA · Казкоммерцбанк"), "the summary block:\n{screen}");
        }
        let bottom = screen.lines().last().unwrap();
        assert!(bottom.contains("? help"), "help is on the bottom line at {size:?}: {bottom}");
        assert_eq!(screen.contains("↓ more"), size == (80, 24), "more below only where the sheet does not fit");
    }
}

#[tokio::test]
async fn loaded_large_shows_every_section_without_scrolling() {
    let mut h = looked_up((160, 48), &["205218074"]).await;
    let screen = render(&mut h.app);
    for needle in ["Kazakhstan", "55.7386, 37.6068", "no (F)", "231951411351", "deal_number"] {
        assert!(screen.contains(needle), "{needle} missing");
    }
    assert_eq!(h.app.drawn.details_scroll_max(), 0, "the frame measured nothing to scroll");
}

#[tokio::test]
async fn small_terminal_scrolls_the_details() {
    let mut h = looked_up((80, 24), &["205218074"]).await;
    let a = &mut h.app;
    render(a);
    assert!(a.drawn.details_scroll_max() > 0, "the frame measured more than fits");
    key(a, KeyCode::Tab);
    key(a, KeyCode::Tab);
    for _ in 0..200 {
        key(a, KeyCode::Down);
    }
    let screen = render(a);
    assert!(screen.contains("deal_number"), "the end of the details is reachable:\n{screen}");
}

#[test]
fn error() {
    for size in SIZES {
        let mut a = app(size);
        let Command::Lookup { id, .. } = submit(&mut a, "205218074").remove(0) else { panic!("a lookup") };
        let error = LookupError::protocol(
            "HTTP 502 (text/html): the answer is not JSON",
            "<html><body>Bad Gateway</body></html>",
        );
        let result = Err(Failure::new(Kind::Payment, error));
        a.update(Msg::LookupDone { id, result, recorded: stored(1) }, now());
        let screen = snap("error", &mut a);
        assert!(screen.contains("NO ANSWER") && screen.contains("Bad Gateway"));
    }
}

#[tokio::test]
async fn non_success_answer() {
    let mut h = looked_up((80, 24), &["100000101"]).await;
    let screen = snap("reject", &mut h.app);
    assert!(screen.contains("rejected by ePay") && screen.contains("What to do"));
}

#[tokio::test]
async fn help() {
    for size in SIZES {
        let mut h = looked_up(size, &["205218074"]).await;
        key(&mut h.app, KeyCode::Char('?'));
        let screen = snap("help", &mut h.app);
        assert!(screen.contains("epay-status.log"), "{screen}");
        if size.1 < 30 {
            assert!(screen.contains("↓ more"), "{size:?}: the help says there is more below");
        }
        // The end of the help is a few pages away, wrapped text under its own column.
        for _ in 0..6 {
            key(&mut h.app, KeyCode::PageDown);
        }
        let end = render(&mut h.app);
        assert!(end.contains("q, Ctrl-C") && !end.contains("↓ more"), "{end}");
        assert!(
            !end.contains("\n│ to the ends") && !end.contains("│to the ends"),
            "a wrapped line keeps its column:\n{end}"
        );
    }
}

#[tokio::test]
async fn p2p() {
    for size in SIZES {
        let mut h = looked_up(size, &["200000002"]).await;
        let screen = snap("p2p", &mut h.app);
        assert!(screen.contains("p2p") && screen.contains("partial"));
    }
}

#[tokio::test]
async fn raw_json() {
    for size in SIZES {
        let mut h = looked_up(size, &["205218074"]).await;
        key(&mut h.app, KeyCode::Esc);
        key(&mut h.app, KeyCode::Char('v'));
        let screen = snap("raw_json", &mut h.app);
        assert!(screen.contains("\"resultCode\": \"100\""), "{screen}");
    }
}

#[tokio::test]
async fn long_cyrillic_text() {
    for size in SIZES {
        let mut h = looked_up(size, &["100000023"]).await;
        let screen = snap("cyrillic", &mut h.app);
        assert!(screen.contains("Қазақстан Халық Банкі"));
        if size.1 >= 48 {
            assert!(screen.contains("Александра") && screen.contains("Сарыагаш"), "{screen}");
        }
    }
}

#[tokio::test]
async fn hostile_text_is_not_drawn() {
    let mut h = looked_up((160, 48), &["100000022"]).await;
    let screen = render(&mut h.app);
    assert!(screen.contains("Evil"));
    assert!(!screen.chars().any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'));
}

#[tokio::test]
async fn production_is_unmistakable() {
    let mut h = looked_up((80, 24), &["100000001"]).await;
    h.app.context.production = true;
    h.app.context.who.profile = "prod".into();
    let screen = render(&mut h.app);
    assert!(screen.lines().last().unwrap().contains(" PROD "));
}

#[tokio::test]
async fn many_lookups_and_resizing() {
    let ids: Vec<String> = (1..=30).map(|n| format!("1000000{n:02}")).collect();
    let mut h = looked_up((80, 24), &[ids.join(" ").as_str()]).await;
    let a = &mut h.app;
    assert_eq!(a.lookups.len(), 30);
    render(a);
    // Select the oldest; the list scrolls to keep it in view.
    key(a, KeyCode::Esc);
    key(a, KeyCode::Char('G'));
    let screen = render(a);
    assert!(screen.contains("100000001"));
    for (w, h) in [(40, 10), (200, 60), (10, 3), (80, 24)] {
        a.update(Msg::Terminal(Event::Resize(w, h)), now());
        render(a);
    }
}

#[tokio::test]
async fn timeline_and_changed_status() {
    for size in SIZES {
        let mut h = looked_up(size, &["100000041", "100000041", "100000041"]).await;
        let screen = snap("timeline", &mut h.app);
        assert!(screen.contains("REFUND*"), "the changed row is marked");
        let screen = full_details(&mut h.app);
        assert!(screen.contains("Checks of this invoice") && screen.contains("← changed"), "{screen}");
    }
}

#[tokio::test]
async fn filtered_list() {
    let mut h = looked_up((80, 24), &["205218074 100000011 100000021 100000001"]).await;
    h.key(KeyCode::Char('/')).await;
    h.type_text("halyk").await;
    let typing = render(&mut h.app);
    assert!(typing.contains("Filter history") && typing.contains("halyk"));
    h.key(KeyCode::Enter).await;
    let screen = snap("filtered", &mut h.app);
    assert!(screen.contains("History — “halyk” (2)"), "{screen}");
}

#[test]
fn retrying_is_shown_while_pending() {
    let mut a = app((80, 24));
    let Command::Lookup { id, .. } = submit(&mut a, "100000051").remove(0) else { panic!("a lookup") };
    let retrying = epay_status::epay::Retrying { attempt: 2, of: 4, reason: epay_status::epay::RetryReason::Http(503) };
    a.update(Msg::Retrying { id, retrying }, now());
    let screen = render(&mut a);
    assert!(screen.contains("retrying (2/4): HTTP 503"), "{screen}");
    assert!(screen.contains("2/4"), "the row shows the attempt too");
}

#[tokio::test]
async fn without_colour_the_whole_selected_row_is_reversed() {
    let mut h = looked_up((80, 24), &["205218074"]).await;
    h.app.context.colour = false;
    for focus_list in [false, true] {
        if focus_list {
            key(&mut h.app, KeyCode::Esc);
        }
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| epay_status::tui::ui::draw(f, &h.app)).unwrap();
        let buf = terminal.backend().buffer();
        let y =
            (0..24).find(|&y| (0..36).map(|x| buf[(x, y)].symbol()).collect::<String>().contains("205218074")).unwrap();
        for x in 1..35 {
            let cell = &buf[(x, y)];
            assert!(
                cell.modifier.contains(ratatui::style::Modifier::REVERSED),
                "focus on the list {focus_list}: column {x} ({:?}) is not reversed",
                cell.symbol()
            );
        }
    }
}

#[test]
fn help_stays_on_the_status_bar_when_the_host_must_go() {
    let mut a = app((60, 20));
    let init = a.init();
    read_from(&mut a, &history_of(&[]), init);
    a.context.who.api_host = "epay-api.homebank.kz:443".into();
    let screen = render(&mut a);
    let bottom = screen.lines().last().unwrap();
    assert!(bottom.contains("? help"), "{bottom}");
    assert!(!bottom.contains("homebank"), "the host gave way: {bottom}");
    let wide = render(&mut app((120, 30)));
    assert!(wide.lines().last().unwrap().contains("127.0.0.1:8080"), "with room, the host stays");
}

#[test]
fn a_row_from_another_day_shows_its_date() {
    let store = history_of(&["100000001"]);
    let earlier = at_once(store.load(1)).unwrap().unwrap();
    let who = common::harness::context().who;
    let new = epay_status::store::NewLookup {
        checked_at: now() - chrono::Duration::days(2),
        who: &who,
        invoice: &earlier.invoice,
        requested: earlier.requested,
        result: &earlier.result,
    };
    at_once(store.record(&new)).unwrap();
    let mut a = app((80, 24));
    let init = a.init();
    read_from(&mut a, &store, init);
    let screen = render(&mut a);
    assert!(screen.contains("│10:29:00 100000001"), "today's row keeps its time:\n{screen}");
    assert!(screen.contains("│11-25    100000001"), "an older row says its day:\n{screen}");
}

/// The team history's state is in words in the status bar (colour is
/// extra), from the watcher's news and what recording found.
#[test]
fn team_history_state_in_the_status_bar() {
    use epay_status::store::{Health, Reach, TeamEvent};
    let mut a = app((80, 24));
    let init = a.init();
    read_from(&mut a, &history_of(&["100000001"]), init);
    let bar = |a: &mut App| render(a).lines().last().unwrap().to_owned();
    assert!(!bar(&mut a).contains("team"), "the embedded history says nothing");
    a.update(Msg::History(Health::Team { reach: Reach::Connected, spooled: 0 }), now());
    assert!(bar(&mut a).contains("team: live"), "{}", bar(&mut a));
    a.update(Msg::Team(TeamEvent::Lost { retry_in: std::time::Duration::from_millis(7_200) }), now());
    assert!(bar(&mut a).contains("team: away · try in 8 s"), "shorter at 80 columns: {}", bar(&mut a));
    a.update(Msg::History(Health::Team { reach: Reach::Reconnecting, spooled: 12 }), now());
    let screen = snap("team_reconnecting", &mut a);
    let last = screen.lines().last().unwrap();
    assert!(last.contains("team: 12 spooled · 8 s"), "short where the bar is narrow: {screen}");
    assert!(last.contains("? help"), "help still fits at 80 columns");
    let mut wide = app((120, 30));
    wide.update(Msg::History(Health::Team { reach: Reach::Reconnecting, spooled: 12 }), now());
    wide.update(Msg::Team(TeamEvent::Lost { retry_in: std::time::Duration::from_secs(3) }), now());
    assert!(bar(&mut wide).contains("team: 12 spooled · next try in 3 s"), "{}", bar(&mut wide));
    // The countdown runs with the clock, and the state asks to be woken for it.
    assert_eq!(a.next_timer(), Some(now() + chrono::Duration::seconds(1)));
    a.update(Msg::TimerDue, now() + chrono::Duration::seconds(5));
    assert!(bar(&mut a).contains("team: 12 spooled · 3 s"), "{}", bar(&mut a));
    a.update(Msg::TimerDue, now() + chrono::Duration::seconds(8));
    assert!(bar(&mut a).contains("team: 12 spooled │"), "due: trying, no countdown: {}", bar(&mut a));
    assert_eq!(a.next_timer(), None, "nothing to count down");
    // Back: the spool is sent, and the list read again.
    let commands = a.update(Msg::Team(TeamEvent::Connected), now());
    assert_eq!(commands, vec![Command::SendSpool, Command::ReadCases], "cases changed while away are read too");
    let commands =
        a.update(Msg::SpoolSent { sent: Ok(12), health: Health::Team { reach: Reach::Connected, spooled: 0 } }, now());
    assert!(commands.iter().any(|c| matches!(c, Command::ReadWindow(_))), "{commands:?}");
    assert!(bar(&mut a).contains("team: live"));
    assert!(render(&mut a).contains("sent 12 spooled lookups to the team history"));
}

/// Gives the selected lookup a case (a two-line note, a state, a tag),
/// written at the fixed moment the screens show, as a teammate would; the
/// dashboard reads it as it does a teammate's change. (The keys that do the
/// same are tested in tui_cases.rs; through them the entries would carry
/// the running clock's seconds.)
async fn with_a_case(h: &mut Harness) {
    h.key(KeyCode::Esc).await;
    let invoice = common::invoice("205218074");
    let who = h.session.checker.clone();
    let opening =
        epay_status::case::Opening::new("aigerim", Some(7), now().with_timezone(&common::harness::tz()).date_naive());
    let changes = [
        epay_status::case::Change::Note(
            "Customer says the card was stolen\nin Almaty; bank asked for the receipt".into(),
        ),
        epay_status::case::Change::State(epay_status::case::State::WaitingBank),
        epay_status::case::Change::Tag("chargeback".into()),
    ];
    h.workers.store().change_case(&invoice, &who, now(), &changes, &opening).await.unwrap();
    h.send(Msg::Team(epay_status::store::TeamEvent::CaseChanged)).await;
}

#[tokio::test]
async fn details_with_a_case() {
    for size in SIZES {
        let mut h = looked_up(size, &["205218074"]).await;
        with_a_case(&mut h).await;
        snap("case_details", &mut h.app);
        // At 80x24 the list keeps five rows; the details, zoomed, show it all.
        let screen = full_details(&mut h.app);
        assert!(screen.contains("Case waiting for the bank · 7 days left (12-04) · aigerim · chargeback"), "{screen}");
        assert!(screen.contains("▲ IP location"), "the risk hints follow the case: {screen}");
        let case_line = screen.lines().position(|l| l.contains("Case waiting")).unwrap();
        let hint_line = screen.lines().position(|l| l.contains("▲ IP location")).unwrap();
        assert!(case_line < hint_line, "the case is above the hints");
    }
}

#[tokio::test]
async fn the_cases_view() {
    for size in SIZES {
        let mut h = looked_up(size, &["205218074"]).await;
        with_a_case(&mut h).await;
        h.key(KeyCode::Char('C')).await;
        let screen = snap("cases", &mut h.app);
        assert!(screen.contains("Cases (1 open)"), "{screen}");
        let screen = full_details(&mut h.app);
        assert!(screen.contains("in Almaty; bank asked for the receipt"), "notes whole, line by line: {screen}");
    }
}

#[tokio::test]
async fn the_note_editor() {
    let mut h = looked_up((80, 24), &["205218074"]).await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('n')).await;
    h.type_text("Called the customer").await;
    let screen = snap("note_editor", &mut h.app);
    assert!(screen.contains("Ctrl-S saves"), "{screen}");
    assert!(screen.lines().last().unwrap().contains("^S save"), "{screen}");
}

/// The dashboard in Russian, chosen in the config file: panes, the
/// lookup's sheet with Russian money and dates, the risk hints, the keys
/// (help and hints), the status bar and the help overlay.
#[tokio::test]
async fn russian_dashboard() {
    for size in SIZES {
        let mut h = Harness::configured(size, "language = \"ru\"\n", "").await;
        h.submit("205218074").await;
        let screen = snap("russian", &mut h.app);
        let bottom = screen.lines().last().unwrap();
        assert!(bottom.contains("токен: действует до 12:30:00") && bottom.contains("? справка"), "{bottom}");
        assert!(screen.contains("История (1)") && screen.contains("Подробности — 205218074"), "{screen}");
        assert!(
            screen.contains("12,22 KZT из 22,22 KZT") && screen.contains("REFUND  возвращён (частичный)"),
            "{screen}"
        );
        let full = full_details(&mut h.app);
        assert!(full.contains("Частичный возврат: возвращено 12,22 KZT из 22,22 KZT"), "{full}");
        key(&mut h.app, KeyCode::Char('+'));
        assert!(screen.contains("проверен 27.11.2026 10:30:00, aigerim (desk-3)"), "{screen}");
        assert!(!screen.contains("Partial refund") && !screen.contains("No 3-D Secure"), "{screen}");
        key(&mut h.app, KeyCode::Char('?'));
        let screen = snap("russian_help", &mut h.app);
        assert!(screen.contains("Справка — Esc или ? закрывает"), "{screen}");
        assert!(screen.contains("проверить выбранный счёт ещё раз"), "{screen}");
    }
}

#[test]
fn russian_words_read_as_phrases() {
    use epay_status::i18n::{Language::Ru, count, plain, text};
    let due = |n: usize| text(Ru, "status-due", &[("count", count(n))]);
    assert_eq!([due(1), due(2), due(5)], ["▲ 1 спор к сроку", "▲ 2 спора к сроку", "▲ 5 споров к сроку"]);
    assert!(plain(Ru, "help-filter").starts_with("отфильтровать"));
}

#[tokio::test]
async fn russian_cases_view() {
    for size in SIZES {
        let mut h = Harness::configured(size, "language = \"ru\"\n", "").await;
        h.submit("205218074").await;
        with_a_case(&mut h).await;
        let screen = render(&mut h.app);
        assert!(screen.contains("Спор: ждём банк · осталось 7 дней (04.12)"), "{screen}");
        assert!(screen.contains("тип: авто (^T)"), "the lookup type in Russian too: {screen}");
        h.key(KeyCode::Char('C')).await;
        let screen = snap("russian_cases", &mut h.app);
        assert!(screen.contains("Споры (открыто: 1)") && screen.contains("Заметки и изменения"), "{screen}");
        assert!(screen.contains("состояние → ждём банк"), "{screen}");
    }
}

fn away() -> epay_status::store::StoreError {
    epay_status::store::StoreError::Away {
        location: "team history postgresql://ops@db:5432/epay".into(),
        why: "error connecting to server: Connection refused".into(),
    }
}

/// A dashboard started while the team history is away: its reads fail.
fn started_away() -> App {
    use epay_status::store::{Health, Reach};
    let mut a = app((80, 24));
    a.update(Msg::History(Health::Team { reach: Reach::Reconnecting, spooled: 0 }), now());
    for command in a.init() {
        match command {
            Command::ReadWindow(read) => drop(a.update(Msg::Window { read, found: Err(away()) }, now())),
            Command::ReadCases => drop(a.update(Msg::Cases(Err(away())), now())),
            _ => {}
        }
    }
    a
}

#[test]
fn lists_that_could_not_be_read_say_so_and_never_look_empty() {
    let mut a = started_away();
    let screen = render(&mut a);
    // 05:30 UTC is 10:30 at the test's +05:00.
    assert!(screen.contains("History — team away since 10:30 · this run's lookups (0)"), "{screen}");
    assert!(!screen.contains("History (0)"), "{screen}");
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('C'));
    let screen = render(&mut a);
    assert!(screen.contains("Cases — not read"), "{screen}");
    assert!(screen.contains("The team history is away (since 10:30)"), "{screen}");
    assert!(!screen.contains("No cases yet"), "{screen}");
}

#[test]
fn the_outage_notice_gives_way_and_the_lists_are_read_again_once_the_team_is_back() {
    use epay_status::store::TeamEvent;
    let mut a = started_away();
    assert!(render(&mut a).contains("Connection refused"), "the outage is told");
    let commands = a.update(Msg::Team(TeamEvent::Connected), now() + chrono::Duration::minutes(3));
    assert!(commands.iter().any(|c| matches!(c, Command::ReadWindow(_))), "the list is read again: {commands:?}");
    assert!(commands.contains(&Command::SendSpool) && commands.contains(&Command::ReadCases), "{commands:?}");
    let screen = render(&mut a);
    assert!(!screen.contains("Connection refused"), "{screen}");
    assert!(screen.contains("the team history answers again (away since 10:30)"), "{screen}");
    assert!(a.away.is_none());
}

#[test]
fn r_tries_the_team_history_now_and_help_lists_it() {
    use epay_status::store::{Health, Reach, TeamEvent};
    let mut embedded = app((80, 24));
    key(&mut embedded, KeyCode::Tab);
    assert!(key(&mut embedded, KeyCode::Char('R')).is_empty());
    assert!(render(&mut embedded).contains("nothing to reconnect to"));
    let mut a = started_away();
    a.update(Msg::Team(TeamEvent::Lost { retry_in: std::time::Duration::from_secs(4) }), now());
    key(&mut a, KeyCode::Tab);
    assert_eq!(key(&mut a, KeyCode::Char('R')), vec![Command::Reconnect]);
    let screen = render(&mut a);
    assert!(screen.contains("trying the team history now"), "{screen}");
    assert!(!screen.contains("next try in"), "the countdown gives way to the try: {screen}");
    a.update(Msg::Team(TeamEvent::Connected), now());
    a.update(Msg::History(Health::Team { reach: Reach::Connected, spooled: 0 }), now());
    assert!(key(&mut a, KeyCode::Char('R')).is_empty(), "live: nothing to try");
    let mut help = app((120, 60));
    key(&mut help, KeyCode::Char('?'));
    assert!(render(&mut help).contains("try the team history now"));
}

#[test]
fn quitting_with_lookups_in_the_spool_asks_once_more() {
    use epay_status::store::{Health, Reach};
    let mut a = app((80, 24));
    a.context.spool = Some("/home/op/.local/share/epay-status/spool-db.sqlite3".into());
    a.update(Msg::History(Health::Team { reach: Reach::Reconnecting, spooled: 2 }), now());
    let ctrl_c = || Msg::Terminal(Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
    a.update(ctrl_c(), now());
    assert!(!a.quit, "not at the first press");
    let notice = a.notice.as_ref().unwrap().text.clone();
    assert!(
        notice.contains("2 lookups wait in the spool /home/op/.local/share/epay-status/spool-db.sqlite3"),
        "{notice}"
    );
    assert!(notice.contains("the next epay-status started here sends them"), "{notice}");
    assert!(notice.ends_with("q or Ctrl-C again quits"), "{notice}");
    a.update(ctrl_c(), now());
    assert!(a.quit);
    // Nothing waits: it quits at once.
    let mut live = app((80, 24));
    live.update(Msg::History(Health::Team { reach: Reach::Connected, spooled: 0 }), now());
    live.update(ctrl_c(), now());
    assert!(live.quit);
}

#[tokio::test]
async fn a_note_shows_every_line_in_the_details_and_the_timeline() {
    let mut h = looked_up((200, 60), &["205218074"]).await;
    with_a_case(&mut h).await;
    let invoice = common::invoice("205218074");
    let who = h.session.checker.clone();
    let opening = epay_status::case::Opening { owner: "aigerim".into(), deadline: None };
    let note = epay_status::case::Change::Note("Acquirer's notice\nreason 10.4\nchargeback ref CB-7781-KZ".into());
    h.workers.store().change_case(&invoice, &who, now(), &[note], &opening).await.unwrap();
    h.send(Msg::Team(epay_status::store::TeamEvent::CaseChanged)).await;
    let screen = h.screen();
    // Once above the hints, once in the timeline: the third line each time.
    assert_eq!(screen.matches("chargeback ref CB-7781-KZ").count(), 2, "{screen}");
    let timeline = screen.lines().find(|l| l.contains("note: Acquirer's notice")).expect(&screen).to_owned();
    let under =
        screen.lines().find(|l| l.contains("reason 10.4") && !l.contains("aigerim:")).expect(&screen).to_owned();
    assert_eq!(under.find("reason 10.4"), timeline.find("Acquirer's notice"), "under its column:\n{screen}");
}

/// The statement search: the form over the list, then its results in the
/// list's place with the selected operation in the details.
#[tokio::test]
async fn the_statement_search() {
    for size in SIZES {
        let mut h = Harness::new(size).await;
        h.key(KeyCode::Esc).await;
        h.key(KeyCode::Char('f')).await;
        h.key(KeyCode::Tab).await;
        h.type_text("440563******1234").await;
        let screen = snap("find_form", &mut h.app);
        assert!(screen.contains("›Card") && screen.contains("Enter search"), "{screen}");
        h.key(KeyCode::Tab).await;
        h.key(KeyCode::Tab).await;
        h.type_text("2026-11-20").await;
        h.key(KeyCode::Enter).await;
        let screen = snap("find_results", &mut h.app);
        assert!(screen.contains("Statement 2026-11-20 – 2026-11-27"), "{screen}");
        assert!(screen.contains("In the statement: CHARGE"), "{screen}");
    }
}
