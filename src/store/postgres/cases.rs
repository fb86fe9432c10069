//! Dispute cases in the team history (schema v2): written under an
//! advisory lock on the invoice, announced on the lookups' channel so that
//! every open dashboard shows a teammate's note at once.

use tokio_postgres::Row;

use super::db::{DbError, Tx};
use super::{CHANNEL, Team};
use crate::case::{Case, CaseFile, Change, Entry};
use crate::epay::InvoiceId;
use crate::store::cases::{self, CaseError, CaseWrite, Changing};
use crate::store::import::CaseCopy;
use crate::store::row::Cells;
use crate::store::{StoreError, needle};

/// The payload that tells watchers a case changed (lookups send none).
pub const CASE_CHANGED: &str = "case";

/// The advisory lock's first key: "case" in ASCII, a space apart from the
/// lookups' one-key locks.
const CASE_LOCK: i32 = 0x6361_7365;
const LOCK_CASE: &str = "SELECT pg_advisory_xact_lock($1, hashtext($2))";

/// A trail, with what the server recorded of each entry.
fn entries_sql() -> String {
    let by = crate::store::row::bounded("recorded_by", crate::store::row::limits::NAME);
    format!("SELECT {}, {by}, recorded_at FROM case_entries WHERE invoice = $1 ORDER BY id", *cases::ENTRY_FIELDS)
}

/// The trail's entries (with the server's stamps when `stamped`); one that
/// cannot be read (a NULL, a column of another type) is passed over with a
/// log line, as one of an unknown kind.
fn entries(rows: &[Row], stamped: bool) -> (Vec<Entry>, Vec<String>) {
    let mut unread = Vec::new();
    let read = rows
        .iter()
        .filter_map(|r| {
            let read = || -> Result<Option<Entry>, String> {
                let text = |i| r.text(i).map(Option::unwrap_or_default);
                let stamp = if stamped { r.stamp(5, 6)? } else { None };
                Ok(cases::entry(r.id(0)?, r.at(1)?, &text(2)?, &text(3)?, &text(4)?, stamp))
            };
            read().unwrap_or_else(|why| {
                let id = r.try_get::<_, i64>(0).map_or_else(|_| "?".into(), |id| id.to_string());
                unread.push(format!("case entry {id}: {why}"));
                None
            })
        })
        .collect();
    (read, unread)
}

impl CaseWrite for Tx<'_> {
    type Error = DbError;

    async fn written(&mut self, key: &str) -> Result<bool, DbError> {
        Ok(self.query_opt("SELECT 1 FROM case_entries WHERE entry_key = $1", &[&key]).await?.is_some())
    }

    async fn entries(&mut self, invoice: &InvoiceId) -> Result<Vec<Entry>, DbError> {
        let (read, unread) = entries(&self.query(&entries_sql(), &[&invoice.as_str()]).await?, true);
        for why in unread {
            tracing::warn!("{why}: passed over");
        }
        Ok(read)
    }

    async fn append(&mut self, key: &str, c: &Changing<'_>, change: &Change) -> Result<(), DbError> {
        let value = change.value();
        let search = matches!(change, Change::Note(_)).then(|| needle(&value));
        self.execute(
            "INSERT INTO case_entries (entry_key, invoice, at, operator, machine, change, value, search_text)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[&key, &c.invoice.as_str(), &c.at, &c.who.operator, &c.who.machine, &change.kind(), &value, &search],
        )
        .await
        .map(drop)
    }

    /// A case is what its trail adds up to, read from the trail each time:
    /// no row of its own that an operator could update. Only the news.
    async fn save(&mut self, _case: &Case) -> Result<(), DbError> {
        self.execute("SELECT pg_notify($1, $2)", &[&CHANNEL, &CASE_CHANGED]).await.map(drop)
    }
}

impl Team {
    pub async fn change_case(&self, c: &Changing<'_>) -> Result<CaseFile, CaseError> {
        // One key for the change: if the connection drops as it commits and
        // the write is tried again, the entries are found and not doubled.
        let key = cases::new_key();
        let changed = with_client!(self, db => async {
                let mut tx = db.transaction().await?;
                tx.execute(LOCK_CASE, &[&CASE_LOCK, &c.invoice.as_str()]).await?;
                let changed = cases::change(&mut tx, c, &key).await?;
                if changed.is_ok() {
                    tx.commit().await?;
                }
                Ok(changed)
            }
            .await)?;
        changed.map_err(CaseError::Refused)
    }

    /// Copies a trail from a history file (`history import`) under the
    /// case's lock, each entry under its key, in one transaction.
    pub(in crate::store) async fn import_case(
        &self,
        invoice: &InvoiceId,
        entries: &[(&Entry, String)],
    ) -> Result<CaseCopy, StoreError> {
        with_client!(self, db => async {
                let mut tx = db.transaction().await?;
                tx.execute(LOCK_CASE, &[&CASE_LOCK, &invoice.as_str()]).await?;
                let copied = cases::import(&mut tx, invoice, entries).await?;
                tx.commit().await?;
                Ok(copied)
            }
            .await)
    }

    pub async fn case(&self, invoice: &InvoiceId) -> Result<Option<CaseFile>, StoreError> {
        let sql = entries_sql();
        let rows = with_client!(self, db => db.query(&sql, &[&invoice.as_str()]).await)?;
        let (read, unread) = entries(&rows, true);
        self.unread(unread);
        Ok(CaseFile::of(*invoice, read))
    }

    /// Every case, as its trail adds up (notes counted, not read), or why
    /// an invoice's trail cannot be one.
    pub async fn cases(&self) -> Result<Vec<Result<Case, String>>, StoreError> {
        let sql = format!("SELECT {} FROM case_entries ORDER BY invoice, id", *cases::LISTED_ENTRY_FIELDS);
        let rows = with_client!(self, db => db.query(&sql, &[]).await)?;
        let mut all = Vec::new();
        let mut rows = rows.iter().peekable();
        while let Some(first) = rows.peek() {
            let invoice: Option<String> = first.try_get(5).ok().flatten();
            let mut trail = Vec::new();
            while let Some(row) = rows.next_if(|r| r.try_get::<_, Option<String>>(5).ok().flatten() == invoice) {
                let (read, unread) = entries(std::slice::from_ref(row), false);
                trail.extend(read);
                self.unread(unread);
            }
            let invoice = invoice.unwrap_or_default();
            let case = InvoiceId::parse(&invoice)
                .map_err(|e| e.to_string())
                .and_then(|id| CaseFile::of(id, trail).map(|f| f.case).ok_or_else(|| "no case in its trail".into()))
                .map_err(|why| format!("the case of {:?}: {why}", crate::text::clean(&invoice)));
            all.push(case);
        }
        Ok(all)
    }

    #[cfg(test)]
    pub(in crate::store) async fn execute_raw(&self, sql: &str) -> Result<usize, StoreError> {
        with_client!(self, db => db.query(sql, &[]).await.map(|rows| rows.len()))
    }
}
