//! The published taxonomy (themes, roles, settings, content warnings) from `taxonomy.toml`,
//! and theme suggestions from keywords. Pure: the data file is compiled in.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// A theme: a permanent slug, a facet path in the index, a name and a description.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Theme {
    /// Permanent public name.
    pub slug: String,
    /// Hierarchical facet, e.g. `/services/coercion/restraint`.
    pub path: String,
    /// Display name.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// Words that suggest the theme.
    #[serde(default, skip_serializing)]
    pub keywords: Vec<String>,
}

/// A member of a controlled list (role, setting, content warning).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Term {
    /// Permanent public name.
    pub slug: String,
    /// Display name.
    pub name: String,
}

/// The whole taxonomy.
#[derive(Debug, Deserialize)]
pub struct Taxonomy {
    /// Themes, CHIME first.
    #[serde(rename = "theme")]
    pub themes: Vec<Theme>,
    /// Contributor roles.
    #[serde(rename = "role")]
    pub roles: Vec<Term>,
    /// Settings.
    #[serde(rename = "setting")]
    pub settings: Vec<Term>,
    /// Content warnings.
    #[serde(rename = "content_warning")]
    pub content_warnings: Vec<Term>,
    #[serde(skip)]
    by_slug: HashMap<String, usize>,
}

static TAXONOMY: LazyLock<Taxonomy> = LazyLock::new(|| {
    let mut t: Taxonomy =
        toml::from_str(include_str!("taxonomy.toml")).expect("src/taxonomy.toml is valid");
    t.by_slug = t
        .themes
        .iter()
        .enumerate()
        .map(|(i, th)| (th.slug.clone(), i))
        .collect();
    t
});

/// The taxonomy, loaded once.
pub fn taxonomy() -> &'static Taxonomy {
    &TAXONOMY
}

impl Taxonomy {
    /// How a tag that names a role, setting or content warning (`role:carer`, `setting:picu`,
    /// `warning:restraint`, the form the search index holds them in beside themes) is shown:
    /// "role: Family member or carer". `None` for anything else.
    pub fn tag_label(&self, tag: &str) -> Option<String> {
        let (kind, slug) = tag.split_once(':')?;
        let (terms, shown) = match kind {
            "role" => (&self.roles, "role"),
            "setting" => (&self.settings, "setting"),
            "warning" => (&self.content_warnings, "content warning"),
            _ => return None,
        };
        let term = terms.iter().find(|t| t.slug == slug)?;
        Some(format!("{shown}: {}", term.name))
    }

    /// A theme by slug, or by its facet path (`/services/coercion` or `services/coercion`).
    pub fn theme(&self, key: &str) -> Option<&Theme> {
        if let Some(&i) = self.by_slug.get(key) {
            return Some(&self.themes[i]);
        }
        let path = format!("/{}", key.trim_start_matches('/'));
        self.themes.iter().find(|t| t.path == path)
    }

    /// A theme by facet path.
    pub fn theme_by_path(&self, path: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.path == path)
    }

    /// Display name of a role, setting or content warning slug (the slug itself if unknown).
    pub fn term_name<'a>(list: &'a [Term], slug: &'a str) -> &'a str {
        list.iter()
            .find(|t| t.slug == slug)
            .map_or(slug, |t| t.name.as_str())
    }

    /// Keeps only known slugs from `list`, in order, without repeats.
    pub fn known(list: &[Term], wanted: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for w in wanted {
            if list.iter().any(|t| &t.slug == w) && !out.contains(w) {
                out.push(w.clone());
            }
        }
        out
    }

    /// Keeps only known theme slugs (paths are mapped to slugs).
    pub fn known_themes(&self, wanted: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for w in wanted {
            if let Some(t) = self.theme(w) {
                if !out.contains(&t.slug) {
                    out.push(t.slug.clone());
                }
            }
        }
        out
    }

    /// Paths of the themes that have children, so facet counts can be asked for at every level.
    pub fn parent_paths(&self) -> Vec<String> {
        let mut parents: Vec<String> = vec!["/".into()];
        for t in &self.themes {
            if let Some((parent, _)) = t.path.rsplit_once('/') {
                let parent = if parent.is_empty() { "/" } else { parent };
                if !parents.iter().any(|p| p == parent) {
                    parents.push(parent.to_owned());
                }
            }
        }
        parents
    }
}

/// Most themes suggested for one story: past a handful, suggestions are mostly wrong.
const MAX_SUGGESTED: usize = 4;

/// Themes `text` tells, by their keywords and by the thesaurus's terms and phrases for the
/// concept that names each (see `thesaurus::theme_tellings`), most first; a theme needs two
/// mentions, and at most four are suggested.
pub fn suggest_themes(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let words = crate::thesaurus::text_words(&lower);
    let told = crate::thesaurus::theme_tellings(&words);
    let mut scored: Vec<(usize, &str)> = Vec::new();
    for theme in &taxonomy().themes {
        let hits: usize = theme
            .keywords
            .iter()
            .map(|k| keyword_hits(&words, k))
            .sum::<usize>()
            + told.get(theme.slug.as_str()).copied().unwrap_or(0);
        if hits > 0 {
            scored.push((hits, &theme.slug));
        }
    }
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    scored
        .into_iter()
        .filter(|(hits, _)| *hits >= 2)
        .take(MAX_SUGGESTED)
        .map(|(_, s)| s.to_owned())
        .collect()
}

fn keyword_hits(words: &[&str], keyword: &str) -> usize {
    let parts: Vec<&str> = keyword.split(' ').collect();
    let matches = |word: &str, part: &str| match part.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == part,
    };
    if parts.len() == 1 {
        return words.iter().filter(|w| matches(w, parts[0])).count();
    }
    words
        .windows(parts.len())
        .filter(|win| win.iter().zip(&parts).all(|(w, p)| matches(w, p)))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taxonomy_loads_with_unique_slugs_and_paths() {
        let t = taxonomy();
        assert!(t.themes.len() >= 20);
        let mut slugs: Vec<_> = t.themes.iter().map(|t| &t.slug).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), t.themes.len());
        assert_eq!(
            t.theme("services/coercion/restraint").unwrap().slug,
            "restraint"
        );
        assert!(t.parent_paths().contains(&"/services/coercion".to_string()));
    }

    #[test]
    fn suggestions_follow_keywords() {
        let s = suggest_themes(
            "They restrained me, held down on the floor, then I was restrained again.",
        );
        assert_eq!(s.first().map(String::as_str), Some("restraint"));
        assert!(suggest_themes("A quiet afternoon.").is_empty());
    }

    #[test]
    fn suggestions_also_follow_the_thesaurus_ways_of_telling_a_theme() {
        // No keyword of the theme Restraint, only the thesaurus's phrases for it.
        let text = "Three of them sat on me. I was face down with a knee in my back.";
        assert!(taxonomy()
            .theme("restraint")
            .unwrap()
            .keywords
            .iter()
            .all(|k| !text.to_lowercase().contains(k.trim_end_matches('*'))));
        assert_eq!(suggest_themes(text), ["restraint"]);
        // One mention is not enough, and at most four themes are suggested.
        assert!(suggest_themes("Then he sat on me.").is_empty());
        let busy = "restrained restrained sectioned sectioned seclusion seclusion stigma stigma \
                    racism racism benefits benefits complaint complaint";
        assert_eq!(suggest_themes(busy).len(), MAX_SUGGESTED);
        // A narrower concept's ways of telling it count for the theme its broader one names:
        // shame is within stigma.
        let text = "I was mortified. What will people say, I kept thinking.";
        assert!(taxonomy()
            .theme("stigma")
            .unwrap()
            .keywords
            .iter()
            .all(|k| !text.to_lowercase().contains(k.trim_end_matches('*'))));
        assert_eq!(suggest_themes(text), ["stigma"]);
    }
}
