//! Reading request bodies and query strings: `application/x-www-form-urlencoded` with repeatable
//! fields, strict UTF-8, and a size limit; then the validating extractors for the search
//! parameters and the submission form, so handlers only ever see well-formed input.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;

use super::error::WebError;
use crate::archive::{Fix, SubmissionInput};
use crate::archive::{SearchRequest, Sort, MAX_PER_PAGE};
use crate::taxonomy::{taxonomy, Taxonomy};

/// Largest request body read (the Markdown limit is checked separately, with its own message).
pub const MAX_REQUEST_BYTES: usize = 512 * 1024;

/// Decoded `name=value` pairs, in order; a name may repeat.
#[derive(Debug, Clone, Default)]
pub struct Params(pub Vec<(String, String)>);

fn decode(part: &str) -> Result<String, &'static str> {
    let spaced = part.replace('+', " ");
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(&spaced).collect();
    String::from_utf8(bytes).map_err(|_| "The form contained text that is not valid UTF-8.")
}

impl Params {
    /// Parses a urlencoded string.
    pub fn parse(raw: &[u8]) -> Result<Self, &'static str> {
        let raw = std::str::from_utf8(raw)
            .map_err(|_| "The form contained bytes that are not valid UTF-8.")?;
        let mut pairs = Vec::new();
        for part in raw.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            pairs.push((decode(k)?, decode(v)?));
        }
        Ok(Self(pairs))
    }

    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// Every non-empty value of `name` (also `name[]`), in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        let bracketed = format!("{name}[]");
        self.0
            .iter()
            .filter(|(k, v)| (k == name || *k == bracketed) && !v.is_empty())
            .flat_map(|(_, v)| {
                v.split(',')
                    .map(|s| s.trim().to_owned())
                    .collect::<Vec<_>>()
            })
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// A checkbox: `on`, `true`, `1` or `yes`.
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), "on" | "true" | "1" | "yes")
    }

    /// A positive integer, or `None` when absent or not a number.
    pub fn number(&self, name: &str) -> Option<i64> {
        self.get(name).trim().parse().ok()
    }
}

async fn read_body(req: Request) -> Result<axum::body::Bytes, WebError> {
    axum::body::to_bytes(req.into_body(), MAX_REQUEST_BYTES)
        .await
        .map_err(|_| {
            WebError::TooLarge(format!(
                "What you sent is larger than {} KB, the most we accept at once. Stories can be up to 100 KB.",
                MAX_REQUEST_BYTES / 1024
            ))
        })
}

/// A urlencoded form body.
#[derive(Debug)]
pub struct Form(pub Params);

impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = WebError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(WebError::UnsupportedMediaType(
                "Please send this as a form (application/x-www-form-urlencoded).".into(),
            ));
        }
        let bytes = read_body(req).await?;
        Params::parse(&bytes)
            .map(Form)
            .map_err(WebError::bad_request)
    }
}

/// The query string.
#[derive(Debug)]
pub struct Query(pub Params);

impl<S: Send + Sync> FromRequestParts<S> for Query {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or("");
        Params::parse(raw.as_bytes())
            .map(Query)
            .map_err(WebError::bad_request)
    }
}

/// A JSON body, with a JSON error when it is missing, too large or malformed.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_body(req).await?;
        serde_json::from_slice(&bytes).map(Json).map_err(|e| {
            WebError::bad_request(format!("The request body is not the JSON we expected: {e}"))
        })
    }
}

/// Search parameters from the query string, checked: every problem is reported, one message
/// each. The page, the API, the feeds and the export all read them this way.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    /// The raw parameters (the page builds its facet links from them).
    pub params: Params,
    /// The request they describe.
    pub request: SearchRequest,
}

impl SearchQuery {
    /// Reads `p`, with `default_per_page` results to a page unless `per_page` says otherwise.
    pub fn read(params: Params, default_per_page: usize) -> Result<Self, WebError> {
        search_request(&params, default_per_page)
            .map(|request| Self { params, request })
            .map_err(WebError::BadRequest)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SearchQuery {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(p) = Query::from_request_parts(parts, state).await?;
        Self::read(p, 20)
    }
}

fn search_request(p: &Params, default_per_page: usize) -> Result<SearchRequest, Vec<String>> {
    let mut problems = Vec::new();
    let mut year = |name: &str| -> Option<i64> {
        let v = p.get(name).trim();
        if v.is_empty() {
            return None;
        }
        match v.trim_end_matches('s').parse::<i64>() {
            // "2010s" as the end of a range means the end of the decade.
            Ok(y) if (1900..=2100).contains(&y) => Some(if name == "to" && v.ends_with('s') {
                y + 9
            } else {
                y
            }),
            _ => {
                problems.push(format!("'{name}' should be a year such as 2015."));
                None
            }
        }
    };
    let (from, to) = (year("from"), year("to"));
    let sort = match p.get("sort").trim() {
        "" => None,
        s => {
            let sort = Sort::parse(s);
            if sort.is_none() {
                problems.push("'sort' should be relevance, newest or oldest.".into());
            }
            sort
        }
    };
    let mut positive = |name: &str, default: usize| -> usize {
        let v = p.get(name).trim();
        if v.is_empty() {
            return default;
        }
        match v.parse::<usize>() {
            Ok(n) if n >= 1 => n,
            _ => {
                problems.push(format!("'{name}' should be a whole number from 1."));
                default
            }
        }
    };
    let per_page = positive("per_page", default_per_page);
    let page = positive("page", 1).min(10_000);
    let exact = match p.get("exact").trim() {
        "" | "off" | "false" | "0" | "no" => false,
        "on" | "true" | "1" | "yes" => true,
        _ => {
            problems.push("'exact' should be on or off.".into());
            false
        }
    };
    if per_page > MAX_PER_PAGE {
        problems.push(format!("'per_page' can be at most {MAX_PER_PAGE}."));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let t = taxonomy();
    Ok(SearchRequest {
        q: p.get("q").to_owned(),
        themes: p.all("theme"),
        roles: Taxonomy::known(&t.roles, &p.all("role")),
        settings: Taxonomy::known(&t.settings, &p.all("setting")),
        from,
        to,
        exclude_cw: p.all("exclude_cw"),
        sort,
        page,
        per_page,
        exact,
    })
}

/// The submission form of INTERFACE.md, with the preview's `fix` button.
#[derive(Debug, Clone)]
pub struct ShareForm {
    /// What was typed.
    pub input: SubmissionInput,
    /// Which identifiers to replace, when a preview's button asked for it.
    pub fix: Fix,
}

impl ShareForm {
    /// Reads the submission fields from a form.
    pub fn read(p: &Params) -> Self {
        Self {
            input: SubmissionInput {
                title: p.get("title").to_owned(),
                body: p.get("body").to_owned(),
                roles: p.all("roles"),
                settings: p.all("settings"),
                period: p.get("period").to_owned(),
                themes: p.all("themes"),
                content_warnings: p.all("content_warnings"),
                first_hand: p.flag("first_hand"),
                consent_publish: p.flag("consent_publish"),
                consent_quote: p.flag("consent_quote"),
                consent_research: p.flag("consent_research"),
                licence: p.get("licence").to_owned(),
            },
            fix: Fix::parse(p.get("fix")),
        }
    }
}

impl<S: Send + Sync> FromRequest<S> for ShareForm {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Form(p) = Form::from_request(req, state).await?;
        Ok(Self::read(&p))
    }
}
