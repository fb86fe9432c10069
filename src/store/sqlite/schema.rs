//! The schema, versioned with PRAGMA user_version from the first release.
//! Each migration runs once, in order, inside one transaction.

use rusqlite::{Connection, Transaction, TransactionBehavior, params};

use crate::store::packing::pack;
use crate::store::row::{parse_kind, search_text_of_stored};

type Migration = fn(&Transaction) -> rusqlite::Result<()>;

/// id, invoice, kind, status, raw_json of a row written by version 1.
type V1Row = (i64, String, String, Option<String>, Option<String>);

/// Index = version - 1. Append; never edit a released step.
const MIGRATIONS: &[Migration] = &[
    v1_lookups,
    v2_search_and_cross_reference,
    v3_status_changed_and_attempts,
    v4_windows_and_count,
    v5_packed_answers_and_a_lean_search_index,
    v6_operator_and_machine,
    v7_lookup_keys,
    v8_cases,
];

pub const VERSION: u32 = MIGRATIONS.len() as u32;

pub fn migrate(conn: &mut Connection) -> rusqlite::Result<u32> {
    let found: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, step) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        // IMMEDIATE takes the write lock first, so two processes opening a
        // new file at once cannot both run a step: the second sees it done.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let now: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > i as u32 {
            continue;
        }
        step(&tx)?;
        tx.pragma_update(None, "user_version", i as u32 + 1)?;
        tx.commit()?;
    }
    Ok(found)
}

/// Runs only the first `version` steps: for tests of later migrations.
#[cfg(test)]
pub fn migrate_to(conn: &mut Connection, version: u32) -> rusqlite::Result<()> {
    for (i, step) in MIGRATIONS.iter().enumerate().take(version as usize) {
        let tx = conn.transaction()?;
        step(&tx)?;
        tx.pragma_update(None, "user_version", i as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

fn v1_lookups(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "CREATE TABLE lookups (
            id             INTEGER PRIMARY KEY,
            checked_at     TEXT NOT NULL,
            profile        TEXT NOT NULL,
            api_host       TEXT NOT NULL,
            invoice        TEXT NOT NULL,
            requested_type TEXT NOT NULL,
            kind           TEXT NOT NULL,
            http_status    INTEGER,
            result_code    TEXT,
            result_message TEXT,
            status         TEXT,
            amount         TEXT,
            currency       TEXT,
            card_mask      TEXT,
            card_id        TEXT,
            ip             TEXT,
            ip_country     TEXT,
            error_kind     TEXT,
            error_message  TEXT,
            error_detail   TEXT,
            raw_json       TEXT
        );
        CREATE INDEX lookups_invoice ON lookups(invoice, id);
        CREATE INDEX lookups_checked_at ON lookups(checked_at);",
    )
}

/// Substring search over the fields an operator remembers (trigram FTS,
/// so Cyrillic and card-mask fragments match), and indexes for "how many
/// other lookups share this card or IP".
fn v2_search_and_cross_reference(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch("ALTER TABLE lookups ADD COLUMN search_text TEXT NOT NULL DEFAULT '';")?;
    // Rows written by version 1 get their search text from what they stored,
    // before the index exists (its triggers expect indexed rows).
    let rows: Vec<V1Row> = {
        let mut stmt = tx.prepare("SELECT id, invoice, kind, status, raw_json FROM lookups")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
            .collect::<Result<_, _>>()?
    };
    let mut update = tx.prepare("UPDATE lookups SET search_text = ?1 WHERE id = ?2")?;
    for (id, invoice, kind, status, raw) in rows {
        update.execute(params![search_text_of_stored(&invoice, &kind, status.as_deref(), raw.as_deref()), id])?;
    }
    tx.execute_batch(
        "CREATE INDEX lookups_card ON lookups(card_id) WHERE card_id IS NOT NULL;
        CREATE INDEX lookups_ip ON lookups(ip) WHERE ip IS NOT NULL;
        CREATE VIRTUAL TABLE lookups_fts USING fts5(
            search_text, content='lookups', content_rowid='id', tokenize='trigram'
        );
        INSERT INTO lookups_fts(lookups_fts) VALUES ('rebuild');
        CREATE TRIGGER lookups_fts_insert AFTER INSERT ON lookups BEGIN
            INSERT INTO lookups_fts(rowid, search_text) VALUES (new.id, new.search_text);
        END;
        CREATE TRIGGER lookups_fts_delete AFTER DELETE ON lookups BEGIN
            INSERT INTO lookups_fts(lookups_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        END;
        CREATE TRIGGER lookups_fts_update AFTER UPDATE OF search_text ON lookups BEGIN
            INSERT INTO lookups_fts(lookups_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
            INSERT INTO lookups_fts(rowid, search_text) VALUES (new.id, new.search_text);
        END;",
    )
}

/// "The status changed since this invoice's previous check" is decided once,
/// when a lookup is recorded, and kept with it. Rows written before are
/// given the flag by the same rule: a successful answer with a status that
/// differs from the newest earlier successful answer that had one.
///
/// The tries a failed lookup took get their own column too: earlier
/// versions wrote them, and the kind's prefix, into the error message.
fn v3_status_changed_and_attempts(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch("ALTER TABLE lookups ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;")?;
    let failed: Vec<(i64, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT id, error_kind, error_message FROM lookups
             WHERE error_kind IS NOT NULL AND error_message IS NOT NULL",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?
    };
    let mut update = tx.prepare("UPDATE lookups SET error_message = ?1, attempts = ?2 WHERE id = ?3")?;
    for (id, kind, message) in failed {
        let (detail, attempts) = legacy_error_message(&kind, &message);
        update.execute(params![detail, attempts, id])?;
    }
    tx.execute_batch(
        "ALTER TABLE lookups ADD COLUMN status_changed INTEGER NOT NULL DEFAULT 0;
        UPDATE lookups SET status_changed = 1 WHERE id IN (
            SELECT l.id FROM (
                SELECT id, status, result_code, max(CASE WHEN result_code = '100' AND status IS NOT NULL THEN id END)
                    OVER (PARTITION BY invoice ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                    AS previous
                FROM lookups
            ) l
            JOIN lookups p ON p.id = l.previous
            WHERE l.result_code = '100' AND l.status IS NOT NULL AND p.status != l.status
        );",
    )
}

/// The list reads windows of rows by keyset, so each order it offers has an
/// index on its sort key (the expressions of `window::keys`), and amounts
/// get a numeric copy to sort by. The whole history's count is kept in a
/// row of its own by triggers, so the title never scans ten million rows.
fn v4_windows_and_count(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "ALTER TABLE lookups ADD COLUMN amount_num REAL;
        UPDATE lookups SET amount_num = CAST(amount AS REAL) WHERE amount IS NOT NULL;
        CREATE INDEX lookups_by_status ON lookups(ifnull(status, ''), id DESC);
        CREATE INDEX lookups_by_amount
            ON lookups((currency IS NULL), ifnull(currency, ''), ifnull(amount_num, -1e308) DESC, id DESC);
        CREATE TABLE lookup_count (n INTEGER NOT NULL);
        INSERT INTO lookup_count (n) SELECT count(*) FROM lookups;
        CREATE TRIGGER lookup_count_insert AFTER INSERT ON lookups BEGIN
            UPDATE lookup_count SET n = n + 1;
        END;
        CREATE TRIGGER lookup_count_delete AFTER DELETE ON lookups BEGIN
            UPDATE lookup_count SET n = n - 1;
        END;",
    )
}

/// A lookup took 2.7 KB on disk, most of it the raw answer and the search
/// index's positions. Answers are packed (zstd with a dictionary, see
/// `packing`); the trigram index keeps no positions (`detail=none`), since
/// searches are LIKE patterns that FTS5 checks against the text itself.
/// New rows are indexed and counted once per transaction by the writer,
/// not by triggers: a trigger gives every INSERT a statement journal and a
/// savepoint, and FTS5 writes out its pending terms at every savepoint of a
/// transaction that touched it, so the index grew one tiny segment per row
/// to be merged again (half of a batch's time). An
/// amount that could not be read is kept as sent, for the list to show.
/// The card and IP indexes hold the invoice too: "seen in other invoices"
/// is counted for every answer, and without it each match read its row.
fn v5_packed_answers_and_a_lean_search_index(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "ALTER TABLE lookups ADD COLUMN answer BLOB;
        ALTER TABLE lookups ADD COLUMN amount_sent TEXT;",
    )?;
    {
        let mut read =
            tx.prepare("SELECT id, invoice, kind, raw_json, amount IS NULL FROM lookups WHERE raw_json IS NOT NULL")?;
        let mut write = tx.prepare("UPDATE lookups SET answer = ?1, amount_sent = ?2 WHERE id = ?3")?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let (id, raw): (i64, String) = (r.get(0)?, r.get(3)?);
            let amount_sent = if r.get::<_, bool>(4)? {
                amount_as_sent(&r.get::<_, String>(1)?, &r.get::<_, String>(2)?, &raw)
            } else {
                None
            };
            let packed = pack(&raw).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            write.execute(params![packed, amount_sent, id])?;
        }
    }
    tx.execute_batch(
        "ALTER TABLE lookups DROP COLUMN raw_json;
        DROP INDEX lookups_card;
        DROP INDEX lookups_ip;
        CREATE INDEX lookups_card ON lookups(card_id, invoice) WHERE card_id IS NOT NULL;
        CREATE INDEX lookups_ip ON lookups(ip, invoice) WHERE ip IS NOT NULL;
        DROP TRIGGER lookup_count_insert;
        DROP TRIGGER lookups_fts_insert;
        DROP TRIGGER lookups_fts_delete;
        DROP TRIGGER lookups_fts_update;
        DROP TABLE lookups_fts;
        CREATE VIRTUAL TABLE lookups_fts USING fts5(
            search_text, content='lookups', content_rowid='id', tokenize='trigram', detail='none'
        );
        INSERT INTO lookups_fts(lookups_fts) VALUES ('rebuild');
        CREATE TRIGGER lookups_fts_delete AFTER DELETE ON lookups BEGIN
            INSERT INTO lookups_fts(lookups_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        END;
        CREATE TRIGGER lookups_fts_update AFTER UPDATE OF search_text ON lookups BEGIN
            INSERT INTO lookups_fts(lookups_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
            INSERT INTO lookups_fts(rowid, search_text) VALUES (new.id, new.search_text);
        END;",
    )
}

/// Who checked, from which machine: a team's history says so with every
/// lookup. Rows from before stay without (shown as unknown).
fn v6_operator_and_machine(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "ALTER TABLE lookups ADD COLUMN operator TEXT NOT NULL DEFAULT '';
        ALTER TABLE lookups ADD COLUMN machine TEXT NOT NULL DEFAULT '';",
    )
}

/// A lookup waiting in the spool for the team history keeps the key that
/// makes sending it twice harmless (the team's table holds it unique).
fn v7_lookup_keys(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch("ALTER TABLE lookups ADD COLUMN lookup_key TEXT")
}

/// Dispute cases: a trail of entries that is only ever added to (the
/// triggers refuse the rest), and each case as its trail adds up.
fn v8_cases(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "CREATE TABLE case_entries (
            id          INTEGER PRIMARY KEY,
            entry_key   TEXT NOT NULL UNIQUE,
            invoice     TEXT NOT NULL,
            at          TEXT NOT NULL,
            operator    TEXT NOT NULL,
            machine     TEXT NOT NULL,
            change      TEXT NOT NULL,
            value       TEXT NOT NULL,
            search_text TEXT
        );
        CREATE INDEX case_entries_invoice ON case_entries(invoice, id);
        CREATE TRIGGER case_entries_kept BEFORE UPDATE ON case_entries BEGIN
            SELECT RAISE(ABORT, 'case entries are never changed');
        END;
        CREATE TRIGGER case_entries_never_deleted BEFORE DELETE ON case_entries BEGIN
            SELECT RAISE(ABORT, 'case entries are never deleted');
        END;
        CREATE TABLE cases (
            invoice    TEXT PRIMARY KEY,
            opened_at  TEXT NOT NULL,
            opened_by  TEXT NOT NULL,
            state      TEXT NOT NULL,
            deadline   TEXT,
            owner      TEXT NOT NULL,
            tags       TEXT NOT NULL,
            notes      INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL,
            last_entry INTEGER NOT NULL
        );",
    )
}

/// The amount of a stored answer as sent, when it could not be read.
fn amount_as_sent(invoice: &str, kind: &str, raw: &str) -> Option<String> {
    let invoice = crate::epay::InvoiceId::parse(invoice).ok()?;
    let value = serde_json::from_str(raw).ok()?;
    let answer = crate::epay::Answer::decode(invoice, parse_kind(kind), 200, value).ok()?;
    answer.transaction?.as_received("amount").map(str::to_owned)
}

/// Splits an error message as versions 1 and 2 stored it ("timed out: ...
/// (after 3 attempts)") into what is stored now: the detail and the tries.
fn legacy_error_message(kind: &str, message: &str) -> (String, u32) {
    let prefix = match kind {
        "timeout" => "timed out: ",
        "network" => "network error: ",
        _ => "",
    };
    let message = message.strip_prefix(prefix).unwrap_or(message);
    let tries = message
        .strip_suffix(" attempts)")
        .and_then(|m| m.rsplit_once(" (after "))
        .and_then(|(detail, n)| Some((detail, n.parse::<u32>().ok()?)));
    match tries {
        Some((detail, n)) => (detail.to_owned(), n),
        None => (message.to_owned(), 1),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn legacy_error_messages_split_into_detail_and_tries() {
        use super::legacy_error_message as split;
        assert_eq!(split("timeout", "timed out: status request (after 3 attempts)"), ("status request".into(), 3));
        assert_eq!(split("network", "network error: refused"), ("refused".into(), 1));
        assert_eq!(split("protocol", "HTTP 503 (after 2 attempts)"), ("HTTP 503".into(), 2));
        assert_eq!(
            split("auth", "token refused (after many attempts)"),
            ("token refused (after many attempts)".into(), 1)
        );
    }
}
