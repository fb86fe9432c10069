//! `epay-status case` (change or show one invoice's dispute case) and
//! `epay-status cases` (list them). Everything typed is checked before the
//! history is opened: a bad state or date writes nothing.

use std::io::{Read, Write};

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Utc};

use super::Exit;
use crate::case::{self, Case, CaseFile, Change, Opening, State};
use crate::checker::Checker;
use crate::epay::InvoiceId;
use crate::store::{CaseError, Store};

/// `case` and `cases` speak English until they are translated.
const ENGLISH: crate::i18n::Language = crate::i18n::Language::En;

/// `case`'s arguments, as typed.
pub struct CaseArgs {
    pub invoice: String,
    /// The note, or `-` to read it from stdin.
    pub note: Option<String>,
    pub state: Option<String>,
    pub deadline: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    pub untags: Vec<String>,
    pub json: bool,
}

/// The checked request: the invoice and its changes.
pub struct CaseRequest {
    pub invoice: InvoiceId,
    pub changes: Vec<Change>,
    json: bool,
}

/// `me` as an owner is the operator running the command.
fn owner_named(name: &str, me: &str) -> Result<String, String> {
    if name.trim().eq_ignore_ascii_case("me") { Ok(me.to_owned()) } else { case::owner(name) }
}

impl CaseArgs {
    /// Checks every value; the first problem is the error (exit 2).
    pub fn check(self, me: &str, today: NaiveDate) -> Result<CaseRequest, String> {
        let invoice = InvoiceId::parse(&self.invoice).map_err(|e| e.to_string())?;
        let mut changes = Vec::new();
        if let Some(state) = &self.state {
            changes.push(Change::State(State::parse(state)?));
        }
        if let Some(deadline) = &self.deadline {
            changes.push(Change::Deadline(case::deadline(deadline, today)?));
        }
        if let Some(owner) = &self.owner {
            changes.push(Change::Owner(owner_named(owner, me)?));
        }
        for word in &self.tags {
            changes.push(Change::Tag(case::tag(word)?));
        }
        for word in &self.untags {
            changes.push(Change::Untag(case::tag(word)?));
        }
        if let Some(note) = &self.note {
            let text = if note == "-" {
                // Read whole, up to a bound far above a note's: cutting it
                // would store half of what was meant.
                const STDIN_MAX: u64 = 1024 * 1024;
                let mut bytes = Vec::new();
                std::io::stdin()
                    .take(STDIN_MAX + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("cannot read the note from stdin: {e}"))?;
                if bytes.len() as u64 > STDIN_MAX {
                    return Err(format!(
                        "the note on stdin is over {} KiB; at most {} characters are kept: shorten it",
                        STDIN_MAX / 1024,
                        case::NOTE_MAX_CHARS
                    ));
                }
                String::from_utf8(bytes)
                    .map_err(|_| "the note on stdin is not UTF-8 text: convert it first".to_owned())?
            } else {
                note.clone()
            };
            changes.push(Change::Note(case::note(&text)?));
        }
        Ok(CaseRequest { invoice, changes, json: self.json })
    }
}

/// Changes the case as asked (or only shows it) and prints it.
pub fn run(store: &Store, who: &Checker, request: CaseRequest, deadline_days: Option<u32>) -> Exit {
    let tz = *Local::now().offset();
    let today = Utc::now().with_timezone(&tz).date_naive();
    let file = if request.changes.is_empty() {
        match store.case(&request.invoice) {
            Ok(Some(file)) => file,
            Ok(None) => {
                eprintln!(
                    "{} has no case: open one with --note TEXT, --state STATE or --deadline DATE",
                    request.invoice
                );
                return Exit::NotSuccess;
            }
            Err(e) => {
                eprintln!("error: {e}{}", away_advice(&e));
                return Exit::Local;
            }
        }
    } else {
        let opening = Opening::new(&who.operator, deadline_days, today);
        match store.change_case(&request.invoice, who, Utc::now(), &request.changes, &opening) {
            Ok(file) => file,
            Err(CaseError::Refused(why)) => {
                eprintln!("error: {}: {why}; nothing was written", request.invoice);
                return Exit::Usage;
            }
            Err(CaseError::Store(e)) if e.unreachable => {
                eprintln!("error: {e}; the case was not changed: try again once the team history answers");
                return Exit::Local;
            }
            Err(CaseError::Store(e)) => {
                eprintln!("error: {e}; the case was not changed");
                return Exit::Local;
            }
        }
    };
    let text = if request.json { format!("{}\n", file.json()) } else { sheet(&file, &tz, today) };
    print_or_exit(&text)
}

/// What to do when the team history did not answer.
fn away_advice(e: &crate::store::StoreError) -> &'static str {
    if e.unreachable { "; try again once the team history answers" } else { "" }
}

fn print_or_exit(text: &str) -> Exit {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Exit::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            eprintln!("error: cannot write: {e}");
            Exit::Local
        }
    }
}

fn time(t: DateTime<Utc>, tz: &FixedOffset) -> String {
    t.with_timezone(tz).format("%Y-%m-%d %H:%M").to_string()
}

/// A case for people: what it is now, then its whole trail.
fn sheet(file: &CaseFile, tz: &FixedOffset, today: NaiveDate) -> String {
    let c = &file.case;
    let mut out = format!("Case of invoice {}\n", c.invoice);
    let tags = if c.tags.is_empty() { "none".to_owned() } else { c.tags.join(", ") };
    for (label, value) in [
        ("State", c.state.words(ENGLISH)),
        ("Deadline", c.deadline_in_words(today, ENGLISH)),
        ("Owner", c.owner.clone()),
        ("Tags", tags),
        ("Opened", format!("{} by {}", time(c.opened_at, tz), c.opened_by)),
    ] {
        out.push_str(&format!("  {label:<9} {value}\n"));
    }
    out.push_str("\nTrail (oldest first):\n");
    for e in &file.entries {
        let head = format!("  {}  {:<12} ", time(e.at, tz), e.by);
        match &e.change {
            Change::Note(text) => {
                let mut lines = text.lines();
                out.push_str(&format!("{head}note: {}\n", lines.next().unwrap_or_default()));
                for line in lines {
                    out.push_str(&format!("{:width$}      {line}\n", "", width = head.chars().count()));
                }
            }
            change => out.push_str(&format!("{head}{}\n", change.describe(ENGLISH))),
        }
    }
    out
}

/// `cases`' arguments, as typed.
pub struct CasesArgs {
    pub state: Option<String>,
    pub due_before: Option<String>,
    pub owner: Option<String>,
    pub all: bool,
    pub format: super::history::Format,
}

/// Which cases to list.
pub struct CasesQuery {
    state: Option<State>,
    due_before: Option<NaiveDate>,
    owner: Option<String>,
    all: bool,
    format: super::history::Format,
}

impl CasesArgs {
    pub fn check(self, me: &str, today: NaiveDate) -> Result<CasesQuery, String> {
        let due_before = match &self.due_before {
            Some(text) => Some(case::deadline(text, today)?.ok_or("--due-before needs a date, not none")?),
            None => None,
        };
        Ok(CasesQuery {
            state: self.state.as_deref().map(State::parse).transpose()?,
            due_before,
            owner: self.owner.as_deref().map(|o| owner_named(o, me)).transpose()?,
            all: self.all,
            format: self.format,
        })
    }
}

impl CasesQuery {
    fn selects(&self, c: &Case) -> bool {
        let state = match self.state {
            Some(s) => c.state == s,
            None => self.all || c.state.is_open(),
        };
        state
            && self.due_before.is_none_or(|before| c.deadline.is_some_and(|d| d < before))
            && self.owner.as_ref().is_none_or(|o| c.owner.to_lowercase() == o.to_lowercase())
    }
}

/// Lists the cases the query selects, open ones by deadline.
pub fn list(store: &Store, query: CasesQuery) -> Exit {
    let tz = *Local::now().offset();
    let today = Utc::now().with_timezone(&tz).date_naive();
    let cases = match store.cases() {
        Ok(cases) => cases,
        Err(e) => {
            eprintln!("error: {e}{}", away_advice(&e));
            return Exit::Local;
        }
    };
    let cases: Vec<&Case> = cases.iter().filter(|c| query.selects(c)).collect();
    use super::history::Format;
    let text = match query.format {
        Format::Json => cases.iter().map(|c| format!("{}\n", c.json())).collect(),
        Format::Csv => match csv_of(&cases) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: {e}");
                return Exit::Local;
            }
        },
        Format::Table if cases.is_empty() => {
            eprintln!("no cases {}in {}", if query.all { "" } else { "open " }, store.location());
            return Exit::Ok;
        }
        Format::Table => table(&cases, today),
    };
    print_or_exit(&text)
}

fn csv_of(cases: &[&Case]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "invoice_id",
        "state",
        "deadline",
        "owner",
        "tags",
        "notes",
        "opened_at",
        "opened_by",
        "updated_at",
        "updated_by",
    ])?;
    for c in cases {
        w.write_record([
            c.invoice.as_str().to_owned(),
            c.state.as_str().to_owned(),
            c.deadline.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
            crate::export::csv_cell(&c.owner),
            crate::export::csv_cell(&c.tags.join(" ")),
            c.notes.to_string(),
            c.opened_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            crate::export::csv_cell(&c.opened_by),
            c.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            crate::export::csv_cell(&c.updated_by),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A table for people, 80 columns wide with 9-digit invoices; who changed
/// a case last and when are in `--json` and `--csv`.
fn table(cases: &[&Case], today: NaiveDate) -> String {
    let width = cases.iter().map(|c| c.invoice.as_str().len()).max().unwrap_or(9).max(7);
    let mut out = format!("{:<width$} {:<12} {:<13} {:<10} {:>5}  TAGS\n", "INVOICE", "DUE", "STATE", "OWNER", "NOTES");
    for c in cases {
        // Overdue is marked with ! as well as said by the sign.
        let due = match (c.deadline, c.days_left(today)) {
            (Some(d), Some(days)) if days < 0 => format!("!{} {days}d", d.format("%m-%d")),
            (Some(d), Some(days)) => format!("{} +{days}d", d.format("%m-%d")),
            (Some(d), None) => d.format("%Y-%m-%d").to_string(),
            (None, _) => "-".into(),
        };
        let state = match c.state {
            State::WaitingCustomer => "wait customer",
            State::WaitingBank => "wait bank",
            s => s.as_str(),
        };
        let owner: String = c.owner.chars().take(10).collect();
        let tags = if c.tags.is_empty() { "-".to_owned() } else { c.tags.join(",") };
        let invoice = c.invoice.as_str();
        out.push_str(&format!("{invoice:<width$} {due:<12} {state:<13} {owner:<10} {:>5}  {tags}\n", c.notes));
    }
    out
}
