//! `epay-status history`: what was checked, newest first.

use std::io::Write;

use super::Exit;
use crate::epay::InvoiceId;
use crate::epay::money::format_money;
use crate::export;
use crate::store::{Filter, Store, StoredLookup};

pub enum Format {
    Table,
    Json,
    Csv,
}

pub fn run(
    store: &Store,
    format: Format,
    limit: Option<usize>,
    search: Option<String>,
    invoice: Option<String>,
) -> Exit {
    let filter = match (invoice, search) {
        (Some(i), _) => match InvoiceId::parse(&i) {
            Ok(id) => Filter::Invoice(id),
            Err(e) => {
                eprintln!("error: {e}");
                return Exit::Usage;
            }
        },
        (None, Some(text)) if !text.trim().is_empty() => Filter::Text(text),
        _ => Filter::All,
    };
    let lookups = match store.lookups(&filter, limit) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Local;
        }
    };
    if lookups.is_empty()
        && let Filter::Invoice(id) = &filter
    {
        eprintln!("{id} was never checked: it is not in the history at {}", store.path().display());
        return Exit::NotSuccess;
    }
    let mut out = std::io::stdout().lock();
    let written = match format {
        Format::Csv => export::write_csv(&mut out, &lookups),
        Format::Json => lookups.iter().try_for_each(|l| writeln!(out, "{}", export::history_json(l))),
        Format::Table => write_table(&mut out, &lookups),
    };
    match written {
        Ok(()) => Exit::Ok,
        // A closed pipe (history | head) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) => {
            eprintln!("error: cannot write the history: {e}");
            Exit::Local
        }
    }
}

/// A table for people, with a header, 80 columns wide for invoice IDs of
/// up to 9 digits (longer IDs widen their column); failures line up
/// with answers (their error kind where the amount would be).
fn write_table(out: &mut impl Write, lookups: &[StoredLookup]) -> std::io::Result<()> {
    if lookups.is_empty() {
        return Ok(());
    }
    let invoice_width = lookups.iter().map(|l| l.invoice.as_str().len()).max().unwrap_or(9).max("INVOICE".len());
    let line = |checked: &str, invoice: &str, kind: &str, code: &str, status: &str, amount: &str, profile: &str| {
        format!("{checked:<16}  {invoice:<invoice_width$}  {kind:<4}  {code:<3}  {status:<12}  {amount:>16}  {profile}")
    };
    writeln!(out, "{}", line("CHECKED", "INVOICE", "TYPE", "RES", "STATUS", "AMOUNT", "PROFILE").trim_end())?;
    for l in lookups {
        let checked = l.checked_at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string();
        let (kind, code, status, amount) = match &l.result {
            Ok(a) => {
                let t = a.transaction.as_ref();
                let amount = match t.and_then(|t| t.amount) {
                    Some(amount) => format_money(Some(amount), t.and_then(|t| t.currency.as_deref())),
                    None => String::new(),
                };
                (
                    a.kind,
                    a.code.code().to_owned(),
                    a.status().map(|s| s.name().to_owned()).unwrap_or_else(|| "—".into()),
                    amount,
                )
            }
            Err(f) => (f.kind, "—".to_owned(), "no answer".to_owned(), format!("({})", f.error.kind())),
        };
        let kind = if kind == crate::epay::Kind::P2p { "p2p" } else { "pay" };
        writeln!(
            out,
            "{}",
            line(&checked, l.invoice.as_str(), kind, &code, &status, &amount, &l.who.profile).trim_end()
        )?;
    }
    Ok(())
}
