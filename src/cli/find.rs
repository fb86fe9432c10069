//! `epay-status find`: the statement search, for a dispute notice that gives
//! no invoice ID. A line per operation (or JSON Lines), the summary on stderr.

use std::io::Write;

use serde_json::json;

use super::Exit;
use crate::epay::money::format_money;
use crate::epay::{End, FindError, Found, Operation, Search, StatementClient};
use crate::i18n::{self, Language};

/// How the operations are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    Table,
    Json,
    /// The pages as received (cleaned), one JSON document a line.
    Raw,
}

pub async fn run(statement: &StatementClient, search: &Search, output: Output, lang: Language) -> Exit {
    let found = statement.search(search, &|_| {}).await;
    let mut out = std::io::stdout().lock();
    let found = match found {
        Ok(found) => found,
        Err(e) => {
            if let (FindError::Unreadable { raw, .. }, Output::Raw) = (&e, output) {
                let _ = writeln!(out, "{raw}");
            }
            super::error(lang, e.describe(lang));
            return Exit::NoAnswer;
        }
    };
    let written = match output {
        Output::Raw => found.pages.iter().try_for_each(|page| writeln!(out, "{page}")),
        Output::Json => found.operations.iter().try_for_each(|op| writeln!(out, "{}", json_line(op))),
        Output::Table => table(&mut out, &found.operations, lang),
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Exit::Ok;
        }
        super::error(lang, e);
        return Exit::Local;
    }
    summary(search, &found, lang);
    if found.operations.is_empty() { Exit::NotSuccess } else { Exit::Ok }
}

/// What the search read, on stderr: nothing found, more than was read, or
/// elements that were not operations.
fn summary(search: &Search, found: &Found, lang: Language) {
    let period = ("period", format!("{} – {}", search.from, search.to).into());
    if found.operations.is_empty() && found.unread.is_empty() {
        super::warning(lang, i18n::text(lang, "find-nothing", &[period]));
    }
    if !found.unread.is_empty() {
        super::warning(lang, i18n::text(lang, "find-unread", &[("count", found.unread.len().into())]));
    }
    if found.is_partial() {
        let read = found.operations.len() + found.unread.len();
        let args =
            [("read", read.into()), ("total", found.total.map_or_else(|| "?".to_owned(), |t| t.to_string()).into())];
        let said = match found.end {
            End::Repeated => i18n::text(lang, "find-partial-repeated", &args),
            End::PageLimit => i18n::text(lang, "find-partial-limit", &args),
            End::Complete => i18n::text(lang, "find-partial-total", &args),
        };
        super::warning(lang, said);
    }
}

fn text(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or_default()
}

fn table(out: &mut impl Write, operations: &[Operation], lang: Language) -> std::io::Result<()> {
    let zone = crate::zone::Zone::operators();
    let invoice_width = operations.iter().filter_map(|o| o.transaction.invoice_id.as_ref()).map(String::len).max();
    let width = invoice_width.unwrap_or(9).max(9);
    let line = |[when, invoice, amount, card, rrn, status]: [&str; 6]| {
        format!("{when:<23}  {invoice:<width$}  {amount:>16}  {card:<16}  {rrn:<12}  {status}").trim_end().to_owned()
    };
    if operations.is_empty() {
        return Ok(());
    }
    let header = [
        i18n::plain(lang, "find-col-date"),
        i18n::plain(lang, "find-col-invoice"),
        i18n::plain(lang, "find-col-amount"),
        i18n::plain(lang, "find-col-card"),
        i18n::plain(lang, "find-col-rrn"),
        i18n::plain(lang, "find-col-status"),
    ];
    writeln!(out, "{}", line(header.each_ref().map(String::as_str)))?;
    for op in operations {
        let t = &op.transaction;
        let when = match t.created {
            // With its offset: the notice's day is Kazakhstan's, this zone may not be.
            Some(at) => at.with_timezone(&zone).format(&format!("{} %:z", lang.formats().minutes)).to_string(),
            None => t.created_raw.clone().unwrap_or_default(),
        };
        let amount = match t.amount {
            Some(a) => format_money(Some(a), t.currency.as_deref(), lang),
            None => t.as_received("amount").unwrap_or_default().to_owned(),
        };
        let status = t.status.as_ref().map(|s| s.name().to_owned()).unwrap_or_default();
        let rrn = t.reference.as_ref().or(t.xls_rrn.as_ref());
        let row =
            [when.as_str(), text(&t.invoice_id), &amount, text(&t.card_mask), rrn.map_or("", String::as_str), &status];
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// One operation for scripts: the fields a dispute needs, and the object as
/// received.
fn json_line(op: &Operation) -> serde_json::Value {
    let t = &op.transaction;
    json!({
        "invoiceId": t.invoice_id,
        "reference": t.reference.as_ref().or(t.xls_rrn.as_ref()),
        "cardMask": t.card_mask,
        "amount": t.amount.map(|a| a.normalize().to_string()),
        "currency": t.currency,
        "dateTime": t.created_raw,
        "status": t.status.as_ref().map(|s| s.name().to_owned()),
        "raw": op.raw,
    })
}
