//! The status bar: profile (PROD unmistakable), host, token, work in flight,
//! and as many key hints as fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::{self, count};
use crate::store::{Health, Reach};
use crate::tui::app::{App, TokenView};
use crate::tui::keymap;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let ctx = &app.context;
    let lang = ctx.language;
    let profile = if ctx.production {
        Span::styled(" PROD ", Style::new().bg(Color::Red).fg(Color::White).add_modifier(Modifier::BOLD))
    } else {
        Span::styled(format!(" {} ", ctx.who.profile), Style::new().bg(Color::Blue).fg(Color::White))
    };
    let token = match &app.token {
        TokenView::None => Span::raw(i18n::plain(lang, "status-token-none")),
        TokenView::Renewing => Span::styled(i18n::plain(lang, "status-token-renewing"), Style::new().fg(Color::Yellow)),
        TokenView::Valid { until } => {
            let until = until.with_timezone(&app.tz).format("%H:%M:%S").to_string();
            Span::styled(
                i18n::text(lang, "status-token-valid", &[("until", until.into())]),
                Style::new().fg(Color::Green),
            )
        }
        TokenView::Failed(why) => Span::styled(
            i18n::text(lang, "status-token-failed", &[("why", why.describe(lang).into())]),
            Style::new().fg(Color::Red),
        ),
    };
    let sep = || Span::styled(" │ ", Style::new().fg(Color::DarkGray));
    let mut spans = vec![profile, Span::raw(" "), Span::raw(ctx.who.api_host.clone()), sep(), token];
    if let Some(team) = team(&app.history, lang) {
        spans.extend([sep(), team]);
    }
    let width = usize::from(area.width);
    if !app.watches.by_invoice.is_empty() {
        spans.extend([
            sep(),
            Span::styled(
                i18n::text(lang, "status-watched", &[("count", count(app.watches.by_invoice.len()))]),
                Style::new().fg(Color::Cyan),
            ),
        ]);
    }
    // Cases to answer within two days (or overdue): work with a deadline.
    let due = app.cases.due_soon(super::cases::today(app));
    if due > 0 {
        let style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
        spans.extend([sep(), Span::styled(i18n::text(lang, "status-due", &[("count", count(due))]), style)]);
    }
    let pending = app.pending();
    if pending > 0 {
        let text = i18n::text(lang, "status-in-flight", &[("count", count(pending))]);
        spans.extend([sep(), Span::styled(text, Style::new().fg(Color::Yellow))]);
    }
    // The first hint (help) always shows: the host goes first to make room.
    let first_hint = keymap::hints(app.keys_land()).next().map_or(0, |h| i18n::plain(lang, h).chars().count() + 2);
    if spans.iter().map(Span::width).sum::<usize>() + 3 + first_hint > width {
        spans.drain(1..3);
    }
    let mut used: usize = spans.iter().map(Span::width).sum::<usize>() + 3;
    let mut hints = vec![sep()];
    for hint in keymap::hints(app.keys_land()) {
        let piece = Span::styled(format!("{}  ", i18n::plain(lang, hint)), Style::new().fg(Color::DarkGray));
        if used + piece.width() > width {
            break;
        }
        used += piece.width();
        hints.push(piece);
    }
    if hints.len() > 1 {
        spans.extend(hints);
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The team history's state in words (the embedded history says nothing:
/// it is always at hand).
fn team(history: &Health, lang: i18n::Language) -> Option<Span<'static>> {
    let Health::Team { reach, spooled } = *history else { return None };
    let (text, colour) = match (reach, spooled) {
        (Reach::Connected, 0) => (i18n::plain(lang, "status-team-live"), Color::Green),
        (Reach::Connected, n) => (i18n::text(lang, "status-team-sending", &[("count", count(n))]), Color::Yellow),
        (Reach::Reconnecting, 0) => (i18n::plain(lang, "status-team-away"), Color::Yellow),
        // Spooled means away: short enough that help still fits at 80.
        (Reach::Reconnecting, n) => (i18n::text(lang, "status-team-spooled", &[("count", count(n))]), Color::Yellow),
    };
    Some(Span::styled(text, Style::new().fg(colour)))
}
