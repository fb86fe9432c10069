//! The messages overlay: the last notices, whole and wrapped, newest first,
//! for the paths and errors the line under the box had to shorten.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{theme, wrap};
use crate::i18n;
use crate::tui::app::App;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let popup = area.centered(Constraint::Max(100), Constraint::Max(area.height.saturating_sub(2)));
    let width = usize::from(popup.width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    for (at, notice) in app.messages.iter().rev() {
        let when = Span::styled(at.with_timezone(&app.tz).format("%H:%M:%S ").to_string(), theme::label());
        lines.extend(wrap::hanging(when, &notice.text, Style::new().fg(theme::notice(notice.kind)), width, 10));
    }
    if lines.is_empty() {
        lines.push(Line::styled(i18n::plain(app.context.language, "messages-none"), theme::label()));
    }
    let block = Block::bordered()
        .title(Span::styled(format!(" {} ", i18n::plain(app.context.language, "messages-title")), theme::title()))
        .border_style(Style::new().fg(Color::Cyan));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
