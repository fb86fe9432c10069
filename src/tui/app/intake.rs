//! The chargeback intake from the cases view: `I` asks for the list's path,
//! the intake runs with its progress on screen, then the rows it could not
//! place stand in the list's place, where the operator resolves each: an
//! ambiguous row's candidate chosen, its case opened.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{App, Command, Focus, Notice};
use crate::i18n;
use crate::intake::{Counts, Outcome, Row};
use crate::tui::keymap::Action;

#[derive(Default)]
pub struct Intaking {
    /// The path being typed.
    pub prompt: Option<Input>,
    /// Rows done, of all, while it runs.
    pub progress: Option<(usize, usize)>,
    /// The rows left to resolve (ambiguous, not found, not read).
    pub rows: Vec<Row>,
    /// The rows stand in the list's place.
    pub shown: bool,
    pub selected: usize,
    /// The candidate chosen in the selected ambiguous row.
    pub candidate: usize,
    /// What the last run counted, for the title.
    pub counts: Option<Counts>,
    /// A chosen candidate is being filed.
    pub filing: bool,
}

impl Intaking {
    pub fn selected_row(&self) -> Option<&Row> {
        self.rows.get(self.selected)
    }

    /// The candidates of the selected row (none unless it is ambiguous).
    pub fn candidates(&self) -> &[String] {
        match self.selected_row().map(|r| &r.outcome) {
            Some(Outcome::Ambiguous(c)) => c,
            _ => &[],
        }
    }
}

impl App {
    /// `I` in the cases view: the path's line.
    pub(super) fn ask_intake_path(&mut self) {
        if self.intaking.progress.is_some() {
            self.cannot(i18n::plain(self.context.language, "cannot-intake-running"));
            return;
        }
        self.intaking.prompt = Some(Input::default());
    }

    /// A key in the path's line.
    pub(super) fn intake_prompt_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Command> {
        match action {
            Some(Action::Quit) => {
                self.intaking.prompt = None;
                let confirmed = std::mem::take(&mut self.cases.quit_warned);
                self.quit_or_warn(confirmed);
            }
            Some(Action::LeaveOrClose) => self.intaking.prompt = None,
            Some(Action::RunIntake) => {
                let path = self.intaking.prompt.as_ref().map(|p| p.value().trim().to_owned()).unwrap_or_default();
                if path.is_empty() {
                    self.cannot(i18n::plain(self.context.language, "cannot-intake-no-path"));
                    return Vec::new();
                }
                self.intaking.prompt = None;
                self.intaking.progress = Some((0, 0));
                self.notice = None;
                return vec![Command::Intake(std::path::PathBuf::from(path))];
            }
            _ => {
                if let Some(prompt) = self.intaking.prompt.as_mut() {
                    prompt.handle_event(&Event::Key(key));
                }
            }
        }
        Vec::new()
    }

    /// A path pasted into the line (a file dragged onto the terminal).
    pub(super) fn paste_into_intake(&mut self, text: &str) -> bool {
        let Some(prompt) = self.intaking.prompt.as_mut() else { return false };
        let line = crate::text::clean(text.trim());
        // A terminal quotes a dropped path with spaces in it.
        let line = line.trim_matches(|c| c == '\'' || c == '"');
        *prompt = Input::new(format!("{}{line}", prompt.value()));
        true
    }

    pub(super) fn intake_progress(&mut self, done: usize, total: usize) {
        self.intaking.progress = Some((done, total));
    }

    /// The intake ended: the summary, and the rows to resolve in the list's place.
    pub(super) fn intake_done(&mut self, result: Result<Vec<Row>, String>) -> Vec<Command> {
        self.intaking.progress = None;
        let lang = self.context.language;
        let rows = match result {
            Ok(rows) => rows,
            Err(why) => {
                self.notice = Some(Notice::problem(i18n::text(lang, "notice-intake-failed", &[("error", why.into())])));
                return Vec::new();
            }
        };
        let counts = Counts::of(&rows);
        self.notice = Some(if counts.ambiguous + counts.not_found + counts.invalid > 0 {
            Notice::problem(counts.describe(lang))
        } else {
            Notice::info(counts.describe(lang))
        });
        self.intaking.counts = Some(counts);
        self.intaking.rows = rows.into_iter().filter(|r| !r.outcome.is_handled()).collect();
        self.intaking.selected = 0;
        self.intaking.candidate = 0;
        if !self.intaking.rows.is_empty() {
            self.intaking.shown = true;
            self.cases.shown = false;
            self.finding.shown = false;
            self.focus = Focus::History;
        }
        // The cases view shows what was opened.
        vec![Command::ReadCases]
    }

    pub(super) fn step_intake(&mut self, delta: i32) {
        let last = self.intaking.rows.len().saturating_sub(1);
        self.intaking.selected = (self.intaking.selected as i64 + i64::from(delta)).clamp(0, last as i64) as usize;
        self.intaking.candidate = 0;
        self.details.scroll = 0;
    }

    /// ← → (or Tab) in an ambiguous row: the next candidate.
    pub(super) fn next_candidate(&mut self, code: KeyCode) {
        let n = self.intaking.candidates().len();
        if n == 0 {
            return;
        }
        self.intaking.candidate = match code {
            KeyCode::Left | KeyCode::BackTab => (self.intaking.candidate + n - 1) % n,
            _ => (self.intaking.candidate + 1) % n,
        };
    }

    /// Enter on an ambiguous row: the chosen candidate gets the case.
    pub(super) fn resolve_intake(&mut self) -> Vec<Command> {
        let lang = self.context.language;
        let Some(row) = self.intaking.selected_row().cloned() else { return Vec::new() };
        let Some(chosen) = self.intaking.candidates().get(self.intaking.candidate).cloned() else {
            self.cannot(i18n::plain(lang, "cannot-intake-no-candidates"));
            return Vec::new();
        };
        let Ok(invoice) = crate::epay::InvoiceId::parse(&chosen) else { return Vec::new() };
        if self.intaking.filing {
            return Vec::new();
        }
        self.intaking.filing = true;
        vec![Command::ResolveIntake { row: Box::new(row), invoice }]
    }

    /// A chosen candidate was filed: the row leaves the list.
    pub(super) fn intake_resolved(
        &mut self,
        line: usize,
        invoice: crate::epay::InvoiceId,
        outcome: Outcome,
    ) -> Vec<Command> {
        self.intaking.filing = false;
        let lang = self.context.language;
        let args = [("line", line.into()), ("invoice", invoice.to_string().into())];
        match outcome {
            Outcome::Opened | Outcome::Exists { .. } => {
                self.notice = Some(Notice::info(i18n::text(lang, "notice-intake-resolved", &args)));
                self.intaking.rows.retain(|r| r.line != line);
                self.intaking.selected = self.intaking.selected.min(self.intaking.rows.len().saturating_sub(1));
                self.intaking.candidate = 0;
                if self.intaking.rows.is_empty() {
                    self.intaking.shown = false;
                    self.cases.shown = true;
                }
                vec![Command::ReadCases]
            }
            other => {
                let why = match other {
                    Outcome::Invalid(why) => why,
                    o => o.name().to_owned(),
                };
                let args = [("line", line.into()), ("error", why.into())];
                self.notice = Some(Notice::problem(i18n::text(lang, "notice-intake-not-resolved", &args)));
                Vec::new()
            }
        }
    }
}
