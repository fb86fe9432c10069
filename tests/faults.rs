//! Hostile networks: the sandbox misbehaves on request and the client
//! retries what may pass, refuses what is too big, and says what happened.

mod common;

use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use epay_status::config::{TEST_CLIENT_ID, TEST_CLIENT_SECRET, TEST_TERMINAL};
use epay_status::epay::{EpayClient, LookupError, LookupType, ResultCode, RetryPolicy, TokenHolder};
use epay_status::sandbox::{Fault, SandboxOptions};

/// Short pauses so the tests stay quick; the policy is otherwise the default.
fn quick() -> RetryPolicy {
    RetryPolicy { base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(20), ..RetryPolicy::default() }
}

async fn faulty(faults: &[&str]) -> epay_status::sandbox::Sandbox {
    let faults: Vec<Fault> = faults.iter().map(|f| f.parse().unwrap()).collect();
    sandbox_with(SandboxOptions { faults, ..SandboxOptions::default() }).await
}

fn client(sb: &epay_status::sandbox::Sandbox) -> EpayClient {
    test_client(sb).with_retry(quick())
}

#[tokio::test]
async fn a_5xx_is_retried_until_the_answer_comes() {
    let sb = sandbox().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let observe = move |r: epay_status::epay::Retrying| log.lock().unwrap().push((r.attempt, r.of, r.reason));
    // The fixture answers 503 twice, then the transaction.
    let a = client(&sb).lookup_observed(LookupType::Payment, &invoice("100000051"), &observe).await.unwrap();
    assert_eq!(a.code, ResultCode::Success);
    assert_eq!(sb.status_requests(), 3);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.iter().map(|(a, of, _)| (*a, *of)).collect::<Vec<_>>(), [(2, 4), (3, 4)]);
    assert_eq!(seen[0].2, epay_status::epay::RetryReason::Http(503));
}

#[tokio::test]
async fn transient_result_codes_are_retried() {
    let sb = sandbox().await;
    let a = client(&sb).lookup(LookupType::Payment, &invoice("100000052")).await.unwrap();
    assert_eq!(a.code, ResultCode::Success, "107 twice, then the answer");
    assert_eq!(sb.status_requests(), 3);

    let always = faulty(&["107@100000001"]).await;
    let a = client(&always).lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    assert_eq!(a.code, ResultCode::TryLater, "the final answer is reported");
    assert_eq!(always.status_requests(), 4, "at most 4 attempts");

    let error = faulty(&["103@100000001*1"]).await;
    client(&error).lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    assert_eq!(error.status_requests(), 2);
}

#[tokio::test]
async fn final_answers_are_never_retried() {
    let sb = sandbox().await;
    let c = client(&sb);
    c.lookup(LookupType::Payment, &invoice("100000101")).await.unwrap();
    assert_eq!(sb.status_requests(), 1, "101");
    c.lookup(LookupType::Payment, &invoice("200000001")).await.unwrap();
    assert_eq!(sb.status_requests(), 2, "102");
    let no_terminal = client_for(&sb, credentials(&sb, TEST_CLIENT_ID, TEST_CLIENT_SECRET, None)).with_retry(quick());
    assert_eq!(
        no_terminal.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap().code,
        ResultCode::TerminalAbsent
    );
    assert_eq!(sb.status_requests(), 3, "104");
    let other = client_for(&sb, credentials(&sb, TEST_CLIENT_ID, TEST_CLIENT_SECRET, Some("x"))).with_retry(quick());
    other.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    assert_eq!(sb.status_requests(), 4, "109");
}

#[tokio::test]
async fn a_revoked_token_is_renewed_once_then_reported() {
    let sb = sandbox().await;
    let err = client(&sb).lookup(LookupType::Payment, &invoice("100000056")).await.unwrap_err();
    assert_eq!(err.error.kind(), "auth");
    assert_eq!(sb.status_requests(), 2, "one call, one retry with a new token");
    assert_eq!(sb.token_requests(), 2);
}

#[tokio::test]
async fn connection_errors_are_retried_four_times() {
    // A server that accepts and hangs up at once, counting the attempts.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            count.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    // Tokens come from a working sandbox; the status calls hit the hang-up.
    let sb = sandbox().await;
    let http = epay_status::epay::http_client(Duration::from_secs(5), true).unwrap();
    let creds = credentials(&sb, TEST_CLIENT_ID, TEST_CLIENT_SECRET, Some(TEST_TERMINAL));
    let c = EpayClient::new(http.api.clone(), &format!("http://127.0.0.1:{port}"), TokenHolder::new(http.token, creds))
        .with_retry(quick());
    let err = c.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err();
    assert_eq!(err.error.kind(), "network", "{}", err.error);
    assert_eq!(err.attempts, 4, "{err}");
    assert!(err.to_string().ends_with("(after 4 attempts)"), "{err}");
    assert_eq!(accepted.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn timeouts_are_retried_and_reported_as_timeouts() {
    let sb = faulty(&["delay=2000@100000001"]).await;
    let http = epay_status::epay::http_client(Duration::from_millis(300), true).unwrap();
    let creds = credentials(&sb, TEST_CLIENT_ID, TEST_CLIENT_SECRET, Some(TEST_TERMINAL));
    let c = EpayClient::new(http.api.clone(), &sb.api_url(), TokenHolder::new(http.token, creds)).with_retry(quick());
    let err = c.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err();
    assert!(matches!(err.error, LookupError::Timeout(_)), "{:?}", err.error);
    assert_eq!(sb.status_requests(), 4);
}

#[tokio::test]
async fn the_whole_lookup_is_bounded_by_a_deadline() {
    let sb = faulty(&["delay=5000@100000001"]).await;
    let policy = RetryPolicy { deadline: Duration::from_millis(500), ..quick() };
    let err = test_client(&sb).with_retry(policy).lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err();
    assert_eq!(err.error.kind(), "timeout");
    assert!(err.error.to_string().contains("deadline"), "{}", err.error);
}

#[tokio::test]
async fn an_oversized_body_is_refused_and_not_retried() {
    let sb = sandbox().await;
    let err = client(&sb).lookup(LookupType::Payment, &invoice("100000054")).await.unwrap_err();
    assert_eq!(err.error.kind(), "protocol");
    assert!(err.error.to_string().contains("larger than 1024 KiB"), "{}", err.error);
    assert_eq!(sb.status_requests(), 1);
}

#[tokio::test]
async fn an_html_page_names_status_and_type_and_keeps_its_first_bytes_cleaned() {
    let sb = sandbox().await;
    let err = client(&sb).lookup(LookupType::Payment, &invoice("100000050")).await.unwrap_err();
    let LookupError::Protocol { message, body_head, .. } = &err.error else { panic!("{:?}", err.error) };
    let message = message.as_str();
    assert!(message.starts_with("HTTP 502 (text/html"), "{message}");
    // The program's own words in the operator's language, the server's as they came.
    let russian = err.describe(epay_status::i18n::Language::Ru);
    assert!(russian.starts_with("HTTP 502 (text/html") && russian.contains("ответ не в формате JSON"), "{russian}");
    assert!(!russian.contains("the answer"), "{russian}");
    assert!(!message.contains('\n'), "one line");
    assert!(body_head.contains("502 Bad Gateway"));
    assert!(!body_head.contains('\u{1b}') && !body_head.contains('\u{7}'), "{body_head:?}");
    assert_eq!(sb.status_requests(), 4, "a proxy's 502 may pass: retried");
}

#[tokio::test]
async fn a_truncated_body_is_a_protocol_error_and_retried() {
    let sb = sandbox().await;
    let err = client(&sb).lookup(LookupType::Payment, &invoice("100000053")).await.unwrap_err();
    assert_eq!(err.error.kind(), "protocol");
    assert!(err.error.to_string().contains("cut short"), "{}", err.error);
    assert_eq!(sb.status_requests(), 4);
}

#[tokio::test]
async fn faults_at_a_rate_hit_some_requests() {
    let sb = faulty(&["500@50%"]).await;
    let c = test_client(&sb).with_retry(RetryPolicy { attempts: 1, ..quick() });
    let mut failed = 0;
    for _ in 0..60 {
        if c.lookup(LookupType::Payment, &invoice("100000001")).await.is_err() {
            failed += 1;
        }
    }
    assert!((5..=55).contains(&failed), "{failed} of 60 failed at a 50% rate");
}

#[test]
fn the_binary_explains_wrong_credentials_and_exits_3() {
    let h = tempfile::tempdir().unwrap();
    let out = run(bin(h.path()).env("EPAY_CLIENT_ID", "nobody").args(["lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("token request was refused") && err.contains("client_id"), "{err}");
}

#[test]
fn embedded_sandbox_faults_from_the_environment() {
    let h = tempfile::tempdir().unwrap();
    let out = run(bin(h.path()).env("EPAY_SANDBOX_FAULTS", "html@205218074").args(["lookup", "--json", "205218074"]));
    assert_eq!(out.status.code(), Some(3));
    assert!(stdout(&out).contains("HTTP 502"));
    let bad = run(bin(h.path()).env("EPAY_SANDBOX_FAULTS", "teapot").args(["lookup", "205218074"]));
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("EPAY_SANDBOX_FAULTS") && stderr(&bad).contains("teapot"));
}

#[test]
fn nothing_secret_or_hostile_reaches_logs_history_or_exports() {
    let h = tempfile::tempdir().unwrap();
    let out = run(bin(h.path()).args(["lookup", "--json", "205218074", "100000022", "100000050", "100000053"]));
    assert_eq!(out.status.code(), Some(3));
    let out = run(bin(h.path()).args(["history", "--csv"]));
    let csv = stdout(&out);
    assert!(csv.contains("100000022"));
    let data = h.path().join("data");
    let json = stdout(&run(bin(h.path()).args(["history", "--json"])));
    let mut files: Vec<(String, Vec<u8>)> =
        vec![("history --csv".into(), csv.into_bytes()), ("history --json".into(), json.into_bytes())];
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        let mut bytes = Vec::new();
        std::fs::File::open(&path).unwrap().read_to_end(&mut bytes).unwrap();
        files.push((path.display().to_string(), bytes));
    }
    let log = String::from_utf8_lossy(&files.iter().find(|(n, _)| n.ends_with(".log")).unwrap().1).into_owned();
    assert!(log.contains("retrying"), "the log says what happened:\n{log}");
    for (name, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(TEST_CLIENT_SECRET), "the client secret is in {name}");
        assert!(!text.contains("SBX0"), "a token is in {name}");
        // The database file itself is binary; what it holds is read back
        // through `history` above.
        if name.ends_with(".log") || name.starts_with("history --") {
            assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "a control character is in {name}");
        }
    }
}
