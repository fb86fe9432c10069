//! History in SQLite: every lookup, what ePay said, when and from which
//! profile. Never a secret or a token. Several processes may write at once
//! (WAL, a busy timeout, one short transaction per write).

mod cases;
mod engine;
mod schema;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::query::Engine;
use super::row::{Columns, SETTLED_ROW, STORED_FIELDS, format_time, stored};
use super::{KeyValue, NewLookup, Recorded, SEEN_CAP, StoreError, StoredLookup};
use crate::epay::InvoiceId;
pub use schema::VERSION as SCHEMA_VERSION;

pub const FILE_NAME: &str = "history.sqlite3";

fn store_error(path: &Path, source: rusqlite::Error) -> StoreError {
    let location = location(path);
    if is_damage(&source) { StoreError::Damaged { location, source } } else { StoreError::File { location, source } }
}

fn location(path: &Path) -> String {
    format!("history database {}", path.display())
}

/// The embedded history: one SQLite file. Several processes may write at
/// once (WAL, a busy timeout, one short transaction per write).
#[derive(Debug)]
pub struct Sqlite {
    /// Shared by a store's tasks; each call holds it only while SQLite works.
    conn: Mutex<Connection>,
    path: PathBuf,
}

/// Every connection: guarded by our own mutex, never through a link.
const SHARED: OpenFlags = OpenFlags::SQLITE_OPEN_NO_MUTEX.union(OpenFlags::SQLITE_OPEN_NOFOLLOW);
const READ_ONLY: OpenFlags = OpenFlags::SQLITE_OPEN_READ_ONLY.union(SHARED);

/// A connection to the file at `path` that waits out another writer.
fn connect(path: &Path, flags: OpenFlags) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(path, flags).map_err(|e| store_error(path, e))?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| store_error(path, e))?;
    Ok(conn)
}

/// A lookup as the file holds it, in the order it was written.
pub(in crate::store) struct FileRow {
    pub id: i64,
    /// The idempotency key of a spooled lookup.
    pub key: Option<String>,
    /// Or why the row cannot be read: the reader decides what that means.
    pub lookup: Result<StoredLookup, String>,
    /// "Status changed", as decided when it was recorded.
    pub changed: bool,
}

impl Sqlite {
    /// See [`super::Store::open`].
    pub fn open(path: &Path) -> (Sqlite, Option<super::Notice>) {
        let first = match Self::open_file(path) {
            Ok(store) => return (store, None),
            Err(e) => e,
        };
        let StoreError::Damaged { source: why, .. } = &first else {
            // Locked, unwritable or from a newer version: the file is left
            // exactly as it is.
            return Self::in_memory_after(first.to_string());
        };
        let aside = match set_aside(path) {
            Ok(aside) => aside,
            Err(e) => return Self::in_memory_after(format!("{first}; and it could not be set aside: {e}")),
        };
        match Self::open_file(path) {
            Ok(store) => (
                store,
                Some(super::Notice::Damaged {
                    path: path.display().to_string(),
                    why: why.to_string(),
                    aside: aside.display().to_string(),
                }),
            ),
            Err(second) => Self::in_memory_after(format!("{first}; a fresh one failed too: {second}")),
        }
    }

    fn in_memory_after(why: String) -> (Sqlite, Option<super::Notice>) {
        (Self::open_in_memory(), Some(super::Notice::InMemory { why }))
    }

    pub fn open_in_memory() -> Sqlite {
        let mut conn = Connection::open_in_memory().expect("SQLite opens an in-memory database");
        schema::migrate(&mut conn).expect("the schema applies to an empty in-memory database");
        Sqlite { conn: Mutex::new(conn), path: PathBuf::from(":memory:") }
    }

    pub(super) fn open_file(path: &Path) -> Result<Sqlite, StoreError> {
        let err = |source| store_error(path, source);
        // Made private before SQLite opens it: SQLite gives its -wal and
        // -shm files the database file's mode, and they hold the same data.
        // Never after: closing any descriptor of a file drops every POSIX
        // lock this process holds on it, SQLite's included, and another
        // process would then reset the shared memory under us (SIGBUS).
        restrict_permissions(path).map_err(|source| StoreError::Private { location: location(path), source })?;
        let mut conn = connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | SHARED)?;
        // The first real read: a file that is not a database fails here.
        enable_wal(&conn).map_err(err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(err)?;
        let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(err)?;
        if found > schema::VERSION {
            return Err(StoreError::Newer {
                location: location(path),
                found: found.into(),
                knows: schema::VERSION.into(),
            });
        }
        // A failing migration is our bug, not a damaged file: leave it be.
        schema::migrate(&mut conn).map_err(|source| StoreError::File { location: location(path), source })?;
        Ok(Sqlite { conn: Mutex::new(conn), path: path.to_path_buf() })
    }

    /// A history file opened only to be read (`history import`): nothing
    /// in it is changed, not even its mode; one of another version is
    /// refused rather than migrated.
    pub(super) fn open_read_only(path: &Path) -> Result<Sqlite, StoreError> {
        let conn = connect(path, READ_ONLY)?;
        let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| store_error(path, e))?;
        let location = location(path);
        if found > schema::VERSION {
            return Err(StoreError::Newer { location, found: found.into(), knows: schema::VERSION.into() });
        }
        if found < schema::VERSION {
            let why = format!(
                "written by an older epay-status (schema {found}): start epay-status once with this file as its \
                 history (history_url left out) to bring it up to date"
            );
            return Err(StoreError::Unreadable { location, why });
        }
        Ok(Sqlite { conn: Mutex::new(conn), path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        crate::sync::lock(&self.conn)
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        store_error(&self.path, source)
    }

    /// Runs `work` in one IMMEDIATE transaction: the write lock is taken at
    /// its start, waiting on the busy timeout (a deferred one would fail
    /// when another process wrote between its first read and its first
    /// write), so what it reads is still so when it writes.
    fn immediate<T>(&self, work: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<T>) -> Result<T, StoreError> {
        let conn = self.conn();
        let run = || {
            let tx = rusqlite::Transaction::new_unchecked(&conn, rusqlite::TransactionBehavior::Immediate)?;
            let done = work(&tx)?;
            tx.commit().map(|()| done)
        };
        run().map_err(|e| self.err(e))
    }

    pub fn record(&self, l: &NewLookup) -> Result<Recorded, StoreError> {
        self.record_keyed(l, None)
    }

    /// With an idempotency key, a lookup kept for the team history (this
    /// file is then the spool). The previous status is read and the row
    /// written under one write lock, so two processes recording the same
    /// invoice at once cannot both compare against the same earlier check.
    pub(in crate::store) fn record_keyed(&self, l: &NewLookup, key: Option<&str>) -> Result<Recorded, StoreError> {
        self.immediate(|tx| {
            let recorded = insert(tx, l, key)?;
            added(tx, recorded.store_id, 1).map(|()| recorded)
        })
    }

    /// For a process that writes batches of thousands and nothing else
    /// (`fill-history`): room for a batch's pages, so they are not spilled
    /// to the WAL before the commit writes them anyway (64 MB at most). The
    /// dashboard keeps SQLite's default: its memory follows the screen.
    pub fn for_bulk_writes(&self) -> Result<(), StoreError> {
        self.conn().pragma_update(None, "cache_size", -64 * 1024).map_err(|e| self.err(e))
    }

    /// Many records in one transaction (filling a store for benchmarks).
    pub fn record_many<'a>(&self, lookups: impl IntoIterator<Item = NewLookup<'a>>) -> Result<usize, StoreError> {
        self.immediate(|tx| {
            let (mut first, mut n) = (None, 0);
            for l in lookups {
                first.get_or_insert(insert(tx, &l, None)?.store_id);
                n += 1;
            }
            if let Some(first) = first {
                added(tx, first, n)?;
            }
            Ok(n)
        })
    }

    /// The oldest `limit` lookups the spool holds, with their keys.
    pub(in crate::store) fn spooled(&self, limit: usize) -> Result<Vec<(i64, String, StoredLookup)>, StoreError> {
        self.in_order(0, limit)?
            .into_iter()
            .map(|r| {
                let lookup = r.lookup.map_err(|why| self.column_error(why))?;
                r.key.map(|key| (r.id, key, lookup)).ok_or_else(|| self.column_error("no key".into()))
            })
            .collect()
    }

    /// Up to `limit` lookups after the id `after`, in the order they were
    /// written, with their keys where they have one (the spool's have) and
    /// whether their status changed, as decided when they were recorded.
    pub(in crate::store) fn in_order(&self, after: i64, limit: usize) -> Result<Vec<FileRow>, StoreError> {
        let sql = format!(
            "SELECT {}, lookup_key, status_changed FROM lookups WHERE id > ?1 ORDER BY id LIMIT ?2",
            *STORED_FIELDS
        );
        let limit = KeyValue::Int(limit.min(i64::MAX as usize) as i64);
        self.rows(&sql, &[KeyValue::Int(after), limit], &mut |r| {
            let id = r.id(0).map_err(|why| self.column_error(why))?;
            let read = || -> Result<_, String> { Ok((r.text(16)?, stored(r, false)?, r.flag(17)?.unwrap_or(false))) };
            Ok(match read() {
                Ok((key, lookup, changed)) => FileRow { id, key, lookup: Ok(lookup), changed },
                Err(why) => FileRow { id, key: None, lookup: Err(why), changed: false },
            })
        })
    }

    /// Forgets spooled lookups the team history now holds.
    pub(in crate::store) fn unspool(&self, ids: &[i64]) -> Result<(), StoreError> {
        self.immediate(|tx| {
            for id in ids {
                tx.prepare_cached("DELETE FROM lookups WHERE id = ?1")?.execute([id])?;
            }
            Ok(())
        })
    }

    /// How many lookups the file holds (kept with the rows).
    pub(in crate::store) fn count_all(&self) -> Result<usize, StoreError> {
        let n: i64 = self.conn().query_row("SELECT n FROM lookup_count", [], |r| r.get(0)).map_err(|e| self.err(e))?;
        Ok(n.max(0) as usize)
    }

    /// Deletes lookups checked before `cutoff`; returns how many.
    pub fn prune(&self, cutoff: DateTime<Utc>) -> Result<usize, StoreError> {
        self.conn().execute("DELETE FROM lookups WHERE checked_at < ?1", [format_time(cutoff)]).map_err(|e| self.err(e))
    }

    /// A whole lookup, or why its row could not be read.
    pub fn load(&self, store_id: i64) -> Result<Option<Result<StoredLookup, String>>, StoreError> {
        self.conn()
            .prepare_cached(&format!("SELECT {} FROM lookups WHERE id = ?1", *STORED_FIELDS))
            .and_then(|mut stmt| stmt.query_row([store_id], |r| Ok(stored(r, false))).optional())
            .map_err(|e| self.err(e))
    }

    /// A second, read-only connection to the same file, for long reads
    /// (an export of the whole history) that should not hold up the list
    /// and the recording; `None` for a history kept in memory.
    pub fn reader(&self) -> Result<Option<Sqlite>, StoreError> {
        if self.path == Path::new(":memory:") {
            return Ok(None);
        }
        Ok(Some(Sqlite { conn: Mutex::new(connect(&self.path, READ_ONLY)?), path: self.path.clone() }))
    }

    /// Counted up to [`SEEN_CAP`] + 1: a card in thousands of lookups (a
    /// test card, a busy corporate one) is "more than" that, and counting
    /// them all for every answer made batches slower as the history grew.
    /// The index holds the invoice beside the card and the IP (schema v5),
    /// so no row is read, and the invoice's own checks (a watched invoice
    /// has hundreds) are stepped over, not counted past.
    pub(super) fn count_others(
        &self,
        column: &'static str,
        value: &str,
        invoice: &InvoiceId,
    ) -> Result<usize, StoreError> {
        let side = |op: &str| {
            format!("(SELECT count(*) FROM (SELECT 1 FROM lookups WHERE {column} = ?1 AND invoice {op} ?2 LIMIT ?3))")
        };
        let sql = format!("SELECT {} + {}", side("<"), side(">"));
        let n: i64 = self
            .conn()
            .prepare_cached(&sql)
            .and_then(|mut stmt| stmt.query_row(params![value, invoice.as_str(), SEEN_CAP as i64 + 1], |r| r.get(0)))
            .map_err(|e| self.err(e))?;
        Ok((n.max(0) as usize).min(SEEN_CAP + 1))
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

/// Writes one row; the caller adds it to the search index. `key`: the
/// lookup's idempotency key, kept while it waits in the spool.
fn insert(conn: &Connection, l: &NewLookup, key: Option<&str>) -> rusqlite::Result<Recorded> {
    let c = Columns::of(l).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    let changed_from = match &c.settled {
        Some(now) => {
            let sql =
                format!("SELECT status FROM lookups WHERE invoice = ?1 AND {SETTLED_ROW} ORDER BY id DESC LIMIT 1");
            let before =
                conn.prepare_cached(&sql)?.query_row([l.invoice.as_str()], |r| r.get::<_, String>(0)).optional()?;
            crate::epay::changed_from(before.as_deref(), now)
        }
        None => None,
    };
    conn.prepare_cached(
        "INSERT INTO lookups (checked_at, profile, api_host, invoice, requested_type, kind, http_status,
                result_code, result_message, status, amount, currency, card_mask, card_id, ip, ip_country,
                error_kind, error_message, error_detail, answer, search_text, status_changed, attempts,
                amount_num, amount_sent, operator, machine, lookup_key, id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                     ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
    )?
    .execute(params![
        format_time(l.checked_at),
        c.profile,
        c.api_host,
        l.invoice.as_str(),
        l.requested.as_str(),
        c.kind.as_str(),
        c.http_status,
        c.result_code,
        c.result_message,
        c.status,
        c.amount,
        c.currency,
        c.card_mask,
        c.card_id,
        c.ip,
        c.ip_country,
        c.error_kind,
        c.error_message,
        c.error_detail,
        c.answer,
        c.search_text,
        changed_from.is_some(),
        c.attempts,
        c.amount_num,
        c.amount_sent,
        c.operator,
        c.machine,
        key,
        // NULL: SQLite picks the next rowid. A spooled lookup's id is never
        // used again (see `record_keyed`).
        key.map(|_| never_reused_id(conn)).transpose()?,
    ])?;
    Ok(Recorded { store_id: conn.last_insert_rowid(), changed_from })
}

/// An id for a spooled lookup that no earlier one had: a dashboard may
/// still show a sent lookup by its spool id, and SQLite would start again
/// from 1 once the spool is empty. The time in microseconds only grows.
fn never_reused_id(conn: &Connection) -> rusqlite::Result<i64> {
    let next: i64 = conn.query_row("SELECT ifnull(max(id), 0) + 1 FROM lookups", [], |r| r.get(0))?;
    let micros = Utc::now().timestamp_micros();
    Ok(next.max(micros))
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

#[cfg(test)]
mod tests;

/// The result of a future that never waits: the shared case writer
/// (`store::cases`) is async for PostgreSQL, and SQLite's side of it
/// answers at once.
fn at_once<T>(work: impl std::future::Future<Output = T>) -> Result<T, StoreError> {
    let mut work = std::pin::pin!(work);
    match work.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop())) {
        std::task::Poll::Ready(done) => Ok(done),
        std::task::Poll::Pending => Err(StoreError::Misuse("a SQLite write waited".into())),
    }
}
