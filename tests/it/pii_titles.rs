//! The title is checked for identifiers like the body: marked and listed at preview with its
//! own one-click replacements, counted in the queue, and listed on the moderator's review page.

use axum::http::StatusCode;
use chorus::store::Role;

use crate::support::TestApp;

const TITLE: &str = "What Dr Okafor did on Willow Ward";
const BODY: &str = "Nothing in the text itself names anyone.";

#[tokio::test]
async fn the_preview_marks_and_lists_findings_in_the_title() {
    let app = TestApp::new();
    let form = [("title", TITLE), ("body", BODY), ("consent_publish", "on")];
    let r = app.post_form("/share/preview", &form).await;
    assert_eq!(r.status, StatusCode::OK);
    let marks = r.texts(".story-preview h3 mark");
    assert_eq!(marks.len(), 2, "{}", r.body);
    assert!(marks[0].starts_with("Dr Okafor") && marks[1].starts_with("Willow Ward"));
    let listed = r.texts(".findings ol.title-findings li");
    assert_eq!(listed.len(), 2, "{}", r.body);
    assert!(listed[0].contains("in the title"), "{}", listed[0]);
    assert!(
        r.text(".findings h3").contains("(2)"),
        "{}",
        r.text(".findings h3")
    );
    assert!(
        r.texts("p.ok").is_empty(),
        "a flagged title is not 'nothing spotted'"
    );
}

#[tokio::test]
async fn a_title_finding_is_replaced_in_one_click_and_the_body_is_left_alone() {
    let app = TestApp::new();
    let body = "Ring me on 07700 900123.";
    let form = [
        ("title", TITLE),
        ("body", body),
        ("consent_publish", "on"),
        ("fix", "t1"),
    ];
    let r = app.post_form("/share/preview", &form).await;
    assert_eq!(r.status, StatusCode::OK);
    let title = r.attr("input#title", "value").expect("title field");
    assert_eq!(title, "What [name removed] did on Willow Ward");
    assert!(r.texts("textarea#body").join("").contains("07700 900123"));
    let mut all = form.to_vec();
    all.pop();
    all.push(("fix", "all"));
    let r = app.post_form("/share/preview", &all).await;
    let title = r.attr("input#title", "value").expect("title field");
    assert_eq!(title, "What [name removed] did on [place removed]");
    assert!(!r.texts("textarea#body").join("").contains("07700"));
}

#[tokio::test]
async fn the_review_page_and_the_queue_show_findings_in_the_title() {
    let app = TestApp::new();
    app.submit(TITLE, BODY).await;
    app.add_moderator("ana", Role::Moderator);
    let ana = app.login("ana").await;
    let queue = app.get_with_cookie("/moderate", &ana.cookie).await;
    let flags = queue.text(".queue-item p.findings");
    assert!(
        flags.contains("Name of a person") && flags.contains("ward"),
        "{flags}"
    );
    let id = app.queued_id(&ana, TITLE).await;
    let page = app
        .get_with_cookie(&format!("/moderate/submissions/{id}"), &ana.cookie)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let listed = page.texts(".findings ol.title-findings li");
    assert_eq!(listed.len(), 2, "{}", page.body);
    assert!(listed[0].contains("Dr Okafor") && listed[0].contains("in the title"));
    assert!(listed[1].contains("Willow Ward"));
}
