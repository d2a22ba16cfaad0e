//! Sharing a story: the form, the preview with identifier warnings and one-click replacements,
//! and the page that shows the receipt code once.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::archive::{ArchiveError, DraftPreview, SubmissionInput, LICENCES};
use crate::config::SupportLine;
use crate::taxonomy::taxonomy;
use crate::web::forms::ShareForm;
use crate::web::limits::{slow_down, Client};
use crate::web::pages::{choices, html, theme_choices, Choice, Chrome};
use crate::web::{blocking_scan, AppState, WebError, WebResult};

/// The submission form, filled in with what was typed.
#[derive(Template)]
#[template(path = "share.html")]
pub(in crate::web) struct SharePage {
    pub title: String,
    pub chrome: Chrome,
    pub form: SubmissionInput,
    pub errors: Vec<String>,
    pub preview: Option<PreviewView>,
    pub roles: Vec<Choice>,
    pub settings: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub warnings: Vec<Choice>,
    pub licences: Vec<Choice>,
}

impl SharePage {
    pub(in crate::web) fn new(form: SubmissionInput) -> Self {
        let t = taxonomy();
        Self {
            title: "Share your story".into(),
            chrome: Chrome::plain(),
            roles: choices(&t.roles, &form.roles),
            settings: choices(&t.settings, &form.settings),
            themes: theme_choices(&form.themes),
            warnings: choices(&t.content_warnings, &form.content_warnings),
            licences: LICENCES
                .iter()
                .enumerate()
                .map(|(i, (code, description))| Choice {
                    value: code.to_string(),
                    label: description.to_string(),
                    // The default licence is ticked until another is chosen.
                    checked: form.licence == *code || (form.licence.is_empty() && i == 0),
                })
                .collect(),
            form,
            errors: Vec::new(),
            preview: None,
        }
    }
}

/// One possible identifier, as the preview lists it.
pub(in crate::web) struct FindingView {
    pub number: usize,
    pub text: String,
    pub reason: String,
    pub replacement: &'static str,
}

/// A piece of the previewed title: plain text, or a finding with its number.
pub(in crate::web) struct TitlePart {
    pub text: String,
    pub number: Option<usize>,
}

/// A rendered preview with identifier findings, for the form.
pub(in crate::web) struct PreviewView {
    pub html: String,
    /// The title cut at its findings, so each can be marked where it stands.
    pub title_parts: Vec<TitlePart>,
    /// Findings in the title, numbered apart from the body's (the form sends `t1`, `t2`, …).
    pub title_findings: Vec<FindingView>,
    pub findings: Vec<FindingView>,
    pub safeguarding: bool,
    pub suggested: Vec<String>,
}

impl From<DraftPreview> for PreviewView {
    fn from(p: DraftPreview) -> Self {
        let t = taxonomy();
        let views = |findings: Vec<crate::pii::Finding>| -> Vec<FindingView> {
            findings
                .into_iter()
                .enumerate()
                .map(|(i, f)| FindingView {
                    number: i + 1,
                    replacement: f.kind.replacement(),
                    text: f.text,
                    reason: f.reason,
                })
                .collect()
        };
        Self {
            html: p.marked_html,
            title_parts: title_parts(&p.title, &p.title_findings),
            title_findings: views(p.title_findings),
            findings: views(p.findings),
            safeguarding: p.safeguarding,
            suggested: p
                .suggested_themes
                .iter()
                .filter_map(|s| t.theme(s).map(|th| th.name.clone()))
                .collect(),
        }
    }
}

/// Cuts `title` at its findings (sorted, non-overlapping byte spans into it).
fn title_parts(title: &str, findings: &[crate::pii::Finding]) -> Vec<TitlePart> {
    let mut parts = Vec::new();
    let mut at = 0;
    for (i, f) in findings.iter().enumerate() {
        let (Some(before), Some(text)) = (title.get(at..f.start), title.get(f.start..f.end)) else {
            continue;
        };
        if !before.is_empty() {
            parts.push(TitlePart {
                text: before.to_owned(),
                number: None,
            });
        }
        parts.push(TitlePart {
            text: text.to_owned(),
            number: Some(i + 1),
        });
        at = f.end;
    }
    parts.push(TitlePart {
        text: title.get(at..).unwrap_or_default().to_owned(),
        number: None,
    });
    parts
}

/// The errors a contributor can act on are shown on the form, with everything typed kept;
/// anything else is ours, and answered as an error page.
fn refusal(e: ArchiveError) -> WebResult<(StatusCode, Vec<String>)> {
    match WebError::from(e) {
        err @ WebError::Internal(_) => Err(err),
        refused => Ok((refused.status(), refused.messages())),
    }
}

pub(super) async fn share_form() -> WebResult<Html<String>> {
    html(&SharePage::new(SubmissionInput {
        first_hand: true,
        ..Default::default()
    }))
}

/// The form again, with what was typed and why it was not accepted.
fn refused_form(input: SubmissionInput, err: WebError) -> WebResult<Response> {
    let mut page = SharePage::new(input);
    page.errors = err.messages();
    Ok((err.status(), html(&page)?).into_response())
}

pub(super) async fn share_preview(
    State(state): State<AppState>,
    Client(client): Client,
    ShareForm { input, fix }: ShareForm,
) -> WebResult<Response> {
    if !state.limits.preview.allow(&client) {
        return refused_form(input, slow_down("previews"));
    }
    let (title, body) = (input.title.clone(), input.body.clone());
    let result = blocking_scan(&state, move |a| a.preview(&title, &body, fix)).await;
    let mut page = SharePage::new(input);
    match result {
        Ok(preview) => {
            page.form.body = preview.body.clone();
            page.form.title = preview.title.clone();
            page.preview = Some(preview.into());
            Ok(html(&page)?.into_response())
        }
        Err(e) => {
            let (status, messages) = refusal(e)?;
            page.errors = messages;
            Ok((status, html(&page)?).into_response())
        }
    }
}

/// The page shown once after sending: the receipt code and what happens next.
#[derive(Template)]
#[template(path = "share_done.html")]
struct ShareDonePage {
    title: String,
    chrome: Chrome,
    receipt: String,
    urgent: bool,
    support: Vec<SupportLine>,
}

pub(super) async fn share(
    State(state): State<AppState>,
    Client(client): Client,
    ShareForm { input, .. }: ShareForm,
) -> WebResult<Response> {
    if !state.limits.submit.allow(&client) {
        return refused_form(input, slow_down("stories"));
    }
    let submit_input = input.clone();
    match blocking_scan(&state, move |a| a.submit(&submit_input)).await {
        Ok(done) => {
            let page = ShareDonePage {
                title: "Thank you: keep your receipt code".into(),
                chrome: Chrome::plain(),
                receipt: done.receipt.display(),
                urgent: done.urgent,
                support: Chrome::plain().support,
            };
            Ok((StatusCode::CREATED, html(&page)?).into_response())
        }
        Err(e) => {
            // Refused: show the form again with each problem as its own item.
            let (status, messages) = refusal(e)?;
            let mut page = SharePage::new(input);
            page.errors = messages;
            Ok((status, html(&page)?).into_response())
        }
    }
}
