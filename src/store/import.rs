//! `history import`: a local history copied into the team history, its
//! lookups and its cases with the operators and times they had. Each row
//! goes in under a key made of what it holds and its id in the file, so a
//! second run stores nothing twice; the server stamps each row with its
//! own time and role, which records who imported it, and when.

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
    /// Opens a history file as it is, for reading it whole: a damaged file
    /// is an error, never set aside (see [`Store::open`]).
    pub fn open_existing(path: &std::path::Path) -> Result<Store, StoreError> {
        super::sqlite::Sqlite::open_file(path).map(|s| Store::of(Backend::Sqlite(s)))
    }

    /// Copies the history `local` (a file) into this team history, oldest
    /// first; `progress` hears how many lookups are done.
    pub async fn import(&self, local: &Store, mut progress: impl FnMut(usize)) -> Result<Imported, StoreError> {
        let (Backend::Postgres(team), Backend::Sqlite(file)) = (&self.backend, &local.backend) else {
            return Err(StoreError::Misuse("an import goes from a history file into a team history".into()));
        };
        let mut done = Imported::default();
        let mut after = 0;
        loop {
            let batch = file.in_order(after, BATCH)?;
            let Some((last, ..)) = batch.last() else { break };
            after = *last;
            let keyed: Vec<(NewLookup, String)> =
                batch.iter().map(|(id, _, l)| (l.as_new(), lookup_key(*id, &l.as_new()))).collect();
            done.lookups += keyed.len();
            done.lookups_new += team.import_lookups(&keyed).await?;
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

/// "import-" and a digest of the lookup's id in its file and what says
/// which lookup it is: the same file imported again gives the same keys.
fn lookup_key(id: i64, l: &NewLookup) -> String {
    let who = l.who;
    key(&[
        &id.to_string(),
        &format_time(l.checked_at),
        l.invoice.as_str(),
        l.requested.as_str(),
        &who.operator,
        &who.machine,
        &who.profile,
        &who.api_host,
    ])
}

fn entry_key(invoice: &InvoiceId, e: &Entry) -> String {
    key(&[&e.id.to_string(), invoice.as_str(), &format_time(e.at), &e.by, e.change.kind(), &e.change.value()])
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
    fn keys_tell_parts_apart_and_repeat() {
        assert_ne!(super::key(&["ab", "c"]), super::key(&["a", "bc"]));
        assert_eq!(super::key(&["a", "b"]), super::key(&["a", "b"]));
        assert_eq!(super::key(&["a"]).len(), "import-".len() + 32);
    }
}
