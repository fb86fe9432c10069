//! Both languages say everything: the same message IDs with the same
//! placeholders in each Fluent file, every ID the code asks for defined,
//! none defined for nothing; and `config` speaks the chosen language.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;
use fluent_syntax::parser;

/// Each message's placeholders ($variables), by ID.
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = parser::parse(source).unwrap_or_else(|(_, errors)| panic!("the Fluent file parses: {errors:?}"));
    let mut found = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(value) = &m.value {
                pattern_vars(value, &mut vars);
            }
            assert!(found.insert(m.id.name.to_owned(), vars).is_none(), "{} is defined twice", m.id.name);
        }
    }
    found
}

fn pattern_vars(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(inline) => inline_vars(inline, vars),
    }
}

fn inline_vars(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

/// The message IDs the code asks for: the literal after `i18n::text(lang, `
/// or `i18n::plain(lang, ` (the code always names the module), or after
/// `ConfigError::said(lang, ` and `Words::said(` (put into words where
/// they are shown).
fn used_ids() -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("i18n.rs") {
            continue;
        }
        let code = std::fs::read_to_string(&path).unwrap();
        // Each call with the number of arguments before the ID.
        for (call, before) in [("i18n::text(", 1), ("i18n::plain(", 1), ("ConfigError::said(", 1), ("Words::said(", 0)]
        {
            for (at, _) in code.match_indices(call) {
                let rest = &code[at + call.len()..];
                let Some(open) = rest.find('"') else { continue };
                let id: String = rest[open + 1..].chars().take_while(|c| *c != '"').collect();
                // The ID is a literal; an ID from a table (the key map's)
                // is counted from the table.
                if rest[..open].matches(',').count() != before || rest[..open].contains(['(', ')', '&']) {
                    continue;
                }
                ids.insert(id);
            }
        }
    }
    ids
}

#[test]
fn both_languages_define_every_message_with_the_same_placeholders() {
    let [(_, en), (_, ru)] = epay_status::i18n::SOURCES;
    let (en, ru) = (messages(en), messages(ru));
    let only_en: Vec<&String> = en.keys().filter(|k| !ru.contains_key(*k)).collect();
    let only_ru: Vec<&String> = ru.keys().filter(|k| !en.contains_key(*k)).collect();
    assert!(only_en.is_empty() && only_ru.is_empty(), "missing in ru: {only_en:?}; missing in en: {only_ru:?}");
    for (id, vars) in &en {
        assert_eq!(vars, &ru[id], "{id}: the placeholders differ");
    }
}

#[test]
fn every_message_the_code_asks_for_is_defined_and_none_is_left_over() {
    let [(_, en), _] = epay_status::i18n::SOURCES;
    let defined: BTreeSet<String> = messages(en).into_keys().collect();
    let mut used = used_ids();
    for b in epay_status::tui::keymap::BINDINGS {
        used.extend(b.help.map(|(_, id)| id.to_owned()));
        used.extend(b.hint.map(str::to_owned));
    }
    used.extend(epay_status::cli::help::HELP.iter().map(|(_, _, id)| (*id).to_owned()));
    let missing: Vec<&String> = used.difference(&defined).collect();
    assert!(missing.is_empty(), "asked for but not defined: {missing:?}");
    let stray: Vec<&String> = defined.iter().filter(|id| !used.contains(*id)).collect();
    assert!(stray.is_empty(), "defined but never asked for: {stray:?}");
}

#[test]
fn config_speaks_the_language_of_the_locale_and_says_why() {
    let h = tempfile::tempdir().unwrap();
    let out = common::run(common::bin(h.path()).env("LANG", "ru_RU.UTF-8").arg("config"));
    let text = common::stdout(&out);
    assert!(text.contains("language       ru (из LANG=ru_RU.UTF-8)"), "{text}");
    assert!(text.contains("8 проверок одновременно") && text.contains("раз в 5 мин"), "{text}");
    let out = common::run(common::bin(h.path()).env("LANG", "ru_RU.UTF-8").args(["--lang", "en", "config"]));
    assert!(common::stdout(&out).contains("language       en (from --lang)"), "{}", common::stdout(&out));
    let out = common::run(common::bin(h.path()).env("EPAY_STATUS_LANG", "fr").arg("config"));
    assert_eq!(out.status.code(), Some(2));
    assert!(common::stderr(&out).contains("EPAY_STATUS_LANG is \"fr\": use ru (Russian) or en (English)"));
}

#[test]
fn csv_headers_name_every_column_in_each_language() {
    use epay_status::i18n::Language;
    let history: Vec<String> = epay_status::export::csv_header().map(str::to_owned).collect();
    let cases: Vec<String> = epay_status::cli::case::CASES_CSV_COLUMNS.map(str::to_owned).to_vec();
    // English names the columns as scripts know them; Russian names each.
    assert_eq!(epay_status::export::csv_header_in(Language::En), history);
    assert_eq!(epay_status::cli::case::cases_csv_header(Language::En), cases);
    assert_eq!(epay_status::export::csv_header_in(Language::Ru).len(), history.len());
    assert_eq!(epay_status::cli::case::cases_csv_header(Language::Ru).len(), cases.len());
}

#[test]
fn help_speaks_the_language_and_names_every_option_in_it() {
    let h = tempfile::tempdir().unwrap();
    for command in ["lookup", "history", "report", "case", "cases", "sandbox", "config"] {
        let out = common::run(common::bin(h.path()).env("LANG", "ru_RU.UTF-8").args([command, "--help"]));
        let text = common::stdout(&out);
        assert!(text.contains("Использование: epay-status") && text.contains("Параметры:"), "{text}");
        // Every option and argument line says what it is for in Russian.
        for line in text.lines().filter(|l| l.trim_start().starts_with(['-', '<', '['])) {
            assert!(line.chars().any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap())), "{command}: {line}");
        }
    }
    let out = common::run(common::bin(h.path()).args(["--lang", "en", "lookup", "--help"]));
    let text = common::stdout(&out);
    assert!(text.contains("Usage: epay-status lookup") && text.contains("Per-request timeout in seconds"), "{text}");
    assert!(!text.chars().any(|c| ('а'..='я').contains(&c)), "{text}");
}
