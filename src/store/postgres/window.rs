//! The list's window on PostgreSQL: each index range of the shared walk as
//! one query on the btree indexes of schema v1, text through the trigram
//! GIN index.

use std::error::Error;

use bytes::BytesMut;
use tokio_postgres::types::{IsNull, ToSql, Type, to_sql_checked};

use super::{Team, summary, url};
use crate::store::row::{SUMMARY_FIELD_COUNT, summary_fields};
use crate::store::window::{Bound, RawRow, count_with_noted, walk, with_noted};
use crate::store::{Anchor, COUNT_CAP, Count, Filter, KeyValue, Order, Place, StoreError, invoice_prefix, needle};

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

#[derive(Clone, Copy)]
enum Ty {
    Int,
    Bool,
    Real,
    Text,
}

struct Key {
    expr: &'static str,
    descending: bool,
    ty: Ty,
}

const fn key(expr: &'static str, descending: bool, ty: Ty) -> Key {
    Key { expr, descending, ty }
}

/// Each order's sort key as the indexes of schema v1 hold it; `id` last
/// makes it total. The same orders as SQLite's (see there).
fn keys(order: Order) -> &'static [Key] {
    const NEWEST: &[Key] = &[key("id", true, Ty::Int)];
    const STATUS: &[Key] = &[key("coalesce(status, '')", false, Ty::Text), key("id", true, Ty::Int)];
    const AMOUNT: &[Key] = &[
        key("(currency IS NULL)", false, Ty::Bool),
        key("coalesce(currency, '')", false, Ty::Text),
        key("coalesce(amount_num, '-Infinity')", true, Ty::Real),
        key("id", true, Ty::Int),
    ];
    match order {
        Order::Newest => NEWEST,
        Order::Status => STATUS,
        Order::Amount => AMOUNT,
    }
}

fn key_value(row: &tokio_postgres::Row, i: usize, ty: Ty) -> Result<KeyValue, tokio_postgres::Error> {
    Ok(match ty {
        Ty::Int => KeyValue::Int(row.try_get(i)?),
        Ty::Bool => KeyValue::Int(i64::from(row.try_get::<_, bool>(i)?)),
        Ty::Real => KeyValue::Real(row.try_get(i)?),
        Ty::Text => KeyValue::Text(row.try_get(i)?),
    })
}

/// What a filter selects: a condition with `?` for each argument.
struct Selection {
    condition: String,
    args: Vec<KeyValue>,
    /// Few rows, found by their own index (an invoice prefix): read them
    /// all, then order them. Asked for the newest first, the planner
    /// would walk the newest rows down and test each, which for an old
    /// invoice means most of the history.
    narrow: bool,
    /// Invoices whose case notes hold the searched text: their lookups are
    /// listed too.
    noted: Vec<String>,
}

impl Team {
    pub fn window(
        &self,
        filter: &Filter,
        order: Order,
        anchor: &Anchor,
        limit: usize,
    ) -> Result<Vec<RawRow>, StoreError> {
        let selection = self.selection(filter)?;
        let keys = keys(order);
        walk(keys.len(), anchor, limit, &mut |from, bound, backwards, limit| {
            self.seek(&selection, keys, from, bound, backwards, limit)
        })
    }

    pub fn place_of(&self, store_id: i64, order: Order) -> Result<Option<Place>, StoreError> {
        let keys = keys(order);
        let selected: Vec<&str> = keys.iter().map(|key| key.expr).collect();
        let sql = format!("SELECT {} FROM lookups WHERE id = $1", selected.join(", "));
        let row = self.with_client(|db| db.query_opt(&sql, &[&store_id]))?;
        row.map(|row| keys.iter().enumerate().map(|(i, key)| key_value(&row, i, key.ty)).collect::<Result<_, _>>())
            .transpose()
            .map(|place| place.map(Place))
            .map_err(|e| self.error(url::describe(&e)))
    }

    /// The whole history's count is kept with the rows; a filter's stops
    /// at [`COUNT_CAP`].
    pub fn count_matching(&self, filter: &Filter) -> Result<Count, StoreError> {
        if *filter == Filter::All {
            let n: i64 = self.with_client(|db| Ok(db.query_one("SELECT n FROM lookup_count", &[])?.try_get(0)?))?;
            return Ok(Count::Exact(n.max(0) as u64));
        }
        let selection = self.selection(filter)?;
        let cap = COUNT_CAP + 1;
        let matched = format!("SELECT id FROM lookups WHERE {} LIMIT {cap}", selection.condition);
        let mut args = selection.args;
        let sql = if selection.noted.is_empty() {
            numbered(&format!("SELECT count(*) FROM ({matched}) AS matching"))
        } else {
            args.extend(selection.noted.iter().cloned().map(KeyValue::Text));
            numbered(&count_with_noted(&matched, selection.noted.len(), cap))
        };
        let n: i64 = self.with_client(|db| Ok(db.query_one(&sql, &params(&args))?.try_get(0)?))?;
        Ok(Count::capped(n.max(0) as u64))
    }

    /// One index range (see [`walk`]).
    fn seek(
        &self,
        selection: &Selection,
        keys: &[Key],
        from: &[KeyValue],
        bound: Bound,
        backwards: bool,
        limit: usize,
    ) -> Result<Vec<RawRow>, StoreError> {
        let limit = limit.min(i64::MAX as usize);
        let direction = |key: &Key| if key.descending != backwards { "DESC" } else { "ASC" };
        let mut range = Vec::new();
        let mut first_key = 0;
        if let Bound::BeyondKey(k) | Bound::FromKey(k) = bound {
            range.extend(keys[..k].iter().map(|key| format!("{} = ?", key.expr)));
            range.push(format!("{} {} ?", keys[k].expr, bound.operator(keys[k].descending, backwards)));
            first_key = k;
        }
        let wheres: Vec<String> = std::iter::once(selection.condition.clone()).chain(range.iter().cloned()).collect();
        let mut args = selection.args.clone();
        args.extend(from.iter().cloned());
        let order: Vec<String> =
            keys[first_key..].iter().map(|key| format!("{} {}", key.expr, direction(key))).collect();
        let keyed: Vec<String> = keys.iter().enumerate().map(|(i, key)| format!("{} AS k{i}", key.expr)).collect();
        let columns = format!("{}, {}", summary_fields(), keyed.join(", "));
        // OFFSET 0 keeps the subquery as written: planned alone, on the
        // selection's own index.
        let source = if selection.narrow {
            format!("(SELECT * FROM lookups WHERE {} OFFSET 0) AS narrowed", wheres.join(" AND "))
        } else {
            format!("lookups WHERE {}", wheres.join(" AND "))
        };
        let mut sql = format!("SELECT {columns} FROM {source} ORDER BY {} LIMIT {limit}", order.join(", "));
        if !selection.noted.is_empty() {
            let order: Vec<String> =
                keys.iter().enumerate().skip(first_key).map(|(i, key)| format!("k{i} {}", direction(key))).collect();
            sql = with_noted(&sql, &columns, selection.noted.len(), &range, &order.join(", "), limit);
            args.extend(selection.noted.iter().cloned().map(KeyValue::Text));
            args.extend(from.iter().cloned());
        }
        let sql = numbered(&sql);
        let rows = self.with_client(|db| db.query(&sql, &params(&args)))?;
        rows.iter()
            .map(|row| {
                let place = keys.iter().enumerate().map(|(i, key)| key_value(row, SUMMARY_FIELD_COUNT + i, key.ty));
                let place = place.collect::<Result<_, _>>().map_err(|e| self.error(url::describe(&e)))?;
                Ok((summary(row), Place(place)))
            })
            .collect()
    }

    fn selection(&self, filter: &Filter) -> Result<Selection, StoreError> {
        let text = |s: &str| KeyValue::Text(s.to_owned());
        let rows = |condition: &str, args| Selection {
            condition: condition.to_owned(),
            args,
            narrow: false,
            noted: Vec::new(),
        };
        Ok(match filter {
            Filter::All => rows("true", Vec::new()),
            Filter::Card { id, except, .. } => {
                rows("card_id = ? AND invoice <> ?", vec![text(id), text(except.as_str())])
            }
            Filter::Ip { ip, except } => rows("ip = ? AND invoice <> ?", vec![text(ip), text(except.as_str())]),
            Filter::Invoice(invoice) => rows("invoice = ?", vec![text(invoice.as_str())]),
            Filter::Text(t) => {
                // Digits that begin stored invoice IDs list those invoices,
                // from the invoice index (as on SQLite).
                if let Some(prefix) = invoice_prefix(t) {
                    let end = format!("{prefix}:");
                    let any = self.with_client(|db| {
                        db.query_opt(
                            "SELECT 1 FROM lookups WHERE invoice >= $1 AND invoice < $2 LIMIT 1",
                            &[&prefix, &end.as_str()],
                        )
                    })?;
                    if any.is_some() {
                        let args = vec![text(prefix), KeyValue::Text(end)];
                        return Ok(Selection { narrow: true, ..rows("invoice >= ? AND invoice < ?", args) });
                    }
                }
                let needle = needle(t);
                let selection = if needle.chars().count() < 3 {
                    // Below a trigram the index cannot help: a scan.
                    rows("strpos(search_text, ?) > 0", vec![KeyValue::Text(needle.clone())])
                } else {
                    // The stored text is lowercase; % and _ are matched as
                    // themselves (LIKE's escape is the backslash).
                    let escaped = needle.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                    rows("search_text LIKE ?", vec![KeyValue::Text(format!("%{escaped}%"))])
                };
                // Invoices whose case notes hold the text: their lookups too.
                Selection { noted: self.noted(&needle)?, ..selection }
            }
        })
    }
}

fn params(args: &[KeyValue]) -> Vec<&(dyn ToSql + Sync)> {
    args.iter().map(|a| a as &(dyn ToSql + Sync)).collect()
}

/// PostgreSQL numbers its parameters: each `?` becomes `$1`, `$2`, ... (no
/// `?` appears in this module's SQL otherwise).
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}
