//! How pages travel: gzip and brotli for HTML, CSS and JSON; a hashed stylesheet cached for
//! ever; story pages with an ETag answered by 304; moderator pages never stored; a favicon;
//! and every public page under 50 KB as sent.

use std::io::Read;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::support::TestApp;

/// A request with headers, answered as raw bytes (the body may be compressed).
async fn fetch(
    app: &TestApp,
    path: &str,
    headers: &[(header::HeaderName, &str)],
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut req = Request::get(path);
    for (k, v) in headers {
        req = req.header(k, *v);
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, bytes)
}

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> String {
    let mut out = String::new();
    brotli_decompressor::Decompressor::new(bytes, 4096)
        .read_to_string(&mut out)
        .unwrap();
    out
}

/// Imports the example stories as published, for pages of realistic size.
fn with_examples(app: &TestApp) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("stories");
    chorus::archive::story_files(&dir)
        .unwrap()
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            app.archive
                .import_story(&text, true)
                .unwrap()
                .map(|id| id.to_string())
        })
        .collect()
}

#[tokio::test]
async fn html_css_and_json_are_sent_with_brotli_or_gzip() {
    let app = TestApp::new();
    with_examples(&app);
    let css = chorus::web::stylesheet_href();
    for path in ["/", "/api/v1/themes", css] {
        let (_, _, plain) = fetch(&app, path, &[]).await;
        let plain = String::from_utf8(plain).unwrap();
        let (status, h, br) = fetch(&app, path, &[(header::ACCEPT_ENCODING, "br")]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(h[header::CONTENT_ENCODING], "br", "{path}");
        assert!(h[header::VARY]
            .to_str()
            .unwrap()
            .to_lowercase()
            .contains("accept-encoding"));
        assert_eq!(unbrotli(&br), plain, "{path}");
        assert!(
            br.len() < plain.len() / 2,
            "{path}: {} of {}",
            br.len(),
            plain.len()
        );
        let (_, h, gz) = fetch(&app, path, &[(header::ACCEPT_ENCODING, "gzip")]).await;
        assert_eq!(h[header::CONTENT_ENCODING], "gzip", "{path}");
        assert_eq!(gunzip(&gz), plain, "{path}");
    }
    let (_, h, _) = fetch(&app, "/", &[]).await;
    assert!(
        h.get(header::CONTENT_ENCODING).is_none(),
        "nothing asked, nothing compressed"
    );
}

#[tokio::test]
async fn the_stylesheet_is_named_by_its_hash_and_cached_for_ever() {
    let app = TestApp::new();
    let home = app.get("/").await;
    let href = home.attr("link[rel=stylesheet]", "href").unwrap();
    let hash = href
        .strip_prefix("/static/style.")
        .and_then(|h| h.strip_suffix(".css"))
        .unwrap();
    assert_eq!(hash.len(), 12);
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
    let css = app.get(&href).await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.headers[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("immutable"));
    assert!(css.body.contains("@media print"));
    assert_eq!(
        app.get("/static/style.000000000000.css").await.status,
        StatusCode::NOT_FOUND
    );
    let old = app.get("/static/style.css").await;
    assert_eq!(old.body, css.body, "the old address still works");
    assert!(!old.headers[header::CACHE_CONTROL]
        .to_str()
        .unwrap()
        .contains("immutable"));
}

#[tokio::test]
async fn a_story_page_has_an_etag_and_an_unchanged_one_costs_a_304() {
    let app = TestApp::new();
    let ids = with_examples(&app);
    let path = format!("/stories/{}", ids[0]);
    let (status, h, body) = fetch(&app, &path, &[]).await;
    assert_eq!(status, StatusCode::OK);
    let etag = h[header::ETAG].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    assert_eq!(h[header::CACHE_CONTROL], "public, no-cache");
    let (status, h, again) = fetch(&app, &path, &[(header::IF_NONE_MATCH, &etag)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(again.is_empty());
    assert_eq!(h[header::ETAG].to_str().unwrap(), etag);
    let (status, _, fresh) = fetch(&app, &path, &[(header::IF_NONE_MATCH, "W/\"stale\"")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fresh, body);
    let other = format!("/stories/{}", ids[1]);
    let (_, h, _) = fetch(&app, &other, &[]).await;
    assert_ne!(
        h[header::ETAG].to_str().unwrap(),
        etag,
        "another page, another tag"
    );
}

#[tokio::test]
async fn moderator_pages_are_never_stored() {
    let app = TestApp::new();
    for path in [
        "/moderate/login",
        "/moderate",
        "/moderate/audit",
        "/receipt",
        "/share",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.headers[header::CACHE_CONTROL], "no-store", "{path}");
    }
}

#[tokio::test]
async fn the_favicon_is_served_at_both_addresses() {
    let app = TestApp::new();
    for path in ["/favicon.ico", "/favicon.svg"] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.headers[header::CONTENT_TYPE], "image/svg+xml");
        assert!(r.body.starts_with("<svg") && r.body.len() < 2000);
    }
}

#[tokio::test]
async fn every_public_page_is_under_50_kb_as_sent() {
    let app = TestApp::new();
    let ids = with_examples(&app);
    let story = &ids[0];
    let pages = [
        "/".to_owned(),
        "/share".into(),
        "/receipt".into(),
        "/stories".into(),
        "/stories?q=ward".into(),
        format!("/stories/{story}"),
        format!("/stories/{story}/v/1"),
        format!("/stories/{story}/cite"),
        "/themes".into(),
        "/themes/hope".into(),
        "/stats".into(),
        "/transparency".into(),
        "/moderation".into(),
        "/about".into(),
        "/privacy".into(),
        "/feed.atom".into(),
        "/moderate/login".into(),
    ];
    for path in &pages {
        let (status, _, plain) = fetch(&app, path, &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        for encoding in ["br", "gzip"] {
            let (_, h, sent) = fetch(&app, path, &[(header::ACCEPT_ENCODING, encoding)]).await;
            assert_eq!(h[header::CONTENT_ENCODING], encoding, "{path}");
            assert!(
                sent.len() < 50_000,
                "{path} is {} bytes with {encoding}",
                sent.len()
            );
            eprintln!(
                "{path}: {} bytes, {} with {encoding}",
                plain.len(),
                sent.len()
            );
        }
    }
}
