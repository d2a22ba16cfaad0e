//! Moderator pages. Every page needs a live session; every POST needs the session's CSRF token
//! (field `csrf`) and a same-origin request. Sessions live in a `HttpOnly`, `SameSite=Strict`
//! cookie scoped to `/moderate`, and no GET changes state. Here: the routes and the guards;
//! `review` has the queue and the decisions, `admin` sign-in, reports, edits and the audit log.

mod admin;
mod packs;
mod review;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;

use super::extract::IdPath;
use super::forms::{Form, Params};
use super::{blocking, AppState, WebError};
use crate::archive::Role;
use crate::archive::SignedIn;
use crate::auth::constant_time_eq;

const SESSION_COOKIE: &str = "chorus_session";
const LOGIN_COOKIE: &str = "chorus_login";

pub(super) fn routes() -> Router<AppState> {
    // One route per decision, so each address names its use-case; any other word after a
    // submission's address is still checked like a form and then answered with a 404.
    let item = "/moderate/submissions/{id}";
    Router::new()
        .route("/moderate/login", get(admin::login_form).post(admin::login))
        .route("/moderate/logout", post(admin::logout))
        .route("/moderate", get(review::queue))
        .route("/moderate/break", post(review::take_break))
        .route(item, get(review::review))
        .route(&format!("{item}/approve"), post(review::approve))
        .route(
            &format!("{item}/request-changes"),
            post(review::request_changes),
        )
        .route(&format!("{item}/decline"), post(review::decline))
        .route(&format!("{item}/redact"), post(review::redact))
        .route(&format!("{item}/message"), post(review::message))
        .route(&format!("{item}/claim"), post(review::claim))
        .route(&format!("{item}/skip"), post(review::skip))
        .route(&format!("{item}/pass"), post(review::pass))
        .route(&format!("{item}/{{action}}"), post(review::unknown_action))
        .route("/moderate/reports", get(admin::reports))
        .route("/moderate/stories/{id}/unpublish", post(admin::unpublish))
        .route(
            "/moderate/stories/{id}/edit",
            get(admin::edit_form).post(admin::edit),
        )
        .route(
            "/moderate/stories/{id}/edit/approve",
            post(admin::approve_edit),
        )
        .route("/moderate/audit", get(admin::audit))
        .route("/moderate/packs", get(packs::pack_reports))
        .route(
            "/moderate/packs/{id}/unpublish",
            post(packs::unpublish_pack),
        )
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// A cross-site request is refused whatever it carries: browsers say where a request came from.
fn same_origin(headers: &HeaderMap) -> bool {
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if let Some(site) = site {
        if !matches!(site, "same-origin" | "none") {
            return false;
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        // Our own `Referrer-Policy: no-referrer` makes browsers send `Origin: null` on every
        // form post, same-origin ones included; the browser's `Sec-Fetch-Site` (checked above)
        // then says where it came from. Without that header, `null` is refused.
        if origin == "null" && site.is_some() {
            return true;
        }
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let origin_host = origin.split_once("://").map_or("", |(_, h)| h);
        if host.is_empty() || origin_host != host {
            return false;
        }
    }
    true
}

fn cookie_header(state: &AppState, name: &str, value: &str, max_age: Option<u64>) -> HeaderValue {
    let secure = if state.archive.config().behind_tls {
        "; Secure"
    } else {
        ""
    };
    let age = max_age.map_or(String::new(), |a| format!("; Max-Age={a}"));
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/moderate; HttpOnly; SameSite=Strict{secure}{age}"
    ))
    .expect("cookie values are hex")
}

async fn signed_in(parts: &Parts, state: &AppState) -> Result<Option<SignedIn>, WebError> {
    let Some(value) = cookie(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    if value.len() != 64 || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    Ok(blocking(state, move |a| a.session(&value)).await?)
}

/// A signed-in moderator viewing a page; otherwise, off to sign in.
pub(super) struct Moderator(pub SignedIn);

impl FromRequestParts<AppState> for Moderator {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        signed_in(parts, state)
            .await?
            .map(Moderator)
            .ok_or(WebError::SignIn)
    }
}

/// A moderator's form submission, with session, CSRF token and origin all checked.
pub(super) struct ModeratorForm {
    pub who: SignedIn,
    pub params: Params,
}

impl FromRequest<AppState> for ModeratorForm {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        if !same_origin(&parts.headers) {
            return Err(WebError::forbidden(
                "This request came from another site, so it was refused.",
            ));
        }
        let who = signed_in(&parts, state).await?;
        let Some(who) = who else {
            return Err(WebError::forbidden(
                "Your session has ended. Please sign in again.",
            ));
        };
        let Form(params) =
            Form::from_request(Request::from_parts(parts.clone(), body), state).await?;
        let token = params.get("csrf");
        if token.is_empty() || !constant_time_eq(token.as_bytes(), who.session.csrf.as_bytes()) {
            return Err(WebError::forbidden(
                "This form is out of date or was not sent from Chorus (its security token did not match). Please go back, reload the page and try again.",
            ));
        }
        parts.extensions.clear();
        Ok(Self { who, params })
    }
}

fn require_admin(who: &SignedIn) -> Result<(), WebError> {
    if who.moderator().role == Role::Admin {
        Ok(())
    } else {
        Err(WebError::forbidden(
            "Only administrators can see this page.",
        ))
    }
}

/// A moderator's form about one item (`…/{id}/…`). The form is checked first (origin, session,
/// CSRF token) and the id after it, so a forged request is refused alike whatever it names.
pub(super) struct ItemForm<T> {
    pub id: T,
    pub who: SignedIn,
    pub params: Params,
}

impl<T> FromRequest<AppState> for ItemForm<T>
where
    T: DeserializeOwned + Send,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let id = IdPath::<T>::from_request_parts(&mut parts, state).await;
        let form = ModeratorForm::from_request(Request::from_parts(parts, body), state).await?;
        let IdPath(id) = id?;
        Ok(Self {
            id,
            who: form.who,
            params: form.params,
        })
    }
}
