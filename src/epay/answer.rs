//! The typed view of a status answer, decoded tolerantly from the raw JSON.
//! The payment and p2p endpoints wrap their answers differently; both end up
//! as one [`Answer`]. The raw (cleaned) JSON is kept beside the typed view.

use std::str::FromStr;

use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::codes::{ResultCode, Status};
use super::invoice::InvoiceId;
use crate::text;

/// Which endpoint answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Payment,
    P2p,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Payment => "payment",
            Self::P2p => "p2p",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "payment" => Some(Self::Payment),
            "p2p" => Some(Self::P2p),
            _ => None,
        }
    }
}

/// What the operator asked for: a kind, or `Auto` (payment, then p2p on 102).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LookupType {
    #[default]
    Auto,
    Payment,
    P2p,
}

impl LookupType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Payment => "payment",
            Self::P2p => "p2p",
        }
    }

    pub fn next(self) -> Self {
        match self {
            Self::Auto => Self::Payment,
            Self::Payment => Self::P2p,
            Self::P2p => Self::Auto,
        }
    }
}

/// The `data` field: a JSON object encoded as a string, or not.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum DataField {
    #[default]
    Absent,
    Fields(Vec<(String, String)>),
    Raw(String),
}

impl DataField {
    fn decode(value: Option<&Value>) -> Self {
        let text = match value {
            None | Some(Value::Null) => return Self::Absent,
            Some(Value::String(s)) if s.trim().is_empty() => return Self::Absent,
            Some(Value::String(s)) => s.clone(),
            Some(Value::Object(map)) => return Self::Fields(object_fields(map)),
            Some(other) => other.to_string(),
        };
        match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(map)) => Self::Fields(object_fields(&map)),
            _ => Self::Raw(text::clean(&text)),
        }
    }

    /// A value inside the decoded data, e.g. its `email`.
    pub fn get(&self, key: &str) -> Option<&str> {
        match self {
            Self::Fields(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()),
            _ => None,
        }
    }
}

fn object_fields(map: &Map<String, Value>) -> Vec<(String, String)> {
    map.iter()
        .map(|(k, v)| {
            let shown = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (text::clean(k), text::clean(&shown))
        })
        .collect()
}

/// One transaction, every field optional: ePay leaves many empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Transaction {
    pub id: Option<String>,
    pub invoice_id: Option<String>,
    pub created_raw: Option<String>,
    pub created: Option<DateTime<FixedOffset>>,
    pub status: Option<Status>,
    pub amount: Option<Decimal>,
    pub org_amount: Option<Decimal>,
    pub payout_amount: Option<Decimal>,
    pub amount_bonus: Option<Decimal>,
    pub currency: Option<String>,
    pub card_mask: Option<String>,
    pub card_type: Option<String>,
    pub card_id: Option<String>,
    pub issuer: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub ip: Option<String>,
    pub ip_country: Option<String>,
    pub ip_region: Option<String>,
    pub ip_city: Option<String>,
    pub ip_district: Option<String>,
    pub ip_latitude: Option<f64>,
    pub ip_longitude: Option<f64>,
    pub secure: Option<bool>,
    pub secure_details: Option<String>,
    pub approval_code: Option<String>,
    pub reference: Option<String>,
    pub int_reference: Option<String>,
    pub reason: Option<String>,
    pub reason_code: Option<String>,
    pub terminal: Option<String>,
    pub terminal_id: Option<String>,
    /// The RRN as ePay's Excel statements write it.
    pub xls_rrn: Option<String>,
    pub account_id: Option<String>,
    pub description: Option<String>,
    pub language: Option<String>,
    pub data: DataField,
    /// Fields this program does not know, in the order sent (p2p has some).
    pub extra: Vec<(String, String)>,
    /// Values that were sent but could not be read (an amount written as
    /// `"15,000"`, a number out of range): the field's name and the value as
    /// received. The typed field stays `None`, so they count in no sum or sort.
    pub unreadable: Vec<(&'static str, String)>,
}

/// The fields of a transaction this program reads, as the status answer
/// spells them.
pub(super) const KNOWN: &[&str] = &[
    "id",
    "invoiceID",
    "invoiceId",
    "createdDate",
    "statusName",
    "statusID",
    "amount",
    "orgAmount",
    "payoutAmount",
    "amountBonus",
    "currency",
    "cardMask",
    "cardType",
    "cardID",
    "issuer",
    "name",
    "email",
    "phone",
    "ip",
    "ipCountry",
    "ipRegion",
    "ipCity",
    "ipDistrict",
    "ipLatitude",
    "ipLongitude",
    "secure",
    "secureDetails",
    "approvalCode",
    "reference",
    "intReference",
    "reason",
    "reasonCode",
    "terminal",
    "terminalID",
    "description",
    "language",
    "data",
    "accountID",
    "xlsRRN",
];

impl Transaction {
    /// Decodes whatever is there; never fails. Expects cleaned strings.
    pub fn from_json(map: &Map<String, Value>) -> Self {
        let s = |key: &str| lenient_string(map.get(key));
        let mut unreadable = Vec::new();
        let mut amount = |key: &'static str| {
            let value = map.get(key);
            let amount = lenient_decimal(value);
            if amount.is_none()
                && let Some(sent) = lenient_string(value)
            {
                unreadable.push((key, sent));
            }
            amount
        };
        let (amount, org_amount, payout_amount, amount_bonus) =
            (amount("amount"), amount("orgAmount"), amount("payoutAmount"), amount("amountBonus"));
        let created_raw = s("createdDate");
        // ePay writes 0, 0 when it does not know where an IP is: not a place
        // in the Gulf of Guinea.
        let (ip_latitude, ip_longitude) = match (
            lenient_coordinate(map.get("ipLatitude"), 90.0),
            lenient_coordinate(map.get("ipLongitude"), 180.0),
        ) {
            (Some(lat), Some(lon)) if lat == 0.0 && lon == 0.0 => (None, None),
            pair => pair,
        };
        Self {
            id: s("id"),
            invoice_id: s("invoiceID").or_else(|| s("invoiceId")),
            created: created_raw.as_deref().and_then(|d| DateTime::parse_from_rfc3339(d.trim()).ok()),
            created_raw,
            status: s("statusName").map(|n| Status::from_name(&n)),
            amount,
            org_amount,
            payout_amount,
            amount_bonus,
            currency: s("currency"),
            card_mask: s("cardMask"),
            card_type: s("cardType"),
            card_id: s("cardID"),
            issuer: s("issuer"),
            name: s("name"),
            email: s("email"),
            phone: s("phone"),
            ip: s("ip"),
            ip_country: s("ipCountry"),
            ip_region: s("ipRegion"),
            ip_city: s("ipCity"),
            ip_district: s("ipDistrict"),
            ip_latitude,
            ip_longitude,
            secure: lenient_bool(map.get("secure")),
            secure_details: s("secureDetails"),
            approval_code: s("approvalCode"),
            reference: s("reference"),
            int_reference: s("intReference"),
            reason: s("reason"),
            reason_code: s("reasonCode").map(reason_code),
            terminal: s("terminal"),
            terminal_id: s("terminalID"),
            xls_rrn: s("xlsRRN"),
            account_id: s("accountID"),
            description: s("description"),
            language: s("language"),
            data: DataField::decode(map.get("data")),
            extra: map
                .iter()
                .filter(|(k, _)| !KNOWN.contains(&k.as_str()))
                .filter_map(|(k, v)| lenient_string(Some(v)).map(|v| (k.clone(), v)))
                .collect(),
            unreadable,
        }
    }

    /// The value of `field` as sent, when it could not be read.
    pub fn as_received(&self, field: &str) -> Option<&str> {
        self.unreadable.iter().find(|(k, _)| *k == field).map(|(_, v)| v.as_str())
    }

    /// A refund of less than the original amount.
    pub fn is_partial_refund(&self) -> bool {
        matches!(self.status, Some(Status::Refund))
            && matches!((self.amount, self.org_amount), (Some(a), Some(o)) if a < o)
    }

    pub fn coordinates(&self) -> Option<(f64, f64)> {
        Some((self.ip_latitude?, self.ip_longitude?))
    }
}

/// A string, a number or a bool as text; null and empty strings are absent.
fn lenient_string(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// Amounts arrive as JSON numbers (`12.22`), whose own text is parsed so no
/// binary floating point is involved, or as text, read by
/// [`super::money::parse_amount`] without guessing a scale.
fn lenient_decimal(value: Option<&Value>) -> Option<Decimal> {
    match value? {
        Value::Number(n) => {
            let text = n.to_string();
            Decimal::from_str(&text).or_else(|_| Decimal::from_scientific(&text)).ok()
        }
        Value::String(s) => super::money::parse_amount(s),
        _ => None,
    }
}

/// ISO 8583 response codes are two characters; callbacks send the number 0.
fn reason_code(code: String) -> String {
    if code.len() == 1 && code.bytes().all(|b| b.is_ascii_digit()) { format!("0{code}") } else { code }
}

fn lenient_coordinate(value: Option<&Value>, limit: f64) -> Option<f64> {
    let n = match value? {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse().ok()?,
        _ => return None,
    };
    (n.is_finite() && n.abs() <= limit).then_some(n)
}

fn lenient_bool(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" | "y" | "yes" => Some(true),
            "false" | "0" | "n" | "no" => Some(false),
            _ => None,
        },
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        _ => None,
    }
}

/// One answer from ePay for one invoice.
#[derive(Clone, Debug)]
pub struct Answer {
    pub invoice: InvoiceId,
    pub kind: Kind,
    pub http_status: u16,
    pub code: ResultCode,
    pub message: String,
    pub transaction: Option<Transaction>,
    /// The whole body as received (cleaned).
    pub raw: Value,
}

/// The body was JSON but not an ePay answer: which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotAnAnswer {
    #[error("the body is not a JSON object")]
    NotAnObject,
    #[error("the answer has no result code")]
    NoResultCode,
}

impl NotAnAnswer {
    /// The words for it, with the HTTP status and the content type.
    pub fn words(self, args: &[(&'static str, String)]) -> super::Words {
        match self {
            Self::NotAnObject => super::Words::said("error-not-an-object", args),
            Self::NoResultCode => super::Words::said("error-no-result-code", args),
        }
    }
}

impl Answer {
    /// Decodes a parsed body. Strings must already be cleaned.
    pub fn decode(invoice: InvoiceId, kind: Kind, http_status: u16, raw: Value) -> Result<Self, NotAnAnswer> {
        let root = raw.as_object().ok_or(NotAnAnswer::NotAnObject)?;
        let (code, message, tx) = match kind {
            Kind::Payment => (
                lenient_string(root.get("resultCode")),
                lenient_string(root.get("resultMessage")),
                root.get("transaction"),
            ),
            Kind::P2p => {
                let result = root.get("result").and_then(Value::as_object);
                (
                    result.and_then(|r| lenient_string(r.get("code"))),
                    result.and_then(|r| lenient_string(r.get("message"))),
                    root.get("transaction").and_then(|t| t.get("p2p")),
                )
            }
        };
        let code = code.ok_or(NotAnAnswer::NoResultCode)?;
        let transaction = tx.and_then(Value::as_object).map(Transaction::from_json);
        Ok(Self {
            invoice,
            kind,
            http_status,
            code: ResultCode::from_code(&code),
            message: message.unwrap_or_default(),
            transaction,
            raw,
        })
    }

    /// The transaction object as received (cleaned), without the p2p
    /// wrapper: a view into `raw`, not a copy.
    pub fn transaction_json(&self) -> Option<&Value> {
        let tx = self.raw.get("transaction")?;
        let tx = if self.kind == Kind::P2p { tx.get("p2p")? } else { tx };
        tx.is_object().then_some(tx)
    }

    pub fn status(&self) -> Option<&Status> {
        self.transaction.as_ref()?.status.as_ref()
    }

    /// The status this answer settled on (see [`super::settled`]).
    pub fn settled_status(&self) -> Option<&Status> {
        super::codes::settled(Some(&self.code), self.status())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn inv() -> InvoiceId {
        InvoiceId::parse("205218074").unwrap()
    }

    #[test]
    fn decodes_string_and_number_codes() {
        let a = Answer::decode(inv(), Kind::Payment, 200, json!({"resultCode": 101, "transaction": null})).unwrap();
        assert_eq!(a.code, ResultCode::Reject);
        assert!(a.transaction.is_none());
        let p = Answer::decode(inv(), Kind::P2p, 400, json!({"result": {"code": "102", "message": "x"}})).unwrap();
        assert_eq!(p.code, ResultCode::NotFound);
        assert_eq!(p.message, "x");
    }

    #[test]
    fn no_result_code_is_not_an_answer() {
        assert!(Answer::decode(inv(), Kind::Payment, 200, json!({"error": "x"})).is_err());
        assert!(Answer::decode(inv(), Kind::Payment, 200, json!([1])).is_err());
    }

    #[test]
    fn amounts_are_exact_decimals_from_numbers_and_strings() {
        let map = json!({"amount": 12.22, "orgAmount": "22.22", "payoutAmount": 10, "amountBonus": null});
        let t = Transaction::from_json(map.as_object().unwrap());
        assert_eq!(t.amount, Some(Decimal::from_str("12.22").unwrap()));
        assert_eq!(t.org_amount, Some(Decimal::from_str("22.22").unwrap()));
        assert_eq!(t.payout_amount, Some(Decimal::from(10)));
        assert_eq!(t.amount_bonus, None);
    }

    #[test]
    fn data_field_variants() {
        let of = |v: Value| Transaction::from_json(json!({ "data": v }).as_object().unwrap()).data;
        assert_eq!(of(json!("")), DataField::Absent);
        assert_eq!(of(Value::Null), DataField::Absent);
        assert_eq!(of(json!("not json {")), DataField::Raw("not json {".into()));
        assert_eq!(of(json!("[1,2]")), DataField::Raw("[1,2]".into()));
        let fields = of(json!("{\"email\":\"a@b.kz\",\"sum\":33900}"));
        assert_eq!(fields.get("email"), Some("a@b.kz"));
        assert_eq!(fields.get("sum"), Some("33900"));
    }

    #[test]
    fn empty_strings_are_absent_and_unknown_fields_kept() {
        let map = json!({"ipCity": "", "secure": "false", "receiverCardMask": "5169...1111", "ipLatitude": 500});
        let t = Transaction::from_json(map.as_object().unwrap());
        assert_eq!(t.ip_city, None);
        assert_eq!(t.secure, Some(false));
        assert_eq!(t.ip_latitude, None);
        assert_eq!(t.extra, vec![("receiverCardMask".to_string(), "5169...1111".to_string())]);
    }

    #[test]
    fn partial_refund() {
        let t = Transaction::from_json(
            json!({"statusName": "REFUND", "amount": 12.22, "orgAmount": 22.22}).as_object().unwrap(),
        );
        assert!(t.is_partial_refund());
        let full = Transaction::from_json(
            json!({"statusName": "REFUND", "amount": 22.22, "orgAmount": 22.22}).as_object().unwrap(),
        );
        assert!(!full.is_partial_refund());
    }

    #[test]
    fn created_date_with_either_offset() {
        for d in ["2022-11-15T03:52:17.289853+06:00", "2024-05-01T10:00:00.000001+05:00"] {
            let t = Transaction::from_json(json!({ "createdDate": d }).as_object().unwrap());
            assert!(t.created.is_some(), "{d}");
        }
    }
}
