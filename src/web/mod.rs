//! The web server: the router, shared state, security headers, metrics, timeouts, and the one
//! place that moves blocking work (SQLite, tantivy, argon2, rendering) off the async threads.
//!
//! Nothing here stores or logs a client's address, user agent, referrer or request body.

mod api;
mod assets;
pub(crate) mod delivery;
mod error;
mod extract;
mod forms;
mod limits;
mod metrics;
mod moderate;
mod pages;
mod public;
mod receipt;
mod snippet;

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::archive::{Archive, ArchiveError};
pub use assets::stylesheet_href;
pub use error::{WebError, WebResult};
pub use forms::Params;

/// Shared state: the archive plus memory-only counters and limits.
#[derive(Clone)]
pub struct AppState {
    /// The archive.
    pub archive: Arc<Archive>,
    metrics: Arc<metrics::Metrics>,
    limits: Arc<limits::Limits>,
    scans: Arc<tokio::sync::Semaphore>,
    scans_waiting: Arc<AtomicUsize>,
    blocking_turns: Arc<tokio::sync::Semaphore>,
}

/// Blocking tasks (use-cases, rendering) running at once, scans of drafts apart (they have their
/// own turns). More than a few per core buys no throughput, only threads and SQLite readers:
/// under 200 busy connections (benches/load.rs) the pool grew to ~460 threads without it, and
/// served ~40% fewer requests with twice the p99. Requests past this wait, without a thread,
/// for a turn (bounded by the request timeout).
const BLOCKING_AT_ONCE: usize = 16;

/// Renders and scans of submitted text (previews, submissions, edits) running at once. The rest
/// of the machine stays free for readers: a flood of large drafts waits its turn instead of
/// starving searches.
const SCANS_AT_ONCE: usize = 1;
/// Drafts allowed to wait for a turn; past this the answer is a plain "busy, try again".
const SCANS_WAITING: usize = 64;

impl AppState {
    /// State for an archive.
    pub fn new(archive: Arc<Archive>) -> Self {
        Self {
            limits: Arc::new(limits::Limits::new(&archive.config().rate_limits)),
            archive,
            metrics: Arc::default(),
            scans: Arc::new(tokio::sync::Semaphore::new(SCANS_AT_ONCE)),
            scans_waiting: Arc::default(),
            blocking_turns: Arc::new(tokio::sync::Semaphore::new(BLOCKING_AT_ONCE)),
        }
    }
}

/// Runs `f` with the archive on a blocking thread: every use-case and all rendering of
/// testimony goes through here, never on the async threads. A panic there fails only this
/// request, and what it said is not passed on (it may quote the text being worked on).
pub async fn blocking<T, F>(state: &AppState, f: F) -> Result<T, ArchiveError>
where
    F: FnOnce(&Archive) -> Result<T, ArchiveError> + Send + 'static,
    T: Send + 'static,
{
    let turn = state
        .blocking_turns
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ArchiveError::Internal("the blocking gate closed".into()))?;
    on_blocking_thread(state, turn, f).await
}

/// Runs `f` on a blocking thread, holding `turn` until it is done: a request that times out
/// does not give its turn back before the work it started has finished.
async fn on_blocking_thread<T, F>(
    state: &AppState,
    turn: tokio::sync::OwnedSemaphorePermit,
    f: F,
) -> Result<T, ArchiveError>
where
    F: FnOnce(&Archive) -> Result<T, ArchiveError> + Send + 'static,
    T: Send + 'static,
{
    let archive = state.archive.clone();
    let task = tokio::task::spawn_blocking(move || {
        let result = f(&archive);
        drop(turn);
        result
    });
    match task.await {
        Ok(result) => result,
        Err(e) if e.is_panic() => Err(ArchiveError::Internal(
            "a use-case panicked on a blocking thread".into(),
        )),
        Err(_) => Err(ArchiveError::Internal(
            "a blocking task was cancelled".into(),
        )),
    }
}

/// [`blocking`] for work whose cost grows with submitted text (rendering it, scanning it for
/// identifiers and risk): it waits, without holding a thread, for one of a few turns.
pub async fn blocking_scan<T, F>(state: &AppState, f: F) -> Result<T, ArchiveError>
where
    F: FnOnce(&Archive) -> Result<T, ArchiveError> + Send + 'static,
    T: Send + 'static,
{
    struct Waiting<'a>(&'a AtomicUsize);
    impl Drop for Waiting<'_> {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::SeqCst);
        }
    }
    if state.scans_waiting.fetch_add(1, Ordering::SeqCst) >= SCANS_WAITING {
        state.scans_waiting.fetch_sub(1, Ordering::SeqCst);
        return Err(ArchiveError::Unavailable(
            "Chorus is very busy just now. Please try again in a minute; nothing you typed has been lost.".into(),
        ));
    }
    let waiting = Waiting(&state.scans_waiting);
    let turn = state
        .scans
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ArchiveError::Internal("the scan gate closed".into()))?;
    drop(waiting);
    // Not also queued behind readers for a general turn: the scan turn is already the bound,
    // and holding it while waiting there would leave drafts to pile up behind searches.
    on_blocking_thread(state, turn, f).await
}

/// Builds the router (the test seam: tests drive it with `oneshot`, no socket needed).
pub fn app(archive: Arc<Archive>) -> Router {
    public_router(AppState::new(archive))
}

fn public_router(state: AppState) -> Router {
    pages::set_support_lines(state.archive.config());
    Router::new()
        .merge(public::routes())
        .merge(receipt::routes())
        .merge(moderate::routes())
        .merge(api::routes())
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics::public_metrics))
        .route("/static/style.css", get(assets::stylesheet))
        .route("/static/{file}", get(assets::static_file))
        .route("/favicon.svg", get(assets::favicon))
        .route("/favicon.ico", get(assets::favicon))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), deadline))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .layer(delivery::compression())
        .layer(axum::extract::DefaultBodyLimit::max(
            forms::MAX_REQUEST_BYTES,
        ))
        .with_state(state)
}

/// Serves until `shutdown` completes, then finishes in-flight requests.
pub async fn serve(
    listener: tokio::net::TcpListener,
    archive: Arc<Archive>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    serve_with_metrics(listener, None, archive, shutdown).await
}

/// Serves the public site on `listener` and, when given, `/metrics` for operators on
/// `metrics`, until `shutdown` completes; then finishes in-flight requests.
pub async fn serve_with_metrics(
    listener: tokio::net::TcpListener,
    metrics: Option<tokio::net::TcpListener>,
    archive: Arc<Archive>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let header_timeout = Duration::from_secs(archive.config().header_timeout_seconds);
    let state = AppState::new(archive);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    if let Some(listener) = metrics {
        let router = Router::new()
            .route("/metrics", get(metrics::metrics))
            .with_state(state.clone());
        let stopped = stopped.clone();
        tokio::spawn(async move {
            if let Err(e) = serve_http1(listener, router, header_timeout, stopped).await {
                tracing::error!(error = %e, "the metrics listener stopped");
            }
        });
    }
    let public = tokio::spawn(serve_http1(
        listener,
        public_router(state),
        header_timeout,
        stopped,
    ));
    shutdown.await;
    let _ = stop.send(true);
    public.await??;
    Ok(())
}

/// Accepts connections and serves `router` over HTTP/1.1 until `stopped` turns true, then lets
/// every connection finish the request it is on and waits for them.
///
/// Written out rather than `axum::serve`, which has no header-read timeout: without one a client
/// that sends half a request line and then nothing holds a connection (and a task) for ever,
/// and a few thousand of them exhaust the server. With it, hyper closes a connection whose
/// headers have not all arrived `header_timeout` after it started reading them, which also
/// bounds how long an idle keep-alive connection is kept.
async fn serve_http1(
    listener: tokio::net::TcpListener,
    router: Router,
    header_timeout: Duration,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;

    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = stop_requested(&mut stopped) => break,
        };
        let (socket, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                // Usually out of file descriptors: pause rather than spin, as axum does.
                tracing::warn!(error = %e, "accepting a connection failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let _ = socket.set_nodelay(true);
        let router = router.clone();
        // The peer address is used only in memory, as a hashed rate-limit key; never logged.
        let service = hyper::service::service_fn(move |mut req: hyper::Request<_>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(req)
        });
        let connection = http.serve_connection(TokioIo::new(socket), service);
        let mut stopping = stopped.clone();
        connections.spawn(async move {
            let mut connection = std::pin::pin!(connection);
            let finished = tokio::select! {
                finished = connection.as_mut() => finished,
                () = stop_requested(&mut stopping) => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(e) = finished {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// Completes once the server is told to stop (or whoever could tell it has gone).
async fn stop_requested(stopped: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = stopped.wait_for(|stop| *stop).await;
}

/// What a request that ran out of time is told. The work may still finish (a story sent may
/// yet be stored), so this promises nothing either way.
const TOO_SLOW: &str = "Chorus took too long to answer just now. Please try again in a minute.";

/// Bounds every request, reading its body included, by the configured request timeout.
async fn deadline(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = Duration::from_secs(state.archive.config().request_timeout_seconds);
    let api = req.uri().path().starts_with("/api/");
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) if api => WebError::Unavailable(TOO_SLOW.into()).into_json_response(),
        Err(_) => WebError::Unavailable(TOO_SLOW.into()).into_response(),
    }
}

async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        WebError::NotFound("There is no such API address; see /api/v1/openapi.json.".into())
            .into_json_response()
    } else {
        WebError::not_found().into_response()
    }
}

async fn healthz(State(state): State<AppState>) -> Response {
    let ok = blocking(&state, |a| a.health()).await.is_ok();
    if ok {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable").into_response()
    }
}

/// Security headers, set in one place, on every response.
async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // No inline script or style anywhere, no plugins, no framing, forms only to ourselves.
    // The test-only switch (`CHORUS_TEST_DISABLE_CSP`) leaves the sanitiser as the only guard.
    if !state.archive.config().unsafe_disable_csp_for_tests {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"),
        );
    }
    // Browsers must not guess types (an uploaded text shown as HTML).
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Readers' next sites must not learn they came from a story about them.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    // Moderator pages and anything showing a receipt or a draft must not sit in a shared cache
    // or a shared device's history.
    let private = [
        "/moderate",
        "/receipt",
        "/share",
        "/api/v1/receipt",
        "/api/v1/submissions",
        "/api/v1/preview",
    ]
    .iter()
    .any(|p| path.starts_with(p));
    if private {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.archive.config().behind_tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    res
}

/// Counts requests and latency per route (the route pattern, never the address or query).
async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = req.method().clone();
    let started = Instant::now();
    let res = next.run(req).await;
    let elapsed = started.elapsed();
    state
        .metrics
        .record(&method, &route, res.status().as_u16(), elapsed);
    tracing::debug!(%method, %route, status = res.status().as_u16(), ms = elapsed.as_millis() as u64, "request");
    res
}
