//! `epay-status lookup`: one sheet (or one JSON line) per invoice.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use futures_util::StreamExt;

use super::Exit;
use crate::epay::{Answer, EpayClient, Failure, InvoiceId, LookupType};
use crate::sheet;

/// Where `lookup` records what it found (absent with --no-history).
pub struct Recorder {
    pub store: std::sync::Mutex<crate::store::Store>,
    pub profile: String,
    pub api_host: String,
}

impl Recorder {
    fn record(&self, invoice: &InvoiceId, requested: LookupType, result: &Result<Answer, Failure>) -> Option<String> {
        let store = self.store.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let new = crate::store::NewLookup {
            checked_at: chrono::Utc::now(),
            profile: &self.profile,
            api_host: &self.api_host,
            invoice,
            requested,
            result,
        };
        store.record(&new).err().map(|e| e.to_string())
    }
}

pub struct LookupArgs {
    pub lookup_type: LookupType,
    pub json: bool,
    pub file: Option<PathBuf>,
    pub concurrency: usize,
    pub invoices: Vec<String>,
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
                text.push_str(&s);
            }
            Err(e) => return Err(vec![format!("cannot read invoice list {}: {e}", path.display())]),
        }
    }
    let (good, bad) = InvoiceId::parse_many(&text);
    if !bad.is_empty() {
        return Err(bad.iter().map(|e| format!("{e}; nothing was sent")).collect());
    }
    if good.is_empty() {
        return Err(vec!["no invoice ID given: pass one or more IDs, or --file PATH (- for stdin)".into()]);
    }
    Ok(good)
}

pub async fn run(client: &EpayClient, args: &LookupArgs, invoices: Vec<InvoiceId>, history: Option<&Recorder>) -> Exit {
    let ty = args.lookup_type;
    let total = invoices.len();
    let mut results = futures_util::stream::iter(invoices)
        .map(|invoice| async move {
            let result = client.lookup(ty, &invoice).await;
            (invoice, result)
        })
        .buffered(args.concurrency.max(1));
    let stdout = std::io::stdout();
    let mut worst = Exit::Ok;
    let mut first = true;
    let mut history_warned = false;
    // A progress line for batches, only where a person watches stderr.
    let mut progress = (std::io::stderr().is_terminal() && total > 1).then(Progress::default);
    let colour = !args.json && stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    while let Some((invoice, result)) = results.next().await {
        let (outcome, problem) = match &result {
            Ok(a) if a.code.is_success() => (Exit::Ok, None),
            Ok(a) => (
                Exit::NotSuccess,
                Some(format!("{invoice}: result {} ({}): {}", a.code.code(), a.code.meaning(), a.code.advice())),
            ),
            Err(f) => (Exit::NoAnswer, Some(format!("{invoice}: {}", f.error))),
        };
        worst = worst.max(outcome);
        if let Some(problem) = history.and_then(|h| h.record(&invoice, ty, &result))
            && !std::mem::replace(&mut history_warned, true)
        {
            eprintln!("warning: not saved to history: {problem}");
        }
        let text = if args.json {
            format!("{}\n", json_line(&invoice, &result))
        } else {
            let sep = if first { "" } else { "\n" };
            format!("{sep}{}", human(&invoice, &result, colour))
        };
        first = false;
        let mut out = stdout.lock();
        if out.write_all(text.as_bytes()).and_then(|_| out.flush()).is_err() {
            // stdout closed (e.g. piped into head): stop quietly, as cat does.
            return worst.max(Exit::NoAnswer);
        }
        drop(out);
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
    }
    if let Some(p) = &mut progress {
        p.clear();
    }
    worst
}

/// "[37/100] CHARGE 30 · REFUND 2 · no answer 1" on stderr, redrawn in place.
#[derive(Default)]
struct Progress {
    done: usize,
    counts: std::collections::BTreeMap<String, usize>,
}

impl Progress {
    fn count(&mut self, result: &Result<Answer, Failure>) {
        self.done += 1;
        let label = match result {
            Ok(a) => match a.status() {
                Some(s) if a.code.is_success() => s.name().to_owned(),
                _ => format!("code {}", a.code.code()),
            },
            Err(_) => "no answer".to_owned(),
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

fn json_line(invoice: &InvoiceId, result: &Result<Answer, Failure>) -> String {
    crate::export::lookup_json(invoice, result).to_string()
}

fn human(invoice: &InvoiceId, result: &Result<Answer, Failure>, colour: bool) -> String {
    let bold = |s: &str| if colour { format!("\x1b[1m{s}\x1b[0m") } else { s.to_owned() };
    let answer = match result {
        Ok(a) => a,
        Err(f) => return format!("{}  no answer ({}): {}\n", bold(invoice.as_str()), f.error.kind(), f.error),
    };
    let (headline, _) = sheet::headline(answer);
    let mut out = format!("{}  {}\n", bold(invoice.as_str()), bold(&headline));
    for section in sheet::sections(answer, &chrono::Local) {
        out.push_str(&format!("  {}\n", section.title));
        for row in section.rows {
            out.push_str(&format!("    {:<17} {}\n", row.label, row.value));
        }
    }
    out
}
