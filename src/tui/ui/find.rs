//! The statement search on screen: its results in the history list's
//! place, an operation in the details, and the form over them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::theme;
use super::wrap::wrap;
use crate::epay::money::format_amount;
use crate::epay::{Operation, Search};
use crate::i18n::{self, Language};
use crate::tui::app::{App, Field, Focus, Results};
use crate::tui::layout::history_offset;

/// The period as the title says it: Kazakhstan's days.
fn period(search: &Search, lang: Language) -> String {
    let day = |d: chrono::NaiveDate| d.format(lang.formats().date).to_string();
    format!("{} – {}", day(search.from), day(search.to))
}

/// The results, in the history list's place.
pub fn draw_list(frame: &mut Frame, area: Rect, app: &App, visible: usize) {
    let lang = app.context.language;
    let (title, message) = match &app.finding.results {
        Results::None => (i18n::plain(lang, "found-title-none"), None),
        Results::Searching(search) => {
            let spin = theme::SPINNER[app.spinner % theme::SPINNER.len()];
            let args = [("period", period(search, lang).into())];
            (
                i18n::text(lang, "found-title-searching", &args),
                Some(format!("{spin} {}", i18n::plain(lang, "found-searching"))),
            )
        }
        Results::Found(search, found) => {
            let args = [("count", i18n::count(found.operations.len())), ("period", period(search, lang).into())];
            let empty = found.operations.is_empty().then(|| i18n::plain(lang, "found-none"));
            (i18n::text(lang, "found-title", &args), empty)
        }
        Results::Failed(search, why, raw) => {
            let args = [("period", period(search, lang).into())];
            // An answer that could not be read is shown whole under why.
            let raw = raw.as_ref().map(|r| serde_json::to_string_pretty(r).unwrap_or_default());
            let message = match raw {
                Some(raw) => format!("{why}\n\n{raw}"),
                None => why.clone(),
            };
            (i18n::text(lang, "found-title-failed", &args), Some(message))
        }
    };
    let mut parts = vec![title, i18n::plain(lang, "found-esc")];
    let room = usize::from(area.width.saturating_sub(4));
    while parts.len() > 1 && parts.join(" · ").chars().count() > room {
        parts.pop();
    }
    let block = theme::pane(app.focus == Focus::History)
        .title(Span::styled(format!(" {} ", parts.join(" · ")), theme::title()));
    if let Some(message) = message {
        let width = usize::from(area.width.saturating_sub(2));
        let style =
            if matches!(app.finding.results, Results::Failed(..)) { Style::new().fg(Color::Red) } else { Style::new() };
        let lines: Vec<Line> = message.lines().flat_map(|l| wrap(l, width)).map(|l| Line::styled(l, style)).collect();
        frame.render_widget(Paragraph::new(lines).block(block), area);
        return;
    }
    let operations = app.finding.operations();
    let offset = history_offset(app.finding.selected, visible);
    let inner = usize::from(area.width.saturating_sub(2));
    // Narrow panes leave out the RRN; wide ones show the card whole.
    let with_rrn = inner >= 70;
    // Two more for the flag of an invoice with a dispute case.
    let flagged = |op: &Operation| op.invoice().is_some_and(|i| app.cases.of(&i).is_some());
    let invoice_width = operations
        .iter()
        .skip(offset)
        .take(visible)
        .map(|o| {
            o.transaction.invoice_id.as_ref().map_or(0, |i| i.chars().count().min(15)) + 2 * usize::from(flagged(o))
        })
        .max()
        .unwrap_or(9)
        .max(7) as u16;
    let card_width: u16 = if inner >= 100 { 16 } else { 9 };
    let rows = operations.iter().enumerate().skip(offset).take(visible).map(|(i, op)| {
        let row = Row::new(cells(op, app, with_rrn, usize::from(card_width)));
        if i == app.finding.selected {
            row.style(theme::selected(app.focus == Focus::History, app.context.colour))
        } else {
            row
        }
    });
    let mut header = vec![
        i18n::plain(lang, "found-col-date"),
        i18n::plain(lang, "column-invoice"),
        i18n::plain(lang, "found-col-amount"),
        i18n::plain(lang, "found-col-card"),
        i18n::plain(lang, "found-col-status"),
    ];
    let mut widths = vec![
        Constraint::Length(11),
        Constraint::Length(invoice_width),
        Constraint::Length(12),
        Constraint::Length(card_width),
        // FINGERPRINT, PARTIAL_HOLD
        Constraint::Length(12),
    ];
    if with_rrn {
        header.push(i18n::plain(lang, "found-col-rrn"));
        widths.push(Constraint::Min(12));
    }
    let table = Table::new(rows, widths).header(Row::new(header).style(theme::label())).column_spacing(1).block(block);
    frame.render_widget(table, area);
}

fn cells(op: &Operation, app: &App, with_rrn: bool, card_width: usize) -> Vec<Cell<'static>> {
    let t = &op.transaction;
    let lang = app.context.language;
    let when = t.created.map_or_else(
        || t.created_raw.clone().unwrap_or_default(),
        |c| c.with_timezone(&app.tz).format(lang.formats().short_minutes).to_string(),
    );
    // An amount that could not be read shows as sent.
    let amount = t.amount.map(|a| format_amount(a, lang)).or_else(|| t.as_received("amount").map(str::to_owned));
    let amount = amount.unwrap_or_else(|| "—".into());
    let card = t.card_mask.as_deref().map(|m| super::history::fit_card(m, card_width)).unwrap_or_default();
    let status = t.status.as_ref().map(|s| {
        Span::styled(s.name().to_owned(), Style::new().fg(theme::tone(s.tone())).add_modifier(Modifier::BOLD))
    });
    let invoice = t.invoice_id.clone().unwrap_or_default();
    let invoice = match op.invoice().and_then(|i| app.cases.of(&i)) {
        Some(case) => {
            let (_, style) = super::cases::urgency(case, super::cases::today(app));
            Cell::from(Line::from(vec![Span::raw(invoice), Span::styled(" ⚑", style)]))
        }
        None => Cell::from(invoice),
    };
    let mut cells = vec![
        Cell::from(when),
        invoice,
        Cell::from(Line::from(amount).right_aligned()),
        Cell::from(card),
        Cell::from(status.unwrap_or_default()),
    ];
    if with_rrn {
        cells.push(Cell::from(t.reference.clone().unwrap_or_default()));
    }
    cells
}

/// The selected operation in the details: what the statement says of it,
/// and what can be done with it.
pub fn sheet(app: &App, width: usize) -> Vec<Line<'static>> {
    let lang = app.context.language;
    let Some(op) = app.finding.selected_operation() else {
        let text = if app.finding.is_searching() {
            i18n::plain(lang, "found-details-wait")
        } else {
            i18n::plain(lang, "found-details-none")
        };
        return wrap(&text, width).into_iter().map(Line::from).collect();
    };
    let t = &op.transaction;
    let status = t.status.as_ref().map_or_else(|| "—".to_owned(), |s| s.name().to_owned());
    let headline = i18n::text(lang, "found-details-headline", &[("status", status.into())]);
    let mut lines = vec![Line::styled(headline, theme::title())];
    let mut rows = crate::sheet::at_a_glance(t, &app.tz, lang);
    let row = |label: String, value: &Option<String>| crate::sheet::Row {
        label,
        value: value.clone().unwrap_or_else(|| "—".into()),
        tone: None,
    };
    rows.push(row(i18n::plain(lang, "found-field-invoice"), &t.invoice_id));
    rows.push(row("RRN".into(), &t.reference));
    let payer = [&t.name, &t.email, &t.phone].into_iter().flatten().cloned().collect::<Vec<_>>().join(" · ");
    rows.push(row(i18n::plain(lang, "found-field-payer"), &Some(payer).filter(|p| !p.is_empty())));
    lines.extend(super::details::glance_lines(&rows, width));
    lines.push(Line::from(""));
    let hint = if op.invoice().is_some() {
        i18n::plain(lang, "found-details-keys")
    } else {
        i18n::plain(lang, "found-details-no-invoice")
    };
    lines.extend(wrap(&hint, width).into_iter().map(|l| Line::styled(l, theme::label())));
    lines
}

/// The form, over the list and the details.
pub fn draw_form(frame: &mut Frame, area: Rect, app: &App) {
    let Some(form) = &app.finding.form else { return };
    let lang = app.context.language;
    let labels = Field::ALL.map(|f| match f {
        Field::Rrn => i18n::plain(lang, "find-field-rrn"),
        Field::Card => i18n::plain(lang, "find-field-card"),
        Field::Amount => i18n::plain(lang, "find-field-amount"),
        Field::From => i18n::plain(lang, "find-field-from"),
        Field::To => i18n::plain(lang, "find-field-to"),
    });
    let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(6) + 1;
    let height = (Field::ALL.len() as u16 + 4).min(area.height.saturating_sub(2));
    let popup = area.centered(Constraint::Max(72), Constraint::Length(height));
    let (title, keys) = (i18n::plain(lang, "find-form-title"), i18n::plain(lang, "find-form-help"));
    let inner = theme::popup(frame, popup, &title, &keys);
    let examples = [
        i18n::plain(lang, "find-example-rrn"),
        i18n::plain(lang, "find-example-card"),
        i18n::plain(lang, "find-example-amount"),
        i18n::plain(lang, "find-example-from"),
        i18n::plain(lang, "find-example-to"),
    ];
    let value_width = usize::from(inner.width).saturating_sub(label_width + 1).max(1);
    for (i, input) in form.fields.iter().enumerate() {
        let y = inner.y + 1 + i as u16;
        if y >= inner.bottom() {
            break;
        }
        let focused = i == form.at;
        let label_style = if focused { theme::title() } else { theme::label() };
        let marker = if focused { "›" } else { " " };
        let scroll = input.visual_scroll(value_width.saturating_sub(1));
        let value = if input.value().is_empty() && !focused {
            Span::styled(examples[i].clone(), theme::label())
        } else {
            Span::styled(
                input.value().chars().skip(scroll).collect::<String>(),
                Style::new().add_modifier(Modifier::UNDERLINED),
            )
        };
        let line = Line::from(vec![Span::styled(format!("{marker}{:<label_width$}", labels[i]), label_style), value]);
        frame.render_widget(Paragraph::new(line), Rect::new(inner.x, y, inner.width, 1));
        if focused {
            let x = (input.visual_cursor().max(scroll) - scroll) as u16;
            frame.set_cursor_position((inner.x + 1 + label_width as u16 + x, y));
        }
    }
}
