//! Readers' reports about published stories, and the append-only record of decisions (kept
//! without any text) behind the transparency report.

use rusqlite::{params, Connection};
use serde::Serialize;

use super::{text_enum, Result};
use crate::dates::Day;
use crate::ids::StoryId;

/// A reader's report about a published story.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Row id.
    pub id: i64,
    /// The story.
    pub story_id: StoryId,
    /// Category chosen by the reader.
    pub reason: String,
    /// What they said.
    pub details: String,
    /// Day made.
    pub made_on: String,
}

/// Files a report.
pub fn add_report(
    conn: &Connection,
    story_id: &StoryId,
    reason: &str,
    details: &str,
    day: Day,
) -> Result<()> {
    conn.execute(
        "INSERT INTO reports (story_id, reason, details, made_on) VALUES (?1, ?2, ?3, ?4)",
        params![story_id, reason, details, day],
    )?;
    Ok(())
}

/// Open reports, oldest first.
pub fn open_reports(conn: &Connection) -> Result<Vec<Report>> {
    let mut stmt = conn.prepare(
        "SELECT id, story_id, reason, details, made_on FROM reports WHERE resolved = 0 ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Report {
            id: r.get(0)?,
            story_id: r.get(1)?,
            reason: r.get(2)?,
            details: r.get(3)?,
            made_on: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks a story's reports as dealt with.
pub fn resolve_reports(conn: &Connection, story_id: &StoryId) -> Result<()> {
    conn.execute(
        "UPDATE reports SET resolved = 1 WHERE story_id = ?1",
        [story_id],
    )?;
    Ok(())
}

text_enum!(
    /// What was decided about a submission or story.
    DecisionKind {
        /// Published as a story.
        Published = "published",
        /// Declined with a policy reason.
        Declined = "declined",
        /// Sent back to the contributor for changes.
        ChangesRequested = "changes_requested",
        /// Withdrawn by its author.
        Withdrawn = "withdrawn",
        /// A published story taken down by moderators.
        Unpublished = "unpublished",
    }
);

/// A decision, kept without text for the transparency report.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// What was decided.
    pub decision: DecisionKind,
    /// Reason code, if any.
    pub reason: Option<String>,
    /// Day the submission arrived.
    pub submitted_on: Option<String>,
    /// Day decided.
    pub decided_on: String,
    /// Whether moderators redacted the text first.
    pub redacted: bool,
}

/// Appends a decision.
pub fn record_decision(conn: &Connection, d: &Decision) -> Result<()> {
    conn.execute(
        "INSERT INTO decisions (decision, reason, submitted_on, decided_on, redacted)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            d.decision,
            d.reason,
            d.submitted_on,
            d.decided_on,
            d.redacted
        ],
    )?;
    Ok(())
}

/// Every decision, oldest first.
pub fn decisions(conn: &Connection) -> Result<Vec<Decision>> {
    let mut stmt = conn.prepare(
        "SELECT decision, reason, submitted_on, decided_on, redacted FROM decisions ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Decision {
            decision: r.get(0)?,
            reason: r.get(1)?,
            submitted_on: r.get(2)?,
            decided_on: r.get(3)?,
            redacted: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A number that changes whenever a decision is recorded: decisions are append-only (their
/// triggers refuse updates and deletes), so the newest id names the whole set.
pub fn decisions_mark(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(id), 0) FROM decisions", [], |r| {
            r.get(0)
        })?,
    )
}
