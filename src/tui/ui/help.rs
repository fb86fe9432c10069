//! The help overlay, generated from the key map, with the file paths an
//! operator needs when something goes wrong.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::theme;
use crate::tui::app::App;
use crate::tui::keymap::BINDINGS;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let ctx = &app.context;
    let mut lines: Vec<Line> = Vec::new();
    for (label, value) in [("Config", ctx.config_path.as_str()), ("Log", &ctx.log_path)] {
        lines.push(Line::from(vec![Span::styled(format!("{label:<18}"), theme::label()), Span::raw(value.to_owned())]));
    }
    lines.extend(BINDINGS.iter().map(|b| {
        Line::from(vec![
            Span::styled(format!("{:<18}", b.keys), Style::new().fg(Color::Cyan)),
            Span::raw(b.description),
        ])
    }));
    lines.push(Line::raw("Letters act outside the invoice box: Esc or Tab leaves it."));
    lines.push(Line::raw("Mouse: click a pane to focus it, a row to select it; the wheel scrolls."));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let popup = area.centered(Constraint::Max(84), Constraint::Max(height));
    let block = Block::bordered()
        .title(Span::styled(" Help — Esc or ? closes ", theme::title()))
        .border_style(Style::new().fg(Color::Cyan));
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), popup);
}
