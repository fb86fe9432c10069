//! Dispute cases: what an operator notes, decides and owes about one
//! invoice. A case is its trail of entries, each one change by one operator
//! at one moment; nothing in it is ever edited or deleted, and what the case
//! is now is what its latest entries say. No I/O here: the store keeps the
//! entries, and both the dashboard and the CLI read cases through this.

use chrono::{DateTime, NaiveDate, Utc};

use crate::epay::InvoiceId;
use crate::i18n::{self, Language};

/// Where a dispute stands, a fixed list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    Open,
    WaitingCustomer,
    WaitingBank,
    EvidenceSent,
    Won,
    Lost,
    Refunded,
    Closed,
}

impl State {
    pub const ALL: [State; 8] = [
        State::Open,
        State::WaitingCustomer,
        State::WaitingBank,
        State::EvidenceSent,
        State::Won,
        State::Lost,
        State::Refunded,
        State::Closed,
    ];

    /// The name scripts and the store use.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Open => "open",
            State::WaitingCustomer => "waiting-customer",
            State::WaitingBank => "waiting-bank",
            State::EvidenceSent => "evidence-sent",
            State::Won => "won",
            State::Lost => "lost",
            State::Refunded => "refunded",
            State::Closed => "closed",
        }
    }

    /// The state in words, for people.
    pub fn words(self, lang: Language) -> String {
        match self {
            State::Open => i18n::plain(lang, "state-open"),
            State::WaitingCustomer => i18n::plain(lang, "state-waiting-customer"),
            State::WaitingBank => i18n::plain(lang, "state-waiting-bank"),
            State::EvidenceSent => i18n::plain(lang, "state-evidence-sent"),
            State::Won => i18n::plain(lang, "state-won"),
            State::Lost => i18n::plain(lang, "state-lost"),
            State::Refunded => i18n::plain(lang, "state-refunded"),
            State::Closed => i18n::plain(lang, "state-closed"),
        }
    }

    /// The words short enough for a list's column.
    pub fn short(self, lang: Language) -> String {
        match self {
            State::WaitingCustomer => i18n::plain(lang, "state-short-waiting-customer"),
            State::WaitingBank => i18n::plain(lang, "state-short-waiting-bank"),
            State::EvidenceSent => i18n::plain(lang, "state-short-evidence-sent"),
            other => other.words(lang),
        }
    }

    /// The English words, read once: what is typed (`waiting for the bank`)
    /// and what a filter matches, whatever the language on screen.
    fn english(self) -> &'static str {
        self.words_read_once(Language::En)
    }

    /// The words in `lang`, read from the message files once (a filter
    /// matches every case's, on every frame).
    fn words_read_once(self, lang: Language) -> &'static str {
        static WORDS: std::sync::OnceLock<[[String; 8]; 2]> = std::sync::OnceLock::new();
        let words = WORDS.get_or_init(|| crate::i18n::SOURCES.map(|(lang, _)| State::ALL.map(|s| s.words(lang))));
        &words[lang as usize][self as usize]
    }

    /// Still to be worked: its deadline counts.
    pub fn is_open(self) -> bool {
        matches!(self, State::Open | State::WaitingCustomer | State::WaitingBank | State::EvidenceSent)
    }

    /// A state as typed: its name, or its words (`waiting for the bank`),
    /// in any case, with spaces, dashes or underscores.
    pub fn parse(text: &str) -> Result<State, Invalid> {
        let typed: String = text.trim().to_lowercase().replace(['_', ' '], "-");
        State::ALL
            .into_iter()
            .find(|s| s.as_str() == typed || s.english().replace(' ', "-") == typed)
            .ok_or_else(|| Invalid::State(crate::text::clean(text)))
    }
}

/// One change to a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Note(String),
    State(State),
    /// `None` takes the deadline away.
    Deadline(Option<NaiveDate>),
    Owner(String),
    Tag(String),
    Untag(String),
    /// An item of the reason code's evidence checklist ticked, by its id.
    Done(String),
    /// A tick taken back.
    Undone(String),
}

impl Change {
    /// What the store calls this kind of change.
    pub fn kind(&self) -> &'static str {
        match self {
            Change::Note(_) => "note",
            Change::State(_) => "state",
            Change::Deadline(_) => "deadline",
            Change::Owner(_) => "owner",
            Change::Tag(_) => "tag",
            Change::Untag(_) => "untag",
            Change::Done(_) => "done",
            Change::Undone(_) => "undone",
        }
    }

    /// The change's value as the store keeps it.
    pub fn value(&self) -> String {
        match self {
            Change::Note(text)
            | Change::Owner(text)
            | Change::Tag(text)
            | Change::Untag(text)
            | Change::Done(text)
            | Change::Undone(text) => text.clone(),
            Change::State(state) => state.as_str().to_owned(),
            Change::Deadline(Some(date)) => date.format("%Y-%m-%d").to_string(),
            Change::Deadline(None) => String::new(),
        }
    }

    /// A stored change, read back. What the store holds was written by
    /// anyone on the team: cleaned again, and refused if it is not a change
    /// this program knows.
    pub fn from_stored(kind: &str, value: &str) -> Result<Change, String> {
        Ok(match kind {
            "note" => Change::Note(crate::text::clean_multiline(value)),
            "state" => Change::State(State::parse(value)?),
            "deadline" if value.is_empty() => Change::Deadline(None),
            "deadline" => Change::Deadline(Some(
                NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|e| format!("deadline {value:?}: {e}"))?,
            )),
            "owner" => Change::Owner(crate::text::clean(value)),
            "tag" => Change::Tag(crate::text::clean(value)),
            "untag" => Change::Untag(crate::text::clean(value)),
            "done" => Change::Done(crate::text::clean(value)),
            "undone" => Change::Undone(crate::text::clean(value)),
            other => return Err(format!("unknown case change {:?}", crate::text::clean(other))),
        })
    }

    /// The change in words, for a trail: "state → evidence sent".
    pub fn describe(&self, lang: Language) -> String {
        match self {
            Change::Note(text) => i18n::text(lang, "change-note", &[("text", text.clone().into())]),
            Change::State(state) => i18n::text(lang, "change-state", &[("state", state.words(lang).into())]),
            Change::Deadline(Some(d)) => {
                i18n::text(lang, "change-deadline", &[("date", d.format(lang.formats().date).to_string().into())])
            }
            Change::Deadline(None) => i18n::plain(lang, "change-deadline-removed"),
            Change::Owner(name) => i18n::text(lang, "change-owner", &[("name", name.clone().into())]),
            Change::Tag(word) => i18n::text(lang, "change-tag", &[("word", word.clone().into())]),
            Change::Untag(word) => i18n::text(lang, "change-untag", &[("word", word.clone().into())]),
            Change::Done(item) => i18n::text(lang, "change-done", &[("item", item.clone().into())]),
            Change::Undone(item) => i18n::text(lang, "change-undone", &[("item", item.clone().into())]),
        }
    }
}

/// One entry of a case's trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Increasing within the store: the trail's order.
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The operator who made the change, as their program said.
    pub by: String,
    pub change: Change,
    /// What the team history's server recorded: its role and its clock
    /// (`None` in an operator's own SQLite history).
    pub stamp: Option<Stamp>,
}

/// The database role and the server's time of a row, set by the server
/// whatever the client sent: with a login per operator, who for certain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub role: String,
    pub at: DateTime<Utc>,
}

impl Stamp {
    /// Past this, the program's time and the server's disagree enough to
    /// show both (an entry imported later, or a clock set wrong on purpose).
    const CLOCKS_AGREE: i64 = 120;

    /// `by` with the server's role and time beside it where they differ
    /// from what the program said ("aigerim (disputes)").
    pub fn beside(stamp: Option<&Stamp>, by: &str, at: DateTime<Utc>, lang: Language) -> String {
        let Some(stamp) = stamp else { return by.to_owned() };
        let role_differs = stamp.role != by;
        let time_differs = (stamp.at - at).num_seconds().abs() > Self::CLOCKS_AGREE;
        let args = |extra: Vec<(&'static str, fluent_bundle::FluentValue<'static>)>| {
            let mut args = vec![("by", by.to_owned().into()), ("role", stamp.role.clone().into())];
            args.extend(extra);
            args
        };
        match (role_differs, time_differs) {
            (false, false) => by.to_owned(),
            (true, false) => i18n::text(lang, "stamp-role", &args(Vec::new())),
            (_, true) => {
                let when = stamp.at.format("%Y-%m-%d %H:%M UTC").to_string();
                i18n::text(lang, "stamp-role-time", &args(vec![("at", when.into())]))
            }
        }
    }
}

impl Entry {
    /// Who made the change, with the server's record beside it where it
    /// differs (see [`Stamp::beside`]).
    pub fn signed(&self, lang: Language) -> String {
        Stamp::beside(self.stamp.as_ref(), &self.by, self.at, lang)
    }
}

/// What a case is now: the sum of its trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    pub invoice: InvoiceId,
    pub opened_at: DateTime<Utc>,
    pub opened_by: String,
    pub state: State,
    pub deadline: Option<NaiveDate>,
    pub owner: String,
    pub tags: Vec<String>,
    pub notes: usize,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    /// The id of its latest entry.
    pub last_entry: i64,
}

impl Case {
    /// The case its entries make, oldest first; `None` for no entries.
    pub fn fold(invoice: InvoiceId, entries: &[Entry]) -> Option<Case> {
        let first = entries.first()?;
        let mut case = Case {
            invoice,
            opened_at: first.at,
            opened_by: first.by.clone(),
            state: State::Open,
            deadline: None,
            owner: first.by.clone(),
            tags: Vec::new(),
            notes: 0,
            updated_at: first.at,
            updated_by: first.by.clone(),
            last_entry: first.id,
        };
        for entry in entries {
            case.apply(&entry.change);
            case.updated_at = entry.at;
            case.updated_by = entry.by.clone();
            case.last_entry = entry.id;
        }
        Some(case)
    }

    fn apply(&mut self, change: &Change) {
        match change {
            Change::Note(_) => self.notes += 1,
            Change::State(state) => self.state = *state,
            Change::Deadline(date) => self.deadline = *date,
            Change::Owner(name) => self.owner = name.clone(),
            Change::Tag(word) if !self.tags.contains(word) => self.tags.push(word.clone()),
            Change::Tag(_) => {}
            Change::Untag(word) => self.tags.retain(|t| t != word),
            // Ticks are read from the trail (crate::reasons::checklist).
            Change::Done(_) | Change::Undone(_) => {}
        }
    }

    /// Days until the deadline (negative past it), for an open case with one.
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        let deadline = self.deadline.filter(|_| self.state.is_open())?;
        Some((deadline - today).num_days())
    }

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.days_left(today).is_some_and(|d| d < 0)
    }

    /// Open, and its deadline no more than `days` away (or past).
    pub fn is_due_within(&self, today: NaiveDate, days: i64) -> bool {
        self.days_left(today).is_some_and(|d| d <= days)
    }

    /// "3 days left", "due today", "2 days overdue".
    pub fn due_in_words(&self, today: NaiveDate, lang: Language) -> Option<String> {
        Some(match self.days_left(today)? {
            0 => i18n::plain(lang, "case-due-today"),
            d if d > 0 => i18n::text(lang, "case-days-left", &[("days", d.into())]),
            d => i18n::text(lang, "case-days-overdue", &[("days", (-d).into())]),
        })
    }

    /// The deadline with what is left of it: "2026-12-05 (7 days left)".
    pub fn deadline_in_words(&self, today: NaiveDate, lang: Language) -> String {
        match (self.deadline, self.due_in_words(today, lang)) {
            (None, _) => i18n::plain(lang, "case-deadline-none"),
            (Some(d), Some(left)) => format!("{} ({left})", d.format(lang.formats().date)),
            (Some(d), None) => d.format(lang.formats().date).to_string(),
        }
    }

    /// The order of the cases list: open cases by deadline (overdue first,
    /// none last), then the others, latest change first.
    pub fn list_order(a: &Case, b: &Case) -> std::cmp::Ordering {
        let rank = |c: &Case| (!c.state.is_open(), c.state.is_open() && c.deadline.is_none());
        rank(a)
            .cmp(&rank(b))
            .then_with(|| if a.state.is_open() { a.deadline.cmp(&b.deadline) } else { std::cmp::Ordering::Equal })
            .then_with(|| b.updated_at.cmp(&a.updated_at))
            .then_with(|| a.invoice.as_str().cmp(b.invoice.as_str()))
    }

    /// Whether the case mentions `needle` (lowercase) in its invoice, state
    /// (its name, or its words in any language), owner or tags.
    pub fn mentions(&self, needle: &str) -> bool {
        self.invoice.as_str().contains(needle)
            || self.state.as_str().contains(needle)
            || crate::i18n::SOURCES.iter().any(|(lang, _)| self.state.words_read_once(*lang).contains(needle))
            || self.owner.to_lowercase().contains(needle)
            || self.tags.iter().any(|t| t.contains(needle))
    }
}

/// A case with its whole trail, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFile {
    pub case: Case,
    pub entries: Vec<Entry>,
}

impl CaseFile {
    pub fn of(invoice: InvoiceId, entries: Vec<Entry>) -> Option<CaseFile> {
        Some(CaseFile { case: Case::fold(invoice, &entries)?, entries })
    }

    /// The notes, newest first.
    pub fn latest_notes(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().rev().filter(|e| matches!(e.change, Change::Note(_)))
    }
}

impl Case {
    /// The case as JSON (without its trail), for `cases --json`.
    pub fn json(&self) -> serde_json::Value {
        let time = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        serde_json::json!({
            "invoiceId": self.invoice.as_str(),
            "state": self.state.as_str(),
            "deadline": self.deadline.map(|d| d.format("%Y-%m-%d").to_string()),
            "owner": self.owner,
            "tags": self.tags,
            "notes": self.notes,
            "openedAt": time(self.opened_at),
            "openedBy": self.opened_by,
            "updatedAt": time(self.updated_at),
            "updatedBy": self.updated_by,
        })
    }
}

impl CaseFile {
    /// The case and its whole trail as JSON (`case --json`, the report).
    pub fn json(&self) -> serde_json::Value {
        let mut value = self.case.json();
        let trail: Vec<serde_json::Value> = self
            .entries
            .iter()
            .map(|e| {
                let mut entry = serde_json::json!({
                    "at": e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    "by": e.by,
                    "change": e.change.kind(),
                    "value": e.change.value(),
                });
                if let (Some(stamp), serde_json::Value::Object(map)) = (&e.stamp, &mut entry) {
                    map.insert("recordedBy".into(), stamp.role.clone().into());
                    let at = stamp.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                    map.insert("recordedAt".into(), at.into());
                }
                entry
            })
            .collect();
        if let serde_json::Value::Object(map) = &mut value {
            map.insert("trail".into(), trail.into());
        }
        value
    }
}

/// What a new case starts with when the change that opens it does not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Opening {
    /// The operator opening it ("me").
    pub owner: String,
    /// From `case_deadline_days`.
    pub deadline: Option<NaiveDate>,
}

impl Opening {
    pub fn new(owner: &str, deadline_days: Option<u32>, today: NaiveDate) -> Opening {
        let deadline = deadline_days.and_then(|d| today.checked_add_days(chrono::Days::new(u64::from(d))));
        Opening { owner: owner.to_owned(), deadline }
    }
}

/// The entries a change adds to a case as it stands (`None`: no case yet).
/// A case opens with a note, a state or a deadline; its first entries then
/// say its state, owner and deadline too, so the trail alone tells the
/// whole story. Changes that would change nothing (a tag it has, the state
/// it is in) add no entry.
pub fn entries_for(existing: Option<&Case>, changes: &[Change], opening: &Opening) -> Result<Vec<Change>, Invalid> {
    let (mut case, mut added) = match existing {
        Some(case) => (case.clone(), Vec::new()),
        None => {
            let opens =
                changes.iter().any(|c| matches!(c, Change::Note(_) | Change::State(_) | Change::Deadline(Some(_))));
            if !opens {
                return Err(Invalid::NoCaseYet);
            }
            let given = |f: fn(&Change) -> bool| changes.iter().any(f);
            let mut first = Vec::new();
            if !given(|c| matches!(c, Change::State(_))) {
                first.push(Change::State(State::Open));
            }
            if !given(|c| matches!(c, Change::Owner(_))) {
                first.push(Change::Owner(opening.owner.clone()));
            }
            // A case that opens decided (won, refunded…) owes nothing by a date.
            let decided = given(|c| matches!(c, Change::State(s) if !s.is_open()));
            if let Some(date) = opening.deadline.filter(|_| !decided && !given(|c| matches!(c, Change::Deadline(_)))) {
                first.push(Change::Deadline(Some(date)));
            }
            // The case as it opens, for the changes to be weighed against
            // (a tag given twice, or given and taken away, as on any case).
            let mut case = blank();
            for change in &first {
                case.apply(change);
            }
            (case, first)
        }
    };
    for change in changes {
        let changes_something = match change {
            Change::Note(_) => true,
            Change::State(s) => *s != case.state,
            Change::Deadline(d) => *d != case.deadline,
            Change::Owner(o) => *o != case.owner,
            Change::Tag(t) => !case.tags.contains(t),
            Change::Untag(t) => case.tags.contains(t),
            // Each tick is an entry of its own, as the trail records it.
            Change::Done(_) | Change::Undone(_) => true,
        };
        if changes_something {
            case.apply(change);
            added.push(change.clone());
        }
    }
    Ok(added)
}

/// A case with nothing in it yet, to apply its first changes to.
fn blank() -> Case {
    let invoice = InvoiceId::parse("000000").expect("six digits");
    Case {
        invoice,
        opened_at: DateTime::<Utc>::MIN_UTC,
        opened_by: String::new(),
        state: State::Open,
        deadline: None,
        owner: String::new(),
        tags: Vec::new(),
        notes: 0,
        updated_at: DateTime::<Utc>::MIN_UTC,
        updated_by: String::new(),
        last_entry: 0,
    }
}

/// The longest note kept (a few screens of text; evidence goes in files).
pub const NOTE_MAX_CHARS: usize = 4000;

/// A note as typed or pasted: cleaned like server text, line breaks kept
/// (terminals send CR), surrounding blank space dropped.
pub fn note(text: &str) -> Result<String, Invalid> {
    // Terminals send a line break as CR; Unicode has line and paragraph
    // separators of its own, which cleaning would drop.
    let breaks = text.replace("\r\n", "\n").replace(['\r', '\u{2028}', '\u{2029}'], "\n");
    let text = crate::text::clean_multiline(&breaks);
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let text = lines.join("\n").trim().to_owned();
    if text.is_empty() {
        return Err(Invalid::NoteEmpty);
    }
    let chars = text.chars().count();
    if chars > NOTE_MAX_CHARS {
        return Err(Invalid::NoteTooLong(chars));
    }
    Ok(text)
}

/// A tag: one word, kept lowercase (`chargeback`, `refund-promised`, or a
/// reason code such as `10.4`).
pub fn tag(word: &str) -> Result<String, Invalid> {
    let word = crate::text::clean(word).trim().to_lowercase();
    let good = word.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if word.is_empty() || !good || word.chars().count() > 32 {
        return Err(Invalid::Tag(word));
    }
    Ok(word)
}

/// An owner: an operator's name.
pub fn owner(name: &str) -> Result<String, Invalid> {
    let name = crate::text::clean(name).trim().to_owned();
    if name.is_empty() || name.chars().count() > 64 {
        return Err(Invalid::Owner);
    }
    Ok(name)
}

/// A deadline as typed: `2026-12-05`, `05.12.2026`, `+7` (days from
/// today), or `none` to take it away.
pub fn deadline(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, Invalid> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let date = if let Some(days) = text.strip_prefix('+') {
        days.parse::<u16>().ok().and_then(|d| today.checked_add_days(chrono::Days::new(u64::from(d))))
    } else {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(text, "%d.%m.%Y")).ok()
    };
    let date = date.ok_or_else(|| Invalid::Date(crate::text::clean(text)))?;
    // A typo such as 0026 or 2206 would pass as a date; no dispute runs so long.
    if !DEADLINE_YEARS.contains(&chrono::Datelike::year(&date)) {
        return Err(Invalid::DeadlineYear(date));
    }
    Ok(Some(date))
}

/// Why a value typed for a case was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// Not a state, as typed.
    State(String),
    NoteEmpty,
    /// The note's length in characters.
    NoteTooLong(usize),
    Tag(String),
    Owner,
    /// Not a date, as typed.
    Date(String),
    DeadlineYear(NaiveDate),
    /// `--due-before none`.
    NoDate,
    /// The tags line left empty.
    NoTag,
    /// A change that needs a case, for an invoice with none.
    NoCaseYet,
}

impl Invalid {
    /// What is wrong and what to type instead, in `lang`.
    pub fn describe(&self, lang: Language) -> String {
        match self {
            Invalid::State(typed) => {
                let names: Vec<&str> = State::ALL.iter().map(|s| s.as_str()).collect();
                i18n::text(
                    lang,
                    "invalid-state",
                    &[("typed", typed.clone().into()), ("names", names.join(", ").into())],
                )
            }
            Invalid::NoteEmpty => i18n::plain(lang, "invalid-note-empty"),
            Invalid::NoteTooLong(chars) => i18n::text(
                lang,
                "invalid-note-too-long",
                &[("chars", (*chars).into()), ("most", NOTE_MAX_CHARS.into())],
            ),
            Invalid::Tag(word) => i18n::text(lang, "invalid-tag", &[("word", word.clone().into())]),
            Invalid::Owner => i18n::plain(lang, "invalid-owner"),
            Invalid::Date(typed) => i18n::text(lang, "invalid-date", &[("typed", typed.clone().into())]),
            Invalid::DeadlineYear(date) => i18n::text(
                lang,
                "invalid-deadline-year",
                &[
                    ("date", date.format(lang.formats().date).to_string().into()),
                    ("from", DEADLINE_YEARS.start().to_string().into()),
                    ("to", DEADLINE_YEARS.end().to_string().into()),
                ],
            ),
            Invalid::NoDate => i18n::plain(lang, "invalid-no-date"),
            Invalid::NoTag => i18n::plain(lang, "invalid-no-tag"),
            Invalid::NoCaseYet => i18n::plain(lang, "invalid-no-case-yet"),
        }
    }
}

/// In English, for logs and the stored trail's checks.
impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Language::En))
    }
}

impl From<Invalid> for String {
    fn from(invalid: Invalid) -> String {
        invalid.to_string()
    }
}

/// The years a deadline may fall in.
const DEADLINE_YEARS: std::ops::RangeInclusive<i32> = 2000..=2099;

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32) -> DateTime<Utc> {
        chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 28, h, 0, 0).unwrap()
    }

    fn entry(id: i64, by: &str, change: Change) -> Entry {
        Entry { id, at: at(id as u32), by: by.into(), change, stamp: None }
    }

    fn invoice() -> InvoiceId {
        InvoiceId::parse("205218074").unwrap()
    }

    #[test]
    fn the_latest_entry_of_each_kind_decides() {
        let entries = vec![
            entry(1, "aigerim", Change::State(State::Open)),
            entry(2, "aigerim", Change::Owner("aigerim".into())),
            entry(3, "aigerim", Change::Note("customer says not theirs".into())),
            entry(4, "daniyar", Change::Tag("fraud".into())),
            entry(5, "daniyar", Change::State(State::WaitingBank)),
            entry(6, "daniyar", Change::Tag("chargeback".into())),
            entry(7, "aigerim", Change::Untag("fraud".into())),
            entry(8, "aigerim", Change::Note("bank asked for the receipt".into())),
        ];
        let case = Case::fold(invoice(), &entries).unwrap();
        assert_eq!(case.state, State::WaitingBank);
        assert_eq!(case.owner, "aigerim");
        assert_eq!(case.tags, ["chargeback"]);
        assert_eq!(case.notes, 2);
        assert_eq!((case.opened_by.as_str(), case.updated_by.as_str(), case.last_entry), ("aigerim", "aigerim", 8));
        assert_eq!(case.opened_at, at(1));
        assert!(Case::fold(invoice(), &[]).is_none());
    }

    #[test]
    fn a_case_opens_with_a_note_a_state_or_a_deadline_and_says_how_it_started() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let opening = Opening::new("aigerim", Some(7), today);
        for nothing in [Change::Tag("fraud".into()), Change::Deadline(None), Change::Owner("me".into())] {
            let err = entries_for(None, &[nothing], &opening).unwrap_err();
            assert_eq!(err, Invalid::NoCaseYet);
            assert!(err.to_string().contains("opens with a note"), "{err}");
        }
        let won = entries_for(None, &[Change::State(State::Won)], &opening).unwrap();
        assert_eq!(won, [Change::Owner("aigerim".into()), Change::State(State::Won)], "no deadline for a won case");
        let added = entries_for(None, &[Change::Note("called".into())], &opening).unwrap();
        let week = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(
            added,
            [
                Change::State(State::Open),
                Change::Owner("aigerim".into()),
                Change::Deadline(Some(week)),
                Change::Note("called".into())
            ]
        );
        // What the change gives is not proposed again.
        let given = [Change::State(State::WaitingBank), Change::Deadline(None), Change::Owner("daniyar".into())];
        let added = entries_for(None, &given, &opening).unwrap();
        assert_eq!(added, [Change::State(State::WaitingBank), Change::Owner("daniyar".into())], "no deadline: none");
        // A tag given twice, or given and taken away, as on any case.
        let tags =
            [Change::Note("n".into()), Change::Tag("a".into()), Change::Tag("a".into()), Change::Untag("a".into())];
        let added = entries_for(None, &tags, &opening).unwrap();
        assert_eq!(&added[3..], [Change::Note("n".into()), Change::Tag("a".into()), Change::Untag("a".into())]);
    }

    #[test]
    fn changes_that_change_nothing_add_no_entry() {
        let entries = vec![
            entry(1, "a", Change::State(State::Open)),
            entry(2, "a", Change::Tag("fraud".into())),
            entry(3, "a", Change::Owner("a".into())),
        ];
        let case = Case::fold(invoice(), &entries).unwrap();
        let changes = [
            Change::State(State::Open),
            Change::Tag("fraud".into()),
            Change::Owner("a".into()),
            Change::Untag("chargeback".into()),
            Change::Deadline(None),
            Change::Note("n".into()),
            Change::State(State::Won),
            Change::State(State::Won),
        ];
        let added = entries_for(Some(&case), &changes, &Opening::default()).unwrap();
        assert_eq!(added, [Change::Note("n".into()), Change::State(State::Won)]);
    }

    #[test]
    fn deadlines_count_days_for_open_cases_only() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut case = Case::fold(invoice(), &[entry(1, "a", Change::State(State::Open))]).unwrap();
        assert_eq!(case.due_in_words(today, Language::En), None);
        case.deadline = NaiveDate::from_ymd_opt(2026, 11, 26);
        assert_eq!(case.due_in_words(today, Language::En).as_deref(), Some("2 days overdue"));
        assert!(case.is_overdue(today) && case.is_due_within(today, 2));
        case.deadline = NaiveDate::from_ymd_opt(2026, 11, 29);
        assert_eq!(case.due_in_words(today, Language::En).as_deref(), Some("1 day left"));
        case.deadline = NaiveDate::from_ymd_opt(2026, 12, 1);
        assert!(!case.is_due_within(today, 2));
        case.state = State::Won;
        assert_eq!(case.days_left(today), None, "a won case owes nothing");
    }

    #[test]
    fn typed_values_are_checked_and_cleaned() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        assert_eq!(deadline("+7", today).unwrap(), NaiveDate::from_ymd_opt(2026, 12, 5));
        assert_eq!(deadline("05.12.2026", today).unwrap(), NaiveDate::from_ymd_opt(2026, 12, 5));
        assert_eq!(deadline(" 2026-12-05 ", today).unwrap(), NaiveDate::from_ymd_opt(2026, 12, 5));
        assert_eq!(deadline("NONE", today).unwrap(), None);
        for bad in ["2026-13-01", "tomorrow", "+", "+x", "31.02.2026"] {
            assert!(deadline(bad, today).unwrap_err().to_string().contains("is not a date"), "{bad}");
        }
        assert_eq!(State::parse("Waiting for the bank").unwrap(), State::WaitingBank);
        assert_eq!(State::parse("evidence_sent").unwrap(), State::EvidenceSent);
        assert!(State::parse("pending").unwrap_err().to_string().contains("use one of open, waiting-customer"));
        let russian = State::parse("pending").unwrap_err().describe(Language::Ru);
        assert!(russian.starts_with("«pending» — не состояние спора"), "{russian}");
        assert_eq!(note("\r\n  line one\rline two\x1b[31m  \r\n").unwrap(), "line one\nline two[31m");
        assert!(note(" \r\n ").is_err());
        assert_eq!(tag(" Refund-Promised ").unwrap(), "refund-promised");
        assert!(tag("two words").is_err() && tag("").is_err());
        assert_eq!(owner(" daniyar\u{202e} ").unwrap(), "daniyar");
        assert!(deadline("0026-12-05", today).unwrap_err().to_string().contains("from 2000 to 2099"));
        let russian = deadline("0026-12-05", today).unwrap_err().describe(Language::Ru);
        assert_eq!(russian, "05.12.0026 не может быть сроком спора: укажите дату с 2000 по 2099 год");
        assert!(deadline("+99999", today).is_err());
        assert_eq!(note("third\u{2028}fourth").unwrap(), "third\nfourth");
    }

    #[test]
    fn the_list_puts_overdue_first_and_closed_cases_last() {
        let case = |n: &str, state, deadline: Option<(i32, u32, u32)>| Case {
            invoice: InvoiceId::parse(n).unwrap(),
            state,
            deadline: deadline.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            ..Case::fold(invoice(), &[entry(1, "a", Change::State(State::Open))]).unwrap()
        };
        let mut cases = [
            case("100000005", State::Won, Some((2026, 1, 1))),
            case("100000004", State::Open, None),
            case("100000003", State::WaitingBank, Some((2026, 12, 9))),
            case("100000002", State::Open, Some((2026, 11, 20))),
        ];
        cases.sort_by(Case::list_order);
        let order: Vec<&str> = cases.iter().map(|c| c.invoice.as_str()).collect();
        assert_eq!(order, ["100000002", "100000003", "100000004", "100000005"]);
    }
}
