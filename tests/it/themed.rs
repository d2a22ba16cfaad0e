//! Themed search: the thesaurus widens words, phrases and boolean queries; themes moderators
//! assign (and, more weakly, themes suggested from the text) match and rank; `exact=on` turns it
//! all off; results say what else matched; story pages show related stories and respect the
//! content warnings a reader chose to hide.

use axum::http::StatusCode;

use crate::support::TestApp;

/// Publishes a story with these themes and warnings; returns its id.
fn publish(app: &TestApp, title: &str, themes: &[&str], warnings: &[&str], body: &str) -> String {
    publish_with(
        app,
        title,
        &[("themes", themes), ("content_warnings", warnings)],
        body,
    )
}

/// Publishes a story with these roles, settings and content warnings and no themes.
fn publish_tagged(app: &TestApp, title: &str, tags: [&[&str]; 3], body: &str) -> String {
    publish_with(
        app,
        title,
        &[
            ("roles", tags[0]),
            ("settings", tags[1]),
            ("content_warnings", tags[2]),
        ],
        body,
    )
}

/// Publishes a story with these lists in its front matter; returns its id.
fn publish_with(app: &TestApp, title: &str, lists: &[(&str, &[&str])], body: &str) -> String {
    let mut front = format!("title = \"{title}\"\nillustrative = true\n");
    for (key, values) in lists {
        let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
        front.push_str(&format!("{key} = [{}]\n", quoted.join(", ")));
    }
    app.archive
        .import_story(&format!("+++\n{front}+++\n{body}\n"), true)
        .unwrap()
        .expect("published")
        .to_string()
}

async fn ids(app: &TestApp, query: &str) -> Vec<String> {
    let v = app.get(&format!("/api/v1/search?{query}")).await.json();
    v["hits"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_owned())
        .collect()
}

fn q(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Three accounts of restraint told three ways, and stories that are about something else.
struct Corpus {
    app: TestApp,
    face_down: String,
    named: String,
    tagged_only: String,
    pd: String,
    quiet: String,
}

fn corpus() -> Corpus {
    let app = TestApp::new();
    let face_down = publish(
        &app,
        "Tuesday night",
        &[],
        &[],
        "Four of them held me face down on the corridor carpet until I stopped shouting.",
    );
    let named = publish(
        &app,
        "The word they used",
        &[],
        &[],
        "They wrote restraint in the notes, as if it were a weather report.",
    );
    let tagged_only = publish(
        &app,
        "What happened after the alarm",
        &["restraint"],
        &["restraint"],
        "I remember the alarm and then the ceiling tiles. Afterwards nobody would talk about it.",
    );
    let pd = publish(
        &app,
        "At the top of the letter",
        &[],
        &[],
        "The letter said PD at the top, and from then on every nurse read that before me.",
    );
    let quiet = publish(
        &app,
        "The allotment",
        &[],
        &[],
        "On Sundays I grow beans. The night sky over the allotment is the best part of the week.",
    );
    app.archive.drain_outbox().unwrap();
    Corpus {
        app,
        face_down,
        named,
        tagged_only,
        pd,
        quiet,
    }
}

#[tokio::test]
async fn a_concept_finds_the_stories_told_in_other_words_and_those_tagged_with_its_theme() {
    let c = corpus();
    let found = ids(&c.app, "q=restraint").await;
    for id in [&c.face_down, &c.named, &c.tagged_only] {
        assert!(found.contains(id), "{id} missing from {found:?}");
    }
    assert!(!found.contains(&c.quiet) && !found.contains(&c.pd));
    // The exact words only: just the story that says "restraint".
    assert_eq!(
        ids(&c.app, "q=restraint&exact=on").await,
        vec![c.named.clone()]
    );
}

#[tokio::test]
async fn a_phrase_naming_a_concept_is_widened_too() {
    let c = corpus();
    let found = ids(&c.app, &format!("q={}", q("\"personality disorder\""))).await;
    assert_eq!(found, vec![c.pd.clone()]);
    let exact = ids(
        &c.app,
        &format!("q={}&exact=on", q("\"personality disorder\"")),
    )
    .await;
    assert!(exact.is_empty(), "{exact:?}");
}

#[tokio::test]
async fn boolean_queries_widen_each_side() {
    let c = corpus();
    let either = ids(
        &c.app,
        &format!("q={}", q("(restraint OR PD) AND -allotment")),
    )
    .await;
    for id in [&c.face_down, &c.named, &c.tagged_only, &c.pd] {
        assert!(either.contains(id), "{id} missing from {either:?}");
    }
    let without = ids(&c.app, &format!("q={}", q("night -restraint"))).await;
    assert_eq!(
        without,
        vec![c.quiet.clone()],
        "night without restraint: only the allotment"
    );
    let both = ids(&c.app, &format!("q={}", q("restraint AND night"))).await;
    assert_eq!(both, vec![c.face_down.clone()], "{both:?}");
}

#[tokio::test]
async fn a_plain_query_puts_stories_with_every_word_first_then_those_with_some() {
    let c = corpus();
    let found = ids(&c.app, "q=restraint%20on%20the%20night").await;
    assert_eq!(found.first(), Some(&c.face_down), "{found:?}");
    for id in [&c.named, &c.tagged_only, &c.quiet] {
        assert!(found.contains(id), "{id} missing from {found:?}");
    }
    assert!(
        !found.contains(&c.pd),
        "'on' and 'the' alone match nothing: {found:?}"
    );
    // An expression means what it says: AND is every word, and exact=on too.
    assert_eq!(
        ids(&c.app, "q=restraint%20AND%20night").await,
        vec![c.face_down.clone()]
    );
    assert_eq!(
        ids(&c.app, "q=held%20carpet&exact=on").await,
        vec![c.face_down.clone()]
    );
}

#[tokio::test]
async fn a_theme_tag_ranks_a_story_above_the_same_words_untagged() {
    let app = TestApp::new();
    let words = "On the ward we were restrained more than once that winter.";
    let untagged = publish(&app, "Winter one", &[], &[], words);
    let tagged = publish(&app, "Winter two", &["restraint"], &[], words);
    app.archive.drain_outbox().unwrap();
    assert_eq!(
        ids(&app, "q=restraint").await,
        [tagged.clone(), untagged.clone()]
    );
    // Naming the theme itself calls up the concept linked to it.
    let by_name = ids(&app, &format!("q={}", q("coercion"))).await;
    assert_eq!(by_name.first(), Some(&tagged), "{by_name:?}");
}

#[tokio::test]
async fn groups_and_circumstances_are_found_in_the_words_people_tell_them_in() {
    let app = TestApp::new();
    let trans = publish(
        &app,
        "The whiteboard",
        &[],
        &[],
        "They put my old name on the whiteboard and kept me on the male side of the ward.",
    );
    let postnatal = publish(
        &app,
        "Three weeks",
        &[],
        &[],
        "Three weeks after she was born I told my health visitor about the intrusive thoughts.",
    );
    let housing = publish(
        &app,
        "Nine days",
        &[],
        &[],
        "When they discharged me the council put me in a hostel, and then I was sofa surfing.",
    );
    let prison = publish(
        &app,
        "Eleven weeks",
        &[],
        &[],
        "On remand the in-reach nurse saw me twice; the officers checked the flap every hour.",
    );
    app.archive.drain_outbox().unwrap();
    for (query, id) in [
        ("transgender", &trans),
        ("postnatal", &postnatal),
        ("homelessness", &housing),
        ("prison", &prison),
    ] {
        assert_eq!(
            ids(&app, &format!("q={query}")).await,
            [id.as_str()],
            "{query}"
        );
        assert!(
            ids(&app, &format!("q={query}&exact=on")).await.is_empty(),
            "{query}"
        );
    }
}

#[tokio::test]
async fn a_broader_linked_theme_still_finds_but_is_not_excluded_with_the_concept() {
    let app = TestApp::new();
    // Self-harm is linked to crisis care, which it does not name (the weights are checked in
    // search::expand's tests).
    let told = publish(
        &app,
        "Blades",
        &[],
        &[],
        "I kept blades under the mattress.",
    );
    let tagged = publish(
        &app,
        "Waiting",
        &["crisis-care"],
        &[],
        "A long night in a cubicle.",
    );
    app.archive.drain_outbox().unwrap();
    let found = ids(&app, "q=self-harm").await;
    assert!(
        found.contains(&told) && found.contains(&tagged),
        "{found:?}"
    );
    // Excluding police (linked to crisis care) does not exclude every story tagged crisis care.
    assert!(ids(&app, &format!("q={}", q("cubicle -police")))
        .await
        .contains(&tagged));
}

#[tokio::test]
async fn a_suggested_theme_is_a_weaker_signal_than_an_assigned_one() {
    let app = TestApp::new();
    // Neither uses a word of the "hope" concept. The first is tagged with the theme; the second's
    // words ("believing" twice) make the taxonomy suggest it at publication.
    let tagged = publish(
        &app,
        "Spring",
        &["hope"],
        &[],
        "The first warm morning, I opened the window.",
    );
    let suggested = publish(
        &app,
        "Slowly",
        &[],
        &[],
        "Believing it took years. Believing anything good about myself took longer.",
    );
    let neither = publish(&app, "Tea", &[], &[], "A cup of tea and the radio.");
    app.archive.drain_outbox().unwrap();
    assert_eq!(ids(&app, "q=hope").await, [tagged, suggested]);
    assert!(ids(&app, "q=hope&exact=on").await.is_empty());
    assert!(!ids(&app, "q=hope").await.contains(&neither));
}

#[tokio::test]
async fn results_say_what_else_matched_in_json_and_on_the_page() {
    let c = corpus();
    let v = c.app.get("/api/v1/search?q=restraint").await.json();
    let hit = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == c.face_down.as_str())
        .unwrap()
        .clone();
    let also: Vec<&str> = hit["also_matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(also.contains(&"held face down"), "{also:?}");
    // The snippet shows the other words highlighted, though "restraint" is not among them.
    let snippet = hit["snippet_html"].as_str().unwrap();
    assert!(snippet.contains("<mark>face</mark>"), "{snippet}");
    assert!(
        !snippet.contains("<mark>on</mark>"),
        "common words are not highlighted: {snippet}"
    );
    assert!(!also.contains(&"restraint"), "{also:?}");
    let tagged = &v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == c.tagged_only.as_str())
        .unwrap()["also_matched"];
    assert_eq!(tagged[0], "theme: Restraint", "{tagged}");
    let page = c.app.get("/stories?q=restraint").await;
    let lines = page.texts(".hit .also-matched");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Also matched:") && l.contains("held face down")),
        "{lines:?}"
    );
    let exact = c
        .app
        .get("/api/v1/search?q=restraint&exact=on")
        .await
        .json();
    assert_eq!(exact["hits"][0]["also_matched"], serde_json::json!([]));
}

#[tokio::test]
async fn the_exact_switch_is_a_checkbox_that_stays_ticked_and_refuses_nonsense() {
    let c = corpus();
    let page = c.app.get("/stories?q=restraint").await;
    assert_eq!(
        page.attr("form.search input[name=exact]", "type")
            .as_deref(),
        Some("checkbox")
    );
    assert_eq!(page.attr("form.search input[name=exact]", "checked"), None);
    let ticked = c.app.get("/stories?q=restraint&exact=on").await;
    assert!(ticked
        .attr("form.search input[name=exact]", "checked")
        .is_some());
    assert_eq!(ticked.texts(".hit").len(), 1);
    let bad = c.app.get("/api/v1/search?q=restraint&exact=maybe").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("exact"), "{}", bad.body);
}

#[tokio::test]
async fn story_pages_show_related_stories_without_the_warnings_a_reader_hides() {
    let app = TestApp::new();
    let body = |extra: &str| {
        format!("The seclusion room had a mattress and a hatch in the door. The hatch opened every hour. {extra}")
    };
    let one = publish(
        &app,
        "The hatch",
        &["seclusion"],
        &[],
        &body("I counted tiles."),
    );
    let two = publish(
        &app,
        "Through the hatch",
        &["seclusion"],
        &["restraint"],
        &body("Later they held me down."),
    );
    let three = publish(
        &app,
        "Mattress",
        &["seclusion"],
        &[],
        &body("I slept in my clothes."),
    );
    let other = publish(
        &app,
        "Beans",
        &["hope"],
        &[],
        "I grow beans on the allotment on Sundays.",
    );
    app.archive.drain_outbox().unwrap();
    let related = |page: &crate::support::Reply| -> Vec<String> {
        let sel = scraper::Selector::parse("section.related li a").unwrap();
        page.html()
            .select(&sel)
            .map(|a| a.value().attr("href").unwrap().to_owned())
            .collect()
    };
    let page = app.get(&format!("/stories/{one}")).await;
    let links = related(&page);
    assert!(links.contains(&format!("/stories/{two}")), "{links:?}");
    assert!(links.contains(&format!("/stories/{three}")), "{links:?}");
    assert!(
        !links.iter().any(|l| l.contains(&one)),
        "a story is not related to itself"
    );
    assert!(!links.iter().any(|l| l.contains(&other)), "{links:?}");
    assert!(page
        .text("section.related")
        .contains("shares Seclusion and segregation"));
    // Hiding restraint: the story carrying that warning goes, and the choice follows the links.
    let hiding = app
        .get(&format!("/stories/{one}?exclude_cw=restraint"))
        .await;
    let links = related(&hiding);
    assert_eq!(links, [format!("/stories/{three}?exclude_cw=restraint")]);
    assert!(hiding
        .attr("section.related input[value=restraint]", "checked")
        .is_some());
    // A search hiding a warning carries it onto the stories it lists.
    let results = app.get("/stories?q=hatch&exclude_cw=restraint").await;
    let sel = scraper::Selector::parse(".hit h2 a").unwrap();
    let hrefs: Vec<String> = results
        .html()
        .select(&sel)
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert!(
        !hrefs.is_empty() && hrefs.iter().all(|h| h.ends_with("?exclude_cw=restraint")),
        "{hrefs:?}"
    );
    // An unknown warning in the address is ignored, not an error.
    assert_eq!(
        app.get(&format!("/stories/{one}?exclude_cw=%3Cb%3E"))
            .await
            .status,
        StatusCode::OK
    );
    // The API answer lists the same related stories, and hides the same warnings.
    let ids = |answer: &serde_json::Value| -> Vec<String> {
        answer["related"]
            .as_array()
            .expect("a related list")
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let api = app.get(&format!("/api/v1/stories/{one}")).await.json();
    let listed = ids(&api);
    assert!(listed.contains(&two) && listed.contains(&three), "{api}");
    assert!(!listed.contains(&one) && !listed.contains(&other), "{api}");
    let first = &api["related"][0];
    assert!(first["url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/stories/{}", first["id"].as_str().unwrap())));
    assert_eq!(first["shared_themes"], serde_json::json!(["seclusion"]));
    let hiding = app
        .get(&format!("/api/v1/stories/{one}?exclude_cw=restraint"))
        .await
        .json();
    assert_eq!(ids(&hiding), vec![three]);
}

#[tokio::test]
async fn a_lay_description_finds_the_accounts_told_in_other_words_after_those_in_its_words() {
    let app = TestApp::new();
    let own_words = publish(
        &app,
        "The review",
        &[],
        &[],
        "I told them about the pain every day and nobody listened to a word of it.",
    );
    let other_words = publish(
        &app,
        "Fobbed off",
        &[],
        &[],
        "Every time I rang I was fobbed off, and they wrote it off as my anxiety.",
    );
    let unrelated = publish(
        &app,
        "The garden",
        &[],
        &[],
        "We planted beans by the fence and listened to the radio in the afternoons.",
    );
    app.archive.drain_outbox().unwrap();
    let found = ids(&app, &format!("q={}", q("nobody listened"))).await;
    assert_eq!(found.first(), Some(&own_words), "{found:?}");
    assert!(found.contains(&other_words), "{found:?}");
    assert!(!found.contains(&unrelated), "{found:?}");
    // Exact, or quoted, it means the words as typed.
    let exact = ids(&app, &format!("q={}&exact=on", q("nobody listened"))).await;
    assert_eq!(exact, vec![own_words.clone()]);
    let quoted = ids(&app, &format!("q={}", q("\"nobody listened\""))).await;
    assert_eq!(quoted, vec![own_words]);
}

#[tokio::test]
async fn two_concepts_typed_side_by_side_each_widen() {
    let app = TestApp::new();
    let both = publish(
        &app,
        "Night shift",
        &[],
        &[],
        "Four of them pinned me to the floor. I was the only woman on the ward that night.",
    );
    let one = publish(
        &app,
        "The lads",
        &[],
        &[],
        "Four of them pinned me to the floor. The lads on the ward cheered.",
    );
    app.archive.drain_outbox().unwrap();
    let found = ids(&app, &format!("q={}", q("restraint women"))).await;
    assert_eq!(found.first(), Some(&both), "{found:?}");
    assert!(found.contains(&one), "{found:?}");
}

#[tokio::test]
async fn a_story_that_tells_the_concept_strongly_is_not_put_below_one_that_only_has_every_word() {
    let app = TestApp::new();
    let strong = publish(
        &app,
        "Restraint on the ward",
        &["restraint"],
        &[],
        "Four of them pinned me to the floor, face down, a knee in my back. I was restrained \
         for twenty minutes and held down again the next day, and again after that. \
         Restraint, they called it.",
    );
    let passing = publish(
        &app,
        "The meeting",
        &[],
        &[],
        "The residents' meeting was in the lounge after tea. The manager read out the new rules \
         about the kitchen and the television, and people argued about the biscuits for half an \
         hour. I showed restraint that night and said nothing, though I had plenty to say about \
         the laundry. Afterwards we played cards until the medication round.",
    );
    // Enough other stories for word weights to be those of an archive, not of three stories;
    // "night" is common in testimony, as it is here.
    let places = [
        "the garden",
        "the bus",
        "the library",
        "the kitchen",
        "the café",
        "the park",
    ];
    for i in 0..36 {
        let when = if i % 3 == 0 {
            "at night"
        } else {
            "in the afternoon"
        };
        let place = places[i % places.len()];
        publish(
            &app,
            &format!("Story {i}"),
            &[],
            &[],
            &format!("I used to sit in {place} {when} and write to my sister. Week {i} was quiet."),
        );
    }
    app.archive.drain_outbox().unwrap();
    let found = ids(&app, &format!("q={}", q("restraint night"))).await;
    // Every word earns a bonus, not first place: the account of restraint, tagged as such and told
    // in four ways, comes before the story that has both words but uses one in another sense.
    assert_eq!(
        found.first(),
        Some(&strong),
        "{found:?}: strong {strong}, passing {passing}"
    );
    assert!(found.contains(&passing), "{found:?}");
}

#[tokio::test]
async fn the_role_setting_and_warning_a_moderator_sets_find_a_concept_told_in_no_word_of_it() {
    let app = TestApp::new();
    // None of these uses a word of the concept searched for; the moderator's tags say what each
    // is about.
    let carer = publish_tagged(
        &app,
        "Sundays",
        [&["carer"], &[], &[]],
        "Every Sunday I drove two hours and was turned away at the door.",
    );
    let held = publish_tagged(
        &app,
        "The corridor",
        [&["service-user"], &[], &["restraint"]],
        "Four of them came down the corridor and my face was on the lino.",
    );
    let intensive = publish_tagged(
        &app,
        "Upstairs",
        [&[], &["picu"], &[]],
        "They moved me upstairs, where the doors had two locks.",
    );
    let other = publish_tagged(
        &app,
        "Allotment",
        [&["service-user"], &["community-team"], &[]],
        "The allotment kept me going that summer.",
    );
    let garden = publish_tagged(
        &app,
        "Garden",
        [&[], &[], &["restraint"]],
        "A quiet afternoon in the garden.",
    );
    app.archive.drain_outbox().unwrap();
    assert_eq!(ids(&app, "q=carers").await, std::slice::from_ref(&carer));
    let restraint = ids(&app, "q=restraint").await;
    assert!(
        restraint.len() == 2 && restraint.contains(&held) && restraint.contains(&garden),
        "{restraint:?}"
    );
    // The garden is suggested the ward environment, which PICU is linked to; the tag puts the
    // unit first.
    assert_eq!(ids(&app, "q=PICU").await.first(), Some(&intensive));
    assert!(ids(&app, "q=carers&exact=on").await.is_empty());
    // After NOT a concept's tags leave nobody out: "-carers" is not "not told by a carer".
    assert!(ids(&app, &format!("q={}", q("sunday -carers")))
        .await
        .contains(&carer));
    // A lay description typed bare calls its concept up, but not the concept's tags.
    assert!(!ids(&app, &format!("q={}", q("held face down")))
        .await
        .contains(&garden));
    assert!(!ids(&app, "q=carers").await.contains(&other));
    // The hit says why it matched.
    let v = app.get("/api/v1/search?q=carers").await.json();
    assert_eq!(
        v["hits"][0]["also_matched"][0], "role: Family member or carer",
        "{v}"
    );
    let v = app.get("/api/v1/search?q=PICU").await.json();
    assert_eq!(
        v["hits"][0]["also_matched"][0], "setting: Psychiatric intensive care (PICU)",
        "{v}"
    );
}

#[tokio::test]
async fn the_words_the_best_matches_share_lift_a_story_that_tells_the_same_without_widening() {
    let app = TestApp::new();
    for (i, title) in ["Jam day", "The kitchen group", "Sundays"]
        .iter()
        .enumerate()
    {
        publish(
            &app,
            title,
            &[],
            &[],
            &format!(
                "On the ward we made marmalade. Seville oranges, sugar and jars, and the whole \
                 corridor smelt of marmalade for a day. Batch {i} of jars went to the shop."
            ),
        );
    }
    // Told at length, and in the words the best matches share: Seville oranges, jars.
    let alike = publish(
        &app,
        "What the OT did",
        &[],
        &[],
        "The occupational therapist was the first person in months who asked what I used to \
         enjoy. I told her about my nan, and she found a recipe, and by the end of the week we \
         had Seville oranges in a bag on the table and clean jars from the charity shop. It was \
         the first thing I had finished since I was admitted, a row of jars of marmalade on the \
         windowsill, and I gave one to the nurse who had been kind on my worst night.",
    );
    // Shorter, so it comes first on the query's word alone.
    let passing = publish(
        &app,
        "Breakfast",
        &[],
        &[],
        "Breakfast was at eight, toast and marmalade again, and then the long wait for the \
         doctor. Nobody knew when she would come, so we sat in the lounge with the television on \
         and watched the door.",
    );
    for i in 0..60 {
        publish(
            &app,
            &format!("Story {i}"),
            &[],
            &[],
            &format!(
                "I used to sit in the garden in the afternoon and write to my sister. Week {i}."
            ),
        );
    }
    app.archive.drain_outbox().unwrap();
    let exact = ids(&app, "q=marmalade&exact=on").await;
    let pos = |list: &[String], id: &str| list.iter().position(|x| x == id).unwrap();
    assert!(pos(&exact, &passing) < pos(&exact, &alike), "{exact:?}");
    let found = ids(&app, "q=marmalade").await;
    assert!(pos(&found, &alike) < pos(&found, &passing), "{found:?}");
    // It only reorders: the same five stories match, and no story without the word.
    let v = app.get("/api/v1/search?q=marmalade").await.json();
    assert_eq!(v["total"], 5, "{v}");
}
