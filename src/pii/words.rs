//! The word lists the finders consult: words never taken as names, words that only describe a
//! kind of service, the bundled first names (`pii_names.txt`), the words around a name that
//! show it is a person, and the suffixes that end a place name.

use super::HashSet;
use std::sync::LazyLock;

/// Lower-case words that are never treated as a name, a surname or the distinctive part of a
/// place name, even when capitalised: function words, calendar words, faith words and the
/// vocabulary of services (see GLOSSARY.md).
pub(super) static STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    "a about after again all also although an and another any are as at away back be because
     been before being both but by can could dear did do does during each even every few for
     from had has have he hello her here hers him his how i if in into is it its just last
     later like many me more most much my never new next no not now of off oh ok on once one
     only or other our out over please she since so some still such than thanks that the
     their them then there these they this those though through to too two three under until
     up upon us very was we well were what when where whether which while who why will with
     without would yes yet you your first second third fourth fifth
     im ive dont cant didnt wont isnt wasnt couldnt wouldnt shouldnt doesnt youre theyre
     thats whats same whole different own
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
pub(super) static GENERIC_PLACE_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
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
     police station custody prison bail approved probation hostel homeless
     national regional north south east west northern southern eastern western central
     upper lower drill village church concert dance bingo music locality primary secondary
     liaison early intervention complex needs wellbeing well-being resilience access single
     point triage hub talking therapies therapy psychology psychotherapy resolution
     neighbourhood integrated quiet seclusion living dining visiting sitting waiting meeting
     games tv common staff interview group sensory multi-faith prayer faith calm comfort
     activity activities art music occupational parliamentary ombudsman advice information
     governance safeguarding complaints patient experience legal quality risk bed
     management duty admin user users carer carers"
        .split_whitespace()
        .collect()
});

/// A set of lower-case first names, looked up with or without accents: the lists spell
/// "oisin" and "grainne", a contributor "Oisín" and "Gráinne".
#[derive(Default)]
pub(super) struct NameSet(HashSet<String>);

impl NameSet {
    fn insert(&mut self, name: String) -> bool {
        self.0.insert(name)
    }

    /// Whether `lower`, a lower-cased word, is on the list as written or, if it has five
    /// letters or more, with its accents taken off. Shorter words of other languages would
    /// pass for names without theirs ("tá", "tôi", "está"), so short accented names are listed
    /// as they are spelt ("seán", "zoë").
    pub(super) fn contains(&self, lower: &str) -> bool {
        self.0.contains(lower)
            || (!lower.is_ascii()
                && lower.chars().nth(4).is_some()
                && self.0.contains(&without_accents(lower)))
    }
}

/// `lower` with the accents of the Latin letters taken off ("pádraig" → "padraig", "yétúndé"
/// → "yetunde", "łukasz" → "lukasz"); other characters are kept.
fn without_accents(lower: &str) -> String {
    lower
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'ď' | 'đ' => 'd',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'ẹ' => 'e',
            'ğ' => 'g',
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'ị' => 'i',
            'ł' => 'l',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'ọ' => 'o',
            'ř' => 'r',
            'ś' | 'š' | 'ş' | 'ș' | 'ṣ' => 's',
            'ť' | 'ţ' | 'ț' => 't',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ụ' => 'u',
            'ŵ' => 'w',
            'ý' | 'ÿ' | 'ŷ' => 'y',
            'ź' | 'ż' | 'ž' => 'z',
            other => other,
        })
        .collect()
}

/// The bundled first-name list. Lines ending in `*` are names that are also common English
/// words or places; they need context before they are flagged.
pub(super) static NAMES: LazyLock<(NameSet, NameSet)> = LazyLock::new(|| {
    let mut plain = NameSet::default();
    let mut word_like = NameSet::default();
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
    // The census list was not sorted by hand: a name on it that is also an ordinary word, a
    // place or a word that identifies nobody ("april", "liberty", "chelsea") is left to the
    // words around it, as if it were on no list; the rest ("penelope", "giles") are names.
    for name in include_str!("census_names.txt").lines() {
        let weighed_elsewhere = name.is_empty()
            || name.starts_with('#')
            || super::lexicon::is_ordinary(name)
            || super::lexicon::is_not_identifying(name)
            || is_stop_word(name)
            || is_town(name)
            || super::world_cities::is_world_city(name);
        if !weighed_elsewhere {
            plain.insert(name.to_string());
        }
    }
    (plain, word_like)
});

/// Whether `lower` (a lower-cased word) is on the bundled first-name list, either part.
pub(super) fn is_listed_name(lower: &str) -> bool {
    NAMES.0.contains(lower) || NAMES.1.contains(lower)
}

/// Words that, just before an ambiguous first name, show that it is a person ("my friend Will").
pub(super) const PERSON_BEFORE: &[&str] = &[
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
    "housemate",
    "instructor",
    "teacher",
    "tutor",
    "lecturer",
    "mentor",
    "coach",
    "counsellor",
    "boss",
    "manager",
    "supervisor",
    "landlord",
    "landlady",
    "keyworker",
    "niece",
    "nephew",
    "stepdad",
    "stepmum",
    "fiance",
    "fiancee",
    "pal",
    "bestie",
    "aunty",
    "papa",
    "mama",
    "nana",
    "granny",
    "grandpa",
    "receptionist",
    "amhp",
    "owner",
    "dietitian",
    "dietician",
    "pharmacist",
    "chaplain",
    "vicar",
    "pastor",
    "imam",
    "priest",
    "paramedic",
    "midwife",
    "physio",
    "matron",
    "solicitor",
    "psychotherapist",
    "ot",
    "registrar",
    "lad",
    "lass",
    "lassie",
    "laddie",
    "guy",
    "bloke",
    "fella",
    "fellow",
    "geezer",
    "wumman",
    "wifie",
    "woman",
    "officer",
    "carer",
    "student",
    "classmate",
    "inmate",
    "hcsw",
    "rmn",
];

/// Whether `lower` (a lower-cased word) is one of `PERSON_BEFORE`.
pub(super) fn is_person_before(lower: &str) -> bool {
    static LIST: LazyLock<super::WordList> = LazyLock::new(|| super::WordList::new(PERSON_BEFORE));
    LIST.contains(lower)
}

/// The number of letters in the longest word of `PERSON_BEFORE` (all of them are ASCII).
pub(super) const LONGEST_PERSON_BEFORE: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < PERSON_BEFORE.len() {
        if PERSON_BEFORE[i].len() > longest {
            longest = PERSON_BEFORE[i].len();
        }
        i += 1;
    }
    longest
};

/// Verbs that, just after an ambiguous first name, show that it is a person ("Grace said").
pub(super) const PERSON_AFTER_STRONG: &[&str] = &[
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
    // Bodily things only people do, never an abstract noun ("Jun cooked", not "Hope gave").
    "cooked",
    "cooks",
    "sang",
    "sings",
    "drove",
    "drives",
    "baked",
    "winked",
    "nodded",
    "shrugged",
    "sighed",
    "waved",
    "knocked",
    "walked",
    "screamed",
    "yelled",
    "prayed",
    "danced",
    "swore",
    "wept",
    "grinned",
    "giggled",
];

/// Weaker verbs ("Hope was ...") are also ordinary after an abstract noun, so they only count
/// away from the start of a sentence.
pub(super) const PERSON_AFTER_WEAK: &[&str] = &[
    "was", "is", "had", "has", "would", "will", "did", "and", "who", "from",
];

/// Whether `word`, in any case, is one of `STOP_WORDS`.
pub(super) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(word.to_ascii_lowercase().as_str())
}

/// Whether `word` is a capitalised word that ends a place or street name ("Ward", "Road").
pub(super) fn is_place_suffix(word: &str) -> bool {
    super::place_words::is_institution_noun(word) || super::place_words::is_street_noun(word)
}

/// The entries of a bundled list: one per line, `#` lines are its notes.
pub(super) fn list_entries(list: &'static str) -> HashSet<&'static str> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// Towns, villages and districts (`uk_towns.txt`), lower case, words joined by one space.
static TOWNS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| list_entries(include_str!("uk_towns.txt")));

/// The first words of the towns of more than one word ("east" of "East Ham"), so that a word
/// that starts none of them is not looked up further.
static TOWN_FIRST_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    TOWNS
        .iter()
        .filter_map(|town| town.split_once(' ').map(|(first, _)| first))
        .collect()
});

/// Whether `lower` (a lower-cased word) is the first word of a town of more than one word.
pub(super) fn starts_a_town(lower: &str) -> bool {
    TOWN_FIRST_WORDS.contains(lower)
}

/// Whether `lower` (one word in lower case, apostrophes straight) is a known town, village or
/// district.
pub(super) fn is_town_lower(lower: &str) -> bool {
    TOWNS.contains(lower)
}

/// Towns that are also words of the language, which the list of towns leaves out so that it
/// never makes a word a place: a place only where the words around say so ("a trawlerman out of
/// Hull", "Kingsway Hospital, Derby,").
pub(super) fn is_town_that_is_a_word(lower: &str) -> bool {
    matches!(
        lower,
        "hull"
            | "derby"
            | "reading"
            | "bath"
            | "wells"
            | "deal"
            | "sale"
            | "rugby"
            | "slough"
            | "cork"
            | "ware"
            | "holt"
            | "street"
            | "bury"
            | "leek"
            | "wick"
            | "march"
    )
}

/// Whether `name` (any case, words separated by spaces) is a known town, village or district.
pub(super) fn is_town(name: &str) -> bool {
    // No town in the list is longer than this; a hostile run of capitals is not looked up.
    if name.len() > 40 {
        return false;
    }
    let mut lower = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !lower.is_empty() {
            lower.push(' ');
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            lower.push(if c == '’' { '\'' } else { c });
        }
    }
    TOWNS.contains(lower.as_str())
}
