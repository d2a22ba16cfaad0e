//! The tagger over the rules (`tagger.rs`): what it changes, and what it may never change.

use super::*;

type Found = Vec<(Kind, String)>;

/// What the rules alone find, and what the whole detector finds.
fn both(text: &str) -> (Found, Found) {
    let pairs = |f: Vec<Finding>| f.into_iter().map(|f| (f.kind, f.text)).collect();
    (
        pairs(find_identifiers_by_rules(text)),
        pairs(find_identifiers(text)),
    )
}

#[test]
fn the_tagger_learns_a_name_the_rules_miss() {
    // No rule knows "Bistro" leads a name, or that the Welsh word after it is one.
    let (rules, tagged) = both("My keyworker Siobhan took me to Bistro Cwtch on Tuesday.");
    assert_eq!(rules, vec![(Kind::Person, "Siobhan".to_string())]);
    assert_eq!(
        tagged,
        vec![
            (Kind::Person, "Siobhan".to_string()),
            (Kind::Place, "Bistro Cwtch".to_string()),
        ]
    );
}

#[test]
fn structured_kinds_and_streets_stand_as_the_rules_found_them() {
    for text in [
        "Dr Okafor rang my mum at 3pm on 12th March.",
        "Call 07700 900123 or email jo@example.com, NHS number 943 476 5919.",
        "We lived on Cromwell Street, 14 Cromwell Street, Gloucester GL1 1AA.",
        "Flat 9, Tamarind Court, 42 Lordship Lane, London SE22 8HJ. Ask for Precious O.",
        "ON 3RD MARCH DR MENSAH MOVED ME TO ROWAN WARD AT ST ANNE'S.",
    ] {
        let kept = |f: &Found| -> Found {
            f.iter()
                .filter(|(k, _)| !matches!(k, Kind::Person | Kind::Place))
                .cloned()
                .collect()
        };
        let (rules, tagged) = both(text);
        assert_eq!(kept(&rules), kept(&tagged), "{text}");
        assert!(!kept(&rules).is_empty(), "{text}");
    }
}

#[test]
fn the_tagger_keeps_the_rules_reasons_and_offsets() {
    let text = "I was on Willow Ward at St Mary's for a month, then Bogdan's flat.";
    let tagged = find_identifiers(text);
    let rules = find_identifiers_by_rules(text);
    for f in &tagged {
        assert_eq!(&text[f.start..f.end], f.text);
        if let Some(r) = rules.iter().find(|r| r.start == f.start && r.end == f.end) {
            assert_eq!(r.reason, f.reason);
        }
        assert!(!f.reason.is_empty());
    }
    assert!(tagged
        .iter()
        .any(|f| f.kind == Kind::Place && f.text == "St Mary's"));
}

#[test]
fn what_the_tagger_adds_is_held_to_the_deny_list() {
    // A character from children's books, said in a chat: the rules leave it alone, and the
    // tagger, which would take "Mr" and a capitalised word for a person, is overruled.
    let text = "[21:11] Jaz: who does he think he is\n[21:12] me: Mr Tickle probably\n";
    let (rules, tagged) = both(text);
    assert!(
        !rules.iter().any(|(_, t)| t.contains("Tickle")),
        "{rules:?}"
    );
    assert!(
        !tagged.iter().any(|(_, t)| t.contains("Tickle")),
        "{tagged:?}"
    );
    // Without the deny list's word, the same shape is a person.
    let (_, tagged) = both(&text.replace("Tickle", "Okonkwo"));
    assert!(
        tagged.contains(&(Kind::Person, "Mr Okonkwo".to_string())),
        "{tagged:?}"
    );
}

#[test]
fn a_list_of_names_is_many_names() {
    // The tagger, left alone, ran "Mohammed, Aled" and "Mama Titi, Priyanka" into one name each.
    for (text, names) in [
        (
            "Present: Gethin, Mohammed, Aled (chair), Ffion (notes).",
            &["Gethin", "Mohammed", "Aled", "Ffion"][..],
        ),
        (
            "The good ones: Gail, Andrzej, PC Tariq Mahmood, Mama Titi, Priyanka. Thank you.",
            &[
                "Gail",
                "Andrzej",
                "PC Tariq Mahmood",
                "Mama Titi",
                "Priyanka",
            ][..],
        ),
        ("[18:05] shaz: ok\n[18:06] Shaz: on my way", &["Shaz"][..]),
    ] {
        let (_, tagged) = both(text);
        for (_, found) in &tagged {
            assert!(!found.contains([',', '\n']), "{found:?} in {text:?}");
        }
        for name in names {
            assert!(
                tagged.contains(&(Kind::Person, name.to_string())),
                "{name} in {tagged:?}"
            );
        }
    }
}

#[test]
fn a_ward_named_by_its_number_stands_as_the_rules_found_it() {
    // The tagger reads words, not numbers, and took "Ward" opening a sentence for the word.
    for (text, ward) in [
        (
            "Ward 7 is where they put the men who don't engage.",
            "Ward 7",
        ),
        ("- Ward 12: the only honest one.", "Ward 12"),
        ("WARD 9 WAS THE WORST.", "WARD 9"),
    ] {
        let (rules, tagged) = both(text);
        assert!(
            rules.contains(&(Kind::Place, ward.to_string())),
            "{rules:?}"
        );
        assert!(
            tagged.contains(&(Kind::Place, ward.to_string())),
            "{tagged:?}"
        );
    }
    let (_, tagged) = both("Ward round was at ten. We waited on the ward 3 times a day.");
    assert!(tagged.is_empty(), "{tagged:?}");
}

#[test]
fn a_name_found_once_is_found_again_in_capitals_and_in_lower_case() {
    // A transcript whose speakers are in capitals, and a chat typed in lower case.
    let text = "DEZ: It's always on.\nSISTER: He's been off air since 2019, Dez.\nDEZ: Then why?";
    let (_, tagged) = both(text);
    let dez = tagged
        .iter()
        .filter(|(_, t)| t.eq_ignore_ascii_case("dez"))
        .count();
    assert_eq!(dez, 3, "{tagged:?}");
    let text = "my nurse Dawn rang again.\n[18:07] me: tell DAWN im alive. dawn can wait";
    let (_, tagged) = both(text);
    assert!(
        tagged.contains(&(Kind::Person, "DAWN".to_string())),
        "{tagged:?}"
    );
    // In lower case, a word of the language stays a word.
    assert!(!tagged.iter().any(|(_, t)| t == "dawn"), "{tagged:?}");
}

#[test]
fn a_name_set_off_by_a_dash_or_a_bracket_is_a_name_of_its_own() {
    // A word after a dash or bracket is not capitalised by grammar, so an unlisted one is read
    // as a name; and the dash ends the name before it.
    for (text, names) in [
        (
            "The nurses were good — Ikechukwu, a man called Radu — but left.",
            &["Ikechukwu"][..],
        ),
        (
            "Nurse Abara — Uzoma — sometimes turned it over to the cricket.",
            &["Uzoma"][..],
        ),
        (
            "a new care coordinator (Sioned, legend) and no more waiting",
            &["Sioned"][..],
        ),
    ] {
        let (_, tagged) = both(text);
        for name in names {
            assert!(
                tagged.contains(&(Kind::Person, name.to_string())),
                "{name} in {tagged:?}"
            );
        }
        assert!(!tagged.iter().any(|(_, t)| t.contains('—')), "{tagged:?}");
    }
}

#[test]
fn someone_with_a_family_title_or_a_surname_like_a_ward_stays_a_person() {
    for (text, name) in [
        (
            "Things I can do: ring Grandpa Stan, watch telly.",
            "Grandpa Stan",
        ),
        ("I'm at Auntie Thandi's on Clarence Road.", "Auntie Thandi"),
        (
            "my uncle Mikey Ward told everyone she was away.",
            "Mikey Ward",
        ),
    ] {
        let (_, tagged) = both(text);
        assert!(
            tagged.contains(&(Kind::Person, name.to_string())),
            "{name} in {tagged:?}"
        );
    }
    let (_, tagged) = both("I was on Kestrel Ward for a month.");
    assert!(
        tagged.contains(&(Kind::Place, "Kestrel Ward".to_string())),
        "{tagged:?}"
    );
}

#[test]
fn a_name_ends_at_its_possessive_and_starts_after_a_greeting() {
    // The tagger ran "Mr Nyambura's PIP being" and "Oliwia's English" into one name each, and
    // took "Hiya" into "Hiya Ruthie".
    for (text, name) in [
        (
            "Concern: abuse by a lodger; Mr Nyambura's PIP being taken at the cashpoint.",
            "Mr Nyambura",
        ),
        (
            "Played cards with Gbenga and Oliwia. Oliwia's English is better than she lets on.",
            "Oliwia",
        ),
        ("Hiya Ruthie, it's me again from the group.", "Ruthie"),
    ] {
        let (_, tagged) = both(text);
        assert!(
            tagged.contains(&(Kind::Person, name.to_string())),
            "{name:?} in {tagged:?}"
        );
        for (kind, found) in &tagged {
            if *kind == Kind::Person {
                assert!(!found.contains("'s "), "{found:?} in {text:?}");
                assert!(!found.starts_with("Hiya"), "{found:?} in {text:?}");
            }
        }
    }
}

#[test]
fn a_title_opening_the_text_stays_with_its_name() {
    // The rules find "Nurse Bronwen"; the tagger, with no word before it, kept only "Bronwen".
    let (rules, tagged) =
        both("Nurse Bronwen used to say the ward was a place to be unwell safely.");
    assert!(rules.contains(&(Kind::Person, "Nurse Bronwen".to_string())));
    assert!(
        tagged.contains(&(Kind::Person, "Nurse Bronwen".to_string())),
        "{tagged:?}"
    );
}

#[test]
fn a_name_does_not_run_on_into_the_next_sentence() {
    // "poplar ward. bev" and "Caffi'r Gurnos. Myfanwy" were one span each. A full stop after an
    // initial or a title ends no sentence, so "Dr A. Kerr" and "Parch. Tudur Hopcyn" stay whole.
    for text in [
        "we were on poplar ward. bev was there every night",
        "I met her at Caffi'r Gurnos. Myfanwy said hello.",
    ] {
        let (_, tagged) = both(text);
        for (_, found) in &tagged {
            assert!(!found.contains(". "), "{found:?} in {text:?}");
        }
    }
    for (text, name) in [
        (
            "Location: Sandpiper Ward\nReporter: Dr A. Kerr\nDescription: none",
            "Dr A. Kerr",
        ),
        (
            "The minister at Capel Bethel, Parch. Tudur Hopcyn, told my husband.",
            "Parch. Tudur Hopcyn",
        ),
    ] {
        let (_, tagged) = both(text);
        assert!(
            tagged.contains(&(Kind::Person, name.to_string())),
            "{tagged:?}"
        );
    }
}

#[test]
fn the_writer_is_never_part_of_a_name() {
    let (_, tagged) = both("Good nurses, a Romanian man called Radu I'd trust with my own mother.");
    assert!(
        tagged.contains(&(Kind::Person, "Radu".to_string())),
        "{tagged:?}"
    );
}

#[test]
fn a_place_ends_before_a_gathering_held_there() {
    let (_, found) = both(
        "Minutes — Harbour Ward Community Meeting, Thursday 2nd May.\n\
         The Poppy Ward Survivors group met again.",
    );
    for place in ["Harbour Ward", "Poppy Ward"] {
        assert!(
            found.contains(&(Kind::Place, place.to_string())),
            "{place:?} in {found:?}"
        );
    }
    assert!(!found
        .iter()
        .any(|(_, t)| t.contains("Meeting") || t.contains("Survivors")));
}

#[test]
fn no_person_the_tagger_finds_holds_and() {
    let (_, tagged) = both("I liked Ellie B and Tyreece.");
    assert_eq!(
        tagged,
        vec![
            (Kind::Person, "Ellie B".to_string()),
            (Kind::Person, "Tyreece".to_string()),
        ]
    );
}
