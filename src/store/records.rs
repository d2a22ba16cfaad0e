//! Readers' reports about published stories, and the append-only record of decisions (kept
//! without any text) behind the transparency report.

use rusqlite::{params, Connection};
use serde::Serialize;

use super::{text_enum, Result};
use crate::dates::{Day, Month};
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

/// A decision, kept without text for the transparency report, and without any day: a
/// withdrawn story must leave no submission or withdrawal date finer than the month behind
/// (the decision rows cannot be deleted, and are not tied to a story). Rows take random ids,
/// so their order does not line them up with the moderators' audit entries either.
#[derive(Debug, Clone)]
pub struct Decision {
    /// What was decided.
    pub decision: DecisionKind,
    /// Reason code, if any.
    pub reason: Option<String>,
    /// Whole days from submission to this decision, for the median wait (published and
    /// declined only).
    pub days_waited: Option<i64>,
    /// The month decided.
    pub decided_in: Month,
    /// Whether moderators redacted the text first.
    pub redacted: bool,
}

impl Decision {
    /// A decision taken today about something submitted on `submitted_on` (`YYYY-MM-DD`),
    /// keeping the wait in days and the month alone.
    pub fn today(
        decision: DecisionKind,
        reason: Option<String>,
        submitted_on: Option<&str>,
        redacted: bool,
    ) -> Self {
        let today = Day::today();
        let waited = matches!(decision, DecisionKind::Published | DecisionKind::Declined);
        Self {
            decision,
            reason,
            days_waited: submitted_on
                .and_then(Day::parse)
                .filter(|_| waited)
                .map(|d| today.days_since(d).max(0)),
            decided_in: today.month(),
            redacted,
        }
    }
}

/// Appends a decision, under a random id.
pub fn record_decision(conn: &Connection, d: &Decision) -> Result<()> {
    let id = (u64::from_le_bytes(crate::ids::random_bytes::<8>()) >> 1) as i64;
    conn.execute(
        "INSERT INTO decisions (id, decision, reason, days_waited, decided_on, redacted)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            d.decision,
            d.reason,
            d.days_waited,
            d.decided_in,
            d.redacted
        ],
    )?;
    Ok(())
}

/// Every decision, in no particular order.
pub fn decisions(conn: &Connection) -> Result<Vec<Decision>> {
    let mut stmt =
        conn.prepare("SELECT decision, reason, days_waited, decided_on, redacted FROM decisions")?;
    let rows = stmt.query_map([], |r| {
        let decided: String = r.get(3)?;
        Ok(Decision {
            decision: r.get(0)?,
            reason: r.get(1)?,
            days_waited: r.get(2)?,
            decided_in: Month::of_date_text(&decided).unwrap_or_default(),
            redacted: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A number that changes whenever a decision is recorded: decisions are append-only (their
/// triggers refuse updates and deletes), so their number names the whole set.
pub fn decisions_mark(conn: &Connection) -> Result<i64> {
    Ok(
        // Decisions take random ids (see `record_decision`), so the largest id need not grow;
        // the count does, as the table is append-only.
        conn.query_row("SELECT count(*) FROM decisions", [], |r| r.get(0))?,
    )
}
