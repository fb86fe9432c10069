//! The report's content once, as blocks of plain text: the Markdown and the
//! PDF draw the same blocks, each escaping or placing text its own way.
//! Text from the server and from notes is cleaned of control characters
//! here and is never markup in either.

use chrono::{DateTime, Utc};
use fluent_bundle::FluentValue;

use super::Evidence;
use crate::case::{CaseFile, Change};
use crate::i18n::{self, Language};
use crate::risk::geo;
use crate::sheet;

/// One piece of the report.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Title(String),
    /// Lines of one paragraph, each kept whole.
    Lines(Vec<String>),
    /// A paragraph whose first part stands out (the headline).
    Lead {
        strong: String,
        rest: String,
    },
    /// A section (2) or a part of one (3).
    Heading(u8, String),
    /// A table; a cell's line breaks are kept.
    Table {
        columns: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// The reason code's evidence: done or not, what, how.
    Checklist {
        columns: [String; 2],
        items: Vec<(bool, String, String)>,
    },
    /// A world map with a pin at the IP's coordinates, and what it shows
    /// in words.
    Map {
        latitude: f64,
        longitude: f64,
        caption: String,
    },
    /// Text kept as it is, line by line (ePay's raw answer).
    Code(String),
}

impl Evidence {
    /// The report in `lang`, times in `tz`.
    pub fn blocks(&self, tz: &crate::zone::Zone, lang: Language) -> Vec<Block> {
        let l = &self.lookup;
        let at = |t: DateTime<Utc>| stamp(t, tz, lang);
        let say = |text: &str| FluentValue::from(text.to_owned());
        let clean = |s: &str| crate::text::clean(s);
        let mut out = vec![Block::Title(i18n::text(lang, "report-title", &[("invoice", say(&l.invoice.to_string()))]))];
        let checked = match l.who.who(lang) {
            Some(who) => i18n::text(
                lang,
                "report-checked-by",
                &[("at", say(&at(l.checked_at))), ("who", say(&clean(&who))), ("profile", say(&clean(&l.who.profile)))],
            ),
            None => i18n::text(
                lang,
                "report-checked",
                &[("at", say(&at(l.checked_at))), ("profile", say(&clean(&l.who.profile)))],
            ),
        };
        let version = say(env!("CARGO_PKG_VERSION"));
        let written = i18n::text(lang, "report-written", &[("at", say(&at(self.written_at))), ("version", version)]);
        out.push(Block::Lines(vec![format!("{checked} ({}).", clean(&l.who.api_host)), written]));
        match &l.result {
            Ok(answer) => {
                let (headline, _) = sheet::headline(answer, lang);
                let result = i18n::text(
                    lang,
                    "report-result",
                    &[("code", say(&clean(answer.code.code()))), ("message", say(&clean(&answer.message)))],
                );
                out.push(Block::Lead {
                    strong: clean(&headline),
                    rest: format!("{} · {result}", answer.kind.as_str()),
                });
                out.push(Block::Heading(2, i18n::plain(lang, "report-risk-hints")));
                let hints = self.hints(lang);
                if hints.is_empty() {
                    out.push(Block::Lines(vec![i18n::plain(lang, "report-no-hints")]));
                } else {
                    let columns = [
                        i18n::plain(lang, "report-severity"),
                        i18n::plain(lang, "report-hint"),
                        i18n::plain(lang, "report-why"),
                    ];
                    let rows = hints
                        .iter()
                        .map(|h| vec![h.severity.label(lang).to_string(), clean(&h.title), clean(&h.reason)])
                        .collect();
                    out.push(Block::Table { columns: columns.into(), rows });
                }
                let field_value = vec![i18n::plain(lang, "report-field"), i18n::plain(lang, "report-value")];
                for section in sheet::sections(answer, self.lookup.requested, tz, lang) {
                    out.push(Block::Heading(2, section.title));
                    let rows = section.rows.iter().map(|r| vec![clean(&r.label), clean(&r.value)]).collect();
                    out.push(Block::Table { columns: field_value.clone(), rows });
                }
                if let Some((latitude, longitude)) = answer.transaction.as_ref().and_then(|t| t.coordinates()) {
                    out.push(Block::Heading(2, i18n::plain(lang, "report-ip-location")));
                    let point = say(&format!("{latitude:.4}, {longitude:.4}"));
                    let line = match geo::country_at(latitude, longitude) {
                        Some(c) => {
                            i18n::text(lang, "report-lies-in", &[("point", point), ("country", say(&geo::name_of(&c)))])
                        }
                        None => i18n::text(lang, "report-lies-in-none", &[("point", point)]),
                    };
                    out.push(Block::Map { latitude, longitude, caption: line });
                }
            }
            Err(f) => {
                let strong = i18n::plain(lang, "report-no-answer");
                out.push(Block::Lead { strong, rest: format!("({}): {}", f.error.kind(), clean(&f.describe(lang))) });
            }
        }
        if let Some(file) = &self.case {
            self.case_blocks(&mut out, file, tz, lang);
        }
        out.push(Block::Heading(2, i18n::plain(lang, "report-checks")));
        let columns = [
            i18n::plain(lang, "report-checked-at"),
            i18n::plain(lang, "report-by"),
            i18n::plain(lang, "report-type"),
            i18n::plain(lang, "report-result-column"),
            i18n::plain(lang, "report-status"),
        ];
        let this_check = format!(" ({})", i18n::plain(lang, "report-this-check"));
        let changed = format!(" ({})", i18n::plain(lang, "report-changed"));
        let rows = self
            .timeline
            .iter()
            .map(|p| {
                vec![
                    format!("{}{}", at(p.checked_at), if p.store_id == l.store_id { this_check.as_str() } else { "" }),
                    clean(&p.operator),
                    p.kind.as_str().to_owned(),
                    p.result_code.as_deref().map(clean).unwrap_or_else(|| i18n::plain(lang, "sheet-no-answer")),
                    format!(
                        "{}{}",
                        p.status.as_deref().map(clean).unwrap_or_default(),
                        if p.changed { changed.as_str() } else { "" }
                    ),
                ]
            })
            .collect();
        out.push(Block::Table { columns: columns.into(), rows });
        if let Ok(answer) = &l.result {
            out.push(Block::Heading(2, i18n::plain(lang, "report-raw-answer")));
            // serde_json escapes every control character in a string.
            out.push(Block::Code(serde_json::to_string_pretty(&answer.raw).unwrap_or_default()));
        }
        out
    }

    /// The dispute case: where it stands, then every entry of its trail
    /// with who made it and when (notes whole, line breaks kept), then the
    /// reason code's checklist.
    fn case_blocks(&self, out: &mut Vec<Block>, file: &CaseFile, tz: &crate::zone::Zone, lang: Language) {
        let c = &file.case;
        let at = |t: DateTime<Utc>| stamp(t, tz, lang);
        let clean = |s: &str| crate::text::clean(s);
        let say = |text: String| FluentValue::from(text);
        let today = self.written_at.with_timezone(tz).date_naive();
        let tags = if c.tags.is_empty() {
            i18n::plain(lang, "report-none")
        } else {
            c.tags.iter().map(|t| clean(t)).collect::<Vec<_>>().join(", ")
        };
        let opened =
            i18n::text(lang, "report-opened-by", &[("at", say(at(c.opened_at))), ("who", say(clean(&c.opened_by)))]);
        out.push(Block::Heading(2, i18n::plain(lang, "report-case")));
        let rows = [
            ("report-case-state", c.state.words(lang)),
            ("report-case-deadline", c.deadline_in_words(today, lang)),
            ("report-case-owner", clean(&c.owner)),
            ("report-case-tags", tags),
            ("report-case-opened", opened),
        ]
        .into_iter()
        .map(|(id, value)| vec![i18n::plain(lang, id), value])
        .collect();
        let columns = vec![i18n::plain(lang, "report-field"), i18n::plain(lang, "report-value")];
        out.push(Block::Table { columns, rows });
        out.push(Block::Heading(3, i18n::plain(lang, "report-case-trail")));
        let columns =
            [i18n::plain(lang, "report-when"), i18n::plain(lang, "report-by"), i18n::plain(lang, "report-what")];
        let rows = file
            .entries
            .iter()
            .map(|e| {
                let what = match &e.change {
                    Change::Note(text) => {
                        let lines = text.lines().map(clean).collect::<Vec<_>>().join("\n");
                        i18n::text(lang, "report-note", &[("text", say(lines))])
                    }
                    change => clean(&change.describe(lang)),
                };
                vec![at(e.at), clean(&e.signed(lang)), what]
            })
            .collect();
        out.push(Block::Table { columns: columns.into(), rows });
        if let Some((reason, items)) = crate::reasons::checklist(file, self.facts(), lang) {
            use crate::reasons::Ticked;
            let title = i18n::text(lang, "case-checklist", &[("reason", say(clean(&reason.title(lang))))]);
            out.push(Block::Heading(3, title));
            let items = items
                .iter()
                .map(|item| {
                    let how = match &item.ticked {
                        None => String::new(),
                        Some(Ticked::By { who, at: when }) => format!("{} · {}", clean(who), at(*when)),
                        Some(Ticked::Held(why)) => clean(why),
                    };
                    let what = format!("{} ({})", clean(item.evidence.words(lang)), item.evidence.id);
                    (item.ticked.is_some(), what, how)
                })
                .collect();
            let columns = [i18n::plain(lang, "report-evidence"), i18n::plain(lang, "report-evidence-done")];
            out.push(Block::Checklist { columns, items });
        }
    }
}

/// A moment as the report writes it: to the second, with the offset in
/// force then in the operator's zone.
fn stamp(t: DateTime<Utc>, tz: &crate::zone::Zone, lang: Language) -> String {
    t.with_timezone(tz).format(&format!("{} %:z", lang.formats().seconds)).to_string()
}
