//! Real PostgreSQL for the team history's tests: a fresh database on the
//! run's throwaway server (`EPAY_STATUS_TEST_PG`, which `scripts/test.sh`
//! starts), or a whole cluster of a test's own when the test stops and
//! starts the server.

use std::path::{Path, PathBuf};
use std::process::Command;

use epay_status::store::{Store, TeamEnvironment, TeamUrl};

fn required(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        panic!(
            "{var} is not set: the team history's tests need PostgreSQL; run scripts/test.sh, which installs it when \
             missing and starts a throwaway server"
        )
    })
}

/// Runs SQL with `psql` (as whoever `url` names): whether it succeeded, and
/// what it printed (rows unaligned, then errors).
pub fn psql_as(url: &str, sql: &str) -> (bool, String) {
    let bin = PathBuf::from(required("EPAY_STATUS_TEST_PG_BIN"));
    let out =
        Command::new(bin.join("psql")).args([url, "-v", "ON_ERROR_STOP=1", "-qAtc", sql]).output().expect("psql runs");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), said)
}

/// Runs SQL that must succeed, as the database's owner would; its rows.
pub fn psql(url: &str, sql: &str) -> String {
    let (ok, said) = psql_as(url, sql);
    assert!(ok, "psql {sql}: {said}");
    said
}

/// The URL of a new, empty database on the run's server, set up as README
/// says: owned by the server's administrator, reached by the operators'
/// role, which may only read and add.
pub async fn fresh_database() -> String {
    let owner = epay_status::store::scratch_team_database(&required("EPAY_STATUS_TEST_PG"))
        .await
        .expect("a test database is created");
    as_operators(&owner)
}

/// The same database reached as the operators' role.
fn as_operators(owner: &str) -> String {
    owner.replacen("postgresql://epay@", &format!("postgresql://{OPERATORS}@"), 1)
}

/// The same database reached as its owner (to do what operators cannot).
pub fn owner(url: &str) -> String {
    url.replacen(&format!("postgresql://{OPERATORS}@"), "postgresql://epay@", 1)
}

use epay_status::store::SCRATCH_OPERATORS as OPERATORS;

pub fn team_url(url: &str) -> TeamUrl {
    TeamUrl::parse(url, &TeamEnvironment { var: &|_| None, home: None }).expect("the test URL parses")
}

/// The team history at `url`, its spool under `data_dir`.
pub async fn team_store(url: &str, data_dir: &Path) -> Store {
    Store::open_team(&team_url(url), data_dir).await.expect("the team history opens").store
}

/// A cluster of the test's own on a free port, stopped and deleted when
/// dropped. As root, it runs as `nobody`: PostgreSQL refuses root.
pub struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
}

impl Cluster {
    pub fn start() -> Cluster {
        let bin = PathBuf::from(required("EPAY_STATUS_TEST_PG_BIN"));
        let dir = tempfile::Builder::new().prefix("epay-status-cluster").tempdir().unwrap();
        if is_root() {
            std::os::unix::fs::chown(dir.path(), Some(65534), Some(65534)).expect("the folder is given to nobody");
        }
        let mut cluster = Cluster { dir, bin, port: 0 };
        let data = cluster.data();
        cluster.run("initdb", &["-D", &data, "-A", "trust", "-U", "epay", "--no-sync", "-E", "UTF8", "--no-locale"]);
        // A port free when asked may be taken before the server binds it
        // (other tests start clusters at once): another one is tried.
        let mut why = String::new();
        for _ in 0..5 {
            cluster.port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            match cluster.try_start() {
                Ok(()) => return cluster,
                Err(e) => why = e,
            }
        }
        panic!("the test's PostgreSQL cluster did not start: {why}");
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// A database on this cluster (created), as a URL.
    pub async fn database(&self, name: &str) -> String {
        let url = format!("postgresql://epay@127.0.0.1:{}/postgres?sslmode=disable", self.port);
        let mut psql = Command::new(self.bin.join("psql"));
        let out = psql.args([&url, "-qc", &format!("CREATE DATABASE {name}")]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let url = format!("postgresql://epay@127.0.0.1:{}/{name}?sslmode=disable", self.port);
        // Set up as its owner would (`team init`), for the operators' role.
        let roles = format!(
            "DO $$ BEGIN CREATE ROLE {OPERATORS} LOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        );
        let out = Command::new(self.bin.join("psql")).args([&url, "-qc", &roles]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        epay_status::store::init_team(&team_url(&url), OPERATORS).await.expect("the team history is set up");
        as_operators(&url)
    }

    /// Stops the server as an administrator would (fast: connections are
    /// ended, the server goes down).
    pub fn stop(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
    }

    pub fn start_again(&self) {
        if let Err(why) = self.try_start() {
            panic!("the test's PostgreSQL cluster did not start again: {why}");
        }
    }

    /// Starts the server on its port; or says why not, with its log.
    fn try_start(&self) -> Result<(), String> {
        let options =
            format!("-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off", self.port, self.dir.path().display());
        let log = self.dir.path().join("server.log");
        let args = ["-D", &self.data(), "-l", &log.display().to_string(), "-o", &options, "-w", "-t", "30", "start"];
        let out = self.tool("pg_ctl").args(args).output().expect("PostgreSQL's tools run");
        if out.status.success() {
            return Ok(());
        }
        let said = String::from_utf8_lossy(&out.stderr);
        let logged = std::fs::read_to_string(&log).unwrap_or_default();
        Err(format!("{said}\nserver.log:\n{logged}"))
    }

    /// One of PostgreSQL's tools, as `nobody` when this is root.
    fn tool(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        let mut cmd = if is_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "nobody", "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        cmd.current_dir(self.dir.path());
        cmd
    }

    fn run(&self, program: &str, args: &[&str]) {
        let out = self.tool(program).args(args).output().expect("PostgreSQL's tools run");
        assert!(
            out.status.success(),
            "{program}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.tool("pg_ctl").args(["-D", &self.data(), "-m", "immediate", "stop"]).output();
    }
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}
