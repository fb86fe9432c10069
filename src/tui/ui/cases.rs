//! Dispute cases on screen: the cases view's list, a case's lines in the
//! details, and the editor that changes one. Overdue is said in words and
//! with a marker as well as in colour, so it survives NO_COLOR.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::theme;
use super::wrap::{hanging, wrap};
use crate::case::{Case, CaseFile, Change, State};
use crate::i18n::{self, Language};
use crate::tui::app::{App, DUE_SOON_DAYS, EditorKind, Focus};
use crate::tui::layout::history_offset;

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
fn due(case: &Case, today: NaiveDate, lang: Language) -> Span<'static> {
    let (mark, style) = urgency(case, today);
    let text = match (case.deadline, case.due_in_words(today, lang)) {
        (None, _) => i18n::plain(lang, "case-no-deadline"),
        (Some(d), Some(left)) => format!("{mark}{left} ({})", d.format(lang.formats().short_day)),
        (Some(d), None) => {
            i18n::text(lang, "case-deadline-on", &[("date", d.format(lang.formats().date).to_string().into())])
        }
    };
    Span::styled(text, style)
}

/// The operator's date, for deadlines.
pub(super) fn today(app: &App) -> NaiveDate {
    app.today.unwrap_or_else(|| Utc::now().with_timezone(&app.tz).date_naive())
}

/// The cases view's list, in the history list's place.
pub fn draw_list(frame: &mut Frame, area: Rect, app: &App, visible: usize) {
    let today = today(app);
    let lang = app.context.language;
    let cases: Vec<&Case> = app.cases.visible().collect();
    let open = cases.iter().filter(|c| c.state.is_open()).count();
    let overdue = cases.iter().filter(|c| c.is_overdue(today)).count();
    let mut parts = vec![i18n::text(lang, "cases-title", &[("open", i18n::count(open))])];
    if app.cases.unread {
        parts[0] = i18n::plain(lang, "cases-title-unread");
    }
    if !app.cases.filter.is_empty() {
        let filter = app.cases.filter.clone().into();
        parts[0] = i18n::text(lang, "cases-title-filtered", &[("filter", filter), ("open", i18n::count(open))]);
    }
    if overdue > 0 {
        parts.push(i18n::text(lang, "cases-overdue", &[("count", i18n::count(overdue))]));
    }
    parts.push(i18n::plain(lang, "cases-history-key"));
    let room = usize::from(area.width.saturating_sub(4));
    while parts.len() > 1 && parts.join(" · ").chars().count() > room {
        parts.pop();
    }
    let block = theme::pane(app.focus == Focus::History)
        .title(Span::styled(format!(" {} ", parts.join(" · ")), theme::title()));
    if cases.is_empty() {
        let text = if app.cases.unread {
            match super::status::away_since(app) {
                Some(since) => i18n::text(lang, "cases-unread-away", &[("since", since.into())]),
                None => i18n::plain(lang, "cases-unread"),
            }
        } else if app.cases.filter.is_empty() {
            i18n::plain(lang, "cases-none")
        } else {
            i18n::plain(lang, "cases-no-match")
        };
        let lines: Vec<Line> =
            wrap(&text, usize::from(area.width.saturating_sub(2))).into_iter().map(Line::from).collect();
        frame.render_widget(Paragraph::new(lines).block(block), area);
        return;
    }
    let offset = history_offset(app.cases.selected, visible);
    let wide = area.width >= 56;
    let rows = cases.iter().enumerate().skip(offset).take(visible).map(|(i, c)| {
        let (mark, style) = urgency(c, today);
        let when = match c.days_left(today) {
            Some(days) => format!("{mark}{}", i18n::text(lang, "cases-days", &[("days", format!("{days:+}").into())])),
            None => "-".to_owned(),
        };
        let state = c.state.short(lang);
        let mut cells = vec![
            Cell::from(c.invoice.to_string()),
            Cell::from(Span::styled(when, style)),
            Cell::from(state),
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
    let mut header = vec![
        i18n::plain(lang, "column-invoice"),
        i18n::plain(lang, "column-due"),
        i18n::plain(lang, "column-state"),
        i18n::plain(lang, "column-owner"),
    ];
    let mut widths =
        vec![Constraint::Length(invoice_width), Constraint::Length(8), Constraint::Length(13), Constraint::Length(10)];
    if wide {
        header.push(i18n::plain(lang, "column-tags"));
        widths.push(Constraint::Min(4));
    }
    let table = Table::new(rows, widths).header(Row::new(header).style(theme::label())).column_spacing(1).block(block);
    frame.render_widget(table, area);
}

/// The case above a lookup's risk hints: where it stands and the newest
/// notes.
pub fn block(file: &CaseFile, app: &App, width: usize) -> Vec<Line<'static>> {
    let c = &file.case;
    let today = today(app);
    let lang = app.context.language;
    let mut spans = vec![
        Span::styled(format!("{} ", i18n::plain(lang, "case-label")), theme::title()),
        Span::styled(c.state.words(lang), Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(" · "),
        due(c, today, lang),
        Span::raw(format!(" · {}", c.owner)),
    ];
    if !c.tags.is_empty() {
        spans.push(Span::styled(format!(" · {}", c.tags.join(", ")), Style::new().fg(Color::Cyan)));
    }
    let mut lines = fit(spans, width);
    for e in file.latest_notes().take(NOTES_SHOWN) {
        let Change::Note(text) = &e.change else { continue };
        let lead =
            Span::styled(format!("  {} {}: ", short_time(e.at, app), e.signed(app.context.language)), theme::label());
        lines.extend(hanging(lead, text, Style::new(), width, 12));
    }
    if c.notes > NOTES_SHOWN {
        let more = i18n::text(lang, "case-more-notes", &[("count", i18n::count(c.notes))]);
        lines.push(Line::styled(format!("  ({more})"), theme::label()));
    }
    lines
}

/// The reason code's checklist on one line under the case, for the
/// details of a lookup: `Evidence 10.4 (3 of 4): [x] 3ds [x] ip [ ] history`.
pub fn checklist_line(
    file: &CaseFile,
    facts: crate::reasons::Facts<'_>,
    app: &App,
    width: usize,
) -> Vec<Line<'static>> {
    let lang = app.context.language;
    let Some((reason, items)) = crate::reasons::checklist(file, facts, lang) else { return Vec::new() };
    let done = items.iter().filter(|i| i.ticked.is_some()).count();
    let marks: Vec<String> =
        items.iter().map(|i| format!("[{}] {}", if i.ticked.is_some() { "x" } else { " " }, i.evidence.id)).collect();
    let args = [("code", reason.code.clone().into()), ("done", done.into()), ("of", items.len().into())];
    let lead = Span::styled(format!("{} ", i18n::text(lang, "case-evidence-count", &args)), theme::title());
    hanging(lead, &marks.join("  "), Style::new(), width, 12)
}

/// The checklist whole, for the cases view: each item in words, and who
/// ticked it or what the program holds for it.
fn checklist_sheet(file: &CaseFile, app: &App, width: usize) -> Vec<Line<'static>> {
    use crate::reasons::Ticked;
    let lang = app.context.language;
    // The cases view reads no answer: the operators' ticks alone.
    let Some((reason, items)) = crate::reasons::checklist(file, crate::reasons::Facts::default(), lang) else {
        return Vec::new();
    };
    let heading = i18n::text(lang, "case-checklist", &[("reason", reason.title(lang).into())]);
    let mut lines = vec![Line::from(""), Line::styled(heading, theme::title().add_modifier(Modifier::UNDERLINED))];
    for item in &items {
        let (mark, who) = match &item.ticked {
            None => ("[ ]", String::new()),
            Some(Ticked::By { who, at }) => ("[x]", format!(" ({who}, {})", short_time(*at, app))),
            Some(Ticked::Held(why)) => ("[x]", format!(" ({why})")),
        };
        let lead = Span::styled(format!("{mark} {:<9} ", item.evidence.id), theme::label());
        lines.extend(hanging(lead, &format!("{}{who}", item.evidence.words(lang)), Style::new(), width, 12));
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

fn short_time(at: DateTime<Utc>, app: &App) -> String {
    at.with_timezone(&app.tz).format(app.context.language.formats().short_minutes).to_string()
}

/// The selected case whole, in the cases view's details pane.
pub fn sheet(app: &App, width: usize) -> Vec<Line<'static>> {
    let lang = app.context.language;
    let Some(case) = app.cases.selected_case() else {
        return wrap(&i18n::plain(lang, "case-none-selected"), width).into_iter().map(Line::from).collect();
    };
    let today = today(app);
    let label = |text: String| Span::styled(format!("{text:<9} "), theme::label());
    let state = Span::styled(case.state.words(lang), theme::title());
    let mut lines = vec![Line::from(vec![label(i18n::plain(lang, "case-field-state")), state])];
    lines.push(Line::from(vec![label(i18n::plain(lang, "case-field-deadline")), due(case, today, lang)]));
    let tags = if case.tags.is_empty() { i18n::plain(lang, "case-no-tags") } else { case.tags.join(", ") };
    let opened = i18n::text(
        lang,
        "case-opened-by",
        &[("time", short_time(case.opened_at, app).into()), ("who", case.opened_by.clone().into())],
    );
    for (name, value) in [
        (i18n::plain(lang, "case-field-owner"), case.owner.clone()),
        (i18n::plain(lang, "case-field-tags"), tags),
        (i18n::plain(lang, "case-field-opened"), opened),
    ] {
        lines.extend(hanging(label(name), &value, Style::new(), width, 12));
    }
    lines.push(Line::from(""));
    let Some(file) = app.cases.file.as_ref().filter(|f| f.case.invoice == case.invoice) else {
        lines.push(Line::styled(i18n::plain(lang, "case-reading-trail"), theme::label()));
        return lines;
    };
    lines.extend(checklist_sheet(file, app, width));
    lines.push(Line::from(""));
    let heading = i18n::plain(lang, "case-trail-heading");
    lines.push(Line::styled(heading, theme::title().add_modifier(Modifier::UNDERLINED)));
    for e in file.entries.iter().rev() {
        let lead =
            Span::styled(format!("{} {:<8} ", short_time(e.at, app), e.signed(app.context.language)), theme::label());
        match &e.change {
            Change::Note(text) => lines.extend(hanging(lead, text, Style::new(), width, 12)),
            change => lines.extend(hanging(lead, &change.describe(lang), Style::new().fg(Color::Cyan), width, 12)),
        }
    }
    lines
}

/// The case editor, over the details.
pub fn draw_editor(frame: &mut Frame, area: Rect, app: &App) {
    let Some(editor) = &app.cases.editor else { return };
    let invoice = editor.invoice;
    let lang = app.context.language;
    let saving = if editor.saving { format!(" — {}", i18n::plain(lang, "editor-saving")) } else { String::new() };
    let about = [("invoice", invoice.to_string().into())];
    let (title, height) = match &editor.kind {
        EditorKind::Note(_) => (i18n::text(lang, "editor-note-title", &about), 12),
        EditorKind::Deadline(_) => (i18n::text(lang, "editor-deadline-title", &about), 5),
        EditorKind::Tags(_) => (i18n::text(lang, "editor-tags-title", &about), 5),
        EditorKind::State(_) => (i18n::text(lang, "editor-state-title", &about), State::ALL.len() as u16 + 3),
        EditorKind::Tick { items, .. } => (i18n::text(lang, "editor-tick-title", &about), items.len() as u16 + 3),
    };
    let title = format!("{title}{saving}");
    let popup = area.centered(Constraint::Max(76), Constraint::Length(height.min(area.height.saturating_sub(2))));
    let help = match &editor.kind {
        EditorKind::Note(_) => i18n::plain(lang, "editor-note-help"),
        EditorKind::Deadline(_) => i18n::plain(lang, "editor-deadline-help"),
        EditorKind::Tags(_) => i18n::plain(lang, "editor-tags-help"),
        EditorKind::State(_) => i18n::plain(lang, "editor-state-help"),
        EditorKind::Tick { .. } => i18n::plain(lang, "editor-tick-help"),
    };
    let inner = theme::popup(frame, popup, &title, &help);
    match &editor.kind {
        EditorKind::Note(text) => frame.render_widget(&**text, inner),
        EditorKind::Deadline(line) | EditorKind::Tags(line) => {
            let width = usize::from(inner.width.max(1));
            let scroll = line.visual_scroll(width.saturating_sub(1));
            // A proposed value shows selected: typing replaces it.
            let style = if editor.proposed { Style::new().add_modifier(Modifier::REVERSED) } else { Style::new() };
            let text = Span::styled(line.value().to_owned(), style);
            frame.render_widget(Paragraph::new(Line::from(text)).scroll((0, scroll as u16)), inner);
            let x = line.visual_cursor().max(scroll) - scroll;
            frame.set_cursor_position((inner.x + x as u16, inner.y));
        }
        EditorKind::Tick { at, items } => {
            let lines: Vec<Line> = items
                .iter()
                .enumerate()
                .map(|(i, (id, words, ticked))| {
                    let line = Line::from(format!(" {} [{}] {id}: {words}", i + 1, if *ticked { "x" } else { " " }));
                    if i == *at { line.style(theme::selected(true, app.context.colour)) } else { line }
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), inner);
        }
        EditorKind::State(at) => {
            let current = app.cases.of(&invoice).map(|c| c.state);
            let lines: Vec<Line> = State::ALL
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let now = if Some(*s) == current {
                        format!("  {}", i18n::plain(lang, "editor-state-now"))
                    } else {
                        String::new()
                    };
                    let line = Line::from(format!(" {} {}{now}", i + 1, s.words(lang)));
                    if i == *at { line.style(theme::selected(true, app.context.colour)) } else { line }
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
}
