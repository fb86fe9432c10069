//! Colours, in one place.

use ratatui::style::{Color, Modifier, Style};

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

pub fn border(focused: bool) -> Style {
    if focused { Style::new().fg(Color::Cyan) } else { Style::new().fg(Color::DarkGray) }
}

pub fn label() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
