//! Integrity against any SQL and any timing: append-only tables refuse REPLACE and
//! delete-then-insert from any connection (older databases gain the guards by migration), and an
//! approval counts only for the words it was given for, before and after publication.

use axum::http::StatusCode;
use chorus::store::{Role, Store};
use rusqlite::Connection;

use crate::support::{published_id, TestApp};

const BODY: &str = "The night staff let me sit by the window.\n\nIn the morning nobody asked.";

fn db(app: &TestApp) -> Connection {
    Connection::open(app.archive.config().database_path()).unwrap()
}

fn imported(app: &TestApp) -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/stories/01-the-door-has-a-keypad.md"
    ))
    .unwrap();
    app.archive
        .import_story(&text, true)
        .unwrap()
        .unwrap()
        .to_string()
}

fn audit_row(conn: &Connection) -> i64 {
    conn.execute(
        "INSERT INTO audit_log (at, moderator, action) VALUES (1, 'ana', 'original')",
        [],
    )
    .unwrap();
    conn.last_insert_rowid()
}

fn audit_action(conn: &Connection, id: i64) -> String {
    conn.query_row("SELECT action FROM audit_log WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .unwrap()
}

#[test]
fn the_audit_log_refuses_insert_or_replace_over_an_existing_row() {
    let app = TestApp::new();
    let conn = db(&app);
    let id = audit_row(&conn);
    let err = conn
        .execute(
            "INSERT OR REPLACE INTO audit_log (id, at, moderator, action) VALUES (?1, 2, 'eve', 'forged')",
            [id],
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert_eq!(audit_action(&conn, id), "original");
}

#[test]
fn the_audit_log_refuses_replace_into() {
    let app = TestApp::new();
    let conn = db(&app);
    let id = audit_row(&conn);
    let err = conn
        .execute(
            "REPLACE INTO audit_log (id, at, moderator, action) VALUES (?1, 2, 'eve', 'forged')",
            [id],
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert_eq!(audit_action(&conn, id), "original");
}

#[test]
fn the_audit_log_refuses_an_upsert() {
    let app = TestApp::new();
    let conn = db(&app);
    let id = audit_row(&conn);
    let err = conn
        .execute(
            "INSERT INTO audit_log (id, at, moderator, action) VALUES (?1, 2, 'eve', 'forged')
             ON CONFLICT (id) DO UPDATE SET action = excluded.action",
            [id],
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert_eq!(audit_action(&conn, id), "original");
}

#[test]
fn the_decisions_record_refuses_replace_and_delete() {
    let app = TestApp::new();
    imported(&app);
    let conn = db(&app);
    let (id, decision): (i64, String) = conn
        .query_row("SELECT id, decision FROM decisions", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let err = conn
        .execute(
            "INSERT OR REPLACE INTO decisions (id, decision, decided_on) VALUES (?1, 'declined', '2020-01-01')",
            [id],
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = conn
        .execute("DELETE FROM decisions WHERE id = ?1", [id])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let still: String = conn
        .query_row("SELECT decision FROM decisions WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(still, decision);
}

const FORGE_VERSION: &str = "INSERT OR REPLACE INTO story_versions (story_id, version, title, body,
    themes, roles, settings, period, content_warnings, licence, first_hand, published_month,
    change_note, redacted, content_sha256)
    SELECT story_id, version, 'Forged', 'forged words', themes, roles, settings, period,
        content_warnings, licence, first_hand, published_month, change_note, redacted,
        content_sha256
    FROM story_versions WHERE story_id = ?1";

fn title_of_version_1(conn: &Connection, story: &str) -> Option<String> {
    conn.query_row(
        "SELECT title FROM story_versions WHERE story_id = ?1 AND version = 1",
        [story],
        |r| r.get(0),
    )
    .ok()
}

#[test]
fn a_published_version_refuses_insert_or_replace() {
    let app = TestApp::new();
    let story = imported(&app);
    let conn = db(&app);
    let before = title_of_version_1(&conn, &story);
    let err = conn.execute(FORGE_VERSION, [&story]).unwrap_err();
    assert!(err.to_string().contains("immutable"), "{err}");
    assert_eq!(title_of_version_1(&conn, &story), before);
}

#[test]
fn a_published_version_refuses_delete_so_it_cannot_be_deleted_and_inserted_again() {
    let app = TestApp::new();
    let story = imported(&app);
    let conn = db(&app);
    let err = conn
        .execute("DELETE FROM story_versions WHERE story_id = ?1", [&story])
        .unwrap_err();
    assert!(err.to_string().contains("immutable"), "{err}");
    assert!(title_of_version_1(&conn, &story).is_some());
}

#[test]
fn a_tombstone_is_no_way_round_the_guards_on_versions() {
    let app = TestApp::new();
    let story = imported(&app);
    let mut conn = db(&app);
    // Mark it withdrawn (which allows erasure), erase, then try to write it back and revive it.
    let tx = conn.transaction().unwrap();
    tx.execute(
        "UPDATE stories SET state = 'withdrawn' WHERE id = ?1",
        [&story],
    )
    .unwrap();
    let err = tx.execute(FORGE_VERSION, [&story]).unwrap_err();
    assert!(err.to_string().contains("immutable"), "{err}");
    tx.execute("DELETE FROM story_versions WHERE story_id = ?1", [&story])
        .unwrap();
    let err = tx
        .execute(
            "UPDATE stories SET state = 'published' WHERE id = ?1",
            [&story],
        )
        .unwrap_err();
    assert!(err.to_string().contains("stays withdrawn"), "{err}");
}

#[test]
fn a_database_from_before_the_guards_gains_them_when_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite3");
    drop(Store::open(&path).unwrap());
    // Take the database back to schema version 1, as an older Chorus left it.
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TABLE pack_reports;
         DROP TABLE pack_items;
         DROP TABLE packs;
         DROP TRIGGER audit_log_no_replace;
         DROP TRIGGER decisions_no_replace;
         DROP TRIGGER story_versions_append_only;
         DROP TRIGGER story_versions_no_delete;
         DROP TRIGGER stories_withdrawal_is_final;
         DROP TABLE story_edit_approvals;
         DROP TABLE story_edits;
         ALTER TABLE submissions DROP COLUMN analysis;
         ALTER TABLE submissions DROP COLUMN contributor_reachable;
         ALTER TABLE decisions DROP COLUMN days_waited;
         DROP TABLE contributor_actions;
         PRAGMA user_version = 1;
         INSERT INTO audit_log (id, at, moderator, action) VALUES (1, 1, 'ana', 'original');
         REPLACE INTO audit_log (id, at, moderator, action) VALUES (1, 2, 'eve', 'replaced');",
    )
    .unwrap();
    assert_eq!(
        audit_action(&conn, 1),
        "replaced",
        "version 1 lets REPLACE through"
    );
    drop(conn);

    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert!(version >= 2, "migrated to {version}");
    let err = conn
        .execute(
            "REPLACE INTO audit_log (id, at, moderator, action) VALUES (1, 3, 'eve', 'again')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    assert_eq!(audit_action(&conn, 1), "replaced");
}

/// The `content_sha256` the review page's approve form carries.
async fn reviewed_hash(app: &TestApp, m: &crate::support::Moderator, id: &str) -> String {
    let page = app
        .get_with_cookie(&format!("/moderate/submissions/{id}"), &m.cookie)
        .await;
    page.attr(
        "form[action$='/approve'] input[name=content_sha256]",
        "value",
    )
    .expect("the approve form carries the hash of the text shown")
}

#[tokio::test]
async fn an_approval_carrying_the_review_pages_hash_publishes() {
    let app = TestApp::new();
    app.submit("Window", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Window").await;
    let hash = reviewed_hash(&app, &m, &id).await;
    assert_eq!(hash.len(), 64);
    let r = app
        .act(
            &m,
            &format!("/moderate/submissions/{id}/approve"),
            &[("themes", "hope"), ("content_sha256", &hash)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    published_id(&r);
}

#[tokio::test]
async fn an_approval_of_text_the_contributor_changed_since_it_was_shown_is_refused() {
    let app = TestApp::new();
    let code = app.submit("Window", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Window").await;
    let hash = reviewed_hash(&app, &m, &id).await;
    let edited = app
        .post_form(
            "/receipt/edit",
            &[
                ("receipt", &code),
                ("title", "Window"),
                ("body", "A different account, written later."),
            ],
        )
        .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    let r = app
        .act(
            &m,
            &format!("/moderate/submissions/{id}/approve"),
            &[("themes", "hope"), ("content_sha256", &hash)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.text("main").contains("text has changed"), "{}", r.body);
    assert_eq!(app.receipt_status(&code).await["status"], "pending");
}

#[tokio::test]
async fn an_approval_without_the_hash_is_accepted_as_before() {
    let app = TestApp::new();
    app.submit("Window", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Window").await;
    let r = app
        .act(
            &m,
            &format!("/moderate/submissions/{id}/approve"),
            &[("themes", "hope"), ("content_warnings", "restraint")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    published_id(&r);
}

#[tokio::test]
async fn a_contributors_edit_clears_the_approvals_given_so_far() {
    let app = TestApp::with_config(|c| c.approvals_required = 2);
    let code = app.submit("Window", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    app.add_moderator("ben", Role::Moderator);
    let ana = app.login("ana").await;
    let id = app.queued_id(&ana, "Window").await;
    app.approve(&ana, &id, &["hope"]).await;
    app.post_form(
        "/receipt/edit",
        &[
            ("receipt", &code),
            ("title", "Window"),
            ("body", "A different account, written later."),
        ],
    )
    .await;
    let ben = app.login("ben").await;
    let r = app.approve(&ben, &id, &["hope"]).await;
    assert!(
        r.text("main p").contains("second moderator"),
        "one approval of the new words is not two: {}",
        r.body
    );
    assert_eq!(app.receipt_status(&code).await["status"], "pending");
}

#[tokio::test]
async fn a_moderators_redaction_clears_the_approvals_given_so_far() {
    let app = TestApp::with_config(|c| c.approvals_required = 2);
    let code = app.submit("Window", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    app.add_moderator("ben", Role::Moderator);
    let ana = app.login("ana").await;
    let id = app.queued_id(&ana, "Window").await;
    app.approve(&ana, &id, &["hope"]).await;
    let ben = app.login("ben").await;
    let r = app
        .act(
            &ben,
            &format!("/moderate/submissions/{id}/redact"),
            &[("body", &BODY.replace("night staff", "staff"))],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.approve(&ben, &id, &["hope"]).await;
    app.post_form("/receipt/accept", &[("receipt", &code)])
        .await;
    assert_eq!(
        app.receipt_status(&code).await["status"],
        "pending",
        "ana approved other words; only ben approved these"
    );
}

#[tokio::test]
async fn an_edit_that_changes_the_contributors_words_waits_for_their_sign_off() {
    let app = TestApp::new();
    let code = app.submit("Window", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Window").await;
    let story = published_id(&app.approve(&m, &id, &["hope"]).await);
    let r = app
        .act(
            &m,
            &format!("/moderate/stories/{story}/edit"),
            &[
                ("title", "Window"),
                ("body", &BODY.replace("night staff", "staff")),
                ("note", "Less specific"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.text("h1").contains("contributor"), "{}", r.body);
    let api = format!("/api/v1/stories/{story}");
    assert_eq!(app.get(&api).await.json()["version"], 1);

    let page = app.post_form("/receipt", &[("receipt", &code)]).await;
    assert!(
        page.texts(".diff del").iter().any(|t| t.contains("night")),
        "{}",
        page.body
    );
    let accepted = app
        .post_form("/receipt/accept", &[("receipt", &code)])
        .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    let latest = app.get(&api).await.json();
    assert_eq!(latest["version"], 2);
    assert!(!latest["body_markdown"].as_str().unwrap().contains("night"));
}

#[tokio::test]
async fn with_two_approvals_required_an_edit_of_a_published_story_needs_a_second_moderator() {
    let app = TestApp::with_config(|c| c.approvals_required = 2);
    let code = app.submit("Window", BODY).await;
    app.add_moderator("ana", Role::Moderator);
    app.add_moderator("ben", Role::Moderator);
    let (ana, ben) = (app.login("ana").await, app.login("ben").await);
    let id = app.queued_id(&ana, "Window").await;
    app.approve(&ana, &id, &["hope"]).await;
    let story = published_id(&app.approve(&ben, &id, &["hope"]).await);
    app.act(
        &ana,
        &format!("/moderate/stories/{story}/edit"),
        &[
            ("title", "Window"),
            ("body", "Changed words."),
            ("note", "Shorter"),
        ],
    )
    .await;
    app.post_form("/receipt/accept", &[("receipt", &code)])
        .await;
    let api = format!("/api/v1/stories/{story}");
    assert_eq!(
        app.get(&api).await.json()["version"],
        1,
        "one moderator and the contributor are not enough"
    );
    let form = app
        .get_with_cookie(&format!("/moderate/stories/{story}/edit"), &ben.cookie)
        .await;
    let hash = form
        .attr(
            "form[action$='/edit/approve'] input[name=content_sha256]",
            "value",
        )
        .expect("an approve form for the waiting edit");
    let r = app
        .act(
            &ben,
            &format!("/moderate/stories/{story}/edit/approve"),
            &[("content_sha256", &hash)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(app.get(&api).await.json()["version"], 2);
}

#[tokio::test]
async fn an_approval_of_an_edit_replaced_since_it_was_shown_is_refused() {
    let app = TestApp::with_config(|c| c.approvals_required = 2);
    let story = imported(&app);
    app.add_moderator("ana", Role::Moderator);
    app.add_moderator("ben", Role::Moderator);
    let (ana, ben) = (app.login("ana").await, app.login("ben").await);
    let edit = |body: &'static str| {
        let (app, ana, story) = (&app, &ana, story.clone());
        async move {
            app.act(
                ana,
                &format!("/moderate/stories/{story}/edit"),
                &[("title", "Keypad"), ("body", body), ("note", "Edit")],
            )
            .await
        }
    };
    edit("First proposal.").await;
    let form = app
        .get_with_cookie(&format!("/moderate/stories/{story}/edit"), &ben.cookie)
        .await;
    let hash = form
        .attr("input[name=content_sha256]", "value")
        .expect("an approve form");
    edit("Second proposal.").await;
    let r = app
        .act(
            &ben,
            &format!("/moderate/stories/{story}/edit/approve"),
            &[("content_sha256", &hash)],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert_eq!(
        app.get(&format!("/api/v1/stories/{story}")).await.json()["version"],
        1
    );
}

#[tokio::test]
async fn an_edit_of_an_imported_story_needs_no_sign_off_as_nobody_holds_its_receipt() {
    let app = TestApp::new();
    let story = imported(&app);
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let r = app
        .act(
            &m,
            &format!("/moderate/stories/{story}/edit"),
            &[
                ("title", "Keypad"),
                ("body", "New words."),
                ("note", "Edit"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.get(&format!("/api/v1/stories/{story}")).await.json()["version"],
        2
    );
}
