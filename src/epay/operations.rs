//! Reading a page of ePay's statement (`POST /operations`), whose answer is
//! not documented: the list of operations is found wherever it is, each
//! operation's fields under whichever spelling ePay's pages use, and an
//! answer that cannot be read this way is said to be so, never guessed at.

use serde_json::{Map, Value};

use super::answer::Transaction;
use super::invoice::InvoiceId;

/// One operation of the statement: the status answer's reading of its
/// fields, and the object as received (cleaned).
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    pub transaction: Transaction,
    pub raw: Value,
}

impl Operation {
    /// The invoice, when it is one this program can look up.
    pub fn invoice(&self) -> Option<InvoiceId> {
        InvoiceId::parse(self.transaction.invoice_id.as_deref()?).ok()
    }

    /// What tells two operations apart across pages: ePay's own id, or
    /// else the invoice, the time, the amount and the status together.
    pub fn key(&self) -> String {
        let t = &self.transaction;
        let told = t.invoice_id.is_some() || t.created_raw.is_some() || t.amount.is_some() || t.status.is_some();
        match &t.id {
            Some(id) => format!("id:{id}"),
            // Nothing to tell it by but the whole of it.
            None if !told => format!("raw:{}", self.raw),
            None => format!(
                "{}|{}|{}|{}",
                t.invoice_id.as_deref().unwrap_or_default(),
                t.created_raw.as_deref().unwrap_or_default(),
                t.amount.map(|a| a.normalize().to_string()).unwrap_or_default(),
                t.status.as_ref().map(|s| s.name()).unwrap_or_default(),
            ),
        }
    }
}

/// One page as read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub operations: Vec<Operation>,
    /// Elements of the list that are not operations (no invoice field, not
    /// an object), as received.
    pub unread: Vec<Value>,
    /// How many operations the whole search matched, where the answer says.
    pub total: Option<u64>,
}

impl Page {
    /// Elements on the page, read or not.
    pub fn len(&self) -> usize {
        self.operations.len() + self.unread.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Why an answer could not be read as a page of the statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreadable {
    /// No list of operations anywhere in it.
    NoList,
    /// More than one list that could be the operations: which is not guessed.
    SeveralLists(Vec<String>),
    /// ePay's error shape (`{"code": N, "message": "…"}`).
    Refused { code: String, message: String },
}

/// Keys a list of operations is held under, as the usual page wrappers
/// name them (normalised: lower case, no `_` or `-`).
const LIST_KEYS: &[&str] = &[
    "content",
    "data",
    "operations",
    "items",
    "records",
    "list",
    "rows",
    "result",
    "results",
    "transactions",
    "elements",
    "values",
    "page",
];

/// Keys a total is given under (normalised).
const TOTAL_KEYS: &[&str] = &[
    "totalelements",
    "total",
    "totalcount",
    "totalrecords",
    "recordstotal",
    "totalitems",
    "totalsize",
    "totalrows",
    "recordcount",
    "count",
];

/// Keys of objects that hold the paging beside the list (normalised).
const PAGING_KEYS: &[&str] = &["paging", "pagination", "page", "pageable", "meta", "pageinfo"];

/// Spellings of the fields either ePay page uses, mapped to the status
/// answer's (normalised spelling first). Keys not named here are matched
/// to the status answer's own names, whatever their case or underscores.
const ALIASES: &[(&str, &str)] = &[
    ("invoice", "invoiceID"),
    ("invoiceid", "invoiceID"),
    ("datetime", "createdDate"),
    ("createddate", "createdDate"),
    ("created", "createdDate"),
    ("createdat", "createdDate"),
    ("date", "createdDate"),
    ("operationdate", "createdDate"),
    ("transactiondate", "createdDate"),
    ("code", "statusName"),
    ("status", "statusName"),
    ("statusname", "statusName"),
    ("state", "statusName"),
    ("cardmask", "cardMask"),
    ("maskedpan", "cardMask"),
    ("card", "cardMask"),
    ("rrn", "reference"),
];

fn normalised(key: &str) -> String {
    key.chars().filter(|c| !matches!(c, '_' | '-' | ' ')).flat_map(char::to_lowercase).collect()
}

/// The status answer's name for a field of an operation, if it has one.
fn canonical(key: &str) -> Option<&'static str> {
    let key = normalised(key);
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == key)
        .map(|(_, name)| *name)
        .or_else(|| super::answer::KNOWN.iter().copied().find(|name| normalised(name) == key))
}

/// Whether an object has an invoice field under any spelling.
fn has_invoice(map: &Map<String, Value>) -> bool {
    map.keys().any(|k| canonical(k) == Some("invoiceID"))
}

/// An operation's fields under the status answer's names, so one reading
/// (money, dates, cleaning) serves both. Where two spellings of one field
/// are sent, the first with a value wins. A status is a name (`CHARGE`),
/// never a number: a numeric `code` is kept under its own name.
fn renamed(map: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in map {
        let empty = value.is_null() || value.as_str().is_some_and(|s| s.trim().is_empty());
        let name = match canonical(key) {
            Some("statusName") if !value.is_string() => key.as_str(),
            Some(name) => name,
            None => key.as_str(),
        };
        match out.get(name) {
            Some(held) if !(held.is_null() || held.as_str().is_some_and(|s| s.trim().is_empty())) => {}
            _ if empty && out.contains_key(name) => {}
            _ => {
                out.insert(name.to_owned(), value.clone());
            }
        }
    }
    out
}

/// A total: a whole number, or text holding one.
fn as_total(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The total given in `map` or in a paging object inside it: the keys in
/// [`TOTAL_KEYS`]' order (a page's `count` beside a `total` is not the
/// total), skipping values that are not a number.
fn total_in(map: &Map<String, Value>) -> Option<u64> {
    let direct = TOTAL_KEYS
        .iter()
        .find_map(|name| map.iter().filter(|(k, _)| normalised(k) == *name).find_map(|(_, v)| as_total(v)));
    direct.or_else(|| {
        map.iter()
            .filter(|(k, _)| PAGING_KEYS.contains(&normalised(k).as_str()))
            .filter_map(|(_, v)| v.as_object())
            .find_map(total_in)
    })
}

/// A list found in an answer: where (for messages), the list, and the
/// objects around it from the root down (where a total may be).
struct Found<'a> {
    path: String,
    list: &'a Vec<Value>,
    around: Vec<&'a Map<String, Value>>,
}

/// Arrays that may be the operations: under a list key, or holding objects
/// with an invoice field; searched three objects deep.
fn lists<'a>(map: &'a Map<String, Value>, path: &str, around: &[&'a Map<String, Value>], found: &mut Vec<Found<'a>>) {
    if around.len() > 3 {
        return;
    }
    let mut around = around.to_vec();
    around.push(map);
    for (key, value) in map {
        let here = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
        match value {
            Value::Array(items) => {
                let named = LIST_KEYS.contains(&normalised(key).as_str());
                let holds = items.iter().filter_map(Value::as_object).any(has_invoice);
                // Under another name, only a list of nothing but objects.
                if (holds && (named || items.iter().all(Value::is_object))) || (named && items.is_empty()) {
                    found.push(Found { path: here, list: items, around: around.clone() });
                }
            }
            Value::Object(inner) => lists(inner, &here, &around, found),
            _ => {}
        }
    }
}

/// Reads one answer of `/operations` (cleaned JSON).
pub fn decode_page(raw: &Value) -> Result<Page, Unreadable> {
    let (list, total) = match raw {
        Value::Array(items) => (items, None),
        Value::Object(map) => {
            let mut found = Vec::new();
            lists(map, "", &[], &mut found);
            match found.len() {
                1 => {
                    let f = found.remove(0);
                    (f.list, f.around.iter().rev().find_map(|m| total_in(m)))
                }
                0 => return Err(refusal(map).unwrap_or(Unreadable::NoList)),
                _ => return Err(Unreadable::SeveralLists(found.into_iter().map(|f| f.path).collect())),
            }
        }
        _ => return Err(Unreadable::NoList),
    };
    let mut page = Page { total, ..Page::default() };
    for item in list {
        match item.as_object() {
            Some(map) if has_invoice(map) => page
                .operations
                .push(Operation { transaction: Transaction::from_json(&renamed(map)), raw: item.clone() }),
            _ => page.unread.push(item.clone()),
        }
    }
    Ok(page)
}

/// ePay's error shape: a code and a message (read from any answer that is
/// an object, for an HTTP error that also holds a list).
pub(crate) fn refusal_in(raw: &Value) -> Option<(String, String)> {
    match refusal(raw.as_object()?)? {
        Unreadable::Refused { code, message } => Some((code, message)),
        _ => None,
    }
}

fn refusal(map: &Map<String, Value>) -> Option<Unreadable> {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let field =
        |names: &[&str]| map.iter().find(|(k, _)| names.contains(&normalised(k).as_str())).and_then(|(_, v)| text(v));
    let message = field(&["message", "errormessage", "errordescription", "resultmessage", "error"]);
    let code = field(&["code", "resultcode", "errorcode"]);
    (message.is_some() || code.is_some())
        .then(|| Unreadable::Refused { code: code.unwrap_or_default(), message: message.unwrap_or_default() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one() -> Value {
        json!({
            "id": 777, "dateTime": "2020-10-05T16:47:26.507545+06:00", "invoiceId": "205218074",
            "amount": 12.22, "currency": "KZT", "cardMask": "400303...9821", "reference": "231951411351",
            "secure": "false", "code": "CHARGE", "reasonCode": 0, "issuer": "Казкоммерцбанк"
        })
    }

    #[test]
    fn the_list_is_found_under_any_wrapper() {
        let shapes = [
            json!([one()]),
            json!({"content": [one()], "totalElements": 1}),
            json!({"data": [one()], "total": "1"}),
            json!({"operations": [one()], "paging": {"total": 1}}),
            json!({"data": {"items": [one()], "pagination": {"totalCount": 1}}}),
            json!({"result": {"records": [one()], "recordsTotal": 1}, "code": 0}),
            json!({"whatever": [one()], "count": 1}),
        ];
        for shape in shapes {
            let page = decode_page(&shape).unwrap_or_else(|e| panic!("{shape}: {e:?}"));
            assert_eq!(page.operations.len(), 1, "{shape}");
            let t = &page.operations[0].transaction;
            assert_eq!(t.invoice_id.as_deref(), Some("205218074"));
            assert_eq!(t.amount, Some(rust_decimal::Decimal::new(1222, 2)));
            assert_eq!(t.status.as_ref().map(|s| s.name()), Some("CHARGE"));
            assert_eq!(t.secure, Some(false));
            assert_eq!(t.reason_code.as_deref(), Some("00"));
            assert!(t.created.is_some());
            if shape.is_object() {
                assert_eq!(page.total, Some(1), "{shape}");
            }
        }
    }

    #[test]
    fn fields_are_read_under_either_pages_spelling() {
        let snake = json!([{
            "invoice_id": "100000001", "created_date": "2026-11-02T01:07:05+05:00", "amount": "15 000,50",
            "card_mask": "440563******1234", "rrn": "000000104729", "statusName": "REFUND"
        }]);
        let page = decode_page(&snake).unwrap();
        let t = &page.operations[0].transaction;
        assert_eq!(page.operations[0].invoice().map(|i| i.to_string()).as_deref(), Some("100000001"));
        assert_eq!(t.amount, Some(rust_decimal::Decimal::new(1500050, 2)));
        assert_eq!(t.card_mask.as_deref(), Some("440563******1234"));
        assert_eq!(t.reference.as_deref(), Some("000000104729"));
        assert_eq!(t.status.as_ref().map(|s| s.name()), Some("REFUND"));
        // Two spellings of one field: the one with a value.
        let both = json!([{"invoiceID": "", "invoiceId": "100000002"}]);
        assert_eq!(decode_page(&both).unwrap().operations[0].invoice().unwrap().to_string(), "100000002");
    }

    #[test]
    fn what_cannot_be_read_is_said_and_never_guessed() {
        assert_eq!(decode_page(&json!({"hello": "world"})), Err(Unreadable::NoList));
        assert_eq!(decode_page(&json!({"status": "OK", "count": 3})), Err(Unreadable::NoList));
        assert_eq!(decode_page(&json!("text")), Err(Unreadable::NoList));
        let two = json!({"content": [one()], "archive": [one()]});
        assert!(matches!(decode_page(&two), Err(Unreadable::SeveralLists(p)) if p.len() == 2));
        assert_eq!(
            decode_page(&json!({"code": 100, "message": "wrong created_date"})),
            Err(Unreadable::Refused { code: "100".into(), message: "wrong created_date".into() })
        );
        // An element that is not an operation is kept, not dropped.
        let mixed = decode_page(&json!({"content": [one(), {"note": "x"}, 5]})).unwrap();
        assert_eq!((mixed.operations.len(), mixed.unread.len()), (1, 2));
        // An empty list under a list key is an empty page.
        assert_eq!(decode_page(&json!({"content": [], "totalElements": 0})).unwrap().total, Some(0));
    }

    #[test]
    fn a_total_is_the_total_not_a_pages_count() {
        let page = json!({"data": [one()], "count": 1, "total": 250});
        assert_eq!(decode_page(&page).unwrap().total, Some(250));
        let page = json!({"content": [one()], "total": "x", "totalElements": 7});
        assert_eq!(decode_page(&page).unwrap().total, Some(7));
        let page = json!({"content": [one()], "count": 1});
        assert_eq!(decode_page(&page).unwrap().total, Some(1), "count, when nothing else is given");
    }

    #[test]
    fn operations_are_told_apart_by_id_or_by_what_they_hold() {
        let a = decode_page(&json!([one()])).unwrap().operations.remove(0);
        assert_eq!(a.key(), "id:777");
        let mut no_id = one();
        no_id.as_object_mut().unwrap().remove("id");
        let b = decode_page(&json!([no_id])).unwrap().operations.remove(0);
        assert!(b.key().starts_with("205218074|2020-10-05T16:47:26.507545+06:00|12.22|CHARGE"), "{}", b.key());
    }
}
