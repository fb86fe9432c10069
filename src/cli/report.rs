//! `epay-status report INVOICE`: check the invoice now, record it, and write
//! the evidence report (Markdown, JSON and PDF).

use std::path::Path;

use chrono::Utc;

use super::Exit;
use crate::checker::Checker;
use crate::epay::{EpayClient, InvoiceId, LookupType};
use crate::i18n::{self, Language};
use crate::report::Evidence;
use crate::store::{NewLookup, Store};

pub async fn run(
    client: &EpayClient,
    store: &Store,
    who: &Checker,
    invoice: &InvoiceId,
    ty: LookupType,
    dir: &Path,
    lang: Language,
) -> Exit {
    let checked_at = Utc::now();
    let result = client.lookup(ty, invoice).await;
    let exit = match &result {
        Ok(a) if a.code.is_success() => Exit::Ok,
        Ok(a) => {
            eprintln!("{}", super::lookup::result_problem(invoice, a, ty, lang));
            Exit::NotSuccess
        }
        Err(f) => {
            eprintln!("{invoice}: {}", f.describe(lang));
            Exit::NoAnswer
        }
    };
    let new = NewLookup { checked_at, who, invoice, requested: ty, result: &result };
    let store_id = match store.record(&new).await {
        Ok(recorded) => recorded.store_id,
        Err(e) => {
            super::error(lang, i18n::text(lang, "report-not-written", &[("error", e.to_string().into())]));
            return Exit::Local;
        }
    };
    let tz = crate::zone::Zone::operators();
    let written = Evidence::gather(store, store_id, Utc::now(), who).await.and_then(|e| e.write(dir, &tz, lang));
    match written {
        Ok(written) => {
            println!("{}", written.markdown.display());
            println!("{}", written.json.display());
            println!("{}", written.pdf.display());
            exit
        }
        Err(e) => {
            super::error(lang, i18n::text(lang, "notice-report-failed", &[("error", e.describe(lang).into())]));
            Exit::Local
        }
    }
}
