//! Watched invoices: checked again every so often while the dashboard runs,
//! until they reach a final status (or, for a manual watch, until unwatched).

use chrono::{DateTime, Utc};

use super::{App, Command, Notice};
use crate::epay::{InvoiceId, LookupType, Status};

/// An invoice checked again every so often while the dashboard runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Watch {
    pub requested: LookupType,
    /// Started for a pending answer (NEW, AUTH, FINGERPRINT); ends at a final status.
    pub auto: bool,
    pub next_due: DateTime<Utc>,
}

impl App {
    /// Starts or ends watches from an answer; true when the invoice was watched.
    pub(super) fn watch_answer(
        &mut self,
        invoice: &InvoiceId,
        ty: LookupType,
        status: Option<&Status>,
        now: DateTime<Utc>,
    ) -> bool {
        // NEW, AUTH and FINGERPRINT: the payment has not reached its end yet.
        let pending = status.is_some_and(|s| s.tone() == crate::epay::Tone::Pending);
        let was_watched = self.watches.contains_key(invoice);
        match self.watches.get_mut(invoice) {
            Some(w) if w.auto && !pending && status.is_some() => {
                self.watches.remove(invoice);
            }
            Some(_) => {}
            None if pending => {
                let next_due = now + self.watch_every;
                self.watches.insert(*invoice, Watch { requested: ty, auto: true, next_due });
            }
            None => {}
        }
        was_watched
    }
    /// When the next watched invoice is due, for the event loop's timer.
    pub fn next_watch_due(&self) -> Option<DateTime<Utc>> {
        self.watches.values().map(|w| w.next_due).min()
    }
    /// Checks every watched invoice that is due, without moving the selection.
    pub(super) fn watch_due(&mut self, now: DateTime<Utc>) -> Vec<Command> {
        let due: Vec<(InvoiceId, LookupType)> =
            self.watches.iter().filter(|(_, w)| w.next_due <= now).map(|(i, w)| (*i, w.requested)).collect();
        let mut commands = Vec::new();
        for (invoice, ty) in due {
            if let Some(w) = self.watches.get_mut(&invoice) {
                w.next_due = now + self.watch_every;
            }
            let busy = self.history.iter().any(|e| e.invoice == invoice && e.is_pending());
            if !busy {
                commands.extend(self.start_quietly(invoice, ty, now));
            }
        }
        commands
    }
    pub(super) fn toggle_watch(&mut self, now: DateTime<Utc>) {
        let Some(e) = self.selected_entry() else { return };
        let (invoice, requested) = (e.invoice, e.requested);
        if self.watches.remove(&invoice).is_some() {
            self.notice = Some(Notice::info(format!("stopped watching {invoice}")));
        } else {
            let next_due = now + self.watch_every;
            self.watches.insert(invoice, Watch { requested, auto: false, next_due });
            let minutes = self.watch_every.num_minutes();
            self.notice =
                Some(Notice::info(format!("watching {invoice}: checked every {minutes} min while this runs")));
        }
    }
}
