//! `epay-status case` (change or show one invoice's dispute case) and
//! `epay-status cases` (list them). Everything typed is checked before the
//! history is opened: a bad state or date writes nothing.

use std::io::{Read, Write};

use chrono::{DateTime, NaiveDate, Utc};

use crate::zone::Zone;

use super::Exit;
use crate::case::{self, Case, CaseFile, Change, Opening, State};
use crate::checker::Checker;
use crate::epay::InvoiceId;
use crate::i18n::{self, Language};
use crate::store::{CaseError, Store};

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
    /// Checklist items ticked, and ticks taken back.
    pub done: Vec<String>,
    pub undone: Vec<String>,
    pub json: bool,
}

/// The checked request: the invoice and its changes.
pub struct CaseRequest {
    pub invoice: InvoiceId,
    pub changes: Vec<Change>,
    json: bool,
}

/// `me` as an owner is the operator running the command.
fn owner_named(name: &str, me: &str) -> Result<String, case::Invalid> {
    if name.trim().eq_ignore_ascii_case("me") { Ok(me.to_owned()) } else { case::owner(name) }
}

impl CaseArgs {
    /// Checks every value; the first problem is the error (exit 2).
    pub fn check(self, me: &str, today: NaiveDate, lang: Language) -> Result<CaseRequest, String> {
        let invoice = InvoiceId::parse(&self.invoice).map_err(|e| e.describe(lang))?;
        let said = |e: case::Invalid| e.describe(lang);
        let mut changes = Vec::new();
        if let Some(state) = &self.state {
            changes.push(Change::State(State::parse(state).map_err(said)?));
        }
        if let Some(deadline) = &self.deadline {
            changes.push(Change::Deadline(case::deadline(deadline, today).map_err(said)?));
        }
        if let Some(owner) = &self.owner {
            changes.push(Change::Owner(owner_named(owner, me).map_err(said)?));
        }
        for word in &self.tags {
            changes.push(Change::Tag(case::tag(word).map_err(said)?));
        }
        for word in &self.untags {
            changes.push(Change::Untag(case::tag(word).map_err(said)?));
        }
        for item in &self.done {
            changes.push(Change::Done(case::tag(item).map_err(said)?));
        }
        for item in &self.undone {
            changes.push(Change::Undone(case::tag(item).map_err(said)?));
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
                    .map_err(|e| i18n::text(lang, "case-stdin-unreadable", &[("error", e.to_string().into())]))?;
                if bytes.len() as u64 > STDIN_MAX {
                    let args = [("size", (STDIN_MAX / 1024).into()), ("most", case::NOTE_MAX_CHARS.into())];
                    return Err(i18n::text(lang, "case-stdin-too-long", &args));
                }
                String::from_utf8(bytes).map_err(|_| i18n::plain(lang, "case-stdin-not-utf8"))?
            } else {
                note.clone()
            };
            changes.push(Change::Note(case::note(&text).map_err(said)?));
        }
        Ok(CaseRequest { invoice, changes, json: self.json })
    }
}

/// Changes the case as asked (or only shows it) and prints it.
pub async fn run(
    store: &Store,
    who: &Checker,
    request: CaseRequest,
    deadline_days: Option<u32>,
    lang: Language,
) -> Exit {
    let tz = Zone::operators();
    let today = Utc::now().with_timezone(&tz).date_naive();
    let file = if request.changes.is_empty() {
        match store.case(&request.invoice).await {
            Ok(Some(file)) => file,
            Ok(None) => {
                eprintln!("{}", i18n::text(lang, "case-none", &[("invoice", request.invoice.to_string().into())]));
                return Exit::NotSuccess;
            }
            Err(e) => {
                super::error(lang, format!("{e}{}", away_advice(&e, lang)));
                return Exit::Local;
            }
        }
    } else {
        if let Err(why) = ticks_allowed(store, &request).await {
            super::error(lang, i18n::text(lang, "cli-nothing-written", &[("error", why.describe(lang).into())]));
            return Exit::Usage;
        }
        let opening = Opening::new(&who.operator, deadline_days, today);
        match store.change_case(&request.invoice, who, Utc::now(), &request.changes, &opening).await {
            Ok(file) => file,
            Err(CaseError::Refused(why)) => {
                let why = format!("{}: {}", request.invoice, why.describe(lang));
                super::error(lang, i18n::text(lang, "cli-nothing-written", &[("error", why.into())]));
                return Exit::Usage;
            }
            Err(CaseError::Store(e)) if e.is_unreachable() => {
                super::error(lang, i18n::text(lang, "case-not-changed-away", &[("error", e.to_string().into())]));
                return Exit::Local;
            }
            Err(CaseError::Store(e)) => {
                super::error(lang, i18n::text(lang, "case-not-changed", &[("error", e.to_string().into())]));
                return Exit::Local;
            }
        }
    };
    // The program's own ticks come from the latest answer: without it
    // (a team history away) the checklist shows the operators' alone.
    let held = crate::reasons::Held::read(store, &request.invoice).await.unwrap_or_default();
    let checklist = crate::reasons::checklist(&file, held.facts(), lang);
    let text = if request.json {
        let mut json = file.json();
        if let Some((reason, items)) = &checklist {
            crate::reasons::add_json(&mut json, reason, items, lang);
        }
        format!("{json}\n")
    } else {
        let mut text = sheet(&file, &tz, today, lang, output_width());
        if let Some((reason, items)) = &checklist {
            text.push_str(&checklist_text(reason, items, &tz, lang));
        }
        text
    };
    print_or_exit(&text, lang)
}

/// A tick names an item of the case's reason code's checklist.
async fn ticks_allowed(store: &Store, request: &CaseRequest) -> Result<(), crate::epay::Words> {
    use crate::epay::Words;
    let ticks: Vec<&String> = request
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Done(item) | Change::Undone(item) => Some(item),
            _ => None,
        })
        .collect();
    if ticks.is_empty() {
        return Ok(());
    }
    let invoice = request.invoice.to_string();
    let file = store.case(&request.invoice).await.ok().flatten();
    // Tags given in the same command count: `--tag 10.4 --done 3ds`.
    let mut tags: Vec<String> = file.map(|f| f.case.tags).unwrap_or_default();
    tags.extend(request.changes.iter().filter_map(|c| if let Change::Tag(t) = c { Some(t.clone()) } else { None }));
    let Some(reason) = crate::reasons::of_tags(&tags) else {
        return Err(Words::said("case-no-reason-code", &[("invoice", invoice)]));
    };
    for item in ticks {
        if !reason.evidence.iter().any(|e| e.id == *item) {
            let items = reason.evidence.iter().map(|e| e.id.clone()).collect::<Vec<_>>().join(", ");
            let args = [("item", item.clone()), ("code", reason.code.clone()), ("items", items)];
            return Err(Words::said("case-unknown-item", &args));
        }
    }
    Ok(())
}

/// The reason code's checklist, for people: `[x]` ticked (by whom, or
/// what the program holds), `[ ]` to do.
pub fn checklist_text(
    reason: &crate::reasons::Reason,
    items: &[crate::reasons::Item],
    tz: &Zone,
    lang: Language,
) -> String {
    use crate::reasons::Ticked;
    let mut out = format!("\n{}\n", i18n::text(lang, "case-checklist", &[("reason", reason.title(lang).into())]));
    for item in items {
        let (mark, said) = match &item.ticked {
            None => ("[ ]", String::new()),
            Some(Ticked::By { who, at }) => ("[x]", format!(" ({who}, {})", time(*at, tz, lang))),
            Some(Ticked::Held(why)) => ("[x]", format!(" ({why})")),
        };
        out.push_str(&format!("  {mark} {:<10} {}{said}\n", item.evidence.id, item.evidence.words(lang)));
    }
    out
}

/// What to do when the team history did not answer.
fn away_advice(e: &crate::store::StoreError, lang: Language) -> String {
    if e.is_unreachable() { i18n::plain(lang, "case-try-again") } else { String::new() }
}

fn print_or_exit(text: &str, lang: Language) -> Exit {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Exit::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            super::error(lang, i18n::text(lang, "case-cannot-write", &[("error", e.to_string().into())]));
            Exit::Local
        }
    }
}

fn time(t: DateTime<Utc>, tz: &Zone, lang: Language) -> String {
    t.with_timezone(tz).format(lang.formats().minutes).to_string()
}

/// A case for people: what it is now, then its whole trail.
fn sheet(file: &CaseFile, tz: &Zone, today: NaiveDate, lang: Language, columns: usize) -> String {
    let c = &file.case;
    let mut out = format!("{}\n", i18n::text(lang, "case-title", &[("invoice", c.invoice.to_string().into())]));
    let tags = if c.tags.is_empty() { i18n::plain(lang, "report-none") } else { c.tags.join(", ") };
    let opened = i18n::text(
        lang,
        "report-opened-by",
        &[("at", time(c.opened_at, tz, lang).into()), ("who", c.opened_by.clone().into())],
    );
    let rows = [
        (i18n::plain(lang, "report-case-state"), c.state.words(lang)),
        (i18n::plain(lang, "report-case-deadline"), c.deadline_in_words(today, lang)),
        (i18n::plain(lang, "report-case-owner"), c.owner.clone()),
        (i18n::plain(lang, "report-case-tags"), tags),
        (i18n::plain(lang, "report-case-opened"), opened),
    ];
    let width = rows.iter().map(|(label, _)| label.chars().count()).max().unwrap_or(0).max(9);
    for (label, value) in rows {
        out.push_str(&format!("  {label:<width$} {value}\n"));
    }
    out.push_str(&format!("\n{}\n", i18n::plain(lang, "case-trail")));
    for e in &file.entries {
        let head = format!("  {}  {:<12} ", time(e.at, tz, lang), e.signed(lang));
        match &e.change {
            Change::Note(text) => {
                // "note: ", then the note wrapped to the width, every line
                // (its own and the wrapped) under the first one's text.
                let lead = format!("{head}{}", i18n::text(lang, "report-note", &[("text", "".into())]));
                let indent = lead.chars().count();
                let room = columns.saturating_sub(indent).max(20);
                let wrapped = text.lines().flat_map(|line| crate::text::wrap(line, room));
                for (i, line) in wrapped.enumerate() {
                    let lead = if i == 0 { lead.clone() } else { " ".repeat(indent) };
                    out.push_str(&format!("{lead}{line}\n"));
                }
            }
            change => out.push_str(&format!("{head}{}\n", change.describe(lang))),
        }
    }
    out
}

/// The terminal's width, or 80 when the output is not a terminal.
fn output_width() -> usize {
    use std::io::IsTerminal;
    let terminal = std::io::stdout().is_terminal().then(crossterm::terminal::size).and_then(Result::ok);
    terminal.map_or(80, |(columns, _)| usize::from(columns))
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
    pub fn check(self, me: &str, today: NaiveDate, lang: Language) -> Result<CasesQuery, String> {
        let said = |e: case::Invalid| e.describe(lang);
        let due_before = match &self.due_before {
            Some(text) => Some(case::deadline(text, today).map_err(said)?.ok_or(case::Invalid::NoDate).map_err(said)?),
            None => None,
        };
        Ok(CasesQuery {
            state: self.state.as_deref().map(State::parse).transpose().map_err(said)?,
            due_before,
            owner: self.owner.as_deref().map(|o| owner_named(o, me)).transpose().map_err(said)?,
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
pub async fn list(store: &Store, query: CasesQuery, lang: Language) -> Exit {
    let tz = Zone::operators();
    let today = Utc::now().with_timezone(&tz).date_naive();
    let cases = match store.cases().await {
        Ok(cases) => cases,
        Err(e) => {
            super::error(lang, format!("{e}{}", away_advice(&e, lang)));
            return Exit::Local;
        }
    };
    let cases: Vec<&Case> = cases.iter().filter(|c| query.selects(c)).collect();
    use super::history::Format;
    let text = match query.format {
        Format::Json => cases.iter().map(|c| format!("{}\n", c.json())).collect(),
        Format::Csv => match csv_of(&cases, lang) {
            Ok(text) => text,
            Err(e) => {
                super::error(lang, e);
                return Exit::Local;
            }
        },
        Format::Table if cases.is_empty() => {
            let which = if query.all { "all" } else { "open" };
            let args = [("which", which.into()), ("location", store.location().into())];
            eprintln!("{}", i18n::text(lang, "cases-cli-none", &args));
            return Exit::Ok;
        }
        Format::Table => table(&cases, today, lang),
    };
    print_or_exit(&text, lang)
}

/// The cases CSV's columns, for scripts (the English header).
pub const CASES_CSV_COLUMNS: [&str; 10] =
    ["invoice_id", "state", "deadline", "owner", "tags", "notes", "opened_at", "opened_by", "updated_at", "updated_by"];

/// The header a person reads: the columns' names in `lang`.
pub fn cases_csv_header(lang: Language) -> Vec<String> {
    i18n::plain(lang, "csv-cases-header").split(',').map(str::to_owned).collect()
}

fn csv_of(cases: &[&Case], lang: Language) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(cases_csv_header(lang))?;
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
fn table(cases: &[&Case], today: NaiveDate, lang: Language) -> String {
    let header = [
        i18n::plain(lang, "cases-col-invoice"),
        i18n::plain(lang, "cases-col-due"),
        i18n::plain(lang, "cases-col-state"),
        i18n::plain(lang, "cases-col-owner"),
        i18n::plain(lang, "cases-col-notes"),
        i18n::plain(lang, "cases-col-tags"),
    ];
    let chars = |s: &str| s.chars().count();
    let states: Vec<String> = cases.iter().map(|c| c.state.short(lang)).collect();
    let width = cases.iter().map(|c| c.invoice.as_str().len()).max().unwrap_or(9).max(chars(&header[0]));
    let state_width = states.iter().map(|s| chars(s)).max().unwrap_or(0).max(13).max(chars(&header[2]));
    let notes_width = chars(&header[4]).max(5);
    let [invoice, due, state, owner, notes, tags] = &header;
    let mut out =
        format!("{invoice:<width$} {due:<12} {state:<state_width$} {owner:<10} {notes:>notes_width$}  {tags}\n");
    let day = lang.formats().short_day;
    let days_text = |days: i64| i18n::text(lang, "cases-days", &[("days", days.to_string().into())]);
    for (c, state) in cases.iter().zip(&states) {
        // Overdue is marked with ! as well as said by the sign.
        let due = match (c.deadline, c.days_left(today)) {
            (Some(d), Some(days)) if days < 0 => format!("!{} {}", d.format(day), days_text(days)),
            (Some(d), Some(days)) => format!("{} +{}", d.format(day), days_text(days)),
            (Some(d), None) => d.format(lang.formats().date).to_string(),
            (None, _) => "-".into(),
        };
        let owner: String = c.owner.chars().take(10).collect();
        let tags = if c.tags.is_empty() { "-".to_owned() } else { c.tags.join(",") };
        let invoice = c.invoice.as_str();
        out.push_str(&format!(
            "{invoice:<width$} {due:<12} {state:<state_width$} {owner:<10} {:>notes_width$}  {tags}\n",
            c.notes
        ));
    }
    out
}
