//! The moderator's queue, one submission's review page, and one handler per decision, each
//! calling its use-case and answering with a short page (or JSON when asked for).

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::super::forms::Query;
use super::super::pages::{choices, html, theme_choices, Choice, Chrome, MessagePage, MessageView};
use super::super::{blocking, blocking_scan, AppState, WebError};
use super::{IdPath, ItemForm, Moderator, ModeratorForm};
use crate::archive::{
    ApproveOutcome, ClaimState, PendingEdit, QueueItem, Review, SignedIn, Submission,
};
use crate::dates::month_label;
use crate::ids::{ModeratorId, StoryId, SubmissionId};
use crate::policy::Reason;
use crate::taxonomy::{taxonomy, Taxonomy, Term};

#[derive(Template)]
#[template(path = "mod_queue.html")]
struct QueuePage {
    title: String,
    chrome: Chrome,
    items: Vec<QueueEntry>,
    /// How many wait in all, on every page.
    total: usize,
    page: usize,
    prev: Option<String>,
    next: Option<String>,
    edits: Vec<PendingEdit>,
    reviewed_today: i64,
    stretch_minutes: i64,
    break_due: bool,
    approvals_required: u32,
}

/// One queue item, with theme and warning names resolved.
struct QueueEntry {
    id: SubmissionId,
    title: String,
    urgent: bool,
    warnings: Vec<String>,
    waiting_days: i64,
    words: usize,
    approvals: usize,
    awaiting_signoff: bool,
    claimed_by: Option<String>,
    findings: Vec<(String, usize)>,
    themes: Vec<String>,
}

impl From<QueueItem> for QueueEntry {
    fn from(item: QueueItem) -> Self {
        let t = taxonomy();
        Self {
            warnings: item
                .content_warnings
                .iter()
                .map(|w| Taxonomy::term_name(&t.content_warnings, w).to_owned())
                .collect(),
            themes: item.themes.iter().map(|slug| theme_name(slug)).collect(),
            id: item.id,
            title: item.title,
            urgent: item.urgent,
            waiting_days: item.waiting_days,
            words: item.words,
            approvals: item.approvals,
            awaiting_signoff: item.awaiting_signoff,
            claimed_by: item.claimed_by,
            findings: item.findings,
        }
    }
}

/// A theme's name; a slug the taxonomy no longer knows is shown as it is.
fn theme_name(slug: &str) -> String {
    taxonomy()
        .theme(slug)
        .map_or(slug.to_owned(), |t| t.name.clone())
}

/// The furthest page the queue will turn to; beyond it there would be millions waiting.
const MAX_QUEUE_PAGE: i64 = 100_000;

pub(super) async fn queue(
    State(state): State<AppState>,
    Moderator(who): Moderator,
    Query(q): Query,
) -> Result<Html<String>, WebError> {
    // `?page=N` from 1; anything else is the first page.
    let page = q.number("page").unwrap_or(1).clamp(1, MAX_QUEUE_PAGE) as usize;
    let session = who.clone();
    let (queue, (reviewed, minutes)) = blocking(&state, move |a| {
        Ok((a.queue(page)?, a.wellbeing(&session)?))
    })
    .await?;
    let c = &state.archive.config();
    let link = |n: usize| format!("/moderate?page={n}");
    html(&QueuePage {
        title: "Moderation queue".into(),
        chrome: Chrome::moderator(&who),
        total: queue.total,
        page: queue.page,
        prev: (queue.page > 1).then(|| link(queue.page - 1)),
        next: queue.has_next().then(|| link(queue.page + 1)),
        items: queue.items.into_iter().map(QueueEntry::from).collect(),
        edits: queue.edits,
        reviewed_today: reviewed,
        stretch_minutes: minutes.unwrap_or(0),
        break_due: minutes.is_some_and(|m| m >= c.break_reminder_minutes as i64),
        approvals_required: c.approvals_required,
    })
}

pub(super) async fn take_break(
    State(state): State<AppState>,
    form: ModeratorForm,
) -> Result<Response, WebError> {
    let who = form.who;
    blocking(&state, move |a| a.take_break(&who)).await?;
    Ok(Redirect::to("/moderate").into_response())
}

#[derive(Template)]
#[template(path = "mod_review.html")]
struct ReviewPage {
    title: String,
    chrome: Chrome,
    csrf: String,
    /// The submission, for the fields printed as they are.
    submission: Submission,
    status: &'static str,
    sent: String,
    roles: Vec<String>,
    settings: Vec<String>,
    risk: Vec<String>,
    marked_html: String,
    source: String,
    findings: Vec<FindingLine>,
    /// Findings in the title, which is published too.
    title_findings: Vec<FindingLine>,
    messages: Vec<MessageView>,
    themes: Vec<Choice>,
    warnings: Vec<Choice>,
    reasons: Vec<Reason>,
    colleagues: Vec<(ModeratorId, String)>,
    claimed_by_other: Option<String>,
    mine: bool,
    approved_by: Vec<String>,
    /// What the approve form sends back, so an approval of changed words is refused.
    content_sha256: String,
}

/// A possible identifier, as the review page lists it.
struct FindingLine {
    text: String,
    kind: &'static str,
    reason: String,
}

impl From<crate::pii::Finding> for FindingLine {
    fn from(f: crate::pii::Finding) -> Self {
        Self {
            kind: f.kind.label(),
            text: f.text,
            reason: f.reason,
        }
    }
}

impl ReviewPage {
    fn new(r: Review, who: &SignedIn) -> Self {
        let t = taxonomy();
        let facts = &r.submission.facts;
        let names = |list: &[Term], slugs: &[String]| -> Vec<String> {
            slugs
                .iter()
                .map(|s| Taxonomy::term_name(list, s).to_owned())
                .collect()
        };
        // A theme is ticked if the contributor chose it or the text suggests it.
        let mut ticked = facts.themes.clone();
        ticked.extend(r.suggested_themes.iter().cloned());
        Self {
            title: format!("Review: {}", r.submission.title),
            chrome: Chrome::moderator(who),
            csrf: who.session.csrf.clone(),
            status: r.submission.status.as_str(),
            sent: month_label(&r.submission.submitted_on),
            roles: names(&t.roles, &facts.roles),
            settings: names(&t.settings, &facts.settings),
            themes: theme_choices(&ticked),
            warnings: choices(&t.content_warnings, &facts.content_warnings),
            risk: r.risk.into_iter().map(|s| s.text).collect(),
            marked_html: r.marked_html,
            source: r.shown,
            findings: r.findings.into_iter().map(FindingLine::from).collect(),
            title_findings: r
                .title_findings
                .into_iter()
                .map(FindingLine::from)
                .collect(),
            messages: r
                .messages
                .into_iter()
                .map(MessageView::for_moderators)
                .collect(),
            reasons: crate::policy::reasons().to_vec(),
            colleagues: r.colleagues,
            claimed_by_other: match &r.claim {
                ClaimState::Theirs(name) => Some(name.clone()),
                ClaimState::Free | ClaimState::Mine => None,
            },
            mine: r.claim == ClaimState::Mine,
            approved_by: r.approvals.into_iter().map(|(n, _)| n).collect(),
            content_sha256: r.content_sha256,
            submission: r.submission,
        }
    }
}

pub(super) async fn review(
    State(state): State<AppState>,
    Moderator(who): Moderator,
    IdPath(id): IdPath<SubmissionId>,
) -> Result<Html<String>, WebError> {
    let viewer = who.moderator().clone();
    let r = blocking(&state, move |a| a.review(&id, &viewer)).await?;
    html(&ReviewPage::new(r, &who))
}

/// What a decision led to, as a page or as JSON.
#[derive(serde::Serialize)]
struct ActionResult {
    status: &'static str,
    story_id: Option<StoryId>,
    message: String,
}

impl ActionResult {
    fn new(status: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            story_id: None,
            message: message.into(),
        }
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

fn answer(headers: &HeaderMap, result: ActionResult) -> Result<Response, WebError> {
    if wants_json(headers) {
        return Ok(axum::Json(result).into_response());
    }
    let mut links = vec![("/moderate".to_owned(), "Back to the queue".to_owned())];
    if let Some(story) = &result.story_id {
        links.insert(
            0,
            (
                format!("/stories/{story}"),
                format!("Read the published story ({story})"),
            ),
        );
    }
    Ok(html(&MessagePage {
        title: "Done".into(),
        chrome: Chrome::plain(),
        heading: "Done".into(),
        paragraphs: vec![result.message],
        links,
    })?
    .into_response())
}

pub(super) async fn approve(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: ItemForm<SubmissionId>,
) -> Result<Response, WebError> {
    let ItemForm { id, who, params: p } = form;
    let (themes, warnings, note) = (
        p.all("themes"),
        p.all("content_warnings"),
        p.get("note").to_owned(),
    );
    // Optional, for clients written before it existed: see `Archive::approve`.
    let reviewed = Some(p.get("content_sha256").to_owned()).filter(|h| !h.is_empty());
    let outcome = blocking(&state, move |a| {
        a.approve(&id, &who, &themes, &warnings, &note, reviewed.as_deref())
    })
    .await?;
    let result = match outcome {
        ApproveOutcome::Published { story_id } => ActionResult {
            status: "published",
            message: format!("Published as story {story_id}."),
            story_id: Some(story_id),
        },
        ApproveOutcome::AwaitingSecondApproval => ActionResult::new(
            "awaiting_second_approval",
            "Your approval is recorded. A second moderator must approve before it is published.",
        ),
        ApproveOutcome::AwaitingSignoff => ActionResult::new(
            "awaiting_signoff",
            "Your approval is recorded. It will be published when the contributor accepts the redaction.",
        ),
    };
    answer(&headers, result)
}

pub(super) async fn request_changes(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: ItemForm<SubmissionId>,
) -> Result<Response, WebError> {
    let ItemForm { id, who, params: p } = form;
    let message = p.get("message").to_owned();
    blocking(&state, move |a| a.request_changes(&id, &who, &message)).await?;
    answer(
        &headers,
        ActionResult::new(
            "changes_requested",
            "Your message was sent to the contributor.",
        ),
    )
}

pub(super) async fn decline(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: ItemForm<SubmissionId>,
) -> Result<Response, WebError> {
    let ItemForm { id, who, params: p } = form;
    let (reason, message) = (p.get("reason").to_owned(), p.get("message").to_owned());
    blocking(&state, move |a| a.decline(&id, &who, &reason, &message)).await?;
    answer(
        &headers,
        ActionResult::new("declined", "Declined. The contributor will see the reason."),
    )
}

pub(super) async fn redact(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: ItemForm<SubmissionId>,
) -> Result<Response, WebError> {
    let ItemForm { id, who, params: p } = form;
    let (body, message) = (p.get("body").to_owned(), p.get("message").to_owned());
    // A redaction is scanned for identifiers as it is stored, so it takes a scanning turn.
    blocking_scan(&state, move |a| a.redact(&id, &who, &body, &message)).await?;
    answer(
        &headers,
        ActionResult::new(
            "awaiting_signoff",
            "Your redaction was sent to the contributor, who will see the changes and must accept them before publication.",
        ),
    )
}

pub(super) async fn message(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: ItemForm<SubmissionId>,
) -> Result<Response, WebError> {
    let ItemForm { id, who, params: p } = form;
    let message = p.get("message").to_owned();
    blocking(&state, move |a| a.message(&id, &who, &message)).await?;
    answer(&headers, ActionResult::new("sent", "Message sent."))
}

pub(super) async fn claim(
    State(state): State<AppState>,
    form: ItemForm<SubmissionId>,
) -> Result<Response, WebError> {
    let ItemForm { id, who, .. } = form;
    let back = format!("/moderate/submissions/{id}");
    blocking(&state, move |a| a.claim(&id, &who)).await?;
    Ok(Redirect::to(&back).into_response())
}

pub(super) async fn skip(
    State(state): State<AppState>,
    form: ItemForm<SubmissionId>,
) -> Result<Response, WebError> {
    let ItemForm { id, who, .. } = form;
    blocking(&state, move |a| a.skip(&id, &who)).await?;
    Ok(Redirect::to("/moderate").into_response())
}

pub(super) async fn pass(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: ItemForm<SubmissionId>,
) -> Result<Response, WebError> {
    let ItemForm { id, who, params: p } = form;
    let colleague = ModeratorId::parse(p.get("colleague").trim())
        .ok_or_else(|| WebError::bad_request("Please choose a colleague."))?;
    let name = blocking(&state, move |a| a.pass_to(&id, &who, colleague)).await?;
    answer(
        &headers,
        ActionResult::new("passed", format!("Passed to {name}.")),
    )
}

/// Any other word after a submission's address: checked like every form, then not found.
pub(super) async fn unknown_action(_: ItemForm<SubmissionId>) -> WebError {
    WebError::not_found()
}
