//! The moderation policy, `moderation.md`: the one source of the decline reasons the software offers.
//!
//! Reasons are the level-3 headings of the form ``### `code` Title`` under `## Decline reasons`.

use std::sync::LazyLock;

/// The policy text, compiled in so the running server and the published page always agree.
pub const POLICY_MARKDOWN: &str = include_str!("../moderation.md");

/// A decline (or unpublish) reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reason {
    /// Stable code, e.g. `identifying`.
    pub code: String,
    /// Plain title.
    pub title: String,
}

static REASONS: LazyLock<Vec<Reason>> = LazyLock::new(|| parse_reasons(POLICY_MARKDOWN));

/// Reads reasons from a policy document.
pub fn parse_reasons(markdown: &str) -> Vec<Reason> {
    let mut in_section = false;
    let mut reasons = Vec::new();
    for line in markdown.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            in_section = heading.trim().eq_ignore_ascii_case("decline reasons");
            continue;
        }
        if !in_section {
            continue;
        }
        let Some(rest) = line.strip_prefix("### `") else {
            continue;
        };
        if let Some((code, title)) = rest.split_once('`') {
            reasons.push(Reason {
                code: code.trim().to_owned(),
                title: title
                    .trim()
                    .trim_start_matches(['—', '-', ':'])
                    .trim()
                    .to_owned(),
            });
        }
    }
    reasons
}

/// The reasons in the published policy.
pub fn reasons() -> &'static [Reason] {
    &REASONS
}

/// A reason by code.
pub fn reason(code: &str) -> Option<&'static Reason> {
    REASONS.iter().find(|r| r.code == code)
}

/// Reason codes the software itself relies on; each must exist in `moderation.md`.
pub const CODES_USED_BY_SOFTWARE: &[&str] = &["identifying", "no-response", "legal"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_parses_reasons_with_codes_and_titles() {
        let parsed = parse_reasons("# P\n## Decline reasons\n### `a-b` First\ntext\n### `c` — Second\n## Next\n### `x` Not a reason");
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[1].code, "c");
        assert_eq!(parsed[1].title, "Second");
    }
}
