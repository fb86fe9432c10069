//! `history import`: a local history copied into the team history, its
//! lookups and its cases with the operators and times they had. Each row
//! goes in under a key made of its id in the file, its time and invoice
//! (as stored, before any cleaning a later version may change), so a
//! second run stores nothing twice; the server stamps each row with its
//! own time and role, which records who imported it, and when. Lookups of
//! the sandbox (the default profile's, made trying the program) stay out
//! unless asked for: they are not the team's record.

use sha2::{Digest, Sha256};

use super::{Backend, Store, StoreError};
use crate::case::Entry;
use crate::epay::InvoiceId;
use crate::store::row::{NewLookup, format_time};

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// Lookups the file holds, and how many of them were new to the team.
    pub lookups: usize,
    pub lookups_new: usize,
    /// Lookups of the sandbox, left out.
    pub sandbox: usize,
    /// Rows of the file that could not be read, left out, and why the
    /// first could not.
    pub unreadable: usize,
    pub first_unreadable: Option<String>,
    /// Cases the file holds, how many were copied now, and their entries.
    pub cases: usize,
    pub cases_new: usize,
    pub entries_new: usize,
    /// Invoices whose case the team history already holds from elsewhere:
    /// their local trail is left where it is (two trails of one case do
    /// not merge into one story).
    pub cases_elsewhere: Vec<InvoiceId>,
}

/// What copying one case's trail found.
pub(super) enum CaseCopy {
    /// Its entries were new; this many written.
    Written(usize),
    /// Imported before: nothing written.
    Already,
    /// The team history has a case of this invoice that did not come from
    /// this trail: nothing written.
    Elsewhere,
}

/// Rows read and sent at a time: one transaction each.
const BATCH: usize = 500;

impl Store {
    /// Opens a history file to read it whole, changing nothing in it: a
    /// damaged file or one of another version is an error, never set aside
    /// or migrated (see [`Store::open`]).
    pub fn open_existing(path: &std::path::Path) -> Result<Store, StoreError> {
        super::sqlite::Sqlite::open_read_only(path).map(|s| Store::of(Backend::Sqlite(s)))
    }

    /// Copies the history `local` (a file) into this team history, oldest
    /// first, its sandbox lookups too when `with_sandbox`; `progress` hears
    /// how many lookups are done.
    pub async fn import(
        &self,
        local: &Store,
        with_sandbox: bool,
        mut progress: impl FnMut(usize),
    ) -> Result<Imported, StoreError> {
        let (Backend::Postgres(team), Backend::Sqlite(file)) = (&self.backend, &local.backend) else {
            return Err(StoreError::Misuse("an import goes from a history file into a team history".into()));
        };
        let mut done = Imported::default();
        let mut after = 0;
        loop {
            let batch = file.in_order(after, BATCH)?;
            let Some(last) = batch.last() else { break };
            after = last.id;
            done.lookups += batch.len();
            let mut keyed: Vec<(NewLookup, String, bool)> = Vec::with_capacity(batch.len());
            for row in &batch {
                match &row.lookup {
                    Err(why) => {
                        tracing::warn!("lookup {} of the history file left out: {why}", row.id);
                        done.unreadable += 1;
                        done.first_unreadable.get_or_insert_with(|| format!("lookup {}: {why}", row.id));
                    }
                    Ok(l) if !with_sandbox && is_sandbox(&l.who) => done.sandbox += 1,
                    Ok(l) => {
                        // A spooled lookup keeps its own key: sent by its spool too, it is stored once.
                        let key = row.key.clone().unwrap_or_else(|| lookup_key(row.id, &l.as_new()));
                        keyed.push((l.as_new(), key, row.changed));
                    }
                }
            }
            if !keyed.is_empty() {
                done.lookups_new += team.import_lookups(&keyed).await?;
            }
            progress(done.lookups);
        }
        for case in local.cases().await? {
            let Some(file) = local.case(&case.invoice).await? else { continue };
            done.cases += 1;
            let keyed: Vec<(&Entry, String)> = file.entries.iter().map(|e| (e, entry_key(&case.invoice, e))).collect();
            match team.import_case(&case.invoice, &keyed).await? {
                CaseCopy::Written(n) => {
                    done.cases_new += 1;
                    done.entries_new += n;
                }
                CaseCopy::Already => {}
                CaseCopy::Elsewhere => done.cases_elsewhere.push(case.invoice),
            }
        }
        Ok(done)
    }
}

/// A lookup made on the sandbox: its profile, or an API on this machine
/// (the embedded sandbox, or one started by hand).
fn is_sandbox(who: &crate::checker::Checker) -> bool {
    let host = who.api_host.rsplit_once(':').map_or(who.api_host.as_str(), |(host, _)| host);
    who.profile == "sandbox" || ["127.0.0.1", "localhost", "[::1]"].contains(&host)
}

/// "import-" and a digest of the lookup's id in its file, its time and its
/// invoice: the same file imported again gives the same keys, and another
/// file's row of the same id, another.
fn lookup_key(id: i64, l: &NewLookup) -> String {
    key(&["lookup", &id.to_string(), &format_time(l.checked_at), l.invoice.as_str()])
}

fn entry_key(invoice: &InvoiceId, e: &Entry) -> String {
    key(&["entry", &e.id.to_string(), &format_time(e.at), invoice.as_str()])
}

fn key(parts: &[&str]) -> String {
    let mut digest = Sha256::new();
    for part in parts {
        // Each part's length first: ("ab", "c") and ("a", "bc") differ.
        digest.update((part.len() as u64).to_le_bytes());
        digest.update(part.as_bytes());
    }
    let hex: String = digest.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("import-{hex}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn sandbox_lookups_are_told_by_profile_or_a_local_api() {
        let who = |profile: &str, api_host: &str| crate::checker::Checker {
            profile: profile.into(),
            api_host: api_host.into(),
            ..Default::default()
        };
        assert!(super::is_sandbox(&who("sandbox", "epay.example:443")));
        assert!(super::is_sandbox(&who("mine", "127.0.0.1:41234")));
        assert!(super::is_sandbox(&who("mine", "localhost")));
        assert!(!super::is_sandbox(&who("prod", "epay-api.homebank.kz")));
        assert!(!super::is_sandbox(&who("test", "test-epay-api.epayment.kz:443")));
    }

    #[test]
    fn keys_tell_parts_apart_and_repeat() {
        assert_ne!(super::key(&["ab", "c"]), super::key(&["a", "bc"]));
        assert_eq!(super::key(&["a", "b"]), super::key(&["a", "b"]));
        assert_eq!(super::key(&["a"]).len(), "import-".len() + 32);
    }
}
