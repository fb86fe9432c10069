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
    let team = team(app, lang);
    let team_at = spans.len() + 1;
    if let Some(longest) = team.first() {
        spans.extend([sep(), longest.clone()]);
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
    let too_wide = |spans: &[Span]| spans.iter().map(Span::width).sum::<usize>() + 3 + first_hint > width;
    // The host goes first, then the team's countdown shortens.
    let mut team_at = team_at;
    if too_wide(&spans) {
        spans.drain(1..3);
        team_at -= 2;
    }
    for shorter in team.into_iter().skip(1) {
        if !too_wide(&spans) {
            break;
        }
        spans[team_at] = shorter;
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

/// The team history's state in words, with the next try while it is away
/// (the embedded history says nothing: it is always at hand); the longest
/// first, then shorter ones for a narrow bar (at 80 columns, help still
/// shows).
fn team(app: &App, lang: i18n::Language) -> Vec<Span<'static>> {
    let Health::Team { reach, spooled } = app.history else { return Vec::new() };
    let state = match (reach, spooled) {
        (Reach::Connected, 0) => i18n::plain(lang, "status-team-live"),
        (Reach::Connected, n) => i18n::text(lang, "status-team-sending", &[("count", count(n))]),
        (Reach::Reconnecting, 0) => i18n::plain(lang, "status-team-away"),
        // Spooled means away.
        (Reach::Reconnecting, n) => i18n::text(lang, "status-team-spooled", &[("count", count(n))]),
    };
    let colour = if (reach, spooled) == (Reach::Connected, 0) { Color::Green } else { Color::Yellow };
    let next =
        app.away.zip(app.now).and_then(|(away, now)| away.next_try_in(now)).filter(|_| reach == Reach::Reconnecting);
    let forms = match next {
        Some(s) => {
            let args = [("state", state.into()), ("seconds", s.into())];
            vec![
                i18n::text(lang, "status-team-next-try", &args),
                i18n::text(lang, "status-team-try-in", &args),
                i18n::text(lang, "status-team-in", &args),
            ]
        }
        None => vec![state],
    };
    forms.into_iter().map(|text| Span::styled(text, Style::new().fg(colour))).collect()
}

/// Since when the team history has been away, in the operator's time.
pub(super) fn away_since(app: &App) -> Option<String> {
    Some(app.away?.since_in(&app.tz))
}
