//! Moderators, their sessions, and the append-only audit log.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::{text_enum, Result};
use crate::dates::Month;
use crate::ids::ModeratorId;

/// A moderator's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reviews submissions and reports.
    Moderator,
    /// Also reads the audit log.
    Admin,
}

impl Role {
    /// Name in the database and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    /// Parses `moderator` or `admin`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "moderator" => Some(Role::Moderator),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// A moderator account.
#[derive(Debug, Clone)]
pub struct Moderator {
    /// Row id.
    pub id: ModeratorId,
    /// Sign-in name.
    pub name: String,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Role.
    pub role: Role,
    /// Access revoked.
    pub disabled: bool,
    /// TOTP secret, when a second factor is enrolled.
    pub totp_secret: Option<Vec<u8>>,
    /// Last TOTP time step accepted (a code is never accepted twice).
    pub totp_last_step: Option<i64>,
}

const MODERATOR_SELECT: &str =
    "SELECT id, name, password_hash, role, disabled, totp_secret, totp_last_step FROM moderators";

fn moderator_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Moderator> {
    Ok(Moderator {
        id: r.get(0)?,
        name: r.get(1)?,
        password_hash: r.get(2)?,
        role: Role::parse(&r.get::<_, String>(3)?).unwrap_or(Role::Moderator),
        disabled: r.get(4)?,
        totp_secret: r.get(5)?,
        totp_last_step: r.get(6)?,
    })
}

/// Creates a moderator; `false` if the name is taken.
pub fn insert_moderator(
    conn: &Connection,
    name: &str,
    password_hash: &str,
    role: Role,
) -> Result<bool> {
    let n = conn.execute(
        "INSERT OR IGNORE INTO moderators (name, password_hash, role) VALUES (?1, ?2, ?3)",
        params![name, password_hash, role.as_str()],
    )?;
    Ok(n == 1)
}

/// A moderator by name.
pub fn moderator_by_name(conn: &Connection, name: &str) -> Result<Option<Moderator>> {
    Ok(conn
        .query_row(
            &format!("{MODERATOR_SELECT} WHERE name = ?1"),
            [name],
            moderator_from_row,
        )
        .optional()?)
}

/// A moderator by id.
pub fn moderator_by_id(conn: &Connection, id: ModeratorId) -> Result<Option<Moderator>> {
    Ok(conn
        .query_row(
            &format!("{MODERATOR_SELECT} WHERE id = ?1"),
            [id],
            moderator_from_row,
        )
        .optional()?)
}

/// Active moderators other than `except`, for "pass to a colleague".
pub fn colleagues(conn: &Connection, except: ModeratorId) -> Result<Vec<(ModeratorId, String)>> {
    let mut stmt = conn
        .prepare("SELECT id, name FROM moderators WHERE disabled = 0 AND id != ?1 ORDER BY name")?;
    let rows = stmt.query_map([except], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Revokes access and ends every session of the moderator; `false` if there is no such name.
pub fn disable_moderator(conn: &Connection, name: &str) -> Result<bool> {
    let n = conn.execute("UPDATE moderators SET disabled = 1 WHERE name = ?1", [name])?;
    conn.execute(
        "DELETE FROM sessions WHERE moderator_id IN (SELECT id FROM moderators WHERE name = ?1)",
        [name],
    )?;
    Ok(n == 1)
}

/// Sets a TOTP secret (enrolment).
pub fn set_totp_secret(conn: &Connection, name: &str, secret: &[u8]) -> Result<bool> {
    let n = conn.execute(
        "UPDATE moderators SET totp_secret = ?2, totp_last_step = NULL WHERE name = ?1",
        params![name, secret],
    )?;
    Ok(n == 1)
}

/// Records the TOTP step just used, if it is newer than the last one; `false` on a replay.
pub fn use_totp_step(conn: &Connection, id: ModeratorId, step: i64) -> Result<bool> {
    let n = conn.execute(
        "UPDATE moderators SET totp_last_step = ?2
         WHERE id = ?1 AND (totp_last_step IS NULL OR totp_last_step < ?2)",
        params![id, step],
    )?;
    Ok(n == 1)
}

/// A signed-in session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The moderator.
    pub moderator: Moderator,
    /// CSRF token for this session's forms.
    pub csrf: String,
    /// When it began.
    pub created_at: i64,
    /// Last request.
    pub last_seen: i64,
    /// Start of the current stretch of reviewing.
    pub stretch_start: Option<i64>,
}

/// Stores a new session (the id itself is only ever held by the browser; we keep its hash).
pub fn insert_session(
    conn: &Connection,
    id_hash: &[u8],
    moderator_id: ModeratorId,
    csrf: &str,
    now: i64,
) -> Result<()> {
    conn.execute(
        "INSERT INTO sessions (id_hash, moderator_id, csrf, created_at, last_seen)
         VALUES (?1, ?2, ?3, ?4, ?4)",
        params![id_hash, moderator_id, csrf, now],
    )?;
    Ok(())
}

/// Looks up a live session and touches it; expired sessions are deleted and give `None`.
pub fn touch_session(
    conn: &Connection,
    id_hash: &[u8],
    now: i64,
    idle: i64,
    absolute: i64,
) -> Result<Option<Session>> {
    let row = conn
        .query_row(
            // A stretch of reviewing ends after a quarter of an hour without a review.
            "SELECT moderator_id, csrf, created_at, last_seen,
                    CASE WHEN last_review >= ?2 - 900 THEN stretch_start END
             FROM sessions WHERE id_hash = ?1",
            params![id_hash, now],
            |r| {
                Ok((
                    r.get::<_, ModeratorId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                ))
            },
        )
        .optional()?;
    let Some((moderator_id, csrf, created_at, last_seen, stretch_start)) = row else {
        return Ok(None);
    };
    if now - last_seen > idle || now - created_at > absolute {
        conn.execute("DELETE FROM sessions WHERE id_hash = ?1", [id_hash])?;
        return Ok(None);
    }
    let Some(moderator) = moderator_by_id(conn, moderator_id)?.filter(|m| !m.disabled) else {
        conn.execute("DELETE FROM sessions WHERE id_hash = ?1", [id_hash])?;
        return Ok(None);
    };
    conn.execute(
        "UPDATE sessions SET last_seen = ?2 WHERE id_hash = ?1",
        params![id_hash, now],
    )?;
    Ok(Some(Session {
        moderator,
        csrf,
        created_at,
        last_seen: now,
        stretch_start,
    }))
}

/// Ends a session.
pub fn delete_session(conn: &Connection, id_hash: &[u8]) -> Result<()> {
    conn.execute("DELETE FROM sessions WHERE id_hash = ?1", [id_hash])?;
    Ok(())
}

/// Notes a review action for break reminders: a gap of more than `gap` seconds starts a new stretch.
pub fn note_review(conn: &Connection, id_hash: &[u8], now: i64, gap: i64) -> Result<()> {
    conn.execute(
        "UPDATE sessions SET
            stretch_start = CASE WHEN last_review IS NULL OR ?2 - last_review > ?3
                                 THEN ?2 ELSE coalesce(stretch_start, ?2) END,
            last_review = ?2
         WHERE id_hash = ?1",
        params![id_hash, now, gap],
    )?;
    Ok(())
}

/// Restarts the reviewing stretch (the moderator took a break).
pub fn reset_stretch(conn: &Connection, id_hash: &[u8]) -> Result<()> {
    conn.execute(
        "UPDATE sessions SET stretch_start = NULL, last_review = NULL WHERE id_hash = ?1",
        [id_hash],
    )?;
    Ok(())
}

text_enum!(
    /// What an audit log line records.
    AuditAction {
        /// A moderator signed in.
        SignIn = "sign_in",
        /// A moderator signed out.
        SignOut = "sign_out",
        /// Claimed a submission.
        Claim = "claim",
        /// Skipped a submission (releasing any claim).
        Skip = "skip",
        /// Passed a submission to a colleague.
        Pass = "pass",
        /// Approved a submission.
        Approve = "approve",
        /// A story was published (after the last approval or sign-off).
        Publish = "publish",
        /// Asked the contributor for changes.
        RequestChanges = "request_changes",
        /// Declined a submission.
        Decline = "decline",
        /// Proposed a redacted text.
        Redact = "redact",
        /// Sent the contributor a message.
        Message = "message",
        /// Took a published story down.
        Unpublish = "unpublish",
        /// Published a new version of a story.
        EditPublished = "edit_published",
        /// Proposed an edit of a published story (for approval, and sign-off if needed).
        ProposeEdit = "propose_edit",
        /// Approved a proposed edit of a published story.
        ApproveEdit = "approve_edit",
        /// A contributor accepted a change to their words.
        SignOff = "sign_off",
        /// A contributor replied to a decline.
        Appeal = "appeal",
        /// A contributor withdrew their story.
        Withdraw = "withdraw",
        /// Took an evidence pack down.
        UnpublishPack = "unpublish_pack",
    }
);

impl AuditAction {
    /// Whether it counts as reviewing an item, for a moderator's daily count.
    pub fn is_review(self) -> bool {
        matches!(
            self,
            AuditAction::Approve
                | AuditAction::Decline
                | AuditAction::RequestChanges
                | AuditAction::Redact
                | AuditAction::Skip
                | AuditAction::Pass
        )
    }
}

/// One line of the audit log.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    /// Unix seconds.
    pub at: i64,
    /// Who (a moderator's name, or `contributor`, or `system`).
    pub moderator: String,
    /// What.
    pub action: AuditAction,
    /// Which submission or story.
    pub target: Option<String>,
    /// Why (a reason code or short note; never story text).
    pub reason: Option<String>,
}

/// Appends to the audit log (the only write the table accepts).
pub fn audit(conn: &Connection, e: &AuditEntry) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, moderator, action, target, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![e.at, e.moderator, e.action, e.target, e.reason],
    )?;
    Ok(())
}

/// Something a contributor did themselves, kept by the month only.
#[derive(Debug, Clone)]
pub struct ContributorAction {
    /// The month.
    pub month: Month,
    /// What.
    pub action: AuditAction,
    /// Which submission or story.
    pub target: Option<String>,
    /// Why (a reason code; never text).
    pub reason: Option<String>,
}

/// Appends a contributor's action (the only write the table accepts).
pub fn contributor_action(conn: &Connection, a: &ContributorAction) -> Result<()> {
    conn.execute(
        "INSERT INTO contributor_actions (month, action, target, reason) VALUES (?1, ?2, ?3, ?4)",
        params![a.month, a.action, a.target, a.reason],
    )?;
    Ok(())
}

/// Contributors' actions, newest month first (within a month in no meaningful order).
pub fn contributor_actions(conn: &Connection, limit: i64) -> Result<Vec<ContributorAction>> {
    let mut stmt = conn.prepare(
        "SELECT month, action, target, reason FROM contributor_actions
         ORDER BY month DESC, action, target LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        let month: String = r.get(0)?;
        Ok(ContributorAction {
            month: Month::parse(&month).unwrap_or_default(),
            action: r.get(1)?,
            target: r.get(2)?,
            reason: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest audit entries first.
pub fn audit_entries(conn: &Connection, limit: i64) -> Result<Vec<AuditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT at, moderator, action, target, reason FROM audit_log ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(AuditEntry {
            at: r.get(0)?,
            moderator: r.get(1)?,
            action: r.get(2)?,
            target: r.get(3)?,
            reason: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Review actions a moderator has taken since `since` (unix seconds), for their daily count.
pub fn reviews_since(conn: &Connection, moderator: &str, since: i64) -> Result<i64> {
    // The list comes from `AuditAction::is_review`, so the count and the enum cannot disagree.
    let reviews: Vec<String> = AuditAction::ALL
        .iter()
        .filter(|a| a.is_review())
        .map(|a| format!("'{a}'"))
        .collect();
    Ok(conn.query_row(
        &format!(
            "SELECT count(*) FROM audit_log WHERE moderator = ?1 AND at >= ?2 AND action IN ({})",
            reviews.join(", ")
        ),
        params![moderator, since],
        |r| r.get(0),
    )?)
}
