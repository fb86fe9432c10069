//! The fastest a reqwest client can go on this machine: the requests
//! `lookup --json --file` sends (same HTTP client, same concurrency, a task
//! per request), with each body read and then dropped, or with `--parse`
//! parsed into a JSON value and dropped. `scripts/bench.sh` runs it beside
//! wrk and `lookup`, so the table shows how much of the gap to wrk is the
//! HTTP stack and how much is our own work on each answer.
//!
//!     EPAY_API_URL=http://127.0.0.1:PORT BENCH_TOKEN=... \
//!         cargo run --release --example http_ceiling -- IDS_FILE [--parse]
//!
//! Prints the number of requests per second.

use std::time::{Duration, Instant};

use futures_util::StreamExt;

#[tokio::main]
async fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let ids_file = args.next().ok_or("usage: http_ceiling IDS_FILE [--parse]")?;
    let parse = args.next().as_deref() == Some("--parse");
    let base = std::env::var("EPAY_API_URL").map_err(|_| "set EPAY_API_URL to the sandbox's address")?;
    let token = std::env::var("BENCH_TOKEN").map_err(|_| "set BENCH_TOKEN to a sandbox access token")?;
    let ids = std::fs::read_to_string(&ids_file).map_err(|e| format!("cannot read {ids_file}: {e}"))?;
    let urls: Vec<String> =
        ids.split_whitespace().map(|id| format!("{base}/check-status/payment/transaction/{id}")).collect();
    let http = epay_status::epay::http_client(Duration::from_secs(10), true)?.api;
    let auth = format!("Bearer {token}");

    let started = Instant::now();
    let mut done = futures_util::stream::iter(urls)
        .map(|url| {
            let (http, auth) = (http.clone(), auth.clone());
            tokio::spawn(async move {
                let response = http.get(url).header("Authorization", auth).send().await;
                let body = response.map_err(|e| e.to_string())?.bytes().await.map_err(|e| e.to_string())?;
                if parse {
                    let value: serde_json::Value =
                        serde_json::from_slice(&body).map_err(|e| format!("the answer is not JSON: {e}"))?;
                    drop(value);
                }
                Ok::<usize, String>(body.len())
            })
        })
        .buffered(64);
    let mut count = 0usize;
    while let Some(joined) = done.next().await {
        match joined {
            Ok(Ok(_)) => count += 1,
            Ok(Err(e)) => return Err(format!("request failed: {e}")),
            Err(e) => return Err(format!("task failed: {e}")),
        }
    }
    println!("{:.0}", count as f64 / started.elapsed().as_secs_f64());
    Ok(())
}
