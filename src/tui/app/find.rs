//! The statement search on the dashboard: a form (RRN, card, amount, from,
//! to), its results in the history list's place, and what the operator
//! does with one: check it now (a lookup, recorded), or open a case for it.

use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{App, Command, Focus, Notice};
use crate::epay::{FindError, Found, InvoiceId, LookupType, NOTICE_ZONE, Operation, Search, Typed};
use crate::i18n;
use crate::tui::keymap::Action;

/// The form's fields, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Rrn,
    Card,
    Amount,
    From,
    To,
}

impl Field {
    pub const ALL: [Field; 5] = [Field::Rrn, Field::Card, Field::Amount, Field::From, Field::To];
}

/// The form, while it is open.
pub struct Form {
    pub fields: [Input; 5],
    /// The field being typed in.
    pub at: usize,
}

/// Where the last search stands.
#[derive(Default)]
pub enum Results {
    #[default]
    None,
    Searching(Search),
    Found(Search, Found),
    /// Why nothing can be shown, in words, and the answer as received when
    /// it could not be read (kept whole, shown under the words).
    Failed(Search, String, Option<serde_json::Value>),
}

#[derive(Default)]
pub struct Finding {
    pub form: Option<Form>,
    /// The results stand in the history list's place.
    pub shown: bool,
    pub results: Results,
    /// Index into the operations found.
    pub selected: usize,
    generation: u64,
    /// What the form held when it closed, for the next time it opens.
    typed: [String; 5],
}

impl Finding {
    pub fn operations(&self) -> &[Operation] {
        match &self.results {
            Results::Found(_, found) => &found.operations,
            _ => &[],
        }
    }

    pub fn selected_operation(&self) -> Option<&Operation> {
        self.operations().get(self.selected)
    }

    pub fn is_searching(&self) -> bool {
        matches!(self.results, Results::Searching(_))
    }
}

impl App {
    /// `f`: the form, over the last results if there are any; or why the
    /// profile cannot search.
    pub(super) fn open_find(&mut self) {
        if let Some(missing) = self.context.statement_missing.clone() {
            self.cannot(missing);
            return;
        }
        let typed = &self.finding.typed;
        let fields = std::array::from_fn(|i| Input::new(typed[i].clone()));
        self.finding.form = Some(Form { fields, at: 0 });
        self.finding.shown = !matches!(self.finding.results, Results::None);
        self.cases.shown = false;
        self.intaking.shown = false;
        self.copy_menu = false;
        self.focus = Focus::History;
    }

    /// A key in the open form: text for its field, a move between fields,
    /// the search, or leave.
    pub(super) fn find_form_key(&mut self, key: KeyEvent, action: Option<Action>, now: DateTime<Utc>) -> Vec<Command> {
        match action {
            Some(Action::Quit) => {
                self.close_find_form();
                let confirmed = std::mem::take(&mut self.cases.quit_warned);
                self.quit_or_warn(confirmed);
                return Vec::new();
            }
            Some(Action::LeaveOrClose) => {
                self.close_find_form();
                return Vec::new();
            }
            Some(Action::RunFind) => return self.run_find(now),
            _ => {}
        }
        let Some(form) = self.finding.form.as_mut() else { return Vec::new() };
        let last = form.fields.len() - 1;
        match key.code {
            KeyCode::Tab | KeyCode::Down => form.at = (form.at + 1).min(last),
            KeyCode::BackTab | KeyCode::Up => form.at = form.at.saturating_sub(1),
            _ => {
                form.fields[form.at].handle_event(&Event::Key(key));
            }
        }
        self.notice = None;
        Vec::new()
    }

    /// Text pasted into the form goes into its field, on one line.
    pub(super) fn paste_into_find(&mut self, text: &str) -> bool {
        let Some(form) = self.finding.form.as_mut() else { return false };
        let spaced = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let field = &mut form.fields[form.at];
        // A field holds a day, an amount or a card: a long paste is not one.
        let value: String = format!("{}{}", field.value(), crate::text::clean(&spaced)).chars().take(200).collect();
        *field = Input::new(value);
        true
    }

    fn close_find_form(&mut self) {
        let Some(form) = self.finding.form.take() else { return };
        self.finding.typed = form.fields.map(|f| f.value().to_owned());
        if matches!(self.finding.results, Results::None) {
            self.finding.shown = false;
        }
    }

    /// Enter in the form: the search, or why it is not sent.
    fn run_find(&mut self, now: DateTime<Utc>) -> Vec<Command> {
        let Some(form) = &self.finding.form else { return Vec::new() };
        let value = |f: Field| Some(form.fields[f as usize].value().to_owned());
        let typed = Typed {
            rrn: value(Field::Rrn),
            card: value(Field::Card),
            amount: value(Field::Amount),
            from: value(Field::From),
            to: value(Field::To),
            ..Typed::default()
        };
        let lang = self.context.language;
        let search = match typed.search(now.with_timezone(&NOTICE_ZONE).date_naive()) {
            Ok(search) => search,
            Err(bad) => {
                let error = ("error", bad.words().describe(lang).into());
                self.cannot(i18n::text(lang, "cli-nothing-sent", &[error]));
                return Vec::new();
            }
        };
        self.close_find_form();
        self.finding.generation += 1;
        self.finding.results = Results::Searching(search.clone());
        self.finding.selected = 0;
        self.finding.shown = true;
        self.focus = Focus::History;
        self.notice = None;
        vec![Command::Find { generation: self.finding.generation, search }]
    }

    /// What the statement said, unless a newer search was sent since.
    pub(super) fn found(&mut self, generation: u64, result: Result<Found, FindError>) {
        if generation != self.finding.generation {
            return;
        }
        let Results::Searching(search) = std::mem::take(&mut self.finding.results) else { return };
        let lang = self.context.language;
        self.finding.results = match result {
            Ok(found) => {
                let args = [("count", i18n::count(found.operations.len()))];
                let mut said = i18n::text(lang, "notice-found", &args);
                if !found.unread.is_empty() {
                    let args = [("count", i18n::count(found.unread.len()))];
                    said = format!("{said}; {}", i18n::text(lang, "notice-found-unread", &args));
                }
                if found.is_partial() {
                    said = format!("{said}; {}", i18n::plain(lang, "notice-found-partial"));
                }
                self.notice =
                    Some(if found.operations.is_empty() { Notice::problem(said) } else { Notice::info(said) });
                Results::Found(search, found)
            }
            Err(e) => {
                let said = e.describe(lang);
                let args = [("error", said.clone().into())];
                self.notice = Some(Notice::problem(i18n::text(lang, "notice-find-failed", &args)));
                let raw = match e {
                    FindError::Unreadable { raw, .. } => Some(raw),
                    _ => None,
                };
                Results::Failed(search, said, raw)
            }
        };
    }

    /// The invoice of the operation selected in the results.
    pub(super) fn found_invoice(&self) -> Option<InvoiceId> {
        self.finding.selected_operation().and_then(Operation::invoice)
    }

    /// Enter (or `r`) on an operation: its invoice is checked now, and the
    /// history shows the lookup.
    pub(super) fn check_found(&mut self, now: DateTime<Utc>) -> Vec<Command> {
        let Some(operation) = self.finding.selected_operation() else {
            self.cannot(i18n::plain(self.context.language, "cannot-no-operation"));
            return Vec::new();
        };
        let Some(invoice) = operation.invoice() else {
            let shown = crate::text::clean(operation.transaction.invoice_id.as_deref().unwrap_or("—"));
            self.cannot(i18n::text(self.context.language, "cannot-operation-invoice", &[("invoice", shown.into())]));
            return Vec::new();
        };
        // The statement lists payments: their status is the payment endpoint's.
        self.start([invoice], LookupType::Payment, now)
    }

    /// What an operation says, for the first note of the case opened for it.
    pub(super) fn found_note(&self) -> Option<String> {
        let t = &self.finding.selected_operation()?.transaction;
        let lang = self.context.language;
        let when = t.created.map(|c| c.with_timezone(&self.tz).format(lang.formats().minutes).to_string());
        let amount = crate::epay::money::format_money(t.amount, t.currency.as_deref(), lang);
        let dash = || "—".to_owned();
        let args = [
            ("date", when.or_else(|| t.created_raw.clone()).unwrap_or_else(dash).into()),
            ("amount", amount.into()),
            ("card", t.card_mask.clone().unwrap_or_else(dash).into()),
            ("rrn", t.reference.clone().unwrap_or_else(dash).into()),
            ("status", t.status.as_ref().map_or_else(dash, |s| s.name().to_owned()).into()),
        ];
        // The operator writes on below what the statement says.
        Some(i18n::text(lang, "find-case-note", &args) + "\n")
    }

    /// Moves the selection in the results.
    pub(super) fn step_found(&mut self, delta: i32) {
        let last = self.finding.operations().len().saturating_sub(1);
        self.finding.selected = (self.finding.selected as i64 + i64::from(delta)).clamp(0, last as i64) as usize;
        self.details.scroll = 0;
    }
}
