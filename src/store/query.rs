//! The reads both backends share, written once as SQL that both speak. The
//! dialects differ only in the hooks of [`Dialect`]: how a parameter is
//! marked, how NULL is replaced in an index's expression, how a needle is
//! found in text, which index serves a text search (FTS5 or pg_trgm) and
//! whether the planner needs a fence. A backend is an [`Engine`]: it runs
//! the SQL and hands back rows as [`Cells`].

use super::cases::NOTED_MAX;
use super::row::{Cells, SUCCESSFUL_ROW, SUMMARY_FIELD_COUNT, SUMMARY_FIELDS, summary};
use super::window::{Bound, RawRow};
use super::{Anchor, COUNT_CAP, Count, Filter, KeyValue, Order, Place, StoreError, invoice_prefix, needle};
use crate::epay::InvoiceId;

/// What sets one backend's SQL apart from the other's.
pub(super) struct Dialect {
    /// A parameter's mark before its number: SQLite's `?1`, PostgreSQL's `$1`.
    pub mark: char,
    /// The function that replaces NULL, as the indexes were made with it.
    pub if_null: &'static str,
    /// Below every amount: the amount key's NULL, as its index holds it.
    pub no_amount: &'static str,
    /// The function giving a needle's position in text (0: absent).
    pub find: &'static str,
    pub text_index: TextIndex,
    /// A subquery the planner keeps as written (see `Selection::narrow`).
    pub fence: &'static str,
}

/// The index a text search of three characters or more reads.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum TextIndex {
    /// SQLite's FTS5 trigram table `lookups_fts`, keyed by rowid.
    Fts5,
    /// PostgreSQL's pg_trgm GIN index on `search_text`, read through LIKE.
    Trigram,
}

/// What becomes of each row a query returns.
pub(super) type Map<'a, T> = &'a mut (dyn FnMut(&dyn Cells) -> Result<T, StoreError> + Send);

/// A backend that runs the shared SQL.
pub(super) trait Engine: Sync {
    const DIALECT: Dialect;

    /// Runs `sql` with `args` and maps each row it returns.
    async fn each<T: Send>(&self, sql: &str, args: &[KeyValue], map: Map<'_, T>) -> Result<Vec<T>, StoreError>;

    /// The error a row's column becomes when the query itself is wrong.
    fn column_error(&self, why: String) -> StoreError;
}

/// The columns of one sort key.
pub(super) struct Key {
    expr: String,
    descending: bool,
    ty: KeyType,
}

/// How a sort key's value is read and bound.
#[derive(Clone, Copy)]
pub enum KeyType {
    Int,
    Bool,
    Real,
    Text,
}

/// Each order's sort key, column by column; `id` last makes it total. Each
/// backend's indexes hold the same expressions in the same directions.
fn keys(order: Order, d: &Dialect) -> Vec<Key> {
    let key = |expr: String, descending, ty| Key { expr, descending, ty };
    let id = || key("id".into(), true, KeyType::Int);
    match order {
        Order::Newest => vec![id()],
        Order::Status => vec![key(format!("{}(status, '')", d.if_null), false, KeyType::Text), id()],
        Order::Amount => vec![
            // In parentheses: IS binds looser than < and >.
            key("(currency IS NULL)".into(), false, KeyType::Bool),
            key(format!("{}(currency, '')", d.if_null), false, KeyType::Text),
            key(format!("{}(amount_num, {})", d.if_null, d.no_amount), true, KeyType::Real),
            id(),
        ],
    }
}

/// SQL being written, with its arguments: each bound value gets the next
/// number, and its mark can be written as often as the SQL needs it.
struct Binds {
    mark: char,
    args: Vec<KeyValue>,
}

impl Binds {
    fn new(d: &Dialect) -> Self {
        Self { mark: d.mark, args: Vec::new() }
    }

    fn bind(&mut self, value: KeyValue) -> String {
        self.args.push(value);
        format!("{}{}", self.mark, self.args.len())
    }

    fn text(&mut self, value: &str) -> String {
        self.bind(KeyValue::Text(value.to_owned()))
    }
}

/// What a filter selects, as SQL over `lookups` whose marks are the first
/// arguments of every query that reads it.
struct Selection {
    condition: String,
    args: Vec<KeyValue>,
    /// Found through FTS5: the LIKE pattern's mark, so that a newest-first
    /// read hands FTS5 its bound and its limit and FTS5 walks its matches
    /// from the newest down, however many there are.
    fts_pattern: Option<String>,
    /// Few rows, found by their own index (an invoice prefix): read them
    /// all, then order them. Asked for the newest first, PostgreSQL's
    /// planner would walk the newest rows down and test each, which for an
    /// old invoice means most of the history.
    narrow: bool,
    /// Invoices whose case notes hold the searched text: their lookups are
    /// listed too.
    noted: Vec<String>,
}

impl Selection {
    fn rows(condition: String, binds: Binds) -> Self {
        Self { condition, args: binds.args, fts_pattern: None, narrow: false, noted: Vec::new() }
    }

    /// Binds for a query over this selection: its own arguments first.
    fn binds(&self, d: &Dialect) -> Binds {
        Binds { mark: d.mark, args: self.args.clone() }
    }

    /// Its noted invoices' marks, bound in `q`.
    fn noted_marks(&self, q: &mut Binds) -> String {
        self.noted.iter().map(|invoice| q.text(invoice)).collect::<Vec<_>>().join(", ")
    }
}

/// Up to `limit` rows next to `anchor` in `order`, of those `filter`
/// selects, in display order, read as a few index ranges by `seek`.
pub(super) async fn window<E: Engine>(
    e: &E,
    filter: &Filter,
    order: Order,
    anchor: &Anchor,
    limit: usize,
) -> Result<Vec<RawRow>, StoreError> {
    let selection = selection(e, filter).await?;
    let keys = keys(order, &E::DIALECT);
    let mut rows = Vec::new();
    match anchor {
        Anchor::Start => rows = seek(e, &selection, &keys, &[], Bound::Every, false, limit).await?,
        Anchor::End => {
            rows = seek(e, &selection, &keys, &[], Bound::Every, true, limit).await?;
            rows.reverse();
        }
        Anchor::After(Place(values)) | Anchor::Before(Place(values)) | Anchor::From(Place(values)) => {
            if values.len() != keys.len() {
                // A place from another order would compare unlike keys.
                return Err(StoreError::Misuse(format!(
                    "a place of {} keys read in an order of {}",
                    values.len(),
                    keys.len()
                )));
            }
            let backwards = matches!(anchor, Anchor::Before(_));
            // Rows that share the first k key values and come next on key
            // k, for k from the last key to the first: each is one index
            // range, read in order.
            for k in (0..keys.len()).rev() {
                let left = limit - rows.len();
                if left == 0 {
                    break;
                }
                let bound = if k + 1 == keys.len() && matches!(anchor, Anchor::From(_)) {
                    Bound::FromKey(k)
                } else {
                    Bound::BeyondKey(k)
                };
                rows.extend(seek(e, &selection, &keys, &values[..=k], bound, backwards, left).await?);
            }
            if backwards {
                rows.reverse();
            }
        }
    }
    Ok(rows)
}

/// Where the lookup `store_id` sits in `order`.
pub(super) async fn place_of<E: Engine>(e: &E, store_id: i64, order: Order) -> Result<Option<Place>, StoreError> {
    let keys = keys(order, &E::DIALECT);
    let mut q = Binds::new(&E::DIALECT);
    let selected: Vec<&str> = keys.iter().map(|key| key.expr.as_str()).collect();
    let sql = format!("SELECT {} FROM lookups WHERE id = {}", selected.join(", "), q.bind(KeyValue::Int(store_id)));
    let places = e.each(&sql, &q.args, &mut |r| place(e, r, 0, &keys)).await?;
    Ok(places.into_iter().next())
}

/// How many rows `filter` selects: the whole history's count is kept with
/// the rows; a filter's stops at [`COUNT_CAP`].
pub(super) async fn count_matching<E: Engine>(e: &E, filter: &Filter) -> Result<Count, StoreError> {
    if *filter == Filter::All {
        return Ok(Count::Exact(number(e, "SELECT n FROM lookup_count", &[]).await?));
    }
    let selection = selection(e, filter).await?;
    let cap = COUNT_CAP + 1;
    let mut q = selection.binds(&E::DIALECT);
    let matched = match &selection.fts_pattern {
        Some(pattern) => format!("SELECT rowid AS id FROM lookups_fts WHERE search_text LIKE {pattern} LIMIT {cap}"),
        None => format!("SELECT id FROM lookups WHERE {} LIMIT {cap}", selection.condition),
    };
    let sql = if selection.noted.is_empty() {
        format!("SELECT count(*) FROM ({matched}) AS matching")
    } else {
        format!(
            "SELECT count(*) FROM (SELECT id FROM ({matched}) AS matched UNION \
             SELECT id FROM lookups WHERE invoice IN ({}) LIMIT {cap}) AS counted",
            selection.noted_marks(&mut q)
        )
    };
    Ok(Count::capped(number(e, &sql, &q.args).await?))
}

/// Invoices with a note that holds `needle` (cleaned, lowercase): only
/// invoices, since they go back to the server as a search's values.
pub(super) async fn noted<E: Engine>(e: &E, needle: &str) -> Result<Vec<String>, StoreError> {
    let mut q = Binds::new(&E::DIALECT);
    let sql = format!(
        "SELECT DISTINCT invoice FROM case_entries
         WHERE change = 'note' AND {}(search_text, {}) > 0 AND length(invoice) <= 64 LIMIT {NOTED_MAX}",
        E::DIALECT.find,
        q.text(needle)
    );
    let invoices = e.each(&sql, &q.args, &mut |r| Ok(r.text(0).ok().flatten())).await?;
    Ok(invoices.into_iter().flatten().filter(|i| InvoiceId::parse(i).is_ok()).collect())
}

/// The newest successful lookup of `invoice` before the lookup `before`.
pub(super) async fn last_good<E: Engine>(e: &E, invoice: &InvoiceId, before: i64) -> Result<Option<i64>, StoreError> {
    let mut q = Binds::new(&E::DIALECT);
    let sql = format!(
        "SELECT id FROM lookups WHERE invoice = {} AND id < {} AND {SUCCESSFUL_ROW} ORDER BY id DESC LIMIT 1",
        q.text(invoice.as_str()),
        q.bind(KeyValue::Int(before))
    );
    let ids = e.each(&sql, &q.args, &mut |r| r.int(0).map_err(|why| e.column_error(why))).await?;
    Ok(ids.into_iter().flatten().next())
}

/// The count in the one row `sql` returns, never below 0.
async fn number<E: Engine>(e: &E, sql: &str, args: &[KeyValue]) -> Result<u64, StoreError> {
    let n = e.each(sql, args, &mut |r| r.int(0).map_err(|why| e.column_error(why))).await?;
    Ok(n.into_iter().flatten().next().unwrap_or(0).max(0) as u64)
}

/// A row's place: its key values from column `first` on.
fn place<E: Engine>(e: &E, r: &dyn Cells, first: usize, keys: &[Key]) -> Result<Place, StoreError> {
    let values = keys.iter().enumerate().map(|(i, key)| r.key(first + i, key.ty));
    Ok(Place(values.collect::<Result<_, _>>().map_err(|why| e.column_error(why))?))
}

/// One index range, in display order or reversed when reading
/// `backwards`: every row, or the rows equal to `from` on the keys before
/// key k and beyond it (or from it) on key k.
async fn seek<E: Engine>(
    e: &E,
    selection: &Selection,
    keys: &[Key],
    from: &[KeyValue],
    bound: Bound,
    backwards: bool,
    limit: usize,
) -> Result<Vec<RawRow>, StoreError> {
    // Both backends' LIMIT is a signed 64-bit number.
    let limit = limit.min(i64::MAX as usize);
    let direction = |key: &Key| if key.descending != backwards { "DESC" } else { "ASC" };
    let mut q = selection.binds(&E::DIALECT);
    let mut range = Vec::new();
    let mut first_key = 0;
    if let Bound::BeyondKey(k) | Bound::FromKey(k) = bound {
        for (key, value) in keys[..k].iter().zip(from) {
            range.push(format!("{} = {}", key.expr, q.bind(value.clone())));
        }
        let operator = bound.operator(keys[k].descending, backwards);
        range.push(format!("{} {operator} {}", keys[k].expr, q.bind(from[k].clone())));
        first_key = k;
    }
    let condition = match (&selection.fts_pattern, keys) {
        // Newest first through FTS5: it gets the range and the limit, and
        // walks its matches from the newest down.
        (Some(pattern), [id]) => {
            let range: String = range.iter().map(|r| format!(" AND {}", r.replacen("id", "rowid", 1))).collect();
            format!(
                "id IN (SELECT rowid FROM lookups_fts WHERE search_text LIKE {pattern}{range} \
                 ORDER BY rowid {} LIMIT {limit})",
                direction(id)
            )
        }
        _ => {
            std::iter::once(selection.condition.clone()).chain(range.iter().cloned()).collect::<Vec<_>>().join(" AND ")
        }
    };
    let order: Vec<String> = keys[first_key..].iter().map(|key| format!("{} {}", key.expr, direction(key))).collect();
    let keyed: Vec<String> = keys.iter().enumerate().map(|(i, key)| format!("{} AS k{i}", key.expr)).collect();
    let columns = format!("{}, {}", *SUMMARY_FIELDS, keyed.join(", "));
    let source = if selection.narrow && !E::DIALECT.fence.is_empty() {
        format!("(SELECT * FROM lookups WHERE {condition} {}) AS narrowed", E::DIALECT.fence)
    } else {
        format!("lookups WHERE {condition}")
    };
    let mut sql = format!("SELECT {columns} FROM {source} ORDER BY {} LIMIT {limit}", order.join(", "));
    if !selection.noted.is_empty() {
        // The search's own rows (a query that keeps its index plan and its
        // limit) with the noted invoices' rows beside them: an `OR` in one
        // condition would lose the plan (on a million lookups, a city's
        // search took 1.6 s instead of 10 ms once a note named the city).
        let order: Vec<String> =
            keys.iter().enumerate().skip(first_key).map(|(i, key)| format!("k{i} {}", direction(key))).collect();
        let range: String = range.iter().map(|r| format!(" AND {r}")).collect();
        sql = format!(
            "SELECT * FROM ({sql}) AS matched UNION \
             SELECT * FROM (SELECT {columns} FROM lookups WHERE invoice IN ({}){range}) AS noted \
             ORDER BY {} LIMIT {limit}",
            selection.noted_marks(&mut q),
            order.join(", ")
        );
    }
    e.each(&sql, &q.args, &mut |r| Ok((summary(r), place(e, r, SUMMARY_FIELD_COUNT, keys)?))).await
}

/// The SQL a filter stands for.
async fn selection<E: Engine>(e: &E, filter: &Filter) -> Result<Selection, StoreError> {
    let d = &E::DIALECT;
    let mut q = Binds::new(d);
    let condition = match filter {
        Filter::All => "true".to_owned(),
        Filter::Card { id, except, .. } => {
            format!("card_id = {} AND invoice <> {}", q.text(id), q.text(except.as_str()))
        }
        Filter::Ip { ip, except } => format!("ip = {} AND invoice <> {}", q.text(ip), q.text(except.as_str())),
        Filter::Invoice(invoice) => format!("invoice = {}", q.text(invoice.as_str())),
        Filter::Text(t) => {
            // Digits that begin stored invoice IDs list those invoices
            // (':' sorts right after '9'): the invoice index answers at
            // once, where the trigram index would intersect the long lists
            // of digit triples that sequential IDs all share.
            if let Some(prefix) = invoice_prefix(t) {
                let end = format!("{prefix}:");
                let condition = format!("invoice >= {} AND invoice < {}", q.text(prefix), q.text(&end));
                let any = format!("SELECT count(*) FROM (SELECT 1 FROM lookups WHERE {condition} LIMIT 1) AS found");
                if number(e, &any, &q.args).await? > 0 {
                    return Ok(Selection { narrow: true, ..Selection::rows(condition, q) });
                }
            }
            // The stored text is lowercase.
            let needle = needle(t);
            let selection = text_selection(d, &needle);
            // Invoices whose case notes hold the text: their lookups too.
            return Ok(Selection { noted: noted(e, &needle).await?, ..selection });
        }
    };
    Ok(Selection::rows(condition, q))
}

/// The lookups whose search text holds `needle`, matched exactly: `%` and
/// `_` are themselves.
fn text_selection(d: &Dialect, needle: &str) -> Selection {
    let mut q = Binds::new(d);
    if needle.chars().count() < 3 {
        // Below a trigram the index cannot help: a scan.
        let condition = format!("{}(search_text, {}) > 0", d.find, q.text(needle));
        return Selection::rows(condition, q);
    }
    match d.text_index {
        TextIndex::Trigram => {
            // LIKE's escape is the backslash on PostgreSQL.
            let escaped = needle.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            let condition = format!("search_text LIKE {}", q.text(&format!("%{escaped}%")));
            Selection::rows(condition, q)
        }
        TextIndex::Fts5 if needle.contains(['%', '_']) => {
            // The index narrows by the wildcard pattern, the position decides.
            let pattern = q.text(&format!("%{needle}%"));
            let condition = format!(
                "id IN (SELECT rowid FROM lookups_fts WHERE search_text LIKE {pattern}) AND {}(search_text, {}) > 0",
                d.find,
                q.text(needle)
            );
            Selection::rows(condition, q)
        }
        TextIndex::Fts5 => {
            let pattern = q.text(&format!("%{needle}%"));
            let condition = format!("id IN (SELECT rowid FROM lookups_fts WHERE search_text LIKE {pattern})");
            Selection { fts_pattern: Some(pattern), ..Selection::rows(condition, q) }
        }
    }
}
