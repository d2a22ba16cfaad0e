//! What happens around a submission under review: the conversation between moderators and the
//! contributor, and the approvals the two-person rule counts.

use rusqlite::{params, Connection};
use serde::Serialize;

use super::{from_json, text_enum, to_json, Result};
use crate::dates::Day;
use crate::ids::{ModeratorId, SubmissionId};

text_enum!(
    /// Who wrote a message.
    Sender {
        /// A moderator (never named to the contributor).
        Moderator = "moderator",
        /// The contributor, through their receipt.
        Contributor = "contributor",
    }
);

impl Sender {
    /// Whether a moderator wrote it.
    pub fn is_moderator(self) -> bool {
        self == Sender::Moderator
    }
}

/// A message between moderators and the contributor.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    /// Who wrote it.
    pub sender: Sender,
    /// What was said.
    pub body: String,
    /// Day sent.
    pub sent_on: String,
}

/// Adds a message to a submission's conversation.
pub fn add_message(
    conn: &Connection,
    submission_id: &SubmissionId,
    sender: Sender,
    body: &str,
    sent_on: Day,
) -> Result<()> {
    conn.execute(
        "INSERT INTO messages (submission_id, sender, body, sent_on) VALUES (?1, ?2, ?3, ?4)",
        params![submission_id, sender, body, sent_on],
    )?;
    Ok(())
}

/// A submission's conversation, oldest first.
pub fn messages(conn: &Connection, submission_id: &SubmissionId) -> Result<Vec<Message>> {
    let mut stmt = conn.prepare(
        "SELECT sender, body, sent_on FROM messages WHERE submission_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([submission_id], |r| {
        Ok(Message {
            sender: r.get(0)?,
            body: r.get(1)?,
            sent_on: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One moderator's approval of a submission.
#[derive(Debug, Clone)]
pub struct Approval {
    /// Who approved.
    pub moderator_id: ModeratorId,
    /// Themes they set.
    pub themes: Vec<String>,
    /// Content warnings they set.
    pub content_warnings: Vec<String>,
    /// Short note on what was changed.
    pub change_note: Option<String>,
}

/// Records (or replaces) a moderator's approval.
pub fn add_approval(conn: &Connection, submission_id: &SubmissionId, a: &Approval) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO approvals (submission_id, moderator_id, themes, content_warnings, change_note)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            submission_id,
            a.moderator_id,
            to_json(&a.themes),
            to_json(&a.content_warnings),
            a.change_note
        ],
    )?;
    Ok(())
}

/// Approvals so far, oldest first.
pub fn approvals(conn: &Connection, submission_id: &SubmissionId) -> Result<Vec<Approval>> {
    let mut stmt = conn.prepare(
        "SELECT moderator_id, themes, content_warnings, change_note FROM approvals
         WHERE submission_id = ?1 ORDER BY rowid",
    )?;
    let rows = stmt.query_map([submission_id], |r| {
        Ok(Approval {
            moderator_id: r.get(0)?,
            themes: from_json(&r.get::<_, String>(1)?)?,
            content_warnings: from_json(&r.get::<_, String>(2)?)?,
            change_note: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Clears approvals (after the contributor changes the text, it must be looked at again).
pub fn clear_approvals(conn: &Connection, submission_id: &SubmissionId) -> Result<()> {
    conn.execute(
        "DELETE FROM approvals WHERE submission_id = ?1",
        [submission_id],
    )?;
    Ok(())
}
