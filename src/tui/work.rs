//! The I/O behind the dashboard's commands: store reads and writes and
//! exports. The event loop runs each as a task of its own and sends back
//! the message it returns.

use std::path::Path;

use chrono::{DateTime, Utc};

use super::app::Msg;
use super::app::{READ_ROWS, ReadAt, WindowRead, WindowRows};
use super::model::{Detail, Notice};
use crate::checker::Checker;
use crate::epay::{Answer, Failure, InvoiceId, LookupType};
use crate::export;
use crate::files::shown;
use crate::i18n::{self, Language};
use crate::risk::Known;
use crate::store::{Anchor, Filter, NewLookup, Place, Store, StoreError, Summary};

/// Reads rows of the history list.
/// Rows of the history a read passed over, as a notice (once each).
pub fn skipped_notice(store: &Store, lang: Language) -> Option<Notice> {
    crate::cli::skipped_rows(store, lang).map(Notice::problem)
}

pub async fn read_window(store: &Store, read: WindowRead) -> Msg {
    let found = window_rows(store, &read).await;
    Msg::Window { read, found }
}

async fn window_rows(store: &Store, read: &WindowRead) -> Result<WindowRows, StoreError> {
    let (filter, order) = (&read.filter, read.order);
    let mut found = match &read.at {
        ReadAt::Start => start(store, read).await?,
        ReadAt::End => {
            let (rows, more) = seek(store, read, &Anchor::End).await?;
            WindowRows { rows, at_start: !more, at_end: true, count: None }
        }
        ReadAt::Around(place) => around(store, read, place).await?,
        ReadAt::AroundLookup(store_id) => match store.place_of(*store_id, order).await? {
            Some(place) => around(store, read, &place).await?,
            None => start(store, read).await?,
        },
        ReadAt::After(place) => {
            let (rows, more) = seek(store, read, &Anchor::After(place.clone())).await?;
            return Ok(WindowRows { rows, at_start: false, at_end: !more, count: None });
        }
        ReadAt::Before(place) => {
            let (rows, more) = seek(store, read, &Anchor::Before(place.clone())).await?;
            return Ok(WindowRows { rows, at_start: !more, at_end: false, count: None });
        }
    };
    // A read that replaces the window counts the list again.
    found.count = Some(store.count_matching(filter).await?);
    Ok(found)
}

/// A window's worth of rows next to `anchor`, and whether the list goes on
/// (one row past what is wanted tells).
async fn seek(store: &Store, read: &WindowRead, anchor: &Anchor) -> Result<(Vec<(Summary, Place)>, bool), StoreError> {
    let mut rows = store.window(&read.filter, read.order, anchor, READ_ROWS + 1).await?;
    let more = rows.len() > READ_ROWS;
    if more {
        match anchor {
            Anchor::End | Anchor::Before(_) => drop(rows.remove(0)),
            _ => rows.truncate(READ_ROWS),
        }
    }
    Ok((rows, more))
}

async fn around(store: &Store, read: &WindowRead, place: &Place) -> Result<WindowRows, StoreError> {
    let (mut rows, more_before) = seek(store, read, &Anchor::Before(place.clone())).await?;
    let (after, more_after) = seek(store, read, &Anchor::From(place.clone())).await?;
    rows.extend(after);
    Ok(WindowRows { rows, at_start: !more_before, at_end: !more_after, count: None })
}

async fn start(store: &Store, read: &WindowRead) -> Result<WindowRows, StoreError> {
    let (rows, more) = seek(store, read, &Anchor::Start).await?;
    Ok(WindowRows { rows, at_start: true, at_end: !more, count: None })
}

/// Records a finished lookup and reports it to the UI. `started` is when
/// the operator asked, the time the history row already shows.
pub async fn record(
    store: &Store,
    who: &Checker,
    id: u64,
    invoice: &InvoiceId,
    requested: LookupType,
    started: DateTime<Utc>,
    result: Result<Answer, Failure>,
) -> Msg {
    let new = NewLookup { checked_at: started, who, invoice, requested, result: &result };
    let recorded = store.record(&new).await;
    Msg::LookupDone { id, result: result.map(Box::new), recorded }
}

/// The most checks of one invoice the details list (the newest); the
/// evidence report lists them all.
pub const TIMELINE_SHOWN: usize = 200;

/// The selected lookup with its timeline, cross-references and, after a
/// failure, the last good answer.
pub async fn load_detail(store: &Store, entry_id: u64, store_id: i64, now: DateTime<Utc>, lang: Language) -> Msg {
    let loaded = async {
        let Some(lookup) = store.load(store_id).await? else {
            return Ok(None);
        };
        let known = match &lookup.result {
            Ok(answer) => {
                let (same_card, same_ip) = unless_away(store.seen_elsewhere(answer).await)?;
                Known { same_card, same_ip }
            }
            Err(_) => Known::default(),
        };
        let mut detail = Detail::fresh(entry_id, lookup.result.map(Box::new), known, now, lang);
        detail.by = lookup
            .who
            .who(lang)
            .map(|who| crate::case::Stamp::beside(lookup.stamp.as_ref(), &who, lookup.checked_at, lang));
        detail.timeline = unless_away(store.timeline(&lookup.invoice, Some(TIMELINE_SHOWN)).await)?;
        detail.case = unless_away(store.case(&lookup.invoice).await)?;
        if !detail.answer().is_some_and(|a| a.code.is_success())
            && let Some(good) = unless_away(store.last_good(&lookup.invoice, store_id).await)?
            && let Ok(answer) = good.result
        {
            detail.last_good = Some((good.checked_at, Box::new(answer)));
        }
        Ok::<_, StoreError>(Some(detail))
    }
    .await;
    match loaded {
        Ok(Some(detail)) => Msg::DetailLoaded(Box::new(detail)),
        Ok(None) => Msg::Notice(Notice::problem(i18n::plain(lang, "notice-lookup-gone"))),
        Err(e) => Msg::Notice(Notice::problem(i18n::text(
            lang,
            "notice-cannot-read-history",
            &[("error", e.to_string().into())],
        ))),
    }
}

/// What the team history would add to a lookup (its timeline, who else saw
/// the card), or nothing while it is away: the lookup itself still shows,
/// read from the spool.
fn unless_away<T: Default>(read: Result<T, StoreError>) -> Result<T, StoreError> {
    match read {
        Err(e) if e.is_unreachable() => Ok(T::default()),
        read => read,
    }
}

/// Exports the lookups a filter selects, page by page. Files are written
/// as they are read: this runs on a thread that may block (`spawn_blocking`)
/// and waits there for each page.
pub fn export_list(store: &Store, dir: &Path, filter: &Filter, now: DateTime<Utc>, lang: Language) -> Msg {
    let runtime = tokio::runtime::Handle::current();
    let written = export::write_files(dir, &export::file_stem("history", now), lang, |each| {
        runtime.block_on(store.each_lookup(filter, None, |l| each(&l)))
    });
    export_done(dir, written, lang)
}

/// Exports one lookup.
pub async fn export_one(
    store: &Store,
    dir: &Path,
    store_id: i64,
    invoice: &InvoiceId,
    now: DateTime<Utc>,
    lang: Language,
) -> Msg {
    let stem = export::file_stem(&format!("invoice-{invoice}"), now);
    let lookup = store.load(store_id).await;
    let written = export::write_files(dir, &stem, lang, |each| {
        let lookup = lookup?;
        lookup.iter().try_for_each(&mut *each)?;
        Ok(lookup.iter().count())
    });
    export_done(dir, written, lang)
}

/// Says where an export went, or why there is none.
fn export_done(
    dir: &Path,
    written: std::io::Result<(std::path::PathBuf, std::path::PathBuf, usize)>,
    lang: Language,
) -> Msg {
    match written {
        Ok((json, csv, n)) => {
            let count = crate::epay::money::group_digits(&n.to_string());
            let args = [
                ("count", i18n::count(n)),
                ("shown", count.into()),
                ("json", shown(&json).into()),
                ("csv", shown(&csv).into()),
            ];
            Msg::Notice(Notice::info(i18n::text(lang, "notice-exported", &args)))
        }
        Err(e) if export::NothingToExport::is(&e) => {
            Msg::Notice(Notice::problem(i18n::plain(lang, "notice-nothing-to-export")))
        }
        Err(e) => {
            let args = [("dir", shown(dir).into()), ("error", e.to_string().into())];
            Msg::Notice(Notice::problem(i18n::text(lang, "notice-export-failed", &args)))
        }
    }
}

/// Writes the evidence report for one lookup and says where.
pub async fn report(
    store: &Store,
    dir: &Path,
    store_id: i64,
    now: DateTime<Utc>,
    by: &crate::checker::Checker,
    tz: &crate::zone::Zone,
    lang: Language,
) -> Msg {
    // Laying out the PDF is work for a thread that may block, not for the
    // runtime's.
    let written = match crate::report::Evidence::gather(store, store_id, now, by).await {
        Ok(evidence) => {
            let (owned_dir, tz) = (dir.to_path_buf(), *tz);
            tokio::task::spawn_blocking(move || evidence.write(&owned_dir, &tz, lang)).await.unwrap_or_else(|e| {
                Err(crate::report::ReportError::Write { dir: dir.to_path_buf(), source: std::io::Error::other(e) })
            })
        }
        Err(e) => Err(e),
    };
    match written {
        Ok(written) => {
            let args = [("markdown", shown(&written.markdown).into())];
            Msg::Notice(Notice::info(i18n::text(lang, "notice-report-written", &args)))
        }
        Err(e) => Msg::Notice(Notice::problem(i18n::text(
            lang,
            "notice-report-failed",
            &[("error", e.describe(lang).into())],
        ))),
    }
}

/// Every case as it stands.
pub async fn read_cases(store: &Store) -> Msg {
    Msg::Cases(store.cases().await)
}

/// One invoice's case with its trail.
pub async fn load_case(store: &Store, invoice: InvoiceId) -> Msg {
    Msg::CaseLoaded { invoice, found: store.case(&invoice).await }
}

/// Adds changes to a case. A team history that is away keeps nothing for
/// later: the editor stays open with its text, and the notice says so.
pub async fn change_case(
    store: &Store,
    who: &Checker,
    invoice: InvoiceId,
    changes: &[crate::case::Change],
    opening: &crate::case::Opening,
    now: DateTime<Utc>,
) -> Msg {
    let result = store.change_case(&invoice, who, now, changes, opening).await;
    Msg::CaseChanged { invoice, result }
}
