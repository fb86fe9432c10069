//! `epay-status history`: what was checked, newest first.

use std::io::Write;

use super::Exit;
use crate::epay::InvoiceId;
use crate::epay::money::format_money;
use crate::export;
use crate::i18n::{self, Language};
use crate::store::{Filter, Store, StoredLookup};

pub enum Format {
    Table,
    Json,
    Csv,
}

pub async fn run(
    store: &Store,
    format: Format,
    limit: Option<usize>,
    search: Option<String>,
    invoice: Option<String>,
    lang: Language,
) -> Exit {
    let filter = match (invoice, search) {
        (Some(i), _) => match InvoiceId::parse(&i) {
            Ok(id) => Filter::Invoice(id),
            Err(e) => {
                eprintln!("{}", i18n::text(lang, "cli-error", &[("message", e.describe(lang).into())]));
                return Exit::Usage;
            }
        },
        (None, Some(text)) if !text.trim().is_empty() => Filter::Text(text),
        _ => Filter::All,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // Read and written a page at a time: a history of any size streams.
    let written = match format {
        Format::Csv => match export::csv_writer(&mut out, lang) {
            Ok(mut csv) => {
                let each = |l: StoredLookup| csv.write_record(export::csv_row(&l)).map_err(std::io::Error::from);
                match store.each_lookup(&filter, limit, each).await {
                    Ok(n) => csv.flush().map(|()| n),
                    Err(e) => Err(e),
                }
            }
            Err(e) => Err(e),
        },
        Format::Json => store.each_lookup(&filter, limit, |l| writeln!(out, "{}", export::history_json(&l))).await,
        Format::Table => write_table(&mut out, store, &filter, limit, lang).await,
    }
    .and_then(|n| out.flush().map(|()| n));
    match written {
        Ok(0) if matches!(filter, Filter::Invoice(_)) => {
            let args = [("invoice", invoice_of(&filter).into()), ("location", store.location().into())];
            eprintln!("{}", i18n::text(lang, "history-never-checked", &args));
            Exit::NotSuccess
        }
        // Rows were there, none could be read: not "empty" (the caller
        // says how many were passed over).
        Ok(0) if filter == Filter::All && store.skipped_rows() > 0 => Exit::Ok,
        Ok(0) if filter == Filter::All => {
            eprintln!("{}", i18n::text(lang, "history-empty", &[("location", store.location().into())]));
            Exit::Ok
        }
        Ok(_) => Exit::Ok,
        // A closed pipe (history | head) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(e) if e.get_ref().is_some_and(|inner| inner.is::<crate::store::StoreError>()) => {
            eprintln!("{}", i18n::text(lang, "cli-error", &[("message", e.to_string().into())]));
            Exit::Local
        }
        Err(e) => {
            eprintln!("{}", i18n::text(lang, "history-cannot-write", &[("error", e.to_string().into())]));
            Exit::Local
        }
    }
}

fn invoice_of(filter: &Filter) -> String {
    match filter {
        Filter::Invoice(id) => id.to_string(),
        _ => String::new(),
    }
}

/// A table for people, with a header, 80 columns wide for invoice IDs of
/// up to 9 digits (longer IDs widen their column: as wide as the longest
/// on the first page, which is all of a short history); failures line up
/// with answers (their error kind where the amount would be).
async fn write_table(
    out: &mut impl Write,
    store: &Store,
    filter: &Filter,
    limit: Option<usize>,
    lang: Language,
) -> std::io::Result<usize> {
    const FIRST_PAGE: usize = 500;
    let mut first = Vec::new();
    let mut width = None;
    let n = store
        .each_lookup(filter, limit, |l| match width {
            Some(w) => table_row(out, &l, w, lang),
            None => {
                first.push(l);
                if first.len() == FIRST_PAGE {
                    width = Some(table_start(out, &mut first, lang)?);
                }
                Ok(())
            }
        })
        .await?;
    if width.is_none() && !first.is_empty() {
        table_start(out, &mut first, lang)?;
    }
    Ok(n)
}

/// The header, then the rows that set the invoice column's width; returns it.
fn table_start(out: &mut impl Write, first: &mut Vec<StoredLookup>, lang: Language) -> std::io::Result<usize> {
    let header = [
        i18n::plain(lang, "history-col-checked"),
        i18n::plain(lang, "history-col-invoice"),
        i18n::plain(lang, "history-col-type"),
        i18n::plain(lang, "history-col-result"),
        i18n::plain(lang, "history-col-status"),
        i18n::plain(lang, "history-col-amount"),
        i18n::plain(lang, "history-col-by"),
    ];
    let width = first.iter().map(|l| l.invoice.as_str().len()).max().unwrap_or(9).max(header[1].chars().count());
    writeln!(out, "{}", table_line(width, header.each_ref().map(String::as_str)).trim_end())?;
    first.drain(..).try_for_each(|l| table_row(out, &l, width, lang))?;
    Ok(width)
}

fn table_line(width: usize, [checked, invoice, kind, code, status, amount, by]: [&str; 7]) -> String {
    format!("{checked:<16}  {invoice:<width$}  {kind:<4}  {code:<3}  {status:<12}  {amount:>16}  {by}")
}

/// The operator, cut to keep the table in 80 columns (JSON and CSV have it
/// whole, with the machine and the profile).
fn by(operator: &str) -> String {
    if operator.chars().count() <= 8 { operator.to_owned() } else { operator.chars().take(7).chain(['…']).collect() }
}

fn table_row(out: &mut impl Write, l: &StoredLookup, width: usize, lang: Language) -> std::io::Result<()> {
    let checked =
        l.checked_at.with_timezone(&crate::zone::Zone::operators()).format(lang.formats().minutes).to_string();
    let (kind, code, status, amount) = match &l.result {
        Ok(a) => {
            let t = a.transaction.as_ref();
            let amount = match t.and_then(|t| t.amount) {
                Some(amount) => format_money(Some(amount), t.and_then(|t| t.currency.as_deref()), lang),
                None => String::new(),
            };
            (
                a.kind,
                a.code.code().to_owned(),
                a.status().map(|s| s.name().to_owned()).unwrap_or_else(|| "—".into()),
                amount,
            )
        }
        Err(f) => (f.kind, "—".to_owned(), i18n::plain(lang, "sheet-no-answer"), format!("({})", f.error.kind())),
    };
    let kind = if kind == crate::epay::Kind::P2p { "p2p" } else { "pay" };
    let width = width.max(l.invoice.as_str().len());
    writeln!(
        out,
        "{}",
        table_line(width, [&checked, l.invoice.as_str(), kind, &code, &status, &amount, &by(&l.who.operator)])
            .trim_end()
    )
}
