//! The ePay client against the real sandbox over loopback HTTP.

mod common;

use std::str::FromStr;
use std::time::Duration;

use common::*;
use epay_status::config::{TEST_CLIENT_ID, TEST_CLIENT_SECRET, TEST_TERMINAL};
use epay_status::epay::{
    DataField, EpayClient, Kind, LookupError, LookupType, ResultCode, Status, TokenHolder, TokenPolicy,
};
use epay_status::sandbox::{Client, SandboxOptions};
use rust_decimal::Decimal;

#[tokio::test]
async fn reference_example_decodes() {
    let sb = sandbox().await;
    let a = test_client(&sb).lookup(LookupType::Auto, &invoice("205218074")).await.unwrap();
    assert_eq!(a.kind, Kind::Payment);
    assert_eq!(a.code, ResultCode::Success);
    let t = a.transaction.as_ref().unwrap();
    assert_eq!(t.card_mask.as_deref(), Some("400303...9821"));
    assert_eq!(t.issuer.as_deref(), Some("Казкоммерцбанк"));
    assert_eq!(t.status, Some(Status::Refund));
    assert_eq!(t.amount, Some(Decimal::from_str("12.22").unwrap()));
    assert_eq!(t.org_amount, Some(Decimal::from_str("22.22").unwrap()));
    assert!(t.is_partial_refund());
    assert_eq!(t.secure, Some(false));
    assert_eq!(t.coordinates(), Some((55.7386, 37.6068)));
    assert_eq!(t.data.get("deal_number"), Some("1111111"));
    assert_eq!(a.raw["transaction"]["invoiceID"], "205218074");
}

#[tokio::test]
async fn ten_lookups_cost_one_token_request() {
    let sb = sandbox().await;
    let client = test_client(&sb);
    for _ in 0..10 {
        client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    }
    assert_eq!(sb.token_requests(), 1);
    assert_eq!(sb.status_requests(), 10);
}

#[tokio::test]
async fn concurrent_lookups_share_one_renewal() {
    let sb = sandbox().await;
    let client = test_client(&sb);
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let c = client.clone();
            tokio::spawn(async move { c.lookup(LookupType::Payment, &invoice("100000002")).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(sb.token_requests(), 1);
}

#[tokio::test]
async fn a_401_renews_once_and_retries_once() {
    let sb = sandbox().await;
    let client = test_client(&sb);
    client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    sb.revoke_tokens();
    let a = client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    assert!(a.code.is_success());
    assert_eq!(sb.token_requests(), 2);
    // one first call, one refused with 401, one retry
    assert_eq!(sb.status_requests(), 3);
}

/// The "short" client's tokens live a second or two; the default policy
/// would hold them for 30 s, so these tests lower that floor to watch renewal.
fn short_lived_client(sb: &epay_status::sandbox::Sandbox) -> EpayClient {
    let policy = TokenPolicy {
        min_lifetime: Duration::from_secs(1),
        min_interval: Duration::from_millis(100),
        ..TokenPolicy::default()
    };
    let http = epay_status::epay::http_client(Duration::from_secs(10), true).unwrap();
    let creds = credentials(sb, "short", "short-secret", Some(TEST_TERMINAL));
    EpayClient::new(http.api.clone(), &sb.api_url(), TokenHolder::with_policy(http.token, creds, policy))
}

#[tokio::test]
async fn renews_ahead_of_expiry() {
    let short = Client {
        client_id: "short".into(),
        client_secret: "short-secret".into(),
        terminal: TEST_TERMINAL.into(),
        expires_in: serde_json::json!(2),
    };
    let sb = sandbox_with(SandboxOptions { extra_clients: vec![short], ..SandboxOptions::default() }).await;
    let client = short_lived_client(&sb);
    client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    assert_eq!(sb.token_requests(), 1, "a fresh token is reused");
    // Renewal is due at 1.8 s (a tenth of 2 s before expiry), before the
    // token stops working at 2 s: no 401 is ever seen.
    tokio::time::sleep(Duration::from_millis(1850)).await;
    client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    assert_eq!(sb.token_requests(), 2);
    assert_eq!(sb.status_requests(), 3, "no call was refused and retried");
}

#[tokio::test]
async fn background_renewer_keeps_the_token_fresh() {
    let short = Client {
        client_id: "short".into(),
        client_secret: "short-secret".into(),
        terminal: TEST_TERMINAL.into(),
        expires_in: serde_json::json!(1),
    };
    let sb = sandbox_with(SandboxOptions { extra_clients: vec![short], ..SandboxOptions::default() }).await;
    let client = short_lived_client(&sb);
    let mut state = client.tokens().watch();
    let renewer = client.tokens().spawn_renewer();
    // Three renewals happen with no lookup at all.
    for _ in 0..3 {
        state.changed().await.unwrap();
        while !matches!(*state.borrow_and_update(), epay_status::epay::TokenState::Valid { .. }) {
            state.changed().await.unwrap();
        }
    }
    assert!(sb.token_requests() >= 3);
    renewer.abort();
}

#[tokio::test]
async fn expires_in_as_a_string_is_accepted() {
    let sb = sandbox().await;
    let client = client_for(&sb, credentials(&sb, "legacy", "legacy-secret", Some(TEST_TERMINAL)));
    let a = client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    assert!(a.code.is_success());
    let token = client.tokens().get().await.unwrap();
    assert_eq!(token.lifetime, Duration::from_secs(1200));
}

#[tokio::test]
async fn p2p_wrapper_is_unwrapped() {
    let sb = sandbox().await;
    let a = test_client(&sb).lookup(LookupType::P2p, &invoice("200000002")).await.unwrap();
    assert_eq!(a.kind, Kind::P2p);
    assert_eq!(a.code, ResultCode::Success);
    let t = a.transaction.as_ref().unwrap();
    assert_eq!(t.status, Some(Status::Refund));
    assert!(t.is_partial_refund());
    assert!(t.extra.iter().any(|(k, v)| k == "receiverCardMask" && v == "440043...7781"));
    assert_eq!(a.transaction_json().unwrap()["invoiceID"], "200000002");
    // A numeric code in the p2p wrapper is accepted too.
    let n = test_client(&sb).lookup(LookupType::P2p, &invoice("200000005")).await.unwrap();
    assert_eq!(n.code, ResultCode::Success);
}

#[tokio::test]
async fn auto_falls_back_to_p2p_on_102() {
    let sb = sandbox().await;
    let client = test_client(&sb);
    let p = client.lookup(LookupType::Auto, &invoice("200000001")).await.unwrap();
    assert_eq!((p.kind, p.code.clone()), (Kind::P2p, ResultCode::Success));
    assert_eq!(sb.status_requests(), 2);
    let missing = client.lookup(LookupType::Auto, &invoice("999999999")).await.unwrap();
    assert_eq!((missing.kind, missing.code), (Kind::Payment, ResultCode::NotFound));
    // Asked as a payment only, a p2p invoice is not found.
    let wrong = client.lookup(LookupType::Payment, &invoice("200000001")).await.unwrap();
    assert_eq!(wrong.code, ResultCode::NotFound);
    // A payment found at once does not ask p2p.
    let before = sb.status_requests();
    client.lookup(LookupType::Auto, &invoice("100000001")).await.unwrap();
    assert_eq!(sb.status_requests(), before + 1);
}

#[tokio::test]
async fn non_success_with_http_400_is_an_answer() {
    let sb = sandbox().await;
    let client = test_client(&sb);
    let a = client.lookup(LookupType::Payment, &invoice("100000101")).await.unwrap();
    assert_eq!(a.http_status, 400);
    assert_eq!(a.code, ResultCode::Reject);
    for (id, code) in [("100000103", ResultCode::Error), ("100000107", ResultCode::TryLater)] {
        assert_eq!(client.lookup(LookupType::Payment, &invoice(id)).await.unwrap().code, code);
    }
}

#[tokio::test]
async fn tolerant_decoding_of_odd_answers() {
    let sb = sandbox().await;
    let client = test_client(&sb);
    let get = |id: &'static str| {
        let c = client.clone();
        async move { c.lookup(LookupType::Payment, &invoice(id)).await.unwrap() }
    };
    let numeric = get("100000015").await;
    assert_eq!(numeric.code, ResultCode::Success, "resultCode as a number");
    let t = numeric.transaction.unwrap();
    assert_eq!(t.amount, Some(Decimal::from_str("1500.50").unwrap()), "amount as a string");
    assert_eq!(t.secure, Some(true));

    let empty = get("100000014").await.transaction.unwrap();
    assert_eq!((empty.coordinates(), empty.status, empty.amount, empty.card_mask), (None, None, None, None));
    assert_eq!(empty.data, DataField::Absent);

    assert_eq!(get("100000016").await.transaction.unwrap().data, DataField::Raw("not json {".into()));
    assert_eq!(get("100000017").await.transaction.unwrap().data, DataField::Absent);
    assert_eq!(get("100000018").await.transaction.unwrap().data, DataField::Absent);
    let unknown = get("100000013").await.transaction.unwrap().status.unwrap();
    assert_eq!(unknown, Status::Other("PARTIAL_HOLD".into()));
    let sparse = get("100000026").await.transaction.unwrap();
    assert_eq!(sparse.amount, Some(Decimal::from(700)));
    assert_eq!(sparse.ip, None);
}

#[tokio::test]
async fn server_text_is_cleaned_where_it_enters() {
    let sb = sandbox().await;
    let a = test_client(&sb).lookup(LookupType::Payment, &invoice("100000022")).await.unwrap();
    let t = a.transaction.as_ref().unwrap();
    for text in [t.name.as_deref().unwrap(), t.description.as_deref().unwrap(), t.ip_city.as_deref().unwrap()] {
        assert!(!text.chars().any(|c| c.is_control() || c == '\u{202e}'), "{text:?}");
    }
    assert!(!a.raw.to_string().contains('\u{1b}'));
    assert_eq!(t.data.get("note"), Some("[5mblink"));
}

#[tokio::test]
async fn every_fixture_decodes() {
    let sb = sandbox().await;
    let client = test_client(&sb);
    for (kind, ty) in [(Kind::Payment, LookupType::Payment), (Kind::P2p, LookupType::P2p)] {
        for id in sb.invoices(kind).into_iter().filter(|i| !sb.misbehaves(i)) {
            let a = client.lookup(ty, &invoice(&id)).await.unwrap_or_else(|e| panic!("{id}: {e:?}"));
            assert_eq!(a.kind, kind);
            assert_eq!(a.code.is_success(), a.transaction.is_some(), "{id}");
        }
    }
}

#[tokio::test]
async fn wrong_credentials_are_an_auth_error() {
    let sb = sandbox().await;
    let client = client_for(&sb, credentials(&sb, TEST_CLIENT_ID, "bad-secret-4417", Some(TEST_TERMINAL)));
    let err = client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err();
    assert_eq!(err.error.kind(), "auth");
    assert!(err.error.to_string().contains("client_secret"), "{}", err.error);
    assert!(!err.error.to_string().contains("bad-secret-4417"), "the secret is not echoed");
    assert_eq!(sb.status_requests(), 0);
}

#[tokio::test]
async fn terminal_absent_or_foreign() {
    let sb = sandbox().await;
    let none = client_for(&sb, credentials(&sb, TEST_CLIENT_ID, TEST_CLIENT_SECRET, None));
    let a = none.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    assert_eq!(a.code, ResultCode::TerminalAbsent);
    let other = client_for(&sb, credentials(&sb, TEST_CLIENT_ID, TEST_CLIENT_SECRET, Some("not-mine")));
    let b = other.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    assert_eq!(b.code, ResultCode::TerminalNotOwned);
}

#[tokio::test]
async fn closed_port_is_a_network_error() {
    let sb = sandbox().await;
    let mut creds = credentials(&sb, TEST_CLIENT_ID, TEST_CLIENT_SECRET, Some(TEST_TERMINAL));
    // Bind then drop a listener: the port is free and refuses connections.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    creds.token_url = format!("http://127.0.0.1:{port}/oauth2/token");
    let err = client_for(&sb, creds).lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err();
    assert!(matches!(err.error, LookupError::Network(_)), "{:?}", err.error);
}

#[tokio::test]
async fn sandbox_takes_multipart_form_data_as_the_reference_shows() {
    let sb = sandbox().await;
    let boundary = "XyZepayBoundary";
    let mut body = String::new();
    for (k, v) in [
        ("grant_type", "client_credentials"),
        ("scope", "payment"),
        ("client_id", TEST_CLIENT_ID),
        ("client_secret", TEST_CLIENT_SECRET),
        ("terminal", TEST_TERMINAL),
    ] {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let http = epay_status::epay::http_client(std::time::Duration::from_secs(10), true).unwrap();
    let response = http
        .token
        .post(sb.token_url())
        .header("content-type", format!("multipart/form-data; boundary={boundary}"))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let token: serde_json::Value = response.json().await.unwrap();
    assert_eq!(token["expires_in"], 7200);
    assert_eq!(token["token_type"], "Bearer");
    assert_eq!(token["refresh_token"], "");
    // The multipart token works for a status call.
    let status = http
        .api
        .get(format!("{}/check-status/payment/transaction/205218074", sb.api_url()))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), 200);
}

#[tokio::test]
async fn real_epay_shapes_decode() {
    let sb = sandbox().await;
    let client = test_client(&sb);
    let tx = |id: &'static str| {
        let client = client.clone();
        async move { client.lookup(LookupType::Payment, &invoice(id)).await.unwrap().transaction.unwrap() }
    };
    let t = tx("100000060").await;
    assert_eq!(t.status, Some(Status::Fingerprint));
    assert_eq!(t.secure, Some(false), "\"No\"");
    assert_eq!(t.reason_code.as_deref(), Some("00"), "the number 0");
    assert_eq!(t.created.unwrap().timestamp_subsec_nanos(), 89_532_914, "nanoseconds at +05:00");
    assert_eq!(t.xls_rrn.as_deref(), Some("412345678901"));
    assert_eq!(t.account_id.as_deref(), Some("9f1d2c3b-0000-4000-8000-000000000060"));
    assert_eq!(t.terminal_id.as_deref(), Some(TEST_TERMINAL));

    let t = tx("100000061").await;
    assert_eq!(t.secure, Some(true), "\"YES\"");
    assert_eq!(t.coordinates(), None, "0, 0 is ePay's unknown, not a place");
    assert_eq!((t.ip_country.as_ref(), t.approval_code.as_ref(), t.card_id.as_ref()), (None, None, None));
    assert_eq!((t.amount, t.currency.as_deref()), (Some(Decimal::ZERO), None));

    let t = tx("100000062").await;
    assert_eq!(t.secure, Some(false), "\"False\"");
    assert_eq!(t.created.unwrap().offset().local_minus_utc(), 6 * 3600);
}

#[tokio::test]
async fn amounts_as_text_are_read_or_kept_as_sent() {
    let sb = sandbox().await;
    let a = test_client(&sb).lookup(LookupType::Payment, &invoice("100000063")).await.unwrap();
    let t = a.transaction.unwrap();
    let d = |s: &str| Some(Decimal::from_str(s).unwrap());
    assert_eq!(t.amount, None, "\"15,000\" is fifteen thousand or fifteen: not guessed");
    assert_eq!(t.as_received("amount"), Some("15,000"));
    assert_eq!(t.org_amount, d("15000.00"));
    assert_eq!(t.payout_amount, d("1234.56"));
    assert_eq!(t.amount_bonus, d("12.22"));
    assert_eq!(t.unreadable.len(), 1);
}

#[tokio::test]
async fn one_unreadable_value_leaves_the_rest_of_the_answer() {
    let sb = sandbox().await;
    let client = test_client(&sb);
    let huge = client.lookup(LookupType::Payment, &invoice("100000064")).await.unwrap();
    let t = huge.transaction.unwrap();
    assert_eq!(t.amount, None);
    assert_eq!(t.as_received("amount"), Some("1e+400"), "as serde_json writes the number");
    assert_eq!(t.org_amount, Some(Decimal::from(7000)));
    assert_eq!(t.card_mask.as_deref(), Some("440563...1234"));

    let bad_utf8 = client.lookup(LookupType::Payment, &invoice("100000065")).await.unwrap();
    let t = bad_utf8.transaction.unwrap();
    assert_eq!(t.name.as_deref(), Some("Ivan \u{fffd}\u{fffd} Petrov"), "only the broken field shows it");
    assert_eq!(t.status, Some(Status::Charge));
}

#[tokio::test]
async fn invisible_characters_and_mark_stacks_are_cleaned_where_they_enter() {
    let sb = sandbox().await;
    let a = test_client(&sb).lookup(LookupType::Payment, &invoice("100000066")).await.unwrap();
    let t = a.transaction.unwrap();
    assert_eq!(t.name.as_deref(), Some("Айгерім"));
    assert_eq!(t.ip_city.as_deref(), Some("АлматыАстана"));
    assert!(t.description.unwrap().chars().filter(|c| *c == '\u{301}').count() <= 3);
}
