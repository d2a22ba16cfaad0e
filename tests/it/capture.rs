//! One-click capture and reading with care: the story page's metadata read the way Zotero's
//! Embedded Metadata translator reads it (a web page, an anonymous single-field author, the
//! month, address, site name), its schema.org JSON-LD, and a story with content warnings held
//! behind "Show the story".

use std::collections::BTreeMap;

use axum::http::StatusCode;
use chorus::store::Role;

use crate::support::{published_id, Reply, TestApp};

/// Publishes a story; with `warnings`, as the moderators' `approve` helper does (restraint).
async fn published(app: &TestApp, title: &str, warnings: bool) -> String {
    app.submit(title, "First paragraph.\n\nSecond paragraph.")
        .await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, title).await;
    let r = if warnings {
        app.approve(&m, &id, &["hope"]).await
    } else {
        app.act(
            &m,
            &format!("/moderate/submissions/{id}/approve"),
            &[("themes", "hope")],
        )
        .await
    };
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    published_id(&r)
}

/// Every `<meta>` in the head by its name or property (the translator reads both).
fn metas(page: &Reply) -> BTreeMap<String, Vec<String>> {
    let html = page.html();
    let sel = scraper::Selector::parse("head meta").unwrap();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in html.select(&sel) {
        let name = m.value().attr("name").or(m.value().attr("property"));
        if let (Some(name), Some(content)) = (name, m.value().attr("content")) {
            out.entry(name.to_owned())
                .or_default()
                .push(content.to_owned());
        }
    }
    out
}

/// The `citation_*` tags Zotero's Embedded Metadata translator reads (its HIGHWIRE_MAPPINGS
/// and the ones it handles itself).
const HIGHWIRE_TAGS: &[&str] = &[
    "citation_title",
    "citation_publication_date",
    "citation_date",
    "citation_journal_title",
    "citation_journal_abbrev",
    "citation_book_title",
    "citation_volume",
    "citation_issue",
    "citation_series_title",
    "citation_conference_title",
    "citation_conference",
    "citation_dissertation_institution",
    "citation_technical_report_institution",
    "citation_technical_report_number",
    "citation_publisher",
    "citation_isbn",
    "citation_abstract",
    "citation_doi",
    "citation_public_url",
    "citation_language",
    "citation_author",
    "citation_authors",
    "citation_editor",
    "citation_firstpage",
    "citation_lastpage",
    "citation_issn",
    "citation_eIssn",
    "citation_pdf_url",
    "citation_abstract_html_url",
    "citation_fulltext_html_url",
    "citation_pmid",
    "citation_online_date",
    "citation_year",
    "citation_keywords",
];
/// Tags that make the translator decide the item is not a web page.
const TYPE_FORCING_TAGS: &[&str] = &[
    "citation_journal_title",
    "citation_technical_report_institution",
    "citation_conference_title",
    "citation_conference",
    "citation_book_title",
    "citation_inbook_title",
    "citation_dissertation_institution",
    "citation_isbn",
];

#[tokio::test]
async fn zotero_saves_a_story_as_a_web_page_by_an_anonymous_author() {
    let app = TestApp::new();
    let story = published(&app, "Captured", true).await;
    let page = app.get(&format!("/stories/{story}")).await;
    let tags = metas(&page);
    for name in tags.keys().filter(|n| n.starts_with("citation_")) {
        assert!(
            HIGHWIRE_TAGS.contains(&name.as_str()),
            "{name} is not read by Zotero"
        );
    }
    for forcing in TYPE_FORCING_TAGS {
        assert!(
            !tags.contains_key(*forcing),
            "{forcing} would make it not a web page"
        );
    }
    // The item type: og:type wins over DC.type and the citation_title guess; "website" is a web page.
    assert_eq!(tags["og:type"], ["website"]);
    assert_ne!(
        tags["DC.type"],
        ["Text"],
        "DC.type Text is guessed a journal article"
    );
    // One author, one word: no semicolon or comma to split, no space to make a given name.
    assert_eq!(tags["citation_author"], ["Anonymous"]);
    assert_eq!(tags["citation_title"], ["Captured"]);
    let date = &tags["citation_publication_date"][0];
    assert!(
        date.len() == 7 && date.as_bytes()[4] == b'/',
        "year/month: {date}"
    );
    let canonical = format!("/stories/{story}/v/1");
    assert!(tags["citation_public_url"][0].ends_with(&canonical));
    assert!(tags["og:url"][0].ends_with(&canonical));
    assert_eq!(tags["og:site_name"], ["Chorus"], "Zotero's Website Title");
    assert!(
        !tags.contains_key("citation_publisher"),
        "the site once, not also as publisher"
    );
}

#[tokio::test]
async fn the_story_page_carries_schema_org_json_ld() {
    let app = TestApp::new();
    let story = published(&app, "Described </script>", true).await;
    let page = app.get(&format!("/stories/{story}")).await;
    let scripts = page.texts("script[type=\"application/ld+json\"]");
    assert_eq!(scripts.len(), 1);
    assert!(!scripts[0].contains('<'), "escaped inside <script>");
    let ld: serde_json::Value = serde_json::from_str(&scripts[0]).unwrap();
    assert_eq!(ld["@type"], "CreativeWork");
    assert_eq!(ld["name"], "Described </script>");
    assert_eq!(ld["isPartOf"]["name"], "Chorus");
    assert_eq!(ld["version"], "1");
    assert!(ld["url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/stories/{story}/v/1")));
    assert!(ld["license"]
        .as_str()
        .unwrap()
        .starts_with("https://creativecommons.org/licenses/"));
    assert_eq!(ld["datePublished"].as_str().unwrap().len(), 7);
    assert_eq!(ld["identifier"]["value"].as_str().unwrap().len(), 64);
}

#[tokio::test]
async fn a_story_with_content_warnings_holds_its_text_behind_show_the_story() {
    let app = TestApp::new();
    let story = published(&app, "Held back", true).await;
    let page = app.get(&format!("/stories/{story}")).await;
    assert!(page.text(".content-warning").contains("Content warning"));
    assert!(page
        .text("details.held > summary")
        .starts_with("Show the story"));
    assert!(page
        .text("details.held .story-body")
        .contains("First paragraph."));
    assert_eq!(
        page.texts("details.held[open]").len(),
        0,
        "closed until the reader opens it"
    );
    assert!(page.texts(".story-body").len() == 1);
}

#[tokio::test]
async fn a_story_without_warnings_is_shown_at_once() {
    let app = TestApp::new();
    let story = published(&app, "Open", false).await;
    let page = app.get(&format!("/stories/{story}")).await;
    assert!(page.texts("details.held").is_empty());
    assert!(page.text(".story-body").contains("First paragraph."));
}

#[tokio::test]
async fn the_story_carries_its_citation_address_and_hash_for_print() {
    let app = TestApp::new();
    let story = published(&app, "Printed", true).await;
    let page = app.get(&format!("/stories/{story}")).await;
    assert!(page.text(".how-to-cite").contains("Anonymous. ("));
    assert!(page.html_has("p.how-to-cite i"), "the title in italics");
    assert!(page
        .text(".address")
        .contains(&format!("/stories/{story}/v/1")));
    assert_eq!(page.text(".hash code.sha").len(), 64);
}

#[tokio::test]
async fn every_page_has_a_quick_exit_and_a_favicon() {
    let app = TestApp::new();
    let story = published(&app, "Exit", true).await;
    for path in [
        "/",
        "/share",
        "/stories",
        &format!("/stories/{story}"),
        "/moderate/login",
        "/nowhere",
    ] {
        let page = app.get(path).await;
        let exit = page
            .attr("a.quick-exit", "href")
            .unwrap_or_else(|| panic!("{path}: no quick exit"));
        assert!(
            exit.starts_with("https://") && !exit.contains("chorus"),
            "{path}: {exit}"
        );
        assert_eq!(
            page.attr("link[rel=icon]", "href").as_deref(),
            Some("/favicon.svg"),
            "{path}"
        );
    }
}
