//! What a lookup becomes in the store, and back.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::checker::Checker;
use crate::epay::{Answer, Failure, InvoiceId, Kind, LookupError, LookupType, Transaction};

/// One lookup to record. Holds no secret: the answer and where it came from.
#[derive(Clone, Copy)]
pub struct NewLookup<'a> {
    /// When the operator asked (the same moment everywhere).
    pub checked_at: DateTime<Utc>,
    pub who: &'a Checker,
    pub invoice: &'a InvoiceId,
    pub requested: LookupType,
    pub result: &'a Result<Answer, Failure>,
}

/// What recording a lookup decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub store_id: i64,
    /// The previous status when this check found it changed (see
    /// [`Summary::changed`]).
    pub changed_from: Option<String>,
}

/// A row of the history list: small, so 100,000 of them fit in memory.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub store_id: i64,
    pub checked_at: DateTime<Utc>,
    pub invoice: InvoiceId,
    pub requested: LookupType,
    pub kind: Kind,
    /// None when no answer came.
    pub result_code: Option<String>,
    pub status: Option<String>,
    pub amount: Option<Decimal>,
    pub currency: Option<String>,
    pub card_mask: Option<String>,
    /// The amount as sent when it could not be read (`"15,000"`).
    pub amount_sent: Option<String>,
    /// Who checked (empty for lookups recorded before it was kept).
    pub operator: String,
    /// A successful answer whose status differs from the newest earlier
    /// successful answer of the same invoice that had one; decided when the
    /// lookup was recorded.
    pub changed: bool,
}

/// A whole stored lookup, the answer decoded again from its raw JSON.
#[derive(Clone, Debug)]
pub struct StoredLookup {
    pub store_id: i64,
    pub checked_at: DateTime<Utc>,
    pub who: Checker,
    pub invoice: InvoiceId,
    pub requested: LookupType,
    pub result: Result<Answer, Failure>,
    /// As [`Summary::changed`].
    pub changed: bool,
    /// What the team history's server recorded (`None` elsewhere).
    pub stamp: Option<crate::case::Stamp>,
}

/// One check of an invoice, for its timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelinePoint {
    pub store_id: i64,
    /// Who checked (empty when unknown).
    pub operator: String,
    pub checked_at: DateTime<Utc>,
    pub kind: Kind,
    pub result_code: Option<String>,
    pub status: Option<String>,
    pub changed: bool,
}

/// The most characters of each kind of text column a reader takes from the
/// history: somewhat more than the program itself ever writes there. A
/// team history is written by every operator's program, and by anyone with
/// `psql`: a 100 MB note or operator name is cut by the server (`substr`),
/// so its bytes never arrive, and what was cut is marked (see [`read_text`]).
pub mod limits {
    /// Codes and names: a result code, a status, a currency, a lookup type.
    pub const CODE: usize = 64;
    /// An invoice ID (ePay's are at most 15 characters).
    pub const INVOICE: usize = 64;
    /// Who and where: an operator, a machine, a profile, an API host.
    pub const NAME: usize = 256;
    /// A card mask, an amount as sent.
    pub const CARD: usize = 64;
    /// An error's message and the head of the body it quoted.
    pub const MESSAGE: usize = 8 * 1024;
    /// A case entry's value (a note is at most `NOTE_MAX_CHARS`).
    pub const ENTRY: usize = crate::case::NOTE_MAX_CHARS;
    /// A case's tags, joined by spaces.
    pub const TAGS: usize = 4 * 1024;
    /// A packed raw answer, in bytes (the answer itself is read with a
    /// 1 MiB cap; packing only shrinks it).
    pub const ANSWER_BYTES: usize = 2 * 1024 * 1024;
}

/// SQL reading at most `max` characters of a text column, and one more so a
/// cut can be told from a value that fits. The cast reads a column someone
/// altered to another type as its text, rather than failing the query.
/// Both SQLite and PostgreSQL speak it.
pub fn bounded(column: &str, max: usize) -> String {
    format!("substr(CAST({column} AS TEXT), 1, {})", max + 1)
}

/// A text column as read from the history: bounded (see [`bounded`]), its
/// cut marked with an ellipsis, and cleaned of control characters like any
/// text from outside, whoever wrote it.
pub fn read_text(value: String, max: usize) -> String {
    crate::text::clean(&cut(&value, max))
}

/// `value` cut to `max` characters, an ellipsis marking the cut.
pub fn cut(value: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &value[..at]).into(),
        None => value.into(),
    }
}

/// As [`read_text`], for a column that may be NULL.
pub fn read_opt(value: Option<String>, max: usize) -> Option<String> {
    value.map(|v| read_text(v, max))
}

/// A row whose answer succeeded (SQL, both dialects): what "the last good
/// answer" is read from.
pub const SUCCESSFUL_ROW: &str = "result_code = '100'";
/// A row that settled on a status (see `epay::settled`), as SQL.
pub const SETTLED_ROW: &str = "result_code = '100' AND status IS NOT NULL";

/// The columns a [`Summary`] is read from, in this order, on both backends;
/// a list read selects its sort key's values after them.
pub static SUMMARY_FIELDS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use limits::*;
    [
        "id".to_owned(),
        "checked_at".to_owned(),
        bounded("invoice", INVOICE),
        bounded("requested_type", CODE),
        bounded("kind", CODE),
        bounded("result_code", CODE),
        bounded("status", CODE),
        bounded("amount", CODE),
        bounded("currency", CODE),
        "status_changed".to_owned(),
        bounded("card_mask", CARD),
        bounded("amount_sent", CARD),
        bounded("operator", NAME),
    ]
    .join(", ")
});
pub const SUMMARY_FIELD_COUNT: usize = 13;

/// The columns a [`StoredLookup`] is read from, in this order, on both
/// backends.
pub static STORED_FIELDS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use limits::*;
    [
        "id".to_owned(),
        "checked_at".to_owned(),
        bounded("profile", NAME),
        bounded("api_host", NAME),
        bounded("invoice", INVOICE),
        bounded("requested_type", CODE),
        bounded("kind", CODE),
        "http_status".to_owned(),
        bounded("error_kind", CODE),
        bounded("error_message", MESSAGE),
        bounded("error_detail", MESSAGE),
        format!("substr(answer, 1, {})", ANSWER_BYTES + 1),
        "status_changed".to_owned(),
        "attempts".to_owned(),
        bounded("operator", NAME),
        bounded("machine", NAME),
    ]
    .join(", ")
});

pub const TIME_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

pub fn format_time(t: DateTime<Utc>) -> String {
    t.format(TIME_FORMAT).to_string()
}

pub fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
}

pub fn parse_type(s: &str) -> LookupType {
    match s {
        "payment" => LookupType::Payment,
        "p2p" => LookupType::P2p,
        _ => LookupType::Auto,
    }
}

pub fn parse_kind(s: &str) -> Kind {
    Kind::from_name(s).unwrap_or(Kind::Payment)
}

pub fn parse_decimal(s: Option<String>) -> Option<Decimal> {
    Decimal::from_str(&s?).ok()
}

/// The lowercased text `/` searches: every field an operator may remember.
pub fn search_text(invoice: &InvoiceId, kind: Kind, result: &Result<Answer, Failure>) -> String {
    let mut parts: Vec<String> = vec![invoice.to_string(), kind.as_str().to_owned()];
    match result {
        Ok(answer) => {
            parts.push(answer.code.code().to_owned());
            if let Some(t) = &answer.transaction {
                parts.extend(transaction_terms(t));
            }
        }
        Err(failure) => parts.push(failure.error.kind().to_owned()),
    }
    // The same email in `email` and in `data`, a city named like its
    // region: indexed once (every character costs a trigram).
    let mut seen = std::collections::HashSet::new();
    parts.retain(|p| seen.insert(p.to_lowercase()));
    parts.join(" | ").to_lowercase()
}

fn transaction_terms(t: &Transaction) -> Vec<String> {
    [
        t.status.as_ref().map(|s| s.name().to_owned()),
        t.card_mask.clone(),
        t.card_type.clone(),
        t.issuer.clone(),
        t.name.clone(),
        t.email.clone(),
        t.data.get("email").map(str::to_owned),
        t.phone.clone(),
        t.ip.clone(),
        t.ip_country.clone(),
        t.ip_region.clone(),
        t.ip_city.clone(),
        t.reference.clone(),
        t.approval_code.clone(),
        t.description.clone(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The same text for a row written before search existed (migration 2).
pub fn search_text_of_stored(invoice: &str, kind: &str, status: Option<&str>, raw: Option<&str>) -> String {
    let kind = parse_kind(kind);
    let decoded = raw
        .and_then(|r| serde_json::from_str(r).ok())
        .zip(InvoiceId::parse(invoice).ok())
        .and_then(|(raw, inv)| Answer::decode(inv, kind, 200, raw).ok());
    match (decoded, InvoiceId::parse(invoice)) {
        (Some(answer), Ok(inv)) => search_text(&inv, kind, &Ok(answer)),
        _ => format!("{invoice} | {} | {}", kind.as_str(), status.unwrap_or("")).to_lowercase(),
    }
}

/// A lookup's columns, as both backends write them.
pub struct Columns {
    pub kind: Kind,
    pub http_status: Option<u16>,
    pub result_code: Option<String>,
    pub result_message: Option<String>,
    pub status: Option<String>,
    pub amount: Option<String>,
    pub amount_num: Option<f64>,
    pub amount_sent: Option<String>,
    pub currency: Option<String>,
    pub card_mask: Option<String>,
    pub card_id: Option<String>,
    pub ip: Option<String>,
    pub ip_country: Option<String>,
    pub error_kind: Option<&'static str>,
    pub error_message: Option<String>,
    pub error_detail: Option<String>,
    /// The raw answer, packed (see `packing`).
    pub answer: Option<Vec<u8>>,
    pub search_text: String,
    pub attempts: u32,
    pub profile: String,
    pub api_host: String,
    pub operator: String,
    pub machine: String,
    /// The status a successful answer settled on, to compare with the
    /// invoice's previous one.
    pub settled: Option<String>,
}

impl Columns {
    pub fn of(l: &NewLookup) -> std::io::Result<Self> {
        let (kind, answer, failure) = match l.result {
            Ok(a) => (a.kind, Some(a), None),
            Err(f) => (f.kind, None, Some(f)),
        };
        let t = answer.and_then(|a| a.transaction.as_ref());
        let amount = t.and_then(|t| t.amount);
        Ok(Self {
            kind,
            http_status: answer.map(|a| a.http_status),
            result_code: answer.map(|a| a.code.code().to_owned()),
            result_message: answer.map(|a| a.message.clone()),
            status: t.and_then(|t| t.status.as_ref()).map(|s| s.name().to_owned()),
            amount: amount.map(|d| d.to_string()),
            amount_num: amount.and_then(|d| d.to_string().parse().ok()),
            amount_sent: t.and_then(|t| t.as_received("amount")).map(str::to_owned),
            currency: t.and_then(|t| t.currency.clone()),
            card_mask: t.and_then(|t| t.card_mask.clone()),
            card_id: t.and_then(|t| t.card_id.clone()),
            ip: t.and_then(|t| t.ip.clone()),
            ip_country: t.and_then(|t| t.ip_country.clone()),
            error_kind: failure.map(|f| f.error.kind()),
            error_message: failure.map(|f| f.error.detail().to_owned()),
            error_detail: failure.and_then(|f| match &f.error {
                LookupError::Protocol { body_head, .. } if !body_head.is_empty() => Some(body_head.clone()),
                _ => None,
            }),
            answer: answer.map(|a| super::packing::pack(&a.raw.to_string())).transpose()?,
            search_text: search_text(l.invoice, kind, l.result),
            attempts: failure.map_or(1, |f| f.attempts),
            profile: crate::text::clean(&l.who.profile),
            api_host: crate::text::clean(&l.who.api_host),
            operator: crate::text::clean(&l.who.operator),
            machine: crate::text::clean(&l.who.machine),
            settled: answer.and_then(Answer::settled_status).map(|s| s.name().to_owned()),
        })
    }
}

/// A stored row's result columns, decoded back into what the lookup found.
pub struct StoredResult {
    pub kind: Kind,
    pub http_status: Option<u16>,
    pub error_kind: Option<String>,
    pub error_message: Option<String>,
    pub error_detail: Option<String>,
    pub attempts: u32,
    pub answer: Option<Vec<u8>>,
}

impl StoredResult {
    pub fn decode(self, invoice: InvoiceId) -> Result<Answer, Failure> {
        let kind = self.kind;
        let answer = self.answer.map(|packed| {
            if packed.len() > limits::ANSWER_BYTES {
                let mib = (limits::ANSWER_BYTES >> 20).to_string();
                Err(crate::epay::Words::said("error-stored-too-large", &[("mib", mib)]))
            } else {
                super::packing::unpack(&packed).map_err(crate::epay::Words::from)
            }
        });
        match (self.error_kind, answer) {
            (Some(ek), _) => Err(Failure {
                kind,
                error: LookupError::from_parts(&ek, self.error_message.unwrap_or_default(), self.error_detail),
                attempts: self.attempts,
            }),
            (None, Some(Err(problem))) => Err(Failure::new(kind, LookupError::protocol(problem, ""))),
            (None, Some(Ok(raw))) => {
                let mut value: serde_json::Value = serde_json::from_str(&raw).unwrap_or_default();
                // Rows written by older versions were cleaned by older rules.
                crate::text::clean_json(&mut value);
                Answer::decode(invoice, kind, self.http_status.unwrap_or(200), value)
                    // What is shown of it is cleaned and cut, as any text read back.
                    .map_err(|e| {
                        let shown = crate::text::clean_multiline(&cut(&raw, limits::MESSAGE));
                        Failure::new(kind, LookupError::protocol(e.to_string(), shown))
                    })
            }
            (None, None) => Err(Failure::new(
                kind,
                LookupError::protocol(crate::epay::Words::said("error-nothing-recorded", &[]), ""),
            )),
        }
    }
}

impl StoredLookup {
    /// The lookup to record again (sending the spool to the team history).
    pub fn as_new(&self) -> NewLookup<'_> {
        NewLookup {
            checked_at: self.checked_at,
            who: &self.who,
            invoice: &self.invoice,
            requested: self.requested,
            result: &self.result,
        }
    }
}

/// A row as either backend hands it: each column read as the program wrote
/// it, or the reason it cannot be (a NULL where none belongs, a column
/// someone altered to another type). The rows are mapped once, here.
pub(super) trait Cells {
    fn text(&self, i: usize) -> Result<Option<String>, String>;
    /// A whole number, whatever width the column has now (an ALTER to
    /// BIGINT must not make every row unreadable).
    fn int(&self, i: usize) -> Result<Option<i64>, String>;
    fn flag(&self, i: usize) -> Result<Option<bool>, String>;
    fn time(&self, i: usize) -> Result<Option<DateTime<Utc>>, String>;
    fn bytes(&self, i: usize) -> Result<Option<Vec<u8>>, String>;
    /// A sort key's value, as [`super::query::KeyType`]'s type says.
    fn key(&self, i: usize, ty: super::query::KeyType) -> Result<super::KeyValue, String>;

    fn id(&self, i: usize) -> Result<i64, String> {
        self.int(i)?.ok_or_else(|| format!("column {i}: NULL"))
    }

    fn at(&self, i: usize) -> Result<DateTime<Utc>, String> {
        self.time(i)?.ok_or_else(|| format!("column {i}: NULL"))
    }

    /// A text column, bounded and cleaned (see [`read_text`]); NULL reads
    /// as empty.
    fn clean(&self, i: usize, max: usize) -> Result<String, String> {
        Ok(read_text(self.text(i)?.unwrap_or_default(), max))
    }

    fn clean_opt(&self, i: usize, max: usize) -> Result<Option<String>, String> {
        Ok(read_opt(self.text(i)?, max))
    }

    /// What the server recorded of a row (columns `role` and `at`); `None`
    /// for rows from before it did.
    fn stamp(&self, role: usize, at: usize) -> Result<Option<crate::case::Stamp>, String> {
        let (role, at) = (self.clean_opt(role, limits::NAME)?, self.time(at)?);
        Ok(role.zip(at).map(|(role, at)| crate::case::Stamp { role, at }))
    }
}

/// A row of [`SUMMARY_FIELDS`].
pub(super) fn summary(r: &(impl Cells + ?Sized)) -> Result<Summary, String> {
    use limits::{CARD, CODE, INVOICE, NAME};
    let read = || -> Result<Summary, String> {
        Ok(Summary {
            store_id: r.id(0)?,
            checked_at: r.at(1)?,
            invoice: InvoiceId::parse(&r.clean(2, INVOICE)?).map_err(|e| e.to_string())?,
            requested: parse_type(&r.clean(3, CODE)?),
            kind: parse_kind(&r.clean(4, CODE)?),
            result_code: r.clean_opt(5, CODE)?,
            status: r.clean_opt(6, CODE)?,
            amount: parse_decimal(r.clean_opt(7, CODE)?),
            currency: r.clean_opt(8, CODE)?,
            changed: r.flag(9)?.unwrap_or_default(),
            card_mask: r.clean_opt(10, CARD)?,
            amount_sent: r.clean_opt(11, CARD)?,
            operator: r.clean(12, NAME)?,
        })
    };
    read().map_err(|why| row_reason(r, why))
}

/// A row of [`STORED_FIELDS`], then, where `stamped` says, the server's
/// stamp.
pub(super) fn stored(r: &(impl Cells + ?Sized), stamped: bool) -> Result<StoredLookup, String> {
    use limits::{CODE, INVOICE, MESSAGE, NAME};
    let read = || -> Result<StoredLookup, String> {
        let invoice = InvoiceId::parse(&r.clean(4, INVOICE)?).map_err(|e| e.to_string())?;
        let result = StoredResult {
            kind: parse_kind(&r.clean(6, CODE)?),
            http_status: r.int(7)?.and_then(|h| u16::try_from(h).ok()),
            error_kind: r.clean_opt(8, CODE)?,
            error_message: r.clean_opt(9, MESSAGE)?,
            error_detail: r.clean_opt(10, MESSAGE)?,
            answer: r.bytes(11)?,
            attempts: r.int(13)?.and_then(|n| u32::try_from(n).ok()).unwrap_or(1),
        };
        Ok(StoredLookup {
            store_id: r.id(0)?,
            checked_at: r.at(1)?,
            who: Checker {
                profile: r.clean(2, NAME)?,
                api_host: r.clean(3, NAME)?,
                operator: r.clean(14, NAME)?,
                machine: r.clean(15, NAME)?,
            },
            invoice,
            requested: parse_type(&r.clean(5, CODE)?),
            result: result.decode(invoice),
            changed: r.flag(12)?.unwrap_or_default(),
            stamp: if stamped { r.stamp(16, 17)? } else { None },
        })
    };
    read().map_err(|why| row_reason(r, why))
}

/// A lookup row's id for the reason it was passed over.
fn row_reason(r: &(impl Cells + ?Sized), why: String) -> String {
    match r.int(0) {
        Ok(Some(id)) => format!("lookup {id}: {why}"),
        _ => format!("a lookup: {why}"),
    }
}
