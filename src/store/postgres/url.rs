//! `history_url`: where the team history is and how to reach it safely.
//! The password may come from the URL, `PGPASSWORD` or `~/.pgpass`, as
//! with `psql`; it is never shown: people see [`TeamUrl::location`].

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use tokio_postgres::config::{Host, SslMode};

use super::db::{DbError, Deadlines, Pool};
use tokio_postgres::Socket;
use tokio_postgres::tls::MakeTlsConnect;
use tokio_postgres_rustls::MakeRustlsConnect;

/// How long reaching the server may take before the lookup goes to the spool.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);

/// A parsed `history_url`.
#[derive(Clone)]
pub struct TeamUrl {
    config: tokio_postgres::Config,
    /// Extra certificate authorities (`sslrootcert=`), for a managed
    /// server whose certificate a private CA signed.
    root_cert: Option<PathBuf>,
    location: String,
    deadlines: Deadlines,
}

impl std::fmt::Debug for TeamUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("TeamUrl").field(&self.location).finish()
    }
}

/// Why a `history_url` cannot be used; never holds the password.
#[derive(Debug, thiserror::Error)]
#[error("history_url: {0}")]
pub struct TeamUrlError(String);

/// What the password lookup reads from the environment.
pub struct Environment<'a> {
    pub var: &'a dyn Fn(&str) -> Option<String>,
    pub home: Option<PathBuf>,
}

impl TeamUrl {
    /// Parses `postgresql://user[:password]@host[:port]/db[?options]`.
    pub fn parse(url: &str, env: &Environment) -> Result<Self, TeamUrlError> {
        let url = url.trim();
        if !(url.starts_with("postgresql://") || url.starts_with("postgres://")) {
            return Err(TeamUrlError("write it as postgresql://user@host:5432/database?sslmode=require".into()));
        }
        // libpq's names the driver does not know: verify-* is what every
        // TLS connection here does anyway (rustls checks the certificate and
        // the host name), and sslrootcert adds the CA it checks against.
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        // `user:Sup3r@S3cret@host`: parsers disagree on where the password
        // ends, and the driver's reading puts part of it in the host, which
        // is then shown, logged and named in files. The message quotes none
        // of the URL.
        if base.matches('@').count() > 1 {
            return Err(TeamUrlError(
                "more than one @ before the host: write an @ inside the user or password as %40".into(),
            ));
        }
        let mut kept = form_urlencoded::Serializer::new(String::new());
        let (mut root_cert, mut mode) = (None, None);
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match &*key {
                "sslrootcert" => root_cert = Some(PathBuf::from(&*value)),
                "sslmode" => mode = Some(value.into_owned()),
                _ => drop(kept.append_pair(&key, &value)),
            }
        }
        let rest = kept.finish();
        let plain = if rest.is_empty() { base.to_owned() } else { format!("{base}?{rest}") };
        // The driver's message names an option, never the URL's text.
        let mut config = tokio_postgres::Config::from_str(&plain).map_err(|e| TeamUrlError(describe(&e)))?;
        if config.get_hosts().is_empty() {
            return Err(TeamUrlError("name the server: postgresql://user@HOST:5432/database".into()));
        }
        if config.get_user().is_none() {
            let user = (env.var)("PGUSER").or_else(|| whoami::username().ok()).unwrap_or_default();
            config.user(&user);
        }
        if config.get_dbname().is_none() {
            return Err(TeamUrlError("name the database: postgresql://user@host:5432/DATABASE".into()));
        }
        // Judged on every address the client will connect to: `hostaddr`
        // overrides the host's name, so `localhost?hostaddr=<elsewhere>`
        // is elsewhere, and gets TLS like any other server off this machine.
        // Without TLS the client so only ever reaches a loopback peer, and
        // no cleartext password request from another host is answered.
        let local = config.get_hosts().iter().all(is_this_machine)
            && config.get_hostaddrs().iter().all(std::net::IpAddr::is_loopback);
        // On this machine TLS is used when asked for (require): a local
        // server's certificate is often self-signed (Debian's is), and
        // "prefer" would verify it and fail rather than go without.
        config.ssl_mode(match mode.as_deref() {
            None | Some("disable" | "allow" | "prefer") if local => SslMode::Disable,
            None | Some("require" | "verify-ca" | "verify-full") => SslMode::Require,
            Some("disable" | "allow" | "prefer") => {
                return Err(TeamUrlError(
                    "a server on another machine needs sslmode=require: the history holds customers' data".into(),
                ));
            }
            Some(other) => {
                return Err(TeamUrlError(format!(
                    "sslmode={} is not one of disable, allow, prefer, require, verify-ca, verify-full",
                    crate::text::clean(other)
                )));
            }
        });
        if config.get_password().is_none()
            && let Some(password) = (env.var)("PGPASSWORD").filter(|p| !p.is_empty()).map(Ok).or_else(|| {
                let file =
                    (env.var)("PGPASSFILE").map(PathBuf::from).or_else(|| env.home.clone().map(|h| h.join(".pgpass")));
                file.and_then(|f| pgpass(&f, &config).transpose())
            })
        {
            config.password(password?);
        }
        // A connection that went quiet (a VPN dropped, a laptop slept) is
        // found dead in seconds, not the quarter hour TCP would take: the
        // lookup goes to the spool instead (see also db.rs).
        config
            .connect_timeout(CONNECT_TIMEOUT)
            .keepalives_idle(Duration::from_secs(10))
            .keepalives_interval(Duration::from_secs(5))
            .keepalives_retries(3)
            .tcp_user_timeout(Duration::from_secs(20))
            .application_name("epay-status");
        let location = location(&config);
        Ok(Self { config, root_cert, location, deadlines: Deadlines::default() })
    }

    /// Whether the URL's text carries a password, which makes the file
    /// holding it as secret as the client secret. Read by the same parser
    /// that connects; a URL it cannot read counts as holding one.
    pub fn holds_password(url: &str) -> bool {
        let env = Environment { var: &|_| None, home: None };
        TeamUrl::parse(url, &env).map_or(true, |u| u.config.get_password().is_some())
    }

    /// The spool's file name for this history: one per server, database
    /// and role, so lookups that waited for one team history are never
    /// sent to another the settings name later (a test database, another
    /// team's).
    ///
    /// The readable prefix loses what is not ASCII (`споры` and `архив`
    /// read alike), so a digest of the exact hosts, addresses, ports,
    /// database and user tells them apart.
    pub fn spool_file_name(&self) -> String {
        use sha2::Digest;
        let target = self.location.trim_start_matches("postgresql://");
        let safe: String = target
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || "@._".contains(c) { c } else { '-' })
            .take(64)
            .collect();
        let c = &self.config;
        let mut exact = sha2::Sha256::new();
        for host in c.get_hosts() {
            match host {
                Host::Tcp(name) => exact.update(format!("tcp:{name}\0")),
                Host::Unix(dir) => exact.update(format!("unix:{}\0", dir.display())),
            }
        }
        for addr in c.get_hostaddrs() {
            exact.update(format!("addr:{addr}\0"));
        }
        for port in c.get_ports() {
            exact.update(format!("port:{port}\0"));
        }
        exact.update(format!("db:{}\0user:{}\0", c.get_dbname().unwrap_or_default(), c.get_user().unwrap_or_default()));
        let digest: String = exact.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("spool-{safe}-{digest}.sqlite3")
    }

    /// The name spools had before they carried a digest, when that name
    /// can have come from this history alone: user, host and database of
    /// letters, digits, dots and underscores, one host, no `hostaddr`.
    pub fn unambiguous_older_spool_file_name(&self) -> Option<String> {
        let c = &self.config;
        let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "._".contains(c));
        let host = match c.get_hosts() {
            [Host::Tcp(name)] => name,
            _ => return None,
        };
        let clear = c.get_hostaddrs().is_empty()
            && c.get_ports().len() <= 1
            && [host.as_str(), c.get_dbname().unwrap_or_default(), c.get_user().unwrap_or_default()]
                .into_iter()
                .all(plain);
        let target = self.location.trim_start_matches("postgresql://");
        clear.then(|| format!("spool-{}.sqlite3", target.replace([':', '/'], "-")))
    }

    /// The URL without its password, for people and logs.
    pub fn location(&self) -> &str {
        &self.location
    }

    pub fn deadlines(&self) -> Deadlines {
        self.deadlines
    }

    /// How long the server may take (see [`Deadlines`]).
    pub fn with_deadlines(mut self, deadlines: Deadlines) -> Self {
        self.deadlines = deadlines;
        self
    }

    /// A pool of up to `size` connections, TLS verified against the public
    /// roots and `sslrootcert`, every exchange within its deadline. Errors
    /// are the driver's: they never hold the password.
    pub fn pool(&self, size: usize) -> Result<Pool, ConnectError> {
        let tls = self.tls().map_err(ConnectError::Setup)?;
        super::db::pool(self.config.clone(), tls, self.deadlines, size).map_err(ConnectError::Server)
    }

    /// One connection outside any pool, its messages (notifications) the
    /// caller's to drive.
    pub async fn connect(&self) -> Result<(tokio_postgres::Client, Connection), ConnectError> {
        let tls = self.tls().map_err(ConnectError::Setup)?;
        let after = self.deadlines.connect;
        match tokio::time::timeout(after, self.config.connect(tls)).await {
            Ok(done) => done.map_err(|e| ConnectError::Server(DbError::Server(e))),
            Err(_) => Err(ConnectError::Server(DbError::Deadline { doing: "the connection", after })),
        }
    }

    fn tls(&self) -> Result<MakeRustlsConnect, String> {
        let mut extra = Vec::new();
        if let Some(path) = &self.root_cert {
            use rustls::pki_types::CertificateDer;
            use rustls::pki_types::pem::PemObject;
            let pem = std::fs::read(path).map_err(|e| format!("sslrootcert {}: {e}", path.display()))?;
            for cert in CertificateDer::pem_slice_iter(&pem) {
                extra.push(cert.map_err(|e| format!("sslrootcert {}: {e}", path.display()))?);
            }
        }
        let config = crate::tls::client_config(extra, &[]).map_err(|e| match &self.root_cert {
            Some(path) => format!("sslrootcert {}: {e}", path.display()),
            None => format!("TLS: {e}"),
        })?;
        Ok(MakeRustlsConnect::new(config))
    }
}

/// A connection's messages, as [`TeamUrl::connect`] hands them over.
pub type Connection = tokio_postgres::Connection<Socket, <MakeRustlsConnect as MakeTlsConnect<Socket>>::Stream>;

/// Why a connection failed.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("{0}")]
    Setup(String),
    #[error("{0}")]
    Server(DbError),
}

impl ConnectError {
    /// A problem with the settings, not the network: a wrong password, no
    /// such database or role right, a certificate that does not verify, an
    /// `sslrootcert` that cannot be read. Waiting will not mend it.
    pub fn is_configuration(&self) -> bool {
        let e = match self {
            Self::Setup(_) => return true,
            Self::Server(e) => e,
        };
        if let Some(code) = e.code() {
            let code = code.code();
            return code.starts_with("28") || code == "3D000" || code == "42501";
        }
        let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(e);
        while let Some(c) = cause {
            if c.is::<rustls::Error>()
                || c.downcast_ref::<std::io::Error>()
                    .and_then(|io| io.get_ref())
                    .is_some_and(|inner| inner.is::<rustls::Error>())
            {
                return true;
            }
            cause = c.source();
        }
        false
    }
}

/// The driver's error with its cause ("error connecting to server:
/// Connection refused"), which its Display leaves out.
pub fn describe(e: &tokio_postgres::Error) -> String {
    use std::error::Error;
    match (e.as_db_error(), e.source()) {
        (Some(db), _) => format!("{}: {}", db.severity(), db.message()),
        (None, Some(cause)) => format!("{e}: {cause}"),
        (None, None) => e.to_string(),
    }
}

fn is_this_machine(host: &Host) -> bool {
    match host {
        Host::Tcp(name) => name == "localhost" || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback()),
        Host::Unix(_) => true,
    }
}

fn location(config: &tokio_postgres::Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) if name.contains(':') => format!("[{name}]"),
        Some(Host::Tcp(name)) => name.clone(),
        Some(Host::Unix(dir)) => dir.display().to_string(),
        None => String::new(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "postgresql://{}@{host}:{port}/{}",
        config.get_user().unwrap_or_default(),
        config.get_dbname().unwrap_or_default()
    )
}

/// The password `~/.pgpass` holds for this server, database and user, as
/// libpq reads it: `host:port:database:user:password`, `*` for any, `\:`
/// for a colon. A file others can read is refused, as libpq ignores it.
/// Written here: tokio-postgres does not read the file, and the one crate
/// that does (postgres_secrets) brings the sync `postgres` driver with it.
fn pgpass(file: &Path, config: &tokio_postgres::Config) -> Result<Option<String>, TeamUrlError> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(TeamUrlError(format!("cannot read {}: {e}", file.display()))),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).map(|m| m.permissions().mode()).unwrap_or(0);
        if mode & 0o077 != 0 {
            return Err(TeamUrlError(format!(
                "{} is readable by others (mode {:o}): run chmod 600 {}",
                file.display(),
                mode & 0o777,
                file.display()
            )));
        }
    }
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        // libpq matches a socket directory as "localhost".
        _ => "localhost".into(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432).to_string();
    let wanted = [host.as_str(), &port, config.get_dbname().unwrap_or_default(), config.get_user().unwrap_or_default()];
    for line in text.lines().filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty()) {
        let fields = split_pgpass(line);
        if fields.len() == 5 && fields[..4].iter().zip(wanted).all(|(field, want)| field == "*" || field == want) {
            return Ok(Some(fields[4].clone()));
        }
    }
    Ok(None)
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut().expect("one field").extend(chars.next()),
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str, vars: &[(&str, &str)], home: Option<&Path>) -> Result<TeamUrl, TeamUrlError> {
        let var = |k: &str| vars.iter().find(|(name, _)| *name == k).map(|(_, v)| (*v).to_owned());
        TeamUrl::parse(url, &Environment { var: &var, home: home.map(Path::to_path_buf) })
    }

    #[test]
    fn the_location_never_holds_the_password() {
        let url = parse("postgresql://disputes:s3cret-pw@db.example.kz:6432/epay?sslmode=require", &[], None).unwrap();
        assert_eq!(url.location(), "postgresql://disputes@db.example.kz:6432/epay");
        assert_eq!(url.config.get_password(), Some(&b"s3cret-pw"[..]));
        assert!(!format!("{url:?}").contains("s3cret"));
    }

    #[test]
    fn each_team_history_has_a_spool_of_its_own() {
        let name = |url: &str| parse(url, &[], None).unwrap().spool_file_name();
        let named = name("postgresql://disputes:pw@db.example.kz:6432/epay");
        assert!(named.starts_with("spool-disputes@db.example.kz-6432-epay-"), "{named}");
        assert!(named.ends_with(".sqlite3") && !named.contains("pw"), "{named}");
        assert_eq!(named, name("postgresql://disputes:other-pw@db.example.kz:6432/epay"), "the password is no part");
        assert_ne!(name("postgresql://u@db.example.kz/a"), name("postgresql://u@db.example.kz/b"));
        assert_ne!(name("postgresql://u@db.example.kz/a"), name("postgresql://v@db.example.kz/a"));
        let url = parse("postgresql://disputes:pw@db.example.kz:6432/epay", &[], None).unwrap();
        assert_eq!(
            url.unambiguous_older_spool_file_name().as_deref(),
            Some("spool-disputes@db.example.kz-6432-epay.sqlite3"),
            "the name an older version gave it"
        );
        for lossy in ["postgresql://u@db-1.kz/a", "postgresql://u@h/споры", "postgresql://u@h/a?hostaddr=127.0.0.1"]
        {
            assert_eq!(parse(lossy, &[], None).unwrap().unambiguous_older_spool_file_name(), None, "{lossy}");
        }
        // Names that read alike once made safe for a file name.
        assert_ne!(name("postgresql://u@db.example.kz/споры"), name("postgresql://u@db.example.kz/архив"));
        assert_ne!(name("postgresql://u@db-1.kz/a"), name("postgresql://u@db.1.kz/a"));
        assert_ne!(
            name("postgresql://u@db.example.kz/a?sslmode=require"),
            name("postgresql://u@db.example.kz/a?sslmode=require&hostaddr=10.0.0.5")
        );
    }

    #[test]
    fn a_password_is_found_wherever_the_driver_finds_it() {
        for url in [
            "postgresql://app:Ab/cd@db.example.kz/epay",
            "postgresql://app:p%40ss@db.example.kz/epay",
            "postgresql://app@db.example.kz/epay?password=x",
            "postgresql://app:pw@db.example.kz/epay?sslmode=sometimes",
        ] {
            assert!(TeamUrl::holds_password(url), "{url}");
        }
        assert!(!TeamUrl::holds_password("postgresql://app@db.example.kz/epay?sslmode=require"));
    }

    #[test]
    fn a_remote_server_gets_tls_and_refuses_plain_text() {
        let url = parse("postgresql://u@db.example.kz/epay", &[], None).unwrap();
        assert_eq!(url.config.get_ssl_mode(), SslMode::Require, "no sslmode: required off this machine");
        let url =
            parse("postgresql://u@db.example.kz/epay?sslmode=verify-full&sslrootcert=/etc/ca.pem", &[], None).unwrap();
        assert_eq!(url.config.get_ssl_mode(), SslMode::Require);
        assert_eq!(url.root_cert.as_deref(), Some(Path::new("/etc/ca.pem")));
        let e = parse("postgresql://u@db.example.kz/epay?sslmode=disable", &[], None).unwrap_err();
        assert!(e.to_string().contains("sslmode=require"), "{e}");
        let url = parse("postgresql://u@127.0.0.1:5433/epay?sslmode=disable", &[], None).unwrap();
        assert_eq!(url.config.get_ssl_mode(), SslMode::Disable, "loopback may go without");
        let url = parse("postgresql://u@localhost/epay", &[], None).unwrap();
        assert_eq!(url.config.get_ssl_mode(), SslMode::Disable, "on this machine, TLS only when asked");
        let url = parse("postgresql://u@localhost/epay?sslmode=require", &[], None).unwrap();
        assert_eq!(url.config.get_ssl_mode(), SslMode::Require);
    }

    #[test]
    fn hostaddr_off_this_machine_needs_tls_whatever_the_host_is_called() {
        let e = parse("postgresql://u:pw@localhost:5432/db?hostaddr=10.9.8.7&sslmode=disable", &[], None).unwrap_err();
        assert!(e.to_string().contains("sslmode=require"), "{e}");
        let url = parse("postgresql://u@localhost:5432/db?hostaddr=10.9.8.7", &[], None).unwrap();
        assert_eq!(url.config.get_ssl_mode(), SslMode::Require, "no sslmode: TLS, the address is elsewhere");
        let url = parse("postgresql://u@localhost:5432/db?hostaddr=127.0.0.1", &[], None).unwrap();
        assert_eq!(url.config.get_ssl_mode(), SslMode::Disable, "a loopback hostaddr is this machine");
        let e = parse("postgresql://u@localhost,localhost/db?hostaddr=127.0.0.1,192.0.2.1&sslmode=disable", &[], None)
            .unwrap_err();
        assert!(e.to_string().contains("sslmode=require"), "every address counts: {e}");
    }

    #[test]
    fn a_second_at_before_the_host_is_refused_without_quoting_the_url() {
        for url in [
            "postgresql://disputes:Sup3r@S3cretPW@db.example.kz/epay",
            "postgresql://disputes:Sup3r@S3cretPW@127.0.0.1:5432/epay?sslmode=disable",
        ] {
            let e = parse(url, &[], None).unwrap_err().to_string();
            assert!(e.contains("more than one @") && e.contains("%40"), "{e}");
            assert!(!e.contains("S3cret") && !e.contains("Sup3r") && !e.contains("disputes"), "{e}");
            assert!(TeamUrl::holds_password(url), "such a URL counts as holding a password");
        }
        assert!(parse("postgresql://disputes:Sup3r%40S3cretPW@db.example.kz/epay", &[], None).is_ok());
    }

    #[test]
    fn unusable_urls_say_what_to_write() {
        for (url, says) in [
            ("mysql://u@h/db", "postgresql://"),
            ("postgresql://u@h", "name the database"),
            ("postgresql://u@h/db?sslmode=sometimes", "sslmode=sometimes is not one of"),
            ("postgresql://u:pw@h/db?colour=blue", "colour"),
        ] {
            let e = parse(url, &[], None).unwrap_err().to_string();
            assert!(e.contains(says), "{url}: {e}");
            assert!(!e.contains("pw@"), "{e}");
        }
    }

    #[test]
    fn the_password_comes_from_pgpassword_or_pgpass() {
        let url = parse("postgresql://u@h/db", &[("PGPASSWORD", "from-env")], None).unwrap();
        assert_eq!(url.config.get_password(), Some(&b"from-env"[..]));
        let home = tempfile::tempdir().unwrap();
        let file = home.path().join(".pgpass");
        std::fs::write(&file, "# team\nother:*:*:*:no\nh:5432:db:u:pa\\:ss\n*:*:*:*:fallback\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let url = parse("postgresql://u@h/db", &[], Some(home.path())).unwrap();
        assert_eq!(url.config.get_password(), Some(&b"pa:ss"[..]));
        let url = parse("postgresql://u@h:6000/db", &[], Some(home.path())).unwrap();
        assert_eq!(url.config.get_password(), Some(&b"fallback"[..]), "another port: the wildcard line");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
            let e = parse("postgresql://u@h/db", &[], Some(home.path())).unwrap_err().to_string();
            assert!(e.contains("chmod 600") && !e.contains("pa:ss"), "{e}");
        }
    }
}
