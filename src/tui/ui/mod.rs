//! Drawing the dashboard from the app state, which it only reads, but for
//! what it measures while drawing: how far the help and the details can
//! scroll (`App::drawn`, as gitui's `VerticalScroll` records it), which
//! keys then go by. The app never calls into the screen.

mod cases;
pub mod details;
mod find;
pub mod help;
mod history;
mod input;
mod intake;
pub mod map;
mod messages;
mod status;
mod theme;
mod wrap;

use ratatui::Frame;

use super::app::App;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let areas = app.areas_in(area.width, area.height);
    input::draw(frame, areas.input, app);
    // A pane zoomed away has no room and is not drawn.
    if areas.history.area() > 0 && app.intaking.shown {
        intake::draw_list(frame, areas.history, app, areas.history_rows());
    } else if areas.history.area() > 0 && app.finding.shown {
        find::draw_list(frame, areas.history, app, areas.history_rows());
    } else if areas.history.area() > 0 && app.cases.shown {
        cases::draw_list(frame, areas.history, app, areas.history_rows());
    } else if areas.history.area() > 0 {
        history::draw(frame, areas.history, app, areas.history_rows());
    }
    if areas.details.area() > 0 {
        details::draw(frame, areas.details, app);
    }
    if let Some(map_area) = areas.map {
        let t = app.selected_detail().and_then(|d| d.answer()).and_then(|a| a.transaction.as_ref());
        map::draw(frame, map_area, t, false, app.context.language);
    }
    status::draw(frame, areas.status, app);
    if app.map_full {
        let t = app.selected_detail().and_then(|d| d.answer()).and_then(|a| a.transaction.as_ref());
        // Everything between the box and the status bar, stacked or not.
        let height = areas.details.bottom().saturating_sub(areas.input.bottom());
        let inner = ratatui::layout::Rect { y: areas.input.bottom(), height, ..area };
        map::draw(frame, inner, t, true, app.context.language);
    }
    if app.messages_open {
        messages::draw(frame, area, app);
    }
    // Over the details, so the lookup it is about stays in sight.
    if app.cases.editor.is_some() {
        cases::draw_editor(frame, area, app);
    }
    if app.finding.form.is_some() {
        find::draw_form(frame, area, app);
    }
    intake::draw_prompt(frame, area, app);
    if app.help {
        help::draw(frame, area, app);
    }
    if !app.context.colour {
        without_colour(frame.buffer_mut());
    }
}

/// Drops every colour from the frame, keeping attributes (reverse, bold).
/// Leaving it to the terminal library is not enough: under NO_COLOR
/// crossterm writes each colour change as an empty SGR, `ESC [ m`, which
/// resets the attributes too, and the selected row lost its reverse video.
fn without_colour(buffer: &mut ratatui::buffer::Buffer) {
    use ratatui::style::Color;
    for cell in &mut buffer.content {
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
    }
}
