//! The moderation queue: a page at a time, urgent first then oldest first, with identifier
//! findings worked out once when the text changes and stored, never re-scanned on viewing.

use axum::http::StatusCode;
use chorus::archive::{Archive, SubmissionInput};
use chorus::config::Config;
use chorus::store::Role;
use rusqlite::Connection;

use crate::support::TestApp;

fn input(title: &str, body: &str) -> SubmissionInput {
    SubmissionInput {
        title: title.into(),
        body: body.into(),
        consent_publish: true,
        ..SubmissionInput::default()
    }
}

#[tokio::test]
async fn the_queue_shows_fifty_a_page_urgent_first_then_oldest_with_links_between_pages() {
    let app = TestApp::new();
    for i in 0..51 {
        app.archive
            .submit(&input(&format!("Item {i:02}"), "An ordinary account."))
            .unwrap();
    }
    app.archive
        .submit(&input("Urgent", "I have decided to kill myself tonight."))
        .unwrap();
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let first = app.get_with_cookie("/moderate", &m.cookie).await;
    let titles = first.texts(".queue-item h2 a");
    assert_eq!(titles.len(), 50);
    assert_eq!(titles[0], "Urgent");
    assert_eq!(titles[1], "Item 00");
    assert_eq!(titles[49], "Item 48");
    assert_eq!(first.attr("a[rel=prev]", "href"), None);
    let next = first.attr("a[rel=next]", "href").expect("a next link");
    assert_eq!(next, "/moderate?page=2");
    let second = app.get_with_cookie(&next, &m.cookie).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(second.texts(".queue-item h2 a"), vec!["Item 49", "Item 50"]);
    assert_eq!(second.attr("a[rel=next]", "href"), None);
    assert_eq!(
        second.attr("a[rel=prev]", "href").as_deref(),
        Some("/moderate?page=1")
    );
    let beyond = app.get_with_cookie("/moderate?page=999", &m.cookie).await;
    assert_eq!(beyond.status, StatusCode::OK);
    assert!(beyond.texts(".queue-item").is_empty());
}

#[tokio::test]
async fn a_nonsense_page_number_shows_the_first_page() {
    let app = TestApp::new();
    app.archive.submit(&input("Only", "Words.")).unwrap();
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    for page in ["0", "-3", "abc", "99999999999999999999"] {
        let r = app
            .get_with_cookie(&format!("/moderate?page={page}"), &m.cookie)
            .await;
        assert_eq!(r.status, StatusCode::OK, "page={page}");
        assert_eq!(r.texts(".queue-item h2 a"), vec!["Only"], "page={page}");
    }
}

/// Appends to a submission's body behind the archive's back, as if its stored analysis were
/// stale: what the pages then show tells whether they re-scan the text.
fn append_behind_the_archives_back(app: &TestApp, extra: &str) {
    let conn = Connection::open(app.archive.config().database_path()).unwrap();
    conn.execute("UPDATE submissions SET body = body || ?1", [extra])
        .unwrap();
}

#[tokio::test]
async fn findings_are_stored_at_submission_and_not_recomputed_when_the_queue_is_viewed() {
    let app = TestApp::new();
    app.submit("Mail", "Write to me at first.person@example.org please.")
        .await;
    append_behind_the_archives_back(&app, "\n\nOr second.person@example.org.");
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let queue = app.get_with_cookie("/moderate", &m.cookie).await;
    assert_eq!(
        queue.text(".queue-item .findings"),
        "Possible identifiers: Email address ×1"
    );
}

#[tokio::test]
async fn findings_are_stored_at_submission_and_not_recomputed_when_reviewing() {
    let app = TestApp::new();
    app.submit("Mail", "Write to me at first.person@example.org please.")
        .await;
    append_behind_the_archives_back(&app, "\n\nOr second.person@example.org.");
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Mail").await;
    let review = app
        .get_with_cookie(&format!("/moderate/submissions/{id}"), &m.cookie)
        .await;
    let listed = review.texts("section.findings li mark");
    assert_eq!(listed, vec!["first.person@example.org"]);
}

#[tokio::test]
async fn a_redaction_stores_the_findings_of_the_redacted_text() {
    let app = TestApp::new();
    let body = "Write to me at first.person@example.org please.";
    app.submit("Mail", body).await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Mail").await;
    let r = app
        .act(
            &m,
            &format!("/moderate/submissions/{id}/redact"),
            &[("body", "Write to me, please.")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let queue = app.get_with_cookie("/moderate", &m.cookie).await;
    assert!(
        queue.texts(".queue-item .findings").is_empty(),
        "{}",
        queue.body
    );
}

#[tokio::test]
async fn a_contributors_edit_stores_the_findings_of_the_new_text() {
    let app = TestApp::new();
    let code = app.submit("Mail", "Nothing identifying here.").await;
    app.post_form(
        "/receipt/edit",
        &[
            ("receipt", &code),
            ("title", "Mail"),
            ("body", "Write to me at first.person@example.org please."),
        ],
    )
    .await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let queue = app.get_with_cookie("/moderate", &m.cookie).await;
    assert_eq!(
        queue.text(".queue-item .findings"),
        "Possible identifiers: Email address ×1"
    );
}

#[test]
fn texts_stored_before_analyses_were_kept_are_analysed_at_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let config = || Config {
        data_dir: dir.path().join("data"),
        index_dir: dir.path().join("index"),
        ..Config::default()
    };
    let path = {
        let archive = Archive::open(config()).unwrap();
        archive
            .submit(&input("Mail", "Write to me at first.person@example.org."))
            .unwrap();
        archive.config().database_path()
    };
    let unanalysed = |conn: &Connection| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM submissions WHERE analysis IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let conn = Connection::open(&path).unwrap();
    conn.execute("UPDATE submissions SET analysis = NULL", [])
        .unwrap();
    assert_eq!(unanalysed(&conn), 1);
    drop(Archive::open(config()).unwrap());
    assert_eq!(unanalysed(&conn), 0);
    let stored: String = conn
        .query_row("SELECT analysis FROM submissions", [], |r| r.get(0))
        .unwrap();
    assert!(stored.contains("first.person@example.org"), "{stored}");
}
