//! "Cite this": the page with every format for a story, a version or one paragraph, and the
//! BibTeX, RIS and CSL-JSON downloads. The citation itself is made by the archive.

use askama::Template;
use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use super::query_string;
use crate::archive::CitationView;
use crate::cite::Citation;
use crate::ids::StoryId;
use crate::web::extract::IdPath;
use crate::web::forms::{Params, Query};
use crate::web::pages::{html, Chrome};
use crate::web::{blocking, AppState, WebError, WebResult};

#[derive(Template)]
#[template(path = "cite.html")]
struct CitePage {
    title: String,
    chrome: Chrome,
    id: String,
    c: Citation,
    csl: String,
    quoted: Option<String>,
    query: String,
    latest: i64,
}

/// Reads `?v=n&p=k` (both optional, whole numbers from 1).
fn version_and_paragraph(p: &Params) -> WebResult<(Option<i64>, Option<u32>)> {
    let mut problems = Vec::new();
    let mut number = |name: &str| -> Option<i64> {
        match p.get(name).trim() {
            "" => None,
            v => {
                let n = v.parse::<i64>().ok().filter(|n| *n >= 1);
                if n.is_none() {
                    problems.push(format!("'{name}' should be a whole number from 1."));
                }
                n
            }
        }
    };
    let (v, para) = (number("v"), number("p"));
    if !problems.is_empty() {
        return Err(WebError::BadRequest(problems));
    }
    // No story has four billion paragraphs.
    let para = para
        .map(|n| u32::try_from(n).map_err(|_| WebError::not_found()))
        .transpose()?;
    Ok((v, para))
}

/// The citation for `?v=n&p=k` of a story; 404 for a version or paragraph that does not exist.
async fn citation_for(state: &AppState, id: StoryId, p: &Params) -> WebResult<CitationView> {
    let (version, paragraph) = version_and_paragraph(p)?;
    Ok(blocking(state, move |a| a.cite(&id, version, paragraph)).await?)
}

/// `?v=…&p=…` as given, for the download links.
fn cite_query(p: &Params) -> String {
    let pairs: Vec<(String, String)> =
        p.0.iter()
            .filter(|(k, _)| k == "v" || k == "p")
            .cloned()
            .collect();
    let q = query_string(&pairs);
    if q.is_empty() {
        q
    } else {
        format!("?{q}")
    }
}

fn csl_json(c: &Citation) -> String {
    serde_json::to_string_pretty(&serde_json::json!([c.csl])).unwrap_or_default()
}

pub(super) async fn cite_page(
    State(state): State<AppState>,
    IdPath(id): IdPath<StoryId>,
    Query(p): Query,
) -> WebResult<Html<String>> {
    let view = citation_for(&state, id.clone(), &p).await?;
    let c = view.citation;
    html(&CitePage {
        title: format!("Cite: {}", c.title),
        chrome: Chrome::plain(),
        csl: csl_json(&c),
        query: cite_query(&p),
        id: id.to_string(),
        c,
        quoted: view.quoted,
        latest: view.latest,
    })
}

/// The citation downloads.
#[derive(Clone, Copy)]
enum CiteFile {
    Bib,
    Ris,
    Json,
}

async fn cite_file(state: AppState, id: StoryId, p: Params, kind: CiteFile) -> WebResult<Response> {
    let c = citation_for(&state, id.clone(), &p).await?.citation;
    let (content_type, ext, body) = match kind {
        CiteFile::Bib => ("application/x-bibtex; charset=utf-8", "bib", c.bibtex),
        CiteFile::Ris => (
            "application/x-research-info-systems; charset=utf-8",
            "ris",
            c.ris,
        ),
        CiteFile::Json => (
            "application/vnd.citationstyles.csl+json; charset=utf-8",
            "json",
            csl_json(&c),
        ),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"chorus-{id}.{ext}\""),
            ),
        ],
        body,
    )
        .into_response())
}

pub(super) async fn cite_bib(
    State(state): State<AppState>,
    IdPath(id): IdPath<StoryId>,
    Query(p): Query,
) -> WebResult<Response> {
    cite_file(state, id, p, CiteFile::Bib).await
}

pub(super) async fn cite_ris(
    State(state): State<AppState>,
    IdPath(id): IdPath<StoryId>,
    Query(p): Query,
) -> WebResult<Response> {
    cite_file(state, id, p, CiteFile::Ris).await
}

pub(super) async fn cite_json(
    State(state): State<AppState>,
    IdPath(id): IdPath<StoryId>,
    Query(p): Query,
) -> WebResult<Response> {
    cite_file(state, id, p, CiteFile::Json).await
}
