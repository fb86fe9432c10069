//! The invoice box, with the lookup type and any inline message.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme;
use crate::i18n;
use crate::tui::app::{App, Focus};
use crate::tui::model::Notice;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let lang = app.context.language;
    let (title, input, focused) = match &app.input.filter {
        Some(filter) if app.cases.shown => (i18n::plain(lang, "box-filter-cases"), filter, true),
        Some(filter) => (i18n::plain(lang, "box-filter-history"), filter, true),
        None => (i18n::plain(lang, "box-invoice"), &app.input.invoice, app.focus == Focus::Input),
    };
    let title = format!(" {title} ");
    let hint = |text: String| Line::styled(format!(" {text} "), theme::label());
    let bottom = match (&app.notice, app.input.filter.is_some()) {
        _ if app.copy_menu => {
            Line::styled(format!(" {} ", i18n::plain(lang, "box-copy-menu")), Style::new().fg(Color::Cyan))
        }
        (_, true) if app.cases.shown => hint(i18n::plain(lang, "box-filter-cases-hint")),
        (_, true) => hint(i18n::plain(lang, "box-filter-history-hint")),
        (Some(Notice { kind, text }), _) => {
            // What does not fit is cut in the middle, where a path's folders
            // are, and M shows it whole.
            let room = usize::from(area.width).saturating_sub(4);
            let gap = format!(" … ({}) … ", i18n::plain(lang, "box-notice-cut"));
            Line::styled(format!(" {} ", fit_middle(text, room, &gap)), Style::new().fg(theme::notice(*kind)))
        }
        (None, _) if focused => hint(i18n::plain(lang, "box-invoice-hint")),
        (None, _) => hint(i18n::plain(lang, "box-unfocused-hint")),
    };
    let kind = Line::from(vec![
        Span::raw(format!(" {} ", i18n::plain(lang, "box-type"))),
        Span::styled(crate::tui::words::lookup_type(app.input.lookup_type, lang), Style::new().fg(Color::Cyan)),
        Span::styled(" (^T) ", theme::label()),
    ])
    .right_aligned();
    let block = theme::pane(focused).title(Span::styled(title, theme::title())).title(kind).title_bottom(bottom);
    let inner = block.inner(area);
    let width = usize::from(inner.width.max(1));
    let scroll = input.visual_scroll(width.saturating_sub(1));
    frame.render_widget(Paragraph::new(input.value()).scroll((0, scroll as u16)).block(block), area);
    if focused && !app.help {
        let x = input.visual_cursor().saturating_sub(scroll) as u16;
        frame.set_cursor_position(Position::new(inner.x + x.min(inner.width.saturating_sub(1)), inner.y));
    }
}

/// `text` in `width` columns: whole when it fits, else its start and end
/// around `gap` ("… (M shows all) …"), the start being what the notice is
/// about and the end the file name.
fn fit_middle(text: &str, width: usize, gap: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    if text.width() <= width {
        return text.to_owned();
    }
    let room = width.saturating_sub(gap.width());
    // The end gets more: it holds the file name.
    let (head_room, tail_room) = (room / 3, room - room / 3);
    let w = |c: char| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    let mut used = 0;
    let head: String =
        text.chars().take_while(|&c| (used + w(c) <= head_room).then(|| used += w(c)).is_some()).collect();
    used = 0;
    let mut tail: Vec<char> =
        text.chars().rev().take_while(|&c| (used + w(c) <= tail_room).then(|| used += w(c)).is_some()).collect();
    tail.reverse();
    let tail: String = tail.into_iter().collect();
    format!("{head}{gap}{tail}")
}

#[cfg(test)]
mod tests {
    use super::fit_middle;

    #[test]
    fn a_long_notice_keeps_its_start_and_its_file_name() {
        let text = "exported 1 lookup to ~/.local/share/epay-status/exports/invoice-205218074-20261128T093000.json";
        let gap = " … (M shows all) … ";
        assert_eq!(fit_middle(text, 200, gap), text);
        let cut = fit_middle(text, 60, gap);
        assert!(cut.starts_with("exported") && cut.ends_with("T093000.json"), "{cut}");
        assert!(cut.contains("(M shows all)") && unicode_width::UnicodeWidthStr::width(cut.as_str()) <= 60, "{cut}");
    }
}
