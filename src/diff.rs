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

/// The word-level diff from `old` to `new`, with adjacent runs of the same kind merged.
pub fn diff_words(old: &str, new: &str) -> Vec<Chunk> {
    let diff = TextDiff::from_words(old, new);
    let mut chunks: Vec<Chunk> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => "same",
            ChangeTag::Delete => "removed",
            ChangeTag::Insert => "added",
        };
        match chunks.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => chunks.push(Chunk {
                kind,
                text: change.value().to_owned(),
            }),
        }
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replaced_name_shows_as_removed_and_added() {
        let chunks = diff_words("Dr Okafor told me", "[name removed] told me");
        assert!(chunks.iter().any(|c| c.kind == "removed" && c.text.contains("Okafor")));
        assert!(chunks.iter().any(|c| c.kind == "added" && c.text.contains("[name")));
        assert!(chunks.iter().any(|c| c.kind == "same" && c.text.contains("told me")));
    }
}
