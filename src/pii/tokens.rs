//! Splits a text into words for the name and place finders: each word's byte span, its shape
//! (capitalised, lower-case, capitals only, a lone initial), a trailing possessive, and whether it
//! starts a sentence, where a capital letter says nothing about names. One pass, with no
//! allocation per word but the lower-case form of a word that has capitals, so the finders stay
//! linear on hostile input.

use std::borrow::Cow;

/// The shape of a word's letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// "Okafor", "McLaughlin", "O'Brien", "Łukasz", "Ty-Gwyn".
    Capitalised,
    /// "ward", "van".
    Lower,
    /// "NHS", "PC", "CMHT".
    Capitals,
    /// "J" in "J. Smith" (never "I" or "A").
    Initial,
    /// Anything else ("iPhone", "AbcéAbcé…"), never part of a name.
    Other,
}

/// One word of the text.
#[derive(Debug, Clone)]
pub(super) struct Token<'a> {
    /// Byte offset of the first letter.
    pub start: usize,
    /// Byte offset past the word, before any possessive "'s".
    pub end: usize,
    /// The word without its possessive.
    pub word: &'a str,
    /// Whether "'s" or "’s" followed the word.
    pub possessive: bool,
    /// Byte offset past the word and its possessive ("St Mary's" keeps it; "Kofi's" does not).
    pub full_end: usize,
    pub shape: Shape,
    /// The word in lower case with curly apostrophes made straight (see `lower`).
    lowered: Cow<'a, str>,
    /// Whether a sentence, heading, list item, quotation or the text begins at this word.
    pub sentence_start: bool,
    /// Whether only spaces or tabs separate this word from the one before (no punctuation,
    /// digits or line break), so the two can belong to one name.
    pub joined: bool,
}

impl Token<'_> {
    /// The word in lower case with curly apostrophes made straight, for list look-ups.
    pub fn lower(&self) -> &str {
        &self.lowered
    }

    /// Whether this is a capitalised word, the shape of a name.
    pub fn is_capitalised(&self) -> bool {
        self.shape == Shape::Capitalised
    }
}

/// Words longer than this are never names (and hostile runs of letters stay cheap).
const LONGEST_NAME_WORD: usize = 40;

/// The words of `text`, in order.
pub(super) fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut gap_start = 0;
    while let Some((start, c)) = chars.next() {
        if !c.is_alphabetic() {
            continue;
        }
        // A word: letters, with apostrophes and hyphens inside it when a letter follows.
        let mut end = start + c.len_utf8();
        while let Some(&(i, d)) = chars.peek() {
            if d.is_alphabetic() {
                end = i + d.len_utf8();
                chars.next();
            } else if matches!(d, '\'' | '’' | '-') {
                let after = text[i + d.len_utf8()..].chars().next();
                if after.is_some_and(char::is_alphabetic) {
                    end = i + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        let whole = &text[start..end];
        let (word, possessive) = match whole
            .strip_suffix("'s")
            .or_else(|| whole.strip_suffix("’s"))
        {
            Some(base) if !base.is_empty() => (base, true),
            _ => (whole, false),
        };
        let gap = &text[gap_start..start];
        let previous = tokens.last();
        let sentence_start = match previous {
            None => true,
            Some(p) => starts_sentence(gap, p, text, start),
        };
        // Three spaces or more are the columns of a form or table, not the gap inside a name.
        let joined = previous.is_some()
            && !gap.is_empty()
            && gap.len() < 3
            && gap.bytes().all(|b| b == b' ' || b == b'\t');
        tokens.push(Token {
            start,
            end: start + word.len(),
            word,
            possessive,
            full_end: end,
            shape: shape(word),
            lowered: lowered(word),
            sentence_start,
            joined,
        });
        gap_start = end;
    }
    tokens
}

/// `word` in lower case with curly apostrophes made straight: the word itself when it has
/// neither capitals nor a curly apostrophe, as most words of a text have not.
fn lowered(word: &str) -> Cow<'_, str> {
    if word.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
        let lower = word.to_lowercase();
        Cow::Owned(if lower.contains('’') {
            lower.replace('’', "'")
        } else {
            lower
        })
    } else {
        Cow::Borrowed(word)
    }
}

/// Abbreviations whose full stop does not end a sentence.
fn is_abbreviation(word: &str) -> bool {
    one_of!(
        word,
        "Dr" | "Mr"
            | "Mrs"
            | "Ms"
            | "Mx"
            | "St"
            | "Prof"
            | "Rev"
            | "Sgt"
            | "Insp"
            | "Cllr"
            | "Det"
            | "Supt"
            | "Const"
            | "Capt"
            | "Parch"
            | "etc"
            | "vs"
            | "e"
            | "i"
            | "g"
    )
}

/// Whether the gap before a word (after `previous`) begins a sentence: end punctuation, an
/// opening quotation, a blank line, or a new Markdown heading, list item or quotation line.
fn starts_sentence(gap: &str, previous: &Token, text: &str, pos: usize) -> bool {
    let mut newlines = 0;
    for c in gap.chars() {
        match c {
            '.' if !(is_abbreviation(previous.word) || previous.shape == Shape::Initial) => {
                return true;
            }
            '!' | '?' | ':' | '"' | '“' | '‘' | '|' => return true,
            '\n' => newlines += 1,
            _ => {}
        }
    }
    newlines >= 2 || (newlines == 1 && line_is_marked(text, pos))
}

/// Whether the line holding `pos` starts with a Markdown marker (heading, list, quote).
fn line_is_marked(text: &str, pos: usize) -> bool {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..pos].trim_start();
    line.starts_with(['#', '-', '*', '>', '+'])
        || line
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The shape of a word. A capitalised word is a capital then lower-case letters, allowing
/// "Mc"/"Mac"/"O'" prefixes and capitals after a hyphen or apostrophe ("Mary-Jane").
fn shape(word: &str) -> Shape {
    if word.len() > LONGEST_NAME_WORD {
        return Shape::Other;
    }
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return Shape::Other;
    };
    if !first.is_uppercase() {
        return if word.chars().all(|c| !c.is_uppercase()) {
            Shape::Lower
        } else {
            Shape::Other
        };
    }
    let rest = chars.as_str();
    // "I'm", "I’d": the pronoun, not a name.
    if first == 'I' && rest.starts_with(['\'', '’']) {
        return Shape::Other;
    }
    if rest.is_empty() {
        return if first == 'I' || first == 'A' {
            Shape::Other
        } else {
            Shape::Initial
        };
    }
    if rest.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) {
        return Shape::Capitals;
    }
    // Capitals inside the word only after a hyphen, an apostrophe or a Mc, Mac or Nic prefix.
    let mut previous = first;
    let mut seen = String::from(first);
    for c in rest.chars() {
        if c.is_uppercase() {
            let allowed = matches!(previous, '-' | '\'' | '’')
                || matches!(seen.as_str(), "Mc" | "Mac" | "Nic");
            if !allowed {
                return Shape::Other;
            }
        }
        previous = c;
        if seen.len() < 4 {
            seen.push(c);
        }
    }
    Shape::Capitalised
}
