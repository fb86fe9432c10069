//! One connection and its prepared statements, every exchange with a
//! deadline. The driver is tokio-postgres on a small runtime of the team
//! history's own; each call waits for its answer at most the query deadline
//! (the startup, the connect deadline), so a server that accepts the
//! connection and then says nothing holds nothing up: the call fails as if
//! the server were away, and the connection, whose state is then unknown, is
//! never used again.
//!
//! Statements are prepared once per connection: the server parses each
//! query's text once, so a query costs one round trip, not two (parse, then
//! run). Plans stay custom: a search's best plan depends on the text searched
//! (a rare name wants the trigram index, a city shared by a third of the
//! history wants the newest rows first), and a generic plan would pick one
//! for all.

use std::collections::HashMap;
use std::future::Future;
use std::sync::LazyLock;
use std::time::Duration;

use tokio_postgres::types::ToSql;
use tokio_postgres::{AsyncMessage, Client, Notification, Row, Statement, ToStatement};

/// Statements kept per connection; past this the cache starts over (the
/// list's reads vary their limits).
const KEPT: usize = 256;

/// How long the server may take: to answer the startup (connect, TLS,
/// authentication), and to answer each query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadlines {
    pub connect: Duration,
    pub query: Duration,
}

impl Default for Deadlines {
    fn default() -> Self {
        Self { connect: Duration::from_secs(5), query: Duration::from_secs(30) }
    }
}

/// Why a call to the server failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("{}", super::url::describe(.0))]
    Server(#[from] tokio_postgres::Error),
    /// The server said nothing for this long.
    #[error("the server did not answer {doing} within {} s", .after.as_secs())]
    Deadline { doing: &'static str, after: Duration },
    #[error("{0}")]
    Runtime(String),
    /// A deadline passed on this connection before: it is not used again.
    #[error("the connection missed a deadline and was closed")]
    Spoiled,
}

impl DbError {
    pub fn code(&self) -> Option<&tokio_postgres::error::SqlState> {
        match self {
            Self::Server(e) => e.code(),
            _ => None,
        }
    }

    pub fn as_db_error(&self) -> Option<&tokio_postgres::error::DbError> {
        match self {
            Self::Server(e) => e.as_db_error(),
            _ => None,
        }
    }

    /// The connection is gone, or in a state nobody knows: a deadline
    /// passed, the server went down (class 08 and 57P), or the socket closed.
    pub fn is_connection_loss(&self) -> bool {
        match self {
            Self::Deadline { .. } | Self::Runtime(_) | Self::Spoiled => true,
            // Errors the client makes itself (a row of a type it did not
            // expect) have no SQLSTATE and are no loss; a closed socket is.
            Self::Server(e) => match e.code() {
                Some(code) => code.code().starts_with("08") || code.code().starts_with("57P"),
                None => e.is_closed() || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>()),
            },
        }
    }
}

/// The team history's runtime: one worker drives every connection (a
/// dashboard holds two), and the store's callers wait on it from their own
/// threads.
fn runtime() -> Result<&'static tokio::runtime::Runtime, DbError> {
    static RUNTIME: LazyLock<Result<tokio::runtime::Runtime, String>> = LazyLock::new(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("team-history")
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the team history's runtime: {e}"))
    });
    RUNTIME.as_ref().map_err(|e| DbError::Runtime(e.clone()))
}

/// Waits for `work` at most `deadline`. Never called on a thread of a
/// tokio runtime (see `off_runtime`).
pub fn block<T, E: Into<DbError>>(
    deadline: Duration,
    doing: &'static str,
    work: impl Future<Output = Result<T, E>>,
) -> Result<T, DbError> {
    match runtime()?.block_on(async { tokio::time::timeout(deadline, work).await }) {
        Ok(done) => done.map_err(Into::into),
        Err(_) => Err(DbError::Deadline { doing, after: deadline }),
    }
}

pub struct Db {
    client: Client,
    statements: HashMap<String, Statement>,
    deadline: Duration,
    /// A deadline passed: what the connection is doing is unknown.
    spoiled: bool,
    notifications: tokio::sync::mpsc::UnboundedReceiver<Notification>,
}

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

impl Db {
    /// Opens a connection to `config` over `tls`, within the connect
    /// deadline, and readies it.
    pub fn connect<T>(config: &tokio_postgres::Config, tls: T, deadlines: Deadlines) -> Result<Db, DbError>
    where
        T: tokio_postgres::tls::MakeTlsConnect<tokio_postgres::Socket> + Send + 'static,
        T::Stream: Send + 'static,
        T::TlsConnect: Send,
        <T::TlsConnect as tokio_postgres::tls::TlsConnect<tokio_postgres::Socket>>::Future: Send,
    {
        let (client, mut connection) = block(deadlines.connect, "the connection", config.connect(tls))?;
        // The connection runs on the team history's worker; notifications
        // (LISTEN) come out of it here, and only there.
        let (sent, notifications) = tokio::sync::mpsc::unbounded_channel();
        runtime()?.spawn(async move {
            loop {
                match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
                    Some(Ok(AsyncMessage::Notification(n))) => drop(sent.send(n)),
                    Some(Ok(_)) => {}
                    Some(Err(e)) => {
                        tracing::debug!("team history connection ended: {}", super::url::describe(&e));
                        return;
                    }
                    None => return,
                }
            }
        });
        let mut db =
            Db { client, statements: HashMap::new(), deadline: deadlines.query, spoiled: false, notifications };
        // No statement holds the history (and the dashboard's reads behind
        // it) longer than the client waits for it. Set here, not in the
        // startup options, which connection poolers refuse.
        let timeout = deadlines.query.as_millis();
        db.batch_execute(&format!("SET plan_cache_mode = force_custom_plan; SET statement_timeout = {timeout}"))?;
        Ok(db)
    }

    pub fn is_closed(&self) -> bool {
        self.spoiled || self.client.is_closed()
    }

    pub fn statement(&mut self, sql: &str) -> Result<Statement, DbError> {
        if let Some(statement) = self.statements.get(sql).filter(|_| !self.spoiled) {
            return Ok(statement.clone());
        }
        if self.statements.len() >= KEPT {
            self.statements.clear();
        }
        let statement = guarded(&mut self.spoiled, self.deadline, "a query", self.client.prepare(sql))?;
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    pub fn query(&mut self, sql: &str, params: Params) -> Result<Vec<Row>, DbError> {
        let statement = self.statement(sql)?;
        guarded(&mut self.spoiled, self.deadline, "a query", self.client.query(&statement, params))
    }

    pub fn query_opt(&mut self, sql: &str, params: Params) -> Result<Option<Row>, DbError> {
        let statement = self.statement(sql)?;
        guarded(&mut self.spoiled, self.deadline, "a query", self.client.query_opt(&statement, params))
    }

    pub fn query_one(&mut self, sql: &str, params: Params) -> Result<Row, DbError> {
        let statement = self.statement(sql)?;
        guarded(&mut self.spoiled, self.deadline, "a query", self.client.query_one(&statement, params))
    }

    pub fn batch_execute(&mut self, sql: &str) -> Result<(), DbError> {
        guarded(&mut self.spoiled, self.deadline, "a query", self.client.batch_execute(sql))
    }

    /// A transaction; its statements are prepared first with [`Db::statement`].
    pub fn transaction(&mut self) -> Result<Tx<'_>, DbError> {
        let Db { client, spoiled, deadline, .. } = self;
        let tx = guarded(spoiled, *deadline, "a query", client.transaction())?;
        Ok(Tx { tx, deadline: *deadline, spoiled })
    }

    /// The next notification (LISTEN), waiting as long as it takes: an idle
    /// dashboard's watcher costs nothing. `None` when the connection ended.
    pub fn next_notification(&mut self) -> Result<Option<Notification>, DbError> {
        let notifications = &mut self.notifications;
        Ok(runtime()?.block_on(notifications.recv()))
    }

    /// A notification that came already, without waiting.
    pub fn pending_notification(&mut self) -> Option<Notification> {
        self.notifications.try_recv().ok()
    }
}

/// A transaction on a [`Db`], each statement within the query deadline.
pub struct Tx<'a> {
    tx: tokio_postgres::Transaction<'a>,
    deadline: Duration,
    spoiled: &'a mut bool,
}

impl Tx<'_> {
    pub fn execute<T: ?Sized + ToStatement + Sync>(&mut self, query: &T, params: Params) -> Result<u64, DbError> {
        guarded(self.spoiled, self.deadline, "a query", self.tx.execute(query, params))
    }

    pub fn query<T: ?Sized + ToStatement + Sync>(&mut self, query: &T, params: Params) -> Result<Vec<Row>, DbError> {
        guarded(self.spoiled, self.deadline, "a query", self.tx.query(query, params))
    }

    pub fn query_opt<T: ?Sized + ToStatement + Sync>(
        &mut self,
        query: &T,
        params: Params,
    ) -> Result<Option<Row>, DbError> {
        guarded(self.spoiled, self.deadline, "a query", self.tx.query_opt(query, params))
    }

    pub fn query_one<T: ?Sized + ToStatement + Sync>(&mut self, query: &T, params: Params) -> Result<Row, DbError> {
        guarded(self.spoiled, self.deadline, "a query", self.tx.query_one(query, params))
    }

    pub fn batch_execute(&mut self, sql: &str) -> Result<(), DbError> {
        guarded(self.spoiled, self.deadline, "a query", self.tx.batch_execute(sql))
    }

    pub fn commit(self) -> Result<(), DbError> {
        let Tx { tx, deadline, spoiled } = self;
        guarded(spoiled, deadline, "the commit", tx.commit())
    }
}

/// One call on a connection, for [`Db`] and [`Tx`] alike: refused once a
/// deadline has passed on it (what it is in the middle of is unknown, and
/// each call would wait its deadline again), and marking it so when this
/// call's deadline passes.
fn guarded<T>(
    spoiled: &mut bool,
    deadline: Duration,
    doing: &'static str,
    work: impl Future<Output = Result<T, tokio_postgres::Error>>,
) -> Result<T, DbError> {
    if *spoiled {
        return Err(DbError::Spoiled);
    }
    let result = block(deadline, doing, work);
    *spoiled |= matches!(result, Err(DbError::Deadline { .. }));
    result
}
