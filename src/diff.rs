//! Word-level differences between two texts, so a contributor sees exactly what a moderator changed.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// One run of the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chunk {
    /// `same`, `removed` or `added`.
    pub kind: &'static str,
    /// The words, with their spacing.
    pub text: String,
}

/// The word-level diff from `old` to `new`. Changes separated only by spaces are joined, so a
/// replaced name reads as one removal and one addition ("Dr Okafor" → "the consultant").
pub fn diff_words(old: &str, new: &str) -> Vec<Chunk> {
    let diff = TextDiff::from_words(old, new);
    let mut chunks: Vec<Chunk> = Vec::new();
    let (mut removed, mut added, mut held) = (String::new(), String::new(), String::new());
    for change in diff.iter_all_changes() {
        let value = change.value();
        let in_change = !removed.is_empty() || !added.is_empty();
        match change.tag() {
            ChangeTag::Equal if in_change && value.trim().is_empty() => held.push_str(value),
            ChangeTag::Equal => {
                flush(&mut chunks, &mut removed, &mut added);
                push(&mut chunks, "same", &std::mem::take(&mut held));
                push(&mut chunks, "same", value);
            }
            tag => {
                for side in [&mut removed, &mut added] {
                    if !side.is_empty() {
                        side.push_str(&held);
                    }
                }
                held.clear();
                if tag == ChangeTag::Delete {
                    removed.push_str(value);
                } else {
                    added.push_str(value);
                }
            }
        }
    }
    flush(&mut chunks, &mut removed, &mut added);
    push(&mut chunks, "same", &held);
    chunks
}

fn flush(chunks: &mut Vec<Chunk>, removed: &mut String, added: &mut String) {
    push(chunks, "removed", &std::mem::take(removed));
    push(chunks, "added", &std::mem::take(added));
}

fn push(chunks: &mut Vec<Chunk>, kind: &'static str, text: &str) {
    if text.is_empty() {
        return;
    }
    match chunks.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => chunks.push(Chunk {
            kind,
            text: text.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_name_shows_as_removed_and_added() {
        let chunks = diff_words("Dr Okafor told me", "[name removed] told me");
        assert!(chunks
            .iter()
            .any(|c| c.kind == "removed" && c.text.contains("Okafor")));
        assert!(chunks
            .iter()
            .any(|c| c.kind == "added" && c.text.contains("[name")));
        assert!(chunks
            .iter()
            .any(|c| c.kind == "same" && c.text.contains("told me")));
        let chunks = diff_words(
            "The consultant, Dr Okafor, said",
            "The consultant, the consultant, said",
        );
        let removed: Vec<_> = chunks.iter().filter(|c| c.kind == "removed").collect();
        assert_eq!(removed.len(), 1, "{chunks:?}");
        assert_eq!(removed[0].text, "Dr Okafor,");
        let rebuilt: String = chunks
            .iter()
            .filter(|c| c.kind != "removed")
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(rebuilt, "The consultant, the consultant, said");
    }
}
