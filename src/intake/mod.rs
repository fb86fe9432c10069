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

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;

pub use columns::{Column, Invalid, Layout, Notice, Why};
pub use sheet::{Cell, Sheet, SheetError, read};

use crate::case::{CaseFile, Change, Opening, State};
use crate::checker::Checker;
use crate::epay::{EpayClient, InvoiceId, LookupType, Operation, StatementClient, Typed};
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
    /// An ambiguous row's candidates as the operator tells them apart
    /// (invoice, time, amount, status, RRN), in the outcome's order; empty
    /// when only the history was asked.
    pub about: Vec<String>,
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
            "candidatesSaid": self.about,
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
        let (at, layout) = header(&sheet)?;
        let data = &sheet.rows[at + 1..];
        let total = data.len();
        let notices: Vec<(usize, Result<Notice, Invalid>)> =
            data.iter().map(|(line, cells)| (*line, layout.notice(*line, cells))).collect();
        let mut found =
            futures_util::stream::iter(notices).map(|(line, notice)| self.find(line, notice)).buffered(AT_ONCE);
        // Every row is found before any is filed: a find left waiting
        // while a case is written would hold its connection of the team's
        // pool, and enough of them would starve the write.
        let mut rows = Vec::with_capacity(total);
        while let Some(row) = found.next().await {
            rows.push(row);
            progress(rows.len(), total);
        }
        drop(found);
        let mut filed = Filed::default();
        for row in &mut rows {
            match row.outcome.clone() {
                Outcome::Opened => row.outcome = self.file(row, &mut filed).await,
                Outcome::Ambiguous(candidates) => {
                    if let Some(invoice) = self.holder(row, &candidates, &filed).await {
                        row.invoice = Some(invoice);
                        row.outcome = Outcome::Exists { added: false };
                    }
                }
                _ => {}
            }
        }
        Ok(rows)
    }

    /// An ambiguous row with the payment the operator chose among its
    /// candidates: checked, and its case opened (or added to).
    pub async fn resolve(&self, row: &Row, invoice: InvoiceId) -> Outcome {
        if let Some(notice) = &row.notice {
            self.check_unless_held(&invoice, notice).await;
        }
        let chosen = Row { invoice: Some(invoice), outcome: Outcome::Opened, ..row.clone() };
        self.file(&chosen, &mut Filed::default()).await
    }

    /// The candidate whose case holds this notice already: the file read
    /// again after the operator chose among them.
    async fn holder(&self, row: &Row, candidates: &[String], filed: &Filed) -> Option<InvoiceId> {
        let key = row.notice.as_ref()?.key();
        for invoice in candidates.iter().filter_map(|c| InvoiceId::parse(c).ok()) {
            if filed.keys.contains(&(invoice, key.clone())) {
                return Some(invoice);
            }
            if let Ok(Some(file)) = self.store.case(&invoice).await
                && holds(&file, &key)
            {
                return Some(invoice);
            }
        }
        None
    }

    /// Finds a row's payment; the case is written by [`Self::file`]
    /// (`Opened` here means "found, to be filed").
    async fn find(&self, line: usize, notice: Result<Notice, Invalid>) -> Row {
        let lang = self.lang;
        let notice = match notice {
            Ok(n) => n,
            Err(bad) => {
                let why = match bad.why {
                    Why::Unreadable => {
                        let args = [("column", bad.column.into()), ("value", bad.value.into())];
                        i18n::text(lang, "intake-bad-cell", &args)
                    }
                    Why::LostDigits => i18n::text(lang, "intake-lost-digits", &[("column", bad.column.into())]),
                    Why::Wider => i18n::text(lang, "intake-wider", &[("value", bad.value.into())]),
                };
                return Row {
                    line,
                    notice: None,
                    invoice: None,
                    tried: Vec::new(),
                    about: Vec::new(),
                    outcome: Outcome::Invalid(why),
                };
            }
        };
        let mut tried = Vec::new();
        let in_history = self.in_history(&notice, &mut tried).await.unwrap_or_default();
        // Only an RRN makes the history's one match the payment: without
        // it, another payment of that card, amount and day may never have
        // been looked up. The statement knows them all.
        let (candidates, about) = if in_history.len() == 1 && notice.rrn.is_some() {
            (in_history, Vec::new())
        } else {
            match self.in_statement(&notice, &mut tried).await {
                Ok(Some(found)) => found.into_iter().unzip(),
                Ok(None) => (in_history, Vec::new()),
                Err(why) => {
                    let outcome = Outcome::Invalid(why);
                    return Row { line, notice: Some(notice), invoice: None, tried, about: Vec::new(), outcome };
                }
            }
        };
        let outcome = match candidates.len() {
            0 => Outcome::NotFound,
            1 => Outcome::Opened,
            _ => Outcome::Ambiguous(candidates.iter().map(ToString::to_string).collect()),
        };
        let invoice = (candidates.len() == 1).then(|| candidates[0]);
        if let Some(invoice) = &invoice {
            self.check_unless_held(invoice, &notice).await;
        }
        Row { line, notice: Some(notice), invoice, tried, about, outcome }
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

    /// Invoices the statement gives (by RRN, or by card, amount and day)
    /// whose card and amount agree with the notice; `None` without a
    /// cabinet login.
    async fn in_statement(
        &self,
        n: &Notice,
        tried: &mut Vec<String>,
    ) -> Result<Option<Vec<(InvoiceId, String)>>, String> {
        let lang = self.lang;
        let Some(statement) = self.statement else {
            tried.push(i18n::plain(lang, "intake-tried-no-login"));
            return Ok(None);
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
        let mut agreeing: Vec<(InvoiceId, &Operation)> = Vec::new();
        let mut other: Vec<String> = Vec::new();
        for op in &found.operations {
            let Some(invoice) = op.invoice() else { continue };
            if agreeing.iter().any(|(i, _)| *i == invoice) || other.contains(&invoice.to_string()) {
                continue;
            }
            if agrees(n, op) { agreeing.push((invoice, op)) } else { other.push(invoice.to_string()) }
        }
        tried.push(format!("{how}: {}", agreeing.len()));
        if !other.is_empty() {
            tried.push(i18n::text(lang, "intake-tried-disagree", &[("invoices", other.join(", ").into())]));
        }
        Ok(Some(agreeing.into_iter().map(|(i, op)| (i, candidate(op, lang))).collect()))
    }

    /// The payment's status now, unless its case holds this notice already
    /// (the file read again) or it is a dry run: checked while the rows are
    /// found, several at once, not one by one while they are filed.
    async fn check_unless_held(&self, invoice: &InvoiceId, notice: &Notice) {
        if self.dry_run {
            return;
        }
        if !matches!(self.store.case(invoice).await, Ok(Some(file)) if holds(&file, &notice.key())) {
            self.check(invoice).await;
        }
    }

    /// The payment's status now, recorded in the history.
    async fn check(&self, invoice: &InvoiceId) {
        let asked: DateTime<Utc> = Utc::now();
        let result = self.client.lookup(LookupType::Payment, invoice).await;
        let new =
            NewLookup { checked_at: asked, who: self.who, invoice, requested: LookupType::Payment, result: &result };
        if let Err(e) = self.store.record(&new).await {
            tracing::warn!(%invoice, "intake: the status check was not recorded: {e}");
        }
    }

    /// Opens the row's case, or adds the notice to the case there is
    /// (opening it again when it was decided); nothing when the case holds
    /// this notice already, or in a dry run.
    async fn file(&self, row: &Row, filed: &mut Filed) -> Outcome {
        let (Some(invoice), Some(notice)) = (row.invoice, row.notice.as_ref()) else { return Outcome::NotFound };
        let key = notice.key();
        if filed.keys.contains(&(invoice, key.clone())) {
            return Outcome::Exists { added: false };
        }
        let existing = match self.store.case(&invoice).await {
            Ok(file) => file,
            Err(e) => return Outcome::Invalid(e.to_string()),
        };
        if existing.as_ref().is_some_and(|f| holds(f, &key)) {
            return Outcome::Exists { added: false };
        }
        let outcome = match existing.is_some() || filed.invoices.contains(&invoice) {
            true => Outcome::Exists { added: true },
            false => Outcome::Opened,
        };
        // The note is made (and could be refused) in a dry run too.
        let note = match crate::case::note(&self.note(notice)) {
            Ok(note) => note,
            Err(e) => return Outcome::Invalid(e.describe(self.lang)),
        };
        if self.dry_run {
            filed.invoices.insert(invoice);
            filed.keys.insert((invoice, key));
            return outcome;
        }
        let case = existing.as_ref().map(|f| &f.case);
        let mut changes = Vec::new();
        if case.is_some_and(|c| !c.state.is_open()) {
            changes.push(Change::State(State::Open));
        }
        if let Ok(tag) = crate::case::tag(&notice.reason_code) {
            changes.push(Change::Tag(tag));
        }
        // Two notices for one payment: the nearer deadline is the one to meet.
        if let Some(deadline) = notice.deadline
            && case.and_then(|c| c.deadline).is_none_or(|held| deadline < held)
        {
            changes.push(Change::Deadline(Some(deadline)));
        }
        changes.push(Change::Note(note));
        let now = Utc::now();
        let today = now.with_timezone(&crate::zone::Zone::operators()).date_naive();
        let opening = Opening::new(&self.who.operator, self.case_deadline_days, today);
        match self.store.change_case(&invoice, self.who, now, &changes, &opening).await {
            Ok(_) => {
                // Only what was written counts for the rows after it.
                filed.invoices.insert(invoice);
                filed.keys.insert((invoice, key));
                outcome
            }
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
            lines.push(format!("«{}»", text.chars().take(1000).collect::<String>()));
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
        // The note is bounded (case::NOTE_MAX_CHARS): the notice's own
        // fields first, then the other columns while they fit, each cut to a
        // line; what did not fit is counted.
        let budget = crate::case::NOTE_MAX_CHARS - 200;
        let mut used: usize = lines.iter().map(|l| l.chars().count() + 1).sum();
        let mut left = 0;
        for (header, value) in &n.other {
            let line: String = format!("{header}: {value}").chars().take(300).collect();
            if left == 0 && used + line.chars().count() < budget {
                used += line.chars().count() + 1;
                lines.push(line);
            } else {
                left += 1;
            }
        }
        if left > 0 {
            lines.push(i18n::text(lang, "intake-note-more", &[("count", left.into())]));
        }
        lines.join("\n")
    }
}

/// What this run filed (or, in a dry run, would have): a later row of the
/// same payment adds to that case, and the same notice twice is one.
#[derive(Default)]
struct Filed {
    invoices: HashSet<InvoiceId>,
    keys: HashSet<(InvoiceId, String)>,
}

/// A title or a bank's letterhead may stand above the header.
const HEADER_WITHIN: usize = 10;

/// The header: the first of the first rows that names every needed
/// column, and where it is; else the columns that the row nearest to a
/// header lacks.
fn header(sheet: &Sheet) -> Result<(usize, Layout), IntakeError> {
    let mut nearest: Option<Vec<Column>> = None;
    for (at, (_, cells)) in sheet.rows.iter().take(HEADER_WITHIN).enumerate() {
        let names: Vec<String> = cells.iter().map(Cell::text).collect();
        match Layout::of(&names) {
            Ok(layout) => return Ok((at, layout)),
            Err(missing) if nearest.as_ref().is_none_or(|n| missing.len() < n.len()) => nearest = Some(missing),
            Err(_) => {}
        }
    }
    Err(IntakeError::Columns(nearest.unwrap_or_default()))
}

/// Whether the case holds the notice with this key: its note's first line.
fn holds(file: &CaseFile, key: &str) -> bool {
    file.entries
        .iter()
        .any(|e| matches!(&e.change, Change::Note(text) if text.lines().next().is_some_and(|l| l == key || l.ends_with(&format!(" {key}")))))
}

/// Whether an operation can be the notice's payment: the card agrees in
/// the digits both show, and the disputed amount is at most the payment's
/// (a dispute may be partial). What the statement does not say cannot
/// disagree.
fn agrees(n: &Notice, op: &Operation) -> bool {
    let t = &op.transaction;
    let same_currency = match (n.currency.as_deref(), t.currency.as_deref()) {
        (Some(ours), Some(theirs)) => ours.trim().eq_ignore_ascii_case(theirs.trim()),
        _ => true,
    };
    t.card_mask.as_deref().is_none_or(|m| n.card.matches(m)) && t.amount.is_none_or(|a| n.amount <= a) && same_currency
}

/// A candidate as the operator tells them apart: invoice, time, amount,
/// status, RRN.
fn candidate(op: &Operation, lang: Language) -> String {
    let t = &op.transaction;
    let zone = crate::zone::Zone::operators();
    let time = t.created.map(|c| c.with_timezone(&zone).format(lang.formats().minutes).to_string());
    let amount = t.amount.map(|a| crate::epay::money::format_money(Some(a), t.currency.as_deref(), lang));
    let status = t.status.as_ref().map(|s| s.name().to_owned());
    let rrn = t.reference.as_ref().map(|r| format!("RRN {r}"));
    let invoice = t.invoice_id.clone();
    let parts: Vec<String> = [invoice, time, amount, status, rrn].into_iter().flatten().collect();
    crate::text::clean(&parts.join(" · "))
}
