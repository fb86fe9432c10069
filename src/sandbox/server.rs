use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Form, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use super::faults::{Fault, FaultKind, TokenFault};
use super::fixtures::{Client, Fixtures};
use crate::epay::Kind;

#[derive(Clone, Debug, Default)]
pub struct SandboxOptions {
    /// Clients accepted besides the fixture file's (tests use short lifetimes).
    pub extra_clients: Vec<Client>,
    /// Misbehaviour on request, besides the fixture file's own faults.
    pub faults: Vec<Fault>,
}

struct Issued {
    client: usize,
    terminal: Option<String>,
    expires: Instant,
    /// A password-grant token, for the statement only; a client-credentials
    /// one is for the status endpoints only.
    statement: bool,
}

struct Shared {
    fixtures: Fixtures,
    faults: Vec<Fault>,
    clients: Vec<Client>,
    tokens: Mutex<HashMap<String, Issued>>,
    token_requests: AtomicU64,
    status_requests: AtomicU64,
    statement_requests: AtomicU64,
    /// Requests that came with the other grant's token.
    mixed_tokens: AtomicU64,
    serial: AtomicU64,
    random: RandomState,
}

/// A running sandbox. Dropping it stops the server.
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Sandbox {
    /// Serves on `addr` (port 0 picks a free one) until dropped.
    pub async fn start(addr: SocketAddr, options: SandboxOptions) -> std::io::Result<Self> {
        let fixtures = Fixtures::load();
        let mut clients = fixtures.clients.clone();
        clients.extend(options.extra_clients);
        let mut faults = options.faults;
        faults.extend(fixtures.faults.iter().cloned());
        let shared = Arc::new(Shared {
            fixtures,
            faults,
            clients,
            tokens: Mutex::new(HashMap::new()),
            token_requests: AtomicU64::new(0),
            status_requests: AtomicU64::new(0),
            statement_requests: AtomicU64::new(0),
            mixed_tokens: AtomicU64::new(0),
            serial: AtomicU64::new(0),
            random: RandomState::new(),
        });
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = router(shared.clone());
        tokio::spawn(async move {
            let served = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(e) = served.await {
                tracing::error!("sandbox server stopped: {e}");
            }
        });
        tracing::info!(%addr, "sandbox listening");
        Ok(Self { addr, shared, stop: Some(stop) })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn token_url(&self) -> String {
        format!("http://{}/oauth2/token", self.addr)
    }

    pub fn api_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn token_requests(&self) -> u64 {
        self.shared.token_requests.load(Ordering::Relaxed)
    }

    pub fn status_requests(&self) -> u64 {
        self.shared.status_requests.load(Ordering::Relaxed)
    }

    pub fn statement_requests(&self) -> u64 {
        self.shared.statement_requests.load(Ordering::Relaxed)
    }

    /// Requests refused for carrying the other grant's token: a
    /// password-grant token at a status endpoint, or a client-credentials
    /// one at the statement.
    pub fn mixed_tokens(&self) -> u64 {
        self.shared.mixed_tokens.load(Ordering::Relaxed)
    }

    /// Forgets every issued token, as a server restart or revocation would:
    /// the next status call gets a 401.
    pub fn revoke_tokens(&self) {
        self.shared.tokens.lock().expect("token table lock").clear();
    }

    /// The fixture invoices of one kind.
    pub fn invoices(&self, kind: Kind) -> Vec<String> {
        self.shared.fixtures.invoices(kind).into_iter().map(str::to_owned).collect()
    }

    /// Whether a fault is aimed at this invoice by name.
    pub fn misbehaves(&self, invoice: &str) -> bool {
        self.shared.faults.iter().any(|f| f.target == super::faults::Target::Invoice(invoice.to_owned()))
    }

    /// Waits until the server is stopped by a signal (for `epay-status sandbox`).
    pub async fn serve_until_signal(mut self) {
        crate::signals::wait_for_termination().await;
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/oauth2/token", post(token))
        .route("/check-status/payment/transaction/{invoice}", get(payment_status))
        .route("/check-status/p2p/transaction/{invoice}", get(p2p_status))
        .route("/operations", post(operations))
        .route("/sandbox/stats", get(stats))
        .with_state(shared)
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (status, Json(json!({"error": error, "error_description": description}))).into_response()
}

/// The reference says "form-data"; public clients send multipart or
/// urlencoded bodies, and ePay takes both.
async fn read_form(request: Request) -> Option<HashMap<String, String>> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        return Form::<HashMap<String, String>>::from_request(request, &()).await.ok().map(|Form(f)| f);
    }
    let mut parts = Multipart::from_request(request, &()).await.ok()?;
    let mut form = HashMap::new();
    while let Some(field) = parts.next_field().await.ok()? {
        let name = field.name()?.to_owned();
        form.insert(name, field.text().await.ok()?);
    }
    Some(form)
}

async fn token(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    shared.token_requests.fetch_add(1, Ordering::Relaxed);
    let fault = shared.faults.iter().filter(|f| matches!(f.kind, FaultKind::Token(_))).find(|f| f.hits(""));
    let fault = match fault.map(|f| &f.kind) {
        Some(FaultKind::Token(t)) => Some(t.clone()),
        _ => None,
    };
    let Some(form) = read_form(request).await else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "send a form (urlencoded or multipart)");
    };
    match &fault {
        Some(TokenFault::Endless) => {
            let chunk = axum::body::Bytes::from_static(&[b' '; 16 * 1024]);
            let body = axum::body::Body::from_stream(futures_util::stream::repeat_with(move || {
                Ok::<_, std::io::Error>(chunk.clone())
            }));
            return (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body).into_response();
        }
        Some(TokenFault::Redirect(url)) => {
            return (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, url.as_str())]).into_response();
        }
        Some(TokenFault::EchoForm) => {
            let mut echo = form_urlencoded::Serializer::new(String::new());
            let mut fields: Vec<_> = form.iter().collect();
            fields.sort();
            echo.extend_pairs(fields);
            let said = format!("rejected request: {}", echo.finish());
            return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", &said);
        }
        _ => {}
    }
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let statement = match field("grant_type") {
        "client_credentials" => false,
        "password" => true,
        _ => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "use client_credentials or password",
            );
        }
    };
    let Some(client) = shared
        .clients
        .iter()
        .position(|c| c.client_id == field("client_id") && c.client_secret == field("client_secret"))
    else {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "unknown client_id or wrong client_secret");
    };
    let user = |u: &&super::fixtures::User| {
        (u.username.as_str(), u.password.as_str(), u.client_id.as_str())
            == (field("username"), field("password"), shared.clients[client].client_id.as_str())
    };
    if statement && !shared.fixtures.users.iter().any(|u| user(&u)) {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "Bad credentials");
    }
    let expires_in = match &fault {
        Some(TokenFault::ExpiresIn(raw)) => serde_json::from_str(raw).unwrap_or(Value::String(raw.clone())),
        _ => shared.clients[client].expires_in.clone(),
    };
    // Tokens the sandbox itself honours for at most a day, whatever it says.
    let lifetime = match &expires_in {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
    .map_or(7200, |s: f64| s.clamp(0.0, 86_400.0) as u64);
    let serial = shared.serial.fetch_add(1, Ordering::Relaxed);
    let value = format!("SBX{serial:06}{:016X}", shared.random.hash_one(serial));
    let terminal = Some(field("terminal")).filter(|t| !t.is_empty()).map(str::to_owned);
    shared.tokens.lock().expect("token table lock").insert(
        value.clone(),
        Issued { client, terminal, expires: Instant::now() + Duration::from_secs(lifetime), statement },
    );
    if fault == Some(TokenFault::Lowercase) {
        return Json(json!({
            "access_token": value,
            "expires_in": lifetime.to_string(),
            "scope": format!(" {}", field("scope")),
            "token_type": "bearer",
        }))
        .into_response();
    }
    Json(json!({
        "access_token": value,
        "expires_in": expires_in,
        "refresh_token": "",
        "scope": field("scope"),
        "token_type": "Bearer",
    }))
    .into_response()
}

async fn payment_status(state: State<Arc<Shared>>, headers: HeaderMap, Path(invoice): Path<String>) -> Response {
    status(state, headers, Kind::Payment, invoice).await
}

async fn p2p_status(state: State<Arc<Shared>>, headers: HeaderMap, Path(invoice): Path<String>) -> Response {
    status(state, headers, Kind::P2p, invoice).await
}

/// A non-success answer in the wrapper of the endpoint that was asked.
fn coded(kind: Kind, http: StatusCode, code: &str, message: &str) -> Response {
    let body = match kind {
        Kind::Payment => json!({"resultCode": code, "resultMessage": message, "transaction": null}),
        Kind::P2p => json!({"result": {"code": code, "message": message}, "transaction": null}),
    };
    (http, Json(body)).into_response()
}

async fn status(State(shared): State<Arc<Shared>>, headers: HeaderMap, kind: Kind, invoice: String) -> Response {
    shared.status_requests.fetch_add(1, Ordering::Relaxed);
    let mut fault = None;
    let on_status_path = |f: &&Fault| !matches!(f.kind, FaultKind::Token(_) | FaultKind::Statement(_));
    for f in shared.faults.iter().filter(on_status_path).filter(|f| f.hits(&invoice)) {
        match &f.kind {
            FaultKind::Delay(d) => tokio::time::sleep(*d).await,
            other => {
                fault = Some(other.clone());
                break;
            }
        }
    }
    match fault {
        Some(FaultKind::Unauthorized) => {
            return oauth_error(StatusCode::UNAUTHORIZED, "invalid_token", "token revoked");
        }
        Some(FaultKind::Panic) => panic!("sandbox fault: a panic in a background task (EPAY_SANDBOX_FAULTS=panic)"),
        _ => {}
    }
    let bearer =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let terminal_check = {
        let tokens = shared.tokens.lock().expect("token table lock");
        match bearer.and_then(|b| tokens.get(b)) {
            Some(t) if t.statement => {
                shared.mixed_tokens.fetch_add(1, Ordering::Relaxed);
                drop(tokens);
                return oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_token",
                    "a password-grant token is not for check-status",
                );
            }
            Some(t) if t.expires > Instant::now() => match &t.terminal {
                None => Err("104"),
                Some(term) if *term != shared.clients[t.client].terminal => Err("109"),
                Some(_) => Ok(()),
            },
            _ => {
                drop(tokens);
                return oauth_error(StatusCode::UNAUTHORIZED, "invalid_token", "token unknown or expired");
            }
        }
    };
    match terminal_check {
        Err("104") => return coded(kind, StatusCode::BAD_REQUEST, "104", "field terminal absent in token"),
        Err(_) => return coded(kind, StatusCode::BAD_REQUEST, "109", "terminal does not belong to the client"),
        Ok(()) => {}
    }
    if let Some(fault) = fault {
        return misbehave(kind, &fault);
    }
    match shared.fixtures.answers.get(&(kind, invoice)) {
        Some(canned) => (
            StatusCode::from_u16(canned.http).unwrap_or(StatusCode::OK),
            [(header::CONTENT_TYPE, "application/json")],
            canned.next(),
        )
            .into_response(),
        None => coded(
            kind,
            StatusCode::BAD_REQUEST,
            "102",
            "invoice not found, try again later or check transaction type (payment/p2p)",
        ),
    }
}

/// What a misbehaving server or proxy sends.
fn misbehave(kind: Kind, fault: &FaultKind) -> Response {
    use axum::body::{Body, Bytes};
    match fault {
        FaultKind::Code(code) => coded(kind, StatusCode::OK, code, "try again later"),
        FaultKind::Status(status) => {
            let code = StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_GATEWAY);
            let page = format!("<html><body><h1>{code}</h1><hr>nginx</body></html>");
            (code, [(header::CONTENT_TYPE, "text/html")], page).into_response()
        }
        FaultKind::Html => {
            // A proxy's error page, with an escape sequence in its title to
            // prove that nothing from a server reaches the terminal raw.
            let page = "<html><head><title>\u{1b}]0;pwned\u{7}502 Bad Gateway</title></head>\n\
                        <body><h1>502 Bad Gateway</h1>\n<p>The upstream server is unavailable.</p></body></html>";
            (StatusCode::BAD_GATEWAY, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
        }
        FaultKind::Truncated => {
            let start = Bytes::from_static(b"{\"resultCode\": \"100\", \"resultMessage\": \"SUCCESS\", \"transac");
            let parts: Vec<Result<Bytes, std::io::Error>> =
                vec![Ok(start), Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "cut"))];
            // The pause lets the headers and first bytes go out before the cut.
            let body =
                Body::from_stream(futures_util::StreamExt::then(futures_util::stream::iter(parts), |part| async {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    part
                }));
            (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        FaultKind::Oversized => {
            // 4 MiB in 64 KiB chunks with no length announced, so the client
            // must count as it reads.
            let chunk = Bytes::from(vec![b' '; 64 * 1024]);
            let parts = std::iter::repeat_n(chunk, 64).map(Ok::<_, std::io::Error>);
            let body = Body::from_stream(futures_util::stream::iter(parts));
            (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        FaultKind::Redirect(url) => {
            (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, url.as_str())]).into_response()
        }
        FaultKind::Delay(_)
        | FaultKind::Unauthorized
        | FaultKind::Panic
        | FaultKind::Token(_)
        | FaultKind::Statement(_) => {
            unreachable!("handled before")
        }
    }
}

/// The statement search: a password-grant token, a JSON body, an answer in
/// the shape the faults choose (see [`super::statement`]).
async fn operations(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: axum::body::Bytes) -> Response {
    use super::statement::{Refusal, answer};
    shared.statement_requests.fetch_add(1, Ordering::Relaxed);
    let mut statement_fault = None;
    let mut fault = None;
    // Faults aimed at an invoice are for status calls; the rest act here too
    // (a 503 or an HTML page from a proxy), but no ePay result code.
    for f in shared.faults.iter().filter(|f| !matches!(f.target, super::faults::Target::Invoice(_))) {
        match &f.kind {
            FaultKind::Token(_) | FaultKind::Code(_) | FaultKind::Panic => {}
            FaultKind::Statement(s) if f.hits("") => statement_fault = Some(s.clone()),
            FaultKind::Delay(d) if f.hits("") => tokio::time::sleep(*d).await,
            FaultKind::Statement(_) | FaultKind::Delay(_) => {}
            kind if fault.is_none() && f.hits("") => fault = Some(kind.clone()),
            _ => {}
        }
    }
    if let Some(FaultKind::Unauthorized) = fault {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_token", "token revoked");
    }
    let bearer =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    {
        let tokens = shared.tokens.lock().expect("token table lock");
        match bearer.and_then(|b| tokens.get(b)) {
            Some(t) if !t.statement => {
                shared.mixed_tokens.fetch_add(1, Ordering::Relaxed);
                return oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_token",
                    "the statement takes a password-grant token",
                );
            }
            Some(t) if t.expires > Instant::now() => {}
            _ => return oauth_error(StatusCode::UNAUTHORIZED, "invalid_token", "token unknown or expired"),
        }
    }
    if let Some(fault) = &fault {
        return misbehave(Kind::Payment, fault);
    }
    // ePay's error shape; some answers carry an empty list beside it.
    let refused = |message: String| {
        (StatusCode::BAD_REQUEST, Json(json!({"code": 105, "message": message, "data": []}))).into_response()
    };
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return refused("the body is not JSON".into());
    };
    match answer(&shared.fixtures.statement, &request, statement_fault.as_ref()) {
        Ok(page) => Json(page).into_response(),
        Err(Refusal(message)) => refused(message),
    }
}

async fn stats(State(shared): State<Arc<Shared>>) -> Response {
    Json(json!({
        "tokenRequests": shared.token_requests.load(Ordering::Relaxed),
        "statusRequests": shared.status_requests.load(Ordering::Relaxed),
        "statementRequests": shared.statement_requests.load(Ordering::Relaxed),
        "mixedTokens": shared.mixed_tokens.load(Ordering::Relaxed),
    }))
    .into_response()
}
