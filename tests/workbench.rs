//! The dispute workbench in the dashboard: risk hints, the IP map, evidence
//! reports, batches, sorting, watching and copying.

mod common;

use common::harness::{Harness, now};
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use epay_status::epay::Status;
use epay_status::tui::app::SortBy;
use epay_status::tui::ui::map::PIN;

fn screen(h: &mut Harness) -> (String, ratatui::buffer::Buffer) {
    (h.screen(), h.terminal.backend().buffer().clone())
}

/// Where `needle` starts in the buffer, by cell.
fn find(buf: &ratatui::buffer::Buffer, needle: &str) -> Option<(u16, u16)> {
    let area = buf.area;
    for y in 0..area.height {
        let row: Vec<&str> = (0..area.width).map(|x| buf[(x, y)].symbol()).collect();
        for x in 0..area.width as usize {
            let tail: String = row[x..].concat();
            if tail.starts_with(needle) {
                return Some((x as u16, y));
            }
        }
    }
    None
}

#[tokio::test]
async fn the_reference_example_shows_its_hints_and_a_pin_near_moscow() {
    let mut h = Harness::new((160, 48)).await;
    h.submit("205218074").await;
    let titles: Vec<String> = h.app.selected_detail().unwrap().hints.iter().map(|x| x.title.clone()).collect();
    for t in ["No 3-D Secure", "IP location outside its country", "Partial refund"] {
        assert!(titles.iter().any(|x| x == t), "{t} missing from {titles:?}");
    }
    let (text, buf) = screen(&mut h);
    assert!(text.contains("12.22 KZT of 22.22 KZT refunded"), "{text}");
    // The map: find its frame, then check the pin where Moscow must be.
    let (left, top) = find(&buf, "┌ IP 55.7386").expect("an inline map at 160x48");
    let mut right = left + 1;
    while buf[(right, top)].symbol() != "┐" {
        right += 1;
    }
    let mut bottom = top + 1;
    while buf[(left, bottom)].symbol() != "└" {
        bottom += 1;
    }
    let (width, height) = (f64::from(right - left - 1), f64::from(bottom - top - 1));
    let expect_x = f64::from(left + 1) + (37.6068 + 180.0) / 360.0 * (width - 1.0);
    let expect_y = f64::from(top + 1) + (90.0 - 55.7386) / 180.0 * (height - 1.0);
    let (px, py) = find(&buf, PIN).expect("a pin on the map");
    assert!((f64::from(px) - expect_x).abs() <= 1.5, "pin column {px}, expected about {expect_x}");
    assert!((f64::from(py) - expect_y).abs() <= 1.5, "pin row {py}, expected about {expect_y}");
    assert!(text.contains("IP 55.7386, 37.6068 in Russian Federation"), "{text}");
}

#[tokio::test]
async fn the_full_screen_map_and_no_coordinates() {
    let mut h = Harness::new((80, 24)).await;
    h.submit("205218074").await;
    let (text, _) = screen(&mut h);
    assert!(!text.contains(PIN), "no room for an inline map at 80x24");
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('m')).await;
    let (text, buf) = screen(&mut h);
    assert!(find(&buf, PIN).is_some(), "{text}");
    h.key(KeyCode::Esc).await;
    assert!(!h.app.map_full);
    h.submit("100000014").await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('m')).await;
    let (text, _) = screen(&mut h);
    assert!(text.contains("No coordinates in this answer"), "{text}");
}

#[tokio::test]
async fn an_evidence_report_is_written_and_readable() {
    let mut h = Harness::new((80, 24)).await;
    h.submit("205218074").await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('w')).await;
    let n = h.app.notice.clone().unwrap();
    let (error, notice) = (n.is_problem(), n.text);
    assert!(!error, "{notice}");
    let dir = h.dir.path().join("reports");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(notice.contains(&files[1].display().to_string()), "the Markdown's path is shown: {notice}");
    assert!(notice.contains(".json, .pdf"), "{notice}");
    assert!(std::fs::read(&files[2]).unwrap().starts_with(b"%PDF-"), "{:?}", files[2]);
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    assert_eq!(json["invoiceId"], "205218074");
    assert_eq!(json["riskHints"].as_array().unwrap().len(), 3);
    assert_eq!(json["location"]["countryAtPoint"], "RU");
    assert_eq!(json["timeline"].as_array().unwrap().len(), 1);
    let md = std::fs::read_to_string(&files[1]).unwrap();
    for needle in [
        "# Evidence: invoice 205218074",
        "| HIGH | IP location outside its country",
        "400303...9821",
        "Checks of this invoice",
        "```json",
    ] {
        assert!(md.contains(needle), "{needle} missing:\n{md}");
    }
    assert!(!md.contains("yF587AV9Ms94qN2QShFzVR3vFnWkhjbAK3sG"));
}

#[tokio::test]
async fn a_batch_with_invalid_ids_counts_and_sorts() {
    let mut h = Harness::new((80, 24)).await;
    let paste = Event::Paste("205218074\n100000001, 12345 100000002 x".into());
    h.events(vec![paste, Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))]).await;
    let notice = h.app.notice.clone().unwrap().text;
    assert!(notice.contains("\"12345\"") && notice.contains("\"x\""), "invalid IDs listed: {notice}");
    let batch = h.app.lookups.batch.clone().expect("a batch");
    assert_eq!((batch.done, batch.ids.len()), (3, 3));
    assert_eq!(batch.counts.get("REFUND"), Some(&1));
    assert_eq!(batch.counts.get("AUTH"), Some(&1));
    let (text, _) = screen(&mut h);
    assert!(text.contains("batch 3/3"), "{text}");

    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('s')).await;
    assert_eq!(h.app.lookups.sort, SortBy::Status);
    let order: Vec<&str> = h.app.list().iter().map(|e| e.invoice.as_str()).collect();
    assert_eq!(order, ["100000002", "100000001", "205218074"], "AUTH, CHARGE, REFUND");
    h.key(KeyCode::Char('s')).await;
    let order: Vec<&str> = h.app.list().iter().map(|e| e.invoice.as_str()).collect();
    assert_eq!(order, ["100000002", "100000001", "205218074"], "48 500.50, 15 000, 12.22");
    h.key(KeyCode::Char('s')).await;
    assert_eq!(h.app.lookups.sort, SortBy::Time);
}

#[tokio::test(start_paused = true)]
async fn watching_with_a_controlled_clock() {
    let mut h = Harness::new((80, 24)).await;
    // 100000040 moves NEW → AUTH → CHARGE, one step per check.
    h.submit("100000040").await;
    let w = h.app.watches.by_invoice.get(&common::invoice("100000040")).expect("NEW is watched by default").clone();
    assert!(w.auto);
    let five = chrono::Duration::minutes(5);
    // The paused clock still moves by the spinner's ticks while HTTP is in flight.
    assert!(w.next_due >= now() + five && w.next_due < now() + five + chrono::Duration::seconds(5), "{w:?}");
    assert_eq!(h.app.next_timer(), Some(w.next_due));
    // Look at something else meanwhile; the re-check must not steal the selection.
    h.submit("205218074").await;
    let selected = h.app.selected_entry().unwrap().invoice;
    let requests = h.sandbox().status_requests();
    // Not yet due: nothing happens.
    h.wait(Duration::from_secs(4 * 60)).await;
    assert_eq!(h.sandbox().status_requests(), requests);
    h.wait(Duration::from_secs(2 * 60)).await;
    assert_eq!(h.sandbox().status_requests(), requests + 1, "one re-check, by the loop's own timer");
    assert_eq!(h.app.selected_entry().unwrap().invoice, selected);
    let newest = h.app.lookups.iter().find(|e| e.invoice.as_str() == "100000040").unwrap();
    assert_eq!(newest.row.as_ref().unwrap().status, Some(Status::Auth));
    assert!(newest.changed, "NEW → AUTH is highlighted");
    assert_eq!(h.bells(), 1, "the bell rang");
    // Next round: CHARGE is final, so the automatic watch ends.
    h.wait(Duration::from_secs(6 * 60)).await;
    assert_eq!(h.bells(), 2);
    assert!(h.app.watches.by_invoice.is_empty());
    assert_eq!(h.app.lookups.iter().filter(|e| e.invoice.as_str() == "100000040").count(), 3, "all in history");
    // With nothing watched the loop arms no timer: an hour passes without a request.
    let requests = h.sandbox().status_requests();
    h.wait(Duration::from_secs(3600)).await;
    assert_eq!(h.sandbox().status_requests(), requests);
    // A manual watch stays until toggled off.
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('W')).await;
    assert!(!h.app.watches.by_invoice.get(&selected).unwrap().auto);
    h.key(KeyCode::Char('W')).await;
    assert!(h.app.watches.by_invoice.is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_batch_keeps_to_the_configured_concurrency() {
    let ids = "100000001 100000002 100000003 100000004";
    for (concurrency, least, most) in [(1, 4, 5), (2, 2, 3), (8, 1, 2)] {
        let mut h = Harness::configured((80, 24), &format!("concurrency = {concurrency}\n"), "delay=1000@all").await;
        let start = tokio::time::Instant::now();
        h.submit(ids).await;
        let took = start.elapsed().as_secs();
        assert!((least..most).contains(&took), "concurrency {concurrency}: four 1 s answers took {took} s");
        let batch = h.app.lookups.batch.clone().expect("a batch");
        assert_eq!((batch.done, batch.ids.len()), (4, 4));
        // Stored in the order they were answered, which concurrency decides.
        let mut listed: Vec<&str> = h.app.lookups.iter().map(|e| e.invoice.as_str()).collect();
        listed.sort_unstable();
        assert_eq!(listed, ["100000001", "100000002", "100000003", "100000004"], "each once");
    }
}

#[tokio::test(start_paused = true)]
async fn a_passing_fault_is_retried_by_the_shipped_loop() {
    let mut h = Harness::configured((80, 24), "", "503@100000001*2").await;
    h.submit("100000001").await;
    assert_eq!(h.sandbox().status_requests(), 3, "two 503s, then the answer");
    let entry = &h.app.lookups.get(0).unwrap();
    assert_eq!(entry.row.as_ref().unwrap().status, Some(Status::Charge));
    assert!(h.screen().contains("CHARGE"), "{}", h.screen());
}

#[tokio::test]
async fn copy_puts_a_cleaned_summary_or_one_field_on_the_clipboard() {
    let mut h = Harness::new((80, 24)).await;
    h.submit("205218074").await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('y')).await;
    assert!(h.copied().is_empty(), "y asks what to copy first");
    assert!(h.screen().contains("s summary"), "{}", h.screen());
    h.key(KeyCode::Char('s')).await;
    let text = h.copied().last().expect("a copy").clone();
    for needle in ["Invoice 205218074", "REFUND", "12.22 KZT of 22.22 KZT", "400303...9821", "46.148.239.182"] {
        assert!(text.contains(needle), "{needle} missing from {text}");
    }
    assert!(h.app.notice.as_ref().unwrap().text.contains("sent to the terminal's clipboard (OSC 52)"));
    for (key, field) in [('i', "205218074"), ('c', "400303...9821"), ('p', "46.148.239.182"), ('r', "231951411351")] {
        h.key(KeyCode::Char('y')).await;
        h.key(KeyCode::Char(key)).await;
        assert_eq!(h.copied().last().unwrap(), field, "y {key}");
    }
    // Any other key leaves the menu without copying.
    let copies = h.copied().len();
    h.key(KeyCode::Char('y')).await;
    h.key(KeyCode::Char('x')).await;
    assert_eq!(h.copied().len(), copies);
    assert!(!h.app.copy_menu);
    h.submit("100000022").await;
    h.key(KeyCode::Esc).await;
    h.key(KeyCode::Char('y')).await;
    h.key(KeyCode::Char('y')).await;
    assert!(!h.copied().last().unwrap().chars().any(|c| c.is_control()), "hostile text is cleaned");
    h.key(KeyCode::Char('v')).await;
    h.key(KeyCode::Char('y')).await;
    h.key(KeyCode::Char('s')).await;
    assert!(h.copied().last().unwrap().starts_with('{'), "the raw view copies JSON");
}

#[test]
fn the_osc52_sequence() {
    let seq = epay_status::tui::clipboard::osc52("hello");
    assert_eq!(seq, "\u{1b}]52;c;aGVsbG8=\u{1b}\\");
}

#[test]
fn the_report_command_checks_records_and_writes() {
    let h = tempfile::tempdir().unwrap();
    let out_dir = h.path().join("evidence");
    let out = common::run(common::bin(h.path()).args(["report", "205218074", "--out"]).arg(&out_dir));
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let paths: Vec<String> = common::stdout(&out).lines().map(str::to_owned).collect();
    assert_eq!(paths.len(), 3);
    assert!(paths[2].ends_with(".pdf") && std::fs::read(&paths[2]).unwrap().starts_with(b"%PDF-"), "{paths:?}");
    let md = std::fs::read_to_string(&paths[0]).unwrap();
    assert!(md.contains("Partial refund") && md.contains("| Issuer | Казкоммерцбанк |"), "{md}");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&paths[1]).unwrap()).unwrap();
    assert_eq!(json["profile"], "sandbox");
    // The check landed in the history too.
    let history = common::run(common::bin(h.path()).args(["history", "--json"]));
    assert_eq!(common::stdout(&history).lines().count(), 1);
    let bad = common::run(common::bin(h.path()).args(["report", "12ab"]));
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_report_that_cannot_be_written_exits_4_and_says_where() {
    let h = tempfile::tempdir().unwrap();
    // A file where the report's folder should be.
    let blocked = h.path().join("evidence");
    std::fs::write(&blocked, "not a folder").unwrap();
    let out = common::run(common::bin(h.path()).args(["report", "205218074", "--out"]).arg(&blocked));
    assert_eq!(out.status.code(), Some(4), "a local failure, not the API's: {}", common::stderr(&out));
    assert!(common::stderr(&out).contains(&blocked.display().to_string()), "{}", common::stderr(&out));
    assert!(common::stderr(&out).contains("it is not a folder"), "{}", common::stderr(&out));
}

#[tokio::test]
async fn sorting_keeps_the_selection_and_amounts_compare_within_a_currency() {
    let mut h = Harness::new((120, 40)).await;
    h.submit("100000011 100000001 100000012 205218074").await;
    h.key(KeyCode::Esc).await;
    // Select 100000012 (120 USD), then sort twice: it stays selected.
    let pos = h.app.list().iter().position(|e| e.invoice.as_str() == "100000012").unwrap();
    h.app.lookups.selected = pos;
    for expected in [SortBy::Status, SortBy::Amount] {
        h.key(KeyCode::Char('s')).await;
        assert_eq!(h.app.lookups.sort, expected);
        assert_eq!(h.app.selected_entry().unwrap().invoice.as_str(), "100000012", "{expected:?} kept the selection");
    }
    let order: Vec<&str> = h.app.list().iter().map(|e| e.invoice.as_str()).collect();
    // KZT first (15 000, 12.22), then USD (120, 59.99): 120 USD is not "less" than 12.22 KZT.
    assert_eq!(order, ["100000001", "205218074", "100000012", "100000011"]);
    assert!(h.screen().contains("by amount, per currency"), "{}", h.screen());
}
