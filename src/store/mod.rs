//! History in SQLite: every lookup, what ePay said, when and from which
//! profile. Never a secret or a token. Several processes may write at once
//! (WAL, a busy timeout, one short transaction per write).

mod packing;
mod row;
mod schema;
mod window;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};

use crate::checker::Checker;
use crate::epay::{Answer, Failure, InvoiceId, LookupError};
pub use row::{NewLookup, Recorded, StoredLookup, Summary, TimelinePoint};
use row::{format_time, parse_decimal, parse_kind, parse_time, parse_type, search_text};
pub use schema::VERSION as SCHEMA_VERSION;
pub use window::{Anchor, COUNT_CAP, Count, Order, Place};

pub const FILE_NAME: &str = "history.sqlite3";

/// The most "seen in other lookups" counts: above it, "more than".
pub const SEEN_CAP: usize = 100;

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

impl Filter {
    pub fn describe(&self) -> String {
        match self {
            Self::All => "all".into(),
            Self::Text(t) => format!("“{t}”"),
            Self::Card { mask: Some(mask), .. } => format!("card {mask}, other invoices"),
            Self::Card { .. } => "this card, other invoices".into(),
            Self::Ip { ip, .. } => format!("IP {ip}, other invoices"),
            Self::Invoice(i) => format!("invoice {i}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("history database {path}: {message}")]
pub struct StoreError {
    pub path: String,
    pub message: String,
    /// The file is not a database or is corrupt (not merely locked).
    pub damaged: bool,
}

/// For writers of the history (`history`, exports): a store error is one
/// more reason the output could not be written.
impl From<StoreError> for std::io::Error {
    fn from(e: StoreError) -> Self {
        std::io::Error::other(e)
    }
}

impl StoreError {
    fn new(path: &Path, source: rusqlite::Error) -> Self {
        Self { path: path.display().to_string(), damaged: is_damage(&source), message: source.to_string() }
    }
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// A store that could be opened, and what the operator should be told.
pub struct Opened {
    pub store: Store,
    pub notice: Option<String>,
}

impl Store {
    /// Opens (or creates) the history file. A damaged file is renamed aside,
    /// never deleted, and a fresh one started so lookups still work; if even
    /// that fails, history lives in memory for this run and the notice says so.
    pub fn open(path: &Path) -> Opened {
        let first = match Self::open_file(path) {
            Ok(store) => return Opened { store, notice: None },
            Err(e) => e,
        };
        if !first.damaged {
            // Locked, unwritable or from a newer version: the file is left
            // exactly as it is.
            return Self::in_memory_after(first.to_string());
        }
        let aside = match set_aside(path) {
            Ok(aside) => aside,
            Err(e) => return Self::in_memory_after(format!("{first}; and it could not be set aside: {e}")),
        };
        match Self::open_file(path) {
            Ok(store) => Opened {
                store,
                notice: Some(format!(
                    "history database {} was damaged ({}); kept it as {} and started a fresh one",
                    path.display(),
                    first.message,
                    aside.display()
                )),
            },
            Err(second) => Self::in_memory_after(format!("{first}; a fresh one failed too: {second}")),
        }
    }

    fn in_memory_after(why: String) -> Opened {
        let store = Self::open_in_memory();
        Opened { store, notice: Some(format!("{why}; history is kept in memory for this run only")) }
    }

    pub fn open_in_memory() -> Store {
        let mut conn = Connection::open_in_memory().expect("SQLite opens an in-memory database");
        schema::migrate(&mut conn).expect("the schema applies to an empty in-memory database");
        Store { conn, path: PathBuf::from(":memory:") }
    }

    fn open_file(path: &Path) -> Result<Store, StoreError> {
        let err = |source| StoreError::new(path, source);
        // Made private before SQLite opens it: SQLite gives its -wal and
        // -shm files the database file's mode, and they hold the same data.
        // Never after: closing any descriptor of a file drops every POSIX
        // lock this process holds on it, SQLite's included, and another
        // process would then reset the shared memory under us (SIGBUS).
        restrict_permissions(path).map_err(|e| StoreError {
            path: path.display().to_string(),
            message: format!("cannot make it private: {e}"),
            damaged: false,
        })?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_NOFOLLOW;
        let mut conn = Connection::open_with_flags(path, flags).map_err(err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        // The first real read: a file that is not a database fails here.
        enable_wal(&conn).map_err(err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(err)?;
        let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(err)?;
        if found > schema::VERSION {
            return Err(StoreError {
                path: path.display().to_string(),
                message: format!("written by a newer epay-status (schema {found}; this one knows {})", schema::VERSION),
                damaged: false,
            });
        }
        // A failing migration is our bug, not a damaged file: leave it be.
        schema::migrate(&mut conn).map_err(|e| StoreError { damaged: false, ..err(e) })?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError::new(&self.path, source)
    }

    pub fn record(&self, l: &NewLookup) -> Result<Recorded, StoreError> {
        // IMMEDIATE: the previous status is read and the row written under
        // one write lock, so two processes recording the same invoice at
        // once cannot both compare against the same earlier check.
        let tx = rusqlite::Transaction::new_unchecked(&self.conn, rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| self.err(e))?;
        let recorded = insert(&tx, l).and_then(|r| added(&tx, r.store_id, 1).map(|()| r)).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(recorded)
    }

    /// For a process that writes batches of thousands and nothing else
    /// (`fill-history`): room for a batch's pages, so they are not spilled
    /// to the WAL before the commit writes them anyway (64 MB at most). The
    /// dashboard keeps SQLite's default: its memory follows the screen.
    pub fn for_bulk_writes(&self) -> Result<(), StoreError> {
        self.conn.pragma_update(None, "cache_size", -64 * 1024).map_err(|e| self.err(e))
    }

    /// Many records in one transaction (filling a store for benchmarks).
    pub fn record_many<'a>(&mut self, lookups: impl IntoIterator<Item = NewLookup<'a>>) -> Result<usize, StoreError> {
        let path = self.path.clone();
        let err = |source| StoreError::new(&path, source);
        // IMMEDIATE takes the write lock at the start, waiting on the busy
        // timeout; a deferred transaction would fail when another process
        // wrote between its first read and its first write.
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(err)?;
        let mut first = None;
        let mut n = 0;
        for l in lookups {
            let recorded = insert(&tx, &l).map_err(err)?;
            first.get_or_insert(recorded.store_id);
            n += 1;
        }
        if let Some(first) = first {
            added(&tx, first, n).map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(n)
    }

    /// Deletes lookups checked before `cutoff`; returns how many.
    pub fn prune(&self, cutoff: DateTime<Utc>) -> Result<usize, StoreError> {
        self.conn.execute("DELETE FROM lookups WHERE checked_at < ?1", [format_time(cutoff)]).map_err(|e| self.err(e))
    }

    /// History rows, newest first: the list's window from its start.
    pub fn summaries(&self, filter: &Filter, limit: Option<usize>) -> Result<Vec<Summary>, StoreError> {
        let rows = self.window(filter, Order::Newest, &Anchor::Start, limit.unwrap_or(usize::MAX))?;
        Ok(rows.into_iter().map(|(summary, _)| summary).collect())
    }

    /// Every check of one invoice, oldest first.
    /// (`latest`: only that many of the newest, for a screen; an invoice
    /// watched for days has hundreds).
    pub fn timeline(&self, invoice: &InvoiceId, latest: Option<usize>) -> Result<Vec<TimelinePoint>, StoreError> {
        let mut rows = self.summaries(&Filter::Invoice(*invoice), latest)?;
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

    pub fn load(&self, store_id: i64) -> Result<Option<StoredLookup>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT id, checked_at, profile, api_host, invoice, requested_type, kind, http_status,
                        error_kind, error_message, error_detail, answer, status_changed, attempts, operator, machine
                 FROM lookups WHERE id = ?1",
            )
            .and_then(|mut stmt| stmt.query_row([store_id], stored).optional())
            .map_err(|e| self.err(e))
    }

    /// Whole lookups, newest first (a few: a timeline's, a test's).
    pub fn lookups(&self, filter: &Filter, limit: Option<usize>) -> Result<Vec<StoredLookup>, StoreError> {
        let mut all = Vec::new();
        self.each_lookup(filter, limit, |l| {
            all.push(l);
            Ok::<(), StoreError>(())
        })?;
        Ok(all)
    }

    /// Whole lookups, newest first, handed to `each` one by one and read a
    /// page at a time: `history` and exports of ten million lookups hold a
    /// page in memory, not the history. Returns how many.
    pub fn each_lookup<E: From<StoreError>>(
        &self,
        filter: &Filter,
        limit: Option<usize>,
        mut each: impl FnMut(StoredLookup) -> Result<(), E>,
    ) -> Result<usize, E> {
        const PAGE: usize = 500;
        let limit = limit.unwrap_or(usize::MAX);
        let (mut anchor, mut done) = (Anchor::Start, 0);
        while done < limit {
            let rows = self.window(filter, Order::Newest, &anchor, PAGE.min(limit - done))?;
            let Some((_, last)) = rows.last() else { break };
            anchor = Anchor::After(last.clone());
            for (summary, _) in rows {
                // Pruned since the page was read: nothing to hand over.
                if let Some(lookup) = self.load(summary.store_id)? {
                    each(lookup)?;
                    done += 1;
                }
            }
        }
        Ok(done)
    }

    /// A second, read-only connection to the same file, for long reads
    /// (an export of the whole history) that should not hold up the list
    /// and the recording; `None` for a history kept in memory.
    pub fn reader(&self) -> Result<Option<Store>, StoreError> {
        if self.path == Path::new(":memory:") {
            return Ok(None);
        }
        let flags =
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_NOFOLLOW;
        let conn = Connection::open_with_flags(&self.path, flags).map_err(|e| self.err(e))?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| self.err(e))?;
        Ok(Some(Store { conn, path: self.path.clone() }))
    }

    /// The newest successful answer for an invoice checked before `before`.
    pub fn last_good(&self, invoice: &InvoiceId, before: i64) -> Result<Option<StoredLookup>, StoreError> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM lookups WHERE invoice = ?1 AND id < ?2 AND result_code = '100'
                 ORDER BY id DESC LIMIT 1",
                params![invoice.as_str(), before],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        match id {
            Some(id) => self.load(id),
            None => Ok(None),
        }
    }

    /// How many lookups of other invoices recorded this card ID / this IP
    /// (checks of the same invoice share them trivially).
    pub fn others_with_card(&self, card_id: &str, invoice: &InvoiceId) -> Result<usize, StoreError> {
        self.count_others("card_id", card_id, invoice)
    }

    pub fn others_with_ip(&self, ip: &str, invoice: &InvoiceId) -> Result<usize, StoreError> {
        self.count_others("ip", ip, invoice)
    }

    /// For an answer: how many lookups of other invoices saw its card ID and
    /// its IP (`None` where the answer has no card ID or IP).
    pub fn seen_elsewhere(&self, answer: &Answer) -> Result<(Option<usize>, Option<usize>), StoreError> {
        let t = answer.transaction.as_ref();
        let card =
            t.and_then(|t| t.card_id.as_deref()).map(|c| self.others_with_card(c, &answer.invoice)).transpose()?;
        let ip = t.and_then(|t| t.ip.as_deref()).map(|ip| self.others_with_ip(ip, &answer.invoice)).transpose()?;
        Ok((card, ip))
    }

    /// Counted up to [`SEEN_CAP`] + 1: a card in thousands of lookups (a
    /// test card, a busy corporate one) is "more than" that, and counting
    /// them all for every answer made batches slower as the history grew.
    /// The index holds the invoice beside the card and the IP (schema v5),
    /// so no row is read, and the invoice's own checks (a watched invoice
    /// has hundreds) are stepped over, not counted past.
    fn count_others(&self, column: &'static str, value: &str, invoice: &InvoiceId) -> Result<usize, StoreError> {
        let side = |op: &str| {
            format!("(SELECT count(*) FROM (SELECT 1 FROM lookups WHERE {column} = ?1 AND invoice {op} ?2 LIMIT ?3))")
        };
        let sql = format!("SELECT {} + {}", side("<"), side(">"));
        let n: usize = self
            .conn
            .prepare_cached(&sql)
            .and_then(|mut stmt| stmt.query_row(params![value, invoice.as_str(), SEEN_CAP as i64 + 1], |r| r.get(0)))
            .map_err(|e| self.err(e))?;
        Ok(n.min(SEEN_CAP + 1))
    }
}

/// Adds the `n` rows from `first_id` on to the search index and the count,
/// once at the end of the transaction that wrote them (see schema v5).
fn added(conn: &Connection, first_id: i64, n: usize) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO lookups_fts(rowid, search_text) SELECT id, search_text FROM lookups WHERE id >= ?1",
    )?
    .execute([first_id])?;
    conn.prepare_cached("UPDATE lookup_count SET n = n + ?1")?.execute([n as i64]).map(drop)
}

/// Writes one row; the caller adds it to the search index.
fn insert(conn: &Connection, l: &NewLookup) -> rusqlite::Result<Recorded> {
    let (kind, answer, failure) = match l.result {
        Ok(a) => (a.kind, Some(a), None),
        Err(f) => (f.kind, None, Some(f)),
    };
    let t = answer.and_then(|a| a.transaction.as_ref());
    let error_detail = failure.and_then(|f| match &f.error {
        LookupError::Protocol { body_head, .. } if !body_head.is_empty() => Some(body_head.clone()),
        _ => None,
    });
    let settled = answer.filter(|a| a.code.is_success()).and_then(|a| a.status()).map(|s| s.name().to_owned());
    let changed_from = match &settled {
        Some(now) => conn
            .prepare_cached(
                "SELECT status FROM lookups WHERE invoice = ?1 AND result_code = '100' AND status IS NOT NULL
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([l.invoice.as_str()], |r| r.get::<_, String>(0))
            .optional()?
            .filter(|before| before != now),
        None => None,
    };
    let packed = answer
        .map(|a| packing::pack(&a.raw.to_string()))
        .transpose()
        .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    conn.prepare_cached(
        "INSERT INTO lookups (checked_at, profile, api_host, invoice, requested_type, kind, http_status,
                result_code, result_message, status, amount, currency, card_mask, card_id, ip, ip_country,
                error_kind, error_message, error_detail, answer, search_text, status_changed, attempts,
                amount_num, amount_sent, operator, machine)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                     ?22, ?23, CAST(?11 AS REAL), ?24, ?25, ?26)",
    )?
    .execute(params![
        format_time(l.checked_at),
        crate::text::clean(&l.who.profile),
        crate::text::clean(&l.who.api_host),
        l.invoice.as_str(),
        l.requested.as_str(),
        kind.as_str(),
        answer.map(|a| a.http_status),
        answer.map(|a| a.code.code().to_owned()),
        answer.map(|a| a.message.clone()),
        t.and_then(|t| t.status.as_ref()).map(|s| s.name().to_owned()),
        t.and_then(|t| t.amount).map(|d| d.to_string()),
        t.and_then(|t| t.currency.clone()),
        t.and_then(|t| t.card_mask.clone()),
        t.and_then(|t| t.card_id.clone()),
        t.and_then(|t| t.ip.clone()),
        t.and_then(|t| t.ip_country.clone()),
        failure.map(|f| f.error.kind()),
        failure.map(|f| f.error.detail()),
        error_detail,
        packed,
        search_text(l.invoice, kind, l.result),
        changed_from.is_some(),
        failure.map_or(1, |f| f.attempts),
        t.and_then(|t| t.as_received("amount")),
        crate::text::clean(&l.who.operator),
        crate::text::clean(&l.who.machine),
    ])?;
    Ok(Recorded { store_id: conn.last_insert_rowid(), changed_from })
}

/// How long a writer waits for another process's transaction to end.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Switches the file to WAL. When another connection writes to a new file
/// still in rollback mode, SQLite fails the switch with "database is
/// locked" whatever the busy timeout (seen with four `lookup`s started at
/// once), so it is tried again until the timeout has passed.
fn enable_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            done => return done,
        }
    }
}

/// The searched text when it can be the start of an invoice ID (6 to 15 digits).
fn invoice_prefix(text: &str) -> Option<&str> {
    let t = text.trim();
    InvoiceId::parse(t).is_ok().then_some(t)
}

fn summary(r: &Row) -> rusqlite::Result<Summary> {
    let invoice: String = r.get(2)?;
    Ok(Summary {
        store_id: r.get(0)?,
        checked_at: parse_time(&r.get::<_, String>(1)?),
        invoice: InvoiceId::parse(&invoice)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, Box::new(e)))?,
        requested: parse_type(&r.get::<_, String>(3)?),
        kind: parse_kind(&r.get::<_, String>(4)?),
        result_code: r.get(5)?,
        status: r.get(6)?,
        amount: parse_decimal(r.get(7)?),
        currency: r.get(8)?,
        changed: r.get(9)?,
        card_mask: r.get(10)?,
        amount_sent: r.get(11)?,
        operator: r.get(12)?,
    })
}

fn stored(r: &Row) -> rusqlite::Result<StoredLookup> {
    let invoice = InvoiceId::parse(&r.get::<_, String>(4)?)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e)))?;
    let kind = parse_kind(&r.get::<_, String>(6)?);
    let error_kind: Option<String> = r.get(8)?;
    let packed: Option<Vec<u8>> = r.get(11)?;
    let raw = packed.map(|p| packing::unpack(&p));
    let result = match (error_kind, raw) {
        (Some(ek), _) => Err(Failure {
            kind,
            error: LookupError::from_parts(&ek, r.get::<_, Option<String>>(9)?.unwrap_or_default(), r.get(10)?),
            attempts: r.get(13)?,
        }),
        (None, Some(Err(problem))) => Err(Failure::new(kind, LookupError::protocol(problem, ""))),
        (None, Some(Ok(raw))) => {
            let mut value: serde_json::Value = serde_json::from_str(&raw).unwrap_or_default();
            // Rows written by older versions were cleaned by older rules.
            crate::text::clean_json(&mut value);
            let http: u16 = r.get::<_, Option<u16>>(7)?.unwrap_or(200);
            Answer::decode(invoice, kind, http, value).map_err(|e| Failure::new(kind, LookupError::protocol(e.0, raw)))
        }
        (None, None) => Err(Failure::new(kind, LookupError::protocol("nothing was recorded", ""))),
    };
    Ok(StoredLookup {
        store_id: r.get(0)?,
        checked_at: parse_time(&r.get::<_, String>(1)?),
        who: Checker { profile: r.get(2)?, api_host: r.get(3)?, operator: r.get(14)?, machine: r.get(15)? },
        invoice,
        requested: parse_type(&r.get::<_, String>(5)?),
        result,
        changed: r.get(12)?,
    })
}

fn is_damage(e: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if matches!(f.code, NotADatabase | DatabaseCorrupt))
}

/// Renames a damaged file (and its WAL and shared-memory files) aside.
fn set_aside(path: &Path) -> std::io::Result<PathBuf> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let aside = PathBuf::from(format!("{}.damaged-{stamp}", path.display()));
    std::fs::rename(path, &aside)?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", path.display()));
        if side.exists() {
            let _ = std::fs::rename(&side, format!("{}{suffix}", aside.display()));
        }
    }
    Ok(aside)
}

/// History is evidence about customers: readable by its owner only. Creates
/// the file when missing, and narrows the side files an older run left
/// (made under a looser umask).
fn restrict_permissions(path: &Path) -> std::io::Result<()> {
    crate::files::touch_private(path)?;
    for suffix in ["-wal", "-shm"] {
        crate::files::make_private_if_present(&PathBuf::from(format!("{}{suffix}", path.display())))?;
    }
    Ok(())
}

/// Where the history file lives under a data dir.
pub fn path_in(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

#[cfg(test)]
mod tests;
