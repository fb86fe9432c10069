//! Dispute cases in the SQLite file (schema v8).

use rusqlite::{OptionalExtension, Transaction, params};

use super::Sqlite;
use crate::case::{Case, CaseFile, Change, Entry};
use crate::epay::InvoiceId;
use crate::store::cases::{self, CaseError, CaseWrite, Changing};
use crate::store::needle;
use crate::store::row::{format_time, parse_time};

fn entries(conn: &rusqlite::Connection, invoice: &InvoiceId) -> rusqlite::Result<Vec<Entry>> {
    let sql = format!("SELECT {} FROM case_entries WHERE invoice = ?1 ORDER BY id", *cases::ENTRY_FIELDS);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([invoice.as_str()], |r| {
        let (id, at, by, kind, value): (i64, String, String, String, String) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        Ok(cases::entry(id, parse_time(&at), &by, &kind, &value, None))
    })?;
    rows.filter_map(Result::transpose).collect()
}

impl CaseWrite for Transaction<'_> {
    type Error = rusqlite::Error;

    async fn written(&mut self, key: &str) -> rusqlite::Result<bool> {
        self.query_row("SELECT 1 FROM case_entries WHERE entry_key = ?1", [key], |_| Ok(()))
            .optional()
            .map(|found| found.is_some())
    }

    async fn entries(&mut self, invoice: &InvoiceId) -> rusqlite::Result<Vec<Entry>> {
        entries(self, invoice)
    }

    async fn append(&mut self, key: &str, c: &Changing<'_>, change: &Change) -> rusqlite::Result<()> {
        let value = change.value();
        let search = matches!(change, Change::Note(_)).then(|| needle(&value));
        self.prepare_cached(
            "INSERT INTO case_entries (entry_key, invoice, at, operator, machine, change, value, search_text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            key,
            c.invoice.as_str(),
            format_time(c.at),
            c.who.operator,
            c.who.machine,
            change.kind(),
            value,
            search
        ])
        .map(drop)
    }

    async fn save(&mut self, case: &Case) -> rusqlite::Result<()> {
        self.prepare_cached(
            "INSERT OR REPLACE INTO cases (invoice, opened_at, opened_by, state, deadline, owner, tags, notes,
                 updated_at, updated_by, last_entry)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
            case.invoice.as_str(),
            format_time(case.opened_at),
            case.opened_by,
            case.state.as_str(),
            case.deadline.map(|d| d.format("%Y-%m-%d").to_string()),
            case.owner,
            case.tags.join(" "),
            case.notes as i64,
            format_time(case.updated_at),
            case.updated_by,
            case.last_entry
        ])
        .map(drop)
    }
}

impl Sqlite {
    pub fn change_case(&self, c: &Changing<'_>) -> Result<CaseFile, CaseError> {
        let conn = self.conn();
        // IMMEDIATE: the case is read and written under one write lock, so
        // two processes changing it at once each see the other's entries.
        let mut tx =
            Transaction::new_unchecked(&conn, rusqlite::TransactionBehavior::Immediate).map_err(|e| self.err(e))?;
        let changed = super::at_once(cases::change(&mut tx, c, &cases::new_key()))?.map_err(|e| self.err(e))?;
        let file = changed.map_err(CaseError::Refused)?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(file)
    }

    pub fn case(&self, invoice: &InvoiceId) -> Result<Option<CaseFile>, crate::store::StoreError> {
        Ok(CaseFile::of(*invoice, entries(&self.conn(), invoice).map_err(|e| self.err(e))?))
    }

    /// Every case, or why its row cannot be one.
    pub fn cases(&self) -> Result<Vec<Result<Case, String>>, crate::store::StoreError> {
        self.rows(&format!("SELECT {} FROM cases", *cases::CASE_FIELDS), &[], &mut |r| Ok(cases::case(r)))
    }

    #[cfg(test)]
    pub(in crate::store) fn execute_raw(&self, sql: &str) -> Result<usize, crate::store::StoreError> {
        self.conn().execute(sql, []).map_err(|e| self.err(e))
    }
}
