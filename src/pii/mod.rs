//! Finds text in a testimony that could identify someone: contact details, official numbers,
//! exact dates, addresses, links, handles, and names of people and of wards, hospitals, teams,
//! schools, businesses and towns. Pure; warns contributors before they submit and flags text for
//! moderators. Names are found as Philter does (UCSF, 2020): a capitalised word that is not an
//! ordinary English word is a candidate, and the words around it say whether it is a person or a
//! place; name lists are evidence, not the gate. Service vocabulary ("section 136"), medicines,
//! brands and sayings are left alone. This module runs the finders and resolves their overlaps.

/// Whether a word is one of a fixed list, written as `matches!` is: `one_of!(word, "Ward" |
/// "Unit")`. The list becomes a hashed set on first use, since a long `matches!` compares the word
/// with every entry of its length in turn, and these lists are read for most words of a text.
macro_rules! one_of {
    ($word:expr, $($entry:literal)|+ $(,)?) => {{
        static LIST: std::sync::LazyLock<$crate::pii::WordList> =
            std::sync::LazyLock::new(|| $crate::pii::WordList::new(&[$($entry),+]));
        LIST.contains($word)
    }};
}

/// A fixed list of words (see `one_of!`). Most words are ruled out by their first byte or
/// their length before they are hashed.
struct WordList {
    first_bytes: [bool; 256],
    longest: usize,
    words: HashSet<&'static str>,
}

impl WordList {
    fn new(words: &[&'static str]) -> WordList {
        let mut first_bytes = [false; 256];
        for w in words {
            if let Some(&b) = w.as_bytes().first() {
                first_bytes[usize::from(b)] = true;
            }
        }
        WordList {
            first_bytes,
            longest: words.iter().map(|w| w.len()).max().unwrap_or(0),
            words: words.iter().copied().collect(),
        }
    }

    fn contains(&self, word: &str) -> bool {
        word.as_bytes()
            .first()
            .is_some_and(|&b| self.first_bytes[usize::from(b)])
            && word.len() <= self.longest
            && self.words.contains(word)
    }
}

mod address_parts;
mod context;
#[cfg(test)]
mod context_tests;
mod exact_dates;
mod lexicon;
mod lines;
mod lower_case;
mod name_words;
mod names;
mod neighbours;
mod patterns;
mod place_context;
mod place_words;
mod places;
mod plain_places;
mod shouting;
pub mod tagger;
#[cfg(test)]
mod tagger_tests;
#[cfg(test)]
mod tests;
mod tokens;
mod words;
mod world_cities;

use regex::Regex;
use std::collections::BTreeMap;

/// The kinds of identifier that Chorus looks for.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An email address.
    Email,
    /// A UK or international phone number.
    Phone,
    /// An NHS number with a valid check digit.
    NhsNumber,
    /// A National Insurance number.
    NiNumber,
    /// A full UK postcode.
    Postcode,
    /// An exact date (a day and a month), such as a date of birth.
    Date,
    /// A house number and street.
    Address,
    /// A web link.
    Url,
    /// A social media handle such as `@name`.
    Handle,
    /// The name of a person.
    Person,
    /// The name of a ward, hospital, trust, unit or similar place.
    Place,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 11] = [
        Kind::Email,
        Kind::Phone,
        Kind::NhsNumber,
        Kind::NiNumber,
        Kind::Postcode,
        Kind::Date,
        Kind::Address,
        Kind::Url,
        Kind::Handle,
        Kind::Person,
        Kind::Place,
    ];

    /// A stable snake_case name, the same as the serde name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Phone => "phone",
            Kind::NhsNumber => "nhs_number",
            Kind::NiNumber => "ni_number",
            Kind::Postcode => "postcode",
            Kind::Date => "date",
            Kind::Address => "address",
            Kind::Url => "url",
            Kind::Handle => "handle",
            Kind::Person => "person",
            Kind::Place => "place",
        }
    }

    /// The text that replaces an identifier of this kind when it is redacted.
    pub fn replacement(self) -> &'static str {
        match self {
            Kind::Email => "[email removed]",
            Kind::Phone => "[phone number removed]",
            Kind::NhsNumber => "[NHS number removed]",
            Kind::NiNumber => "[NI number removed]",
            Kind::Postcode => "[postcode removed]",
            Kind::Date => "[date removed]",
            Kind::Address => "[address removed]",
            Kind::Url => "[link removed]",
            Kind::Handle => "[handle removed]",
            Kind::Person => "[name removed]",
            Kind::Place => "[place removed]",
        }
    }

    /// A plain-English label for contributors and moderators.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Email => "Email address",
            Kind::Phone => "Phone number",
            Kind::NhsNumber => "NHS number",
            Kind::NiNumber => "National Insurance number",
            Kind::Postcode => "Postcode",
            Kind::Date => "Exact date",
            Kind::Address => "Street address",
            Kind::Url => "Web link",
            Kind::Handle => "Social media handle",
            Kind::Person => "Name of a person",
            Kind::Place => "Name of a ward, hospital or service",
        }
    }

    /// When two candidates of equal length overlap, the more specific kind wins
    /// (a validated NHS number beats a phone-shaped reading of the same digits).
    fn specificity(self) -> u8 {
        match self {
            Kind::Email => 10,
            Kind::Url => 9,
            Kind::NhsNumber => 8,
            Kind::NiNumber => 7,
            Kind::Postcode => 6,
            Kind::Phone => 5,
            Kind::Date => 4,
            Kind::Address => 3,
            Kind::Handle => 2,
            Kind::Place => 1,
            Kind::Person => 0,
        }
    }
}

/// One possible identifier found in a text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    /// What kind of identifier this looks like.
    pub kind: Kind,
    /// Byte offset of the start of the identifier in the text.
    pub start: usize,
    /// Byte offset just past the end of the identifier in the text.
    pub end: usize,
    /// The identifier as written.
    pub text: String,
    /// A short plain sentence telling a contributor why it was flagged.
    pub reason: String,
}

/// Compiles a pattern once. `\b` is made ASCII-only and `\d` becomes `[0-9]`, which keeps the
/// fast regex engines in use on non-ASCII text and means digits are always ASCII bytes.
fn re(pattern: &str) -> Regex {
    let pattern = pattern.replace(r"\b", r"(?-u:\b)").replace(r"\d", "[0-9]");
    Regex::new(&pattern).expect("identifier patterns are valid")
}

/// A candidate before overlaps are resolved.
struct Candidate {
    kind: Kind,
    start: usize,
    end: usize,
    reason: &'static str,
}

/// A fast hash for the word lists, which are fixed when built: looking up a stranger's word
/// cannot lengthen their chains, so the default hash's defence against chosen keys buys
/// nothing here, and the lists are read for every word.
#[derive(Default, Clone, Copy)]
struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let mut word = [0u8; 8];
        let rest = chunks.remainder();
        word[..rest.len()].copy_from_slice(rest);
        self.mix(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
    }

    fn write_u8(&mut self, n: u8) {
        self.mix(u64::from(n));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FastHasher {
    fn mix(&mut self, word: u64) {
        let m = (self.0 ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = m ^ (m >> 29);
    }
}

/// A set of words hashed with `FastHasher`.
type HashSet<T> = std::collections::HashSet<T, std::hash::BuildHasherDefault<FastHasher>>;

/// Finds possible identifiers in `text`; spans are byte offsets into `text`, sorted by start,
/// non-overlapping (prefer the longer / more specific when two overlap).
pub fn find_identifiers(text: &str) -> Vec<Finding> {
    eased(text, find_in)
}

/// What the rules alone find in `text`, capitals eased as `find_identifiers` does: the layer
/// the rule tests check, before the tagger decides again.
#[cfg(test)]
fn find_identifiers_by_rules(text: &str) -> Vec<Finding> {
    eased(text, find_by_rules)
}

/// `find` over `text` with lines typed in capitals read in ordinary case (same offsets; see
/// `shouting`), each finding's text taken from `text` as written.
fn eased(text: &str, find: fn(&str) -> Vec<Finding>) -> Vec<Finding> {
    match shouting::in_ordinary_case(text) {
        Some(eased) => find(&eased)
            .into_iter()
            .map(|f| Finding {
                text: text[f.start..f.end].to_owned(),
                ..f
            })
            .collect(),
        None => find(text),
    }
}

fn find_in(text: &str) -> Vec<Finding> {
    let words = tokens::tokenize(text);
    let denied = denied_spans(text);
    let findings = find_with_rules(text, &words, &denied);
    let mut findings = tagger::retag(text, &words, findings);
    names::fill_lists_of_people(text, &words, &mut findings);
    neighbours::name_places_by_their_neighbours(text, &words, &mut findings);
    neighbours::name_people_by_their_neighbours(text, &words, &mut findings);
    neighbours::name_what_it_is_called(text, &words, &mut findings);
    neighbours::find_local_branches(text, &words, &mut findings);
    neighbours::name_shops_by_their_owners(text, &words, &mut findings);
    neighbours::name_services_after_the(text, &words, &mut findings);
    neighbours::name_places_for_our_lady(text, &words, &mut findings);
    neighbours::continue_lists_of_wards(text, &words, &mut findings);
    names::find_again(text, &words, &mut findings);
    names::mend_nicknames(text, &words, &mut findings);
    places::end_before_gatherings(&mut findings);
    address_parts::find_towns_before_postcodes(text, &mut findings);
    // The tagger knows no brands, fiction, sayings or pets: what it adds is held to the
    // rules' deny list.
    findings.retain(|f| !is_denied(text, &denied, f.kind, f.start, f.end));
    neighbours::take_in_capital_the(text, &words, &mut findings);
    neighbours::take_in_saints_apostrophes(text, &words, &mut findings);
    findings
}

/// What the rules alone find, before the tagger decides again (for training it).
fn find_by_rules(text: &str) -> Vec<Finding> {
    find_with_rules(text, &tokens::tokenize(text), &denied_spans(text))
}

fn find_with_rules(text: &str, words: &[tokens::Token], denied: &[(usize, usize)]) -> Vec<Finding> {
    let mut candidates = Vec::new();
    patterns::find_emails_links_handles(text, &mut candidates);
    patterns::find_phones(text, &mut candidates);
    patterns::find_official_numbers(text, &mut candidates);
    patterns::find_postcodes(text, &mut candidates);
    exact_dates::find_dates(text, &mut candidates);
    patterns::find_addresses(text, &mut candidates);
    names::find_titled_people(text, words, &mut candidates);
    names::find_nicknamed_people(text, words, &mut candidates);
    names::find_names_in_capitals(words, &mut candidates);
    names::find_named_people(text, words, &mut candidates);
    lower_case::find_lower_case_names(text, words, &mut candidates);
    lower_case::find_lower_case_streets(words, &mut candidates);
    places::find_places(text, words, &mut candidates);
    plain_places::find_plain_word_places(text, words, &mut candidates);
    plain_places::find_royal_places(words, &mut candidates);
    plain_places::find_hospitals_by_short_name(words, &mut candidates);
    place_context::find_gazetteer_places(text, words, &mut candidates);
    names::find_repeated_names(text, words, &mut candidates);
    candidates.retain(|c| !is_denied(text, denied, c.kind, c.start, c.end));
    continue_lists_of_places(text, &mut candidates);
    name_places_said_alone(text, &mut candidates);
    let mut findings = address_parts::join_address_parts(text, resolve(text, candidates));
    names::mend_nicknames(text, words, &mut findings);
    findings
}

/// The spans of brands, works of fiction, sayings and supported football clubs ("Dr Pepper",
/// "Nurse Ratched", "Bob's your uncle", "I still support Celtic").
fn denied_spans(text: &str) -> Vec<(usize, usize)> {
    lexicon::DENY_PHRASES
        .find_iter(text)
        // "Dr Pepper" is a drink; "Dr Pepper-Smith" is a doctor.
        .filter(|m| !text[m.end()..].starts_with(|c: char| c == '-' || c.is_alphanumeric()))
        .map(|m| (m.start(), m.end()))
        // "Seni's Law", "Martha's Rule": a law named after someone whose death brought it.
        .chain(
            lexicon::NAMED_LAW
                .find_iter(text)
                .map(|m| (m.start(), m.end())),
        )
        // "he supports Lech Poznań", "I still support Celtic": the club, not a place.
        .chain(
            lexicon::TEAM_SUPPORTED
                .captures_iter(text)
                .filter_map(|c| c.get(1))
                // "I support Lucas" is caring for someone; a club is named in more than one
                // word ("Ross County") or is one of the clubs known by one.
                .filter(|m| m.as_str().contains(' ') || lexicon::is_club(m.as_str()))
                .map(|m| (m.start(), m.end())),
        )
        // "Newcastle were relegated", "watched Liverpool lose": a town's team. Only a town or
        // club, since people lose and win too ("Priya won the raffle").
        .chain(lexicon::teams_named(text).filter_map(|(start, end)| {
            let team = |name: &str| words::is_town(name) || lexicon::is_club(name);
            // "Watched Liverpool lose": the town may be the second word alone.
            let name = &text[start..end];
            let last = name.rfind(' ').map_or(0, |i| i + 1);
            if team(name) {
                Some((start, end))
            } else {
                team(&name[last..]).then_some((start + last, end))
            }
        }))
        .collect()
}

/// Whether a name, place or street at `start..end` falls inside one of the `denied` spans, or
/// is a pet's name.
fn is_denied(text: &str, denied: &[(usize, usize)], kind: Kind, start: usize, end: usize) -> bool {
    if !matches!(kind, Kind::Person | Kind::Place | Kind::Address) {
        return false;
    }
    // A place that runs on past a brand or a charity is its branch ("Refugee Action
    // Kirklees", "St Mungo's Infirmary"); a name is denied wherever it touches one.
    let denied_here = denied.iter().any(|&(s, e)| match kind {
        Kind::Person => start < e && s < end,
        _ => s <= start && end <= e,
    });
    denied_here || (kind == Kind::Person && names_a_pet(&text[..start]))
}

/// Whether the words before a name make it an animal's: "a cat called Biscuit", "a Staffie
/// called Nelson". A pet's name identifies nobody. ("walking his dog, Ricardo" is the man.)
fn names_a_pet(before: &str) -> bool {
    // Only the last few words matter: "a Staffie called ".
    let tail = just_before(before, before.len(), 40);
    // "a cat called Biscuit", or the name straight after the animal: "my cat Kovu" (not
    // "walking his dog, Ricardo").
    let strip = |word: &str| {
        let cut = tail.len().checked_sub(word.len())?;
        (tail.is_char_boundary(cut) && tail[cut..].eq_ignore_ascii_case(word)).then(|| &tail[..cut])
    };
    let Some(rest) = strip(" called ")
        .or_else(|| strip(" named "))
        .or_else(|| tail.strip_suffix(' ').filter(|r| !r.ends_with(',')))
    else {
        return false;
    };
    let animal = rest.rsplit([' ', '\n', '(']).next().unwrap_or("");
    // No animal's name is longer than this; most words are ruled out before any is put in
    // lower case.
    if animal.len() > 10 {
        return false;
    }
    one_of!(
        animal.to_lowercase().trim_end_matches('s'),
        "cat"
            | "dog"
            | "puppy"
            | "puppie"
            | "kitten"
            | "hamster"
            | "rabbit"
            | "budgie"
            | "parrot"
            | "pony"
            | "horse"
            | "staffie"
            | "labrador"
            | "spaniel"
            | "terrier"
            | "tortoise"
            | "goldfish"
            | "pup"
            | "lurcher"
            | "greyhound"
            | "collie"
    )
}

/// A place's own name said alone is the place: "admitted to Hergest Unit … On Hergest there
/// was one nurse", "Lynfield Mount … back to Lynfield". Only a name found as a possible person
/// for want of anything better, and never one on the first-name list ("Ruskin House … Ruskin"
/// is the house; "St Lewis Ward … Lewis said" stays a person).
fn name_places_said_alone(text: &str, candidates: &mut [Candidate]) {
    let heads: HashSet<&str> = candidates
        .iter()
        .filter(|c| c.kind == Kind::Place)
        .filter_map(|c| {
            let (head, rest) = text[c.start..c.end].split_once(' ')?;
            // "Ward Afallon … Afallon means apple orchard": the name after a leading noun.
            let led = (head == "Ward" || place_words::is_leading_noun(head)) && !rest.contains(' ');
            let (head, noun) = if led {
                (rest, head)
            } else {
                (head, rest.rsplit(' ').next()?)
            };
            ((place_words::is_institution_noun(noun) || led)
                && head.chars().count() >= 3
                && head.chars().all(char::is_alphabetic)
                && head.starts_with(char::is_uppercase)
                && !words::STOP_WORDS.contains(head.to_lowercase().as_str()))
            .then_some(head)
        })
        .collect();
    if heads.is_empty() {
        return;
    }
    for c in candidates.iter_mut() {
        let name = &text[c.start..c.end];
        if c.kind == Kind::Person
            && c.reason == names::REASON_NAME
            && heads.contains(&name)
            && !words::NAMES.0.contains(&name.to_lowercase())
        {
            c.kind = Kind::Place;
            c.reason = places::REASON_PLACE;
        }
    }
}

/// Whether someone is placed just before `start`: "a counsellor in Swansea, Glesni", "my sister
/// in Lurgan, Róisín", "my caseworker at Refugee Action Kirklees, Shilan Barzani". The name
/// after the comma is theirs, not another place.
fn someone_placed_before(text: &str, start: usize) -> bool {
    let mut words = text[..start]
        .rsplit(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty());
    // The place itself may be several words: walk back over capitalised ones.
    let preposition = loop {
        match words.next() {
            Some(w) if w.starts_with(char::is_uppercase) => continue,
            other => break other,
        }
    };
    matches!(preposition, Some("in" | "at" | "from" | "fae" | "with"))
        && words
            .next()
            .is_some_and(|w| words::is_person_before(&w.to_lowercase()))
}

/// In a list of places, a name found only as a possible person is a place too: "in St Ives,
/// then Penzance, then Truro", "Leek and Cheadle". Names from the first-name list stay people.
fn continue_lists_of_places(text: &str, candidates: &mut [Candidate]) {
    candidates.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    // The last name seen, (start, end, kind); the same span found twice is judged once.
    let mut previous: Option<(usize, usize, Kind)> = None;
    for i in 0..candidates.len() {
        // "the allotment on Ffordd Tan y Bryn, Gwion and Meinir": a name paired with a listed
        // first name is a person too.
        let paired = text[candidates[i].end..]
            .strip_prefix(" and ")
            .is_some_and(|rest| {
                let at = text.len() - rest.len();
                // Sorted by start, so only the next few can start there.
                candidates[i + 1..]
                    .iter()
                    .take_while(|n| n.start <= at)
                    .any(|n| {
                        n.start == at
                            && n.kind == Kind::Person
                            && words::NAMES
                                .0
                                .contains(&text[n.start..n.end].to_lowercase())
                    })
            });
        let c = &mut candidates[i];
        if !matches!(c.kind, Kind::Person | Kind::Place) {
            continue;
        }
        if let Some((start, end, kind)) = previous {
            if c.start < end {
                if (c.start, c.end) == (start, end) && kind == Kind::Place {
                    c.kind = Kind::Place;
                    c.reason = places::REASON_PLACE;
                }
                continue;
            }
            let gap = text.get(end..c.start).unwrap_or("x");
            let listed = || words::is_listed_name(&text[c.start..c.end].to_lowercase());
            // A town, not an institution: "the Recovery Hub, Elspeth, rang" names a person.
            let town = !text[start..end]
                .rsplit(' ')
                .next()
                .is_some_and(place_words::is_institution_noun);
            // "at Bluebell Ward, Fieldhead.": the ward, then the hospital or town it is in.
            let listed_on = if town {
                matches!(
                    gap,
                    ", " | ", then " | " then " | " and " | ", and " | " or " | " to "
                ) && !(gap == ", " && someone_placed_before(text, start))
            } else {
                let after = &text[c.end..];
                gap == ", "
                    && (after.trim().is_empty()
                        || after.starts_with(['.', ';', ')', '\n'])
                        || [", in ", " in ", ", near ", " near "]
                            .iter()
                            .any(|w| after.starts_with(w)))
            };
            // "at Brightside Housing, Hüseyin, has also written": someone there, not a place.
            // Checked last, as it reads the words after.
            let acts = || {
                context::acts_like_a_person(text, c.start, c.end)
                    || text[c.end..].starts_with(", ")
                        && context::acts_like_a_person(text, c.end, c.end + 1)
            };
            if kind == Kind::Place
                && listed_on
                && c.kind == Kind::Person
                && c.reason == names::REASON_NAME
                && !listed()
                && !paired
                && !acts()
            {
                c.kind = Kind::Place;
                c.reason = places::REASON_PLACE;
            }
        }
        previous = Some((c.start, c.end, c.kind));
    }
}

/// Replaces the given findings (byte spans into `text`, any order, non-overlapping) with their
/// kind's replacement text. Spans that are out of range, not on character boundaries or that
/// overlap an earlier one are skipped rather than causing a panic.
pub fn redact(text: &str, findings: &[Finding]) -> String {
    let mut sorted: Vec<&Finding> = findings.iter().collect();
    sorted.sort_by_key(|f| (f.start, f.end));
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for f in sorted {
        let valid = f.start >= copied
            && f.start <= f.end
            && f.end <= text.len()
            && text.is_char_boundary(f.start)
            && text.is_char_boundary(f.end);
        if !valid {
            continue;
        }
        out.push_str(&text[copied..f.start]);
        out.push_str(f.kind.replacement());
        copied = f.end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Keeps the longest candidates (then the most specific) and drops any that overlap them.
fn resolve(text: &str, mut candidates: Vec<Candidate>) -> Vec<Finding> {
    candidates.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(b.kind.specificity().cmp(&a.kind.specificity()))
            .then(a.start.cmp(&b.start))
    });
    // Accepted spans keyed by start; spans never overlap, so one neighbour on each side is
    // enough to test a new span.
    let mut accepted: BTreeMap<usize, Candidate> = BTreeMap::new();
    for c in candidates {
        if c.start >= c.end {
            continue;
        }
        let clash_before = accepted
            .range(..=c.start)
            .next_back()
            .is_some_and(|(_, p)| p.end > c.start);
        let clash_after = accepted
            .range(c.start..)
            .next()
            .is_some_and(|(&s, _)| s < c.end);
        if !clash_before && !clash_after {
            accepted.insert(c.start, c);
        }
    }
    accepted
        .into_values()
        .map(|c| Finding {
            kind: c.kind,
            start: c.start,
            end: c.end,
            text: text[c.start..c.end].to_string(),
            reason: c.reason.to_string(),
        })
        .collect()
}

/// The last `reach` bytes or fewer of `text` before `end`, starting on a character: the few
/// words a check looks back on, so that a long text is not read again for every word.
fn just_before(text: &str, end: usize, reach: usize) -> &str {
    let mut from = end.saturating_sub(reach);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..end]
}

/// The first `reach` bytes or fewer of `text`, ending on a character: the few words a check
/// looks ahead to.
fn just_after(text: &str, reach: usize) -> &str {
    let mut to = reach.min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    &text[..to]
}

/// Whether `before` ends in the whole words `phrase`: "his name is" ends in "name is", "rename
/// is" does not.
fn ends_with_phrase(before: &str, phrase: &str) -> bool {
    before.strip_suffix(phrase).is_some_and(|rest| {
        rest.chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

fn push(out: &mut Vec<Candidate>, kind: Kind, start: usize, end: usize, reason: &'static str) {
    out.push(Candidate {
        kind,
        start,
        end,
        reason,
    });
}
