//! The whole path: submit → receipt → moderator signs in → approve → search finds it → story
//! page shows it → receipt says published. Once through the router, once over a real socket.

use axum::http::StatusCode;
use chorus::store::Role;

use crate::support::{published_id, total, TestApp};

#[tokio::test]
async fn a_story_goes_from_submission_to_search_and_reading() {
    let app = TestApp::new();
    let body = "The night staff on the ward were kind to me.\n\nA *healthcare assistant* sat with me until the morning, and the marmalade toast tasted of hope.";
    let code = app.submit("Toast at four in the morning", body).await;
    assert_eq!(app.receipt_status(&code).await["status"], "pending");

    app.add_moderator("sam", Role::Moderator);
    let m = app.login("sam").await;
    let id = app.queued_id(&m, "Toast at four in the morning").await;
    let review = app
        .get_with_cookie(&format!("/moderate/submissions/{id}"), &m.cookie)
        .await;
    assert_eq!(review.status, StatusCode::OK);
    assert!(
        review.texts(".rendered .story-preview em") == ["healthcare assistant"],
        "rendered beside source"
    );
    assert!(
        review
            .text(".source pre.markdown")
            .contains("*healthcare assistant*"),
        "Markdown source shown"
    );
    assert!(
        review
            .text("textarea#redact-body")
            .contains("*healthcare assistant*"),
        "the source is what a redaction starts from"
    );

    let approved = app.approve(&m, &id, &["hope", "ward-environment"]).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    let story_id = published_id(&approved);

    let search = app.get("/api/v1/search?q=marmalade").await.json();
    assert_eq!(total(&search), 1);
    assert_eq!(search["hits"][0]["id"], story_id.as_str());
    assert!(search["hits"][0]["snippet_html"]
        .as_str()
        .unwrap()
        .contains("<mark>marmalade</mark>"));
    let by_theme = app.get("/api/v1/search?theme=hope").await.json();
    assert_eq!(total(&by_theme), 1);
    // One story: the API says "fewer than 5", like the pages, never the number.
    assert_eq!(by_theme["total"], "fewer than 5");
    assert_eq!(by_theme["facets"]["theme"]["hope"], "fewer than 5");
    let themes = app.get("/api/v1/themes").await.json();
    let hope = themes["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["slug"] == "hope")
        .unwrap();
    assert_eq!(hope["count"], "fewer than 5");
    assert_eq!(hope["count_label"], "fewer than 5");

    let page = app.get(&format!("/stories/{story_id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("h1"), vec!["Toast at four in the morning"]);
    assert!(
        page.attr("#p2 a.pnum", "href").is_some_and(|h| h == "#p2"),
        "numbered paragraphs"
    );
    assert_eq!(
        page.attr("meta[name=citation_title]", "content").as_deref(),
        Some("Toast at four in the morning")
    );

    let status = app.receipt_status(&code).await;
    assert_eq!(status["status"], "published");
    assert_eq!(status["story_id"], story_id.as_str());
}

#[tokio::test]
async fn the_json_api_accepts_a_submission_and_answers_with_a_receipt() {
    let app = TestApp::new();
    let r = app
        .post_json(
            "/api/v1/submissions",
            &serde_json::json!({"title": "By the API", "body": "Some words.", "roles": ["carer"], "consent_publish": true, "first_hand": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    assert_eq!(v["status"], "pending");
    let code = v["receipt"].as_str().unwrap();
    assert_eq!(code.len(), 24, "20 characters in groups of four");
    assert_eq!(app.receipt_status(code).await["status"], "pending");
}

/// Minimal HTTP/1.1 over a socket, so the real server (listener, connect info, shutdown) is used.
async fn http(addr: std::net::SocketAddr, request: String) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

#[tokio::test]
async fn the_real_server_answers_over_a_socket_and_shuts_down() {
    let app = TestApp::new();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(chorus::web::serve(listener, app.archive.clone(), async {
        let _ = stopped.await;
    }));
    let body = crate::support::encode(&[
        ("title", "Over the wire"),
        ("body", "Words sent over a socket."),
        ("consent_publish", "on"),
    ]);
    let (status, text) = http(
        addr,
        format!("POST /share HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()),
    )
    .await;
    assert_eq!(status, 201, "{text}");
    assert!(text.contains("receipt-code"));
    let (status, text) = http(
        addr,
        format!("GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(text.ends_with("ok"));
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
