//! Feedback from the best matches ("pseudo-relevance feedback"): the distinctive words the first
//! few stories found share are added to a described query as a weak bonus, so that among the
//! stories it matches, those telling the same thing in the same words as the best ones rise.
//! It only reorders: every story shown still matches the query as written and widened by the
//! thesaurus, and the count of matches is unchanged.

use std::collections::HashMap;

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::expand::stems;
use super::schema::Fields;
use super::stopwords::STOP_WORDS;

/// How many of the best matches are read. Measured on the seven development relevance sets,
/// 4–5 stories did best; 8 and 12 brought in words of stories that were not about the need.
pub(super) const FEEDBACK_STORIES: usize = 5;
/// How many of their words are added.
const FEEDBACK_WORDS: usize = 20;
/// A word counts only if at least this many of those stories use it: one story's own words
/// (a name, a place, a turn of phrase) say nothing about the need.
const MIN_STORIES: usize = 2;
/// Words in more than this share of the archive say too little, and cost the most to match.
const MAX_SHARE: f32 = 0.1;
/// The weight of the added words beside the query's own. On the development sets, 0.15–0.3
/// added about 0.01 to recall@20 with nDCG@10 unchanged or better; 0.5 lowered nDCG@10.
const FEEDBACK_WEIGHT: f32 = 0.3;
/// The most of a story's title or body read, in bytes: the opening of a long account says what
/// it is about, and the work a search adds stays small whatever the stories' length.
const READ_BYTES: usize = 20_000;

/// The words the stories at `top` (the best matches for `typed`) share, as one weighted query on
/// the body, or `None` when they share none worth adding.
pub(super) fn feedback(
    searcher: &Searcher,
    f: &Fields,
    top: &[DocAddress],
    typed: &str,
) -> tantivy::Result<Option<Box<dyn Query>>> {
    let typed = stems(typed);
    // stem -> (how many of the stories use it, its summed share of each story's words)
    let mut seen: HashMap<String, (usize, f32)> = HashMap::new();
    for addr in top {
        let doc: TantivyDocument = searcher.doc(*addr)?;
        let mut tf: HashMap<String, usize> = HashMap::new();
        let mut len = 0usize;
        for text in doc
            .get_all(f.title)
            .chain(doc.get_all(f.body))
            .filter_map(|v| v.as_str())
        {
            let mut cut = text.len().min(READ_BYTES);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            for stem in stems(&text[..cut]) {
                len += 1;
                *tf.entry(stem).or_default() += 1;
            }
        }
        for (stem, n) in tf {
            let e = seen.entry(stem).or_default();
            e.0 += 1;
            e.1 += n as f32 / len as f32;
        }
    }
    let total = searcher.num_docs() as f32;
    let mut scored: Vec<(f32, String)> = Vec::new();
    for (stem, (stories, share)) in seen {
        if stories < MIN_STORIES
            || stem.chars().count() < 3
            || stem.chars().any(|c| c.is_ascii_digit())
            || STOP_WORDS.contains(&stem.as_str())
            || typed.contains(&stem)
        {
            continue;
        }
        let df = searcher.doc_freq(&Term::from_field_text(f.body, &stem))? as f32;
        if df == 0.0 || df / total > MAX_SHARE {
            continue;
        }
        scored.push((share * (1.0 + total / df).ln(), stem));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.truncate(FEEDBACK_WORDS);
    let Some(best) = scored.first().map(|s| s.0) else {
        return Ok(None);
    };
    let words: Vec<(Occur, Box<dyn Query>)> = scored
        .into_iter()
        .map(|(weight, stem)| {
            let term: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(f.body, &stem),
                IndexRecordOption::WithFreqs,
            ));
            let weighted: Box<dyn Query> = Box::new(BoostQuery::new(term, weight / best));
            (Occur::Should, weighted)
        })
        .collect();
    Ok(Some(Box::new(BoostQuery::new(
        Box::new(BooleanQuery::new(words)),
        FEEDBACK_WEIGHT,
    ))))
}
