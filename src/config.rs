//! Configuration: built-in defaults, then a TOML file, then `CHORUS_*` environment variables,
//! then command-line flags. With no configuration at all Chorus keeps its data in `./data` and
//! `./index` and listens on localhost.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

/// A support contact shown on every page, for people who may be writing while in distress.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct SupportLine {
    /// Who they are, e.g. "Samaritans".
    pub name: String,
    /// How to reach them, e.g. "call 116 123".
    pub contact: String,
    /// When or for what, e.g. "free, any time".
    pub detail: String,
}

/// Everything an instance can be told.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address to listen on.
    pub bind: String,
    /// SQLite database and server secret live here.
    pub data_dir: PathBuf,
    /// The tantivy index lives here; it can always be rebuilt from the database.
    pub index_dir: PathBuf,
    /// The address the public uses, for citations and feeds (no trailing slash).
    pub public_url: String,
    /// Moderator approvals needed before a story is published (1 or 2).
    pub approvals_required: u32,
    /// Set when a TLS-terminating proxy is in front: cookies get `Secure`, responses get HSTS.
    pub behind_tls: bool,
    /// Set when a reverse proxy in front sets `X-Forwarded-For`: rate limits then tell clients
    /// apart by that header (in memory only) instead of seeing every client as the proxy.
    pub trust_proxy: bool,
    /// Minutes of inactivity after which a moderator session ends.
    pub session_idle_minutes: u64,
    /// Hours after which a moderator session ends whatever happens.
    pub session_absolute_hours: u64,
    /// Minutes a moderator's claim on a submission lasts.
    pub claim_minutes: u64,
    /// Minutes of continuous reviewing before a break reminder.
    pub break_reminder_minutes: u64,
    /// Crisis contacts shown on every page.
    pub support_lines: Vec<SupportLine>,
    /// TEST-ONLY: send no `Content-Security-Policy`, so a browser test proves the sanitiser
    /// alone keeps script out. Set only by `CHORUS_TEST_DISABLE_CSP=1`, never by a config file
    /// (skipped by serde), so a production configuration cannot carry it by mistake.
    #[serde(skip)]
    pub unsafe_disable_csp_for_tests: bool,
    /// How much one client may do, in memory only (see [`RateLimits`]).
    pub rate_limits: RateLimits,
    /// A second listener, for operators only, that serves `/metrics` (off unless set).
    pub metrics_bind: Option<String>,
    /// A secret that lets `/metrics` be read on the public listener with
    /// `Authorization: Bearer <token>` (off unless set; without either, nobody can read it).
    pub metrics_token: Option<String>,
    /// Seconds a client has to send a request's headers (and, between requests, to start the
    /// next one) before its connection is closed: a slow client cannot hold one open for ever.
    pub header_timeout_seconds: u64,
    /// Seconds any request may take, body included, before it is answered "try again" (503).
    pub request_timeout_seconds: u64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            data_dir: "data".into(),
            index_dir: "index".into(),
            public_url: "http://127.0.0.1:8080".into(),
            approvals_required: 1,
            behind_tls: false,
            trust_proxy: false,
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            claim_minutes: 30,
            break_reminder_minutes: 50,
            support_lines: default_support_lines(),
            unsafe_disable_csp_for_tests: false,
            rate_limits: RateLimits::default(),
            metrics_bind: None,
            metrics_token: None,
            header_timeout_seconds: 10,
            request_timeout_seconds: 30,
        }
    }
}

/// Per-client limits (`[rate_limits]` in the file). A client is an address (an IPv6 /64),
/// counted in memory only; several people behind one address share its allowance.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimits {
    /// Stories sent per hour.
    pub submissions_per_hour: u32,
    /// Previews per ten minutes.
    pub previews_per_10_minutes: u32,
    /// Reports of published stories per hour.
    pub reports_per_hour: u32,
    /// Receipt-code look-ups and actions per minute.
    pub receipts_per_minute: u32,
    /// Moderator sign-in attempts per ten minutes.
    pub sign_ins_per_10_minutes: u32,
    /// Evidence packs made per hour.
    pub packs_per_hour: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            // A person sends their story once or twice; the rest is headroom for several
            // people behind one address (a ward, a library).
            submissions_per_hour: 10,
            previews_per_10_minutes: 120,
            reports_per_hour: 10,
            receipts_per_minute: 20,
            sign_ins_per_10_minutes: 30,
            // A campaigner makes a few packs; headroom for a group working from one address.
            packs_per_hour: 20,
        }
    }
}

/// UK numbers, checked for this release; operators elsewhere replace them in the config file.
fn default_support_lines() -> Vec<SupportLine> {
    let line = |name: &str, contact: &str, detail: &str| SupportLine {
        name: name.into(),
        contact: contact.into(),
        detail: detail.into(),
    };
    vec![
        line("Samaritans", "call 116 123", "free, any time, day or night"),
        line(
            "Shout",
            "text SHOUT to 85258",
            "free text support, any time",
        ),
        line(
            "NHS 111",
            "call 111, option 2",
            "urgent mental health help in England",
        ),
        line(
            "Emergency",
            "call 999",
            "if your life or someone else's is in danger now",
        ),
    ]
}

/// Values given on the command line, which win over everything else.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--config FILE`
    pub config_file: Option<PathBuf>,
    /// `--bind`
    pub bind: Option<String>,
    /// `--data-dir`
    pub data_dir: Option<PathBuf>,
    /// `--index-dir`
    pub index_dir: Option<PathBuf>,
}

impl Config {
    /// Builds the configuration from defaults, file, environment and flags, in that order.
    pub fn load(overrides: &Overrides) -> anyhow::Result<Self> {
        let env = |key: &str| std::env::var(format!("CHORUS_{key}")).ok();
        let file = overrides
            .config_file
            .clone()
            .or_else(|| env("CONFIG").map(PathBuf::from));
        let mut config = match file {
            Some(path) => Self::from_file(&path)?,
            None => Self::default(),
        };
        if let Some(v) = env("BIND") {
            config.bind = v;
        }
        if let Some(v) = env("DATA_DIR") {
            config.data_dir = v.into();
        }
        if let Some(v) = env("INDEX_DIR") {
            config.index_dir = v.into();
        }
        if let Some(v) = env("PUBLIC_URL") {
            config.public_url = v;
        }
        if let Some(v) = env("APPROVALS_REQUIRED") {
            config.approvals_required = v
                .parse()
                .context("CHORUS_APPROVALS_REQUIRED must be 1 or 2")?;
        }
        if let Some(v) = env("BEHIND_TLS") {
            config.behind_tls = matches!(v.as_str(), "1" | "true" | "yes");
        }
        if let Some(v) = env("TRUST_PROXY") {
            config.trust_proxy = matches!(v.as_str(), "1" | "true" | "yes");
        }
        if let Some(v) = env("PREVIEWS_PER_10_MINUTES") {
            config.rate_limits.previews_per_10_minutes = v
                .parse()
                .context("CHORUS_PREVIEWS_PER_10_MINUTES must be a whole number")?;
        }
        if let Some(v) = env("SUBMISSIONS_PER_HOUR") {
            config.rate_limits.submissions_per_hour = v
                .parse()
                .context("CHORUS_SUBMISSIONS_PER_HOUR must be a whole number")?;
        }
        if let Some(v) = env("RECEIPTS_PER_MINUTE") {
            config.rate_limits.receipts_per_minute = v
                .parse()
                .context("CHORUS_RECEIPTS_PER_MINUTE must be a whole number")?;
        }
        if let Some(v) = env("METRICS_BIND") {
            config.metrics_bind = Some(v);
        }
        if let Some(v) = env("METRICS_TOKEN") {
            config.metrics_token = Some(v);
        }
        if let Some(v) = env("HEADER_TIMEOUT_SECONDS") {
            config.header_timeout_seconds = v
                .parse()
                .context("CHORUS_HEADER_TIMEOUT_SECONDS must be a whole number")?;
        }
        if let Some(v) = env("REQUEST_TIMEOUT_SECONDS") {
            config.request_timeout_seconds = v
                .parse()
                .context("CHORUS_REQUEST_TIMEOUT_SECONDS must be a whole number")?;
        }
        if let Some(v) = env("TEST_DISABLE_CSP") {
            config.unsafe_disable_csp_for_tests = matches!(v.as_str(), "1" | "true" | "yes");
        }
        if config.unsafe_disable_csp_for_tests {
            tracing::warn!(
                "CHORUS_TEST_DISABLE_CSP is set: pages are served WITHOUT a Content-Security-Policy. \
                 This is for the browser test of the sanitiser only; never run a public instance like this."
            );
        }
        if let Some(v) = &overrides.bind {
            config.bind = v.clone();
        }
        if let Some(v) = &overrides.data_dir {
            config.data_dir = v.clone();
        }
        if let Some(v) = &overrides.index_dir {
            config.index_dir = v.clone();
        }
        // Without an explicit public address, links point at the address we listen on.
        if config.public_url == Self::default().public_url && config.bind != Self::default().bind {
            config.public_url = format!("http://{}", config.bind);
        }
        config.public_url = config.public_url.trim_end_matches('/').to_owned();
        anyhow::ensure!(
            (1..=2).contains(&config.approvals_required),
            "approvals_required must be 1 or 2"
        );
        anyhow::ensure!(
            config.header_timeout_seconds > 0 && config.request_timeout_seconds > 0,
            "header_timeout_seconds and request_timeout_seconds must be at least 1"
        );
        // A short token is guessable; refuse rather than expose the counters.
        if let Some(token) = &config.metrics_token {
            anyhow::ensure!(
                token.len() >= 24,
                "metrics_token must be at least 24 characters"
            );
        }
        Ok(config)
    }

    fn from_file(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading config file {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("parsing config file {}", path.display()))
    }

    /// Where the SQLite database lives.
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("chorus.sqlite3")
    }

    /// Where the server secret lives.
    pub fn secret_path(&self) -> PathBuf {
        self.data_dir.join("secret.key")
    }
}
