//! Where the stems of a term or phrase occur in a text, allowing `PHRASE_SLOP` words inside a
//! phrase as the index's phrase queries do: how indexing finds the concepts a story tells.

use std::collections::HashMap;

#[cfg(test)]
use super::expand::stems;
use super::expand::{words_and_stems, PHRASE_SLOP};

/// A text as indexing reads it for concepts: where each stem occurs, and which words (lower
/// case, as written) were stemmed to it and how often.
pub(super) struct Words {
    pub(super) positions: HashMap<String, Vec<usize>>,
    forms: HashMap<String, Vec<(String, usize)>>,
}

impl Words {
    pub(super) fn of(text: &str) -> Words {
        let mut positions: HashMap<String, Vec<usize>> = HashMap::new();
        let mut forms: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        for (i, (word, stem)) in words_and_stems(text).into_iter().enumerate() {
            positions.entry(stem.clone()).or_default().push(i);
            let seen = forms.entry(stem).or_default();
            match seen.iter_mut().find(|(w, _)| *w == word) {
                Some((_, n)) => *n += 1,
                None => seen.push((word, 1)),
            }
        }
        Words { positions, forms }
    }

    /// How many words of the text are one of `family` (single words sharing the stem `stem`)
    /// or an inflection of one: "therapies" for "therapy", "hoping" for "hope", but not "kind"
    /// for "kindness", "person" for "personality" or "informed" for "informal", which the
    /// stemmer makes the same.
    pub(super) fn inflections(&self, stem: &str, family: &[String]) -> usize {
        let Some(forms) = self.forms.get(stem) else {
            return 0;
        };
        forms
            .iter()
            .filter(|(word, _)| family.iter().any(|f| same_word(word, f)))
            .map(|(_, n)| n)
            .sum()
    }
}

/// Whether `word`, as written in a story, is the single-word entry `entry` but for an
/// inflection: the entry inflected ("therapies", "hoping" for "hope"), the entry's singular
/// ("restraint" for "restraints"), or another form of the same verb ("restrained" for
/// "restraining"). Not the bare word that an -ing, -ed or -ly entry was made from, which is
/// often another word: "care" is not "caring", "floor" not "floored", "hour" not "hourly",
/// "means" not "meaning".
pub(super) fn same_word(word: &str, entry: &str) -> bool {
    let verbal = |w: &str| w.ends_with("ed") || w.ends_with("ing");
    let word_bases = bases(word);
    word_bases.iter().any(|b| b == entry)
        || singular(entry).is_some_and(|s| s == word)
        || (verbal(word) && verbal(entry) && {
            let entry_bases = bases(entry);
            word_bases[1..].iter().any(|b| entry_bases[1..].contains(b))
        })
}

/// The singular of a plural ending in -s, -es or -ies, if `word` is one.
fn singular(word: &str) -> Option<String> {
    if let Some(base) = word.strip_suffix("ies") {
        return Some(format!("{base}y"));
    }
    let base = word
        .strip_suffix("es")
        .filter(|b| b.ends_with(['s', 'x', 'z', 'h']));
    base.or_else(|| word.strip_suffix('s').filter(|b| !b.ends_with('s')))
        .filter(|b| b.chars().count() >= 3)
        .map(str::to_owned)
}

/// A word and what it would be without each inflectional ending it may have.
fn bases(word: &str) -> Vec<String> {
    let mut out = vec![word.to_owned()];
    for ending in ["s", "es", "d", "ed", "ing", "ly"] {
        let Some(base) = word.strip_suffix(ending) else {
            continue;
        };
        if base.chars().count() < 3 {
            continue;
        }
        out.push(base.to_owned());
        out.push(format!("{base}e"));
        // "pinned", "cutting": a consonant doubled before the ending.
        let mut last = base.chars().rev();
        if let (Some(x), Some(y)) = (last.next(), last.next()) {
            if x == y && !"aeiou".contains(x) {
                out.push(base[..base.len() - x.len_utf8()].to_owned());
            }
        }
    }
    for ending in ["ies", "ied", "ily"] {
        if let Some(base) = word.strip_suffix(ending) {
            out.push(format!("{base}y"));
        }
    }
    out
}

/// Whether the stems occur in order, with at most `PHRASE_SLOP` words between them in all.
#[cfg(test)]
pub(super) fn occurs(positions: &HashMap<String, Vec<usize>>, stems: &[String]) -> bool {
    occurrences_up_to(positions, stems, 1) > 0
}

/// How many times the stems occur so.
pub(super) fn occurrences(positions: &HashMap<String, Vec<usize>>, stems: &[String]) -> usize {
    occurrences_up_to(positions, stems, usize::MAX)
}

fn occurrences_up_to(
    positions: &HashMap<String, Vec<usize>>,
    stems: &[String],
    most: usize,
) -> usize {
    let Some((first, rest)) = stems.split_first() else {
        return 0;
    };
    let Some(starts) = positions.get(first) else {
        return 0;
    };
    // Many entries begin with a common word ("i told them", "my nan", "the flap"), whose starts
    // run to dozens in one story: an entry with a word the story never uses cannot occur, and
    // finding that out costs a lookup per word rather than a walk from every start.
    let Some(rest) = rest
        .iter()
        .map(|s| positions.get(s))
        .collect::<Option<Vec<&Vec<usize>>>>()
    else {
        return 0;
    };
    let mut found = 0;
    'start: for &start in starts {
        let (mut at, mut slack) = (start, PHRASE_SLOP as usize);
        for ps in &rest {
            // The first occurrence after `at` (positions are in order).
            let next = ps
                .get(ps.partition_point(|&p| p <= at))
                .and_then(|&p| (p - at - 1 <= slack).then_some(p));
            match next {
                Some(p) => {
                    slack -= p - at - 1;
                    at = p;
                }
                None => continue 'start,
            }
        }
        found += 1;
        if found >= most {
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slop_allows_one_word_inside_a_phrase_and_no_more() {
        let mut positions = HashMap::new();
        for (i, s) in stems("they held me right down").into_iter().enumerate() {
            positions.entry(s).or_insert_with(Vec::new).push(i);
        }
        assert!(!occurs(&positions, &stems("held down")));
        assert!(occurs(&positions, &stems("held me")));
        assert!(occurs(&positions, &stems("me down")));
    }

    #[test]
    fn a_single_word_is_found_by_its_inflections_and_not_by_other_words_of_its_stem() {
        let text = "Some kind of therapies; she was hoping. Every person was informed. Kindnesses.";
        let words = Words::of(text);
        let count = |entry: &str| {
            let stem = stems(entry).remove(0);
            words.inflections(&stem, &[entry.to_owned()])
        };
        assert_eq!(count("therapy"), 1);
        assert_eq!(count("hope"), 1);
        assert_eq!(count("kindness"), 1, "Kindnesses, not kind");
        assert_eq!(count("personality"), 0);
        assert_eq!(count("informal"), 0);
        assert!(same_word("pinned", "pin") && same_word("cutting", "cut"));
        assert!(same_word("restraints", "restraint") && !same_word("restrained", "restraint"));
        assert!(same_word("restraint", "restraints") && same_word("therapy", "therapies"));
        assert!(same_word("restrained", "restraining") && same_word("cared", "caring"));
        for (word, entry) in [("care", "caring"), ("floor", "floored"), ("hour", "hourly")] {
            assert!(!same_word(word, entry), "{word} is not {entry}");
        }
        assert!(!same_word("means", "meaning") && !same_word("forces", "forced"));
    }
}
