//! Non-interactive commands.

pub mod case;
pub mod config_view;
pub mod fill;
pub mod history;
pub mod lookup;
pub mod report;
pub mod sandbox;

/// Exit statuses, a contract with scripts (see README).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    Ok = 0,
    NotSuccess = 1,
    Usage = 2,
    NoAnswer = 3,
    /// Something on this machine failed: the terminal, the history file,
    /// writing a report or the output. Not the API's doing.
    Local = 4,
    /// Stopped by Ctrl-C, SIGTERM or SIGHUP, after saving what was done.
    Interrupted = 130,
}
