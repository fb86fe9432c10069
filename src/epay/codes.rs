//! ePay result codes and transaction statuses, with the meanings an operator
//! needs (from the reference and our notes in shared/epay-api).

use std::fmt;

use crate::i18n::{self, Language};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResultCode {
    Success,
    Reject,
    NotFound,
    Error,
    TerminalAbsent,
    TryLater,
    TerminalNotOwned,
    Other(String),
}

impl ResultCode {
    pub fn from_code(code: &str) -> Self {
        match code.trim() {
            "100" => Self::Success,
            "101" => Self::Reject,
            "102" => Self::NotFound,
            "103" => Self::Error,
            "104" => Self::TerminalAbsent,
            "107" => Self::TryLater,
            "109" => Self::TerminalNotOwned,
            other => Self::Other(other.to_owned()),
        }
    }

    pub fn code(&self) -> &str {
        match self {
            Self::Success => "100",
            Self::Reject => "101",
            Self::NotFound => "102",
            Self::Error => "103",
            Self::TerminalAbsent => "104",
            Self::TryLater => "107",
            Self::TerminalNotOwned => "109",
            Self::Other(code) => code,
        }
    }

    pub fn is_success(&self) -> bool {
        *self == Self::Success
    }
}

/// The status an answer settled on: its status when the answer succeeded.
/// Timelines compare these, and "status changed" is decided by them (see
/// [`changed_from`]), in the store, the spool and the list alike.
pub fn settled<'a>(code: Option<&ResultCode>, status: Option<&'a Status>) -> Option<&'a Status> {
    status.filter(|_| code.is_some_and(ResultCode::is_success))
}

/// "Status changed": what the invoice had settled on before, when a newer
/// settled status differs from it.
pub fn changed_from(before: Option<&str>, now: &str) -> Option<String> {
    before.filter(|b| *b != now).map(str::to_owned)
}

impl ResultCode {
    /// Worth asking again later without changing anything.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Error | Self::TryLater)
    }

    pub fn meaning(&self, lang: Language) -> String {
        match self {
            Self::Success => i18n::plain(lang, "code-success"),
            Self::Reject => i18n::plain(lang, "code-reject"),
            Self::NotFound => i18n::plain(lang, "code-not-found"),
            Self::Error => i18n::plain(lang, "code-error"),
            Self::TerminalAbsent => i18n::plain(lang, "code-terminal-absent"),
            Self::TryLater => i18n::plain(lang, "code-try-later"),
            Self::TerminalNotOwned => i18n::plain(lang, "code-terminal-not-owned"),
            Self::Other(_) => i18n::plain(lang, "code-other"),
        }
    }

    /// What to do about this code, for a lookup of `requested` (under auto
    /// a not-found means both kinds were asked).
    pub fn advice_for(&self, requested: super::LookupType, lang: Language) -> String {
        match (self, requested) {
            (Self::NotFound, super::LookupType::Auto) => i18n::plain(lang, "advice-not-found-auto"),
            _ => self.advice(lang),
        }
    }

    /// What the operator should do about a non-success answer.
    pub fn advice(&self, lang: Language) -> String {
        match self {
            Self::Success => String::new(),
            Self::Reject => i18n::plain(lang, "advice-reject"),
            Self::NotFound => i18n::plain(lang, "advice-not-found"),
            Self::Error => i18n::plain(lang, "advice-error"),
            Self::TerminalAbsent => i18n::plain(lang, "advice-terminal-absent"),
            Self::TryLater => i18n::plain(lang, "advice-try-later"),
            Self::TerminalNotOwned => i18n::plain(lang, "advice-terminal-not-owned"),
            Self::Other(_) => i18n::plain(lang, "advice-other"),
        }
    }
}

impl fmt::Display for ResultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.meaning(Language::En))
    }
}

/// `statusName` of a transaction. Unknown values are kept as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    New,
    Auth,
    Charge,
    Cancel,
    CancelOld,
    Refund,
    Reject,
    Failed,
    Secure3dFailed,
    Verified,
    /// A device-fingerprint step in progress (seen in ePay's client code).
    Fingerprint,
    Other(String),
}

/// How an operator should read a status at a glance; the dashboard colours by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Good,
    Pending,
    Returned,
    Bad,
    Unknown,
}

impl Status {
    pub fn from_name(name: &str) -> Self {
        match name.trim() {
            "NEW" => Self::New,
            "AUTH" => Self::Auth,
            "CHARGE" => Self::Charge,
            "CANCEL" => Self::Cancel,
            "CANCEL_OLD" => Self::CancelOld,
            "REFUND" => Self::Refund,
            "REJECT" => Self::Reject,
            "FAILED" => Self::Failed,
            "3D" => Self::Secure3dFailed,
            "VERIFIED" => Self::Verified,
            "FINGERPRINT" => Self::Fingerprint,
            other => Self::Other(other.to_owned()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Self::New => "NEW",
            Self::Auth => "AUTH",
            Self::Charge => "CHARGE",
            Self::Cancel => "CANCEL",
            Self::CancelOld => "CANCEL_OLD",
            Self::Refund => "REFUND",
            Self::Reject => "REJECT",
            Self::Failed => "FAILED",
            Self::Secure3dFailed => "3D",
            Self::Verified => "VERIFIED",
            Self::Fingerprint => "FINGERPRINT",
            Self::Other(name) => name,
        }
    }

    pub fn meaning(&self, lang: Language) -> String {
        match self {
            Self::New => i18n::plain(lang, "status-new"),
            Self::Auth => i18n::plain(lang, "status-auth"),
            Self::Charge => i18n::plain(lang, "status-charge"),
            Self::Cancel | Self::CancelOld => i18n::plain(lang, "status-cancel"),
            Self::Refund => i18n::plain(lang, "status-refund"),
            Self::Reject => i18n::plain(lang, "status-reject"),
            Self::Failed => i18n::plain(lang, "status-failed"),
            Self::Secure3dFailed => i18n::plain(lang, "status-3d"),
            Self::Verified => i18n::plain(lang, "status-verified"),
            Self::Fingerprint => i18n::plain(lang, "status-fingerprint"),
            Self::Other(_) => i18n::plain(lang, "status-other"),
        }
    }

    pub fn tone(&self) -> Tone {
        match self {
            Self::Charge | Self::Verified => Tone::Good,
            Self::New | Self::Auth | Self::Fingerprint => Tone::Pending,
            Self::Refund | Self::Cancel | Self::CancelOld => Tone::Returned,
            Self::Reject | Self::Failed | Self::Secure3dFailed => Tone::Bad,
            Self::Other(_) => Tone::Unknown,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_successful_answer_settles_and_only_a_difference_is_a_change() {
        let charge = Status::from_name("CHARGE");
        assert_eq!(settled(Some(&ResultCode::Success), Some(&charge)), Some(&charge));
        assert_eq!(settled(Some(&ResultCode::TryLater), Some(&charge)), None, "a 107 settles nothing");
        assert_eq!(settled(None, Some(&charge)), None, "no answer, nothing settled");
        assert_eq!(changed_from(Some("AUTH"), "CHARGE").as_deref(), Some("AUTH"));
        assert_eq!(changed_from(Some("CHARGE"), "CHARGE"), None);
        assert_eq!(changed_from(None, "CHARGE"), None, "a first check changes nothing");
    }

    #[test]
    fn codes_round_trip_and_unknown_is_kept() {
        for code in ["100", "101", "102", "103", "104", "107", "109", "555"] {
            assert_eq!(ResultCode::from_code(code).code(), code);
        }
        assert_eq!(ResultCode::from_code("555"), ResultCode::Other("555".into()));
        assert!(ResultCode::from_code("107").is_transient());
        assert!(!ResultCode::from_code("102").is_transient());
    }

    #[test]
    fn unknown_status_is_kept_as_sent() {
        let s = Status::from_name("PARTIAL_HOLD");
        assert_eq!(s.name(), "PARTIAL_HOLD");
        assert_eq!(s.tone(), Tone::Unknown);
        assert_eq!(Status::from_name("3D"), Status::Secure3dFailed);
        let f = Status::from_name("FINGERPRINT");
        assert_eq!((f.name(), f.tone()), ("FINGERPRINT", Tone::Pending));
    }
}
