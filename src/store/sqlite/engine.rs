//! SQLite as an engine of the shared reads (see `store::query`): its
//! dialect, and its rows read as `Cells`.

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{ToSql, params_from_iter};

use super::Sqlite;
use crate::store::query::{Dialect, Engine, KeyType, Map, TextIndex};
use crate::store::row::{Cells, parse_time};
use crate::store::{KeyValue, StoreError};

impl ToSql for KeyValue {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Self::Null => ToSqlOutput::Owned(Value::Null),
            Self::Int(i) => ToSqlOutput::Owned(Value::Integer(*i)),
            Self::Real(r) => ToSqlOutput::Owned(Value::Real(*r)),
            Self::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
        })
    }
}

impl Sqlite {
    /// Runs `sql` with `args` and maps each row it returns, here and now.
    pub(super) fn rows<T>(&self, sql: &str, args: &[KeyValue], map: Map<'_, T>) -> Result<Vec<T>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let mut rows = stmt.query(params_from_iter(args)).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            out.push(map(r)?);
        }
        Ok(out)
    }
}

impl Engine for Sqlite {
    /// The indexes of schema v4: `ifnull`, and -1e308 below every amount.
    const DIALECT: Dialect = Dialect {
        mark: '?',
        if_null: "ifnull",
        no_amount: "-1e308",
        find: "instr",
        text_index: TextIndex::Fts5,
        fence: "",
    };

    async fn each<T: Send>(&self, sql: &str, args: &[KeyValue], map: Map<'_, T>) -> Result<Vec<T>, StoreError> {
        self.rows(sql, args, map)
    }

    fn column_error(&self, why: String) -> StoreError {
        StoreError::Unreadable { location: super::location(&self.path), why }
    }
}

/// SQLite keeps any value in any column: each is read by what it holds.
impl Cells for rusqlite::Row<'_> {
    fn text(&self, i: usize) -> Result<Option<String>, String> {
        Ok(match value(self, i)? {
            ValueRef::Null => None,
            ValueRef::Integer(n) => Some(n.to_string()),
            ValueRef::Real(r) => Some(r.to_string()),
            ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
        })
    }

    fn int(&self, i: usize) -> Result<Option<i64>, String> {
        match value(self, i)? {
            ValueRef::Null => Ok(None),
            ValueRef::Integer(n) => Ok(Some(n)),
            other => Err(format!("column {i}: {:?} where a whole number belongs", other.data_type())),
        }
    }

    fn flag(&self, i: usize) -> Result<Option<bool>, String> {
        Ok(self.int(i)?.map(|n| n != 0))
    }

    /// Written as RFC 3339 text (see `row::format_time`).
    fn time(&self, i: usize) -> Result<Option<chrono::DateTime<chrono::Utc>>, String> {
        Ok(self.text(i)?.map(|t| parse_time(&t)))
    }

    fn bytes(&self, i: usize) -> Result<Option<Vec<u8>>, String> {
        Ok(match value(self, i)? {
            ValueRef::Null => None,
            ValueRef::Text(b) | ValueRef::Blob(b) => Some(b.to_vec()),
            other => return Err(format!("column {i}: {:?} where bytes belong", other.data_type())),
        })
    }

    fn key(&self, i: usize, _: KeyType) -> Result<KeyValue, String> {
        Ok(match value(self, i)? {
            ValueRef::Null => KeyValue::Null,
            ValueRef::Integer(n) => KeyValue::Int(n),
            ValueRef::Real(r) => KeyValue::Real(r),
            ValueRef::Text(t) | ValueRef::Blob(t) => KeyValue::Text(String::from_utf8_lossy(t).into_owned()),
        })
    }
}

fn value<'a>(r: &'a rusqlite::Row<'_>, i: usize) -> Result<ValueRef<'a>, String> {
    r.get_ref(i).map_err(|e| format!("column {i}: {e}"))
}
