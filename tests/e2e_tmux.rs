//! The real binary in a real terminal (tmux) against its embedded sandbox:
//! type an invoice, read the screen, quit, and check the terminal was given
//! back. .ci/run installs tmux.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
    _home: tempfile::TempDir,
}

impl Tmux {
    /// Starts the dashboard in a detached 120x40 session of a private tmux server.
    fn start(name: &str) -> Self {
        Self::start_in(name, tempfile::tempdir().unwrap())
    }

    fn start_in(name: &str, home: tempfile::TempDir) -> Self {
        Self::start_with(name, home, &[])
    }

    fn start_with(name: &str, home: tempfile::TempDir, extra_env: &[&str]) -> Self {
        let socket = format!("epay-e2e-{name}-{}", std::process::id());
        let t = Self { socket, _home: home };
        let h = t._home.path();
        let bin = env!("CARGO_BIN_EXE_epay-status");
        let envs = [
            format!("HOME={}", h.display()),
            format!("XDG_CONFIG_HOME={}", h.join(".config").display()),
            format!("EPAY_STATUS_DATA_DIR={}", h.join("data").display()),
            "TERM=xterm-256color".into(),
            "RUST_BACKTRACE=0".into(),
        ];
        let envs: Vec<String> = envs.into_iter().chain(extra_env.iter().map(|e| e.to_string())).collect();
        let mut args = vec!["-f", "/dev/null", "new-session", "-d", "-s", "app", "-x", "120", "-y", "40"];
        for e in &envs {
            args.extend(["-e", e.as_str()]);
        }
        // A shell around the binary reports its exit status on the screen
        // and keeps the pane alive to be inspected afterwards.
        let script = format!("'{bin}'; echo \"EXIT:$?\"; sleep 300");
        args.extend(["sh", "-c", &script]);
        t.tmux(&args);
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .env_remove("TMUX")
            .output()
            .expect("tmux is installed (.ci/run installs it)");
        assert!(out.status.success(), "tmux {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "app"])
    }

    fn format(&self, f: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", "app", f]).trim().to_owned()
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "app"];
        args.extend(keys);
        self.tmux(&args);
    }

    /// Polls until `pred` holds; generous so a loaded machine does not fail it.
    fn wait_for(&self, what: &str, mut pred: impl FnMut(&Self) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !pred(self) {
            assert!(Instant::now() < deadline, "timed out waiting for {what}; screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn wait_for_text(&self, text: &str) {
        self.wait_for(text, |t| t.screen().contains(text));
    }

    fn wait_for_exit(&self) -> i32 {
        self.wait_for("the process to end", |t| t.screen().contains("EXIT:"));
        let screen = self.screen();
        let after = screen.split("EXIT:").nth(1).unwrap_or("");
        let code: String = after.chars().take_while(char::is_ascii_digit).collect();
        code.parse().unwrap_or_else(|_| panic!("no exit status on screen:\n{screen}"))
    }

    /// Opens the messages, waits for each of `texts` in them, and closes
    /// them again (M both ways: Esc and a letter at once read as Alt and
    /// the letter).
    fn read_messages(&self, texts: &[&str]) {
        self.send(&["M"]);
        for text in texts {
            self.wait_for_text(text);
        }
        self.send(&["M"]);
        self.wait_for("the messages to close", |t| !t.screen().contains("Messages — newest first"));
    }

    /// The dashboard's own pid: the child of the wrapping shell.
    fn app_pid(&self) -> String {
        let shell = self.format("#{pane_pid}");
        let mut children = String::new();
        self.wait_for("the dashboard process", |_| {
            children = std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap_or_default();
            !children.trim().is_empty()
        });
        children.split_whitespace().next().unwrap().to_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").args(["-L", &self.socket, "kill-server"]).output();
    }
}

#[test]
fn type_an_invoice_read_the_card_and_quit() {
    let t = Tmux::start("lookup");
    t.wait_for_text("type: auto");
    t.wait_for_text("token: valid");
    assert_eq!(t.format("#{alternate_on}"), "1", "the dashboard uses the alternate screen");
    t.send(&["205218074", "Enter"]);
    t.wait_for_text("400303...9821");
    let screen = t.screen();
    for needle in ["REFUND", "Казкоммерцбанк", "12.22 KZT", "History (1)"] {
        assert!(screen.contains(needle), "{needle} missing:\n{screen}");
    }
    // The box was cleared and still has focus: the next ID can be typed at once.
    t.send(&["200000001", "Enter"]);
    t.wait_for_text("History (2)");
    t.wait_for_text("p2p");
    t.send(&["C-c"]);
    assert_eq!(t.wait_for_exit(), 0);
    assert_eq!(t.format("#{alternate_on}"), "0", "the alternate screen was left");
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for signal in ["TERM", "HUP"] {
        let t = Tmux::start(&format!("sig{signal}"));
        t.wait_for_text("type: auto");
        assert_eq!(t.format("#{alternate_on}"), "1");
        let status = Command::new("kill").args([&format!("-{signal}"), &t.app_pid()]).status().unwrap();
        assert!(status.success());
        assert_eq!(t.wait_for_exit(), 0, "SIG{signal} ends the dashboard cleanly");
        assert_eq!(t.format("#{alternate_on}"), "0", "SIG{signal} left the alternate screen");
    }
}

#[test]
fn help_overlay_and_quit_with_q() {
    let t = Tmux::start("help");
    t.wait_for_text("type: auto");
    t.send(&["?"]);
    t.wait_for_text("Help");
    t.wait_for_text("epay-status.log");
    t.send(&["Escape"]);
    t.wait_for("the overlay to close", |t| !t.screen().contains("Esc or ? closes"));
    // Esc again leaves the box, so q quits instead of typing.
    std::thread::sleep(Duration::from_millis(100));
    t.send(&["Escape"]);
    std::thread::sleep(Duration::from_millis(100));
    t.send(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn a_panic_in_a_background_task_restores_the_terminal() {
    let t = Tmux::start_with("panic", tempfile::tempdir().unwrap(), &["EPAY_SANDBOX_FAULTS=panic@205218074"]);
    t.wait_for_text("type: auto");
    assert_eq!(t.format("#{alternate_on}"), "1");
    t.send(&["205218074", "Enter"]);
    assert_eq!(t.wait_for_exit(), 101, "a panic ends the program with 101");
    assert_eq!(t.format("#{alternate_on}"), "0", "the alternate screen was left");
    let screen = t.screen();
    assert!(screen.contains("a panic in a background task"), "the panic message is readable:\n{screen}");
    // The log keeps the panic with its backtrace, its frames named.
    let log = std::fs::read_to_string(t._home.path().join("data/epay-status.log")).unwrap();
    let panic = &log[log.find("panic: ").expect("the panic is logged")..];
    assert!(panic.contains("a panic in a background task"), "{panic}");
    assert!(panic.contains("epay_status::sandbox::server"), "the backtrace names the function:\n{panic}");
    // The shell prompt works again: raw mode is off, so typed text echoes.
    t.send(&["echo still-usable", "Enter"]);
}

#[test]
fn the_terminals_own_paste_sends_each_id() {
    let t = Tmux::start("paste");
    t.wait_for_text("type: auto");
    t.send(&["12"]);
    // tmux pastes as terminals do: bracketed, each line break sent as CR.
    let ids = t._home.path().join("ids.txt");
    std::fs::write(&ids, "100000007\n100000008\n100000009\n").unwrap();
    t.tmux(&["load-buffer", "-b", "ids", ids.to_str().unwrap()]);
    t.tmux(&["paste-buffer", "-p", "-b", "ids", "-t", "app"]);
    t.wait_for_text("12 100000007 100000008 100000009");
    t.send(&["Enter"]);
    t.wait_for_text("History (3)");
    let screen = t.screen();
    assert!(screen.contains("3 sent; skipped, not invoice IDs: \"12\""), "{screen}");
    t.send(&["C-c"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn without_colour_the_selection_and_focus_still_show() {
    let t = Tmux::start_with("nocolor", tempfile::tempdir().unwrap(), &["NO_COLOR=1"]);
    t.wait_for_text("type: auto");
    t.send(&["205218074", "Enter"]);
    t.wait_for_text("400303...9821");
    t.send(&["Escape"]);
    t.wait_for_text("┏ History");
    let styled = t.tmux(&["capture-pane", "-p", "-e", "-t", "app"]);
    let row = styled.lines().find(|l| l.contains("205218074") && l.contains("REFUND")).expect("the history row");
    assert!(row.contains("\u{1b}[7m") || row.contains(";7m"), "the selected row is in reverse video: {row:?}");
    assert!(!styled.contains("\u{1b}[38;5;") && !styled.contains("\u{1b}[36m"), "no colour at all under NO_COLOR");
    t.send(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn a_note_pasted_by_the_terminal_keeps_its_lines_and_ctrl_s_saves_it() {
    let t = Tmux::start_with("note", tempfile::tempdir().unwrap(), &["NO_COLOR=1", "EPAY_STATUS_OPERATOR=aigerim"]);
    t.wait_for_text("type: auto");
    t.send(&["205218074", "Enter"]);
    t.wait_for_text("400303...9821");
    t.send(&["Escape"]);
    // Apart: Esc and a letter read together are Alt and the letter.
    t.wait_for_text("Tab or click to type");
    t.send(&["n"]);
    t.wait_for_text("Note on 205218074");
    // The terminal sends the paste's line breaks as CR.
    let note = t._home.path().join("note.txt");
    std::fs::write(&note, "Customer called on Friday.\nSays the card was stolen.").unwrap();
    t.tmux(&["load-buffer", "-b", "note", note.to_str().unwrap()]);
    t.tmux(&["paste-buffer", "-p", "-b", "note", "-t", "app"]);
    t.wait_for_text("Says the card was stolen.");
    // Raw mode: Ctrl-S reaches the program, not the terminal's flow control.
    t.send(&["C-s"]);
    t.wait_for_text("case of 205218074 opened");
    t.wait_for_text("Case open · 7 days left");
    t.send(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
    let out = common::run(common::bin(t._home.path()).env("EPAY_STATUS_DATA_DIR", t._home.path().join("data")).args([
        "case",
        "205218074",
        "--json",
    ]));
    let case: serde_json::Value = serde_json::from_str(common::stdout(&out).trim()).unwrap();
    let notes: Vec<&str> = case["trail"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["change"] == "note")
        .map(|e| e["value"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["Customer called on Friday.\nSays the card was stolen."]);
}

#[test]
fn a_team_server_that_says_nothing_leaves_the_dashboard_usable_at_80x24() {
    // Accepts, reads, never answers: the startup's deadline ends the wait.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let held: Vec<_> = listener.incoming().flatten().collect();
        drop(held);
    });
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("deadlines.toml");
    std::fs::write(&config, "history_connect_secs = 1\nhistory_query_secs = 2\n").unwrap();
    let env = [
        format!("EPAY_STATUS_CONFIG={}", config.display()),
        format!("EPAY_STATUS_HISTORY_URL=postgresql://disputes@127.0.0.1:{port}/epay?sslmode=disable"),
    ];
    let t = Tmux::start_with("silent", home, &[&env[0], &env[1]]);
    t.tmux(&["resize-window", "-t", "app", "-x", "80", "-y", "24"]);
    t.wait_for_text("team: away");
    t.send(&["205218074", "Enter"]);
    t.wait_for_text("400303...9821");
    assert!(t.screen().contains("team: 1 spooled") || t.screen().contains("team: away"), "{}", t.screen());
    // A lookup waits in the spool: quitting asks once more.
    t.send(&["C-c"]);
    t.wait_for_text("again quits");
    t.send(&["C-c"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn a_team_history_away_at_start_says_so_counts_down_and_tries_on_r_at_80x24() {
    // Nothing listens there: every try is refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let env = format!("EPAY_STATUS_HISTORY_URL=postgresql://disputes@127.0.0.1:{port}/epay?sslmode=disable");
    let t = Tmux::start_with("away", tempfile::tempdir().unwrap(), &[&env]);
    t.tmux(&["resize-window", "-t", "app", "-x", "80", "-y", "24"]);
    t.wait_for_text("History — team away since");
    assert!(!t.screen().contains("History (0)"), "{}", t.screen());
    // The watcher's pause is counted down in the status bar.
    t.wait_for("the next try's countdown", |t| {
        let screen = t.screen();
        let bar = screen.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").to_owned();
        bar.contains("team: away · try in") && bar.contains(" s │ ? help")
    });
    t.send(&["Tab", "R"]);
    // Told at once, then what the try came to: the messages keep both.
    t.read_messages(&["trying the team history now", "spool not sent yet"]);
    t.send(&["C"]);
    t.wait_for_text("Cases — not read");
    assert!(t.screen().contains("The team history is away (since"), "{}", t.screen());
    assert!(!t.screen().contains("No cases yet"), "{}", t.screen());
    t.send(&["q"]);
    assert_eq!(t.wait_for_exit(), 0, "nothing waits in the spool: q quits at once");
}

#[test]
fn the_deadline_editor_shows_the_date_selected_and_typing_replaces_it_at_80x24() {
    let t = Tmux::start("deadline");
    t.tmux(&["resize-window", "-t", "app", "-x", "80", "-y", "24"]);
    t.wait_for_text("token: valid");
    t.send(&["205218074", "Enter"]);
    t.wait_for_text("400303...9821");
    t.send(&["Tab"]);
    t.send(&["S"]);
    t.send(&["1"]);
    t.wait_for_text("Case open");
    t.send(&["D"]);
    t.wait_for_text("Ctrl-U clears");
    let date = (chrono::Local::now().date_naive() + chrono::Days::new(7)).format("%Y-%m-%d").to_string();
    let shown = t.tmux(&["capture-pane", "-p", "-e", "-t", "app"]);
    let line = shown.lines().find(|l| l.contains(&date)).expect(&shown);
    let reversed = line.find("\u{1b}[7m").expect("reverse video on the line");
    assert!(reversed < line.find(&date).unwrap(), "the proposed date shows selected:\n{shown}");
    t.send(&["+3"]);
    t.wait_for_text("+3");
    assert!(!t.screen().contains(&format!("{date}+3")), "{}", t.screen());
    t.send(&["Escape"]);
    t.wait_for("the editor to close", |t| !t.screen().contains("Ctrl-U clears"));
    t.send(&["C-c"]);
    t.wait_for_exit();
}

#[test]
fn at_80x24_the_list_shows_five_rows_and_plus_zooms_the_focused_pane() {
    let t = Tmux::start_with("zoom", tempfile::tempdir().unwrap(), &["EPAY_STATUS_OPERATOR=aigerim"]);
    t.tmux(&["resize-window", "-t", "app", "-x", "80", "-y", "24"]);
    t.wait_for_text("token: valid");
    let ids = ["100000001", "100000002", "100000003", "100000004", "100000006", "205218074"];
    std::fs::write(t._home.path().join("ids"), ids.join("\r")).unwrap();
    t.tmux(&["load-buffer", "-b", "ids", t._home.path().join("ids").to_str().unwrap()]);
    t.tmux(&["paste-buffer", "-p", "-b", "ids", "-t", "app"]);
    t.send(&["Enter"]);
    t.wait_for_text("History (6)");
    t.wait_for_text("batch 6/6");
    let rows = |t: &Tmux| t.screen().lines().filter(|l| ids.iter().any(|id| l.contains(&format!(" {id} pay")))).count();
    assert_eq!(rows(&t), 5, "five rows of lookups at 80x24:\n{}", t.screen());
    // Who checked and the card, on every row, at 80 columns and from 120.
    let with_card_and_by = |t: &Tmux, card: &str| {
        let screen = t.screen();
        let row = screen.lines().find(|l| l.contains(" 205218074 pay ")).unwrap_or_default().to_owned();
        row.contains(card) && row.contains("aigerim") && screen.lines().any(|l| l.contains("Card") && l.contains("By"))
    };
    assert!(with_card_and_by(&t, "4003…9821"), "{}", t.screen());
    t.tmux(&["resize-window", "-t", "app", "-x", "120", "-y", "40"]);
    t.wait_for("the card and who checked at 120x40", |t| with_card_and_by(t, "4003…9821"));
    t.tmux(&["resize-window", "-t", "app", "-x", "80", "-y", "24"]);
    t.wait_for("80x24 again", |t| rows(t) == 5);
    t.send(&["Tab", "+"]);
    t.wait_for("half", |t| rows(t) == 6);
    assert!(t.screen().contains("Details — "), "half: both panes:\n{}", t.screen());
    t.send(&["+"]);
    t.wait_for("full", |t| !t.screen().contains("Details — "));
    t.send(&["+"]);
    t.wait_for("normal again", |t| t.screen().contains("Details — ") && rows(t) == 5);
    t.send(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn the_first_start_on_a_team_history_names_the_import_of_the_history_left_here_at_80x24() {
    let url = tokio::runtime::Runtime::new().unwrap().block_on(common::postgres::fresh_database());
    let home = tempfile::tempdir().unwrap();
    let local = |args: &[&str]| {
        let out = common::run(common::bin(home.path()).args(args));
        assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    };
    local(&["lookup", "205218074"]);
    local(&["case", "205218074", "--note", "bank asked for the receipt"]);
    let env = format!("EPAY_STATUS_HISTORY_URL={url}");
    let t = Tmux::start_with("import", home, &[&env]);
    t.tmux(&["resize-window", "-t", "app", "-x", "80", "-y", "24"]);
    t.wait_for_text("team: live");
    t.read_messages(&["one case, 1 open) is not in the team history: epay-status", "history import copies it there"]);
    t.send(&["C-c"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn a_payment_found_by_the_card_a_bank_pasted_is_checked_with_enter_at_80x24() {
    let t = Tmux::start_with("find", tempfile::tempdir().unwrap(), &["NO_COLOR=1", "TZ=Asia/Almaty"]);
    t.tmux(&["resize-window", "-t", "app", "-x", "80", "-y", "24"]);
    t.wait_for_text("type: auto");
    t.send(&["Escape"]);
    t.wait_for_text("Tab or click to type");
    t.send(&["f"]);
    t.wait_for_text("Find in ePay's statement");
    // The card as a notice prints it, pasted by the terminal (line break as CR).
    t.send(&["Tab"]);
    let card = t._home.path().join("card.txt");
    std::fs::write(&card, "4405 63** **** 1234\n").unwrap();
    t.tmux(&["load-buffer", "-b", "card", card.to_str().unwrap()]);
    t.tmux(&["paste-buffer", "-p", "-b", "card", "-t", "app"]);
    t.wait_for_text("4405 63** **** 1234");
    t.send(&["Tab", "4 200", "Tab", "01.11.2026", "Enter"]);
    t.wait_for_text("one operation found in the statement");
    let screen = t.screen();
    let row = screen.lines().find(|l| l.contains("100000016")).unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("4 200.00") && row.contains("CHARGE"), "{screen}");
    assert!(screen.contains("In the statement: CHARGE"), "{screen}");
    assert!(screen.lines().all(|l| l.chars().count() <= 80), "{screen}");
    t.send(&["Enter"]);
    t.wait_for_text("History (1)");
    t.wait_for_text("Details — 100000016");
    t.send(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}

#[test]
fn the_chargeback_list_is_read_from_the_cases_view_at_80x24() {
    let t = Tmux::start_with("intake", tempfile::tempdir().unwrap(), &["NO_COLOR=1"]);
    t.tmux(&["resize-window", "-t", "app", "-x", "80", "-y", "24"]);
    t.wait_for_text("type: auto");
    t.send(&["Escape"]);
    t.wait_for_text("Tab or click to type");
    t.send(&["C"]);
    t.wait_for_text("Cases (0 open)");
    t.send(&["I"]);
    t.wait_for_text("The acquirer's chargeback list");
    let list = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/intake/chargebacks-sample.csv");
    t.send(&["-l", list]);
    t.send(&["Enter"]);
    t.wait_for_text("opened 3, already open 0, ambiguous 1, not found 1");
    t.wait_for_text("Intake: 2 to resolve");
    t.wait_for_text("Which payment is it?");
    let screen = t.screen();
    assert!(screen.lines().all(|l| l.chars().count() <= 80), "{screen}");
    t.send(&["Enter"]);
    t.wait_for_text("Intake: 1 to resolve");
    t.send(&["q"]);
    assert_eq!(t.wait_for_exit(), 0);
}
