//! The command line in Russian, chosen by the locale: the lookup sheet, the
//! history table and CSV, the evidence report, the case sheet and the
//! errors speak Russian with Russian numbers and dates; machine formats
//! (JSON, exit codes, file names) stay as they are.

mod common;

use common::*;

fn russian(home: &std::path::Path) -> std::process::Command {
    let mut cmd = bin(home);
    cmd.env("LANG", "ru_RU.UTF-8").env("EPAY_STATUS_OPERATOR", "aigerim");
    cmd
}

fn is_russian_date_time(text: &str) -> bool {
    // 28.11.2026 14:03
    let b = text.as_bytes();
    b.len() >= 16 && b[2] == b'.' && b[5] == b'.' && b[10] == b' ' && b[13] == b':'
}

#[test]
fn the_lookup_sheet_speaks_russian_and_json_does_not_change() {
    let h = tempfile::tempdir().unwrap();
    let out = run(russian(h.path()).args(["lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let mut lines = text.lines();
    assert_eq!(lines.next().unwrap(), "205218074  REFUND — возвращён (частичный)");
    assert!(lines.next().unwrap().starts_with("  ВЫСОКИЙ IP вне своей страны: ipCountry — Kazakhstan"), "{text}");
    for expected in [
        "  Суммы\n",
        "    Сумма             12,22 KZT (частичный возврат из 22,22 KZT)\n",
        "    Исходная сумма    22,22 KZT\n",
        "  Покупатель\n",
        "    3-D Secure        нет (F)\n",
        "    Причина           Successfully (00)\n",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    let created = text.lines().find(|l| l.starts_with("    Создан  ")).unwrap();
    assert!(is_russian_date_time(created.trim_start_matches("    Создан").trim()), "{created}");
    // JSON is for machines: the same keys, values and hint titles in any language.
    let english = run(bin(h.path()).args(["lookup", "--json", "--no-history", "205218074"]));
    let json = run(russian(h.path()).args(["lookup", "--json", "--no-history", "205218074"]));
    let (en, ru): (serde_json::Value, serde_json::Value) =
        (serde_json::from_str(&stdout(&english)).unwrap(), serde_json::from_str(&stdout(&json)).unwrap());
    assert_eq!(en["hints"], ru["hints"]);
    assert_eq!(ru["hints"][0]["severity"], "HIGH");
    assert_eq!(en["transaction"], ru["transaction"]);
}

#[test]
fn errors_and_advice_speak_russian_with_the_same_exit_codes() {
    let h = tempfile::tempdir().unwrap();
    let out = run(russian(h.path()).args(["lookup", "999999999"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("999999999  результат 102 — счёт не найден"), "{}", stdout(&out));
    assert!(stderr(&out).contains("999999999: результат 102 (счёт не найден): Не найден ни как платёж"));
    let out = run(russian(h.path()).args(["lookup", "12ab"]));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).trim(), "ошибка: неверный номер счёта «12ab»: нужно от 6 до 15 цифр; ничего не отправлено");
    let out = run(russian(h.path()).args(["case", "205218074", "--deadline", "someday"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("«someday» — не дата: используйте 2026-12-05"), "{}", stderr(&out));
}

#[test]
fn history_and_its_csv_speak_russian() {
    let h = tempfile::tempdir().unwrap();
    assert!(run(russian(h.path()).args(["lookup", "205218074", "100000001"])).status.success());
    let out = run(russian(h.path()).arg("history"));
    let text = stdout(&out);
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("ПРОВЕРЕН") && header.contains("СЧЁТ") && header.ends_with("КТО"), "{text}");
    let row = lines.find(|l| l.contains("205218074")).unwrap();
    assert!(is_russian_date_time(row) && row.contains("12,22 KZT") && row.ends_with("aigerim"), "{row}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    let csv = stdout(&run(russian(h.path()).args(["history", "--csv"])));
    assert!(csv.starts_with("Проверен,Профиль,Оператор,"), "{csv}");
    // The cells are as scripts read them: the amount with a decimal point.
    assert!(csv.lines().any(|l| l.contains(",12.22,22.22,KZT,")), "{csv}");
    let never = run(russian(h.path()).args(["history", "555555555"]));
    assert_eq!(never.status.code(), Some(1));
    assert!(stderr(&never).starts_with("555555555 ни разу не проверялся"), "{}", stderr(&never));
}

#[test]
fn the_evidence_report_speaks_russian_and_its_json_does_not_change() {
    let h = tempfile::tempdir().unwrap();
    assert!(
        run(russian(h.path()).args(["case", "205218074", "--note", "клиент оспаривает", "--deadline", "+3"]))
            .status
            .success()
    );
    let dir = h.path().join("reports");
    let out = run(russian(h.path()).args(["report", "205218074", "--out"]).arg(&dir));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed = stdout(&out);
    let paths: Vec<&str> = printed.lines().collect();
    let md = std::fs::read_to_string(paths.iter().find(|p| p.ends_with(".md")).unwrap()).unwrap();
    for expected in [
        "# Доказательства: счёт 205218074",
        "## Признаки риска",
        "| Уровень | Признак | Почему |",
        "| СРЕДНИЙ | Частичный возврат | возвращено 12,22 KZT из 22,22 KZT |",
        "## Суммы",
        "| Поле | Значение |",
        "## Спор",
        "| Состояние | открыт |",
        "## Проверки этого счёта",
        "\\(эта проверка\\)",
        "| заметка: клиент оспаривает |",
        "## Исходный ответ",
    ] {
        assert!(md.contains(expected), "{expected:?} in\n{md}");
    }
    assert!(!md.contains("Partial refund") && !md.contains("Risk hints"), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(paths.iter().find(|p| p.ends_with(".json")).unwrap()).unwrap())
            .unwrap();
    let titles: Vec<&str> =
        json["riskHints"].as_array().unwrap().iter().map(|h| h["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["IP location outside its country", "No 3-D Secure", "Partial refund"]);
    assert_eq!(json["case"]["state"], "open");
}

#[test]
fn the_case_sheet_and_the_cases_table_speak_russian() {
    let h = tempfile::tempdir().unwrap();
    let args = ["case", "205218074", "--note", "первая строка\nвторая строка", "--state", "waiting-bank"];
    let out = run(russian(h.path()).args(args));
    let text = stdout(&out);
    assert!(text.starts_with("Спор по счёту 205218074\n  Состояние ждём банк\n"), "{text}");
    assert!(
        text.contains("Заметки и изменения (сначала старые):") && text.contains("заметка: первая строка"),
        "{text}"
    );
    // The note's second line starts under its first.
    let first = text.lines().find(|l| l.contains("первая строка")).unwrap();
    let second = text.lines().find(|l| l.contains("вторая строка")).unwrap();
    assert_eq!(first.chars().position(|c| c == 'п'), second.chars().position(|c| c == 'в'), "{text}");
    let table = stdout(&run(russian(h.path()).arg("cases")));
    let header = table.lines().next().unwrap();
    assert!(header.starts_with("СЧЁТ") && header.contains("СОСТОЯНИЕ") && header.ends_with("ТЕГИ"), "{table}");
    assert!(table.lines().nth(1).unwrap().contains("ждём банк"), "{table}");
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{table}");
    let csv = stdout(&run(russian(h.path()).args(["cases", "--csv"])));
    assert!(csv.starts_with("Счёт,Состояние,Срок,"), "{csv}");
    assert!(csv.lines().nth(1).unwrap().contains(",waiting-bank,"), "{csv}");
}

#[test]
fn settings_refused_are_said_in_the_language_the_file_asks_for() {
    let h = tempfile::tempdir().unwrap();
    let config = h.path().join("bad.toml");
    std::fs::write(&config, "language = \"ru\"\ntimeout_secs = 0\n").unwrap();
    // The locale is English; the file asks for Russian, even as it is refused.
    let out = run(bin(h.path()).arg("--config").arg(&config).arg("config"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("ошибка: timeout_secs в ") && stderr(&out).contains("— от 1 до 600"),
        "{}",
        stderr(&out)
    );
    let out = run(russian(h.path()).args(["--config", "/nonexistent/epay.toml", "config"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("ошибка: файла настроек /nonexistent/epay.toml нет"), "{}", stderr(&out));
}

#[test]
fn what_opening_the_history_tells_speaks_russian() {
    let h = tempfile::tempdir().unwrap();
    // A data dir others may list, and a team history nobody answers at.
    std::fs::create_dir_all(h.path().join("data")).unwrap();
    let open = <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o755);
    std::fs::set_permissions(h.path().join("data"), open).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("postgresql://disputes@127.0.0.1:{port}/epay?sslmode=disable");
    let out = run(russian(h.path()).env("EPAY_STATUS_HISTORY_URL", url).args(["lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("новые проверки ждут в очереди"), "{err}");
    assert!(err.contains("открыта другим пользователям (права 755)"), "{err}");
    assert!(!err.contains("lookups made now") && !err.contains("open to other users"), "{err}");
}
