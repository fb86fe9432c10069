//! The history list: a window of stored rows around the selection, read
//! from the store as the selection moves (never the whole history), with
//! this run's lookups that the window does not hold yet on top.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::{Command, Entry, Row};
use crate::epay::{InvoiceId, LookupType, Retrying};
use crate::i18n::{self, Language};
use crate::store::{Count, Filter, Order, Place, Summary};

/// Rows asked for at a time, on each side of a place.
const CHUNK: usize = 256;
/// The selection this close to an end of the window reads on past it, so
/// a page key never waits for the store.
const MARGIN: usize = 128;
/// The most rows held: what a screen shows, many times over.
const CAP: usize = 3 * CHUNK;

/// The list's state.
pub struct Lookups {
    /// The last read of the history failed: what shows is this run's
    /// lookups, not the history.
    pub unread: bool,
    /// Which lookups the window holds, in which order.
    pub filter: Filter,
    pub sort: SortBy,
    /// The filter and order asked for last: the next rows are read for
    /// them, and `filter` and `sort` follow when those rows arrive.
    wanted: (Filter, SortBy),
    /// This run's lookups the window does not hold yet: in flight, or
    /// answered and waiting for the next read. Shown on top of the whole
    /// history; few (a paste is at most 100,000 IDs).
    fresh: Vec<Entry>,
    /// Stored rows, in the list's order, each with its place in that order.
    rows: Vec<(Entry, Place)>,
    /// The window holds the list's first / last row.
    pub at_start: bool,
    pub at_end: bool,
    /// How many rows the list has; `None` until the first read.
    pub count: Option<Count>,
    /// The first read has not arrived yet.
    pub loading: bool,
    /// Index into the visible list.
    pub selected: usize,
    pub batch: Option<Batch>,
    /// The read in flight, if any: one at a time, so rows arrive in order.
    reading: Option<Reading>,
    generation: u64,
    /// Unique and increasing within the run; answers find their row by it.
    next_id: u64,
    /// Lookups started and not answered yet.
    in_flight: usize,
}

/// A read of the store the list waits for.
struct Reading {
    generation: u64,
    /// Answered fresh lookups the read will bring as stored rows.
    covers: HashSet<u64>,
    select: Select,
    /// The order the rows come in.
    sort: SortBy,
    /// Something changed while it was out: read again once it is in.
    again: bool,
}

impl Default for Lookups {
    fn default() -> Self {
        Self {
            unread: false,
            filter: Filter::All,
            sort: SortBy::Time,
            wanted: (Filter::All, SortBy::Time),
            fresh: Vec::new(),
            rows: Vec::new(),
            at_start: true,
            at_end: true,
            count: None,
            loading: false,
            selected: 0,
            batch: None,
            reading: None,
            generation: 0,
            next_id: 1,
            in_flight: 0,
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

    pub fn label(self, lang: Language) -> String {
        match self {
            Self::Time => i18n::plain(lang, "sort-newest"),
            Self::Status => i18n::plain(lang, "sort-status"),
            Self::Amount => i18n::plain(lang, "sort-amount"),
        }
    }

    fn order(self) -> Order {
        match self {
            Self::Time => Order::Newest,
            Self::Status => Order::Status,
            Self::Amount => Order::Amount,
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

/// What the store is asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowRead {
    pub generation: u64,
    pub filter: Filter,
    pub order: Order,
    pub at: ReadAt,
}

/// Where a read starts.
#[derive(Clone, Debug, PartialEq)]
pub enum ReadAt {
    /// The list's first or last rows.
    Start,
    End,
    /// Rows on both sides of a place, the place's own row included.
    Around(Place),
    /// Rows on both sides of a stored lookup (its place in the new order).
    AroundLookup(i64),
    /// More rows past the window's last / before its first.
    After(Place),
    Before(Place),
}

/// What a read found.
#[derive(Debug)]
pub struct WindowRows {
    pub rows: Vec<(Summary, Place)>,
    pub at_start: bool,
    pub at_end: bool,
    /// Counted again with every read that replaces the window.
    pub count: Option<Count>,
}

/// Where the selection goes when a read replaces the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Select {
    First,
    Last,
    /// The same lookup, if the new rows hold it.
    Same,
}

/// Rows a read brings on each side of a place, and the most in one read.
pub const READ_ROWS: usize = CHUNK;

/// The list key of a stored lookup. Fresh lookups count up from 1, so the
/// two never meet; a fresh lookup takes its stored key once recorded, and
/// the selection and the details follow it into the window unchanged.
fn stored_key(store_id: i64) -> u64 {
    (1 << 62) | store_id as u64
}

impl Lookups {
    /// Whether this run's fresh lookups show: only over the whole history.
    fn fresh_shown(&self) -> bool {
        self.filter == Filter::All
    }

    /// How many rows are visible.
    pub fn len(&self) -> usize {
        if self.fresh_shown() { self.fresh.len() + self.rows.len() } else { self.rows.len() }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The visible rows, top to bottom.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        let fresh = if self.fresh_shown() { &self.fresh[..] } else { &[] };
        fresh.iter().chain(self.rows.iter().map(|(e, _)| e))
    }

    pub fn get(&self, index: usize) -> Option<&Entry> {
        let fresh = if self.fresh_shown() { self.fresh.len() } else { 0 };
        match index.checked_sub(fresh) {
            None => self.fresh.get(index),
            Some(i) => self.rows.get(i).map(|(e, _)| e),
        }
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.get(self.selected)
    }

    /// How many lookups the list has: the stored ones as last counted,
    /// with this run's newer ones over the whole history.
    pub fn total(&self) -> Option<Count> {
        match (self.fresh_shown(), self.count) {
            (true, Some(Count::Exact(n))) => Some(Count::Exact(n + self.fresh.len() as u64)),
            (true, None) => Some(Count::Exact(self.fresh.len() as u64)),
            (_, count) => count,
        }
    }

    /// Lookups started and not answered yet.
    pub fn pending(&self) -> usize {
        self.in_flight
    }

    /// Whether a read for `generation` is awaited (a later one replaced it).
    pub(super) fn awaits(&self, generation: u64) -> bool {
        self.reading.as_ref().is_some_and(|r| r.generation == generation)
    }

    /// Whether `invoice` is being checked now.
    pub fn checking(&self, invoice: &InvoiceId) -> bool {
        self.fresh.iter().any(|e| e.invoice == *invoice && e.is_pending())
    }

    fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Runs `change` and puts the selection back on the lookup it was on,
    /// wherever that lookup went; if it is gone, on the same line.
    fn keeping_selection(&mut self, change: impl FnOnce(&mut Self)) {
        let kept = self.selected_entry().map(|e| e.id);
        change(self);
        self.selected = kept
            .and_then(|id| self.iter().position(|e| e.id == id))
            .unwrap_or(self.selected)
            .min(self.len().saturating_sub(1));
    }

    /// A read that replaces the window: the list read afresh from the
    /// store (the first read, another filter or order, a jump, a refresh).
    /// A read already out is dropped when it arrives; the filter and order
    /// change when the rows for them do.
    fn replace(&mut self, filter: Filter, sort: SortBy, at: ReadAt, select: Select) -> Command {
        self.generation += 1;
        // Answered lookups are in the store: this read brings them.
        // Not those waiting in the spool: the team history has not got them.
        let covers = self.fresh.iter().filter(|e| e.store_id.is_some_and(|id| id >= 0)).map(|e| e.id).collect();
        self.wanted = (filter.clone(), sort);
        self.reading = Some(Reading { generation: self.generation, covers, select, sort, again: false });
        Command::ReadWindow(WindowRead { generation: self.generation, filter, order: sort.order(), at })
    }

    /// The first read, at start.
    pub(super) fn load(&mut self) -> Command {
        self.loading = true;
        self.replace(Filter::All, SortBy::Time, ReadAt::Start, Select::First)
    }

    /// Shows what `filter` selects (`Filter::All`: the whole history) from
    /// its first row.
    pub(super) fn show(&mut self, filter: Filter) -> Command {
        self.replace(filter, self.wanted.1, ReadAt::Start, Select::First)
    }

    /// Leaves a filtered view for the whole history from its top; `None`
    /// when the whole history is what is shown or asked for.
    pub(super) fn show_all(&mut self) -> Option<Command> {
        (self.wanted.0 != Filter::All).then(|| self.show(Filter::All))
    }

    /// The next order; the selected lookup stays selected.
    pub(super) fn sort_next(&mut self) -> Command {
        let sort = self.wanted.1.next();
        let at = self.around_selection().unwrap_or(ReadAt::Start);
        self.replace(self.wanted.0.clone(), sort, at, Select::Same)
    }

    /// Whether the rows shown are the list asked for last.
    fn settled(&self) -> bool {
        self.reading.is_none() && self.wanted == (self.filter.clone(), self.sort)
    }

    /// The list's first row (`g`), read when the window does not hold it.
    pub(super) fn top(&mut self) -> Option<Command> {
        if self.at_start && self.settled() {
            self.selected = 0;
            return None;
        }
        Some(self.replace(self.wanted.0.clone(), self.wanted.1, ReadAt::Start, Select::First))
    }

    /// The list's last row (`G`: the oldest of ten million, in one read).
    pub(super) fn bottom(&mut self) -> Option<Command> {
        if self.at_end && self.settled() {
            self.selected = self.len().saturating_sub(1);
            return None;
        }
        Some(self.replace(self.wanted.0.clone(), self.wanted.1, ReadAt::End, Select::Last))
    }

    /// Rows around the selected stored lookup, in the order asked for.
    fn around_selection(&self) -> Option<ReadAt> {
        self.selected_entry().and_then(|e| e.store_id).map(ReadAt::AroundLookup)
    }

    /// Reads the window again where the selection stands, for rows
    /// recorded since: now, or once the read that is out has arrived.
    pub fn refresh(&mut self) -> Option<Command> {
        if let Some(reading) = self.reading.as_mut() {
            reading.again = true;
            return None;
        }
        let at = self
            .around_selection()
            .or_else(|| self.rows.first().map(|(_, place)| ReadAt::Around(place.clone())))
            .unwrap_or(ReadAt::Start);
        Some(self.replace(self.wanted.0.clone(), self.wanted.1, at, Select::Same))
    }

    /// Moves the selection by `delta` rows within the window; near an end
    /// of it, reads on past that end.
    pub(super) fn step(&mut self, delta: i32) -> Option<Command> {
        if self.is_empty() {
            return None;
        }
        let last = self.len() as i64 - 1;
        self.selected = (self.selected as i64 + i64::from(delta)).clamp(0, last) as usize;
        self.read_on()
    }

    /// Selects the visible row `index` (a click).
    pub(super) fn select(&mut self, index: usize) -> Option<Command> {
        self.selected = index.min(self.len().saturating_sub(1));
        self.read_on()
    }

    /// Where the selection is among the stored rows, if on one.
    fn selected_row(&self) -> Option<usize> {
        let fresh = self.len() - self.rows.len();
        self.selected.checked_sub(fresh).filter(|i| *i < self.rows.len())
    }

    /// Reads more rows when the selection is near an end of the window that
    /// is not the end of the list. The rows shown decide the order.
    fn read_on(&mut self) -> Option<Command> {
        if !self.settled() || self.rows.is_empty() {
            return None;
        }
        let in_rows = self.selected_row().unwrap_or(0);
        let at = if !self.at_end && in_rows + MARGIN >= self.rows.len() {
            ReadAt::After(self.rows.last()?.1.clone())
        } else if !self.at_start && in_rows < MARGIN {
            ReadAt::Before(self.rows.first()?.1.clone())
        } else {
            return None;
        };
        self.reading = Some(Reading {
            generation: self.generation,
            covers: HashSet::new(),
            select: Select::Same,
            sort: self.sort,
            again: false,
        });
        let (filter, order) = (self.filter.clone(), self.sort.order());
        Some(Command::ReadWindow(WindowRead { generation: self.generation, filter, order, at }))
    }

    /// Takes what a read found; `None` when it was for a list no longer
    /// shown. May ask for the next read.
    pub(super) fn arrived(&mut self, read: WindowRead, found: WindowRows) -> Option<Command> {
        let reading = self.reading.take_if(|r| r.generation == read.generation)?;
        self.unread = false;
        let entries = found.rows.into_iter().map(|(s, place)| (Entry::from_summary(stored_key(s.store_id), s), place));
        match read.at {
            ReadAt::After(_) => self.keeping_selection(|l| {
                l.rows.extend(entries);
                l.at_end = found.at_end;
                // Rows above the selection go, never the selection's margin.
                let over = l.rows.len().saturating_sub(CAP);
                let spare = l.selected_row().map_or(over, |i| i.saturating_sub(MARGIN));
                let gone = over.min(spare);
                if gone > 0 {
                    l.rows.drain(..gone);
                    l.selected -= gone;
                    l.at_start = false;
                }
            }),
            ReadAt::Before(_) => self.keeping_selection(|l| {
                let mut rows: Vec<_> = entries.collect();
                let added = rows.len();
                rows.append(&mut l.rows);
                l.rows = rows;
                l.selected += added;
                l.at_start = found.at_start;
                let over = l.rows.len().saturating_sub(CAP);
                let spare = l.selected_row().map_or(over, |i| l.rows.len().saturating_sub(i + 1 + MARGIN));
                let gone = over.min(spare);
                if gone > 0 {
                    l.rows.truncate(l.rows.len() - gone);
                    l.at_end = false;
                }
            }),
            ReadAt::Start | ReadAt::End | ReadAt::Around(_) | ReadAt::AroundLookup(_) => {
                let update = |l: &mut Self| {
                    l.rows = entries.collect();
                    l.fresh.retain(|e| !reading.covers.contains(&e.id));
                    (l.filter, l.sort) = (read.filter.clone(), reading.sort);
                    (l.at_start, l.at_end) = (found.at_start, found.at_end);
                    l.count = found.count.or(l.count);
                    l.loading = false;
                };
                match reading.select {
                    Select::Same => self.keeping_selection(update),
                    Select::First => {
                        update(self);
                        self.selected = 0;
                    }
                    Select::Last => {
                        update(self);
                        self.selected = self.len().saturating_sub(1);
                    }
                }
            }
        }
        if reading.again { self.refresh() } else { self.read_on() }
    }

    /// A read that failed: the list stays as it was, and asks for what it
    /// shows again if something changed meanwhile.
    pub(super) fn read_failed(&mut self, generation: u64) -> Option<Command> {
        let reading = self.reading.take_if(|r| r.generation == generation)?;
        self.loading = false;
        self.unread = true;
        self.wanted = (self.filter.clone(), self.sort);
        reading.again.then(|| self.refresh()).flatten()
    }

    /// Pending rows for `invoices`, the last one on top, above the history.
    pub(super) fn add_pending(
        &mut self,
        invoices: impl IntoIterator<Item = InvoiceId>,
        lookup_type: LookupType,
        now: DateTime<Utc>,
        by: &str,
    ) -> Vec<Command> {
        let (mut entries, mut commands) = (Vec::new(), Vec::new());
        let by = crate::tui::model::intern(by);
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
                by: by.clone(),
            });
            commands.push(Command::Lookup { id, invoice, lookup_type });
        }
        self.in_flight += entries.len();
        self.keeping_selection(|l| {
            l.fresh.splice(0..0, entries.into_iter().rev());
        });
        commands
    }

    pub(super) fn retrying(&mut self, id: u64, retrying: Retrying) {
        if let Some(entry) = self.fresh.iter_mut().find(|e| e.id == id && e.is_pending()) {
            entry.retrying = Some(Box::new(retrying));
        }
    }

    /// Fills the pending row of lookup `id` with its answer; the row's new
    /// key, the invoice and the type it asked for, or `None` for an answer
    /// no row waits for. Matched by generation: an answer only ever fills
    /// its own row, so a late one cannot replace what a newer lookup shows.
    /// The status this list last showed for lookup `id`'s invoice, when it
    /// differs from `now` (both settled).
    pub(super) fn changed_since_shown(&self, id: u64, now: Option<&crate::epay::Status>) -> Option<String> {
        let now = now?;
        let invoice = self.iter().find(|e| e.id == id)?.invoice;
        let before = self
            .iter()
            .filter(|e| e.invoice == invoice && e.id != id)
            .filter_map(|e| Some((e.checked_at, e.row.as_ref()?.settled_status()?)))
            .max_by_key(|(at, _)| *at)?
            .1;
        crate::epay::changed_from(Some(before.name()), now.name())
    }

    /// Forgets this run's lookups that waited in the spool: the team history
    /// holds them now, and the next read shows them from there.
    pub(super) fn forget_spooled(&mut self) {
        let before = self.fresh.len();
        self.fresh.retain(|e| e.store_id.is_none_or(|id| id >= 0));
        if self.fresh.len() != before {
            self.selected = self.selected.min(self.len().saturating_sub(1));
        }
    }

    pub(super) fn answered(
        &mut self,
        id: u64,
        row: Row,
        store_id: Option<i64>,
        changed: bool,
        lang: Language,
    ) -> Option<(u64, InvoiceId, LookupType)> {
        let entry = self.fresh.iter_mut().find(|e| e.id == id && e.is_pending())?;
        self.in_flight = self.in_flight.saturating_sub(1);
        if let Some(batch) = self.batch.as_mut().filter(|b| b.ids.contains(&id)) {
            batch.done += 1;
            let label = crate::sheet::outcome_label(row.code.as_ref(), row.status.as_ref(), lang);
            *batch.counts.entry(label).or_default() += 1;
        }
        entry.row = Some(row);
        entry.changed = changed;
        entry.store_id = store_id;
        if let Some(store_id) = store_id {
            entry.id = stored_key(store_id);
        }
        Some((entry.id, entry.invoice, entry.requested))
    }
}
