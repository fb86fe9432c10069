//! Dispute cases on screen: the cases view's list, a case's lines in the
//! details, and the editor that changes one. Overdue is said in words and
//! with a marker as well as in colour, so it survives NO_COLOR.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Table};

use super::layout::history_offset;
use super::theme;
use super::wrap::{hanging, wrap};
use crate::case::{Case, CaseFile, Change, State};
use crate::tui::app::{App, DUE_SOON_DAYS, EditorKind, Focus};

/// How many of the newest notes the details show under a lookup.
const NOTES_SHOWN: usize = 3;

/// The mark and style of a case's deadline: overdue (▲, red), due soon
/// (●, yellow), or plain.
pub(super) fn urgency(case: &Case, today: NaiveDate) -> (&'static str, Style) {
    if case.is_overdue(today) {
        ("▲ ", Style::new().fg(Color::Red).add_modifier(Modifier::BOLD))
    } else if case.is_due_within(today, DUE_SOON_DAYS) {
        ("● ", Style::new().fg(Color::Yellow))
    } else {
        ("", Style::new())
    }
}

/// The deadline in words with its mark: "▲ 2 days overdue (11-26)".
fn due(case: &Case, today: NaiveDate) -> Span<'static> {
    let (mark, style) = urgency(case, today);
    let text = match (case.deadline, case.due_in_words(today)) {
        (None, _) => "no deadline".to_owned(),
        (Some(d), Some(left)) => format!("{mark}{left} ({})", d.format("%m-%d")),
        (Some(d), None) => format!("deadline {}", d.format("%Y-%m-%d")),
    };
    Span::styled(text, style)
}

fn today(app: &App) -> NaiveDate {
    app.today.unwrap_or_else(|| Utc::now().with_timezone(&app.tz).date_naive())
}

/// The cases view's list, in the history list's place.
pub fn draw_list(frame: &mut Frame, area: Rect, app: &App, visible: usize) {
    let today = today(app);
    let cases: Vec<&Case> = app.cases.visible().collect();
    let open = cases.iter().filter(|c| c.state.is_open()).count();
    let overdue = cases.iter().filter(|c| c.is_overdue(today)).count();
    let mut parts = vec![format!("Cases ({open} open)")];
    if !app.cases.filter.is_empty() {
        parts[0] = format!("Cases — “{}” ({open} open)", app.cases.filter);
    }
    if overdue > 0 {
        parts.push(format!("▲ {overdue} overdue"));
    }
    parts.push("C history".into());
    let room = usize::from(area.width.saturating_sub(4));
    while parts.len() > 1 && parts.join(" · ").chars().count() > room {
        parts.pop();
    }
    let block = theme::pane(app.focus == Focus::History)
        .title(Span::styled(format!(" {} ", parts.join(" · ")), theme::title()));
    if cases.is_empty() {
        let text = if app.cases.filter.is_empty() {
            "No cases yet. Select a lookup and press n to open one with a note."
        } else {
            "No case matches. Esc shows every case."
        };
        let lines: Vec<Line> =
            wrap(text, usize::from(area.width.saturating_sub(2))).into_iter().map(Line::from).collect();
        frame.render_widget(Paragraph::new(lines).block(block), area);
        return;
    }
    let offset = history_offset(app.cases.selected, visible);
    let wide = area.width >= 56;
    let rows = cases.iter().enumerate().skip(offset).take(visible).map(|(i, c)| {
        let (mark, style) = urgency(c, today);
        let when = match c.days_left(today) {
            Some(days) => format!("{mark}{days:+}d"),
            None => "-".to_owned(),
        };
        let state = if c.state.is_open() { short(c.state) } else { c.state.as_str() };
        let mut cells = vec![
            Cell::from(c.invoice.to_string()),
            Cell::from(Span::styled(when, style)),
            Cell::from(state.to_owned()),
            Cell::from(c.owner.clone()),
        ];
        if wide {
            cells.push(Cell::from(c.tags.join(",")));
        }
        let row = Row::new(cells);
        if i == app.cases.selected {
            row.style(theme::selected(app.focus == Focus::History, app.context.colour))
        } else {
            row
        }
    });
    let invoice_width = cases.iter().map(|c| c.invoice.as_str().len()).max().unwrap_or(9) as u16;
    let mut header = vec!["Invoice", "Due", "State", "Owner"];
    let mut widths =
        vec![Constraint::Length(invoice_width), Constraint::Length(8), Constraint::Length(13), Constraint::Length(10)];
    if wide {
        header.push("Tags");
        widths.push(Constraint::Min(4));
    }
    let table = Table::new(rows, widths).header(Row::new(header).style(theme::label())).column_spacing(1).block(block);
    frame.render_widget(table, area);
}

/// A state short enough for the list.
fn short(state: State) -> &'static str {
    match state {
        State::WaitingCustomer => "wait customer",
        State::WaitingBank => "wait bank",
        State::EvidenceSent => "evidence sent",
        other => other.as_str(),
    }
}

/// The case above a lookup's risk hints: where it stands and the newest
/// notes.
pub fn block(file: &CaseFile, app: &App, width: usize) -> Vec<Line<'static>> {
    let c = &file.case;
    let today = today(app);
    let mut spans = vec![
        Span::styled("Case ", theme::title()),
        Span::styled(c.state.words().to_owned(), Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(" · "),
        due(c, today),
        Span::raw(format!(" · {}", c.owner)),
    ];
    if !c.tags.is_empty() {
        spans.push(Span::styled(format!(" · {}", c.tags.join(", ")), Style::new().fg(Color::Cyan)));
    }
    let mut lines = fit(spans, width);
    for e in file.latest_notes().take(NOTES_SHOWN) {
        let Change::Note(text) = &e.change else { continue };
        let lead = Span::styled(format!("  {} {}: ", short_time(e.at, &app.tz), e.by), theme::label());
        let first = text.lines().next().unwrap_or_default();
        let more = if text.lines().nth(1).is_some() { " …" } else { "" };
        lines.extend(hanging(lead, &format!("{first}{more}"), Style::new(), width, 12));
    }
    if c.notes > NOTES_SHOWN {
        lines.push(Line::styled(format!("  ({} notes; C lists the cases, whole)", c.notes), theme::label()));
    }
    lines
}

/// Spans on one line when they fit, else wrapped as plain text with the
/// first span's style.
fn fit(spans: Vec<Span<'static>>, width: usize) -> Vec<Line<'static>> {
    let line = Line::from(spans);
    if line.width() <= width {
        return vec![line];
    }
    let style = line.spans.get(3).map(|s| s.style).unwrap_or_default();
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    wrap(&text, width).into_iter().map(|l| Line::styled(l, style)).collect()
}

fn short_time(at: DateTime<Utc>, tz: &FixedOffset) -> String {
    at.with_timezone(tz).format("%m-%d %H:%M").to_string()
}

/// The selected case whole, in the cases view's details pane.
pub fn sheet(app: &App, width: usize) -> Vec<Line<'static>> {
    let Some(case) = app.cases.selected_case() else {
        return wrap("No case is selected.", width).into_iter().map(Line::from).collect();
    };
    let today = today(app);
    let label = |text: &str| Span::styled(format!("{text:<9} "), theme::label());
    let mut lines = vec![Line::from(vec![label("State"), Span::styled(case.state.words(), theme::title())])];
    lines.push(Line::from(vec![label("Deadline"), due(case, today)]));
    let tags = if case.tags.is_empty() { "none".to_owned() } else { case.tags.join(", ") };
    for (name, value) in [
        ("Owner", case.owner.clone()),
        ("Tags", tags),
        ("Opened", format!("{} by {}", short_time(case.opened_at, &app.tz), case.opened_by)),
    ] {
        lines.extend(hanging(label(name), &value, Style::new(), width, 12));
    }
    lines.push(Line::from(""));
    let Some(file) = app.cases.file.as_ref().filter(|f| f.case.invoice == case.invoice) else {
        lines.push(Line::styled("Reading the case's trail…", theme::label()));
        return lines;
    };
    lines.push(Line::styled("Notes and changes, newest first", theme::title().add_modifier(Modifier::UNDERLINED)));
    for e in file.entries.iter().rev() {
        let lead = Span::styled(format!("{} {:<8} ", short_time(e.at, &app.tz), e.by), theme::label());
        match &e.change {
            Change::Note(text) => {
                let indent = lead.width();
                let mut first = true;
                for line in text.lines() {
                    let lead = if first { lead.clone() } else { Span::raw(" ".repeat(indent)) };
                    lines.extend(hanging(lead, line, Style::new(), width, 12));
                    first = false;
                }
            }
            change => lines.extend(hanging(lead, &change.describe(), Style::new().fg(Color::Cyan), width, 12)),
        }
    }
    lines
}

/// The case editor, over the details.
pub fn draw_editor(frame: &mut Frame, area: Rect, app: &App) {
    let Some(editor) = &app.cases.editor else { return };
    let invoice = editor.invoice;
    let saving = if editor.saving { " — saving…" } else { "" };
    let (title, height) = match &editor.kind {
        EditorKind::Note(_) => (format!(" Note on {invoice}{saving} "), 12),
        EditorKind::Deadline(_) => (format!(" Deadline of {invoice}{saving} "), 5),
        EditorKind::Tags(_) => (format!(" Tags of {invoice}{saving} "), 5),
        EditorKind::State(_) => (format!(" State of {invoice}{saving} "), State::ALL.len() as u16 + 3),
    };
    let popup = area.centered(Constraint::Max(76), Constraint::Length(height.min(area.height.saturating_sub(2))));
    let help = match &editor.kind {
        EditorKind::Note(_) => " Ctrl-S saves · Enter: new line · Esc keeps a draft ",
        EditorKind::Deadline(_) => " 2026-12-05, 05.12.2026, +7 or none · Enter saves · Esc ",
        EditorKind::Tags(_) => " words add tags, -word takes one away · Enter saves · Esc ",
        EditorKind::State(_) => " ↑↓ and Enter, or 1-8 · Esc ",
    };
    let block = Block::bordered()
        .title(Span::styled(title, theme::title()))
        .title_bottom(Line::styled(help, theme::label()))
        .border_style(Style::new().fg(Color::Cyan));
    frame.render_widget(Clear, popup);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    match &editor.kind {
        EditorKind::Note(text) => frame.render_widget(&**text, inner),
        EditorKind::Deadline(line) | EditorKind::Tags(line) => {
            let width = usize::from(inner.width.max(1));
            let scroll = line.visual_scroll(width.saturating_sub(1));
            frame.render_widget(Paragraph::new(line.value().to_owned()).scroll((0, scroll as u16)), inner);
            let x = line.visual_cursor().max(scroll) - scroll;
            frame.set_cursor_position((inner.x + x as u16, inner.y));
        }
        EditorKind::State(at) => {
            let current = app.cases.of(&invoice).map(|c| c.state);
            let lines: Vec<Line> = State::ALL
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let now = if Some(*s) == current { "  (now)" } else { "" };
                    let line = Line::from(format!(" {} {}{now}", i + 1, s.words()));
                    if i == *at { line.style(theme::selected(true, app.context.colour)) } else { line }
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
}
