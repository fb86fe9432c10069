//! Dispute cases on the dashboard: every case as it stands (for the cases
//! view, the history list's marks and the status bar's count), the editor
//! that changes one, and what the store says back.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{App, Command, Focus, Notice};
use crate::case::{self, Case, CaseFile, Change, State};
use crate::epay::InvoiceId;
use crate::i18n;
use crate::store::{CaseError, Filter, StoreError};
use crate::tui::keymap::Action;

/// Cases due this many days from today (or overdue) are counted in the
/// status bar.
pub const DUE_SOON_DAYS: i64 = 2;

/// The cases the team has, and what is being done to one.
#[derive(Default)]
pub struct Cases {
    /// Every case, in the list's order: open ones by deadline.
    pub all: Vec<Case>,
    /// Where each invoice's case is in `all`.
    index: HashMap<InvoiceId, usize>,
    /// The left pane lists cases instead of lookups.
    pub shown: bool,
    /// Index into the filtered list.
    pub selected: usize,
    /// Lowercase text the cases view is filtered by (empty: all).
    pub filter: String,
    /// The selected case's whole trail, in the cases view.
    pub file: Option<CaseFile>,
    pub editor: Option<Editor>,
    /// Notes left unsaved with Esc, by invoice: `n` brings them back.
    drafts: HashMap<InvoiceId, String>,
    /// Quitting was asked for with drafts unsaved: asking again quits.
    pub quit_warned: bool,
    /// The last read of the cases failed: an empty list is not "no cases".
    pub unread: bool,
    /// The cases were read once: a later read can tell what changed.
    read_once: bool,
    /// A read for a teammate's change is on its way; news meanwhile is
    /// kept as `again`, one more read when it arrives: a burst of
    /// notifications costs two reads, not one each.
    reading_news: bool,
    again: bool,
}

/// A change being typed for one invoice's case.
pub struct Editor {
    pub invoice: InvoiceId,
    pub kind: EditorKind,
    /// Sent to the store; the editor closes when it is written.
    pub saving: bool,
    /// The line holds what was proposed (the deadline as it stands), shown
    /// selected: the first character typed replaces it.
    pub proposed: bool,
}

pub enum EditorKind {
    /// A note, several lines (boxed: the editor's state is large).
    Note(Box<TextArea<'static>>),
    Deadline(Input),
    /// Words to tag with; `-word` takes a tag away.
    Tags(Input),
    /// The state list, this one marked.
    State(usize),
    /// The reason code's evidence, this item marked: its id, its words, and
    /// whether an operator ticked it.
    Tick {
        at: usize,
        items: Vec<(String, String, bool)>,
    },
}

impl Cases {
    /// The cases the filter lets through, in order.
    pub fn visible(&self) -> impl Iterator<Item = &Case> {
        self.all.iter().filter(|c| self.filter.is_empty() || c.mentions(&self.filter))
    }

    pub fn selected_case(&self) -> Option<&Case> {
        self.visible().nth(self.selected)
    }

    /// The invoice's case, if it has one.
    pub fn of(&self, invoice: &InvoiceId) -> Option<&Case> {
        self.index.get(invoice).and_then(|&i| self.all.get(i))
    }

    /// Open cases due within [`DUE_SOON_DAYS`] or overdue.
    pub fn due_soon(&self, today: NaiveDate) -> usize {
        self.all.iter().filter(|c| c.is_due_within(today, DUE_SOON_DAYS)).count()
    }

    fn set(&mut self, all: Vec<Case>) {
        let kept = self.selected_case().map(|c| c.invoice);
        self.all = all;
        self.index = self.all.iter().enumerate().map(|(i, c)| (c.invoice, i)).collect();
        // The selection stays on its case when the list moves under it.
        self.selected = kept.and_then(|k| self.visible().position(|c| c.invoice == k)).unwrap_or(self.selected);
        self.selected = self.selected.min(self.visible().count().saturating_sub(1));
    }

    pub(super) fn put(&mut self, case: Case) {
        if self.of(&case.invoice) == Some(&case) {
            return;
        }
        let mut all = std::mem::take(&mut self.all);
        all.retain(|c| c.invoice != case.invoice);
        all.push(case);
        all.sort_by(Case::list_order);
        self.set(all);
    }

    /// The selected case's trail, if it is not the one at hand.
    fn load_selected(&mut self) -> Option<Command> {
        let invoice = self.selected_case()?.invoice;
        if self.file.as_ref().is_some_and(|f| f.case.invoice == invoice) {
            return None;
        }
        self.file = None;
        Some(Command::LoadCase(invoice))
    }
}

impl App {
    /// The invoice the case keys act on: the selected case in the cases
    /// view, else the selected lookup's.
    pub fn case_target(&self) -> Option<InvoiceId> {
        if self.intaking.shown {
            return None;
        }
        if self.finding.shown {
            return self.found_invoice();
        }
        if self.cases.shown {
            return self.cases.selected_case().map(|c| c.invoice);
        }
        self.selected_entry().map(|e| e.invoice)
    }

    /// The case keys: each opens its editor, or (taking ownership) sends
    /// the change at once.
    pub(super) fn case_key(&mut self, action: Action, today: NaiveDate) -> Vec<Command> {
        let Some(invoice) = self.case_target() else {
            // An operation whose invoice cannot be checked has no case.
            if let Some(op) = self.finding.selected_operation().filter(|_| self.finding.shown) {
                let shown = crate::text::clean(op.transaction.invoice_id.as_deref().unwrap_or("—"));
                self.cannot(i18n::text(
                    self.context.language,
                    "cannot-operation-invoice",
                    &[("invoice", shown.into())],
                ));
                return Vec::new();
            }
            self.cannot(i18n::plain(self.context.language, "cannot-no-case-target"));
            return Vec::new();
        };
        let case = self.cases.of(&invoice);
        let kind = match action {
            Action::CaseNote => {
                // A case opened from the statement starts with what it says.
                let from_statement = (self.finding.shown && case.is_none()).then(|| self.found_note()).flatten();
                let draft = self.cases.drafts.remove(&invoice).or(from_statement).unwrap_or_default();
                // split, not lines: a draft ending in a line break goes on below it.
                let mut text = TextArea::new(draft.split('\n').map(str::to_owned).collect());
                text.move_cursor(ratatui_textarea::CursorMove::Bottom);
                text.move_cursor(ratatui_textarea::CursorMove::End);
                EditorKind::Note(Box::new(text))
            }
            Action::CaseState => {
                let current = case.map_or(State::Open, |c| c.state);
                EditorKind::State(State::ALL.iter().position(|s| *s == current).unwrap_or(0))
            }
            Action::CaseDeadline => {
                let proposed = match (case.and_then(|c| c.deadline), self.context.case_deadline_days) {
                    (Some(d), _) => d.format(self.context.language.formats().date).to_string(),
                    (None, Some(days)) => format!("+{days}"),
                    (None, None) => String::new(),
                };
                EditorKind::Deadline(Input::new(proposed))
            }
            Action::CaseTag => EditorKind::Tags(Input::default()),
            Action::CaseTick => {
                let lang = self.context.language;
                let file = self.case_file_of(&invoice);
                let checklist = file.and_then(|f| crate::reasons::checklist(f, crate::reasons::Facts::default(), lang));
                let Some((_, list)) = checklist else {
                    let args = [("invoice", invoice.to_string().into())];
                    self.cannot(i18n::text(lang, "cannot-no-reason-code", &args));
                    return Vec::new();
                };
                let items = list
                    .into_iter()
                    .map(|i| {
                        let by_hand = matches!(i.ticked, Some(crate::reasons::Ticked::By { .. }));
                        (i.evidence.id.clone(), i.evidence.words(lang).to_owned(), by_hand)
                    })
                    .collect();
                EditorKind::Tick { at: 0, items }
            }
            Action::CaseOwn => {
                let me = self.context.who.operator.clone();
                let args = [("invoice", invoice.to_string().into())];
                let Some(case) = case else {
                    self.cannot(i18n::text(self.context.language, "cannot-no-case-yet", &args));
                    return Vec::new();
                };
                if case.owner == me {
                    let said = i18n::text(self.context.language, "notice-case-yours-already", &args);
                    self.notice = Some(Notice::info(said));
                    return Vec::new();
                }
                return self.send_case(invoice, vec![Change::Owner(me)], today);
            }
            _ => return Vec::new(),
        };
        self.copy_menu = false;
        let proposed = matches!(&kind, EditorKind::Deadline(line) if !line.value().is_empty());
        self.cases.editor = Some(Editor { invoice, kind, saving: false, proposed });
        Vec::new()
    }

    /// The invoice's case with its trail, as on screen: the cases view's, or
    /// the details'.
    fn case_file_of(&self, invoice: &InvoiceId) -> Option<&CaseFile> {
        let in_view = self.cases.file.as_ref().filter(|f| f.case.invoice == *invoice);
        in_view.or_else(|| self.details.loaded.as_ref()?.case.as_ref().filter(|f| f.case.invoice == *invoice))
    }

    fn send_case(&mut self, invoice: InvoiceId, changes: Vec<Change>, today: NaiveDate) -> Vec<Command> {
        if let Some(editor) = &mut self.cases.editor {
            editor.saving = true;
        }
        vec![Command::ChangeCase { invoice, changes, today }]
    }

    /// A key in the open editor: text for it, or save, or leave.
    pub(super) fn editor_key(&mut self, key: KeyEvent, action: Option<Action>, now: DateTime<Utc>) -> Vec<Command> {
        let today = now.with_timezone(&self.tz).date_naive();
        if action == Some(Action::Quit) {
            // Ctrl-C: what was typed is kept as a draft, and quitting is
            // confirmed like any quit with drafts.
            let confirmed = std::mem::take(&mut self.cases.quit_warned);
            self.close_editor();
            self.quit_or_warn(confirmed);
            return Vec::new();
        }
        let Some(editor) = self.cases.editor.as_mut() else { return Vec::new() };
        if editor.saving {
            // Typing on while the store writes would be lost when it closes.
            self.notice = Some(Notice::info(i18n::plain(self.context.language, "notice-case-saving")));
            return Vec::new();
        }
        match action {
            Some(Action::LeaveOrClose) => {
                self.close_editor();
                return Vec::new();
            }
            Some(Action::SaveCase) => return self.save_editor(today),
            _ => {}
        }
        match &mut editor.kind {
            EditorKind::Note(text) => {
                text.input(key);
            }
            EditorKind::Deadline(line) | EditorKind::Tags(line) => {
                // Typing, or deleting, replaces a proposed value; moving
                // along it keeps it, to be edited.
                let replaces = matches!(key.code, KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete)
                    && !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                if std::mem::take(&mut editor.proposed) && replaces {
                    *line = Input::default();
                    if !matches!(key.code, KeyCode::Char(_)) {
                        return Vec::new();
                    }
                }
                line.handle_event(&Event::Key(key));
            }
            EditorKind::Tick { at, items } => match key.code {
                KeyCode::Up | KeyCode::Char('k') => *at = at.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') => *at = (*at + 1).min(items.len().saturating_sub(1)),
                KeyCode::Char(c @ '1'..='9') if (c as usize - '1' as usize) < items.len() => {
                    *at = c as usize - '1' as usize;
                    return self.save_editor(today);
                }
                _ => {}
            },
            EditorKind::State(at) => match key.code {
                KeyCode::Up | KeyCode::Char('k') => *at = at.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') => *at = (*at + 1).min(State::ALL.len() - 1),
                KeyCode::Char(c @ '1'..='8') => {
                    *at = c as usize - '1' as usize;
                    return self.save_editor(today);
                }
                _ => {}
            },
        }
        self.notice = None;
        Vec::new()
    }

    /// Quits, unless notes are left unsaved and this was not asked twice:
    /// drafts live in this run only.
    /// Quits, or first says once what quitting leaves behind: notes not
    /// saved (lost), lookups in the spool (kept, sent later).
    pub(super) fn quit_or_warn(&mut self, confirmed: bool) {
        let lang = self.context.language;
        let mut unsaved: Vec<String> = self.cases.drafts.keys().map(ToString::to_string).collect();
        unsaved.sort();
        let spooled = self.history.spooled();
        let mut warnings = Vec::new();
        if !unsaved.is_empty() {
            warnings.push(i18n::text(lang, "notice-unsaved-note", &[("invoices", unsaved.join(", ").into())]));
        }
        if spooled > 0 {
            let spool = self.context.spool.clone().unwrap_or_default();
            let args = [("count", i18n::count(spooled)), ("spool", spool.into())];
            warnings.push(i18n::text(lang, "notice-quit-spooled", &args));
        }
        if confirmed || warnings.is_empty() {
            self.quit = true;
            return;
        }
        self.cases.quit_warned = true;
        warnings.push(i18n::plain(lang, "notice-quit-again"));
        self.notice = Some(Notice::problem(warnings.join("; ")));
    }

    /// Esc: a note typed so far is kept as a draft for that invoice.
    fn close_editor(&mut self) {
        let Some(editor) = self.cases.editor.take() else { return };
        if let EditorKind::Note(text) = editor.kind {
            let draft = text.lines().join("\n");
            if !draft.trim().is_empty() {
                self.cases.drafts.insert(editor.invoice, draft);
                let args = [("invoice", editor.invoice.to_string().into())];
                self.notice = Some(Notice::info(i18n::text(self.context.language, "notice-draft-kept", &args)));
            }
        }
    }

    fn save_editor(&mut self, today: NaiveDate) -> Vec<Command> {
        let Some(editor) = self.cases.editor.as_ref() else { return Vec::new() };
        let invoice = editor.invoice;
        let lang = self.context.language;
        let changes = match &editor.kind {
            EditorKind::Note(text) => case::note(&text.lines().join("\n")).map(|n| vec![Change::Note(n)]),
            EditorKind::Deadline(line) => case::deadline(line.value(), today).map(|d| vec![Change::Deadline(d)]),
            EditorKind::Tags(line) => tag_changes(line.value()),
            EditorKind::State(at) => Ok(vec![Change::State(State::ALL[*at])]),
            // Ticked by hand: taken back; else ticked.
            EditorKind::Tick { at, items } => Ok(items
                .get(*at)
                .map(|(id, _, ticked)| if *ticked { Change::Undone(id.clone()) } else { Change::Done(id.clone()) })
                .into_iter()
                .collect()),
        }
        .map_err(|e| e.describe(lang));
        match changes {
            Ok(changes) => self.send_case(invoice, changes, today),
            Err(why) => {
                self.cannot(why);
                Vec::new()
            }
        }
    }

    /// Text pasted while the editor is open goes into it.
    pub(super) fn paste_into_editor(&mut self, text: &str) -> bool {
        let Some(editor) = self.cases.editor.as_mut().filter(|e| !e.saving) else { return false };
        match &mut editor.kind {
            EditorKind::Note(area) => {
                // Terminals send a pasted line break as CR.
                area.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
            }
            EditorKind::Deadline(line) | EditorKind::Tags(line) => {
                let spaced = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let value = format!("{}{}", line.value(), crate::text::clean(&spaced));
                *line = Input::new(value);
            }
            EditorKind::State(_) | EditorKind::Tick { .. } => {}
        }
        true
    }

    /// What the store wrote, or why it did not.
    pub(super) fn case_changed(&mut self, invoice: InvoiceId, result: Result<CaseFile, CaseError>) -> Vec<Command> {
        let saving = self.cases.editor.as_ref().is_some_and(|e| e.invoice == invoice && e.saving);
        match result {
            Ok(file) => {
                if saving {
                    self.cases.editor = None;
                }
                // A note left as a draft while it was being saved (Ctrl-C
                // during the save) is saved: no longer a draft.
                let newest = file.latest_notes().next().map(|e| e.change.value());
                if self.cases.drafts.get(&invoice).is_some_and(|d| case::note(d).ok() == newest) {
                    self.cases.drafts.remove(&invoice);
                }
                self.notice = Some(Notice::info(self.saved_in_words(&file)));
                self.case_arrived(invoice, Some(file));
            }
            Err(why) => {
                if let Some(editor) = self.cases.editor.as_mut().filter(|_| saving) {
                    editor.saving = false;
                }
                let lang = self.context.language;
                let why = match why {
                    CaseError::Store(e) if e.is_unreachable() => {
                        i18n::text(lang, "notice-case-away", &[("error", e.to_string().into())])
                    }
                    CaseError::Refused(why) => why.describe(lang),
                    e => e.to_string(),
                };
                let args = [("invoice", invoice.to_string().into()), ("error", why.into())];
                self.notice =
                    Some(Notice::problem(i18n::text(self.context.language, "notice-case-not-changed", &args)));
            }
        }
        Vec::new()
    }

    /// What a change did, short enough for the line under the box at 80
    /// columns: a new case says what it opened as; a note says it was added.
    fn saved_in_words(&self, file: &CaseFile) -> String {
        let c = &file.case;
        let lang = self.context.language;
        let Some(before) = self.cases.of(&c.invoice).map(|c| c.last_entry) else {
            let args = [
                ("invoice", c.invoice.to_string().into()),
                ("state", c.state.words(lang).into()),
                ("owner", c.owner.clone().into()),
            ];
            return match c.deadline {
                Some(d) => {
                    let due = ("due", d.format(lang.formats().short_day).to_string().into());
                    let args: Vec<_> = args.into_iter().chain([due]).collect();
                    i18n::text(lang, "notice-case-opened-due", &args)
                }
                None => i18n::text(lang, "notice-case-opened", &args),
            };
        };
        let added: Vec<String> = file
            .entries
            .iter()
            .filter(|e| e.id > before)
            .map(|e| match &e.change {
                Change::Note(_) => i18n::plain(lang, "notice-note-added"),
                change => change.describe(lang),
            })
            .collect();
        let said = if added.is_empty() { i18n::plain(lang, "notice-nothing-to-change") } else { added.join("; ") };
        i18n::text(lang, "notice-case-changed", &[("invoice", c.invoice.to_string().into()), ("said", said.into())])
    }

    /// A case read or written: the list, the cases view and the details
    /// follow.
    pub(super) fn case_arrived(&mut self, invoice: InvoiceId, file: Option<CaseFile>) {
        if let Some(file) = &file {
            self.cases.put(file.case.clone());
        }
        if self.cases.selected_case().is_some_and(|c| c.invoice == invoice) {
            self.cases.file = file.clone();
        }
        let selected = self.selected_entry().filter(|e| e.invoice == invoice).map(|e| e.id);
        if let Some(detail) = self.details.loaded.as_mut().filter(|d| Some(d.entry_id) == selected) {
            detail.case = file;
        }
    }

    pub(super) fn cases_arrived(&mut self, all: Vec<Case>) -> Vec<Command> {
        let on_screen = self.case_target();
        let before = on_screen.and_then(|i| self.cases.of(&i).cloned());
        let read_before = std::mem::replace(&mut self.cases.read_once, true);
        self.cases.unread = false;
        self.cases.set(all);
        if let Some(invoice) = on_screen.filter(|_| read_before) {
            self.teammate_changed(invoice, before);
        }
        let mut commands: Vec<Command> =
            if self.cases.shown { self.cases.load_selected().into_iter().collect() } else { Vec::new() };
        commands.extend(self.cases_read());
        commands
    }

    /// A teammate's change to the case on screen is said: who did what.
    fn teammate_changed(&mut self, invoice: InvoiceId, before: Option<Case>) {
        let Some(after) = self.cases.of(&invoice) else { return };
        let unchanged = before.as_ref().is_some_and(|b| b.last_entry == after.last_entry);
        if unchanged || after.updated_by == self.context.who.operator {
            return;
        }
        let lang = self.context.language;
        let by = crate::text::clean(&after.updated_by);
        let who = [("by", by.into()), ("invoice", invoice.to_string().into())];
        let with = |name, value: String| {
            let mut args = who.to_vec();
            args.push((name, value.into()));
            args
        };
        let said = match &before {
            None => i18n::text(lang, "case-news-opened", &who),
            Some(b) if b.owner != after.owner && after.owner == after.updated_by => {
                i18n::text(lang, "case-news-took", &who)
            }
            Some(b) if b.owner != after.owner => {
                i18n::text(lang, "case-news-gave", &with("owner", crate::text::clean(&after.owner)))
            }
            Some(b) if b.state != after.state => {
                i18n::text(lang, "case-news-state", &with("state", after.state.words(lang)))
            }
            Some(b) if b.notes != after.notes => i18n::text(lang, "case-news-note", &who),
            Some(_) => i18n::text(lang, "case-news-changed", &who),
        };
        self.notice = Some(Notice::info(said));
    }

    /// The cases (or one case) could not be read: the notice says why.
    pub(super) fn cases_unread(&mut self, problem: &StoreError) {
        let args = [("error", problem.to_string().into())];
        let notice = Notice::problem(i18n::text(self.context.language, "notice-cannot-read-cases", &args));
        self.outage_notice(problem, notice);
    }

    /// The cases were read (or could not be): news that came meanwhile is
    /// read now.
    pub(super) fn cases_read(&mut self) -> Vec<Command> {
        self.cases.reading_news = false;
        if std::mem::take(&mut self.cases.again) { self.cases_moved() } else { Vec::new() }
    }

    /// A teammate changed a case: the list, and the case on screen, again
    /// (once at a time, see `Cases::again`).
    pub(super) fn cases_moved(&mut self) -> Vec<Command> {
        if self.cases.reading_news {
            self.cases.again = true;
            return Vec::new();
        }
        self.cases.reading_news = true;
        let mut commands = vec![Command::ReadCases];
        let shown = [self.cases.selected_case().map(|c| c.invoice), self.selected_entry().map(|e| e.invoice)];
        for invoice in shown.into_iter().flatten() {
            if !commands.contains(&Command::LoadCase(invoice)) {
                commands.push(Command::LoadCase(invoice));
            }
        }
        commands
    }

    /// `C`: the cases view, on and off.
    pub(super) fn toggle_cases(&mut self) -> Vec<Command> {
        self.cases.shown = !self.cases.shown;
        self.finding.shown = false;
        self.intaking.shown = false;
        self.details.scroll = 0;
        if !self.cases.shown {
            return Vec::new();
        }
        self.focus = Focus::History;
        let mut commands = vec![Command::ReadCases];
        self.cases.file = None;
        commands.extend(self.cases.load_selected());
        commands
    }

    /// Moves the selection in the cases view.
    pub(super) fn step_cases(&mut self, delta: i32) -> Vec<Command> {
        let last = self.cases.visible().count().saturating_sub(1);
        let next = (self.cases.selected as i64 + i64::from(delta)).clamp(0, last as i64);
        self.cases.selected = next as usize;
        self.details.scroll = 0;
        self.cases.load_selected().into_iter().collect()
    }

    /// Filters the cases view by text (empty: every case).
    pub(super) fn filter_cases(&mut self, text: &str) -> Vec<Command> {
        self.cases.filter = text.trim().to_lowercase();
        self.cases.selected = 0;
        self.cases.load_selected().into_iter().collect()
    }

    /// Enter on a case: the history of its invoice.
    pub(super) fn open_case(&mut self) -> Vec<Command> {
        let Some(invoice) = self.cases.selected_case().map(|c| c.invoice) else { return Vec::new() };
        self.cases.shown = false;
        self.focus = Focus::History;
        vec![self.lookups.show(Filter::Invoice(invoice))]
    }
}

/// "fraud -chargeback": tag with fraud, take chargeback away.
fn tag_changes(text: &str) -> Result<Vec<Change>, case::Invalid> {
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Err(case::Invalid::NoTag);
    }
    words
        .into_iter()
        .map(|w| match w.strip_prefix('-') {
            Some(w) => case::tag(w).map(Change::Untag),
            None => case::tag(w).map(Change::Tag),
        })
        .collect()
}
