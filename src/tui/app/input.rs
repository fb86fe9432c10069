//! What the operator does: keys, the filter line, mouse and paste, and the
//! lookups they start. Each handler changes the state and returns commands.

use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{App, Batch, Command, Focus, Notice};
use crate::epay::{InvoiceId, LookupType};
use crate::i18n;
use crate::store::Filter;
use crate::tui::keymap::{Action, Where, action_for};
use crate::tui::layout::Areas;

/// The most a paste may bring into the box; more goes through `lookup --file`.
const MAX_PASTE_BYTES: usize = 1024 * 1024;
const MAX_PASTE_IDS: usize = 100_000;

/// What is being typed: the invoice box, the `/` filter line, and the
/// lookup type the box's IDs are sent as.
#[derive(Default)]
pub struct Editing {
    pub invoice: Input,
    /// While `/` is being typed.
    pub filter: Option<Input>,
    pub lookup_type: LookupType,
    /// When the filter line's text is searched, once typing pauses.
    pub search_due: Option<DateTime<Utc>>,
}

/// Keys that act on the selected lookup: in the cases view none is shown,
/// so they would act on one out of sight.
const LOOKUP_ONLY: &[Action] = &[
    Action::RawJson,
    Action::Map,
    Action::Report,
    Action::Sort,
    Action::Watch,
    Action::Copy,
    Action::SameCard,
    Action::SameIp,
    Action::Export,
    Action::ExportList,
];

/// Keys that, typed in an empty invoice box, act on the selected lookup:
/// an ID is digits, so a letter there was meant for the lookup on screen.
const FROM_EMPTY_BOX: &[Action] =
    &[Action::RawJson, Action::Recheck, Action::Report, Action::Copy, Action::Map, Action::Export];

/// The shortest text the list follows as it is typed (the trigram index
/// answers from three characters; shorter text is a scan).
const LIVE_SEARCH_FROM: usize = 3;

/// How long typing in the filter line pauses before the list follows.
const SEARCH_PAUSE: chrono::TimeDelta = chrono::TimeDelta::milliseconds(150);

impl App {
    pub(super) fn on_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Vec<Command> {
        // Windows reports releases too; only presses (and repeats) act.
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        let at = self.keys_land();
        if matches!(at, Where::Note | Where::Line | Where::Picker) {
            return self.editor_key(key, action_for(&key, at), now);
        }
        if at == Where::Find {
            return self.find_form_key(key, action_for(&key, at), now);
        }
        if at == Where::IntakePath {
            return self.intake_prompt_key(key, action_for(&key, at));
        }
        // A quit with unsaved notes asks twice, the second time right after.
        let quit_confirmed = std::mem::take(&mut self.cases.quit_warned);
        let Some(action) = action_for(&key, at).or_else(|| self.typed_in_empty_box(&key, at)) else {
            match at {
                Where::Box => {
                    if let KeyCode::Char(c) = key.code
                        && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                        && !(c.is_ascii_digit() || InvoiceId::is_separator(c))
                    {
                        // Not kept for later: the operator meant a key, not text.
                        let args = [("key", c.escape_debug().to_string().into())];
                        let why = i18n::text(self.context.language, "cannot-not-invoice-key", &args);
                        self.notice = Some(Notice::problem(why));
                        return Vec::new();
                    }
                    self.input.invoice.handle_event(&Event::Key(key));
                    self.notice = None;
                }
                Where::Filter => {
                    if let Some(filter) = self.input.filter.as_mut()
                        && filter.handle_event(&Event::Key(key)).is_some_and(|changed| changed.value)
                    {
                        // The list follows as the text is typed, once typing pauses.
                        self.input.search_due = Some(now + SEARCH_PAUSE);
                    }
                }
                Where::CopyMenu => {
                    // Any other key leaves the menu without copying.
                    self.copy_menu = false;
                    self.notice = None;
                }
                // ← → choose among an ambiguous row's candidates.
                Where::Intake if matches!(key.code, KeyCode::Left | KeyCode::Right) => self.next_candidate(key.code),
                // A key that acts on a lookup in the list has none to act on here.
                Where::Cases | Where::Found | Where::Intake
                    if action_for(&key, Where::List).is_some_and(|a| LOOKUP_ONLY.contains(&a)) =>
                {
                    self.cannot(i18n::plain(self.context.language, "cannot-no-lookup-here"));
                }
                Where::List
                | Where::Details
                | Where::Help
                | Where::Messages
                | Where::Cases
                | Where::Found
                | Where::Note
                | Where::Line
                | Where::Picker
                | Where::Find
                | Where::Intake
                | Where::IntakePath => {}
            }
            return Vec::new();
        };
        if (self.cases.shown || self.finding.shown || self.intaking.shown) && LOOKUP_ONLY.contains(&action) {
            self.cannot(i18n::plain(self.context.language, "cannot-no-lookup-here"));
            return Vec::new();
        }
        match action {
            Action::Quit => self.quit_or_warn(quit_confirmed),
            Action::Reconnect => return self.reconnect(),
            Action::Zoom => self.zoom = self.zoom.next(),
            Action::Help => {
                self.help = !self.help;
                self.help_scroll = 0;
            }
            Action::LeaveOrClose if self.copy_menu => {
                self.copy_menu = false;
                self.notice = None;
            }
            Action::LeaveOrClose if self.help => self.help = false,
            Action::LeaveOrClose if self.messages_open => self.messages_open = false,
            Action::Messages => self.messages_open = !self.messages_open,
            // Esc cancels the line and what its typing showed.
            Action::LeaveOrClose if self.input.filter.is_some() => {
                self.input.filter = None;
                self.input.search_due = None;
                if self.cases.shown {
                    return self.filter_cases("");
                }
                return self.lookups.show_all().into_iter().collect();
            }
            Action::LeaveOrClose if self.cases.shown && !self.cases.filter.is_empty() => return self.filter_cases(""),
            Action::LeaveOrClose if self.cases.shown && self.focus != Focus::Input => return self.toggle_cases(),
            // The rows left to resolve give the cases view back (they stay: I shows them).
            Action::LeaveOrClose if self.intaking.shown && self.focus != Focus::Input => {
                self.intaking.shown = false;
                return self.toggle_cases();
            }
            // The results give the list back.
            Action::LeaveOrClose if self.finding.shown && self.focus != Focus::Input => {
                self.finding.shown = false;
                self.details.scroll = 0;
            }
            Action::LeaveOrClose if self.map_full => self.map_full = false,
            Action::LeaveOrClose if self.details.raw_json => self.details.raw_json = false,
            Action::LeaveOrClose if self.focus == Focus::Input => self.focus = Focus::History,
            Action::LeaveOrClose => {
                let shown = self.lookups.show_all();
                if shown.is_some() {
                    self.notice = None;
                }
                return shown.into_iter().collect();
            }
            Action::FocusNext => self.focus = self.focus.next(),
            Action::FocusPrev => self.focus = self.focus.prev(),
            Action::ToggleType => self.input.lookup_type = self.input.lookup_type.next(),
            Action::Submit => return self.submit(now),
            Action::Recheck | Action::CheckFound if self.finding.shown => return self.check_found(now),
            Action::CheckFound => {}
            // With rows left from the last intake, I shows them first.
            Action::Intake if !self.intaking.shown && !self.intaking.rows.is_empty() => {
                self.intaking.shown = true;
                self.cases.shown = false;
            }
            Action::Intake => self.ask_intake_path(),
            Action::ResolveIntake => return self.resolve_intake(),
            // Only the path's line runs it; it takes its keys before this.
            Action::RunIntake => {}
            Action::Find => self.open_find(),
            // Only the form searches; it takes its keys before this.
            Action::RunFind => {}
            Action::Recheck if self.cases.shown => match self.case_target() {
                Some(invoice) => {
                    self.cases.shown = false;
                    return self.start([invoice], self.input.lookup_type, now);
                }
                None => self.cannot(i18n::plain(self.context.language, "cannot-no-case-to-check")),
            },
            Action::Recheck => match self.selected_entry() {
                Some(e) => {
                    let (invoice, ty) = (e.invoice, e.requested);
                    return self.start([invoice], ty, now);
                }
                None => self.cannot(i18n::plain(self.context.language, "cannot-nothing-to-recheck")),
            },
            Action::CaseNote
            | Action::CaseState
            | Action::CaseDeadline
            | Action::CaseOwn
            | Action::CaseTag
            | Action::CaseTick => {
                return self.case_key(action, now.with_timezone(&self.tz).date_naive());
            }
            Action::ToggleCases => return self.toggle_cases(),
            Action::OpenCase => return self.open_case(),
            // Only the editors save; they take their keys before this.
            Action::SaveCase => {}
            Action::StartTyping => {
                self.focus = Focus::Input;
                self.input.invoice.handle_event(&Event::Key(key));
                self.notice = None;
            }
            Action::ApplyFilter => return self.apply_filter(),
            Action::RawJson => {
                self.details.raw_json = !self.details.raw_json;
                self.details.scroll = 0;
            }
            Action::Filter => self.input.filter = Some(Input::default()),
            Action::Map => self.map_full = !self.map_full,
            Action::Sort => return vec![self.lookups.sort_next()],
            Action::Watch => self.toggle_watch(now),
            Action::Copy => {
                // The prompt is drawn from this flag, not kept as a notice.
                if self.details_ready() {
                    self.copy_menu = true;
                }
            }
            Action::CopySummary | Action::CopyInvoice | Action::CopyRrn | Action::CopyCard | Action::CopyIp => {
                self.copy_menu = false;
                return self.copy(action).into_iter().collect();
            }
            Action::SameCard | Action::SameIp => return self.cross_reference(action).into_iter().collect(),
            Action::Export => match self.recorded("export") {
                Ok((store_id, invoice)) => return vec![Command::ExportOne { store_id, invoice }],
                Err(why) => self.cannot(why),
            },
            Action::Report => match self.recorded("report") {
                Ok((store_id, _)) => return vec![Command::Report { store_id }],
                Err(why) => self.cannot(why),
            },
            Action::ExportList => return vec![Command::ExportList(self.lookups.filter.clone())],
            Action::Up => return self.step(self.focus, -1),
            Action::Down => return self.step(self.focus, 1),
            // From the box, a page key reads on in the details: the list
            // moves with ↑↓, and the answer just asked for is what is read.
            Action::PageUp | Action::PageDown => {
                let pane = if self.focus == Focus::Input { Focus::Details } else { self.focus };
                let page = if action == Action::PageUp { -self.page(pane) } else { self.page(pane) };
                return self.step(pane, page);
            }
            Action::Top if self.lists() && self.intaking.shown => self.step_intake(i32::MIN / 2),
            Action::Bottom if self.lists() && self.intaking.shown => self.step_intake(i32::MAX / 2),
            Action::Top if self.lists() && self.finding.shown => self.step_found(i32::MIN / 2),
            Action::Bottom if self.lists() && self.finding.shown => self.step_found(i32::MAX / 2),
            Action::Top if self.lists() && self.cases.shown => return self.step_cases(i32::MIN / 2),
            Action::Bottom if self.lists() && self.cases.shown => return self.step_cases(i32::MAX / 2),
            // The list's ends may lie beyond the rows read: the store has them.
            Action::Top if self.lists() => return self.lookups.top().into_iter().collect(),
            Action::Bottom if self.lists() => return self.lookups.bottom().into_iter().collect(),
            Action::Top => return self.step(self.focus, i32::MIN / 2),
            Action::Bottom => return self.step(self.focus, i32::MAX / 2),
            Action::OpenDetails => {
                if self.selected_entry().is_some() {
                    self.focus = Focus::Details;
                }
            }
            Action::ClearBox => {
                self.input.invoice.reset();
                self.focus = Focus::Input;
                self.notice = None;
            }
        }
        Vec::new()
    }

    /// Searches what the filter line says, if typing has paused.
    pub(super) fn search_if_due(&mut self, now: DateTime<Utc>) -> Vec<Command> {
        if self.input.search_due.is_none_or(|due| due > now) {
            return Vec::new();
        }
        self.input.search_due = None;
        let Some(text) = self.input.filter.as_ref().map(|f| f.value().trim().to_owned()) else { return Vec::new() };
        // Below three characters a search scans every row: only Enter runs it.
        if (1..LIVE_SEARCH_FROM).contains(&text.chars().count()) {
            return Vec::new();
        }
        self.search(text)
    }

    fn apply_filter(&mut self) -> Vec<Command> {
        self.input.search_due = None;
        let Some(input) = self.input.filter.take() else { return Vec::new() };
        self.search(input.value().trim().to_owned())
    }

    /// Lists what `text` finds; no text lists the whole history again.
    fn search(&mut self, text: String) -> Vec<Command> {
        if self.cases.shown {
            return self.filter_cases(&text);
        }
        if text.is_empty() {
            return self.lookups.show_all().into_iter().collect();
        }
        vec![self.lookups.show(Filter::Text(text))]
    }

    /// Where a key lands now: an overlay or line on top, else the focused pane.
    /// A key for the selected lookup typed in the empty box (see
    /// [`FROM_EMPTY_BOX`]).
    fn typed_in_empty_box(&self, key: &KeyEvent, at: Where) -> Option<Action> {
        let empty = at == Where::Box && self.input.invoice.value().is_empty() && !self.cases.shown;
        let action = action_for(key, Where::List).filter(|a| FROM_EMPTY_BOX.contains(a))?;
        (empty && self.selected_entry().is_some()).then_some(action)
    }

    pub fn keys_land(&self) -> Where {
        if self.finding.form.is_some() {
            return Where::Find;
        }
        if self.intaking.prompt.is_some() {
            return Where::IntakePath;
        }
        if let Some(editor) = &self.cases.editor {
            return match editor.kind {
                super::EditorKind::Note(_) => Where::Note,
                super::EditorKind::Deadline(_) | super::EditorKind::Tags(_) => Where::Line,
                super::EditorKind::State(_) | super::EditorKind::Tick { .. } => Where::Picker,
            };
        }
        if self.copy_menu {
            return Where::CopyMenu;
        }
        if self.messages_open {
            return Where::Messages;
        }
        match (self.help, &self.input.filter, self.focus) {
            (true, _, _) => Where::Help,
            (false, Some(_), _) => Where::Filter,
            (false, None, Focus::Input) => Where::Box,
            (false, None, Focus::History) if self.cases.shown => Where::Cases,
            (false, None, Focus::History) if self.intaking.shown => Where::Intake,
            (false, None, Focus::History) if self.finding.shown => Where::Found,
            (false, None, Focus::History) => Where::List,
            (false, None, Focus::Details) => Where::Details,
        }
    }

    /// Says why a key did nothing, instead of doing nothing silently.
    pub(super) fn cannot(&mut self, why: String) {
        self.notice = Some(Notice::problem(why));
    }

    /// The selected lookup as stored, or why there is none to `export` or
    /// `report` on.
    fn recorded(&self, action: &'static str) -> Result<(i64, InvoiceId), String> {
        let lang = self.context.language;
        let Some(e) = self.selected_entry() else {
            return Err(i18n::text(lang, "cannot-nothing-selected-to", &[("action", action.into())]));
        };
        let args = [("action", action.into()), ("invoice", e.invoice.to_string().into())];
        match e.store_id {
            Some(store_id) => Ok((store_id, e.invoice)),
            None if e.is_pending() => Err(i18n::text(lang, "cannot-still-checking-to", &args)),
            None => Err(i18n::text(lang, "cannot-not-saved-to", &args)),
        }
    }

    /// Lists the lookups that share the selected one's card or IP.
    fn cross_reference(&mut self, action: Action) -> Option<Command> {
        if !self.details_ready() {
            return None;
        }
        let answer = self.selected_detail()?.answer();
        let Some((invoice, t)) = answer.and_then(|a| Some((a.invoice, a.transaction.as_ref()?))) else {
            self.cannot(i18n::plain(self.context.language, "cannot-no-transaction"));
            return None;
        };
        let filter = match action {
            Action::SameCard => {
                t.card_id.clone().map(|id| Filter::Card { id, mask: t.card_mask.clone(), except: invoice })
            }
            _ => t.ip.clone().map(|ip| Filter::Ip { ip, except: invoice }),
        };
        if filter.is_none() {
            self.notice = Some(Notice::problem(i18n::plain(self.context.language, "cannot-no-card-or-ip")));
        }
        filter.map(|f| self.lookups.show(f))
    }

    /// A one-paragraph summary of the selected lookup (or its raw JSON in
    /// the raw view), for the clipboard.
    fn copy(&mut self, action: Action) -> Option<Command> {
        if !self.details_ready() {
            return None;
        }
        let detail = self.selected_detail()?;
        let invoice = self.selected_entry()?.invoice;
        let t = detail.answer().and_then(|a| a.transaction.as_ref());
        let lang = self.context.language;
        // What is copied, as a Fluent selector's key.
        let (what, text) = match (action, &detail.result, self.details.raw_json) {
            (Action::CopyInvoice, _, _) => ("invoice", Some(invoice.to_string())),
            (Action::CopyRrn, _, _) => ("rrn", t.and_then(|t| t.reference.clone())),
            (Action::CopyCard, _, _) => ("card", t.and_then(|t| t.card_mask.clone())),
            (Action::CopyIp, _, _) => ("ip", t.and_then(|t| t.ip.clone())),
            (_, Ok(a), true) => ("json", Some(serde_json::to_string_pretty(&a.raw).unwrap_or_default())),
            (_, Ok(a), false) => ("summary", Some(crate::sheet::summary(a, lang))),
            (_, Err(f), _) => {
                let args = [
                    ("invoice", invoice.to_string().into()),
                    ("kind", f.error.kind().into()),
                    ("error", f.describe(lang).into()),
                ];
                ("summary", Some(i18n::text(lang, "summary-no-answer", &args)))
            }
        };
        let Some(text) = text else {
            self.cannot(i18n::text(lang, "cannot-copy-missing", &[("what", what.into())]));
            return None;
        };
        // The program cannot know whether the terminal took it: say what was done.
        self.notice = Some(Notice::info(i18n::text(lang, "notice-copied", &[("what", what.into())])));
        Some(Command::Copy(crate::text::clean_multiline(&text)))
    }

    /// Whether the selected lookup's details are here; if not, a notice says why.
    fn details_ready(&mut self) -> bool {
        let lang = self.context.language;
        let why = match self.selected_entry() {
            None => i18n::plain(lang, "cannot-nothing-selected"),
            Some(e) if e.is_pending() => i18n::plain(lang, "cannot-still-checking"),
            Some(_) if self.selected_detail().is_none() => i18n::plain(lang, "cannot-details-loading"),
            Some(_) => return true,
        };
        self.cannot(why);
        false
    }

    /// A page is what the pane shows: the history's rows (fewer when the
    /// map sits under it), or the details' lines.
    fn page(&self, pane: Focus) -> i32 {
        let areas = self.areas();
        let rows = match pane {
            Focus::Details => usize::from(areas.details.height.saturating_sub(2)),
            _ => areas.history_rows(),
        };
        i32::try_from(rows).unwrap_or(i32::MAX).max(1)
    }

    /// Where the panes are drawn now (the cases view's list has the map's room).
    fn areas(&self) -> Areas {
        self.areas_in(self.size.0, self.size.1)
    }

    /// Where the panes go on a `width` x `height` screen: the cases view's
    /// list has the map's room, and the focused pane its zoom.
    pub fn areas_in(&self, width: u16, height: u16) -> Areas {
        let areas = Areas::new(width, height);
        // The cases and the results have no lookup to map: the list takes its room.
        let areas =
            if self.cases.shown || self.finding.shown || self.intaking.shown { areas.for_cases() } else { areas };
        areas.zoomed(self.zoom, self.focus)
    }

    /// Whether keys that move (g, G) move the list now.
    fn lists(&self) -> bool {
        !self.help && self.focus != Focus::Details
    }

    /// Moves the history selection, or scrolls the details (`pane`), or
    /// the help when it is open.
    fn step(&mut self, pane: Focus, delta: i32) -> Vec<Command> {
        if self.help {
            let next = i64::from(self.help_scroll) + i64::from(delta);
            self.help_scroll = next.clamp(0, i64::from(self.drawn.help_scroll_max())) as u16;
        } else if pane == Focus::Details {
            let next = i64::from(self.details.scroll) + i64::from(delta);
            self.details.scroll = next.clamp(0, i64::from(self.drawn.details_scroll_max())) as u16;
        } else if self.intaking.shown {
            self.step_intake(delta);
        } else if self.finding.shown {
            self.step_found(delta);
        } else if self.cases.shown {
            return self.step_cases(delta);
        } else {
            return self.lookups.step(delta).into_iter().collect();
        }
        Vec::new()
    }

    fn submit(&mut self, now: DateTime<Utc>) -> Vec<Command> {
        let text = self.input.invoice.value().to_owned();
        if text.trim().is_empty() {
            self.notice = Some(Notice::problem(i18n::plain(self.context.language, "notice-type-an-invoice")));
            return Vec::new();
        }
        let (good, bad) = InvoiceId::parse_many(&text);
        let skipped = bad.iter().map(|b| format!("\"{}\"", b.shown)).collect::<Vec<_>>().join(", ");
        if good.is_empty() {
            let args = [("skipped", skipped.into())];
            self.notice = Some(Notice::problem(i18n::text(self.context.language, "notice-not-invoices", &args)));
            return Vec::new();
        }
        self.input.invoice.reset();
        let args = [("count", i18n::count(good.len())), ("skipped", skipped.into())];
        self.notice =
            (!bad.is_empty()).then(|| Notice::problem(i18n::text(self.context.language, "notice-some-skipped", &args)));
        let ty = self.input.lookup_type;
        let commands = self.start(good, ty, now);
        self.lookups.batch = (commands.len() > 1).then(|| Batch {
            ids: commands
                .iter()
                .filter_map(|c| if let Command::Lookup { id, .. } = c { Some(*id) } else { None })
                .collect(),
            ..Batch::default()
        });
        commands
    }

    pub(super) fn start(
        &mut self,
        invoices: impl IntoIterator<Item = InvoiceId>,
        lookup_type: LookupType,
        now: DateTime<Utc>,
    ) -> Vec<Command> {
        // The operator wants to see the answer: the history, not the cases,
        // the statement or the intake's rows.
        self.cases.shown = false;
        self.finding.shown = false;
        self.intaking.shown = false;
        let mut commands = self.lookups.add_pending(invoices, lookup_type, now, &self.context.who.operator);
        // A new lookup is what the operator wants to see: the whole history
        // from its top, the new lookup selected.
        commands.extend(self.lookups.show_all().or_else(|| self.lookups.top()));
        self.lookups.selected = 0;
        self.details.scroll = 0;
        self.details.raw_json = false;
        commands
    }

    /// A background re-check: the operator keeps looking at what they chose.
    pub(super) fn start_quietly(
        &mut self,
        invoice: InvoiceId,
        lookup_type: LookupType,
        now: DateTime<Utc>,
    ) -> Vec<Command> {
        // The new row goes in at the top; the selection stays where it was.
        self.lookups.add_pending([invoice], lookup_type, now, &self.context.who.operator)
    }

    /// A paste is its own item: line breaks (terminals send CR), tabs,
    /// commas and spaces separate IDs, and it never merges with what was
    /// typed before it. The box's value is set once, so a long paste costs
    /// what its length does; above the limits `lookup --file` is the way.
    pub(super) fn paste(&mut self, text: &str, now: DateTime<Utc>) {
        if self.help || self.paste_into_find(text) || self.paste_into_intake(text) || self.paste_into_editor(text) {
            return;
        }
        if text.len() > MAX_PASTE_BYTES
            || text.split(InvoiceId::is_separator).filter(|p| !p.is_empty()).nth(MAX_PASTE_IDS).is_some()
        {
            let args = [
                ("size", (text.len() / 1024).into()),
                ("most", (MAX_PASTE_BYTES / 1024).into()),
                ("ids", MAX_PASTE_IDS.into()),
            ];
            self.notice = Some(Notice::problem(i18n::text(self.context.language, "notice-paste-too-long", &args)));
            return;
        }
        // Cleaning alone would delete the line breaks and glue the IDs together.
        let spaced = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let pasted = crate::text::clean(&spaced);
        let pasted = pasted.trim();
        let target = match self.input.filter.as_mut() {
            Some(filter) => filter,
            None => {
                self.focus = Focus::Input;
                &mut self.input.invoice
            }
        };
        let before = target.value().trim_end();
        let value = if before.is_empty() { pasted.to_owned() } else { format!("{before} {pasted}") };
        *target = Input::new(value);
        if self.input.filter.is_some() {
            self.input.search_due = Some(now + SEARCH_PAUSE);
        }
        self.copy_menu = false;
        self.notice = None;
    }

    pub(super) fn on_mouse(&mut self, mouse: MouseEvent) -> Vec<Command> {
        // A click or the wheel may move the selection: a copy asked for
        // before would take the wrong lookup.
        if !matches!(mouse.kind, MouseEventKind::Moved) {
            self.copy_menu = false;
        }
        let areas = self.areas();
        let pane = areas.pane_at(mouse.column, mouse.row);
        match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some(p) = pane {
                    self.focus = p;
                }
                if pane == Some(Focus::History) && self.finding.shown {
                    let shown = self.finding.operations().len();
                    if let Some(row) = areas.history_row(mouse.row, self.finding.selected, shown) {
                        self.step_found(row as i32 - self.finding.selected as i32);
                    }
                } else if pane == Some(Focus::History) && self.cases.shown {
                    let shown = self.cases.visible().count();
                    if let Some(row) = areas.history_row(mouse.row, self.cases.selected, shown) {
                        return self.step_cases(row as i32 - self.cases.selected as i32);
                    }
                } else if pane == Some(Focus::History)
                    && let Some(row) = areas.history_row(mouse.row, self.lookups.selected, self.list().len())
                {
                    return self.lookups.select(row).into_iter().collect();
                }
            }
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let delta: i32 = if mouse.kind == MouseEventKind::ScrollDown { 3 } else { -3 };
                if let Some(p @ (Focus::History | Focus::Details)) = pane {
                    return self.step(p, if p == Focus::History { delta.signum() } else { delta });
                }
            }
            _ => {}
        }
        Vec::new()
    }
}
