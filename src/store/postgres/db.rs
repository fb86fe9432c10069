//! Connections to the team history: a small pool (deadpool-postgres) of
//! tokio-postgres connections, every exchange with a deadline. A server
//! that accepts the connection and then says nothing holds nothing up: the
//! call fails as if the server were away, and the connection, whose state
//! is then unknown, leaves the pool and is never used again.
//!
//! Statements are prepared once per connection (the pool's statement
//! cache): the server parses each query's text once, so a query costs one
//! round trip, not two. Plans stay custom: a search's best plan depends on
//! the text searched (a rare name wants the trigram index, a city shared by
//! a third of the history wants the newest rows first), and a generic plan
//! would pick one for all.

use std::future::Future;
use std::time::Duration;

use deadpool_postgres::{
    Hook, HookError, Manager, ManagerConfig, Object, PoolError, QueueMode, RecyclingMethod, Runtime, TimeoutType,
};
use tokio_postgres::tls::{MakeTlsConnect, TlsConnect};
use tokio_postgres::types::ToSql;
use tokio_postgres::{Row, Socket};

pub use deadpool_postgres::Pool;

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
    /// The pool itself could not be used (it was closed, or built wrong).
    #[error("{0}")]
    Pool(String),
    /// Every connection of the pool stayed busy this long: the server
    /// answers, slowly; it is not lost.
    #[error("no connection to the team history came free within {} s", .after.as_secs())]
    Busy { after: Duration },
}

impl DbError {
    pub fn code(&self) -> Option<&tokio_postgres::error::SqlState> {
        match self {
            Self::Server(e) => e.code(),
            _ => None,
        }
    }

    /// The connection is gone, or in a state nobody knows: a deadline
    /// passed, the server went down (class 08 and 57P), or the socket closed.
    pub fn is_connection_loss(&self) -> bool {
        match self {
            Self::Deadline { .. } | Self::Pool(_) => true,
            Self::Busy { .. } => false,
            // Errors the client makes itself (a row of a type it did not
            // expect) have no SQLSTATE and are no loss; a closed socket is.
            Self::Server(e) => match e.code() {
                Some(code) => code.code().starts_with("08") || code.code().starts_with("57P"),
                None => e.is_closed() || std::error::Error::source(e).is_some_and(|s| s.is::<std::io::Error>()),
            },
        }
    }
}

impl From<PoolError> for DbError {
    fn from(e: PoolError) -> Self {
        match e {
            PoolError::Backend(e) | PoolError::PostCreateHook(HookError::Backend(e)) => Self::Server(e),
            other => Self::Pool(other.to_string()),
        }
    }
}

/// A pool of up to `size` connections to `config` over `tls`. Each new
/// connection is readied before it is handed out.
pub fn pool<T>(config: tokio_postgres::Config, tls: T, deadlines: Deadlines, size: usize) -> Result<Pool, DbError>
where
    T: MakeTlsConnect<Socket> + Clone + Sync + Send + 'static,
    T::Stream: Sync + Send,
    T::TlsConnect: Sync + Send,
    <T::TlsConnect as TlsConnect<Socket>>::Future: Send,
{
    // Fast recycling: a connection is checked only for being closed; one
    // the server dropped while idle fails once, and the store tries again.
    let manager = Manager::from_config(config, tls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
    // No statement holds the history (and the dashboard's reads behind it)
    // longer than the client waits for it. Set here, not in the startup
    // options, which connection poolers refuse.
    let ready =
        format!("SET plan_cache_mode = force_custom_plan; SET statement_timeout = {}", deadlines.query.as_millis());
    Pool::builder(manager)
        .max_size(size)
        // The connection used last goes out first: its statements are
        // prepared already, and the others only serve work done at once.
        .queue_mode(QueueMode::Lifo)
        .runtime(Runtime::Tokio1)
        .create_timeout(Some(deadlines.connect))
        .wait_timeout(Some(deadlines.query))
        .post_create(Hook::async_fn(move |client, _| {
            let ready = ready.clone();
            Box::pin(async move {
                match tokio::time::timeout(deadlines.connect, client.batch_execute(&ready)).await {
                    Ok(done) => done.map_err(HookError::Backend),
                    Err(_) => Err(HookError::message("the server did not answer the connection's settings")),
                }
            })
        }))
        .build()
        .map_err(|e| DbError::Pool(e.to_string()))
}

/// One connection taken from the pool. A deadline missed on it, or its
/// loss, takes it out of the pool for good when it is dropped.
pub struct Conn {
    object: Option<Object>,
    deadline: Duration,
    spoiled: bool,
}

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

/// Statements kept prepared per connection; past this its cache starts
/// over (the list's reads vary their limits, and a search its IN lists).
const KEPT: usize = 256;

/// Makes room in a connection's statement cache before it grows past
/// [`KEPT`].
fn bounded(cache: &deadpool_postgres::StatementCache) {
    if cache.size() >= KEPT {
        cache.clear();
    }
}

impl Conn {
    /// A connection from `pool`: an idle one, or a new one within the
    /// connect deadline.
    pub async fn get(pool: &Pool, deadlines: Deadlines) -> Result<Conn, DbError> {
        let object = pool.get().await.map_err(|e| match e {
            // Every connection busy for as long as a query may take.
            PoolError::Timeout(TimeoutType::Wait) => DbError::Busy { after: deadlines.query },
            PoolError::Timeout(_) => DbError::Deadline { doing: "the connection", after: deadlines.connect },
            e => e.into(),
        })?;
        Ok(Conn { object: Some(object), deadline: deadlines.query, spoiled: false })
    }

    /// Whether it served before (the server may have dropped it since).
    pub fn reused(&self) -> bool {
        self.object.as_ref().is_some_and(|o| Object::metrics(o).recycle_count > 0)
    }

    pub fn is_closed(&self) -> bool {
        self.spoiled || self.object.as_ref().is_none_or(|o| o.is_closed())
    }

    /// It is lost, or in a state nobody knows: it leaves the pool.
    pub fn discard(mut self) {
        self.spoiled = true;
    }

    pub async fn query(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, DbError> {
        let Conn { object, deadline, spoiled } = self;
        let client = object.as_ref().ok_or_else(gone)?;
        guarded(spoiled, *deadline, "a query", async {
            bounded(&client.statement_cache);
            let statement = client.prepare_cached(sql).await?;
            client.query(&statement, params).await
        })
        .await
    }

    pub async fn query_opt(&mut self, sql: &str, params: Params<'_>) -> Result<Option<Row>, DbError> {
        Ok(self.query(sql, params).await?.into_iter().next())
    }

    pub async fn batch_execute(&mut self, sql: &str) -> Result<(), DbError> {
        let Conn { object, deadline, spoiled } = self;
        let client = object.as_ref().ok_or_else(gone)?;
        guarded(spoiled, *deadline, "a query", client.batch_execute(sql)).await
    }

    pub async fn transaction(&mut self) -> Result<Tx<'_>, DbError> {
        let Conn { object, deadline, spoiled } = self;
        let client = object.as_mut().ok_or_else(gone)?;
        let tx = guarded(spoiled, *deadline, "a query", client.transaction()).await?;
        Ok(Tx { tx, deadline: *deadline, spoiled })
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        if let Some(object) = self.object.take().filter(|_| self.spoiled) {
            drop(Object::take(object));
        }
    }
}

fn gone() -> DbError {
    DbError::Pool("the connection was discarded".into())
}

/// A transaction on a [`Conn`], each statement within the query deadline.
pub struct Tx<'a> {
    tx: deadpool_postgres::Transaction<'a>,
    deadline: Duration,
    spoiled: &'a mut bool,
}

impl Tx<'_> {
    pub async fn execute(&mut self, sql: &str, params: Params<'_>) -> Result<u64, DbError> {
        let tx = &self.tx;
        guarded(self.spoiled, self.deadline, "a query", async {
            bounded(&tx.statement_cache);
            let statement = tx.prepare_cached(sql).await?;
            tx.execute(&statement, params).await
        })
        .await
    }

    pub async fn query(&mut self, sql: &str, params: Params<'_>) -> Result<Vec<Row>, DbError> {
        let tx = &self.tx;
        guarded(self.spoiled, self.deadline, "a query", async {
            bounded(&tx.statement_cache);
            let statement = tx.prepare_cached(sql).await?;
            tx.query(&statement, params).await
        })
        .await
    }

    pub async fn query_opt(&mut self, sql: &str, params: Params<'_>) -> Result<Option<Row>, DbError> {
        Ok(self.query(sql, params).await?.into_iter().next())
    }

    pub async fn query_one(&mut self, sql: &str, params: Params<'_>) -> Result<Row, DbError> {
        let tx = &self.tx;
        guarded(self.spoiled, self.deadline, "a query", async {
            bounded(&tx.statement_cache);
            let statement = tx.prepare_cached(sql).await?;
            tx.query_one(&statement, params).await
        })
        .await
    }

    pub async fn batch_execute(&mut self, sql: &str) -> Result<(), DbError> {
        guarded(self.spoiled, self.deadline, "a query", self.tx.batch_execute(sql)).await
    }

    pub async fn commit(self) -> Result<(), DbError> {
        let Tx { tx, deadline, spoiled } = self;
        guarded(spoiled, deadline, "the commit", tx.commit()).await
    }
}

/// One call on a connection, for [`Conn`] and [`Tx`] alike: refused once a
/// deadline has passed on it (what it is in the middle of is unknown), and
/// marking it so when this call's deadline passes.
async fn guarded<T>(
    spoiled: &mut bool,
    deadline: Duration,
    doing: &'static str,
    work: impl Future<Output = Result<T, tokio_postgres::Error>>,
) -> Result<T, DbError> {
    if *spoiled {
        return Err(DbError::Pool("the connection missed a deadline and was closed".into()));
    }
    match tokio::time::timeout(deadline, work).await {
        Ok(done) => done.map_err(DbError::Server),
        Err(_) => {
            *spoiled = true;
            Err(DbError::Deadline { doing, after: deadline })
        }
    }
}
