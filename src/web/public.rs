//! Public pages: home, sharing a story, reading and searching, themes, policy pages, feed.
//! No cookies are set here and nothing is loaded from other hosts.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use super::forms::{Form, Params, Query};
use super::pages::{html, Chrome, MessagePage};
use super::snippet::{escape_html, snippet_html};
use super::{blocking, AppState, WebError};
use crate::archive::{
    privacy_count, Archive, Preview, StoryLookup, SubmissionInput, Transparency, LICENCES,
};
use crate::config::SupportLine;
use crate::dates::month_label;
use crate::pii::{self, Finding};
use crate::search::{SearchRequest, SearchResults, Sort};
use crate::store::{StoryRecord, StoryState};
use crate::taxonomy::{taxonomy, Taxonomy, Term, Theme};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/share", get(share_form).post(share))
        .route("/share/preview", post(share_preview))
        .route("/stories", get(stories))
        .route("/stories/{id}", get(story_latest))
        .route("/stories/{id}/v/{n}", get(story_version))
        .route("/stories/{id}/report", post(report))
        .route("/stories/{id}/cite", get(cite_page))
        .route("/stories/{id}/cite.bib", get(cite_bib))
        .route("/stories/{id}/cite.ris", get(cite_ris))
        .route("/stories/{id}/cite.json", get(cite_json))
        .route("/stories/feed.atom", get(search_feed))
        .route("/themes", get(themes))
        .route("/themes/{slug}", get(theme))
        .route("/about", get(about))
        .route("/privacy", get(privacy))
        .route("/moderation", get(moderation_policy))
        .route("/transparency", get(transparency))
        .route("/stats", get(stats))
        .route("/feed.atom", get(feed))
}

// ---------------------------------------------------------------- home

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    title: String,
    chrome: Chrome,
    latest: Vec<(String, String, String)>,
    themes: Vec<(Theme, String)>,
    total: i64,
}

async fn home(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let (latest, counts, total) = blocking(&state, |a| {
        let latest = a.latest_stories(8)?;
        let counts = a.theme_counts()?;
        let total = a
            .store
            .read(|c| Ok::<_, crate::archive::ArchiveError>(crate::store::published_count(c)?))?;
        Ok((latest, counts, total))
    })
    .await?;
    html(&HomePage {
        title: "An archive of lived experience".into(),
        chrome: Chrome::plain(),
        latest: latest
            .into_iter()
            .map(|v| {
                (
                    v.story_id.to_string(),
                    v.title,
                    month_label(&v.published_month),
                )
            })
            .collect(),
        themes: taxonomy()
            .themes
            .iter()
            .map(|t| {
                (
                    t.clone(),
                    privacy_count(counts.get(&t.slug).copied().unwrap_or(0)),
                )
            })
            .collect(),
        total,
    })
}

// ---------------------------------------------------------------- sharing

/// The submission form, filled in with what was typed.
#[derive(Template)]
#[template(path = "share.html")]
pub(super) struct SharePage {
    pub title: String,
    pub chrome: Chrome,
    pub form: SubmissionInput,
    pub errors: Vec<String>,
    pub preview: Option<PreviewView>,
    pub roles: Vec<Term>,
    pub settings: Vec<Term>,
    pub themes: Vec<Theme>,
    pub warnings: Vec<Term>,
    pub licences: Vec<(String, String)>,
}

impl SharePage {
    pub(super) fn new(form: SubmissionInput) -> Self {
        let t = taxonomy();
        Self {
            title: "Share your story".into(),
            chrome: Chrome::plain(),
            form,
            errors: Vec::new(),
            preview: None,
            roles: t.roles.clone(),
            settings: t.settings.clone(),
            themes: t.themes.clone(),
            warnings: t.content_warnings.clone(),
            licences: LICENCES
                .iter()
                .map(|(c, d)| (c.to_string(), d.to_string()))
                .collect(),
        }
    }

    fn has(&self, list: &str, slug: &str) -> bool {
        let l = match list {
            "roles" => &self.form.roles,
            "settings" => &self.form.settings,
            "themes" => &self.form.themes,
            _ => &self.form.content_warnings,
        };
        l.iter().any(|s| s == slug)
    }

    fn licence_checked(&self, code: &str) -> bool {
        self.form.licence == code || (self.form.licence.is_empty() && code == LICENCES[0].0)
    }
}

/// A rendered preview with identifier findings, for the form.
pub(super) struct PreviewView {
    pub html: String,
    pub findings: Vec<(usize, Finding, String)>,
    pub safeguarding: bool,
    pub suggested: Vec<(String, String)>,
}

/// Reads the submission fields of INTERFACE.md from a form.
pub(super) fn submission_input(p: &Params) -> SubmissionInput {
    SubmissionInput {
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
    }
}

/// Marks each finding in the rendered preview. Markers from the private-use area are placed
/// around each span in the Markdown, survive rendering and sanitising, and become `<mark>`
/// outside tags (inside an attribute they are simply dropped).
pub(super) fn highlighted_html(body: &str, findings: &[Finding]) -> String {
    const OPEN: char = '\u{E000}';
    const CLOSE: char = '\u{E001}';
    let clean: String = body.chars().filter(|c| *c != OPEN && *c != CLOSE).collect();
    let findings = if clean.len() == body.len() {
        findings.to_vec()
    } else {
        pii::find_identifiers(&clean)
    };
    let mut marked = String::with_capacity(clean.len() + findings.len() * 8);
    let mut at = 0;
    for f in &findings {
        if f.start < at || f.end > clean.len() {
            continue;
        }
        marked.push_str(&clean[at..f.start]);
        marked.push(OPEN);
        marked.push_str(&clean[f.start..f.end]);
        marked.push(CLOSE);
        at = f.end;
    }
    marked.push_str(&clean[at..]);
    let rendered = crate::markdown::render(&marked);
    let mut out = String::with_capacity(rendered.len() + findings.len() * 16);
    let mut in_tag = false;
    let mut n = 0;
    for c in rendered.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(c);
            }
            '>' => {
                in_tag = false;
                out.push(c);
            }
            OPEN if !in_tag => {
                n += 1;
                out.push_str(&format!("<mark id=\"finding-{n}\">"));
            }
            CLOSE if !in_tag => {
                out.push_str(&format!("<sup class=\"finding-number\">{n}</sup></mark>"))
            }
            OPEN | CLOSE => {}
            c => out.push(c),
        }
    }
    out
}

pub(super) fn preview_view(body: &str, preview: Preview) -> PreviewView {
    let t = taxonomy();
    PreviewView {
        html: highlighted_html(body, &preview.findings),
        findings: preview
            .findings
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                let replacement = f.kind.replacement().to_owned();
                (i + 1, f, replacement)
            })
            .collect(),
        safeguarding: preview.safeguarding,
        suggested: preview
            .suggested_themes
            .iter()
            .filter_map(|s| t.theme(s).map(|th| (th.slug.clone(), th.name.clone())))
            .collect(),
    }
}

/// Applies one-click replacements asked for with `fix` (a finding number, or `all`).
pub(super) fn apply_fixes(p: &Params, body: &str) -> String {
    let fix = p.get("fix");
    if fix.is_empty() {
        return body.to_owned();
    }
    let findings = pii::find_identifiers(body);
    let chosen: Vec<Finding> = if fix == "all" {
        findings
    } else {
        match fix.parse::<usize>() {
            Ok(n) if n >= 1 && n <= findings.len() => vec![findings[n - 1].clone()],
            _ => Vec::new(),
        }
    };
    pii::redact(body, &chosen)
}

async fn share_form() -> Result<Html<String>, WebError> {
    html(&SharePage::new(SubmissionInput {
        first_hand: true,
        ..Default::default()
    }))
}

async fn share_preview(Form(p): Form) -> Result<Response, WebError> {
    let mut input = submission_input(&p);
    input.body = apply_fixes(&p, &input.body);
    let mut page = SharePage::new(input);
    if page.form.body.len() > crate::archive::MAX_BODY_BYTES {
        page.errors.push(format!(
            "Your story is longer than {} KB, the most we can take. Please shorten it before sending.",
            crate::archive::MAX_BODY_BYTES / 1000
        ));
        return Ok((StatusCode::PAYLOAD_TOO_LARGE, html(&page)?).into_response());
    }
    let (title, body) = (page.form.title.clone(), page.form.body.clone());
    let preview = tokio::task::spawn_blocking(move || {
        let p = Archive::preview(&title, &body);
        preview_view(&body, p)
    })
    .await
    .map_err(|e| WebError::Internal(format!("preview failed: {e}")))?;
    page.preview = Some(preview);
    Ok(html(&page)?.into_response())
}

/// The page shown once after sending: the receipt code and what happens next.
#[derive(Template)]
#[template(path = "share_done.html")]
struct ShareDonePage {
    title: String,
    chrome: Chrome,
    receipt: String,
    urgent: bool,
    support: Vec<SupportLine>,
}

async fn share(State(state): State<AppState>, Form(p): Form) -> Result<Response, WebError> {
    let input = submission_input(&p);
    let submit_input = input.clone();
    match blocking(&state, move |a| a.submit(&submit_input)).await {
        Ok(done) => {
            let page = ShareDonePage {
                title: "Thank you: keep your receipt code".into(),
                chrome: Chrome::plain(),
                receipt: done.receipt.display(),
                urgent: done.urgent,
                support: Chrome::plain().support,
            };
            Ok((StatusCode::CREATED, html(&page)?).into_response())
        }
        Err(WebError::Client(status, message)) => {
            // Refused: show the form again with the message, everything typed kept.
            let mut page = SharePage::new(input);
            page.errors = vec![message];
            Ok((status, html(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------- search

/// Reads search parameters shared by the page, the API and feeds.
pub(super) fn search_request(p: &Params, default_per_page: usize) -> Result<SearchRequest, String> {
    let year = |name: &str| -> Result<Option<i64>, String> {
        let v = p.get(name).trim();
        if v.is_empty() {
            return Ok(None);
        }
        let digits = v.trim_end_matches('s');
        match digits.parse::<i64>() {
            Ok(y) if (1900..=2100).contains(&y) => Ok(Some(if name == "to" && v.ends_with('s') {
                y + 9
            } else {
                y
            })),
            _ => Err(format!("'{name}' should be a year such as 2015.")),
        }
    };
    let sort = match p.get("sort").trim() {
        "" => None,
        s => Some(Sort::parse(s).ok_or("'sort' should be relevance, newest or oldest.")?),
    };
    let positive = |name: &str, default: usize| -> Result<usize, String> {
        let v = p.get(name).trim();
        if v.is_empty() {
            return Ok(default);
        }
        v.parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("'{name}' should be a whole number from 1."))
    };
    let per_page = positive("per_page", default_per_page)?;
    if per_page > crate::search::MAX_PER_PAGE {
        return Err(format!(
            "'per_page' can be at most {}.",
            crate::search::MAX_PER_PAGE
        ));
    }
    let t = taxonomy();
    Ok(SearchRequest {
        q: p.get("q").to_owned(),
        themes: p.all("theme"),
        roles: Taxonomy::known(&t.roles, &p.all("role")),
        settings: Taxonomy::known(&t.settings, &p.all("setting")),
        from: year("from")?,
        to: year("to")?,
        exclude_cw: p.all("exclude_cw"),
        sort,
        page: positive("page", 1)?.min(10_000),
        per_page,
    })
}

/// A facet value on the search page.
pub(super) struct FacetLink {
    pub name: String,
    pub count: String,
    pub href: String,
    pub selected: bool,
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
    req_sort: String,
    from: String,
    to: String,
    results: SearchResults,
    theme_facets: Vec<FacetLink>,
    role_facets: Vec<FacetLink>,
    setting_facets: Vec<FacetLink>,
    warnings: Vec<(Term, bool)>,
    hidden: Vec<(String, String)>,
    prev: Option<String>,
    next: Option<String>,
    feed: String,
    error: Option<String>,
}

impl StoriesPage {
    fn theme_name(&self, slug: &str) -> String {
        taxonomy()
            .theme(slug)
            .map_or(slug.to_owned(), |t| t.name.clone())
    }
}

fn encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn query_string(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

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

async fn render_search(
    state: &AppState,
    p: Params,
    base: &str,
    heading: String,
    intro: String,
) -> Result<Response, WebError> {
    let t = taxonomy();
    let (req, error) = match search_request(&p, 20) {
        Ok(r) => (r, None),
        Err(e) => (
            SearchRequest {
                page: 1,
                per_page: 20,
                ..Default::default()
            },
            Some(e),
        ),
    };
    let request = req.clone();
    let results = blocking(state, move |a| a.search(&request)).await?;
    let facet = |list: Vec<(String, String)>,
                 counts: &std::collections::BTreeMap<String, u64>,
                 name: &str,
                 selected: &[String]| {
        list.into_iter()
            .filter_map(|(slug, label)| {
                let count = counts.get(&slug).copied().unwrap_or(0);
                let is_selected = selected.contains(&slug);
                (count > 0 || is_selected).then(|| FacetLink {
                    count: privacy_count(count),
                    href: format!("{base}?{}", toggled(&p, name, &slug)),
                    selected: is_selected,
                    name: label,
                })
            })
            .collect::<Vec<_>>()
    };
    let theme_facets = facet(
        t.themes
            .iter()
            .map(|th| (th.slug.clone(), th.name.clone()))
            .collect(),
        &results.facets.theme,
        "theme",
        &req.themes,
    );
    let role_facets = facet(
        t.roles
            .iter()
            .map(|r| (r.slug.clone(), r.name.clone()))
            .collect(),
        &results.facets.role,
        "role",
        &req.roles,
    );
    let setting_facets = facet(
        t.settings
            .iter()
            .map(|r| (r.slug.clone(), r.name.clone()))
            .collect(),
        &results.facets.setting,
        "setting",
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
    let page = StoriesPage {
        title: heading.clone(),
        chrome: Chrome::plain(),
        heading,
        intro,
        base: base.to_owned(),
        q: req.q.clone(),
        req_sort: p.get("sort").to_owned(),
        from: p.get("from").to_owned(),
        to: p.get("to").to_owned(),
        warnings: t
            .content_warnings
            .iter()
            .map(|w| (w.clone(), req.exclude_cw.contains(&w.slug)))
            .collect(),
        theme_facets,
        role_facets,
        setting_facets,
        hidden,
        prev,
        next,
        feed: format!(
            "/stories/feed.atom{}",
            if qs.is_empty() {
                String::new()
            } else {
                format!("?{qs}")
            }
        ),
        error: error.clone(),
        results,
    };
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Ok((status, html(&page)?).into_response())
}

async fn stories(State(state): State<AppState>, Query(p): Query) -> Result<Response, WebError> {
    render_search(
        &state,
        p,
        "/stories",
        "Read and search the archive".into(),
        String::new(),
    )
    .await
}

async fn theme(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(mut p): Query,
) -> Result<Response, WebError> {
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

async fn themes(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let counts = blocking(&state, |a| a.theme_counts()).await?;
    let with_count = |t: &Theme| {
        (
            t.clone(),
            privacy_count(counts.get(&t.slug).copied().unwrap_or(0)),
        )
    };
    let t = taxonomy();
    html(&ThemesPage {
        title: "Themes".into(),
        chrome: Chrome::plain(),
        chime: t
            .themes
            .iter()
            .filter(|x| x.path.starts_with("/chime/"))
            .map(with_count)
            .collect(),
        services: t
            .themes
            .iter()
            .filter(|x| !x.path.starts_with("/chime/"))
            .map(with_count)
            .collect(),
    })
}

// ---------------------------------------------------------------- reading

/// A numbered block of a story.
struct BlockView {
    html: String,
    number: Option<u32>,
}

#[derive(Template)]
#[template(path = "story.html")]
struct StoryPage {
    title: String,
    chrome: Chrome,
    id: String,
    version: i64,
    latest: i64,
    month: String,
    first_published: String,
    illustrative: bool,
    first_hand: bool,
    blocks: Vec<BlockView>,
    themes: Vec<(String, String)>,
    roles: Vec<String>,
    settings: Vec<String>,
    warnings: Vec<String>,
    period: String,
    licence: String,
    versions: Vec<(i64, String, String)>,
    change_note: String,
    sha: String,
    canonical: String,
    consent_quote: bool,
    citation_date: String,
}

#[derive(Template)]
#[template(path = "gone.html")]
struct GonePage {
    title: String,
    chrome: Chrome,
    withdrawn: bool,
    month: String,
    reason: String,
}

fn gone_page(record: &StoryRecord) -> Result<Response, WebError> {
    let withdrawn = record.state == StoryState::Withdrawn;
    let page = GonePage {
        title: if withdrawn {
            "Withdrawn by its author".into()
        } else {
            "No longer published".into()
        },
        chrome: Chrome::plain(),
        withdrawn,
        month: record
            .ended_month
            .as_deref()
            .map(month_label)
            .unwrap_or_default(),
        reason: record
            .ended_reason
            .as_deref()
            .map(|c| crate::policy::reason(c).map_or(c.to_owned(), |r| r.title.clone()))
            .unwrap_or_default(),
    };
    // 410 Gone: the address existed and will never show this text again.
    Ok((StatusCode::GONE, html(&page)?).into_response())
}

async fn show_story(
    state: &AppState,
    id: String,
    version: Option<i64>,
) -> Result<Response, WebError> {
    let Some(id) = crate::ids::StoryId::parse(&id) else {
        return Err(WebError::not_found());
    };
    let (lookup, blocks) = blocking(state, move |a| {
        let lookup = a.story(&id, version)?;
        // Rendering happens here too, off the async threads.
        let blocks = match &lookup {
            StoryLookup::Readable { version, .. } => crate::markdown::render_blocks(&version.body),
            StoryLookup::Gone(_) => Vec::new(),
        };
        Ok((lookup, blocks))
    })
    .await?;
    let (record, v, versions, consent_quote) = match lookup {
        StoryLookup::Gone(record) => return gone_page(&record),
        StoryLookup::Readable {
            record,
            version,
            versions,
            consent_quote,
        } => (record, version, versions, consent_quote),
    };
    let t = taxonomy();
    let latest = versions.last().map_or(v.version, |x| x.0);
    let base = state.archive.config.public_url.clone();
    let page = StoryPage {
        title: v.title.clone(),
        chrome: Chrome::plain(),
        canonical: format!("{base}/stories/{}/v/{}", v.story_id, v.version),
        id: v.story_id.to_string(),
        version: v.version,
        latest,
        month: month_label(&v.published_month),
        first_published: month_label(&record.first_published),
        citation_date: v.published_month.replace('-', "/"),
        illustrative: record.illustrative,
        first_hand: v.first_hand,
        blocks: blocks
            .into_iter()
            .map(|b| BlockView {
                html: b.html,
                number: b.number,
            })
            .collect(),
        themes: v
            .themes
            .iter()
            .filter_map(|s| t.theme(s).map(|th| (th.slug.clone(), th.name.clone())))
            .collect(),
        roles: v
            .roles
            .iter()
            .map(|s| Taxonomy::term_name(&t.roles, s).to_owned())
            .collect(),
        settings: v
            .settings
            .iter()
            .map(|s| Taxonomy::term_name(&t.settings, s).to_owned())
            .collect(),
        warnings: v
            .content_warnings
            .iter()
            .map(|s| Taxonomy::term_name(&t.content_warnings, s).to_owned())
            .collect(),
        period: v.period.clone().unwrap_or_default(),
        licence: v.licence.clone(),
        versions: versions
            .into_iter()
            .map(|(n, m, note)| (n, month_label(&m), note.unwrap_or_default()))
            .collect(),
        change_note: v.change_note.clone().unwrap_or_default(),
        sha: v.content_sha256.clone(),
        consent_quote,
    };
    Ok(html(&page)?.into_response())
}

async fn story_latest(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    show_story(&state, id, None).await
}

async fn story_version(
    State(state): State<AppState>,
    Path((id, n)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let n: i64 = n
        .parse()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(WebError::not_found)?;
    show_story(&state, id, Some(n)).await
}

async fn report(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(p): Form,
) -> Result<Html<String>, WebError> {
    let Some(id) = crate::ids::StoryId::parse(&id) else {
        return Err(WebError::not_found());
    };
    let (reason, details) = (p.get("reason").to_owned(), p.get("details").to_owned());
    let story = id.clone();
    blocking(&state, move |a| a.report(&story, &reason, &details)).await?;
    html(&MessagePage {
        title: "Thank you for your report".into(),
        chrome: Chrome::plain(),
        heading: "Thank you for your report".into(),
        paragraphs: vec![
            "A moderator will look at it. We do not know who you are, so we cannot reply to you."
                .into(),
        ],
        links: vec![(format!("/stories/{id}"), "Back to the story".into())],
    })
}

// ---------------------------------------------------------------- citations

#[derive(Template)]
#[template(path = "cite.html")]
struct CitePage {
    title: String,
    chrome: Chrome,
    id: String,
    c: crate::cite::Citation,
    csl: String,
    quoted: Option<String>,
    query: String,
    latest: i64,
}

/// The citation for `?v=n&p=k` (both optional) of a story; 404 for a version or paragraph
/// that does not exist.
async fn citation_for(
    state: &AppState,
    id: String,
    p: &Params,
) -> Result<(crate::cite::Citation, Option<String>, i64), WebError> {
    let Some(id) = crate::ids::StoryId::parse(&id) else {
        return Err(WebError::not_found());
    };
    let number = |name: &str| -> Result<Option<i64>, WebError> {
        match p.get(name).trim() {
            "" => Ok(None),
            v => v
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 1)
                .map(Some)
                .ok_or_else(|| {
                    WebError::bad_request(format!("'{name}' should be a whole number from 1."))
                }),
        }
    };
    let (version, paragraph) = (number("v")?, number("p")?);
    let base = state.archive.config.public_url.clone();
    blocking(state, move |a| {
        let StoryLookup::Readable {
            version: v,
            versions,
            ..
        } = a.story(&id, version)?
        else {
            return Err(crate::archive::ArchiveError::NotFound);
        };
        let paragraphs = crate::markdown::paragraph_texts(&v.body);
        let quoted = match paragraph {
            Some(n) => Some(
                paragraphs
                    .get(n as usize - 1)
                    .cloned()
                    .ok_or(crate::archive::ArchiveError::NotFound)?,
            ),
            None => None,
        };
        let url = format!(
            "{base}/stories/{}/v/{}{}",
            v.story_id,
            v.version,
            paragraph.map(|n| format!("#p{n}")).unwrap_or_default()
        );
        let latest = versions.last().map_or(v.version, |x| x.0);
        let c = crate::cite::citation(&crate::cite::Source {
            story_id: &v.story_id,
            title: &v.title,
            version: v.version,
            month: &v.published_month,
            paragraph: paragraph.map(|n| n as u32),
            url: &url,
            accessed: crate::dates::Day::today(),
        });
        Ok((c, quoted, latest))
    })
    .await
}

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

async fn cite_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(p): Query,
) -> Result<Html<String>, WebError> {
    let (c, quoted, latest) = citation_for(&state, id.clone(), &p).await?;
    html(&CitePage {
        title: format!("Cite: {}", c.title),
        chrome: Chrome::plain(),
        csl: serde_json::to_string_pretty(&serde_json::json!([c.csl])).unwrap_or_default(),
        query: cite_query(&p),
        id,
        c,
        quoted,
        latest,
    })
}

fn download(content_type: &'static str, name: String, body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// The citation downloads.
#[derive(Clone, Copy)]
enum CiteFile {
    Bib,
    Ris,
    Json,
}

async fn cite_file(
    state: AppState,
    id: String,
    p: Params,
    kind: CiteFile,
) -> Result<Response, WebError> {
    let (c, _, _) = citation_for(&state, id.clone(), &p).await?;
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
            serde_json::to_string_pretty(&serde_json::json!([c.csl])).unwrap_or_default(),
        ),
    };
    Ok(download(content_type, format!("chorus-{id}.{ext}"), body))
}

async fn cite_bib(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(p): Query,
) -> Result<Response, WebError> {
    cite_file(state, id, p, CiteFile::Bib).await
}

async fn cite_ris(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(p): Query,
) -> Result<Response, WebError> {
    cite_file(state, id, p, CiteFile::Ris).await
}

async fn cite_json(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(p): Query,
) -> Result<Response, WebError> {
    cite_file(state, id, p, CiteFile::Json).await
}

// ---------------------------------------------------------------- plain pages

#[derive(Template)]
#[template(path = "page.html")]
struct DocumentPage {
    title: String,
    chrome: Chrome,
    body_html: String,
}

fn document(title: &str, markdown: &str) -> Result<Html<String>, WebError> {
    html(&DocumentPage {
        title: title.into(),
        chrome: Chrome::plain(),
        body_html: crate::markdown::render_document(markdown),
    })
}

async fn about() -> Result<Html<String>, WebError> {
    document("About Chorus", include_str!("../../templates/about.md"))
}

async fn privacy() -> Result<Html<String>, WebError> {
    document("Privacy", include_str!("../../templates/privacy.md"))
}

async fn moderation_policy() -> Result<Html<String>, WebError> {
    document("Moderation policy", crate::policy::POLICY_MARKDOWN)
}

#[derive(Template)]
#[template(path = "transparency.html")]
struct TransparencyPage {
    title: String,
    chrome: Chrome,
    months: Vec<(String, Vec<(String, String)>)>,
    reasons: Vec<(String, String, String)>,
    median: String,
    published: String,
    redacted_share: String,
    withdrawals: String,
    reversed: String,
}

async fn transparency(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let t: Transparency = blocking(&state, |a| a.transparency()).await?;
    fn decision_label(d: &str) -> &str {
        match d {
            "published" => "Published",
            "declined" => "Declined",
            "changes_requested" => "Changes requested",
            "withdrawn" => "Withdrawn by author",
            "unpublished" => "Unpublished",
            other => other,
        }
    }
    // Keys are a decision, or "decision: reason-code" for the per-month reason counts.
    let label = |d: &str| match d.split_once(": ") {
        Some((decision, code)) => {
            let title = crate::policy::reason(code).map_or(code.to_owned(), |r| r.title.clone());
            format!("{}: {title}", decision_label(decision))
        }
        None => decision_label(d).to_owned(),
    };
    html(&TransparencyPage {
        title: "Transparency report".into(),
        chrome: Chrome::plain(),
        months: t
            .by_month
            .iter()
            .rev()
            .map(|(m, counts)| {
                (
                    month_label(m),
                    counts
                        .iter()
                        .map(|(d, n)| (label(d), privacy_count(*n)))
                        .collect(),
                )
            })
            .collect(),
        reasons: t
            .reasons
            .iter()
            .map(|(code, n)| {
                let title = crate::policy::reason(code).map_or(code.clone(), |r| r.title.clone());
                (code.clone(), title, privacy_count(*n))
            })
            .collect(),
        median: t
            .median_days
            .map_or("no decisions yet".into(), |d| format!("{d:.1} days")),
        published: privacy_count(t.published),
        redacted_share: if t.published == 0 {
            "none published yet".into()
        } else {
            format!("{:.0}%", 100.0 * t.redacted as f64 / t.published as f64)
        },
        withdrawals: privacy_count(t.withdrawals),
        reversed: privacy_count(t.reversed),
    })
}

// ---------------------------------------------------------------- statistics

/// One bar of a chart: label, link, shown count, and bar width out of 100.
struct Bar {
    label: String,
    href: String,
    count: String,
    width: u64,
    y: usize,
}

/// A table of theme counts: row label, then one shown count per column.
struct Matrix {
    columns: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "stats.html")]
struct StatsPage {
    title: String,
    chrome: Chrome,
    total: String,
    bars: Vec<Bar>,
    chart_height: usize,
    by_decade: Matrix,
    by_setting: Matrix,
    pairs: Vec<(String, String, String)>,
}

fn matrix(
    data: &std::collections::BTreeMap<String, std::collections::BTreeMap<String, u64>>,
    label: impl Fn(&str) -> String,
) -> Matrix {
    let t = taxonomy();
    let themes: Vec<&Theme> = t
        .themes
        .iter()
        .filter(|th| data.values().any(|row| row.contains_key(&th.slug)))
        .collect();
    Matrix {
        columns: themes.iter().map(|th| th.name.clone()).collect(),
        rows: data
            .iter()
            .map(|(key, row)| {
                (
                    label(key),
                    themes
                        .iter()
                        .map(|th| match row.get(&th.slug).copied().unwrap_or(0) {
                            0 => "·".to_owned(),
                            1..=4 => "<5".to_owned(),
                            n => n.to_string(),
                        })
                        .collect(),
                )
            })
            .collect(),
    }
}

async fn stats(State(state): State<AppState>) -> Result<Html<String>, WebError> {
    let s = blocking(&state, |a| a.stats()).await?;
    let t = taxonomy();
    let max = s.themes.values().copied().max().unwrap_or(1).max(1);
    let bars: Vec<Bar> = t
        .themes
        .iter()
        .filter_map(|th| s.themes.get(&th.slug).map(|n| (th, *n)))
        .enumerate()
        .map(|(i, (th, n))| Bar {
            label: th.name.clone(),
            href: format!("/themes/{}", th.slug),
            count: privacy_count(n),
            // Bars for small counts are drawn at a fixed small width, so the chart does not
            // reveal what the label hides.
            width: if n < 5 { 4 } else { n * 100 / max },
            y: i * 26,
        })
        .collect();
    let theme_name = |slug: &str| t.theme(slug).map_or(slug.to_owned(), |x| x.name.clone());
    html(&StatsPage {
        title: "Statistics".into(),
        chrome: Chrome::plain(),
        total: privacy_count(s.total),
        chart_height: bars.len() * 26,
        bars,
        by_decade: matrix(&s.themes_by_decade, |d| d.to_owned()),
        by_setting: matrix(&s.themes_by_setting, |k| {
            Taxonomy::term_name(&t.settings, k).to_owned()
        }),
        pairs: s
            .pairs
            .iter()
            .map(|((a, b), n)| (theme_name(a), theme_name(b), privacy_count(*n)))
            .collect(),
    })
}

// ---------------------------------------------------------------- feeds

fn atom(
    state: &AppState,
    title: &str,
    self_path: &str,
    entries: &[(String, String, String, String)],
) -> Response {
    let base = &state.archive.config.public_url;
    let updated = entries
        .first()
        .map_or("2000-01".to_owned(), |e| e.2.clone());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>{}</title>\n<id>{base}{}</id>\n<link rel=\"self\" href=\"{base}{}\"/>\n<updated>{updated}-01T00:00:00Z</updated>\n",
        escape_html(title),
        escape_html(self_path),
        escape_html(self_path)
    );
    for (id, t, month, summary) in entries {
        xml.push_str(&format!(
            "<entry><title>{}</title><id>{base}/stories/{id}</id><link href=\"{base}/stories/{id}\"/><updated>{month}-01T00:00:00Z</updated><author><name>Anonymous contributor</name></author><summary type=\"html\">{}</summary></entry>\n",
            escape_html(t),
            escape_html(summary)
        ));
    }
    xml.push_str("</feed>\n");
    (
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        xml,
    )
        .into_response()
}

async fn feed(State(state): State<AppState>) -> Result<Response, WebError> {
    let latest = blocking(&state, |a| a.latest_stories(30)).await?;
    let entries: Vec<_> = latest
        .into_iter()
        .map(|v| {
            let summary: String = crate::markdown::plain_text(&v.body)
                .chars()
                .take(400)
                .collect();
            (v.story_id.to_string(), v.title, v.published_month, summary)
        })
        .collect();
    Ok(atom(
        &state,
        "Chorus: newly published stories",
        "/feed.atom",
        &entries,
    ))
}

async fn search_feed(State(state): State<AppState>, Query(p): Query) -> Result<Response, WebError> {
    let mut req = search_request(&p, 30).map_err(WebError::bad_request)?;
    if req.sort.is_none() {
        req.sort = Some(Sort::Newest);
    }
    let results = blocking(&state, move |a| a.search(&req)).await?;
    let entries: Vec<_> = results
        .hits
        .into_iter()
        .map(|h| (h.id, h.title, h.published, snippet_html(&h.snippet)))
        .collect();
    Ok(atom(
        &state,
        "Chorus: saved search",
        "/stories/feed.atom",
        &entries,
    ))
}
