//! The shapes lookups take outside the program: the `--json` object, the
//! history JSON line, CSV rows, and export files written whole or not at all.

use crate::i18n::{self, Language};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Value, json};

use crate::epay::{Answer, Failure, InvoiceId, Transaction};
use crate::risk::Hint;
use crate::store::StoredLookup;

/// The documented `lookup --json` object, borrowed from the answer: a batch
/// writes one per lookup, and copying each transaction into a new object
/// first took 13% of a batch's CPU.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LookupLine<'a> {
    invoice_id: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    result_code: Option<&'a str>,
    result_message: Option<&'a str>,
    transaction: Option<&'a Value>,
    error: Option<LineError>,
    /// What looks wrong, most severe first (empty without an answer).
    hints: Vec<HintLine<'a>>,
}

#[derive(Serialize)]
struct HintLine<'a> {
    severity: &'static str,
    title: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct LineError {
    kind: &'static str,
    message: String,
}

impl<'a> LookupLine<'a> {
    fn new(invoice: &'a InvoiceId, result: &'a Result<Answer, Failure>, hints: &'a [Hint]) -> Self {
        let hints = hints
            .iter()
            .map(|h| HintLine { severity: h.severity.name(), title: &h.title, reason: &h.reason })
            .collect();
        match result {
            Ok(a) => Self {
                invoice_id: invoice.as_str(),
                kind: a.kind.as_str(),
                result_code: Some(a.code.code()),
                result_message: Some(&a.message),
                transaction: a.transaction_json(),
                error: None,
                hints,
            },
            Err(f) => Self {
                invoice_id: invoice.as_str(),
                kind: f.kind.as_str(),
                result_code: None,
                result_message: None,
                transaction: None,
                error: Some(LineError { kind: f.error.kind(), message: f.to_string() }),
                hints,
            },
        }
    }
}

/// The documented `lookup --json` object.
pub fn lookup_json(invoice: &InvoiceId, result: &Result<Answer, Failure>, hints: &[Hint]) -> Value {
    // Cannot fail: every key is a string.
    serde_json::to_value(LookupLine::new(invoice, result, hints)).unwrap_or(Value::Null)
}

/// Writes the `lookup --json` object and a newline.
pub fn write_lookup_line(
    out: &mut impl Write,
    invoice: &InvoiceId,
    result: &Result<Answer, Failure>,
    hints: &[Hint],
) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &LookupLine::new(invoice, result, hints))?;
    out.write_all(b"\n")
}

/// The `lookup --json` object plus when and from which profile.
pub fn history_json(l: &StoredLookup) -> Value {
    let mut value = lookup_json(&l.invoice, &l.result, &[]);
    if let Value::Object(map) = &mut value {
        // Hints depend on the moment and the history around them: a stored
        // row does not carry them (the report and the dashboard compute them).
        map.remove("hints");
        map.insert("checkedAt".into(), json!(l.checked_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)));
        map.insert("profile".into(), json!(l.who.profile));
        map.insert("apiHost".into(), json!(l.who.api_host));
        map.insert("operator".into(), json!(l.who.operator));
        map.insert("machine".into(), json!(l.who.machine));
        map.insert("statusChanged".into(), json!(l.changed));
        if let Some(stamp) = &l.stamp {
            map.insert("recordedBy".into(), json!(stamp.role));
            map.insert("recordedAt".into(), json!(stamp.at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)));
        }
    }
    value
}

/// Where a CSV cell comes from.
enum Cell {
    /// Every row: when, where from, which invoice and endpoint.
    Lookup(fn(&StoredLookup) -> String),
    /// Rows with an answer; empty for a lookup that got none.
    Answer(fn(&Answer) -> String),
    /// Rows with a transaction; empty otherwise.
    Transaction(fn(&Transaction) -> String),
    /// Why the lookup got no answer; empty otherwise.
    Error,
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// An amount, or what was sent when it could not be read: a cell that
/// will not add up in a spreadsheet, rather than an empty one.
fn amount(t: &Transaction, field: &str, value: Option<rust_decimal::Decimal>) -> String {
    value.map(|d| d.to_string()).or_else(|| t.as_received(field).map(str::to_owned)).unwrap_or_default()
}

/// The CSV columns: one list gives both the header and every row.
const CSV_COLUMNS: &[(&str, Cell)] = &[
    ("checkedAt", Cell::Lookup(|l| l.checked_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))),
    ("profile", Cell::Lookup(|l| l.who.profile.clone())),
    ("operator", Cell::Lookup(|l| l.who.operator.clone())),
    ("machine", Cell::Lookup(|l| l.who.machine.clone())),
    ("invoiceId", Cell::Lookup(|l| l.invoice.to_string())),
    (
        "type",
        Cell::Lookup(|l| match &l.result {
            Ok(a) => a.kind.as_str().to_owned(),
            Err(f) => f.kind.as_str().to_owned(),
        }),
    ),
    ("resultCode", Cell::Answer(|a| a.code.code().to_owned())),
    ("resultMessage", Cell::Answer(|a| a.message.clone())),
    ("statusName", Cell::Transaction(|t| t.status.as_ref().map(|s| s.name().to_owned()).unwrap_or_default())),
    ("amount", Cell::Transaction(|t| amount(t, "amount", t.amount))),
    ("orgAmount", Cell::Transaction(|t| amount(t, "orgAmount", t.org_amount))),
    ("currency", Cell::Transaction(|t| text(&t.currency))),
    ("cardMask", Cell::Transaction(|t| text(&t.card_mask))),
    ("cardType", Cell::Transaction(|t| text(&t.card_type))),
    ("issuer", Cell::Transaction(|t| text(&t.issuer))),
    ("cardID", Cell::Transaction(|t| text(&t.card_id))),
    ("name", Cell::Transaction(|t| text(&t.name))),
    ("email", Cell::Transaction(|t| text(&t.email))),
    ("phone", Cell::Transaction(|t| text(&t.phone))),
    ("ip", Cell::Transaction(|t| text(&t.ip))),
    ("ipCountry", Cell::Transaction(|t| text(&t.ip_country))),
    ("ipCity", Cell::Transaction(|t| text(&t.ip_city))),
    ("createdDate", Cell::Transaction(|t| text(&t.created_raw))),
    ("reference", Cell::Transaction(|t| text(&t.reference))),
    ("approvalCode", Cell::Transaction(|t| text(&t.approval_code))),
    ("secure", Cell::Transaction(|t| t.secure.map(|b| b.to_string()).unwrap_or_default())),
    // What the team history's server recorded (empty elsewhere).
    ("recordedBy", Cell::Lookup(|l| l.stamp.as_ref().map(|s| s.role.clone()).unwrap_or_default())),
    (
        "recordedAt",
        Cell::Lookup(|l| {
            l.stamp.as_ref().map(|s| s.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or_default()
        }),
    ),
    ("error", Cell::Error),
];

/// The columns' names for scripts (the English header).
pub fn csv_header() -> impl Iterator<Item = &'static str> {
    CSV_COLUMNS.iter().map(|(name, _)| *name)
}

/// The header a person reads in `lang`: the English one is the columns'
/// names; each language's message lists as many, separated by commas.
pub fn csv_header_in(lang: Language) -> Vec<String> {
    i18n::plain(lang, "csv-history-header").split(',').map(str::to_owned).collect()
}

pub fn csv_row(l: &StoredLookup) -> Vec<String> {
    let answer = l.result.as_ref().ok();
    let transaction = answer.and_then(|a| a.transaction.as_ref());
    CSV_COLUMNS
        .iter()
        .map(|(_, cell)| match cell {
            Cell::Lookup(f) => f(l),
            Cell::Answer(f) => answer.map(f).unwrap_or_default(),
            Cell::Transaction(f) => transaction.map(f).unwrap_or_default(),
            Cell::Error => l.result.as_ref().err().map(ToString::to_string).unwrap_or_default(),
        })
        .map(|v| csv_cell(&v))
        .collect()
}

/// Text for a CSV cell: cleaned, and safe to open in a spreadsheet.
pub fn csv_cell(v: &str) -> String {
    spreadsheet_safe(&crate::text::clean(v))
}

/// A cell a spreadsheet would run as a formula gets a leading quote
/// (OWASP "CSV injection"). Plain numbers, negative ones included, stay.
fn spreadsheet_safe(v: &str) -> String {
    let risky = v.starts_with(['=', '+', '@']) || (v.starts_with('-') && v.parse::<f64>().is_err());
    if risky { format!("'{v}") } else { v.to_owned() }
}

/// A CSV writer with the header written: rows follow as they are read.
pub fn csv_writer<W: Write>(out: W, lang: Language) -> std::io::Result<csv::Writer<W>> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(csv_header_in(lang))?;
    Ok(w)
}

/// A file name for what is written at `at`: safe on every filesystem, and
/// sorted by time in a listing.
pub fn file_stem(what: &str, at: chrono::DateTime<chrono::Utc>) -> String {
    format!("{what}-{}", at.format("%Y%m%dT%H%M%SZ"))
}

/// Why an export wrote no files.
#[derive(Debug, thiserror::Error)]
#[error("nothing to export")]
pub struct NothingToExport;

impl NothingToExport {
    pub fn is(e: &std::io::Error) -> bool {
        e.get_ref().is_some_and(|inner| inner.is::<Self>())
    }
}

/// Writes `dir/stem.json` (JSON Lines) and `dir/stem.csv` from the
/// lookups `source` hands over one by one (read a page at a time, so an
/// export of any size holds a page), each file whole or not at all (see
/// [`crate::files::atomic_write`]). Nothing to write writes nothing and
/// fails with [`NothingToExport`]. Returns the paths and how many were written.
pub fn write_files(
    dir: &Path,
    stem: &str,
    lang: Language,
    source: impl FnOnce(&mut dyn FnMut(&StoredLookup) -> std::io::Result<()>) -> std::io::Result<usize>,
) -> std::io::Result<(PathBuf, PathBuf, usize)> {
    crate::files::create_private_dir(dir)?;
    let json_path = dir.join(format!("{stem}.json"));
    let csv_path = dir.join(format!("{stem}.csv"));
    let mut written = 0;
    crate::files::atomic_write(&json_path, |json| {
        crate::files::atomic_write(&csv_path, |csv| {
            let mut csv = csv_writer(csv, lang)?;
            written = source(&mut |l| {
                writeln!(json, "{}", history_json(l))?;
                csv.write_record(csv_row(l)).map_err(std::io::Error::from)
            })?;
            if written == 0 {
                return Err(std::io::Error::other(NothingToExport));
            }
            csv.flush()
        })
    })?;
    Ok((json_path, csv_path, written))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_lookup_fills_every_column_with_its_error_last() {
        let l = StoredLookup {
            store_id: 1,
            checked_at: chrono::Utc::now(),
            who: crate::checker::Checker {
                profile: "sandbox".into(),
                api_host: "127.0.0.1".into(),
                ..Default::default()
            },
            invoice: InvoiceId::parse("205218074").unwrap(),
            requested: crate::epay::LookupType::Auto,
            result: Err(Failure::new(
                crate::epay::Kind::Payment,
                crate::epay::LookupError::Network("connection refused".into()),
            )),
            changed: false,
            stamp: None,
        };
        let row = csv_row(&l);
        let header: Vec<&str> = csv_header().collect();
        assert_eq!(row.len(), header.len());
        assert_eq!(header.last(), Some(&"error"));
        assert!(row[header.len() - 1].contains("connection refused"), "{row:?}");
        let type_at = header.iter().position(|h| *h == "type").unwrap();
        assert_eq!(row[type_at], "payment");
        assert!(row[type_at + 1..header.len() - 1].iter().all(String::is_empty), "{row:?}");
    }

    #[test]
    fn each_language_names_every_column_and_english_names_them_as_scripts_do() {
        let names: Vec<String> = csv_header().map(str::to_owned).collect();
        assert_eq!(csv_header_in(Language::En), names);
        let russian = csv_header_in(Language::Ru);
        assert_eq!(russian.len(), names.len(), "{russian:?}");
        assert!(russian.iter().all(|name| !name.trim().is_empty() && name.trim() == name), "{russian:?}");
        assert_eq!(russian[0], "Проверен");
    }

    #[test]
    fn formulas_are_neutralised_numbers_are_not() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+7701"), "'+7701");
        assert_eq!(spreadsheet_safe("-1500.50"), "-1500.50");
        assert_eq!(spreadsheet_safe("-cmd"), "'-cmd");
        assert_eq!(spreadsheet_safe("Tester"), "Tester");
    }
}
