//! Names of wards, hospitals, teams, schools, businesses and streets: capitalised words before an
//! institution noun ("Willow Ward", "Riverside Home Treatment Team", "Ysgol Glan Clwyd"), or after
//! a Welsh one ("Ysbyty Gwynedd"); streets without a number; numbered wards, prisons and a few
//! institutions known without a suffix. A name made only of words describing a kind of service
//! ("the Acute Ward") is not flagged.

use super::lexicon::{is_not_identifying, is_ordinary};
use super::names::{is_title, named_by_kin, REASON_NAME};
use super::place_words::{
    is_connector, is_generic_street_word, is_leading_noun, is_leading_street_noun,
    is_name_like_institution_noun,
};
use super::place_words::{is_institution_noun, is_street_noun};
use super::tokens::{Shape, Token};
use super::words::{is_listed_name, GENERIC_PLACE_WORDS, STOP_WORDS};
use super::{push, re, Candidate, Finding, Kind};
use regex::Regex;
use std::sync::LazyLock;

pub(super) const REASON_PLACE: &str = "This looks like the name of a ward, hospital, service or other place, which could identify you or the staff there.";
pub(super) const REASON_STREET: &str =
    "This looks like the name of a street, which could show where someone lives.";

static PLACE_NUMBERED_WARD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:\bward[ \t]+\d{1,3}[a-z]?\b(?:[ \t]+[a-z]+)?)|\bWard[ \t]+[A-HJ-Z]\d?\b|\bWard[ \t]+(?:East|West|North|South)[ \t]+\d{1,2}\b",
    )
});

/// Hospitals named after a royal or noble title: "the Princess of Wales", "the Countess of
/// Chester" (the title alone, without "the", is a person or nobody).
static PLACE_ROYAL_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\bthe[ \t]+((?:Princess|Prince|Queen|King|Duke|Duchess|Countess|Earl)[ \t]+of[ \t]+[A-Z][a-z]+)\b",
    )
});

/// Hospitals known by a short name: "the Royal London", "the Royal Free", "Northern General".
static PLACE_HOSPITAL_SHORT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\bthe[ \t]+(Royal[ \t]+(?:[A-Z][a-z]+))\b|\b((?:Northern|Southern|Eastern|Western|North|South|East|West|Central|District|County)[ \t]+General)\b",
    )
});

/// Royal bodies that name no place: "the Royal Mail", "the Royal College of Psychiatrists".
fn is_royal_body(name: &str) -> bool {
    matches!(
        name.split_whitespace().nth(1),
        Some(
            "Mail"
                | "Navy"
                | "Marines"
                | "Family"
                | "Society"
                | "College"
                | "Household"
                | "Academy"
                | "Institution"
                | "Air"
                | "Mint"
                | "Court"
                | "Commission"
                | "Charter"
                | "Ballet"
                | "Opera"
                | "Variety"
                | "British"
                | "Bank"
        )
    )
}

static PLACE_PRISON: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bHM(?:P|YOI|P ?& ?YOI)[ \t]+[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?"));

/// Institutions so well known that they are named without a suffix.
static PLACE_KNOWN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:Priory|Maudsley|Bethlem|Broadmoor|Rampton|Ashworth|Carstairs|Tavistock|Cygnet|Huntercombe)\b",
    )
});

/// Named places and streets.
pub(super) fn find_places(text: &str, tokens: &[Token], out: &mut Vec<Candidate>) {
    for (k, t) in tokens.iter().enumerate() {
        let street = is_street_noun(t.word);
        if is_institution_noun(t.word) || street {
            suffixed_name(text, tokens, k, street, out);
        } else if names_a_landmark(tokens, k) {
            suffixed_name(text, tokens, k, false, out);
        }
        let unlisted_after_ward = t.word == "Ward"
            && tokens.get(k + 1).is_some_and(|n| {
                n.joined
                    && n.is_capitalised()
                    && !is_ordinary(n.lower())
                    && !STOP_WORDS.contains(n.lower())
            });
        if is_leading_street_noun(t.word) {
            led_name(text, tokens, k, Kind::Address, out);
        } else if is_leading_noun(t.word)
            || t.word == "St"
            || t.word == "Saint"
            || unlisted_after_ward
        {
            led_name(text, tokens, k, Kind::Place, out);
        }
    }
    for m in PLACE_NUMBERED_WARD.find_iter(text) {
        // "on the ward 3 times a day" counts visits; "ward 7" names a ward.
        let mut words = m.as_str().split_whitespace().skip(1);
        // "Ward East 6": the side of the hospital comes before the number.
        let mut number = words.next().unwrap_or("");
        if matches!(number, "East" | "West" | "North" | "South") {
            number = words.next().unwrap_or("");
        }
        let unit = words.next();
        let counts = matches!(
            unit,
            Some(
                "times"
                    | "days"
                    | "weeks"
                    | "months"
                    | "years"
                    | "hours"
                    | "nights"
                    | "or"
                    | "to"
                    | "x"
                    | "staff"
                    | "patients"
                    | "beds"
            )
        );
        if !counts {
            let end = m.start() + m.as_str().find(number).unwrap_or(0) + number.len();
            push(out, Kind::Place, m.start(), end, REASON_PLACE);
        }
    }
    for caps in PLACE_HOSPITAL_SHORT.captures_iter(text) {
        if let Some(m) = caps.get(1).or_else(|| caps.get(2)) {
            if !is_royal_body(m.as_str()) {
                push(out, Kind::Place, m.start(), m.end(), REASON_PLACE);
            }
        }
    }
    for caps in PLACE_ROYAL_OF.captures_iter(text) {
        if let Some(m) = caps.get(1) {
            push(out, Kind::Place, m.start(), m.end(), REASON_PLACE);
        }
    }
    for m in PLACE_PRISON
        .find_iter(text)
        .chain(PLACE_KNOWN.find_iter(text))
    {
        push(out, Kind::Place, m.start(), m.end(), REASON_PLACE);
    }
}

/// Whether a word can stand inside a place name: capitalised or capitals ("NHS"), and not a
/// function word ("On Willow Ward" starts at "Willow").
fn in_place_name(t: &Token) -> bool {
    match t.shape {
        Shape::Capitalised | Shape::Capitals => {
            let lower = t.lower();
            !STOP_WORDS.contains(lower)
                || GENERIC_PLACE_WORDS.contains(lower)
                || is_institution_noun(t.word)
                || is_street_noun(t.word)
                || names_a_street(t.word)
        }
        _ => false,
    }
}

/// Whether `b` follows `a` closely enough to be one name: spaces, " & ", or a possessive that
/// is part of the name ("St Mary's Hospital", "Harvey's Vets"; not "Warwickshire's Caludon
/// Centre").
fn adjacent(text: &str, a: &Token, b: &Token) -> bool {
    if a.possessive {
        return b.start - a.end <= 3 && !is_not_identifying(a.lower());
    }
    b.joined || text[a.end..b.start].trim() == "&"
}

/// The capitalised words before the noun at `k`, back to the first distinctive one, and
/// "of" + a name after it ("University of Leeds").
fn suffixed_name(text: &str, tokens: &[Token], k: usize, street: bool, out: &mut Vec<Candidate>) {
    // "Guild Lodge clinic" is "Guild Lodge", found at "Lodge".
    if tokens[k].shape == Shape::Lower
        && k > 0
        && tokens[k].joined
        && (is_institution_noun(tokens[k - 1].word) || is_street_noun(tokens[k - 1].word))
    {
        return;
    }
    let mut first = k;
    while first > 0 && k - first < 6 {
        let prev = &tokens[first - 1];
        if !adjacent(text, prev, &tokens[first]) {
            break;
        }
        if is_title(prev.word) {
            // "PC Hall" is a person, found by the name finder.
            break;
        }
        if in_place_name(prev) {
            first -= 1;
        } else if prev.shape == Shape::Lower
            && tokens[k].shape != Shape::Lower
            && is_connector(prev.word)
            && first >= 2
            && in_place_name(&tokens[first - 2])
            // "Whitfield Insurance and Pawprint Vets" are two names, and so are "the
            // University of Leeds and Leeds Beckett University".
            && !is_institution_noun(tokens[first - 2].word)
            && !(prev.word == "and" && first >= 3 && tokens[first - 3].word == "of")
            // "Mr Ciarán Ó Dálaigh of Inquest Law Partners": someone of a firm, not its name.
            && prev.word != "of"
            && !is_street_noun(tokens[first - 2].word)
            && adjacent(text, &tokens[first - 2], prev)
        {
            first -= 2;
        } else {
            break;
        }
    }
    // "Dr Hosseini's team" is the doctor's team: the doctor is found by the name finder.
    if tokens[k].shape == Shape::Lower
        && first > 0
        && first + 1 == k
        && tokens[first].possessive
        && is_title(tokens[first - 1].word)
    {
        return;
    }
    // Leading function words ("The", "My"), connectors and a verb opening the sentence
    // ("Visited Tamarisk Ward") are not part of the name.
    while first < k
        && (is_function_word(&tokens[first])
            || tokens[first].shape == Shape::Lower
            || opening_verb(&tokens[first]))
    {
        first += 1;
    }
    let distinctive = (first..k).any(|j| {
        let t = &tokens[j];
        let lower = t.lower();
        t.shape != Shape::Lower
            && !(if street {
                is_street_noun(t.word)
            } else {
                is_institution_noun(t.word) && !is_name_like_institution_noun(t.word)
            })
            && if street {
                !is_generic_street_word(lower) && !is_function_word(t)
            } else {
                (!GENERIC_PLACE_WORDS.contains(lower) && !STOP_WORDS.contains(lower))
                    || street_in_name(tokens, first, j)
            }
    });
    let mut end = tokens[k].end;
    // "Newham Centre for Mental Health", "the Royal Hospital for Children": the purpose is part
    // of the name.
    if !street && distinctive && first < k {
        let words = tokens[k + 1..]
            .iter()
            .take(4)
            .skip(1)
            .take_while(|t| t.joined && t.is_capitalised() && in_place_name(t))
            .count();
        if words > 0 && tokens[k + 1].word == "for" && tokens[k + 1].joined {
            end = tokens[k + 1 + words].end;
            push(out, Kind::Place, tokens[first].start, end, REASON_PLACE);
            return;
        }
    }
    if let (Some(of), Some(name)) = (tokens.get(k + 1), tokens.get(k + 2)) {
        if of.word == "of" && of.joined && name.joined && name.is_capitalised() && !street {
            let lower = name.lower();
            if !STOP_WORDS.contains(lower) {
                end = name.end;
                if first == k || distinctive {
                    push(out, Kind::Place, tokens[first].start, end, REASON_PLACE);
                    return;
                }
            }
        }
    }
    if !distinctive || first == k {
        return;
    }
    let kind =
        if street && !matches!(tokens[k].word, "Court") && !names_a_care_setting(tokens, first) {
            Kind::Address
        } else if k == first + 1 && named_by_kin(tokens, first) {
            // "my uncle Mikey Ward", "my cousin Nan Hall": someone close, whose surname is a noun.
            Kind::Person
        } else {
            Kind::Place
        };
    let reason = match kind {
        Kind::Address => REASON_STREET,
        Kind::Person => REASON_NAME,
        _ => REASON_PLACE,
    };
    push(out, kind, tokens[first].start, end, reason);
}

/// Whether the street-shaped name starting at `first` is a hospital or a unit known by its road,
/// as many are: "Swallow Ward at Priory Hill", "sectioned at Callington Road", "in and out of
/// Mill View", "a charge nurse at Hallam Street". After "on", "off", "down" or "along" it is the
/// street.
fn names_a_care_setting(tokens: &[Token], first: usize) -> bool {
    let Some(at) = first.checked_sub(1) else {
        return false;
    };
    let care = |i: usize| {
        one_of!(
            tokens[i].lower(),
            "ward"
                | "unit"
                | "admitted"
                | "sectioned"
                | "detained"
                | "discharged"
                | "transferred"
                | "readmitted"
                | "nurse"
                | "consultant"
                | "psychiatrist"
                | "team"
                | "bed"
                | "placement"
                | "inpatient"
                | "patient"
        )
    };
    match tokens[at].lower() {
        "at" | "to" | "from" | "into" => {
            // "Ward 3 at Birch Hill": a ward's number may come between.
            (at.saturating_sub(2)..at).any(care)
        }
        // "in and out of Mill View", "out of Holloway Road".
        "of" => at >= 1 && tokens[at - 1].lower() == "out",
        _ => false,
    }
}

/// A hill, heath, common or quay named by the word before it ("Tulse Hill", "Stepping Hill",
/// "Hackney Marshes", "Salford Quays"), which is a district or a landmark people live by. Not
/// after a title or a first name ("Mr Hill", "Benny Hill"), unless the name owns it ("Arthur's
/// Hill"); and, but for "Hill", only after a word that is not ordinary ("Clapham Common", not
/// "Red Cross" or "Lime Green"). A longer name it begins is found by its own noun.
fn names_a_landmark(tokens: &[Token], k: usize) -> bool {
    let t = &tokens[k];
    let hill = t.word == "Hill";
    let landmark = hill
        || matches!(
            t.word,
            "Heath"
                | "Common"
                | "Marshes"
                | "Moor"
                | "Green"
                | "Cross"
                | "Quay"
                | "Quays"
                | "Wharf"
                | "Docks"
        );
    let Some(prev) = k.checked_sub(1).map(|p| &tokens[p]) else {
        return false;
    };
    let lower = prev.lower();
    landmark
        && t.joined
        && prev.is_capitalised()
        && !is_title(prev.word)
        && !STOP_WORDS.contains(lower)
        && (prev.possessive || !is_listed_name(lower))
        && (hill || !is_ordinary(lower))
        && !tokens
            .get(k + 1)
            .is_some_and(|n| n.joined && n.is_capitalised())
}

/// A street or hill word that makes the service named after it one place: "Hill Street
/// Surgery", "Grove Ward", "Station Road Clinic". (Not "Place", "Court" or "Way", which name
/// kinds of service too: "Place of Safety Suite", "Court Liaison Service".)
/// "Street", "Road", "Lane" and "Avenue" only after a name ("Street Triage", "Road Safety" are
/// kinds of work).
fn names_a_street(word: &str) -> bool {
    word == "Hill"
        || (is_street_noun(word)
            && !matches!(
                word,
                "Place"
                    | "Court"
                    | "Way"
                    | "Walk"
                    | "Close"
                    | "Drive"
                    | "View"
                    | "Street"
                    | "Road"
                    | "Lane"
                    | "Avenue"
                    | "Rd"
            ))
}

/// Whether the word at `j` of a name ending at an institution noun makes it one place, as a
/// street does: "Grove Surgery", "Hill Street Surgery", "Station Road Clinic".
fn street_in_name(tokens: &[Token], first: usize, j: usize) -> bool {
    names_a_street(tokens[j].word)
        || (is_street_noun(tokens[j].word)
            && j > first
            && tokens[j - 1].is_capitalised()
            && !matches!(tokens[j].word, "Place" | "Court" | "Way"))
}

/// A verb opening a sentence, as notes are written ("Visited Tamarisk Ward", "Phoned Riverside
/// Surgery", "Rang Saltash surgery"): an ordinary word ending "-ed" or "-ing", or a common
/// irregular past tense.
fn opening_verb(t: &Token) -> bool {
    const IRREGULAR: &[&str] = &[
        "rang", "went", "saw", "took", "got", "left", "came", "met", "sent", "told", "rode",
        "drove", "ran", "wrote", "brought", "taught", "sought", "spent", "found", "heard",
    ];
    let lower = t.lower();
    t.sentence_start
        && (lower.ends_with("ed") || lower.ends_with("ing") || IRREGULAR.contains(&lower))
        && is_ordinary(lower)
        && !GENERIC_PLACE_WORDS.contains(lower)
}

/// "The", "My", "On": function words that never start a place name.
fn is_function_word(t: &Token) -> bool {
    let lower = t.lower();
    (STOP_WORDS.contains(lower)
        && !GENERIC_PLACE_WORDS.contains(lower)
        && !is_institution_noun(t.word)
        && !names_a_street(t.word))
        || matches!(
            lower,
            "the" | "a" | "an" | "my" | "our" | "their" | "his" | "her" | "your" | "this" | "that"
        )
}

/// A name led by a Welsh institution noun or a saint: "Ysbyty Glan Clwyd", "St Anne's".
fn led_name(text: &str, tokens: &[Token], k: usize, kind: Kind, out: &mut Vec<Candidate>) {
    let mut last = k;
    while last + 1 < tokens.len() && last - k < 4 && !tokens[last].possessive {
        let next = &tokens[last + 1];
        if !next.joined {
            break;
        }
        if next.is_capitalised() && !STOP_WORDS.contains(next.lower())
            || is_mutated_capital(next.word)
        {
            last += 1;
        } else if next.shape == Shape::Lower
            && (is_connector(next.word) || next.word == "an")
            && tokens
                .get(last + 2)
                .is_some_and(|t| t.joined && (t.is_capitalised() || is_mutated_capital(t.word)))
        {
            last += 2;
        } else {
            break;
        }
    }
    if last > k {
        let (start, reason) = if kind == Kind::Address {
            (house_number_before(text, tokens[k].start), REASON_STREET)
        } else {
            (tokens[k].start, REASON_PLACE)
        };
        push(out, kind, start, tokens[last].full_end, reason);
    }
}

/// An Irish word whose capital follows a mutation of its first sound: "nÓg" of "Tír na nÓg",
/// "hÉireann", "gCeapach", "bhFear", "tSionainn".
fn is_mutated_capital(word: &str) -> bool {
    let rest = [
        "bh", "bp", "dt", "gc", "mb", "ng", "n", "h", "t", "g", "d", "m", "b",
    ]
    .iter()
    .find_map(|p| word.strip_prefix(p));
    rest.is_some_and(|r| r.chars().next().is_some_and(char::is_uppercase) && r.chars().count() >= 2)
}

/// Where a house number just before a street begins ("19 Heol y Nant"), or `start` itself.
fn house_number_before(text: &str, start: usize) -> usize {
    let before = text[..start].trim_end_matches(' ');
    let before = before.strip_suffix(',').unwrap_or(before);
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let number = before.len() - digits;
    let alone = text[..number]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || c == '(');
    if (1..=4).contains(&digits) && alone && before.len() < start {
        number
    } else {
        start
    }
}

/// A place ends at its own noun when a gathering held there follows: "Harbour Ward" of
/// "Harbour Ward Community Meeting", "Poppy Ward" of "Poppy Ward Survivors". The meeting or the
/// group is no place, and the ward is named either way.
pub(super) fn end_before_gatherings(findings: &mut [Finding]) {
    const GATHERINGS: &[&str] = &[
        "Meeting",
        "Meetings",
        "Group",
        "Survivors",
        "Forum",
        "Circle",
        "Committee",
        "Newsletter",
        "Party",
        "Reunion",
        "Choir",
    ];
    for f in findings.iter_mut().filter(|f| f.kind == Kind::Place) {
        let Some((head, last)) = f.text.rsplit_once(' ') else {
            continue;
        };
        if !GATHERINGS.contains(&last) {
            continue;
        }
        // The end of the last place noun before the gathering, never the place's first word.
        let mut keep = None;
        let mut from = 0;
        for (n, word) in head.split(' ').enumerate() {
            if n > 0 && matches!(word, "Ward" | "Unit" | "Hospital" | "Centre" | "House") {
                keep = Some(from + word.len());
            }
            from += word.len() + 1;
        }
        if let Some(keep) = keep {
            f.text.truncate(keep);
            f.end = f.start + keep;
        }
    }
}
