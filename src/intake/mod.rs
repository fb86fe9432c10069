//! Chargeback intake: the acquirer's list (CSV or XLSX) becomes dispute
//! cases. Each row's payment is found (the history first, then ePay's
//! statement: by RRN, or by card, amount and day), its status checked, and
//! a case opened (or the open one added to) with the reason code as a tag,
//! the deadline from the file and the notice in its first note. A row that
//! matches several payments, or none, opens nothing and says what was tried.
//! Reading the same file again opens nothing new: the ARN (or the RRN with
//! the reason code) is the row's key, kept in the case's note.

mod columns;
mod sheet;

use std::path::Path;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;

pub use columns::{Column, Invalid, Layout, Notice};
pub use sheet::{Cell, Sheet, SheetError, read};

use crate::case::{Change, Opening};
use crate::checker::Checker;
use crate::epay::{EpayClient, InvoiceId, LookupType, StatementClient, Typed};
use crate::i18n::{self, Language};
use crate::store::{Filter, NewLookup, Store};

/// What happened to one row.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A case was opened for it (or would be, in a dry run).
    Opened,
    /// Its invoice has a case already: with this notice in it (`added`
    /// false), or it was added now.
    Exists {
        added: bool,
    },
    /// Several payments match: the candidates' invoices.
    Ambiguous(Vec<String>),
    NotFound,
    /// The row cannot be read, or its case cannot be written: why.
    Invalid(String),
}

impl Outcome {
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::Opened => "opened",
            Outcome::Exists { .. } => "exists",
            Outcome::Ambiguous(_) => "ambiguous",
            Outcome::NotFound => "not_found",
            Outcome::Invalid(_) => "invalid",
        }
    }

    /// Handled: a case holds the notice (or would).
    pub fn is_handled(&self) -> bool {
        matches!(self, Outcome::Opened | Outcome::Exists { .. })
    }
}

/// One row's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub line: usize,
    pub notice: Option<Notice>,
    pub invoice: Option<InvoiceId>,
    /// What was tried to find the payment, in order.
    pub tried: Vec<String>,
    pub outcome: Outcome,
}

impl Row {
    pub fn json(&self, dry_run: bool) -> serde_json::Value {
        let n = self.notice.as_ref();
        serde_json::json!({
            "line": self.line,
            "outcome": self.outcome.name(),
            "invoice": self.invoice.map(|i| i.to_string()),
            "candidates": match &self.outcome { Outcome::Ambiguous(c) => c.clone(), _ => Vec::new() },
            "key": n.map(Notice::key),
            "reasonCode": n.map(|n| n.reason_code.clone()),
            "added": matches!(self.outcome, Outcome::Exists { added: true }),
            "why": match &self.outcome { Outcome::Invalid(why) => Some(why.clone()), _ => None },
            "tried": self.tried,
            "dryRun": dry_run,
        })
    }
}

/// The counts the summary gives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub opened: usize,
    pub exists: usize,
    pub ambiguous: usize,
    pub not_found: usize,
    pub invalid: usize,
}

impl Counts {
    pub fn of(rows: &[Row]) -> Counts {
        let mut c = Counts::default();
        for row in rows {
            match row.outcome {
                Outcome::Opened => c.opened += 1,
                Outcome::Exists { .. } => c.exists += 1,
                Outcome::Ambiguous(_) => c.ambiguous += 1,
                Outcome::NotFound => c.not_found += 1,
                Outcome::Invalid(_) => c.invalid += 1,
            }
        }
        c
    }

    pub fn describe(&self, lang: Language) -> String {
        let args = [
            ("opened", self.opened.into()),
            ("exists", self.exists.into()),
            ("ambiguous", self.ambiguous.into()),
            ("notfound", self.not_found.into()),
            ("invalid", self.invalid.into()),
        ];
        i18n::text(lang, "intake-summary", &args)
    }
}

/// Why the file was not read at all.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error(transparent)]
    Sheet(#[from] SheetError),
    /// The needed columns the header lacks.
    #[error("the file has no column for {}", .0.iter().map(|c| c.name()).collect::<Vec<_>>().join(", "))]
    Columns(Vec<Column>),
}

impl IntakeError {
    pub fn describe(&self, lang: Language) -> String {
        match self {
            IntakeError::Sheet(e) => e.to_string(),
            IntakeError::Columns(missing) => {
                let names = missing.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ");
                i18n::text(lang, "intake-missing-columns", &[("columns", names.into())])
            }
        }
    }
}

/// What the intake needs: the history, the two clients, who runs it.
pub struct Intake<'a> {
    pub store: &'a Store,
    pub client: &'a EpayClient,
    pub statement: Option<&'a StatementClient>,
    pub who: &'a Checker,
    pub case_deadline_days: Option<u32>,
    pub dry_run: bool,
    pub lang: Language,
}

/// Rows matched at once: the statement and the status checks are network
/// bound; the cases are written in the file's order after.
const AT_ONCE: usize = 8;

/// How far around the notice's day an RRN is searched: the notice's date
/// may be the posting day, not the payment's.
const RRN_DAYS: u64 = 7;

impl Intake<'_> {
    /// Reads `path` and handles every row; `progress` hears of each row done.
    pub async fn run(
        &self,
        path: &Path,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> Result<Vec<Row>, IntakeError> {
        let sheet = sheet::read(path)?;
        let layout = Layout::of(&sheet.header).map_err(IntakeError::Columns)?;
        let total = sheet.rows.len();
        let notices: Vec<(usize, Result<Notice, Invalid>)> =
            sheet.rows.iter().enumerate().map(|(i, row)| (i + 2, layout.notice(i + 2, row))).collect();
        let mut found =
            futures_util::stream::iter(notices).map(|(line, notice)| self.find(line, notice)).buffered(AT_ONCE);
        let mut rows = Vec::with_capacity(total);
        while let Some(mut row) = found.next().await {
            if row.outcome == Outcome::Opened {
                row.outcome = self.file(&row).await;
            }
            rows.push(row);
            progress(rows.len(), total);
        }
        Ok(rows)
    }

    /// An ambiguous row with the payment the operator chose among its
    /// candidates: checked, and its case opened (or added to).
    pub async fn resolve(&self, row: &Row, invoice: InvoiceId) -> Outcome {
        self.check(&invoice).await;
        let chosen = Row { invoice: Some(invoice), outcome: Outcome::Opened, ..row.clone() };
        self.file(&chosen).await
    }

    /// Finds a row's payment and checks its status; the case is written by
    /// [`Self::file`] (`Opened` here means "found, to be filed").
    async fn find(&self, line: usize, notice: Result<Notice, Invalid>) -> Row {
        let lang = self.lang;
        let notice = match notice {
            Ok(n) => n,
            Err(bad) => {
                let args = [("column", bad.column.into()), ("value", bad.value.into())];
                let why = i18n::text(lang, "intake-bad-cell", &args);
                return Row { line, notice: None, invoice: None, tried: Vec::new(), outcome: Outcome::Invalid(why) };
            }
        };
        let mut tried = Vec::new();
        let candidates = match self.in_history(&notice, &mut tried).await {
            Some(invoices) if invoices.len() == 1 => invoices,
            _ => match self.in_statement(&notice, &mut tried).await {
                Ok(invoices) => invoices,
                Err(why) => {
                    return Row { line, notice: Some(notice), invoice: None, tried, outcome: Outcome::Invalid(why) };
                }
            },
        };
        let outcome = match candidates.len() {
            0 => Outcome::NotFound,
            1 => Outcome::Opened,
            _ => Outcome::Ambiguous(candidates.iter().map(ToString::to_string).collect()),
        };
        let invoice = (candidates.len() == 1).then(|| candidates[0]);
        if let Some(invoice) = invoice {
            self.check(&invoice).await;
        }
        Row { line, notice: Some(notice), invoice, tried, outcome }
    }

    /// Invoices in the history whose lookups show this card and amount on
    /// the notice's day (and its RRN, when it gives one); `None` when the
    /// history cannot say.
    async fn in_history(&self, n: &Notice, tried: &mut Vec<String>) -> Option<Vec<InvoiceId>> {
        let last4: String = n.card_text.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
        let rows = self.store.summaries(&Filter::Text(last4), Some(500)).await.ok()?;
        let mut invoices: Vec<(InvoiceId, i64)> = Vec::new();
        for s in rows {
            let same = s.amount == Some(n.amount) && s.card_mask.as_deref().is_some_and(|m| n.card.matches(m));
            if same && !invoices.iter().any(|(i, _)| *i == s.invoice) {
                invoices.push((s.invoice, s.store_id));
            }
        }
        let mut matching = Vec::new();
        for (invoice, store_id) in invoices {
            let Ok(Some(lookup)) = self.store.load(store_id).await else { continue };
            let Some(t) = lookup.result.as_ref().ok().and_then(|a| a.transaction.as_ref()) else { continue };
            let day = t.created.map(|c| c.with_timezone(&crate::epay::NOTICE_ZONE).date_naive());
            let rrn_agrees = n.rrn.as_ref().is_none_or(|r| t.reference.as_ref() == Some(r));
            if day == Some(n.date) && rrn_agrees {
                matching.push(invoice);
            }
        }
        let args = [("count", matching.len().into())];
        tried.push(i18n::text(self.lang, "intake-tried-history", &args));
        Some(matching)
    }

    /// Invoices the statement gives: by RRN, or by card, amount and day.
    async fn in_statement(&self, n: &Notice, tried: &mut Vec<String>) -> Result<Vec<InvoiceId>, String> {
        let lang = self.lang;
        let Some(statement) = self.statement else {
            tried.push(i18n::plain(lang, "intake-tried-no-login"));
            return Ok(Vec::new());
        };
        let day = |d: chrono::NaiveDate| Some(d.format("%Y-%m-%d").to_string());
        let typed = match &n.rrn {
            Some(rrn) => Typed {
                rrn: Some(rrn.clone()),
                from: day(n.date.checked_sub_days(chrono::Days::new(RRN_DAYS)).unwrap_or(n.date)),
                to: day(n.date.checked_add_days(chrono::Days::new(RRN_DAYS)).unwrap_or(n.date)),
                ..Typed::default()
            },
            None => Typed {
                card: Some(n.card_text.clone()),
                amount: Some(n.amount.to_string()),
                from: day(n.date),
                to: day(n.date),
                ..Typed::default()
            },
        };
        let search = typed.search(n.date).map_err(|e| e.words().describe(lang))?;
        let how = match &n.rrn {
            Some(rrn) => i18n::text(lang, "intake-tried-rrn", &[("rrn", rrn.clone().into())]),
            None => i18n::text(
                lang,
                "intake-tried-card",
                &[
                    ("card", n.card_text.clone().into()),
                    ("amount", crate::epay::money::format_amount(n.amount, lang).into()),
                    ("day", n.date.format(lang.formats().date).to_string().into()),
                ],
            ),
        };
        let found = statement.search(&search, &|_| {}).await.map_err(|e| e.describe(lang))?;
        let mut invoices: Vec<InvoiceId> = Vec::new();
        for op in &found.operations {
            if let Some(i) = op.invoice().filter(|i| !invoices.contains(i)) {
                invoices.push(i);
            }
        }
        tried.push(format!("{how}: {}", invoices.len()));
        Ok(invoices)
    }

    /// The payment's status now, recorded in the history (unless a dry run).
    async fn check(&self, invoice: &InvoiceId) {
        let asked: DateTime<Utc> = Utc::now();
        let result = self.client.lookup(LookupType::Payment, invoice).await;
        if !self.dry_run {
            let new = NewLookup {
                checked_at: asked,
                who: self.who,
                invoice,
                requested: LookupType::Payment,
                result: &result,
            };
            if let Err(e) = self.store.record(&new).await {
                tracing::warn!(%invoice, "intake: the status check was not recorded: {e}");
            }
        }
    }

    /// Opens the row's case, or adds the notice to the open one; nothing
    /// when the case holds this notice already or in a dry run.
    async fn file(&self, row: &Row) -> Outcome {
        let (Some(invoice), Some(notice)) = (row.invoice, row.notice.as_ref()) else { return Outcome::NotFound };
        let key = notice.key();
        let existing = match self.store.case(&invoice).await {
            Ok(file) => file,
            Err(e) => return Outcome::Invalid(e.to_string()),
        };
        let holds_key = existing.as_ref().is_some_and(|f| {
            f.entries.iter().any(
                |e| matches!(&e.change, Change::Note(text) if text.lines().next().is_some_and(|l| l.contains(&key))),
            )
        });
        let outcome = match (&existing, holds_key) {
            (Some(_), true) => return Outcome::Exists { added: false },
            (Some(_), false) => Outcome::Exists { added: true },
            (None, _) => Outcome::Opened,
        };
        if self.dry_run {
            return outcome;
        }
        let mut changes = Vec::new();
        if let Ok(tag) = crate::case::tag(&notice.reason_code) {
            changes.push(Change::Tag(tag));
        }
        if let Some(deadline) = notice.deadline {
            changes.push(Change::Deadline(Some(deadline)));
        }
        match crate::case::note(&self.note(notice)) {
            Ok(note) => changes.push(Change::Note(note)),
            Err(e) => return Outcome::Invalid(e.describe(self.lang)),
        }
        let now = Utc::now();
        let today = now.with_timezone(&crate::zone::Zone::operators()).date_naive();
        let opening = Opening::new(&self.who.operator, self.case_deadline_days, today);
        match self.store.change_case(&invoice, self.who, now, &changes, &opening).await {
            Ok(_) => outcome,
            Err(e) => Outcome::Invalid(match e {
                crate::store::CaseError::Refused(why) => why.describe(self.lang),
                other => other.to_string(),
            }),
        }
    }

    /// The case's note for a notice: its key on the first line (so the
    /// same file read again finds it), then what the notice says.
    fn note(&self, n: &Notice) -> String {
        let lang = self.lang;
        let reason = crate::reasons::find(&n.reason_code).map_or_else(|| n.reason_code.clone(), |r| r.title(lang));
        let amount = crate::epay::money::format_money(Some(n.amount), n.currency.as_deref(), lang);
        let mut lines = vec![i18n::text(lang, "intake-note-head", &[("key", n.key().into())])];
        lines.push(i18n::text(lang, "intake-note-reason", &[("reason", reason.into())]));
        if let Some(text) = &n.reason_text {
            lines.push(format!("«{text}»"));
        }
        let args = [
            ("amount", amount.into()),
            ("date", n.date.format(lang.formats().date).to_string().into()),
            ("card", n.card_text.clone().into()),
        ];
        lines.push(i18n::text(lang, "intake-note-amount", &args));
        if let Some(rrn) = n.rrn.as_ref().filter(|_| n.arn.is_some()) {
            lines.push(format!("RRN {rrn}"));
        }
        for (header, value) in &n.other {
            lines.push(format!("{header}: {value}"));
        }
        lines.join("\n")
    }
}
