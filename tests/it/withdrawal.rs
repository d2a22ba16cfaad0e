//! Withdrawal is reported done only when it is: it waits (a while) for a reader holding an old
//! snapshot of the database, and answers "recorded, still finishing" rather than a false "done".

use std::sync::mpsc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use chorus::store::Role;

use crate::support::{published_id, TestApp};

const UNIQUE: &str = "Marigold semaphores blinked across the velvet carpark";

/// A published story with a unique phrase; returns its receipt code.
async fn published(app: &TestApp) -> String {
    let code = app
        .submit("Semaphores", &format!("Before.\n\n{UNIQUE}.\n\nAfter."))
        .await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Semaphores").await;
    published_id(&app.approve(&m, &id, &["hope"]).await);
    assert!(!app.files_containing(b"Marigold").is_empty());
    code
}

/// Opens a second connection to the database file and holds a read transaction on it for
/// `hold`, from another thread; returns once the snapshot is taken.
fn hold_a_reader(app: &TestApp, hold: Duration) -> std::thread::JoinHandle<()> {
    let path = app.archive.config().database_path();
    let (started, ready) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch("BEGIN").unwrap();
        let _: i64 = conn
            .query_row("SELECT count(*) FROM story_versions", [], |r| r.get(0))
            .unwrap();
        started.send(()).unwrap();
        std::thread::sleep(hold);
        conn.execute_batch("COMMIT").unwrap();
    });
    ready.recv().unwrap();
    reader
}

fn assert_no_trace(app: &TestApp) {
    for needle in [&b"Marigold"[..], b"marigold", b"semaphores", b"Semaphores"] {
        let found = app.files_containing(needle);
        assert!(
            found.is_empty(),
            "{:?} still in {found:?}",
            String::from_utf8_lossy(needle)
        );
    }
}

#[tokio::test]
async fn a_withdrawal_waits_for_a_long_reader_and_then_leaves_no_text_in_any_file() {
    let app = TestApp::new();
    let code = published(&app).await;
    let reader = hold_a_reader(&app, Duration::from_millis(1500));
    let started = Instant::now();
    let done = app
        .post_form(
            "/receipt/withdraw",
            &[("receipt", &code), ("confirm", "yes")],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "answered after {:?}, before the reader let go",
        started.elapsed()
    );
    reader.join().unwrap();
    assert_no_trace(&app);
    assert_eq!(app.receipt_status(&code).await["status"], "withdrawn");
}

#[tokio::test]
async fn a_withdrawal_held_up_too_long_answers_503_and_completes_afterwards() {
    let app = TestApp::new();
    let code = published(&app).await;
    let reader = hold_a_reader(&app, Duration::from_secs(7));
    let r = app
        .post_form(
            "/receipt/withdraw",
            &[("receipt", &code), ("confirm", "yes")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.body);
    assert!(
        r.text("main").contains("withdrawal is recorded"),
        "{}",
        r.body
    );
    assert_eq!(
        app.receipt_status(&code).await["status"],
        "withdrawn",
        "the erasure itself is committed"
    );
    reader.join().unwrap();
    // The indexer finishes it within a few seconds of the reader letting go.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !app.files_containing(b"Marigold").is_empty() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_no_trace(&app);
    let again = app
        .post_form(
            "/receipt/withdraw",
            &[("receipt", &code), ("confirm", "yes")],
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
}
