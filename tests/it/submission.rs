//! Submitting: refused submissions keep what was typed, limits answer 4xx with a message,
//! previews store nothing, and receipts answer alike for unknown and malformed codes.

use axum::http::StatusCode;

use crate::support::TestApp;

const DRAFT: &str = "I wrote this on the bus home from the day centre, in pieces.";

#[tokio::test]
async fn missing_consent_reshows_the_form_with_a_message_and_the_text_kept() {
    let app = TestApp::new();
    let r = app
        .post_form(
            "/share",
            &[("title", "Bus notes"), ("body", DRAFT), ("roles", "carer")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.texts(".errors li").iter().any(|e| e.contains("consent")),
        "{}",
        r.body
    );
    assert_eq!(r.texts("textarea#body"), vec![DRAFT]);
    assert_eq!(r.attr("input#title", "value").as_deref(), Some("Bus notes"));
    assert!(
        r.attr("input[name=roles][value=carer]", "checked")
            .is_some(),
        "ticked boxes stay ticked"
    );
}

#[tokio::test]
async fn missing_title_reshows_the_form_with_a_message_and_the_text_kept() {
    let app = TestApp::new();
    let r = app
        .post_form(
            "/share",
            &[("title", "  "), ("body", DRAFT), ("consent_publish", "on")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.texts(".errors li").iter().any(|e| e.contains("title")));
    assert_eq!(r.texts("textarea#body"), vec![DRAFT]);
}

#[tokio::test]
async fn an_empty_body_is_refused() {
    let app = TestApp::new();
    let r = app
        .post_form(
            "/share",
            &[
                ("title", "Nothing"),
                ("body", "\n  \n"),
                ("consent_publish", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.texts(".errors li").iter().any(|e| e.contains("empty")));
}

#[tokio::test]
async fn an_oversized_story_gets_413_with_a_clear_message() {
    let app = TestApp::new();
    let long = "word ".repeat(25_000);
    let r = app
        .post_form(
            "/share",
            &[
                ("title", "Long"),
                ("body", &long),
                ("consent_publish", "on"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.texts(".errors li").iter().any(|e| e.contains("KB")));
    let api = app
        .post_json(
            "/api/v1/submissions",
            &serde_json::json!({"title": "Long", "body": long, "consent_publish": true}),
        )
        .await;
    assert_eq!(api.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(api.json()["error"]["code"], "too_large");
    let huge = vec![b'a'; 2 * 1024 * 1024];
    let r = app.post_raw("/share", huge, None).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn invalid_utf8_and_wrong_content_types_are_client_errors() {
    let app = TestApp::new();
    let r = app
        .post_raw(
            "/share",
            b"title=%FF%FE&body=x&consent_publish=on".to_vec(),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text("main p").contains("UTF-8"), "{}", r.body);
    let r = app
        .post_raw("/share", vec![b't', 0xff, b'=', b'1'], None)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = app
        .send(
            axum::http::Request::post("/share")
                .header("content-type", "text/plain")
                .body(axum::body::Body::from("hi"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = app
        .send(
            axum::http::Request::post("/api/v1/submissions")
                .header("content-type", "application/json")
                .body(axum::body::Body::from("{not json"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["code"], "bad_request");
}

#[tokio::test]
async fn the_preview_api_renders_and_finds_identifiers_without_storing_anything() {
    let app = TestApp::new();
    let body = "Ring me on 07700 900123 or write to sam.jones@example.org <script>x</script>";
    let r = app
        .post_json(
            "/api/v1/preview",
            &serde_json::json!({"title": "T", "body": body}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v = r.json();
    assert!(v["html"].as_str().unwrap().contains("&lt;script&gt;"));
    let kinds: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"phone") && kinds.contains(&"email"),
        "{kinds:?}"
    );
    for f in v["findings"].as_array().unwrap() {
        let (s, e) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            &body[s..e],
            f["text"].as_str().unwrap(),
            "spans are byte offsets"
        );
    }
    let queued = app.archive.queue_length().unwrap();
    assert_eq!(queued, 0);
}

#[tokio::test]
async fn the_preview_page_marks_findings_and_replaces_them_in_one_click() {
    let app = TestApp::new();
    let body = "My email was sam.jones@example.org and the ward was fine.";
    let base = [
        ("title", "Preview"),
        ("body", body),
        ("consent_publish", "on"),
    ];
    let r = app.post_form("/share/preview", &base).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.texts(".story-preview mark")
            .iter()
            .any(|m| m.contains("sam.jones@example.org")),
        "{}",
        r.body
    );
    let mut fix = base.to_vec();
    fix.push(("fix", "all"));
    let r = app.post_form("/share/preview", &fix).await;
    let text = r.texts("textarea#body").join("");
    assert!(
        text.contains("[email removed]") && !text.contains("sam.jones"),
        "{text}"
    );
}

#[tokio::test]
async fn unknown_and_malformed_receipts_answer_the_same_way() {
    let app = TestApp::new();
    let unknown = app
        .post_form("/receipt", &[("receipt", "7Q3K-9XPM-2D4R-HT6W-K3MV")])
        .await;
    let malformed = app
        .post_form("/receipt", &[("receipt", "'; DROP TABLE submissions; --")])
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.status, malformed.status);
    assert_eq!(unknown.body, malformed.body);
    let a = app
        .post_json(
            "/api/v1/receipt",
            &serde_json::json!({"receipt": "0000-0000-0000-0000-0000"}),
        )
        .await;
    let b = app
        .post_json("/api/v1/receipt", &serde_json::json!({"receipt": "x"}))
        .await;
    assert_eq!((a.status, a.body), (b.status, b.body));
}

#[tokio::test]
async fn the_receipt_code_is_shown_once_and_works_however_it_is_typed() {
    let app = TestApp::new();
    let code = app.submit("Once", DRAFT).await;
    assert!(!app.get("/receipt").await.mentions(&code));
    let sloppy = code.to_lowercase().replace('-', " ");
    let r = app.post_form("/receipt", &[("receipt", &sloppy)]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.texts(".status-name"), vec!["pending"]);
}

#[tokio::test]
async fn receipt_guessing_is_rate_limited() {
    let app = TestApp::new();
    let mut limited = false;
    for _ in 0..40 {
        let r = app
            .post_form("/receipt", &[("receipt", "7Q3K-9XPM-2D4R-HT6W-K3MV")])
            .await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            limited = true;
            break;
        }
    }
    assert!(limited, "40 guesses in a row were never slowed down");
}

#[tokio::test]
async fn a_contributor_can_reply_edit_and_change_consent_with_the_code_alone() {
    let app = TestApp::new();
    let code = app.submit("Editable", DRAFT).await;
    let r = app
        .post_form(
            "/receipt/reply",
            &[("receipt", &code), ("message", "One more thing.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r
        .texts(".message-body")
        .iter()
        .any(|m| m == "One more thing."));
    let r = app
        .post_form(
            "/receipt/edit",
            &[
                ("receipt", &code),
                ("title", "Edited"),
                ("body", "New words."),
                ("roles", "inpatient"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.attr("#edit-title", "value").as_deref(), Some("Edited"));
    let r = app
        .post_form(
            "/receipt/consent",
            &[("receipt", &code), ("consent_quote", "on")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let consent = app.receipt_status(&code).await["consent"].clone();
    assert_eq!(consent["quote"], true);
    assert_eq!(consent["research"], false);
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_receipt_limit_is_per_client_not_for_everyone() {
    let app = TestApp::with_config(|c| c.trust_proxy = true);
    let attempt = |ip: &'static str| {
        axum::http::Request::post("/receipt")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-forwarded-for", ip)
            .body(axum::body::Body::from("receipt=7Q3K-9XPM-2D4R-HT6W-K3MV"))
            .unwrap()
    };
    let mut limited = false;
    for _ in 0..40 {
        if app.send(attempt("198.51.100.1")).await.status == StatusCode::TOO_MANY_REQUESTS {
            limited = true;
            break;
        }
    }
    assert!(limited);
    assert_eq!(
        app.send(attempt("198.51.100.2")).await.status,
        StatusCode::NOT_FOUND,
        "another client is not blocked"
    );
}

#[tokio::test]
async fn every_problem_with_a_submission_is_its_own_item() {
    let app = TestApp::new();
    // No title, no body and no consent: three separate problems, three separate items.
    let r = app
        .post_form("/share", &[("title", ""), ("body", "  ")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let items = r.texts(".errors li");
    assert!(items.len() >= 3, "{items:?}");
    assert!(items.iter().any(|e| e.contains("title")), "{items:?}");
    assert!(items.iter().any(|e| e.contains("consent")), "{items:?}");
    assert!(items.iter().all(|e| !e.is_empty()));
    // The API says the same, as a list.
    let api = app
        .post_json(
            "/api/v1/submissions",
            &serde_json::json!({"title": "", "body": ""}),
        )
        .await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY);
    let v = api.json();
    assert_eq!(v["error"]["code"], "invalid");
    assert_eq!(
        v["error"]["messages"].as_array().map(Vec::len),
        Some(items.len())
    );
}

#[tokio::test]
async fn search_parameter_problems_are_listed_one_by_one() {
    let app = TestApp::new();
    let r = app.get("/stories?from=soon&sort=sideways&page=0").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let items = r.texts(".errors li");
    assert_eq!(items.len(), 3, "{items:?}");
    let api = app.get("/api/v1/search?from=soon&sort=sideways").await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        api.json()["error"]["messages"].as_array().map(Vec::len),
        Some(2)
    );
}

#[tokio::test]
async fn api_errors_raised_by_extractors_are_json_too() {
    let app = TestApp::new();
    let r = app
        .post_raw("/api/v1/preview", b"{not json".to_vec(), None)
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["code"], "bad_request");
    let r = app.get("/api/v1/stories/not-an-id").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.json()["error"]["code"], "not_found");
}

#[tokio::test]
async fn a_browser_draft_with_crlf_and_curly_quotes_previews_with_marks_in_place() {
    let app = TestApp::new();
    let body = "I asked the nurse \u{201c}why?\u{201d} \u{2014} twice.\r\n\r\nRing me on 07700 900123 if you were there.\r\n\r\nThird paragraph.";
    let r = app
        .post_form(
            "/share/preview",
            &[("title", "Night shift"), ("body", body)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let marks = r.texts(".story-preview mark");
    assert!(
        marks.iter().any(|m| m.starts_with("07700 900123")),
        "{marks:?}"
    );
    // One-click replacement changes exactly the number.
    let fixed = app
        .post_form(
            "/share/preview",
            &[("title", "Night shift"), ("body", body), ("fix", "1")],
        )
        .await;
    let text = fixed.texts("textarea#body").concat();
    assert!(!text.contains("07700 900123"), "{text}");
    assert!(
        text.contains("\u{201c}why?\u{201d} \u{2014} twice."),
        "{text}"
    );
    assert!(text.contains("if you were there."), "{text}");
}
