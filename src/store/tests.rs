//! The store's behaviour, on both backends.

use chrono::TimeZone;
use serde_json::json;

use std::path::Path;

use super::*;
use crate::epay::{Answer, Failure, InvoiceId, Kind, LookupError, LookupType};

pub(super) fn t(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, h, 0, 0).unwrap()
}

pub(super) fn inv(s: &str) -> InvoiceId {
    InvoiceId::parse(s).unwrap()
}

pub(super) fn answer(invoice: &str, status: &str, extra: serde_json::Value) -> Result<Answer, Failure> {
    let mut tx = json!({
        "invoiceID": invoice, "statusName": status, "amount": 12.22, "currency": "KZT",
        "cardMask": "400303...9821", "cardID": "card-1", "ip": "46.148.239.182", "ipCity": "Алматы",
        "name": "Айгерім Сәрсенова", "email": "aigerim@example.kz"
    });
    tx.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    let raw = json!({"resultCode": "100", "resultMessage": "SUCCESS", "transaction": tx});
    Ok(Answer::decode(inv(invoice), Kind::Payment, 200, raw).unwrap())
}

pub(super) fn who() -> crate::checker::Checker {
    crate::checker::Checker {
        profile: "sandbox".into(),
        api_host: "127.0.0.1:1".into(),
        operator: "aigerim".into(),
        machine: "desk-3".into(),
    }
}

pub(super) fn failure() -> Result<Answer, Failure> {
    Err(Failure::new(Kind::Payment, LookupError::Timeout("status request: operation timed out".into())))
}

pub(super) async fn put(store: &Store, at: DateTime<Utc>, invoice: &str, result: &Result<Answer, Failure>) -> i64 {
    let invoice = inv(invoice);
    store
        .record(&NewLookup { checked_at: at, who: &who(), invoice: &invoice, requested: LookupType::Auto, result })
        .await
        .unwrap()
        .store_id
}

/// A fresh history on each backend: a SQLite file, and a database of its
/// own on the test run's PostgreSQL (`EPAY_STATUS_TEST_PG`, which
/// `scripts/test.sh` sets; without it these tests fail, never skip).
pub(super) async fn backends() -> Vec<(tempfile::TempDir, Store)> {
    let team_dir = tempfile::tempdir().unwrap();
    let team = team_store(team_dir.path()).await;
    vec![file_store(), (team_dir, team)]
}

pub(super) async fn team_store(data_dir: &Path) -> Store {
    let base = std::env::var("EPAY_STATUS_TEST_PG").expect(
        "EPAY_STATUS_TEST_PG is not set: the store's tests run on PostgreSQL too; run scripts/test.sh, which starts \
         a throwaway server",
    );
    let url = scratch_team_database(&base).await.unwrap();
    let env = TeamEnvironment { var: &|_| None, home: None };
    let opened = Store::open_team(&TeamUrl::parse(&url, &env).unwrap(), data_dir).await.unwrap();
    assert!(opened.notice.is_none(), "{:?}", opened.notice);
    opened.store
}

pub(super) fn file_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let opened = Store::open(&path_in(dir.path()));
    assert!(opened.notice.is_none());
    (dir, opened.store)
}

#[tokio::test]
async fn a_lookup_round_trips() {
    for (_dir, store) in backends().await {
        let id = put(&store, t(10), "205218074", &answer("205218074", "REFUND", json!({"orgAmount": 22.22}))).await;
        let back = store.load(id).await.unwrap().unwrap();
        assert_eq!(back.checked_at, t(10));
        assert_eq!(back.who, who(), "profile, host, operator and machine");
        assert_eq!(store.timeline(&inv("205218074"), None).await.unwrap()[0].operator, "aigerim");
        let a = back.result.unwrap();
        assert_eq!(a.transaction.as_ref().unwrap().card_mask.as_deref(), Some("400303...9821"));
        assert!(a.transaction.unwrap().is_partial_refund());

        let failed = put(&store, t(11), "205218074", &failure()).await;
        let back = store.load(failed).await.unwrap().unwrap();
        let err = back.result.unwrap_err();
        assert_eq!(err.error.kind(), "timeout");
        assert_eq!(err.error.to_string(), "timed out: status request: operation timed out");
    }
}

#[tokio::test]
async fn newest_first_with_status_changes_marked() {
    for (_dir, store) in backends().await {
        put(&store, t(10), "100000002", &answer("100000002", "AUTH", json!({}))).await;
        put(&store, t(11), "100000001", &answer("100000001", "CHARGE", json!({}))).await;
        put(&store, t(12), "100000002", &failure()).await;
        put(&store, t(14), "100000002", &answer("100000002", "CHARGE", json!({}))).await;
        put(&store, t(15), "100000002", &answer("100000002", "CHARGE", json!({}))).await;
        let rows = store.summaries(&Filter::All, None).await.unwrap();
        let seen: Vec<(String, bool)> = rows.iter().map(|r| (r.invoice.to_string(), r.changed)).collect();
        assert_eq!(
            seen,
            [
                ("100000002".into(), false),
                ("100000002".into(), true),
                ("100000002".into(), false),
                ("100000001".into(), false),
                ("100000002".into(), false)
            ]
        );
        let timeline = store.timeline(&inv("100000002"), None).await.unwrap();
        let statuses: Vec<Option<&str>> = timeline.iter().map(|p| p.status.as_deref()).collect();
        assert_eq!(statuses, [Some("AUTH"), None, Some("CHARGE"), Some("CHARGE")]);
        assert!(timeline[2].changed);
        assert_eq!(store.summaries(&Filter::All, Some(2)).await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn search_by_any_remembered_text() {
    for (_dir, store) in backends().await {
        put(&store, t(10), "205218074", &answer("205218074", "REFUND", json!({}))).await;
        put(
            &store,
            t(11),
            "100000011",
            &answer(
                "100000011",
                "CHARGE",
                json!({"name": "Jonas Weber", "cardMask": "414720...3301", "cardID": "card-2",
                   "ip": "85.214.132.117", "ipCity": "Berlin", "email": "jonas@example.de"}),
            ),
        )
        .await;
        let found = async |q: &str| -> Vec<String> {
            store
                .summaries(&Filter::Text(q.into()), None)
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.invoice.to_string())
                .collect()
        };
        assert_eq!(found("алматы").await, ["205218074"], "Cyrillic, any case");
        assert_eq!(found("АЙГЕРІМ").await, ["205218074"], "Kazakh letters fold too");
        assert_eq!(found("9821").await, ["205218074"], "a card mask fragment");
        assert_eq!(found("jonas@").await, ["100000011"]);
        assert_eq!(found("85.214").await, ["100000011"]);
        assert_eq!(found("refund").await, ["205218074"]);
        assert_eq!(found("2052").await, ["205218074"]);
        assert_eq!(found("be").await, ["100000011"], "two letters use a scan");
        assert!(found("nobody-here").await.is_empty());
        assert_eq!(found("100%").await.len(), 0, "LIKE wildcards are literal");
    }
}

#[tokio::test]
async fn digits_that_begin_invoice_ids_list_those_invoices() {
    for (_dir, store) in backends().await {
        put(&store, t(10), "100000011", &answer("100000011", "CHARGE", json!({}))).await;
        put(&store, t(11), "100000012", &answer("100000012", "CHARGE", json!({}))).await;
        put(&store, t(12), "300000001", &answer("300000001", "REFUND", json!({"description": "refund of 100000011"})))
            .await;
        let found = async |q: &str, limit: Option<usize>| -> Vec<String> {
            store
                .summaries(&Filter::Text(q.into()), limit)
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.invoice.to_string())
                .collect()
        };
        assert_eq!(found("1000000", None).await, ["100000012", "100000011"], "the invoices, not the description");
        assert_eq!(found(" 100000011 ", Some(5)).await, ["100000011"]);
        assert_eq!(found("1000000", Some(1)).await, ["100000012"]);
        assert_eq!(
            found("0000001", None).await,
            ["300000001", "100000012", "100000011"],
            "inside IDs: any text, newest first"
        );
        assert_eq!(found("12345", None).await, Vec::<String>::new(), "five digits are not an invoice ID");
    }
}

#[tokio::test]
async fn cross_references_by_card_and_ip() {
    for (_dir, store) in backends().await {
        put(&store, t(9), "205218074", &answer("205218074", "AUTH", json!({}))).await;
        put(&store, t(10), "205218074", &answer("205218074", "CHARGE", json!({}))).await;
        put(&store, t(11), "100000001", &answer("100000001", "CHARGE", json!({}))).await;
        put(&store, t(12), "100000002", &answer("100000002", "CHARGE", json!({"cardID": "card-9", "ip": "1.2.3.4"})))
            .await;
        // Checks of the same invoice do not count; the other invoice does.
        let checked = answer("205218074", "CHARGE", json!({})).unwrap();
        assert_eq!(store.seen_elsewhere(&checked).await.unwrap(), (Some(1), Some(1)), "card and IP at once");
        let alone = answer("100000002", "CHARGE", json!({"cardID": "card-9", "ip": "1.2.3.4"})).unwrap();
        assert_eq!(store.seen_elsewhere(&alone).await.unwrap(), (Some(0), Some(0)), "only its own invoice");
        let no_ip = answer("205218074", "CHARGE", json!({"ip": null})).unwrap();
        assert_eq!(store.seen_elsewhere(&no_ip).await.unwrap(), (Some(1), None), "no IP: not counted");
        // Listing them shows only the other invoices, as the hint says.
        let card = Filter::Card { id: "card-1".into(), mask: Some("400303...9821".into()), except: inv("205218074") };
        let listed: Vec<String> =
            store.summaries(&card, None).await.unwrap().iter().map(|r| r.invoice.to_string()).collect();
        assert_eq!(listed, ["100000001"]);
        let ip = Filter::Ip { ip: "1.2.3.4".into(), except: inv("100000002") };
        assert!(store.summaries(&ip, None).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn last_good_answer_before_a_failure() {
    for (_dir, store) in backends().await {
        let good = put(&store, t(10), "205218074", &answer("205218074", "AUTH", json!({}))).await;
        let bad = put(&store, t(11), "205218074", &failure()).await;
        assert_eq!(store.last_good(&inv("205218074"), bad).await.unwrap().unwrap().store_id, good);
        assert!(store.last_good(&inv("205218074"), good).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn prune_removes_only_old_entries() {
    for (_dir, store) in backends().await {
        put(&store, t(1), "100000001", &failure()).await;
        put(&store, t(20), "100000002", &failure()).await;
        assert_eq!(store.prune(t(10)).await.unwrap(), 1);
        assert_eq!(store.count_matching(&Filter::All).await.unwrap(), Count::Exact(1));
        assert!(
            store.summaries(&Filter::Text("100000001".into()), None).await.unwrap().is_empty(),
            "gone from search too"
        );
    }
}

#[tokio::test]
async fn a_change_is_decided_when_recorded_and_every_reader_sees_it() {
    for (_dir, store) in backends().await {
        let record = async |at, invoice: &str, result: &Result<Answer, Failure>| {
            let invoice = inv(invoice);
            let new =
                NewLookup { checked_at: t(at), who: &who(), invoice: &invoice, requested: LookupType::Auto, result };
            store.record(&new).await.unwrap().changed_from
        };
        assert_eq!(
            record(1, "100000002", &answer("100000002", "AUTH", json!({}))).await,
            None,
            "a first check changes nothing"
        );
        assert_eq!(record(2, "100000001", &answer("100000001", "CHARGE", json!({}))).await, None, "another invoice");
        assert_eq!(record(3, "100000002", &failure()).await, None, "a failure has no status");
        let no_status = Ok(Answer::decode(
            inv("100000002"),
            Kind::Payment,
            200,
            json!({"resultCode": "100", "resultMessage": "SUCCESS", "transaction": {"invoiceID": "100000002"}}),
        )
        .unwrap());
        assert_eq!(record(4, "100000002", &no_status).await, None, "no status: nothing to compare");
        assert_eq!(record(5, "100000002", &answer("100000002", "CHARGE", json!({}))).await, Some("AUTH".into()));
        assert_eq!(record(6, "100000002", &answer("100000002", "CHARGE", json!({}))).await, None);
        // A filter that matches only the CHARGE rows still shows the change.
        let charged = store.summaries(&Filter::Text("charge".into()), None).await.unwrap();
        let marks: Vec<(String, bool)> = charged.iter().map(|r| (r.invoice.to_string(), r.changed)).collect();
        assert_eq!(
            marks,
            [("100000002".into(), false), ("100000002".into(), true), ("100000001".into(), false)],
            "{charged:?}"
        );
        let timeline = store.timeline(&inv("100000002"), None).await.unwrap();
        assert_eq!(timeline.iter().map(|p| p.changed).collect::<Vec<_>>(), [false, false, false, true, false]);
    }
}

/// Histories of `n` lookups of several statuses, currencies and amounts,
/// some failures among them, recorded in one transaction.
pub(super) async fn varied_stores(n: usize) -> Vec<(tempfile::TempDir, Store)> {
    let mut stores = Vec::new();
    for (dir, store) in backends().await {
        stores.push(varied(dir, store, n).await);
    }
    stores
}

async fn varied(dir: tempfile::TempDir, store: Store, n: usize) -> (tempfile::TempDir, Store) {
    let statuses = ["CHARGE", "AUTH", "REFUND", "NEW", "FAILED"];
    let currencies = [Some("KZT"), Some("USD"), None];
    let made: Vec<(InvoiceId, Result<Answer, Failure>)> = (0..n)
        .map(|i| {
            let id = format!("{}", 300_000_000 + i);
            let result = if i % 17 == 0 {
                failure()
            } else {
                let mut extra = json!({"amount": (i * 37 % 1000) as f64 / 4.0});
                match currencies[i % 3] {
                    Some(c) => extra["currency"] = json!(c),
                    None => extra["currency"] = serde_json::Value::Null,
                }
                answer(&id, statuses[i % statuses.len()], extra)
            };
            (inv(&id), result)
        })
        .collect();
    let who = who();
    store
        .record_many(made.iter().map(|(invoice, result)| NewLookup {
            checked_at: t(0),
            who: &who,
            invoice,
            requested: LookupType::Auto,
            result,
        }))
        .await
        .unwrap();
    (dir, store)
}

/// Reads a whole list through the window, page by page, forwards.
pub(super) async fn through_window(store: &Store, filter: &Filter, order: Order, page: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut anchor = Anchor::Start;
    loop {
        let rows = store.window(filter, order, &anchor, page).await.unwrap();
        let Some((_, last)) = rows.last() else { break };
        anchor = Anchor::After(last.clone());
        ids.extend(rows.iter().map(|(s, _)| s.store_id));
    }
    ids
}

#[tokio::test]
async fn a_10000_row_history_read_through_the_window_equals_the_full_read() {
    for (_dir, store) in varied_stores(10_000).await {
        let all = store.summaries(&Filter::All, None).await.unwrap();
        assert_eq!(store.count_matching(&Filter::All).await.unwrap(), Count::Exact(all.len() as u64));
        // The orders as the list means them, computed here the plain way.
        let newest: Vec<i64> = all.iter().map(|s| s.store_id).collect();
        let mut by_status = all.clone();
        by_status.sort_by(|a, b| {
            a.status
                .clone()
                .unwrap_or_default()
                .cmp(&b.status.clone().unwrap_or_default())
                .then(b.store_id.cmp(&a.store_id))
        });
        let mut by_amount = all.clone();
        by_amount.sort_by(|a, b| {
            (a.currency.is_none(), a.currency.clone())
                .cmp(&(b.currency.is_none(), b.currency.clone()))
                .then(
                    b.amount.unwrap_or(rust_decimal::Decimal::MIN).cmp(&a.amount.unwrap_or(rust_decimal::Decimal::MIN)),
                )
                .then(b.store_id.cmp(&a.store_id))
        });
        let ids = |rows: &[Summary]| rows.iter().map(|s| s.store_id).collect::<Vec<_>>();
        for (order, expected) in
            [(Order::Newest, newest), (Order::Status, ids(&by_status)), (Order::Amount, ids(&by_amount))]
        {
            assert_eq!(through_window(&store, &Filter::All, order, 97).await, expected, "{order:?}, forwards");
            // Backwards from the end, page by page, gives the same list.
            let mut back = Vec::new();
            let mut anchor = Anchor::End;
            loop {
                let rows = store.window(&Filter::All, order, &anchor, 89).await.unwrap();
                let Some((_, first)) = rows.first() else { break };
                anchor = Anchor::Before(first.clone());
                let mut page: Vec<i64> = rows.iter().map(|(s, _)| s.store_id).collect();
                page.extend(back);
                back = page;
            }
            assert_eq!(back, expected, "{order:?}, backwards");
        }
        // A filter pages the same way, and counts its matches.
        let auth = Filter::Text("auth".into());
        let matching: Vec<i64> =
            all.iter().filter(|s| s.status.as_deref() == Some("AUTH")).map(|s| s.store_id).collect();
        assert!(matching.len() > 100);
        assert_eq!(through_window(&store, &auth, Order::Newest, 50).await, matching);
        // "Seen in other lookups" stops counting past its cap too.
        let seen = store.seen_elsewhere(&answer("300000001", "CHARGE", json!({})).unwrap()).await.unwrap();
        assert_eq!(seen.0, Some(SEEN_CAP + 1));
        // Its count stops at the cap; a smaller one is exact.
        assert!(matching.len() as u64 > COUNT_CAP);
        assert_eq!(store.count_matching(&auth).await.unwrap(), Count::MoreThan(COUNT_CAP));
        let few = Filter::Text("30000012".into());
        assert_eq!(store.count_matching(&few).await.unwrap(), Count::Exact(10), "300000120 to 300000129");
    }
}

#[tokio::test]
async fn an_empty_store_has_an_empty_window_and_a_zero_count() {
    for (_dir, store) in backends().await {
        for anchor in [Anchor::Start, Anchor::End] {
            assert!(store.window(&Filter::All, Order::Status, &anchor, 10).await.unwrap().is_empty());
        }
        assert_eq!(store.count_matching(&Filter::All).await.unwrap(), Count::Exact(0));
        put(&store, t(1), "100000001", &failure()).await;
        assert_eq!(
            store.count_matching(&Filter::All).await.unwrap(),
            Count::Exact(1),
            "the kept count follows the rows"
        );
        store.prune(t(5)).await.unwrap();
        assert_eq!(store.count_matching(&Filter::All).await.unwrap(), Count::Exact(0));
    }
}

#[tokio::test]
async fn a_batch_decides_changes_in_its_own_order() {
    for (_dir, store) in backends().await {
        put(&store, t(1), "100000002", &answer("100000002", "NEW", json!({}))).await;
        let batch = [
            ("100000002", answer("100000002", "AUTH", json!({}))),
            ("100000003", answer("100000003", "AUTH", json!({}))),
            ("100000002", failure()),
            ("100000002", answer("100000002", "CHARGE", json!({}))),
            ("100000002", answer("100000002", "CHARGE", json!({}))),
        ];
        let invoices: Vec<InvoiceId> = batch.iter().map(|(i, _)| inv(i)).collect();
        let who = who();
        let written = store
            .record_many(batch.iter().zip(&invoices).enumerate().map(|(n, ((_, result), invoice))| NewLookup {
                checked_at: t(2 + n as u32),
                who: &who,
                invoice,
                requested: LookupType::Auto,
                result,
            }))
            .await
            .unwrap();
        assert_eq!(written, 5);
        let timeline = store.timeline(&inv("100000002"), None).await.unwrap();
        let seen: Vec<(Option<&str>, bool)> = timeline.iter().map(|p| (p.status.as_deref(), p.changed)).collect();
        assert_eq!(
            seen,
            [
                (Some("NEW"), false),
                (Some("AUTH"), true),
                (None, false),
                (Some("CHARGE"), true),
                (Some("CHARGE"), false)
            ]
        );
        assert!(!store.timeline(&inv("100000003"), None).await.unwrap()[0].changed, "a first check changes nothing");
        assert_eq!(store.count_matching(&Filter::All).await.unwrap(), Count::Exact(6));
    }
}
