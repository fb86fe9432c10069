//! The I/O behind the dashboard's commands: store reads and writes and
//! exports. Each function is blocking and quick; the event loop runs it off
//! the UI task and sends back the message it returns.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::app::Msg;
use super::model::{Detail, Notice};
use crate::checker::Checker;
use crate::epay::{Answer, Failure, InvoiceId, LookupType};
use crate::export;
use crate::files::shown;
use crate::risk::Known;
use crate::store::{Filter, NewLookup, Store, StoreError, StoredLookup};

/// Rows of history per message: the list fills as it is read. Small pages
/// keep what is in flight small (at most two pages: one being read, one
/// waiting for the UI); 2,000 rows are about 0.8 MB.
const PAGE: usize = 2_000;

/// Reads the stored history and sends it page by page.
pub fn load_history(store: &Store, send: &mut dyn FnMut(Msg)) {
    let mut total = store.count_matching(&Filter::All).ok().and_then(|n| usize::try_from(n).ok());
    let mut pending: Option<Vec<crate::store::Summary>> = None;
    let read = store.all_summaries_paged(PAGE, |page| {
        if let Some(previous) = pending.replace(page) {
            send(Msg::HistoryPage { rows: previous, last: false, total: total.take() });
        }
    });
    send(Msg::HistoryPage { rows: pending.unwrap_or_default(), last: true, total: total.take() });
    if let Err(e) = read {
        send(Msg::Notice(Notice::problem(format!("cannot read history: {e}"))));
    }
}

/// Records a finished lookup and reports it to the UI. `started` is when
/// the operator asked, the time the history row already shows.
pub fn record(
    store: &Store,
    who: &Checker,
    id: u64,
    invoice: &InvoiceId,
    requested: LookupType,
    started: DateTime<Utc>,
    result: Result<Answer, Failure>,
) -> Msg {
    let new = NewLookup { checked_at: started, who, invoice, requested, result: &result };
    let recorded = store.record(&new).map_err(|e| e.to_string());
    Msg::LookupDone { id, result: result.map(Box::new), recorded }
}

/// The selected lookup with its timeline, cross-references and, after a
/// failure, the last good answer.
pub fn load_detail(store: &Store, entry_id: u64, store_id: i64, now: DateTime<Utc>) -> Msg {
    let loaded = (|| -> Result<Option<Detail>, StoreError> {
        let Some(lookup) = store.load(store_id)? else {
            return Ok(None);
        };
        let known = match &lookup.result {
            Ok(answer) => {
                let (same_card, same_ip) = store.seen_elsewhere(answer)?;
                Known { same_card, same_ip }
            }
            Err(_) => Known::default(),
        };
        let mut detail = Detail::fresh(entry_id, lookup.result.map(Box::new), known, now);
        detail.timeline = store.timeline(&lookup.invoice)?;
        if !detail.answer().is_some_and(|a| a.code.is_success())
            && let Some(good) = store.last_good(&lookup.invoice, store_id)?
            && let Ok(answer) = good.result
        {
            detail.last_good = Some((good.checked_at, Box::new(answer)));
        }
        Ok(Some(detail))
    })();
    match loaded {
        Ok(Some(detail)) => Msg::DetailLoaded(Box::new(detail)),
        Ok(None) => Msg::Notice(Notice::problem("that lookup is no longer in the history (pruned?)")),
        Err(e) => Msg::Notice(Notice::problem(format!("cannot read history: {e}"))),
    }
}

pub fn search(store: &Store, filter: Filter) -> Msg {
    match store.summaries(&filter, None) {
        Ok(rows) => Msg::Filtered { filter, rows },
        Err(e) => Msg::Notice(Notice::problem(format!("search failed: {e}"))),
    }
}

/// Exports the lookups a filter selects.
pub fn export_list(store: &Store, dir: &Path, filter: &Filter, now: DateTime<Utc>) -> Msg {
    write_export(dir, &export::file_stem("history", now), store.lookups(filter, None))
}

/// Exports one lookup.
pub fn export_one(store: &Store, dir: &Path, store_id: i64, invoice: &InvoiceId, now: DateTime<Utc>) -> Msg {
    let one = store.load(store_id).map(|l| l.into_iter().collect());
    write_export(dir, &export::file_stem(&format!("invoice-{invoice}"), now), one)
}

/// Writes CSV and JSON under `dir` and says where.
fn write_export(dir: &Path, stem: &str, lookups: Result<Vec<StoredLookup>, StoreError>) -> Msg {
    let lookups = match lookups {
        Ok(l) if l.is_empty() => return Msg::Notice(Notice::problem("nothing to export")),
        Ok(l) => l,
        Err(e) => return Msg::Notice(Notice::problem(format!("export failed: {e}"))),
    };
    match export::write_files(dir, stem, &lookups) {
        Ok((json, csv)) => Msg::Notice(Notice::info(format!(
            "exported {} to {} and {}",
            plural(lookups.len()),
            shown(&json),
            shown(&csv)
        ))),
        Err(e) => Msg::Notice(Notice::problem(format!("export to {} failed: {e}", shown(dir)))),
    }
}

fn plural(n: usize) -> String {
    if n == 1 { "1 lookup".into() } else { format!("{n} lookups") }
}

/// Writes the evidence report for one lookup and says where.
pub fn report(store: &Store, dir: &Path, store_id: i64, now: DateTime<Utc>, tz: &chrono::FixedOffset) -> Msg {
    let written = crate::report::Evidence::gather(store, store_id, now).and_then(|e| e.write(dir, tz));
    match written {
        Ok((md, json)) => Msg::Notice(Notice::info(format!("report written: {} and {}", shown(&md), shown(&json)))),
        Err(e) => Msg::Notice(Notice::problem(format!("report failed: {e}"))),
    }
}

/// Reading a long history frees many megabytes (its pages, SQLite's
/// buffers) that glibc would otherwise keep; hand them back to the system.
/// Called once the UI has taken the last page.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}
