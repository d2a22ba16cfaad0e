//! What a moderator reads: the queue with what to know before opening an item, one
//! submission's review, and the rule for when a claim on it has lapsed.

use serde::Serialize;

use super::{Archive, ArchiveError, Result};
use crate::dates::{now_unix, Day};
use crate::ids::{ModeratorId, SubmissionId};
use crate::pii::{self, Finding};
use crate::store::{self, Approval, Claim, Moderator, Status, Submission};

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
}

impl Archive {
    /// The queue: urgent first, then oldest first.
    pub fn queue(&self) -> Result<Vec<QueueItem>> {
        let (subs, approvals) = self.store.read(|c| {
            let subs = store::queue(c)?;
            let mut approvals = Vec::with_capacity(subs.len());
            for s in &subs {
                approvals.push(store::approvals(c, &s.id)?.len());
            }
            Ok::<_, ArchiveError>((subs, approvals))
        })?;
        let today = Day::today();
        let now = now_unix();
        Ok(subs
            .into_iter()
            .zip(approvals)
            .map(|(s, approvals)| {
                let mut counts: Vec<(String, usize)> = Vec::new();
                for f in pii::find_identifiers(&s.body) {
                    let label = f.kind.label().to_owned();
                    match counts.iter_mut().find(|(l, _)| *l == label) {
                        Some(entry) => entry.1 += 1,
                        None => counts.push((label, 1)),
                    }
                }
                let mut themes = s.facts.themes.clone();
                for t in crate::taxonomy::suggest_themes(&s.body) {
                    if !themes.contains(&t) {
                        themes.push(t);
                    }
                }
                QueueItem {
                    waiting_days: Day::parse(&s.submitted_on)
                        .map_or(0, |day| today.days_since(day)),
                    words: s.body.split_whitespace().count(),
                    findings: counts,
                    themes,
                    content_warnings: s.facts.content_warnings.clone(),
                    urgent: s.urgent,
                    awaiting_signoff: s.proposed_body.is_some(),
                    approvals,
                    claimed_by: live_claim(&s, now).map(|c| c.by_name.clone()),
                    id: s.id,
                    title: s.title,
                }
            })
            .collect())
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
        let findings = pii::find_identifiers(&shown);
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
            suggested_themes: crate::taxonomy::suggest_themes(&shown),
            findings,
            shown,
            messages,
            approvals,
            colleagues,
            submission,
        })
    }
}
