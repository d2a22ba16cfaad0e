//! What a moderator reads: the queue, a page at a time, with what to know before opening an
//! item; one submission's review; the rule for when a claim on it has lapsed; and the analysis
//! of a text (identifiers, themes, length), made once whenever the text changes and stored.

use serde::{Deserialize, Serialize};

use super::{Archive, ArchiveError, Result};
use crate::dates::{now_unix, Day};
use crate::ids::{ModeratorId, StoryId, SubmissionId};
use crate::pii::{self, Finding, Kind};
use crate::store::{self, Approval, Claim, Moderator, Status, Submission};

/// Queue items on one page.
pub const QUEUE_PAGE_SIZE: usize = 50;

/// What a text under review contains, as stored beside it (`submissions.analysis`). Scanning
/// for identifiers is the costly part of showing the queue, so it is done when the text
/// changes (submission, the contributor's edit, a moderator's redaction), never when it is read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Analysis {
    words: usize,
    suggested_themes: Vec<String>,
    findings: Vec<StoredFinding>,
}

/// A [`Finding`] as stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StoredFinding {
    kind: Kind,
    start: usize,
    end: usize,
    text: String,
    reason: String,
}

impl Analysis {
    fn of(text: &str) -> Self {
        Self {
            words: text.split_whitespace().count(),
            suggested_themes: crate::taxonomy::suggest_themes(text),
            findings: pii::find_identifiers(text)
                .into_iter()
                .map(|f| StoredFinding {
                    kind: f.kind,
                    start: f.start,
                    end: f.end,
                    text: f.text,
                    reason: f.reason,
                })
                .collect(),
        }
    }

    fn read(stored: Option<&str>) -> Option<Self> {
        serde_json::from_str(stored?).ok()
    }

    /// Whether every finding still points at its own words in `text` (a cheap check that the
    /// stored analysis belongs to this text).
    fn fits(&self, text: &str) -> bool {
        self.findings
            .iter()
            .all(|f| text.get(f.start..f.end) == Some(f.text.as_str()))
    }

    fn findings(&self) -> Vec<Finding> {
        self.findings
            .iter()
            .map(|f| Finding {
                kind: f.kind,
                start: f.start,
                end: f.end,
                text: f.text.clone(),
                reason: f.reason.clone(),
            })
            .collect()
    }
}

/// The stored form of what `text` contains; call whenever the text under review changes.
pub(super) fn analyse(text: &str) -> String {
    serde_json::to_string(&Analysis::of(text)).expect("an analysis always serialises")
}

/// Who is working on a submission, as one moderator sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimState {
    /// Nobody holds a live claim.
    Free,
    /// The viewer does.
    Mine,
    /// A colleague, by name.
    Theirs(String),
}

/// The claim on `s`, unless it lapsed before `now`: a lapsed claim no longer holds anyone off.
pub(super) fn live_claim(s: &Submission, now: i64) -> Option<&Claim> {
    s.claim.as_ref().filter(|c| c.until > now)
}

/// A queue entry, with what a moderator should know before opening it.
#[derive(Debug, Clone, Serialize)]
pub struct QueueItem {
    /// Submission id.
    pub id: SubmissionId,
    /// Title.
    pub title: String,
    /// Days since it arrived.
    pub waiting_days: i64,
    /// Length in words.
    pub words: usize,
    /// Identifier findings by kind label.
    pub findings: Vec<(String, usize)>,
    /// Suggested themes.
    pub themes: Vec<String>,
    /// Content warnings given or suggested.
    pub content_warnings: Vec<String>,
    /// Possible immediate risk.
    pub urgent: bool,
    /// A moderator's redaction waits for the contributor.
    pub awaiting_signoff: bool,
    /// Approvals so far.
    pub approvals: usize,
    /// Claimed by someone, while the claim lasts.
    pub claimed_by: Option<String>,
}

/// One page of the queue.
#[derive(Debug, Clone)]
pub struct QueuePage {
    /// The items on it, urgent first, then oldest first.
    pub items: Vec<QueueItem>,
    /// Its number, from 1.
    pub page: usize,
    /// How many submissions wait in all.
    pub total: usize,
    /// Edits of published stories waiting for approval or sign-off.
    pub edits: Vec<PendingEdit>,
}

impl QueuePage {
    /// Whether a later page has items.
    pub fn has_next(&self) -> bool {
        self.page * QUEUE_PAGE_SIZE < self.total
    }
}

/// An edit of a published story waiting to become its next version.
#[derive(Debug, Clone)]
pub struct PendingEdit {
    /// The story.
    pub story_id: StoryId,
    /// Its new title.
    pub title: String,
    /// Approvals so far.
    pub approvals: usize,
    /// Still waits for the contributor to accept it.
    pub awaiting_signoff: bool,
}

/// Everything the review page needs.
#[derive(Debug, Clone)]
pub struct Review {
    /// The submission.
    pub submission: Submission,
    /// The text under review: the redaction awaiting sign-off if there is one, else the body.
    pub shown: String,
    /// `shown` rendered as the public would see it, with each finding marked.
    pub marked_html: String,
    /// Identifier findings in `shown`.
    pub findings: Vec<Finding>,
    /// Identifier findings in the title (offsets into `submission.title`).
    pub title_findings: Vec<Finding>,
    /// Safeguarding signals.
    pub risk: Vec<crate::safeguarding::RiskSignal>,
    /// The conversation.
    pub messages: Vec<store::Message>,
    /// Approvals so far, with the approvers' names.
    pub approvals: Vec<(String, Approval)>,
    /// Other moderators, for "pass to a colleague".
    pub colleagues: Vec<(ModeratorId, String)>,
    /// Suggested themes.
    pub suggested_themes: Vec<String>,
    /// Who, if anyone, is working on it, as the viewer sees it.
    pub claim: ClaimState,
    /// SHA-256 of the title and the text shown: an approval carries it back, so that it is
    /// refused if the text changed in the meantime.
    pub content_sha256: String,
}

impl Archive {
    /// One page of the queue (`page` from 1): urgent first, then oldest first. Reads only what
    /// the queue shows; the texts stay in the database.
    pub fn queue(&self, page: usize) -> Result<QueuePage> {
        let page = page.max(1);
        let offset = (page - 1).saturating_mul(QUEUE_PAGE_SIZE);
        let (rows, total, edits) = self.store.read(|c| {
            let mut rows = store::queue_page(
                c,
                QUEUE_PAGE_SIZE as i64,
                i64::try_from(offset).unwrap_or(i64::MAX),
            )?;
            // Rows the start-up pass has not reached yet are analysed here, once each.
            for row in rows.iter_mut().filter(|r| r.analysis.is_none()) {
                let text = store::text_under_review(c, &row.id)?.unwrap_or_default();
                row.analysis = Some(analyse(&text));
            }
            let edits = store::pending_edits(c)?;
            Ok::<_, ArchiveError>((rows, store::queue_length(c)?, edits))
        })?;
        let today = Day::today();
        let now = now_unix();
        let items = rows
            .into_iter()
            .map(|row| {
                let analysis = Analysis::read(row.analysis.as_deref()).unwrap_or_default();
                let mut counts: Vec<(String, usize)> = Vec::new();
                // The title is checked like the body; it is short, so it is scanned here.
                let title_kinds = pii::find_identifiers(&row.title)
                    .into_iter()
                    .map(|f| f.kind);
                for kind in analysis.findings.iter().map(|f| f.kind).chain(title_kinds) {
                    let label = kind.label().to_owned();
                    match counts.iter_mut().find(|(l, _)| *l == label) {
                        Some(entry) => entry.1 += 1,
                        None => counts.push((label, 1)),
                    }
                }
                let mut themes = row.themes;
                for t in analysis.suggested_themes {
                    if !themes.contains(&t) {
                        themes.push(t);
                    }
                }
                QueueItem {
                    waiting_days: Day::parse(&row.submitted_on)
                        .map_or(0, |day| today.days_since(day)),
                    words: analysis.words,
                    findings: counts,
                    themes,
                    content_warnings: row.content_warnings,
                    urgent: row.urgent,
                    awaiting_signoff: row.awaiting_signoff,
                    approvals: row.approvals as usize,
                    claimed_by: row.claim.filter(|c| c.until > now).map(|c| c.by_name),
                    id: row.id,
                    title: row.title,
                }
            })
            .collect();
        Ok(QueuePage {
            items,
            page,
            total: total as usize,
            edits: edits
                .into_iter()
                .map(
                    |(story_id, title, approvals, awaiting_signoff)| PendingEdit {
                        story_id,
                        title,
                        approvals: approvals as usize,
                        awaiting_signoff,
                    },
                )
                .collect(),
        })
    }

    /// Analyses every text that has no stored analysis (submissions from before analyses were
    /// stored); run at start-up. Returns how many it analysed.
    pub(super) fn analyse_unanalysed(&self) -> Result<usize> {
        let mut done = 0;
        loop {
            let batch = self
                .store
                .read(|c| Ok::<_, ArchiveError>(store::unanalysed(c, 100)?))?;
            if batch.is_empty() {
                return Ok(done);
            }
            let analysed: Vec<_> = batch
                .into_iter()
                .map(|(id, text)| (id, analyse(&text)))
                .collect();
            done += analysed.len();
            self.store.write(|tx| {
                for (id, analysis) in &analysed {
                    store::set_analysis(tx, id, analysis)?;
                }
                Ok::<_, ArchiveError>(())
            })?;
        }
    }

    /// Everything needed to review one submission.
    pub fn review(&self, id: &SubmissionId, viewer: &Moderator) -> Result<Review> {
        let (submission, messages, approvals, colleagues) = self.store.read(|c| {
            let s = store::submission(c, id)?.ok_or(ArchiveError::NotFound)?;
            if s.status == Status::Withdrawn {
                return Err(ArchiveError::NotFound);
            }
            let messages = store::messages(c, id)?;
            let mut approvals = Vec::new();
            for a in store::approvals(c, id)? {
                let name = store::moderator_by_id(c, a.moderator_id)?
                    .map_or_else(|| "unknown".to_owned(), |m| m.name);
                approvals.push((name, a));
            }
            let colleagues = store::colleagues(c, viewer.id)?;
            Ok::<_, ArchiveError>((s, messages, approvals, colleagues))
        })?;
        let shown = submission
            .proposed_body
            .clone()
            .unwrap_or_else(|| submission.body.clone());
        // The stored analysis, unless it is missing or does not fit the text (then scan now).
        let analysis = Analysis::read(submission.analysis.as_deref())
            .filter(|a| a.fits(&shown))
            .unwrap_or_else(|| Analysis::of(&shown));
        let findings = analysis.findings();
        let claim = match live_claim(&submission, now_unix()) {
            None => ClaimState::Free,
            Some(c) if c.by == viewer.id => ClaimState::Mine,
            Some(c) => ClaimState::Theirs(c.by_name.clone()),
        };
        Ok(Review {
            claim,
            // Rendered with the rest of the use-case, so callers never render Markdown themselves.
            marked_html: super::highlighted_html(&shown, &findings),
            risk: crate::safeguarding::assess(&shown),
            suggested_themes: analysis.suggested_themes,
            content_sha256: super::content_hash(&submission.title, &shown),
            title_findings: pii::find_identifiers(&submission.title),
            findings,
            shown,
            messages,
            approvals,
            colleagues,
            submission,
        })
    }
}
