use chrono::TimeZone;
use serde_json::json;

use super::*;
use crate::epay::{Kind, LookupError, LookupType};

fn t(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, h, 0, 0).unwrap()
}

fn inv(s: &str) -> InvoiceId {
    InvoiceId::parse(s).unwrap()
}

fn answer(invoice: &str, status: &str, extra: serde_json::Value) -> Result<Answer, Failure> {
    let mut tx = json!({
        "invoiceID": invoice, "statusName": status, "amount": 12.22, "currency": "KZT",
        "cardMask": "400303...9821", "cardID": "card-1", "ip": "46.148.239.182", "ipCity": "Алматы",
        "name": "Айгерім Сәрсенова", "email": "aigerim@example.kz"
    });
    tx.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    let raw = json!({"resultCode": "100", "resultMessage": "SUCCESS", "transaction": tx});
    Ok(Answer::decode(inv(invoice), Kind::Payment, 200, raw).unwrap())
}

fn who() -> crate::checker::Checker {
    crate::checker::Checker {
        profile: "sandbox".into(),
        api_host: "127.0.0.1:1".into(),
        operator: "aigerim".into(),
        machine: "desk-3".into(),
    }
}

fn failure() -> Result<Answer, Failure> {
    Err(Failure::new(Kind::Payment, LookupError::Timeout("status request: operation timed out".into())))
}

fn put(store: &Store, at: DateTime<Utc>, invoice: &str, result: &Result<Answer, Failure>) -> i64 {
    let invoice = inv(invoice);
    store
        .record(&NewLookup { checked_at: at, who: &who(), invoice: &invoice, requested: LookupType::Auto, result })
        .unwrap()
        .store_id
}

fn file_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let opened = Store::open(&path_in(dir.path()));
    assert!(opened.notice.is_none());
    (dir, opened.store)
}

#[test]
fn a_lookup_round_trips() {
    let (_dir, store) = file_store();
    let id = put(&store, t(10), "205218074", &answer("205218074", "REFUND", json!({"orgAmount": 22.22})));
    let back = store.load(id).unwrap().unwrap();
    assert_eq!(back.checked_at, t(10));
    assert_eq!(back.who, who(), "profile, host, operator and machine");
    assert_eq!(store.timeline(&inv("205218074"), None).unwrap()[0].operator, "aigerim");
    let a = back.result.unwrap();
    assert_eq!(a.transaction.as_ref().unwrap().card_mask.as_deref(), Some("400303...9821"));
    assert!(a.transaction.unwrap().is_partial_refund());

    let failed = put(&store, t(11), "205218074", &failure());
    let back = store.load(failed).unwrap().unwrap();
    let err = back.result.unwrap_err();
    assert_eq!(err.error.kind(), "timeout");
    assert_eq!(err.error.to_string(), "timed out: status request: operation timed out");
}

#[test]
fn newest_first_with_status_changes_marked() {
    let (_dir, store) = file_store();
    put(&store, t(10), "100000002", &answer("100000002", "AUTH", json!({})));
    put(&store, t(11), "100000001", &answer("100000001", "CHARGE", json!({})));
    put(&store, t(12), "100000002", &failure());
    put(&store, t(14), "100000002", &answer("100000002", "CHARGE", json!({})));
    put(&store, t(15), "100000002", &answer("100000002", "CHARGE", json!({})));
    let rows = store.summaries(&Filter::All, None).unwrap();
    let seen: Vec<(String, bool)> = rows.iter().map(|r| (r.invoice.to_string(), r.changed)).collect();
    assert_eq!(
        seen,
        [
            ("100000002".into(), false),
            ("100000002".into(), true),
            ("100000002".into(), false),
            ("100000001".into(), false),
            ("100000002".into(), false)
        ]
    );
    let timeline = store.timeline(&inv("100000002"), None).unwrap();
    let statuses: Vec<Option<&str>> = timeline.iter().map(|p| p.status.as_deref()).collect();
    assert_eq!(statuses, [Some("AUTH"), None, Some("CHARGE"), Some("CHARGE")]);
    assert!(timeline[2].changed);
    assert_eq!(store.summaries(&Filter::All, Some(2)).unwrap().len(), 2);
}

#[test]
fn search_by_any_remembered_text() {
    let (_dir, store) = file_store();
    put(&store, t(10), "205218074", &answer("205218074", "REFUND", json!({})));
    put(
        &store,
        t(11),
        "100000011",
        &answer(
            "100000011",
            "CHARGE",
            json!({"name": "Jonas Weber", "cardMask": "414720...3301", "cardID": "card-2",
                   "ip": "85.214.132.117", "ipCity": "Berlin", "email": "jonas@example.de"}),
        ),
    );
    let found = |q: &str| -> Vec<String> {
        store.summaries(&Filter::Text(q.into()), None).unwrap().into_iter().map(|s| s.invoice.to_string()).collect()
    };
    assert_eq!(found("алматы"), ["205218074"], "Cyrillic, any case");
    assert_eq!(found("АЙГЕРІМ"), ["205218074"], "Kazakh letters fold too");
    assert_eq!(found("9821"), ["205218074"], "a card mask fragment");
    assert_eq!(found("jonas@"), ["100000011"]);
    assert_eq!(found("85.214"), ["100000011"]);
    assert_eq!(found("refund"), ["205218074"]);
    assert_eq!(found("2052"), ["205218074"]);
    assert_eq!(found("be"), ["100000011"], "two letters use a scan");
    assert!(found("nobody-here").is_empty());
    assert_eq!(found("100%").len(), 0, "LIKE wildcards are literal");
}

#[test]
fn digits_that_begin_invoice_ids_list_those_invoices() {
    let (_dir, store) = file_store();
    put(&store, t(10), "100000011", &answer("100000011", "CHARGE", json!({})));
    put(&store, t(11), "100000012", &answer("100000012", "CHARGE", json!({})));
    put(&store, t(12), "300000001", &answer("300000001", "REFUND", json!({"description": "refund of 100000011"})));
    let found = |q: &str, limit: Option<usize>| -> Vec<String> {
        store.summaries(&Filter::Text(q.into()), limit).unwrap().into_iter().map(|s| s.invoice.to_string()).collect()
    };
    assert_eq!(found("1000000", None), ["100000012", "100000011"], "the invoices, not the description");
    assert_eq!(found(" 100000011 ", Some(5)), ["100000011"]);
    assert_eq!(found("1000000", Some(1)), ["100000012"]);
    assert_eq!(found("0000001", None), ["300000001", "100000012", "100000011"], "inside IDs: any text, newest first");
    assert_eq!(found("12345", None), Vec::<String>::new(), "five digits are not an invoice ID");
}

#[test]
fn cross_references_by_card_and_ip() {
    let (_dir, store) = file_store();
    put(&store, t(9), "205218074", &answer("205218074", "AUTH", json!({})));
    put(&store, t(10), "205218074", &answer("205218074", "CHARGE", json!({})));
    put(&store, t(11), "100000001", &answer("100000001", "CHARGE", json!({})));
    put(&store, t(12), "100000002", &answer("100000002", "CHARGE", json!({"cardID": "card-9", "ip": "1.2.3.4"})));
    // Checks of the same invoice do not count; the other invoice does.
    assert_eq!(store.others_with_card("card-1", &inv("205218074")).unwrap(), 1);
    assert_eq!(store.others_with_ip("46.148.239.182", &inv("205218074")).unwrap(), 1);
    assert_eq!(store.others_with_card("card-9", &inv("100000002")).unwrap(), 0);
    // Listing them shows only the other invoices, as the hint says.
    let card = Filter::Card { id: "card-1".into(), mask: Some("400303...9821".into()), except: inv("205218074") };
    let listed: Vec<String> = store.summaries(&card, None).unwrap().iter().map(|r| r.invoice.to_string()).collect();
    assert_eq!(listed, ["100000001"]);
    assert_eq!(card.describe(), "card 400303...9821, other invoices");
    let ip = Filter::Ip { ip: "1.2.3.4".into(), except: inv("100000002") };
    assert!(store.summaries(&ip, None).unwrap().is_empty());
}

#[test]
fn last_good_answer_before_a_failure() {
    let (_dir, store) = file_store();
    let good = put(&store, t(10), "205218074", &answer("205218074", "AUTH", json!({})));
    let bad = put(&store, t(11), "205218074", &failure());
    assert_eq!(store.last_good(&inv("205218074"), bad).unwrap().unwrap().store_id, good);
    assert!(store.last_good(&inv("205218074"), good).unwrap().is_none());
}

#[test]
fn prune_removes_only_old_entries() {
    let (_dir, store) = file_store();
    put(&store, t(1), "100000001", &failure());
    put(&store, t(20), "100000002", &failure());
    assert_eq!(store.prune(t(10)).unwrap(), 1);
    assert_eq!(store.count_matching(&Filter::All).unwrap(), Count::Exact(1));
    assert!(store.summaries(&Filter::Text("100000001".into()), None).unwrap().is_empty(), "gone from search too");
}

#[test]
fn a_change_is_decided_when_recorded_and_every_reader_sees_it() {
    let (_dir, store) = file_store();
    let record = |at, invoice: &str, result: &Result<Answer, Failure>| {
        let invoice = inv(invoice);
        let new = NewLookup { checked_at: t(at), who: &who(), invoice: &invoice, requested: LookupType::Auto, result };
        store.record(&new).unwrap().changed_from
    };
    assert_eq!(record(1, "100000002", &answer("100000002", "AUTH", json!({}))), None, "a first check changes nothing");
    assert_eq!(record(2, "100000001", &answer("100000001", "CHARGE", json!({}))), None, "another invoice");
    assert_eq!(record(3, "100000002", &failure()), None, "a failure has no status");
    let no_status = Ok(Answer::decode(
        inv("100000002"),
        Kind::Payment,
        200,
        json!({"resultCode": "100", "resultMessage": "SUCCESS", "transaction": {"invoiceID": "100000002"}}),
    )
    .unwrap());
    assert_eq!(record(4, "100000002", &no_status), None, "no status: nothing to compare");
    assert_eq!(record(5, "100000002", &answer("100000002", "CHARGE", json!({}))), Some("AUTH".into()));
    assert_eq!(record(6, "100000002", &answer("100000002", "CHARGE", json!({}))), None);
    // A filter that matches only the CHARGE rows still shows the change.
    let charged = store.summaries(&Filter::Text("charge".into()), None).unwrap();
    let marks: Vec<(String, bool)> = charged.iter().map(|r| (r.invoice.to_string(), r.changed)).collect();
    assert_eq!(
        marks,
        [("100000002".into(), false), ("100000002".into(), true), ("100000001".into(), false)],
        "{charged:?}"
    );
    let timeline = store.timeline(&inv("100000002"), None).unwrap();
    assert_eq!(timeline.iter().map(|p| p.changed).collect::<Vec<_>>(), [false, false, false, true, false]);
}

#[test]
fn migrating_a_version_2_file_marks_changes_by_the_same_rule() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(dir.path());
    {
        let mut conn = Connection::open(&path).unwrap();
        schema::migrate_to(&mut conn, 2).unwrap();
        for (at, code, status) in [
            (1, "100", Some("AUTH")),
            (2, "100", None),
            (3, "ERR", None),
            (4, "100", Some("CHARGE")),
            (5, "100", Some("CHARGE")),
        ] {
            conn.execute(
                "INSERT INTO lookups (checked_at, profile, api_host, invoice, requested_type, kind, result_code, status)
                 VALUES (?1, 'sandbox', 'h', '100000002', 'auto', 'payment', ?2, ?3)",
                rusqlite::params![format!("2026-01-01T00:00:0{at}.000000Z"), code, status],
            )
            .unwrap();
        }
    }
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO lookups (checked_at, profile, api_host, invoice, requested_type, kind, error_kind, error_message)
             VALUES ('2026-01-01T00:00:09.000000Z', 'sandbox', 'h', '100000009', 'auto', 'payment', 'timeout',
                     'timed out: status request (after 3 attempts)')",
            [],
        )
        .unwrap();
    }
    let store = Store::open(&path).store;
    let timeline = store.timeline(&inv("100000002"), None).unwrap();
    assert_eq!(timeline.iter().map(|p| p.changed).collect::<Vec<_>>(), [false, false, false, true, false]);
    // The tries written into an old message are a number now, shown as before.
    let failed = store.lookups(&Filter::Invoice(inv("100000009")), None).unwrap().remove(0).result.unwrap_err();
    assert_eq!((failed.error.detail(), failed.attempts), ("status request", 3));
    assert_eq!(failed.to_string(), "timed out: status request (after 3 attempts)");
    // And the next recording compares with the migrated rows.
    let next = NewLookup {
        checked_at: t(9),
        who: &who(),
        invoice: &inv("100000002"),
        requested: LookupType::Auto,
        result: &answer("100000002", "REFUND", json!({})),
    };
    assert_eq!(store.record(&next).unwrap().changed_from.as_deref(), Some("CHARGE"));
}

#[test]
fn migrates_a_version_1_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(dir.path());
    {
        let mut conn = Connection::open(&path).unwrap();
        schema::migrate_to(&mut conn, 1).unwrap();
        let raw = json!({"resultCode": "100", "resultMessage": "SUCCESS",
                         "transaction": {"statusName": "CHARGE", "name": "Ерлан Жақыпов", "ipCity": "Шымкент"}});
        conn.execute(
            "INSERT INTO lookups (checked_at, profile, api_host, invoice, requested_type, kind, result_code, status, raw_json)
             VALUES ('2026-01-01T00:00:00.000000Z', 'prod', 'epay-api.homebank.kz', '100000021', 'auto', 'payment', '100', 'CHARGE', ?1)",
            [raw.to_string()],
        )
        .unwrap();
        let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, 1);
    }
    let opened = Store::open(&path);
    assert!(opened.notice.is_none(), "{:?}", opened.notice);
    let store = opened.store;
    let version: u32 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let found = store.summaries(&Filter::Text("шымкент".into()), None).unwrap();
    assert_eq!(found.len(), 1, "the old row is searchable after the migration");
    assert_eq!(found[0].checked_at.to_rfc3339(), "2026-01-01T00:00:00+00:00");
    // Its raw answer was packed on the way and reads back whole.
    let back = store.load(found[0].store_id).unwrap().unwrap();
    assert_eq!(back.result.unwrap().transaction.unwrap().ip_city.as_deref(), Some("Шымкент"));
    assert_eq!((back.who.operator.as_str(), back.who.machine.as_str()), ("", ""), "not known for old rows");
    assert_eq!(store.count_matching(&Filter::All).unwrap(), Count::Exact(1));
    let packed: Vec<u8> = store.conn.query_row("SELECT answer FROM lookups", [], |r| r.get(0)).unwrap();
    assert_eq!(packed[0], 1, "packed with dictionary 1");
}

#[test]
fn a_damaged_file_is_kept_aside_and_a_fresh_store_started() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(dir.path());
    std::fs::write(&path, b"this is not a database, it is a shopping list".repeat(200)).unwrap();
    let opened = Store::open(&path);
    let notice = opened.notice.expect("the operator is told");
    assert!(notice.contains(&path.display().to_string()) && notice.contains("damaged"), "{notice}");
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is kept");
    assert!(std::fs::read(aside[0].path()).unwrap().starts_with(b"this is not a database"));
    assert!(notice.contains(&aside[0].path().display().to_string()));
    put(&opened.store, t(1), "100000001", &failure());
    assert_eq!(opened.store.count_matching(&Filter::All).unwrap(), Count::Exact(1));
    assert_eq!(opened.store.path(), path, "the fresh store is a file, not memory");
}

#[test]
fn a_newer_schema_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(dir.path());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let opened = Store::open(&path);
    assert!(opened.notice.unwrap().contains("newer"));
    assert_eq!(opened.store.path(), Path::new(":memory:"));
    let conn = Connection::open(&path).unwrap();
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 99);
}

#[cfg(unix)]
#[test]
fn the_file_and_its_side_files_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    // This test process runs with the usual umask (022), not the binary's.
    let (dir, store) = file_store();
    put(&store, t(1), "205218074", &answer("205218074", "CHARGE", json!({})));
    let path = path_in(dir.path());
    for side in ["", "-wal", "-shm"] {
        let file = format!("{}{side}", path.display());
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file} is {mode:o}");
    }
}

#[cfg(unix)]
#[test]
fn side_files_left_open_by_an_older_run_are_narrowed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(dir.path());
    drop(Store::open(&path));
    // An empty -wal beside the database, as a crash under umask 022 leaves.
    let wal = format!("{}-wal", path.display());
    std::fs::write(&wal, "").unwrap();
    for file in [path.display().to_string(), wal.clone()] {
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let _store = Store::open(&path).store;
    for file in [path.display().to_string(), wal] {
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file}");
    }
}

#[test]
fn opening_waits_for_another_process_holding_a_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(dir.path());
    // Another process is writing to the new file before it is in WAL mode;
    // SQLite fails the switch to WAL at once instead of waiting (the
    // busy timeout does not cover it), as four `lookup`s started together
    // showed on a loaded machine.
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE; CREATE TABLE other_setup(x);").unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        other.execute_batch("COMMIT").unwrap();
    });
    let opened = Store::open(&path);
    release.join().unwrap();
    assert_eq!(opened.notice, None, "opened the file, not a memory store");
    assert_eq!(opened.store.path(), path);
}

/// A history of `n` lookups of several statuses, currencies and amounts,
/// some failures among them, recorded in one transaction.
fn varied_store(n: usize) -> (tempfile::TempDir, Store) {
    let (dir, mut store) = file_store();
    let statuses = ["CHARGE", "AUTH", "REFUND", "NEW", "FAILED"];
    let currencies = [Some("KZT"), Some("USD"), None];
    let made: Vec<(InvoiceId, Result<Answer, Failure>)> = (0..n)
        .map(|i| {
            let id = format!("{}", 300_000_000 + i);
            let result = if i % 17 == 0 {
                failure()
            } else {
                let mut extra = json!({"amount": (i * 37 % 1000) as f64 / 4.0});
                match currencies[i % 3] {
                    Some(c) => extra["currency"] = json!(c),
                    None => extra["currency"] = serde_json::Value::Null,
                }
                answer(&id, statuses[i % statuses.len()], extra)
            };
            (inv(&id), result)
        })
        .collect();
    let who = who();
    store
        .record_many(made.iter().map(|(invoice, result)| NewLookup {
            checked_at: t(0),
            who: &who,
            invoice,
            requested: LookupType::Auto,
            result,
        }))
        .unwrap();
    (dir, store)
}

/// Reads a whole list through the window, page by page, forwards.
fn through_window(store: &Store, filter: &Filter, order: Order, page: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut anchor = Anchor::Start;
    loop {
        let rows = store.window(filter, order, &anchor, page).unwrap();
        let Some((_, last)) = rows.last() else { break };
        anchor = Anchor::After(last.clone());
        ids.extend(rows.iter().map(|(s, _)| s.store_id));
    }
    ids
}

#[test]
fn a_10000_row_history_read_through_the_window_equals_the_full_read() {
    let (_dir, store) = varied_store(10_000);
    let all = store.summaries(&Filter::All, None).unwrap();
    assert_eq!(store.count_matching(&Filter::All).unwrap(), Count::Exact(all.len() as u64));
    // The orders as the list means them, computed here the plain way.
    let newest: Vec<i64> = all.iter().map(|s| s.store_id).collect();
    let mut by_status = all.clone();
    by_status.sort_by(|a, b| {
        a.status
            .clone()
            .unwrap_or_default()
            .cmp(&b.status.clone().unwrap_or_default())
            .then(b.store_id.cmp(&a.store_id))
    });
    let mut by_amount = all.clone();
    by_amount.sort_by(|a, b| {
        (a.currency.is_none(), a.currency.clone())
            .cmp(&(b.currency.is_none(), b.currency.clone()))
            .then(b.amount.unwrap_or(rust_decimal::Decimal::MIN).cmp(&a.amount.unwrap_or(rust_decimal::Decimal::MIN)))
            .then(b.store_id.cmp(&a.store_id))
    });
    let ids = |rows: &[Summary]| rows.iter().map(|s| s.store_id).collect::<Vec<_>>();
    for (order, expected) in
        [(Order::Newest, newest), (Order::Status, ids(&by_status)), (Order::Amount, ids(&by_amount))]
    {
        assert_eq!(through_window(&store, &Filter::All, order, 97), expected, "{order:?}, forwards");
        // Backwards from the end, page by page, gives the same list.
        let mut back = Vec::new();
        let mut anchor = Anchor::End;
        loop {
            let rows = store.window(&Filter::All, order, &anchor, 89).unwrap();
            let Some((_, first)) = rows.first() else { break };
            anchor = Anchor::Before(first.clone());
            let mut page: Vec<i64> = rows.iter().map(|(s, _)| s.store_id).collect();
            page.extend(back);
            back = page;
        }
        assert_eq!(back, expected, "{order:?}, backwards");
    }
    // A filter pages the same way, and counts its matches.
    let auth = Filter::Text("auth".into());
    let matching: Vec<i64> = all.iter().filter(|s| s.status.as_deref() == Some("AUTH")).map(|s| s.store_id).collect();
    assert!(matching.len() > 100);
    assert_eq!(through_window(&store, &auth, Order::Newest, 50), matching);
    // "Seen in other lookups" stops counting past its cap too.
    assert_eq!(store.others_with_card("card-1", &inv("300000001")).unwrap(), SEEN_CAP + 1);
    // Its count stops at the cap; a smaller one is exact.
    assert!(matching.len() as u64 > COUNT_CAP);
    assert_eq!(store.count_matching(&auth).unwrap(), Count::MoreThan(COUNT_CAP));
    let few = Filter::Text("30000012".into());
    assert_eq!(store.count_matching(&few).unwrap(), Count::Exact(10), "300000120 to 300000129");
}

#[test]
fn an_empty_store_has_an_empty_window_and_a_zero_count() {
    let (_dir, store) = file_store();
    for anchor in [Anchor::Start, Anchor::End] {
        assert!(store.window(&Filter::All, Order::Status, &anchor, 10).unwrap().is_empty());
    }
    assert_eq!(store.count_matching(&Filter::All).unwrap(), Count::Exact(0));
    put(&store, t(1), "100000001", &failure());
    assert_eq!(store.count_matching(&Filter::All).unwrap(), Count::Exact(1), "the kept count follows the rows");
    store.prune(t(5)).unwrap();
    assert_eq!(store.count_matching(&Filter::All).unwrap(), Count::Exact(0));
}
