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

use common::postgres::Cluster;
use common::*;

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
        eprintln!(
            "CANNOT RUN a_hostaddr_elsewhere_gets_no_startup_message_in_clear_and_no_password: it needs root to make \
             a network namespace (run the tests as root, as CI does)"
        );
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

#[test]
fn a_spool_another_user_owns_or_others_may_write_is_left_alone() {
    let cluster = Cluster::start();
    let url = cluster.database("team");
    for plant in ["another owner", "writable by others"] {
        if plant == "another owner" && !is_root() {
            eprintln!("CANNOT RUN the 'another owner' case: giving a file to another user needs root");
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
