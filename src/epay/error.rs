//! Why a lookup got no answer.

/// A lookup that got no ePay answer at all (an answer with a non-success code
/// is not an error; it is an [`super::Answer`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("timed out: {0}")]
    Timeout(String),
    #[error("network error: {0}")]
    Network(String),
    #[error("{0}")]
    Auth(String),
    #[error("{message}")]
    Protocol {
        message: String,
        /// The first bytes of the body, cleaned, for the error view.
        body_head: String,
    },
}

impl LookupError {
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
