//! The chargeback intake on screen: the path's line, the progress, and the
//! rows left to resolve in the list's place, the selected one in the details.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::theme;
use super::wrap::{hanging, wrap};
use crate::i18n;
use crate::intake::Outcome;
use crate::tui::app::{App, Focus};
use crate::tui::layout::history_offset;

/// The rows left to resolve, in the history list's place.
pub fn draw_list(frame: &mut Frame, area: Rect, app: &App, visible: usize) {
    let lang = app.context.language;
    let rows = &app.intaking.rows;
    let mut parts = vec![i18n::text(lang, "intake-title", &[("count", i18n::count(rows.len()))])];
    parts.push(i18n::plain(lang, "intake-esc"));
    let room = usize::from(area.width.saturating_sub(4));
    while parts.len() > 1 && parts.join(" · ").chars().count() > room {
        parts.pop();
    }
    let block = theme::pane(app.focus == Focus::History)
        .title(Span::styled(format!(" {} ", parts.join(" · ")), theme::title()));
    let offset = history_offset(app.intaking.selected, visible);
    let table_rows = rows.iter().enumerate().skip(offset).take(visible).map(|(i, r)| {
        let n = r.notice.as_ref();
        let style = match r.outcome {
            Outcome::Ambiguous(_) => Style::new().fg(Color::Yellow),
            _ => Style::new().fg(Color::Red),
        };
        let cells = vec![
            Cell::from(r.line.to_string()),
            Cell::from(Span::styled(outcome_words(&r.outcome, lang), style)),
            Cell::from(n.map(|n| n.date.format(lang.formats().date).to_string()).unwrap_or_default()),
            Cell::from(n.map(|n| crate::epay::money::format_amount(n.amount, lang)).unwrap_or_default()),
            Cell::from(n.map(|n| n.card_text.clone()).unwrap_or_default()),
            Cell::from(n.map(|n| n.reason_code.clone()).unwrap_or_default()),
        ];
        let row = Row::new(cells);
        if i == app.intaking.selected {
            row.style(theme::selected(app.focus == Focus::History, app.context.colour))
        } else {
            row
        }
    });
    let header = [
        i18n::plain(lang, "intake-col-line"),
        i18n::plain(lang, "intake-col-outcome"),
        i18n::plain(lang, "intake-col-date"),
        i18n::plain(lang, "found-col-amount"),
        i18n::plain(lang, "found-col-card"),
        i18n::plain(lang, "intake-col-reason"),
    ];
    let widths = [
        Constraint::Length(5),
        Constraint::Length(12),
        Constraint::Length(10),
        Constraint::Length(12),
        Constraint::Length(19),
        Constraint::Min(6),
    ];
    let table =
        Table::new(table_rows, widths).header(Row::new(header).style(theme::label())).column_spacing(1).block(block);
    frame.render_widget(table, area);
}

fn outcome_words(outcome: &Outcome, lang: i18n::Language) -> String {
    match outcome {
        Outcome::Ambiguous(_) => i18n::plain(lang, "intake-ambiguous"),
        Outcome::NotFound => i18n::plain(lang, "intake-not-found"),
        Outcome::Invalid(_) => i18n::plain(lang, "intake-invalid"),
        Outcome::Opened | Outcome::Exists { .. } => String::new(),
    }
}

/// The selected row in the details: the notice, what was tried, and for an
/// ambiguous row its candidates, the chosen one marked.
pub fn sheet(app: &App, width: usize) -> Vec<Line<'static>> {
    let lang = app.context.language;
    let Some(row) = app.intaking.selected_row() else {
        return wrap(&i18n::plain(lang, "intake-none-left"), width).into_iter().map(Line::from).collect();
    };
    let mut lines = Vec::new();
    if let Some(n) = &row.notice {
        lines.push(Line::styled(n.key(), theme::title()));
        let reason = crate::reasons::find(&n.reason_code).map_or_else(|| n.reason_code.clone(), |r| r.title(lang));
        lines.extend(hanging(
            Span::styled(format!("{:<11}", i18n::plain(lang, "intake-field-reason")), theme::label()),
            &reason,
            Style::new(),
            width,
            8,
        ));
        let amount = crate::epay::money::format_money(Some(n.amount), n.currency.as_deref(), lang);
        let paid = format!("{} · {amount} · {}", n.date.format(lang.formats().date), n.card_text);
        lines.extend(hanging(
            Span::styled(format!("{:<11}", i18n::plain(lang, "intake-field-payment")), theme::label()),
            &paid,
            Style::new(),
            width,
            8,
        ));
    }
    if let Outcome::Invalid(why) = &row.outcome {
        lines.extend(wrap(why, width).into_iter().map(|l| Line::styled(l, Style::new().fg(Color::Red))));
    }
    for tried in &row.tried {
        lines.extend(hanging(
            Span::styled(format!("{:<11}", i18n::plain(lang, "intake-field-tried")), theme::label()),
            tried,
            Style::new(),
            width,
            8,
        ));
    }
    let candidates = app.intaking.candidates();
    if !candidates.is_empty() {
        lines.push(Line::from(""));
        let choose = i18n::plain(lang, "intake-choose");
        lines.extend(wrap(&choose, width).into_iter().map(|l| Line::styled(l, theme::title())));
        for (i, c) in candidates.iter().enumerate() {
            let chosen = i == app.intaking.candidate;
            let mark = if chosen { "(•)" } else { "( )" };
            let style =
                if chosen { Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED) } else { Style::new() };
            let said = row.about.get(i).unwrap_or(c);
            lines.extend(hanging(Span::raw(format!("{mark} ")), said, style, width, 4));
        }
    } else if matches!(row.outcome, Outcome::NotFound) {
        lines.push(Line::from(""));
        lines.extend(
            wrap(&i18n::plain(lang, "intake-not-found-help"), width)
                .into_iter()
                .map(|l| Line::styled(l, theme::label())),
        );
    }
    lines
}

/// The path's line, over the list, and the progress while it runs.
pub fn draw_prompt(frame: &mut Frame, area: Rect, app: &App) {
    let lang = app.context.language;
    let (title, text, help) = match (&app.intaking.prompt, app.intaking.progress) {
        (Some(prompt), _) => (
            i18n::plain(lang, "intake-prompt-title"),
            prompt.value().to_owned(),
            i18n::plain(lang, "intake-prompt-help"),
        ),
        (None, Some((done, total))) => {
            let spin = theme::SPINNER[app.spinner % theme::SPINNER.len()];
            let args = [("done", done.into()), ("total", total.into())];
            (
                i18n::plain(lang, "intake-running-title"),
                format!("{spin} {}", i18n::text(lang, "intake-running", &args)),
                String::new(),
            )
        }
        (None, None) => return,
    };
    let popup = area.centered(Constraint::Max(76), Constraint::Length(3));
    let inner = theme::popup(frame, popup, &title, &help);
    if let Some(prompt) = &app.intaking.prompt {
        let width = usize::from(inner.width.max(1));
        let scroll = prompt.visual_scroll(width.saturating_sub(1));
        let shown: String = text.chars().skip(scroll).collect();
        frame.render_widget(Paragraph::new(shown), inner);
        let x = (prompt.visual_cursor().max(scroll) - scroll) as u16;
        frame.set_cursor_position((inner.x + x, inner.y));
    } else {
        frame.render_widget(Paragraph::new(text), inner);
    }
}
