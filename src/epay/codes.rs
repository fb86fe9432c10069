//! ePay result codes and transaction statuses, with the meanings an operator
//! needs (from the reference and our notes in shared/epay-api).

use std::fmt;

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

    /// Worth asking again later without changing anything.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Error | Self::TryLater)
    }

    pub fn meaning(&self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Reject => "rejected by ePay",
            Self::NotFound => "invoice not found",
            Self::Error => "error at ePay",
            Self::TerminalAbsent => "terminal absent in token",
            Self::TryLater => "ePay asks to try again later",
            Self::TerminalNotOwned => "terminal does not belong to the client",
            Self::Other(_) => "unknown result code",
        }
    }

    /// What to do about this code, for a lookup of `requested` (under auto
    /// a not-found means both kinds were asked).
    pub fn advice_for(&self, requested: super::LookupType) -> &'static str {
        match (self, requested) {
            (Self::NotFound, super::LookupType::Auto) => {
                "Not found as a payment nor as a p2p transfer: check the invoice ID, and that the profile \
                 (terminal, client_id) is the merchant's that took it."
            }
            _ => self.advice(),
        }
    }

    /// What the operator should do about a non-success answer.
    pub fn advice(&self) -> &'static str {
        match self {
            Self::Success => "",
            Self::Reject => "ePay refused the request; check the invoice and the profile's credentials.",
            Self::NotFound => {
                "Check the invoice ID and the lookup type: a p2p transfer is not found as a payment, and the other way round."
            }
            Self::Error => "Try again in a moment; if it persists, contact ePay support.",
            Self::TerminalAbsent => "Set the profile's terminal (EPAY_TERMINAL or `terminal` in the config file).",
            Self::TryLater => "Try again later.",
            Self::TerminalNotOwned => {
                "The terminal does not match the client_id: check the profile's terminal and client_id."
            }
            Self::Other(_) => "Unknown code; look at the raw answer.",
        }
    }
}

impl fmt::Display for ResultCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code(), self.meaning())
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

    pub fn meaning(&self) -> &'static str {
        match self {
            Self::New => "created, in progress",
            Self::Auth => "authorised: funds held, not yet charged",
            Self::Charge => "charged: money taken",
            Self::Cancel | Self::CancelOld => "authorisation released",
            Self::Refund => "refunded",
            Self::Reject => "declined",
            Self::Failed => "failed",
            Self::Secure3dFailed => "3-D Secure failed",
            Self::Verified => "card verification only",
            Self::Fingerprint => "device fingerprint check in progress",
            Self::Other(_) => "unknown status",
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
