//! The team history on a real PostgreSQL: several writers at once, two
//! dashboards seeing each other's lookups through the real loop, the server
//! going away and coming back, and the password kept out of every message.

mod common;

use std::collections::HashMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::harness::{Harness, now};
use common::postgres::{Cluster, fresh_database, team_store};
use common::*;
use epay_status::checker::Checker;
use epay_status::epay::{Answer, Kind, LookupType};
use epay_status::store::{Count, Filter, Health, NewLookup, Reach, Store};

fn ids(from: u64, n: u64) -> Vec<String> {
    (from..from + n).map(|i| i.to_string()).collect()
}

fn charged(id: &str) -> Result<Answer, epay_status::epay::Failure> {
    let raw = serde_json::json!({"resultCode": "100", "resultMessage": "SUCCESS",
        "transaction": {"invoiceID": id, "statusName": "CHARGE", "amount": 100, "currency": "KZT"}});
    Ok(Answer::decode(invoice(id), Kind::Payment, 200, raw).unwrap())
}

fn who(operator: &str) -> Checker {
    Checker {
        profile: "sandbox".into(),
        api_host: "127.0.0.1:1".into(),
        operator: operator.into(),
        machine: "t".into(),
    }
}

/// Records lookups of `ids` one batch at a time; returns the store ids.
async fn record(store: &mut Store, operator: &str, ids: &[String]) -> usize {
    let who = who(operator);
    let made: Vec<_> = ids.iter().map(|id| (invoice(id), charged(id))).collect();
    store
        .record_many(made.iter().map(|(invoice, result)| NewLookup {
            checked_at: now(),
            who: &who,
            invoice,
            requested: LookupType::Payment,
            result,
        }))
        .await
        .unwrap()
}

/// How many times each invoice is in the history.
async fn times_stored(store: &Store) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for s in store.summaries(&Filter::All, None).await.unwrap() {
        *seen.entry(s.invoice.to_string()).or_insert(0) += 1;
    }
    seen
}

#[tokio::test]
async fn four_processes_recording_at_once_lose_nothing() {
    let url = fresh_database().await;
    let homes: Vec<tempfile::TempDir> = (0..4).map(|_| tempfile::tempdir().unwrap()).collect();
    let list = homes[0].path().join("ids.txt");
    // The same invoices from every process: each records its own checks,
    // and a status change is decided against one earlier check only.
    std::fs::write(&list, ids(100_000_001, 40).join("\n")).unwrap();
    let children: Vec<_> = homes
        .iter()
        .enumerate()
        .map(|(n, home)| {
            bin(home.path())
                .env("EPAY_STATUS_HISTORY_URL", &url)
                .env("EPAY_STATUS_OPERATOR", format!("operator-{n}"))
                .args(["lookup", "--json", "--file"])
                .arg(&list)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(!String::from_utf8_lossy(&out.stderr).contains("spool"), "nothing waits: the server was there");
    }
    let dir = tempfile::tempdir().unwrap();
    let store = team_store(&url, dir.path()).await;
    assert_eq!(store.count_matching(&Filter::All).await.unwrap(), Count::Exact(160));
    let seen = times_stored(&store).await;
    assert_eq!(seen.len(), 40);
    assert!(seen.values().all(|&n| n == 4), "{seen:?}");
    for n in 0..4 {
        let by = store
            .summaries(&Filter::All, None)
            .await
            .unwrap()
            .iter()
            .filter(|s| s.operator == format!("operator-{n}"))
            .count();
        assert_eq!(by, 40, "operator-{n}'s lookups");
    }
}

#[tokio::test]
async fn a_teammates_lookup_shows_on_my_screen_without_a_key() {
    let url = fresh_database().await;
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store_a = team_store(&url, dir_a.path()).await;
    let store_b = team_store(&url, dir_b.path()).await;
    let mut mine = Harness::with_store((120, 40), store_b, dir_b).await;
    let mut teammate = Harness::with_store((120, 40), store_a, dir_a).await;
    assert!(mine.screen().contains("team: live"), "{}", mine.screen());
    assert!(!mine.screen().contains("100000001"));

    teammate.submit("100000001").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while !mine.app.list().iter().any(|e| e.invoice.as_str() == "100000001") {
        assert!(Instant::now() < deadline, "the teammate's lookup never showed:\n{}", mine.screen());
        mine.wait(Duration::from_millis(50)).await;
    }
    assert!(mine.screen().contains("100000001"), "{}", mine.screen());
    assert_eq!(mine.app.list().len(), 1);
}

#[tokio::test]
async fn the_server_stopped_mid_batch_and_started_again_leaves_every_lookup_stored_once() {
    let cluster = Cluster::start();
    let url = cluster.database("team").await;
    let dir = tempfile::tempdir().unwrap();
    let mut store = team_store(&url, dir.path()).await;
    let batches: Vec<Vec<String>> = (0..12).map(|b| ids(200_000_000 + b * 25, 25)).collect();
    for batch in &batches[..4] {
        assert_eq!(record(&mut store, "aigerim", batch).await, 25);
    }
    cluster.stop();
    for batch in &batches[4..8] {
        // Nothing is lost: the batch waits in the spool.
        assert_eq!(record(&mut store, "aigerim", batch).await, 25);
    }
    assert_eq!(store.spooled(), 100);
    assert_eq!(store.health(), Health::Team { reach: Reach::Reconnecting, spooled: 100 });
    cluster.start_again();
    // As when the dashboard's watcher is back: sent at once, whatever the
    // backoff after the failures said.
    assert_eq!(store.flush_spool().await.unwrap(), 100);
    for batch in &batches[8..] {
        assert_eq!(record(&mut store, "aigerim", batch).await, 25);
    }
    assert_eq!(store.spooled(), 0);
    assert_eq!(store.count_matching(&Filter::All).await.unwrap(), Count::Exact(300));
    let seen = times_stored(&store).await;
    assert_eq!(seen.len(), 300);
    assert!(seen.values().all(|&n| n == 1), "each exactly once");
    // In order: newest first is the order they were recorded, reversed.
    let listed: Vec<String> =
        store.summaries(&Filter::All, None).await.unwrap().iter().rev().map(|s| s.invoice.to_string()).collect();
    assert_eq!(listed, batches.concat());
}

#[tokio::test]
async fn a_spool_sent_twice_is_stored_once() {
    // A crash between the server's commit and the spool's delete sends a
    // lookup again; two processes flushing one spool do the same.
    let cluster = Cluster::start();
    let url = cluster.database("team").await;
    let dir = tempfile::tempdir().unwrap();
    let mut store = team_store(&url, dir.path()).await;
    cluster.stop();
    record(&mut store, "aigerim", &ids(300_000_000, 50)).await;
    drop(store);
    let copy = tempfile::tempdir().unwrap();
    let spool = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with("spool-"))
        .expect("a spool file");
    std::fs::copy(spool.path(), copy.path().join(spool.file_name())).unwrap();
    cluster.start_again();
    let first = team_store(&url, dir.path()).await;
    let second = team_store(&url, copy.path()).await;
    assert_eq!((first.spooled(), second.spooled()), (0, 0), "both sent theirs when opened");
    assert_eq!(first.count_matching(&Filter::All).await.unwrap(), Count::Exact(50));
    assert!(times_stored(&first).await.values().all(|&n| n == 1));
}

#[tokio::test]
async fn lookup_with_the_server_away_spools_says_so_and_the_next_command_sends_it() {
    let cluster = Cluster::start();
    let url = cluster.database("team").await;
    let home = tempfile::tempdir().unwrap();
    // A dashboard open on the same data dir since before the spool existed.
    let open = team_store(&url, &home.path().join("data")).await;
    cluster.stop();
    let out = run(bin(home.path()).env("EPAY_STATUS_HISTORY_URL", &url).args(["lookup", "100000001", "100000002"]));
    assert_eq!(out.status.code(), Some(0), "lookups go on: {}", stderr(&out));
    assert!(stdout(&out).contains("100000002"));
    assert!(stderr(&out).contains("2 lookups wait in the spool"), "{}", stderr(&out));
    assert_eq!(open.spooled(), 2, "the open dashboard sees what another process spooled");
    cluster.start_again();
    assert_eq!(open.flush_spool().await.unwrap(), 2, "and sends it when the server is back");
    let out = run(bin(home.path()).env("EPAY_STATUS_HISTORY_URL", &url).args(["history", "--json"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 2, "{}", stdout(&out));
    assert!(!stderr(&out).contains("spool"), "nothing was left to send: {}", stderr(&out));
}

#[test]
fn a_password_never_reaches_a_message_or_the_log() {
    let cluster = Cluster::start();
    let home = tempfile::tempdir().unwrap();
    let secret = "Sup3r-Secret-pw";
    let away = format!("postgresql://epay:{secret}@127.0.0.1:{}/nowhere?sslmode=disable", cluster.port);
    cluster.stop();
    let lookup = run(bin(home.path()).env("EPAY_STATUS_HISTORY_URL", &away).args(["lookup", "100000001"]));
    let history = run(bin(home.path()).env("EPAY_STATUS_HISTORY_URL", &away).args(["history"]));
    cluster.start_again();
    // Up, but no such database.
    let missing = run(bin(home.path()).env("EPAY_STATUS_HISTORY_URL", &away).args(["history"]));
    let config = run(bin(home.path()).env("EPAY_STATUS_HISTORY_URL", &away).args(["config"]));
    let mut everything = String::new();
    for out in [&lookup, &history, &missing, &config] {
        everything.push_str(&stdout(out));
        everything.push_str(&stderr(out));
    }
    for entry in walk(home.path()) {
        if let Ok(text) = std::fs::read(&entry) {
            everything.push_str(&String::from_utf8_lossy(&text));
        }
    }
    assert!(stderr(&history).contains("127.0.0.1"), "the errors name the server: {}", stderr(&history));
    assert!(stderr(&missing).contains("nowhere"), "{}", stderr(&missing));
    assert!(stdout(&config).contains(&format!("postgresql://epay@127.0.0.1:{}/nowhere", cluster.port)));
    assert!(!everything.contains(secret), "the password leaked:\n{everything}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test]
async fn a_team_history_the_server_refuses_stops_the_command_before_it_looks_anything_up() {
    let url = fresh_database().await;
    let home = tempfile::tempdir().unwrap();
    drop(team_store(&url, home.path()).await);
    common::postgres::psql(&common::postgres::owner(&url), "UPDATE epay_status_schema SET version = 99");
    let Err(e) = Store::open_team(&common::postgres::team_url(&url), home.path()).await else { panic!("opened") };
    assert!(e.to_string().contains("newer epay-status (schema 99"), "{e}");
    assert!(
        matches!(e, epay_status::store::StoreError::Refused { .. }),
        "the server answered: waiting will not mend it"
    );
    let no_such_database = format!("{}_missing", url.split('?').next().unwrap());
    for (why, history_url) in [("a newer schema", url.as_str()), ("no such database", &no_such_database)] {
        let out = run(bin(home.path()).env("EPAY_STATUS_HISTORY_URL", history_url).args(["lookup", "100000001"]));
        assert_eq!(out.status.code(), Some(2), "{why}: {}", stderr(&out));
        assert!(stderr(&out).contains("nothing was looked up") && stdout(&out).is_empty(), "{why}: {}", stderr(&out));
        assert!(!stderr(&out).contains("spool"), "{why}: not a matter of waiting: {}", stderr(&out));
    }
    let here = run(bin(home.path()).args(["history", "--json"]));
    assert_eq!(stdout(&here).lines().count(), 0, "nothing went to the embedded history either");
    let version = common::postgres::psql(&url, "SELECT version FROM epay_status_schema");
    assert_eq!(version.trim(), "99", "the newer schema is untouched");
}

#[tokio::test]
async fn lookups_spooled_for_one_team_history_are_never_sent_to_another() {
    let cluster = Cluster::start();
    let (ours, theirs) = (cluster.database("ours").await, cluster.database("theirs").await);
    let home = tempfile::tempdir().unwrap();
    drop(team_store(&ours, &home.path().join("data")).await);
    cluster.stop();
    let out = run(bin(home.path()).env("EPAY_STATUS_HISTORY_URL", &ours).args(["lookup", "100000001"]));
    assert!(stderr(&out).contains("1 lookup waits in the spool"), "{}", stderr(&out));
    cluster.start_again();
    let other = run(bin(home.path()).env("EPAY_STATUS_HISTORY_URL", &theirs).args(["history", "--json"]));
    assert_eq!(stdout(&other).lines().count(), 0, "theirs got nothing: {}", stderr(&other));
    let back = run(bin(home.path()).env("EPAY_STATUS_HISTORY_URL", &ours).args(["history", "--json"]));
    assert_eq!(stdout(&back).lines().count(), 1, "ours got it: {}", stderr(&back));
}

#[tokio::test]
async fn history_and_report_work_on_the_team_history_as_on_the_file() {
    let url = fresh_database().await;
    let (mine, theirs) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let team = |home: &tempfile::TempDir, operator: &str| {
        let mut cmd = bin(home.path());
        cmd.env("EPAY_STATUS_HISTORY_URL", &url).env("EPAY_STATUS_OPERATOR", operator);
        cmd
    };
    let out = run(team(&theirs, "dana").args(["lookup", "100000001", "205218074"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // My report: the check is recorded with my name, beside hers.
    let out = run(team(&mine, "aigerim").args(["report", "205218074", "--out"]).arg(mine.path().join("evidence")));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(stdout(&out).lines().next().unwrap()).unwrap();
    assert!(md.contains("dana") && md.contains("aigerim"), "the timeline names both operators:\n{md}");
    let table = stdout(&run(team(&mine, "aigerim").args(["history"])));
    assert_eq!(table.lines().count(), 4, "a header and three lookups:\n{table}");
    let csv = stdout(&run(team(&mine, "aigerim").args(["history", "--csv", "--search", "алматы"])));
    assert!(csv.lines().count() >= 2 && csv.contains("100000001"), "{csv}");
    let one = run(team(&mine, "aigerim").args(["history", "--json", "205218074"]));
    let lines: Vec<serde_json::Value> = stdout(&one).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let by: Vec<&str> = lines.iter().map(|l| l["operator"].as_str().unwrap()).collect();
    assert_eq!(by, ["aigerim", "dana"], "newest first, each with who checked");
    let never = run(team(&mine, "aigerim").args(["history", "999999999"]));
    assert_eq!(never.status.code(), Some(1));
    assert!(stderr(&never).contains("postgresql://epay_ops@127.0.0.1"), "{}", stderr(&never));
}

#[tokio::test]
async fn a_spooled_lookups_id_is_never_given_to_another() {
    // A dashboard may still show a sent lookup by its spool id: that id
    // must not come to name another lookup once the spool is empty.
    let cluster = Cluster::start();
    let url = cluster.database("team").await;
    let dir = tempfile::tempdir().unwrap();
    let store = team_store(&url, dir.path()).await;
    let who = who("aigerim");
    let put = async |id: &str| {
        let (invoice, result) = (invoice(id), charged(id));
        let new = NewLookup {
            checked_at: now(),
            who: &who,
            invoice: &invoice,
            requested: LookupType::Payment,
            result: &result,
        };
        store.record(&new).await.unwrap().store_id
    };
    cluster.stop();
    let first = put("400000001").await;
    assert!(first < 0, "spooled");
    cluster.start_again();
    assert_eq!(store.flush_spool().await.unwrap(), 1);
    assert!(store.load(first).await.unwrap().is_none(), "sent: gone from the spool");
    cluster.stop();
    let second = put("400000002").await;
    assert!(second < 0 && second != first, "{first} then {second}");
    assert!(store.load(first).await.unwrap().is_none(), "the old id names nothing");
    assert_eq!(store.load(second).await.unwrap().unwrap().invoice.as_str(), "400000002");
}

/// The issue's whole story on a real server: a case opened from one
/// dashboard shows on a teammate's without a key, a note from the CLI shows
/// on both, `cases` lists it, and the report carries both notes.
#[tokio::test]
async fn a_case_opened_on_my_screen_is_live_on_my_teammates_and_in_the_cli() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let url = fresh_database().await;
    let (dir_a, dir_b, home) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store_a = team_store(&url, dir_a.path()).await;
    let store_b = team_store(&url, dir_b.path()).await;
    let mut mine = Harness::with_store((200, 50), store_a, dir_a).await;
    let mut theirs = Harness::with_store((200, 50), store_b, dir_b).await;

    mine.submit("205218074").await;
    mine.key(KeyCode::Esc).await;
    mine.key(KeyCode::Char('n')).await;
    mine.type_text("customer disputes the charge").await;
    mine.press(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)).await;
    mine.key(KeyCode::Char('D')).await;
    mine.press(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)).await;
    mine.type_text("+5").await;
    mine.key(KeyCode::Enter).await;
    assert!(mine.screen().contains("Case open · 5 days left"), "{}", mine.screen());

    let until = |h: &Harness, what: &str| h.screen().contains(what);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !until(&theirs, "Case open · 5 days left") {
        assert!(Instant::now() < deadline, "the case never showed on the teammate's screen:\n{}", theirs.screen());
        theirs.wait(Duration::from_millis(50)).await;
    }
    assert!(theirs.screen().contains("customer disputes the charge"), "{}", theirs.screen());
    assert!(theirs.screen().contains("205218074 ⚑"), "{}", theirs.screen());

    let cli = |operator: &str| {
        let mut cmd = bin(home.path());
        cmd.env("EPAY_STATUS_HISTORY_URL", &url).env("EPAY_STATUS_OPERATOR", operator);
        cmd
    };
    let out = run(cli("daniyar").args(["case", "205218074", "--note", "bank asked for the receipt"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let deadline = Instant::now() + Duration::from_secs(10);
    while !until(&mine, "daniyar (role epay_ops): bank asked for the") {
        assert!(Instant::now() < deadline, "the CLI's note never showed on my screen:\n{}", mine.screen());
        mine.wait(Duration::from_millis(50)).await;
    }

    let listed = stdout(&run(cli("daniyar").args(["cases", "--json"])));
    let cases: Vec<serde_json::Value> = listed.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(cases.len(), 1, "{listed}");
    assert_eq!((cases[0]["invoiceId"].as_str(), cases[0]["notes"].as_u64()), (Some("205218074"), Some(2)));
    assert_eq!(cases[0]["owner"], "aigerim");

    let out = run(cli("daniyar").args(["report", "205218074", "--out"]).arg(home.path().join("r")));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(stdout(&out).lines().next().unwrap()).unwrap();
    // The server's role beside each name (and its time, where the test's
    // fixed clock said another).
    assert!(md.contains("| aigerim \\(role epay\\_ops, recorded 20"), "{md}");
    assert!(md.contains("| note: customer disputes the charge |"), "{md}");
    assert!(md.contains("| daniyar \\(role epay\\_ops\\) | note: bank asked for the receipt |"), "{md}");
}

#[tokio::test]
async fn notes_from_two_processes_at_once_are_all_kept() {
    let url = fresh_database().await;
    let home = tempfile::tempdir().unwrap();
    std::thread::scope(|s| {
        for operator in ["aigerim", "daniyar"] {
            let (url, home) = (&url, home.path());
            s.spawn(move || {
                for i in 0..5 {
                    let mut cmd = bin(home);
                    cmd.env("EPAY_STATUS_HISTORY_URL", url).env("EPAY_STATUS_OPERATOR", operator);
                    let out = run(cmd.args(["case", "205218074", "--note", &format!("{operator} {i}")]));
                    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
                }
            });
        }
    });
    let store = team_store(&url, home.path()).await;
    let file = store.case(&invoice("205218074")).await.unwrap().unwrap();
    assert_eq!(file.case.notes, 10);
    assert_eq!(file.entries.iter().filter(|e| e.change.kind() == "state").count(), 1, "opened once");
}

#[tokio::test]
async fn the_watcher_tries_again_within_four_seconds_and_at_once_when_asked() {
    use epay_status::store::TeamEvent;
    // Nothing listens there: every try is refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("postgresql://disputes@127.0.0.1:{port}/epay?sslmode=disable");
    let store = Store::open_team(&common::postgres::team_url(&url), dir.path()).await.unwrap().store;
    let (tx, mut events) = tokio::sync::mpsc::unbounded_channel();
    let watch = store.watch_team(move |e| tx.send((Instant::now(), e)).is_ok()).unwrap();
    let mut lost = Vec::new();
    while lost.len() < 4 {
        match events.recv().await.unwrap() {
            (at, TeamEvent::Lost { retry_in }) => lost.push((at, retry_in)),
            other => panic!("nothing answers there: {other:?}"),
        }
    }
    // However long the outage, the next try is at most four seconds away,
    // so a dashboard is live within five of the server answering.
    assert!(lost.iter().all(|(_, retry_in)| *retry_in <= Duration::from_secs(4)), "{lost:?}");
    assert!(lost[3].1 >= Duration::from_secs(2), "the pause has grown to its ceiling: {lost:?}");
    watch.try_now();
    let (at, event) = events.recv().await.unwrap();
    assert!(matches!(event, TeamEvent::Lost { .. }), "{event:?}");
    assert!(at - lost[3].0 < lost[3].1, "asked, it tried before its pause ended");
}

/// Moving to the team history: what one operator kept on this machine goes
/// into the team history with its operators and times, once however often
/// the command runs, each row stamped by the server as the importer's.
#[tokio::test]
async fn history_import_copies_a_local_history_once_with_its_operators_and_times() {
    let url = fresh_database().await;
    let home = tempfile::tempdir().unwrap();
    let local = |operator: &str| {
        let mut cmd = bin(home.path());
        cmd.env("EPAY_STATUS_OPERATOR", operator);
        cmd
    };
    let team = || {
        let mut cmd = bin(home.path());
        cmd.env("EPAY_STATUS_HISTORY_URL", &url).env("EPAY_STATUS_OPERATOR", "importer");
        cmd
    };
    // A lookup from before 1 March 2024, recorded as the file keeps it.
    {
        let file = home.path().join("data").join("history.sqlite3");
        epay_status::files::create_private_dir(file.parent().unwrap()).unwrap();
        let store = Store::open(&file).store;
        let old = chrono::DateTime::parse_from_rfc3339("2023-05-04T10:11:12.345678Z").unwrap().to_utc();
        let (who, id) = (who("bolat"), invoice("100000001"));
        let result = charged("100000001");
        let l = NewLookup { checked_at: old, who: &who, invoice: &id, requested: LookupType::Payment, result: &result };
        store.record(&l).await.unwrap();
    }
    let out = run(local("dana").args(["lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out =
        run(local("dana").args(["case", "205218074", "--note", "line one\nline two", "--deadline", "2026-12-20"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(local("aigerim").args(["case", "205218074", "--owner", "aigerim", "--tag", "fraud"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let local_history = stdout(&run(local("dana").args(["history", "--json"])));
    let local_case = stdout(&run(local("dana").args(["case", "205218074", "--json"])));

    // The first start on the team history says what was left behind.
    let first = run(team().args(["history"]));
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("2 lookups, one case, 1 open) is not in the team history: epay-status history import"),
        "{}",
        stderr(&first)
    );

    let entries = serde_json::from_str::<serde_json::Value>(&local_case).unwrap()["trail"].as_array().unwrap().len();
    // These lookups were made on the sandbox: left out unless asked for.
    let out = run(team().args(["history", "import"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let copied = format!("lookups 0 of 2, cases 1 of 1, trail entries {entries} (");
    assert!(stdout(&out).contains(&copied), "{}", stdout(&out));
    assert!(stderr(&out).contains("2 lookups of the sandbox (made trying the program) left out"), "{}", stderr(&out));
    let out = run(team().args(["history", "import", "--with-sandbox"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("lookups 2 of 2, cases 0 of 1, trail entries 0 ("), "{}", stdout(&out));
    let again = run(team().args(["history", "import", "--with-sandbox"]));
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(stdout(&again).contains("lookups 0 of 2, cases 0 of 1, trail entries 0 ("), "{}", stdout(&again));

    // The same lookups and case, with their operators and times.
    let fields = |json: &str, keys: &[&str]| -> Vec<Vec<serde_json::Value>> {
        let rows = json.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap());
        rows.map(|v| keys.iter().map(|k| v[*k].clone()).collect()).collect()
    };
    let keys = ["invoiceId", "checkedAt", "operator", "machine", "statusName"];
    let team_history = stdout(&run(team().args(["history", "--json"])));
    assert_eq!(fields(&team_history, &keys), fields(&local_history, &keys), "{team_history}");
    assert_eq!(team_history.lines().count(), 2, "stored once: {team_history}");
    assert!(team_history.contains("\"checkedAt\":\"2023-05-04T10:11:12"), "{team_history}");
    let team_case: serde_json::Value =
        serde_json::from_str(&stdout(&run(team().args(["case", "205218074", "--json"])))).unwrap();
    let local_case: serde_json::Value = serde_json::from_str(&local_case).unwrap();
    for key in ["state", "deadline", "owner", "tags", "notes", "openedAt", "openedBy", "updatedAt", "updatedBy"] {
        assert_eq!(team_case[key], local_case[key], "{key}: {team_case}");
    }
    let trail = |case: &serde_json::Value| -> Vec<(String, String, String)> {
        let entries = case["trail"].as_array().unwrap();
        entries.iter().map(|e| (e["at"].to_string(), e["by"].to_string(), e["value"].to_string())).collect()
    };
    assert_eq!(trail(&team_case), trail(&local_case), "{team_case}");
    // The server stamped each row as the importer's, now.
    let stamps = common::postgres::psql(
        &common::postgres::owner(&url),
        "SELECT DISTINCT recorded_by, recorded_at > now() - interval '5 minutes' FROM lookups
         UNION SELECT DISTINCT recorded_by, recorded_at > now() - interval '5 minutes' FROM case_entries",
    );
    assert_eq!(stamps.trim(), "epay_ops|t", "{stamps}");
    // And the notice is gone.
    let later = run(team().args(["history"]));
    assert!(!stderr(&later).contains("history import"), "{}", stderr(&later));

    // A note added to the file since is added to the imported case.
    let out = run(local("dana").args(["case", "205218074", "--note", "chargeback ref CB-7781"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(team().args(["history", "import"]));
    assert!(stdout(&out).contains("cases 1 of 1, trail entries 1 ("), "{}", stdout(&out));
    let team_case = stdout(&run(team().args(["case", "205218074", "--json"])));
    assert!(team_case.contains("chargeback ref CB-7781"), "{team_case}");
    // The spool is not a history to import.
    let spool = team_store(&url, &home.path().join("data")).await.spool_path().unwrap().to_owned();
    if !spool.exists() {
        epay_status::files::touch_private(&spool).unwrap();
    }
    let out = run(team().args(["history", "import"]).arg(&spool));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is the spool of this team history"), "{}", stderr(&out));

    // Another machine's case of the same invoice stays where it is.
    let other = tempfile::tempdir().unwrap();
    let out =
        run(bin(other.path()).env("EPAY_STATUS_OPERATOR", "yerlan").args(["case", "205218074", "--note", "mine"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = other.path().join("data").join("history.sqlite3");
    // A row someone wrote by hand: passed over, counted, said.
    rusqlite::Connection::open(&file)
        .unwrap()
        .execute(
            "INSERT INTO lookups (checked_at, profile, api_host, invoice, requested_type, kind)
             VALUES ('2024-01-01T00:00:00Z', 'prod', 'epay-api.homebank.kz', 'not an invoice', 'payment', 'payment')",
            [],
        )
        .unwrap();
    let before = std::fs::read(&file).unwrap();
    let out = run(team().args(["history", "import"]).arg(&file));
    assert_eq!(std::fs::read(&file).unwrap(), before, "the file imported is only read");
    assert!(stderr(&out).contains("one lookup of the file could not be read and stayed out"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("the case of 205218074 stays in"), "{}", stderr(&out));
    let notes = stdout(&run(team().args(["cases", "--json"])));
    assert!(notes.contains("\"notes\":2") && !notes.contains("yerlan"), "{notes}");

    // Nothing to import, or nowhere to import into: said, nothing done.
    let out = run(team().args(["history", "import"]).arg(home.path().join("nothing.sqlite3")));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no history there"), "{}", stderr(&out));
    let out = run(local("dana").args(["history", "import"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("set history_url"), "{}", stderr(&out));
}
