use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

use epay_status::cli::{self, Exit};
use epay_status::config::{self, Overrides};
use epay_status::epay::LookupType;
use epay_status::session::Session;
use epay_status::store;

/// Check Halyk Bank ePay payment status from the terminal.
///
/// With no command, opens the dashboard on the configured profile (the
/// embedded sandbox when nothing is configured).
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Profile: sandbox, test, prod, or one from the config file [env: EPAY_PROFILE]
    #[arg(long, global = true)]
    profile: Option<String>,
    /// Config file [env: EPAY_STATUS_CONFIG]
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Where history and logs are written [env: EPAY_STATUS_DATA_DIR]
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// Language: ru or en [env: EPAY_STATUS_LANG; default: from the locale]
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Look invoices up and print a sheet (or JSON Lines) for each
    Lookup {
        /// payment, p2p, or auto (payment, then p2p when not found)
        #[arg(long = "type", value_enum, default_value_t = LookupType::Auto)]
        lookup_type: LookupType,
        /// One JSON object per line
        #[arg(long)]
        json: bool,
        /// Per-request timeout in seconds
        #[arg(long, value_parser = clap::value_parser!(u64).range(1..=600))]
        timeout: Option<u64>,
        /// Read invoice IDs from a file (- for stdin), separated by newlines, commas or spaces
        #[arg(long)]
        file: Option<PathBuf>,
        /// Do not record these lookups in the history
        #[arg(long)]
        no_history: bool,
        /// Lookups in flight at once [default: concurrency in the config file, or 8]
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
        concurrency: Option<u16>,
        /// Invoice IDs (6 to 15 digits)
        invoices: Vec<String>,
    },
    /// Show recorded lookups, newest first
    History {
        /// JSON Lines: the lookup --json shape plus checkedAt, profile, apiHost, operator, machine and statusChanged
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// CSV with a header row
        #[arg(long)]
        csv: bool,
        /// At most this many lookups
        #[arg(long)]
        limit: Option<usize>,
        /// Only lookups whose invoice, card, email, name, IP, city or status contain TEXT
        /// (6 or more digits that begin stored invoice IDs: those invoices)
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// Only this invoice's checks (its timeline)
        invoice: Option<String>,
    },
    /// Check an invoice now and write its evidence report (Markdown and JSON)
    Report {
        /// payment, p2p, or auto (payment, then p2p when not found)
        #[arg(long = "type", value_enum, default_value_t = LookupType::Auto)]
        lookup_type: LookupType,
        /// Folder for the report [default: reports/ under the data dir]
        #[arg(long)]
        out: Option<PathBuf>,
        /// The invoice ID (6 to 15 digits)
        invoice: String,
    },
    /// Show an invoice's dispute case, or change it (each change is added to its trail)
    Case {
        /// A note (- reads it from stdin); opens the case if it has none
        #[arg(long, value_name = "TEXT|-")]
        note: Option<String>,
        /// open, waiting-customer, waiting-bank, evidence-sent, won, lost, refunded or closed
        #[arg(long)]
        state: Option<String>,
        /// The date to answer by: 2026-12-05, 05.12.2026, +7 (days from today), or none
        #[arg(long, value_name = "DATE")]
        deadline: Option<String>,
        /// Who works the case (me: the operator running this)
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        /// Add a tag, such as chargeback, fraud or refund-promised (repeatable)
        #[arg(long = "tag", value_name = "WORD")]
        tags: Vec<String>,
        /// Take a tag away (repeatable)
        #[arg(long = "untag", value_name = "WORD")]
        untags: Vec<String>,
        /// The case and its trail as one JSON object
        #[arg(long)]
        json: bool,
        /// The invoice ID (6 to 15 digits)
        invoice: String,
    },
    /// List dispute cases: open ones by deadline, overdue first
    Cases {
        /// Only cases in this state (closed ones included)
        #[arg(long)]
        state: Option<String>,
        /// Only cases due before this date (2026-12-05, 05.12.2026, +2)
        #[arg(long, value_name = "DATE")]
        due_before: Option<String>,
        /// Only cases this operator owns (me: the operator running this)
        #[arg(long, value_name = "NAME")]
        owner: Option<String>,
        /// Closed, won, lost and refunded cases too
        #[arg(long)]
        all: bool,
        /// JSON Lines, one case per line
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// CSV with a header row
        #[arg(long)]
        csv: bool,
    },
    /// Serve the ePay emulator alone
    Sandbox {
        /// Address to listen on (loopback recommended)
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Misbehave on request, e.g. 503@100000001*2, delay=1500@25%, html@all (repeatable)
        #[arg(long = "fault", value_parser = |s: &str| s.parse::<epay_status::sandbox::Fault>())]
        faults: Vec<epay_status::sandbox::Fault>,
    },
    /// Show the resolved configuration (secrets masked)
    Config,
    /// Fill the history with N synthetic lookups (for benchmarks)
    #[command(hide = true)]
    FillHistory { count: usize },
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
    let args = Args::parse();
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
            eprintln!("error: {e}");
            return Exit::Usage;
        }
    };
    if let Err(e) = epay_status::logging::init(&settings.data_dir, &settings.log_path()) {
        eprintln!("warning: {e}; continuing without a log file");
    }
    let exit = run_command(args.command, settings).await;
    epay_status::logging::flush();
    exit
}

async fn run_command(command: Option<Command>, settings: epay_status::config::Settings) -> Exit {
    match command {
        Some(Command::Config) => {
            print!("{}", cli::config_view::render(&settings));
            Exit::Ok
        }
        Some(Command::Case { note, state, deadline, owner, tags, untags, json, invoice }) => {
            let args = cli::case::CaseArgs { invoice, note, state, deadline, owner, tags, untags, json };
            let request = match args.check(&settings.operator, local_today()) {
                Ok(request) => request,
                Err(e) => {
                    eprintln!("error: {e}; nothing was written");
                    return Exit::Usage;
                }
            };
            let store = match open_history(&settings) {
                Ok(store) => store,
                Err(exit) => return exit,
            };
            let who = epay_status::checker::Checker {
                operator: settings.operator.clone(),
                machine: epay_status::checker::machine_name(),
                ..Default::default()
            };
            cli::case::run(&store, &who, request, settings.case_deadline_days)
        }
        Some(Command::Cases { state, due_before, owner, all, json, csv }) => {
            let args = cli::case::CasesArgs { state, due_before, owner, all, format: format_of(json, csv) };
            let query = match args.check(&settings.operator, local_today()) {
                Ok(query) => query,
                Err(e) => {
                    eprintln!("error: {e}");
                    return Exit::Usage;
                }
            };
            let store = match open_history(&settings) {
                Ok(store) => store,
                Err(exit) => return exit,
            };
            cli::case::list(&store, query)
        }
        Some(Command::History { json, csv, limit, search, invoice }) => {
            let format = format_of(json, csv);
            let store = match open_history(&settings) {
                Ok(store) => store,
                Err(exit) => return exit,
            };
            cli::history::run(&store, format, limit, search, invoice)
        }
        Some(Command::Lookup { lookup_type, json, timeout, file, no_history, concurrency, invoices }) => {
            let lookup = cli::lookup::LookupArgs {
                lookup_type,
                json,
                file,
                concurrency: concurrency.map_or(settings.concurrency, usize::from),
                invoices,
            };
            let ids = match cli::lookup::collect_invoices(&lookup) {
                Ok(ids) => ids,
                Err(problems) => {
                    for p in problems {
                        eprintln!("error: {p}");
                    }
                    return Exit::Usage;
                }
            };
            let timeout = timeout.map(Duration::from_secs).unwrap_or(settings.timeout);
            let Some(session) = open_session(&settings, timeout).await else { return Exit::Usage };
            let recorder = match (!no_history).then(|| open_history(&settings)).transpose() {
                Ok(store) => store.map(|store| cli::lookup::Recorder::start(store, session.checker.clone())),
                Err(exit) => return exit,
            };
            cli::lookup::run(&session.client, &lookup, ids, recorder.as_ref()).await
        }
        Some(Command::Report { lookup_type, out, invoice }) => {
            let invoice = match epay_status::epay::InvoiceId::parse(&invoice) {
                Ok(i) => i,
                Err(e) => {
                    eprintln!("error: {e}; nothing was sent");
                    return Exit::Usage;
                }
            };
            let Some(session) = open_session(&settings, settings.timeout).await else { return Exit::Usage };
            let store = match open_history(&settings) {
                Ok(store) => store,
                Err(exit) => return exit,
            };
            let dir = out.unwrap_or_else(|| settings.data_dir.join("reports"));
            cli::report::run(&session.client, &store, &session.checker, &invoice, lookup_type, &dir).await
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
    Session::open(settings, timeout).await.map_err(|e| eprintln!("error: {e}")).ok()
}

/// Opens the history, saying on stderr what happened if it was damaged;
/// a team history refused by its server is a usage error.
fn open_history(settings: &epay_status::config::Settings) -> Result<store::Store, Exit> {
    let (store, notice) = epay_status::session::open_history(settings).map_err(|e| {
        eprintln!("error: {e}");
        Exit::Usage
    })?;
    if let Some(notice) = notice {
        eprintln!("warning: {notice}");
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
    let mut store = match open_history(&settings) {
        Ok(store) => store,
        Err(exit) => return exit,
    };
    let invoices = session.fixture_invoices();
    cli::fill::run(&session.client, &invoices, &mut store, count).await
}
