//! The details pane's state: the selected lookup's details once loaded,
//! how far they are scrolled, and whether the raw JSON is shown.

use super::{Command, Detail, Entry};

#[derive(Default)]
pub struct DetailsView {
    /// The details of one entry; shown only while that entry is selected.
    pub loaded: Option<Detail>,
    /// The entry whose details were last asked for: asked once, not again
    /// with every message that arrives while the store is busy.
    asked: Option<u64>,
    pub scroll: u16,
    pub raw_json: bool,
}

impl DetailsView {
    /// The details of `entry`, if they are the ones loaded.
    pub fn of(&self, entry: &Entry) -> Option<&Detail> {
        self.loaded.as_ref().filter(|d| d.entry_id == entry.id)
    }

    /// Asks for the details of `entry` when they are not at hand.
    pub(super) fn sync(&mut self, entry: &Entry) -> Option<Command> {
        if self.of(entry).is_some() || entry.is_pending() || self.asked == Some(entry.id) {
            return None;
        }
        let (entry_id, store_id) = (entry.id, entry.store_id?);
        // Drop the old details now: stale ones are never shown under a new title.
        self.loaded = None;
        self.scroll = 0;
        self.asked = Some(entry_id);
        Some(Command::LoadDetail { entry_id, store_id })
    }

    /// The selected lookup's answer, just arrived: shown at once, and its
    /// stored details asked for. The entry asked for before is forgotten,
    /// so going back to it asks again (it was left waiting otherwise).
    pub(super) fn answered(&mut self, detail: Detail, store_id: Option<i64>) -> Option<Command> {
        let entry_id = detail.entry_id;
        self.loaded = Some(detail);
        self.asked = Some(entry_id);
        store_id.map(|store_id| Command::LoadDetail { entry_id, store_id })
    }

    /// Keeps details that arrive only if their entry is still the one selected:
    /// a slow load for an earlier selection never replaces them.
    pub(super) fn arrived(&mut self, detail: Detail, selected: Option<&Entry>) {
        if selected.is_some_and(|e| e.id == detail.entry_id) {
            self.loaded = Some(detail);
        }
    }
}
