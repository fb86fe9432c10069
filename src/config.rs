//! Profiles and configuration: built-in profile defaults, then the config
//! file, then the environment, then flags; later layers win.

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
        "sandbox" => Some(ProfileLayer::test_credentials()),
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

/// A configuration problem, said in one line with what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// Resolves settings from flags, an environment lookup and the config file.
/// The environment is passed in so tests need not touch the process's own.
pub fn resolve(flags: &Overrides, env: &dyn Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
    let env = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    let explicit_path = flags.config.clone().or_else(|| env("EPAY_STATUS_CONFIG").map(PathBuf::from));
    let config_path = match &explicit_path {
        Some(p) => p.clone(),
        None => default_config_path()?,
    };
    let file = match read_file(&config_path)? {
        Some(file) => Some(file),
        None if explicit_path.is_some() => {
            return Err(ConfigError(format!(
                "config file {} does not exist: create it or point --config / EPAY_STATUS_CONFIG elsewhere",
                config_path.display()
            )));
        }
        None => None,
    };
    let config_found = file.is_some();
    let mut file = file.unwrap_or_default();

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
            return Err(ConfigError(format!(
                "unknown profile {profile:?}: use sandbox, test or prod, or add [profiles.{profile}] to {}",
                config_path.display()
            )));
        }
    };
    let from_env = ProfileLayer {
        token_url: env("EPAY_TOKEN_URL"),
        api_url: env("EPAY_API_URL"),
        client_id: env("EPAY_CLIENT_ID"),
        client_secret: env("EPAY_CLIENT_SECRET"),
        terminal: env("EPAY_TERMINAL"),
        scope: env("EPAY_SCOPE"),
        timeout_secs: None,
    };
    let merged = from_env.over(from_file.unwrap_or_default().over(defaults));

    let endpoints = match (merged.token_url, merged.api_url) {
        (None, None) if profile == "sandbox" => Endpoints::EmbeddedSandbox,
        (Some(token_url), Some(api_url)) => Endpoints::Remote {
            token_url: check_url("token_url (EPAY_TOKEN_URL)", &token_url)?,
            api_url: check_url("api_url (EPAY_API_URL)", &api_url)?,
        },
        (token, _) => {
            let missing = if token.is_none() { "token_url (EPAY_TOKEN_URL)" } else { "api_url (EPAY_API_URL)" };
            return Err(ConfigError(format!(
                "profile {profile:?} has no {missing}: set it in {} or the environment",
                config_path.display()
            )));
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
        return Err(ConfigError(format!(
            "profile {profile:?} needs {}: set them in [profiles.{profile}] of {} (chmod 600) or in the environment",
            missing.join(", "),
            config_path.display()
        )));
    }
    let data_dir = match flags.data_dir.clone().or_else(|| env("EPAY_STATUS_DATA_DIR").map(PathBuf::from)) {
        Some(d) => d,
        None => match file.data_dir.clone() {
            Some(d) => d,
            None => default_data_dir()?,
        },
    };
    let timeout_secs = merged.timeout_secs.or(file.timeout_secs);
    if !file.history_retention_days.is_none_or(|d| (1..=36_500).contains(&d)) {
        return Err(ConfigError(format!(
            "history_retention_days in {} must be 1 to 36500 (leave it out to keep everything)",
            config_path.display()
        )));
    }
    let sandbox_faults = env("EPAY_SANDBOX_FAULTS")
        .map(|list| {
            list.split(',')
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(|f| f.parse().map_err(|e: String| ConfigError(format!("EPAY_SANDBOX_FAULTS: {e}"))))
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?
        .unwrap_or_default();
    if file.case_deadline_days.is_some_and(|d| d > 365) {
        return Err(ConfigError(format!(
            "case_deadline_days in {} must be 0 to 365 (0: a new case gets no deadline)",
            config_path.display()
        )));
    }
    if file.concurrency == Some(0) || file.watch_minutes == Some(0) {
        return Err(ConfigError(format!(
            "concurrency and watch_minutes in {} must be at least 1",
            config_path.display()
        )));
    }
    // Beyond a day a watch is not a watch, and timers far out overflow clocks.
    if file.watch_minutes.is_some_and(|m| m > 24 * 60) {
        return Err(ConfigError(format!("watch_minutes in {} must be at most 1440 (a day)", config_path.display())));
    }
    // Timers past these bounds are typos, and far enough out they overflow the clock.
    if !file.deadline_secs.is_none_or(|s| (1..=3600).contains(&s)) {
        return Err(ConfigError(format!("deadline_secs in {} must be 1 to 3600", config_path.display())));
    }
    if !timeout_secs.is_none_or(|s| (1..=600).contains(&s)) {
        return Err(ConfigError(format!("timeout_secs in {} must be 1 to 600", config_path.display())));
    }
    let operator = match env("EPAY_STATUS_OPERATOR").or_else(|| file.operator.clone()) {
        None => crate::checker::login_name(),
        Some(name) => {
            let cleaned = crate::text::clean(name.trim());
            if cleaned.is_empty() || cleaned.chars().count() > 64 || cleaned != name.trim() {
                return Err(ConfigError(format!(
                    "operator (in {} or EPAY_STATUS_OPERATOR) must be a name of 1 to 64 printable characters",
                    config_path.display()
                )));
            }
            cleaned
        }
    };
    let history_url =
        match env("EPAY_STATUS_HISTORY_URL").or_else(|| file.history_url.clone()) {
            None => None,
            Some(url) => {
                let home = env("HOME").map(PathBuf::from);
                let var = |k: &str| env(k);
                let parsed = crate::store::TeamUrl::parse(&url, &crate::store::TeamEnvironment { var: &var, home });
                Some(parsed.map_err(|e| {
                    ConfigError(format!("{e} (in {} or EPAY_STATUS_HISTORY_URL)", config_path.display()))
                })?)
            }
        };
    Ok(Settings {
        profile,
        endpoints,
        client_id: merged.client_id.unwrap_or_default(),
        client_secret: SecretString::from(merged.client_secret.unwrap_or_default()),
        terminal: merged.terminal,
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
        language: crate::i18n::choose(flags.language.as_deref(), &env, file.language.as_deref())
            .map_err(ConfigError)?,
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
fn check_url(what: &str, url: &str) -> Result<String, ConfigError> {
    let shown = crate::redact::mask_userinfo(url);
    match reqwest::Url::parse(url) {
        Ok(u) if u.scheme() == "http" && u.host().is_some() && !crate::epay::is_loopback(&u) => {
            Err(ConfigError(format!(
                "{what} {shown:?} uses plain http to another machine: write https:// (http is accepted only for \
             127.0.0.1, ::1 and localhost)"
            )))
        }
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(url.trim_end_matches('/').into()),
        _ => Err(ConfigError(format!("{what} {shown:?} is not an http(s) URL: write it like https://host/path"))),
    }
}

fn project_dirs() -> Result<directories::ProjectDirs, ConfigError> {
    directories::ProjectDirs::from("kz", "epay-status", "epay-status").ok_or_else(|| {
        ConfigError("cannot find a home directory: set EPAY_STATUS_CONFIG and EPAY_STATUS_DATA_DIR".into())
    })
}

fn default_config_path() -> Result<PathBuf, ConfigError> {
    Ok(project_dirs()?.config_dir().join("config.toml"))
}

fn default_data_dir() -> Result<PathBuf, ConfigError> {
    Ok(project_dirs()?.data_dir().to_path_buf())
}

/// Reads and parses the file; `None` when it does not exist.
fn read_file(path: &Path) -> Result<Option<FileConfig>, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ConfigError(format!("cannot read config file {}: {e}", path.display()))),
    };
    let file: FileConfig = toml::from_str(&text).map_err(|e| {
        // Name the line and, where the message does not, the key on it.
        let line_of = |start: usize| text[..start.min(text.len())].matches('\n').count() + 1;
        let line = e.span().map(|s| line_of(s.start));
        let line_text = line.and_then(|l| text.lines().nth(l - 1)).unwrap_or_default();
        let place = match line {
            Some(line) => {
                let key = line_text.split_once('=').map(|(k, _)| k.trim());
                match key {
                    Some(k) if !k.is_empty() && !e.message().contains(k) => format!(" line {line}, key {k}:"),
                    _ => format!(" line {line}:"),
                }
            }
            None => String::new(),
        };
        // toml quotes the offending value ("invalid type: integer `1234`"):
        // on a line that holds a secret, that value is the secret.
        let holds_secret = |t: &str| {
            let t = t.to_ascii_lowercase();
            t.contains("secret") || t.contains("history_url")
        };
        let secret_in_view = holds_secret(line.map_or(&text[..], |_| line_text));
        let message = if secret_in_view {
            "this line cannot be read, and is not shown because it may hold a secret: write it as \
             client_secret = \"...\" or history_url = \"postgresql://...\" (a quoted string)"
                .to_owned()
        } else {
            e.message().replace('\n', " ")
        };
        ConfigError(format!("config file {}{place} {message}", path.display()))
    })?;
    if file.profiles.values().any(|p| p.client_secret.is_some())
        || file.history_url.as_deref().is_some_and(crate::store::TeamUrl::holds_password)
    {
        refuse_if_shared(path)?;
    }
    Ok(Some(file))
}

#[cfg(unix)]
fn refuse_if_shared(path: &Path) -> Result<(), ConfigError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| ConfigError(format!("cannot read config file {}: {e}", path.display())))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(ConfigError(format!(
            "config file {} holds a secret (a client_secret or a password in history_url) and is readable by others \
             (mode {:o}): run chmod 600 {}",
            path.display(),
            mode & 0o777,
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_if_shared(_path: &Path) -> Result<(), ConfigError> {
    Ok(())
}
