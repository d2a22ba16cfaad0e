//! Names and places typed in lower case, as on a phone ("a nurse called femi", "dr
//! szymanska", "jess: can u do my late", "stratheden hospital"): found only where the words
//! around leave no doubt, or where the whole text is typed so, since a lower-case word is
//! otherwise a typo or slang.

use super::context::{acts_like_a_person, follows_person_word};
use super::lines::{is_chat_log, said_after, speaker_line};
use super::name_words::is_contraction;
use super::names::{is_known_form, REASON_NAME};
use super::places::{REASON_PLACE, REASON_STREET};
use super::shouting::is_acronym;
use super::tokens::{Shape, Token};
use super::words::{is_town, starts_a_town, NAMES, STOP_WORDS};
use super::{ends_with_phrase, push, Candidate, Kind};

/// Whether the text is typed in lower case, as on a phone: most of its sentences open in lower
/// case, or "i" stands for "I" more than once.
fn typed_in_lower_case(tokens: &[Token]) -> bool {
    let (mut opens, mut lower, mut pronoun) = (0, 0, 0);
    for t in tokens {
        if t.sentence_start {
            opens += 1;
            lower += usize::from(t.shape == Shape::Lower);
        }
        pronoun += usize::from(t.word == "i");
    }
    pronoun >= 2 || opens >= 3 && lower * 10 >= opens * 6
}

/// Whether the words before `start` are someone saying who they are: "my name is", "its me,".
fn introduces(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end().trim_end_matches(',');
    // Every phrase below ends in "s" or "e": most words are ruled out by their last letter.
    if !before.ends_with(['s', 'e']) {
        return false;
    }
    [
        "name is",
        "name's",
        "names",
        "its me",
        "it's me",
        "it’s me",
        "name’s",
    ]
    .iter()
    .any(|w| ends_with_phrase(before, w))
}

/// Whether the words just before word `i` speak of someone: "me and tash", "tell jas", "rip
/// jodes", "hiya bev".
fn spoken_of_as_someone(tokens: &[Token], i: usize) -> bool {
    let word = |k: usize| {
        tokens
            .get(k)
            .filter(|_| tokens[k + 1].joined)
            .map(|t| t.word)
    };
    let Some(before) = i.checked_sub(1).and_then(word) else {
        return false;
    };
    let pair = i.checked_sub(2).and_then(word);
    one_of!(
        before,
        "tell" | "ask" | "asked" | "rip" | "hiya" | "hi" | "thanks" | "ty" | "with" | "text"
    ) || matches!((pair, before), (Some("me"), "and") | (Some("and"), "me"))
}

/// Verbs of speaking or feeling, which only people do: after an unknown word typed in lower
/// case they make it someone ("mohsin cried"), where "was" or "came" would not ("telly was on").
fn says_or_feels(word: &str) -> bool {
    one_of!(
        word,
        "said"
            | "says"
            | "told"
            | "tells"
            | "asked"
            | "replied"
            | "shouted"
            | "screamed"
            | "smiled"
            | "laughed"
            | "whispered"
            | "texted"
            | "cried"
            | "sobbed"
            | "hugged"
            | "promised"
    )
}

/// Trees, birds and flowers, the words wards are most often named for ("Rowan", "Kestrel",
/// "Bluebell"): ordinary words, so a lower-case one is a ward only just before "ward" or "unit".
pub(super) fn is_ward_name_word(word: &str) -> bool {
    one_of!(
        word,
        "oak"
            | "ash"
            | "elm"
            | "willow"
            | "willows"
            | "birch"
            | "beech"
            | "rowan"
            | "cedar"
            | "maple"
            | "hazel"
            | "holly"
            | "larch"
            | "pine"
            | "sycamore"
            | "chestnut"
            | "alder"
            | "aspen"
            | "juniper"
            | "yew"
            | "poplar"
            | "hawthorn"
            | "laurel"
            | "magnolia"
            | "cherry"
            | "linden"
            | "redwood"
            | "acorn"
            | "lark"
            | "wren"
            | "robin"
            | "swallow"
            | "swift"
            | "kestrel"
            | "falcon"
            | "heron"
            | "dove"
            | "linnet"
            | "kingfisher"
            | "nightingale"
            | "skylark"
            | "osprey"
            | "merlin"
            | "owl"
            | "finch"
            | "mallard"
            | "curlew"
            | "plover"
            | "puffin"
            | "avocet"
            | "kite"
            | "bluebell"
            | "daisy"
            | "poppy"
            | "primrose"
            | "lavender"
            | "rose"
            | "tulip"
            | "iris"
            | "jasmine"
            | "lilac"
            | "foxglove"
            | "heather"
            | "sunflower"
            | "snowdrop"
            | "orchid"
            | "lily"
            | "marigold"
            | "bramble"
            | "clover"
            | "thistle"
            | "fern"
            | "ivy"
            | "meadow"
            | "meadows"
            | "orchard"
            | "woodlands"
            | "brambling"
    )
}

/// Names typed in lower case, as on a phone ("a nurse called femi", "my mate gaz came", "the
/// consultant dr szymanska"), and "st aidans": only words on no ordinary list, and only where
/// the words around leave no doubt, since a lower-case word is otherwise a typo or slang.
pub(super) fn find_lower_case_names(text: &str, tokens: &[Token], out: &mut Vec<Candidate>) {
    let unknown = |t: &Token| {
        let lower = t.lower();
        t.shape == Shape::Lower
            && t.word.chars().count() >= 3
            && !is_known_form(lower)
            && !is_contraction(t.word)
            && !lower.contains(|c: char| c.is_ascii_digit())
    };
    let chat = std::cell::OnceCell::new();
    let casual = std::cell::OnceCell::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.shape != Shape::Lower {
            continue;
        }
        // "jess: can u do my late": a speaker in a pasted chat, where several lines have one.
        if said_after(&text[t.end..]).is_some()
            && speaker_line(text, t.end)
            && unknown(t)
            && *chat.get_or_init(|| is_chat_log(text))
        {
            push(out, Kind::Person, t.start, t.end, REASON_NAME);
            continue;
        }
        // "stratheden hospital", "muirlands ward": an unknown word naming a place typed in
        // lower case, but not the short words of the services ("psych ward").
        if let Some(noun) = tokens.get(i + 1).filter(|n| {
            n.joined
                && one_of!(
                    n.word,
                    "hospital"
                        | "ward"
                        | "unit"
                        | "surgery"
                        | "clinic"
                        | "hall"
                        | "school"
                        | "college"
                        | "centre"
                        | "practice"
                        | "hostel"
                        // "the harbourside HTT": a team's short name, in capitals.
                        | "HTT"
                        | "CMHT"
                        | "CRHT"
                        | "CAMHS"
                        | "EIP"
                        | "EIS"
                )
        }) {
            let service_word = matches!(
                t.word,
                "psych" | "paeds" | "ortho" | "camhs" | "cahms" | "rehab" | "detox" | "respite"
            );
            let named = t.word.chars().count() >= 5 && !service_word && unknown(t);
            // "bluebell ward", "lark unit": the trees, birds and flowers wards are named for.
            let ward_name = matches!(noun.word, "ward" | "unit") && is_ward_name_word(t.word);
            if named || ward_name {
                push(out, Kind::Place, t.start, noun.end, REASON_PLACE);
                continue;
            }
        }
        // "kayleigh came round": in a text typed all in lower case, a listed first name that
        // is no ordinary word is a name however it is written.
        if NAMES.0.contains(t.word)
            && t.word.len() >= 3
            && *casual.get_or_init(|| typed_in_lower_case(tokens))
            && unknown(t)
        {
            push(out, Kind::Person, t.start, t.end, REASON_NAME);
            continue;
        }
        // "me and tash got discharged", "tell jas": in a text typed in lower case, an unknown
        // word spoken of as people are. (Being or going is not enough: "telly was on", "uni
        // was hard" are words the list lacks.)
        if t.word.len() >= 3
            && spoken_of_as_someone(tokens, i)
            && *casual.get_or_init(|| typed_in_lower_case(tokens))
            && unknown(t)
        {
            push(out, Kind::Person, t.start, t.end, REASON_NAME);
            continue;
        }
        // "my name is tasha", "its me, tia": someone saying who they are.
        if introduces(text, t.start) && unknown(t) {
            push(out, Kind::Person, t.start, t.end, REASON_NAME);
            continue;
        }
        if i == 0 {
            continue;
        }
        let before = i
            .checked_sub(1)
            .map(|p| &tokens[p])
            .filter(|_| t.joined)
            .map(|p| (p, p.word));
        // "a flat in moss side now": a town of two words from the gazetteer, typed in lower case.
        if let (Some((_, "in" | "at" | "near" | "from" | "to")), Some(n)) =
            (&before, tokens.get(i + 1))
        {
            if n.joined
                && n.shape == Shape::Lower
                && starts_a_town(t.word)
                && is_town(&text[t.start..n.end])
            {
                push(out, Kind::Place, t.start, n.end, REASON_PLACE);
                continue;
            }
        }
        // "at st ann’s", "st david’s": a saint's name in lower case is a hospital or school,
        // though the name is a first name; its possessive belongs to it.
        if let Some((p, "st")) = &before {
            // Not the "st" of "21st birthday".
            let ordinal = text[..p.start].ends_with(|c: char| c.is_ascii_digit());
            if p.shape == Shape::Lower
                && !ordinal
                && t.word.len() >= 3
                && !STOP_WORDS.contains(t.word)
            {
                push(out, Kind::Place, p.start, t.full_end, REASON_PLACE);
                continue;
            }
        }
        let (kind, start) = match &before {
            // "i live in treorchy now": a known town typed in lower case after a place word
            // (Scots "fae" and "tae" too).
            Some((_, "in" | "at" | "near" | "from" | "to" | "fae" | "tae")) if is_town(t.word) => {
                (Kind::Place, t.start)
            }
            // "the buses to camborne and redruth": a known town after another and "and".
            Some((p, "and"))
                if p.joined
                    && is_town(t.word)
                    && i >= 2
                    && tokens[i - 2].shape == Shape::Lower
                    && is_town(tokens[i - 2].word) =>
            {
                (Kind::Place, t.start)
            }
            // "my mates in gorton", "she was from handsworth": in a text typed all in lower
            // case, an unknown word of five letters or more after a place word.
            Some((_, "in" | "at" | "near" | "from"))
                if t.word.len() >= 5 && *casual.get_or_init(|| typed_in_lower_case(tokens)) =>
            {
                (Kind::Place, t.start)
            }
            Some((p, w))
                if p.shape == Shape::Lower
                    && matches!(
                        *w,
                        "dr" | "mr"
                            | "mrs"
                            | "ms"
                            | "miss"
                            | "nurse"
                            | "prof"
                            | "pc"
                            | "sgt"
                            | "dc"
                            | "ds"
                    ) =>
            {
                (Kind::Person, p.start)
            }
            // "a nurse called femi"; "my mate gaz came" (but "the nurse wis nice" is Scots);
            // "the receptionist deb", where the whole text is typed in lower case.
            Some((_, w))
                if !t.sentence_start
                    && follows_person_word(text, t.start)
                    && (matches!(*w, "called" | "named")
                        || NAMES.0.contains(t.lower())
                        || acts_like_a_person(text, t.start, t.end)
                        || *casual.get_or_init(|| typed_in_lower_case(tokens))) =>
            {
                (Kind::Person, t.start)
            }
            // "mohsin cried because", "kez said": in a text typed in lower case, an unknown
            // word before a verb of speaking or feeling, which only people do.
            _ if t.word.len() >= 3
                && tokens
                    .get(i + 1)
                    .is_some_and(|v| v.joined && says_or_feels(v.word))
                && !is_acronym(t.lower())
                && *casual.get_or_init(|| typed_in_lower_case(tokens)) =>
            {
                (Kind::Person, t.start)
            }
            _ => continue,
        };
        // Checked last: the context above is cheap, and rarely there.
        if !unknown(t) {
            continue;
        }
        let reason = if kind == Kind::Place {
            REASON_PLACE
        } else {
            REASON_NAME
        };
        // A surname after it, also in lower case and unknown ("dr anna szymanska").
        let end = match tokens.get(i + 1) {
            Some(n) if n.joined && unknown(n) && kind == Kind::Person => n.end,
            _ => t.end,
        };
        push(out, kind, start, end, reason);
    }
}

/// Streets typed in lower case after a word that places them ("on jubilee road", "the whole of
/// green street", "bury old road"): one or two words before a street noun, none of them a word
/// for a kind of road ("the ring road", "a side road", "the high street").
pub(super) fn find_lower_case_streets(tokens: &[Token], out: &mut Vec<Candidate>) {
    const GENERIC: &[&str] = &[
        "high", "main", "ring", "side", "back", "car", "whole", "normal", "civvy", "busy", "same",
        "next", "dual", "slip", "long", "quiet", "country", "private", "little", "big", "wrong",
        "right", "open", "other", "local", "dirt", "muddy", "narrow", "empty", "dark", "cul",
        "sac", "access", "service", "bypass", "toll", "new", "old", "rough",
    ];
    let named = |t: &Token| {
        t.shape == Shape::Lower
            && t.word.chars().count() >= 3
            && !STOP_WORDS.contains(t.word)
            && !GENERIC.contains(&t.word)
            && t.word.chars().all(char::is_alphabetic)
    };
    for (k, noun) in tokens.iter().enumerate() {
        let street = matches!(
            noun.word,
            "street" | "road" | "lane" | "avenue" | "crescent" | "terrace" | "close" | "grove"
        );
        if !street || !noun.joined || k < 2 {
            continue;
        }
        // The name: one or two words before the noun ("green street", "west green road").
        let mut first = k - 1;
        if !named(&tokens[first]) {
            continue;
        }
        if first >= 2 && tokens[first].joined && named(&tokens[first - 1]) {
            first -= 1;
        }
        let mut lead = first - 1;
        if !tokens[first].joined {
            continue;
        }
        if tokens[lead].word == "the" && lead >= 1 && tokens[lead].joined {
            lead -= 1;
        }
        let placed = matches!(
            tokens[lead].word,
            "on" | "in" | "at" | "of" | "off" | "along" | "down" | "up" | "from" | "near" | "round"
        );
        if placed && tokens[lead + 1].joined {
            push(
                out,
                Kind::Address,
                tokens[first].start,
                noun.end,
                REASON_STREET,
            );
        }
    }
}
