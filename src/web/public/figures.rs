//! The home page, the plain-language documents, and the figures: the transparency report and
//! the statistics page. Every count shown here passes through the small-count rule.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use crate::archive::{shown_count, shown_share, ShownCount, Transparency};
use crate::dates::month_label;
use crate::taxonomy::{taxonomy, Taxonomy, Theme};
use crate::web::pages::{html, Chrome};
use crate::web::{blocking, AppState, WebResult};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    title: String,
    chrome: Chrome,
    latest: Vec<(String, String, String)>,
    themes: Vec<(Theme, String)>,
    total: String,
}

pub(super) async fn home(State(state): State<AppState>) -> WebResult<Html<String>> {
    let (latest, counts, total) = blocking(&state, |a| {
        Ok((
            a.latest_stories(8)?,
            a.theme_counts()?,
            a.published_count()?,
        ))
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
                    shown_count(counts.get(&t.slug).copied().unwrap_or(0)),
                )
            })
            .collect(),
        total: shown_count(total.max(0) as u64),
    })
}

#[derive(Template)]
#[template(path = "page.html")]
struct DocumentPage {
    title: String,
    chrome: Chrome,
    body_html: String,
}

/// The plain-language documents, each rendered from Markdown once, on a blocking thread.
#[derive(Clone, Copy)]
enum Document {
    About,
    Privacy,
    Moderation,
}

impl Document {
    fn title(self) -> &'static str {
        match self {
            Document::About => "About Chorus",
            Document::Privacy => "Privacy",
            Document::Moderation => "Moderation policy",
        }
    }

    fn markdown(self) -> &'static str {
        match self {
            Document::About => include_str!("../../../templates/about.md"),
            Document::Privacy => include_str!("../../../templates/privacy.md"),
            Document::Moderation => crate::policy::POLICY_MARKDOWN,
        }
    }

    fn cell(self) -> &'static OnceLock<String> {
        static ABOUT: OnceLock<String> = OnceLock::new();
        static PRIVACY: OnceLock<String> = OnceLock::new();
        static MODERATION: OnceLock<String> = OnceLock::new();
        match self {
            Document::About => &ABOUT,
            Document::Privacy => &PRIVACY,
            Document::Moderation => &MODERATION,
        }
    }
}

async fn document(state: &AppState, doc: Document) -> WebResult<Html<String>> {
    let body_html = blocking(state, move |_| {
        Ok(doc
            .cell()
            .get_or_init(|| crate::markdown::render_document(doc.markdown()))
            .clone())
    })
    .await?;
    html(&DocumentPage {
        title: doc.title().into(),
        chrome: Chrome::plain(),
        body_html,
    })
}

pub(super) async fn about(State(state): State<AppState>) -> WebResult<Html<String>> {
    document(&state, Document::About).await
}

pub(super) async fn privacy(State(state): State<AppState>) -> WebResult<Html<String>> {
    document(&state, Document::Privacy).await
}

pub(super) async fn moderation_policy(State(state): State<AppState>) -> WebResult<Html<String>> {
    document(&state, Document::Moderation).await
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
    packs_public: String,
    packs_unpublished: String,
}

pub(super) async fn transparency(State(state): State<AppState>) -> WebResult<Html<String>> {
    let t: Transparency = blocking(&state, |a| a.transparency()).await?;
    let packs = blocking(&state, |a| a.pack_counts()).await?;
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
                        .map(|(d, n)| (label(d), shown_count(*n)))
                        .collect(),
                )
            })
            .collect(),
        reasons: t
            .reasons
            .iter()
            .map(|(code, n)| {
                let title = crate::policy::reason(code).map_or(code.clone(), |r| r.title.clone());
                (code.clone(), title, shown_count(*n))
            })
            .collect(),
        median: t
            .median_days
            .map_or("no decisions yet".into(), |d| format!("{d:.1} days")),
        published: shown_count(t.published),
        redacted_share: shown_share(t.redacted, t.published),
        withdrawals: shown_count(t.withdrawals),
        reversed: shown_count(t.reversed),
        packs_public: shown_count(packs.public),
        packs_unpublished: shown_count(packs.unpublished),
    })
}

// ---------------------------------------------------------------- statistics

/// One bar of the chart, with its geometry worked out here so the template only prints.
struct Bar {
    label: String,
    href: String,
    count: String,
    /// Baseline of the label and count text.
    text_y: usize,
    /// Top of the bar.
    bar_y: usize,
    /// Bar length in chart units (at most 300).
    bar_width: u64,
    /// Where the count is written, just past the bar.
    count_x: u64,
}

/// Height of one row of the chart.
const ROW: usize = 26;

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
    data: &BTreeMap<String, BTreeMap<String, u64>>,
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
                        .map(|th| ShownCount::of(row.get(&th.slug).copied().unwrap_or(0)).cell())
                        .collect(),
                )
            })
            .collect(),
    }
}

pub(super) async fn stats(State(state): State<AppState>) -> WebResult<Html<String>> {
    let s = blocking(&state, |a| a.stats()).await?;
    let t = taxonomy();
    let max = s.themes.values().copied().max().unwrap_or(1).max(1);
    let bars: Vec<Bar> = t
        .themes
        .iter()
        .filter_map(|th| s.themes.get(&th.slug).map(|n| (th, *n)))
        .enumerate()
        .map(|(i, (th, n))| {
            let shown = ShownCount::of(n);
            // Bars for small counts are drawn at one fixed small length, so the chart does not
            // reveal what the label hides.
            let length = match shown {
                ShownCount::Exact(n) => n * 100 / max,
                _ => 4,
            };
            Bar {
                label: th.name.clone(),
                href: format!("/themes/{}", th.slug),
                count: shown.label(),
                text_y: i * ROW + 17,
                bar_y: i * ROW + 4,
                bar_width: length * 3,
                count_x: 306 + length * 3,
            }
        })
        .collect();
    let theme_name = |slug: &str| t.theme(slug).map_or(slug.to_owned(), |x| x.name.clone());
    html(&StatsPage {
        title: "Statistics".into(),
        chrome: Chrome::plain(),
        total: shown_count(s.total),
        chart_height: bars.len() * ROW,
        bars,
        by_decade: matrix(&s.themes_by_decade, |d| d.to_owned()),
        by_setting: matrix(&s.themes_by_setting, |k| {
            Taxonomy::term_name(&t.settings, k).to_owned()
        }),
        pairs: s
            .pairs
            .iter()
            .map(|((a, b), n)| (theme_name(a), theme_name(b), shown_count(*n)))
            .collect(),
    })
}
