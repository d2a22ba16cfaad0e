//! Storage: migrations on fresh and existing databases, refusal of newer ones, append-only
//! audit, immutable versions, and an index that is rebuilt or caught up at start-up.

use chorus::archive::Archive;
use chorus::config::Config;
use chorus::store::{self, Role, Store};
use rusqlite::Connection;

use crate::support::TestApp;

fn config(dir: &std::path::Path) -> Config {
    Config {
        data_dir: dir.join("data"),
        index_dir: dir.join("index"),
        ..Config::default()
    }
}

#[test]
fn migrations_apply_to_a_fresh_database_and_reopen_an_existing_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    let s = Store::open(&path).unwrap();
    drop(s);
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert!(version >= 1);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    let again = Store::open(&path).unwrap();
    let v2: i64 = again
        .read(|c| {
            c.query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(store::StoreError::from)
        })
        .unwrap();
    assert_eq!(version, v2);
}

#[test]
fn a_database_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    drop(Store::open(&path).unwrap());
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, store::StoreError::TooNew { found: 999, .. }),
        "{err}"
    );
}

#[test]
fn no_column_anywhere_can_hold_an_address_agent_or_precise_contributor_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    let mut stmt = conn.prepare("SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'").unwrap();
    let columns: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(columns.len() > 20);
    for c in &columns {
        let lower = c.to_lowercase();
        for banned in [
            "ip",
            "addr",
            "agent",
            "referer",
            "referrer",
            "submitted_at",
            "created_at_ms",
        ] {
            assert!(
                !lower.split(['.', '_']).any(|part| part == banned)
                    && !lower.contains("user_agent"),
                "column {c} looks like it holds {banned}"
            );
        }
    }
}

#[test]
fn the_audit_log_refuses_update_and_delete() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Admin);
    let conn = Connection::open(app.archive.config().database_path()).unwrap();
    conn.execute(
        "INSERT INTO audit_log (at, moderator, action) VALUES (1, 'ana', 'test')",
        [],
    )
    .unwrap();
    let upd = conn
        .execute("UPDATE audit_log SET action = 'changed'", [])
        .unwrap_err();
    assert!(upd.to_string().contains("append-only"), "{upd}");
    let del = conn.execute("DELETE FROM audit_log", []).unwrap_err();
    assert!(del.to_string().contains("append-only"));
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'test'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn story_versions_cannot_be_changed_in_place() {
    let app = TestApp::new();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/stories/01-the-door-has-a-keypad.md"
    ))
    .unwrap();
    let id = app.archive.import_story(&text, true).unwrap().unwrap();
    let conn = Connection::open(app.archive.config().database_path()).unwrap();
    let err = conn
        .execute(
            "UPDATE story_versions SET title = 'forged' WHERE story_id = ?1",
            [&id],
        )
        .unwrap_err();
    assert!(err.to_string().contains("immutable"));
}

#[test]
fn a_missing_or_corrupt_index_is_rebuilt_from_the_database_at_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let stories = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("stories");
    let count = {
        let archive = Archive::open(config(dir.path())).unwrap();
        archive.import_dir(&stories, true, |_| {}).unwrap().imported as u64
    };
    std::fs::remove_dir_all(dir.path().join("index")).unwrap();
    {
        let archive = Archive::open(config(dir.path())).unwrap();
        assert!(archive.wait_for_rebuild(std::time::Duration::from_secs(60)));
        assert_eq!(archive.health().unwrap().indexed, count);
        assert!(archive.check().unwrap().is_empty());
    }
    // Garbage where the index metadata should be.
    std::fs::write(dir.path().join("index").join("meta.json"), b"{ not json").unwrap();
    let archive = Archive::open(config(dir.path())).unwrap();
    assert!(archive.wait_for_rebuild(std::time::Duration::from_secs(60)));
    assert_eq!(archive.health().unwrap().indexed, count);
}

#[test]
fn pending_index_changes_survive_a_crash_and_are_applied_at_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/stories/05-which-side-of-the-lanyard.md"
    ))
    .unwrap();
    let id = {
        let archive = Archive::open(config(dir.path())).unwrap();
        let id = archive.import_story(&text, true).unwrap().unwrap();
        archive.wait_for_index();
        assert_eq!(archive.health().unwrap().indexed, 1);
        // Simulate a crash after the database commit, before the indexer ran: the story is
        // unpublished in SQLite with an outbox row, and the index still has it.
        let mut conn = Connection::open(archive.config().database_path()).unwrap();
        let tx = conn.transaction().unwrap();
        tx.execute(
            "UPDATE stories SET state = 'unpublished' WHERE id = ?1",
            [&id],
        )
        .unwrap();
        store::enqueue_index(&tx, &id, store::IndexOp::Delete).unwrap();
        tx.commit().unwrap();
        id
    };
    // The indexer thread may or may not have run before the drop; either way, after reopening
    // the index agrees with the database.
    let archive = Archive::open(config(dir.path())).unwrap();
    assert_eq!(
        archive.health().unwrap().indexed,
        0,
        "story {id} should be gone from the index"
    );
    assert_eq!(archive.index_lag().unwrap(), 0);
    assert!(archive.check().unwrap().is_empty());
}

#[test]
fn check_reports_an_index_that_does_not_match_the_database() {
    let app = TestApp::new();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/stories/08-the-dog-came-first.md"
    ))
    .unwrap();
    app.archive.import_story(&text, true).unwrap();
    app.archive.drain_outbox().unwrap();
    assert!(app.archive.check().unwrap().is_empty());
    app.archive.rebuild_index(|_, _| {}).unwrap();
    let conn = Connection::open(app.archive.config().database_path()).unwrap();
    conn.execute("UPDATE stories SET state = 'unpublished'", [])
        .unwrap();
    let problems = app.archive.check().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
}
