//! Submissions and the claims on them: the contributor's side of the database.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::{from_json, to_json, Result};
use crate::dates::Day;
use crate::ids::{ModeratorId, StoryId, SubmissionId};

/// Where a submission stands, as the contributor sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for a moderator (or for the contributor to sign off a redaction).
    Pending,
    /// A moderator asked the contributor for changes.
    ChangesRequested,
    /// Published as a story.
    Published,
    /// Declined with a reason from the policy.
    Declined,
    /// Withdrawn by its author; its text is erased.
    Withdrawn,
}

impl Status {
    /// The name used in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::ChangesRequested => "changes_requested",
            Status::Published => "published",
            Status::Declined => "declined",
            Status::Withdrawn => "withdrawn",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "changes_requested" => Status::ChangesRequested,
            "published" => Status::Published,
            "declined" => Status::Declined,
            "withdrawn" => Status::Withdrawn,
            _ => Status::Pending,
        }
    }

    /// Whether the contributor may still edit the text.
    pub fn editable(self) -> bool {
        matches!(self, Status::Pending | Status::ChangesRequested)
    }
}

/// The descriptive facts a contributor may give; all optional and coarse.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// Contributor roles (taxonomy slugs).
    pub roles: Vec<String>,
    /// Settings (taxonomy slugs).
    pub settings: Vec<String>,
    /// Roughly when, e.g. `2019` or `2010s`.
    pub period: Option<String>,
    /// Suggested (or, once approved, assigned) themes.
    pub themes: Vec<String>,
    /// Content warnings.
    pub content_warnings: Vec<String>,
    /// The writer's own account (`false`: written on someone's behalf).
    pub first_hand: bool,
}

/// What the contributor agreed to; quotation and research consent can change later.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Consent {
    /// May be published.
    pub publish: bool,
    /// May be quoted.
    pub quote: bool,
    /// May be included in research exports.
    pub research: bool,
}

/// A moderator's hold on a submission, so colleagues do not review it at the same time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Who holds it.
    pub by: ModeratorId,
    /// Their name, to show colleagues.
    pub by_name: String,
    /// When it lapses (unix seconds); whether it has is the archive's decision.
    pub until: i64,
}

/// A submission as stored.
#[derive(Debug, Clone)]
pub struct Submission {
    /// Internal id.
    pub id: SubmissionId,
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Descriptive facts.
    pub facts: Facts,
    /// Consent given.
    pub consent: Consent,
    /// Licence code, e.g. `CC-BY-NC-ND-4.0`.
    pub licence: String,
    /// Where it stands.
    pub status: Status,
    /// Day it was sent (`YYYY-MM-DD`).
    pub submitted_on: String,
    /// Flagged for possible immediate risk.
    pub urgent: bool,
    /// An example written for the project, not real testimony.
    pub illustrative: bool,
    /// A moderator's redacted text awaiting the contributor's sign-off.
    pub proposed_body: Option<String>,
    /// Reason code when declined.
    pub decline_reason: Option<String>,
    /// The moderator holding a claim, if any (it may have lapsed).
    pub claim: Option<Claim>,
    /// The public story, once published.
    pub story_id: Option<StoryId>,
    /// Insertion order, the tie-break for "oldest first" without keeping a time.
    pub seq: i64,
    /// The contributor accepted a moderator's redaction.
    pub redacted: bool,
    /// What the text under review contains, as the archive worked it out when the text last
    /// changed (JSON it alone reads); `None` until then.
    pub analysis: Option<String>,
    /// Someone holds its receipt code and can be asked to sign off a change.
    pub contributor_reachable: bool,
}

const SUBMISSION_COLUMNS: &str = "s.id, s.title, s.body, s.roles, s.settings, s.period, s.themes,
    s.content_warnings, s.first_hand, s.consent_publish, s.consent_quote, s.consent_research,
    s.licence, s.status, s.submitted_on, s.urgent, s.illustrative, s.proposed_body,
    s.decline_reason, s.claimed_by, m.name, s.claimed_until, st.id, s.rowid, s.redacted, s.analysis,
    s.contributor_reachable";

const SUBMISSION_FROM: &str = "FROM submissions s
    LEFT JOIN moderators m ON m.id = s.claimed_by
    LEFT JOIN stories st ON st.submission_id = s.id";

fn submission_from_row(r: &Row<'_>) -> rusqlite::Result<Submission> {
    let claimed_by: Option<ModeratorId> = r.get(19)?;
    let claim = match claimed_by {
        Some(by) => Some(Claim {
            by,
            by_name: r.get(20)?,
            until: r.get(21)?,
        }),
        None => None,
    };
    Ok(Submission {
        id: r.get(0)?,
        title: r.get(1)?,
        body: r.get(2)?,
        facts: Facts {
            roles: from_json(&r.get::<_, String>(3)?)?,
            settings: from_json(&r.get::<_, String>(4)?)?,
            period: r.get(5)?,
            themes: from_json(&r.get::<_, String>(6)?)?,
            content_warnings: from_json(&r.get::<_, String>(7)?)?,
            first_hand: r.get(8)?,
        },
        consent: Consent {
            publish: r.get(9)?,
            quote: r.get(10)?,
            research: r.get(11)?,
        },
        licence: r.get(12)?,
        status: Status::parse(&r.get::<_, String>(13)?),
        submitted_on: r.get(14)?,
        urgent: r.get(15)?,
        illustrative: r.get(16)?,
        proposed_body: r.get(17)?,
        decline_reason: r.get(18)?,
        claim,
        story_id: r.get(22)?,
        seq: r.get(23)?,
        redacted: r.get(24)?,
        analysis: r.get(25)?,
        contributor_reachable: r.get(26)?,
    })
}

/// A new submission, ready to insert.
#[derive(Debug, Clone)]
pub struct NewSubmission<'a> {
    /// Fresh random id.
    pub id: &'a SubmissionId,
    /// Keyed hash of the receipt code.
    pub receipt_hash: &'a [u8],
    /// Title.
    pub title: &'a str,
    /// Markdown body.
    pub body: &'a str,
    /// Facts.
    pub facts: &'a Facts,
    /// Consent.
    pub consent: Consent,
    /// Licence code.
    pub licence: &'a str,
    /// Day sent.
    pub submitted_on: &'a str,
    /// Flagged for possible immediate risk.
    pub urgent: bool,
    /// Example story.
    pub illustrative: bool,
    /// What the body contains (the archive's JSON).
    pub analysis: &'a str,
    /// Whether anyone holds the receipt code (imports: nobody).
    pub contributor_reachable: bool,
}

/// Inserts a submission as `pending`.
pub fn insert_submission(conn: &Connection, s: &NewSubmission<'_>) -> Result<()> {
    conn.execute(
        "INSERT INTO submissions (id, receipt_hash, title, body, roles, settings, period, themes,
            content_warnings, first_hand, consent_publish, consent_quote, consent_research, licence,
            status, submitted_on, urgent, illustrative, analysis, contributor_reachable)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'pending', ?15, ?16, ?17,
            ?18, ?19)",
        params![
            s.id,
            s.receipt_hash,
            s.title,
            s.body,
            to_json(&s.facts.roles),
            to_json(&s.facts.settings),
            s.facts.period,
            to_json(&s.facts.themes),
            to_json(&s.facts.content_warnings),
            s.facts.first_hand,
            s.consent.publish,
            s.consent.quote,
            s.consent.research,
            s.licence,
            s.submitted_on,
            s.urgent,
            s.illustrative,
            s.analysis,
            s.contributor_reachable,
        ],
    )?;
    Ok(())
}

/// A submission by id.
pub fn submission(conn: &Connection, id: &SubmissionId) -> Result<Option<Submission>> {
    let sql = format!("SELECT {SUBMISSION_COLUMNS} {SUBMISSION_FROM} WHERE s.id = ?1");
    Ok(conn.query_row(&sql, [id], submission_from_row).optional()?)
}

/// The submission a receipt hash belongs to.
pub fn submission_by_receipt(conn: &Connection, hash: &[u8]) -> Result<Option<Submission>> {
    let sql = format!("SELECT {SUBMISSION_COLUMNS} {SUBMISSION_FROM} WHERE s.receipt_hash = ?1");
    Ok(conn
        .query_row(&sql, [hash], submission_from_row)
        .optional()?)
}

/// One line of the moderation queue: only what the queue shows, never the text itself.
#[derive(Debug, Clone)]
pub struct QueueRow {
    /// Submission id.
    pub id: SubmissionId,
    /// Title.
    pub title: String,
    /// Day sent.
    pub submitted_on: String,
    /// Possible immediate risk.
    pub urgent: bool,
    /// Themes the contributor suggested.
    pub themes: Vec<String>,
    /// Content warnings the contributor gave.
    pub content_warnings: Vec<String>,
    /// A redaction waits for the contributor.
    pub awaiting_signoff: bool,
    /// Approvals so far.
    pub approvals: i64,
    /// The claim on it, if any (it may have lapsed).
    pub claim: Option<Claim>,
    /// What the text under review contains (the archive's JSON), if worked out.
    pub analysis: Option<String>,
}

/// One page of the moderation queue (waiting submissions, urgent first, then oldest first),
/// without the texts.
pub fn queue_page(conn: &Connection, limit: i64, offset: i64) -> Result<Vec<QueueRow>> {
    let mut stmt = conn.prepare(
        "SELECT s.id, s.title, s.submitted_on, s.urgent, s.themes, s.content_warnings,
            s.proposed_body IS NOT NULL,
            (SELECT count(*) FROM approvals a WHERE a.submission_id = s.id),
            s.claimed_by, m.name, s.claimed_until, s.analysis
         FROM submissions s LEFT JOIN moderators m ON m.id = s.claimed_by
         WHERE s.status = 'pending'
         ORDER BY s.urgent DESC, s.submitted_on ASC, s.rowid ASC
         LIMIT ?1 OFFSET ?2",
    )?;
    let rows = stmt.query_map(params![limit, offset], |r| {
        let claimed_by: Option<ModeratorId> = r.get(8)?;
        let claim = match claimed_by {
            Some(by) => Some(Claim {
                by,
                by_name: r.get(9)?,
                until: r.get(10)?,
            }),
            None => None,
        };
        Ok(QueueRow {
            id: r.get(0)?,
            title: r.get(1)?,
            submitted_on: r.get(2)?,
            urgent: r.get(3)?,
            themes: from_json(&r.get::<_, String>(4)?)?,
            content_warnings: from_json(&r.get::<_, String>(5)?)?,
            awaiting_signoff: r.get(6)?,
            approvals: r.get(7)?,
            claim,
            analysis: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The text under review (a redaction awaiting sign-off, else the body) of one submission.
pub fn text_under_review(conn: &Connection, id: &SubmissionId) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT coalesce(proposed_body, body) FROM submissions WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

/// Submissions (not withdrawn) whose text was never analysed, with the text under review.
pub fn unanalysed(conn: &Connection, limit: i64) -> Result<Vec<(SubmissionId, String)>> {
    let mut stmt = conn.prepare(
        "SELECT id, coalesce(proposed_body, body) FROM submissions
         WHERE analysis IS NULL AND status <> 'withdrawn' LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Stores what the text under review contains.
pub fn set_analysis(conn: &Connection, id: &SubmissionId, analysis: &str) -> Result<()> {
    conn.execute(
        "UPDATE submissions SET analysis = ?2 WHERE id = ?1",
        params![id, analysis],
    )?;
    Ok(())
}

/// Number of submissions waiting for a moderator.
pub fn queue_length(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM submissions WHERE status = 'pending'",
        [],
        |r| r.get(0),
    )?)
}

/// Sets the status (and the day of the decision when it is one).
pub fn set_status(
    conn: &Connection,
    id: &SubmissionId,
    status: Status,
    decided_on: Option<Day>,
) -> Result<()> {
    conn.execute(
        "UPDATE submissions SET status = ?2, decided_on = coalesce(?3, decided_on) WHERE id = ?1",
        params![id, status.as_str(), decided_on],
    )?;
    Ok(())
}

/// Records the decline reason.
pub fn set_decline_reason(conn: &Connection, id: &SubmissionId, reason: &str) -> Result<()> {
    conn.execute(
        "UPDATE submissions SET decline_reason = ?2 WHERE id = ?1",
        params![id, reason],
    )?;
    Ok(())
}

/// Replaces title, body and facts (a contributor's edit before publication), with what the new
/// body contains. A redaction of the old text no longer applies, so it goes.
pub fn update_text(
    conn: &Connection,
    id: &SubmissionId,
    title: &str,
    body: &str,
    facts: &Facts,
    analysis: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE submissions SET title = ?2, body = ?3, roles = ?4, settings = ?5, period = ?6,
            themes = ?7, content_warnings = ?8, first_hand = ?9, proposed_body = NULL,
            analysis = ?10
         WHERE id = ?1",
        params![
            id,
            title,
            body,
            to_json(&facts.roles),
            to_json(&facts.settings),
            facts.period,
            to_json(&facts.themes),
            to_json(&facts.content_warnings),
            facts.first_hand,
            analysis,
        ],
    )?;
    Ok(())
}

/// Sets (or clears) the flag for possible immediate risk.
pub fn set_urgent(conn: &Connection, id: &SubmissionId, urgent: bool) -> Result<()> {
    conn.execute(
        "UPDATE submissions SET urgent = ?2 WHERE id = ?1",
        params![id, urgent],
    )?;
    Ok(())
}

/// Stores a moderator's redaction for the contributor to sign off, with what it contains (it is
/// now the text under review).
pub fn set_proposed_body(
    conn: &Connection,
    id: &SubmissionId,
    body: &str,
    analysis: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE submissions SET proposed_body = ?2, analysis = ?3 WHERE id = ?1",
        params![id, body, analysis],
    )?;
    Ok(())
}

/// The contributor accepts the redaction: it becomes the text (and was already the one analysed).
pub fn accept_proposed_body(conn: &Connection, id: &SubmissionId) -> Result<bool> {
    let n = conn.execute(
        "UPDATE submissions SET body = proposed_body, proposed_body = NULL, redacted = 1
         WHERE id = ?1 AND proposed_body IS NOT NULL",
        [id],
    )?;
    Ok(n == 1)
}

/// Changes quotation and research consent.
pub fn set_consent(
    conn: &Connection,
    id: &SubmissionId,
    quote: bool,
    research: bool,
) -> Result<()> {
    conn.execute(
        "UPDATE submissions SET consent_quote = ?2, consent_research = ?3 WHERE id = ?1",
        params![id, quote, research],
    )?;
    Ok(())
}

/// Erases everything a contributor wrote or chose, keeping only the receipt hash and the status
/// `withdrawn`, so the receipt still answers honestly. Messages and approvals go with it.
pub fn erase_submission(conn: &Connection, id: &SubmissionId) -> Result<()> {
    conn.execute("DELETE FROM messages WHERE submission_id = ?1", [id])?;
    conn.execute("DELETE FROM approvals WHERE submission_id = ?1", [id])?;
    conn.execute(
        "UPDATE submissions SET title = '', body = '', roles = '[]', settings = '[]', period = NULL,
            themes = '[]', content_warnings = '[]', proposed_body = NULL, status = 'withdrawn',
            consent_publish = 0, consent_quote = 0, consent_research = 0, urgent = 0,
            claimed_by = NULL, claimed_until = NULL, decline_reason = NULL, submitted_on = '',
            licence = '', decided_on = NULL, first_hand = 0, illustrative = 0, redacted = 0,
            analysis = NULL
         WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

/// Claims a submission for a moderator until `until`, unless someone else holds a live claim.
pub fn claim(
    conn: &Connection,
    id: &SubmissionId,
    moderator_id: ModeratorId,
    now: i64,
    until: i64,
) -> Result<bool> {
    let n = conn.execute(
        "UPDATE submissions SET claimed_by = ?2, claimed_until = ?4
         WHERE id = ?1 AND (claimed_by IS NULL OR claimed_by = ?2 OR claimed_until < ?3)",
        params![id, moderator_id, now, until],
    )?;
    Ok(n == 1)
}

/// Hands a claim to another moderator (or releases it with `None`).
pub fn set_claim(
    conn: &Connection,
    id: &SubmissionId,
    moderator_id: Option<ModeratorId>,
    until: Option<i64>,
) -> Result<()> {
    conn.execute(
        "UPDATE submissions SET claimed_by = ?2, claimed_until = ?3 WHERE id = ?1",
        params![id, moderator_id, until],
    )?;
    Ok(())
}
