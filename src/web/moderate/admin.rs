//! Sign-in and sign-out, readers' reports with takedowns, editing a published story as a new
//! version, and the audit log (administrators only).

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::super::forms::Form;
use super::super::limits::{slow_down, Client};
use super::super::pages::{html, Chrome, MessagePage};
use super::super::{blocking, AppState, WebError};
use super::{
    cookie, cookie_header, require_admin, same_origin, IdPath, ItemForm, Moderator, ModeratorForm,
    LOGIN_COOKIE, SESSION_COOKIE,
};
use crate::archive::{ArchiveError, EditOutcome};
use crate::archive::{AuditEntry, ContributorAction, Report};
use crate::auth::constant_time_eq;
use crate::dates::{minute_label, month_label};
use crate::ids::StoryId;
use crate::policy::Reason;

#[derive(Template)]
#[template(path = "mod_login.html")]
struct LoginPage {
    title: String,
    chrome: Chrome,
    csrf: String,
    username: String,
    error: Option<String>,
}

pub(super) async fn login_form(State(state): State<AppState>) -> Result<Response, WebError> {
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

pub(super) async fn login(
    State(state): State<AppState>,
    Client(client): Client,
    headers: HeaderMap,
    Form(p): Form,
) -> Result<Response, WebError> {
    // Per client as well as per account name: each attempt costs a password hash.
    if !state.limits.sign_in.allow(&client) {
        return Err(slow_down("sign-in attempts"));
    }
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
        Err(
            e @ (ArchiveError::Forbidden(_)
            | ArchiveError::Throttled(_)
            | ArchiveError::Invalid(_)
            | ArchiveError::NotFound),
        ) => {
            // A refused sign-in is a 401 (or a 429 while throttled) with the form shown again.
            let status = if matches!(e, ArchiveError::Throttled(_)) {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNAUTHORIZED
            };
            let token = crate::auth::new_csrf_token();
            let page = LoginPage {
                title: "Moderator sign-in".into(),
                chrome: Chrome::plain(),
                csrf: token.clone(),
                username,
                error: Some(WebError::from(e).messages().join(" ")),
            };
            let mut res = (status, html(&page)?).into_response();
            res.headers_mut().insert(
                header::SET_COOKIE,
                cookie_header(&state, LOGIN_COOKIE, &token, Some(3600)),
            );
            Ok(res)
        }
        Err(e) => Err(e.into()),
    }
}

pub(super) async fn logout(
    State(state): State<AppState>,
    form: ModeratorForm,
) -> Result<Response, WebError> {
    let who = form.who;
    blocking(&state, move |a| a.logout(&who)).await?;
    let mut res = Redirect::to("/moderate/login").into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        cookie_header(&state, SESSION_COOKIE, "", Some(0)),
    );
    Ok(res)
}

#[derive(Template)]
#[template(path = "mod_reports.html")]
struct ReportsPage {
    title: String,
    chrome: Chrome,
    csrf: String,
    reports: Vec<ReportView>,
    reasons: Vec<Reason>,
}

/// A reader's report, ready to print.
struct ReportView {
    id: i64,
    story_id: StoryId,
    reason: String,
    details: String,
    made: String,
}

impl From<Report> for ReportView {
    fn from(r: Report) -> Self {
        Self {
            made: month_label(&r.made_on),
            id: r.id,
            story_id: r.story_id,
            reason: r.reason,
            details: r.details,
        }
    }
}

pub(super) async fn reports(
    State(state): State<AppState>,
    Moderator(who): Moderator,
) -> Result<Html<String>, WebError> {
    let reports = blocking(&state, |a| a.reports()).await?;
    html(&ReportsPage {
        title: "Reports".into(),
        chrome: Chrome::moderator(&who),
        csrf: who.session.csrf.clone(),
        reports: reports.into_iter().map(ReportView::from).collect(),
        reasons: crate::policy::reasons().to_vec(),
    })
}

pub(super) async fn unpublish(
    State(state): State<AppState>,
    form: ItemForm<StoryId>,
) -> Result<Html<String>, WebError> {
    let ItemForm { id, who, params } = form;
    let reason = params.get("reason").to_owned();
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
    id: StoryId,
    story_title: String,
    body: String,
    version: i64,
    pending: Option<PendingEditView>,
}

/// The edit waiting to become the next version, as the edit page shows it.
struct PendingEditView {
    title: String,
    body: String,
    note: String,
    approved_by: Vec<String>,
    /// The viewer is among them.
    approved_by_me: bool,
    awaiting_signoff: bool,
    /// What the approve form sends back, so an approval of a replaced edit is refused.
    content_sha256: String,
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    Moderator(who): Moderator,
    IdPath(id): IdPath<StoryId>,
) -> Result<Html<String>, WebError> {
    let story = id.clone();
    let view = blocking(&state, move |a| a.edit_view(&story)).await?;
    let me = who.moderator().name.clone();
    html(&EditPage {
        title: "Edit a published story".into(),
        chrome: Chrome::moderator(&who),
        csrf: who.session.csrf.clone(),
        id,
        story_title: view.current.title,
        body: view.current.body,
        version: view.current.version,
        pending: view.pending.map(|(e, approved_by)| PendingEditView {
            approved_by_me: approved_by.contains(&me),
            awaiting_signoff: e.needs_signoff && !e.signed_off,
            title: e.title,
            body: e.body,
            note: e.change_note.unwrap_or_default(),
            content_sha256: e.content_sha256,
            approved_by,
        }),
    })
}

/// The page saying what an edit (or its approval) led to.
fn edit_answer(id: &StoryId, outcome: EditOutcome) -> Result<Html<String>, WebError> {
    let (heading, paragraph) = match outcome {
        EditOutcome::Published { version } => (
            "New version published",
            format!("Version {version} is now the current one. Earlier versions stay readable at their own addresses."),
        ),
        EditOutcome::AwaitingSecondApproval => (
            "Edit waiting for approval",
            "The edit is recorded. A second moderator must approve it before it is published.".to_owned(),
        ),
        EditOutcome::AwaitingSignoff => (
            "Edit waiting for the contributor",
            "The edit changes the contributor's words, so it is published only when they accept it. They see the changes on their receipt page.".to_owned(),
        ),
    };
    html(&MessagePage {
        title: heading.into(),
        chrome: Chrome::plain(),
        heading: heading.into(),
        paragraphs: vec![paragraph],
        links: vec![
            (format!("/stories/{id}"), "Read the story".into()),
            (
                format!("/moderate/stories/{id}/edit"),
                "Back to the edit".into(),
            ),
        ],
    })
}

pub(super) async fn edit(
    State(state): State<AppState>,
    form: ItemForm<StoryId>,
) -> Result<Html<String>, WebError> {
    let ItemForm { id, who, params: p } = form;
    let (title, body, note) = (
        p.get("title").to_owned(),
        p.get("body").to_owned(),
        p.get("note").to_owned(),
    );
    let story = id.clone();
    let outcome = blocking(&state, move |a| {
        a.edit_published(&story, &who, &title, &body, &note)
    })
    .await?;
    edit_answer(&id, outcome)
}

pub(super) async fn approve_edit(
    State(state): State<AppState>,
    form: ItemForm<StoryId>,
) -> Result<Html<String>, WebError> {
    let ItemForm { id, who, params: p } = form;
    let reviewed = Some(p.get("content_sha256").to_owned()).filter(|h| !h.is_empty());
    let story = id.clone();
    let outcome = blocking(&state, move |a| {
        a.approve_edit(&story, &who, reviewed.as_deref())
    })
    .await?;
    edit_answer(&id, outcome)
}

#[derive(Template)]
#[template(path = "mod_audit.html")]
struct AuditPage {
    title: String,
    chrome: Chrome,
    entries: Vec<(String, AuditEntry)>,
    /// Contributors' own actions, by month label.
    contributors: Vec<(String, ContributorAction)>,
}

pub(super) async fn audit(
    State(state): State<AppState>,
    Moderator(who): Moderator,
) -> Result<Html<String>, WebError> {
    require_admin(&who)?;
    let (entries, contributors) =
        blocking(&state, |a| Ok((a.audit_log(500)?, a.contributor_log(500)?))).await?;
    html(&AuditPage {
        title: "Audit log".into(),
        chrome: Chrome::moderator(&who),
        entries: entries
            .into_iter()
            .map(|e| (minute_label(e.at), e))
            .collect(),
        contributors: contributors
            .into_iter()
            .map(|c| (c.month.label(), c))
            .collect(),
    })
}
