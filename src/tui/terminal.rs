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
