//! The sandbox's statement (`POST /operations`): the payment fixtures as
//! the operations of a merchant's statement, in the shape ePay's
//! single-operation page prints, searched and paged as ePay's
//! "Operations" page describes (`page` is the number of records to skip).
//! The answer's wrapper is not documented, so it can be switched
//! (`ops-shape=…`) to test a client that must not assume one.

use std::str::FromStr;

use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

/// How the statement misbehaves, or which of the possible shapes it takes.
#[derive(Clone, Debug, PartialEq)]
pub enum StatementFault {
    /// The wrapper: `array`, `content` (the default), `data`, `nested`,
    /// `several` (two lists) or `nolist`.
    Shape(String),
    /// Field names as some pages print them (`invoice_id`, `created_date`,
    /// `card_mask`, `statusName`).
    Snake,
    /// Every page is the first (a server that ignores the paging).
    Repeat,
    /// A total of a million, and every page full of new operations.
    Endless,
    /// Each page starts one record early: its first is the last of the
    /// page before.
    Overlap,
    /// HTTP 400 with ePay's error shape around an empty list.
    Refuse,
}

impl StatementFault {
    pub const SHAPES: &'static [&'static str] = &["array", "content", "data", "nested", "several", "nolist"];
}

/// The fixture answers' transactions as statement operations, newest first.
pub fn operations<'a>(transactions: impl Iterator<Item = &'a Map<String, Value>>) -> Vec<Value> {
    let mut ops: Vec<(DateTime<FixedOffset>, Value)> = transactions
        .filter_map(|t| {
            let s = |k: &str| t.get(k).cloned().unwrap_or(Value::Null);
            let when = DateTime::parse_from_rfc3339(t.get("createdDate")?.as_str()?).ok()?;
            let invoice = t.get("invoiceID")?.as_str()?.to_owned();
            // The /operation page writes `secure` as a string and
            // `reasonCode` as a number.
            let secure = match t.get("secure") {
                Some(Value::Bool(b)) => Value::String(b.to_string()),
                other => other.cloned().unwrap_or(Value::Null),
            };
            let reason_code = t
                .get("reasonCode")
                .and_then(Value::as_str)
                .and_then(|c| c.parse::<u64>().ok())
                .map_or(Value::Null, Value::from);
            let id = invoice.parse::<u64>().unwrap_or_default() * 10 + 7;
            let op = json!({
                "id": id, "dateTime": s("createdDate"), "invoiceId": invoice, "amount": s("amount"),
                "currency": s("currency"), "terminal": s("terminal"), "accountId": s("accountID"),
                "description": s("description"), "language": s("language"), "cardMask": s("cardMask"),
                "cardType": s("cardType"), "issuer": s("issuer"), "reference": s("reference"), "secure": secure,
                "code": s("statusName"), "reason": s("reason"), "reasonCode": reason_code, "name": s("name"),
                "email": s("email"), "phone": s("phone"), "ip": s("ip"), "ipCountry": s("ipCountry"),
                "ipCity": s("ipCity"), "ipRegion": s("ipRegion"), "ipDistrict": s("ipDistrict"),
                "ipLongitude": s("ipLongitude"), "ipLatitude": s("ipLatitude"), "cardId": s("cardID"),
            });
            Some((when, op))
        })
        .collect();
    ops.sort_by_key(|op| std::cmp::Reverse(op.0));
    ops.into_iter().map(|(_, op)| op).collect()
}

/// Why a search is refused: ePay's error shape, with HTTP 400.
pub struct Refusal(pub String);

/// The answer to one request body, or why it is refused.
pub fn answer(all: &[Value], body: &Value, fault: Option<&StatementFault>) -> Result<Value, Refusal> {
    if fault == Some(&StatementFault::Refuse) {
        return Err(Refusal("searchParameters: period longer than allowed".into()));
    }
    let params =
        body.get("searchParameters").and_then(Value::as_array).ok_or(Refusal("searchParameters is required".into()))?;
    let mut period = false;
    let mut tests = Vec::new();
    for p in params {
        let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
        let method = p.get("method").and_then(Value::as_str).unwrap_or_default();
        let values: Vec<String> = p
            .get("searchParameter")
            .and_then(Value::as_array)
            .map(|v| v.iter().map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned)).collect())
            .unwrap_or_default();
        let field = match name {
            "created_date" => "dateTime",
            "invoice_id" => "invoiceId",
            "reference" => "reference",
            "card_mask" => "cardMask",
            "amount" => "amount",
            "payer_email" => "email",
            "payer_phone" => "phone",
            other => return Err(Refusal(format!("unknown search parameter {other:?}"))),
        };
        let arity_ok = match method {
            "between" => values.len() == 2,
            "in" => !values.is_empty(),
            "like" | "=" | "<" | ">" | "<=" | ">=" => values.len() == 1,
            other => return Err(Refusal(format!("unknown method {other:?}"))),
        };
        if !arity_ok {
            return Err(Refusal(format!("wrong number of values for {name} {method}")));
        }
        if name == "created_date" {
            if method != "between" || values.iter().any(|v| DateTime::parse_from_rfc3339(v).is_err()) {
                return Err(Refusal("created_date takes between with two instants".into()));
            }
            period = true;
        }
        tests.push((field, method.to_owned(), values));
    }
    if !period {
        return Err(Refusal("created_date between is required".into()));
    }
    let paging = body.get("paging");
    let number = |k: &str, default: u64| paging.and_then(|p| p.get(k)).and_then(Value::as_u64).unwrap_or(default);
    let (skip, size) = (number("page", 0) as usize, number("size", 20).clamp(1, 500) as usize);
    let ascending = body
        .pointer("/orderParameters/0/typeOrder")
        .and_then(Value::as_str)
        .is_some_and(|o| o.eq_ignore_ascii_case("ASC"));
    let mut matching: Vec<&Value> = all
        .iter()
        .filter(|op| tests.iter().all(|(field, method, values)| holds(op.get(*field), method, values)))
        .collect();
    if ascending {
        matching.reverse();
    }
    let (skip, total) = match fault {
        Some(StatementFault::Repeat) => (0, matching.len()),
        Some(StatementFault::Overlap) => (skip.saturating_sub(1), matching.len()),
        _ => (skip, matching.len()),
    };
    let mut page: Vec<Value> = matching.iter().skip(skip).take(size).map(|v| (*v).clone()).collect();
    let mut total = total as u64;
    if fault == Some(&StatementFault::Endless) {
        total = 1_000_000;
        page = (0..size)
            .map(|i| {
                let n = 900_000_000 + skip + i;
                json!({"id": n, "invoiceId": n.to_string(), "dateTime": "2026-11-20T10:00:00+05:00", "amount": 1, "code": "CHARGE"})
            })
            .collect();
    }
    if fault == Some(&StatementFault::Snake) {
        page = page.into_iter().map(snake).collect();
    }
    let shape = match fault {
        Some(StatementFault::Shape(s)) => s.as_str(),
        _ => "content",
    };
    Ok(match shape {
        "array" => Value::Array(page),
        "data" => json!({"data": page, "total": total.to_string()}),
        "nested" => {
            json!({"result": {"data": {"items": page}, "paging": {"page": skip, "size": size, "totalCount": total}}})
        }
        "several" => json!({"content": page.clone(), "archive": page, "totalElements": total}),
        "nolist" => json!({"status": "OK", "count": total}),
        _ => json!({"content": page, "totalElements": total, "number": skip, "size": size}),
    })
}

/// The operation with the field names of ePay's other pages.
fn snake(op: Value) -> Value {
    let Value::Object(map) = op else { return op };
    let renamed = map.into_iter().map(|(k, v)| {
        let name = match k.as_str() {
            "invoiceId" => "invoice_id",
            "dateTime" => "created_date",
            "cardMask" => "card_mask",
            "code" => "statusName",
            "reference" => "rrn",
            other => other,
        };
        (name.to_owned(), v)
    });
    Value::Object(renamed.collect())
}

/// Whether a field holds against one search parameter.
fn holds(field: Option<&Value>, method: &str, values: &[String]) -> bool {
    let Some(field) = field.filter(|f| !f.is_null()) else { return false };
    let text = field.as_str().map_or_else(|| field.to_string(), str::to_owned);
    if method == "like" {
        return like(&text, &values[0]);
    }
    if method == "in" {
        return values.iter().any(|v| compare(&text, v) == Some(std::cmp::Ordering::Equal));
    }
    let cmp = |v: &String| compare(&text, v);
    use std::cmp::Ordering::{Equal, Greater, Less};
    match method {
        "between" => matches!(cmp(&values[0]), Some(Greater | Equal)) && matches!(cmp(&values[1]), Some(Less | Equal)),
        "=" => cmp(&values[0]) == Some(Equal),
        "<" => cmp(&values[0]) == Some(Less),
        ">" => cmp(&values[0]) == Some(Greater),
        "<=" => matches!(cmp(&values[0]), Some(Less | Equal)),
        ">=" => matches!(cmp(&values[0]), Some(Greater | Equal)),
        _ => false,
    }
}

/// Instants as instants, amounts as decimals, the rest as text.
fn compare(field: &str, value: &str) -> Option<std::cmp::Ordering> {
    if let (Ok(a), Ok(b)) = (DateTime::parse_from_rfc3339(field), DateTime::parse_from_rfc3339(value)) {
        return Some(a.cmp(&b));
    }
    if let (Ok(a), Ok(b)) = (Decimal::from_str(field), Decimal::from_str(value)) {
        return Some(a.cmp(&b));
    }
    Some(field.cmp(value))
}

/// SQL's `like` with `%` only.
fn like(text: &str, pattern: &str) -> bool {
    let parts: Vec<&str> = pattern.split('%').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if parts.len() == 1 {
        return text == pattern;
    }
    if !text.starts_with(first) || !text[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_matches_as_sql_does_with_percent() {
        assert!(like("400303...9821", "4003%9821"));
        assert!(like("400303******9821", "4003%9821"));
        assert!(!like("400303...9822", "4003%9821"));
        assert!(like("abc", "%"));
        assert!(like("a-b-c", "a%b%c"));
        assert!(!like("4003", "4003%4003"), "the two ends may not overlap");
    }
}
