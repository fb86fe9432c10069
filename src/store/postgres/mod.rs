//! The team history on PostgreSQL, shared by every operator's dashboard.
//! When the server is away, lookups wait in a local spool (a SQLite file in
//! the data dir) and are sent, oldest first, when it answers again; each
//! carries a key the server holds unique, so a lookup sent twice (a crash
//! between the server's commit and the spool's delete) is stored once.

/// Runs `$work`, an expression that awaits on `$db` (a connection of the
/// team's pool), and settles it (see `Team::settle`). A macro, not a
/// closure: an async closure over `&mut Conn` is higher-ranked, and the
/// compiler cannot yet prove its future `Send`, which a tokio task needs.
macro_rules! with_client {
    ($team:expr, $db:ident => $work:expr) => {{
        let team: &$crate::store::postgres::Team = $team;
        let mut retried = false;
        loop {
            let mut conn = match team.conn().await {
                Ok(conn) => conn,
                Err(e) => break Err(e),
            };
            let $db = &mut conn;
            let done = $work;
            if let Some(settled) = team.settle(conn, done, &mut retried) {
                break settled;
            }
        }
    }};
}

mod cases;
mod db;
mod engine;
mod listen;
mod schema;
mod url;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use db::{Conn, Pool};
pub use db::{DbError, Deadlines};
use tokio_postgres::Row;

use super::row::{Columns, STORED_FIELDS, read_opt, stored};
use super::sqlite::Sqlite;
use super::{NewLookup, Recorded, SEEN_CAP, Seen, StoreError, StoredLookup};
use crate::epay::InvoiceId;
use crate::sync::lock;
pub use listen::{TeamEvent, TeamWatch};
pub use schema::VERSION as TEAM_SCHEMA_VERSION;
pub use url::{Environment, TeamUrl, TeamUrlError};

/// The channel teammates' lookups are announced on.
const CHANNEL: &str = "epay_status_lookups";

/// Which history a store keeps, and whether it can reach it: the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Health {
    /// The SQLite file: always at hand.
    Embedded,
    Team {
        reach: Reach,
        spooled: usize,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    Connected,
    Reconnecting,
}

/// The team history: a pool of connections, opened again with backoff
/// when the server is lost. Shared (`Arc`) by every handle on it.
pub struct Team {
    url: TeamUrl,
    /// `Err`: TLS could not be set up (an `sslrootcert` that cannot be read).
    pool: Result<Pool, String>,
    link: Mutex<Link>,
    spool_path: PathBuf,
    /// Opened when the first lookup has to wait, or when one waits already.
    spool: Mutex<Option<Sqlite>>,
    /// Held while lookups are sent or spooled: one flush at a time, and a
    /// lookup never overtakes one that went to the spool before it.
    order: tokio::sync::Mutex<()>,
    /// Why trail entries could not be read, for the store to tell once.
    unread: Mutex<Vec<String>>,
}

impl std::fmt::Debug for Team {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Team").field("url", &self.url).finish()
    }
}

/// What the store knows of its server between calls; never held across one.
struct Link {
    /// The last call reached the server.
    connected: bool,
    /// Failed attempts since the last connection.
    failures: u32,
    /// No attempt before this: a lookup goes straight to the spool.
    next_try: Instant,
    /// The latest reason it could not connect.
    why: String,
    /// Whether that reason was the server's refusal of the history, not
    /// distance.
    refusal: Refusal,
    /// The schema was found set up for this version.
    checked: bool,
}

/// Connections a dashboard uses at once: the list, a lookup's record, a
/// case, an export.
const POOL_SIZE: usize = 4;

impl Health {
    /// Lookups waiting in the spool (none for the embedded history).
    pub fn spooled(&self) -> usize {
        match self {
            Health::Team { spooled, .. } => *spooled,
            Health::Embedded => 0,
        }
    }
}

impl Team {
    pub async fn open(url: &TeamUrl, spool_path: &Path) -> Result<(Team, Option<crate::store::Notice>), StoreError> {
        let team = Team {
            url: url.clone(),
            pool: url.pool(POOL_SIZE).map_err(|e| e.to_string()),
            link: Mutex::new(Link::new()),
            spool_path: spool_path.to_path_buf(),
            spool: Mutex::new(None),
            order: tokio::sync::Mutex::new(()),
            unread: Mutex::default(),
        };
        let foreign = team.spool_is_ours().err();
        if let Some(why) = &foreign {
            tracing::warn!("{why}");
        }
        let notice = match team.flush().await {
            Ok(_) if foreign.is_some() => foreign.map(crate::store::Notice::Foreign),
            Ok(0) => None,
            Ok(n) => Some(crate::store::Notice::Sent(n)),
            // Refused (a wrong password, no such database, a certificate
            // that does not verify, a newer schema, no right to create the
            // tables): waiting will not mend it, so the command stops and
            // says so before anything is looked up.
            Err(e @ StoreError::Refused { .. }) => return Err(e),
            // Away, or not taking lookups for now (read-only after a
            // failover, a full disk): they wait in the spool.
            Err(e) => {
                Some(crate::store::Notice::Spooling { why: e.to_string(), spool: spool_path.display().to_string() })
            }
        };
        Ok((team, notice))
    }

    pub fn location(&self) -> &str {
        self.url.location()
    }

    pub fn spool_path(&self) -> &Path {
        &self.spool_path
    }

    /// Why rows read since the last call could not be (see `Store::skip`).
    pub fn take_unread(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.unread))
    }

    fn unread(&self, reasons: Vec<String>) {
        let mut unread = lock(&self.unread);
        // Told of once a read: a bound, not a log of its own.
        let room = 1000usize.saturating_sub(unread.len());
        unread.extend(reasons.into_iter().take(room));
    }

    fn open_spool(&self) -> Result<Sqlite, StoreError> {
        self.spool_is_ours().map_err(|why| self.unreadable(why))?;
        Sqlite::open_file(&self.spool_path)
    }

    /// A spool someone else made (another user's, or one others may
    /// write) is never read, let alone sent to the team history in this
    /// user's name: it may hold lookups nobody made.
    fn spool_is_ours(&self) -> Result<(), String> {
        crate::files::ours_alone(&self.spool_path).map_err(|why| {
            format!(
                "the spool is left alone: {why}; look at what it holds, then remove it (lookups that wait for the \
                 team history are kept there)"
            )
        })
    }

    /// The spool, opened once its file exists: another process (a `lookup`
    /// while the server was away) may have started it since this one
    /// began, and what it holds goes first. One that is not ours is passed
    /// over (see [`Self::spool_is_ours`]). Never held across a call to the
    /// server.
    fn spool(&self) -> Result<std::sync::MutexGuard<'_, Option<Sqlite>>, StoreError> {
        let mut spool = lock(&self.spool);
        if spool.is_none() && self.spool_path.exists() && self.spool_is_ours().is_ok() {
            *spool = Some(self.open_spool()?);
        }
        Ok(spool)
    }

    /// The server may answer again (the watcher reconnected, or the
    /// operator asked): the next request tries at once rather than when the
    /// backoff says.
    pub fn nudge(&self) {
        let mut link = lock(&self.link);
        if link.refusal == Refusal::Away {
            link.next_try = Instant::now();
        }
    }

    pub fn health(&self) -> Health {
        let connected = lock(&self.link).connected;
        Health::Team { reach: if connected { Reach::Connected } else { Reach::Reconnecting }, spooled: self.spooled() }
    }

    pub fn spooled(&self) -> usize {
        match self.spool().as_deref() {
            Ok(Some(spool)) => spool.count_all().unwrap_or(0),
            _ => 0,
        }
    }

    /// A connection from the pool, when an attempt is due; the schema
    /// checked on the first.
    async fn conn(&self) -> Result<Conn, StoreError> {
        {
            let link = lock(&self.link);
            if !link.connected && Instant::now() < link.next_try {
                let wait = link.next_try.saturating_duration_since(Instant::now()).as_secs();
                let why = if wait > 0 { format!("{} (trying again in {wait} s)", link.why) } else { link.why.clone() };
                return Err(self.failed(why, link.refusal));
            }
        }
        let pool = self.pool.as_ref().map_err(|why| self.failed(why.clone(), Refusal::Settings))?;
        let checked = lock(&self.link).checked;
        let mut busy = false;
        let connected = async {
            let mut conn = Conn::get(pool, self.url.deadlines()).await.map_err(|e| {
                busy = matches!(e, DbError::Busy { .. });
                let e = url::ConnectError::Server(e);
                (e.to_string(), Refusal::of_connect(&e))
            })?;
            // Operators never create nor migrate: the owner does (`team
            // init`); a history not set up for this version is refused (a
            // server that stops answering meanwhile is only away).
            if !checked {
                schema::check(&mut conn).await.map_err(|e| (e.to_string(), Refusal::of_schema(&e)))?;
            }
            Ok(conn)
        };
        let result = connected.await;
        let mut link = lock(&self.link);
        match result {
            Ok(conn) => {
                if !link.connected {
                    tracing::info!("connected to {}", self.url.location());
                }
                (link.connected, link.failures, link.checked, link.refusal) = (true, 0, true, Refusal::Away);
                Ok(conn)
            }
            // Busy, not lost: every connection is at work for now.
            Err((why, _)) if busy => Err(self.unreachable(why)),
            Err((why, refusal)) => {
                // Tries that failed together count once: the backoff grows
                // with time away, not with how many asked at once.
                if link.connected || Instant::now() >= link.next_try {
                    link.failures += 1;
                    link.next_try = Instant::now() + backoff(link.failures);
                }
                link.connected = false;
                (link.why, link.refusal) = (why.clone(), refusal);
                Err(self.failed(why, refusal))
            }
        }
    }

    /// What a call on `conn` comes to. A lost connection leaves the pool
    /// and `unreachable` is reported, so the caller spools. One the server
    /// dropped while it sat in the pool (a restart) fails on its first use:
    /// `None` asks for the work once more on a new one (it is safe to
    /// repeat: a lookup sent twice is kept once).
    fn settle<T>(&self, conn: Conn, done: Result<T, DbError>, retried: &mut bool) -> Option<Result<T, StoreError>> {
        match done {
            Ok(value) => Some(Ok(value)),
            Err(e) if conn.is_closed() || e.is_connection_loss() => {
                // A connection the server closed while it sat in the pool;
                // never one that missed its deadline (that would double it).
                let reused = conn.reused() && !matches!(e, DbError::Deadline { .. });
                conn.discard();
                if reused && !*retried {
                    *retried = true;
                    return None;
                }
                let why = e.to_string();
                self.lost(why.clone());
                Some(Err(self.unreachable(why)))
            }
            Err(source) => Some(Err(StoreError::Server { location: self.location_for_errors(), source })),
        }
    }

    fn lost(&self, why: String) {
        tracing::warn!("team history connection lost: {why}");
        let mut link = lock(&self.link);
        link.connected = false;
        link.failures = 1;
        link.next_try = Instant::now() + backoff(1);
        (link.why, link.refusal) = (why, Refusal::Away);
    }

    fn unreachable(&self, why: String) -> StoreError {
        self.failed(why, Refusal::Away)
    }

    fn failed(&self, why: String, refusal: Refusal) -> StoreError {
        refusal.error(self.location_for_errors(), why)
    }

    pub(super) fn unreadable(&self, why: String) -> StoreError {
        StoreError::Unreadable { location: self.location_for_errors(), why }
    }

    fn location_for_errors(&self) -> String {
        format!("team history {}", self.url.location())
    }

    pub async fn record(&self, l: &NewLookup<'_>) -> Result<Recorded, StoreError> {
        Ok(self.write(&[*l]).await?.remove(0))
    }

    pub async fn record_many<'a>(&self, lookups: impl IntoIterator<Item = NewLookup<'a>>) -> Result<usize, StoreError> {
        let lookups: Vec<NewLookup> = lookups.into_iter().collect();
        self.write(&lookups).await.map(|recorded| recorded.len())
    }

    /// Writes lookups, in order, to the team history, or to the spool. What
    /// waits in the spool goes first, and while anything still waits, these
    /// wait behind it: the order is kept. Whatever kept them from the
    /// server (away, or refusing for now: a full disk, a revoked right),
    /// they wait in the spool.
    async fn write(&self, lookups: &[NewLookup<'_>]) -> Result<Vec<Recorded>, StoreError> {
        let keys: Vec<String> = lookups.iter().map(|_| crate::store::cases::new_key()).collect();
        let _order = self.order.lock().await;
        if self.spooled() == 0 || (self.flush_in_order().await.is_ok() && self.spooled() == 0) {
            match self.send(lookups.iter().copied().zip(keys.iter().map(String::as_str))).await {
                Ok(recorded) => return Ok(recorded),
                Err(e) => tracing::warn!("{e}; spooling {} lookups", lookups.len()),
            }
        }
        lookups.iter().zip(&keys).map(|(l, key)| self.spool_one(l, key)).collect()
    }

    /// Sends lookups with their keys in one transaction.
    async fn send<'a>(
        &self,
        lookups: impl Iterator<Item = (NewLookup<'a>, &'a str)>,
    ) -> Result<Vec<Recorded>, StoreError> {
        let rows = with_columns(lookups)?;
        with_client!(self, db => insert_all(db, &rows, None).await).map(|(recorded, _)| recorded)
    }

    /// Stores lookups copied from a history file (`history import`) with
    /// their keys and their "status changed" as the file decided it;
    /// never to the spool: an import waits for the server. Returns how
    /// many were new.
    pub(in crate::store) async fn import_lookups(
        &self,
        lookups: &[(NewLookup<'_>, String, bool)],
    ) -> Result<usize, StoreError> {
        let rows = with_columns(lookups.iter().map(|(l, key, _)| (*l, key.as_str())))?;
        let changed: Vec<bool> = lookups.iter().map(|(.., changed)| *changed).collect();
        with_client!(self, db => insert_all(db, &rows, Some(&changed)).await).map(|(_, added)| added)
    }

    /// Keeps a lookup in the spool; its id there, negated, reads it back.
    fn spool_one(&self, l: &NewLookup, key: &str) -> Result<Recorded, StoreError> {
        let mut spool = self.spool()?;
        if spool.is_none() {
            *spool = Some(self.open_spool()?);
        }
        let spool = spool.as_ref().expect("opened above");
        let recorded = spool.record_keyed(l, Some(key))?;
        Ok(Recorded { store_id: -recorded.store_id, changed_from: None })
    }

    /// Sends the spool's lookups, oldest first, a batch per transaction;
    /// returns how many were sent.
    pub async fn flush(&self) -> Result<usize, StoreError> {
        let _order = self.order.lock().await;
        self.flush_in_order().await
    }

    /// [`Self::flush`], the order already held.
    async fn flush_in_order(&self) -> Result<usize, StoreError> {
        const BATCH: usize = 200;
        // Reach the server first, spool or none, with a round trip (a
        // connection kept in the pool says nothing of the server now): a
        // start with the server away says so at once, and the status bar
        // learns it is back.
        with_client!(self, db => db.batch_execute("").await)?;
        let mut sent = 0;
        loop {
            let waiting = match self.spool()?.as_ref() {
                Some(spool) => spool.spooled(BATCH)?,
                None => return Ok(0),
            };
            if waiting.is_empty() {
                return Ok(sent);
            }
            self.send(waiting.iter().map(|(_, key, l)| (l.as_new(), key.as_str()))).await?;
            let ids: Vec<i64> = waiting.iter().map(|(id, ..)| *id).collect();
            if let Some(spool) = self.spool()?.as_ref() {
                spool.unspool(&ids)?;
            }
            sent += ids.len();
            tracing::info!("sent {} spooled lookups to {}", ids.len(), self.location());
        }
    }

    pub async fn prune(&self, cutoff: DateTime<Utc>) -> Result<usize, StoreError> {
        with_client!(self, db => async {
            let mut tx = db.transaction().await?;
            // The owner's trigger takes them off the count.
            let n = tx.execute("DELETE FROM lookups WHERE checked_at < $1", &[&cutoff]).await?;
            tx.commit().await?;
            Ok(n as usize)
        }
            .await)
    }

    /// A whole lookup, or why its row could not be read.
    pub async fn load(&self, store_id: i64) -> Result<Option<Result<StoredLookup, String>>, StoreError> {
        if store_id < 0 {
            // Waiting in the spool (or sent since: then it is gone here).
            let spool = lock(&self.spool);
            let Some(spool) = spool.as_ref() else { return Ok(None) };
            return Ok(spool.load(-store_id)?.map(|l| l.map(|l| StoredLookup { store_id, ..l })));
        }
        let sql = format!("SELECT {} FROM lookups WHERE id = $1", *STAMPED_FIELDS);
        let row = with_client!(self, db => db.query_opt(&sql, &[&store_id]).await)?;
        Ok(row.map(|r| stored(&r, true)))
    }

    /// How many lookups of other invoices saw each card and IP, all in one
    /// round trip (`lookup` prints a batch's answers together): as SQLite's,
    /// two index ranges on (column, invoice) for each that step over the
    /// invoice's own checks, each read up to [`SEEN_CAP`] + 1.
    pub async fn seen_elsewhere_many(
        &self,
        asked: &[(Option<&str>, Option<&str>, &InvoiceId)],
    ) -> Result<Vec<Seen>, StoreError> {
        const SEEN: &str = "SELECT
            (SELECT count(*) FROM (SELECT 1 FROM lookups WHERE card_id = c AND invoice < i LIMIT $4) a)
          + (SELECT count(*) FROM (SELECT 1 FROM lookups WHERE card_id = c AND invoice > i LIMIT $4) b),
            (SELECT count(*) FROM (SELECT 1 FROM lookups WHERE ip = p AND invoice < i LIMIT $4) x)
          + (SELECT count(*) FROM (SELECT 1 FROM lookups WHERE ip = p AND invoice > i LIMIT $4) y)
        FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS asked(c, p, i, n) ORDER BY n";
        if asked.iter().all(|(card, ip, _)| card.is_none() && ip.is_none()) {
            return Ok(vec![(None, None); asked.len()]);
        }
        let cards: Vec<Option<&str>> = asked.iter().map(|(card, ..)| *card).collect();
        let ips: Vec<Option<&str>> = asked.iter().map(|(_, ip, _)| *ip).collect();
        let invoices: Vec<&str> = asked.iter().map(|(.., invoice)| invoice.as_str()).collect();
        let cap = SEEN_CAP as i64 + 1;
        let rows = with_client!(self, db => db.query(SEEN, &[&cards, &ips, &invoices, &cap]).await)?;
        let counted = |row: &Row, i: usize, asked: Option<&str>| {
            asked.map(|_| (row.try_get::<_, i64>(i).unwrap_or(0).max(0) as usize).min(SEEN_CAP + 1))
        };
        let mut seen: Vec<Seen> =
            rows.iter().zip(asked).map(|(row, (card, ip, _))| (counted(row, 0, *card), counted(row, 1, *ip))).collect();
        // One for each asked, whatever the server sent back.
        seen.resize(asked.len(), (None, None));
        Ok(seen)
    }

    /// Reports teammates' lookups as they are recorded (see `listen`).
    pub fn watch(&self, report: impl Fn(TeamEvent) -> bool + Send + Sync + 'static) -> TeamWatch {
        listen::spawn(self.url.clone(), report)
    }
}

/// Why the server could not be used: away, or refusing (waiting will not
/// mend a refusal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refusal {
    Away,
    /// The settings: a password, a database, a certificate, a role's rights.
    Settings,
    /// Not set up for this version or role: its owner runs `team init`.
    NotSetUp,
}

impl Refusal {
    fn of_connect(e: &url::ConnectError) -> Self {
        if e.is_configuration() { Self::Settings } else { Self::Away }
    }

    fn of_schema(e: &schema::SchemaError) -> Self {
        use schema::SchemaError::*;
        match e {
            Server(s) if s.is_connection_loss() => Self::Away,
            NotSetUp(_) | NotForThisRole => Self::NotSetUp,
            _ => Self::Settings,
        }
    }

    fn error(self, location: String, why: String) -> StoreError {
        match self {
            Self::Away => StoreError::Away { location, why },
            Self::Settings => StoreError::Refused { location, why, needs_init: false },
            Self::NotSetUp => StoreError::Refused { location, why, needs_init: true },
        }
    }
}

impl Link {
    fn new() -> Self {
        Link {
            connected: false,
            failures: 0,
            next_try: Instant::now(),
            why: String::new(),
            refusal: Refusal::Away,
            checked: false,
        }
    }
}

/// Renames a spool an older version named (without a digest) to `spool`,
/// when it is ours alone and closed (no `-wal` beside it: a process may
/// still be writing it). Otherwise it stays where it is, and the log says so.
pub(super) fn adopt_older_spool(older: &Path, spool: &Path) {
    let mut wal = older.as_os_str().to_owned();
    wal.push("-wal");
    let refused = match crate::files::ours_alone(older) {
        Err(why) => Some(why),
        Ok(()) if Path::new(&wal).exists() => Some("it is open in another process".to_owned()),
        Ok(()) => std::fs::rename(older, spool).err().map(|e| e.to_string()),
    };
    match refused {
        None => tracing::info!("took over the spool {} as {}", older.display(), spool.display()),
        Some(why) => tracing::warn!("an older spool {} was left where it is: {why}", older.display()),
    }
}

/// The pause before reconnecting after `failures` failures: 250 ms
/// doubling to 30 s, jittered so a team whose server restarts does not
/// reconnect in one wave.
fn backoff(failures: u32) -> Duration {
    crate::backoff::Backoff { first: Duration::from_millis(250), most: Duration::from_secs(30) }.jittered(failures)
}

/// Lookups with their keys, each with the columns it is stored as.
fn with_columns<'a>(
    lookups: impl Iterator<Item = (NewLookup<'a>, &'a str)>,
) -> Result<Vec<(NewLookup<'a>, &'a str, Columns)>, StoreError> {
    lookups
        .map(|(l, key)| Columns::of(&l).map(|c| (l, key, c)))
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(|e| StoreError::Misuse(e.to_string()))
}

/// A batch as one statement: each column an array, unnested row by row in
/// the arrays' order (WITH ORDINALITY keeps it, so ids follow the batch).
const INSERT: &str = "INSERT INTO lookups (lookup_key, checked_at, profile, api_host, operator, machine, invoice,
        requested_type, kind, http_status, result_code, result_message, status, amount, amount_num, amount_sent,
        currency, card_mask, card_id, ip, ip_country, error_kind, error_message, error_detail, answer, search_text,
        status_changed, attempts)
    SELECT k, t, pr, h, op, m, i, rt, kd, hs, rc, rm, st, a, an, sent, cu, cm, ci, ip, co, ek, em, ed, ans, sx, ch, att
    FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
        $8::text[], $9::text[], $10::int4[], $11::text[], $12::text[], $13::text[], $14::text[], $15::float8[],
        $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[],
        $24::text[], $25::bytea[], $26::text[], $27::bool[], $28::int4[])
        WITH ORDINALITY AS batch(k, t, pr, h, op, m, i, rt, kd, hs, rc, rm, st, a, an, sent, cu, cm, ci, ip, co, ek,
            em, ed, ans, sx, ch, att, n)
    ORDER BY n
    ON CONFLICT (lookup_key) DO NOTHING
    RETURNING lookup_key, id";

const LOCK_INVOICES: &str = "SELECT pg_advisory_xact_lock(h) FROM
    (SELECT DISTINCT hashtextextended(i, 0) AS h FROM unnest($1::text[]) AS i ORDER BY h) AS invoices";
const BY_KEY: &str = "SELECT lookup_key, id FROM lookups WHERE lookup_key = ANY($1)";
const NOTIFY: &str = "SELECT pg_notify($1, '')";

/// Each invoice's newest settled status, the one a new check compares with
/// (bounded as every status read is).
fn previous() -> String {
    format!(
        "SELECT i, (SELECT substr(status, 1, 65) FROM lookups WHERE invoice = i AND {} ORDER BY id DESC LIMIT 1)
         FROM unnest($1::text[]) AS i",
        super::row::SETTLED_ROW
    )
}

/// Writes lookups in one transaction, in order, and announces them, in a
/// few round trips whatever the batch's size. Each invoice's previous
/// status is read under an advisory lock on the invoice, taken for all of
/// them first in one order: two operators recording one invoice at once
/// cannot both compare against the same earlier check, and two batches
/// cannot deadlock. Lookups imported from a file come with "status
/// changed" decided (`decided`): against the file's own earlier checks,
/// not against whatever the team checked since. Returns what was recorded
/// of each, and how many were new (not stored before under their key).
async fn insert_all(
    db: &mut Conn,
    rows: &[(NewLookup<'_>, &str, Columns)],
    decided: Option<&[bool]>,
) -> Result<(Vec<Recorded>, usize), DbError> {
    let mut tx = db.transaction().await?;
    let invoices: Vec<&str> = rows.iter().map(|(l, ..)| l.invoice.as_str()).collect();
    tx.execute(LOCK_INVOICES, &[&invoices]).await?;
    let mut latest: HashMap<String, Option<String>> = tx
        .query(&previous(), &[&invoices])
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, read_opt(r.try_get(1)?, super::row::limits::CODE))))
        .collect::<Result<_, tokio_postgres::Error>>()?;
    // Within the batch, each check compares with the one before it.
    let changed_from: Vec<Option<String>> = rows
        .iter()
        .map(|(l, _, c)| {
            let settled = c.settled.as_ref()?;
            let before = latest.insert(l.invoice.as_str().to_owned(), Some(settled.clone())).flatten();
            crate::epay::changed_from(before.as_deref(), settled)
        })
        .collect();
    let column = |f: &dyn Fn(&Columns) -> Option<String>| rows.iter().map(|(_, _, c)| f(c)).collect::<Vec<_>>();
    let keys: Vec<&str> = rows.iter().map(|(_, key, _)| *key).collect();
    let times: Vec<DateTime<Utc>> = rows.iter().map(|(l, ..)| l.checked_at).collect();
    let requested: Vec<&str> = rows.iter().map(|(l, ..)| l.requested.as_str()).collect();
    let kinds: Vec<&str> = rows.iter().map(|(_, _, c)| c.kind.as_str()).collect();
    let http: Vec<Option<i32>> = rows.iter().map(|(_, _, c)| c.http_status.map(i32::from)).collect();
    let amount_num: Vec<Option<f64>> = rows.iter().map(|(_, _, c)| c.amount_num).collect();
    let answers: Vec<Option<&[u8]>> = rows.iter().map(|(_, _, c)| c.answer.as_deref()).collect();
    let changed: Vec<bool> = match decided {
        Some(decided) => decided.to_vec(),
        None => changed_from.iter().map(Option::is_some).collect(),
    };
    let attempts: Vec<i32> = rows.iter().map(|(_, _, c)| i32::try_from(c.attempts).unwrap_or(i32::MAX)).collect();
    let inserted = tx
        .query(
            INSERT,
            &[
                &keys,
                &times,
                &column(&|c| Some(c.profile.clone())),
                &column(&|c| Some(c.api_host.clone())),
                &column(&|c| Some(c.operator.clone())),
                &column(&|c| Some(c.machine.clone())),
                &invoices,
                &requested,
                &kinds,
                &http,
                &column(&|c| c.result_code.clone()),
                &column(&|c| c.result_message.clone()),
                &column(&|c| c.status.clone()),
                &column(&|c| c.amount.clone()),
                &amount_num,
                &column(&|c| c.amount_sent.clone()),
                &column(&|c| c.currency.clone()),
                &column(&|c| c.card_mask.clone()),
                &column(&|c| c.card_id.clone()),
                &column(&|c| c.ip.clone()),
                &column(&|c| c.ip_country.clone()),
                &column(&|c| c.error_kind.map(str::to_owned)),
                &column(&|c| c.error_message.clone()),
                &column(&|c| c.error_detail.clone()),
                &answers,
                &column(&|c| Some(c.search_text.clone())),
                &changed,
                &attempts,
            ],
        )
        .await?;
    let mut ids: HashMap<String, i64> =
        inserted.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect::<Result<_, tokio_postgres::Error>>()?;
    let fresh: HashSet<String> = ids.keys().cloned().collect();
    let added = ids.len() as i64;
    if fresh.len() < rows.len() {
        // Sent before (the spool flushed twice): stored once, found by key.
        let sent: Vec<&str> = keys.iter().copied().filter(|k| !ids.contains_key(*k)).collect();
        for row in tx.query(BY_KEY, &[&sent]).await? {
            ids.insert(row.try_get(0)?, row.try_get(1)?);
        }
    }
    // The count is the owner's trigger's to keep (operators may not
    // UPDATE it).
    if added > 0 {
        tx.execute(NOTIFY, &[&CHANNEL]).await?;
    }
    tx.commit().await?;
    let recorded = rows
        .iter()
        .zip(changed_from)
        .map(|((_, key, _), changed_from)| Recorded {
            store_id: ids.get(*key).copied().unwrap_or_default(),
            // A lookup stored before was decided then.
            changed_from: changed_from.filter(|_| fresh.contains(*key)),
        })
        .collect();
    Ok((recorded, fresh.len()))
}

/// The columns of a stored lookup, then what the server recorded of it.
static STAMPED_FIELDS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!("{}, {}, recorded_at", *STORED_FIELDS, super::row::bounded("recorded_by", super::row::limits::NAME))
});

/// `epay-status team init`: as the database's owner (`admin`), creates or
/// migrates the team history, owned by the owner's role, and grants the
/// operators' role only SELECT and INSERT (and the sequences). Returns the
/// schema version found before (0: none).
pub async fn init_team(admin: &TeamUrl, operators: &str) -> Result<i32, StoreError> {
    let location = format!("team history {}", admin.location());
    let refused = |e: url::ConnectError| Refusal::of_connect(&e).error(location.clone(), e.to_string());
    let pool = admin.pool(1).map_err(refused)?;
    let mut db = Conn::get(&pool, admin.deadlines()).await.map_err(|e| refused(url::ConnectError::Server(e)))?;
    schema::init(&mut db, operators).await.map_err(|e| {
        // The owner running `team init` is never told to run it: what the
        // setup refuses is its settings.
        let refusal = match Refusal::of_schema(&e) {
            Refusal::NotSetUp => Refusal::Settings,
            refusal => refusal,
        };
        refusal.error(location.clone(), e.to_string())
    })
}

/// The operators' role a scratch database is set up for (see
/// [`scratch_database`]).
pub const SCRATCH_OPERATORS: &str = "epay_ops";

/// For tests and benchmarks: a new, empty database on the server `base`
/// (a URL) reaches, named to be unique, set up by `base`'s role as its
/// owner for the operators' role [`SCRATCH_OPERATORS`]; returns the
/// owner's URL to it.
pub async fn scratch_database(base: &str) -> Result<String, String> {
    let env = Environment { var: &|_| None, home: None };
    let url = TeamUrl::parse(base, &env).map_err(|e| e.to_string())?;
    let name = format!("epay_test_{}_{:016x}", std::process::id(), fastrand::u64(..));
    once(&url, &format!("CREATE DATABASE {name}")).await?;
    let (rest, query) = base.split_once('?').map_or((base, None), |(r, q)| (r, Some(q)));
    let server = rest.rsplit_once('/').map_or(rest, |(server, _)| server);
    let made = match query {
        Some(q) => format!("{server}/{name}?{q}"),
        None => format!("{server}/{name}"),
    };
    // Set up as its owner would, for the operators' role of the tests.
    let admin = TeamUrl::parse(&made, &env).map_err(|e| e.to_string())?;
    let role = format!(
        "DO $$ BEGIN CREATE ROLE {SCRATCH_OPERATORS} LOGIN;
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
    );
    once(&admin, &role).await?;
    init_team(&admin, SCRATCH_OPERATORS).await.map_err(|e| e.to_string())?;
    Ok(made)
}

/// Runs `sql` on a connection of its own.
async fn once(url: &TeamUrl, sql: &str) -> Result<(), String> {
    let pool = url.pool(1).map_err(|e| e.to_string())?;
    let mut db = Conn::get(&pool, url.deadlines()).await.map_err(|e| e.to_string())?;
    db.batch_execute(sql).await.map_err(|e| e.to_string())
}
