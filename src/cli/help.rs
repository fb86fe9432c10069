//! `--help` in the operator's language. clap lays the help out; the Fluent
//! files say what each command and argument is for, named in [`HELP`] by
//! the command and the argument's id (the field name clap derives it from).
//! The words clap writes itself (its headings) come from the files too;
//! clap's own error messages stay English.

use std::ffi::OsString;

use clap::{Arg, ArgAction, Command};

use crate::i18n::{self, Language};

/// `(subcommand, argument, message)`: an empty subcommand is the program
/// itself, an empty argument the command's own description.
pub const HELP: &[(&str, &str, &str)] = &[
    ("", "", "cli-about"),
    ("", "profile", "cli-profile"),
    ("", "config", "cli-config"),
    ("", "data_dir", "cli-data-dir"),
    ("", "lang", "cli-lang"),
    ("lookup", "", "cli-lookup"),
    ("lookup", "lookup_type", "cli-type"),
    ("lookup", "json", "cli-lookup-json"),
    ("lookup", "timeout", "cli-lookup-timeout"),
    ("lookup", "file", "cli-lookup-file"),
    ("lookup", "no_history", "cli-lookup-no-history"),
    ("lookup", "concurrency", "cli-lookup-concurrency"),
    ("lookup", "invoices", "cli-lookup-invoices"),
    ("history", "", "cli-history"),
    ("history", "json", "cli-history-json"),
    ("history", "csv", "cli-csv"),
    ("history", "limit", "cli-history-limit"),
    ("history", "search", "cli-history-search"),
    ("history", "invoice", "cli-history-invoice"),
    ("history import", "", "cli-history-import"),
    ("history import", "with_sandbox", "cli-history-import-with-sandbox"),
    ("history import", "file", "cli-history-import-file"),
    ("find", "", "cli-find"),
    ("find", "rrn", "cli-find-rrn"),
    ("find", "card", "cli-find-card"),
    ("find", "amount", "cli-find-amount"),
    ("find", "email", "cli-find-email"),
    ("find", "phone", "cli-find-phone"),
    ("find", "invoice", "cli-find-invoice"),
    ("find", "from", "cli-find-from"),
    ("find", "to", "cli-find-to"),
    ("find", "json", "cli-find-json"),
    ("find", "raw", "cli-find-raw"),
    ("intake", "", "cli-intake"),
    ("intake", "dry_run", "cli-intake-dry-run"),
    ("intake", "json", "cli-intake-json"),
    ("intake", "file", "cli-intake-file"),
    ("report", "", "cli-report"),
    ("report", "lookup_type", "cli-type"),
    ("report", "out", "cli-report-out"),
    ("report", "invoice", "cli-invoice"),
    ("case", "", "cli-case"),
    ("case", "note", "cli-case-note"),
    ("case", "state", "cli-case-state"),
    ("case", "deadline", "cli-case-deadline"),
    ("case", "owner", "cli-case-owner"),
    ("case", "tags", "cli-case-tag"),
    ("case", "untags", "cli-case-untag"),
    ("case", "done", "cli-case-done"),
    ("case", "undone", "cli-case-undone"),
    ("case", "json", "cli-case-json"),
    ("case", "invoice", "cli-invoice"),
    ("cases", "", "cli-cases"),
    ("cases", "state", "cli-cases-state"),
    ("cases", "due_before", "cli-cases-due-before"),
    ("cases", "owner", "cli-cases-owner"),
    ("cases", "all", "cli-cases-all"),
    ("cases", "json", "cli-cases-json"),
    ("cases", "csv", "cli-csv"),
    ("sandbox", "", "cli-sandbox"),
    ("sandbox", "listen", "cli-sandbox-listen"),
    ("sandbox", "faults", "cli-sandbox-fault"),
    ("config", "", "cli-config-command"),
    ("team", "", "cli-team"),
    ("team init", "", "cli-team-init"),
    ("team init", "admin_url", "cli-team-admin-url"),
    ("team init", "role", "cli-team-role"),
    ("help", "", "cli-help-command"),
];

/// The language `--help` speaks, known before the arguments are parsed:
/// `--lang` among them, else the environment and the locale. (The config
/// file's `language` is read later, with the settings.)
pub fn language(args: &[OsString], env: &dyn Fn(&str) -> Option<String>) -> Language {
    let mut flag = None;
    let mut words = args.iter().filter_map(|a| a.to_str());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--lang" {
            flag = words.next();
        } else if let Some(value) = word.strip_prefix("--lang=") {
            flag = Some(value);
        }
    }
    i18n::choose(flag, env, None).map(|c| c.language).unwrap_or_default()
}

/// The command with its help in `lang`.
pub fn localize(command: Command, lang: Language) -> Command {
    let names: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    let mut version = Arg::new("version")
        .short('V')
        .long("version")
        .action(ArgAction::Version)
        .help(i18n::plain(lang, "cli-version-flag"))
        .display_order(usize::MAX);
    if lang != Language::En {
        version = version.help_heading(i18n::plain(lang, "cli-heading-options"));
    }
    let mut command = said(command, "", lang).disable_version_flag(true).arg(version);
    // Each is taken out and put back at the end: in their order, they keep it.
    for name in names {
        command = command.mut_subcommand(&name, |sub| {
            // A command's own commands (`team init`) are named with it.
            let inner: Vec<String> = sub.get_subcommands().map(|s| s.get_name().to_owned()).collect();
            let mut sub = said(sub, &name, lang);
            for child in inner {
                sub = sub.mut_subcommand(&child, |c| said(c, &format!("{name} {child}"), lang));
            }
            sub
        });
    }
    // clap adds its `help` command when it builds; only its words change.
    command.build();
    command.mut_subcommand("help", |help| help.about(i18n::plain(lang, "cli-help-command")))
}

/// One command's texts, headings and help flag in `lang`. Global
/// arguments are said where they are declared; clap copies them on.
fn said(command: Command, name: &str, lang: Language) -> Command {
    let about = HELP.iter().find(|(sub, arg, _)| *sub == name && arg.is_empty());
    let mut command = match about {
        Some((_, _, id)) => command.about(i18n::plain(lang, id)).long_about(None::<&str>),
        None => command,
    };
    if name.is_empty() {
        // --help says more than -h about running with no command.
        let long = format!("{}\n\n{}", i18n::plain(lang, "cli-about"), i18n::plain(lang, "cli-about-more"));
        command = command.long_about(long);
    }
    let headings = (lang != Language::En)
        .then(|| (i18n::plain(lang, "cli-heading-options"), i18n::plain(lang, "cli-heading-arguments")));
    let args: Vec<(String, bool)> =
        command.get_arguments().map(|a| (a.get_id().to_string(), a.is_positional())).collect();
    // Each is taken out and put back at the end: in their order, they keep it.
    for (id, positional) in args {
        let text = HELP.iter().find(|(sub, arg, _)| *sub == name && *arg == id).map(|(_, _, m)| i18n::plain(lang, m));
        let heading =
            headings.as_ref().map(|(options, arguments)| if positional { arguments } else { options }).cloned();
        command = command.mut_arg(id, |mut arg| {
            if let Some(text) = text {
                arg = arg.help(text);
                if lang != Language::En && arg.get_action().takes_values() {
                    // clap says defaults and values in English: the text says them.
                    arg = arg.hide_default_value(true).hide_possible_values(true);
                }
            }
            match heading {
                Some(heading) => arg.help_heading(heading),
                None => arg,
            }
        });
    }
    // Last, as clap puts its own, after the global arguments it copies in.
    let mut help = Arg::new("help").short('h').long("help").action(ArgAction::Help).display_order(usize::MAX);
    help = help.help(i18n::plain(lang, "cli-help-flag"));
    if let Some((options, _)) = &headings {
        help = help.help_heading(options.clone());
    }
    command = command.disable_help_flag(true).arg(help);
    if lang == Language::En {
        // clap's own headings are English already, in its own style.
        return command;
    }
    let template =
        format!("{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}", i18n::plain(lang, "cli-usage"));
    command
        .help_template(template)
        .subcommand_help_heading(i18n::plain(lang, "cli-heading-commands"))
        .subcommand_value_name(i18n::plain(lang, "cli-command-value"))
}
