//! Watched invoices: checked again every so often while the dashboard runs,
//! until they reach a final status (or, for a manual watch, until unwatched).

use chrono::{DateTime, Utc};

use super::{App, Command, Notice};
use crate::epay::{InvoiceId, LookupType, Status};
use crate::i18n::{self, Language};

/// The watched invoices and how often they are checked.
pub struct Watches {
    pub by_invoice: std::collections::BTreeMap<InvoiceId, Watch>,
    pub every: chrono::Duration,
}

impl Default for Watches {
    fn default() -> Self {
        Self { by_invoice: std::collections::BTreeMap::new(), every: chrono::Duration::minutes(5) }
    }
}

/// An invoice checked again every so often while the dashboard runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Watch {
    pub requested: LookupType,
    /// Started for a pending answer (NEW, AUTH, FINGERPRINT); ends at a final status.
    pub auto: bool,
    pub next_due: DateTime<Utc>,
}

impl Watches {
    /// Starts or ends watches from an answer; true when the invoice was watched.
    pub(super) fn answer(
        &mut self,
        invoice: &InvoiceId,
        ty: LookupType,
        status: Option<&Status>,
        now: DateTime<Utc>,
    ) -> bool {
        // NEW, AUTH and FINGERPRINT: the payment has not reached its end yet.
        let pending = status.is_some_and(|s| s.tone() == crate::epay::Tone::Pending);
        let was_watched = self.by_invoice.contains_key(invoice);
        match self.by_invoice.get(invoice) {
            Some(w) if w.auto && !pending && status.is_some() => {
                self.by_invoice.remove(invoice);
            }
            Some(_) => {}
            None if pending => {
                let next_due = now + self.every;
                self.by_invoice.insert(*invoice, Watch { requested: ty, auto: true, next_due });
            }
            None => {}
        }
        was_watched
    }

    /// When the next watched invoice is due, for the event loop's timer.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.by_invoice.values().map(|w| w.next_due).min()
    }

    /// The invoices due now, each moved on to its next time.
    fn take_due(&mut self, now: DateTime<Utc>) -> Vec<(InvoiceId, LookupType)> {
        let every = self.every;
        self.by_invoice
            .iter_mut()
            .filter(|(_, w)| w.next_due <= now)
            .map(|(invoice, w)| {
                w.next_due = now + every;
                (*invoice, w.requested)
            })
            .collect()
    }

    /// Watches the invoice by hand, or stops watching it; says which.
    fn toggle(&mut self, invoice: InvoiceId, requested: LookupType, now: DateTime<Utc>, lang: Language) -> Notice {
        if self.by_invoice.remove(&invoice).is_some() {
            return Notice::info(i18n::text(lang, "notice-watch-stopped", &[("invoice", invoice.to_string().into())]));
        }
        self.by_invoice.insert(invoice, Watch { requested, auto: false, next_due: now + self.every });
        let args = [("invoice", invoice.to_string().into()), ("minutes", self.every.num_minutes().into())];
        Notice::info(i18n::text(lang, "notice-watching", &args))
    }
}

impl App {
    /// When the loop should wake the state next (a watch, a filter being
    /// typed); `None` lets an idle dashboard sleep.
    pub fn next_timer(&self) -> Option<DateTime<Utc>> {
        [self.watches.next_due(), self.input.search_due, self.team_timer()].into_iter().flatten().min()
    }

    /// Checks every watched invoice that is due, without moving the selection.
    pub(super) fn watch_due(&mut self, now: DateTime<Utc>) -> Vec<Command> {
        let mut commands = Vec::new();
        for (invoice, ty) in self.watches.take_due(now) {
            let busy = self.lookups.checking(&invoice);
            if !busy {
                commands.extend(self.start_quietly(invoice, ty, now));
            }
        }
        commands
    }

    pub(super) fn toggle_watch(&mut self, now: DateTime<Utc>) {
        match self.selected_entry() {
            Some(e) => {
                let (invoice, requested) = (e.invoice, e.requested);
                self.notice = Some(self.watches.toggle(invoice, requested, now, self.context.language));
            }
            None => self.notice = Some(Notice::problem(i18n::plain(self.context.language, "cannot-nothing-to-watch"))),
        }
    }
}
