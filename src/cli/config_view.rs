//! `epay-status config`: the resolved configuration, secrets masked.

use secrecy::ExposeSecret;

use crate::config::{Endpoints, Settings};
use crate::redact::mask_userinfo;

pub fn render(settings: &Settings) -> String {
    let (token_url, api_url) = match &settings.endpoints {
        Endpoints::EmbeddedSandbox => ("(embedded sandbox)".to_owned(), "(embedded sandbox)".to_owned()),
        Endpoints::Remote { token_url, api_url } => (mask_userinfo(token_url), mask_userinfo(api_url)),
    };
    let secret = if settings.client_secret.expose_secret().is_empty() { "(not set)" } else { "******** (set)" };
    let config = format!(
        "{}{}",
        settings.config_path.display(),
        if settings.config_found { "" } else { " (not found; built-in defaults)" }
    );
    [
        ("profile", settings.profile.clone()),
        ("token_url", token_url),
        ("api_url", api_url),
        ("client_id", settings.client_id.clone()),
        ("client_secret", secret.to_owned()),
        ("terminal", settings.terminal.clone().unwrap_or_else(|| "(not set)".into())),
        ("scope", settings.scope.clone()),
        ("timeout", format!("{} s per request", settings.timeout.as_secs())),
        ("deadline", format!("{} s per lookup, retries included", settings.deadline.as_secs())),
        ("concurrency", format!("{} lookups at once", settings.concurrency)),
        ("watch", format!("every {} min", settings.watch_every.as_secs() / 60)),
        ("operator", format!("{} (recorded with every lookup)", settings.operator)),
        (
            "case deadline",
            match settings.case_deadline_days {
                Some(days) => format!("{days} days after a case opens"),
                None => "none proposed".to_owned(),
            },
        ),
        (
            "retention",
            match settings.retention_days {
                Some(days) => format!("{days} days"),
                None => "everything is kept".to_owned(),
            },
        ),
        (
            "sandbox faults",
            if settings.sandbox_faults.is_empty() {
                "none".to_owned()
            } else {
                settings.sandbox_faults.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            },
        ),
        ("config file", config),
        ("data dir", settings.data_dir.display().to_string()),
        (
            "history",
            match &settings.history_url {
                Some(url) => format!("{} (team, PostgreSQL)", url.location()),
                None => format!("{} (this machine)", crate::store::path_in(&settings.data_dir).display()),
            },
        ),
        ("log file", settings.log_path().display().to_string()),
    ]
    .iter()
    .map(|(k, v)| format!("{k:<14} {}\n", crate::text::clean(v)))
    .collect()
}
