//! Word-level differences between two texts, so a contributor sees exactly what a moderator changed.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// What a run of the diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChunkKind {
    /// In both texts.
    Same,
    /// Only in the old text.
    Removed,
    /// Only in the new text.
    Added,
}

impl ChunkKind {
    /// The name, as serde writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ChunkKind::Same => "same",
            ChunkKind::Removed => "removed",
            ChunkKind::Added => "added",
        }
    }

    /// The kind for a name; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        [ChunkKind::Same, ChunkKind::Removed, ChunkKind::Added]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One run of the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chunk {
    /// Same, removed or added.
    pub kind: ChunkKind,
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
                push(&mut chunks, ChunkKind::Same, &std::mem::take(&mut held));
                push(&mut chunks, ChunkKind::Same, value);
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
    push(&mut chunks, ChunkKind::Same, &held);
    chunks
}

fn flush(chunks: &mut Vec<Chunk>, removed: &mut String, added: &mut String) {
    push(chunks, ChunkKind::Removed, &std::mem::take(removed));
    push(chunks, ChunkKind::Added, &std::mem::take(added));
}

fn push(chunks: &mut Vec<Chunk>, kind: ChunkKind, text: &str) {
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
            .any(|c| c.kind == ChunkKind::Removed && c.text.contains("Okafor")));
        assert!(chunks
            .iter()
            .any(|c| c.kind == ChunkKind::Added && c.text.contains("[name")));
        assert!(chunks
            .iter()
            .any(|c| c.kind == ChunkKind::Same && c.text.contains("told me")));
        let chunks = diff_words(
            "The consultant, Dr Okafor, said",
            "The consultant, the consultant, said",
        );
        let removed: Vec<_> = chunks
            .iter()
            .filter(|c| c.kind == ChunkKind::Removed)
            .collect();
        assert_eq!(removed.len(), 1, "{chunks:?}");
        assert_eq!(removed[0].text, "Dr Okafor,");
        let rebuilt: String = chunks
            .iter()
            .filter(|c| c.kind != ChunkKind::Removed)
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(rebuilt, "The consultant, the consultant, said");
    }

    #[test]
    fn chunk_kinds_round_trip_through_their_names() {
        for kind in [ChunkKind::Same, ChunkKind::Removed, ChunkKind::Added] {
            assert_eq!(ChunkKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ChunkKind::parse("moved"), None);
    }
}
