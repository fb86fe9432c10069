use std::path::Path;

use rusqlite::Connection;
use serde_json::json;

use super::*;
use crate::epay::LookupType;
use crate::store::tests::{answer, failure, file_store, inv, put, t, who};
use crate::store::{Count, Filter, Notice, Store, path_in};

#[tokio::test]
async fn migrating_a_version_2_file_marks_changes_by_the_same_rule() {
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
    let timeline = store.timeline(&inv("100000002"), None).await.unwrap();
    assert_eq!(timeline.iter().map(|p| p.changed).collect::<Vec<_>>(), [false, false, false, true, false]);
    // The tries written into an old message are a number now, shown as before.
    let last = store.summaries(&Filter::Invoice(inv("100000009")), Some(1)).await.unwrap()[0].store_id;
    let failed = store.load(last).await.unwrap().unwrap().result.unwrap_err();
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
    assert_eq!(store.record(&next).await.unwrap().changed_from.as_deref(), Some("CHARGE"));
}

#[tokio::test]
async fn migrates_a_version_1_database() {
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
    let conn = Connection::open(&path).unwrap();
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let found = store.summaries(&Filter::Text("шымкент".into()), None).await.unwrap();
    assert_eq!(found.len(), 1, "the old row is searchable after the migration");
    assert_eq!(found[0].checked_at.to_rfc3339(), "2026-01-01T00:00:00+00:00");
    // Its raw answer was packed on the way and reads back whole.
    let back = store.load(found[0].store_id).await.unwrap().unwrap();
    assert_eq!(back.result.unwrap().transaction.unwrap().ip_city.as_deref(), Some("Шымкент"));
    assert_eq!((back.who.operator.as_str(), back.who.machine.as_str()), ("", ""), "not known for old rows");
    assert_eq!(store.count_matching(&Filter::All).await.unwrap(), Count::Exact(1));
    let packed: Vec<u8> = conn.query_row("SELECT answer FROM lookups", [], |r| r.get(0)).unwrap();
    assert_eq!(packed[0], 1, "packed with dictionary 1");
}

#[tokio::test]
async fn a_damaged_file_is_kept_aside_and_a_fresh_store_started() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(dir.path());
    std::fs::write(&path, b"this is not a database, it is a shopping list".repeat(200)).unwrap();
    let opened = Store::open(&path);
    let Some(Notice::Damaged { path: named, aside: kept, .. }) = opened.notice else {
        panic!("the operator is told: {:?}", opened.notice)
    };
    assert_eq!(named, path.display().to_string());
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is kept");
    assert!(std::fs::read(aside[0].path()).unwrap().starts_with(b"this is not a database"));
    assert_eq!(kept, aside[0].path().display().to_string());
    put(&opened.store, t(1), "100000001", &failure()).await;
    assert_eq!(opened.store.count_matching(&Filter::All).await.unwrap(), Count::Exact(1));
    assert_eq!(opened.store.path(), Some(path.as_path()), "the fresh store is a file, not memory");
}

#[tokio::test]
async fn a_newer_schema_is_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = path_in(dir.path());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let opened = Store::open(&path);
    let Some(Notice::InMemory { why }) = opened.notice else { panic!("{:?}", opened.notice) };
    assert!(why.contains("newer"), "{why}");
    assert_eq!(opened.store.path(), Some(Path::new(":memory:")));
    let conn = Connection::open(&path).unwrap();
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 99);
}

#[cfg(unix)]
#[tokio::test]
async fn the_file_and_its_side_files_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    // This test process runs with the usual umask (022), not the binary's.
    let (dir, store) = file_store();
    put(&store, t(1), "205218074", &answer("205218074", "CHARGE", json!({}))).await;
    let path = path_in(dir.path());
    for side in ["", "-wal", "-shm"] {
        let file = format!("{}{side}", path.display());
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file} is {mode:o}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn side_files_left_open_by_an_older_run_are_narrowed() {
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

#[tokio::test]
async fn opening_waits_for_another_process_holding_a_new_file() {
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
    assert_eq!(opened.store.path(), Some(path.as_path()));
}

#[tokio::test]
async fn a_case_row_that_cannot_be_read_is_passed_over_not_the_list() {
    use crate::case::{Change, Opening};
    let (dir, store) = file_store();
    let opening = Opening { owner: "aigerim".into(), deadline: None };
    for invoice in ["205218074", "100000001"] {
        let note = [Change::Note("disputed".into())];
        store.change_case(&inv(invoice), &who(), t(9), &note, &opening).await.unwrap();
    }
    // Someone with sqlite3 (or a broken program) wrote what no case holds.
    let conn = Connection::open(path_in(dir.path())).unwrap();
    conn.execute("UPDATE cases SET notes = 'many' WHERE invoice = '100000001'", []).unwrap();
    let cases = store.cases().await.unwrap();
    assert_eq!(cases.iter().map(|c| c.invoice.as_str()).collect::<Vec<_>>(), ["205218074"]);
    let skipped = store.take_skipped();
    assert_eq!(skipped.rows, 1);
    assert!(skipped.first.as_deref().is_some_and(|why| why.contains("100000001")), "{skipped:?}");
}
