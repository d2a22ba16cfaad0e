//! A sequence tagger over the rules: an averaged perceptron that reads each word with the words
//! around it, what the word lists say of it, and what the rules found, and decides again, left
//! to right, whether it begins or continues a person, a place or a street. It learns where the
//! rules' guesses go wrong (a ward named after a tree, a surname that is a town) from the
//! labelled sets in `tests/data`; the newest held-out sets are kept out of its training so that
//! they still measure it honestly.
//!
//! The weights are `tagger_weights.txt`, written by
//! `cargo test --release --test it train_tagger -- --ignored` (see `train`). Features are plain
//! strings ("w=okafor", "p=nurse"), so the file can be read and a weight traced to its cause.

use super::context::greeted;
use super::lexicon::{is_not_identifying, is_ordinary, is_ordinary_form};
use super::lower_case::is_ward_name_word;
use super::name_words::{is_nickname_word, is_role_title_word, is_title, is_title_modifier};
use super::names::reason_for;
use super::place_words::{is_institution_noun, is_street_noun};
use super::plain_places::is_hospital_acronym;
use super::tokens::{Shape, Token};
use super::words::{is_listed_name, is_town, is_town_lower, STOP_WORDS};
use super::world_cities::is_world_city;
use super::{Finding, Kind};
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::LazyLock;

/// The tags, in the order of each weight line.
const TAGS: [&str; 7] = ["O", "B-PER", "I-PER", "B-PLA", "I-PLA", "B-ADR", "I-ADR"];
const N: usize = TAGS.len();

/// What the rules said of a word: the tag of a finding it lies in, or another kind's.
const RULE_TAGS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-PLA", "I-PLA", "B-ADR", "I-ADR", "B-X", "I-X",
];

/// A feature's key: a hash of the bytes of its name, fed piece by piece and mixed eight bytes
/// at a time, so that the pieces of a name hash as the whole name in the weights file does.
fn key(pieces: &[&str]) -> u64 {
    let (mut h, mut word, mut filled) = (0x243f_6a88_85a3_08d3u64, 0u64, 0u32);
    let mix = |h: u64, word: u64| {
        let m = (h ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        m ^ (m >> 29)
    };
    for piece in pieces {
        for &b in piece.as_bytes() {
            word |= u64::from(b) << (8 * filled);
            filled += 1;
            if filled == 8 {
                h = mix(h, word);
                word = 0;
                filled = 0;
            }
        }
    }
    mix(h, word ^ (u64::from(filled) << 60))
}

type Weights = HashMap<u64, [f32; N], std::hash::BuildHasherDefault<super::FastHasher>>;

/// The weights file, read: the features with few values laid out by position (see `FEW`),
/// the rest by the hash of their name.
struct Model {
    named: Weights,
    /// The weights of each value of each of `FEW`, one after another.
    few: Vec<[f32; N]>,
    /// Where each of `FEW` begins in `few`.
    offsets: [usize; FEW.len()],
    /// The weights of the previous tag.
    after: [[f32; N]; N],
}

static MODEL: LazyLock<Model> = LazyLock::new(|| parse(include_str!("tagger_weights.txt")));

fn parse(file: &str) -> Model {
    let mut named = Weights::default();
    for line in file.lines().filter(|l| !l.starts_with('#')) {
        let Some((feature, values)) = line.split_once('\t') else {
            continue;
        };
        let mut w = [0f32; N];
        for (slot, v) in w.iter_mut().zip(values.split(' ')) {
            *slot = v.parse().unwrap_or(0.0);
        }
        named.insert(key(&[feature]), w);
    }
    let weight = |pieces: &[&str]| named.get(&key(pieces)).copied().unwrap_or([0.0; N]);
    let mut few = Vec::new();
    let mut offsets = [0; FEW.len()];
    for (offset, (name, values)) in offsets.iter_mut().zip(FEW) {
        *offset = few.len();
        few.extend(values.iter().map(|v| weight(&[name, v])));
    }
    let after = TAGS.map(|t| weight(&["pt=", t]));
    Model {
        named,
        few,
        offsets,
        after,
    }
}

fn kind_of(tag: usize) -> Option<Kind> {
    match tag {
        1 | 2 => Some(Kind::Person),
        3 | 4 => Some(Kind::Place),
        5 | 6 => Some(Kind::Address),
        _ => None,
    }
}

fn begin_tag(kind: Kind) -> usize {
    match kind {
        Kind::Person => 1,
        Kind::Place => 3,
        Kind::Address => 5,
        _ => 7,
    }
}

/// The words (first and last index) lying wholly inside `start..end`, if any.
fn words_within(tokens: &[Token], start: usize, end: usize) -> Option<(usize, usize)> {
    let first = tokens.partition_point(|t| t.start < start);
    let past = tokens.partition_point(|t| t.end <= end);
    (first < past).then(|| (first, past - 1))
}

/// The rules' tag of each word.
fn rule_tags(tokens: &[Token], findings: &[(Kind, usize, usize)]) -> Vec<u8> {
    let mut tags = vec![0u8; tokens.len()];
    for &(kind, start, end) in findings {
        if let Some((first, last)) = words_within(tokens, start, end) {
            let begin = begin_tag(kind) as u8;
            tags[first] = begin;
            for tag in &mut tags[first + 1..=last] {
                *tag = begin + 1;
            }
        }
    }
    tags
}

/// The index in `SHAPES` of a word's shape.
fn shape(t: &Token) -> usize {
    match t.shape {
        Shape::Capitalised => 0,
        Shape::Lower => 1,
        Shape::Capitals => 2,
        Shape::Initial => 3,
        Shape::Other => 4,
    }
}

/// The first mark between two words: 'N' for a line break, '_' for spaces alone.
fn gap(text: &str, from: usize, to: usize) -> char {
    let gap = &text[from..to];
    if gap.contains('\n') {
        'N'
    } else {
        gap.trim().chars().next().unwrap_or('_')
    }
}

/// Whether `word`, in any case, is a pronoun or a word that joins sentences ("I", "I'm", "She",
/// "When"): capitalised only by grammar, never a name, and so common that reading them, and
/// the word after each, would be a fifth of the tagger's work.
fn is_pronoun_or_joiner(word: &str) -> bool {
    let mut buf = [0u8; 8];
    let Some(slot) = buf.get_mut(..word.len()) else {
        return false;
    };
    slot.copy_from_slice(word.as_bytes());
    slot.make_ascii_lowercase();
    std::str::from_utf8(slot).is_ok_and(|lower| {
        one_of!(
            lower,
            "i" | "i'm"
                | "i’m"
                | "i've"
                | "i’ve"
                | "i'd"
                | "i’d"
                | "i'll"
                | "i’ll"
                | "me"
                | "my"
                | "we"
                | "our"
                | "us"
                | "you"
                | "your"
                | "he"
                | "his"
                | "him"
                | "she"
                | "it"
                | "it's"
                | "it’s"
                | "its"
                | "they"
                | "their"
                | "them"
                | "this"
                | "that"
                | "there"
                | "then"
                | "when"
                | "but"
                | "and"
                | "so"
                | "if"
                | "what"
                | "now"
                | "a"
                | "in"
                | "at"
                | "on"
        )
    })
}

/// One text read for tagging: its words, each word in lower case, and what the rules said.
struct Reading<'a, 'b> {
    text: &'a str,
    tokens: &'b [Token<'a>],
    rules: Vec<u8>,
    /// Whether each word is read (see `opens`).
    open: Vec<bool>,
}

/// Whether the tagger reads word `i` at all: a word in lower case is never a name to it unless
/// the rules flagged it (`rules`) or it follows a capitalised word ("Larch ward", "Church of
/// God"), which keeps the tagger to a few words in each sentence.
fn opens(tokens: &[Token], rules: &[u8], i: usize) -> bool {
    let t = &tokens[i];
    let named = |t: &Token| t.shape != Shape::Lower && !is_pronoun_or_joiner(t.word);
    rules[i] != 0 || named(t) || (t.joined && i > 0 && named(&tokens[i - 1]))
}

impl Reading<'_, '_> {
    /// Gives `sink` each feature of word `i` but the previous tag: those with few values by
    /// their place in `FEW`, the rest as the pieces of their name ("p=", "nurse"), so that no
    /// string need be built to look one up.
    fn features(&self, i: usize, sink: &mut impl Sink) {
        let t = &self.tokens[i];
        let lower = self.tokens[i].lower();
        let word = |k: Option<usize>| k.map_or("<s>", |k| self.tokens[k].lower());
        let prev = i.checked_sub(1);
        let next = (i + 1 < self.tokens.len()).then_some(i + 1);
        let sh = SHAPES[shape(t)];
        let sh_of = |k: Option<usize>| k.map_or(START, |k| shape(&self.tokens[k]));
        let rule = |k: Option<usize>| k.map_or(0, |k| usize::from(self.rules[k]));
        let ordinary = is_ordinary_word(lower);
        let ss = t.sentence_start;
        let suffix = &lower[lower.char_indices().rev().nth(2).map_or(0, |(k, _)| k)..];
        let gap_before = gap(
            self.text,
            prev.map_or(0, |k| self.tokens[k].full_end),
            t.start,
        );
        let gap_after = gap(
            self.text,
            t.full_end,
            next.map_or(self.text.len(), |k| self.tokens[k].start),
        );
        let mut before = [0u8; 4];
        let mut after = [0u8; 4];
        let gb: &str = gap_before.encode_utf8(&mut before);
        let ga: &str = gap_after.encode_utf8(&mut after);
        let bit = |b: bool| if b { "1" } else { "0" };
        let r = RULE_TAGS[rule(Some(i))];
        let ord = bit(ordinary);
        sink.few(Few::Bias, 0);
        sink.named(&["w=", lower]);
        sink.few(Few::Shape, shape(t));
        sink.named(&["s3=", suffix]);
        sink.named(&["p=", word(prev)]);
        sink.named(&["n=", word(next)]);
        sink.few(Few::PrevShape, sh_of(prev));
        sink.few(Few::NextShape, sh_of(next));
        sink.few(Few::Ordinary, usize::from(ordinary));
        // What the lists say of a word in lower case is in its ordinariness already.
        if t.shape != Shape::Lower {
            let lists = [
                (Few::Name, is_listed_name(lower)),
                (Few::Town, is_town_lower(lower)),
                (Few::World, is_world_city(lower)),
                (Few::NotIdentifying, is_not_identifying(lower)),
                (Few::Stop, STOP_WORDS.contains(lower)),
                (Few::Institution, is_institution_noun(t.word)),
                (Few::Street, is_street_noun(t.word)),
                (Few::Title, is_title(t.word)),
            ];
            for (few, on) in lists {
                sink.few(few, usize::from(on));
            }
        }
        sink.few(Few::SentenceStart, usize::from(ss));
        sink.few(Few::Joined, usize::from(t.joined));
        sink.few(Few::Possessive, usize::from(t.possessive));
        sink.named(&["gb=", gb]);
        sink.named(&["ga=", ga]);
        sink.few(Few::Rule, rule(Some(i)));
        sink.few(Few::PrevRule, rule(prev));
        sink.few(Few::NextRule, rule(next));
        sink.named(&["sh_ord_ss=", sh, ord, bit(ss)]);
        sink.named(&["p_sh=", word(prev), "_", sh]);
        sink.named(&["sh_n=", sh, "_", word(next)]);
        sink.named(&["r_sh_ord=", r, "_", sh, ord]);
        let after_title = prev.is_some_and(|k| is_title(self.tokens[k].word));
        sink.few(Few::PrevTitle, usize::from(after_title));
        let before_noun = next.is_some_and(|k| {
            is_institution_noun(self.tokens[k].word) || is_street_noun(self.tokens[k].word)
        });
        sink.few(Few::NextInstitution, usize::from(before_noun));
        sink.named(&["gb_sh=", gb, "_", sh]);
        sink.few(Few::Length, lower.chars().count().min(8));
    }
}

/// Where a word's features go: summed into its scores, or named for training.
trait Sink {
    /// A feature of few values: `value` indexes its values in `FEW`.
    fn few(&mut self, feature: Few, value: usize);
    /// Any other feature, as the pieces of its name.
    fn named(&mut self, pieces: &[&str]);
}

/// The features with few values, read from a table by position rather than hashed.
#[derive(Clone, Copy)]
enum Few {
    Bias,
    Shape,
    PrevShape,
    NextShape,
    Ordinary,
    Name,
    Town,
    World,
    NotIdentifying,
    Stop,
    Institution,
    Street,
    Title,
    SentenceStart,
    Joined,
    Possessive,
    Rule,
    PrevRule,
    NextRule,
    PrevTitle,
    NextInstitution,
    Length,
}

const BITS: &[&str] = &["0", "1"];
/// Each word's shape, and the shape given for no word at all (before the first, after the last).
const SHAPES: [&str; 6] = ["C", "l", "A", "I", "o", "<s>"];
const START: usize = 5;
const LENGTHS: &[&str] = &["0", "1", "2", "3", "4", "5", "6", "7", "8"];

/// The name (as in the weights file) and the values of each of `Few`, in its order.
const FEW: [(&str, &[&str]); 22] = [
    ("bias", &[""]),
    ("sh=", &SHAPES),
    ("psh=", &SHAPES),
    ("nsh=", &SHAPES),
    ("ord=", BITS),
    ("name=", BITS),
    ("town=", BITS),
    ("world=", BITS),
    ("ni=", BITS),
    ("stop=", BITS),
    ("inst=", BITS),
    ("street=", BITS),
    ("title=", BITS),
    ("ss=", BITS),
    ("j=", BITS),
    ("pos=", BITS),
    ("r=", &RULE_TAGS),
    ("pr=", &RULE_TAGS),
    ("nr=", &RULE_TAGS),
    ("ptitle=", BITS),
    ("ninst=", BITS),
    ("len=", LENGTHS),
];

fn read<'a, 'b>(
    text: &'a str,
    tokens: &'b [Token<'a>],
    rules: &[(Kind, usize, usize)],
) -> Reading<'a, 'b> {
    let rules = rule_tags(tokens, rules);
    let open: Vec<bool> = (0..tokens.len())
        .map(|i| opens(tokens, &rules, i))
        .collect();
    Reading {
        text,
        tokens,
        rules,
        open,
    }
}

/// Whether `tag` may follow `prev`: a continuing tag only after its own kind.
fn allowed(prev: usize, tag: usize) -> bool {
    tag == 0 || tag % 2 == 1 || (prev != 0 && kind_of(prev) == kind_of(tag))
}

/// A word's scores for each tag, as its features are summed.
struct Scores<'m> {
    model: &'m Model,
    scores: [f32; N],
}

impl Scores<'_> {
    fn add(&mut self, w: &[f32; N]) {
        for (s, w) in self.scores.iter_mut().zip(w) {
            *s += w;
        }
    }
}

impl Sink for Scores<'_> {
    fn few(&mut self, feature: Few, value: usize) {
        let model = self.model;
        self.add(&model.few[model.offsets[feature as usize] + value]);
    }

    fn named(&mut self, pieces: &[&str]) {
        if let Some(w) = self.model.named.get(&key(pieces)) {
            self.add(w);
        }
    }
}

/// Tags each word, left to right, with the previous tag as a feature.
fn decode(reading: &Reading, model: &Model) -> Vec<usize> {
    let mut prev = 0;
    let mut tags = Vec::with_capacity(reading.tokens.len());
    for i in 0..reading.tokens.len() {
        if !reading.open[i] {
            tags.push(0);
            prev = 0;
            continue;
        }
        let mut scores = Scores {
            model,
            scores: model.after[prev],
        };
        reading.features(i, &mut scores);
        let scores = scores.scores;
        let tag = (0..N)
            .filter(|&t| allowed(prev, t))
            .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
            .unwrap_or(0);
        tags.push(tag);
        prev = tag;
    }
    tags
}

/// The spans (kind, first word, last word) that `tags` mark.
fn spans(tags: &[usize]) -> Vec<(Kind, usize, usize)> {
    let mut out: Vec<(Kind, usize, usize)> = Vec::new();
    for (i, &tag) in tags.iter().enumerate() {
        match kind_of(tag) {
            Some(_) if tag % 2 == 0 => {
                if let Some(last) = out.last_mut() {
                    last.2 = i;
                }
            }
            Some(kind) => out.push((kind, i, i)),
            None => {}
        }
    }
    out
}

/// Whether `lower` is an ordinary word or one of its forms (plurals, "-ness", "-ise").
fn is_ordinary_word(lower: &str) -> bool {
    is_ordinary(lower) || is_ordinary_form(lower, is_ordinary)
}

/// Whether one name cannot run on from the word before `token` to it: a comma, colon,
/// semicolon, bracket, dash, slash, arrow, bar, plus, asterisk, quotation mark or line break lies
/// between ("Abington B&B → Kettering"), or a gap wider than a space
/// ("Florence, Kehinde", "Shaz\n[18:06] Shaz", "N. Ssempijja-Harris    Date:"), or a new
/// sentence starts ("poplar ward. bev"). A list of names is many names.
fn breaks_before(text: &str, tokens: &[Token], token: usize) -> bool {
    let Some(before) = token.checked_sub(1) else {
        return false;
    };
    let gap = &text[tokens[before].full_end..tokens[token].start];
    // A full stop after an initial or a title ends no sentence: "SN A. Kerr", "Parch. Tudur".
    let after_stop = tokens[before].word.chars().count() == 1 || is_title(tokens[before].word);
    (tokens[token].sentence_start && !after_stop)
        || gap.contains([
            ',', ':', ';', '\n', '\t', '(', ')', '[', ']', '—', '–', '/', '→', '←', '>', '<', '|',
            '+', '=', '*', '"', '“', '”',
        ])
        || gap.contains("  ")
        || gap.contains(" - ")
}

/// The tagger's spans cut where a name cannot run on, unless the rules found the whole span as
/// one name ("KHAN, Samira Bibi" on a form). A piece that is one ordinary word the rules did
/// not flag is no name on its own ("Flat" before "6, 140 Mutley Plain", "Date" after a
/// signature).
fn split_at_breaks(
    text: &str,
    reading: &Reading,
    tagged: Vec<(Kind, usize, usize)>,
    rule_words: &HashMap<(usize, usize), &Finding>,
) -> Vec<(Kind, usize, usize)> {
    let tokens = reading.tokens;
    // No one's name holds "and": "Ellie B and Tyreece" are two people, though "Mr and Mrs
    // Ashdown" is one couple.
    let tagged = tagged.into_iter().flat_map(|(kind, first, last)| {
        let mut parts = Vec::new();
        let mut start = first;
        for i in first + 1..last {
            if kind == Kind::Person
                && matches!(tokens[i].word, "and" | "&")
                && !is_title(tokens[i - 1].word)
            {
                parts.push((kind, start, i - 1));
                start = i + 1;
            }
        }
        parts.push((kind, start, last));
        parts
    });
    let mut out = Vec::new();
    for (kind, first, last) in tagged {
        let cuts: Vec<usize> = (first + 1..=last)
            .filter(|&i| breaks_before(text, tokens, i))
            .collect();
        if cuts.is_empty() || rule_words.contains_key(&(first, last)) {
            out.push((kind, first, last));
            continue;
        }
        let starts = std::iter::once(first).chain(cuts.iter().copied());
        let ends = cuts.iter().map(|&c| c - 1).chain(std::iter::once(last));
        for (start, end) in starts.zip(ends) {
            let lone_word = start == end
                && reading.rules[start] == 0
                && is_ordinary_word(reading.tokens[start].lower());
            if !lone_word {
                out.push((kind, start, end));
            }
        }
    }
    out
}

/// A person as the tagger read them, mended where a name's shape is plain. The name ends at a
/// possessive: what follows is theirs ("Mr Nyambura's PIP", "Oliwia's English"). A greeting
/// before it is not part of it ("Hiya Ruthie"). And it takes
/// back the title the rules found before it, which the tagger drops when it opens a text
/// ("Nurse Bronwen used to say").
fn mend_person(
    text: &str,
    tokens: &[Token],
    (kind, mut first, mut last): (Kind, usize, usize),
    rule_words: &HashMap<(usize, usize), &Finding>,
    people_ending: &HashMap<usize, usize>,
) -> (Kind, usize, usize) {
    if kind != Kind::Person || rule_words.contains_key(&(first, last)) {
        return (kind, first, last);
    }
    if let Some(owner) = (first..last).find(|&i| tokens[i].possessive) {
        last = owner;
    }
    // "a Romanian man called Radu I'd trust": the writer is never part of a name.
    if let Some(me) = (first + 1..=last).find(|&i| {
        let w = tokens[i].word;
        w == "I" || w.starts_with("I'") || w.starts_with("I’")
    }) {
        last = me - 1;
    }
    if first < last && greeted(&text[..tokens[first + 1].start]) {
        first += 1;
    }
    let titled = people_ending.get(&last).copied().filter(|&from| {
        from < first
            && tokens[from..first].iter().all(|t| {
                is_title_modifier(t.word) || is_nickname_word(t.word) || is_role_title_word(t.word)
            })
    });
    (kind, titled.unwrap_or(first), last)
}

/// The rules' findings, with their people and places decided again by the tagger. A span the
/// rules found over the same words keeps the rules' offsets (a possessive "St Mary's") and
/// their reason; a new one is given the reason of its kind; one that would cross a finding of
/// another kind (a street, a date, a phone number) is left out.
/// Whether `f` is a ward named for a tree, bird or flower, after "on" ("an incident on Aspen",
/// "every door on Juniper"): to the tagger a word of the language, which it would drop.
fn on_a_ward_named_for_nature(text: &str, f: &Finding) -> bool {
    let before = text[..f.start].strip_suffix(' ').unwrap_or("");
    let on = before
        .strip_suffix("on")
        .or_else(|| before.strip_suffix("On"))
        .is_some_and(|b| !b.ends_with(char::is_alphanumeric));
    on && f.text.chars().all(char::is_alphabetic)
        && f.text.starts_with(|c: char| c.is_uppercase())
        && is_ward_name_word(&f.text.to_lowercase())
}

pub(super) fn retag(text: &str, tokens: &[Token], findings: Vec<Finding>) -> Vec<Finding> {
    if tokens.is_empty() || MODEL.named.is_empty() {
        return findings;
    }
    let rules: Vec<(Kind, usize, usize)> =
        findings.iter().map(|f| (f.kind, f.start, f.end)).collect();
    let reading = read(text, tokens, &rules);
    let tagged = spans(&decode(&reading, &MODEL));
    // Only people and places are decided again. The rest stand as the rules found them: the
    // structured kinds, and streets and addresses, which run across house numbers and commas
    // ("Flat 9, Tamarind Court, 42 Lordship Lane") as words alone do not show.
    // So do places named by a number ("Ward 7", "Unit 5B"): the tagger reads words, not numbers;
    // and hospitals by their initials ("at the UHL"), which it reads as any other capitals.
    let (by_rules, mut kept): (Vec<Finding>, Vec<Finding>) =
        findings.into_iter().partition(|f| match f.kind {
            Kind::Person => true,
            // A saint typed in lower case ("st ann’s") stands too: to the tagger "ann" is a name.
            Kind::Place => {
                !f.text.bytes().any(|b| b.is_ascii_digit())
                    && !is_hospital_acronym(&f.text)
                    && !f.text.starts_with("st ")
                    && !on_a_ward_named_for_nature(text, f)
            }
            _ => false,
        });
    let rule_words: HashMap<(usize, usize), &Finding> = by_rules
        .iter()
        .filter_map(|f| Some((words_within(tokens, f.start, f.end)?, f)))
        .collect();
    // The first word of each person the rules found, by its last word.
    let people_ending: HashMap<usize, usize> = rule_words
        .iter()
        .filter(|(_, f)| f.kind == Kind::Person)
        .map(|(&(first, last), _)| (last, first))
        .collect();
    let tagged = tagged
        .into_iter()
        .map(|span| mend_person(text, tokens, span, &rule_words, &people_ending))
        .collect();
    let mut found = Vec::new();
    for (kind, first, last) in split_at_breaks(text, &reading, tagged, &rule_words) {
        let (start, end) = (tokens[first].start, tokens[last].end);
        if kept.iter().any(|f| f.start < end && start < f.end) {
            continue;
        }
        let finding = match rule_words.get(&(first, last)) {
            Some(f) if f.kind == kind => (*f).clone(),
            // "Grandma Ngozi", "Auntie Thandi's": a family title makes a person, which the
            // tagger, having seen "Auntie Efua's" the café, would make a place.
            Some(f)
                if f.kind == Kind::Person
                    && kind == Kind::Place
                    && is_nickname_word(tokens[first].word) =>
            {
                (*f).clone()
            }
            Some(f) => Finding {
                kind,
                reason: reason_for(kind).to_owned(),
                ..(*f).clone()
            },
            None => Finding {
                kind,
                start,
                end,
                text: text[start..end].to_owned(),
                reason: reason_for(kind).to_owned(),
            },
        };
        found.push(finding);
    }
    // A town, village or district on the list stays a place where the tagger saw nothing
    // ("Pontefract WF8 1PN" closing an address, "Llanidloes" after a street): the list is
    // firmer evidence than the words around it.
    // What is kept and found does not overlap, so sorted by start only the last span starting
    // before a town's end can cross it.
    let mut taken: Vec<(usize, usize)> = kept
        .iter()
        .chain(&found)
        .map(|g| (g.start, g.end))
        .collect();
    taken.sort_unstable();
    let free = |f: &Finding| {
        let before = taken.partition_point(|&(start, _)| start < f.end);
        before == 0 || taken[before - 1].1 <= f.start
    };
    let towns: Vec<Finding> = by_rules
        .iter()
        .filter(|f| f.kind == Kind::Place && is_town(&f.text) && free(f))
        .cloned()
        .collect();
    found.extend(towns);
    kept.append(&mut found);
    kept.sort_by_key(|f| f.start);
    kept
}

/// A word's features by name, for training.
struct Names(Vec<String>);

impl Sink for Names {
    fn few(&mut self, feature: Few, value: usize) {
        let (name, values) = FEW[feature as usize];
        self.0.push(format!("{name}{}", values[value]));
    }

    fn named(&mut self, pieces: &[&str]) {
        self.0.push(pieces.concat());
    }
}

/// One labelled text for training: the text, and its labelled people, places and streets as
/// byte spans.
pub struct Example {
    pub text: String,
    pub labels: Vec<(Kind, usize, usize)>,
}

/// Trains the tagger on `examples` for `epochs` passes (shuffled by a fixed seed) and returns
/// the weights file: an averaged perceptron, weights rounded to three places, features whose
/// weights all round to nothing left out.
pub fn train(examples: &[Example], epochs: usize) -> String {
    // Each word's features once, as numbers; the gold and rule tags beside them.
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut intern = |s: &str, ids: &mut HashMap<String, usize>| -> usize {
        if let Some(&id) = ids.get(s) {
            return id;
        }
        names.push(s.to_owned());
        ids.insert(s.to_owned(), names.len() - 1);
        names.len() - 1
    };
    let prev_ids: Vec<usize> = TAGS
        .iter()
        .map(|t| intern(&format!("pt={t}"), &mut ids))
        .collect();
    let mut docs: Vec<(Vec<Vec<usize>>, Vec<usize>)> = Vec::new();
    for example in examples {
        let text = example.text.as_str();
        let eased = super::shouting::in_ordinary_case(text);
        let text = eased.as_deref().unwrap_or(text);
        let tokens = super::tokens::tokenize(text);
        let rules: Vec<(Kind, usize, usize)> = super::find_by_rules(text)
            .iter()
            .map(|f| (f.kind, f.start, f.end))
            .collect();
        let reading = read(text, &tokens, &rules);
        // Some sets call a street without a number a place; the rules, and so the tagger,
        // call it a street.
        let labels: Vec<(Kind, usize, usize)> = example
            .labels
            .iter()
            .map(|&(kind, start, end)| {
                let street = rules
                    .iter()
                    .any(|r| r.0 == Kind::Address && r.1 == start && r.2 == end);
                (if street { Kind::Address } else { kind }, start, end)
            })
            .collect();
        let gold: Vec<usize> = rule_tags(&tokens, &labels)
            .iter()
            .map(|&t| if t >= 7 { 0 } else { usize::from(t) })
            .collect();
        let feats = (0..tokens.len())
            .map(|i| {
                let mut f = Vec::new();
                if reading.open[i] {
                    let mut names = Names(Vec::new());
                    reading.features(i, &mut names);
                    f.extend(names.0.iter().map(|name| intern(name, &mut ids)));
                }
                f
            })
            .collect();
        docs.push((feats, gold));
    }
    let mut w = vec![[0f64; N]; names.len()];
    let mut total = vec![[0f64; N]; names.len()];
    let mut step = 1f64;
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..epochs {
        // A fixed shuffle (xorshift), so that training twice gives the same file.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for &d in &order {
            let (feats, gold) = &docs[d];
            let mut prev = 0;
            for (f, &g) in feats.iter().zip(gold) {
                if f.is_empty() {
                    // A word the tagger does not read is outside every name.
                    prev = 0;
                    continue;
                }
                let mut scores = [0f64; N];
                for &id in f.iter().chain([&prev_ids[prev]]) {
                    for (s, w) in scores.iter_mut().zip(&w[id]) {
                        *s += w;
                    }
                }
                let guess = (0..N)
                    .filter(|&t| allowed(prev, t))
                    .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
                    .unwrap_or(0);
                if guess != g {
                    for &id in f.iter().chain([&prev_ids[prev]]) {
                        w[id][g] += 1.0;
                        w[id][guess] -= 1.0;
                        total[id][g] += step;
                        total[id][guess] -= step;
                    }
                }
                step += 1.0;
                prev = g;
            }
        }
    }
    let mut out = String::from(
        "# The tagger's weights (src/pii/tagger.rs): a feature, a tab, then one weight for each of\n\
         # O B-PER I-PER B-PLA I-PLA B-ADR I-ADR. Written by\n\
         # `cargo test --release --test it train_tagger -- --ignored`; do not edit by hand.\n",
    );
    let mut lines: Vec<(String, [f64; N])> = names
        .iter()
        .enumerate()
        .map(|(id, name)| {
            let mut avg = [0f64; N];
            for t in 0..N {
                avg[t] = w[id][t] - total[id][t] / step;
            }
            (name.clone(), avg)
        })
        .filter(|(_, avg)| avg.iter().any(|v| v.abs() >= 0.0005))
        .collect();
    lines.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, avg) in lines {
        let values: Vec<String> = avg
            .iter()
            .map(|v| {
                let s = format!("{v:.3}");
                if s == "0.000" || s == "-0.000" {
                    "0".into()
                } else {
                    s.trim_end_matches('0').to_owned()
                }
            })
            .collect();
        let _ = writeln!(out, "{name}\t{}", values.join(" "));
    }
    out
}
