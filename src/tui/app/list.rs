//! The order of the list on screen, and pasted batches.

use super::{App, Entry};

/// The order of the list on screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Time,
    Status,
    Amount,
}

impl SortBy {
    pub(super) fn next(self) -> Self {
        match self {
            Self::Time => Self::Status,
            Self::Status => Self::Amount,
            Self::Amount => Self::Time,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Time => "newest first",
            Self::Status => "by status",
            Self::Amount => "by amount",
        }
    }
}

/// A pasted batch: how far it got and what it found.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub ids: std::collections::HashSet<u64>,
    pub done: usize,
    /// Answers by status (or result code, or "no answer").
    pub counts: std::collections::BTreeMap<String, usize>,
}

impl App {
    /// Orders the list on screen; the selection goes back to the top.
    pub(super) fn apply_sort(&mut self) {
        let sort = self.sort;
        let list = match &mut self.filtered {
            Some(view) => &mut view.entries,
            None => &mut self.history,
        };
        let newest_first = |a: &Entry, b: &Entry| b.checked_at.cmp(&a.checked_at).then(b.id.cmp(&a.id));
        match sort {
            SortBy::Time => list.sort_by(newest_first),
            SortBy::Status => list.sort_by(|a, b| status_name(a).cmp(&status_name(b)).then_with(|| newest_first(a, b))),
            SortBy::Amount => list.sort_by(|a, b| {
                let key = |e: &Entry| e.row.as_ref().and_then(|r| r.amount);
                key(b).cmp(&key(a)).then_with(|| newest_first(a, b))
            }),
        }
        self.selected = 0;
        self.details_scroll = 0;
    }
}

/// Borrowed, so sorting 100,000 rows does not allocate a name per comparison.
fn status_name(e: &Entry) -> Option<&str> {
    e.row.as_ref()?.status.as_ref().map(|s| s.name())
}
