//! The one error type turned into HTTP responses: 4xx with a clear message, 5xx logged with
//! context and shown as a plain apology. `ApiError` is the same thing rendered as JSON.

use askama::Template;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde_json::json;

use crate::archive::ArchiveError;

use super::pages::{Chrome, MessagePage};

/// An error answered as an HTML page.
#[derive(Debug)]
pub enum WebError {
    /// A 4xx with a message for the person.
    Client(StatusCode, String),
    /// Send the browser elsewhere (e.g. to sign in).
    Redirect(String),
    /// Something broke on our side; logged, never shown.
    Internal(String),
}

impl WebError {
    /// 400 with a message.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::Client(StatusCode::BAD_REQUEST, message.into())
    }

    /// 404.
    pub fn not_found() -> Self {
        Self::Client(
            StatusCode::NOT_FOUND,
            "There is nothing at this address. If you followed a link to a story, it may have a typing mistake in it.".into(),
        )
    }

    /// 403 with a message.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Client(StatusCode::FORBIDDEN, message.into())
    }

    /// Status and message for a client error (for tests and JSON).
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Client(s, _) => *s,
            WebError::Redirect(_) => StatusCode::SEE_OTHER,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<ArchiveError> for WebError {
    fn from(e: ArchiveError) -> Self {
        match e {
            ArchiveError::NotFound => WebError::not_found(),
            ArchiveError::Invalid(m) => {
                WebError::Client(StatusCode::UNPROCESSABLE_ENTITY, m.join(" "))
            }
            ArchiveError::TooLarge(m) => WebError::Client(StatusCode::PAYLOAD_TOO_LARGE, m),
            ArchiveError::Conflict(m) => WebError::Client(StatusCode::CONFLICT, m),
            ArchiveError::Forbidden(m) => WebError::Client(StatusCode::FORBIDDEN, m),
            ArchiveError::Throttled(m) => WebError::Client(StatusCode::TOO_MANY_REQUESTS, m),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(format!("template: {e}"))
    }
}

fn status_heading(status: StatusCode) -> &'static str {
    match status.as_u16() {
        404 => "Not found",
        403 => "Not allowed",
        409 => "That cannot be done now",
        413 => "Too long",
        429 => "Please wait",
        _ => "Something in the request was not right",
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, heading, message) = match self {
            WebError::Redirect(to) => return Redirect::to(&to).into_response(),
            WebError::Client(status, message) => (status, status_heading(status), message),
            WebError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Sorry, something went wrong",
                    "Something went wrong on our side. Nothing you sent has been lost or shown to anyone. Please try again in a little while.".to_owned(),
                )
            }
        };
        let page = MessagePage {
            title: heading.to_owned(),
            chrome: Chrome::plain(),
            heading: heading.to_owned(),
            paragraphs: vec![message],
            links: vec![("/".into(), "Go to the home page".into())],
        };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(_) => (
                status,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                heading,
            )
                .into_response(),
        }
    }
}

/// An error answered as `{"error": {"code", "message"}}`.
#[derive(Debug)]
pub struct ApiError(pub StatusCode, pub &'static str, pub String);

impl ApiError {
    /// 400 `bad_request`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self(StatusCode::BAD_REQUEST, "bad_request", message.into())
    }
}

impl From<ArchiveError> for ApiError {
    fn from(e: ArchiveError) -> Self {
        match e {
            ArchiveError::NotFound => {
                ApiError(StatusCode::NOT_FOUND, "not_found", "Not found.".into())
            }
            ArchiveError::Invalid(m) => {
                ApiError(StatusCode::UNPROCESSABLE_ENTITY, "invalid", m.join(" "))
            }
            ArchiveError::TooLarge(m) => ApiError(StatusCode::PAYLOAD_TOO_LARGE, "too_large", m),
            ArchiveError::Conflict(m) => ApiError(StatusCode::CONFLICT, "conflict", m),
            ArchiveError::Forbidden(m) => ApiError(StatusCode::FORBIDDEN, "forbidden", m),
            ArchiveError::Throttled(m) => {
                ApiError(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", m)
            }
            other => {
                tracing::error!(cause = %other, "internal error");
                ApiError(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on our side.".into(),
                )
            }
        }
    }
}

impl From<WebError> for ApiError {
    fn from(e: WebError) -> Self {
        match e {
            WebError::Client(status, m) => {
                let code = match status.as_u16() {
                    403 => "forbidden",
                    404 => "not_found",
                    409 => "conflict",
                    413 => "too_large",
                    415 => "unsupported_media_type",
                    422 => "invalid",
                    429 => "too_many_requests",
                    _ => "bad_request",
                };
                ApiError(status, code, m)
            }
            WebError::Redirect(_) => ApiError(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Sign in first.".into(),
            ),
            WebError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                ApiError(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "Something went wrong on our side.".into(),
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.1, "message": self.2}});
        (self.0, axum::Json(body)).into_response()
    }
}
