//! Deciding about submissions: claims, approval with the optional two-person rule, publication,
//! requests for changes, declines, redactions, and messages to the contributor.

use rusqlite::Transaction;
use serde::Serialize;

use super::queue::live_claim;
use super::{audit, content_hash, Archive, ArchiveError, Result, SignedIn, TEXT_CHANGED};
use crate::dates::{now_unix, Day, Month};
use crate::ids::{ModeratorId, StoryId, SubmissionId};
use crate::policy;
use crate::store::{
    self, Approval, AuditAction, Decision, DecisionKind, Moderator, Sender, Status, StoryVersion,
    Submission,
};
use crate::taxonomy::{taxonomy, Taxonomy};

/// What an approval led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ApproveOutcome {
    /// Published under this id.
    Published {
        /// The public story id.
        story_id: StoryId,
    },
    /// Waiting for a second, different moderator.
    AwaitingSecondApproval,
    /// Waiting for the contributor to accept a redaction.
    AwaitingSignoff,
}

/// Publishes a submission if it has enough approvals from different moderators and no
/// redaction awaits the contributor. Returns the new story's id when it did.
pub(super) fn publish_if_ready(
    tx: &Transaction<'_>,
    submission_id: &SubmissionId,
    required: usize,
) -> Result<Option<StoryId>> {
    let Some(s) = store::submission(tx, submission_id)? else {
        return Err(ArchiveError::NotFound);
    };
    let approvals = store::approvals(tx, submission_id)?;
    if s.status != Status::Pending || s.proposed_body.is_some() || approvals.len() < required {
        return Ok(None);
    }
    let latest = approvals.last().expect("at least one approval");
    let story_id = StoryId::generate();
    let month = Month::current();
    let day = Day::today();
    store::insert_story(tx, &story_id, &s.id, month, s.illustrative)?;
    store::insert_version(
        tx,
        &StoryVersion {
            story_id: story_id.clone(),
            version: 1,
            title: s.title.clone(),
            body: s.body.clone(),
            themes: latest.themes.clone(),
            roles: s.facts.roles.clone(),
            settings: s.facts.settings.clone(),
            period: s.facts.period.clone(),
            content_warnings: latest.content_warnings.clone(),
            licence: s.licence.clone(),
            first_hand: s.facts.first_hand,
            published_month: month.to_string(),
            change_note: latest.change_note.clone(),
            redacted: s.redacted,
            content_sha256: content_hash(&s.title, &s.body),
        },
    )?;
    store::set_status(tx, &s.id, Status::Published, Some(day))?;
    store::set_claim(tx, &s.id, None, None)?;
    store::enqueue_index(tx, &story_id, store::IndexOp::Upsert)?;
    store::record_decision(
        tx,
        &Decision::today(
            DecisionKind::Published,
            None,
            Some(&s.submitted_on),
            s.redacted,
        ),
    )?;
    Ok(Some(story_id))
}

impl Archive {
    /// Loads a submission for an action, refusing if another moderator holds a live claim.
    fn for_action(
        &self,
        tx: &Transaction<'_>,
        id: &SubmissionId,
        who: &Moderator,
    ) -> Result<Submission> {
        let s = store::submission(tx, id)?.ok_or(ArchiveError::NotFound)?;
        let now = now_unix();
        if let Some(c) = live_claim(&s, now).filter(|c| c.by != who.id) {
            return Err(ArchiveError::Conflict(format!(
                "{} is working on this submission. Their claim expires in {} minutes.",
                c.by_name,
                (c.until - now + 59) / 60
            )));
        }
        Ok(s)
    }

    fn require_status(s: &Submission, allowed: &[Status], what: &str) -> Result<()> {
        if allowed.contains(&s.status) {
            Ok(())
        } else {
            Err(ArchiveError::Conflict(format!(
                "This submission is {}, so it cannot be {what}.",
                s.status.as_str().replace('_', " ")
            )))
        }
    }

    /// Claims a submission so colleagues do not review it at the same time.
    pub fn claim(&self, id: &SubmissionId, who: &SignedIn) -> Result<()> {
        let now = now_unix();
        let until = now + self.config.claim_minutes as i64 * 60;
        let m = who.moderator();
        self.store.write(|tx| {
            let s = store::submission(tx, id)?.ok_or(ArchiveError::NotFound)?;
            Self::require_status(&s, &[Status::Pending, Status::ChangesRequested], "claimed")?;
            if !store::claim(tx, id, m.id, now, until)? {
                return Err(ArchiveError::Conflict(
                    "Someone else is working on this submission.".into(),
                ));
            }
            audit(tx, m, AuditAction::Claim, id, None)
        })
    }

    /// Skips an item: releases any claim of ours, so it goes back to the queue.
    pub fn skip(&self, id: &SubmissionId, who: &SignedIn) -> Result<()> {
        let m = who.moderator();
        self.store.write(|tx| {
            let s = self.for_action(tx, id, m)?;
            if s.claim.as_ref().is_some_and(|c| c.by == m.id) {
                store::set_claim(tx, id, None, None)?;
            }
            audit(tx, m, AuditAction::Skip, id, None)
        })
    }

    /// Passes an item to a colleague: the claim moves to them.
    pub fn pass_to(
        &self,
        id: &SubmissionId,
        who: &SignedIn,
        colleague: ModeratorId,
    ) -> Result<String> {
        let m = who.moderator();
        let until = now_unix() + self.config.claim_minutes as i64 * 60 * 4;
        self.store.write(|tx| {
            self.for_action(tx, id, m)?;
            let other = store::moderator_by_id(tx, colleague)?
                .filter(|o| !o.disabled && o.id != m.id)
                .ok_or_else(|| ArchiveError::Invalid(vec!["Please choose a colleague.".into()]))?;
            store::set_claim(tx, id, Some(other.id), Some(until))?;
            audit(tx, m, AuditAction::Pass, id, Some(&other.name))?;
            Ok(other.name)
        })
    }

    /// Approves with themes and content warnings. Publishes when enough different moderators
    /// have approved and no redaction waits for the contributor.
    ///
    /// `reviewed_sha256` is the [`content_hash`] of the title and text the moderator was shown
    /// (the review page sends it). If it is given and the text has changed since, the approval
    /// is refused: it would be of words nobody reviewed. Without it (older scripted clients,
    /// whose form contract has only `themes` and `content_warnings`) the approval is accepted
    /// as before; approvals are cleared whenever the text changes, so none outlives its text.
    pub fn approve(
        &self,
        id: &SubmissionId,
        who: &SignedIn,
        themes: &[String],
        warnings: &[String],
        note: &str,
        reviewed_sha256: Option<&str>,
    ) -> Result<ApproveOutcome> {
        let m = who.moderator();
        let t = taxonomy();
        let themes = t.known_themes(themes);
        let warnings = Taxonomy::known(&t.content_warnings, warnings);
        let note = note.trim();
        let required = self.config.approvals_required as usize;
        let outcome = self.store.write(|tx| -> Result<ApproveOutcome> {
            let s = self.for_action(tx, id, m)?;
            Self::require_status(&s, &[Status::Pending], "approved")?;
            let shown = s.proposed_body.as_deref().unwrap_or(&s.body);
            if let Some(reviewed) = reviewed_sha256 {
                if !reviewed
                    .trim()
                    .eq_ignore_ascii_case(&content_hash(&s.title, shown))
                {
                    return Err(ArchiveError::Conflict(TEXT_CHANGED.into()));
                }
            }
            store::add_approval(
                tx,
                id,
                &Approval {
                    moderator_id: m.id,
                    themes,
                    content_warnings: warnings,
                    change_note: (!note.is_empty()).then(|| note.chars().take(500).collect()),
                },
            )?;
            audit(tx, m, AuditAction::Approve, id, None)?;
            store::note_review(tx, &who.id_hash, now_unix(), 15 * 60)?;
            if let Some(story_id) = publish_if_ready(tx, id, required)? {
                audit(tx, m, AuditAction::Publish, &story_id, None)?;
                return Ok(ApproveOutcome::Published { story_id });
            }
            let s = store::submission(tx, id)?.ok_or(ArchiveError::NotFound)?;
            Ok(if s.proposed_body.is_some() {
                ApproveOutcome::AwaitingSignoff
            } else {
                ApproveOutcome::AwaitingSecondApproval
            })
        })?;
        if matches!(outcome, ApproveOutcome::Published { .. }) {
            self.wait_for_index();
        }
        Ok(outcome)
    }

    /// Asks the contributor for changes, with a message they read through their receipt.
    pub fn request_changes(&self, id: &SubmissionId, who: &SignedIn, message: &str) -> Result<()> {
        let m = who.moderator();
        let message = required_message(message)?;
        self.store.write(|tx| {
            let s = self.for_action(tx, id, m)?;
            Self::require_status(&s, &[Status::Pending], "sent back for changes")?;
            store::add_message(tx, id, Sender::Moderator, &message, Day::today())?;
            store::set_status(tx, id, Status::ChangesRequested, None)?;
            store::set_claim(tx, id, None, None)?;
            store::record_decision(
                tx,
                &Decision::today(
                    DecisionKind::ChangesRequested,
                    None,
                    Some(&s.submitted_on),
                    false,
                ),
            )?;
            store::note_review(tx, &who.id_hash, now_unix(), 15 * 60)?;
            audit(tx, m, AuditAction::RequestChanges, id, None)
        })
    }

    /// Declines with a reason code from `moderation.md` and an optional message.
    pub fn decline(
        &self,
        id: &SubmissionId,
        who: &SignedIn,
        reason: &str,
        message: &str,
    ) -> Result<()> {
        let m = who.moderator();
        let reason = policy::reason(reason.trim()).ok_or_else(|| {
            ArchiveError::Invalid(vec![
                "Please choose a reason from the moderation policy.".into()
            ])
        })?;
        let message = clean_optional(message)?;
        self.store.write(|tx| {
            let s = self.for_action(tx, id, m)?;
            Self::require_status(&s, &[Status::Pending, Status::ChangesRequested], "declined")?;
            if let Some(text) = &message {
                store::add_message(tx, id, Sender::Moderator, text, Day::today())?;
            }
            store::set_decline_reason(tx, id, &reason.code)?;
            store::set_status(tx, id, Status::Declined, Some(Day::today()))?;
            store::set_claim(tx, id, None, None)?;
            store::record_decision(
                tx,
                &Decision::today(
                    DecisionKind::Declined,
                    Some(reason.code.clone()),
                    Some(&s.submitted_on),
                    false,
                ),
            )?;
            store::note_review(tx, &who.id_hash, now_unix(), 15 * 60)?;
            audit(tx, m, AuditAction::Decline, id, Some(&reason.code))
        })
    }

    /// Proposes a redacted text; the contributor sees the diff and must accept it before publication.
    pub fn redact(
        &self,
        id: &SubmissionId,
        who: &SignedIn,
        body: &str,
        message: &str,
    ) -> Result<()> {
        let m = who.moderator();
        let body = super::clean_text(body);
        if body.trim().is_empty() {
            return Err(ArchiveError::Invalid(vec![
                "The redacted text is empty. To refuse the story, decline it instead.".into(),
            ]));
        }
        if body.len() > super::MAX_BODY_BYTES {
            return Err(ArchiveError::TooLarge(
                "The redacted text is too long.".into(),
            ));
        }
        let message = clean_optional(message)?;
        let analysis = super::queue::analyse(&body);
        self.store.write(|tx| {
            let s = self.for_action(tx, id, m)?;
            Self::require_status(&s, &[Status::Pending, Status::ChangesRequested], "redacted")?;
            if body == s.body {
                return Err(ArchiveError::Invalid(vec![
                    "The text is unchanged, so there is nothing to send for sign-off.".into(),
                ]));
            }
            store::set_proposed_body(tx, id, &body, &analysis)?;
            // Approvals were of the text before this redaction; the new one needs its own.
            store::clear_approvals(tx, id)?;
            if let Some(text) = &message {
                store::add_message(tx, id, Sender::Moderator, text, Day::today())?;
            }
            store::note_review(tx, &who.id_hash, now_unix(), 15 * 60)?;
            audit(tx, m, AuditAction::Redact, id, None)
        })
    }

    /// Sends the contributor a message.
    pub fn message(&self, id: &SubmissionId, who: &SignedIn, message: &str) -> Result<()> {
        let m = who.moderator();
        let message = required_message(message)?;
        self.store.write(|tx| {
            let s = store::submission(tx, id)?.ok_or(ArchiveError::NotFound)?;
            if s.status == Status::Withdrawn {
                return Err(ArchiveError::NotFound);
            }
            store::add_message(tx, id, Sender::Moderator, &message, Day::today())?;
            audit(tx, m, AuditAction::Message, id, None)
        })
    }
}

fn required_message(message: &str) -> Result<String> {
    clean_optional(message)?
        .ok_or_else(|| ArchiveError::Invalid(vec!["Please write a message.".into()]))
}

fn clean_optional(message: &str) -> Result<Option<String>> {
    let message = super::clean_text(message.trim());
    if message.chars().count() > super::MAX_MESSAGE_CHARS {
        return Err(ArchiveError::TooLarge(format!(
            "Messages can be up to {} characters.",
            super::MAX_MESSAGE_CHARS
        )));
    }
    Ok((!message.is_empty()).then_some(message))
}
