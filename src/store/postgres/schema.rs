//! The team history's schema, versioned in `epay_status_schema`. Each step
//! runs once, in order, in one transaction, under an advisory lock so that
//! the operators who start their dashboards at nine o'clock do not all
//! migrate at once.

use postgres::Transaction;

type Migration = fn(&mut Transaction) -> Result<(), postgres::Error>;

/// Index = version - 1. Append; never edit a released step.
const MIGRATIONS: &[Migration] = &[v1_lookups, v2_cases];

pub const VERSION: i32 = MIGRATIONS.len() as i32;

/// The advisory lock's key: "epay" in ASCII.
const MIGRATION_LOCK: i64 = 0x6570_6179;

/// Why the schema cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("{}", super::url::describe(.0))]
    Server(#[from] postgres::Error),
    #[error("written by a newer epay-status (schema {0}; this one knows {VERSION})")]
    Newer(i32),
}

pub fn migrate(client: &mut postgres::Client) -> Result<(), SchemaError> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS epay_status_schema (version INTEGER NOT NULL)")?;
    let found: i32 = match tx.query_opt("SELECT version FROM epay_status_schema", &[])? {
        Some(row) => row.get(0),
        None => {
            tx.execute("INSERT INTO epay_status_schema VALUES (0)", &[])?;
            0
        }
    };
    if found > VERSION {
        return Err(SchemaError::Newer(found));
    }
    for step in MIGRATIONS.iter().skip(found as usize) {
        step(&mut tx)?;
    }
    tx.execute("UPDATE epay_status_schema SET version = $1", &[&VERSION])?;
    tx.commit()?;
    Ok(())
}

/// The columns of SQLite's schema v7 in PostgreSQL's types. Text compared
/// by sort keys and invoice prefixes is in the "C" collation: byte order,
/// as SQLite compares, whatever the database's locale, so both backends
/// list in one order and a prefix range is an index range.
fn v1_lookups(tx: &mut Transaction) -> Result<(), postgres::Error> {
    tx.batch_execute(
        "CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE TABLE lookups (
            id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            lookup_key     TEXT NOT NULL UNIQUE,
            checked_at     TIMESTAMPTZ NOT NULL,
            profile        TEXT NOT NULL,
            api_host       TEXT NOT NULL,
            operator       TEXT NOT NULL,
            machine        TEXT NOT NULL,
            invoice        TEXT COLLATE \"C\" NOT NULL,
            requested_type TEXT NOT NULL,
            kind           TEXT NOT NULL,
            http_status    INTEGER,
            result_code    TEXT,
            result_message TEXT,
            status         TEXT COLLATE \"C\",
            amount         TEXT,
            amount_num     DOUBLE PRECISION,
            amount_sent    TEXT,
            currency       TEXT COLLATE \"C\",
            card_mask      TEXT,
            card_id        TEXT,
            ip             TEXT,
            ip_country     TEXT,
            error_kind     TEXT,
            error_message  TEXT,
            error_detail   TEXT,
            answer         BYTEA,
            search_text    TEXT NOT NULL,
            status_changed BOOLEAN NOT NULL DEFAULT false,
            attempts       INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX lookups_invoice ON lookups (invoice, id);
        CREATE INDEX lookups_checked_at ON lookups (checked_at);
        CREATE INDEX lookups_card ON lookups (card_id, invoice) WHERE card_id IS NOT NULL;
        CREATE INDEX lookups_ip ON lookups (ip, invoice) WHERE ip IS NOT NULL;
        CREATE INDEX lookups_by_status ON lookups (coalesce(status, ''), id DESC);
        CREATE INDEX lookups_by_amount ON lookups
            ((currency IS NULL), coalesce(currency, ''), coalesce(amount_num, '-Infinity') DESC, id DESC);
        CREATE INDEX lookups_search ON lookups USING gin (search_text gin_trgm_ops);
        CREATE TABLE lookup_count (n BIGINT NOT NULL);
        INSERT INTO lookup_count VALUES (0);",
    )
}

/// Dispute cases, as SQLite's schema v8: a trail that is only ever added
/// to (a trigger refuses the rest, for every role but the table's owner
/// disabling it on purpose), and each case as its trail adds up.
fn v2_cases(tx: &mut Transaction) -> Result<(), postgres::Error> {
    tx.batch_execute(
        "CREATE TABLE case_entries (
            id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            entry_key   TEXT NOT NULL UNIQUE,
            invoice     TEXT COLLATE \"C\" NOT NULL,
            at          TIMESTAMPTZ NOT NULL,
            operator    TEXT NOT NULL,
            machine     TEXT NOT NULL,
            change      TEXT NOT NULL,
            value       TEXT NOT NULL,
            search_text TEXT
        );
        CREATE INDEX case_entries_invoice ON case_entries (invoice, id);
        CREATE FUNCTION epay_status_case_entries_kept() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'case entries are never changed or deleted'; END $$;
        CREATE TRIGGER case_entries_kept BEFORE UPDATE OR DELETE ON case_entries
            FOR EACH ROW EXECUTE FUNCTION epay_status_case_entries_kept();
        CREATE TRIGGER case_entries_never_truncated BEFORE TRUNCATE ON case_entries
            FOR EACH STATEMENT EXECUTE FUNCTION epay_status_case_entries_kept();
        CREATE TABLE cases (
            invoice    TEXT COLLATE \"C\" PRIMARY KEY,
            opened_at  TIMESTAMPTZ NOT NULL,
            opened_by  TEXT NOT NULL,
            state      TEXT NOT NULL,
            deadline   DATE,
            owner      TEXT NOT NULL,
            tags       TEXT NOT NULL,
            notes      BIGINT NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL,
            updated_by TEXT NOT NULL,
            last_entry BIGINT NOT NULL
        );",
    )
}
