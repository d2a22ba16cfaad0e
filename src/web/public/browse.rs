//! Reading and searching: the search page with facets and pages, the list of themes, and one
//! theme's stories (the search page with that theme chosen).

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::query_string;
use crate::archive::shown_count;
use crate::archive::{Hit, SearchRequest};
use crate::dates::month_label;
use crate::taxonomy::{taxonomy, Term, Theme};
use crate::web::forms::{Params, Query, SearchQuery};
use crate::web::pages::{html, Chrome};
use crate::web::{blocking, AppState, WebError, WebResult};

/// A facet value on the search page.
pub(in crate::web) struct FacetLink {
    pub name: String,
    pub count: String,
    pub href: String,
    pub selected: bool,
}

/// One result, ready to print.
struct HitView {
    id: String,
    title: String,
    snippet_html: String,
    published: String,
    themes: Vec<(String, String)>,
    /// "also matched: …": the thesaurus's other words, and linked themes, found in it.
    also_matched: String,
}

impl From<Hit> for HitView {
    fn from(h: Hit) -> Self {
        let t = taxonomy();
        Self {
            published: month_label(&h.published),
            themes: h
                .themes
                .iter()
                .map(|slug| {
                    let name = t.theme(slug).map_or(slug.clone(), |th| th.name.clone());
                    (slug.clone(), name)
                })
                .collect(),
            snippet_html: crate::web::snippet::snippet_html(&h.snippet),
            also_matched: h.also_matched.join(", "),
            id: h.id.to_string(),
            title: h.title,
        }
    }
}

/// An option of the sort menu.
struct SortOption {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

/// A content warning the reader may hide.
struct WarningChoice {
    term: Term,
    checked: bool,
}

#[derive(Template)]
#[template(path = "stories.html")]
struct StoriesPage {
    title: String,
    chrome: Chrome,
    heading: String,
    intro: String,
    base: String,
    q: String,
    exact: bool,
    /// Carried onto each story's link, so its related stories hide the same warnings.
    story_query: String,
    from: String,
    to: String,
    more_open: bool,
    sort_options: Vec<SortOption>,
    total: String,
    total_label: &'static str,
    page: usize,
    note: Option<String>,
    hits: Vec<HitView>,
    theme_facets: Vec<FacetLink>,
    role_facets: Vec<FacetLink>,
    setting_facets: Vec<FacetLink>,
    warnings: Vec<WarningChoice>,
    hidden: Vec<(String, String)>,
    prev: Option<String>,
    next: Option<String>,
    feed: String,
    errors: Vec<String>,
}

/// The query string with `name=value` added, or removed when present; back to page 1.
fn toggled(p: &Params, name: &str, value: &str) -> String {
    let mut pairs: Vec<(String, String)> =
        p.0.iter().filter(|(k, _)| k != "page").cloned().collect();
    let present = pairs.iter().any(|(k, v)| k == name && v == value);
    if present {
        pairs.retain(|(k, v)| !(k == name && v == value));
    } else {
        pairs.push((name.to_owned(), value.to_owned()));
    }
    query_string(&pairs)
}

fn with_page(p: &Params, page: usize) -> String {
    let mut pairs: Vec<(String, String)> =
        p.0.iter().filter(|(k, _)| k != "page").cloned().collect();
    pairs.push(("page".into(), page.to_string()));
    query_string(&pairs)
}

/// Facet links for the values of one list that occur in the results (or are chosen).
fn facet_links(
    base: &str,
    p: &Params,
    name: &str,
    values: impl Iterator<Item = (String, String)>,
    counts: &BTreeMap<String, u64>,
    selected: &[String],
) -> Vec<FacetLink> {
    values
        .filter_map(|(slug, label)| {
            let count = counts.get(&slug).copied().unwrap_or(0);
            let is_selected = selected.contains(&slug);
            (count > 0 || is_selected).then(|| FacetLink {
                count: shown_count(count),
                href: format!("{base}?{}", toggled(p, name, &slug)),
                selected: is_selected,
                name: label,
            })
        })
        .collect()
}

/// `?exclude_cw=…` for links to stories, or nothing.
pub(in crate::web) fn story_query(exclude_cw: &[String]) -> String {
    let pairs: Vec<String> = exclude_cw
        .iter()
        .filter(|w| !w.is_empty())
        .map(|w| format!("exclude_cw={}", super::encode(w)))
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

async fn render_search(
    state: &AppState,
    p: Params,
    base: &str,
    heading: String,
    intro: String,
) -> WebResult<Response> {
    // A mistaken parameter is shown on the page, which still answers with every default.
    let (req, errors) = match SearchQuery::read(p.clone(), 20) {
        Ok(q) => (q.request, Vec::new()),
        Err(e) => (
            SearchRequest {
                page: 1,
                per_page: 20,
                ..Default::default()
            },
            e.messages(),
        ),
    };
    let request = req.clone();
    let results = blocking(state, move |a| a.search(&request)).await?;
    let t = taxonomy();
    let terms = |list: &[Term]| {
        list.iter()
            .map(|x| (x.slug.clone(), x.name.clone()))
            .collect::<Vec<_>>()
    };
    let theme_facets = facet_links(
        base,
        &p,
        "theme",
        t.themes.iter().map(|th| (th.slug.clone(), th.name.clone())),
        &results.facets.theme,
        &req.themes,
    );
    let role_facets = facet_links(
        base,
        &p,
        "role",
        terms(&t.roles).into_iter(),
        &results.facets.role,
        &req.roles,
    );
    let setting_facets = facet_links(
        base,
        &p,
        "setting",
        terms(&t.settings).into_iter(),
        &results.facets.setting,
        &req.settings,
    );
    let pages = results.total.div_ceil(results.per_page.max(1));
    let prev = (results.page > 1).then(|| format!("{base}?{}", with_page(&p, results.page - 1)));
    let next =
        (results.page < pages).then(|| format!("{base}?{}", with_page(&p, results.page + 1)));
    let hidden: Vec<(String, String)> =
        p.0.iter()
            .filter(|(k, v)| matches!(k.as_str(), "theme" | "role" | "setting") && !v.is_empty())
            .cloned()
            .collect();
    let qs = query_string(
        &p.0.iter()
            .filter(|(k, _)| k != "page")
            .cloned()
            .collect::<Vec<_>>(),
    );
    let sort = p.get("sort");
    let page = StoriesPage {
        title: heading.clone(),
        chrome: Chrome::plain(),
        heading,
        intro,
        base: base.to_owned(),
        q: req.q.clone(),
        exact: req.exact,
        story_query: story_query(&req.exclude_cw),
        from: p.get("from").to_owned(),
        to: p.get("to").to_owned(),
        more_open: !p.get("from").is_empty() || !p.get("to").is_empty() || !sort.is_empty(),
        sort_options: [
            ("", "Best match (or newest)"),
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
        ]
        .into_iter()
        .map(|(value, label)| SortOption {
            value,
            label,
            selected: sort == value,
        })
        .collect(),
        warnings: t
            .content_warnings
            .iter()
            .map(|w| WarningChoice {
                term: w.clone(),
                checked: req.exclude_cw.contains(&w.slug),
            })
            .collect(),
        theme_facets,
        role_facets,
        setting_facets,
        hidden,
        prev,
        next,
        feed: if qs.is_empty() {
            "/stories/feed.atom".to_owned()
        } else {
            format!("/stories/feed.atom?{qs}")
        },
        total: shown_count(results.total as u64),
        total_label: if results.total == 1 {
            "story"
        } else {
            "stories"
        },
        page: results.page,
        note: results.note,
        hits: results.hits.into_iter().map(HitView::from).collect(),
        errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok((status, html(&page)?).into_response())
}

pub(super) async fn stories(State(state): State<AppState>, Query(p): Query) -> WebResult<Response> {
    render_search(
        &state,
        p,
        "/stories",
        "Read and search the archive".into(),
        String::new(),
    )
    .await
}

pub(super) async fn theme(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(mut p): Query,
) -> WebResult<Response> {
    let theme = taxonomy()
        .theme(&slug)
        .ok_or_else(WebError::not_found)?
        .clone();
    if !p.all("theme").contains(&theme.slug) {
        p.0.push(("theme".into(), theme.slug.clone()));
    }
    render_search(
        &state,
        p,
        &format!("/themes/{}", theme.slug),
        theme.name.clone(),
        theme.description.clone(),
    )
    .await
}

#[derive(Template)]
#[template(path = "themes.html")]
struct ThemesPage {
    title: String,
    chrome: Chrome,
    chime: Vec<(Theme, String)>,
    services: Vec<(Theme, String)>,
}

pub(super) async fn themes(State(state): State<AppState>) -> WebResult<Html<String>> {
    let counts = blocking(&state, |a| a.theme_counts()).await?;
    let with_count = |t: &Theme| {
        (
            t.clone(),
            shown_count(counts.get(&t.slug).copied().unwrap_or(0)),
        )
    };
    let t = taxonomy();
    let (chime, services): (Vec<&Theme>, Vec<&Theme>) =
        t.themes.iter().partition(|x| x.path.starts_with("/chime/"));
    html(&ThemesPage {
        title: "Themes".into(),
        chrome: Chrome::plain(),
        chime: chime.into_iter().map(with_count).collect(),
        services: services.into_iter().map(with_count).collect(),
    })
}
