//! Moderator pages. Every page needs a live session; every POST needs the session's CSRF token
//! (field `csrf`) and a same-origin request. Sessions live in a `HttpOnly`, `SameSite=Strict`
//! cookie scoped to `/moderate`, and no GET changes state.

use askama::Template;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use super::forms::{Form, Params};
use super::pages::{html, Chrome, MessagePage};
use super::public::highlighted_html;
use super::{blocking, AppState, WebError};
use crate::archive::{ApproveOutcome, QueueItem, Review, SignedIn};
use crate::auth::constant_time_eq;
use crate::policy::Reason;
use crate::store::{AuditEntry, Report, Role};
use crate::taxonomy::{taxonomy, Term, Theme};

const SESSION_COOKIE: &str = "chorus_session";
const LOGIN_COOKIE: &str = "chorus_login";

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/moderate/login", get(login_form).post(login))
        .route("/moderate/logout", post(logout))
        .route("/moderate", get(queue))
        .route("/moderate/break", post(take_break))
        .route("/moderate/submissions/{id}", get(review))
        .route("/moderate/submissions/{id}/{action}", post(act))
        .route("/moderate/reports", get(reports))
        .route("/moderate/stories/{id}/unpublish", post(unpublish))
        .route("/moderate/stories/{id}/edit", get(edit_form).post(edit))
        .route("/moderate/audit", get(audit))
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A cross-site request is refused whatever it carries: browsers say where a request came from.
fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return false;
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let origin_host = origin.split_once("://").map_or("", |(_, h)| h);
        if host.is_empty() || origin_host != host {
            return false;
        }
    }
    true
}

fn cookie_header(state: &AppState, name: &str, value: &str, max_age: Option<u64>) -> HeaderValue {
    let secure = if state.archive.config.behind_tls {
        "; Secure"
    } else {
        ""
    };
    let age = max_age.map_or(String::new(), |a| format!("; Max-Age={a}"));
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/moderate; HttpOnly; SameSite=Strict{secure}{age}"
    ))
    .expect("cookie values are hex")
}

async fn signed_in(parts: &Parts, state: &AppState) -> Result<Option<SignedIn>, WebError> {
    let Some(value) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    if value.len() != 64 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    blocking(state, move |a| a.session(&value)).await
}

/// A signed-in moderator viewing a page; otherwise, off to sign in.
pub(super) struct Moderator(pub SignedIn);

impl FromRequestParts<AppState> for Moderator {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        signed_in(parts, state)
            .await?
            .map(Moderator)
            .ok_or_else(|| WebError::Redirect("/moderate/login".into()))
    }
}

/// A moderator's form submission, with session, CSRF token and origin all checked.
pub(super) struct ModeratorForm {
    pub who: SignedIn,
    pub params: Params,
}

impl FromRequest<AppState> for ModeratorForm {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        if !same_origin(&parts.headers) {
            return Err(WebError::forbidden(
                "This request came from another site, so it was refused.",
            ));
        }
        let who = signed_in(&parts, state).await?;
        let Some(who) = who else {
            return Err(WebError::forbidden(
                "Your session has ended. Please sign in again.",
            ));
        };
        let Form(params) =
            Form::from_request(Request::from_parts(parts.clone(), body), state).await?;
        let token = params.get("csrf");
        if token.is_empty() || !constant_time_eq(token.as_bytes(), who.session.csrf.as_bytes()) {
            return Err(WebError::forbidden(
                "This form is out of date or was not sent from Chorus (its security token did not match). Please go back, reload the page and try again.",
            ));
        }
        parts.extensions.clear();
        Ok(Self { who, params })
    }
}

fn require_admin(who: &SignedIn) -> Result<(), WebError> {
    if who.moderator().role == Role::Admin {
        Ok(())
    } else {
        Err(WebError::forbidden(
            "Only administrators can see this page.",
        ))
    }
}

// ---------------------------------------------------------------- sign-in

#[derive(Template)]
#[template(path = "mod_login.html")]
struct LoginPage {
    title: String,
    chrome: Chrome,
    csrf: String,
    username: String,
    error: Option<String>,
}

async fn login_form(State(state): State<AppState>) -> Result<Response, WebError> {
    let token = crate::auth::new_csrf_token();
    let page = LoginPage {
        title: "Moderator sign-in".into(),
        chrome: Chrome::plain(),
        csrf: token.clone(),
        username: String::new(),
        error: None,
    };
    let mut res = html(&page)?.into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        cookie_header(&state, LOGIN_COOKIE, &token, Some(3600)),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(p): Form,
) -> Result<Response, WebError> {
    if !same_origin(&headers) {
        return Err(WebError::forbidden(
            "This request came from another site, so it was refused.",
        ));
    }
    // The sign-in form carries a token matching a cookie set with the form. Scripts that post
    // without a token are still held to the same-origin check above.
    let token = p.get("csrf");
    if !token.is_empty() {
        let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
        if !constant_time_eq(token.as_bytes(), expected.as_bytes()) {
            return Err(WebError::forbidden(
                "This sign-in form is out of date. Please reload it and try again.",
            ));
        }
    }
    let (name, password, totp) = (
        p.get("username").to_owned(),
        p.get("password").to_owned(),
        p.get("totp").to_owned(),
    );
    let username = name.clone();
    match blocking(&state, move |a| a.login(&name, &password, &totp)).await {
        Ok((cookie_value, _)) => {
            let mut res = Redirect::to("/moderate").into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                cookie_header(&state, SESSION_COOKIE, &cookie_value, None),
            );
            res.headers_mut().append(
                header::SET_COOKIE,
                cookie_header(&state, LOGIN_COOKIE, "", Some(0)),
            );
            Ok(res)
        }
        Err(WebError::Client(status, message)) => {
            let token = crate::auth::new_csrf_token();
            let page = LoginPage {
                title: "Moderator sign-in".into(),
                chrome: Chrome::plain(),
                csrf: token.clone(),
                username,
                error: Some(message),
            };
            let status = if status == StatusCode::TOO_MANY_REQUESTS {
                status
            } else {
                StatusCode::UNAUTHORIZED
            };
            let mut res = (status, html(&page)?).into_response();
            res.headers_mut().insert(
                header::SET_COOKIE,
                cookie_header(&state, LOGIN_COOKIE, &token, Some(3600)),
            );
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

async fn logout(State(state): State<AppState>, form: ModeratorForm) -> Result<Response, WebError> {
    let who = form.who;
    blocking(&state, move |a| a.logout(&who)).await?;
    let mut res = Redirect::to("/moderate/login").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        cookie_header(&state, SESSION_COOKIE, "", Some(0)),
    );
    Ok(res)
}

// ---------------------------------------------------------------- queue

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

async fn queue(
    State(state): State<AppState>,
    Moderator(who): Moderator,
) -> Result<Html<String>, WebError> {
    let session = who.clone();
    let (items, (reviewed, minutes)) =
        blocking(&state, move |a| Ok((a.queue()?, a.wellbeing(&session)?))).await?;
    let c = &state.archive.config;
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

async fn take_break(
    State(state): State<AppState>,
    form: ModeratorForm,
) -> Result<Response, WebError> {
    let who = form.who;
    blocking(&state, move |a| a.take_break(&who)).await?;
    Ok(Redirect::to("/moderate").into_response())
}

// ---------------------------------------------------------------- review

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

async fn review(
    State(state): State<AppState>,
    Moderator(who): Moderator,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    if crate::ids::SubmissionId::parse(&id).is_none() {
        return Err(WebError::not_found());
    }
    let viewer = who.moderator().clone();
    let r = blocking(&state, move |a| a.review(&id, &viewer)).await?;
    let now = crate::store::now_unix();
    let live_claim = r
        .submission
        .claim
        .clone()
        .filter(|(_, _, until)| *until > now);
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
        claimed_by_other: live_claim
            .as_ref()
            .filter(|(holder, _, _)| *holder != who.moderator().id)
            .map(|(_, n, _)| n.clone()),
        mine: live_claim
            .as_ref()
            .is_some_and(|(holder, _, _)| *holder == who.moderator().id),
        approved_by: r.approvals.iter().map(|(n, _)| n.clone()).collect(),
        themes: taxonomy().themes.clone(),
        warnings: taxonomy().content_warnings.clone(),
        reasons: crate::policy::reasons().to_vec(),
        source: shown,
        r,
    })
}

#[derive(serde::Serialize)]
struct ActionResult {
    status: String,
    story_id: Option<String>,
    message: String,
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

async fn act(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    headers: HeaderMap,
    form: ModeratorForm,
) -> Result<Response, WebError> {
    if crate::ids::SubmissionId::parse(&id).is_none() {
        return Err(WebError::not_found());
    }
    let ModeratorForm { who, params: p } = form;
    let sub = id.clone();
    let result: ActionResult = match action.as_str() {
        "approve" => {
            let (themes, warnings, note) = (
                p.all("themes"),
                p.all("content_warnings"),
                p.get("note").to_owned(),
            );
            let outcome = blocking(&state, move |a| {
                a.approve(&sub, &who, &themes, &warnings, &note)
            })
            .await?;
            match outcome {
                ApproveOutcome::Published { story_id } => ActionResult {
                    status: "published".into(),
                    message: format!("Published as story {story_id}."),
                    story_id: Some(story_id),
                },
                ApproveOutcome::AwaitingSecondApproval => ActionResult {
                    status: "awaiting_second_approval".into(),
                    story_id: None,
                    message: "Your approval is recorded. A second moderator must approve before it is published.".into(),
                },
                ApproveOutcome::AwaitingSignoff => ActionResult {
                    status: "awaiting_signoff".into(),
                    story_id: None,
                    message: "Your approval is recorded. It will be published when the contributor accepts the redaction.".into(),
                },
            }
        }
        "request-changes" => {
            let message = p.get("message").to_owned();
            blocking(&state, move |a| a.request_changes(&sub, &who, &message)).await?;
            ActionResult {
                status: "changes_requested".into(),
                story_id: None,
                message: "Your message was sent to the contributor.".into(),
            }
        }
        "decline" => {
            let (reason, message) = (p.get("reason").to_owned(), p.get("message").to_owned());
            blocking(&state, move |a| a.decline(&sub, &who, &reason, &message)).await?;
            ActionResult {
                status: "declined".into(),
                story_id: None,
                message: "Declined. The contributor will see the reason.".into(),
            }
        }
        "redact" => {
            let (body, message) = (p.get("body").to_owned(), p.get("message").to_owned());
            blocking(&state, move |a| a.redact(&sub, &who, &body, &message)).await?;
            ActionResult { status: "awaiting_signoff".into(), story_id: None, message: "Your redaction was sent to the contributor, who will see the changes and must accept them before publication.".into() }
        }
        "message" => {
            let message = p.get("message").to_owned();
            blocking(&state, move |a| a.message(&sub, &who, &message)).await?;
            ActionResult {
                status: "sent".into(),
                story_id: None,
                message: "Message sent.".into(),
            }
        }
        "claim" => {
            blocking(&state, move |a| a.claim(&sub, &who)).await?;
            return Ok(Redirect::to(&format!("/moderate/submissions/{id}")).into_response());
        }
        "skip" => {
            blocking(&state, move |a| a.skip(&sub, &who)).await?;
            return Ok(Redirect::to("/moderate").into_response());
        }
        "pass" => {
            let colleague = p
                .number("colleague")
                .ok_or_else(|| WebError::bad_request("Please choose a colleague."))?;
            let name = blocking(&state, move |a| a.pass_to(&sub, &who, colleague)).await?;
            ActionResult {
                status: "passed".into(),
                story_id: None,
                message: format!("Passed to {name}."),
            }
        }
        _ => return Err(WebError::not_found()),
    };
    if wants_json(&headers) {
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

// ---------------------------------------------------------------- reports and published stories

#[derive(Template)]
#[template(path = "mod_reports.html")]
struct ReportsPage {
    title: String,
    chrome: Chrome,
    csrf: String,
    reports: Vec<Report>,
    reasons: Vec<Reason>,
}

async fn reports(
    State(state): State<AppState>,
    Moderator(who): Moderator,
) -> Result<Html<String>, WebError> {
    let reports = blocking(&state, |a| a.reports()).await?;
    html(&ReportsPage {
        title: "Reports".into(),
        chrome: Chrome::moderator(&who),
        csrf: who.session.csrf.clone(),
        reports,
        reasons: crate::policy::reasons().to_vec(),
    })
}

async fn unpublish(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: ModeratorForm,
) -> Result<Html<String>, WebError> {
    let reason = form.params.get("reason").to_owned();
    let who = form.who;
    let story = id.clone();
    blocking(&state, move |a| a.unpublish(&story, &who, &reason)).await?;
    html(&MessagePage {
        title: "Unpublished".into(),
        chrome: Chrome::plain(),
        heading: "Unpublished".into(),
        paragraphs: vec![format!(
            "Story {id} is no longer published. Its address now says why."
        )],
        links: vec![("/moderate/reports".into(), "Back to reports".into())],
    })
}

#[derive(Template)]
#[template(path = "mod_edit.html")]
struct EditPage {
    title: String,
    chrome: Chrome,
    csrf: String,
    id: String,
    story_title: String,
    body: String,
    version: i64,
}

async fn edit_form(
    State(state): State<AppState>,
    Moderator(who): Moderator,
    Path(id): Path<String>,
) -> Result<Html<String>, WebError> {
    let story = id.clone();
    let lookup = blocking(&state, move |a| a.story(&story, None)).await?;
    let crate::archive::StoryLookup::Readable { version, .. } = lookup else {
        return Err(WebError::not_found());
    };
    html(&EditPage {
        title: "Edit a published story".into(),
        chrome: Chrome::moderator(&who),
        csrf: who.session.csrf.clone(),
        id,
        story_title: version.title,
        body: version.body,
        version: version.version,
    })
}

async fn edit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: ModeratorForm,
) -> Result<Html<String>, WebError> {
    let p = form.params;
    let who = form.who;
    let (title, body, note) = (
        p.get("title").to_owned(),
        p.get("body").to_owned(),
        p.get("note").to_owned(),
    );
    let story = id.clone();
    let n = blocking(&state, move |a| {
        a.edit_published(&story, &who, &title, &body, &note)
    })
    .await?;
    html(&MessagePage {
        title: "New version published".into(),
        chrome: Chrome::plain(),
        heading: "New version published".into(),
        paragraphs: vec![format!("Version {n} is now the current one. Earlier versions stay readable at their own addresses.")],
        links: vec![(format!("/stories/{id}"), "Read it".into())],
    })
}

#[derive(Template)]
#[template(path = "mod_audit.html")]
struct AuditPage {
    title: String,
    chrome: Chrome,
    entries: Vec<(String, AuditEntry)>,
}

async fn audit(
    State(state): State<AppState>,
    Moderator(who): Moderator,
) -> Result<Html<String>, WebError> {
    require_admin(&who)?;
    let entries = blocking(&state, |a| a.audit_log(500)).await?;
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    html(&AuditPage {
        title: "Audit log".into(),
        chrome: Chrome::moderator(&who),
        entries: entries
            .into_iter()
            .map(|e| {
                let when = time::OffsetDateTime::from_unix_timestamp(e.at)
                    .ok()
                    .and_then(|t| t.format(&fmt).ok())
                    .unwrap_or_default();
                (when, e)
            })
            .collect(),
    })
}
