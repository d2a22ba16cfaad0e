//! Behaviour of the rules on short texts: what is flagged and what is deliberately left alone
//! (the tagger over them is checked in `tagger_tests`), and that any input gives well-formed
//! spans from the whole detector.

use super::patterns::nhs_check_digit_valid;
use super::*;

fn kinds(text: &str) -> Vec<(Kind, String)> {
    find_identifiers_by_rules(text)
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
    // A dash after its label is no part of a longer number.
    assert_eq!(
        kinds("ni - sk102938d nhs - 7344056364 gp - the surgery")[1],
        (Kind::NhsNumber, "7344056364".to_string())
    );
    assert_eq!(kinds("number 9434765919")[0].0, Kind::NhsNumber);
    // Called one anywhere before it on its line, or by its names in Northern Ireland and
    // Scotland, a number with a wrong check digit is still one.
    for text in [
        "NHS no. (they asked for it last time, don't know why): 401 882 6157",
        "Health and care number 320 518 4497.",
        "CHI number: 0101801235",
    ] {
        assert_eq!(kinds(text)[0].0, Kind::NhsNumber, "{text}");
    }
}

#[test]
fn support_lines_and_service_numbers_are_not_phone_numbers() {
    let text = "Call Samaritans on 116 123, text SHOUT to 85258, ring NHS 111 or 999. \
                I was on a section 136, then 15-minute obs, and took 400mg of quetiapine in 2019.";
    assert!(kinds(text).is_empty(), "{:?}", kinds(text));
}

#[test]
fn national_helplines_are_not_personal_phone_numbers() {
    let text = "Call CALM on 0800 58 58 58, Mind on 0300 123 3393 or Childline on 0800 1111.";
    assert!(kinds(text).is_empty(), "{:?}", kinds(text));
    assert_eq!(
        kinds("Ring me on 0800 58 58 59."),
        vec![(Kind::Phone, "0800 58 58 59".to_string())]
    );
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
        // One digit too many, as a five-figure area code is often typed before a local number
        // written the Manchester way.
        "01274 496 0113",
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
fn a_count_after_a_phone_number_is_not_part_of_it() {
    assert_eq!(
        kinds("I rang 07700 900123 15 times."),
        vec![(Kind::Phone, "07700 900123".to_string())]
    );
    assert_eq!(
        kinds("I rang 0161 496 0123 4 times."),
        vec![(Kind::Phone, "0161 496 0123".to_string())]
    );
}

#[test]
fn month_and_year_is_not_an_exact_date() {
    assert!(kinds("I was admitted in March 2019, in the 1990s, one summer.").is_empty());
    assert_eq!(kinds("I was admitted on 3rd March 2019.")[0].0, Kind::Date);
    assert_eq!(kinds("DOB: 12/03/1987")[0].1, "12/03/1987");
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

#[test]
fn an_unlisted_name_after_the_longest_role_word_is_a_person() {
    assert_eq!(
        kinds("I saw my psychiatrist Zorbo on Tuesday."),
        vec![(Kind::Person, "Zorbo".to_string())]
    );
}

#[test]
fn a_role_word_glued_to_other_letters_is_not_a_role() {
    // "Hope" is an ordinary word, so only a role word just before it makes it a name.
    assert!(kinds("my unfriend Hope").is_empty());
    assert!(kinds("my superpsychiatrist Hope").is_empty());
    let long_run = "é".repeat(10_000);
    assert!(kinds(&format!("{long_run}called Hope")).is_empty());
    assert_eq!(
        kinds(&format!("{long_run} called Hope")),
        vec![(Kind::Person, "Hope".to_string())]
    );
}

#[test]
fn capitalised_fragments_of_one_long_word_are_not_names() {
    assert!(kinds(&"Abcé".repeat(5_000)).is_empty());
    assert!(kinds(&"Hopeé".repeat(5_000)).is_empty());
}

#[test]
fn names_on_no_list_are_found_by_not_being_ordinary_words() {
    assert_eq!(
        kinds("Later Tomasz Wiśniewski rang, and Oisín came too."),
        vec![
            (Kind::Person, "Tomasz Wiśniewski".to_string()),
            (Kind::Person, "Oisín".to_string())
        ]
    );
    // An ordinary word starting a sentence is not a name; "I'm" is not either.
    assert!(kinds("Afterwards I'm told Nothing Changed, Honestly.").is_empty());
}

#[test]
fn police_ranks_make_a_person_of_any_word() {
    assert_eq!(
        kinds("PC Wood and DS Carver came; Sgt Llewellyn waited."),
        vec![
            (Kind::Person, "PC Wood".to_string()),
            (Kind::Person, "DS Carver".to_string()),
            (Kind::Person, "Sgt Llewellyn".to_string())
        ]
    );
}

#[test]
fn context_makes_an_unknown_word_a_place() {
    assert_eq!(
        kinds("I grew up in Llanelli and moved to Pontypridd."),
        vec![
            (Kind::Place, "Llanelli".to_string()),
            (Kind::Place, "Pontypridd".to_string())
        ]
    );
    assert_eq!(
        kinds("I rang Kwabena and told Kwabena everything.")[1],
        (Kind::Person, "Kwabena".to_string())
    );
}

#[test]
fn institutions_teams_and_welsh_names_are_places() {
    assert_eq!(
        kinds("The Riverside Home Treatment Team sent me to Ysbyty Gwynedd, near Kirkgate CMHT."),
        vec![
            (Kind::Place, "Riverside Home Treatment Team".to_string()),
            (Kind::Place, "Ysbyty Gwynedd".to_string()),
            (Kind::Place, "Kirkgate CMHT".to_string())
        ]
    );
    assert_eq!(
        kinds("School was Pennine Valley College; we lived on Marlowe Crescent."),
        vec![
            (Kind::Place, "Pennine Valley College".to_string()),
            (Kind::Address, "Marlowe Crescent".to_string())
        ]
    );
    // Shops and the shore, where people are met.
    assert_eq!(
        kinds("I worked at Dolly's Pantry, then we sat on Five Finger Strand. The Beach was cold."),
        vec![
            (Kind::Place, "Dolly's Pantry".to_string()),
            (Kind::Place, "Five Finger Strand".to_string())
        ]
    );
}

#[test]
fn brands_fiction_sayings_and_medicines_are_not_identifiers() {
    let text = "I lived on Dr Pepper and Mr Kipling cakes, read Dr Google, felt like Nurse \
                Ratched's patient, and Bob's your uncle: Prozac, Seroquel, the Mental Health Act, \
                Samaritans and a Tesco meal deal. Memory Lane was no help.";
    assert!(kinds(text).is_empty(), "{:?}", kinds(text));
    let text = "Tha knows, nowt but Bisto gravy, a Ginsters from Iceland and Werthers in my coat.";
    assert!(
        find_identifiers(text).is_empty(),
        "{:?}",
        find_identifiers(text)
    );
    // A real surname that starts like a brand is still a name.
    assert_eq!(
        kinds("I saw Dr Pepper-Smith.")[0],
        (Kind::Person, "Dr Pepper-Smith".to_string())
    );
}

#[test]
fn an_unlisted_word_opening_a_sentence_is_a_name_only_if_it_acts_like_one() {
    let slang = "Knackered, I said. Meds were late. Innit. Skint again. Hiya.";
    assert!(kinds(slang).is_empty(), "{:?}", kinds(slang));
    assert_eq!(
        kinds("Tatenda was kind. Bartek and I left. Funmilayo, my nurse, stayed."),
        vec![
            (Kind::Person, "Tatenda".to_string()),
            (Kind::Person, "Bartek".to_string()),
            (Kind::Person, "Funmilayo".to_string())
        ]
    );
    // Once a word is a name in the text, it is a name wherever it stands.
    assert_eq!(kinds("I met Zelimir there. Zelimir.").len(), 2);
    // What people did for the writer.
    let text = "We walk on Saturdays. Elfed leads it. Doina sang. Gwenllian brings the cake.";
    assert_eq!(
        kinds(text),
        vec![
            (Kind::Person, "Elfed".to_string()),
            (Kind::Person, "Doina".to_string()),
            (Kind::Person, "Gwenllian".to_string())
        ]
    );
}

#[test]
fn someone_close_is_a_person_whatever_else_their_name_means() {
    // "Geordie" names people from Tyneside as well as naming someone: after "my husband" or
    // "my friend" it is someone.
    assert_eq!(
        kinds("Long-time lurker. My husband Geordie came to every appointment."),
        vec![(Kind::Person, "Geordie".to_string())]
    );
    // Not a kin word, not close: nothing.
    assert!(kinds("The Geordie accent on the ward made me smile.").is_empty());
}

#[test]
fn a_name_set_off_after_a_kind_of_place_can_be_someone_there() {
    assert_eq!(
        kinds("A nurse from the next ward, Yewande, overheard and came over."),
        vec![(Kind::Person, "Yewande".to_string())]
    );
    // A word that is no one's name, set off after a kind of place, is not made a person.
    assert!(kinds("I was moved to the PICU, Falcon, at night.")
        .iter()
        .all(|(kind, _)| *kind != Kind::Person));
}

#[test]
fn first_names_from_the_census_list_stay_people_in_a_list_of_places() {
    assert_eq!(
        kinds("Our host family lived in Malvern, Penelope and Giles, very kind."),
        vec![
            (Kind::Place, "Malvern".to_string()),
            (Kind::Person, "Penelope".to_string()),
            (Kind::Person, "Giles".to_string()),
        ]
    );
}

#[test]
fn a_hill_or_common_named_by_the_word_before_is_a_place() {
    assert_eq!(
        kinds("We lived near Tulse Hill, then by Clapham Common, then at Salford Quays."),
        vec![
            (Kind::Place, "Tulse Hill".to_string()),
            (Kind::Place, "Clapham Common".to_string()),
            (Kind::Place, "Salford Quays".to_string()),
        ]
    );
    // After a title it is a surname; after an ordinary word, not a hill, a colour or a charity.
    assert!(kinds("I gave to the Red Cross and painted it Lime Green.").is_empty());
    assert!(kinds("Mr Hill came at ten.")
        .iter()
        .all(|(kind, _)| *kind == Kind::Person));
}

#[test]
fn irish_eircodes_are_postcodes_but_roads_and_years_are_not() {
    for (text, code) in [
        ("We lived at D02 X285 in Dublin.", "D02 X285"),
        ("Eircode: T12 K8AF", "T12 K8AF"),
        ("my eircode is h91e2k3 if you need it", "h91e2k3"),
    ] {
        assert!(
            kinds(text).contains(&(Kind::Postcode, code.to_string())),
            "{text}: {:?}",
            kinds(text)
        );
    }
    for text in [
        "The crash on the A38 2019 was in the news.",
        "ON THE N17 ROAD",
    ] {
        assert!(
            !kinds(text).iter().any(|(k, _)| *k == Kind::Postcode),
            "{text}: {:?}",
            kinds(text)
        );
    }
}

#[test]
fn a_speaker_in_bold_or_with_a_time_in_brackets_is_a_name() {
    // A thread pasted from a phone, written up in Markdown.
    let text = "**Me (21:40):** cant do this anymore\n**Tomás (21:41):** where are u\n\
                **Me (21:41):** by the river\n**Tomás (21:42):** which bit\n\
                **Leanne:** on my way\njess (10:02): can u do my late";
    let found = kinds(text);
    for name in ["Tomás", "Leanne", "jess"] {
        assert!(
            found.contains(&(Kind::Person, name.to_string())),
            "{name:?} in {found:?}"
        );
    }
    assert!(!found.iter().any(|(_, t)| t == "Me"), "{found:?}");
    // A bracket that holds no time is no speaker's stamp.
    assert!(super::lines::said_after(" (not a time): said").is_none());
    assert_eq!(super::lines::said_after(" (21:41):** where"), Some("where"));
}

#[test]
fn a_grandparent_or_a_welsh_minister_is_part_of_the_name() {
    let found = kinds("Nanna Flo said the kettle is on. The minister, Parch. Tudur Hopcyn, came.");
    assert!(
        found.contains(&(Kind::Person, "Nanna Flo".to_string())),
        "{found:?}"
    );
    assert!(
        found.contains(&(Kind::Person, "Parch. Tudur Hopcyn".to_string())),
        "{found:?}"
    );
}

#[test]
fn a_day_of_the_month_the_words_make_a_day_is_a_date() {
    for (text, days) in [
        (
            "His wife's birthday was the 12th and he forgot. Tribunal set for the 28th.",
            &["12th", "28th"][..],
        ),
        (
            "- section 3 started 14/09\n- tribunal date is 21/03, terrified",
            &["14/09", "21/03"][..],
        ),
        (
            "I was there 10th–24th August. Then 7th-8th February, and from 2nd to the 29th of October.",
            &["10th", "24th August", "7th", "8th February", "2nd", "29th of October"][..],
        ),
    ] {
        let found = kinds(text);
        for day in days {
            assert!(
                found.contains(&(Kind::Date, day.to_string())),
                "{day:?} in {found:?}"
            );
        }
    }
    // A score, a phrase, a fraction, or a day that counts something is no date.
    let text = "My mood is 7/10 today, 3/4 of them agree, 24/7 support was 2/5. \
                In the 19th century, on the 2nd floor, for the 3rd time.";
    assert!(kinds(text).is_empty(), "{:?}", kinds(text));
}

#[test]
fn a_nickname_or_a_title_in_capitals_makes_a_name() {
    let text = "Big Mo ran the group and Old Reg from the fourteenth floor came.\n\
                MRS HALLIWELL: The garden's locked again.\nSISTER CONSOLATA: He's been off air.";
    let found = kinds(text);
    for name in ["Big Mo", "Old Reg", "MRS HALLIWELL", "SISTER CONSOLATA"] {
        assert!(
            found.contains(&(Kind::Person, name.to_string())),
            "{name:?} in {found:?}"
        );
    }
    // A landmark, the police, a pub and a street are not nicknamed people.
    let text = "We saw Big Ben. The Old Bill came. A pint at the Old Bell on Old Kent Road.";
    let found = kinds(text);
    assert!(
        !found.iter().any(|(kind, _)| *kind == Kind::Person),
        "{found:?}"
    );
}

#[test]
fn in_lower_case_typing_someone_who_speaks_or_cries_is_a_name() {
    let text = "the day room was loud. mohsin cried because his mum didnt visit. \
                cpn said no. bhai said wait. telly said rain. dr szymanska said no.";
    let found = kinds(text);
    assert!(
        found.contains(&(Kind::Person, "mohsin".to_string())),
        "{found:?}"
    );
    assert!(
        found.contains(&(Kind::Person, "dr szymanska".to_string())),
        "{found:?}"
    );
    for word in ["cpn", "bhai", "telly", "szymanska"] {
        assert!(
            !found.iter().any(|(_, t)| t == word),
            "{word:?} in {found:?}"
        );
    }
}

#[test]
fn after_a_speakers_colon_an_ordinary_word_is_speech() {
    let found = kinds("Dad: Good. Your mother says hi\nMum: Lucy rang\nNamed nurse: Bola\n");
    assert!(!found.iter().any(|(_, t)| t == "Good"), "{found:?}");
    for name in ["Lucy", "Bola"] {
        assert!(
            found.contains(&(Kind::Person, name.to_string())),
            "{name:?} in {found:?}"
        );
    }
}

#[test]
fn a_kind_of_place_after_a_name_or_someone_taken_there_makes_a_place() {
    let found = kinds(
        "Brynhyfryd community garden, volunteer notes. I was in Thorneywood adolescent unit \
         at sixteen. The pastor said: take the boy to Oxleas.",
    );
    for place in ["Brynhyfryd", "Thorneywood", "Oxleas"] {
        assert!(
            found.contains(&(Kind::Place, place.to_string())),
            "{place:?} in {found:?}"
        );
    }
    // Taking a thing to someone, or someone home, is no journey to a place.
    let found = kinds("I took the letter to Priya. Then we took Sarah home.");
    assert!(
        !found.iter().any(|(kind, _)| *kind == Kind::Place),
        "{found:?}"
    );
    let found = kinds("At the gurdwara Bhai Harjinder Singh spoke, and bhai said wait.");
    assert_eq!(
        found,
        vec![(Kind::Person, "Bhai Harjinder Singh".to_string())]
    );
}

#[test]
fn a_home_named_before_its_street_is_a_place() {
    let found = kinds("My mum's care home now — Glenholme, Tower Road, Fareham — has a poster.");
    assert!(
        found.contains(&(Kind::Place, "Glenholme".to_string())),
        "{found:?}"
    );
    // A first name greeted before a street is still a person.
    let found = kinds("Dear Sarah, Station Road was closed again.");
    assert!(
        found.contains(&(Kind::Person, "Sarah".to_string())),
        "{found:?}"
    );
}

#[test]
fn a_first_name_in_capitals_inside_ordinary_text_is_a_name() {
    let found = kinds("The sign said WE LOVE YOU NATALIE. The nurses let me stand there.");
    assert!(
        found.contains(&(Kind::Person, "NATALIE".to_string())),
        "{found:?}"
    );
    // Acronyms and shouted words are not names, nor a name that is also a word ("MARK").
    let found = kinds("I said I would NEVER sign. ACAS and the DWP. MARK MY WORDS, all of you.");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn a_place_described_after_a_dash_is_a_place() {
    let found =
        kinds("They brought me in, you know. Saxondale — big old place, gone now, all flats.");
    assert!(
        found.contains(&(Kind::Place, "Saxondale".to_string())),
        "{found:?}"
    );
    let found = kinds("Then Kemi — my nurse — came over.");
    assert!(
        found.contains(&(Kind::Person, "Kemi".to_string())),
        "{found:?}"
    );
}

#[test]
fn a_word_of_the_language_in_a_list_of_people_is_one_of_them() {
    // The list is read over the whole detector's findings, after the tagger.
    let kinds = |text: &str| -> Vec<(Kind, String)> {
        find_identifiers(text)
            .into_iter()
            .map(|f| (f.kind, f.text))
            .collect()
    };
    let text = "Present: Priya, Joe, Lukasz, Mercy, Dr Fraser (guest).";
    assert!(
        kinds(text).contains(&(Kind::Person, "Mercy".to_string())),
        "{:?}",
        kinds(text)
    );
    let text = "We sat with Priya, Mercy and Joe.";
    assert!(
        kinds(text).contains(&(Kind::Person, "Mercy".to_string())),
        "{:?}",
        kinds(text)
    );
    // A word that names no one stays out of the list.
    let text = "I saw Priya, Mum and Joe on Monday.";
    assert!(
        !kinds(text).iter().any(|(_, t)| t == "Mum"),
        "{:?}",
        kinds(text)
    );
}

#[test]
fn a_listed_first_name_is_found_with_its_accents() {
    for (text, name) in [
        ("Oisín if ur reading this stop texting my mam.", "Oisín"),
        (
            "Gráinne, if you read this, the bowl is still on my shelf.",
            "Gráinne",
        ),
        ("Seán rang the ward twice.", "Seán"),
    ] {
        assert_eq!(
            kinds(text),
            vec![(Kind::Person, name.to_string())],
            "{text}"
        );
    }
    // Short words of other languages are no names without their accents.
    for text in ["Tá mé ag scríobh as Gaillimh.", "Tôi tên là Lan."] {
        assert!(
            !kinds(text).iter().any(|(_, t)| t == "Tá" || t == "Tôi"),
            "{text}"
        );
    }
}

#[test]
fn the_town_before_a_postcode_is_a_place() {
    let places = |text: &str| -> Vec<String> {
        find_identifiers(text)
            .into_iter()
            .filter(|f| f.kind == Kind::Place)
            .map(|f| f.text)
            .collect()
    };
    for (text, town) in [
        ("Flat 9, 3 Ashbourne Road, Derby DE22 3FS.", "Derby"),
        ("St Anthony’s Shelter, 2 Quay Lane, Hull HU1 1AG.", "Hull"),
        ("4 Millbrook Crescent, Antrim, BT41 1QB.", "Antrim"),
        (
            "address - flat 12 brunswick house, grimsby dn31 1hx",
            "grimsby",
        ),
        (
            "Teach Solais, 4 Bóthar na Trá, Salthill, H91 E2W4",
            "Salthill",
        ),
    ] {
        assert!(places(text).contains(&town.to_string()), "{text}");
    }
    // What labels the postcode is no town, nor is a word in the middle of a sentence.
    assert!(places("Postcode DE22 3FS").is_empty());
    assert!(places("I was sent to Derby DE22 3FS by mistake").is_empty());
}

#[test]
fn a_day_spelt_out_or_after_words_of_when_is_a_date() {
    let dates = |text: &str| -> Vec<String> {
        kinds(text)
            .into_iter()
            .filter(|(k, _)| *k == Kind::Date)
            .map(|(_, t)| t)
            .collect()
    };
    assert_eq!(
        dates("The first of March I was sectioned. The twenty-second of March my dad died."),
        ["first of March", "twenty-second of March"]
    );
    assert_eq!(dates("I got out on the 3rd with a grant."), ["3rd"]);
    assert_eq!(
        dates("Thinking about the night of the 14th again."),
        ["14th"]
    );
    // A count after "on the" is no day, and an ordinal with no month none either.
    assert!(dates("We were on the 3rd floor, on the 2nd attempt.").is_empty());
    assert!(dates("The first of many. A second March was held.").is_empty());
}

#[test]
fn a_town_as_its_team_and_famous_people_name_no_one() {
    for text in [
        "Newcastle were relegated that season.",
        "We watched Liverpool lose to Everton in the day room.",
        "Stephen Fry made a documentary about bipolar.",
        "The Gardaí had brought me in.",
        "I went to the Salvation Army for a hot meal, then to the Pieta place twice.",
        "The telly only had Sky News on. A nurse played Fleetwood Mac at 4am on Boxing Day.",
    ] {
        assert!(
            find_identifiers(text).is_empty(),
            "{text}: {:?}",
            kinds(text)
        );
    }
    // People win and lose too, and a town is a place when nothing plays.
    assert_eq!(kinds("Priya won the raffle.")[0].0, Kind::Person);
    assert_eq!(kinds("I moved to Wrexham in May.")[0].0, Kind::Place);
    assert_eq!(
        kinds("Garda Kinsella had been out to us."),
        vec![(Kind::Person, "Garda Kinsella".to_string())]
    );
}

#[test]
fn phones_with_a_bracketed_nought_and_irish_landlines_are_found_but_not_breathing_space() {
    for (text, phone) in [
        (
            "Or text her on +44 (0) 7700 900 418. She's lovely.",
            "+44 (0) 7700 900 418",
        ),
        (
            "Ring 01 280 44 17 and ask for a long appointment.",
            "01 280 44 17",
        ),
    ] {
        assert_eq!(
            kinds(text),
            vec![(Kind::Phone, phone.to_string())],
            "{text}"
        );
    }
    // Nine digits in one run is a reference, not an Irish landline.
    assert!(kinds("Ref 012804417 on the letter.").is_empty());
    assert!(kinds("phone breathing space 0800 83 85 87. but").is_empty());
}

#[test]
fn a_discord_tag_and_an_irish_address_on_the_web_are_found() {
    assert_eq!(
        kinds("a Discord server, username quietvoices#2231. We have 300."),
        vec![(Kind::Handle, "quietvoices#2231".to_string())]
    );
    assert_eq!(
        kinds("you'll find it at grandso.ie with the rest"),
        vec![(Kind::Url, "grandso.ie".to_string())]
    );
}

#[test]
fn a_saint_typed_in_lower_case_keeps_its_possessive_and_an_ordinal_is_no_saint() {
    assert_eq!(
        kinds("at st ann’s a nurse sat with my aunty"),
        vec![(Kind::Place, "st ann’s".to_string())]
    );
    assert!(kinds("I spent my 21st birthday on the ward.").is_empty());
}

#[test]
fn hospitals_known_by_a_short_name_are_places_after_a_word_of_place() {
    for (text, place) in [
        (
            "She drove me to A&E at Queen’s when I was shaking.",
            "Queen’s",
        ),
        (
            "Three days on a trolley in James’s before a bed.",
            "James’s",
        ),
        ("I was in the Mercy after an overdose.", "Mercy"),
        ("She works at the UHL now.", "UHL"),
        ("Ward 12 at the RVI is where my nana was.", "RVI"),
        ("Admitted to Lavender Ward at the QE for ECT.", "QE"),
    ] {
        assert!(
            kinds(text).contains(&(Kind::Place, place.to_string())),
            "{text}: {:?}",
            kinds(text)
        );
    }
    // A scan, a name in its own right, and the Queen herself are not.
    for text in [
        "I had an MRI at the hospital.",
        "God save the Queen, they sang.",
        "We had a drink in the Mercy Bar.",
    ] {
        assert!(
            !kinds(text)
                .iter()
                .any(|(k, s)| *k == Kind::Place && (s == "MRI" || s == "Queen" || s == "Mercy")),
            "{text}: {:?}",
            kinds(text)
        );
    }
}

#[test]
fn laws_named_after_someone_singers_prayers_and_words_of_other_languages_name_no_one() {
    for text in [
        "My son is alive. Seni’s Law was meant to stop this.",
        "She'd hum Jim Reeves on the night shift.",
        "I read Ayat al-Kursi before bed.",
        "Na wa o. I been dey tell dem.",
        "My friend brought me to Jigsaw but they are for young people only.",
        "Mae hi’n dal yn ffrind i mi.",
        "For Pete’s sake, I'm not nosy.",
    ] {
        let found = find_identifiers(text);
        assert!(found.is_empty(), "{text}: {found:?}");
    }
    // A family title in another language belongs to the name.
    assert!(find_identifiers("and Apa Rukhsana there took me to the GP")
        .iter()
        .any(|f| f.kind == Kind::Person && f.text == "Apa Rukhsana"));
}
