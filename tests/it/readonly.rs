//! A data directory that cannot be written (read-only, full, failing): writes answer 503 with a
//! plain message and the form kept, and reading goes on.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use axum::http::StatusCode;
use chorus::archive::{ArchiveError, CANNOT_SAVE};
use chorus::store::StoreError;
use rusqlite::ffi;

use crate::support::TestApp;

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Makes the data directory and everything in it read-only, then has the archive reopen its
/// database as a restart would. As root a file's mode stops nothing, so there SQLite is asked
/// for a read-only connection instead: either way the writes really fail in SQLite.
fn make_read_only(app: &TestApp) {
    let data = app.dir.path().join("data");
    for entry in std::fs::read_dir(&data).unwrap() {
        set_mode(&entry.unwrap().path(), 0o400);
    }
    set_mode(&data, 0o500);
    let modes_bind = std::fs::write(data.join("probe"), b"").is_err();
    app.archive.reopen_database_for_tests(!modes_bind).unwrap();
}

fn make_writable(app: &TestApp) {
    let data = app.dir.path().join("data");
    set_mode(&data, 0o700);
    for entry in std::fs::read_dir(&data).unwrap() {
        set_mode(&entry.unwrap().path(), 0o600);
    }
    let _ = std::fs::remove_file(data.join("probe"));
}

fn published(app: &TestApp) -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/stories/01-the-door-has-a-keypad.md"
    ))
    .unwrap();
    let id = app.archive.import_story(&text, true).unwrap().unwrap();
    app.archive.drain_outbox().unwrap();
    id.to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_read_only_data_directory_refuses_writes_with_503_and_keeps_reading() {
    let app = TestApp::new();
    let id = published(&app);
    make_read_only(&app);

    let sent = app
        .post_form(
            "/share",
            &[
                ("title", "Kept while the disk is read-only"),
                ("body", "The nurse said the ward was full that night."),
                ("consent_publish", "on"),
                ("first_hand", "on"),
            ],
        )
        .await;
    assert_eq!(
        sent.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        sent.body
    );
    assert!(
        sent.body.contains("cannot save anything just now"),
        "{}",
        sent.body
    );
    assert_eq!(
        sent.attr("input[name=title]", "value").as_deref(),
        Some("Kept while the disk is read-only")
    );
    assert!(sent
        .text("textarea[name=body]")
        .contains("the ward was full"));

    let api = app
        .post_json(
            "/api/v1/submissions",
            &serde_json::json!({"title": "By the API", "body": "Some words.", "consent_publish": true}),
        )
        .await;
    assert_eq!(api.status, StatusCode::SERVICE_UNAVAILABLE, "{}", api.body);
    assert_eq!(api.json()["error"]["code"], "unavailable");

    let story = app.get(&format!("/stories/{id}")).await;
    assert_eq!(story.status, StatusCode::OK, "{}", story.body);
    let search = app.get("/stories?q=keypad").await;
    assert_eq!(search.status, StatusCode::OK, "{}", search.body);
    assert!(search.mentions(&format!("/stories/{id}")));

    make_writable(&app);
    app.archive.reopen_database_for_tests(false).unwrap();
    app.submit("Sent once the disk is back", "It worked the second time.")
        .await;
}

#[test]
fn full_disk_io_failure_and_lasting_locks_are_temporary_not_internal() {
    for code in [
        ffi::SQLITE_READONLY,
        ffi::SQLITE_FULL,
        ffi::SQLITE_IOERR,
        ffi::SQLITE_IOERR_WRITE,
        ffi::SQLITE_CANTOPEN,
        ffi::SQLITE_BUSY,
        ffi::SQLITE_LOCKED,
    ] {
        let e = rusqlite::Error::SqliteFailure(ffi::Error::new(code), None);
        match ArchiveError::from(e) {
            ArchiveError::Unavailable(m) => assert_eq!(m, CANNOT_SAVE),
            other => panic!("code {code}: {other:?}"),
        }
    }
    // A broken constraint is a bug of ours, not the disk: still a 500.
    let e = rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_CONSTRAINT), None);
    assert!(matches!(
        ArchiveError::from(StoreError::Sqlite(e)),
        ArchiveError::Store(_)
    ));
}
