//! The evidence report as PDF, through the real binary against the
//! sandbox, read back with poppler's tools as a bank's desk would open it:
//! `pdftotext` finds the text, `pdfinfo` the paper size, `pdftoppm` draws
//! every page.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// Runs `report INVOICE` and gives the three paths it printed.
fn report(cmd: &mut Command, invoice: &str, out: &Path) -> Vec<PathBuf> {
    let done = run(cmd.args(["report", invoice, "--out"]).arg(out));
    assert_eq!(done.status.code(), Some(0), "{}", stderr(&done));
    let paths: Vec<PathBuf> = stdout(&done).lines().map(PathBuf::from).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(paths[2].extension().is_some_and(|e| e == "pdf"), "{paths:?}");
    paths
}

fn poppler(tool: &str, args: &[&str], pdf: &Path, after: &[&str]) -> String {
    let out = Command::new(tool).args(args).arg(pdf).args(after).output().unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The text, with poppler's line breaks as spaces (a table cell may wrap).
fn text(pdf: &Path) -> String {
    poppler("pdftotext", &["-enc", "UTF-8"], pdf, &["-"]).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Pages as `pdfinfo` counts them, each drawn by `pdftoppm` without an error.
fn pages_draw(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[], pdf, &[]);
    assert!(info.contains("595.28 x 841.89 pts (A4)"), "{info}");
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).map(|n| n.trim().parse().unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("pdftoppm").args(["-r", "30", "-png"]).arg(pdf).arg(dir.path().join("p")).output().unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), pages, "a picture of every page");
    pages
}

#[test]
fn the_reference_invoice_as_a_pdf_a_bank_can_read() {
    let h = tempfile::tempdir().unwrap();
    // The longest name an operator may have: the footer keeps it whole.
    let operator = "aigerim.nurlanovna.dispute-desk.almaty-branch-operator-number-7";
    let mut cmd = bin(h.path());
    cmd.env("EPAY_STATUS_OPERATOR", operator);
    let paths = report(&mut cmd, "205218074", &h.path().join("r"));
    let pdf = &paths[2];
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(pdf).unwrap().permissions().mode() & 0o077, 0, "private");
    }
    assert!(std::fs::metadata(pdf).unwrap().len() < 1_000_000);
    let pages = pages_draw(pdf);
    let text = text(pdf);
    for part in [
        "Evidence: invoice 205218074",
        "400303...9821",
        "Казкоммерцбанк",
        "12.22 KZT (partial refund of 22.22 KZT)",
        "Payout amount 10.00 KZT",
        "IP location outside its country",
        "55.7386, 37.6068 lies in Russian Federation",
        "Checks of this invoice",
        "\"ipLatitude\": 55.7386",
    ] {
        assert!(text.contains(part), "{part:?} in {text}");
    }
    for page in 1..=pages {
        let footer = format!("page {page} of {pages} · invoice 205218074 · made ");
        assert!(text.contains(&footer), "{footer:?} in {text}");
    }
    let by = format!("profile sandbox · by {operator}");
    assert_eq!(text.matches(&by).count(), pages, "{by:?} on every page of {text}");
    let info = poppler("pdfinfo", &[], pdf, &[]);
    assert!(info.contains(&format!("Author:          {operator}")) && info.contains("CreationDate:"), "{info}");
}

#[test]
fn a_case_with_russian_notes_speaks_russian_and_shows_markup_as_typed() {
    let h = tempfile::tempdir().unwrap();
    let russian = || {
        let mut cmd = bin(h.path());
        cmd.env("LANG", "ru_RU.UTF-8").env("EPAY_STATUS_OPERATOR", "Айгерим");
        cmd
    };
    let notes = [
        "Клиент оспаривает списание: «не получал товар»",
        "Банк запросил чек; Қазақстан, Әлем, Ұлттық, Үй, Һ, Ғ, Ң, Ө, Іі",
        "<b>жирный</b> **звёзды** [ссылка](http://evil.kz) `код` # заголовок",
    ];
    for note in notes {
        let out = run(russian().args(["case", "205218074", "--tag", "10.4", "--note", note]));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let paths = report(&mut russian(), "205218074", &h.path().join("r"));
    let pages = pages_draw(&paths[2]);
    let text = text(&paths[2]);
    for part in notes.iter().copied().chain([
        "Доказательства: счёт 205218074",
        "Казкоммерцбанк",
        "400303...9821",
        "Спор",
        "Айгерим",
        "состояние → открыт",
    ]) {
        assert!(text.contains(part), "{part:?} in {text}");
    }
    assert!(text.contains(&format!("страница 1 из {pages}")), "{text}");
    assert!(!text.contains("page 1 of"), "{text}");
}
