//! Any bytes as a status answer: decoding and the sheet built from it must
//! never panic, and nothing shown may hold a control character.
#![no_main]

use epay_status::epay::{Answer, InvoiceId, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    epay_status::text::clean_json(&mut value);
    let invoice = InvoiceId::parse("205218074").expect("a valid ID");
    for kind in [Kind::Payment, Kind::P2p] {
        if let Ok(answer) = Answer::decode(invoice.clone(), kind, 200, value.clone()) {
            for section in epay_status::sheet::sections(&answer, &chrono_utc()) {
                for row in section.rows {
                    assert!(!row.value.chars().any(char::is_control), "{:?}", row.value);
                }
            }
        }
    }
});

fn chrono_utc() -> impl chrono::TimeZone<Offset = chrono::Utc> {
    chrono::Utc
}
