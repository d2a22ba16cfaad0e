//! The thesaurus applied to a query, in one place. A query is rewritten before the expression
//! parser sees it: every bare word, run of words or quoted phrase that names a concept — also
//! inside brackets, after `-`, between AND/OR/NOT — becomes a group of the concept's terms and
//! phrases and its themes (assigned, and more weakly suggested at publication). A lay description
//! typed bare ("nobody listened") calls up the concepts it is a phrase of, weakly. Which of them a
//! story matched is worked out here too, for the "also matched" line.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};

use super::occurs::{occurrences, same_word, Words};
use super::pieces::{pieces, plain_word, Piece};
use super::stopwords::{is_stop_word, STOP_WORDS};
use crate::taxonomy::taxonomy;
use crate::thesaurus::{thesaurus, MAX_ENTRY_WORDS};

/// Weight of a story tagged by a moderator with the theme the query's concept names (its name is
/// one of the concept's terms: "restraint", "not being believed"). A body match on a rare word
/// scores about 2–6; this makes the tag count like a good word match.
const THEME_BOOST: f32 = 2.0;
/// Weight of that theme only suggested from the text at publication: a weaker signal.
const SUGGESTED_BOOST: f32 = 0.3;
/// Weight of a broader theme the concept is only linked to (self-harm and crisis care, police and
/// detention): a story tagged with it is still found, but after those that tell the concept,
/// since most of the theme's stories are about something else.
const LINKED_THEME_BOOST: f32 = 1.0;
/// Weight of a story whose role, setting or content warning is one the concept is tagged with
/// (carers and `role:carer`, PICU and `setting:picu`): a moderator's judgement, as a linked theme
/// is, but of who is telling it or where, so not as strong as the theme the concept names.
const TAG_BOOST: f32 = 1.0;
/// Weight of a linked theme only suggested at publication.
const LINKED_SUGGESTED_BOOST: f32 = 0.15;
/// Extra words allowed inside a phrase of several words ("held me down" for "held down").
pub(super) const PHRASE_SLOP: u32 = 1;
/// Weight of the words typed, in a group that also searches their concept. The concept field
/// already counts them (a concept's terms are among its entries), so at full weight they would
/// count twice and put a story that uses the word in another sense ("I showed restraint") above
/// those that tell the thing; a little weight keeps a title that names it ahead. Measured on the
/// four relevance sets, 0.1 ranks better than 0.25 on each (nDCG@10 up 0.003 to 0.010), and 0.5
/// worse.
const TYPED_BOOST: f32 = 0.1;
/// Weight of a broader concept (`within`) when a narrower one is searched by name: its stories
/// come after those that tell the narrower thing, and before those that only share a theme.
const BROADER_BOOST: f32 = 0.3;
/// Weight of a concept told in a story in other words, beside the words typed.
const CONCEPT_BOOST: f32 = 1.0;
/// Weight of a concept called up by one of its phrases typed as a bare run of words ("nobody
/// listened", "locked in"): the words typed count fully, and the accounts that tell the same
/// thing in other words come after those that use them.
const DESCRIBED_BOOST: f32 = 0.5;
/// Weight of a story tagged with the theme that a concept called up by a description names
/// ("nobody listened" and epistemic injustice): a moderator's judgement that the story tells the
/// thing, often in words no thesaurus holds, worth as much as a broader linked theme. Only the
/// theme the concept names, since a description is narrower than the themes it is linked to.
const DESCRIBED_THEME_BOOST: f32 = 1.0;
/// Most "also matched" entries shown for one story.
const MAX_ALSO: usize = 6;

/// A term or phrase, ready to search and to recognise.
struct Entry {
    text: String,
    stems: Vec<String>,
    /// For a single word, it and the concept's other single words of the same stem: a story
    /// tells the entry by one of them or an inflection of one ("therapies"), not by any word
    /// the stemmer makes the same ("kind" of "kindness", "person" of "personality").
    family: Vec<String>,
}

impl Entry {
    /// How many times `words` tell it.
    fn count_in(&self, words: &Words) -> usize {
        match self.stems.as_slice() {
            [stem] if !self.family.is_empty() => words.inflections(stem, &self.family),
            _ => occurrences(&words.positions, &self.stems),
        }
    }
}

/// Most words a snippet highlights for the concepts of one query.
const MAX_HIGHLIGHT_STEMS: usize = 300;
/// Most of a concept's entries recorded for one story (for "also matched").
const MAX_TOLD_ENTRIES: usize = 12;

/// A concept a story tells, found at indexing.
pub(super) struct Told<'a> {
    /// The concept's id.
    pub(super) id: &'a str,
    /// How many times, by any of its entries.
    pub(super) times: usize,
    /// Which entries (`told_key`s), the first few.
    pub(super) entries: Vec<String>,
}

/// A concept as search uses it.
struct Forms {
    id: String,
    /// Terms then phrases, without two of the same stems.
    entries: Vec<Entry>,
    themes: Vec<String>,
    /// The themes among `themes` the concept names (the theme's name is one of its terms).
    named: Vec<String>,
    /// Roles, settings and content warnings that say a story tells it (`role:carer`).
    tags: Vec<String>,
}

/// The thesaurus, stemmed: concepts and the stemmed names that call them up.
pub(super) struct Lexicon {
    concepts: Vec<Forms>,
    by_name: HashMap<Vec<String>, Vec<usize>>,
    /// The concepts told by each phrase (one that is no concept's name),
    /// by its stems: a lay description typed as bare words calls them up, weakly.
    by_phrase: HashMap<Vec<String>, Vec<usize>>,
    /// The stems of the stop words, worked out once: they say nothing on their own.
    common: HashSet<String>,
    /// Every entry (concept, entry) by its first stem, in thesaurus order: indexing looks up
    /// the entries a story's words can begin, rather than every entry of the thesaurus.
    by_first: HashMap<String, Vec<(usize, usize)>>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut by_name: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    let mut concepts = Vec::new();
    for (i, c) in thesaurus().concepts.iter().enumerate() {
        let mut entries: Vec<Entry> = Vec::new();
        for text in c.entries() {
            let stems = stems(text);
            let single = stems.len() == 1 && !text.contains(|ch: char| !ch.is_alphanumeric());
            match entries.iter_mut().find(|e| e.stems == stems) {
                Some(e) => {
                    if single && !e.family.is_empty() {
                        e.family.push(text.to_owned());
                    }
                }
                None => entries.push(Entry {
                    text: text.to_owned(),
                    stems,
                    family: if single {
                        vec![text.to_owned()]
                    } else {
                        Vec::new()
                    },
                }),
            }
        }
        for term in &c.terms {
            let ids = by_name.entry(stems(term)).or_default();
            if !ids.contains(&i) {
                ids.push(i);
            }
        }
        let named = c
            .themes
            .iter()
            .filter(|t| {
                taxonomy()
                    .theme(t)
                    .is_some_and(|th| c.terms.contains(&th.name.to_lowercase()))
            })
            .cloned()
            .collect();
        concepts.push(Forms {
            id: c.id.clone(),
            entries,
            themes: c.themes.clone(),
            named,
            tags: c.tags.clone(),
        });
    }
    let mut by_phrase: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    let common: HashSet<String> = STOP_WORDS.iter().flat_map(|w| stems(w)).collect();
    for (i, c) in thesaurus().concepts.iter().enumerate() {
        for phrase in &c.phrases {
            let key = stems(phrase);
            if by_name.contains_key(&key) || key.iter().all(|s| common.contains(s)) {
                continue;
            }
            let ids = by_phrase.entry(key).or_default();
            if !ids.contains(&i) {
                ids.push(i);
            }
        }
    }
    let mut by_first: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (i, forms) in concepts.iter().enumerate() {
        for (k, e) in forms.entries.iter().enumerate() {
            if let Some(first) = e.stems.first() {
                by_first.entry(first.clone()).or_default().push((i, k));
            }
        }
    }
    Lexicon {
        concepts,
        by_name,
        by_phrase,
        common,
        by_first,
    }
});

/// The stemmed thesaurus, built on first use (the server builds it at start-up).
pub(super) fn lexicon() -> &'static Lexicon {
    &LEXICON
}

/// The words of `text` in lower case, each with its stem, as the index's `en_stem` analyzer
/// reads them (the same tokenizer, filters and Snowball stemmer, applied word by word).
pub(super) fn words_and_stems(text: &str) -> Vec<(String, String)> {
    static STEMMER: LazyLock<rust_stemmers::Stemmer> =
        LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));
    let mut lower = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build();
    let mut out = Vec::new();
    let mut stream = lower.token_stream(text);
    while stream.advance() {
        let word = stream.token().text.clone();
        let stem = STEMMER.stem(&word).into_owned();
        out.push((word, stem));
    }
    out
}

/// The stems of `text`, exactly as the index's `en_stem` analyzer makes them.
pub(super) fn stems(text: &str) -> Vec<String> {
    let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(Stemmer::new(Language::English))
        .build();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// Where one concept (or several sharing a name) was called up in a query.
#[derive(Debug, Clone)]
pub(super) struct Group {
    /// The stems typed, which "also matched" leaves out.
    typed: Vec<String>,
    concepts: Vec<usize>,
}

/// A query with the thesaurus applied.
#[derive(Debug, Clone, Default)]
pub(super) struct Expansion {
    /// The rewritten expression, for the query parser.
    pub(super) query: String,
    /// The concepts called up, in order.
    pub(super) groups: Vec<Group>,
}

impl Lexicon {
    /// How many concepts there are.
    #[cfg(test)]
    pub(super) fn concept_count(&self) -> usize {
        self.concepts.len()
    }

    /// The concepts named by exactly these stems.
    fn named(&self, key: &[String]) -> Option<&Vec<usize>> {
        if key.is_empty() {
            return None;
        }
        self.by_name.get(key)
    }

    /// The concepts the words `typed` (stemmed: `key`) name. A single word names a concept by a
    /// single-word term only as that term inflected, as indexing tells it (`same_word`): "care"
    /// does not name the concept whose term is "caring", though the stemmer makes them one.
    fn named_as(&self, key: &[String], typed: &[&str]) -> Option<Vec<usize>> {
        let ids = self.named(key)?;
        let word = match (typed, key) {
            ([word], [_]) if word.chars().all(char::is_alphanumeric) => word.to_lowercase(),
            _ => return Some(ids.clone()),
        };
        let ids: Vec<usize> = ids
            .iter()
            .copied()
            .filter(|&i| {
                thesaurus().concepts[i].terms.iter().any(|t| {
                    stems(t) == key
                        && (t.contains(|c: char| !c.is_alphanumeric()) || same_word(&word, t))
                })
            })
            .collect();
        (!ids.is_empty()).then_some(ids)
    }

    /// The group searched for a lay description typed as bare words (`words`, their `key`
    /// stems) that is one of the phrases of `concepts`: every word typed, as written, or the
    /// concepts told in other words, more weakly, or the stories tagged with a theme a concept
    /// names (not the broader ones it is only linked to, nor the suggested ones).
    fn described_query(&self, concepts: &[usize], words: &[&str]) -> String {
        let all: Vec<String> = words.iter().map(|w| plain_word("", w)).collect();
        let mut alternatives = vec![format!("({})", all.join(" AND "))];
        let mut themes: Vec<&str> = Vec::new();
        for &i in concepts {
            alternatives.push(format!(
                "concept:\"{}\"^{DESCRIBED_BOOST}",
                self.concepts[i].id
            ));
            for t in &self.concepts[i].named {
                if !themes.contains(&t.as_str()) {
                    themes.push(t);
                }
            }
        }
        for t in themes {
            alternatives.push(format!("theme_match:\"{t}\"^{DESCRIBED_THEME_BOOST}"));
        }
        format!("({})", alternatives.join(" OR "))
    }

    /// The group searched for `concepts` called up by `typed`: the words typed (weakly, so that
    /// the title still counts), the concepts as found in stories at indexing
    /// (every term and phrase, one term each in the `concept` field), and the linked themes: the
    /// theme a concept names as strongly as a good word match, broader ones it is linked to
    /// weakly. Excluded (`negated`), a concept leaves out the stories tagged with the theme it
    /// names but not all those of a broader theme ("-police" is not "-crisis care").
    fn group_query(&self, concepts: &[usize], typed: &[String], negated: bool) -> String {
        let mut alternatives: Vec<String> = Vec::new();
        let mut themes: Vec<&str> = Vec::new();
        for &i in concepts {
            let forms = &self.concepts[i];
            if alternatives.is_empty() {
                // Entries hold no double quote or backslash (the thesaurus check refuses them).
                if let Some(e) = forms.entries.iter().find(|e| e.stems == typed) {
                    alternatives.push(if e.stems.len() > 1 {
                        format!("\"{}\"~{PHRASE_SLOP}^{TYPED_BOOST}", e.text)
                    } else {
                        format!("\"{}\"^{TYPED_BOOST}", e.text)
                    });
                }
            }
            alternatives.push(format!("concept:\"{}\"^{CONCEPT_BOOST}", forms.id));
            if !negated {
                for broader in &thesaurus().concepts[i].within {
                    alternatives.push(format!("concept:\"{broader}\"^{BROADER_BOOST}"));
                }
            }
            for t in &forms.themes {
                if !themes.contains(&t.as_str()) {
                    themes.push(t);
                }
            }
        }
        if !negated {
            let mut tags: Vec<&str> = Vec::new();
            for &i in concepts {
                for tag in &self.concepts[i].tags {
                    if !tags.contains(&tag.as_str()) {
                        tags.push(tag);
                        alternatives.push(format!("tag_match:\"{tag}\"^{TAG_BOOST}"));
                    }
                }
            }
        }
        for t in themes {
            let named = concepts
                .iter()
                .any(|&i| self.concepts[i].named.iter().any(|n| n == t));
            let (tagged, suggested) = match (named, negated) {
                (true, _) => (THEME_BOOST, SUGGESTED_BOOST),
                (false, false) => (LINKED_THEME_BOOST, LINKED_SUGGESTED_BOOST),
                (false, true) => continue,
            };
            alternatives.push(format!("theme_match:\"{t}\"^{tagged}"));
            alternatives.push(format!("suggested_theme:\"{t}\"^{suggested}"));
        }
        format!("({})", alternatives.join(" OR "))
    }

    /// The concepts told in `text` (by any term or phrase), each with how many times, for the
    /// index's `concept` field: this is where a story's other words for a thing are found once,
    /// at indexing, so that a query pays for one term per concept rather than every phrase.
    pub(super) fn concepts_in(&self, text: &str) -> Vec<Told<'_>> {
        let words = Words::of(text);
        // Only the entries that begin with one of the story's stems can occur in it.
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for stem in words.positions.keys() {
            for &(i, k) in self.by_first.get(stem).into_iter().flatten() {
                let n = self.concepts[i].entries[k].count_in(&words);
                if n > 0 {
                    found.push((i, k, n));
                }
            }
        }
        // In thesaurus order, as the concept field and "also matched" expect.
        found.sort_unstable();
        let mut out: Vec<Told<'_>> = Vec::new();
        for (i, k, n) in found {
            let forms = &self.concepts[i];
            if out.last().is_none_or(|t| t.id != forms.id) {
                out.push(Told {
                    id: &forms.id,
                    times: 0,
                    entries: Vec::new(),
                });
            }
            let told = out.last_mut().expect("pushed above");
            told.times += n;
            if told.entries.len() < MAX_TOLD_ENTRIES {
                told.entries
                    .push(told_key(&forms.id, &forms.entries[k].text));
            }
        }
        out
    }

    /// Applies the thesaurus to `q`; `is_field` says which `name:` prefixes are index fields.
    pub(super) fn expand(&self, q: &str, is_field: &dyn Fn(&str) -> bool) -> Expansion {
        self.expand_with(q, is_field, false)
    }

    /// The same, leaving out bare words too common to say anything on their own ("the", "on"),
    /// for the any-word reading of a plain query.
    pub(super) fn expand_loose(&self, q: &str, is_field: &dyn Fn(&str) -> bool) -> Expansion {
        self.expand_with(q, is_field, true)
    }

    fn expand_with(&self, q: &str, is_field: &dyn Fn(&str) -> bool, loose: bool) -> Expansion {
        let mut out = Expansion::default();
        let mut run: Vec<&str> = Vec::new();
        // Whether the last syntax was NOT, and whether the current run of words follows one.
        let (mut after_not, mut run_negated) = (false, false);
        let pieces = pieces(q, is_field);
        for piece in &pieces {
            match piece {
                Piece::Word { prefix: "", text } => {
                    if run.is_empty() {
                        run_negated = after_not;
                    }
                    after_not = false;
                    run.push(text);
                    continue;
                }
                Piece::Verbatim(s) if s.trim().is_empty() && !run.is_empty() => continue,
                _ => {}
            }
            self.flush_run(&mut run, &mut out, loose, run_negated);
            let negated = after_not;
            after_not = match piece {
                Piece::Verbatim(s) if s.trim().is_empty() => after_not,
                Piece::Verbatim(s) => s.trim() == "NOT",
                _ => false,
            };
            match piece {
                Piece::Verbatim(s) => out.query.push_str(s),
                Piece::Word { prefix, text } => {
                    let key = stems(text);
                    let negated = negated || *prefix == "-";
                    match self.named_as(&key, &[text]) {
                        Some(ids) => self.push_group(prefix, key, &ids, negated, &mut out),
                        None => out.query.push_str(&plain_word(prefix, text)),
                    }
                }
                Piece::Phrase {
                    prefix,
                    text,
                    quote,
                    closed,
                } => {
                    let key = stems(text);
                    let negated = negated || *prefix == "-";
                    let typed: Vec<&str> = text.split_whitespace().collect();
                    match self.named_as(&key, &typed).filter(|_| *closed) {
                        Some(ids) => self.push_group(prefix, key, &ids, negated, &mut out),
                        None => {
                            out.query.push_str(prefix);
                            out.query.push(*quote);
                            out.query.push_str(text);
                            if *closed {
                                out.query.push(*quote);
                            }
                        }
                    }
                }
            }
        }
        self.flush_run(&mut run, &mut out, loose, run_negated);
        out
    }

    fn push_group(
        &self,
        prefix: &str,
        typed: Vec<String>,
        ids: &[usize],
        negated: bool,
        out: &mut Expansion,
    ) {
        out.query.push_str(prefix);
        out.query.push_str(&self.group_query(ids, &typed, negated));
        out.groups.push(Group {
            typed,
            concepts: ids.to_vec(),
        });
    }

    /// Rewrites a run of bare words, the longest names first ("held down" before "held"); after
    /// NOT (`negated`), the first of them is what is excluded.
    fn flush_run(&self, run: &mut Vec<&str>, out: &mut Expansion, loose: bool, negated: bool) {
        if run.is_empty() {
            return;
        }
        let words: Vec<Vec<String>> = run.iter().map(|w| stems(w)).collect();
        let mut i = 0;
        let mut parts: Vec<String> = Vec::new();
        while i < run.len() {
            let longest = MAX_ENTRY_WORDS.min(run.len() - i);
            let found = (1..=longest).rev().find_map(|len| {
                let key: Vec<String> = words[i..i + len].concat();
                self.named_as(&key, &run[i..i + len])
                    .map(|ids| (len, key, ids))
            });
            // Failing a name, a lay description (one word or more: "nobody listened", "told it
            // was all in my head") calls up the concepts it tells, wherever it is typed, unless
            // it holds a name ("at work" is searched as "work") or is what a NOT excludes. The
            // words typed still count fully, so the stories that use them come first. (Calling
            // them up only when typed alone or beside names missed "told it was all in my head":
            // on ten relevance sets, recall@20 0.857 with that rule and 0.861 without.)
            let holds_name = |len: usize| {
                (i..i + len).any(|j| {
                    (j + 1..=i + len).any(|end| self.named(&words[j..end].concat()).is_some())
                })
            };
            let named_len = found.as_ref().map_or(0, |f| f.0);
            let described = (!(negated && i == 0))
                .then(|| {
                    (named_len + 1..=longest).rev().find_map(|len| {
                        let key: Vec<String> = words[i..i + len].concat();
                        let ids = self.by_phrase.get(&key)?;
                        // Longer than a name it begins with, it wins only if it tells something
                        // else ("believed in me" is not "believed").
                        let other = match &found {
                            Some((_, _, named)) => !ids.iter().any(|c| named.contains(c)),
                            None => !holds_name(len),
                        };
                        other.then_some((len, key, ids))
                    })
                })
                .flatten();
            if let Some((len, key, ids)) = described {
                parts.push(self.described_query(ids, &run[i..i + len]));
                out.groups.push(Group {
                    typed: key,
                    concepts: ids.clone(),
                });
                i += len;
                continue;
            }
            match found {
                Some((len, key, ids)) => {
                    let mut group = Expansion::default();
                    self.push_group("", key, &ids, negated && i == 0, &mut group);
                    parts.push(group.query);
                    out.groups.extend(group.groups);
                    i += len;
                }
                None => {
                    if !(loose && is_stop_word(run[i])) {
                        parts.push(plain_word("", run[i]));
                    }
                    i += 1;
                }
            }
        }
        out.query.push_str(&parts.join(" "));
        // The spaces that separated the run from what follows were swallowed with it.
        out.query.push(' ');
        run.clear();
    }

    /// The terms and phrases of `groups`, other than what was typed, that occur in `text`, and
    /// the linked themes `themes` (a story's slugs) carry; at most a handful, in thesaurus order.
    /// The words (stems) of every term and phrase of `groups` worth highlighting in a snippet:
    /// without the common words ("my" of "my arms"), at most a few hundred.
    pub(super) fn highlight_stems(&self, groups: &[Group]) -> Vec<String> {
        let common = &self.common;
        let mut out: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for g in groups {
            for &c in &g.concepts {
                for stem in self.concepts[c].entries.iter().flat_map(|e| &e.stems) {
                    if out.len() < MAX_HIGHLIGHT_STEMS
                        && !common.contains(stem)
                        && seen.insert(stem.as_str())
                    {
                        out.push(stem.clone());
                    }
                }
            }
        }
        out
    }

    #[cfg(test)]
    pub(super) fn also_matched(
        &self,
        groups: &[Group],
        text: &str,
        themes: &[String],
    ) -> Vec<String> {
        if groups.is_empty() {
            return Vec::new();
        }
        let words = Words::of(text);
        self.explain(groups, themes, &[], |_, e| e.count_in(&words) > 0)
    }

    /// The same, from what indexing recorded the story tells (`told_key`s): no text is read.
    pub(super) fn also_matched_told(
        &self,
        groups: &[Group],
        told: &HashSet<&str>,
        themes: &[String],
        tags: &[&str],
    ) -> Vec<String> {
        self.explain(groups, themes, tags, |forms, e| {
            told.contains(told_key(&forms.id, &e.text).as_str())
        })
    }

    fn explain(
        &self,
        groups: &[Group],
        themes: &[String],
        tags: &[&str],
        tells: impl Fn(&Forms, &Entry) -> bool,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let tax = taxonomy();
        for g in groups {
            for &c in &g.concepts {
                let forms = &self.concepts[c];
                for t in &forms.themes {
                    let label = tax
                        .theme(t)
                        .map_or(t.clone(), |th| format!("theme: {}", th.name));
                    let tagged = themes.iter().any(|slug| {
                        slug == t
                            || tax
                                .theme(slug)
                                .zip(tax.theme(t))
                                .is_some_and(|(s, t)| s.path.starts_with(&format!("{}/", t.path)))
                    });
                    if tagged && !out.contains(&label) {
                        out.insert(0, label);
                    }
                }
                for tag in forms.tags.iter().filter(|t| tags.contains(&t.as_str())) {
                    if let Some(label) = tax.tag_label(tag) {
                        if !out.contains(&label) {
                            // After the themes, before the words.
                            let at = out.iter().take_while(|l| l.starts_with("theme: ")).count();
                            out.insert(at, label);
                        }
                    }
                }
                for e in &forms.entries {
                    if out.len() >= MAX_ALSO + 2 {
                        break;
                    }
                    if e.stems != g.typed && !out.contains(&e.text) && tells(forms, e) {
                        out.push(e.text.clone());
                    }
                }
            }
        }
        out.truncate(MAX_ALSO);
        out
    }
}

/// How the index records that a story tells concept `id` as `entry`.
pub(super) fn told_key(id: &str, entry: &str) -> String {
    format!("{id}\t{entry}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::pieces::is_plain;

    fn fields(name: &str) -> bool {
        matches!(name, "title" | "body")
    }

    fn expand(q: &str) -> Expansion {
        lexicon().expand(q, &fields)
    }

    #[test]
    fn a_bare_term_becomes_its_concept_with_themes() {
        let e = expand("restraint night");
        assert!(e.query.contains("concept:\"restraint\"^"), "{}", e.query);
        assert!(
            e.query.contains("theme_match:\"restraint\"^"),
            "{}",
            e.query
        );
        assert!(
            e.query.contains("suggested_theme:\"restraint\"^"),
            "{}",
            e.query
        );
        assert!(e.query.trim_end().ends_with(") night"), "{}", e.query);
        assert_eq!(e.groups.len(), 1);
    }

    #[test]
    fn a_narrower_concept_also_searches_its_broader_one_weakly_unless_excluded() {
        let broader = format!("concept:\"antipsychotics\"^{BROADER_BOOST}");
        let e = expand("depot");
        assert!(e.query.contains("concept:\"depot\"^1"), "{}", e.query);
        assert!(e.query.contains(&broader), "{}", e.query);
        // Excluding a depot is not excluding every antipsychotic.
        let e = expand("psychosis NOT depot");
        assert!(!e.query.contains(&broader), "{}", e.query);
        // A broader concept searched by name does not call up its narrower ones.
        let e = expand("antipsychotics");
        assert!(!e.query.contains("concept:\"depot\""), "{}", e.query);
    }

    #[test]
    fn the_longest_name_wins_in_a_run_of_words() {
        let e = expand("not being believed");
        assert_eq!(e.groups.len(), 1, "{}", e.query);
        assert!(e.query.contains("concept:\"not-believed\""), "{}", e.query);
    }

    #[test]
    fn quoted_phrases_expand_when_they_name_a_concept() {
        let e = expand("\"personality disorder\" -\"the back of a police car\"");
        assert!(e.query.starts_with("(\""), "{}", e.query);
        assert!(
            e.query.contains("concept:\"personality-disorder\""),
            "{}",
            e.query
        );
        // A phrase that only describes (rather than names) a concept is searched as written.
        assert!(
            e.query.ends_with("-\"the back of a police car\""),
            "{}",
            e.query
        );
    }

    #[test]
    fn a_named_theme_weighs_more_than_a_broader_linked_one() {
        // "restraint" names the theme Restraint; self-harm is only linked to crisis care.
        let e = expand("restraint");
        assert!(
            e.query
                .contains(&format!("theme_match:\"restraint\"^{THEME_BOOST}")),
            "{}",
            e.query
        );
        let e = expand("self-harm");
        assert!(
            e.query
                .contains(&format!("theme_match:\"crisis-care\"^{LINKED_THEME_BOOST}")),
            "{}",
            e.query
        );
        const { assert!(LINKED_THEME_BOOST < THEME_BOOST && LINKED_SUGGESTED_BOOST < SUGGESTED_BOOST) };
    }

    #[test]
    fn an_excluded_concept_leaves_out_its_own_theme_but_not_a_broader_one() {
        for q in [
            "restraint -police",
            "restraint NOT police",
            "restraint NOT (police)",
        ] {
            let e = expand(q);
            let (_, excluded) = e.query.split_once("police").unwrap();
            assert!(
                excluded.contains("concept:\"police-and-place-of-safety\""),
                "{q}: {}",
                e.query
            );
            if !q.contains('(') {
                assert!(!excluded.contains("crisis-care"), "{q}: {}", e.query);
            }
        }
        // Excluding the concept that names a theme excludes the stories tagged with it.
        let e = expand("police -restraint");
        let (_, excluded) = e.query.split_once("-(").unwrap();
        assert!(
            excluded.contains("theme_match:\"restraint\""),
            "{}",
            e.query
        );
    }

    #[test]
    fn boolean_operators_brackets_and_signs_are_kept_around_groups() {
        let e = expand("(PD OR sectioned) AND -seclusion");
        assert!(e.query.starts_with("((\""), "{}", e.query);
        assert!(e.query.contains(") OR (\""), "{}", e.query);
        assert!(e.query.contains(") AND -(\""), "{}", e.query);
        assert_eq!(e.groups.len(), 3);
    }

    #[test]
    fn syntax_and_fields_are_passed_through_and_awkward_words_quoted() {
        let e = expand("title:ward restrain* didn't obs");
        assert!(
            e.query.starts_with("title:ward restrain* \"didn't\" ("),
            "{}",
            e.query
        );
        assert_eq!(expand("3:1").query, "\"3:1\" ");
        let unclosed = expand("\"unclosed phrase");
        assert_eq!(unclosed.query, "\"unclosed phrase");
        assert!(unclosed.groups.is_empty());
    }

    #[test]
    fn also_matched_names_the_other_words_and_the_theme() {
        let e = expand("restraint");
        let also = lexicon().also_matched(
            &e.groups,
            "Four of them held me face down and I was pinned there. Restraint, they called it.",
            &["restraint".to_owned()],
        );
        assert_eq!(also.first().map(String::as_str), Some("theme: Restraint"));
        assert!(also.contains(&"held face down".to_owned()), "{also:?}");
        assert!(also.contains(&"pinned".to_owned()), "{also:?}");
        assert!(
            !also.contains(&"restraint".to_owned()),
            "what was typed is not repeated"
        );
    }

    #[test]
    fn plain_queries_are_words_and_phrases_only_and_loose_drops_common_words() {
        for q in ["restraint on the ward", "\"held down\" night"] {
            assert!(is_plain(q, &fields), "{q}");
        }
        for q in [
            "restraint",
            "ward AND night",
            "ward -night",
            "(ward night)",
            "title:ward night",
            "\"open",
        ] {
            assert!(!is_plain(q, &fields), "{q}");
        }
        let loose = lexicon()
            .expand_loose("restraint on the ward", &fields)
            .query;
        assert!(
            loose.contains(") (\""),
            "the two concepts, nothing between: {loose}"
        );
        assert!(lexicon()
            .expand("restraint on the ward", &fields)
            .query
            .contains(" on the "));
    }

    #[test]
    fn a_lay_description_also_finds_the_stories_tagged_with_the_theme_its_concept_names() {
        // "nobody listened" tells not being believed, which names epistemic injustice: a
        // moderator who tagged a story so has judged that it tells it, whatever its words.
        let e = expand("nobody listened");
        assert!(
            e.query.contains(&format!(
                "theme_match:\"epistemic-injustice\"^{DESCRIBED_THEME_BOOST}"
            )),
            "{}",
            e.query
        );
        // A concept linked to a theme it does not name brings no theme: "talked me down" tells
        // de-escalation, linked to trauma-informed care, which is much more besides.
        let e = expand("talked me down");
        assert!(!e.query.contains("theme_match"), "{}", e.query);
        const { assert!(DESCRIBED_THEME_BOOST <= THEME_BOOST) };
    }

    #[test]
    fn a_lay_description_typed_as_words_calls_up_what_it_tells_weakly() {
        let e = expand("nobody listened");
        assert_eq!(e.groups.len(), 1, "{}", e.query);
        assert!(e.query.contains("(nobody AND listened)"), "{}", e.query);
        assert!(
            e.query
                .contains(&format!("concept:\"not-believed\"^{DESCRIBED_BOOST}")),
            "{}",
            e.query
        );
        // Narrower than a theme: no broader theme and no suggestion is searched for it.
        assert!(!e.query.contains("suggested_theme"), "{}", e.query);
        const { assert!(DESCRIBED_BOOST < CONCEPT_BOOST) };
        // A description that holds a name is left to the name ("at work" is "work").
        let e = expand("disclosure at work");
        assert!(!e.query.contains("(at AND work)"), "{}", e.query);
        assert!(e.query.contains("concept:\"workplace\"^1"), "{}", e.query);
        // Among other words too, the words typed still counting in full.
        let e = expand("told it was all in my head");
        assert!(e.query.starts_with("told it was "), "{}", e.query);
        assert!(
            e.query.contains("(all AND in AND my AND head)"),
            "{}",
            e.query
        );
        assert!(e.query.contains("concept:\"not-believed\""), "{}", e.query);
        assert_eq!(expand("nobody listened to me").groups.len(), 1);
        let e = expand("medication without consent");
        assert!(e.query.contains("(without AND consent)"), "{}", e.query);
        // Quoted, or excluded, a description is searched as written.
        assert!(expand("\"nobody listened\"").groups.is_empty());
        let e = expand("restraint NOT nobody listened");
        assert!(!e.query.contains("(nobody AND listened)"), "{}", e.query);
    }

    #[test]
    fn a_typed_word_names_a_concept_only_as_one_of_its_terms_inflected() {
        // The stemmer makes "care" and "caring" one stem; only "caring" (and "cared") is the
        // carers' term.
        assert!(!expand("my care").query.contains("family-and-carers"));
        assert!(expand("caring")
            .query
            .contains("concept:\"family-and-carers\""));
        assert!(expand("Cared")
            .query
            .contains("concept:\"family-and-carers\""));
        assert!(expand("Restraints").query.contains("concept:\"restraint\""));
    }

    #[test]
    fn words_are_stemmed_word_by_word_exactly_as_the_index_stems_them() {
        let text = "They HELD me down; restraints, restrained. Café’s 5(2) nurses' well-being";
        let stemmed: Vec<String> = words_and_stems(text).into_iter().map(|(_, s)| s).collect();
        assert_eq!(stemmed, stems(text));
        assert_eq!(words_and_stems("HELD")[0].0, "held");
    }

    #[test]
    fn a_single_word_that_tells_a_concept_typed_alone_calls_it_up_weakly() {
        // "friendship" is one of the ways of telling connectedness, not a name of it: typed on
        // its own it finds the word, and the concept told in other words after it.
        let e = expand("friendship");
        assert_eq!(e.groups.len(), 1, "{}", e.query);
        assert!(e.query.contains("(friendship)"), "{}", e.query);
        assert!(
            e.query
                .contains(&format!("concept:\"connectedness\"^{DESCRIBED_BOOST}")),
            "{}",
            e.query
        );
        // Beside a name, and among other words, too.
        assert_eq!(expand("friendship on the ward").groups.len(), 2);
        let e = expand("friendship bracelets");
        assert_eq!(e.groups.len(), 1, "{}", e.query);
        assert!(e.query.ends_with(" bracelets "), "{}", e.query);
    }
}
