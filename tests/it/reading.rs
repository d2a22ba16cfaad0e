//! Reading and citing: every published version has a permanent address, and "cite this" gives
//! the story, a version or one paragraph in every format a reference manager takes.

use axum::http::StatusCode;
use chorus::store::Role;

use crate::support::{published_id, TestApp};

async fn published(app: &TestApp) -> String {
    app.submit(
        "Citable",
        "First paragraph.\n\nThe second paragraph says something worth quoting.\n\nThird.",
    )
    .await;
    app.add_moderator("ana", Role::Moderator);
    let m = app.login("ana").await;
    let id = app.queued_id(&m, "Citable").await;
    published_id(&app.approve(&m, &id, &["hope"]).await)
}

#[tokio::test]
async fn cite_this_gives_every_format_for_a_story_version_or_paragraph() {
    let app = TestApp::new();
    let story = published(&app).await;
    let page = app.get(&format!("/stories/{story}/cite")).await;
    assert_eq!(page.status, StatusCode::OK);
    let formats = page.texts(".citations dt");
    for name in [
        "APA 7",
        "Harvard",
        "Vancouver",
        "MLA",
        "BibTeX",
        "RIS",
        "CSL-JSON",
    ] {
        assert!(
            formats.iter().any(|f| f.starts_with(name)),
            "{name} missing: {formats:?}"
        );
    }
    let para = app.get(&format!("/stories/{story}/cite?v=1&p=2")).await;
    assert_eq!(
        para.texts("blockquote.quoted p"),
        vec!["The second paragraph says something worth quoting."]
    );
    let address = format!("/stories/{story}/v/1#p2");
    assert!(para
        .attr(".meta a", "href")
        .is_some_and(|href| href.ends_with(&address)));
    assert!(para.text("dl.citations pre").contains(&address));

    let bib = app.get(&format!("/stories/{story}/cite.bib?p=2")).await;
    assert!(bib.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/x-bibtex"));
    assert!(bib
        .body
        .starts_with(&format!("@online{{chorus_{story}_v1_p2,")));
    let ris = app.get(&format!("/stories/{story}/cite.ris")).await;
    assert!(ris.body.starts_with("TY  - ELEC"));
    let csl = app.get(&format!("/stories/{story}/cite.json")).await;
    let v: serde_json::Value = serde_json::from_str(&csl.body).unwrap();
    assert_eq!(v[0]["title"], "Citable");
    assert_eq!(v[0]["author"][0]["literal"], "Anonymous");
}

#[tokio::test]
async fn citing_a_version_or_paragraph_that_does_not_exist_is_a_clear_error() {
    let app = TestApp::new();
    let story = published(&app).await;
    assert_eq!(
        app.get(&format!("/stories/{story}/cite?p=99")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/stories/{story}/cite?v=7")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/stories/{story}/cite?v=zero"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get("/stories/zzzzzzzzzz/cite.bib").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_story_page_carries_metadata_reference_managers_read() {
    let app = TestApp::new();
    let story = published(&app).await;
    let page = app.get(&format!("/stories/{story}")).await;
    assert_eq!(
        page.attr("meta[name=citation_author]", "content")
            .as_deref(),
        Some("Anonymous")
    );
    assert!(page
        .attr("meta[name=citation_publication_date]", "content")
        .is_some());
    assert!(page
        .attr("link[rel=canonical]", "href")
        .unwrap()
        .ends_with(&format!("/stories/{story}/v/1")));
    assert!(page.attr("a.pcite", "href").unwrap().contains("p=1"));
    let api = app.get(&format!("/api/v1/stories/{story}")).await.json();
    assert!(api["citation"]["apa"]
        .as_str()
        .unwrap()
        .starts_with("Anonymous. ("));
    assert_eq!(api["content_sha256"].as_str().unwrap().len(), 64);
}
