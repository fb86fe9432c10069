//! The blocks laid out on A4 pages as drawing steps: text wrapped to its
//! column, tables with a shaded header that comes again on each page they
//! run onto, a heading kept with what it heads.

use super::faces::Faces;
use super::*;
use crate::report::blocks::Block;

/// One drawing step on a page.
pub enum Step {
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

pub struct Layout<'a> {
    pub faces: &'a Faces,
    pub pages: Vec<Vec<Step>>,
    /// The top of what comes next on the last page.
    pub y: f32,
}

impl Layout<'_> {
    fn push(&mut self, step: Step) {
        if let Some(page) = self.pages.last_mut() {
            page.push(step);
        }
    }

    fn next_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// A new page unless `height` fits on this one.
    fn room(&mut self, height: f32) {
        if self.y + height > BODY_END && self.y > MARGIN {
            self.next_page();
        }
    }

    /// Lines of text across the body, page by page, then `after` points
    /// of space.
    fn text(&mut self, text: &str, bold: bool, size: f32, color: (u8, u8, u8), after: f32) {
        self.column(text, (bold, size, color), MARGIN, BODY_WIDTH);
        self.y += after;
    }

    /// Lines of text `width` wide from `x`, page by page.
    fn column(&mut self, text: &str, (bold, size, color): (bool, f32, (u8, u8, u8)), x: f32, width: f32) {
        let line_height = size * LEADING;
        for line in self.faces.wrap(text, bold, size, width) {
            self.room(line_height);
            let baseline = self.y + size;
            self.push(Step::Text { x, baseline, bold, size, color, text: line });
            self.y += line_height;
        }
    }

    /// Lays out `block`; a heading keeps with the start of `next`.
    pub fn block(&mut self, block: &Block, next: Option<&Block>) {
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
                    let pad = self.faces.width(&" ".repeat(indent), false, CODE_SIZE).min(BODY_WIDTH / 3.0);
                    self.column(line.trim_start(), (false, CODE_SIZE, MUTED), MARGIN + pad, BODY_WIDTH - pad);
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
                self.next_page();
                self.header(&header, &widths, header_height);
            }
            let mut top = self.y + CELL_PADDING;
            for line in 0..lines {
                if top + line_height > BODY_END {
                    self.next_page();
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
                        None => self
                            .faces
                            .drawable(&c.text)
                            .split('\n')
                            .map(|l| self.faces.width(l, false, TABLE_SIZE))
                            .fold(0.0, f32::max),
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
pub struct Cell {
    pub check: Option<bool>,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn a_row_taller_than_a_page_runs_on_under_the_header_again() {
        let faces = Faces::load().unwrap();
        let mut layout = Layout { faces: &faces, pages: vec![Vec::new()], y: MARGIN };
        let note = (1..=300).map(|n| format!("line {n}")).collect::<Vec<_>>().join("\n");
        let table =
            Block::Table { columns: vec!["When".into(), "What".into()], rows: vec![vec!["today".into(), note]] };
        layout.block(&table, None);
        assert!(layout.pages.len() >= 4, "{} pages", layout.pages.len());
        let mut lines = Vec::new();
        for page in &layout.pages {
            let header =
                page.iter().any(|s| matches!(s, Step::Fill { rect, color } if rect.1 == MARGIN && *color == SHADE));
            assert!(header, "each page starts with the header");
            for step in page {
                if let Step::Text { baseline, text, bold: false, .. } = step {
                    assert!(*baseline <= BODY_END, "{text} at {baseline}");
                    lines.push(text.clone());
                }
            }
        }
        assert_eq!(lines.iter().filter(|l| l.starts_with("line ")).count(), 300, "no line lost");
        assert_eq!(lines.last().map(String::as_str), Some("line 300"));
    }
}
