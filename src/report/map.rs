//! The world map the dashboard draws (ratatui's coastlines), as dots for
//! the PDF: drawn once into an off-screen buffer in braille, each braille
//! dot read back as a point on the page.

use std::sync::OnceLock;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::widgets::Widget;
use ratatui::widgets::canvas::{Canvas, Map, MapResolution};

/// Braille dots across and down (two by four per cell): square dots for a
/// map twice as wide as high.
pub const COLUMNS: usize = 360;
pub const ROWS: usize = 180;

/// The land's dots, each as fractions of the map's width and height from
/// its top left.
pub fn dots() -> &'static [(f32, f32)] {
    static DOTS: OnceLock<Vec<(f32, f32)>> = OnceLock::new();
    DOTS.get_or_init(|| {
        let area = Rect::new(0, 0, (COLUMNS / 2) as u16, (ROWS / 4) as u16);
        let mut buffer = Buffer::empty(area);
        Canvas::default()
            .marker(Marker::Braille)
            .x_bounds([-180.0, 180.0])
            .y_bounds([-90.0, 90.0])
            .paint(|ctx| ctx.draw(&Map { resolution: MapResolution::High, color: Color::Reset }))
            .render(area, &mut buffer);
        let mut dots = Vec::new();
        for row in 0..area.height {
            for column in 0..area.width {
                let Some(c) = buffer[(column, row)].symbol().chars().next() else { continue };
                let bits = u32::from(c).wrapping_sub(0x2800);
                if bits > 0xff {
                    continue;
                }
                for (bit, (dx, dy)) in BRAILLE.iter().enumerate() {
                    if bits & (1 << bit) != 0 {
                        let x = (f32::from(column) * 2.0 + dx + 0.5) / COLUMNS as f32;
                        let y = (f32::from(row) * 4.0 + dy + 0.5) / ROWS as f32;
                        dots.push((x, y));
                    }
                }
            }
        }
        dots
    })
}

/// Where each of a braille cell's eight bits sits, across and down.
const BRAILLE: [(f32, f32); 8] =
    [(0.0, 0.0), (0.0, 1.0), (0.0, 2.0), (1.0, 0.0), (1.0, 1.0), (1.0, 2.0), (0.0, 3.0), (1.0, 3.0)];

/// A point on the map, as fractions of its width and height from its top left.
pub fn place(latitude: f64, longitude: f64) -> (f32, f32) {
    let x = ((longitude.clamp(-180.0, 180.0) + 180.0) / 360.0) as f32;
    let y = ((90.0 - latitude.clamp(-90.0, 90.0)) / 180.0) as f32;
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_world_has_land_where_land_is() {
        let dots = dots();
        assert!(dots.len() > 2_000, "{}", dots.len());
        // Coastline near Almaty's longitude? No: the Caspian's east shore
        // (about 52°E, 40–47°N) holds dots; the middle of the Pacific none.
        let near = |lat: f64, lon: f64, r: f32| {
            let (x, y) = place(lat, lon);
            dots.iter().any(|(dx, dy)| (dx - x).abs() < r && (dy - y).abs() < r)
        };
        assert!(near(44.0, 51.5, 0.01), "the Caspian's shore");
        assert!(!near(-10.0, -140.0, 0.02), "the open Pacific");
        assert_eq!(place(90.0, -180.0), (0.0, 0.0));
        assert_eq!(place(-90.0, 180.0), (1.0, 1.0));
    }
}
