//! What a search returns, as data: hits with snippets (plain text with the matched words
//! marked, never HTML), facet counts, and the page. Web decides how they look.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::{FacetCollector, FacetCounts};
use tantivy::query::Query;
use tantivy::schema::{Facet, Value};
use tantivy::snippet::{collapse_overlapped_ranges, SnippetGenerator};
use tantivy::{Searcher, TantivyDocument};

use super::facets::ThemeCounter;
use super::schema::{stored_text, Fields};

/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 240;

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Story id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The passage to show: the best match for the query, or the story's opening.
    pub snippet: Snippet,
    /// Theme slugs.
    pub themes: Vec<String>,
    /// Month published.
    pub published: String,
    /// Why it matched, beyond the words typed: the thesaurus's other words found in it and the
    /// linked themes it carries ("theme: Restraint", "held face down", "pinned").
    pub also_matched: Vec<String>,
}

/// A short passage of a story, as consecutive pieces of plain text. Joined, the pieces give the
/// passage; the highlighted ones are the words that matched the query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    /// The pieces, in order.
    pub fragments: Vec<Fragment>,
}

/// One piece of a snippet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fragment {
    /// Plain, unescaped text.
    pub text: String,
    /// Whether this piece matched the query.
    pub highlighted: bool,
}

impl Snippet {
    /// The passage tantivy chose, split at its matches (overlapping matches joined into one).
    fn matched(s: &tantivy::snippet::Snippet) -> Self {
        let text = s.fragment();
        let mut snippet = Snippet::default();
        let mut from = 0;
        for range in collapse_overlapped_ranges(s.highlighted()) {
            snippet.push_plain(&text[from..range.start]);
            snippet.fragments.push(Fragment {
                text: text[range.clone()].to_owned(),
                highlighted: true,
            });
            from = range.end;
        }
        snippet.push_plain(&text[from..]);
        snippet
    }

    /// The first `SNIPPET_CHARS` characters of `text`, with `…` when there is more.
    fn opening(text: &str) -> Self {
        let mut snippet = Snippet::default();
        match text.char_indices().nth(SNIPPET_CHARS) {
            Some((i, _)) => snippet.push_plain(&format!("{}…", &text[..i])),
            None => snippet.push_plain(text),
        }
        snippet
    }

    fn push_plain(&mut self, text: &str) {
        if !text.is_empty() {
            self.fragments.push(Fragment {
                text: text.to_owned(),
                highlighted: false,
            });
        }
    }
}

/// Counts per facet value within the results.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    /// Theme slug → count.
    pub theme: BTreeMap<String, u64>,
    /// Role slug → count.
    pub role: BTreeMap<String, u64>,
    /// Setting slug → count.
    pub setting: BTreeMap<String, u64>,
}

/// A page of results.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Matching stories in all.
    pub total: usize,
    /// This page.
    pub page: usize,
    /// Page size.
    pub per_page: usize,
    /// This page's hits.
    pub hits: Vec<Hit>,
    /// Facet counts.
    pub facets: Facets,
    /// How the query was read, when it was not as written.
    pub note: Option<String>,
}

/// Cuts snippets for the hits of one search.
pub(super) struct Snippets(Option<SnippetGenerator>);

impl Snippets {
    /// Snippets for `text_query` (the text part of the query); with no query text, every hit
    /// shows its opening.
    pub(super) fn new(
        searcher: &Searcher,
        text_query: &dyn Query,
        f: &Fields,
        q: &str,
    ) -> tantivy::Result<Self> {
        if q.trim().is_empty() {
            return Ok(Self(None));
        }
        let mut generator = SnippetGenerator::create(searcher, text_query, f.body)?;
        generator.set_max_num_chars(SNIPPET_CHARS);
        Ok(Self(Some(generator)))
    }

    fn for_text(&self, text: &str) -> Snippet {
        let matched = self.0.as_ref().map(|g| Snippet::matched(&g.snippet(text)));
        match matched {
            Some(s) if !s.fragments.is_empty() => s,
            _ => Snippet::opening(text),
        }
    }

    /// The hit for a stored document.
    pub(super) fn hit(&self, doc: &TantivyDocument, f: &Fields) -> Hit {
        Hit {
            id: stored_text(doc, f.id),
            title: stored_text(doc, f.title),
            snippet: self.for_text(&stored_text(doc, f.body)),
            themes: doc
                .get_all(f.theme_slug)
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            published: stored_text(doc, f.published_month),
            also_matched: Vec::new(),
        }
    }
}

/// The collectors behind the facet counts: themes (every level in one pass), roles, settings.
pub(super) type FacetCollectors = (ThemeCounter, FacetCollector, FacetCollector);

/// Turns the collectors' fruits into `Facets`.
pub(super) struct ThemeLevels;

/// Fresh facet collectors for one search.
pub(super) fn facet_collectors() -> (ThemeLevels, FacetCollectors) {
    let mut roles = FacetCollector::for_field("role");
    roles.add_facet(Facet::root());
    let mut settings = FacetCollector::for_field("setting");
    settings.add_facet(Facet::root());
    (ThemeLevels, (ThemeCounter, roles, settings))
}

impl ThemeLevels {
    /// The counts, keyed by slug.
    pub(super) fn facets(
        self,
        themes: BTreeMap<String, u64>,
        roles: FacetCounts,
        settings: FacetCounts,
    ) -> Facets {
        let mut facets = Facets {
            theme: themes,
            ..Facets::default()
        };
        for (facet, count) in roles.get("/") {
            facets.role.insert(last_segment(facet), count);
        }
        for (facet, count) in settings.get("/") {
            facets.setting.insert(last_segment(facet), count);
        }
        facets
    }
}

fn last_segment(facet: &Facet) -> String {
    facet
        .to_path()
        .last()
        .map(|s| s.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Fragment {
        Fragment {
            text: text.into(),
            highlighted: false,
        }
    }

    #[test]
    fn an_opening_is_cut_at_a_character_boundary_with_an_ellipsis() {
        let long = "é".repeat(SNIPPET_CHARS + 1);
        let cut = Snippet::opening(&long);
        assert_eq!(
            cut.fragments,
            [plain(&format!("{}…", "é".repeat(SNIPPET_CHARS)))]
        );
        assert_eq!(Snippet::opening("short").fragments, [plain("short")]);
        assert!(Snippet::opening("").fragments.is_empty());
    }
}
