//! The report's blocks as an A4 PDF, made in the process with krilla: Noto
//! Sans (in `assets/fonts`, OFL) embedded as a subset, so the text can be
//! copied and searched and looks the same on every machine. Text is only
//! ever drawn: whatever a server or a note says is glyphs, never markup.
//!
//! Two passes: the blocks are laid out into pages of drawing steps
//! (`layout.rs`, measuring with `faces.rs`), then drawn here, so that each
//! page's footer can say "page 2 of 3".

mod faces;
mod layout;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;
use krilla::text::TextDirection;

use super::blocks::Block;
use super::map;
use faces::Faces;
use layout::{Layout, Step};

/// A4 in points.
const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 48.0;
/// Where the body ends: the footer is below.
const BODY_END: f32 = PAGE_HEIGHT - 56.0;
const FOOTER_BASELINE: f32 = BODY_END + 22.0;
const FOOTER_SIZE: f32 = 7.5;
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

/// What the document is, for its metadata.
pub struct About {
    pub title: String,
    pub language: &'static str,
    pub author: String,
    pub made: chrono::DateTime<chrono::FixedOffset>,
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
            .creator(format!("epay-status {}", env!("CARGO_PKG_VERSION")))
            .authors(vec![about.author.clone()])
            .creation_date(date(&about.made)),
    );
    let count = pages.len();
    for (i, steps) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| failed("the page size"))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for step in steps {
            draw(&mut surface, &faces, step);
        }
        // The whole footer on every page, on a second line if it must be:
        // who made the report is never cut off.
        let foot = format!("{} · {}", (footer.page)(i + 1, count), footer.made);
        for (n, text) in faces.wrap(&foot, false, FOOTER_SIZE, BODY_WIDTH).into_iter().take(3).enumerate() {
            let baseline = FOOTER_BASELINE + n as f32 * FOOTER_SIZE * LEADING;
            let step = Step::Text { x: MARGIN, baseline, bold: false, size: FOOTER_SIZE, color: MUTED, text };
            draw(&mut surface, &faces, &step);
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| failed(&format!("{e:?}")))
}

/// A time as the PDF's metadata holds it.
fn date(t: &chrono::DateTime<chrono::FixedOffset>) -> krilla::metadata::DateTime {
    use chrono::{Datelike, Timelike};
    let offset = t.offset().local_minus_utc() / 60;
    // Each part is in range by the calendar's own rules.
    krilla::metadata::DateTime::new(t.year().clamp(0, 9999) as u16)
        .month(t.month() as u8)
        .day(t.day() as u8)
        .hour(t.hour() as u8)
        .minute(t.minute() as u8)
        .second(t.second().min(59) as u8)
        .utc_offset_hour((offset / 60) as i8)
        .utc_offset_minute((offset % 60).unsigned_abs() as u8)
}

fn failed(what: &str) -> std::io::Error {
    std::io::Error::other(format!("the PDF could not be made: {what}"))
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
    // At the map's edge the pin stays inside its frame.
    let radius = 3.6;
    let cx = (x + px * width).clamp(x + radius, x + width - radius);
    let cy = (y + py * height).clamp(y + radius, y + height - radius);
    let mut pin = PathBuilder::new();
    circle(&mut pin, cx, cy, radius);
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
