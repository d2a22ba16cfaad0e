//! The moderator's side: sign-in and sessions, the queue, claims, approve (with the optional
//! two-person rule), request changes, decline, redact, message, unpublish, edit after
//! publication, reports, and the audit log that records every action.

use rusqlite::Transaction;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Archive, ArchiveError, Result};
use crate::auth;
use crate::ids::StoryId;
use crate::pii::{self, Finding};
use crate::store::{
    self, Approval, AuditEntry, Decision, Moderator, Role, Session, Status, StoryVersion,
    Submission,
};
use crate::taxonomy::{taxonomy, Taxonomy};
use crate::{markdown, policy};

/// A signed-in moderator, as the web layer holds it.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The session.
    pub session: Session,
    /// Hash of the session id (for sign-out and reviewing stretches).
    pub id_hash: Vec<u8>,
}

impl SignedIn {
    /// The moderator.
    pub fn moderator(&self) -> &Moderator {
        &self.session.moderator
    }
}

/// A queue entry, with what a moderator should know before opening it.
#[derive(Debug, Clone, Serialize)]
pub struct QueueItem {
    /// Submission id.
    pub id: String,
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
    /// Rendered exactly as the public would see it.
    pub html: String,
    /// Identifier findings in the body.
    pub findings: Vec<Finding>,
    /// Safeguarding signals.
    pub risk: Vec<crate::safeguarding::RiskSignal>,
    /// The conversation.
    pub messages: Vec<store::Message>,
    /// Approvals so far, with the approvers' names.
    pub approvals: Vec<(String, Approval)>,
    /// Other moderators, for "pass to a colleague".
    pub colleagues: Vec<(i64, String)>,
    /// Suggested themes.
    pub suggested_themes: Vec<String>,
}

/// What an approval led to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ApproveOutcome {
    /// Published under this id.
    Published {
        /// The public story id.
        story_id: String,
    },
    /// Waiting for a second, different moderator.
    AwaitingSecondApproval,
    /// Waiting for the contributor to accept a redaction.
    AwaitingSignoff,
}

fn audit(
    tx: &Transaction<'_>,
    who: &Moderator,
    action: &str,
    target: &str,
    reason: Option<&str>,
) -> Result<()> {
    store::audit(
        tx,
        &AuditEntry {
            at: store::now_unix(),
            moderator: who.name.clone(),
            action: action.into(),
            target: Some(target.into()),
            reason: reason.map(str::to_owned),
        },
    )?;
    Ok(())
}

fn days_between(from: &str, to: &str) -> i64 {
    let parse = |s: &str| {
        let f = time::macros::format_description!("[year]-[month]-[day]");
        time::Date::parse(s, &f).ok()
    };
    match (parse(from), parse(to)) {
        (Some(a), Some(b)) => (b - a).whole_days(),
        _ => 0,
    }
}

/// SHA-256 of a version's title and body, so a citation can be checked against the text.
pub fn content_hash(title: &str, body: &str) -> String {
    let mut h = Sha256::new();
    h.update(title.as_bytes());
    h.update(b"\n\n");
    h.update(body.as_bytes());
    crate::ids::hex(&h.finalize())
}

/// Publishes a submission if it has enough approvals from different moderators and no
/// redaction awaits the contributor. Returns the new story's id when it did.
pub(super) fn publish_if_ready(
    tx: &Transaction<'_>,
    submission_id: &str,
    required: usize,
) -> Result<Option<String>> {
    let Some(s) = store::submission(tx, submission_id)? else {
        return Err(ArchiveError::NotFound);
    };
    let approvals = store::approvals(tx, submission_id)?;
    if s.status != Status::Pending || s.proposed_body.is_some() || approvals.len() < required {
        return Ok(None);
    }
    let latest = approvals.last().expect("at least one approval");
    let story_id = StoryId::generate();
    let month = store::this_month();
    let day = store::today();
    store::insert_story(tx, story_id.as_str(), &s.id, &month, s.illustrative)?;
    store::insert_version(
        tx,
        &StoryVersion {
            story_id: story_id.to_string(),
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
            published_month: month,
            change_note: latest.change_note.clone(),
            redacted: s.redacted,
            content_sha256: content_hash(&s.title, &s.body),
        },
    )?;
    store::set_status(tx, &s.id, Status::Published, Some(&day))?;
    store::set_claim(tx, &s.id, None, None)?;
    store::enqueue_index(tx, story_id.as_str(), store::IndexOp::Upsert)?;
    store::record_decision(
        tx,
        &Decision {
            decision: "published".into(),
            reason: None,
            submitted_on: Some(s.submitted_on.clone()),
            decided_on: day,
            redacted: s.redacted,
        },
    )?;
    Ok(Some(story_id.to_string()))
}

impl Archive {
    /// Creates a moderator after checking the password policy.
    pub fn add_moderator(&self, name: &str, password: &str, role: Role) -> Result<()> {
        let name = name.trim();
        if name.is_empty()
            || name.len() > 64
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err(ArchiveError::Invalid(vec![
                "A moderator name is 1–64 letters, digits, '-', '_' or '.'.".into(),
            ]));
        }
        if let Some(problem) = auth::password_problem(password, name) {
            return Err(ArchiveError::Invalid(vec![problem]));
        }
        let hash = auth::hash_password(password);
        let created = self
            .store
            .write(|tx| Ok::<_, ArchiveError>(store::insert_moderator(tx, name, &hash, role)?))?;
        if created {
            Ok(())
        } else {
            Err(ArchiveError::Conflict(format!(
                "There is already a moderator called {name}."
            )))
        }
    }

    /// Revokes a moderator's access and ends their sessions.
    pub fn disable_moderator(&self, name: &str) -> Result<()> {
        let found = self
            .store
            .write(|tx| Ok::<_, ArchiveError>(store::disable_moderator(tx, name)?))?;
        found.then_some(()).ok_or(ArchiveError::NotFound)
    }

    /// Enrols a TOTP second factor; returns the secret for the authenticator app.
    pub fn enrol_totp(&self, name: &str) -> Result<Vec<u8>> {
        let secret = auth::totp::new_secret();
        let found = self
            .store
            .write(|tx| Ok::<_, ArchiveError>(store::set_totp_secret(tx, name, &secret)?))?;
        found.then_some(secret).ok_or(ArchiveError::NotFound)
    }

    /// Signs in: a new session id every time (so a planted one is useless), the same answer
    /// and about the same time for unknown names and wrong passwords, throttled per name.
    pub fn login(&self, name: &str, password: &str, totp: &str) -> Result<(String, SignedIn)> {
        let name = name.trim();
        if let Some(wait) = self.throttle.wait_needed(name) {
            return Err(ArchiveError::Throttled(format!(
                "Too many failed attempts for this account. Please wait {} seconds and try again.",
                wait.as_secs().max(1)
            )));
        }
        let moderator = self
            .store
            .read(|c| Ok::<_, ArchiveError>(store::moderator_by_name(c, name)?))?;
        let password_ok = match &moderator {
            Some(m) => auth::verify_password(password, &m.password_hash),
            None => {
                auth::verify_password(password, auth::dummy_hash());
                false
            }
        };
        let moderator = moderator.filter(|m| password_ok && !m.disabled);
        let moderator = match moderator {
            Some(m) => match &m.totp_secret {
                None => Some(m),
                Some(secret) => match auth::totp::verify(secret, totp, store::now_unix()) {
                    Some(step) => {
                        let fresh = self.store.write(|tx| {
                            Ok::<_, ArchiveError>(store::use_totp_step(tx, m.id, step)?)
                        })?;
                        fresh.then_some(m)
                    }
                    None => None,
                },
            },
            None => None,
        };
        let Some(moderator) = moderator else {
            self.throttle.failed(name);
            return Err(ArchiveError::Forbidden(
                "That user name, password or code is not right.".into(),
            ));
        };
        self.throttle.succeeded(name);
        let (cookie, id_hash) = auth::new_session_id();
        let csrf = auth::new_csrf_token();
        let now = store::now_unix();
        self.store.write(|tx| {
            store::insert_session(tx, &id_hash, moderator.id, &csrf, now)?;
            audit(tx, &moderator, "sign_in", &moderator.name, None)
        })?;
        let session = Session {
            moderator,
            csrf,
            created_at: now,
            last_seen: now,
            stretch_start: None,
        };
        Ok((cookie, SignedIn { session, id_hash }))
    }

    /// The live session for a cookie value, touched; expired ones are removed.
    pub fn session(&self, cookie: &str) -> Result<Option<SignedIn>> {
        let id_hash = auth::session_hash(cookie);
        let idle = self.config.session_idle_minutes as i64 * 60;
        let absolute = self.config.session_absolute_hours as i64 * 3600;
        let session = self.store.write(|tx| {
            Ok::<_, ArchiveError>(store::touch_session(
                tx,
                &id_hash,
                store::now_unix(),
                idle,
                absolute,
            )?)
        })?;
        Ok(session.map(|session| SignedIn { session, id_hash }))
    }

    /// Ends a session server-side.
    pub fn logout(&self, who: &SignedIn) -> Result<()> {
        self.store.write(|tx| {
            store::delete_session(tx, &who.id_hash)?;
            audit(tx, who.moderator(), "sign_out", &who.moderator().name, None)
        })
    }

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
        let today = store::today();
        let now = store::now_unix();
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
                    waiting_days: days_between(&s.submitted_on, &today),
                    words: s.body.split_whitespace().count(),
                    findings: counts,
                    themes,
                    content_warnings: s.facts.content_warnings.clone(),
                    urgent: s.urgent,
                    awaiting_signoff: s.proposed_body.is_some(),
                    approvals,
                    claimed_by: s
                        .claim
                        .as_ref()
                        .filter(|(_, _, until)| *until > now)
                        .map(|(_, name, _)| name.clone()),
                    id: s.id,
                    title: s.title,
                }
            })
            .collect())
    }

    /// Everything needed to review one submission.
    pub fn review(&self, id: &str, viewer: &Moderator) -> Result<Review> {
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
            .as_deref()
            .unwrap_or(&submission.body);
        Ok(Review {
            html: markdown::render(shown),
            findings: pii::find_identifiers(shown),
            risk: crate::safeguarding::assess(shown),
            suggested_themes: crate::taxonomy::suggest_themes(shown),
            messages,
            approvals,
            colleagues,
            submission,
        })
    }

    /// Loads a submission for an action, refusing if another moderator holds a live claim.
    fn for_action(&self, tx: &Transaction<'_>, id: &str, who: &Moderator) -> Result<Submission> {
        let s = store::submission(tx, id)?.ok_or(ArchiveError::NotFound)?;
        if let Some((holder, name, until)) = &s.claim {
            if *holder != who.id && *until > store::now_unix() {
                return Err(ArchiveError::Conflict(format!(
                    "{name} is working on this submission. Their claim expires in {} minutes.",
                    (until - store::now_unix() + 59) / 60
                )));
            }
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
    pub fn claim(&self, id: &str, who: &SignedIn) -> Result<()> {
        let now = store::now_unix();
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
            audit(tx, m, "claim", id, None)
        })
    }

    /// Skips an item: releases any claim of ours, so it goes back to the queue.
    pub fn skip(&self, id: &str, who: &SignedIn) -> Result<()> {
        let m = who.moderator();
        self.store.write(|tx| {
            let s = self.for_action(tx, id, m)?;
            if s.claim
                .as_ref()
                .is_some_and(|(holder, _, _)| *holder == m.id)
            {
                store::set_claim(tx, id, None, None)?;
            }
            audit(tx, m, "skip", id, None)
        })
    }

    /// Passes an item to a colleague: the claim moves to them.
    pub fn pass_to(&self, id: &str, who: &SignedIn, colleague: i64) -> Result<String> {
        let m = who.moderator();
        let until = store::now_unix() + self.config.claim_minutes as i64 * 60 * 4;
        self.store.write(|tx| {
            self.for_action(tx, id, m)?;
            let other = store::moderator_by_id(tx, colleague)?
                .filter(|o| !o.disabled && o.id != m.id)
                .ok_or_else(|| ArchiveError::Invalid(vec!["Please choose a colleague.".into()]))?;
            store::set_claim(tx, id, Some(other.id), Some(until))?;
            audit(tx, m, "pass", id, Some(&other.name))?;
            Ok(other.name)
        })
    }

    /// Approves with themes and content warnings. Publishes when enough different moderators
    /// have approved and no redaction waits for the contributor.
    pub fn approve(
        &self,
        id: &str,
        who: &SignedIn,
        themes: &[String],
        warnings: &[String],
        note: &str,
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
            audit(tx, m, "approve", id, None)?;
            store::note_review(tx, &who.id_hash, store::now_unix(), 15 * 60)?;
            if let Some(story_id) = publish_if_ready(tx, id, required)? {
                audit(tx, m, "publish", &story_id, None)?;
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
    pub fn request_changes(&self, id: &str, who: &SignedIn, message: &str) -> Result<()> {
        let m = who.moderator();
        let message = required_message(message)?;
        self.store.write(|tx| {
            let s = self.for_action(tx, id, m)?;
            Self::require_status(&s, &[Status::Pending], "sent back for changes")?;
            store::add_message(tx, id, "moderator", &message, &store::today())?;
            store::set_status(tx, id, Status::ChangesRequested, None)?;
            store::set_claim(tx, id, None, None)?;
            store::record_decision(
                tx,
                &Decision {
                    decision: "changes_requested".into(),
                    reason: None,
                    submitted_on: Some(s.submitted_on.clone()),
                    decided_on: store::today(),
                    redacted: false,
                },
            )?;
            store::note_review(tx, &who.id_hash, store::now_unix(), 15 * 60)?;
            audit(tx, m, "request_changes", id, None)
        })
    }

    /// Declines with a reason code from `moderation.md` and an optional message.
    pub fn decline(&self, id: &str, who: &SignedIn, reason: &str, message: &str) -> Result<()> {
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
                store::add_message(tx, id, "moderator", text, &store::today())?;
            }
            store::set_decline_reason(tx, id, &reason.code)?;
            store::set_status(tx, id, Status::Declined, Some(&store::today()))?;
            store::set_claim(tx, id, None, None)?;
            store::record_decision(
                tx,
                &Decision {
                    decision: "declined".into(),
                    reason: Some(reason.code.clone()),
                    submitted_on: Some(s.submitted_on.clone()),
                    decided_on: store::today(),
                    redacted: false,
                },
            )?;
            store::note_review(tx, &who.id_hash, store::now_unix(), 15 * 60)?;
            audit(tx, m, "decline", id, Some(&reason.code))
        })
    }

    /// Proposes a redacted text; the contributor sees the diff and must accept it before publication.
    pub fn redact(&self, id: &str, who: &SignedIn, body: &str, message: &str) -> Result<()> {
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
        self.store.write(|tx| {
            let s = self.for_action(tx, id, m)?;
            Self::require_status(&s, &[Status::Pending, Status::ChangesRequested], "redacted")?;
            if body == s.body {
                return Err(ArchiveError::Invalid(vec![
                    "The text is unchanged, so there is nothing to send for sign-off.".into(),
                ]));
            }
            store::set_proposed_body(tx, id, Some(&body))?;
            if let Some(text) = &message {
                store::add_message(tx, id, "moderator", text, &store::today())?;
            }
            store::note_review(tx, &who.id_hash, store::now_unix(), 15 * 60)?;
            audit(tx, m, "redact", id, None)
        })
    }

    /// Sends the contributor a message.
    pub fn message(&self, id: &str, who: &SignedIn, message: &str) -> Result<()> {
        let m = who.moderator();
        let message = required_message(message)?;
        self.store.write(|tx| {
            let s = store::submission(tx, id)?.ok_or(ArchiveError::NotFound)?;
            if s.status == Status::Withdrawn {
                return Err(ArchiveError::NotFound);
            }
            store::add_message(tx, id, "moderator", &message, &store::today())?;
            audit(tx, m, "message", id, None)
        })
    }

    /// Takes a published story down, with a policy reason; its address then says so.
    pub fn unpublish(&self, story_id: &str, who: &SignedIn, reason: &str) -> Result<()> {
        let m = who.moderator();
        let reason = policy::reason(reason.trim()).ok_or_else(|| {
            ArchiveError::Invalid(vec![
                "Please choose a reason from the moderation policy.".into()
            ])
        })?;
        self.store.write(|tx| {
            if !store::unpublish(tx, story_id, &store::this_month(), &reason.code)? {
                return Err(ArchiveError::NotFound);
            }
            // The author hears about it on their receipt page, and can answer there.
            if let Some(submission) = store::story(tx, story_id)?.and_then(|s| s.submission_id) {
                let note = format!(
                    "We have taken your story down from the archive. The reason, from our moderation policy: {}. You can reply here within 60 days if you think this is wrong.",
                    reason.title
                );
                store::add_message(tx, &submission, "moderator", &note, &store::today())?;
            }
            store::enqueue_index(tx, story_id, store::IndexOp::Delete)?;
            store::resolve_reports(tx, story_id)?;
            store::record_decision(
                tx,
                &Decision {
                    decision: "unpublished".into(),
                    reason: Some(reason.code.clone()),
                    submitted_on: None,
                    decided_on: store::today(),
                    redacted: false,
                },
            )?;
            audit(tx, m, "unpublish", story_id, Some(&reason.code))
        })?;
        self.wait_for_index();
        Ok(())
    }

    /// Edits a published story: a new immutable version; earlier versions stay readable.
    pub fn edit_published(
        &self,
        story_id: &str,
        who: &SignedIn,
        title: &str,
        body: &str,
        note: &str,
    ) -> Result<i64> {
        let m = who.moderator();
        let title = super::clean_text(title.trim()).replace('\n', " ");
        let body = super::clean_text(body);
        if title.is_empty() || body.trim().is_empty() {
            return Err(ArchiveError::Invalid(vec![
                "A version needs a title and a text.".into(),
            ]));
        }
        if body.len() > super::MAX_BODY_BYTES {
            return Err(ArchiveError::TooLarge("The text is too long.".into()));
        }
        let note = note.trim();
        let version = self.store.write(|tx| {
            let story = store::story(tx, story_id)?
                .filter(|s| s.state == store::StoryState::Published)
                .ok_or(ArchiveError::NotFound)?;
            let current = store::version(tx, &story.id, None)?.ok_or(ArchiveError::NotFound)?;
            let n = store::insert_version(
                tx,
                &StoryVersion {
                    title: title.clone(),
                    body: body.clone(),
                    published_month: store::this_month(),
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
                "edit_published",
                &story.id,
                Some(&format!("version {n}")),
            )?;
            Ok::<_, ArchiveError>(n)
        })?;
        self.wait_for_index();
        Ok(version)
    }

    /// A reader reports a published story.
    pub fn report(&self, story_id: &str, reason: &str, details: &str) -> Result<()> {
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
                .filter(|s| s.state == store::StoryState::Published)
                .ok_or(ArchiveError::NotFound)?;
            store::add_report(tx, story_id, reason, &details, &store::today())?;
            Ok::<_, ArchiveError>(())
        })
    }

    /// Open reports.
    pub fn reports(&self) -> Result<Vec<store::Report>> {
        self.store
            .read(|c| Ok::<_, ArchiveError>(store::open_reports(c)?))
    }

    /// The newest audit entries (admins only; the web layer checks the role).
    pub fn audit_log(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        self.store
            .read(|c| Ok::<_, ArchiveError>(store::audit_entries(c, limit)?))
    }

    /// Items this moderator reviewed today, and minutes into the current reviewing stretch (if any).
    pub fn wellbeing(&self, who: &SignedIn) -> Result<(i64, Option<i64>)> {
        let now = store::now_unix();
        let midnight = now - now.rem_euclid(86_400);
        let reviewed = self.store.read(|c| {
            Ok::<_, ArchiveError>(store::reviews_since(c, &who.moderator().name, midnight)?)
        })?;
        let minutes = who.session.stretch_start.map(|start| (now - start) / 60);
        Ok((reviewed, minutes))
    }

    /// The moderator says they are taking a break: the stretch starts again.
    pub fn take_break(&self, who: &SignedIn) -> Result<()> {
        self.store
            .write(|tx| Ok::<_, ArchiveError>(store::reset_stretch(tx, &who.id_hash)?))
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
