//! `epay-status sandbox`: the emulator alone, for demos, tools and benchmarks.

use std::net::SocketAddr;

use super::Exit;
use crate::config::{TEST_CLIENT_ID, TEST_TERMINAL};
use crate::epay::Kind;
use crate::sandbox::{Fault, Sandbox, SandboxOptions};

pub async fn run(listen: SocketAddr, faults: Vec<Fault>) -> Exit {
    let shown: Vec<String> = faults.iter().map(ToString::to_string).collect();
    let sandbox = match Sandbox::start(listen, SandboxOptions { faults, ..SandboxOptions::default() }).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot listen on {listen}: {e}; choose another address with --listen");
            return Exit::Usage;
        }
    };
    let payments = sandbox.invoices(Kind::Payment);
    let p2p = sandbox.invoices(Kind::P2p);
    println!("ePay sandbox listening on http://{}", sandbox.addr());
    println!("  EPAY_TOKEN_URL={}", sandbox.token_url());
    println!("  EPAY_API_URL={}", sandbox.api_url());
    println!("  client_id {TEST_CLIENT_ID}, terminal {TEST_TERMINAL} (the reference's public test credentials)");
    println!("  {} payment invoices, e.g. {}", payments.len(), payments.first().map_or("", |s| s.as_str()));
    println!("  {} p2p invoices, e.g. {}", p2p.len(), p2p.first().map_or("", |s| s.as_str()));
    if !shown.is_empty() {
        println!("  misbehaving on request: {}", shown.join(", "));
    }
    println!("Stop with Ctrl-C.");
    sandbox.serve_until_signal().await;
    Exit::Ok
}
