//! Published stories, their immutable versions, and the index outbox.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::{from_json, to_json, Result};
use crate::dates::Month;
use crate::ids::{ModeratorId, StoryId, SubmissionId};

/// The public state of a story's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StoryState {
    /// Readable.
    Published,
    /// Taken down by moderators, with a reason.
    Unpublished,
    /// Withdrawn by its author; only a tombstone remains.
    Withdrawn,
}

impl StoryState {
    fn parse(s: &str) -> Self {
        match s {
            "unpublished" => StoryState::Unpublished,
            "withdrawn" => StoryState::Withdrawn,
            _ => StoryState::Published,
        }
    }
}

/// A story's address and state.
#[derive(Debug, Clone)]
pub struct StoryRecord {
    /// Public id.
    pub id: StoryId,
    /// The submission it came from (gone after withdrawal).
    pub submission_id: Option<SubmissionId>,
    /// Public state.
    pub state: StoryState,
    /// Month first published.
    pub first_published: String,
    /// Month unpublished or withdrawn.
    pub ended_month: Option<String>,
    /// Why it was unpublished.
    pub ended_reason: Option<String>,
    /// An example written for the project.
    pub illustrative: bool,
    /// Number of the latest version (0 when erased).
    pub latest_version: i64,
}

/// One immutable version of a story.
#[derive(Debug, Clone, Serialize)]
pub struct StoryVersion {
    /// Public id.
    pub story_id: StoryId,
    /// 1, 2, …
    pub version: i64,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Theme slugs.
    pub themes: Vec<String>,
    /// Role slugs.
    pub roles: Vec<String>,
    /// Setting slugs.
    pub settings: Vec<String>,
    /// Roughly when.
    pub period: Option<String>,
    /// Content warning slugs.
    pub content_warnings: Vec<String>,
    /// Licence code.
    pub licence: String,
    /// The writer's own account.
    pub first_hand: bool,
    /// Month this version was published.
    pub published_month: String,
    /// Moderator's note on what changed.
    pub change_note: Option<String>,
    /// Whether moderators redacted the text.
    pub redacted: bool,
    /// SHA-256 of title and body, for verifying a citation.
    pub content_sha256: String,
}

fn record_from_row(r: &Row<'_>) -> rusqlite::Result<StoryRecord> {
    Ok(StoryRecord {
        id: r.get(0)?,
        submission_id: r.get(1)?,
        state: StoryState::parse(&r.get::<_, String>(2)?),
        first_published: r.get(3)?,
        ended_month: r.get(4)?,
        ended_reason: r.get(5)?,
        illustrative: r.get(6)?,
        latest_version: r.get(7)?,
    })
}

const RECORD_SELECT: &str = "SELECT id, submission_id, state, first_published, ended_month,
    ended_reason, illustrative,
    coalesce((SELECT max(version) FROM story_versions v WHERE v.story_id = stories.id), 0)
    FROM stories";

fn version_from_row(r: &Row<'_>) -> rusqlite::Result<StoryVersion> {
    Ok(StoryVersion {
        story_id: r.get(0)?,
        version: r.get(1)?,
        title: r.get(2)?,
        body: r.get(3)?,
        themes: from_json(&r.get::<_, String>(4)?)?,
        roles: from_json(&r.get::<_, String>(5)?)?,
        settings: from_json(&r.get::<_, String>(6)?)?,
        period: r.get(7)?,
        content_warnings: from_json(&r.get::<_, String>(8)?)?,
        licence: r.get(9)?,
        first_hand: r.get(10)?,
        published_month: r.get(11)?,
        change_note: r.get(12)?,
        redacted: r.get(13)?,
        content_sha256: r.get(14)?,
    })
}

const VERSION_SELECT: &str = "SELECT story_id, version, title, body, themes, roles, settings,
    period, content_warnings, licence, first_hand, published_month, change_note, redacted,
    content_sha256 FROM story_versions";

/// Creates a story's address.
pub fn insert_story(
    conn: &Connection,
    id: &StoryId,
    submission_id: &SubmissionId,
    month: Month,
    illustrative: bool,
) -> Result<()> {
    conn.execute(
        "INSERT INTO stories (id, submission_id, state, first_published, illustrative)
         VALUES (?1, ?2, 'published', ?3, ?4)",
        params![id, submission_id, month, illustrative],
    )?;
    Ok(())
}

/// Appends a version; returns its number.
pub fn insert_version(conn: &Connection, v: &StoryVersion) -> Result<i64> {
    let next: i64 = conn.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM story_versions WHERE story_id = ?1",
        [&v.story_id],
        |r| r.get(0),
    )?;
    conn.execute(
        "INSERT INTO story_versions (story_id, version, title, body, themes, roles, settings,
            period, content_warnings, licence, first_hand, published_month, change_note, redacted,
            content_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            v.story_id,
            next,
            v.title,
            v.body,
            to_json(&v.themes),
            to_json(&v.roles),
            to_json(&v.settings),
            v.period,
            to_json(&v.content_warnings),
            v.licence,
            v.first_hand,
            v.published_month,
            v.change_note,
            v.redacted,
            v.content_sha256,
        ],
    )?;
    Ok(next)
}

/// A story's address record.
pub fn story(conn: &Connection, id: &StoryId) -> Result<Option<StoryRecord>> {
    Ok(conn
        .query_row(
            &format!("{RECORD_SELECT} WHERE id = ?1"),
            [id],
            record_from_row,
        )
        .optional()?)
}

/// The story that came from a submission.
pub fn story_for_submission(
    conn: &Connection,
    submission_id: &SubmissionId,
) -> Result<Option<StoryRecord>> {
    Ok(conn
        .query_row(
            &format!("{RECORD_SELECT} WHERE submission_id = ?1"),
            [submission_id],
            record_from_row,
        )
        .optional()?)
}

/// One version (`None` for the latest).
pub fn version(
    conn: &Connection,
    story_id: &StoryId,
    version: Option<i64>,
) -> Result<Option<StoryVersion>> {
    let found = match version {
        Some(n) => conn
            .query_row(
                &format!("{VERSION_SELECT} WHERE story_id = ?1 AND version = ?2"),
                params![story_id, n],
                version_from_row,
            )
            .optional()?,
        None => conn
            .query_row(
                &format!("{VERSION_SELECT} WHERE story_id = ?1 ORDER BY version DESC LIMIT 1"),
                [story_id],
                version_from_row,
            )
            .optional()?,
    };
    Ok(found)
}

/// Version numbers and months of a story, oldest first.
pub fn version_list(
    conn: &Connection,
    story_id: &StoryId,
) -> Result<Vec<(i64, String, Option<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT version, published_month, change_note FROM story_versions
         WHERE story_id = ?1 ORDER BY version",
    )?;
    let rows = stmt.query_map([story_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The same columns as `VERSION_SELECT`, for a query that joins `story_versions v` to
/// `stories s`.
const JOINED_VERSION_COLUMNS: &str = "v.story_id, v.version, v.title, v.body, v.themes, v.roles,
    v.settings, v.period, v.content_warnings, v.licence, v.first_hand, v.published_month,
    v.change_note, v.redacted, v.content_sha256";

/// Published stories joined to their latest versions, newest first: first published month,
/// then the order the stories were made. Read straight down the `stories_by_state_and_month`
/// index, so `LIMIT n` reads n stories, not every version of every story (measured at 100 000
/// stories: 5 s before, under a millisecond after).
fn latest_sql(columns: &str) -> String {
    format!(
        "SELECT {columns} FROM stories s INDEXED BY stories_by_state_and_month
           JOIN story_versions v ON v.story_id = s.id
         WHERE s.state = 'published'
           AND v.version = (SELECT max(version) FROM story_versions w WHERE w.story_id = s.id)
         ORDER BY s.first_published DESC, s.rowid DESC
         LIMIT ?1"
    )
}

/// The latest version of every published story, newest first (for the index and feeds).
pub fn published_latest(conn: &Connection, limit: Option<i64>) -> Result<Vec<StoryVersion>> {
    let mut stmt = conn.prepare_cached(&latest_sql(JOINED_VERSION_COLUMNS))?;
    let rows = stmt.query_map([limit.unwrap_or(-1)], version_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Calls `each` with the latest version of every published story, newest first, one at a time,
/// so that a rebuild of the index never holds the whole corpus in memory. Stops at the first
/// error `each` returns.
pub fn for_each_published_latest<E: From<super::StoreError>>(
    conn: &Connection,
    mut each: impl FnMut(StoryVersion) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut stmt = conn
        .prepare(&latest_sql(JOINED_VERSION_COLUMNS))
        .map_err(super::StoreError::from)?;
    let mut rows = stmt.query([-1]).map_err(super::StoreError::from)?;
    while let Some(row) = rows.next().map_err(super::StoreError::from)? {
        each(version_from_row(row).map_err(super::StoreError::from)?)?;
    }
    Ok(())
}

/// What the statistics page counts of one published story's latest version.
#[derive(Debug, Clone)]
pub struct StoryFacts {
    /// Theme slugs.
    pub themes: Vec<String>,
    /// Setting slugs.
    pub settings: Vec<String>,
    /// Roughly when.
    pub period: Option<String>,
}

/// The facts of every published story's latest version, without their texts (the statistics
/// page needs only these; reading the bodies too was most of its cost).
pub fn published_facts(conn: &Connection) -> Result<Vec<StoryFacts>> {
    let mut stmt = conn.prepare_cached(&latest_sql("v.themes, v.settings, v.period"))?;
    let rows = stmt.query_map([-1], |r| {
        Ok(StoryFacts {
            themes: from_json(&r.get::<_, String>(0)?)?,
            settings: from_json(&r.get::<_, String>(1)?)?,
            period: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A number that changes whenever what is published may have changed: every such change
/// writes an index outbox row in its transaction, and the outbox's ids never repeat
/// (`AUTOINCREMENT`), even once applied rows are cleared. Cached figures are kept against it.
pub fn publication_mark(conn: &Connection) -> Result<i64> {
    Ok(conn
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'index_outbox'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

/// Ids and latest version hashes of published stories (for `chorus check`).
pub fn published_fingerprints(conn: &Connection) -> Result<Vec<(StoryId, String)>> {
    let mut stmt = conn.prepare(
        "SELECT v.story_id, v.content_sha256 FROM story_versions v JOIN stories s ON s.id = v.story_id
         WHERE s.state = 'published'
           AND v.version = (SELECT max(version) FROM story_versions w WHERE w.story_id = v.story_id)",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Number of published stories.
pub fn published_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM stories WHERE state = 'published'",
        [],
        |r| r.get(0),
    )?)
}

/// Whether any story exists at all (the demo imports only into an empty archive).
pub fn archive_is_empty(conn: &Connection) -> Result<bool> {
    Ok(
        conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM submissions)", [], |r| {
            r.get(0)
        })?,
    )
}

/// Takes a story down (moderators) with a reason; its versions stay for the record.
pub fn unpublish(conn: &Connection, id: &StoryId, month: Month, reason: &str) -> Result<bool> {
    let n = conn.execute(
        "UPDATE stories SET state = 'unpublished', ended_month = ?2, ended_reason = ?3
         WHERE id = ?1 AND state = 'published'",
        params![id, month, reason],
    )?;
    Ok(n == 1)
}

/// Erases a story's text and leaves a tombstone. The tombstone comes first: the schema lets
/// versions be deleted only from a withdrawn story.
pub fn erase_story(conn: &Connection, id: &StoryId, month: Month) -> Result<()> {
    conn.execute(
        "UPDATE stories SET state = 'withdrawn', ended_month = ?2, ended_reason = NULL,
            submission_id = NULL WHERE id = ?1",
        params![id, month],
    )?;
    conn.execute("DELETE FROM story_versions WHERE story_id = ?1", [id])?;
    conn.execute("DELETE FROM story_edits WHERE story_id = ?1", [id])?;
    conn.execute("DELETE FROM reports WHERE story_id = ?1", [id])?;
    Ok(())
}

/// An edit of a published story waiting to become its next version.
#[derive(Debug, Clone)]
pub struct StoryEdit {
    /// The story.
    pub story_id: StoryId,
    /// The version it was made from.
    pub base_version: i64,
    /// New title.
    pub title: String,
    /// New Markdown body.
    pub body: String,
    /// What changed, shown publicly.
    pub change_note: Option<String>,
    /// SHA-256 of the new title and body: what approvals are of.
    pub content_sha256: String,
    /// The contributor must accept it before it is published.
    pub needs_signoff: bool,
    /// They have.
    pub signed_off: bool,
    /// The moderator who proposed it.
    pub proposed_by: ModeratorId,
}

/// Puts an edit up for approval, replacing any earlier one for the story with its approvals
/// (they were of other words).
pub fn propose_edit(conn: &Connection, e: &StoryEdit) -> Result<()> {
    conn.execute("DELETE FROM story_edits WHERE story_id = ?1", [&e.story_id])?;
    conn.execute(
        "INSERT INTO story_edits (story_id, base_version, title, body, change_note,
            content_sha256, needs_signoff, signed_off, proposed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            e.story_id,
            e.base_version,
            e.title,
            e.body,
            e.change_note,
            e.content_sha256,
            e.needs_signoff,
            e.signed_off,
            e.proposed_by,
        ],
    )?;
    Ok(())
}

/// The edit waiting for a story, if any.
pub fn pending_edit(conn: &Connection, story_id: &StoryId) -> Result<Option<StoryEdit>> {
    Ok(conn
        .query_row(
            "SELECT story_id, base_version, title, body, change_note, content_sha256,
                needs_signoff, signed_off, proposed_by
             FROM story_edits WHERE story_id = ?1",
            [story_id],
            |r| {
                Ok(StoryEdit {
                    story_id: r.get(0)?,
                    base_version: r.get(1)?,
                    title: r.get(2)?,
                    body: r.get(3)?,
                    change_note: r.get(4)?,
                    content_sha256: r.get(5)?,
                    needs_signoff: r.get(6)?,
                    signed_off: r.get(7)?,
                    proposed_by: r.get(8)?,
                })
            },
        )
        .optional()?)
}

/// Stories with an edit waiting, and how many approvals each has, oldest first.
pub fn pending_edits(conn: &Connection) -> Result<Vec<(StoryId, String, i64, bool)>> {
    let mut stmt = conn.prepare(
        "SELECT e.story_id, e.title,
            (SELECT count(*) FROM story_edit_approvals a WHERE a.story_id = e.story_id),
            e.needs_signoff AND NOT e.signed_off
         FROM story_edits e ORDER BY e.rowid",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records a moderator's approval of a story's waiting edit (once per moderator).
pub fn approve_edit(conn: &Connection, story_id: &StoryId, moderator: ModeratorId) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO story_edit_approvals (story_id, moderator_id) VALUES (?1, ?2)",
        params![story_id, moderator],
    )?;
    Ok(())
}

/// Names of the moderators who approved a story's waiting edit.
pub fn edit_approvers(conn: &Connection, story_id: &StoryId) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT m.name FROM story_edit_approvals a JOIN moderators m ON m.id = a.moderator_id
         WHERE a.story_id = ?1 ORDER BY a.rowid",
    )?;
    let rows = stmt.query_map([story_id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The contributor accepts a story's waiting edit; `false` if none waited for them.
pub fn sign_off_edit(conn: &Connection, story_id: &StoryId) -> Result<bool> {
    let n = conn.execute(
        "UPDATE story_edits SET signed_off = 1
         WHERE story_id = ?1 AND needs_signoff AND NOT signed_off",
        [story_id],
    )?;
    Ok(n == 1)
}

/// Forgets a story's waiting edit (once it is published).
pub fn drop_edit(conn: &Connection, story_id: &StoryId) -> Result<()> {
    conn.execute("DELETE FROM story_edits WHERE story_id = ?1", [story_id])?;
    Ok(())
}

/// What the indexer must do for one story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexOp {
    /// (Re)index the latest published version, or remove it if no longer published.
    Upsert,
    /// Remove from the index.
    Delete,
    /// Remove and merge away every segment that held it (withdrawal).
    Purge,
}

impl IndexOp {
    fn as_str(self) -> &'static str {
        match self {
            IndexOp::Upsert => "upsert",
            IndexOp::Delete => "delete",
            IndexOp::Purge => "purge",
        }
    }
}

/// Records a pending index change; call in the same transaction as the change itself.
pub fn enqueue_index(conn: &Connection, story_id: &StoryId, op: IndexOp) -> Result<()> {
    conn.execute(
        "INSERT INTO index_outbox (story_id, op) VALUES (?1, ?2)",
        params![story_id, op.as_str()],
    )?;
    Ok(())
}

/// The oldest pending index changes.
pub fn outbox_batch(conn: &Connection, limit: i64) -> Result<Vec<(i64, StoryId, IndexOp)>> {
    let mut stmt =
        conn.prepare("SELECT id, story_id, op FROM index_outbox ORDER BY id LIMIT ?1")?;
    let rows = stmt.query_map([limit], |r| {
        let op = match r.get::<_, String>(2)?.as_str() {
            "delete" => IndexOp::Delete,
            "purge" => IndexOp::Purge,
            _ => IndexOp::Upsert,
        };
        Ok((r.get(0)?, r.get(1)?, op))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Number of index changes not yet applied.
pub fn outbox_len(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM index_outbox", [], |r| r.get(0))?)
}

/// Forgets applied index changes up to and including `max_id`.
pub fn outbox_clear(conn: &Connection, max_id: i64) -> Result<()> {
    conn.execute("DELETE FROM index_outbox WHERE id <= ?1", [max_id])?;
    Ok(())
}

/// The newest outbox id (0 if empty).
pub fn outbox_max_id(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(id), 0) FROM index_outbox", [], |r| {
            r.get(0)
        })?,
    )
}
