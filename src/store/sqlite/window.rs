//! The list's window on SQLite: each index range of the shared walk as one
//! query on the indexes of schema v4, text through the FTS5 trigram index.

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{OptionalExtension, ToSql, params_from_iter};

use super::{Sqlite, summary};
use crate::store::row::{SUMMARY_FIELD_COUNT, summary_fields};
use crate::store::window::{Bound, RawRow, count_with_noted, walk, with_noted};
use crate::store::{Anchor, COUNT_CAP, Count, Filter, KeyValue, Order, Place, StoreError, invoice_prefix, needle};

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

fn key_value(v: ValueRef<'_>) -> KeyValue {
    match v {
        ValueRef::Null => KeyValue::Null,
        ValueRef::Integer(i) => KeyValue::Int(i),
        ValueRef::Real(r) => KeyValue::Real(r),
        ValueRef::Text(t) | ValueRef::Blob(t) => KeyValue::Text(String::from_utf8_lossy(t).into_owned()),
    }
}

struct Key {
    expr: &'static str,
    descending: bool,
}

const fn key(expr: &'static str, descending: bool) -> Key {
    Key { expr, descending }
}

/// Each order's sort key, column by column; `id` last makes it total. The
/// indexes of schema v4 hold the same expressions in the same directions.
fn keys(order: Order) -> &'static [Key] {
    const NEWEST: &[Key] = &[key("id", true)];
    const STATUS: &[Key] = &[key("ifnull(status, '')", false), key("id", true)];
    const AMOUNT: &[Key] = &[
        // In parentheses: IS binds looser than < and >.
        key("(currency IS NULL)", false),
        key("ifnull(currency, '')", false),
        key("ifnull(amount_num, -1e308)", true),
        key("id", true),
    ];
    match order {
        Order::Newest => NEWEST,
        Order::Status => STATUS,
        Order::Amount => AMOUNT,
    }
}

/// What a filter selects, as SQL over `lookups`.
struct Selection {
    condition: String,
    args: Vec<KeyValue>,
    /// Text found through the trigram index: the LIKE pattern, so that a
    /// newest-first read hands FTS5 its bound and its limit and FTS5 walks
    /// its matches from the newest down, however many there are.
    indexed_text: Option<String>,
    /// Invoices whose case notes hold the searched text: their lookups are
    /// listed too.
    noted: Vec<String>,
}

impl Selection {
    fn rows(condition: &str, args: Vec<KeyValue>) -> Self {
        Self { condition: condition.to_owned(), args, indexed_text: None, noted: Vec::new() }
    }
}

impl Sqlite {
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

    /// Where the lookup `store_id` sits in `order`, to read the rows around
    /// it (the list keeps its selection when it is sorted another way).
    pub fn place_of(&self, store_id: i64, order: Order) -> Result<Option<Place>, StoreError> {
        let keys = keys(order);
        let selected: Vec<&str> = keys.iter().map(|key| key.expr).collect();
        let sql = format!("SELECT {} FROM lookups WHERE id = ?1", selected.join(", "));
        self.conn
            .query_row(&sql, [store_id], |r| (0..keys.len()).map(|i| r.get_ref(i).map(key_value)).collect())
            .optional()
            .map(|values| values.map(Place))
            .map_err(|e| self.err(e))
    }

    /// The whole history's count is kept with the rows (schema v4).
    pub fn count_matching(&self, filter: &Filter) -> Result<Count, StoreError> {
        // SQLite's integers are i64: a count read as one, never below 0.
        let n: i64 = if *filter == Filter::All {
            self.conn.query_row("SELECT n FROM lookup_count", [], |r| r.get(0)).map_err(|e| self.err(e))?
        } else {
            let selection = self.selection(filter)?;
            let cap = COUNT_CAP + 1;
            let (matched, mut args) = match &selection.indexed_text {
                Some(pattern) => (
                    format!("SELECT rowid AS id FROM lookups_fts WHERE search_text LIKE ? LIMIT {cap}"),
                    vec![KeyValue::Text(pattern.clone())],
                ),
                None => (format!("SELECT id FROM lookups WHERE {} LIMIT {cap}", selection.condition), selection.args),
            };
            let sql = if selection.noted.is_empty() {
                format!("SELECT count(*) FROM ({matched})")
            } else {
                args.extend(selection.noted.iter().cloned().map(KeyValue::Text));
                count_with_noted(&matched, selection.noted.len(), cap)
            };
            self.conn.query_row(&sql, params_from_iter(args), |r| r.get(0)).map_err(|e| self.err(e))?
        };
        let n = n.max(0) as u64;
        Ok(if *filter == Filter::All { Count::Exact(n) } else { Count::capped(n) })
    }

    /// One index range, in display order or reversed when reading
    /// `backwards`: every row, or the rows equal to `from` on the keys
    /// before key k and beyond it (or from it) on key k.
    fn seek(
        &self,
        selection: &Selection,
        keys: &[Key],
        from: &[KeyValue],
        bound: Bound,
        backwards: bool,
        limit: usize,
    ) -> Result<Vec<RawRow>, StoreError> {
        // SQLite's LIMIT is a signed 64-bit number.
        let limit = limit.min(i64::MAX as usize);
        let direction = |key: &Key| if key.descending != backwards { "DESC" } else { "ASC" };
        let mut range = Vec::new();
        let mut first_key = 0;
        if let Bound::BeyondKey(k) | Bound::FromKey(k) = bound {
            range.extend(keys[..k].iter().map(|key| format!("{} = ?", key.expr)));
            range.push(format!("{} {} ?", keys[k].expr, bound.operator(keys[k].descending, backwards)));
            first_key = k;
        }
        let noted_range = range.clone();
        let (condition, mut values) = match (&selection.indexed_text, keys) {
            // Newest first through the trigram index: FTS5 gets the range
            // and the limit, and walks its matches from the newest down.
            (Some(pattern), [id]) => {
                let range = range.iter().map(|r| format!(" AND {}", r.replacen("id", "rowid", 1))).collect::<String>();
                let condition = format!(
                    "id IN (SELECT rowid FROM lookups_fts WHERE search_text LIKE ?{range} \
                     ORDER BY rowid {} LIMIT {limit})",
                    direction(id)
                );
                (condition, vec![KeyValue::Text(pattern.clone())])
            }
            _ => {
                let mut wheres = vec![selection.condition.clone()];
                wheres.append(&mut range);
                (wheres.join(" AND "), selection.args.clone())
            }
        };
        values.extend(from.iter().cloned());
        let order: Vec<String> =
            keys[first_key..].iter().map(|key| format!("{} {}", key.expr, direction(key))).collect();
        let keyed: Vec<String> = keys.iter().enumerate().map(|(i, key)| format!("{} AS k{i}", key.expr)).collect();
        let columns = format!("{}, {}", summary_fields(), keyed.join(", "));
        let mut sql =
            format!("SELECT {columns} FROM lookups WHERE {condition} ORDER BY {} LIMIT {limit}", order.join(", "));
        if !selection.noted.is_empty() {
            let order: Vec<String> =
                keys.iter().enumerate().skip(first_key).map(|(i, key)| format!("k{i} {}", direction(key))).collect();
            sql = with_noted(&sql, &columns, selection.noted.len(), &noted_range, &order.join(", "), limit);
            values.extend(selection.noted.iter().cloned().map(KeyValue::Text));
            values.extend(from.iter().cloned());
        }
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params_from_iter(values), |r| {
                let place = (0..keys.len())
                    .map(|i| r.get_ref(SUMMARY_FIELD_COUNT + i).map(key_value))
                    .collect::<Result<_, _>>()?;
                Ok((summary(r).map_err(|e| e.to_string()), Place(place)))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The SQL a filter stands for.
    fn selection(&self, filter: &Filter) -> Result<Selection, StoreError> {
        let text = |s: &str| KeyValue::Text(s.to_owned());
        Ok(match filter {
            Filter::All => Selection::rows("1", Vec::new()),
            Filter::Card { id, except, .. } => {
                Selection::rows("card_id = ? AND invoice != ?", vec![text(id), text(except.as_str())])
            }
            Filter::Ip { ip, except } => {
                Selection::rows("ip = ? AND invoice != ?", vec![text(ip), text(except.as_str())])
            }
            Filter::Invoice(invoice) => Selection::rows("invoice = ?", vec![text(invoice.as_str())]),
            Filter::Text(t) => {
                // Digits that begin stored invoice IDs list those invoices
                // (':' sorts right after '9'): the invoice index answers at
                // once, where the trigram index would intersect the long
                // lists of digit triples that sequential IDs all share.
                if let Some(prefix) = invoice_prefix(t) {
                    let end = format!("{prefix}:");
                    let any: Option<i64> = self
                        .conn
                        .query_row(
                            "SELECT id FROM lookups WHERE invoice >= ?1 AND invoice < ?2 LIMIT 1",
                            [prefix, end.as_str()],
                            |r| r.get(0),
                        )
                        .optional()
                        .map_err(|e| self.err(e))?;
                    if any.is_some() {
                        return Ok(Selection::rows(
                            "invoice >= ? AND invoice < ?",
                            vec![text(prefix), KeyValue::Text(end)],
                        ));
                    }
                }
                // The stored text is lowercase. instr() is exact where LIKE
                // would read % and _ as wildcards.
                let needle = needle(t);
                // Invoices whose case notes hold the text: their lookups too.
                Selection { noted: self.noted(&needle)?, ..Self::text_selection(needle) }
            }
        })
    }

    /// The lookups whose search text holds `needle`.
    fn text_selection(needle: String) -> Selection {
        if needle.chars().count() < 3 {
            // Below a trigram the index cannot help: a scan.
            Selection::rows("instr(search_text, ?) > 0", vec![KeyValue::Text(needle)])
        } else if needle.contains(['%', '_']) {
            // The index narrows by the wildcard pattern, instr() decides.
            Selection::rows(
                "id IN (SELECT rowid FROM lookups_fts WHERE search_text LIKE ?) AND instr(search_text, ?) > 0",
                vec![KeyValue::Text(format!("%{needle}%")), KeyValue::Text(needle)],
            )
        } else {
            let pattern = format!("%{needle}%");
            Selection {
                condition: "id IN (SELECT rowid FROM lookups_fts WHERE search_text LIKE ?)".into(),
                args: vec![KeyValue::Text(pattern.clone())],
                indexed_text: Some(pattern),
                noted: Vec::new(),
            }
        }
    }
}
