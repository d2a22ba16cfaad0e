//! The real `chorus` binary as a child process, for the tests of what survives a crash, a
//! signal or a restore: start it on a free port, speak HTTP/1.1 to it over plain sockets, run
//! its other sub-commands, and stop it with signals (sent with `kill`, as an operator would).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

pub const PASSWORD: &str = "a long test passphrase 42";

/// A data directory and an index directory for one archive, plus a place for the server's log.
pub struct Dirs {
    pub root: tempfile::TempDir,
    pub data: PathBuf,
    pub index: PathBuf,
}

impl Dirs {
    pub fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        Self {
            data: root.path().join("data"),
            index: root.path().join("index"),
            root,
        }
    }

    /// Another pair of directories under the same root (for a restore).
    pub fn sibling(&self, name: &str) -> (PathBuf, PathBuf) {
        (
            self.root.path().join(format!("{name}-data")),
            self.root.path().join(format!("{name}-index")),
        )
    }

    fn log(&self) -> PathBuf {
        self.root.path().join("server.log")
    }

    /// Runs `chorus ARGS --data-dir … --index-dir …`, with `stdin` as its input.
    pub fn chorus(&self, args: &[&str], stdin: &str) -> Output {
        chorus_in(&self.data, &self.index, args, stdin)
    }

    /// Creates an administrator called `name` with [`PASSWORD`].
    pub fn add_admin(&self, name: &str) {
        let out = self.chorus(&["moderator", "add", name, "--role", "admin"], PASSWORD);
        assert!(out.status.success(), "{}", text(&out));
    }

    /// `chorus check`, which must exit 0.
    pub fn assert_check_passes(&self) {
        let out = self.chorus(&["check"], "");
        assert!(out.status.success(), "chorus check failed: {}", text(&out));
    }

    /// Every file under the data and index directories.
    pub fn files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.push(p);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.data, &mut out);
        walk(&self.index, &mut out);
        out
    }

    /// The database file, opened directly (not through Chorus).
    pub fn database(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(self.data.join("chorus.sqlite3")).unwrap()
    }

    /// `PRAGMA integrity_check` on the database file.
    pub fn integrity(&self) -> String {
        self.database()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap()
    }

    /// Index changes written to the database but not yet applied.
    pub fn pending_index_changes(&self) -> i64 {
        self.database()
            .query_row("SELECT count(*) FROM index_outbox", [], |r| r.get(0))
            .unwrap()
    }

    /// Starts `chorus serve` on a free port; `env` is added to its environment.
    pub fn spawn(&self, env: &[(&str, &str)]) -> Spawned {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log())
            .unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_chorus"));
        cmd.args(["serve", "--bind", "127.0.0.1:0", "--data-dir"])
            .arg(&self.data)
            .arg("--index-dir")
            .arg(&self.index)
            .env("CHORUS_LOG", "warn")
            .env_remove("CHORUS_CONFIG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("starting chorus serve");
        // The first line says where it listens; the rest is drained so the server never blocks.
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let first = lines.next().and_then(Result::ok);
            let _ = tx.send(first);
            for _ in lines {}
        });
        Spawned {
            child,
            listening: rx,
            log: self.log(),
        }
    }

    /// Starts `chorus serve` and waits until it listens.
    pub fn start(&self, env: &[(&str, &str)]) -> Server {
        self.spawn(env).listening()
    }
}

/// Runs the binary with the given directories.
pub fn chorus_in(data: &Path, index: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .arg("--index-dir")
        .arg(index)
        .env("CHORUS_LOG", "warn")
        .env_remove("CHORUS_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// A command's output, for failure messages.
pub fn text(out: &Output) -> String {
    format!(
        "{}\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Sends `signal` (`KILL`, `TERM`, `INT`) to process `pid`.
pub fn signal(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .expect("running kill");
    assert!(status.success(), "kill -{signal} {pid} failed");
}

/// A server that may not be listening yet.
pub struct Spawned {
    pub child: Child,
    listening: std::sync::mpsc::Receiver<Option<String>>,
    log: PathBuf,
}

impl Spawned {
    /// Waits for the line saying where it listens.
    pub fn listening(mut self) -> Server {
        let line = self.listening.recv_timeout(Duration::from_secs(60));
        let addr = line
            .ok()
            .flatten()
            .and_then(|l| l.rsplit("http://").next().map(str::to_owned))
            .and_then(|a| a.trim().parse().ok());
        match addr {
            Some(addr) => Server {
                child: self.child,
                addr,
            },
            None => {
                let _ = self.child.kill();
                let status = self.child.wait();
                panic!(
                    "chorus serve did not start ({status:?}); its log:\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
        }
    }
}

/// A running server.
pub struct Server {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends a signal without waiting.
    pub fn signal(&self, name: &str) {
        signal(self.pid(), name);
    }

    /// Waits (up to `limit`) for the process to end.
    pub fn wait(&mut self, limit: Duration) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if started.elapsed() > limit {
                let _ = self.child.kill();
                panic!("chorus serve did not stop within {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// `kill -9`, then waits for it.
    pub fn crash(&mut self) {
        self.signal("KILL");
        self.wait(Duration::from_secs(30));
    }

    pub fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        self.request("GET", path, cookie, None, b"")
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    pub fn post_json(&self, path: &str, value: &serde_json::Value) -> Reply {
        self.try_post_json(path, value)
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    pub fn try_post_json(&self, path: &str, value: &serde_json::Value) -> std::io::Result<Reply> {
        self.request(
            "POST",
            path,
            None,
            Some("application/json"),
            value.to_string().as_bytes(),
        )
    }

    pub fn try_post_form(
        &self,
        path: &str,
        pairs: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> std::io::Result<Reply> {
        self.request(
            "POST",
            path,
            cookie,
            Some("application/x-www-form-urlencoded"),
            crate::support::encode(pairs).as_bytes(),
        )
    }

    /// One request on its own connection (`Connection: close`), read to the end.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        cookie: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> std::io::Result<Reply> {
        request(self.addr, method, path, cookie, content_type, body)
    }

    /// Signs in as `name` with [`PASSWORD`] through the sign-in form, as a browser does.
    pub fn login(&self, name: &str) -> Session {
        let form = self.get("/moderate/login", None);
        let token = form.attr("input[name=csrf]", "value").expect("csrf field");
        let login = form.set_cookie("chorus_login").expect("sign-in cookie");
        let reply = self
            .try_post_form(
                "/moderate/login",
                &[("csrf", &token), ("username", name), ("password", PASSWORD)],
                Some(&format!("chorus_login={login}")),
            )
            .unwrap();
        assert_eq!(reply.status, 303, "{}", reply.body);
        let cookie = format!(
            "chorus_session={}",
            reply.set_cookie("chorus_session").expect("session cookie")
        );
        let queue = self.get("/moderate", Some(&cookie));
        let csrf = queue
            .attr("input[name=csrf]", "value")
            .expect("csrf on the queue page");
        Session { cookie, csrf }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A signed-in moderator.
#[derive(Clone)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// A response, read whole.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn attr(&self, selector: &str, attr: &str) -> Option<String> {
        let sel = scraper::Selector::parse(selector).unwrap();
        scraper::Html::parse_document(&self.body)
            .select(&sel)
            .next()
            .and_then(|e| e.value().attr(attr).map(str::to_owned))
    }

    /// `(submission id, title)` of each item on a moderation queue page.
    pub fn queued_items(&self) -> Vec<(String, String)> {
        let sel = scraper::Selector::parse(".queue-item h2 a").unwrap();
        scraper::Html::parse_document(&self.body)
            .select(&sel)
            .filter_map(|a| {
                let id = a.value().attr("href")?.rsplit('/').next()?.to_owned();
                Some((id, a.text().collect::<String>().trim().to_owned()))
            })
            .collect()
    }

    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
            .find_map(|(_, v)| {
                v.strip_prefix(&format!("{name}="))
                    .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
            })
    }
}

/// Minimal HTTP/1.1: one request per connection, a `Content-Length` or chunked answer.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    cookie: Option<&str>,
    content_type: Option<&str>,
    body: &[u8],
) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(c) = cookie {
        head.push_str(&format!("Cookie: {c}\r\n"));
    }
    if let Some(t) = content_type {
        head.push_str(&format!(
            "Content-Type: {t}\r\nAccept: application/json\r\n"
        ));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    read_reply(&mut stream)
}

/// Reads a whole response from `stream`; an error if the connection ended before one came.
pub fn read_reply(stream: &mut impl Read) -> std::io::Result<Reply> {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let broken =
        |what: &str| std::io::Error::new(std::io::ErrorKind::UnexpectedEof, what.to_owned());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| broken("the connection ended before a response"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| broken("no status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let mut body = raw[split + 4..].to_vec();
    if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        body = unchunk(&body).ok_or_else(|| broken("a chunked body was cut short"))?;
    } else if let Some(len) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
        if body.len() < len {
            return Err(broken("the body was cut short"));
        }
        body.truncate(len);
    }
    Ok(Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn unchunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}
