//! History: every lookup, what ePay said, when, from which profile and who
//! checked. Never a secret or a token. One interface, two backends: a SQLite
//! file under the data dir (the default, nothing to set up) and a team's
//! PostgreSQL (`history_url`), with a local spool for when it is away.
//!
//! Each read is one SQL text with small hooks for the dialects (`query`),
//! not a query builder: the list's speed rests on queries that match the
//! indexes expression for expression, and SQL written out shows that.

mod cases;
mod import;
mod packing;
mod postgres;
mod query;
mod row;
mod sqlite;
mod window;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::case::{Case, CaseFile, Change, Opening};
use crate::checker::Checker;
use crate::epay::{Answer, InvoiceId};
pub use cases::CaseError;
pub use import::Imported;
pub use postgres::{
    DbError as TeamDbError, Deadlines as TeamDeadlines, Environment as TeamEnvironment, Health, Reach,
    TEAM_SCHEMA_VERSION, TeamEvent, TeamUrl, TeamUrlError, TeamWatch, init_team,
};
#[doc(hidden)]
pub use postgres::{SCRATCH_OPERATORS, scratch_database as scratch_team_database};
pub use row::{NewLookup, Recorded, StoredLookup, Summary, TimelinePoint};
pub use sqlite::{FILE_NAME, SCHEMA_VERSION};
pub use window::{Anchor, COUNT_CAP, Count, KeyValue, Order, Place};

/// The most "seen in other lookups" counts: above it, "more than".
pub const SEEN_CAP: usize = 100;

/// How many lookups of other invoices saw an answer's card and its IP
/// (`None` where it has no card ID or IP).
pub type Seen = (Option<usize>, Option<usize>);

/// What to list: everything, or the lookups matching one thing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    All,
    /// Any text an operator remembers: invoice, card mask fragment, email,
    /// name, IP, city, status. Case-insensitive, Cyrillic included.
    Text(String),
    /// Lookups of other invoices that saw this card (its ID; the mask is
    /// for people).
    Card {
        id: String,
        mask: Option<String>,
        except: InvoiceId,
    },
    /// Lookups of other invoices from this IP.
    Ip {
        ip: String,
        except: InvoiceId,
    },
    Invoice(InvoiceId),
}

/// Searched text as both backends hold it: cleaned, trimmed, lowercased.
fn needle(text: &str) -> String {
    crate::text::clean(text).trim().to_lowercase()
}

/// The searched text when it can be the start of an invoice ID (6 to 15 digits).
fn invoice_prefix(text: &str) -> Option<&str> {
    let t = text.trim();
    InvoiceId::parse(t).is_ok().then_some(t)
}

/// Why the history could not be used. Each says where it was (`location`:
/// "history database PATH" or "team history postgresql://user@host/db",
/// never a password) and keeps its cause; callers decide by the variant.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The SQLite file: locked, full, read-only.
    #[error("{location}: {source}")]
    File {
        location: String,
        #[source]
        source: rusqlite::Error,
    },
    /// The file is not a database or is corrupt (not merely locked).
    #[error("{location}: {source}")]
    Damaged {
        location: String,
        #[source]
        source: rusqlite::Error,
    },
    /// The file could not be made readable by its owner only.
    #[error("{location}: cannot make it private: {source}")]
    Private {
        location: String,
        #[source]
        source: std::io::Error,
    },
    /// Written by a newer epay-status: left as it is.
    #[error("{location}: written by a newer epay-status (schema {found}; this one knows {knows})")]
    Newer { location: String, found: i64, knows: i64 },
    /// The team history could not be reached: a lookup goes to the spool.
    #[error("{location}: {why}")]
    Away { location: String, why: String },
    /// The team history refused this program: a wrong password, no such
    /// database, a certificate that does not verify; or, where
    /// `needs_init`, its owner has not set it up for this version or role.
    /// Waiting will not mend it.
    #[error("{location}: {why}")]
    Refused { location: String, why: String, needs_init: bool },
    /// The team history's server failed a statement.
    #[error("{location}: {source}")]
    Server {
        location: String,
        #[source]
        source: TeamDbError,
    },
    /// Something read back cannot be what the program wrote (a column
    /// altered to another type), or a spool that is not this user's.
    #[error("{location}: {why}")]
    Unreadable { location: String, why: String },
    /// Our own mistake in using the store, not the store's.
    #[error("history: {0}")]
    Misuse(String),
}

impl StoreError {
    /// The team history is away: what was being written waits in the spool,
    /// or is tried again.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, Self::Away { .. })
    }

    /// The history's owner has to set it up (`epay-status team init`).
    pub fn needs_init(&self) -> bool {
        matches!(self, Self::Refused { needs_init: true, .. })
    }
}

/// For writers of the history (`history`, exports): a store error is one
/// more reason the output could not be written.
impl From<StoreError> for std::io::Error {
    fn from(e: StoreError) -> Self {
        std::io::Error::other(e)
    }
}

/// The history, on either backend.
#[derive(Debug)]
pub struct Store {
    backend: Backend,
    /// Rows passed over because they could not be read (see [`Skipped`]).
    skipped: std::sync::Mutex<Skipped>,
}

/// Rows of the history that could not be read and were passed over rather
/// than failing the read: a teammate's program, a broken server or someone
/// with `psql` may have written anything. Counted once each, so a reader
/// says once what it left out; the log has each reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    /// How many distinct rows, not told of yet.
    pub rows: usize,
    /// The first reason not told of yet, for the message ("lookup 17: ...").
    pub first: Option<String>,
    /// Every reason met, so a row read again is not counted again.
    seen: std::collections::HashSet<String>,
}

impl Skipped {
    /// The most reasons told apart: past it, rows are still counted.
    const KEPT: usize = 10_000;

    fn add(&mut self, why: String) {
        if self.seen.contains(&why) {
            return;
        }
        tracing::warn!("history row skipped: {why}");
        self.rows += 1;
        self.first.get_or_insert_with(|| why.clone());
        if self.seen.len() < Self::KEPT {
            self.seen.insert(why);
        }
    }
}

#[derive(Debug)]
enum Backend {
    Sqlite(sqlite::Sqlite),
    /// Shared by every handle on the same history (see [`Store::reader`]).
    Postgres(std::sync::Arc<postgres::Team>),
}

/// A store that could be opened, and what the operator should be told.
pub struct Opened {
    pub store: Store,
    pub notice: Option<Notice>,
}

/// What opening a history has to tell the operator: put into words where
/// it is shown (the store speaks no language).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The file was not a database: kept aside, a fresh one started.
    Damaged { path: String, why: String, aside: String },
    /// No file could be opened: the history lives in memory for this run.
    InMemory { why: String },
    /// Lookups that waited in the spool were sent.
    Sent(usize),
    /// The team history is away: lookups made now wait in the spool.
    Spooling { why: String, spool: String },
    /// A spool not this user's alone, left as it is (the reason).
    Foreign(String),
}

/// Both backends, one call each.
/// SQLite's calls are local and short (a bounded read, one transaction):
/// they run in the task that asks, as a file read would; what takes long
/// (an export) runs on a blocking thread (see `tui::runner`). The team
/// history's are awaited. The shared reads (`query`) are async for both.
macro_rules! each_backend {
    ($self:expr, $store:ident => $call:expr) => {
        match &$self.backend {
            Backend::Sqlite($store) => $call,
            Backend::Postgres(team) => {
                let $store: &postgres::Team = team;
                $call.await
            }
        }
    };
    (shared $self:expr, $store:ident => $call:expr) => {
        match &$self.backend {
            Backend::Sqlite($store) => $call.await,
            Backend::Postgres(team) => {
                let $store: &postgres::Team = team;
                $call.await
            }
        }
    };
}

impl Store {
    fn of(backend: Backend) -> Store {
        Store { backend, skipped: std::sync::Mutex::default() }
    }

    fn team(&self) -> Option<&postgres::Team> {
        match &self.backend {
            Backend::Postgres(team) => Some(team),
            Backend::Sqlite(_) => None,
        }
    }

    /// The rows passed over since the last call (see [`Skipped`]); a row
    /// is told of once, however often it is read again.
    pub fn take_skipped(&self) -> Skipped {
        if let Some(team) = self.team() {
            for why in team.take_unread() {
                self.skip(why);
            }
        }
        let mut skipped = crate::sync::lock(&self.skipped);
        let told = Skipped { rows: skipped.rows, first: skipped.first.take(), seen: Default::default() };
        skipped.rows = 0;
        told
    }

    /// How many rows were passed over since [`Self::take_skipped`].
    pub fn skipped_rows(&self) -> usize {
        crate::sync::lock(&self.skipped).rows
    }

    fn skip(&self, why: String) {
        crate::sync::lock(&self.skipped).add(why);
    }

    /// Opens (or creates) the history file. A damaged file is renamed aside,
    /// never deleted, and a fresh one started so lookups still work; if even
    /// that fails, history lives in memory for this run and the notice says so.
    pub fn open(path: &Path) -> Opened {
        let (sqlite, notice) = sqlite::Sqlite::open(path);
        Opened { store: Store::of(Backend::Sqlite(sqlite)), notice }
    }

    pub fn open_in_memory() -> Store {
        Store::of(Backend::Sqlite(sqlite::Sqlite::open_in_memory()))
    }

    /// The team's history on PostgreSQL, with its spool in `data_dir`. An
    /// unreachable server is not a failure: lookups go to the spool until it
    /// answers, and the notice says so. Whatever the spool held from an
    /// earlier run is sent first.
    pub async fn open_team(url: &TeamUrl, data_dir: &Path) -> Result<Opened, StoreError> {
        let spool = data_dir.join(url.spool_file_name());
        if let Some(older) = url.unambiguous_older_spool_file_name().map(|name| data_dir.join(name))
            && older.exists()
            && !spool.exists()
        {
            // A spool named before names carried a digest: its name says
            // which history it waits for only when nothing was lost in
            // making it a file name; then it is taken over, whole.
            postgres::adopt_older_spool(&older, &spool);
        }
        let (team, notice) = postgres::Team::open(url, &spool).await?;
        Ok(Opened { store: Store::of(Backend::Postgres(std::sync::Arc::new(team))), notice })
    }

    /// Where the history is, for people: a path or a URL without password.
    pub fn location(&self) -> String {
        match &self.backend {
            Backend::Sqlite(s) => s.path().display().to_string(),
            Backend::Postgres(t) => t.location().to_owned(),
        }
    }

    /// Where lookups wait while the team history is away (`None` for the
    /// embedded history).
    pub fn spool_path(&self) -> Option<&Path> {
        self.team().map(|t| t.spool_path())
    }

    /// The file of an embedded history (`None` for a team's).
    pub fn path(&self) -> Option<&Path> {
        match &self.backend {
            Backend::Sqlite(s) => Some(s.path()),
            Backend::Postgres(_) => None,
        }
    }

    /// Which backend and whether it is reachable, for the status bar.
    pub fn health(&self) -> Health {
        self.team().map_or(Health::Embedded, |t| t.health())
    }

    /// Starts a task that reports the team history's lookups as teammates
    /// record them (`None` for the embedded history: only this process
    /// writes what its screen shows). It stops when `report` returns false
    /// or its handle is dropped.
    pub fn watch_team(&self, report: impl Fn(TeamEvent) -> bool + Send + Sync + 'static) -> Option<TeamWatch> {
        self.team().map(|t| t.watch(report))
    }

    /// Sends what waits in the spool, if the team history answers; returns
    /// how many were sent. Called when the server may answer again (the
    /// watcher reconnected, or the operator asked to try now): it is tried
    /// at once, whatever the backoff said.
    pub async fn flush_spool(&self) -> Result<usize, StoreError> {
        let Some(team) = self.team() else { return Ok(0) };
        team.nudge();
        team.flush().await
    }

    /// How many lookups wait in the spool for the team history.
    pub fn spooled(&self) -> usize {
        self.team().map_or(0, |t| t.spooled())
    }

    pub async fn record(&self, l: &NewLookup<'_>) -> Result<Recorded, StoreError> {
        each_backend!(self, s => s.record(l))
    }

    /// Many records in one transaction (filling a store for benchmarks).
    pub async fn record_many<'a>(&self, lookups: impl IntoIterator<Item = NewLookup<'a>>) -> Result<usize, StoreError> {
        each_backend!(self, s => s.record_many(lookups))
    }

    /// For a process that writes batches of thousands and nothing else.
    pub fn for_bulk_writes(&self) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Sqlite(s) => s.for_bulk_writes(),
            Backend::Postgres(_) => Ok(()),
        }
    }

    /// Deletes lookups checked before `cutoff`; returns how many.
    pub async fn prune(&self, cutoff: DateTime<Utc>) -> Result<usize, StoreError> {
        each_backend!(self, s => s.prune(cutoff))
    }

    /// Up to `limit` rows of the list `filter` selects, in `order`, next to
    /// `anchor`, in display order, each with its place for the next read.
    pub async fn window(
        &self,
        filter: &Filter,
        order: Order,
        anchor: &Anchor,
        limit: usize,
    ) -> Result<Vec<(Summary, Place)>, StoreError> {
        // Rows that cannot be read are passed over, and as many more are
        // read past them, so a bad row neither ends the list early (the
        // caller reads "fewer than asked" as its end) nor fails the read.
        let backwards = matches!(anchor, Anchor::End | Anchor::Before(_));
        let (mut anchor, mut kept) = (anchor.clone(), Vec::new());
        loop {
            let wanted = limit - kept.len();
            let raw = each_backend!(shared self, s => query::window(s, filter, order, &anchor, wanted))?;
            let full = raw.len() == wanted;
            let edge = if backwards { raw.first() } else { raw.last() }.map(|(_, place)| place.clone());
            let mut good = Vec::with_capacity(raw.len());
            for (summary, place) in raw {
                match summary {
                    Ok(summary) => good.push((summary, place)),
                    Err(why) => self.skip(why),
                }
            }
            let short = good.len() < wanted;
            if backwards {
                good.append(&mut kept);
                kept = good;
            } else {
                kept.append(&mut good);
            }
            match edge {
                Some(edge) if full && short => {
                    anchor = if backwards { Anchor::Before(edge) } else { Anchor::After(edge) };
                }
                _ => return Ok(kept),
            }
        }
    }

    /// Where the lookup `store_id` sits in `order`, to read the rows around
    /// it (the list keeps its selection when it is sorted another way).
    pub async fn place_of(&self, store_id: i64, order: Order) -> Result<Option<Place>, StoreError> {
        each_backend!(shared self, s => query::place_of(s, store_id, order))
    }

    /// How many rows the list `filter` selects: the whole history's count is
    /// kept with the rows, so it costs nothing at any size; a filter's count
    /// stops at [`COUNT_CAP`].
    pub async fn count_matching(&self, filter: &Filter) -> Result<Count, StoreError> {
        each_backend!(shared self, s => query::count_matching(s, filter))
    }

    /// A whole lookup; `None` when it is not there, or could not be read
    /// (then it is passed over, see [`Skipped`]).
    pub async fn load(&self, store_id: i64) -> Result<Option<StoredLookup>, StoreError> {
        let found = each_backend!(self, s => s.load(store_id))?;
        Ok(self.readable(found))
    }

    /// A row that was read, or `None` when it could not be (it is counted).
    fn readable<T>(&self, found: Option<Result<T, String>>) -> Option<T> {
        match found? {
            Ok(read) => Some(read),
            Err(why) => {
                self.skip(why);
                None
            }
        }
    }

    /// The newest successful answer for an invoice checked before `before`.
    pub async fn last_good(&self, invoice: &InvoiceId, before: i64) -> Result<Option<StoredLookup>, StoreError> {
        match each_backend!(shared self, s => query::last_good(s, invoice, before))? {
            Some(id) => self.load(id).await,
            None => Ok(None),
        }
    }

    /// A handle for long reads (an export of the whole history) that should
    /// not hold up the list and the recording: a second, read-only SQLite
    /// connection, or the team's pool, shared (each read takes a connection
    /// of the pool); `None` for a history kept in memory.
    pub fn reader(&self) -> Result<Option<Store>, StoreError> {
        Ok(match &self.backend {
            Backend::Sqlite(s) => s.reader()?.map(|s| Store::of(Backend::Sqlite(s))),
            Backend::Postgres(t) => Some(Store::of(Backend::Postgres(t.clone()))),
        })
    }

    /// For an answer: how many lookups of other invoices saw its card ID and
    /// its IP, counted up to [`SEEN_CAP`] + 1 (`None` where the answer has
    /// no card ID or IP; checks of the same invoice do not count).
    pub async fn seen_elsewhere(&self, answer: &Answer) -> Result<Seen, StoreError> {
        Ok(self.seen_elsewhere_many(&[answer]).await?.first().copied().unwrap_or_default())
    }

    /// [`Store::seen_elsewhere`] for many answers: one request to a team
    /// history, one stretch of local work for SQLite.
    pub async fn seen_elsewhere_many(&self, answers: &[&Answer]) -> Result<Vec<Seen>, StoreError> {
        let asked: Vec<_> = answers
            .iter()
            .map(|a| {
                let t = a.transaction.as_ref();
                (t.and_then(|t| t.card_id.as_deref()), t.and_then(|t| t.ip.as_deref()), &a.invoice)
            })
            .collect();
        match &self.backend {
            Backend::Postgres(team) => team.seen_elsewhere_many(&asked).await,
            Backend::Sqlite(s) => {
                let count = |column, value: Option<&str>, invoice| {
                    value.map(|v| s.count_others(column, v, invoice)).transpose()
                };
                asked
                    .iter()
                    .map(|(card, ip, invoice)| Ok((count("card_id", *card, invoice)?, count("ip", *ip, invoice)?)))
                    .collect()
            }
        }
    }

    /// Changes the invoice's case (opening it if it has none) and returns
    /// it with its whole trail. Each change is a new entry by `who` at
    /// `at`; nothing is overwritten. A team history that is away keeps
    /// nothing for later: the change is refused and nothing is written.
    pub async fn change_case(
        &self,
        invoice: &InvoiceId,
        who: &Checker,
        at: DateTime<Utc>,
        changes: &[Change],
        opening: &Opening,
    ) -> Result<CaseFile, CaseError> {
        let c = cases::Changing { invoice, who, at, changes, opening };
        each_backend!(self, s => s.change_case(&c))
    }

    /// The invoice's case with its whole trail, if it has one.
    pub async fn case(&self, invoice: &InvoiceId) -> Result<Option<CaseFile>, StoreError> {
        each_backend!(self, s => s.case(invoice))
    }

    /// Every case as it stands, in the list's order (open cases by
    /// deadline, overdue first).
    pub async fn cases(&self) -> Result<Vec<Case>, StoreError> {
        let read = each_backend!(self, s => s.cases())?;
        let mut cases: Vec<Case> = read.into_iter().filter_map(|case| self.readable(Some(case))).collect();
        cases.sort_by(Case::list_order);
        Ok(cases)
    }

    /// Runs SQL as it is, for tests of what the schema refuses.
    #[cfg(test)]
    async fn execute_raw(&self, sql: &str) -> Result<usize, StoreError> {
        each_backend!(self, s => s.execute_raw(sql))
    }

    /// History rows, newest first: the list's window from its start.
    pub async fn summaries(&self, filter: &Filter, limit: Option<usize>) -> Result<Vec<Summary>, StoreError> {
        let rows = self.window(filter, Order::Newest, &Anchor::Start, limit.unwrap_or(usize::MAX)).await?;
        Ok(rows.into_iter().map(|(summary, _)| summary).collect())
    }

    /// Every check of one invoice, oldest first.
    /// (`latest`: only that many of the newest, for a screen; an invoice
    /// watched for days has hundreds).
    pub async fn timeline(&self, invoice: &InvoiceId, latest: Option<usize>) -> Result<Vec<TimelinePoint>, StoreError> {
        let mut rows = self.summaries(&Filter::Invoice(*invoice), latest).await?;
        rows.reverse();
        Ok(rows
            .into_iter()
            .map(|s| TimelinePoint {
                store_id: s.store_id,
                checked_at: s.checked_at,
                kind: s.kind,
                result_code: s.result_code,
                status: s.status,
                changed: s.changed,
                operator: s.operator,
            })
            .collect())
    }

    /// Whole lookups, newest first, handed to `each` one by one and read a
    /// page at a time: `history` and exports of ten million lookups hold a
    /// page in memory, not the history. Returns how many.
    pub async fn each_lookup<E: From<StoreError>>(
        &self,
        filter: &Filter,
        limit: Option<usize>,
        mut each: impl FnMut(StoredLookup) -> Result<(), E>,
    ) -> Result<usize, E> {
        const PAGE: usize = 500;
        let limit = limit.unwrap_or(usize::MAX);
        let (mut anchor, mut done) = (Anchor::Start, 0);
        while done < limit {
            let rows = self.window(filter, Order::Newest, &anchor, PAGE.min(limit - done)).await?;
            let Some((_, last)) = rows.last() else { break };
            anchor = Anchor::After(last.clone());
            for (summary, _) in rows {
                // Pruned since the page was read: nothing to hand over.
                if let Some(lookup) = self.load(summary.store_id).await? {
                    each(lookup)?;
                    done += 1;
                }
            }
        }
        Ok(done)
    }
}

/// Where the history file lives under a data dir.
pub fn path_in(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

#[cfg(test)]
mod case_tests;
#[cfg(test)]
mod tests;
