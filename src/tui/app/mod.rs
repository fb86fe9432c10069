//! The dashboard's state and the one function that changes it. `update`
//! does no I/O: it returns commands for the event loop to carry out, so the
//! whole behaviour is tested without a terminal.

use chrono::{DateTime, FixedOffset, Utc};
use crossterm::event::{Event, KeyEventKind, MouseEventKind};
use tui_input::Input;

mod input;
mod list;
mod watch;

pub use list::{Batch, SortBy};
pub use watch::Watch;

pub use super::model::{Context, Detail, Entry, Notice, NoticeKind, Row, TokenView};
use crate::epay::{Answer, Failure, InvoiceId, LookupType, Retrying};
use crate::risk::Known;
use crate::store::{Filter, Recorded, Summary};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Input,
    History,
    Details,
}

impl Focus {
    fn next(self) -> Self {
        match self {
            Self::Input => Self::History,
            Self::History => Self::Details,
            Self::Details => Self::Input,
        }
    }

    fn prev(self) -> Self {
        match self {
            Self::Input => Self::Details,
            Self::History => Self::Input,
            Self::Details => Self::History,
        }
    }
}

#[derive(Debug)]
pub enum Msg {
    Terminal(Event),
    /// A page of the stored history, newest first; `last` ends the reading.
    /// The first page says how many rows there are in all.
    HistoryPage {
        rows: Vec<Summary>,
        last: bool,
        total: Option<usize>,
    },
    LookupDone {
        id: u64,
        result: Result<Box<Answer>, Failure>,
        /// What the store decided, or why it could not record the lookup.
        recorded: Result<Recorded, String>,
    },
    DetailLoaded(Box<Detail>),
    /// A pending lookup met a passing fault and is being tried again.
    Retrying {
        id: u64,
        retrying: Retrying,
    },
    Filtered {
        filter: Filter,
        rows: Vec<Summary>,
    },
    /// A line for the operator (an export written, a store problem).
    Notice(Notice),
    Token(TokenView),
    Tick,
    /// A watched invoice is due for another check.
    WatchDue,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    LoadHistory,
    Lookup {
        id: u64,
        invoice: InvoiceId,
        lookup_type: LookupType,
    },
    LoadDetail {
        entry_id: u64,
        store_id: i64,
    },
    Search(Filter),
    ExportOne {
        store_id: i64,
        invoice: InvoiceId,
    },
    ExportList(Filter),
    Report {
        store_id: i64,
    },
    /// Put text on the clipboard (OSC 52: works over SSH).
    Copy(String),
    /// Ring the terminal bell: a watched invoice changed.
    Bell,
}

/// A filtered view of the history (from `/`, or "same card / same IP").
#[derive(Clone, Debug)]
pub struct FilterView {
    pub filter: Filter,
    pub entries: Vec<Entry>,
}

pub struct App {
    pub context: Context,
    pub focus: Focus,
    pub input: Input,
    /// While `/` is being typed.
    pub filter_input: Option<Input>,
    /// An inline message under the box (an invalid ID, a batch summary, an export).
    pub notice: Option<Notice>,
    pub lookup_type: LookupType,
    /// Every lookup, newest first.
    pub history: Vec<Entry>,
    pub filtered: Option<FilterView>,
    pub history_loading: bool,
    /// Index into the visible list.
    pub selected: usize,
    pub detail: Option<Detail>,
    /// The entry whose details were last asked for: asked once, not again
    /// with every message that arrives while the store is busy.
    detail_asked: Option<u64>,
    pub details_scroll: u16,
    pub raw_json: bool,
    /// The IP map over the list and details.
    pub map_full: bool,
    pub help: bool,
    /// Lines of the help overlay scrolled past (it is taller than 80x24).
    pub help_scroll: u16,
    pub token: TokenView,
    pub spinner: usize,
    pub size: (u16, u16),
    pub tz: FixedOffset,
    pub quit: bool,
    pub sort: SortBy,
    pub batch: Option<Batch>,
    pub watches: std::collections::BTreeMap<InvoiceId, Watch>,
    pub watch_every: chrono::Duration,
    next_id: u64,
    in_flight: usize,
    /// Store IDs of the lookups this run recorded (few), so the history read
    /// does not list them twice.
    recorded_here: std::collections::HashSet<i64>,
}

impl App {
    pub fn new(context: Context, size: (u16, u16), tz: FixedOffset) -> Self {
        Self {
            context,
            focus: Focus::Input,
            input: Input::default(),
            filter_input: None,
            notice: None,
            lookup_type: LookupType::Auto,
            history: Vec::new(),
            filtered: None,
            history_loading: false,
            selected: 0,
            detail: None,
            detail_asked: None,
            details_scroll: 0,
            raw_json: false,
            map_full: false,
            help: false,
            help_scroll: 0,
            token: TokenView::None,
            spinner: 0,
            size,
            tz,
            quit: false,
            sort: SortBy::Time,
            batch: None,
            watches: std::collections::BTreeMap::new(),
            watch_every: chrono::Duration::minutes(5),
            next_id: 1,
            in_flight: 0,
            recorded_here: std::collections::HashSet::new(),
        }
    }

    /// What to do once at start.
    pub fn init(&mut self) -> Vec<Command> {
        self.history_loading = true;
        vec![Command::LoadHistory]
    }

    /// The list on screen: the filtered view, or the whole history.
    pub fn list(&self) -> &[Entry] {
        match &self.filtered {
            Some(view) => &view.entries,
            None => &self.history,
        }
    }

    /// Lookups in flight.
    pub fn pending(&self) -> usize {
        self.in_flight
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.list().get(self.selected)
    }

    /// The details of the selected entry, if they are loaded.
    pub fn selected_detail(&self) -> Option<&Detail> {
        let entry = self.selected_entry()?;
        self.detail.as_ref().filter(|d| d.entry_id == entry.id)
    }

    /// Messages that cannot change what is on screen (pointer motion, key
    /// releases); the loop skips the redraw for them.
    pub fn is_noise(msg: &Msg) -> bool {
        match msg {
            Msg::Terminal(Event::Mouse(m)) => matches!(m.kind, MouseEventKind::Moved | MouseEventKind::Drag(_)),
            Msg::Terminal(Event::Key(k)) => k.kind == KeyEventKind::Release,
            Msg::Terminal(Event::FocusGained | Event::FocusLost) => true,
            _ => false,
        }
    }

    pub fn update(&mut self, msg: Msg, now: DateTime<Utc>) -> Vec<Command> {
        let mut commands = match msg {
            Msg::Terminal(Event::Key(key)) => self.on_key(key, now),
            Msg::Terminal(Event::Paste(text)) => {
                self.paste(&text);
                Vec::new()
            }
            Msg::Terminal(Event::Mouse(mouse)) => {
                self.on_mouse(mouse);
                Vec::new()
            }
            Msg::Terminal(Event::Resize(w, h)) => {
                self.size = (w, h);
                Vec::new()
            }
            Msg::Terminal(_) => Vec::new(),
            Msg::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                Vec::new()
            }
            Msg::WatchDue => self.watch_due(now),
            Msg::HistoryPage { rows, last, total } => {
                self.history_loading = !last;
                // Grow once, by what is needed, rather than by doubling.
                if let Some(total) = total {
                    self.history.reserve_exact(total + 64);
                }
                // A lookup recorded by this run before the read began is
                // already listed; skip its stored copy.
                for s in rows {
                    if !self.recorded_here.contains(&s.store_id) {
                        let entry = Entry::from_summary(self.take_id(), s);
                        self.history.push(entry);
                    }
                }
                Vec::new()
            }
            Msg::LookupDone { id, result, recorded } => self.answer_arrived(id, result, recorded, now),
            Msg::Retrying { id, retrying } => {
                if let Some(entry) = self.history.iter_mut().find(|e| e.id == id && e.is_pending()) {
                    entry.retrying = Some(Box::new(retrying));
                }
                Vec::new()
            }
            Msg::DetailLoaded(detail) => {
                // Only the details of what is selected now are kept: a slow
                // load for an earlier selection never replaces them.
                if self.selected_entry().is_some_and(|e| e.id == detail.entry_id) {
                    self.detail = Some(*detail);
                }
                Vec::new()
            }
            Msg::Filtered { filter, rows } => {
                let entries = rows.into_iter().map(|s| Entry::from_summary(self.take_id(), s)).collect::<Vec<_>>();
                let n = entries.len();
                let noun = if n == 1 { "lookup matches" } else { "lookups match" };
                self.notice = Some(Notice::info(format!("{n} {noun} {}", filter.describe())));
                self.filtered = Some(FilterView { filter, entries });
                self.selected = 0;
                self.focus = Focus::History;
                Vec::new()
            }
            Msg::Notice(notice) => {
                self.notice = Some(notice);
                Vec::new()
            }
            Msg::Token(view) => {
                self.token = view;
                Vec::new()
            }
        };
        commands.extend(self.sync_detail());
        commands
    }

    fn take_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Asks for the selected entry's details when they are not at hand.
    fn sync_detail(&mut self) -> Option<Command> {
        let entry = self.selected_entry()?;
        if self.detail.as_ref().is_some_and(|d| d.entry_id == entry.id)
            || entry.is_pending()
            || self.detail_asked == Some(entry.id)
        {
            return None;
        }
        let (entry_id, store_id) = (entry.id, entry.store_id?);
        // Drop the old details now: stale ones are never shown under a new title.
        self.detail = None;
        self.detail_asked = Some(entry_id);
        Some(Command::LoadDetail { entry_id, store_id })
    }

    fn answer_arrived(
        &mut self,
        id: u64,
        result: Result<Box<Answer>, Failure>,
        recorded: Result<Recorded, String>,
        now: DateTime<Utc>,
    ) -> Vec<Command> {
        // Matched by generation: an answer only ever fills its own row, so a
        // late one cannot replace what a newer lookup shows.
        let Some(pos) = self.history.iter().position(|e| e.id == id && e.is_pending()) else {
            return Vec::new();
        };
        self.in_flight = self.in_flight.saturating_sub(1);
        let row = Row::from_result(&result);
        let invoice = self.history[pos].invoice;
        let (store_id, changed_from, store_error) = match recorded {
            Ok(r) => (Some(r.store_id), r.changed_from, None),
            Err(problem) => (None, None, Some(problem)),
        };
        let now_status = row.settled_status().cloned();
        let changed = changed_from.is_some();
        if let Some(batch) = self.batch.as_mut().filter(|b| b.ids.contains(&id)) {
            batch.done += 1;
            let label = crate::sheet::outcome_label(row.code.as_ref(), row.status.as_ref());
            *batch.counts.entry(label).or_default() += 1;
        }
        let entry = &mut self.history[pos];
        entry.row = Some(row);
        entry.changed = changed;
        entry.store_id = store_id;
        self.recorded_here.extend(store_id);
        if let Some(problem) = store_error {
            self.notice = Some(Notice::problem(format!("not saved to history: {problem}")));
        }
        let ty = entry.requested;
        let mut bell = self.watch_answer(&invoice, ty, now_status.as_ref(), now);
        bell &= changed;
        let mut commands = Vec::new();
        if self.selected_entry().is_some_and(|e| e.id == id) {
            self.detail = Some(Detail::fresh(id, result, Known::default(), now));
            // The answer shows at once; its timeline and cross-references follow.
            if let Some(store_id) = store_id {
                commands.push(Command::LoadDetail { entry_id: id, store_id });
            }
        }
        if bell {
            let from = changed_from.unwrap_or_default();
            let to = now_status.map(|s| s.name().to_owned()).unwrap_or_default();
            self.notice = Some(Notice::info(format!("watched invoice {invoice} changed: {from} → {to}")));
            commands.push(Command::Bell);
        }
        commands
    }
}
