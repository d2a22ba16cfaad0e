//! The context rules that generalise past the lists: names given to a kind of place, towns in an
//! address, ordinary words used as ward names, names typed in lower case, titles of two words,
//! nicknames, surname particles, and the dates and numbers a text labels itself.

use super::*;

fn found(text: &str) -> Vec<(Kind, String)> {
    find_identifiers_by_rules(text)
        .into_iter()
        .map(|f| (f.kind, f.text))
        .collect()
}

fn has(text: &str, kind: Kind, span: &str) -> bool {
    found(text).iter().any(|(k, t)| *k == kind && t == span)
}

#[test]
fn a_name_given_to_a_kind_of_place_is_a_place() {
    let text = "I was in an assessment unit called Hollybank for three years.";
    assert!(has(text, Kind::Place, "Hollybank"), "{:?}", found(text));
    let text = "The school, Coedpoeth Primary, never called.";
    assert!(
        has(text, Kind::Place, "Coedpoeth Primary"),
        "{:?}",
        found(text)
    );
    let text = "Ward: Osprey, then the lounge.";
    assert!(has(text, Kind::Place, "Osprey"), "{:?}", found(text));
    let text = "I was moved to the Coppice, a low secure unit, at night.";
    assert!(has(text, Kind::Place, "Coppice"), "{:?}", found(text));
}

#[test]
fn after_a_named_institution_a_comma_brings_a_person() {
    let text = "My support worker from the Barrow Recovery Hub, Elspeth, rang them.";
    assert!(has(text, Kind::Person, "Elspeth"), "{:?}", found(text));
    let text = "When I got home, Tatenda was there.";
    assert!(!has(text, Kind::Place, "Tatenda"), "{:?}", found(text));
}

#[test]
fn towns_in_an_address_are_places() {
    let text = "It came to 3 Mill Row, Hebden Bridge, HX7 8AQ months later.";
    assert!(has(text, Kind::Place, "Hebden Bridge"), "{:?}", found(text));
    let text = "I live at Flat 6, Ashgrove Court, Kendal LA9 4QT now.";
    assert!(has(text, Kind::Place, "Kendal"), "{:?}", found(text));
    let text = "The group meets on Friargate, Preston, on Tuesdays.";
    assert!(has(text, Kind::Address, "Friargate"), "{:?}", found(text));
    assert!(has(text, Kind::Place, "Preston"), "{:?}", found(text));
    assert!(!found(text).iter().any(|(_, t)| t == "Tuesdays"));
}

#[test]
fn ordinary_words_used_as_ward_names_are_places() {
    for (text, ward) in [
        ("Before that I was a patient on Rowan for a year.", "Rowan"),
        ("From there they moved me to Maple at night.", "Maple"),
        ("The PICU was called Falcon.", "Falcon"),
        ("We met at the Hive on Thursdays.", "Hive"),
    ] {
        assert!(has(text, Kind::Place, ward), "{text}: {:?}", found(text));
    }
    // A grade, a day, a brand and a coarse region are not.
    for text in [
        "I was now on Stage 1 of the attendance policy.",
        "I bought it on Amazon and read it on Tuesdays.",
        "Hello from the Outer Hebrides.",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn names_typed_in_lower_case_are_found_where_the_words_around_are_clear() {
    let text = "first night a nurse called femi sat with me. next morning the consultant dr \
                szymanska said i lacked insight. my mate gaz came to visit. it was at st aidans.";
    for (kind, span) in [
        (Kind::Person, "femi"),
        (Kind::Person, "dr szymanska"),
        (Kind::Person, "gaz"),
        (Kind::Place, "st aidans"),
    ] {
        assert!(has(text, kind, span), "{span}: {:?}", found(text));
    }
    // Scots, slang and typos after a person word are not names.
    let text = "the nurse wis nice tae me. my mate sez nowt.";
    assert!(found(text).is_empty(), "{:?}", found(text));
    // In a text typed in lower case, someone spoken of as people are; but a word the list
    // lacks doing what people do is not enough.
    let text = "me and tash got discharged the same week. i said tell jas. the telly was on.";
    assert!(has(text, Kind::Person, "tash"), "{:?}", found(text));
    assert!(has(text, Kind::Person, "jas"), "{:?}", found(text));
    assert!(
        !found(text).iter().any(|(_, t)| t == "telly"),
        "{:?}",
        found(text)
    );
}

#[test]
fn titles_nicknames_and_particles_stay_in_the_name() {
    for (text, span) in [
        (
            "Charge Nurse Milan Horvath did the obs.",
            "Charge Nurse Milan Horvath",
        ),
        (
            "Prof Iolo ap Gruffydd wrote the report.",
            "Prof Iolo ap Gruffydd",
        ),
        (
            "Dr Ciarán Ó Súilleabháin saw me.",
            "Dr Ciarán Ó Súilleabháin",
        ),
        (
            "My manager, Mrs Evangeline Dela Cruz, knew.",
            "Mrs Evangeline Dela Cruz",
        ),
        (
            "There was a lad called Ricky \"Tiny\" Marsh on my landing.",
            "Ricky \"Tiny\" Marsh",
        ),
        ("That was when Big Stevie came in.", "Big Stevie"),
    ] {
        assert!(has(text, Kind::Person, span), "{text}: {:?}", found(text));
    }
}

#[test]
fn dates_keep_their_weekday_and_labelled_numbers_count_even_mistyped() {
    for (text, span) in [
        (
            "I was admitted on Monday 3rd February 2020.",
            "Monday 3rd February 2020",
        ),
        ("My tribunal was Tuesday 14th, at ten.", "Tuesday 14th"),
        ("see you fri 9th Feb", "fri 9th Feb"),
    ] {
        assert!(has(text, Kind::Date, span), "{text}: {:?}", found(text));
    }
    // A wrong check digit, but the text says what it is.
    assert!(has(
        "NHS No: 485 777 3456.",
        Kind::NhsNumber,
        "485 777 3456"
    ));
    assert!(found("Reference 485 777 3456 on the letter.").is_empty());
}

#[test]
fn languages_diagnoses_and_brands_are_not_names() {
    let text = "She spoke Tigrinya and Cantonese, I have Tourette's, we watched Bluey, drank \
                Irn-Bru at the Premier Inn, and Murphy's law did the rest. Mr Happy was on the mug.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn royal_titles_name_hospitals() {
    let text = "We sat in the 136 suite at the Princess of Wales for nine hours.";
    assert!(
        has(text, Kind::Place, "Princess of Wales"),
        "{:?}",
        found(text)
    );
}

#[test]
fn lists_roles_and_families() {
    let text = "We lived in St Ives, then Penzance, then Truro.";
    for place in ["St Ives", "Penzance", "Truro"] {
        assert!(has(text, Kind::Place, place), "{place}: {:?}", found(text));
    }
    let text = "Support Worker Dami took me for a walk with Health Care Assistant Mariana.";
    assert!(
        has(text, Kind::Person, "Support Worker Dami"),
        "{:?}",
        found(text)
    );
    assert!(
        has(text, Kind::Person, "Health Care Assistant Mariana"),
        "{:?}",
        found(text)
    );
    let text = "The Okonkwos came round with food.";
    assert!(has(text, Kind::Person, "Okonkwos"), "{:?}", found(text));
}

#[test]
fn speakers_logs_short_hospital_names_and_more_titles() {
    let text = "[21:04] me: theyve moved me again\n[21:05] Jaz: omg is she still there\n";
    assert!(has(text, Kind::Person, "Jaz"), "{:?}", found(text));
    // As a phone exports a chat, the stamp holding a space.
    let text = "[03/06/2023, 23:14] Mum: Are you still there?\n[03/06/2023, 23:16] Jade: yeah. \
                still waiting\n[03/06/2023, 23:17] Mum: ok love\n";
    assert!(has(text, Kind::Person, "Jade"), "{:?}", found(text));
    let text = "12/08 very agitated, saying the neighbours were watching\n13/08 slept all day\n";
    assert!(
        has(text, Kind::Date, "12/08") && has(text, Kind::Date, "13/08"),
        "{:?}",
        found(text)
    );
    let text = "24/7 support, they said.\n1/2 of the staff were agency.\n";
    assert!(found(text).is_empty(), "{:?}", found(text));
    for (text, kind, span) in [
        (
            "The police took him to the Royal London.",
            Kind::Place,
            "Royal London",
        ),
        (
            "She drove me to Northern General A&E.",
            Kind::Place,
            "Northern General",
        ),
        (
            "Fr Tobiasz runs the carers group.",
            Kind::Person,
            "Fr Tobiasz",
        ),
        (
            "The men there, including Sheikh Ibrahim, check on me.",
            Kind::Person,
            "Sheikh Ibrahim",
        ),
        (
            "Named nurse: Enrique. Diagnosis: psychosis.",
            Kind::Person,
            "Enrique",
        ),
    ] {
        assert!(has(text, kind, span), "{text}: {:?}", found(text));
    }
    let text = "A letter came from the Royal College of Psychiatrists and the Royal Mail lost it.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn known_towns_are_places_when_nothing_else_decides() {
    for (text, town) in [
        ("Stornoway was tiny, everybody knew.", "Stornoway"),
        ("That's the thing about Kettering.", "Kettering"),
        ("Hebden Bridge had no crisis café then.", "Hebden Bridge"),
    ] {
        assert!(has(text, Kind::Place, town), "{text}: {:?}", found(text));
    }
    // A person word still decides, and an ordinary word is never made a town.
    let text = "My friend Brandon came with me to Bath.";
    assert!(has(text, Kind::Person, "Brandon"), "{:?}", found(text));
    assert!(found("We had a sale in March and a deal on the street.").is_empty());
}

#[test]
fn known_towns_typed_in_lower_case_after_a_place_word() {
    let text = "i live in treorchy now and work near pontypridd";
    assert!(has(text, Kind::Place, "treorchy"), "{:?}", found(text));
    assert!(has(text, Kind::Place, "pontypridd"), "{:?}", found(text));
    // In a text typed all in lower case, an unknown word after a place word is a place; a
    // word of the language is not.
    let text = "gonna go to my mates in gorton. i was in bed all day. i live at home";
    assert_eq!(found(text), vec![(Kind::Place, "gorton".to_string())]);
}

#[test]
fn after_a_named_ward_a_comma_and_an_unlisted_word_ending_the_clause_is_its_hospital() {
    let text = "I was on Kestrel Ward, Tregothnan. Nobody visited.";
    assert!(has(text, Kind::Place, "Tregothnan"), "{:?}", found(text));
    let text = "They moved me to Poppy Ward, Westcroft, in the spring.";
    assert!(has(text, Kind::Place, "Westcroft"), "{:?}", found(text));
    // Someone who does something there stays a person.
    let text = "From Larkhill Housing, Oyelaran, phoned me twice.";
    assert!(has(text, Kind::Person, "Oyelaran"), "{:?}", found(text));
}

#[test]
fn out_of_and_was_in_dialect_put_a_place() {
    let text = "Once I got out of Bryngolau I slept for a week.";
    assert!(has(text, Kind::Place, "Bryngolau"), "{:?}", found(text));
    let text = "The unit wis Craigentinny, an it wis freezin.";
    assert!(has(text, Kind::Place, "Craigentinny"), "{:?}", found(text));
}

#[test]
fn who_someone_is_to_the_writer_and_introductions_make_a_person() {
    for (text, name) in [
        ("Oluwaseun my cousin drove down that night.", "Oluwaseun"),
        ("Thanks to: - Zdzisław my swimming coach.", "Zdzisław"),
        ("Nkemdirim here. I did nights on the unit.", "Nkemdirim"),
    ] {
        assert!(has(text, Kind::Person, name), "{text}: {:?}", found(text));
    }
}

#[test]
fn a_line_that_signs_the_text_off_is_a_person() {
    let text = "That is all I wanted to say about the place.\n\nTamsin-Rae x";
    assert!(has(text, Kind::Person, "Tamsin-Rae"), "{:?}", found(text));
    let text = "Thank you for reading.\n\nWith love,\nOrlagh";
    assert!(has(text, Kind::Person, "Orlagh"), "{:?}", found(text));
    // A one-word line inside the text is not a signature.
    let text = "Afterwards.\nKnackered\nThat is how I felt.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn speakers_typed_in_lower_case_in_a_chat_are_people() {
    let text = "ffion: u on tonight\nme: yeah late\nffion: swap?\nme: go on then";
    let people: Vec<_> = found(text)
        .into_iter()
        .filter(|(k, _)| *k == Kind::Person)
        .collect();
    assert_eq!(people.len(), 2, "{people:?}");
    // One line with a colon is not a chat.
    assert!(found("note: take the bus").is_empty());
}

#[test]
fn nationalities_dialect_and_words_for_kin_are_not_names() {
    let text = "Och, naebody listened. Nain said the Brazilians and the Tamil-speaking nurse \
                were kind. Mamgu cried. Didnt matter.";
    assert!(found(text).is_empty(), "{:?}", found(text));
    let text = "i told dr okonjo didnt i";
    assert!(has(text, Kind::Person, "dr okonjo"), "{:?}", found(text));
}

#[test]
fn a_bracket_opened_before_a_phone_number_is_not_part_of_it() {
    let text = "Ring the office (01632 960 412 after nine) if you need to.";
    assert!(has(text, Kind::Phone, "01632 960 412"), "{:?}", found(text));
}

#[test]
fn family_titles_and_role_modifiers_written_with_the_name_belong_to_it() {
    for (text, span) in [
        (
            "We stayed with Auntie Temitope over Easter.",
            "Auntie Temitope",
        ),
        ("Papa Jean drove us to the appeal.", "Papa Jean"),
        (
            "Agency Nurse Precious sat with me.",
            "Agency Nurse Precious",
        ),
        (
            "Night Manager Hollis Brennan refused.",
            "Night Manager Hollis Brennan",
        ),
        ("Brother Gwynfor prayed with me.", "Brother Gwynfor"),
    ] {
        assert!(has(text, Kind::Person, span), "{text}: {:?}", found(text));
    }
    // A kin word alone, capitalised as a form of address, names nobody.
    let text = "Mum: did you eat\nMe: yes\nMum rang again at ten. Mum was cross.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn a_listed_name_where_someone_stays_is_a_ward() {
    let text = "I was on Eleanor for a month before they moved me.";
    assert!(has(text, Kind::Place, "Eleanor"), "{:?}", found(text));
    let text = "I depended on Eleanor for everything.";
    assert!(has(text, Kind::Person, "Eleanor"), "{:?}", found(text));
}

#[test]
fn a_name_found_once_is_found_again_alone_or_in_lower_case() {
    let text = "Student Nurse Radosław was lovely. later radosław brought tea. Radosław left.";
    let people = found(text)
        .into_iter()
        .filter(|(k, _)| *k == Kind::Person)
        .count();
    assert_eq!(people, 3, "{:?}", found(text));
    // An ordinary word in lower case is not taken for the name.
    let text = "Nurse Rose gave me a rose.";
    assert!(!has(text, Kind::Person, "rose"), "{:?}", found(text));
}

#[test]
fn businesses_chambers_congregations_and_sixth_forms_are_places() {
    for (text, span) in [
        ("My first job was at Harrowgate Print.", "Harrowgate Print"),
        (
            "A barrister from Quayside Chambers came.",
            "Quayside Chambers",
        ),
        ("Pentre Nails did my hands for court.", "Pentre Nails"),
        (
            "The pastor at Bethesda Assembly visited.",
            "Bethesda Assembly",
        ),
        (
            "Tash from Meridian Floating Support phoned.",
            "Meridian Floating Support",
        ),
    ] {
        assert!(has(text, Kind::Place, span), "{text}: {:?}", found(text));
    }
    // A verb opening a note is not part of the name after it.
    let text = "Rang Pencader surgery twice.";
    assert!(
        has(text, Kind::Place, "Pencader surgery"),
        "{:?}",
        found(text)
    );
}

#[test]
fn days_of_the_month_alone_where_the_words_around_make_them_days() {
    let dates = |text: &str| -> Vec<String> {
        found(text)
            .into_iter()
            .filter(|(k, _)| *k == Kind::Date)
            .map(|(_, t)| t)
            .collect()
    };
    assert_eq!(dates("mum cant come til the 27th. she rang"), ["27th"]);
    assert_eq!(
        dates("I was there between 4th and 19th March 2021."),
        ["4th", "19th March 2021"]
    );
    assert_eq!(
        dates("Diary\n\n29th. Bloods.\n30th: tribunal."),
        ["29th", "30th"]
    );
    assert_eq!(
        dates("Fri 26/01 bloods, then on 28/4 the panel."),
        ["Fri 26/01", "28/4"]
    );
    // Counts, fractions and every month are not days.
    assert!(
        dates("It was the 3rd time. 2/3 of staff agreed. Paid on the 1st of the month.").is_empty()
    );
}

#[test]
fn months_in_lower_case_and_named_days_with_a_year_are_dates() {
    let dates = |text: &str| -> Vec<String> {
        found(text)
            .into_iter()
            .filter(|(k, _)| *k == Kind::Date)
            .map(|(_, t)| t)
            .collect()
    };
    assert_eq!(dates("admitted 19 jan, out sept 12"), ["19 jan", "sept 12"]);
    assert_eq!(dates("Boxing Day 2018 was the worst."), ["Boxing Day 2018"]);
    // "may" in lower case is the verb; a feast day without a year is left.
    assert!(dates("I may 5 times have asked. At Christmas we ate.").is_empty());
    // After a label the date alone is flagged.
    assert_eq!(dates("DOB: 30.08.1991"), ["30.08.1991"]);
}

#[test]
fn places_and_titles_typed_in_lower_case_and_purposes_in_a_name() {
    let text = "they sent me to craigmillar hospital then the psych ward";
    assert_eq!(
        found(text),
        [(Kind::Place, "craigmillar hospital".to_string())]
    );
    let text = "miss okafor and nurse tadhg were kind";
    assert!(has(text, Kind::Person, "miss okafor"), "{:?}", found(text));
    assert!(has(text, Kind::Person, "nurse tadhg"), "{:?}", found(text));
    let text = "I was at the Brockwell Centre for Mental Health for a year.";
    assert!(
        has(text, Kind::Place, "Brockwell Centre for Mental Health"),
        "{:?}",
        found(text)
    );
}

#[test]
fn regional_words_films_and_depot_injections_are_not_names() {
    let text = "The Sarge was a Geordie, the nurse a Scouser, and my Depo was late. We watched \
                Disney films and I, Daniel Blake.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn a_title_before_a_comma_is_a_former_job_not_part_of_the_name() {
    let text = "The group was run by a retired DI, Oyinkansola Okoro, on Tuesdays.";
    assert!(
        has(text, Kind::Person, "Oyinkansola Okoro"),
        "{:?}",
        found(text)
    );
    assert!(has("Dr. Okafor came.", Kind::Person, "Dr. Okafor"));
}

#[test]
fn a_gaelic_surname_written_as_one_word_after_nic_is_a_name() {
    let text = "My named nurse, Seonag NicIlleathain, sat with me.";
    assert!(
        has(text, Kind::Person, "Seonag NicIlleathain"),
        "{:?}",
        found(text)
    );
}

#[test]
fn user_names_without_an_at_sign_are_handles() {
    let text = "I posted as wren_in_the_wall and u/night_shift_HCA replied.";
    assert!(
        has(text, Kind::Handle, "wren_in_the_wall"),
        "{:?}",
        found(text)
    );
    assert!(
        has(text, Kind::Handle, "u/night_shift_HCA"),
        "{:?}",
        found(text)
    );
    // Inside an email or a link the address is found whole.
    let text = "write to kim_o@example.org";
    assert!(
        has(text, Kind::Email, "kim_o@example.org"),
        "{:?}",
        found(text)
    );
    assert!(!has(text, Kind::Handle, "kim_o"), "{:?}", found(text));
}

#[test]
fn listed_first_names_in_a_text_typed_in_lower_case_are_names() {
    let text = "so i went round and kayleigh was there. i said nothing to mark";
    assert!(has(text, Kind::Person, "kayleigh"), "{:?}", found(text));
    assert!(!has(text, Kind::Person, "mark"), "{:?}", found(text));
    // In a text written with capitals a lower-case word is a typo, not a name.
    let text = "I met kayleigh. It was fine. We talked.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn gazetteer_towns_of_several_words_are_found_whole() {
    let text = "We moved to East Ham, then Chapel Allerton, then Brierley Hill.";
    for town in ["East Ham", "Chapel Allerton", "Brierley Hill"] {
        assert!(has(text, Kind::Place, town), "{town}: {:?}", found(text));
    }
}

#[test]
fn weekdays_written_short_are_not_names() {
    let text = "Crisis team diary\nMon - no one came.\nTue - Shona rang.\nThu - slept.";
    for day in ["Mon", "Tue", "Thu"] {
        assert!(
            !found(text).iter().any(|(_, t)| t == day),
            "{:?}",
            found(text)
        );
    }
}

#[test]
fn scots_to_and_from_bring_a_place() {
    let text = "Efter a bad night they took me tae Stobhill an then Leverndale.";
    assert!(has(text, Kind::Place, "Stobhill"), "{:?}", found(text));
    let text = "Ma maw came up every day on the 75 bus fae Milngavie.";
    assert!(has(text, Kind::Place, "Milngavie"), "{:?}", found(text));
}

#[test]
fn an_ordinary_word_name_after_the_and_before_on_or_in_a_place_is_a_place() {
    let text = "Anyone know if the Lighthouse on Oxford Road is still open?";
    assert!(has(text, Kind::Place, "Lighthouse"), "{:?}", found(text));
    let text = "The first thing I did was walk to the Red Lion in Todmorden.";
    assert!(has(text, Kind::Place, "Red Lion"), "{:?}", found(text));
    let text = "I sat in there every day after getting out of the Orchards, every day.";
    assert!(has(text, Kind::Place, "Orchards"), "{:?}", found(text));
    // When, not where.
    let text = "I saw the Tribunal in March and the Panel in April.";
    assert!(!has(text, Kind::Place, "Tribunal"), "{:?}", found(text));
}

#[test]
fn more_roles_before_a_name_make_it_a_person() {
    let text = "The receptionist Bronagh said there were no appointments left.";
    assert!(has(text, Kind::Person, "Bronagh"), "{:?}", found(text));
    let text = "The owner Costakis never once asked me to buy more than a tea.";
    assert!(has(text, Kind::Person, "Costakis"), "{:?}", found(text));
}

#[test]
fn in_lower_case_a_role_before_an_unknown_word_makes_it_a_name() {
    let text = "the receptionist shaz is a gatekeeper. u ring at 8. i give up. i really do.";
    assert!(has(text, Kind::Person, "shaz"), "{:?}", found(text));
    let text = "the amhp bernie came at 1. she asked me what i wanted. i said home.";
    assert!(has(text, Kind::Person, "bernie"), "{:?}", found(text));
}

#[test]
fn someone_saying_who_they_are_in_lower_case_is_named() {
    let text = "ok so this is long sorry. my name is tasha and i was 15 when i went to camhs.";
    assert!(has(text, Kind::Person, "tasha"), "{:?}", found(text));
    let text = "oi if ur on here, its me, tiaz from the ward. miss u. i got a flat now.";
    assert!(has(text, Kind::Person, "tiaz"), "{:?}", found(text));
}

#[test]
fn welsh_and_gaelic_place_nouns_lead_a_place_name() {
    let text = "There is also Hafan Ddiogel sanctuary in Llanelli, open at weekends.";
    assert!(has(text, Kind::Place, "Hafan Ddiogel"), "{:?}", found(text));
    let text = "He was flown to Ospadal Uibhist agus Bharraigh that night.";
    assert!(
        has(text, Kind::Place, "Ospadal Uibhist agus Bharraigh"),
        "{:?}",
        found(text)
    );
    let text = "A group for mums at Sure Start in Cwm Rhondda, on Tuesdays.";
    assert!(has(text, Kind::Place, "Cwm Rhondda"), "{:?}", found(text));
}

#[test]
fn a_landform_after_a_word_that_is_no_first_name_is_a_place() {
    let text = "Mon 14:00 Walk to Hebden Green with the OT, then tea.";
    assert!(has(text, Kind::Place, "Hebden Green"), "{:?}", found(text));
    let text = "Also: Amman Valley runs a men's walk on Saturdays.";
    assert!(has(text, Kind::Place, "Amman Valley"), "{:?}", found(text));
    let text = "My named nurse, Sarah Green, was kind.";
    assert!(has(text, Kind::Person, "Sarah Green"), "{:?}", found(text));
}

#[test]
fn the_columns_of_a_form_do_not_join_words_into_one_name() {
    let text = "Name: Adaeze Okafor-Hughes   Date of referral: 3 March";
    assert!(
        found(text).iter().all(|(_, t)| !t.contains("Date")),
        "{:?}",
        found(text)
    );
}

#[test]
fn field_words_kin_words_and_a_country_of_two_words_are_not_identifying() {
    for text in [
        "The Perinatal team rang twice.",
        "He was a Gurkha for twenty years.",
        "Aama cooked for everyone that night.",
        "He retired back to New Zealand last year.",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn london_boroughs_and_metropolitan_districts_are_places() {
    let text = "Lewisham was where it all started.";
    assert!(has(text, Kind::Place, "Lewisham"), "{:?}", found(text));
    let text = "They referred us to Young Carers in Kirklees.";
    assert!(has(text, Kind::Place, "Kirklees"), "{:?}", found(text));
}

#[test]
fn a_flat_its_building_and_its_street_are_one_address() {
    let text = "She lives at Flat 9, Tamarind Court, 42 Lordship Lane, London.";
    assert!(
        has(
            text,
            Kind::Address,
            "Flat 9, Tamarind Court, 42 Lordship Lane"
        ),
        "{:?}",
        found(text)
    );
    let text = "I was moved to flat 4 Balham High Rd in the end.";
    assert!(
        has(text, Kind::Address, "flat 4 Balham High Rd"),
        "{:?}",
        found(text)
    );
    let text = "My address was Flat 7, Beaumont Court for years.";
    assert!(
        has(text, Kind::Address, "Flat 7, Beaumont Court"),
        "{:?}",
        found(text)
    );
    let text = "The flat 3 times a week thing was a joke.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn an_ordinary_word_described_or_placed_after_it_is_a_place() {
    let text = "I was first admitted at 16 to Skylark, the adolescent unit at Fulbourn.";
    assert!(has(text, Kind::Place, "Skylark"), "{:?}", found(text));
    let text = "If you know Cedar at Hopewood Park you know.";
    assert!(has(text, Kind::Place, "Cedar"), "{:?}", found(text));
    // A first name is not placed so: "Frank at Tesco" is a person or nobody.
    let text = "I saw Frank at Tesco on the way home.";
    assert!(!has(text, Kind::Place, "Frank"), "{:?}", found(text));
}

#[test]
fn wards_named_for_trees_birds_and_flowers_and_towns_of_two_words_in_lower_case() {
    let text = "i was on dove ward for 3 weeks and i hated it. i wanted to go home.";
    assert!(has(text, Kind::Place, "dove ward"), "{:?}", found(text));
    let text = "i got a flat in mossley hill now. i am ok. i think.";
    assert!(has(text, Kind::Place, "mossley hill"), "{:?}", found(text));
    let text = "i was on the psych ward and a mixed ward. i hated both.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn a_title_and_initials_alone_name_someone() {
    let text = "Ms V presented as low in mood. Ms V declined.";
    assert!(has(text, Kind::Person, "Ms V"), "{:?}", found(text));
    let text = "The Dr I saw was kind.";
    assert!(found(text).is_empty(), "{:?}", found(text));
    let text = "Seen by Dr P. Vasquez-Lyle on the ward.";
    assert!(
        has(text, Kind::Person, "Dr P. Vasquez-Lyle"),
        "{:?}",
        found(text)
    );
}

#[test]
fn who_someone_is_after_their_name_without_a_comma_makes_a_person() {
    let text = "- Lwazi the OT got me doing pottery";
    assert!(has(text, Kind::Person, "Lwazi"), "{:?}", found(text));
    let text = "I said no. Sinéad (named nurse) wrote it down.";
    assert!(has(text, Kind::Person, "Sinéad"), "{:?}", found(text));
}

#[test]
fn the_plural_of_a_city_or_brand_can_be_a_surname() {
    let text = "Then PC Stokes came and sat with me.";
    assert!(has(text, Kind::Person, "PC Stokes"), "{:?}", found(text));
    let text = "The Pakistanis and Brazilians on the ward looked after each other.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn a_name_like_institution_noun_can_lead_a_name_and_firms_end_in_their_trade() {
    let text = "I was moved to the Grange University Hospital in the night.";
    assert!(
        has(text, Kind::Place, "Grange University Hospital"),
        "{:?}",
        found(text)
    );
    let text = "They referred me to Calico Housing and I worked at Pinnacle Logistics.";
    assert!(
        has(text, Kind::Place, "Calico Housing"),
        "{:?}",
        found(text)
    );
    assert!(
        has(text, Kind::Place, "Pinnacle Logistics"),
        "{:?}",
        found(text)
    );
    // The generic words of a service are not a name.
    let text = "The Support Team and the Service User Forum met.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn someone_of_a_firm_is_a_person_and_the_firm_a_place() {
    let text = "Pastor Yaw Ofori of Lighthouse Chapel visited.";
    assert!(
        has(text, Kind::Person, "Pastor Yaw Ofori"),
        "{:?}",
        found(text)
    );
    assert!(
        has(text, Kind::Place, "Lighthouse Chapel"),
        "{:?}",
        found(text)
    );
}

#[test]
fn a_city_abroad_and_a_county_are_places_as_a_town_is() {
    // A home city abroad or a county beside a town here narrows who someone is.
    for (text, place) in [
        (
            "I grew up in Kumasi and came here from Gdańsk later.",
            "Kumasi",
        ),
        (
            "I grew up in Kumasi and came here from Gdańsk later.",
            "Gdańsk",
        ),
        (
            "I'm Kurdish, from Sulaymaniyah, now living in Stockton.",
            "Sulaymaniyah",
        ),
        (
            "I live in Boston, Lincolnshire, and work in packing.",
            "Lincolnshire",
        ),
        ("It was a private place in Kent the NHS sent me to.", "Kent"),
        ("Came over from Mayo in 1988 to work on the sites.", "Mayo"),
    ] {
        assert!(has(text, Kind::Place, place), "{text}: {:?}", found(text));
    }
    let text = "She lived on Kumasi Road, near the Fairfield estate.";
    assert!(!found(text).is_empty(), "{:?}", found(text));
    // The provinces and the largest regions are still too coarse.
    let text = "I moved from Munster to the Highlands.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn brands_employers_teams_and_words_of_culture_are_not_identifying() {
    for text in [
        "A Tunnock's teacake and a cup of tea from the Costcutter.",
        "He supports Benfica and argues about Ronaldo.",
        "We stayed in a Holiday Inn near the airport.",
        "The Windrush generation were treated worst.",
        "She spoke Cymraeg at home and Saesneg at school.",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn chat_speakers_that_are_also_words_are_names_but_form_labels_are_not() {
    let chat = "Zara: has anyone got the login\nPaddy: it's on the board\nMeg T: yeah he's back\n\
                Zara: thanks\nPaddy: 🎉\n";
    assert!(has(chat, Kind::Person, "Paddy"), "{:?}", found(chat));
    assert!(has(chat, Kind::Person, "Meg"), "{:?}", found(chat));
    let form = "Name: withheld\nGP: withheld\nTel: 020 7946 0381\nReason: low mood\n";
    assert!(
        !found(form).iter().any(|(k, _)| *k == Kind::Person),
        "{:?}",
        found(form)
    );
}

#[test]
fn who_someone_is_to_the_family_and_what_friends_call_them_make_a_name() {
    let text = "My Kaka (Kantilal, dad's younger brother) said nothing.";
    assert!(has(text, Kind::Person, "Kantilal"), "{:?}", found(text));
    let text = "Gurpreet (Garry to his mates) is on Olanzapine.";
    assert!(has(text, Kind::Person, "Garry"), "{:?}", found(text));
}

#[test]
fn at_before_an_ordinary_word_and_royal_before_any_put_a_place() {
    let text = "The staff at Hawthorn kept calling me the peer.";
    assert!(has(text, Kind::Place, "Hawthorn"), "{:?}", found(text));
    let text = "They took him to Royal Free, then home.";
    assert!(has(text, Kind::Place, "Royal Free"), "{:?}", found(text));
    let text = "I was admitted to the Royal Glamorgan in the spring.";
    assert!(
        has(text, Kind::Place, "Royal Glamorgan"),
        "{:?}",
        found(text)
    );
    // The forces and the post are not places; nor is a time of year after "at".
    let text = "He was in the Royal Signals and his wife in the Royal Mail, at Christmas.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn places_of_worship_end_or_lead_a_name() {
    let text = "The imam at Green Lane Masjid gave a khutbah about it.";
    assert!(
        has(text, Kind::Place, "Green Lane Masjid"),
        "{:?}",
        found(text)
    );
    let text = "Auntie brought food from Bethel Methodist every week.";
    assert!(
        has(text, Kind::Place, "Bethel Methodist"),
        "{:?}",
        found(text)
    );
}

#[test]
fn streets_typed_in_lower_case_are_found_where_a_word_places_them() {
    let text = "feds stopped me 3 times a week on west green road";
    assert!(
        has(text, Kind::Address, "west green road"),
        "{:?}",
        found(text)
    );
    let text = "the whole of green street knows";
    assert!(
        has(text, Kind::Address, "green street"),
        "{:?}",
        found(text)
    );
    for text in [
        "we drove round the ring road",
        "down a side road and then the high street",
        "it is close to the car park",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn towns_that_begin_with_a_title_teams_in_lower_case_and_who_runs_a_service() {
    let text = "I moved to my mam's in Bishop Auckland after.";
    assert!(
        has(text, Kind::Place, "Bishop Auckland"),
        "{:?}",
        found(text)
    );
    let text = "i rang the harbourside HTT at 2 and got a voicemail";
    assert!(
        has(text, Kind::Place, "harbourside HTT"),
        "{:?}",
        found(text)
    );
    let text = "The crisis house is run by Certitude, not the NHS.";
    assert!(has(text, Kind::Place, "Certitude"), "{:?}", found(text));
    // A first name running something is still a person.
    let text = "It is run by Wanjiru and her sister.";
    assert!(has(text, Kind::Person, "Wanjiru"), "{:?}", found(text));
    let text = "We met at Cafe Mahmoud on the corner, not at Caffè Nero.";
    assert!(has(text, Kind::Place, "Cafe Mahmoud"), "{:?}", found(text));
    assert!(
        !found(text).iter().any(|(_, t)| t.contains("Nero")),
        "{:?}",
        found(text)
    );
    let text = "The Bishop Smith came to the ward.";
    assert!(has(text, Kind::Person, "Bishop Smith"), "{:?}", found(text));
}

#[test]
fn a_ward_said_again_without_ward_and_a_name_on_which_someone_works_at_a_place() {
    let text = "A guide to Lavender Ward. Lavender is on the top floor, past the lifts.";
    let places = found(text)
        .into_iter()
        .filter(|(k, t)| *k == Kind::Place && t == "Lavender")
        .count();
    assert_eq!(places, 1, "{:?}", found(text));
    let text = "Sunday 3rd: night shift on Heather at St Aldhelm's.";
    assert!(has(text, Kind::Place, "Heather"), "{:?}", found(text));
    // A generic ward word is not a name said again.
    let text = "The Acute Ward was loud. Acute care is hard.";
    assert!(!has(text, Kind::Place, "Acute"), "{:?}", found(text));
}

#[test]
fn a_doctors_team_is_the_doctor_and_a_name_paired_with_a_first_name_is_a_person() {
    let text = "We won the quiz and beat Dr Hosseini's team.";
    assert!(has(text, Kind::Person, "Dr Hosseini"), "{:?}", found(text));
    assert!(!found(text).iter().any(|(k, _)| *k == Kind::Place));
    // A place's own team is still a place.
    let text = "They sent me to St Mary's team instead.";
    assert!(
        has(text, Kind::Place, "St Mary's team"),
        "{:?}",
        found(text)
    );
    let text = "The allotment on Ffordd Tan y Bryn, Gwion and Meinir who I met there.";
    assert!(has(text, Kind::Person, "Gwion"), "{:?}", found(text));
    // A list of towns stays a list of towns.
    let text = "We moved from Leek and Cheadle when I was nine.";
    assert!(has(text, Kind::Place, "Cheadle"), "{:?}", found(text));
}

#[test]
fn diagnoses_programmes_and_brands_are_not_names() {
    let text = "I've had a diagnosis of Schizophrenia, then Schizoaffective, then nothing.";
    assert!(found(text).is_empty(), "{:?}", found(text));
    let text = "We watched Gogglebox and I tried Headspace, and they filed a Datix.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn scots_into_puts_a_place() {
    let text = "Ah wis fine till ah went intae Leverndale.";
    assert!(has(text, Kind::Place, "Leverndale"), "{:?}", found(text));
}

#[test]
fn a_places_own_name_said_alone_is_the_place() {
    let text = "My first admission was to Hergest Unit. On Hergest there was one nurse, and \
                Hergest was loud.";
    let places = found(text)
        .iter()
        .filter(|(k, t)| *k == Kind::Place && t == "Hergest")
        .count();
    assert_eq!(places, 2, "{:?}", found(text));
    // A listed first name stays a person.
    let text = "I was on Lewis Ward for a month. Lewis said I could stay.";
    assert!(has(text, Kind::Person, "Lewis"), "{:?}", found(text));
}

#[test]
fn pets_clubs_hymns_and_diagnoses_identify_nobody() {
    for text in [
        "We had a cat called Biscuit and a Staffie called Nelson.",
        "My cat Kovu is with the neighbour for now.",
        "my name is on the form Im from round here and Im not well",
        "Hiya, sorry, Casualty was heaving. Mark my words, it gets worse.",
        "Refugee Action helped with the forms, and so did St Mungo's.",
        "He supports Ross County, which naebody does.",
        "I support Celtic, always have.",
        "We sang Amazing Grace at the chapel.",
        "They didn't know us from Adam.",
        "I raised it through Freedom to Speak Up.",
        "Then it was back to Schizophrenia, depending on who you saw.",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
    // The people beside them still are found.
    // A charity's branch still names its place.
    let text = "The Refugee Action Kirklees office was shut.";
    assert!(
        found(text).iter().any(|(_, t)| t.contains("Kirklees")),
        "{:?}",
        found(text)
    );
    let text = "A man walking his dog, Ricardo, found me.";
    assert!(has(text, Kind::Person, "Ricardo"), "{:?}", found(text));
    let text = "I support Lucas at the factory, and she supported Ifeoma at the tribunal.";
    assert!(has(text, Kind::Person, "Lucas"), "{:?}", found(text));
    assert!(has(text, Kind::Person, "Ifeoma"), "{:?}", found(text));
}

#[test]
fn someone_spoken_to_is_a_person() {
    let text = "One nurse, she seh \"Marcia, mi know yuh, yuh a good woman.\"";
    assert!(has(text, Kind::Person, "Marcia"), "{:?}", found(text));
    let text = "She sat on the concrete and said, I'm not going anywhere, Ken. I went in.";
    assert!(has(text, Kind::Person, "Ken"), "{:?}", found(text));
    // Not a greeting to a relation or a role, nor a word opening a quotation.
    for text in [
        "I said night night, Mum. Then I slept.",
        "He said thanks, Doctor. Then he left.",
        "She said \"Honestly, it was fine.\"",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn a_service_named_after_a_street_or_hill_is_a_place() {
    for (text, span) in [
        (
            "the GP at Hill Street Surgery gave me citalopram",
            "Hill Street Surgery",
        ),
        ("At the Grove Surgery they gave me pills", "Grove Surgery"),
        ("I was on Grove Ward for a month", "Grove Ward"),
        ("the Station Road Clinic rang", "Station Road Clinic"),
    ] {
        assert!(has(text, Kind::Place, span), "{text}: {:?}", found(text));
    }
    // Kinds of work and of service named by a street word are nobody's place.
    for text in [
        "the Street Triage Team came",
        "a Road Safety Team talk",
        "the Place of Safety Suite was full",
        "the Court Liaison Service saw me",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn faith_leaders_titles_and_everyday_words_for_people_introduce_names() {
    let text = "my dad took him to Maulana Shafiq at the Jamia Masjid for prayers";
    assert!(
        has(text, Kind::Person, "Maulana Shafiq"),
        "{:?}",
        found(text)
    );
    let text = "two staff for eighteen patients, and a lassie, Kimberley, went missing";
    assert!(has(text, Kind::Person, "Kimberley"), "{:?}", found(text));
}

#[test]
fn peoples_regions_prayers_and_kin_identify_nobody() {
    for text in [
        "On Bonfire Night we stay inside with the music on.",
        "Her nan came over in 1958, and we are Jain.",
        "I live near Thurso, two tours of Helmand behind me.",
        "He bangs his head at Fajr. My Kaka said I should go.",
    ] {
        let flagged: Vec<_> = found(text)
            .into_iter()
            .filter(|(_, s)| s != "Thurso")
            .collect();
        assert!(flagged.is_empty(), "{text}: {flagged:?}");
    }
    // A surname of the same people stays a name.
    let text = "my mother asked Kwabena Asante to pray for me";
    assert!(
        has(text, Kind::Person, "Kwabena Asante"),
        "{:?}",
        found(text)
    );
}

#[test]
fn a_word_given_as_a_name_greeted_or_beside_a_name_is_someone() {
    for (text, name) in [
        ("His name was Warren. He was moved the next week.", "Warren"),
        ("My name's Will, by the way, and I'm all right now.", "Will"),
        ("My brother's mates called him Smudger.", "Smudger"),
        (
            "He said, \"Hello, Jade. I'm sorry we're meeting like this.\"",
            "Jade",
        ),
        (
            "We lived with a host family, Jenny and Mark, very kind.",
            "Mark",
        ),
    ] {
        assert!(has(text, Kind::Person, name), "{name}: {:?}", found(text));
    }
    // An insult is not a name, nor is a word beside a word.
    for text in [
        "They called me Stupid.",
        "Hello, I will be there.",
        "Salt and Pepper.",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn the_big_uk_and_irish_cities_are_places_as_moderators_remove_them() {
    for (text, city) in [
        ("I lived in Leeds for a year.", "Leeds"),
        (
            "I became unwell at university in Glasgow, and nobody came.",
            "Glasgow",
        ),
        (
            "If you're in Coventry and need a group, try ours.",
            "Coventry",
        ),
        ("They moved me to Dublin after that.", "Dublin"),
    ] {
        assert!(has(text, Kind::Place, city), "{text}: {:?}", found(text));
    }
    // So are the cities abroad that someone came from.
    let text = "I'm Ghanaian, from Accra, living here now.";
    assert!(has(text, Kind::Place, "Accra"), "{:?}", found(text));
}

#[test]
fn family_words_and_nicknames_alone_name_no_one_but_belong_to_a_name() {
    let text = "The worker said 'Auntie, come, let's go together'.";
    assert!(found(text).is_empty(), "{:?}", found(text));
    for (text, name) in [
        ("My auntie Grace came down on the train.", "auntie Grace"),
        (
            "The charge nurse, big Alasdair, had a voice like a foghorn.",
            "big Alasdair",
        ),
        (
            "My aunt, Khala Rokeya, had to be called in.",
            "Khala Rokeya",
        ),
    ] {
        assert!(has(text, Kind::Person, name), "{text}: {:?}", found(text));
    }
    // A relationship stays outside the name.
    let text = "My brother Kwame came every day.";
    assert!(has(text, Kind::Person, "Kwame"), "{:?}", found(text));
}

#[test]
fn events_singers_dialect_and_letter_headings_are_not_names() {
    for text in [
        "Mon - Appointment at the surgery, cancelled again.",
        "We had an Appointment at Hollins Lane about it.",
        "I was a patient on the ward. Same ward, different life.",
        "The nurse would sing him Vera Lynn every night.",
        "She come a di yard an drink tea wid us. Dat's progress.",
        "We did the sessions as Gaeilge, which helped.",
        "Sunday. Visited Da, he was quiet.",
        "My mum, Hooyo, says it was different back home.",
        "To the manager\n\nRe: my son's care",
        "Won at tribunal in Septmber.",
    ] {
        assert!(
            !found(text)
                .iter()
                .any(|(k, _)| matches!(k, Kind::Person | Kind::Place)),
            "{text}: {:?}",
            found(text)
        );
    }
}

#[test]
fn misspelled_months_and_scots_o_still_make_a_date() {
    assert!(has(
        "My assessment was on the 17th Febuary.",
        Kind::Date,
        "17th Febuary"
    ));
    assert!(has(
        "Got sectioned on the 6th o January, aye.",
        Kind::Date,
        "6th o January"
    ));
}

#[test]
fn a_brand_after_mr_is_a_surname_but_a_brand_known_by_a_title_is_not() {
    let text = "My neighbour Mr Costa has a key.";
    assert!(has(text, Kind::Person, "Mr Costa"), "{:?}", found(text));
    let text = "A Mr Kipling cake and Mr Muscle for the floor.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn streets_in_the_plural_take_a_house_number() {
    for (text, address) in [
        (
            "I'm at my brother's, 9 Green Lanes, until Friday.",
            "9 Green Lanes",
        ),
        (
            "Address: 3 Quarry Bank Cottages, Hebden Bridge",
            "3 Quarry Bank Cottages",
        ),
    ] {
        assert!(
            has(text, Kind::Address, address),
            "{text}: {:?}",
            found(text)
        );
    }
}

#[test]
fn an_unlisted_word_opening_a_sentence_is_a_person_when_spoken_to_or_aged() {
    for (text, name) in [
        ("Hetal, if you’re reading this, it’s me.", "Hetal"),
        ("Kavinaya, 15, year 11 at a grammar school.", "Kavinaya"),
        (
            "Dympnaith — I won't put her surname — was kind.",
            "Dympnaith",
        ),
    ] {
        assert!(has(text, Kind::Person, name), "{text}: {:?}", found(text));
    }
    // A word of the ward's routine is no one, whatever follows it.
    let text = "Handover uses first names for staff and surnames for us.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn a_name_that_is_a_word_is_a_person_when_it_does_what_people_do() {
    for (text, name) in [
        ("Grace was my keyworker at the hostel.", "Grace"),
        ("Rose was the HCA who never called the police.", "Rose"),
        ("Joy found me crying in the sluice room.", "Joy"),
        ("Grace did the night shift.", "Grace"),
    ] {
        assert!(has(text, Kind::Person, name), "{text}: {:?}", found(text));
    }
    for text in [
        "Joy was not something I felt much of.",
        "Hope did not last.",
        "Hope kept me going.",
    ] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn the_royal_said_alone_is_the_towns_hospital() {
    for text in [
        "Eleven hours in A&E at the Royal. Eleven.",
        "They sent me from the Royal to a private place.",
        "she came with me to the royal and talked to the doctors",
    ] {
        let royal = found(text)
            .into_iter()
            .any(|(k, t)| k == Kind::Place && t.eq_ignore_ascii_case("royal"));
        assert!(royal, "{text}: {:?}", found(text));
    }
    for text in ["He joined the Royal Navy.", "it was the royal treatment"] {
        assert!(found(text).is_empty(), "{text}: {:?}", found(text));
    }
}

#[test]
fn a_town_in_lower_case_after_scots_fae_or_another_town_is_a_place() {
    assert!(has(
        "ma pal aimee fae grangemouth got seen",
        Kind::Place,
        "grangemouth"
    ));
    let text = "the buses go to camborne and redruth";
    assert!(has(text, Kind::Place, "redruth"), "{:?}", found(text));
    assert!(found("bread and butter and jam").is_empty());
}

#[test]
fn an_ordinary_word_capitalised_after_near_the_is_a_place() {
    let text = "I got banned from the shop near the Meadows for shouting.";
    assert!(has(text, Kind::Place, "Meadows"), "{:?}", found(text));
    let text = "We waited outside the Beeches until the doors opened.";
    assert!(has(text, Kind::Place, "Beeches"), "{:?}", found(text));
    assert!(found("I sat near the window.").is_empty());
}

#[test]
fn welsh_irish_and_gaelic_names_are_led_by_the_noun_for_their_kind() {
    for (text, place) in [
        (
            "She stopped going to Gaelscoil na Fuinseoige in 2022.",
            "Gaelscoil na Fuinseoige",
        ),
        (
            "I was admitted out of area to Cefn Coed so nobody knew me.",
            "Cefn Coed",
        ),
        (
            "Caffi Cwtsh in Colwyn Bay is where I work now.",
            "Caffi Cwtsh",
        ),
        (
            "Wards I have been on: Tir na nÓg, then the big one.",
            "Tir na nÓg",
        ),
        ("Tá mé ag scríobh as Béal Feirste anocht.", "Béal Feirste"),
    ] {
        assert!(has(text, Kind::Place, place), "{text}: {:?}", found(text));
    }
    // A lone Irish word in lower case after a mutation is no name.
    let text = "Scoil is where I learnt, and that was that.";
    assert!(!has(text, Kind::Place, "Scoil is"), "{:?}", found(text));
}

#[test]
fn the_words_of_scots_and_jamaican_speech_and_of_naming_place_what_follows() {
    for (text, place) in [
        ("The whole of Castlebay knew by the Monday.", "Castlebay"),
        (
            "Ma man Eck has been in an oot o Gartnavel since 2003.",
            "Gartnavel",
        ),
        (
            "Dem call police pon mi inna Handsworth an tek mi go.",
            "Handsworth",
        ),
        ("I walked hame tae Foxbar wi a poly bag.", "Foxbar"),
        ("i was in an ATU called Thornlea for 3 years", "Thornlea"),
        (
            "They took me to hospital, the ward name is Overdale.",
            "Overdale",
        ),
        (
            "There's a little place called Brewhaus run by volunteers.",
            "Brewhaus",
        ),
    ] {
        assert!(has(text, Kind::Place, place), "{text}: {:?}", found(text));
    }
    // A person in a team is still a person, and "place" with a comma names nothing.
    for (text, name) in [
        (
            "My advocate from the Voiceability team, Jaswinder, helped me.",
            "Jaswinder",
        ),
        (
            "A man from the crisis team called Delroy Campbell came.",
            "Delroy Campbell",
        ),
    ] {
        assert!(has(text, Kind::Person, name), "{text}: {:?}", found(text));
    }
    let text = "Wherever you are you're in the same place, Lifeline is there.";
    assert!(found(text).is_empty(), "{:?}", found(text));
}

#[test]
fn a_ward_named_after_its_noun_is_a_place_when_said_alone_later() {
    let text = "He went to Ward Afallon in Bronglais that night. Afallon means apple orchard.";
    assert!(has(text, Kind::Place, "Afallon"), "{:?}", found(text));
    for (text, place) in [
        (
            "my experience on Ward East 6 at Llandough was mixed",
            "Ward East 6",
        ),
        (
            "Rugadh mi ann an Loch Baghasdail. I was sixty.",
            "Loch Baghasdail",
        ),
        ("I'm Jamaican-born, Brum bred, and proud.", "Brum"),
    ] {
        assert!(has(text, Kind::Place, place), "{text}: {:?}", found(text));
    }
    let text = "She gave me a look like I was the Loch Ness Monster.";
    assert!(found(text).is_empty(), "{:?}", found(text));
    let text = "Clodagh, 4 Bóthar na Trá, An Spidéal";
    assert!(
        has(text, Kind::Address, "4 Bóthar na Trá"),
        "{:?}",
        found(text)
    );
}
