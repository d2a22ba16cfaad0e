//! Where the stems of a term or phrase occur in a text, allowing `PHRASE_SLOP` words inside a
//! phrase as the index's phrase queries do: how indexing finds the concepts a story tells.

use std::collections::HashMap;

use super::expand::{stems, PHRASE_SLOP};

/// Where each stem of `text` occurs.
pub(super) fn positions(text: &str) -> HashMap<String, Vec<usize>> {
    let mut positions: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in stems(text).into_iter().enumerate() {
        positions.entry(s).or_default().push(i);
    }
    positions
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
    if rest.iter().any(|s| !positions.contains_key(s)) {
        return 0;
    }
    let mut found = 0;
    'start: for &start in starts {
        let (mut at, mut slack) = (start, PHRASE_SLOP as usize);
        for s in rest {
            // The first occurrence after `at` (positions are in order).
            let next = positions.get(s).and_then(|ps| {
                let p = *ps.get(ps.partition_point(|&p| p <= at))?;
                (p - at - 1 <= slack).then_some(p)
            });
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
}
