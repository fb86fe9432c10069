//! Taking the terminal over and giving it back on every way out: normal
//! quit, error, panic in any task (the process's panic hook calls
//! [`restore`], see `logging::install_panic_hook`), SIGTERM, SIGHUP.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, TryLockError};
use std::time::{Duration, Instant};

use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Set once the terminal was taken and given back: no frame may follow.
static GIVEN_BACK: AtomicBool = AtomicBool::new(false);
/// Held while a frame (or an OSC 52 copy, a bell) is written and while the
/// terminal is given back, so a frame cannot land on the shell's screen
/// after a panic in another task restored it.
static SCREEN: Mutex<()> = Mutex::new(());

pub type Term = Terminal<CrosstermBackend<io::Stdout>>;

/// Restores the terminal when dropped.
pub struct Guard;

impl Guard {
    pub fn enter() -> io::Result<(Self, Term)> {
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let guard = Self;
        execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture, EnableBracketedPaste)?;
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        Ok((guard, terminal))
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Runs `write` only while the screen is still ours (a panic hook may have
/// given it back while the UI task was about to draw), and keeps `restore`
/// waiting until it is done.
pub fn while_active<R>(write: impl FnOnce() -> R) -> Option<R> {
    let _held = crate::sync::lock(&SCREEN);
    ACTIVE.load(Ordering::SeqCst).then(write)
}

/// Like [`while_active`] for a frame, which may also go to a backend other
/// than this terminal (tests draw on a `TestBackend` and never enter).
pub fn unless_given_back<R>(draw: impl FnOnce() -> R) -> Option<R> {
    let _held = crate::sync::lock(&SCREEN);
    (!GIVEN_BACK.load(Ordering::SeqCst)).then(draw)
}

/// The screen lock, waited for a moment only: the panicking thread may be the
/// one holding it, mid-frame, and then giving the terminal back anyway is
/// better than hanging.
fn screen_lock() -> Option<MutexGuard<'static, ()>> {
    let deadline = Instant::now() + Duration::from_millis(500);
    loop {
        match SCREEN.try_lock() {
            Ok(held) => return Some(held),
            Err(TryLockError::Poisoned(held)) => return Some(held.into_inner()),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
            Err(TryLockError::WouldBlock) => return None,
        }
    }
}

/// Undoes everything `enter` turned on. Safe to call twice.
pub fn restore() {
    let _held = screen_lock();
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    GIVEN_BACK.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    let _ = execute!(out, DisableBracketedPaste, DisableMouseCapture, LeaveAlternateScreen, cursor::Show);
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// The terminal's events, read by a thread of their own. crossterm reads
/// the terminal inside the poll of its stream, and when the terminal is
/// gone (EOF or EIO) it retries that read forever without returning: on the
/// UI task that would freeze the loop mid-poll, so no signal or hang-up
/// could end it. Here only this thread is lost, and the loop, told by
/// [`gone`], ends.
pub fn events() -> impl futures_util::Stream<Item = io::Result<crossterm::event::Event>> + Unpin {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let read = move || {
        loop {
            let event = crossterm::event::read();
            let failed = event.is_err();
            if tx.send(event).is_err() || failed {
                return;
            }
        }
    };
    let started = std::thread::Builder::new().name("terminal-events".into()).spawn(read);
    let mut failed = started.err();
    futures_util::stream::poll_fn(move |cx| match failed.take() {
        Some(e) => std::task::Poll::Ready(Some(Err(e))),
        None => rx.poll_recv(cx),
    })
}

/// Whether the terminal has hung up (its far end closed).
#[cfg(unix)]
fn hung_up(fd: std::os::fd::RawFd, wait_ms: libc::c_int) -> Option<bool> {
    let mut pollfd = libc::pollfd { fd, events: 0, revents: 0 };
    // SAFETY: one valid pollfd.
    let n = unsafe { libc::poll(&mut pollfd, 1, wait_ms) };
    if n < 0 {
        return (io::Error::last_os_error().kind() != io::ErrorKind::Interrupted).then_some(true);
    }
    Some(pollfd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0)
}

/// The terminal crossterm reads: standard input, or `/dev/tty` when that is
/// not one (held open by the returned descriptor).
#[cfg(unix)]
fn terminal_fd() -> (std::os::fd::RawFd, Option<std::os::fd::OwnedFd>) {
    use std::os::fd::{AsRawFd, OwnedFd};
    // SAFETY: isatty only inspects the descriptor.
    if unsafe { libc::isatty(libc::STDIN_FILENO) } == 1 {
        return (libc::STDIN_FILENO, None);
    }
    let tty = std::fs::File::open("/dev/tty").ok().map(OwnedFd::from);
    (tty.as_ref().map_or(libc::STDIN_FILENO, AsRawFd::as_raw_fd), tty)
}

/// Whether the terminal is gone now: a failed frame is then no error to
/// report (there is nobody to report it to), but the end of the dashboard.
#[cfg(unix)]
pub fn is_gone() -> bool {
    let (fd, _tty) = terminal_fd();
    hung_up(fd, 0) == Some(true)
}

#[cfg(not(unix))]
pub fn is_gone() -> bool {
    false
}

/// Resolves when the terminal goes away without a SIGHUP: the far end of
/// the pseudo-terminal closed (an SSH connection dropped while the program
/// ignored or never got the signal). A thread of its own blocks in `poll` on
/// the terminal, which costs nothing while the terminal is there and wakes
/// on its hang-up.
#[cfg(unix)]
pub fn gone() -> impl std::future::Future<Output = ()> + Send + 'static {
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let watch = move || {
        let (fd, _tty) = terminal_fd();
        loop {
            if hung_up(fd, -1) == Some(true) {
                tracing::warn!("the terminal went away (hang-up on its descriptor): ending the dashboard");
                let _ = tx.send(());
                return;
            }
        }
    };
    let watching = std::thread::Builder::new().name("terminal-gone".into()).spawn(watch).is_ok();
    async move {
        if !watching || rx.await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

#[cfg(not(unix))]
pub fn gone() -> impl std::future::Future<Output = ()> + Send + 'static {
    std::future::pending()
}
