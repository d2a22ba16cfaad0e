//! The contributor's side: submit, and with the receipt code alone: read the status and
//! messages, reply, edit, sign off a redaction, change consent, withdraw (which erases).

use super::{Archive, ArchiveError, Result};
use crate::dates::{Day, Month};
use crate::diff::{diff_words, Chunk};
use crate::ids::{ReceiptCode, StoryId, SubmissionId};
use crate::store::{
    self, AuditAction, Consent, ContributorAction, Facts, Message, NewSubmission, Sender, Status,
};
use crate::taxonomy::{taxonomy, Taxonomy};
use crate::{policy, safeguarding, search};

/// Largest Markdown body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 100_000;
/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 10_000;
/// Licences a contributor can choose; the first is the default.
pub const LICENCES: &[(&str, &str)] = &[
    (
        "CC-BY-NC-ND-4.0",
        "CC BY-NC-ND 4.0: others may share it unchanged, not commercially, crediting Chorus",
    ),
    (
        "CC-BY-NC-4.0",
        "CC BY-NC 4.0: others may share and adapt it, not commercially",
    ),
    (
        "CC-BY-4.0",
        "CC BY 4.0: others may share and adapt it for any purpose",
    ),
];

/// What a contributor sends, as typed (before validation).
#[derive(Debug, Clone, Default)]
pub struct SubmissionInput {
    /// Title.
    pub title: String,
    /// Markdown body.
    pub body: String,
    /// Role slugs.
    pub roles: Vec<String>,
    /// Setting slugs.
    pub settings: Vec<String>,
    /// Roughly when.
    pub period: String,
    /// Suggested theme slugs.
    pub themes: Vec<String>,
    /// Content warning slugs.
    pub content_warnings: Vec<String>,
    /// Own account.
    pub first_hand: bool,
    /// Consent to publish.
    pub consent_publish: bool,
    /// Consent to quotation.
    pub consent_quote: bool,
    /// Consent to research exports.
    pub consent_research: bool,
    /// Licence code.
    pub licence: String,
}

/// A submission that passed validation.
#[derive(Debug, Clone)]
pub struct ValidSubmission {
    /// Title, trimmed.
    pub title: String,
    /// Body with normalised line endings.
    pub body: String,
    /// Facts with unknown slugs removed.
    pub facts: Facts,
    /// Consent.
    pub consent: Consent,
    /// Licence code.
    pub licence: String,
}

/// Normalises text as typed, so that the text checked, previewed, stored and published is one
/// and the same: Windows and old Mac line endings, vertical tabs, form feeds and the Unicode
/// next-line character become `\n`; every other control character (C0, DEL and C1) goes, except
/// tab (NUL, which C code reads as the end of a text, among them), and so do Unicode's
/// noncharacters, which are reserved for a program's own use (the preview's marks use two).
pub fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\n' | '\u{b}' | '\u{c}' | '\u{85}' => out.push('\n'),
            '\t' => out.push('\t'),
            c if c.is_control() || is_noncharacter(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// U+FDD0 to U+FDEF, and the last two code points of every plane.
fn is_noncharacter(c: char) -> bool {
    matches!(c, '\u{FDD0}'..='\u{FDEF}') || (c as u32) & 0xFFFE == 0xFFFE
}

/// A title as typed, cleaned and on one line.
pub fn clean_title(s: &str) -> String {
    clean_text(s.trim()).replace('\n', " ").trim().to_owned()
}

/// The refusal of a title over [`MAX_TITLE_CHARS`], if it is one.
pub(super) fn title_too_long(title: &str) -> Option<String> {
    (title.chars().count() > MAX_TITLE_CHARS)
        .then(|| format!("Please keep the title to {MAX_TITLE_CHARS} characters or fewer."))
}

/// Checks a submission; every problem is reported at once, in plain words.
pub fn validate(input: &SubmissionInput, need_consent: bool) -> Result<ValidSubmission> {
    if input.body.len() > MAX_BODY_BYTES {
        return Err(ArchiveError::TooLarge(format!(
            "Your story is {} KB; the most we can take in one submission is {} KB. Please shorten it, or send it in parts and mention that in the title.",
            input.body.len().div_ceil(1000),
            MAX_BODY_BYTES / 1000
        )));
    }
    let mut problems = Vec::new();
    let title = clean_title(&input.title);
    let body = clean_text(&input.body);
    if title.is_empty() {
        problems.push("Please give your story a title.".to_owned());
    } else if let Some(refusal) = title_too_long(&title) {
        problems.push(refusal);
    }
    if body.trim().is_empty() {
        problems.push("The story is empty. Please write your account in the box.".to_owned());
    }
    if need_consent && !input.consent_publish {
        problems.push("We can only publish with your consent: please tick the box agreeing to publication, or keep your text and come back later.".to_owned());
    }
    let period = input.period.trim();
    if !period.is_empty() && search::period_years(period).is_none() {
        problems.push("For roughly when, please give a year like 2019 or a decade like 2010s, or leave it empty.".to_owned());
    }
    let licence = if input.licence.trim().is_empty() {
        LICENCES[0].0.to_owned()
    } else if let Some((code, _)) = LICENCES.iter().find(|(c, _)| *c == input.licence.trim()) {
        (*code).to_owned()
    } else {
        problems.push("Please choose one of the licences offered.".to_owned());
        LICENCES[0].0.to_owned()
    };
    if !problems.is_empty() {
        return Err(ArchiveError::Invalid(problems));
    }
    let t = taxonomy();
    Ok(ValidSubmission {
        title,
        body,
        facts: Facts {
            roles: Taxonomy::known(&t.roles, &input.roles),
            settings: Taxonomy::known(&t.settings, &input.settings),
            period: (!period.is_empty()).then(|| period.to_owned()),
            themes: t.known_themes(&input.themes),
            content_warnings: Taxonomy::known(&t.content_warnings, &input.content_warnings),
            first_hand: input.first_hand,
        },
        consent: Consent {
            publish: input.consent_publish,
            quote: input.consent_quote,
            research: input.consent_research,
        },
        licence,
    })
}

/// What the contributor gets back, once.
#[derive(Debug)]
pub struct Submitted {
    /// The receipt code: shown once, never stored.
    pub receipt: ReceiptCode,
    /// Whether the text suggested immediate risk (the page then leads with support contacts).
    pub urgent: bool,
}

impl Archive {
    /// Stores a submission as `pending` and returns its receipt code.
    pub fn submit(&self, input: &SubmissionInput) -> Result<Submitted> {
        let valid = validate(input, true)?;
        let receipt = ReceiptCode::generate();
        let hash = receipt.hash(&self.secret);
        let id = SubmissionId::generate();
        let urgent = safeguarding::is_urgent(&valid.title) || safeguarding::is_urgent(&valid.body);
        let day = Day::today().to_string();
        let analysis = super::queue::analyse(&valid.body);
        self.store.write(|tx| {
            store::insert_submission(
                tx,
                &NewSubmission {
                    id: &id,
                    receipt_hash: &hash,
                    title: &valid.title,
                    body: &valid.body,
                    facts: &valid.facts,
                    consent: valid.consent,
                    licence: &valid.licence,
                    submitted_on: &day,
                    urgent,
                    illustrative: false,
                    analysis: &analysis,
                    contributor_reachable: true,
                },
            )?;
            Ok::<_, ArchiveError>(())
        })?;
        Ok(Submitted { receipt, urgent })
    }

    /// Finds the submission for a typed receipt code. Unknown and malformed codes take the same
    /// path (a keyed hash and a lookup), so they answer alike and in the same time.
    pub(super) fn by_receipt(&self, code: &str) -> Result<store::Submission> {
        let parsed = ReceiptCode::parse(code);
        let hash = match &parsed {
            Some(c) => c.hash(&self.secret),
            None => self.secret.mac(b"malformed receipt code"),
        };
        let found = self
            .store
            .read(|c| Ok::<_, ArchiveError>(store::submission_by_receipt(c, &hash)?))?;
        match (parsed, found) {
            (Some(_), Some(s)) => Ok(s),
            _ => Err(ArchiveError::NotFound),
        }
    }

    /// Everything the receipt code shows.
    pub fn receipt_view(&self, code: &str) -> Result<ReceiptView> {
        let s = self.by_receipt(code)?;
        let (messages, edit) = self.store.read(|c| {
            let messages = store::messages(c, &s.id)?;
            // A moderator's edit of the published story that changes the contributor's words.
            let edit = match &s.story_id {
                Some(story) if s.status == Status::Published => store::pending_edit(c, story)?
                    .filter(|e| e.needs_signoff && !e.signed_off)
                    .map(|e| {
                        let current = store::version(c, story, None)?;
                        Ok::<_, ArchiveError>((e, current))
                    })
                    .transpose()?,
                _ => None,
            };
            Ok::<_, ArchiveError>((messages, edit))
        })?;
        let mut redaction = s.proposed_body.as_ref().map(|p| diff_words(&s.body, p));
        let mut proposed_title = None;
        if let Some((edit, Some(current))) = edit {
            redaction = Some(diff_words(&current.body, &edit.body));
            proposed_title = (edit.title != current.title).then_some(edit.title);
        }
        Ok(ReceiptView {
            status: s.status,
            story_id: s.story_id.clone(),
            messages,
            redaction,
            proposed_title,
            decline_reason: s
                .decline_reason
                .as_deref()
                .map(|code| policy::reason(code).map_or(code.to_owned(), |r| r.title.clone())),
            title: s.title,
            body: s.body,
            facts: s.facts,
            consent: s.consent,
            licence: s.licence,
            submitted_on: s.submitted_on,
        })
    }

    /// The contributor answers the moderators.
    pub fn reply(&self, code: &str, message: &str) -> Result<()> {
        let s = self.by_receipt(code)?;
        let message = clean_text(message.trim());
        if message.is_empty() {
            return Err(ArchiveError::Invalid(vec![
                "Please write a message first.".into()
            ]));
        }
        if message.chars().count() > MAX_MESSAGE_CHARS {
            return Err(ArchiveError::TooLarge(format!(
                "Messages can be up to {MAX_MESSAGE_CHARS} characters."
            )));
        }
        if s.status == Status::Withdrawn {
            return Err(ArchiveError::Conflict("This story was withdrawn.".into()));
        }
        self.store.write(|tx| {
            store::add_message(tx, &s.id, Sender::Contributor, &message, Day::today())?;
            match s.status {
                // An answer to a request for changes puts it back in the queue.
                Status::ChangesRequested => store::set_status(tx, &s.id, Status::Pending, None)?,
                // A reply to a decline is an appeal: back to the queue, for another look.
                Status::Declined => {
                    store::set_status(tx, &s.id, Status::Pending, None)?;
                    store::contributor_action(
                        tx,
                        &ContributorAction {
                            month: Month::current(),
                            action: AuditAction::Appeal,
                            target: Some(s.id.to_string()),
                            reason: s.decline_reason.clone(),
                        },
                    )?;
                }
                // After publication moderators hear from the author through the reports queue.
                Status::Published => {
                    if let Some(story) = &s.story_id {
                        store::add_report(tx, story, "author-message", &message, Day::today())?;
                    }
                }
                Status::Pending | Status::Withdrawn => {}
            }
            Ok::<_, ArchiveError>(())
        })
    }

    /// The contributor edits the text before publication; it goes back to the queue for review.
    pub fn edit(&self, code: &str, input: &SubmissionInput) -> Result<()> {
        let s = self.by_receipt(code)?;
        if !s.status.editable() {
            return Err(ArchiveError::Conflict(
                "This story can no longer be edited here: it has been published, declined or withdrawn. You can still withdraw it or change your consent.".into(),
            ));
        }
        let valid = validate(input, false)?;
        let urgent = safeguarding::is_urgent(&valid.body);
        let analysis = super::queue::analyse(&valid.body);
        self.store.write(|tx| {
            store::update_text(
                tx,
                &s.id,
                &valid.title,
                &valid.body,
                &valid.facts,
                &analysis,
            )?;
            // Approvals were of the old words.
            store::set_urgent(tx, &s.id, urgent || s.urgent)?;
            store::clear_approvals(tx, &s.id)?;
            store::set_status(tx, &s.id, Status::Pending, None)?;
            Ok::<_, ArchiveError>(())
        })
    }

    /// The contributor accepts a moderator's change to their words: a redaction before
    /// publication, or an edit of the published story. Publication (of the story, or of its
    /// new version) proceeds if the approvals are in.
    pub fn accept_redaction(&self, code: &str) -> Result<Option<StoryId>> {
        let s = self.by_receipt(code)?;
        let required = self.config.approvals_required as usize;
        let story = self.store.write(|tx| {
            if store::accept_proposed_body(tx, &s.id)? {
                return super::moderation::publish_if_ready(tx, &s.id, required);
            }
            if let Some(story) = s
                .story_id
                .as_ref()
                .filter(|_| s.status == Status::Published)
            {
                if store::sign_off_edit(tx, story)? {
                    let published = super::published::publish_edit_if_ready(tx, story, required)?;
                    return Ok(published.map(|_| story.clone()));
                }
            }
            Err(ArchiveError::Conflict(
                "There is no change waiting for your agreement.".into(),
            ))
        })?;
        if story.is_some() {
            self.wait_for_index();
        }
        Ok(story)
    }

    /// Changes consent to quotation and research use (at any time, also after publication).
    pub fn change_consent(&self, code: &str, quote: bool, research: bool) -> Result<()> {
        let s = self.by_receipt(code)?;
        if s.status == Status::Withdrawn {
            return Err(ArchiveError::Conflict("This story was withdrawn.".into()));
        }
        self.store
            .write(|tx| Ok::<_, ArchiveError>(store::set_consent(tx, &s.id, quote, research)?))
    }
}

/// What a receipt code shows.
#[derive(Debug, Clone)]
pub struct ReceiptView {
    /// Status.
    pub status: Status,
    /// The public story, once published.
    pub story_id: Option<StoryId>,
    /// The conversation.
    pub messages: Vec<Message>,
    /// A moderator's proposed change awaiting sign-off (a redaction, or an edit of the
    /// published story), as a word diff.
    pub redaction: Option<Vec<Chunk>>,
    /// The new title that change brings, when it changes the title.
    pub proposed_title: Option<String>,
    /// Title of the decline reason.
    pub decline_reason: Option<String>,
    /// Current title.
    pub title: String,
    /// Current text.
    pub body: String,
    /// Facts.
    pub facts: Facts,
    /// Consent.
    pub consent: Consent,
    /// Licence.
    pub licence: String,
    /// Day sent.
    pub submitted_on: String,
}
