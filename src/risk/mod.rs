//! Risk hints: what looks wrong about a transaction, computed locally from
//! the answer and what the history knows. Each hint has a severity and a
//! one-line reason an operator can repeat to a customer or a bank.

pub mod geo;
pub mod reason_codes;

use chrono::{DateTime, Utc};

use crate::epay::money::format_money;
use crate::epay::{Answer, Status};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    High,
    Medium,
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Self::High => "HIGH",
            Self::Medium => "MEDIUM",
            Self::Info => "INFO",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    pub severity: Severity,
    pub title: String,
    pub reason: String,
    /// The lookups behind the hint, for a view that can list them (the
    /// dashboard adds its own key for that; a report has none).
    pub lists: Option<Listing>,
}

/// Other lookups a hint refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Listing {
    SameCard,
    SameIp,
}

/// What the history adds to one answer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Known {
    /// Lookups of other invoices with the same card ID / IP.
    pub same_card: Option<usize>,
    pub same_ip: Option<usize>,
}

/// A hold older than this may lapse before it is charged.
const STALE_AUTH_DAYS: i64 = 7;

fn hint(severity: Severity, title: &str, reason: String) -> Hint {
    Hint { severity, title: title.to_owned(), reason, lists: None }
}

/// Every hint for an answer, most severe first.
pub fn hints(answer: &Answer, known: Known, now: DateTime<Utc>) -> Vec<Hint> {
    let Some(t) = answer.transaction.as_ref().filter(|_| answer.code.is_success()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let money = |a| format_money(a, t.currency.as_deref());
    if t.secure == Some(false) {
        let details = t.secure_details.as_deref().map(|d| format!(" (secureDetails {d})")).unwrap_or_default();
        out.push(hint(Severity::Medium, "No 3-D Secure", format!("the cardholder was not authenticated{details}")));
    }
    if let Some((lat, lon)) = t.coordinates() {
        match t.ip_country.as_deref() {
            Some(country) => match (geo::is_inside(lat, lon, country), geo::country_at(lat, lon)) {
                (Some(false), Some(actual)) => out.push(hint(
                    Severity::High,
                    "IP location outside its country",
                    format!("ipCountry says {country}, but {lat:.4}, {lon:.4} lies in {}", geo::name_of(&actual)),
                )),
                (Some(false), None) => out.push(hint(
                    Severity::Medium,
                    "IP location outside its country",
                    format!("ipCountry says {country}, but {lat:.4}, {lon:.4} lies in no country (sea or border)"),
                )),
                (None, _) => out.push(hint(
                    Severity::Info,
                    "Unknown IP country",
                    format!("{country:?} is not a country name this program knows; the location was not checked"),
                )),
                (Some(true), _) => {}
            },
            None => {
                if let Some(actual) = geo::country_at(lat, lon) {
                    out.push(hint(
                        Severity::Info,
                        "IP country not given",
                        format!("the coordinates lie in {}", geo::name_of(&actual)),
                    ));
                }
            }
        }
    }
    match &t.status {
        Some(Status::Refund) if t.is_partial_refund() => out.push(hint(
            Severity::Medium,
            "Partial refund",
            format!("{} of {} refunded", money(t.amount), money(t.org_amount)),
        )),
        Some(Status::Refund) => out.push(hint(Severity::Info, "Refunded", format!("{} refunded", money(t.amount)))),
        Some(Status::Cancel | Status::CancelOld) => {
            out.push(hint(Severity::Info, "Cancelled", "the authorisation was released; no money was taken".into()))
        }
        Some(s @ (Status::Reject | Status::Failed | Status::Secure3dFailed)) => {
            let why = t.reason.clone().unwrap_or_else(|| s.meaning().to_owned());
            out.push(hint(Severity::Medium, "Declined", format!("{}: {why}", s.name())))
        }
        Some(Status::Auth) => {
            if let Some(created) = t.created {
                let days = (now - created.with_timezone(&Utc)).num_days();
                if days > STALE_AUTH_DAYS {
                    out.push(hint(
                        Severity::High,
                        "Old hold",
                        format!("authorised {days} days ago and not charged: the hold may lapse"),
                    ));
                }
            }
        }
        _ => {}
    }
    if let (Some(data_email), Some(email)) = (t.data.get("email"), t.email.as_deref())
        && !data_email.trim().eq_ignore_ascii_case(email.trim())
    {
        out.push(hint(
            Severity::Medium,
            "Two different emails",
            format!("the order data says {data_email}, the customer is {email}"),
        ));
    }
    if let Some(n) = known.same_card.filter(|n| *n > 0) {
        let reason = format!("in {} of other invoices", lookups(n));
        out.push(Hint { lists: Some(Listing::SameCard), ..hint(Severity::Info, "Card seen before", reason) });
    }
    if let Some(n) = known.same_ip.filter(|n| *n > 0) {
        let reason = format!("in {} of other invoices", lookups(n));
        out.push(Hint { lists: Some(Listing::SameIp), ..hint(Severity::Info, "IP seen before", reason) });
    }
    if let Some(code) = t.reason_code.as_deref()
        && let Some((Some(severity), meaning)) = reason_codes::lookup(code)
    {
        out.push(hint(severity, "Issuer response", format!("reasonCode {code}: {meaning}")));
    }
    out.sort_by_key(|h| h.severity);
    out
}

/// "3 lookups", or "more than 100 lookups" past the count's cap.
fn lookups(n: usize) -> String {
    match n {
        1 => "1 lookup".into(),
        n if n > crate::store::SEEN_CAP => format!("more than {} lookups", crate::store::SEEN_CAP),
        n => format!("{n} lookups"),
    }
}
