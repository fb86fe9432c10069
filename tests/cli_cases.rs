//! Dispute cases through the real binary and a real SQLite file: `case`
//! changes and shows one, `cases` lists them, `history --search` finds
//! words in notes, and `report` carries the case.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::*;
use serde_json::Value;

fn json(out: &std::process::Output) -> Value {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    serde_json::from_str(stdout(out).trim()).unwrap()
}

fn operator(h: &std::path::Path, name: &str) -> std::process::Command {
    let mut cmd = bin(h);
    cmd.env("EPAY_STATUS_OPERATOR", name);
    cmd
}

#[test]
fn a_case_round_trips_through_the_cli_and_into_the_report() {
    let h = tempfile::tempdir().unwrap();
    let config = h.path().join(".config/epay-status");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "case_deadline_days = 10\n").unwrap();

    // Opened by a note; the proposed deadline and "me" as owner are entries too.
    let out = run(operator(h.path(), "aigerim").args(["case", "205218074", "--note", "customer disputes", "--json"]));
    let opened = json(&out);
    assert_eq!(opened["state"], "open");
    assert_eq!(opened["owner"], "aigerim");
    let proposed = (chrono::Local::now().date_naive() + chrono::Days::new(10)).format("%Y-%m-%d").to_string();
    assert_eq!(opened["deadline"], proposed.as_str());
    assert_eq!(opened["trail"].as_array().unwrap().len(), 4);

    // A teammate's note from stdin, with CR line breaks and an escape.
    let mut child = operator(h.path(), "daniyar")
        .args(["case", "205218074", "--note", "-", "--state", "waiting for the bank", "--tag", "Chargeback"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"bank asked for\r\nthe receipt\x1b[2J\r\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let sheet = stdout(&out);
    assert!(sheet.contains("waiting for the bank") && sheet.contains("chargeback"), "{sheet}");
    assert!(!sheet.contains('\x1b'), "the note is cleaned: {sheet:?}");

    // Bad input: exit 2, a message that says what to do, nothing written.
    for (args, says) in [
        (vec!["--state", "pending"], "is not a case state: use one of open"),
        (vec!["--deadline", "31.02.2026"], "is not a date: use 2026-12-05"),
        (vec!["--tag", "two words"], "is not a tag"),
    ] {
        let out = run(bin(h.path()).args(["case", "205218074"]).args(&args));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says) && stderr(&out).contains("nothing was written"), "{}", stderr(&out));
    }
    let out = run(bin(h.path()).args(["case", "100000001", "--tag", "fraud"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("opens with a note"), "{}", stderr(&out));

    let shown = json(&run(bin(h.path()).args(["case", "205218074", "--json"])));
    let trail = shown["trail"].as_array().unwrap();
    assert_eq!(trail.len(), 7, "the bad changes wrote nothing: {trail:?}");
    let notes: Vec<(&str, &str)> = trail
        .iter()
        .filter(|e| e["change"] == "note")
        .map(|e| (e["by"].as_str().unwrap(), e["value"].as_str().unwrap()))
        .collect();
    assert_eq!(notes, [("aigerim", "customer disputes"), ("daniyar", "bank asked for\nthe receipt[2J")]);

    // The list: open cases; a closed one only when asked for.
    run(bin(h.path()).args(["case", "100000021", "--state", "won"]));
    let listed: Vec<Value> = stdout(&run(bin(h.path()).args(["cases", "--json"])))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0]["invoiceId"].as_str(), listed[0]["notes"].as_u64()), (Some("205218074"), Some(2)));
    let all = stdout(&run(bin(h.path()).args(["cases", "--all", "--csv"])));
    assert_eq!(all.lines().count(), 3, "a header and both cases: {all}");
    assert!(all.lines().next().unwrap().starts_with("invoice_id,state,deadline,owner"));
    let mine = stdout(&run(operator(h.path(), "daniyar").args(["cases", "--owner", "me"])));
    assert!(!mine.contains("205218074"), "aigerim owns it: {mine}");
    let due = stdout(&run(bin(h.path()).args(["cases", "--due-before", "+11"])));
    assert!(due.contains("205218074"), "{due}");
    let due = stdout(&run(bin(h.path()).args(["cases", "--due-before", "+3"])));
    assert!(!due.contains("205218074"), "{due}");
    assert_eq!(run(bin(h.path()).args(["cases", "--state", "maybe"])).status.code(), Some(2));

    // History search finds the words of a note.
    assert_eq!(run(bin(h.path()).args(["lookup", "205218074", "100000021"])).status.code(), Some(0));
    let found = stdout(&run(bin(h.path()).args(["history", "--search", "RECEIPT"])));
    assert!(found.contains("205218074") && !found.contains("100000021"), "{found}");

    // The report carries the case and both notes, with who wrote them.
    let out = run(bin(h.path()).args(["report", "205218074", "--out"]).arg(h.path().join("r")));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let paths: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    let md = std::fs::read_to_string(&paths[0]).unwrap();
    assert!(md.contains("## Dispute case") && md.contains("waiting for the bank"), "{md}");
    assert!(md.contains("| aigerim | note: customer disputes |"), "{md}");
    assert!(md.contains("| daniyar | note: bank asked for<br>the receipt\\[2J |"), "{md}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&paths[1]).unwrap()).unwrap();
    assert_eq!(report["case"]["state"], "waiting-bank");
    assert_eq!(report["case"]["trail"].as_array().unwrap().len(), 7);
}

#[test]
fn case_wraps_notes_to_80_columns_off_a_terminal_under_their_column() {
    let h = tempfile::tempdir().unwrap();
    let long = "the acquirer's notice says the cardholder does not recognise the payment and asks for \
                the 3-D Secure result, the IP and its place";
    let note = format!("{long}\nreason 10.4\n  ref CB-7781-KZ");
    assert!(run(operator(h.path(), "aigerim").args(["case", "205218074", "--note", &note])).status.success());
    let out = run(bin(h.path()).args(["case", "205218074"]));
    let text = stdout(&out);
    assert!(text.lines().all(|l| l.chars().count() <= 80), "80 columns when not a terminal:\n{text}");
    let first = text.lines().position(|l| l.contains("note: the acquirer's notice")).expect(&text);
    let column = text.lines().nth(first).unwrap().find("the acquirer's").unwrap();
    let lines: Vec<&str> =
        text.lines().skip(first + 1).take_while(|l| l.len() > column && l[..column].trim().is_empty()).collect();
    assert!(lines.len() >= 3, "wrapped, then its own lines, under the first line's text:\n{text}");
    assert!(lines.iter().any(|l| l[column..].starts_with("reason 10.4")), "{text}");
    assert!(lines.iter().any(|l| l[column..].starts_with("  ref CB-7781-KZ")), "its indent kept:\n{text}");
}
