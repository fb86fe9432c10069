//! The sandbox's answers, compiled into the binary from assets/ so a request
//! never touches the disk.

use std::collections::HashMap;

use axum::body::Bytes;
use serde::Deserialize;
use serde_json::Value;

use crate::epay::Kind;

const FIXTURES: &str = include_str!("../../assets/sandbox/fixtures.json");

#[derive(Clone, Debug, Deserialize)]
pub struct Client {
    pub client_id: String,
    pub client_secret: String,
    pub terminal: String,
    /// Sent as given: a number, or a string as some ePay pages do.
    pub expires_in: Value,
}

/// A cabinet user, for the statement's password grant through `client_id`.
#[derive(Clone, Debug, Deserialize)]
pub struct User {
    pub username: String,
    pub password: String,
    pub client_id: String,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "invoiceId")]
    invoice_id: String,
    #[serde(rename = "type")]
    kind: String,
    http: u16,
    /// One answer, or (`sequence`) one per check, the last repeating.
    #[serde(default)]
    body: Option<Value>,
    #[serde(default)]
    sequence: Vec<Value>,
    /// An answer sent byte for byte, one byte per character (U+0000 to
    /// U+00FF): invalid UTF-8, numbers out of any float's range.
    #[serde(default)]
    raw: Option<String>,
    /// Misbehaviour for this invoice, in the `--fault` syntax without `@`.
    #[serde(default)]
    fault: Option<String>,
}

#[derive(Deserialize)]
struct File {
    clients: Vec<Client>,
    users: Vec<User>,
    invoices: Vec<Entry>,
}

/// Ready-to-send answers: usually one; several for an invoice whose
/// status moves on with each check.
#[derive(Debug)]
pub struct Canned {
    pub http: u16,
    bodies: Vec<Bytes>,
    checks: std::sync::atomic::AtomicUsize,
}

impl Canned {
    /// The answer for this check.
    pub fn next(&self) -> Bytes {
        let n = self.checks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.bodies[n.min(self.bodies.len() - 1)].clone()
    }

    #[cfg(test)]
    pub fn first(&self) -> &Bytes {
        &self.bodies[0]
    }
}

pub struct Fixtures {
    pub clients: Vec<Client>,
    pub users: Vec<User>,
    /// The payment answers as a statement's operations, newest first.
    pub statement: Vec<serde_json::Value>,
    pub faults: Vec<super::faults::Fault>,
    pub answers: HashMap<(Kind, String), Canned>,
}

impl Fixtures {
    pub fn load() -> Self {
        // The file is part of the binary and covered by tests; a broken one is
        // a build defect, not a runtime condition.
        let file: File = serde_json::from_str(FIXTURES).expect("assets/sandbox/fixtures.json is valid");
        let faults = file
            .invoices
            .iter()
            .filter_map(|e| {
                let spec = e.fault.as_ref()?;
                let mut fault: super::faults::Fault = spec.parse().expect("fixture fault parses");
                fault.target = super::faults::Target::Invoice(e.invoice_id.clone());
                Some(fault)
            })
            .collect();
        let answers: HashMap<(Kind, String), Canned> = file
            .invoices
            .into_iter()
            .map(|e| {
                let kind = Kind::from_name(&e.kind).expect("fixture type is payment or p2p");
                let bodies: Vec<Bytes> = e
                    .body
                    .into_iter()
                    .chain(e.sequence)
                    .map(|b| Bytes::from(serde_json::to_vec(&b).expect("JSON value serialises")))
                    .chain(e.raw.map(|text| {
                        let bytes = text.chars().map(|c| u8::try_from(u32::from(c)).expect("raw fixture byte"));
                        Bytes::from(bytes.collect::<Vec<u8>>())
                    }))
                    .collect();
                assert!(!bodies.is_empty(), "fixture {} has an answer", e.invoice_id);
                ((kind, e.invoice_id), Canned { http: e.http, bodies, checks: Default::default() })
            })
            .collect();
        let payments: Vec<Value> = answers
            .iter()
            .filter(|((kind, _), _)| *kind == Kind::Payment)
            .filter_map(|(_, canned)| serde_json::from_slice(&canned.bodies[0]).ok())
            .collect();
        let statement =
            super::statement::operations(payments.iter().filter_map(|body| body.get("transaction")?.as_object()));
        Self { clients: file.clients, users: file.users, statement, faults, answers }
    }

    /// The fixture invoices of one kind, sorted, for listings and benchmarks.
    pub fn invoices(&self, kind: Kind) -> Vec<&str> {
        let mut ids: Vec<&str> = self.answers.keys().filter(|(k, _)| *k == kind).map(|(_, id)| id.as_str()).collect();
        ids.sort_unstable();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixtures_load_and_cover_what_the_tests_need() {
        let f = Fixtures::load();
        assert!(f.answers.len() >= 41, "{} fixtures", f.answers.len());
        use crate::config::{TEST_CLIENT_ID, TEST_CLIENT_SECRET, TEST_TERMINAL};
        assert!(
            f.clients.iter().any(|c| (c.client_id.as_str(), c.client_secret.as_str(), c.terminal.as_str())
                == (TEST_CLIENT_ID, TEST_CLIENT_SECRET, TEST_TERMINAL)),
            "the sandbox accepts the test profile's credentials"
        );
        assert!(f.answers.contains_key(&(Kind::Payment, "205218074".into())));
        assert!(!f.invoices(Kind::P2p).is_empty());
        let statuses: Vec<String> = f
            .answers
            .values()
            .filter_map(|c| {
                let v: Value = serde_json::from_slice(c.first()).ok()?;
                let t = v.get("transaction")?;
                let t = t.get("p2p").unwrap_or(t);
                Some(t.get("statusName")?.as_str()?.to_owned())
            })
            .collect();
        for s in [
            "NEW",
            "AUTH",
            "CHARGE",
            "CANCEL",
            "CANCEL_OLD",
            "REFUND",
            "REJECT",
            "FAILED",
            "3D",
            "VERIFIED",
            "FINGERPRINT",
        ] {
            assert!(statuses.iter().any(|x| x == s), "no fixture with status {s}");
        }
    }
}
