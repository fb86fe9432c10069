//! Text wrapped under its column (`crate::text::wrap` by display width),
//! so the renderer knows its content height.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

pub use crate::text::wrap;

/// `lead` then `text` wrapped after it, the following lines indented by
/// the lead's width: wrapped text stays under its own column (a label's
/// value, a key's description, a notice after its time). Each of the
/// text's own lines (a note's) starts a line, under the same column. The
/// text gets at least `min_width` columns.
pub fn hanging(lead: Span<'static>, text: &str, style: Style, width: usize, min_width: usize) -> Vec<Line<'static>> {
    let indent = lead.width();
    let blank = Span::styled(" ".repeat(indent), lead.style);
    let mut lead = Some(lead);
    let room = width.saturating_sub(indent).max(min_width);
    text.split('\n')
        .flat_map(|line| wrap(line, room))
        .map(|part| Line::from(vec![lead.take().unwrap_or_else(|| blank.clone()), Span::styled(part, style)]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hanging_text_keeps_its_column() {
        let lines = hanging(Span::raw("Card  "), "one two three", Style::new(), 12, 4);
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["Card  one", "      two", "      three"]);
    }

    #[test]
    fn each_line_of_the_text_starts_a_line_under_the_column() {
        let lines = hanging(Span::raw("note: "), "first\n  ref CB-7781 xyz\nthird", Style::new(), 16, 4);
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["note: first", "        ref", "      CB-7781", "      xyz", "      third"]);
    }
}
