//! The static files: the one stylesheet, at an address named by its content's hash so that it
//! can be cached for ever (a new stylesheet is a new address), and the favicon, an inline SVG.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The stylesheet, built into the binary.
pub const STYLESHEET: &str = include_str!("../../templates/style.css");

/// A speech mark in the site's colours: small, self-contained, no request beyond itself.
pub const FAVICON_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#24577a"/><path d="M8 9h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9l-5 4v-4H8a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2z" fill="#fbfaf7"/><circle cx="12" cy="15.5" r="1.6" fill="#24577a"/><circle cx="16" cy="15.5" r="1.6" fill="#24577a"/><circle cx="20" cy="15.5" r="1.6" fill="#24577a"/></svg>"##;

/// Cache-Control for content named by its hash: it can never change at that address.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

fn style_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        let digest = Sha256::digest(STYLESHEET.as_bytes());
        digest[..6].iter().map(|b| format!("{b:02x}")).collect()
    })
}

/// `/static/style.<hash>.css`, the hash computed once at start-up from the stylesheet itself.
pub fn stylesheet_href() -> &'static str {
    static HREF: OnceLock<String> = OnceLock::new();
    HREF.get_or_init(|| format!("/static/style.{}.css", style_hash()))
}

fn css(cache: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, cache),
        ],
        STYLESHEET,
    )
        .into_response()
}

/// `/static/style.css`: the old address keeps working, cached only briefly.
pub(super) async fn stylesheet() -> Response {
    css("public, max-age=3600")
}

/// `/static/{file}`: the hashed stylesheet, immutable; any other name (an old hash included)
/// is not found, so a stale page never pins a stylesheet that is not this one.
pub(super) async fn static_file(Path(file): Path<String>) -> Response {
    let current = stylesheet_href().trim_start_matches("/static/");
    if file == current {
        css(IMMUTABLE)
    } else {
        super::WebError::not_found().into_response()
    }
}

/// `/favicon.svg` and `/favicon.ico` (browsers ask for the latter unprompted): the same SVG.
pub(super) async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=604800"),
        ],
        FAVICON_SVG,
    )
        .into_response()
}
