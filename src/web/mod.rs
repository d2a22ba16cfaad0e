//! The web server: the router, shared state, security headers, metrics, and the one place that
//! moves blocking work (SQLite, tantivy, argon2, rendering) off the async threads.
//!
//! Nothing here stores or logs a client's address, user agent, referrer or request body.

mod api;
mod error;
mod extract;
mod forms;
mod moderate;
mod pages;
mod public;
mod receipt;
mod snippet;

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::archive::{Archive, ArchiveError};
pub use error::{WebError, WebResult};
pub use forms::Params;

/// Shared state: the archive plus memory-only counters.
#[derive(Clone)]
pub struct AppState {
    /// The archive.
    pub archive: Arc<Archive>,
    metrics: Arc<Metrics>,
    receipt_limiter: Arc<RateLimiter>,
}

impl AppState {
    /// State for an archive.
    pub fn new(archive: Arc<Archive>) -> Self {
        Self {
            archive,
            metrics: Arc::default(),
            receipt_limiter: Arc::new(RateLimiter::new(20, Duration::from_secs(60))),
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
    let archive = state.archive.clone();
    match tokio::task::spawn_blocking(move || f(&archive)).await {
        Ok(result) => result,
        Err(e) if e.is_panic() => Err(ArchiveError::Internal(
            "a use-case panicked on a blocking thread".into(),
        )),
        Err(_) => Err(ArchiveError::Internal(
            "a blocking task was cancelled".into(),
        )),
    }
}

/// Builds the router (the test seam: tests drive it with `oneshot`, no socket needed).
pub fn app(archive: Arc<Archive>) -> Router {
    pages::set_support_lines(archive.config());
    let state = AppState::new(archive);
    Router::new()
        .merge(public::routes())
        .merge(receipt::routes())
        .merge(moderate::routes())
        .merge(api::routes())
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/static/style.css", get(stylesheet))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
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
    let router = app(archive);
    // The peer address is used only in memory, as a hashed rate-limit key; it is never logged.
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    Ok(())
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

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../templates/style.css"),
    )
        .into_response()
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
    state.metrics.record(&route, res.status().as_u16(), elapsed);
    tracing::debug!(%method, %route, status = res.status().as_u16(), ms = elapsed.as_millis() as u64, "request");
    res
}

#[derive(Default)]
struct Metrics {
    by_route: Mutex<HashMap<(String, u16), (u64, f64)>>,
}

impl Metrics {
    fn record(&self, route: &str, status: u16, elapsed: Duration) {
        let mut map = self.by_route.lock().unwrap_or_else(|p| p.into_inner());
        let e = map.entry((route.to_owned(), status)).or_insert((0, 0.0));
        e.0 += 1;
        e.1 += elapsed.as_secs_f64();
    }
}

async fn metrics(State(state): State<AppState>) -> Result<Response, WebError> {
    let (queue, lag) = blocking(&state, |a| Ok((a.queue_length()?, a.index_lag()?))).await?;
    let mut out = String::new();
    out.push_str("# HELP chorus_http_requests_total Requests by route and status.\n# TYPE chorus_http_requests_total counter\n");
    let map = state
        .metrics
        .by_route
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let mut rows: Vec<_> = map.into_iter().collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    for ((route, status), (count, _)) in &rows {
        out.push_str(&format!(
            "chorus_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {count}\n"
        ));
    }
    out.push_str("# HELP chorus_http_request_duration_seconds Time spent answering, by route.\n# TYPE chorus_http_request_duration_seconds summary\n");
    for ((route, status), (count, secs)) in &rows {
        out.push_str(&format!("chorus_http_request_duration_seconds_sum{{route=\"{route}\",status=\"{status}\"}} {secs:.6}\n"));
        out.push_str(&format!("chorus_http_request_duration_seconds_count{{route=\"{route}\",status=\"{status}\"}} {count}\n"));
    }
    out.push_str(&format!("# HELP chorus_queue_length Submissions waiting for a moderator.\n# TYPE chorus_queue_length gauge\nchorus_queue_length {queue}\n"));
    out.push_str(&format!("# HELP chorus_index_lag Index changes not yet applied.\n# TYPE chorus_index_lag gauge\nchorus_index_lag {lag}\n"));
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out).into_response())
}

/// A fixed-window limiter keyed by an in-memory hash of the client's address (with a key
/// that lives only as long as the process), so nothing identifying is kept even in memory.
struct RateLimiter {
    limit: u32,
    window: Duration,
    key: [u8; 32],
    buckets: Mutex<HashMap<Vec<u8>, (u32, Instant)>>,
}

impl RateLimiter {
    fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            key: crate::ids::random_bytes(),
            buckets: Mutex::default(),
        }
    }

    /// Whether a client may make another attempt now.
    fn allow(&self, client: Option<String>) -> bool {
        let id = client.unwrap_or_else(|| "local".to_owned());
        let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::Mac>::new_from_slice(&self.key)
            .expect("any key length");
        hmac::Mac::update(&mut mac, id.as_bytes());
        let hashed = hmac::Mac::finalize(mac).into_bytes()[..12].to_vec();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if buckets.len() > 50_000 {
            buckets.retain(|_, (_, start)| now.duration_since(*start) < self.window);
        }
        let bucket = buckets.entry(hashed).or_insert((0, now));
        if now.duration_since(bucket.1) >= self.window {
            *bucket = (0, now);
        }
        bucket.0 += 1;
        bucket.0 <= self.limit
    }
}

/// Who the client is, for in-memory rate limits only: the first `X-Forwarded-For` address when
/// a trusted proxy sets it, otherwise the socket's address. Never logged or stored.
pub(crate) fn client_key(parts: &axum::http::request::Parts, trust_proxy: bool) -> Option<String> {
    if trust_proxy {
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
}
