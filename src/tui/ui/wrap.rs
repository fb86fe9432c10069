//! Word wrapping by display width (Cyrillic, Kazakh and wide characters
//! count as they are drawn), so the renderer knows its content height.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// Splits `text` into lines no wider than `width`, breaking at spaces where
/// possible and inside a word only when it alone is too wide.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    // Leading spaces are indentation (pretty JSON) and are kept.
    let body = text.trim_start_matches(' ');
    let indent = (text.len() - body.len()).min(width / 2);
    let mut lines = Vec::new();
    let mut line = " ".repeat(indent);
    let mut line_width = indent;
    let mut fresh = true;
    for word in body.split(' ') {
        let word_width: usize = word.chars().map(|c| c.width().unwrap_or(0)).sum();
        let sep = usize::from(!fresh);
        if line_width + sep + word_width <= width {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            line_width += sep + word_width;
            fresh = false;
            continue;
        }
        if !fresh {
            lines.push(std::mem::take(&mut line));
            line_width = 0;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if line_width + w > width && line_width > 0 {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            line.push(c);
            line_width += w;
        }
        fresh = false;
    }
    lines.push(line);
    lines
}

/// `lead` then `text` wrapped after it, the following lines indented by
/// the lead's width: wrapped text stays under its own column (a label's
/// value, a key's description, a notice after its time). The text gets at
/// least `min_width` columns.
pub fn hanging(lead: Span<'static>, text: &str, style: Style, width: usize, min_width: usize) -> Vec<Line<'static>> {
    let indent = lead.width();
    let blank = Span::styled(" ".repeat(indent), lead.style);
    let mut lead = Some(lead);
    wrap(text, width.saturating_sub(indent).max(min_width))
        .into_iter()
        .map(|part| Line::from(vec![lead.take().unwrap_or_else(|| blank.clone()), Span::styled(part, style)]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_by_display_width() {
        assert_eq!(wrap("Оплата заказа путёвка", 13), ["Оплата заказа", "путёвка"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("漢字漢字", 4), ["漢字", "漢字"]);
        assert_eq!(wrap("    \"key\": 1", 20), ["    \"key\": 1"]);
        assert_eq!(wrap("a  b", 10), ["a  b"]);
    }

    #[test]
    fn hanging_text_keeps_its_column() {
        let lines = hanging(Span::raw("Card  "), "one two three", Style::new(), 12, 4);
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["Card  one", "      two", "      three"]);
    }
}
