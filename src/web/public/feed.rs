//! Atom feeds: newly published stories, and any search as a saved-search feed. Summaries are
//! escaped exactly once: plain text as `type="text"`, highlighted snippets as `type="html"`.

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::archive::Sort;
use crate::web::forms::{Query, SearchQuery};
use crate::web::{blocking, AppState, WebResult};

/// One entry of a feed.
struct Entry {
    id: String,
    title: String,
    /// `YYYY-MM`.
    month: String,
    summary: String,
    /// `text` or `html`: what the summary is, once unescaped by the reader.
    summary_type: &'static str,
}

#[derive(Template)]
#[template(path = "feed.xml")]
struct Feed {
    title: &'static str,
    base: String,
    self_path: &'static str,
    updated: String,
    entries: Vec<Entry>,
}

/// Drops the characters XML 1.0 forbids even as references (C0 controls other than tab and
/// line breaks, U+FFFE, U+FFFF): one of them in a story would make the whole feed unreadable.
fn xml_chars(text: &str) -> String {
    text.chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | ' '..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..))
        .collect()
}

fn atom(
    state: &AppState,
    title: &'static str,
    self_path: &'static str,
    mut entries: Vec<Entry>,
) -> WebResult<Response> {
    for e in &mut entries {
        e.title = xml_chars(&e.title);
        e.summary = xml_chars(&e.summary);
    }
    let feed = Feed {
        title,
        base: state.archive.config().public_url.clone(),
        self_path,
        updated: entries
            .first()
            .map_or("2000-01".to_owned(), |e| e.month.clone()),
        entries,
    };
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.render()?,
    )
        .into_response())
}

pub(super) async fn feed(State(state): State<AppState>) -> WebResult<Response> {
    let entries = blocking(&state, |a| {
        Ok(a.latest_stories(30)?
            .into_iter()
            .map(|v| Entry {
                summary: crate::markdown::plain_text(&v.body)
                    .chars()
                    .take(400)
                    .collect(),
                summary_type: "text",
                id: v.story_id.to_string(),
                title: v.title,
                month: v.published_month,
            })
            .collect())
    })
    .await?;
    atom(
        &state,
        "Chorus: newly published stories",
        "/feed.atom",
        entries,
    )
}

pub(super) async fn search_feed(
    State(state): State<AppState>,
    Query(p): Query,
) -> WebResult<Response> {
    let mut req = SearchQuery::read(p, 30)?.request;
    if req.sort.is_none() {
        req.sort = Some(Sort::Newest);
    }
    let results = blocking(&state, move |a| a.search(&req)).await?;
    let entries = results
        .hits
        .into_iter()
        .map(|h| Entry {
            summary: crate::web::snippet::snippet_html(&h.snippet),
            summary_type: "html",
            id: h.id.to_string(),
            title: h.title,
            month: h.published,
        })
        .collect();
    atom(
        &state,
        "Chorus: saved search",
        "/stories/feed.atom",
        entries,
    )
}
