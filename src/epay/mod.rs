//! The ePay API: token, status lookups, typed answers. Knows nothing of
//! terminals, files or the sandbox.

mod answer;
mod client;
mod codes;
mod error;
mod invoice;
pub mod money;
mod operations;
mod statement;
mod token;

pub use answer::{Answer, DataField, Kind, LookupType, Transaction};
pub use client::{EpayClient, Failure, MAX_BODY, RetryPolicy, Retrying};
pub use codes::{ResultCode, Status, Tone, changed_from, settled};
pub use error::{LookupError, Passing, RetryReason, Words};
pub use invoice::{InvalidInvoice, InvoiceId};
pub use operations::{Operation, Page, Unreadable, decode_page};
pub use statement::{
    BadFilter, CardMask, DEFAULT_DAYS, End, FindError, Found, NOTICE_ZONE, PAGE_LIMIT, PAGE_SIZE, Search,
    StatementClient, Typed, day,
};
pub use token::{AccessToken, Credentials, Grant, TokenHolder, TokenPolicy, TokenState};

/// The HTTP clients of a process, built once before the terminal is taken
/// over: rustls, with connect and request timeouts, no Referer.
/// `direct` skips any proxy from `HTTP(S)_PROXY`: the embedded sandbox and
/// other loopback endpoints are never reached through one.
#[derive(Clone, Debug)]
pub struct Http {
    /// For the status endpoints: redirects are followed only within one
    /// origin (scheme, host and port), so a bearer token is never sent to an
    /// address that was not configured.
    pub api: reqwest::Client,
    /// For the token endpoint: no redirect at all, not even within the
    /// origin, since a 307 or 308 re-posts the form and its client secret to
    /// a path nobody configured.
    pub token: reqwest::Client,
}

pub fn http_client(timeout: std::time::Duration, direct: bool) -> Result<Http, String> {
    let same_origin = reqwest::redirect::Policy::custom(|attempt| {
        let from = attempt.previous().last().map(reqwest::Url::origin);
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else if from == Some(attempt.url().origin()) {
            attempt.follow()
        } else {
            attempt.stop()
        }
    });
    let tls =
        crate::tls::client_config(Vec::new(), &[b"h2", b"http/1.1"]).map_err(|e| format!("cannot set up TLS: {e}"))?;
    let build = |policy: reqwest::redirect::Policy| {
        let mut builder = reqwest::Client::builder()
            .tls_backend_preconfigured(tls.clone())
            .connect_timeout(timeout.min(std::time::Duration::from_secs(10)))
            .timeout(timeout)
            .redirect(policy)
            .referer(false)
            .user_agent(concat!("epay-status/", env!("CARGO_PKG_VERSION")));
        if direct {
            builder = builder.no_proxy();
        }
        builder.build().map_err(|e| format!("cannot build the HTTP client: {e}"))
    };
    Ok(Http { api: build(same_origin)?, token: build(reqwest::redirect::Policy::none())? })
}

const MAX_REDIRECTS: usize = 5;

/// Whether a URL's host is this machine (127.0.0.0/8, ::1, localhost).
pub fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else { return false };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}
