//! Misbehaviour on request, so every failure path can be tested and shown:
//! latency, 5xx and 429 answers, HTML pages, truncated and oversized bodies,
//! 401s and "try again later" codes, on chosen invoices or at a rate.
//!
//! Written `KIND[=ARG][@WHERE][*N]`: `503@100000001*2` (the first two checks
//! of that invoice get a 503), `delay=1500@25%`, `html@all`, `107`. Kinds
//! named `token-…` act on the token endpoint (`@all` or `@N%`), those named
//! `ops-…` on the statement (`/operations`); the others with `@all` or a
//! rate act on the statement too.

use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

#[derive(Clone, Debug, PartialEq)]
pub enum FaultKind {
    /// Answer normally, but late.
    Delay(Duration),
    /// An HTTP error with a non-JSON body (429, 5xx).
    Status(u16),
    /// HTTP 502 with a proxy's HTML page.
    Html,
    /// A body cut off part-way.
    Truncated,
    /// A body of several MiB.
    Oversized,
    /// HTTP 401, as for an expired or revoked token.
    Unauthorized,
    /// A JSON answer with this ePay result code (103, 107...).
    Code(&'static str),
    /// HTTP 307 to another address, as a misconfigured proxy might send.
    Redirect(String),
    /// The token endpoint's misbehaviour; it never touches status calls.
    Token(TokenFault),
    /// The statement's shape or misbehaviour (`ops-…`); only `/operations`.
    Statement(super::statement::StatementFault),
    /// The handler panics: with the sandbox embedded, a panic in one of the
    /// program's own background tasks, to test that the terminal is given
    /// back and the panic logged.
    Panic,
}

/// What a hostile or careless token endpoint does.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenFault {
    /// A body that never ends.
    Endless,
    /// A token whose `expires_in` is this JSON text (`0`, `1e30`, `"900"`).
    ExpiresIn(String),
    /// HTTP 307 to this URL: a client that follows re-posts the secret there.
    Redirect(String),
    /// HTTP 401 whose message repeats the request form, secret included.
    EchoForm,
    /// The shape some ePay pages print: `token_type` "bearer", no
    /// `refresh_token`, `expires_in` as a string, scope with a leading space.
    Lowercase,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    All,
    Invoice(String),
    /// A share of requests, 0.0 to 1.0.
    Rate(f64),
}

#[derive(Debug)]
pub struct Fault {
    pub kind: FaultKind,
    pub target: Target,
    /// Only the first N matching requests; then the fault is spent.
    pub times: Option<u32>,
    used: AtomicU32,
}

impl Clone for Fault {
    fn clone(&self) -> Self {
        Self { kind: self.kind.clone(), target: self.target.clone(), times: self.times, used: AtomicU32::new(0) }
    }
}

impl PartialEq for Fault {
    fn eq(&self, other: &Self) -> bool {
        (&self.kind, &self.target, self.times) == (&other.kind, &other.target, other.times)
    }
}

impl Fault {
    pub fn new(kind: FaultKind, target: Target, times: Option<u32>) -> Self {
        Self { kind, target, times, used: AtomicU32::new(0) }
    }

    /// Whether this fault hits this request (and counts it if so).
    pub fn hits(&self, invoice: &str) -> bool {
        let aimed = match &self.target {
            Target::All => true,
            Target::Invoice(id) => id == invoice,
            Target::Rate(r) => fastrand::f64() < *r,
        };
        if !aimed {
            return false;
        }
        match self.times {
            None => true,
            Some(n) => self.used.fetch_add(1, Ordering::Relaxed) < n,
        }
    }
}

impl std::str::FromStr for Fault {
    type Err = String;

    fn from_str(spec: &str) -> Result<Self, String> {
        let bad = |why: &str| {
            format!("fault {spec:?}: {why}; write KIND[=ARG][@INVOICE|@N%|@all][*TIMES], e.g. 503@100000001*2")
        };
        let (rest, times) = match spec.rsplit_once('*') {
            Some((r, n)) => (r, Some(n.parse::<u32>().map_err(|_| bad("*TIMES is a whole number"))?)),
            None => (spec, None),
        };
        let (what, target) = match rest.split_once('@') {
            Some((w, t)) => (w, parse_target(t).ok_or_else(|| bad("@ takes an invoice ID, a percentage or all"))?),
            None => (rest, Target::All),
        };
        let (name, arg) = match what.split_once('=') {
            Some((n, a)) => (n, Some(a)),
            None => (what, None),
        };
        let kind = match (name, arg) {
            ("delay", Some(ms)) => {
                FaultKind::Delay(Duration::from_millis(ms.parse().map_err(|_| bad("delay=MILLISECONDS"))?))
            }
            ("html", None) => FaultKind::Html,
            ("truncated", None) => FaultKind::Truncated,
            ("oversized", None) => FaultKind::Oversized,
            ("401", None) => FaultKind::Unauthorized,
            ("panic", None) => FaultKind::Panic,
            ("redirect", Some(url)) => FaultKind::Redirect(url.to_owned()),
            ("token-endless", None) => FaultKind::Token(TokenFault::Endless),
            ("token-expires", Some(raw)) => FaultKind::Token(TokenFault::ExpiresIn(raw.to_owned())),
            ("token-redirect", Some(url)) => FaultKind::Token(TokenFault::Redirect(url.to_owned())),
            ("token-echo", None) => FaultKind::Token(TokenFault::EchoForm),
            ("token-lowercase", None) => FaultKind::Token(TokenFault::Lowercase),
            ("ops-shape", Some(shape)) if super::statement::StatementFault::SHAPES.contains(&shape) => {
                FaultKind::Statement(super::statement::StatementFault::Shape(shape.to_owned()))
            }
            ("ops-snake", None) => FaultKind::Statement(super::statement::StatementFault::Snake),
            ("ops-repeat", None) => FaultKind::Statement(super::statement::StatementFault::Repeat),
            ("ops-endless", None) => FaultKind::Statement(super::statement::StatementFault::Endless),
            ("ops-overlap", None) => FaultKind::Statement(super::statement::StatementFault::Overlap),
            ("ops-refuse", None) => FaultKind::Statement(super::statement::StatementFault::Refuse),
            ("103", None) => FaultKind::Code("103"),
            ("107", None) => FaultKind::Code("107"),
            (code, None) if code.len() == 3 && (code == "429" || code.starts_with('5')) => {
                FaultKind::Status(code.parse().map_err(|_| bad("unknown status"))?)
            }
            _ => {
                return Err(bad("unknown kind (delay=MS, 429, 5xx, html, truncated, oversized, 401, 103, 107, \
                     panic, redirect=URL, token-endless, token-expires=JSON, token-redirect=URL, token-echo, token-lowercase, \
                     ops-shape=array|content|data|nested|several|nolist, ops-snake, ops-repeat, ops-endless, ops-overlap, ops-refuse)"));
            }
        };
        Ok(Self::new(kind, target, times))
    }
}

fn parse_target(t: &str) -> Option<Target> {
    if t == "all" {
        return Some(Target::All);
    }
    if let Some(p) = t.strip_suffix('%') {
        let p: f64 = p.parse().ok()?;
        return (0.0..=100.0).contains(&p).then_some(Target::Rate(p / 100.0));
    }
    crate::epay::InvoiceId::parse(t).ok().map(|id| Target::Invoice(id.to_string()))
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            FaultKind::Delay(d) => write!(f, "delay={}", d.as_millis())?,
            FaultKind::Status(s) => write!(f, "{s}")?,
            FaultKind::Html => f.write_str("html")?,
            FaultKind::Truncated => f.write_str("truncated")?,
            FaultKind::Oversized => f.write_str("oversized")?,
            FaultKind::Unauthorized => f.write_str("401")?,
            FaultKind::Panic => f.write_str("panic")?,
            FaultKind::Code(c) => f.write_str(c)?,
            FaultKind::Redirect(url) => write!(f, "redirect={url}")?,
            FaultKind::Token(TokenFault::Endless) => f.write_str("token-endless")?,
            FaultKind::Token(TokenFault::ExpiresIn(raw)) => write!(f, "token-expires={raw}")?,
            FaultKind::Token(TokenFault::Redirect(url)) => write!(f, "token-redirect={url}")?,
            FaultKind::Token(TokenFault::EchoForm) => f.write_str("token-echo")?,
            FaultKind::Token(TokenFault::Lowercase) => f.write_str("token-lowercase")?,
            FaultKind::Statement(fault) => {
                use super::statement::StatementFault;
                match fault {
                    StatementFault::Shape(shape) => write!(f, "ops-shape={shape}")?,
                    StatementFault::Snake => f.write_str("ops-snake")?,
                    StatementFault::Repeat => f.write_str("ops-repeat")?,
                    StatementFault::Endless => f.write_str("ops-endless")?,
                    StatementFault::Overlap => f.write_str("ops-overlap")?,
                    StatementFault::Refuse => f.write_str("ops-refuse")?,
                }
            }
        }
        match &self.target {
            Target::All => f.write_str("@all")?,
            Target::Invoice(i) => write!(f, "@{i}")?,
            Target::Rate(r) => write!(f, "@{}%", r * 100.0)?,
        }
        if let Some(n) = self.times {
            write!(f, "*{n}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_forms() {
        let f: Fault = "503@100000001*2".parse().unwrap();
        assert_eq!(f.kind, FaultKind::Status(503));
        assert_eq!(f.target, Target::Invoice("100000001".into()));
        assert_eq!(f.times, Some(2));
        let d: Fault = "delay=1500@25%".parse().unwrap();
        assert_eq!(d.kind, FaultKind::Delay(Duration::from_millis(1500)));
        assert_eq!(d.target, Target::Rate(0.25));
        assert_eq!("html".parse::<Fault>().unwrap().target, Target::All);
        for bad in ["teapot", "200", "delay", "503@abc", "503*x", "503@150%"] {
            assert!(bad.parse::<Fault>().is_err(), "{bad} accepted");
        }
        assert_eq!(f.to_string(), "503@100000001*2");
        let t: Fault = "token-redirect=http://127.0.0.1:9/oauth2/token*1".parse().unwrap();
        assert_eq!(t.kind, FaultKind::Token(TokenFault::Redirect("http://127.0.0.1:9/oauth2/token".into())));
        assert_eq!(t.to_string(), "token-redirect=http://127.0.0.1:9/oauth2/token@all*1");
        assert_eq!(
            "token-expires=1e30".parse::<Fault>().unwrap().kind,
            FaultKind::Token(TokenFault::ExpiresIn("1e30".into()))
        );
    }

    #[test]
    fn times_are_counted_per_fault() {
        let f: Fault = "503@100000001*2".parse().unwrap();
        assert!(!f.hits("100000002"));
        assert!(f.hits("100000001"));
        assert!(f.hits("100000001"));
        assert!(!f.hits("100000001"), "spent after two");
    }
}
