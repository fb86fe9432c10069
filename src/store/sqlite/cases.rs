//! Dispute cases in the SQLite file (schema v8).

use rusqlite::{OptionalExtension, Transaction, params};

use super::Sqlite;
use crate::case::{Case, CaseFile, Change, Entry, State};
use crate::epay::InvoiceId;
use crate::store::cases::{self, CaseError, CaseWrite, Changing};
use crate::store::needle;
use crate::store::row::{Cells, bounded, cut, format_time, limits, parse_time, read_text};

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

/// The columns a `cases` row is read from (see [`case_of`]), as `save`
/// writes them.
static CASE_FIELDS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let name = |column| bounded(column, limits::NAME);
    format!(
        "{}, opened_at, {}, {}, deadline, {}, {}, notes, updated_at, {}, last_entry",
        bounded("invoice", limits::INVOICE),
        name("opened_by"),
        bounded("state", limits::CODE),
        name("owner"),
        bounded("tags", limits::TAGS),
        name("updated_by"),
    )
});

/// A `cases` row of [`CASE_FIELDS`] read back into a case, or why it
/// cannot be one.
fn case_of(r: &dyn Cells) -> Result<Case, String> {
    let text = |i| r.text(i).map(Option::unwrap_or_default);
    let invoice = text(0)?;
    let read = || -> Result<Case, String> {
        let deadline = r.text(4)?.map(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d"));
        Ok(Case {
            invoice: InvoiceId::parse(&invoice).map_err(|e| e.to_string())?,
            opened_at: r.time(1)?.unwrap_or_default(),
            opened_by: read_text(text(2)?, limits::NAME),
            state: State::parse(&text(3)?)?,
            deadline: deadline.transpose().map_err(|e| e.to_string())?,
            owner: read_text(text(5)?, limits::NAME),
            tags: cut(&text(6)?, limits::TAGS).split_whitespace().map(crate::text::clean).collect(),
            notes: usize::try_from(r.int(7)?.unwrap_or_default()).unwrap_or_default(),
            updated_at: r.time(8)?.unwrap_or_default(),
            updated_by: read_text(text(9)?, limits::NAME),
            last_entry: r.int(10)?.unwrap_or_default(),
        })
    };
    read().map_err(|why| format!("the case of {:?}: {why}", crate::text::clean(&invoice)))
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
        self.rows(&format!("SELECT {} FROM cases", *CASE_FIELDS), &[], &mut |r| Ok(case_of(r)))
    }

    #[cfg(test)]
    pub(in crate::store) fn execute_raw(&self, sql: &str) -> Result<usize, crate::store::StoreError> {
        self.conn().execute(sql, []).map_err(|e| self.err(e))
    }
}
