//! The OAuth2 client-credentials token: one holder per profile that caches
//! it, renews it ahead of expiry, and lets only one renewal run at a time.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::{Mutex, watch};
use tokio::time::Instant;

use super::error::LookupError;

/// What the token request sends. The secret never leaves this struct except
/// in the request body.
#[derive(Clone)]
pub struct Credentials {
    pub token_url: String,
    pub client_id: String,
    pub client_secret: SecretString,
    pub terminal: Option<String>,
    pub scope: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("terminal", &self.terminal)
            .field("scope", &self.scope)
            .finish()
    }
}

/// A bearer token and when it stops working.
#[derive(Clone)]
pub struct AccessToken {
    value: SecretString,
    pub issued_at: Instant,
    pub lifetime: Duration,
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken").field("value", &"[redacted]").field("lifetime", &self.lifetime).finish()
    }
}

impl AccessToken {
    pub(crate) fn bearer(&self) -> &str {
        self.value.expose_secret()
    }

    pub fn expires_at(&self) -> Instant {
        self.issued_at + self.lifetime
    }

    /// Renew when less than min(60 s, a tenth of the lifetime) is left.
    pub fn renew_at(&self) -> Instant {
        let margin = Duration::from_secs(60).min(self.lifetime / 10);
        self.expires_at() - margin
    }

    fn same_as(&self, other: &AccessToken) -> bool {
        self.value.expose_secret() == other.value.expose_secret()
    }
}

/// What the dashboard shows about the token; never the token itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenState {
    None,
    Renewing,
    Valid { expires_at: Instant },
    Failed(String),
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default, deserialize_with = "seconds")]
    expires_in: Option<u64>,
}

/// `expires_in` is a number on most ePay pages and a string on some.
fn seconds<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        N(u64),
        F(f64),
        S(String),
    }
    Ok(match Option::<Either>::deserialize(d)? {
        Some(Either::N(n)) => Some(n),
        Some(Either::F(f)) if f.is_finite() && f >= 0.0 => Some(f as u64),
        Some(Either::S(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// Used when the server does not say how long a token lives.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(1200);

pub struct TokenHolder {
    http: reqwest::Client,
    credentials: Credentials,
    current: Mutex<Option<AccessToken>>,
    state: watch::Sender<TokenState>,
}

impl TokenHolder {
    pub fn new(http: reqwest::Client, credentials: Credentials) -> Arc<Self> {
        Arc::new(Self { http, credentials, current: Mutex::new(None), state: watch::Sender::new(TokenState::None) })
    }

    pub fn watch(&self) -> watch::Receiver<TokenState> {
        self.state.subscribe()
    }

    /// A token good for now. Concurrent callers wait on one renewal: the lock
    /// is held across the request, and whoever gets it next sees the result.
    pub async fn get(&self) -> Result<AccessToken, LookupError> {
        let mut current = self.current.lock().await;
        if let Some(token) = current.as_ref()
            && Instant::now() < token.renew_at()
        {
            return Ok(token.clone());
        }
        self.state.send_replace(TokenState::Renewing);
        match self.request().await {
            Ok(token) => {
                self.state.send_replace(TokenState::Valid { expires_at: token.expires_at() });
                *current = Some(token.clone());
                Ok(token)
            }
            Err(err) => {
                self.state.send_replace(TokenState::Failed(err.to_string()));
                *current = None;
                Err(err)
            }
        }
    }

    /// The server refused `stale`: forget it unless someone already renewed.
    pub async fn invalidate(&self, stale: &AccessToken) {
        let mut current = self.current.lock().await;
        if current.as_ref().is_some_and(|t| t.same_as(stale)) {
            *current = None;
        }
    }

    /// When the background renewer should wake next.
    async fn next_renewal(&self) -> Option<Instant> {
        self.current.lock().await.as_ref().map(AccessToken::renew_at)
    }

    /// Keeps the token fresh in the background, so a lookup never waits for
    /// a renewal. Ends when the holder is dropped.
    pub fn spawn_renewer(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let weak = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut backoff = Duration::from_secs(2);
            loop {
                let Some(holder) = weak.upgrade() else { return };
                match holder.get().await {
                    Ok(_) => {
                        backoff = Duration::from_secs(2);
                        let wake = holder.next_renewal().await.unwrap_or_else(Instant::now);
                        drop(holder);
                        tokio::time::sleep_until(wake).await;
                    }
                    Err(err) => {
                        tracing::warn!("token renewal failed: {err}");
                        drop(holder);
                        tokio::time::sleep(backoff).await;
                        backoff = (backoff * 2).min(Duration::from_secs(60));
                    }
                }
            }
        })
    }

    async fn request(&self) -> Result<AccessToken, LookupError> {
        let c = &self.credentials;
        let mut form: Vec<(&str, &str)> = vec![
            ("grant_type", "client_credentials"),
            ("scope", &c.scope),
            ("client_id", &c.client_id),
            ("client_secret", c.client_secret.expose_secret()),
        ];
        if let Some(terminal) = &c.terminal {
            form.push(("terminal", terminal));
        }
        tracing::info!(url = %c.token_url, client_id = %c.client_id, "requesting token");
        let response = self
            .http
            .post(&c.token_url)
            .form(&form)
            .send()
            .await
            .map_err(|e| LookupError::from_reqwest("token request", &e))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| LookupError::from_reqwest("token request", &e))?;
        if !status.is_success() {
            let head = crate::text::clean(&String::from_utf8_lossy(&body[..body.len().min(200)]));
            return Err(LookupError::Auth(format!(
                "the token request was refused (HTTP {}): check client_id, client_secret and terminal of this profile{}",
                status.as_u16(),
                if head.is_empty() { String::new() } else { format!(" (server said: {head})") }
            )));
        }
        let parsed: TokenResponse = serde_json::from_slice(&body)
            .map_err(|e| LookupError::protocol(format!("the token answer is not the expected JSON: {e}"), ""))?;
        if parsed.access_token.is_empty() {
            return Err(LookupError::Auth("the token answer holds no access_token".into()));
        }
        let lifetime = parsed.expires_in.map(Duration::from_secs).unwrap_or(DEFAULT_LIFETIME);
        Ok(AccessToken { value: SecretString::from(parsed.access_token), issued_at: Instant::now(), lifetime })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(lifetime: u64) -> AccessToken {
        AccessToken {
            value: SecretString::from("t0ps3cret".to_string()),
            issued_at: Instant::now(),
            lifetime: Duration::from_secs(lifetime),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn renews_at_a_tenth_or_sixty_seconds_before_expiry() {
        let long = token(7200);
        assert_eq!(long.expires_at() - long.renew_at(), Duration::from_secs(60));
        let short = token(100);
        assert_eq!(short.expires_at() - short.renew_at(), Duration::from_secs(10));
    }

    #[test]
    fn expires_in_as_number_or_string() {
        let n: TokenResponse = serde_json::from_str(r#"{"access_token":"a","expires_in":7200}"#).unwrap();
        assert_eq!(n.expires_in, Some(7200));
        let s: TokenResponse = serde_json::from_str(r#"{"access_token":"a","expires_in":"1200"}"#).unwrap();
        assert_eq!(s.expires_in, Some(1200));
        let none: TokenResponse = serde_json::from_str(r#"{"access_token":"a"}"#).unwrap();
        assert_eq!(none.expires_in, None);
    }

    #[test]
    fn debug_redacts_secrets() {
        let creds = Credentials {
            token_url: "http://127.0.0.1/".into(),
            client_id: "test".into(),
            client_secret: SecretString::from("yF587AV9Ms94qN2QShFzVR3vFnWkhjbAK3sG".to_string()),
            terminal: None,
            scope: "payment".into(),
        };
        assert!(!format!("{creds:?}").contains("yF587"));
        assert!(!format!("{:?}", token(1)).contains("t0ps3cret"));
    }
}
