//! The history list: one row per lookup, newest first. Only the visible
//! rows are built, so a long history costs nothing to draw.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table};

use super::theme;
use crate::epay::money::format_amount;
use crate::i18n::{self, Language};
use crate::store::Filter;
use crate::tui::app::{App, Entry, Focus};
use crate::tui::layout::history_offset;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, visible: usize) {
    let lookups = &app.lookups;
    let count = match lookups.total() {
        _ if lookups.loading => i18n::plain(app.context.language, "history-reading"),
        Some(count) => crate::tui::words::count(count, app.context.language),
        None => "?".to_owned(),
    };
    // One title, its parts dropped from the end where the pane is narrow:
    // two titles on one border overwrite each other.
    let lang = app.context.language;
    let mut parts = match &lookups.filter {
        // Not read: what shows is this run's lookups, never "History (0)".
        _ if lookups.unread && !lookups.loading => {
            let count = lookups.len().to_string().into();
            vec![match super::status::away_since(app) {
                Some(since) => i18n::text(lang, "history-title-away", &[("since", since.into()), ("count", count)]),
                None => i18n::text(lang, "history-title-unread", &[("count", count)]),
            }]
        }
        Filter::All => vec![i18n::text(lang, "history-title", &[("count", count.into())])],
        filter => vec![i18n::text(
            lang,
            "history-title-filtered",
            &[("filter", crate::tui::words::filter(filter, lang).into()), ("count", count.into())],
        )],
    };
    if lookups.sort != crate::tui::app::SortBy::Time {
        parts.push(format!("{} (s)", lookups.sort.label(lang)));
    }
    if lookups.filter != Filter::All {
        parts.push(i18n::plain(lang, "history-esc-shows-all"));
    }
    let room = usize::from(area.width.saturating_sub(4));
    while parts.len() > 1 && parts.join(" · ").chars().count() > room {
        parts.pop();
    }
    let title = format!(" {} ", parts.join(" · "));
    let mut block = theme::pane(app.focus == Focus::History).title(Span::styled(title, theme::title()));
    if let Some(batch) = &app.lookups.batch {
        block = block.title_bottom(batch_line(batch, usize::from(area.width.saturating_sub(4)), lang));
    }
    // Narrow panes drop the type column and the seconds; the details say both.
    let narrow = area.width < 46;
    let offset = history_offset(app.lookups.selected, visible);
    let shown = || app.list().iter().enumerate().skip(offset).take(visible);
    // Invoices with a dispute case carry a flag (two columns).
    let flag = |e: &Entry| if app.cases.of(&e.invoice).is_some() { 2 } else { 0 };
    let invoice_width = shown().map(|(_, e)| e.invoice.as_str().len() + flag(e)).max().unwrap_or(9).max(7) as u16;
    // What the fixed columns and their spacing leave inside the borders.
    let status_width = if narrow { NARROW_STATUS } else { STATUS };
    let fixed = 5 + invoice_width + 3 + status_width + if narrow { 0 } else { 3 + 4 + 1 };
    let spare = usize::from(area.width.saturating_sub(2).saturating_sub(fixed));
    let room = if narrow { Room { amount: spare, card: 0, by: 0 } } else { Room::of(spare) };
    let rows = shown().map(|(i, e)| {
        let mut row = row(app, e, narrow, room.amount);
        if room.card > 0 {
            let mask = e.row.as_ref().and_then(|r| r.card.as_deref()).unwrap_or_default();
            row.push(Cell::from(fit_card(mask, room.card)));
            row.push(Cell::from(ellipsis(&e.by, room.by)));
        }
        let row = Row::new(row);
        if i == app.lookups.selected {
            row.style(theme::selected(app.focus == Focus::History, app.context.colour))
        } else {
            row
        }
    });
    let mut header = if narrow {
        vec![
            i18n::plain(lang, "column-time"),
            i18n::plain(lang, "column-invoice"),
            i18n::plain(lang, "column-status"),
            i18n::plain(lang, "column-amount"),
        ]
    } else {
        vec![
            i18n::plain(lang, "column-time"),
            i18n::plain(lang, "column-invoice"),
            i18n::plain(lang, "column-type"),
            i18n::plain(lang, "column-status"),
            i18n::plain(lang, "column-amount"),
        ]
    };
    let mut widths: Vec<Constraint> = if narrow {
        vec![
            Constraint::Length(5),
            Constraint::Length(invoice_width),
            Constraint::Length(status_width),
            Constraint::Min(6),
        ]
    } else {
        vec![
            Constraint::Length(8),
            Constraint::Length(invoice_width),
            Constraint::Length(4),
            Constraint::Length(status_width),
            Constraint::Min(6),
        ]
    };
    if room.card > 0 {
        header.push(i18n::plain(lang, "column-card"));
        header.push(i18n::plain(lang, "column-by"));
        let length = |n: usize| Constraint::Length(u16::try_from(n).unwrap_or(u16::MAX));
        widths[4] = length(room.amount);
        widths.extend([length(room.card), length(room.by)]);
    }
    let header = Row::new(header).style(theme::label());
    let table = Table::new(rows, widths).header(header).column_spacing(1).block(block);
    frame.render_widget(table, area);
}

/// Room for a status with its marks ("FINGERPRINT*⟳"); a narrow pane cuts
/// longer names with an ellipsis.
const STATUS: u16 = 13;
const NARROW_STATUS: u16 = 8;

/// `text` in `width` characters, cut with a visible ellipsis.
fn ellipsis(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    text.chars().take(width.saturating_sub(1)).chain(std::iter::once('…')).collect()
}

/// How the room beside the fixed columns is shared: the amount first,
/// then the card and who checked, where both fit (`card` 0: neither).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Room {
    amount: usize,
    card: usize,
    by: usize,
}

impl Room {
    fn of(spare: usize) -> Room {
        // Widest first: an amount whole ("1 234 567.89 KZT") with the
        // card's mask whole, then the mask as acquirers' notices shorten
        // it ("4003…9821"), then an amount that drops its group spaces.
        // A name of eight or more beside a whole mask, six beside a short one.
        for (amount, card, least) in [(16, 16, 8), (16, 9, 6), (13, 9, 6)] {
            let by = spare.saturating_sub(amount + 1 + card + 1);
            if by >= least {
                return Room { amount, card, by: by.min(12) };
            }
        }
        Room { amount: spare, card: 0, by: 0 }
    }
}

/// A card mask in `width` columns: whole, else its first and last four
/// digits, which are what a dispute notice and the operator match on.
pub(super) fn fit_card(mask: &str, width: usize) -> String {
    let chars: Vec<char> = mask.chars().collect();
    if chars.len() <= width || chars.len() < 8 {
        return ellipsis(mask, width);
    }
    let last: String = chars[chars.len() - 4..].iter().collect();
    if width >= 9 {
        chars[..4].iter().collect::<String>() + "…" + &last
    } else {
        ellipsis(&format!("…{last}"), width)
    }
}

fn row(app: &App, e: &Entry, narrow: bool, amount_width: usize) -> Vec<Cell<'static>> {
    // A row from another day says which day; the details say the time.
    let lang = app.context.language;
    let local = e.checked_at.with_timezone(&app.tz);
    let today = app.today.is_none_or(|today| local.date_naive() == today);
    let time = local.format(match (today, narrow) {
        (true, true) => "%H:%M",
        (true, false) => "%H:%M:%S",
        (false, _) => lang.formats().short_day,
    });
    let time = time.to_string();
    let (kind, status, amount) = match &e.row {
        None => {
            let spin = theme::SPINNER[app.spinner % theme::SPINNER.len()];
            let text = match &e.retrying {
                Some(r) => format!("{spin} {}/{}", r.attempt, r.of),
                None => format!("{spin} …"),
            };
            (short(e.requested.as_str()), Cell::from(Span::styled(text, Style::new().fg(Color::Yellow))), String::new())
        }
        Some(row) => {
            let amount = match (&row.amount, &row.amount_sent) {
                (Some(a), _) => fit_amount(*a, row.currency.as_deref(), amount_width, lang),
                // As sent, marked: not a number this program understood.
                (None, Some(sent)) => ellipsis(&format!("{sent}?"), amount_width),
                (None, None) => String::new(),
            };
            let status = match (&row.code, &row.status) {
                (None, _) => Span::styled(i18n::plain(lang, "history-error"), Style::new().fg(Color::Red)),
                (Some(code), Some(s)) if code.is_success() => {
                    let mut style = Style::new().fg(theme::tone(s.tone()));
                    if e.changed {
                        // A status that moved since the previous check stands out.
                        style = style.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
                    }
                    let mark = if e.changed { "*" } else { "" };
                    let mark = if app.watches.by_invoice.contains_key(&e.invoice) {
                        format!("{mark}⟳")
                    } else {
                        mark.to_owned()
                    };
                    let width = usize::from(if narrow { NARROW_STATUS } else { STATUS });
                    Span::styled(ellipsis(&format!("{}{mark}", s.name()), width), style)
                }
                (Some(code), _) => Span::styled(
                    i18n::text(lang, "sheet-code", &[("code", code.code().to_owned().into())]),
                    Style::new().fg(Color::Red),
                ),
            };
            (short(row.kind.as_str()), Cell::from(status), amount)
        }
    };
    let invoice = match app.cases.of(&e.invoice) {
        Some(case) => {
            let today = app.today.unwrap_or_else(|| e.checked_at.with_timezone(&app.tz).date_naive());
            let (_, style) = super::cases::urgency(case, today);
            Cell::from(Line::from(vec![Span::raw(e.invoice.to_string()), Span::styled(" ⚑", style)]))
        }
        None => Cell::from(e.invoice.to_string()),
    };
    if narrow {
        vec![Cell::from(time), invoice, status, Cell::from(amount)]
    } else {
        vec![Cell::from(time), invoice, Cell::from(kind), status, Cell::from(amount)]
    }
}

/// "batch 7/20 ▰▰▰▱▱▱ CHARGE 4 · REFUND 1 · no answer 2"
/// The amount and currency in `width` columns: grouped when that fits, else
/// without the group spaces and a zero fraction, else the number cut with an
/// ellipsis, so a clipped cell never shows a currency-less amount as if it
/// were whole.
fn fit_amount(amount: rust_decimal::Decimal, currency: Option<&str>, width: usize, lang: Language) -> String {
    let grouped = format_amount(amount, lang);
    let with = |number: &str| match currency {
        Some(c) => format!("{number} {c}"),
        None => number.to_owned(),
    };
    let full = with(&grouped);
    if full.chars().count() <= width {
        return full;
    }
    let spaceless: String = grouped.chars().filter(|c| *c != ' ').collect();
    let zero = format!("{}00", lang.decimal_mark());
    let compact = spaceless.strip_suffix(zero.as_str()).unwrap_or(&spaceless);
    let shorter = with(compact);
    if shorter.chars().count() <= width {
        return shorter;
    }
    compact.chars().take(width.saturating_sub(1)).collect::<String>() + "…"
}

fn batch_line(batch: &crate::tui::app::Batch, width: usize, lang: Language) -> Line<'static> {
    let total = batch.ids.len().max(1);
    let slots = 10;
    let filled = batch.done * slots / total;
    let bar: String = "▰".repeat(filled) + &"▱".repeat(slots - filled);
    let counts: Vec<String> = batch.counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
    let done = i18n::text(lang, "history-batch", &[("done", batch.done.into()), ("of", batch.ids.len().into())]);
    let text = ellipsis(&format!(" {done} {bar} {} ", counts.join(" · ")), width);
    let color = if batch.done == batch.ids.len() { Color::Green } else { Color::Yellow };
    Line::styled(text, Style::new().fg(color))
}

fn short(kind: &str) -> &'static str {
    match kind {
        "payment" => "pay",
        "p2p" => "p2p",
        _ => "auto",
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use rust_decimal::Decimal;

    use super::{Room, fit_amount, fit_card};
    use crate::i18n::Language;

    #[test]
    fn amounts_keep_their_currency_or_say_they_are_cut() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let en = Language::En;
        assert_eq!(fit_amount(d("2990.5"), Some("KZT"), 12, en), "2 990.50 KZT");
        assert_eq!(fit_amount(d("2990.5"), Some("KZT"), 11, en), "2990.50 KZT");
        assert_eq!(fit_amount(d("77000"), Some("KZT"), 9, en), "77000 KZT", "a zero fraction goes first");
        assert_eq!(fit_amount(d("2990.5"), Some("KZT"), 9, en), "2990.50…");
        assert_eq!(fit_amount(d("12.22"), None, 9, en), "12.22");
        assert_eq!(fit_amount(d("2990.5"), Some("KZT"), 12, Language::Ru), "2 990,50 KZT");
        assert_eq!(fit_amount(d("77000"), Some("KZT"), 9, Language::Ru), "77000 KZT");
    }

    #[test]
    fn the_card_and_who_checked_take_what_the_amount_leaves() {
        // 80 columns stacked (9-digit IDs): a name rather than a whole mask.
        assert_eq!(Room::of(40), Room { amount: 16, card: 9, by: 12 });
        // The list beside the details from 120 columns.
        assert_eq!(Room::of(32), Room { amount: 13, card: 9, by: 8 });
        assert_eq!(Room::of(44), Room { amount: 16, card: 16, by: 10 });
        assert_eq!(Room::of(90), Room { amount: 16, card: 16, by: 12 });
        // Below that, the amount has it all.
        assert_eq!(Room::of(29), Room { amount: 29, card: 0, by: 0 });
        assert_eq!(Room::of(18), Room { amount: 18, card: 0, by: 0 });
    }

    #[test]
    fn a_card_keeps_its_first_and_last_digits() {
        assert_eq!(fit_card("400303******9821", 16), "400303******9821");
        assert_eq!(fit_card("400303******9821", 9), "4003…9821");
        assert_eq!(fit_card("400303******9821", 6), "…9821");
        assert_eq!(fit_card("", 9), "");
        assert_eq!(fit_card("44**", 3), "44…");
    }
}
