//! The words around a person's name: titles and ranks ("Dr", "PC", "Charge Nurse"), surname
//! particles ("ap", "Ó"), the role words written as a title ("Support Worker"), nickname words
//! ("Big"), and dialect contractions that are never names ("Ah've").

/// Titles and ranks that come before a person's name.
pub(super) fn is_title(word: &str) -> bool {
    one_of!(
        word,
        "Dr" | "Doctor"
            | "Mr"
            | "Mrs"
            | "Ms"
            | "Mx"
            | "Miss"
            | "Prof"
            | "Professor"
            | "Nurse"
            | "Sister"
            | "Matron"
            | "Rev"
            | "Reverend"
            | "Father"
            | "Imam"
            | "Rabbi"
            | "Pastor"
            | "Chaplain"
            | "PC"
            | "WPC"
            | "DC"
            | "DS"
            | "DI"
            | "DCI"
            | "PCSO"
            | "Sgt"
            | "Sergeant"
            | "Insp"
            | "Inspector"
            | "Constable"
            | "Garda"
            | "Detective"
            | "Det"
            | "Supt"
            | "Cllr"
            | "Councillor"
            | "Judge"
            | "Dame"
            | "Sir"
            | "Fr"
            | "Sheikh"
            | "Shaykh"
            | "Deacon"
            | "Canon"
            | "Bishop"
            | "Brother"
            | "Deaconess"
            | "Nyrs"
            | "Parch"
            // Sikh: "Bhai Harjinder Singh", "Giani Gurmeet".
            | "Bhai"
            | "Giani"
            | "Parchedig"
            | "Meddyg"
            | "Maulana"
            | "Mufti"
            | "Ustadh"
            | "Ustaz"
            | "Hafiz"
            | "Prophet"
            | "Apostle"
            | "Evangelist"
            | "Pandit"
            | "Swami"
            | "Archbishop"
            | "Vicar"
    )
}

/// Particles inside a surname ("van der Berg", "bin Yusuf", "ap Rhys").
pub(super) fn is_name_particle(word: &str) -> bool {
    one_of!(
        word,
        "van"
            | "von"
            | "de"
            | "der"
            | "den"
            | "da"
            | "di"
            | "du"
            | "le"
            | "la"
            | "bin"
            | "ibn"
            | "al"
            | "el"
            | "ap"
            | "ben"
            | "bint"
    )
}

/// Capitalised particles of Irish and Scottish surnames ("Ó Súilleabháin", "Nic Giolla").
pub(super) fn is_gaelic_particle(word: &str) -> bool {
    matches!(word, "Ó" | "Ní" | "Nic" | "Mac" | "Mhic" | "Uí" | "Ua")
}

/// Words before a title that belong to it: "Charge Nurse", "Staff Nurse", "Detective Sergeant".
pub(super) fn is_title_modifier(word: &str) -> bool {
    is_title(word)
        || is_role_modifier(word)
        || matches!(word, "Charge" | "Staff" | "Head" | "Student" | "Chief")
}

/// Capitalised words of a role used as a title before a first name: "Support Worker Dami",
/// "Health Care Assistant Mariana", "Peer Mentor Jas".
pub(super) fn is_role_title_word(word: &str) -> bool {
    one_of!(
        word,
        "Support"
            | "Worker"
            | "Health"
            | "Healthcare"
            | "Care"
            | "Assistant"
            | "Key"
            | "Peer"
            | "Mentor"
            | "Social"
            | "Staff"
            | "Charge"
            | "Student"
            | "Manager"
            | "Officer"
            | "Therapist"
            | "Coordinator"
            | "Co-ordinator"
            | "Practitioner"
            | "Advocate"
            | "Psychologist"
            | "Psychiatrist"
            | "Consultant"
            | "Nurse"
            | "Sister"
    ) || is_role_modifier(word)
}

/// Words that say which kind of a role it is, never the job itself: "Night Manager", "Agency
/// Nurse", "Ward Manager".
pub(super) fn is_role_modifier(word: &str) -> bool {
    matches!(
        word,
        "Ward" | "Night" | "Agency" | "Bank" | "Deputy" | "Senior"
    )
}

/// Words before a first name that belong to how the person is called: a nickname ("Big
/// Steve", "Wee Tam") or a family title written as part of the name ("Auntie Lan", "Uncle
/// Bilal", "Papa Jean", "Nanna Flo", Welsh "Nain Gwen", Bengali "Khala Rokeya"); a
/// relationship in lower case ("my brother Kwame") stays outside.
pub(super) fn is_nickname_word(word: &str) -> bool {
    one_of!(
        word,
        "Big"
            | "Little"
            | "Wee"
            | "Old"
            | "Young"
            | "Auntie"
            | "Aunty"
            | "Aunt"
            | "Uncle"
            | "Papa"
            | "Mama"
            | "Nana"
            | "Granny"
            | "Grandad"
            | "Grandma"
            | "Grandpa"
            | "Nanna"
            | "Nanny"
            | "Nan"
            | "Gran"
            | "Granda"
            | "Grampa"
            | "Gramps"
            | "Nain"
            | "Taid"
            | "Mamgu"
            | "Tadcu"
            | "Khala"
            | "Khalu"
            | "Chacha"
            | "Chachi"
            | "Bibi"
            // Bengali "Apa Rukhsana", Tagalog "Ate Joy" and "Kuya Ben", Gujarati "Ba".
            | "Apa"
            | "Ate"
            | "Kuya"
            | "Ba"
    )
}

/// A contraction in dialect spelling ("Ah've", "Ah'm"), never a name.
pub(super) fn is_contraction(word: &str) -> bool {
    let word = word.replace('’', "'");
    ["'ve", "'m", "'d", "'ll", "'re", "n't"]
        .iter()
        .any(|end| word.ends_with(end))
}
