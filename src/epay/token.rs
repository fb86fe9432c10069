//! The OAuth2 tokens: one holder per grant and profile that caches the
//! token, renews it ahead of expiry, and lets only one renewal run at a
//! time. The status endpoints take a client-credentials token; the
//! statement search (`/operations`) a password-grant one, held by a holder
//! of its own, so neither token ever reaches the other's endpoint.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use tokio::sync::{Mutex, watch};
use tokio::time::Instant;

use super::error::{LookupError, Words};

/// What the token request sends. The secret and the password never leave
/// this struct except in the request body.
#[derive(Clone)]
pub struct Credentials {
    pub token_url: String,
    pub client_id: String,
    pub client_secret: SecretString,
    pub grant: Grant,
    pub scope: String,
}

/// Which OAuth2 grant a holder asks for.
#[derive(Clone)]
pub enum Grant {
    /// For the status endpoints: the terminal rides in the token (without
    /// it, ePay answers 104 later).
    ClientCredentials { terminal: Option<String> },
    /// For the statement search: a cabinet user's login.
    Password { username: String, password: SecretString },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Credentials");
        s.field("token_url", &crate::redact::mask_userinfo(&self.token_url))
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]");
        match &self.grant {
            Grant::ClientCredentials { terminal } => s.field("terminal", terminal),
            Grant::Password { username, .. } => s.field("username", username).field("password", &"[redacted]"),
        };
        s.field("scope", &self.scope).finish()
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

    /// The lifetime is clamped when the token arrives, so this cannot
    /// overflow; if it ever did, the token counts as expired.
    pub fn expires_at(&self) -> Instant {
        self.issued_at.checked_add(self.lifetime).unwrap_or(self.issued_at)
    }

    /// Renew when less than min(60 s, a tenth of the lifetime) is left.
    pub fn renew_at(&self) -> Instant {
        let margin = Duration::from_secs(60).min(self.lifetime / 10);
        self.expires_at().checked_sub(margin).unwrap_or(self.issued_at)
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
    Failed(LookupError),
}

/// How often the token endpoint may be asked, and what lifetimes are believed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenPolicy {
    /// `expires_in` is held between these: a server saying 0 would
    /// otherwise be asked again at once, forever (each time with the
    /// secret), and one saying 10^13 would overflow the clock.
    pub min_lifetime: Duration,
    pub max_lifetime: Duration,
    /// Two token requests are never closer than this.
    pub min_interval: Duration,
    /// After a failed request the next waits this long, doubling each
    /// failure up to `max_backoff`; meanwhile lookups get the same error
    /// for a refusal, and wait for the next request after a network error.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for TokenPolicy {
    fn default() -> Self {
        Self {
            min_lifetime: Duration::from_secs(30),
            max_lifetime: Duration::from_secs(24 * 3600),
            min_interval: Duration::from_secs(1),
            first_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
        }
    }
}

/// Used when the server does not say how long a token lives.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(1200);

/// A token answer is a few hundred bytes; more than this is not one.
const MAX_TOKEN_BODY: usize = 64 * 1024;

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    /// A number (`7200`), a string (`"1200"`) or anything else: read by
    /// [`lifetime_of`], never trusted as is.
    #[serde(default)]
    expires_in: serde_json::Value,
}

/// `expires_in` as a lifetime within the policy's bounds: a number of any
/// size or a string holding one; anything unreadable gets the default.
fn lifetime_of(expires_in: &serde_json::Value, policy: &TokenPolicy) -> Duration {
    use serde_json::Value;
    let seconds = match expires_in {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    let (min, max) = (policy.min_lifetime, policy.max_lifetime);
    match seconds {
        Some(s) if s.is_finite() => Duration::from_secs_f64(s.clamp(min.as_secs_f64(), max.as_secs_f64())),
        _ => DEFAULT_LIFETIME.clamp(min, max),
    }
}

/// The token, and what the holder remembers about asking for it.
#[derive(Default)]
struct Slot {
    token: Option<AccessToken>,
    last_request: Option<Instant>,
    /// The last failure and when asking again is allowed.
    failure: Option<(LookupError, Instant)>,
    failures: u32,
}

/// What a caller of [`TokenHolder::get`] gets without asking the server.
enum Ready {
    Token(AccessToken),
    Failed(LookupError),
    /// Ask, but not before then (the floor between requests, or a backoff).
    Ask(Instant),
}

pub struct TokenHolder {
    http: reqwest::Client,
    credentials: Credentials,
    policy: TokenPolicy,
    slot: std::sync::Mutex<Slot>,
    /// Held across a token request: one renewal at a time.
    renewal: Mutex<()>,
    state: watch::Sender<TokenState>,
}

impl TokenHolder {
    pub fn new(http: reqwest::Client, credentials: Credentials) -> Arc<Self> {
        Self::with_policy(http, credentials, TokenPolicy::default())
    }

    pub fn with_policy(http: reqwest::Client, credentials: Credentials, policy: TokenPolicy) -> Arc<Self> {
        Arc::new(Self {
            http,
            credentials,
            policy,
            slot: std::sync::Mutex::new(Slot::default()),
            renewal: Mutex::new(()),
            state: watch::Sender::new(TokenState::None),
        })
    }

    pub fn watch(&self) -> watch::Receiver<TokenState> {
        self.state.subscribe()
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Slot> {
        crate::sync::lock(&self.slot)
    }

    fn ready(&self, renewal_running: bool) -> Ready {
        let slot = self.slot();
        let now = Instant::now();
        let backing_off = slot.failure.as_ref().is_some_and(|(_, until)| now < *until);
        if let Some(token) = &slot.token {
            // Past its renewal time a token still works until it expires:
            // good enough while a renewal runs or waits out a backoff.
            if now < token.renew_at() || ((backing_off || renewal_running) && now < token.expires_at()) {
                return Ready::Token(token.clone());
            }
        }
        let mut not_before = slot.last_request.map_or(now, |last| last + self.policy.min_interval);
        if let Some((err, until)) = &slot.failure
            && now < *until
        {
            // A refusal will not change by waiting; a network error may.
            if err.retry_reason().is_none() {
                return Ready::Failed(err.clone());
            }
            not_before = not_before.max(*until);
        }
        Ready::Ask(not_before)
    }

    /// A token good for now. One renewal runs at a time; callers meanwhile
    /// get the current token while it still works, or wait for the renewal.
    /// After a refusal, callers get the same error until the backoff ends;
    /// after a network error they wait for it. Either way a refused or
    /// broken token endpoint is not asked (with the secret) once per lookup.
    pub async fn get(&self) -> Result<AccessToken, LookupError> {
        let running = self.renewal.try_lock().is_err();
        match self.ready(running) {
            Ready::Token(token) => return Ok(token),
            Ready::Failed(err) => return Err(err),
            Ready::Ask(_) => {}
        }
        let _one_at_a_time = self.renewal.lock().await;
        // Whoever held the lock before may have renewed, or failed.
        let not_before = match self.ready(false) {
            Ready::Token(token) => return Ok(token),
            Ready::Failed(err) => return Err(err),
            Ready::Ask(not_before) => not_before,
        };
        tokio::time::sleep_until(not_before).await;
        self.state.send_replace(TokenState::Renewing);
        self.slot().last_request = Some(Instant::now());
        let result = self.request().await;
        let mut slot = self.slot();
        match result {
            Ok(token) => {
                self.state.send_replace(TokenState::Valid { expires_at: token.expires_at() });
                slot.token = Some(token.clone());
                slot.failure = None;
                slot.failures = 0;
                Ok(token)
            }
            Err(err) => {
                self.fail(&mut slot, err.clone());
                Err(err)
            }
        }
    }

    /// Counts a failure and starts (or lengthens) the backoff.
    fn fail(&self, slot: &mut Slot, err: LookupError) {
        self.state.send_replace(TokenState::Failed(err.clone()));
        slot.failures = slot.failures.saturating_add(1);
        let backoff = crate::backoff::Backoff { first: self.policy.first_backoff, most: self.policy.max_backoff }
            .step(slot.failures);
        slot.failure = Some((err, Instant::now() + backoff));
        if slot.token.as_ref().is_some_and(|t| Instant::now() >= t.expires_at()) {
            slot.token = None;
        }
    }

    /// The server refused `stale`: forget it unless someone already renewed.
    pub fn invalidate(&self, stale: &AccessToken) {
        let mut slot = self.slot();
        if slot.token.as_ref().is_some_and(|t| t.same_as(stale)) {
            slot.token = None;
        }
    }

    /// The API refused a token just issued: forget it and back off, so an
    /// API that refuses every token does not get a token request (with the
    /// secret) for every lookup.
    pub fn refused_fresh(&self, fresh: &AccessToken, err: LookupError) {
        let mut slot = self.slot();
        if slot.token.as_ref().is_some_and(|t| t.same_as(fresh)) {
            slot.token = None;
        }
        self.fail(&mut slot, err);
    }

    /// When the background renewer should wake next: at renewal time, or
    /// when a failed request may be tried again.
    fn next_wake(&self) -> Instant {
        let slot = self.slot();
        let retry = slot.failure.as_ref().map(|(_, until)| *until);
        let renew = slot.token.as_ref().map(AccessToken::renew_at);
        retry.or(renew).unwrap_or_else(|| Instant::now() + self.policy.first_backoff)
    }

    /// Keeps the token fresh in the background, so a lookup never waits for
    /// a renewal. Ends when the holder is dropped.
    pub fn spawn_renewer(self: &Arc<Self>) -> tokio::task::JoinHandle<()> {
        let weak = Arc::downgrade(self);
        tokio::spawn(async move {
            loop {
                let Some(holder) = weak.upgrade() else { return };
                if let Err(err) = holder.get().await {
                    tracing::warn!("token renewal failed: {err}");
                }
                let wake = holder.next_wake();
                drop(holder);
                tokio::time::sleep_until(wake).await;
            }
        })
    }

    /// Replaces the client secret and `token` in a body from a server (see
    /// [`crate::redact::redact_bytes`] for the spellings searched).
    pub fn redact(&self, body: &mut Vec<u8>, token: Option<&AccessToken>) {
        let [secret, password, token] = self.secrets(token);
        crate::redact::redact_bytes(body, &[secret, token]);
        crate::redact::redact_bytes_always(body, &[password]);
    }

    /// A header from a server, cleaned and redacted: headers are server
    /// text too, and a proxy may repeat the token or the secret in them.
    pub(crate) fn server_header(
        &self,
        headers: &reqwest::header::HeaderMap,
        name: reqwest::header::HeaderName,
        token: Option<&AccessToken>,
    ) -> Option<String> {
        let mut bytes = headers.get(name)?.as_bytes().to_vec();
        self.redact(&mut bytes, token);
        Some(crate::text::clean(&String::from_utf8_lossy(&bytes)))
    }

    /// Where a redirect points, as it may be shown (see [`Self::server_header`];
    /// a password in it masked).
    pub(crate) fn redirect_target(&self, headers: &reqwest::header::HeaderMap, token: Option<&AccessToken>) -> String {
        self.server_header(headers, reqwest::header::LOCATION, token)
            .map_or_else(|| "nowhere".to_owned(), |to| crate::redact::mask_userinfo(&to))
    }

    /// After [`Self::redact`] on the body: a secret written with `\u` escapes
    /// shows only once the JSON is decoded.
    pub fn redact_json(&self, value: &mut serde_json::Value, token: Option<&AccessToken>) {
        let [secret, password, token] = self.secrets(token);
        crate::redact::redact_json(value, &[secret, token]);
        crate::redact::redact_json_always(value, &[password]);
    }

    fn secrets<'a>(&'a self, token: Option<&'a AccessToken>) -> [&'a str; 3] {
        let password = match &self.credentials.grant {
            Grant::Password { password, .. } => password.expose_secret(),
            Grant::ClientCredentials { .. } => "",
        };
        [self.credentials.client_secret.expose_secret(), password, token.map_or("", AccessToken::bearer)]
    }

    async fn request(&self) -> Result<AccessToken, LookupError> {
        let c = &self.credentials;
        let mut form: Vec<(&str, &str)> =
            vec![("scope", &c.scope), ("client_id", &c.client_id), ("client_secret", c.client_secret.expose_secret())];
        match &c.grant {
            Grant::ClientCredentials { terminal } => {
                form.push(("grant_type", "client_credentials"));
                if let Some(terminal) = terminal {
                    form.push(("terminal", terminal));
                }
            }
            Grant::Password { username, password } => {
                form.extend([
                    ("grant_type", "password"),
                    ("username", username),
                    ("password", password.expose_secret()),
                ]);
            }
        }
        tracing::info!(url = %crate::redact::mask_userinfo(&c.token_url), client_id = %c.client_id, "requesting token");
        let response = self
            .http
            .post(&c.token_url)
            .form(&form)
            .send()
            .await
            .map_err(|e| LookupError::from_reqwest("token request", &e))?;
        let status = response.status();
        let location = self.redirect_target(response.headers(), None);
        let mut body = super::client::read_limited(response, MAX_TOKEN_BODY, super::client::Body::Token).await?;
        self.redact(&mut body, None);
        if status.is_redirection() {
            let args = [("status", status.as_u16().to_string()), ("to", location.to_string())];
            return Err(LookupError::Auth(Words::said("error-token-redirect", &args)));
        }
        if !status.is_success() {
            let head = crate::text::clean(&String::from_utf8_lossy(&body[..body.len().min(200)]));
            let status = ("status", status.as_u16().to_string());
            // What to check depends on what was sent.
            let login = matches!(c.grant, Grant::Password { .. });
            return Err(LookupError::Auth(match (login, head.is_empty()) {
                (false, true) => Words::said("error-token-refused", &[status]),
                (false, false) => Words::said("error-token-refused-said", &[status, ("said", head)]),
                (true, true) => Words::said("error-login-refused", &[status]),
                (true, false) => Words::said("error-login-refused-said", &[status, ("said", head)]),
            }));
        }
        let parsed: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
            let detail = crate::text::clean(&e.to_string());
            LookupError::protocol(Words::said("error-token-not-json", &[("detail", detail)]), "")
        })?;
        if parsed.access_token.is_empty() {
            return Err(LookupError::Auth(Words::said("error-token-no-access-token", &[])));
        }
        let lifetime = lifetime_of(&parsed.expires_in, &self.policy);
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
    fn expires_in_is_read_leniently_and_clamped() {
        let policy = TokenPolicy::default();
        let of = |json: &str| {
            let t: TokenResponse = serde_json::from_str(json).unwrap();
            lifetime_of(&t.expires_in, &policy)
        };
        assert_eq!(of(r#"{"access_token":"a","expires_in":7200}"#), Duration::from_secs(7200));
        assert_eq!(of(r#"{"access_token":"a","expires_in":"1200"}"#), Duration::from_secs(1200));
        assert_eq!(of(r#"{"access_token":"a","expires_in":" 900.5 "}"#), Duration::from_secs_f64(900.5));
        assert_eq!(of(r#"{"access_token":"a"}"#), DEFAULT_LIFETIME);
        assert_eq!(of(r#"{"access_token":"a","expires_in":null}"#), DEFAULT_LIFETIME);
        assert_eq!(of(r#"{"access_token":"a","expires_in":"soon"}"#), DEFAULT_LIFETIME);
        for low in ["0", "-5", "\"0\"", "0.001"] {
            assert_eq!(of(&format!(r#"{{"access_token":"a","expires_in":{low}}}"#)), policy.min_lifetime, "{low}");
        }
        for high in ["18446744073709551615", "1e30", "10000000000000", "\"1e30\""] {
            assert_eq!(of(&format!(r#"{{"access_token":"a","expires_in":{high}}}"#)), policy.max_lifetime, "{high}");
        }
    }

    #[test]
    fn debug_redacts_secrets() {
        let creds = Credentials {
            token_url: "http://127.0.0.1/".into(),
            client_id: "test".into(),
            client_secret: SecretString::from("yF587AV9Ms94qN2QShFzVR3vFnWkhjbAK3sG".to_string()),
            grant: Grant::ClientCredentials { terminal: None },
            scope: "payment".into(),
        };
        assert!(!format!("{creds:?}").contains("yF587"));
        let login = Credentials {
            grant: Grant::Password {
                username: "ops@shop.kz".into(),
                password: SecretString::from("hunter2-pw".to_string()),
            },
            ..creds
        };
        let shown = format!("{login:?}");
        assert!(shown.contains("ops@shop.kz") && !shown.contains("hunter2") && !shown.contains("yF587"), "{shown}");
        assert!(!format!("{:?}", token(1)).contains("t0ps3cret"));
    }
}
