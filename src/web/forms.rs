//! Reading request bodies and query strings: `application/x-www-form-urlencoded` with repeatable
//! fields, strict UTF-8, and a size limit, so handlers only ever see well-formed input.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};

use super::error::{ApiError, WebError};

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

async fn read_body(req: Request) -> Result<axum::body::Bytes, (StatusCode, String)> {
    axum::body::to_bytes(req.into_body(), MAX_REQUEST_BYTES)
        .await
        .map_err(|_| {
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "What you sent is larger than {} KB, the most we accept at once. Stories can be up to 100 KB.",
                    MAX_REQUEST_BYTES / 1024
                ),
            )
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
            return Err(WebError::Client(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Please send this as a form (application/x-www-form-urlencoded).".into(),
            ));
        }
        let bytes = read_body(req)
            .await
            .map_err(|(s, m)| WebError::Client(s, m))?;
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
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_body(req)
            .await
            .map_err(|(s, m)| ApiError(s, "too_large", m))?;
        serde_json::from_slice(&bytes).map(Json).map_err(|e| {
            ApiError::bad_request(format!("The request body is not the JSON we expected: {e}"))
        })
    }
}
