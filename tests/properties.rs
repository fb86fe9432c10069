//! Properties over arbitrary input: the cleaning function and the answer
//! decoder never panic, and cleaned text never holds a forbidden character.

use epay_status::epay::{Answer, InvoiceId, Kind};
use epay_status::text::{clean, clean_json, clean_multiline};
use proptest::prelude::*;
use serde_json::Value;

fn forbidden(c: char) -> bool {
    let code = c as u32;
    code < 0x20
        || (0x7f..=0x9f).contains(&code)
        || matches!(code, 0x200e | 0x200f | 0x202a..=0x202e | 0x2066..=0x2069 | 0x061c)
}

/// Strings rich in the characters that matter.
fn hostile_string() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\u{1b}[2J".to_string()),
        Just("\u{1b}]0;title\u{7}".to_string()),
        Just("\u{9b}31m".to_string()),
        Just("\u{202e}".to_string()),
        Just("\r\n\t".to_string()),
        Just("Қазақстан".to_string()),
        any::<char>().prop_map(String::from),
        "[ -~]{0,8}",
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        hostile_string().prop_map(Value::from),
        "[0-9]{1,12}(\\.[0-9]{1,4})?".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just("resultCode".to_string()),
                    Just("transaction".to_string()),
                    Just("result".to_string()),
                    Just("code".to_string()),
                    Just("p2p".to_string()),
                    Just("amount".to_string()),
                    Just("data".to_string()),
                    Just("statusName".to_string()),
                    Just("createdDate".to_string()),
                    Just("ipLatitude".to_string()),
                    Just("secure".to_string()),
                    hostile_string(),
                ],
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn cleaned_text_has_no_forbidden_character(s in hostile_string()) {
        let once = clean(&s);
        prop_assert!(!once.chars().any(forbidden), "{:?}", once);
        prop_assert_eq!(clean(&once), once.clone(), "cleaning is idempotent");
        let multi = clean_multiline(&s);
        prop_assert!(!multi.chars().any(|c| forbidden(c) && c != '\n'), "{:?}", multi);
    }

    #[test]
    fn decoding_any_json_never_panics_and_leaves_clean_text(mut v in json_value(), p2p in any::<bool>()) {
        clean_json(&mut v);
        let kind = if p2p { Kind::P2p } else { Kind::Payment };
        let invoice = InvoiceId::parse("205218074").unwrap();
        if let Ok(answer) = Answer::decode(invoice, kind, 200, v) {
            let shown = format!("{:?}", answer.transaction);
            for lang in [epay_status::i18n::Language::En, epay_status::i18n::Language::Ru] {
                let sheet = epay_status::sheet::sections(&answer, epay_status::epay::LookupType::Auto, &chrono::Utc, lang);
                for row in sheet.iter().flat_map(|s| &s.rows) {
                    prop_assert!(!row.value.chars().any(forbidden), "{:?} in {}", row.value, shown);
                }
            }
        }
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(mut v) = serde_json::from_slice::<Value>(&bytes) {
            clean_json(&mut v);
            let _ = Answer::decode(InvoiceId::parse("123456").unwrap(), Kind::Payment, 200, v);
        }
    }

    #[test]
    fn invoice_ids_are_exactly_six_to_fifteen_digits(s in "[ \t]{0,2}[0-9a-z]{0,18}[ \t\n]{0,2}") {
        let t = s.trim();
        let valid = (6..=15).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
        prop_assert_eq!(InvoiceId::parse(&s).is_ok(), valid);
    }
}
