//! The evidence report: one lookup with everything known about it, as
//! Markdown and PDF for people and JSON for tools, written whole or not at
//! all. The content is laid down once, as blocks (`blocks.rs`), that the
//! Markdown (`markdown.rs`) and the PDF (`pdf.rs`, `map.rs`) draw.

mod blocks;
mod map;
mod markdown;
mod pdf;

pub use blocks::Block;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use fluent_bundle::FluentValue;
use serde_json::{Value, json};

use crate::checker::Checker;
use crate::export;
use crate::i18n::{self, Language};
use crate::risk::{self, Hint, Known, geo};
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
    pub case: Option<crate::case::CaseFile>,
    pub written_at: DateTime<Utc>,
    /// Who writes the report, from which profile.
    pub written_by: Checker,
}

/// The three files of a report.
#[derive(Clone, Debug)]
pub struct Written {
    pub markdown: PathBuf,
    pub json: PathBuf,
    pub pdf: PathBuf,
}

impl Evidence {
    /// Gathers a stored lookup, its invoice's timeline and its risk hints,
    /// for a report `by` writes `now`.
    pub async fn gather(store: &Store, store_id: i64, now: DateTime<Utc>, by: &Checker) -> Result<Self, ReportError> {
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
        Ok(Self { lookup, timeline, known, case, written_at: now, written_by: by.clone() })
    }

    /// The risk hints in `lang` (JSON carries them in English).
    pub fn hints(&self, lang: Language) -> Vec<Hint> {
        match &self.lookup.result {
            Ok(answer) => risk::hints(answer, self.known, self.written_at, lang),
            Err(_) => Vec::new(),
        }
    }

    pub fn markdown(&self, tz: &crate::zone::Zone, lang: Language) -> String {
        markdown::render(&self.blocks(tz, lang))
    }

    /// The report as an A4 PDF: the same blocks, and on every page its
    /// number, when it was made, from which profile and by whom.
    pub fn pdf(&self, tz: &crate::zone::Zone, lang: Language) -> std::io::Result<Vec<u8>> {
        let say = |text: String| FluentValue::from(text);
        let at = self.written_at.with_timezone(tz).format(&format!("{} %:z", lang.formats().minutes)).to_string();
        let by = &self.written_by;
        let who = crate::text::clean(&by.who(lang).unwrap_or_else(|| i18n::plain(lang, "report-nobody")));
        let made = i18n::text(
            lang,
            "report-pdf-made",
            &[
                ("invoice", say(self.lookup.invoice.to_string())),
                ("at", say(at)),
                ("profile", say(crate::text::clean(&by.profile))),
                ("who", say(who)),
            ],
        );
        let footer = pdf::Footer {
            page: Box::new(move |page, pages| {
                i18n::text(lang, "report-pdf-page", &[("page", page.into()), ("pages", pages.into())])
            }),
            made,
        };
        let title = i18n::text(lang, "report-title", &[("invoice", say(self.lookup.invoice.to_string()))]);
        let author = crate::text::clean(&by.operator);
        let made = self.written_at.with_timezone(tz).fixed_offset();
        let about = pdf::About { title, language: lang.code(), author, made };
        pdf::render(&self.blocks(tz, lang), &footer, &about)
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

    /// Writes `invoice-<id>-<time>.md`, `.json` and `.pdf` under `dir`
    /// (`-2` and so on after the time when a report of that second is
    /// there): all three made first, then written, none left if one fails,
    /// and nothing already there replaced.
    pub fn write(&self, dir: &Path, tz: &crate::zone::Zone, lang: Language) -> Result<Written, ReportError> {
        self.write_files(dir, tz, lang).map_err(|source| ReportError::Write { dir: dir.to_path_buf(), source })
    }

    fn write_files(&self, dir: &Path, tz: &crate::zone::Zone, lang: Language) -> std::io::Result<Written> {
        let markdown = self.markdown(tz, lang);
        let mut json = serde_json::to_vec_pretty(&self.json()).map_err(std::io::Error::other)?;
        json.push(b'\n');
        let pdf = self.pdf(tz, lang)?;
        crate::files::create_private_dir(dir)?;
        let stem = export::file_stem(&format!("invoice-{}", self.lookup.invoice), self.written_at);
        let files = [("md", markdown.as_bytes()), ("json", &json[..]), ("pdf", &pdf[..])];
        match <[PathBuf; 3]>::try_from(crate::files::write_new_set(dir, &stem, &files)?) {
            Ok([markdown, json, pdf]) => Ok(Written { markdown, json, pdf }),
            Err(_) => Err(std::io::Error::other("three files were asked for")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Evidence, ReportError};

    #[tokio::test]
    async fn a_missing_lookup_is_a_typed_error() {
        let store = crate::store::Store::open_in_memory();
        let err = Evidence::gather(&store, 42, chrono::Utc::now(), &Default::default()).await.err().unwrap();
        assert!(matches!(err, ReportError::NotInHistory), "{err}");
        assert_eq!(err.to_string(), "that lookup is not in the history");
    }
}
