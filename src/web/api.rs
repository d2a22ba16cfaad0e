//! The JSON API under `/api/v1`, described by `/api/v1/openapi.json`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json as JsonResponse, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::forms::{Json, Query};
use super::public::search_request;
use super::receipt::ReceiptAttempt;
use super::snippet::snippet_html;
use super::{blocking, ApiError, AppState};
use crate::archive::{privacy_count, Archive, StoryLookup, SubmissionInput};
use crate::taxonomy::taxonomy;

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
}

async fn search(
    State(state): State<AppState>,
    query: Result<Query, super::WebError>,
) -> Result<Response, ApiError> {
    let Query(p) = query?;
    let req = search_request(&p, 20).map_err(ApiError::bad_request)?;
    let base = state.archive.config.public_url.clone();
    let results = blocking(&state, move |a| a.search(&req)).await?;
    let hits: Vec<Value> = results
        .hits
        .iter()
        .map(|h| {
            json!({
                "id": h.id, "title": h.title, "snippet_html": snippet_html(&h.snippet), "themes": h.themes,
                "published": h.published, "url": format!("{base}/stories/{}", h.id),
            })
        })
        .collect();
    Ok(JsonResponse(json!({
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "hits": hits,
        "facets": results.facets,
        "note": results.note,
    }))
    .into_response())
}

async fn story(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let Some(id) = crate::ids::StoryId::parse(&id) else {
        return Err(ApiError(
            StatusCode::NOT_FOUND,
            "not_found",
            "No story has that id.".into(),
        ));
    };
    let lookup = blocking(&state, move |a| a.story(&id, None)).await?;
    let base = &state.archive.config.public_url;
    match lookup {
        StoryLookup::Gone(record) => Ok((
            StatusCode::GONE,
            JsonResponse(json!({
                "error": {
                    "code": if record.state == crate::store::StoryState::Withdrawn { "withdrawn" } else { "unpublished" },
                    "message": if record.state == crate::store::StoryState::Withdrawn { "This story was withdrawn by its author." } else { "This story is no longer published." },
                },
                "id": record.id,
                "ended": record.ended_month,
            })),
        )
            .into_response()),
        StoryLookup::Readable { version: v, record, .. } => {
            let url = format!("{base}/stories/{}", v.story_id);
            let version_url = format!("{url}/v/{}", v.version);
            let citation = crate::cite::citation(&crate::cite::Source {
                story_id: &v.story_id,
                title: &v.title,
                version: v.version,
                month: &v.published_month,
                paragraph: None,
                url: &version_url,
                accessed: crate::dates::Day::today(),
            });
            Ok(JsonResponse(json!({
                "id": v.story_id, "version": v.version, "title": v.title,
                "body_markdown": v.body, "body_html": crate::markdown::render(&v.body),
                "themes": v.themes, "roles": v.roles, "settings": v.settings, "period": v.period,
                "content_warnings": v.content_warnings, "published": v.published_month,
                "licence": v.licence, "content_sha256": v.content_sha256, "url": url,
                "illustrative": record.illustrative, "citation": citation,
            }))
            .into_response())
        }
    }
}

async fn themes(State(state): State<AppState>) -> Result<Response, ApiError> {
    let counts = blocking(&state, |a| a.theme_counts()).await?;
    let list: Vec<Value> = taxonomy()
        .themes
        .iter()
        .map(|t| {
            let n = counts.get(&t.slug).copied().unwrap_or(0);
            json!({
                "slug": t.slug, "path": t.path, "name": t.name, "description": t.description,
                "count": n, "count_label": privacy_count(n),
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
    body: Result<Json<SubmissionJson>, ApiError>,
) -> Result<Response, ApiError> {
    let Json(s) = body?;
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
    let done = blocking(&state, move |a| a.submit(&input)).await?;
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

async fn preview(body: Result<Json<PreviewJson>, ApiError>) -> Result<Response, ApiError> {
    let Json(p) = body?;
    if p.body.len() > crate::archive::MAX_BODY_BYTES {
        return Err(ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!(
                "The body can be at most {} KB.",
                crate::archive::MAX_BODY_BYTES / 1000
            ),
        ));
    }
    let preview = tokio::task::spawn_blocking(move || Archive::preview(&p.title, &p.body))
        .await
        .map_err(|_| {
            ApiError(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "The preview failed.".into(),
            )
        })?;
    Ok(JsonResponse(json!({
        "html": preview.html,
        "findings": preview.findings,
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
    attempt: Result<ReceiptAttempt, super::WebError>,
    State(state): State<AppState>,
    body: Result<Json<ReceiptJson>, ApiError>,
) -> Result<Response, ApiError> {
    attempt?;
    let Json(r) = body?;
    let view = blocking(&state, move |a| a.receipt_view(&r.receipt))
        .await
        .map_err(|e| match e {
            super::WebError::Client(StatusCode::NOT_FOUND, _) => ApiError(
                StatusCode::NOT_FOUND,
                "not_found",
                "No story has that receipt code.".into(),
            ),
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
    query: Result<Query, super::WebError>,
) -> Result<Response, ApiError> {
    let Query(p) = query?;
    let format = crate::archive::ExportFormat::parse(p.get("format")).map_err(ApiError::from)?;
    let req = search_request(&p, 20).map_err(ApiError::bad_request)?;
    let body = blocking(&state, move |a| a.export(&req, format)).await?;
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
