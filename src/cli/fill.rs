//! `epay-status fill-history N` (hidden): fills the history with N
//! synthetic lookups for benchmarks. The answers are the sandbox's own,
//! fetched over HTTP once, then varied (invoice, time, amount, card, IP).

use chrono::{Duration, Utc};
use serde_json::Value;

use super::Exit;
use crate::epay::{Answer, EpayClient, InvoiceId, Kind, LookupType};
use crate::store::{NewLookup, Store};

pub async fn run(client: &EpayClient, invoices: &[(Kind, String)], store: &Store, count: usize) -> Exit {
    // All at once, and only the prompt ones: some fixtures answer slowly on
    // purpose, and the benchmark is the writing, not the asking.
    let asked = invoices.iter().filter_map(|(kind, id)| {
        let ty = if *kind == Kind::P2p { LookupType::P2p } else { LookupType::Payment };
        let invoice = InvoiceId::parse(id).ok()?;
        Some(async move { tokio::time::timeout(PROMPT, client.lookup(ty, &invoice)).await })
    });
    let mut templates = Vec::new();
    for answer in futures_util::future::join_all(asked).await {
        match answer {
            Ok(Ok(a)) if a.transaction.is_some() => templates.push(a),
            Ok(Err(e)) => {
                eprintln!("error: the sandbox did not answer: {}", e.error);
                return Exit::NoAnswer;
            }
            _ => {}
        }
    }
    if let Err(e) = store.for_bulk_writes() {
        eprintln!("error: {e}");
        return Exit::Local;
    }
    let started = std::time::Instant::now();
    if templates.is_empty() {
        eprintln!("error: no sandbox answers to copy");
        return Exit::NoAnswer;
    }
    let who = crate::checker::Checker {
        profile: "synthetic".into(),
        api_host: "127.0.0.1".into(),
        operator: "bench".into(),
        machine: "bench-host".into(),
    };
    let start = Utc::now() - Duration::seconds(count as i64 * 30);
    let mut done = 0;
    while done < count {
        let chunk = (count - done).min(10_000);
        let made: Vec<(InvoiceId, Result<Answer, crate::epay::Failure>)> =
            (done..done + chunk).map(|i| variant(&templates[i % templates.len()], i)).collect();
        let lookups = made.iter().enumerate().map(|(j, (invoice, result))| NewLookup {
            checked_at: start + Duration::seconds((done + j) as i64 * 30),
            who: &who,
            invoice,
            requested: LookupType::Auto,
            result,
        });
        if let Err(e) = store.record_many(lookups).await {
            eprintln!("error: {e}");
            return Exit::Local;
        }
        done += chunk;
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "recorded {count} synthetic lookups in {} in {seconds:.1} s ({:.0} a second)",
        store.location(),
        count as f64 / seconds.max(1e-9)
    );
    Exit::Ok
}

/// How long a template answer may take; slower fixtures are left out.
const PROMPT: std::time::Duration = std::time::Duration::from_millis(500);

/// The i-th variation of a template answer: its own invoice, amount, card and IP.
fn variant(template: &Answer, i: usize) -> (InvoiceId, Result<Answer, crate::epay::Failure>) {
    let id = format!("{}", 500_000_000 + i as u64 / 3);
    let invoice = InvoiceId::parse(&id).expect("nine digits");
    let mut raw = template.raw.clone();
    let tx = match template.kind {
        Kind::Payment => raw.get_mut("transaction"),
        Kind::P2p => raw.get_mut("transaction").and_then(|t| t.get_mut("p2p")),
    };
    if let Some(Value::Object(t)) = tx {
        t.insert("invoiceID".into(), Value::from(id.clone()));
        t.insert("amount".into(), Value::from((i % 997) as f64 * 10.0 + 0.5));
        t.insert("cardID".into(), Value::from(format!("synthetic-card-{}", i % 5000)));
        t.insert("ip".into(), Value::from(format!("10.{}.{}.{}", i % 250, (i / 250) % 250, i % 7)));
        // A rare name, as a real history has many: one lookup in 100,000,
        // for benchmarks of a search that finds few.
        if i % 100_000 == 4_242 {
            t.insert("name".into(), Value::from(format!("Ержан Needle-{}", i / 100_000)));
        }
    }
    let answer = Answer::decode(invoice, template.kind, template.http_status, raw).expect("a sandbox answer");
    (invoice, Ok(answer))
}
