//! The test harness: a fresh archive in a temporary directory, driven through the router with
//! `oneshot` (no socket), plus helpers for forms, cookies and CSRF tokens.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use chorus::archive::Archive;
use chorus::config::Config;
use chorus::store::Role;
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const PASSWORD: &str = "a long test passphrase 42";

/// Everything the server logged while the tests ran (all tests share one process).
pub fn captured_logs() -> String {
    String::from_utf8_lossy(&LOGS.get_or_init(Default::default).lock().unwrap()).into_owned()
}

static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();

#[derive(Clone)]
struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn init_logging() {
    static INIT: OnceLock<()> = OnceLock::new();
    INIT.get_or_init(|| {
        let buffer = LOGS.get_or_init(Default::default).clone();
        // Chorus at its most verbose, the web stack at debug: far more than production logs.
        let _ = tracing_subscriber::fmt()
            .with_env_filter("chorus=trace,tower=debug,axum=debug,hyper=debug,tantivy=info")
            .with_writer(move || LogWriter(buffer.clone()))
            .with_ansi(false)
            .try_init();
    });
}

/// A fresh archive and its router.
pub struct TestApp {
    pub dir: tempfile::TempDir,
    pub archive: Arc<Archive>,
    pub router: Router,
}

/// A response, read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body's bytes as sent (for binary downloads).
    pub raw: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn html(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }

    /// The value of the first element matching `selector`'s attribute `attr`.
    pub fn attr(&self, selector: &str, attr: &str) -> Option<String> {
        let sel = scraper::Selector::parse(selector).unwrap();
        self.html()
            .select(&sel)
            .next()
            .and_then(|e| e.value().attr(attr).map(str::to_owned))
    }

    /// The text of every element matching `selector`.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let sel = scraper::Selector::parse(selector).unwrap();
        self.html()
            .select(&sel)
            .map(|e| e.text().collect::<String>())
            .collect()
    }

    /// Whether any element matches `selector`.
    pub fn html_has(&self, selector: &str) -> bool {
        let sel = scraper::Selector::parse(selector).unwrap();
        self.html().select(&sel).next().is_some()
    }

    /// The text of every element matching `selector`, joined.
    pub fn text(&self, selector: &str) -> String {
        self.texts(selector).concat()
    }

    /// Whether `needle` appears anywhere a reader or a scraper could find it on the page: in its
    /// text (the title included) or in any attribute value.
    pub fn mentions(&self, needle: &str) -> bool {
        let html = self.html();
        let root = html.root_element();
        root.text().collect::<String>().contains(needle)
            || root
                .descendants()
                .filter_map(scraper::ElementRef::wrap)
                .any(|e| e.value().attrs().any(|(_, v)| v.contains(needle)))
    }

    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| {
                v.strip_prefix(&format!("{name}="))
                    .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
            })
    }
}

pub fn encode(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                percent_encoding::utf8_percent_encode(k, percent_encoding::NON_ALPHANUMERIC),
                percent_encoding::utf8_percent_encode(v, percent_encoding::NON_ALPHANUMERIC)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

impl TestApp {
    pub fn new() -> Self {
        Self::with_config(|_| {})
    }

    pub fn with_config(tweak: impl FnOnce(&mut Config)) -> Self {
        init_logging();
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config {
            data_dir: dir.path().join("data"),
            index_dir: dir.path().join("index"),
            ..Config::default()
        };
        tweak(&mut config);
        let archive = Archive::open(config).unwrap();
        let router = chorus::web::app(archive.clone());
        Self {
            dir,
            archive,
            router,
        }
    }

    pub async fn send(&self, req: Request<Body>) -> Reply {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            raw: bytes.to_vec(),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> Reply {
        self.send(
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub async fn post_form(&self, path: &str, pairs: &[(&str, &str)]) -> Reply {
        self.post_raw(path, encode(pairs).into_bytes(), None).await
    }

    /// Withdraws with the receipt `code`, confirmed, as a contributor would: when the answer is
    /// the designed 503 "your withdrawal is recorded … will complete automatically" (the erasure
    /// outlasted its patience, as it can on a loaded machine), asks again until it is complete.
    pub async fn withdraw(&self, code: &str) -> Reply {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let r = self
                .post_form(
                    "/receipt/withdraw",
                    &[("receipt", code), ("confirm", "yes")],
                )
                .await;
            let pending = r.status == StatusCode::SERVICE_UNAVAILABLE
                && r.body.contains("withdrawal is recorded");
            if !pending || std::time::Instant::now() >= deadline {
                return r;
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
    }

    pub async fn post_raw(&self, path: &str, body: Vec<u8>, cookie: Option<&str>) -> Reply {
        let mut req =
            Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(body)).unwrap()).await
    }

    pub async fn post_json(&self, path: &str, value: &serde_json::Value) -> Reply {
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(value.to_string()))
                .unwrap(),
        )
        .await
    }

    /// Submits a story through the form and returns its receipt code.
    pub async fn submit(&self, title: &str, body: &str) -> String {
        let reply = self
            .post_form(
                "/share",
                &[
                    ("title", title),
                    ("body", body),
                    ("consent_publish", "on"),
                    ("first_hand", "on"),
                    ("roles", "inpatient"),
                    ("settings", "acute-ward"),
                    ("period", "2019"),
                ],
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        reply
            .texts("#receipt-code")
            .first()
            .cloned()
            .expect("receipt code shown")
            .trim()
            .to_owned()
    }

    pub fn add_moderator(&self, name: &str, role: Role) {
        self.archive.add_moderator(name, PASSWORD, role).unwrap();
    }

    /// Signs in through the form; returns the session cookie header value.
    pub async fn login(&self, name: &str) -> Moderator {
        let form = self.get("/moderate/login").await;
        let token = form.attr("input[name=csrf]", "value").unwrap();
        let login_cookie = form.set_cookie("chorus_login").unwrap();
        let reply = self
            .post_raw(
                "/moderate/login",
                encode(&[("csrf", &token), ("username", name), ("password", PASSWORD)])
                    .into_bytes(),
                Some(&format!("chorus_login={login_cookie}")),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let session = reply.set_cookie("chorus_session").expect("session cookie");
        let cookie = format!("chorus_session={session}");
        let queue = self.get_with_cookie("/moderate", &cookie).await;
        let csrf = queue
            .attr("input[name=csrf]", "value")
            .expect("csrf on queue page");
        Moderator { cookie, csrf }
    }

    /// The id of the queued submission with this title.
    pub async fn queued_id(&self, m: &Moderator, title: &str) -> String {
        let queue = self.get_with_cookie("/moderate", &m.cookie).await;
        let sel = scraper::Selector::parse(".queue-item h2 a").unwrap();
        let html = queue.html();
        let link = html
            .select(&sel)
            .find(|a| a.text().collect::<String>() == title)
            .unwrap_or_else(|| panic!("{title} not in queue: {}", queue.body));
        link.value()
            .attr("href")
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned()
    }

    /// A moderator action with the right CSRF token.
    pub async fn act(&self, m: &Moderator, path: &str, pairs: &[(&str, &str)]) -> Reply {
        let mut all = vec![("csrf", m.csrf.as_str())];
        all.extend_from_slice(pairs);
        self.post_raw(path, encode(&all).into_bytes(), Some(&m.cookie))
            .await
    }

    /// Approves and returns the published story's id.
    pub async fn approve(&self, m: &Moderator, id: &str, themes: &[&str]) -> Reply {
        let mut pairs: Vec<(&str, &str)> = themes.iter().map(|t| ("themes", *t)).collect();
        pairs.push(("content_warnings", "restraint"));
        self.act(m, &format!("/moderate/submissions/{id}/approve"), &pairs)
            .await
    }

    pub async fn receipt_status(&self, code: &str) -> serde_json::Value {
        let r = self
            .post_json("/api/v1/receipt", &serde_json::json!({ "receipt": code }))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.json()
    }

    /// Every file under the data and index directories.
    pub fn all_files(&self) -> Vec<std::path::PathBuf> {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            if let Ok(entries) = std::fs::read_dir(dir) {
                for e in entries.flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        walk(&p, out);
                    } else {
                        out.push(p);
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(self.dir.path(), &mut out);
        out
    }

    /// Files whose bytes contain `needle`.
    pub fn files_containing(&self, needle: &[u8]) -> Vec<std::path::PathBuf> {
        self.all_files()
            .into_iter()
            .filter(|p| {
                let bytes = std::fs::read(p).unwrap_or_default();
                bytes.windows(needle.len()).any(|w| w == needle)
            })
            .collect()
    }
}

/// A signed-in moderator.
pub struct Moderator {
    pub cookie: String,
    pub csrf: String,
}

/// The story id from an approval's page.
pub fn published_id(reply: &Reply) -> String {
    let href = reply.attr("ul.links a", "href").unwrap_or_default();
    href.strip_prefix("/stories/")
        .unwrap_or_else(|| panic!("not published: {}", reply.body))
        .to_owned()
}

/// The number of stories a search answer found. The API shows counts from 1 to 4 only as
/// "fewer than 5"; then the hits on the (first) page are counted instead, and must agree.
pub fn total(answer: &serde_json::Value) -> u64 {
    match &answer["total"] {
        serde_json::Value::String(s) => {
            assert_eq!(s, "fewer than 5", "{answer}");
            let hits = answer["hits"].as_array().map_or(0, Vec::len) as u64;
            assert!((1..5).contains(&hits), "{answer}");
            hits
        }
        n => n
            .as_u64()
            .unwrap_or_else(|| panic!("total is a count: {answer}")),
    }
}
