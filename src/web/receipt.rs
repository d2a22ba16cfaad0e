//! The receipt journey: with the code alone (always in the POST body, never the URL) a
//! contributor reads the status and messages, replies, edits, signs off a redaction, changes
//! consent, and withdraws. Attempts are rate-limited in memory; unknown and malformed codes
//! get the same answer.

use askama::Template;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use super::forms::ShareForm;
use super::forms::{Form, Params};
use super::pages::{html, Chrome, MessageView};
use super::{blocking, blocking_scan, AppState, WebError};
use crate::archive::Status;
use crate::archive::{ArchiveError, ReceiptView, LICENCES};
use crate::config::SupportLine;
use crate::diff::{Chunk, ChunkKind};
use crate::ids::StoryId;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/receipt", get(entry).post(show))
        .route("/receipt/reply", post(reply))
        .route("/receipt/edit", post(edit))
        .route("/receipt/accept", post(accept))
        .route("/receipt/consent", post(consent))
        .route("/receipt/withdraw", post(withdraw))
}

/// Passes only if this client has not made too many receipt attempts lately.
pub(super) struct ReceiptAttempt;

impl FromRequestParts<AppState> for ReceiptAttempt {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let super::limits::Client(client) =
            super::limits::Client::from_request_parts(parts, state).await?;
        if state.limits.receipt.allow(&client) {
            Ok(ReceiptAttempt)
        } else {
            Err(WebError::RateLimited(
                "Too many receipt codes were tried from here in a short time. Please wait a minute and try again.".into(),
            ))
        }
    }
}

#[derive(Template)]
#[template(path = "receipt.html")]
struct ReceiptPage {
    title: String,
    chrome: Chrome,
    receipt: String,
    errors: Vec<String>,
    notice: Option<String>,
    view: Option<ViewModel>,
    confirm_withdraw: bool,
    support: Vec<SupportLine>,
}

struct ViewModel {
    status: &'static str,
    status_text: String,
    story_id: Option<StoryId>,
    messages: Vec<MessageView>,
    redaction: Option<Vec<DiffPart>>,
    /// The new title a waiting change brings, if it changes it.
    proposed_title: Option<String>,
    decline_reason: String,
    title: String,
    body: String,
    period: String,
    hidden_facts: Vec<(&'static str, String)>,
    first_hand: bool,
    consent_quote: bool,
    consent_research: bool,
    editable: bool,
    withdrawn: bool,
    licence: String,
}

/// A stretch of the redaction's word-by-word diff: the element that shows it, and its words.
struct DiffPart {
    /// `del` for removed words, `ins` for added ones, `span` for the rest.
    tag: &'static str,
    text: String,
}

impl From<Chunk> for DiffPart {
    fn from(c: Chunk) -> Self {
        Self {
            tag: match c.kind {
                ChunkKind::Removed => "del",
                ChunkKind::Added => "ins",
                ChunkKind::Same => "span",
            },
            text: c.text,
        }
    }
}

fn status_text(s: Status) -> &'static str {
    match s {
        Status::Pending => {
            "Waiting for a moderator. Most stories get a first decision within 14 days."
        }
        Status::ChangesRequested => {
            "A moderator has asked you about some changes. Please read their message below."
        }
        Status::Published => "Published. Thank you for adding your voice.",
        Status::Declined => {
            "Not published. The reason is below; you can reply if you want to appeal."
        }
        Status::Withdrawn => "Withdrawn. Your text has been erased from the archive.",
    }
}

fn view_model(v: ReceiptView) -> ViewModel {
    let mut hidden = Vec::new();
    for r in &v.facts.roles {
        hidden.push(("roles", r.clone()));
    }
    for s in &v.facts.settings {
        hidden.push(("settings", s.clone()));
    }
    for t in &v.facts.themes {
        hidden.push(("themes", t.clone()));
    }
    for w in &v.facts.content_warnings {
        hidden.push(("content_warnings", w.clone()));
    }
    let licence = LICENCES
        .iter()
        .find(|(c, _)| *c == v.licence)
        .map_or(v.licence.clone(), |(_, d)| d.to_string());
    ViewModel {
        status: v.status.as_str(),
        status_text: status_text(v.status).to_owned(),
        story_id: v.story_id,
        messages: v
            .messages
            .into_iter()
            .map(MessageView::for_contributor)
            .collect(),
        redaction: v
            .redaction
            .map(|chunks| chunks.into_iter().map(DiffPart::from).collect()),
        proposed_title: v.proposed_title,
        decline_reason: v.decline_reason.unwrap_or_default(),
        editable: v.status.editable(),
        withdrawn: v.status == Status::Withdrawn,
        title: v.title,
        body: v.body,
        period: v.facts.period.unwrap_or_default(),
        hidden_facts: hidden,
        first_hand: v.facts.first_hand,
        consent_quote: v.consent.quote,
        consent_research: v.consent.research,
        licence,
    }
}

fn page(receipt: &str) -> ReceiptPage {
    ReceiptPage {
        title: "Your receipt".into(),
        chrome: Chrome::plain(),
        receipt: receipt.to_owned(),
        errors: Vec::new(),
        notice: None,
        view: None,
        confirm_withdraw: false,
        support: Chrome::plain().support,
    }
}

const UNKNOWN: &str = "We could not find a story with that receipt code. Please check it and try again: it has 20 letters and numbers, usually written in groups of four.";

async fn entry() -> Result<Html<String>, WebError> {
    html(&page(""))
}

/// What to show beside the status.
enum Extra {
    /// The status alone.
    Nothing,
    /// An action succeeded.
    Notice(String),
    /// An action was refused: the status to answer with, and one message per problem.
    Refused(StatusCode, Vec<String>),
    /// The first step of withdrawal: explain it and ask again.
    ConfirmWithdraw,
}

/// Shows the status for the code in `p`; unknown codes re-show the entry form.
async fn respond(state: &AppState, p: &Params, extra: Extra) -> Result<Response, WebError> {
    let code = p.get("receipt").to_owned();
    let lookup = code.clone();
    let mut pg = page(&code);
    match blocking(state, move |a| a.receipt_view(&lookup)).await {
        Ok(view) => {
            pg.view = Some(view_model(view));
            let status = match extra {
                Extra::Nothing => StatusCode::OK,
                Extra::Notice(notice) => {
                    pg.notice = Some(notice);
                    StatusCode::OK
                }
                Extra::Refused(status, messages) => {
                    pg.errors = messages;
                    status
                }
                Extra::ConfirmWithdraw => {
                    pg.confirm_withdraw = true;
                    StatusCode::OK
                }
            };
            Ok((status, html(&pg)?).into_response())
        }
        Err(ArchiveError::NotFound) => {
            pg.receipt = String::new();
            pg.errors = vec![UNKNOWN.into()];
            Ok((StatusCode::NOT_FOUND, html(&pg)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn show(
    _: ReceiptAttempt,
    State(state): State<AppState>,
    Form(p): Form,
) -> Result<Response, WebError> {
    respond(&state, &p, Extra::Nothing).await
}

/// Runs an action, then shows the status with its outcome.
async fn act<F>(state: &AppState, p: Params, done: &str, f: F) -> Result<Response, WebError>
where
    F: FnOnce(&crate::archive::Archive, &str) -> crate::archive::Result<()> + Send + 'static,
{
    let code = p.get("receipt").to_owned();
    // Actions may carry a whole new text (an edit), so they take a scanning turn.
    match blocking_scan(state, move |a| f(a, &code)).await {
        Ok(()) => respond(state, &p, Extra::Notice(done.to_owned())).await,
        // An unknown code shows the entry form again, as looking it up would.
        Err(ArchiveError::NotFound) => respond(state, &p, Extra::Nothing).await,
        Err(e) => match WebError::from(e) {
            err @ (WebError::Internal(_) | WebError::Unavailable(_)) => Err(err),
            refused => {
                let status = refused.status();
                respond(state, &p, Extra::Refused(status, refused.messages())).await
            }
        },
    }
}

async fn reply(
    _: ReceiptAttempt,
    State(state): State<AppState>,
    Form(p): Form,
) -> Result<Response, WebError> {
    let message = p.get("message").to_owned();
    act(
        &state,
        p,
        "Your message has been sent to the moderators.",
        move |a, code| a.reply(code, &message),
    )
    .await
}

async fn edit(
    _: ReceiptAttempt,
    State(state): State<AppState>,
    Form(p): Form,
) -> Result<Response, WebError> {
    let input = ShareForm::read(&p).input;
    act(
        &state,
        p,
        "Your changes are saved. A moderator will look at the new version.",
        move |a, code| a.edit(code, &input),
    )
    .await
}

async fn accept(
    _: ReceiptAttempt,
    State(state): State<AppState>,
    Form(p): Form,
) -> Result<Response, WebError> {
    act(
        &state,
        p,
        "Thank you: you accepted the moderator's changes.",
        |a, code| a.accept_redaction(code).map(|_| ()),
    )
    .await
}

async fn consent(
    _: ReceiptAttempt,
    State(state): State<AppState>,
    Form(p): Form,
) -> Result<Response, WebError> {
    let (quote, research) = (p.flag("consent_quote"), p.flag("consent_research"));
    act(
        &state,
        p,
        "Your consent choices are saved.",
        move |a, code| a.change_consent(code, quote, research),
    )
    .await
}

async fn withdraw(
    _: ReceiptAttempt,
    State(state): State<AppState>,
    Form(p): Form,
) -> Result<Response, WebError> {
    if p.get("confirm") != "yes" {
        // First step: say exactly what withdrawal does and ask again.
        return respond(&state, &p, Extra::ConfirmWithdraw).await;
    }
    act(
        &state,
        p,
        "Your story has been withdrawn and its text erased.",
        |a, code| a.withdraw(code),
    )
    .await
}
