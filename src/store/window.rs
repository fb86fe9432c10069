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
    /// The row at this place and the rows after it (the list re-read where
    /// it stands, to show rows that arrived or changed).
    From(Place),
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
const FIELDS: &str = "id, checked_at, invoice, requested_type, kind, result_code, status, amount, currency, \
                      status_changed, card_mask, amount_sent, operator";
const FIELD_COUNT: usize = 13;

/// The most rows a filter's count reads: past it the title says "more than".
/// Counting every match of a common word in ten million rows would take
/// seconds; an operator needs to know it is many, not how many exactly
/// (counting 10,000 matches took 15 of a city filter's 22 ms).
pub const COUNT_CAP: u64 = 1_000;

/// How many rows a list has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    Exact(u64),
    /// More than this many.
    MoreThan(u64),
}

/// "1 234", or "more than 1 000": the title and the notices say it alike.
impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let grouped = |n: u64| crate::epay::money::group_digits(&n.to_string());
        match *self {
            Self::Exact(n) => f.write_str(&grouped(n)),
            Self::MoreThan(n) => write!(f, "more than {}", grouped(n)),
        }
    }
}

/// What a filter selects, as SQL over `lookups`.
struct Selection {
    condition: String,
    args: Vec<Value>,
    /// Text found through the trigram index: the LIKE pattern, so that a
    /// newest-first read hands FTS5 its bound and its limit and FTS5 walks
    /// its matches from the newest down, however many there are.
    indexed_text: Option<String>,
}

impl Selection {
    fn rows(condition: &str, args: Vec<Value>) -> Self {
        Self { condition: condition.to_owned(), args, indexed_text: None }
    }
}

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
        let selection = self.selection(filter)?;
        let keys = keys(order);
        let mut rows = Vec::new();
        match anchor {
            Anchor::Start => rows = self.seek(&selection, keys, &[], Bound::Every, false, limit)?,
            Anchor::End => {
                rows = self.seek(&selection, keys, &[], Bound::Every, true, limit)?;
                rows.reverse();
            }
            Anchor::After(Place(values)) | Anchor::Before(Place(values)) | Anchor::From(Place(values)) => {
                if values.len() != keys.len() {
                    // A place from another order would compare unlike keys.
                    return Err(StoreError {
                        path: self.path.display().to_string(),
                        message: format!("a place of {} keys read in an order of {}", values.len(), keys.len()),
                        damaged: false,
                    });
                }
                let backwards = matches!(anchor, Anchor::Before(_));
                // Rows that share the first k key values and come next on
                // key k, for k from the last key to the first: each is one
                // index range, read in order.
                let last = keys.len();
                for k in (0..last).rev() {
                    let left = limit - rows.len();
                    if left == 0 {
                        break;
                    }
                    let bound = if k + 1 == last && matches!(anchor, Anchor::From(_)) {
                        Bound::FromKey(k)
                    } else {
                        Bound::BeyondKey(k)
                    };
                    rows.extend(self.seek(&selection, keys, &values[..=k], bound, backwards, left)?);
                }
                if backwards {
                    rows.reverse();
                }
            }
        }
        Ok(rows)
    }

    /// Where the lookup `store_id` sits in `order`, to read the rows around
    /// it (the list keeps its selection when it is sorted another way).
    pub fn place_of(&self, store_id: i64, order: Order) -> Result<Option<Place>, StoreError> {
        let keys = keys(order);
        let selected: Vec<&str> = keys.iter().map(|key| key.expr).collect();
        let sql = format!("SELECT {} FROM lookups WHERE id = ?1", selected.join(", "));
        self.conn
            .query_row(&sql, [store_id], |r| (0..keys.len()).map(|i| r.get::<_, Value>(i)).collect())
            .optional()
            .map(|values| values.map(Place))
            .map_err(|e| self.err(e))
    }

    /// How many rows the list `filter` selects. The whole history's count is
    /// kept with the rows (schema v4), so it costs nothing at any size; a
    /// filter's count stops at [`COUNT_CAP`].
    pub fn count_matching(&self, filter: &Filter) -> Result<Count, StoreError> {
        let n: u64 = if *filter == Filter::All {
            self.conn.query_row("SELECT n FROM lookup_count", [], |r| r.get(0)).map_err(|e| self.err(e))?
        } else {
            let selection = self.selection(filter)?;
            let cap = COUNT_CAP + 1;
            let (sql, args) = match &selection.indexed_text {
                Some(pattern) => (
                    format!(
                        "SELECT count(*) FROM (SELECT rowid FROM lookups_fts WHERE search_text LIKE ? LIMIT {cap})"
                    ),
                    vec![Value::Text(pattern.clone())],
                ),
                None => (
                    format!("SELECT count(*) FROM (SELECT 1 FROM lookups WHERE {} LIMIT {cap})", selection.condition),
                    selection.args,
                ),
            };
            self.conn.query_row(&sql, params_from_iter(args), |r| r.get(0)).map_err(|e| self.err(e))?
        };
        Ok(if n > COUNT_CAP && *filter != Filter::All { Count::MoreThan(COUNT_CAP) } else { Count::Exact(n) })
    }

    /// One index range, in display order or reversed when reading
    /// `backwards`: every row, or the rows equal to `from` on the keys
    /// before key k and beyond it (or from it) on key k.
    fn seek(
        &self,
        selection: &Selection,
        keys: &[Key],
        from: &[Value],
        bound: Bound,
        backwards: bool,
        limit: usize,
    ) -> Result<Vec<(Summary, Place)>, StoreError> {
        // SQLite's LIMIT is a signed 64-bit number.
        let limit = limit.min(i64::MAX as usize);
        let direction = |key: &Key| if key.descending != backwards { "DESC" } else { "ASC" };
        let mut range = Vec::new();
        let mut first_key = 0;
        if let Bound::BeyondKey(k) | Bound::FromKey(k) = bound {
            range.extend(keys[..k].iter().map(|key| format!("{} = ?", key.expr)));
            let op = match (keys[k].descending != backwards, matches!(bound, Bound::FromKey(_))) {
                (true, false) => "<",
                (true, true) => "<=",
                (false, false) => ">",
                (false, true) => ">=",
            };
            range.push(format!("{} {op} ?", keys[k].expr));
            first_key = k;
        }
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
                (condition, vec![Value::Text(pattern.clone())])
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
        let selected: Vec<&str> = keys.iter().map(|key| key.expr).collect();
        let sql = format!(
            "SELECT {FIELDS}, {} FROM lookups WHERE {condition} ORDER BY {} LIMIT {limit}",
            selected.join(", "),
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

    /// The SQL a filter stands for.
    fn selection(&self, filter: &Filter) -> Result<Selection, StoreError> {
        let text = |s: &str| Value::Text(s.to_owned());
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
                            vec![text(prefix), Value::Text(end)],
                        ));
                    }
                }
                // The stored text is lowercase. instr() is exact where LIKE
                // would read % and _ as wildcards.
                let needle = crate::text::clean(t).trim().to_lowercase();
                if needle.chars().count() < 3 {
                    // Below a trigram the index cannot help: a scan.
                    Selection::rows("instr(search_text, ?) > 0", vec![Value::Text(needle)])
                } else if needle.contains(['%', '_']) {
                    // The index narrows by the wildcard pattern, instr() decides.
                    Selection::rows(
                        "id IN (SELECT rowid FROM lookups_fts WHERE search_text LIKE ?) AND instr(search_text, ?) > 0",
                        vec![Value::Text(format!("%{needle}%")), Value::Text(needle)],
                    )
                } else {
                    let pattern = format!("%{needle}%");
                    Selection {
                        condition: "id IN (SELECT rowid FROM lookups_fts WHERE search_text LIKE ?)".into(),
                        args: vec![Value::Text(pattern.clone())],
                        indexed_text: Some(pattern),
                    }
                }
            }
        })
    }
}

/// Which rows of an order one index range holds.
#[derive(Clone, Copy)]
enum Bound {
    Every,
    /// Beyond the place on key k (equal on the keys before it).
    BeyondKey(usize),
    /// At or beyond it: the place's own row included.
    FromKey(usize),
}
