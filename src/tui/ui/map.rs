//! A world map with a pin at the IP's coordinates.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Map, MapResolution};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use crate::epay::Transaction;
use crate::i18n::{self, Language};
use crate::risk::geo;

pub const PIN: &str = "◉";

/// The map for a transaction in `area`, or a line saying why there is none.
pub fn draw(frame: &mut Frame, area: Rect, t: Option<&Transaction>, overlay: bool, lang: Language) {
    if overlay {
        frame.render_widget(Clear, area);
    }
    let coordinates = t.and_then(Transaction::coordinates);
    let title = match (coordinates, t) {
        (Some((lat, lon)), Some(_)) => {
            let point = format!("{lat:.4}, {lon:.4}");
            let title = match geo::country_at(lat, lon) {
                Some(c) => {
                    i18n::text(lang, "map-title", &[("point", point.into()), ("country", geo::name_of(&c).into())])
                }
                None => i18n::text(lang, "map-title-nowhere", &[("point", point.into())]),
            };
            format!(" {title} ")
        }
        _ => format!(" {} ", i18n::plain(lang, "report-ip-location")),
    };
    let hint = if overlay { i18n::plain(lang, "map-close") } else { i18n::plain(lang, "map-full-screen") };
    let hint = format!(" {hint} ");
    let block = Block::bordered()
        .title(Span::styled(title, theme::title()))
        .title_bottom(Line::styled(hint, theme::label()).right_aligned())
        .border_style(Style::new().fg(Color::DarkGray));
    let Some((lat, lon)) = coordinates else {
        let text = if t.is_some() { i18n::plain(lang, "map-no-coordinates") } else { String::new() };
        frame.render_widget(Paragraph::new(text).block(block), area);
        return;
    };
    let canvas =
        Canvas::default().block(block).marker(Marker::Braille).x_bounds([-180.0, 180.0]).y_bounds([-90.0, 90.0]).paint(
            move |ctx| {
                ctx.draw(&Map { resolution: MapResolution::High, color: Color::DarkGray });
                ctx.print(lon, lat, Span::styled(PIN, Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)));
            },
        );
    frame.render_widget(canvas, area);
}
