//! The ePay API: token, status lookups, typed answers. Knows nothing of
//! terminals, files or the sandbox.

mod answer;
mod client;
mod codes;
mod error;
mod invoice;
pub mod money;
mod token;

pub use answer::{Answer, DataField, Kind, LookupType, Transaction};
pub use client::{EpayClient, Failure, MAX_BODY, RetryPolicy, Retrying};
pub use codes::{ResultCode, Status, Tone};
pub use error::LookupError;
pub use invoice::{InvalidInvoice, InvoiceId};
pub use token::{AccessToken, Credentials, TokenHolder, TokenState};

/// The one HTTP client of a process: rustls, with connect and request timeouts.
pub fn http_client(timeout: std::time::Duration) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .connect_timeout(timeout.min(std::time::Duration::from_secs(10)))
        .timeout(timeout)
        .user_agent(concat!("epay-status/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("cannot build the HTTP client: {e}"))
}
