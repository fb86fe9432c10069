//! The help overlay, generated from the key map, with the file paths an
//! operator needs when something goes wrong. Taller than 80x24, so it
//! scrolls; descriptions wrap under their own text, not under the keys.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{theme, wrap};
use crate::i18n;
use crate::tui::app::App;
use crate::tui::keymap::BINDINGS;

const KEYS_WIDTH: usize = 18;

/// Where the overlay sits on a screen of this size.
fn popup(area: Rect, lines: usize) -> Rect {
    let height = u16::try_from(lines + 2).unwrap_or(u16::MAX);
    area.centered(Constraint::Max(84), Constraint::Max(height))
}

fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let ctx = &app.context;
    let lang = ctx.language;
    let mut lines: Vec<Line> = Vec::new();
    let mut row = |lead: Span<'static>, text: &str| lines.extend(wrap::hanging(lead, text, Style::new(), width, 10));
    for (label, value) in [
        (i18n::plain(lang, "help-config"), ctx.config_path.as_str()),
        (i18n::plain(lang, "help-log"), &ctx.log_path),
        (i18n::plain(lang, "help-history"), &ctx.history),
    ] {
        row(Span::styled(format!("{label:<KEYS_WIDTH$}"), theme::label()), value);
    }
    for (keys, description) in BINDINGS.iter().filter_map(|b| b.help) {
        let description = i18n::plain(lang, description);
        row(Span::styled(format!("{keys:<KEYS_WIDTH$}"), Style::new().fg(Color::Cyan)), &description);
    }
    for note in [i18n::plain(lang, "help-note-letters"), i18n::plain(lang, "help-note-mouse")] {
        lines.extend(wrap::wrap(&note, width).into_iter().map(Line::raw));
    }
    lines
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let width = popup(area, 0).width.saturating_sub(2);
    let lines = lines(app, usize::from(width));
    let popup = popup(area, lines.len());
    let shown = usize::from(popup.height.saturating_sub(2));
    let end = u16::try_from(lines.len().saturating_sub(shown)).unwrap_or(u16::MAX);
    app.drawn.set_help_scroll_max(end);
    let scroll = app.help_scroll.min(end);
    let lang = app.context.language;
    let more = if usize::from(scroll) + shown < lines.len() {
        format!(" {} ", i18n::plain(lang, "help-more"))
    } else {
        String::new()
    };
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", i18n::plain(lang, "help-title")), theme::title()))
        .title_bottom(Line::from(more).right_aligned())
        .border_style(Style::new().fg(Color::Cyan));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), popup);
}
