//! The invoice box, with the lookup type and any inline message.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::theme;
use crate::tui::app::{App, Focus};
use crate::tui::model::{Notice, NoticeKind};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let (title, input, focused) = match &app.input.filter {
        Some(filter) => (" Filter history ", filter, true),
        None => (" Invoice ", &app.input.invoice, app.focus == Focus::Input),
    };
    let bottom = match (&app.notice, app.input.filter.is_some()) {
        (_, true) => {
            Line::styled(" invoice, card, email, name, IP, city, status · Enter applies · Esc cancels ", theme::label())
        }
        (Some(Notice { kind: NoticeKind::Problem, text }), _) => {
            Line::styled(format!(" {text} "), Style::new().fg(Color::Red))
        }
        (Some(Notice { kind: NoticeKind::Info, text }), _) => {
            Line::styled(format!(" {text} "), Style::new().fg(Color::Green))
        }
        (None, _) if focused => Line::styled(" 6 to 15 digits · paste many at once ", theme::label()),
        (None, _) => Line::styled(" Tab or click to type ", theme::label()),
    };
    let kind = Line::from(vec![
        Span::raw(" type: "),
        Span::styled(app.input.lookup_type.as_str(), Style::new().fg(Color::Cyan)),
        Span::styled(" (^T) ", theme::label()),
    ])
    .right_aligned();
    let block = Block::bordered()
        .title(Span::styled(title, theme::title()))
        .title(kind)
        .title_bottom(bottom)
        .border_style(theme::border(focused))
        .border_type(theme::border_type(focused));
    let inner = block.inner(area);
    let width = usize::from(inner.width.max(1));
    let scroll = input.visual_scroll(width.saturating_sub(1));
    frame.render_widget(Paragraph::new(input.value()).scroll((0, scroll as u16)).block(block), area);
    if focused && !app.help {
        let x = input.visual_cursor().saturating_sub(scroll) as u16;
        frame.set_cursor_position(Position::new(inner.x + x.min(inner.width.saturating_sub(1)), inner.y));
    }
}
