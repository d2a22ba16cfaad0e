//! Finds text in a testimony that could identify someone: contact details, official numbers,
//! exact dates, street addresses, links, handles, and names of people and of wards or hospitals.
//! Pure and fast; used to warn contributors before they submit and to flag text for moderators.
//! It favours precision: a contributor flooded with warnings will ignore them, so the words of
//! UK mental health services (drug names, "section 136", "the ward", support lines) are left alone.

use regex::{Captures, Regex};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

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

const REASON_EMAIL: &str =
    "This looks like an email address, which could identify you or someone else.";
const REASON_PHONE: &str =
    "This looks like a phone number, which could identify you or someone else.";
const REASON_NHS: &str = "This looks like an NHS number, which identifies a patient.";
const REASON_NI: &str = "This looks like a National Insurance number, which identifies a person.";
const REASON_POSTCODE: &str =
    "This looks like a postcode, which can point to where someone lives or was treated.";
const REASON_DATE: &str = "This looks like an exact date, such as a birthday, which could help identify someone; a month and year is safer.";
const REASON_ADDRESS: &str =
    "This looks like a street address, which could show where someone lives.";
const REASON_URL: &str =
    "This looks like a web link, which could lead back to you or someone else.";
const REASON_HANDLE: &str =
    "This looks like a social media handle, which could identify you or someone else.";
const REASON_TITLED: &str = "This looks like the name of a person; consider using their role instead, such as \"the consultant\" or \"a nurse\".";
const REASON_NAME: &str =
    "This looks like someone's name; consider using their role or an invented name instead.";
const REASON_PLACE: &str = "This looks like the name of a ward, hospital, service or other place, which could identify you or the staff there.";

/// Compiles a pattern once. `\b` is made ASCII-only and `\d` becomes `[0-9]`, which keeps the
/// fast regex engines in use on non-ASCII text and means digits are always ASCII bytes.
fn re(pattern: &str) -> Regex {
    let pattern = pattern.replace(r"\b", r"(?-u:\b)").replace(r"\d", "[0-9]");
    Regex::new(&pattern).expect("identifier patterns are valid")
}

/// Lower-case words that are never treated as a name, a surname or the distinctive part of a
/// place name, even when capitalised: function words, calendar words, faith words and the
/// vocabulary of services (see GLOSSARY.md).
static STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    "a about after again all also although an and another any are as at away back be because
     been before being both but by can could dear did do does during each even every few for
     from had has have he hello her here hers him his how i if in into is it its just last
     later like many me more most much my never new next no not now of off oh ok on once one
     only or other our out over please she since so some still such than thanks that the
     their them then there these they this those though through to too two three under until
     up upon us very was we well were what when where whether which while who why will with
     without would yes yet you your first second third fourth fifth
     monday tuesday wednesday thursday friday saturday sunday
     january february march april may june july august september october november december
     jan feb mar apr jun jul aug sep sept oct nov dec
     spring summer autumn winter christmas easter eid diwali ramadan hanukkah new year
     god lord jesus christ allah bible church mosque temple gurdwara synagogue
     nhs mental health act section ward wards hospital trust team teams crisis home treatment
     samaritans shout mind rethink talking therapies police court tribunal council social
     services service care quality commission cqc universal credit pip esa dwp jobcentre gp
     recovery college peer support worker workers nurse nurses doctor doctors consultant
     psychiatrist psychiatrists psychologist therapist therapists sister matron staff
     practitioner practitioners patient patients unit centre clinic surgery street road
     lane avenue close drive way crescent gardens terrace place grove hill row square walk
     house lodge suite station prison england wales scotland ireland britain uk british
     english welsh scottish irish covid lockdown dr mr mrs ms miss prof sir madam men women
     cmht picu camhs amhp ect cto bpd eupd ocd ptsd adhd a&e ed hca cpn ot"
        .split_whitespace()
        .collect()
});

/// Words that describe a kind of service rather than name one: "the Acute Ward", "a Crisis
/// House", "the Mother and Baby Unit" are not identifying, "Willow Ward" is.
static GENERIC_PLACE_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    "acute admissions admission adult adults adolescent adolescents assessment baby
     children children's child clinical community county city crisis day decision dementia
     disorder disorders district eating emergency female male women's men's forensic general
     gender identity halfway high inpatient intensive learning disability disabilities local
     low medium medical memory mental health mother mothers older people perinatal place
     safety private psychiatric psychiatry psychological recovery rehab rehabilitation
     respite sanctuary secure sexual specialist treatment walk-in job leisure town shopping
     sports family foster care nhs gp trust foundation partnership partnerships ward unit
     hospital centre clinic house services service main new old royal university teaching
     neuro neurology outpatient outpatients physio elderly psychiatric the a an this that my
     our their his her your its every each any some another one two three four five six
     seven eight nine ten lithium clozapine depot injection sertraline fluoxetine citalopram
     mirtazapine venlafaxine olanzapine quetiapine aripiprazole risperidone haloperidol
     lorazepam diazepam clonazepam zopiclone promethazine methadone buprenorphine
     substance misuse addiction addictions alcohol drug drugs detox
     police station custody prison bail approved probation hostel homeless"
        .split_whitespace()
        .collect()
});

/// The bundled first-name list. Lines ending in `*` are names that are also common English
/// words or places; they need context before they are flagged.
static NAMES: LazyLock<(HashSet<String>, HashSet<String>)> = LazyLock::new(|| {
    let mut plain = HashSet::new();
    let mut word_like = HashSet::new();
    for line in include_str!("pii_names.txt").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.strip_suffix('*') {
            Some(name) => word_like.insert(name.trim().to_string()),
            None => plain.insert(line.to_string()),
        };
    }
    (plain, word_like)
});

/// Words that, just before an ambiguous first name, show that it is a person ("my friend Will").
const PERSON_BEFORE: &[&str] = &[
    "called",
    "named",
    "friend",
    "nurse",
    "sister",
    "brother",
    "mum",
    "mom",
    "dad",
    "mother",
    "father",
    "daughter",
    "son",
    "husband",
    "wife",
    "partner",
    "girlfriend",
    "boyfriend",
    "cousin",
    "aunt",
    "auntie",
    "uncle",
    "nan",
    "gran",
    "grandad",
    "grandma",
    "colleague",
    "neighbour",
    "worker",
    "coordinator",
    "psychiatrist",
    "psychologist",
    "therapist",
    "consultant",
    "doctor",
    "cpn",
    "hca",
    "advocate",
    "mate",
    "flatmate",
    "roommate",
];

/// Verbs that, just after an ambiguous first name, show that it is a person ("Grace said").
const PERSON_AFTER_STRONG: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "asked",
    "asks",
    "replied",
    "explained",
    "shouted",
    "smiled",
    "laughed",
    "whispered",
    "texted",
    "rang",
    "phoned",
    "visited",
    "came",
    "comes",
    "helped",
    "sat",
    "stayed",
    "listened",
    "noticed",
    "hugged",
    "cried",
    "promised",
];

/// Weaker verbs ("Hope was ...") are also ordinary after an abstract noun, so they only count
/// away from the start of a sentence.
const PERSON_AFTER_WEAK: &[&str] = &[
    "was", "is", "had", "has", "would", "will", "did", "and", "who", "from",
];

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b",
    )
});

static URL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)\b(?:https?://|www\.)[^\s<>"'()\[\]{}|\\^`]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|info|io|me|co\.uk|org\.uk|uk)\b(?:/[^\s<>"'()\[\]{}|\\^`]*)?"#,
    )
});

/// A handle is `@name` not glued to a preceding word (which would make it part of an email).
static HANDLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:^|[^A-Za-z0-9_@.])(@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)"));

/// Where a phone number may begin; the rest is parsed by hand in `phone_end`.
static PHONE_START: LazyLock<Regex> = LazyLock::new(|| re(r"\+\d|\(0\d|\b0\d"));

static NHS: LazyLock<Regex> = LazyLock::new(|| re(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b"));

static NI: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b([A-Z]{2}) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])\b"));

/// Outward code, optional space, full inward code (a digit and two letters from the set the
/// Royal Mail uses, which excludes C, I, K, M, O and V: that rules out "4pm", "2am").
static POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)( ?)(\d[ABD-HJLNP-UW-Z]{2})\b"));

const MONTHS: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?";
const DAY: &str = r"(?:0?[1-9]|[12]\d|3[01])";

static DATE_NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b{DAY}([/.-])(?:0?[1-9]|1[0-2])([/.-])(?:19\d\d|20\d\d|\d\d)\b|\b(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"
    ))
});

/// "3rd March 2019", "12 March", "the 3rd of March", "March 3, 2019", "March 3rd". A month
/// with only a year ("March 2019") is coarse enough to keep and does not match.
static DATE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b{DAY}(?:st|nd|rd|th)?(?: of)?[ \t]+{MONTHS}(?:,?[ \t]+(?:19|20)\d\d|[ \t]+'\d\d)?\b|\b{MONTHS}[ \t]+{DAY}(?:st|nd|rd|th)?\b(?:,?[ \t]+(?:19|20)\d\d\b)?"
    ))
});

/// A lead-in that makes the following date a date of birth, or a bare "born on the 4th".
static DATE_BIRTH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:d\.?o\.?b\b\.?|date of birth|born on(?: the)?)[ \t]*[:\-]?[ \t]*(?:\d{1,2}(?:st|nd|rd|th)\b)?",
    )
});

static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:(?:Flat|Apartment|Apt|Unit|Room)[ \t]+\d+[A-Za-z]?,?[ \t]+)?\d{1,4}[A-Za-z]?,?[ \t]+(?:[A-Z][A-Za-z'’-]*[ \t]+){1,3}(?:Road|Street|Lane|Avenue|Close|Drive|Way|Crescent|Gardens|Terrace|Place|Court|Grove|Hill|Row|Square|Walk|Mews|Parade|Rd|St|Ln|Ave)\b",
    )
});

const NAME_WORD: &str = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?";

static TITLED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:Dr|Doctor|Mr|Mrs|Ms|Mx|Miss|Prof|Professor|Nurse|Sister|Matron|Rev|Reverend|Father|Imam|Rabbi|Pastor)\.?[ \t]+(?:[A-Z]\.?[ \t]+){{0,2}}({NAME_WORD})(?:[ \t]+({NAME_WORD}))?"
    ))
});

static CAPITALISED: LazyLock<Regex> = LazyLock::new(|| re(r"\b[A-Z][a-z]+\b"));

static SURNAME_AFTER: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^[ \t]+({NAME_WORD})\b")));

/// One to five capitalised words before a place suffix: "St Anne's Hospital", "Willow Ward",
/// "Northfield NHS Foundation Trust", "Brixton Police Station".
static PLACE_SUFFIXED: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"(?:St\.|[A-Z][A-Za-z'’&-]*)";
    re(&format!(
        r"\b({word}(?:[ \t]+(?:(?:of|and|upon|the)[ \t]+)?{word}){{0,4}})[ \t]+(NHS Foundation Trust|NHS Trust|Foundation Trust|Trust|Police Station|Medical Practice|Medical Centre|Health Centre|Hospital|Infirmary|Hospice|Clinic|Surgery|Centre|Center|Unit|unit|House|Lodge|Ward|ward|Suite|Wing|Prison)\b"
    ))
});

static PLACE_NUMBERED_WARD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i:\bward[ \t]+\d{1,3}[a-z]?\b(?:[ \t]+[a-z]+)?)|\bWard[ \t]+[A-HJ-Z]\d?\b")
});

static PLACE_PRISON: LazyLock<Regex> =
    LazyLock::new(|| re(r"\bHM(?:P|YOI|P ?& ?YOI)[ \t]+[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?"));

/// Institutions so well known that they are named without a suffix.
static PLACE_KNOWN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:Priory|Maudsley|Bethlem|Broadmoor|Rampton|Ashworth|Carstairs|Tavistock|Cygnet|Huntercombe)\b",
    )
});

/// A candidate before overlaps are resolved.
struct Candidate {
    kind: Kind,
    start: usize,
    end: usize,
    reason: &'static str,
}

/// Finds possible identifiers in `text`; spans are byte offsets into `text`, sorted by start,
/// non-overlapping (prefer the longer / more specific when two overlap).
pub fn find_identifiers(text: &str) -> Vec<Finding> {
    let mut candidates = Vec::new();
    find_emails_links_handles(text, &mut candidates);
    find_phones(text, &mut candidates);
    find_official_numbers(text, &mut candidates);
    find_postcodes(text, &mut candidates);
    find_dates(text, &mut candidates);
    find_addresses(text, &mut candidates);
    find_titled_people(text, &mut candidates);
    find_named_people(text, &mut candidates);
    find_places(text, &mut candidates);
    resolve(text, candidates)
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

fn push(out: &mut Vec<Candidate>, kind: Kind, start: usize, end: usize, reason: &'static str) {
    out.push(Candidate {
        kind,
        start,
        end,
        reason,
    });
}

fn find_emails_links_handles(text: &str, out: &mut Vec<Candidate>) {
    for m in EMAIL.find_iter(text) {
        push(out, Kind::Email, m.start(), m.end(), REASON_EMAIL);
    }
    for m in URL.find_iter(text) {
        // Sentence punctuation and Markdown emphasis after a link are not part of it.
        let trimmed = m
            .as_str()
            .trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_']);
        push(
            out,
            Kind::Url,
            m.start(),
            m.start() + trimmed.len(),
            REASON_URL,
        );
    }
    for caps in HANDLE.captures_iter(text) {
        let Some(m) = caps.get(1) else { continue };
        let name = m.as_str().trim_end_matches('.');
        if name.len() > 2 && name.bytes().any(|b| b.is_ascii_alphabetic()) {
            push(
                out,
                Kind::Handle,
                m.start(),
                m.start() + name.len(),
                REASON_HANDLE,
            );
        }
    }
}

fn find_phones(text: &str, out: &mut Vec<Candidate>) {
    for m in PHONE_START.find_iter(text) {
        let start = m.start();
        // "£0.07" or "1,07700": a digit or decimal point just before means this is not the
        // start of a number.
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',')
        {
            continue;
        }
        if let Some(end) = phone_end(text, start) {
            push(out, Kind::Phone, start, end, REASON_PHONE);
        }
    }
}

/// Parses digit groups from `start` and returns the end of the longest run of whole groups
/// that makes a plausible phone number, so "07700 900123 15 times" stops before "15".
fn phone_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let international = bytes[start] == b'+';
    let mut i = start + usize::from(international || bytes[start] == b'(');
    let mut digits = String::new();
    let mut best = None;
    while digits.len() <= 15 {
        // Between groups: a few spaces, dashes or brackets, and the "(0)" of "+44 (0)".
        let mut j = i;
        if !digits.is_empty() {
            while j < bytes.len() && j - i < 4 {
                if bytes[j..].starts_with(b"(0)") {
                    j += 3;
                } else if matches!(bytes[j], b' ' | b'-' | b'(' | b')') {
                    j += 1;
                } else {
                    break;
                }
            }
        }
        let group_start = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        if j == group_start {
            break;
        }
        digits.push_str(&text[group_start..j]);
        i = j;
        if plausible_phone(&digits, international) {
            best = Some(i);
        }
    }
    // A letter glued on ("07700900123abc") means it was something else.
    best.filter(|&end| !bytes.get(end).is_some_and(|b| b.is_ascii_alphabetic()))
}

fn plausible_phone(digits: &str, international: bool) -> bool {
    if international {
        if let Some(national) = digits.strip_prefix("44") {
            // "+44 (0)7700..." has had its "(0)" skipped already.
            return (9..=10).contains(&national.len()) && !national.starts_with('0');
        }
        return (8..=15).contains(&digits.len());
    }
    // UK national numbers: 0 then a non-zero digit, 10 or 11 digits in all.
    (10..=11).contains(&digits.len()) && digits.as_bytes().get(1).is_some_and(|&d| d != b'0')
}

/// NHS numbers carry a modulus 11 check digit; only numbers that pass it are flagged, so
/// reference numbers and other ten-digit runs are not.
pub(crate) fn nhs_check_digit_valid(digits: &[u8; 10]) -> bool {
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(&d, w)| u32::from(d) * w)
        .sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == u32::from(digits[9])
}

fn find_official_numbers(text: &str, out: &mut Vec<Candidate>) {
    for m in NHS.find_iter(text) {
        // Part of a longer number such as "+44 770 090 0123" or "0161 496 0000".
        let before = text[..m.start()].trim_end_matches(' ');
        if before.ends_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-')
            || text[m.end()..].starts_with(['-', '/'])
        {
            continue;
        }
        let mut digits = [0u8; 10];
        let mut n = 0;
        for b in m.as_str().bytes().filter(u8::is_ascii_digit) {
            digits[n] = b - b'0';
            n += 1;
        }
        if n == 10 && digits.iter().any(|&d| d != digits[0]) && nhs_check_digit_valid(&digits) {
            push(out, Kind::NhsNumber, m.start(), m.end(), REASON_NHS);
        }
    }
    for caps in NI.captures_iter(text) {
        let prefix = caps[1].to_ascii_uppercase();
        let mut letters = prefix.chars();
        let (Some(first), Some(second)) = (letters.next(), letters.next()) else {
            continue;
        };
        let valid = first.is_ascii_uppercase()
            && second.is_ascii_uppercase()
            && !"DFIQUV".contains(first)
            && !"DFIOQUV".contains(second)
            && !["BG", "GB", "NK", "KN", "TN", "NT", "ZZ"].contains(&prefix.as_str());
        if valid {
            let m = caps.get(0).expect("whole match");
            push(out, Kind::NiNumber, m.start(), m.end(), REASON_NI);
        }
    }
}

fn find_postcodes(text: &str, out: &mut Vec<Candidate>) {
    for caps in POSTCODE.captures_iter(text) {
        let m = caps.get(0).expect("whole match");
        let whole = m.as_str();
        if !whole.is_ascii() {
            continue;
        }
        let lower = whole.bytes().any(|b| b.is_ascii_lowercase());
        // Unspaced postcodes are only taken in capitals, and lower-case "2nd", "1st" are
        // ordinals ("the A1 2nd exit"), not inward codes.
        if lower && caps[1].is_empty() {
            continue;
        }
        if lower && ["st", "nd", "rd", "th"].contains(&&caps[2][1..]) {
            continue;
        }
        push(out, Kind::Postcode, m.start(), m.end(), REASON_POSTCODE);
    }
}

fn find_dates(text: &str, out: &mut Vec<Candidate>) {
    let mut dates: Vec<(usize, usize)> = Vec::new();
    for caps in DATE_NUMERIC.captures_iter(text) {
        let m = caps.get(0).expect("whole match");
        // "12/03-87" mixes separators, and "1.2.3.4" or "1.5.10.2" is a version or address.
        let same_separators = match (caps.get(1), caps.get(2)) {
            (Some(a), Some(b)) => a.as_str() == b.as_str(),
            _ => true,
        };
        let continues = text.as_bytes()[m.end()..]
            .get(..2)
            .is_some_and(|b| matches!(b[0], b'.' | b'/' | b'-') && b[1].is_ascii_digit());
        let follows_number = text[..m.start()]
            .bytes()
            .next_back()
            .is_some_and(|b| matches!(b, b'.' | b'/' | b'-' | b'+' | b'0'..=b'9'));
        if same_separators && !continues && !follows_number {
            dates.push((m.start(), m.end()));
        }
    }
    for m in DATE_WORDS.find_iter(text) {
        dates.push((m.start(), m.end()));
    }
    let starts: HashMap<usize, usize> = dates.iter().enumerate().map(|(i, d)| (d.0, i)).collect();
    for m in DATE_BIRTH.find_iter(text) {
        if m.as_str().ends_with(|c: char| c.is_ascii_alphabetic())
            && m.as_str().contains(|c: char| c.is_ascii_digit())
        {
            // "born on the 4th": a day of birth without a month is still identifying.
            dates.push((m.start(), m.end()));
        } else if let Some(&i) = starts.get(&m.end()) {
            // "DOB: 12/03/1987": the lead-in joins the date so the label is removed with it.
            dates[i].0 = m.start();
        }
    }
    for (start, end) in dates {
        push(out, Kind::Date, start, end, REASON_DATE);
    }
}

fn find_addresses(text: &str, out: &mut Vec<Candidate>) {
    for m in ADDRESS.find_iter(text) {
        push(out, Kind::Address, m.start(), m.end(), REASON_ADDRESS);
    }
}

fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(word.to_ascii_lowercase().as_str())
}

fn find_titled_people(text: &str, out: &mut Vec<Candidate>) {
    for caps in TITLED.captures_iter(text) {
        let (Some(whole), Some(first)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        if is_stop_word(first.as_str()) || is_place_suffix(first.as_str()) {
            continue;
        }
        let end = match caps.get(2) {
            Some(second) if !is_stop_word(second.as_str()) && !is_place_suffix(second.as_str()) => {
                second.end()
            }
            _ => first.end(),
        };
        push(out, Kind::Person, whole.start(), end, REASON_TITLED);
    }
}

fn is_place_suffix(word: &str) -> bool {
    matches!(
        word,
        "Ward"
            | "Hospital"
            | "Unit"
            | "Centre"
            | "Clinic"
            | "Surgery"
            | "House"
            | "Lodge"
            | "Suite"
            | "Trust"
            | "Road"
            | "Street"
            | "Lane"
            | "Avenue"
            | "Close"
            | "Drive"
            | "Way"
            | "Crescent"
            | "Gardens"
            | "Terrace"
            | "Place"
            | "Court"
            | "Grove"
            | "Hill"
            | "Row"
            | "Square"
            | "Walk"
            | "Station"
            | "Prison"
            | "Practice"
            | "Wing"
    )
}

fn find_named_people(text: &str, out: &mut Vec<Candidate>) {
    let (plain, word_like) = &*NAMES;
    for m in CAPITALISED.find_iter(text) {
        let word = m.as_str();
        let lower = word.to_ascii_lowercase();
        let listed = plain.contains(&lower) || word_like.contains(&lower);
        // "St Luke's" and "Saint Anne" are places or saints, not people.
        let before = text[..m.start()].trim_end_matches([' ', '\t']);
        if before.ends_with("St") || before.ends_with("St.") || before.ends_with("Saint") {
            continue;
        }
        // Names missing from the list are still taken after "called" or a role
        // ("a nurse called Bernadette", "my key worker, Tariq").
        if !listed && (is_stop_word(word) || !follows_person_word(text, m.start())) {
            continue;
        }
        let rest = &text[m.end()..];
        // "Priya Shah": a capitalised word straight after a first name is taken as a surname.
        let surname_end = SURNAME_AFTER
            .captures(rest)
            .and_then(|c| c.get(1))
            .filter(|s| !is_stop_word(s.as_str()) && !is_place_suffix(s.as_str()))
            .map(|s| m.end() + s.end());
        let needs_context = word_like.contains(&lower);
        if needs_context && surname_end.is_none() && !person_context(text, m.start(), m.end()) {
            continue;
        }
        push(
            out,
            Kind::Person,
            m.start(),
            surname_end.unwrap_or(m.end()),
            REASON_NAME,
        );
    }
}

/// Whether the word before `start`, allowing one comma ("my CPN, Karen"), is one of
/// `PERSON_BEFORE`: a relationship, a role, "called" or "named".
fn follows_person_word(text: &str, start: usize) -> bool {
    let previous = text[..start]
        .trim_end()
        .trim_end_matches(',')
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    PERSON_BEFORE.contains(&previous.as_str())
}

/// Whether the words around an ambiguous name ("Hope", "Will", "Grace") show it is a person.
fn person_context(text: &str, start: usize, end: usize) -> bool {
    if follows_person_word(text, start) {
        return true;
    }
    let rest = &text[end..];
    let mid_sentence = !at_sentence_start(text, start);
    if mid_sentence && (rest.starts_with("'s") || rest.starts_with("’s")) {
        return true;
    }
    // Apposition: "Mohammed, my key worker, ..."
    if rest.starts_with(", my ") || rest.starts_with(", our ") {
        return true;
    }
    let next = rest
        .trim_start_matches([' ', '\t', ','])
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    if rest.starts_with([' ', '\t']) {
        if PERSON_AFTER_STRONG.contains(&next) {
            return true;
        }
        if mid_sentence && PERSON_AFTER_WEAK.contains(&next) {
            return true;
        }
    }
    false
}

/// Whether `pos` starts a sentence, a line of a Markdown list or heading, or the text, where
/// capital letters say nothing about names.
fn at_sentence_start(text: &str, pos: usize) -> bool {
    let mut newlines = 0;
    for c in text[..pos].chars().rev() {
        match c {
            '\n' => newlines += 1,
            ' ' | '\t' | '\r' | '"' | '“' | '‘' | '\'' | '(' | '[' | '*' | '_' | '#' | '>'
            | '-' => {}
            '.' | '!' | '?' | ':' => return true,
            _ => return newlines >= 2 || (newlines == 1 && line_is_marked(text, pos)),
        }
    }
    true
}

/// Whether the line holding `pos` starts with a Markdown marker (heading, list, quote).
fn line_is_marked(text: &str, pos: usize) -> bool {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..pos].trim_start();
    line.starts_with(['#', '-', '*', '>', '+'])
        || line
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn find_places(text: &str, out: &mut Vec<Candidate>) {
    for caps in PLACE_SUFFIXED.captures_iter(text) {
        if let Some(start) = distinctive_place_start(&caps) {
            let end = caps.get(0).expect("whole match").end();
            push(out, Kind::Place, start, end, REASON_PLACE);
        }
    }
    for m in PLACE_NUMBERED_WARD.find_iter(text) {
        // "on the ward 3 times a day" counts visits; "ward 7" names a ward.
        let mut words = m.as_str().split_whitespace();
        let number = words.nth(1).unwrap_or("");
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
    for m in PLACE_PRISON
        .find_iter(text)
        .chain(PLACE_KNOWN.find_iter(text))
    {
        push(out, Kind::Place, m.start(), m.end(), REASON_PLACE);
    }
}

/// The start of a suffixed place name once leading function words ("On Willow Ward") are
/// dropped, or `None` when what is left only describes a kind of service ("the Acute Ward").
fn distinctive_place_start(caps: &Captures) -> Option<usize> {
    let words = caps.get(1)?;
    let mut offset = 0;
    let mut start = None;
    let mut distinctive = false;
    for word in words.as_str().split([' ', '\t']) {
        let lower = word.to_lowercase();
        let bare = lower.trim_end_matches(['\'', '’', 's']);
        if start.is_none() && STOP_WORDS.contains(lower.as_str()) {
            offset += word.len() + 1;
            continue;
        }
        start.get_or_insert(words.start() + offset);
        if !GENERIC_PLACE_WORDS.contains(lower.as_str())
            && !GENERIC_PLACE_WORDS.contains(bare)
            && !matches!(lower.as_str(), "of" | "and" | "upon" | "on" | "the" | "")
        {
            distinctive = true;
        }
    }
    start.filter(|_| distinctive)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        find_identifiers(text)
            .into_iter()
            .map(|f| (f.kind, f.text))
            .collect()
    }

    #[test]
    fn nhs_number_needs_a_valid_check_digit() {
        assert!(nhs_check_digit_valid(&[9, 4, 3, 4, 7, 6, 5, 9, 1, 9]));
        assert!(!nhs_check_digit_valid(&[9, 4, 3, 4, 7, 6, 5, 9, 1, 8]));
        assert_eq!(
            kinds("My NHS number is 943 476 5919."),
            vec![(Kind::NhsNumber, "943 476 5919".to_string())]
        );
        assert!(kinds("Reference 943 476 5918 on the letter.").is_empty());
        assert_eq!(kinds("number 9434765919")[0].0, Kind::NhsNumber);
    }

    #[test]
    fn support_lines_and_service_numbers_are_not_phone_numbers() {
        let text = "Call Samaritans on 116 123, text SHOUT to 85258, ring NHS 111 or 999. \
                    I was on a section 136, then 15-minute obs, and took 400mg of quetiapine in 2019.";
        assert!(kinds(text).is_empty(), "{:?}", kinds(text));
    }

    #[test]
    fn phone_numbers_in_common_uk_forms_are_found() {
        for phone in [
            "07700 900123",
            "07700-900-123",
            "+44 7700 900123",
            "+44 (0)7700 900123",
            "(0161) 496 0000",
            "020 7946 0123",
            "+353 20 912 3456",
        ] {
            let text = format!("Ring me on {phone} any time.");
            assert_eq!(
                kinds(&text),
                vec![(Kind::Phone, phone.to_string())],
                "{phone}"
            );
        }
    }

    #[test]
    fn month_and_year_is_not_an_exact_date() {
        assert!(kinds("I was admitted in March 2019, in the 1990s, one summer.").is_empty());
        assert_eq!(kinds("I was admitted on 3rd March 2019.")[0].0, Kind::Date);
        assert_eq!(kinds("DOB: 12/03/1987")[0].1, "DOB: 12/03/1987");
    }

    #[test]
    fn hope_as_a_word_is_not_a_person() {
        assert!(kinds("Hope is a strange thing. I had lost all Hope by then.").is_empty());
        assert_eq!(
            kinds("My friend Hope visited every week."),
            vec![(Kind::Person, "Hope".to_string())]
        );
        assert_eq!(
            kinds("Grace Adeyemi said I could go.")[0].1,
            "Grace Adeyemi"
        );
    }

    #[test]
    fn generic_places_are_not_named_places() {
        let text = "I went to A&E, then the acute ward, the 136 suite, the Crisis House and a \
                    Psychiatric Intensive Care Unit. The unit was loud.";
        assert!(kinds(text).is_empty(), "{:?}", kinds(text));
        assert_eq!(
            kinds("I was on Willow Ward at St Anne's Hospital."),
            vec![
                (Kind::Place, "Willow Ward".to_string()),
                (Kind::Place, "St Anne's Hospital".to_string())
            ]
        );
    }

    #[test]
    fn never_panics_and_spans_are_on_char_boundaries() {
        let pieces = [
            "é",
            "🙂",
            "Dr ",
            "07700 ",
            "900123",
            "@",
            "x.org",
            " ",
            "\n",
            "Ward ",
            "12/03/",
            "1987",
            "ß",
            "K",
            "SW1A 1AA",
            "’s",
            "Hope",
            "+44",
            "(0)",
            "Mr Ä",
            "-",
            "born on the ",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let findings = find_identifiers(&text);
            for pair in findings.windows(2) {
                assert!(pair[0].end <= pair[1].start);
            }
            for f in &findings {
                assert_eq!(&text[f.start..f.end], f.text);
            }
            redact(&text, &findings);
        }
    }

    #[test]
    fn redact_replaces_spans_with_kind_text() {
        let text = "Email sam.jones@example.org or ring 07700 900123.";
        assert_eq!(
            redact(text, &find_identifiers(text)),
            "Email [email removed] or ring [phone number removed]."
        );
    }
}
