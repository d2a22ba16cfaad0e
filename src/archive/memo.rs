//! Figures computed once and kept until what they were computed from changes: the statistics
//! page, the transparency report, theme counts and the published count. Each is kept against a
//! cheap "mark" read from the store or the index (see `store::publication_mark`), so a publish,
//! an edit, an unpublishing or a withdrawal (each writes an outbox row) makes the next request
//! compute them afresh, in this process or another.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use super::{Result, Stats, Transparency};

/// Every memoised figure of the archive.
#[derive(Default)]
pub(super) struct Figures {
    /// `/stats`, at a publication mark.
    pub(super) stats: Memo<Stats>,
    /// `/transparency`, at a decisions mark.
    pub(super) transparency: Memo<Transparency>,
    /// Stories per theme, at an index generation (counted by the index, so kept against it).
    pub(super) theme_counts: Memo<BTreeMap<String, u64>>,
    /// Published stories, at a publication mark.
    pub(super) published_count: Memo<i64>,
}

/// One memoised value and the mark it was computed at.
pub(super) struct Memo<T> {
    slot: Mutex<Option<(i64, Arc<T>)>>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Self {
            slot: Mutex::new(None),
        }
    }
}

impl<T> Memo<T> {
    /// The value kept at `mark`, or `compute`'s answer (`(mark it was computed at, value)`),
    /// which is then kept. The lock is held while computing, so that many requests arriving
    /// together after a change compute it once, not once each.
    pub(super) fn get(
        &self,
        mark: i64,
        compute: impl FnOnce() -> Result<(i64, T)>,
    ) -> Result<Arc<T>> {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((kept, value)) = slot.as_ref() {
            if *kept == mark {
                return Ok(Arc::clone(value));
            }
        }
        let (at, value) = compute()?;
        let value = Arc::new(value);
        *slot = Some((at, Arc::clone(&value)));
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_computed_once_per_mark() {
        let memo: Memo<u32> = Memo::default();
        let mut calls = 0;
        let mut ask = |mark: i64| {
            *memo
                .get(mark, || {
                    calls += 1;
                    Ok((mark, calls))
                })
                .unwrap()
        };
        assert_eq!(ask(1), 1);
        assert_eq!(ask(1), 1);
        assert_eq!(ask(2), 2);
        assert_eq!(ask(2), 2);
        assert_eq!(ask(1), 3);
    }
}
