//! Names of people (and of towns written without a suffix), found the way Philter does: any
//! capitalised word that is not ordinary English is a candidate, and context says what it is.
//! A title or rank ("Dr Okafor", "PC Hughes") makes a person whatever the word; the bundled
//! first names are evidence, not the gate; "in/at/near/from" before a candidate makes a place.

use super::context::{
    acts_like_a_person, classify, follows_person_word, given_as_a_name, greeted, person_context,
    GivenAs,
};
use super::lexicon::{is_not_identifying, is_ordinary, is_ordinary_form};
use super::lines::signs_off;
use super::lower_case::is_ward_name_word;
pub(super) use super::name_words::is_title;
use super::name_words::{
    is_contraction, is_gaelic_particle, is_name_particle, is_nickname_word, is_role_modifier,
    is_role_title_word, is_title_modifier,
};
use super::place_context::{described_as_place, kind_follows};
use super::place_words::{is_institution_noun, is_street_noun};
use super::places::{REASON_PLACE, REASON_STREET};
use super::shouting::capitalise;
use super::tokens::{Shape, Token};
use super::words::{
    is_listed_name, is_place_suffix, is_stop_word, is_town, GENERIC_PLACE_WORDS, NAMES,
};
use super::{push, Candidate, Finding, Kind};
use std::collections::HashMap;

const REASON_TITLED: &str = "This looks like the name of a person; consider using their role instead, such as \"the consultant\" or \"a nurse\".";
pub(super) const REASON_NAME: &str =
    "This looks like someone's name; consider using their role or an invented name instead.";

/// Where the role written as a title before the name at `i` starts ("Support Worker Dami"),
/// or the name itself when there is none. The role must end in a word for a person's job, so
/// "Health Care" alone before a name is not taken.
fn role_title_start(tokens: &[Token], i: usize) -> usize {
    let mut first = i;
    while first > 0
        && i - first < 4
        && tokens[first].joined
        && tokens[first - 1].is_capitalised()
        && is_role_title_word(tokens[first - 1].word)
    {
        first -= 1;
    }
    let ends_in_job = first < i
        && !is_role_modifier(tokens[i - 1].word)
        && !matches!(
            tokens[i - 1].word,
            "Support" | "Health" | "Healthcare" | "Care" | "Key" | "Peer" | "Social" | "Staff"
        );
    if ends_in_job {
        tokens[first].start
    } else {
        tokens[i].start
    }
}

/// Where a nickname in quotation marks and a surname after a first name end: `Ricky "Tiny"
/// Marsh`, `Len ‘Smudger’ Smith`.
fn quoted_nickname_end(text: &str, tokens: &[Token], last: usize) -> Option<usize> {
    let rest = &text[tokens[last].end..];
    let rest = rest.strip_prefix(' ')?;
    let open = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '“' | '\'' | '‘'))?;
    let inner_start = tokens[last].end + 1 + open.len_utf8();
    let nick = tokens.iter().position(|t| t.start == inner_start)?;
    let close = text[tokens[nick].end..].chars().next()?;
    let surname = tokens.get(nick + 1)?;
    let gap = &text[tokens[nick].end + close.len_utf8()..surname.start];
    (matches!(close, '"' | '”' | '\'' | '’')
        && gap == " "
        && tokens[nick].is_capitalised()
        && can_be_surname(surname))
    .then_some(nick + 1)
}

/// Whether a capitalised word may continue a name as its surname.
fn can_be_surname(t: &Token) -> bool {
    if !t.is_capitalised() || is_place_suffix(t.word) || is_title(t.word) {
        return false;
    }
    let lower = t.lower();
    !is_stop_word(lower) && !is_not_identifying(lower)
}

/// The index of the last word of a name that starts at `first`: a surname and particles may
/// follow, up to four words in all, and a possessive ends it.
fn name_end(tokens: &[Token], first: usize) -> usize {
    let mut last = first;
    while last + 1 < tokens.len() && last - first < 3 && !tokens[last].possessive {
        let next = &tokens[last + 1];
        if !next.joined {
            break;
        }
        if can_be_surname(next) {
            last += 1;
        } else if (is_gaelic_particle(next.word)
            || next.shape == Shape::Lower && is_name_particle(next.word))
            && tokens
                .get(last + 2)
                .is_some_and(|t| t.joined && can_be_surname(t))
        {
            last += 2;
        } else {
            break;
        }
    }
    last
}

/// An initial: a lone capital, or "A." and "I." with their full stop ("Dr A. Mensah").
fn is_initial(t: &Token, text: &str) -> bool {
    t.shape == Shape::Initial || (matches!(t.word, "A" | "I") && text[t.end..].starts_with('.'))
}

/// Two shapes of a name the other finders miss. A short or listed name after a nickname word
/// ("Big Mo", "Old Reg", "Little Joe"; the brands and sayings, "Big Ben", "Old Bill", are on the
/// deny list). And a title and name typed in capitals as a speaker's label ("MRS HALLIWELL:",
/// "SISTER CONSOLATA: He's been off air").
pub(super) fn find_nicknamed_people(text: &str, tokens: &[Token], out: &mut Vec<Candidate>) {
    for (i, first) in tokens.iter().enumerate() {
        let Some(name) = tokens.get(i + 1).filter(|n| n.joined && !first.possessive) else {
            continue;
        };
        let goes_on = tokens
            .get(i + 2)
            .is_some_and(|n| n.joined && n.shape != Shape::Lower);
        // "the Old Bell", "the Little Angel": a pub or a shop, named as places are.
        let after_the = i
            .checked_sub(1)
            .is_some_and(|p| first.joined && tokens[p].lower() == "the");
        let nicknamed = matches!(first.word, "Big" | "Little" | "Wee" | "Old" | "Young")
            && !after_the
            && name.is_capitalised()
            && !goes_on
            && (name.word.chars().count() <= 4 || is_listed_name(name.lower()))
            && !is_not_identifying(name.lower());
        let shouted = first.shape == Shape::Capitals
            && name.shape == Shape::Capitals
            && name.word.chars().count() >= 3
            && text[name.full_end..].starts_with(':')
            && is_title(&capitalise(first.lower()));
        if nicknamed || shouted {
            let reason = if shouted { REASON_TITLED } else { REASON_NAME };
            push(out, Kind::Person, first.start, name.end, reason);
        }
    }
}

/// A first name typed in capitals inside ordinary text ("The sign said WE LOVE YOU NATALIE",
/// "HELEN — if you are reading this"): four letters or more, on the name list and no word of
/// the language, so that an acronym ("ACAS") or shouted word ("NEVER") is not one.
pub(super) fn find_names_in_capitals(tokens: &[Token], out: &mut Vec<Candidate>) {
    for t in tokens {
        if t.shape != Shape::Capitals || t.word.chars().count() < 4 {
            continue;
        }
        let lower = t.lower();
        if NAMES.0.contains(lower) && !NAMES.1.contains(lower) && !is_known_form(lower) {
            push(out, Kind::Person, t.start, t.end, REASON_NAME);
        }
    }
}

/// A name after a title or rank ("Dr Okafor", "Dr. Ruth Allen", "DS Carver", "Nurse Jenny").
pub(super) fn find_titled_people(text: &str, tokens: &[Token], out: &mut Vec<Candidate>) {
    for (i, title) in tokens.iter().enumerate() {
        if !is_title(title.word) || title.possessive {
            continue;
        }
        let mut j = i + 1;
        // Initials after the title: "Dr J. R. Hartley".
        while tokens.get(j).is_some_and(|t| is_initial(t, text)) && j - i <= 2 {
            j += 1;
        }
        // "Ms V presented as low", "Mrs AK": a title and initials alone are how notes and
        // testimony keep a name short, and still name someone.
        let personal = matches!(title.word, "Mr" | "Mrs" | "Ms" | "Mx" | "Miss" | "Dr");
        let initials_alone = |k: usize| {
            tokens.get(k).is_some_and(|t| {
                t.joined
                    && (1..=3).contains(&t.word.len())
                    && t.word.chars().all(|c| c.is_ascii_uppercase())
                    // "the Dr I saw"; "Dr GP", "Mr NHS" are not initials.
                    && !matches!(t.word, "I" | "A" | "GP" | "OT" | "AE" | "CPN" | "TV")
                    && !is_not_identifying(t.lower())
            }) && !tokens.get(k + 1).is_some_and(|n| {
                // "Dr P. Vasquez-Lyle": the initial of a name that goes on.
                (n.joined || text[tokens[k].end..n.start].trim() == ".")
                    && (can_be_surname(n) || n.shape == Shape::Initial)
            })
        };
        if personal && initials_alone(i + 1) {
            push(
                out,
                Kind::Person,
                title.start,
                tokens[i + 1].end,
                REASON_TITLED,
            );
            continue;
        }
        let Some(first) = tokens.get(j) else { continue };
        // "Dr. Okafor", not "a retired DI, Maggie Achebe", where the title is her old job.
        let gap = &text[tokens[j - 1].end..first.start];
        let close = gap.len() <= 3 && gap.trim_start_matches('.').trim().is_empty();
        // "Mr Ward", "PC Hall": surnames that are also place nouns, when nothing follows.
        let noun_surname = matches!(
            first.word,
            "Ward" | "Hall" | "Lane" | "Hill" | "Park" | "House" | "Court"
        ) && !matches!(title.word, "Nurse" | "Sister" | "Matron" | "Father")
            && !tokens
                .get(j + 1)
                .is_some_and(|n| n.joined && n.shape != Shape::Lower);
        if noun_surname && close {
            push(out, Kind::Person, title.start, first.end, REASON_TITLED);
            continue;
        }
        // "Mr Costa", "Mrs Lidl": after Mr or Mrs, a brand or a word that names no one alone is
        // a surname (the brands known by a title, "Mr Kipling", are on the deny list).
        let surname_of_a_word = matches!(title.word, "Mr" | "Mrs" | "Ms" | "Miss" | "Mx")
            && first.is_capitalised()
            && !is_place_suffix(first.word)
            && !is_title(first.word)
            && !is_stop_word(first.lower());
        if !close || !(can_be_surname(first) || surname_of_a_word) {
            continue;
        }
        let last = name_end(tokens, j).min(j + 2);
        // "Charge Nurse Horvath", "Detective Sergeant Lowe": the words of the title before it.
        let mut start = i;
        while start > 0
            && tokens[start].joined
            && tokens[start - 1].is_capitalised()
            && is_title_modifier(tokens[start - 1].word)
            && i - start < 2
        {
            start -= 1;
        }
        push(
            out,
            Kind::Person,
            tokens[start].start,
            tokens[last].end,
            REASON_TITLED,
        );
    }
}

/// Capitalised words that are not ordinary English, and listed first names, classified as a
/// person or a place by the words around them.
pub(super) fn find_named_people(text: &str, tokens: &[Token], out: &mut Vec<Candidate>) {
    let (plain, word_like) = &*NAMES;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if !t.is_capitalised() || is_place_suffix(t.word) || is_title(t.word) {
            i += 1;
            continue;
        }
        let lower = t.lower();
        let listed = plain.contains(lower);
        let ambiguous = word_like.contains(lower);
        let excluded = is_stop_word(lower) || is_not_identifying(lower) || is_contraction(t.word);
        // "a volunteer called Will": a role or "called" outweighs the word being ordinary.
        let named = ((listed || ambiguous)
            && (follows_person_word(text, t.start)
                || given_as_a_name(text, t.start) != GivenAs::No
                || greeted(&text[..t.start])))
            || (!is_stop_word(lower) && named_by_kin(tokens, i));
        if (excluded && !named) || after_saint(tokens, i) {
            i += 1;
            continue;
        }
        let candidate = if listed || named {
            true
        } else if t.sentence_start
            && !t.possessive
            && !ambiguous
            && name_end(tokens, i) == i
            && !is_known_form(lower)
        {
            // An unlisted word opening a sentence, alone: a name only if it acts like one, or
            // a person word introduces it ("Named nurse: Enrique").
            acts_like_a_person(text, t.start, t.end)
                || follows_person_word(text, t.start)
                || is_town(t.word)
                || kind_follows(text, t.end)
                || described_as_place(text, t.end)
                || signs_off(text, t.start, t.end)
        } else if ambiguous || is_ordinary_form(lower, is_known) || hyphenated_ordinary(lower) {
            // "Hope", "Grace": a person only when the words around say so, or when a surname
            // follows ("Grace Adeyemi").
            let surname_follows = ambiguous && name_end(tokens, i) > i;
            // An ordinary word followed by more capitalised words after "called" is a title
            // ("a course called Living With Voices"), not a name.
            let title_follows = !ambiguous
                && tokens
                    .get(i + 1)
                    .is_some_and(|n| n.joined && !matches!(n.shape, Shape::Lower | Shape::Initial));
            (ambiguous && surname_follows)
                || (!title_follows && person_context(text, tokens, i, ambiguous))
        } else {
            true
        };
        if !candidate {
            i += 1;
            continue;
        }
        let mut last = name_end(tokens, i);
        if let Some(surname) = quoted_nickname_end(text, tokens, last) {
            last = surname;
        }
        let start = match i.checked_sub(1).map(|p| &tokens[p]) {
            Some(initial)
                if initial.shape == Shape::Initial
                    && t.start - initial.end <= 2
                    && text[initial.end..t.start]
                        .trim_start_matches('.')
                        .trim()
                        .is_empty() =>
            {
                initial.start
            }
            _ => t.start,
        };
        let (start, led) = match place_lead(tokens, i) {
            Some(lead) if start == t.start => (tokens[lead].start, true),
            _ => (start, false),
        };
        let kind = if led {
            Kind::Place
        } else {
            classify(text, tokens, i, last, listed || ambiguous)
        };
        let start = match i.checked_sub(1).map(|p| &tokens[p]) {
            Some(nick)
                if kind == Kind::Person
                    && start == t.start
                    && t.joined
                    && is_nickname_word(nick.word) =>
            {
                nick.start
            }
            _ if kind == Kind::Person && start == t.start => role_title_start(tokens, i),
            _ => start,
        };
        push(out, kind, start, tokens[last].end, reason_for(kind));
        i = last + 1;
    }
}

/// What to tell a contributor about a name of `kind`: a person, a place or a street.
pub(super) fn reason_for(kind: Kind) -> &'static str {
    match kind {
        Kind::Place => REASON_PLACE,
        Kind::Address => REASON_STREET,
        _ => REASON_NAME,
    }
}

/// The index of a capitalised word that leads a place name ("the Royal Carrick", "North
/// Tawton") just before the candidate at `i`.
fn place_lead(tokens: &[Token], i: usize) -> Option<usize> {
    let lead = tokens.get(i.checked_sub(1)?)?;
    // "the Queen Elizabeth" is a hospital; "Queen Elizabeth" alone may be the monarch.
    let royal = matches!(lead.word, "Queen" | "King" | "Princess" | "Prince")
        && i >= 2
        && tokens[i - 2].word.eq_ignore_ascii_case("the");
    let leads = royal
        || one_of!(
            lead.word,
            "Royal"
                | "North"
                | "South"
                | "East"
                | "West"
                | "Upper"
                | "Lower"
                | "Great"
                | "Little"
                | "Old"
                | "New"
                | "Mount"
                | "Port"
                | "Castle"
                | "Lake"
                | "Loch"
                | "Glen"
        );
    // "Little Joe", "Old Reg": a first name or a short one after an old or little is a
    // nickname, unless the two are a town ("Old Colwyn", "Old Swan").
    let nickname = matches!(lead.word, "Little" | "Old")
        && (tokens[i].word.chars().count() <= 4 || is_listed_name(tokens[i].lower()))
        && !is_town(&format!("{} {}", lead.word, tokens[i].word));
    (leads && !nickname && tokens[i].joined && !lead.sentence_start).then_some(i - 1)
}

/// Whether `lower` is ordinary English in any form the checks know.
pub(super) fn is_known_form(lower: &str) -> bool {
    is_ordinary_form(lower, is_known) || hyphenated_ordinary(lower)
}

/// Whether `lower` is a word that never names anyone by itself.
fn is_known(lower: &str) -> bool {
    is_ordinary(lower) || is_stop_word(lower) || is_not_identifying(lower)
}

/// Other capitalised occurrences of a word already found as a one-word name or place in this
/// text ("…called Will. Will was the first…"), whatever starts their sentence.
pub(super) fn find_repeated_names(text: &str, tokens: &[Token], out: &mut Vec<Candidate>) {
    // Each word with the kind and reason it was first found with.
    let mut seen: HashMap<&str, (Kind, &'static str)> = HashMap::new();
    for c in out.iter() {
        if matches!(c.kind, Kind::Person | Kind::Place)
            && !text[c.start..c.end].contains([' ', '.'])
        {
            seen.entry(&text[c.start..c.end])
                .or_insert((c.kind, c.reason));
        } else if c.kind == Kind::Person {
            // "Student Nurse Kacper", "Dr Amara Nwosu": the words of the name itself, which
            // are the same person when they come again alone.
            for word in text[c.start..c.end].split(' ') {
                if seen.contains_key(word) {
                    continue;
                }
                let own = word.chars().count() >= 3
                    && word.starts_with(char::is_uppercase)
                    && !is_title_modifier(word)
                    && !is_role_title_word(word)
                    && !is_nickname_word(word)
                    && !is_known_form(&word.to_lowercase());
                if own {
                    seen.insert(word, (Kind::Person, REASON_NAME));
                }
            }
        } else if c.kind == Kind::Place {
            // "Lavender Ward … Lavender is on the top floor": a ward's own name, said again
            // without "Ward".
            let name = &text[c.start..c.end];
            if let Some((own, "Ward" | "Unit")) = name.split_once(' ') {
                let lower = own.to_lowercase();
                let named = own.chars().count() >= 3
                    && own.chars().all(char::is_alphabetic)
                    && own.starts_with(char::is_uppercase)
                    && !GENERIC_PLACE_WORDS.contains(lower.as_str())
                    && !is_stop_word(&lower)
                    && !is_not_identifying(&lower);
                if named {
                    seen.entry(own).or_insert((Kind::Place, REASON_PLACE));
                }
            }
        }
    }
    if seen.is_empty() {
        return;
    }
    // "Student Nurse Kacper … kacper said": the same name typed in lower case, unless that
    // is an ordinary word ("Rose … the rose").
    let lowered: HashMap<String, (Kind, &'static str)> = seen
        .iter()
        .map(|(w, found)| (w.to_lowercase(), *found))
        .filter(|(lower, _)| !seen.contains_key(lower.as_str()) && !is_known_form(lower))
        .collect();
    // "Dawn from the CMHT rang … tell DAWN im alive": the same name in capitals, for emphasis
    // or as a speaker ("DEZ:"). Lines typed wholly in capitals were eased before this.
    let shouted: HashMap<String, (Kind, &'static str)> = seen
        .iter()
        .map(|(w, found)| (w.to_uppercase(), *found))
        .filter(|(upper, _)| !seen.contains_key(upper.as_str()))
        .collect();
    for t in tokens {
        let found = seen.get(t.word).or_else(|| match t.shape {
            Shape::Lower => lowered.get(t.word),
            Shape::Capitals => shouted.get(t.word),
            _ => None,
        });
        if let Some(&(kind, reason)) = found {
            push(out, kind, t.start, t.end, reason);
        }
    }
}

/// The same as `find_repeated_names`, over the detector's last word: a one-word name or place
/// found anywhere (by the rules or the tagger, which decides each occurrence alone) is found
/// wherever else the word stands, capitalised, in capitals or in lower case, unless it is a
/// word of the language. Added findings take the reason of the first.
pub(super) fn find_again(text: &str, tokens: &[Token], findings: &mut Vec<Finding>) {
    // Each word's kind, its first finding and how many findings it has.
    let mut seen: HashMap<String, (Kind, usize, usize)> = HashMap::new();
    for (n, f) in findings.iter().enumerate() {
        let one_word = matches!(f.kind, Kind::Person | Kind::Place)
            && f.text.chars().count() >= 3
            && f.text.chars().all(|c| c.is_alphabetic() || c == '-');
        if one_word {
            seen.entry(f.text.to_lowercase())
                .or_insert((f.kind, n, 0))
                .2 += 1;
        }
    }
    if seen.is_empty() {
        return;
    }
    // Most words are ruled out by their length before any is put in lower case.
    let lengths: std::collections::HashSet<usize> = seen.keys().map(String::len).collect();
    let mut added = Vec::new();
    for t in tokens {
        if matches!(t.shape, Shape::Other | Shape::Initial) || !lengths.contains(&t.word.len()) {
            continue;
        }
        let lower = t.word.to_lowercase();
        let Some(&(kind, first, times)) = seen.get(&lower) else {
            continue;
        };
        // A word of the language is found again only as a name shouted ("tell DAWN"), or
        // capitalised where it was found as a place twice or a ward's tree, bird or flower
        // ("On Aspen … Aspen was quieter"): the tagger's one guess that "Deaf" is a place
        // should not become four.
        let shouted_name = t.shape == Shape::Capitals && kind == Kind::Person;
        let named_place = t.shape == Shape::Capitalised
            && kind == Kind::Place
            && (times >= 2 || is_ward_name_word(&lower));
        if !shouted_name && !named_place && is_known_form(&lower) {
            continue;
        }
        // The findings are in order of start and do not overlap one another, so only the last
        // few of those starting before the word's end can overlap it.
        let before = findings.partition_point(|f| f.start < t.end);
        if findings[before.saturating_sub(4)..before]
            .iter()
            .any(|f| t.start < f.end)
        {
            continue;
        }
        added.push(Finding {
            kind,
            start: t.start,
            end: t.end,
            text: text[t.start..t.end].to_owned(),
            reason: findings[first].reason.clone(),
        });
    }
    if !added.is_empty() {
        findings.append(&mut added);
        findings.sort_by_key(|f| f.start);
    }
}

/// A nickname word or family title alone ("'Auntie, come'") names no one. One typed in lower
/// case just before a person ("my auntie Grace", "big Alasdair", "little ali") is part of how
/// they are called, as the capitalised ones are ("Auntie Grace", "Big Mo"); a relationship ("my
/// brother Kwame", "wee Fraser") stays outside.
pub(super) fn mend_nicknames(text: &str, tokens: &[Token], findings: &mut Vec<Finding>) {
    findings.retain(|f| !(f.kind == Kind::Person && is_nickname_word(&capitalise(&f.text))));
    for f in findings.iter_mut().filter(|f| f.kind == Kind::Person) {
        let i = tokens.partition_point(|t| t.start < f.start);
        let (Some(name), Some(nick)) = (tokens.get(i), i.checked_sub(1).map(|k| &tokens[k])) else {
            continue;
        };
        if name.start == f.start
            && name.joined
            && nick.shape == Shape::Lower
            && matches!(nick.word, "auntie" | "aunty" | "big" | "little")
        {
            f.start = nick.start;
            f.text = text[f.start..f.end].to_owned();
        }
    }
}

/// In a list of people, a capitalised word beside them is a person too, though it is a word of
/// the language: "Priya, Joe, Mercy, Dr Fraser", "Billy, Precious, Ahmed and me", "Kerensa, Jo
/// and Blessing run it", "Lynwen + Huw were here". Between two people any capitalised word
/// counts; first or last in the list, a word alone that could be no place or noun of a name ("Jo
/// and Blessing run it", not "Jo and Social Services"); first in a sentence, only a word of no
/// other use ("Kerensa, Jo and …", not "Later, Jo and I"). Not a function word, a day or a word
/// that names no one ("Priya, Mum and Joe").
pub(super) fn fill_lists_of_people(text: &str, tokens: &[Token], findings: &mut Vec<Finding>) {
    let people: Vec<(usize, usize)> = findings
        .iter()
        .filter(|f| f.kind == Kind::Person)
        .map(|f| (f.start, f.end))
        .collect();
    if people.is_empty() {
        return;
    }
    let ends_person = |at: usize| people.binary_search_by_key(&at, |p| p.1).is_ok();
    let starts_person = |at: usize| people.binary_search_by_key(&at, |p| p.0).is_ok();
    const GAPS: [&str; 5] = [", and ", ", ", " and ", " & ", " + "];
    let mut added = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if !t.is_capitalised() || t.possessive {
            continue;
        }
        // The gap before the word that ends a person, and the one after it that starts one:
        // found first, as most words have neither.
        let before = GAPS.iter().find(|gap| {
            text[..t.start]
                .strip_suffix(**gap)
                .is_some_and(|b| ends_person(b.len()))
        });
        let after = GAPS.iter().find(|gap| {
            text[t.end..]
                .strip_prefix(**gap)
                .is_some_and(|a| starts_person(text.len() - a.len()))
        });
        if before.is_none() && after.is_none() {
            continue;
        }
        let lower = t.lower();
        // "Tuesdays", "Saturdays": the plural of a day.
        let day = lower.strip_suffix('s').is_some_and(is_stop_word);
        if day || is_stop_word(lower) || is_not_identifying(lower) {
            continue;
        }
        // The findings are in order of start and do not overlap: only the last one starting
        // before the word's end can cover it.
        let covered = findings[..findings.partition_point(|f| f.start < t.end)]
            .last()
            .is_some_and(|f| t.start < f.end);
        if covered {
            continue;
        }
        let alone = tokens
            .get(i + 1)
            .is_none_or(|n| !(n.joined && n.shape == Shape::Capitalised))
            && !is_institution_noun(t.word)
            && !is_street_noun(t.word);
        let list_goes_on = |gap: &str| {
            // After "Kerensa, Jo", the list must go on to someone else: "Later, Jo went" is no
            // list, nor "the Medical Superintendent, Dr Penhallow, said".
            let person_end = people
                .iter()
                .find(|p| p.0 == t.end + gap.len())
                .map_or(t.end, |p| p.1);
            let rest = &text[person_end..];
            [" and ", ", and ", " & ", " + "]
                .iter()
                .any(|g| rest.starts_with(g))
                || rest
                    .strip_prefix(", ")
                    .is_some_and(|r| starts_person(text.len() - r.len()))
        };
        let between = !t.sentence_start
            && before == Some(&", ")
            && after.is_some_and(|a| matches!(*a, ", " | " and " | ", and "));
        let last = !t.sentence_start && before.is_some_and(|b| *b != ", ") && alone;
        let first =
            after.is_some_and(|a| *a != ", " || list_goes_on(a)) && alone && !is_ordinary(lower);
        let member = between || last || first;
        if member {
            added.push(Finding {
                kind: Kind::Person,
                start: t.start,
                end: t.end,
                text: text[t.start..t.end].to_owned(),
                reason: REASON_NAME.to_owned(),
            });
        }
    }
    if !added.is_empty() {
        findings.append(&mut added);
        findings.sort_by_key(|f| f.start);
    }
}

/// "St Luke's", "Saint Anne": a saint's name is part of a place, found by the place finder.
fn after_saint(tokens: &[Token], i: usize) -> bool {
    i > 0
        && matches!(tokens[i - 1].word, "St" | "Saint" | "Ste")
        && tokens[i].start - tokens[i - 1].end <= 2
}

/// "Follow-up", "well-being": every part of a hyphenated word is ordinary.
fn hyphenated_ordinary(lower: &str) -> bool {
    lower.contains('-') && lower.split('-').all(|p| is_ordinary(p) || is_stop_word(p))
}

/// Whether "my", "our", "his", "her" or "their" and a word for someone close come just before
/// the word at `i`: "my husband Geordie", "my friend Jun", "our nan Cissie". So close a word
/// names the person whatever else the word can mean.
pub(super) fn named_by_kin(tokens: &[Token], i: usize) -> bool {
    let (Some(kin), Some(whose)) = (
        i.checked_sub(1).map(|k| &tokens[k]),
        i.checked_sub(2).map(|k| &tokens[k]),
    ) else {
        return false;
    };
    tokens[i].joined
        && kin.joined
        && !tokens[i].sentence_start
        && matches!(
            whose.word,
            "my" | "our" | "his" | "her" | "their" | "My" | "Our"
        )
        && one_of!(
            kin.word,
            "friend"
                | "husband"
                | "wife"
                | "partner"
                | "boyfriend"
                | "girlfriend"
                | "son"
                | "daughter"
                | "brother"
                | "sister"
                | "mum"
                | "dad"
                | "nan"
                | "gran"
                | "grandad"
                | "uncle"
                | "aunt"
                | "auntie"
                | "cousin"
                | "niece"
                | "nephew"
                | "mate"
                | "fiancé"
                | "fiancée"
        )
}
