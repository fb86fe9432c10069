//! Chargeback intake: the acquirer's list (the Russian CSV in assets/, its
//! XLSX twin with real Excel dates, English headers) into cases, against
//! the real sandbox's statement, on both backends (a SQLite file and the
//! team's PostgreSQL).

mod common;

use std::path::{Path, PathBuf};

use common::*;
use epay_status::case::{Change, Opening, State};
use epay_status::checker::Checker;
use epay_status::i18n::Language;
use epay_status::intake::{Intake, IntakeError, Outcome, Row};
use epay_status::sandbox::Sandbox;
use epay_status::store::{Filter, Store};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/intake/chargebacks-sample.csv");

/// The outcomes the sample's five rows must have.
fn expected() -> Vec<(&'static str, Option<&'static str>)> {
    vec![
        ("opened", Some("100000016")),
        ("opened", Some("205218074")),
        ("ambiguous", None),
        ("not_found", None),
        ("opened", Some("100000001")),
    ]
}

fn outcomes(rows: &[Row]) -> Vec<(&'static str, Option<String>)> {
    rows.iter().map(|r| (r.outcome.name(), r.invoice.map(|i| i.to_string()))).collect()
}

fn same(rows: &[Row], want: &[(&'static str, Option<&'static str>)]) -> bool {
    let want: Vec<(&str, Option<String>)> = want.iter().map(|(o, i)| (*o, i.map(str::to_owned))).collect();
    outcomes(rows) == want
}

struct World {
    sandbox: Sandbox,
    who: Checker,
}

impl World {
    async fn new() -> World {
        World { sandbox: sandbox().await, who: Checker { operator: "aigerim".into(), ..Checker::default() } }
    }

    async fn run(&self, store: &Store, path: &Path, dry_run: bool) -> Result<Vec<Row>, IntakeError> {
        let client = test_client(&self.sandbox);
        let statement = statement_client(&self.sandbox);
        let intake = Intake {
            store,
            client: &client,
            statement: Some(&statement),
            who: &self.who,
            case_deadline_days: Some(7),
            dry_run,
            lang: Language::En,
        };
        intake.run(path, &|_, _| {}).await
    }
}

/// Every backend a team may use: the embedded file and PostgreSQL.
async fn backends(dir: &Path) -> Vec<(&'static str, Store)> {
    let file = Store::open(&dir.join("history.sqlite3")).store;
    let url = postgres::fresh_database().await;
    let team = postgres::team_store(&url, &dir.join("team")).await;
    vec![("sqlite", file), ("postgres", team)]
}

async fn assert_the_sample_becomes_cases(world: &World, store: &Store, name: &str, path: &Path) {
    let rows = world.run(store, path, false).await.unwrap();
    assert!(same(&rows, &expected()), "{name}: {:?}", outcomes(&rows));
    let Outcome::Ambiguous(candidates) = &rows[2].outcome else { unreachable!() };
    let mut candidates = candidates.clone();
    candidates.sort();
    assert_eq!(candidates, ["100000070", "100000071"], "{name}");
    assert!(
        rows[3].tried.iter().any(|t| t.contains("the statement by card 521234******0000")),
        "{name}: {:?}",
        rows[3]
    );

    let file = store.case(&invoice("100000016")).await.unwrap().expect("a case");
    assert_eq!(file.case.tags, ["10.4"], "{name}");
    assert_eq!(file.case.deadline, chrono::NaiveDate::from_ymd_opt(2026, 12, 20), "{name}: the file's deadline");
    assert_eq!(file.case.owner, "aigerim");
    let notes: Vec<&String> =
        file.entries.iter().filter_map(|e| if let Change::Note(t) = &e.change { Some(t) } else { None }).collect();
    assert_eq!(notes.len(), 1, "{name}");
    for part in ["ARN 74567890123456789012345", "Visa 10.4", "4 200.00 KZT", "440563******1234", "Филиал: Алматы"]
    {
        assert!(notes[0].contains(part), "{name}: {part} in {}", notes[0]);
    }
    // The status was checked and recorded with the case.
    assert!(!store.summaries(&Filter::Invoice(invoice("100000016")), None).await.unwrap().is_empty(), "{name}");
    // A row with an RRN and no ARN is keyed by the RRN and the reason code.
    let other = store.case(&invoice("100000001")).await.unwrap().unwrap();
    assert!(
        other.entries.iter().any(
            |e| matches!(&e.change, Change::Note(t) if t.starts_with("Chargeback notice RRN 000000104729 · 4837"))
        )
    );

    // Read again: nothing new is opened or written, no status asked again.
    let before = entries(store).await;
    let lookups = store.summaries(&Filter::All, None).await.unwrap().len();
    let again = world.run(store, path, false).await.unwrap();
    let mut want = expected();
    for w in want.iter_mut().filter(|w| w.0 == "opened") {
        w.0 = "exists";
    }
    assert!(same(&again, &want), "{name}: {:?}", outcomes(&again));
    assert!(again.iter().all(|r| r.outcome != Outcome::Exists { added: true }), "{name}");
    assert_eq!(entries(store).await, before, "{name}: the second run wrote nothing to the cases");
    assert_eq!(store.summaries(&Filter::All, None).await.unwrap().len(), lookups, "{name}: nor to the history");
}

/// Entries in the trails of the sample's cases.
async fn entries(store: &Store) -> usize {
    let mut n = 0;
    for id in ["100000016", "205218074", "100000001"] {
        n += store.case(&invoice(id)).await.unwrap().map_or(0, |f| f.entries.len());
    }
    n
}

#[tokio::test]
async fn a_russian_csv_becomes_cases_once_on_both_backends() {
    let sample = std::fs::read(SAMPLE).unwrap();
    assert!(
        sample.starts_with(b"\xef\xbb\xbf") && sample.windows(2).any(|w| w == b"\r\n"),
        "the sample has a BOM and CRLF"
    );
    let world = World::new().await;
    let dir = tempfile::tempdir().unwrap();
    for (name, store) in backends(dir.path()).await {
        assert_the_sample_becomes_cases(&world, &store, name, Path::new(SAMPLE)).await;
    }
}

/// The sample as Excel writes it: dates as date cells, amounts and RRNs as numbers.
fn xlsx_twin(dir: &Path) -> PathBuf {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let dates = Format::new().set_num_format("dd.mm.yyyy");
    for (r, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        for (c, cell) in line.split(';').enumerate() {
            let (r, c) = (r as u32, c as u16);
            let number = cell.replace([' ', '\u{a0}'], "").replace(',', ".");
            if r > 0 && (c == 0 || c == 8) {
                let d: Vec<u16> = cell.split('.').map(|p| p.parse().unwrap()).collect();
                let date = ExcelDateTime::from_ymd(d[2], d[1] as u8, d[0] as u8).unwrap();
                sheet.write_datetime_with_format(r, c, &date, &dates).unwrap();
            } else if r > 0 && (c == 2 || c == 4) && !cell.is_empty() {
                sheet.write_number(r, c, number.parse::<f64>().unwrap()).unwrap();
            } else if !cell.is_empty() {
                sheet.write_string(r, c, cell).unwrap();
            }
        }
    }
    let path = dir.join("chargebacks.xlsx");
    book.save(&path).unwrap();
    path
}

#[tokio::test]
async fn its_xlsx_twin_with_excel_dates_reads_the_same_on_both_backends() {
    let world = World::new().await;
    let dir = tempfile::tempdir().unwrap();
    let xlsx = xlsx_twin(dir.path());
    for (name, store) in backends(dir.path()).await {
        assert_the_sample_becomes_cases(&world, &store, name, &xlsx).await;
    }
}

#[tokio::test]
async fn english_headers_with_commas_and_iso_dates() {
    let world = World::new().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cb.csv");
    std::fs::write(
        &path,
        "Transaction date,Card number,Amount,Currency,RRN,ARN,Reason code,Reason,Due date\n\
         2026-11-17,440563******1234,4200.00,KZT,000001675664,11112222333344445555666,13.1,Not received,2026-12-19\n",
    )
    .unwrap();
    let store = Store::open(&dir.path().join("h.sqlite3")).store;
    let rows = world.run(&store, &path, false).await.unwrap();
    assert!(same(&rows, &[("opened", Some("100000016"))]), "{:?}", outcomes(&rows));
    let file = store.case(&invoice("100000016")).await.unwrap().unwrap();
    assert_eq!(file.case.tags, ["13.1"]);
    // A second notice for the same payment (another ARN) goes into the open case.
    std::fs::write(
        &path,
        "Transaction date,Card number,Amount,RRN,ARN,Reason code\n\
         17.11.2026,440563******1234,\"4,200.00\",000001675664,99998888777766665555444,10.4\n",
    )
    .unwrap();
    let rows = world.run(&store, &path, false).await.unwrap();
    assert_eq!(rows[0].outcome, Outcome::Exists { added: true });
    let file = store.case(&invoice("100000016")).await.unwrap().unwrap();
    assert_eq!(file.case.tags, ["13.1", "10.4"]);
}

#[tokio::test]
async fn a_dry_run_writes_nothing_and_a_file_without_the_columns_is_refused() {
    let world = World::new().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("h.sqlite3")).store;
    let rows = world.run(&store, Path::new(SAMPLE), true).await.unwrap();
    assert!(same(&rows, &expected()), "{:?}", outcomes(&rows));
    assert!(store.cases().await.unwrap().is_empty(), "a dry run opens no case");
    assert!(store.summaries(&Filter::All, None).await.unwrap().is_empty(), "and records no lookup");

    let path = dir.path().join("short.csv");
    std::fs::write(&path, "Дата;Сумма;RRN\n17.11.2026;4200;000001675664\n").unwrap();
    match world.run(&store, &path, false).await {
        Err(IntakeError::Columns(missing)) => {
            let names: Vec<&str> = missing.iter().map(|c| c.name()).collect();
            assert_eq!(names, ["card", "reason code"]);
        }
        other => panic!("{other:?}"),
    }
    // A row that cannot be read is said with its column; the rest go on.
    std::fs::write(
        &path,
        "Дата;Карта;Сумма;RRN;Код причины\n31.02.2026;440563******1234;4200;000001675664;10.4\n\
         17.11.2026;440563******1234;4200;000001675664;10.4\n",
    )
    .unwrap();
    let rows = world.run(&store, &path, false).await.unwrap();
    assert!(
        matches!(&rows[0].outcome, Outcome::Invalid(why) if why.contains("date of the operation") && why.contains("31.02.2026"))
    );
    assert_eq!(rows[1].outcome, Outcome::Opened);
}

#[tokio::test]
async fn the_command_prints_a_line_per_row_and_exits_1_for_rows_it_could_not_place() {
    let home = tempfile::tempdir().unwrap();
    let out = run(bin(home.path()).args(["intake", "--json", SAMPLE]));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let got: Vec<&str> = lines.iter().map(|l| l["outcome"].as_str().unwrap()).collect();
    assert_eq!(got, ["opened", "opened", "ambiguous", "not_found", "opened"]);
    assert_eq!(lines[2]["candidates"].as_array().unwrap().len(), 2);
    assert!(
        stderr(&out).contains("opened 3, already open 0, ambiguous 1, not found 1, not read 0"),
        "{}",
        stderr(&out)
    );
    // The case shows the reason code's checklist, ticked by what ePay said.
    let out = run(bin(home.path()).args(["case", "100000016"]));
    let text = stdout(&out);
    assert!(text.contains("Evidence for Visa 10.4: Other fraud: card absent"), "{text}");
    assert!(text.contains("[x] 3ds") && text.contains("3-D Secure passed"), "{text}");
    assert!(text.contains("[ ] delivery"), "{text}");
    // A tick by hand is a trail entry; an item the code does not ask for is refused.
    let out = run(bin(home.path()).args(["case", "100000016", "--done", "delivery", "--json"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let case: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let delivery = case["checklist"].as_array().unwrap().iter().find(|i| i["item"] == "delivery").unwrap().clone();
    assert_eq!((delivery["done"].as_bool(), delivery["by"].is_string()), (Some(true), true));
    assert!(case["trail"].as_array().unwrap().iter().any(|e| e["change"] == "done" && e["value"] == "delivery"));
    let out = run(bin(home.path()).args(["case", "100000016", "--done", "receipt"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("its items are 3ds, ip, history, delivery"), "{}", stderr(&out));
    // Without the needed columns, exit 2 naming them.
    let bad = home.path().join("bad.csv");
    std::fs::write(&bad, "Дата;Сумма\n17.11.2026;4200\n").unwrap();
    let out = run(bin(home.path()).args(["intake"]).arg(&bad));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no column for card, reason code"), "{}", stderr(&out));
}

#[tokio::test]
async fn a_title_above_the_header_a_card_that_disagrees_and_a_decided_case_that_gets_a_new_notice() {
    let world = World::new().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("h.sqlite3")).store;
    let path = dir.path().join("cb.csv");
    // A bank's letterhead over the header; the second row's RRN is the
    // reference invoice's, with another card: not that payment.
    std::fs::write(
        &path,
        "Реестр опротестований за ноябрь 2026;;;;;;\n;;;;;;\n\
         Дата;Карта;Сумма;RRN;ARN;Код причины;Срок ответа\n\
         17.11.2026;440563******1234;4200;000001675664;74567890123456789012345;Visa 10.4;20.12.2026\n\
         17.11.2026;521234******0000;4200;000001675664;74567890123456789000001;10.4;20.12.2026\n",
    )
    .unwrap();
    let rows = world.run(&store, &path, false).await.unwrap();
    assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [4, 5], "the file's own line numbers");
    assert_eq!(outcomes(&rows), [("opened", Some("100000016".to_owned())), ("not_found", None)]);
    assert!(rows[1].tried.iter().any(|t| t.contains("another card") && t.contains("100000016")), "{:?}", rows[1]);
    let file = store.case(&invoice("100000016")).await.unwrap().unwrap();
    assert_eq!((file.case.tags.as_slice(), file.case.deadline), (["10.4".to_owned()].as_slice(), day(2026, 12, 20)));

    // The case is decided; a second notice (pre-arbitration, an earlier
    // deadline) opens it again, and a later deadline never pushes it out.
    let who = Checker { operator: "dana".into(), ..Checker::default() };
    let opening = Opening::new("dana", None, day(2026, 12, 1).unwrap());
    store
        .change_case(&invoice("100000016"), &who, chrono::Utc::now(), &[Change::State(State::Won)], &opening)
        .await
        .unwrap();
    std::fs::write(
        &path,
        "Дата;Карта;Сумма;ARN;Код причины;Срок ответа\n\
         17.11.2026;440563******1234;4200;74567890123456789077777;10.4;15.12.2026\n\
         17.11.2026;440563******1234;4200;74567890123456789088888;10.4;30.12.2026\n",
    )
    .unwrap();
    let rows = world.run(&store, &path, false).await.unwrap();
    assert_eq!(rows[0].outcome, Outcome::Exists { added: true });
    assert_eq!(rows[1].outcome, Outcome::Exists { added: true });
    let file = store.case(&invoice("100000016")).await.unwrap().unwrap();
    assert_eq!(file.case.state, State::Open, "a new notice reopens the case");
    assert_eq!(file.case.deadline, day(2026, 12, 15), "the nearer deadline stands");
}

#[tokio::test]
async fn an_unquoted_decimal_comma_and_an_arn_excel_stored_as_a_number_are_said_not_guessed() {
    use rust_xlsxwriter::Workbook;
    let world = World::new().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("h.sqlite3")).store;
    let path = dir.path().join("cb.csv");
    std::fs::write(&path, "Date,Card,Amount,RRN,Reason code\n2026-11-17,440563******1234,4200,00,000001675664,10.4\n")
        .unwrap();
    let rows = world.run(&store, &path, false).await.unwrap();
    assert!(
        matches!(&rows[0].outcome, Outcome::Invalid(why) if why.contains("more cells than the header")),
        "{rows:?}"
    );

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["Date", "Card", "Amount", "ARN", "Reason code"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "17.11.2026").unwrap();
    sheet.write_string(1, 1, "440563******1234").unwrap();
    sheet.write_number(1, 2, 4200.0).unwrap();
    sheet.write_number(1, 3, 74567890123456789012345.0).unwrap();
    sheet.write_string(1, 4, "10.4").unwrap();
    // One stray cell far down: the workbook claims a million rows.
    sheet.write_string(1_000_000, 0, "x").unwrap();
    let xlsx = dir.path().join("cb.xlsx");
    book.save(&xlsx).unwrap();
    let rows = world.run(&store, &xlsx, false).await.unwrap();
    assert_eq!(rows.len(), 2, "the stray cell is one row, not a million");
    assert!(matches!(&rows[0].outcome, Outcome::Invalid(why) if why.contains("lost its last digits")), "{rows:?}");
    assert!(store.cases().await.unwrap().is_empty());
}

fn day(y: i32, m: u32, d: u32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
}

#[tokio::test]
async fn a_title_above_a_semicolon_header_a_currency_that_disagrees_and_a_list_too_wide_for_a_note() {
    let world = World::new().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("h.sqlite3")).store;
    let path = dir.path().join("cb.csv");
    // 190 columns nobody knows: the note keeps what fits and counts the rest.
    let extra_head: String = (1..=190).map(|i| format!(";Поле {i}")).collect();
    let extra_row: String = (1..=190).map(|i| format!(";значение номер {i} {}", "x".repeat(40))).collect();
    std::fs::write(
        &path,
        format!(
            "Реестр спорных операций за ноябрь 2026\n\
             Дата;Карта;Сумма;Валюта;RRN;ARN;Код причины{extra_head}\n\
             17.11.2026;440563******1234;4200;KZT;000001675664;74567890123456789012345;10.4{extra_row}\n\
             17.11.2026;440563******1234;4200;USD;000001675664;74567890123456789000002;10.4\n"
        ),
    )
    .unwrap();
    let rows = world.run(&store, &path, false).await.unwrap();
    assert_eq!(outcomes(&rows), [("opened", Some("100000016".to_owned())), ("not_found", None)], "{rows:?}");
    assert!(
        rows[1].tried.iter().any(|t| t.contains("100000016")),
        "the KZT payment is named, not taken: {:?}",
        rows[1]
    );
    let file = store.case(&invoice("100000016")).await.unwrap().unwrap();
    let note =
        file.entries.iter().find_map(|e| if let Change::Note(t) = &e.change { Some(t.clone()) } else { None }).unwrap();
    assert!(note.contains("Поле 1: значение номер 1") && note.contains("more columns of the list"), "{note}");
}
