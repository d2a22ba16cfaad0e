//! Withdrawal erases, and nothing about a contributor leaves a trail: the words of a withdrawn
//! story are in no file, and no address, agent, referrer or receipt code is logged or stored.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chorus::store::Role;

use crate::support::{captured_logs, encode, published_id, total, TestApp};

#[tokio::test]
async fn a_withdrawn_story_leaves_no_text_in_any_file_and_a_tombstone_at_its_address() {
    let app = TestApp::new();
    let unique = "Periwinkle lanterns hummed beside the quiet xylophone of Tuesday";
    // Other stories share the index, so the purge has to rewrite segments holding them too.
    for i in 0..3 {
        app.submit(
            &format!("Neighbour {i}"),
            "An ordinary story about a ward round and a kind nurse.",
        )
        .await;
    }
    let code = app
        .submit(
            "Lanterns",
            &format!("First paragraph.\n\n{unique}.\n\nLast paragraph."),
        )
        .await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    for i in 0..3 {
        let id = app.queued_id(&m, &format!("Neighbour {i}")).await;
        app.approve(&m, &id, &["hope"]).await;
    }
    let id = app.queued_id(&m, "Lanterns").await;
    app.act(
        &m,
        &format!("/moderate/submissions/{id}/message"),
        &[("message", "Thank you for this.")],
    )
    .await;
    let story = published_id(&app.approve(&m, &id, &["hope"]).await);
    app.post_form(
        &format!("/stories/{story}/report"),
        &[("reason", "other"), ("details", "Periwinkle report")],
    )
    .await;
    assert_eq!(
        total(&app.get("/api/v1/search?q=periwinkle").await.json()),
        1
    );
    assert!(
        !app.files_containing(b"Periwinkle lanterns").is_empty(),
        "the test can see the text before withdrawal"
    );

    let confirm = app
        .post_form("/receipt/withdraw", &[("receipt", &code)])
        .await;
    assert!(
        confirm
            .text("section.confirm")
            .contains("cannot be recalled"),
        "a confirmation step first"
    );
    assert_eq!(app.receipt_status(&code).await["status"], "published");
    let done = app.withdraw(&code).await;
    assert_eq!(done.status, StatusCode::OK);
    assert_eq!(app.receipt_status(&code).await["status"], "withdrawn");

    for needle in [
        &b"Periwinkle"[..],
        b"periwinkle",
        b"xylophone",
        b"Lanterns",
        b"Thank you for this",
        b"Periwinkle report",
    ] {
        let found = app.files_containing(needle);
        assert!(
            found.is_empty(),
            "{:?} still in {found:?}",
            String::from_utf8_lossy(needle)
        );
    }
    let page = app.get(&format!("/stories/{story}")).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert_eq!(page.texts("h1"), vec!["Withdrawn by its author"]);
    assert!(!page.mentions("Lanterns"), "{}", page.body);
    assert_eq!(
        total(&app.get("/api/v1/search?q=periwinkle").await.json()),
        0
    );
    assert_eq!(
        total(&app.get("/api/v1/search?q=ward").await.json()),
        3,
        "neighbours survive the purge"
    );
    assert!(app.archive.check().unwrap().is_empty());
}

#[tokio::test]
async fn a_contributor_leaves_no_trail_in_logs_or_files() {
    let app = TestApp::new();
    let (ip, agent, referer) = (
        "203.0.113.77",
        "TrailAgent/9.9 (distinctive)",
        "https://referrer.example/trail-page",
    );
    let with_headers = |req: axum::http::request::Builder| {
        req.header("x-forwarded-for", ip)
            .header("x-real-ip", ip)
            .header("forwarded", format!("for={ip}"))
            .header(header::USER_AGENT, agent)
            .header(header::REFERER, referer)
    };
    let form = encode(&[
        ("title", "Trail"),
        ("body", "A story sent with loud headers."),
        ("consent_publish", "on"),
    ]);
    let r = app
        .send(
            with_headers(Request::post("/share"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert!(!r.headers.contains_key(header::SET_COOKIE));
    let code = r.texts("#receipt-code").join("").trim().to_owned();
    let day = chorus::dates::Day::today().to_string();
    assert_eq!(
        submission_days(&app),
        vec![day],
        "the submission time is kept to the day"
    );
    let mut journey = vec![
        ("/receipt", encode(&[("receipt", &code)])),
        (
            "/receipt/reply",
            encode(&[("receipt", &code), ("message", "hello")]),
        ),
        (
            "/receipt/consent",
            encode(&[("receipt", &code), ("consent_quote", "on")]),
        ),
    ];
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Trail").await;
    let story = published_id(&app.approve(&m, &id, &["hope"]).await);
    journey.push((
        "/receipt/withdraw",
        encode(&[("receipt", &code), ("confirm", "yes")]),
    ));
    for (path, body) in journey {
        let r = app
            .send(
                with_headers(Request::post(path))
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(body))
                    .unwrap(),
            )
            .await;
        assert!(r.status.is_success(), "{path}: {}", r.status);
        assert!(
            !r.headers.contains_key(header::SET_COOKIE),
            "{path} set a cookie"
        );
    }
    for path in ["/", "/stories", &format!("/stories/{story}")] {
        let r = app
            .send(
                with_headers(Request::get(path))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert!(!r.headers.contains_key(header::SET_COOKIE));
    }
    let logs = captured_logs();
    assert!(!logs.is_empty(), "logs were captured");
    let compact_code = code.replace('-', "");
    for needle in [
        ip,
        agent,
        referer,
        "referrer.example",
        code.as_str(),
        compact_code.as_str(),
        "loud headers",
    ] {
        assert!(!logs.contains(needle), "the logs contain {needle}");
        let found = app.files_containing(needle.as_bytes());
        assert!(found.is_empty(), "{needle} stored in {found:?}");
    }
    let times = submission_days(&app);
    assert!(
        times.iter().all(String::is_empty),
        "withdrawal blanks even the day: {times:?}"
    );
}

fn submission_days(app: &TestApp) -> Vec<String> {
    let conn = rusqlite::Connection::open(app.archive.config().database_path()).unwrap();
    let mut stmt = conn
        .prepare("SELECT submitted_on FROM submissions")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Every text value in `table` (all columns), for looking for dates in it.
fn text_cells(app: &TestApp, table: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(app.archive.config().database_path()).unwrap();
    let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
    let columns = stmt.column_count();
    let mut rows = stmt.query([]).unwrap();
    let mut cells = Vec::new();
    while let Some(row) = rows.next().unwrap() {
        for i in 0..columns {
            if let Ok(Some(text)) = row.get::<_, Option<String>>(i) {
                cells.push(text);
            }
        }
    }
    cells
}

#[tokio::test]
async fn a_withdrawn_story_leaves_no_day_in_the_append_only_records() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    // A story published and then withdrawn, with moderators acting on another one before and
    // after, so that a row of the contributor's would sit between theirs.
    app.submit("Before", "A story decided first.").await;
    let first = app.queued_id(&m, "Before").await;
    app.approve(&m, &first, &["hope"]).await;
    let code = app.submit("Gone", "A story its author takes back.").await;
    let id = app.queued_id(&m, "Gone").await;
    let story = published_id(&app.approve(&m, &id, &["hope"]).await);
    let r = app.withdraw(&code).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.submit("After", "A story decided last.").await;
    let last = app.queued_id(&m, "After").await;
    app.approve(&m, &last, &["hope"]).await;

    let day = regex::Regex::new(r"\d{4}-\d{2}-\d{2}").unwrap();
    let month = chorus::dates::Month::current().to_string();
    let decisions = text_cells(&app, "decisions");
    assert!(
        decisions.contains(&"withdrawn".to_string()),
        "{decisions:?}"
    );
    for cell in &decisions {
        assert!(!day.is_match(cell), "a day in decisions: {cell:?}");
    }
    assert!(
        decisions.contains(&month),
        "decisions keep the month: {decisions:?}"
    );

    let conn = rusqlite::Connection::open(app.archive.config().database_path()).unwrap();
    let contributor_rows: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE moderator = 'contributor' OR target = ?1",
            [&story],
            |r| r.get(0),
        )
        .unwrap();
    // The moderator's approval of it stays (to the second, as moderators' actions are); no
    // row of the contributor's is numbered among the moderators'.
    assert_eq!(contributor_rows, 1, "only the approval names the story");
    let actions: Vec<(String, String, Option<String>)> = conn
        .prepare("SELECT month, action, target FROM contributor_actions")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        actions,
        vec![(month, "withdraw".into(), Some(story.clone()))]
    );
    // The audit page shows it, by the month.
    app.add_moderator("root", Role::Admin);
    let admin = app.login("root").await;
    let page = app.get_with_cookie("/moderate/audit", &admin.cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    let label = chorus::dates::Month::current().label();
    assert!(
        page.texts("table.audit td").iter().any(|t| t == &label),
        "{}",
        page.body
    );
}
