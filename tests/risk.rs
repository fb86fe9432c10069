//! Risk hints on sandbox fixtures that trigger them and fixtures that do not.

mod common;

use chrono::{TimeZone, Utc};
use common::*;
use epay_status::epay::LookupType;
use epay_status::i18n::Language;
use epay_status::risk::{Hint, Known, Listing, Severity, hints};

async fn hints_for(id: &str, known: Known) -> Vec<Hint> {
    hints_in(id, known, Language::En).await
}

async fn hints_in(id: &str, known: Known, lang: Language) -> Vec<Hint> {
    let sb = sandbox().await;
    let answer = test_client(&sb).lookup(LookupType::Auto, &invoice(id)).await.unwrap();
    // Early November 2026, so fixture holds from early November are fresh.
    hints(&answer, known, Utc.with_ymd_and_hms(2026, 11, 5, 12, 0, 0).unwrap(), lang)
}

#[tokio::test]
async fn hints_speak_russian_with_russian_numbers_and_plurals() {
    let known = Known { same_card: Some(3), same_ip: Some(1) };
    let h = hints_in("205218074", known, Language::Ru).await;
    let said: Vec<String> = h.iter().map(|h| format!("{}: {}", h.title, h.reason)).collect();
    assert!(said.contains(&"Частичный возврат: возвращено 12,22 KZT из 22,22 KZT".to_owned()), "{said:#?}");
    let no_3ds = "Без 3-D Secure: держатель карты не прошёл аутентификацию (secureDetails F)";
    assert!(said.contains(&no_3ds.to_owned()), "{said:#?}");
    assert!(said.contains(&"Карта уже встречалась: в 3 проверках других счетов".to_owned()), "{said:#?}");
    assert!(said.contains(&"IP уже встречался: в 1 проверке других счетов".to_owned()), "{said:#?}");
    assert!(said.iter().any(|s| s.starts_with("IP вне своей страны: ipCountry — Kazakhstan")), "{said:#?}");
    // The same hints, the same order, whatever the language.
    let english = hints_in("205218074", known, Language::En).await;
    let severities = |h: &[Hint]| h.iter().map(|h| (h.severity, h.lists)).collect::<Vec<_>>();
    assert_eq!(severities(&h), severities(&english));
}

fn titles(h: &[Hint]) -> Vec<&str> {
    h.iter().map(|h| h.title.as_str()).collect()
}

#[tokio::test]
async fn the_reference_example_raises_three_hints() {
    let h = hints_for("205218074", Known::default()).await;
    let t = titles(&h);
    assert!(t.contains(&"No 3-D Secure"), "{t:?}");
    let place = h.iter().find(|h| h.title == "IP location outside its country").expect("location hint");
    assert_eq!(place.severity, Severity::High);
    assert!(place.reason.contains("Kazakhstan") && place.reason.contains("Russia"), "{}", place.reason);
    let refund = h.iter().find(|h| h.title == "Partial refund").expect("refund hint");
    assert_eq!(refund.reason, "12.22 KZT of 22.22 KZT refunded");
    assert_eq!(h[0].severity, Severity::High, "most severe first");
}

#[tokio::test]
async fn a_clean_domestic_charge_raises_nothing_serious() {
    let h = hints_for("100000001", Known::default()).await;
    assert!(h.iter().all(|h| h.severity == Severity::Info), "{h:?}");
    assert!(h.is_empty(), "{h:?}");
}

#[tokio::test]
async fn location_matches_for_foreign_ips_in_their_own_country() {
    for id in ["100000024", "100000011", "100000012", "100000029"] {
        let h = hints_for(id, Known::default()).await;
        assert!(!titles(&h).contains(&"IP location outside its country"), "{id}: {h:?}");
    }
    assert!(titles(&hints_for("100000011", Known::default()).await).contains(&"No 3-D Secure"));
}

#[tokio::test]
async fn refunds_cancels_and_declines() {
    let full = hints_for("100000006", Known::default()).await;
    assert!(titles(&full).contains(&"Refunded") && !titles(&full).contains(&"Partial refund"));
    assert!(titles(&hints_for("100000004", Known::default()).await).contains(&"Cancelled"));
    let declined = hints_for("100000007", Known::default()).await;
    assert!(titles(&declined).contains(&"Declined"));
    let issuer = declined.iter().find(|h| h.title == "Issuer response").expect("reason code hint");
    assert_eq!(issuer.reason, "reasonCode 51: insufficient funds");
}

#[tokio::test]
async fn data_email_differing_from_the_customer() {
    assert!(titles(&hints_for("100000028", Known::default()).await).contains(&"Two different emails"));
    // 100000001 carries the same email in its data.
    assert!(!titles(&hints_for("100000001", Known::default()).await).contains(&"Two different emails"));
}

#[tokio::test]
async fn an_old_hold_may_lapse() {
    let old = hints_for("100000025", Known::default()).await;
    let hold = old.iter().find(|h| h.title == "Old hold").expect("old AUTH hint");
    assert_eq!(hold.severity, Severity::High);
    assert!(!titles(&hints_for("100000002", Known::default()).await).contains(&"Old hold"), "a fresh hold is fine");
}

#[tokio::test]
async fn cards_and_ips_seen_in_other_lookups() {
    let h = hints_for("100000001", Known { same_card: Some(3), same_ip: Some(0) }).await;
    assert_eq!(titles(&h), ["Card seen before"]);
    assert!(h[0].reason.contains('3'));
    // A report has no keys: the dashboard adds its own from `lists`.
    assert_eq!(h[0].lists, Some(Listing::SameCard));
    assert!(!h[0].reason.contains("lists"), "{}", h[0].reason);
    assert_eq!(h[0].reason, "in 3 lookups of other invoices");
    // Past the count's cap the history says "more than", not a number it did not count.
    let many = epay_status::store::SEEN_CAP + 1;
    let h = hints_for("100000001", Known { same_card: None, same_ip: Some(many) }).await;
    assert_eq!(h[0].reason, "in more than 100 lookups of other invoices");
}

#[tokio::test]
async fn non_success_answers_raise_no_hints() {
    assert!(hints_for("100000101", Known::default()).await.is_empty());
}

#[test]
fn zero_zero_coordinates_are_unknown_not_a_place_outside_the_country() {
    // ePay sends 0, 0 when it does not know where an IP is; that point lies
    // in the Gulf of Guinea, outside every country named beside it.
    let raw = serde_json::json!({"resultCode": "100", "resultMessage": "SUCCESS", "transaction": {
        "invoiceID": "100000099", "statusName": "CHARGE", "amount": 100, "currency": "KZT", "secure": "yes",
        "ip": "95.56.1.1", "ipCountry": "Kazakhstan", "ipCity": "Almaty", "ipLatitude": 0, "ipLongitude": 0,
    }});
    let answer =
        epay_status::epay::Answer::decode(invoice("100000099"), epay_status::epay::Kind::Payment, 200, raw).unwrap();
    assert_eq!(answer.transaction.as_ref().unwrap().coordinates(), None);
    let h = hints(&answer, Known::default(), Utc.with_ymd_and_hms(2026, 11, 5, 12, 0, 0).unwrap(), Language::En);
    assert!(!titles(&h).contains(&"IP location outside its country"), "{h:?}");
}
