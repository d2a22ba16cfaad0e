//! Per-client limits, in memory only and bounded in size. A client is known by a keyed hash of
//! its address (the key lives only as long as the process), never by the address itself, and
//! nothing here is written to disk or to the logs.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::{AppState, WebError};

/// Clients tracked per limit. Past this, clients whose window has ended are forgotten; if that
/// is not enough, newcomers share one bucket, so a crowd of addresses is limited as one.
const MAX_CLIENTS: usize = 50_000;

/// A fixed-window counter per client.
pub(super) struct RateLimiter {
    limit: u32,
    window: Duration,
    buckets: Mutex<HashMap<ClientKey, (u32, Instant)>>,
}

impl RateLimiter {
    pub(super) fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            buckets: Mutex::default(),
        }
    }

    /// Counts an attempt; whether it is within the limit.
    pub(super) fn allow(&self, client: &ClientKey) -> bool {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let mut key = *client;
        if !buckets.contains_key(&key) && buckets.len() >= MAX_CLIENTS {
            buckets.retain(|_, (_, start)| now.duration_since(*start) < self.window);
            if buckets.len() >= MAX_CLIENTS {
                key = ClientKey::OVERFLOW;
            }
        }
        let bucket = buckets.entry(key).or_insert((0, now));
        if now.duration_since(bucket.1) >= self.window {
            *bucket = (0, now);
        }
        bucket.0 = bucket.0.saturating_add(1);
        bucket.0 <= self.limit
    }
}

/// The limits, one per kind of public action.
pub(super) struct Limits {
    /// Sending a story (form or API).
    pub submit: RateLimiter,
    /// Previews (form or API).
    pub preview: RateLimiter,
    /// Reports of published stories.
    pub report: RateLimiter,
    /// Receipt-code look-ups and actions.
    pub receipt: RateLimiter,
    /// Moderator sign-in attempts (besides the throttle per account name).
    pub sign_in: RateLimiter,
    /// New evidence packs.
    pub packs: RateLimiter,
}

impl Limits {
    pub(super) fn new(c: &crate::config::RateLimits) -> Self {
        let minutes = |n: u64| Duration::from_secs(60 * n);
        Self {
            submit: RateLimiter::new(c.submissions_per_hour, minutes(60)),
            preview: RateLimiter::new(c.previews_per_10_minutes, minutes(10)),
            report: RateLimiter::new(c.reports_per_hour, minutes(60)),
            receipt: RateLimiter::new(c.receipts_per_minute, minutes(1)),
            sign_in: RateLimiter::new(c.sign_ins_per_10_minutes, minutes(10)),
            packs: RateLimiter::new(c.packs_per_hour, minutes(60)),
        }
    }
}

/// The message for a refused attempt.
pub(super) fn slow_down(what: &str) -> WebError {
    WebError::RateLimited(format!(
        "Too many {what} came from your connection in a short time. Please wait a while and try again; nothing you typed has been lost."
    ))
}

/// Who the client is, for limits only: a keyed hash of its address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct ClientKey([u8; 16]);

impl ClientKey {
    /// The bucket that newcomers share when the table is full.
    const OVERFLOW: ClientKey = ClientKey([0xff; 16]);

    fn of(address: &str) -> Self {
        use hmac::Mac;
        static KEY: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();
        let key = KEY.get_or_init(crate::ids::random_bytes);
        let mut mac =
            <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(key).expect("any key length");
        mac.update(grouped(address).as_bytes());
        let mut out = [0u8; 16];
        out.copy_from_slice(&mac.finalize().into_bytes()[..16]);
        // Never the overflow bucket by chance.
        out[0] &= 0x7f;
        ClientKey(out)
    }
}

/// An IPv6 client controls a whole /64, so it is counted as one; IPv4 addresses stand alone.
fn grouped(address: &str) -> String {
    match address.trim().parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => address.trim().to_owned(),
    }
}

/// The client's address: behind a trusted proxy, the right-most `X-Forwarded-For` entry (the
/// one that proxy added; anything to its left was written by the client and proves nothing),
/// otherwise the socket's peer. Never logged or stored.
fn client_address(parts: &Parts, trust_proxy: bool) -> String {
    if trust_proxy {
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| !v.is_empty());
        if let Some(address) = forwarded {
            return address.to_owned();
        }
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map_or_else(|| "local".to_owned(), |c| c.0.ip().to_string())
}

/// The requesting client, as an extractor.
pub(super) struct Client(pub ClientKey);

impl FromRequestParts<AppState> for Client {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let trust_proxy = state.archive.config().trust_proxy;
        Ok(Client(ClientKey::of(&client_address(parts, trust_proxy))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_grouped_by_slash_64() {
        assert_eq!(
            grouped("2001:db8:1:2:aaaa::1"),
            grouped("2001:db8:1:2:ffff::9")
        );
        assert_ne!(grouped("2001:db8:1:2::1"), grouped("2001:db8:1:3::1"));
        assert_eq!(grouped("::ffff:192.0.2.7"), "192.0.2.7");
        assert_ne!(grouped("192.0.2.7"), grouped("192.0.2.8"));
    }

    #[test]
    fn the_right_most_forwarded_address_is_the_client() {
        let req = axum::http::Request::builder()
            .header("x-forwarded-for", "203.0.113.9, 198.51.100.4")
            .header("x-forwarded-for", "192.0.2.1")
            .body(())
            .unwrap();
        let (parts, _) = req.into_parts();
        assert_eq!(client_address(&parts, true), "192.0.2.1");
        assert_eq!(client_address(&parts, false), "local");
    }

    #[test]
    fn a_limiter_counts_per_client_and_stays_bounded() {
        let l = RateLimiter::new(2, Duration::from_secs(60));
        let (a, b) = (ClientKey::of("192.0.2.1"), ClientKey::of("192.0.2.2"));
        assert!(l.allow(&a) && l.allow(&a));
        assert!(!l.allow(&a), "the third in the window is refused");
        assert!(l.allow(&b), "another client is not affected");
        for i in 0..(MAX_CLIENTS + 10) {
            l.allow(&ClientKey::of(&format!(
                "10.{}.{}.{}",
                i >> 16,
                (i >> 8) & 255,
                i & 255
            )));
        }
        assert!(l.buckets.lock().unwrap().len() <= MAX_CLIENTS + 1);
        assert!(
            !l.allow(&a),
            "a client still in its window is not forgotten"
        );
    }
}
