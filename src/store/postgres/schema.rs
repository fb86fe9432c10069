//! The team history's schema, versioned in `epay_status_schema`, and who
//! may do what with it. The database's owner runs `epay-status team init`
//! once, and again after an upgrade: each step runs once, in order, in one
//! transaction, under an advisory lock, and every object is owned by the
//! owner's role. The operators' role is granted only what operators need
//! (SELECT and INSERT, the sequences): no operator can update, delete,
//! truncate, alter or drop what the team wrote, nor disable a trigger.
//! Operators' commands never create or migrate: they check the version.

use super::db::{Db, DbError, Tx};

type Migration = fn(&mut Tx) -> Result<(), DbError>;

/// Index = version - 1. Append; never edit a released step.
const MIGRATIONS: &[Migration] = &[v1_lookups, v2_cases, v3_owned_and_stamped];

pub const VERSION: i32 = MIGRATIONS.len() as i32;

/// The advisory lock's key: "epay" in ASCII.
const MIGRATION_LOCK: i64 = 0x6570_6179;

/// The tables an operator reads and adds to, and those read only.
const WRITTEN: [&str; 2] = ["lookups", "case_entries"];
const READ: [&str; 2] = ["epay_status_schema", "lookup_count"];

/// Why the schema cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("{0}")]
    Server(#[from] DbError),
    #[error("written by a newer epay-status (schema {0}; this one knows {VERSION})")]
    Newer(i32),
    #[error(
        "the team history is not set up{}: its owner runs `epay-status team init --admin-url URL --role ROLE` once \
         (see README, For teams)",
        match .0 { Some(v) => format!(" for this version (schema {v}; this one needs {VERSION})"), None => String::new() }
    )]
    NotSetUp(Option<i32>),
    #[error(
        "the team history is not set up for this role: its owner runs `epay-status team init --admin-url URL --role \
         ROLE` with this role (see README, For teams)"
    )]
    NotForThisRole,
    #[error("{0}")]
    Refused(String),
}

/// What an operator's connection checks: the schema is there and of this
/// version. Never creates or changes anything.
pub fn check(db: &mut Db) -> Result<(), SchemaError> {
    let found = match db.query_opt("SELECT version FROM epay_status_schema", &[]) {
        Ok(row) => row.map(|r| r.try_get::<_, i32>(0)).transpose().map_err(DbError::from)?,
        Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::UNDEFINED_TABLE) => None,
        Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) => {
            return Err(SchemaError::NotForThisRole);
        }
        Err(e) => return Err(e.into()),
    };
    match found {
        Some(v) if v > VERSION => Err(SchemaError::Newer(v)),
        Some(VERSION) => Ok(()),
        older => Err(SchemaError::NotSetUp(older)),
    }
}

/// `team init`, as the owner: creates or migrates the schema, takes every
/// object of it over, and grants `operators` what operators need. Returns
/// the version it found.
pub fn init(db: &mut Db, operators: &str) -> Result<i32, SchemaError> {
    let mut tx = db.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    let me: String = tx.query_one("SELECT current_user::text", &[])?.get(0);
    let exists = tx.query_one("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", &[&operators])?;
    if !exists.get::<_, bool>(0) {
        return Err(SchemaError::Refused(format!(
            "no role {}: create it first (CREATE ROLE {} LOGIN PASSWORD '...')",
            crate::text::clean(operators),
            crate::text::clean(operators)
        )));
    }
    if operators != me {
        // The owner of the database owns its schema `public` too (since
        // PostgreSQL 15), and a schema's owner may drop any table in it.
        let owns = tx.query_one(
            "SELECT pg_has_role($1, d.datdba, 'MEMBER') OR pg_has_role($1, n.nspowner, 'MEMBER')
             FROM pg_database d, pg_namespace n WHERE d.datname = current_database() AND n.nspname = 'public'",
            &[&operators],
        )?;
        if owns.get::<_, bool>(0) {
            return Err(SchemaError::Refused(format!(
                "the role {} owns this database or its schema public, and so could drop the team's tables: make \
                 the administrator the owner (ALTER DATABASE ... OWNER TO {}), then run this again",
                crate::text::clean(operators),
                crate::text::clean(&me)
            )));
        }
    }
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
    // Tables an earlier version let the operators' role create are the
    // owner's from now on (this needs the owner to be a superuser or a
    // member of the role that made them).
    for table in WRITTEN.iter().chain(&READ).chain(&["cases"]) {
        let made = tx.query_one("SELECT to_regclass($1) IS NOT NULL", &[table])?;
        if made.get::<_, bool>(0) {
            tx.batch_execute(&format!("ALTER TABLE {table} OWNER TO CURRENT_USER"))?;
        }
    }
    let kept = "epay_status_case_entries_kept()";
    if tx.query_one("SELECT to_regprocedure($1) IS NOT NULL", &[&kept])?.get::<_, bool>(0) {
        tx.batch_execute(&format!("ALTER FUNCTION {kept} OWNER TO CURRENT_USER"))?;
    }
    for step in MIGRATIONS.iter().skip(found as usize) {
        step(&mut tx)?;
    }
    tx.execute("UPDATE epay_status_schema SET version = $1", &[&VERSION])?;
    grant(&mut tx, operators)?;
    tx.commit()?;
    Ok(found)
}

/// Exactly what an operator needs, and nothing more: whatever was granted
/// before is taken back first.
fn grant(tx: &mut Tx, operators: &str) -> Result<(), DbError> {
    let role = quote_ident(operators);
    let all: Vec<&str> = WRITTEN.iter().chain(&READ).copied().collect();
    let tables = all.join(", ");
    tx.batch_execute(&format!(
        "REVOKE ALL ON {tables} FROM PUBLIC, {role};
         GRANT SELECT ON {tables} TO {role};
         GRANT INSERT ON {} TO {role};",
        WRITTEN.join(", ")
    ))?;
    for table in WRITTEN {
        let sequence: Option<String> = tx.query_one("SELECT pg_get_serial_sequence($1, 'id')", &[&table])?.get(0);
        if let Some(sequence) = sequence {
            tx.batch_execute(&format!("GRANT USAGE ON SEQUENCE {sequence} TO {role}"))?;
        }
    }
    Ok(())
}

/// A role's name as SQL (`"dana"`): names are not bind parameters there.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The columns of SQLite's schema v7 in PostgreSQL's types. Text compared
/// by sort keys and invoice prefixes is in the "C" collation: byte order,
/// as SQLite compares, whatever the database's locale, so both backends
/// list in one order and a prefix range is an index range.
fn v1_lookups(tx: &mut Tx) -> Result<(), DbError> {
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
fn v2_cases(tx: &mut Tx) -> Result<(), DbError> {
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

/// The owner's from here on: the server stamps the time and the role of
/// every lookup and trail entry (`recorded_at`, `recorded_by`: a trigger
/// sets them whatever an INSERT says, and only the owner can disable it;
/// rows from before have none, rather than the migration's own),
/// the lookups' count is kept by the owner's trigger (operators may not
/// UPDATE it), and a case is what its trail adds up to: the `cases` table,
/// a row an operator could update, is gone.
fn v3_owned_and_stamped(tx: &mut Tx) -> Result<(), DbError> {
    tx.batch_execute(
        "ALTER TABLE lookups ADD COLUMN recorded_at TIMESTAMPTZ, ADD COLUMN recorded_by TEXT;
        ALTER TABLE case_entries ADD COLUMN recorded_at TIMESTAMPTZ, ADD COLUMN recorded_by TEXT;
        CREATE FUNCTION epay_status_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN NEW.recorded_at := now(); NEW.recorded_by := session_user; RETURN NEW; END $$;
        CREATE TRIGGER lookups_stamped BEFORE INSERT ON lookups
            FOR EACH ROW EXECUTE FUNCTION epay_status_stamp();
        CREATE TRIGGER case_entries_stamped BEFORE INSERT ON case_entries
            FOR EACH ROW EXECUTE FUNCTION epay_status_stamp();
        CREATE FUNCTION epay_status_count_added() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
            SET search_path = pg_catalog, public AS $$
            BEGIN UPDATE lookup_count SET n = n + (SELECT count(*) FROM added); RETURN NULL; END $$;
        CREATE TRIGGER lookups_counted AFTER INSERT ON lookups REFERENCING NEW TABLE AS added
            FOR EACH STATEMENT EXECUTE FUNCTION epay_status_count_added();
        CREATE FUNCTION epay_status_count_removed() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
            SET search_path = pg_catalog, public AS $$
            BEGIN UPDATE lookup_count SET n = n - (SELECT count(*) FROM removed); RETURN NULL; END $$;
        CREATE TRIGGER lookups_uncounted AFTER DELETE ON lookups REFERENCING OLD TABLE AS removed
            FOR EACH STATEMENT EXECUTE FUNCTION epay_status_count_removed();
        REVOKE ALL ON FUNCTION epay_status_count_added(), epay_status_count_removed() FROM PUBLIC;
        DROP TABLE cases;",
    )
}
