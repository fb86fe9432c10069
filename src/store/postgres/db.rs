//! One connection and its prepared statements: the server parses each
//! query's text once per connection, so a query costs one round trip, not
//! two (parse, then run). Plans stay custom: a search's best plan depends on
//! the text searched (a rare name wants the trigram index, a city shared by
//! a third of the history wants the newest rows first), and a generic plan
//! would pick one for all.

use std::collections::HashMap;

use postgres::types::ToSql;
use postgres::{Client, Row, Statement, Transaction};

/// Statements kept per connection; past this the cache starts over (the
/// list's reads vary their limits).
const KEPT: usize = 256;

pub struct Db {
    client: Client,
    statements: HashMap<String, Statement>,
}

type Params<'a> = &'a [&'a (dyn ToSql + Sync)];

impl Db {
    pub fn new(mut client: Client) -> Result<Db, postgres::Error> {
        // No statement holds the history (and the dashboard's reads behind
        // it) longer than a minute. Set here, not in the startup options,
        // which connection poolers refuse.
        client.batch_execute("SET plan_cache_mode = force_custom_plan; SET statement_timeout = '60s'")?;
        Ok(Db { client, statements: HashMap::new() })
    }

    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    pub fn statement(&mut self, sql: &str) -> Result<Statement, postgres::Error> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        if self.statements.len() >= KEPT {
            self.statements.clear();
        }
        let statement = self.client.prepare(sql)?;
        self.statements.insert(sql.to_owned(), statement.clone());
        Ok(statement)
    }

    pub fn query(&mut self, sql: &str, params: Params) -> Result<Vec<Row>, postgres::Error> {
        let statement = self.statement(sql)?;
        self.client.query(&statement, params)
    }

    pub fn query_opt(&mut self, sql: &str, params: Params) -> Result<Option<Row>, postgres::Error> {
        let statement = self.statement(sql)?;
        self.client.query_opt(&statement, params)
    }

    pub fn query_one(&mut self, sql: &str, params: Params) -> Result<Row, postgres::Error> {
        let statement = self.statement(sql)?;
        self.client.query_one(&statement, params)
    }

    /// A transaction; its statements are prepared first with [`Db::statement`].
    pub fn transaction(&mut self) -> Result<Transaction<'_>, postgres::Error> {
        self.client.transaction()
    }
}
