//! From a `SearchRequest` to a tantivy query. Free text is parsed leniently: anything
//! unparseable is re-read as plain words, with a note saying so. The thesaurus widens the words
//! (`expand`, unless `exact`); themes, roles, settings, content warnings and the period become
//! filters.

use std::ops::Bound;

use serde::Serialize;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{Index, Term};

use super::expand::{lexicon, Group};
use super::pieces::{is_plain, plain_parts};
use super::schema::Fields;
use crate::taxonomy::taxonomy;

/// Longest query we read; the rest is ignored, with a note.
pub const MAX_QUERY_CHARS: usize = 500;
/// Most words a search expression may hold (and most plain words searched for).
pub const MAX_QUERY_TERMS: usize = 32;
/// Deepest nesting of brackets in a search expression.
const MAX_GROUP_DEPTH: usize = 4;
/// Longest quoted phrase, in words.
const MAX_PHRASE_WORDS: usize = 12;
/// Largest page size.
pub const MAX_PER_PAGE: usize = 100;
/// Score added to a story that has every word (or concept) of a plain query: about one good word
/// match (a rare word scores 2–6). Of two stories that tell the thing about as well, the one with
/// every word comes first; but a story that tells the query's main concept over and over, and is
/// tagged with its theme, is no longer put below every story that merely mentions each word once.
/// With a bonus large enough to put all such stories first (1000) the four relevance sets scored
/// nDCG@10 0.852, 0.854, 0.801 and 0.792; with this one (and `TYPED_BOOST` 0.1) 0.865, 0.865,
/// 0.806 and 0.802, recall@20 within a story of it.
const ALL_WORDS_BONUS: f32 = 2.0;

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
    /// Search the words exactly as typed: no thesaurus, no themes (`exact=on`).
    pub exact: bool,
}

/// A request read as a query.
pub(super) struct ParsedQuery {
    /// The text part alone, as matched.
    matched: Box<dyn Query>,
    /// The filters: themes, roles, settings, content warnings and the period.
    filters: Vec<(Occur, Box<dyn Query>)>,
    /// Whether the text is a description (words and phrases, read with the thesaurus), which
    /// the words of the best matches may reorder (`feedback`).
    pub(super) describes: bool,
    /// The text part alone, which drives the snippets.
    pub(super) text: Box<dyn Query>,
    /// How the text was read, when it was not as written.
    pub(super) note: Option<String>,
    /// The thesaurus's concepts the text called up, for "also matched".
    pub(super) groups: Vec<Group>,
}

impl ParsedQuery {
    /// The text part and every filter.
    pub(super) fn query(&self) -> BooleanQuery {
        self.filtered(self.matched.box_clone())
    }

    /// The query with `bonus` added to the score of the stories it matches, and no others.
    pub(super) fn with_bonus(&self, bonus: Box<dyn Query>) -> BooleanQuery {
        self.filtered(Box::new(BooleanQuery::new(vec![
            (Occur::Must, self.matched.box_clone()),
            (Occur::Should, bonus),
        ])))
    }

    fn filtered(&self, text: Box<dyn Query>) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        clauses.extend(self.filters.iter().map(|(o, q)| (*o, q.box_clone())));
        BooleanQuery::new(clauses)
    }
}

/// Reads `req` as a query on `index`.
pub(super) fn parse(index: &Index, f: &Fields, req: &SearchRequest) -> ParsedQuery {
    let (text_query, note, groups) = text_query(index, f, &req.q, req.exact);
    // The same query, parsed once, also drives the snippets; so that a story found by the
    // other words for a concept shows them, those words are highlighted too.
    let text: Box<dyn Query> = if groups.is_empty() {
        text_query.box_clone()
    } else {
        let mut words: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, text_query.box_clone())];
        for stem in lexicon().highlight_stems(&groups) {
            words.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.body, &stem),
                    IndexRecordOption::WithFreqs,
                )),
            ));
        }
        Box::new(BooleanQuery::new(words))
    };
    let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for theme in &req.themes {
        if let Some(t) = taxonomy().theme(theme) {
            filters.push((Occur::Must, facet_query(f.theme, &t.path)));
        } else {
            // An unknown theme matches nothing, rather than silently widening the search.
            filters.push((Occur::Must, facet_query(f.theme, "/unknown-theme")));
        }
    }
    for role in &req.roles {
        filters.push((Occur::Must, facet_query(f.role, &format!("/{role}"))));
    }
    for setting in &req.settings {
        filters.push((Occur::Must, facet_query(f.setting, &format!("/{setting}"))));
    }
    for warning in &req.exclude_cw {
        filters.push((
            Occur::MustNot,
            facet_query(f.warning, &format!("/{warning}")),
        ));
    }
    if let Some(from) = req.from {
        filters.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_i64(f.period_end, from)),
                Bound::Unbounded,
            )),
        ));
    }
    if let Some(to) = req.to {
        filters.push((
            Occur::Must,
            Box::new(RangeQuery::new(
                Bound::Unbounded,
                Bound::Included(Term::from_field_i64(f.period_start, to)),
            )),
        ));
    }
    let schema = index.schema();
    let describes = !req.exact
        && note.is_none()
        && plain_parts(req.q.trim(), &|n| schema.get_field(n).is_ok()).is_some_and(|n| n >= 1);
    ParsedQuery {
        matched: text_query,
        filters,
        describes,
        text,
        note,
        groups,
    }
}

/// The text part of a query, a note when it had to be read loosely, and the concepts it called
/// up. This is the one place the thesaurus is applied, to expressions and to plain words alike.
fn text_query(
    index: &Index,
    f: &Fields,
    q: &str,
    exact: bool,
) -> (Box<dyn Query>, Option<String>, Vec<Group>) {
    let schema = index.schema();
    let is_field = |name: &str| schema.get_field(name).is_ok();
    let expand = |text: &str| {
        if exact {
            (text.to_owned(), Vec::new())
        } else {
            let e = lexicon().expand(text, &is_field);
            (e.query, e.groups)
        }
    };
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
        return (Box::new(AllQuery), note, Vec::new());
    }
    let mut any_parser = QueryParser::for_index(index, vec![f.title, f.body]);
    any_parser.set_field_boost(f.title, 2.0);
    let mut parser = any_parser.clone();
    parser.set_conjunction_by_default();
    // A plain query (words and phrases, no operators) describes what is wanted rather than
    // stating a rule: stories with all of its words get a bonus over those with only some of the
    // telling ones ("the", "on" left out), and the rest is the ordinary ranking. Researchers'
    // descriptions ("restraint by male staff at night") otherwise miss every account that does
    // not use each of their words.
    // An expression with AND/OR/NOT, signs or brackets, and `exact=on`, mean exactly what they say.
    let relaxed = |all: Box<dyn Query>, text: &str| -> Box<dyn Query> {
        if exact || !is_plain(text, &is_field) {
            return all;
        }
        let loose = lexicon().expand_loose(text, &is_field).query;
        let (any, errors) = any_parser.parse_query_lenient(&loose);
        if !errors.is_empty() || loose.trim().is_empty() {
            return all;
        }
        Box::new(BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(ConstScoreQuery::new(all, ALL_WORDS_BONUS)),
            ),
            (Occur::Should, any),
        ]))
    };
    let intricate = too_intricate(q);
    if intricate.is_none() {
        let (expanded, groups) = expand(q);
        let (query, errors) = parser.parse_query_lenient(&expanded);
        if errors.is_empty() {
            return (relaxed(query, q), note, groups);
        }
    }
    // Re-read as plain words: quotes, operators, field names and repeats are dropped.
    let mut words: Vec<String> = Vec::new();
    for word in q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !matches!(*w, "AND" | "OR" | "NOT" | "IN"))
        .map(str::to_lowercase)
    {
        if words.len() == MAX_QUERY_TERMS {
            break;
        }
        if !words.contains(&word) {
            words.push(word);
        }
    }
    let read_as = words.join(" ");
    let why = intricate.unwrap_or("for example an unclosed quote or a stray operator");
    let note = Some(match note {
        Some(n) => format!("{n} Part of it could not be read as a search expression, so it was read as the words: {read_as}"),
        None if read_as.is_empty() => "Your search had no words we could look for, so all stories are shown.".to_owned(),
        None => format!("Part of your search could not be read as a search expression ({why}), so it was read as the words: {read_as}"),
    });
    if read_as.is_empty() {
        return (Box::new(AllQuery), note, Vec::new());
    }
    // Only letters, digits and spaces are left (and the thesaurus's quoted groups around them),
    // so this cannot fail or grow beyond the thesaurus's size.
    let (expanded, groups) = expand(&read_as);
    let (query, _) = parser.parse_query_lenient(&expanded);
    (relaxed(query, &read_as), note, groups)
}

/// Why `q` is more than the expression parser should be given, if it is. The parser's work
/// and the query it builds grow with the number of words, the nesting of brackets and the
/// length of phrases; the syntax refused here (boosts, slop, ranges, sets) is for search
/// engineers, and a typed `^` or `~` is far more often a typo than a request for it.
fn too_intricate(q: &str) -> Option<&'static str> {
    let mut words = 0;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut phrase_words = 0;
    let mut in_word = false;
    for c in q.chars() {
        let starts_word = c.is_alphanumeric() && !in_word;
        in_word = c.is_alphanumeric();
        if starts_word {
            words += 1;
            if quote.is_some() {
                phrase_words += 1;
            }
        }
        match (quote, c) {
            (Some(open), c) if c == open => {
                quote = None;
                phrase_words = 0;
            }
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, '^' | '~' | '[' | ']' | '{' | '}' | '<' | '>') => return Some(
                "it used signs such as ^, ~, brackets or < > that we do not read as search syntax",
            ),
            _ => {}
        }
        if words > MAX_QUERY_TERMS {
            return Some("it had more words than we search for at once");
        }
        if depth > MAX_GROUP_DEPTH {
            return Some("its brackets were nested too deeply");
        }
        if phrase_words > MAX_PHRASE_WORDS {
            return Some("a quoted phrase was longer than we search for");
        }
    }
    None
}

/// Matches documents carrying the facet at `path`.
fn facet_query(field: Field, path: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(field, &Facet::from(path)),
        IndexRecordOption::Basic,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_expressions_are_not_intricate() {
        for q in [
            "ward round",
            "\"ward round\" -night",
            "(crisis OR team) AND restraint",
            "title:keypad",
            "restrain*",
        ] {
            assert_eq!(too_intricate(q), None, "{q}");
        }
    }

    #[test]
    fn expressions_beyond_the_bounds_are_intricate() {
        let many = "a OR ".repeat(MAX_QUERY_TERMS);
        let deep = format!("{}a{}", "(".repeat(MAX_GROUP_DEPTH + 1), ")".repeat(5));
        let phrase = format!("\"{}\"", "a ".repeat(MAX_PHRASE_WORDS + 1));
        let unclosed = format!("'{}", "a ".repeat(MAX_PHRASE_WORDS + 1));
        for q in [
            &many,
            &deep,
            &phrase,
            &unclosed,
            "ward^9",
            "\"a b\"~3",
            "body:[a TO z]",
        ] {
            assert!(too_intricate(q).is_some(), "{q}");
        }
    }
}
