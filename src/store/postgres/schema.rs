//! The team history's schema, versioned in `epay_status_schema`, and who
//! may do what with it. The database's owner runs `epay-status team init`
//! once, and again after an upgrade: each step runs once, in order, in one
//! transaction, under an advisory lock, and every object is owned by the
//! owner's role. The operators' role is granted only what operators need
//! (SELECT and INSERT, the sequences): no operator can update, delete,
//! truncate, alter or drop what the team wrote, nor disable a trigger.
//! Operators' commands never create or migrate: they check the version.

use super::db::{Conn, DbError, Tx};

/// Index = version - 1. Append; never edit a released step.
const MIGRATIONS: &[&str] = &[V1_LOOKUPS, V2_CASES, V3_OWNED_AND_STAMPED];

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
pub async fn check(db: &mut Conn) -> Result<(), SchemaError> {
    let found = match db.query_opt("SELECT version FROM epay_status_schema", &[]).await {
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
/// object of it over, puts its guards in place as this version writes them,
/// and grants `operators` what operators need. Returns the version it found.
pub async fn init(db: &mut Conn, operators: &str) -> Result<i32, SchemaError> {
    let mut tx = db.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await?;
    refuse_unfit(&mut tx, operators).await?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS epay_status_schema (version INTEGER NOT NULL)").await?;
    // Tables an earlier version let the operators' role create are the
    // owner's from now on (this needs the owner to be a superuser or a
    // member of the role that made them), before anything in them is read.
    for table in WRITTEN.iter().chain(&READ).chain(&["cases"]) {
        let made = tx.query_one("SELECT to_regclass($1) IS NOT NULL", &[table]).await?;
        if made.try_get::<_, bool>(0).map_err(DbError::from)? {
            tx.batch_execute(&format!("ALTER TABLE public.{table} OWNER TO CURRENT_USER")).await?;
        }
    }
    // Whoever owned it before may have written any number, or several.
    let found: Option<i32> =
        tx.query_one("SELECT max(version) FROM epay_status_schema", &[]).await?.try_get(0).map_err(DbError::from)?;
    let found = match found {
        None => {
            tx.execute("INSERT INTO epay_status_schema VALUES (0)", &[]).await?;
            0
        }
        Some(v) if v > VERSION => return Err(SchemaError::Newer(v)),
        Some(v) if v < 0 => {
            return Err(SchemaError::Refused(format!("the schema's version reads {v}: not one this program wrote")));
        }
        Some(v) => v,
    };
    tx.batch_execute("DELETE FROM epay_status_schema; INSERT INTO epay_status_schema VALUES (0)").await?;
    for step in MIGRATIONS.iter().skip(found as usize) {
        tx.batch_execute(step).await?;
    }
    verify(&mut tx).await?;
    guard(&mut tx).await?;
    tx.execute("UPDATE epay_status_schema SET version = $1", &[&VERSION]).await?;
    grant(&mut tx, operators).await?;
    tx.commit().await?;
    Ok(found)
}

/// A role that could undo what the guards do is no operators' role: the
/// owner itself, a member of it, a superuser, one that may create roles
/// (and so grant itself the owner's), one that owns the database or its
/// schema (and so may drop any table in it).
async fn refuse_unfit(tx: &mut Tx<'_>, operators: &str) -> Result<(), SchemaError> {
    let row = tx
        .query_opt(
            "SELECT r.rolname = current_user, pg_has_role(r.oid, current_user::text::regrole, 'MEMBER'), r.rolsuper,
                r.rolcreaterole,
                pg_has_role(r.oid, d.datdba, 'MEMBER') OR pg_has_role(r.oid, n.nspowner, 'MEMBER'),
                current_user::text
         FROM pg_roles r, pg_database d, pg_namespace n
         WHERE r.rolname = $1 AND d.datname = current_database() AND n.nspname = 'public'",
            &[&operators],
        )
        .await?;
    let name = crate::text::clean(operators);
    let Some(row) = row else {
        return Err(SchemaError::Refused(format!(
            "no role {name}: create it first (CREATE ROLE {name} LOGIN PASSWORD '...')"
        )));
    };
    let flag = |i| row.try_get::<_, bool>(i).map_err(DbError::from);
    let me: String = row.try_get(5).map_err(DbError::from)?;
    let why = if flag(0)? {
        "is the owner's own role: operators need a role of their own"
    } else if flag(1)? {
        "is a member of the owner's role, and so has its rights"
    } else if flag(2)? {
        "is a superuser"
    } else if flag(3)? {
        "may create roles, and so could grant itself the owner's"
    } else if flag(4)? {
        "owns this database or its schema public, and so could drop the team's tables (ALTER DATABASE ... OWNER \
         TO the owner)"
    } else {
        return Ok(());
    };
    Err(SchemaError::Refused(format!(
        "the role {name} {why}; run this again with a role that may only log in (the owner here is {})",
        crate::text::clean(&me)
    )))
}

/// The schema a version number claims is the one there: a number someone
/// set by hand to skip a step is found out, not trusted.
async fn verify(tx: &mut Tx<'_>) -> Result<(), SchemaError> {
    let row = tx
        .query_one(
            "SELECT count(*) FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name IN ('lookups', 'case_entries')
           AND column_name IN ('recorded_at', 'recorded_by')",
            &[],
        )
        .await?;
    match row.try_get::<_, i64>(0).map_err(DbError::from)? {
        4 => Ok(()),
        _ => Err(SchemaError::Refused(
            "the team history's tables are not those its version number claims (changed by hand?): restore them \
             from a backup, or set the history up afresh in a new database"
                .into(),
        )),
    }
}

/// Every guard as this version writes it, whatever was there before: the
/// functions replaced (each with a search path no one else can put a
/// table in, names written in full), every other trigger, rule and row
/// policy on the tables dropped, ours created again.
async fn guard(tx: &mut Tx<'_>) -> Result<(), DbError> {
    tx.batch_execute(
        "CREATE OR REPLACE FUNCTION public.epay_status_case_entries_kept() RETURNS trigger LANGUAGE plpgsql
            SET search_path = pg_catalog, pg_temp AS $$
            BEGIN RAISE EXCEPTION 'case entries are never changed or deleted'; END $$;
        -- The server's row id, time and role, whatever the INSERT said (an
        -- id chosen with OVERRIDING SYSTEM VALUE would reorder the trail).
        CREATE OR REPLACE FUNCTION public.epay_status_stamp() RETURNS trigger LANGUAGE plpgsql
            SET search_path = pg_catalog, pg_temp AS $$
            BEGIN
                NEW.id := nextval(pg_get_serial_sequence(format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME), 'id'));
                NEW.recorded_at := now();
                NEW.recorded_by := session_user;
                RETURN NEW;
            END $$;
        CREATE OR REPLACE FUNCTION public.epay_status_count_added() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            BEGIN UPDATE public.lookup_count SET n = n + (SELECT count(*) FROM added); RETURN NULL; END $$;
        CREATE OR REPLACE FUNCTION public.epay_status_count_removed() RETURNS trigger LANGUAGE plpgsql
            SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
            BEGIN UPDATE public.lookup_count SET n = n - (SELECT count(*) FROM removed); RETURN NULL; END $$;
        ALTER FUNCTION public.epay_status_case_entries_kept() OWNER TO CURRENT_USER;
        ALTER FUNCTION public.epay_status_stamp() OWNER TO CURRENT_USER;
        ALTER FUNCTION public.epay_status_count_added() OWNER TO CURRENT_USER;
        ALTER FUNCTION public.epay_status_count_removed() OWNER TO CURRENT_USER;
        REVOKE ALL ON FUNCTION public.epay_status_case_entries_kept(), public.epay_status_stamp(),
            public.epay_status_count_added(), public.epay_status_count_removed() FROM PUBLIC;
        DO $$
        DECLARE
            t record;
            tables regclass[] := ARRAY['public.lookups', 'public.case_entries', 'public.lookup_count',
                'public.epay_status_schema']::regclass[];
        BEGIN
            FOR t IN SELECT tgname, tgrelid::regclass AS rel FROM pg_trigger
                     WHERE NOT tgisinternal AND tgrelid = ANY (tables) LOOP
                EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.rel);
            END LOOP;
            FOR t IN SELECT rulename, ev_class::regclass AS rel FROM pg_rewrite
                     WHERE ev_class = ANY (tables) AND rulename <> '_RETURN' LOOP
                EXECUTE format('DROP RULE %I ON %s', t.rulename, t.rel);
            END LOOP;
            FOR t IN SELECT polname, polrelid::regclass AS rel FROM pg_policy WHERE polrelid = ANY (tables) LOOP
                EXECUTE format('DROP POLICY %I ON %s', t.polname, t.rel);
            END LOOP;
            FOR t IN SELECT unnest(tables) AS rel LOOP
                EXECUTE format('ALTER TABLE %s NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY', t.rel);
            END LOOP;
        END $$;
        CREATE TRIGGER case_entries_kept BEFORE UPDATE OR DELETE ON public.case_entries
            FOR EACH ROW EXECUTE FUNCTION public.epay_status_case_entries_kept();
        CREATE TRIGGER case_entries_never_truncated BEFORE TRUNCATE ON public.case_entries
            FOR EACH STATEMENT EXECUTE FUNCTION public.epay_status_case_entries_kept();
        CREATE TRIGGER lookups_stamped BEFORE INSERT ON public.lookups
            FOR EACH ROW EXECUTE FUNCTION public.epay_status_stamp();
        CREATE TRIGGER case_entries_stamped BEFORE INSERT ON public.case_entries
            FOR EACH ROW EXECUTE FUNCTION public.epay_status_stamp();
        CREATE TRIGGER lookups_counted AFTER INSERT ON public.lookups REFERENCING NEW TABLE AS added
            FOR EACH STATEMENT EXECUTE FUNCTION public.epay_status_count_added();
        CREATE TRIGGER lookups_uncounted AFTER DELETE ON public.lookups REFERENCING OLD TABLE AS removed
            FOR EACH STATEMENT EXECUTE FUNCTION public.epay_status_count_removed();",
    )
    .await
}

/// Exactly what an operator needs, and nothing more: whatever anyone else
/// was granted before (by the owner, or by operators who once owned the
/// tables) is taken back first. Operators with a login each share the
/// role named here, as members of it.
async fn grant(tx: &mut Tx<'_>, operators: &str) -> Result<(), DbError> {
    tx.batch_execute(
        "DO $$
        DECLARE g record;
        BEGIN
            FOR g IN SELECT DISTINCT grantee, table_name FROM information_schema.role_table_grants
                     WHERE table_schema = 'public' AND grantee <> current_user
                       AND table_name IN ('lookups', 'case_entries', 'lookup_count', 'epay_status_schema') LOOP
                EXECUTE format('REVOKE ALL ON public.%I FROM %s', g.table_name,
                    CASE WHEN g.grantee = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(g.grantee) END);
            END LOOP;
        END $$;",
    )
    .await?;
    let role = quote_ident(operators);
    let all: Vec<String> = WRITTEN.iter().chain(&READ).map(|t| format!("public.{t}")).collect();
    let written: Vec<String> = WRITTEN.iter().map(|t| format!("public.{t}")).collect();
    tx.batch_execute(&format!(
        "REVOKE ALL ON {all} FROM PUBLIC;
         GRANT SELECT ON {all} TO {role};
         GRANT INSERT ON {written} TO {role};",
        all = all.join(", "),
        written = written.join(", "),
    ))
    .await?;
    for table in WRITTEN {
        let row = tx.query_one("SELECT pg_get_serial_sequence($1, 'id')", &[&format!("public.{table}")]).await?;
        let sequence: Option<String> = row.try_get(0).map_err(DbError::from)?;
        if let Some(sequence) = sequence {
            tx.batch_execute(&format!(
                "REVOKE ALL ON SEQUENCE {sequence} FROM PUBLIC; GRANT USAGE ON SEQUENCE {sequence} TO {role}"
            ))
            .await?;
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
const V1_LOOKUPS: &str = "CREATE EXTENSION IF NOT EXISTS pg_trgm;
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
        INSERT INTO lookup_count VALUES (0);";

/// Dispute cases, as SQLite's schema v8: a trail that is only ever added
/// to (a trigger refuses the rest, for every role but the table's owner
/// disabling it on purpose), and each case as its trail adds up.
const V2_CASES: &str = "CREATE TABLE case_entries (
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
        );";

/// The owner's from here on: the server stamps the time and the role of
/// every lookup and trail entry (`recorded_at`, `recorded_by`, set with the
/// row's id by the owner's trigger, see `guard`; rows from before have
/// none, rather than the migration's own), the lookups' count is kept by
/// the owner's triggers (operators may not UPDATE it), and a case is what
/// its trail adds up to: the `cases` table, a row an operator could update,
/// is gone.
const V3_OWNED_AND_STAMPED: &str =
    "ALTER TABLE lookups ADD COLUMN recorded_at TIMESTAMPTZ, ADD COLUMN recorded_by TEXT;
        ALTER TABLE case_entries ADD COLUMN recorded_at TIMESTAMPTZ, ADD COLUMN recorded_by TEXT;
        DROP TABLE cases;";
