//! `epay-status intake FILE`: the acquirer's chargeback list becomes cases.
//! A line per row (or JSON Lines), then the summary.

use std::io::Write;
use std::path::Path;

use super::Exit;
use crate::i18n::{self, Language};
use crate::intake::{Counts, Intake, Outcome, Row};

pub async fn run(intake: &Intake<'_>, file: &Path, json: bool) -> Exit {
    let lang = intake.lang;
    let rows = match intake.run(file, &|_, _| {}).await {
        Ok(rows) => rows,
        Err(e) => {
            super::error(lang, i18n::text(lang, "cli-nothing-written", &[("error", e.describe(lang).into())]));
            return Exit::Usage;
        }
    };
    let mut out = std::io::stdout().lock();
    let written = rows.iter().try_for_each(|row| {
        if json { writeln!(out, "{}", row.json(intake.dry_run)) } else { writeln!(out, "{}", line(row, lang)) }
    });
    if let Err(e) = written.and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        super::error(lang, e);
        return Exit::Local;
    }
    let counts = Counts::of(&rows);
    let mut summary = counts.describe(lang);
    if intake.dry_run {
        summary = format!("{summary} {}", i18n::plain(lang, "intake-dry-run"));
    }
    let _ = writeln!(std::io::stderr(), "{summary}");
    if rows.iter().all(|r| r.outcome.is_handled()) { Exit::Ok } else { Exit::NotSuccess }
}

/// One row for people: its line, what happened, the invoice or the candidates, what was tried.
fn line(row: &Row, lang: Language) -> String {
    let key = row.notice.as_ref().map(|n| n.key()).unwrap_or_default();
    let invoice = row.invoice.map(|i| i.to_string()).unwrap_or_else(|| "—".into());
    let detail = match &row.outcome {
        Outcome::Ambiguous(candidates) => {
            let said = if row.about.is_empty() { candidates.join(", ") } else { row.about.join("; ") };
            i18n::text(lang, "intake-candidates", &[("invoices", said.into())])
        }
        Outcome::Invalid(why) => why.clone(),
        Outcome::NotFound => row.tried.join("; "),
        Outcome::Exists { added: true } => i18n::plain(lang, "intake-added"),
        Outcome::Exists { added: false } | Outcome::Opened => String::new(),
    };
    let line = format!("{:>5}  {:<10} {:<15} {key}  {detail}", row.line, row.outcome.name(), invoice);
    line.trim_end().to_owned()
}
