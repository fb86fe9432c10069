//! Profiles and configuration precedence, through `resolve` and the binary.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::*;
use epay_status::config::{Endpoints, Overrides, resolve};
use secrecy::ExposeSecret;

fn write_config(dir: &Path, text: &str, mode: u32) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    path
}

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    move |k| map.get(k).cloned()
}

const FILE: &str = r#"
profile = "acme"
[profiles.acme]
token_url = "https://file.example/oauth2/token"
api_url = "https://file.example"
client_id = "file-id"
client_secret = "file-secret"
terminal = "file-terminal"
[profiles.prod]
client_id = "prod-id"
"#;

#[test]
fn nothing_configured_is_the_embedded_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    let flags = Overrides { config: Some(dir.path().join("absent.toml")), ..Default::default() };
    // An explicit path that does not exist is an error...
    assert!(resolve(&flags, &env_of(&[])).unwrap_err().to_string().contains("does not exist"));
    // An empty file configures nothing.
    let empty = write_config(dir.path(), "", 0o600);
    let s = resolve(&Overrides { config: Some(empty), ..Default::default() }, &env_of(&[])).unwrap();
    assert_eq!(s.profile, "sandbox");
    assert_eq!(s.endpoints, Endpoints::EmbeddedSandbox);
    assert_eq!(s.client_id, "test");
}

#[test]
fn precedence_flags_over_env_over_file_over_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), FILE, 0o600);
    let flags = Overrides { config: Some(path.clone()), data_dir: Some("/flag/data".into()), ..Default::default() };

    // The file picks the profile and fills it.
    let s = resolve(&flags, &env_of(&[])).unwrap();
    assert_eq!(s.profile, "acme");
    assert_eq!(s.client_id, "file-id");
    assert_eq!(s.client_secret.expose_secret(), "file-secret");
    assert_eq!(s.data_dir, Path::new("/flag/data"));

    // The environment beats the file.
    let env = env_of(&[("EPAY_CLIENT_ID", "env-id"), ("EPAY_STATUS_DATA_DIR", "/env/data")]);
    let s = resolve(&flags, &env).unwrap();
    assert_eq!(s.client_id, "env-id");
    assert_eq!(s.terminal.as_deref(), Some("file-terminal"));
    assert_eq!(s.data_dir, Path::new("/flag/data"), "the flag beats the environment");

    // EPAY_PROFILE beats the file's choice; the flag beats EPAY_PROFILE.
    let env = env_of(&[("EPAY_PROFILE", "test")]);
    assert_eq!(resolve(&flags, &env).unwrap().profile, "test");
    let flagged = Overrides { profile: Some("sandbox".into()), ..flags.clone() };
    let s = resolve(&flagged, &env).unwrap();
    assert_eq!(s.profile, "sandbox");
    assert_eq!(s.endpoints, Endpoints::EmbeddedSandbox);

    // The file overrides a built-in profile's defaults, keeping the rest.
    let prod = Overrides { profile: Some("prod".into()), ..flags };
    let err = resolve(&prod, &env_of(&[])).unwrap_err().to_string();
    assert!(err.contains("client_secret") && err.contains("terminal") && !err.contains("client_id"), "{err}");
    let env = env_of(&[("EPAY_CLIENT_SECRET", "s"), ("EPAY_TERMINAL", "t")]);
    let s = resolve(&prod, &env).unwrap();
    assert_eq!(s.client_id, "prod-id");
    assert!(s.is_production());
    assert_eq!(
        s.endpoints,
        Endpoints::Remote {
            token_url: "https://epay-oauth.homebank.kz/oauth2/token".into(),
            api_url: "https://epay-api.homebank.kz".into()
        }
    );
}

#[test]
fn test_profile_has_the_reference_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write_config(dir.path(), "", 0o600);
    let flags = Overrides { profile: Some("test".into()), config: Some(empty), ..Default::default() };
    let s = resolve(&flags, &env_of(&[])).unwrap();
    assert_eq!(s.client_id, "test");
    assert!(matches!(s.endpoints, Endpoints::Remote { ref api_url, .. } if api_url.ends_with("/api")));
}

#[test]
fn unknown_profile_and_bad_urls_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), FILE, 0o600);
    let flags = Overrides { config: Some(path), profile: Some("nosuch".into()), ..Default::default() };
    assert!(resolve(&flags, &env_of(&[])).unwrap_err().to_string().contains("[profiles.nosuch]"));
    let flags = Overrides { profile: Some("acme".into()), ..flags };
    let err = resolve(&flags, &env_of(&[("EPAY_API_URL", "ftp://x")])).unwrap_err().to_string();
    assert!(err.contains("api_url"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_readable_secret_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), FILE, 0o644);
    let flags = Overrides { config: Some(path.clone()), ..Default::default() };
    let err = resolve(&flags, &env_of(&[])).unwrap_err().to_string();
    assert!(err.contains("chmod 600"), "{err}");
    // Without a secret in it, the same mode is fine.
    let path = write_config(dir.path(), "profile = \"test\"\n", 0o644);
    assert!(resolve(&Overrides { config: Some(path), ..Default::default() }, &env_of(&[])).is_ok());
}

#[test]
fn unknown_keys_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), "profile = \"test\"\n[profiles.test]\nclient_secrt = \"x\"\n", 0o600);
    let err =
        resolve(&Overrides { config: Some(path.clone()), ..Default::default() }, &env_of(&[])).unwrap_err().to_string();
    assert!(
        err.contains("line 3") && err.contains("client_secrt") && err.contains(&path.display().to_string()),
        "{err}"
    );
}

#[test]
fn binary_exits_2_on_bad_config_and_masks_secrets() {
    let h = tempfile::tempdir().unwrap();
    let path = write_config(h.path(), FILE, 0o644);
    let out = run(bin(h.path()).arg("--config").arg(&path).args(["lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("chmod 600"));
    assert_eq!(stderr(&out).lines().count(), 1);

    let path = write_config(h.path(), FILE, 0o600);
    let out = run(bin(h.path()).arg("--config").arg(&path).arg("config"));
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("acme") && text.contains("file-id"), "{text}");
    assert!(!text.contains("file-secret"));

    let out = run(bin(h.path()).args(["--profile", "prod", "lookup", "205218074"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("client_id"), "{}", stderr(&out));
}

#[test]
fn plain_http_is_refused_for_any_host_but_this_machine() {
    let creds = [("EPAY_CLIENT_ID", "id"), ("EPAY_CLIENT_SECRET", "secret"), ("EPAY_TERMINAL", "t")];
    let with = |token: &str, api: &str, profile: &str| {
        let mut env = creds.to_vec();
        env.extend([("EPAY_TOKEN_URL", token), ("EPAY_API_URL", api), ("EPAY_PROFILE", profile)]);
        let dir = tempfile::tempdir().unwrap();
        let path = write_config(dir.path(), "[profiles.staging]\n", 0o600);
        resolve(&Overrides { config: Some(path), ..Default::default() }, &env_of(&env))
    };
    for profile in ["prod", "staging", "test"] {
        let err = with("http://epay-oauth.homebank.kz/oauth2/token", "https://epay-api.homebank.kz", profile)
            .unwrap_err()
            .to_string();
        assert!(err.contains("token_url") && err.contains("https://"), "{profile}: {err}");
        let err = with("https://epay-oauth.homebank.kz/t", "http://10.0.0.5", profile).unwrap_err().to_string();
        assert!(err.contains("api_url") && err.contains("plain http"), "{profile}: {err}");
    }
    for local in ["http://127.0.0.1:8080", "http://localhost:9", "http://[::1]:9", "http://127.5.0.1"] {
        assert!(with(local, local, "staging").is_ok(), "{local} is this machine");
    }
}

#[test]
fn a_secret_written_as_a_bare_number_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), "[profiles.acme]\nclient_id = \"x\"\nclient_secret = 73519004426518\n", 0o600);
    let err = resolve(&Overrides { config: Some(path), ..Default::default() }, &env_of(&[])).unwrap_err().to_string();
    assert!(err.contains("line 3") && err.contains("quoted string"), "{err}");
    assert!(!err.contains("73519004426518"), "{err}");
}

#[test]
fn timers_out_of_range_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (text, key) in [
        ("timeout_secs = 18446744073709551615\n", "timeout_secs"),
        ("deadline_secs = 99999999\n", "deadline_secs"),
        ("watch_minutes = 4294967295\n", "watch_minutes"),
        ("history_retention_days = 4294967295\n", "history_retention_days"),
        ("case_deadline_days = 400\n", "case_deadline_days"),
    ] {
        let path = write_config(dir.path(), text, 0o600);
        let err =
            resolve(&Overrides { config: Some(path), ..Default::default() }, &env_of(&[])).unwrap_err().to_string();
        assert!(err.contains(key), "{err}");
    }
}

#[test]
fn config_shows_every_setting() {
    let h = tempfile::tempdir().unwrap();
    let out = common::run(common::bin(h.path()).arg("config"));
    let text = common::stdout(&out);
    for key in ["timeout", "deadline", "concurrency", "watch", "retention", "sandbox faults", "data dir", "log file"] {
        assert!(text.lines().any(|l| l.starts_with(key)), "{key} missing:\n{text}");
    }
    assert!(text.contains("8 lookups at once") && text.contains("every 5 min"), "{text}");
    assert!(text.contains("case deadline  7 days after a case opens"), "{text}");
}

#[test]
fn a_case_deadline_of_zero_days_proposes_none() {
    let dir = tempfile::tempdir().unwrap();
    let read = |text: &str| {
        let path = write_config(dir.path(), text, 0o600);
        resolve(&Overrides { config: Some(path), ..Default::default() }, &env_of(&[])).unwrap().case_deadline_days
    };
    assert_eq!(read("case_deadline_days = 0\n"), None);
    assert_eq!(read("case_deadline_days = 30\n"), Some(30));
    assert_eq!(read(""), Some(7));
}

#[test]
fn the_operator_comes_from_the_environment_the_file_or_the_login() {
    let dir = tempfile::tempdir().unwrap();
    let with = |text: &str, env: &[(&str, &str)]| {
        let path = write_config(dir.path(), text, 0o600);
        resolve(&Overrides { config: Some(path), ..Default::default() }, &env_of(env))
    };
    assert_eq!(with("operator = \"Айгерім\"\n", &[]).unwrap().operator, "Айгерім");
    let s = with("operator = \"aigerim\"\n", &[("EPAY_STATUS_OPERATOR", "dauren")]).unwrap();
    assert_eq!(s.operator, "dauren", "the environment wins over the file");
    let login = with("", &[]).unwrap().operator;
    assert!(!login.is_empty(), "the login name by default");
    for bad in ["\"\"", "\"   \"", "\"evil\\u001b[2J\"", &format!("\"{}\"", "x".repeat(65))] {
        let e = with(&format!("operator = {bad}\n"), &[]).unwrap_err().to_string();
        assert!(e.contains("operator") && e.contains("1 to 64 printable characters"), "{bad}: {e}");
    }
}

#[test]
fn the_team_history_url_comes_from_the_environment_or_a_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let with = |text: &str, mode: u32, env: &[(&str, &str)]| {
        let path = write_config(dir.path(), text, mode);
        resolve(&Overrides { config: Some(path), ..Default::default() }, &env_of(env))
    };
    assert!(with("", 0o600, &[]).unwrap().history_url.is_none(), "the embedded history by default");
    let file = "history_url = \"postgresql://disputes:pa55word@db.example.kz/epay?sslmode=require\"\n";
    let s = with(file, 0o600, &[]).unwrap();
    let url = s.history_url.as_ref().unwrap();
    assert_eq!(url.location(), "postgresql://disputes@db.example.kz:5432/epay");
    assert!(!format!("{s:?}").contains("pa55word"), "Debug shows no password");
    let e = with(file, 0o644, &[]).unwrap_err().to_string();
    assert!(e.contains("chmod 600") && !e.contains("pa55word"), "a password in a shared file is refused: {e}");
    let no_password = "history_url = \"postgresql://disputes@db.example.kz/epay\"\n";
    assert!(with(no_password, 0o644, &[]).is_ok(), "a URL without a password is no secret");
    let s = with(no_password, 0o600, &[("EPAY_STATUS_HISTORY_URL", "postgresql://me@127.0.0.1:6432/team")]).unwrap();
    assert_eq!(s.history_url.unwrap().location(), "postgresql://me@127.0.0.1:6432/team", "the environment wins");
    let e = with("history_url = \"postgresql://u:pw@db.example.kz/epay?sslmode=disable\"\n", 0o600, &[])
        .unwrap_err()
        .to_string();
    assert!(e.contains("sslmode=require") && e.contains("(from history_url in") && !e.contains("pw@"), "{e}");
    assert!(!e.contains("EPAY_STATUS_HISTORY_URL"), "only where it was set: {e}");
    // A line that cannot be read is not echoed: it may hold the password.
    let e = with("history_url = postgresql://u:hunter2@h/db\n", 0o600, &[]).unwrap_err().to_string();
    assert!(!e.contains("hunter2"), "{e}");
}

#[test]
fn a_bad_history_url_names_only_where_it_was_set() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), "history_url = \"mysql://db/epay\"\n", 0o600);
    let flags = Overrides { config: Some(path.clone()), ..Default::default() };
    let err = resolve(&flags, &env_of(&[])).unwrap_err().to_string();
    assert!(err.contains(&format!("(from history_url in {})", path.display())), "{err}");
    assert!(!err.contains("EPAY_STATUS_HISTORY_URL"), "{err}");
    let env = env_of(&[("EPAY_STATUS_HISTORY_URL", "postgresql://a@b@c/d")]);
    let err = resolve(&flags, &env).unwrap_err().to_string();
    assert!(err.ends_with("(from EPAY_STATUS_HISTORY_URL)"), "{err}");
    assert!(!err.contains(&path.display().to_string()), "the file is not where it came from: {err}");
}

#[cfg(unix)]
#[test]
fn the_statements_login_is_read_from_the_file_or_the_environment_and_kept_private() {
    let dir = tempfile::tempdir().unwrap();
    let file = "profile = \"test\"\n[profiles.test]\nusername = \"ops@shop.kz\"\npassword = \"cabinet-Pa55\"\n";
    let path = write_config(dir.path(), file, 0o644);
    let flags = Overrides { config: Some(path.clone()), ..Default::default() };
    let err = resolve(&flags, &env_of(&[])).unwrap_err().to_string();
    assert!(err.contains("chmod 600") && !err.contains("cabinet-Pa55"), "{err}");
    let path = write_config(dir.path(), file, 0o600);
    let flags = Overrides { config: Some(path), ..Default::default() };
    let s = resolve(&flags, &env_of(&[])).unwrap();
    assert_eq!(s.username.as_deref(), Some("ops@shop.kz"));
    assert_eq!(s.password.as_ref().map(|p| p.expose_secret().to_owned()).as_deref(), Some("cabinet-Pa55"));
    assert!(!format!("{s:?}").contains("cabinet-Pa55"), "Debug redacts the password");
    // The environment wins, as for every other setting.
    let s = resolve(&flags, &env_of(&[("EPAY_USERNAME", "night@shop.kz"), ("EPAY_PASSWORD", "env-Pa55")])).unwrap();
    assert_eq!(s.username.as_deref(), Some("night@shop.kz"));
    assert_eq!(s.password.as_ref().map(|p| p.expose_secret().to_owned()).as_deref(), Some("env-Pa55"));
    // A value of the wrong type on the password's line is never quoted back.
    let path = write_config(dir.path(), "[profiles.test]\npassword = 123456789\n", 0o600);
    let err = resolve(&Overrides { config: Some(path), ..Default::default() }, &env_of(&[])).unwrap_err().to_string();
    assert!(!err.contains("123456789"), "{err}");
    // The sandbox signs in as its own cabinet user with no setup.
    let path = write_config(dir.path(), "", 0o600);
    let s = resolve(&Overrides { config: Some(path), ..Default::default() }, &env_of(&[])).unwrap();
    assert_eq!(s.username.as_deref(), Some(epay_status::config::SANDBOX_USERNAME));
}
