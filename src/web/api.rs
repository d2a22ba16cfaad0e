//! The JSON API under `/api/v1`, described by `/api/v1/openapi.json`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json as JsonResponse, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::error::render_as_json;
use super::forms::{Json, Query, SearchQuery};
use super::limits::{slow_down, Client};
use super::receipt::ReceiptAttempt;
use super::snippet::snippet_html;
use super::{blocking, blocking_scan, AppState, WebError, WebResult};
use crate::archive::{
    shown_count, shown_counts, ArchiveError, ExportFormat, Fix, ShownCount, StoryLookup,
    StoryState, SubmissionInput,
};
use crate::taxonomy::taxonomy;

/// The API's routes; every error raised in them, by an extractor or a handler, is answered as
/// JSON.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/search", get(search))
        .route("/api/v1/stories/{id}", get(story))
        .route("/api/v1/themes", get(themes))
        .route("/api/v1/submissions", post(submit))
        .route("/api/v1/preview", post(preview))
        .route("/api/v1/receipt", post(receipt))
        .route("/api/v1/export", get(export))
        .route("/api/v1/openapi.json", get(openapi))
        .layer(axum::middleware::map_response(render_as_json))
}

async fn search(
    State(state): State<AppState>,
    SearchQuery { request: req, .. }: SearchQuery,
) -> WebResult<Response> {
    let base = state.archive.config().public_url.clone();
    let results = blocking(&state, move |a| a.search(&req)).await?;
    let hits: Vec<Value> = results
        .hits
        .iter()
        .map(|h| {
            json!({
                "id": h.id, "title": h.title, "snippet_html": snippet_html(&h.snippet), "themes": h.themes,
                "published": h.published, "url": format!("{base}/stories/{}", h.id),
                "also_matched": h.also_matched,
            })
        })
        .collect();
    Ok(JsonResponse(json!({
        "total": ShownCount::of(results.total as u64),
        "page": results.page,
        "per_page": results.per_page,
        "hits": hits,
        "facets": {
            "theme": shown_counts(&results.facets.theme),
            "role": shown_counts(&results.facets.role),
            "setting": shown_counts(&results.facets.setting),
        },
        "note": results.note,
    }))
    .into_response())
}

/// How many related stories a story's answer lists.
const RELATED_LISTED: usize = 5;

async fn story(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(p): Query,
) -> WebResult<Response> {
    let Some(id) = crate::ids::StoryId::parse(&id) else {
        return Err(WebError::NotFound("No story has that id.".into()));
    };
    let base = state.archive.config().public_url.clone();
    // Related stories leave out those carrying a warning the reader chose to avoid.
    let hide = crate::taxonomy::Taxonomy::known(&taxonomy().content_warnings, &p.all("exclude_cw"));
    let answer = blocking(&state, move |a| {
        Ok(match a.story(&id, None)? {
            StoryLookup::Gone(record) => {
                let withdrawn = record.state == StoryState::Withdrawn;
                (
                    StatusCode::GONE,
                    json!({
                        "error": {
                            "code": if withdrawn { "withdrawn" } else { "unpublished" },
                            "message": if withdrawn { "This story was withdrawn by its author." } else { "This story is no longer published." },
                        },
                        "id": record.id,
                        "ended": record.ended_month,
                    }),
                )
            }
            StoryLookup::Readable { version: v, record, .. } => {
                let citation = a.citation_of(&v, None);
                // A search index being rebuilt costs the answer its related stories only.
                let related: Vec<Value> = a
                    .related_stories(&v.story_id, &hide, RELATED_LISTED)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|r| {
                        json!({
                            "id": r.id, "title": r.title, "shared_themes": r.shared_themes,
                            "url": format!("{base}/stories/{}", r.id),
                        })
                    })
                    .collect();
                // Rendering happens here, off the async threads.
                let body_html = crate::markdown::render(&v.body);
                (
                    StatusCode::OK,
                    json!({
                        "id": v.story_id, "version": v.version, "title": v.title,
                        "body_markdown": v.body, "body_html": body_html,
                        "themes": v.themes, "roles": v.roles, "settings": v.settings, "period": v.period,
                        "content_warnings": v.content_warnings, "published": v.published_month,
                        "licence": v.licence, "content_sha256": v.content_sha256,
                        "url": format!("{base}/stories/{}", v.story_id),
                        "illustrative": record.illustrative, "citation": citation,
                        "related": related,
                    }),
                )
            }
        })
    })
    .await?;
    Ok((answer.0, JsonResponse(answer.1)).into_response())
}

async fn themes(State(state): State<AppState>) -> WebResult<Response> {
    let counts = blocking(&state, |a| a.theme_counts()).await?;
    let list: Vec<Value> = taxonomy()
        .themes
        .iter()
        .map(|t| {
            let n = counts.get(&t.slug).copied().unwrap_or(0);
            json!({
                "slug": t.slug, "path": t.path, "name": t.name, "description": t.description,
                "count": ShownCount::of(n), "count_label": shown_count(n),
            })
        })
        .collect();
    Ok(JsonResponse(json!({ "themes": list })).into_response())
}

/// The submission fields, with repeatable ones as arrays and checkboxes as booleans.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SubmissionJson {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    settings: Vec<String>,
    #[serde(default)]
    period: Option<String>,
    #[serde(default)]
    themes: Vec<String>,
    #[serde(default)]
    content_warnings: Vec<String>,
    #[serde(default)]
    first_hand: bool,
    #[serde(default)]
    consent_publish: bool,
    #[serde(default)]
    consent_quote: bool,
    #[serde(default)]
    consent_research: bool,
    #[serde(default)]
    licence: Option<String>,
}

async fn submit(
    State(state): State<AppState>,
    Client(client): Client,
    Json(s): Json<SubmissionJson>,
) -> WebResult<Response> {
    if !state.limits.submit.allow(&client) {
        return Err(slow_down("stories"));
    }
    let input = SubmissionInput {
        title: s.title,
        body: s.body,
        roles: s.roles,
        settings: s.settings,
        period: s.period.unwrap_or_default(),
        themes: s.themes,
        content_warnings: s.content_warnings,
        first_hand: s.first_hand,
        consent_publish: s.consent_publish,
        consent_quote: s.consent_quote,
        consent_research: s.consent_research,
        licence: s.licence.unwrap_or_default(),
    };
    let done = blocking_scan(&state, move |a| a.submit(&input)).await?;
    let support: Vec<Value> = super::pages::Chrome::plain()
        .support
        .iter()
        .map(|l| json!({"name": l.name, "contact": l.contact, "detail": l.detail}))
        .collect();
    Ok((
        StatusCode::CREATED,
        JsonResponse(json!({
            "receipt": done.receipt.display(),
            "status": "pending",
            "safeguarding": done.urgent,
            "support": support,
        })),
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
struct PreviewJson {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

async fn preview(
    State(state): State<AppState>,
    Client(client): Client,
    Json(p): Json<PreviewJson>,
) -> WebResult<Response> {
    if !state.limits.preview.allow(&client) {
        return Err(slow_down("previews"));
    }
    let preview = blocking_scan(&state, move |a| a.preview(&p.title, &p.body, Fix::Nothing))
        .await
        .map_err(|e| match e {
            ArchiveError::TooLarge(_) => WebError::TooLarge(format!(
                "The body can be at most {} KB.",
                crate::archive::MAX_BODY_BYTES / 1000
            )),
            other => other.into(),
        })?;
    Ok(JsonResponse(json!({
        "html": preview.html,
        "findings": preview.findings,
        "title_findings": preview.title_findings,
        "safeguarding": preview.safeguarding,
        "suggested_themes": preview.suggested_themes,
    }))
    .into_response())
}

#[derive(Debug, Deserialize)]
struct ReceiptJson {
    #[serde(default)]
    receipt: String,
}

async fn receipt(
    _attempt: ReceiptAttempt,
    State(state): State<AppState>,
    Json(r): Json<ReceiptJson>,
) -> WebResult<Response> {
    let view = blocking(&state, move |a| a.receipt_view(&r.receipt))
        .await
        .map_err(|e| match e {
            ArchiveError::NotFound => WebError::NotFound("No story has that receipt code.".into()),
            other => other.into(),
        })?;
    Ok(JsonResponse(json!({
        "status": view.status,
        "story_id": view.story_id,
        "messages": view.messages,
        "redaction_pending": view.redaction.is_some(),
        "redaction_diff": view.redaction,
        "decline_reason": view.decline_reason,
        "consent": view.consent,
    }))
    .into_response())
}

async fn export(
    State(state): State<AppState>,
    SearchQuery { params, request }: SearchQuery,
) -> WebResult<Response> {
    let format = ExportFormat::parse(params.get("format"))?;
    let body = blocking(&state, move |a| {
        a.export_at_most(&request, format, crate::archive::MAX_EXPORTED_OVER_HTTP)
    })
    .await?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                format.content_type().to_owned(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"chorus-export.{}\"",
                    format.extension()
                ),
            ),
        ],
        body,
    )
        .into_response())
}

async fn openapi() -> Response {
    let spec: Value = serde_json::from_str(include_str!("openapi.json")).unwrap_or(Value::Null);
    JsonResponse(spec).into_response()
}
