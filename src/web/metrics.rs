//! Operators' metrics in the Prometheus text format: requests and latency by route for pages
//! that are read, one total for everything that is sent (so that polling cannot tell when
//! someone submitted, reported or withdrew), the queue length and the index lag. Served only on
//! the operators' listener, or on the public one to a request bearing the configured token.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, Method};
use axum::response::{IntoResponse, Response};

use super::{blocking, AppState, WebError, WebResult};

/// Counters by (route, status): count and total seconds.
#[derive(Default)]
pub(super) struct Metrics {
    by_route: Mutex<HashMap<(String, u16), (u64, f64)>>,
}

/// What all requests other than reads are counted under.
const ACTIONS: &str = "(all actions)";

impl Metrics {
    pub(super) fn record(&self, method: &Method, route: &str, status: u16, elapsed: Duration) {
        let route = if method == Method::GET || method == Method::HEAD {
            route
        } else {
            ACTIONS
        };
        let mut map = self.by_route.lock().unwrap_or_else(|p| p.into_inner());
        let e = map.entry((route.to_owned(), status)).or_insert((0, 0.0));
        e.0 += 1;
        e.1 += elapsed.as_secs_f64();
    }
}

/// `/metrics` on the public listener: only with the configured token, otherwise not there.
pub(super) async fn public_metrics(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> WebResult<Response> {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match (&state.archive.config().metrics_token, presented) {
        (Some(token), Some(given))
            if crate::auth::constant_time_eq(token.as_bytes(), given.as_bytes()) =>
        {
            metrics(State(state)).await
        }
        _ => Err(WebError::not_found()),
    }
}

/// `/metrics` on the operators' listener.
pub(super) async fn metrics(State(state): State<AppState>) -> WebResult<Response> {
    let (queue, lag) = blocking(&state, |a| Ok((a.queue_length()?, a.index_lag()?))).await?;
    let mut out = String::new();
    out.push_str("# HELP chorus_http_requests_total Requests by route and status (reads), or in all (actions).\n# TYPE chorus_http_requests_total counter\n");
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
