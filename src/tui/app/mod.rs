//! The dashboard's state and the one function that changes it. `update`
//! does no I/O: it returns commands for the event loop to carry out. The
//! state is split by what it belongs to: the lookups list, the details
//! pane, what is being typed, and the watches.

use chrono::{DateTime, Utc};

use crate::zone::Zone;
use crossterm::event::{Event, KeyEventKind, MouseEventKind};

mod cases;
mod details;
mod find;
mod input;
mod intake;
mod list;
mod team;
mod watch;

pub use cases::{Cases, DUE_SOON_DAYS, Editor, EditorKind};
pub use details::DetailsView;
pub use find::{Field, Finding, Form, Results};
pub use input::Editing;
pub use intake::Intaking;
pub use list::{Batch, Lookups, READ_ROWS, ReadAt, SortBy, WindowRead, WindowRows};
pub use team::Away;
pub use watch::{Watch, Watches};

pub use super::model::{Context, Detail, Entry, Notice, NoticeKind, Row, TokenView};
use crate::case::{Case, CaseFile, Change};
use fluent_bundle::FluentValue;

use crate::epay::{Answer, Failure, InvoiceId, LookupType, Retrying};
use crate::i18n;
use crate::risk::Known;
use crate::store::{CaseError, Filter, Health, Recorded, StoreError, TeamEvent};

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
    /// What a read of the history found, or why it could not.
    Window {
        read: WindowRead,
        found: Result<WindowRows, StoreError>,
    },
    LookupDone {
        id: u64,
        result: Result<Box<Answer>, Failure>,
        /// What the store decided, or why it could not record the lookup.
        recorded: Result<Recorded, StoreError>,
    },
    DetailLoaded(Box<Detail>),
    /// A pending lookup met a passing fault and is being tried again.
    Retrying {
        id: u64,
        retrying: Retrying,
    },
    /// A line for the operator (an export written, a store problem).
    Notice(Notice),
    Token(TokenView),
    /// The team history's watcher: connected, lost, or a teammate's lookup.
    Team(TeamEvent),
    /// Which history this is and whether it is reachable (after a lookup
    /// was recorded or the spool sent).
    History(Health),
    /// The spool was sent (how many), or why not.
    SpoolSent {
        sent: Result<usize, StoreError>,
        health: Health,
    },
    /// Every case as it stands, or why they could not be read.
    Cases(Result<Vec<Case>, StoreError>),
    /// One invoice's case with its trail (`None`: it has none).
    CaseLoaded {
        invoice: InvoiceId,
        found: Result<Option<CaseFile>, StoreError>,
    },
    /// What the statement search found, for the search of that generation.
    Found {
        generation: u64,
        result: Result<crate::epay::Found, crate::epay::FindError>,
    },
    /// The intake's rows done, of all.
    IntakeProgress {
        done: usize,
        total: usize,
    },
    /// The intake ended: every row's result, or why the file was not read.
    IntakeDone(Result<Vec<crate::intake::Row>, String>),
    /// A candidate chosen for an ambiguous row was filed.
    IntakeResolved {
        line: usize,
        invoice: InvoiceId,
        outcome: crate::intake::Outcome,
    },
    /// A change to a case was written (the case as it is now), or why not.
    CaseChanged {
        invoice: InvoiceId,
        result: Result<CaseFile, CaseError>,
    },
    Tick,
    /// A timer the state asked for ([`App::next_timer`]) is due: a watched
    /// invoice's next check, or the search of a filter being typed.
    TimerDue,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Read rows of the history list from the store.
    ReadWindow(WindowRead),
    Lookup {
        id: u64,
        invoice: InvoiceId,
        lookup_type: LookupType,
    },
    LoadDetail {
        entry_id: u64,
        store_id: i64,
    },
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
    /// Try the team history now (the watcher, and what waits in the spool).
    Reconnect,
    /// Send the lookups waiting in the spool to the team history.
    SendSpool,
    /// Read every case as it stands.
    ReadCases,
    /// Read one invoice's case with its trail.
    LoadCase(InvoiceId),
    /// Run the chargeback intake on this file.
    Intake(std::path::PathBuf),
    /// File an ambiguous row's case under the chosen invoice.
    ResolveIntake {
        row: Box<crate::intake::Row>,
        invoice: InvoiceId,
    },
    /// Search ePay's statement.
    Find {
        generation: u64,
        search: crate::epay::Search,
    },
    /// Add these changes to the invoice's case (opening it); `today` is
    /// the operator's, for the deadline a new case is proposed.
    ChangeCase {
        invoice: InvoiceId,
        changes: Vec<Change>,
        today: chrono::NaiveDate,
    },
}

/// How many notices the messages overlay keeps.
const MESSAGES_KEPT: usize = 20;

/// What the last frame measured, for keys to go by: how far the help and
/// the details can scroll. The renderer records it while drawing (it only
/// reads the rest of the app), so the limits come from the code that draws
/// and the app never calls the screen.
#[derive(Debug, Default)]
pub struct Drawn {
    help: std::sync::atomic::AtomicU16,
    details: std::sync::atomic::AtomicU16,
}

impl Drawn {
    pub fn help_scroll_max(&self) -> u16 {
        self.help.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn details_scroll_max(&self) -> u16 {
        self.details.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn set_help_scroll_max(&self, rows: u16) {
        self.help.store(rows, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn set_details_scroll_max(&self, rows: u16) {
        self.details.store(rows, std::sync::atomic::Ordering::Relaxed);
    }
}

pub struct App {
    pub context: Context,
    pub focus: Focus,
    pub input: Editing,
    pub lookups: Lookups,
    pub details: DetailsView,
    pub watches: Watches,
    /// Dispute cases: the list, the view, the editor.
    pub cases: Cases,
    /// The statement search: its form and results.
    pub finding: Finding,
    /// The chargeback intake: its path, progress and rows to resolve.
    pub intaking: Intaking,
    /// An inline message under the box (an invalid ID, a batch summary, an export).
    pub notice: Option<Notice>,
    /// The IP map over the list and details.
    pub map_full: bool,
    pub help: bool,
    /// Lines of the help overlay scrolled past (it is taller than 80x24).
    pub help_scroll: u16,
    /// The last notices, oldest first, with when they came (`M` shows them).
    pub messages: std::collections::VecDeque<(DateTime<Utc>, Notice)>,
    pub messages_open: bool,
    /// Notices kept since the start, so the loop can tell a new one cheaply.
    pub notices_seen: u64,
    /// `y` was pressed: the next key says which field to copy.
    pub copy_menu: bool,
    pub token: TokenView,
    /// The history's backend and its state, for the status bar.
    pub history: Health,
    /// The team history could not be reached: since when, the next try.
    pub away: Option<Away>,
    /// The notice an outage raised, put in the past when it ends.
    outage_text: Option<String>,
    /// The time of the last message, for what counts down on screen.
    pub now: Option<DateTime<Utc>>,
    /// How much of the screen the focused pane takes (`+` cycles it).
    pub zoom: crate::tui::layout::Zoom,
    pub spinner: usize,
    pub size: (u16, u16),
    /// The operator's zone: times show with the offset of their moment.
    pub tz: Zone,
    /// The operator's date as of the last message: rows from other days
    /// show their date.
    pub today: Option<chrono::NaiveDate>,
    pub quit: bool,
    /// What the last frame measured (see [`Drawn`]).
    pub drawn: Drawn,
}

impl App {
    pub fn new(context: Context, size: (u16, u16), tz: Zone) -> Self {
        Self {
            context,
            focus: Focus::Input,
            input: Editing::default(),
            lookups: Lookups::default(),
            details: DetailsView::default(),
            watches: Watches::default(),
            cases: Cases::default(),
            finding: Finding::default(),
            intaking: Intaking::default(),
            notice: None,
            map_full: false,
            help: false,
            help_scroll: 0,
            drawn: Drawn::default(),
            messages: std::collections::VecDeque::new(),
            messages_open: false,
            notices_seen: 0,
            copy_menu: false,
            token: TokenView::None,
            history: Health::Embedded,
            away: None,
            outage_text: None,
            now: None,
            zoom: crate::tui::layout::Zoom::Normal,
            spinner: 0,
            size,
            tz,
            today: None,
            quit: false,
        }
    }

    /// What to do once at start.
    pub fn init(&mut self) -> Vec<Command> {
        vec![self.lookups.load(), Command::ReadCases]
    }

    /// The list on screen.
    pub fn list(&self) -> &Lookups {
        &self.lookups
    }

    /// Work in flight the spinner turns for: lookups, and a statement search.
    pub fn pending(&self) -> usize {
        self.lookups.pending()
            + usize::from(self.finding.is_searching())
            + usize::from(self.intaking.progress.is_some() || self.intaking.filing)
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.lookups.selected_entry()
    }

    /// The details of the selected entry, if they are loaded.
    pub fn selected_detail(&self) -> Option<&Detail> {
        self.details.of(self.selected_entry()?)
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
        self.today = Some(now.with_timezone(&self.tz).date_naive());
        self.now = Some(now);
        let mut commands = match msg {
            Msg::Terminal(Event::Key(key)) => self.on_key(key, now),
            Msg::Terminal(Event::Paste(text)) => {
                self.paste(&text, now);
                Vec::new()
            }
            Msg::Terminal(Event::Mouse(mouse)) => self.on_mouse(mouse),
            Msg::Terminal(Event::Resize(w, h)) => {
                self.size = (w, h);
                Vec::new()
            }
            Msg::Terminal(_) => Vec::new(),
            Msg::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                Vec::new()
            }
            Msg::TimerDue => {
                let mut commands = self.search_if_due(now);
                commands.extend(self.watch_due(now));
                commands
            }
            Msg::Window { read, found } => self.window_arrived(read, found),
            Msg::LookupDone { id, result, recorded } => self.answer_arrived(id, result, recorded, now),
            Msg::Retrying { id, retrying } => {
                self.lookups.retrying(id, retrying);
                Vec::new()
            }
            Msg::DetailLoaded(detail) => {
                // Another process may have changed the case (the embedded
                // history is not watched): the flags and the count follow.
                if let Some(file) = &detail.case {
                    self.cases.put(file.case.clone());
                }
                self.details.arrived(*detail, self.lookups.selected_entry());
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
            Msg::Team(event) => self.team_event(event, now),
            Msg::Cases(Ok(all)) => self.cases_arrived(all),
            Msg::CaseLoaded { invoice, found: Ok(file) } => {
                self.case_arrived(invoice, file);
                Vec::new()
            }
            Msg::Cases(Err(problem)) => {
                self.cases.unread = true;
                self.cases_unread(&problem);
                self.cases_read()
            }
            Msg::CaseLoaded { found: Err(problem), .. } => {
                self.cases_unread(&problem);
                Vec::new()
            }
            Msg::CaseChanged { invoice, result } => self.case_changed(invoice, result),
            Msg::IntakeProgress { done, total } => {
                self.intake_progress(done, total);
                Vec::new()
            }
            Msg::IntakeDone(result) => self.intake_done(result),
            Msg::IntakeResolved { line, invoice, outcome } => self.intake_resolved(line, invoice, outcome),
            Msg::Found { generation, result } => {
                self.found(generation, result);
                Vec::new()
            }
            Msg::History(health) => self.history_health(health, now),
            Msg::SpoolSent { sent, health } => {
                let mut commands = self.history_health(health, now);
                let lang = self.context.language;
                let mut read_again = true;
                match sent {
                    Ok(0) => {}
                    Ok(n) => {
                        let args = [("count", i18n::count(n))];
                        self.notice = Some(Notice::info(i18n::text(lang, "notice-spool-sent", &args)));
                    }
                    Err(problem) => {
                        let args = [("error", problem.to_string().into())];
                        let notice = Notice::problem(i18n::text(lang, "notice-spool-not-sent", &args));
                        // Still away: the list could not be read either; it
                        // is read when the team history answers.
                        read_again = !problem.is_unreachable();
                        self.outage_notice(&problem, notice);
                    }
                }
                if read_again {
                    commands.extend(self.lookups.refresh());
                }
                commands
            }
        };
        if let Some(entry) = self.lookups.selected_entry() {
            commands.extend(self.details.sync(entry));
        }
        self.keep_notice(now);
        commands
    }

    /// Keeps every new notice for the messages overlay, since the line under
    /// the box shows only the latest, and only as much as fits.
    fn keep_notice(&mut self, now: DateTime<Utc>) {
        let Some(notice) = &self.notice else { return };
        if self.messages.back().is_some_and(|(_, last)| last == notice) {
            return;
        }
        if self.messages.len() == MESSAGES_KEPT {
            self.messages.pop_front();
        }
        self.messages.push_back((now, notice.clone()));
        self.notices_seen += 1;
    }

    /// Rows from the store. A search's first rows say how many matched;
    /// reads for a list no longer shown (a search typed on past) are dropped.
    fn window_arrived(&mut self, read: WindowRead, found: Result<WindowRows, StoreError>) -> Vec<Command> {
        if !self.lookups.awaits(read.generation) {
            return Vec::new();
        }
        let lang = self.context.language;
        let found = match found {
            Ok(found) => found,
            Err(problem) => {
                let args = [("error", problem.to_string().into())];
                let notice = Notice::problem(i18n::text(lang, "notice-cannot-read-history", &args));
                self.outage_notice(&problem, notice);
                return self.lookups.read_failed(read.generation).into_iter().collect();
            }
        };
        let search = (read.at == ReadAt::Start && read.filter != Filter::All)
            .then(|| crate::tui::words::filter(&read.filter, lang));
        let count = found.count;
        let next = self.lookups.arrived(read, found);
        if let (Some(described), Some(count)) = (search, count) {
            let args = [
                ("count", FluentValue::from(count.number())),
                ("shown", crate::tui::words::count(count, lang).into()),
                ("filter", described.into()),
            ];
            self.notice = Some(Notice::info(i18n::text(lang, "notice-matches", &args)));
            self.focus = Focus::History;
        }
        next.into_iter().collect()
    }

    fn answer_arrived(
        &mut self,
        id: u64,
        result: Result<Box<Answer>, Failure>,
        recorded: Result<Recorded, StoreError>,
        now: DateTime<Utc>,
    ) -> Vec<Command> {
        let (store_id, changed_from, store_error) = match recorded {
            Ok(r) => (Some(r.store_id), r.changed_from, None),
            Err(problem) => (None, None, Some(problem)),
        };
        let row = Row::from_result(&result);
        let now_status = row.settled_status().cloned();
        let changed_from = match store_id {
            // Waiting in the spool: the team history decides when it has
            // the lookup; meanwhile this list's latest check of the invoice
            // does, so a watched invoice that changed still rings.
            Some(spooled) if spooled < 0 => self.lookups.changed_since_shown(id, now_status.as_ref()),
            _ => changed_from,
        };
        let changed = changed_from.is_some();
        let was_selected = self.selected_entry().is_some_and(|e| e.id == id);
        let Some((key, invoice, ty)) = self.lookups.answered(id, row, store_id, changed, self.context.language) else {
            return Vec::new();
        };
        if let Some(problem) = store_error {
            let args = [("problem", problem.to_string().into())];
            self.notice = Some(Notice::problem(i18n::text(self.context.language, "notice-not-saved", &args)));
        }
        let mut bell = self.watches.answer(&invoice, ty, now_status.as_ref(), now);
        bell &= changed;
        let mut commands = Vec::new();
        if was_selected {
            // The answer shows at once; its timeline and cross-references follow.
            commands.extend(
                self.details
                    .answered(Detail::fresh(key, result, Known::default(), now, self.context.language), store_id),
            );
        }
        // The list shows the stored row in its place once read again.
        if store_id.is_some() {
            commands.extend(self.lookups.refresh());
        }
        if bell {
            let from = changed_from.unwrap_or_default();
            let to = now_status.map(|s| s.name().to_owned()).unwrap_or_default();
            let args = [("invoice", invoice.to_string().into()), ("from", from.into()), ("to", to.into())];
            self.notice = Some(Notice::info(i18n::text(self.context.language, "notice-watched-changed", &args)));
            commands.push(Command::Bell);
        }
        commands
    }
}
