//! Names of people: a name after a title ("Dr Okafor"), a first name from the bundled list with
//! a following surname, and an ambiguous first name ("Hope", "Will") only when the words around
//! it show that it is a person.

use super::words::{
    is_place_suffix, is_stop_word, LONGEST_PERSON_BEFORE, NAMES, PERSON_AFTER_STRONG,
    PERSON_AFTER_WEAK, PERSON_BEFORE,
};
use super::{push, re, Candidate, Kind};
use regex::Regex;
use std::sync::LazyLock;

const REASON_TITLED: &str = "This looks like the name of a person; consider using their role instead, such as \"the consultant\" or \"a nurse\".";
const REASON_NAME: &str =
    "This looks like someone's name; consider using their role or an invented name instead.";

const NAME_WORD: &str = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?";

static TITLED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:Dr|Doctor|Mr|Mrs|Ms|Mx|Miss|Prof|Professor|Nurse|Sister|Matron|Rev|Reverend|Father|Imam|Rabbi|Pastor)\.?[ \t]+(?:[A-Z]\.?[ \t]+){{0,2}}({NAME_WORD})(?:[ \t]+({NAME_WORD}))?"
    ))
});

static CAPITALISED: LazyLock<Regex> = LazyLock::new(|| re(r"\b[A-Z][a-z]+\b"));

static SURNAME_AFTER: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^[ \t]+({NAME_WORD})\b")));

/// A name after a title or role ("Dr Okafor", "Nurse Joy"), with its surname when given.
pub(super) fn find_titled_people(text: &str, out: &mut Vec<Candidate>) {
    for caps in TITLED.captures_iter(text) {
        let (Some(whole), Some(first)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        if is_stop_word(first.as_str()) || is_place_suffix(first.as_str()) {
            continue;
        }
        let end = match caps.get(2) {
            Some(second) if !is_stop_word(second.as_str()) && !is_place_suffix(second.as_str()) => {
                second.end()
            }
            _ => first.end(),
        };
        push(out, Kind::Person, whole.start(), end, REASON_TITLED);
    }
}

/// First names from the bundled list, and unlisted names after "called" or a role.
pub(super) fn find_named_people(text: &str, out: &mut Vec<Candidate>) {
    let (plain, word_like) = &*NAMES;
    for m in CAPITALISED.find_iter(text) {
        let word = m.as_str();
        let lower = word.to_ascii_lowercase();
        let listed = plain.contains(&lower) || word_like.contains(&lower);
        // "St Luke's" and "Saint Anne" are places or saints, not people.
        let before = text[..m.start()].trim_end_matches([' ', '\t']);
        if before.ends_with("St") || before.ends_with("St.") || before.ends_with("Saint") {
            continue;
        }
        // Names missing from the list are still taken after "called" or a role
        // ("a nurse called Bernadette", "my key worker, Tariq").
        if !listed && (is_stop_word(word) || !follows_person_word(text, m.start())) {
            continue;
        }
        let rest = &text[m.end()..];
        // "Priya Shah": a capitalised word straight after a first name is taken as a surname.
        let surname_end = SURNAME_AFTER
            .captures(rest)
            .and_then(|c| c.get(1))
            .filter(|s| !is_stop_word(s.as_str()) && !is_place_suffix(s.as_str()))
            .map(|s| m.end() + s.end());
        let needs_context = word_like.contains(&lower);
        if needs_context && surname_end.is_none() && !person_context(text, m.start(), m.end()) {
            continue;
        }
        push(
            out,
            Kind::Person,
            m.start(),
            surname_end.unwrap_or(m.end()),
            REASON_NAME,
        );
    }
}

/// Whether the word before `start`, allowing one comma ("my CPN, Karen"), is one of
/// `PERSON_BEFORE`: a relationship, a role, "called" or "named".
fn follows_person_word(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end().trim_end_matches(',');
    // Walk back over the word, but no further than the longest person word: lower-casing never
    // shortens a word, so a longer one cannot match, and walking the whole of a long unbroken
    // run of letters ("AbcéAbcé…", where each "Abc" is a candidate) for every candidate in it
    // was quadratic.
    let mut word_start = before.len();
    for (walked, (i, c)) in before.char_indices().rev().enumerate() {
        if !c.is_alphanumeric() {
            break;
        }
        if walked == LONGEST_PERSON_BEFORE {
            return false;
        }
        word_start = i;
    }
    let previous = before[word_start..].to_lowercase();
    PERSON_BEFORE.contains(&previous.as_str())
}

/// Whether the words around an ambiguous name ("Hope", "Will", "Grace") show it is a person.
fn person_context(text: &str, start: usize, end: usize) -> bool {
    if follows_person_word(text, start) {
        return true;
    }
    let rest = &text[end..];
    let mid_sentence = !at_sentence_start(text, start);
    if mid_sentence && (rest.starts_with("'s") || rest.starts_with("’s")) {
        return true;
    }
    // Apposition: "Mohammed, my key worker, ..."
    if rest.starts_with(", my ") || rest.starts_with(", our ") {
        return true;
    }
    let next = rest
        .trim_start_matches([' ', '\t', ','])
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    if rest.starts_with([' ', '\t']) {
        if PERSON_AFTER_STRONG.contains(&next) {
            return true;
        }
        if mid_sentence && PERSON_AFTER_WEAK.contains(&next) {
            return true;
        }
    }
    false
}

/// Whether `pos` starts a sentence, a line of a Markdown list or heading, or the text, where
/// capital letters say nothing about names.
fn at_sentence_start(text: &str, pos: usize) -> bool {
    let mut newlines = 0;
    for c in text[..pos].chars().rev() {
        match c {
            '\n' => newlines += 1,
            ' ' | '\t' | '\r' | '"' | '“' | '‘' | '\'' | '(' | '[' | '*' | '_' | '#' | '>'
            | '-' => {}
            '.' | '!' | '?' | ':' => return true,
            _ => return newlines >= 2 || (newlines == 1 && line_is_marked(text, pos)),
        }
    }
    true
}

/// Whether the line holding `pos` starts with a Markdown marker (heading, list, quote).
fn line_is_marked(text: &str, pos: usize) -> bool {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..pos].trim_start();
    line.starts_with(['#', '-', '*', '>', '+'])
        || line
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}
