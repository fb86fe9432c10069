//! `epay-status lookup`: one sheet (or one JSON line) per invoice.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

use futures_util::StreamExt;

use super::Exit;
use crate::epay::{Answer, EpayClient, Failure, InvoiceId, LookupType};
use crate::i18n::{self, Language};
use crate::risk::{Hint, Known, Severity};
use crate::sheet;
use crate::store::{NewLookup, Store};
use crate::sync::lock;

/// Where `lookup` records what it found (absent with --no-history). A
/// thread of its own writes, so the next answers are read and printed while
/// the last ones are recorded (a team history's pool gives it a connection
/// of its own).
pub struct Recorder {
    store: Arc<Store>,
    batches: Mutex<Option<mpsc::UnboundedSender<(LookupType, Unrecorded)>>>,
    writer: Mutex<Option<tokio::task::JoinHandle<()>>>,
    /// The first thing that kept a batch out of the history.
    problem: Arc<Mutex<Option<String>>>,
    lang: Language,
}

/// Finished lookups waiting to be written, in one transaction, as soon as
/// the next answer takes a moment (or a few hundred have piled up).
type Unrecorded = Vec<(chrono::DateTime<chrono::Utc>, InvoiceId, Result<Answer, Failure>)>;

const MAX_UNRECORDED: usize = 256;

/// The most answers printed together, their hints counted at once.
const HINTS_AT_ONCE: usize = 64;

/// How long the next answer may take before what is done is recorded.
const RECORD_AFTER: std::time::Duration = std::time::Duration::from_millis(20);

impl Recorder {
    pub fn start(store: Store, who: crate::checker::Checker, lang: Language) -> Self {
        let store = Arc::new(store);
        let problem = Arc::new(Mutex::new(None));
        let (batches, mut received) = mpsc::unbounded_channel::<(LookupType, Unrecorded)>();
        let (failed, written) = (problem.clone(), store.clone());
        // A thread of its own: SQLite's writes block while they last, and
        // the answers still coming in are read and printed meanwhile.
        let runtime = tokio::runtime::Handle::current();
        let writer = tokio::task::spawn_blocking(move || {
            while let Some((requested, batch)) = received.blocking_recv() {
                let lookups = batch.iter().map(|(checked_at, invoice, result)| NewLookup {
                    checked_at: *checked_at,
                    who: &who,
                    invoice,
                    requested,
                    result,
                });
                if let Err(e) = runtime.block_on(written.record_many(lookups)) {
                    lock(&failed).get_or_insert(e.to_string());
                }
            }
        });
        Self { store, batches: Mutex::new(Some(batches)), writer: Mutex::new(Some(writer)), problem, lang }
    }

    /// What the history knows of these answers' cards and IPs, for their
    /// hints; nothing when the history cannot say.
    async fn known(&self, answers: &[&Answer]) -> Vec<Known> {
        match self.store.seen_elsewhere_many(answers).await {
            Ok(seen) => seen.into_iter().map(|(same_card, same_ip)| Known { same_card, same_ip }).collect(),
            Err(_) => vec![Known::default(); answers.len()],
        }
    }

    /// Hands what is done to the writer; says (once) why a batch could not
    /// be recorded.
    fn record(&self, requested: LookupType, pending: &mut Unrecorded) -> Option<String> {
        if !pending.is_empty()
            && let Some(batches) = lock(&self.batches).as_ref()
        {
            let _ = batches.send((requested, std::mem::take(pending)));
        }
        lock(&self.problem).take()
    }

    /// Records what is done and waits until everything handed over is
    /// written: before the program exits, whatever ends it.
    async fn finish(&self, requested: LookupType, pending: &mut Unrecorded) -> Option<String> {
        let early = self.record(requested, pending);
        lock(&self.batches).take();
        let writer = lock(&self.writer).take();
        if let Some(writer) = writer {
            let _ = writer.await;
        }
        let waiting = self.store.spooled();
        if waiting > 0 {
            let args = [("count", i18n::count(waiting)), ("location", self.store.location().into())];
            eprintln!("{}", i18n::text(self.lang, "lookup-spooled", &args));
        }
        early.or_else(|| lock(&self.problem).take())
    }
}

pub struct LookupArgs {
    pub lookup_type: LookupType,
    pub json: bool,
    pub file: Option<PathBuf>,
    pub concurrency: usize,
    pub invoices: Vec<String>,
    pub lang: Language,
}

/// Collects and validates every ID before anything is sent.
pub fn collect_invoices(args: &LookupArgs) -> Result<Vec<InvoiceId>, Vec<String>> {
    let mut text = args.invoices.join("\n");
    if let Some(path) = &args.file {
        let read = if path.as_os_str() == "-" {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).map(|_| s)
        } else {
            std::fs::read_to_string(path)
        };
        match read {
            Ok(s) => {
                text.push('\n');
                // Windows editors start a UTF-8 file with a byte-order mark.
                text.push_str(s.strip_prefix('\u{feff}').unwrap_or(&s));
            }
            Err(e) => {
                let said = [("path", path.display().to_string().into()), ("error", e.to_string().into())];
                return Err(vec![i18n::text(args.lang, "lookup-cannot-read", &said)]);
            }
        }
    }
    let (good, bad) = InvoiceId::parse_many(&text);
    if !bad.is_empty() {
        return Err(bad
            .iter()
            .map(|e| i18n::text(args.lang, "cli-nothing-sent", &[("error", e.describe(args.lang).into())]))
            .collect());
    }
    if good.is_empty() {
        return Err(vec![i18n::plain(args.lang, "lookup-no-invoice")]);
    }
    Ok(good)
}

pub async fn run(client: &EpayClient, args: &LookupArgs, invoices: Vec<InvoiceId>, history: Option<&Recorder>) -> Exit {
    let ty = args.lookup_type;
    let lang = args.lang;
    let total = invoices.len();
    // Each lookup is its own task, so decoding spreads over every core.
    let mut results = futures_util::stream::iter(invoices)
        .map(|invoice| {
            let client = client.clone();
            tokio::spawn(async move {
                let asked = chrono::Utc::now();
                let result = client.lookup(ty, &invoice).await;
                (asked, invoice, result)
            })
        })
        .buffered(args.concurrency.max(1));
    let stdout = std::io::stdout();
    let interactive = stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut worst = Exit::Ok;
    let mut first = true;
    let mut history_warned = false;
    let mut unrecorded: Unrecorded = Vec::new();
    // A progress line for batches, only where a person watches stderr.
    let mut progress = (std::io::stderr().is_terminal() && total > 1).then(|| Progress::new(lang));
    // JSON is a machine format: its hints are in English whatever the language.
    let hints_lang = if args.json { Language::En } else { lang };
    let colour = !args.json && interactive && std::env::var_os("NO_COLOR").is_none();
    // A signal ends the batch between two answers: what was printed is
    // recorded, the rest is not started.
    let mut stop = std::pin::pin!(crate::signals::termination());
    let mut interrupted = false;
    loop {
        // Write out and record what is done whenever the next answer takes
        // a moment: prompt when lookups are slow; when they are fast, the
        // answers that come close together share one transaction (one per
        // answer made recording the slowest part of a batch).
        let soon = if unrecorded.len() < MAX_UNRECORDED {
            // The signal is heard here too: without a history, answers
            // closer together than RECORD_AFTER never reach the wait below.
            tokio::select! {
                next = tokio::time::timeout(RECORD_AFTER, results.next()) => next.ok(),
                () = &mut stop => {
                    interrupted = true;
                    break;
                }
            }
        } else {
            None
        };
        let next = match soon {
            Some(next) => next,
            ready => {
                let flushed = out.flush();
                if let Some(problem) = history.and_then(|h| h.record(ty, &mut unrecorded))
                    && !std::mem::replace(&mut history_warned, true)
                {
                    eprintln!("{}", i18n::text(lang, "lookup-not-saved", &[("problem", problem.into())]));
                }
                if flushed.is_err() {
                    // stdout closed (e.g. piped into head): stop quietly, as cat
                    // does. What was written before is recorded.
                    finish(history, ty, &mut unrecorded).await;
                    return worst.max(Exit::Local);
                }
                match ready {
                    Some(next) => next,
                    None => tokio::select! {
                        next = results.next() => next,
                        () = &mut stop => {
                            interrupted = true;
                            break;
                        }
                    },
                }
            }
        };
        let Some(joined) = next else { break };
        // The answers already in hand are printed together, their hints
        // counted in one request to the history (a team's is a round trip
        // away: one per answer made it the slowest part of a batch).
        let mut ready = vec![joined];
        while ready.len() < HINTS_AT_ONCE {
            match futures_util::FutureExt::now_or_never(results.next()) {
                Some(Some(joined)) => ready.push(joined),
                _ => break,
            }
        }
        let answers: Vec<&Answer> =
            ready.iter().filter_map(|joined| joined.as_ref().ok()).filter_map(|(_, _, r)| r.as_ref().ok()).collect();
        let mut known = match history {
            Some(h) => h.known(&answers).await,
            None => Vec::new(),
        }
        .into_iter();
        for joined in ready {
            let (asked, invoice, result) = match joined {
                Ok(done) => done,
                Err(e) => {
                    eprintln!(
                        "{}",
                        i18n::text(lang, "cli-error", &[("message", format!("a lookup task failed: {e}").into())])
                    );
                    worst = Exit::NoAnswer;
                    continue;
                }
            };
            let (outcome, problem) = match &result {
                Ok(a) if a.code.is_success() => (Exit::Ok, None),
                Ok(a) => (Exit::NotSuccess, Some(result_problem(&invoice, a, ty, lang))),
                Err(f) => (Exit::NoAnswer, Some(format!("{invoice}: {}", f.describe(lang)))),
            };
            worst = worst.max(outcome);
            let hints = match &result {
                Ok(answer) => {
                    crate::risk::hints(answer, known.next().unwrap_or_default(), chrono::Utc::now(), hints_lang)
                }
                Err(_) => Vec::new(),
            };
            let written = if args.json {
                crate::export::write_lookup_line(&mut out, &invoice, &result, &hints)
            } else {
                let sep = if first { "" } else { "\n" };
                out.write_all(format!("{sep}{}", human(&invoice, ty, &result, &hints, colour, lang)).as_bytes())
            };
            first = false;
            let written = written.and_then(|()| if interactive { out.flush() } else { Ok(()) });
            if written.is_err() {
                // Lines buffered before this one may have reached the reader.
                finish(history, ty, &mut unrecorded).await;
                return worst.max(Exit::Local);
            }
            if let Some(p) = &mut progress {
                p.clear();
            }
            if let Some(p) = problem {
                eprintln!("{p}");
            }
            if let Some(p) = &mut progress {
                p.count(&result);
                p.show(total);
            }
            if history.is_some() {
                unrecorded.push((asked, invoice, result));
            }
        }
    }
    if out.flush().is_err() {
        finish(history, ty, &mut unrecorded).await;
        return worst.max(Exit::Local);
    }
    if let Some(problem) = finish(history, ty, &mut unrecorded).await
        && !history_warned
    {
        eprintln!("{}", i18n::text(lang, "lookup-not-saved", &[("problem", problem.into())]));
    }
    if let Some(p) = &mut progress {
        p.clear();
    }
    if interrupted {
        eprintln!("{}", i18n::plain(lang, "lookup-interrupted"));
        return Exit::Interrupted;
    }
    worst
}

/// "[37/100] CHARGE 30 · REFUND 2 · no answer 1" on stderr, redrawn in place.
struct Progress {
    done: usize,
    counts: std::collections::BTreeMap<String, usize>,
    lang: Language,
}

impl Progress {
    fn new(lang: Language) -> Self {
        Self { done: 0, counts: Default::default(), lang }
    }

    fn count(&mut self, result: &Result<Answer, Failure>) {
        self.done += 1;
        let label = match result {
            Ok(a) => sheet::outcome_label(Some(&a.code), a.status(), self.lang),
            Err(_) => sheet::outcome_label(None, None, self.lang),
        };
        *self.counts.entry(label).or_default() += 1;
    }

    fn show(&self, total: usize) {
        let counts: Vec<String> = self.counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
        eprint!("\r[{}/{total}] {}\x1b[K", self.done, counts.join(" · "));
    }

    fn clear(&mut self) {
        eprint!("\r\x1b[K");
    }
}

fn human(
    invoice: &InvoiceId,
    requested: LookupType,
    result: &Result<Answer, Failure>,
    hints: &[Hint],
    colour: bool,
    lang: Language,
) -> String {
    let bold = |s: &str| if colour { format!("\x1b[1m{s}\x1b[0m") } else { s.to_owned() };
    let answer = match result {
        Ok(a) => a,
        Err(f) => {
            let args = [("kind", f.error.kind().into()), ("error", f.describe(lang).into())];
            return format!("{}  {}\n", bold(invoice.as_str()), i18n::text(lang, "lookup-no-answer", &args));
        }
    };
    let (headline, _) = sheet::headline(answer, lang);
    let mut out = format!("{}  {}\n", bold(invoice.as_str()), bold(&headline));
    let width = [Severity::High, Severity::Medium, Severity::Info]
        .map(|s| s.label(lang).chars().count())
        .into_iter()
        .max()
        .unwrap_or(0);
    for h in hints {
        let severity = h.severity.label(lang);
        out.push_str(&format!("  {severity:<width$} {}: {}\n", h.title, h.reason));
    }
    for section in sheet::sections(answer, requested, &crate::zone::Zone::operators(), lang) {
        out.push_str(&format!("  {}\n", section.title));
        for row in section.rows {
            out.push_str(&format!("    {:<17} {}\n", row.label, row.value));
        }
    }
    out
}

/// "100000001: result 102 (invoice not found): Check the invoice ID…"
pub fn result_problem(invoice: &InvoiceId, answer: &Answer, requested: LookupType, lang: Language) -> String {
    let args = [
        ("invoice", invoice.to_string().into()),
        ("code", answer.code.code().to_owned().into()),
        ("meaning", answer.code.meaning(lang).into()),
        ("advice", answer.code.advice_for(requested, lang).into()),
    ];
    i18n::text(lang, "lookup-result-problem", &args)
}

/// [`Recorder::finish`], when there is a history.
async fn finish(history: Option<&Recorder>, ty: LookupType, pending: &mut Unrecorded) -> Option<String> {
    match history {
        Some(h) => h.finish(ty, pending).await,
        None => None,
    }
}
