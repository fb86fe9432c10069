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

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "invoiceId")]
    invoice_id: String,
    #[serde(rename = "type")]
    kind: String,
    http: u16,
    body: Value,
}

#[derive(Deserialize)]
struct File {
    clients: Vec<Client>,
    invoices: Vec<Entry>,
}

/// A ready-to-send answer.
#[derive(Clone, Debug)]
pub struct Canned {
    pub http: u16,
    pub body: Bytes,
}

pub struct Fixtures {
    pub clients: Vec<Client>,
    pub answers: HashMap<(Kind, String), Canned>,
}

impl Fixtures {
    pub fn load() -> Self {
        // The file is part of the binary and covered by tests; a broken one is
        // a build defect, not a runtime condition.
        let file: File = serde_json::from_str(FIXTURES).expect("assets/sandbox/fixtures.json is valid");
        let answers = file
            .invoices
            .into_iter()
            .map(|e| {
                let kind = Kind::from_name(&e.kind).expect("fixture type is payment or p2p");
                let body = Bytes::from(serde_json::to_vec(&e.body).expect("JSON value serialises"));
                ((kind, e.invoice_id), Canned { http: e.http, body })
            })
            .collect();
        Self { clients: file.clients, answers }
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
        assert!(f.answers.contains_key(&(Kind::Payment, "205218074".into())));
        assert!(!f.invoices(Kind::P2p).is_empty());
        let statuses: Vec<String> = f
            .answers
            .values()
            .filter_map(|c| {
                let v: Value = serde_json::from_slice(&c.body).ok()?;
                let t = v.get("transaction")?;
                let t = t.get("p2p").unwrap_or(t);
                Some(t.get("statusName")?.as_str()?.to_owned())
            })
            .collect();
        for s in ["NEW", "AUTH", "CHARGE", "CANCEL", "CANCEL_OLD", "REFUND", "REJECT", "FAILED", "3D", "VERIFIED"] {
            assert!(statuses.iter().any(|x| x == s), "no fixture with status {s}");
        }
    }
}
