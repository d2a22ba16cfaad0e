//! The synthetic corpus: `chorus bench gen` writes N story files in the `stories/` format,
//! deterministic for a seed. Words follow a Zipf-like law over a ranked vocabulary (the words of
//! everyday speech first, then the language of services from `GLOSSARY.md`, then a long tail),
//! with testimony's set phrases woven in and facts drawn from the taxonomy. Bodies are 300–1 500
//! words, about 700 on average. The text is illustrative nonsense in the right proportions: fit
//! for measuring, never for reading as testimony.

use std::fmt::Write as _;
use std::path::Path;

use super::Rng;
use crate::taxonomy::taxonomy;

/// Everyday words, most frequent first.
#[rustfmt::skip]
const COMMON: &[&str] = &[
    "the", "and", "i", "to", "a", "was", "of", "it", "me", "in", "that", "my", "they", "she", "he",
    "for", "on", "but", "had", "with", "said", "not", "you", "what", "be", "there", "about", "at",
    "so", "were", "one", "just", "when", "would", "no", "all", "her", "them", "like", "we", "then",
    "from", "could", "if", "out", "this", "did", "up", "know", "or", "time", "been", "back", "his",
    "because", "who", "get", "asked", "told", "day", "felt", "again", "nobody", "never", "still",
    "after", "night", "room", "door", "people", "thought", "home", "first", "how", "went", "come",
    "some", "way", "only", "other", "more", "before", "every", "sat", "left", "long", "wanted",
    "something", "much", "hand", "tired", "quiet", "week", "morning", "weeks", "later", "years",
    "mother", "sister", "friend", "voice", "words", "name", "face", "floor", "window", "corridor",
    "office", "phone", "letter", "paper", "form", "bed", "chair", "table", "tea", "toast", "bag",
    "kind", "afraid", "angry", "safe", "believed", "listened", "waited", "waiting", "understand",
    "explain", "sleep", "slept", "walked", "cried", "laughed", "shouted", "held", "kept", "tried",
    "trust", "choice", "right", "rights", "fair", "unfair", "truth", "question", "answer", "help",
];

/// The language of services, roughly by how often it comes up.
#[rustfmt::skip]
const SERVICES: &[&str] = &[
    "ward", "nurse", "staff", "doctor", "consultant", "team", "crisis", "care", "mental", "health",
    "hospital", "medication", "section", "sectioned", "discharge", "discharged", "assessment",
    "patient", "patients", "leave", "obs", "plan", "therapy", "therapist", "appointment",
    "referral", "diagnosis", "psychiatrist", "coordinator", "support", "worker", "service",
    "services", "recovery", "detained", "restraint", "restrained", "seclusion", "injection",
    "tablets", "dose", "tribunal", "advocate", "carer", "family", "police", "ambulance", "gp",
    "cmht", "picu", "camhs", "sertraline", "olanzapine", "quetiapine", "lithium", "clozapine",
    "lorazepam", "mirtazapine", "diazepam", "depot", "ect", "eupd", "bpd", "personality",
    "disorder", "psychosis", "voices", "trauma", "self-harm", "suicidal", "safeguarding",
    "complaint", "pals", "benefits", "pip", "esa", "sanctioned", "peer", "lived", "experience",
    "coproduction", "stigma", "labelled", "believed", "dismissed", "overshadowing", "handover",
    "agency", "bank", "locum", "keypad", "lanyard", "dayroom", "hatch", "torch", "smoking",
    "shelter", "canteen", "pharmacy", "prescription", "appeal", "rights", "informal", "voluntary",
    "triage", "cubicle", "waiting", "queue", "letter",
];

/// Testimony's set phrases (a few words that belong together).
#[rustfmt::skip]
const PHRASES: &[&str] = &[
    "ward round", "crisis team", "care coordinator", "section 136", "on a section 3",
    "home treatment team", "named nurse", "rapid tranquillisation", "prone restraint",
    "fifteen-minute obs", "line of sight", "care plan", "safety plan", "discharged back to the GP",
    "out of area placement", "personality disorder", "diagnostic overshadowing",
    "emergency department", "place of safety", "community mental health team",
    "peer support worker", "lived experience", "recovery college", "nearest relative",
    "responsible clinician", "escorted leave", "mental health act assessment", "ward round again",
    "us and them", "fix and return", "trauma-informed care", "work capability assessment",
    "talking therapies", "early intervention", "waiting list", "a&e at three in the morning",
];

/// Short sentence shapes with a slot (`{}`) for a phrase.
#[rustfmt::skip]
const SHAPES: &[&str] = &[
    "Nobody told me what {} meant in practice.", "I asked about {} and was told to wait.",
    "The {} was on a Wednesday, and I dreaded it.",
    "Later I read about {} and cried, because it had a name.", "They said {} was for my own good.",
    "I wrote it all down after the {}.", "Every time I mentioned {} the room went quiet.",
    "I still think about the {} most days.",
];

#[rustfmt::skip]
const TITLE_WORDS: &[&str] = &[
    "door", "keypad", "night", "waiting", "room", "voice", "letter", "corridor", "window", "leave",
    "answer", "question", "ward", "quiet", "hatch", "tea", "floor", "name", "lanyard", "morning",
];

/// Syllables for the long tail of rarer words (names of nothing; never identifiers).
#[rustfmt::skip]
const SYLLABLES: &[&str] = &[
    "ba", "cor", "den", "fal", "gri", "hol", "ist", "jum", "kel", "lor", "mab", "nis", "ost",
    "pel", "quin", "ros", "sul", "tam", "ull", "ver", "wex", "yor", "zan", "bre", "cla", "dro",
    "fen",
];

/// How many words in the vocabulary, and where the two planted rare words sit in it.
const TAIL_WORDS: usize = 20_000;
/// A word that appears in a handful of stories (the "rare word" query).
pub const RARE_WORD: &str = "marmalade";

/// The ranked vocabulary with the cumulative Zipf weights used to draw from it.
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new(seed: u64) -> Self {
        let mut words: Vec<String> = Vec::with_capacity(TAIL_WORDS + 400);
        // Interleave: everyday words dominate, service words follow closely (testimony is about
        // services), then the invented tail.
        let (mut c, mut s) = (COMMON.iter(), SERVICES.iter());
        loop {
            let (a, b, d) = (c.next(), c.next(), s.next());
            if a.is_none() && d.is_none() {
                break;
            }
            words.extend([a, b, d].into_iter().flatten().map(|w| (*w).to_owned()));
        }
        let mut rng = Rng::new(seed ^ 0xA11CE);
        let mut seen: std::collections::HashSet<String> = words.iter().cloned().collect();
        while words.len() < TAIL_WORDS {
            let n = 2 + rng.below(3);
            let w: String = (0..n).map(|_| *rng.pick(SYLLABLES)).collect();
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        // Far down the tail: at this rank it falls in a few stories per 10 000.
        words.insert(TAIL_WORDS - 10, RARE_WORD.to_owned());
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / (rank as f64).powf(1.05);
                total
            })
            .collect();
        Self { words, cumulative }
    }

    fn draw(&self, rng: &mut Rng) -> &str {
        let total = *self.cumulative.last().unwrap_or(&1.0);
        let target = rng.unit() * total;
        let i = self.cumulative.partition_point(|c| *c < target);
        &self.words[i.min(self.words.len() - 1)]
    }
}

/// One generated story file's text (TOML front matter and Markdown body).
fn story(rng: &mut Rng, vocab: &Vocabulary, n: usize) -> String {
    let t = taxonomy();
    let mut out = String::with_capacity(6_000);
    let title: Vec<&str> = (0..2 + rng.below(4))
        .map(|_| *rng.pick(TITLE_WORDS))
        .collect();
    let mut title = title.join(" ");
    if let Some(first) = title.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    let pick_some = |rng: &mut Rng, slugs: Vec<&str>, most: usize, none: f64| {
        let mut chosen: Vec<String> = Vec::new();
        if rng.chance(none) {
            return chosen;
        }
        for _ in 0..1 + rng.below(most) {
            // Earlier entries are more common: a skewed pick, as real tagging is.
            let i = (rng.unit().powi(2) * slugs.len() as f64) as usize;
            let s = slugs[i.min(slugs.len() - 1)].to_owned();
            if !chosen.contains(&s) {
                chosen.push(s);
            }
        }
        chosen
    };
    let themes = pick_some(
        rng,
        t.themes.iter().map(|x| x.slug.as_str()).collect(),
        4,
        0.0,
    );
    let roles = pick_some(
        rng,
        t.roles.iter().map(|x| x.slug.as_str()).collect(),
        2,
        0.0,
    );
    let settings = pick_some(
        rng,
        t.settings.iter().map(|x| x.slug.as_str()).collect(),
        2,
        0.05,
    );
    let warnings = pick_some(
        rng,
        t.content_warnings.iter().map(|x| x.slug.as_str()).collect(),
        2,
        0.6,
    );
    let period = match rng.below(10) {
        0 => None,
        1..=4 => Some(format!("{}s", 1980 + 10 * rng.below(5))),
        _ => Some((1990 + rng.below(36)).to_string()),
    };
    let list = |v: &[String]| {
        v.iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(out, "+++\ntitle = \"{title} {n}\"\nillustrative = true");
    let _ = writeln!(
        out,
        "roles = [{}]\nsettings = [{}]",
        list(&roles),
        list(&settings)
    );
    if let Some(p) = period {
        let _ = writeln!(out, "period = \"{p}\"");
    }
    let _ = writeln!(
        out,
        "themes = [{}]\ncontent_warnings = [{}]\nfirst_hand = {}\n+++",
        list(&themes),
        list(&warnings),
        rng.chance(0.85)
    );
    // 300 + 1200·u² words: between 300 and 1 500, 700 on average.
    let length = 300 + (1200.0 * rng.unit().powi(2)) as usize;
    let mut words = 0;
    while words < length {
        let sentences = 3 + rng.below(5);
        for s in 0..sentences {
            if s > 0 {
                out.push(' ');
            }
            if rng.chance(0.12) {
                let shape = rng.pick(SHAPES);
                let phrase: &&str = rng.pick(PHRASES);
                let sentence = shape.replace("{}", phrase);
                words += sentence.split(' ').count();
                out.push_str(&sentence);
                continue;
            }
            let len = 6 + rng.below(16);
            for i in 0..len {
                if i > 0 {
                    out.push(' ');
                }
                if i > 1 && rng.chance(0.03) {
                    let p = rng.pick(PHRASES);
                    words += p.split(' ').count();
                    out.push_str(p);
                    continue;
                }
                let w = vocab.draw(rng);
                if i == 0 {
                    let mut cs = w.chars();
                    if let Some(c) = cs.next() {
                        out.extend(c.to_uppercase());
                        out.push_str(cs.as_str());
                    }
                } else {
                    out.push_str(w);
                }
                words += 1;
                if i + 1 < len && rng.chance(0.06) {
                    out.push(',');
                }
            }
            out.push('.');
        }
        out.push_str("\n\n");
    }
    out
}

/// Writes `stories` files (`000001.md`, …) into `dir`, which must be empty or absent; the same
/// seed writes the same files. Returns the words written.
pub fn generate(dir: &Path, stories: usize, seed: u64) -> anyhow::Result<u64> {
    use anyhow::Context;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    if std::fs::read_dir(dir)?.next().is_some() {
        anyhow::bail!("{} is not empty; give a new directory", dir.display());
    }
    let vocab = Vocabulary::new(seed);
    let mut rng = Rng::new(seed);
    let mut words = 0u64;
    for n in 1..=stories {
        let text = story(&mut rng, &vocab, n);
        words += text.split_whitespace().count() as u64;
        let path = dir.join(format!("{n:06}.md"));
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::parse_story_file;

    fn corpus(seed: u64, n: usize) -> Vec<String> {
        let vocab = Vocabulary::new(seed);
        let mut rng = Rng::new(seed);
        (1..=n).map(|i| story(&mut rng, &vocab, i)).collect()
    }

    #[test]
    fn a_seed_always_gives_the_same_stories_and_another_seed_others() {
        assert_eq!(corpus(3, 5), corpus(3, 5));
        assert_ne!(corpus(3, 5), corpus(4, 5));
    }

    #[test]
    fn stories_parse_with_known_facts_and_bodies_of_300_to_1500_words() {
        let t = taxonomy();
        let stories = corpus(11, 200);
        let mut total = 0;
        for text in &stories {
            let (front, body) = parse_story_file(text).expect("a generated file parses");
            let words = body.split_whitespace().count();
            assert!((300..=1_560).contains(&words), "{words} words");
            total += words;
            assert!(!front.themes.is_empty());
            for th in &front.themes {
                assert!(t.theme(th).is_some(), "unknown theme {th}");
            }
            for cw in &front.content_warnings {
                assert!(t.content_warnings.iter().any(|c| &c.slug == cw));
            }
        }
        let mean = total / stories.len();
        assert!((550..=850).contains(&mean), "mean {mean} words");
    }

    #[test]
    fn common_words_are_everywhere_and_the_rare_word_almost_nowhere() {
        let stories = corpus(5, 300);
        let with = |w: &str| {
            stories
                .iter()
                .filter(|s| s.split(|c: char| !c.is_alphanumeric()).any(|x| x == w))
                .count()
        };
        assert!(with("ward") > 200, "ward in {}", with("ward"));
        assert!(with(RARE_WORD) < 15, "marmalade in {}", with(RARE_WORD));
    }
}
