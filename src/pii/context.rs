//! The words around a candidate name that say what it is: a role or relationship before it
//! ("my nurse Ola"), a verb people do after it ("Ola said"), "in/at/near/from" or a journey
//! before it ("moved to Bangor") for a place, and the endings of town names when nothing else
//! decides.

use super::lexicon::is_ordinary;
use super::lines::{is_chat_log, said_after, speaker_line};
use super::place_context::{described_as_place, in_an_address, kind_follows, named_as_place};
use super::tokens::{Shape, Token};
use super::words::{
    is_person_before, is_town, LONGEST_PERSON_BEFORE, NAMES, PERSON_AFTER_STRONG, PERSON_AFTER_WEAK,
};
use super::{ends_with_phrase, just_before, Kind};

/// Words before a candidate that make it a place: "in Llanelli", "near Wrexham".
fn is_place_preposition(word: &str) -> bool {
    one_of!(
        word,
        "in" | "at"
            | "near"
            | "outside"
            | "around"
            | "across"
            | "towards"
            | "toward"
            | "into"
            | "via"
            | "through"
            | "past"
            | "from"
            | "the"
            | "round"
            | "nearby"
            | "on"
            | "onto"
            // Scots: "the bus fae Milton", "went intae Leverndale".
            | "fae"
            | "intae"
            // Jamaican "inna Handsworth".
            | "inna"
    )
}

/// Words before "to" that make what follows it a place: "moved to Bangor", "sent to Leeds".
fn is_motion_word(word: &str) -> bool {
    one_of!(
        word,
        "went"
            | "take"
            | "took"
            | "taking"
            | "bring"
            | "brought"
            | "walk"
            | "walked"
            | "go"
            | "goes"
            | "going"
            | "gone"
            | "moved"
            | "move"
            | "moving"
            | "came"
            | "come"
            | "back"
            | "drove"
            | "travelled"
            | "sent"
            | "transferred"
            | "taken"
            | "returned"
            | "return"
            | "got"
            | "get"
            | "way"
            | "relocated"
            | "discharged"
            | "admitted"
            | "drive"
            | "bus"
            | "train"
            | "ambulance"
            // "walked home to Foxbar", Scots "hame tae".
            | "home"
            | "hame"
            | "taxi"
            | "van"
            | "lift"
            | "trip"
            | "journey"
            | "miles"
            | "send"
            | "sends"
            | "sending"
            | "took"
            | "take"
            | "takes"
            | "taking"
            | "brought"
            | "bring"
            | "rushed"
            | "walked"
            | "flew"
            | "escorted"
            | "driven"
            | "then"
            | "home"
            | "off"
            | "down"
            | "up"
            | "over"
            | "out"
    )
}

/// Nouns before "of" that make what follows a place: "the outskirts of Wrexham".
fn is_area_word(word: &str) -> bool {
    one_of!(
        word,
        "outskirts"
            | "edge"
            | "centre"
            | "middle"
            | "city"
            | "town"
            | "village"
            | "county"
            | "borough"
            | "part"
            | "area"
            | "side"
            | "streets"
            | "north"
            | "south"
            | "east"
            | "west"
            | "university"
            | "isle"
            | "heart"
            // "the whole of Castlebay knew".
            | "whole"
    )
}

/// Endings of English and Welsh place names, used only when nothing else decides.
fn looks_like_town(lower: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "chester", "caster", "cester", "mouth", "pool", "borough", "brough", "bury", "thorpe",
        "minster", "shire", "wich", "ington", "ingham", "hampton", "stead", "sea", "ffordd",
    ];
    const WELSH_STARTS: &[&str] = &[
        "llan", "aber", "caer", "pont", "cwm", "ynys", "rhyd", "porth", "blaen", "maes", "merthyr",
        "tref", "betws", "pen-y", "pwll",
    ];
    const JOINS: &[&str] = &[
        "-on-", "-upon-", "-under-", "-le-", "-by-", "-in-", "-super-",
    ];
    JOINS.iter().any(|j| lower.contains(j))
        || lower.len() >= 6
            && (ENDINGS.iter().any(|e| lower.ends_with(e))
                || WELSH_STARTS.iter().any(|s| lower.starts_with(s)))
}

/// Person or place, from the words around `tokens[first..=last]`.
pub(super) fn classify(
    text: &str,
    tokens: &[Token],
    first: usize,
    last: usize,
    listed: bool,
) -> Kind {
    // "Amman Valley", "Hebden Green": a landform after a word that is no first name ("Sarah
    // Green" is a person).
    let landform_last = last > first
        && !NAMES.0.contains(tokens[first].lower())
        && one_of!(
            tokens[last].word,
            "Valley"
                | "Vale"
                | "Fell"
                | "Moor"
                | "Common"
                | "Bay"
                | "Glen"
                | "Heath"
                | "Green"
                | "Hill"
                | "Cross"
                | "End"
                | "Bridge"
                | "Wood"
                | "Fields"
        );
    let place_word_last =
        matches!(tokens[last].word, "Royal" | "General" | "Infirmary") || landform_last;
    if !tokens[last].possessive
        && ((named_as_place(text, tokens[first].start)
            && !someone_there(text, tokens, first, last))
            || in_an_address(text, tokens, first, last)
            || described_as_place(text, tokens[last].end)
            || kind_follows(text, tokens[last].end)
            || last > first && place_word_last)
    {
        return Kind::Place;
    }
    if follows_person_word(text, tokens[first].start) || tokens[last].possessive {
        return Kind::Person;
    }
    let before = first.checked_sub(1).map(|p| &tokens[p]);
    let before_word = before
        .filter(|b| text[b.end..tokens[first].start].trim().is_empty())
        .map(|b| b.word.to_ascii_lowercase());
    let place_context = match before_word.as_deref() {
        // "took me tae Stobhill": Scots "to".
        Some("to" | "tae") => after_journey(tokens, first - 1),
        // "the outskirts of Wrexham"; "got out of Knockbracken".
        Some("of") => {
            first >= 2 && {
                let noun = tokens[first - 2].word.to_ascii_lowercase();
                is_area_word(&noun) || noun == "out"
            }
        }
        // Scots "in an oot o Gartnavel".
        Some("o") => first >= 2 && tokens[first - 2].word.eq_ignore_ascii_case("oot"),
        Some(w) if listed => matches!(w, "in" | "near" | "outside" | "around" | "the"),
        Some(w) => is_place_preposition(w),
        None => false,
    };
    // "The Hendersons came round": a family by its surname, not a place.
    let family = before_word.as_deref() == Some("the")
        && first == last
        && tokens[first].word.ends_with('s')
        && (acts_like_a_person(text, tokens[first].start, tokens[last].end)
            || text[tokens[last].end..].starts_with(" next door"));
    if place_context && !family {
        // "on Friargate", "on Westgate": the northern English street.
        if before_word.as_deref() == Some("on") && tokens[first].lower().ends_with("gate") {
            return Kind::Address;
        }
        return Kind::Place;
    }
    // A known town, or a town's ending, when nothing else decides ("Stornoway was tiny").
    if !listed
        && person_after(text, tokens[last].end).is_none()
        && (first == last && looks_like_town(tokens[first].lower())
            || is_town(&text[tokens[first].start..tokens[last].end]))
    {
        return Kind::Place;
    }
    Kind::Person
}

/// Whether the "on" at `on` follows a verb of being somewhere ("I was on Heather", "back on
/// Rowan", "nights on Larch"), which makes a ward of a first name; "relied on Sam" does not.
pub(super) fn stays_on(tokens: &[Token], on: usize) -> bool {
    on.checked_sub(1).is_some_and(|verb| {
        one_of!(
            tokens[verb].word.to_ascii_lowercase().as_str(),
            "was"
                | "were"
                | "been"
                | "am"
                | "back"
                | "stayed"
                | "still"
                | "admitted"
                | "moved"
                | "placed"
                | "nights"
                | "days"
                | "shifts"
                | "me"
                | "us"
                | "him"
                | "her"
                | "them"
        )
    })
}

/// Whether the "to" at `to` ends a journey: "moved to", "sent me to", "taken back to".
pub(super) fn after_journey(tokens: &[Token], to: usize) -> bool {
    let word = |i: usize| tokens[i].word.to_ascii_lowercase();
    let Some(verb) = to.checked_sub(1) else {
        return false;
    };
    if is_motion_word(&word(verb)) {
        return true;
    }
    let object = matches!(
        word(verb).as_str(),
        "me" | "us" | "him" | "her" | "them" | "back"
    );
    // "take the boy to Oxleas", "drove my dad to Airedale": a motion with someone taken
    // ("took the letter to Priya" is no journey).
    let determined = verb >= 2
        && matches!(
            word(verb - 1).as_str(),
            "the" | "my" | "his" | "her" | "our" | "their" | "a"
        )
        && (is_person_before(&word(verb))
            || matches!(
                word(verb).as_str(),
                "boy" | "girl" | "lad" | "lass" | "baby" | "kids" | "children" | "patient"
            ));
    (object && verb >= 1 && is_motion_word(&word(verb - 1)))
        || (determined && is_motion_word(&word(verb - 2)))
}

/// The word after a name when it is a verb that people do ("said", "told").
fn person_after(text: &str, end: usize) -> Option<&'static str> {
    let rest = text[end..].trim_start_matches([' ', '\t', ',']);
    let next = rest
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    PERSON_AFTER_STRONG.iter().copied().find(|w| *w == next)
}

/// What follows a speaker's name ending at `end` in a chat log or transcript: the words after
/// its colon, and whether an initial came between ("Jaz: omg", "Meg T: yeah").
fn speech(text: &str, end: usize) -> Option<(bool, &str)> {
    let rest = &text[end..];
    if let Some(said) = said_after(rest) {
        return Some((false, said));
    }
    let mut chars = rest.strip_prefix(' ')?.chars();
    chars.next().filter(char::is_ascii_uppercase)?;
    let said = said_after(chars.as_str().trim_start_matches('.'))?;
    Some((true, said))
}

/// Whether the word ending at `end` opens a line of a chat log or transcript as its speaker,
/// alone or with an initial: "[21:05] Jaz: omg", "Mum: Also Lucy rang", "Meg T: yeah". A form's
/// label says what follows it ("Tel: 020 7946 0381"); a speaker says something.
fn speaks(text: &str, end: usize) -> bool {
    speech(text, end)
        .is_some_and(|(_, said)| !said.starts_with(|c: char| c.is_ascii_digit() || c == '+'))
        && speaker_line(text, end)
}

/// Whether the words after an unlisted word that starts a sentence show it is someone doing
/// something ("Tomasz was kind", "Olu and I went"), or naming someone ("Tatenda, my nurse").
/// Without that, a sentence-initial word not on the ordinary list is more often slang, a
/// typo or a word the list lacks ("Knackered, I said") than a name.
pub(super) fn acts_like_a_person(text: &str, start: usize, end: usize) -> bool {
    const VERBS: &[&str] = &[
        "was",
        "is",
        "had",
        "has",
        "would",
        "will",
        "did",
        "could",
        "can",
        "does",
        "who",
        "never",
        "always",
        "just",
        "also",
        "then",
        "still",
        "kept",
        "used",
        "got",
        "gets",
        "took",
        "takes",
        "made",
        "makes",
        "put",
        "gave",
        "gives",
        "brought",
        "left",
        "went",
        "goes",
        "tried",
        "wanted",
        "wants",
        "knew",
        "knows",
        "thought",
        "thinks",
        "seemed",
        "looked",
        "looks",
        "works",
        "worked",
        "lives",
        "lived",
        "runs",
        "ran",
        "called",
        "wrote",
        "sent",
        "walked",
        "drove",
        "stood",
        "died",
        "passed",
        "wasn't",
        "didn't",
        "couldn't",
        "wouldn't",
        "doesn't",
        "isn't",
        "hadn't",
        "can't",
        "won't",
        "says",
        "writes",
        "reckoned",
        "reckons",
        "should",
        "might",
        "must",
        "shouted",
        "screamed",
        "held",
        "grabbed",
        "pushed",
        "pinned",
        "found",
        "met",
        "meant",
        "loved",
        "hated",
        "started",
        "stopped",
        "began",
        "finished",
        "joined",
        "moved",
        "arrived",
        "turned",
        "opened",
        "closed",
        "answered",
        "agreed",
        "refused",
        "decided",
        "believed",
        "saw",
        "sees",
        "heard",
        "hears",
        "felt",
        "feels",
        "from",
        "came",
        "comes",
        "sat",
        "sits",
        "rang",
        "phoned",
        "texted",
        "visited",
        "helped",
        "helps",
        "overheard",
        "noticed",
        "asked",
    ];
    if person_after(text, end).is_some() {
        return true;
    }
    let rest = &text[end..];
    // A speaker in a chat log or transcript: "[21:05] Jaz: omg", "Mum: Also Lucy rang".
    if speaks(text, end) {
        return true;
    }
    // Someone spoken to as a quotation opens: `she said "Marcia, you're a good woman"`.
    if rest.starts_with(", ") && opens_quotation(text, start) {
        return true;
    }
    // Someone the writer speaks to: "Hetal, if you're reading this", "Oisín if ur reading
    // this", "Gráinne, thank you".
    const SPOKEN_TO: &[&str] = &[
        ", if you",
        " if you",
        ", if ur",
        " if ur",
        ", if u ",
        " if u ",
        ", thank you",
        ", thanks for",
        ", I'm sorry",
        ", I’m sorry",
        ", I miss you",
        ", I love you",
    ];
    if SPOKEN_TO.iter().any(|s| rest.starts_with(s)) {
        return true;
    }
    // Someone's age after their name: "Kavinaya, 15, year 11", "Tadhg, 19 and in his first year".
    if let Some(age) = rest.strip_prefix(", ") {
        let digits = age.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=2).contains(&digits)
            && [",", " and ", " years", ")"]
                .iter()
                .any(|a| age[digits..].starts_with(a))
        {
            return true;
        }
    }
    // A name the writer keeps back the rest of: "Gráinne — I won't put her surname".
    let near = super::just_after(rest, 48);
    let kept_back = [
        "her surname",
        "his surname",
        "their surname",
        "no surname",
        "real name",
    ];
    if kept_back.iter().any(|k| near.contains(k)) {
        return true;
    }
    // Who someone is to the writer's family: "Kantilal, dad's younger brother".
    if let Some(who) = rest.strip_prefix(", ") {
        let (kin, tail) = who.split_once(' ').unwrap_or((who, ""));
        if let Some(kin) = kin.strip_suffix("'s").or_else(|| kin.strip_suffix("’s")) {
            if is_person_before(&kin.to_lowercase()) && !tail.is_empty() {
                return true;
            }
        }
    }
    // What friends call someone: "Gurpreet (Garry to his mates)".
    const KNOWN_AS: &[&str] = &[
        " to his mates",
        " to her mates",
        " to their mates",
        " to my mates",
        " to his friends",
        " to her friends",
        " to their friends",
        " to his pals",
        " to her pals",
        " to everyone",
        " to the lads",
        " to the girls",
        " to his family",
        " to her family",
    ];
    if KNOWN_AS.iter().any(|k| rest.starts_with(k)) {
        return true;
    }
    let apposition = [
        ", my ", ", our ", ", the ", ", his ", ", her ", ", their ", ", a ", ", an ",
    ];
    if apposition.iter().any(|a| rest.starts_with(a)) {
        return true;
    }
    let Some(rest) = rest.strip_prefix(' ') else {
        return false;
    };
    // "Ciarán my brother's coming", "Imtiaz my driving instructor": who they are to the writer.
    if let Some(who) = rest
        .strip_prefix("my ")
        .or_else(|| rest.strip_prefix("our "))
    {
        let relation = who
            .split(' ')
            .take(2)
            .map(|w| w.trim_end_matches([',', '.', '!']).trim_end_matches("'s"))
            .any(|w| is_person_before(&w.to_lowercase()));
        if relation {
            return true;
        }
    }
    // "Lwazi the OT got me doing pottery", "Sinéad (named nurse) wrote": who they are, after
    // the name without a comma.
    if let Some(who) = rest.strip_prefix("the ").or_else(|| rest.strip_prefix('(')) {
        let role = who
            .split(' ')
            .take(3)
            .map(|w| w.trim_end_matches([',', '.', '!', ')']).to_lowercase())
            .any(|w| is_person_before(&w));
        if role {
            return true;
        }
    }
    // "Mwajuma here. I work nights": someone introducing themselves.
    if ["here.", "here,", "here!", "here -", "here –"]
        .iter()
        .any(|h| rest.starts_with(h))
    {
        return true;
    }
    if rest.starts_with("and I ") || rest.starts_with("and me ") || rest.starts_with("and I'") {
        return true;
    }
    let next = rest
        .split(|c: char| !(c.is_ascii_alphabetic() || c == '\'' || c == '’'))
        .next()
        .unwrap_or("")
        .replace('’', "'");
    VERBS.contains(&next.as_str()) || is_verb_of_doing(&next)
}

/// Whether `word` is one more verb told of someone, of those testimony uses for what people
/// did for the writer ("Elfed leads it", "Doina sang", "Myfanwy brings the bara brith").
fn is_verb_of_doing(word: &str) -> bool {
    one_of!(
        word,
        "sang"
            | "led"
            | "told"
            | "spoke"
            | "wore"
            | "ate"
            | "drank"
            | "slept"
            | "fell"
            | "shook"
            | "swore"
            | "taught"
            | "caught"
            | "bought"
            | "cried"
            | "laughed"
            | "smiled"
            | "hugged"
            | "sings"
            | "laughs"
            | "smiles"
            | "cries"
            | "leads"
            | "brings"
            | "bakes"
            | "baked"
            | "cooks"
            | "cooked"
            | "plays"
            | "played"
            | "teaches"
            | "drives"
            | "listens"
            | "listened"
            | "talks"
            | "talked"
            | "explained"
            | "explains"
            | "organises"
            | "organised"
            | "visits"
            | "remembers"
            | "remembered"
            | "insisted"
            | "insists"
            | "waited"
            | "waits"
            | "sends"
            | "rings"
            | "texts"
            | "messaged"
            | "messages"
            | "replied"
            | "replies"
            | "nodded"
            | "shrugged"
            | "sighed"
            | "winked"
            | "braided"
            | "prayed"
            | "prays"
    )
}

/// Whether the word at `start` is the first of a quotation: `"Marcia,`, `‘Ken,`.
fn opens_quotation(text: &str, start: usize) -> bool {
    let before = &text[..start];
    let Some(quote) = before.chars().next_back() else {
        return false;
    };
    matches!(quote, '"' | '“' | '‘')
        || (quote == '\'' && before[..before.len() - 1].ends_with([' ', '\n', '\t', '(']))
}

/// Whether the word before `start`, allowing one comma ("my CPN, Karen"), is one of
/// `PERSON_BEFORE`: a relationship, a role, "called" or "named".
pub(super) fn follows_person_word(text: &str, start: usize) -> bool {
    let trimmed = text[..start].trim_end();
    // "Dad: Good. Your mother says hi": after the colon of a speaker opening a line, an
    // ordinary word is what they said, not a name ("Named nurse: Bola" still is one).
    if trimmed
        .strip_suffix(':')
        .is_some_and(|label| speaker_line(text, label.len()))
    {
        let word: String = text[start..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect();
        if is_ordinary(&word) {
            return false;
        }
    }
    let before = trimmed.trim_end_matches([',', ':']);
    // Walk back over the word, but no further than the longest person word: lower-casing never
    // shortens a word, so a longer one cannot match, and walking the whole of a long unbroken
    // run of letters for every candidate in it would be quadratic.
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
    is_person_before(&previous)
}

/// How the words before `start` give what follows as someone's name.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum GivenAs {
    /// Nothing gives it.
    No,
    /// "called him", "known as": a name, or an insult ("they called me Stupid").
    Called,
    /// "his name was", "my name's": a name, whatever else the word means ("Warren").
    Name,
}

/// Whether the words before `start` give what follows as someone's name: "his name was",
/// "my name's", "called him", "known as".
pub(super) fn given_as_a_name(text: &str, start: usize) -> GivenAs {
    let before = just_before(text, start, 20)
        .to_lowercase()
        .replace('’', "'");
    let Some(before) = before.strip_suffix(' ') else {
        return GivenAs::No;
    };
    let ends = |w: &&str| ends_with_phrase(before, w);
    if ["name is", "name was", "name's"].iter().any(ends) {
        return GivenAs::Name;
    }
    let called = [
        "called him",
        "called her",
        "called me",
        "called them",
        "calls him",
        "calls her",
        "calls me",
        "call me",
        "call him",
        "call her",
        "known as",
        "nicknamed",
        "went by",
        "goes by",
    ];
    if called.iter().any(ends) {
        GivenAs::Called
    } else {
        GivenAs::No
    }
}

/// Whether `before` ends in a greeting, with or without a comma: "Hello, ", "Morning ".
pub(super) fn greeted(before: &str) -> bool {
    let before = before.trim_end_matches(' ').trim_end_matches(',');
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let opens = before[..before.len() - word.len()]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric() && c != '\'' && c != '’');
    opens
        && one_of!(
            word,
            "Hello"
                | "hello"
                | "Hi"
                | "hi"
                | "Hiya"
                | "hiya"
                | "Morning"
                | "morning"
                | "Evening"
                | "evening"
                | "Cheers"
                | "cheers"
                | "Thanks"
                | "thanks"
                | "Dear"
                | "Bye"
                | "bye"
                | "Goodbye"
        )
}

/// Whether the words around an ordinary-word name ("Hope", "Will", "Grace") show it is a person.
pub(super) fn person_context(text: &str, tokens: &[Token], i: usize, ambiguous: bool) -> bool {
    let t = &tokens[i];
    if follows_person_word(text, t.start) {
        return true;
    }
    // "his name was Warren", "they called him Smudger", but not "they called me Stupid".
    match given_as_a_name(text, t.start) {
        GivenAs::Name => return true,
        GivenAs::Called if ambiguous || !is_ordinary(t.lower()) => return true,
        _ => {}
    }
    // An ordinary word with an initial, speaking in a chat log, is a name: "Meg T: true".
    let with_initial = speech(text, t.end).is_some_and(|(initial, _)| initial);
    if with_initial && speaker_line(text, t.end) && is_chat_log(text) {
        return true;
    }
    let rest = &text[t.end..];
    let mid_sentence = !t.sentence_start;
    // Someone spoken to, closing a sentence: "I'm not going anywhere, Ken." (Not "thanks,
    // Doctor." or "night, Mum.", nor the end of a run typed in capitals: "Nothing Changed,
    // Honestly.")
    if mid_sentence
        && text[..t.start].ends_with(", ")
        && i.checked_sub(1)
            .is_some_and(|p| tokens[p].shape == Shape::Lower)
        && rest.starts_with(['.', '!', '?'])
        && !t.possessive
        && !is_person_before(t.lower())
    {
        return true;
    }
    if !ambiguous {
        return false;
    }
    if mid_sentence && t.possessive {
        return true;
    }
    if does_what_people_do(rest) {
        return true;
    }
    // "I asked Will", "Grace and I": what people do to people, before a capitalised name-word
    // in mid-sentence. (Only for listed names: "told Mum" is not a name.)
    let before = i
        .checked_sub(1)
        .map(|p| &tokens[p])
        .filter(|p| p.end < t.start && text[p.end..t.start].trim().is_empty());
    if mid_sentence
        && before.is_some_and(|p| {
            one_of!(
                p.word,
                "asked"
                    | "told"
                    | "thanked"
                    | "texted"
                    | "phoned"
                    | "rang"
                    | "emailed"
                    | "messaged"
                    | "met"
                    | "with"
                    | "saw"
                    | "visited"
                    | "hugged"
                    | "trusted"
                    | "liked"
                    | "loved"
                    | "missed"
                    | "thank"
            )
        })
    {
        return true;
    }
    if mid_sentence && rest.starts_with(" and I") {
        return true;
    }
    // "Jenny and Mark", "Mark and Jenny": beside a first name that is no other word.
    let listed_at = |k: usize| {
        tokens
            .get(k)
            .is_some_and(|n| n.is_capitalised() && NAMES.0.contains(n.lower()))
    };
    let and_at = |k: usize| tokens.get(k).is_some_and(|n| n.word == "and" && n.joined);
    let after = tokens.get(i + 1).is_some_and(|n| n.joined)
        && and_at(i + 1)
        && tokens.get(i + 2).is_some_and(|n| n.joined)
        && listed_at(i + 2);
    let before = i >= 2 && t.joined && and_at(i - 1) && listed_at(i - 2);
    if after || before {
        return true;
    }
    // "Hello, Jade.", "Morning Will": someone greeted.
    if greeted(&text[..t.start]) {
        return true;
    }
    // A speaker in a chat log: "Paddy: it's on the board".
    if speaks(text, t.end) && is_chat_log(text) {
        return true;
    }
    // Apposition: "Mohammed, my key worker, ..."
    if rest.starts_with(", my ") || rest.starts_with(", our ") {
        return true;
    }
    if !rest.starts_with([' ', '\t', ',']) {
        return false;
    }
    if person_after(text, t.end).is_some() {
        return true;
    }
    let next = rest
        .trim_start_matches([' ', '\t', ','])
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    mid_sentence && rest.starts_with([' ', '\t']) && PERSON_AFTER_WEAK.contains(&next)
}

/// Whether the words after a name that is also a word are what only a person does or is:
/// "Grace was my keyworker", "Rose was the HCA", "Joy brought me Lucozade", "Summer always
/// said". ("Joy was not something I felt", "Hope kept me going" say nothing of a person.)
fn does_what_people_do(rest: &str) -> bool {
    let Some(rest) = rest.strip_prefix(' ') else {
        return false;
    };
    let mut words = super::just_after(rest, 48)
        .split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty());
    let mut verb = words.next().unwrap_or("");
    if matches!(
        verb,
        "always" | "never" | "just" | "also" | "then" | "once" | "actually"
    ) {
        verb = words.next().unwrap_or("");
    }
    match verb {
        // "was my keyworker", "is the night nurse", "was our named nurse".
        "was" | "is" => {
            matches!(words.next(), Some("my" | "the" | "our" | "his" | "her"))
                && words.take(2).any(|w| is_person_before(&w.to_lowercase()))
        }
        // "Joy found me crying", "Bliss did the meds round" (not "Hope did not last").
        "found" => matches!(words.next(), Some("me" | "him" | "her" | "us" | "them")),
        "did" => matches!(words.next(), Some("the" | "my" | "her" | "his")),
        _ => one_of!(
            verb,
            "said"
                | "says"
                | "told"
                | "asked"
                | "brought"
                | "gave"
                | "sang"
                | "rang"
                | "phoned"
                | "texted"
                | "drove"
                | "hugged"
                | "shouted"
                | "laughed"
                | "smiled"
                | "cried"
                | "visited"
                | "whispered"
                | "listened"
                | "explained"
                | "promised"
                | "taught"
                | "answered"
                | "winked"
                | "knocked"
                | "looked"
                | "sat"
                | "used"
        ),
    }
}

/// Whether a name set off by commas after a kind of place is someone there, not its name: "a
/// nurse from the next ward, Yewande, overheard", "the American student on the ward, Brandon,
/// made a flag". A first name from the list, or one that acts like a person after its comma.
fn someone_there(text: &str, tokens: &[Token], first: usize, last: usize) -> bool {
    let (start, end) = (tokens[first].start, tokens[last].end);
    if !text[..start].trim_end().ends_with(',') || !text[end..].starts_with(", ") {
        return false;
    }
    first == last && NAMES.0.contains(tokens[first].lower())
        || acts_like_a_person(text, end + 1, end + 1)
}
