//! The history list as a window: the rows next to a place in an order, read
//! by keyset (seek) pagination on indexed columns, so a page deep in ten
//! million lookups costs what the first page does, and nothing reads the
//! whole history.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

use super::{Filter, Store, StoreError, Summary, invoice_prefix, summary};

/// The orders the list can be read in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    #[default]
    Newest,
    /// By status name (none first), newest first within one.
    Status,
    /// By currency (none last), largest amount first within one: amounts in
    /// different currencies are never compared.
    Amount,
}

/// Where a row sits in an order: the values of its sort key.
#[derive(Clone, Debug, PartialEq)]
pub struct Place(Vec<Value>);

/// Which rows to read.
#[derive(Clone, Debug, PartialEq)]
pub enum Anchor {
    /// The first rows of the order.
    Start,
    /// The last rows (`G`: the oldest of ten million, at once).
    End,
    /// The rows right after this place.
    After(Place),
    /// The rows right before it.
    Before(Place),
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

/// The fields of a summary, then the sort key's values.
const FIELDS: &str =
    "id, checked_at, invoice, requested_type, kind, result_code, status, amount, currency, status_changed, card_mask";
const FIELD_COUNT: usize = 11;

impl Store {
    /// Up to `limit` rows of the list `filter` selects, in `order`, next to
    /// `anchor`, in display order, each with its place for the next read.
    pub fn window(
        &self,
        filter: &Filter,
        order: Order,
        anchor: &Anchor,
        limit: usize,
    ) -> Result<Vec<(Summary, Place)>, StoreError> {
        let (condition, args) = self.condition(filter)?;
        let keys = keys(order);
        let mut rows = Vec::new();
        match anchor {
            Anchor::Start => rows = self.seek(&condition, &args, keys, &[], 0, false, limit)?,
            Anchor::End => {
                rows = self.seek(&condition, &args, keys, &[], 0, true, limit)?;
                rows.reverse();
            }
            Anchor::After(Place(values)) | Anchor::Before(Place(values)) => {
                let backwards = matches!(anchor, Anchor::Before(_));
                // Rows that share the first k key values and come next on
                // key k, for k from the last key to the first: each is one
                // index range, read in order.
                for k in (0..keys.len().min(values.len())).rev() {
                    let left = limit - rows.len();
                    if left == 0 {
                        break;
                    }
                    rows.extend(self.seek(&condition, &args, keys, &values[..=k], k, backwards, left)?);
                }
                if backwards {
                    rows.reverse();
                }
            }
        }
        Ok(rows)
    }

    /// How many rows the list `filter` selects. The whole history's count is
    /// kept with the rows (schema v4), so it costs nothing at any size.
    pub fn count_matching(&self, filter: &Filter) -> Result<u64, StoreError> {
        if *filter == Filter::All {
            return self.conn.query_row("SELECT n FROM lookup_count", [], |r| r.get(0)).map_err(|e| self.err(e));
        }
        let (condition, args) = self.condition(filter)?;
        self.conn
            .query_row(&format!("SELECT count(*) FROM lookups WHERE {condition}"), params_from_iter(args), |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// One index range: rows equal to `from` on the keys before `k` and
    /// strictly beyond it on key `k` (with `from` empty: every row), in
    /// display order, or reversed when reading `backwards`.
    #[allow(clippy::too_many_arguments)]
    fn seek(
        &self,
        condition: &str,
        args: &[Value],
        keys: &[Key],
        from: &[Value],
        k: usize,
        backwards: bool,
        limit: usize,
    ) -> Result<Vec<(Summary, Place)>, StoreError> {
        let mut wheres = vec![condition.to_owned()];
        let mut values: Vec<Value> = args.to_vec();
        if !from.is_empty() {
            for key in &keys[..k] {
                wheres.push(format!("{} = ?", key.expr));
            }
            let beyond = if keys[k].descending != backwards { "<" } else { ">" };
            wheres.push(format!("{} {beyond} ?", keys[k].expr));
            values.extend(from.iter().cloned());
        }
        let order: Vec<String> = keys[if from.is_empty() { 0 } else { k }..]
            .iter()
            .map(|key| format!("{} {}", key.expr, if key.descending != backwards { "DESC" } else { "ASC" }))
            .collect();
        let selected: Vec<&str> = keys.iter().map(|key| key.expr).collect();
        let sql = format!(
            "SELECT {FIELDS}, {} FROM lookups WHERE {} ORDER BY {} LIMIT {limit}",
            selected.join(", "),
            wheres.join(" AND "),
            order.join(", ")
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params_from_iter(values), |r| {
                let place = (0..keys.len()).map(|i| r.get::<_, Value>(FIELD_COUNT + i)).collect::<Result<_, _>>()?;
                Ok((summary(r)?, Place(place)))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.err(e))?;
        Ok(rows)
    }

    /// The SQL condition a filter stands for, with its arguments.
    fn condition(&self, filter: &Filter) -> Result<(String, Vec<Value>), StoreError> {
        let text = |s: &str| Value::Text(s.to_owned());
        Ok(match filter {
            Filter::All => ("1".into(), Vec::new()),
            Filter::Card { id, except, .. } => {
                ("card_id = ? AND invoice != ?".into(), vec![text(id), text(except.as_str())])
            }
            Filter::Ip { ip, except } => ("ip = ? AND invoice != ?".into(), vec![text(ip), text(except.as_str())]),
            Filter::Invoice(invoice) => ("invoice = ?".into(), vec![text(invoice.as_str())]),
            Filter::Text(t) => {
                // Digits that begin stored invoice IDs list those invoices
                // (':' sorts right after '9'); other text is searched.
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
                        return Ok(("invoice >= ? AND invoice < ?".into(), vec![text(prefix), Value::Text(end)]));
                    }
                }
                let needle = crate::text::clean(t).trim().to_lowercase();
                if needle.chars().count() >= 3 {
                    let phrase = format!("\"{}\"", needle.replace('"', "\"\""));
                    (
                        "id IN (SELECT rowid FROM lookups_fts WHERE lookups_fts MATCH ?)".into(),
                        vec![Value::Text(phrase)],
                    )
                } else {
                    let escaped = needle.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
                    ("search_text LIKE ? ESCAPE '\\'".into(), vec![Value::Text(format!("%{escaped}%"))])
                }
            }
        })
    }
}
