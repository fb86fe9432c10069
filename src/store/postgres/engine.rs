//! PostgreSQL as an engine of the shared reads (see `store::query`): its
//! dialect, and its rows read as `Cells`.

use std::error::Error;

use bytes::BytesMut;
use chrono::{DateTime, Utc};
use tokio_postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};

use super::{Team, url};
use crate::store::query::{Dialect, Engine, KeyType, Map, TextIndex};
use crate::store::row::Cells;
use crate::store::{KeyValue, StoreError};

impl ToSql for KeyValue {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match self {
            Self::Null => Ok(IsNull::Yes),
            Self::Int(i) if *ty == Type::BOOL => (*i != 0).to_sql(ty, out),
            Self::Int(i) if *ty == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            Self::Int(i) => i.to_sql(ty, out),
            Self::Real(r) => r.to_sql(ty, out),
            Self::Text(t) => t.to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        [Type::BOOL, Type::INT4, Type::INT8, Type::FLOAT8, Type::TEXT, Type::VARCHAR].contains(ty)
    }

    to_sql_checked!();
}

impl Engine for Team {
    /// The btree indexes of schema v1, the trigram GIN index on the search
    /// text; `OFFSET 0` keeps a subquery planned alone, on its own index.
    const DIALECT: Dialect = Dialect {
        mark: '$',
        if_null: "coalesce",
        no_amount: "'-Infinity'",
        find: "strpos",
        text_index: TextIndex::Trigram,
        fence: "OFFSET 0",
    };

    async fn each<T: Send>(&self, sql: &str, args: &[KeyValue], map: Map<'_, T>) -> Result<Vec<T>, StoreError> {
        let params: Vec<&(dyn ToSql + Sync)> = args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        let rows = with_client!(self, db => db.query(sql, &params).await)?;
        rows.iter().map(|r| map(r)).collect()
    }

    fn column_error(&self, why: String) -> StoreError {
        self.unreadable(why)
    }
}

/// A column read with `try_get`: a NULL where none belongs, or a column
/// someone altered to another type, is a reason, never a panic.
impl Cells for tokio_postgres::Row {
    fn text(&self, i: usize) -> Result<Option<String>, String> {
        column(self, i)
    }

    fn int(&self, i: usize) -> Result<Option<i64>, String> {
        self.try_get::<_, Option<i32>>(i).map(|n| n.map(i64::from)).or_else(|_| column(self, i))
    }

    fn flag(&self, i: usize) -> Result<Option<bool>, String> {
        column(self, i)
    }

    fn time(&self, i: usize) -> Result<Option<DateTime<Utc>>, String> {
        column(self, i)
    }

    fn bytes(&self, i: usize) -> Result<Option<Vec<u8>>, String> {
        column(self, i)
    }

    fn key(&self, i: usize, ty: KeyType) -> Result<KeyValue, String> {
        Ok(match ty {
            KeyType::Int => KeyValue::Int(column(self, i)?),
            KeyType::Bool => KeyValue::Int(i64::from(column::<bool>(self, i)?)),
            KeyType::Real => KeyValue::Real(column(self, i)?),
            KeyType::Text => KeyValue::Text(column(self, i)?),
        })
    }
}

fn column<'a, T: FromSql<'a>>(r: &'a tokio_postgres::Row, i: usize) -> Result<T, String> {
    r.try_get(i).map_err(|e| format!("column {i}: {}", url::describe(&e)))
}
