//! A hostile or careless server on the token path and the status path, over
//! real HTTP on loopback: sizes, lifetimes, redirects, echoes and proxies.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use epay_status::config::{TEST_CLIENT_ID, TEST_CLIENT_SECRET, TEST_TERMINAL};
use epay_status::epay::{EpayClient, LookupError, LookupType, RetryPolicy, TokenHolder, TokenPolicy, TokenState};
use epay_status::sandbox::{Fault, Sandbox, SandboxOptions};

async fn faulty(faults: &[&str]) -> Sandbox {
    let faults: Vec<Fault> = faults.iter().map(|f| f.parse().unwrap()).collect();
    sandbox_with(SandboxOptions { faults, ..SandboxOptions::default() }).await
}

/// A listener on another port that records every request it is sent and
/// answers each with a 200 and an empty body.
struct Recorder {
    port: u16,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                stream.set_read_timeout(Some(Duration::from_millis(300))).unwrap();
                let mut buf = vec![0; 64 * 1024];
                let n = stream.read(&mut buf).unwrap_or(0);
                log.lock().unwrap().push(String::from_utf8_lossy(&buf[..n]).into_owned());
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            }
        });
        Self { port, seen }
    }

    fn requests(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

#[tokio::test]
async fn an_endless_token_body_is_cut_at_the_cap() {
    let sb = faulty(&["token-endless"]).await;
    let err = test_client(&sb).lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err();
    assert!(
        matches!(&err.error, LookupError::Protocol { message, .. } if message.as_str().contains("token answer is larger than 64 KiB")),
        "{}",
        err.error
    );
    assert_eq!(sb.status_requests(), 0);
}

#[tokio::test]
async fn no_lifetime_panics_and_each_is_held_within_bounds() {
    for (expires_in, lifetime) in [
        ("0", 30),
        ("\"0\"", 30),
        ("-100", 30),
        ("18446744073709551615", 86_400),
        ("1e30", 86_400),
        ("10000000000000", 86_400),
        ("\"900\"", 900),
        ("\"soon\"", 1200),
    ] {
        let sb = faulty(&[&format!("token-expires={expires_in}")]).await;
        let client = test_client(&sb);
        let token = client.tokens().get().await.unwrap();
        assert_eq!(token.lifetime, Duration::from_secs(lifetime), "expires_in {expires_in}");
        assert!(token.expires_at() > token.issued_at);
        let result = client.lookup(LookupType::Payment, &invoice("100000001")).await;
        if lifetime > 30 {
            assert!(result.unwrap().code.is_success(), "{expires_in}");
            assert_eq!(sb.token_requests(), 1, "expires_in {expires_in}: one token for two uses");
        } else {
            // The sandbox means what it says: its token is dead at once, the
            // call is refused, renewed once and refused again. No loop.
            assert_eq!(result.unwrap_err().error.kind(), "auth", "{expires_in}");
            assert_eq!(sb.token_requests(), 2, "expires_in {expires_in}");
        }
    }
}

#[tokio::test]
async fn expires_in_zero_does_not_make_the_renewer_storm() {
    let sb = faulty(&["token-expires=0"]).await;
    let client = test_client(&sb);
    let renewer = client.tokens().spawn_renewer();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    renewer.abort();
    assert_eq!(sb.token_requests(), 1, "a token said to live 0 s is held for 30 s");
}

#[tokio::test]
async fn a_failing_token_endpoint_is_asked_with_backoff_not_per_lookup() {
    let sb = faulty(&["token-echo"]).await;
    let client = test_client(&sb);
    let mut state = client.tokens().watch();
    let renewer = client.tokens().spawn_renewer();
    for _ in 0..20 {
        let err = client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err();
        assert_eq!(err.error.kind(), "auth");
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    renewer.abort();
    // One at once, at most one after the first 1 s backoff: never one per lookup.
    let asked = sb.token_requests();
    assert!((1..=2).contains(&asked), "{asked} token requests for 20 lookups in 1.5 s");
    assert!(matches!(*state.borrow_and_update(), TokenState::Failed(_)));
    assert_eq!(sb.status_requests(), 0);
}

#[tokio::test]
async fn a_refusal_that_echoes_the_form_leaks_no_secret() {
    let sb = faulty(&["token-echo"]).await;
    let err = test_client(&sb).lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err();
    let said = err.error.to_string();
    assert!(said.contains("client_secret=[redacted]"), "the echo is shown, the secret is not: {said}");
    assert!(said.contains("client_id=test"), "{said}");
    assert!(!said.contains(TEST_CLIENT_SECRET), "{said}");
}

#[tokio::test]
async fn the_token_request_is_never_redirected_to_another_origin() {
    let elsewhere = Recorder::start();
    let sb = faulty(&[&format!("token-redirect=http://127.0.0.1:{}/oauth2/token", elsewhere.port)]).await;
    let err = test_client(&sb).lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err();
    let said = err.error.to_string();
    assert!(said.contains("HTTP 307") && said.contains("redirect") && said.contains("token_url"), "{said}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(elsewhere.requests().is_empty(), "the other port was sent: {:?}", elsewhere.requests());
    assert_eq!(sb.status_requests(), 0);
}

#[tokio::test]
async fn the_token_request_is_not_redirected_within_its_origin_either() {
    // A 307 re-posts the form, client secret and all, to wherever it points:
    // the same host is no safer than another (a path behind a proxy may
    // belong to someone else).
    let sb = faulty(&["token-redirect=/oauth2/token*1"]).await;
    let err = test_client(&sb).lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err();
    let said = err.error.to_string();
    assert!(said.contains("HTTP 307") && said.contains("token_url"), "{said}");
    assert_eq!(sb.token_requests(), 1, "the form was posted again after the redirect");
    assert_eq!(sb.status_requests(), 0, "a token from a redirected post was used");
}

#[tokio::test]
async fn a_token_redirect_naming_the_secret_is_reported_redacted() {
    let to = format!("http://127.0.0.1:9/oauth2/token?client_secret={TEST_CLIENT_SECRET}");
    let sb = faulty(&[&format!("token-redirect={to}")]).await;
    let said = test_client(&sb).lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err().error.to_string();
    assert!(said.contains("client_secret=[redacted]"), "{said}");
    assert!(!said.contains(TEST_CLIENT_SECRET), "{said}");
}

#[tokio::test]
async fn a_status_redirect_to_another_origin_is_not_followed() {
    let elsewhere = Recorder::start();
    let sb = faulty(&[&format!("redirect=http://127.0.0.1:{}/steal@100000001", elsewhere.port)]).await;
    let err = test_client(&sb).lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err();
    assert!(err.error.to_string().contains("redirected to http://127.0.0.1:"), "{}", err.error);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(elsewhere.requests().is_empty(), "the token went elsewhere: {:?}", elsewhere.requests());
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_the_token() {
    let sb = faulty(&["redirect=/check-status/payment/transaction/100000002@100000001"]).await;
    let a = test_client(&sb).lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    assert!(a.code.is_success(), "the sandbox refuses a call without the bearer token");
    assert_eq!(a.transaction.unwrap().invoice_id.as_deref(), Some("100000002"));
}

#[tokio::test]
async fn the_lowercase_token_shape_is_accepted() {
    let sb = faulty(&["token-lowercase"]).await;
    let client = test_client(&sb);
    let a = client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    assert!(a.code.is_success());
    assert_eq!(client.tokens().get().await.unwrap().lifetime, Duration::from_secs(7200));
}

#[tokio::test]
async fn a_status_body_echoing_the_token_is_redacted() {
    // A status answer that repeats the request (as a debugging proxy
    // might) carries the bearer token; it must not reach the answer.
    let sb = sandbox().await;
    let http = epay_status::epay::http_client(Duration::from_secs(5), true).unwrap();
    let creds = credentials(&sb, TEST_CLIENT_ID, TEST_CLIENT_SECRET, Some(TEST_TERMINAL));
    for mode in [Echo::Body, Echo::BodyAfter401] {
        let echo = echo_server(mode);
        let holder = TokenHolder::new(http.token.clone(), creds.clone());
        let client = EpayClient::new(http.api.clone(), &format!("http://127.0.0.1:{echo}"), holder);
        let a = client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
        assert_eq!(a.message, "you sent Bearer [redacted]", "{mode:?}");
        assert!(!a.raw.to_string().contains("SBX0"), "{mode:?}: {}", a.raw);
    }
    let echo = echo_server(Echo::InLocation);
    let client =
        EpayClient::new(http.api.clone(), &format!("http://127.0.0.1:{echo}"), TokenHolder::new(http.token, creds));
    let err = client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err().error.to_string();
    assert!(err.contains("t=Bearer%20[redacted]") || err.contains("t=Bearer [redacted]"), "{err}");
    assert!(!err.contains("SBX0"), "{err}");
}

#[tokio::test]
async fn a_followed_redirect_carries_no_referer() {
    // A Referer would tell the next server which invoice was asked about.
    let sb = sandbox().await;
    let http = epay_status::epay::http_client(Duration::from_secs(5), true).unwrap();
    let creds = credentials(&sb, TEST_CLIENT_ID, TEST_CLIENT_SECRET, Some(TEST_TERMINAL));
    let echo = echo_server(Echo::RefererAfterRedirect);
    let client =
        EpayClient::new(http.api.clone(), &format!("http://127.0.0.1:{echo}"), TokenHolder::new(http.token, creds));
    let a = client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap();
    assert_eq!(a.message, "you sent referer none");
}

#[tokio::test]
async fn an_api_that_refuses_every_fresh_token_is_not_sent_one_per_lookup() {
    let sb = faulty(&["401@all"]).await;
    let client = test_client(&sb);
    let started = std::time::Instant::now();
    for _ in 0..10 {
        let err = client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err();
        assert_eq!(err.error.kind(), "auth");
    }
    assert!(started.elapsed() >= Duration::from_secs(1), "two token requests are at least 1 s apart");
    assert_eq!(sb.token_requests(), 2, "one token, one renewal after the 401, then a backoff");
}

#[tokio::test]
async fn a_token_endpoint_that_hangs_up_is_retried_after_its_backoff() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = accepted.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            drop(stream);
        }
    });
    let sb = sandbox().await;
    let http = epay_status::epay::http_client(Duration::from_secs(5), true).unwrap();
    let mut creds = credentials(&sb, TEST_CLIENT_ID, TEST_CLIENT_SECRET, Some(TEST_TERMINAL));
    creds.token_url = format!("http://127.0.0.1:{port}/oauth2/token");
    let policy = TokenPolicy {
        min_interval: Duration::from_millis(10),
        first_backoff: Duration::from_millis(20),
        ..TokenPolicy::default()
    };
    let retry = RetryPolicy {
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(10),
        ..RetryPolicy::default()
    };
    let client = EpayClient::new(http.api.clone(), &sb.api_url(), TokenHolder::with_policy(http.token, creds, policy))
        .with_retry(retry);
    let err = client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err();
    assert_eq!(err.error.kind(), "network", "{}", err.error);
    assert_eq!(err.attempts, 4, "{err}");
    assert!(err.to_string().ends_with("(after 4 attempts)"), "{err}");
    assert_eq!(
        accepted.load(std::sync::atomic::Ordering::SeqCst),
        4,
        "each retry waits out the backoff and asks again, instead of failing on the cached error"
    );
}

#[tokio::test]
async fn a_secret_with_form_characters_is_redacted_from_an_echo() {
    let odd = epay_status::sandbox::Client {
        client_id: "odd".into(),
        client_secret: "s3cr+t/Key=with space".into(),
        terminal: TEST_TERMINAL.into(),
        expires_in: serde_json::json!(7200),
    };
    let faults = vec!["token-echo".parse().unwrap()];
    let sb = sandbox_with(SandboxOptions { extra_clients: vec![odd], faults }).await;
    let client = client_for(&sb, credentials(&sb, "odd", "s3cr+t/Key=with space", Some(TEST_TERMINAL)));
    let said = client.lookup(LookupType::Payment, &invoice("100000001")).await.unwrap_err().error.to_string();
    assert!(said.contains("client_secret=[redacted]"), "{said}");
    for spelling in ["s3cr", "Key", "with+space", "with space"] {
        assert!(!said.contains(spelling), "{spelling} in {said}");
    }
}

#[derive(Clone, Copy, Debug)]
enum Echo {
    /// A success whose message repeats the Authorization header.
    Body,
    /// A 401 to the first request, then as `Body`.
    BodyAfter401,
    /// A redirect elsewhere with the Authorization header in its address.
    InLocation,
    /// A redirect to `/after` on the same server, which says whether a
    /// Referer header came with the redirected request.
    RefererAfterRedirect,
}

fn echo_server(mode: Echo) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(mut stream) = stream else { continue };
            if n == 0 && matches!(mode, Echo::BodyAfter401) {
                let _ = stream.read(&mut [0; 16 * 1024]);
                let _ =
                    stream.write_all(b"HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                continue;
            }
            let mut buf = vec![0; 16 * 1024];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).into_owned();
            let header = |name: &str| {
                request.lines().find_map(|l| {
                    let (k, v) = l.split_once(": ")?;
                    k.eq_ignore_ascii_case(name).then(|| v.to_owned())
                })
            };
            if matches!(mode, Echo::RefererAfterRedirect) && !request.starts_with("GET /after ") {
                let _ = write!(
                    stream,
                    "HTTP/1.1 307 Temporary Redirect\r\nlocation: /after\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                );
                continue;
            }
            let auth = match mode {
                Echo::RefererAfterRedirect => format!("referer {}", header("referer").unwrap_or("none".into())),
                _ => header("authorization").unwrap_or_default(),
            };
            if matches!(mode, Echo::InLocation) {
                let _ = write!(
                    stream,
                    "HTTP/1.1 307 Temporary Redirect\r\nlocation: http://127.0.0.1:9/?t={}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                    auth.replace(' ', "%20")
                );
                continue;
            }
            let body = serde_json::json!({
                "resultCode": "100",
                "resultMessage": format!("you sent {auth}"),
                "transaction": {"invoiceID": "100000001", "statusName": "CHARGE", "amount": 1},
            })
            .to_string();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    port
}

#[test]
fn the_embedded_sandbox_is_never_reached_through_a_proxy() {
    let dead = TcpListener::bind("127.0.0.1:0").unwrap();
    let proxy = format!("http://127.0.0.1:{}", dead.local_addr().unwrap().port());
    drop(dead);
    let h = tempfile::tempdir().unwrap();
    let out = run(bin(h.path())
        .env("HTTP_PROXY", &proxy)
        .env("HTTPS_PROXY", &proxy)
        .env("ALL_PROXY", &proxy)
        .env("http_proxy", &proxy)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .args(["lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_remote_profile_goes_through_the_configured_proxy() {
    let proxy = Recorder::start();
    let h = tempfile::tempdir().unwrap();
    let out = run(bin(h.path())
        .env("HTTPS_PROXY", format!("http://127.0.0.1:{}", proxy.port))
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .env("EPAY_PROFILE", "test")
        .args(["lookup", "--timeout", "3", "205218074"]));
    assert_eq!(out.status.code(), Some(3), "no answer through a proxy that answers nonsense");
    let seen = proxy.requests();
    assert!(
        seen.iter().any(|r| r.starts_with("CONNECT testoauth.homebank.kz:443")),
        "the proxy was asked to tunnel to the token host: {seen:?}"
    );
    assert!(seen.iter().all(|r| !r.contains(TEST_CLIENT_SECRET)), "the proxy saw only the tunnel request");
}

#[test]
fn a_token_refusal_echoing_the_form_stays_out_of_every_output() {
    let h = tempfile::tempdir().unwrap();
    let out = run(bin(h.path()).env("EPAY_SANDBOX_FAULTS", "token-echo").args(["lookup", "--json", "205218074"]));
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("client_secret=[redacted]"), "{err}");
    let csv = stdout(&run(bin(h.path()).args(["history", "--csv"])));
    let json = stdout(&run(bin(h.path()).args(["history", "--json"])));
    assert!(csv.contains("[redacted]") && json.contains("[redacted]"), "the refusal is recorded:\n{csv}\n{json}");
    let log = std::fs::read_to_string(h.path().join("data/epay-status.log")).unwrap();
    for (name, text) in [("stdout", stdout(&out)), ("stderr", err), ("csv", csv), ("json", json), ("log", log)] {
        assert!(!text.contains(TEST_CLIENT_SECRET), "the secret is in {name}:\n{text}");
    }
}

#[test]
fn huge_lifetimes_do_not_panic_the_binary() {
    for expires in ["18446744073709551615", "1e30", "10000000000000"] {
        let h = tempfile::tempdir().unwrap();
        let fault = format!("token-expires={expires}");
        let out = run(bin(h.path()).env("EPAY_SANDBOX_FAULTS", &fault).args(["lookup", "205218074"]));
        assert_eq!(out.status.code(), Some(0), "{expires}: {}", stderr(&out));
    }
}

#[test]
fn url_passwords_stay_out_of_config_output_and_logs() {
    let h = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sb = rt.block_on(sandbox());
    let token_url = sb.token_url().replace("http://", "http://operator:pa55w0rd-x@");
    let mut config = bin(h.path());
    config.env("EPAY_TOKEN_URL", &token_url).env("EPAY_API_URL", sb.api_url()).arg("config");
    let shown = stdout(&run(&mut config));
    assert!(shown.contains("operator:[redacted]@127.0.0.1"), "{shown}");
    let mut lookup = bin(h.path());
    lookup.env("EPAY_TOKEN_URL", &token_url).env("EPAY_API_URL", sb.api_url()).args(["lookup", "205218074"]);
    let out = run(&mut lookup);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let log = std::fs::read_to_string(h.path().join("data/epay-status.log")).unwrap();
    assert!(log.contains("requesting token"), "{log}");
    for (name, text) in [("config", shown), ("stderr", stderr(&out)), ("log", log)] {
        assert!(!text.contains("pa55w0rd"), "the password is in {name}:\n{text}");
    }
}
