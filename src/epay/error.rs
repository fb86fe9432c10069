//! Why a lookup got no answer.

use crate::i18n::{self, Language};

/// A lookup that got no ePay answer at all (an answer with a non-success code
/// is not an error; it is an [`super::Answer`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("timed out: {0}")]
    Timeout(String),
    #[error("network error: {0}")]
    Network(String),
    #[error("{0}")]
    Auth(Words),
    #[error("{message}")]
    Protocol {
        message: Words,
        /// The first bytes of the body, cleaned, for the error view.
        body_head: String,
        /// Why another try may get an answer; `None` when it will not.
        passing: Option<Passing>,
    },
}

/// What went wrong in words: the program's own, from the catalogue and
/// said in the operator's language, or words as they came (from the
/// network stack, the server, or a history written before). The English
/// is what logs and the history keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    english: String,
    said: Option<(&'static str, Vec<(&'static str, String)>)>,
}

impl Words {
    /// A message of the catalogue, with its arguments.
    pub fn said(id: &'static str, args: &[(&'static str, String)]) -> Self {
        let args = args.to_vec();
        Self { english: Self::render(Language::En, id, &args), said: Some((id, args)) }
    }

    fn render(lang: Language, id: &str, args: &[(&'static str, String)]) -> String {
        let args: Vec<(&str, fluent_bundle::FluentValue)> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
        i18n::text(lang, id, &args)
    }

    pub fn describe(&self, lang: Language) -> String {
        match &self.said {
            Some((id, args)) => Self::render(lang, id, args),
            None => self.english.clone(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.english
    }
}

impl From<String> for Words {
    fn from(english: String) -> Self {
        Self { english, said: None }
    }
}

impl From<&str> for Words {
    fn from(english: &str) -> Self {
        english.to_owned().into()
    }
}

impl std::fmt::Display for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english)
    }
}

/// Why a lookup is asked again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryReason {
    Timeout,
    Network,
    /// A 429 or 5xx page.
    Http(u16),
    CutShort,
    /// ePay answered with a code that asks to try again (its number).
    Result(String),
}

impl RetryReason {
    pub fn describe(&self, lang: Language) -> String {
        match self {
            RetryReason::Timeout => i18n::plain(lang, "retry-timeout"),
            RetryReason::Network => i18n::plain(lang, "retry-network"),
            RetryReason::Http(status) => format!("HTTP {status}"),
            RetryReason::CutShort => i18n::plain(lang, "retry-cut-short"),
            RetryReason::Result(code) => i18n::text(lang, "details-result-code", &[("code", code.clone().into())]),
        }
    }
}

/// In English, for the log.
impl std::fmt::Display for RetryReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Language::En))
    }
}

/// A fault on the way that may be gone on the next try.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passing {
    /// A 429 or 5xx page (a proxy's, a busy server's).
    Status(u16),
    /// The body stopped before its end.
    CutShort,
}

impl LookupError {
    /// An answer that is not an ePay answer, and will not become one by asking again.
    pub fn protocol(message: impl Into<Words>, body_head: impl Into<String>) -> Self {
        Self::Protocol { message: message.into(), body_head: body_head.into(), passing: None }
    }

    /// The error in `lang`: its kind in words, then the detail as it came
    /// (from the network stack or the server, so in English).
    pub fn describe(&self, lang: Language) -> String {
        match self {
            Self::Timeout(d) => i18n::text(lang, "error-timeout", &[("detail", d.clone().into())]),
            Self::Network(d) => i18n::text(lang, "error-network", &[("detail", d.clone().into())]),
            Self::Auth(d) | Self::Protocol { message: d, .. } => d.describe(lang),
        }
    }

    /// Why asking again may help, or `None` when it cannot.
    pub fn retry_reason(&self) -> Option<RetryReason> {
        match self {
            Self::Timeout(_) => Some(RetryReason::Timeout),
            Self::Network(_) => Some(RetryReason::Network),
            Self::Protocol { passing: Some(Passing::Status(status)), .. } => Some(RetryReason::Http(*status)),
            Self::Protocol { passing: Some(Passing::CutShort), .. } => Some(RetryReason::CutShort),
            Self::Protocol { passing: None, .. } | Self::Auth(_) => None,
        }
    }

    /// What happened, without the kind's prefix: what the history stores
    /// beside [`LookupError::kind`], and [`LookupError::from_parts`] reads back.
    pub fn detail(&self) -> &str {
        match self {
            Self::Timeout(d) | Self::Network(d) => d,
            Self::Auth(d) | Self::Protocol { message: d, .. } => d.as_str(),
        }
    }

    /// The error again from its stored parts.
    pub fn from_parts(kind: &str, detail: String, body_head: Option<String>) -> Self {
        match kind {
            "timeout" => Self::Timeout(detail),
            "network" => Self::Network(detail),
            "auth" => Self::Auth(detail.into()),
            _ => Self::protocol(detail, body_head.unwrap_or_default()),
        }
    }

    /// A stable word for scripts (`--json` "error.kind").
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Timeout(_) => "timeout",
            Self::Network(_) => "network",
            Self::Auth(_) => "auth",
            Self::Protocol { .. } => "protocol",
        }
    }

    pub(crate) fn from_reqwest(what: &str, err: &reqwest::Error) -> Self {
        // reqwest's Display hides the cause ("error sending request"); the
        // source chain says what really happened (refused, reset, DNS...).
        let mut detail = match err.url() {
            Some(url) => err.to_string().replace(&format!(" for url ({url})"), ""),
            None => err.to_string(),
        };
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            detail = format!("{detail}: {s}");
            source = s.source();
        }
        let detail = crate::text::clean(&detail);
        if err.is_timeout() {
            Self::Timeout(format!("{what}: {detail}"))
        } else {
            Self::Network(format!("{what}: {detail}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_labels_come_from_the_kind_not_the_message() {
        let page = LookupError::Protocol {
            message: "anything: at all".into(),
            body_head: String::new(),
            passing: Some(Passing::Status(503)),
        };
        assert_eq!(page.retry_reason(), Some(RetryReason::Http(503)));
        let cut = LookupError::Protocol {
            message: Words::from(""),
            body_head: String::new(),
            passing: Some(Passing::CutShort),
        };
        assert_eq!(cut.retry_reason().map(|r| r.to_string()).as_deref(), Some("answer cut short"));
        assert_eq!(LookupError::protocol("HTTP 200: not JSON", "").retry_reason(), None);
        assert_eq!(
            LookupError::Timeout("x".into()).retry_reason().map(|r| r.describe(Language::Ru)).as_deref(),
            Some("время ожидания истекло")
        );
        assert_eq!(LookupError::Auth("x".into()).retry_reason(), None);
    }

    #[test]
    fn the_programs_own_words_follow_the_language_and_the_history_keeps_english() {
        let args = [("status", "401".to_owned())];
        let refused = LookupError::Auth(Words::said("error-token-refused", &args));
        assert_eq!(
            refused.detail(),
            "the token request was refused (HTTP 401): check client_id, client_secret and terminal of this profile"
        );
        assert!(refused.describe(Language::Ru).starts_with("запрос токена отклонён (HTTP 401)"));
        // Read back from the history: as it was kept.
        let stored = LookupError::from_parts("auth", refused.detail().to_owned(), None);
        assert_eq!(stored.describe(Language::Ru), refused.detail());
    }
}
