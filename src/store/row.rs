//! What a lookup becomes in the store, and back.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::checker::Checker;
use crate::epay::{Answer, Failure, InvoiceId, Kind, LookupType, Transaction};

/// One lookup to record. Holds no secret: the answer and where it came from.
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
