//! The nouns that make a run of capitalised words the name of a place: the institution or
//! business it ends in ("Ward", "Surgery", "Vets"), the street noun ("Road", "View"), the Welsh
//! noun it begins with ("Ysbyty", "Heol"), and the words that join or describe rather than name.

/// Nouns that end the name of an institution, team, business or place.
pub(super) fn is_institution_noun(word: &str) -> bool {
    matches!(
        word,
        "Ward"
            | "ward"
            | "Hospital"
            | "Infirmary"
            | "Hospice"
            | "Clinic"
            | "Surgery"
            | "Centre"
            | "Center"
            | "Unit"
            | "unit"
            | "House"
            | "Lodge"
            | "Suite"
            | "Wing"
            | "Prison"
            | "Trust"
            | "Station"
            | "Practice"
            | "School"
            | "College"
            | "Academy"
            | "University"
            | "Hostel"
            | "Hub"
            | "Café"
            | "Cafe"
            | "Team"
            | "team"
            | "CMHT"
            | "CRHT"
            | "HTT"
            | "EIP"
            | "EIS"
            | "CAMHS"
            | "Partnership"
            | "Service"
            | "Services"
            | "Project"
            | "Library"
            | "Hall"
            | "Church"
            | "Chapel"
            | "Mosque"
            | "Masjid"
            | "Gurdwara"
            | "Sabha"
            | "Mandir"
            | "Synagogue"
            | "Methodist"
            | "Baptist"
            | "Pentecostal"
            | "Congregational"
            | "Minster"
            | "Temple"
            | "Park"
            | "Vets"
            | "Insurance"
            | "Insurers"
            | "Pharmacy"
            | "Chemist"
            | "Solicitors"
            | "Estate"
            | "Estates"
            | "Home"
            | "Homes"
            | "Hotel"
            | "Council"
            | "Borough"
            | "Barracks"
            | "Airport"
            | "Institute"
            | "Foundation"
            | "Sanctuary"
            | "Refuge"
            | "Limited"
            | "Ltd"
            | "Group"
            | "Garage"
            | "Motors"
            | "Bakery"
            | "Arms"
            | "Inn"
            | "Room"
            | "Grange"
            | "Farm"
            | "Manor"
            | "Tavern"
            | "Fellowship"
            | "Lettings"
            | "Foods"
            | "Welfare"
            | "Therapies"
            | "Bay"
            | "Vale"
            | "clinic"
            | "estate"
            | "practice"
            | "surgery"
            | "hostel"
            | "service"
            | "Chambers"
            | "Assembly"
            | "Tabernacle"
            | "Kitchen"
            | "Nails"
            | "Barbers"
            | "Salon"
            | "Gym"
            | "Print"
            | "Printers"
            | "Support"
            | "Form"
            | "Primary"
            | "Nursery"
            | "Stores"
            | "Supplies"
            | "Works"
            | "Mill"
            | "Housing"
            | "Logistics"
            | "Partners"
            | "Associates"
            | "Haulage"
            | "Forum"
    )
}

/// Institution nouns that are also the first word of a name ("Grange Hospital", "Park House",
/// "Manor Surgery"), where the noun after them is the kind of place.
pub(super) fn is_name_like_institution_noun(word: &str) -> bool {
    matches!(
        word,
        "Grange" | "Manor" | "Farm" | "Mill" | "Park" | "Lodge" | "Priory"
    )
}

/// Nouns that end a street name.
pub(super) fn is_street_noun(word: &str) -> bool {
    matches!(
        word,
        "Road"
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
            | "Row"
            | "Square"
            | "Walk"
            | "Mews"
            | "Parade"
            | "Rd"
            | "View"
            | "Rise"
            | "Wynd"
            | "Brae"
    )
}

/// Nouns that begin a Welsh or Gaelic name ("Ysbyty Gwynedd", "Ysgol y Grango", "Ospadal
/// Uibhist"), and "Ward" before an unlisted word ("Ward Dewi").
pub(super) fn is_leading_noun(word: &str) -> bool {
    matches!(
        word,
        "Ysbyty"
            // "Masjid Al-Huda", "Masjid-e-Noor".
            | "Masjid"
            // "Cafe Mahmoud", "Café Rouge" (the chains are on the deny list).
            | "Cafe"
            | "Café"
            | "Canolfan"
            | "Uned"
            | "Ysgol"
            | "Coleg"
            | "Prifysgol"
            | "Meddygfa"
            | "Cartref"
            | "Tŷ"
            | "Ty"
            | "Hafan"
            | "Cwm"
            | "Capel"
            | "Eglwys"
            | "Neuadd"
            // Scottish Gaelic: "Ospadal Uibhist agus Bharraigh", "Baile nan Cailleach".
            | "Ospadal"
            | "Baile"
            | "Taigh"
            | "Eilean"
            | "Sgoil"
            | "Ionad"
            | "Cnoc"
            | "Gleann"
    )
}

/// Welsh nouns that begin a street name ("Heol y Parc", "Ffordd Pentre").
pub(super) fn is_leading_street_noun(word: &str) -> bool {
    matches!(
        word,
        "Heol" | "Ffordd" | "Stryd" | "Lôn" | "Rhodfa" | "Cilgant" | "Teras" | "Stryt"
    )
}

/// Words inside a place name that join its capitalised words.
pub(super) fn is_connector(word: &str) -> bool {
    matches!(
        word,
        "of" | "and"
            | "upon"
            | "the"
            | "y"
            | "yr"
            | "ar"
            | "de"
            | "la"
            | "le"
            | "agus"
            | "nan"
            | "na"
    )
}

/// Words that describe a street rather than name one ("the High Street").
pub(super) fn is_generic_street_word(lower: &str) -> bool {
    matches!(
        lower,
        "high"
            | "main"
            | "back"
            | "long"
            | "hard"
            | "easy"
            | "only"
            | "right"
            | "wrong"
            | "same"
            | "other"
            | "whole"
            | "safe"
            | "quiet"
            | "crown"
            | "county"
            | "magistrates"
            | "magistrates'"
            | "family"
            | "supreme"
            | "youth"
            | "coroner"
            | "appeal"
            | "one"
            | "end"
            | "first"
            | "next"
            | "last"
            | "the"
            | "a"
            | "this"
            | "that"
            | "my"
            | "our"
            | "his"
            | "her"
            | "their"
            | "your"
            | "every"
            | "any"
            | "no"
    )
}
