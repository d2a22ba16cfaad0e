//! What the index holds: its fields and schema version, and `IndexDoc`, the one document type
//! the archive hands in. Search knows a story only through an `IndexDoc`.

use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value,
    FAST, INDEXED, STORED, STRING,
};
use tantivy::{doc, TantivyDocument};

use std::sync::LazyLock;

use super::expand::lexicon;
use crate::taxonomy::taxonomy;

/// Bump when the schema changes: an index with another version is rebuilt from SQLite. The
/// thesaurus's fingerprint is part of it, since the `concept` field is worked out from it at
/// indexing: a changed thesaurus rebuilds the index at the next start.
pub(super) static SCHEMA_VERSION: LazyLock<String> = LazyLock::new(|| {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(include_str!("../thesaurus.toml").as_bytes());
    let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("4-thesaurus-{hex}")
});
/// Most times one concept is counted in one story.
const MAX_CONCEPT_TIMES: usize = 8;
/// The file beside the index that records its schema version.
pub(super) const SCHEMA_MARKER: &str = "chorus-schema-version";

/// A story as search sees it: exactly what is indexed or shown in a hit, already reduced to
/// plain text and slugs by the archive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexDoc {
    /// Public story id.
    pub id: String,
    /// Version number (1, 2, …).
    pub version: u64,
    /// Title.
    pub title: String,
    /// The body as plain text: what is searched and what snippets are cut from.
    pub text: String,
    /// Theme slugs; slugs the taxonomy does not know are left out.
    pub themes: Vec<String>,
    /// Theme slugs suggested from the text (a weaker signal than `themes`, for ranking only).
    pub suggested_themes: Vec<String>,
    /// Role slugs.
    pub roles: Vec<String>,
    /// Setting slugs.
    pub settings: Vec<String>,
    /// Content-warning slugs.
    pub content_warnings: Vec<String>,
    /// Month published, `YYYY-MM`.
    pub published_month: String,
    /// Roughly when (`2019`, `2010s`); anything else is not indexed as a period.
    pub period: Option<String>,
    /// SHA-256 of title and body, compared by `chorus check`.
    pub content_sha256: String,
}

/// The index's fields.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fields {
    pub(super) id: Field,
    pub(super) version: Field,
    pub(super) title: Field,
    pub(super) body: Field,
    pub(super) theme: Field,
    pub(super) theme_slug: Field,
    /// Assigned theme slugs with their broader themes, matched by the thesaurus's concepts.
    pub(super) theme_match: Field,
    /// Suggested theme slugs with their broader themes: the weaker signal.
    pub(super) suggested_theme: Field,
    /// The story's roles, settings and content warnings as `role:carer`, `setting:picu`,
    /// `warning:restraint`: what a concept's `tags` match (stored, for "also matched").
    pub(super) tag_match: Field,
    /// Thesaurus concepts told in the story, once per time told (found at indexing).
    pub(super) concept: Field,
    /// Which of the concepts' terms and phrases it tells them by (stored, for "also matched").
    pub(super) told: Field,
    pub(super) role: Field,
    pub(super) setting: Field,
    pub(super) warning: Field,
    pub(super) published: Field,
    pub(super) published_month: Field,
    pub(super) period_start: Field,
    pub(super) period_end: Field,
    pub(super) sha: Field,
}

/// The schema, and its fields.
pub(super) fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stemmed = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        version: b.add_u64_field("version", STORED),
        title: b.add_text_field("title", stemmed.clone()),
        body: b.add_text_field("body", stemmed),
        theme: b.add_facet_field("theme", FacetOptions::default()),
        theme_slug: b.add_text_field("theme_slug", STRING | STORED),
        theme_match: b.add_text_field("theme_match", STRING),
        suggested_theme: b.add_text_field("suggested_theme", STRING),
        tag_match: b.add_text_field("tag_match", STRING | STORED),
        told: b.add_text_field("told", STORED),
        concept: b.add_text_field(
            "concept",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("raw")
                    .set_index_option(IndexRecordOption::WithFreqs),
            ),
        ),
        role: b.add_facet_field("role", FacetOptions::default()),
        setting: b.add_facet_field("setting", FacetOptions::default()),
        warning: b.add_facet_field("warning", FacetOptions::default()),
        published: b.add_u64_field("published", INDEXED | FAST | STORED),
        published_month: b.add_text_field("published_month", STRING | STORED),
        period_start: b.add_i64_field("period_start", INDEXED | FAST),
        period_end: b.add_i64_field("period_end", INDEXED | FAST),
        sha: b.add_text_field("sha", STRING | STORED),
    };
    (b.build(), fields)
}

impl Fields {
    /// The tantivy document for a story.
    pub(super) fn document(&self, d: &IndexDoc) -> TantivyDocument {
        let mut doc = doc!(
            self.id => d.id.as_str(),
            self.version => d.version,
            self.title => d.title.as_str(),
            self.body => d.text.as_str(),
            self.published => month_number(&d.published_month),
            self.published_month => d.published_month.as_str(),
            self.sha => d.content_sha256.as_str(),
        );
        for slug in &d.themes {
            if let Some(theme) = taxonomy().theme(slug) {
                doc.add_facet(self.theme, Facet::from(theme.path.as_str()));
                doc.add_text(self.theme_slug, &theme.slug);
            }
        }
        for slug in with_broader(&d.themes) {
            doc.add_text(self.theme_match, slug);
        }
        for slug in with_broader(&d.suggested_themes) {
            doc.add_text(self.suggested_theme, slug);
        }
        let told = format!("{}\n{}", d.title, d.text);
        for t in lexicon().concepts_in(&told) {
            // Past a handful, telling it again says little more.
            for _ in 0..t.times.min(MAX_CONCEPT_TIMES) {
                doc.add_text(self.concept, t.id);
            }
            for entry in &t.entries {
                doc.add_text(self.told, entry);
            }
        }
        for r in &d.roles {
            doc.add_facet(self.role, Facet::from_path([r.as_str()]));
            doc.add_text(self.tag_match, format!("role:{r}"));
        }
        for s in &d.settings {
            doc.add_facet(self.setting, Facet::from_path([s.as_str()]));
            doc.add_text(self.tag_match, format!("setting:{s}"));
        }
        for w in &d.content_warnings {
            doc.add_facet(self.warning, Facet::from_path([w.as_str()]));
            doc.add_text(self.tag_match, format!("warning:{w}"));
        }
        if let Some((start, end)) = d.period.as_deref().and_then(period_years) {
            doc.add_i64(self.period_start, start);
            doc.add_i64(self.period_end, end);
        }
        doc
    }
}

/// The known themes among `slugs` and every broader theme above them, each once: a story tagged
/// `restraint` is also found by a concept linked to `coercion`.
fn with_broader(slugs: &[String]) -> Vec<&'static str> {
    let tax = taxonomy();
    let mut out: Vec<&'static str> = Vec::new();
    for theme in slugs.iter().filter_map(|s| tax.theme(s)) {
        for t in &tax.themes {
            let covers = theme.path == t.path || theme.path.starts_with(&format!("{}/", t.path));
            if covers && !out.contains(&t.slug.as_str()) {
                out.push(&t.slug);
            }
        }
    }
    out
}

/// A stored text field's first value, or `""`.
pub(super) fn stored_text(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned()
}

/// Reads a period (`2019`, `2010s`) as a span of years.
pub fn period_years(period: &str) -> Option<(i64, i64)> {
    let p = period.trim();
    if let Some(decade) = p.strip_suffix('s') {
        let start: i64 = decade.parse().ok()?;
        return (decade.len() == 4 && start % 10 == 0).then_some((start, start + 9));
    }
    let year: i64 = p.parse().ok()?;
    (p.len() == 4).then_some((year, year))
}

/// `2019-04` as `201904`, so months sort as numbers.
fn month_number(month: &str) -> u64 {
    month.replace('-', "").parse().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_brings_its_broader_themes() {
        let slugs = with_broader(&["restraint".into(), "no-such".into(), "hope".into()]);
        assert_eq!(slugs, ["coercion", "restraint", "hope"]);
    }

    #[test]
    fn periods_read_as_year_spans() {
        assert_eq!(period_years("2019"), Some((2019, 2019)));
        assert_eq!(period_years("2010s"), Some((2010, 2019)));
        assert_eq!(period_years("2015s"), None);
        assert_eq!(period_years("soon"), None);
    }
}
