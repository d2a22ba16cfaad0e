//! Related stories: the stories most like one story, by its distinctive words (tantivy's
//! MoreLikeThis over title and body) and by the themes it is tagged with, leaving out the story
//! itself and any story carrying a content warning the reader chose to avoid.

use std::sync::LazyLock;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, OwnedValue, Value};
use tantivy::{TantivyDocument, Term};

use super::schema::stored_text;
use super::{expand, Result, SearchError, SearchIndex};

/// Weight of a shared theme beside the shared words (MoreLikeThis scores run to tens).
const SHARED_THEME_BOOST: f32 = 3.0;

/// Words too common in testimony to say two stories are alike.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
    "be", "because", "been", "before", "being", "but", "by", "can", "could", "did", "do", "does",
    "don't", "down", "each", "even", "for", "from", "get", "got", "had", "has", "have", "he",
    "her", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "know", "like",
    "me", "more", "my", "no", "not", "now", "of", "off", "on", "one", "only", "or", "other", "our",
    "out", "over", "said", "say", "she", "so", "some", "than", "that", "the", "their", "them",
    "then", "there", "they", "this", "time", "to", "up", "us", "very", "was", "we", "were", "what",
    "when", "which", "who", "would", "with", "you", "your",
];

/// The stems of `STOP_WORDS`, worked out once rather than on every story page.
static LIKE_STOP_STEMS: LazyLock<Vec<String>> =
    LazyLock::new(|| STOP_WORDS.iter().flat_map(|w| expand::stems(w)).collect());

/// A story shown as related to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedStory {
    /// Story id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Theme slugs it shares with the story it is related to.
    pub shared_themes: Vec<String>,
}

impl SearchIndex {
    /// Up to `limit` stories like the story `id` (none when it is not indexed), without any
    /// story carrying a warning in `exclude_cw`.
    pub fn related(
        &self,
        id: &str,
        exclude_cw: &[String],
        limit: usize,
    ) -> Result<Vec<RelatedStory>> {
        if !self.is_ready() {
            return Err(SearchError::Rebuilding);
        }
        let f = &self.fields;
        let searcher = self.reader.searcher();
        let own = Term::from_field_text(f.id, id);
        let found = searcher.search(
            &TermQuery::new(own.clone(), IndexRecordOption::Basic),
            &TopDocs::with_limit(1),
        )?;
        let Some((_, addr)) = found.first() else {
            return Ok(Vec::new());
        };
        let doc: TantivyDocument = searcher.doc(*addr)?;
        let themes: Vec<String> = doc
            .get_all(f.theme_slug)
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect();
        let num_docs = searcher.num_docs();
        let stop_words = LIKE_STOP_STEMS.clone();
        let like = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(2)
            // A word in most stories says nothing about this one.
            .with_max_doc_frequency((num_docs / 3).max(3))
            .with_min_term_frequency(1)
            .with_min_word_length(3)
            .with_max_query_terms(40)
            .with_stop_words(stop_words)
            .with_document_fields(vec![
                (f.title, vec![OwnedValue::Str(stored_text(&doc, f.title))]),
                (f.body, vec![OwnedValue::Str(stored_text(&doc, f.body))]),
            ]);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
            (Occur::Should, Box::new(like)),
            (
                Occur::MustNot,
                Box::new(TermQuery::new(own, IndexRecordOption::Basic)),
            ),
        ];
        for slug in &themes {
            let shared = TermQuery::new(
                Term::from_field_text(f.theme_match, slug),
                IndexRecordOption::Basic,
            );
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(shared), SHARED_THEME_BOOST)),
            ));
        }
        for w in exclude_cw {
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_facet(f.warning, &Facet::from_path([w.as_str()])),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let top = searcher.search(&BooleanQuery::new(clauses), &TopDocs::with_limit(limit))?;
        let mut out = Vec::with_capacity(top.len());
        for (_, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            out.push(RelatedStory {
                id: stored_text(&d, f.id),
                title: stored_text(&d, f.title),
                shared_themes: d
                    .get_all(f.theme_slug)
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .filter(|t| themes.contains(t))
                    .collect(),
            });
        }
        Ok(out)
    }
}
