//! The team history's reach as the operator sees it: away since when, the
//! next try, what is still shown, and an outage's notices put in the past
//! once it answers again.

use chrono::{DateTime, Utc};

use super::{App, Command, Notice};
use crate::i18n;
use crate::store::{Health, Reach, StoreError, TeamEvent};

/// The team history could not be reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Away {
    pub since: DateTime<Utc>,
    /// When the watcher tries again (`None`: not known yet, or trying now).
    pub next_try: Option<DateTime<Utc>>,
}

impl Away {
    /// Since when, in the operator's time (`10:30`).
    pub fn since_in(&self, tz: &crate::zone::Zone) -> String {
        self.since.with_timezone(tz).format("%H:%M").to_string()
    }

    /// Whole seconds to the next try, rounded up; `None` once it is due.
    pub fn next_try_in(&self, now: DateTime<Utc>) -> Option<i64> {
        let left = (self.next_try? - now).num_milliseconds();
        (left > 0).then(|| (left + 999) / 1000)
    }
}

impl App {
    /// The history's state; once nothing waits in the spool, this run's
    /// spooled lookups are in the team history, and the list reads them
    /// from there.
    pub(super) fn history_health(&mut self, health: Health, now: DateTime<Utc>) -> Vec<Command> {
        let sent = matches!(self.history, Health::Team { spooled, .. } if spooled > 0)
            && matches!(health, Health::Team { spooled: 0, reach: Reach::Connected });
        if matches!(health, Health::Team { reach: Reach::Reconnecting, .. }) && self.away.is_none() {
            self.away = Some(Away { since: now, next_try: None });
        }
        self.history = health;
        if sent {
            self.lookups.forget_spooled();
            return self.lookups.refresh().into_iter().collect();
        }
        Vec::new()
    }

    /// The team history's news: back (send what waits, read afresh what
    /// could not be read), away (the status bar says until when), or
    /// lookups and cases changed by a teammate.
    pub(super) fn team_event(&mut self, event: TeamEvent, now: DateTime<Utc>) -> Vec<Command> {
        match event {
            TeamEvent::Connected => {
                let mut commands = vec![Command::SendSpool, Command::ReadCases];
                if let Some(away) = self.away.take() {
                    self.outage_over(away);
                    if self.lookups.unread {
                        commands.extend(self.lookups.refresh());
                    }
                }
                commands
            }
            TeamEvent::Lost { retry_in } => {
                self.history = Health::Team { reach: Reach::Reconnecting, spooled: self.history.spooled() };
                let next_try = chrono::Duration::from_std(retry_in).ok().and_then(|d| now.checked_add_signed(d));
                let since = self.away.map_or(now, |a| a.since);
                self.away = Some(Away { since, next_try });
                Vec::new()
            }
            TeamEvent::Recorded => self.lookups.refresh().into_iter().collect(),
            TeamEvent::CaseChanged => self.cases_moved(),
        }
    }

    /// `R`: try the team history now, rather than when the pause ends.
    pub(super) fn reconnect(&mut self) -> Vec<Command> {
        let lang = self.context.language;
        match (&self.history, &mut self.away) {
            (Health::Embedded, _) => {
                self.cannot(i18n::plain(lang, "cannot-reconnect-embedded"));
                Vec::new()
            }
            (Health::Team { .. }, None) => {
                self.notice = Some(Notice::info(i18n::plain(lang, "notice-team-live-already")));
                Vec::new()
            }
            (Health::Team { .. }, Some(away)) => {
                away.next_try = None;
                self.notice = Some(Notice::info(i18n::plain(lang, "notice-team-trying")));
                vec![Command::Reconnect]
            }
        }
    }

    /// A notice about a read the team history's absence stopped: kept, to
    /// be put in the past when it answers again.
    pub(super) fn outage_notice(&mut self, problem: &StoreError, notice: Notice) {
        if problem.is_unreachable() {
            self.outage_text = Some(notice.text.clone());
        }
        self.notice = Some(notice);
    }

    /// The team history answers again: a notice of the outage still up
    /// gives way to one that says it is over.
    fn outage_over(&mut self, away: Away) {
        let outage = self.outage_text.take();
        if self.notice.as_ref().is_some_and(|n| Some(&n.text) == outage.as_ref()) {
            let args = [("since", away.since_in(&self.tz).into())];
            self.notice = Some(Notice::info(i18n::text(self.context.language, "notice-team-back", &args)));
        }
    }

    /// The next second while a countdown to the next try is on screen.
    pub(super) fn team_timer(&self) -> Option<DateTime<Utc>> {
        let away = self.away?;
        let now = self.now?;
        away.next_try_in(now)?;
        let into_second = now.timestamp_subsec_millis();
        now.checked_add_signed(chrono::Duration::milliseconds(i64::from(1000 - into_second)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_rounds_up_and_ends_when_due() {
        let now = DateTime::from_timestamp(1_000_000, 0).unwrap();
        let away = Away { since: now, next_try: Some(now + chrono::Duration::milliseconds(7_200)) };
        assert_eq!(away.next_try_in(now), Some(8));
        assert_eq!(away.next_try_in(now + chrono::Duration::milliseconds(7_199)), Some(1));
        assert_eq!(away.next_try_in(now + chrono::Duration::milliseconds(7_200)), None);
        assert_eq!(Away { since: now, next_try: None }.next_try_in(now), None);
    }
}
