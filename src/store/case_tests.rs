//! Dispute cases in the store, on both backends.

use chrono::NaiveDate;

use super::tests::{answer, backends, inv, put, t, who};
use super::*;
use crate::case::{Change, Opening, State};
use crate::checker::Checker;

fn opening() -> Opening {
    Opening { owner: "aigerim".into(), deadline: NaiveDate::from_ymd_opt(2026, 12, 4) }
}

fn operator(name: &str) -> Checker {
    Checker { operator: name.into(), machine: "desk".into(), ..who() }
}

/// Another handle on the same history: a file opened again (as another
/// process has it), or the team's pool shared, each task on a connection
/// of its own.
fn second(dir: &tempfile::TempDir, store: &Store) -> Store {
    match store.path() {
        Some(_) => Store::open(&path_in(dir.path())).store,
        None => store.reader().unwrap().expect("a team history has another handle"),
    }
}

#[tokio::test]
async fn every_change_is_a_new_entry_and_the_latest_decides() {
    for (_dir, store) in backends().await {
        let invoice = inv("205218074");
        let me = operator("aigerim");
        let note = [Change::Note("customer says the card was stolen".into())];
        let opened = store.change_case(&invoice, &me, t(9), &note, &opening()).await.unwrap();
        // The first entries say how the case started.
        let kinds: Vec<&str> = opened.entries.iter().map(|e| e.change.kind()).collect();
        assert_eq!(kinds, ["state", "owner", "deadline", "note"], "{}", store.location());
        assert_eq!((opened.case.state, opened.case.owner.as_str()), (State::Open, "aigerim"));

        let them = operator("daniyar");
        let changes = [Change::State(State::WaitingBank), Change::Tag("chargeback".into())];
        store.change_case(&invoice, &them, t(10), &changes, &opening()).await.unwrap();
        let changes = [Change::State(State::EvidenceSent), Change::Deadline(None), Change::Untag("chargeback".into())];
        let file = store.change_case(&invoice, &me, t(11), &changes, &opening()).await.unwrap();

        let read = store.case(&invoice).await.unwrap().unwrap();
        assert_eq!(read, file, "what a change returns is what a read finds");
        assert_eq!(read.entries.len(), 9);
        assert!(read.entries.windows(2).all(|w| w[0].id < w[1].id), "the trail is in order");
        assert_eq!(read.case.state, State::EvidenceSent);
        assert_eq!(read.case.deadline, None);
        assert!(read.case.tags.is_empty());
        // Nothing was overwritten: the earlier state is still in the trail.
        let states: Vec<&Change> =
            read.entries.iter().filter(|e| e.change.kind() == "state").map(|e| &e.change).collect();
        assert_eq!(
            states,
            [&Change::State(State::Open), &Change::State(State::WaitingBank), &Change::State(State::EvidenceSent)]
        );
        assert_eq!(read.entries[4].by, "daniyar");
        assert_eq!(read.entries[4].at, t(10));
        assert_eq!(read.latest_notes().count(), 1);

        // The list holds what the trail adds up to.
        let cases = store.cases().await.unwrap();
        assert_eq!(cases, std::slice::from_ref(&read.case));
        assert!(store.case(&inv("100000001")).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn the_trail_cannot_be_edited_or_deleted() {
    for (_dir, store) in backends().await {
        let invoice = inv("205218074");
        store.change_case(&invoice, &who(), t(9), &[Change::Note("first".into())], &opening()).await.unwrap();
        let mut refused = vec!["UPDATE case_entries SET value = 'rewritten'", "DELETE FROM case_entries"];
        if store.path().is_none() {
            refused.push("TRUNCATE case_entries");
        }
        for sql in refused {
            let err = store.execute_raw(sql).await.unwrap_err();
            assert!(err.to_string().contains("never"), "{sql} on {}: {err}", store.location());
        }
        let file = store.case(&invoice).await.unwrap().unwrap();
        assert_eq!(file.entries.len(), 4);
        assert!(file.latest_notes().any(|e| e.change == Change::Note("first".into())));
    }
}

#[tokio::test]
async fn a_change_that_cannot_open_a_case_writes_nothing() {
    for (_dir, store) in backends().await {
        let invoice = inv("205218074");
        let err =
            store.change_case(&invoice, &who(), t(9), &[Change::Tag("fraud".into())], &opening()).await.unwrap_err();
        assert!(matches!(&err, CaseError::Refused(crate::case::Invalid::NoCaseYet)), "{err}");
        assert!(store.case(&invoice).await.unwrap().is_none());
        assert!(store.cases().await.unwrap().is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notes_written_at_once_from_two_connections_are_all_kept() {
    for (dir, store) in backends().await {
        let invoice = inv("205218074");
        let writers: Vec<_> = ["aigerim", "daniyar"]
            .into_iter()
            .map(|name| {
                let handle = second(&dir, &store);
                tokio::spawn(async move {
                    for i in 0..15 {
                        let note = Change::Note(format!("{name} note {i}"));
                        handle.change_case(&invoice, &operator(name), t(9), &[note], &opening()).await.unwrap();
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.await.unwrap();
        }
        let file = store.case(&invoice).await.unwrap().unwrap();
        assert_eq!(file.case.notes, 30, "{}", store.location());
        assert_eq!(file.latest_notes().count(), 30);
        // Opened once, whoever came first.
        assert_eq!(file.entries.iter().filter(|e| e.change.kind() == "state").count(), 1);
        for name in ["aigerim", "daniyar"] {
            let mine: Vec<String> = file
                .entries
                .iter()
                .filter(|e| e.by == name && e.change.kind() == "note")
                .map(|e| e.change.value())
                .collect();
            let expected: Vec<String> = (0..15).map(|i| format!("{name} note {i}")).collect();
            assert_eq!(mine, expected, "each operator's notes, in their order");
        }
        assert_eq!(store.cases().await.unwrap()[0].notes, 30);
    }
}

#[tokio::test]
async fn history_search_finds_words_in_notes() {
    for (_dir, store) in backends().await {
        let noted = put(&store, t(9), "205218074", &answer("205218074", "AUTH", json!({}))).await;
        put(&store, t(10), "100000001", &answer("100000001", "AUTH", json!({}))).await;
        let note = Change::Note("Bank asked for the RECEIPT and the delivery slip".into());
        store.change_case(&inv("205218074"), &who(), t(11), &[note], &opening()).await.unwrap();
        for text in ["receipt", "Delivery slip", "re"] {
            let found = store.summaries(&Filter::Text(text.into()), None).await.unwrap();
            let ids: Vec<i64> = found.iter().map(|s| s.store_id).collect();
            assert!(ids.contains(&noted), "{text:?} on {}: {ids:?}", store.location());
        }
        let found = store.summaries(&Filter::Text("receipt".into()), None).await.unwrap();
        assert_eq!(found.len(), 1, "only the noted invoice");
        assert_eq!(store.count_matching(&Filter::Text("receipt".into())).await.unwrap(), Count::Exact(1));
        // The lookups' own text is still found alongside.
        assert_eq!(store.summaries(&Filter::Text("алматы".into()), None).await.unwrap().len(), 2);
    }
}

use serde_json::json;

/// Which lookups a search should list.
type Selects<'a> = dyn Fn(&Summary) -> bool + 'a;

/// Reads a whole list through the window backwards from its end.
async fn backwards(store: &Store, filter: &Filter, order: Order, page: usize) -> Vec<i64> {
    let mut all = Vec::new();
    let mut anchor = Anchor::End;
    loop {
        let rows = store.window(filter, order, &anchor, page).await.unwrap();
        let Some((_, first)) = rows.first() else { break };
        anchor = Anchor::Before(first.clone());
        let mut ids: Vec<i64> = rows.iter().map(|(s, _)| s.store_id).collect();
        ids.extend(all);
        all = ids;
    }
    all
}

#[tokio::test]
async fn a_search_widened_by_notes_pages_in_every_order_both_ways() {
    use super::tests::{through_window, varied_stores};
    for (_dir, store) in varied_stores(2_000).await {
        let all = store.summaries(&Filter::All, None).await.unwrap();
        // Notes that say "auth" on 40 charged invoices, and "receipt" (no
        // lookup's text) on the same ones.
        let noted: Vec<InvoiceId> =
            all.iter().filter(|s| s.status.as_deref() == Some("CHARGE")).take(40).map(|s| s.invoice).collect();
        for invoice in &noted {
            let note = [Change::Note("the customer's auth code and the receipt".into())];
            store.change_case(invoice, &who(), t(5), &note, &opening()).await.unwrap();
        }
        let widened = |text: &str| Filter::Text(text.into());
        let auth = |s: &Summary| s.status.as_deref() == Some("AUTH") || noted.contains(&s.invoice);
        let receipt = |s: &Summary| noted.contains(&s.invoice);
        let searches: [(&str, &Selects); 2] = [("auth", &auth), ("receipt", &receipt)];
        for (text, selects) in searches {
            let members: std::collections::HashSet<i64> =
                all.iter().filter(|s| selects(s)).map(|s| s.store_id).collect();
            assert!(members.len() >= 40);
            for order in [Order::Newest, Order::Status, Order::Amount] {
                let expected: Vec<i64> = through_window(&store, &Filter::All, order, 500)
                    .await
                    .into_iter()
                    .filter(|id| members.contains(id))
                    .collect();
                let filter = widened(text);
                assert_eq!(through_window(&store, &filter, order, 37).await, expected, "{text} {order:?} forwards");
                assert_eq!(backwards(&store, &filter, order, 29).await, expected, "{text} {order:?} backwards");
            }
            assert_eq!(
                store.count_matching(&widened(text)).await.unwrap(),
                Count::Exact(members.len() as u64),
                "{text}"
            );
        }
    }
}
