//! The evidence report: one lookup with everything known about it, as
//! Markdown for people and JSON for tools, written whole or not at all.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Utc};
use serde_json::{Value, json};

use crate::case::{CaseFile, Change};
use crate::export;
// The report speaks English until it is translated.
use crate::i18n::Language;
use crate::risk::{self, Hint, Known, geo};
use crate::sheet;
use crate::store::{Store, StoreError, StoredLookup, TimelinePoint};

/// Why no report was written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("that lookup is not in the history")]
    NotInHistory,
    #[error("cannot write to {dir}: {source}")]
    Write { dir: PathBuf, source: std::io::Error },
}

/// Everything a report says about one lookup.
pub struct Evidence {
    pub lookup: StoredLookup,
    pub timeline: Vec<TimelinePoint>,
    pub hints: Vec<Hint>,
    /// The invoice's dispute case with its whole trail, if it has one.
    pub case: Option<CaseFile>,
    pub written_at: DateTime<Utc>,
}

impl Evidence {
    /// Gathers a stored lookup, its invoice's timeline and its risk hints.
    pub fn gather(store: &Store, store_id: i64, now: DateTime<Utc>) -> Result<Self, ReportError> {
        let lookup = store.load(store_id)?.ok_or(ReportError::NotInHistory)?;
        let timeline = store.timeline(&lookup.invoice, None)?;
        let hints = match &lookup.result {
            Ok(answer) => {
                let (same_card, same_ip) = store.seen_elsewhere(answer)?;
                risk::hints(answer, Known { same_card, same_ip }, now)
            }
            Err(_) => Vec::new(),
        };
        let case = store.case(&lookup.invoice)?;
        Ok(Self { lookup, timeline, hints, case, written_at: now })
    }

    pub fn markdown(&self, tz: &FixedOffset) -> String {
        let l = &self.lookup;
        let mut md = String::new();
        let at = |t: DateTime<Utc>| t.with_timezone(tz).format("%Y-%m-%d %H:%M:%S %:z").to_string();
        let _ = writeln!(md, "# Evidence: invoice {}\n", l.invoice);
        let _ = writeln!(
            md,
            "Checked {}{} from profile `{}` ({}).  ",
            at(l.checked_at),
            l.who.who().map(|who| format!(" by {}", cell(&who))).unwrap_or_default(),
            cell(&l.who.profile),
            cell(&l.who.api_host)
        );
        let _ = writeln!(md, "Report written {} by epay-status {}.\n", at(self.written_at), env!("CARGO_PKG_VERSION"));
        match &l.result {
            Ok(answer) => {
                let (headline, _) = sheet::headline(answer);
                let _ = writeln!(
                    md,
                    "**{}** · {} · result {} {}\n",
                    cell(&headline),
                    answer.kind.as_str(),
                    cell(answer.code.code()),
                    cell(&answer.message)
                );
                md.push_str("## Risk hints\n\n");
                if self.hints.is_empty() {
                    md.push_str("None.\n\n");
                } else {
                    md.push_str("| Severity | Hint | Why |\n|---|---|---|\n");
                    for h in &self.hints {
                        let _ = writeln!(md, "| {} | {} | {} |", h.severity.label(), cell(&h.title), cell(&h.reason));
                    }
                    md.push('\n');
                }
                for section in sheet::sections(answer, self.lookup.requested, tz) {
                    let _ = writeln!(md, "## {}\n\n| Field | Value |\n|---|---|", section.title);
                    for row in section.rows {
                        let _ = writeln!(md, "| {} | {} |", cell(&row.label), cell(&row.value));
                    }
                    md.push('\n');
                }
                if let Some((lat, lon)) = answer.transaction.as_ref().and_then(|t| t.coordinates()) {
                    let at_point =
                        geo::country_at(lat, lon).map(|c| geo::name_of(&c)).unwrap_or_else(|| "no country".into());
                    let _ = writeln!(md, "## IP location\n\n{lat:.4}, {lon:.4} lies in {at_point}.\n");
                }
            }
            Err(f) => {
                let _ = writeln!(md, "**No answer** ({}): {}\n", f.error.kind(), cell(&f.to_string()));
            }
        }
        if let Some(file) = &self.case {
            self.case_markdown(&mut md, file, tz);
        }
        md.push_str("## Checks of this invoice\n\n| Checked | By | Type | Result | Status |\n|---|---|---|---|---|\n");
        for p in &self.timeline {
            let mark = if p.store_id == l.store_id { " (this check)" } else { "" };
            let _ = writeln!(
                md,
                "| {}{mark} | {} | {} | {} | {}{} |",
                at(p.checked_at),
                cell(&p.operator),
                p.kind.as_str(),
                p.result_code.as_deref().map(cell).unwrap_or_else(|| "no answer".into()),
                p.status.as_deref().map(cell).unwrap_or_default(),
                if p.changed { " (changed)" } else { "" }
            );
        }
        if let Ok(answer) = &l.result {
            let raw = serde_json::to_string_pretty(&answer.raw).unwrap_or_default();
            let _ = writeln!(md, "\n## Raw answer\n\n```json\n{}\n```", raw.replace("```", "'''"));
        }
        md
    }

    /// The dispute case: where it stands, then every entry of its trail
    /// with who made it and when (notes whole, line breaks kept).
    fn case_markdown(&self, md: &mut String, file: &CaseFile, tz: &FixedOffset) {
        let c = &file.case;
        let at = |t: DateTime<Utc>| t.with_timezone(tz).format("%Y-%m-%d %H:%M:%S %:z").to_string();
        let today = self.written_at.with_timezone(tz).date_naive();
        let tags = if c.tags.is_empty() {
            "none".to_owned()
        } else {
            c.tags.iter().map(|t| cell(t)).collect::<Vec<_>>().join(", ")
        };
        let _ = writeln!(md, "## Dispute case\n\n| Field | Value |\n|---|---|");
        for (label, value) in [
            ("State", c.state.words(Language::En)),
            ("Deadline", c.deadline_in_words(today, Language::En)),
            ("Owner", cell(&c.owner)),
            ("Tags", tags),
            ("Opened", format!("{} by {}", at(c.opened_at), cell(&c.opened_by))),
        ] {
            let _ = writeln!(md, "| {label} | {value} |");
        }
        md.push_str("\n### Notes and changes\n\n| When | By | What |\n|---|---|---|\n");
        for e in &file.entries {
            let what = match &e.change {
                // One cell: the note's lines are kept apart with <br>.
                Change::Note(text) => format!("note: {}", text.lines().map(cell).collect::<Vec<_>>().join("<br>")),
                change => cell(&change.describe(Language::En)),
            };
            let _ = writeln!(md, "| {} | {} | {what} |", at(e.at), cell(&e.by));
        }
        md.push('\n');
    }

    pub fn json(&self) -> Value {
        let mut value = export::history_json(&self.lookup);
        let location =
            self.lookup.result.as_ref().ok().and_then(|a| a.transaction.as_ref()).and_then(|t| t.coordinates());
        if let Value::Object(map) = &mut value {
            map.insert(
                "riskHints".into(),
                self.hints
                    .iter()
                    .map(|h| json!({"severity": h.severity.label(), "title": h.title, "reason": h.reason}))
                    .collect(),
            );
            map.insert(
                "timeline".into(),
                self.timeline
                    .iter()
                    .map(|p| {
                        json!({
                            "checkedAt": p.checked_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                            "type": p.kind.as_str(),
                            "resultCode": p.result_code,
                            "statusName": p.status,
                            "changed": p.changed,
                        })
                    })
                    .collect(),
            );
            map.insert(
                "location".into(),
                match location {
                    Some((lat, lon)) => json!({
                        "latitude": lat,
                        "longitude": lon,
                        "countryAtPoint": geo::country_at(lat, lon),
                    }),
                    None => Value::Null,
                },
            );
            map.insert("case".into(), self.case.as_ref().map(CaseFile::json).unwrap_or(Value::Null));
            map.insert("reportWrittenAt".into(), json!(self.written_at.to_rfc3339()));
        }
        value
    }

    /// Writes `invoice-<id>-<time>.md` and `.json` under `dir`.
    pub fn write(&self, dir: &Path, tz: &FixedOffset) -> Result<(PathBuf, PathBuf), ReportError> {
        self.write_files(dir, tz).map_err(|source| ReportError::Write { dir: dir.to_path_buf(), source })
    }

    fn write_files(&self, dir: &Path, tz: &FixedOffset) -> std::io::Result<(PathBuf, PathBuf)> {
        crate::files::create_private_dir(dir)?;
        let stem = export::file_stem(&format!("invoice-{}", self.lookup.invoice), self.written_at);
        let md = dir.join(format!("{stem}.md"));
        let js = dir.join(format!("{stem}.json"));
        crate::files::atomic_write(&md, |w| std::io::Write::write_all(w, self.markdown(tz).as_bytes()))?;
        crate::files::atomic_write(&js, |w| {
            serde_json::to_writer_pretty(&mut *w, &self.json()).map_err(std::io::Error::other)?;
            std::io::Write::write_all(w, b"\n")
        })?;
        Ok((md, js))
    }
}

/// Server text in Markdown (a table cell or a line): one line, with all
/// that Markdown or HTML would act on made literal, so a name like
/// `<img onerror=...>` or `[pay here](http://...)` shows as typed, never as
/// markup or a link, in whatever renders the report.
fn cell(s: &str) -> String {
    let clean = crate::text::clean(s);
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '|' | '~' | '!' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    // GitHub's Markdown links bare addresses: break the pattern it looks for.
    out.replace("://", "\\://").replace("www.", "www\\.")
}

#[cfg(test)]
mod tests {
    use super::{Evidence, ReportError, cell};

    #[test]
    fn a_missing_lookup_is_a_typed_error() {
        let store = crate::store::Store::open_in_memory();
        let err = Evidence::gather(&store, 42, chrono::Utc::now()).err().unwrap();
        assert!(matches!(err, ReportError::NotInHistory), "{err}");
        assert_eq!(err.to_string(), "that lookup is not in the history");
    }

    #[test]
    fn cells_show_markup_as_text() {
        assert_eq!(cell("<script>alert(1)</script>"), "&lt;script&gt;alert\\(1\\)&lt;/script&gt;");
        assert_eq!(cell("[pay](http://evil.kz) www.evil.kz"), "\\[pay\\]\\(http\\://evil.kz\\) www\\.evil.kz");
        assert_eq!(cell("a|b *c* `d` &amp;"), "a\\|b \\*c\\* \\`d\\` &amp;amp;");
        assert_eq!(cell("Tester Petrov 12.22"), "Tester Petrov 12.22");
    }
}
