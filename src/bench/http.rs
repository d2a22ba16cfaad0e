//! `chorus bench http`: end to end over loopback. Starts this binary's `chorus serve` on an
//! archive already filled (by `chorus import`), then drives every public page type, the search
//! mix at several connection counts, and the moderator queue, from keep-alive connections that
//! each send their next request as soon as the last is answered. Reports requests/s, p50/p99,
//! the first (uncached) answer's time, errors, and the server's RSS.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::client::Client;
use super::{ms, rss_mib, Latency};
use anyhow::{bail, Context};

/// What to drive and for how long.
#[derive(Debug, Clone)]
pub struct Options {
    /// The archive's database directory.
    pub data_dir: PathBuf,
    /// Its index directory.
    pub index_dir: PathBuf,
    /// Seconds each measurement runs.
    pub seconds: f64,
    /// Connection counts for the page and search-mix tables.
    pub connections: Vec<usize>,
    /// The `chorus` binary to serve with (`None`: this one).
    pub server: Option<PathBuf>,
}

/// The search mix: the query classes of `chorus bench search`, as addresses.
const SEARCHES: &[&str] = &[
    "/stories?q=ward",
    "/stories?q=marmalade",
    "/stories?q=crisis+team",
    "/stories?q=%22ward+round%22",
    "/stories?q=ward&theme=restraint",
    "/stories?q=ward&exclude_cw=self-harm",
    "/stories?q=sectioned",
    "/stories?q=ward+AND+%28round",
];

/// Runs the whole end-to-end measurement and prints the tables.
pub fn run(opts: &Options) -> anyhow::Result<()> {
    let password = crate::auth::generate_password();
    let moderator = format!("bench-{}", crate::dates::now_unix());
    // The moderator is made by the binary under test, in its own process, so that a build being
    // compared (`--server`) finds its database exactly as it left it.
    let exe = server_binary(opts)?;
    let mut add = Command::new(&exe)
        .args(["moderator", "add", &moderator, "--data-dir"])
        .arg(&opts.data_dir)
        .arg("--index-dir")
        .arg(&opts.index_dir)
        .env("CHORUS_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .context("creating the benchmark's moderator")?;
    {
        use std::io::Write;
        let mut stdin = add.stdin.take().context("moderator add input")?;
        stdin.write_all(password.as_bytes())?;
    }
    anyhow::ensure!(
        add.wait()?.success(),
        "could not create the benchmark's moderator"
    );
    let mut server = Server::start(opts)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let result = runtime.block_on(drive(opts, &server, &moderator, &password));
    server.stop();
    result
}

fn server_binary(opts: &Options) -> anyhow::Result<PathBuf> {
    match &opts.server {
        Some(p) => Ok(p.clone()),
        None => std::env::current_exe().context("finding this binary"),
    }
}

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(opts: &Options) -> anyhow::Result<Self> {
        let exe = server_binary(opts)?;
        let mut child = Command::new(exe)
            .args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
            .arg(&opts.data_dir)
            .arg("--index-dir")
            .arg(&opts.index_dir)
            .env("CHORUS_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting chorus serve")?;
        let stdout = child.stdout.take().context("server output")?;
        let mut lines = BufReader::new(stdout).lines();
        let addr = loop {
            let Some(line) = lines.next() else {
                bail!("chorus serve stopped before it listened");
            };
            let line = line?;
            if let Some(rest) = line.split("http://").nth(1) {
                break rest.trim().parse().context("reading the address")?;
            }
        };
        std::thread::spawn(move || for _ in lines {});
        Ok(Self { child, addr })
    }

    fn rss(&self) -> String {
        match rss_mib(Some(self.child.id())) {
            Some((now, peak)) => format!("{now:.0} MiB (peak so far {peak:.0} MiB)"),
            None => "unknown".into(),
        }
    }

    fn stop(&mut self) {
        // A polite stop lets the server finish its index work; a kill if that fails.
        let polite = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        if !polite {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

async fn drive(
    opts: &Options,
    server: &Server,
    moderator: &str,
    password: &str,
) -> anyhow::Result<()> {
    let addr = server.addr;
    let mut probe = Client::new(addr);
    let health = probe.get("/healthz", None).await?;
    anyhow::ensure!(health.status == 200, "the server is not healthy");
    let found = probe.get("/api/v1/search?q=ward&per_page=1", None).await?;
    let json: serde_json::Value = serde_json::from_str(&found.body).context("search answer")?;
    let published = json["total"].as_u64().unwrap_or(0);
    let id = json["hits"][0]["id"]
        .as_str()
        .context("no story matched `ward`: is the archive filled?")?
        .to_owned();
    println!("server: http://{addr}; {published} published stories match `ward`");
    println!("server RSS after start: {}\n", server.rss());

    let pages: Vec<(&str, String)> = vec![
        ("home", "/".into()),
        ("browse", "/stories".into()),
        ("theme", "/themes/restraint".into()),
        ("themes", "/themes".into()),
        ("stats", "/stats".into()),
        ("transparency", "/transparency".into()),
        ("feed", "/feed.atom".into()),
        ("search feed", "/stories/feed.atom?q=ward".into()),
        ("story", format!("/stories/{id}")),
        ("version", format!("/stories/{id}/v/1")),
        ("cite", format!("/stories/{id}/cite")),
    ];
    let duration = Duration::from_secs_f64(opts.seconds);
    let conns = &opts.connections;
    print!("| page | first answer ms |");
    for c in conns {
        print!(" {c} conn: req/s | p50 | p99 |");
    }
    println!(" errors |");
    print!("| --- | ---: |");
    for _ in conns {
        print!(" ---: | ---: | ---: |");
    }
    println!(" ---: |");
    for (name, path) in &pages {
        let started = Instant::now();
        let first = probe.get(path, None).await?;
        let first_ms = started.elapsed();
        let mut errors = u64::from(first.status >= 400);
        print!("| {name} `{path}` | {} |", ms(first_ms));
        for &c in conns {
            let r = load(addr, vec![path.clone()], c, duration, None).await;
            errors += r.errors;
            print!(
                " {:.0} | {} | {} |",
                r.per_second,
                ms(r.latency.p50),
                ms(r.latency.p99)
            );
        }
        println!(" {errors} |");
    }
    println!("\nserver RSS after the pages: {}\n", server.rss());

    println!(
        "| search mix ({} queries in turn) | req/s | p50 ms | p99 ms | errors |",
        SEARCHES.len()
    );
    println!("| --- | ---: | ---: | ---: | ---: |");
    let mix: Vec<String> = SEARCHES.iter().map(|s| (*s).to_owned()).collect();
    for c in [1, 16, 64] {
        let r = load(addr, mix.clone(), c, duration, None).await;
        println!(
            "| {c} connections | {:.0} | {} | {} | {} |",
            r.per_second,
            ms(r.latency.p50),
            ms(r.latency.p99),
            r.errors
        );
    }
    println!("\nserver RSS after the search mix: {}\n", server.rss());

    let cookie = sign_in(&mut probe, moderator, password).await?;
    println!("| moderator queue | req/s | p50 ms | p99 ms | errors |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for c in [1, 4] {
        let r = load(
            addr,
            vec!["/moderate".into()],
            c,
            duration,
            Some(cookie.clone()),
        )
        .await;
        println!(
            "| `/moderate`, {c} connections | {:.0} | {} | {} | {} |",
            r.per_second,
            ms(r.latency.p50),
            ms(r.latency.p99),
            r.errors
        );
    }
    println!("\nserver RSS at the end: {}", server.rss());
    Ok(())
}

async fn sign_in(conn: &mut Client, name: &str, password: &str) -> anyhow::Result<String> {
    let form = conn.get("/moderate/login", None).await?;
    let csrf = form
        .after("name=\"csrf\" value=\"")
        .context("no csrf field on the sign-in form")?;
    let login = form.cookie("chorus_login").context("no sign-in cookie")?;
    let enc = |s: &str| {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    let body = format!(
        "csrf={}&username={}&password={}",
        enc(&csrf),
        enc(name),
        enc(password)
    );
    let signed = conn
        .request(
            "POST",
            "/moderate/login",
            Some(&format!("chorus_login={login}")),
            Some(&body),
        )
        .await?;
    let session = signed.cookie("chorus_session").with_context(|| {
        format!(
            "sign-in refused ({}): {}",
            signed.status,
            signed.body.chars().take(200).collect::<String>()
        )
    })?;
    Ok(format!("chorus_session={session}"))
}

/// What a load run measured.
struct Load {
    per_second: f64,
    latency: Latency,
    errors: u64,
}

/// `connections` keep-alive connections, each asking for `paths` in turn (each starting at a
/// different one) for `duration`.
async fn load(
    addr: SocketAddr,
    paths: Vec<String>,
    connections: usize,
    duration: Duration,
    cookie: Option<String>,
) -> Load {
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(connections);
    for c in 0..connections {
        let paths = paths.clone();
        let cookie = cookie.clone();
        tasks.push(tokio::spawn(async move {
            let mut conn = Client::new(addr);
            let mut samples = Vec::new();
            let mut errors = 0u64;
            let mut i = c;
            while Instant::now() < deadline {
                let path = &paths[i % paths.len()];
                i += 1;
                let t = Instant::now();
                match conn.get(path, cookie.as_deref()).await {
                    Ok(a) if a.status < 400 => samples.push(t.elapsed()),
                    _ => errors += 1,
                }
            }
            (samples, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        if let Ok((s, e)) = t.await {
            all.extend(s);
            errors += e;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    Load {
        per_second: all.len() as f64 / elapsed,
        latency: Latency::of(&mut all),
        errors,
    }
}
