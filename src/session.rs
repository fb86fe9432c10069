//! Turns resolved settings into a live client: the one HTTP client of the
//! process, the token holder, and the embedded sandbox when the profile
//! asks for it.

use std::time::Duration;

use secrecy::ExposeSecret;

use crate::checker::Checker;
use crate::config::{ConfigError, Endpoints, Settings};
use crate::epay::{Credentials, EpayClient, Grant, RetryPolicy, StatementClient, TokenHolder};
use crate::i18n;
use crate::sandbox::{Sandbox, SandboxOptions};

pub struct Session {
    pub client: EpayClient,
    /// The statement search, or what the profile lacks for it (the
    /// settings named, in the operator's language).
    pub statement: Result<StatementClient, String>,
    /// The profile and API host, recorded with every lookup.
    pub checker: Checker,
    /// Kept alive for as long as the session: dropping it stops the server.
    sandbox: Option<Sandbox>,
}

impl Session {
    /// The embedded sandbox, when the profile runs one (tests count its requests).
    pub fn sandbox(&self) -> Option<&Sandbox> {
        self.sandbox.as_ref()
    }

    /// The embedded sandbox's well-behaved fixture invoices (none on a remote profile).
    pub fn fixture_invoices(&self) -> Vec<(crate::epay::Kind, String)> {
        use crate::epay::Kind;
        let Some(sandbox) = &self.sandbox else { return Vec::new() };
        [Kind::Payment, Kind::P2p]
            .into_iter()
            .flat_map(|k| sandbox.invoices(k).into_iter().map(move |i| (k, i)))
            .filter(|(_, i)| !sandbox.misbehaves(i))
            .collect()
    }

    pub async fn open(settings: &Settings, timeout: Duration) -> Result<Self, ConfigError> {
        let lang = settings.language.language;
        let (sandbox, token_url, api_url) = match &settings.endpoints {
            Endpoints::EmbeddedSandbox => {
                let options = SandboxOptions { faults: settings.sandbox_faults.clone(), ..SandboxOptions::default() };
                let sandbox = Sandbox::start(([127, 0, 0, 1], 0).into(), options).await.map_err(|e| {
                    ConfigError::text(lang, format!("cannot start the embedded sandbox on 127.0.0.1: {e}"))
                })?;
                let (t, a) = (sandbox.token_url(), sandbox.api_url());
                (Some(sandbox), t, a)
            }
            Endpoints::Remote { token_url, api_url } => (None, token_url.clone(), api_url.clone()),
        };
        let direct =
            [&token_url, &api_url].iter().all(|u| reqwest::Url::parse(u).is_ok_and(|u| crate::epay::is_loopback(&u)));
        let http = crate::epay::http_client(timeout, direct).map_err(|e| ConfigError::text(lang, e))?;
        let api_host = reqwest::Url::parse(&api_url)
            .ok()
            .and_then(|u| {
                u.host_str().map(|h| match u.port() {
                    Some(p) => format!("{h}:{p}"),
                    None => h.to_owned(),
                })
            })
            .unwrap_or_else(|| api_url.clone());
        let credentials = |grant| Credentials {
            token_url: token_url.clone(),
            client_id: settings.client_id.clone(),
            client_secret: settings.client_secret.clone(),
            grant,
            scope: settings.scope.clone(),
        };
        let tokens = TokenHolder::new(
            http.token.clone(),
            credentials(Grant::ClientCredentials { terminal: settings.terminal.clone() }),
        );
        // A per-request timeout longer than the deadline would never fire.
        let retry = RetryPolicy { deadline: settings.deadline.max(timeout), ..RetryPolicy::default() };
        // A holder of its own: the password-grant token goes to the
        // statement only, and the status endpoints' token never does.
        let statement = match (&settings.username, &settings.password) {
            (Some(username), Some(password)) if !username.is_empty() && !password.expose_secret().is_empty() => {
                let grant = Grant::Password { username: username.clone(), password: password.clone() };
                let tokens = TokenHolder::new(http.token, credentials(grant));
                Ok(StatementClient::new(http.api.clone(), &api_url, tokens).with_retry(retry))
            }
            (username, password) => {
                let missing: Vec<&str> = [
                    username.as_ref().is_none_or(|u| u.is_empty()).then_some("username (EPAY_USERNAME)"),
                    password
                        .as_ref()
                        .is_none_or(|p| p.expose_secret().is_empty())
                        .then_some("password (EPAY_PASSWORD)"),
                ]
                .into_iter()
                .flatten()
                .collect();
                let args = [
                    ("profile", settings.profile.clone().into()),
                    ("missing", missing.join(", ").into()),
                    ("path", settings.config_path.display().to_string().into()),
                ];
                Err(i18n::text(lang, "find-no-login", &args))
            }
        };
        let checker = Checker {
            profile: settings.profile.clone(),
            api_host,
            operator: settings.operator.clone(),
            machine: crate::checker::machine_name(),
        };
        Ok(Self { client: EpayClient::new(http.api, &api_url, tokens).with_retry(retry), statement, checker, sandbox })
    }
}

/// Opens the history under the data dir and applies the retention setting.
/// The notice, if any, is for the operator (a damaged file set aside).
/// A team history (`history_url`) the server refuses (a wrong password, no
/// such database, a newer schema, no right to create the tables) is an
/// error to mend in the settings: the command stops before it looks
/// anything up. A server that is only away is not: its lookups wait in the
/// spool.
pub async fn open_history(settings: &Settings) -> Result<(crate::store::Store, Option<String>), String> {
    open_history_telling(settings, Tell::All).await
}

/// What opening the history tells.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tell {
    All,
    /// All but that a history on this machine was left behind: for the
    /// command that imports it.
    AllButLeftBehind,
}

/// [`open_history`], telling what `tell` says.
pub async fn open_history_telling(
    settings: &Settings,
    tell: Tell,
) -> Result<(crate::store::Store, Option<String>), String> {
    use crate::store::{Store, path_in};
    let lang = settings.language.language;
    let opened = match &settings.history_url {
        None => Store::open(&path_in(&settings.data_dir)),
        Some(url) => Store::open_team(url, &settings.data_dir).await.map_err(|e| {
            let error = ("error", e.to_string().into());
            // A history its owner has to set up says who does what already.
            if e.needs_init() {
                return i18n::text(lang, "history-refused-init", &[error]);
            }
            i18n::text(lang, "history-refused", &[error, ("source", settings.history_url_from.clone().into())])
        })?,
    };
    let mut notice = opened.notice.map(|n| said(&n, lang));
    if let Some(mode) = crate::files::open_to_others(&settings.data_dir) {
        let dir = ("dir", settings.data_dir.display().to_string().into());
        let shared = i18n::text(lang, "data-dir-shared", &[dir, ("mode", format!("{mode:o}").into())]);
        notice = Some(joined(notice, shared));
    }
    // The team history is the team's record: operators may not delete from
    // it (its owner prunes it, if at all), so retention is this machine's.
    if let Some(days) = settings.retention_days.filter(|_| settings.history_url.is_none()) {
        let cutoff = chrono::Utc::now().checked_sub_signed(chrono::Duration::days(i64::from(days)));
        if let Some(cutoff) = cutoff
            && let Err(e) = opened.store.prune(cutoff).await
        {
            notice.get_or_insert_with(|| i18n::text(lang, "history-prune-failed", &[("error", e.to_string().into())]));
        }
    }
    if settings.history_url.is_some()
        && tell == Tell::All
        && let Some(left) = left_behind(settings, &opened.store).await
    {
        notice = Some(joined(notice, left));
    }
    Ok((opened.store, notice))
}

/// `more` after what was to be told already.
fn joined(notice: Option<String>, more: String) -> String {
    match notice {
        Some(n) => format!("{n}; {more}"),
        None => more,
    }
}

/// A notice of opening the history, in `lang`.
fn said(notice: &crate::store::Notice, lang: crate::i18n::Language) -> String {
    use crate::store::Notice;
    let text = |s: &String| -> fluent_bundle::FluentValue<'static> { s.clone().into() };
    match notice {
        Notice::Damaged { path, why, aside } => {
            i18n::text(lang, "history-damaged", &[("path", text(path)), ("why", text(why)), ("aside", text(aside))])
        }
        Notice::InMemory { why } => i18n::text(lang, "history-in-memory", &[("why", text(why))]),
        Notice::Sent(n) => i18n::text(lang, "spool-sent", &[("count", (*n).into())]),
        Notice::Spooling { why, spool } => {
            i18n::text(lang, "spool-waiting", &[("why", text(why)), ("spool", text(spool))])
        }
        Notice::Foreign(why) => why.clone(),
    }
}

/// Says that this machine's history holds lookups or cases that were never
/// imported into the team history `team`, and names the command; `None`
/// when there is none, or it was imported.
async fn left_behind(settings: &Settings, team: &crate::store::Store) -> Option<String> {
    use crate::store::{Store, path_in};
    let lang = settings.language.language;
    let path = path_in(&settings.data_dir);
    if !path.is_file() || imported_marker(team).is_some_and(|m| m.exists()) {
        return None;
    }
    let local = Store::open_existing(&path)
        .inspect_err(|e| tracing::warn!("the history on this machine cannot be read: {e}"))
        .ok()?;
    let lookups = local.count_matching(&crate::store::Filter::All).await.ok()?.number();
    let cases = local.cases().await.ok()?;
    if lookups == 0 && cases.is_empty() {
        return None;
    }
    let open = cases.iter().filter(|c| c.state.is_open()).count();
    let args = [
        ("path", path.display().to_string().into()),
        ("lookups", lookups.into()),
        ("cases", cases.len().into()),
        ("open", open.into()),
    ];
    Some(i18n::text(lang, "history-local-left", &args))
}

/// Beside the spool of the team history: this machine's history was
/// imported into it (the spool's name tells team histories apart).
pub fn imported_marker(team: &crate::store::Store) -> Option<std::path::PathBuf> {
    let spool = team.spool_path()?;
    let name = spool.file_name()?.to_str()?.strip_suffix(".sqlite3")?.replacen("spool-", "imported-", 1);
    Some(spool.parent().unwrap_or(std::path::Path::new(".")).join(name))
}
