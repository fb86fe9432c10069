//! The two faces of Noto Sans, for drawing (krilla) and for measuring
//! (skrifa), and text broken into lines by what it measures.

use krilla::Data;
use krilla::text::Font;
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use super::failed;

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf");

/// The two faces, for drawing (krilla) and for measuring (skrifa).
pub struct Faces {
    regular: Font,
    bold: Font,
    widths: [Widths; 2],
}

/// Advance widths in em, for laying text out before it is drawn.
struct Widths {
    font: skrifa::FontRef<'static>,
    per_em: f32,
}

impl Widths {
    fn new(bytes: &'static [u8]) -> std::io::Result<Widths> {
        let font = skrifa::FontRef::new(bytes).map_err(|e| failed(&e.to_string()))?;
        let per_em = f32::from(font.metrics(Size::unscaled(), LocationRef::default()).units_per_em.max(1));
        Ok(Widths { font, per_em })
    }

    fn em(&self, text: &str) -> f32 {
        let charmap = self.font.charmap();
        let metrics = self.font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let units: f32 =
            text.chars().map(|c| metrics.advance_width(charmap.map(c).unwrap_or_default()).unwrap_or(0.0)).sum();
        units / self.per_em
    }
}

impl Faces {
    pub fn load() -> std::io::Result<Faces> {
        let font = |bytes: &'static [u8]| Font::new(Data::from(bytes), 0).ok_or_else(|| failed("a font"));
        Ok(Faces { regular: font(REGULAR)?, bold: font(BOLD)?, widths: [Widths::new(REGULAR)?, Widths::new(BOLD)?] })
    }

    pub fn font(&self, bold: bool) -> Font {
        if bold { self.bold.clone() } else { self.regular.clone() }
    }

    pub fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        self.widths[usize::from(bold)].em(text) * size
    }

    /// `text` broken into lines no wider than `width`: at spaces, and
    /// inside a word only when the word alone is wider. Line breaks in the
    /// text are kept.
    pub fn wrap(&self, text: &str, bold: bool, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in self.drawable(text).split('\n') {
            // Blank lines in a row are one: a note of a hundred would be
            // pages of nothing.
            if paragraph.trim().is_empty() && lines.last().is_some_and(String::is_empty) {
                continue;
            }
            let mut line = String::new();
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let joined = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
                if self.width(&joined, bold, size) <= width {
                    line = joined;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word wider than the line (a long ID, a URL) is cut.
                for c in word.chars() {
                    line.push(c);
                    if self.width(&line, bold, size) > width && line.chars().count() > 1 {
                        let last = line.pop().unwrap_or(c);
                        lines.push(std::mem::replace(&mut line, last.to_string()));
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    /// `text` with each character the fonts cannot draw (Chinese, an
    /// emoji) as its code point, `[U+1F600]`: an empty box would hide it,
    /// and the Markdown and JSON beside keep it as it was.
    pub fn drawable<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let charmap = self.widths[0].font.charmap();
        let missing = |c: char| c != '\n' && charmap.map(c).is_none();
        if !text.chars().any(missing) {
            return text.into();
        }
        text.chars().map(|c| if missing(c) { format!("[U+{:04X}]", u32::from(c)) } else { c.to_string() }).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_no_wider_than_asked_and_lose_no_word() {
        let faces = Faces::load().unwrap();
        let text = "Казкоммерцбанк АО 440563******1234 a-very-long-identifier-without-any-space-in-it\nsecond line";
        let lines = faces.wrap(text, false, 9.0, 80.0);
        assert!(lines.iter().all(|l| faces.width(l, false, 9.0) <= 80.0), "{lines:?}");
        let joined: String = lines.concat().chars().filter(|c| !c.is_whitespace()).collect();
        let want: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(joined, want);
        assert_eq!(lines.last().map(String::as_str), Some("second line"));
        assert_eq!(faces.wrap("王 ok → Қ", false, 9.0, 300.0), ["[U+738B] ok → Қ"], "what no font draws is named");
        assert_eq!(faces.wrap("a\n\n\n\n b\n", false, 9.0, 300.0), ["a", "", "b", ""], "blank lines in a row are one");
    }
}
