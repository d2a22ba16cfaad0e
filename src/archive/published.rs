//! Published stories after publication: unpublishing with a policy reason, editing as a new
//! version, readers' reports, and the append-only audit log that records every action.

use rusqlite::Transaction;

use super::moderation::content_hash;
use super::{Archive, ArchiveError, Result, SignedIn};
use crate::dates::{now_unix, Day, Month};
use crate::ids::StoryId;
use crate::policy;
use crate::store::{
    self, AuditAction, AuditEntry, Decision, DecisionKind, Moderator, Report, Sender, StoryState,
    StoryVersion,
};

/// Appends a line to the audit log, stamped now.
pub(super) fn audit(
    tx: &Transaction<'_>,
    who: &Moderator,
    action: AuditAction,
    target: impl std::fmt::Display,
    reason: Option<&str>,
) -> Result<()> {
    store::audit(
        tx,
        &AuditEntry {
            at: now_unix(),
            moderator: who.name.clone(),
            action,
            target: Some(target.to_string()),
            reason: reason.map(str::to_owned),
        },
    )?;
    Ok(())
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
                &Decision {
                    decision: DecisionKind::Unpublished,
                    reason: Some(reason.code.clone()),
                    submitted_on: None,
                    decided_on: Day::today().to_string(),
                    redacted: false,
                },
            )?;
            audit(tx, m, AuditAction::Unpublish, story_id, Some(&reason.code))
        })?;
        self.wait_for_index();
        Ok(())
    }

    /// Edits a published story: a new immutable version; earlier versions stay readable.
    pub fn edit_published(
        &self,
        story_id: &StoryId,
        who: &SignedIn,
        title: &str,
        body: &str,
        note: &str,
    ) -> Result<i64> {
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
        let version = self.store.write(|tx| {
            let story = store::story(tx, story_id)?
                .filter(|s| s.state == StoryState::Published)
                .ok_or(ArchiveError::NotFound)?;
            let current = store::version(tx, &story.id, None)?.ok_or(ArchiveError::NotFound)?;
            let n = store::insert_version(
                tx,
                &StoryVersion {
                    title: title.clone(),
                    body: body.clone(),
                    published_month: Month::current().to_string(),
                    change_note: (!note.is_empty()).then(|| note.chars().take(500).collect()),
                    redacted: true,
                    content_sha256: content_hash(&title, &body),
                    ..current
                },
            )?;
            store::enqueue_index(tx, &story.id, store::IndexOp::Upsert)?;
            audit(
                tx,
                m,
                AuditAction::EditPublished,
                &story.id,
                Some(&format!("version {n}")),
            )?;
            Ok::<_, ArchiveError>(n)
        })?;
        self.wait_for_index();
        Ok(version)
    }

    /// A reader reports a published story.
    pub fn report(&self, story_id: &StoryId, reason: &str, details: &str) -> Result<()> {
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
}
