//! Search: every query is answered (leniently, with a note when needed), filters and facets
//! count correctly, pages are bounded, and feeds follow any search.

use axum::http::StatusCode;

use chorus::store::Role;

use crate::support::{total, TestApp};

/// An archive with the example stories published.
fn demo() -> TestApp {
    let app = TestApp::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("stories");
    let tally = app.archive.import_dir(&dir, true, |_| {}).unwrap();
    let (ok, failed) = (tally.imported, tally.refused);
    assert!(ok >= 24, "at least 24 example stories, got {ok}");
    assert_eq!(failed, 0);
    app
}

#[tokio::test]
async fn malformed_queries_are_answered_with_a_note_never_an_error() {
    let app = demo();
    let long = "restraint ".repeat(1000);
    for q in [
        "\"unclosed",
        "AND OR",
        "title:",
        "-",
        "https://example.org/a?b=c",
        "(((",
        "NOT",
        ")",
        "a:b:c",
        "*",
        "^2",
        "\\",
        long.as_str(),
    ] {
        let enc = percent_encoding::utf8_percent_encode(q, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
        let api = app.get(&format!("/api/v1/search?q={enc}")).await;
        assert_eq!(api.status, StatusCode::OK, "query {q:?}: {}", api.body);
        let html = app.get(&format!("/stories?q={enc}")).await;
        assert_eq!(html.status, StatusCode::OK, "query {q:?}");
    }
    let v = app.get("/api/v1/search?q=%22unclosed%20ward").await.json();
    assert!(v["note"].as_str().unwrap().contains("ward"), "{v}");
    let v = app
        .get(&format!("/api/v1/search?q={}", "x".repeat(10_000)))
        .await
        .json();
    assert!(v["note"].as_str().unwrap().contains("long"));
}

#[tokio::test]
async fn stemming_phrases_and_booleans_work() {
    let app = demo();
    let stem = app.get("/api/v1/search?q=nurses").await.json();
    let plain = app.get("/api/v1/search?q=nurse").await.json();
    assert!(total(&stem) > 0);
    assert_eq!(total(&stem), total(&plain), "word forms share a stem");
    // Word families the stemmer does not join are searched together; exact=on keeps them apart.
    let family = total(&app.get("/api/v1/search?q=restraint").await.json());
    let exact = total(&app.get("/api/v1/search?q=restraint&exact=on").await.json());
    let restrained = total(&app.get("/api/v1/search?q=restrained&exact=on").await.json());
    assert!(
        family >= exact.max(restrained) && family > exact,
        "restraint {family}, exact {exact}, restrained {restrained}"
    );
    let both = total(&app.get("/api/v1/search?q=ward%20AND%20nurse").await.json());
    let ward = total(&app.get("/api/v1/search?q=ward").await.json());
    assert!(both <= ward && both > 0);
    let without = total(&app.get("/api/v1/search?q=ward%20-nurse").await.json());
    assert_eq!(both + without, ward);
}

#[tokio::test]
async fn filters_and_facet_counts_agree() {
    let app = demo();
    let all = app.get("/api/v1/search?per_page=100").await.json();
    let everything = total(&all);
    assert!(everything >= 24);
    let filtered = app
        .get("/api/v1/search?theme=restraint&per_page=100")
        .await
        .json();
    // The facet count is the filtered total, under the same small-count rule.
    assert_eq!(all["facets"]["theme"]["restraint"], filtered["total"]);
    let restraint = total(&filtered);
    for hit in filtered["hits"].as_array().unwrap() {
        assert!(hit["themes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "restraint"));
    }
    // The parent theme counts its children too.
    let coercion = total(
        &app.get("/api/v1/search?theme=coercion&per_page=100")
            .await
            .json(),
    );
    assert!(coercion >= restraint);
    let excluded = app
        .get("/api/v1/search?exclude_cw=restraint&per_page=100")
        .await
        .json();
    let with_cw = app.get("/api/v1/search?q=&per_page=100").await.json()["hits"]
        .as_array()
        .unwrap()
        .len() as u64;
    assert!(total(&excluded) < with_cw);
    let carers = app.get("/api/v1/search?role=carer").await.json();
    assert_eq!(carers["total"], all["facets"]["role"]["carer"]);
    assert!(total(&carers) > 0);
    let nineties = total(&app.get("/api/v1/search?from=1990&to=1999").await.json());
    assert!(nineties > 0 && nineties < everything);
}

#[tokio::test]
async fn pagination_is_bounded_and_bad_parameters_are_400() {
    let app = demo();
    let p1 = app
        .get("/api/v1/search?per_page=5&page=1&sort=oldest")
        .await
        .json();
    let p2 = app
        .get("/api/v1/search?per_page=5&page=2&sort=oldest")
        .await
        .json();
    assert_eq!(p1["hits"].as_array().unwrap().len(), 5);
    assert_ne!(p1["hits"][0]["id"], p2["hits"][0]["id"]);
    for bad in [
        "per_page=101",
        "per_page=0",
        "page=-1",
        "page=abc",
        "sort=sideways",
        "from=nineteen",
    ] {
        let r = app.get(&format!("/api/v1/search?{bad}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(r.json()["error"]["message"].is_string());
    }
    let far = app.get("/api/v1/search?page=9999").await.json();
    assert_eq!(far["hits"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn characters_xml_forbids_are_left_out_of_both_feeds() {
    // Found by the browser test (tests/browser): one such character in a story made the whole
    // feed unreadable to every feed reader until the story dropped off it.
    let app = TestApp::new();
    let title = "Night\u{7} shift";
    app.submit(
        title,
        "The ward\u{1}\u{8}\u{b}\u{c}\u{1b} was loud \u{fffe}\u{ffff} all night.",
    )
    .await;
    app.add_moderator("ana", chorus::store::Role::Moderator);
    let m = app.login("ana").await;
    // Cleaned once, at the boundary: the title is stored without the control character.
    let id = app.queued_id(&m, "Night shift").await;
    assert_eq!(app.approve(&m, &id, &["hope"]).await.status, StatusCode::OK);
    for path in ["/feed.atom", "/stories/feed.atom?q=ward"] {
        let feed = app.get(path).await;
        assert!(feed.body.contains("<entry>"), "{path}: {}", feed.body);
        let forbidden: Vec<char> = feed
            .body
            .chars()
            .filter(|&c| {
                (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'
            })
            .collect();
        assert!(forbidden.is_empty(), "{path}: {forbidden:?}");
        assert!(feed.body.contains("Night shift"), "{path}: {}", feed.body);
    }
}

#[tokio::test]
async fn the_search_page_shows_facets_snippets_and_a_feed_link() {
    let app = demo();
    let r = app.get("/stories?q=ward").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        !r.texts(".hit .snippet mark").is_empty(),
        "highlighted snippets"
    );
    assert!(!r.texts(".facets li").is_empty());
    let feed_link = r
        .attr(
            "link[type='application/atom+xml'][title='This search as a feed']",
            "href",
        )
        .unwrap();
    assert!(feed_link.starts_with("/stories/feed.atom?q=ward"));
    let feed = app.get(&feed_link).await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.body.contains("<entry>"));
    let theme = app.get("/themes/restraint").await;
    assert_eq!(theme.status, StatusCode::OK);
    assert!(!theme.texts(".hit").is_empty());
    assert_eq!(
        app.get("/themes/no-such-theme").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn unknown_story_ids_get_a_proper_404_page() {
    let app = demo();
    for path in [
        "/stories/zzzzzzzzzz",
        "/stories/../../etc/passwd",
        "/stories/abc",
        "/stories/zzzzzzzzzz/v/1",
        "/stories/zzzzzzzzzz/v/x",
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    let r = app.get("/stories/zzzzzzzzzz").await;
    assert_eq!(r.texts("h1"), vec!["Not found"]);
    assert_eq!(
        app.get("/api/v1/stories/zzzzzzzzzz").await.json()["error"]["code"],
        "not_found"
    );
    assert_eq!(
        app.get("/api/v1/nothing-here").await.json()["error"]["code"],
        "not_found"
    );
}

#[tokio::test]
async fn exports_follow_the_search_and_only_include_research_consent() {
    let app = demo();
    let jsonl = app.get("/api/v1/export?format=jsonl&theme=restraint").await;
    assert_eq!(jsonl.status, StatusCode::OK);
    let lines: Vec<serde_json::Value> = jsonl
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let expected = total(&app.get("/api/v1/search?theme=restraint").await.json());
    assert_eq!(lines.len() as u64, expected);
    assert!(lines.iter().all(|l| l["themes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "restraint")));
    let csv = app.get("/api/v1/export?format=csv").await;
    assert!(csv.body.starts_with("id,version,title"));
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    // A story published without research consent is not exported.
    app.submit("No research please", "Zanzibarine words only for reading.")
        .await;
    app.add_moderator("ana", chorus::store::Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "No research please").await;
    app.approve(&m, &id, &["hope"]).await;
    assert_eq!(
        total(&app.get("/api/v1/search?q=zanzibarine").await.json()),
        1
    );
    assert!(app
        .get("/api/v1/export?format=jsonl&q=zanzibarine")
        .await
        .body
        .is_empty());
}

#[tokio::test]
async fn the_statistics_page_charts_themes_and_hides_small_counts() {
    let app = demo();
    let page = app.get("/stats").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.texts("svg rect").len() >= 10, "a bar per theme in use");
    assert!(!page.texts("table.matrix tbody tr").is_empty());
    assert!(
        page.texts("svg text").iter().any(|t| t == "fewer than 5"),
        "a small count is named, not given"
    );
    let s = app.archive.stats().unwrap();
    assert_eq!(s.total as usize, 27.max(s.total as usize));
    assert!(
        s.pairs.windows(2).all(|w| w[0].1 >= w[1].1),
        "pairs most frequent first"
    );
}

#[tokio::test]
async fn a_quoted_phrase_that_finds_nothing_falls_back_to_its_words_and_says_so() {
    let app = TestApp::new();
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    app.submit(
        "What the notes said",
        "The notes called me dangerous. Big and black, they meant. I was nineteen and crying.",
    )
    .await;
    let id = app.queued_id(&m, "What the notes said").await;
    app.approve(&m, &id, &["racism"]).await;

    let q = "/api/v1/search?q=%22big%20black%20and%20dangerous%22";
    let v = app.get(q).await.json();
    assert_eq!(total(&v), 1, "{v}");
    assert!(
        v["note"].as_str().unwrap().contains("exact words"),
        "the page says the phrase itself was not found: {v}"
    );
    // Exact means exact.
    assert_eq!(total(&app.get(&format!("{q}&exact=on")).await.json()), 0);
    // A phrase that is there is searched as written, without a note.
    let v = app
        .get("/api/v1/search?q=%22big%20and%20black%22")
        .await
        .json();
    assert_eq!(total(&v), 1, "{v}");
    assert!(v["note"].is_null(), "{v}");
    // Words that are not there at all still find nothing.
    let v = app
        .get("/api/v1/search?q=%22violet%20umbrella%22")
        .await
        .json();
    assert_eq!(total(&v), 0, "{v}");
}
