//! Risk hints: what looks wrong about a transaction, computed locally from
//! the answer and what the history knows. Each hint has a severity and a
//! one-line reason an operator can repeat to a customer or a bank.

pub mod geo;
pub mod reason_codes;

use chrono::{DateTime, Utc};

use fluent_bundle::FluentValue;

use crate::epay::money::format_money;
use crate::epay::{Answer, Status};
use crate::i18n::{self, Language};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    High,
    Medium,
    Info,
}

impl Severity {
    /// The name machine formats (JSON) carry, whatever the language.
    pub fn name(self) -> &'static str {
        match self {
            Self::High => "HIGH",
            Self::Medium => "MEDIUM",
            Self::Info => "INFO",
        }
    }

    /// The severity for a person to read.
    pub fn label(self, lang: Language) -> String {
        match self {
            Self::High => i18n::plain(lang, "risk-high"),
            Self::Medium => i18n::plain(lang, "risk-medium"),
            Self::Info => i18n::plain(lang, "risk-info"),
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

fn hint(severity: Severity, title: String, reason: String) -> Hint {
    Hint { severity, title, reason, lists: None }
}

/// Every hint for an answer, most severe first, in `lang`.
pub fn hints(answer: &Answer, known: Known, now: DateTime<Utc>, lang: Language) -> Vec<Hint> {
    let Some(t) = answer.transaction.as_ref().filter(|_| answer.code.is_success()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let money = |a| FluentValue::from(format_money(a, t.currency.as_deref(), lang));
    let text = |s: &str| FluentValue::from(s.to_owned());
    if t.secure == Some(false) {
        let reason = match t.secure_details.as_deref() {
            Some(d) => i18n::text(lang, "risk-no-3ds-details", &[("details", text(d))]),
            None => i18n::plain(lang, "risk-no-3ds-why"),
        };
        out.push(hint(Severity::Medium, i18n::plain(lang, "risk-no-3ds"), reason));
    }
    if let Some((lat, lon)) = t.coordinates() {
        let at = text(&format!("{lat:.4}, {lon:.4}"));
        match t.ip_country.as_deref() {
            Some(country) => match (geo::is_inside(lat, lon, country), geo::country_at(lat, lon)) {
                (Some(false), Some(actual)) => out.push(hint(
                    Severity::High,
                    i18n::plain(lang, "risk-outside-country"),
                    i18n::text(
                        lang,
                        "risk-outside-country-in",
                        &[("country", text(country)), ("at", at), ("actual", text(&geo::name_of(&actual)))],
                    ),
                )),
                (Some(false), None) => out.push(hint(
                    Severity::Medium,
                    i18n::plain(lang, "risk-outside-country"),
                    i18n::text(lang, "risk-outside-country-none", &[("country", text(country)), ("at", at)]),
                )),
                (None, _) => out.push(hint(
                    Severity::Info,
                    i18n::plain(lang, "risk-unknown-country"),
                    i18n::text(lang, "risk-unknown-country-why", &[("country", text(&format!("{country:?}")))]),
                )),
                (Some(true), _) => {}
            },
            None => {
                if let Some(actual) = geo::country_at(lat, lon) {
                    out.push(hint(
                        Severity::Info,
                        i18n::plain(lang, "risk-no-country"),
                        i18n::text(lang, "risk-no-country-why", &[("actual", text(&geo::name_of(&actual)))]),
                    ));
                }
            }
        }
    }
    match &t.status {
        Some(Status::Refund) if t.is_partial_refund() => out.push(hint(
            Severity::Medium,
            i18n::plain(lang, "risk-partial-refund"),
            i18n::text(lang, "risk-partial-refund-why", &[("amount", money(t.amount)), ("total", money(t.org_amount))]),
        )),
        Some(Status::Refund) => out.push(hint(
            Severity::Info,
            i18n::plain(lang, "risk-refunded"),
            i18n::text(lang, "risk-refunded-why", &[("amount", money(t.amount))]),
        )),
        Some(Status::Cancel | Status::CancelOld) => {
            out.push(hint(Severity::Info, i18n::plain(lang, "risk-cancelled"), i18n::plain(lang, "risk-cancelled-why")))
        }
        Some(s @ (Status::Reject | Status::Failed | Status::Secure3dFailed)) => {
            let why = t.reason.clone().unwrap_or_else(|| s.meaning(lang));
            out.push(hint(Severity::Medium, i18n::plain(lang, "risk-declined"), format!("{}: {why}", s.name())))
        }
        Some(Status::Auth) => {
            if let Some(created) = t.created {
                let days = (now - created.with_timezone(&Utc)).num_days();
                if days > STALE_AUTH_DAYS {
                    out.push(hint(
                        Severity::High,
                        i18n::plain(lang, "risk-old-hold"),
                        i18n::text(lang, "risk-old-hold-why", &[("days", FluentValue::from(days))]),
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
            i18n::plain(lang, "risk-two-emails"),
            i18n::text(lang, "risk-two-emails-why", &[("data", text(data_email)), ("email", text(email))]),
        ));
    }
    if let Some(n) = known.same_card.filter(|n| *n > 0) {
        let reason = seen_in(n, lang);
        out.push(Hint {
            lists: Some(Listing::SameCard),
            ..hint(Severity::Info, i18n::plain(lang, "risk-card-seen"), reason)
        });
    }
    if let Some(n) = known.same_ip.filter(|n| *n > 0) {
        let reason = seen_in(n, lang);
        out.push(Hint {
            lists: Some(Listing::SameIp),
            ..hint(Severity::Info, i18n::plain(lang, "risk-ip-seen"), reason)
        });
    }
    if let Some(code) = t.reason_code.as_deref()
        && let Some((Some(severity), meaning)) = reason_codes::lookup(code, lang)
    {
        let reason = i18n::text(lang, "risk-issuer-response-why", &[("code", text(code)), ("meaning", text(meaning))]);
        out.push(hint(severity, i18n::plain(lang, "risk-issuer-response"), reason));
    }
    out.sort_by_key(|h| h.severity);
    out
}

/// "in 3 lookups of other invoices", or "more than 100" past the count's cap.
fn seen_in(n: usize, lang: Language) -> String {
    if n > crate::store::SEEN_CAP {
        i18n::text(lang, "risk-seen-more-than", &[("count", i18n::count(crate::store::SEEN_CAP))])
    } else {
        i18n::text(lang, "risk-seen-in", &[("count", i18n::count(n))])
    }
}
