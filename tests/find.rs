//! The statement search (`find`): the real HTTP stack against the sandbox's
//! `/operations`, in every wrapper its undocumented answer may come in, and
//! the real binary.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use chrono::NaiveDate;
use common::*;
use epay_status::epay::{End, FindError, Found, RetryPolicy, Search, StatementClient, Typed};
use epay_status::sandbox::{Fault, Sandbox, SandboxOptions};

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

async fn faulty(faults: &[&str]) -> Sandbox {
    let faults: Vec<Fault> = faults.iter().map(|f| f.parse().unwrap()).collect();
    sandbox_with(SandboxOptions { faults, ..SandboxOptions::default() }).await
}

fn quick() -> RetryPolicy {
    RetryPolicy { base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(20), ..RetryPolicy::default() }
}

/// A search as typed, on 3 December 2026.
fn search(f: impl FnOnce(&mut Typed)) -> Search {
    let mut typed = Typed::default();
    f(&mut typed);
    typed.search(NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()).unwrap()
}

/// Everything since 2022: every operation of the sandbox's statement.
fn everything() -> Search {
    search(|t| t.from = Some("2022-01-01".into()))
}

async fn find(client: &StatementClient, search: &Search) -> Result<Found, FindError> {
    client.search(search, &|_| {}).await
}

fn invoices(found: &Found) -> BTreeSet<String> {
    found.operations.iter().filter_map(|o| o.transaction.invoice_id.clone()).collect()
}

#[tokio::test]
async fn pages_are_read_to_the_total_and_each_operation_counts_once() {
    let sb = sandbox().await;
    let whole = find(&statement_client(&sb), &everything()).await.unwrap();
    assert_eq!(whole.end, End::Complete);
    assert!(!whole.is_partial());
    let n = whole.operations.len();
    assert!(n > 40, "the sandbox's statement holds the payment fixtures: {n}");
    assert_eq!(whole.total, Some(n as u64));
    assert_eq!(invoices(&whole).len(), n, "no operation twice");

    // Pages of 7: the same operations, in as many requests as pages.
    let before = sb.statement_requests();
    let paged = find(&statement_client(&sb).with_paging(7, 50), &everything()).await.unwrap();
    assert_eq!(invoices(&paged), invoices(&whole));
    assert_eq!(paged.pages.len(), n.div_ceil(7));
    assert_eq!(sb.statement_requests() - before, n.div_ceil(7) as u64);
    // Newest first, as asked.
    let times: Vec<_> = paged.operations.iter().filter_map(|o| o.transaction.created).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]));
}

#[tokio::test]
async fn each_wrapper_and_spelling_reads_the_same_operations() {
    let sb = sandbox().await;
    let expected = invoices(&find(&statement_client(&sb), &everything()).await.unwrap());
    for faults in [
        vec!["ops-shape=array"],
        vec!["ops-shape=data"],
        vec!["ops-shape=nested"],
        vec!["ops-snake"],
        vec!["ops-shape=nested", "ops-snake"],
    ] {
        let sb = faulty(&faults).await;
        let found = find(&statement_client(&sb).with_paging(9, 50), &everything()).await.unwrap();
        assert_eq!(invoices(&found), expected, "{faults:?}");
        let reference = found.operations.iter().find(|o| o.transaction.invoice_id.as_deref() == Some("205218074"));
        let t = &reference.expect("the reference invoice").transaction;
        assert_eq!(
            (t.reference.as_deref(), t.card_mask.as_deref(), t.status.as_ref().map(|s| s.name())),
            (Some("231951411351"), Some("400303...9821"), Some("REFUND")),
            "{faults:?}"
        );
        assert_eq!(t.amount, Some(rust_decimal::Decimal::new(1222, 2)));
        assert_eq!(t.issuer.as_deref(), Some("Казкоммерцбанк"));
    }
}

#[tokio::test]
async fn the_array_shape_has_no_total_and_ends_on_an_empty_page() {
    let sb = faulty(&["ops-shape=array"]).await;
    let found = find(&statement_client(&sb).with_paging(10, 50), &everything()).await.unwrap();
    assert_eq!(found.total, None);
    assert_eq!(found.end, End::Complete);
    let n = found.operations.len();
    assert_eq!(found.pages.len(), n.div_ceil(10) + 1, "without a total, a short page is not the end: an empty one is");
}

#[tokio::test]
async fn a_server_that_ignores_paging_or_never_ends_is_not_followed_forever() {
    let sb = faulty(&["ops-repeat"]).await;
    let found = find(&statement_client(&sb).with_paging(10, 50), &everything()).await.unwrap();
    assert_eq!(found.end, End::Repeated);
    assert_eq!(found.operations.len(), 10, "the first page, once");
    assert!(found.is_partial());
    assert_eq!(sb.statement_requests(), 2);

    let sb = faulty(&["ops-endless"]).await;
    let found = find(&statement_client(&sb).with_paging(20, 3), &everything()).await.unwrap();
    assert_eq!(found.end, End::PageLimit);
    assert_eq!((found.operations.len(), found.total), (60, Some(1_000_000)));
    assert_eq!(sb.statement_requests(), 3);
}

#[tokio::test]
async fn an_answer_that_cannot_be_read_is_said_and_kept_whole() {
    for (shape, said) in [("several", "several lists (content, archive)"), ("nolist", "no list of operations")] {
        let sb = faulty(&[&format!("ops-shape={shape}")]).await;
        match find(&statement_client(&sb), &everything()).await {
            Err(FindError::Unreadable { why, raw }) => {
                assert!(why.as_str().contains(said), "{why}");
                assert!(raw.is_object() && raw != serde_json::Value::Null, "{raw}");
                if shape == "several" {
                    assert!(raw["archive"].as_array().is_some_and(|a| !a.is_empty()), "the whole answer: {raw}");
                }
            }
            other => panic!("{shape}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn filters_find_the_disputed_payment() {
    let sb = sandbox().await;
    let client = statement_client(&sb);
    let by_rrn = find(
        &client,
        &search(|t| {
            t.rrn = Some("231951411351".into());
            t.from = Some("01.11.2022".into());
        }),
    )
    .await
    .unwrap();
    assert_eq!(invoices(&by_rrn), BTreeSet::from(["205218074".to_owned()]));
    // The card as three banks write it, with the amount in two spellings.
    for (card, amount) in
        [("440563******1234", "4 200"), ("4405 63** **** 1234", "4200,00"), ("440563...1234", "4200.00")]
    {
        let found = find(
            &client,
            &search(|t| {
                t.card = Some(card.into());
                t.amount = Some(amount.into());
            }),
        )
        .await
        .unwrap();
        assert_eq!(invoices(&found), BTreeSet::from(["100000016".to_owned()]), "{card} {amount}");
    }
    // A card whose first six digits differ is not the same card, though
    // the pattern sent (first four, last four) matches it.
    let other = find(&client, &search(|t| t.card = Some("440564******1234".into()))).await.unwrap();
    assert!(other.operations.is_empty(), "{:?}", invoices(&other));
    // The day is Kazakhstan's: 100000016 was paid at 16:52 on 17 November.
    let day = |d: &str| {
        search(|t| {
            t.from = Some(d.into());
            t.to = Some(d.into());
            t.amount = Some("4200".into());
        })
    };
    assert_eq!(invoices(&find(&client, &day("17.11.2026")).await.unwrap()).len(), 1);
    assert!(find(&client, &day("16.11.2026")).await.unwrap().operations.is_empty());
}

#[tokio::test]
async fn the_two_tokens_never_meet_the_wrong_endpoint() {
    let sb = sandbox().await;
    let statement = statement_client(&sb);
    let status = test_client(&sb);
    status.lookup(epay_status::epay::LookupType::Payment, &invoice("205218074")).await.unwrap();
    find(&statement, &everything()).await.unwrap();
    status.lookup(epay_status::epay::LookupType::Payment, &invoice("100000001")).await.unwrap();
    find(&statement, &everything()).await.unwrap();
    assert_eq!(sb.mixed_tokens(), 0);
    assert_eq!(sb.token_requests(), 2, "one token of each grant, each reused");
    // A revoked token is renewed once, as on the status path.
    sb.revoke_tokens();
    find(&statement, &everything()).await.unwrap();
    assert_eq!((sb.token_requests(), sb.mixed_tokens()), (3, 0));
}

#[tokio::test]
async fn a_proxy_failing_on_the_statement_is_retried_then_said() {
    let sb = faulty(&["503@all*2"]).await;
    let found = find(&statement_client(&sb).with_retry(quick()), &everything()).await.unwrap();
    assert!(!found.operations.is_empty());
    assert_eq!(sb.statement_requests(), 3);
    let sb = faulty(&["html@all"]).await;
    match find(&statement_client(&sb).with_retry(quick()), &everything()).await {
        Err(FindError::Failed { error, attempts: 4 }) => {
            assert!(error.to_string().contains("HTTP 502"), "{error}");
            assert!(!error.to_string().contains('\u{1b}'), "cleaned: {error:?}");
        }
        other => panic!("{other:?}"),
    }
}

// The binary.

#[test]
fn find_by_rrn_prints_a_line_and_json_lines() {
    let home = home();
    let out = run(bin(home.path()).args(["find", "--rrn", "231951411351", "--from", "2022-11-01"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let line = text.lines().find(|l| l.contains("205218074")).expect(&text);
    for part in ["12.22 KZT", "400303...9821", "231951411351", "REFUND"] {
        assert!(line.contains(part), "{part} in {line}");
    }
    let out = run(bin(home.path()).args(["find", "--card", "4003 03** **** 9821", "--from", "01.11.2022", "--json"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    let j = &lines[0];
    assert_eq!(j["invoiceId"], "205218074");
    assert_eq!(j["reference"], "231951411351");
    assert_eq!(j["cardMask"], "400303...9821");
    assert_eq!(j["amount"], "12.22");
    assert_eq!(j["currency"], "KZT");
    assert_eq!(j["dateTime"], "2022-11-15T03:52:17.289853+06:00");
    assert_eq!(j["status"], "REFUND");
    assert_eq!(j["raw"]["issuer"], "Казкоммерцбанк");
}

#[test]
fn nothing_found_exits_1_and_says_the_period() {
    let out = run(bin(home().path()).args(["find", "--rrn", "231951411351"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert!(stderr(&out).contains("no operation matches in 2026-"), "{}", stderr(&out));
}

#[tokio::test]
async fn a_bad_filter_or_no_login_exits_2_and_sends_nothing() {
    let sb = sandbox().await;
    for (args, said) in [
        (vec!["--card", "4003030000009821"], "a whole card number is never sent"),
        (vec!["--card", "4003"], "card 4003"),
        (vec!["--amount", "15,000"], "amount 15,000"),
        (vec!["--from", "31.02.2026"], "date 31.02.2026"),
        (vec!["--from", "2026-12-01", "--to", "2026-11-01"], "the period ends before it starts"),
    ] {
        let mut cmd = bin(home().path());
        at_sandbox(&mut cmd, &sb);
        let out = run_async(std::mem::replace(cmd.arg("find").args(&args), bin(home().path()))).await;
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(said) && stderr(&out).contains("nothing was sent"), "{}", stderr(&out));
    }
    // A profile with no cabinet login.
    let home = home();
    let config = home.path().join("config.toml");
    let text = format!(
        "[profiles.shop]\ntoken_url = \"{}\"\napi_url = \"{}\"\nclient_id = \"test\"\nclient_secret = \"{}\"\n",
        sb.token_url(),
        sb.api_url(),
        epay_status::config::TEST_CLIENT_SECRET
    );
    std::fs::write(&config, text).unwrap();
    std::fs::set_permissions(&config, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    let mut cmd = bin(home.path());
    cmd.args(["--profile", "shop", "--config"]).arg(&config).args(["find", "--rrn", "231951411351"]);
    let out = run_async(cmd).await;
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("username (EPAY_USERNAME), password (EPAY_PASSWORD)") && err.contains("shop"), "{err}");
    assert_eq!((sb.token_requests(), sb.statement_requests()), (0, 0));
}

#[tokio::test]
async fn a_refused_login_names_what_to_check_and_never_shows_the_password() {
    // The token endpoint echoes the form, password and secret included.
    let sb = faulty(&["token-echo"]).await;
    let mut cmd = bin(home().path());
    at_sandbox(&mut cmd, &sb);
    cmd.env("EPAY_PASSWORD", "Pa55word-of-the-cabinet").args(["find", "--rrn", "231951411351"]);
    let out = run_async(cmd).await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("check username and password"), "{err}");
    assert!(!err.contains("Pa55word") && !err.contains(epay_status::config::TEST_CLIENT_SECRET), "{err}");
    assert!(err.contains("[redacted]"), "{err}");
}

#[test]
fn raw_prints_the_pages_as_received_even_when_unreadable() {
    let home = home();
    let mut cmd = bin(home.path());
    cmd.env("EPAY_SANDBOX_FAULTS", "ops-shape=nolist").args(["find", "--from", "2022-01-01", "--raw"]);
    let out = run(&mut cmd);
    assert_eq!(out.status.code(), Some(3));
    let raw: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(raw["status"], "OK");
    assert!(stderr(&out).contains("no list of operations"), "{}", stderr(&out));
    let log = std::fs::read_to_string(home.path().join("data/epay-status.log")).unwrap();
    assert!(log.contains("statement answer not read") && log.contains(r#"{"status":"OK""#), "{log}");
}

#[tokio::test]
async fn pages_that_overlap_count_each_operation_once() {
    let sb = faulty(&["ops-overlap"]).await;
    let whole = find(&statement_client(&sandbox().await), &everything()).await.unwrap();
    let found = find(&statement_client(&sb).with_paging(10, 50), &everything()).await.unwrap();
    assert_eq!(invoices(&found), invoices(&whole));
    assert_eq!(found.operations.len(), whole.operations.len(), "no operation twice");
    assert!(!found.is_partial(), "every operation came: {:?} of {:?}", found.received, found.total);
}

#[tokio::test]
async fn a_refusal_keeps_epays_code_and_message_though_a_list_comes_with_it() {
    let sb = faulty(&["ops-refuse"]).await;
    match find(&statement_client(&sb), &everything()).await {
        Err(FindError::Refused { status: 400, code, message }) => {
            assert_eq!((code.as_str(), message.as_str()), ("105", "searchParameters: period longer than allowed"));
        }
        other => panic!("{other:?}"),
    }
}

/// The sandbox checks which grant a token is of: the tests above that
/// find `mixed_tokens() == 0` would pass on a sandbox that did not.
#[tokio::test]
async fn the_sandbox_refuses_and_counts_a_token_of_the_other_grant() {
    let sb = sandbox().await;
    let http = epay_status::epay::http_client(Duration::from_secs(10), true).unwrap();
    let form = |grant: &str| {
        let mut f = vec![
            ("grant_type", grant.to_owned()),
            ("client_id", epay_status::config::TEST_CLIENT_ID.to_owned()),
            ("client_secret", epay_status::config::TEST_CLIENT_SECRET.to_owned()),
            ("terminal", epay_status::config::TEST_TERMINAL.to_owned()),
            ("scope", "payment".to_owned()),
        ];
        if grant == "password" {
            f.push(("username", epay_status::config::SANDBOX_USERNAME.to_owned()));
            f.push(("password", epay_status::config::SANDBOX_PASSWORD.to_owned()));
        }
        f
    };
    let token = |grant: &'static str| {
        let (http, url, form) = (http.token.clone(), sb.token_url(), form(grant));
        async move {
            let answer: serde_json::Value = http.post(url).form(&form).send().await.unwrap().json().await.unwrap();
            answer["access_token"].as_str().unwrap().to_owned()
        }
    };
    let (status_token, statement_token) = (token("client_credentials").await, token("password").await);
    let body = everything().body(0, 10);
    let at_statement = http.api.post(format!("{}/operations", sb.api_url())).bearer_auth(&status_token).json(&body);
    assert_eq!(at_statement.send().await.unwrap().status(), 401);
    let url = format!("{}/check-status/payment/transaction/205218074", sb.api_url());
    assert_eq!(http.api.get(&url).bearer_auth(&statement_token).send().await.unwrap().status(), 401);
    assert_eq!(sb.mixed_tokens(), 2);
    // Each at its own endpoint is taken.
    assert_eq!(http.api.get(&url).bearer_auth(&status_token).send().await.unwrap().status(), 200);
    let own = http.api.post(format!("{}/operations", sb.api_url())).bearer_auth(&statement_token).json(&body);
    assert_eq!(own.send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn a_short_or_non_ascii_password_echoed_back_is_never_shown() {
    let sb = faulty(&["token-echo"]).await;
    for password in ["abc12", "Ünïcødé-pw€"] {
        let home = home();
        let mut cmd = bin(home.path());
        at_sandbox(&mut cmd, &sb);
        cmd.env("EPAY_PASSWORD", password).args(["find", "--rrn", "231951411351"]);
        let out = run_async(cmd).await;
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        let err = stderr(&out);
        let log = std::fs::read_to_string(home.path().join("data/epay-status.log")).unwrap_or_default();
        let escaped: String =
            password.chars().filter(|c| !c.is_ascii()).map(|c| format!("\\u{:04x}", c as u32)).collect();
        for text in [&err, &log] {
            assert!(!text.contains(password), "{password}: {text}");
            assert!(escaped.is_empty() || !text.to_lowercase().contains(&escaped[..6]), "{password}: {text}");
        }
        assert!(err.contains("[redacted]"), "{err}");
    }
}
