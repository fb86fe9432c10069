//! The operator's time zone, from the tz database: every time is shown
//! with the offset in force at that moment, never with today's (Kazakhstan
//! was UTC+6 until 1 March 2024, and ePay still sends 2022's times with
//! +06:00). The zone is named by `TZ`, or by the system; the database is the
//! one built in (chrono-tz), so a machine without tzdata shows the same.

use std::fmt;

use chrono::{FixedOffset, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone};

/// A time zone with its history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    Named(chrono_tz::Tz),
    /// No name the database knows (a `TZ` in POSIX form): the system's own
    /// reading of it, still with its history where the system has one.
    System,
}

impl Zone {
    /// The operator's: `TZ` when it names a zone, else the system's zone
    /// (learned once: `history` asks for each row).
    pub fn operators() -> Zone {
        static OPERATORS: std::sync::OnceLock<Zone> = std::sync::OnceLock::new();
        *OPERATORS.get_or_init(|| {
            Self::from_names(std::env::var("TZ").ok().as_deref(), iana_time_zone::get_timezone().ok().as_deref())
        })
    }

    fn from_names(tz: Option<&str>, system: Option<&str>) -> Zone {
        match tz {
            // `TZ=:Asia/Almaty` names a zone file as `TZ=Asia/Almaty` does.
            Some(tz) => Self::named(tz.trim_start_matches(':')).unwrap_or(Zone::System),
            None => system.and_then(Self::named).unwrap_or(Zone::System),
        }
    }

    /// The zone the database names `name` (`Asia/Almaty`, `UTC`).
    pub fn named(name: &str) -> Option<Zone> {
        name.parse().ok().map(Zone::Named)
    }
}

/// An offset in force at some moment in a [`Zone`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZoneOffset {
    zone: Zone,
    fixed: FixedOffset,
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        self.fixed
    }
}

impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.fixed, f)
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Zone {
        offset.zone
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> LocalResult<ZoneOffset> {
        self.offset_from_local_datetime(&local.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> LocalResult<ZoneOffset> {
        let fixed = match self {
            Zone::Named(tz) => tz.offset_from_local_datetime(local).map(|o| o.fix()),
            Zone::System => chrono::Local.offset_from_local_datetime(local).map(|o| o.fix()),
        };
        fixed.map(|fixed| ZoneOffset { zone: *self, fixed })
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_from_utc_datetime(&utc.and_time(chrono::NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        let fixed = match self {
            Zone::Named(tz) => tz.offset_from_utc_datetime(utc).fix(),
            Zone::System => chrono::Local.offset_from_utc_datetime(utc).fix(),
        };
        ZoneOffset { zone: *self, fixed }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn shown(zone: Zone, rfc3339: &str) -> String {
        let at = DateTime::parse_from_rfc3339(rfc3339).unwrap().with_timezone(&Utc);
        at.with_timezone(&zone).format("%Y-%m-%d %H:%M:%S %:z").to_string()
    }

    #[test]
    fn almaty_shows_each_moment_with_the_offset_of_its_day() {
        let almaty = Zone::named("Asia/Almaty").unwrap();
        // ePay's own time, from before the change: the same wall time.
        assert_eq!(shown(almaty, "2022-11-15T03:52:17.289853+06:00"), "2022-11-15 03:52:17 +06:00");
        assert_eq!(shown(almaty, "2024-02-29T23:59:00+06:00"), "2024-02-29 23:59:00 +06:00");
        // From 1 March 2024, UTC+5.
        assert_eq!(shown(almaty, "2024-03-01T12:00:00+05:00"), "2024-03-01 12:00:00 +05:00");
        assert_eq!(shown(almaty, "2026-11-27T05:30:00Z"), "2026-11-27 10:30:00 +05:00");
    }

    #[test]
    fn tz_names_the_zone_before_the_system_does() {
        let almaty = Zone::named("Asia/Almaty");
        assert_eq!(Some(Zone::from_names(Some("Asia/Almaty"), Some("Europe/Berlin"))), almaty);
        assert_eq!(Some(Zone::from_names(Some(":Asia/Almaty"), None)), almaty);
        assert_eq!(Some(Zone::from_names(None, Some("Asia/Almaty"))), almaty);
        assert_eq!(Zone::from_names(Some("UTC-6"), Some("Asia/Almaty")), Zone::System, "a POSIX TZ is the system's");
        assert_eq!(Zone::from_names(None, None), Zone::System);
    }
}
