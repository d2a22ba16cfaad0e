//! Public pages: home, sharing a story, reading and searching, citing, figures, policy pages and
//! feeds. No cookies are set here and nothing is loaded from other hosts.

mod browse;
mod cite;
mod feed;
mod figures;
mod pack_edit;
mod packs;
mod share;
mod story;

use axum::routing::{get, post};
use axum::Router;

use super::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(figures::home))
        .route("/share", get(share::share_form).post(share::share))
        .route("/share/preview", post(share::share_preview))
        .route("/stories", get(browse::stories))
        .route("/stories/{id}", get(story::story_latest))
        .route("/stories/{id}/v/{n}", get(story::story_version))
        .route("/stories/{id}/report", post(story::report))
        .route("/stories/{id}/cite", get(cite::cite_page))
        .route("/stories/{id}/cite.bib", get(cite::cite_bib))
        .route("/stories/{id}/cite.ris", get(cite::cite_ris))
        .route("/stories/{id}/cite.json", get(cite::cite_json))
        .route("/stories/feed.atom", get(feed::search_feed))
        .route("/themes", get(browse::themes))
        .route("/themes/{slug}", get(browse::theme))
        .route("/about", get(figures::about))
        .route("/privacy", get(figures::privacy))
        .route("/moderation", get(figures::moderation_policy))
        .route("/transparency", get(figures::transparency))
        .route("/stats", get(figures::stats))
        .route("/feed.atom", get(feed::feed))
        .route("/packs", get(packs::new_pack_form).post(packs::create))
        .route("/packs/add", post(packs::add_from_story))
        .route("/packs/{id}", get(packs::show))
        .route("/packs/{id}/edit/{secret}", get(pack_edit::edit_page))
        .route("/packs/{id}/items", post(pack_edit::add_item))
        .route(
            "/packs/{id}/items/{item}/{action}",
            post(pack_edit::change_item),
        )
        .route("/packs/{id}/details", post(pack_edit::update))
        .route("/packs/{id}/report", post(packs::report))
}

/// Percent-encodes one query-string component.
fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// `k=v&k=v` from pairs, leaving out empty values.
fn query_string(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}
