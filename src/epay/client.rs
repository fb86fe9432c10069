//! Status lookups against one profile's API base.

use crate::i18n::{self, Language};
use fluent_bundle::FluentValue;
use std::sync::Arc;
use std::time::Duration;

use super::answer::{Answer, Kind, LookupType};
use super::codes::ResultCode;
use super::error::{LookupError, Passing, Words};
use super::invoice::InvoiceId;
use super::token::{AccessToken, TokenHolder};
use crate::text;

/// Answers larger than this are refused: a status answer is a few KiB.
pub const MAX_BODY: usize = 1024 * 1024;

/// A lookup that got no answer, which endpoint it was asking, and how many
/// tries it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: Kind,
    pub error: LookupError,
    /// Requests made, the first included.
    pub attempts: u32,
}

impl Failure {
    /// A failure at the first try.
    pub fn new(kind: Kind, error: LookupError) -> Self {
        Self { kind, error, attempts: 1 }
    }

    /// The error in `lang`, with the tries when there were several. What
    /// came from the network or the server (the detail) is as it came.
    pub fn describe(&self, lang: Language) -> String {
        let error = self.error.describe(lang);
        match self.attempts {
            0 | 1 => error,
            n => {
                i18n::text(lang, "failure-after-attempts", &[("error", error.into()), ("count", FluentValue::from(n))])
            }
        }
    }
}

/// The error in English, for logs.
impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(Language::En))
    }
}

/// How a lookup that met a passing fault is tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// The first pause; it doubles each time, with jitter, up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// The whole lookup, retries and the p2p fallback included, ends by then.
    pub deadline: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            attempts: 4,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(4),
            deadline: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The pause before attempt `next` (2, 3, ...): exponential, with
    /// "equal jitter" so many clients do not retry in step.
    pub fn delay_before(&self, next: u32) -> Duration {
        let backoff = crate::backoff::Backoff { first: self.base_delay, most: self.max_delay };
        backoff.jittered(next.saturating_sub(1))
    }
}

/// A lookup is being tried again; the dashboard shows "retrying (2/4)".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Retrying {
    pub attempt: u32,
    pub of: u32,
    pub reason: super::error::RetryReason,
}

#[derive(Clone)]
pub struct EpayClient {
    http: reqwest::Client,
    api_base: String,
    tokens: Arc<TokenHolder>,
    retry: RetryPolicy,
}

impl EpayClient {
    pub fn new(http: reqwest::Client, api_base: &str, tokens: Arc<TokenHolder>) -> Self {
        Self { http, api_base: api_base.trim_end_matches('/').to_owned(), tokens, retry: RetryPolicy::default() }
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn tokens(&self) -> &Arc<TokenHolder> {
        &self.tokens
    }

    /// `Auto` asks the payment endpoint first and the p2p one on 102.
    pub async fn lookup(&self, ty: LookupType, invoice: &InvoiceId) -> Result<Answer, Failure> {
        self.lookup_observed(ty, invoice, &|_| {}).await
    }

    /// Like [`Self::lookup`], telling `observe` before each retry.
    pub async fn lookup_observed(
        &self,
        ty: LookupType,
        invoice: &InvoiceId,
        observe: &(dyn Fn(Retrying) + Send + Sync),
    ) -> Result<Answer, Failure> {
        let first_kind = if ty == LookupType::P2p { Kind::P2p } else { Kind::Payment };
        let deadline = self.retry.deadline;
        match tokio::time::timeout(deadline, self.lookup_inner(ty, invoice, observe)).await {
            Ok(result) => result,
            Err(_) => Err(Failure::new(
                first_kind,
                LookupError::Timeout(format!(
                    "no answer within the lookup deadline of {} s, retries included",
                    deadline.as_secs()
                )),
            )),
        }
    }

    async fn lookup_inner(
        &self,
        ty: LookupType,
        invoice: &InvoiceId,
        observe: &(dyn Fn(Retrying) + Send + Sync),
    ) -> Result<Answer, Failure> {
        let check = |kind| async move {
            self.check_retrying(kind, invoice, observe).await.map_err(|(error, attempts)| Failure {
                kind,
                error,
                attempts,
            })
        };
        match ty {
            LookupType::Payment => check(Kind::Payment).await,
            LookupType::P2p => check(Kind::P2p).await,
            LookupType::Auto => {
                let payment = check(Kind::Payment).await?;
                if payment.code != ResultCode::NotFound {
                    return Ok(payment);
                }
                let p2p = check(Kind::P2p).await?;
                Ok(if p2p.code == ResultCode::NotFound { payment } else { p2p })
            }
        }
    }

    /// Retries what may pass (103, 107, 429, 5xx, network errors, timeouts,
    /// bodies cut short); never 101, 102, 104, 109 or an auth failure.
    async fn check_retrying(
        &self,
        kind: Kind,
        invoice: &InvoiceId,
        observe: &(dyn Fn(Retrying) + Send + Sync),
    ) -> Result<Answer, (LookupError, u32)> {
        let transient = |answer: &Answer| {
            answer.code.is_transient().then(|| super::error::RetryReason::Result(answer.code.code().to_owned()))
        };
        let observe = |retrying: Retrying| {
            tracing::info!(invoice = %invoice, attempt = retrying.attempt, reason = %retrying.reason, "retrying");
            observe(retrying);
        };
        self.retry.run(|| self.check(kind, invoice), transient, &observe).await
    }

    /// One status call; on 401 the token is renewed once and the call retried once.
    pub async fn check(&self, kind: Kind, invoice: &InvoiceId) -> Result<Answer, LookupError> {
        // The invoice was validated as digits only, so it is safe in a path.
        let url = format!("{}/check-status/{}/transaction/{}", self.api_base, kind.as_str(), invoice);
        let answered = authorized(&self.tokens, "status request", || self.http.get(&url)).await?;
        let raw = answered.json()?;
        tracing::info!(invoice = %invoice, kind = kind.as_str(), status = answered.status, "status answer");
        Answer::decode(*invoice, kind, answered.status, raw).map_err(|e| answered.not_json(e.words(&answered.args())))
    }
}

impl RetryPolicy {
    /// Runs `call` until it succeeds with an answer `transient` lets pass,
    /// fails for good, or the attempts are spent; `observe` hears of each
    /// retry before its pause. The error comes with the requests made.
    pub(crate) async fn run<T, F: Future<Output = Result<T, LookupError>>>(
        &self,
        call: impl Fn() -> F,
        transient: impl Fn(&T) -> Option<super::error::RetryReason>,
        observe: &(dyn Fn(Retrying) + Send + Sync),
    ) -> Result<T, (LookupError, u32)> {
        let mut attempt = 1;
        loop {
            let outcome = call().await;
            let reason = match &outcome {
                Ok(answer) => transient(answer),
                Err(e) => e.retry_reason(),
            };
            let Some(reason) = reason.filter(|_| attempt < self.attempts) else {
                return outcome.map_err(|e| (e, attempt));
            };
            attempt += 1;
            observe(Retrying { attempt, of: self.attempts, reason });
            tokio::time::sleep(self.delay_before(attempt)).await;
        }
    }
}

/// An answer's status line, type and body, read within [`MAX_BODY`] and
/// with the secrets of the call redacted.
pub(crate) struct Answered {
    pub status: u16,
    content_type: String,
    pub body: Vec<u8>,
    token: AccessToken,
    tokens: Arc<TokenHolder>,
}

impl Answered {
    /// The status and content type, as error messages name them.
    pub fn args(&self) -> [(&'static str, String); 2] {
        [("status", self.status.to_string()), ("type", self.content_type.clone())]
    }

    /// An answer that is not what was asked for, with the start of its
    /// body. A proxy's 429 or 5xx page may be gone on the next try; a 200
    /// that is not JSON will not be.
    pub fn not_json(&self, message: Words) -> LookupError {
        let status = self.status;
        LookupError::Protocol {
            message,
            body_head: text::clean_multiline(&String::from_utf8_lossy(&self.body[..self.body.len().min(2048)])),
            passing: (status == 429 || (500..600).contains(&status)).then_some(Passing::Status(status)),
        }
    }

    /// The body as JSON, redacted and cleaned of control characters.
    /// Non-success codes may come with HTTP 400 and a JSON body: the body
    /// decides, not the status line.
    pub fn json(&self) -> Result<serde_json::Value, LookupError> {
        let mut raw =
            parse_json(&self.body).ok_or_else(|| self.not_json(Words::said("error-not-json", &self.args())))?;
        self.tokens.redact_json(&mut raw, Some(&self.token));
        text::clean_json(&mut raw);
        Ok(raw)
    }
}

/// The request `request` builds, sent with a token of `tokens` (`what`
/// names it in errors): on 401 the token is renewed once and the request
/// sent once more; a redirect is refused (its target named).
pub(crate) async fn authorized(
    tokens: &Arc<TokenHolder>,
    what: &str,
    request: impl Fn() -> reqwest::RequestBuilder,
) -> Result<Answered, LookupError> {
    let send = async |token: &AccessToken| {
        request().bearer_auth(token.bearer()).send().await.map_err(|e| LookupError::from_reqwest(what, &e))
    };
    let mut token = tokens.get().await?;
    let mut response = send(&token).await?;
    if response.status() == reqwest::StatusCode::UNAUTHORIZED {
        tracing::info!("answered 401; renewing the token once");
        tokens.invalidate(&token);
        token = tokens.get().await?;
        response = send(&token).await?;
        if response.status() == reqwest::StatusCode::UNAUTHORIZED {
            let err = LookupError::Auth(Words::said("error-fresh-token-refused", &[]));
            tokens.refused_fresh(&token, err.clone());
            return Err(err);
        }
    }
    let status = response.status().as_u16();
    if response.status().is_redirection() {
        let to = tokens.redirect_target(response.headers(), Some(&token));
        let args = [("status", status.to_string()), ("to", to.to_string())];
        return Err(LookupError::protocol(Words::said("error-redirected", &args), ""));
    }
    let content_type = tokens
        .server_header(response.headers(), reqwest::header::CONTENT_TYPE, Some(&token))
        .unwrap_or_else(|| "no content type".into());
    let mut body = read_limited(response, MAX_BODY, Body::Answer).await?;
    tokens.redact(&mut body, Some(&token));
    Ok(Answered { status, content_type, body, token, tokens: tokens.clone() })
}

/// Which body is read: its messages say which.
#[derive(Clone, Copy)]
pub(crate) enum Body {
    Answer,
    Token,
}

/// Reads a body chunk by chunk and stops past `limit`, so an endless or
/// huge answer (on the status or the token path) is never held whole.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
    what: Body,
) -> Result<Vec<u8>, LookupError> {
    let status = response.status().as_u16();
    let too_big = || {
        let args = [("status", status.to_string()), ("kib", (limit / 1024).to_string())];
        let words = match what {
            Body::Answer => Words::said("error-answer-too-large", &args),
            Body::Token => Words::said("error-token-too-large", &args),
        };
        LookupError::protocol(words, "")
    };
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(too_big());
    }
    let mut body = Vec::new();
    let reading = match what {
        Body::Answer => "reading the answer",
        Body::Token => "reading the token answer",
    };
    let cut_short = |e: reqwest::Error| match LookupError::from_reqwest(reading, &e) {
        LookupError::Network(detail) => LookupError::Protocol {
            message: {
                let args = [("status", status.to_string()), ("detail", detail)];
                match what {
                    Body::Answer => Words::said("error-answer-cut-short", &args),
                    Body::Token => Words::said("error-token-cut-short", &args),
                }
            },
            body_head: String::new(),
            passing: Some(Passing::CutShort),
        },
        other => other,
    };
    while let Some(chunk) = response.chunk().await.map_err(cut_short)? {
        if body.len() + chunk.len() > limit {
            return Err(too_big());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The body as JSON. Invalid UTF-8 inside a string is not a reason to lose
/// the whole answer: such a body is read again with the bad bytes replaced
/// (U+FFFD), so only that field shows the damage.
fn parse_json(body: &[u8]) -> Option<serde_json::Value> {
    match serde_json::from_slice(body) {
        Ok(v) => Some(v),
        Err(_) if std::str::from_utf8(body).is_err() => serde_json::from_str(&String::from_utf8_lossy(body)).ok(),
        Err(_) => None,
    }
}
