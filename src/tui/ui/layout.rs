//! Where each pane goes. Pure arithmetic on the terminal size, shared by the
//! renderer and by mouse handling, so a click lands where the pane is drawn.

use ratatui::layout::{Position, Rect};

use crate::tui::app::Focus;

pub const INPUT_HEIGHT: u16 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Areas {
    pub input: Rect,
    pub history: Rect,
    pub details: Rect,
    pub status: Rect,
    /// On a large terminal, the IP map under the history list.
    pub map: Option<Rect>,
}

impl Areas {
    pub fn new(width: u16, height: u16) -> Self {
        let body_height = height.saturating_sub(INPUT_HEIGHT + 1);
        let history_width = match width {
            0..100 => 36.min(width),
            100..140 => 52,
            _ => 56,
        };
        let input = Rect::new(0, 0, width, INPUT_HEIGHT.min(height));
        let mut history = Rect::new(0, input.bottom(), history_width, body_height);
        let details = Rect::new(history_width, input.bottom(), width.saturating_sub(history_width), body_height);
        let status = Rect::new(0, height.saturating_sub(1), width, height.min(1));
        // A wide, tall terminal has room for the map beside the details,
        // under a history list that still shows a screenful of rows.
        let map = (width >= 140 && body_height >= 36).then(|| {
            let map_height = (body_height * 2 / 5).min(20);
            history.height -= map_height;
            Rect::new(0, history.bottom(), history_width, map_height)
        });
        Self { input, history, details, status, map }
    }

    pub fn pane_at(&self, column: u16, row: u16) -> Option<Focus> {
        let p = Position::new(column, row);
        [(self.input, Focus::Input), (self.history, Focus::History), (self.details, Focus::Details)]
            .into_iter()
            .find(|(r, _)| r.contains(p))
            .map(|(_, f)| f)
    }

    /// Rows of history that fit: the pane less its borders and header.
    pub fn history_rows(&self) -> usize {
        usize::from(self.history.height.saturating_sub(3))
    }

    /// The entry under a click on the history pane.
    pub fn history_row(&self, row: u16, selected: usize, len: usize) -> Option<usize> {
        let top = self.history.y + 2;
        let index = history_offset(selected, self.history_rows()) + usize::from(row.checked_sub(top)?);
        (row < self.history.bottom().saturating_sub(1) && index < len).then_some(index)
    }
}

/// The first visible history row: the list scrolls only as far as needed to
/// keep the selection in view.
pub fn history_offset(selected: usize, visible: usize) -> usize {
    (selected + 1).saturating_sub(visible.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_tile_the_screen_without_overlap() {
        for (w, h) in [(80, 24), (160, 48), (20, 5), (0, 0)] {
            let a = Areas::new(w, h);
            assert!(a.history.right() <= a.details.left() || a.details.width == 0);
            assert!(a.details.right() <= w);
            assert!(a.history.bottom() <= a.status.top().max(a.history.top()));
        }
    }

    #[test]
    fn clicks_map_to_rows() {
        let a = Areas::new(80, 24);
        assert_eq!(a.pane_at(1, 1), Some(Focus::Input));
        assert_eq!(a.pane_at(1, 10), Some(Focus::History));
        assert_eq!(a.pane_at(70, 10), Some(Focus::Details));
        // First data row is below the border and the header.
        assert_eq!(a.history_row(5, 0, 3), Some(0));
        assert_eq!(a.history_row(7, 0, 3), Some(2));
        assert_eq!(a.history_row(8, 0, 3), None);
        assert_eq!(a.history_row(4, 0, 3), None);
    }
}
