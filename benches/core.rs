//! Speed of the parts that must stay fast: a full frame with a long
//! history, decoding an answer, cleaning text, searching the history.
//! `cargo bench` measures; `cargo bench -- --test` only checks they run.

use std::hint::black_box;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use epay_status::epay::{Answer, Failure, InvoiceId, Kind, LookupType};
use epay_status::store::{Anchor, Count, Filter, NewLookup, Order, Store};
use epay_status::tui::app::{App, Command, Context, Msg, WindowRows};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const REFERENCE: &str = include_str!("../assets/sandbox/fixtures.json");

/// The reference example's body, as the sandbox serves it.
fn reference_body() -> Vec<u8> {
    let all: serde_json::Value = serde_json::from_str(REFERENCE).unwrap();
    let entry = all["invoices"].as_array().unwrap().iter().find(|e| e["invoiceId"] == "205218074").unwrap();
    serde_json::to_vec(&entry["body"]).unwrap()
}

/// A history file holding `n` variations of the reference answer.
fn filled_store(n: usize) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("history.sqlite3")).store;
    let body: serde_json::Value = serde_json::from_slice(&reference_body()).unwrap();
    let rows: Vec<(InvoiceId, Result<Answer, Failure>)> = (0..n)
        .map(|i| {
            let id = InvoiceId::parse(&format!("{}", 600_000_000 + i)).unwrap();
            let mut raw = body.clone();
            raw["transaction"]["invoiceID"] = serde_json::Value::from(id.to_string());
            raw["transaction"]["email"] = serde_json::Value::from(format!("customer{i}@example.kz"));
            (id, Ok(Answer::decode(id, Kind::Payment, 200, raw).unwrap()))
        })
        .collect();
    let who =
        epay_status::checker::Checker { profile: "bench".into(), api_host: "127.0.0.1".into(), ..Default::default() };
    store
        .record_many(rows.iter().map(|(invoice, result)| NewLookup {
            checked_at: Utc::now(),
            who: &who,
            invoice,
            requested: LookupType::Auto,
            result,
        }))
        .at_once()
        .unwrap();
    (dir, store)
}

fn render(c: &mut Criterion) {
    let (_dir, store) = filled_store(1_000);
    let mut app = App::new(Context::default(), (200, 60), epay_status::zone::Zone::named("Asia/Almaty").unwrap());
    let Some(read) =
        app.init().into_iter().find_map(|c| if let Command::ReadWindow(read) = c { Some(read) } else { None })
    else {
        panic!("the first commands read the history")
    };
    let rows = store.window(&Filter::All, Order::Newest, &Anchor::Start, 768).at_once().unwrap();
    let found = WindowRows { rows, at_start: true, at_end: false, count: Some(Count::Exact(10_000_000)) };
    app.update(Msg::Window { read, found: Ok(found) }, Utc::now());
    app.lookups.selected = 300;
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    c.bench_function("full frame 200x60, a window of 768 rows", |b| {
        b.iter(|| {
            terminal.draw(|f| epay_status::tui::ui::draw(f, &app)).unwrap();
        })
    });
}

fn decode(c: &mut Criterion) {
    let body = reference_body();
    let invoice = InvoiceId::parse("205218074").unwrap();
    c.bench_function("decode the reference answer", |b| {
        b.iter(|| {
            let mut raw: serde_json::Value = serde_json::from_slice(black_box(&body)).unwrap();
            epay_status::text::clean_json(&mut raw);
            Answer::decode(invoice, Kind::Payment, 200, raw).unwrap()
        })
    });
}

fn clean(c: &mut Criterion) {
    let plain = "Оплата заказа №100000023: путёвка в санаторий «Сарыагаш», Түркістан облысы".repeat(4);
    let hostile = "Evil\u{1b}]0;owned\u{7}\u{1b}[2J Name\u{202e} и ещё \u{9b}31m текст".repeat(8);
    c.bench_function("clean 300 chars, nothing to remove", |b| b.iter(|| epay_status::text::clean(black_box(&plain))));
    c.bench_function("clean 300 chars, hostile", |b| b.iter(|| epay_status::text::clean(black_box(&hostile))));
}

fn search(c: &mut Criterion) {
    let (_dir, store) = filled_store(50_000);
    c.bench_function("search 50k stored lookups, rare text", |b| {
        b.iter(|| store.summaries(&Filter::Text(black_box("customer4242@".into())), None).at_once().unwrap())
    });
    c.bench_function("search 50k stored lookups, first 200 of a common text", |b| {
        b.iter(|| store.summaries(&Filter::Text(black_box("казком".into())), Some(200)).at_once().unwrap())
    });
    c.bench_function("window of 50k stored lookups: the oldest 256 (G)", |b| {
        b.iter(|| store.window(&Filter::All, Order::Newest, black_box(&Anchor::End), 256).at_once().unwrap())
    });
    c.bench_function("window of 50k stored lookups: 256 by amount from the middle", |b| {
        let middle =
            store.window(&Filter::All, Order::Amount, &Anchor::Start, 25_000).at_once().unwrap().pop().unwrap().1;
        b.iter(|| {
            store.window(&Filter::All, Order::Amount, black_box(&Anchor::After(middle.clone())), 256).at_once().unwrap()
        })
    });
}

/// The evidence report of the reference invoice with a case of 50 notes,
/// as PDF (the target: under 300 ms, under 1 MB).
fn report(c: &mut Criterion) {
    let (_dir, store) = filled_store(1);
    let invoice = InvoiceId::parse("600000000").unwrap();
    let who =
        epay_status::checker::Checker { profile: "bench".into(), operator: "aigerim".into(), ..Default::default() };
    let today = Utc::now().date_naive();
    let opening = epay_status::case::Opening::new("aigerim", Some(10), today);
    let note = "Клиент оспаривает списание; банк-эквайер запросил чек, переписку и подтверждение доставки. ".repeat(3);
    let notes: Vec<epay_status::case::Change> =
        (0..50).map(|i| epay_status::case::Change::Note(format!("{i}: {note}"))).collect();
    store.change_case(&invoice, &who, Utc::now(), &notes, &opening).at_once().unwrap();
    let evidence = epay_status::report::Evidence::gather(&store, 1, Utc::now(), &who).at_once().unwrap();
    let tz = epay_status::zone::Zone::named("Asia/Almaty").unwrap();
    let ru = epay_status::i18n::Language::Ru;
    let bytes = evidence.pdf(&tz, ru).unwrap();
    eprintln!("the PDF of a case with 50 notes: {} bytes", bytes.len());
    c.bench_function("report as PDF, a case of 50 notes", |b| b.iter(|| evidence.pdf(black_box(&tz), ru).unwrap()));
}

criterion_group!(benches, render, decode, clean, search, report);
criterion_main!(benches);

/// The store's calls, on SQLite, never wait: each answers on its first poll.
trait AtOnce: std::future::Future + Sized {
    fn at_once(self) -> Self::Output {
        futures_util::FutureExt::now_or_never(self).expect("SQLite answers at once")
    }
}

impl<F: std::future::Future> AtOnce for F {}
