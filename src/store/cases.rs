//! Dispute cases in the store, on both backends: each change is a new row
//! of `case_entries` (never updated, never deleted: the tables refuse it),
//! written in one transaction under a lock on the invoice, so two
//! operators changing a case at once both have their entries kept, in
//! order. What a case adds up to is kept beside its trail on SQLite (the
//! `cases` table, see `sqlite/cases.rs`) and summed from the trail on
//! PostgreSQL, where operators may not update a row.

use chrono::{DateTime, Utc};

use super::StoreError;
use crate::case::{Case, CaseFile, Change, Entry, Opening, entries_for};
use crate::checker::Checker;
use crate::epay::InvoiceId;

/// Why a case was not changed.
#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    /// The change makes no sense for the case as it stands (a tag for an
    /// invoice that has no case); nothing was written.
    #[error("{0}")]
    Refused(crate::case::Invalid),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One change to a case, as a backend writes it: new entries by `who` at
/// `at`.
pub(super) struct Changing<'a> {
    pub invoice: &'a InvoiceId,
    pub who: &'a Checker,
    pub at: DateTime<Utc>,
    pub changes: &'a [Change],
    pub opening: &'a Opening,
}

/// What one backend's transaction offers to change a case.
pub(super) trait CaseWrite {
    type Error;
    /// Whether the change under `key` was written already (a write retried
    /// after the connection dropped at its commit).
    async fn written(&mut self, key: &str) -> Result<bool, Self::Error>;
    async fn entries(&mut self, invoice: &InvoiceId) -> Result<Vec<Entry>, Self::Error>;
    async fn append(&mut self, key: &str, c: &Changing<'_>, change: &Change) -> Result<(), Self::Error>;
    /// Keeps what the case is now, for the list.
    async fn save(&mut self, case: &Case) -> Result<(), Self::Error>;
}

/// A change to a case, inside a backend's transaction: the entries it adds
/// are decided against the case as it stands under the lock.
pub(super) async fn change<W: CaseWrite>(
    w: &mut W,
    c: &Changing<'_>,
    key: &str,
) -> Result<Result<CaseFile, crate::case::Invalid>, W::Error> {
    let invoice = c.invoice;
    let entry_key = |i: usize| format!("{key}-{i}");
    if !w.written(&entry_key(0)).await? {
        let existing = CaseFile::of(*invoice, w.entries(invoice).await?);
        let added = match entries_for(existing.as_ref().map(|f| &f.case), c.changes, c.opening) {
            Ok(added) => added,
            Err(why) => return Ok(Err(why)),
        };
        for (i, change) in added.iter().enumerate() {
            w.append(&entry_key(i), c, change).await?;
        }
        if added.is_empty() {
            return Ok(existing.ok_or(crate::case::Invalid::NoCaseYet));
        }
    }
    let file = CaseFile::of(*invoice, w.entries(invoice).await?).expect("a case was just written");
    w.save(&file.case).await?;
    Ok(Ok(file))
}

/// A trail copied from another history, each entry with its key, its
/// operator and its time. A case imported before gets the entries added to
/// the file since; one the invoice has here from elsewhere gets none (two
/// trails of one case do not merge into one story).
pub(super) async fn import<W: CaseWrite>(
    w: &mut W,
    invoice: &InvoiceId,
    entries: &[(&Entry, String)],
) -> Result<super::import::CaseCopy, W::Error> {
    use super::import::CaseCopy;
    let mut missing = Vec::new();
    for (entry, key) in entries {
        if !w.written(key).await? {
            missing.push((entry, key));
        }
    }
    if missing.is_empty() {
        return Ok(CaseCopy::Already);
    }
    if missing.len() == entries.len() && !w.entries(invoice).await?.is_empty() {
        return Ok(CaseCopy::Elsewhere);
    }
    let opening = Opening::default();
    for (entry, key) in &missing {
        let who = Checker { operator: entry.by.clone(), ..Checker::default() };
        let c = Changing { invoice, who: &who, at: entry.at, changes: &[], opening: &opening };
        w.append(key, &c, &entry.change).await?;
    }
    if let Some(file) = CaseFile::of(*invoice, w.entries(invoice).await?) {
        w.save(&file.case).await?;
    }
    Ok(CaseCopy::Written(missing.len()))
}

/// A new key for a lookup, or for one change's entries: the time in
/// microseconds, then 64 random bits. Unique as a random key is, but a new
/// key sorts after the ones before it, so the unique index grows at its end
/// rather than on random pages (filling 400,000 lookups: 4,800 and 5,550 a
/// second with random keys, 6,300 and 6,650 with these, taking turns).
pub(super) fn new_key() -> String {
    let micros = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_micros();
    format!("{micros:016x}{:016x}", fastrand::u64(..))
}

/// A stored entry, or `None` (and a log line) for a change this version
/// does not know, written by a newer one.
pub(super) fn entry(
    id: i64,
    at: DateTime<Utc>,
    by: &str,
    kind: &str,
    value: &str,
    stamp: Option<crate::case::Stamp>,
) -> Option<Entry> {
    use super::row::{cut, limits};
    match Change::from_stored(kind, &cut(value, limits::ENTRY)) {
        Ok(change) => Some(Entry { id, at, by: crate::text::clean(&cut(by, limits::NAME)), change, stamp }),
        Err(why) => {
            tracing::warn!("case entry {id} skipped: {why}");
            None
        }
    }
}

/// The columns a trail entry is read from, in this order, on both
/// backends: each text bounded (see `row::bounded`).
pub(super) static ENTRY_FIELDS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use super::row::{bounded, limits};
    let (by, change) = (bounded("operator", limits::NAME), bounded("change", limits::CODE));
    format!("id, at, {by}, {change}, {}", bounded("value", limits::ENTRY))
});

/// [`ENTRY_FIELDS`] for a list of cases: a note's text is not read (the
/// list counts notes), and the invoice follows.
pub(super) static LISTED_ENTRY_FIELDS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    use super::row::{bounded, limits};
    let (by, change) = (bounded("operator", limits::NAME), bounded("change", limits::CODE));
    let value = bounded("value", limits::ENTRY);
    let invoice = bounded("invoice", limits::INVOICE);
    format!("id, at, {by}, {change}, CASE WHEN change = 'note' THEN '' ELSE {value} END, {invoice}")
});

/// The most invoices a search of the notes adds to a history search.
pub(super) const NOTED_MAX: usize = 1000;
