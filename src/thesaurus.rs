//! The domain thesaurus from `thesaurus.toml`: concepts, the names people give them and the ways
//! testimony tells them, each linked to taxonomy themes. Pure: the data file is compiled in and
//! checked once, at start-up; search reads it to widen queries (see `search::expand`).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

use crate::taxonomy::taxonomy;

/// Most words in one term or phrase: longer ones are a sentence, not a way of saying something.
pub const MAX_ENTRY_WORDS: usize = 8;

/// One concept.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    /// Stable name, in kebab case.
    pub id: String,
    /// Taxonomy theme slugs the concept is evidence of (may be empty for people and places).
    pub themes: Vec<String>,
    /// Names for the concept: typing one searches for every term and phrase.
    pub terms: Vec<String>,
    /// Ways of telling it without naming it: searched when a term is typed, as written otherwise.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Ways of telling it that are also said of other things ("i told them", "the injection"):
    /// searched with the concept like its phrases, but never the evidence for a theme suggestion
    /// and never calling the concept up when typed bare.
    #[serde(default)]
    pub hints: Vec<String>,
    /// What a moderator sets besides themes that says a story is about the concept: a role
    /// (`role:carer`), a setting (`setting:picu`) or a content warning (`warning:restraint`).
    /// Searching the concept by name also finds and ranks the stories tagged so.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Broader concepts this one is a kind of (a depot is a kind of antipsychotic): searching
    /// it by name also finds, more weakly, the stories that tell the broader thing, so that after
    /// the accounts of it come those of its kind rather than whatever shares a theme.
    #[serde(default)]
    pub within: Vec<String>,
}

impl Concept {
    /// Terms, then phrases, then hints: every way of telling it that search looks for.
    pub fn entries(&self) -> impl Iterator<Item = &str> {
        self.terms
            .iter()
            .chain(&self.phrases)
            .chain(&self.hints)
            .map(String::as_str)
    }

    /// Terms, then phrases: the ways of telling it that are evidence enough for its themes.
    pub fn tellings(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().chain(&self.phrases).map(String::as_str)
    }
}

/// The whole thesaurus.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thesaurus {
    /// Concepts, in the file's order.
    #[serde(rename = "concept")]
    pub concepts: Vec<Concept>,
}

static THESAURUS: LazyLock<Thesaurus> = LazyLock::new(|| {
    let t = parse(include_str!("thesaurus.toml")).unwrap_or_else(|e| panic!("{e}"));
    let problems = t.problems();
    assert!(
        problems.is_empty(),
        "src/thesaurus.toml has problems:\n{}",
        problems.join("\n")
    );
    t
});

/// The thesaurus, loaded and checked once (a broken data file stops start-up with its problems).
pub fn thesaurus() -> &'static Thesaurus {
    &THESAURUS
}

/// Reads a thesaurus from TOML, without checking it.
pub fn parse(text: &str) -> Result<Thesaurus, String> {
    toml::from_str(text).map_err(|e| format!("src/thesaurus.toml cannot be read: {e}"))
}

impl Thesaurus {
    /// Everything wrong with the thesaurus, one message each; empty when it is sound.
    pub fn problems(&self) -> Vec<String> {
        let tax = taxonomy();
        let mut problems = Vec::new();
        let mut ids = HashSet::new();
        let mut linked = HashSet::new();
        for c in &self.concepts {
            let valid_id = !c.id.is_empty()
                && c.id
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
            if !valid_id {
                problems.push(format!("concept id {:?} should be kebab case", c.id));
            }
            if !ids.insert(c.id.as_str()) {
                problems.push(format!("concept {:?} appears twice", c.id));
            }
            if c.terms.is_empty() {
                problems.push(format!("concept {:?} has no terms", c.id));
            }
            for slug in &c.themes {
                match tax.theme(slug) {
                    Some(theme) if theme.slug == *slug => {
                        linked.insert(slug.as_str());
                        let ancestor = c.themes.iter().find(|other| {
                            tax.theme(other).is_some_and(|o| {
                                o.slug != theme.slug
                                    && theme.path.starts_with(&format!("{}/", o.path))
                            })
                        });
                        if let Some(a) = ancestor {
                            problems.push(format!(
                                "concept {:?} names {a:?} and its narrower theme {slug:?}: name only the narrower one",
                                c.id
                            ));
                        }
                    }
                    _ => problems.push(format!(
                        "concept {:?} names {slug:?}, which is not a taxonomy theme slug",
                        c.id
                    )),
                }
            }
            for tag in &c.tags {
                if tax.tag_label(tag).is_none() {
                    problems.push(format!(
                        "concept {:?} names the tag {tag:?}, which is no taxonomy role, setting or content warning (write role:, setting: or warning: and a slug)",
                        c.id
                    ));
                }
            }
            for broader in &c.within {
                if *broader == c.id || self.concept(broader).is_none() {
                    problems.push(format!(
                        "concept {:?} is within {broader:?}, which is no other concept",
                        c.id
                    ));
                }
            }
            let mut seen = HashSet::new();
            for entry in c.entries() {
                if let Some(why) = entry_problem(entry) {
                    problems.push(format!("concept {:?}: {entry:?} {why}", c.id));
                }
                if !seen.insert(entry) {
                    problems.push(format!("concept {:?} lists {entry:?} twice", c.id));
                }
            }
        }
        for theme in &tax.themes {
            if !linked.contains(theme.slug.as_str()) {
                problems.push(format!(
                    "theme {:?} is linked from no concept; add one (its name at least)",
                    theme.slug
                ));
            }
        }
        problems
    }

    /// A concept by id.
    pub fn concept(&self, id: &str) -> Option<&Concept> {
        self.concepts.iter().find(|c| c.id == id)
    }
}

/// Ways of telling themes that start with one word: each entry's words and the theme's slug.
type Tellings = HashMap<String, Vec<(Vec<String>, &'static str)>>;

/// The ways of telling each theme, for suggestions: every term and phrase of the concepts that
/// name a theme (whose name is one of their terms), or are `within` one that does (shame within
/// stigma), as lower-case words, by first word.
static TELLINGS: LazyLock<Tellings> = LazyLock::new(|| {
    let mut by_first: Tellings = HashMap::new();
    let tax = taxonomy();
    let t = thesaurus();
    for c in &t.concepts {
        for slug in &c.themes {
            let Some(theme) = tax.theme(slug) else {
                continue;
            };
            let name = theme.name.to_lowercase();
            let names = |concept: &Concept| concept.terms.contains(&name);
            if !names(c) && !c.within.iter().filter_map(|b| t.concept(b)).any(names) {
                continue;
            }
            for entry in c.tellings() {
                let words = text_words(entry);
                let Some(first) = words.first() else { continue };
                let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
                // "face-down" and "face down" are one way of telling it, counted once.
                let same = by_first.entry((*first).to_owned()).or_default();
                if !same.iter().any(|(w, t)| *w == words && *t == theme.slug) {
                    same.push((words, &theme.slug));
                }
            }
        }
    }
    by_first
});

/// `text` in lower-case words, split as theme suggestions split it.
pub fn text_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '&' || c == ':' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect()
}

/// How many times `words` (lower case, from [`text_words`]) tell each theme by a term or phrase
/// of a concept that names it: the thesaurus's evidence for a theme suggestion.
pub fn theme_tellings(words: &[&str]) -> HashMap<&'static str, usize> {
    let mut out: HashMap<&'static str, usize> = HashMap::new();
    for (i, w) in words.iter().enumerate() {
        for (entry, slug) in TELLINGS.get(*w).into_iter().flatten() {
            let rest = &words[i..];
            if rest.len() >= entry.len() && entry.iter().zip(rest).all(|(e, w)| e == w) {
                *out.entry(*slug).or_default() += 1;
            }
        }
    }
    out
}

/// Why `entry` cannot be a term or phrase, if it cannot.
fn entry_problem(entry: &str) -> Option<&'static str> {
    if entry.trim() != entry || entry.contains("  ") {
        return Some("has stray spaces");
    }
    if !entry.chars().any(char::is_alphanumeric) {
        return Some("has no letters or digits");
    }
    if entry.to_lowercase() != entry {
        return Some("should be lower case");
    }
    // Entries are handed to the query parser inside double quotes: these would end or escape it.
    if entry
        .chars()
        .any(|c| !(c.is_alphanumeric() || " &'-:()./".contains(c)))
    {
        return Some("has a character other than letters, digits, spaces and & ' - : ( ) . /");
    }
    if entry.split_whitespace().count() > MAX_ENTRY_WORDS {
        return Some("is longer than a phrase should be");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_thesaurus_is_sound() {
        let t = thesaurus();
        assert!(t.concepts.len() >= 40, "{}", t.concepts.len());
        assert_eq!(t.problems(), Vec::<String>::new());
    }

    /// The glossary's terms (GLOSSARY.md), each of which must name a concept, so that typing it
    /// finds the other ways it is said.
    const GLOSSARY: &[&str] = &[
        "section 2",
        "section 3",
        "section 136",
        "section 135",
        "5(2)",
        "5(4)",
        "holding power",
        "section 17 leave",
        "cto",
        "community treatment order",
        "tribunal",
        "amhp",
        "rc",
        "responsible clinician",
        "nearest relative",
        "informal",
        "informal patient",
        "voluntary patient",
        "acute ward",
        "picu",
        "seclusion room",
        "extra care area",
        "place of safety",
        "136 suite",
        "a&e",
        "emergency department",
        "cmht",
        "community mental health team",
        "crht",
        "home treatment",
        "crisis team",
        "eip",
        "camhs",
        "talking therapies",
        "iapt",
        "recovery college",
        "crisis cafe",
        "sanctuary",
        "forensic",
        "secure unit",
        "gp",
        "care coordinator",
        "cpn",
        "community psychiatric nurse",
        "named nurse",
        "hca",
        "healthcare assistant",
        "bank staff",
        "agency staff",
        "consultant",
        "junior doctor",
        "sho",
        "psychologist",
        "ot",
        "occupational therapist",
        "social worker",
        "peer support worker",
        "lived experience practitioner",
        "advocate",
        "imha",
        "carer",
        "chaplain",
        "obs",
        "observations",
        "restraint",
        "prone restraint",
        "being held down",
        "rapid tranquillisation",
        "seclusion",
        "long-term segregation",
        "ward round",
        "care plan",
        "cpa",
        "safety plan",
        "crisis plan",
        "discharge",
        "out of area placement",
        "oap",
        "mha assessment",
        "ect",
        "bpd",
        "eupd",
        "pd",
        "personality disorder",
        "diagnostic overshadowing",
        "fix and return",
        "us and them",
        "epistemic injustice",
        "trauma-informed care",
        "co-production",
        "recovery",
        "chime",
        "pip",
        "esa",
        "universal credit",
        "wca",
        "sanctioned",
        "antidepressants",
        "antipsychotics",
    ];

    #[test]
    fn every_glossary_term_names_a_concept() {
        let t = thesaurus();
        let missing: Vec<&&str> = GLOSSARY
            .iter()
            .filter(|g| !t.concepts.iter().any(|c| c.terms.iter().any(|x| x == *g)))
            .collect();
        assert!(
            missing.is_empty(),
            "not the name of any concept: {missing:?}"
        );
    }

    #[test]
    fn every_theme_name_names_a_concept_linked_to_it() {
        let t = thesaurus();
        for theme in &taxonomy().themes {
            let name = theme.name.to_lowercase();
            let linked = t
                .concepts
                .iter()
                .any(|c| c.themes.contains(&theme.slug) && c.terms.contains(&name));
            assert!(
                linked,
                "typing {name:?} should call up a concept linked to {:?}",
                theme.slug
            );
        }
    }

    #[test]
    fn a_theme_is_told_by_the_concept_that_names_it_not_by_one_only_linked_to_it() {
        let lower = "they held me face down. afterwards i was so isolated.";
        let told = theme_tellings(&text_words(lower));
        // "face down" (also listed as "face-down") belongs to restraint, which names the theme.
        assert_eq!(told.get("restraint"), Some(&1), "{told:?}");
        // Loneliness is linked to connectedness but does not name it: no evidence for that theme.
        assert_eq!(told.get("connectedness"), None, "{told:?}");
        assert!(theme_tellings(&text_words("a quiet afternoon")).is_empty());
    }

    #[test]
    fn a_hint_is_searched_with_its_concept_but_is_no_evidence_for_a_theme() {
        let not_believed = thesaurus().concept("not-believed").unwrap();
        assert!(not_believed.hints.iter().any(|h| h == "i told them"));
        assert!(not_believed.entries().any(|e| e == "i told them"));
        assert!(!not_believed.tellings().any(|e| e == "i told them"));
        let told = theme_tellings(&text_words("i told them. i told them again. i told them."));
        assert_eq!(told.get("epistemic-injustice"), None, "{told:?}");
        let told = theme_tellings(&text_words("i told them and was fobbed off"));
        assert_eq!(told.get("epistemic-injustice"), Some(&1), "{told:?}");
    }

    #[test]
    fn problems_are_found_one_message_each() {
        let t = parse(
            r#"
[[concept]]
id = "Bad Id"
themes = ["restraint", "coercion", "no-such-theme"]
terms = ["Held Down", "held down", "quote\"d", "a b c d e f g h i"]
"#,
        )
        .unwrap();
        let p = t.problems().join("\n");
        for expected in [
            "kebab case",
            "narrower theme",
            "not a taxonomy theme",
            "lower case",
            "character other than",
            "longer than a phrase",
            "theme \"hope\" is linked from no concept",
        ] {
            assert!(p.contains(expected), "{expected} missing from:\n{p}");
        }
        let twice = parse(
            "[[concept]]\nid = \"a\"\nthemes = []\nterms = [\"x\", \"x\"]\n[[concept]]\nid = \"a\"\nthemes = []\nterms = []\n",
        )
        .unwrap()
        .problems()
        .join("\n");
        assert!(twice.contains("lists \"x\" twice"), "{twice}");
        assert!(twice.contains("appears twice"), "{twice}");
        assert!(twice.contains("has no terms"), "{twice}");
        let within = parse(
            "[[concept]]\nid = \"a\"\nthemes = []\nterms = [\"x\"]\nwithin = [\"a\", \"nowhere\"]\n",
        )
        .unwrap()
        .problems()
        .join("\n");
        assert!(
            within.contains("within \"a\", which is no other"),
            "{within}"
        );
        assert!(within.contains("within \"nowhere\""), "{within}");
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(
            parse("[[concept]]\nid = \"a\"\nthemes = []\nterms = [\"x\"]\nsynonyms = []\n")
                .is_err()
        );
    }
}
