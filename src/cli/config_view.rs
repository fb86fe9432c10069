//! `epay-status config`: the resolved configuration, secrets masked, in
//! the operator's language (the names on the left are the settings' own).

use secrecy::ExposeSecret;

use crate::config::{Endpoints, Settings};
use crate::i18n::{self, Source, count};
use crate::redact::mask_userinfo;

pub fn render(settings: &Settings) -> String {
    let lang = settings.language.language;
    let number = |n: u64| fluent_bundle::FluentValue::from(n);
    let (token_url, api_url) = match &settings.endpoints {
        Endpoints::EmbeddedSandbox => {
            (i18n::plain(lang, "config-embedded-sandbox"), i18n::plain(lang, "config-embedded-sandbox"))
        }
        Endpoints::Remote { token_url, api_url } => (mask_userinfo(token_url), mask_userinfo(api_url)),
    };
    let secret = if settings.client_secret.expose_secret().is_empty() {
        i18n::plain(lang, "config-not-set")
    } else {
        i18n::plain(lang, "config-secret-set")
    };
    let path = settings.config_path.display().to_string();
    let config =
        if settings.config_found { path } else { i18n::text(lang, "config-file-missing", &[("path", path.into())]) };
    let why = match &settings.language.source {
        Source::Flag => i18n::plain(lang, "config-language-flag"),
        Source::Environment => i18n::plain(lang, "config-language-environment"),
        Source::ConfigFile => i18n::plain(lang, "config-language-file"),
        Source::Locale(variable, value) => i18n::text(
            lang,
            "config-language-locale",
            &[("variable", (*variable).into()), ("value", value.clone().into())],
        ),
        Source::Default => i18n::plain(lang, "config-language-default"),
    };
    [
        ("profile", settings.profile.clone()),
        ("language", i18n::text(lang, "config-language", &[("language", lang.code().into()), ("why", why.into())])),
        ("token_url", token_url),
        ("api_url", api_url),
        ("client_id", settings.client_id.clone()),
        ("client_secret", secret),
        ("terminal", settings.terminal.clone().unwrap_or_else(|| i18n::plain(lang, "config-not-set"))),
        ("username", settings.username.clone().unwrap_or_else(|| i18n::plain(lang, "config-not-set"))),
        (
            "password",
            match &settings.password {
                Some(p) if !p.expose_secret().is_empty() => i18n::plain(lang, "config-secret-set"),
                _ => i18n::plain(lang, "config-not-set"),
            },
        ),
        ("scope", settings.scope.clone()),
        ("timeout", i18n::text(lang, "config-timeout", &[("seconds", number(settings.timeout.as_secs()))])),
        ("deadline", i18n::text(lang, "config-deadline", &[("seconds", number(settings.deadline.as_secs()))])),
        ("concurrency", i18n::text(lang, "config-concurrency", &[("count", count(settings.concurrency))])),
        ("watch", i18n::text(lang, "config-watch", &[("minutes", number(settings.watch_every.as_secs() / 60))])),
        ("operator", i18n::text(lang, "config-operator", &[("name", settings.operator.clone().into())])),
        (
            "case deadline",
            match settings.case_deadline_days {
                Some(days) => i18n::text(lang, "config-case-deadline", &[("days", number(u64::from(days)))]),
                None => i18n::plain(lang, "config-case-deadline-none"),
            },
        ),
        (
            "retention",
            match settings.retention_days {
                Some(days) => i18n::text(lang, "config-retention", &[("days", number(u64::from(days)))]),
                None => i18n::plain(lang, "config-retention-all"),
            },
        ),
        (
            "sandbox faults",
            if settings.sandbox_faults.is_empty() {
                i18n::plain(lang, "config-faults-none")
            } else {
                settings.sandbox_faults.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            },
        ),
        ("config file", config),
        ("data dir", settings.data_dir.display().to_string()),
        (
            "history",
            match &settings.history_url {
                Some(url) => {
                    let waits = url.deadlines();
                    let args = [
                        ("location", url.location().into()),
                        ("connect", number(waits.connect.as_secs())),
                        ("query", number(waits.query.as_secs())),
                    ];
                    i18n::text(lang, "config-history-team", &args)
                }
                None => {
                    let path = crate::store::path_in(&settings.data_dir).display().to_string();
                    i18n::text(lang, "config-history-here", &[("path", path.into())])
                }
            },
        ),
        ("log file", settings.log_path().display().to_string()),
    ]
    .iter()
    .map(|(k, v)| format!("{k:<14} {}\n", crate::text::clean(v)))
    .collect()
}
