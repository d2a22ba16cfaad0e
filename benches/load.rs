//! Load from a second process over loopback: starts the release `chorus serve --demo` in a
//! temporary directory, then runs searches, story reads, submissions and approvals from many
//! keep-alive connections at once, and reports errors (any 4xx or 5xx, or a failed connection:
//! there must be none), throughput, p50/p99 per route, the server's RSS before and after, and the
//! size of the write-ahead log afterwards.
//!
//! `cargo bench --bench load`; `CHORUS_LOAD_SECONDS` (default 60), `CHORUS_LOAD_CONNECTIONS`
//! (default 200) and `CHORUS_LOAD_SUBMIT_PERCENT` (default 1; the rest: 40% HTML searches, 15% API
//! searches, the remainder story pages) change it. One connection is a moderator approving the
//! queue. Every connection sends its next request as soon as the last is answered. Not run by CI.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chorus::bench::client::{Answer, Client};

const WORDS: [&str; 12] = [
    "ward",
    "nurse",
    "restraint",
    "keypad",
    "door",
    "discharge",
    "crisis",
    "sectioned",
    "medication",
    "waiting",
    "family",
    "night",
];

fn env_number(key: &str, default: u64) -> u64 {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What every connection records.
#[derive(Default)]
struct Tally {
    latencies: BTreeMap<&'static str, Vec<Duration>>,
    errors: BTreeMap<String, u64>,
}

impl Tally {
    fn record(&mut self, route: &'static str, took: Duration, outcome: &anyhow::Result<Answer>) {
        self.latencies.entry(route).or_default().push(took);
        let problem = match outcome {
            Ok(a) if (200..400).contains(&a.status) => return,
            Ok(a) => format!("{route}: HTTP {} ({})", a.status, why(&a.body)),
            Err(e) => format!("{route}: {e}"),
        };
        *self.errors.entry(problem).or_default() += 1;
    }
}

/// Which refusal an error page or JSON error is, by its wording.
fn why(body: &str) -> &'static str {
    [
        ("database is locked", "database is locked"),
        ("cannot save anything", "cannot save"),
        ("very busy", "busy: drafts waiting for a scan"),
        ("took too long", "request timeout"),
        ("being rebuilt", "index rebuilding"),
        ("Too many", "rate limit"),
    ]
    .iter()
    .find(|(needle, _)| body.contains(needle))
    .map_or("other", |(_, name)| name)
}

/// A number from /proc/PID/status (`VmRSS` in KiB, `Threads`).
fn proc_status(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Starts the release server on a free port; the process, its address and the demo password.
fn start_server(dir: &Path) -> (Child, SocketAddr, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(["serve", "--demo", "--bind", "127.0.0.1:0"])
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--index-dir")
        .arg(dir.join("index"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CHORUS_SUBMISSIONS_PER_HOUR", "100000000")
        .env("CHORUS_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("starting chorus serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut addr, mut password) = (None, None);
    while addr.is_none() {
        let line = lines.next().expect("server output").expect("server output");
        if let Some(p) = line.split("password (shown once): ").nth(1) {
            password = Some(p.trim().to_owned());
        }
        if let Some(a) = line.strip_prefix("Chorus is listening on http://") {
            addr = Some(a.trim().parse().expect("address"));
        }
    }
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr.unwrap(), password.expect("demo password"))
}

async fn sign_in(conn: &mut Client, password: &str) -> (String, String) {
    let form = conn
        .request_once("GET", "/moderate/login", None, None)
        .await
        .unwrap();
    let token = form.after("name=\"csrf\" value=\"").unwrap();
    let login = format!("chorus_login={}", form.cookie("chorus_login").unwrap());
    let body = format!(
        "csrf={}&username=demo&password={}",
        encode(&token),
        encode(password)
    );
    let signed = conn
        .request_once("POST", "/moderate/login", Some(&login), Some(&body))
        .await
        .unwrap();
    assert_eq!(signed.status, 303, "sign-in failed: {}", signed.body);
    let cookie = format!(
        "chorus_session={}",
        signed.cookie("chorus_session").unwrap()
    );
    let queue = conn
        .request_once("GET", "/moderate", Some(&cookie), None)
        .await
        .unwrap();
    let csrf = queue.after("name=\"csrf\" value=\"").unwrap();
    (cookie, csrf)
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn moderator(addr: SocketAddr, password: String, until: Instant, tally: Arc<Mutex<Tally>>) {
    let mut conn = Client::new(addr);
    let (cookie, csrf) = sign_in(&mut conn, &password).await;
    let mut local = Tally::default();
    while Instant::now() < until {
        let started = Instant::now();
        let queue = conn
            .request_once("GET", "/moderate", Some(&cookie), None)
            .await;
        local.record("GET /moderate", started.elapsed(), &queue);
        let Some(id) = queue
            .ok()
            .and_then(|q| q.after("href=\"/moderate/submissions/"))
        else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let body = format!("csrf={}&themes=restraint", encode(&csrf));
        let started = Instant::now();
        let approved = conn
            .request_once(
                "POST",
                &format!("/moderate/submissions/{id}/approve"),
                Some(&cookie),
                Some(&body),
            )
            .await;
        local.record("POST approve", started.elapsed(), &approved);
    }
    merge(&tally, local);
}

async fn reader(
    n: usize,
    submit_percent: usize,
    addr: SocketAddr,
    ids: Arc<Vec<String>>,
    until: Instant,
    tally: Arc<Mutex<Tally>>,
) {
    let mut conn = Client::new(addr);
    let mut local = Tally::default();
    let mut i = n as u64;
    while Instant::now() < until {
        i = i
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let pick = (i >> 33) as usize;
        let word = WORDS[pick % WORDS.len()];
        let (route, method, path, form) = match pick % 100 {
            p if p < submit_percent => (
                "POST /share",
                "POST",
                "/share".to_owned(),
                Some(format!(
                    "title=Load+{n}+{pick}&body=The+{word}+was+quiet+that+night+and+nobody+came+for+hours.&consent_publish=on&first_hand=on&roles=inpatient&settings=acute-ward"
                )),
            ),
            p if p < 45 => ("GET /stories?q=", "GET", format!("/stories?q={word}"), None),
            p if p < 60 => (
                "GET /api/v1/search",
                "GET",
                format!("/api/v1/search?q={word}&sort=newest"),
                None,
            ),
            _ => (
                "GET /stories/{id}",
                "GET",
                format!("/stories/{}", ids[pick % ids.len()]),
                None,
            ),
        };
        let started = Instant::now();
        let answer = conn
            .request_once(method, &path, None, form.as_deref())
            .await;
        local.record(route, started.elapsed(), &answer);
    }
    merge(&tally, local);
}

fn merge(into: &Mutex<Tally>, from: Tally) {
    let mut t = into.lock().unwrap();
    for (route, mut l) in from.latencies {
        t.latencies.entry(route).or_default().append(&mut l);
    }
    for (e, n) in from.errors {
        *t.errors.entry(e).or_default() += n;
    }
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let seconds = env_number("CHORUS_LOAD_SECONDS", 60);
    let connections = env_number("CHORUS_LOAD_CONNECTIONS", 200) as usize;
    let submit_percent = env_number("CHORUS_LOAD_SUBMIT_PERCENT", 1).min(40) as usize;
    let dir = tempfile::tempdir().expect("temporary directory");
    let (mut child, addr, password) = start_server(dir.path());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let ids: Vec<String> = runtime.block_on(async {
        let mut conn = Client::new(addr);
        let all = conn
            .request_once("GET", "/api/v1/search?per_page=50", None, None)
            .await
            .unwrap();
        all.body
            .split("\"id\":\"")
            .skip(1)
            .filter_map(|s| s.split('"').next().map(str::to_owned))
            .collect()
    });
    assert!(!ids.is_empty(), "the demo corpus has no stories");
    let rss_before = proc_status(child.id(), "VmRSS:");
    println!(
        "load: {connections} connections for {seconds} s against {addr} ({} demo stories; {submit_percent}% of public requests are submissions)",
        ids.len()
    );

    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    let until = started + Duration::from_secs(seconds);
    runtime.block_on(async {
        let ids = Arc::new(ids);
        let mut tasks = Vec::new();
        tasks.push(tokio::spawn(moderator(
            addr,
            password.clone(),
            until,
            tally.clone(),
        )));
        for n in 1..connections {
            tasks.push(tokio::spawn(reader(
                n,
                submit_percent,
                addr,
                ids.clone(),
                until,
                tally.clone(),
            )));
        }
        for t in tasks {
            t.await.unwrap();
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let rss_after = proc_status(child.id(), "VmRSS:");
    let threads = proc_status(child.id(), "Threads:");
    let (anon, file) = (
        proc_status(child.id(), "RssAnon:"),
        proc_status(child.id(), "RssFile:"),
    );
    let wal = std::fs::metadata(dir.path().join("data").join("chorus.sqlite3-wal"))
        .map(|m| m.len())
        .unwrap_or(0);

    let mut tally = tally.lock().unwrap();
    let total: usize = tally.latencies.values().map(Vec::len).sum();
    println!(
        "{total} requests in {elapsed:.1} s: {:.0} requests/s",
        total as f64 / elapsed
    );
    println!(
        "{:<22} {:>8} {:>8} {:>9} {:>9}",
        "route", "count", "per s", "p50 ms", "p99 ms"
    );
    for (route, l) in tally.latencies.iter_mut() {
        l.sort();
        println!(
            "{route:<22} {:>8} {:>8.0} {:>9.1} {:>9.1}",
            l.len(),
            l.len() as f64 / elapsed,
            percentile(l, 0.50),
            percentile(l, 0.99)
        );
    }
    let errors: u64 = tally.errors.values().sum();
    println!("errors: {errors}");
    for (e, n) in &tally.errors {
        println!("  {n} × {e}");
    }
    println!(
        "server RSS: {} MiB before, {} MiB after ({} MiB anonymous, {} MiB mapped files; {threads} threads); WAL after: {} KiB",
        rss_before / 1024,
        rss_after / 1024,
        anon / 1024,
        file / 1024,
        wal / 1024
    );
    let _ = child.kill();
    let _ = child.wait();
    if errors > 0 {
        std::process::exit(1);
    }
}
