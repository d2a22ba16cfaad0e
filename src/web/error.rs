//! The one error type turned into HTTP responses: 4xx with a clear message, 5xx logged with
//! context and shown as a plain apology. Each router renders it in its own form: the pages as an
//! HTML page, the API (`/api/…`) as `{"error": {"code", "message", "messages"}}`.

use askama::Template;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde_json::json;

use crate::archive::ArchiveError;

use super::pages::{Chrome, MessagePage};

/// Why a request was not answered as asked.
#[derive(Debug, Clone)]
pub enum WebError {
    /// 400: the request itself was malformed; one message per problem.
    BadRequest(Vec<String>),
    /// 401 for the API, a redirect to the sign-in page for pages.
    SignIn,
    /// 403.
    Forbidden(String),
    /// 404, with what to tell the person.
    NotFound(String),
    /// 409: the action does not fit the current state.
    Conflict(String),
    /// 413.
    TooLarge(String),
    /// 415.
    UnsupportedMediaType(String),
    /// 422: well-formed but not acceptable; one message per problem.
    Invalid(Vec<String>),
    /// 429.
    RateLimited(String),
    /// 503: try again later.
    Unavailable(String),
    /// 500: something broke on our side; the cause is logged, never shown.
    Internal(String),
}

const NOT_FOUND: &str = "There is nothing at this address. If you followed a link to a story, it may have a typing mistake in it.";

impl WebError {
    /// 400 with one message.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest(vec![message.into()])
    }

    /// 404 with the usual message.
    pub fn not_found() -> Self {
        Self::NotFound(NOT_FOUND.to_owned())
    }

    /// 403 with a message.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::Forbidden(message.into())
    }

    /// The status code it is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::SignIn => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The machine-readable code of the JSON form.
    fn code(&self) -> &'static str {
        match self {
            WebError::BadRequest(_) => "bad_request",
            WebError::SignIn => "unauthorized",
            WebError::Forbidden(_) => "forbidden",
            WebError::NotFound(_) => "not_found",
            WebError::Conflict(_) => "conflict",
            WebError::TooLarge(_) => "too_large",
            WebError::UnsupportedMediaType(_) => "unsupported_media_type",
            WebError::Invalid(_) => "invalid",
            WebError::RateLimited(_) => "too_many_requests",
            WebError::Unavailable(_) => "unavailable",
            WebError::Internal(_) => "internal",
        }
    }

    fn heading(&self) -> &'static str {
        match self {
            WebError::NotFound(_) => "Not found",
            WebError::Forbidden(_) | WebError::SignIn => "Not allowed",
            WebError::Conflict(_) => "That cannot be done now",
            WebError::TooLarge(_) => "Too long",
            WebError::RateLimited(_) => "Please wait",
            WebError::Unavailable(_) => "Not available just now",
            WebError::Internal(_) => "Sorry, something went wrong",
            _ => "Something in the request was not right",
        }
    }

    /// What the person is told, one item per problem. Internal causes are never shown.
    pub fn messages(&self) -> Vec<String> {
        match self {
            WebError::BadRequest(m) | WebError::Invalid(m) => m.clone(),
            WebError::SignIn => vec!["Sign in first.".to_owned()],
            WebError::Forbidden(m)
            | WebError::NotFound(m)
            | WebError::Conflict(m)
            | WebError::TooLarge(m)
            | WebError::UnsupportedMediaType(m)
            | WebError::RateLimited(m)
            | WebError::Unavailable(m) => vec![m.clone()],
            WebError::Internal(_) => vec!["Something went wrong on our side. Nothing you sent has been lost or shown to anyone. Please try again in a little while.".to_owned()],
        }
    }

    /// The JSON form, for the API router.
    pub fn into_json_response(self) -> Response {
        self.log();
        let messages = self.messages();
        let body = json!({"error": {
            "code": self.code(),
            "message": messages.join(" "),
            "messages": messages,
        }});
        (self.status(), axum::Json(body)).into_response()
    }

    fn into_html_response(self) -> Response {
        self.log();
        if let WebError::SignIn = self {
            return Redirect::to("/moderate/login").into_response();
        }
        let heading = self.heading();
        let page = MessagePage {
            title: heading.to_owned(),
            chrome: Chrome::plain(),
            heading: heading.to_owned(),
            paragraphs: self.messages(),
            links: vec![("/".into(), "Go to the home page".into())],
        };
        let status = self.status();
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

    fn log(&self) {
        if let WebError::Internal(cause) = self {
            tracing::error!(%cause, "internal error");
        }
    }
}

/// What `IntoResponse` leaves on a response so that the router it belongs to can render it.
#[derive(Debug, Clone)]
pub(super) struct Unrendered(pub WebError);

impl IntoResponse for WebError {
    /// Pages are the default; the API router's layer ([`render_as_json`]) swaps in the JSON form.
    fn into_response(self) -> Response {
        let mut res = self.clone().into_html_response();
        res.extensions_mut().insert(Unrendered(self));
        res
    }
}

/// A layer for the API router: every error becomes JSON, whichever extractor or handler raised it.
pub(super) async fn render_as_json(res: Response) -> Response {
    match res.extensions().get::<Unrendered>() {
        Some(Unrendered(e)) => e.clone().into_json_response(),
        None => res,
    }
}

impl From<ArchiveError> for WebError {
    fn from(e: ArchiveError) -> Self {
        match e {
            ArchiveError::NotFound => WebError::not_found(),
            ArchiveError::Invalid(m) => WebError::Invalid(m),
            ArchiveError::TooLarge(m) => WebError::TooLarge(m),
            ArchiveError::Conflict(m) => WebError::Conflict(m),
            ArchiveError::Forbidden(m) => WebError::Forbidden(m),
            ArchiveError::Throttled(m) => WebError::RateLimited(m),
            ArchiveError::Unavailable(m) => WebError::Unavailable(m),
            other @ (ArchiveError::Store(_)
            | ArchiveError::Search(_)
            | ArchiveError::Internal(_)) => WebError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::Internal(format!("template: {e}"))
    }
}

/// Result alias for handlers.
pub type WebResult<T> = Result<T, WebError>;
