//! `epay-status lookup`, the real binary, against the sandbox on loopback.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::*;
use serde_json::Value;

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn reference_invoice_on_the_embedded_sandbox() {
    let h = home();
    let out = run(bin(h.path()).args(["lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for needle in [
        "400303...9821",
        "VISA",
        "Казкоммерцбанк",
        "REFUND",
        "12.22 KZT (partial refund of 22.22 KZT)",
        "46.148.239.182",
        "Kazakhstan",
        "55.7386, 37.6068",
        "deal_number",
        "no (F)",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn json_lines_shape() {
    let h = home();
    let out = run(bin(h.path()).args(["lookup", "--json", "205218074", "200000001", "100000101"]));
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["invoiceId"], "205218074");
    assert_eq!(lines[0]["type"], "payment");
    assert_eq!(lines[0]["resultCode"], "100");
    assert_eq!(lines[0]["transaction"]["cardMask"], "400303...9821");
    assert_eq!(lines[0]["transaction"]["amount"], serde_json::json!(12.22));
    assert_eq!(lines[0]["error"], Value::Null);
    assert_eq!(lines[1]["type"], "p2p", "auto found the p2p transfer");
    assert!(lines[1]["transaction"].get("p2p").is_none(), "the p2p wrapper is removed");
    assert_eq!(lines[1]["transaction"]["invoiceID"], "200000001");
    assert_eq!(lines[2]["resultCode"], "101");
    assert_eq!(lines[2]["transaction"], Value::Null);
    let keys: Vec<&str> = lines[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["invoiceId", "type", "resultCode", "resultMessage", "transaction", "error", "hints"]);
    assert_eq!(stderr(&out).lines().count(), 1, "one line per problem: {}", stderr(&out));
}

#[test]
fn result_code_as_a_number_is_printed_as_a_string() {
    let h = home();
    let out = run(bin(h.path()).args(["lookup", "--json", "100000015"]));
    let line: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(line["resultCode"], "100");
}

#[test]
fn not_found_explains_the_type_and_exits_1() {
    let h = home();
    let out = run(bin(h.path()).args(["lookup", "--type", "payment", "200000001"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("102"));
    assert!(stderr(&out).contains("p2p"), "{}", stderr(&out));
}

#[tokio::test]
async fn invalid_invoice_sends_nothing_and_exits_2() {
    let sb = sandbox().await;
    let h = home();
    let mut cmd = bin(h.path());
    at_sandbox(&mut cmd, &sb);
    cmd.args(["lookup", "205218074", "12345", "2052180x4"]);
    let out = run_async(cmd).await;
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("\"12345\"") && err.contains("\"2052180x4\""), "{err}");
    assert_eq!(err.lines().count(), 2);
    assert!(stdout(&out).is_empty());
    assert_eq!((sb.token_requests(), sb.status_requests()), (0, 0));
}

#[tokio::test]
async fn ten_lookups_in_one_command_cost_one_token_request() {
    let sb = sandbox().await;
    let h = home();
    let mut cmd = bin(h.path());
    at_sandbox(&mut cmd, &sb);
    cmd.args(["lookup", "--json"]).args((1..=10).map(|n| format!("1000000{n:02}")));
    let out = run_async(cmd).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 10);
    assert_eq!(sb.token_requests(), 1);
    assert_eq!(sb.status_requests(), 10);
}

#[test]
fn no_answer_exits_3() {
    let h = home();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out = run(bin(h.path())
        .env("EPAY_TOKEN_URL", format!("http://127.0.0.1:{port}/oauth2/token"))
        .env("EPAY_API_URL", format!("http://127.0.0.1:{port}"))
        .args(["lookup", "--json", "205218074"]));
    assert_eq!(out.status.code(), Some(3));
    let line: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(line["error"]["kind"], "network");
    assert_eq!(stderr(&out).lines().count(), 1);
}

#[test]
fn wrong_secret_exits_3_and_names_the_setting() {
    let h = home();
    let out = run(bin(h.path()).env("EPAY_CLIENT_SECRET", "nope-123").args(["lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("token request was refused") && err.contains("client_secret"), "{err}");
    assert!(!err.contains("nope-123") && !stdout(&out).contains("nope-123"));
}

#[test]
fn reads_ids_from_a_file_and_stdin() {
    let h = home();
    let list = h.path().join("ids.txt");
    std::fs::write(&list, "205218074\n  100000001 ,100000002\n\n").unwrap();
    let out = run(bin(h.path()).args(["lookup", "--json", "--file"]).arg(&list));
    assert_eq!(stdout(&out).lines().count(), 3, "{}", stderr(&out));

    let mut child = bin(h.path())
        .args(["lookup", "--json", "--file", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"200000001\n100000003\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let ids: Vec<String> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["invoiceId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["200000001", "100000003"], "output keeps input order");
}

#[test]
fn no_invoice_at_all_is_usage() {
    let h = home();
    let out = run(bin(h.path()).args(["lookup"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--file"));
}

#[test]
fn hostile_text_never_reaches_stdout() {
    let h = home();
    for args in [vec!["lookup", "100000022"], vec!["lookup", "--json", "100000022"]] {
        let out = run(bin(h.path()).args(&args));
        let text = stdout(&out);
        assert!(text.contains("Evil"), "{text}");
        assert!(
            !text.chars().any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
            "control character in {args:?} output"
        );
    }
}

#[test]
fn json_inside_data_carries_no_escape_sequence_for_whoever_decodes_it() {
    let h = home();
    let out = run(bin(h.path()).args(["lookup", "--json", "100000022"]));
    let line: Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    let data = line["transaction"]["data"].as_str().unwrap();
    // What `jq '.transaction.data | fromjson'` does.
    let decoded: Value = serde_json::from_str(data).unwrap();
    let note = decoded["note"].as_str().unwrap();
    assert_eq!(note, "[5mblink");
}

#[test]
fn the_sheet_shows_amounts_it_could_not_read_as_sent() {
    let h = home();
    let out = run(bin(h.path()).args(["lookup", "100000063", "100000061", "100000060"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("\"15,000\" as sent, not understood"), "{text}");
    assert!(text.contains("15 000.00"), "{text}");
    assert!(text.contains("Coordinates       unknown"), "0/0 is shown as unknown:\n{text}");
    // Fields the reference never printed, from ePay's own pages.
    assert!(text.contains("RRN (statements)  412345678901"), "{text}");
    assert!(text.contains("Account ID        9f1d2c3b-0000-4000-8000-000000000060"), "{text}");
}

#[test]
fn a_byte_order_mark_is_ignored_and_invisible_characters_are_named() {
    let h = home();
    let list = h.path().join("ids.txt");
    std::fs::write(&list, "\u{feff}205218074\r\n100000001\r\n").unwrap();
    let out = run(bin(h.path()).args(["lookup", "--file"]).arg(&list));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    std::fs::write(&list, "205218074\n1000\u{0}0001\n10000\u{200b}0002\n").unwrap();
    let out = run(bin(h.path()).args(["lookup", "--file"]).arg(&list));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains(r#"invalid invoice ID "1000\00001""#), "{err}");
    assert!(err.contains(r#"invalid invoice ID "10000\u{200b}0002""#), "{err}");
}

#[test]
fn a_panic_in_lookup_is_logged_and_exits_101() {
    // Several runs: the log line used to be lost about half the time.
    for _ in 0..4 {
        let h = home();
        let out = run(bin(h.path()).env("EPAY_SANDBOX_FAULTS", "panic").args(["lookup", "205218074"]));
        assert_eq!(out.status.code(), Some(101), "{}", stderr(&out));
        assert!(stderr(&out).contains("a panic in a background task"));
        let log = std::fs::read_to_string(h.path().join("data/epay-status.log")).unwrap();
        assert!(log.contains("panic") && log.contains("a panic in a background task"), "{log}");
    }
}

/// `lookup ARGS --file LIST` against a sandbox with `faults`, its answers
/// read line by line as they come.
#[cfg(unix)]
fn spawn_batch(
    home: &std::path::Path,
    faults: &str,
    args: &[&str],
    list: &std::path::Path,
) -> (std::process::Child, std::io::Lines<std::io::BufReader<std::process::ChildStdout>>) {
    use std::io::BufRead;
    let mut child = bin(home)
        .env("EPAY_SANDBOX_FAULTS", faults)
        .arg("lookup")
        .args(args)
        .arg("--file")
        .arg(list)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    (child, lines)
}

#[cfg(unix)]
#[test]
fn sigterm_during_a_batch_records_every_lookup_it_printed() {
    let h = home();
    let list = h.path().join("ids.txt");
    let ids: Vec<String> = (1..=33).map(|n| format!("1000000{n:02}")).collect();
    std::fs::write(&list, ids.join("\n")).unwrap();
    let (child, mut lines) = spawn_batch(h.path(), "delay=150@all", &["--json", "--concurrency", "2"], &list);
    let mut printed = 0;
    while printed < 5 {
        lines.next().unwrap().unwrap();
        printed += 1;
    }
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    printed += lines.map_while(Result::ok).count();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(printed < ids.len(), "the batch was stopped early ({printed} printed)");
    let recorded = stdout(&run(bin(h.path()).args(["history", "--json"]))).lines().count();
    assert_eq!(recorded, printed, "every printed lookup is in the history, and only those");
}

#[cfg(unix)]
#[test]
fn sigint_stops_a_batch_without_a_history_too() {
    // Without a history nothing is ever waiting to be recorded, so answers
    // that come closer together than the recording pause never let the
    // loop look at the signal: it must be heard between any two answers.
    let h = home();
    let list = h.path().join("ids.txt");
    let ids: Vec<String> = (0..30_000).map(|n| format!("{}", 300_000_000 + n)).collect();
    std::fs::write(&list, ids.join("\n")).unwrap();
    let args = ["--no-history", "--json", "--type", "payment", "--concurrency", "16"];
    let (child, mut lines) = spawn_batch(h.path(), "delay=40@all", &args, &list);
    for _ in 0..50 {
        lines.next().unwrap().unwrap();
    }
    let signalled = std::time::Instant::now();
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let printed = 50 + lines.map_while(Result::ok).count();
    let out = child.wait_with_output().unwrap();
    // The whole batch takes over a minute; stopped, it ends at once. The
    // bound is loose on purpose: it tells "stopped" from "ran to the end".
    assert!(signalled.elapsed() < std::time::Duration::from_secs(15), "{:?} after SIGINT", signalled.elapsed());
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(printed < ids.len() / 2, "the batch was not stopped ({printed} printed)");
}

#[test]
fn the_sheet_leads_with_the_dashboards_headline_and_hints() {
    let h = home();
    let out = run(bin(h.path()).args(["lookup", "205218074"]));
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(lines.next().unwrap(), "205218074  REFUND — refunded (partial)");
    assert!(lines.next().unwrap().starts_with("  HIGH   IP location outside its country:"), "{text}");
    let json = run(bin(h.path()).args(["lookup", "--json", "205218074"]));
    let v: serde_json::Value = serde_json::from_str(stdout(&json).trim()).unwrap();
    let titles: Vec<&str> = v["hints"].as_array().unwrap().iter().map(|h| h["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["IP location outside its country", "No 3-D Secure", "Partial refund"]);
    assert_eq!(v["hints"][0]["severity"], "HIGH");
    // Both shapes carry the same hints for a card seen on another invoice.
    assert!(run(bin(h.path()).args(["lookup", "100000001"])).status.success());
    let v: serde_json::Value =
        serde_json::from_str(stdout(&run(bin(h.path()).args(["lookup", "--json", "100000021"]))).trim()).unwrap();
    assert!(v["hints"].as_array().unwrap().iter().any(|h| h["title"] == "Card seen before"), "{v}");
}

#[test]
fn not_found_under_auto_says_both_kinds_were_asked() {
    let h = home();
    let out = run(bin(h.path()).args(["lookup", "999999999"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Not found as a payment nor as a p2p transfer"), "{}", stderr(&out));
    let typed = run(bin(h.path()).args(["lookup", "--type", "payment", "999999999"]));
    assert!(stderr(&typed).contains("lookup type"), "{}", stderr(&typed));
}
