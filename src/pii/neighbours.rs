//! Places and people read from the words beside them, after the rules and the tagger have
//! decided: the capital "The" of a name inside a sentence, a district after a place and a comma,
//! the steps of a journey between arrows, a place "called" something; someone named by what they
//! do ("holly the student nurse"), by a nickname ("big sue") or saying who they are ("hiya, its
//! jade").

use super::context::{acts_like_a_person, stays_on};
use super::lexicon::{is_not_identifying, is_ordinary};
use super::lower_case::is_ward_name_word;
use super::names::reason_for;
use super::place_words::{is_institution_noun, is_street_noun};
use super::places::{REASON_PLACE, REASON_STREET};
use super::tokens::Shape;
use super::tokens::Token;
use super::words::{
    is_listed_name, is_stop_word, is_town_lower, is_town_that_is_a_word, GENERIC_PLACE_WORDS,
};
use super::{Finding, Kind};

/// A finding of `kind` over `text[start..end]`, with that kind's reason.
fn finding(text: &str, kind: Kind, start: usize, end: usize) -> Finding {
    Finding {
        kind,
        start,
        end,
        text: text[start..end].to_owned(),
        reason: reason_for(kind).to_owned(),
    }
}

/// Whether some finding overlaps `start..end`.
fn overlaps(findings: &[Finding], start: usize, end: usize) -> bool {
    findings.iter().any(|f| f.start < end && start < f.end)
}

/// Adds `added` to `findings`, kept in order of start.
fn merge(findings: &mut Vec<Finding>, mut added: Vec<Finding>) {
    if !added.is_empty() {
        findings.append(&mut added);
        findings.sort_by_key(|f| f.start);
    }
}

/// A capital "The" inside a sentence is part of the place it comes before: "the back room of
/// The Feathers", "shout out The Haven in Worthing". At a sentence's start it is only the
/// sentence's first word ("The Priory was full").
pub(super) fn take_in_capital_the(text: &str, tokens: &[Token], findings: &mut [Finding]) {
    for f in findings.iter_mut().filter(|f| f.kind == Kind::Place) {
        let k = tokens.partition_point(|t| t.start < f.start);
        let (Some(first), Some(the)) = (tokens.get(k), k.checked_sub(1).map(|b| &tokens[b])) else {
            continue;
        };
        if first.start == f.start && first.joined && the.word == "The" && !the.sentence_start {
            f.start = the.start;
            f.text = text[f.start..f.end].to_owned();
        }
    }
}

/// A saint's name ending in "s" takes its apostrophe, and the noun after it: "St Thomas'",
/// "St James' Hospital" (the possessive of "St Mary's" is read with the word).
pub(super) fn take_in_saints_apostrophes(text: &str, tokens: &[Token], findings: &mut [Finding]) {
    for n in 0..findings.len() {
        let f = &findings[n];
        if f.kind != Kind::Place
            || !(f.text.starts_with("St ") || f.text.starts_with("Saint "))
            || !f.text.ends_with('s')
        {
            continue;
        }
        let rest = &text[f.end..];
        let Some(apostrophe) = ['\'', '’'].into_iter().find(|&a| rest.starts_with(a)) else {
            continue;
        };
        let mut end = f.end + apostrophe.len_utf8();
        if text[end..].starts_with(char::is_alphanumeric) {
            continue;
        }
        // "St James' Hospital": the institution the saint names; "St James' Row", the street.
        let k = tokens.partition_point(|t| t.start < end);
        let mut street = false;
        if let Some(noun) = tokens.get(k) {
            if text[end..noun.start] == *" " {
                street = is_street_noun(noun.word);
                if street || is_institution_noun(noun.word) {
                    end = noun.end;
                }
            }
        }
        if findings.get(n + 1).is_some_and(|next| next.start < end) {
            continue;
        }
        let f = &mut findings[n];
        f.end = end;
        f.text = text[f.start..end].to_owned();
        if street {
            f.kind = Kind::Address;
            f.reason = REASON_STREET.to_owned();
        }
    }
}

/// Shops and places to eat or drink that a possessive names: "Whoriskey's pharmacy".
fn is_shop(word: &str) -> bool {
    matches!(
        word,
        "shop"
            | "pharmacy"
            | "chemist"
            | "chemists"
            | "canteen"
            | "café"
            | "cafe"
            | "pub"
            | "bar"
            | "chippy"
            | "takeaway"
            | "salon"
            | "barbers"
            | "garage"
            | "bakery"
            | "deli"
            | "butchers"
    )
}

/// A shop, pub or café named by a possessive after a word of place: "outside Fenwick's in
/// Newcastle", "in Costigan's, the café", "at Whoriskey's pharmacy". A listed first name there
/// is someone's home ("at Kez's now") unless a shop follows ("to Seonaidh's shop").
pub(super) fn name_shops_by_their_owners(
    text: &str,
    tokens: &[Token],
    findings: &mut Vec<Finding>,
) {
    let mut added = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !t.possessive || !t.is_capitalised() || t.sentence_start || i == 0 || !t.joined {
            continue;
        }
        if !matches!(
            tokens[i - 1].lower(),
            "at" | "in" | "to" | "into" | "outside" | "from" | "round" | "near"
        ) {
            continue;
        }
        let lower = t.lower();
        let shop_after = tokens
            .get(i + 1)
            .is_some_and(|n| n.joined && is_shop(n.word));
        let ends_there = {
            let rest = &text[t.full_end..];
            rest.starts_with([',', '.', ';', ')', '\n'])
                || rest.is_empty()
                || [" in ", " on ", " for ", " and "]
                    .iter()
                    .any(|w| rest.starts_with(w))
        };
        let named = shop_after
            || ends_there
                && !is_listed_name(lower)
                && !is_ordinary(lower)
                && !is_stop_word(lower)
                && !is_not_identifying(lower);
        if !named {
            continue;
        }
        let (start, end) = (t.start, t.full_end);
        match findings.iter().position(|f| f.start < end && start < f.end) {
            Some(n)
                if matches!(findings[n].kind, Kind::Person | Kind::Place)
                    && findings[n].start == start
                    && findings[n].end <= end =>
            {
                let f = &mut findings[n];
                f.kind = Kind::Place;
                f.end = end.max(f.end);
                f.text = text[f.start..f.end].to_owned();
                f.reason = REASON_PLACE.to_owned();
            }
            Some(_) => {}
            None => added.push(finding(text, Kind::Place, start, end)),
        }
    }
    merge(findings, added);
}

/// Services and groups that "the" and a name come before: "the Steeple drop-in", "the Pagoda
/// group", "the Haven crisis café".
fn is_service(word: &str) -> bool {
    matches!(
        word,
        "drop-in"
            | "café"
            | "cafe"
            | "group"
            | "project"
            | "hub"
            | "clinic"
            | "unit"
            | "service"
            | "team"
            | "centre"
            | "sanctuary"
            | "lounge"
            | "programme"
    )
}

/// A capitalised word of the language between "the" and a service is its name: "the Steeple
/// drop-in", "the Haven crisis café", "the Olive Tree café". Not a day, a people, a word for a
/// kind of service or a name that is no one's ("the Tuesday group", "the Irish centre", "the
/// Hearing Voices group", "the Facebook group").
pub(super) fn name_services_after_the(text: &str, tokens: &[Token], findings: &mut Vec<Finding>) {
    let mut added = Vec::new();
    for (i, the) in tokens.iter().enumerate() {
        if the.word != "the" {
            continue;
        }
        // One or two capitalised words, then at most one word of description, then a service.
        let mut last = i;
        while last < i + 2
            && tokens
                .get(last + 1)
                .is_some_and(|n| n.joined && n.is_capitalised() && !n.possessive)
        {
            last += 1;
        }
        if last == i {
            continue;
        }
        let service = |k: usize| {
            tokens
                .get(k)
                .is_some_and(|n| n.joined && n.shape == Shape::Lower && is_service(n.word))
        };
        let described = tokens.get(last + 1).is_some_and(|d| {
            d.joined
                && matches!(
                    d.word,
                    "crisis" | "peer" | "support" | "walk-in" | "drop-in" | "community"
                )
        });
        if !(service(last + 1) || described && service(last + 2)) {
            continue;
        }
        let words = &tokens[i + 1..=last];
        let plain = |t: &Token| {
            let lower = t.lower();
            is_ordinary(lower)
                && !is_stop_word(lower)
                && !is_not_identifying(lower)
                && !GENERIC_PLACE_WORDS.contains(lower)
                // The project itself, a national network, programmes and platforms.
                && !matches!(
                    lower,
                    "chorus"
                        | "hearing"
                        | "voices"
                        | "panorama"
                        | "facebook"
                        | "whatsapp"
                        | "zoom"
                        | "teams"
                        | "samaritans"
                )
        };
        // Names that are no words of the language are found already; a word for a kind of
        // service or a day names nothing.
        if !words.iter().all(plain) {
            continue;
        }
        let (start, end) = (words[0].start, words[words.len() - 1].end);
        if overlaps(findings, start, end) {
            continue;
        }
        added.push(finding(text, Kind::Place, start, end));
    }
    merge(findings, added);
}

/// A church, school or hospital named for Our Lady: "Our Lady's in Ennis", "Our Lady
/// Immaculate in Chelmsford", "Our Lady of Lourdes". Our Lady alone, prayed to, is no place.
pub(super) fn name_places_for_our_lady(text: &str, tokens: &[Token], findings: &mut Vec<Finding>) {
    let mut added = Vec::new();
    for (i, our) in tokens.iter().enumerate() {
        if our.word != "Our" {
            continue;
        }
        let Some(lady) = tokens.get(i + 1).filter(|l| l.word == "Lady" && l.joined) else {
            continue;
        };
        let mut last = i + 1;
        if !lady.possessive {
            // "Our Lady Immaculate", "Our Lady Help of Christians", "Our Lady of Lourdes".
            let mut k = i + 2;
            while k < i + 7 {
                match tokens.get(k) {
                    Some(n) if n.joined && n.is_capitalised() => last = k,
                    Some(n) if n.joined && n.word == "of" => {}
                    _ => break,
                }
                k += 1;
            }
            if last == i + 1 {
                continue;
            }
        }
        // "Our Lady's Hospital": the institution after the possessive.
        if let Some(noun) = tokens.get(last + 1) {
            if noun.joined && is_institution_noun(noun.word) {
                last += 1;
            }
        }
        // "Our Lady's" keeps its possessive; a longer name ends at its last word.
        let start = our.start;
        let end = if tokens[last].possessive && last == i + 1 {
            tokens[last].full_end
        } else {
            tokens[last].end
        };
        findings.retain(|f| !(f.start < end && start < f.end && f.kind == Kind::Person));
        if overlaps(findings, start, end) {
            continue;
        }
        added.push(finding(text, Kind::Place, start, end));
    }
    merge(findings, added);
}

/// A ward named for a tree, bird or flower beside a place in a list is a ward too: "Bramble,
/// Thistle and the Bungalow", "on Oak and Beech", "Hazel (Springfield)".
pub(super) fn continue_lists_of_wards(text: &str, tokens: &[Token], findings: &mut Vec<Finding>) {
    const GAPS: [&str; 6] = [", and ", ", then ", ", ", " and ", " then ", " ("];
    let places: Vec<(usize, usize)> = findings
        .iter()
        .filter(|f| f.kind == Kind::Place)
        .map(|f| (f.start, f.end))
        .collect();
    if places.is_empty() {
        return;
    }
    let mut added: Vec<Finding> = Vec::new();
    for t in tokens {
        if !t.is_capitalised() || t.possessive || !is_ward_name_word(t.lower()) {
            continue;
        }
        let after_place = GAPS.iter().any(|g| {
            text[..t.start]
                .strip_suffix(g)
                .is_some_and(|b| places.binary_search_by_key(&b.len(), |p| p.1).is_ok())
                || text[..t.start]
                    .strip_suffix(g)
                    .and_then(|b| b.strip_suffix(" the"))
                    .is_some_and(|b| places.binary_search_by_key(&(b.len() + 4), |p| p.1).is_ok())
        });
        let before_place = GAPS.iter().any(|g| {
            text[t.end..].strip_prefix(g).is_some_and(|a| {
                let at = text.len() - a.len();
                let at_the = a.strip_prefix("the ").map_or(at, |r| text.len() - r.len());
                places.binary_search_by_key(&at, |p| p.0).is_ok()
                    || places.binary_search_by_key(&at_the, |p| p.0).is_ok()
            })
        });
        if !(after_place || before_place) {
            continue;
        }
        if overlaps(findings, t.start, t.end) {
            continue;
        }
        added.push(finding(text, Kind::Place, t.start, t.end));
    }
    merge(findings, added);
}

/// Whether `lower` could be the name of a district or a town rather than a word of the
/// language, a listed first name or a word that names no one.
fn could_be_a_town(t: &Token) -> bool {
    let lower = t.lower();
    // "Tuesdays", "Saturdays": the plural of a day.
    let day = lower.strip_suffix('s').is_some_and(is_stop_word);
    t.is_capitalised()
        && !t.possessive
        && lower.len() > 2
        && !day
        // "Kingsway Hospital, Derby,": a town on the list, though it is also a word.
        && (!is_ordinary(lower) || is_town_that_is_a_word(lower))
        && !is_stop_word(lower)
        && !is_not_identifying(lower)
        && !is_listed_name(lower)
}

/// Whether `lower` has the shape of a town or district more than of a name: on the list of
/// towns, or with an ending that places have ("Oakhurst", "Greenacres", "Birchwood").
fn shaped_like_a_town(lower: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "hurst", "field", "ford", "wood", "acres", "dale", "bank", "gate", "brook", "bridge",
        "moor", "mead", "haven", "cross", "combe", "wick", "worth", "stow", "holme", "chester",
        "caster", "mouth", "pool", "borough", "bury", "thorpe", "minster", "ington", "ingham",
        "hampton", "stead",
    ];
    is_town_lower(lower)
        || ENDINGS
            .iter()
            .any(|e| lower.len() > e.len() + 2 && lower.ends_with(e))
}

/// Whether the clause ends right after byte `at`: punctuation, a bar, a dash, a line break or
/// the end of the text.
fn clause_ends(text: &str, at: usize) -> bool {
    text[at..]
        .trim_start_matches([' ', '\t', '*'])
        .chars()
        .next()
        .is_none_or(|c| {
            matches!(
                c,
                ',' | '.' | ';' | ':' | '|' | '—' | '–' | ')' | '\n' | '!' | '?'
            )
        })
}

/// The index of the finding that covers `token` exactly, and whether any finding touches it.
fn finding_at(findings: &[Finding], t: &Token) -> (Option<usize>, bool) {
    let before = findings.partition_point(|f| f.start < t.end);
    match before.checked_sub(1) {
        Some(i) if findings[i].end > t.start => (
            (findings[i].start == t.start && findings[i].end == t.end).then_some(i),
            true,
        ),
        _ => (None, false),
    }
}

/// Makes the word `t` a place: the person finding on it becomes one (where `over_people`), or a
/// new finding is added.
fn make_place(
    text: &str,
    t: &Token,
    over_people: bool,
    findings: &mut [Finding],
    added: &mut Vec<Finding>,
) {
    match finding_at(findings, t) {
        (Some(i), _) if over_people && findings[i].kind == Kind::Person => {
            findings[i].kind = Kind::Place;
            findings[i].reason = REASON_PLACE.to_owned();
        }
        (None, false) => added.push(finding(text, Kind::Place, t.start, t.end)),
        _ => {}
    }
}

/// A word for a kind of place, which "called" after it names ("a unit called Birchwood").
fn is_kind_of_place(word: &str) -> bool {
    matches!(
        word,
        "ward"
            | "unit"
            | "home"
            | "hospital"
            | "hostel"
            | "house"
            | "centre"
            | "clinic"
            | "café"
            | "cafe"
            | "pub"
            | "school"
            | "college"
            | "hub"
            | "place"
            | "project"
            | "village"
            | "estate"
            | "town"
    )
}

/// Whether "a" or "an" and a kind of place come before "called" at `called`, with only place
/// names, "in" or "at" between: "a unit called", "a children's home in Doncaster called"; not
/// "a nurse called", nor "the lad on the ward called" (someone on the ward).
fn a_kind_of_place_before(tokens: &[Token], called: usize) -> bool {
    let mut j = called;
    while j > 0 && called - j < 5 {
        j -= 1;
        let w = &tokens[j];
        if w.shape == super::tokens::Shape::Lower && is_kind_of_place(w.word) {
            return tokens[j.saturating_sub(2)..j]
                .iter()
                .any(|a| matches!(a.word, "a" | "an"));
        }
        if !(w.is_capitalised() || matches!(w.word, "in" | "at" | "near")) {
            return false;
        }
    }
    false
}

/// A district or town after a place and a comma, where the clause ends with it, is a place
/// too: "Fir Ward, Oakhurst |", "St Joseph's, Clonmel, who taught me", "The Wee Bothy, Lochee —".
/// A listed first name there is someone at the place ("at St Mary's, Jess, the nurse").
///
/// The steps of a journey written with arrows are places where one beside them is: "Bootle →
/// Aintree A&E → Clock View", "Kettering crisis house → Berrywood again". A word before "A&E"
/// is its hospital, and a word "called" after a ward, home or unit names it ("a children's
/// home in Doncaster called Greenacres").
pub(super) fn name_places_by_their_neighbours(
    text: &str,
    tokens: &[Token],
    findings: &mut Vec<Finding>,
) {
    let places: Vec<(usize, usize)> = findings
        .iter()
        .filter(|f| matches!(f.kind, Kind::Place | Kind::Address))
        .map(|f| (f.start, f.end))
        .collect();
    if places.is_empty() {
        return;
    }
    let line_of = |at: usize| {
        let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        (start, end)
    };
    let mut added = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        // The cheap tests first: most words are not capitalised, and few have a place beside.
        if !t.is_capitalised() || t.possessive {
            continue;
        }
        let before = &text[..t.start];
        let after_place_and_comma = before
            .strip_suffix(", ")
            .is_some_and(|b| places.binary_search_by_key(&b.len(), |p| p.1).is_ok())
            && clause_ends(text, t.full_end);
        // The arrows first: the line is read only where there is one.
        let arrow_before = before.trim_end().ends_with('→');
        let arrow_after = text[t.end..].trim_start().starts_with('→');
        let step = (arrow_before || arrow_after) && {
            let (line_start, line_end) = line_of(t.start);
            arrow_before && places.iter().any(|p| p.1 <= t.start && p.0 >= line_start)
                || arrow_after && places.iter().any(|p| p.0 >= t.end && p.1 <= line_end)
        };
        let before_a_and_e = text[t.end..].starts_with(" A&E");
        let called = i >= 2
            && tokens[i - 1].word == "called"
            && tokens[i - 1].joined
            && t.joined
            && a_kind_of_place_before(tokens, i - 1);
        if (after_place_and_comma || step || before_a_and_e || called) && could_be_a_town(t) {
            // A name after a place and a comma is as often someone there ("a worker from
            // Solace, Berivan, she …"): it stays a person unless shaped like a town.
            let over_people = step || before_a_and_e || called || shaped_like_a_town(t.lower());
            make_place(text, t, over_people, findings, &mut added);
        }
    }
    merge(findings, added);
}

/// What "it" is called is a place, not the person the tagger took it for: "It was called
/// Brookfield", "they call it Jebb", "it's called \"Larkhill\" after the ward".
pub(super) fn name_what_it_is_called(text: &str, tokens: &[Token], findings: &mut [Finding]) {
    for f in findings.iter_mut().filter(|f| f.kind == Kind::Person) {
        if f.text.contains([' ', '\n']) || !f.text.starts_with(char::is_uppercase) {
            continue;
        }
        let k = tokens.partition_point(|t| t.start < f.start);
        let word = |back: usize| k.checked_sub(back).map(|i| tokens[i].lower());
        // Only a space or a quotation mark between: "we called it, Dougie and me" is a list.
        let close = k >= 1
            && matches!(
                text[tokens[k - 1].full_end..f.start].trim_start_matches(' '),
                "" | "\"" | "“" | "'" | "‘"
            );
        let its = |t: &Token| t.lower() == "its" || t.lower() == "it" && t.possessive;
        let it_called = close
            && word(1) == Some("called")
            && (k >= 2 && its(&tokens[k - 2])
                || matches!(word(2), Some("was" | "is"))
                    && k >= 3
                    && tokens[k - 3].word == "It"
                    && tokens[k - 3].sentence_start);
        let call_it =
            close && word(1) == Some("it") && matches!(word(2), Some("call" | "calls" | "called"));
        if it_called || call_it {
            f.kind = Kind::Place;
            f.reason = REASON_PLACE.to_owned();
        }
    }
}

/// National charities and services whose local branches are named by their place: "Hackney
/// Mind", "Jigsaw Galway", "POhWER Kent", "Newham Talking Therapies".
const NATIONAL_SERVICES: &[&[&str]] = &[
    &["Mind"],
    &["Carers", "Trust"],
    &["Citizens", "Advice"],
    &["Jigsaw"],
    &["POhWER"],
    &["VoiceAbility"],
    &["Talking", "Therapies"],
    &["Age", "UK"],
    &["Healthwatch"],
];

/// Whether `t` could name the place of a local branch: a town, a word of no other use, or a
/// word that ends a district's name ("Tees Valley", "Vale", "Swansea Bay").
fn names_a_branch_place(t: &Token) -> bool {
    let lower = t.lower();
    t.is_capitalised()
        && !t.possessive
        && !is_stop_word(lower)
        && !is_not_identifying(lower)
        && lower != "nhs"
        && (is_town_lower(lower)
            || !is_ordinary(lower)
            || matches!(lower, "valley" | "vale" | "bay" | "county" | "city"))
}

/// The local branch of a national charity or service is a place, named whole: "Hackney Mind",
/// "Tees Valley Mind", "Citizens Advice Newham", "Swansea Bay Talking Therapies". The national
/// body alone ("Mind", "NHS Talking Therapies") names no one.
pub(super) fn find_local_branches(text: &str, tokens: &[Token], findings: &mut Vec<Finding>) {
    let mut spans = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        // Every national name starts with one of these letters: most words are ruled out by it.
        if !t.word.starts_with(['M', 'C', 'J', 'P', 'V', 'T', 'A', 'H']) {
            continue;
        }
        let Some(name) = NATIONAL_SERVICES.iter().find(|n| {
            n[0] == t.word
                && n.iter().enumerate().all(|(k, w)| {
                    tokens
                        .get(i + k)
                        .is_some_and(|x| x.word == *w && (k == 0 || x.joined))
                })
        }) else {
            continue;
        };
        let last = i + name.len() - 1;
        // Up to three place words before, joined: "Tees Valley Mind".
        let mut first = i;
        while first > 0
            && i - first < 3
            && tokens[first].joined
            && names_a_branch_place(&tokens[first - 1])
        {
            first -= 1;
        }
        // "Valley" alone is no place: "Tees Valley" is.
        if first < i
            && (first..i).all(|k| {
                matches!(
                    tokens[k].lower(),
                    "valley" | "vale" | "bay" | "county" | "city"
                )
            })
        {
            first = i;
        }
        // After: "Jigsaw Galway". "Mind in Brighton" is the town, found as any other.
        let mut end = last;
        let after = last + 1;
        if first == i
            && tokens
                .get(after)
                .is_some_and(|n| n.joined && names_a_branch_place(n))
        {
            end = after;
            if tokens
                .get(after + 1)
                .is_some_and(|n| n.joined && names_a_branch_place(n))
            {
                end = after + 1;
            }
        }
        if first < i || end > last {
            spans.push((tokens[first].start, tokens[end].end));
        }
    }
    if spans.is_empty() {
        return;
    }
    for (start, end) in spans {
        findings.retain(|f| {
            !(f.start < end && start < f.end && matches!(f.kind, Kind::Place | Kind::Person))
        });
        if overlaps(findings, start, end) {
            continue;
        }
        findings.push(finding(text, Kind::Place, start, end));
    }
    findings.sort_by_key(|f| f.start);
}

/// Jobs said after a name and "the": "Sue the cook", "holly the student nurse", "jordan the
/// hca", "mark the security guy".
fn is_job(word: &str) -> bool {
    one_of!(
        word,
        "nurse"
            | "hca"
            | "cleaner"
            | "advocate"
            | "cook"
            | "chef"
            | "gardener"
            | "porter"
            | "receptionist"
            | "chaplain"
            | "student"
            | "ot"
            | "physio"
            | "psychiatrist"
            | "psychologist"
            | "doctor"
            | "consultant"
            | "therapist"
            | "counsellor"
            | "manager"
            | "security"
            | "volunteer"
            | "pharmacist"
            | "social"
            | "support"
            | "peer"
            | "night"
            | "ward"
            | "charge"
            | "care"
            | "tea"
            | "poet"
            | "barber"
            | "caretaker"
            | "handyman"
            | "hairdresser"
            | "teacher"
            | "tutor"
            | "warden"
            | "officer"
            | "driver"
            | "pastor"
            | "vicar"
            | "imam"
            | "priest"
            | "girl"
            | "lad"
            | "boy"
            | "woman"
            | "man"
            | "lass"
            | "lady"
            | "fella"
    )
}

/// Nouns for someone, before "called": "a woman called jo", "my nurse was called mo".
fn is_someone(word: &str) -> bool {
    one_of!(
        word,
        "nurse"
            | "woman"
            | "man"
            | "girl"
            | "boy"
            | "lad"
            | "lass"
            | "lassie"
            | "guy"
            | "bloke"
            | "fella"
            | "worker"
            | "doctor"
            | "friend"
            | "one"
            | "cpn"
            | "hca"
            | "therapist"
            | "psychiatrist"
            | "counsellor"
            | "teacher"
            | "officer"
            | "sister"
            | "brother"
            | "son"
            | "daughter"
            | "mate"
            | "patient"
            | "lady"
            | "chap"
            | "student"
            | "receptionist"
            | "carer"
            | "coordinator"
            | "psychologist"
            | "consultant"
            | "volunteer"
    )
}

/// Whether `rest` opens with a shift or post at work: "on nights", "on reception", "at the door".
fn on_a_shift(rest: &str) -> bool {
    [
        " on nights",
        " on days",
        " on lates",
        " on earlies",
        " on reception",
        " on the desk",
        " on the door",
        " at the door",
        " on the night shift",
        " on the day shift",
        " on the late shift",
    ]
    .iter()
    .any(|p| {
        rest.strip_prefix(p)
            .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
    })
}

/// Words before a first name that belong to how someone is called ("big sue", "lil dre",
/// "auntie pat", "nan jean"), typed in lower case.
fn is_lower_case_nickname(word: &str) -> bool {
    matches!(
        word,
        "big" | "lil" | "little" | "wee" | "auntie" | "aunty" | "uncle" | "nan" | "nana" | "nanna"
    )
}

/// Whether a lower-case word at `i` opens a line in greeting: "hiya", "hey guys", "hi everyone".
fn greets(tokens: &[Token], i: usize) -> bool {
    let greeting = |t: &Token| {
        matches!(
            t.lower(),
            "hi" | "hiya" | "hey" | "heya" | "yo" | "hello" | "oi" | "alright"
        )
    };
    (i.saturating_sub(3)..i).any(|g| {
        greeting(&tokens[g])
            && (g == 0 || tokens[g].sentence_start)
            && tokens[g + 1..i].iter().all(|w| {
                matches!(
                    w.lower(),
                    "everyone" | "all" | "guys" | "there" | "folks" | "yall" | "ya"
                )
            })
    })
}

/// People named by the words beside them, which the rules and the tagger leave as words of the
/// language: someone and what they do ("Sue the cook", "5 patience the HCA"), a nickname before a
/// listed first name ("big sue", "auntie pat"), and someone saying who they are after a
/// greeting ("hiya, its jade. 23.", "yo this is deji").
pub(super) fn name_people_by_their_neighbours(
    text: &str,
    tokens: &[Token],
    findings: &mut Vec<Finding>,
) {
    let mut added = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !matches!(t.shape, Shape::Lower | Shape::Capitalised) || t.possessive {
            continue;
        }
        // The cheap tests first: only a word with one of the contexts below is looked up.
        let prev = i.checked_sub(1).map(|k| tokens[k].lower());
        let after = &text[t.full_end..];
        let maybe = after.starts_with(" the ")
            || after.starts_with([',', ' '])
                && after[1..]
                    .trim_start_matches([' ', '—', '–', '-'])
                    .starts_with("the ")
            || after.starts_with(" on ")
            || after.starts_with(" at the door")
            || after.starts_with(" if ")
            || t.is_capitalised() && !t.sentence_start
            || prev.is_some_and(|p| {
                is_lower_case_nickname(p)
                    || matches!(
                        p,
                        "its"
                            | "it's"
                            | "im"
                            | "i'm"
                            | "is"
                            | "was"
                            | "called"
                            | "named"
                            | "for"
                            | "this"
                            | "names"
                            | "name's"
                            | "on"
                    )
            });
        if !maybe {
            continue;
        }
        let lower = t.lower();
        if lower.len() < 2 || is_stop_word(lower) || is_not_identifying(lower) {
            continue;
        }
        let listed = is_listed_name(lower);
        let next = |k: usize| tokens.get(i + k).filter(|n| n.joined);
        // "Sue the cook": a name first in its line or list, or after "and" or a comma, or one
        // that is no word of the language; not "at dawn the cleaner came".
        let ordinary = is_ordinary(lower);
        // First in its line: no word between the line break and it (only digits or marks).
        let line_start = i == 0 || text[tokens[i - 1].full_end..t.start].contains('\n');
        let after_a_preposition = i > 0
            && t.joined
            && matches!(
                tokens[i - 1].lower(),
                "at" | "by"
                    | "till"
                    | "until"
                    | "before"
                    | "after"
                    | "since"
                    | "from"
                    | "to"
                    | "in"
                    | "on"
                    | "for"
                    | "of"
                    | "with"
                    | "the"
                    | "a"
                    | "an"
                    | "my"
                    | "your"
            );
        // "Sue the cook"; "Hope, the student nurse", "Mark — the OT": set off by a comma or dash.
        let set_off = [", the ", " — the ", " – the ", " - the "]
            .iter()
            .any(|g| text[t.full_end..].starts_with(g));
        let the_next = |t: &Token| t.word == "the" && (t.joined || set_off);
        let by_job = tokens.get(i + 1).is_some_and(the_next)
            && (t.full_end == t.end || set_off)
            && next(2).is_some_and(|job| {
                // "the ward manager", "the night nurse": a word that says which job needs it.
                is_job(job.lower())
                    && (!matches!(job.lower(), "ward" | "night" | "day")
                        || next(3).is_some_and(|j| is_job(j.lower())))
            })
            && !after_a_preposition
            && (listed || !ordinary && t.is_capitalised());
        // "big sue", "auntie pat", "lil dre": a nickname typed in lower case before a first name
        // or a word of no other use; not "a big deal", "big mac".
        let nicknamed = t.shape == Shape::Lower
            && t.joined
            && i > 0
            && tokens[i - 1].shape == Shape::Lower
            && is_lower_case_nickname(tokens[i - 1].word)
            && (listed || !ordinary && lower.chars().count() <= 4)
            && !matches!(
                lower,
                "mac"
                    | "ben"
                    | "bill"
                    | "will"
                    | "may"
                    | "mark"
                    | "bit"
                    | "guy"
                    | "fella"
                    | "man"
                    | "lad"
                    | "lass"
                    | "boy"
                    | "girl"
                    | "one"
                    | "bro"
                    | "sis"
                    | "chief"
                    | "pal"
            );
        // "hiya, its jade. 23.", "yo this is deji": someone saying who they are.
        let introduced = i >= 1
            && t.joined
            && (matches!(tokens[i - 1].lower(), "its" | "it's" | "im" | "i'm")
                || i >= 2 && tokens[i - 1].lower() == "is" && tokens[i - 2].lower() == "this")
            && greets(
                tokens,
                if tokens[i - 1].lower() == "is" {
                    i - 2
                } else {
                    i - 1
                },
            )
            && (listed || !ordinary)
            && (text[t.end..].starts_with(['.', ',', '!', '('])
                || next(1).is_none_or(|n| matches!(n.lower(), "again" | "here" | "from")));
        let word = |back: usize| i.checked_sub(back).map(|k| tokens[k].lower());
        let name_like = listed || !ordinary;
        // "my nurse was called mo", "a woman called jo": someone called something, though the
        // word is a word of the language or typed in lower case.
        let called_someone =
            t.joined && matches!(word(1), Some("called" | "named")) && name_like && {
                let noun = if matches!(word(2), Some("was" | "is" | "wis" | "were")) {
                    word(3)
                } else {
                    word(2)
                };
                noun.is_some_and(is_someone)
            };
        // "Ask for Mercy on the night shift", "ask for femi hes the best".
        let asked_for = t.joined
            && word(1) == Some("for")
            && matches!(word(2), Some("ask" | "asked" | "asking"))
            && (t.is_capitalised() || listed);
        // "Gosia on nights", "Carol on reception at Parkgate GP", "Mo at the door".
        let on_shift = (t.sentence_start
            || line_start
            || matches!(word(1), Some("and" | "n" | "&"))
            || text[..t.start].trim_end().ends_with(','))
            && name_like
            && on_a_shift(&text[t.full_end..]);
        // "if ur reading this tash", "kelly-marie if your reading this".
        let read_to = name_like
            && t.shape == Shape::Lower
            && (word(1) == Some("this") && matches!(word(2), Some("reading" | "read"))
                || text[t.full_end..].starts_with(" if ")
                    && text[t.full_end..]
                        .get(..30)
                        .is_some_and(|r| r.contains("read this") || r.contains("reading this")));
        // "her name is hope lol", "names faith": someone named, though the name is a word.
        let named_as = listed
            && (matches!(word(1), Some("is" | "was")) && word(2) == Some("name")
                || matches!(word(1), Some("names" | "name's")));
        // "i was on aspen for 6 wks", "they put me on poppy": a ward named for a tree, bird or
        // flower, typed in lower case, where someone stays.
        let ward = t.shape == Shape::Lower
            && is_ward_name_word(lower)
            && i >= 1
            && tokens[i - 1].word == "on"
            && t.joined
            && stays_on(tokens, i - 1);
        if ward {
            if !overlaps(findings, t.start, t.end) {
                added.push(finding(text, Kind::Place, t.start, t.end));
            }
            continue;
        }
        // "Sunny and Will were on", "I'll miss Mark": a first name that is also a word, written
        // with a capital inside a sentence and doing what people do, or missed, loved, thanked.
        let word_name = listed
            && ordinary
            && !is_ward_name_word(lower)
            && t.is_capitalised()
            && !t.sentence_start
            && !line_start
            && !(t.joined && i > 0 && tokens[i - 1].shape == Shape::Capitalised)
            && next(1).is_none_or(|n| n.shape != Shape::Capitalised)
            && !matches!(
                word(1),
                Some(
                    "the"
                        | "a"
                        | "an"
                        | "of"
                        | "all"
                        | "no"
                        | "any"
                        | "some"
                        | "my"
                        | "your"
                        | "our"
                )
            )
            && (matches!(
                word(1),
                Some(
                    "love"
                        | "loved"
                        | "miss"
                        | "missed"
                        | "thank"
                        | "thanks"
                        | "met"
                        | "told"
                        | "asked"
                        | "hugged"
                )
            ) || acts_like_a_person(text, t.start, t.end));
        if !(by_job
            || nicknamed
            || introduced
            || called_someone
            || asked_for
            || on_shift
            || read_to
            || word_name
            || named_as)
        {
            continue;
        }
        let start = if nicknamed {
            tokens[i - 1].start
        } else {
            t.start
        };
        let before = findings.partition_point(|f| f.start < t.end);
        if findings[before.saturating_sub(4)..before]
            .iter()
            .any(|f| start < f.end)
        {
            continue;
        }
        added.push(finding(text, Kind::Person, start, t.end));
    }
    merge(findings, added);
}

#[cfg(test)]
mod tests {
    use super::super::{find_identifiers, Kind};

    fn found(text: &str) -> Vec<(Kind, String)> {
        find_identifiers(text)
            .into_iter()
            .map(|f| (f.kind, f.text))
            .collect()
    }

    fn place(text: &str) -> (Kind, String) {
        (Kind::Place, text.to_owned())
    }

    #[test]
    fn a_capital_the_inside_a_sentence_is_part_of_the_place() {
        let text = "The group meets at the back of The Feathers on Colliery Street on Thursdays.";
        assert!(
            found(text).contains(&place("The Feathers")),
            "{:?}",
            found(text)
        );
        // First in a sentence, "The" is only the sentence's first word.
        let text = "I was on Kestrel Ward. The Brockwell Centre was where we went after.";
        assert!(
            found(text).contains(&place("Brockwell Centre")),
            "{:?}",
            found(text)
        );
    }

    #[test]
    fn a_district_after_a_place_and_a_comma_is_a_place() {
        let text = "| 02/03/2023 | admitted to Fir Ward, Oakhurst | Dr Venkataraman |";
        assert!(
            found(text).contains(&place("Oakhurst")),
            "{:?}",
            found(text)
        );
        // Someone at the place stays a person.
        let text = "A worker from Solace, Berivan, she speaks Kurmanji, came with me.";
        assert!(
            !found(text).contains(&place("Berivan")),
            "{:?}",
            found(text)
        );
        // Nor is a day a place.
        let text = "We meet at Oak House, Tuesdays.";
        assert!(
            !found(text).iter().any(|f| f.1 == "Tuesdays"),
            "{:?}",
            found(text)
        );
    }

    #[test]
    fn the_steps_of_a_journey_between_arrows_are_places() {
        let text = "Long story short: Bootle → Aintree A&E → Clock View → a section 2.";
        let findings = found(text);
        assert!(findings.contains(&place("Bootle")), "{findings:?}");
        assert!(findings.contains(&place("Aintree")), "{findings:?}");
        let text = "St Andrew's → Abington B&B → Kettering crisis house → Berrywood again.";
        let findings = found(text);
        // An arrow ends a name.
        assert!(findings.contains(&place("Abington B&B")), "{findings:?}");
        assert!(findings.contains(&place("Kettering")), "{findings:?}");
        assert!(findings.contains(&place("Berrywood")), "{findings:?}");
    }

    #[test]
    fn a_kind_of_place_called_something_is_named_by_it() {
        let text = "I was in a children's home in Doncaster called Greenacres, then a unit.";
        assert!(
            found(text).contains(&place("Greenacres")),
            "{:?}",
            found(text)
        );
        // "called" after someone, or after the ward someone is on, names a person.
        for text in [
            "a nurse called Kerry-Anne was the only one who asked.",
            "the one who got me through was a lad on the ward called Manny.",
        ] {
            assert!(
                found(text).iter().all(|f| f.0 != Kind::Place),
                "{text}: {:?}",
                found(text)
            );
        }
    }

    #[test]
    fn a_road_that_names_a_hospital_is_a_place() {
        for (text, name) in [
            (
                "I was on Swallow Ward at Priory Hill which is private.",
                "Priory Hill",
            ),
            (
                "I was sectioned at Callington Road after the police came.",
                "Callington Road",
            ),
            (
                "Years in and out of Mill View, and nobody asked.",
                "Mill View",
            ),
        ] {
            assert!(
                found(text).contains(&place(name)),
                "{text}: {:?}",
                found(text)
            );
        }
        let text = "I lived on Callington Road for a year.";
        assert_eq!(found(text), [(Kind::Address, "Callington Road".to_owned())]);
    }

    #[test]
    fn the_first_and_last_of_a_list_of_people_are_people() {
        let person = |s: &str| (Kind::Person, s.to_owned());
        let text = "Four bedrooms. Kerensa, Jo and Blessing run it. There is a dog.";
        let findings = found(text);
        for name in ["Kerensa", "Jo", "Blessing"] {
            assert!(findings.contains(&person(name)), "{name}: {findings:?}");
        }
        let findings = found("Someone wrote \"Lynwen + Huw were here\" on the wall.");
        assert!(findings.contains(&person("Lynwen")), "{findings:?}");
        // An office before a name is no one else in a list, nor a word that starts a sentence.
        for text in [
            "A reply from the Medical Superintendent, Dr A. R. Penhallow, said no.",
            "Later, Sarah and I went home.",
            "I told Sarah and Social Services.",
        ] {
            let findings = found(text);
            assert!(
                findings
                    .iter()
                    .all(|f| f.1.contains("Sarah") || f.1.contains("Penhallow")),
                "{text}: {findings:?}"
            );
        }
    }

    #[test]
    fn a_ward_named_for_a_tree_or_bird_is_found_wherever_it_is_said() {
        let findings = found("Sunday: night shift on Nightingale at St Aldhelm's. Quiet.");
        assert!(findings.contains(&place("Nightingale")), "{findings:?}");
        let findings =
            found("I was there a month, then they moved me to Curlew. Curlew was quieter.");
        assert_eq!(
            findings.iter().filter(|f| **f == place("Curlew")).count(),
            2,
            "{findings:?}"
        );
        // The nurse of legend is no ward.
        assert!(found("I'm not Florence Nightingale, love.").is_empty());
    }

    #[test]
    fn people_named_by_what_they_do_a_nickname_or_a_greeting() {
        let person = |s: &str| (Kind::Person, s.to_owned());
        let findings = found("top staff:\n3 holly the student nurse who did my hair\n");
        assert!(findings.contains(&person("holly")), "{findings:?}");
        let findings = found("theres this HCA called big sue who everyone is scared of");
        assert!(findings.contains(&person("big sue")), "{findings:?}");
        let findings = found("hiya, its jade. 23. been under the crisis team");
        assert!(findings.contains(&person("jade")), "{findings:?}");
        // Not the dawn the cleaner came at, a big deal, or how hard it is.
        for text in [
            "at dawn the cleaner came in",
            "it was a big deal and a big mac",
            "hi its hard to write this",
            "i had to ask the nurse twice",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn what_it_is_called_is_a_place() {
        for (text, name) in [
            (
                "In 2019 I went to hospital. It was called Brookfield. I did not like it.",
                "Brookfield",
            ),
            (
                "i was hearing voices. they call it Jebb. the nurse there was kind",
                "Jebb",
            ),
        ] {
            assert!(
                found(text).contains(&place(name)),
                "{text}: {:?}",
                found(text)
            );
        }
        // A list after "called it" is people.
        let text = "That's what we called it, Dougie and me.";
        assert!(!found(text).contains(&place("Dougie")), "{:?}", found(text));
    }

    #[test]
    fn people_called_asked_for_on_shift_or_read_to() {
        let person = |s: &str| (Kind::Person, s.to_owned());
        for (text, name) in [
            (
                "my nurse was called mo and she used to play uno with me",
                "mo",
            ),
            (
                "the other one was a woman called jo and she was on her phone",
                "jo",
            ),
            ("Ask for Mercy on the night shift, she is kind.", "Mercy"),
            ("Thanks to:\nGosia on nights - for holding my hand", "Gosia"),
            (
                "staff took my phone. if ur reading this precious i miss u",
                "precious",
            ),
        ] {
            assert!(
                found(text).contains(&person(name)),
                "{text}: {:?}",
                found(text)
            );
        }
        for text in [
            "we went to a group called hope on tuesdays",
            "i had to ask for help twice",
            "Efter the ward ah went hame.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn a_capitalised_word_of_the_language_in_or_on_the_named_place() {
        for (text, name) in [
            (
                "my mom is in the Barberry because shes got psychosis",
                "Barberry",
            ),
            ("I still walk past the Red Lion every day.", "Red Lion"),
        ] {
            assert!(
                found(text).contains(&place(name)),
                "{text}: {:?}",
                found(text)
            );
        }
        for text in [
            "I was in the Army for twelve years.",
            "She used to sneak me in the Evening Herald so I could do the crossword.",
            "Up the Reds.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn someone_placed_in_a_town_is_named_after_the_comma() {
        let person = |s: &str| (Kind::Person, s.to_owned());
        let text = "Six sessions with a counsellor in Swansea, Glesni. Then the waiting list.";
        assert!(found(text).contains(&person("Glesni")), "{:?}", found(text));
        // A list of towns is still towns.
        let text = "We moved from Swansea, Llanelli, then Carmarthen.";
        assert!(
            found(text).contains(&place("Llanelli")),
            "{:?}",
            found(text)
        );
    }

    #[test]
    fn a_local_branch_of_a_national_charity_is_a_place() {
        for (text, name) in [
            (
                "Contacted Enfield Mind for second opinion support.",
                "Enfield Mind",
            ),
            (
                "My IMHA was from POhWER Redbridge and she was great.",
                "POhWER Redbridge",
            ),
            (
                "I was referred to Newham Talking Therapies in May.",
                "Newham Talking Therapies",
            ),
        ] {
            assert!(
                found(text).contains(&place(name)),
                "{text}: {:?}",
                found(text)
            );
        }
        for text in [
            "I rang Mind for advice.",
            "NHS Talking Therapies never rang back.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn a_first_name_that_is_a_word_is_someone_where_it_acts_or_is_missed() {
        let person = |s: &str| (Kind::Person, s.to_owned());
        for (text, name) in [
            ("Best tomatoes I ever had. I'll miss Mark.", "Mark"),
            (
                "I remember the OT. Hope, the student nurse from Salford, was kind.",
                "Hope",
            ),
            (
                "Between 2015 and 2021 I went there. Mark — the OT — ran the garden.",
                "Mark",
            ),
        ] {
            assert!(
                found(text).contains(&person(name)),
                "{text}: {:?}",
                found(text)
            );
        }
        assert!(found("I had lost all Hope by then.").is_empty());
    }

    #[test]
    fn lower_case_wards_and_names_where_the_words_around_place_them() {
        let person = |s: &str| (Kind::Person, s.to_owned());
        let findings = found("ok so i was on kestrel for like 6 weeks after the section");
        assert!(findings.contains(&place("kestrel")), "{findings:?}");
        let findings = found("shoutout to the recovery college, her name is hope lol");
        assert!(findings.contains(&person("hope")), "{findings:?}");
        let findings = found("faith the girl from marigold ward used to plait my hair");
        assert!(findings.contains(&person("faith")), "{findings:?}");
        // Not a tree outside, nor hope itself.
        assert!(found("we sat on the bench under the oak. i have hope now").is_empty());
    }

    #[test]
    fn a_saint_ending_in_s_takes_its_apostrophe() {
        let found_place = found("I was in St Thomas' for a week.");
        assert!(
            found_place.contains(&place("St Thomas'")),
            "{found_place:?}"
        );
        let findings = found("People coming out of St James' Hospital need a hand.");
        assert!(
            findings.contains(&place("St James' Hospital")),
            "{findings:?}"
        );
        let findings = found("Breakfast, no questions asked. St James' Row, Sheffield.");
        assert!(
            findings.contains(&(Kind::Address, "St James' Row".to_owned())),
            "{findings:?}"
        );
    }

    #[test]
    fn a_town_that_is_a_word_where_the_words_around_place_it() {
        let text = "My father was a trawlerman out of Hull, my mother a packer.";
        assert!(found(text).contains(&place("Hull")), "{:?}", found(text));
        let text = "Three weeks on Linnet Ward, Kingsway Hospital, Derby, in 2019.";
        assert!(found(text).contains(&place("Derby")), "{:?}", found(text));
        assert!(found("I had a long hot bath and went to bed.").is_empty());
    }

    #[test]
    fn a_shop_named_by_its_owner_is_a_place() {
        let text = "Someone saw me sitting in the road outside Fenwick's in Newcastle.";
        assert!(
            found(text).contains(&place("Fenwick's")),
            "{:?}",
            found(text)
        );
        let text = "She's working at Whoriskey's pharmacy now.";
        assert!(
            found(text).contains(&place("Whoriskey's")),
            "{:?}",
            found(text)
        );
        // Someone's home, a chain, a relative.
        for text in [
            "he brought coffee from McDonald's, then rang an ambulance.",
            "I stayed at Mum's for a week.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn a_word_between_the_and_a_service_names_it() {
        let text = "Useful in Dundee: the Steeple drop-in, Thursdays 1-4.";
        assert!(found(text).contains(&place("Steeple")), "{:?}", found(text));
        let text = "Anyone been to the Haven crisis café in Wrexham?";
        assert!(found(text).contains(&place("Haven")), "{:?}", found(text));
        for text in [
            "The best thing was the Hearing Voices group on a Thursday.",
            "I go to the Tuesday group most weeks.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn a_place_named_for_our_lady() {
        let text = "At our church, Our Lady Immaculate in Chelmsford, the priest spoke.";
        assert!(
            found(text).contains(&place("Our Lady Immaculate")),
            "{:?}",
            found(text)
        );
        let text = "my granny was in Our Lady's in Ennis, the big grey one.";
        assert!(
            found(text).contains(&place("Our Lady's")),
            "{:?}",
            found(text)
        );
        assert!(found("I prayed to Our Lady every night.").is_empty());
    }

    #[test]
    fn a_ward_named_for_a_tree_beside_a_place_in_a_list() {
        let text = "Three wards in one hospital: Bramble, Thistle and the Bungalow Unit.";
        let findings = found(text);
        assert!(findings.contains(&place("Thistle")), "{findings:?}");
        let findings = found("I worked on Fern Ward, then Holly, then the Bluebird Unit.");
        assert!(findings.contains(&place("Holly")), "{findings:?}");
        // A tree beside no place is a tree.
        assert!(found("We sat under the Holly, then the rain came.").is_empty());
    }
}
