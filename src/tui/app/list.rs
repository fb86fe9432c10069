//! The history list: every lookup or a filtered view of them, the
//! selection, the order, and pasted batches.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::{Command, Entry, FilterView, Row};
use crate::epay::{InvoiceId, LookupType, Retrying};
use crate::store::{Filter, Summary};

/// The list's state.
pub struct Lookups {
    /// Every lookup, newest first.
    pub history: Vec<Entry>,
    pub filtered: Option<FilterView>,
    /// The stored history is still being read.
    pub loading: bool,
    /// Index into the visible list.
    pub selected: usize,
    pub sort: SortBy,
    pub batch: Option<Batch>,
    /// Unique and increasing within the run; answers find their row by it.
    next_id: u64,
    /// Lookups started and not answered yet.
    in_flight: usize,
    /// Store IDs of the lookups this run recorded (few), so the history read
    /// does not list them twice.
    recorded_here: HashSet<i64>,
}

impl Default for Lookups {
    fn default() -> Self {
        Self {
            history: Vec::new(),
            filtered: None,
            loading: false,
            selected: 0,
            sort: SortBy::Time,
            batch: None,
            next_id: 1,
            in_flight: 0,
            recorded_here: HashSet::new(),
        }
    }
}

/// The order of the list on screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Time,
    Status,
    Amount,
}

impl SortBy {
    pub(super) fn next(self) -> Self {
        match self {
            Self::Time => Self::Status,
            Self::Status => Self::Amount,
            Self::Amount => Self::Time,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Time => "newest first",
            Self::Status => "by status",
            Self::Amount => "by amount, per currency",
        }
    }
}

/// A pasted batch: how far it got and what it found.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub ids: std::collections::HashSet<u64>,
    pub done: usize,
    /// Answers by status (or result code, or "no answer").
    pub counts: std::collections::BTreeMap<String, usize>,
}

impl Lookups {
    /// The list on screen: the filtered view, or the whole history.
    pub fn visible(&self) -> &[Entry] {
        match &self.filtered {
            Some(view) => &view.entries,
            None => &self.history,
        }
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.visible().get(self.selected)
    }

    /// Lookups started and not answered yet.
    pub fn pending(&self) -> usize {
        self.in_flight
    }

    fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// A page of the stored history, appended below what is listed.
    pub(super) fn add_page(&mut self, rows: Vec<Summary>, last: bool, total: Option<usize>) {
        self.loading = !last;
        // Grow once, by what is needed, rather than by doubling.
        if let Some(total) = total {
            self.history.reserve_exact(total + 64);
        }
        // A lookup recorded by this run before the read began is already
        // listed; skip its stored copy.
        for s in rows {
            if !self.recorded_here.contains(&s.store_id) {
                let entry = Entry::from_summary(self.take_id(), s);
                self.history.push(entry);
            }
        }
    }

    /// Shows what a filter found; returns how many.
    pub(super) fn show_filtered(&mut self, filter: Filter, rows: Vec<Summary>) -> usize {
        let entries = rows.into_iter().map(|s| Entry::from_summary(self.take_id(), s)).collect::<Vec<_>>();
        let n = entries.len();
        self.filtered = Some(FilterView { filter, entries });
        self.selected = 0;
        n
    }

    /// Pending rows for `invoices`, the last one on top, put in front of the
    /// history in one move: inserting them one by one moved every row of a
    /// long history once per pasted ID.
    pub(super) fn add_pending(
        &mut self,
        invoices: impl IntoIterator<Item = InvoiceId>,
        lookup_type: LookupType,
        now: DateTime<Utc>,
    ) -> Vec<Command> {
        let (mut entries, mut commands) = (Vec::new(), Vec::new());
        for invoice in invoices {
            let id = self.take_id();
            entries.push(Entry {
                id,
                store_id: None,
                invoice,
                requested: lookup_type,
                checked_at: now,
                row: None,
                changed: false,
                retrying: None,
            });
            commands.push(Command::Lookup { id, invoice, lookup_type });
        }
        self.in_flight += entries.len();
        self.history.splice(0..0, entries.into_iter().rev());
        commands
    }

    /// Leaves a filtered view for the whole history, the selection back at
    /// the top; true when there was one to leave.
    pub(super) fn show_all(&mut self) -> bool {
        let left = self.filtered.take().is_some();
        if left {
            self.selected = 0;
        }
        left
    }

    pub(super) fn retrying(&mut self, id: u64, retrying: Retrying) {
        if let Some(entry) = self.history.iter_mut().find(|e| e.id == id && e.is_pending()) {
            entry.retrying = Some(Box::new(retrying));
        }
    }

    /// Fills the pending row of lookup `id` with its answer; the invoice and
    /// type it asked for, or `None` for an answer no row waits for. Matched
    /// by generation: an answer only ever fills its own row, so a late one
    /// cannot replace what a newer lookup shows.
    pub(super) fn answered(
        &mut self,
        id: u64,
        row: Row,
        store_id: Option<i64>,
        changed: bool,
    ) -> Option<(InvoiceId, LookupType)> {
        let entry = self.history.iter_mut().find(|e| e.id == id && e.is_pending())?;
        self.in_flight = self.in_flight.saturating_sub(1);
        if let Some(batch) = self.batch.as_mut().filter(|b| b.ids.contains(&id)) {
            batch.done += 1;
            let label = crate::sheet::outcome_label(row.code.as_ref(), row.status.as_ref());
            *batch.counts.entry(label).or_default() += 1;
        }
        entry.row = Some(row);
        entry.changed = changed;
        entry.store_id = store_id;
        self.recorded_here.extend(store_id);
        Some((entry.invoice, entry.requested))
    }

    /// Orders the list on screen; the selected record stays selected.
    pub(super) fn apply_sort(&mut self) {
        let sort = self.sort;
        let kept = self.selected_entry().map(|e| e.id);
        let list = match &mut self.filtered {
            Some(view) => &mut view.entries,
            None => &mut self.history,
        };
        let newest_first = |a: &Entry, b: &Entry| b.checked_at.cmp(&a.checked_at).then(b.id.cmp(&a.id));
        match sort {
            SortBy::Time => list.sort_by(newest_first),
            SortBy::Status => list.sort_by(|a, b| status_name(a).cmp(&status_name(b)).then_with(|| newest_first(a, b))),
            // Amounts compare only within a currency: grouped by currency
            // (none last), largest first in each; nothing is converted.
            SortBy::Amount => list.sort_by(|a, b| {
                let currency = |e: &Entry| e.row.as_ref().and_then(|r| r.currency.clone());
                let amount = |e: &Entry| e.row.as_ref().and_then(|r| r.amount);
                let (ca, cb) = (currency(a), currency(b));
                cb.is_some()
                    .cmp(&ca.is_some())
                    .then_with(|| ca.cmp(&cb))
                    .then_with(|| amount(b).cmp(&amount(a)))
                    .then_with(|| newest_first(a, b))
            }),
        }
        self.selected = kept.and_then(|id| self.visible().iter().position(|e| e.id == id)).unwrap_or(0);
    }
}

/// Borrowed, so sorting 100,000 rows does not allocate a name per comparison.
fn status_name(e: &Entry) -> Option<&str> {
    e.row.as_ref()?.status.as_ref().map(|s| s.name())
}
