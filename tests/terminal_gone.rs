//! A terminal that goes away without a SIGHUP: the dashboard runs in a
//! pseudo-terminal that is not its controlling terminal (so closing the far
//! end sends no signal), the far end is closed, and the program must end by
//! itself instead of spinning on a read that returns EOF or EIO forever.

#![cfg(target_os = "linux")]

use std::fs::File;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A new pseudo-terminal of 80x24: its master, and its slave's path.
fn open_pty() -> (File, String) {
    // SAFETY: plain libc calls on a descriptor this function owns; ptsname_r
    // writes at most `buf.len()` bytes.
    unsafe {
        let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(master >= 0, "posix_openpt: {}", std::io::Error::last_os_error());
        // Else the program inherits the master, and it never closes.
        assert_eq!(libc::fcntl(master, libc::F_SETFD, libc::FD_CLOEXEC), 0);
        assert_eq!(libc::grantpt(master), 0);
        assert_eq!(libc::unlockpt(master), 0);
        let mut buf = [0 as libc::c_char; 128];
        assert_eq!(libc::ptsname_r(master, buf.as_mut_ptr(), buf.len()), 0);
        let size = libc::winsize { ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0 };
        assert_eq!(libc::ioctl(master, libc::TIOCSWINSZ, &size), 0);
        let name = std::ffi::CStr::from_ptr(buf.as_ptr()).to_string_lossy().into_owned();
        (File::from_raw_fd(master), name)
    }
}

/// Reads what the program drew until `want` shows or `within` passes.
fn read_until(master: &mut File, want: &str, within: Duration) -> String {
    let started = Instant::now();
    let mut seen = Vec::new();
    while started.elapsed() < within {
        let mut pollfd = libc::pollfd { fd: master.as_raw_fd(), events: libc::POLLIN, revents: 0 };
        // SAFETY: one valid pollfd.
        if unsafe { libc::poll(&mut pollfd, 1, 100) } > 0 {
            let mut buf = [0; 4096];
            match master.read(&mut buf) {
                Ok(n) if n > 0 => seen.extend_from_slice(&buf[..n]),
                _ => break,
            }
            if String::from_utf8_lossy(&seen).contains(want) {
                break;
            }
        }
    }
    String::from_utf8_lossy(&seen).into_owned()
}

#[test]
fn the_dashboard_ends_when_its_terminal_goes_away_without_a_hangup_signal() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (mut master, slave_path) = open_pty();
    let slave = std::fs::OpenOptions::new().read(true).write(true).open(&slave_path).unwrap();
    let slave = OwnedFd::from(slave);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_epay-status"));
    for (k, _) in std::env::vars() {
        if k.starts_with("EPAY_") || k.starts_with("LC_") || k == "TMUX" {
            cmd.env_remove(k);
        }
    }
    cmd.env("HOME", h)
        .env("LANG", "C.UTF-8")
        .env("TERM", "xterm-256color")
        .env("XDG_CONFIG_HOME", h.join(".config"))
        .env("EPAY_STATUS_DATA_DIR", h.join("data"))
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    // SAFETY: setsid is async-signal-safe. A new session has no controlling
    // terminal, so the master's close reaches the program as EOF/EIO only.
    unsafe {
        cmd.pre_exec(|| if libc::setsid() < 0 { Err(std::io::Error::last_os_error()) } else { Ok(()) });
    }
    let mut child = cmd.spawn().unwrap();
    drop(cmd);

    let screen = read_until(&mut master, "History", Duration::from_secs(30));
    assert!(screen.contains("History"), "the dashboard never drew: {screen:?}");
    drop(master);

    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            child.wait().unwrap();
            let log = std::fs::read_to_string(h.join("data/epay-status.log")).unwrap_or_default();
            panic!("the dashboard was still running 10 s after its terminal went away; log:\n{log}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let log = std::fs::read_to_string(h.join("data/epay-status.log")).unwrap();
    assert_eq!(status.code(), Some(0), "a terminal gone is a normal end, as a SIGHUP is: {status:?}; log:\n{log}");
    assert!(log.contains("the terminal went away"), "{log}");
}
