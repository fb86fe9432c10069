//! The report's blocks as an A4 PDF, made in the process with krilla: Noto
//! Sans (in `assets/fonts`, OFL) embedded as a subset, so the text can be
//! copied and searched and looks the same on every machine. Text is only
//! ever drawn: whatever a server or a note says is glyphs, never markup.
//!
//! Two passes: the blocks are laid out into pages of drawing steps, then
//! drawn, so that each page's footer can say "page 2 of 3".

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::{Data, Document};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use super::blocks::Block;
use super::map;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

/// A4 in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 48.0;
/// Where the body ends: the footer is below.
const BODY_END: f32 = PAGE_HEIGHT - 56.0;
const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 30.0;
const BODY_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;

const TEXT_SIZE: f32 = 9.5;
const TABLE_SIZE: f32 = 8.5;
const CODE_SIZE: f32 = 7.0;
const LEADING: f32 = 1.3;
const CELL_PADDING: f32 = 3.0;
const MAP_WIDTH: f32 = BODY_WIDTH * 0.7;

const INK: (u8, u8, u8) = (0x1f, 0x23, 0x28);
const MUTED: (u8, u8, u8) = (0x60, 0x66, 0x6e);
const RULE: (u8, u8, u8) = (0xc8, 0xcc, 0xd0);
const SHADE: (u8, u8, u8) = (0xee, 0xf0, 0xf2);
const LAND: (u8, u8, u8) = (0x9a, 0xa3, 0xad);
const PIN: (u8, u8, u8) = (0xd0, 0x21, 0x21);

/// What the footer of every page says, besides its number.
pub struct Footer {
    /// "page { $page } of { $pages }", filled in per page.
    pub page: Box<dyn Fn(usize, usize) -> String>,
    /// When the report was made, from which profile and by whom.
    pub made: String,
}

/// Who the document is, for its metadata.
pub struct About {
    pub title: String,
    pub language: &'static str,
}

/// The PDF's bytes.
pub fn render(blocks: &[Block], footer: &Footer, about: &About) -> std::io::Result<Vec<u8>> {
    let faces = Faces::load()?;
    let mut layout = Layout { faces: &faces, pages: vec![Vec::new()], y: MARGIN };
    for (i, block) in blocks.iter().enumerate() {
        layout.block(block, blocks.get(i + 1));
    }
    let pages = layout.pages;
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(about.title.clone())
            .language(about.language.to_owned())
            .creator(format!("epay-status {}", env!("CARGO_PKG_VERSION"))),
    );
    let count = pages.len();
    for (i, steps) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| failed("the page size"))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for step in steps {
            draw(&mut surface, &faces, step);
        }
        let foot = format!("{} · {}", (footer.page)(i + 1, count), footer.made);
        let foot = faces.fit(&foot, false, 7.5, BODY_WIDTH);
        draw(
            &mut surface,
            &faces,
            &Step::Text { x: MARGIN, baseline: FOOTER_BASELINE, bold: false, size: 7.5, color: MUTED, text: foot },
        );
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| failed(&format!("{e:?}")))
}

fn failed(what: &str) -> std::io::Error {
    std::io::Error::other(format!("the PDF could not be made: {what}"))
}

/// The two faces, for drawing (krilla) and for measuring (skrifa).
struct Faces {
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
    fn load() -> std::io::Result<Faces> {
        let font = |bytes: &'static [u8]| Font::new(Data::from(bytes), 0).ok_or_else(|| failed("a font"));
        Ok(Faces { regular: font(REGULAR)?, bold: font(BOLD)?, widths: [Widths::new(REGULAR)?, Widths::new(BOLD)?] })
    }

    fn font(&self, bold: bool) -> Font {
        if bold { self.bold.clone() } else { self.regular.clone() }
    }

    fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        self.widths[usize::from(bold)].em(text) * size
    }

    /// `text` broken into lines no wider than `width`: at spaces, and
    /// inside a word only when the word alone is wider. Line breaks in the
    /// text are kept.
    fn wrap(&self, text: &str, bold: bool, size: f32, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in self.drawable(text).split('\n') {
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
    fn drawable<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let charmap = self.widths[0].font.charmap();
        let missing = |c: char| c != '\n' && charmap.map(c).is_none();
        if !text.chars().any(missing) {
            return text.into();
        }
        text.chars().map(|c| if missing(c) { format!("[U+{:04X}]", u32::from(c)) } else { c.to_string() }).collect()
    }

    /// One line of `text`, cut with "…" where it would be wider than `width`.
    fn fit(&self, text: &str, bold: bool, size: f32, width: f32) -> String {
        let text = &*self.drawable(text);
        if self.width(text, bold, size) <= width {
            return text.to_owned();
        }
        let mut cut: String = text.to_owned();
        while !cut.is_empty() && self.width(&format!("{cut}…"), bold, size) > width {
            cut.pop();
        }
        format!("{cut}…")
    }
}

/// One drawing step on a page.
enum Step {
    Text {
        x: f32,
        baseline: f32,
        bold: bool,
        size: f32,
        color: (u8, u8, u8),
        text: String,
    },
    Fill {
        rect: (f32, f32, f32, f32),
        color: (u8, u8, u8),
    },
    /// A checkbox, ticked or not.
    Check {
        x: f32,
        y: f32,
        size: f32,
        ticked: bool,
    },
    Map {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        pin: (f64, f64),
    },
}

struct Layout<'a> {
    faces: &'a Faces,
    pages: Vec<Vec<Step>>,
    /// The top of what comes next on the last page.
    y: f32,
}

impl Layout<'_> {
    fn push(&mut self, step: Step) {
        if let Some(page) = self.pages.last_mut() {
            page.push(step);
        }
    }

    /// A new page unless `height` fits on this one.
    fn room(&mut self, height: f32) {
        if self.y + height > BODY_END && self.y > MARGIN {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    /// Lines of text, page by page, then `after` points of space.
    fn text(&mut self, text: &str, bold: bool, size: f32, color: (u8, u8, u8), after: f32) {
        let line_height = size * LEADING;
        for line in self.faces.wrap(text, bold, size, BODY_WIDTH) {
            self.room(line_height);
            let baseline = self.y + size;
            self.push(Step::Text { x: MARGIN, baseline, bold, size, color, text: line });
            self.y += line_height;
        }
        self.y += after;
    }

    /// Lays out `block`; a heading keeps with the start of `next`.
    fn block(&mut self, block: &Block, next: Option<&Block>) {
        match block {
            Block::Title(text) => self.text(text, true, 16.0, INK, 6.0),
            Block::Lines(lines) => {
                for line in lines {
                    self.text(line, false, TEXT_SIZE, MUTED, 1.0);
                }
                self.y += 6.0;
            }
            Block::Lead { strong, rest } => {
                self.text(strong, true, 11.0, INK, 1.0);
                self.text(rest, false, TEXT_SIZE, INK, 8.0);
            }
            Block::Heading(level, text) => {
                let size = if *level <= 2 { 12.5 } else { 10.5 };
                self.y += if *level <= 2 { 8.0 } else { 4.0 };
                let start = match next {
                    Some(Block::Map { .. }) => MAP_WIDTH / 2.0 + 2.0 * TEXT_SIZE * LEADING,
                    _ => 4.0 * TABLE_SIZE * LEADING,
                };
                self.room(size * LEADING + start);
                self.text(text, true, size, INK, 4.0);
            }
            Block::Table { columns, rows } => {
                let rows: Vec<Vec<Cell>> = rows
                    .iter()
                    .map(|r| r.iter().map(|text| Cell { check: None, text: text.clone() }).collect())
                    .collect();
                self.table(columns, &rows);
            }
            Block::Checklist { columns, items } => {
                let columns = [String::new(), columns[0].clone(), columns[1].clone()];
                let rows: Vec<Vec<Cell>> = items
                    .iter()
                    .map(|(done, what, how)| {
                        vec![
                            Cell { check: Some(*done), text: String::new() },
                            Cell { check: None, text: what.clone() },
                            Cell { check: None, text: how.clone() },
                        ]
                    })
                    .collect();
                self.table(&columns, &rows);
            }
            Block::Map { latitude, longitude, caption } => {
                let height = MAP_WIDTH / 2.0;
                self.room(height + 2.0 * TEXT_SIZE * LEADING);
                self.text(caption, false, TEXT_SIZE, INK, 4.0);
                self.push(Step::Map { x: MARGIN, y: self.y, width: MAP_WIDTH, height, pin: (*latitude, *longitude) });
                self.y += height + 10.0;
            }
            Block::Code(text) => {
                for line in text.lines() {
                    // Indentation is the shape of JSON: keep it.
                    let indent = line.len() - line.trim_start().len();
                    let pad = self.faces.width(&" ".repeat(indent), false, CODE_SIZE);
                    for part in self.faces.wrap(line.trim_start(), false, CODE_SIZE, BODY_WIDTH - pad) {
                        self.room(CODE_SIZE * LEADING);
                        let baseline = self.y + CODE_SIZE;
                        self.push(Step::Text {
                            x: MARGIN + pad,
                            baseline,
                            bold: false,
                            size: CODE_SIZE,
                            color: MUTED,
                            text: part,
                        });
                        self.y += CODE_SIZE * LEADING;
                    }
                }
                self.y += 6.0;
            }
        }
    }

    /// A table: a shaded header (again on each page the table runs onto),
    /// rows ruled apart, a row longer than a page carried onto the next.
    fn table(&mut self, columns: &[String], rows: &[Vec<Cell>]) {
        let widths = self.widths(columns, rows);
        let line_height = TABLE_SIZE * LEADING;
        let header: Vec<Vec<String>> = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| self.faces.wrap(c, true, TABLE_SIZE, w - 2.0 * CELL_PADDING))
            .collect();
        let header_lines = header.iter().map(Vec::len).max().unwrap_or(1);
        let header_height = header_lines as f32 * line_height + 2.0 * CELL_PADDING;
        self.room(header_height + line_height + 2.0 * CELL_PADDING);
        self.header(&header, &widths, header_height);
        for row in rows {
            let cells: Vec<Vec<String>> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| self.faces.wrap(&cell.text, false, TABLE_SIZE, w - 2.0 * CELL_PADDING))
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            // The row whole on a new page when it fits on one, else as
            // much as fits here.
            let height = lines as f32 * line_height + 2.0 * CELL_PADDING;
            if self.y + height > BODY_END && height <= BODY_END - MARGIN - header_height {
                self.pages.push(Vec::new());
                self.y = MARGIN;
                self.header(&header, &widths, header_height);
            }
            let mut top = self.y + CELL_PADDING;
            for line in 0..lines {
                if top + line_height > BODY_END {
                    self.pages.push(Vec::new());
                    self.y = MARGIN;
                    self.header(&header, &widths, header_height);
                    top = self.y + CELL_PADDING;
                }
                let mut x = MARGIN;
                for ((cell, texts), w) in row.iter().zip(&cells).zip(&widths) {
                    if line == 0
                        && let Some(ticked) = cell.check
                    {
                        self.push(Step::Check { x: x + CELL_PADDING, y: top + 1.0, size: TABLE_SIZE, ticked });
                    }
                    if let Some(text) = texts.get(line).filter(|t| !t.is_empty()) {
                        let baseline = top + TABLE_SIZE;
                        let step = Step::Text {
                            x: x + CELL_PADDING,
                            baseline,
                            bold: false,
                            size: TABLE_SIZE,
                            color: INK,
                            text: text.clone(),
                        };
                        self.push(step);
                    }
                    x += w;
                }
                top += line_height;
            }
            self.y = top + CELL_PADDING;
            self.push(Step::Fill { rect: (MARGIN, self.y, BODY_WIDTH, 0.5), color: RULE });
        }
        self.y += 8.0;
    }

    fn header(&mut self, header: &[Vec<String>], widths: &[f32], height: f32) {
        self.push(Step::Fill { rect: (MARGIN, self.y, BODY_WIDTH, height), color: SHADE });
        let mut x = MARGIN;
        for (lines, w) in header.iter().zip(widths) {
            for (i, line) in lines.iter().enumerate().filter(|(_, l)| !l.is_empty()) {
                let baseline = self.y + CELL_PADDING + TABLE_SIZE + i as f32 * TABLE_SIZE * LEADING;
                let text = line.clone();
                self.push(Step::Text { x: x + CELL_PADDING, baseline, bold: true, size: TABLE_SIZE, color: INK, text });
            }
            x += w;
        }
        self.y += height;
    }

    /// Column widths: each column its widest line where all fit; else
    /// each an equal share at least, and what is left to the columns that
    /// want more, by how much more they want.
    fn widths(&self, columns: &[String], rows: &[Vec<Cell>]) -> Vec<f32> {
        let pad = 2.0 * CELL_PADDING;
        let natural: Vec<f32> = (0..columns.len())
            .map(|i| {
                let head = self.faces.width(&columns[i], true, TABLE_SIZE);
                let widest = rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| match c.check {
                        Some(_) => TABLE_SIZE,
                        None => c.text.split('\n').map(|l| self.faces.width(l, false, TABLE_SIZE)).fold(0.0, f32::max),
                    })
                    .fold(head, f32::max);
                widest + pad + 0.5
            })
            .collect();
        let total: f32 = natural.iter().sum();
        if total <= BODY_WIDTH {
            let mut widths = natural;
            if let Some(last) = widths.last_mut() {
                *last += BODY_WIDTH - total;
            }
            return widths;
        }
        let share = BODY_WIDTH / columns.len().max(1) as f32;
        let base: Vec<f32> = natural.iter().map(|n| n.min(share)).collect();
        let left = BODY_WIDTH - base.iter().sum::<f32>();
        let want: f32 = natural.iter().zip(&base).map(|(n, b)| n - b).sum();
        natural.iter().zip(&base).map(|(n, b)| b + if want > 0.0 { left * (n - b) / want } else { 0.0 }).collect()
    }
}

/// A table cell: text, or a checkbox.
struct Cell {
    check: Option<bool>,
    text: String,
}

fn fill(color: (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn draw(surface: &mut Surface, faces: &Faces, step: &Step) {
    match step {
        Step::Text { x, baseline, bold, size, color, text } => {
            surface.set_fill(Some(fill(*color)));
            let start = Point::from_xy(*x, *baseline);
            surface.draw_text(start, faces.font(*bold), *size, text, false, TextDirection::Auto);
        }
        Step::Fill { rect, color } => {
            let mut path = PathBuilder::new();
            if let Some(r) = Rect::from_xywh(rect.0, rect.1, rect.2, rect.3) {
                path.push_rect(r);
            }
            if let Some(path) = path.finish() {
                surface.set_fill(Some(fill(*color)));
                surface.draw_path(&path);
            }
        }
        Step::Check { x, y, size, ticked } => {
            // A frame: the box, less its inside.
            let mut path = PathBuilder::new();
            let inner = size - 1.6;
            if let (Some(outer), Some(hole)) =
                (Rect::from_xywh(*x, *y, *size, *size), Rect::from_xywh(x + 0.8, y + 0.8, inner, inner))
            {
                path.push_rect(outer);
                path.push_rect(hole);
            }
            if *ticked && let Some(mark) = Rect::from_xywh(x + 2.2, y + 2.2, size - 4.4, size - 4.4) {
                path.push_rect(mark);
            }
            if let Some(path) = path.finish() {
                surface.set_fill(Some(Fill { rule: krilla::paint::FillRule::EvenOdd, ..fill(INK) }));
                surface.draw_path(&path);
            }
        }
        Step::Map { x, y, width, height, pin } => draw_map(surface, (*x, *y, *width, *height), *pin),
    }
}

/// The world, equirectangular, as the dashboard draws it, with the pin.
fn draw_map(surface: &mut Surface, (x, y, width, height): (f32, f32, f32, f32), (latitude, longitude): (f64, f64)) {
    let mut frame = PathBuilder::new();
    if let (Some(outer), Some(inner)) =
        (Rect::from_xywh(x, y, width, height), Rect::from_xywh(x + 0.5, y + 0.5, width - 1.0, height - 1.0))
    {
        frame.push_rect(outer);
        frame.push_rect(inner);
    }
    if let Some(path) = frame.finish() {
        surface.set_fill(Some(Fill { rule: krilla::paint::FillRule::EvenOdd, ..fill(RULE) }));
        surface.draw_path(&path);
    }
    let dot = (width / map::COLUMNS as f32).min(height / map::ROWS as f32) * 0.9;
    let mut land = PathBuilder::new();
    for (dx, dy) in map::dots() {
        if let Some(r) = Rect::from_xywh(x + dx * width - dot / 2.0, y + dy * height - dot / 2.0, dot, dot) {
            land.push_rect(r);
        }
    }
    if let Some(path) = land.finish() {
        surface.set_fill(Some(fill(LAND)));
        surface.draw_path(&path);
    }
    let (px, py) = map::place(latitude, longitude);
    let (cx, cy) = (x + px * width, y + py * height);
    let mut pin = PathBuilder::new();
    circle(&mut pin, cx, cy, 3.6);
    if let Some(path) = pin.finish() {
        surface.set_fill(Some(fill(PIN)));
        surface.draw_path(&path);
    }
}

/// A circle from four Bézier quarters.
fn circle(path: &mut PathBuilder, cx: f32, cy: f32, r: f32) {
    let k = 0.552_284_8 * r;
    path.move_to(cx + r, cy);
    path.cubic_to(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    path.cubic_to(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    path.cubic_to(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    path.cubic_to(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    path.close();
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
    }

    #[test]
    fn tables_fill_the_line_and_never_overflow_it() {
        let faces = Faces::load().unwrap();
        let layout = Layout { faces: &faces, pages: vec![Vec::new()], y: MARGIN };
        let cell = |t: &str| Cell { check: None, text: t.into() };
        let narrow = layout.widths(&["a".into(), "b".into()], &[vec![cell("x"), cell("y")]]);
        assert!((narrow.iter().sum::<f32>() - BODY_WIDTH).abs() < 0.01, "{narrow:?}");
        let long = "word ".repeat(200);
        let wide =
            layout.widths(&["a".into(), "b".into(), "c".into()], &[vec![cell("short"), cell(&long), cell(&long)]]);
        assert!((wide.iter().sum::<f32>() - BODY_WIDTH).abs() < 0.01, "{wide:?}");
        assert!(wide[0] < wide[1] && (wide[1] - wide[2]).abs() < 0.01, "the short column keeps its width: {wide:?}");
    }
}
