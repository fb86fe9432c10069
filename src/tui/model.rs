//! The data the dashboard shows: history rows, the selected lookup's
//! details, facts about this run.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::epay::{Answer, Failure, InvoiceId, Kind, LookupType, ResultCode, Retrying, Status};
use crate::risk::{self, Hint, Known};
use crate::store::{Summary, TimelinePoint};

/// What is shown about the token; never the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenView {
    None,
    Renewing,
    Valid { until: DateTime<Utc> },
    Failed(crate::epay::LookupError),
}

/// Fixed facts about this run, for the status bar and help.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub who: crate::checker::Checker,
    pub production: bool,
    /// False under NO_COLOR: the terminal drops colours (crossterm honours
    /// it), so what colour alone marked needs an attribute too.
    pub colour: bool,
    pub config_path: String,
    pub log_path: String,
    /// Where the history is: the file, or the team's URL (no password).
    pub history: String,
    /// Where lookups wait while the team history is away (`None` for the
    /// embedded history).
    pub spool: Option<String>,
    /// The deadline proposed for a new case, in days (`case_deadline_days`).
    pub case_deadline_days: Option<u32>,
    /// The language the dashboard speaks.
    pub language: crate::i18n::Language,
    /// What the profile lacks for the statement search, in words (`None`:
    /// it can search).
    pub statement_missing: Option<String>,
}

/// What a finished lookup shows in its history row. Small on purpose:
/// a history of 100,000 rows is held as these, never as whole answers.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub kind: Kind,
    /// `None` when no answer came.
    pub code: Option<ResultCode>,
    pub status: Option<Status>,
    pub amount: Option<Decimal>,
    /// Shared: a long history has a handful of currencies, not one per row.
    pub currency: Option<Arc<str>>,
    pub card: Option<Box<str>>,
    /// The amount as sent when it could not be read.
    pub amount_sent: Option<Box<str>>,
}

/// One shared copy of each currency code and operator name seen: a
/// history has a handful of each, however long it is.
pub fn intern(code: &str) -> Arc<str> {
    static SEEN: OnceLock<Mutex<HashSet<Arc<str>>>> = OnceLock::new();
    let mut seen = crate::sync::lock(SEEN.get_or_init(Default::default));
    if let Some(known) = seen.get(code) {
        return known.clone();
    }
    let new: Arc<str> = Arc::from(code);
    seen.insert(new.clone());
    new
}

impl Row {
    pub fn from_result(result: &Result<Box<Answer>, Failure>) -> Self {
        match result {
            Ok(a) => {
                let t = a.transaction.as_ref();
                Self {
                    kind: a.kind,
                    code: Some(a.code.clone()),
                    status: t.and_then(|t| t.status.clone()),
                    amount: t.and_then(|t| t.amount),
                    currency: t.and_then(|t| t.currency.as_deref()).map(intern),
                    card: t.and_then(|t| t.card_mask.as_deref()).map(Box::from),
                    amount_sent: t.and_then(|t| t.as_received("amount")).map(Box::from),
                }
            }
            Err(f) => Self {
                kind: f.kind,
                code: None,
                status: None,
                amount: None,
                currency: None,
                card: None,
                amount_sent: None,
            },
        }
    }

    /// The status of a successful answer, the one timelines compare.
    pub fn settled_status(&self) -> Option<&Status> {
        crate::epay::settled(self.code.as_ref(), self.status.as_ref())
    }
}

/// One lookup: a row of the history list.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Unique and increasing within the run; answers are matched by it.
    pub id: u64,
    pub store_id: Option<i64>,
    pub invoice: InvoiceId,
    pub requested: LookupType,
    pub checked_at: DateTime<Utc>,
    /// `None` while the lookup is in flight.
    pub row: Option<Row>,
    /// The status differs from the previous check of this invoice.
    pub changed: bool,
    /// Set while a pending lookup is being tried again.
    pub retrying: Option<Box<Retrying>>,
    /// Who checked; shared, as a team has a handful of operators.
    pub by: Arc<str>,
}

impl Entry {
    pub fn from_summary(id: u64, s: Summary) -> Self {
        Self {
            id,
            store_id: Some(s.store_id),
            invoice: s.invoice,
            requested: s.requested,
            checked_at: s.checked_at,
            row: Some(Row {
                kind: s.kind,
                code: s.result_code.as_deref().map(ResultCode::from_code),
                status: s.status.as_deref().map(Status::from_name),
                amount: s.amount,
                currency: s.currency.as_deref().map(intern),
                card: s.card_mask.map(String::into_boxed_str),
                amount_sent: s.amount_sent.map(String::into_boxed_str),
            }),
            changed: s.changed,
            retrying: None,
            by: intern(&s.operator),
        }
    }

    pub fn is_pending(&self) -> bool {
        self.row.is_none()
    }
}

/// Everything shown for the selected lookup. Loaded when it is selected,
/// dropped when it is not.
#[derive(Clone, Debug)]
pub struct Detail {
    pub entry_id: u64,
    pub result: Result<Box<Answer>, Failure>,
    /// Every check of this invoice, oldest first (empty until loaded).
    pub timeline: Vec<TimelinePoint>,
    /// Other recorded lookups with this card ID / this IP.
    pub same_card: Option<usize>,
    pub same_ip: Option<usize>,
    /// Shown under a failure: the newest earlier answer that succeeded.
    pub last_good: Option<(DateTime<Utc>, Box<Answer>)>,
    /// What looks wrong, most severe first.
    pub hints: Vec<Hint>,
    /// Who checked, from which machine ("aigerim on desk-3"), once read
    /// from the history.
    pub by: Option<String>,
    /// The invoice's dispute case with its trail, once read.
    pub case: Option<crate::case::CaseFile>,
}

impl Detail {
    /// The details of an answer with its risk hints, rated with what the
    /// history knows of its card and IP; timeline and last good answer are
    /// added by whoever has the history at hand.
    pub fn fresh(
        entry_id: u64,
        result: Result<Box<Answer>, Failure>,
        known: Known,
        now: DateTime<Utc>,
        lang: crate::i18n::Language,
    ) -> Self {
        let hints = result.as_deref().ok().map(|a| risk::hints(a, known, now, lang)).unwrap_or_default();
        Self {
            entry_id,
            result,
            timeline: Vec::new(),
            same_card: known.same_card,
            same_ip: known.same_ip,
            last_good: None,
            hints,
            by: None,
            case: None,
        }
    }

    pub fn answer(&self) -> Option<&Answer> {
        self.result.as_deref().ok()
    }
}

/// A line for the operator under the box: what happened, or what went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    /// Done as asked (an export written, a filter applied).
    Info,
    /// Not done, or done only in part; the text says why.
    Problem,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self { kind: NoticeKind::Info, text: text.into() }
    }

    pub fn problem(text: impl Into<String>) -> Self {
        Self { kind: NoticeKind::Problem, text: text.into() }
    }

    pub fn is_problem(&self) -> bool {
        self.kind == NoticeKind::Problem
    }
}
