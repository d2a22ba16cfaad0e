//! Ordinary words used as the name of a place ("on Rowan", "moved me to Maple", "the Sanctuary on
//! Oxford Road", "Cedar at Hopewood Park"): found only where the words around put a place there,
//! since the name finder leaves ordinary words alone.

use super::context::{after_journey, stays_on};
use super::lexicon::{is_not_identifying, is_ordinary, is_ordinary_form};
use super::names::is_title;
use super::place_context::{described_as_place, named_as_place};
use super::place_words::{is_institution_noun, is_street_noun};
use super::places::REASON_PLACE;
use super::tokens::Token;
use super::words::{
    is_listed_name, is_town_lower, is_town_that_is_a_word, GENERIC_PLACE_WORDS, NAMES, STOP_WORDS,
};
use super::{push, Candidate, Kind};

/// Ordinary words used as the name of a place, which the name finder leaves alone: "on Rowan",
/// "moved me to Maple", "a PICU called Falcon", "Ward: Osprey", "at the Hive". Only in the middle
/// of a sentence, capitalised, and not a word for a kind of service ("at the Tribunal").
pub(super) fn find_plain_word_places(text: &str, tokens: &[Token], out: &mut Vec<Candidate>) {
    let plain = |t: &Token| {
        let lower = t.lower();
        let singular = lower.strip_suffix('s').unwrap_or(lower);
        t.is_capitalised()
            && !STOP_WORDS.contains(lower)
            && !STOP_WORDS.contains(singular)
            && !GENERIC_PLACE_WORDS.contains(lower)
            && !is_not_identifying(lower)
            && !is_title(t.word)
            && !is_institution_noun(t.word)
            && !is_street_noun(t.word)
    };
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        // The cheap tests first: most words are not capitalised, and few follow a place word.
        if !t.is_capitalised() || t.possessive || !placed(text, tokens, i) {
            i += 1;
            continue;
        }
        // "on Stage 1", "Band 5": a step or grade, not a place.
        let numbered = text[t.end..]
            .strip_prefix(' ')
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        let opens = t.sentence_start && !named_as_place(text, t.start);
        // Unknown words are the name finder's; "the Outer Hebrides" is too large to identify.
        let lower = t.lower();
        let unknown = !is_ordinary_form(lower, is_ordinary) && !is_listed_name(lower);
        let coarse_next = tokens
            .get(i + 1)
            .is_some_and(|n| n.joined && is_not_identifying(n.lower()));
        if opens || unknown || coarse_next || numbered || !plain(t) {
            i += 1;
            continue;
        }
        let mut last = i;
        while tokens
            .get(last + 1)
            .is_some_and(|n| n.joined && !n.possessive && plain(n) && last - i < 2)
        {
            last += 1;
        }
        push(out, Kind::Place, t.start, tokens[last].end, REASON_PLACE);
        i = last + 1;
    }
}

/// What "Royal" begins that is no place: the forces, the post, the learned bodies. The commonest
/// whole names are also in `DENY_PHRASES`, since other rules find them too ("in the Royal
/// Signals").
const ROYAL_NOT_PLACES: &[&str] = &[
    "mail",
    "navy",
    "marines",
    "marine",
    "air",
    "signals",
    "engineers",
    "artillery",
    "family",
    "families",
    "society",
    "college",
    "colleges",
    "academy",
    "institution",
    "institute",
    "british",
    "mint",
    "ballet",
    "opera",
    "shakespeare",
    "household",
    "highness",
    "logistic",
    "anglian",
    "irish",
    "regiment",
    "welsh",
    "scots",
    "tank",
    "corps",
    "army",
    "commission",
    "charter",
    "assent",
    "warrant",
    "wedding",
    "baby",
    "visit",
    "variety",
    "ascot",
    "court",
    "courts",
    "bank",
    "dutch",
    "doulton",
    "standard",
];

/// "Royal" before a capitalised word names a hospital or infirmary almost wherever it is
/// written ("took him to Royal Free", "the Royal Glamorgan"), even when the words after it are
/// ordinary or a county or city; the armed forces, the post and the learned bodies are not
/// places.
pub(super) fn find_royal_places(tokens: &[Token], out: &mut Vec<Candidate>) {
    for (i, t) in tokens.iter().enumerate() {
        if t.word != "Royal" && t.word != "royal" {
            continue;
        }
        // "at the Royal", "took him to the Royal and": the town's hospital, said alone after
        // "the", where a stop or a function word follows ("the Royal Mail", "the royal
        // treatment" are other things).
        let after_the = i
            .checked_sub(1)
            .is_some_and(|p| tokens[p].joined && tokens[p].lower() == "the")
            && !t.sentence_start;
        let alone = tokens.get(i + 1).is_none_or(|n| {
            !n.joined
                || one_of!(
                    n.word,
                    "and"
                        | "to"
                        | "in"
                        | "at"
                        | "for"
                        | "on"
                        | "with"
                        | "by"
                        | "from"
                        | "then"
                        | "but"
                        | "or"
                        | "was"
                        | "is"
                        | "where"
                        | "when"
                        | "after"
                        | "before"
                        | "again"
                )
        });
        if after_the && alone && t.joined {
            push(out, Kind::Place, t.start, t.end, REASON_PLACE);
            continue;
        }
        if t.word == "royal" {
            continue;
        }
        let Some(next) = tokens.get(i + 1) else {
            continue;
        };
        if !next.joined
            || !next.is_capitalised()
            || ROYAL_NOT_PLACES.contains(&next.lower())
            || is_when(next.word)
        {
            continue;
        }
        let mut last = i + 1;
        while last < i + 3
            && tokens
                .get(last + 1)
                .is_some_and(|n| n.joined && n.is_capitalised() && !tokens[last].possessive)
        {
            last += 1;
        }
        push(out, Kind::Place, t.start, tokens[last].end, REASON_PLACE);
    }
}

/// Whether a name after "the" is followed, within three words, by "on" or "in" and another
/// capitalised word: "the Sanctuary on Oxford Road", "the Lord Nelson in Todmorden".
fn located_after(tokens: &[Token], i: usize) -> bool {
    let mut j = i;
    while j < i + 2
        && tokens
            .get(j + 1)
            .is_some_and(|n| n.joined && n.is_capitalised())
    {
        j += 1;
    }
    let (Some(on), Some(where_)) = (tokens.get(j + 1), tokens.get(j + 2)) else {
        return false;
    };
    // "the Tribunal in March" says when, not where.
    let when = is_when(where_.word);
    on.joined && where_.joined && matches!(on.word, "on" | "in") && where_.is_capitalised() && !when
}

/// Whether the words before `tokens[i]` put a place there, or the words after describe one
/// ("Willow, the ward I trained on") or place it ("Cedar at Hopewood Park").
fn placed(text: &str, tokens: &[Token], i: usize) -> bool {
    placed_by_words_before(text, tokens, i)
        || described_as_place(text, tokens[i].end)
        || located_at(tokens, i)
}

/// "Cedar at Hopewood Park", "Woodlands in Chelmsford": an ordinary word that is no first name
/// ("Frank at Tesco") and no event ("an Appointment at Hollins Lane"), mid-sentence, then "at"
/// or "in" and a capitalised word that is not a month or day.
fn located_at(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    let (Some(at), Some(place)) = (tokens.get(i + 1), tokens.get(i + 2)) else {
        return false;
    };
    // The first word of the name: "Our Lady Immaculate in Leeds" is not "Immaculate".
    let first = i == 0 || !tokens[i].joined || !tokens[i - 1].is_capitalised();
    let lower = t.lower();
    first
        && !t.sentence_start
        && !is_an_event(lower)
        && !tokens[..i]
            .last()
            .is_some_and(|a| matches!(a.word, "a" | "an"))
        && at.joined
        && place.joined
        && matches!(at.word, "at" | "in")
        && place.is_capitalised()
        && !is_when(place.word)
        && !is_listed_name(lower)
}

/// Something that happens at a place rather than names one ("Appointment at Hollins Lane").
fn is_an_event(lower: &str) -> bool {
    one_of!(
        lower,
        "appointment"
            | "appointments"
            | "meeting"
            | "meetings"
            | "assessment"
            | "review"
            | "session"
            | "sessions"
            | "hearing"
            | "interview"
            | "consultation"
            | "referral"
            | "admission"
            | "visit"
            | "visiting"
            | "group"
            | "class"
            | "course"
    )
}

/// Whether "at" and a capitalised word that is not a month or day follow `tokens[i]` ("on
/// Nightingale at St Aldhelm's").
fn at_a_place_after(tokens: &[Token], i: usize) -> bool {
    matches!(
        (tokens.get(i + 1), tokens.get(i + 2)),
        (Some(at), Some(place)) if at.joined && at.word == "at" && place.joined
            && place.is_capitalised() && !is_when(place.word)
    )
}

/// Words that name no one place after "in the" or "on the": the forces, government and its
/// offices, papers, regions, cars, teams and communities ("in the Army", "in the Echo", "in
/// the Valleys", "in the Land Rover", "in the Traveller community").
fn is_no_place_after_the(lower: &str) -> bool {
    one_of!(
        lower,
        "army"
            | "navy"
            | "forces"
            | "armed"
            | "raf"
            | "marines"
            | "paras"
            | "valleys"
            | "peak"
            | "dales"
            | "department"
            | "chief"
            | "executive"
            | "herald"
            | "evening"
            | "daily"
            | "morning"
            | "weekly"
            | "echo"
            | "mirror"
            | "times"
            | "guardian"
            | "sun"
            | "telegraph"
            | "mail"
            | "express"
            | "post"
            | "courier"
            | "gazette"
            | "chronicle"
            | "news"
            | "independent"
            | "corolla"
            | "land"
            | "rover"
            | "reds"
            | "villa"
            | "blues"
            | "traveller"
            | "travellers"
            | "sacred"
            | "community"
            | "council"
            | "government"
            | "state"
            | "bible"
            | "lord"
            | "church"
            | "met"
            | "force"
            | "job"
            | "system"
            | "internet"
            | "web"
    )
}

/// Months and days of the week, which say when rather than where ("the Tribunal in March").
fn is_when(word: &str) -> bool {
    one_of!(
        word,
        "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
    )
}

/// Whether the words before `tokens[i]` put a place there.
fn placed_by_words_before(text: &str, tokens: &[Token], i: usize) -> bool {
    if named_as_place(text, tokens[i].start) {
        return true;
    }
    let word = |k: usize| tokens[k].word.to_ascii_lowercase();
    let close = |k: usize| tokens[k + 1].joined;
    match i.checked_sub(1) {
        Some(p) if close(p) => match word(p).as_str() {
            // "I was on Heather": a first name after "on" is a ward only where someone stays.
            // "Night shift on Nightingale at St Aldhelm's": or where the words after place it.
            "on" | "onto" => {
                !NAMES.0.contains(tokens[i].lower())
                    || stays_on(tokens, p)
                    || at_a_place_after(tokens, i)
            }
            "in" | "near" | "outside" | "at" => true,
            // "a trawlerman out of Hull": a town on the list after "out of".
            "of" => {
                let lower = tokens[i].lower();
                p >= 1
                    && close(p - 1)
                    && word(p - 1) == "out"
                    && (is_town_lower(lower) || is_town_that_is_a_word(lower))
            }
            // "a letter from Kemi" is a person; "from Hastings" a place ("fae" in Scots).
            "from" | "fae" => !NAMES.0.contains(tokens[i].lower()),
            "to" | "tae" => after_journey(tokens, p),
            // "a crisis house run by Certitude": who runs a service names the organisation,
            // unless it is a first name ("run by Wanjiru and her sister").
            "by" => {
                !NAMES.0.contains(tokens[i].lower())
                    && p >= 1
                    && close(p - 1)
                    && matches!(
                        word(p - 1).as_str(),
                        "run" | "owned" | "managed" | "commissioned" | "funded" | "employed"
                    )
            }
            "the" => {
                let old_sense = p >= 1
                    && matches!(
                        word(p - 1).as_str(),
                        "at" | "from" | "near" | "outside" | "behind" | "opposite"
                    );
                // "in the Barberry", "on the Cedars", "past the Red Lion": but not the forces, a
                // paper, a region or a car ("in the Army", "in the Herald", "in the Valleys"),
                // nor a chant ("Up the Reds").
                let new_sense = p >= 1
                    && matches!(
                        word(p - 1).as_str(),
                        "in" | "on"
                            | "into"
                            | "by"
                            | "past"
                            | "up"
                            | "round"
                            | "around"
                            | "inside"
                            | "beside"
                    )
                    && !tokens[p - 1].sentence_start
                    && !is_no_place_after_the(tokens[i].lower());
                p >= 1
                    && close(p - 1)
                    && (old_sense
                        || new_sense
                        || word(p - 1) == "to" && after_journey(tokens, p - 1)
                        // "getting out of the Orchards".
                        || word(p - 1) == "of" && p >= 2 && word(p - 2) == "out")
                    || located_after(tokens, i)
            }
            _ => false,
        },
        _ => false,
    }
}

/// Hospitals known by a short name, said after a word of place: "A&E at Queen’s", "taken to
/// King’s", "in James’s", "in the Mater", "at the QE", "the unit in UHG", "shifts at UHL".
pub(super) fn find_hospitals_by_short_name(tokens: &[Token], out: &mut Vec<Candidate>) {
    let is_place_word = |t: &Token| {
        one_of!(
            t.lower(),
            "at" | "in" | "to" | "into" | "from" | "outside" | "near" | "tae" | "fae"
        )
    };
    for (i, t) in tokens.iter().enumerate() {
        let Some(p) = i.checked_sub(1).map(|p| &tokens[p]).filter(|_| t.joined) else {
            continue;
        };
        let after_the = p.lower() == "the"
            && i >= 2
            && p.joined
            && (is_place_word(&tokens[i - 2]) || tokens[i - 2].lower() == "of");
        let named_alone = tokens
            .get(i + 1)
            .is_none_or(|n| !n.joined || !n.is_capitalised());
        if !named_alone || !(after_the || is_place_word(p)) {
            continue;
        }
        let found = if t.possessive {
            !after_the
                && t.is_capitalised()
                && one_of!(
                    t.word,
                    "Queen" | "King" | "Guy" | "James" | "Jimmy" | "Tommy" | "Bart"
                )
        } else if after_the && t.is_capitalised() {
            one_of!(t.word, "Mater" | "Mercy" | "Vic" | "Infirmary")
        } else {
            is_hospital_acronym(t.word)
        };
        if found {
            push(out, Kind::Place, t.start, t.full_end, REASON_PLACE);
        }
    }
}

/// The shapes of hospitals' initials: "UHL", "UHCW" (University Hospital), "QEH", "QMC",
/// "NGH", "WGH" (… General Hospital), "BRI", "GRI" (… Royal Infirmary), and a few said as they
/// are ("RVI", "LGI", "RAH", "PRH"). "MRI" is left out: it is a scan far more often.
pub(super) fn is_hospital_acronym(word: &str) -> bool {
    let b = word.as_bytes();
    if word == "QE" {
        return true;
    }
    if !(3..=5).contains(&b.len()) || !b.iter().all(u8::is_ascii_uppercase) {
        return false;
    }
    word.starts_with("UH")
        || word.starts_with("QE")
        || word.starts_with("QM")
        || word.ends_with("GH")
        || word.ends_with("RI") && word != "MRI"
        || one_of!(
            word,
            "RVI" | "LGI" | "RAH" | "PRH" | "RUH" | "RSCH" | "UCH" | "UCLH" | "RLH" | "RFH" | "KCH"
        )
}
