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
    if indent + min_width > width && width > min_width {
        // A lead too wide to leave the text its column (a name with its
        // server stamp, in a narrow pane): the lead wrapped on its own
        // lines, the text under it, so nothing runs off the edge.
        let under = Span::raw("  ");
        let mut lines: Vec<Line<'static>> = wrap(lead.content.trim_end(), width)
            .into_iter()
            .map(|part| Line::from(Span::styled(part, lead.style)))
            .collect();
        let room = width.saturating_sub(under.width());
        lines.extend(
            text.split('\n')
                .flat_map(|line| wrap(line, room))
                .map(|part| Line::from(vec![under.clone(), Span::styled(part, style)])),
        );
        return lines;
    }
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

    #[test]
    fn a_lead_too_wide_for_its_text_goes_on_lines_of_its_own() {
        let lead = Span::raw("11-27 10:30 aigerim (role epay_ops, recorded 2026-12-03 10:45 UTC): ");
        let lines = hanging(lead, "customer disputes the charge", Style::new(), 30, 12);
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert!(text.iter().all(|l| l.chars().count() <= 30), "{text:?}");
        assert_eq!(text.last().map(String::as_str), Some("  customer disputes the charge"), "{text:?}");
        assert!(text.concat().contains("10:45 UTC):"), "{text:?}");
    }
}
