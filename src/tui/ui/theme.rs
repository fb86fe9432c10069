//! Colours, in one place.

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, BorderType};

use crate::tui::model::NoticeKind;

use crate::epay::Tone;

pub fn tone(t: Tone) -> Color {
    match t {
        Tone::Good => Color::Green,
        Tone::Pending => Color::Yellow,
        Tone::Returned => Color::Magenta,
        Tone::Bad => Color::Red,
        Tone::Unknown => Color::Gray,
    }
}

pub fn badge(t: Tone) -> Style {
    Style::new().fg(Color::Black).bg(tone(t)).add_modifier(Modifier::BOLD)
}

fn border(focused: bool) -> Style {
    if focused { Style::new().fg(Color::Cyan) } else { Style::new().fg(Color::DarkGray) }
}

/// The focused pane's border is thick as well as coloured, so focus shows
/// without colour (NO_COLOR, monochrome terminals).
fn border_type(focused: bool) -> BorderType {
    if focused { BorderType::Thick } else { BorderType::Plain }
}

/// The selected history row: coloured where colour is allowed, and always
/// in reverse video when it has focus, so it shows under NO_COLOR too.
pub fn selected(focused: bool, colour: bool) -> Style {
    match (focused, colour) {
        (true, true) => Style::new().bg(Color::Cyan).fg(Color::Black),
        (true, false) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        (false, _) => Style::new().add_modifier(Modifier::REVERSED),
    }
}

/// A notice's colour: green for done, red for not done.
pub fn notice(kind: NoticeKind) -> Color {
    match kind {
        NoticeKind::Info => Color::Green,
        NoticeKind::Problem => Color::Red,
    }
}

/// A pane's frame: thick and coloured when focused, so focus shows
/// without colour too (NO_COLOR, monochrome terminals).
pub fn pane(focused: bool) -> Block<'static> {
    Block::bordered().border_style(border(focused)).border_type(border_type(focused))
}

pub fn label() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

/// A framed popup over `at`: cleared, titled, with its keys on the bottom
/// border (none when empty); its inside, to draw in.
pub fn popup(frame: &mut ratatui::Frame, at: ratatui::layout::Rect, title: &str, keys: &str) -> ratatui::layout::Rect {
    use ratatui::text::{Line, Span};
    let mut block = Block::bordered()
        .title(Span::styled(format!(" {title} "), self::title()))
        .border_style(Style::new().fg(Color::Cyan));
    if !keys.is_empty() {
        block = block.title_bottom(Line::styled(format!(" {keys} "), label()));
    }
    frame.render_widget(ratatui::widgets::Clear, at);
    let inner = block.inner(at);
    frame.render_widget(block, at);
    inner
}

pub const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
