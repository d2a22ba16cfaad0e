//! The words around a name that make it a place: a kind of place it is the name of ("a unit
//! called Hollybank", "the school, Coedpoeth Primary", "Ward: Osprey"), a description after it
//! ("the Coppice, a low secure unit"), or an address it stands in ("Mill Row, Hebden Bridge");
//! and the towns of more than one word from the gazetteer ("East Ham").

use super::names::is_title;
use super::places::REASON_PLACE;
use super::tokens::Token;
use super::words::{is_town, starts_a_town};
use super::{push, Candidate, Kind};

/// Lower-case nouns for a kind of place, which make the name given to one a place: "a unit
/// called Hollybank", "the school, Coedpoeth Primary", "Ward: Osprey", "the PICU was Falcon".
fn is_kind_of_place(word: &str) -> bool {
    one_of!(
        word,
        "ward"
            | "unit"
            | "picu"
            | "hospital"
            | "clinic"
            | "centre"
            | "center"
            | "home"
            | "hostel"
            | "accommodation"
            | "placement"
            | "school"
            | "college"
            | "academy"
            | "nursery"
            | "university"
            | "factory"
            | "firm"
            | "company"
            | "employer"
            | "agency"
            | "charity"
            | "project"
            | "practice"
            | "surgery"
            | "church"
            | "chapel"
            | "mosque"
            | "gurdwara"
            | "temple"
            | "pub"
            | "shop"
            | "café"
            | "cafe"
            | "restaurant"
            | "takeaway"
            | "hotel"
            | "gym"
            | "club"
            | "library"
            | "estate"
            | "village"
            | "town"
            | "hub"
            | "drop-in"
            | "prison"
            | "farm"
            | "lodge"
            | "suite"
            | "wing"
            // "an ATU called Thornlea".
            | "atu"
            | "townland"
            | "island"
            | "bakery"
            | "barbers"
            | "salon"
    )
}

/// Whether the words before `start` name a kind of place that the word at `start` is the name
/// of: "<kind> called", "<kind> named", "<kind> was (called)", "Ward:", "the <kind>, (the)",
/// but not "got home, Dave said" (after "home", only with a determiner: "the home, ...").
pub(super) fn named_as_place(text: &str, start: usize) -> bool {
    let mut before = text[..start].trim_end_matches([' ', '\t']);
    // "the centre, the Lighthouse", "called the Willows": the article belongs to the name.
    if let Some(b) = before
        .strip_suffix("the")
        .or_else(|| before.strip_suffix("The"))
    {
        if b.is_empty() || b.ends_with(|c: char| !c.is_alphanumeric()) {
            before = b.trim_end_matches([' ', '\t']);
        }
    }
    let (before, mark) = match before.char_indices().next_back() {
        Some((i, c @ (',' | ':'))) => (&before[..i], Some(c)),
        _ => (before, None),
    };
    let mut words = before
        .rsplit(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase);
    let written = before
        .rsplit(char::is_whitespace)
        .find(|w| !w.is_empty())
        .unwrap_or("");
    let mut last = words.next().unwrap_or_default();
    let mut called = false;
    if mark.is_none() {
        while matches!(
            last.as_str(),
            "called" | "named" | "was" | "is" | "as" | "known" | "wis" | "wiz"
        ) {
            called = true;
            last = words.next().unwrap_or_default();
        }
        // "the ward name is Overdale".
        if called && last == "name" {
            last = words.next().unwrap_or_default();
        }
    }
    // "a place called Bev's Brew", but not "the same place, Lifeline is there".
    if !(is_kind_of_place(&last) || called && last == "place") {
        return false;
    }
    match mark {
        // "the Barrow Recovery Hub, Elspeth, rang": a place already named, then a person.
        Some(',') if written.chars().any(char::is_uppercase) => false,
        Some(',') if last != "home" => true,
        Some(',') => words.take(2).any(|w| {
            one_of!(
                w.as_str(),
                "the"
                    | "a"
                    | "an"
                    | "my"
                    | "our"
                    | "his"
                    | "her"
                    | "their"
                    | "this"
                    | "that"
                    | "care"
                    | "nursing"
                    | "residential"
                    | "group"
            )
        }),
        Some(_) => true,
        None => called,
    }
}

/// Whether the words after a name describe it as a kind of place: "the Coppice, a low secure
/// unit", "Brynmair, the supported housing", "Saxondale — big old place".
pub(crate) fn described_as_place(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let (rest, dashed) = match rest.strip_prefix(", ") {
        Some(rest) => (rest, false),
        None => match [" — ", " – ", " - "]
            .iter()
            .find_map(|d| rest.strip_prefix(d))
        {
            Some(rest) => (rest, true),
            None => return false,
        },
    };
    let mut words = rest.split(' ').peekable();
    let article = words
        .next_if(|w| matches!(*w, "a" | "an" | "the" | "our" | "my"))
        .is_some();
    // After a dash the article may go: "Saxondale — big old place, gone now".
    if !article && !dashed {
        return false;
    }
    words
        .take(4)
        .map(|w| w.trim_end_matches([',', '.', ';', ')']))
        .take_while(|w| !w.is_empty() && w.chars().all(|c| c.is_lowercase() || c == '-'))
        .any(|w| {
            is_kind_of_place(w)
                || matches!(w, "housing" | "hospice" | "refuge")
                || (dashed && w == "place")
        })
}

/// Whether a kind of place, in lower case, follows the name ending at `end`: "Thorneywood
/// adolescent unit", "the Tidewater sanctuary", "the Lantern crisis house". Not "took Sarah
/// home" or "Dave house": only the nouns of institutions, or a house or garden with a word
/// saying what kind.
pub(crate) fn kind_follows(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix(' ') else {
        return false;
    };
    let mut words = rest
        .split(' ')
        .map(|w| w.trim_end_matches([',', '.', ';', ':', ')', '!', '?']));
    let institution = |w: &str| {
        one_of!(
            w,
            "ward"
                | "unit"
                | "hospital"
                | "clinic"
                | "centre"
                | "center"
                | "hostel"
                | "school"
                | "college"
                | "academy"
                | "university"
                | "surgery"
                | "church"
                | "chapel"
                | "mosque"
                | "gurdwara"
                | "temple"
                | "estate"
                | "hub"
                | "drop-in"
                | "prison"
                | "sanctuary"
                | "hospice"
                | "refuge"
        )
    };
    let kind = |w: &str| {
        one_of!(
            w,
            "adolescent"
                | "crisis"
                | "respite"
                | "halfway"
                | "community"
                | "day"
                | "secure"
                | "rehab"
                | "recovery"
                | "assessment"
                | "residential"
                | "psychiatric"
                | "nursing"
                | "care"
        )
    };
    match words.next() {
        Some(w) if institution(w) => true,
        Some(w) if kind(w) => words
            .next()
            .is_some_and(|n| institution(n) || matches!(n, "house" | "garden" | "home")),
        _ => false,
    }
}

/// Whether the name at `tokens[first..=last]` stands in an address: after a street and a comma
/// ("Mill Row, Hebden Bridge"), before a comma and a street ("Glenholme, Tower Road"), or just
/// before a postcode ("Kendal LA9 4QT").
pub(super) fn in_an_address(text: &str, tokens: &[Token], first: usize, last: usize) -> bool {
    let after = text[tokens[last].end..].trim_start_matches([',', ' ']);
    if super::patterns::starts_with_postcode(after) {
        return true;
    }
    // "Glenholme, Tower Road, Fareham": a house or home named before its street.
    let street_after = (last + 1..tokens.len().min(last + 4))
        .take_while(|&k| tokens[k].is_capitalised())
        .enumerate()
        .any(|(n, k)| {
            (n == 0 || tokens[k].joined) && super::place_words::is_street_noun(tokens[k].word)
        });
    if street_after
        && text[tokens[last].end..tokens[last + 1].start].trim() == ","
        && !tokens[last].possessive
        && !super::words::is_listed_name(tokens[first].lower())
    {
        return true;
    }
    let Some(street) = first.checked_sub(1).map(|p| &tokens[p]) else {
        return false;
    };
    text[street.end..tokens[first].start].trim() == ","
        && street.is_capitalised()
        && (super::place_words::is_street_noun(street.word) || street.lower().ends_with("gate"))
}

/// Towns and districts of two or three words from the gazetteer, where the first word is
/// ordinary ("East Ham", "Chapel Allerton", "Mile End", "Brierley Hill"), which the name finder,
/// starting from a word that is not ordinary, finds only in part or not at all.
pub(super) fn find_gazetteer_places(text: &str, tokens: &[Token], out: &mut Vec<Candidate>) {
    let name_word = |t: &Token| t.is_capitalised() && !is_title(t.word);
    for i in 0..tokens.len() {
        // A town may begin with a title ("Bishop Auckland"); the gazetteer decides.
        if !tokens[i].is_capitalised()
            || tokens[i].possessive
            || !tokens.get(i + 1).is_some_and(|n| n.joined && name_word(n))
            || !starts_a_town(tokens[i].lower())
        {
            continue;
        }
        // The longest run first: "Stoke Newington" before "Stoke".
        for len in [3, 2] {
            let Some(run) = tokens.get(i..i + len) else {
                continue;
            };
            let joined = run[1..].iter().all(|t| t.joined && name_word(t))
                && run[..len - 1].iter().all(|t| !t.possessive);
            if joined && is_town(&text[run[0].start..run[len - 1].end]) {
                push(
                    out,
                    Kind::Place,
                    run[0].start,
                    run[len - 1].end,
                    REASON_PLACE,
                );
                break;
            }
        }
    }
}
