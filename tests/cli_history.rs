//! History recorded by `lookup` and read by `history`, through the real
//! binary and a real SQLite file.

mod common;

use std::process::Command;

use common::*;
use serde_json::Value;

fn json_lines(out: &std::process::Output) -> Vec<Value> {
    stdout(out).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn lookups_survive_and_history_has_three_shapes() {
    let h = tempfile::tempdir().unwrap();
    assert_eq!(run(bin(h.path()).args(["lookup", "205218074", "100000021"])).status.code(), Some(0));
    assert_eq!(run(bin(h.path()).args(["lookup", "205218074"])).status.code(), Some(0));

    let out = run(bin(h.path()).args(["history", "--json"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["invoiceId"], "205218074", "newest first");
    assert_eq!(lines[1]["invoiceId"], "100000021");
    for key in ["invoiceId", "type", "resultCode", "resultMessage", "transaction", "error", "checkedAt", "profile"] {
        assert!(lines[0].get(key).is_some(), "{key} missing");
    }
    assert_eq!(lines[0]["profile"], "sandbox");
    assert_eq!(lines[0]["transaction"]["cardMask"], "400303...9821");
    assert!(chrono::DateTime::parse_from_rfc3339(lines[0]["checkedAt"].as_str().unwrap()).is_ok());

    let timeline = json_lines(&run(bin(h.path()).args(["history", "--json", "205218074"])));
    assert_eq!(timeline.len(), 2, "only that invoice's checks");

    let out = run(bin(h.path()).args(["history", "--csv", "--limit", "1"]));
    let text = stdout(&out);
    let mut rows = text.lines();
    assert!(rows.next().unwrap().starts_with("checkedAt,profile,operator,machine,invoiceId,type,resultCode"));
    assert!(rows.next().unwrap().contains("Казкоммерцбанк"));
    assert!(rows.next().is_none(), "--limit 1");

    let table = stdout(&run(bin(h.path()).args(["history", "--search", "ШЫМКЕНТ"])));
    assert_eq!(table.lines().count(), 2, "a header and the one match: {table}");
    assert!(table.contains("100000021"));
}

#[test]
fn history_json_says_whether_the_status_changed() {
    let h = tempfile::tempdir().unwrap();
    // One at a time, so the checks reach the sandbox in the order given.
    let config = h.path().join(".config/epay-status");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "concurrency = 1\n").unwrap();
    // 100000040 moves NEW → AUTH → CHARGE, one step per check of one sandbox.
    let out = run(bin(h.path()).args(["lookup", "100000040", "100000040", "100000040", "100000040"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&run(bin(h.path()).args(["history", "--json"])));
    let seen: Vec<(&str, bool)> = lines
        .iter()
        .map(|l| (l["transaction"]["statusName"].as_str().unwrap(), l["statusChanged"].as_bool().unwrap()))
        .collect();
    assert_eq!(seen, [("CHARGE", false), ("CHARGE", true), ("AUTH", true), ("NEW", false)], "newest first");
}

#[test]
fn csv_keeps_an_amount_it_could_not_read_as_sent() {
    let h = tempfile::tempdir().unwrap();
    assert_eq!(run(bin(h.path()).args(["lookup", "100000063"])).status.code(), Some(0));
    let text = stdout(&run(bin(h.path()).args(["history", "--csv"])));
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().unwrap().clone();
    let row = rows.records().next().unwrap().unwrap();
    let amount = header.iter().position(|c| c == "amount").unwrap();
    assert_eq!(&row[amount], "15,000", "as sent, not empty and not 15.00");
}

#[test]
fn no_history_records_nothing() {
    let h = tempfile::tempdir().unwrap();
    run(bin(h.path()).args(["lookup", "--no-history", "205218074"]));
    assert!(stdout(&run(bin(h.path()).args(["history"]))).is_empty());
}

#[test]
fn failures_are_recorded_too() {
    let h = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = run(bin(h.path())
        .env("EPAY_TOKEN_URL", format!("http://127.0.0.1:{port}/oauth2/token"))
        .env("EPAY_API_URL", format!("http://127.0.0.1:{port}"))
        .args(["lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(3));
    let lines = json_lines(&run(bin(h.path()).args(["history", "--json"])));
    assert_eq!(lines[0]["error"]["kind"], "network");
}

#[test]
fn four_processes_writing_at_once_lose_nothing() {
    let h = tempfile::tempdir().unwrap();
    let children: Vec<_> = (0..4)
        .map(|p| {
            let ids: Vec<String> = (1..=25).map(|n| format!("1000000{:02}", (p * 25 + n) % 33 + 1)).collect();
            let mut cmd: Command = bin(h.path());
            cmd.args(["lookup", "--json", "--concurrency", "4"]).args(&ids);
            cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::piped());
            cmd.spawn().unwrap()
        })
        .collect();
    let mut said = String::new();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{:?}: {}", out.status, stderr(&out));
        said.push_str(&stderr(&out));
    }
    let lines = json_lines(&run(bin(h.path()).args(["history", "--json"])));
    assert_eq!(lines.len(), 100, "the lookups said: {said}");
}

#[test]
fn a_corrupted_history_is_kept_aside_with_a_clear_message() {
    let h = tempfile::tempdir().unwrap();
    let data = h.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let file = data.join("history.sqlite3");
    std::fs::write(&file, vec![0x5a; 8192]).unwrap();
    let out = run(bin(h.path()).args(["lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(0), "lookups still work");
    let err = stderr(&out);
    assert!(err.contains(&file.display().to_string()) && err.contains("damaged"), "{err}");
    assert_eq!(err.lines().count(), 1);
    let kept: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("history.sqlite3.damaged-"))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(std::fs::read(kept[0].path()).unwrap(), vec![0x5a; 8192]);
    assert_eq!(json_lines(&run(bin(h.path()).args(["history", "--json"]))).len(), 1);
}

#[test]
fn retention_prunes_old_entries() {
    let h = tempfile::tempdir().unwrap();
    run(bin(h.path()).args(["lookup", "205218074"]));
    // Age the row by editing the file directly, as time would.
    let db = rusqlite::Connection::open(h.path().join("data/history.sqlite3")).unwrap();
    db.execute("UPDATE lookups SET checked_at = '2020-01-01T00:00:00.000000Z'", []).unwrap();
    drop(db);
    let config = h.path().join("config.toml");
    std::fs::write(&config, "history_retention_days = 30\n").unwrap();
    run(bin(h.path()).arg("--config").arg(&config).args(["lookup", "100000001"]));
    let lines = json_lines(&run(bin(h.path()).args(["history", "--json"])));
    let ids: Vec<&str> = lines.iter().map(|l| l["invoiceId"].as_str().unwrap()).collect();
    assert_eq!(ids, ["100000001"]);
}

#[test]
fn fill_history_writes_synthetic_lookups_for_benchmarks() {
    let h = tempfile::tempdir().unwrap();
    let out = run(bin(h.path()).args(["fill-history", "120"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&run(bin(h.path()).args(["history", "--json", "--limit", "500"])));
    assert_eq!(lines.len(), 120);
    assert!(lines.iter().all(|l| l["profile"] == "synthetic" && l["error"].is_null()));
}

#[test]
fn checked_at_is_when_the_operator_asked() {
    let h = tempfile::tempdir().unwrap();
    let out = run(bin(h.path()).env("EPAY_SANDBOX_FAULTS", "delay=2000@205218074").args(["lookup", "205218074"]));
    let after = chrono::Utc::now();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = json_lines(&run(bin(h.path()).args(["history", "--json"])));
    let checked = chrono::DateTime::parse_from_rfc3339(lines[0]["checkedAt"].as_str().unwrap()).unwrap();
    // The answer took two seconds; the record keeps the moment before them.
    assert!(after.signed_duration_since(checked) >= chrono::Duration::seconds(2), "{checked} vs {after}");
}

#[test]
fn the_table_has_a_header_fits_80_columns_and_lines_up_failures() {
    let h = tempfile::tempdir().unwrap();
    run(bin(h.path()).env("EPAY_STATUS_OPERATOR", "aigerim.sarsenova").args(["lookup", "205218074", "100000001"]));
    run(bin(h.path()).env("EPAY_SANDBOX_FAULTS", "html@100000002").args(["lookup", "100000002"]));
    let out = run(bin(h.path()).arg("history"));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("CHECKED") && lines[0].contains("STATUS"), "{text}");
    assert!(lines.iter().all(|l| l.chars().count() <= 80), "{text}");
    // The operator column starts at the same place on every row.
    let by_at: Vec<usize> = lines.iter().map(|l| l.trim_end().rsplit_once("  ").unwrap().0.chars().count()).collect();
    assert!(by_at.windows(2).all(|w| w[0] == w[1]), "{text}");
    assert!(lines[2].ends_with("  aigerim…"), "a long name is cut to fit: {text}");
    assert!(lines[1].contains("no answer") && lines[1].contains("(protocol)"), "{text}");
}

#[test]
fn an_invoice_never_checked_says_so_and_exits_1() {
    let h = tempfile::tempdir().unwrap();
    run(bin(h.path()).args(["lookup", "205218074"]));
    let out = run(bin(h.path()).args(["history", "123456789"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("123456789 was never checked"), "{}", stderr(&out));
}

#[test]
fn every_lookup_says_who_checked_it_and_from_where() {
    let h = tempfile::tempdir().unwrap();
    let out = run(bin(h.path()).env("EPAY_STATUS_OPERATOR", "dauren").args(["lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let line = &json_lines(&run(bin(h.path()).args(["history", "--json"])))[0];
    assert_eq!(line["operator"], "dauren");
    assert!(line["machine"].as_str().is_some_and(|m| !m.is_empty()), "{line}");
    let table = stdout(&run(bin(h.path()).args(["history"])));
    let mut rows = table.lines();
    assert!(rows.next().unwrap().ends_with("  BY"), "{table}");
    assert!(rows.next().unwrap().ends_with("  dauren"), "{table}");
    let csv = stdout(&run(bin(h.path()).args(["history", "--csv"])));
    assert!(csv.lines().next().unwrap().contains(",profile,operator,machine,"), "{csv}");
}
