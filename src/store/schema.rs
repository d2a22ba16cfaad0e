//! The schema, as embedded migrations applied in order at start-up (tracked by `user_version`).
//!
//! No table has a column for an IP address, a user agent, or a contributor's precise time:
//! contributor dates are days (`YYYY-MM-DD`), public dates are months.

use rusqlite::Connection;

use super::{Result, StoreError};

/// Each entry moves the schema up one version. Never edit a released entry; add a new one.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE submissions (
    id               TEXT PRIMARY KEY,
    receipt_hash     BLOB NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    body             TEXT NOT NULL,
    roles            TEXT NOT NULL DEFAULT '[]',
    settings         TEXT NOT NULL DEFAULT '[]',
    period           TEXT,
    themes           TEXT NOT NULL DEFAULT '[]',
    content_warnings TEXT NOT NULL DEFAULT '[]',
    first_hand       INTEGER NOT NULL DEFAULT 1,
    consent_publish  INTEGER NOT NULL,
    consent_quote    INTEGER NOT NULL DEFAULT 0,
    consent_research INTEGER NOT NULL DEFAULT 0,
    licence          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN
                        ('pending', 'changes_requested', 'published', 'declined', 'withdrawn')),
    submitted_on     TEXT NOT NULL,             -- day precision, never finer
    urgent           INTEGER NOT NULL DEFAULT 0,
    illustrative     INTEGER NOT NULL DEFAULT 0,
    proposed_body    TEXT,                      -- a moderator's redaction awaiting sign-off
    decline_reason   TEXT,
    claimed_by       INTEGER REFERENCES moderators(id) ON DELETE SET NULL,
    claimed_until    INTEGER,
    decided_on       TEXT,
    redacted         INTEGER NOT NULL DEFAULT 0 -- the contributor accepted a moderator's redaction
);
CREATE INDEX submissions_queue ON submissions(status, urgent);

CREATE TABLE messages (
    id            INTEGER PRIMARY KEY,
    submission_id TEXT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    sender        TEXT NOT NULL CHECK (sender IN ('moderator', 'contributor')),
    body          TEXT NOT NULL,
    sent_on       TEXT NOT NULL
);
CREATE INDEX messages_submission ON messages(submission_id);

CREATE TABLE stories (
    id              TEXT PRIMARY KEY,
    submission_id   TEXT UNIQUE REFERENCES submissions(id) ON DELETE SET NULL,
    state           TEXT NOT NULL CHECK (state IN ('published', 'unpublished', 'withdrawn')),
    first_published TEXT NOT NULL,              -- month precision
    ended_month     TEXT,                       -- month of unpublishing or withdrawal
    ended_reason    TEXT,
    illustrative    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE story_versions (
    story_id         TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    version          INTEGER NOT NULL,
    title            TEXT NOT NULL,
    body             TEXT NOT NULL,
    themes           TEXT NOT NULL,
    roles            TEXT NOT NULL,
    settings         TEXT NOT NULL,
    period           TEXT,
    content_warnings TEXT NOT NULL,
    licence          TEXT NOT NULL,
    first_hand       INTEGER NOT NULL,
    published_month  TEXT NOT NULL,
    change_note      TEXT,
    redacted         INTEGER NOT NULL DEFAULT 0,
    content_sha256   TEXT NOT NULL,
    PRIMARY KEY (story_id, version)
);
-- Versions are immutable: an edit is a new version. Only withdrawal (erasure) deletes them.
CREATE TRIGGER story_versions_immutable BEFORE UPDATE ON story_versions
BEGIN SELECT RAISE(ABORT, 'story versions are immutable'); END;

-- AUTOINCREMENT: ids never repeat, so "applied up to id N" stays meaningful after clearing.
CREATE TABLE index_outbox (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    story_id TEXT NOT NULL,
    op       TEXT NOT NULL CHECK (op IN ('upsert', 'delete', 'purge'))
);

CREATE TABLE moderators (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('moderator', 'admin')),
    disabled       INTEGER NOT NULL DEFAULT 0,
    totp_secret    BLOB,
    totp_last_step INTEGER
);

CREATE TABLE sessions (
    id_hash      BLOB PRIMARY KEY,
    moderator_id INTEGER NOT NULL REFERENCES moderators(id) ON DELETE CASCADE,
    csrf         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL,
    stretch_start INTEGER,
    last_review  INTEGER
);

CREATE TABLE approvals (
    submission_id    TEXT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    moderator_id     INTEGER NOT NULL REFERENCES moderators(id),
    themes           TEXT NOT NULL,
    content_warnings TEXT NOT NULL,
    change_note      TEXT,
    PRIMARY KEY (submission_id, moderator_id)
);

CREATE TABLE reports (
    id         INTEGER PRIMARY KEY,
    story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    reason     TEXT NOT NULL,
    details    TEXT NOT NULL,
    made_on    TEXT NOT NULL,
    resolved   INTEGER NOT NULL DEFAULT 0
);

-- Decisions, without any text, for the transparency report.
CREATE TABLE decisions (
    id           INTEGER PRIMARY KEY,
    decision     TEXT NOT NULL,
    reason       TEXT,
    submitted_on TEXT,
    decided_on   TEXT NOT NULL,
    redacted     INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    moderator TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT,
    reason    TEXT
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#,
    r#"
-- `INSERT OR REPLACE` (and `REPLACE INTO`) resolves a key conflict by deleting the old row, and
-- SQLite fires no DELETE trigger for that unless `recursive_triggers` is on. Rather than rely on
-- a per-connection pragma that any other client can leave off, every protected table refuses an
-- INSERT whose key is already taken, whichever connection sends it.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER decisions_no_replace BEFORE INSERT ON decisions
WHEN EXISTS (SELECT 1 FROM decisions WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;

-- A version is only ever the next one of a story still there to read: not a number already
-- taken (a REPLACE), not a gap, and not a new version of a withdrawn story.
CREATE TRIGGER story_versions_append_only BEFORE INSERT ON story_versions
WHEN NEW.version <> coalesce(
        (SELECT max(version) FROM story_versions WHERE story_id = NEW.story_id), 0) + 1
  OR coalesce((SELECT state FROM stories WHERE id = NEW.story_id), 'withdrawn') = 'withdrawn'
BEGIN SELECT RAISE(ABORT, 'story versions are immutable'); END;
-- Deleting versions is erasure, and erasure is withdrawal: the story must be marked withdrawn
-- first, in the same transaction. So a delete-then-insert cannot rewrite a published version.
CREATE TRIGGER story_versions_no_delete BEFORE DELETE ON story_versions
WHEN coalesce((SELECT state FROM stories WHERE id = OLD.story_id), 'gone') <> 'withdrawn'
BEGIN SELECT RAISE(ABORT, 'story versions are immutable'); END;
-- A withdrawal is final: a tombstone never comes back to life.
CREATE TRIGGER stories_withdrawal_is_final BEFORE UPDATE OF state ON stories
WHEN OLD.state = 'withdrawn' AND NEW.state <> 'withdrawn'
BEGIN SELECT RAISE(ABORT, 'a withdrawn story stays withdrawn'); END;

-- What the text under review contains (identifier findings, suggested themes, length), worked
-- out once whenever the text changes, so neither the queue nor the review page re-scans it.
-- NULL until computed (rows from before this version are filled in at start-up).
ALTER TABLE submissions ADD COLUMN analysis TEXT;
-- Whether someone holds a receipt code and can be asked to sign off a change to their words.
-- Imported stories have none: their codes are made and forgotten.
ALTER TABLE submissions ADD COLUMN contributor_reachable INTEGER NOT NULL DEFAULT 1;
UPDATE submissions SET contributor_reachable = 0 WHERE id IN (
    SELECT a.submission_id FROM approvals a JOIN moderators m ON m.id = a.moderator_id
    WHERE m.name = 'import');

-- An edit of a published story waiting to become its next version: for the approvals the
-- two-person rule asks, and for the contributor's sign-off when it changes their words.
CREATE TABLE story_edits (
    story_id       TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
    base_version   INTEGER NOT NULL,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    change_note    TEXT,
    content_sha256 TEXT NOT NULL,
    needs_signoff  INTEGER NOT NULL,
    signed_off     INTEGER NOT NULL DEFAULT 0,
    proposed_by    INTEGER NOT NULL REFERENCES moderators(id)
);
CREATE TABLE story_edit_approvals (
    story_id     TEXT NOT NULL REFERENCES story_edits(story_id) ON DELETE CASCADE,
    moderator_id INTEGER NOT NULL REFERENCES moderators(id),
    PRIMARY KEY (story_id, moderator_id)
);
"#,
    r#"
-- No contributor date finer than the month in the append-only records (issue: a withdrawn
-- story must leave no submission or withdrawal day behind). Decisions keep the month and the
-- wait in days; earlier rows are converted once, here, the only place they are ever changed.
ALTER TABLE decisions ADD COLUMN days_waited INTEGER;
DROP TRIGGER decisions_no_update;
UPDATE decisions
   SET days_waited = CASE WHEN decision IN ('published', 'declined') AND submitted_on IS NOT NULL
                          THEN max(0, CAST(julianday(decided_on) - julianday(submitted_on) AS INTEGER))
                     END,
       submitted_on = NULL,
       decided_on = substr(decided_on, 1, 7);
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;

-- What contributors do themselves (withdraw, appeal) is kept apart from the moderators' audit
-- log, by the month only: a row there, numbered in order between moderators' actions timed to
-- the second, would date it to the second.
CREATE TABLE contributor_actions (
    month  TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    reason TEXT
);
CREATE TRIGGER contributor_actions_no_update BEFORE UPDATE ON contributor_actions
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER contributor_actions_no_delete BEFORE DELETE ON contributor_actions
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER contributor_actions_no_replace BEFORE INSERT ON contributor_actions
WHEN EXISTS (SELECT 1 FROM contributor_actions WHERE rowid = NEW.rowid)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
INSERT INTO contributor_actions (month, action, target, reason)
SELECT strftime('%Y-%m', at, 'unixepoch'), action, target, reason FROM audit_log
 WHERE moderator = 'contributor' ORDER BY strftime('%Y-%m', at, 'unixepoch'), action, target;
DROP TRIGGER audit_log_no_delete;
DELETE FROM audit_log WHERE moderator = 'contributor';
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#,
    r#"
-- Evidence packs: sets of published testimony gathered without an account. Nothing here says who
-- made a pack: the edit secret is kept only as a keyed hash, and the month is the only date.
CREATE TABLE packs (
    id            TEXT PRIMARY KEY,
    edit_hash     BLOB NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    intro         TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('public', 'unpublished')),
    created_month TEXT NOT NULL,                -- month precision
    ended_month   TEXT,
    ended_reason  TEXT
);
-- An item pins a story's version (and perhaps one paragraph); it holds no text of its own, so
-- a withdrawal, which erases the versions, leaves nothing of the story here.
CREATE TABLE pack_items (
    id        INTEGER PRIMARY KEY,
    pack_id   TEXT NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    story_id  TEXT NOT NULL,
    version   INTEGER NOT NULL,
    paragraph INTEGER
);
CREATE INDEX pack_items_pack ON pack_items(pack_id, position);
CREATE TABLE pack_reports (
    id       INTEGER PRIMARY KEY,
    pack_id  TEXT NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    reason   TEXT NOT NULL,
    details  TEXT NOT NULL,
    made_on  TEXT NOT NULL,
    resolved INTEGER NOT NULL DEFAULT 0
);
"#,
];

/// Indexes that only make reads faster: created when missing, at every open. They are kept out
/// of the numbered migrations because they change no table and no rule, so adding one never
/// moves the schema version (or collides with another change that does).
pub(super) fn ensure_read_indexes(conn: &Connection) -> rusqlite::Result<()> {
    // The home page, feeds and rebuilds read published stories newest first; with this index
    // that is a walk down it rather than a sort of every version.
    conn.execute_batch(
        "CREATE INDEX IF NOT EXISTS stories_by_state_and_month ON stories (state, first_published);",
    )
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Applies every migration newer than the file's `user_version`, each in its own transaction.
/// Refuses a database from a newer build rather than risk corrupting it.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let supported = latest_version();
    if found > supported {
        return Err(StoreError::TooNew { found, supported });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
