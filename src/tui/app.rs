//! The dashboard's state and the one function that changes it. `update`
//! does no I/O: it returns commands for the event loop to carry out, so the
//! whole behaviour is tested without a terminal.

use chrono::{DateTime, FixedOffset, Utc};
use crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::keymap::{Action, action_for};
use super::ui::layout::Areas;
use crate::epay::{Answer, Failure, InvoiceId, LookupType};

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

/// What is shown about the token; never the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenView {
    None,
    Renewing,
    Valid { until: DateTime<Utc> },
    Failed(String),
}

#[derive(Clone, Debug)]
pub enum Outcome {
    Pending,
    Answered(Box<Answer>),
    Failed(Failure),
}

/// One lookup: a row of the history list.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The generation: unique, increasing; answers are matched by it.
    pub id: u64,
    pub invoice: InvoiceId,
    pub requested: LookupType,
    pub checked_at: DateTime<Utc>,
    pub outcome: Outcome,
}

/// Fixed facts about this run, for the status bar and help.
#[derive(Clone, Debug, Default)]
pub struct Context {
    pub profile: String,
    pub production: bool,
    pub api_host: String,
    pub config_path: String,
    pub log_path: String,
}

#[derive(Debug)]
pub enum Msg {
    Terminal(Event),
    LookupDone { id: u64, result: Result<Box<Answer>, Failure> },
    Token(TokenView),
    Tick,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Lookup { id: u64, invoice: InvoiceId, lookup_type: LookupType },
}

pub struct App {
    pub context: Context,
    pub focus: Focus,
    pub input: Input,
    /// An inline message under the box (an invalid ID, a batch summary).
    pub notice: Option<(bool, String)>,
    pub lookup_type: LookupType,
    /// Newest first.
    pub history: Vec<Entry>,
    pub selected: usize,
    pub details_scroll: u16,
    /// How far the details can scroll; written by the renderer, which is the
    /// one that knows how tall the content is.
    pub details_max_scroll: u16,
    pub raw_json: bool,
    pub help: bool,
    pub token: TokenView,
    pub spinner: usize,
    pub size: (u16, u16),
    pub tz: FixedOffset,
    pub quit: bool,
    next_id: u64,
}

impl App {
    pub fn new(context: Context, size: (u16, u16), tz: FixedOffset) -> Self {
        Self {
            context,
            focus: Focus::Input,
            input: Input::default(),
            notice: None,
            lookup_type: LookupType::Auto,
            history: Vec::new(),
            selected: 0,
            details_scroll: 0,
            details_max_scroll: u16::MAX,
            raw_json: false,
            help: false,
            token: TokenView::None,
            spinner: 0,
            size,
            tz,
            quit: false,
            next_id: 1,
        }
    }

    pub fn pending(&self) -> usize {
        self.history.iter().filter(|e| matches!(e.outcome, Outcome::Pending)).count()
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.history.get(self.selected)
    }

    /// The newest answered lookup of the same invoice before `entry`, shown
    /// under a failure so the last good details stay in view.
    pub fn last_good(&self, entry: &Entry) -> Option<&Entry> {
        self.history
            .iter()
            .filter(|e| e.id < entry.id && e.invoice == entry.invoice)
            .find(|e| matches!(&e.outcome, Outcome::Answered(a) if a.code.is_success()))
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
        match msg {
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
            Msg::LookupDone { id, result } => {
                // Matched by generation: an answer only ever fills its own
                // row, so a late one cannot replace what a newer lookup shows.
                if let Some(entry) = self.history.iter_mut().find(|e| e.id == id)
                    && matches!(entry.outcome, Outcome::Pending)
                {
                    entry.outcome = match result {
                        Ok(answer) => Outcome::Answered(answer),
                        Err(failure) => Outcome::Failed(failure),
                    };
                }
                Vec::new()
            }
            Msg::Token(view) => {
                self.token = view;
                Vec::new()
            }
            Msg::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                Vec::new()
            }
        }
    }

    fn on_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Vec<Command> {
        // Windows reports releases too; only presses (and repeats) act.
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let Some(action) = action_for(&key, self.focus) else {
            if self.focus == Focus::Input && !self.help {
                self.input.handle_event(&Event::Key(key));
                self.notice = None;
            }
            return Vec::new();
        };
        if self.help {
            match action {
                Action::Quit => self.quit = true,
                Action::Help | Action::LeaveOrClose => self.help = false,
                _ => {}
            }
            return Vec::new();
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.help = true,
            Action::LeaveOrClose if self.raw_json => self.raw_json = false,
            Action::LeaveOrClose => {
                if self.focus == Focus::Input {
                    self.focus = Focus::History;
                }
            }
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrev => self.focus = self.focus.prev(),
            Action::ToggleType => self.lookup_type = self.lookup_type.next(),
            Action::Submit => return self.submit(now),
            Action::Recheck => {
                if let Some(e) = self.selected_entry() {
                    let (invoice, ty) = (e.invoice.clone(), e.requested);
                    return vec![self.start(invoice, ty, now)];
                }
            }
            Action::RawJson => {
                self.raw_json = !self.raw_json;
                self.details_scroll = 0;
            }
            Action::Up => self.step(-1),
            Action::Down => self.step(1),
            Action::PageUp => self.step(-self.page()),
            Action::PageDown => self.step(self.page()),
            Action::Top => self.step(i32::MIN / 2),
            Action::Bottom => self.step(i32::MAX / 2),
        }
        Vec::new()
    }

    fn page(&self) -> i32 {
        i32::from(self.size.1.saturating_sub(8)).max(1)
    }

    /// Moves the history selection, or scrolls the details when they have focus.
    fn step(&mut self, delta: i32) {
        if self.focus == Focus::Details {
            let next = i64::from(self.details_scroll) + i64::from(delta);
            self.details_scroll = next.clamp(0, i64::from(self.details_max_scroll)) as u16;
        } else if !self.history.is_empty() {
            let last = self.history.len() as i64 - 1;
            let next = (self.selected as i64 + i64::from(delta)).clamp(0, last) as usize;
            if next != self.selected {
                self.selected = next;
                self.details_scroll = 0;
            }
        }
    }

    fn submit(&mut self, now: DateTime<Utc>) -> Vec<Command> {
        let text = self.input.value().to_owned();
        if text.trim().is_empty() {
            self.notice = Some((true, "type an invoice ID: 6 to 15 digits".into()));
            return Vec::new();
        }
        let (good, bad) = InvoiceId::parse_many(&text);
        let skipped = bad.iter().map(|b| format!("{:?}", b.shown)).collect::<Vec<_>>().join(", ");
        if good.is_empty() {
            self.notice = Some((true, format!("{skipped}: not an invoice ID (6 to 15 digits); nothing was sent")));
            return Vec::new();
        }
        self.input.reset();
        self.notice =
            (!bad.is_empty()).then(|| (true, format!("{} sent; skipped, not invoice IDs: {skipped}", good.len())));
        let ty = self.lookup_type;
        good.into_iter().map(|invoice| self.start(invoice, ty, now)).collect()
    }

    fn start(&mut self, invoice: InvoiceId, lookup_type: LookupType, now: DateTime<Utc>) -> Command {
        let id = self.next_id;
        self.next_id += 1;
        self.history.insert(
            0,
            Entry { id, invoice: invoice.clone(), requested: lookup_type, checked_at: now, outcome: Outcome::Pending },
        );
        self.selected = 0;
        self.details_scroll = 0;
        self.raw_json = false;
        Command::Lookup { id, invoice, lookup_type }
    }

    fn paste(&mut self, text: &str) {
        if self.help {
            return;
        }
        self.focus = Focus::Input;
        // Pasted text is untrusted too; line breaks separate IDs.
        for c in crate::text::clean(text).chars() {
            self.input.handle(tui_input::InputRequest::InsertChar(c));
        }
        self.notice = None;
    }

    fn on_mouse(&mut self, mouse: MouseEvent) {
        let areas = Areas::new(self.size.0, self.size.1);
        let pane = areas.pane_at(mouse.column, mouse.row);
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(p) = pane {
                    self.focus = p;
                }
                if pane == Some(Focus::History)
                    && let Some(row) = areas.history_row(mouse.row, self.selected, self.history.len())
                {
                    self.selected = row;
                    self.details_scroll = 0;
                }
            }
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let delta: i32 = if mouse.kind == MouseEventKind::ScrollDown { 3 } else { -3 };
                let saved = self.focus;
                if let Some(p @ (Focus::History | Focus::Details)) = pane {
                    self.focus = p;
                    self.step(if p == Focus::History { delta.signum() } else { delta });
                    self.focus = saved;
                }
            }
            _ => {}
        }
    }
}
