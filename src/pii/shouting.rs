//! Lines typed in capitals: a form filled in by hand, a heading, a message shouted ("THEY PUT
//! ME ON LARCH WARD AND DR FAIRWEATHER NEVER CAME"). Capitals hide which words are names, and
//! the finders read a word in capitals as an acronym, so such a line is read as if written in
//! ordinary case: the words of the language in lower case (capitalised where a sentence starts),
//! titles, place words and every other word capitalised, the service acronyms left as they are.
//! The copy has the same length as the text, so the findings' offsets hold for the text as
//! written.

use super::lexicon::is_ordinary;
use super::name_words::is_title;
use super::words::{is_listed_name, is_place_suffix, STOP_WORDS};

/// Fewest letters a line needs before it counts as typed in capitals ("NHS GP" does not).
const FEWEST_LETTERS: usize = 12;
/// Fewest words in capitals of two letters or more on such a line.
const FEWEST_WORDS: usize = 3;

/// Acronyms of services and law, kept in capitals (their lower-case forms are in `STOP_WORDS`
/// too, but a capitalised "Nhs" would look like a name).
pub(super) fn is_acronym(lower: &str) -> bool {
    one_of!(
        lower,
        "nhs"
            | "gp"
            | "gps"
            | "cmht"
            | "picu"
            | "camhs"
            | "amhp"
            | "ect"
            | "cto"
            | "bpd"
            | "eupd"
            | "ocd"
            | "ptsd"
            | "adhd"
            | "a&e"
            | "ae"
            | "hca"
            | "cpn"
            | "ot"
            | "dwp"
            | "pip"
            | "esa"
            | "cqc"
            | "uk"
            | "htt"
            | "mha"
            | "mhrt"
            | "imha"
            | "sho"
            | "icu"
            | "ed"
            | "dob"
            | "tv"
            | "asap"
            | "ok"
    )
}

/// Whether `line` is typed in capitals: enough letters, nearly all of them capitals, in
/// several words.
fn is_shouted(line: &str) -> bool {
    if line.len() < FEWEST_LETTERS {
        return false;
    }
    // More small letters than a tenth of the line's bytes, and it cannot be nine tenths
    // capitals: most lines are told apart from shouting within their first few words.
    let mut small = 0;
    for c in line.chars() {
        if c.is_lowercase() {
            small += 1;
            if small * 10 > line.len() {
                return false;
            }
        }
    }
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    if letters < FEWEST_LETTERS {
        return false;
    }
    let upper = line.chars().filter(|c| c.is_uppercase()).count();
    let words = line
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 2 && w.chars().all(char::is_uppercase))
        .count();
    upper * 10 >= letters * 9 && words >= FEWEST_WORDS
}

/// Whether `line`, or one of its sentences, is typed in capitals.
fn shouts(line: &str) -> bool {
    is_shouted(line) || line.split_inclusive(['.', '!', '?']).any(is_shouted)
}

/// `text` with its lines typed in capitals put in ordinary case, or `None` when it has none.
pub(super) fn in_ordinary_case(text: &str) -> Option<String> {
    // Each line is told apart once: those before the first shouted one are copied as they are.
    let first = text.split('\n').position(shouts)?;
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if n < first {
            out.push_str(line);
        } else if is_shouted(line) {
            ease_line(line, &mut out);
        } else {
            // "THEY HELD ME DOWN ON KITTIWAKE WARD. Face down.": the sentences in capitals of
            // a line that is not.
            for sentence in line.split_inclusive(['.', '!', '?']) {
                if is_shouted(sentence) {
                    ease_line(sentence, &mut out);
                } else {
                    out.push_str(sentence);
                }
            }
        }
    }
    debug_assert_eq!(out.len(), text.len());
    Some(out)
}

/// How one word of a line in capitals is written in ordinary case.
#[derive(Clone, Copy, PartialEq)]
enum Case {
    /// As typed: an acronym, or a word with letters outside ASCII.
    Kept,
    /// In lower case: a word of the language.
    Lower,
    /// Capitalised: a name, a title, a place word, or a word starting a sentence.
    Capital,
}

/// Writes `line` in ordinary case to `out`, byte for byte as long.
fn ease_line(line: &str, out: &mut String) {
    // The line as words (letters, digits, apostrophes, `&`) and what lies between them.
    let is_word_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '\'' | '’' | '&');
    let mut pieces: Vec<(&str, bool)> = Vec::new();
    let mut rest = line;
    while let Some(first) = rest.chars().next() {
        let word = is_word_char(first);
        let len = rest
            .char_indices()
            .find(|&(_, c)| is_word_char(c) != word)
            .map_or(rest.len(), |(i, _)| i);
        pieces.push((&rest[..len], word));
        rest = &rest[len..];
    }
    let mut cases: Vec<Case> = Vec::with_capacity(pieces.len());
    let mut sentence_start = true;
    for &(piece, word) in &pieces {
        if word {
            cases.push(case_of(piece, sentence_start));
            sentence_start = false;
        } else {
            cases.push(Case::Kept);
            if piece.contains(['.', '!', '?', ':']) {
                sentence_start = true;
            }
        }
    }
    // A word of the language just before a name or a place word is part of it: "DEAN
    // WHITTAKER" if Dean is a first name, "LARCH WARD".
    let words: Vec<usize> = (0..pieces.len()).filter(|&i| pieces[i].1).collect();
    for pair in words.windows(2) {
        let (i, next) = (pair[0], pair[1]);
        if cases[i] != Case::Lower || cases[next] != Case::Capital {
            continue;
        }
        let lower = pieces[i].0.to_ascii_lowercase();
        let next_lower = pieces[next].0.to_ascii_lowercase();
        let before_place =
            is_place_suffix(&capitalise(&next_lower)) && !STOP_WORDS.contains(lower.as_str());
        if (is_listed_name(&lower) && !is_plain(&next_lower)) || before_place {
            cases[i] = Case::Capital;
        }
    }
    // "6TH MAY", "MARCH 2019": a month beside a number is the month, not the word.
    for pair in words.windows(2) {
        let (i, next) = (pair[0], pair[1]);
        let numbered = |k: usize| pieces[k].0.starts_with(|c: char| c.is_ascii_digit());
        for (month, number) in [(next, i), (i, next)] {
            if cases[month] == Case::Lower
                && numbered(number)
                && is_month(&pieces[month].0.to_ascii_lowercase())
            {
                cases[month] = Case::Capital;
            }
        }
    }
    for (&(piece, _), case) in pieces.iter().zip(cases) {
        match case {
            Case::Kept => out.push_str(piece),
            Case::Lower => out.extend(piece.chars().map(|c| c.to_ascii_lowercase())),
            Case::Capital => {
                push_capitalised(piece.chars().map(|c| c.to_ascii_lowercase()), out);
            }
        }
    }
}

/// Whether `lower` is the name of a month that is also a word.
fn is_month(lower: &str) -> bool {
    matches!(lower, "march" | "may" | "june" | "august")
}

/// Whether `lower` is a word of the language (or a function word).
fn is_plain(lower: &str) -> bool {
    STOP_WORDS.contains(lower)
        || if lower.contains('’') {
            is_ordinary(&lower.replace('’', "'"))
        } else {
            is_ordinary(lower)
        }
}

/// How `word`, from a line in capitals, is written in ordinary case.
fn case_of(word: &str, sentence_start: bool) -> Case {
    // Only ASCII letters change case here, so every offset stays on the same character.
    if !word.chars().all(|c| c.is_ascii() || c == '’') || !word.chars().any(char::is_uppercase) {
        return Case::Kept;
    }
    let lower = word.to_ascii_lowercase();
    // "8TH", "14TH": a date, as dates are written.
    if word.chars().any(|c| c.is_ascii_digit()) {
        return Case::Lower;
    }
    let bare = lower.trim_end_matches(['\'', '’', 's']);
    if is_acronym(&lower) || is_acronym(bare) {
        return Case::Kept;
    }
    let capitalised = capitalise(&lower);
    if is_title(&capitalised) || is_place_suffix(&capitalised) {
        return Case::Capital;
    }
    let plain = is_plain(&lower);
    // "CO", "DIY", "MP": short capitals that are no word or name are acronyms.
    if !plain && !is_listed_name(&lower) && lower.len() <= 3 {
        return Case::Kept;
    }
    if sentence_start || !plain {
        Case::Capital
    } else {
        Case::Lower
    }
}

/// `lower` with its first letter, and each after a hyphen, in capitals.
pub(super) fn capitalise(lower: &str) -> String {
    let mut out = String::with_capacity(lower.len());
    push_capitalised(lower.chars(), &mut out);
    out
}

/// Pushes `chars` to `out` with the first letter, and each after a hyphen, in capitals.
fn push_capitalised(chars: impl Iterator<Item = char>, out: &mut String) {
    let mut up = true;
    for c in chars {
        out.push(if up { c.to_ascii_uppercase() } else { c });
        up = c == '-';
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_in_capitals_is_read_in_ordinary_case_at_the_same_length() {
        let text = "Dear Sir,\nTHEY PUT ME ON LARCH WARD AND DR FAIRWEATHER NEVER CAME. THE NHS TRUST IGNORED ME.\nThanks";
        let eased = in_ordinary_case(text).unwrap();
        assert_eq!(eased.len(), text.len());
        assert!(eased.starts_with("Dear Sir,\nThey put me on "), "{eased}");
        assert!(
            eased.contains("on Larch Ward and Dr Fairweather never came. The NHS Trust"),
            "{eased}"
        );
        // Lines in ordinary case, and short capitals ("NHS GP"), are left alone.
        assert_eq!(in_ordinary_case("I saw my GP at the NHS walk-in."), None);
        assert_eq!(in_ordinary_case("NHS GP"), None);
    }

    #[test]
    fn a_sentence_in_capitals_is_eased_in_a_line_that_is_not() {
        let text = "THEY HELD ME DOWN ON KITTIWAKE WARD FOUR TIMES. Face down, on the floor.";
        let eased = in_ordinary_case(text).unwrap();
        assert!(
            eased.starts_with("They held me down on Kittiwake Ward four times. Face down"),
            "{eased}"
        );
        // A month beside a number is the month.
        let eased = in_ordinary_case("I WAS PREGNANT ON MONDAY 6TH MAY AND MARCH 2019.").unwrap();
        assert!(eased.contains("6th May and March 2019"), "{eased}");
        assert!(in_ordinary_case("I may go. In March I will.").is_none());
    }

    #[test]
    fn names_in_a_shouted_line_are_found_where_they_stand() {
        let text = "WHY DID NOBODY LISTEN. I TOLD DR FAIRWEATHER ON FOXHALL SURGERY STEPS.";
        let found: Vec<&str> = super::super::find_identifiers(text)
            .into_iter()
            .map(|f| &text[f.start..f.end])
            .collect();
        assert!(found.iter().any(|f| f.contains("FAIRWEATHER")), "{found:?}");
        assert!(found.iter().any(|f| f.contains("FOXHALL")), "{found:?}");
        assert!(!found.iter().any(|f| f.contains("NOBODY")), "{found:?}");
    }
}
