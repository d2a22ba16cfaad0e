//! The tantivy index: derived from SQLite, rebuildable at any time, never the source of truth.
//!
//! One `IndexWriter` and one `IndexReader` for the process, a fresh searcher per request. User
//! queries are parsed leniently; anything unparseable is re-read as plain words, with a note.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, MultiCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value,
    FAST, INDEXED, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    doc, DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term,
};

use crate::markdown;
use crate::store::StoryVersion;
use crate::taxonomy::taxonomy;

/// Bump when the schema changes: an index with another version is rebuilt from SQLite.
const SCHEMA_VERSION: &str = "1";
const SCHEMA_MARKER: &str = "chorus-schema-version";
const WRITER_MEMORY: usize = 40_000_000;
/// Longest query we read; the rest is ignored, with a note.
pub const MAX_QUERY_CHARS: usize = 500;
/// Largest page size.
pub const MAX_PER_PAGE: usize = 100;

/// Index errors.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed.
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The index directory could not be used.
    #[error("search index directory error: {0}")]
    Io(#[from] std::io::Error),
    /// Another process (usually the running server) is writing the index.
    #[error("the search index is being written by another process (is `chorus serve` running?)")]
    Locked,
}

type Result<T> = std::result::Result<T, SearchError>;

#[derive(Debug, Clone, Copy)]
struct Fields {
    id: Field,
    version: Field,
    title: Field,
    body: Field,
    theme: Field,
    theme_slug: Field,
    role: Field,
    setting: Field,
    warning: Field,
    published: Field,
    published_month: Field,
    period_start: Field,
    period_end: Field,
    sha: Field,
}

fn build_schema() -> (Schema, Fields) {
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

fn month_number(month: &str) -> u64 {
    month.replace('-', "").parse().unwrap_or(0)
}

/// The search index.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    /// `None` when another process (a running server) holds the index's writer lock.
    writer: Option<Mutex<IndexWriter>>,
    fields: Fields,
    dir: PathBuf,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .finish()
    }
}

/// What `open` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// The existing index opened fine.
    Existing,
    /// There was no usable index; an empty one was created and must be filled from SQLite.
    Fresh,
}

impl SearchIndex {
    /// Opens the index in `dir`, or creates an empty one when it is missing, unreadable or of
    /// another schema version (the caller then rebuilds it from SQLite).
    pub fn open(dir: &Path) -> Result<(Self, Opened)> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = build_schema();
        let marker = dir.join(SCHEMA_MARKER);
        let current = std::fs::read_to_string(&marker).ok();
        let existing = if current.as_deref() == Some(SCHEMA_VERSION) {
            Index::open_in_dir(dir)
                .ok()
                .filter(|i| i.schema() == schema)
        } else {
            None
        };
        let (index, opened) = match existing {
            Some(index) => (index, Opened::Existing),
            None => {
                tracing::warn!(dir = %dir.display(), "search index missing or unusable; recreating it");
                remove_index_files(dir)?;
                let index = Index::create_in_dir(dir, schema)?;
                std::fs::write(&marker, SCHEMA_VERSION)?;
                (index, Opened::Fresh)
            }
        };
        // Only one process may write the index. Command-line tools run beside a live server
        // read it and leave the writing to the server's indexer (via the outbox).
        let writer = match index.writer_with_num_threads(1, WRITER_MEMORY) {
            Ok(w) => Some(Mutex::new(w)),
            Err(tantivy::TantivyError::LockFailure(..)) => None,
            Err(e) => return Err(e.into()),
        };
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok((
            Self {
                index,
                reader,
                writer,
                fields,
                dir: dir.to_owned(),
            },
            opened,
        ))
    }

    fn document(&self, v: &StoryVersion) -> TantivyDocument {
        let f = &self.fields;
        let mut d = doc!(
            f.id => v.story_id.as_str(),
            f.version => v.version as u64,
            f.title => v.title.as_str(),
            f.body => markdown::plain_text(&v.body),
            f.published => month_number(&v.published_month),
            f.published_month => v.published_month.as_str(),
            f.sha => v.content_sha256.as_str(),
        );
        for slug in &v.themes {
            if let Some(theme) = taxonomy().theme(slug) {
                d.add_facet(f.theme, Facet::from(theme.path.as_str()));
                d.add_text(f.theme_slug, &theme.slug);
            }
        }
        for r in &v.roles {
            d.add_facet(f.role, Facet::from_path([r.as_str()]));
        }
        for s in &v.settings {
            d.add_facet(f.setting, Facet::from_path([s.as_str()]));
        }
        for w in &v.content_warnings {
            d.add_facet(f.warning, Facet::from_path([w.as_str()]));
        }
        if let Some((start, end)) = v.period.as_deref().and_then(period_years) {
            d.add_i64(f.period_start, start);
            d.add_i64(f.period_end, end);
        }
        d
    }

    /// Whether this process may write the index.
    pub fn writable(&self) -> bool {
        self.writer.is_some()
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>> {
        match &self.writer {
            Some(w) => Ok(w.lock().unwrap_or_else(|p| p.into_inner())),
            None => Err(SearchError::Locked),
        }
    }

    fn id_term(&self, id: &str) -> Term {
        Term::from_field_text(self.fields.id, id)
    }

    /// Applies a batch of changes and commits them: `Some(version)` (re)indexes a story, `None`
    /// removes it. With `purge`, every segment is then merged and unused files deleted, so removed
    /// text leaves the index directory entirely.
    pub fn apply(&self, changes: &[(String, Option<StoryVersion>)], purge: bool) -> Result<()> {
        let mut writer = self.writer()?;
        for (id, version) in changes {
            writer.delete_term(self.id_term(id));
            if let Some(v) = version {
                writer.add_document(self.document(v))?;
            }
        }
        writer.commit()?;
        if purge {
            let segments = self.index.searchable_segment_ids()?;
            if !segments.is_empty() {
                writer.merge(&segments).wait()?;
            }
            self.reader.reload()?;
            writer.garbage_collect_files().wait()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    /// Replaces the whole index with `stories`, calling `progress` after each one.
    pub fn rebuild(&self, stories: &[StoryVersion], mut progress: impl FnMut(usize)) -> Result<()> {
        let mut writer = self.writer()?;
        writer.delete_all_documents()?;
        for (i, v) in stories.iter().enumerate() {
            writer.add_document(self.document(v))?;
            progress(i + 1);
        }
        writer.commit()?;
        let segments = self.index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
        self.reader.reload()?;
        writer.garbage_collect_files().wait()?;
        Ok(())
    }

    /// `(id, content_sha256)` of every indexed story, for `chorus check`.
    pub fn fingerprints(&self) -> Result<Vec<(String, String)>> {
        let searcher = self.reader.searcher();
        let addresses = searcher.search(&AllQuery, &TopDocs::with_limit(1_000_000))?;
        let mut out = Vec::with_capacity(addresses.len());
        for (_, addr) in addresses {
            let doc: TantivyDocument = searcher.doc(addr)?;
            out.push((
                self.text(&doc, self.fields.id),
                self.text(&doc, self.fields.sha),
            ));
        }
        Ok(out)
    }

    /// Number of searchable documents.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn text(&self, doc: &TantivyDocument, field: Field) -> String {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    }

    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let (text_query, note) = self.text_query(&req.q);
        // The same query, parsed once, also drives the snippets.
        let snippet_query = text_query.box_clone();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
        for theme in &req.themes {
            if let Some(t) = taxonomy().theme(theme) {
                clauses.push((Occur::Must, facet_query(f.theme, &t.path)));
            } else {
                // An unknown theme matches nothing, rather than silently widening the search.
                clauses.push((Occur::Must, facet_query(f.theme, "/unknown-theme")));
            }
        }
        for role in &req.roles {
            clauses.push((Occur::Must, facet_query(f.role, &format!("/{role}"))));
        }
        for setting in &req.settings {
            clauses.push((Occur::Must, facet_query(f.setting, &format!("/{setting}"))));
        }
        for warning in &req.exclude_cw {
            clauses.push((
                Occur::MustNot,
                facet_query(f.warning, &format!("/{warning}")),
            ));
        }
        if let Some(from) = req.from {
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_i64(f.period_end, from)),
                    Bound::Unbounded,
                )),
            ));
        }
        if let Some(to) = req.to {
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(
                    Bound::Unbounded,
                    Bound::Included(Term::from_field_i64(f.period_start, to)),
                )),
            ));
        }
        let query = BooleanQuery::new(clauses);

        let per_page = req.per_page.clamp(1, MAX_PER_PAGE);
        let page = req.page.max(1);
        let offset = (page - 1).saturating_mul(per_page).min(100_000);

        // A facet collector counts one level below each facet it is given, and refuses nested
        // ones, so each level of the theme hierarchy gets its own collector.
        let mut theme_facets = MultiCollector::new();
        let theme_handles: Vec<_> = taxonomy()
            .parent_paths()
            .into_iter()
            .map(|parent| {
                let mut c = FacetCollector::for_field("theme");
                c.add_facet(Facet::from(parent.as_str()));
                (parent, theme_facets.add_collector(c))
            })
            .collect();
        let mut role_facets = FacetCollector::for_field("role");
        role_facets.add_facet(Facet::root());
        let mut setting_facets = FacetCollector::for_field("setting");
        setting_facets.add_facet(Facet::root());

        let sort = req.sort.unwrap_or(if req.q.trim().is_empty() {
            Sort::Newest
        } else {
            Sort::Relevance
        });
        let (addresses, (total, mut themes, roles, settings)): (Vec<DocAddress>, _) = match sort {
            Sort::Relevance => {
                let top = TopDocs::with_limit(per_page).and_offset(offset);
                let (docs, rest) = searcher.search(
                    &query,
                    &(top, (Count, theme_facets, role_facets, setting_facets)),
                )?;
                (docs.into_iter().map(|(_, a)| a).collect(), rest)
            }
            Sort::Newest | Sort::Oldest => {
                let order = if sort == Sort::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                let top = TopDocs::with_limit(per_page)
                    .and_offset(offset)
                    .order_by_fast_field::<u64>("published", order);
                let (docs, rest) = searcher.search(
                    &query,
                    &(top, (Count, theme_facets, role_facets, setting_facets)),
                )?;
                (docs.into_iter().map(|(_, a)| a).collect(), rest)
            }
        };

        let snippets = if req.q.trim().is_empty() {
            None
        } else {
            let mut generator = SnippetGenerator::create(&searcher, &*snippet_query, f.body)?;
            generator.set_max_num_chars(240);
            Some(generator)
        };
        let mut hits = Vec::with_capacity(addresses.len());
        for addr in addresses {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let body = self.text(&doc, f.body);
            let snippet_html = match &snippets {
                Some(g) => {
                    let mut s = g.snippet(&body);
                    s.set_snippet_prefix_postfix("<mark>", "</mark>");
                    let html = s.to_html();
                    if html.is_empty() {
                        escape_html(&first_chars(&body, 240))
                    } else {
                        html
                    }
                }
                None => escape_html(&first_chars(&body, 240)),
            };
            hits.push(Hit {
                id: self.text(&doc, f.id),
                title: self.text(&doc, f.title),
                snippet_html,
                themes: doc
                    .get_all(f.theme_slug)
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                published: self.text(&doc, f.published_month),
            });
        }

        let mut facets = Facets::default();
        for (parent, handle) in theme_handles {
            let counts = handle.extract(&mut themes);
            for (facet, count) in counts.get(&parent) {
                if let Some(t) = taxonomy().theme_by_path(&facet.to_string()) {
                    facets.theme.insert(t.slug.clone(), count);
                }
            }
        }
        for (facet, count) in roles.get("/") {
            facets.role.insert(last_segment(facet), count);
        }
        for (facet, count) in settings.get("/") {
            facets.setting.insert(last_segment(facet), count);
        }
        Ok(SearchResults {
            total,
            page,
            per_page,
            hits,
            facets,
            note,
        })
    }

    /// The text part of a query, and a note when it had to be read loosely.
    fn text_query(&self, q: &str) -> (Box<dyn Query>, Option<String>) {
        let f = self.fields;
        let mut note = None;
        let mut q = q.trim();
        if q.chars().count() > MAX_QUERY_CHARS {
            let cut = q
                .char_indices()
                .nth(MAX_QUERY_CHARS)
                .map_or(q.len(), |(i, _)| i);
            q = &q[..cut];
            note = Some(format!(
                "Your search was very long, so only its first {MAX_QUERY_CHARS} characters were used."
            ));
        }
        if q.is_empty() {
            return (Box::new(AllQuery), note);
        }
        let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.body]);
        parser.set_field_boost(f.title, 2.0);
        parser.set_conjunction_by_default();
        let (query, errors) = parser.parse_query_lenient(&expand_word_families(q));
        if errors.is_empty() {
            return (query, note);
        }
        // Re-read as plain words: quotes, operators and field names are dropped.
        let words: Vec<String> = q
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty() && !matches!(*w, "AND" | "OR" | "NOT"))
            .take(32)
            .map(str::to_lowercase)
            .collect();
        let read_as = words.join(" ");
        let note = Some(match note {
            Some(n) => format!("{n} Part of it could not be read as a search expression, so it was read as the words: {read_as}"),
            None if read_as.is_empty() => "Your search had no words we could look for, so all stories are shown.".to_owned(),
            None => format!("Part of your search could not be read as a search expression (for example an unclosed quote or a stray operator), so it was read as the words: {read_as}"),
        });
        if read_as.is_empty() {
            return (Box::new(AllQuery), note);
        }
        let (query, _) = parser.parse_query_lenient(&read_as);
        (query, note)
    }
}

/// Words people use for the same thing, and word families the English stemmer does not join
/// (it stems "restraint" and "restrained" differently). A bare word in a query that belongs to a
/// group is searched as any member of the group.
const WORD_FAMILIES: &[&[&str]] = &[
    &[
        "restraint",
        "restrain",
        "restrained",
        "restraining",
        "restraints",
    ],
    &["recovery", "recover", "recovered", "recovering"],
    &["sectioned", "detained", "detention"],
    &["pd", "\"personality disorder\"", "bpd", "eupd"],
    &[
        "a&e",
        "\"emergency department\"",
        "\"accident and emergency\"",
    ],
    &["medication", "medications", "meds"],
    &["psychiatrist", "consultant"],
    &["cpn", "\"community psychiatric nurse\""],
];

/// Replaces each bare word of `q` that belongs to a word family with an OR of the family.
/// Quoted phrases, fields and operators are left as they are.
fn expand_word_families(q: &str) -> String {
    if q.contains('"') || q.contains('(') {
        return q.to_owned();
    }
    q.split_whitespace()
        .map(|token| {
            let lower = token.to_lowercase();
            match WORD_FAMILIES
                .iter()
                .find(|family| family.iter().any(|w| w.trim_matches('"') == lower.as_str()))
            {
                Some(family) => format!("({})", family.join(" OR ")),
                None => token.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Deletes what tantivy (and this module) wrote in `dir`, and nothing else: an index directory
/// given by mistake (say, a home directory) keeps its other files.
fn remove_index_files(dir: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let segment_file = name
            .split('.')
            .next()
            .is_some_and(|stem| stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()));
        let ours = segment_file
            || matches!(name.as_str(), "meta.json" | ".managed.json" | SCHEMA_MARKER)
            || (name.starts_with(".tantivy-") && name.ends_with(".lock"));
        if ours && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

fn facet_query(field: Field, path: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(field, &Facet::from(path)),
        IndexRecordOption::Basic,
    ))
}

fn last_segment(facet: &Facet) -> String {
    facet
        .to_path()
        .last()
        .map(|s| s.to_string())
        .unwrap_or_default()
}

fn first_chars(text: &str, n: usize) -> String {
    match text.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// Escapes text for HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first.
    Relevance,
    /// Most recently published first.
    Newest,
    /// Earliest published first.
    Oldest,
}

impl Sort {
    /// Parses `relevance`, `newest`, `oldest`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "relevance" => Some(Sort::Relevance),
            "newest" => Some(Sort::Newest),
            "oldest" => Some(Sort::Oldest),
            _ => None,
        }
    }
}

/// A search, already validated.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Free text.
    pub q: String,
    /// Theme slugs (all must match).
    pub themes: Vec<String>,
    /// Role slugs.
    pub roles: Vec<String>,
    /// Setting slugs.
    pub settings: Vec<String>,
    /// Period overlaps years from…
    pub from: Option<i64>,
    /// …to.
    pub to: Option<i64>,
    /// Content warnings to leave out.
    pub exclude_cw: Vec<String>,
    /// Order (default: relevance with a query, newest without).
    pub sort: Option<Sort>,
    /// 1-based page.
    pub page: usize,
    /// Hits per page (≤ 100).
    pub per_page: usize,
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Story id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Escaped text with matches in `<mark>`.
    pub snippet_html: String,
    /// Theme slugs.
    pub themes: Vec<String>,
    /// Month published.
    pub published: String,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_families_expand_bare_words_only() {
        assert_eq!(
            expand_word_families("restrained night"),
            "(restraint OR restrain OR restrained OR restraining OR restraints) night"
        );
        assert_eq!(expand_word_families("\"restrained\""), "\"restrained\"");
        assert!(expand_word_families("PD").contains("\"personality disorder\""));
    }

    #[test]
    fn periods_read_as_year_spans() {
        assert_eq!(period_years("2019"), Some((2019, 2019)));
        assert_eq!(period_years("2010s"), Some((2010, 2019)));
        assert_eq!(period_years("2015s"), None);
        assert_eq!(period_years("soon"), None);
    }
}
