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

const ENTRIES: &str = "SELECT id, at, operator, change, value FROM case_entries WHERE invoice = $1 ORDER BY id";

fn entries(rows: &[postgres::Row]) -> Vec<Entry> {
    rows.iter()
        .filter_map(|r| cases::entry(r.get(0), r.get(1), r.get::<_, &str>(2), r.get::<_, &str>(3), r.get::<_, &str>(4)))
        .collect()
}

impl CaseWrite for Transaction<'_> {
    type Error = postgres::Error;

    fn written(&mut self, key: &str) -> Result<bool, postgres::Error> {
        Ok(self.query_opt("SELECT 1 FROM case_entries WHERE entry_key = $1", &[&key])?.is_some())
    }

    fn entries(&mut self, invoice: &InvoiceId) -> Result<Vec<Entry>, postgres::Error> {
        Ok(entries(&self.query(ENTRIES, &[&invoice.as_str()])?))
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
        let rows = self.with_client(|db| db.query(ENTRIES, &[&invoice.as_str()]))?;
        Ok(CaseFile::of(*invoice, entries(&rows)))
    }

    pub fn cases(&self) -> Result<Vec<Case>, StoreError> {
        let rows = self.with_client(|db| {
            db.query(
                "SELECT invoice, opened_at, opened_by, state, deadline, owner, tags, notes, updated_at, updated_by,
                     last_entry FROM cases",
                &[],
            )
        })?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let deadline: Option<NaiveDate> = r.get(4);
                let deadline = deadline.map(|d| d.format("%Y-%m-%d").to_string());
                CaseRow {
                    invoice: r.get(0),
                    opened_at: r.get(1),
                    opened_by: r.get(2),
                    state: r.get(3),
                    deadline: deadline.as_deref(),
                    owner: r.get(5),
                    tags: r.get(6),
                    notes: r.get(7),
                    updated_at: r.get(8),
                    updated_by: r.get(9),
                    last_entry: r.get(10),
                }
                .case()
            })
            .collect())
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
