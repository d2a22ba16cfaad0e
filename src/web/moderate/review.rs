//! The moderator's queue, one submission's review page, and one handler per decision, each
//! calling its use-case and answering with a short page (or JSON when asked for).

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::super::pages::{html, Chrome, MessagePage};
use super::super::{blocking, AppState, WebError};
use super::{IdPath, ItemForm, Moderator, ModeratorForm};
use crate::archive::highlighted_html;
use crate::archive::{ApproveOutcome, ClaimState, QueueItem, Review};
use crate::ids::{ModeratorId, StoryId, SubmissionId};
use crate::policy::Reason;
use crate::taxonomy::{taxonomy, Term, Theme};

#[derive(Template)]
#[template(path = "mod_queue.html")]
struct QueuePage {
    title: String,
    chrome: Chrome,
    items: Vec<QueueItem>,
    reviewed_today: i64,
    stretch_minutes: i64,
    break_due: bool,
    approvals_required: u32,
}

impl QueuePage {
    fn warning_name(&self, slug: &str) -> String {
        crate::taxonomy::Taxonomy::term_name(&taxonomy().content_warnings, slug).to_owned()
    }
    fn theme_name(&self, slug: &str) -> String {
        taxonomy()
            .theme(slug)
            .map_or(slug.to_owned(), |t| t.name.clone())
    }
}

pub(super) async fn queue(
    State(state): State<AppState>,
    Moderator(who): Moderator,
) -> Result<Html<String>, WebError> {
    let session = who.clone();
    let (items, (reviewed, minutes)) =
        blocking(&state, move |a| Ok((a.queue()?, a.wellbeing(&session)?))).await?;
    let c = &state.archive.config();
    html(&QueuePage {
        title: "Moderation queue".into(),
        chrome: Chrome::moderator(&who),
        items,
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
    r: Review,
    highlighted: String,
    themes: Vec<Theme>,
    warnings: Vec<Term>,
    reasons: Vec<Reason>,
    claimed_by_other: Option<String>,
    mine: bool,
    approved_by: Vec<String>,
    source: String,
}

impl ReviewPage {
    fn theme_checked(&self, slug: &str) -> bool {
        let s = &self.r.submission;
        s.facts.themes.iter().any(|t| t == slug)
            || self.r.suggested_themes.iter().any(|t| t == slug)
    }
    fn warning_checked(&self, slug: &str) -> bool {
        self.r
            .submission
            .facts
            .content_warnings
            .iter()
            .any(|t| t == slug)
    }
    fn term(&self, list: &str, slug: &str) -> String {
        let t = taxonomy();
        let l = if list == "roles" {
            &t.roles
        } else {
            &t.settings
        };
        crate::taxonomy::Taxonomy::term_name(l, slug).to_owned()
    }
}

pub(super) async fn review(
    State(state): State<AppState>,
    Moderator(who): Moderator,
    IdPath(id): IdPath<SubmissionId>,
) -> Result<Html<String>, WebError> {
    let viewer = who.moderator().clone();
    let r = blocking(&state, move |a| a.review(&id, &viewer)).await?;
    let shown = r
        .submission
        .proposed_body
        .clone()
        .unwrap_or_else(|| r.submission.body.clone());
    html(&ReviewPage {
        title: format!("Review: {}", r.submission.title),
        chrome: Chrome::moderator(&who),
        csrf: who.session.csrf.clone(),
        highlighted: highlighted_html(&shown, &r.findings),
        claimed_by_other: match &r.claim {
            ClaimState::Theirs(name) => Some(name.clone()),
            ClaimState::Free | ClaimState::Mine => None,
        },
        mine: r.claim == ClaimState::Mine,
        approved_by: r.approvals.iter().map(|(n, _)| n.clone()).collect(),
        themes: taxonomy().themes.clone(),
        warnings: taxonomy().content_warnings.clone(),
        reasons: crate::policy::reasons().to_vec(),
        source: shown,
        r,
    })
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
    let outcome = blocking(&state, move |a| {
        a.approve(&id, &who, &themes, &warnings, &note)
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
    blocking(&state, move |a| a.redact(&id, &who, &body, &message)).await?;
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
