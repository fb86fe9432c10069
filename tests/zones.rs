//! Times shown with the offset in force at their moment in the operator's
//! zone (the tz database), on both sides of 1 March 2024, when Kazakhstan
//! moved from UTC+6 to UTC+5: `lookup`, `history`, `case`, the evidence
//! report and CSV. The dashboard's are in the render snapshots.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::*;
use epay_status::epay::{Answer, Kind, LookupType};
use epay_status::store::{NewLookup, Store};
use epay_status::zone::Zone;

fn almaty() -> Zone {
    Zone::named("Asia/Almaty").unwrap()
}

/// Noon UTC before the change (18:00 in Almaty) and after it (17:00).
fn before() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 2, 28, 12, 0, 0).unwrap()
}

fn after() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 2, 12, 0, 0).unwrap()
}

/// ePay's own answer, its creation time at +06:00 as ePay sends it.
fn answer(id: &str) -> Result<Answer, epay_status::epay::Failure> {
    let raw = serde_json::json!({"resultCode": "100", "resultMessage": "SUCCESS",
        "transaction": {"invoiceID": id, "statusName": "CHARGE", "amount": 100, "currency": "KZT",
                        "createdDate": "2022-11-15T03:52:17.289853+06:00"}});
    Ok(Answer::decode(invoice(id), Kind::Payment, 200, raw).unwrap())
}

/// A history file in `home`'s data dir with a check of 100000001 on each
/// side of the change, and a case whose entries are too.
async fn history(home: &std::path::Path) -> Store {
    let store = Store::open(&home.join("data").join(epay_status::store::FILE_NAME)).store;
    let who = epay_status::checker::Checker { operator: "aigerim".into(), ..Default::default() };
    let id = invoice("100000001");
    for at in [before(), after()] {
        let new = NewLookup {
            checked_at: at,
            who: &who,
            invoice: &id,
            requested: LookupType::Payment,
            result: &answer("100000001"),
        };
        store.record(&new).await.unwrap();
    }
    let opening = epay_status::case::Opening { owner: "aigerim".into(), deadline: None };
    for (at, note) in [(before(), "before"), (after(), "after")] {
        let note = epay_status::case::Change::Note(note.into());
        store.change_case(&id, &who, at, &[note], &opening).await.unwrap();
    }
    store
}

fn in_almaty(home: &std::path::Path, args: &[&str]) -> String {
    let out = run(bin(home).env("TZ", "Asia/Almaty").args(args));
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

#[tokio::test]
async fn history_and_the_case_trail_show_each_time_with_its_own_offset() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("data")).unwrap();
    drop(history(home.path()).await);
    let table = in_almaty(home.path(), &["history"]);
    assert!(table.contains("2024-03-02 17:00"), "after: +05:00\n{table}");
    assert!(table.contains("2024-02-28 18:00"), "before: +06:00\n{table}");
    let case = in_almaty(home.path(), &["case", "100000001"]);
    assert!(case.contains("2024-02-28 18:00"), "{case}");
    assert!(case.contains("2024-03-02 17:00"), "{case}");
    // CSV keeps UTC and ePay's own text: no zone to get wrong.
    let csv = in_almaty(home.path(), &["history", "--csv"]);
    assert!(csv.contains("2024-02-28T12:00:00Z") && csv.contains("2022-11-15T03:52:17.289853+06:00"), "{csv}");
}

#[test]
fn lookup_shows_epays_time_as_epay_meant_it() {
    let home = tempfile::tempdir().unwrap();
    let sheet = in_almaty(home.path(), &["lookup", "--no-history", "205218074"]);
    assert!(sheet.contains("2022-11-15 03:52:17 +06:00"), "{sheet}");
    assert!(!sheet.contains("02:52:17"), "{sheet}");
}

#[tokio::test]
async fn the_report_says_one_time_for_one_moment() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("data")).unwrap();
    let store = history(home.path()).await;
    let written = Utc.with_ymd_and_hms(2026, 11, 27, 5, 30, 0).unwrap();
    let evidence = epay_status::report::Evidence::gather(&store, 1, written, &Default::default()).await.unwrap();
    let md = evidence.markdown(&almaty(), epay_status::i18n::Language::En);
    assert!(md.contains("2022-11-15 03:52:17 +06:00"), "ePay's time, converted, agrees with ePay's own:\n{md}");
    assert!(!md.contains("02:52:17"), "{md}");
    assert!(md.contains("2024-02-28 18:00:00 +06:00"), "{md}");
    assert!(md.contains("2024-03-02 17:00:00 +05:00"), "{md}");
}
