//! ePay's statement search (`POST {base}/operations`): finding a payment by
//! what a dispute notice gives (RRN, masked card, amount, day) when its
//! invoice ID is not known. Read-only, like everything here; it takes a
//! password-grant token of its own holder (see [`super::token`]).

use std::collections::HashSet;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::client::{RetryPolicy, Retrying, authorized};
use super::error::{LookupError, Passing, Words};
use super::invoice::InvoiceId;
use super::operations::{Operation, Unreadable, decode_page};
use super::token::TokenHolder;

/// The days a search covers when none are given: card schemes let a
/// cardholder dispute for 120 days.
pub const DEFAULT_DAYS: u64 = 120;

/// Dispute notices and ePay's cabinet date operations in Kazakhstan's
/// time (UTC+6 until 1 March 2024, UTC+5 since): a day typed is that day
/// there, whatever this machine's zone.
pub const NOTICE_ZONE: chrono_tz::Tz = chrono_tz::Asia::Almaty;

/// A masked card as banks write it: its first digits (none, or 4 to 8)
/// and its last four.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardMask {
    first: String,
    last: String,
}

/// Why a filter typed for the search was refused; nothing is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadFilter {
    Card(String),
    /// A whole card number: this program never sends one.
    WholeCard,
    Amount(String),
    Rrn(String),
    Date(String),
    /// `from` after `to`.
    Period,
    Invoice(String),
    Empty(&'static str),
}

impl BadFilter {
    pub fn words(&self) -> Words {
        let value = |v: &String| [("value", crate::text::clean(v))];
        match self {
            Self::Card(v) => Words::said("find-bad-card", &value(v)),
            Self::WholeCard => Words::said("find-whole-card", &[]),
            Self::Amount(v) => Words::said("find-bad-amount", &value(v)),
            Self::Rrn(v) => Words::said("find-bad-rrn", &value(v)),
            Self::Date(v) => Words::said("find-bad-date", &value(v)),
            Self::Period => Words::said("find-bad-period", &[]),
            Self::Invoice(v) => Words::said("find-bad-invoice", &value(v)),
            Self::Empty(what) => Words::said("find-empty", &[("what", (*what).to_owned())]),
        }
    }
}

impl CardMask {
    /// `400303******9821`, `4003 03** **** 9821`, `400303...9821`,
    /// `4003…9821` or `*9821`.
    pub fn parse(text: &str) -> Result<CardMask, BadFilter> {
        // Thirteen digits or more are a card number whole, or nearly:
        // never sent, nor repeated back.
        if text.chars().filter(char::is_ascii_digit).count() >= 13 {
            return Err(BadFilter::WholeCard);
        }
        let bad = || BadFilter::Card(text.trim().to_owned());
        let squeezed: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
        let first: String = squeezed.chars().take_while(char::is_ascii_digit).collect();
        let rest = &squeezed[first.len()..];
        if rest.is_empty() {
            return Err(bad());
        }
        let last: String =
            rest.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
        let middle = &rest[..rest.len() - last.len()];
        // Russian lists mask with a Cyrillic Х as often as with x or *.
        let masked = !middle.is_empty()
            && middle.chars().all(|c| matches!(c, '*' | 'x' | 'X' | 'х' | 'Х' | '.' | '…' | '#' | '•'));
        if !masked || last.len() != 4 || !(first.is_empty() || (4..=8).contains(&first.len())) {
            return Err(bad());
        }
        Ok(CardMask { first, last })
    }

    /// The pattern sent (`like`): the first four digits and the last four,
    /// whatever ePay writes between them (`******` or `...`).
    fn pattern(&self) -> String {
        format!("{}%{}", &self.first[..self.first.len().min(4)], self.last)
    }

    /// Whether a card as ePay wrote it agrees with this one in every digit
    /// both show.
    pub fn matches(&self, stored: &str) -> bool {
        let digits: String = stored.chars().take_while(char::is_ascii_digit).collect();
        let tail: String =
            stored.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
        let shown = self.first.len().min(digits.len());
        tail.ends_with(&self.last) && digits[..shown] == self.first[..shown]
    }
}

impl std::fmt::Display for CardMask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}…{}", self.first, self.last)
    }
}

/// What a search asks for besides the period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    pub rrn: Option<String>,
    pub card: Option<CardMask>,
    pub amount: Option<Decimal>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub invoice: Option<InvoiceId>,
}

/// Text typed for each filter; empty fields ask for nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typed {
    pub rrn: Option<String>,
    pub card: Option<String>,
    pub amount: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub invoice: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A search: the period and the filters.
#[derive(Clone, Debug, PartialEq)]
pub struct Search {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub filters: Filters,
}

/// A day typed: `2026-12-05` or `05.12.2026`, as `case` reads deadlines.
/// Years outside 2000 to 2099 are typos (ePay began in the 2010s).
pub fn day(text: &str) -> Result<NaiveDate, BadFilter> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d.%m.%Y"))
        .ok()
        .filter(|d| (2000..=2099).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| BadFilter::Date(t.to_owned()))
}

impl Typed {
    /// The search these fields ask for, with `today` (in [`NOTICE_ZONE`])
    /// for the default period; the first field that cannot be read is the
    /// error.
    pub fn search(&self, today: NaiveDate) -> Result<Search, BadFilter> {
        let given = |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let rrn = given(&self.rrn)
            .map(|r| {
                let ok = (6..=24).contains(&r.len()) && r.bytes().all(|b| b.is_ascii_digit());
                if ok { Ok(r) } else { Err(BadFilter::Rrn(r)) }
            })
            .transpose()?;
        let card = given(&self.card).map(|c| CardMask::parse(&c)).transpose()?;
        let amount = given(&self.amount)
            .map(|a| {
                let amount = super::money::parse_amount(&a).filter(|d| d.is_sign_positive() && !d.is_zero());
                amount.ok_or(BadFilter::Amount(a))
            })
            .transpose()?;
        let invoice =
            given(&self.invoice).map(|i| InvoiceId::parse(&i).map_err(|_| BadFilter::Invoice(i))).transpose()?;
        let text = |v: &Option<String>, what| {
            given(v)
                .map(|t| {
                    let cleaned = crate::text::clean(&t);
                    if cleaned.is_empty() || cleaned.chars().count() > 200 {
                        Err(BadFilter::Empty(what))
                    } else {
                        Ok(cleaned)
                    }
                })
                .transpose()
        };
        // As ePay keeps them: an e-mail in lower case, a phone without its
        // spaces, dashes and brackets.
        let email = text(&self.email, "email")?.map(|e| e.to_lowercase());
        let phone = text(&self.phone, "phone")?
            .map(|p| p.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>())
            .filter(|p| p.chars().filter(char::is_ascii_digit).count() >= 5);
        if self.phone.as_deref().is_some_and(|p| !p.trim().is_empty()) && phone.is_none() {
            return Err(BadFilter::Empty("phone"));
        }
        let to = given(&self.to).map(|t| day(&t)).transpose()?.unwrap_or(today);
        let from = match given(&self.from) {
            Some(f) => day(&f)?,
            None => to.checked_sub_days(chrono::Days::new(DEFAULT_DAYS)).unwrap_or(to),
        };
        if from > to {
            return Err(BadFilter::Period);
        }
        Ok(Search { from, to, filters: Filters { rrn, card, amount, email, phone, invoice } })
    }
}

impl Search {
    /// The period as instants: from the start of `from` to the end of `to`,
    /// in [`NOTICE_ZONE`].
    pub fn period(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = |d: NaiveDate| {
            let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
            NOTICE_ZONE.from_local_datetime(&midnight).earliest().map_or_else(|| midnight.and_utc(), |t| t.to_utc())
        };
        let end = self.to.succ_opt().map_or_else(|| start(self.to) + chrono::Duration::days(1), start);
        (start(self.from), end - chrono::Duration::seconds(1))
    }

    /// The request body for the page that skips `skip` operations.
    pub fn body(&self, skip: usize, size: usize) -> Value {
        let (from, to) = self.period();
        let instant = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mut parameters =
            vec![json!({"name": "created_date", "method": "between", "searchParameter": [instant(from), instant(to)]})];
        let f = &self.filters;
        let mut equal = |name: &str, value: &str| {
            parameters.push(json!({"name": name, "method": "=", "searchParameter": [value]}));
        };
        if let Some(rrn) = &f.rrn {
            equal("reference", rrn);
        }
        if let Some(amount) = f.amount {
            equal("amount", &amount.normalize().to_string());
        }
        if let Some(email) = &f.email {
            equal("payer_email", email);
        }
        if let Some(phone) = &f.phone {
            equal("payer_phone", phone);
        }
        if let Some(invoice) = &f.invoice {
            equal("invoice_id", invoice.as_str());
        }
        if let Some(card) = &f.card {
            parameters.push(json!({"name": "card_mask", "method": "like", "searchParameter": [card.pattern()]}));
        }
        json!({
            "paging": {"page": skip, "size": size},
            "searchParameters": parameters,
            "orderParameters": [{"field": "created_date", "typeOrder": "DESC"}],
        })
    }
}

/// Why reading the statement stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// The total was reached, or a page came back empty.
    Complete,
    /// The page limit: more may match.
    PageLimit,
    /// A page repeated the one before (a server that ignores the paging).
    Repeated,
}

/// What a search found.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub operations: Vec<Operation>,
    /// Elements the pages held, before duplicates and a card that only
    /// looked alike were dropped: what a total counts.
    pub received: usize,
    /// Elements of the answer's list that were not operations, as received.
    pub unread: Vec<Value>,
    /// The total the answer gave, if any.
    pub total: Option<u64>,
    pub end: End,
    /// Every page as received (cleaned), for `--raw` and the raw view.
    pub pages: Vec<Value>,
}

impl Found {
    /// Whether more may match than was read: the reading stopped early, or
    /// fewer came than the total said.
    pub fn is_partial(&self) -> bool {
        self.end != End::Complete || self.total.is_some_and(|t| (self.received as u64) < t)
    }
}

/// Why a search found nothing to show.
#[derive(Clone, Debug, PartialEq)]
pub enum FindError {
    /// No answer: the network, the token, the HTTP status; with the requests made.
    Failed { error: LookupError, attempts: u32 },
    /// ePay answered with its error shape.
    Refused { status: u16, code: String, message: String },
    /// An answer whose shape could not be read, kept whole.
    Unreadable { why: Words, raw: Value },
}

impl FindError {
    pub fn describe(&self, lang: crate::i18n::Language) -> String {
        match self {
            Self::Failed { error, attempts } => {
                super::Failure { kind: super::Kind::Payment, error: error.clone(), attempts: *attempts }.describe(lang)
            }
            Self::Refused { status, code, message } => {
                let args = [("status", status.to_string()), ("code", code.clone()), ("message", message.clone())];
                Words::said("find-refused", &args).describe(lang)
            }
            Self::Unreadable { why, .. } => why.describe(lang),
        }
    }
}

/// The statement search of one profile.
#[derive(Clone)]
pub struct StatementClient {
    http: reqwest::Client,
    api_base: String,
    tokens: Arc<TokenHolder>,
    retry: RetryPolicy,
    page_size: usize,
    page_limit: usize,
}

/// Operations asked for per page.
pub const PAGE_SIZE: usize = 100;
/// Pages read at most: 5,000 operations at the default size.
pub const PAGE_LIMIT: usize = 50;

impl StatementClient {
    /// `tokens` must hold a password-grant login: the status endpoints'
    /// token is never sent here.
    pub fn new(http: reqwest::Client, api_base: &str, tokens: Arc<TokenHolder>) -> Self {
        Self {
            http,
            api_base: api_base.trim_end_matches('/').to_owned(),
            tokens,
            retry: RetryPolicy::default(),
            page_size: PAGE_SIZE,
            page_limit: PAGE_LIMIT,
        }
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Smaller pages and fewer of them (tests, a slow server).
    pub fn with_paging(mut self, page_size: usize, page_limit: usize) -> Self {
        self.page_size = page_size.max(1);
        self.page_limit = page_limit.max(1);
        self
    }

    pub fn tokens(&self) -> &Arc<TokenHolder> {
        &self.tokens
    }

    /// Reads the statement page by page until the total is reached or a
    /// page comes back empty; stops at the page limit, or when a page
    /// repeats the one before. Operations on two pages count once.
    pub async fn search(
        &self,
        search: &Search,
        observe: &(dyn Fn(Retrying) + Send + Sync),
    ) -> Result<Found, FindError> {
        let mut found = Found {
            operations: Vec::new(),
            received: 0,
            unread: Vec::new(),
            total: None,
            end: End::PageLimit,
            pages: Vec::new(),
        };
        let mut seen = HashSet::new();
        let mut skip = 0;
        // An RRN or an invoice names one payment or a few: a page short of
        // full is the last, total or not.
        let few = search.filters.rrn.is_some() || search.filters.invoice.is_some();
        for _ in 0..self.page_limit {
            let (raw, page) = self.page(search, skip, observe).await?;
            found.pages.push(raw);
            found.total = page.total.or(found.total);
            if page.is_empty() {
                found.end = End::Complete;
                break;
            }
            let keys: Vec<String> = page.operations.iter().map(Operation::key).collect();
            // A page with nothing new (the one before again, or pages that
            // take turns) means the server is not paging: stop.
            if !keys.is_empty() && keys.iter().all(|k| seen.contains(k)) && page.unread.is_empty() {
                found.end = End::Repeated;
                break;
            }
            let short = page.len() < self.page_size;
            let received_before = found.received;
            let unread_before = found.unread.len();
            found.unread.extend(page.unread);
            let card = search.filters.card.as_ref();
            for (operation, key) in page.operations.into_iter().zip(&keys) {
                // The pattern sent is wider than the card typed: the digits
                // both show must agree.
                let same_card =
                    card.is_none_or(|c| operation.transaction.card_mask.as_deref().is_none_or(|m| c.matches(m)));
                if seen.insert(key.clone()) {
                    found.received += 1;
                    if same_card {
                        found.operations.push(operation);
                    }
                }
            }
            found.received += found.unread.len() - unread_before;
            // On by what was new: a server whose pages overlap is followed
            // without a gap (on a server that pages as asked, the same).
            skip += found.received - received_before;
            if found.total.is_some_and(|t| found.received as u64 >= t) || (few && short) {
                found.end = End::Complete;
                break;
            }
        }
        tracing::info!(operations = found.operations.len(), pages = found.pages.len(), end = ?found.end, "statement read");
        Ok(found)
    }

    /// One page, tried again on what may pass.
    async fn page(
        &self,
        search: &Search,
        skip: usize,
        observe: &(dyn Fn(Retrying) + Send + Sync),
    ) -> Result<(Value, super::operations::Page), FindError> {
        let url = format!("{}/operations", self.api_base);
        let body = search.body(skip, self.page_size);
        let call = || async {
            let answered = authorized(&self.tokens, "statement request", || self.http.post(&url).json(&body)).await?;
            let raw = answered.json()?;
            let args = answered.args();
            match decode_page(&raw) {
                Ok(page) if answered.status < 300 => Ok(Ok((raw, page))),
                // A proxy's 429 or 5xx in JSON may pass; an error of ePay's will not.
                _ if answered.status == 429 || answered.status >= 500 => Err(LookupError::Protocol {
                    message: Words::said("error-http-status", &args),
                    body_head: String::new(),
                    passing: Some(Passing::Status(answered.status)),
                }),
                Ok(_) | Err(Unreadable::Refused { .. }) => {
                    let (code, message) = super::operations::refusal_in(&raw).unwrap_or_default();
                    Ok(Err(FindError::Refused { status: answered.status, code, message }))
                }
                Err(Unreadable::NoList) => {
                    Ok(Err(FindError::Unreadable { why: Words::said("find-no-list", &args), raw }))
                }
                Err(Unreadable::SeveralLists(paths)) => {
                    let args = [args[0].clone(), args[1].clone(), ("lists", paths.join(", "))];
                    Ok(Err(FindError::Unreadable { why: Words::said("find-several-lists", &args), raw }))
                }
            }
        };
        let deadline = self.retry.deadline;
        let tried = tokio::time::timeout(deadline, self.retry.run(call, |_| None, observe)).await;
        if let Ok(Ok(Err(FindError::Unreadable { raw, .. }))) = &tried {
            // Kept whole where it can be read later (redacted and cleaned).
            tracing::warn!(answer = %raw, "statement answer not read");
        }
        match tried {
            Ok(Ok(page)) => page,
            Ok(Err((error, attempts))) => Err(FindError::Failed { error, attempts }),
            Err(_) => {
                let words = format!("no answer within the deadline of {} s, retries included", deadline.as_secs());
                Err(FindError::Failed { error: LookupError::Timeout(words), attempts: 1 })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_are_read_as_banks_write_them() {
        for typed in ["400303******9821", "4003 03** **** 9821", "400303...9821", "4003…9821", "400303xxxxxx9821"] {
            let card = CardMask::parse(typed).unwrap_or_else(|e| panic!("{typed}: {e:?}"));
            assert_eq!(card.pattern(), "4003%9821", "{typed}");
            assert!(card.matches("400303...9821") && card.matches("4003...9821"), "{typed}");
            assert!(!card.matches("400304...9821") || card.first.len() == 4, "{typed}");
        }
        assert!(!CardMask::parse("400303******9821").unwrap().matches("400304******9821"));
        assert_eq!(CardMask::parse("*9821").unwrap().pattern(), "%9821");
        assert_eq!(CardMask::parse("4003030000009821"), Err(BadFilter::WholeCard));
        assert_eq!(CardMask::parse("40030300000098210x"), Err(BadFilter::WholeCard), "never echoed");
        for russian in ["400303ХХХХХХ9821", "4003 03хх хххх 9821", "400303\u{202f}******\t9821"] {
            assert_eq!(CardMask::parse(russian).map(|c| c.pattern()), Ok("4003%9821".to_owned()), "{russian:?}");
        }
        for bad in ["", "9821", "4003**98", "40a3****9821", "4003 **** ****", "4003%9821"] {
            assert!(CardMask::parse(bad).is_err(), "{bad} accepted");
        }
    }

    fn typed(f: impl FnOnce(&mut Typed)) -> Result<Search, BadFilter> {
        let mut t = Typed::default();
        f(&mut t);
        t.search(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap())
    }

    #[test]
    fn filters_are_read_or_refused_before_anything_is_sent() {
        for amount in ["12,22", "12.22", "1 234 567,50", "1\u{a0}234\u{a0}567.50"] {
            assert!(typed(|t| t.amount = Some(amount.into())).unwrap().filters.amount.is_some(), "{amount}");
        }
        assert_eq!(
            typed(|t| t.amount = Some("1 234 567,50".into())).unwrap().filters.amount,
            Some(Decimal::new(123456750, 2))
        );
        assert_eq!(typed(|t| t.amount = Some("15,000".into())), Err(BadFilter::Amount("15,000".into())));
        assert_eq!(typed(|t| t.rrn = Some("23195x".into())), Err(BadFilter::Rrn("23195x".into())));
        assert_eq!(typed(|t| t.from = Some("31.02.2026".into())), Err(BadFilter::Date("31.02.2026".into())));
        assert_eq!(typed(|t| t.from = Some("2026-12-04".into())), Err(BadFilter::Period));
        let default = typed(|_| {}).unwrap();
        assert_eq!((default.from.to_string(), default.to.to_string()), ("2026-08-05".into(), "2026-12-03".into()));
        assert_eq!(default.filters, Filters::default());
        assert_eq!(typed(|t| t.from = Some("01.01.0000".into())), Err(BadFilter::Date("01.01.0000".into())));
        assert_eq!(typed(|t| t.amount = Some("0".into())), Err(BadFilter::Amount("0".into())));
        let contact = typed(|t| {
            t.phone = Some("+7 (701) 123-45-67".into());
            t.email = Some(" EPay@HalykBank.kz ".into());
        })
        .unwrap();
        assert_eq!(contact.filters.phone.as_deref(), Some("+77011234567"));
        assert_eq!(contact.filters.email.as_deref(), Some("epay@halykbank.kz"));
    }

    #[test]
    fn a_day_is_kazakhstans_day_with_the_offset_of_its_time() {
        let search = typed(|t| {
            t.from = Some("01.02.2024".into());
            t.to = Some("2026-12-03".into());
        })
        .unwrap();
        let (from, to) = search.period();
        // UTC+6 before 1 March 2024, UTC+5 after.
        assert_eq!(from.to_rfc3339(), "2024-01-31T18:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2026-12-03T18:59:59+00:00");
        let body = search.body(0, 100);
        assert_eq!(body["searchParameters"][0]["searchParameter"][0], "2024-01-31T18:00:00Z");
        assert_eq!(body["paging"], json!({"page": 0, "size": 100}));
    }

    #[test]
    fn the_body_names_each_filter_as_epay_does() {
        let search = typed(|t| {
            t.rrn = Some("231951411351".into());
            t.card = Some("400303******9821".into());
            t.amount = Some("12,20".into());
        })
        .unwrap();
        let body = search.body(200, 100);
        let params = body["searchParameters"].as_array().unwrap();
        let named = |n: &str| params.iter().find(|p| p["name"] == n).cloned().unwrap();
        assert_eq!(named("reference")["searchParameter"], json!(["231951411351"]));
        assert_eq!(named("amount")["searchParameter"], json!(["12.2"]));
        assert_eq!(
            named("card_mask"),
            json!({"name": "card_mask", "method": "like", "searchParameter": ["4003%9821"]})
        );
        assert_eq!(body["paging"]["page"], 200);
    }
}
