//! Where each pane goes. Pure arithmetic on the terminal size, shared by the
//! renderer and by mouse handling, so a click lands where the pane is drawn.

use ratatui::layout::{Position, Rect};

use crate::tui::app::Focus;

pub const INPUT_HEIGHT: u16 = 3;
/// Narrower terminals put the history list above the details.
pub const STACKED_BELOW: u16 = 100;

/// How much of the body the focused pane takes; a key cycles it, as
/// lazygit's screen modes do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Zoom {
    #[default]
    Normal,
    Half,
    Full,
}

impl Zoom {
    pub fn next(self) -> Self {
        match self {
            Self::Normal => Self::Half,
            Self::Half => Self::Full,
            Self::Full => Self::Normal,
        }
    }
}

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
        let input = Rect::new(0, 0, width, INPUT_HEIGHT.min(height));
        let status = Rect::new(0, height.saturating_sub(1), width, height.min(1));
        if width < STACKED_BELOW {
            // Side by side, 80 columns leave the details 44: too few for a
            // dispute's essentials. Stacked, the list keeps its full columns
            // in a few rows and the details get the whole width.
            // Five rows of lookups at 80x24 (the pane's borders and header
            // take three), the rest for the details.
            let history_height = (body_height * 2 / 5).clamp(8.min(body_height), 14);
            let history = Rect::new(0, input.bottom(), width, history_height);
            let details = Rect::new(0, history.bottom(), width, body_height - history_height);
            return Self { input, history, details, status, map: None };
        }
        // Room for every column with 9-digit invoice IDs, an amount whole
        // ("1 234 567.89 KZT") included; longer IDs narrow the amount. From
        // 120 columns the card and who checked join them (see the list's
        // `Room`), and the details keep 48 columns or more; from 160, room
        // for two columns of sections; from 176, the card's mask whole.
        let history_width = match width {
            ..120 => 58,
            120..176 => 72,
            _ => 84,
        };
        let mut history = Rect::new(0, input.bottom(), history_width, body_height);
        let details = Rect::new(history_width, input.bottom(), width.saturating_sub(history_width), body_height);
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

    /// The focused pane (the list, when the box has focus) given half the
    /// body, or all of it; the map gives way. The panes keep their places:
    /// the list above (or left of) the details.
    pub fn zoomed(self, zoom: Zoom, focus: Focus) -> Self {
        let body = self.map.map_or(self.history, |map| self.history.union(map)).union(self.details);
        let (history, details) = match zoom {
            Zoom::Normal => return self,
            Zoom::Full if focus == Focus::Details => (Rect { height: 0, ..body }, body),
            Zoom::Full => (body, Rect { y: body.bottom(), height: 0, ..body }),
            Zoom::Half if self.history.x == self.details.x => {
                let half = body.height / 2;
                (Rect { height: half, ..body }, Rect { y: body.y + half, height: body.height - half, ..body })
            }
            Zoom::Half => {
                let half = body.width / 2;
                (Rect { width: half, ..body }, Rect { x: body.x + half, width: body.width - half, ..body })
            }
        };
        Self { history, details, map: None, ..self }
    }

    /// The screen with the cases view's list in place of the history: the
    /// map is of a lookup, not of a case, so the list takes its place.
    pub fn for_cases(self) -> Self {
        let history = self.map.map_or(self.history, |map| self.history.union(map));
        Self { history, map: None, ..self }
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
        for (w, h) in [(80, 24), (99, 30), (100, 30), (160, 48), (20, 5), (0, 0)] {
            let a = Areas::new(w, h);
            let panes = [a.input, a.history, a.details, a.status];
            for (i, p) in panes.iter().enumerate() {
                assert!(p.right() <= w && p.bottom() <= h, "{w}x{h}: {p:?} leaves the screen");
                for q in &panes[i + 1..] {
                    assert!(p.intersection(*q).is_empty(), "{w}x{h}: {p:?} overlaps {q:?}");
                }
            }
        }
        // Below 100 columns the details get the whole width.
        assert_eq!(Areas::new(80, 24).details.width, 80);
        assert_eq!(Areas::new(80, 24).history_rows(), 5, "five rows of lookups at 80x24");
        // Side by side, the list widens where the card and who checked fit.
        assert_eq!(Areas::new(119, 40).history.width, 58);
        assert_eq!(Areas::new(120, 40).history.width, 72);
        assert_eq!(Areas::new(160, 48).details.width, 88);
        assert_eq!(Areas::new(200, 60).history.width, 84);
    }

    #[test]
    fn zoom_gives_the_focused_pane_half_or_all_of_the_body() {
        for (w, h) in [(80, 24), (160, 48)] {
            let a = Areas::new(w, h);
            let body = a.map.map_or(a.history, |m| a.history.union(m)).union(a.details);
            let half = a.zoomed(Zoom::Half, Focus::History);
            assert_eq!(half.history.union(half.details), body, "{w}x{h}");
            assert!(half.history.intersection(half.details).is_empty());
            assert!(
                half.history.height.abs_diff(half.details.height) <= 1
                    || half.history.width.abs_diff(half.details.width) <= 1
            );
            let full = a.zoomed(Zoom::Full, Focus::Details);
            assert_eq!(full.details, body);
            assert_eq!(full.history.area(), 0);
            assert_eq!(a.zoomed(Zoom::Full, Focus::Input).history, body, "from the box, the list");
            assert_eq!(a.zoomed(Zoom::Normal, Focus::Details), a);
        }
        assert_eq!(Zoom::Normal.next().next().next(), Zoom::Normal);
    }

    #[test]
    fn clicks_map_to_rows() {
        let a = Areas::new(120, 24);
        assert_eq!(a.pane_at(1, 1), Some(Focus::Input));
        assert_eq!(a.pane_at(1, 10), Some(Focus::History));
        assert_eq!(a.pane_at(80, 10), Some(Focus::Details));
        let stacked = Areas::new(80, 24);
        assert_eq!(stacked.pane_at(70, 5), Some(Focus::History));
        assert_eq!(stacked.pane_at(1, 15), Some(Focus::Details));
        // First data row is below the border and the header.
        assert_eq!(a.history_row(5, 0, 3), Some(0));
        assert_eq!(a.history_row(7, 0, 3), Some(2));
        assert_eq!(a.history_row(8, 0, 3), None);
        assert_eq!(a.history_row(4, 0, 3), None);
    }
}
