//! Helpers shared by the integration tests: a real sandbox on loopback and
//! the real binary in an isolated home.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

use epay_status::config::{TEST_CLIENT_ID, TEST_CLIENT_SECRET, TEST_TERMINAL};
use epay_status::epay::{Credentials, EpayClient, Grant, TokenHolder};
use epay_status::sandbox::{Sandbox, SandboxOptions};
use secrecy::SecretString;

pub async fn sandbox() -> Sandbox {
    sandbox_with(SandboxOptions::default()).await
}

pub async fn sandbox_with(options: SandboxOptions) -> Sandbox {
    Sandbox::start(([127, 0, 0, 1], 0).into(), options).await.expect("sandbox starts on loopback")
}

pub fn credentials(sandbox: &Sandbox, client_id: &str, secret: &str, terminal: Option<&str>) -> Credentials {
    Credentials {
        token_url: sandbox.token_url(),
        client_id: client_id.into(),
        client_secret: SecretString::from(secret.to_string()),
        grant: Grant::ClientCredentials { terminal: terminal.map(str::to_owned) },
        scope: "payment".into(),
    }
}

pub fn client_for(sandbox: &Sandbox, credentials: Credentials) -> EpayClient {
    let http = epay_status::epay::http_client(std::time::Duration::from_secs(10), true).unwrap();
    EpayClient::new(http.api.clone(), &sandbox.api_url(), TokenHolder::new(http.token, credentials))
}

pub fn test_client(sandbox: &Sandbox) -> EpayClient {
    client_for(sandbox, credentials(sandbox, TEST_CLIENT_ID, TEST_CLIENT_SECRET, Some(TEST_TERMINAL)))
}

/// The statement search of the sandbox, signed in as its cabinet user.
pub fn statement_client(sandbox: &Sandbox) -> epay_status::epay::StatementClient {
    use epay_status::config::{SANDBOX_PASSWORD, SANDBOX_USERNAME};
    let mut login = credentials(sandbox, TEST_CLIENT_ID, TEST_CLIENT_SECRET, None);
    login.grant = Grant::Password {
        username: SANDBOX_USERNAME.into(),
        password: SecretString::from(SANDBOX_PASSWORD.to_string()),
    };
    let http = epay_status::epay::http_client(std::time::Duration::from_secs(10), true).unwrap();
    epay_status::epay::StatementClient::new(http.api.clone(), &sandbox.api_url(), TokenHolder::new(http.token, login))
}

pub fn invoice(id: &str) -> epay_status::epay::InvoiceId {
    epay_status::epay::InvoiceId::parse(id).unwrap()
}

/// The real binary with no EPAY_* from the caller and a private home, so
/// no developer's config leaks into a test.
pub fn bin(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_epay-status"));
    for (k, _) in std::env::vars() {
        if k.starts_with("EPAY_") || k == "NO_COLOR" || k.starts_with("LC_") {
            cmd.env_remove(k);
        }
    }
    // The tests read English unless they ask for another language.
    cmd.env("LANG", "C.UTF-8");
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("EPAY_STATUS_DATA_DIR", home.join("data"))
        .stdin(Stdio::null());
    cmd
}

/// Points the binary at a running sandbox instead of its embedded one, so
/// the test can count what it was sent.
pub fn at_sandbox(cmd: &mut Command, sandbox: &Sandbox) {
    cmd.env("EPAY_TOKEN_URL", sandbox.token_url()).env("EPAY_API_URL", sandbox.api_url());
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("binary runs")
}

pub async fn run_async(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().expect("binary runs")).await.unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
pub mod harness;
pub mod postgres;
