//! Recent answers, kept until the index changes. A national archive's searches repeat (theme
//! pages, the browse page, the same few words typed by many people, saved-search feeds), and a
//! common word matches most of the corpus, so scoring and counting every match again costs tens
//! of milliseconds at 100 000 stories for an answer already given. An answer is kept against the
//! reader's generation, so the first search after any commit computes afresh: nothing stale is
//! ever shown, and a withdrawn story's words leave with the commit that removed them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{SearchRequest, SearchResults};

/// Most answers kept. Each is a page of hits (at most 100 snippets of 240 characters) and its
/// counts: well under 100 KB, so the whole cache stays within a few tens of MB at worst.
const CAPACITY: usize = 512;

/// The cache.
#[derive(Default)]
pub(super) struct ResultsCache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// The reader generation every kept answer belongs to.
    generation: u64,
    /// Request → (answer, when last used).
    answers: HashMap<String, (Arc<SearchResults>, u64)>,
    clock: u64,
}

/// The key of a request: every field, so two requests share an answer only when they ask the
/// same thing.
pub(super) fn key(req: &SearchRequest) -> String {
    format!("{req:?}")
}

impl ResultsCache {
    /// The answer kept for `key` at `generation`, if any.
    pub(super) fn get(&self, generation: u64, key: &str) -> Option<Arc<SearchResults>> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if inner.generation != generation {
            inner.answers.clear();
            inner.generation = generation;
            return None;
        }
        inner.clock += 1;
        let now = inner.clock;
        let (answer, used) = inner.answers.get_mut(key)?;
        *used = now;
        Some(Arc::clone(answer))
    }

    /// Keeps `answer` for `key`, computed at `generation`; the least recently used answer
    /// makes room when full.
    pub(super) fn put(&self, generation: u64, key: String, answer: Arc<SearchResults>) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if inner.generation != generation {
            if generation < inner.generation {
                // Computed on an older reader than the cache has seen: already out of date.
                return;
            }
            inner.answers.clear();
            inner.generation = generation;
        }
        if inner.answers.len() >= CAPACITY && !inner.answers.contains_key(&key) {
            let oldest = inner
                .answers
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                inner.answers.remove(&k);
            }
        }
        inner.clock += 1;
        let now = inner.clock;
        inner.answers.insert(key, (answer, now));
    }

    /// Forgets every answer (after a rebuild, whatever the generation says).
    pub(super) fn clear(&self) {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .answers
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Facets;

    fn answer(total: usize) -> Arc<SearchResults> {
        Arc::new(SearchResults {
            total,
            page: 1,
            per_page: 10,
            hits: Vec::new(),
            facets: Facets::default(),
            note: None,
        })
    }

    #[test]
    fn an_answer_is_given_again_only_at_the_same_generation() {
        let cache = ResultsCache::default();
        cache.put(1, "ward".into(), answer(7));
        assert_eq!(cache.get(1, "ward").map(|a| a.total), Some(7));
        assert!(cache.get(1, "nurse").is_none());
        assert!(cache.get(2, "ward").is_none(), "a new generation forgets");
        assert!(cache.get(1, "ward").is_none(), "and does not come back");
    }

    #[test]
    fn an_answer_from_an_older_reader_is_not_kept() {
        let cache = ResultsCache::default();
        cache.put(5, "a".into(), answer(1));
        cache.put(4, "b".into(), answer(2));
        assert!(cache.get(5, "b").is_none());
        assert!(cache.get(5, "a").is_some());
    }

    #[test]
    fn the_least_recently_used_answer_makes_room() {
        let cache = ResultsCache::default();
        for i in 0..CAPACITY {
            cache.put(1, format!("q{i}"), answer(i));
        }
        assert!(cache.get(1, "q0").is_some());
        cache.put(1, "new".into(), answer(0));
        assert!(cache.get(1, "q0").is_some(), "recently used, so kept");
        assert!(cache.get(1, "q1").is_none(), "least recently used, so gone");
        assert!(cache.get(1, "new").is_some());
    }

    #[test]
    fn requests_differing_in_any_field_have_different_keys() {
        let a = SearchRequest {
            q: "ward".into(),
            page: 1,
            per_page: 10,
            ..Default::default()
        };
        let b = SearchRequest {
            exclude_cw: vec!["self-harm".into()],
            ..a.clone()
        };
        assert_ne!(key(&a), key(&b));
        assert_eq!(key(&a), key(&a.clone()));
    }
}
