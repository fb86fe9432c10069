//! The team history as untrusted input: a URL that would send the password
//! in clear to another machine, spools planted by someone else, and what
//! teammates (or a broken server) wrote into the shared database.

#![cfg(target_os = "linux")]

mod common;

use std::io::Read;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::postgres::{Cluster, fresh_database, owner, psql, psql_as, team_store};
use common::*;
use epay_status::store::Filter;

/// Says on the real stderr, past the test harness's capture (which keeps
/// a passing test's output to itself), that a test could not run here.
fn cannot_run(test: &str, needs: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "CANNOT RUN {test}: {needs} needs root; run the tests as root, as CI does");
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A listener that records the bytes of every connection, answers an
/// SSLRequest with "N" (no TLS here) and keeps reading, as a server
/// fishing for a cleartext password would.
fn fake_server(listener: TcpListener) -> Arc<Mutex<Vec<Vec<u8>>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            stream.set_read_timeout(Some(Duration::from_millis(500))).unwrap();
            let mut got = Vec::new();
            let mut buf = [0; 4096];
            while let Ok(n) = stream.read(&mut buf) {
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..n]);
                if got.len() == 8 && got[4..8] == [0x04, 0xd2, 0x16, 0x2f] {
                    use std::io::Write;
                    let _ = stream.write_all(b"N");
                }
            }
            log.lock().unwrap().push(got);
        }
    });
    seen
}

#[test]
fn a_hostaddr_elsewhere_gets_no_startup_message_in_clear_and_no_password() {
    // The address must not be this machine's, and no packet may leave it:
    // a network namespace of the test's own, the address on its loopback.
    if !is_root() {
        cannot_run("a_hostaddr_elsewhere_gets_no_startup_message_in_clear_and_no_password", "a network namespace");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let h = home.path().to_path_buf();
    let outcome = std::thread::spawn(move || {
        // SAFETY: unshare affects this thread only; the children it starts
        // inherit its namespace.
        assert_eq!(unsafe { libc::unshare(libc::CLONE_NEWNET) }, 0, "{}", std::io::Error::last_os_error());
        for args in [&["link", "set", "lo", "up"][..], &["addr", "add", "10.9.8.7/32", "dev", "lo"]] {
            let out = std::process::Command::new("ip").args(args).output().expect("ip (iproute2) runs");
            assert!(out.status.success(), "ip {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
        let listener = TcpListener::bind("10.9.8.7:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = fake_server(listener);
        let secret = "S3cretPW-never-sent";
        let mut runs = Vec::new();
        for mode in ["&sslmode=disable", ""] {
            let url = format!("postgresql://disputes:{secret}@localhost:{port}/db?hostaddr=10.9.8.7{mode}");
            let out = run(bin(&h).env("EPAY_STATUS_HISTORY_URL", &url).args(["history"]));
            runs.push((mode, out));
        }
        std::thread::sleep(Duration::from_millis(700));
        (runs, seen.lock().unwrap().clone(), secret)
    })
    .join()
    .unwrap();
    let (runs, seen, secret) = outcome;
    let (_, disabled) = &runs[0];
    assert_eq!(disabled.status.code(), Some(2), "{}", stderr(disabled));
    assert!(stderr(disabled).contains("sslmode=require"), "{}", stderr(disabled));
    // With TLS required the client asks for TLS, hears "N", and stops.
    let (_, required) = &runs[1];
    assert_ne!(required.status.code(), Some(0), "{}", stderr(required));
    for (mode, out) in &runs {
        assert!(!stderr(out).contains(secret) && !stdout(out).contains(secret), "{mode}: {}", stderr(out));
    }
    assert_eq!(seen.len(), 1, "only the TLS run connected at all: {seen:?}");
    assert_eq!(seen[0], [0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f], "an SSLRequest and nothing more");
}

fn spool_in(data: &std::path::Path) -> std::path::PathBuf {
    std::fs::read_dir(data)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name().unwrap().to_string_lossy().starts_with("spool-")
                && p.extension().is_some_and(|e| e == "sqlite3")
        })
        .expect("a spool file")
}

#[tokio::test]
async fn a_spool_another_user_owns_or_others_may_write_is_left_alone() {
    let cluster = Cluster::start();
    let url = cluster.database("team").await;
    for plant in ["another owner", "writable by others"] {
        if plant == "another owner" && !is_root() {
            cannot_run("a_spool_another_user_owns… (another owner)", "giving a file to another user");
            continue;
        }
        let home = tempfile::tempdir().unwrap();
        cluster.stop();
        let out = run(bin(home.path()).env("EPAY_STATUS_HISTORY_URL", &url).args(["lookup", "100000001"]));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let spool = spool_in(&home.path().join("data"));
        match plant {
            "another owner" => std::os::unix::fs::chown(&spool, Some(65534), Some(65534)).unwrap(),
            _ => std::fs::set_permissions(&spool, std::fs::Permissions::from_mode(0o666)).unwrap(),
        }
        cluster.start_again();
        let out = run(bin(home.path()).env("EPAY_STATUS_HISTORY_URL", &url).args(["history", "--json"]));
        let err = stderr(&out);
        assert!(err.contains("the spool is left alone"), "{plant}: {err}");
        assert!(
            err.contains(if plant == "another owner" { "belongs to another user" } else { "writable by others" }),
            "{plant}: {err}"
        );
        assert_eq!(stdout(&out).lines().count(), 0, "{plant}: the planted lookup was sent: {}", stdout(&out));
        assert!(spool.exists(), "{plant}: the spool is left where it was");
    }
}

fn team(home: &std::path::Path, url: &str, args: &[&str]) -> std::process::Output {
    run(bin(home).env("EPAY_STATUS_HISTORY_URL", url).args(args))
}

#[tokio::test]
async fn what_a_teammate_wrote_is_bounded_and_cleaned_for_every_reader() {
    let url = fresh_database().await;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    assert_eq!(team(h, &url, &["lookup", "205218074", "100000001"]).status.code(), Some(0));
    assert_eq!(team(h, &url, &["case", "205218074", "--note", "first"]).status.code(), Some(0));
    // Escape sequences that hide what follows, set a window title, ring;
    // a name and a note far larger than the program ever writes.
    psql(
        &owner(&url),
        "UPDATE lookups SET operator = E'\\x1b[8mhidden' || repeat('o', 1000000), machine = E'm\\x07\\x1b]0;t\\x07',
             profile = E'p\\x1b[2J', api_host = E'h\\u009b31m', card_mask = repeat('4', 1000000);
         INSERT INTO case_entries (entry_key, invoice, at, operator, machine, change, value)
             VALUES ('planted', '205218074', now(), E'\\x1b[31mdana', 'm', 'note', repeat('x', 10000000));",
    );
    let table = team(h, &url, &["history"]);
    let json = team(h, &url, &["history", "--json"]);
    let csv = team(h, &url, &["history", "--csv"]);
    let case = team(h, &url, &["case", "205218074"]);
    let cases = team(h, &url, &["cases", "--json"]);
    for (what, out) in [("table", &table), ("json", &json), ("csv", &csv), ("case", &case), ("cases", &cases)] {
        assert_eq!(out.status.code(), Some(0), "{what}: {}", stderr(out));
        let text = stdout(out);
        for c in ['\x1b', '\x07', '\u{9b}'] {
            assert!(!text.contains(c), "{what} carries {c:?}");
        }
        assert!(!text.contains("\\u001b") && !text.contains("\\u0007"), "{what} carries an escaped control");
        assert!(text.len() < 64 * 1024, "{what}: {} bytes: the long values were not cut", text.len());
    }
    let first: serde_json::Value = serde_json::from_str(stdout(&json).lines().next().unwrap()).unwrap();
    let operator = first["operator"].as_str().unwrap();
    assert!(operator.starts_with("[8mhidden") && operator.ends_with('…'), "{}", &operator[..40]);
    assert!(operator.chars().count() <= 257, "cut at 256 characters and marked");
    assert_eq!(first["machine"], "m]0;t");
    let trail = stdout(&case);
    assert!(trail.contains("[31mdana") && trail.contains("first"), "{trail}");
    assert!(trail.contains("xxx…"), "the planted note is cut and marked");
    let longest = trail.lines().map(|l| l.chars().filter(|c| *c == 'x').count()).sum::<usize>();
    assert!(longest <= 4000, "{longest} characters of the note were shown");
    // The dashboard's list reads the summaries: bounded the same way.
    let store = team_store(&url, &h.join("store")).await;
    for row in store.summaries(&Filter::All, None).await.unwrap() {
        assert!(row.operator.chars().count() <= 257 && !row.operator.contains('\x1b'), "{}", row.operator.len());
        assert!(row.card_mask.as_deref().is_none_or(|m| m.chars().count() <= 65), "card mask not bounded");
    }
}

#[tokio::test]
async fn a_row_that_cannot_be_read_is_passed_over_counted_and_said_once() {
    let url = fresh_database().await;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let out = team(h, &url, &["lookup", "100000001", "100000002", "100000003"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    psql(
        &owner(&url),
        "UPDATE lookups SET invoice = 'not-an-invoice' WHERE invoice = '100000002';
         ALTER TABLE lookups ALTER operator DROP NOT NULL;
         UPDATE lookups SET operator = NULL WHERE invoice = '100000001';
         ALTER TABLE lookups ALTER attempts TYPE bigint;",
    );
    for format in ["--json", "--csv"] {
        let out = team(h, &url, &["history", format]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("one row of") && err.contains("passed over"), "{format}: {err}");
        assert_eq!(err.matches("passed over").count(), 1, "said once: {err}");
    }
    let json = stdout(&team(h, &url, &["history", "--json"]));
    let invoices: Vec<String> = json
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["invoiceId"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(invoices, ["100000003", "100000001"], "the readable rows, the NULL operator's included");
    // A list read past the bad row (the middle one) goes on, either way:
    // it neither ends early nor fails.
    use epay_status::store::{Anchor, Order};
    let store = team_store(&url, &h.join("store")).await;
    let rows = store.summaries(&Filter::All, None).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(store.take_skipped().rows, 1);
    let invoices = |rows: &[(epay_status::store::Summary, epay_status::store::Place)]| -> Vec<String> {
        rows.iter().map(|(s, _)| s.invoice.to_string()).collect()
    };
    let first = store.window(&Filter::All, Order::Newest, &Anchor::Start, 2).await.unwrap();
    assert_eq!(invoices(&first), ["100000003", "100000001"], "the bad row's place is taken by the next one");
    let last = store.window(&Filter::All, Order::Newest, &Anchor::End, 2).await.unwrap();
    assert_eq!(invoices(&last), ["100000003", "100000001"], "and read from the end, by the one before it");
    let before = store.window(&Filter::All, Order::Newest, &Anchor::Before(last[1].1.clone()), 1).await.unwrap();
    assert_eq!(invoices(&before), ["100000003"]);
    assert_eq!(store.take_skipped().rows, 0, "a row already told of is not counted again");
    // A trail entry that cannot be read is passed over and told of too.
    assert!(team(h, &url, &["case", "100000003", "--note", "kept"]).status.success());
    psql(
        &owner(&url),
        "ALTER TABLE case_entries ALTER at DROP NOT NULL;
         INSERT INTO case_entries (entry_key, invoice, at, operator, machine, change, value)
             VALUES ('no-time', '100000003', NULL, 'x', 'm', 'note', 'when?')",
    );
    let out = team(h, &url, &["case", "100000003"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("kept") && !stdout(&out).contains("when?"), "{}", stdout(&out));
    assert!(stderr(&out).contains("one row of") && stderr(&out).contains("case entry"), "{}", stderr(&out));
}

#[tokio::test]
async fn a_bad_row_among_many_does_not_end_the_list() {
    let url = fresh_database().await;
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("ids.txt");
    let ids: Vec<String> = (0..600).map(|n| (100_000_001 + n).to_string()).collect();
    std::fs::write(&list, ids.join("\n")).unwrap();
    let out = run(bin(dir.path())
        .env("EPAY_STATUS_HISTORY_URL", &url)
        .env("EPAY_SANDBOX_FAULTS", "")
        .args(["lookup", "--json", "--type", "payment", "--file"])
        .arg(&list));
    assert_ne!(out.status.code(), Some(4), "{}", stderr(&out));
    psql(
        &owner(&url),
        "UPDATE lookups SET invoice = 'x' WHERE id IN (SELECT id FROM lookups ORDER BY id LIMIT 1 OFFSET 300)",
    );
    let store = team_store(&url, &dir.path().join("store")).await;
    let all = store.summaries(&Filter::All, None).await.unwrap();
    assert_eq!(all.len(), 599);
    let mut anchor = epay_status::store::Anchor::Start;
    let mut paged = 0;
    loop {
        let page = store.window(&Filter::All, epay_status::store::Order::Newest, &anchor, 256).await.unwrap();
        paged += page.len();
        if page.len() < 256 {
            break;
        }
        anchor = epay_status::store::Anchor::After(page.last().unwrap().1.clone());
    }
    assert_eq!(paged, 599, "pages of 256 read past the bad row to the end");
}

/// The same database as `url`, reached as `role`.
fn as_role(url: &str, role: &str) -> String {
    url.replacen("postgresql://epay@", &format!("postgresql://{role}@"), 1)
}

fn new_role(url: &str) -> String {
    let role = format!("op_{}_{:08x}", std::process::id(), fastrand::u32(..));
    psql(url, &format!("CREATE ROLE {role} LOGIN"));
    role
}

#[tokio::test]
async fn the_operators_role_may_read_and_add_and_nothing_more() {
    let admin = owner(&fresh_database().await);
    let role = new_role(&admin);
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let out = run(bin(h).env("EPAY_STATUS_ADMIN_URL", &admin).args(["team", "init", "--role", &role]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("is set up") && stdout(&out).contains(&role), "{}", stdout(&out));
    let operator = as_role(&admin, &role);
    assert_eq!(team(h, &operator, &["lookup", "205218074"]).status.code(), Some(0));
    let out = team(h, &operator, &["case", "205218074", "--note", "customer says it was not them"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let tables = [
        ("lookups", "operator = 'aigerim'"),
        ("case_entries", "value = 'customer admits it was theirs', at = '2020-01-01'"),
        ("lookup_count", "n = 0"),
        ("epay_status_schema", "version = 0"),
    ];
    for (table, rewrite) in tables {
        for sql in [
            format!("UPDATE {table} SET {rewrite}"),
            format!("DELETE FROM {table}"),
            format!("TRUNCATE {table}"),
            format!("ALTER TABLE {table} DISABLE TRIGGER ALL"),
            format!("ALTER TABLE {table} ADD COLUMN planted INTEGER"),
            format!("DROP TABLE {table}"),
        ] {
            let (ok, said) = psql_as(&operator, &sql);
            assert!(!ok, "the operators' role could: {sql}");
            assert!(said.contains("permission denied") || said.contains("must be owner"), "{sql}: {said}");
        }
    }
    let (_, owned) = psql_as(
        &operator,
        &format!(
            "SELECT (SELECT count(*) FROM pg_class WHERE relowner = '{role}'::regrole)
                  + (SELECT count(*) FROM pg_proc WHERE proowner = '{role}'::regrole)"
        ),
    );
    assert_eq!(owned.trim(), "0", "the operators' role owns nothing");
    // The server stamps who and when, whatever an INSERT says.
    let (ok, said) = psql_as(
        &operator,
        "INSERT INTO case_entries (entry_key, invoice, at, operator, machine, change, value, recorded_by, recorded_at)
         VALUES ('forged', '205218074', '2020-01-01', 'aigerim', 'm', 'note', 'it was theirs', 'admin', '2020-01-01')
         RETURNING recorded_by || ' ' || (recorded_at > now() - interval '1 minute')::text",
    );
    assert!(ok, "{said}");
    assert_eq!(said.trim(), format!("{role} true"), "the server's role and clock, not the client's");
    let out = team(h, &operator, &["case", "205218074", "--json"]);
    let file: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let forged = file["trail"].as_array().unwrap().iter().find(|e| e["value"] == "it was theirs").unwrap().clone();
    assert_eq!(forged["recordedBy"], role.as_str(), "{forged}");
    let sheet = stdout(&team(h, &operator, &["case", "205218074"]));
    assert!(sheet.contains(&format!("aigerim (role {role}, recorded")), "the forged date is shown beside: {sheet}");
    // A case is what its trail adds up to: no row of its own to update.
    let (_, cases_table) = psql_as(&operator, "SELECT to_regclass('cases') IS NULL");
    assert_eq!(cases_table.trim(), "t");
    let listed = stdout(&team(h, &operator, &["cases", "--json"]));
    let case: serde_json::Value = serde_json::from_str(listed.lines().next().unwrap()).unwrap();
    assert_eq!((case["state"].as_str(), case["notes"].as_u64()), (file["state"].as_str(), Some(2)));
}

#[tokio::test]
async fn operators_never_create_or_migrate_and_are_told_who_does() {
    let admin = owner(&fresh_database().await);
    let role = new_role(&admin);
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // A database nobody set up.
    let bare = admin.replacen("/epay_test_", "/epay_bare_", 1);
    let name = bare.rsplit('/').next().unwrap().split('?').next().unwrap().to_owned();
    psql(&admin, &format!("CREATE DATABASE {name}"));
    for args in [&["history"][..], &["cases"]] {
        let out = team(h, &as_role(&bare, &role), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("team init --admin-url"), "{}", stderr(&out));
    }
    let (_, tables) = psql_as(&bare, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
    assert_eq!(tables.trim(), "0", "nothing was created");
    // A role the owner did not name in `team init`.
    let out = team(h, &as_role(&admin, &role), &["history"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("for this role") && stderr(&out).contains("team init"), "{}", stderr(&out));
    let out = run(bin(h).args(["team", "init", "--admin-url", &admin, "--role", &role]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(team(h, &as_role(&admin, &role), &["history"]).status.success());
    // One older than this program.
    psql(&admin, "UPDATE epay_status_schema SET version = 2");
    let out = team(h, &as_role(&admin, &role), &["history"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("schema 2") && stderr(&out).contains("team init"), "{}", stderr(&out));
    psql(&admin, &format!("UPDATE epay_status_schema SET version = {}", epay_status::store::TEAM_SCHEMA_VERSION));
    // A role that owns the database could drop what the team wrote: refused.
    psql(&admin, &format!("CREATE DATABASE {name}_owned OWNER {role}"));
    let owned = admin.replacen(
        &format!("/{}", admin.rsplit('/').next().unwrap().split('?').next().unwrap()),
        &format!("/{name}_owned"),
        1,
    );
    let out = run(bin(h).args(["team", "init", "--admin-url", &owned, "--role", &role]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("owns this database"), "{}", stderr(&out));
    let out = run(bin(h).args(["team", "init", "--admin-url", &admin, "--role", "nobody_here"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no role nobody_here"), "{}", stderr(&out));
}

/// A server that accepts connections, reads what it is sent, and never
/// says a word; it counts what it accepted.
fn silent_server() -> (u16, Arc<Mutex<usize>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(Mutex::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            *count.lock().unwrap() += 1;
            // Kept open, never answered: as a hung server or a black hole.
            held.push(stream);
        }
    });
    (port, accepted)
}

/// A config file with short deadlines for the team history.
fn deadlines_config(home: &std::path::Path) -> std::path::PathBuf {
    let file = home.join("deadlines.toml");
    std::fs::write(&file, "history_connect_secs = 1\nhistory_query_secs = 2\n").unwrap();
    file
}

#[test]
fn a_server_that_says_nothing_holds_nothing_up() {
    let (port, accepted) = silent_server();
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let config = deadlines_config(h);
    let url = format!("postgresql://disputes@127.0.0.1:{port}/epay?sslmode=disable");
    let started = std::time::Instant::now();
    let out = run(bin(h)
        .env("EPAY_STATUS_CONFIG", &config)
        .env("EPAY_STATUS_HISTORY_URL", &url)
        .args(["lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(0), "the lookup goes on: {}", stderr(&out));
    assert!(stdout(&out).contains("205218074"), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("did not answer") && err.contains("wait in the spool"), "{err}");
    for args in [&["history"][..], &["cases"], &["case", "205218074"]] {
        let out = run(bin(h).env("EPAY_STATUS_CONFIG", &config).env("EPAY_STATUS_HISTORY_URL", &url).args(args));
        assert_eq!(out.status.code(), Some(4), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("did not answer the connection within 1 s"), "{args:?}: {}", stderr(&out));
    }
    // Far below the 150 s these took before; loose, to tell "bounded" from
    // "hung" on a loaded machine.
    assert!(started.elapsed() < Duration::from_secs(60), "{:?}", started.elapsed());
    assert!(*accepted.lock().unwrap() >= 4, "every command reached the server");
}

#[tokio::test]
async fn a_query_the_server_never_answers_ends_at_its_deadline() {
    let url = fresh_database().await;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let config = deadlines_config(h);
    assert!(run(bin(h).env("EPAY_STATUS_HISTORY_URL", &url).args(["lookup", "205218074"])).status.success());
    // The owner holds the table, as a long migration or a stuck session would.
    let bin_dir = std::path::PathBuf::from(std::env::var("EPAY_STATUS_TEST_PG_BIN").unwrap());
    let mut holder = std::process::Command::new(bin_dir.join("psql"))
        .args([owner(&url).as_str(), "-c", "BEGIN; LOCK TABLE lookups IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(30);"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let out = run(bin(h).env("EPAY_STATUS_CONFIG", &config).env("EPAY_STATUS_HISTORY_URL", &url).args(["history"]));
    let _ = holder.kill();
    let _ = holder.wait();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("did not answer a query within 2 s") || err.contains("statement timeout"), "{err}");
}

#[tokio::test]
async fn no_operator_can_borrow_the_owners_rights_or_choose_a_row_id() {
    let url = fresh_database().await;
    let home = tempfile::tempdir().unwrap();
    assert!(team(home.path(), &url, &["case", "205218074", "--note", "first"]).status.success());
    // A temporary table named like the count, in the operator's own session:
    // the owner's counting trigger must never touch it, nor run its trigger.
    let (ok, said) = psql_as(
        &url,
        "CREATE TEMP TABLE lookup_count (n bigint); INSERT INTO lookup_count VALUES (0);
         CREATE FUNCTION pg_temp.borrow() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN EXECUTE 'ALTER TABLE public.case_entries DISABLE TRIGGER case_entries_kept'; RETURN NULL; END $$;
         CREATE TRIGGER borrow AFTER UPDATE ON pg_temp.lookup_count
             FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.borrow();
         INSERT INTO public.lookups (lookup_key, checked_at, profile, api_host, operator, machine, invoice,
             requested_type, kind, search_text)
             VALUES ('planted', now(), 'p', 'h', 'o', 'm', '100000009', 'payment', 'payment', '');
         SELECT n FROM pg_temp.lookup_count;",
    );
    assert!(ok, "{said}");
    assert_eq!(said.trim(), "0", "the owner's trigger updated the operator's table");
    let enabled = psql(&owner(&url), "SELECT tgenabled FROM pg_trigger WHERE tgname = 'case_entries_kept'");
    assert_eq!(enabled.trim(), "O", "the trail's guard is still on");
    // An id the INSERT chooses would reorder the trail: the server chooses.
    let (ok, said) = psql_as(
        &url,
        "INSERT INTO case_entries (id, entry_key, invoice, at, operator, machine, change, value)
             OVERRIDING SYSTEM VALUE
             VALUES (9223372036854775000, 'last-forever', '205218074', now(), 'x', 'm', 'state', 'won')
         RETURNING id < 1000000",
    );
    assert!(ok, "{said}");
    assert_eq!(said.trim(), "t", "the row took the id the INSERT chose");
}

#[tokio::test]
async fn team_init_refuses_a_role_that_could_undo_it_and_takes_over_what_operators_left() {
    let admin = owner(&fresh_database().await);
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let init = |role: &str| run(bin(h).args(["team", "init", "--admin-url", &admin, "--role", role]));
    let out = init("epay");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("the owner's own role"), "{}", stderr(&out));
    let member = new_role(&admin);
    psql(&admin, &format!("GRANT epay TO {member}"));
    let out = init(&member);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("member of the owner's role"), "{}", stderr(&out));
    let creator = new_role(&admin);
    psql(&admin, &format!("ALTER ROLE {creator} CREATEROLE"));
    assert!(stderr(&init(&creator)).contains("may create roles"));

    // A history an older version let its operators' role own, with a
    // trigger they planted to forge the server's stamp.
    let legacy = new_role(&admin);
    let db = format!("epay_legacy_{:08x}", fastrand::u32(..));
    psql(&admin, &format!("CREATE DATABASE {db} OWNER {legacy}"));
    let theirs = admin.replacen("postgresql://epay@", &format!("postgresql://{legacy}@"), 1);
    let theirs = replace_database(&theirs, &db);
    let helper = new_role(&admin);
    let out = run(bin(h).args(["team", "init", "--admin-url", &theirs, "--role", &helper]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    psql(
        &theirs,
        "CREATE FUNCTION forge() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN NEW.recorded_by := 'admin'; RETURN NEW; END $$;
         CREATE TRIGGER zz_forge BEFORE INSERT ON case_entries FOR EACH ROW EXECUTE FUNCTION forge();
         GRANT ALL ON lookup_count TO PUBLIC;",
    );
    let ours = replace_database(&admin, &db);
    psql(&admin, &format!("ALTER DATABASE {db} OWNER TO epay"));
    let operators = new_role(&admin);
    let out = run(bin(h).args(["team", "init", "--admin-url", &ours, "--role", &operators]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let owners = psql(&ours, "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'");
    assert_eq!(owners.trim(), "epay", "the owner's now");
    let planted = psql(&ours, "SELECT count(*) FROM pg_trigger WHERE tgname = 'zz_forge'");
    assert_eq!(planted.trim(), "0", "the planted trigger is gone");
    let (ok, said) = psql_as(
        &as_role(&ours, &operators),
        "INSERT INTO case_entries (entry_key, invoice, at, operator, machine, change, value)
             VALUES ('k', '205218074', now(), 'x', 'm', 'note', 'n') RETURNING recorded_by",
    );
    assert!(ok, "{said}");
    assert_eq!(said.trim(), operators, "the server's stamp, not the planted one");
    let (ok, _) = psql_as(&as_role(&ours, &legacy), "UPDATE lookup_count SET n = 0");
    assert!(!ok, "the old owner's and PUBLIC's grants are gone");
}

/// `url` naming the database `name` instead.
fn replace_database(url: &str, name: &str) -> String {
    let (rest, query) = url.split_once('?').unwrap_or((url, ""));
    let server = rest.rsplit_once('/').map_or(rest, |(server, _)| server);
    format!("{server}/{name}?{query}")
}
