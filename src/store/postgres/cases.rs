//! Dispute cases in the team history (schema v2): written under an
//! advisory lock on the invoice, announced on the lookups' channel so that
//! every open dashboard shows a teammate's note at once.

use chrono::{DateTime, NaiveDate, Utc};
use postgres::Transaction;

use super::{CHANNEL, Team};
use crate::case::{Case, CaseFile, Change, Entry, Opening};
use crate::checker::Checker;
use crate::epay::InvoiceId;
use crate::store::cases::{self, CaseError, CaseRow, CaseWrite, NOTED_MAX};
use crate::store::{StoreError, needle};

/// The payload that tells watchers a case changed (lookups send none).
pub const CASE_CHANGED: &str = "case";

/// The advisory lock's first key: "case" in ASCII, a space apart from the
/// lookups' one-key locks.
const CASE_LOCK: i32 = 0x6361_7365;

fn entries_sql() -> String {
    format!("SELECT {} FROM case_entries WHERE invoice = $1 ORDER BY id", cases::entry_fields())
}

/// The trail's entries; one that cannot be read (a NULL, a column of
/// another type) is passed over with a log line, as one of an unknown kind.
fn entries(rows: &[postgres::Row]) -> Vec<Entry> {
    rows.iter()
        .filter_map(|r| {
            let read = || -> Result<Option<Entry>, postgres::Error> {
                let text = |i| r.try_get::<_, Option<&str>>(i).map(Option::unwrap_or_default);
                Ok(cases::entry(r.try_get(0)?, r.try_get(1)?, text(2)?, text(3)?, text(4)?))
            };
            read().unwrap_or_else(|e| {
                tracing::warn!("case entry skipped: {}", super::url::describe(&e));
                None
            })
        })
        .collect()
}

impl CaseWrite for Transaction<'_> {
    type Error = postgres::Error;

    fn written(&mut self, key: &str) -> Result<bool, postgres::Error> {
        Ok(self.query_opt("SELECT 1 FROM case_entries WHERE entry_key = $1", &[&key])?.is_some())
    }

    fn entries(&mut self, invoice: &InvoiceId) -> Result<Vec<Entry>, postgres::Error> {
        Ok(entries(&self.query(&entries_sql(), &[&invoice.as_str()])?))
    }

    fn append(
        &mut self,
        key: &str,
        invoice: &InvoiceId,
        who: &Checker,
        at: DateTime<Utc>,
        change: &Change,
    ) -> Result<(), postgres::Error> {
        let value = change.value();
        let search = matches!(change, Change::Note(_)).then(|| needle(&value));
        self.execute(
            "INSERT INTO case_entries (entry_key, invoice, at, operator, machine, change, value, search_text)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[&key, &invoice.as_str(), &at, &who.operator, &who.machine, &change.kind(), &value, &search],
        )
        .map(drop)
    }

    fn save(&mut self, case: &Case) -> Result<(), postgres::Error> {
        self.execute(
            "INSERT INTO cases (invoice, opened_at, opened_by, state, deadline, owner, tags, notes, updated_at,
                 updated_by, last_entry)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (invoice) DO UPDATE SET opened_at = excluded.opened_at, opened_by = excluded.opened_by,
                 state = excluded.state, deadline = excluded.deadline, owner = excluded.owner, tags = excluded.tags,
                 notes = excluded.notes, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                 last_entry = excluded.last_entry",
            &[
                &case.invoice.as_str(),
                &case.opened_at,
                &case.opened_by,
                &case.state.as_str(),
                &case.deadline,
                &case.owner,
                &cases::tags_column(case),
                &(case.notes as i64),
                &case.updated_at,
                &case.updated_by,
                &case.last_entry,
            ],
        )?;
        self.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &CASE_CHANGED]).map(drop)
    }
}

impl Team {
    pub fn change_case(
        &self,
        invoice: &InvoiceId,
        who: &Checker,
        at: DateTime<Utc>,
        changes: &[Change],
        opening: &Opening,
    ) -> Result<CaseFile, CaseError> {
        // One key for the change: if the connection drops as it commits and
        // the write is tried again, the entries are found and not doubled.
        let key = cases::new_key();
        let changed = self.with_client(|db| {
            let mut tx = db.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1, hashtext($2))", &[&CASE_LOCK, &invoice.as_str()])?;
            let changed = cases::change(&mut tx, invoice, who, at, changes, opening, &key)?;
            if changed.is_ok() {
                tx.commit()?;
            }
            Ok(changed)
        })?;
        changed.map_err(CaseError::Refused)
    }

    pub fn case(&self, invoice: &InvoiceId) -> Result<Option<CaseFile>, StoreError> {
        let rows = self.with_client(|db| db.query(&entries_sql(), &[&invoice.as_str()]))?;
        Ok(CaseFile::of(*invoice, entries(&rows)))
    }

    /// Every case, or why its row cannot be one.
    pub fn cases(&self) -> Result<Vec<Result<Case, String>>, StoreError> {
        let rows = self.with_client(|db| db.query(&format!("SELECT {} FROM cases", cases::case_fields()), &[]))?;
        Ok(rows.iter().map(case_of).collect())
    }

    /// Invoices with a note that holds `needle` (cleaned, lowercase).
    pub(super) fn noted(&self, needle: &str) -> Result<Vec<String>, StoreError> {
        let sql = format!(
            "SELECT DISTINCT invoice FROM case_entries WHERE change = 'note' AND strpos(search_text, $1) > 0
             LIMIT {NOTED_MAX}"
        );
        let rows = self.with_client(|db| db.query(&sql, &[&needle]))?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    #[cfg(test)]
    pub(in crate::store) fn execute_raw(&self, sql: &str) -> Result<usize, StoreError> {
        self.with_client(|db| db.query(sql, &[]).map(|rows| rows.len()))
    }
}

fn case_of(r: &postgres::Row) -> Result<Case, String> {
    let read = || -> Result<Result<Case, String>, postgres::Error> {
        let text = |i| r.try_get::<_, Option<&str>>(i).map(Option::unwrap_or_default);
        let deadline: Option<NaiveDate> = r.try_get(4)?;
        let deadline = deadline.map(|d| d.format("%Y-%m-%d").to_string());
        Ok(CaseRow {
            invoice: text(0)?,
            opened_at: r.try_get(1)?,
            opened_by: text(2)?,
            state: text(3)?,
            deadline: deadline.as_deref(),
            owner: text(5)?,
            tags: text(6)?,
            notes: r.try_get(7)?,
            updated_at: r.try_get(8)?,
            updated_by: text(9)?,
            last_entry: r.try_get(10)?,
        }
        .case())
    };
    read().unwrap_or_else(|e| Err(format!("a case: {}", super::url::describe(&e))))
}
