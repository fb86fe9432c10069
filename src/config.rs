//! Profiles and configuration: built-in profile defaults, then the config
//! file, then the environment, then flags; later layers win.

use crate::i18n::Language;
use fluent_bundle::FluentValue;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

/// The public test credentials printed in ePay's reference: the `test`
/// profile's, and the embedded sandbox accepts them (its fixture file,
/// `assets/sandbox/fixtures.json`, lists the same client).
pub const TEST_CLIENT_ID: &str = "test";
pub const TEST_CLIENT_SECRET: &str = "yF587AV9Ms94qN2QShFzVR3vFnWkhjbAK3sG";
pub const TEST_TERMINAL: &str = "67e34d63-102f-4bd1-898e-370781d0074d";

/// The embedded sandbox's cabinet login for the statement search (its
/// fixture file lists the same user): the sandbox profile needs no setup.
pub const SANDBOX_USERNAME: &str = "operator@sandbox.kz";
pub const SANDBOX_PASSWORD: &str = "sandbox-cabinet-pw";

pub const DEFAULT_SCOPE: &str = "webapi usermanagement email_send verification statement statistics payment";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);

/// What flags say; `None` leaves the decision to the lower layers.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub profile: Option<String>,
    pub config: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    /// `--lang`.
    pub language: Option<String>,
}

/// Where the API is.
#[derive(Clone, PartialEq, Eq)]
pub enum Endpoints {
    /// Start the emulator inside this process.
    EmbeddedSandbox,
    Remote {
        token_url: String,
        api_url: String,
    },
}

/// A URL may carry a password (`https://user:pass@host`): never shown.
impl fmt::Debug for Endpoints {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::redact::mask_userinfo;
        match self {
            Self::EmbeddedSandbox => f.write_str("EmbeddedSandbox"),
            Self::Remote { token_url, api_url } => f
                .debug_struct("Remote")
                .field("token_url", &mask_userinfo(token_url))
                .field("api_url", &mask_userinfo(api_url))
                .finish(),
        }
    }
}

/// A fully resolved configuration: nothing half-set.
#[derive(Clone)]
pub struct Settings {
    pub profile: String,
    pub endpoints: Endpoints,
    pub client_id: String,
    pub client_secret: SecretString,
    pub terminal: Option<String>,
    /// The cabinet login the statement search (`find`) takes a
    /// password-grant token with; either may be missing until `find` runs.
    pub username: Option<String>,
    pub password: Option<SecretString>,
    pub scope: String,
    pub timeout: Duration,
    pub config_path: PathBuf,
    pub config_found: bool,
    pub data_dir: PathBuf,
    /// Prune history older than this many days; `None` keeps everything.
    pub retention_days: Option<u32>,
    /// The most one lookup may take, retries included.
    pub deadline: Duration,
    /// Misbehaviour for the embedded sandbox (EPAY_SANDBOX_FAULTS).
    pub sandbox_faults: Vec<crate::sandbox::Fault>,
    /// Lookups in flight at once (batches).
    pub concurrency: usize,
    /// How often a watched invoice is checked again.
    pub watch_every: Duration,
    /// Who checks: recorded with every lookup.
    pub operator: String,
    /// The team's history on PostgreSQL; `None` keeps it in the data dir.
    pub history_url: Option<crate::store::TeamUrl>,
    /// Where `history_url` was set (`EPAY_STATUS_HISTORY_URL`, or the
    /// config file), for messages that say where to mend it.
    pub history_url_from: String,
    /// The deadline a new dispute case is given, in days from the day it
    /// opens; `None` gives none.
    pub case_deadline_days: Option<u32>,
    /// The language people are spoken to in, and why.
    pub language: crate::i18n::Choice,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("profile", &self.profile)
            .field("endpoints", &self.endpoints)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("terminal", &self.terminal)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .field("scope", &self.scope)
            .field("timeout", &self.timeout)
            .field("config_path", &self.config_path)
            .field("data_dir", &self.data_dir)
            .field("history_url", &self.history_url)
            .finish()
    }
}

impl Settings {
    pub fn is_production(&self) -> bool {
        self.profile == "prod"
            || matches!(&self.endpoints, Endpoints::Remote { api_url, .. } if api_url.contains("epay-api.homebank.kz"))
    }

    pub fn log_path(&self) -> PathBuf {
        self.data_dir.join("epay-status.log")
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    profile: Option<String>,
    data_dir: Option<PathBuf>,
    timeout_secs: Option<u64>,
    history_retention_days: Option<u32>,
    deadline_secs: Option<u64>,
    concurrency: Option<u16>,
    watch_minutes: Option<u32>,
    operator: Option<String>,
    history_url: Option<String>,
    case_deadline_days: Option<u32>,
    history_connect_secs: Option<u64>,
    history_query_secs: Option<u64>,
    language: Option<String>,
    #[serde(default)]
    profiles: BTreeMap<String, ProfileLayer>,
}

/// One layer of profile settings (defaults, file, environment).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileLayer {
    token_url: Option<String>,
    api_url: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    terminal: Option<String>,
    username: Option<String>,
    password: Option<String>,
    scope: Option<String>,
    timeout_secs: Option<u64>,
}

impl ProfileLayer {
    fn over(self, base: ProfileLayer) -> ProfileLayer {
        ProfileLayer {
            token_url: self.token_url.or(base.token_url),
            api_url: self.api_url.or(base.api_url),
            client_id: self.client_id.or(base.client_id),
            client_secret: self.client_secret.or(base.client_secret),
            terminal: self.terminal.or(base.terminal),
            username: self.username.or(base.username),
            password: self.password.or(base.password),
            scope: self.scope.or(base.scope),
            timeout_secs: self.timeout_secs.or(base.timeout_secs),
        }
    }

    fn test_credentials() -> Self {
        Self {
            client_id: Some(TEST_CLIENT_ID.into()),
            client_secret: Some(TEST_CLIENT_SECRET.into()),
            terminal: Some(TEST_TERMINAL.into()),
            ..Self::default()
        }
    }
}

fn builtin(profile: &str) -> Option<ProfileLayer> {
    match profile {
        "sandbox" => Some(ProfileLayer {
            username: Some(SANDBOX_USERNAME.into()),
            password: Some(SANDBOX_PASSWORD.into()),
            ..ProfileLayer::test_credentials()
        }),
        "test" => Some(ProfileLayer {
            token_url: Some("https://testoauth.homebank.kz/epay2/oauth2/token".into()),
            api_url: Some("https://testepay.homebank.kz/api".into()),
            ..ProfileLayer::test_credentials()
        }),
        "prod" => Some(ProfileLayer {
            token_url: Some("https://epay-oauth.homebank.kz/oauth2/token".into()),
            api_url: Some("https://epay-api.homebank.kz".into()),
            ..ProfileLayer::default()
        }),
        _ => None,
    }
}

/// A configuration problem: what it is, put into words (one line, with
/// what to do) where it is shown, in the language the settings had chosen
/// when it was found.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub language: Language,
    problem: Problem,
}

#[derive(Debug, Clone)]
enum Problem {
    /// A message of the catalogue, with its arguments.
    Message { id: &'static str, args: Vec<(&'static str, FluentValue<'static>)> },
    /// Words another part made (a fault list, the HTTP client's setup).
    Text(String),
}

impl ConfigError {
    fn said(language: Language, id: &'static str, args: &[(&'static str, FluentValue)]) -> Self {
        let args = args.iter().map(|(name, value)| (*name, value.into_owned())).collect();
        Self { language, problem: Problem::Message { id, args } }
    }

    pub fn text(language: Language, text: impl Into<String>) -> Self {
        Self { language, problem: Problem::Text(text.into()) }
    }

    /// The problem in `lang`.
    pub fn describe(&self, lang: Language) -> String {
        match &self.problem {
            Problem::Message { id, args } => crate::i18n::text(lang, id, args),
            Problem::Text(text) => text.clone(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(self.language))
    }
}

impl std::error::Error for ConfigError {}

/// The language of errors about a config file whose text is `text`.
fn errors_language(flags: &Overrides, env: &dyn Fn(&str) -> Option<String>, text: &str) -> Language {
    #[derive(Deserialize)]
    struct JustLanguage {
        language: Option<String>,
    }
    let file = toml::from_str::<JustLanguage>(text).ok().and_then(|f| f.language);
    let chosen = crate::i18n::choose(flags.language.as_deref(), env, file.as_deref());
    chosen.or_else(|_| crate::i18n::choose(None, &|_| None, None)).map(|c| c.language).unwrap_or_default()
}

/// The config file the operator named (`--config`, `EPAY_STATUS_CONFIG`).
fn explicit_path(flags: &Overrides, env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    flags.config.clone().or_else(|| env("EPAY_STATUS_CONFIG").map(PathBuf::from))
}

/// Resolves settings from flags, an environment lookup and the config file.
/// The environment is passed in so tests need not touch the process's own.
pub fn resolve(flags: &Overrides, env: &dyn Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
    let env = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    let explicit_path = explicit_path(flags, &env);
    // Until the file is read, its problems are told in the language the
    // flag, the environment or the locale ask for; then in the one the
    // file asks for, when that much of it can be read.
    let before = errors_language(flags, &env, "");
    let config_path = match &explicit_path {
        Some(p) => p.clone(),
        None => default_config_path(before)?,
    };
    let text = match std::fs::read_to_string(&config_path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(cannot_read(&config_path, &e, before)),
    };
    let file = match &text {
        Some(text) => Some(parse_file(&config_path, text, errors_language(flags, &env, text))?),
        None if explicit_path.is_some() => {
            return Err(ConfigError::said(before, "config-err-missing-file", &[("path", shown(&config_path))]));
        }
        None => None,
    };
    let config_found = file.is_some();
    let mut file = file.unwrap_or_default();
    let language = crate::i18n::choose(flags.language.as_deref(), &env, file.language.as_deref())
        .map_err(|why| ConfigError::text(before, why))?;
    let lang = language.language;
    let path = || shown(&config_path);

    let profile = flags
        .profile
        .clone()
        .or_else(|| env("EPAY_PROFILE"))
        .or_else(|| file.profile.clone())
        .unwrap_or_else(|| "sandbox".into());
    let from_file = file.profiles.remove(&profile);
    let defaults = match (builtin(&profile), &from_file) {
        (Some(d), _) => d,
        (None, Some(_)) => ProfileLayer::default(),
        (None, None) => {
            let args = [("profile", format!("{profile:?}").into()), ("name", profile.clone().into()), ("path", path())];
            return Err(ConfigError::said(lang, "config-err-unknown-profile", &args));
        }
    };
    let from_env = ProfileLayer {
        token_url: env("EPAY_TOKEN_URL"),
        api_url: env("EPAY_API_URL"),
        client_id: env("EPAY_CLIENT_ID"),
        client_secret: env("EPAY_CLIENT_SECRET"),
        terminal: env("EPAY_TERMINAL"),
        username: env("EPAY_USERNAME"),
        password: env("EPAY_PASSWORD"),
        scope: env("EPAY_SCOPE"),
        timeout_secs: None,
    };
    let merged = from_env.over(from_file.unwrap_or_default().over(defaults));

    let endpoints = match (merged.token_url, merged.api_url) {
        (None, None) if profile == "sandbox" => Endpoints::EmbeddedSandbox,
        (Some(token_url), Some(api_url)) => Endpoints::Remote {
            token_url: check_url("token_url (EPAY_TOKEN_URL)", &token_url, lang)?,
            api_url: check_url("api_url (EPAY_API_URL)", &api_url, lang)?,
        },
        (token, _) => {
            let missing = if token.is_none() { "token_url (EPAY_TOKEN_URL)" } else { "api_url (EPAY_API_URL)" };
            let args = [("profile", format!("{profile:?}").into()), ("missing", missing.into()), ("path", path())];
            return Err(ConfigError::said(lang, "config-err-no-endpoint", &args));
        }
    };
    let mut missing = Vec::new();
    if merged.client_id.is_none() {
        missing.push("client_id (EPAY_CLIENT_ID)");
    }
    if merged.client_secret.is_none() {
        missing.push("client_secret (EPAY_CLIENT_SECRET)");
    }
    if merged.terminal.is_none() && profile == "prod" {
        missing.push("terminal (EPAY_TERMINAL)");
    }
    if !missing.is_empty() {
        let args = [
            ("profile", format!("{profile:?}").into()),
            ("name", profile.clone().into()),
            ("missing", missing.join(", ").into()),
            ("path", path()),
        ];
        return Err(ConfigError::said(lang, "config-err-needs", &args));
    }
    let data_dir = match flags.data_dir.clone().or_else(|| env("EPAY_STATUS_DATA_DIR").map(PathBuf::from)) {
        Some(d) => d,
        None => match file.data_dir.clone() {
            Some(d) => d,
            None => default_data_dir(lang)?,
        },
    };
    let timeout_secs = merged.timeout_secs.or(file.timeout_secs);
    if !file.history_retention_days.is_none_or(|d| (1..=36_500).contains(&d)) {
        return Err(ConfigError::said(lang, "config-err-retention", &[("path", path())]));
    }
    let sandbox_faults = env("EPAY_SANDBOX_FAULTS")
        .map(|list| {
            list.split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(|f| f.parse().map_err(|e: String| ConfigError::text(lang, format!("EPAY_SANDBOX_FAULTS: {e}"))))
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?
        .unwrap_or_default();
    if file.case_deadline_days.is_some_and(|d| d > 365) {
        return Err(ConfigError::said(lang, "config-err-case-deadline", &[("path", path())]));
    }
    if file.concurrency == Some(0) || file.watch_minutes == Some(0) {
        return Err(ConfigError::said(lang, "config-err-at-least-one", &[("path", path())]));
    }
    // Beyond a day a watch is not a watch, and timers far out overflow clocks.
    if file.watch_minutes.is_some_and(|m| m > 24 * 60) {
        return Err(ConfigError::said(lang, "config-err-watch", &[("path", path())]));
    }
    // Timers past these bounds are typos, and far enough out they overflow the clock.
    if !file.deadline_secs.is_none_or(|s| (1..=3600).contains(&s)) {
        return Err(ConfigError::said(lang, "config-err-deadline", &[("path", path())]));
    }
    if !file.history_connect_secs.is_none_or(|s| (1..=60).contains(&s))
        || !file.history_query_secs.is_none_or(|s| (1..=600).contains(&s))
    {
        return Err(ConfigError::said(lang, "config-err-history-deadlines", &[("path", path())]));
    }
    if !timeout_secs.is_none_or(|s| (1..=600).contains(&s)) {
        return Err(ConfigError::said(lang, "config-err-timeout", &[("path", path())]));
    }
    let operator = match env("EPAY_STATUS_OPERATOR").or_else(|| file.operator.clone()) {
        None => crate::checker::login_name(),
        Some(name) => {
            let cleaned = crate::text::clean(name.trim());
            if cleaned.is_empty() || cleaned.chars().count() > 64 || cleaned != name.trim() {
                return Err(ConfigError::said(lang, "config-err-operator", &[("path", path())]));
            }
            cleaned
        }
    };
    // Where the URL came from, for its error: the one place to mend it.
    let from_env = env("EPAY_STATUS_HISTORY_URL");
    let source = match &from_env {
        Some(_) => "EPAY_STATUS_HISTORY_URL".to_owned(),
        None => format!("history_url in {}", config_path.display()),
    };
    let history_url = match from_env.or_else(|| file.history_url.clone()) {
        None => None,
        Some(url) => {
            let home = env("HOME").map(PathBuf::from);
            let var = |k: &str| env(k);
            let parsed = crate::store::TeamUrl::parse(&url, &crate::store::TeamEnvironment { var: &var, home });
            let defaults = crate::store::TeamDeadlines::default();
            let deadlines = crate::store::TeamDeadlines {
                connect: file.history_connect_secs.map_or(defaults.connect, Duration::from_secs),
                query: file.history_query_secs.map_or(defaults.query, Duration::from_secs),
            };
            Some(
                parsed
                    .map_err(|e| {
                        ConfigError::said(
                            lang,
                            "config-err-history-url",
                            &[("error", e.to_string().into()), ("source", source.clone().into())],
                        )
                    })?
                    .with_deadlines(deadlines),
            )
        }
    };
    Ok(Settings {
        profile,
        endpoints,
        client_id: merged.client_id.unwrap_or_default(),
        client_secret: SecretString::from(merged.client_secret.unwrap_or_default()),
        terminal: merged.terminal,
        username: merged.username.map(|u| u.trim().to_owned()),
        password: merged.password.map(SecretString::from),
        scope: merged.scope.unwrap_or_else(|| DEFAULT_SCOPE.into()),
        timeout: timeout_secs.map(Duration::from_secs).unwrap_or(DEFAULT_TIMEOUT),
        config_path,
        config_found,
        data_dir,
        retention_days: file.history_retention_days,
        deadline: file.deadline_secs.map(Duration::from_secs).unwrap_or(DEFAULT_DEADLINE),
        sandbox_faults,
        concurrency: usize::from(file.concurrency.unwrap_or(8)),
        watch_every: Duration::from_secs(u64::from(file.watch_minutes.unwrap_or(5)) * 60),
        operator,
        history_url,
        history_url_from: source,
        language,
        case_deadline_days: match file.case_deadline_days {
            Some(0) => None,
            Some(days) => Some(days),
            None => Some(DEFAULT_CASE_DEADLINE_DAYS),
        },
    })
}

/// The deadline proposed for a new case when the config does not say:
/// card schemes give a merchant from 7 to 30 days to answer a chargeback,
/// and the bank asks for the evidence before that.
pub const DEFAULT_CASE_DEADLINE_DAYS: u32 = 7;

/// An http(s) URL with a host. Plain http is for this machine only (the
/// sandbox, a local tunnel): anywhere else the secret and the tokens would
/// cross the network in clear text.
fn check_url(what: &str, url: &str, lang: Language) -> Result<String, ConfigError> {
    let args = [("what", what.to_owned().into()), ("shown", format!("{:?}", crate::redact::mask_userinfo(url)).into())];
    match reqwest::Url::parse(url) {
        Ok(u) if u.scheme() == "http" && u.host().is_some() && !crate::epay::is_loopback(&u) => {
            Err(ConfigError::said(lang, "config-err-plain-http", &args))
        }
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(url.trim_end_matches('/').into()),
        _ => Err(ConfigError::said(lang, "config-err-not-url", &args)),
    }
}

fn shown(path: &Path) -> FluentValue<'static> {
    path.display().to_string().into()
}

fn project_dirs(lang: Language) -> Result<directories::ProjectDirs, ConfigError> {
    directories::ProjectDirs::from("kz", "epay-status", "epay-status")
        .ok_or_else(|| ConfigError::said(lang, "config-err-no-home", &[]))
}

fn default_config_path(lang: Language) -> Result<PathBuf, ConfigError> {
    Ok(project_dirs(lang)?.config_dir().join("config.toml"))
}

fn default_data_dir(lang: Language) -> Result<PathBuf, ConfigError> {
    Ok(project_dirs(lang)?.data_dir().to_path_buf())
}

fn cannot_read(path: &Path, e: &std::io::Error, lang: Language) -> ConfigError {
    let args = [("path", shown(path)), ("error", e.to_string().into())];
    ConfigError::said(lang, "config-err-cannot-read", &args)
}

/// Parses the file's text, refusing a file that holds a secret and is
/// readable by others.
fn parse_file(path: &Path, text: &str, lang: Language) -> Result<FileConfig, ConfigError> {
    let file: FileConfig = toml::from_str(text).map_err(|e| {
        // Name the line and, where the message does not, the key on it.
        let line_of = |start: usize| text[..start.min(text.len())].matches('\n').count() + 1;
        let line = e.span().map(|s| line_of(s.start));
        let line_text = line.and_then(|l| text.lines().nth(l - 1)).unwrap_or_default();
        let place = match line {
            Some(line) => {
                let key = line_text.split_once('=').map(|(k, _)| k.trim());
                let args = [("line", line.into()), ("key", key.unwrap_or_default().to_owned().into())];
                match key {
                    Some(k) if !k.is_empty() && !e.message().contains(k) => {
                        format!(" {}", crate::i18n::text(lang, "config-err-line-key", &args))
                    }
                    _ => format!(" {}", crate::i18n::text(lang, "config-err-line", &args)),
                }
            }
            None => String::new(),
        };
        // toml quotes the offending value ("invalid type: integer `1234`"):
        // on a line that holds a secret, that value is the secret.
        let holds_secret = |t: &str| {
            let t = t.to_ascii_lowercase();
            t.contains("secret") || t.contains("password") || t.contains("history_url")
        };
        let secret_in_view = holds_secret(line.map_or(text, |_| line_text));
        let message = if secret_in_view {
            crate::i18n::plain(lang, "config-err-secret-line")
        } else {
            e.message().replace('\n', " ")
        };
        ConfigError::said(
            lang,
            "config-err-parse",
            &[("path", shown(path)), ("place", place.into()), ("message", message.into())],
        )
    })?;
    if file.profiles.values().any(|p| p.client_secret.is_some() || p.password.is_some())
        || file.history_url.as_deref().is_some_and(crate::store::TeamUrl::holds_password)
    {
        refuse_if_shared(path, lang)?;
    }
    Ok(file)
}

#[cfg(unix)]
fn refuse_if_shared(path: &Path, lang: Language) -> Result<(), ConfigError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).map_err(|e| cannot_read(path, &e, lang))?.permissions().mode();
    if mode & 0o077 != 0 {
        let args = [("path", shown(path)), ("mode", format!("{:o}", mode & 0o777).into())];
        return Err(ConfigError::said(lang, "config-err-shared", &args));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_if_shared(_path: &Path, _lang: Language) -> Result<(), ConfigError> {
    Ok(())
}
