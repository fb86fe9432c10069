//! The evidence report: one lookup with everything known about it, as
//! Markdown for people and JSON for tools, written whole or not at all.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use fluent_bundle::FluentValue;
use serde_json::{Value, json};

use crate::case::{CaseFile, Change};
use crate::export;
use crate::i18n::{self, Language};
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

impl ReportError {
    /// The error in `lang` (a store's own message is as it came).
    pub fn describe(&self, lang: Language) -> String {
        match self {
            ReportError::Store(e) => e.to_string(),
            ReportError::NotInHistory => i18n::plain(lang, "report-err-not-in-history"),
            ReportError::Write { dir, source } => i18n::text(
                lang,
                "report-err-write",
                &[("dir", dir.display().to_string().into()), ("error", source.to_string().into())],
            ),
        }
    }
}

/// Everything a report says about one lookup.
pub struct Evidence {
    pub lookup: StoredLookup,
    pub timeline: Vec<TimelinePoint>,
    /// What the history knows of the card and the IP, for the risk hints.
    pub known: Known,
    /// The invoice's dispute case with its whole trail, if it has one.
    pub case: Option<CaseFile>,
    pub written_at: DateTime<Utc>,
}

impl Evidence {
    /// Gathers a stored lookup, its invoice's timeline and its risk hints.
    pub async fn gather(store: &Store, store_id: i64, now: DateTime<Utc>) -> Result<Self, ReportError> {
        let lookup = store.load(store_id).await?.ok_or(ReportError::NotInHistory)?;
        let timeline = store.timeline(&lookup.invoice, None).await?;
        let known = match &lookup.result {
            Ok(answer) => {
                let (same_card, same_ip) = store.seen_elsewhere(answer).await?;
                Known { same_card, same_ip }
            }
            Err(_) => Known::default(),
        };
        let case = store.case(&lookup.invoice).await?;
        Ok(Self { lookup, timeline, known, case, written_at: now })
    }

    /// The risk hints in `lang` (JSON carries them in English).
    pub fn hints(&self, lang: Language) -> Vec<Hint> {
        match &self.lookup.result {
            Ok(answer) => risk::hints(answer, self.known, self.written_at, lang),
            Err(_) => Vec::new(),
        }
    }

    pub fn markdown(&self, tz: &crate::zone::Zone, lang: Language) -> String {
        let l = &self.lookup;
        let mut md = String::new();
        let at = |t: DateTime<Utc>| t.with_timezone(tz).format(&format!("{} %:z", lang.formats().seconds)).to_string();
        let say = |text: &str| FluentValue::from(text.to_owned());
        let heading = |md: &mut String, title: String| {
            let _ = writeln!(md, "## {title}\n");
        };
        let table_head = |md: &mut String, columns: &[String]| {
            let _ = writeln!(md, "| {} |\n|{}", columns.join(" | "), "---|".repeat(columns.len()));
        };
        let invoice = say(&l.invoice.to_string());
        let _ = writeln!(md, "# {}\n", i18n::text(lang, "report-title", &[("invoice", invoice)]));
        let checked = match l.who.who(lang) {
            Some(who) => i18n::text(
                lang,
                "report-checked-by",
                &[("at", say(&at(l.checked_at))), ("who", say(&cell(&who))), ("profile", say(&cell(&l.who.profile)))],
            ),
            None => i18n::text(
                lang,
                "report-checked",
                &[("at", say(&at(l.checked_at))), ("profile", say(&cell(&l.who.profile)))],
            ),
        };
        let _ = writeln!(md, "{checked} ({}).  ", cell(&l.who.api_host));
        let version = say(env!("CARGO_PKG_VERSION"));
        let written = i18n::text(lang, "report-written", &[("at", say(&at(self.written_at))), ("version", version)]);
        let _ = writeln!(md, "{written}\n");
        match &l.result {
            Ok(answer) => {
                let (headline, _) = sheet::headline(answer, lang);
                let result = i18n::text(
                    lang,
                    "report-result",
                    &[("code", say(&cell(answer.code.code()))), ("message", say(&cell(&answer.message)))],
                );
                let _ = writeln!(md, "**{}** · {} · {result}\n", cell(&headline), answer.kind.as_str());
                heading(&mut md, i18n::plain(lang, "report-risk-hints"));
                let hints = self.hints(lang);
                if hints.is_empty() {
                    let _ = writeln!(md, "{}\n", i18n::plain(lang, "report-no-hints"));
                } else {
                    let columns = [
                        i18n::plain(lang, "report-severity"),
                        i18n::plain(lang, "report-hint"),
                        i18n::plain(lang, "report-why"),
                    ];
                    table_head(&mut md, &columns);
                    for h in &hints {
                        let _ =
                            writeln!(md, "| {} | {} | {} |", h.severity.label(lang), cell(&h.title), cell(&h.reason));
                    }
                    md.push('\n');
                }
                let field_value = [i18n::plain(lang, "report-field"), i18n::plain(lang, "report-value")];
                for section in sheet::sections(answer, self.lookup.requested, tz, lang) {
                    let _ = writeln!(md, "## {}\n", section.title);
                    table_head(&mut md, &field_value);
                    for row in section.rows {
                        let _ = writeln!(md, "| {} | {} |", cell(&row.label), cell(&row.value));
                    }
                    md.push('\n');
                }
                if let Some((lat, lon)) = answer.transaction.as_ref().and_then(|t| t.coordinates()) {
                    heading(&mut md, i18n::plain(lang, "report-ip-location"));
                    let point = say(&format!("{lat:.4}, {lon:.4}"));
                    let line = match geo::country_at(lat, lon) {
                        Some(c) => {
                            i18n::text(lang, "report-lies-in", &[("point", point), ("country", say(&geo::name_of(&c)))])
                        }
                        None => i18n::text(lang, "report-lies-in-none", &[("point", point)]),
                    };
                    let _ = writeln!(md, "{line}\n");
                }
            }
            Err(f) => {
                let no_answer = i18n::plain(lang, "report-no-answer");
                let _ = writeln!(md, "**{no_answer}** ({}): {}\n", f.error.kind(), cell(&f.describe(lang)));
            }
        }
        if let Some(file) = &self.case {
            self.case_markdown(&mut md, file, tz, lang);
        }
        heading(&mut md, i18n::plain(lang, "report-checks"));
        let columns = [
            i18n::plain(lang, "report-checked-at"),
            i18n::plain(lang, "report-by"),
            i18n::plain(lang, "report-type"),
            i18n::plain(lang, "report-result-column"),
            i18n::plain(lang, "report-status"),
        ];
        table_head(&mut md, &columns);
        let this_check = format!(" ({})", i18n::plain(lang, "report-this-check"));
        let changed = format!(" ({})", i18n::plain(lang, "report-changed"));
        for p in &self.timeline {
            let _ = writeln!(
                md,
                "| {}{} | {} | {} | {} | {}{} |",
                at(p.checked_at),
                if p.store_id == l.store_id { this_check.as_str() } else { "" },
                cell(&p.operator),
                p.kind.as_str(),
                p.result_code.as_deref().map(cell).unwrap_or_else(|| i18n::plain(lang, "sheet-no-answer")),
                p.status.as_deref().map(cell).unwrap_or_default(),
                if p.changed { changed.as_str() } else { "" }
            );
        }
        if let Ok(answer) = &l.result {
            let raw = serde_json::to_string_pretty(&answer.raw).unwrap_or_default();
            let title = i18n::plain(lang, "report-raw-answer");
            let _ = writeln!(md, "\n## {title}\n\n```json\n{}\n```", raw.replace("```", "'''"));
        }
        md
    }

    /// The dispute case: where it stands, then every entry of its trail
    /// with who made it and when (notes whole, line breaks kept).
    fn case_markdown(&self, md: &mut String, file: &CaseFile, tz: &crate::zone::Zone, lang: Language) {
        let c = &file.case;
        let at = |t: DateTime<Utc>| t.with_timezone(tz).format(&format!("{} %:z", lang.formats().seconds)).to_string();
        let today = self.written_at.with_timezone(tz).date_naive();
        let tags = if c.tags.is_empty() {
            i18n::plain(lang, "report-none")
        } else {
            c.tags.iter().map(|t| cell(t)).collect::<Vec<_>>().join(", ")
        };
        let say = |text: String| FluentValue::from(text);
        let opened =
            i18n::text(lang, "report-opened-by", &[("at", say(at(c.opened_at))), ("who", say(cell(&c.opened_by)))]);
        let _ = writeln!(
            md,
            "## {}\n\n| {} | {} |\n|---|---|",
            i18n::plain(lang, "report-case"),
            i18n::plain(lang, "report-field"),
            i18n::plain(lang, "report-value")
        );
        for (label, value) in [
            (i18n::plain(lang, "report-case-state"), c.state.words(lang)),
            (i18n::plain(lang, "report-case-deadline"), c.deadline_in_words(today, lang)),
            (i18n::plain(lang, "report-case-owner"), cell(&c.owner)),
            (i18n::plain(lang, "report-case-tags"), tags),
            (i18n::plain(lang, "report-case-opened"), opened),
        ] {
            let _ = writeln!(md, "| {label} | {value} |");
        }
        let _ = writeln!(
            md,
            "\n### {}\n\n| {} | {} | {} |\n|---|---|---|",
            i18n::plain(lang, "report-case-trail"),
            i18n::plain(lang, "report-when"),
            i18n::plain(lang, "report-by"),
            i18n::plain(lang, "report-what")
        );
        for e in &file.entries {
            let what = match &e.change {
                // One cell: the note's lines are kept apart with <br>.
                Change::Note(text) => {
                    let lines = text.lines().map(cell).collect::<Vec<_>>().join("<br>");
                    i18n::text(lang, "report-note", &[("text", say(lines))])
                }
                change => cell(&change.describe(lang)),
            };
            let _ = writeln!(md, "| {} | {} | {what} |", at(e.at), cell(&e.signed(lang)));
        }
        md.push('\n');
        if let Some((reason, items)) = crate::reasons::checklist(file, self.facts(), lang) {
            use crate::reasons::Ticked;
            let title = i18n::text(lang, "case-checklist", &[("reason", say(cell(&reason.title(lang))))]);
            let _ = writeln!(
                md,
                "### {title}\n\n| | {} | {} |\n|---|---|---|",
                i18n::plain(lang, "report-evidence"),
                i18n::plain(lang, "report-evidence-done")
            );
            for item in &items {
                let (mark, how) = match &item.ticked {
                    None => ("☐", String::new()),
                    Some(Ticked::By { who, at: when }) => ("☑", format!("{} · {}", cell(who), at(*when))),
                    Some(Ticked::Held(why)) => ("☑", cell(why)),
                };
                let _ =
                    writeln!(md, "| {mark} | {} (`{}`) | {how} |", cell(item.evidence.words(lang)), item.evidence.id);
            }
            md.push('\n');
        }
    }

    /// What the report's lookup holds, for the checklist's own ticks.
    fn facts(&self) -> crate::reasons::Facts<'_> {
        crate::reasons::Facts { answer: self.lookup.result.as_ref().ok(), same_card: self.known.same_card.unwrap_or(0) }
    }

    pub fn json(&self) -> Value {
        let mut value = export::history_json(&self.lookup);
        let location =
            self.lookup.result.as_ref().ok().and_then(|a| a.transaction.as_ref()).and_then(|t| t.coordinates());
        if let Value::Object(map) = &mut value {
            map.insert(
                "riskHints".into(),
                self.hints(Language::En)
                    .iter()
                    .map(|h| json!({"severity": h.severity.name(), "title": h.title, "reason": h.reason}))
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
            let case = self.case.as_ref().map(|file| {
                let mut json = file.json();
                if let Some((reason, items)) = crate::reasons::checklist(file, self.facts(), Language::En) {
                    crate::reasons::add_json(&mut json, reason, &items, Language::En);
                }
                json
            });
            map.insert("case".into(), case.unwrap_or(Value::Null));
            map.insert("reportWrittenAt".into(), json!(self.written_at.to_rfc3339()));
        }
        value
    }

    /// Writes `invoice-<id>-<time>.md` and `.json` under `dir`.
    pub fn write(&self, dir: &Path, tz: &crate::zone::Zone, lang: Language) -> Result<(PathBuf, PathBuf), ReportError> {
        self.write_files(dir, tz, lang).map_err(|source| ReportError::Write { dir: dir.to_path_buf(), source })
    }

    fn write_files(&self, dir: &Path, tz: &crate::zone::Zone, lang: Language) -> std::io::Result<(PathBuf, PathBuf)> {
        crate::files::create_private_dir(dir)?;
        let stem = export::file_stem(&format!("invoice-{}", self.lookup.invoice), self.written_at);
        let md = dir.join(format!("{stem}.md"));
        let js = dir.join(format!("{stem}.json"));
        crate::files::atomic_write(&md, |w| std::io::Write::write_all(w, self.markdown(tz, lang).as_bytes()))?;
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

    #[tokio::test]
    async fn a_missing_lookup_is_a_typed_error() {
        let store = crate::store::Store::open_in_memory();
        let err = Evidence::gather(&store, 42, chrono::Utc::now()).await.err().unwrap();
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
