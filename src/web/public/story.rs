//! Reading one story: the latest version or a given one, with numbered paragraphs, its facts
//! and versions; the tombstone of a withdrawn or unpublished story; reporting it.

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use crate::archive::StoryLookup;
use crate::archive::{StoryRecord, StoryState};
use crate::dates::month_label;
use crate::ids::StoryId;
use crate::taxonomy::{taxonomy, Taxonomy};
use crate::web::extract::IdPath;
use crate::web::forms::{Form, Query};
use crate::web::limits::{slow_down, Client};
use crate::web::pages::{html, Chrome, MessagePage};
use crate::web::{blocking, AppState, WebError, WebResult};

/// A numbered block of a story.
struct BlockView {
    html: String,
    number: Option<u32>,
}

#[derive(Template)]
#[template(path = "story.html")]
struct StoryPage {
    title: String,
    chrome: Chrome,
    id: String,
    version: i64,
    latest: i64,
    month: String,
    first_published: String,
    illustrative: bool,
    first_hand: bool,
    blocks: Vec<BlockView>,
    themes: Vec<(String, String)>,
    roles: Vec<String>,
    settings: Vec<String>,
    warnings: Vec<String>,
    period: String,
    licence: String,
    versions: Vec<(i64, String, String)>,
    change_note: String,
    sha: String,
    canonical: String,
    consent_quote: bool,
    citation_date: String,
    /// Related stories: id, title, the themes shared (names, joined).
    related: Vec<(String, String, String)>,
    /// `?exclude_cw=…` carried onto related stories' links.
    story_query: String,
    /// Content warnings the reader may hide from related stories: slug, name, chosen.
    cw_choices: Vec<(String, String, bool)>,
    hiding: bool,
    /// `YYYY-MM` of this version, for Dublin Core.
    dc_date: String,
    /// schema.org JSON-LD, already safe inside `<script>`.
    json_ld: String,
    /// The APA 7 reference of this version (escaped HTML with its italics), for print.
    apa_html: String,
}

/// How many related stories a story page shows.
const RELATED_SHOWN: usize = 5;

#[derive(Template)]
#[template(path = "gone.html")]
struct GonePage {
    title: String,
    chrome: Chrome,
    withdrawn: bool,
    month: String,
    reason: String,
}

fn gone_page(record: &StoryRecord) -> WebResult<Response> {
    let withdrawn = record.state == StoryState::Withdrawn;
    let page = GonePage {
        title: if withdrawn {
            "Withdrawn by its author".into()
        } else {
            "No longer published".into()
        },
        chrome: Chrome::plain(),
        withdrawn,
        month: record
            .ended_month
            .as_deref()
            .map(month_label)
            .unwrap_or_default(),
        reason: record
            .ended_reason
            .as_deref()
            .map(|c| crate::policy::reason(c).map_or(c.to_owned(), |r| r.title.clone()))
            .unwrap_or_default(),
    };
    // 410 Gone: the address existed and will never show this text again.
    Ok((StatusCode::GONE, html(&page)?).into_response())
}

async fn show_story(
    state: &AppState,
    headers: &HeaderMap,
    id: StoryId,
    version: Option<i64>,
    p: &crate::web::forms::Params,
) -> WebResult<Response> {
    let exclude_cw = Taxonomy::known(&taxonomy().content_warnings, &p.all("exclude_cw"));
    let hide = exclude_cw.clone();
    let (lookup, blocks, related) = blocking(state, move |a| {
        let lookup = a.story(&id, version)?;
        let related = match &lookup {
            // A search index being rebuilt costs the page its related stories, not the story.
            StoryLookup::Readable { .. } => a
                .related_stories(&id, &hide, RELATED_SHOWN)
                .unwrap_or_default(),
            StoryLookup::Gone(_) => Vec::new(),
        };
        // Rendering happens here too, off the async threads.
        let blocks = match &lookup {
            StoryLookup::Readable { version, .. } => crate::markdown::render_blocks(&version.body),
            StoryLookup::Gone(_) => Vec::new(),
        };
        Ok((lookup, blocks, related))
    })
    .await?;
    let (record, v, versions, consent_quote) = match lookup {
        StoryLookup::Gone(record) => return gone_page(&record),
        StoryLookup::Readable {
            record,
            version,
            versions,
            consent_quote,
        } => (record, version, versions, consent_quote),
    };
    let t = taxonomy();
    let latest = versions.last().map_or(v.version, |x| x.0);
    let base = state.archive.config().public_url.clone();
    let canonical = format!("{base}/stories/{}/v/{}", v.story_id, v.version);
    let theme_names: Vec<String> = v
        .themes
        .iter()
        .filter_map(|s| t.theme(s).map(|th| th.name.clone()))
        .collect();
    let json_ld = crate::cite::json_ld(&crate::cite::Work {
        title: &v.title,
        url: &canonical,
        site_url: &base,
        version: v.version,
        published: &v.published_month,
        first_published: &record.first_published,
        licence: &v.licence,
        themes: &theme_names,
        sha256: &v.content_sha256,
    });
    let page = StoryPage {
        title: v.title.clone(),
        chrome: Chrome::plain(),
        canonical,
        dc_date: v.published_month.clone(),
        json_ld,
        apa_html: state.archive.citation_of(&v, None).apa_html,
        id: v.story_id.to_string(),
        version: v.version,
        latest,
        month: month_label(&v.published_month),
        first_published: month_label(&record.first_published),
        citation_date: v.published_month.replace('-', "/"),
        illustrative: record.illustrative,
        first_hand: v.first_hand,
        blocks: blocks
            .into_iter()
            .map(|b| BlockView {
                html: b.html,
                number: b.number,
            })
            .collect(),
        themes: v
            .themes
            .iter()
            .filter_map(|s| t.theme(s).map(|th| (th.slug.clone(), th.name.clone())))
            .collect(),
        roles: v
            .roles
            .iter()
            .map(|s| Taxonomy::term_name(&t.roles, s).to_owned())
            .collect(),
        settings: v
            .settings
            .iter()
            .map(|s| Taxonomy::term_name(&t.settings, s).to_owned())
            .collect(),
        warnings: v
            .content_warnings
            .iter()
            .map(|s| Taxonomy::term_name(&t.content_warnings, s).to_owned())
            .collect(),
        period: v.period.clone().unwrap_or_default(),
        licence: v.licence.clone(),
        versions: versions
            .into_iter()
            .map(|(n, m, note)| (n, month_label(&m), note.unwrap_or_default()))
            .collect(),
        change_note: v.change_note.clone().unwrap_or_default(),
        sha: v.content_sha256.clone(),
        consent_quote,
        related: related
            .into_iter()
            .map(|r| {
                let shared: Vec<String> = r
                    .shared_themes
                    .iter()
                    .filter_map(|s| t.theme(s).map(|th| th.name.clone()))
                    .collect();
                (r.id, r.title, shared.join(", "))
            })
            .collect(),
        story_query: super::browse::story_query(&exclude_cw),
        cw_choices: t
            .content_warnings
            .iter()
            .map(|w| (w.slug.clone(), w.name.clone(), exclude_cw.contains(&w.slug)))
            .collect(),
        hiding: !exclude_cw.is_empty(),
    };
    Ok(crate::web::delivery::cacheable_page(headers, html(&page)?))
}

pub(super) async fn story_latest(
    State(state): State<AppState>,
    headers: HeaderMap,
    IdPath(id): IdPath<StoryId>,
    Query(p): Query,
) -> WebResult<Response> {
    show_story(&state, &headers, id, None, &p).await
}

pub(super) async fn story_version(
    State(state): State<AppState>,
    headers: HeaderMap,
    IdPath((id, n)): IdPath<(StoryId, String)>,
    Query(p): Query,
) -> WebResult<Response> {
    let n: i64 = n
        .parse()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(WebError::not_found)?;
    show_story(&state, &headers, id, Some(n), &p).await
}

pub(super) async fn report(
    State(state): State<AppState>,
    IdPath(id): IdPath<StoryId>,
    Client(client): Client,
    Form(p): Form,
) -> WebResult<Html<String>> {
    if !state.limits.report.allow(&client) {
        return Err(slow_down("reports"));
    }
    let (reason, details) = (p.get("reason").to_owned(), p.get("details").to_owned());
    let story = id.clone();
    blocking(&state, move |a| a.report(&story, &reason, &details)).await?;
    html(&MessagePage {
        title: "Thank you for your report".into(),
        chrome: Chrome::plain(),
        heading: "Thank you for your report".into(),
        paragraphs: vec![
            "A moderator will look at it. We do not know who you are, so we cannot reply to you."
                .into(),
        ],
        links: vec![(format!("/stories/{id}"), "Back to the story".into())],
    })
}
