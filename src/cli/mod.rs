//! Non-interactive commands.

pub mod case;
pub mod config_view;
pub mod fill;
pub mod find;
pub mod help;
pub mod history;
pub mod import;
pub mod intake;
pub mod lookup;
pub mod report;
pub mod sandbox;
pub mod team;

use crate::i18n::{self, Language};

/// Says on stderr what went wrong: "error: …" in the operator's language.
pub fn error(lang: Language, message: impl std::fmt::Display) {
    say(&i18n::text(lang, "cli-error", &[("message", message.to_string().into())]));
}

/// Says on stderr what went wrong but did not stop the command.
pub fn warning(lang: Language, message: impl std::fmt::Display) {
    say(&i18n::text(lang, "cli-warning", &[("message", message.to_string().into())]));
}

/// How many rows of the history could not be read and were passed over
/// since the last call, in words (`None`: none). Each row is told of once.
pub fn skipped_rows(store: &crate::store::Store, lang: Language) -> Option<String> {
    let skipped = store.take_skipped();
    (skipped.rows > 0).then(|| {
        let args = [
            ("count", fluent_bundle::FluentValue::from(skipped.rows)),
            ("first", skipped.first.unwrap_or_default().into()),
            ("location", store.location().into()),
        ];
        i18n::text(lang, "cli-rows-skipped", &args)
    })
}

/// [`skipped_rows`], said on stderr.
pub fn say_skipped(store: &crate::store::Store, lang: Language) {
    if let Some(said) = skipped_rows(store, lang) {
        warning(lang, said);
    }
}

/// A line on stderr. A stderr that is gone (a terminal that hung up, a
/// closed pipe) loses the line; `eprintln!` would panic instead.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

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
