//! Theme counts in one pass. Themes form a hierarchy (`/services/coercion/restraint`), and a
//! theme's count is the number of matching stories tagged with it or anything below it. tantivy's
//! `FacetCollector` counts one level per collector, so counting every level took one collector
//! per parent, each reading every match's facets again; at 100 000 matches that was most of a
//! common word's search time. Here each segment maps every facet it holds to the set of themes it
//! counts for (itself and its ancestors) once, and each match costs one OR per facet it carries.

use std::collections::BTreeMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::taxonomy::taxonomy;

/// Counts matching stories per theme slug, ancestors included.
pub(super) struct ThemeCounter;

/// One segment's counting.
pub(super) struct SegmentThemeCounter {
    reader: tantivy::fastfield::FacetReader,
    /// Facet ordinal → the themes (bits, by taxonomy index) it counts for.
    masks: Vec<u64>,
    /// Taxonomy index → matches.
    counts: Vec<u64>,
}

/// The themes a facet path counts for: the theme with that path and every theme above it.
fn mask_of(path: &str) -> u64 {
    let mut mask = 0;
    for (i, t) in taxonomy().themes.iter().enumerate().take(64) {
        let under = path == t.path
            || path
                .strip_prefix(t.path.as_str())
                .is_some_and(|rest| rest.starts_with('/'));
        if under {
            mask |= 1 << i;
        }
    }
    mask
}

impl Collector for ThemeCounter {
    type Fruit = BTreeMap<String, u64>;
    type Child = SegmentThemeCounter;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentThemeCounter> {
        let reader = reader.facet_reader("theme")?;
        let mut facet = Facet::root();
        let mut masks = Vec::with_capacity(reader.num_facets());
        for ord in 0..reader.num_facets() as u64 {
            reader.facet_from_ord(ord, &mut facet)?;
            masks.push(mask_of(&facet.to_string()));
        }
        Ok(SegmentThemeCounter {
            reader,
            masks,
            counts: vec![0; taxonomy().themes.len().min(64)],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<BTreeMap<String, u64>>) -> tantivy::Result<Self::Fruit> {
        let mut all = BTreeMap::new();
        for fruit in fruits {
            for (slug, n) in fruit {
                *all.entry(slug).or_insert(0) += n;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentThemeCounter {
    type Fruit = BTreeMap<String, u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let mut mask = 0u64;
        for ord in self.reader.facet_ords(doc) {
            mask |= self.masks.get(ord as usize).copied().unwrap_or(0);
        }
        while mask != 0 {
            let i = mask.trailing_zeros() as usize;
            self.counts[i] += 1;
            mask &= mask - 1;
        }
    }

    fn harvest(self) -> Self::Fruit {
        let themes = &taxonomy().themes;
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| (themes[i].slug.clone(), *n))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_facet_counts_for_its_theme_and_every_theme_above_it() {
        let t = taxonomy();
        let restraint = t.theme("restraint").expect("in the taxonomy");
        let mask = mask_of(&restraint.path);
        let counted: Vec<&str> = t
            .themes
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, th)| th.path.as_str())
            .collect();
        assert!(counted.contains(&restraint.path.as_str()));
        for path in &counted {
            assert!(
                restraint.path.starts_with(path),
                "{path} is not above restraint"
            );
        }
        // A sibling's path sharing a prefix of letters is not an ancestor.
        assert_eq!(mask_of("/nowhere"), 0);
        assert!(t.themes.len() <= 64, "the masks hold 64 themes");
    }
}
