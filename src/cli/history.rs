//! `epay-status history`: what was checked, newest first.

use std::io::Write;

use super::Exit;
use crate::epay::InvoiceId;
use crate::epay::money::format_money;
use crate::export;
use crate::store::{Filter, Store};

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
    let mut out = std::io::stdout().lock();
    let written = match format {
        Format::Csv => export::write_csv(&mut out, &lookups),
        Format::Json => lookups.iter().try_for_each(|l| writeln!(out, "{}", export::history_json(l))),
        Format::Table => lookups.iter().try_for_each(|l| {
            let checked = l.checked_at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M:%S");
            let (code, status, amount) = match &l.result {
                Ok(a) => {
                    let t = a.transaction.as_ref();
                    (
                        a.code.code().to_owned(),
                        a.status().map(|s| s.name().to_owned()).unwrap_or_else(|| "—".into()),
                        format_money(t.and_then(|t| t.amount), t.and_then(|t| t.currency.as_deref())),
                    )
                }
                Err(f) => ("—".into(), format!("no answer ({})", f.error.kind()), String::new()),
            };
            let kind = match &l.result {
                Ok(a) => a.kind.as_str(),
                Err(f) => f.kind.as_str(),
            };
            writeln!(
                out,
                "{checked}  {:<15}  {kind:<7}  {code:<4} {status:<12} {amount:>16}  {}",
                l.invoice, l.who.profile
            )
        }),
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
