//! The language the program speaks to people: Russian or English, chosen
//! by the operator (`--lang`, `EPAY_STATUS_LANG`, `language` in the config)
//! or by their locale, else English. Messages live in Fluent files under
//! `assets/i18n/`, one per language, with the same message IDs and the
//! same placeholders (a test holds them to it); Fluent's plural rules give
//! "1 проверка, 2 проверки, 5 проверок". Machine formats (JSON, exit codes,
//! file names) never change with the language.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    #[default]
    En,
    Ru,
}

/// The Fluent files, compiled in.
pub const SOURCES: [(Language, &str); 2] =
    [(Language::En, include_str!("../assets/i18n/en.ftl")), (Language::Ru, include_str!("../assets/i18n/ru.ftl"))];

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ru => "ru",
        }
    }

    /// A language as an operator names it: `ru`, `en`, or a locale name
    /// of one (`ru_RU.UTF-8`, `en-GB`).
    pub fn parse(text: &str) -> Option<Language> {
        let lang = text.trim().split(['_', '-', '.', '@']).next()?.to_ascii_lowercase();
        match lang.as_str() {
            "ru" => Some(Language::Ru),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    /// The mark between whole units and decimals: `12 345.67` in English,
    /// `12 345,67` in Russian.
    pub fn decimal_mark(self) -> char {
        match self {
            Language::En => '.',
            Language::Ru => ',',
        }
    }

    /// How dates and times are written, as chrono formats.
    pub fn formats(self) -> &'static Formats {
        match self {
            Language::En => &Formats {
                date: "%Y-%m-%d",
                minutes: "%Y-%m-%d %H:%M",
                seconds: "%Y-%m-%d %H:%M:%S",
                short_day: "%m-%d",
                short_seconds: "%m-%d %H:%M:%S",
                short_minutes: "%m-%d %H:%M",
            },
            Language::Ru => &Formats {
                date: "%d.%m.%Y",
                minutes: "%d.%m.%Y %H:%M",
                seconds: "%d.%m.%Y %H:%M:%S",
                short_day: "%d.%m",
                short_seconds: "%d.%m %H:%M:%S",
                short_minutes: "%d.%m %H:%M",
            },
        }
    }

    /// The language a locale setting asks for: Russian for `ru_*`, else
    /// English (C, POSIX and every other language).
    fn of_locale(value: &str) -> Language {
        Language::parse(value).unwrap_or(Language::En)
    }
}

/// A language's date and time formats (chrono's), from the whole date to
/// the short ones that leave out the year where space is tight.
pub struct Formats {
    pub date: &'static str,
    pub minutes: &'static str,
    pub seconds: &'static str,
    pub short_day: &'static str,
    pub short_seconds: &'static str,
    pub short_minutes: &'static str,
}

/// Where the choice came from, for `config` to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Flag,
    /// `EPAY_STATUS_LANG`.
    Environment,
    ConfigFile,
    /// The first locale variable set: its name and value.
    Locale(&'static str, String),
    Default,
}

/// The language and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub language: Language,
    pub source: Source,
}

impl Default for Choice {
    fn default() -> Self {
        Choice { language: Language::En, source: Source::Default }
    }
}

/// The locale variables, in the order POSIX reads them for messages.
const LOCALE_VARIABLES: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

/// Chooses the language: the flag, then the environment, then the config
/// file, then the locale, else English. An unknown name given on purpose is
/// an error (it says which are known); a locale of another language is
/// English.
pub fn choose(
    flag: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    config: Option<&str>,
) -> Result<Choice, String> {
    let given = [
        (flag.map(str::to_owned), Source::Flag, "--lang"),
        (env("EPAY_STATUS_LANG"), Source::Environment, "EPAY_STATUS_LANG"),
        (config.map(str::to_owned), Source::ConfigFile, "language in the config file"),
    ];
    for (value, source, name) in given {
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else { continue };
        let language = Language::parse(&value)
            .ok_or_else(|| format!("{name} is {:?}: use ru (Russian) or en (English)", crate::text::clean(&value)))?;
        return Ok(Choice { language, source });
    }
    for var in LOCALE_VARIABLES {
        if let Some(value) = env(var).filter(|v| !v.is_empty()) {
            return Ok(Choice { language: Language::of_locale(&value), source: Source::Locale(var, value) });
        }
    }
    Ok(Choice::default())
}

fn bundles() -> &'static [FluentBundle<FluentResource>; 2] {
    static BUNDLES: OnceLock<[FluentBundle<FluentResource>; 2]> = OnceLock::new();
    BUNDLES.get_or_init(|| {
        SOURCES.map(|(language, source)| {
            let id: unic_langid::LanguageIdentifier = language.code().parse().expect("a language code");
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Terminals show Unicode isolation marks as junk (or drop them).
            bundle.set_use_isolating(false);
            let resource =
                FluentResource::try_new(source.to_owned()).expect("the shipped Fluent files parse (a test checks)");
            bundle.add_resource(resource).expect("each message is defined once (a test checks)");
            bundle
        })
    })
}

/// A message in `language`, its placeables filled from `args`. A message
/// missing from one file is taken from English (a test keeps both whole).
pub fn text(language: Language, id: &str, args: &[(&str, FluentValue)]) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    for lang in [language, Language::En] {
        let bundle = &bundles()[lang as usize];
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
            if errors.is_empty() {
                return text.into_owned();
            }
            tracing::warn!("message {id} in {}: {errors:?}", lang.code());
        }
    }
    id.to_owned()
}

/// A message with no placeables.
pub fn plain(language: Language, id: &str) -> String {
    text(language, id, &[])
}

/// A count for a message's plural rules.
pub fn count(n: usize) -> FluentValue<'static> {
    FluentValue::from(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| vars.iter().find(|(name, _)| *name == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn the_flag_then_the_environment_then_the_file_then_the_locale() {
        let all = [("EPAY_STATUS_LANG", "en"), ("LANG", "ru_RU.UTF-8")];
        let choice = choose(Some("ru"), &env(&all), Some("en")).unwrap();
        assert_eq!((choice.language, choice.source), (Language::Ru, Source::Flag));
        let choice = choose(None, &env(&all), Some("ru")).unwrap();
        assert_eq!((choice.language, choice.source), (Language::En, Source::Environment));
        let choice = choose(None, &env(&[("LANG", "en_US.UTF-8")]), Some("ru")).unwrap();
        assert_eq!((choice.language, choice.source), (Language::Ru, Source::ConfigFile));
        let choice = choose(None, &env(&[("LANG", "ru_RU.UTF-8")]), None).unwrap();
        assert_eq!(choice.language, Language::Ru);
        assert_eq!(choice.source, Source::Locale("LANG", "ru_RU.UTF-8".into()));
        // LC_ALL overrides LC_MESSAGES, which overrides LANG; C is English.
        let vars = [("LC_ALL", "C"), ("LC_MESSAGES", "ru_RU.UTF-8"), ("LANG", "ru_RU.UTF-8")];
        assert_eq!(choose(None, &env(&vars), None).unwrap().language, Language::En);
        let vars = [("LC_MESSAGES", "ru_KZ.UTF-8"), ("LANG", "en_US.UTF-8")];
        assert_eq!(choose(None, &env(&vars), None).unwrap().language, Language::Ru);
        assert_eq!(choose(None, &env(&[("LANG", "kk_KZ.UTF-8")]), None).unwrap().language, Language::En);
        assert_eq!(choose(None, &env(&[]), None).unwrap(), Choice::default());
    }

    #[test]
    fn a_language_named_on_purpose_must_be_known() {
        let err = choose(Some("de"), &env(&[]), None).unwrap_err();
        assert!(err.contains("--lang") && err.contains("use ru (Russian) or en (English)"), "{err}");
        let err = choose(None, &env(&[("EPAY_STATUS_LANG", "xx\u{1b}[2J")]), None).unwrap_err();
        assert!(err.contains("EPAY_STATUS_LANG") && !err.contains('\u{1b}'), "{err}");
    }

    #[test]
    fn russian_plurals_follow_the_number() {
        let said = |n| text(Language::Ru, "config-concurrency", &[("count", count(n))]);
        assert_eq!(said(1), "1 проверка одновременно");
        assert_eq!(said(2), "2 проверки одновременно");
        assert_eq!(said(5), "5 проверок одновременно");
        assert_eq!(said(11), "11 проверок одновременно");
        assert_eq!(said(21), "21 проверка одновременно");
        let said = |n| text(Language::En, "config-concurrency", &[("count", count(n))]);
        assert_eq!(said(1), "1 lookup at once");
        assert_eq!(said(21), "21 lookups at once");
    }
}
