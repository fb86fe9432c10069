use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use epay_status::cli::{self, Exit};
use epay_status::config::{self, Overrides};
use epay_status::epay::LookupType;
use epay_status::i18n;
use epay_status::session::Session;
use epay_status::store;

// What the program, each command and each argument is for is said in the
// operator's language by the `cli-*` messages in assets/i18n, named in
// `cli::help::HELP`: one text per language, for `--help`.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    #[arg(long, global = true)]
    profile: Option<String>,
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    Lookup {
        #[arg(long = "type", value_enum, default_value_t = LookupType::Auto)]
        lookup_type: LookupType,
        #[arg(long)]
        json: bool,
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=600))]
        timeout: Option<u64>,
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long)]
        no_history: bool,
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
        concurrency: Option<u16>,
        invoices: Vec<String>,
    },
    #[command(args_conflicts_with_subcommands = true, disable_help_subcommand = true)]
    History {
        #[command(subcommand)]
        action: Option<HistoryAction>,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        #[arg(long)]
        csv: bool,
        #[arg(long)]
        limit: Option<usize>,
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        invoice: Option<String>,
    },
    Find {
        #[arg(long, value_name = "RRN")]
        rrn: Option<String>,
        #[arg(long, value_name = "MASK")]
        card: Option<String>,
        #[arg(long, value_name = "AMOUNT")]
        amount: Option<String>,
        #[arg(long, value_name = "EMAIL")]
        email: Option<String>,
        #[arg(long, value_name = "PHONE")]
        phone: Option<String>,
        #[arg(long, value_name = "ID")]
        invoice: Option<String>,
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long, conflicts_with = "raw")]
        json: bool,
        #[arg(long)]
        raw: bool,
    },
    Intake {
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
        file: PathBuf,
    },
    Report {
        #[arg(long = "type", value_enum, default_value_t = LookupType::Auto)]
        lookup_type: LookupType,
        #[arg(long)]
        out: Option<PathBuf>,
        invoice: String,
    },
    Case {
        #[arg(long, value_name = "TEXT|-")]
        note: Option<String>,
        #[arg(long)]
        state: Option<String>,
        #[arg(long, value_name = "DATE")]
        deadline: Option<String>,
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        #[arg(long = "tag", value_name = "WORD")]
        tags: Vec<String>,
        #[arg(long = "untag", value_name = "WORD")]
        untags: Vec<String>,
        #[arg(long = "done", value_name = "ITEM")]
        done: Vec<String>,
        #[arg(long = "undone", value_name = "ITEM")]
        undone: Vec<String>,
        #[arg(long)]
        json: bool,
        invoice: String,
    },
    Cases {
        #[arg(long)]
        state: Option<String>,
        #[arg(long, value_name = "DATE")]
        due_before: Option<String>,
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        #[arg(long)]
        all: bool,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        #[arg(long)]
        csv: bool,
    },
    Sandbox {
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        #[arg(long = "fault", value_parser = |s: &str| s.parse::<epay_status::sandbox::Fault>())]
        faults: Vec<epay_status::sandbox::Fault>,
    },
    Config,
    #[command(disable_help_subcommand = true)]
    Team {
        #[command(subcommand)]
        action: TeamAction,
    },
    #[command(hide = true)]
    FillHistory {
        count: usize,
    },
}

#[derive(Subcommand)]
enum HistoryAction {
    Import {
        #[arg(long)]
        with_sandbox: bool,
        file: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum TeamAction {
    Init {
        // The URL may hold the owner's password: help never shows its value.
        #[arg(long, env = "EPAY_STATUS_ADMIN_URL", hide_env_values = true, value_name = "URL")]
        admin_url: String,
        #[arg(long, value_name = "ROLE")]
        role: String,
    },
}

fn main() -> ExitCode {
    // Everything this program creates (history, its -wal and -shm, logs,
    // exports, reports) holds customer data: private whatever the
    // operator's umask. Each file is also created with an explicit mode.
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-creation mask; it cannot
    // fail, and no other thread exists yet.
    unsafe {
        libc::umask(0o077);
    }
    epay_status::logging::install_panic_hook(epay_status::tui::terminal::restore);
    let arguments: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = cli::help::language(&arguments, &|k| std::env::var(k).ok());
    let command = cli::help::localize(Args::command(), lang);
    let args = match Args::from_arg_matches(&command.get_matches_from(arguments)) {
        Ok(args) => args,
        Err(e) => e.exit(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(Exit::Local as u8);
        }
    };
    let exit = runtime.block_on(run(args));
    // Background tasks (token renewal, the sandbox) must not hold up exit.
    runtime.shutdown_timeout(Duration::from_millis(200));
    ExitCode::from(exit as u8)
}

async fn run(args: Args) -> Exit {
    if let Some(Command::Sandbox { listen, faults }) = args.command {
        return cli::sandbox::run(listen, faults).await;
    }
    if let Some(Command::FillHistory { count }) = args.command {
        return fill_history(args.data_dir, count).await;
    }
    let overrides =
        Overrides { profile: args.profile, config: args.config, data_dir: args.data_dir, language: args.lang };
    let settings = match config::resolve(&overrides, &|k| std::env::var(k).ok()) {
        Ok(s) => s,
        Err(e) => {
            cli::error(e.language, e);
            return Exit::Usage;
        }
    };
    let lang = settings.language.language;
    if let Err(e) = epay_status::logging::init(&settings.data_dir, &settings.log_path()) {
        cli::warning(lang, i18n::text(lang, "cli-no-log-file", &[("error", e.to_string().into())]));
    }
    let exit = run_command(args.command, settings).await;
    epay_status::logging::flush();
    exit
}

async fn run_command(command: Option<Command>, settings: epay_status::config::Settings) -> Exit {
    let lang = settings.language.language;
    match command {
        Some(Command::Config) => {
            print!("{}", cli::config_view::render(&settings));
            Exit::Ok
        }
        Some(Command::Case { note, state, deadline, owner, tags, untags, done, undone, json, invoice }) => {
            let args = cli::case::CaseArgs { invoice, note, state, deadline, owner, tags, untags, done, undone, json };
            let request = match args.check(&settings.operator, local_today(), lang) {
                Ok(request) => request,
                Err(e) => {
                    cli::error(lang, i18n::text(lang, "cli-nothing-written", &[("error", e.into())]));
                    return Exit::Usage;
                }
            };
            let store = match open_history(&settings).await {
                Ok(store) => store,
                Err(exit) => return exit,
            };
            let who = epay_status::checker::Checker {
                operator: settings.operator.clone(),
                machine: epay_status::checker::machine_name(),
                ..Default::default()
            };
            let exit = cli::case::run(&store, &who, request, settings.case_deadline_days, lang).await;
            cli::say_skipped(&store, lang);
            exit
        }
        Some(Command::Cases { state, due_before, owner, all, json, csv }) => {
            let args = cli::case::CasesArgs { state, due_before, owner, all, format: format_of(json, csv) };
            let query = match args.check(&settings.operator, local_today(), lang) {
                Ok(query) => query,
                Err(e) => {
                    cli::error(lang, e);
                    return Exit::Usage;
                }
            };
            let store = match open_history(&settings).await {
                Ok(store) => store,
                Err(exit) => return exit,
            };
            let exit = cli::case::list(&store, query, lang).await;
            cli::say_skipped(&store, lang);
            exit
        }
        Some(Command::History { action: Some(HistoryAction::Import { file, with_sandbox }), .. }) => {
            if settings.history_url.is_none() {
                cli::error(lang, i18n::plain(lang, "history-import-no-team"));
                return Exit::Usage;
            }
            let store = match open_history_telling(&settings, Tell::AllButLeftBehind).await {
                Ok(store) => store,
                Err(exit) => return exit,
            };
            cli::import::run(&settings, &store, file, with_sandbox, lang).await
        }
        Some(Command::History { action: None, json, csv, limit, search, invoice }) => {
            let format = format_of(json, csv);
            let store = match open_history(&settings).await {
                Ok(store) => store,
                Err(exit) => return exit,
            };
            let exit = cli::history::run(&store, format, limit, search, invoice, lang).await;
            cli::say_skipped(&store, lang);
            exit
        }
        Some(Command::Lookup { lookup_type, json, timeout, file, no_history, concurrency, invoices }) => {
            let lookup = cli::lookup::LookupArgs {
                lookup_type,
                json,
                file,
                concurrency: concurrency.map_or(settings.concurrency, usize::from),
                invoices,
                lang,
            };
            let ids = match cli::lookup::collect_invoices(&lookup) {
                Ok(ids) => ids,
                Err(problems) => {
                    for p in problems {
                        cli::error(lang, p);
                    }
                    return Exit::Usage;
                }
            };
            let timeout = timeout.map(Duration::from_secs).unwrap_or(settings.timeout);
            let Some(session) = open_session(&settings, timeout).await else { return Exit::Usage };
            let recorder = if no_history {
                None
            } else {
                match open_history(&settings).await {
                    Ok(store) => Some(cli::lookup::Recorder::start(store, session.checker.clone(), lang)),
                    Err(exit) => return exit,
                }
            };
            cli::lookup::run(&session.client, &lookup, ids, recorder.as_ref()).await
        }
        Some(Command::Find { rrn, card, amount, email, phone, invoice, from, to, json, raw }) => {
            use epay_status::epay::{NOTICE_ZONE, Typed};
            let typed = Typed { rrn, card, amount, email, phone, invoice, from, to };
            let today = chrono::Utc::now().with_timezone(&NOTICE_ZONE).date_naive();
            let search = match typed.search(today) {
                Ok(search) => search,
                Err(e) => {
                    let error = ("error", e.words().describe(lang).into());
                    cli::error(lang, i18n::text(lang, "cli-nothing-sent", &[error]));
                    return Exit::Usage;
                }
            };
            let Some(session) = open_session(&settings, settings.timeout).await else { return Exit::Usage };
            let statement = match &session.statement {
                Ok(statement) => statement,
                Err(missing) => {
                    cli::error(lang, missing);
                    return Exit::Usage;
                }
            };
            let output = match (json, raw) {
                (true, _) => cli::find::Output::Json,
                (_, true) => cli::find::Output::Raw,
                _ => cli::find::Output::Table,
            };
            cli::find::run(statement, &search, output, lang).await
        }
        Some(Command::Intake { dry_run, json, file }) => {
            let Some(session) = open_session(&settings, settings.timeout).await else { return Exit::Usage };
            let store = match open_history(&settings).await {
                Ok(store) => store,
                Err(exit) => return exit,
            };
            let intake = epay_status::intake::Intake {
                store: &store,
                client: &session.client,
                statement: session.statement.as_ref().ok(),
                who: &session.checker,
                case_deadline_days: settings.case_deadline_days,
                dry_run,
                lang,
            };
            if let Err(missing) = &session.statement {
                cli::warning(lang, missing);
            }
            let exit = cli::intake::run(&intake, &file, json).await;
            cli::say_skipped(&store, lang);
            exit
        }
        Some(Command::Report { lookup_type, out, invoice }) => {
            let invoice = match epay_status::epay::InvoiceId::parse(&invoice) {
                Ok(i) => i,
                Err(e) => {
                    cli::error(lang, i18n::text(lang, "cli-nothing-sent", &[("error", e.describe(lang).into())]));
                    return Exit::Usage;
                }
            };
            let Some(session) = open_session(&settings, settings.timeout).await else { return Exit::Usage };
            let store = match open_history(&settings).await {
                Ok(store) => store,
                Err(exit) => return exit,
            };
            let dir = out.unwrap_or_else(|| settings.data_dir.join("reports"));
            let exit =
                cli::report::run(&session.client, &store, &session.checker, &invoice, lookup_type, &dir, lang).await;
            cli::say_skipped(&store, lang);
            exit
        }
        Some(Command::Team { action: TeamAction::Init { admin_url, role } }) => {
            cli::team::init(&admin_url, &role, lang).await
        }
        None => epay_status::tui::run(settings).await,
        Some(Command::Sandbox { .. } | Command::FillHistory { .. }) => unreachable!("handled above"),
    }
}

fn format_of(json: bool, csv: bool) -> cli::history::Format {
    if json {
        cli::history::Format::Json
    } else if csv {
        cli::history::Format::Csv
    } else {
        cli::history::Format::Table
    }
}

/// The operator's date, for deadlines typed as "+7".
fn local_today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The live client for a profile, or `None` after saying on stderr why not.
async fn open_session(settings: &epay_status::config::Settings, timeout: Duration) -> Option<Session> {
    Session::open(settings, timeout).await.map_err(|e| cli::error(settings.language.language, e)).ok()
}

/// Opens the history, saying on stderr what happened if it was damaged;
/// a team history refused by its server is a usage error.
async fn open_history(settings: &epay_status::config::Settings) -> Result<store::Store, Exit> {
    open_history_telling(settings, Tell::All).await
}

use epay_status::session::Tell;

async fn open_history_telling(settings: &epay_status::config::Settings, tell: Tell) -> Result<store::Store, Exit> {
    let lang = settings.language.language;
    let (store, notice) = epay_status::session::open_history_telling(settings, tell).await.map_err(|e| {
        cli::error(lang, e);
        Exit::Usage
    })?;
    if let Some(notice) = notice {
        cli::warning(lang, notice);
    }
    Ok(store)
}

/// Synthetic history from the embedded sandbox's answers, whatever the profile.
async fn fill_history(data_dir: Option<PathBuf>, count: usize) -> Exit {
    let overrides = Overrides { profile: Some("sandbox".into()), data_dir, ..Overrides::default() };
    let settings =
        match config::resolve(&overrides, &|k| std::env::var(k).ok().filter(|_| k.starts_with("EPAY_STATUS"))) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return Exit::Usage;
            }
        };
    if let Err(e) = epay_status::files::create_private_dir(&settings.data_dir) {
        eprintln!("error: cannot create data dir {}: {e}", settings.data_dir.display());
        return Exit::Usage;
    }
    let Some(session) = open_session(&settings, settings.timeout).await else { return Exit::Usage };
    let store = match open_history(&settings).await {
        Ok(store) => store,
        Err(exit) => return exit,
    };
    let invoices = session.fixture_invoices();
    cli::fill::run(&session.client, &invoices, &store, count).await
}
