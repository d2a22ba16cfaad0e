//! Evidence packs on the web: making one (no account, no cookie), adding stories and paragraphs
//! from their pages, the public page with its exports, and reporting a pack; `pack_edit` has the
//! private edit page. The use-cases are the archive's.

use askama::Template;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::archive::{
    PackDocument, PackFormat, PackItemRef, PackLookup, PackSummary, PackView, RefStyle,
};
use crate::dates::month_label;
use crate::ids::{PackId, PackSecret, StoryId};
use crate::web::extract::IdPath;
use crate::web::forms::{Form, Params, Query};
use crate::web::limits::{slow_down, Client};
use crate::web::pages::{html, Chrome, MessagePage};
use crate::web::{blocking, AppState, WebError, WebResult};

/// Marks a response that shows an edit secret: never kept in a cache or a shared history.
pub(super) fn private(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The story, version and paragraph a form names (fields `story`, `v`, `p`), if it names one.
pub(super) fn item_from_form(p: &Params) -> WebResult<Option<PackItemRef>> {
    let story = p.get("story").trim();
    if story.is_empty() {
        return Ok(None);
    }
    let bad = || WebError::bad_request("The story to add was not named correctly.");
    let story_id = StoryId::parse(story).ok_or_else(bad)?;
    let number = |name: &str| -> WebResult<Option<i64>> {
        match p.get(name).trim() {
            "" => Ok(None),
            v => v
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 1)
                .map(Some)
                .ok_or_else(bad),
        }
    };
    let version = number("v")?;
    let paragraph = number("p")?
        .map(|n| u32::try_from(n).map_err(|_| bad()))
        .transpose()?;
    Ok(Some(PackItemRef {
        story_id,
        version,
        paragraph,
    }))
}

/// The secret from a form's `secret` field.
pub(super) fn secret_from_form(p: &Params) -> WebResult<PackSecret> {
    PackSecret::parse(p.get("secret")).ok_or_else(|| {
        WebError::forbidden("This form did not carry the pack's edit secret, so nothing was changed. Please open your private edit link and try again.")
    })
}

/// Reads a pasted edit link (`…/packs/{id}/edit/{secret}`), or its last two parts.
fn edit_link(text: &str) -> Option<(PackId, PackSecret)> {
    let text = text.trim().trim_end_matches('/');
    let (before, secret) = text.rsplit_once("/edit/")?;
    let id = before.rsplit('/').next()?;
    Some((PackId::parse(id)?, PackSecret::parse(secret)?))
}

pub(super) fn edit_path(id: &PackId, secret: &PackSecret) -> String {
    format!("/packs/{id}/edit/{}", secret.reveal())
}

#[derive(Template)]
#[template(path = "pack_new.html")]
struct NewPackPage {
    title: String,
    chrome: Chrome,
    /// What is being added, when the page was reached from a story: (story, v, p, label).
    adding: Option<(String, String, String, String)>,
}

fn adding_view(item: &PackItemRef) -> (String, String, String, String) {
    let label = match (item.paragraph, item.version) {
        (Some(p), Some(v)) => format!("paragraph {p} of version {v} of story {}", item.story_id),
        (Some(p), None) => format!("paragraph {p} of story {}", item.story_id),
        (None, Some(v)) => format!("version {v} of story {}", item.story_id),
        (None, None) => format!("story {}", item.story_id),
    };
    let text = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    (
        item.story_id.to_string(),
        text(item.version),
        text(item.paragraph.map(i64::from)),
        label,
    )
}

/// `GET /packs`: what a pack is, and the form to start one.
pub(super) async fn new_pack_form() -> WebResult<Response> {
    Ok(html(&NewPackPage {
        title: "Evidence packs".into(),
        chrome: Chrome::plain(),
        adding: None,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "pack_created.html")]
struct CreatedPage {
    title: String,
    chrome: Chrome,
    read_path: String,
    read_link: String,
    edit_path: String,
    edit_link: String,
}

/// `POST /packs` (`title`, `intro`, and optionally `story`, `v`, `p` for a first item).
pub(super) async fn create(
    State(state): State<AppState>,
    Client(client): Client,
    Form(p): Form,
) -> WebResult<Response> {
    if !state.limits.packs.allow(&client) {
        return Err(slow_down("new packs"));
    }
    let first = item_from_form(&p)?;
    let (title, intro) = (p.get("title").to_owned(), p.get("intro").to_owned());
    let made = blocking(&state, move |a| a.create_pack(&title, &intro, first)).await?;
    let base = state.archive.config().public_url.clone();
    let (read_path, edit_path) = (
        format!("/packs/{}", made.id),
        edit_path(&made.id, &made.secret),
    );
    let page = CreatedPage {
        title: "Your evidence pack".into(),
        chrome: Chrome::plain(),
        read_link: format!("{base}{read_path}"),
        edit_link: format!("{base}{edit_path}"),
        read_path,
        edit_path,
    };
    Ok(private((StatusCode::CREATED, html(&page)?).into_response()))
}

/// `POST /packs/add` from a story or paragraph (`story`, `v`, `p`): with `edit` (a pasted edit
/// link) it adds the item and goes to the edit page; without, it asks which pack, or a new one.
pub(super) async fn add_from_story(
    State(state): State<AppState>,
    Form(p): Form,
) -> WebResult<Response> {
    let item = item_from_form(&p)?
        .ok_or_else(|| WebError::bad_request("Please say which story to add."))?;
    if p.get("edit").trim().is_empty() {
        return Ok(private(
            html(&NewPackPage {
                title: "Add to an evidence pack".into(),
                chrome: Chrome::plain(),
                adding: Some(adding_view(&item)),
            })?
            .into_response(),
        ));
    }
    let (id, secret) = edit_link(p.get("edit")).ok_or_else(|| {
        WebError::Invalid(vec!["That is not a pack's edit link. It looks like /packs/…/edit/… and was shown when the pack was made.".into()])
    })?;
    let to = edit_path(&id, &secret);
    blocking(&state, move |a| a.add_to_pack(&id, &secret, &item)).await?;
    Ok(private(Redirect::to(&to).into_response()))
}

/// A pack's item as the pages print it.
pub(super) struct ItemView {
    pub(super) item_id: i64,
    pub(super) path: String,
    pub(super) address: String,
    pub(super) version: i64,
    pub(super) paragraph: Option<u32>,
    pub(super) excerpt: Option<ExcerptView>,
}

pub(super) struct ExcerptView {
    pub(super) title: String,
    pub(super) html: Vec<String>,
    pub(super) cited: String,
    pub(super) consent_quote: bool,
    pub(super) illustrative: bool,
}

pub(super) fn items(doc: &PackDocument, style: RefStyle, base: &str) -> Vec<ItemView> {
    doc.entries
        .iter()
        .map(|e| ItemView {
            item_id: e.item_id,
            path: e
                .address
                .strip_prefix(base)
                .unwrap_or(&e.address)
                .to_owned(),
            address: e.address.clone(),
            version: e.version,
            paragraph: e.paragraph,
            excerpt: e.excerpt.as_ref().map(|x| ExcerptView {
                title: x.title.clone(),
                html: x.html.clone(),
                cited: style.of(&x.citation).to_owned(),
                consent_quote: x.consent_quote,
                illustrative: x.illustrative,
            }),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "pack.html")]
struct PackPage {
    title: String,
    chrome: Chrome,
    id: String,
    month: String,
    intro_html: String,
    withdrawn_note: Option<String>,
    summary: PackSummary,
    items: Vec<ItemView>,
    references: Vec<String>,
    style: &'static str,
    style_label: &'static str,
    styles: Vec<(&'static str, &'static str, bool)>,
}

fn style_from(p: &Params) -> WebResult<RefStyle> {
    RefStyle::parse(p.get("style")).ok_or_else(|| {
        WebError::bad_request("The citation style must be apa, harvard or vancouver.")
    })
}

/// `GET /packs/{id}` and the exports `GET /packs/{id}.docx` (`.md`, `.bib`, `.ris`, `.json`,
/// `.csv`), each with `?style=apa|harvard|vancouver`.
pub(super) async fn show(
    State(state): State<AppState>,
    IdPath(raw): IdPath<String>,
    Query(p): Query,
) -> WebResult<Response> {
    let style = style_from(&p)?;
    let (id, ext) = raw.split_once('.').unwrap_or((&raw, ""));
    let id = PackId::parse(id).ok_or_else(WebError::not_found)?;
    if !ext.is_empty() {
        let format = PackFormat::from_extension(ext).ok_or_else(WebError::not_found)?;
        let name = format!("chorus-pack-{id}.{}", format.extension());
        let bytes = blocking(&state, move |a| a.pack_export(&id, format, style)).await?;
        return Ok((
            [
                (header::CONTENT_TYPE, format.content_type().to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            bytes,
        )
            .into_response());
    }
    let lookup = blocking(&state, move |a| a.pack(&id)).await?;
    let view = match lookup {
        PackLookup::Public(view) => view,
        PackLookup::Unpublished { month, reason } => return unpublished_page(&month, &reason),
    };
    let base = state.archive.config().public_url.clone();
    Ok(html(&pack_page(*view, style, &base))?.into_response())
}

fn pack_page(view: PackView, style: RefStyle, base: &str) -> PackPage {
    let doc = &view.document;
    PackPage {
        title: doc.title.clone(),
        chrome: Chrome::plain(),
        id: view.id.to_string(),
        month: month_label(&view.created_month),
        intro_html: view.intro_html.clone(),
        withdrawn_note: doc.withdrawn_note(),
        items: items(doc, style, base),
        references: doc.references(style),
        style: style.code(),
        style_label: style.label(),
        styles: RefStyle::ALL
            .iter()
            .map(|s| (s.code(), s.label(), *s == style))
            .collect(),
        summary: view.summary,
    }
}

fn unpublished_page(month: &str, reason: &str) -> WebResult<Response> {
    let reason = crate::policy::reason(reason).map_or(reason.to_owned(), |r| r.title.clone());
    let page = MessagePage {
        title: "Pack no longer published".into(),
        chrome: Chrome::plain(),
        heading: "This evidence pack is no longer published".into(),
        paragraphs: vec![format!(
            "Moderators took it down in {} because of our moderation policy: {reason}. The stories it quoted keep their own addresses.",
            month_label(month)
        )],
        links: vec![("/moderation".into(), "Read the moderation policy".into())],
    };
    Ok((StatusCode::GONE, html(&page)?).into_response())
}

/// `POST /packs/{id}/report` (`reason`, `details`), like a story's report.
pub(super) async fn report(
    State(state): State<AppState>,
    IdPath(id): IdPath<PackId>,
    Client(client): Client,
    Form(p): Form,
) -> WebResult<Response> {
    if !state.limits.report.allow(&client) {
        return Err(slow_down("reports"));
    }
    let (reason, details) = (p.get("reason").to_owned(), p.get("details").to_owned());
    let pack = id.clone();
    blocking(&state, move |a| a.report_pack(&pack, &reason, &details)).await?;
    Ok(html(&MessagePage {
        title: "Thank you for your report".into(),
        chrome: Chrome::plain(),
        heading: "Thank you for your report".into(),
        paragraphs: vec![
            "A moderator will look at this pack. We do not know who you are, so we cannot reply to you."
                .into(),
        ],
        links: vec![(format!("/packs/{id}"), "Back to the pack".into())],
    })?
    .into_response())
}
