//! Hostile strangers: per-client limits refuse politely and keep what was typed, a flood of large
//! drafts cannot starve readers, metrics are for operators only, and a panic leaves no testimony
//! in the logs.

use axum::http::{header, Request, StatusCode};

use crate::support::{captured_logs, TestApp};

#[tokio::test]
async fn a_panic_while_working_on_a_draft_leaves_its_text_out_of_the_logs() {
    let app = TestApp::new();
    chorus::logging::quiet_panics();
    let secret = "Quillwort marigolds under the seventh lamp of Thursday";
    let state = chorus::web::AppState::new(app.archive.clone());
    let result: Result<(), _> = chorus::web::blocking(&state, move |_| {
        panic!("while rendering the draft {secret}");
    })
    .await;
    assert!(matches!(
        result,
        Err(chorus::archive::ArchiveError::Internal(_))
    ));
    // A panic on any other thread is just as quiet.
    let other = std::thread::spawn(move || panic!("{secret}")).join();
    assert!(other.is_err());
    // Back to the standard hook, so that other tests' failures still explain themselves.
    let _ = std::panic::take_hook();
    let logs = captured_logs();
    assert!(logs.contains("panicked"), "the panic's place is logged");
    assert!(logs.contains("limits.rs"), "with its file");
    assert!(!logs.contains(secret), "the logs hold the draft's text");
}

#[tokio::test]
async fn too_many_stories_from_one_client_get_a_429_with_the_form_kept() {
    let app = TestApp::with_config(|c| c.rate_limits.submissions_per_hour = 2);
    for i in 0..2 {
        app.submit(&format!("Story {i}"), "Some words about a ward.")
            .await;
    }
    let body = "My third story, which must not be lost.";
    let r = app
        .post_form(
            "/share",
            &[
                ("title", "Third"),
                ("body", body),
                ("consent_publish", "on"),
                ("roles", "carer"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.texts(".errors li").iter().any(|e| e.contains("wait")));
    assert_eq!(r.texts("textarea#body"), vec![body]);
    assert!(r
        .attr("input[name=roles][value=carer]", "checked")
        .is_some());
    let api = app
        .post_json(
            "/api/v1/submissions",
            &serde_json::json!({"title": "Fourth", "body": "x", "consent_publish": true}),
        )
        .await;
    assert_eq!(api.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(api.json()["error"]["code"], "too_many_requests");
}

#[tokio::test]
async fn clients_behind_a_trusted_proxy_are_told_apart_by_the_address_it_added() {
    let app = TestApp::with_config(|c| {
        c.trust_proxy = true;
        c.rate_limits.submissions_per_hour = 1;
    });
    let send = |forwarded: &'static str| {
        let body = crate::support::encode(&[
            ("title", "Via a proxy"),
            ("body", "Words."),
            ("consent_publish", "on"),
        ]);
        Request::post("/share")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("x-forwarded-for", forwarded)
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    assert_eq!(
        app.send(send("203.0.113.5")).await.status,
        StatusCode::CREATED
    );
    // Whatever the client writes on the left, the proxy's right-most entry is what counts.
    assert_eq!(
        app.send(send("198.51.100.1, 203.0.113.5")).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        app.send(send("203.0.113.6")).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn metrics_are_not_public_without_the_operators_token() {
    let app = TestApp::new();
    assert_eq!(app.get("/metrics").await.status, StatusCode::NOT_FOUND);
    let token = "an operator token of more than 24 chars";
    let app = TestApp::with_config(|c| c.metrics_token = Some(token.into()));
    assert_eq!(app.get("/metrics").await.status, StatusCode::NOT_FOUND);
    app.submit("Counted only in all", "Some words.").await;
    app.get("/stories").await;
    let r = app
        .send(
            Request::get("/metrics")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("chorus_queue_length 1"), "{}", r.body);
    assert!(
        r.body.contains("route=\"/stories\""),
        "reads are counted by route"
    );
    // Sending a story is not told apart from any other action.
    assert!(!r.body.contains("route=\"/share\""), "{}", r.body);
    assert!(!r.body.contains("/receipt"), "{}", r.body);
}

#[tokio::test]
async fn the_operators_listener_serves_metrics_and_the_public_one_does_not() {
    let app = TestApp::new();
    let public = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let metrics = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (public_addr, metrics_addr) = (public.local_addr().unwrap(), metrics.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(chorus::web::serve_with_metrics(
        public,
        Some(metrics),
        app.archive.clone(),
        async {
            let _ = stopped.await;
        },
    ));
    let get = |addr: std::net::SocketAddr| async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(
            format!("GET /metrics HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .await
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).await.unwrap();
        out
    };
    assert!(get(public_addr).await.starts_with("HTTP/1.1 404"));
    let answer = get(metrics_addr).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("chorus_index_lag"));
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_are_answered_while_a_flood_of_large_previews_waits_its_turn() {
    let app = TestApp::new();
    app.submit("Findable", "A story about a ward round.").await;
    // 32 drafts of about 90 KB, each full of things to flag.
    let body = "Call Dr Okafor on 07700 900123 or sam@example.org at 12 Mill Lane, BN2 1HW.\n\n"
        .repeat(1_100);
    let mut previews = Vec::new();
    for _ in 0..32 {
        let router = app.router.clone();
        let json = serde_json::json!({"title": "Draft", "body": body}).to_string();
        previews.push(tokio::spawn(async move {
            use tower::ServiceExt;
            let req = Request::post("/api/v1/preview")
                .header(header::CONTENT_TYPE, "application/json")
                .body(axum::body::Body::from(json))
                .unwrap();
            router.oneshot(req).await.unwrap().status()
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
    assert_eq!(
        app.get("/api/v1/search?q=ward").await.status,
        StatusCode::OK
    );
    let unfinished = previews.iter().filter(|p| !p.is_finished()).count();
    assert!(
        unfinished > 0,
        "the health check and the search were answered only after every preview"
    );
    for p in previews {
        let status = p.await.unwrap();
        assert!(
            status == StatusCode::OK || status == StatusCode::SERVICE_UNAVAILABLE,
            "{status}"
        );
    }
}
