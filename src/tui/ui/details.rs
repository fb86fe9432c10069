//! The details pane: the selected lookup's sheet, its error, or raw JSON.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme;
use super::wrap::{hanging, wrap};
use crate::case::{self, Change};
use crate::epay::{Answer, LookupType, Tone};
use crate::i18n::{self, Language};
use crate::risk::{Hint, Listing, Severity};
use crate::sheet::{self, Part, Section};
use crate::store::TimelinePoint;
use crate::tui::app::{App, Detail, Entry, Focus};

const LABEL_WIDTH: usize = 16;
/// Wide enough for two columns of sections side by side.
const TWO_COLUMNS: u16 = 86;

/// The headline and the section columns below it, for this inner width.
fn body(app: &App, width: u16) -> (Vec<Line<'static>>, Vec<Vec<Line<'static>>>) {
    if app.intaking.shown {
        return (super::intake::sheet(app, usize::from(width)), Vec::new());
    }
    if app.finding.shown {
        return (super::find::sheet(app, usize::from(width)), Vec::new());
    }
    if app.cases.shown {
        return (super::cases::sheet(app, usize::from(width)), Vec::new());
    }
    match app.selected_entry() {
        None if app.lookups.loading => {
            (vec![Line::from(i18n::plain(app.context.language, "details-reading-history"))], Vec::new())
        }
        // (No `if let` guard: that needs Rust 1.95, and 1.88 is promised.)
        None if app.lookups.filter != crate::store::Filter::All => {
            let lang = app.context.language;
            let text = match &app.lookups.filter {
                // A case opened from the CLI may have no lookup yet.
                crate::store::Filter::Invoice(invoice) => {
                    i18n::text(lang, "details-never-checked", &[("invoice", invoice.to_string().into())])
                }
                filter => {
                    let args = [("filter", crate::tui::words::filter(filter, lang).into())];
                    i18n::text(lang, "details-no-matches", &args)
                }
            };
            (wrap(&text, usize::from(width)).into_iter().map(Line::from).collect(), Vec::new())
        }
        None => (welcome(app.context.language, usize::from(width)), Vec::new()),
        Some(e) if app.details.raw_json => {
            (raw_json(e, app.selected_detail(), usize::from(width), app.context.language), Vec::new())
        }
        Some(e) => content(app, e, width),
    }
}

fn overflow(head: &[Line], columns: &[Vec<Line>], height: u16) -> u16 {
    let body_height = head.len() + columns.iter().map(Vec::len).max().unwrap_or(0);
    u16::try_from(body_height.saturating_sub(usize::from(height))).unwrap_or(u16::MAX)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let lang = app.context.language;
    let invoice = |invoice: &crate::epay::InvoiceId| [("invoice", invoice.to_string().into())];
    let titled = |text: String| format!(" {text} ");
    let title = match app.selected_entry() {
        _ if app.intaking.shown => match app.intaking.selected_row() {
            Some(row) => titled(i18n::text(lang, "details-title-intake-row", &[("line", row.line.into())])),
            None => format!(" {} ", i18n::plain(lang, "details-title-intake")),
        },
        _ if app.finding.shown => match app.finding.selected_operation() {
            Some(op) => {
                let invoice = op.transaction.invoice_id.clone().unwrap_or_else(|| "—".into());
                titled(i18n::text(lang, "details-title-operation", &[("invoice", invoice.into())]))
            }
            None => format!(" {} ", i18n::plain(lang, "details-title-statement")),
        },
        _ if app.cases.shown => match app.cases.selected_case() {
            Some(c) => titled(i18n::text(lang, "details-title-case", &invoice(&c.invoice))),
            None => format!(" {} ", i18n::plain(lang, "details-title-no-case")),
        },
        Some(e) if app.details.raw_json => titled(i18n::text(lang, "details-title-raw", &invoice(&e.invoice))),
        Some(e) => titled(i18n::text(lang, "details-title", &invoice(&e.invoice))),
        None => format!(" {} ", i18n::plain(lang, "details-title-none")),
    };
    let block = theme::pane(app.focus == Focus::Details).title(Span::styled(title, theme::title()));
    let inner = block.inner(area);
    let (head, columns) = body(app, inner.width);
    let end = overflow(&head, &columns, inner.height);
    app.drawn.set_details_scroll_max(end);
    let scroll = app.details.scroll.min(end);
    let block = if scroll < end {
        // From the list, PgDn moves the list: the details take it from the box or the pane.
        let how = if app.focus == Focus::History {
            i18n::plain(app.context.language, "details-more-tab")
        } else {
            i18n::plain(app.context.language, "details-more")
        };
        let how = format!(" {how} ");
        block.title_bottom(Line::styled(how, theme::title()).right_aligned())
    } else {
        block
    };
    frame.render_widget(block, area);
    let head_rows = u16::try_from(head.len()).unwrap_or(u16::MAX);
    // The headline scrolls with the rest; columns start below it.
    let mut lines = head;
    if columns.len() <= 1 {
        lines.extend(columns.into_iter().flatten());
        frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
        return;
    }
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    let top = inner.y + head_rows.saturating_sub(scroll).min(inner.height);
    let skip = scroll.saturating_sub(head_rows);
    let half = inner.width / 2;
    for (i, column) in columns.into_iter().enumerate() {
        let x = inner.x + half * i as u16;
        let rect = Rect::new(x, top, if i == 0 { half } else { inner.width - half }, inner.bottom() - top);
        frame.render_widget(Paragraph::new(column).scroll((skip, 0)), rect);
    }
}

fn welcome(lang: i18n::Language, width: usize) -> Vec<Line<'static>> {
    [
        i18n::plain(lang, "welcome-type"),
        String::new(),
        i18n::plain(lang, "welcome-sandbox"),
        i18n::plain(lang, "welcome-paste"),
    ]
    .into_iter()
    .flat_map(|text| wrap(&text, width))
    .map(Line::from)
    .collect()
}

/// The headline lines and one or two columns of sections.
fn content(app: &App, entry: &Entry, width: u16) -> (Vec<Line<'static>>, Vec<Vec<Line<'static>>>) {
    let two = width >= TWO_COLUMNS;
    let col_width = if two { usize::from(width / 2) - 1 } else { usize::from(width) };
    let wide = usize::from(width);
    let lang = app.context.language;
    let seconds = lang.formats().seconds;
    let checked = entry.checked_at.with_timezone(&app.tz).format(seconds).to_string();
    let mut head = Vec::new();
    let detail = match app.selected_detail() {
        Some(d) => d,
        None if entry.is_pending() => {
            let spin = theme::SPINNER[app.spinner % theme::SPINNER.len()];
            let args = [("invoice", entry.invoice.to_string().into()), ("kind", entry.requested.as_str().into())];
            head.push(Line::from(format!("{spin} {}", i18n::text(lang, "details-looking-up", &args))));
            if let Some(r) = &entry.retrying {
                let args = [
                    ("attempt", r.attempt.to_string().into()),
                    ("of", r.of.to_string().into()),
                    ("reason", r.reason.describe(lang).into()),
                ];
                let text = i18n::text(lang, "details-retrying", &args);
                head.push(Line::styled(text, Style::new().fg(Color::Yellow)));
            }
            return (head, Vec::new());
        }
        None => {
            head.push(Line::styled(i18n::plain(lang, "details-reading-lookup"), theme::label()));
            return (head, Vec::new());
        }
    };
    let checked = match &detail.by {
        Some(who) => i18n::text(lang, "details-checked-by", &[("at", checked.into()), ("who", who.clone().into())]),
        None => i18n::text(lang, "details-checked", &[("at", checked.into())]),
    };
    let mut sections: Vec<Section> = Vec::new();
    match &detail.result {
        Ok(answer) => {
            head.push(headline(answer, lang));
            let about = format!("{} · {} {} · {checked}", answer.kind.as_str(), answer.code.code(), answer.message);
            head.extend(wrap(&about, wide).into_iter().map(|l| Line::styled(l, theme::label())));
            // One column puts the card and the IP far down: the essentials
            // go first. Two columns show them at once already.
            if let Some(t) = answer.transaction.as_ref().filter(|_| !two) {
                head.extend(glance_lines(&sheet::at_a_glance(t, &app.tz, lang), wide));
            }
            if let Some(file) = &detail.case {
                head.extend(super::cases::block(file, app, wide));
                let facts = crate::reasons::Facts { answer: Some(answer), same_card: detail.same_card.unwrap_or(0) };
                head.extend(super::cases::checklist_line(file, facts, app, wide));
            }
            head.extend(hint_lines(&detail.hints, wide, lang));
            sections = pane_sections(answer, entry.requested, &app.tz, lang);
        }
        Err(failure) => {
            let kind = [("kind", failure.error.kind().into())];
            head.push(Line::from(vec![
                Span::styled(format!(" {} ", i18n::plain(lang, "details-no-answer-badge")), theme::badge(Tone::Bad)),
                Span::raw(format!(" {}", i18n::text(lang, "details-error-kind", &kind))),
            ]));
            let about = format!("{} · {checked}", failure.kind.as_str());
            head.extend(wrap(&about, wide).into_iter().map(|l| Line::styled(l, theme::label())));
            if let Some(file) = &detail.case {
                head.extend(super::cases::block(file, app, wide));
                let answer = detail.last_good.as_ref().map(|(_, a)| &**a);
                let facts = crate::reasons::Facts { answer, same_card: detail.same_card.unwrap_or(0) };
                head.extend(super::cases::checklist_line(file, facts, app, wide));
            }
            for l in wrap(&failure.describe(lang), wide) {
                head.push(Line::styled(l, Style::new().fg(Color::Red)));
            }
            if let crate::epay::LookupError::Protocol { body_head, .. } = &failure.error
                && !body_head.is_empty()
            {
                head.push(Line::styled(i18n::plain(lang, "details-body-head"), theme::title()));
                for raw in body_head.lines().take(20) {
                    head.extend(wrap(raw, wide).into_iter().map(Line::from));
                }
            }
            if let Some((at, answer)) = &detail.last_good {
                let at = at.with_timezone(&app.tz).format(seconds).to_string();
                head.push(Line::from(""));
                head.push(Line::styled(i18n::text(lang, "details-last-good", &[("at", at.into())]), theme::title()));
                head.push(headline(answer, lang));
                sections = pane_sections(answer, entry.requested, &app.tz, lang);
            }
        }
    }
    let trail = detail.case.as_ref().map_or(&[][..], |f| &f.entries[..]);
    if detail.timeline.len() > 1 || !trail.is_empty() {
        sections.insert(0, timeline(&detail.timeline, trail, entry.store_id, &app.tz, lang));
    }
    head.push(Line::from(""));
    if sections.is_empty() {
        return (head, Vec::new());
    }
    if !two {
        return (head, vec![section_lines(&sections, col_width)]);
    }
    // Money, card, customer and place on the left; the rest on the right.
    let split = sections.iter().position(|s| s.part == Part::Transaction).unwrap_or(sections.len());
    let right = sections.split_off(split);
    (head, vec![section_lines(&sections, col_width), section_lines(&right, col_width)])
}

/// The at-a-glance rows, with labels short enough for 80x24.
pub(super) fn glance_lines(rows: &[sheet::Row], width: usize) -> Vec<Line<'static>> {
    const GLANCE_LABEL: usize = 11;
    rows.iter()
        .flat_map(|row| {
            let style = row_style(row).add_modifier(Modifier::BOLD);
            let label = Span::styled(format!("{:<GLANCE_LABEL$}", row.label), theme::label());
            hanging(label, &row.value, style, width, 8)
        })
        .collect()
}

/// The risk hints, one per line: severity, title, reason.
fn hint_lines(hints: &[Hint], width: usize, lang: Language) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for h in hints {
        let (mark, color) = match h.severity {
            Severity::High => ("▲", Color::Red),
            Severity::Medium => ("●", Color::Yellow),
            Severity::Info => ("·", Color::Blue),
        };
        let key = match h.lists {
            Some(Listing::SameCard) => format!(" ({})", i18n::plain(lang, "details-c-lists-them")),
            Some(Listing::SameIp) => format!(" ({})", i18n::plain(lang, "details-i-lists-them")),
            None => String::new(),
        };
        let text = format!("{mark} {}: {}{key}", h.title, h.reason);
        for (i, part) in wrap(&text, width.saturating_sub(2)).into_iter().enumerate() {
            let part = if i == 0 { part } else { format!("  {part}") };
            lines.push(Line::styled(part, Style::new().fg(color)));
        }
    }
    lines
}

/// Every check of this invoice, oldest first, status changes marked, with
/// the case's notes and changes in their places.
fn timeline(
    points: &[TimelinePoint],
    trail: &[case::Entry],
    current: Option<i64>,
    tz: &crate::zone::Zone,
    lang: Language,
) -> Section {
    // Seconds matter between checks a minute apart; the year is in the headline.
    let short = lang.formats().short_seconds;
    let label = |at: chrono::DateTime<chrono::Utc>| at.with_timezone(tz).format(short).to_string();
    let changed = format!("  ← {}", i18n::plain(lang, "report-changed"));
    let this_check = format!("  ({})", i18n::plain(lang, "report-this-check"));
    let checks = points.iter().map(|p| {
        let mut value = match (&p.result_code, &p.status) {
            (Some(code), Some(status)) if code == "100" => status.clone(),
            (Some(code), _) => i18n::text(lang, "details-result-code", &[("code", code.clone().into())]),
            (None, _) => i18n::plain(lang, "sheet-no-answer"),
        };
        if p.changed {
            value.push_str(&changed);
        }
        if Some(p.store_id) == current {
            value.push_str(&this_check);
        }
        if !p.operator.is_empty() {
            value.push_str(&format!("  · {}", p.operator));
        }
        (p.checked_at, sheet::Row { label: label(p.checked_at), value, tone: p.changed.then_some(Tone::Pending) })
    });
    // Owner and deadline changes are in the case's own view; notes and
    // states are what a dispute's story is told by.
    let case = trail.iter().filter(|e| matches!(e.change, Change::Note(_) | Change::State(_))).map(|e| {
        let what = match &e.change {
            Change::Note(text) => {
                // Every line: a chargeback reference may be on the third.
                i18n::text(lang, "report-note", &[("text", text.clone().into())])
            }
            change => i18n::text(lang, "details-case-change", &[("change", change.describe(lang).into())]),
        };
        (
            e.at,
            sheet::Row {
                label: label(e.at),
                value: format!("{what}  · {}", e.signed(lang)),
                tone: Some(Tone::Returned),
            },
        )
    });
    let mut rows: Vec<_> = checks.chain(case).collect();
    // Stable: at one moment, the check comes before the note about it.
    rows.sort_by_key(|(at, _)| *at);
    let title = if points.len() >= crate::tui::work::TIMELINE_SHOWN {
        i18n::plain(lang, "details-timeline-latest")
    } else if trail.is_empty() {
        i18n::plain(lang, "report-checks")
    } else {
        i18n::plain(lang, "details-timeline-case")
    };
    Section { part: Part::Timeline, title, rows: rows.into_iter().map(|(_, row)| row).collect() }
}

/// The sheet without what the headline already says: a success needs no
/// "Answer" or "Status" section under its badge.
fn pane_sections(answer: &Answer, requested: LookupType, tz: &crate::zone::Zone, lang: Language) -> Vec<Section> {
    let mut sections = sheet::sections(answer, requested, tz, lang);
    if answer.code.is_success() {
        sections.retain(|s| s.part != Part::Answer && s.part != Part::Status);
    }
    sections
}

fn headline(answer: &Answer, lang: Language) -> Line<'static> {
    let (text, tone) = sheet::headline(answer, lang);
    let (badge, rest) = match answer.status() {
        Some(s) if answer.code.is_success() => (s.name().to_owned(), s.meaning(lang)),
        _ => (answer.code.code().to_owned(), text),
    };
    let mut spans = vec![Span::styled(format!(" {badge} "), theme::badge(tone)), Span::raw(format!(" {rest}"))];
    if let Some(t) = &answer.transaction
        && t.is_partial_refund()
    {
        let partial = format!(" ({})", i18n::plain(lang, "sheet-partial"));
        spans.push(Span::styled(partial, Style::new().fg(theme::tone(Tone::Returned))));
    }
    Line::from(spans)
}

fn section_lines(sections: &[Section], width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for section in sections {
        lines.push(Line::styled(section.title.to_owned(), theme::title().add_modifier(Modifier::UNDERLINED)));
        for row in &section.rows {
            let label: String = row.label.chars().take(LABEL_WIDTH).collect();
            let label = Span::styled(format!("{label:<LABEL_WIDTH$} "), theme::label());
            lines.extend(hanging(label, &row.value, row_style(row), width, 8));
        }
        lines.push(Line::from(""));
    }
    lines
}

/// A sheet row's colour: its tone, if it has one.
fn row_style(row: &sheet::Row) -> Style {
    row.tone.map(|t| Style::new().fg(theme::tone(t))).unwrap_or_default()
}

fn raw_json(entry: &Entry, detail: Option<&Detail>, width: usize, lang: Language) -> Vec<Line<'static>> {
    let text = match detail.map(|d| &d.result) {
        Some(Ok(a)) => serde_json::to_string_pretty(&a.raw).unwrap_or_default(),
        Some(Err(f)) => match &f.error {
            crate::epay::LookupError::Protocol { body_head, .. } if !body_head.is_empty() => body_head.clone(),
            e => i18n::text(lang, "details-raw-no-answer", &[("error", e.describe(lang).into())]),
        },
        None if entry.is_pending() => i18n::plain(lang, "details-raw-waiting"),
        None => i18n::plain(lang, "details-raw-reading"),
    };
    text.lines().flat_map(|l| wrap(l, width)).map(Line::from).collect()
}
