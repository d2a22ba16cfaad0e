//! Every concept of the thesaurus, checked against a real index: one small story per term and
//! phrase, then each term searched (quoted, and bare where it can be typed bare) must find every
//! story of its concept, say which other words matched, and `exact` must find fewer.

use super::*;
use crate::thesaurus::thesaurus;

/// A word no story or thesaurus entry uses, marking the stories written for concept `i`.
fn marker(i: usize) -> String {
    format!("zqmark{i}x")
}

fn request(q: &str, exact: bool) -> SearchRequest {
    SearchRequest {
        q: q.to_owned(),
        page: 1,
        per_page: MAX_PER_PAGE,
        exact,
        ..Default::default()
    }
}

#[test]
fn every_term_of_every_concept_finds_every_way_of_telling_it() {
    let dir = tempfile::tempdir().unwrap();
    let (index, _) = SearchIndex::open(dir.path()).unwrap();
    let lex = expand::lexicon();
    // One story per distinct entry (entries with the same stems are one way of telling it).
    let mut docs = Vec::new();
    let mut per_concept: Vec<Vec<(String, String)>> = Vec::new();
    for (i, c) in thesaurus().concepts.iter().enumerate() {
        let mut seen = std::collections::HashSet::new();
        let mut mine = Vec::new();
        for (k, entry) in c.entries().enumerate() {
            if !seen.insert(expand::stems(entry)) {
                continue;
            }
            let id = format!("c{i}e{k}");
            docs.push(IndexDoc {
                id: id.clone(),
                version: 1,
                title: "An account".into(),
                text: format!(
                    "It began quietly. Then {entry}, and after that, silence. {}",
                    marker(i)
                ),
                published_month: "2024-01".into(),
                ..Default::default()
            });
            mine.push((id, entry.to_owned()));
        }
        per_concept.push(mine);
    }
    index.rebuild(docs, |_| {}).unwrap();
    let mut failures = Vec::new();
    for (i, c) in thesaurus().concepts.iter().enumerate() {
        let expected = &per_concept[i];
        for term in &c.terms {
            let mut forms = vec![format!("\"{term}\" AND {}", marker(i))];
            if term.chars().all(|ch| ch.is_alphanumeric() || ch == ' ') {
                forms.push(format!("{term} AND {}", marker(i)));
            }
            for q in forms {
                let found = index.search(&request(&q, false)).unwrap();
                if found.total != expected.len() {
                    failures.push(format!(
                        "{}: {q:?} found {} of {} stories",
                        c.id,
                        found.total,
                        expected.len()
                    ));
                }
                assert!(
                    found.note.is_none(),
                    "{q:?} was not read as written: {:?}",
                    found.note
                );
            }
        }
        // Each story says which of the concept's other words it matched.
        let typed = &c.terms[0];
        let found = index
            .search(&request(&format!("\"{typed}\" AND {}", marker(i)), false))
            .unwrap();
        let typed_stems = expand::stems(typed);
        for hit in &found.hits {
            let entry = &expected.iter().find(|(id, _)| *id == hit.id).unwrap().1;
            if expand::stems(entry) != typed_stems && !hit.also_matched.contains(entry) {
                failures.push(format!(
                    "{}: the story telling it as {entry:?} shows also matched {:?}",
                    c.id, hit.also_matched
                ));
            }
        }
        // Exact words only: the other ways of telling it are not found.
        let exact = index
            .search(&request(&format!("\"{typed}\" AND {}", marker(i)), true))
            .unwrap();
        if expected.len() > 1 && (exact.total == 0 || exact.total >= expected.len()) {
            failures.push(format!(
                "{}: exact {typed:?} found {} of {}",
                c.id,
                exact.total,
                expected.len()
            ));
        }
        assert!(exact.hits.iter().all(|h| h.also_matched.is_empty()));
    }
    assert!(lex.concept_count() >= 40);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
