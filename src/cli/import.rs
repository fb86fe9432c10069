//! `epay-status history import [FILE]`: a history file copied into the
//! team history (see `store::import`).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use super::Exit;
use crate::config::Settings;
use crate::i18n::{self, Language};
use crate::store::{Store, path_in};

pub async fn run(settings: &Settings, team: &Store, file: Option<PathBuf>, with_sandbox: bool, lang: Language) -> Exit {
    let default = path_in(&settings.data_dir);
    let path = file.unwrap_or_else(|| default.clone());
    let shown = || path.display().to_string().into();
    if !path.is_file() {
        super::error(lang, i18n::text(lang, "history-import-no-file", &[("path", shown())]));
        return Exit::Usage;
    }
    // The spool's lookups are the team's already, on their way.
    let same = |a: &std::path::Path, b: &std::path::Path| a.canonicalize().ok() == b.canonicalize().ok();
    if team.spool_path().is_some_and(|spool| same(spool, &path)) {
        super::error(lang, i18n::text(lang, "history-import-spool", &[("path", shown())]));
        return Exit::Usage;
    }
    let local = match Store::open_existing(&path) {
        Ok(local) => local,
        Err(e) => {
            let args = [("path", shown()), ("error", e.to_string().into())];
            super::error(lang, i18n::text(lang, "history-import-unreadable", &args));
            return Exit::Local;
        }
    };
    let progress = std::io::stderr().is_terminal().then(std::io::stderr);
    let imported = team
        .import(&local, with_sandbox, |done| {
            if let Some(mut err) = progress.as_ref().map(std::io::Stderr::lock) {
                let text = i18n::text(lang, "history-import-progress", &[("done", done.into())]);
                let _ = write!(err, "\r{text}");
            }
        })
        .await;
    if progress.is_some() {
        eprintln!();
    }
    let imported = match imported {
        Ok(imported) => imported,
        Err(e) => {
            super::error(lang, i18n::text(lang, "history-import-failed", &[("error", e.to_string().into())]));
            // Refused settings are mended by the operator; anything else
            // (the server away, the file unreadable) is this machine's.
            return if matches!(e, crate::store::StoreError::Refused { .. }) { Exit::Usage } else { Exit::Local };
        }
    };
    let args = [
        ("lookups_new", imported.lookups_new.into()),
        ("lookups", imported.lookups.into()),
        ("cases_new", imported.cases_new.into()),
        ("cases", imported.cases.into()),
        ("entries", imported.entries_new.into()),
        ("path", shown()),
        ("location", team.location().into()),
    ];
    println!("{}", i18n::text(lang, "history-import-done", &args));
    if let Some(first) = &imported.first_unreadable {
        let args = [("count", imported.unreadable.into()), ("first", first.clone().into())];
        super::warning(lang, i18n::text(lang, "history-import-unreadable-rows", &args));
    }
    if imported.sandbox > 0 {
        super::warning(lang, i18n::text(lang, "history-import-sandbox", &[("count", imported.sandbox.into())]));
    }
    for invoice in &imported.cases_elsewhere {
        let args = [("invoice", invoice.to_string().into()), ("path", shown())];
        super::warning(lang, i18n::text(lang, "history-import-elsewhere", &args));
    }
    if same(&path, &default)
        && let Some(marker) = crate::session::imported_marker(team)
        && let Err(e) = crate::files::atomic_write(&marker, |w| w.write_all(chrono::Utc::now().to_rfc3339().as_bytes()))
    {
        tracing::warn!("{}: {e}", marker.display());
    }
    if imported.cases_elsewhere.is_empty() { Exit::Ok } else { Exit::NotSuccess }
}
