//! Published stories after publication: unpublishing with a policy reason, editing as a new
//! version, readers' reports, and the append-only audit log that records every action.

use rusqlite::Transaction;

use super::{audit, content_hash, Archive, ArchiveError, Result, SignedIn};
use crate::dates::{now_unix, Day, Month};
use crate::ids::StoryId;
use crate::policy;
use crate::store::{
    self, AuditAction, AuditEntry, ContributorAction, Decision, DecisionKind, Report, Sender,
    StoryEdit, StoryState, StoryVersion,
};

/// What proposing or approving an edit of a published story led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditOutcome {
    /// Published as this version.
    Published {
        /// The new version's number.
        version: i64,
    },
    /// Waiting for a second, different moderator.
    AwaitingSecondApproval,
    /// Waiting for the contributor to accept the change to their words.
    AwaitingSignoff,
}

/// A published story as the edit page shows it.
#[derive(Debug, Clone)]
pub struct EditView {
    /// The latest version.
    pub current: StoryVersion,
    /// The edit waiting to become the next version, with its approvers' names.
    pub pending: Option<(StoryEdit, Vec<String>)>,
}

/// Publishes a story's waiting edit as its next version if enough different moderators have
/// approved it and, where needed, the contributor accepted it. Returns the version number.
pub(super) fn publish_edit_if_ready(
    tx: &Transaction<'_>,
    story_id: &StoryId,
    required: usize,
) -> Result<Option<i64>> {
    let Some(edit) = store::pending_edit(tx, story_id)? else {
        return Ok(None);
    };
    let published = store::story(tx, story_id)?.is_some_and(|s| s.state == StoryState::Published);
    let approvals = store::edit_approvers(tx, story_id)?.len();
    if !published || approvals < required || (edit.needs_signoff && !edit.signed_off) {
        return Ok(None);
    }
    let current = store::version(tx, story_id, None)?.ok_or(ArchiveError::NotFound)?;
    let n = store::insert_version(
        tx,
        &StoryVersion {
            published_month: Month::current().to_string(),
            change_note: edit.change_note,
            redacted: true,
            content_sha256: content_hash(&edit.title, &edit.body),
            title: edit.title,
            body: edit.body,
            ..current
        },
    )?;
    store::drop_edit(tx, story_id)?;
    store::enqueue_index(tx, story_id, store::IndexOp::Upsert)?;
    store::audit(
        tx,
        &AuditEntry {
            // Publication may follow the contributor's sign-off: their time is kept to the day.
            at: crate::dates::day_start_unix(now_unix()),
            moderator: "system".into(),
            action: AuditAction::EditPublished,
            target: Some(story_id.to_string()),
            reason: Some(format!("version {n}")),
        },
    )?;
    Ok(Some(n))
}

/// Publishes the edit if it is ready; otherwise says what it waits for.
fn edit_outcome(tx: &Transaction<'_>, story_id: &StoryId, required: usize) -> Result<EditOutcome> {
    if let Some(version) = publish_edit_if_ready(tx, story_id, required)? {
        return Ok(EditOutcome::Published { version });
    }
    let edit = store::pending_edit(tx, story_id)?.ok_or(ArchiveError::NotFound)?;
    let approved = store::edit_approvers(tx, story_id)?.len() >= required;
    Ok(if approved && edit.needs_signoff && !edit.signed_off {
        EditOutcome::AwaitingSignoff
    } else {
        EditOutcome::AwaitingSecondApproval
    })
}

impl Archive {
    /// Takes a published story down, with a policy reason; its address then says so.
    pub fn unpublish(&self, story_id: &StoryId, who: &SignedIn, reason: &str) -> Result<()> {
        let m = who.moderator();
        let reason = policy::reason(reason.trim()).ok_or_else(|| {
            ArchiveError::Invalid(vec![
                "Please choose a reason from the moderation policy.".into()
            ])
        })?;
        self.store.write(|tx| {
            if !store::unpublish(tx, story_id, Month::current(), &reason.code)? {
                return Err(ArchiveError::NotFound);
            }
            // The author hears about it on their receipt page, and can answer there.
            if let Some(submission) = store::story(tx, story_id)?.and_then(|s| s.submission_id) {
                let note = format!(
                    "We have taken your story down from the archive. The reason, from our moderation policy: {}. You can reply here within 60 days if you think this is wrong.",
                    reason.title
                );
                store::add_message(tx, &submission, Sender::Moderator, &note, Day::today())?;
            }
            store::enqueue_index(tx, story_id, store::IndexOp::Delete)?;
            store::resolve_reports(tx, story_id)?;
            store::record_decision(
                tx,
                &Decision::today(DecisionKind::Unpublished, Some(reason.code.clone()), None, false),
            )?;
            audit(tx, m, AuditAction::Unpublish, story_id, Some(&reason.code))
        })?;
        self.wait_for_index();
        Ok(())
    }

    /// Proposes an edit of a published story, to become its next immutable version (earlier
    /// versions stay readable). It follows the rule for submissions: it is published once
    /// `approvals_required` different moderators approved it (the proposer is the first), and,
    /// when it changes the contributor's words and they hold a receipt, once they accept it.
    pub fn edit_published(
        &self,
        story_id: &StoryId,
        who: &SignedIn,
        title: &str,
        body: &str,
        note: &str,
    ) -> Result<EditOutcome> {
        let m = who.moderator();
        let title = super::clean_title(title);
        let body = super::clean_text(body);
        if title.is_empty() || body.trim().is_empty() {
            return Err(ArchiveError::Invalid(vec![
                "A version needs a title and a text.".into(),
            ]));
        }
        if let Some(refusal) = super::title_too_long(&title) {
            return Err(ArchiveError::Invalid(vec![refusal]));
        }
        if body.len() > super::MAX_BODY_BYTES {
            return Err(ArchiveError::TooLarge("The text is too long.".into()));
        }
        let note = note.trim();
        let required = self.config.approvals_required as usize;
        let outcome = self.store.write(|tx| {
            let story = store::story(tx, story_id)?
                .filter(|s| s.state == StoryState::Published)
                .ok_or(ArchiveError::NotFound)?;
            let current = store::version(tx, &story.id, None)?.ok_or(ArchiveError::NotFound)?;
            let words_changed = title != current.title || body != current.body;
            if !words_changed {
                return Err(ArchiveError::Invalid(vec![
                    "The title and text are unchanged, so there is no new version to make.".into(),
                ]));
            }
            let author = match &story.submission_id {
                Some(id) => store::submission(tx, id)?,
                None => None,
            };
            let needs_signoff = author.as_ref().is_some_and(|s| s.contributor_reachable);
            store::propose_edit(
                tx,
                &StoryEdit {
                    story_id: story.id.clone(),
                    base_version: current.version,
                    content_sha256: content_hash(&title, &body),
                    title: title.clone(),
                    body: body.clone(),
                    change_note: (!note.is_empty()).then(|| note.chars().take(500).collect()),
                    needs_signoff,
                    signed_off: false,
                    proposed_by: m.id,
                },
            )?;
            store::approve_edit(tx, &story.id, m.id)?;
            audit(tx, m, AuditAction::ProposeEdit, &story.id, None)?;
            if let (true, Some(author)) = (needs_signoff, &author) {
                store::add_message(
                    tx,
                    &author.id,
                    Sender::Moderator,
                    "We would like to change the words of your published story. The changes are shown on this page; nothing is changed unless you accept them.",
                    Day::today(),
                )?;
            }
            edit_outcome(tx, &story.id, required)
        })?;
        if matches!(outcome, EditOutcome::Published { .. }) {
            self.wait_for_index();
        }
        Ok(outcome)
    }

    /// A moderator approves a story's waiting edit. `reviewed_sha256`, when given, is the
    /// [`content_hash`] of the edit they were shown; if the edit has been replaced since, the
    /// approval is refused.
    pub fn approve_edit(
        &self,
        story_id: &StoryId,
        who: &SignedIn,
        reviewed_sha256: Option<&str>,
    ) -> Result<EditOutcome> {
        let m = who.moderator();
        let required = self.config.approvals_required as usize;
        let outcome = self.store.write(|tx| {
            store::story(tx, story_id)?
                .filter(|s| s.state == StoryState::Published)
                .ok_or(ArchiveError::NotFound)?;
            let edit = store::pending_edit(tx, story_id)?.ok_or_else(|| {
                ArchiveError::Conflict("No edit of this story is waiting for approval.".into())
            })?;
            if let Some(reviewed) = reviewed_sha256 {
                if !reviewed.trim().eq_ignore_ascii_case(&edit.content_sha256) {
                    return Err(ArchiveError::Conflict(super::TEXT_CHANGED.into()));
                }
            }
            store::approve_edit(tx, story_id, m.id)?;
            audit(tx, m, AuditAction::ApproveEdit, story_id, None)?;
            edit_outcome(tx, story_id, required)
        })?;
        if matches!(outcome, EditOutcome::Published { .. }) {
            self.wait_for_index();
        }
        Ok(outcome)
    }

    /// A published story's latest version with the edit waiting for it, if any, and who has
    /// approved that edit.
    pub fn edit_view(&self, story_id: &StoryId) -> Result<EditView> {
        self.store.read(|c| {
            store::story(c, story_id)?
                .filter(|s| s.state == StoryState::Published)
                .ok_or(ArchiveError::NotFound)?;
            let current = store::version(c, story_id, None)?.ok_or(ArchiveError::NotFound)?;
            let pending = match store::pending_edit(c, story_id)? {
                Some(e) => Some((e, store::edit_approvers(c, story_id)?)),
                None => None,
            };
            Ok(EditView { current, pending })
        })
    }

    /// A reader reports a published story.
    pub fn report(&self, story_id: &StoryId, reason: &str, details: &str) -> Result<()> {
        let (reason, details) = valid_report(reason, details)?;
        self.store.write(|tx| {
            store::story(tx, story_id)?
                .filter(|s| s.state == StoryState::Published)
                .ok_or(ArchiveError::NotFound)?;
            store::add_report(tx, story_id, reason, &details, Day::today())?;
            Ok::<_, ArchiveError>(())
        })
    }

    /// Open reports.
    pub fn reports(&self) -> Result<Vec<Report>> {
        self.store
            .read(|c| Ok::<_, ArchiveError>(store::open_reports(c)?))
    }

    /// The newest audit entries (admins only; the web layer checks the role).
    pub fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        self.store
            .read(|c| Ok::<_, ArchiveError>(store::audit_entries(c, limit)?))
    }

    /// What contributors did themselves (withdrawals, appeals), newest month first.
    pub fn contributor_log(&self, limit: i64) -> Result<Vec<ContributorAction>> {
        self.store
            .read(|c| Ok::<_, ArchiveError>(store::contributor_actions(c, limit)?))
    }
}

/// Checks a reader's report (of a story or a pack): one of the offered reasons, and details of
/// at most 2000 characters, cleaned like any typed text.
pub(super) fn valid_report<'a>(reason: &'a str, details: &str) -> Result<(&'a str, String)> {
    const REASONS: &[&str] = &["identifies-someone", "harmful", "inaccurate", "other"];
    if !REASONS.contains(&reason) {
        return Err(ArchiveError::Invalid(vec![
            "Please choose what the problem is.".into(),
        ]));
    }
    let details = super::clean_text(details.trim());
    if details.chars().count() > 2000 {
        return Err(ArchiveError::TooLarge(
            "Please keep the report to 2000 characters.".into(),
        ));
    }
    Ok((reason, details))
}
