//! Status lookups against one profile's API base.

use std::sync::Arc;

use super::answer::{Answer, Kind, LookupType};
use super::codes::ResultCode;
use super::error::LookupError;
use super::invoice::InvoiceId;
use super::token::{AccessToken, TokenHolder};
use crate::text;

/// Answers larger than this are refused: a status answer is a few KiB.
pub const MAX_BODY: usize = 1024 * 1024;

/// A lookup that got no answer, and which endpoint it was asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: Kind,
    pub error: LookupError,
}

#[derive(Clone)]
pub struct EpayClient {
    http: reqwest::Client,
    api_base: String,
    tokens: Arc<TokenHolder>,
}

impl EpayClient {
    pub fn new(http: reqwest::Client, api_base: &str, tokens: Arc<TokenHolder>) -> Self {
        Self { http, api_base: api_base.trim_end_matches('/').to_owned(), tokens }
    }

    pub fn tokens(&self) -> &Arc<TokenHolder> {
        &self.tokens
    }

    /// `Auto` asks the payment endpoint first and the p2p one on 102.
    pub async fn lookup(&self, ty: LookupType, invoice: &InvoiceId) -> Result<Answer, Failure> {
        let check = |kind| async move { self.check(kind, invoice).await.map_err(|error| Failure { kind, error }) };
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

    /// One status call; on 401 the token is renewed once and the call retried once.
    pub async fn check(&self, kind: Kind, invoice: &InvoiceId) -> Result<Answer, LookupError> {
        let token = self.tokens.get().await?;
        let mut response = self.send(kind, invoice, &token).await?;
        if response.status() == reqwest::StatusCode::UNAUTHORIZED {
            tracing::info!(invoice = %invoice, "status call answered 401; renewing the token once");
            self.tokens.invalidate(&token).await;
            let fresh = self.tokens.get().await?;
            response = self.send(kind, invoice, &fresh).await?;
            if response.status() == reqwest::StatusCode::UNAUTHORIZED {
                return Err(LookupError::Auth(
                    "ePay refused a freshly issued token (HTTP 401): check the profile's credentials and API URL"
                        .into(),
                ));
            }
        }
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(text::clean)
            .unwrap_or_else(|| "no content type".into());
        let body = read_limited(response).await?;
        // Non-success codes may come with HTTP 400 and a JSON body: the body
        // decides, not the status line.
        let not_json = |why: &str| LookupError::Protocol {
            message: format!("HTTP {status} ({content_type}): {why}"),
            body_head: text::clean_multiline(&String::from_utf8_lossy(&body[..body.len().min(2048)])),
        };
        let mut raw: serde_json::Value =
            serde_json::from_slice(&body).map_err(|_| not_json("the answer is not JSON"))?;
        text::clean_json(&mut raw);
        tracing::info!(invoice = %invoice, kind = kind.as_str(), status, "status answer");
        Answer::decode(invoice.clone(), kind, status, raw).map_err(|e| not_json(&e.0))
    }

    async fn send(
        &self,
        kind: Kind,
        invoice: &InvoiceId,
        token: &AccessToken,
    ) -> Result<reqwest::Response, LookupError> {
        // The invoice was validated as digits only, so it is safe in a path.
        let url = format!("{}/check-status/{}/transaction/{}", self.api_base, kind.as_str(), invoice);
        self.http
            .get(url)
            .bearer_auth(token.bearer())
            .send()
            .await
            .map_err(|e| LookupError::from_reqwest("status request", &e))
    }
}

/// Reads a body chunk by chunk and stops past [`MAX_BODY`], so an endless or
/// huge answer is never held whole in memory.
async fn read_limited(mut response: reqwest::Response) -> Result<Vec<u8>, LookupError> {
    if response.content_length().is_some_and(|n| n > MAX_BODY as u64) {
        return Err(too_big(response.status().as_u16()));
    }
    let status = response.status().as_u16();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| LookupError::from_reqwest("reading the answer", &e))? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(too_big(status));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn too_big(status: u16) -> LookupError {
    LookupError::Protocol {
        message: format!("HTTP {status}: the answer is larger than {} KiB and was not read", MAX_BODY / 1024),
        body_head: String::new(),
    }
}
