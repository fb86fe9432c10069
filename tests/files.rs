//! What the program leaves on disk: private files in a private folder,
//! whatever the data dir's mode or the umask, and no write through a link.

#![cfg(unix)]

mod common;

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};

use common::*;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        }
        out.push(path);
    }
}

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn every_file_is_private_in_a_pre_existing_open_data_dir() {
    let h = tempfile::tempdir().unwrap();
    let data = h.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    // An older version's log, made under umask 022.
    std::fs::write(data.join("epay-status.log"), "old line\n").unwrap();
    std::fs::set_permissions(data.join("epay-status.log"), std::fs::Permissions::from_mode(0o644)).unwrap();

    let out = run(bin(h.path()).args(["lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("open to other users (mode 755)") && err.contains("chmod 700"), "{err}");
    let out = run(bin(h.path()).args(["report", "205218074"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let mut paths = Vec::new();
    walk(&data, &mut paths);
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    assert!(names.iter().any(|n| n.ends_with("history.sqlite3")), "{names:?}");
    assert!(names.iter().any(|n| n.ends_with(".md")), "{names:?}");
    for p in &paths {
        let want = if p.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(p), want, "{} is {:o}", p.display(), mode(p));
    }
    assert_eq!(mode(&data), 0o755, "the operator's own folder is warned about, not changed");
}

#[test]
fn a_link_planted_at_the_log_is_not_followed() {
    let h = tempfile::tempdir().unwrap();
    let data = h.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let victim = h.path().join("victim.txt");
    std::fs::write(&victim, "keep me\n").unwrap();
    std::os::unix::fs::symlink(&victim, data.join("epay-status.log")).unwrap();
    let out = run(bin(h.path()).args(["lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(0), "lookups go on without a log: {}", stderr(&out));
    assert!(stderr(&out).contains("cannot open log file"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me\n");
}

/// Runs `cmd`, killing it when it is still running after `secs`: a hang
/// fails the test instead of stalling the suite.
fn run_within(cmd: &mut std::process::Command, secs: u64) -> std::process::Output {
    let mut child = cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(secs) {
            child.kill().unwrap();
            panic!("still running after {secs} s: {:?}", child.wait_with_output().unwrap());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_fifo_or_socket_at_the_log_is_refused_not_waited_on() {
    let h = tempfile::tempdir().unwrap();
    let data = h.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let log = data.join("epay-status.log");
    let c_path = std::ffi::CString::new(log.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: mkfifo with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let out = run_within(bin(h.path()).args(["lookup", "205218074"]), 30);
    assert_eq!(out.status.code(), Some(0), "lookups go on without a log: {}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("cannot open log file") && err.contains("not a regular file"), "{err}");
    assert!(std::fs::symlink_metadata(&log).unwrap().file_type().is_fifo(), "the FIFO is left as it was");

    std::fs::remove_file(&log).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(&log).unwrap();
    let out = run_within(bin(h.path()).args(["history"]), 30);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("not a regular file"), "{}", stderr(&out));
}

#[test]
fn the_markdown_report_shows_markup_from_the_server_as_text() {
    let h = tempfile::tempdir().unwrap();
    let out = run(bin(h.path()).args(["report", "100000067"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md_path = stdout(&out).lines().find(|l| l.ends_with(".md")).unwrap().to_owned();
    let md = std::fs::read_to_string(md_path).unwrap();
    let (before_raw, _) = md.split_once("## Raw answer").unwrap();
    for live in ["<img", "<script", "](http", "http://", "*bold*"] {
        assert!(!before_raw.contains(live), "{live} reaches the Markdown:\n{before_raw}");
    }
    assert!(before_raw.contains("&lt;img src=x onerror=alert\\(1\\)&gt;"), "{before_raw}");
}
